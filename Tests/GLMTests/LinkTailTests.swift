import Foundation
import Testing
import TestSupport
import Distributions
@testable import GLM

/// Every link at |η| = 8, 20, 40: no NaN, μ and 1 − μ each to full relative precision (closed
/// forms computed without cancellation), and a finite log-likelihood for both outcomes.
struct LinkTailTests {
    static let etas: [Double] = [-40, -20, -8, 8, 20, 40]

    @Test(arguments: etas)
    func logit(_ eta: Double) {
        let v = LogitLink().inverse(eta)
        let e = Foundation.exp(-abs(eta))
        let small = e / (1 + e), large = 1 / (1 + e)
        #expect(relativeError(eta > 0 ? v.complement : v.mean, small) <= 2e-16)
        #expect(relativeError(eta > 0 ? v.mean : v.complement, large) <= 2e-16)
        #expect(relativeError(v.derivative, small * large) <= 4e-16)
    }

    @Test(arguments: etas)
    func probit(_ eta: Double) {
        let v = ProbitLink().inverse(eta)
        #expect(!v.mean.isNaN && !v.complement.isNaN && !v.derivative.isNaN && !v.secondDerivative.isNaN)
        #expect(v.mean == Normal.cdf(eta) && v.complement == Normal.survival(eta))
        // log Φ(−40) = −804.6 is finite although Φ(−40) underflows.
        let logTails = ProbitLink().logTails(eta)
        #expect(logTails.lower.isFinite && logTails.upper.isFinite)
        #expect(relativeError(eta < 0 ? logTails.lower : logTails.upper, Normal.logCDF(-abs(eta))) <= 1e-15)
        let ll0 = BinomialFamily.logLikelihood(v, y: 0, link: ProbitLink(), eta: eta)
        let ll1 = BinomialFamily.logLikelihood(v, y: 1, link: ProbitLink(), eta: eta)
        #expect(ll0.isFinite && ll1.isFinite)
    }

    @Test(arguments: etas)
    func cloglog(_ eta: Double) {
        let v = CloglogLink().inverse(eta)
        let t = Foundation.exp(eta)
        #expect(relativeError(v.complement, Foundation.exp(-t)) <= 2e-16)
        #expect(relativeError(v.mean, -Foundation.expm1(-t)) <= 2e-16)
        #expect(!v.derivative.isNaN && !v.secondDerivative.isNaN)
        // log(1 − μ) = −e^η exactly, even at η = 40 where 1 − μ underflows.
        #expect(CloglogLink().logTails(eta).upper == -t)
        #expect(BinomialFamily.logLikelihood(v, y: 0, link: CloglogLink(), eta: eta) == -t)
    }

    @Test(arguments: etas)
    func cauchit(_ eta: Double) {
        let v = CauchitLink().inverse(eta)
        let tail = Foundation.atan(1 / abs(eta)) / Double.pi
        #expect(relativeError(eta > 0 ? v.complement : v.mean, tail) <= 2e-16)
        #expect(relativeError(v.derivative, 1 / (Double.pi * (1 + eta * eta))) <= 2e-16)
    }

    @Test func linkFunctionsInvertTheInverse() {
        for link in Link.allCases {
            for mu in [1e-6, 0.1, 0.5, 0.9, 1 - 1e-6] {
                let f = link.function
                #expect(abs(f.inverse(f.link(mu)).mean - mu) <= 1e-12 * max(mu, 1e-3), "\(link) at \(mu)")
            }
        }
    }
}
