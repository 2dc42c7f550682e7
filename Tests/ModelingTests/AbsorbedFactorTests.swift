import Foundation
import Testing
import Regress
import TestSupport

/// Issue 35, item 1: factors absorbed with fixest's notation (`y ~ x | g + h`). The other terms'
/// estimates, likelihood and every covariance equal the dense fit with every level's indicator
/// (`C(g) + C(h)`, expected information) for every link, with weights and an offset; against
/// pyfixest's `feglm` (`Fixtures/absorbed/make-absorbed.py`) the coefficients and cluster SEs agree,
/// a level without events is reported and its rows left out as pyfixest drops them; what needs the
/// fixed effects' estimates is refused.
struct AbsorbedFactorTests {
    static func data() throws -> DataTable { try CSVReader.read(contentsOf: FixtureFiles.url("absorbed/absorbed-data.csv")) }

    /// The fixture without its separated level (the dense fit would report it as −∞), with weights and an offset.
    static func overlapping() throws -> DataTable {
        let data = try data()
        let rows = (0..<data.rowCount).filter { data["g"]?.text(at: $0) != "g7" }
        let table = data.selectingRows(rows)
        let w = (0..<table.rowCount).map { 0.5 + Double($0 % 4) * 0.25 }, o = (0..<table.rowCount).map { Double($0 % 5) * 0.05 - 0.1 }
        return try DataTable(columns: table.columns + [Column(name: "w", numeric: w), Column(name: "o", numeric: o)])
    }

    static func close(_ a: Double?, _ b: Double?, _ tolerance: Double, _ what: String) {
        guard let a, let b else { Issue.record("\(what): missing"); return }
        #expect(relativeError(a, b) <= tolerance, "\(what): \(a) vs \(b)")
    }

    @Test(arguments: [ModelKind.logit, .probit, .cloglog, .cauchit])
    func equalsTheDenseFitWithEveryLevel(_ kind: ModelKind) throws {
        let data = try Self.overlapping()
        let absorbed = try BinaryRegression.fit("y ~ x1 + x2 | g + h", data: data, model: kind, weights: .frequency("w"), offset: "o",
                                                clusters: ["cl"])
        let dense = try BinaryRegression.fit("y ~ x1 + x2 + C(g) + C(h)", data: data, model: kind, weights: .frequency("w"), offset: "o",
                                             clusters: ["cl"], information: .expected)
        // One connected pair of factors: L₁ + L₂ − 1 parameters (g7 is not in these data).
        #expect(absorbed.coefficientNames == ["x1", "x2"] && absorbed.absorbed?.absorbedParameters == 39 + 30 - 1)
        Self.close(absorbed.logLikelihood, dense.logLikelihood, 1e-9, "\(kind) logLik")
        Self.close(absorbed.fit.aic, dense.fit.aic, 1e-9, "\(kind) AIC")
        for covariance in [nil, Covariance.hc0, .hc1, .robust, .cluster(["cl"]), .cluster(["cl"], adjustment: .sandwich),
                           .cluster(["cl"], adjustment: .none), .cluster(["cl", "g"])] {
            let a = try covariance.map { try absorbed.withCovariance($0) } ?? absorbed
            let b = try covariance.map { try dense.withCovariance($0) } ?? dense
            for term in ["x1", "x2"] {
                Self.close(a.coefficient(term)?.estimate, b.coefficient(term)?.estimate, 1e-7, "\(kind) \(term)")
                Self.close(a.coefficient(term)?.standardError, b.coefficient(term)?.standardError, 1e-6, "\(kind) \(String(describing: covariance)) SE \(term)")
            }
        }
        // The likelihood-ratio test of a term refits with the factors absorbed.
        Self.close(try absorbed.dropTest("x2").likelihoodRatio?.statistic, try dense.dropTest("x2").likelihoodRatio?.statistic, 1e-6, "\(kind) LR")
    }

    @Test(arguments: ["logit", "probit"])
    func matchesPyfixestFeglm(_ family: String) throws {
        let reference = FixtureFiles.referenceCase("absorbed/absorbed-reference.csv", family)
        let model = try BinaryRegression.fit("y ~ x1 + x2 | g + h", data: Self.data(), model: family == "logit" ? .logit : .probit,
                                             covariance: .cluster(["cl"], adjustment: .sandwich))
        for term in ["x1", "x2"] {
            Self.close(model.coefficient(term)?.estimate, reference["coef:\(term)"], 1e-6, "\(family) \(term)")
            Self.close(model.coefficient(term)?.standardError, reference["cluster_se:\(term)"], 1e-5, "\(family) SE \(term)")
        }
        #expect(model.observationCount == reference["nobs"])
        // g7 has no event: reported, its 71 rows left out.
        let separation = try #require(model.diagnostics.first { $0.kind == .separation })
        #expect(separation.terms == ["g=g7"] && separation.message.contains("71 rows"))
        #expect(model.absorbed?.separatedRows == 71)
    }

