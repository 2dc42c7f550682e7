import Distributions
import Foundation

/// Bootstrap confidence-interval methods (Davison & Hinkley 1997, ch. 5; Efron & Tibshirani 1993).
public enum IntervalMethod: String, Sendable, CaseIterable {
    /// (θ*₍α/2₎, θ*₍1−α/2₎).
    case percentile
    /// (2θ̂ − θ*₍1−α/2₎, 2θ̂ − θ*₍α/2₎).
    case basic
    /// θ̂ − b ∓ z·sd(θ*), bias b = mean(θ*) − θ̂.
    case normal
    /// (θ̂ − se·z*₍1−α/2₎, θ̂ − se·z*₍α/2₎) with z* = (θ* − θ̂)/se* (bootstrap-t).
    case studentized
    /// Percentile at adjusted levels Φ(w + (w + z)/(1 − a(w + z))), w = Φ⁻¹(#{θ* < θ̂}/B),
    /// acceleration a = ΣL³/(6(ΣL²)^{3/2}) from jackknife influence values Lᵢ = (n−1)(θ̄₍·₎ − θ₍ᵢ₎),
    /// or from the empirical influence values the result carries (`BootstrapResult.influence`).
    case bca
}

/// How BCa's jackknife influence values are centred.
public enum Acceleration: String, Sendable, CaseIterable {
    /// Lᵢ = (n−1)(θ̄₍·₎ − θ₍ᵢ₎), the mean of the leave-one-out values (Efron & Tibshirani 1993, eq. 14.15).
    case efronTibshirani
    /// Lᵢ = (n−1)(θ̂ − θ₍ᵢ₎), the full-sample estimate (Davison & Hinkley 1997; R `empinf(type = "jack")`).
    case davisonHinkley
}

/// One interval.
public struct BootstrapInterval: Sendable, Equatable {
    /// Component of the statistic.
    public let component: Int
    /// Method.
    public let method: IntervalMethod
    /// Lower bound.
    public let lower: Double
    /// Upper bound.
    public let upper: Double
}

/// Errors that make an interval undefined.
public enum BootstrapIntervalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Studentized intervals need standard errors from every replicate.
    case missingStandardErrors
    /// BCa needs jackknife values.
    case missingJackknife
    /// All replicates on one side of the estimate: the bias correction w is infinite.
    case infiniteBiasCorrection
    /// No successful replicates.
    case noReplicates

    public var description: String {
        switch self {
        case .missingStandardErrors: return "studentized intervals need a standard error from every replicate"
        case .missingJackknife: return "BCa intervals need jackknife values (run with jackknife enabled)"
        case .infiniteBiasCorrection: return "BCa: every replicate lies on one side of the estimate, so the bias correction is infinite; use more replicates or another method"
        case .noReplicates: return "no successful bootstrap replicates"
        }
    }
}

/// Interval computations on a replicate matrix. Order statistics are interpolated on the normal
/// quantile scale exactly as R's `boot:::norm.inter`, so results agree with `boot::boot.ci` given
/// the same replicates (tested to 1e−12).
public enum BootstrapIntervals {
    /// Intervals for every component and method of a bootstrap result.
    public static func compute(_ result: BootstrapResult, methods: [IntervalMethod], level: Double = 0.95,
                               acceleration: Acceleration = .efronTibshirani) throws -> [BootstrapInterval] {
        guard !result.replicates.isEmpty else { throw BootstrapIntervalError.noReplicates }
        var intervals = [BootstrapInterval]()
        for component in result.estimate.values.indices {
            let t = result.replicates.map { $0[component] }
            let t0 = result.estimate.values[component]
            for method in methods {
                let (lower, upper): (Double, Double)
                switch method {
                case .percentile: (lower, upper) = percentile(t, level: level)
                case .basic: (lower, upper) = basic(t0, t, level: level)
                case .normal: (lower, upper) = normal(t0, t, level: level)
                case .studentized:
                    guard let se0 = result.estimate.standardErrors?[component], let ses = result.replicateStandardErrors else {
                        throw BootstrapIntervalError.missingStandardErrors
                    }
                    (lower, upper) = studentized(t0, se0, t, ses.map { $0[component] }, level: level)
                case .bca:
                    if let influence = result.influence, !influence.isEmpty {
                        (lower, upper) = try bca(t0, t, influence: influence.map { $0[component] }, level: level)
                        break
                    }
                    guard let jackknife = result.jackknife, !jackknife.isEmpty else { throw BootstrapIntervalError.missingJackknife }
                    (lower, upper) = try bca(t0, t, jackknife: jackknife.map { $0[component] }, level: level, acceleration: acceleration)
                }
                intervals.append(BootstrapInterval(component: component, method: method, lower: lower, upper: upper))
            }
        }
        return intervals
    }

