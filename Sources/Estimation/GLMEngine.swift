import Distributions
import LinearAlgebra
import LinearPredictor
import RealModule

/// Errors specific to binary-response fits.
public enum GLMError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A response value outside [0, 1].
    case responseOutOfRange(row: Int, value: Double)
    /// A negative or non-finite weight.
    case invalidWeight(row: Int, value: Double)
    /// A non-finite offset.
    case invalidOffset(row: Int, value: Double)
    /// Starting values of the wrong length.
    case startLength(expected: Int, found: Int)
    /// Firth's penalty is implemented for the logit link only.
    case firthRequiresLogit(link: String)
    /// The identity link is the linear probability model, fitted by least squares.
    case identityLink
    /// The weighted cross-products over- or underflowed at the starting values: no fit happened.
    case numericalFailure(String)
    /// An offset so large that the linear predictor keeps none of the model's terms.
    case offsetOutOfRange(row: Int, value: Double)
    /// A weight so large (or all so small) that the cross-products overflow (underflow).
    case weightsOutOfRange(row: Int, value: Double)

    public var description: String {
        switch self {
        case .responseOutOfRange(let row, let value):
            return "the response must lie in [0, 1] (0/1 for a binary outcome); row \(row + 1) holds \(value)"
        case .invalidWeight(let row, let value):
            return "weights must be finite and non-negative; row \(row + 1) holds \(value)"
        case .invalidOffset(let row, let value):
            return "the offset must be finite; row \(row + 1) holds \(value)"
        case .startLength(let expected, let found):
            return "starting values: \(found) given for \(expected) coefficients; give one per design column"
        case .firthRequiresLogit(let link):
            return "Firth's bias reduction is available for the logit link only, not \(link)"
        case .numericalFailure(let reason):
            return "the fit could not start: the weighted cross-product XᵀWX is not finite or is singular at the starting values (\(reason)); no estimates or statistics are reported"
        case .offsetOutOfRange(let row, let value):
            return "the offset must be at most 1e15 in magnitude (beyond it the linear predictor keeps no digit of the model's terms); row \(row + 1) holds \(value): check its units"
        case .weightsOutOfRange(let row, let value):
            return "weights must lie within 1e-100…1e100 for the cross-products to stay finite; row \(row + 1) holds \(value): divide the weights by a constant (sampling weights: the estimates do not change; frequency weights: they count observations)"
        case .identityLink:
            return "the identity link is the linear probability model, fitted by least squares: use LinearProbabilityModel.fit (model .lpm)"
        }
    }
}

/// Binary-response generalized linear models — logit, probit, complementary log-log, cauchit,
/// and Firth's bias-reduced logit — fitted by one engine: iteratively reweighted least squares
/// (Fisher scoring), with step-halving when the deviance is non-finite or rises, and R's
/// convergence rule on the relative change of the deviance. See Docs/models.md.
public enum GLM {
    /// Fits a binary-response GLM.
    /// - Parameters:
    ///   - design: `n × p` design matrix.
    ///   - response: values in [0, 1] (0/1 for binary data).
    ///   - termNames: one name per design column.
    ///   - weights: prior weights (frequency or sampling, see `weightKind`).
    ///   - offset: a known term added to the linear predictor.
    /// - Throws: `ModelError` and `GLMError` for invalid inputs.
    public static func fit(design: Matrix, response: [Double], termNames: [String], weights: [Double]? = nil,
                           weightKind: WeightKind = .frequency, offset: [Double]? = nil,
                           options: GLMOptions = GLMOptions()) throws -> GLMFit {
        try fit(design: DesignMatrix(design), response: response,
                termNames: termNames, weights: weights, weightKind: weightKind, offset: offset, options: options)
    }

