import Foundation
import Testing
@testable import Formulas
import Regress

/// Very wide and very long inputs (hardening issue): each either works or fails with a typed
/// error that names the problem — never a trap, a failed allocation or a hang.
struct InputSizeTests {
    /// 3,000 columns and 3 rows: the table reads, and a linear probability model on every column
    /// estimates what the rows identify and reports the rest as aliased (R's `lm` gives NA).
    @Test func wideTableReadsAndFitsWithAliasedColumnsReported() throws {
        let names = (1...3_000).map { "x\($0)" }
        let rows = (0..<3).map { r in ([String(r % 2)] + names.indices.map { String(Double($0 * 7 + r * r) / 11) }).joined(separator: ",") }
        let data = try CSVReader.read(text: (["y"] + names).joined(separator: ",") + "\n" + rows.joined(separator: "\n") + "\n")
        #expect(data.columnNames.count == 3_001 && data.rowCount == 3)
        let report = try BinaryRegression.fit("y ~ " + names.joined(separator: " + "), data: data, model: .lpm)
        let estimated = report.fit.coefficients.filter { !$0.isAliased }
        #expect(estimated.count <= 3)
        #expect(report.fit.aliasedTerms.count == 3_001 - estimated.count)
        #expect(report.fit.diagnostics.contains { $0.kind == .aliasedTerms })
    }

    /// A factor with as many levels as rows would need n² doubles: refused before any column is
    /// built when that exceeds half the memory (checked here against a pretend 1 MB machine).
    @Test func designLargerThanMemoryIsRefusedBeforeAllocation() throws {
        let formula = try Formula("y ~ x + C(id)")
        let evaluated: [Factor: EvaluatedFactor] = [
            .variable("x"): .numeric([1, 2]),
            .categorical(column: "id", reference: nil, spelling: "C(id)"): .categorical(codes: [0, 1], labels: (0..<300).map(String.init)),
        ]
        let terms = [Term([])] + formula.terms
        // 302 columns: 2 × 8 × 302 × 300 bytes for the design + 10 × 8 × 302² for the p × p
        // matrices = 8.7 MB > 0.5 MB.
        let bytes: Double = 2 * 8 * 302 * 300 + 10 * 8 * 302 * 302
        #expect(throws: FormulaError.designTooLarge(rows: 300, columns: 302, gigabytes: bytes / 1e9, widestTerm: "C(id)", widestColumns: 300)) {
            try DesignBuilder.checkSize(terms: terms, evaluated: evaluated, rows: 300, memory: 1_000_000)
        }
        try DesignBuilder.checkSize(terms: terms, evaluated: evaluated, rows: 300, memory: 20_000_000)
    }

    /// Regression (no-cliffs issue): 14 columns of 1,282 rows read as text (numpy reprs such as
    /// `np.float64(0.53)`) became 14 factors and 17,935 design columns. With four p × p matrices
    /// counted the check passed on a 24 GiB machine, and the fit grew past 18 GB; with the ten
    /// measured it is refused at once.
    @Test func everyColumnCategoricalOnA24GiBMachineIsRefused() throws {
        let names = (1...14).map { "x\($0)" }
        let formula = try Formula("y ~ " + names.joined(separator: " + "))
        var evaluated = [Factor: EvaluatedFactor]()
        for name in names {
            evaluated[.variable(name)] = .categorical(codes: Array(0..<1282), labels: (0..<1282).map { "np.float64(\($0))" })
        }
        let terms = [Term([])] + formula.terms
        #expect(throws: FormulaError.self) {
            try DesignBuilder.checkSize(terms: terms, evaluated: evaluated, rows: 1282, memory: 24 * 1_073_741_824)
        }
    }

    /// Regression (no-cliffs issue): a 10,000-level factor on 10⁵ rows was refused on a 24 GiB
    /// machine (its dense design alone is 8 GB). Held as codes it needs 4 bytes a row, and only the
    /// p × p matrices count: it passes; the dense design still would not.
    @Test func aCodedFactorOf10000LevelsOn100000RowsPassesTheSizeCheck() throws {
        let formula = try Formula("y ~ x1 + x2 + C(g)")
        let n = 100_000
        let factor = Factor.categorical(column: "g", reference: nil, spelling: "C(g)")
        let evaluated: [Factor: EvaluatedFactor] = [
            .variable("x1"): .numeric([]), .variable("x2"): .numeric([]),
            factor: .categorical(codes: [], labels: (0..<10_000).map { "L\($0)" }),
        ]
        let terms = [Term([])] + formula.terms
        let coded = try #require(terms.first { $0.factors == [factor] })
        let memory = 24 * 1_073_741_824.0
        let widths = try DesignBuilder.checkSize(terms: terms, evaluated: evaluated, rows: n, coded: [coded], memory: memory)
        #expect(widths.total == 10_003 && widths.dense == 3)
        #expect(throws: FormulaError.self) {
            try DesignBuilder.checkSize(terms: terms, evaluated: evaluated, rows: n, memory: memory)
        }
    }

    /// 300,000 rows read and fit; kept + dropped rows add up with missing values scattered.
    @Test func longTableReadsAndFits() throws {
        var text = "y,x\n"
        text.reserveCapacity(300_000 * 12)
        for i in 0..<300_000 {
            let x = Double(i % 1000) / 100 - 5
            let y = (i * 7919) % 1000 < Int(1000 / (1 + exp(-x))) ? 1 : 0
            text += i % 10_007 == 0 ? "\(y),NA\n" : "\(y),\(x)\n"
        }
        let data = try CSVReader.read(text: text)
        #expect(data.rowCount == 300_000)
        let report = try BinaryRegression.fit("y ~ x", data: data)
        #expect(Int(report.fit.observationCount) + report.frame.droppedRowCount == 300_000)
        #expect(report.frame.droppedRowCount == 30)
        #expect(report.fit.converged)
        #expect(abs((report.fit.coefficient("x")?.estimate ?? 0) - 1) < 0.05)
    }
}
