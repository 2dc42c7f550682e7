import Distributions
import LinearAlgebra
import LinearPredictor
import RealModule

/// A binary GLM with absorbed fixed effects and what its covariances need: the fit of the other
/// terms, the design projected off the fixed effects under the final working weights (X̃, by
/// Frisch–Waugh–Lovell the design whose information, scores and sandwiches are those of the other
/// terms in the full fit), and the parameters the fixed effects take (`FixedEffects.rank`).
public struct AbsorbedFit: Sendable {
    /// The fit: coefficients of the design's columns (the fixed effects are not in its table), η
    /// and μ with the fixed effects, likelihoods, counts.
    public let fit: GLMFit
    /// X̃: the design's estimated columns projected off the fixed effects under the final working
    /// weights (n × k).
    public let projectedDesign: Matrix
    /// The columns of the design that `projectedDesign` holds (the others are collinear with the
    /// fixed effects, aliased).
    public let keptColumns: [Int]
    /// The parameters the fixed effects take (counted in AIC, BIC, HC1 and Stata's cluster factor).
    public let absorbedParameters: Int
    /// The most alternating-projection sweeps one projection took.
    public let sweeps: Int
}

/// Errors of a fit with absorbed factors (`AbsorbingGLM`).
public enum AbsorbedFitError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The alternating projections did not converge (factors nearly collinear with each other).
    case projectionsDidNotConverge(sweeps: Int)
    /// No estimable column is left once the fixed effects are absorbed.
    case noColumnLeft

    public var description: String {
        switch self {
        case .projectionsDidNotConverge(let sweeps):
            return "projecting off the absorbed factors did not converge in \(sweeps) sweeps: their levels are nearly collinear; absorb fewer factors, or combine them into one"
        case .noColumnLeft:
            return "every term of the formula is collinear with the absorbed factors, so nothing is left to estimate; remove terms that are constant within a level of an absorbed factor"
        }
    }
}

/// IRLS with absorbed fixed effects, fixest's `feglm`: in each iteration the working response and
/// the design are projected off the fixed effects under the working weights (`FixedEffects.demean`),
/// the other terms' step is weighted least squares on the projected columns, and the linear
/// predictor, fixed effects included, is the working response less the projected residual. The
/// fixed effects are never formed. The estimates and the expected-information covariance of the
/// other terms equal the full fit's with every level's indicator (Frisch–Waugh–Lovell).
public enum AbsorbingGLM {
    /// Fits `response` on `design` (the other terms, no intercept) with `fixedEffects` absorbed.
    /// - Parameters:
    ///   - design: the other terms' columns (n × k, dense).
    ///   - response: 0/1 outcomes (or proportions) per row.
    ///   - termNames: one name per design column.
    ///   - weights: prior weights (a row of weight 0 is left out, e.g. a separated level's).
    ///   - weightKind: frequency or sampling weights.
    ///   - offset: a known term added to the linear predictor.
    ///   - fixedEffects: the absorbed factors.
    ///   - options: link, tolerance (R's deviance rule) and iteration limit; the information is the
    ///     expected one (fixest's), the same as the observed for the logit.
    ///   - maxSweeps: the limit of alternating-projection sweeps per projection.
    /// - Throws: `AbsorbedFitError`, `GLMError.numericalFailure`.
    public static func fit(design: Matrix, response: [Double], termNames: [String], weights: [Double]?, weightKind: WeightKind = .frequency,
                           offset: [Double]?, fixedEffects: FixedEffects, options: GLMOptions, maxSweeps: Int = 100_000) throws -> AbsorbedFit {
        try BLASThreads.withSingleThreadedBLAS {
            try fitting(design: design, response: response, termNames: termNames, weights: weights, weightKind: weightKind,
                        offset: offset, fixedEffects: fixedEffects, options: options, maxSweeps: maxSweeps)
        }
    }

