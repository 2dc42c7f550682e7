import LinearAlgebra

/// How replicate weights were made, which fixes the variance's constants (R `svrepdesign`'s
/// `type`).
public enum ReplicateType: Sendable, Equatable, CustomStringConvertible {
    /// Delete-one-PSU jackknife without strata: scale (R − 1)/R.
    case jk1
    /// Stratified delete-one-PSU jackknife: scale 1, rscales (n_h − 1)/n_h for the stratum of
    /// each replicate's deleted PSU.
    case jkn
    /// Balanced repeated replication (half-samples): scale 1/R.
    case brr
    /// Fay's modified BRR with factor ρ: scale 1/(R (1 − ρ)²).
    case fay(rho: Double)
    /// Bootstrap replicate weights (e.g. Rao–Wu): scale 1/(R − 1).
    case bootstrap

    /// The spelling of `--design type=`: `jk1`, `jkn`, `brr`, `fay:0.3`, `bootstrap`.
    public var description: String {
        switch self {
        case .jk1: return "jk1"
        case .jkn: return "jkn"
        case .brr: return "brr"
        case .fay(let rho): return "fay:\(rho)"
        case .bootstrap: return "bootstrap"
        }
    }

    /// R `svrepdesign`'s default scale for R replicates.
    public func defaultScale(replicates r: Int) -> Double {
        switch self {
        case .jk1: return Double(r - 1) / Double(r)
        case .jkn: return 1
        case .brr: return 1 / Double(r)
        case .fay(let rho): return 1 / (Double(r) * (1 - rho) * (1 - rho))
        case .bootstrap: return 1 / Double(r - 1)
        }
    }
}

/// The variance constants of a replicate-weight design: V = scale Σ_r rscale_r (θ_r − θ̄)(θ_r − θ̄)ᵀ,
/// centred at the mean of the replicates (R's default, `mse = FALSE`) or at the full-sample
/// estimate (`mse = TRUE`, Stata's `mse`) — R `survey:::svrVar`.
public struct ReplicateScheme: Sendable, Equatable {
    /// How the replicates were made.
    public let type: ReplicateType
    /// The overall constant.
    public let scale: Double
    /// One constant per replicate.
    public let rscales: [Double]
    /// Centre at the full-sample estimate instead of the replicates' mean.
    public let mse: Bool

    /// A scheme; `scale` and `rscales` default to R `svrepdesign`'s for the type (rscales 1, or
    /// for `.jkn` from `jackknifeStrataSizes`: (n_h − 1)/n_h).
    public init(type: ReplicateType, replicates: Int, scale: Double? = nil, rscales: [Double]? = nil, mse: Bool = false) {
        self.type = type
        self.scale = scale ?? type.defaultScale(replicates: replicates)
        self.rscales = rscales ?? [Double](repeating: 1, count: replicates)
        self.mse = mse
    }

    /// The covariance of a statistic from its replicate values (one array per replicate) and its
    /// full-sample value.
    public func covariance(replicates: [[Double]], full: [Double]) -> Matrix {
        let k = full.count, r = replicates.count
        var centre = full
        if !mse {
            centre = [Double](repeating: 0, count: k)
            for values in replicates { for j in 0..<k { centre[j] += values[j] } }
            for j in 0..<k { centre[j] /= Double(r) }
        }
        var z = Matrix(rows: r, columns: k)
        for (index, values) in replicates.enumerated() {
            let root = (scale * rscales[index]).squareRoot()
            for j in 0..<k { z[index, j] = (values[j] - centre[j]) * root }
        }
        return z.weightedCrossProduct()
    }

    /// The degrees of freedom of a replicate design: the rank of its n × R analysis weights (pivoted
    /// QR, tolerance 1e−5 as R's `degf.svyrep.design`) minus one.
    public static func degreesOfFreedom(weights: Matrix) throws -> Int {
        try weights.pivotedQR(tolerance: 1e-5).rank - 1
    }
}
