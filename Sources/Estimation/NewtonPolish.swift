import Distributions
import LinearAlgebra
import LinearPredictor
import RealModule

/// The polish after R's convergence rule: Newton steps to the maximum-likelihood estimate (R's
/// rule leaves probit and cloglog estimates ~1e−7 from it), a step of the fitter in its own file.
extension IRLSProblem {
    /// Newton steps β += H⁻¹U from a converged IRLS state, with U = XᵀWz − XᵀWXβ (the score,
    /// from the sweep) and H the observed information (XᵀWX for the logit), until the step is below
    /// `polishTolerance` standard errors (at most 10 steps; a Fisher-scoring step where H is not
    /// positive definite).
    func newtonPolish(coefficients start: [Double], equations start0: NormalEquations,
                      lastChange: Double, lastRelativeChange: Double) -> ([Double], NormalEquations) {
        var coefficients = start, equations = start0, change = lastChange
        let unit = weightScale   // O(n): once, not at every halving
        // Canonical link: the IRLS step is a Newton step, so the error after a step of size c (in
        // standard errors) is O(c²): after a step below 1e−5 it is ~1e−10, and another sweep is
        // not worth it (tested against R and statsmodels to 1e−8).
        // Where the sweep was a Newton step already, stop if the next Newton step, computed from
        // the score the sweep left, is below 1e−8 standard errors (one p × p solve, no sweep). The
        // size of the last step alone misjudged it: relative to max(1, |β|) it ignored a column
        // in units of 1e20 (FuzzNumeric), and in standard errors (√I_jj ≈ 450 at n = 10⁶) it ran
        // two more sweeps on the dense logit benchmark for nothing.
        if link is LogitLink || newton, lastRelativeChange <= 1e-5,
           let next = newtonStepInStandardErrors(equations, at: coefficients), next <= 1e-8 {
            return (coefficients, equations)
        }
        var steps = 0, fisherSteps = 0
        // Ten Newton steps are plenty (quadratic rate); Fisher-scoring steps converge linearly, so
        // up to 50 where the observed information is not positive definite.
        while change > IRLSProblem.polishTolerance && steps < (fisherSteps > 0 ? 50 : 10) {
            let score = equations.score(at: coefficients)
            let hessian: InformationMatrix
            if link is LogitLink {
                hessian = equations.information
            } else {
                let eta = design * coefficients
                let observed = (0..<design.rows).map { i in
                    BinomialFamily.observedWeight(link.inverse(eta[i] + offsetValue(i)), y: response[i], priorWeight: priorWeight(i))
                }
                hessian = information(weights: observed)
            }
            // Where the observed information is not positive definite (the cauchit, whose
            // log-likelihood is not concave), a Fisher-scoring step on the expected one instead:
            // R's rule had stopped a cauchit fit with its score 2.5e−5 of its scale away from zero
            // (found by FuzzNumeric).
            guard score.allSatisfy(\.isFinite) else { break }
            // With an indicator block both systems are solved through its Schur complement. Which
            // step is taken is decided by the fit's explicit rule (InformationFactor: equilibrated,
            // reciprocal condition above 1e−14), not by whether a plain Cholesky happens to fail,
            // which depends on the BLAS kernel for a matrix that is singular to rounding.
            let plain: (Matrix) -> CholeskyFactorization? = { InformationFactor.factor($0) }
            var step: [Double]
            if let observed = hessian.solve(score, factor: plain) {
                step = observed
            } else if let expected = equations.information.solve(score, factor: plain) {
                step = expected
                fisherSteps += 1
            } else { break }
            var candidate = zip(coefficients, step).map { $0 + $1 }
            var next = sweep(candidate, kernel: kernel())
            // Halved while the deviance rises (beyond rounding): a non-concave likelihood.
            var halvings = 0
            while halvings < 20 && !(next.objective <= equations.objective * (1 + 1e-12) + 1e-12 * unit) {
                step = step.map { $0 * 0.5 }
                candidate = zip(coefficients, step).map { $0 + $1 }
                next = sweep(candidate, kernel: kernel())
                halvings += 1
            }
            guard next.objective.isFinite, next.objective <= equations.objective * (1 + 1e-12) + 1e-12 * unit else { break }
            change = IRLSProblem.stepInStandardErrors(candidate, coefficients, informationDiagonal: next.information.diagonal)
            coefficients = candidate
            equations = next
            steps += 1
        }
        return (coefficients, equations)
    }
}
