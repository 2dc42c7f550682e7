import Foundation
import Testing
import TestSupport
import Regress

/// Several many-level factors held as codes (issue 35: `y ~ x1 + x2 + C(g) + C(h)` with 2,000
/// levels each on 10⁵ rows did not finish in 600 s, 1.9 GB, because the second factor was built
/// dense): each reported level's estimate and every covariance equal the dense design's.
struct TwoFactorCodedTests {
    /// 3,000 rows: x1, x2, a 100-level factor g and an 80-level factor h (crossed, both above the
    /// 64-column threshold, so both are held as codes), cluster ids k, weights w, an offset o, a
    /// variable z = f(g) + f(h) (in the factors' span), and a split s of h's levels that makes the
    /// g–h graph fall apart into two components in `componentData`.
    static func makeData(rows: Int = 3000, separatedLevel: Bool = false, components: Bool = false) throws -> DataTable {
        var lines = ["y,x1,x2,g,h,k,w,o,z"]
        var random = SeededUniform(seed: 11)
        func uniform() -> Double { random.uniform() }
        for i in 0..<rows {
            var g = Int(uniform() * 100), h = Int(uniform() * 80)
            if i < 100 { g = i; h = i % 80 }       // every level present
            if components {
                // Levels g < 50 meet only h < 40, the rest only h ≥ 40: two components.
                h = g < 50 ? h % 40 : 40 + h % 40
            }
            let x1 = uniform() * 4 - 2, x2 = uniform()
            let eta = -0.4 + 0.7 * x1 - 0.5 * x2 + Double(g % 7) * 0.12 - Double(h % 5) * 0.15
            var y = uniform() < 1 / (1 + exp(-eta)) ? 1 : 0
            if separatedLevel && g == 3 { y = 0 }
            let z = Double(g % 9) * 0.5 + Double(h % 4) * 1.5
            lines.append("\(y),\(x1),\(x2),G\(g),H\(h),k\(i % 37),\(1 + i % 3),\(Double(i % 5) * 0.1),\(z)")
        }
        return try CSVReader.read(text: lines.joined(separator: "\n"))
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b)) || (a.isNaN && b.isNaN)
    }

    /// The largest |Vᵢⱼ − Wᵢⱼ| / √(WᵢᵢWⱼⱼ).
    static func worst(_ v: Matrix, _ w: Matrix) -> Double {
        var worst = 0.0
        for i in 0..<w.rows { for j in 0..<w.columns { worst = max(worst, abs(v[i, j] - w[i, j]) / (w[i, i] * w[j, j]).squareRoot()) } }
        return worst
    }

    @Test(arguments: [ModelKind.logit, .probit, .cloglog, .cauchit, .firth, .lpm])
    func twoCodedFactorsGiveTheDenseFit(_ model: ModelKind) throws {
        let data = try Self.makeData()
        let weights: Weights = model == .lpm ? .sampling("w") : .frequency("w")
        let offset = model == .lpm ? nil : "o"
        let formula = "y ~ x1 + x2 + C(g) + C(h)"
        let coded = try BinaryRegression.fit(formula, data: data, model: model, weights: weights, offset: offset)
        let dense = try BinaryRegression.fit(formula, data: data, model: model, weights: weights, offset: offset, storage: .dense)
        #expect(coded.frame.designMatrix.isCoded && !dense.frame.designMatrix.isCoded)
        #expect(coded.frame.designMatrix.codedFactorCount == 2, "both factors held as codes")
        #expect(coded.frame.design.storage == dense.frame.design.storage, "the coded design materializes to the dense one")
        #expect(Self.close(coded.logLikelihood, dense.logLikelihood, 1e-10), "\(model)")
        #expect(coded.diagnostics.map(\.kind) == dense.diagnostics.map(\.kind), "\(model)")
        #expect(coded.coefficients.count == 1 + 2 + 99 + 79)
        for (a, b) in zip(coded.coefficients, dense.coefficients) {
            let se = try #require(b.standardError)
            #expect(abs((a.estimate ?? .nan) - (b.estimate ?? .nan)) <= 1e-7 * se, "\(model) \(b.term)")
            #expect(Self.close(a.standardError ?? .nan, se, 1e-7), "\(model) \(b.term)")
        }
    }

    @Test func everyCovarianceOfTwoCodedFactorsIsTheDenseOne() throws {
        let data = try Self.makeData()
        let formula = "y ~ x1 + x2 + C(g) + C(h)"
        for model in [ModelKind.logit, .probit] {
            let coded = try BinaryRegression.fit(formula, data: data, model: model, offset: "o")
            let dense = try BinaryRegression.fit(formula, data: data, model: model, offset: "o", storage: .dense)
            let covariances: [Covariance] = [.classical(.expected), .classical(.observed), .hc0, .hc1, .hc2, .hc3,
                                             .cluster(["k"]), .cluster(["g"]), .cluster(["h"]), .cluster(["g", "h"]),
                                             .cluster(["k"], adjustment: .none)]
            for covariance in covariances {
                let v = try coded.covariance(covariance), w = try dense.covariance(covariance)
                #expect(Self.worst(v, w) <= 1e-7, "\(model) \(covariance): off by \(Self.worst(v, w))")
            }
            // Sampling weights: the pseudo-likelihood sandwich.
            let weightedCoded = try BinaryRegression.fit(formula, data: data, model: model, weights: .sampling("w"))
            let weightedDense = try BinaryRegression.fit(formula, data: data, model: model, weights: .sampling("w"), storage: .dense)
            let v = try weightedCoded.covariance(.robust), w = try weightedDense.covariance(.robust)
            #expect(Self.worst(v, w) <= 1e-7, "\(model) sampling weights")
        }
    }

    @Test func followUpsOnTwoCodedFactorsGiveTheDenseAnswers() throws {
        let data = try Self.makeData()
        let formula = "y ~ x1 + x2 + C(g) + C(h)"
        let coded = try BinaryRegression.fit(formula, data: data)
        let dense = try BinaryRegression.fit(formula, data: data, storage: .dense)
        let codedEffects = try coded.marginalEffects(.ame, variables: ["x1", "x2"])
        let denseEffects = try dense.marginalEffects(.ame, variables: ["x1", "x2"])
        for (a, b) in zip(codedEffects, denseEffects) {
            #expect(Self.close(a.estimate, b.estimate, 1e-9) && Self.close(a.standardError, b.standardError, 1e-8), "\(b.term)")
        }
        let newData = data.selectingRows(Array(stride(from: 0, to: 3000, by: 7)))
        let built = try coded.frame.design(for: newData)
        #expect(built.design.codedFactorCount == 2)
        let a = try coded.predict(newData: newData, interval: 0.95), b = try dense.predict(newData: newData, interval: 0.95)
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) {
            #expect(Self.close(x.estimate, y.estimate, 1e-9) && Self.close(x.standardError, y.standardError, 1e-7))
        }
        for term in ["x1", "C(h)"] {
            let c = try coded.dropTest(term), d = try dense.dropTest(term)
            #expect(Self.close(c.likelihoodRatio?.statistic ?? .nan, d.likelihoodRatio?.statistic ?? .nan, 1e-8), "\(term)")
            #expect(Self.close(c.wald?.statistic ?? .nan, d.wald?.statistic ?? .nan, 1e-7), "\(term)")
        }
        let hats = try coded.observations(), denseHats = try dense.observations()
        for name in ["hat", "cooks_distance"] {
            guard case .numeric(let x)? = hats[name]?.values, case .numeric(let y)? = denseHats[name]?.values else {
                Issue.record("no \(name) column")
                continue
            }
            #expect(zip(x, y).allSatisfy { Self.close($0, $1, 1e-8) }, "\(name)")
        }
    }

    /// Aliasing through the codes (`DesignMatrix.factorGraphDependentColumns`) as the dense pivoted
    /// QR aliases: a variable in the factors' span (z = f(g) + f(h)), and the one level per extra
    /// component of the g–h graph.
    @Test func aliasingWithTwoCodedFactorsIsTheDenseQRs() throws {
        for (components, formula) in [(false, "y ~ x1 + z + C(g) + C(h)"), (true, "y ~ x1 + x2 + C(g) + C(h)")] {
            let data = try Self.makeData(components: components)
            let coded = try BinaryRegression.fit(formula, data: data)
            let dense = try BinaryRegression.fit(formula, data: data, storage: .dense)
            #expect(coded.frame.designMatrix.codedFactorCount == 2)
            #expect(coded.frame.designMatrix.codedDependentColumns() != nil, "answered through the codes, not the dense QR")
            #expect(!dense.fit.aliasedTerms.isEmpty, "\(formula): the data must alias a column (\(components))")
            #expect(coded.fit.aliasedTerms == dense.fit.aliasedTerms, "\(formula): \(coded.fit.aliasedTerms) vs \(dense.fit.aliasedTerms)")
            for (a, b) in zip(coded.coefficients, dense.coefficients) where !b.isAliased {
                let se = try #require(b.standardError)
                #expect(abs((a.estimate ?? .nan) - (b.estimate ?? .nan)) <= 1e-6 * se, "\(formula) \(b.term)")
            }
        }
    }

    /// A level of g whose rows are all 0: the separation verdict is the dense design's.
    @Test func aSeparatedLevelBesideASecondCodedFactorIsReportedAsOnTheDenseDesign() throws {
        let data = try Self.makeData(separatedLevel: true)
        let coded = try BinaryRegression.fit("y ~ x1 + C(g) + C(h)", data: data)
        let dense = try BinaryRegression.fit("y ~ x1 + C(g) + C(h)", data: data, storage: .dense)
        #expect(dense.diagnostics.contains { $0.kind == .separation })
        #expect(coded.diagnostics.map(\.kind) == dense.diagnostics.map(\.kind))
        #expect(coded.fit.separatedTerms == dense.fit.separatedTerms && !dense.fit.separatedTerms.isEmpty)
    }
}

