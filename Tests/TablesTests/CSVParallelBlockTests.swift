import Foundation
import Testing
import TestSupport
@testable import Tables

/// The bulk path on blocks large enough to be split across the cores (over 1 MiB per chunk), read
/// from a file: every value lands in its row, whichever piece parsed it (issue 16: the pieces now
/// parse into reused scratch and are copied into the columns in parallel).
struct CSVParallelBlockTests {
    /// A deterministic file: numbers of every shape the fast path and the general parser take,
    /// missing tokens, a text column, blank lines, CRLF line ends; and the values it holds.
    static func file(rows: Int, badLine: Int? = nil) throws -> (URL, x: [Double], z: [Double?], g: [String]) {
        var random = SeededUniform(seed: 3)
        func next() -> UInt64 { random.next() >> 11 }
        var text = "x,g,z\r\n"
        var x = [Double](), z = [Double?](), g = [String]()
        var line = 1
        for row in 0..<rows {
            let magnitude = Double(next() % 2_000_000_000) / 1e9 - 1
            let value: Double
            switch row % 5 {
            case 0: value = magnitude                          // -0.123456789 style
            case 1: value = Double(Int(next() % 1000)) - 500   // integers
            case 2: value = magnitude * 1e-7                   // exponent notation: the general parser
            case 3: value = (magnitude * 1e6).rounded() / 1e3  // few decimals
            default: value = magnitude * 1e20                  // past 2^53: the general parser
            }
            x.append(value)
            let missing = row % 7 == 3
            z.append(missing ? nil : Double(row))
            g.append("L\(row % 13)")
            line += 1
            let xText = line == badLine ? "oops" : "\(value)"
            text += "\(xText),L\(row % 13),\(missing ? "NA" : "\(row)")\r\n"
            if row % 1000 == 999 {
                text += "\r\n"   // a blank line
                line += 1
            }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("regress-parallel-\(rows)-\(badLine ?? 0)-\(ProcessInfo.processInfo.processIdentifier).csv")
        try Data(text.utf8).write(to: url)
        return (url, x, z, g)
    }

    @Test func everyValueLandsInItsRow() throws {
        let (url, x, z, g) = try Self.file(rows: 150_000)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try url.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0 > 3 << 20)
        for chunkSize in [1 << 22, 3 << 20] {
            let table = try CSVReader.read(contentsOf: url, options: CSVReadOptions(chunkSize: chunkSize))
            #expect(table.rowCount == x.count)
            #expect(table["x"]?.values == .numeric(x), "chunk \(chunkSize)")
            guard case .numeric(let zValues)? = table["z"]?.values else { Issue.record("z is not numeric"); return }
            #expect(zip(zValues, z).allSatisfy { $1 == nil ? $0.isNaN : $0 == $1 })
            #expect(table["z"]?.missing == z.map { $0 == nil })
            guard case .categorical(let codes, let levels)? = table["g"]?.values else { Issue.record("g is not categorical"); return }
            #expect(codes.map { levels[$0] } == g)
        }
    }

