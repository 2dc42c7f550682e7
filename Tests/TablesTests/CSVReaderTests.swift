import Foundation
import Testing
@testable import Tables

struct CSVReaderTests {
    func read(_ text: String, _ options: CSVReadOptions = CSVReadOptions()) throws -> DataTable {
        try CSVReader.read(text: text, options: options)
    }

    @Test func typesAreInferred() throws {
        let table = try read("y,x,g,flag\n1,2.5,a,true\n0,-3,b,FALSE\n")
        #expect(table.columnNames == ["y", "x", "g", "flag"])
        #expect(table["y"]?.values == .numeric([1, 0]))
        #expect(table["x"]?.values == .numeric([2.5, -3]))
        #expect(table["g"]?.values == .categorical(codes: [0, 1], levels: ["a", "b"]))
        #expect(table["flag"]?.values == .boolean([true, false]))
    }

    @Test func quotedFieldsWithDelimitersQuotesAndNewlines() throws {
        let table = try read("name,note\n\"Smith, J.\",\"said \"\"hi\"\"\"\n\"multi\nline\",plain\n")
        #expect(table["name"]?.levels?.contains("Smith, J.") == true)
        #expect(table["name"]?.levels?.contains("multi\nline") == true)
        #expect(table["note"]?.levels?.contains("said \"hi\"") == true)
        #expect(table.rowCount == 2)
    }

    @Test func lineNumbersCountNewlinesInsideQuotes() {
        // Line 1 header, lines 2–3 the quoted record, line 4 "2,3", line 5 the bad row.
        #expect(throws: DataError.raggedRow(line: 5, expected: 2, found: 3)) {
            try read("a,b\n\"x\ny\",1\n2,3\n4,5,6\n")
        }
    }

    @Test(arguments: ["\n", "\r\n", "\r"])
    func lineEndings(_ ending: String) throws {
        let table = try read(["a,b", "1,2", "3,4"].joined(separator: ending) + ending)
        #expect(table["b"]?.values == .numeric([2, 4]))
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let table = try CSVReader.read(bytes: [0xEF, 0xBB, 0xBF] + Array("id,v\n1,2\n".utf8))
        #expect(table.columnNames == ["id", "v"])
    }

    @Test func delimiterIsDetected() throws {
        #expect(try read("a;b\n1;2\n").columnNames == ["a", "b"])
        #expect(try read("a\tb\n1\t2\n").columnNames == ["a", "b"])
        #expect(try read("a,b;c\nu,v;3\n", CSVReadOptions(delimiter: ";")).columnNames == ["a,b", "c"])
    }

    @Test func germanExportWithDecimalComma() throws {
        let table = try read("umsatz;anteil\n1,5;0,25\n-2;3\n", CSVReadOptions(decimalComma: true))
        #expect(table["umsatz"]?.values == .numeric([1.5, -2]))
        #expect(table["anteil"]?.values == .numeric([0.25, 3]))
    }

    @Test func missingTokens() throws {
        let table = try read("a,b,g\n1,NA,x\nNaN,.,\n,2,NA\n-99,3,y\n",
                             CSVReadOptions(missingTokens: CSVReadOptions.defaultMissingTokens.union(["-99"])))
        #expect(table["a"]?.missing == [false, true, true, true])
        #expect(table["b"]?.missing == [true, true, false, false])
        #expect(table["g"]?.missing == [false, true, true, false])
        #expect(table["g"]?.levels == ["x", "y"])
    }

    @Test func typeOverride() throws {
        let table = try read("code,x\n10,1\n20,2\n", CSVReadOptions(columnTypes: ["code": .categorical]))
        #expect(table["code"]?.levels == ["10", "20"])
        #expect(throws: DataError.unknownTypeOverride(column: "cod", available: ["code", "x"])) {
            try read("code,x\n10,1\n", CSVReadOptions(columnTypes: ["cod": .categorical]))
        }
    }

    @Test func numbersAreCorrectlyRounded() throws {
        let values = [0.1, 1.0 / 3, 2.5e-300, 1.7976931348623157e308, 123456789012345678, 5e-324, 0.30000000000000004]
        let text = "x\n" + values.map { "\($0)" }.joined(separator: "\n") + "\n1.5E3\n+7\n"
        #expect(try read(text)["x"]?.values == .numeric(values + [1500, 7]))
    }

    @Test func levelsSortInCodePointOrder() throws {
        #expect(try read("g\nb\nB\na\nÄ\nA\n")["g"]?.levels == ["A", "B", "a", "b", "Ä"])
    }

    @Test func quotedNAIsALevelNotMissing() throws {
        let table = try read("g\n\"NA\"\nNA\nx\n")
        #expect(table["g"]?.missing == [false, true, false])
        #expect(table["g"]?.levels == ["NA", "x"])
    }

    @Test func blankLinesAreSkipped() throws {
        #expect(try read("a,b\n1,2\n\n3,4\n\n").rowCount == 2)
    }
}

