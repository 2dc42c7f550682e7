import DataTable
import Formula
import GLM

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

    /// A specification with the defaults of `reshore fit`.
    public init(formula: String, model: ModelKind = .logit, information: InformationKind = .observed,
                weights: String? = nil, weightKind: WeightKind = .frequency, offset: String? = nil,
                level: Double = 0.95, eventLevel: String? = nil) {
        self.formula = formula
        self.model = model
        self.information = information
        self.weights = weights
        self.weightKind = weightKind
        self.offset = offset
        self.level = level
        self.eventLevel = eventLevel
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
}

/// Formula + data → fitted binary-response model, for analysis scripts and the CLI.
public enum BinaryModel {
    /// Builds the model frame (listwise deletion including the weight and offset columns), then
    /// fits the chosen model with the one GLM engine (or least squares for `lpm`).
    public static func fit(_ specification: BinaryModelSpecification, data: DataTable) throws -> FitReport {
        let auxiliary = [specification.weights, specification.offset].compactMap { $0 }
        let frame = try ModelFrame(formula: specification.formula, data: data,
                                   response: .binary(eventLevel: specification.eventLevel), auxiliaryColumns: auxiliary)
        func numeric(_ name: String?) throws -> [Double]? {
            guard let name, let column = frame.auxiliary[name] else { return nil }
            guard let values = column.numericValues else { throw FormulaError.categoricalInArithmetic(term: "the \(name) column", column: name) }
            return values
        }
        let weights = try numeric(specification.weights), offset = try numeric(specification.offset)
        let fit: GLMFit
        switch specification.model {
        case .lpm:
            fit = try LinearProbabilityModel.fit(design: frame.design, response: frame.response, termNames: frame.columnNames,
                                                 level: specification.level)
        default:
            let link: Link = specification.model == .firth ? .logit : Link(rawValue: specification.model.rawValue) ?? .logit
            let options = GLMOptions(link: link, information: specification.information, level: specification.level,
                                     penalty: specification.model == .firth ? .jeffreys : .none)
            fit = try GLM.fit(design: frame.design, response: frame.response, termNames: frame.columnNames, weights: weights,
                              weightKind: specification.weightKind, offset: offset, options: options)
        }
        return FitReport(specification: specification, fit: fit, frame: frame)
    }
}