    @Test func anErrorInALaterPieceNamesItsLine() throws {
        // Line 100,001 is past the middle of the first 4 MiB chunk: the second piece reports it.
        let (url, _, _, _) = try Self.file(rows: 150_000, badLine: 100_001)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: DataError.notANumber(line: 100_001, column: "x", position: 0, value: "oops")) {
            try CSVReader.read(contentsOf: url)
        }
    }
    /// A file of `rows` numeric rows (x,y) with `edit` applied to line `line` (1 = the header).
    static func numericFile(rows: Int, name: String, edit: (Int, String) -> String = { $1 }) throws -> (URL, [Double]) {
        var lines = ["x,y"], x = [Double]()
        for row in 0..<rows {
            let value = Double(row % 9973) / 7 - 300
            x.append(value)
            lines.append(edit(row + 2, "\(value),\(row)"))
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("regress-readahead-\(name)-\(ProcessInfo.processInfo.processIdentifier).csv")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return (url, x)
    }

    /// Issue 35: the next chunk is read while the current one is parsed. The values are the same
    /// whatever the chunk size, including one that divides the file exactly (the last read is empty).
    @Test func readingAheadKeepsEveryValue() throws {
        let (url, x) = try Self.numericFile(rows: 200_000, name: "values")
        defer { try? FileManager.default.removeItem(at: url) }
        let size = try url.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0
        for chunkSize in [1 << 22, (1 << 20) + 7, size / 3 + 1, size / 2, size] {
            let table = try CSVReader.read(contentsOf: url, options: CSVReadOptions(chunkSize: max(1 << 20, chunkSize)))
            #expect(table.rowCount == x.count, "chunk \(chunkSize)")
            #expect(table["x"]?.values == .numeric(x), "chunk \(chunkSize)")
        }
    }

    /// A quoted field in a chunk read ahead: the quote-aware scanner reads it after the chunk before.
    @Test func aQuotedFieldInALaterChunkIsRead() throws {
        let (url, x) = try Self.numericFile(rows: 200_000, name: "quoted") { line, text in
            line == 150_000 ? "\"" + text.split(separator: ",")[0] + "\"," + text.split(separator: ",")[1] : text
        }
        defer { try? FileManager.default.removeItem(at: url) }
        let table = try CSVReader.read(contentsOf: url, options: CSVReadOptions(chunkSize: 1 << 20))
        #expect(table.rowCount == x.count)
        #expect(table["x"]?.values == .numeric(x))
    }

    /// Errors keep the order of the file: a ragged row in the chunk being parsed is reported,
    /// not the bytes that are not UTF-8 in the chunk read ahead; alone, those name their line.
    @Test func errorsComeInFileOrder() throws {
        let (both, _) = try Self.numericFile(rows: 200_000, name: "both") { line, text in
            line == 1_000 ? text + ",9" : line == 190_000 ? "\u{FFFD}" + text : text
        }
        defer { try? FileManager.default.removeItem(at: both) }
        var bytes = try Data(contentsOf: both)
        if let bad = bytes.firstRange(of: Data("\u{FFFD}".utf8)) { bytes.replaceSubrange(bad, with: [0xFF, 0x30, 0x30]) }
        try bytes.write(to: both)
        #expect(throws: DataError.raggedRow(line: 1_000, expected: 2, found: 3)) {
            try CSVReader.read(contentsOf: both, options: CSVReadOptions(chunkSize: 1 << 20))
        }
        let (utf8, _) = try Self.numericFile(rows: 200_000, name: "utf8") { line, text in line == 190_000 ? "\u{FFFD}" + text : text }
        defer { try? FileManager.default.removeItem(at: utf8) }
        var invalid = try Data(contentsOf: utf8)
        if let bad = invalid.firstRange(of: Data("\u{FFFD}".utf8)) { invalid.replaceSubrange(bad, with: [0xFF, 0x30, 0x30]) }
        try invalid.write(to: utf8)
        let expected = #expect(throws: DataError.self) { try CSVReader.read(contentsOf: utf8, options: CSVReadOptions(chunkSize: 1 << 20)) }
        #expect(expected == DataError.invalidUTF8(line: 190_000, byte: 0xFF))
    }

    /// The eight-digit kernel against the byte loop it shortcuts: every digit string it accepts
    /// has its value, and a word with any other byte (the neighbours of '0' and '9', '.', '-', a
    /// high byte) is refused.
    @Test func eightDigitsAtOnceIsTheByteLoop() {
        func word(_ text: String) -> UInt64 {
            Array(text.utf8).enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        }
        var random = SeededUniform(seed: 9)
        for _ in 0..<2000 {
            let digits = String(format: "%08llu", (random.next() >> 20) % 100_000_000)
            #expect(CSVBlockParser.eightDigits(word(digits)) == UInt64(digits), "\(digits)")
        }
        #expect(CSVBlockParser.eightDigits(word("00000000")) == 0)
        #expect(CSVBlockParser.eightDigits(word("99999999")) == 99_999_999)
        for bad: UInt8 in [0x2F, 0x3A, 0x2E, 0x2D, 0x2C, 0x0A, 0x80, 0xB0, 0xFF, 0x00] {
            for position in 0..<8 {
                var bytes = Array("12345678".utf8)
                bytes[position] = bad
                let value = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
                #expect(CSVBlockParser.eightDigits(value) == nil, "byte \(bad) at \(position)")
            }
        }
    }
}

