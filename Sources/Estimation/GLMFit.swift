import Distributions
import LinearAlgebra

/// Pseudo-R² measures of a binary-response fit.
public struct PseudoRSquared: Sendable, Equatable {
    /// McFadden: 1 − ℓ/ℓ₀.
    public let mcFadden: Double
    /// Cox–Snell: 1 − exp(2(ℓ₀ − ℓ)/n).
    public let coxSnell: Double
    /// Nagelkerke: Cox–Snell / (1 − exp(2ℓ₀/n)).
    public let nagelkerke: Double
    /// Tjur: mean fitted probability among events minus among non-events.
    public let tjur: Double
}

/// The result of `GLM.fit`: a plain value with every quantity a report needs.
public struct GLMFit: Sendable {
    /// The model.
    public let model: ModelKind
    /// The link (`identity` for the linear probability model).
    public let link: Link
    /// Estimates, covariance, reference distribution and level: the one coefficient table.
    public internal(set) var table: CoefficientTable
    /// The estimator behind the table's standard errors (`Covariance`); `covarianceLabel` is
    /// derived from it.
    public internal(set) var covarianceEstimator: Covariance
    /// The information the classical covariance uses.
    public let information: InformationKind
    /// The fit's verdict on that information at the estimates (the one rank rule).
    public let informationRegularity: InformationRegularity
    /// Log-likelihood at the estimate (unpenalized).
    public let logLikelihood: Double
    /// Log-likelihood of the null model (intercept and offset only; offset only without intercept).
    public let nullLogLikelihood: Double
    /// Residual deviance.
    public let deviance: Double
    /// Null deviance.
    public let nullDeviance: Double
    /// Akaike: −2ℓ + 2k.
    public let aic: Double
    /// Schwarz: −2ℓ + k log n.
    public let bic: Double
    /// Likelihood-ratio χ² against the null model, 2(ℓ − ℓ₀).
    public let lrStatistic: Double
    /// Its degrees of freedom (estimated coefficients minus the intercept).
    public let lrDegreesOfFreedom: Int
    /// Its p-value.
    public let lrPValue: Double
    /// Pseudo-R² measures.
    public let pseudoRSquared: PseudoRSquared
    /// Number of observations (Σ frequency weights, otherwise rows).
    public let observationCount: Double
    /// Number of events: Σ wᵢ yᵢ under frequency weights, otherwise the events among the rows with
    /// positive weight (under sampling weights, as Stata's unweighted counts; the weighted share is
    /// a population estimate, not a count).
    public let events: Double
    /// IRLS iterations taken.
    public let iterations: Int
    /// Whether the convergence criterion was met.
    public let converged: Bool
    /// Numerical trouble, if any (shown by every rendering).
    public internal(set) var diagnostics: [Diagnostic]
    /// The sign (+1 or −1) of each term whose maximum-likelihood estimate is infinite
    /// (separation); the tables show these as "−∞ (separated)", never as a number.
    public var separatedTerms: [String: Double] {
        diagnostics.filter { $0.kind == .separation }.reduce(into: [:]) { $0.merge($1.infiniteSigns) { first, _ in first } }
    }
    /// Fitted probabilities μ̂.
    public internal(set) var fittedValues: [Double]
    /// Linear predictor η̂ (including any offset).
    public internal(set) var linearPredictor: [Double]
    /// Per row, the score factor uᵢ = wᵢ(yᵢ − μᵢ)μ'ᵢ/Vᵢ at the estimates (ψᵢ = uᵢxᵢ is the row's
    /// score; the linear probability model's wᵢeᵢ): the rows of every sandwich's meat. Empty for
    /// the lean fits of bootstrap replicates and after `evaluated(on:)`.
    public internal(set) var scores: [Double] = []
    /// Per row, the expected working weight Wᵢ = wᵢμ'ᵢ²/Vᵢ at the estimates (the linear probability
    /// model's wᵢ): XᵀWX is the expected information. Empty where `scores` is.
    public internal(set) var workingWeights: [Double] = []
    /// Names of aliased terms.
    public let aliasedTerms: [String]
    /// Whether the design had an intercept.
    public let hasIntercept: Bool
    /// Whether the log-likelihood is a pseudo-likelihood (sampling weights): it scales with the
    /// arbitrary scale of the weights, so the LR statistic, AIC, BIC and the Cox–Snell and
    /// Nagelkerke R² are NaN (as svyglm reports no AIC) and a joint Wald test takes the LR's place.
    public internal(set) var likelihoodIsPseudo: Bool = false

    /// Coefficient table rows in design order; aliased terms have `nil` numbers. The estimates
    /// the fit computed with, also for separated terms (the engine's and the tests' view).
    public var coefficients: [CoefficientEstimate] { table.rows }
    /// The rows as reported: separated terms marked (estimate ±∞, no SE, statistic, p-value or
    /// interval; `CoefficientEstimate.isSeparated`). What every table, JSON and CSV shows.
    public var reportedCoefficients: [CoefficientEstimate] { CoefficientEstimate.marking(table.rows, separated: separatedTerms) }
    /// Covariance of the estimates (`p × p`, `nan` for aliased terms).
    public var covariance: Matrix { table.covariance }
    /// Confidence level of the intervals.
    public var level: Double { table.level }
    /// Whether there are no standard errors: the information was singular by the fit's rule, or
    /// every estimated coefficient's variance is undefined under the chosen estimator.
    public var covarianceIsUnavailable: Bool {
        if informationRegularity == .singular && !covarianceEstimator.isSandwich { return true }
        let estimated = table.estimatedColumns
        return !estimated.isEmpty && estimated.allSatisfy { table.scaledCovariance.scaled[$0, $0].isNaN }
    }
    /// What every rendering shows as the covariance, derived from `covarianceEstimator`, e.g.
    /// `observed information`, `robust (HC1)`, `unavailable (singular information)`.
    public var covarianceLabel: String {
        covarianceEstimator.label(information: information, leastSquares: model == .lpm,
                                  indefinite: informationRegularity == .indefinite, unavailable: covarianceIsUnavailable)
    }

