import Distributions
import LinearAlgebra
import LinearPredictor
import RealModule

/// The state IRLS ends in.
struct IRLSState {
    var coefficients: [Double]
    var equations: NormalEquations
    /// The final information judged regular (factored whole, or through the indicator block),
    /// nil where singular.
    var factor: InformationFactor.Regular?
    var deviance: Double
    var iterations: Int
    var converged: Bool
    var rankDeficient: Bool
    /// Whether `equations.crossProduct` (and `factor`) is the observed information (Newton
    /// iterations) rather than the expected one.
    var observedInformation = false
    /// The first sweep's XᵀWX or XᵀWz was not finite: the design may hold NaN or ±∞.
    var nonFiniteInput = false
}

/// One binary-response GLM problem: data, link and penalty. `solve` runs IRLS.
struct IRLSProblem<L: LinkFunction>: Sendable {
    /// The linear predictor's design (`LinearPredictor`): every product goes through it.
    let design: DesignMatrix
    /// The response: y, prior weights, offset and link, and every per-row quantity of the family.
    let family: BinomialResponse<L>
    let penalty: Penalty
    var response: [Double] { family.y }
    var weights: [Double]? { family.weights }
    var offset: [Double]? { family.offset }
    var link: L { family.link }

    init(design: DesignMatrix, response: [Double], weights: [Double]?, offset: [Double]?, link: L, penalty: Penalty) {
        self.design = design
        family = BinomialResponse(y: response, weights: weights, offset: offset, link: link)
        self.penalty = penalty
    }
    /// Newton–Raphson instead of Fisher scoring: the sweep's weights are the observed information
    /// −∂²ℓᵢ/∂η². Used for observed-information fits with the probit and cloglog links, whose
    /// per-row log-likelihoods are concave in η (so the weights are never negative): Newton
    /// converges quadratically where Fisher scoring is linear for non-canonical links, and the
    /// converged XᵀWX is the observed information the standard errors need.
    var newton = false

    /// The mean positive prior weight (`BinomialResponse.weightScale`).
    var weightScale: Double { family.weightScale }

    /// Step, in standard errors, below which the post-convergence polish stops.
    static var polishTolerance: Double { 1e-11 }

    /// max |a − b| / max(1, max |a|).
    static func relativeChange(_ a: [Double], _ b: [Double]) -> Double {
        let change = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        return change / max(1, a.map(abs).max() ?? 0)
    }

    /// The size of the step a → b in standard-error units, max_j |a_j − b_j|·√I_jj with I the
    /// sweep's XᵀWX: the same for a column in any unit. A step relative to max(1, |β|) never
    /// counted the coefficient of a column in units of 1e20 (itself ~1e−20), so the polish was
    /// skipped with that equation's score still 1e−6 of its scale (found by FuzzNumeric).
    static func stepInStandardErrors(_ a: [Double], _ b: [Double], informationDiagonal: [Double]) -> Double {
        var largest = 0.0
        for j in a.indices {
            let size = abs(a[j] - b[j]) * max(informationDiagonal[j], 0).squareRoot()
            // An information that overflowed gives no measure: not converged (a NaN used to read as 0).
            guard size.isFinite else { return .infinity }
            largest = max(largest, size)
        }
        return largest
    }

    /// The size of a step `s` (from 0) in standard-error units: `stepInStandardErrors(s, 0)`.
    static func stepInStandardErrors(_ step: [Double], informationDiagonal: [Double]) -> Double {
        stepInStandardErrors(step, [Double](repeating: 0, count: step.count), informationDiagonal: informationDiagonal)
    }

    /// The size, in standard errors, of the Newton step the score a sweep left at β implies,
    /// (XᵀWX)⁻¹(XᵀWz − XᵀWXβ); `nil` where XᵀWX is singular, +∞ where the score is not finite
    /// (dpotrs traps on NaN input; no evidence of convergence).
    func newtonStepInStandardErrors(_ equations: NormalEquations, at coefficients: [Double]) -> Double? {
        let score = equations.score(at: coefficients)
        guard score.allSatisfy(\.isFinite) else {
            // No solve with a non-finite right-hand side (dpotrs traps on NaN): singular → nil, else
            // no evidence of convergence.
            let zero = [Double](repeating: 0, count: score.count)
            return solveSystem(equations.information, zero) == nil ? nil : .infinity
        }
        guard let step = solveSystem(equations.information, score) else { return nil }
        return IRLSProblem.stepInStandardErrors(step, informationDiagonal: equations.information.diagonal)
    }

