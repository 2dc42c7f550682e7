import Distributions
import LinearAlgebra
import LinearPredictor
import RealModule

/// Turns the IRLS state into a `GLMFit`: covariance, Wald statistics, null model, information
/// criteria, pseudo-R² and diagnostics.
struct GLMResultBuilder<L: LinkFunction> {
    let problem: IRLSProblem<L>
    let state: IRLSState
    let keptColumns: [Int]
    let allNames: [String]
    let weightKind: WeightKind?
    let options: GLMOptions
    /// The trials of a grouped response (`GLM.fit(…, trials:)`), nil for individual outcomes.
    var trials: [Double]? = nil

    /// Sums over the rows of one chunk of the result pass.
    struct PassSums: Sendable {
        var weightSum = 0.0, positiveRows = 0, events = 0.0, eventMean = 0.0, nonEventMean = 0.0
        /// Σ y over the rows with positive weight: the events a sampling-weight fit reports.
        var eventRows = 0.0
        /// Σ w [y log y + (1 − y) log(1 − y)] over rows with 0 < y < 1 (the saturated model).
        var saturated = 0.0
        var boundary = false

        mutating func add(_ other: PassSums) {
            weightSum += other.weightSum; positiveRows += other.positiveRows; events += other.events; eventRows += other.eventRows
            eventMean += other.eventMean; nonEventMean += other.nonEventMean; saturated += other.saturated
            boundary = boundary || other.boundary
        }
    }

    /// What the result pass returns: per row η, μ, the observed-information weights (where
    /// needed), the score factors and the expected working weights; and the sums.
    struct Pass {
        var eta: [Double], fitted: [Double], covarianceWeights: [Double], scores: [Double], working: [Double], sums: PassSums
    }

    /// Which per-row weights the covariance needs.
    enum CovarianceWeights { case none, observed, squaredScores }

    var covarianceWeights: CovarianceWeights {
        if weightKind == .sampling { return .squaredScores }
        // Newton iterations leave the observed information itself in the final equations.
        return options.information == .expected || options.link == .logit || state.observedInformation ? .none : .observed
    }

    /// The one pass over the rows after convergence, in the sweep's parallel chunks: η, fitted
    /// values, counts, Tjur's sums, the covariance's per-row weights. The log-likelihood comes
    /// from the final sweep's deviance (ℓ = −D/2 + the saturated term), so no logarithm is taken
    /// per row here, and the null model is closed-form with an intercept and no offset.
    func resultPass() -> Pass {
        let design = problem.design, beta = state.coefficients, problem = self.problem, needed = covarianceWeights
        let n = design.rows
        // Each chunk writes its rows of the five arrays in place (`FilledArrays`), the
        // observed-information weights only where the covariance needs them.
        var chunkSums = [PassSums]()
        let arrays = FilledArrays.make(count: needed == .observed ? 5 : 4, length: n) { pointers in
            nonisolated(unsafe) let columns = pointers
            chunkSums = Matrix.rowChunks(n) { rows -> PassSums in
                let eta = columns[0] + rows.lowerBound, fitted = columns[1] + rows.lowerBound
                let scores = columns[2] + rows.lowerBound, working = columns[3] + rows.lowerBound
                let extra = needed == .observed ? columns[4] + rows.lowerBound : nil
                let product = design.multiplied(by: beta, rows: rows)
                var sums = PassSums()
                for k in 0..<rows.count {
                    let i = rows.lowerBound + k
                    if let offset = problem.offset { eta[k] = product[k] + offset[i] } else { eta[k] = product[k] }
                    let value = problem.link.inverse(eta[k])
                    fitted[k] = value.mean
                    if value.mean == 0 || value.complement == 0 { sums.boundary = true }
                    let w = problem.priorWeight(i), y = problem.response[i]
                    scores[k] = BinomialFamily.score(value, y: y, priorWeight: w)
                    working[k] = BinomialFamily.working(value, y: y, priorWeight: w, etaWithoutOffset: 0).weight
                    if let extra { extra[k] = BinomialFamily.observedWeight(value, y: y, priorWeight: w) }
                    guard w > 0 else { continue }
                    if y > 0 && y < 1 { sums.saturated += w * (y * Double.log(y) + (1 - y) * Double.log(onePlus: -y)) }
                    sums.weightSum += w
                    sums.positiveRows += 1
                    sums.events += w * y
                    sums.eventRows += y
                    sums.eventMean += w * y * value.mean
                    sums.nonEventMean += w * (1 - y) * value.mean
                }
                return sums
            }
        }
        var sums = PassSums()
        for chunk in chunkSums { sums.add(chunk) }
        return Pass(eta: arrays[0], fitted: arrays[1], covarianceWeights: needed == .observed ? arrays[4] : [],
                    scores: arrays[2], working: arrays[3], sums: sums)
    }

