import Distributions
import LinearAlgebra
import LinearPredictor
import RealModule

/// Firth's bias-reduced logit: its own penalised fitter on the same parts as IRLS (the response's
/// kernel with the hat-value adjustment, the design's sweeps and hat values, the one rank rule).
extension IRLSProblem {
    /// Firth's bias-reduced logit: Fisher scoring on the modified score Xᵀ(w(y − μ) + h(½ − μ)),
    /// run through the same sweep with the hat values entering the working response, with the
    /// step control of the ML loop on the penalized log-likelihood ℓ* = ℓ + ½ log det XᵀWX: each
    /// step is capped so that no coefficient moves η by more than 5 (R logistf's `maxstep`, there
    /// in coefficient units) and halved while ℓ* falls.
    /// The modified score is ∇ℓ*, so the step is an ascent direction. Without it saturated designs
    /// (n ≤ p) diverged with the wrong sign (hardening: Firth step control at n ≤ p).
    /// With `fixed` coordinates the step runs over the others only (from `start`, which holds the
    /// fixed values): the profile of ℓ*, whose penalty keeps the full design (R logistf's
    /// profile and penalized likelihood-ratio tests).
    func solveFirth(coefficients start: [Double]?, equations initial: NormalEquations, options: GLMOptions,
                    fixed: Set<Int> = []) throws -> IRLSState {
        guard let initialFactor = IRLSProblem.factor(initial.crossProduct) else {
            return IRLSState(coefficients: start ?? [Double](repeating: 0, count: design.columns), equations: initial,
                             factor: nil, deviance: initial.objective, iterations: 0, converged: false, rankDeficient: true)
        }
        var coefficients = start ?? initialFactor.solve(initial.rightHandSide)
        var current = try firthPoint(coefficients)
        // Over the rows with weight: a zero-weight row of 6e19 made the cap move nothing (FuzzNumeric).
        let columnScales = ColumnScaling.largestMagnitudes(design, weights: weights).map { $0 > 0 ? $0 : 1 }
        var converged = false
        var iterations = 0
        // A profile fit keeps the caller's limit (the model's, scaled; `firthProfile`); the fit itself
        // at least 100, as logistf.
        let maxIterations = fixed.isEmpty ? max(options.maxIterations, 100) : max(options.maxIterations, 1)
        // Where the line search stalls, the fit counts as converged if the full step is this small
        // (in SEs): 1e−6 for the fit; 1e−5 for a profile, whose ℓ* is then within ½·(1e−5)² of its
        // maximum. Near the constrained maximum ℓ* (a sum over n rows, ~1e−11 of rounding at
        // n = 1,282) no longer resolves a Fisher-scoring step: 3 of 200 simulated studies stalled
        // at 2e−6 SE.
        let stallTolerance = fixed.isEmpty ? 1e-6 : 1e-5
        func freeNorm(_ point: FirthPoint) -> Double {
            guard !fixed.isEmpty else { return point.scoreNorm }
            return point.score.indices.filter { !fixed.contains($0) }.reduce(0) { $0 + point.score[$1] * point.score[$1] }.squareRoot()
        }
        while iterations < maxIterations {
            iterations += 1
            options.progress.iterations?(iterations, maxIterations)
            guard let factor = current.factor else { break }
            var step: [Double]
            if fixed.isEmpty {
                step = factor.solve(current.score)
            } else {
                // (XᵀWX)_FF Δ_F = U*_F over the free coordinates F; Δ = 0 on the fixed ones.
                let free = (0..<design.columns).filter { !fixed.contains($0) }
                guard !free.isEmpty else { converged = true; break }
                let block = current.equations.crossProduct.selectingRows(free).selectingColumns(free)
                guard let blockFactor = InformationFactor.factor(block) else { break }
                let freeStep = blockFactor.solve(free.map { current.score[$0] })
                step = [Double](repeating: 0, count: design.columns)
                for (k, j) in free.enumerated() { step[j] = freeStep[k] }
            }
            // Converged when the full step the modified score asks for is below the tolerance (in
            // standard errors): the size of a capped or halved step says nothing about that. Where
            // rounding in the score keeps the full step from getting that small, a step no longer
            // accepted, or one that changes nothing, ends the loop as converged if the full step
            // is below 1e−6 standard errors.
            let fullStep = IRLSProblem.stepInStandardErrors(step, informationDiagonal: current.equations.information.diagonal)
            // Or below the coefficients' tenth significant digit: with weights of 1e60 the SEs are
            // 1e−46 of the estimates and no step in SE units gets below the tolerance.
            let belowResolution = IRLSProblem.standardErrorsAreBelowResolution(current.equations.information.diagonal, coefficients)
                && IRLSProblem.isBelowResolution(step, coefficients)
            if fullStep <= IRLSProblem.polishTolerance || belowResolution {
                converged = true
                break
            }
            // The cap is on the change of η each coefficient can cause, |Δβ_j|·max|x_j|: capped at 5
            // in coefficient units (logistf's maxstep), a column in units of 1e−20 moved by nothing
            // and Firth "converged" after one step (FuzzNumeric); for columns of unit scale the two
            // rules agree.
            var largest = 0.0
            for j in step.indices { largest = max(largest, abs(step[j]) * columnScales[j]) }
            if largest > IRLSProblem.firthMaximumStep { step = step.map { $0 * IRLSProblem.firthMaximumStep / largest } }
            // Armijo's rule: ℓ* must rise by at least 1e−4 of the rise the slope sᵀU* predicts. Where
            // the change of ℓ* is lost in rounding, the modified score's norm must not grow
            // instead: a step twice too long (h ≡ 1 when n = p makes the modified score's slope
            // 2XᵀWX) swung between ±e forever under either test alone.
            var slope = zip(step, current.score).map { $0 * $1 }.reduce(0, +)
            var candidate = coefficients, trial = current, accepted = false
            for _ in 0..<30 {
                candidate = zip(coefficients, step).map { $0 + $1 }
                trial = try firthPoint(candidate)
                if trial.factor != nil {
                    let rounding = 4 * .ulpOfOne * (abs(current.penalized) + 1)
                    let rise = trial.penalized - current.penalized
                    // With fixed coordinates only the free part of the modified score is driven to 0.
                    if abs(rise) <= rounding ? freeNorm(trial) <= freeNorm(current) : rise >= 1e-4 * slope - rounding {
                        accepted = true
                        break
                    }
                }
                slope *= 0.5
                step = step.map { $0 * 0.5 }
            }
            guard accepted else {
                converged = fullStep <= stallTolerance
                break
            }
            let change = IRLSProblem.stepInStandardErrors(candidate, coefficients, informationDiagonal: current.equations.information.diagonal)
            coefficients = candidate
            current = trial
            if change <= IRLSProblem.polishTolerance && fullStep <= stallTolerance { converged = true; break }
        }
        return IRLSState(coefficients: coefficients, equations: current.equations, factor: current.factor.map { .factored($0) },
                         deviance: current.equations.objective, iterations: iterations, converged: converged,
                         rankDeficient: current.factor == nil)
    }

