import Foundation
import Testing
@testable import Tables
import TestSupport

/// Issue 32: Stata, SPSS and SAS files written by pandas, pyreadstat and R haven
/// (`Fixtures/statfiles/make-statfiles.py`) read into the table the same data give as CSV: value
/// labels as factor levels, every kind of missing value missing, variable labels kept.
struct StatisticalFileTests {
    static func read(_ name: String) throws -> DataTable {
        try StatisticalFileReader.read(contentsOf: FixtureFiles.url("statfiles/\(name)"))
    }

    static func csv(_ name: String) throws -> DataTable {
        try CSVReader.read(contentsOf: FixtureFiles.url("statfiles/\(name)"))
    }

    /// Every column of `expected` is in `table` with the same type, values and missing rows.
    static func expectSameData(_ table: DataTable, _ expected: DataTable, _ file: String) {
        #expect(table.rowCount == expected.rowCount, "\(file) rows")
        for column in expected.columns {
            guard let got = table[column.name] else { Issue.record("\(file): no column \(column.name)"); continue }
            #expect(got.type == column.type, "\(file) \(column.name): \(got.type) vs CSV \(column.type)")
            #expect(got.missing == column.missing, "\(file) \(column.name) missing rows")
            if let a = got.numericValues, let b = column.numericValues {
                // SPSS portable files hold numbers as base-30 text: 0.332 reads back as 0.33199999999999996.
                let close = zip(a, b).allSatisfy { ($0.isNaN && $1.isNaN) || relativeError($0, $1) <= (file.hasSuffix(".por") ? 1e-15 : 0) }
                #expect(close, "\(file) \(column.name) values")
            } else {
                #expect(got.values == column.values, "\(file) \(column.name) values")
            }
        }
    }

    @Test(arguments: [("survey-pandas.dta", "survey.csv"), ("survey-tagged.dta", "survey.csv"), ("survey.sav", "survey-spss.csv"), ("survey.zsav", "survey-spss.csv"),
                      ("survey.por", "survey-por.csv"), ("survey.sas7bdat", "survey-sas.csv"), ("survey-latin1.dta", "survey-latin1.csv"),
                      ("survey-strl.dta", "survey-strl.csv")])
    func aFileReadsAsTheSameDataAsCSV(_ file: String, _ csv: String) throws {
        Self.expectSameData(try Self.read(file), try Self.csv(csv), file)
    }

    /// Value labels name the levels; Stata's `.a`/`.b` and SPSS's declared missing values (a value
    /// and a range) are missing, not numbers; variable labels stay on the columns.
    @Test func labelsAndMissingValueCodes() throws {
        let tagged = try Self.read("survey-tagged.dta")
        #expect(tagged["sector"]?.levels?.contains("machinery") == true)
        #expect(tagged["rating"]?.levels == ["fair", "good", "poor", "very good", "very poor"])
        #expect(tagged["export_share"]?.missing[11] == true && tagged["export_share"]?.missing[12] == true)
        #expect(tagged["i40_technologies"]?.label == "Industrie 4.0 technologies used (0-7)")
        // A %td date keeps its meaning as ISO text, as a CSV export holds it.
        #expect(tagged["interview"]?.text(at: 0) == "2015-03-01" && tagged["interview"]?.text(at: 89) == "2015-05-29")
        let sav = try Self.read("survey.sav")
        #expect(sav["rating"]?.missing[3] == true && sav["rating"]?.levels?.contains("no answer") == false)
        #expect(sav["export_pct"]?.missing[11] == true && sav["export_pct"]?.missing[12] == true)
        #expect(sav["export_pct"]?.label == "Export share in percent")
        let latin = try Self.read("survey-latin1.dta")
        #expect(latin["state"]?.levels?.contains("Baden-Württemberg") == true && latin["state"]?.label == "Bundesland (Länder)")
    }

    /// Corrupt, truncated, mislabelled and empty files are errors that say so, never a table.
    @Test(arguments: ["broken/truncated.dta", "broken/csv-renamed.dta", "broken/random.sav", "broken/empty.sav"])
    func aBrokenFileIsAClearError(_ file: String) throws {
        do {
            _ = try Self.read(file)
            Issue.record("\(file) was read")
        } catch let error as DataError {
            guard case .unreadableStatisticalFile(_, let format, _) = error else { Issue.record("\(file): \(error)"); return }
            #expect(format.contains(file.hasSuffix(".dta") ? "Stata" : "SPSS"))
            #expect(error.description.contains("extension says"))
        }
    }
}

