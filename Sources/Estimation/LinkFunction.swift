import Distributions
import RealModule

/// The inverse link evaluated at one linear predictor η.
///
/// `mean` (μ) and `complement` (1 − μ) are each computed directly, so both keep full relative
/// precision in the tails (|η| up to 40 and beyond), where `1 − μ` would round to 0 or 1.
public struct LinkValues: Sendable, Equatable {
    /// μ = g⁻¹(η).
    public let mean: Double
    /// 1 − μ, computed without cancellation.
    public let complement: Double
    /// dμ/dη.
    public let derivative: Double
    /// d²μ/dη² (for the observed information of non-canonical links).
    public let secondDerivative: Double

    /// The four values at one η.
    @inlinable
    public init(mean: Double, complement: Double, derivative: Double, secondDerivative: Double) {
        self.mean = mean
        self.complement = complement
        self.derivative = derivative
        self.secondDerivative = secondDerivative
    }
}

/// A link function for a binary response: `η = g(μ)` with μ ∈ (0, 1).
public protocol LinkFunction: Sendable {
    /// Name as R spells it (`logit`, `probit`, `cloglog`, `cauchit`).
    var name: String { get }
    /// `g(μ)`, used for starting values.
    func link(_ mean: Double) -> Double
    /// μ, 1 − μ, dμ/dη and d²μ/dη² at η.
    func inverse(_ eta: Double) -> LinkValues
    /// `(log μ, log(1 − μ))` at η, finite even where μ or 1 − μ underflows (Φ(−40) ≈ 4e−350).
    func logTails(_ eta: Double) -> (lower: Double, upper: Double)
}

extension LinkFunction {
    /// Logarithms of the directly computed μ and 1 − μ (exact unless one underflows).
    public func logTails(_ eta: Double) -> (lower: Double, upper: Double) {
        let values = inverse(eta)
        return (Double.log(values.mean), Double.log(values.complement))
    }
}

/// Logit: μ = 1/(1 + e^{−η}), the canonical link (observed = expected information).
public struct LogitLink: LinkFunction {
    public init() {}
    public var name: String { "logit" }
    public func link(_ mean: Double) -> Double { Double.log(mean / (1 - mean)) }
    /// Inlinable: the marginal effects' per-level kernel (another module) calls it 10⁹ times for a
    /// 10,000-level factor on 10⁵ rows, where the call itself was a quarter of the time.
    @inlinable
    public func inverse(_ eta: Double) -> LinkValues {
        let e = Double.exp(-abs(eta))          // ≤ 1: no overflow
        let large = 1 / (1 + e), small = e / (1 + e)
        let (mean, complement) = eta >= 0 ? (large, small) : (small, large)
        let derivative = mean * complement
        return LinkValues(mean: mean, complement: complement, derivative: derivative,
                          secondDerivative: derivative * (complement - mean))
    }
}

/// Probit: μ = Φ(η), with both tails of Φ from `Normal.tails`.
public struct ProbitLink: LinkFunction {
    public init() {}
    public var name: String { "probit" }
    public func link(_ mean: Double) -> Double { Normal.quantile(mean) }
    public func inverse(_ eta: Double) -> LinkValues {
        let (lower, upper, density) = Normal.tailsAndDensity(eta)
        return LinkValues(mean: lower, complement: upper, derivative: density, secondDerivative: -eta * density)
    }
    public func logTails(_ eta: Double) -> (lower: Double, upper: Double) { Normal.logTails(eta) }
}

/// Complementary log-log: μ = 1 − exp(−e^η); 1 − μ = exp(−e^η), μ = −expm1(−e^η).
public struct CloglogLink: LinkFunction {
    public init() {}
    public var name: String { "cloglog" }
    public func link(_ mean: Double) -> Double { Double.log(-Double.log(onePlus: -mean)) }
    public func inverse(_ eta: Double) -> LinkValues {
        let t = Double.exp(eta)
        let derivative = Double.exp(eta - t)
        return LinkValues(mean: -Double.expMinusOne(-t), complement: Double.exp(-t), derivative: derivative,
                          secondDerivative: derivative * (1 - t))
    }
    public func logTails(_ eta: Double) -> (lower: Double, upper: Double) {
        let t = Double.exp(eta)
        return (Double.log(-Double.expMinusOne(-t)), -t)   // log(1 − μ) = −e^η exactly
    }
}

/// Cauchit: μ = ½ + arctan(η)/π; the far tail as arctan(1/|η|)/π.
public struct CauchitLink: LinkFunction {
    public init() {}
    public var name: String { "cauchit" }
    public func link(_ mean: Double) -> Double { Double.tan(Double.pi * (mean - 0.5)) }
    public func inverse(_ eta: Double) -> LinkValues {
        let tail = eta == 0 ? 0.5 : Double.atan(1 / abs(eta)) / Double.pi   // probability beyond |η|
        let (mean, complement) = eta > 0 ? (1 - tail, tail) : (tail, 1 - tail)
        let denominator = Double.pi * (1 + eta * eta)
        return LinkValues(mean: mean, complement: complement, derivative: 1 / denominator,
                          secondDerivative: -2 * eta / (denominator * (1 + eta * eta)))
    }
}

/// The identity link μ = η of the linear probability model (fitted by least squares, not IRLS;
/// `GLM.fit` refuses it). μ may leave [0, 1]; `complement` is 1 − η.
public struct IdentityLink: LinkFunction {
    public init() {}
    public var name: String { "identity" }
    public func link(_ mean: Double) -> Double { mean }
    public func inverse(_ eta: Double) -> LinkValues {
        LinkValues(mean: eta, complement: 1 - eta, derivative: 1, secondDerivative: 0)
    }
}

/// The links of a binary-response model, as an option type.
public enum Link: String, Sendable, CaseIterable, CustomStringConvertible {
    case logit, probit, cloglog, cauchit
    /// μ = η: the linear probability model's (least squares; not a binomial GLM link).
    case identity

    /// The link function.
    public var function: any LinkFunction {
        switch self {
        case .logit: return LogitLink()
        case .probit: return ProbitLink()
        case .cloglog: return CloglogLink()
        case .cauchit: return CauchitLink()
        case .identity: return IdentityLink()
        }
    }

    /// The name as R spells it.
    public var description: String { rawValue }

    /// The binomial GLM links (every case but `identity`).
    public static let binomial: [Link] = [.logit, .probit, .cloglog, .cauchit]
}

/// The binary-response models: four binomial GLM links fitted by maximum likelihood, Firth's
/// bias-reduced logit, and the linear probability model. One engine fits the first five; least
/// squares the last.
public enum ModelKind: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Logistic regression (maximum likelihood).
    case logit
    /// Probit regression.
    case probit
    /// Complementary log-log.
    case cloglog
    /// Cauchit.
    case cauchit
    /// The linear probability model: least squares of the 0/1 outcome, HC1 by default.
    case lpm
    /// Firth's bias-reduced logit (Jeffreys-prior penalised likelihood; brglm2 `AS_mean`).
    case firth

    /// The link of the model.
    public var link: Link {
        switch self {
        case .logit, .firth: return .logit
        case .probit: return .probit
        case .cloglog: return .cloglog
        case .cauchit: return .cauchit
        case .lpm: return .identity
        }
    }

    /// The penalty on the likelihood (`.jeffreys` for Firth).
    public var penalty: Penalty { self == .firth ? .jeffreys : .none }

    /// Whether the model is a maximum-likelihood GLM with a valid likelihood-ratio test.
    public var isMaximumLikelihood: Bool { self != .firth && self != .lpm }

    /// The name, e.g. `probit`.
    public var description: String { rawValue }
}
