import Foundation
import Testing
import TestSupport
import LinearAlgebra
import LinearPredictor
import Tables
import Formulas
@testable import Estimation
@testable import Inference

/// Issue 29, items 1–2: every rank or singularity decision is made by an explicit rule with a
/// tolerance, so inputs that differ by what BLAS kernels change (a few ulps, row order, blocked
/// against unblocked sums) get the same verdict, on both sides of the tolerance's margin. Before,
/// a duplicated restriction was caught only when a Cholesky of R V Rᵀ happened to fail: on an
/// Intel Xeon whose OpenBLAS picked its generic kernel it did not, and `x = 0` twice gave χ²(2).
struct KernelIndependenceTests {
    /// `value` moved by `ulps` units in the last place.
    static func nudged(_ value: Double, ulps: Int) -> Double {
        var result = value
        for _ in 0..<abs(ulps) { result = ulps > 0 ? result.nextUp : result.nextDown }
        return result
    }

    /// XᵀX summed row by row in plain Swift (the unblocked sum) instead of BLAS's `dsyrk`.
    static func naiveGram(_ x: Matrix) -> Matrix {
        var gram = Matrix(rows: x.columns, columns: x.columns)
        for a in 0..<x.columns {
            for b in 0..<x.columns {
                var sum = 0.0
                for i in 0..<x.rows { sum += x[i, a] * x[i, b] }
                gram[a, b] = sum
            }
        }
        return gram
    }

    /// Rows in reverse order.
    static func reversedRows(_ x: Matrix) -> Matrix { x.selectingRows(Array((0..<x.rows).reversed())) }