/// The numeric columns without a missing value share one all-false mask (copy on write): 21 masks
/// of 1 MB each were 5,000 of the 72,000 page faults of the 10⁶ × 21 CSV → logit run. A column
/// with a missing value has its own, and every mask says what is missing.
struct SharedMaskTests {
    @Test(arguments: [false, true])
    func columnsWithoutMissingValuesShareOneMask(large: Bool) throws {
        let rows = large ? 120_000 : 50
        var text = "a,b,c,d,g\n"
        for row in 0..<rows { text += "\(row),\(Double(row) / 3),\(row % 11 == 4 ? "NA" : "\(row)"),\(-row),L\(row % 3)\n" }
        let table = try CSVReader.read(text: text)
        let masks = ["a", "b", "c", "d", "g"].map { table[$0]?.missing ?? [] }
        #expect(masks[0] == [Bool](repeating: false, count: rows) && masks[1] == masks[0] && masks[3] == masks[0])
        #expect(masks[2] == (0..<rows).map { $0 % 11 == 4 })
        #expect(masks[4] == [Bool](repeating: false, count: rows))
        func base(_ mask: [Bool]) -> UnsafeRawPointer? { mask.withUnsafeBufferPointer { $0.baseAddress.map(UnsafeRawPointer.init) } }
        #expect(base(masks[0]) == base(masks[1]) && base(masks[1]) == base(masks[3]))
        #expect(base(masks[2]) != base(masks[0]))
    }
}

/// A numeric column's mask is built from its values only where a missing value was appended
/// (the parser says which columns got one); every path that appends a missing value says so.
struct MissingTrackedWhileParsingTests {
    @Test(arguments: [0, 1, 2, 3])
    func aMissingValueAnywhereReachesTheMask(place: Int) throws {
        let rows = 150_000
        // 0: in the inference sample; 1: in a parallel block; 2: on the last line; 3: in a quoted
        // block (the quote-aware scanner).
        let missingRow = [3, 90_001, rows - 1, 120_000][place]
        var text = "a,b,t\n"
        for row in 0..<rows {
            let b = row == missingRow ? (place == 3 ? "\"\"" : "NA") : "\(Double(row) / 8)"
            text += "\(row),\(b),\(row % 5)\n"
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("regress-missing-\(place)-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        for table in [try CSVReader.read(text: text), try CSVReader.read(contentsOf: url)] {
            #expect(table["b"]?.missing.indices.filter { table["b"]?.missing[$0] == true } == [missingRow])
            #expect(table["a"]?.missing.contains(true) == false && table["a"]?.missing.count == rows)
        }
    }
}

/// The all-ASCII check's newline count, sixteen bytes at a time, against a byte-by-byte count:
/// every length around the 16-byte blocks, the 255-load flush of the lane counters, and a high
/// byte anywhere.
struct NewlineCountTests {
    static func naive(_ bytes: ArraySlice<UInt8>) -> Int? {
        bytes.contains { $0 >= 0x80 } ? nil : bytes.count { $0 == 0x0A }
    }

    @Test func countsEveryLengthAndOffset() {
        var random = SeededUniform(seed: 11)
        for length in 0..<100 {
            let bytes = (0..<(length + 3)).map { _ in [0x0A, 0x31, 0x2C, 0x0D][Int(random.next() % 4)] as UInt8 }
            let slice = bytes[3...]
            #expect(UTF8Validator.asciiNewlineCount(slice) == Self.naive(slice))
        }
    }

    @Test func countsPastTheLaneCountersFlush() {
        // 255 × 16 bytes is where the byte-wide lane counters are summed: all newlines, twice over.
        let bytes = [UInt8](repeating: 0x0A, count: 16 * 255 * 2 + 37)
        #expect(UTF8Validator.asciiNewlineCount(bytes[...]) == bytes.count)
    }

