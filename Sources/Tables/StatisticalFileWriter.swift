import Foundation
import CReadStat

/// Writes a `DataTable` as a Stata `.dta` (version 118, UTF-8) or SPSS `.sav` file through
/// ReadStat, with the labels a researcher expects to find: every text column becomes integer codes
/// 1…L with value labels naming the levels (in the column's level order), numeric columns stay
/// numbers, booleans 0/1, missing values the format's system missing, and `variableLabels` (or a
/// column's own `label`) become variable labels. The bytes are returned for `FileOutput` to write
/// (checked and atomic).
public enum StatisticalFileWriter {
    /// The file's bytes.
    /// - Parameters:
    ///   - table: the data.
    ///   - format: `.dta` or `.sav` (the others are read-only here).
    ///   - variableLabels: labels by column name; a column's own `label` is used where none is given.
    ///   - path: the destination, for messages only.
    /// - Throws: `DataError.unwritableStatisticalFile` where ReadStat refuses the table (a name the
    ///   format does not allow, a string too long, a read-only format).
    public static func bytes(_ table: DataTable, format: StatisticalFileFormat, variableLabels: [String: String] = [:],
                             path: String = "the output") throws -> [UInt8] {
        guard format == .dta || format == .sav else {
            throw DataError.unwritableStatisticalFile(path: path, format: format.displayName, reason: "Regress writes .dta and .sav only")
        }
        guard let writer = readstat_writer_init() else { throw DataError.unwritableStatisticalFile(path: path, format: format.displayName, reason: "out of memory") }
        defer { readstat_writer_free(writer) }
        let sink = ByteSink()
        let unmanaged = Unmanaged.passRetained(sink)
        defer { unmanaged.release() }
        readstat_set_data_writer(writer) { data, length, ctx in
            guard let ctx, let data else { return -1 }
            let sink = Unmanaged<ByteSink>.fromOpaque(ctx).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
            return length
        }
        func check(_ status: readstat_error_t) throws {
            guard status == READSTAT_OK else {
                throw DataError.unwritableStatisticalFile(path: path, format: format.displayName,
                                                          reason: readstat_error_message(status).map { String(cString: $0) } ?? "error \(status.rawValue)")
            }
        }
        if format == .dta { try check(readstat_writer_set_file_format_version(writer, 118)) }
        var variables = [OpaquePointer?]()
        var codes = [[Int32]?]()
        for column in table.columns {
            let variable: UnsafeMutablePointer<readstat_variable_t>?
            switch column.values {
            case .categorical(let columnCodes, let levels):
                guard let set = readstat_add_label_set(writer, READSTAT_TYPE_INT32, column.name) else {
                    throw DataError.unwritableStatisticalFile(path: path, format: format.displayName, reason: "out of memory")
                }
                for (index, level) in levels.enumerated() { readstat_label_int32_value(set, Int32(index + 1), level) }
                variable = readstat_add_variable(writer, column.name, READSTAT_TYPE_INT32, 0)
                if let variable { readstat_variable_set_label_set(variable, set) }
                codes.append(columnCodes.map { Int32($0 + 1) })
            case .boolean:
                variable = readstat_add_variable(writer, column.name, READSTAT_TYPE_INT8, 0)
                codes.append(nil)
            case .numeric:
                variable = readstat_add_variable(writer, column.name, READSTAT_TYPE_DOUBLE, 0)
                codes.append(nil)
            }
            guard let variable else { throw DataError.unwritableStatisticalFile(path: path, format: format.displayName, reason: "cannot add \(column.name)") }
            if let label = variableLabels[column.name] ?? column.label { readstat_variable_set_label(variable, label) }
            variables.append(OpaquePointer(variable))
        }
        let rows = table.rowCount
        switch format {
        case .dta: try check(readstat_begin_writing_dta(writer, unmanaged.toOpaque(), rows))
        default: try check(readstat_begin_writing_sav(writer, unmanaged.toOpaque(), rows))
        }
        for pointer in variables { try check(readstat_validate_variable(writer, UnsafePointer<readstat_variable_t>(pointer))) }
        for row in 0..<rows {
            try check(readstat_begin_row(writer))
            for (j, column) in table.columns.enumerated() {
                let variable = UnsafePointer<readstat_variable_t>(variables[j])
                if column.missing[row] {
                    try check(readstat_insert_missing_value(writer, variable))
                    continue
                }
                switch column.values {
                case .categorical: try check(readstat_insert_int32_value(writer, variable, codes[j]?[row] ?? 0))
                case .boolean(let values): try check(readstat_insert_int8_value(writer, variable, values[row] ? 1 : 0))
                case .numeric(let values): try check(readstat_insert_double_value(writer, variable, values[row]))
                }
            }
            try check(readstat_end_row(writer))
        }
        try check(readstat_end_writing(writer))
        return sink.bytes
    }
}

/// Collects what ReadStat writes.
final class ByteSink {
    var bytes = [UInt8]()
}
