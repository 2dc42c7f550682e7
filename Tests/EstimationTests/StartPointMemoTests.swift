import Foundation
import Testing
import LinearAlgebra
@testable import Estimation

/// `StartPointMemo` (issue 35: bootstrap replicates take the link values at the warm start from a
/// memo): a fit with the memo is bit for bit the fit without it, a memo for other coefficients is
/// ignored, a row whose η differs in any bit is evaluated, and a row whose η matches is read.
struct StartPointMemoTests {
    static let n = 300, p = 4

    static func data() -> (design: Matrix, response: [Double], weights: [Double], offset: [Double]) {
        var state: UInt64 = 5
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var design = Matrix(rows: n, columns: p)
        for i in 0..<n {
            design[i, 0] = 1
            for j in 1..<p { design[i, j] = uniform() * 4 - 2 }
        }
        let response = (0..<n).map { i in uniform() < 1 / (1 + exp(-(design[i, 1] - 0.5 * design[i, 2]))) ? 1.0 : 0.0 }
        return (design, response, (0..<n).map { Double(1 + $0 % 3) }, (0..<n).map { 0.1 * Double($0 % 5) })
    }

    static func fit(_ link: Link, memo: StartPointMemo?, start: [Double]) throws -> GLMFit {
        let (design, response, weights, offset) = data()
        var options = GLMOptions(link: link, start: start, checkSeparation: false, polish: false)
        options.startPointMemo = memo
        return try GLM.fit(design: design, response: response, termNames: ["a", "b", "c", "d"], weights: weights,
                           offset: offset, options: options)
    }

    static func bits(_ fit: GLMFit) -> [UInt64] {
        fit.coefficients.map { ($0.estimate ?? .nan).bitPattern } + fit.coefficients.map { ($0.standardError ?? .nan).bitPattern }
            + [fit.deviance.bitPattern, UInt64(fit.iterations)]
    }

    @Test(arguments: [Link.logit, .probit, .cloglog, .cauchit])
    func aFitWithTheMemoIsTheFitWithout(link: Link) throws {
        let (design, response, _, offset) = Self.data()
        let start = [-0.2, 0.8, -0.3, 0.1]
        let memo = StartPointMemo(design: design, response: response, offset: offset, coefficients: start, link: link)
        #expect(Self.bits(try Self.fit(link, memo: memo, start: start)) == Self.bits(try Self.fit(link, memo: nil, start: start)))
    }

    @Test func theMemoIsReadWhereTheLinearPredictorMatches() throws {
        let (design, response, _, offset) = Self.data()
        let start = [-0.2, 0.8, -0.3, 0.1]
        let memo = StartPointMemo(design: design, response: response, offset: offset, coefficients: start, link: .probit)
        // Link values from other coefficients under this memo's η: read, they send the first
        // step elsewhere, and the fit, stopped by R's rule, ends at other bits.
        let elsewhere = StartPointMemo(design: design, response: response, offset: offset, coefficients: [0, 0, 0, 0], link: .probit)
        let wrong = StartPointMemo(coefficients: start, linearPredictor: memo.linearPredictor, values: elsewhere.values,
                                   deviance: elsewhere.deviance)
        let exact = Self.bits(try Self.fit(.probit, memo: nil, start: start))
        #expect(Self.bits(try Self.fit(.probit, memo: wrong, start: start)) != exact)
        // The same wrong memo with every η off by one bit is never read.
        let shifted = StartPointMemo(coefficients: start, linearPredictor: memo.linearPredictor.map { $0.nextUp }, values: elsewhere.values,
                                     deviance: elsewhere.deviance)
        #expect(Self.bits(try Self.fit(.probit, memo: shifted, start: start)) == exact)
        // A memo for other coefficients is ignored.
        let other = StartPointMemo(coefficients: [0, 0, 0, 0], linearPredictor: memo.linearPredictor, values: elsewhere.values,
                                   deviance: elsewhere.deviance)
        #expect(Self.bits(try Self.fit(.probit, memo: other, start: start)) == exact)
    }

    @Test func selectingRowsKeepsEachRowsEntry() {
        let (design, response, _, offset) = Self.data()
        let memo = StartPointMemo(design: design, response: response, offset: offset, coefficients: [0.1, 0.2, 0.3, 0.4], link: .logit)
        let rows = [5, 0, 299, 5]
        let selected = memo.selectingRows(rows)
        for (k, row) in rows.enumerated() {
            #expect(selected.entry(k, at: memo.linearPredictor[row])?.values == memo.values[row])
            #expect(selected.entry(k, at: memo.linearPredictor[row])?.deviance == memo.deviance[row])
        }
        #expect(selected.entry(4, at: 0) == nil)
    }
}