extension TwoFactorCodedTests {
    /// Where the null space of the overlap rows beside a second coded factor would cost more than
    /// `Separation.codedNullSpaceLimit` (10⁵ rows beside a 2,000-level factor took 49 s and 3.4 GB),
    /// the check ends without a verdict and the fit says so, instead of a dense QR of m × k.
    @Test func aSeparationCheckBeyondItsLimitBesideASecondCodedFactorSaysItHasNoVerdict() throws {
        var lines = ["y,x,g,h"]
        var random = SeededUniform(seed: 4)
        for i in 0..<6000 {
            let g = i % 1500, h = i < 1400 ? i : Int(random.uniform() * 1400)
            let x = random.uniform() * 2 - 1
            let y = g == 7 ? 0 : (random.uniform() < 1 / (1 + exp(-(0.5 * x))) ? 1 : 0)
            lines.append("\(y),\(x),G\(g),H\(h)")
        }
        let data = try CSVReader.read(text: lines.joined(separator: "\n"))
        // Few iterations: the check runs on whatever the fit reached, and the test stays quick.
        let model = try BinaryRegression.fit("y ~ x + C(g) + C(h)", data: data, iterations: IterationOptions(maxIterations: 3))
        #expect(model.frame.designMatrix.codedFactorCount == 2)
        #expect(model.diagnostics.contains { $0.kind == .separationUndetermined }, "\(model.diagnostics.map(\.kind))")
    }
}

