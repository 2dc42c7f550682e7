import Dispatch
import Foundation
import ParallelSupport

/// Options for `CSVReader`.
public struct CSVReadOptions: Sendable {
    /// Field delimiter; `nil` detects it from the header line among `,`, `;` and tab.
    public var delimiter: Character?
    /// Read `1,5` as 1.5 (German exports use `;` delimiters and decimal commas).
    public var decimalComma: Bool
    /// Tokens read as missing. Defaults: empty, `NA`, `NaN`, `.`.
    public var missingTokens: Set<String>
    /// Column types that override inference, by column name.
    public var columnTypes: [String: ColumnType]
    /// Number of data rows used to infer each column's type.
    public var inferenceRows: Int
    /// Bytes read per chunk.
    public var chunkSize: Int
    /// The text encoding of the input (UTF-8 by default; bytes that are not UTF-8 are an error).
    public var encoding: CSVEncoding
    /// The longest record read, in bytes (64 MiB by default): when more input must be read to
    /// finish a record already longer, reading stops with `DataError.recordTooLong` instead of
    /// buffering without bound (a file with no line end). A chunk already read is not refused.
    public var maximumRecordBytes: Int
    /// Called with (bytes read, file size) after each chunk of a file whose size is known (none by
    /// default); `reshore` draws it as a bar on a terminal.
    public var progress: (@Sendable (Int, Int) -> Void)?

    /// The default missing tokens: empty, `NA`, `NaN`, `.`.
    public static let defaultMissingTokens: Set<String> = ["", "NA", "NaN", "."]

    /// Creates options; every parameter has the documented default.
    public init(delimiter: Character? = nil, decimalComma: Bool = false,
                missingTokens: Set<String> = CSVReadOptions.defaultMissingTokens,
                columnTypes: [String: ColumnType] = [:], inferenceRows: Int = 1000, chunkSize: Int = 1 << 22,
                encoding: CSVEncoding = .utf8, maximumRecordBytes: Int = 64 << 20) {
        self.encoding = encoding
        self.maximumRecordBytes = max(1, maximumRecordBytes)
        self.delimiter = delimiter
        self.decimalComma = decimalComma
        self.missingTokens = missingTokens
        self.columnTypes = columnTypes
        self.inferenceRows = max(1, inferenceRows)
        self.chunkSize = max(1, chunkSize)
    }
}

