import Foundation
import Testing
import Regress
import TestSupport

/// Issue 31: what a survey design changes downstream of the fit, and what it refuses.
struct SurveyDesignTests {
    static func stratified(subpop: SurveyDomain? = nil) throws -> BinaryRegressionModel {
        try SurveyReferenceTests.fit(SurveyReferenceTests.Case(name: "strat_logit", file: "apistrat.csv", formula: "sw ~ ell + meals + mobility",
                                                               design: SurveyReferenceTests.strat, subpop: subpop))
    }

    /// The AME of `meals` (R: Σ wᵢ β φ(ηᵢ) / Σ wᵢ with the delta method on `vcov(svyglm)`) and a
    /// prediction's design-based SE (R `predict(svyglm, newdata, type = "response")`), to 1e−6.
    @Test func marginalEffectsAndPredictionsUseTheDesignCovariance() throws {
        let expected = SurveyReferenceTests.reference("strat_logit")
        let model = try Self.stratified()
        let effect = try #require(try model.marginalEffects(.ame, variables: ["meals"]).first)
        #expect(relativeError(effect.estimate, try #require(expected["ame:meals"])) <= 1e-6)
        #expect(relativeError(effect.standardError, try #require(expected["ame.se:meals"])) <= 1e-6)
        #expect(effect.estimateRow.distribution == .t(degreesOfFreedom: 194))
        let point = try CSVReader.read(text: "ell,meals,mobility\n20,50,10\n")
        let prediction = try #require(try model.predict(newData: point, interval: 0.95).first)
        #expect(relativeError(prediction.estimateRow.estimate, try #require(expected["predict:ell=20;meals=50;mobility=10"])) <= 1e-6)
        #expect(relativeError(prediction.estimateRow.standardError, try #require(expected["predict.se:ell=20;meals=50;mobility=10"])) <= 1e-6)
    }