extension TwoFactorCodedTests {
    /// Three coded factors: a third crossed with the others adds all its columns, which the codes
    /// answer without the dense QR; one nested in the first (its levels a function of g's) closes
    /// cycles, and the dense QR decides. Both give the dense design's aliasing and estimates.
    @Test(arguments: [false, true])
    func threeCodedFactorsAliasAsTheDenseQR(_ nested: Bool) throws {
        let base = try Self.makeData()
        let g = (0..<base.rowCount).map { base["g"]?.text(at: $0) ?? "" }
        let k: [String?] = (0..<base.rowCount).map { row in
            nested ? "K\((Int(g[row].dropFirst()) ?? 0) % 70)" : "K\((row * 13) % 70)"
        }
        let data = try DataTable(columns: base.columns + [Column(name: "m", strings: k)])
        let formula = "y ~ x1 + x2 + C(g) + C(h) + C(m)"
        let coded = try BinaryRegression.fit(formula, data: data)
        let dense = try BinaryRegression.fit(formula, data: data, storage: .dense)
        #expect(coded.frame.designMatrix.codedFactorCount == 3)
        #expect((coded.frame.designMatrix.codedDependentColumns() != nil) == !nested, "nested: \(nested)")
        #expect(coded.fit.aliasedTerms == dense.fit.aliasedTerms, "\(coded.fit.aliasedTerms) vs \(dense.fit.aliasedTerms)")
        #expect(nested == !dense.fit.aliasedTerms.isEmpty)
        for (a, b) in zip(coded.coefficients, dense.coefficients) where !b.isAliased {
            let se = try #require(b.standardError)
            #expect(abs((a.estimate ?? .nan) - (b.estimate ?? .nan)) <= 1e-6 * se, "\(b.term)")
            #expect(Self.close(a.standardError ?? .nan, se, 1e-6), "\(b.term)")
        }
    }
}