struct CSVReaderErrorTests {
    @Test func emptyFile() {
        #expect(throws: DataError.emptyFile) { try CSVReader.read(text: "") }
        #expect(throws: DataError.emptyFile) { try CSVReader.read(bytes: [0xEF, 0xBB, 0xBF, 0x0A]) }
    }

    @Test func headerOnly() {
        #expect(throws: DataError.headerOnly(columns: ["a", "b"])) { try CSVReader.read(text: "a,b\n") }
    }

    @Test func raggedRows() {
        #expect(throws: DataError.raggedRow(line: 3, expected: 2, found: 1)) { try CSVReader.read(text: "a,b\n1,2\n3\n") }
        #expect(throws: DataError.raggedRow(line: 2, expected: 2, found: 3)) { try CSVReader.read(text: "a,b\n1,2,3\n") }
        let message = DataError.raggedRow(line: 3, expected: 2, found: 1).description
        #expect(message.contains("line 3") && message.contains("1 fields") && message.contains("header has 2"))
    }

    @Test func textInANumericColumnNamesLineColumnAndValue() {
        // Inferred numeric from the first row, then text on line 4.
        let options = CSVReadOptions(inferenceRows: 1)
        #expect(throws: DataError.notANumber(line: 4, column: "x", position: 1, value: "n/a")) {
            try CSVReader.read(text: "id,x\n1,2\n2,3\n3,n/a\n", options: options)
        }
        let message = DataError.notANumber(line: 4, column: "x", position: 1, value: "n/a").description
        #expect(message.contains("line 4") && message.contains("'x'") && message.contains("'n/a'") && message.contains("missingTokens"))
    }

    @Test func duplicateColumnNames() {
        #expect(throws: DataError.duplicateColumnName(name: "x", firstPosition: 0, secondPosition: 2)) {
            try CSVReader.read(text: "x,y,x\n1,2,3\n")
        }
    }

    @Test func emptyColumnName() {
        #expect(throws: DataError.emptyColumnName(position: 1)) { try CSVReader.read(text: "x,,z\n1,2,3\n") }
    }

    @Test(arguments: ["Inf", "-inf", "1e999", "Infinity"])
    func nonFiniteValues(_ token: String) {
        #expect(throws: DataError.nonFiniteValue(line: 3, column: "x", position: 0, value: token)) {
            try CSVReader.read(text: "x\n1\n\(token)\n")
        }
    }

    @Test func unterminatedQuote() {
        #expect(throws: DataError.unterminatedQuote(line: 2)) { try CSVReader.read(text: "a,b\n\"open,1\n2,3\n") }
    }

    /// Fuzz finding (FuzzCSV, 2026-11-25): text after a closing quote was silently dropped, so
    /// `x,"mult"hi` read as `mult`. It is now an error naming the line and field; spaces after
    /// the quote stay allowed.
    @Test func textAfterClosingQuoteIsAnErrorNotDroppedText() throws {
        #expect(throws: DataError.textAfterClosingQuote(line: 3, field: 2)) {
            try CSVReader.read(text: "a,b\n1,\"x\"\n2,\"mult\"hi\n")
        }
        #expect(throws: DataError.textAfterClosingQuote(line: 3, field: 1)) {
            try CSVReader.read(text: "a\n\"multi\nline\"x\n")
        }
        let spaced = try CSVReader.read(text: "a,b\n\"x\"  ,1\n\"y\"\t,2\n")
        #expect(spaced["a"]?.levels == ["x", "y"])
        #expect(DataError.textAfterClosingQuote(line: 3, field: 2).description
                == "line 3, field 2: text follows the closing quote of a quoted field; inside a quoted field write a quote as \"\", or quote the whole field")
    }

    @Test func notABoolean() {
        #expect(throws: DataError.notABoolean(line: 3, column: "f", position: 0, value: "maybe")) {
            try CSVReader.read(text: "f\ntrue\nmaybe\n", options: CSVReadOptions(inferenceRows: 1))
        }
    }

    @Test func unreadableFile() {
        #expect(throws: DataError.self) { try CSVReader.read(contentsOf: URL(fileURLWithPath: "/no/such/file.csv")) }
    }
}

