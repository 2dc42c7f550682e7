/// Errors in reading or using tabular data. Each says what is wrong, where, and how to fix it.
public enum DataError: Error, Equatable, Sendable, ParameterNamingError {
    /// The input has no bytes (or only a byte-order mark / whitespace).
    case emptyFile
    /// The input has a header row but no data rows.
    case headerOnly(columns: [String])
    /// A record has a different number of fields than the header.
    case raggedRow(line: Int, expected: Int, found: Int)
    /// A quoted field is not closed before the end of the input.
    case unterminatedQuote(line: Int)
    /// Text other than spaces follows the closing quote of a quoted field (`"a"b`).
    case textAfterClosingQuote(line: Int, field: Int)
    /// A header names the same column twice.
    case duplicateColumnName(name: String, firstPosition: Int, secondPosition: Int)
    /// A header field is empty.
    case emptyColumnName(position: Int)
    /// A column name that does not exist; `suggestion` is the closest existing name.
    case unknownColumn(name: String, suggestion: String?, available: [String])
    /// A Stata, SPSS or SAS file that ReadStat cannot read: not the format its extension says,
    /// truncated or corrupt, or of an unsupported version or compression.
    case unreadableStatisticalFile(path: String, format: String, reason: String)
    /// A CSV reading option (delimiter, decimal comma, missing tokens, column types) given for a
    /// Stata, SPSS or SAS file, which stores its own types and missing-value codes: it would be
    /// ignored, so it is refused.
    case csvOnlyOption(option: Parameter, format: String)
    /// A table a Stata or SPSS file cannot hold as it is (a column name the format refuses, a
    /// string too long): ReadStat's reason.
    case unwritableStatisticalFile(path: String, format: String, reason: String)
    /// A value that is not a number in a numeric column.
    case notANumber(line: Int, column: String, position: Int, value: String)
    /// An infinite or overflowing number.
    case nonFiniteValue(line: Int, column: String, position: Int, value: String)
    /// A value that is not a boolean in a boolean column.
    case notABoolean(line: Int, column: String, position: Int, value: String)
    /// A new column's length differs from the table's.
    case lengthMismatch(column: String, expected: Int, found: Int)
    /// A column was declared with a type override but does not exist.
    case unknownTypeOverride(column: String, available: [String])
    /// The input could not be read.
    case unreadable(path: String, reason: String)
    /// Bytes that are not UTF-8 (a Latin-1 or Windows-1252 export, say).
    case invalidUTF8(line: Int, byte: UInt8)
    /// The input is UTF-16 text or a compressed file, not CSV text.
    case notText(what: String, fix: String)
    /// A record longer than the reading bound: no line end within it.
    case recordTooLong(line: Int, limit: Int)
    /// A column whose values are all numbers written with a decimal comma (`1,5`) in a file read
    /// without `decimalComma`: it would silently become a factor with a level per value.
    case decimalCommaSuspected(column: String, example: String)