extension TwoFactorCodedTests {
    /// Layouts around two coded factors: no intercept (the first factor in full), the factors
    /// alone, a numeric column between them, an interaction after them, zero weights, and the
    /// cauchit's observed information: each fit, its aliasing and covariance are the dense design's.
    @Test(arguments: ["y ~ 0 + C(g) + C(h) + x1", "y ~ C(g) + C(h)", "y ~ C(g) + x1 + C(h)", "y ~ x1 + C(g) + C(h) + x1:x2",
                      "y ~ C(h) + C(g) + x2"])
    func layoutsAroundTwoCodedFactorsGiveTheDenseFit(_ formula: String) throws {
        let base = try Self.makeData()
        let weights = (0..<base.rowCount).map { $0 % 7 == 3 ? 0.0 : Double(1 + $0 % 3) }
        let data = try DataTable(columns: base.columns + [Column(name: "fw", numeric: weights)])
        for model in [ModelKind.logit, .cauchit] {
            let coded = try BinaryRegression.fit(formula, data: data, model: model, weights: .frequency("fw"))
            let dense = try BinaryRegression.fit(formula, data: data, model: model, weights: .frequency("fw"), storage: .dense)
            #expect(coded.frame.design.storage == dense.frame.design.storage, "\(formula)")
            #expect(coded.fit.aliasedTerms == dense.fit.aliasedTerms, "\(formula) \(model)")
            #expect(Self.close(coded.logLikelihood, dense.logLikelihood, 1e-9), "\(formula) \(model)")
            for (a, b) in zip(coded.coefficients, dense.coefficients) where !b.isAliased {
                let se = try #require(b.standardError)
                #expect(abs((a.estimate ?? .nan) - (b.estimate ?? .nan)) <= 1e-6 * se, "\(formula) \(model) \(b.term)")
                #expect(Self.close(a.standardError ?? .nan, se, 1e-6), "\(formula) \(model) \(b.term)")
            }
            let v = try coded.covariance(.cluster(["k"])), w = try dense.covariance(.cluster(["k"]))
            #expect(Self.worst(v, w) <= 1e-6, "\(formula) \(model) cluster: \(Self.worst(v, w))")
        }
    }
}
