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
    /// Mean number of technologies used at the level.
    public let meanTechnologies: Double
    /// Rate.
    public var rate: Double { Double(backshorers) / Double(firms) }
    /// Wilson 95 % interval.
    public let interval: (lower: Double, upper: Double)
}

/// The I4.0 term in one specification: its coefficient with the interval of the fit's own
/// inference (profile penalized likelihood for Firth's logit, Wald otherwise) and its AME with the
/// delta-method interval (issue 34, items 4 and 7: one inference method per row, labelled).
public struct SpecificationEffect: Sendable {
    /// The specification, e.g. `Firth (headline)`.
    public let title: String
    /// The model kind.
    public let model: ModelKind
    /// The coefficient (log odds, or the probit index) with its 95 % interval; nil where not estimated.
    public let coefficient: (estimate: Double, lower: Double, upper: Double)?
    /// How the coefficient's interval is computed: "profile" or "Wald".
    public let intervalKind: String
    /// The AME of one more technology (probability scale), with its delta-method interval.
    public let effect: MarginalEffect?
}

/// Every number of the reshoring study, each computed by a library call.
public struct StudyResults: Sendable {
    /// The headline specification: sector groups (high-, medium-, low-tech), which do not separate.
    public static let formula = "backshored ~ i40_technologies + log(employees) + C(sector_group)"
    /// The robustness specification with all eleven sector dummies (some sectors have no backshorer).
    public static let allSectorsFormula = "backshored ~ i40_technologies + log(employees) + C(sector)"
    /// The placebo: offshoring on the same regressors (the brief: digitalisation is unrelated to it).
    public static let placeboFormula = "offshored ~ i40_technologies + log(employees) + C(sector_group)"
    /// The readiness levels as a factor, for the adjusted advanced-vs-non-user risk ratio.
    public static let levelFormula = "backshored ~ C(i40_level, ref=\"non-user\") + log(employees) + C(sector_group)"
    /// The term the study is about.
    public static let term = "i40_technologies"

    /// Rows used.
    public let firms: Int
    /// Backshoring rates by readiness level.
    public let rates: [LevelRate]
    /// The headline: Firth's logit with sector groups, its penalized LR test of the I4.0 term, AMEs,
    /// predictions by I4.0 intensity and the bootstrap.
    public let headline: FitReport
    /// The profile penalized-likelihood 95 % interval of the headline's I4.0 coefficient.
    public let profileInterval: ConfidenceInterval
    /// ML probit with sector groups, with the LR test of the I4.0 term.
    public let probit: FitReport
    /// ML logit with all sector dummies (robustness): separated sectors are −∞.
    public let allSectors: FitReport
    /// Firth's logit on the risk set, the firms with production abroad (robustness; `nil` without
    /// a `production_abroad` column).
    public let riskSet: FitReport?
    /// Firth's logit of offshoring (the placebo), with the penalized LR test of the I4.0 term
    /// (`nil` without an `offshored` column).
    public let placebo: FitReport?
    /// The adjusted risk ratio of advanced users against non-users (Firth's logit of
    /// `levelFormula`, average predictions, delta-method interval on the log scale); nil for data
    /// without non-users or without advanced users (the claims that need it say so).
    public let riskRatio: PredictionContrast?
    /// The within-sector permutation test of the I4.0 association.
    public let permutation: PermutationTest
    /// The headline specification under the survey's sampling design beside the model-based
    /// headline (`nil` for data without the design columns `stratum`, `design_weight`,
    /// `stratum_population`).
    public let designBased: DesignComparison?
    /// The brief's claims against these data.
    public let claims: [Claim]
    /// The I4.0 term in every specification (headline, probit, all sectors, risk set, placebo).
    public let specifications: [SpecificationEffect]
    /// Whether the data are the bundled synthetic survey.
    public let synthetic: Bool
    /// Bootstrap seed.
    public let seed: UInt64
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

    /// The data with a `sector_group` column (high-, medium-, low-tech; `SurveySchema.sectorGroups`)
    /// unless it has one. A sector outside the schema is its own group.
    public static func withSectorGroups(_ data: DataTable) throws -> DataTable {
        guard data["sector_group"] == nil, let sectors = data["sector"] else { return data }
        let groups = (0..<data.rowCount).map { row in sectors.text(at: row).map { SurveySchema.sectorGroups[$0] ?? $0 } }
        return try DataTable(columns: data.columns + [Column(name: "sector_group", strings: groups)])
    }

