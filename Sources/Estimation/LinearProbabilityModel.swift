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
    /// - Parameters:
    ///   - design: the `n × p` design.
    ///   - response: the 0/1 outcome.
    ///   - termNames: one name per design column.
    ///   - weights: sampling weights: weighted least squares β = (XᵀWX)⁻¹XᵀW(y − offset), R's
    ///     `lm(weights = w)`, with the HC1 sandwich `sandwich::vcovHC(type = "HC1")` (Stata's
    ///     `regress [pw=]`); rows of weight 0 are left out, as `lm` does.
    ///   - offset: subtracted from y before the fit and added to the fitted values (`lm(offset =)`).
    ///   - robust: HC1 (default) or the classical σ̂²(XᵀX)⁻¹ (not with weights).
    public static func fit(design: Matrix, response: [Double], termNames: [String], weights: [Double]? = nil,
                           offset: [Double]? = nil, robust: Bool = true) throws -> GLMFit {
        if let scaling = ColumnScaling(design, weights: weights) {
            // Columns beyond 2^±200 on an exact power-of-two scale, as in the GLM (found by FuzzNumeric:
            // the normal equations of a column of 1e300 held to 4 % only).
            return scaling.unscaled(try fit(design: scaling.apply(to: design), response: response, termNames: termNames,
                                            weights: weights, offset: offset, robust: robust))
        }
        if let weights, let bad = weights.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) {
            throw GLMError.invalidWeight(row: bad, value: weights[bad])
        }
        if let offset, let bad = offset.firstIndex(where: { !$0.isFinite }) { throw GLMError.invalidOffset(row: bad, value: offset[bad]) }
        if let offset, let bad = offset.firstIndex(where: { abs($0) > 1e15 }) { throw GLMError.offsetOutOfRange(row: bad, value: offset[bad]) }
        let used = weights.map { w in w.indices.filter { w[$0] > 0 } }
        let rowsUsed = used ?? Array(0..<design.rows)
        let w = rowsUsed.map { weights?[$0] ?? 1 }
        let target = rowsUsed.map { response[$0] - (offset?[$0] ?? 0) }
        // √w-scaled rows: ordinary least squares of √w·(y − o) on √w·X is weighted least squares.
        // The rows in decreasing order of their largest |√w x| (Powell & Reid's row sorting):
        // Householder QR is not invariant to row scaling, and with weights from 1e−300 to 1e300 an
        // estimating equation was 1 % off (FuzzNumeric); the least-squares solution does not
        // depend on the order of the rows.
        var scaledRows = rowsUsed.enumerated().map { r, i in design.row(i).map { $0 * w[r].squareRoot() } }
        var scaledTarget = zip(target, w).map { $0 * $1.squareRoot() }
        if weights != nil {
            let largest = scaledRows.map { row in row.reduce(0) { max($0, abs($1)) } }
            let order = largest.indices.sorted { largest[$0] > largest[$1] || (largest[$0] == largest[$1] && $0 < $1) }
            scaledRows = order.map { scaledRows[$0] }
            scaledTarget = order.map { scaledTarget[$0] }
        }
        let ols = try OLS.fit(design: weights == nil ? design : Matrix(rowMajor: scaledRows),
                              response: scaledTarget, termNames: termNames)
        let n = rowsUsed.count, k = ols.rank
        let residualDF = Double(n - k)
        let classical = CoefficientTable(terms: termNames, estimates: ols.coefficients.map(\.estimate), covariance: ols.covariance,
                                         distribution: .t(degreesOfFreedom: residualDF))
        let beta = ols.coefficients.map { $0.estimate ?? 0 }
        let fitted = (0..<design.rows).map { i in zip(design.row(i), beta).map { $0 * $1 }.reduce(0, +) + (offset?[i] ?? 0) }
        let rss = ols.residualSumOfSquares   // Σ w e²
        let hasIntercept = design.hasConstantColumn
        let totalWeight = w.reduce(0, +)
        let centre = hasIntercept ? zip(w, target).map { $0 * $1 }.reduce(0, +) / totalWeight : 0
        let tss = zip(w, target).map { $0 * ($1 - centre) * ($1 - centre) }.reduce(0, +)
        let nn = Double(n)
        // R's logLik.lm: ½ Σ log wᵢ − n/2 (log 2π + 1 − log n + log Σ w e²).
        let logWeights = weights == nil ? 0 : w.map { Double.log($0) }.reduce(0, +) / 2
        func gaussianLogLikelihood(_ sumOfSquares: Double) -> Double {
            logWeights - nn / 2 * (Double.log(2 * Double.pi * sumOfSquares / nn) + 1)
        }
        let logLikelihood = gaussianLogLikelihood(rss), nullLogLikelihood = gaussianLogLikelihood(tss)
        let lr = 2 * (logLikelihood - nullLogLikelihood)
        let lrDF = k - (hasIntercept ? 1 : 0)
        let events = zip(rowsUsed, w).map { response[$0] * $1 }.reduce(0, +)
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
        for (r, i) in rowsUsed.enumerated() {
            if response[i] == 1 { eventMean += w[r] * fitted[i] } else { nonEventMean += w[r] * fitted[i] }
        }
        // Sampling weights: the Gaussian likelihood of weighted least squares treats them as
        // precision weights, which they are not; no LR test or information criteria then.
        let pseudo = weights != nil
        var fit = GLMFit(model: .lpm, link: .identity, table: classical, covarianceEstimator: .classical(.expected),
                         information: .expected, informationRegularity: .regular,
                      logLikelihood: logLikelihood, nullLogLikelihood: nullLogLikelihood, deviance: rss, nullDeviance: tss,
                      aic: pseudo ? .nan : -2 * logLikelihood + 2 * Double(k), bic: pseudo ? .nan : -2 * logLikelihood + Double(k) * Double.log(nn),
                      lrStatistic: pseudo ? .nan : lr, lrDegreesOfFreedom: lrDF,
                      lrPValue: lrDF > 0 && !pseudo ? ChiSquared.survival(lr, degreesOfFreedom: Double(lrDF)) : .nan,
                      pseudoRSquared: PseudoRSquared(mcFadden: 1 - rss / tss, coxSnell: .nan, nagelkerke: .nan,
                                                     tjur: eventMean / events - nonEventMean / (totalWeight - events)),
                      observationCount: nn, events: rowsUsed.reduce(0) { $0 + response[$1] }, iterations: 0, converged: true, diagnostics: diagnostics,
                      fittedValues: fitted, linearPredictor: fitted, aliasedTerms: ols.aliasedTerms,
                      hasIntercept: hasIntercept, likelihoodIsPseudo: pseudo)
        // Least squares' per-row scores wᵢeᵢ and working weights wᵢ (0 for rows left out).
        fit.workingWeights = (0..<design.rows).map { weights?[$0] ?? 1 }
        fit.scores = (0..<design.rows).map { i in fit.workingWeights[i] * (response[i] - fitted[i]) }
        guard robust else { return fit }
        // HC1 = n/(n−k) · (XᵀWX)⁻¹ Xᵀ diag(wᵢ²eᵢ²) X (XᵀWX)⁻¹: the one sandwich of `RobustCovariance`.
        let hc1 = try RobustCovariance.covariance(of: fit, design: design, response: response, weights: weights,
                                                  estimator: .hc1)
        return fit.replacingCovariance(hc1, estimator: .hc1)
    }
}