    /// Log-likelihood and deviance at the estimate: from the final sweep's deviance when it is
    /// finite, otherwise summed per row (zero-weight rows at a fitted 0 or 1 make the sweep's
    /// w·D term NaN).
    func likelihood(eta: [Double], saturated: Double) -> (logLikelihood: Double, deviance: Double) {
        if state.deviance.isFinite { return (-state.deviance / 2 + saturated, state.deviance) }
        return summedLikelihood { eta[$0] }
    }

    /// Σ w ℓᵢ and Σ w Dᵢ over the rows with positive weight, at the linear predictor `eta(i)`.
    func summedLikelihood(eta: (Int) -> Double) -> (logLikelihood: Double, deviance: Double) {
        var logLikelihood = 0.0, deviance = 0.0
        for i in 0..<problem.design.rows where problem.priorWeight(i) > 0 {
            let w = problem.priorWeight(i), y = problem.response[i], etaI = eta(i), value = problem.link.inverse(etaI)
            logLikelihood += w * BinomialFamily.logLikelihood(value, y: y, link: problem.link, eta: etaI)
            deviance += w * BinomialFamily.deviance(value, y: y, link: problem.link, eta: etaI)
        }
        return (logLikelihood, deviance)
    }

    func build() throws -> GLMFit {
        if options.estimatesOnly && covarianceWeights == .none { return try estimates() }
        let design = problem.design
        let pass = resultPass()
        // The sampling-weight sandwich's meat weights are the squared scores the pass returns.
        let rowWeights = covarianceWeights == .squaredScores ? pass.scores.map { $0 * $0 } : pass.covarianceWeights
        let (eta, fitted, sums) = (pass.eta, pass.fitted, pass.sums)
        let constant = binomialConstant
        var (logLikelihood, deviance) = likelihood(eta: eta, saturated: sums.saturated)
        logLikelihood += constant
        let (weightSum, positiveRows, events) = (sums.weightSum, sums.positiveRows, sums.events)
        let (eventMean, nonEventMean, boundary) = (sums.eventMean, sums.nonEventMean, sums.boundary)
        let nearBoundary = Separation.screenFlags(linearPredictor: eta, response: problem.response, link: options.link)
        let (covariance, estimator, regularity) = try covarianceMatrix(rowWeights: rowWeights)
        let hasIntercept = design.hasConstantColumn
        var (nullLogLikelihood, nullDeviance) = try nullModel(hasIntercept: hasIntercept, sums: sums)
        nullLogLikelihood += constant

        let table = coefficientTable(covariance)

        let observations = observationCount(weightSum: weightSum, positiveRows: positiveRows)
        let k = Double(keptColumns.count)
        // Under sampling weights ℓ is a pseudo-likelihood that scales with the weights: what scales
        // with it is not reported (issue 29, item 11); McFadden's ratio and Tjur's D do not scale.
        let pseudoLikelihood = weightKind == .sampling
        let scaleFree = { (value: Double) in pseudoLikelihood ? Double.nan : value }
        let lr = scaleFree(2 * (logLikelihood - nullLogLikelihood))
        let lrDF = keptColumns.count - (hasIntercept ? 1 : 0)
        let coxSnell = scaleFree(-Double.expMinusOne(2 * (nullLogLikelihood - logLikelihood) / observations))
        let maxCoxSnell = -Double.expMinusOne(2 * nullLogLikelihood / observations)
        let pseudo = PseudoRSquared(mcFadden: 1 - logLikelihood / nullLogLikelihood, coxSnell: coxSnell,
                                    nagelkerke: coxSnell / maxCoxSnell,
                                    tjur: eventMean / events - nonEventMean / (weightSum - events))
        let diagnostics = makeDiagnostics(boundary: boundary, nearBoundary: nearBoundary, linearPredictor: eta,
                                          covarianceUnavailable: regularity == .singular)
        var fit = GLMFit(model: modelKind, link: options.link, table: table, covarianceEstimator: estimator,
                      information: options.information, informationRegularity: regularity, logLikelihood: logLikelihood, nullLogLikelihood: nullLogLikelihood,
                      deviance: deviance, nullDeviance: nullDeviance, aic: scaleFree(-2 * logLikelihood + 2 * k),
                      bic: scaleFree(-2 * logLikelihood + k * Double.log(observations)), lrStatistic: lr, lrDegreesOfFreedom: lrDF,
                      lrPValue: lrDF > 0 && !pseudoLikelihood ? ChiSquared.survival(lr, degreesOfFreedom: Double(lrDF)) : .nan,
                      pseudoRSquared: pseudo, observationCount: observations,
                      events: weightKind == .frequency ? events : sums.eventRows,
                      iterations: state.iterations, converged: state.converged, diagnostics: diagnostics,
                      fittedValues: fitted, linearPredictor: eta, aliasedTerms: aliasedNames,
                      hasIntercept: hasIntercept, likelihoodIsPseudo: pseudoLikelihood)
        fit.scores = pass.scores
        fit.workingWeights = pass.working
        return fit
    }

