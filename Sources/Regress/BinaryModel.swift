import DataTable
import Formula
import GLM
import Inference
import LinearAlgebra

/// The binary-response models `reshore fit --model` offers.
public enum ModelKind: String, Sendable, CaseIterable {
    case logit, probit, cloglog, cauchit, lpm, firth
}

/// Everything that defines a binary-response fit on a data table.
public struct BinaryModelSpecification: Sendable {
    /// The formula, e.g. `backshored ~ i40_technologies + log(employees) + C(sector)`.
    public var formula: String
    /// The model.
    public var model: ModelKind
    /// Information for classical standard errors (ignored by `lpm`).
    public var information: InformationKind
    /// Column of prior weights.
    public var weights: String?
    /// What the weights mean.
    public var weightKind: WeightKind
    /// Column of offsets.
    public var offset: String?
    /// Confidence level.
    public var level: Double
    /// For a factor outcome, the level coded 1 (default: the second level in sorted order).
    public var eventLevel: String?
    /// Covariance for standard errors and tests; `nil` is the model's default (classical, HC1 for `lpm`).
    public var covariance: CovarianceEstimator?
    /// Cluster columns (one or two) for `.cluster`.
    public var clusters: [String]
    /// Terms to test for exclusion (Wald and likelihood ratio), e.g. `C(sector)`.
    public var tests: [String]
    /// Marginal effects to report (`nil`: none).
    public var margins: MarginsKind?
    /// Variables fixed for the marginal effects (Stata's `at(...)`), as text.
    public var at: [String: String]
    /// Average predictions: a variable and the values to fix it at (empty values: every level of
    /// a factor, or the distinct values of a numeric variable with at most 20 of them).
    public var predict: (variable: String, values: [String])?
    /// Bootstrap the coefficients (and AMEs), if set.
    public var bootstrap: BootstrapSpecification?

    /// A specification with the defaults of `reshore fit`.
    public init(formula: String, model: ModelKind = .logit, information: InformationKind = .observed,
                weights: String? = nil, weightKind: WeightKind = .frequency, offset: String? = nil,
                level: Double = 0.95, eventLevel: String? = nil, covariance: CovarianceEstimator? = nil,
                clusters: [String] = [], tests: [String] = [], margins: MarginsKind? = nil, at: [String: String] = [:],
                predict: (variable: String, values: [String])? = nil, bootstrap: BootstrapSpecification? = nil) {
        self.formula = formula
        self.model = model
        self.information = information
        self.weights = weights
        self.weightKind = weightKind
        self.offset = offset
        self.level = level
        self.eventLevel = eventLevel
        self.covariance = covariance
        self.clusters = clusters
        self.tests = tests
        self.margins = margins
        self.at = at
        self.predict = predict
        self.bootstrap = bootstrap
    }
}

/// A fit together with how it was obtained from the data: what every rendering shows.
public struct FitReport: Sendable {
    /// The specification.
    public let specification: BinaryModelSpecification
    /// The fit.
    public let fit: GLMFit
    /// The model frame (design, kept rows, dropped rows).
    public let frame: ModelFrame
    /// Tests of dropping terms, in the order requested.
    public let tests: [TermTest]
    /// Marginal effects, if requested.
    public let marginalEffects: [MarginalEffect]
    /// Average predictions, if requested.
    public let predictions: [Prediction]
    /// Discrimination and calibration of the fit.
    public let fitQuality: FitQuality
    /// The bootstrap, if requested.
    public var bootstrap: BootstrapSummary?
}

