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
    /// The trials of a grouped response: not one per row.
    case trialsLength(expected: Int, found: Int)
    /// The trials of a grouped response: a row with positive weight whose trials are not a
    /// positive finite number.
    case invalidTrials(row: Int, value: Double)
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
        case .trialsLength(let expected, let found):
            return "trials: \(found) given for \(expected) rows; give the trials of each row of a grouped response (or none)"
        case .invalidTrials(let row, let value):
            return "the trials of a grouped response must be positive and finite where a row has weight; row \(row + 1) holds \(value) (drop rows without trials)"
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
    ///   - weightKind: what the weights are: frequencies (counts of identical rows) or sampling
    ///     weights (the pseudo-likelihood and its sandwich).
    ///   - offset: a known term added to the linear predictor.
    ///   - trials: for a grouped binomial response (R's `cbind(successes, failures)`), the trials
    ///     nᵢ of each row; `response` is then the proportion of successes and `weights` must already
    ///     include the trials (R's `glm`: prior weights × nᵢ). The log-likelihood then adds
    ///     Σ (wᵢ/nᵢ) log C(nᵢ, sᵢ) (R's `logLik`), and the observations are the rows (Σ wᵢ/nᵢ
    ///     under frequency weights).
    ///   - options: link, information, iteration settings, penalty and the separation check.
    /// - Throws: `ModelError` and `GLMError` for invalid inputs.
    public static func fit(design: Matrix, response: [Double], termNames: [String], weights: [Double]? = nil,
                           weightKind: WeightKind = .frequency, offset: [Double]? = nil, trials: [Double]? = nil,
                           options: GLMOptions = GLMOptions()) throws -> GLMFit {
        try fit(design: DesignMatrix(design), response: response,
                termNames: termNames, weights: weights, weightKind: weightKind, offset: offset, trials: trials, options: options)
    }

    /// Fits a binary-response GLM on a design that may hold a many-level factor as codes
    /// (`DesignMatrix`, as `ModelFrame.designMatrix`): the fit sweeps through its indicator block.
    /// The same estimates as the dense design; see `fit(design:response:termNames:weights:weightKind:offset:trials:options:)`.
    public static func fit(design: DesignMatrix, response: [Double], termNames: [String], weights: [Double]? = nil,
                           weightKind: WeightKind = .frequency, offset: [Double]? = nil, trials: [Double]? = nil,
                           options: GLMOptions = GLMOptions()) throws -> GLMFit {
        // Firth's hat values read every entry: a coded design is stored dense once, not per sweep.
        let design = options.penalty == .jeffreys ? design.storedDense() : design
        try validate(design: design, response: response, termNames: termNames, weights: weights, offset: offset,
                     options: options)
        if options.penalty == .jeffreys && options.link != .logit { throw GLMError.firthRequiresLogit(link: options.link.rawValue) }
        if let trials {
            guard trials.count == response.count else { throw GLMError.trialsLength(expected: response.count, found: trials.count) }
            if let row = trials.indices.first(where: { (weights?[$0] ?? 1) > 0 && !(trials[$0] > 0 && trials[$0].isFinite) }) {
                throw GLMError.invalidTrials(row: row, value: trials[row])
            }
        }
        // One engine, specialized per link (static dispatch in the per-row kernel). The engine runs
        // its own parallel sweeps, so OpenBLAS stays single-threaded for the whole fit: switching
        // its pool on between sweeps leaves its threads spinning.
        return try BLASThreads.withSingleThreadedBLAS {
            switch options.link {
            case .logit: return try fit(link: LogitLink(), design, response, termNames, weights, weightKind, offset, trials, options)
            case .probit: return try fit(link: ProbitLink(), design, response, termNames, weights, weightKind, offset, trials, options)
            case .cloglog: return try fit(link: CloglogLink(), design, response, termNames, weights, weightKind, offset, trials, options)
            case .cauchit: return try fit(link: CauchitLink(), design, response, termNames, weights, weightKind, offset, trials, options)
            case .identity: throw GLMError.identityLink
            }
        }
    }

    static func fit<L: LinkFunction>(link: L, _ design: DesignMatrix, _ response: [Double], _ termNames: [String], _ weights: [Double]?,
                                     _ weightKind: WeightKind, _ offset: [Double]?, _ trials: [Double]?,
                                     _ options: GLMOptions) throws -> GLMFit {
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
            let fit = try fit(link: link, scales.apply(to: design), response, termNames, weights, weightKind, offset, trials, scaledOptions)
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
                                        weightKind: weights == nil ? nil : weightKind, options: options, trials: trials).build()
        }
        state = try problem.escapingWorseThanNull(state, options: options)
        return try GLMResultBuilder(problem: problem, state: state, keptColumns: kept, allNames: termNames,
                                    weightKind: weights == nil ? nil : weightKind, options: options, trials: trials).build()
    }

    /// Firth's penalized log-likelihood ℓ* = ℓ + ½ log det XᵀWX maximised with the coordinates in
    /// `fixed` held at their values, the penalty over the full design: the profile behind R
    /// logistf's penalized likelihood-ratio tests and profile confidence intervals (Heinze &
    /// Schemper 2002). ℓ* is up to the constant of the saturated model, the same in every call,
    /// so differences are exact.
    /// - Parameters:
    ///   - design: the `n × p` design.
    ///   - response: values in [0, 1].
    ///   - weights: prior weights.
    ///   - offset: a known term added to the linear predictor.
    ///   - fixed: design column → the value its coefficient is held at.
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
