import Foundation
import Testing
import TestSupport
import Regress

/// Fit once, ask afterwards: every post-estimation answer of `BinaryRegressionModel` against the
/// R references the lower layers are tested on (Fixtures/inference, R sandwich 3.0.2) or a closed form.
struct FittedModelTests {
    static let infert = (try? CSVReader.read(contentsOf: FixtureFiles.url("reference/infert.csv"))) ?? DataTable()
    static let birthwt = (try? CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))) ?? DataTable()

    static func reference(_ name: String) -> [String: Double] {
        var result = [String: Double]()
        for row in (try? FixtureFiles.table("inference/covariance-reference.csv")) ?? [] where row["case"] == name {
            if let item = row["item"] { result[item] = row["value"].flatMap(Double.init) }
        }
        return result
    }

    static func check(_ model: BinaryRegressionModel, _ covariance: Matrix, against name: String) {
        let expected = reference(name)
        #expect(!expected.isEmpty, "no reference for \(name)")
        for (j, term) in model.coefficientNames.enumerated() {
            #expect(relativeError(covariance[j, j].squareRoot(), expected["se:\(term)"] ?? .nan) <= 1e-6, "\(name) \(term)")
        }
    }

    @Test func everyCovarianceFromOneFitMatchesSandwich() throws {
        let model = try BinaryRegression.fit("case ~ spontaneous + induced + education", data: Self.infert, information: .expected)
        for (covariance, name) in [(Covariance.hc0, "HC0"), (.hc1, "HC1"), (.hc2, "HC2"), (.hc3, "HC3")] {
            Self.check(model, try model.covariance(covariance), against: "infert_" + name)
        }
        Self.check(model, try model.covariance(.cluster(["stratum"], adjustment: .sandwich)), against: "infert_cluster_sandwich")
        Self.check(model, try model.covariance(.cluster(["stratum", "education"], adjustment: .stata)), against: "infert_cluster2_stata")
        // The table follows the covariance chosen; the estimates do not move.
        let robust = try model.withCovariance(.hc3)
        #expect(robust.fit.covarianceLabel == "robust (HC3)")
        #expect(robust.coefficients.map(\.estimate) == model.coefficients.map(\.estimate))
    }

    @Test func classicalUnderTheOtherInformationEqualsAFitWithIt() throws {
        let formula = "low ~ age + lwt + C(race) + smoke"
        let observed = try BinaryRegression.fit(formula, data: Self.birthwt, model: .probit, information: .observed)
        let expected = try BinaryRegression.fit(formula, data: Self.birthwt, model: .probit, information: .expected)
        let asked = try observed.covariance(.classical(.expected))
        for j in 0..<asked.rows {
            #expect(relativeError(asked[j, j], expected.fit.covariance[j, j]) <= 1e-8)
        }
        #expect(try observed.withCovariance(.classical(.expected)).fit.covarianceEstimator == .classical(.expected))
    }

    @Test func intervalsAtAnyLevelWithoutRefitting() throws {
        let model = try BinaryRegression.fit("low ~ age + smoke", data: Self.birthwt)
        let ninety = try model.confidenceIntervals(level: 0.90)
        for (interval, row) in zip(ninety, model.coefficients) {
            let se = try #require(row.standardError)
            #expect(relativeError(interval.upper - interval.estimate, 1.6448536269514722 * se) <= 1e-12)
        }
        #expect(throws: ModelingError.invalidLevel(95)) { try model.confidenceIntervals(level: 95) }
        #expect(throws: ModelingError.invalidLevel(95)) { try BinaryRegression.fit("low ~ age", data: Self.birthwt, level: 95) }
    }

    @Test func stringHypothesesAreWaldTestsOfTheRestrictionMatrix() throws {
        let model = try BinaryRegression.fit("low ~ age + lwt + C(race) + smoke", data: Self.birthwt)
        let names = model.coefficientNames
        func row(_ weights: [String: Double]) -> [Double] { names.map { weights[$0] ?? 0 } }
        let equal = try model.test("C(race)[T.2] = C(race)[T.3]")
        let manual = try WaldTest.linearHypothesis(model.fit, restrictions: Matrix(rowMajor: [row(["C(race)[T.2]": 1, "C(race)[T.3]": -1])]), values: [0])
        #expect(equal == manual)
        let joint = try model.test("2*age + lwt = 0.1", "smoke = 0")
        let manualJoint = try WaldTest.linearHypothesis(model.fit, restrictions: Matrix(rowMajor: [row(["age": 2, "lwt": 1]), row(["smoke": 1])]),
                                                        values: [0.1, 0])
        #expect(joint == manualJoint && joint.degreesOfFreedom == 2)
        #expect(try model.test("C(race)") == model.dropTest("C(race)").wald)
        #expect(throws: ModelingError.self) { try model.test("age = weight") }
        #expect(throws: ModelingError.self) { try model.test("age * lwt = 0") }
    }

    @Test func likelihoodRatioTestsAndAnovaOfNestedModels() throws {
        let small = try BinaryRegression.fit("low ~ age + smoke", data: Self.birthwt)
        let large = try BinaryRegression.fit("low ~ age + smoke + C(race)", data: Self.birthwt)
        let lr = try large.likelihoodRatioTest(against: small)
        #expect(lr == (try large.dropTest("C(race)").likelihoodRatio))
        #expect(relativeError(lr.statistic, 2 * (large.logLikelihood - small.logLikelihood)) <= 1e-12 && lr.degreesOfFreedom == 2)
        let table = try BinaryRegressionModel.anova([small, large])
        #expect(table.count == 2 && table[0].test == nil && table[1].test == lr)
        let probit = try BinaryRegression.fit("low ~ age", data: Self.birthwt, model: .probit)
        #expect(throws: ModelingError.self) { try large.likelihoodRatioTest(against: probit) }
    }

    @Test func predictionsOnNewDataGoThroughTheRecipes() throws {
        let model = try BinaryRegression.fit("low ~ age + log(lwt) + C(race) + smoke:age", data: Self.birthwt)
        let all = try model.predict(newData: Self.birthwt)
        #expect(all.count == model.fittedValues.count)
        for (prediction, fitted) in zip(all, model.fittedValues) { #expect(relativeError(prediction.estimate, fitted) <= 1e-12) }
        // Three rows in another order, race as text: the same probabilities as in the fit.
        let rows = [5, 0, 17]
        let new = try CSVReader.read(text: "age,lwt,race,smoke\n" + rows.map { i in
            let row = model.frame.rowIndices[i]
            return ["age", "lwt", "race", "smoke"].map { Self.birthwt[$0]?.text(at: row) ?? "" }.joined(separator: ",")
        }.joined(separator: "\n") + "\n")
        let three = try model.predict(newData: new, type: .link, interval: 0.95)
        for (k, i) in rows.enumerated() {
            #expect(relativeError(three[k].estimate, model.fit.linearPredictor[i]) <= 1e-12)
            // SE(η̂) = √(xᵀ V x), by hand.
            let x = model.frame.design.row(i), v = model.fit.covariance
            var variance = 0.0
            for a in x.indices { for b in x.indices { variance += x[a] * v[a, b] * x[b] } }
            #expect(relativeError(three[k].standardError, variance.squareRoot()) <= 1e-10)
            #expect(relativeError(three[k].upper - three[k].estimate, 1.959963984540054 * variance.squareRoot()) <= 1e-10)
        }
        let unseen = try CSVReader.read(text: "age,lwt,race,smoke\n20,120,4,0\n")
        #expect(throws: NewDataError.unseenLevel(column: "race", level: "4", row: 0, levels: ["1", "2", "3"])) {
            try model.predict(newData: unseen)
        }
    }

    @Test func oddsRatiosAreExpOfTheLogit() throws {
        let model = try BinaryRegression.fit("low ~ age + smoke", data: Self.birthwt)
        for (ratio, row) in zip(try model.oddsRatios(), model.coefficients) {
            #expect(ratio.oddsRatio == exp(row.estimate ?? .nan) && ratio.lower == exp(row.ciLower ?? .nan))
        }
        #expect(throws: ModelingError.oddsRatiosNeedLogit(model: "probit")) {
            try BinaryRegression.fit("low ~ age", data: Self.birthwt, model: .probit).oddsRatios()
        }
    }
}

