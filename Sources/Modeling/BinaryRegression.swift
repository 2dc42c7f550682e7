import Tables
import Formulas
import Estimation
import LinearAlgebra
import LinearPredictor

/// Prior weights: a column and what its values mean.
public struct Weights: Sendable, Equatable {
    /// The column.
    public var column: String
    /// Frequency or sampling weights.
    public var kind: WeightKind

    /// Weights from `column`, of `kind`.
    public init(_ column: String, kind: WeightKind = .frequency) {
        self.column = column
        self.kind = kind
    }

    /// Frequency weights: row i stands for wᵢ identical observations.
    public static func frequency(_ column: String) -> Weights { Weights(column, kind: .frequency) }
    /// Sampling (probability) weights: a pseudo-likelihood with a sandwich covariance.
    public static func sampling(_ column: String) -> Weights { Weights(column, kind: .sampling) }
}

/// Settings of the iterations (rarely changed).
public struct IterationOptions: Sendable, Equatable {
    /// Relative deviance tolerance (R's rule).
    public var tolerance: Double
    /// Iteration limit.
    public var maxIterations: Int

    /// Defaults: 1e−8 and 25, as R's `glm.control`.
    public init(tolerance: Double = 1e-8, maxIterations: Int = 25) {
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }
}

/// Formula + data → a fitted binary-response model, the entry point for analysis scripts.
///
/// ```swift
/// let model = try BinaryRegression.fit("backshored ~ i40_technologies + log(employees) + C(sector)",
///                                      data: table, model: .probit)
/// let robust = try model.confidenceIntervals(covariance: .hc3)
/// ```
public enum BinaryRegression {
    /// Builds the model frame (listwise deletion over every column the model reads, including the
    /// weights, the offset and cluster columns) and fits `model` with the one engine: IRLS for the
    /// GLMs and Firth, least squares for the linear probability model.
    /// - Parameters:
    ///   - formula: R/patsy notation, e.g. `y ~ x + log(size) + C(sector)`.
    ///   - data: the table the formula reads.
    ///   - model: logit (default), probit, cloglog, cauchit, firth or lpm.
    ///   - weights: prior weights (frequency or sampling).
    ///   - offset: a column added to the linear predictor with coefficient 1.
    ///   - clusters: cluster columns to keep aligned for `.cluster` covariances asked later (rows
    ///     where they are missing are left out of the fit).
    ///   - eventLevel: the level coded 1: for a factor outcome (default: the second in sorted order),
    ///     or `"0"` / `"1"` for a 0/1 outcome (`"0"` models the probability of a 0).
    ///   - information: observed (Stata, statsmodels) or expected (R's `glm`); nil: observed, or
    ///     under a survey `design` expected, as R `svyglm` (Fisher scoring's bread; Stata's
    ///     `svy: probit` uses observed: pass `.observed`). The logit's are the same.
    ///   - covariance: the covariance of the fitted model's table (default: classical; HC1 for the
    ///     linear probability model; the sandwich under sampling weights).
    ///   - level: confidence level in (0, 1).
    ///   - iterations: the iteration limit and tolerance (R's `glm.control`).
    ///   - progress: callbacks for the iterations and the separation check of this fit (not of
    ///     later refits: tests, profiles, bootstraps).
    ///   - storage: how the design holds a many-level factor (`DesignStorage`: automatic by
    ///     default; every result is the same under each, to rounding).
    ///   - design: a complex survey design (`SurveyDesign`: strata, PSUs, fpc, weights, or
    ///     replicate weights): pseudo-ML estimates under its weights, the design-based covariance,
    ///     t and F on its degrees of freedom (R `svyglm`; Docs/survey.md). Not with `weights`,
    ///     `clusters` or a non-design `covariance`.
    ///   - subpop: a domain of the design (`SurveyDomain`): the rows outside it keep their place in
    ///     the design with weight 0 (R `subset(design, …)`, Stata `subpop()`).
    /// - Throws: `ModelingError`, `FormulaError`, `ModelError`, `GLMError`, `CovarianceError`,
    ///   `SurveyDesignError`.
    public static func fit(_ formula: String, data: DataTable, model: ModelKind = .logit, weights: Weights? = nil,
                           offset: String? = nil, clusters: [String] = [], eventLevel: String? = nil,
                           information: InformationKind? = nil, covariance: Covariance? = nil, level: Double = 0.95,
                           iterations: IterationOptions = IterationOptions(),
                           progress: FitProgress = FitProgress(), storage: DesignStorage = .automatic,
                           design: SurveyDesign? = nil, subpop: SurveyDomain? = nil) throws -> BinaryRegressionModel {
        guard level > 0 && level < 1 else { throw ModelingError.invalidLevel(level) }
        try ModelingLimits.check(iterations)
        let resolved = try design.map { try checkedSurvey($0, data: data, model: model, weights: weights, clusters: clusters, covariance: covariance) }
        if subpop != nil && design == nil {
            throw SurveyDesignError.conflictingOption(option: .subpop, reason: "a domain estimate keeps the survey design for its variance; give the design (weights alone: --design weights=COL), or drop the rows yourself for a model of the subset as a sample of its own")
        }
        let domain = try subpop.map { try $0.membership(in: data) }
        if model == .lpm {
            // Hardening (issue 13): the linear probability model used to ignore weights and offsets
            // silently. Sampling weights are weighted least squares (R lm(weights =) with sandwich's
            // HC1, Stata regress [pw=]); lm's weights are not frequencies, so those are refused.
            if weights?.kind == .frequency {
                throw ModelingError.unsupported(option: .frequencyWeights, model: "lpm",
                                                hint: "replicate the rows, or give the weights as sampling weights (weighted least squares)")
            }
            // Least squares is solved directly: an iteration limit or tolerance was ignored.
            if iterations != IterationOptions() {
                throw ModelingError.unsupported(option: .iterations, model: "lpm",
                                                hint: "least squares is solved directly, without iterations; leave the iteration settings at their defaults")
            }
            // Least squares has no information matrix to choose: an explicit choice was ignored.
            if information != nil {
                throw ModelingError.unsupported(option: .information, model: "lpm",
                                                hint: "least squares has no observed or expected information; leave it unset (HC1 by default) and choose the standard errors by covariance (classical, HC0–HC3, cluster)")
            }
        }
        try checkRoles(weights: weights?.column, offset: offset, clusters: clusters, covarianceClusters: covariance?.clusterColumns ?? [])
        let named: [(String?, Parameter)] = [(weights?.column, .weights), (offset, .offset)]
            + clusters.map { ($0, .clusters) } + (covariance?.clusterColumns ?? []).map { ($0, .cluster) }
        for (name, parameter) in named {
            guard let name else { continue }
            guard data[name] != nil else {
                throw ModelingError.unknownColumn(name: name, parameter: parameter, available: data.columnNames)
            }
        }
        let clusterColumns = clusters + (covariance?.clusterColumns ?? []).filter { !clusters.contains($0) }
        let auxiliary = [weights?.column, offset].compactMap { $0 } + clusterColumns
        let parsed = try Formula(formula)
        // Observed by default (Stata, statsmodels); expected under a design (svyglm) or with absorbed
        // factors (fixest): an explicit choice is checked against them below.
        let explicitInformation = information
        let information = information ?? (design == nil && parsed.absorbed.isEmpty ? .observed : .expected)
        var frame = try ModelFrame(formula: parsed, data: data, response: .binary(eventLevel: eventLevel), auxiliaryColumns: auxiliary,
                                   storage: storage)
        if !frame.absorbed.isEmpty {
            try checkAbsorbed(model: model, information: explicitInformation, design: design, grouped: frame.trials != nil)
        }
        var flipped = false
        if frame.trials != nil {
            try checkGrouped(model: model, eventLevel: eventLevel)
        } else if let eventLevel, frame.eventLevel == nil {
            // A 0/1 outcome: "1" is the default, "0" models P(y = 0); anything else is an error.
            guard eventLevel == "0" || eventLevel == "1" else {
                throw FormulaError.unknownEventLevel(column: frame.responseName, level: eventLevel, levels: ["0", "1"])
            }
            if eventLevel == "0" { frame = frame.withFlippedResponse(); flipped = true }
        }
        func numeric(_ name: String?, _ parameter: Parameter) throws -> [Double]? {
            guard let name, let column = frame.auxiliary[name] else { return nil }
            guard let values = column.numericValues else {
                throw ModelingError.wrongColumnType(name: name, parameter: parameter, expected: "numeric")
            }
            return values
        }
        var specification = BinaryRegressionModel.Specification(
            formula: formula, model: model, weights: weights, offset: offset, clusters: clusterColumns,
            eventLevel: flipped ? "0" : frame.eventLevel, information: information, iterations: iterations)
        var weightValues = try numeric(weights?.column, .weights)
        let offsetValues = try numeric(offset, .offset)
        if let resolved {
            // The design's weights, zero outside the domain (R subset(design, …): the rows stay in
            // the design, their PSUs still count).
            weightValues = frame.rowIndices.map { resolved.weights[$0] * (domain?[$0] == false ? 0 : 1) }
            specification = BinaryRegressionModel.Specification(
                formula: specification.formula, model: specification.model, weights: Weights(resolved.specification.weights ?? "(design weights)", kind: .sampling),
                offset: specification.offset, clusters: specification.clusters, eventLevel: specification.eventLevel,
                information: specification.information, iterations: specification.iterations)
        }
        // A grouped response's prior weights are the trials times any weights (R's glm).
        let userWeights = weightValues
        if let trials = frame.trials { weightValues = trials.indices.map { trials[$0] * (weightValues?[$0] ?? 1) } }
        // Stata's "outcome does not vary": over the rows the fit uses (positive weight), one value
        // of the outcome leaves nothing to model (a fit gave a negative LR χ² and "Hosmer-Lemeshow chi2(-1)").
        // A grouped response varies unless every trial is a success, or every one a failure.
        let used = frame.response.indices.filter { (weightValues?[$0] ?? 1) > 0 }
        if let first = used.first.map({ frame.response[$0] }), first == 0 || first == 1 || frame.trials == nil,
           used.allSatisfy({ frame.response[$0] == first }) {
            throw ModelingError.outcomeDoesNotVary(response: frame.responseName, value: first, rows: used.count)
        }
        if !frame.absorbed.isEmpty {
            let fitted = try fitAbsorbed(frame: frame, data: data, specification: specification, weights: weightValues, offset: offsetValues,
                                         level: level)
            // Under sampling weights the likelihood is a pseudo-likelihood: the sandwich (HC0 ×
            // n/(n − 1), the sampling-weight sandwich's formula) unless another is asked.
            let chosen = covariance ?? (weights?.kind == .sampling ? .robust : nil)
            return try chosen.map { try fitted.withCovariance($0) } ?? fitted
        }
        let fit = try estimate(design: frame.designMatrix, names: frame.columnNames, response: frame.response, weights: weightValues,
                               offset: offsetValues, trials: frame.trials, specification: specification, level: level,
                               checkSeparation: nil, progress: progress)
        let survey = try resolved.map { try fittedSurvey($0, domain: subpop, rows: frame.rowIndices, weights: userWeights ?? []) }
        var fitted = BinaryRegressionModel(specification: specification, data: data, frame: frame, weights: weightValues,
                                           offset: offsetValues, fit: fit, survey: survey)
        if let survey {
            fitted = try fitted.withCovariance(covariance ?? survey.covariance)
        } else if let covariance {
            fitted = try fitted.withCovariance(covariance)
        } else if model == .lpm {
            fitted = try fitted.withCovariance(.hc1)
        }
        return fitted
    }