    /// A domain keeps the full design: the same point estimates as a fit of the subset as a
    /// sample of its own, different standard errors (R's `subset(design, …)` against refitting).
    @Test func aDomainIsNotARefitOfItsRows() throws {
        let domain = try Self.stratified(subpop: .level(column: "yr_rnd", value: "No"))
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("survey/apistrat.csv"))
        let rows = (0..<data.rowCount).filter { data["yr_rnd"]?.text(at: $0) == "No" }
        let alone = try BinaryRegression.fit("sw ~ ell + meals + mobility", data: data.selectingRows(rows), design: SurveyReferenceTests.strat)
        for (a, b) in zip(domain.coefficients, alone.coefficients) {
            #expect(relativeError(try #require(a.estimate), try #require(b.estimate)) <= 1e-9)
        }
        #expect(zip(domain.coefficients, alone.coefficients).contains { relativeError($0.standardError ?? 0, $1.standardError ?? 0) > 1e-6 })
        #expect(domain.survey?.observations == rows.count)
    }

    /// What the design cannot honour is refused with a typed error, never silently ignored.
    @Test func optionsThatIgnoreTheDesignAreRefused() throws {
        let model = try Self.stratified()
        #expect(throws: SurveyDesignError.self) { try model.withCovariance(.hc1) }
        #expect(throws: ModelingError.self) { try model.likelihoodRatioTest(against: model) }
        #expect(throws: SurveyDesignError.self) { try model.bootstrap(replicates: 9, plan: .strata("stype")) }
        #expect(throws: ModelingError.self) { try model.withCovariance(.replicates) }
        #expect(throws: SurveyDesignError.self) { try PermutationTest.scoreTest(model, variable: "ell", permutations: 9) }
        let quality = model.fitQuality
        #expect(quality.hosmerLemeshowPValue.isNaN && quality.aucLower.isNaN && quality.inferenceRefusal != nil)
        #expect(quality.auc.isFinite && quality.brier.isFinite)
        let test = try model.dropTest("mobility")
        #expect(test.likelihoodRatio == nil && test.wald?.denominatorDegreesOfFreedom == 194)
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("survey/apistrat.csv"))
        #expect(throws: ModelingError.self) { try BinaryRegression.fit("sw ~ ell", data: data, model: .firth, design: SurveyReferenceTests.strat) }
        #expect(throws: SurveyDesignError.self) { try BinaryRegression.fit("sw ~ ell", data: data, subpop: .indicator("sw")) }
        #expect(throws: ModelingError.self) { try BinaryRegression.fit("sw ~ ell", data: data).withCovariance(.linearized) }
    }

    /// The bootstrap under a design draws n_h − 1 of each stratum's n_h PSUs (Rao–Wu): every row
    /// of a PSU gets the PSU's weight, each stratum's weights sum to n_h, and the result is the
    /// same for one thread and two.
    @Test func raoWuBootstrapResamplesPSUsWithinStrataAndIsReproducible() throws {
        let strata = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1], psus = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
        let plan = ResamplingPlan.raoWu(strata: strata, psus: psus)
        let result = try Bootstrap.run(rowCount: 10, plan: plan, options: BootstrapOptions(replicates: 50, seed: 7, threads: 1, jackknife: false)) { w in
            StatisticValue(values: w)
        }
        for weights in result.replicates {
            for pair in stride(from: 0, to: 10, by: 2) { #expect(weights[pair] == weights[pair + 1]) }
            #expect(abs(weights[0] + weights[2] + weights[4] - 3) < 1e-12)
            #expect(abs(weights[6] + weights[8] - 2) < 1e-12)
        }
        let model = try SurveyReferenceTests.fit(try #require(SurveyReferenceTests.cases.first { $0.name == "clus1_logit" }))   // 15 PSUs
        let one = try model.bootstrap(replicates: 40, intervals: [.percentile], seed: 3, threads: 1)
        let two = try model.bootstrap(replicates: 40, intervals: [.percentile], seed: 3, threads: 2)
        #expect(one.result.replicates == two.result.replicates)
        #expect(one.plan == .design)
    }

    /// Replicate refits run in parallel and are stored by replicate: the same variance for any
    /// number of threads.
    @Test func replicateRefitsAreIdenticalForAnyThreadCount() throws {
        let values = { (threads: Int) in
            ParallelReplicates.map(count: 20, threads: threads) { r -> [Double] in
                let m = Matrix(rows: 3, columns: 3, columnMajor: (0..<9).map { Double(($0 + r) % 7) + ($0 == 0 ? 10 : 0) })
                return try m.weightedCrossProduct().storage
            }.map { try? $0.get() }
        }
        #expect(values(1) == values(2))
        let model = try SurveyReferenceTests.fit(try #require(SurveyReferenceTests.cases.first { $0.name == "clus1_jk1" }))
        #expect(try model.covariance(.replicates) == model.covariance())
    }

    /// An fpc given as sampling fractions n_h/N_h is the same design as the population sizes N_h.
    @Test func anFpcAsFractionsIsTheFpcAsPopulationSizes() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("survey/apistrat.csv"))
        let strata = try #require(data["stype"]), population = try #require(data["fpc"]?.numericValues)
        var sampled = [String: Double]()
        for row in 0..<data.rowCount { sampled[strata.text(at: row) ?? "", default: 0] += 1 }
        let fractions = (0..<data.rowCount).map { (sampled[strata.text(at: $0) ?? ""] ?? 0) / population[$0] }
        let withFractions = try DataTable(columns: data.columns + [Column(name: "fraction", numeric: fractions)])
        let sizes = try BinaryRegression.fit("sw ~ ell + meals + mobility", data: withFractions, design: SurveyReferenceTests.strat)
        let asFractions = try BinaryRegression.fit("sw ~ ell + meals + mobility", data: withFractions,
                                                   design: SurveyDesign(strata: "stype", fpc: ["fraction"], weights: "pw"))
        for (a, b) in zip(sizes.coefficients, asFractions.coefficients) {
            #expect(relativeError(try #require(a.standardError), try #require(b.standardError)) <= 1e-12, "\(a.term)")
        }
    }

    /// Under a design the default information is the expected one, as R svyglm: a probit fitted
    /// without naming the information matches svyglm's standard errors.
    @Test func theDefaultBreadUnderADesignIsSvyglms() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("survey/apistrat.csv"))
        let model = try BinaryRegression.fit("sw ~ ell + meals + mobility", data: data, model: .probit,
                                             design: SurveyDesign(strata: "stype", weights: "pw"))
        let expected = SurveyReferenceTests.reference("strat_nofpc_probit")
        #expect(model.specification.information == .expected)
        for row in model.coefficients {
            #expect(relativeError(try #require(row.standardError), try #require(expected["se:\(row.term)"])) <= 1e-6, "\(row.term)")
        }
    }

    /// The linearised covariance goes through the design layer's `groupScoreSums`: a factor held
    /// as codes gives the dense design's standard errors.
    @Test func aCodedFactorGivesTheDenseDesignsStandardErrors() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("survey/apiclus1.csv"))
        let fits = try [DesignStorage.dense, .coded(minimumColumns: 2)].map { storage in
            try BinaryRegression.fit("sw ~ ell + meals + C(stype)", data: data, storage: storage, design: SurveyReferenceTests.clus1)
        }
        for (a, b) in zip(fits[0].coefficients, fits[1].coefficients) {
            #expect(relativeError(try #require(a.standardError), try #require(b.standardError)) <= 1e-9, "\(a.term)")
        }
    }
}
