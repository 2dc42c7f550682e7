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
    /// p̄₁ / p̄₀ as a row of the one estimate table: its delta-method standard error p̄₁/p̄₀·SE(log),
    /// the test of log ratio = 0 and the interval exp(log ratio ∓ q·SE(log)), the delta method on
    /// the log scale (NaN bounds where a probability is 0).
    public let ratioRow: Estimate
    /// p̄₁ − p̄₀ as a row of the one estimate table: delta-method standard error, Wald test and interval.
    public let differenceRow: Estimate
    /// p̄₁ / p̄₀.
    public var ratio: Double { ratioRow.estimate }
    /// Lower bound of the ratio.
    public var ratioLower: Double { ratioRow.lower }
    /// Upper bound of the ratio.
    public var ratioUpper: Double { ratioRow.upper }
    /// p̄₁ − p̄₀.
    public var difference: Double { differenceRow.estimate }
    /// Its standard error.
    public var differenceStandardError: Double { differenceRow.standardError }
    /// Lower bound of the difference.
    public var differenceLower: Double { differenceRow.lower }
    /// Upper bound of the difference.
    public var differenceUpper: Double { differenceRow.upper }
}

extension MarginalEffects {
    /// The contrast of the average predictions with `variable` at `numerator` and at `denominator`,
    /// at the fit's level. The gradients of both averages come from the same evaluator, so their
    /// covariance enters the standard errors. A ratio of a zero denominator is +∞ with no interval.
    public static func predictionContrast(fit: GLMFit, frame: ModelFrame, variable: String, numerator: String, denominator: String,
                                          weights: [Double]? = nil) throws -> PredictionContrast {
        let evaluator = try Evaluator(fit: fit, frame: frame, weights: weights, at: [:], kind: .ame)
        // The fit's reference distribution (t for the linear probability model), as every margin.
        let critical = evaluator.critical, distribution = evaluator.distribution, level = evaluator.level
        let (p1, g1) = try evaluator.averageProbability(setting: [variable: numerator])
        let (p0, g0) = try evaluator.averageProbability(setting: [variable: denominator])
        let differenceSE = evaluator.standardError(zip(g1, g0).map { $0 - $1 })
        let ratio = p1 / p0
        var lower = Double.nan, upper = Double.nan, logSE = Double.nan
        if p1 > 0, p0 > 0 {
            logSE = evaluator.standardError(zip(g1, g0).map { $0 / p1 - $1 / p0 })
            lower = ratio * Double.exp(-critical * logSE)
            upper = ratio * Double.exp(critical * logSE)
        }
        let logStatistic = Double.log(ratio) / logSE
        let ratioRow = Estimate(term: "\(variable)=\(numerator) / \(variable)=\(denominator)", estimate: ratio,
                                standardError: ratio * logSE, statistic: logStatistic, pValue: distribution.twoSidedPValue(logStatistic),
                                lower: lower, upper: upper, distribution: distribution, level: level)
        let differenceRow = Estimate(term: "\(variable)=\(numerator) − \(variable)=\(denominator)", estimate: p1 - p0,
                                     standardError: differenceSE, distribution: distribution, level: level, critical: critical)
        return PredictionContrast(variable: variable, numerator: numerator, denominator: denominator, numeratorProbability: p1,
                                  denominatorProbability: p0, ratioRow: ratioRow, differenceRow: differenceRow)
    }
}