    /// Fits a binary-response GLM on a design that may hold a many-level factor as codes
    /// (`DesignMatrix`, as `ModelFrame.designMatrix`): the fit sweeps through its indicator block.
    /// The same estimates as the dense design; see `fit(design:response:termNames:weights:weightKind:offset:options:)`.
    public static func fit(design: DesignMatrix, response: [Double], termNames: [String], weights: [Double]? = nil,
                           weightKind: WeightKind = .frequency, offset: [Double]? = nil,
                           options: GLMOptions = GLMOptions()) throws -> GLMFit {
        // Firth's hat values read every entry: a coded design is stored dense once, not per sweep.
        let design = options.penalty == .jeffreys ? design.storedDense() : design
        try validate(design: design, response: response, termNames: termNames, weights: weights, offset: offset,
                     options: options)
        if options.penalty == .jeffreys && options.link != .logit { throw GLMError.firthRequiresLogit(link: options.link.rawValue) }
        // One engine, specialized per link (static dispatch in the per-row kernel). The engine runs
        // its own parallel sweeps, so OpenBLAS stays single-threaded for the whole fit: switching
        // its pool on between sweeps leaves its threads spinning.
        return try BLASThreads.withSingleThreadedBLAS {
            switch options.link {
            case .logit: return try fit(link: LogitLink(), design, response, termNames, weights, weightKind, offset, options)
            case .probit: return try fit(link: ProbitLink(), design, response, termNames, weights, weightKind, offset, options)
            case .cloglog: return try fit(link: CloglogLink(), design, response, termNames, weights, weightKind, offset, options)
            case .cauchit: return try fit(link: CauchitLink(), design, response, termNames, weights, weightKind, offset, options)
            case .identity: throw GLMError.identityLink
            }
        }
    }

    static func fit<L: LinkFunction>(link: L, _ design: DesignMatrix, _ response: [Double], _ termNames: [String], _ weights: [Double]?,
                                     _ weightKind: WeightKind, _ offset: [Double]?, _ options: GLMOptions) throws -> GLMFit {
        var problem = IRLSProblem(design: design, response: response, weights: weights, offset: offset,
                                  link: link, penalty: options.penalty)
        // Sampling weights too: their sandwich's bread is the chosen information (hardening:
        // sampling weights use the chosen information), which Newton leaves in the final equations.
        problem.newton = options.information == .observed && options.penalty == .none
            && (link is ProbitLink || link is CloglogLink)
        var kept = Array(0..<design.columns)
        var state = try problem.solveRetrying(start: options.start, options: options)
        if state.nonFiniteInput, let bad = design.firstNonFiniteElement {
            throw ModelError.nonFiniteValue(variable: "design column '\(termNames[bad.column])'", row: bad.row)
        }
        if state.nonFiniteInput || state.rankDeficient || !state.converged, let scales = ColumnScaling(design, weights: weights) {
            // A column of extreme magnitude (1e160, 1e-160) over- or underflows XᵀWX: refit with
            // those columns scaled by powers of two (exact) and map the estimates back, as R's
            // scale-invariant QR does (hardening: XᵀWX overflow or underflow).
            var scaledOptions = options
            scaledOptions.start = options.start.map(scales.scaledCoefficients)
            let fit = try fit(link: link, scales.apply(to: design), response, termNames, weights, weightKind, offset, scaledOptions)
            return scales.unscaled(fit)
        }
        if state.nonFiniteInput { throw GLMError.numericalFailure(GLM.overflowReason(weights: weights, offset: offset, start: options.start)) }
        if state.rankDeficient {
            // Exactly collinear columns: found by the column-pivoted QR's rule
            // (`DesignMatrix.independentColumns`), dropped, refit. On the rows the fit uses (positive weight), as R's glm.fit: a factor level whose rows
            // all have weight 0 is an all-zero column there, aliased, not a singular start.
            let used = weights.map { w in (0..<design.rows).filter { w[$0] > 0 } }
            let basis = used.map { $0.count < design.rows ? design.selectingRows($0) : design } ?? design
            kept = try basis.independentColumns()
            var reduced = IRLSProblem(design: design.selectingColumns(kept), response: response, weights: weights,
                                      offset: offset, link: link, penalty: options.penalty)
            reduced.newton = problem.newton
            state = try reduced.solveRetrying(start: options.start.map { start in kept.map { start[$0] } }, options: options)
            if state.nonFiniteInput || (state.factor == nil && state.iterations <= 1) {
                // The information is singular at the starting values even without aliased columns:
                // no fit happened, so there are no statistics to report.
                throw GLMError.numericalFailure(GLM.overflowReason(weights: weights, offset: offset, start: options.start))
            }
            state = try reduced.escapingWorseThanNull(state, options: options)
            return try GLMResultBuilder(problem: reduced, state: state, keptColumns: kept, allNames: termNames,
                                        weightKind: weights == nil ? nil : weightKind, options: options).build()
        }
        state = try problem.escapingWorseThanNull(state, options: options)
        return try GLMResultBuilder(problem: problem, state: state, keptColumns: kept, allNames: termNames,
                                    weightKind: weights == nil ? nil : weightKind, options: options).build()
    }