    /// The observations a fit reports: Σ w under frequency weights, otherwise the rows with
    /// positive weight; for a grouped response the rows (Σ wᵢ/nᵢ under frequency weights), as R's
    /// `nobs` for `cbind(s, f)`.
    func observationCount(weightSum: Double, positiveRows: Int) -> Double {
        guard let trials else { return weightKind == .frequency ? weightSum : Double(positiveRows) }
        guard weightKind == .frequency else { return Double(positiveRows) }
        var rows = 0.0
        for i in trials.indices where problem.priorWeight(i) > 0 { rows += problem.priorWeight(i) / trials[i] }
        return rows
    }

    /// R's binomial constant of a grouped response, Σ (wᵢ/nᵢ) log C(nᵢ, sᵢ) with sᵢ = round(nᵢyᵢ)
    /// over the rows with positive weight (`binomial()$aic`, which `logLik` reads); 0 for
    /// individual outcomes, whose binomial coefficients are 1.
    var binomialConstant: Double {
        guard let trials else { return 0 }
        var total = 0.0
        for i in trials.indices where problem.priorWeight(i) > 0 {
            let n = trials[i], s = (n * problem.response[i]).rounded()
            let logChoose = Double.logGamma(n + 1) - Double.logGamma(s + 1) - Double.logGamma(n - s + 1)
            total += problem.priorWeight(i) / n * logChoose
        }
        return total
    }

    /// Terms left out as collinear.
    var aliasedNames: [String] { allNames.indices.filter { !keptColumns.contains($0) }.map { allNames[$0] } }

    /// The model fitted: Firth's logit under the Jeffreys penalty, otherwise the link's ML model.
    var modelKind: ModelKind { options.penalty == .jeffreys ? .firth : ModelKind.maximumLikelihood(link: options.link) }

    /// The coefficient table in design order (aliased terms empty), z statistics.
    func coefficientTable(_ covariance: Matrix) -> CoefficientTable {
        CoefficientTable(terms: allNames, kept: keptColumns, estimates: state.coefficients, keptCovariance: covariance,
                         distribution: .normal)
    }

