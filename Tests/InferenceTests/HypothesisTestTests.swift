import Foundation
import Testing
import TestSupport
import LinearAlgebra
import LinearPredictor
import Tables
import Formulas
import Estimation
@testable import Inference

/// Term tests against R (Fixtures/inference/make-inference.R): dropping `education` from the infert logit.
struct HypothesisTestTests {
    @Test(arguments: CovarianceReferenceTests.storages)
    func waldAndLikelihoodRatioMatchR(_ storage: DesignStorage) throws {
        let expected = CovarianceReferenceTests.reference("infert_test_education")
        let (fit, frame) = try CovarianceReferenceTests.infert(storage: storage)
        let columns = try #require(frame.terms.first { $0.name == "education" }).columns
        let wald = try WaldTest.zero(fit, columns: Array(columns))
        #expect(wald.degreesOfFreedom == 2)
        #expect(relativeError(wald.statistic, expected["wald"] ?? .nan) <= 1e-8)
        #expect(relativeError(wald.pValue, expected["wald_p"] ?? .nan) <= 1e-8)
        let hc0 = fit.replacingCovariance(try RobustCovariance.covariance(of: fit, design: frame.designMatrix, response: frame.response,
                                                                            estimator: .hc0), estimator: .hc0)
        #expect(relativeError(try WaldTest.zero(hc0, columns: Array(columns)).statistic, expected["wald_hc0"] ?? .nan) <= 1e-7)
        let remaining = (0..<frame.designMatrix.columns).filter { !columns.contains($0) }
        let reduced = try GLM.fit(design: frame.designMatrix.selectingColumns(remaining), response: frame.response,
                                  termNames: remaining.map { frame.columnNames[$0] })
        let lr = LikelihoodRatioTest.compare(full: fit, reduced: reduced)
        #expect(lr.degreesOfFreedom == 2)
        #expect(relativeError(lr.statistic, expected["lr"] ?? .nan) <= 1e-7)
        #expect(relativeError(lr.pValue, expected["lr_p"] ?? .nan) <= 1e-7)
    }

    @Test func linearHypothesisCheckingAndErrors() throws {
        let (fit, _) = try CovarianceReferenceTests.infert()
        // β_spontaneous − β_induced = 0 as a one-row hypothesis equals the squared z of the difference.
        var restriction = Matrix(rows: 1, columns: fit.coefficients.count)
        restriction[0, 3] = 1
        restriction[0, 4] = -1
        let result = try WaldTest.linearHypothesis(fit, restrictions: restriction, values: [0])
        let difference = (fit.coefficients[3].estimate ?? 0) - (fit.coefficients[4].estimate ?? 0)
        let variance = fit.covariance[3, 3] + fit.covariance[4, 4] - 2 * fit.covariance[3, 4]
        #expect(relativeError(result.statistic, difference * difference / variance) <= 1e-12)
        #expect(throws: HypothesisTestError.restrictionShape(rows: 1, columns: 2, coefficients: 5, values: 1)) {
            try WaldTest.linearHypothesis(fit, restrictions: Matrix(rows: 1, columns: 2), values: [0])
        }
        // Bug fixed: zero() on only aliased or out-of-range columns gave a "0×5 matrix" shape error.
        #expect(throws: HypothesisTestError.unknownTerm(name: "column 9", available: fit.coefficients.map(\.term))) {
            try WaldTest.zero(fit, columns: [1, 9])
        }
        var duplicate = Matrix(rows: 2, columns: fit.coefficients.count)
        duplicate[0, 1] = 1
        duplicate[1, 1] = 1
        #expect(throws: HypothesisTestError.singularRestrictions) {
            try WaldTest.linearHypothesis(fit, restrictions: duplicate, values: [0, 0])
        }
    }

    /// Bug fixed: a joint zero test of only aliased coefficients threw a shape error about a
    /// "0×3 matrix"; it now names the aliased term.
    @Test func zeroTestOfOnlyAliasedCoefficientsNamesTheTerm() throws {
        let data = try CSVReader.read(text: "y,x,z\n1,2.5,5\n0,1.0,2\n1,3.5,7\n0,0.5,1\n1,2.0,4\n0,1.5,3\n1,0.7,1.4\n0,2.2,4.4\n")
        let frame = try ModelFrame(formula: "y ~ x + z", data: data, response: .binary(eventLevel: nil))
        let fit = try GLM.fit(design: frame.design, response: frame.response, termNames: frame.columnNames)
        #expect(fit.coefficients[2].isAliased)
        #expect(throws: HypothesisTestError.aliasedCoefficient(term: "z")) { try WaldTest.zero(fit, columns: [2]) }
        #expect(try WaldTest.zero(fit, columns: [1, 2]).degreesOfFreedom == 1)
    }
}