extension FittedModelTests {
    @Test func bootstrapStatisticsAreTypedAndCheckedByName() throws {
        let model = try BinaryRegression.fit("low ~ age + smoke", data: Self.birthwt)
        let summary = try model.bootstrap(replicates: 49, statistics: [.averageMarginalEffect("age"), .coefficient("smoke")],
                                          intervals: [.percentile], seed: 3)
        #expect(summary.statistics == [.coefficient("smoke"), .averageMarginalEffect("age")])
        #expect(summary.interval(.coefficient("smoke"), .percentile) != nil)
        #expect(throws: ModelingError.self) { try model.bootstrap(replicates: 9, statistics: [.coefficient("smok")]) }
        #expect(throws: ModelingError.invalidReplicates(-5)) { try model.bootstrap(replicates: -5) }
        #expect(throws: ModelingError.noIntervalMethods) { try model.bootstrap(replicates: 9, intervals: []) }
    }

    /// Bug: `marginsAt:` given to a bootstrap without an AME statistic was ignored (the
    /// coefficients were resampled as if it were empty); it is refused now, and applies where the
    /// statistics have an AME.
    @Test func marginsAtWithoutAnAMEStatisticIsRefused() throws {
        let model = try BinaryRegression.fit("low ~ age + smoke", data: Self.birthwt)
        #expect(throws: ModelingError.marginsAtWithoutMarginalEffects) { try model.bootstrap(replicates: 9, marginsAt: ["smoke": "1"]) }
        #expect(throws: ModelingError.marginsAtWithoutMarginalEffects) {
            try model.bootstrap(replicates: 9, statistics: [.coefficient("age")], marginsAt: ["smoke": "1"])
        }
        let fixed = try model.bootstrap(replicates: 19, statistics: [.averageMarginalEffect("age")], intervals: [.percentile], seed: 3,
                                        marginsAt: ["smoke": "1"])
        let free = try model.bootstrap(replicates: 19, statistics: [.averageMarginalEffect("age")], intervals: [.percentile], seed: 3)
        #expect(fixed.interval(.averageMarginalEffect("age"), .percentile)?.lower != free.interval(.averageMarginalEffect("age"), .percentile)?.lower)
    }

    @Test func eventLevelOfAZeroOneOutcomeFlipsIt() throws {
        let ones = try BinaryRegression.fit("low ~ age + smoke", data: Self.birthwt)
        let zeros = try BinaryRegression.fit("low ~ age + smoke", data: Self.birthwt, eventLevel: "0")
        for (a, b) in zip(ones.coefficients, zeros.coefficients) {
            #expect(relativeError(-(a.estimate ?? .nan), b.estimate ?? .nan) <= 1e-8)
        }
        #expect(zeros.events == ones.observationCount - ones.events)
        #expect(throws: FormulaError.self) { try BinaryRegression.fit("low ~ age", data: Self.birthwt, eventLevel: "2") }
    }

    @Test func oneColumnPlaysOneRole() throws {
        let data = try CSVReader.read(text: "y,x,w\n1,1,1\n0,2,2\n1,3,1\n0,4,2\n1,5,1\n0,0,1\n")
        #expect(throws: ModelingError.duplicateColumn(name: "w", roles: ["the weights", "the offset"])) {
            try BinaryRegression.fit("y ~ x", data: data, weights: .frequency("w"), offset: "w")
        }
        #expect(throws: ModelingError.duplicateColumn(name: "w", roles: ["the weights", "a cluster column"])) {
            try BinaryRegression.fit("y ~ x", data: data, weights: .frequency("w"), covariance: .cluster(["w"]))
        }
        #expect(throws: ModelingError.duplicateColumn(name: "x", roles: ["a cluster column", "a cluster column again"])) {
            try BinaryRegression.fit("y ~ w", data: data, covariance: .cluster(["x", "x"]))
        }
    }

    @Test func fitQualityUnderFrequencyWeightsEqualsTheReplicatedRows() throws {
        let weighted = try CSVReader.read(text: "y,x,w\n1,2.5,2\n0,1.0,1\n1,3.5,3\n0,0.5,2\n1,2.0,1\n0,1.5,2\n1,0.7,1\n0,2.2,3\n0,2.0,1\n")
        let model = try BinaryRegression.fit("y ~ x", data: weighted, weights: .frequency("w"))
        var lines = ["y,x"]
        for row in 0..<weighted.rowCount {
            for _ in 0..<Int(weighted["w"]?.numericValues?[row] ?? 0) {
                lines.append("\(weighted["y"]?.text(at: row) ?? ""),\(weighted["x"]?.text(at: row) ?? "")")
            }
        }
        let replicated = try BinaryRegression.fit("y ~ x", data: CSVReader.read(text: lines.joined(separator: "\n") + "\n"))
        let a = model.fitQuality, b = replicated.fitQuality
        #expect(relativeError(a.auc, b.auc) <= 1e-12 && relativeError(a.aucStandardError, b.aucStandardError) <= 1e-10)
        #expect(relativeError(a.brier, b.brier) <= 1e-10 && relativeError(a.hosmerLemeshow, b.hosmerLemeshow) <= 1e-8)
        #expect(a.hosmerLemeshowGroups == b.hosmerLemeshowGroups && a.classification == b.classification)
    }

    @Test func robustCovarianceAtBoundaryFitsDoesNotTrap() throws {
        // Separated: fitted probabilities of exactly 0 or 1 for the probit and cloglog.
        let data = try CSVReader.read(text: "y,x\n0,-3\n0,-2\n0,-1\n1,1\n1,2\n1,3\n0,-2.5\n1,2.5\n")
        for model in [ModelKind.probit, .cloglog] {
            for covariance in [Covariance.hc0, .hc1, .hc2, .hc3] {
                if let fitted = try? BinaryRegression.fit("y ~ x", data: data, model: model) {
                    let matrix = try? fitted.covariance(covariance)
                    #expect(matrix.map { $0.rows == 2 } ?? true, "\(model) \(covariance)")
                }
            }
        }
    }

    @Test func errorsAreLocalizedWithTheirDescription() throws {
        let errors: [any Error & CustomStringConvertible] = [
            ModelingError.invalidLevel(95), NewDataError.missingColumn(name: "x", available: ["y"]),
            FormulaError.missingResponse(formula: "~ x"), GLMError.identityLink, ModelError.emptyDesign,
            CovarianceError.missingClusters, HypothesisTestError.singularRestrictions,
            CounterfactualError.wrongKind(variable: "x", expected: "a number"), BootstrapError.fullSampleFailed(reason: .separation), ReplicateFailure(.nonConvergence),
            BootstrapIntervalError.noReplicates, LinearAlgebraError.empty(operation: "QR"),
        ]
        for error in errors {
            #expect(error.localizedDescription == error.description, "\(type(of: error))")
        }
    }

    @Test func modelTablesPutModelsSideBySide() throws {
        let formula = "low ~ age + smoke"
        let models = try [ModelKind.logit, .probit, .lpm].map { try BinaryRegression.fit(formula, data: Self.birthwt, model: $0) }
        let table = try ModelTable(columns: models.map { ModelTable.Column(model: $0) })
        #expect(table.rows.map(\.term) == ["Intercept", "age", "smoke"])
        #expect(table.rows[1].cells.map { $0?.estimate } == models.map { $0.coefficient("age")?.estimate })
        for format in ReportFormat.allCases {
            let text = table.rendered(format)
            for title in ["logit", "probit", "lpm"] { #expect(text.contains(title), "\(format) \(title)") }
        }
        #expect(table.rendered(.text).contains("Events") && table.rendered(.latex).contains("\\toprule"))
        #expect(throws: ModelingError.self) { try ModelTable(columns: models.map { ModelTable.Column(model: $0) }, content: .oddsRatios) }
    }
}

