import Foundation
import Testing
import TestSupport
import Regress

/// Issue 33, item 6: tables a journal accepts — fixed decimals (`--digits`, default 3), the
/// covariance as a short note under the table (not a statistics row), text tables no wider than
/// their entries, a model table of one model (`--table`), odds ratios and AMEs with their own
/// delta-method standard errors. (The LaTeX layout is compiled in `LaTeXCompileTests`.)
struct JournalTableTests {
    static let birthwt = FixtureFiles.url("reference/birthwt.csv").path

    @Test func fixedDecimalsNeverPrintNegativeZero() {
        #expect(Formatting.fixed(-0.0004) == "0.000" && Formatting.fixed(-0.0006) == "-0.001")
        #expect(Formatting.fixed(1.23456, digits: 2) == "1.23" && Formatting.fixed(12, digits: 0) == "12")
        #expect(Formatting.fixed(.nan) == "" && Formatting.latexNumber("-0.454") == "$-$0.454")
        #expect(Formatting.latexBreakable("C(g)[T.a\\_b]") == "C(\\allowbreak{}g)\\allowbreak{}[\\allowbreak{}T.a\\_\\allowbreak{}b]\\allowbreak{}")
    }

    @Test func oneModelTableWithChosenDigitsAndACovarianceNote() throws {
        let result = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age + smoke", "--table", "odds-ratios",
                                            "--digits", "2", "--vce", "hc1"])
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        // exp(β) of smoke with its delta-method SE at two decimals; the covariance is a note, not a row.
        let data = try CSVReader.read(contentsOf: URL(fileURLWithPath: Self.birthwt))
        let model = try BinaryRegression.fit("low ~ age + smoke", data: data, covariance: .hc1)
        let ratio = try #require(try model.oddsRatios().first { $0.term == "smoke" })
        let smoke = try #require(lines.firstIndex { $0.hasPrefix("smoke") })
        #expect(lines[smoke].contains(Formatting.fixed(ratio.estimateRow.estimate, digits: 2)))
        #expect(lines[smoke + 1].contains("(" + Formatting.fixed(ratio.estimateRow.standardError, digits: 2) + ")"))
        #expect(lines.contains("Standard errors: robust (HC1)."))
        #expect(!lines.contains { $0.hasPrefix("Covariance") })
        #expect(lines.contains { $0.contains("delta-method standard errors") })
        // No wider than needed: the longest line is the rule, the term column plus one model column.
        let widest = lines.prefix { !$0.hasPrefix("Odds ratios") }.map(\.count).max() ?? 0
        #expect(widest <= "Pseudo R² (McFadden)".count + 2 + "-118.13 (2)".count + 2, "\(widest)")
    }

    @Test func differentCovariancesAreNamedPerModel() throws {
        let data = try CSVReader.read(contentsOf: URL(fileURLWithPath: Self.birthwt))
        let logit = try BinaryRegression.fit("low ~ age + smoke", data: data, covariance: .hc1)
        let probit = try BinaryRegression.fit("low ~ age + smoke", data: data, model: .probit)
        let table = try ModelTable(columns: [ModelTable.Column(model: logit), ModelTable.Column(model: probit)])
        #expect(table.text.contains("Standard errors: logit robust (HC1); probit observed information."))
        #expect(table.markdown.contains("Standard errors: logit robust (HC1); probit observed information."))
        #expect(table.latex.contains("\\item Coefficients") && table.latex.contains("probit observed information."))
        var wide = table
        wide.digits = 5
        #expect(wide.text.contains(Formatting.fixed(logit.coefficient("smoke")?.estimate, digits: 5)))
    }

    @Test func digitsAndTablesAreValidated() throws {
        let digits = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age", "--digits", "4"])
        #expect(digits.status != 0 && digits.error.contains("--table"))
        let observations = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age", "--table", "coefficients",
                                                  "--observations", "/tmp/never-written.csv"])
        #expect(observations.status != 0 && observations.error.contains("--observations"))
    }
}
