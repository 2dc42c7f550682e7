import Testing
import TestSupport
import LinearAlgebra
@testable import Estimation

/// OLS against R's `summary(lm(...))` on mtcars (Fixtures/ols/make-ols.R, R 4.2.2).
struct OLSReferenceTests {
    static let data: [String: [Double]] = {
        let rows = (try? FixtureFiles.table("ols/mtcars.csv")) ?? []
        var columns = [String: [Double]]()
        for name in ["mpg", "wt", "hp", "qsec", "wt2"] { columns[name] = rows.compactMap { $0[name].flatMap(Double.init) } }
        return columns
    }()

    static let reference: [String: [String: [String: Double?]]] = {
        let rows = (try? FixtureFiles.table("ols/ols-reference.csv")) ?? []
        var result = [String: [String: [String: Double?]]]()
        for row in rows {
            guard let model = row["model"], let item = row["item"] else { continue }
            var values = [String: Double?]()
            for key in ["estimate", "se", "t", "p"] { values[key] = row[key].flatMap(Double.init) }
            result[model, default: [:]][item] = values
        }
        return result
    }()

    static func fit(_ model: String) throws -> OLSFit {
        let n = data["mpg"]?.count ?? 0
        let terms: [String]
        var intercept = true
        switch model {
        case "full": terms = ["wt", "hp", "qsec"]
        case "aliased": terms = ["wt", "hp", "wt2", "qsec"]
        default: terms = ["wt", "hp"]; intercept = false
        }
        var columns = terms.map { data[$0] ?? [] }
        var names = terms
        if intercept {
            columns.insert([Double](repeating: 1, count: n), at: 0)
            names.insert("(Intercept)", at: 0)
        }
        return try OLS.fit(design: Matrix(columnVectors: columns), response: data["mpg"] ?? [], termNames: names)
    }

    @Test(arguments: ["full", "aliased", "intercept_free"])
    func matchesR(_ model: String) throws {
        let fit = try Self.fit(model)
        let expected = try #require(Self.reference[model])
        #expect(fit.coefficients.count == expected.keys.filter { !$0.hasPrefix(".") }.count)
        for row in fit.coefficients {
            let r = try #require(expected[row.term])
            guard let estimate = r["estimate"] ?? nil else {
                #expect(row.isAliased, "\(row.term) should be aliased as in R")
                continue
            }
            #expect(relativeError(row.estimate ?? .nan, estimate) <= 1e-10, "\(row.term) estimate")
            #expect(relativeError(row.standardError ?? .nan, (r["se"] ?? nil) ?? .nan) <= 1e-10, "\(row.term) se")
            #expect(relativeError(row.statistic ?? .nan, (r["t"] ?? nil) ?? .nan) <= 1e-10, "\(row.term) t")
            #expect(relativeError(row.pValue ?? .nan, (r["p"] ?? nil) ?? .nan) <= 1e-9, "\(row.term) p")
        }
        func statistic(_ name: String) -> Double { ((expected[name]?["estimate"]) ?? nil) ?? .nan }
        #expect(relativeError(fit.residualStandardDeviation, statistic(".sigma")) <= 1e-10)
        #expect(relativeError(fit.rSquared, statistic(".r.squared")) <= 1e-10)
        #expect(relativeError(fit.adjustedRSquared, statistic(".adj.r.squared")) <= 1e-10)
        #expect(relativeError(fit.fStatistic, statistic(".fstatistic")) <= 1e-10)
        #expect(Double(fit.fNumeratorDegreesOfFreedom) == statistic(".numdf"))
        #expect(Double(fit.residualDegreesOfFreedom) == statistic(".dendf"))
        #expect(relativeError(fit.fPValue, statistic(".f.pvalue")) <= 1e-9)
    }

    @Test func aliasedTermIsNamedAndLeftOut() throws {
        let fit = try Self.fit("aliased")
        #expect(fit.aliasedTerms == ["wt2"])
        #expect(fit.rank == 4)
        #expect(fit.coefficients.first { $0.term == "wt2" }?.estimate == nil)
        #expect(fit.covariance[3, 3].isNaN)
    }

    @Test func interceptIsDetected() throws {
        #expect(try Self.fit("full").hasIntercept)
        #expect(try !Self.fit("intercept_free").hasIntercept)
    }
}

struct OLSErrorTests {
    let design = Matrix(rowMajor: [[1, 0], [1, 1], [1, 2]])

    @Test func mismatchedResponse() {
        #expect(throws: ModelError.dimensionMismatch(responseCount: 2, designRows: 3)) {
            try OLS.fit(design: design, response: [1, 2], termNames: ["a", "b"])
        }
    }

    @Test func mismatchedNames() {
        #expect(throws: ModelError.termCountMismatch(names: 1, columns: 2)) {
            try OLS.fit(design: design, response: [1, 2, 3], termNames: ["a"])
        }
    }

    @Test func nonFiniteDesignNamesTheColumnAndRow() {
        var bad = design
        bad[2, 1] = .infinity
        #expect(throws: ModelError.nonFiniteValue(variable: "design column 'x'", row: 2)) {
            try OLS.fit(design: bad, response: [1, 2, 3], termNames: ["Intercept", "x"])
        }
        let message = ModelError.nonFiniteValue(variable: "design column 'x'", row: 2).description
        #expect(message.contains("row 3") && message.contains("'x'"))
    }

    @Test func nonFiniteResponse() {
        #expect(throws: ModelError.nonFiniteValue(variable: "the response", row: 0)) {
            try OLS.fit(design: design, response: [.nan, 2, 3], termNames: ["a", "b"])
        }
    }

    @Test func noResidualDegreesOfFreedom() {
        let square = Matrix(rowMajor: [[1, 0], [1, 1]])
        #expect(throws: ModelError.tooFewObservations(observations: 2, parameters: 2)) {
            try OLS.fit(design: square, response: [1, 2], termNames: ["a", "b"])
        }
    }

    @Test func emptyDesign() {
        #expect(throws: ModelError.emptyDesign) {
            try OLS.fit(design: Matrix(rows: 3, columns: 0), response: [1, 2, 3], termNames: [])
        }
    }
}