/// Hardening regressions that the fitted-model API fixed at the root (issue 13).
struct HostileInputTests {
    @Test func markdownEscapesEveryUserString() throws {
        let data = try CSVReader.read(text: "y,x,g\n1,2.5,<script>\n0,1.0,a|b\n1,3.5,<script>\n0,0.5,a|b\n1,2.0,a|b\n0,1.5,<script>\n1,0.7,a|b\n0,2.2,<script>\n")
        let model = try BinaryRegression.fit("y ~ x + C(g)", data: data)
        let report = FitReport(model: model, marginalEffects: try model.marginalEffects(.ame), margins: .ame,
                               predictions: try model.averagePredictions("g"))
        for text in [report.rendered(.markdown), try ModelTable(columns: [ModelTable.Column(model: model)]).rendered(.markdown)] {
            #expect(!text.contains("<script>"))
            for line in text.split(separator: "\n") where line.hasPrefix("|") && line.contains("a") && line.contains("b]") {
                #expect(line.contains("a\\|b"), "\(line)")
            }
        }
        #expect(report.rendered(.markdown).contains("g = &lt;script&gt;"))   // the reference level's prediction
    }

    @Test func linearProbabilityModelRefusesFrequencyWeightsInsteadOfIgnoringThem() throws {
        // lm(weights =) weights are not frequencies; the LPM used to ignore every kind of weight.
        let data = try CSVReader.read(text: "y,x,w\n1,2.5,1\n0,1.0,2\n1,3.5,1\n0,0.5,2\n1,2.0,1\n0,1.5,3\n")
        #expect(throws: ModelingError.self) { try BinaryRegression.fit("y ~ x", data: data, model: .lpm, weights: .frequency("w")) }
        #expect(throws: ModelingError.classicalWithSamplingWeights) {
            try BinaryRegression.fit("y ~ x", data: data, model: .lpm, weights: .sampling("w"), covariance: .classical())
        }
    }

    /// Bug: `information:` (reshore's `--information observed`) was accepted and ignored by the
    /// linear probability model, which has no information matrix; it is refused now, and the CLI
    /// names the flag.
    @Test func linearProbabilityModelRefusesAnInformationChoiceInsteadOfIgnoringIt() throws {
        let data = try CSVReader.read(text: "y,x\n1,2.5\n0,1.0\n1,3.5\n0,0.5\n1,2.0\n0,1.5\n")
        for information in [InformationKind.observed, .expected] {
            #expect(throws: ModelingError.self) { try BinaryRegression.fit("y ~ x", data: data, model: .lpm, information: information) }
        }
        _ = try BinaryRegression.fit("y ~ x", data: data, model: .lpm)
        _ = try BinaryRegression.fit("y ~ x", data: data, model: .logit, information: .expected)
        // So are iteration settings (reshore's --max-iterations): least squares does not iterate.
        #expect(throws: ModelingError.self) { try BinaryRegression.fit("y ~ x", data: data, model: .lpm, iterations: IterationOptions(maxIterations: 5)) }
        #expect(throws: ModelingError.self) { try BinaryRegression.fit("y ~ x", data: data, model: .lpm, iterations: IterationOptions(tolerance: 1e-10)) }
    }

    @Test(arguments: ["lpm_weights", "lpm_offset", "lpm_both"])
    func linearProbabilityModelWithSamplingWeightsAndOffsetIsWeightedLeastSquares(_ name: String) throws {
        // R 4.2.2: lm(low ~ age + lwt + smoke, weights =, offset =) with sandwich::vcovHC(type = "HC1").
        var data = FittedModelTests.birthwt
        try data.addDerivedColumn(named: "w") { 0.5 + Double($0 % 4) }
        try data.addDerivedColumn(named: "o") { Double($0 % 3) / 10 }
        let weights: Weights? = name == "lpm_offset" ? nil : .sampling("w")
        let model = try BinaryRegression.fit("low ~ age + lwt + smoke", data: data, model: .lpm, weights: weights,
                                             offset: name == "lpm_weights" ? nil : "o")
        var expected = [String: Double]()
        for row in try FixtureFiles.table("hostile/hostile-reference.csv") where row["case"] == name {
            if let item = row["item"] { expected[item] = row["value"].flatMap(Double.init) }
        }
        #expect(expected.count == 9)
        for row in model.fit.coefficients {
            #expect(relativeError(row.estimate ?? .nan, expected["coef:\(row.term)"] ?? .nan) < 1e-10, "\(name) \(row.term)")
            #expect(relativeError(row.standardError ?? .nan, expected["se_hc1:\(row.term)"] ?? .nan) < 1e-10, "\(name) \(row.term)")
        }
        #expect(relativeError(model.fit.logLikelihood, expected[".loglik"] ?? .nan) < 1e-10)
        #expect(model.fit.covarianceEstimator == .hc1)
    }

    @Test func aDirectoryAsDataIsAClearError() throws {
        #expect(throws: DataError.unreadable(path: "/tmp", reason: "it is a folder, not a file; give the path of a CSV file")) {
            try CSVReader.read(contentsOf: URL(fileURLWithPath: "/tmp"))
        }
    }
}