    /// The lean result of `GLMOptions.estimatesOnly`: η = Xβ (+ offset) by one `dgemv`, no link
    /// evaluation per row; the likelihood-based summaries are NaN, the fitted values empty, and
    /// there is no boundary-fit diagnostic.
    func estimates() throws -> GLMFit {
        let design = problem.design
        var eta = design * state.coefficients
        if let offset = problem.offset { for i in eta.indices { eta[i] += offset[i] } }
        let (covariance, estimator, regularity) = try covarianceMatrix(rowWeights: [])
        let table = coefficientTable(covariance)
        var weightSum = 0.0, positiveRows = 0, events = 0.0
        for i in 0..<design.rows where problem.priorWeight(i) > 0 {
            weightSum += problem.priorWeight(i)
            positiveRows += 1
            events += (weightKind == .frequency ? problem.priorWeight(i) : 1) * problem.response[i]
        }
        // Without fitted values there is no boundary check; the rest as in `build`.
        let diagnostics = makeDiagnostics(boundary: false, nearBoundary: Separation.screenFlags(
            linearPredictor: eta, response: problem.response, link: options.link), linearPredictor: eta,
            covarianceUnavailable: regularity == .singular)
        let nan = Double.nan
        return GLMFit(model: modelKind, link: options.link, table: table, covarianceEstimator: estimator,
                      information: options.information, informationRegularity: regularity, logLikelihood: nan, nullLogLikelihood: nan,
                      deviance: state.deviance, nullDeviance: nan, aic: nan, bic: nan, lrStatistic: nan,
                      lrDegreesOfFreedom: keptColumns.count - (design.hasConstantColumn ? 1 : 0), lrPValue: nan,
                      pseudoRSquared: PseudoRSquared(mcFadden: nan, coxSnell: nan, nagelkerke: nan, tjur: nan),
                      observationCount: observationCount(weightSum: weightSum, positiveRows: positiveRows), events: events,
                      iterations: state.iterations, converged: state.converged, diagnostics: diagnostics,
                      fittedValues: [], linearPredictor: eta, aliasedTerms: aliasedNames,
                      hasIntercept: design.hasConstantColumn, likelihoodIsPseudo: weightKind == .sampling)
    }

    /// Classical covariance from the chosen information, or the robust sandwich for sampling
    /// weights; the estimator, and the verdict on the information.
    func covarianceMatrix(rowWeights: [Double]) throws -> (Matrix, Covariance, InformationRegularity) {
        let design = problem.design, n = design.rows, p = design.columns
        let estimator: Covariance = covarianceWeights == .squaredScores ? .samplingWeights(options.information)
            : .classical(options.information)
        // Built only where returned: a p × p matrix of NaN (800 MB at 10,000 levels).
        func unavailable() -> (Matrix, Covariance, InformationRegularity) {
            (Matrix(rows: p, columns: p, repeating: .nan), estimator, .singular)
        }
        guard let information = state.factor else { return unavailable() }
        switch covarianceWeights {
        case .squaredScores:
            // Sandwich: H⁻¹ [Σ (wᵢ uᵢ)² xᵢxᵢᵀ] H⁻¹ · n/(n−1), uᵢ = (yᵢ − μᵢ)μ'ᵢ/Vᵢ (Stata's
            // vce(robust) for pweights), H the chosen information: observed (Stata's default) or
            // expected (R survey::svyglm). The squared scores come from the result pass; Newton
            // fits (probit, cloglog) and the logit already hold the observed information.
            let bread: Matrix
            if options.information == .expected || options.link == .logit || state.observedInformation {
                bread = InformationFactor.inverse(state.equations.information, information)
            } else {
                let eta = design * state.coefficients
                let observed = (0..<n).map { i in
                    BinomialFamily.observedWeight(problem.link.inverse(eta[i] + problem.offsetValue(i)), y: problem.response[i],
                                                  priorWeight: problem.priorWeight(i))
                }
                guard let inverse = InformationFactor.observedInverse(problem.crossProduct(weights: observed)) else {
                    return unavailable()
                }
                bread = inverse
            }
            let used = (0..<n).filter { problem.priorWeight($0) > 0 }.count
            return (RobustCovariance.samplingWeightSandwich(design, bread: bread, squaredScores: rowWeights, observations: used),
                    estimator, .regular)
        case .none:
            return (InformationFactor.inverse(state.equations.information, information), estimator, .regular)
        case .observed:
            // Positive definite but numerically singular by the fit's rule (InformationFactor):
            // no covariance, as where the fit's own factor failed.
            let observed = problem.crossProduct(weights: rowWeights)
            if let factor = InformationFactor.factor(observed) { return (factor.inverse(), estimator, .regular) }
            // Not regular: inverted as it stands only where indefinite by the explicit eigenvalue rule.
            if let inverse = InformationFactor.indefiniteInverse(observed) { return (inverse, estimator, .indefinite) }
            return unavailable()
        }
    }