    @Test func fixedEffectsProjectAndCountTheirRank() {
        // Two factors in two disconnected blocks: rank L₁ + L₂ − 2.
        let effects = FixedEffects(names: ["g", "h"], codes: [[0, 0, 1, 1, 2, 2], [0, 1, 0, 1, 2, 2]], levelCounts: [3, 3])
        #expect(effects.rank(weights: nil) == 3 + 3 - 2)
        let projected = effects.demean([[1, 2, 3, 5, 7, 7]], weights: [1, 1, 1, 1, 1, 1])
        #expect(projected.converged)
        // The projection is orthogonal to every level of both factors.
        for (f, levels) in [(0, 3), (1, 3)] {
            for level in 0..<levels {
                let sum = (0..<6).filter { effects.codes[f][$0] == level }.reduce(0.0) { $0 + projected.columns[0][$1] }
                #expect(abs(sum) < 1e-12, "factor \(f) level \(level)")
            }
        }
    }

    /// Under sampling weights the absorbed fit's table is the sandwich, equal to the dense fit's.
    @Test func samplingWeightsGetTheSandwich() throws {
        let data = try Self.overlapping()
        let absorbed = try BinaryRegression.fit("y ~ x1 + x2 | g + h", data: data, weights: .sampling("w"))
        let dense = try BinaryRegression.fit("y ~ x1 + x2 + C(g) + C(h)", data: data, weights: .sampling("w"), information: .expected)
        #expect(absorbed.fit.likelihoodIsPseudo && absorbed.fit.covarianceEstimator == .robust)
        for term in ["x1", "x2"] {
            Self.close(absorbed.coefficient(term)?.standardError, dense.coefficient(term)?.standardError, 1e-6, "SE \(term)")
        }
        #expect(throws: ModelingError.self) { try absorbed.withCovariance(.classical(nil)) }
    }

    @Test func whatNeedsTheFixedEffectsIsRefused() throws {
        let model = try BinaryRegression.fit("y ~ x1 + x2 | g + h", data: Self.data())
        #expect(throws: ModelingError.self) { try model.marginalEffects() }
        #expect(throws: ModelingError.self) { try model.predict() }
        #expect(throws: ModelingError.self) { try model.observations() }
        #expect(throws: ModelingError.self) { try model.bootstrap(replicates: 9) }
        #expect(throws: ModelingError.self) { try model.withCovariance(.hc3) }
        #expect(throws: ModelingError.self) { try BinaryRegression.fit("y ~ x1 + x2 | g + h", data: Self.data(), model: .firth) }
        #expect(throws: ModelingError.self) { try BinaryRegression.fit("y ~ x1 + x2 | g + h", data: Self.data(), model: .lpm) }
        #expect(throws: ModelingError.self) { try BinaryRegression.fit("y ~ x1 + x2 | g", data: Self.data(), model: .probit, information: .observed) }
        #expect(throws: FormulaError.self) { try Formula("y ~ x1 | g + g") }
        #expect(throws: FormulaError.self) { try Formula("y ~ x1 | ") }
        #expect(try Formula("y ~ x1 + x2 | g + h").absorbed == ["g", "h"] && !(try Formula("y ~ x1 | g").hasIntercept))
    }
}

extension AbsorbedFactorTests {
    /// Three absorbed factors (issue 35: "any number of factors"): estimates, the likelihood, AIC
    /// and every covariance with a small-sample factor (HC1, Stata's cluster adjustment) equal the
    /// dense fit with every level — for a third factor crossed with the others, and for one nested
    /// in the first (its levels add no parameter, which a count of one redundant level per further
    /// factor would get wrong).
    @Test(arguments: [false, true])
    func threeAbsorbedFactorsEqualTheDenseFit(_ nested: Bool) throws {
        let base = try Self.overlapping()
        let g = (0..<base.rowCount).map { base["g"]?.text(at: $0) ?? "" }
        // Nested: k is g's number modulo 3, so k's indicators lie in g's span.
        let k: [String?] = (0..<base.rowCount).map { row in nested ? "k\((Int(g[row].dropFirst()) ?? 0) % 3)" : "k\(row % 6)" }
        let data = try DataTable(columns: base.columns + [Column(name: "k", strings: k)])
        let absorbed = try BinaryRegression.fit("y ~ x1 + x2 | g + h + k", data: data, weights: .frequency("w"), offset: "o")
        let dense = try BinaryRegression.fit("y ~ x1 + x2 + C(g) + C(h) + C(k)", data: data, weights: .frequency("w"), offset: "o",
                                             information: .expected, storage: .dense)
        let aliased = dense.fit.aliasedTerms.count
        #expect(nested == (aliased > 0), "nested: \(nested), aliased \(dense.fit.aliasedTerms)")
        Self.close(absorbed.logLikelihood, dense.logLikelihood, 1e-9, "logLik")
        Self.close(absorbed.fit.aic, dense.fit.aic, 1e-9, "AIC (nested: \(nested))")
        for covariance in [Covariance.hc1, .cluster(["cl"])] {
            let a = try absorbed.withCovariance(covariance), b = try dense.withCovariance(covariance)
            for term in ["x1", "x2"] {
                Self.close(a.coefficient(term)?.estimate, b.coefficient(term)?.estimate, 1e-7, "\(term)")
                Self.close(a.coefficient(term)?.standardError, b.coefficient(term)?.standardError, 1e-6, "\(covariance) SE \(term) (nested: \(nested))")
            }
        }
    }
}