    /// The backshoring rate of each readiness level present in `data`, with Wilson intervals.
    static func levelRates(_ data: DataTable) -> [LevelRate] {
        let levels = data["i40_level"], backshored = data["backshored"]?.numericValues ?? []
        let technologies = data["i40_technologies"]?.numericValues ?? []
        return SurveySchema.levels.compactMap { level -> LevelRate? in
            let rows = (0..<data.rowCount).filter { levels?.text(at: $0) == level && !backshored[$0].isNaN }
            guard !rows.isEmpty else { return nil }
            let events = rows.filter { backshored[$0] == 1 }.count
            return LevelRate(level: level, firms: rows.count, backshorers: events,
                             meanTechnologies: rows.reduce(0) { $0 + technologies[$1] } / Double(rows.count),
                             interval: wilsonInterval(successes: Double(events), trials: Double(rows.count)))
        }
    }

    /// The placebo (offshoring on the headline's terms, Firth) with its penalized LR test; nil
    /// without an `offshored` column.
    static func placeboReport(_ data: DataTable) throws -> FitReport? {
        guard data["offshored"]?.type == .numeric else { return nil }
        let model = try BinaryRegression.fit(StudyResults.placeboFormula, data: data, model: .firth)
        return FitReport(model: model, tests: [try model.dropTest(StudyResults.term)])
    }

    /// The adjusted risk ratio of advanced users against non-users; nil where a level is missing.
    static func adjustedRiskRatio(_ data: DataTable, rates: [LevelRate]) throws -> PredictionContrast? {
        guard ["non-user", "advanced"].allSatisfy({ level in rates.contains { $0.level == level } }) else { return nil }
        let levelModel = try BinaryRegression.fit(StudyResults.levelFormula, data: data, model: .firth)
        return try levelModel.predictionContrast("i40_level", numerator: "advanced", denominator: "non-user")
    }

    /// The claims table alone (the fits its rules read: the headline's test, the placebo, the
    /// adjusted risk ratio), for Monte Carlo work on the verdict rules (issue 34, item 2). The same
    /// rules and inputs as `run`.
    public static func claims(data: DataTable) throws -> [Claim] {
        try validate(data)
        let data = try withSectorGroups(data)
        let rates = levelRates(data)
        let firth = try BinaryRegression.fit(StudyResults.formula, data: data, model: .firth)
        let headline = FitReport(model: firth, tests: [try firth.dropTest(StudyResults.term)])
        return try StudyClaims.evaluate(data: data, rates: rates, headline: headline, placebo: try placeboReport(data),
                                        riskRatio: try adjustedRiskRatio(data, rates: rates), synthetic: data["data"]?.levels == ["synthetic"])
    }

