import Dispatch
import ParallelSupport

/// What the block parser needs to know about the columns.
struct BlockParserConfiguration: Sendable {
    let names: [String]
    let types: [ColumnType]
    let delimiter: UInt8
    let decimalComma: Bool
    let missingTokens: Set<String>
    let numericMissingTokens: [[UInt8]]
}

/// Where one piece's numeric values go: column-major, `stride` rows per column, reused from chunk
/// to chunk (fresh pages per chunk cost as much as the parse on this project's machine).
final class PieceScratch: @unchecked Sendable {
    private(set) var values: UnsafeMutablePointer<Double>
    private(set) var stride = 0
    let columns: Int

    init(columns: Int) {
        self.columns = columns
        values = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    }

    deinit { values.deallocate() }

    /// Room for `rows` rows in every column (the old values are dropped when it grows).
    func reserve(rows: Int) {
        guard rows > stride else { return }
        values.deallocate()
        stride = max(rows, stride + stride / 2)
        values = UnsafeMutablePointer<Double>.allocate(capacity: max(1, stride * columns))
    }

    /// Column `k`'s first `rows` values.
    func column(_ k: Int, rows: Int) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: values + k * stride, count: rows)
    }
}

/// Values parsed from one block of lines, per column, with lines relative to the block start.
struct ParsedBlock: Sendable {
    /// Numeric columns' values (`nan` = missing: a parsed number is never NaN), `rows` per column.
    let numbers: PieceScratch
    /// Whether a numeric column got a missing value (a NaN) in this block, per column.
    var missingIn: [Bool]
    /// The other columns' raw texts.
    var texts: [[String]]
    /// Rows parsed.
    var rows = 0
    /// Line (relative to the block start) of each parsed row; only kept when a column is not
    /// numeric (its values are interpreted, and their errors located, later).
    var rowLines: [Int]
    /// Physical lines the block spans.
    var lineCount = 0
    /// The first error, with its line relative to the block start.
    var error: DataError?
    /// The block holds a quote character and must be read by the quote-aware scanner.
    var needsQuoteAwareScanner = false
}

/// The bulk path of `CSVReader`: parses complete, quote-free lines straight from the bytes,
/// numbers inline while scanning (Clinger's fast path, or Eisel–Lemire's for up to 19 digits;
/// anything unusual goes to `FastNumber`),
/// split across the cores. Works on a `Span` (safe, bounds-checked, no ARC traffic per field).
enum CSVBlockParser {
    static let exactPowersOfTen = FastNumber.exactPowersOfTen

    /// Parses `bytes[start..<end]` in up to `parts` pieces in parallel, into `scratch` (one per
    /// piece, grown as needed); the pieces come back in order, each with lines relative to its own
    /// start.
    /// `alongside`, if given, runs as one more task of the parallel loop, the first one taken (the
    /// next chunk's read).
    static func parse(_ bytes: [UInt8], start: Int, end: Int, configuration: BlockParserConfiguration,
                      parts: Int, scratch: inout [PieceScratch], alongside: (@Sendable () -> Void)? = nil) -> [ParsedBlock] {
        var bounds = [start]
        for part in 1..<max(1, parts) {
            var cut = start + (end - start) * part / parts
            while cut < end && cut > bounds[bounds.count - 1] && bytes[cut - 1] != CSVRecordScanner.newline { cut += 1 }
            if cut > bounds[bounds.count - 1] && cut < end { bounds.append(cut) }
        }
        bounds.append(end)
        let pieces = bounds.count - 1
        while scratch.count < pieces { scratch.append(PieceScratch(columns: configuration.types.count)) }
        // A complete row holds at least one byte per column (its delimiters and line end).
        for piece in 0..<pieces {
            scratch[piece].reserve(rows: (bounds[piece + 1] - bounds[piece]) / max(1, configuration.types.count) + 1)
        }
        let pieceBounds = bounds, pieceScratch = scratch
        if pieces == 1 && alongside == nil {
            return [parsePiece(bytes.span, bytes, start: start, end: end, configuration: configuration, into: pieceScratch[0])]
        }
        let results = Locked([ParsedBlock?](repeating: nil, count: pieces))
        // The task alongside is taken first, so the pieces fill the other cores around it: taken
        // last, it ran on one core while the other waited at the join (a quarter of the 10⁶ × 21
        // read's core time was idle).
        let first = alongside == nil ? 0 : 1
        DispatchQueue.concurrentPerform(iterations: pieces + first) { iteration in
            guard iteration >= first else { alongside?(); return }
            let piece = iteration - first
            let parsed = parsePiece(bytes.span, bytes, start: pieceBounds[piece], end: pieceBounds[piece + 1],
                                    configuration: configuration, into: pieceScratch[piece])
            results.withLock { $0[piece] = parsed }
        }
        return results.withLock { $0 }.compactMap { $0 }
    }