extension AbsorbedFactorTests {
    /// Beyond `FixedEffects.exactRankLimit` further levels the count of three or more absorbed
    /// factors is fixest's, and the report says so (text and JSON); below it, and for two factors,
    /// it is exact and nothing is said.
    @Test func anApproximateParameterCountIsSaid() throws {
        let small = FixedEffects(names: ["g", "h", "k"], codes: [[0, 1], [0, 1], [0, 1]], levelCounts: [2, 2, 2])
        let large = FixedEffects(names: ["g", "h", "k"], codes: [[0, 1], [0, 1], [0, 1]], levelCounts: [2, 1_500, 600])
        let two = FixedEffects(names: ["g", "h"], codes: [[0, 1], [0, 1]], levelCounts: [2, 5_000])
        #expect(small.rankIsExact && two.rankIsExact && !large.rankIsExact)
        let model = try BinaryRegression.fit("y ~ x1 + x2 | g + h", data: Self.data())
        let report = FitReport(model: model)
        #expect(report.absorbedSummary?.contains("fixest's count") == false)
        #expect(report.json.rendered().contains("\"parametersExact\":true"), "\(report.json.rendered())")
    }
}

extension AbsorbedFactorTests {
    /// Bug: a term constant within the levels of an absorbed factor (here 0.3 × the level's
    /// number: the same inexact double on each row of a level) was kept, with an arbitrary
    /// estimate and a standard error near 1e14, because its projection — rounding noise — was
    /// judged scaled to unit norm. It is aliased now, as in the dense fit with every level, by
    /// the dense design's rule (the residual against the column's norm before the projection); so
    /// is a term collinear with an earlier term and the factors together. One factor and two,
    /// with and without weights; the other terms' estimates and SEs are the dense fit's.
    @Test(arguments: [("y ~ x1 + xg + x2 | g", "y ~ x1 + xg + x2 + C(g)"), ("y ~ x1 + xg + x2 | g + h", "y ~ x1 + xg + x2 + C(g) + C(h)"),
                      ("y ~ x1 + x1g + x2 | g + h", "y ~ x1 + x1g + x2 + C(g) + C(h)")], [false, true])
    func aTermConstantWithinTheLevelsIsAliasedAsInTheDenseFit(_ formulas: (String, String), _ weighted: Bool) throws {
        let base = try Self.overlapping()
        let level = (0..<base.rowCount).map { Double(base["g"]?.text(at: $0)?.dropFirst() ?? "") ?? 0 }
        let x1 = try #require(base["x1"]?.numericValues)
        let data = try DataTable(columns: base.columns + [Column(name: "xg", numeric: level.map { 0.3 * $0 + 0.1 }),
                                                          Column(name: "x1g", numeric: zip(x1, level).map { 2 * $0 + 0.7 * $1 })])
        let weights: Weights? = weighted ? .frequency("w") : nil
        let absorbed = try BinaryRegression.fit(formulas.0, data: data, weights: weights)
        let dense = try BinaryRegression.fit(formulas.1, data: data, weights: weights, information: .expected, storage: .dense)
        let aliased = formulas.0.contains("xg") ? "xg" : "x1g"
        #expect(absorbed.fit.aliasedTerms == [aliased], "\(formulas.0): \(absorbed.fit.aliasedTerms)")
        #expect(dense.fit.aliasedTerms.contains(aliased))
        #expect(absorbed.diagnostics.contains { $0.kind == .aliasedTerms && $0.terms == [aliased] })
        for term in ["x1", "x2"] {
            Self.close(absorbed.coefficient(term)?.estimate, dense.coefficient(term)?.estimate, 1e-7, "\(formulas.0) \(term)")
            Self.close(absorbed.coefficient(term)?.standardError, dense.coefficient(term)?.standardError, 1e-6, "\(formulas.0) SE \(term)")
        }
    }
}
