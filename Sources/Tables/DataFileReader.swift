import Foundation

/// Reads a data file by its extension: Stata `.dta`, SPSS `.sav`/`.zsav`/`.por` and SAS
/// `.sas7bdat` through `StatisticalFileReader`, anything else as CSV (`CSVReader`). Both build the
/// same `DataTable`, so every analysis reads either.
public enum DataFileReader {
    /// The table in `url`.
    /// - Parameters:
    ///   - url: the file; its extension chooses the reader.
    ///   - csv: options for a CSV file (a statistical-package file takes `csv.encoding` as its
    ///     text encoding only when it is not UTF-8, i.e. when asked for explicitly).
    /// - Throws: `DataError.csvOnlyOption` where `csv` sets a delimiter, a decimal comma, extra
    ///   missing tokens or column types for a statistical-package file (they would be ignored).
    public static func read(contentsOf url: URL, csv: CSVReadOptions = CSVReadOptions()) throws -> DataTable {
        guard let format = StatisticalFileFormat(path: url.path) else { return try CSVReader.read(contentsOf: url, options: csv) }
        let ignored: [(Bool, Parameter)] = [(csv.delimiter != nil, .delimiter), (csv.decimalComma, .decimalComma),
                                            (csv.missingTokens != CSVReadOptions.defaultMissingTokens, .missingTokens),
                                            (!csv.columnTypes.isEmpty, .columnTypes)]
        if let option = ignored.first(where: \.0)?.1 { throw DataError.csvOnlyOption(option: option, format: format.displayName) }
        return try StatisticalFileReader.read(contentsOf: url, options: StatisticalReadOptions(encoding: csv.encoding == .utf8 ? nil : csv.encoding))
    }
}
