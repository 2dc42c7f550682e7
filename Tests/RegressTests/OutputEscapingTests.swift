import Foundation
import Testing
import TestSupport
import Regress
import ReshoringStudy

/// Issue 29, items 19–21: user strings cannot end a Markdown fence, reach a terminal as control
/// characters, run as spreadsheet formulas in the replicate files, or be cut unmarked in a table.
struct OutputEscapingTests {
    /// A factor whose level holds a newline, three backticks, HTML, BEL and ESC.
    static let hostileLevel = "a\n```\n<img src=x onerror=alert(1)>\u{07}\u{1B}[31m"

    static func hostileModel() throws -> BinaryRegressionModel {
        var rows = [[String]]()
        for i in 0..<40 { rows.append(["\(i % 3 == 0 ? 1 : 0)", "\(Double(i) / 10)", i % 2 == 0 ? hostileLevel : "0plain"]) }
        rows[1][0] = "1"; rows[4][0] = "0"
        let table = try DataTable(columns: [Column(name: "y", numeric: rows.map { Double($0[0]) ?? 0 }),
                                            Column(name: "x", numeric: rows.map { Double($0[1]) ?? 0 }),
                                            Column(name: "g", strings: rows.map { $0[2] })])
        return try BinaryRegression.fit("y ~ x + C(g)", data: table)
    }

    @Test func markdownFenceIsLongerThanAnyBacktickRunInItsContent() {
        let block = Formatting.markdownCodeBlock("before\n```\n<img onerror=x>\n`````\nafter")
        let lines = block.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "``````" && lines.last == "``````")
        // No line inside is a fence that closes it (at least as long as the opening one).
        #expect(!lines.dropFirst().dropLast().contains { $0.hasPrefix("``````") })
    }

    @Test func controlCharactersNeverReachTextOrMarkdownOutput() throws {
        let model = try Self.hostileModel()
        let report = FitReport(model: model, marginalEffects: try model.marginalEffects(.ame), margins: .ame)
        for output in [report.rendered(.text), report.rendered(.markdown)] {
            #expect(!output.unicodeScalars.contains { $0 == "\u{07}" || $0 == "\u{1B}" })
            #expect(output.contains("\\u{1B}"))
        }
        // The Markdown table escapes the HTML.
        #expect(!report.rendered(.markdown).contains("<img"))
        #expect(TerminalText.safe("ok\ttab\nline\u{9B}c1\u{7F}") == "ok\ttab\nline\\u{9B}c1\\u{7F}")
    }

    @Test func replicateFilesDefuseFormulaLikeNames() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))
        let model = try BinaryRegression.fit("low ~ age", data: data)
        let summary = try model.bootstrap(replicates: 19, intervals: [.bca], acceleration: .jackknife)
        // Names as a user's columns and levels may spell them.
        let names = ["=cmd|' /C calc'!A0", "@SUM(1+1)"]
        for csv in [summary.result.replicatesCSV(names: names), summary.result.jackknifeCSV(names: names)] {
            let header = try #require(csv.split(separator: "\n").first)
            #expect(header == "\(header.split(separator: ",").first ?? ""),'=cmd|' /C calc'!A0,'@SUM(1+1)", "\(header)")
        }
    }

    @Test func longTermNamesAreNotCutInTextTables() throws {
        let name = "sector_with_a_really_long_descriptive_name_that_goes_on"
        var strings = [String](), y = [Double](), x = [Double]()
        for i in 0..<60 {
            strings.append(i % 2 == 0 ? "\(name)_chemicals_pharma_discrete" : "base")
            y.append(i % 3 == 0 || i == 1 ? 1 : 0); x.append(Double(i % 7))
        }
        let data = try DataTable(columns: [Column(name: "y", numeric: y), Column(name: "x", numeric: x), Column(name: "g", strings: strings)])
        let model = try BinaryRegression.fit("y ~ x + C(g)", data: data)
        let text = FitReport(model: model, marginalEffects: try model.marginalEffects(.ame), margins: .ame).rendered(.text)
        #expect(text.contains("C(g)[T.\(name)_chemicals_pharma_discrete]"))
        #expect(text.contains("g[\(name)_chemicals_pharma_discrete]"))
    }
}