    @Test(arguments: [0, 7, 15, 16, 4095, 8191, 8192])
    func aHighByteAnywhereIsNotASCII(position: Int) {
        var bytes = [UInt8](repeating: 0x0A, count: 8193)
        bytes[position] = 0xC3
        #expect(UTF8Validator.asciiNewlineCount(bytes[...]) == nil)
        bytes[position] = 0x7F
        #expect(UTF8Validator.asciiNewlineCount(bytes[...]) == 8192)
    }
}

/// The file read appends straight into the array's spare capacity (`DescriptorRead`).
struct DescriptorReadTests {
    @Test func appendsAfterTheBytesHeldAndLeavesACopyAlone() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("regress-descriptor-\(UUID().uuidString).bin")
        let content = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try Data(content).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var buffer: [UInt8] = [1, 2, 3]
        let shared = buffer
        var read = [UInt8]()
        for limit in [4000, 4000, 4000, 4000] {
            buffer.reserveCapacity(buffer.count + limit)
            let chunk = DescriptorRead(descriptor: handle.fileDescriptor, limit: limit)
            buffer.append(contentsOf: chunk)
            #expect(chunk.failure == 0)
            read.append(contentsOf: buffer.suffix(chunk.filled))
        }
        #expect(buffer == [1, 2, 3] + content && read == content)
        #expect(shared == [1, 2, 3])
    }

    @Test func aFailedReadKeepsItsErrno() {
        var buffer = [UInt8]()
        buffer.reserveCapacity(16)
        let chunk = DescriptorRead(descriptor: -1, limit: 16)
        buffer.append(contentsOf: chunk)
        #expect(chunk.failure == EBADF && chunk.filled == 0 && buffer.isEmpty)
    }

    @Test(arguments: [1, 7, 4096, 1 << 22])
    func aFileReadInAnyChunkSizeIsTheTextRead(chunkSize: Int) throws {
        var text = "x,y,g\n"
        for row in 0..<3000 { text += "\(Double(row) / 7),\(row % 2),L\(row % 9)\n" }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("regress-chunks-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let options = CSVReadOptions(chunkSize: chunkSize)
        let fromFile = try CSVReader.read(contentsOf: url, options: options)
        let fromText = try CSVReader.read(text: text)
        #expect(fromFile["x"]?.numericValues == fromText["x"]?.numericValues)
        #expect(fromFile["g"]?.missing == fromText["g"]?.missing && fromFile.rowCount == 3000)
    }
}

/// A missing token that reads as a number ("-99") is missing on every line, not only in the type
/// inference's sample: the bulk parser read it as the number −99 (a silent wrong answer). With
/// surrounding spaces too, as a text token is.
struct NumericMissingTokenInBulkTests {
    @Test(arguments: [false, true])
    func aNumericMissingTokenIsMissingBeyondTheSample(fromFile: Bool) throws {
        let rows = 300_000
        var text = "x,y\n"
        for row in 0..<rows {
            let x = row % 1000 == 500 ? (row % 2000 == 500 ? "-99" : " -99 ") : row % 1000 == 900 ? "-99.5" : "\(Double(row % 7) + 0.5)"
            text += x + ",\(row % 2)\n"
        }
        let options = CSVReadOptions(missingTokens: CSVReadOptions.defaultMissingTokens.union(["-99"]))
        let table: DataTable
        if fromFile {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("regress-numeric-token-\(UUID().uuidString).csv")
            try Data(text.utf8).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            table = try CSVReader.read(contentsOf: url, options: options)
        } else {
            table = try CSVReader.read(text: text, options: options)
        }
        let missing = table["x"]?.missing ?? []
        #expect(missing.indices.filter { missing[$0] } == (0..<rows).filter { $0 % 1000 == 500 })
        // "-99.5" is not the token: a number.
        #expect(table["x"]?.numericValues?[900] == -99.5)
    }
}
