import Tables
import Formulas
import Estimation
import Inference
import LinearAlgebra
import Distributions

/// A fitted binary-response model: everything post-estimation needs (the design recipe, the
/// response, weights, offset, the data it came from, and the fit), so covariances, intervals,
/// tests, marginal effects, predictions and the bootstrap are asked afterwards, without refitting.
///
/// A plain `Sendable` value; `withCovariance(_:)` and `atLevel(_:)` return new values.
public struct BinaryRegressionModel: Sendable {
    /// How the model was specified.
    public struct Specification: Sendable, Equatable {
        /// The formula text.
        public let formula: String
        /// The model.
        public let model: ModelKind
        /// Prior weights, if any.
        public let weights: Weights?
        /// The offset column, if any.
        public let offset: String?
        /// Cluster columns kept aligned with the rows.
        public let clusters: [String]
        /// The level coded 1 (`nil`: a 0/1 outcome as given).
        public let eventLevel: String?
        /// Information of the classical covariance.
        public let information: InformationKind
        /// Iteration settings.
        public let iterations: IterationOptions
    }

    /// How the model was specified.
    public let specification: Specification
    /// The data the model was fitted to (all rows; `frame.rowIndices` are the rows used).
    public let data: DataTable
    /// The formula evaluated on the data: design, response, kept rows, recipes.
    public let frame: ModelFrame
    /// Prior weights on the rows used.
    public let weights: [Double]?
    /// The offset on the rows used.
    public let offset: [Double]?
    /// The fit, with the chosen covariance in its table.
    public let fit: GLMFit
    /// The covariance of `fit`'s table, as asked for (`nil`: the fit's own, classical or sandwich).
    public let covarianceChoice: Covariance?
    /// The survey design the model was fitted under (`BinaryRegression.fit(…, design:)`), if any.
    public let survey: FittedSurvey?
    /// The absorbed factors of a formula with `| g + h` (fixest's notation), if any: the design
    /// projected off them, which every covariance of the other terms is computed from.
    public let absorbed: AbsorbedDesign?
    /// The engine's fit with its own covariance (classical, or the sampling-weight sandwich), from
    /// which every other covariance is computed.
    let base: GLMFit

    init(specification: Specification, data: DataTable, frame: ModelFrame, weights: [Double]?, offset: [Double]?,
         fit: GLMFit, covarianceChoice: Covariance? = nil, base: GLMFit? = nil, survey: FittedSurvey? = nil,
         absorbed: AbsorbedDesign? = nil) {
        self.base = base ?? fit
        self.survey = survey
        self.absorbed = absorbed
        self.specification = specification
        self.data = data
        self.frame = frame
        self.weights = weights
        self.offset = offset
        self.fit = fit
        self.covarianceChoice = covarianceChoice
    }

    /// The model kind.
    public var model: ModelKind { specification.model }
    /// The coefficient table (estimates, SEs, statistics, p-values, intervals) under the chosen
    /// covariance; a separated term is marked (`isSeparated`, estimate ±∞, no inference).
    public var coefficients: [CoefficientEstimate] { fit.reportedCoefficients }
    /// The coefficient table as a value: estimates, covariance, reference distribution, level.
    public var table: CoefficientTable { fit.table }
    /// The row of one coefficient, by design column name.
    public func coefficient(_ term: String) -> CoefficientEstimate? { fit.coefficient(term) }
    /// Design column names.
    public var coefficientNames: [String] { frame.columnNames }
    /// Formula terms with their design columns.
    public var terms: [DesignTerm] { frame.terms }
    /// Numerical trouble (separation, non-convergence, aliasing, boundary fits).
    public var diagnostics: [Diagnostic] { fit.diagnostics }
    /// Observations (Σ frequency weights, otherwise rows).
    public var observationCount: Double { fit.observationCount }
    /// Events.
    public var events: Double { fit.events }
    /// For a grouped response `cbind(s, f)`: the trials the fit uses (Σ wᵢnᵢ under frequency
    /// weights, whose `weights` already hold wᵢnᵢ; otherwise Σ nᵢ over the rows with positive
    /// weight); nil for individual outcomes.
    public var trialCount: Double? {
        guard let trials = frame.trials else { return nil }
        let frequency = specification.weights?.kind == .frequency
        var total = 0.0
        for i in trials.indices where (weights?[i] ?? 1) > 0 {
            total += frequency ? (weights?[i] ?? 0) : trials[i]
        }
        return total
    }
    /// The log-likelihood (Gaussian for the linear probability model).
    public var logLikelihood: Double { fit.logLikelihood }
    /// Fitted probabilities on the rows used.
    public var fittedValues: [Double] { fit.fittedValues }
    /// Confidence level of the table's intervals.
    public var level: Double { fit.level }