extension HostileInputTests {
    /// Stata's `margins, dydx(*) at(age = 30)` reports the effect of age itself, at age = 30:
    /// for the logit, mean over rows of β_age μᵢ(1 − μᵢ) with ηᵢ = b₀ + 30 b_age + b_smoke smokeᵢ.
    @Test func atFixedVariableKeepsItsOwnMarginalEffect() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))
        let model = try BinaryRegression.fit("low ~ age + smoke", data: data)
        let effects = try model.marginalEffects(.ame, at: ["age": "30"])
        let age = try #require(effects.first { $0.term == "age" })
        let b = model.coefficients.map { $0.estimate ?? .nan }
        let smoke = model.frame.design.column(2)
        let closed = smoke.map { s -> Double in
            let mu = 1 / (1 + exp(-(b[0] + 30 * b[1] + b[2] * s)))
            return b[1] * mu * (1 - mu)
        }.reduce(0, +) / Double(smoke.count)
        #expect(relativeError(age.estimate, closed) <= 1e-10)
        let atMeans = try model.marginalEffects(.mem, at: ["age": "30"])
        let ageAtMeans = try #require(atMeans.first { $0.term == "age" })
        let meanSmoke = smoke.reduce(0, +) / Double(smoke.count)
        let mu = 1 / (1 + exp(-(b[0] + 30 * b[1] + b[2] * meanSmoke)))
        #expect(relativeError(ageAtMeans.estimate, b[1] * mu * (1 - mu)) <= 1e-8)
    }
}