    /// The message with parameters named by `naming` (`ParameterNames`).
    public func description(naming: ParameterNames) -> String {
        switch self {
        case .emptyFile:
            return "the file is empty; a CSV file needs a header row and at least one data row"
        case .headerOnly(let columns):
            return "the file has a header (\(columns.count) column\(columns.count == 1 ? "" : "s"): \(MessageText.list(columns, limit: 5))) but no data rows"
        case .raggedRow(let line, let expected, let found):
            return "line \(line): \(found) fields, but the header has \(expected); check for an unquoted delimiter or a missing field on that line"
        case .unterminatedQuote(let line):
            return "line \(line): a quoted field is never closed; add the closing \" (a quote inside a quoted field is written \"\")"
        case .textAfterClosingQuote(let line, let field):
            return "line \(line), field \(field): text follows the closing quote of a quoted field; "
                + "inside a quoted field write a quote as \"\", or quote the whole field"
        case .duplicateColumnName(let name, let first, let second):
            return "column name '\(MessageText.excerpt(name))' appears twice in the header (columns \(first + 1) and \(second + 1)); rename one"
        case .emptyColumnName(let position):
            return "column \(position + 1) of the header has no name; give every column a name"
        case .unknownColumn(let name, let suggestion, let available):
            let hint = suggestion.map { " Did you mean '\(MessageText.excerpt($0))'?" } ?? ""
            return "no column named '\(MessageText.excerpt(name))'.\(hint) Available: \(MessageText.list(available))"
        case .notANumber(let line, let column, let position, let rawValue):
            let column = MessageText.excerpt(column), value = MessageText.excerpt(rawValue)
            return "line \(line), column \(position + 1) ('\(column)'): '\(value)' is not a number, but the column is numeric. "
                + "Declare the token missing (\(naming.style == .commandLine ? "--missing '\(value)'" : "missingTokens: ['\(value)']")) or read the column as categorical"
        case .nonFiniteValue(let line, let column, let position, let rawValue):
            let column = MessageText.excerpt(column), value = MessageText.excerpt(rawValue)
            return "line \(line), column \(position + 1) ('\(column)'): '\(value)' is not a finite number; "
                + "infinite values cannot enter a model — recode them or declare the token missing"
        case .notABoolean(let line, let column, let position, let rawValue):
            let column = MessageText.excerpt(column), value = MessageText.excerpt(rawValue)
            return "line \(line), column \(position + 1) ('\(column)'): '\(value)' is not true/false, but the column is boolean; "
                + "read the column as categorical instead"
        case .lengthMismatch(let column, let expected, let found):
            return "column '\(column)' has \(found) rows but the table has \(expected)"
        case .unknownTypeOverride(let column, let available):
            return "a column type was given for '\(MessageText.excerpt(column))', which is not in the header (\(MessageText.list(available)))"
        case .invalidUTF8(let line, let byte):
            return "line \(line): byte 0x\(String(byte, radix: 16, uppercase: true)) is not UTF-8; German survey exports are often "
                + "Latin-1 or Windows-1252: read the file with that encoding (\(naming[.encoding])), or convert it to UTF-8"
        case .notText(let what, let fix):
            return "the input is \(what), not CSV text; \(fix)"
        case .recordTooLong(let line, let limit):
            return "line \(line) runs past \(limit >= 1 << 20 ? "\(limit >> 20) MiB" : "\(limit) bytes") without a line end; the input is not a CSV table of lines (a binary file?), or raise the bound (\(naming[.maximumRecordBytes]))"
        case .unreadableStatisticalFile(let path, let format, let reason):
            return "\(path): cannot be read as a \(format) file (\(reason)); check that the file is complete and is what its extension says (.dta Stata, .sav/.zsav SPSS, .por SPSS portable, .sas7bdat SAS), or export it again"
        case .csvOnlyOption(let option, let format):
            return "\(naming[option]) applies to CSV files; a \(format) file stores its own column types, value labels and missing-value codes, so it would be ignored: drop it, or export the data as CSV"
        case .unwritableStatisticalFile(let path, let format, let reason):
            return "\(path): the table cannot be written as a \(format) file (\(reason)); rename the columns to letters, digits and _ (at most 32 characters, not starting with a digit) or write CSV"
        case .unreadable(let path, let reason):
            return "cannot read '\(path)': \(reason)"
        case .decimalCommaSuspected(let column, let example):
            return "column '\(MessageText.excerpt(column))' holds numbers written with a decimal comma (e.g. '\(MessageText.excerpt(example))'), which would be read as a factor with one level per value; read the file with decimal commas (\(naming[.decimalComma]))"
                + (naming.style == .library ? ", or declare the column categorical (columnTypes) if it really is text" : "")
        }
    }
}

/// Levenshtein distance, for "did you mean" suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.lowercased()), b = Array(b.lowercased())
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// The closest name to `name` among `candidates`, if reasonably close (distance ≤ max(2, ⅓ length)).
public func closestName(to name: String, in candidates: [String]) -> String? {
    let scored = candidates.map { ($0, editDistance(name, $0)) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    return best.1 <= max(2, name.count / 3) ? best.0 : nil
}
