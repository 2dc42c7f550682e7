import Distributions
import LinearAlgebra
import RealModule

/// The linear probability model: OLS of a 0/1 outcome on the design (the same certified least
/// squares as `OLS`), with heteroskedasticity-robust HC1 standard errors by default — the errors
/// of a binary outcome are heteroskedastic by construction. Matches R's `lm` with
/// `sandwich::vcovHC(type = "HC1")` and Stata's `regress, robust`.
public enum LinearProbabilityModel {
    /// Fits `y = Xβ + ε` by least squares; returns the shared `GLMFit` shape (link `identity`).
    ///
    /// - Log-likelihood: Gaussian at σ̂²_ML = RSS/n (statsmodels' `llf`; R's `logLik.lm`).
    /// - AIC/BIC count the estimated coefficients (statsmodels' convention, not R's + 1 for σ).
    /// - Statistics are t with n − k degrees of freedom; fitted values may leave [0, 1] (reported).
    /// - Parameter robust: HC1 (default) or the classical σ̂²(XᵀX)⁻¹.
    public static func fit(design: Matrix, response: [Double], termNames: [String], robust: Bool = true,
                           level: Double = 0.95) throws -> GLMFit {
        let ols = try OLS.fit(design: design, response: response, termNames: termNames)
        let n = design.rows, k = ols.rank
        let residualDF = Double(n - k)
        let classical = CoefficientTable(terms: termNames, estimates: ols.coefficients.map(\.estimate), covariance: ols.covariance,
                                         distribution: .t(degreesOfFreedom: residualDF), level: level)
        let rss = ols.residualSumOfSquares
        let tss = OLS.totalSumOfSquares(response, centred: ols.hasIntercept)
        let nn = Double(n)
        func gaussianLogLikelihood(_ sumOfSquares: Double) -> Double {
            -nn / 2 * (Double.log(2 * Double.pi * sumOfSquares / nn) + 1)
        }
        let logLikelihood = gaussianLogLikelihood(rss), nullLogLikelihood = gaussianLogLikelihood(tss)
        let lr = 2 * (logLikelihood - nullLogLikelihood)
        let lrDF = k - (ols.hasIntercept ? 1 : 0)
        let events = response.reduce(0, +)
        let fitted = ols.fittedValues
        var diagnostics = [Diagnostic]()
        if !ols.aliasedTerms.isEmpty {
            diagnostics.append(Diagnostic(kind: .aliasedTerms, terms: ols.aliasedTerms,
                message: "\(ols.aliasedTerms.joined(separator: ", ")) exactly collinear with earlier terms and left out (estimate NA)"))
        }
        let outside = fitted.filter { $0 < 0 || $0 > 1 }.count
        if outside > 0 {
            diagnostics.append(Diagnostic(kind: .boundaryFit, terms: [],
                message: "\(outside) fitted probabilities lie outside [0, 1], as a linear probability model allows; consider a logit or probit"))
        }
        var eventMean = 0.0, nonEventMean = 0.0
        for (value, y) in zip(fitted, response) { if y == 1 { eventMean += value } else { nonEventMean += value } }
        let fit = GLMFit(model: .lpm, link: .identity, table: classical, covarianceKind: .leastSquares, information: .expected,
                      logLikelihood: logLikelihood, nullLogLikelihood: nullLogLikelihood, deviance: rss, nullDeviance: tss,
                      aic: -2 * logLikelihood + 2 * Double(k), bic: -2 * logLikelihood + Double(k) * Double.log(nn),
                      lrStatistic: lr, lrDegreesOfFreedom: lrDF,
                      lrPValue: lrDF > 0 ? ChiSquared.survival(lr, degreesOfFreedom: Double(lrDF)) : .nan,
                      pseudoRSquared: PseudoRSquared(mcFadden: ols.rSquared, coxSnell: .nan, nagelkerke: .nan,
                                                     tjur: eventMean / events - nonEventMean / (nn - events)),
                      observationCount: nn, events: events, iterations: 0, converged: true, diagnostics: diagnostics,
                      fittedValues: fitted, linearPredictor: fitted, aliasedTerms: ols.aliasedTerms,
                      hasIntercept: ols.hasIntercept)
        guard robust else { return fit }
        // HC1 = n/(n−k) · (XᵀX)⁻¹ Xᵀ diag(eᵢ²) X (XᵀX)⁻¹: the one sandwich of `RobustCovariance`.
        let hc1 = try RobustCovariance.covariance(of: fit, design: design, response: response, estimator: .hc1)
        return fit.replacingCovariance(hc1, kind: .robust(.hc1, clusters: []))
    }
}
