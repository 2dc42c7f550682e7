import Foundation
import CReadStat

/// The statistical-package formats Regress reads through ReadStat (and writes, `.dta` and `.sav`).
public enum StatisticalFileFormat: String, Sendable, CaseIterable {
    /// Stata `.dta`, versions 8 to 118 (and 119).
    case dta
    /// SPSS system file `.sav`.
    case sav
    /// SPSS compressed system file `.zsav`.
    case zsav
    /// SPSS portable file `.por`.
    case por
    /// SAS data set `.sas7bdat`.
    case sas7bdat

    /// The format a path's extension names, or nil (CSV and anything else).
    public init?(path: String) {
        let ext = (path as NSString).pathExtension.lowercased()
        self.init(rawValue: ext)
    }

    /// The package's name for messages: "Stata .dta", "SPSS .sav", …
    public var displayName: String {
        switch self {
        case .dta: return "Stata .dta"
        case .sav: return "SPSS .sav"
        case .zsav: return "SPSS .zsav"
        case .por: return "SPSS portable .por"
        case .sas7bdat: return "SAS .sas7bdat"
        }
    }
}

/// Options for reading a statistical-package file.
public struct StatisticalReadOptions: Sendable {
    /// The text encoding of the file's strings and labels; nil: the one the file declares (UTF-8
    /// for Stata 14+ and recent SPSS files; Windows-1252 for older Stata files, as Stata wrote them).
    public var encoding: CSVEncoding?

    /// Options; see the properties.
    public init(encoding: CSVEncoding? = nil) {
        self.encoding = encoding
    }
}

/// Reads Stata, SPSS and SAS files into the same `DataTable` the CSV reader builds (through
/// ReadStat, Debian `libreadstat-dev`, the library R's `haven` and Python's `pyreadstat` wrap):
/// - a numeric variable with value labels becomes a factor whose levels are the labels (a value
///   without a label keeps its number as its level's name); levels sort in code-point order as a
///   CSV column's do, so a fit reads the same from either (`C(x, ref="…")` chooses another
///   reference level);
/// - Stata's missing values (`.`, `.a`–`.z`) and SPSS's system- and user-missing values
///   (discrete values and ranges) are missing, never numbers;
/// - variable labels are kept on the columns (`Column.label`);
/// - strings are text columns (an empty string is missing, as an empty CSV field); dates and
///   date-times (Stata `%td`/`%tc`, SPSS `DATE`/`DATETIME` formats, SAS date formats) become
///   ISO-8601 text, as a CSV export holds them.
public enum StatisticalFileReader {
    /// Reads `url` in the format its extension names.
    /// - Throws: `DataError.unreadableStatisticalFile` for a file ReadStat cannot parse (wrong
    ///   format, truncated, corrupt, unsupported), `DataError.unreadable` for one that cannot be
    ///   opened, `DataError.emptyFile` for one without rows or variables.
    public static func read(contentsOf url: URL, options: StatisticalReadOptions = StatisticalReadOptions()) throws -> DataTable {
        let path = url.path
        guard let format = StatisticalFileFormat(path: path) else {
            throw DataError.unreadableStatisticalFile(path: path, format: "statistical-package", reason: "the extension is not .dta, .sav, .zsav, .por or .sas7bdat")
        }
        return try read(path: path, format: format, options: options)
    }