    /// Whether every estimating equation Σᵢ ψᵢxᵢⱼ holds to 1e−10 of Σᵢ |ψᵢxᵢⱼ| (ψᵢ = wᵢ(yᵢ − μᵢ)μ'ᵢ/Vᵢ,
    /// with 1 − μ from the complement for an event), summed directly rather than as XᵀWz − XᵀWXβ.
    /// Asked only where the SEs are far below the coefficients' own rounding
    /// (`standardErrorsAreBelowResolution`: weights of 1e60), where no step in SE units gets below
    /// the polish's tolerance yet the equations hold; in a flat direction (separation) they also
    /// hold to 1e−10 while the step is not small, and such a fit must stay unconverged. O(n p),
    /// only where the SE check failed.
    func estimatingEquationsHoldAtResolution(_ equations: NormalEquations, at coefficients: [Double]) -> Bool {
        guard IRLSProblem.standardErrorsAreBelowResolution(equations.information.diagonal, coefficients) else { return false }
        let eta = design * coefficients
        var sums = [Double](repeating: 0, count: design.columns), scales = sums
        for i in 0..<design.rows {
            let w = priorWeight(i)
            guard w > 0 else { continue }
            let values = link.inverse(eta[i] + offsetValue(i)), variance = values.mean * values.complement
            guard variance > 0 else { continue }
            let residual = response[i] == 1 ? values.complement : response[i] - values.mean
            let psi = w * residual * values.derivative / variance
            for j in 0..<design.columns {
                let term = psi * design[i, j]
                sums[j] += term
                scales[j] += abs(term)
            }
        }
        return zip(sums, scales).allSatisfy { $0.isFinite && $1.isFinite && abs($0) <= 1e-10 * $1 }
    }

    /// |Δβ_j| ≤ 1e−10 |β_j| for every j.
    static func isBelowResolution(_ step: [Double], _ coefficients: [Double]) -> Bool {
        zip(step, coefficients).allSatisfy { abs($0) <= 1e-10 * abs($1) }
    }

    /// √(1/I_jj), a lower bound on SE_j, at most 1e−8 |β_j| for every j: the information is so large
    /// (weights of 1e60) that rounding of β̂ itself is many standard errors.
    static func standardErrorsAreBelowResolution(_ informationDiagonal: [Double], _ coefficients: [Double]) -> Bool {
        zip(informationDiagonal, coefficients).allSatisfy { information, beta in
            information > 0 && information.isFinite && (1 / information).squareRoot() <= 1e-8 * abs(beta)
        }
    }

    /// The solution of XᵀWX·δ = r with the fit's singularity rule (`InformationFactor`): through the
    /// indicator block's Schur complement where there is one (the rule then applies to the
    /// complement), by the dense Cholesky otherwise; nil where singular.
    func solveSystem(_ information: InformationMatrix, _ rightHandSide: [Double]) -> [Double]? {
        information.solve(rightHandSide, factor: InformationFactor.factor)
    }

    /// The cauchit's log-likelihood is not concave, so IRLS can stop at a stationary point worse than
    /// the intercept-only model (FuzzNumeric found ℓ = −24.0 against ℓ₀ = −18.0, an LR χ² of −11.9,
    /// reported as converged). Such a state is refitted from the null model's estimates
    /// (intercept g(ȳ), the rest 0), and kept as not converged if that does no better.
    func escapingWorseThanNull(_ state: IRLSState, options: GLMOptions) throws -> IRLSState {
        guard link is CauchitLink, penalty == .none, offset == nil, state.converged,
              let intercept = (0..<design.columns).first(where: { j in (0..<design.rows).allSatisfy { design[$0, j] == 1 } })
        else { return state }
        var total = 0.0, events = 0.0
        for i in 0..<design.rows { total += priorWeight(i); events += priorWeight(i) * response[i] }
        guard total > 0, events > 0, events < total else { return state }
        let mean = events / total
        let nullLogLikelihood = events * Double.log(mean) + (total - events) * Double.log(1 - mean)
        var saturated = 0.0
        for i in 0..<design.rows where response[i] > 0 && response[i] < 1 {
            saturated += priorWeight(i) * (response[i] * Double.log(response[i]) + (1 - response[i]) * Double.log(1 - response[i]))
        }
        let nullDeviance = -2 * nullLogLikelihood + 2 * saturated
        guard state.deviance > nullDeviance * (1 + 1e-10) + 1e-10 else { return state }
        var start = [Double](repeating: 0, count: design.columns)
        start[intercept] = link.link(mean)
        var restarted = try solve(start: start, options: options)
        if restarted.converged && restarted.deviance <= nullDeviance * (1 + 1e-10) + 1e-10 { return restarted }
        restarted = state
        restarted.converged = false
        return restarted
    }

