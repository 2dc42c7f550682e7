import Foundation
import Testing
import TestSupport
@testable import Formulas
import Regress

/// A many-level factor held as codes (`DesignMatrix`, no-cliffs issue: its 8 GB of dense
/// indicators at 10,000 levels on 10⁵ rows were most of a 32 s fit) gives what the dense design
/// gives on every path a fitted model offers: the fit of each model, marginal effects, robust and
/// cluster covariances, predictions, term tests, profile intervals and the bootstrap.
struct CodedFactorTests {
    /// 2,400 rows, x, a 100-level factor g, cluster ids k, weights w, z constant within g's levels,
    /// and a region r that g is nested in.
    static func makeData() throws -> DataTable {
        var lines = ["y,x,g,k,w,z,r"]
        var random = SeededUniform(seed: 5)
        func uniform() -> Double { random.uniform() }
        for i in 0..<2400 {
            let level = i % 100, x = uniform() * 4 - 2
            let eta = -0.3 + 0.8 * x + Double(level % 9) * 0.15 - 0.6
            lines.append("\(uniform() < 1 / (1 + exp(-eta)) ? 1 : 0),\(x),L\(level < 10 ? "0" : "")\(level),k\(i % 31),\(1 + i % 3),\(level % 5),R\(level % 4)")
        }
        return try CSVReader.read(text: lines.joined(separator: "\n"))
    }

