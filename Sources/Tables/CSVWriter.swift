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
        var output = table.columnNames.map { field($0, delimiter: options.delimiter) }.joined(separator: String(options.delimiter)) + "\n"
        for row in 0..<table.rowCount {
            let fields = table.columns.map { column -> String in
                guard let text = column.text(at: row) else { return options.missingToken }
                switch column.type {
                case .numeric:
                    return options.decimalComma ? text.replacingCharacter(".", with: ",") : text
                case .categorical:
                    // A level equal to a missing token must be quoted to stay a level.
                    return CSVReadOptions.defaultMissingTokens.contains(text) || text == options.missingToken
                        ? quoted(text) : field(text, delimiter: options.delimiter)
                case .boolean:
                    return text
                }
            }
            output += fields.joined(separator: String(options.delimiter)) + "\n"
        }
        return output
    }

    /// Writes the CSV text to `url` through `FileOutput` (atomic for a regular file, through a FIFO
    /// or device, never over one of `inputs`).
    /// - Throws: `FileOutputError` naming what and how to fix.
    public static func write(_ table: DataTable, to url: URL, options: CSVWriteOptions = CSVWriteOptions(),
                             protecting inputs: Set<FileIdentity> = []) throws {
        try FileOutput.write(string(table, options: options), to: url.path, purpose: "the CSV file", protecting: inputs)
    }

    /// `text` as one CSV field: quoted (with inner quotes doubled) when it holds the delimiter,
    /// a quote, a line break, or leading/trailing spaces. The test runs on Unicode scalars, not
    /// Characters: Foundation's `String.contains("\n")` misses a line break followed by a
    /// combining mark, and such a field was once written unquoted (found by the CSV fuzzer).
    public static func field(_ text: String, delimiter: Character = ",") -> String {
        let special = Set(delimiter.unicodeScalars).union(["\"", "\n", "\r"])
        let scalars = text.unicodeScalars
        // A leading U+FEFF is quoted too: at the start of a file the reader takes it for a
        // byte-order mark and drops it.
        let needsQuotes = scalars.contains { special.contains($0) } || scalars.first == " " || scalars.last == " "
            || scalars.first == "\u{FEFF}"
        return needsQuotes ? quoted(text) : text
    }

    /// A user-supplied text (a name, a level, a message) as a field a spreadsheet will not run:
    /// a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'` in front (OWASP's CSV
    /// injection advice), then `field(_:delimiter:)`. Numbers are written with `field` directly.
    public static func textField(_ text: String, delimiter: Character = ",") -> String {
        guard let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else {
            return field(text, delimiter: delimiter)
        }
        return field("'" + text, delimiter: delimiter)
    }

    /// `text` in quotes, each inner quote doubled.
    static func quoted(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        result.append("\"")
        for scalar in text.unicodeScalars {
            result.append(scalar)
            if scalar == "\"" { result.append(scalar) }
        }
        result.append("\"")
        return String(result)
    }
}

extension String {
    fileprivate func replacingCharacter(_ target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