/// Reads CSV (RFC 4180) into a `DataTable`, streaming bytes in chunks.
///
/// - Quoted fields may hold delimiters, doubled quotes and newlines; LF, CRLF and CR line ends;
///   a UTF-8 byte-order mark is skipped; blank lines are skipped.
/// - Each column's type is inferred from the first `inferenceRows` data rows: numeric if every
///   non-missing value is a number, boolean if every one is true/false, otherwise categorical.
///   A later value that does not fit is an error naming its line, column and value.
/// - Numbers are parsed from the bytes (`FastNumber`), correctly rounded.
///
/// Why a hand-written byte-level reader: the Swift CSV packages measured an order of magnitude
/// slower than pandas on the benchmark file (the figures are in Docs/performance.md).
public enum CSVReader {
    /// Reads a CSV file.
    /// - Throws: `DataError` for unreadable files and malformed or mistyped content.
    public static func read(contentsOf url: URL, options: CSVReadOptions = CSVReadOptions()) throws -> DataTable {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw DataError.unreadable(path: url.path, reason: "it is a folder, not a file; give the path of a CSV file")
        }
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw DataError.unreadable(path: url.path, reason: "the file does not exist or is not readable")
        }
        defer { try? handle.close() }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? nil
        let chunkSize = options.chunkSize
        var bytesRead = 0
        let descriptor = handle.fileDescriptor
        return try read(sizeHint: size, options: options) { buffer in
            // Straight into the buffer's reused capacity: a fresh `Data` per chunk faulted in new
            // pages for the whole file and was copied once more.
            // No more room than the rest of the file needs (and a page, should it grow): a 200 kB
            // file cleared a whole 4 MiB chunk, 1,000 page faults, before its one read.
            let room = size.map { max(1, min(chunkSize, $0 - bytesRead + 4096)) } ?? chunkSize
            buffer.reserveCapacity(buffer.count + room)
            let chunk = DescriptorRead(descriptor: descriptor, limit: room)
            buffer.append(contentsOf: chunk)
            let filled = chunk.filled
            if chunk.failure != 0 {
                throw DataError.unreadable(path: url.path, reason: "reading failed (\(String(cString: strerror(chunk.failure))))")
            }
            guard filled > 0 else { return false }
            bytesRead += filled
            if let size, size > 0 { options.progress?(min(bytesRead, size), size) }
            return true
        }
    }

    /// Reads CSV text held in memory.
    public static func read(text: String, options: CSVReadOptions = CSVReadOptions()) throws -> DataTable {
        try read(bytes: Array(text.utf8), options: options)
    }

    /// Reads CSV bytes held in memory (delivered in `options.chunkSize` pieces, as from a file).
    public static func read(bytes: [UInt8], options: CSVReadOptions = CSVReadOptions()) throws -> DataTable {
        var offset = 0
        return try read(sizeHint: bytes.count, options: options) { buffer in
            guard offset < bytes.count else { return false }
            let end = min(bytes.count, offset + options.chunkSize)
            buffer.append(contentsOf: bytes[offset..<end])
            offset = end
            return true
        }
    }

    /// Reads from any chunked byte source: `appendChunk` appends the next bytes to the buffer it
    /// is given and returns `false` at the end of the input.
    public static func read(sizeHint: Int?, options: CSVReadOptions,
                            appendChunk: @escaping (inout [UInt8]) throws -> Bool) throws -> DataTable {
        var scanner = CSVRecordScanner(appendChunk: TextDecoding.decoding(appendChunk, encoding: options.encoding))
        scanner.maximumRecordBytes = options.maximumRecordBytes
        try scanner.fill(atLeast: 1 << 16)
        let head = scanner.unreadBytes
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { scanner.skip(3) }
        if scanner.unreadBytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw DataError.emptyFile
        }
        scanner.delimiter = try delimiterByte(options.delimiter) ?? detectDelimiter(scanner.unreadBytes)

        guard try scanner.nextRecord() != nil else { throw DataError.emptyFile }
        let names = (0..<scanner.fieldStarts.count).map { scanner.fieldString($0).trimmingWhitespace }
        try validateHeader(names)
        for name in options.columnTypes.keys where !names.contains(name) {
            throw DataError.unknownTypeOverride(column: name, available: names)
        }

        // Sample rows for type inference.
        var sample = [(line: Int, fields: [String], quoted: [Bool])]()
        while sample.count < options.inferenceRows, let line = try scanner.nextRecord() {
            try checkWidth(scanner, expected: names.count, line: line)
            sample.append((line, (0..<names.count).map { scanner.fieldString($0) }, scanner.fieldQuoted))
        }
        guard !sample.isEmpty else { throw DataError.headerOnly(columns: names) }
        var builders = names.enumerated().map { position, name in
            ColumnBuilder(name: name, position: position,
                          type: options.columnTypes[name] ?? inferType(sample.map { $0.fields[position] }, options: options),
                          missingTokens: options.missingTokens, decimalComma: options.decimalComma)
        }
        // A semicolon or tab file of German numbers read without decimal commas: every value of
        // a would-be factor is a number with a decimal comma. Say so rather than fit a factor with
        // a level per value (issue 29, item 17).
        if !options.decimalComma && scanner.delimiter != UInt8(ascii: ",") {
            for (position, builder) in builders.enumerated() where builder.type == .categorical && options.columnTypes[names[position]] == nil {
                if let example = Self.decimalCommaExample(sample.map { $0.fields[position] }, options: options) {
                    throw DataError.decimalCommaSuspected(column: names[position], example: example)
                }
            }
        }
        if let sizeHint, scanner.consumedBytes > 0 {
            let estimate = Int(Double(sizeHint) / Double(scanner.consumedBytes) * Double(sample.count + 1) * 1.02) + 16
            for k in builders.indices { builders[k].reserve(min(estimate, 1 << 31)) }
        }
        for row in sample {
            for k in builders.indices {
                let bytes = Array(row.fields[k].utf8)
                try builders[k].append(bytes, 0, bytes.count, line: row.line, quoted: row.quoted[k])
            }
        }
        let configuration = BlockParserConfiguration(
            names: names, types: builders.map(\.type), delimiter: scanner.delimiter, decimalComma: options.decimalComma,
            missingTokens: options.missingTokens, numericMissingTokens: builders.first?.numericMissingTokens ?? [])
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var scratch = [PieceScratch]()
        let readAhead = ReadAhead()
        while true {
            guard let end = scanner.completeLinesEnd else {
                if scanner.atEnd { break }
                try scanner.readMore()
                continue
            }
            // Bulk path for quote-free lines; the quote-aware scanner otherwise.
            let start = scanner.position
            let parallel = end - start > (1 << 20)
            // On a large input the next chunk is read (and checked as text) while this one is
            // parsed: one more task beside twice as many pieces as cores, so the cores stay evenly
            // loaded (the read on one core between the parallel parses left the other idle).
            let reading = parallel && !scanner.atEnd
            if reading {
                let reader = scanner
                readAhead.start { buffer in try reader.readAhead(into: &buffer, after: end) }
            }
            let task: @Sendable () -> Void = { readAhead.run() }
            let alongside = reading ? task : nil
            let pieces = CSVBlockParser.parse(scanner.buffer, start: start, end: end, configuration: configuration,
                                              parts: parallel ? 2 * cores : 1, scratch: &scratch, alongside: alongside)
            if !pieces.contains(where: \.needsQuoteAwareScanner) {
                var lineOffset = scanner.line
                for piece in pieces {
                    if var error = piece.error { error.shiftLine(by: lineOffset); throw error }
                    let lines = piece.rowLines.map { $0 + lineOffset }
                    for k in builders.indices where builders[k].type != .numeric {
                        try builders[k].appendTexts(piece.texts[k], rowLines: lines)
                    }
                    lineOffset += piece.lineCount
                }
                // The numeric columns, in parallel: the copies first touch the columns' pages.
                builders.withUnsafeMutableBufferPointer { columns in
                    // Each worker writes only its own columns' builders.
                    nonisolated(unsafe) let columnsBase = columns
                    let work: @Sendable (Int) -> Void = { k in
                        guard columnsBase[k].type == .numeric else { return }
                        for piece in pieces {
                            columnsBase[k].appendNumbers(piece.numbers.column(k, rows: piece.rows), hasMissing: piece.missingIn[k])
                        }
                    }
                    if parallel && columns.count > 1 {
                        DispatchQueue.concurrentPerform(iterations: columns.count, execute: work)
                    } else {
                        for k in 0..<columns.count { work(k) }
                    }
                }
                scanner.advance(to: end, lines: lineOffset - scanner.line)
                if reading {
                    let more = try readAhead.result()
                    try scanner.adopt(&readAhead.buffer, more: more)
                    continue
                }
            } else {
                // The quote-aware scanner may read on past `end`: the chunk read ahead comes first.
                if reading { scanner.append(readAhead: readAhead.buffer, after: end, more: try readAhead.result()) }
                while scanner.position < end, let line = try scanner.nextRecord() {
                    try appendRecord(scanner, to: &builders, line: line)
                }
            }
            if scanner.atEnd && scanner.position >= scanner.buffer.count { break }
            if !scanner.atEnd { try scanner.readMore() }
        }
        return try DataTable(columns: finish(builders, parallel: cores > 1 && scanner.consumedBytes > 1 << 20))
    }

    /// The next chunk, read on a worker while the current one is parsed (`CSVRecordScanner.readAhead`).
    /// One read at a time: `start` before the parallel parse, `run` as one of its tasks, `result`
    /// after it (the parse's join orders them), so the source's state is never shared.
    final class ReadAhead: @unchecked Sendable {
        /// The tail and the chunk read; after `adopt`, the previous buffer, reused.
        var buffer: [UInt8] = []
        private var read: ((inout [UInt8]) throws -> Bool)?
        private var outcome: Result<Bool, any Error> = .success(false)

        func start(_ read: @escaping (inout [UInt8]) throws -> Bool) { self.read = read }

        func run() {
            guard let read else { return }
            outcome = Result { try read(&buffer) }
            self.read = nil
        }

        /// Whether the source has more; rethrows the read's error (an I/O error, or bytes that are
        /// not the declared text encoding), where `readMore` would have thrown it.
        func result() throws -> Bool { try outcome.get() }
    }

    /// The builders' columns, each finished on its own core (the missing masks and level sorts).
    static func finish(_ builders: [ColumnBuilder], parallel: Bool) -> [Column] {
        // One all-false mask for the numeric columns without a missing value (copy on write).
        let numeric = builders.filter { $0.type == .numeric }
        let noneMissing = numeric.count > 1 ? [Bool](repeating: false, count: numeric[0].numericCount) : nil
        guard parallel, builders.count > 1 else { return builders.map { $0.finish(noneMissing: noneMissing) } }
        let columns = Locked([Column?](repeating: nil, count: builders.count))
        DispatchQueue.concurrentPerform(iterations: builders.count) { k in
            let column = builders[k].finish(noneMissing: noneMissing)
            columns.withLock { $0[k] = column }
        }
        return columns.withLock { $0 }.compactMap { $0 }
    }

    static func appendRecord(_ scanner: CSVRecordScanner, to builders: inout [ColumnBuilder], line: Int) throws {
        try checkWidth(scanner, expected: builders.count, line: line)
        for k in builders.indices {
            let quoted = scanner.fieldQuoted[k]
            if scanner.fieldEscaped[k] {
                let bytes = Array(scanner.fieldBytes(k))
                try builders[k].append(bytes, 0, bytes.count, line: line, quoted: quoted)
            } else {
                try builders[k].append(scanner.buffer, scanner.fieldStarts[k], scanner.fieldEnds[k], line: line, quoted: quoted)
            }
        }
    }

    static func delimiterByte(_ character: Character?) throws -> UInt8? {
        guard let character else { return nil }
        guard let ascii = character.asciiValue, character != "\"", character != "\n", character != "\r" else {
            throw DataError.unreadable(path: "options", reason: "the delimiter must be one ASCII character other than a quote or newline")
        }
        return ascii
    }

    /// The candidate among `,` `;` tab that occurs most often outside quotes on the first line.
    static func detectDelimiter(_ bytes: ArraySlice<UInt8>) -> UInt8 {
        var counts: [UInt8: Int] = [0x2C: 0, 0x3B: 0, 0x09: 0]
        var inQuotes = false
        for byte in bytes {
            if byte == 0x22 { inQuotes.toggle(); continue }
            if !inQuotes && (byte == 0x0A || byte == 0x0D) { break }
            if !inQuotes, let count = counts[byte] { counts[byte] = count + 1 }
        }
        let best = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }
        return (best?.value ?? 0) > 0 ? (best?.key ?? 0x2C) : 0x2C
    }

    static func validateHeader(_ names: [String]) throws {
        var seen = [String: Int]()
        for (position, name) in names.enumerated() {
            if name.isEmpty { throw DataError.emptyColumnName(position: position) }
            if let first = seen[name] { throw DataError.duplicateColumnName(name: name, firstPosition: first, secondPosition: position) }
            seen[name] = position
        }
    }

    static func checkWidth(_ scanner: CSVRecordScanner, expected: Int, line: Int) throws {
        let found = scanner.fieldStarts.count
        if found != expected { throw DataError.raggedRow(line: line, expected: expected, found: found) }
    }

    /// A value with a decimal comma where every non-missing sample value is a number when read
    /// with decimal commas (and so a column read without them would be a factor of numbers).
    static func decimalCommaExample(_ values: [String], options: CSVReadOptions) -> String? {
        let present = values.filter { !options.missingTokens.contains($0.trimmingWhitespace) }
        guard let example = present.first(where: { $0.contains(",") }) else { return nil }
        let allNumbers = present.allSatisfy { value in
            let bytes = Array(value.utf8)
            if case .number = FastNumber.parse(bytes, 0, bytes.count, decimalComma: true) { return true }
            return false
        }
        return allNumbers ? example : nil
    }

    /// Numeric if every non-missing sample value is a number (or spells infinity, which is then
    /// reported as non-finite); boolean if every one is true/false; categorical otherwise.
    static func inferType(_ values: [String], options: CSVReadOptions) -> ColumnType {
        func isMissing(_ value: String) -> Bool {
            options.missingTokens.contains(value) || options.missingTokens.contains(value.trimmingWhitespace)
        }
        // A number is numeric whether or not it is also a missing token (e.g. "-99"), so the
        // tokens' hashing is paid only by the values that are not numbers (it was most of
        // inferring 15 columns of 1,000 sampled rows).
        if values.allSatisfy({ value in
            let bytes = Array(value.utf8)
            if case .number = FastNumber.parse(bytes, 0, bytes.count, decimalComma: options.decimalComma) { return true }
            return isMissing(value) || ColumnBuilder.isInfinitySpelling(value.trimmingWhitespace)
        }) {
            return .numeric
        }
        let present = values.filter { !isMissing($0) }
        if present.allSatisfy({ ["true", "false"].contains($0.trimmingWhitespace.lowercased()) }) {
            return .boolean
        }
        return .categorical
    }
}
