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

/// Values parsed from one block of lines, per column, with lines relative to the block start.
struct ParsedBlock: Sendable {
    /// Numeric columns' values (`nan` = missing: a parsed number is never NaN).
    var numbers: [[Double]]
    var texts: [[String]]
    /// Line (relative to the block start) of each parsed row.
    var rowLines: [Int]
    /// Physical lines the block spans.
    var lineCount = 0
    /// The first error, with its line relative to the block start.
    var error: DataError?
    /// The block holds a quote character and must be read by the quote-aware scanner.
    var needsQuoteAwareScanner = false
}

/// The bulk path of `CSVReader`: parses complete, quote-free lines straight from the bytes,
/// numbers inline while scanning (Clinger's fast path; anything unusual goes to `FastNumber`),
/// split across the cores. Works on a `Span` (safe, bounds-checked, no ARC traffic per field):
/// the per-field record scanner it replaces read the 265 MB benchmark file in 2.07 s.
enum CSVBlockParser {
    static let exactPowersOfTen = FastNumber.exactPowersOfTen

    /// Parses `bytes[start..<end]` in up to `parts` pieces in parallel; the pieces come back in
    /// order, each with lines relative to its own start.
    static func parse(_ bytes: [UInt8], start: Int, end: Int, configuration: BlockParserConfiguration,
                      parts: Int) -> [ParsedBlock] {
        var bounds = [start]
        for part in 1..<max(1, parts) {
            var cut = start + (end - start) * part / parts
            while cut < end && cut > bounds[bounds.count - 1] && bytes[cut - 1] != CSVRecordScanner.newline { cut += 1 }
            if cut > bounds[bounds.count - 1] && cut < end { bounds.append(cut) }
        }
        bounds.append(end)
        let pieces = bounds.count - 1
        let pieceBounds = bounds
        if pieces == 1 {
            return [parsePiece(bytes.span, bytes, start: start, end: end, configuration: configuration)]
        }
        let results = Locked([ParsedBlock?](repeating: nil, count: pieces))
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            let parsed = parsePiece(bytes.span, bytes, start: pieceBounds[piece], end: pieceBounds[piece + 1], configuration: configuration)
            results.withLock { $0[piece] = parsed }
        }
        return results.withLock { $0 }.compactMap { $0 }
    }

    /// Parses one piece of complete lines.
    static func parsePiece(_ span: Span<UInt8>, _ bytes: [UInt8], start: Int, end: Int,
                           configuration: BlockParserConfiguration) -> ParsedBlock {
        let columnCount = configuration.types.count
        let delimiter = configuration.delimiter
        let separator: UInt8 = configuration.decimalComma ? 0x2C : 0x2E
        let estimatedRows = (end - start) / max(1, columnCount * 8) + 1
        var result = ParsedBlock(numbers: Array(repeating: [], count: columnCount),
                                 texts: Array(repeating: [], count: columnCount), rowLines: [])
        for k in 0..<columnCount where configuration.types[k] == .numeric { result.numbers[k].reserveCapacity(estimatedRows) }
        var i = start
        var line = 0
        rows: while i < end {
            let first = span[i]
            if first == CSVRecordScanner.newline || first == CSVRecordScanner.carriageReturn {   // blank line
                i += (first == CSVRecordScanner.carriageReturn && i + 1 < end && span[i + 1] == CSVRecordScanner.newline) ? 2 : 1
                line += 1
                continue
            }
            result.rowLines.append(line)
            for k in 0..<columnCount {
                let fieldStart = i
                var parsedValue: Double?
                if configuration.types[k] == .numeric {
                    // Inline fast path: [-]digits[.digits] ending at a delimiter or line end.
                    var j = i
                    var negative = false
                    if j < end && span[j] == 0x2D { negative = true; j += 1 }
                    var mantissa: UInt64 = 0
                    var digits = 0, fractionDigits = 0
                    while j < end, span[j] &- 0x30 < 10, digits < 19 {
                        mantissa = mantissa &* 10 &+ UInt64(span[j] &- 0x30); digits += 1; j += 1
                    }
                    if j < end && span[j] == separator {
                        j += 1
                        while j < end, span[j] &- 0x30 < 10, digits < 19 {
                            mantissa = mantissa &* 10 &+ UInt64(span[j] &- 0x30); digits += 1; fractionDigits += 1; j += 1
                        }
                    }
                    if digits > 0 && mantissa <= (1 << 53) && fractionDigits <= 22 {
                        let terminator = j < end ? span[j] : CSVRecordScanner.newline
                        if terminator == delimiter || terminator == CSVRecordScanner.newline || terminator == CSVRecordScanner.carriageReturn {
                            let magnitude = Double(mantissa) / exactPowersOfTen[fractionDigits]
                            parsedValue = negative ? -magnitude : magnitude
                            i = j
                        }
                    }
                }
                if parsedValue == nil {
                    // General field: scan to its end, then interpret it.
                    while i < end {
                        let byte = span[i]
                        if byte == delimiter || byte == CSVRecordScanner.newline || byte == CSVRecordScanner.carriageReturn { break }
                        if byte == CSVRecordScanner.quote { result.needsQuoteAwareScanner = true; return result }
                        i += 1
                    }
                    if configuration.types[k] == .numeric {
                        do {
                            parsedValue = try ColumnBuilder.interpretNumber(bytes, fieldStart, i, line: line,
                                                                            column: configuration.names[k], position: k,
                                                                            missingTokens: configuration.missingTokens,
                                                                            numericMissingTokens: configuration.numericMissingTokens,
                                                                            decimalComma: configuration.decimalComma) ?? .nan
                        } catch let error as DataError {
                            result.error = error
                            return result
                        } catch {
                            return result
                        }
                    } else {
                        result.texts[k].append(String(decoding: bytes[fieldStart..<i], as: UTF8.self))
                    }
                }
                if configuration.types[k] == .numeric { result.numbers[k].append(parsedValue ?? .nan) }
                // Field separator or line end.
                let terminator = i < end ? span[i] : CSVRecordScanner.newline
                if k < columnCount - 1 {
                    guard terminator == delimiter else {
                        result.error = .raggedRow(line: line, expected: columnCount, found: k + 1)
                        return result
                    }
                    i += 1
                } else if terminator == delimiter {
                    var found = columnCount
                    while i < end && span[i] != CSVRecordScanner.newline && span[i] != CSVRecordScanner.carriageReturn {
                        if span[i] == delimiter { found += 1 }
                        if span[i] == CSVRecordScanner.quote { result.needsQuoteAwareScanner = true; return result }
                        i += 1
                    }
                    result.error = .raggedRow(line: line, expected: columnCount, found: found)
                    return result
                } else {
                    if i < end {
                        i += (terminator == CSVRecordScanner.carriageReturn && i + 1 < end && span[i + 1] == CSVRecordScanner.newline) ? 2 : 1
                    }
                    line += 1
                    continue rows
                }
            }
        }
        result.lineCount = line
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