    /// Largest change of η any coefficient may cause in one Firth step, |Δβ_j|·max|x_j| (R
    /// logistf's `maxstep` is 5 in coefficient units).
    static var firthMaximumStep: Double { 5 }

    /// Firth's quantities at β: the plain sweep (its XᵀWX is the information), its factor, the
    /// penalized log-likelihood ℓ* = −D/2 + ½ log det XᵀWX (up to a constant; −∞ where the
    /// factor fails) and the modified score U* = Xᵀ(w(y − μ) + h(½ − μ)) with its Euclidean norm.
    struct FirthPoint {
        var equations: NormalEquations
        var factor: CholeskyFactorization?
        var penalized: Double
        var score: [Double]
        var scoreNorm: Double
    }

    func firthPoint(_ coefficients: [Double]) throws -> FirthPoint {
        let rows = FirthRows(rows: design.rows)
        let equations = sweep(coefficients, kernel: family.kernel(newton: newton, firth: rows))
        guard let factor = IRLSProblem.factor(equations.crossProduct), equations.objective.isFinite else {
            return FirthPoint(equations: equations, factor: nil, penalized: -.infinity, score: [], scoreNorm: .infinity)
        }
        var logDeterminant = 0.0
        for j in 0..<factor.upper.columns { logDeterminant += 2 * Double.log(factor.upper[j, j]) }
        // U* = Xᵀ(u + h ∘ a) from the factors the sweep recorded and one Xᵀv: a second sweep with
        // the hat values in the working response (XᵀWz* − XᵀWXβ) formed XᵀWX, the link values and
        // the deviance again for nothing, a third of the study's run (Docs/performance.md).
        let hat = try design.hatValues(working: rows.working, factor: factor)
        let score = design.transposeMultiplied(by: rows.modifiedScore(hat: hat))
        guard score.allSatisfy(\.isFinite) else {
            return FirthPoint(equations: equations, factor: nil, penalized: -.infinity, score: [], scoreNorm: .infinity)
        }
        return FirthPoint(equations: equations, factor: factor, penalized: -equations.objective / 2 + logDeterminant / 2,
                          score: score, scoreNorm: score.map { $0 * $0 }.reduce(0, +).squareRoot())
    }
}
