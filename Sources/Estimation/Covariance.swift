/// Small-sample adjustment of cluster-robust covariances.
public enum ClusterAdjustment: String, Sendable, CaseIterable {
    /// G/(G−1)·(n−1)/(n−k): Stata's `regress, vce(cluster)` factor (R: `vcovCL(type = "HC1")`).
    case stata
    /// G/(G−1): R `sandwich::vcovCL`'s default for GLMs (and Stata's for ML models such as `logit`).
    case sandwich
    /// None: the plain Σ_g s_g s_gᵀ (R `gee`'s robust covariance, `vcovCL(type = "HC0", cadjust = FALSE)`).
    case none
}

/// The one covariance estimator type: what `--vce` names, what a fitted model is asked for, what
/// `RobustCovariance` computes and what a fit records as the source of its standard errors. Every
/// rendering's label is derived from it (`GLMFit.covarianceLabel`). A new estimator (the survey
/// designs' linearisation, replicate weights) is a new case here and a new branch of
/// `RobustCovariance`, nothing else.
public enum Covariance: Sendable, Hashable, CustomStringConvertible {
    /// The inverse information: the fit's own (`nil`), or the observed or expected one (R's `glm`
    /// uses expected, Stata and statsmodels observed). For the linear probability model σ̂²(XᵀX)⁻¹.
    case classical(InformationKind? = nil)
    /// White's HC0 B M B, M = Σ uᵢ²xᵢxᵢᵀ (R `sandwich::vcovHC(type = "HC0")`).
    case hc0
    /// HC0 · n/(n−k) (`vcovHC(type = "HC1")`; Stata's `regress, robust`).
    case hc1
    /// HC0 · n/(n−1): Stata's `vce(robust)` for maximum-likelihood models (`logit`, `probit`,
    /// `glm`), whose small-sample factor counts observations, not parameters
    /// (`vcovHC(type = "HC0") * n/(n − 1)`).
    case robust
    /// Leverage-adjusted uᵢ²/(1 − hᵢ), hᵢ = Wᵢxᵢᵀ(XᵀWX)⁻¹xᵢ.
    case hc2
    /// uᵢ²/(1 − hᵢ)² (Long & Ervin 2000).
    case hc3
    /// Clustered by one or two columns (two-way: Cameron, Gelbach & Miller 2011, V₁ + V₂ − V₁₂),
    /// with Stata's G/(G−1)·(n−1)/(n−k) or sandwich's G/(G−1) adjustment (R `vcovCL`).
    case cluster([String], adjustment: ClusterAdjustment = .stata)
    /// The pseudo-likelihood sandwich of sampling weights, HC0 · n/(n−1) (Stata's `[pw=]`), with
    /// the bread from the named information (observed by default, as Stata; expected as R's
    /// `survey::svyglm`).
    case samplingWeights(InformationKind)
    /// The design-based covariance of a survey design by Taylor linearisation: B M B with M the
    /// between-PSU variance of score totals within strata, with finite population corrections,
    /// later stages and the lonely-PSU rule (`SamplingStructure.meat`; R `svyglm`'s
    /// `svy.varcoef`, Stata's `svy: logit`). Only for a model fitted with a survey design.
    case linearized
    /// The variance of the estimates over refits under each replicate weight column
    /// (`ReplicateScheme`; R `svyglm` on a `svrepdesign`, Stata's `svy brr:`/`svy jackknife:`).
    /// Only for a model fitted with a replicate-weight design.
    case replicates

    /// The cluster columns it needs.
    public var clusterColumns: [String] {
        if case .cluster(let columns, _) = self { return columns }
        return []
    }

    /// Whether it is a sandwich (anything but the inverse information).
    public var isSandwich: Bool {
        if case .classical = self { return false }
        return true
    }

    /// The spelling of the choice, e.g. `hc3`, `cluster(state; stata)`.
    public var description: String {
        switch self {
        case .classical(let information): return "classical" + (information.map { " (\($0.rawValue) information)" } ?? "")
        case .hc0: return "hc0"
        case .robust: return "robust"
        case .hc1: return "hc1"
        case .hc2: return "hc2"
        case .hc3: return "hc3"
        case .cluster(let columns, let adjustment): return "cluster(\(columns.joined(separator: ", ")); \(adjustment.rawValue))"
        case .samplingWeights(let information): return "sampling weights (\(information.rawValue) information)"
        case .linearized: return "linearized"
        case .replicates: return "replicates"
        }
    }

    /// The label a report shows for standard errors from this estimator, e.g. `observed
    /// information`, `robust (HC1)`, `cluster-robust (Stata adjustment) by state`.
    /// - Parameters:
    ///   - information: the fit's information (what `.classical(nil)` means).
    ///   - leastSquares: the classical covariance is σ̂²(XᵀX)⁻¹ (the linear probability model).
    ///   - indefinite: the observed information is not positive definite (away from the MLE).
    ///   - unavailable: the information was singular, so there are no standard errors.
    public func label(information: InformationKind, leastSquares: Bool = false, indefinite: Bool = false,
                      unavailable: Bool = false) -> String {
        if unavailable { return "unavailable (singular information)" }
        switch self {
        case .classical(let chosen):
            if leastSquares { return "classical (OLS)" }
            let kind = chosen ?? information
            return kind == .observed && indefinite ? "observed information (indefinite)" : "\(kind.rawValue) information"
        case .hc0: return "robust (HC0)"
        case .robust: return "robust (Stata vce(robust): HC0 × n/(n−1))"
        case .hc1: return "robust (HC1)"
        case .hc2: return "robust (HC2)"
        case .hc3: return "robust (HC3)"
        case .cluster(let columns, let adjustment):
            let name = adjustment == .stata ? "Stata adjustment" : adjustment == .sandwich ? "sandwich adjustment" : "no adjustment"
            return "cluster-robust (\(name))"
                + (columns.isEmpty ? "" : " by " + columns.joined(separator: ", "))
        case .samplingWeights(let bread): return "robust (sandwich, n/(n−1), \(bread.rawValue)-information bread)"
        case .linearized: return "design-based (linearised)"
        case .replicates: return "design-based (replicate weights)"
        }
    }
}

/// The fit's verdict on its information matrix at the estimates, by the one rank rule
/// (`InformationFactor`: equilibrated, reciprocal condition above 1e−14; eigenvalues for the
/// indefinite case).
public enum InformationRegularity: Sendable, Equatable {
    /// Positive definite and well conditioned: the covariance is its inverse.
    case regular
    /// The observed information is indefinite (the cauchit away from its concave region): inverted
    /// as it stands, and labelled so.
    case indefinite
    /// Numerically singular: no covariance.
    case singular
}