    /// Reads a file's bytes held in memory (a download, an archive member) as `format`: Stata 14+
    /// data decode straight from memory; anything else goes through ReadStat from a private
    /// temporary file, removed afterwards.
    /// - Throws: as `read(contentsOf:)`.
    public static func read(bytes: [UInt8], format: StatisticalFileFormat, options: StatisticalReadOptions = StatisticalReadOptions()) throws -> DataTable {
        if format == .dta, options.encoding == nil {
            let decoded = bytes.withUnsafeBufferPointer { buffer in
                buffer.baseAddress.flatMap { StataFastPath.decode($0, count: buffer.count) }
            }
            if let (variables, labels) = decoded { return try ReadContext(variables: variables, valueLabels: labels).table() }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("regress-\(UUID().uuidString).\(format.rawValue)")
        guard FileManager.default.createFile(atPath: url.path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw DataError.unreadable(path: url.path, reason: "cannot write a temporary copy")
        }
        defer { try? FileManager.default.removeItem(at: url) }
        return try read(path: url.path, format: format, options: options, directStata: false)
    }

    /// Reads `path` as `format`, whatever its extension.
    public static func read(path: String, format: StatisticalFileFormat, options: StatisticalReadOptions = StatisticalReadOptions()) throws -> DataTable {
        try read(path: path, format: format, options: options, directStata: true)
    }

    /// `read`, with Stata 14+ data decoded directly (`StataFastPath`) unless `directStata` is false.
    static func read(path: String, format: StatisticalFileFormat, options: StatisticalReadOptions, directStata: Bool) throws -> DataTable {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataError.unreadable(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw DataError.unreadable(path: path, reason: "it is a folder") }
        if directStata, format == .dta, options.encoding == nil, let (variables, labels) = StataFastPath.read(path: path) {
            return try ReadContext(variables: variables, valueLabels: labels).table()
        }
        guard let parser = readstat_parser_init() else { throw DataError.unreadable(path: path, reason: "out of memory") }
        defer { readstat_parser_free(parser) }
        let context = ReadContext()
        context.format = format
        let unmanaged = Unmanaged.passRetained(context)
        defer { unmanaged.release() }
        readstat_set_metadata_handler(parser) { metadata, ctx in
            guard let ctx else { return 1 }
            let context = Unmanaged<ReadContext>.fromOpaque(ctx).takeUnretainedValue()
            context.reserve(rows: Int(readstat_get_row_count(metadata)), variables: Int(readstat_get_var_count(metadata)))
            context.version = Int(readstat_get_file_format_version(metadata))
            return 0
        }
        readstat_set_variable_handler(parser) { index, variable, labels, ctx in
            guard let ctx, let variable else { return 1 }
            let context = Unmanaged<ReadContext>.fromOpaque(ctx).takeUnretainedValue()
            // A corrupt Stata file can leave the label-set name unterminated in ReadStat's table of
            // fixed-width entries (FuzzStatFile, AddressSanitizer): read at most one entry.
            context.addVariable(Int(index), variable, labels: labels.map { boundedString($0, context.labelNameWidth) })
            return 0
        }
        readstat_set_value_handler(parser) { row, variable, value, ctx in
            guard let ctx, let variable else { return 1 }
            Unmanaged<ReadContext>.fromOpaque(ctx).takeUnretainedValue().store(row: Int(row), variable: variable, value: value)
            return 0
        }
        readstat_set_value_label_handler(parser) { set, value, label, ctx in
            guard let ctx, let set, let label else { return 0 }
            Unmanaged<ReadContext>.fromOpaque(ctx).takeUnretainedValue().addValueLabel(set: String(cString: set), value: value, label: String(cString: label))
            return 0
        }
        readstat_set_error_handler(parser) { message, ctx in
            guard let ctx, let message else { return }
            Unmanaged<ReadContext>.fromOpaque(ctx).takeUnretainedValue().messages.append(String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        if let encoding = options.encoding {
            readstat_set_file_character_encoding(parser, encoding.iconvName)
        }
        let status: readstat_error_t
        switch format {
        case .dta: status = readstat_parse_dta(parser, path, unmanaged.toOpaque())
        case .sav, .zsav: status = readstat_parse_sav(parser, path, unmanaged.toOpaque())
        case .por: status = readstat_parse_por(parser, path, unmanaged.toOpaque())
        case .sas7bdat: status = readstat_parse_sas7bdat(parser, path, unmanaged.toOpaque())
        }
        guard status == READSTAT_OK else {
            if status == READSTAT_ERROR_OPEN { throw DataError.unreadable(path: path, reason: "it cannot be opened (permissions?)") }
            let reason = ([readstat_error_message(status).map { String(cString: $0) } ?? "error \(status.rawValue)"] + context.messages.prefix(1)).joined(separator: ": ")
            throw DataError.unreadableStatisticalFile(path: path, format: format.displayName, reason: reason)
        }
        return try context.table()
    }
}

/// A C string of at most `limit` bytes (the NUL or the limit ends it): what ReadStat hands back
/// lives in fixed-width buffers that a corrupt file can leave unterminated.
func boundedString(_ pointer: UnsafePointer<CChar>, _ limit: Int) -> String {
    let length = strnlen(pointer, limit)
    return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }
}

extension CSVEncoding {
    /// The encoding's iconv name, as ReadStat takes it.
    var iconvName: String {
        switch self {
        case .utf8: return "UTF-8"
        case .latin1: return "ISO-8859-1"
        case .windows1252: return "WINDOWS-1252"
        }
    }
}

/// What the ReadStat callbacks collect: one buffer per variable, filled by row.
final class ReadContext {
    struct Variable {
        var name = "", label: String?, format = "", labelSet: String?, isString = false
        var numbers = [Double](), strings = [String?]()
    }
    var variables = [Variable]()
    var rows = 0
    var valueLabels = [String: [Double: String]]()
    var stringLabels = [String: [String: String]]()
    var messages = [String]()
    /// The file's format (SAS and SPSS count dates from different epochs).
    var format = StatisticalFileFormat.dta
    /// The file format's version (Stata: 114, 118, …).
    var version = 0

    /// The width of a label-set name's entry in ReadStat's table: 33 bytes before Stata 13
    /// (format 117), 129 from it; other formats' names ReadStat builds itself.
    var labelNameWidth: Int { format == .dta && version < 117 ? 33 : 129 }

    /// An empty context for ReadStat's callbacks to fill.
    init() {}

    /// A context holding decoded data (`StataFastPath`).
    init(variables: [Variable], valueLabels: [String: [Double: String]]) {
        self.variables = variables
        rows = variables.first.map { $0.isString ? $0.strings.count : $0.numbers.count } ?? 0
        rowLimit = rows
        self.valueLabels = valueLabels
    }

    func reserve(rows: Int, variables count: Int) {
        // The header's counts are claims of a file that may be corrupt: buffers start at most
        // 65,536 rows long and double as rows arrive, so memory follows the rows actually read
        // (a header claiming 10⁹ rows asked for 8 GB at once; FuzzStatFile).
        self.rows = min(max(0, rows), 65_536)
        variables.reserveCapacity(min(max(0, count), 4_096))
    }

    func addVariable(_ index: Int, _ variable: UnsafeMutablePointer<readstat_variable_t>, labels: String?) {
        while variables.count <= index { variables.append(Variable()) }
        var v = Variable()
        // A corrupt file can leave a variable without a name (FuzzStatFile): it gets its position's.
        let name = readstat_variable_get_name(variable).map { boundedString($0, 300) } ?? ""
        v.name = name.isEmpty ? "v\(index + 1)" : name
        let label = readstat_variable_get_label(variable).map { boundedString($0, 1024) } ?? ""
        v.label = label.isEmpty ? nil : label
        v.format = readstat_variable_get_format(variable).map { boundedString($0, 256) } ?? ""
        v.labelSet = labels
        v.isString = readstat_variable_get_type_class(variable) == READSTAT_TYPE_CLASS_STRING
        if v.isString { v.strings = [String?](repeating: nil, count: rows) } else { v.numbers = [Double](repeating: .nan, count: rows) }
        variables[index] = v
    }

    func store(row: Int, variable: UnsafeMutablePointer<readstat_variable_t>, value: readstat_value_t) {
        let index = Int(readstat_variable_get_index(variable))
        guard index < variables.count else { return }
        if row >= rows {
            // Beyond the buffers (they start at most 65,536 rows long, and some SPSS and SAS files
            // give no row count): double every buffer.
            let newRows = max(row + 1, rows * 2)
            for j in variables.indices {
                if variables[j].isString { variables[j].strings += [String?](repeating: nil, count: newRows - rows) }
                else { variables[j].numbers += [Double](repeating: .nan, count: newRows - rows) }
            }
            rows = newRows
        }
        rowLimit = max(rowLimit, row + 1)
        if readstat_value_is_missing(value, variable) != 0 { return }
        if variables[index].isString {
            if let text = readstat_string_value(value) {
                let string = String(cString: text)
                if !string.isEmpty { variables[index].strings[row] = string }
            }
            return
        }
        variables[index].numbers[row] = Self.number(value)
    }

    /// A numeric value of any storage type as a Double.
    static func number(_ value: readstat_value_t) -> Double {
        switch readstat_value_type(value) {
        case READSTAT_TYPE_INT8: return Double(readstat_int8_value(value))
        case READSTAT_TYPE_INT16: return Double(readstat_int16_value(value))
        case READSTAT_TYPE_INT32: return Double(readstat_int32_value(value))
        case READSTAT_TYPE_FLOAT: return Double(readstat_float_value(value))
        default: return readstat_double_value(value)
        }
    }

    /// Rows seen (the header's count where it gave one).
    var rowLimit = 0

    func addValueLabel(set: String, value: readstat_value_t, label: String) {
        if readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING {
            if let key = readstat_string_value(value) { stringLabels[set, default: [:]][String(cString: key)] = label }
            return
        }
        // Labels of Stata's extended missing values (.a–.z) name no level: those rows are missing.
        guard value.is_tagged_missing == 0, value.is_system_missing == 0 else { return }
        valueLabels[set, default: [:]][Self.number(value)] = label
    }

    func table() throws -> DataTable {
        let n = rowLimit
        guard !variables.isEmpty else { throw DataError.emptyFile }
        guard n > 0 else { throw DataError.headerOnly(columns: variables.map(\.name)) }
        let columns = variables.map { v -> Column in
            if v.isString {
                var strings = Array(v.strings.prefix(n))
                if let set = v.labelSet, let labels = stringLabels[set] { strings = strings.map { $0.map { labels[$0] ?? $0 } } }
                return Column(name: v.name, strings: strings).labeled(v.label)
            }
            let numbers = Array(v.numbers.prefix(n))
            if let kind = DateKind(format: v.format, file: format) {
                return Column(name: v.name, strings: numbers.map { $0.isNaN ? nil : kind.iso($0) }).labeled(v.label)
            }
            if let set = v.labelSet, let labels = valueLabels[set], !labels.isEmpty {
                return Column(name: v.name, strings: numbers.map { $0.isNaN ? nil : labels[$0] ?? Column.format($0) }).labeled(v.label)
            }
            return Column(name: v.name, numeric: numbers).labeled(v.label)
        }
        return try DataTable(columns: columns)
    }
}

/// A date or date-time display format of Stata, SPSS or SAS, and how its numbers map to ISO text.
enum DateKind {
    /// Days since an epoch.
    case days(epoch: Date)
    /// Seconds since an epoch.
    case seconds(epoch: Date)
    /// Milliseconds since an epoch (Stata `%tc`).
    case milliseconds(epoch: Date)

    init?(format: String, file: StatisticalFileFormat) {
        let f = format.uppercased()
        let utc = TimeZone(identifier: "UTC") ?? .current
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        func epoch(_ year: Int, _ month: Int, _ day: Int) -> Date {
            calendar.date(from: DateComponents(year: year, month: month, day: day)) ?? Date(timeIntervalSince1970: 0)
        }
        switch file {
        case .dta:
            // Stata: %td days, %tc milliseconds, since 1 January 1960.
            if f.hasPrefix("%TD") || f.hasPrefix("%D") { self = .days(epoch: epoch(1960, 1, 1)); return }
            if f.hasPrefix("%TC") { self = .milliseconds(epoch: epoch(1960, 1, 1)); return }
        case .sav, .zsav, .por:
            // SPSS: seconds since 14 October 1582, for dates and date-times alike.
            if ["DATETIME", "DATE", "ADATE", "EDATE", "SDATE", "JDATE"].contains(where: { f.hasPrefix($0) }) {
                self = .seconds(epoch: epoch(1582, 10, 14)); return
            }
        case .sas7bdat:
            // SAS: DATETIME seconds, DATE (and YYMMDD, MMDDYY, DDMMYY) days, since 1 January 1960.
            if f.hasPrefix("DATETIME") { self = .seconds(epoch: epoch(1960, 1, 1)); return }
            if ["DATE", "YYMMDD", "MMDDYY", "DDMMYY"].contains(where: { f.hasPrefix($0) }) { self = .days(epoch: epoch(1960, 1, 1)); return }
        }
        return nil
    }

    /// The value as ISO-8601 text: `2015-03-01` for dates, `2015-03-01T12:30:00` for date-times.
    func iso(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        switch self {
        case .days(let epoch):
            formatter.formatOptions = [.withFullDate]
            return formatter.string(from: epoch.addingTimeInterval(value * 86_400))
        case .seconds(let epoch):
            formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
            return formatter.string(from: epoch.addingTimeInterval(value))
        case .milliseconds(let epoch):
            formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
            return formatter.string(from: epoch.addingTimeInterval(value / 1000))
        }
    }
}