    /// `solve`, and where R's mustart start did not converge, once more from β = 0 (η = the
    /// offset), kept if that converges: the first step from mustart can land far off (a cloglog with
    /// offsets went from D = 10 to 15,914 and stalled there; FuzzNumeric).
    func solveRetrying(start: [Double]?, options: GLMOptions) throws -> IRLSState {
        let state = try solve(start: start, options: options)
        guard !state.converged, !state.rankDeficient, !state.nonFiniteInput, start == nil, penalty == .none else { return state }
        let retry = try solve(start: [Double](repeating: 0, count: design.columns), options: options)
        return retry.converged && !(retry.deviance > state.deviance) ? retry : state
    }

    /// One fused IRLS sweep at `coefficients` (`Matrix.weightedNormalEquations`), through the
    /// indicator block where there is one.
    func sweep(_ coefficients: [Double], kernel: @Sendable (inout RowBlock) -> Double) -> NormalEquations {
        design.weightedNormalEquations(coefficients: coefficients, kernel: kernel)
    }

    /// XᵀWX for row weights `rowWeights`, through the indicator block where there is one.
    func crossProduct(weights rowWeights: [Double]) -> Matrix {
        design.weightedCrossProduct(weights: rowWeights)
    }

    /// `crossProduct(weights:)` in the compact form where the design has an indicator block.
    func information(weights rowWeights: [Double]) -> InformationMatrix {
        design.weightedInformation(weights: rowWeights)
    }

    func priorWeight(_ i: Int) -> Double { family.priorWeight(i) }
    func offsetValue(_ i: Int) -> Double { family.offsetValue(i) }

    /// The IRLS kernel at the linear predictor `Xβ` (+ offset) (`BinomialResponse.kernel`), with
    /// this problem's Newton choice, reading the link values of a `StartPointMemo` where given.
    func kernel(memo: StartPointMemo? = nil) -> @Sendable (inout RowBlock) -> Double {
        family.kernel(newton: newton, memo: memo)
    }

    /// Initial normal equations from R's `mustart` (`BinomialResponse.startKernel`).
    func initialEquations() -> NormalEquations {
        sweep([Double](repeating: 0, count: design.columns), kernel: family.startKernel())
    }

    /// Cholesky of XᵀWX, or `nil` when it is (numerically) singular (`InformationFactor.factor`).
    static func factor(_ crossProduct: Matrix) -> CholeskyFactorization? { InformationFactor.factor(crossProduct) }