    /// The value of eight ASCII digits in a little-endian word (first digit most significant), or
    /// `nil` if a byte is not a digit: fast_float's `parse_eight_digits_unrolled`.
    @inline(__always)
    static func eightDigits(_ word: UInt64) -> UInt64? {
        guard ((word &+ 0x4646_4646_4646_4646) | (word &- 0x3030_3030_3030_3030)) & 0x8080_8080_8080_8080 == 0 else { return nil }
        var value = word &- 0x3030_3030_3030_3030
        value = (value &* 10) &+ (value >> 8)
        value = (((value & 0x0000_00FF_0000_00FF) &* 0x000F_4240_0000_0064)
                 &+ (((value >> 16) & 0x0000_00FF_0000_00FF) &* 0x0000_2710_0000_0001)) >> 32
        return value & 0xFFFF_FFFF
    }

    /// Parses one piece of complete lines; `scratch` has room for every row the piece can hold.
    static func parsePiece(_ span: Span<UInt8>, _ bytes: [UInt8], start: Int, end: Int,
                           configuration: BlockParserConfiguration, into scratch: PieceScratch) -> ParsedBlock {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, end <= buffer.count, start >= 0 else {
                return ParsedBlock(numbers: scratch, missingIn: Array(repeating: false, count: configuration.types.count),
                                   texts: Array(repeating: [], count: configuration.types.count), rowLines: [])
            }
            return parsePiece(base, bytes, start: start, end: end, configuration: configuration, into: scratch)
        }
    }

    /// `parsePiece` through a pointer: every read is inside `start..<end` by the loops' own
    /// bounds, so the Span's per-byte bounds check is not paid twice.
    static func parsePiece(_ span: UnsafePointer<UInt8>, _ bytes: [UInt8], start: Int, end: Int,
                           configuration: BlockParserConfiguration, into scratch: PieceScratch) -> ParsedBlock {
        let columnCount = configuration.types.count
        let delimiter = configuration.delimiter
        let separator: UInt8 = configuration.decimalComma ? 0x2C : 0x2E
        // Locals, not the static array and the configuration's (a `swift_once` and an array
        // access per field showed in the profile).
        let powers = exactPowersOfTen
        precondition(powers.count > 22, "powers of ten up to 1e22")
        let numeric = configuration.types.map { $0 == .numeric }
        let allNumeric = !numeric.contains(false)
        // With missing tokens that read as numbers ("-99"), numeric fields take the general path,
        // which compares them with the tokens: the inline path read such a token as the number,
        // beyond the type inference's sample. (Compared inline, the test cost the usual files
        // 15 instructions a field: register pressure in this loop.)
        let inline = configuration.types.map { $0 == .numeric && configuration.numericMissingTokens.isEmpty }
        let values = scratch.values, stride = scratch.stride
        var result = ParsedBlock(numbers: scratch, missingIn: Array(repeating: false, count: columnCount),
                                 texts: Array(repeating: [], count: columnCount), rowLines: [])
        var i = start
        var line = 0
        // The rows parsed, a local (as `result.rows` it was kept in memory, and re-read per field).
        var row = 0
        rows: while i < end {
            let first = span[i]
            if first == CSVRecordScanner.newline || first == CSVRecordScanner.carriageReturn {   // blank line
                i += (first == CSVRecordScanner.carriageReturn && i + 1 < end && span[i + 1] == CSVRecordScanner.newline) ? 2 : 1
                line += 1
                continue
            }
            // Cannot happen (the bound above); the quote-aware scanner reads the block if it does.
            guard row < stride else { result.needsQuoteAwareScanner = true; result.rows = row; return result }
            if !allNumeric { result.rowLines.append(line) }
            for k in 0..<columnCount {
                let fieldStart = i
                var parsedValue: Double?
                if inline[k] {
                    // Inline fast path: [-]digits[.digits] ending at a delimiter or line end.
                    // The sign without a branch (a random sign mispredicted on every other field).
                    let negative = i < end && span[i] == 0x2D
                    var j = i &+ (negative ? 1 : 0)
                    var mantissa: UInt64 = 0
                    var digits = 0, fractionDigits = 0
                    // One integer digit and the separator (standardized data's usual shape) without
                    // the loop's checks; any other integer part by the loop.
                    if j + 1 < end && span[j] &- 0x30 < 10 && span[j + 1] == separator {
                        mantissa = UInt64(span[j] &- 0x30); digits = 1; j += 1
                    } else {
                        while j < end, span[j] &- 0x30 < 10, digits < 19 {
                            mantissa = mantissa &* 10 &+ UInt64(span[j] &- 0x30); digits += 1; j += 1
                        }
                    }
                    if j < end && span[j] == separator {
                        j += 1
                        // Eight fraction digits per load where they are there (the fast_float kernel).
                        // Once only: a second load for the 17 significant digits pandas writes made
                        // that read 5 % faster and the 9-decimal benchmark file's 10 % slower
                        // (register pressure in this loop; Docs/performance.md).
                        if j + 8 <= end && digits <= 11,
                           let eight = eightDigits(UnsafeRawPointer(span + j).loadUnaligned(as: UInt64.self)) {
                            mantissa = mantissa &* 100_000_000 &+ eight; digits += 8; fractionDigits += 8; j += 8
                        }
                        // The rest, at most 19 digits in all: the bound once, not a count per digit.
                        let fractionStart = j, limit = Swift.min(end, j &+ (19 &- digits))
                        while j < limit, span[j] &- 0x30 < 10 {
                            mantissa = mantissa &* 10 &+ UInt64(span[j] &- 0x30); j &+= 1
                        }
                        digits &+= j &- fractionStart; fractionDigits &+= j &- fractionStart
                    }
                    if digits > 0 {
                        let terminator = j < end ? span[j] : CSVRecordScanner.newline
                        if terminator == delimiter || terminator == CSVRecordScanner.newline || terminator == CSVRecordScanner.carriageReturn {
                            // Clinger's exact quotient, or beyond it (17 significant digits, as
                            // pandas writes them) Eisel–Lemire's 128-bit product.
                            let magnitude = mantissa <= (1 << 53) && fractionDigits <= 22
                                ? Double(mantissa) / powers[fractionDigits]
                                : EiselLemire.double(mantissa: mantissa, power: -fractionDigits)
                            if let magnitude {
                                parsedValue = Double(bitPattern: magnitude.bitPattern | (negative ? 1 << 63 : 0))
                                i = j
                            }
                        }
                    }
                }
                if parsedValue == nil {
                    // General field: scan to its end, then interpret it.
                    while i < end {
                        let byte = span[i]
                        if byte == delimiter || byte == CSVRecordScanner.newline || byte == CSVRecordScanner.carriageReturn { break }
                        if byte == CSVRecordScanner.quote { result.needsQuoteAwareScanner = true; result.rows = row; return result }
                        i += 1
                    }
                    if numeric[k] {
                        do {
                            parsedValue = try ColumnBuilder.interpretNumber(bytes, fieldStart, i, line: line,
                                                                            column: configuration.names[k], position: k,
                                                                            missingTokens: configuration.missingTokens,
                                                                            numericMissingTokens: configuration.numericMissingTokens,
                                                                            decimalComma: configuration.decimalComma)
                            if parsedValue == nil { parsedValue = .nan; result.missingIn[k] = true }
                        } catch let error as DataError {
                            result.error = error
                            result.rows = row; return result
                        } catch {
                            result.rows = row; return result
                        }
                    } else {
                        result.texts[k].append(String(decoding: bytes[fieldStart..<i], as: UTF8.self))
                    }
                }
                if numeric[k] { values[k * stride + row] = parsedValue ?? .nan }
                // Field separator or line end.
                let terminator = i < end ? span[i] : CSVRecordScanner.newline
                if k < columnCount - 1 {
                    guard terminator == delimiter else {
                        result.error = .raggedRow(line: line, expected: columnCount, found: k + 1)
                        result.rows = row; return result
                    }
                    i += 1
                } else if terminator == delimiter {
                    var found = columnCount
                    while i < end && span[i] != CSVRecordScanner.newline && span[i] != CSVRecordScanner.carriageReturn {
                        if span[i] == delimiter { found += 1 }
                        if span[i] == CSVRecordScanner.quote { result.needsQuoteAwareScanner = true; result.rows = row; return result }
                        i += 1
                    }
                    result.error = .raggedRow(line: line, expected: columnCount, found: found)
                    result.rows = row; return result
                } else {
                    if i < end {
                        i += (terminator == CSVRecordScanner.carriageReturn && i + 1 < end && span[i + 1] == CSVRecordScanner.newline) ? 2 : 1
                    }
                    line += 1
                    row += 1
                    continue rows
                }
            }
        }
        result.lineCount = line
        result.rows = row
        return result
    }
}

extension DataError {
    /// Adds `offset` to the line number of a positioned error.
    mutating func shiftLine(by offset: Int) {
        switch self {
        case .raggedRow(let line, let expected, let found): self = .raggedRow(line: line + offset, expected: expected, found: found)
        case .unterminatedQuote(let line): self = .unterminatedQuote(line: line + offset)
        case .textAfterClosingQuote(let line, let field): self = .textAfterClosingQuote(line: line + offset, field: field)
        case .notANumber(let line, let column, let position, let value):
            self = .notANumber(line: line + offset, column: column, position: position, value: value)
        case .nonFiniteValue(let line, let column, let position, let value):
            self = .nonFiniteValue(line: line + offset, column: column, position: position, value: value)
        case .notABoolean(let line, let column, let position, let value):
            self = .notABoolean(line: line + offset, column: column, position: position, value: value)
        default: break
        }
    }
}
