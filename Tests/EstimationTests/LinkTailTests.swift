import Foundation
import Testing
import TestSupport
import Distributions
@testable import Estimation

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
        for link in Link.binomial {
            for mu in [1e-6, 0.1, 0.5, 0.9, 1 - 1e-6] {
                let f = link.function
                #expect(abs(f.inverse(f.link(mu)).mean - mu) <= 1e-12 * max(mu, 1e-3), "\(link) at \(mu)")
            }
        }
    }
}

/// `BinomialFamily.newtonBinary` (two divisions): the observed weight −ℓ'' and Newton working
/// response of a binary row against their closed forms, where those are well-conditioned, and
/// against the general formula it replaces for binary rows (which loses digits in the far tails:
/// the cloglog at η = 8 to 3e−4 relative).
struct NewtonBinaryTests {
    /// Closed forms: logit W = μ(1 − μ); probit W = λ(λ + qη), λ = φ/p; cloglog (t = e^η) W = t for
    /// y = 0 and t(t eᵗ − eᵗ + 1)/(eᵗ − 1)² for y = 1. The step is ℓ'/W with ℓ' from the same forms.
    static func closedForm(_ link: Link, eta: Double, y: Double) -> (weight: Double, step: Double) {
        let q: Double = y == 1 ? 1 : -1
        switch link {
        case .logit:
            let mu = 1 / (1 + Foundation.exp(-eta))
            return (mu * (1 - mu), (y - mu) / (mu * (1 - mu)))
        case .probit:
            let lambda = Normal.pdf(eta) / (y == 1 ? Normal.cdf(eta) : Normal.survival(eta))
            return (lambda * (lambda + q * eta), q * lambda / (lambda * (lambda + q * eta)))
        case .cloglog:
            let t = Foundation.exp(eta), e = Foundation.exp(t)
            if y == 0 { return (t, -1) }
            let weight = t * (t * e - e + 1) / ((e - 1) * (e - 1))
            return (weight, t / (e - 1) / weight)
        case .cauchit, .identity:
            return (.nan, .nan)
        }
    }

    @Test(arguments: [Link.logit, .probit, .cloglog])
    func matchesTheClosedForms(_ link: Link) throws {
        for y in [0.0, 1.0] {
            // Where the closed form itself is well-conditioned (no cancellation in λ + qη or in
            // t eᵗ − eᵗ + 1, no overflow of eᵗ).
            let range: ClosedRange<Double> = switch link {
            case .probit: y == 1 ? -3...8 : -8...3
            case .cloglog: y == 1 ? -2...3 : -8...3
            default: -8...8
            }
            for eta in stride(from: range.lowerBound, through: range.upperBound, by: 0.25) {
                let reference = Self.closedForm(link, eta: eta, y: y)
                let fast = try #require(BinomialFamily.newtonBinary(link.function.inverse(eta), y: y, priorWeight: 2, etaWithoutOffset: eta))
                #expect(relativeError(fast.weight, 2 * reference.weight) <= 1e-12, "\(link) η = \(eta) y = \(y)")
                #expect(abs((fast.response - eta) - reference.step) <= 1e-12 * max(1, abs(reference.step)), "\(link) η = \(eta) y = \(y)")
            }
        }
    }

    @Test(arguments: Link.binomial)
    func agreesWithTheGeneralObservedWeight(_ link: Link) throws {
        // To η = 2: beyond, the general formula's own cancellation shows (cloglog at η = 3, where
        // 1 − μ = 2e−9, it is 1.4e−9 off the closed form the fast one matches).
        for eta in stride(from: -3.0, through: 2.0, by: 0.25) {
            let values = link.function.inverse(eta)
            for y in [0.0, 1.0] {
                let expected = BinomialFamily.working(values, y: y, priorWeight: 2, etaWithoutOffset: eta - 0.5)
                let observed = BinomialFamily.observedWeight(values, y: y, priorWeight: 2)
                guard observed > 0 else { continue }
                let response = eta - 0.5 + (expected.response - (eta - 0.5)) * (expected.weight / observed)
                let fast = try #require(BinomialFamily.newtonBinary(values, y: y, priorWeight: 2, etaWithoutOffset: eta - 0.5))
                #expect(relativeError(fast.weight, observed) <= 1e-10, "\(link) η = \(eta) y = \(y)")
                #expect(abs(fast.response - response) <= 1e-10 * max(1, abs(response)), "\(link) η = \(eta) y = \(y)")
            }
        }
    }
}