    func solve(start: [Double]?, options: GLMOptions) throws -> IRLSState {
        var coefficients = start ?? [Double](repeating: 0, count: design.columns)
        // A memo at exactly these starting coefficients (bootstrap replicates) spares the first
        // sweep the link for the rows it holds.
        let memo = options.startPointMemo.flatMap { $0.coefficients == start ? $0 : nil }
        var equations = start.map { sweep($0, kernel: kernel(memo: memo)) } ?? initialEquations()
        if !(equations.information.isFinite && equations.rightHandSide.allSatisfy(\.isFinite)) {
            var state = IRLSState(coefficients: coefficients, equations: equations, factor: nil, deviance: equations.objective,
                                  iterations: 0, converged: false, rankDeficient: true)
            state.nonFiniteInput = true
            return state
        }
        if penalty == .jeffreys {
            return try solveFirth(coefficients: start, equations: equations, options: options)
        }
        var previousDeviance = equations.objective
        var converged = false
        var iterations = 0
        var haveCoefficients = start != nil
        var lastChange = Double.infinity   // R's measure of the last iteration's change
        let unit = weightScale
        while iterations < options.maxIterations {
            iterations += 1
            guard equations.rightHandSide.allSatisfy(\.isFinite), var candidate = solveSystem(equations.information, equations.rightHandSide) else {
                return IRLSState(coefficients: coefficients, equations: equations, factor: nil, deviance: previousDeviance,
                                 iterations: iterations, converged: false, rankDeficient: true)
            }
            if let final = finalPointWithoutInformation(candidate, previousDeviance: previousDeviance, lastChange: lastChange,
                                                        haveCoefficients: haveCoefficients, options: options) {
                options.progress.iterations?(iterations, options.maxIterations)
                return IRLSState(coefficients: candidate, equations: equations, factor: nil, deviance: final,
                                 iterations: iterations, converged: true, rankDeficient: false, observedInformation: newton)
            }
            var next = sweep(candidate, kernel: kernel())
            // Step-halving towards the previous coefficients while the deviance is not finite or rises.
            var halvings = 0
            while haveCoefficients && halvings < 30
                    && (!next.objective.isFinite || next.objective > previousDeviance * (1 + 1e-12) + 1e-12 * unit) {
                candidate = zip(candidate, coefficients).map { 0.5 * ($0 + $1) }
                next = sweep(candidate, kernel: kernel())
                halvings += 1
            }
            let deviance = next.objective
            options.progress.iterations?(iterations, options.maxIterations)
            if halvings == 30 && !(deviance <= previousDeviance * (1 + 1e-12) + 1e-12 * unit) {
                // The halvings found no lower deviance: the iteration stalled (after a first step
                // to a far worse point, R's rule read the unchanged deviance as convergence;
                // FuzzNumeric). Not converged, and the previous point is kept.
                converged = false
                break
            }
            // R's rule, |D − D_old| / (|D| + 0.1), with the 0.1 in units of the mean weight.
            lastChange = abs(deviance - previousDeviance) / (abs(deviance) + 0.1 * unit)
            converged = lastChange < options.tolerance
            let change = IRLSProblem.stepInStandardErrors(candidate, coefficients, informationDiagonal: equations.information.diagonal)
            let relative = IRLSProblem.relativeChange(candidate, coefficients)
            coefficients = candidate
            equations = next
            previousDeviance = deviance
            haveCoefficients = true
            if converged {
                // Polish: R stops here, but Fisher scoring converges only linearly for non-canonical
                // links (probit/cloglog coefficients still 1e−8…1e−6 off). Newton steps on the observed
                // information converge quadratically to the MLE.
                if options.polish {
                    (coefficients, equations) = newtonPolish(coefficients: coefficients, equations: equations, lastChange: change,
                                                                 lastRelativeChange: relative)
                    previousDeviance = equations.objective
                    // First-order check: the Newton step the final score implies must be below
                    // 1e−4 standard errors, or the fit is not reported as converged (a cauchit,
                    // not concave, ended 0.02 SE from a stationary point; FuzzNumeric).
                    // Or where every estimating equation holds to 1e−10 of its terms: with frequency
                    // weights of 1e60 the SEs are 1e−30 of the estimates and rounding alone is a
                    // step of many SEs.
                    if let step = newtonStepInStandardErrors(equations, at: coefficients), !(step <= 1e-4),
                       !estimatingEquationsHoldAtResolution(equations, at: coefficients) {
                        converged = false
                    }
                }
                break
            }
        }
        let factor = InformationFactor.Regular(equations.information)
        return IRLSState(coefficients: coefficients, equations: equations, factor: factor,
                         deviance: previousDeviance, iterations: iterations, converged: converged, rankDeficient: factor == nil,
                         observedInformation: newton && iterations > 0)
    }
}

extension IRLSProblem {
    /// `GLMOptions.withoutFinalInformation`: the deviance at `candidate` alone (the sweep's
    /// objective, the same number), returned where R's rule holds there with no step halving
    /// due, so the fit ends at `candidate` without XᵀWX; nil otherwise (the full sweep follows).
    /// Asked only where the iterations converge quadratically and the last change was below
    /// 10⁻⁵, so the rule almost always holds and the extra pass is rare.
    func finalPointWithoutInformation(_ candidate: [Double], previousDeviance: Double, lastChange: Double,
                                      haveCoefficients: Bool, options: GLMOptions) -> Double? {
        guard options.withoutFinalInformation, haveCoefficients, penalty == .none, newton || link is LogitLink,
              lastChange < 1e-5 else { return nil }
        let unit = weightScale
        let deviance = design.sweepObjective(coefficients: candidate, kernel: kernel())
        // The loop's own tests: a deviance that is finite and did not rise (no halving), and R's rule.
        guard deviance.isFinite, deviance <= previousDeviance * (1 + 1e-12) + 1e-12 * unit,
              abs(deviance - previousDeviance) / (abs(deviance) + 0.1 * unit) < options.tolerance else { return nil }
        return deviance
    }
}

extension NormalEquations {
    /// The score XᵀWz − XᵀWXβ the sweep at β left (for IRLS, XᵀW(z − η) = Σ wᵢ uᵢ xᵢ).
    func score(at coefficients: [Double]) -> [Double] {
        zip(rightHandSide, information.multiplied(by: coefficients)).map { $0 - $1 }
    }
}