    /// R's `norm.inter`: the (B+1)α-th order statistic, interpolated between neighbours on the
    /// normal quantile scale; the extremes when (B+1)α falls outside [1, B].
    public static func normInter(_ values: [Double], _ alpha: [Double]) -> [Double] {
        let t = values.filter(\.isFinite).sorted()
        let r = t.count
        return alpha.map { a in
            let rk = Double(r + 1) * a
            let k = Int(rk.rounded(.towardZero))
            if Double(k) == rk && k >= 1 && k <= r { return t[k - 1] }
            if k <= 0 { return t[0] }
            if k >= r { return t[r - 1] }
            let z = Normal.quantile(a), zk = Normal.quantile(Double(k) / Double(r + 1)), zk1 = Normal.quantile(Double(k + 1) / Double(r + 1))
            return t[k - 1] + (z - zk) / (zk1 - zk) * (t[k] - t[k - 1])
        }
    }

    static func percentile(_ t: [Double], level: Double) -> (Double, Double) {
        let q = normInter(t, [(1 - level) / 2, (1 + level) / 2])
        return (q[0], q[1])
    }

    static func basic(_ t0: Double, _ t: [Double], level: Double) -> (Double, Double) {
        let q = normInter(t, [(1 + level) / 2, (1 - level) / 2])
        return (2 * t0 - q[0], 2 * t0 - q[1])
    }

    static func normal(_ t0: Double, _ t: [Double], level: Double) -> (Double, Double) {
        let (mean, variance) = moments(t)
        let bias = mean - t0
        let margin = variance.squareRoot() * Normal.quantile((1 + level) / 2)
        return (t0 - bias - margin, t0 - bias + margin)
    }

    /// Mean and variance (n − 1) of the finite replicates.
    static func moments(_ t: [Double]) -> (mean: Double, variance: Double) {
        let finite = t.filter(\.isFinite)
        let mean = finite.reduce(0, +) / Double(finite.count)
        return (mean, finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(finite.count - 1))
    }

    /// The bootstrap standard error of each component: the standard deviation of its finite
    /// replicates (R `boot`'s `std. error`).
    public static func standardErrors(_ result: BootstrapResult) -> [Double] {
        result.estimate.values.indices.map { j in moments(result.replicates.map { $0[j] }).variance.squareRoot() }
    }

    static func studentized(_ t0: Double, _ se0: Double, _ t: [Double], _ se: [Double], level: Double) -> (Double, Double) {
        let z = zip(t, se).map { ($0 - t0) / $1 }
        let q = normInter(z, [(1 + level) / 2, (1 - level) / 2])
        return (t0 - se0 * q[0], t0 - se0 * q[1])
    }

    static func bca(_ t0: Double, _ t: [Double], jackknife: [Double], level: Double,
                    acceleration: Acceleration = .efronTibshirani) throws -> (Double, Double) {
        let n = Double(jackknife.count)
        let centre = acceleration == .efronTibshirani ? jackknife.reduce(0, +) / n : t0
        return try bca(t0, t, influence: jackknife.map { (n - 1) * (centre - $0) }, level: level)
    }

    /// BCa from influence values Lᵢ: a = ΣL³/(6(ΣL²)^{3/2}), as R's `bca.ci` with `L` given.
    static func bca(_ t0: Double, _ t: [Double], influence: [Double], level: Double) throws -> (Double, Double) {
        let finite = t.filter(\.isFinite)
        let w = Normal.quantile(Double(finite.filter { $0 < t0 }.count) / Double(finite.count))
        guard w.isFinite else { throw BootstrapIntervalError.infiniteBiasCorrection }
        let a = influence.reduce(0) { $0 + $1 * $1 * $1 } / (6 * Foundation.pow(influence.reduce(0) { $0 + $1 * $1 }, 1.5))
        let adjusted = [(1 - level) / 2, (1 + level) / 2].map { alpha -> Double in
            let z = Normal.quantile(alpha)
            return Normal.cdf(w + (w + z) / (1 - a * (w + z)))
        }
        let q = normInter(finite, adjusted)
        return (q[0], q[1])
    }
}
