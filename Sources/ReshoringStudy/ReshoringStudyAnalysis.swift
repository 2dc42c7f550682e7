import Foundation
import Regress

/// Errors in study data.
public enum StudyDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A column the study needs is missing.
    case missingColumn(name: String, available: [String])
    /// A column has the wrong type.
    case wrongType(name: String, expected: String)

    public var description: String {
        switch self {
        case .missingColumn(let name, let available):
            return "the study needs a column '\(name)' (schema: Docs/study.md); the file has: \(MessageText.list(available))"
        case .wrongType(let name, let expected):
            return "column '\(name)' must be \(expected) (schema: Docs/study.md)"
        }
    }
}

/// The backshoring rate of one readiness level.
public struct LevelRate: Sendable {
    /// Level name.
    public let level: String
    /// Firms at the level.
    public let firms: Int
    /// Backshorers among them.
    public let backshorers: Int
    /// Rate.
    public var rate: Double { Double(backshorers) / Double(firms) }
    /// Wilson 95 % interval.
    public let interval: (lower: Double, upper: Double)
}

/// Every number of the reshoring study, each computed by a library call.
public struct StudyResults: Sendable {
    /// The model formula.
    public static let formula = "backshored ~ i40_technologies + log(employees) + C(sector)"
    /// Rows used.
    public let firms: Int
    /// Backshoring rates by readiness level.
    public let rates: [LevelRate]
    /// ML logit (with AMEs and the LR test of the I4.0 term).
    public let logit: FitReport
    /// Probit fit.
    public let probit: FitReport
    /// Firth's logit (with AMEs, predictions by I4.0 intensity and the bootstrap): finite under separation.
    public let firth: FitReport
    /// Whether the data are the bundled synthetic survey.
    public let synthetic: Bool
}

/// The analysis of Kinkel's brief, reproduced on survey data with the study schema.
public enum ReshoringStudyAnalysis {
    /// Checks the columns and types the study needs.
    public static func validate(_ data: DataTable) throws {
        for name in ["backshored", "i40_technologies", "employees", "sector", "i40_level"] {
            guard let column = data[name] else { throw StudyDataError.missingColumn(name: name, available: data.columnNames) }
            switch name {
            case "backshored", "i40_technologies", "employees":
                guard column.type == .numeric else { throw StudyDataError.wrongType(name: name, expected: "numeric") }
            default:
                guard column.type == .categorical else { throw StudyDataError.wrongType(name: name, expected: "text (a category)") }
            }
        }
    }

    /// Runs the study: rates, three models with HC1 robust errors, the LR test of the I4.0 term (ML
    /// logit), AMEs, predictions by I4.0 intensity and the outcome-stratified bootstrap (BCa) of the
    /// I4.0 coefficient and its AME (Firth's logit, finite when sectors without backshorers separate).
    public static func run(data: DataTable, replicates: Int = 1999, seed: UInt64 = 2015,
                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> StudyResults {
        try validate(data)
        let levels = data["i40_level"], backshored = data["backshored"]?.numericValues ?? []
        let rates = SurveySchema.levels.compactMap { level -> LevelRate? in
            let rows = (0..<data.rowCount).filter { levels?.text(at: $0) == level && !backshored[$0].isNaN }
            guard !rows.isEmpty else { return nil }
            let events = rows.filter { backshored[$0] == 1 }.count
            return LevelRate(level: level, firms: rows.count, backshorers: events,
                             interval: wilsonInterval(successes: Double(events), trials: Double(rows.count)))
        }
        let technologies = (0...7).map(String.init)
        // ~38 events and a dozen sectors: some sectors have no backshorer (quasi-separation), so the
        // ML sector effects are infinite. The logit reports that; Firth's logit, finite under
        // separation, carries the headline numbers and the bootstrap.
        let i40 = "i40_technologies"
        let logitModel = try BinaryRegression.fit(StudyResults.formula, data: data, model: .logit, covariance: .hc1)
        let logit = FitReport(model: logitModel, tests: [try logitModel.dropTest(i40)],
                              marginalEffects: try logitModel.marginalEffects(.ame), margins: .ame)
        let probitModel = try BinaryRegression.fit(StudyResults.formula, data: data, model: .probit, covariance: .hc1)
        let probit = FitReport(model: probitModel, marginalEffects: try probitModel.marginalEffects(.ame), margins: .ame)
        let firthModel = try BinaryRegression.fit(StudyResults.formula, data: data, model: .firth, covariance: .hc1)
        let firth = FitReport(model: firthModel, marginalEffects: try firthModel.marginalEffects(.ame), margins: .ame,
                              predictions: try firthModel.averagePredictions(i40, values: technologies),
                              bootstrap: try firthModel.bootstrap(replicates: replicates, plan: .outcomeStrata,
                                                                  statistics: [.coefficient(i40), .averageMarginalEffect(i40)],
                                                                  intervals: [.bca, .percentile], seed: seed, progress: progress))
        return StudyResults(firms: logit.frame.rowIndices.count, rates: rates, logit: logit, probit: probit, firth: firth,
                            synthetic: data["data"]?.levels == ["synthetic"])
    }
}