    /// Runs the study: rates by readiness level; Firth's logit with sector groups (penalized LR test
    /// and profile interval of the I4.0 coefficient, AMEs, predictions, a case-resampling bootstrap
    /// of the coefficient and its AME); a probit; the all-sector ML logit, the risk set and the
    /// offshoring placebo as robustness columns; a within-sector permutation test; the claims table.
    /// `replicates` 0 skips the bootstrap (for Monte Carlo work over many draws).
    public static func run(data: DataTable, replicates: Int = 1999, seed: UInt64 = 2015, permutations: Int = 9999,
                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> StudyResults {
        try validate(data)
        let data = try withSectorGroups(data)
        let term = StudyResults.term
        let rates = levelRates(data)
        // ~39 events: Firth's logit carries the headline, with the penalized LR test and the profile
        // interval (Wald tests of Firth's fit are anti-conservative here).
        let firth = try BinaryRegression.fit(StudyResults.formula, data: data, model: .firth)
        let headline = FitReport(model: firth, tests: [try firth.dropTest(term)], marginalEffects: try firth.marginalEffects(.ame),
                                 margins: .ame, predictions: try firth.averagePredictions(term, values: (0...7).map(String.init)),
                                 bootstrap: replicates == 0 ? nil
                                    : try firth.bootstrap(replicates: replicates, plan: .cases,
                                                          statistics: [.coefficient(term), .averageMarginalEffect(term)],
                                                          intervals: [.bca, .percentile], seed: seed, progress: progress))
        let profile = try firth.profileConfidenceInterval(term, level: 0.95)
        let probitModel = try BinaryRegression.fit(StudyResults.formula, data: data, model: .probit)
        let probit = FitReport(model: probitModel, tests: [try probitModel.dropTest(term)],
                               marginalEffects: try probitModel.marginalEffects(.ame), margins: .ame)
        let allModel = try BinaryRegression.fit(StudyResults.allSectorsFormula, data: data, model: .logit)
        // Where the reference sector has no backshorer the intercept separates too and the Wald
        // test of the I4.0 term has no covariance: the column then shows no test, and its
        // separation diagnostic says why.
        // Only that case: any other error propagates.
        var allSectorTests = [TermTest]()
        do {
            allSectorTests = [try allModel.dropTest(term)]
        } catch HypothesisTestError.covarianceUnavailable {
            allSectorTests = []
        }
        let allSectors = FitReport(model: allModel, tests: allSectorTests)
        var riskSet: FitReport?
        if let abroad = data["production_abroad"]?.numericValues {
            let riskModel = try BinaryRegression.fit(StudyResults.formula, data: data.selectingRows(abroad.indices.filter { abroad[$0] == 1 }),
                                                     model: .firth)
            riskSet = FitReport(model: riskModel, tests: [try riskModel.dropTest(term)])
        }
        let placebo = try placeboReport(data)
        // A user's file may lack a readiness level: the comparison that needs it is skipped, not
        // the study (issue 34, item 6).
        let riskRatio = try adjustedRiskRatio(data, rates: rates)
        let permutation = try PermutationTest.scoreTest(firth, variable: term, within: "sector", permutations: permutations, seed: seed)
        let synthetic = data["data"]?.levels == ["synthetic"]
        let claims = try StudyClaims.evaluate(data: data, rates: rates, headline: headline, placebo: placebo, riskRatio: riskRatio,
                                              synthetic: synthetic)
        // The I4.0 term per specification, each by its own inference: profile intervals for
        // Firth's fits, Wald for the ML fits; AMEs with delta-method intervals.
        func specification(_ title: String, _ report: FitReport, profile: ConfidenceInterval? = nil) throws -> SpecificationEffect {
            let model = report.model
            let effect = report.marginalEffects.first { $0.term == term } ?? (try? model.marginalEffects(.ame, variables: [term]))?.first
            var coefficient: (Double, Double, Double)?
            if let row = model.coefficient(term), let estimate = row.estimate {
                if model.model == .firth {
                    let interval = try profile ?? model.profileConfidenceInterval(term, level: 0.95)
                    coefficient = (estimate, interval.lower, interval.upper)
                } else if let lower = row.ciLower, let upper = row.ciUpper {
                    coefficient = (estimate, lower, upper)
                }
            }
            return SpecificationEffect(title: title, model: model.model, coefficient: coefficient,
                                       intervalKind: model.model == .firth ? "profile" : "Wald", effect: effect)
        }
        var specifications = [try specification("Firth (headline)", headline, profile: profile), try specification("Probit", probit),
                              try specification("Logit, all sectors", allSectors)]
        if let riskSet { specifications.append(try specification("Firth, firms abroad", riskSet)) }
        if let placebo { specifications.append(try specification("Placebo: offshored", placebo)) }
        var designBased: DesignComparison?
        if ["stratum", "design_weight", "stratum_population"].allSatisfy({ data[$0] != nil }) {
            // Firth's penalty is no survey estimator: the design-based fit is the pseudo-ML logit
            // (R svyglm), which the sector groups keep free of separation.
            let design = try SurveyDesign(parsing: SurveySchema.design)
            let model = try BinaryRegression.fit(StudyResults.formula, data: data, model: .logit, design: design)
            designBased = try DesignComparison(design: FitReport(model: model, tests: [try model.dropTest(term)]), headline: firth,
                                               profile: profile, headlineTest: headline.tests.first?.likelihoodRatio)
        }
        return StudyResults(firms: firth.frame.rowIndices.count, rates: rates, headline: headline, profileInterval: profile,
                            probit: probit, allSectors: allSectors, riskSet: riskSet, placebo: placebo, riskRatio: riskRatio, permutation: permutation,
                            designBased: designBased, claims: claims, specifications: specifications, synthetic: synthetic, seed: seed)
    }
}
