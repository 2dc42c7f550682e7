import Distributions
import Estimation
import Formulas

/// The ratio and the difference of two average predicted probabilities of one model, e.g. the
/// adjusted risk ratio of advanced users against non-users (Stata `margins i.level` followed by
/// `nlcom` on the ratio): every row's prediction with the variable set to each value, averaged.
public struct PredictionContrast: Sendable, Equatable {
    /// The variable set.
    public let variable: String
    /// Its value in the numerator.
    public let numerator: String
    /// Its value in the denominator.
    public let denominator: String
    /// The two average predicted probabilities.
    public let numeratorProbability: Double
    /// Denominator probability.
    public let denominatorProbability: Double
    /// p̄₁ / p̄₀, with its interval exp(log ratio ∓ z·SE), the delta method on the log scale.
    public let ratio: Double
    /// Lower bound.
    public let ratioLower: Double
    /// Upper bound.
    public let ratioUpper: Double
    /// p̄₁ − p̄₀, with its delta-method standard error and interval.
    public let difference: Double
    /// Its standard error.
    public let differenceStandardError: Double
    /// Lower bound of the difference.
    public let differenceLower: Double
    /// Upper bound of the difference.
    public let differenceUpper: Double
}

extension MarginalEffects {
    /// The contrast of the average predictions with `variable` at `numerator` and at `denominator`,
    /// at the fit's level. The gradients of both averages come from the same evaluator, so their
    /// covariance enters the standard errors. A ratio of a zero denominator is +∞ with no interval.
    public static func predictionContrast(fit: GLMFit, frame: ModelFrame, variable: String, numerator: String, denominator: String,
                                          weights: [Double]? = nil) throws -> PredictionContrast {
        let evaluator = try Evaluator(fit: fit, frame: frame, weights: weights, at: [:], kind: .ame)
        let critical = Normal.quantile(0.5 + fit.level / 2)
        let (p1, g1) = try evaluator.averageProbability(setting: [variable: numerator])
        let (p0, g0) = try evaluator.averageProbability(setting: [variable: denominator])
        let differenceSE = evaluator.standardError(zip(g1, g0).map { $0 - $1 })
        let ratio = p1 / p0
        var lower = Double.nan, upper = Double.nan
        if p1 > 0, p0 > 0 {
            let logSE = evaluator.standardError(zip(g1, g0).map { $0 / p1 - $1 / p0 })
            lower = ratio * Double.exp(-critical * logSE)
            upper = ratio * Double.exp(critical * logSE)
        }
        return PredictionContrast(variable: variable, numerator: numerator, denominator: denominator, numeratorProbability: p1,
                                  denominatorProbability: p0, ratio: ratio, ratioLower: lower, ratioUpper: upper,
                                  difference: p1 - p0, differenceStandardError: differenceSE,
                                  differenceLower: p1 - p0 - critical * differenceSE, differenceUpper: p1 - p0 + critical * differenceSE)
    }
}
