import Foundation

/// Options for `CSVWriter`.
public struct CSVWriteOptions: Sendable {
    /// Field delimiter.
    public var delimiter: Character
    /// Write numbers with a decimal comma (use with `;` as the delimiter).
    public var decimalComma: Bool
    /// Text written for a missing value.
    public var missingToken: String

    /// Defaults: `,`, decimal point, `NA` for missing values.
    public init(delimiter: Character = ",", decimalComma: Bool = false, missingToken: String = "NA") {
        self.delimiter = delimiter
        self.decimalComma = decimalComma
        self.missingToken = missingToken
    }
}

/// Writes a `DataTable` as RFC 4180 CSV: a header row, LF line ends, fields quoted only when
/// they hold the delimiter, a quote, a line break or surrounding spaces, or could be misread as
/// a missing token. Numbers are written in the shortest form that reads back to the same
/// `Double`, so `CSVReader` restores them exactly.
public enum CSVWriter {
    /// The CSV text.
    public static func string(_ table: DataTable, options: CSVWriteOptions = CSVWriteOptions()) -> String {
        var output = table.columnNames.map { quoteIfNeeded($0, options) }.joined(separator: String(options.delimiter)) + "\n"
        for row in 0..<table.rowCount {
            let fields = table.columns.map { column -> String in
                guard let text = column.text(at: row) else { return options.missingToken }
                switch column.type {
                case .numeric:
                    return options.decimalComma ? text.replacingCharacter(".", with: ",") : text
                case .categorical:
                    // A level equal to a missing token must be quoted to stay a level.
                    return CSVReadOptions.defaultMissingTokens.contains(text) || text == options.missingToken
                        ? "\"" + text.replacingQuotes() + "\"" : quoteIfNeeded(text, options)
                case .boolean:
                    return text
                }
            }
            output += fields.joined(separator: String(options.delimiter)) + "\n"
        }
        return output
    }

    /// Writes the CSV text to `url`.
    public static func write(_ table: DataTable, to url: URL, options: CSVWriteOptions = CSVWriteOptions()) throws {
        do {
            try Data(string(table, options: options).utf8).write(to: url)
        } catch {
            throw DataError.unreadable(path: url.path, reason: "cannot write: \(error.localizedDescription)")
        }
    }

    static func quoteIfNeeded(_ text: String, _ options: CSVWriteOptions) -> String {
        let needsQuotes = text.contains(options.delimiter) || text.contains("\"") || text.contains("\n")
            || text.contains("\r") || text.hasPrefix(" ") || text.hasSuffix(" ")
        return needsQuotes ? "\"" + text.replacingQuotes() + "\"" : text
    }
}

extension String {
    fileprivate func replacingQuotes() -> String {
        var result = ""
        for character in self { result += character == "\"" ? "\"\"" : String(character) }
        return result
    }

    fileprivate func replacingCharacter(_ target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