    /// Refuses what does not apply to a grouped response `cbind(s, f)`: the linear probability
    /// model (R's `lm` would fit two responses) and an event level (swap the counts instead).
    static func checkGrouped(model: ModelKind, eventLevel: String?) throws {
        if model == .lpm {
            throw ModelingError.groupedResponse(option: .model, reason: "the linear probability model is least squares on individual 0/1 outcomes; fit a binomial link (logit, probit, cloglog, cauchit, firth), or expand the counts to one row per trial")
        }
        if eventLevel != nil {
            throw ModelingError.groupedResponse(option: .eventLevel, reason: "the event is the first count; write cbind(failures, successes) to model the other")
        }
    }

    /// The design resolved on the data, after refusing what cannot go with it.
    static func checkedSurvey(_ design: SurveyDesign, data: DataTable, model: ModelKind, weights: Weights?, clusters: [String],
                              covariance: Covariance?) throws -> ResolvedSurveyDesign {
        if weights != nil {
            throw SurveyDesignError.conflictingOption(option: .weights, reason: "the design carries the sampling weights (weights=COL in the design)")
        }
        if !clusters.isEmpty || !(covariance?.clusterColumns ?? []).isEmpty {
            throw SurveyDesignError.conflictingOption(option: .clusters, reason: "the design's PSUs are its clusters (psu=COL in the design)")
        }
        if let covariance, covariance != .linearized, covariance != .replicates {
            throw SurveyDesignError.conflictingOption(option: .covariance, reason: "a survey design's standard errors are design-based (linearised, or from its replicate weights); \(covariance) ignores the strata, PSUs and fpc")
        }
        if model == .firth {
            throw ModelingError.unsupported(option: .design, model: model.rawValue,
                                            hint: "Firth's penalty is not a survey estimator (R svyglm has none); fit the logit (separation is then reported) or analyse without the design")
        }
        return try design.resolve(on: data)
    }

