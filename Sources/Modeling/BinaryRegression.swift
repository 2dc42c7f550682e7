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
    ///   - information: observed (default; Stata, statsmodels) or expected (R's `glm`).
    ///   - covariance: the covariance of the fitted model's table (default: classical; HC1 for the
    ///     linear probability model; the sandwich under sampling weights).
    ///   - level: confidence level in (0, 1).
    ///   - iterations: the iteration limit and tolerance (R's `glm.control`).
    ///   - progress: callbacks for the iterations and the separation check of this fit (not of
    ///     later refits: tests, profiles, bootstraps).
    ///   - storage: how the design holds a many-level factor (`DesignStorage`: automatic by
    ///     default; every result is the same under each, to rounding).
    /// - Throws: `ModelingError`, `FormulaError`, `ModelError`, `GLMError`, `CovarianceError`.
    public static func fit(_ formula: String, data: DataTable, model: ModelKind = .logit, weights: Weights? = nil,
                           offset: String? = nil, clusters: [String] = [], eventLevel: String? = nil,
                           information: InformationKind = .observed, covariance: Covariance? = nil, level: Double = 0.95,
                           iterations: IterationOptions = IterationOptions(),
                           progress: FitProgress = FitProgress(), storage: DesignStorage = .automatic) throws -> BinaryRegressionModel {
        guard level > 0 && level < 1 else { throw ModelingError.invalidLevel(level) }
        try ModelingLimits.check(iterations)
        if model == .lpm {
            // Hardening (issue 13): the linear probability model used to ignore weights and offsets
            // silently. Sampling weights are weighted least squares (R lm(weights =) with sandwich's
            // HC1, Stata regress [pw=]); lm's weights are not frequencies, so those are refused.
            if weights?.kind == .frequency {
                throw ModelingError.unsupported(option: .frequencyWeights, model: "lpm",
                                                hint: "replicate the rows, or give the weights as sampling weights (weighted least squares)")
            }
        }
        try checkRoles(weights: weights?.column, offset: offset, clusters: clusters, covarianceClusters: covariance?.clusterColumns ?? [])
        let named: [(String?, Parameter)] = [(weights?.column, .weights), (offset, .offset)]
            + clusters.map { ($0, .clusters) } + (covariance?.clusterColumns ?? []).map { ($0, .covariance) }
        for (name, parameter) in named {
            guard let name else { continue }
            guard data[name] != nil else {
                throw ModelingError.unknownColumn(name: name, parameter: parameter, available: data.columnNames)
            }
        }
        let clusterColumns = clusters + (covariance?.clusterColumns ?? []).filter { !clusters.contains($0) }
        let auxiliary = [weights?.column, offset].compactMap { $0 } + clusterColumns
        let parsed = try Formula(formula)
        var frame = try ModelFrame(formula: parsed, data: data, response: .binary(eventLevel: eventLevel), auxiliaryColumns: auxiliary,
                                   storage: storage)
        var flipped = false
        if let eventLevel, frame.eventLevel == nil {
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
        let specification = BinaryRegressionModel.Specification(
            formula: formula, model: model, weights: weights, offset: offset, clusters: clusterColumns,
            eventLevel: flipped ? "0" : frame.eventLevel, information: information, iterations: iterations)
        let weightValues = try numeric(weights?.column, .weights), offsetValues = try numeric(offset, .offset)
        // Stata's "outcome does not vary": over the rows the fit uses (positive weight), one value
        // of the outcome leaves nothing to model (a fit gave a negative LR χ² and "Hosmer-Lemeshow chi2(-1)").
        let used = frame.response.indices.filter { (weightValues?[$0] ?? 1) > 0 }
        if let first = used.first.map({ frame.response[$0] }), used.allSatisfy({ frame.response[$0] == first }) {
            throw ModelingError.outcomeDoesNotVary(response: frame.responseName, value: first, rows: used.count)
        }
        let fit = try estimate(design: frame.designMatrix, names: frame.columnNames, response: frame.response, weights: weightValues,
                               offset: offsetValues, specification: specification, level: level, checkSeparation: nil,
                               progress: progress)
        var fitted = BinaryRegressionModel(specification: specification, data: data, frame: frame, weights: weightValues,
                                           offset: offsetValues, fit: fit)
        if let covariance {
            fitted = try fitted.withCovariance(covariance)
        } else if model == .lpm {
            fitted = try fitted.withCovariance(.hc1)
        }
        return fitted
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
                         specification: BinaryRegressionModel.Specification, level: Double, checkSeparation: Bool?,
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
                                  weightKind: specification.weights?.kind ?? .frequency, offset: offset, options: options)
            // The engine takes no level: the intervals at `level` are asked of its estimates here.
            return level == CoefficientTable.conventionalLevel ? fit : fit.atLevel(level)
        }
    }
}