    /// Firth's penalized log-likelihood ℓ* = ℓ + ½ log det XᵀWX maximised with the coordinates in
    /// `fixed` held at their values, the penalty over the full design: the profile behind R
    /// logistf's penalized likelihood-ratio tests and profile confidence intervals (Heinze &
    /// Schemper 2002). ℓ* is up to the constant of the saturated model, the same in every call,
    /// so differences are exact.
    /// - Parameters:
    ///   - start: starting coefficients (e.g. Firth's estimate); the fixed ones are overwritten.
    ///   - options: `maxIterations` is the profile's own limit (not raised to Firth's 100).
    /// - Returns: the constrained maximiser, ℓ* there, whether the iteration converged, and the
    ///   iterations it took.
    public static func firthProfile(design: Matrix, response: [Double], weights: [Double]? = nil, offset: [Double]? = nil,
                                    fixed: [Int: Double], start: [Double], options: GLMOptions = GLMOptions())
        throws -> (coefficients: [Double], penalizedLogLikelihood: Double, converged: Bool, iterations: Int) {
        var coefficients = start
        for (j, value) in fixed { coefficients[j] = value }
        let problem = IRLSProblem(design: DesignMatrix(design), response: response, weights: weights, offset: offset,
                                  link: LogitLink(), penalty: .jeffreys)
        return try BLASThreads.withSingleThreadedBLAS {
            let equations = problem.sweep(coefficients, kernel: problem.kernel())
            let state = try problem.solveFirth(coefficients: coefficients, equations: equations, options: options,
                                               fixed: Set(fixed.keys))
            return (state.coefficients, try problem.firthPoint(state.coefficients).penalized, state.converged, state.iterations)
        }
    }

    /// Weights beyond this bound (or all below its reciprocal) over- or underflow XᵀWX.
    static var weightBound: Double { 1e100 }

    /// What may have over- or underflowed, for `GLMError.numericalFailure`.
    static func overflowReason(weights: [Double]?, offset: [Double]?, start: [Double]?) -> String {
        var parts = [String]()
        if let start {
            let shown = start.prefix(5).map { "\($0)" }.joined(separator: ", ")
            parts.append("starting values [\(shown)\(start.count > 5 ? ", …" : "")]")
        }
        if let largest = weights?.max() { parts.append("largest weight \(largest)") }
        if let largest = offset?.map(abs).max() { parts.append("largest |offset| \(largest)") }
        return parts.isEmpty ? "check the design for extreme values" : parts.joined(separator: ", ")
    }