    static func fitting(design: Matrix, response: [Double], termNames: [String], weights: [Double]?, weightKind: WeightKind,
                        offset: [Double]?, fixedEffects: FixedEffects, options: GLMOptions, maxSweeps: Int) throws -> AbsorbedFit {
        let n = design.rows, link = options.link.function
        let prior = weights ?? [Double](repeating: 1, count: n)
        func off(_ i: Int) -> Double { offset?[i] ?? 0 }
        // Columns collinear with the fixed effects (constant within a level) or with earlier
        // columns: aliased, by the dense design's rule — each column's residual on the factors'
        // span and the kept columns against its norm before the projection, under the prior weights.
        let columns = (0..<design.columns).map { design.column($0) }
        let unitProjected = fixedEffects.demean(columns, weights: prior, maxSweeps: maxSweeps)
        guard unitProjected.converged else { throw AbsorbedFitError.projectionsDidNotConverge(sweeps: unitProjected.sweeps) }
        let kept = fixedEffects.independentColumns(columns, projected: unitProjected.columns, weights: prior)
        guard !kept.isEmpty else { throw AbsorbedFitError.noColumnLeft }
        let x = kept.map { design.column($0) }
        // R's start: μ = (w y + ½)/(w + 1).
        var eta = (0..<n).map { i -> Double in
            let mu = (prior[i] * response[i] + 0.5) / (prior[i] + 1)
            return link.link(mu) + off(i)
        }
        func deviance(_ eta: [Double]) -> Double {
            var total = 0.0
            for i in 0..<n where prior[i] > 0 {
                total += prior[i] * BinomialFamily.deviance(link.inverse(eta[i]), y: response[i], link: link, eta: eta[i])
            }
            return total
        }
        var previous = deviance(eta), iterations = 0, converged = false, sweeps = unitProjected.sweeps
        var beta = [Double](repeating: 0, count: kept.count)
        // After R's deviance rule is met, the iterations go on (at most 100 more) until the
        // estimates move less than 1e−10 relative: the polish the dense engine's Newton step gives,
        // so the two agree to 1e−9 for every link (the cauchit converges linearly).
        var polishing = 0
        while iterations < options.maxIterations + polishing {
            iterations += 1
            let before = beta
            var w = [Double](repeating: 0, count: n), z = [Double](repeating: 0, count: n)
            for i in 0..<n where prior[i] > 0 {
                (w[i], z[i]) = BinomialFamily.working(link.inverse(eta[i]), y: response[i], priorWeight: prior[i], etaWithoutOffset: eta[i] - off(i))
            }
            let projected = fixedEffects.demean([z] + x, weights: w, maxSweeps: maxSweeps)
            guard projected.converged else { throw AbsorbedFitError.projectionsDidNotConverge(sweeps: projected.sweeps) }
            sweeps = max(sweeps, projected.sweeps)
            let zt = projected.columns[0], xt = Matrix(columnVectors: Array(projected.columns.dropFirst()))
            let information = DesignMatrix(xt).weightedCrossProduct(weights: w)
            guard let factor = InformationFactor.factor(information) else {
                throw GLMError.numericalFailure("the information of the terms other than the absorbed factors is singular at iteration \(iterations)")
            }
            beta = factor.solve(DesignMatrix(xt).transposeMultiplied(by: zip(w, zt).map { $0 * $1 }))
            let fitted = xt * beta
            // η = z − (z̃ − X̃β) + offset: the working response less its projected residual.
            var candidate = (0..<n).map { i in prior[i] > 0 ? z[i] - (zt[i] - fitted[i]) + off(i) : eta[i] }
            var current = deviance(candidate)
            // Step halving (R's glm.fit) where the deviance is not finite, or rises after the first
            // step (the start from μ = (w y + ½)/(w + 1) has no deviance to keep below).
            var halvings = 0
            while !(current.isFinite && (iterations == 1 || current <= previous * (1 + 1e-12) + 1e-12)) && halvings < 30 {
                candidate = zip(candidate, eta).map { ($0 + $1) / 2 }
                current = deviance(candidate)
                halvings += 1
            }
            eta = candidate
            let ruleMet = abs(current - previous) / (abs(current) + 0.1) < options.tolerance
            previous = current
            if ruleMet {
                converged = true
                let settled = zip(beta, before).allSatisfy { abs($0 - $1) <= 1e-10 * (1 + abs($1)) }
                if settled || polishing >= 100 { break }
                polishing = min(100, polishing + 1)
            }
        }
        // The covariance at the estimate: X̃ projected under the final working weights.
        var w = [Double](repeating: 0, count: n)
        for i in 0..<n where prior[i] > 0 {
            w[i] = BinomialFamily.working(link.inverse(eta[i]), y: response[i], priorWeight: prior[i], etaWithoutOffset: eta[i] - off(i)).weight
        }
        let final = fixedEffects.demean(x, weights: w, maxSweeps: maxSweeps)
        guard final.converged else { throw AbsorbedFitError.projectionsDidNotConverge(sweeps: final.sweeps) }
        let xt = Matrix(columnVectors: final.columns)
        let information = DesignMatrix(xt).weightedCrossProduct(weights: w)
        let factor = InformationFactor.factor(information)
        let covariance = factor?.inverse() ?? Matrix(rows: kept.count, columns: kept.count, repeating: .nan)
        let absorbed = fixedEffects.rank(weights: prior)
        let fit = result(response: response, prior: prior, weightKind: weights == nil ? nil : weightKind, eta: eta, link: options.link,
                         termNames: termNames, kept: kept, beta: beta, covariance: covariance, regular: factor != nil,
                         parameters: kept.count + absorbed, iterations: iterations, converged: converged, deviance: previous)
        return AbsorbedFit(fit: fit, projectedDesign: xt, keptColumns: kept, absorbedParameters: absorbed, sweeps: max(sweeps, final.sweeps))
    }