struct CSVChunkingTests {
    /// A mixed file: numbers, categories with quotes and embedded newlines, missing values.
    static let text: String = {
        var lines = ["id,x,g,y"]
        for i in 0..<300 {
            let g = i % 17 == 0 ? "\"multi\nline, \"\"q\"\"\"" : (i % 3 == 0 ? "alpha" : "beta")
            let x = i % 11 == 0 ? "NA" : String(Double(i) * 0.25 - 7)
            lines.append("\(i),\(x),\(g),\(i % 2)")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }()

    @Test(arguments: [7, 64, 1000, 1 << 22])
    func chunkSizeDoesNotChangeTheResult(_ chunkSize: Int) throws {
        let reference = try CSVReader.read(text: Self.text)
        let chunked = try CSVReader.read(text: Self.text, options: CSVReadOptions(inferenceRows: 5, chunkSize: chunkSize))
        #expect(chunked == reference)
        #expect(reference.rowCount == 300)
    }

    @Test func bulkAndQuoteAwarePathsAgree() throws {
        // Without quotes the bulk path reads the whole file; a quote late in the file forces the
        // quote-aware scanner for that block. Both must give the same values.
        var plain = "a,b,c\n"
        for i in 0..<5000 { plain += "\(i),\(Double(i) / 8),c\(i % 4)\n" }
        let quoted = plain + "5000,1.5,\"c1\"\n"
        let unquoted = plain + "5000,1.5,c1\n"
        #expect(try CSVReader.read(text: quoted, options: CSVReadOptions(inferenceRows: 3))
                == CSVReader.read(text: unquoted, options: CSVReadOptions(inferenceRows: 3)))
    }

    @Test func errorLinesAreCorrectAcrossParallelPieces() throws {
        // More than 1 MiB so the block is split across cores; the bad value is near the end.
        var text = "a,b\n"
        let rows = 120_000
        for i in 0..<rows { text += i == rows - 3 ? "\(i),oops\n" : "\(i),\(i % 97)\n" }
        #expect(throws: DataError.notANumber(line: rows - 1, column: "b", position: 1, value: "oops")) {
            try CSVReader.read(text: text)
        }
        let good = try CSVReader.read(text: text.replacingOccurrences(of: "oops", with: "5"))
        #expect(good.rowCount == rows)
        #expect(good["a"]?.numericValues?.last == Double(rows - 1))
    }

    /// Bug: a 5 MB field or a 100,000-column header was echoed whole in the error message.
    @Test func errorMessagesShortenHugeFieldsAndHeaders() throws {
        let huge = String(repeating: "9", count: 5_000_000)
        do {
            _ = try CSVReader.read(text: "y,x\n1,\(huge)\n")
            Issue.record("a 5,000,000-digit number should not read as finite")
        } catch let error as DataError {
            #expect(error.description.count < 400)
            #expect(error.description.contains("(5000000 characters)"))
        }
        let names = (0..<100_000).map { "c\($0)" }
        let message = DataError.headerOnly(columns: names).description
        #expect(message.count < 200 && message.contains("100000 columns") && message.contains("and 99995 more"))
    }
}

/// Hardening issue 13, item 9: Latin-1 bytes were decoded as U+FFFD, so Müller and Möller merged.
struct EncodingTests {
    static let latin1: [UInt8] = Array("name,y\nM".utf8) + [0xFC] + Array("ller,1\nM".utf8) + [0xF6] + Array("ller,0\n".utf8)

    @Test func latinOneIsAnErrorNamingTheLineUnlessItsEncodingIsGiven() throws {
        #expect(throws: DataError.invalidUTF8(line: 2, byte: 0xFC)) { try CSVReader.read(bytes: Self.latin1) }
        let table = try CSVReader.read(bytes: Self.latin1, options: CSVReadOptions(encoding: .latin1))
        #expect(table["name"]?.levels == ["Möller", "Müller"])
        // The line is counted across chunks, on the eight-bytes-at-a-time path as well.
        let long = Array(("name,y\n" + String(repeating: "Maier,1\n", count: 40)).utf8) + [0x4D, 0xFC] + Array("ller,0\n".utf8)
        for chunk in [3, 16, 64, 1 << 22] {
            #expect(throws: DataError.invalidUTF8(line: 42, byte: 0xFC), "chunk \(chunk)") {
                try CSVReader.read(bytes: long, options: CSVReadOptions(chunkSize: chunk))
            }
        }
    }

    @Test func windows1252MapsItsPrintableHighBytes() throws {
        let bytes = Array("name,y\n".utf8) + [0x80, 0x20, 0x84, 0x96] + Array(",1\nx,0\n".utf8)
        let table = try CSVReader.read(bytes: bytes, options: CSVReadOptions(encoding: .windows1252))
        #expect(table["name"]?.text(at: 0) == "€ „–")
    }

    @Test func sequencesThatStraddleChunksAreValid() throws {
        let text = "name,y\n" + String(repeating: "Grüße,1\n", count: 50)
        for chunk in [1, 2, 3, 5, 7] {
            let table = try CSVReader.read(bytes: Array(text.utf8), options: CSVReadOptions(chunkSize: chunk))
            #expect(table["name"]?.levels == ["Grüße"], "chunk \(chunk)")
        }
        #expect(throws: DataError.self) { try CSVReader.read(bytes: Array("a,b\n1,2\n".utf8) + [0xE2, 0x82]) }   // truncated €
    }

    @Test func utf16AndCompressedFilesSayWhatTheyAre() throws {
        #expect(throws: DataError.self) { try CSVReader.read(bytes: [0xFF, 0xFE] + Array("a\0,\0b\0".utf8)) }
        for magic: [UInt8] in [[0x1F, 0x8B, 0x08], [0x50, 0x4B, 0x03, 0x04], [0x42, 0x5A, 0x68, 0x39]] {
            do {
                _ = try CSVReader.read(bytes: magic + Array("rest\n1\n".utf8))
                Issue.record("no error for \(magic)")
            } catch let error as DataError {
                #expect(error.description.contains("not CSV text"), "\(error)")
            }
        }
    }
}