/// `StatisticalFileWriter`: a table written as .dta and .sav reads back as itself, with value
/// labels as levels and the variable labels (pandas `read_stata` and pyreadstat `read_sav` read
/// the same files: checked when the writer was written, Docs/data-files.md).
struct StatisticalFileWriterTests {
    static func table() throws -> DataTable {
        let csv = "y,x,sector,flag\n1,2.5,food,true\n0,,machinery,false\n1,3.5,,true\n0,0.5,food,\n"
        let data = try CSVReader.read(text: csv)
        return try DataTable(columns: data.columns.map { $0.name == "x" ? $0.labeled("An x") : $0 })
    }

    @Test(arguments: [StatisticalFileFormat.dta, .sav])
    func aWrittenFileReadsBackAsTheTable(_ format: StatisticalFileFormat) throws {
        let original = try Self.table()
        let bytes = try StatisticalFileWriter.bytes(original, format: format, variableLabels: ["y": "The outcome"])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("regress-writer-\(UUID().uuidString).\(format.rawValue)")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let back = try StatisticalFileReader.read(contentsOf: url)
        for column in original.columns where column.type != .boolean {
            #expect(back[column.name]?.values == column.values && back[column.name]?.missing == column.missing, "\(format) \(column.name)")
        }
        // Booleans are written 0/1 and read back as numbers.
        #expect(back["flag"]?.numericValues?.prefix(2) == [1, 0] && back["flag"]?.missing[3] == true)
        #expect(back["y"]?.label == "The outcome" && back["x"]?.label == "An x")
    }

    @Test func aNameTheFormatRefusesIsAClearError() throws {
        let table = try CSVReader.read(text: "bad name,y\n1,0\n2,1\n")
        #expect(throws: DataError.self) { try StatisticalFileWriter.bytes(table, format: .dta, path: "out.dta") }
        #expect(throws: DataError.self) { try StatisticalFileWriter.bytes(table, format: .por, path: "out.por") }
    }
}

/// The direct decoder of Stata 14+ data (`StataFastPath`) reads every file it accepts exactly as
/// ReadStat does, and declines the rest (older formats, strL) for ReadStat.
struct StataFastPathTests {
    @Test(arguments: ["survey-pandas.dta", "survey-tagged.dta", "survey-latin1.dta", "survey-strl.dta"])
    func theDirectDecoderAgreesWithReadStat(_ file: String) throws {
        let path = FixtureFiles.url("statfiles/\(file)").path
        let direct = try StatisticalFileReader.read(path: path, format: .dta, options: StatisticalReadOptions(), directStata: true)
        let readstat = try StatisticalFileReader.read(path: path, format: .dta, options: StatisticalReadOptions(), directStata: false)
        #expect(direct.columns == readstat.columns, "\(file)")
        // Format 114 (the Latin-1 file) and strL columns are ReadStat's; 118 (pandas) is decoded directly.
        #expect((StataFastPath.read(path: path) != nil) == !["survey-latin1.dta", "survey-strl.dta"].contains(file), "\(file)")
    }

    @Test func aWrittenFileOfEveryStorageTypeRoundTrips() throws {
        let csv = "d,s,c\n1.5,a,x\n,b,y\n-2.25,,x\n1e300,c,\n"
        let table = try CSVReader.read(text: csv)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("regress-fast-\(UUID().uuidString).dta")
        try Data(StatisticalFileWriter.bytes(table, format: .dta)).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let direct = try StatisticalFileReader.read(path: url.path, format: .dta, options: StatisticalReadOptions(), directStata: true)
        let readstat = try StatisticalFileReader.read(path: url.path, format: .dta, options: StatisticalReadOptions(), directStata: false)
        #expect(direct.columns == readstat.columns)
        #expect(direct["d"]?.numericValues?[3] == 1e300 && direct["d"]?.missing[1] == true)
    }
}