    static func clusteredFit() throws -> (GLMFit, ModelFrame) {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))
        let frame = try ModelFrame(formula: "low ~ age + lwt + smoke", data: data, response: .binary(eventLevel: nil))
        let fit = try GLM.fit(design: frame.design, response: frame.response, termNames: frame.columnNames)
        let race = try #require(data["race"]?.numericValues)
        let clustered = try RobustCovariance.covariance(of: fit, design: frame.design, response: frame.response,
                                                        estimator: .cluster([], adjustment: .stata), clusters: [race.map { String(Int($0)) }])
        return (fit.replacingCovariance(clustered, estimator: .cluster(["race"], adjustment: .stata)), frame)
    }

    /// The issue's case: `x = 0` twice under a cluster covariance (3 clusters, so V has rank 2)
    /// printed `chi2(2) = 25.0` on every CPU. Now dependent restrictions are refused by the rank
    /// of R, whatever the covariance, and ulp-level perturbations of the duplicate do not change it.
    @Test func duplicatedRestrictionIsDependentUnderEveryCovarianceAndPerturbation() throws {
        let (clustered, _) = try Self.clusteredFit()
        let (fit, _) = try CovarianceReferenceTests.infert()
        for model in [clustered, fit] {
            let p = model.coefficients.count
            for ulps in [0, 1, -3, 8] {
                var r = Matrix(rows: 2, columns: p)
                r[0, 1] = 1
                r[1, 1] = Self.nudged(1, ulps: ulps)
                #expect(throws: HypothesisTestError.singularRestrictions) {
                    try WaldTest.linearHypothesis(model, restrictions: r, values: [0, 0])
                }
                // A combination of two restrictions typed with decimals (0.1·3 ≠ 0.3 in binary).
                var combination = Matrix(rows: 3, columns: p)
                combination[0, 1] = 0.1; combination[0, 2] = 0.3
                combination[1, 2] = 1
                combination[2, 1] = 0.3; combination[2, 2] = Self.nudged(0.3 * 3 + 0.3, ulps: ulps) - 0.3 * 3 + 0.6
                #expect(throws: HypothesisTestError.singularRestrictions) {
                    try WaldTest.linearHypothesis(model, restrictions: combination, values: [0, 0, 0])
                }
            }
            // Beyond the margin (1e−3 apart: R V Rᵀ then has eigenvalues about 1e−6 of each other, four orders above the tolerance) they are independent.
            var apart = Matrix(rows: 2, columns: p)
            apart[0, 1] = 1
            apart[1, 1] = 1; apart[1, 2] = 1e-3
            if model.covariance.isFinite, (try? WaldTest.linearHypothesis(model, restrictions: apart, values: [0, 0])) == nil {
                // Only the cluster covariance can make these two restrictions' covariance singular.
                #expect(throws: HypothesisTestError.singularRestrictionCovariance(rank: 1, restrictions: 2)) {
                    try WaldTest.linearHypothesis(model, restrictions: apart, values: [0, 0])
                }
            }
        }
        let p = fit.coefficients.count
        var apart = Matrix(rows: 2, columns: p)
        apart[0, 1] = 1
        apart[1, 1] = 1; apart[1, 2] = 1e-3
        #expect(try WaldTest.linearHypothesis(fit, restrictions: apart, values: [0, 0]).degreesOfFreedom == 2)
    }

    /// Three clusters give a cluster covariance of rank ≤ 2: three independent restrictions have a
    /// singular R V Rᵀ by the eigenvalue rule, on every kernel, instead of a χ²(3) of rounding noise.
    @Test func rankDeficientClusterCovarianceIsSingularByTheEigenvalueRule() throws {
        let (clustered, _) = try Self.clusteredFit()
        let restrictions = Matrix(rowMajor: [[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
        #expect(throws: HypothesisTestError.singularRestrictionCovariance(rank: 2, restrictions: 3)) {
            try WaldTest.linearHypothesis(clustered, restrictions: restrictions, values: [0, 0, 0])
        }
        // Two of them are testable.
        #expect(try WaldTest.linearHypothesis(clustered, restrictions: Matrix(rowMajor: [[0, 1, 0, 0], [0, 0, 1, 0]]), values: [0, 0])
            .degreesOfFreedom == 2)
    }

    /// `RankRule` on Gram matrices of a design with an exactly dependent column
    /// (singular) and one 1e−2 of x2² away from it (regular), each formed by BLAS and by a plain loop,
    /// from the rows in both orders and with the entries moved by a few ulps: one verdict per side.
    @Test func informationVerdictIsTheSameUnderKernelLevelPerturbations() throws {
        var generator = SeededUniform(seed: 29)
        let n = 200
        let x1 = (0..<n).map { _ in generator.uniform() * 10 - 5 }, x2 = (0..<n).map { _ in generator.uniform() }
        let dependent = zip(x1, x2).map { 2 * $0 - 3 * $1 }
        let nearly = zip(dependent, x2).map { $0 + 1e-2 * $1 * $1 }
        for (third, expectRegular) in [(dependent, false), (nearly, true)] {
            for ulps in [0, 2, -5] {
                let column = third.enumerated().map { Self.nudged($0.element, ulps: $0.offset % 2 == 0 ? ulps : -ulps) }
                let x = Matrix(columnVectors: [[Double](repeating: 1, count: n), x1, x2, column])
                for gram in [x.weightedCrossProduct(weights: [Double](repeating: 1, count: n)), Self.naiveGram(x),
                             Self.naiveGram(Self.reversedRows(x))] {
                    #expect((InformationFactor.factor(gram) != nil) == expectRegular, "ulps \(ulps)")
                    switch RankRule.judge(crossProduct: gram) {
                    case .regular: #expect(expectRegular, "ulps \(ulps)")
                    case .singular(let rank): #expect(!expectRegular && rank == 3, "ulps \(ulps): rank \(rank)")
                    case .indefinite: Issue.record("ulps \(ulps): indefinite")
                    }
                }
            }
        }
    }

    /// An observed information that is clearly indefinite is inverted as it stands; one with an
    /// eigenvalue at rounding level is singular, whichever side of zero rounding puts it on
    /// (before, whether `dpotrf` accepted it decided between "indefinite" and "unavailable").
    @Test func indefiniteAgainstSingularIsDecidedByEigenvalues() throws {
        let indefinite = Matrix(rowMajor: [[2, 0, 0], [0, 1, 0], [0, 0, -0.5]])
        #expect(InformationFactor.indefiniteInverse(indefinite) != nil)
        for tiny in [1e-17, -1e-17, 0, 3e-16, -3e-16] {
            let singular = Matrix(rowMajor: [[1, 1, 0], [1, 1 + tiny, 0], [0, 0, 1]])
            #expect(InformationFactor.indefiniteInverse(singular) == nil, "\(tiny)")
            #expect(InformationFactor.factor(singular) == nil, "\(tiny)")
            #expect(InformationFactor.observedInverse(singular) == nil, "\(tiny)")
        }
    }

    /// Aliasing by the pivoted QR's rule: a column equal to a combination of others up to a few
    /// ulps per entry is aliased; one 1e−6 away is not; the rows' order does not matter.
    @Test func aliasingVerdictIsTheSameUnderKernelLevelPerturbations() throws {
        var generator = SeededUniform(seed: 7)
        let n = 150
        let a = (0..<n).map { _ in generator.uniform() }, b = (0..<n).map { _ in generator.uniform() * 100 }
        let combination = zip(a, b).map { 0.7 * $0 + 0.01 * $1 }
        for ulps in [0, 1, -4, 16] {
            let near = combination.enumerated().map { Self.nudged($0.element, ulps: $0.offset % 3 == 0 ? ulps : 0) }
            let x = Matrix(columnVectors: [[Double](repeating: 1, count: n), a, b, near])
            #expect(try x.pivotedQR().dependentColumns == [3], "ulps \(ulps)")
            #expect(try Self.reversedRows(x).pivotedQR().dependentColumns == [3], "ulps \(ulps)")
            let apart = Matrix(columnVectors: [[Double](repeating: 1, count: n), a, b, zip(near, a).map { $0 + 1e-6 * $1 * $1 }])
            #expect(try apart.pivotedQR().dependentColumns.isEmpty, "ulps \(ulps)")
            #expect(try Self.reversedRows(apart).pivotedQR().dependentColumns.isEmpty, "ulps \(ulps)")
        }
    }

    /// Separation: data separated by x > 0 stay separated, and overlapping data stay overlapping,
    /// when x moves by a few ulps and the rows are reversed.
    @Test func separationVerdictIsTheSameUnderKernelLevelPerturbations() throws {
        let x: [Double] = [-3, -2.5, -1.2, -0.7, -0.1, 0.2, 0.9, 1.4, 2.2, 3.1]
        let separated: [Double] = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
        let overlapping: [Double] = [0, 0, 1, 0, 0, 1, 0, 1, 1, 1]
        for ulps in [0, 3, -3] {
            let moved = x.map { Self.nudged($0, ulps: ulps) }
            for order in [Array(0..<10), Array((0..<10).reversed())] {
                let design = Matrix(columnVectors: [[Double](repeating: 1, count: 10), order.map { moved[$0] }])
                let separatedDirections = Separation.infiniteDirections(design: design, response: order.map { separated[$0] })
                #expect(separatedDirections.map(\.column).contains(1), "ulps \(ulps)")
                #expect(Separation.infiniteDirections(design: design, response: order.map { overlapping[$0] }).isEmpty, "ulps \(ulps)")
            }
        }
    }
}
