/// Splits a byte stream into CSV records (RFC 4180): quoted fields with embedded delimiters,
/// doubled quotes and newlines; LF, CRLF or CR line ends. Only complete records are returned,
/// so a record may span the chunks the source delivers.
struct CSVRecordScanner {
    private(set) var buffer: [UInt8] = []
    private(set) var position = 0
    private(set) var atEnd = false
    private let appendChunk: (inout [UInt8]) throws -> Bool
    /// Physical line number (1-based) where the next record starts.
    private(set) var line = 1
    /// Bytes consumed so far (for size estimates).
    private(set) var consumedBytes = 0
    /// Field spans of the current record: `buffer[fieldStarts[k]..<fieldEnds[k]]`.
    private(set) var fieldStarts: [Int] = []
    private(set) var fieldEnds: [Int] = []
    /// Whether field k was quoted and contains doubled quotes to unescape.
    private(set) var fieldEscaped: [Bool] = []
    /// Whether field k was quoted.
    private(set) var fieldQuoted: [Bool] = []
    var delimiter: UInt8 = 0x2C

    static let quote: UInt8 = 0x22, newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D

    init(appendChunk: @escaping (inout [UInt8]) throws -> Bool) {
        self.appendChunk = appendChunk
    }

    /// Reads until the buffer holds at least `count` unread bytes or the source is exhausted.
    mutating func fill(atLeast count: Int) throws {
        while !atEnd && buffer.count - position < count { try refill(boundingRecord: false) }
    }

    /// The unread bytes currently buffered (for sniffing the delimiter and the BOM).
    var unreadBytes: ArraySlice<UInt8> { buffer[position...] }

    /// Skips `count` unread bytes (the UTF-8 byte-order mark).
    mutating func skip(_ count: Int) { position += count; consumedBytes += count }

    /// Reads one more chunk (compacting consumed bytes first).
    mutating func readMore() throws { try refill() }

    /// The read `readMore` would do next, into `next` instead of the buffer, so that it can run
    /// while the buffered lines before `end` are parsed: `next` gets the unparsed tail
    /// `buffer[end...]`, then the next chunk. Returns whether the source has more. It changes no
    /// state of the scanner (only the source's): one call at a time, its result `adopt`ed or
    /// `append`ed before the scanner reads again.
    func readAhead(into next: inout [UInt8], after end: Int) throws -> Bool {
        next.removeAll(keepingCapacity: true)
        next.append(contentsOf: buffer[end...])
        return try appendChunk(&next)
    }

    /// Takes a `readAhead(into:after:)` result as the buffer, once the scanner has advanced to its
    /// `end`: the bytes and state `readMore` would have left (the same too-long-record check). The
    /// old buffer comes back in `next`, its capacity reused by the next read-ahead.
    mutating func adopt(_ next: inout [UInt8], more: Bool) throws {
        let tail = buffer.count - position
        if tail > maximumRecordBytes { throw DataError.recordTooLong(line: line, limit: maximumRecordBytes) }
        swap(&buffer, &next)
        position = 0
        if !more || buffer.count == tail { atEnd = true }
    }

    /// Appends the chunk of a `readAhead(into:after:)` result (read after `end`) to the buffer,
    /// where the scanner still reads from before `end` (the quote-aware path).
    mutating func append(readAhead next: [UInt8], after end: Int, more: Bool) {
        let tail = buffer.count - end
        buffer.append(contentsOf: next.dropFirst(tail))
        if !more || next.count == tail { atEnd = true }
    }

    /// End of the complete lines buffered: just past the last LF at or after `position`, or the
    /// buffer's end when the input is exhausted; `nil` if no complete line is buffered.
    var completeLinesEnd: Int? {
        if atEnd { return buffer.count > position ? buffer.count : nil }
        var i = buffer.count
        while i > position {
            if buffer[i - 1] == Self.newline { return i }
            i -= 1
        }
        return nil
    }

    /// Marks `buffer[position..<end]` as consumed, spanning `lines` physical lines.
    mutating func advance(to end: Int, lines: Int) {
        consumedBytes += end - position
        position = end
        line += lines
    }

    /// The longest unfinished record buffered before reading stops (`CSVReadOptions.maximumRecordBytes`).
    var maximumRecordBytes = Int.max

