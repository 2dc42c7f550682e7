import Distributions
import LinearAlgebra
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

    func build() throws -> GLMFit {
        let design = problem.design, n = design.rows
        let beta = state.coefficients
        var eta = design * beta
        var fitted = [Double](repeating: 0, count: n)
        // One pass: linear predictor, fitted values, log-likelihood, deviance, Tjur's sums.
        var logLikelihood = 0.0, deviance = 0.0, weightSum = 0.0, positiveRows = 0, events = 0.0
        var eventMean = 0.0, nonEventMean = 0.0
        var boundary = false, extremeEta = false
        for i in 0..<n {
            if let offset = problem.offset { eta[i] += offset[i] }
            let value = problem.link.inverse(eta[i])
            fitted[i] = value.mean
            if value.mean == 0 || value.complement == 0 { boundary = true }
            if abs(eta[i]) > 15 { extremeEta = true }
            let w = problem.priorWeight(i)
            guard w > 0 else { continue }
            let y = problem.response[i]
            let unit = BinomialFamily.logLikelihood(value, y: y, link: problem.link, eta: eta[i])
            logLikelihood += w * unit
            deviance += (y == 0 || y == 1) ? -2 * w * unit : w * BinomialFamily.deviance(value, y: y, link: problem.link, eta: eta[i])
            weightSum += w
            positiveRows += 1
            events += w * y
            eventMean += w * y * value.mean
            nonEventMean += w * (1 - y) * value.mean
        }
        let (covariance, covarianceKind) = try covarianceMatrix(eta: eta)
        let hasIntercept = design.hasConstantColumn
        let (nullLogLikelihood, nullDeviance) = try nullModel(hasIntercept: hasIntercept)

        let critical = Normal.quantile(0.5 + options.level / 2)
        let kept = Dictionary(uniqueKeysWithValues: keptColumns.enumerated().map { ($1, $0) })
        var fullCovariance = Matrix(rows: allNames.count, columns: allNames.count, repeating: .nan)
        for (a, columnA) in keptColumns.enumerated() {
            for (b, columnB) in keptColumns.enumerated() { fullCovariance[columnA, columnB] = covariance[a, b] }
        }
        let table = allNames.enumerated().map { column, name -> CoefficientEstimate in
            guard let k = kept[column] else { return .aliased(name) }
            let estimate = beta[k], se = covariance[k, k].squareRoot()
            let z = estimate / se
            return CoefficientEstimate(term: name, estimate: estimate, standardError: se, statistic: z,
                                       pValue: 2 * Normal.survival(abs(z)),
                                       ciLower: estimate - critical * se, ciUpper: estimate + critical * se)
        }

        let observations = weightKind == .frequency ? weightSum : Double(positiveRows)
        let k = Double(keptColumns.count)
        let lr = 2 * (logLikelihood - nullLogLikelihood)
        let lrDF = keptColumns.count - (hasIntercept ? 1 : 0)
        let coxSnell = -Double.expMinusOne(2 * (nullLogLikelihood - logLikelihood) / observations)
        let maxCoxSnell = -Double.expMinusOne(2 * nullLogLikelihood / observations)
        let pseudo = PseudoRSquared(mcFadden: 1 - logLikelihood / nullLogLikelihood, coxSnell: coxSnell,
                                    nagelkerke: coxSnell / maxCoxSnell,
                                    tjur: eventMean / events - nonEventMean / (weightSum - events))
        let diagnostics = makeDiagnostics(boundary: boundary, extremeEta: extremeEta)
        return GLMFit(model: options.penalty == .jeffreys ? "firth" : options.link.rawValue, link: options.link.rawValue,
                      coefficients: table, covariance: fullCovariance, covarianceKind: covarianceKind,
                      information: options.information, logLikelihood: logLikelihood, nullLogLikelihood: nullLogLikelihood,
                      deviance: deviance, nullDeviance: nullDeviance, aic: -2 * logLikelihood + 2 * k,
                      bic: -2 * logLikelihood + k * Double.log(observations), lrStatistic: lr, lrDegreesOfFreedom: lrDF,
                      lrPValue: lrDF > 0 ? ChiSquared.survival(lr, degreesOfFreedom: Double(lrDF)) : .nan,
                      pseudoRSquared: pseudo, observationCount: observations, events: events,
                      iterations: state.iterations, converged: state.converged, diagnostics: diagnostics,
                      fittedValues: fitted, linearPredictor: eta,
                      aliasedTerms: allNames.indices.filter { kept[$0] == nil }.map { allNames[$0] },
                      level: options.level, hasIntercept: hasIntercept)
    }

    /// Classical covariance from the chosen information, or the robust sandwich for sampling weights.
    func covarianceMatrix(eta: [Double]) throws -> (Matrix, String) {
        let design = problem.design, n = design.rows, p = design.columns
        guard let expected = state.factor else {
            return (Matrix(rows: p, columns: p, repeating: .nan), "unavailable (singular information)")
        }
        if weightKind == .sampling {
            // Sandwich: (XᵀWX)⁻¹ [Σ (wᵢ uᵢ)² xᵢxᵢᵀ] (XᵀWX)⁻¹ · n/(n−1), uᵢ = (yᵢ − μᵢ)μ'ᵢ/Vᵢ
            // (Stata's vce(robust) for pweights).
            let scores = (0..<n).map { i -> Double in
                let v = problem.link.inverse(eta[i]), variance = v.mean * v.complement
                let u = variance > 0 ? problem.priorWeight(i) * (problem.response[i] - v.mean) * v.derivative / variance : 0
                return u * u
            }
            let meat = design.weightedCrossProduct(weights: scores)
            let bread = expected.inverse()
            let factor = Double(n) / Double(n - 1)
            return (factor * (bread * meat * bread), "robust (sandwich, n/(n−1))")
        }
        if options.information == .expected || options.link == .logit {
            return (expected.inverse(), options.information == .expected ? "expected information" : "observed information")
        }
        let observedWeights = (0..<n).map { i in
            BinomialFamily.observedWeight(problem.link.inverse(eta[i]), y: problem.response[i], priorWeight: problem.priorWeight(i))
        }
        let observed = design.weightedCrossProduct(weights: observedWeights)
        if let factor = try? observed.cholesky() { return (factor.inverse(), "observed information") }
        return (try observed.symmetricInverse(), "observed information (indefinite)")
    }

    /// Log-likelihood and deviance of the null model: intercept (and offset) only with an
    /// intercept; the offset alone (η = offset) without.
    func nullModel(hasIntercept: Bool) throws -> (Double, Double) {
        let n = problem.design.rows
        var nullValues: [LinkValues]
        var nullEta = [Double](repeating: 0, count: n)
        if hasIntercept && problem.offset == nil {
            var weighted = 0.0, total = 0.0
            for i in 0..<n { weighted += problem.priorWeight(i) * problem.response[i]; total += problem.priorWeight(i) }
            let mean = weighted / total
            let value = LinkValues(mean: mean, complement: (total - weighted) / total, derivative: 0, secondDerivative: 0)
            nullValues = [LinkValues](repeating: value, count: n)
        } else if hasIntercept {
            let intercept = IRLSProblem(design: Matrix(rows: n, columns: 1, repeating: 1), response: problem.response,
                                        weights: problem.weights, offset: problem.offset, link: problem.link, penalty: .none)
            let state = try intercept.solve(start: nil, options: options)
            nullEta = (0..<n).map { (state.coefficients.first ?? 0) + problem.offsetValue($0) }
            nullValues = nullEta.map { problem.link.inverse($0) }
        } else {
            nullEta = (0..<n).map { problem.offsetValue($0) }
            nullValues = nullEta.map { problem.link.inverse($0) }
        }
        var logLikelihood = 0.0, deviance = 0.0
        for i in 0..<n where problem.priorWeight(i) > 0 {
            logLikelihood += problem.priorWeight(i) * BinomialFamily.logLikelihood(nullValues[i], y: problem.response[i],
                                                                                   link: problem.link, eta: nullEta[i])
            deviance += problem.priorWeight(i) * BinomialFamily.deviance(nullValues[i], y: problem.response[i],
                                                                         link: problem.link, eta: nullEta[i])
        }
        return (logLikelihood, deviance)
    }

    func makeDiagnostics(boundary: Bool, extremeEta: Bool) -> [Diagnostic] {
        var diagnostics = [Diagnostic]()
        let aliased = allNames.indices.filter { !keptColumns.contains($0) }.map { allNames[$0] }
        if !aliased.isEmpty {
            diagnostics.append(Diagnostic(kind: .aliasedTerms, terms: aliased,
                message: "\(aliased.joined(separator: ", ")) \(aliased.count == 1 ? "is" : "are") exactly collinear with earlier terms and left out (estimate NA)"))
        }
        let binary = problem.response.allSatisfy { $0 == 0 || $0 == 1 }
        let symptoms = !state.converged || extremeEta
        let small = problem.design.rows * problem.design.columns <= 20_000_000
        if binary && (options.checkSeparation ?? (small || symptoms)) && options.checkSeparation != false {
            let directions = Separation.infiniteDirections(design: problem.design, response: problem.response, weights: problem.weights)
            if !directions.isEmpty {
                let names = directions.map { allNames[keptColumns[$0.column]] }
                let signed = directions.map { "\(allNames[keptColumns[$0.column]]) (\($0.sign > 0 ? "+∞" : "−∞"))" }
                let what = options.penalty == .jeffreys
                    ? "the maximum-likelihood estimates of \(signed.joined(separator: ", ")) are infinite; Firth's estimates shown here stay finite"
                    : "the estimates of \(signed.joined(separator: ", ")) are infinite; the values and standard errors shown for them are meaningless. Use Firth's bias-reduced logit (--model firth) or remove the separating terms"
                diagnostics.append(Diagnostic(kind: .separation, terms: names, message: "separation detected (linear-programming check): " + what))
            }
        }
        if !state.converged {
            diagnostics.append(Diagnostic(kind: .nonConvergence, terms: [],
                message: "IRLS did not converge in \(state.iterations) iterations; estimates are not reliable (raise the iteration limit or check for separation)"))
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
}
