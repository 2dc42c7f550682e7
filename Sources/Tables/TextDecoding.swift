/// The text encodings `CSVReader` reads.
public enum CSVEncoding: String, Sendable, CaseIterable {
    /// UTF-8 (the default); bytes that are not UTF-8 are an error naming the line.
    case utf8 = "utf-8"
    /// ISO 8859-1: every byte is the code point of its value.
    case latin1
    /// Windows-1252: Latin-1 with printable characters (€, ‚, „, …, Š, Ž, …) in 0x80–0x9F.
    case windows1252 = "windows-1252"
}

/// Checks or transcodes the input as it streams in, so the CSV scanner always sees UTF-8
/// (hardening issue 13, item 9: Latin-1 bytes were decoded as U+FFFD and distinct levels such as
/// Müller and Möller merged).
enum TextDecoding {
    /// Windows-1252's code points for 0x80–0x9F (0 where the byte is undefined: read as U+0080+).
    static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// Wraps a chunk source: the bytes each call appends are validated (UTF-8) or transcoded to
    /// UTF-8 (single-byte encodings); the first chunk is checked for UTF-16 and compressed input.
    static func decoding(_ appendChunk: @escaping (inout [UInt8]) throws -> Bool,
                         encoding: CSVEncoding) -> (inout [UInt8]) throws -> Bool {
        var validator = UTF8Validator()
        var first = true
        var seen = 0   // bytes checked for NUL so far (the first 64 KiB, over however many chunks)
        return { buffer in
            let start = buffer.count
            let more = try appendChunk(&buffer)
            if first && buffer.count > start {
                first = false
                try checkSignature(buffer[start...])
            }
            if seen < 1 << 16 {
                let window = buffer[start...].prefix((1 << 16) - seen)
                if let zero = window.firstIndex(of: 0) {
                    // Text never holds NUL bytes: a binary file, /dev/zero, or UTF-16 without a byte-order mark.
                    throw DataError.notText(what: "binary data (byte \(seen + zero - start + 1) is NUL)",
                                            fix: "give a CSV text file; UTF-16 without a byte-order mark converts with iconv -f UTF-16LE -t UTF-8")
                }
                seen += window.count
            }
            switch encoding {
            case .utf8:
                try validator.check(buffer[start...], final: !more)
            case .latin1, .windows1252:
                guard buffer[start...].contains(where: { $0 >= 0x80 }) else { break }
                var transcoded = [UInt8]()
                transcoded.reserveCapacity((buffer.count - start) * 2)
                for byte in buffer[start...] {
                    guard byte >= 0x80 else { transcoded.append(byte); continue }
                    let scalar = encoding == .windows1252 && byte < 0xA0 ? windows1252High[Int(byte) - 0x80] : UInt32(byte)
                    transcoded.append(contentsOf: String(UnicodeScalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
                }
                buffer.replaceSubrange(start..., with: transcoded)
            }
            return more
        }
    }

    /// UTF-16 byte-order marks and gzip, zip, bzip2 and xz magic numbers.
    static func checkSignature(_ bytes: ArraySlice<UInt8>) throws {
        let head = Array(bytes.prefix(6))
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            throw DataError.notText(what: "UTF-16 text (it starts with a UTF-16 byte-order mark)",
                                    fix: "convert it to UTF-8, e.g. iconv -f UTF-16 -t UTF-8 in.csv > out.csv, or save it as CSV UTF-8")
        }
        let compressed: [([UInt8], String, String)] = [([0x1F, 0x8B], "gzip-compressed", "gunzip"), ([0x50, 0x4B, 0x03, 0x04], "a zip archive (or an .xlsx workbook)", "unzip it, or export the sheet as CSV"),
                                                       ([0x42, 0x5A, 0x68], "bzip2-compressed", "bunzip2"), ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz-compressed", "unxz")]
        for (magic, what, tool) in compressed where head.starts(with: magic) {
            throw DataError.notText(what: what, fix: tool.contains(" ") ? tool : "decompress it first (\(tool))")
        }
    }
}

/// An incremental UTF-8 check over a stream of chunks: sequences may straddle chunks; the line
/// of the first bad byte is counted from the newlines before it.
struct UTF8Validator {
    var line = 1
    /// Continuation bytes still expected by a sequence begun in an earlier chunk.
    var pending = 0
    /// The allowed range of the next continuation byte (tightened after E0, ED, F0, F4).
    var low: UInt8 = 0x80, high: UInt8 = 0xBF
    var lastLead: UInt8 = 0

    mutating func check(_ bytes: ArraySlice<UInt8>, final: Bool) throws {
        // Fast path for the common all-ASCII chunk: one pass over 8-byte words checks the high bits
        // and counts the newlines (`asciiNewlineCount`).
        if pending == 0, let newlines = Self.asciiNewlineCount(bytes) {
            line += newlines
            return
        }
        try checkScalar(bytes, final: final)
    }

    /// The number of newlines when every byte is below 0x80, `nil` otherwise. Sixteen bytes at a
    /// time (SSE2, the x86-64 baseline): the bytes are OR-ed together for the high-bit test, and
    /// a lane counter gains one where a byte equals LF, summed every 255 loads before it can wrap.
    /// The 8-byte word loop before it paid a software popcount per word (5.6 % of reading a
    /// 10⁶ × 21 CSV).
    static func asciiNewlineCount(_ bytes: ArraySlice<UInt8>) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return 0 }
            let raw = UnsafeRawPointer(base)
            let blocks = buffer.count / 16
            let newline = SIMD16<UInt8>(repeating: 0x0A), one = SIMD16<UInt8>(repeating: 1)
            var combined = SIMD16<UInt8>(), newlines = 0, block = 0
            while block < blocks {
                let stop = min(blocks, block + 255)
                var counts = SIMD16<UInt8>()
                while block < stop {
                    let bytes = raw.loadUnaligned(fromByteOffset: 16 * block, as: SIMD16<UInt8>.self)
                    combined |= bytes
                    counts &+= SIMD16<UInt8>().replacing(with: one, where: bytes .== newline)
                    block += 1
                }
                newlines += Int(SIMD16<UInt16>(truncatingIfNeeded: counts).wrappedSum())
            }
            var tail: UInt8 = 0
            for k in (16 * blocks)..<buffer.count {
                tail |= buffer[k]
                if buffer[k] == 0x0A { newlines += 1 }
            }
            return (combined.max() | tail) < 0x80 ? newlines : nil
        }
    }

    mutating func checkScalar(_ bytes: ArraySlice<UInt8>, final: Bool) throws {
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            let byte = bytes[index]
            if pending > 0 {
                guard byte >= low && byte <= high else { throw DataError.invalidUTF8(line: line, byte: lastLead) }
                pending -= 1
                low = 0x80; high = 0xBF
                index += 1
                continue
            }
            if byte < 0x80 {
                if byte == 0x0A { line += 1 }
                index += 1
                continue
            }
            lastLead = byte
            switch byte {
            case 0xC2...0xDF: pending = 1
            case 0xE0: pending = 2; low = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: pending = 2
            case 0xED: pending = 2; high = 0x9F
            case 0xF0: pending = 3; low = 0x90
            case 0xF1...0xF3: pending = 3
            case 0xF4: pending = 3; high = 0x8F
            default: throw DataError.invalidUTF8(line: line, byte: byte)
            }
            index += 1
        }
        if final && pending > 0 { throw DataError.invalidUTF8(line: line, byte: lastLead) }
    }
}