    /// The coded fit and the dense one (`DesignStorage.dense`).
    static func fits(_ formula: String, model: ModelKind, weights: Weights? = nil) throws
        -> (coded: BinaryRegressionModel, dense: BinaryRegressionModel) {
        let data = try makeData()
        let coded = try BinaryRegression.fit(formula, data: data, model: model, weights: weights)
        let dense = try BinaryRegression.fit(formula, data: data, model: model, weights: weights, storage: .dense)
        return (coded, dense)
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b)) || (a.isNaN && b.isNaN)
    }

    @Test(arguments: [ModelKind.logit, .probit, .cloglog, .cauchit, .firth, .lpm])
    func aCodedFactorGivesTheDenseFit(_ model: ModelKind) throws {
        let (coded, dense) = try Self.fits("y ~ x + C(g)", model: model, weights: model == .lpm ? .sampling("w") : .frequency("w"))
        #expect(coded.frame.designMatrix.isCoded && coded.frame.designMatrix.indicators?.columns == 1..<100)
        #expect(!dense.frame.designMatrix.isCoded)
        #expect(coded.frame.design.storage == dense.frame.design.storage, "the coded design materializes to the dense one")
        #expect(Self.close(coded.logLikelihood, dense.logLikelihood, 1e-10), "\(model)")
        #expect(coded.fit.converged == dense.fit.converged)
        #expect(coded.diagnostics.map(\.kind) == dense.diagnostics.map(\.kind), "\(model)")
        for (a, b) in zip(coded.coefficients, dense.coefficients) {
            let se = try #require(b.standardError)
            #expect(abs((a.estimate ?? .nan) - (b.estimate ?? .nan)) <= 1e-7 * se, "\(model) \(b.term)")
            #expect(Self.close(a.standardError ?? .nan, se, 1e-7), "\(model) \(b.term)")
        }
    }

    @Test func everyFollowUpOnACodedFactorGivesTheDenseAnswer() throws {
        let (coded, dense) = try Self.fits("y ~ x + C(g)", model: .logit)
        // Average marginal effects, the factor's discrete changes included.
        let codedEffects = try coded.marginalEffects(.ame), denseEffects = try dense.marginalEffects(.ame)
        #expect(codedEffects.count == 100 && codedEffects.map(\.term) == denseEffects.map(\.term))
        for (a, b) in zip(codedEffects, denseEffects) {
            #expect(Self.close(a.estimate, b.estimate, 1e-9) && Self.close(a.standardError, b.standardError, 1e-8), "\(b.term)")
        }
        // Robust and cluster covariances.
        for covariance in [Covariance.hc1, .hc3, .cluster(["k"]), .cluster(["g"]), .cluster(["k", "g"]), .classical(.expected)] {
            let v = try coded.covariance(covariance), w = try dense.covariance(covariance)
            var worst = 0.0
            for i in 0..<w.rows { for j in 0..<w.columns { worst = max(worst, abs(v[i, j] - w[i, j]) / (w[i, i] * w[j, j]).squareRoot()) } }
            #expect(worst <= 1e-7, "\(covariance): off by \(worst)")
        }
        // Predictions with intervals, a term's drop test, a Wald test.
        let codedPredictions = try coded.predict(interval: 0.95), densePredictions = try dense.predict(interval: 0.95)
        for (a, b) in zip(codedPredictions, densePredictions) {
            #expect(Self.close(a.estimate, b.estimate, 1e-9) && Self.close(a.standardError, b.standardError, 1e-7))
        }
        let codedDrop = try coded.dropTest("x"), denseDrop = try dense.dropTest("x")
        #expect(Self.close(codedDrop.wald?.statistic ?? .nan, denseDrop.wald?.statistic ?? .nan, 1e-8))
        #expect(Self.close(codedDrop.likelihoodRatio?.statistic ?? .nan, denseDrop.likelihoodRatio?.statistic ?? .nan, 1e-8))
        let factorDrop = try coded.dropTest("C(g)"), denseFactorDrop = try dense.dropTest("C(g)")
        #expect(Self.close(factorDrop.likelihoodRatio?.statistic ?? .nan, denseFactorDrop.likelihoodRatio?.statistic ?? .nan, 1e-8))
        // The bootstrap: the same replicates from the same seed.
        let codedBoot = try coded.bootstrap(replicates: 20, statistics: [.coefficient("x")], intervals: [.percentile], seed: 7)
        let denseBoot = try dense.bootstrap(replicates: 20, statistics: [.coefficient("x")], intervals: [.percentile], seed: 7)
        for (a, b) in zip(codedBoot.result.replicates, denseBoot.result.replicates) {
            #expect(zip(a, b).allSatisfy { Self.close($0, $1, 1e-8) })
        }
    }

    /// A variable constant within the factor's levels (a firm's size with firm effects) is
    /// aliased through the codes (`DesignMatrix.codedDependentColumns`) as the dense pivoted QR
    /// aliases it; so are the levels of the coded factor that a small factor's dummies before it
    /// span (regions of firms: the factor graph, `factorGraphDependentColumns`; it went to the
    /// dense QR, 152 s and 6.3 GB for 2,000 firms in 5 regions on 10⁵ rows).
    @Test func collinearColumnsOfACodedDesignAreAliasedAsOnTheDenseOne() throws {
        for (formula, aliased) in [("y ~ x + z + C(g)", ["z"]), ("y ~ x + C(r) + C(g)", ["C(g)[T.L97]", "C(g)[T.L98]", "C(g)[T.L99]"])] {
            let (coded, dense) = try Self.fits(formula, model: .logit)
            #expect(coded.frame.designMatrix.isCoded)
            #expect(coded.frame.designMatrix.codedDependentColumns() != nil, "\(formula): answered through the codes")
            #expect(dense.fit.aliasedTerms == aliased, "\(formula): \(dense.fit.aliasedTerms)")
            #expect(coded.fit.aliasedTerms == dense.fit.aliasedTerms, "\(formula): \(coded.fit.aliasedTerms)")
            for (a, b) in zip(coded.coefficients, dense.coefficients) where !b.isAliased {
                let se = try #require(b.standardError)
                #expect(abs((a.estimate ?? .nan) - (b.estimate ?? .nan)) <= 1e-7 * se, "\(formula) \(b.term)")
            }
        }
    }

    /// Where the dense design of a coded factor would not fit in memory, the paths that need it
    /// say so with the design-size error; the fit itself never builds it.
    @Test func theDenseDesignOfACodedFactorIsCheckedBeforeItIsBuilt() throws {
        let coded = try BinaryRegression.fit("y ~ x + C(g)", data: try Self.makeData(), model: .logit)
        #expect(throws: FormulaError.self) { try coded.frame.checkedDesign(memory: 1_000_000) }
        #expect(try coded.frame.checkedDesign().storage == coded.frame.design.storage)
        let dense = try BinaryRegression.fit("y ~ x + C(g)", data: try Self.makeData(), model: .logit, storage: .dense)
        // A dense frame's stored design is returned as it is, whatever the memory.
        #expect(try dense.frame.checkedDesign(memory: 1).storage == dense.frame.design.storage)
    }

    /// New data get the frame's storage: a coded factor stays codes (the design for new data was
    /// built dense and unchecked), the predictions equal the dense frame's, and a dense part that
    /// would not fit in memory is the design-size error, not an allocation.
    @Test func theDesignForNewDataKeepsTheFramesStorageAndIsChecked() throws {
        let data = try Self.makeData()
        let coded = try BinaryRegression.fit("y ~ x + C(g)", data: data, model: .logit)
        let dense = try BinaryRegression.fit("y ~ x + C(g)", data: data, model: .logit, storage: .dense)
        let newData = data.selectingRows(Array(stride(from: 0, to: 2400, by: 7)))
        let built = try coded.frame.design(for: newData)
        #expect(built.design.isCoded && built.design.columns == coded.frame.designMatrix.columns)
        #expect(try !dense.frame.design(for: newData).design.isCoded)
        let a = try coded.predict(newData: newData, interval: 0.95), b = try dense.predict(newData: newData, interval: 0.95)
        #expect(a.count == b.count && a.map(\.row) == b.map(\.row))
        for (x, y) in zip(a, b) {
            #expect(Self.close(x.estimate, y.estimate, 1e-9) && Self.close(x.standardError, y.standardError, 1e-7))
        }
        #expect(throws: FormulaError.self) { try dense.frame.design(for: newData, memory: 1000) }
    }

    /// A design that is a many-level factor alone (`y ~ 0 + C(g)`, the cell-means logit) has no
    /// dense column for the indicator block's Schur complement: it was coded anyway and the fit
    /// failed at its start ("XᵀWX is not finite or is singular", with OpenBLAS printing illegal
    /// `dsyrk` arguments). It is held dense, and each coefficient is its level's log odds.
    @Test func aFactorAloneIsACellMeansFitNotAFailedStart() throws {
        let data = try Self.makeData()
        let model = try BinaryRegression.fit("y ~ 0 + C(g)", data: data, model: .logit)
        #expect(!model.frame.designMatrix.isCoded && model.fit.converged)
        let y = data["y"]?.numericValues ?? [], g = data["g"]
        var events = [String: Double](), counts = [String: Double]()
        for i in 0..<data.rowCount {
            let level = g?.text(at: i) ?? ""
            events[level, default: 0] += y[i]
            counts[level, default: 0] += 1
        }
        for row in model.coefficients {
            let level = String(row.term.dropFirst("C(g)[".count).dropLast())
            let p = (events[level] ?? .nan) / (counts[level] ?? .nan)
            #expect(abs((row.estimate ?? .nan) - log(p / (1 - p))) <= 1e-8, "\(row.term)")
        }
        // The same class through a subset of columns: dropping x from y ~ 0 + C(g) + x leaves the
        // coded block alone, which the design layer now holds dense; the drop test is the dense one's.
        let coded = try BinaryRegression.fit("y ~ 0 + C(g) + x", data: data, model: .logit)
        let dense = try BinaryRegression.fit("y ~ 0 + C(g) + x", data: data, model: .logit, storage: .dense)
        #expect(coded.frame.designMatrix.isCoded)
        let a = try coded.dropTest("x"), b = try dense.dropTest("x")
        #expect(Self.close(a.likelihoodRatio?.statistic ?? .nan, b.likelihoodRatio?.statistic ?? .nan, 1e-8))
        #expect(Self.close(a.wald?.statistic ?? .nan, b.wald?.statistic ?? .nan, 1e-8))
    }
}