    static func validate(design: DesignMatrix, response: [Double], termNames: [String], weights: [Double]?, offset: [Double]?,
                         options: GLMOptions) throws {
        guard design.columns > 0 else { throw ModelError.emptyDesign }
        guard response.count == design.rows else { throw ModelError.dimensionMismatch(responseCount: response.count, designRows: design.rows) }
        guard termNames.count == design.columns else { throw ModelError.termCountMismatch(names: termNames.count, columns: design.columns) }
        // The design's finiteness is checked by the first sweep, which reads X anyway (not by a
        // separate pass over the design): see `fit(link:…)`.
        if let bad = response.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
            throw GLMError.responseOutOfRange(row: bad, value: response[bad])
        }
        if let weights {
            guard weights.count == design.rows else { throw ModelError.dimensionMismatch(responseCount: weights.count, designRows: design.rows) }
            if let bad = weights.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) { throw GLMError.invalidWeight(row: bad, value: weights[bad]) }
        }
        if let weights, let bad = weights.firstIndex(where: { $0 > GLM.weightBound }) {
            throw GLMError.weightsOutOfRange(row: bad, value: weights[bad])
        }
        if let weights, let largest = weights.indices.max(by: { weights[$0] < weights[$1] }), weights[largest] > 0,
           weights[largest] < 1 / GLM.weightBound {
            throw GLMError.weightsOutOfRange(row: largest, value: weights[largest])
        }
        if let offset {
            guard offset.count == design.rows else { throw ModelError.dimensionMismatch(responseCount: offset.count, designRows: design.rows) }
            if let bad = offset.firstIndex(where: { !$0.isFinite }) { throw GLMError.invalidOffset(row: bad, value: offset[bad]) }
            if let bad = offset.firstIndex(where: { abs($0) > 1e15 }) { throw GLMError.offsetOutOfRange(row: bad, value: offset[bad]) }
        }
        if let start = options.start, start.count != design.columns {
            throw GLMError.startLength(expected: design.columns, found: start.count)
        }
        let observations = weights.map { w in w.reduce(0, +) } ?? Double(design.rows)
        guard observations > 0 else { throw ModelError.tooFewObservations(observations: 0, parameters: design.columns) }
    }
}

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
    let design: DesignMatrix
    let response: [Double]
    let weights: [Double]?
    let offset: [Double]?
    let link: L
    let penalty: Penalty
    /// Newton–Raphson instead of Fisher scoring: the sweep's weights are the observed information
    /// −∂²ℓᵢ/∂η². Used for observed-information fits with the probit and cloglog links, whose
    /// per-row log-likelihoods are concave in η (so the weights are never negative): Newton
    /// converges quadratically where Fisher scoring is linear for non-canonical links, and the
    /// converged XᵀWX is the observed information the standard errors need.
    var newton = false

    /// The mean positive prior weight (1 without weights): the unit in which R's absolute constants
    /// (the 0.1 of its convergence rule, the deviance allowances of the step control) are read,
    /// so that weights × c fit as weights do. With weights of 1e−90 R's rule read any change of a
    /// deviance of 1e−88 as convergence after one step; with 1e60, mustart rounded to 0 or 1.
    var weightScale: Double {
        guard let weights else { return 1 }
        var total = 0.0, count = 0
        for w in weights where w > 0 { total += w; count += 1 }
        let mean = count > 0 ? total / Double(count) : 1
        return mean > 0 && mean.isFinite ? mean : 1
    }

    /// Reciprocal condition (of the unit-diagonal scaled XᵀWX) below which the design is treated
    /// as rank deficient and handed to the pivoted QR: κ(X) ≳ 1e7.
    static var rankConditionThreshold: Double { InformationFactor.rankConditionThreshold }

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

    func priorWeight(_ i: Int) -> Double { weights?[i] ?? 1 }
    func offsetValue(_ i: Int) -> Double { offset?[i] ?? 0 }

    /// The IRLS kernel at the linear predictor `Xβ` (+ offset): fills working weights and
    /// responses, returns the deviance contribution. `adjustment`, if given, is added to the score
    /// (Firth: hᵢ(½ − μᵢ)).
    func kernel(adjustment: [Double]? = nil) -> @Sendable (inout RowBlock) -> Double {
        let link = self.link, response = self.response, weights = self.weights, offset = self.offset, newton = self.newton
        return { block in
            var deviance = 0.0
            let first = block.rows.lowerBound
            for k in 0..<block.rows.count {
                let i = first + k
                let etaWithoutOffset = block.linearPredictor[k]
                let eta = offset.map { etaWithoutOffset + $0[i] } ?? etaWithoutOffset
                let values = link.inverse(eta)
                let w = weights?[i] ?? 1
                let y = response[i]
                var weight: Double, working: Double
                if newton, y == 0 || y == 1,
                   let binary = BinomialFamily.newtonBinary(values, y: y, priorWeight: w, etaWithoutOffset: etaWithoutOffset) {
                    (weight, working) = binary
                } else {
                    (weight, working) = BinomialFamily.working(values, y: y, priorWeight: w, etaWithoutOffset: etaWithoutOffset)
                    if newton {
                        // Same score uᵢ = W(z − η), observed weight: z = η + uᵢ / W_obs.
                        let observed = BinomialFamily.observedWeight(values, y: y, priorWeight: w)
                        if observed > 0 {
                            working = etaWithoutOffset + (working - etaWithoutOffset) * (weight / observed)
                            weight = observed
                        }
                    }
                }
                if let adjustment, weight > 0 {
                    // Firth's modified score adds hᵢ(½ − μᵢ)·μ'/V to wᵢ(y − μ)μ'/V; in working-response
                    // form that is hᵢ(½ − μᵢ)(μ'/V)/Wᵢ (for the logit μ' = V).
                    working += adjustment[i] * (0.5 - values.mean) * values.derivative
                        / (values.mean * values.complement) / weight
                }
                block.weights[k] = weight
                block.responses[k] = working
                // A zero-weight row adds nothing (0·∞ was NaN where its fitted μ reached the wrong
                // boundary, and stopped the step control; FuzzNumeric).
                if w > 0 { deviance += w * BinomialFamily.deviance(values, y: y, link: link, eta: eta) }
            }
            return deviance
        }
    }

    /// Initial normal equations from R's `mustart = (w y + ½)/(w + 1)`. With unit weights and a
    /// binary response there are only two starting points, evaluated once.
    func initialEquations() -> NormalEquations {
        let link = self.link, response = self.response, weights = self.weights, offset = self.offset
        let cached: [LinkValues]? = weights == nil && response.allSatisfy({ $0 == 0 || $0 == 1 })
            ? [link.inverse(link.link(0.25)), link.inverse(link.link(0.75))] : nil
        let cachedEta = [link.link(0.25), link.link(0.75)]
        let unit = weightScale
        return sweep([Double](repeating: 0, count: design.columns)) { block in
            var deviance = 0.0
            let first = block.rows.lowerBound
            for k in 0..<block.rows.count {
                let i = first + k
                let w = weights?[i] ?? 1, y = response[i]
                let eta: Double, values: LinkValues
                if let cached {
                    eta = cachedEta[Int(y)]
                    values = cached[Int(y)]
                } else {
                    // R's mustart (w y + ½)/(w + 1) with w in units of the mean weight (the same as
                    // R's for weights of mean 1; scale-free otherwise: for weights beyond ~1e16 R's
                    // rounds to exactly 0 or 1, whose η is ±∞), kept 2⁻⁴⁰ inside (0, 1).
                    let relative = w / unit
                    let mustart = (relative * y + 0.5) / (relative + 1)
                    eta = link.link(mustart >= 1 ? 1 - 0x1p-40 : mustart <= 0 ? 0x1p-40 : mustart)
                    values = link.inverse(eta)
                }
                let (weight, working) = BinomialFamily.working(values, y: y, priorWeight: w,
                                                               etaWithoutOffset: eta - (offset?[i] ?? 0))
                block.weights[k] = weight
                block.responses[k] = working
                // A zero-weight row adds nothing (0·∞ was NaN where its fitted μ reached the wrong
                // boundary, and stopped the step control; FuzzNumeric).
                if w > 0 { deviance += w * BinomialFamily.deviance(values, y: y, link: link, eta: eta) }
            }
            return deviance
        }
    }

    /// Cholesky of XᵀWX, or `nil` when it is (numerically) singular (`InformationFactor.factor`).
    static func factor(_ crossProduct: Matrix) -> CholeskyFactorization? { InformationFactor.factor(crossProduct) }

    /// Hat values hᵢ = Wᵢ xᵢᵀ (XᵀWX)⁻¹ xᵢ at β: with XᵀWX = UᵀU, hᵢ = Wᵢ ‖(X U⁻¹)ᵢ‖², from a p × p
    /// triangular inverse and one `dgemm` (`DesignMatrix.rowSquaredNorms`).
    func hatValues(coefficients: [Double], factor: CholeskyFactorization) throws -> [Double] {
        let squares = design.rowSquaredNorms(multipliedBy: try factor.upper.triangularInverse(upper: true))
        let eta = design * coefficients
        return (0..<design.rows).map { i in
            let values = link.inverse(eta[i] + offsetValue(i))
            return BinomialFamily.working(values, y: response[i], priorWeight: priorWeight(i), etaWithoutOffset: eta[i]).weight * squares[i]
        }
    }

    func solve(start: [Double]?, options: GLMOptions) throws -> IRLSState {
        var coefficients = start ?? [Double](repeating: 0, count: design.columns)
        var equations = start.map { sweep($0, kernel: kernel()) } ?? initialEquations()
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
        let unit = weightScale
        while iterations < options.maxIterations {
            iterations += 1
            guard equations.rightHandSide.allSatisfy(\.isFinite), var candidate = solveSystem(equations.information, equations.rightHandSide) else {
                return IRLSState(coefficients: coefficients, equations: equations, factor: nil, deviance: previousDeviance,
                                 iterations: iterations, converged: false, rankDeficient: true)
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
            converged = abs(deviance - previousDeviance) / (abs(deviance) + 0.1 * unit) < options.tolerance
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
        let equations = sweep(coefficients, kernel: kernel())
        guard let factor = IRLSProblem.factor(equations.crossProduct), equations.objective.isFinite else {
            return FirthPoint(equations: equations, factor: nil, penalized: -.infinity, score: [], scoreNorm: .infinity)
        }
        var logDeterminant = 0.0
        for j in 0..<factor.upper.columns { logDeterminant += 2 * Double.log(factor.upper[j, j]) }
        // XᵀWz* − XᵀWXβ with the hat values in the working response z*.
        let hat = try hatValues(coefficients: coefficients, factor: factor)
        let adjusted = sweep(coefficients, kernel: kernel(adjustment: hat))
        // The adjusted sweep shares the plain one's XᵀWX; only its working response differs.
        let score = adjusted.score(at: coefficients)
        guard score.allSatisfy(\.isFinite) else {
            return FirthPoint(equations: equations, factor: nil, penalized: -.infinity, score: [], scoreNorm: .infinity)
        }
        return FirthPoint(equations: equations, factor: factor, penalized: -equations.objective / 2 + logDeterminant / 2,
                          score: score, scoreNorm: score.map { $0 * $0 }.reduce(0, +).squareRoot())
    }
}

extension NormalEquations {
    /// The score XᵀWz − XᵀWXβ the sweep at β left (for IRLS, XᵀW(z − η) = Σ wᵢ uᵢ xᵢ).
    func score(at coefficients: [Double]) -> [Double] {
        zip(rightHandSide, information.multiplied(by: coefficients)).map { $0 - $1 }
    }
}
