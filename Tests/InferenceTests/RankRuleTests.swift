import Testing
import TestSupport
import LinearAlgebra
import LinearPredictor
@testable import Estimation
@testable import Inference

/// Issue 30, item 3: rank is decided by one rule everywhere (`RankRule`). Before, a design's
/// aliasing was judged at max(n, p)·ε, a restriction matrix's dependence at 1e−10 and R V Rᵀ by its
/// eigenvalues alone: a restriction 1e−10.5 away from the others was "dependent" while the same
/// direction in a design was a column to estimate.
struct RankRuleTests {
    /// One direction, written once as a fourth design column and once as a third restriction row,
    /// at distances δ from the span of the others: both verdicts flip together, at the rule's
    /// tolerance, and agree on each side of it.
    @Test func aRestrictionIsDependentExactlyWhenTheSameColumnWouldBeAliased() throws {
        let (fit, _) = try CovarianceReferenceTests.infert()
        let p = fit.coefficients.count
        var generator = SeededUniform(seed: 30)
        let n = 300
        let a = (0..<n).map { _ in generator.uniform() * 2 - 1 }, b = (0..<n).map { _ in generator.uniform() * 2 - 1 }
        // A unit-norm direction orthogonal to neither, so δ is the relative pivot up to a modest factor.
        let z = (0..<n).map { _ in generator.uniform() * 2 - 1 }
        for (delta, dependent) in [(0.0, true), (1e-14, true), (1e-13, true), (1e-9, false), (1e-6, false)] {
            let column = (0..<n).map { 0.1 * a[$0] + 0.3 * b[$0] + delta * z[$0] }
            let design = DesignMatrix(Matrix(columnVectors: [a, b, column]))
            #expect(try design.independentColumns() == (dependent ? [0, 1] : [0, 1, 2]), "δ = \(delta)")
            var r = Matrix(rows: 3, columns: p)
            r[0, 1] = 1; r[1, 2] = 1
            r[2, 1] = 0.1; r[2, 2] = 0.3; r[2, 3] = delta
            if dependent {
                #expect(throws: HypothesisTestError.singularRestrictions, "δ = \(delta)") {
                    try WaldTest.linearHypothesis(fit, restrictions: r, values: [0, 0, 0])
                }
            } else {
                // Independent for the rule; what remains is whether R V Rᵀ, an estimated covariance,
                // resolves that direction (`RankRule.Origin.estimated`): at 1e−9 it cannot.
                let result = Result { try WaldTest.linearHypothesis(fit, restrictions: r, values: [0, 0, 0]) }
                if case .failure(let error) = result {
                    #expect(error as? HypothesisTestError != .singularRestrictions, "δ = \(delta)")
                }
            }
        }
    }

    /// The information's verdict is the rule's: the fit's factor exists exactly when `RankRule`
    /// judges the cross-product regular, for a design whose last column moves away from the span
    /// of the others.
    @Test func theInformationIsJudgedByTheRule() throws {
        var generator = SeededUniform(seed: 31)
        let n = 200
        let a = (0..<n).map { _ in generator.uniform() }, z = (0..<n).map { _ in generator.uniform() - 0.5 }
        for (delta, regular) in [(0.0, false), (1e-12, false), (1e-5, true), (1e-2, true)] {
            let x = Matrix(columnVectors: [[Double](repeating: 1, count: n), a, a.indices.map { 2 - 3 * a[$0] + delta * z[$0] }])
            let gram = x.weightedCrossProduct(weights: [Double](repeating: 1, count: n))
            let verdict = RankRule.judge(crossProduct: gram)
            if case .regular = verdict { #expect(regular, "δ = \(delta)") } else { #expect(!regular, "δ = \(delta)") }
            #expect((InformationFactor.factor(gram) != nil) == regular, "δ = \(delta)")
        }
    }

    /// The rule's constants: R `glm.fit`'s tolerance, and cross-products floored at their resolution.
    @Test func theRulesTolerancesAreTheDocumentedOnes() {
        #expect(RankRule.tolerance == 1e-11)
        #expect(Matrix(rows: 1000, columns: 3).defaultRankTolerance == RankRule.tolerance)
        #expect(RankRule.crossProductTolerance(.formed) == 1e-14)
        #expect(RankRule.crossProductTolerance(.estimated) == 1e-10)
    }
}