    /// What the model keeps of its design: counts, degrees of freedom and population size over the
    /// rows it uses (positive weight).
    static func fittedSurvey(_ resolved: ResolvedSurveyDesign, domain: SurveyDomain?, rows: [Int], weights: [Double]) throws -> FittedSurvey {
        let used = rows.indices.filter { weights[$0] > 0 }
        guard !used.isEmpty else { throw SurveyDesignError.emptyDomain(domain?.description ?? "(all rows)") }
        let designRows = used.map { rows[$0] }
        let (psus, strata) = resolved.structure.counts(rows: designRows)
        let df = resolved.replicateDegreesOfFreedom ?? resolved.structure.degreesOfFreedom(rows: designRows)
        return FittedSurvey(design: resolved, domain: domain, rows: rows, degreesOfFreedom: df, strata: strata, psus: psus,
                            populationSize: used.reduce(0.0) { $0 + weights[$1] }, observations: used.count)
    }

    /// One column may play one role only (weights, offset, cluster), and a cluster column counts once.
    static func checkRoles(weights: String?, offset: String?, clusters: [String], covarianceClusters: [String]) throws {
        for list in [clusters, covarianceClusters] {
            var seen = Set<String>()
            for name in list {
                guard seen.insert(name).inserted else {
                    throw ModelingError.duplicateColumn(name: name, roles: ["a cluster column", "a cluster column again"])
                }
            }
        }
        var roles = [(String, String)]()
        if let weights { roles.append((weights, "the weights")) }
        if let offset { roles.append((offset, "the offset")) }
        for name in Set(clusters + covarianceClusters).sorted() { roles.append((name, "a cluster column")) }
        for (index, (name, role)) in roles.enumerated() {
            if let other = roles[..<index].first(where: { $0.0 == name }) {
                throw ModelingError.duplicateColumn(name: name, roles: [other.1, role])
            }
        }
    }