    /// Log-likelihood and deviance of the null model: intercept (and offset) only with an
    /// intercept; the offset alone (η = offset) without.
    func nullModel(hasIntercept: Bool, sums: PassSums) throws -> (Double, Double) {
        let n = problem.design.rows
        if hasIntercept && problem.offset == nil {
            // μ = ȳ for every row: ℓ₀ = (Σwy) log ȳ + (Σw(1−y)) log(1 − ȳ), D₀ = −2ℓ₀ + 2·saturated.
            let total = sums.weightSum, events = sums.events, nonEvents = total - events
            guard total > 0 else { return (0, 0) }
            let logLikelihood = (events > 0 ? events * Double.log(events / total) : 0)
                + (nonEvents > 0 ? nonEvents * Double.log(nonEvents / total) : 0)
            return (logLikelihood, -2 * logLikelihood + 2 * sums.saturated)
        }
        var interceptOnly = 0.0
        if hasIntercept {
            let intercept = IRLSProblem(design: DesignMatrix(Matrix(rows: n, columns: 1, repeating: 1)), response: problem.response,
                                        weights: problem.weights, offset: problem.offset, link: problem.link, penalty: .none)
            interceptOnly = try intercept.solveRetrying(start: nil, options: options).coefficients.first ?? 0
        }
        return summedLikelihood { interceptOnly + problem.offsetValue($0) }
    }

    /// `nearBoundary`: some row fitted within ε of its outcome (`Separation.screenFlags`), a
    /// symptom of separation; `linearPredictor`: the fit's η, which narrows the LP to the rows
    /// near their outcome.
    func makeDiagnostics(boundary: Bool, nearBoundary: Bool, linearPredictor eta: [Double],
                         covarianceUnavailable: Bool) -> [Diagnostic] {
        var diagnostics = [Diagnostic]()
        let aliased = aliasedNames
        if !aliased.isEmpty {
            diagnostics.append(Diagnostic(kind: .aliasedTerms, terms: aliased,
                message: "\(aliased.joined(separator: ", ")) \(aliased.count == 1 ? "is" : "are") exactly collinear with earlier terms and left out (estimate NA)"))
        }
        if options.checkSeparation != false,
           let verdict = separationVerdict(nearBoundary: nearBoundary, linearPredictor: eta, covarianceUnavailable: covarianceUnavailable) {
            let directions = verdict.directions
            if !verdict.finished {
                diagnostics.append(Diagnostic(kind: .separationUndetermined, terms: [],
                    message: "the fit shows symptoms of separation (rows fitted at 0 or 1, or no convergence), and the linear-programming check stopped at its work budget (a few fits) without a verdict: some estimates may be infinite. Run Separation.fullCheck on the design with a larger workBudget, or use Firth's bias-reduced logit (model: .firth; --model firth in reshore)"))
            } else if !directions.isEmpty {
                let names = directions.map { allNames[keptColumns[$0.column]] }
                let signed = directions.map { "\(allNames[keptColumns[$0.column]]) (\($0.sign > 0 ? "+∞" : "−∞"))" }
                let what = options.penalty == .jeffreys
                    ? "the maximum-likelihood estimates of \(signed.joined(separator: ", ")) are infinite; Firth's estimates shown here stay finite"
                    : "the estimates of \(signed.joined(separator: ", ")) are infinite; the values and standard errors shown for them are meaningless. Use Firth's bias-reduced logit (model: .firth; --model firth in reshore) or remove the separating terms"
                var diagnostic = Diagnostic(kind: .separation, terms: names, message: "separation detected (linear-programming check): " + what)
                // Firth's estimates of such terms stay finite, so only ML fits carry the signs.
                if options.penalty != .jeffreys {
                    for direction in directions { diagnostic.infiniteSigns[allNames[keptColumns[direction.column]]] = direction.sign > 0 ? 1 : -1 }
                }
                diagnostics.append(diagnostic)
            }
        }
        if !state.converged {
            diagnostics.append(Diagnostic(kind: .nonConvergence, terms: [],
                message: "IRLS did not converge in \(state.iterations) iterations; estimates are not reliable (raise the iteration limit: maxIterations, or --max-iterations in reshore; or check for separation)"))
        }
        if covarianceUnavailable {
            diagnostics.append(Diagnostic(kind: .singularInformation, terms: [],
                message: "the information matrix is numerically singular at the estimates (reciprocal condition below 1e−14 after equilibration), so no standard errors are reported: the likelihood is flat, to double precision, in some direction. Rescale columns of very different magnitudes, drop near-collinear terms, or look for rows fitted at 0 or 1 that carry a column's weight"))
        }
        if boundary {
            diagnostics.append(Diagnostic(kind: .boundaryFit, terms: [],
                message: "fitted probabilities of exactly 0 or 1 occurred"))
        }
        if weightKind == .sampling {
            diagnostics.append(Diagnostic(kind: .robustCovarianceRequired, terms: [],
                message: "sampling weights: standard errors are robust (sandwich); the likelihood is a pseudo-likelihood, so LR tests and information criteria are not valid"))
        }
        return diagnostics
    }