    /// Discrimination and calibration: AUC with DeLong's interval, Hosmer–Lemeshow, Brier score,
    /// the classification table at 0.5 (pROC, ResourceSelection), over the rows the fit used.
    /// Frequency weights count rows; sampling weights weight them, normalised to sum to the number
    /// of rows with positive weight, so nothing depends on their arbitrary scale (the AUC, Brier
    /// score and classification are the weighted population quantities; the Hosmer–Lemeshow test
    /// and the AUC's interval then treat the normalised weights as counts, an approximation to the
    /// design-based Archer–Lemeshow test). Under a survey design the Hosmer–Lemeshow test and the
    /// AUC's interval are refused (NaN, `FitQuality.inferenceRefusal` says why).
    public var fitQuality: FitQuality { fitQuality(hosmerLemeshowGroups: 10) }

    /// `fitQuality` with the Hosmer–Lemeshow test on `hosmerLemeshowGroups` groups (Stata's
    /// `estat gof, group(G)`; at least 3).
    public func fitQuality(hosmerLemeshowGroups groups: Int) -> FitQuality {
        var qualityWeights: [Double]?
        switch specification.weights?.kind {
        case .frequency?: qualityWeights = weights
        case .sampling?:
            // (Under a grouped response the weights include the trials; the normalisation keeps
            // them relative.)
            if let weights {
                let used = weights.filter { $0 > 0 }
                let total = used.reduce(0, +)
                qualityWeights = total > 0 ? weights.map { $0 * Double(used.count) / total } : weights
            }
        case nil: qualityWeights = absorbed != nil ? weights : nil   // an absorbed fit's separated rows have weight 0
        }
        var (response, fitted) = (frame.response, fit.fittedValues)
        if frame.trials != nil {
            // A grouped row is its successes (weight w·y) and failures (weight w·(1 − y)) at one
            // fitted probability: the measures of the trials taken one by one.
            let w = qualityWeights ?? weights ?? []
            qualityWeights = response.indices.flatMap { [w[$0] * response[$0], w[$0] * (1 - response[$0])] }
            fitted = fitted.flatMap { [$0, $0] }
            response = response.flatMap { _ in [1.0, 0.0] }
        }
        let quality = FitQualityMeasures.compute(response: response, fitted: fitted, level: fit.level,
                                                 groups: max(3, groups), weights: qualityWeights)
        guard survey == nil else { return quality.refusingInference(Self.fitQualityUnderDesign) }
        return quality
    }

    /// The Pearson χ² goodness-of-fit statistic Σ wᵢ(yᵢ − μ̂ᵢ)²/(μ̂ᵢ(1 − μ̂ᵢ)) on n − p degrees of
    /// freedom (R `sum(residuals(fit, "pearson")^2)` on `df.residual`), over the rows with positive
    /// weight; nil for the linear probability model, under sampling weights (a pseudo-likelihood)
    /// and where a fitted probability is 0 or 1. With individual 0/1 outcomes its χ² reference is
    /// rough (Hosmer & Lemeshow); it is the statistic R and Stata print.
    public var pearsonGoodnessOfFit: TestResult? {
        guard model != .lpm, specification.weights?.kind != .sampling else { return nil }
        var statistic = 0.0
        for i in frame.response.indices {
            let w = weights?[i] ?? 1
            guard w > 0 else { continue }
            let mu = fit.fittedValues[i], residual = frame.response[i] - mu
            guard mu > 0, mu < 1 else { return nil }
            statistic += w * residual * residual / (mu * (1 - mu))
        }
        let df = Int(fit.observationCount.rounded()) - fit.coefficients.filter { !$0.isAliased }.count - (absorbed?.absorbedParameters ?? 0)
        return TestResult(statistic: statistic, degreesOfFreedom: df,
                          pValue: df > 0 ? ChiSquared.survival(statistic, degreesOfFreedom: Double(df)) : .nan)
    }

    /// Why a survey design's fit quality has no Hosmer–Lemeshow test or AUC interval.
    public static let fitQualityUnderDesign = "under a survey design the Hosmer–Lemeshow test and DeLong's AUC interval would treat the rows as independent draws, so they are not given (the weighted AUC and Brier score are); the design-based Archer–Lemeshow test is not implemented"

    /// The same model at another confidence level (intervals only change).
    public func atLevel(_ level: Double) throws -> BinaryRegressionModel {
        guard level > 0 && level < 1 else { throw ModelingError.invalidLevel(level) }
        return BinaryRegressionModel(specification: specification, data: data, frame: frame, weights: weights, offset: offset,
                                     fit: fit.atLevel(level), covarianceChoice: covarianceChoice, base: base.atLevel(level), survey: survey,
                                     absorbed: absorbed)
    }
}