    /// `boundingRecord`: the buffered bytes end inside a record (not a prefetch for sniffing).
    private mutating func refill(boundingRecord: Bool = true) throws {
        // A record this long has no line end (a binary file, /dev/zero) and would otherwise be
        // buffered without bound.
        if boundingRecord && buffer.count - position > maximumRecordBytes {
            throw DataError.recordTooLong(line: line, limit: maximumRecordBytes)
        }
        if position > 0 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        let before = buffer.count
        if try !appendChunk(&buffer) || buffer.count == before { atEnd = true }
    }

    /// Scans the next non-blank record. Returns its starting line, or `nil` at the end of input.
    mutating func nextRecord() throws -> Int? {
        while true {
            switch try scanRecord() {
            case .needMore: try refill()
            case .end: return nil
            case .blank: continue
            case .record(let startLine): return startLine
            }
        }
    }

    private enum ScanResult { case needMore, end, blank, record(Int) }

    private mutating func scanRecord() throws -> ScanResult {
        fieldStarts.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        fieldEscaped.removeAll(keepingCapacity: true)
        fieldQuoted.removeAll(keepingCapacity: true)
        let end = buffer.count
        var i = position
        var newlines = 0
        if i == end { return atEnd ? .end : .needMore }
        while true {
            if i == end && !atEnd { return .needMore }
            if i < end && buffer[i] == Self.quote {
                i += 1
                let start = i
                var escaped = false
                var closing = -1
                while closing < 0 {
                    if i == end {
                        if atEnd { throw DataError.unterminatedQuote(line: line) }
                        return .needMore
                    }
                    let byte = buffer[i]
                    if byte == Self.quote {
                        if i + 1 < end && buffer[i + 1] == Self.quote { escaped = true; i += 2; continue }
                        if i + 1 == end && !atEnd { return .needMore }
                        closing = i
                        i += 1
                    } else {
                        if byte == Self.newline { newlines += 1 }
                        i += 1
                    }
                }
                // Spaces and tabs may follow the closing quote; any other text would have to be
                // dropped or guessed at (`"a"b`), so it is an error rather than silent data loss
                // (found by the CSV fuzzer: `"mult"hi` used to read as `mult`).
                while i < end, buffer[i] == 0x20 || buffer[i] == 0x09 { i += 1 }
                if i == end && !atEnd { return .needMore }
                if i < end, buffer[i] != delimiter, buffer[i] != Self.newline, buffer[i] != Self.carriageReturn {
                    throw DataError.textAfterClosingQuote(line: line + newlines, field: fieldStarts.count + 1)
                }
                fieldStarts.append(start)
                fieldEnds.append(closing)
                fieldEscaped.append(escaped)
                fieldQuoted.append(true)
            } else {
                let start = i
                while i < end {
                    let byte = buffer[i]
                    if byte == delimiter || byte == Self.newline || byte == Self.carriageReturn { break }
                    i += 1
                }
                if i == end && !atEnd { return .needMore }
                fieldStarts.append(start)
                fieldEnds.append(i)
                fieldEscaped.append(false)
                fieldQuoted.append(false)
            }
            if i == end { break }   // end of input ends the record
            let byte = buffer[i]
            if byte == delimiter {
                i += 1
                continue
            }
            if byte == Self.carriageReturn {
                if i + 1 == end && !atEnd { return .needMore }
                i += (i + 1 < end && buffer[i + 1] == Self.newline) ? 2 : 1
            } else {
                i += 1
            }
            newlines += 1
            break
        }
        let startLine = line
        line += newlines
        consumedBytes += i - position
        position = i
        if fieldStarts.count == 1 && fieldStarts[0] == fieldEnds[0] && !fieldQuoted[0] {
            return .blank   // an empty line (a lone `""` is an empty value, not a blank line)
        }
        return .record(startLine)
    }

    /// Field `k` of the current record as bytes, with doubled quotes unescaped.
    func fieldBytes(_ k: Int) -> ArraySlice<UInt8> {
        let slice = buffer[fieldStarts[k]..<fieldEnds[k]]
        guard fieldEscaped[k] else { return slice }
        var result = [UInt8]()
        result.reserveCapacity(slice.count)
        var previousWasQuote = false
        for byte in slice {
            if byte == Self.quote && previousWasQuote { previousWasQuote = false; continue }
            previousWasQuote = byte == Self.quote
            result.append(byte)
        }
        return result[...]
    }

    /// Field `k` as a String.
    func fieldString(_ k: Int) -> String { String(decoding: fieldBytes(k), as: UTF8.self) }
}