/// `StatisticalFileReader.read(bytes:format:)`: a file's bytes in memory read as the file does.
struct StatisticalBytesTests {
    @Test(arguments: [("survey-pandas.dta", StatisticalFileFormat.dta), ("survey-latin1.dta", .dta), ("survey.sav", .sav), ("survey.por", .por)])
    func bytesReadAsTheFile(_ file: String, _ format: StatisticalFileFormat) throws {
        let url = FixtureFiles.url("statfiles/\(file)")
        let fromBytes = try StatisticalFileReader.read(bytes: Array(try Data(contentsOf: url)), format: format)
        #expect(fromBytes.columns == (try StatisticalFileReader.read(contentsOf: url)).columns, "\(file)")
        #expect(throws: DataError.self) { try StatisticalFileReader.read(bytes: Array("y,x\n1,2\n".utf8), format: format) }
    }
}

/// Fixed bugs found by `FuzzStatFile`.
struct StatisticalFileFuzzRegressionTests {
    /// A corrupt old-format Stata file whose variable has no name: ReadStat hands back a NULL
    /// name, which trapped on an implicitly unwrapped optional. Now the variable is named by its
    /// position (or the file is refused), never a crash.
    @Test func aVariableWithoutANameIsNamedByItsPositionNotATrap() throws {
        let bytes = Array(try Data(contentsOf: FixtureFiles.url("statfiles/broken/unnamed-variable.dta")))
        do {
            let table = try StatisticalFileReader.read(bytes: bytes, format: .dta)
            #expect(table.columns.allSatisfy { !$0.name.isEmpty })
        } catch is DataError {
            // Refusing the file is as good an answer.
        }
    }

    /// A corrupt old-format Stata file whose label-set name fills its entry without a NUL: reading
    /// it as a C string ran past ReadStat's buffer (AddressSanitizer, heap-buffer-overflow). Names
    /// are now read within their entry's width.
    @Test func anUnterminatedLabelSetNameIsReadWithinItsEntry() throws {
        let bytes = Array(try Data(contentsOf: FixtureFiles.url("statfiles/broken/unterminated-label-set.dta")))
        do {
            let table = try StatisticalFileReader.read(bytes: bytes, format: .dta)
            #expect(table.columns.allSatisfy { $0.count == table.rowCount })
        } catch is DataError {
        }
    }

    /// A corrupt Stata file whose header claims about 10⁹ rows: the reader allocated 8 GB for
    /// them before reading one (FuzzStatFile, out of memory). Buffers now grow with the rows read.
    @Test func aHeaderClaimingBillionsOfRowsDoesNotAllocateThem() throws {
        let bytes = Array(try Data(contentsOf: FixtureFiles.url("statfiles/broken/huge-row-count.dta")))
        do {
            let table = try StatisticalFileReader.read(bytes: bytes, format: .dta)
            #expect(table.rowCount < 1_000_000)
        } catch is DataError {
        }
    }
}

extension StatisticalFileTests {
    /// Bug: CSV reading options given for a Stata, SPSS or SAS file (reshore's `--decimal-comma`,
    /// `--delimiter`, `--missing`; the library's column types) were ignored without a word: a
    /// `--missing -99` meant to drop a code left it in as a number. Each is refused now, naming
    /// the option; the encoding still applies, and a CSV file takes them all.
    @Test(arguments: ["survey-pandas.dta", "survey.sav"])
    func csvOptionsForAStatisticalFileAreRefused(_ file: String) throws {
        let url = FixtureFiles.url("statfiles/\(file)")
        var options = [CSVReadOptions]()
        options.append(CSVReadOptions(delimiter: ";"))
        options.append(CSVReadOptions(decimalComma: true))
        options.append(CSVReadOptions(missingTokens: CSVReadOptions.defaultMissingTokens.union(["-99"])))
        var typed = CSVReadOptions()
        typed.columnTypes = ["sector": .categorical]
        options.append(typed)
        for (option, parameter) in zip(options, [Parameter.delimiter, .decimalComma, .missingTokens, .columnTypes]) {
            #expect(throws: DataError.csvOnlyOption(option: parameter, format: StatisticalFileFormat(path: url.path)?.displayName ?? "")) {
                try DataFileReader.read(contentsOf: url, csv: option)
            }
        }
        #expect(try DataFileReader.read(contentsOf: url).rowCount > 0)
        #expect(try DataFileReader.read(contentsOf: url, csv: CSVReadOptions(encoding: .latin1)).rowCount > 0)
    }
}
