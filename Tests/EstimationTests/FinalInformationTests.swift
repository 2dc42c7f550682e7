import Foundation
import Testing
import LinearAlgebra
import LinearPredictor
@testable import Estimation

/// `GLMOptions.withoutFinalInformation` (issue 35: a bootstrap replicate whose standard errors
/// nobody reads ends without its final XᵀWX): the estimates, deviance, iteration count and
/// convergence are bit for bit the full fit's, for every link and both informations; where the
/// iterations converge quadratically the shortcut is taken (no standard errors), elsewhere the
/// fit is the full one.
struct FinalInformationTests {
    static func fit(_ link: Link, information: InformationKind, lean: Bool, start: [Double]) throws -> GLMFit {
        let (design, response, weights, offset) = StartPointMemoTests.data()
        var options = GLMOptions(link: link, information: information, start: start, checkSeparation: false, polish: false)
        options.estimatesOnly = true
        options.withoutFinalInformation = lean
        return try GLM.fit(design: design, response: response, termNames: ["a", "b", "c", "d"], weights: weights,
                           offset: offset, options: options)
    }

    static func estimateBits(_ fit: GLMFit) -> [UInt64] {
        fit.coefficients.map { ($0.estimate ?? .nan).bitPattern } + [fit.deviance.bitPattern, UInt64(fit.iterations), fit.converged ? 1 : 0]
    }

    @Test(arguments: [Link.logit, .probit, .cloglog, .cauchit], [InformationKind.observed, .expected])
    func theEstimatesAreTheFullFitsBitForBit(link: Link, information: InformationKind) throws {
        var shortcuts = 0
        for start in [[-0.2, 0.8, -0.3, 0.1], [0, 0, 0, 0], [0.3, 1.5, -1, 0.4], [-0.1, 0.9, -0.5, 0]] {
            let full = try Self.fit(link, information: information, lean: false, start: start)
            let lean = try Self.fit(link, information: information, lean: true, start: start)
            #expect(Self.estimateBits(lean) == Self.estimateBits(full))
            #expect(full.coefficients.allSatisfy { $0.standardError?.isFinite == true })
            // Without standard errors where the last iteration was the deviance alone; with the
            // full fit's otherwise.
            let withoutErrors = lean.coefficients.allSatisfy { $0.standardError?.isFinite != true }
            if withoutErrors { shortcuts += 1 } else {
                #expect(lean.coefficients.map { $0.standardError } == full.coefficients.map { $0.standardError })
            }
        }
        // Taken only where the iterations converge quadratically (the logit, or Newton's observed
        // information for the probit and cloglog), and there from a start near the estimates.
        let quadratic = link == .logit || (information == .observed && (link == .probit || link == .cloglog))
        #expect(quadratic ? shortcuts > 0 : shortcuts == 0)
    }

    /// The sweep's objective alone is the objective of the full sweep, for a dense design, one
    /// held as its columns, and one with an indicator block.
    @Test func theSweepObjectiveIsTheSweepsObjective() throws {
        let (design, response, _, _) = StartPointMemoTests.data()
        let kernel = BinomialResponse(y: response, weights: nil, offset: nil, link: ProbitLink()).kernel(newton: true)
        let columns = DesignColumns(rows: design.rows, columns: (0..<design.columns).map { .values(design.column($0)) })
        let beta = [0.1, 0.7, -0.4, 0.2]
        for storage in [DesignMatrix(design, storage: .dense), DesignMatrix(columns: columns)] {
            #expect(storage.sweepObjective(coefficients: beta, kernel: kernel).bitPattern
                    == storage.weightedNormalEquations(coefficients: beta, kernel: kernel).objective.bitPattern)
        }
    }
}