    /// The separation check's verdict; nil where the fit certifies overlap and no LP runs.
    ///
    /// A converged, polished ML fit with no row within ε of its outcome certifies overlap
    /// (`Separation`, "When the fit certifies overlap") and runs no LP, at any size. On a symptom the
    /// LP runs on the rows near their outcome (`Separation.check`),
    /// within 1e−3 of it, or within 1e−6·D for a fit stopped by R's rule alone (whose separated rows
    /// stop at about 1e−8·D). Firth's fit says nothing about the ML estimates: an ML fit supplies
    /// the screen and the η (one more fit, far cheaper than the LP over all rows).
    func separationVerdict(nearBoundary: Bool, linearPredictor eta: [Double], covarianceUnavailable: Bool = false) -> SeparationVerdict? {
        guard options.penalty == .jeffreys else {
            // A singular information at a converged fit is a symptom of separation too (a cauchit
            // stopped at a stationary point of a separated, non-concave likelihood, no row within
            // the screen's reach): the LP over all rows, within its work budget.
            if covarianceUnavailable && options.checkSeparation != false {
                return Separation.fullCheck(design: problem.design, response: problem.response, weights: problem.weights,
                                            workBudget: Separation.defaultWorkBudget(rows: problem.design.rows, columns: problem.design.columns),
                                            progress: options.progress.separationCheck)
            }
            let certified = options.polish && state.converged && !nearBoundary
            if certified && options.checkSeparation == nil { return nil }
            let distance = Separation.candidateDistance(polished: options.polish, deviance: state.deviance)
            return Separation.check(design: problem.design, response: problem.response, weights: problem.weights,
                                    linearPredictor: eta, link: options.link, candidateDistance: distance,
                                    progress: options.progress.separationCheck)
        }
        var mlOptions = options
        mlOptions.penalty = .none
        mlOptions.polish = true
        mlOptions.progress.iterations = nil   // part of the separation check, not the fit's iterations
        let ml = IRLSProblem(design: problem.design, response: problem.response, weights: problem.weights,
                             offset: problem.offset, link: problem.link, penalty: .none)
        guard let mlState = try? ml.solveRetrying(start: nil, options: mlOptions), mlState.coefficients.allSatisfy(\.isFinite) else {
            return Separation.fullCheck(design: problem.design, response: problem.response, weights: problem.weights,
                                        workBudget: Separation.defaultWorkBudget(rows: problem.design.rows, columns: problem.design.columns),
                                        progress: options.progress.separationCheck)
        }
        var mlEta = problem.design * mlState.coefficients
        for i in mlEta.indices { mlEta[i] += problem.offsetValue(i) }
        let flagged = Separation.screenFlags(linearPredictor: mlEta, response: problem.response, link: options.link)
        if mlState.converged && !flagged && options.checkSeparation == nil { return nil }
        return Separation.check(design: problem.design, response: problem.response, weights: problem.weights,
                                linearPredictor: mlEta, link: options.link, progress: options.progress.separationCheck)
    }
}