/// Input bounds (issue 16): a file that is not text, or has no line end within the bound, stops
/// reading with a clear error instead of buffering without bound (`--data /dev/zero`).
struct InputBoundTests {
    @Test func nulBytesAreBinaryNotText() throws {
        #expect(throws: DataError.self) { try CSVReader.read(bytes: [UInt8](repeating: 0, count: 1 << 20)) }
        do {
            _ = try CSVReader.read(bytes: Array("y,x\n1,2\n".utf8) + [0, 0, 0])
            Issue.record("NUL bytes were read as text")
        } catch let error as DataError {
            #expect(error.description.contains("byte 9 is NUL"))
        }
    }

    @Test(arguments: [7, 1 << 10, 1 << 16])
    func aRecordPastTheBoundStopsReading(chunkSize: Int) throws {
        let long = "y,x\n1,a\n0," + String(repeating: "b", count: 100_000) + "\n1,c\n"
        #expect(throws: DataError.recordTooLong(line: 3, limit: 4096)) {
            try CSVReader.read(text: long, options: CSVReadOptions(chunkSize: chunkSize, maximumRecordBytes: 4096))
        }
        // Within the bound the same record reads.
        let table = try CSVReader.read(text: long, options: CSVReadOptions(chunkSize: chunkSize, maximumRecordBytes: 200_000))
        #expect(table.rowCount == 3)
    }
}


/// Issue 29, item 17: a semicolon file of decimal-comma numbers read without `decimalComma`
/// silently became a factor with a level per value.
struct DecimalCommaDetectionTests {
    @Test func semicolonFileWithDecimalCommasReadWithoutTheOptionIsAnError() throws {
        let text = "y;x;g\n1;1,5;a\n0;2,25;b\n1;-0,75;a\n0;3;b\n"
        #expect(throws: DataError.decimalCommaSuspected(column: "x", example: "1,5")) { try CSVReader.read(text: text) }
        // With the option the column is numeric; declared categorical it stays text.
        #expect(try CSVReader.read(text: text, options: CSVReadOptions(decimalComma: true))["x"]?.numericValues == [1.5, 2.25, -0.75, 3])
        #expect(try CSVReader.read(text: text, options: CSVReadOptions(columnTypes: ["x": .categorical]))["x"]?.type == .categorical)
        // A real factor with commas in some levels is not a number column: no error.
        #expect(try CSVReader.read(text: "y;g\n1;a,b\n0;1,5\n")["g"]?.type == .categorical)
        // Comma-delimited files cannot hold unquoted decimal commas: a quoted "1,5" stays text.
        #expect(try CSVReader.read(text: "y,g\n1,\"1,5\"\n0,\"2,5\"\n")["g"]?.type == .categorical)
    }
}

/// Type inference tries each value as a number before the missing tokens (whose hashing was most
/// of inferring a column): the same types as testing the tokens first.
struct InferenceOrderTests {
    @Test(arguments: [
        (["1.5", "-99", "NA", " 2 "], ColumnType.numeric),    // a token that is a number, a token, a padded number
        (["NA", "", "."], .numeric),                           // only missing values
        (["1", "Inf", "NA"], .numeric),                        // an infinity spelling (refused later, as non-finite)
        (["1", "x", "NA"], .categorical),
        (["true", " FALSE", "NA"], .boolean),
        (["true", "1", "NA"], .categorical),
    ])
    func typesAsBefore(values: [String], expected: ColumnType) {
        let options = CSVReadOptions(missingTokens: CSVReadOptions.defaultMissingTokens.union(["-99"]))
        #expect(CSVReader.inferType(values, options: options) == expected)
    }
}