/// Formula + data → fitted binary-response model, for analysis scripts and the CLI.
public enum BinaryModel {
    /// Builds the model frame (listwise deletion including the weight and offset columns), then
    /// fits the chosen model with the one GLM engine (or least squares for `lpm`).
    public static func fit(_ specification: BinaryModelSpecification, data: DataTable) throws -> FitReport {
        let auxiliary = [specification.weights, specification.offset].compactMap { $0 } + specification.clusters
        let frame = try ModelFrame(formula: specification.formula, data: data,
                                   response: .binary(eventLevel: specification.eventLevel), auxiliaryColumns: auxiliary)
        func numeric(_ name: String?) throws -> [Double]? {
            guard let name, let column = frame.auxiliary[name] else { return nil }
            guard let values = column.numericValues else { throw FormulaError.categoricalInArithmetic(term: "the \(name) column", column: name) }
            return values
        }
        let weights = try numeric(specification.weights), offset = try numeric(specification.offset)
        let fit = try fitDesign(frame.design, names: frame.columnNames, response: frame.response, weights: weights,
                                offset: offset, frame: frame, specification: specification)
        let tests = try specification.tests.map { term -> TermTest in
            guard let designTerm = frame.terms.first(where: { $0.name == term }) else {
                throw HypothesisTestError.unknownTerm(name: term, available: frame.terms.map(\.name))
            }
            let wald = try WaldTest.zero(fit, columns: Array(designTerm.columns))
            let remaining = (0..<frame.design.columns).filter { !designTerm.columns.contains($0) }
            var likelihoodRatio: TestResult?
            if specification.weightKind != .sampling || weights == nil, specification.model != .firth, !remaining.isEmpty {
                let reduced = try fitDesign(frame.design.selectingColumns(remaining), names: remaining.map { frame.columnNames[$0] },
                                            response: frame.response, weights: weights, offset: offset, frame: frame,
                                            specification: specification, robust: false)
                likelihoodRatio = LikelihoodRatioTest.compare(full: fit, reduced: reduced)
            }
            return TermTest(term: term, wald: wald, likelihoodRatio: likelihoodRatio)
        }
        let marginalEffects = try specification.margins.map {
            try MarginalEffects.compute(fit: fit, frame: frame, kind: $0, at: specification.at, weights: weights)
        } ?? []
        var predictions = [Prediction]()
        if let (variable, requested) = specification.predict {
            let values = requested.isEmpty ? try defaultProfileValues(variable, frame: frame) : requested
            predictions = try MarginalEffects.predictions(fit: fit, frame: frame, variable: variable, values: values, weights: weights)
        }
        var report = FitReport(specification: specification, fit: fit, frame: frame, tests: tests,
                               marginalEffects: marginalEffects, predictions: predictions,
                               fitQuality: FitQualityMeasures.compute(response: frame.response, fitted: fit.fittedValues, level: specification.level))
        if let bootstrap = specification.bootstrap {
            report.bootstrap = try self.bootstrap(report, data: data, specification: bootstrap)
        }
        return report
    }

    /// Every level of a factor; the distinct values of a numeric variable with at most 20.
    static func defaultProfileValues(_ variable: String, frame: ModelFrame) throws -> [String] {
        switch try frame.kind(of: variable) {
        case .categorical(let reference, let levels): return [reference] + levels
        case .binary: return ["0", "1"]
        case .continuous:
            let values = Array(Set(frame.numericInputValues(variable))).sorted()
            guard values.count <= 20 else {
                throw CounterfactualError.wrongKind(variable: variable, expected: "explicit values (it has \(values.count) distinct values), e.g. --predict \(variable)=1,2,3")
            }
            return values.map { Column.format($0) }
        }
    }

    /// Fits one design with the specification's model and covariance.
    static func fitDesign(_ design: Matrix, names: [String], response: [Double], weights: [Double]?, offset: [Double]?,
                          frame: ModelFrame, specification: BinaryModelSpecification, robust: Bool = true) throws -> GLMFit {
        var fit: GLMFit
        switch specification.model {
        case .lpm:
            fit = try LinearProbabilityModel.fit(design: design, response: response, termNames: names,
                                                 robust: specification.covariance == nil, level: specification.level)
        default:
            let link: Link = specification.model == .firth ? .logit : Link(rawValue: specification.model.rawValue) ?? .logit
            let options = GLMOptions(link: link, information: specification.information, level: specification.level,
                                     penalty: specification.model == .firth ? .jeffreys : .none, checkSeparation: robust ? nil : false)
            fit = try GLM.fit(design: design, response: response, termNames: names, weights: weights,
                              weightKind: specification.weightKind, offset: offset, options: options)
        }
        if robust, let estimator = specification.covariance, estimator != .classical {
            let clusters = specification.clusters.map { name in
                (0..<design.rows).map { frame.auxiliary[name]?.text(at: $0) ?? "" }
            }
            let covariance = try RobustCovariance.covariance(of: fit, design: design, response: response, weights: weights,
                                                             estimator: estimator, clusters: clusters)
            fit = fit.replacingCovariance(covariance, kind: estimator.description + (clusters.isEmpty ? "" : " by " + specification.clusters.joined(separator: ", ")),
                                          tDegreesOfFreedom: specification.model == .lpm ? Double(design.rows - fit.coefficients.filter { !$0.isAliased }.count) : nil)
        }
        return fit
    }
}