    /// The fit of one design: the IRLS engine, or least squares for the linear probability model.
    static func estimate(design: DesignMatrix, names: [String], response: [Double], weights: [Double]?, offset: [Double]?,
                         trials: [Double]?, specification: BinaryRegressionModel.Specification, level: Double, checkSeparation: Bool?,
                         progress: FitProgress = FitProgress()) throws -> GLMFit {
        switch specification.model {
        case .lpm:
            return try LinearProbabilityModel.fit(design: design.checkedMaterialized(), response: response, termNames: names, weights: weights,
                                                  offset: offset, robust: false)
                .atLevel(level)
        default:
            var options = GLMOptions(link: specification.model.link, information: specification.information,
                                     tolerance: specification.iterations.tolerance,
                                     maxIterations: specification.iterations.maxIterations,
                                     penalty: specification.model.penalty, checkSeparation: checkSeparation)
            options.progress = progress
            // Firth's penalty needs the hat values of every row and column: the dense design.
            let design = specification.model.penalty == .jeffreys ? try design.checkedStoredDense() : design
            let fit = try GLM.fit(design: design, response: response, termNames: names, weights: weights,
                                  weightKind: specification.weights?.kind ?? .frequency, offset: offset, trials: trials,
                                  options: options)
            // The engine takes no level: the intervals at `level` are asked of its estimates here.
            return level == CoefficientTable.conventionalLevel ? fit : fit.atLevel(level)
        }
    }
}
