/// Which information matrix the classical standard errors come from.
public enum InformationKind: String, Sendable, CaseIterable {
    /// Observed information, −∂²ℓ/∂β∂βᵀ at the estimate (Newton): Stata's and statsmodels'
    /// Logit/Probit default.
    case observed
    /// Expected (Fisher) information XᵀWX: R's `glm`.
    case expected
}

/// What the weights mean.
public enum WeightKind: String, Sendable, CaseIterable {
    /// Frequency weights: row i stands for wᵢ identical observations (n = Σ wᵢ).
    case frequency
    /// Sampling (probability) weights: the pseudo-likelihood is weighted; classical standard
    /// errors are invalid, so a robust (sandwich) covariance is used.
    case sampling
}

/// A penalty on the likelihood.
public enum Penalty: String, Sendable {
    /// None: maximum likelihood.
    case none
    /// Jeffreys-prior penalty ½ log det I(β): Firth's bias-reduced estimator, equal for the logit to
    /// R brglm2's `type = "AS_mean"`.
    case jeffreys
}

/// Settings for `GLM.fit`.
public struct GLMOptions: Sendable {
    /// The link.
    public var link: Link
    /// Information for the classical standard errors.
    public var information: InformationKind
    /// Convergence tolerance on the relative change of the deviance, R's rule
    /// `|D − D_old| / (|D| + 0.1) < tolerance`.
    public var tolerance: Double
    /// Iteration limit.
    public var maxIterations: Int
    /// Starting coefficients (warm start), one per design column; `nil` starts from R's
    /// `mustart = (w y + ½)/(w + 1)`.
    public var start: [Double]?
    /// Likelihood penalty.
    public var penalty: Penalty
    /// Run the linear-programming separation check (see `Separation`); `nil` runs it unless the
    /// fit certifies overlap itself (a converged, polished ML fit with no row within ε of its
    /// outcome: `Separation.screenFlags`); `true` runs it always, `false` never. Firth's fit is
    /// screened by an ML fit. The LP runs on the rows near their outcome, so its cost grows like
    /// the fit's.
    public var checkSeparation: Bool?
    /// After R's convergence rule is met, polish with Newton steps to the MLE (default). Bootstrap
    /// replicates turn it off: R's rule leaves probit estimates ~1e−7 from the MLE, far below the
    /// bootstrap's own sampling error.
    public var polish: Bool
    /// Bootstrap replicates within this package: the fit returns its coefficients, standard
    /// errors, Wald statistics, η, counts and diagnostics other than the boundary fit; fitted
    /// values are empty and the likelihood-based summaries NaN. It skips the result pass's per-row
    /// link evaluation. Applies where the covariance needs no per-row weights.
    package var estimatesOnly = false
    /// Bootstrap replicates whose standard errors nobody reads (every interval but the
    /// studentized): where the iterations converge quadratically (Newton, or the logit's Fisher
    /// scoring) and the last change of the deviance was below 10⁻⁵ of it, the next point's
    /// deviance is computed first on its own (`DesignMatrix.sweepObjective`); where R's rule holds
    /// there, the fit ends at that point without its XᵀWX. The coefficients and deviance are those
    /// of the full iteration; the covariance is not formed (NaN). Where the rule does not hold,
    /// the full sweep follows, as without this option.
    package var withoutFinalInformation = false
    /// Each row's link values at `start` (`StartPointMemo`, for this fit's rows): the first sweep
    /// takes them instead of evaluating the link. Ignored unless its coefficients are `start`.
    package var startPointMemo: StartPointMemo?
    /// Progress of the iterations and of the separation check (none by default).
    public var progress = FitProgress()

    /// Defaults: logit, observed information, tolerance 1e−8, 25 iterations. The fit takes no
    /// confidence level: its table carries the conventional 95 % intervals, and any other level is
    /// a question asked of the fit afterwards (`GLMFit.atLevel`).
    public init(link: Link = .logit, information: InformationKind = .observed, tolerance: Double = 1e-8,
                maxIterations: Int = 25, start: [Double]? = nil, penalty: Penalty = .none,
                checkSeparation: Bool? = nil, polish: Bool = true) {
        self.link = link
        self.information = information
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.start = start
        self.penalty = penalty
        self.checkSeparation = checkSeparation
        self.polish = polish
    }
}

extension ModelKind {
    /// The unpenalized model of a link (the identity's is the linear probability model): what an
    /// engine's fit records (`GLMResultBuilder`, `AbsorbingGLM`).
    static func maximumLikelihood(link: Link) -> ModelKind {
        switch link {
        case .logit: .logit
        case .probit: .probit
        case .cloglog: .cloglog
        case .cauchit: .cauchit
        case .identity: .lpm
        }
    }
}