    /// The `GLMFit` of the absorbed model: the table of the other terms, likelihoods with the
    /// fixed effects, the null model with an intercept only (as fixest's pseudo-R²), AIC and BIC
    /// counting the fixed effects' parameters.
    static func result(response: [Double], prior: [Double], weightKind: WeightKind?, eta: [Double], link: Link, termNames: [String],
                       kept: [Int], beta: [Double], covariance: Matrix, regular: Bool, parameters: Int, iterations: Int,
                       converged: Bool, deviance: Double) -> GLMFit {
        let function = link.function, n = response.count
        var logLikelihood = 0.0, weightSum = 0.0, events = 0.0, positiveRows = 0, eventRows = 0.0
        var eventMean = 0.0, nonEventMean = 0.0
        var fitted = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let values = function.inverse(eta[i])
            fitted[i] = values.mean
            guard prior[i] > 0 else { continue }
            logLikelihood += prior[i] * BinomialFamily.logLikelihood(values, y: response[i], link: function, eta: eta[i])
            weightSum += prior[i]; events += prior[i] * response[i]; positiveRows += 1; eventRows += response[i]
            eventMean += prior[i] * response[i] * values.mean; nonEventMean += prior[i] * (1 - response[i]) * values.mean
        }
        let nonEvents = weightSum - events
        let nullLogLikelihood = (events > 0 ? events * Double.log(events / weightSum) : 0) + (nonEvents > 0 ? nonEvents * Double.log(nonEvents / weightSum) : 0)
        // Σ w under frequency weights, otherwise the rows with positive weight (as GLMResultBuilder).
        let observations = weightKind == .frequency ? weightSum : Double(positiveRows)
        let pseudo = weightKind == .sampling
        let k = Double(parameters)
        let lr = pseudo ? Double.nan : 2 * (logLikelihood - nullLogLikelihood)
        let lrDF = parameters - 1
        let coxSnell = pseudo ? Double.nan : -Double.expMinusOne(2 * (nullLogLikelihood - logLikelihood) / observations)
        let table = CoefficientTable(terms: termNames, kept: kept, estimates: beta, keptCovariance: covariance, distribution: .normal)
        var diagnostics = [Diagnostic]()
        let aliased = termNames.indices.filter { !kept.contains($0) }.map { termNames[$0] }
        if !aliased.isEmpty {
            diagnostics.append(Diagnostic(kind: .aliasedTerms, terms: aliased,
                message: "\(aliased.joined(separator: ", ")) \(aliased.count == 1 ? "is" : "are") collinear with the absorbed factors (with the terms before, where any) and left out (estimate NA)"))
        }
        if !converged {
            diagnostics.append(Diagnostic(kind: .nonConvergence, terms: [],
                message: "IRLS with absorbed factors did not converge in \(iterations) iterations; raise the iteration limit, or look for separation by the other terms"))
        }
        return GLMFit(model: ModelKind.maximumLikelihood(link: link), link: link, table: table, covarianceEstimator: .classical(.expected),
                      information: .expected, informationRegularity: regular ? .regular : .singular, logLikelihood: logLikelihood,
                      nullLogLikelihood: nullLogLikelihood, deviance: deviance, nullDeviance: -2 * nullLogLikelihood,
                      aic: pseudo ? .nan : -2 * logLikelihood + 2 * k, bic: pseudo ? .nan : -2 * logLikelihood + k * Double.log(observations),
                      lrStatistic: lr, lrDegreesOfFreedom: lrDF,
                      lrPValue: pseudo || lrDF <= 0 ? .nan : ChiSquared.survival(lr, degreesOfFreedom: Double(lrDF)),
                      pseudoRSquared: PseudoRSquared(mcFadden: 1 - logLikelihood / nullLogLikelihood, coxSnell: coxSnell,
                                                     nagelkerke: coxSnell / -Double.expMinusOne(2 * nullLogLikelihood / observations),
                                                     tjur: eventMean / events - nonEventMean / nonEvents),
                      observationCount: observations, events: weightKind == .sampling ? eventRows : events,
                      iterations: iterations, converged: converged, diagnostics: diagnostics, fittedValues: fitted, linearPredictor: eta,
                      aliasedTerms: aliased, hasIntercept: false, likelihoodIsPseudo: pseudo)
    }
}