    /// The row of the coefficient table for a term, if it exists.
    public func coefficient(_ term: String) -> CoefficientEstimate? { coefficients.first { $0.term == term } }
}

extension GLMFit {
    /// The same fit with standard errors, statistics, p-values and intervals recomputed from
    /// `covariance` (`p × p`, `nan` for aliased terms), computed by `estimator`; `distribution`
    /// replaces the reference distribution when given.
    public func replacingCovariance(_ covariance: ScaledCovariance, estimator: Covariance, distribution: ReferenceDistribution? = nil) -> GLMFit {
        replacing(table: table.replacingCovariance(covariance, distribution: distribution), estimator: estimator)
    }

    /// `replacingCovariance` with a plain `p × p` matrix.
    public func replacingCovariance(_ covariance: Matrix, estimator: Covariance, distribution: ReferenceDistribution? = nil) -> GLMFit {
        replacing(table: table.replacingCovariance(covariance, distribution: distribution), estimator: estimator)
    }

    /// The same fit at another confidence level (intervals only change).
    public func atLevel(_ level: Double) -> GLMFit { replacing(table: table.atLevel(level), estimator: covarianceEstimator) }

    /// The same fit with another table (and estimator, fitted values, linear predictor): a copy
    /// with those replaced, everything else as estimated.
    func replacing(table: CoefficientTable, estimator: Covariance, fittedValues: [Double]? = nil, linearPredictor: [Double]? = nil) -> GLMFit {
        var copy = self
        copy.table = table
        copy.covarianceEstimator = estimator
        if let fittedValues { copy.fittedValues = fittedValues }
        if let linearPredictor { copy.linearPredictor = linearPredictor }
        return copy
    }

    /// The same coefficients and covariance evaluated on another design with the same columns
    /// (e.g. the full frame after a fit on a subset of its rows): new linear predictor and fitted
    /// values, everything else unchanged. For the linear probability model (link `identity`), μ = η.
    public func evaluated(on design: Matrix, offset: [Double]? = nil) -> GLMFit {
        var eta = design * coefficients.map { $0.estimate ?? 0 }
        if let offset { for i in eta.indices { eta[i] += offset[i] } }
        let function = link.function
        var fit = replacing(table: table, estimator: covarianceEstimator, fittedValues: eta.map { function.inverse($0).mean }, linearPredictor: eta)
        // The per-row scores belong to the data the fit was computed on, not to this design.
        fit.scores = []
        fit.workingWeights = []
        return fit
    }

    /// Per-row score factors uᵢ (the score of row i is uᵢxᵢ) and expected working weights Wᵢ at
    /// this fit's linear predictor, for `response` and prior `weights` on the same rows: what a
    /// score test of this fit against a larger design needs (`ScoreTest`). Rows fitted at 0 or 1
    /// exactly contribute nothing.
    /// The same fit with one more diagnostic: a finding of the façade around the engine (the
    /// separated levels of absorbed factors).
    public func appendingDiagnostic(_ diagnostic: Diagnostic) -> GLMFit {
        var copy = self
        copy.diagnostics.append(diagnostic)
        return copy
    }

    public func scoreFactors(response: [Double], weights: [Double]?) -> (scores: [Double], working: [Double]) {
        let factors = scoreFactors(response: response, weights: weights, observed: false)
        return (factors.scores, factors.working)
    }

    /// `scoreFactors`, with the observed-information weights −∂²ℓᵢ/∂η² too where `observed` (empty
    /// otherwise): the robust covariances' observed bread reads them in the same pass.
    func scoreFactors(response: [Double], weights: [Double]?, observed: Bool) -> (scores: [Double], working: [Double], observed: [Double]) {
        var scores = [Double](repeating: 0, count: response.count), working = scores
        var observedWeights = [Double](repeating: 0, count: observed ? response.count : 0)
        for i in response.indices {
            let w = weights?[i] ?? 1
            guard link != .identity else { scores[i] = w * (response[i] - fittedValues[i]); working[i] = w; continue }
            let values = link.function.inverse(linearPredictor[i])
            // Rows fitted at exactly 0 or 1 keep weight 0 (skipping them left the lists shorter
            // than the design and trapped: robust covariances at boundary fits).
            guard values.mean * values.complement > 0 else { continue }
            scores[i] = BinomialFamily.score(values, y: response[i], priorWeight: w)
            working[i] = BinomialFamily.working(values, y: response[i], priorWeight: w, etaWithoutOffset: 0).weight
            if observed { observedWeights[i] = BinomialFamily.observedWeight(values, y: response[i], priorWeight: w) }
        }
        return (scores, working, observedWeights)
    }
}