extension HostileInputTests {
    /// Item 18: the default bootstrap stratified on the outcome, which conditions on the number of
    /// events (a zero-width interval for `y ~ 1`). Case resampling is the default now, and named.
    @Test func defaultBootstrapResamplesCasesAndSaysSo() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))
        let model = try BinaryRegression.fit("low ~ 1", data: data)
        let cases = try model.bootstrap(replicates: 199, intervals: [.percentile], seed: 7)
        #expect(cases.plan == .cases && cases.planDescription == "cases")
        let interval = try #require(cases.interval(.coefficient("Intercept"), .percentile))
        #expect(interval.upper - interval.lower > 0.1)
        let strata = try model.bootstrap(replicates: 199, plan: .outcomeStrata, intervals: [.percentile], seed: 7)
        let fixed = try #require(strata.interval(.coefficient("Intercept"), .percentile))
        #expect(fixed.upper - fixed.lower < 1e-12)   // why it is not the default
        let report = FitReport(model: model, bootstrap: cases)
        #expect(report.rendered(.text).contains("replicates (0 failed), cases, seed 7"))
    }
}

extension HostileInputTests {
    /// Item 20: results were `#` comment lines with unquoted commas, which pandas and R read as data,
    /// and user strings starting with = + - @ were not defused. The CSV is one rectangular table now.
    @Test func csvIsOneRectangularTableWithDefusedUserStrings() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))
        let model = try BinaryRegression.fit("low ~ age + C(race) + smoke", data: data)
        let report = FitReport(model: model, tests: [try model.dropTest("C(race)")], marginalEffects: try model.marginalEffects(.ame),
                               margins: .ame, predictions: try model.averagePredictions("race"),
                               bootstrap: try model.bootstrap(replicates: 29, intervals: [.percentile], seed: 2))
        let table = try CSVReader.read(text: report.rendered(.csv) + "\n")
        #expect(table.columnNames == ["section", "term", "estimate", "stdError", "z", "pValue", "ciLower", "ciUpper", "df", "detail"])
        #expect(Set(table["section"]?.levels ?? []) == ["coefficient", "marginalEffect", "prediction", "bootstrap", "test", "fitQuality"])
        #expect(!report.rendered(.csv).split(separator: "\n").contains { $0.hasPrefix("#") })
        #expect(CSVWriter.textField("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSVWriter.textField("-1+2") == "'-1+2" && CSVWriter.textField("@sum") == "'@sum" && CSVWriter.textField("age") == "age")
        let titled = try ModelTable(columns: [ModelTable.Column(title: "=cmd|' /C calc'!A0", model: model)]).rendered(.csv)
        #expect(titled.contains(",'=cmd|' /C calc'!A0,") && !titled.contains(",=cmd"))
    }
}
