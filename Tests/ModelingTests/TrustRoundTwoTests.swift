import Foundation
import Testing
import TestSupport
import Regress

/// Issue 29 (trust, round two): one test per class, named after it.
struct TrustRoundTwoTests {
    static let binary = try! CSVReader.read(text: "y,x,g\n1,2.5,a\n0,1.0,b\n1,3.5,a\n0,0.5,b\n1,2.0,a\n0,1.5,b\n1,0.7,b\n0,2.2,a\n1,1.1,a\n0,1.9,b\n")

    /// Item 7: `x = nan` trapped in the Cholesky solve and `x = inf` printed χ² = inf.
    @Test func nonFiniteHypothesisConstantsAndMultipliersAreAClearError() throws {
        let model = try BinaryRegression.fit("y ~ x", data: Self.binary)
        for hypothesis in ["x = nan", "x = inf", "x = -inf", "nan*x = 0", "inf * x = 1", "x = 1e400", "x = NaN"] {
            #expect(throws: ModelingError.self, "\(hypothesis)") { try model.test(hypothesis) }
            do { _ = try model.test(hypothesis) } catch let error as ModelingError {
                guard case .invalidHypothesis(_, let reason) = error else { Issue.record("\(hypothesis): \(error)"); continue }
                #expect(reason.contains("finite"), "\(hypothesis): \(reason)")
            }
        }
        var restriction = Matrix(rows: 1, columns: 2)
        restriction[0, 1] = .infinity
        #expect(throws: HypothesisTestError.nonFiniteRestriction(row: 0)) {
            try WaldTest.linearHypothesis(model.fit, restrictions: restriction, values: [0])
        }
        // Counterfactual values: --at x=nan and --predict x=nan.
        #expect(throws: CounterfactualError.self) { try model.marginalEffects(.ame, at: ["x": "nan"]) }
        #expect(throws: CounterfactualError.self) { try model.averagePredictions("x", values: ["1", "inf"]) }
    }

    /// Item 8: every count is bounded and checked before anything is allocated.
    @Test func countsAreBoundedAndCheckedBeforeAllocating() throws {
        #expect(throws: ModelingError.self) { try BinaryRegression.fit("y ~ x", data: Self.binary, iterations: IterationOptions(maxIterations: 0)) }
        #expect(throws: ModelingError.self) { try BinaryRegression.fit("y ~ x", data: Self.binary, iterations: IterationOptions(maxIterations: 10_001)) }
        for tolerance in [Double.nan, 0, -1, .infinity, 0.5] {
            #expect(throws: ModelingError.self, "\(tolerance)") {
                try BinaryRegression.fit("y ~ x", data: Self.binary, iterations: IterationOptions(tolerance: tolerance))
            }
        }
        let model = try BinaryRegression.fit("y ~ x", data: Self.binary)
        #expect(throws: ModelingError.invalidReplicates(100_000_000_000)) { try model.bootstrap(replicates: 100_000_000_000) }
        #expect(throws: ModelingError.self) { try model.bootstrap(replicates: 9, threads: 0) }
        #expect(throws: ModelingError.self) { try model.bootstrap(replicates: 9, threads: -3) }
        #expect(throws: ModelingError.self) { try model.bootstrap(replicates: 9, statistics: []) }
        #expect(throws: ModelingError.self) { try PermutationTest.scoreTest(model, variable: "x", permutations: 0) }
        #expect(throws: ModelingError.self) { try PermutationTest.scoreTest(model, variable: "x", permutations: 100_000_000_000) }
        #expect(throws: ModelingError.self) { try ModelTable(columns: []) }
        // The limits themselves are accepted (the smallest, to keep the test fast).
        let birthwt = try BinaryRegression.fit("low ~ age + lwt", data: CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv")))
        #expect(try birthwt.bootstrap(replicates: 1, intervals: [.percentile], threads: 1).result.replicates.count == 1)
    }

    /// Item 13: a constant outcome (also after dropping missing rows or zero weights) is refused.
    @Test func constantOutcomeIsRefusedLikeStatasOutcomeDoesNotVary() throws {
        let allOnes = try CSVReader.read(text: "y,x\n1,1\n1,2\n1,3\n1,4\n")
        for kind in [ModelKind.logit, .probit, .cloglog, .cauchit, .firth, .lpm] {
            #expect(throws: ModelingError.outcomeDoesNotVary(response: "y", value: 1, rows: 4), "\(kind)") {
                try BinaryRegression.fit("y ~ x", data: allOnes, model: kind, weights: kind == .lpm ? nil : nil)
            }
        }
        // Constant once the missing rows are dropped.
        let missing = try CSVReader.read(text: "y,x\n0,1\n0,2\n1,NA\n0,4\n")
        #expect(throws: ModelingError.outcomeDoesNotVary(response: "y", value: 0, rows: 3)) { try BinaryRegression.fit("y ~ x", data: missing) }
        // Constant once the zero-weight rows are dropped.
        let weighted = try CSVReader.read(text: "y,x,w\n0,1,1\n0,2,2\n1,3,0\n0,4,1\n")
        #expect(throws: ModelingError.outcomeDoesNotVary(response: "y", value: 0, rows: 3)) {
            try BinaryRegression.fit("y ~ x", data: weighted, weights: Weights("w", kind: .frequency))
        }
    }

    /// Item 15: a cauchit replicate on separated data stopped unconverged and was labelled
    /// "non-convergence"; it is now asked why and labelled "separation".
    @Test func unconvergedReplicatesOnSeparatedDataSaySeparation() throws {
        // Overlap at one point only: many replicates drop it and are completely separated.
        var lines = ["y,x"]
        for i in 0..<20 { lines.append("\(i < 10 ? 0 : 1),\(Double(i) / 4)") }
        lines.append("0,3.0")
        lines.append("1,2.0")
        let data = try CSVReader.read(text: lines.joined(separator: "\n"))
        let model = try BinaryRegression.fit("y ~ x", data: data, model: .cauchit)
        let summary = try model.bootstrap(replicates: 60, intervals: [.percentile], seed: 3)
        // 22 of the 60 replicates stop unconverged: the 15 whose rows the LP finds separated are
        // labelled so (before: all 22 "non-convergence"); 7 overlap and did not converge.
        #expect((summary.result.failures[.separation] ?? 0) >= 10, "\(summary.result.failures)")
        #expect((summary.result.failures[.nonConvergence] ?? 0) < (summary.result.failures[.separation] ?? 0), "\(summary.result.failures)")
    }
}

extension TrustRoundTwoTests {
    /// Birthweight data with a weight column: 1 + (row mod 3), and 0 on every seventh row.
    static func weightedBirthwt() throws -> (all: DataTable, used: DataTable) {
        let base = try CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))
        let weights = (0..<base.rowCount).map { $0 % 7 == 3 ? 0.0 : Double(1 + $0 % 3) }
        let all = try DataTable(columns: base.columns + [Column(name: "w", numeric: weights)])
        return (all, try all.selectingRows(weights.indices.filter { weights[$0] > 0 }))
    }

    /// Item 12: zero-weight rows counted in the HC1 and cluster small-sample factors of the weighted
    /// LPM (and GLM). R's lm on the rows used is the reference: the fit with zero weights must equal
    /// the fit without those rows, for HC1 and for clusters of both adjustments.
    @Test func zeroWeightRowsDoNotCountInSmallSampleAdjustments() throws {
        let (all, used) = try Self.weightedBirthwt()
        for kind in [ModelKind.lpm, .logit] {
            let weights = Weights("w", kind: .sampling)
            for covariance in [Covariance.hc1, .cluster(["race"]), .cluster(["race"], adjustment: .sandwich), .cluster(["ht"])] {
                let withZeros = try BinaryRegression.fit("low ~ age + lwt + smoke", data: all, model: kind, weights: weights, covariance: covariance)
                let without = try BinaryRegression.fit("low ~ age + lwt + smoke", data: used, model: kind, weights: weights, covariance: covariance)
                for (a, b) in zip(withZeros.coefficients, without.coefficients) {
                    #expect(relativeError(a.standardError ?? .nan, b.standardError ?? .nan) <= 1e-10, "\(kind) \(covariance) \(a.term)")
                }
            }
        }
    }

    /// Item 14: plans whose replicates all equal the sample are refused; missing cluster ids are
    /// refused in the library (as the cluster covariance refuses them) and dropped by the CLI's fit.
    @Test func degenerateResamplingPlansAreRefused() throws {
        let data = try CSVReader.read(text: "y,x,one,single,c\n1,2.5,k,a,1\n0,1.0,k,b,1\n1,3.5,k,c,2\n0,0.5,k,d,2\n1,2.0,k,e,3\n0,1.5,k,f,NA\n1,0.7,k,g,3\n0,2.2,k,h,4\n")
        let model = try BinaryRegression.fit("y ~ x", data: data)
        #expect(throws: ModelingError.self) { try model.bootstrap(replicates: 19, plan: .cluster("one"), intervals: [.percentile]) }
        #expect(throws: ModelingError.self) { try model.bootstrap(replicates: 19, plan: .strata("single"), intervals: [.percentile]) }
        #expect(throws: ModelingError.missingClusterValues(column: "c", rows: 1)) {
            try model.bootstrap(replicates: 19, plan: .cluster("c"), intervals: [.percentile])
        }
        #expect(ResamplingPlan.cases.degeneracy(rowCount: 1) != nil)
        #expect(ResamplingPlan.stratified(strata: [0, 0, 1]).degeneracy(rowCount: 3) == nil)
    }

    /// Item 16: the linear probability model's AMEs are its coefficients: same estimate, same SE,
    /// the same t reference and so the same p-value and interval.
    @Test func linearProbabilityAMEsAreItsCoefficientsWithTheTReference() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))
        let model = try BinaryRegression.fit("low ~ age + lwt + smoke", data: data, model: .lpm)
        let effects = try model.marginalEffects(.ame)
        for effect in effects {
            let row = try #require(model.coefficients.first { $0.term == effect.term })
            #expect(relativeError(effect.estimate, row.estimate ?? .nan) <= 1e-12)
            #expect(relativeError(effect.standardError, row.standardError ?? .nan) <= 1e-12)
            #expect(relativeError(effect.pValue, row.pValue ?? .nan) <= 1e-10, "\(effect.term)")
            #expect(relativeError(effect.ciLower, row.ciLower ?? .nan) <= 1e-10)
        }
    }
}

extension TrustRoundTwoTests {
    /// Quasi-separated data: every row of level c is an event, so C(g)[T.c] is +∞.
    static func separatedModel() throws -> BinaryRegressionModel {
        var lines = ["y,x,g"]
        for i in 0..<60 {
            let g = ["a", "b", "c"][i % 3]
            let y = g == "c" ? 1 : ((i * 7) % 5 < 2 ? 1 : 0)
            lines.append("\(y),\(Double(i % 9) / 3),\(g)")
        }
        return try BinaryRegression.fit("y ~ x + C(g)", data: CSVReader.read(text: lines.joined(separator: "\n")))
    }

    /// Item 10: a separated coefficient is marked or refused everywhere it is shown or used:
    /// Wald tests and hypotheses (χ² 7575 beside an LR p of 0.20 before), coefficients, odds
    /// ratios, intervals, the JSON and every CSV table.
    @Test func separatedCoefficientsAreMarkedOrRefusedEverywhere() throws {
        let model = try Self.separatedModel()
        #expect(model.fit.separatedTerms["C(g)[T.c]"] == 1)
        #expect(throws: HypothesisTestError.separatedCoefficient(terms: ["C(g)[T.c]"])) { try model.test("C(g)[T.c] = 0") }
        #expect(throws: HypothesisTestError.separatedCoefficient(terms: ["C(g)[T.c]"])) { try model.test("C(g)") }
        // Tests not involving it still run.
        #expect(try model.test("x = 0").degreesOfFreedom == 1)
        // dropTest: no Wald, the likelihood-ratio test stays.
        let drop = try model.dropTest("C(g)")
        #expect(drop.wald == nil && drop.waldUnavailable != nil && drop.likelihoodRatio != nil)
        // Coefficients, odds ratios, intervals.
        let row = try #require(model.coefficients.first { $0.term == "C(g)[T.c]" })
        #expect(row.isSeparated && row.estimate == .infinity && row.standardError == nil && row.pValue == nil)
        #expect(try model.oddsRatios().first { $0.term == "C(g)[T.c]" }?.isSeparated == true)
        #expect(try model.confidenceIntervals().first { $0.term == "C(g)[T.c]" }?.isSeparated == true)
        // JSON and CSV.
        let report = FitReport(model: model, tests: [drop])
        let json = report.rendered(.json)
        #expect(json.contains("\"separated\":\"+inf\"") || json.contains("\"separated\": \"+inf\""), "\(json)")
        let csvLine = try #require(report.rendered(.csv).split(separator: "\n").first { $0.hasPrefix("coefficient,C(g)[T.c]") })
        #expect(csvLine == "coefficient,C(g)[T.c],Inf,NA,NA,NA,NA,NA,NA,separated (+inf)", "\(csvLine)")
        let table = try ModelTable(columns: [ModelTable.Column(model: model)]).rendered(.csv)
        #expect(!table.contains("C(g)[T.c],2") && table.contains("Inf"), "\(table)")
    }
}

extension TrustRoundTwoTests {
    /// Item 11: under sampling weights fit quality is weighted over the rows the fit used, and
    /// nothing that scales with the weights' arbitrary scale is printed as a test.
    @Test func samplingWeightedFitQualityIsWeightedAndScaleFree() throws {
        let (all, used) = try Self.weightedBirthwt()
        let scaled = try DataTable(columns: all.columns.map { $0.name == "w" ? Column(name: "w", numeric: ($0.numericValues ?? []).map { $0 * 1e6 }) : $0 })
        let weights = Weights("w", kind: .sampling)
        let a = try BinaryRegression.fit("low ~ age + lwt + smoke", data: all, weights: weights)
        let b = try BinaryRegression.fit("low ~ age + lwt + smoke", data: scaled, weights: weights)
        let c = try BinaryRegression.fit("low ~ age + lwt + smoke", data: used, weights: weights)
        // Weighted, scale-free and over the rows used (zero-weight rows out).
        for other in [b, c] {
            #expect(relativeError(a.fitQuality.auc, other.fitQuality.auc) <= 1e-12)
            #expect(relativeError(a.fitQuality.brier, other.fitQuality.brier) <= 1e-12)
            #expect(relativeError(a.fitQuality.hosmerLemeshow, other.fitQuality.hosmerLemeshow) <= 1e-9)
        }
        // Weighted, not the unweighted measure: the weighted Brier score by hand.
        let y = c.frame.response, p = c.fittedValues, w = try #require(used["w"]?.numericValues)
        let brier = zip(zip(y, p), w).reduce(0) { $0 + $1.1 * ($1.0.0 - $1.0.1) * ($1.0.0 - $1.0.1) } / w.reduce(0, +)
        #expect(relativeError(c.fitQuality.brier, brier) <= 1e-12)
        // No LR test, AIC or BIC; a joint Wald test in their place, the same at every scale.
        for model in [a, b] {
            #expect(model.fit.likelihoodIsPseudo && model.fit.lrStatistic.isNaN && model.fit.aic.isNaN && model.fit.bic.isNaN)
            #expect(model.fit.pseudoRSquared.coxSnell.isNaN && model.fit.pseudoRSquared.nagelkerke.isNaN)
        }
        let waldA = try a.overallWaldTest(), waldB = try b.overallWaldTest()
        #expect(waldA.degreesOfFreedom == 3 && relativeError(waldA.statistic, waldB.statistic) <= 1e-8)
        let text = FitReport(model: a).rendered(.text)
        #expect(text.contains("Log pseudolikelihood") && text.contains("Wald chi2(3)") && !text.contains("LR chi2") && !text.contains("AIC:"))
    }
}

extension TrustRoundTwoTests {
    /// Item 9: a column of magnitude 1e170 or 1e−170 keeps every standard error (explicit `--vce`,
    /// the LPM, AMEs, average predictions, in-sample predictions, Wald tests) equivariant: the
    /// covariance is held as C V C and every product formed on the scaled side. Before, these gave
    /// SE 0 and p = 0 (1e170) or SE inf (1e−170) while the default table was right.
    @Test func extremeColumnScalesKeepEveryStandardErrorEquivariant() throws {
        let covariances: [Covariance?] = [nil, .classical(.expected), .hc0, .hc1, .hc3]
        let reference = HostileNumericsTests.scaled(1)
        for scale in [1e170, 1e-170, 1e100] {
            let data = HostileNumericsTests.scaled(scale)
            for kind in [ModelKind.logit, .probit, .lpm] {
                for covariance in covariances where !(kind == .lpm && covariance == .classical(.expected)) {
                    let base = try BinaryRegression.fit("y ~ x", data: reference, model: kind, covariance: covariance)
                    let model = try BinaryRegression.fit("y ~ x", data: data, model: kind, covariance: covariance)
                    let label = "\(kind) \(String(describing: covariance)) \(scale)"
                    #expect(relativeError((model.coefficients[1].standardError ?? .nan) * scale, base.coefficients[1].standardError ?? .nan) <= 1e-8, "\(label)")
                    #expect(relativeError(model.coefficients[1].pValue ?? .nan, base.coefficients[1].pValue ?? .nan) <= 1e-7, "\(label)")
                    let (ame, baseAME) = (try model.marginalEffects(.ame)[0], try base.marginalEffects(.ame)[0])
                    #expect(relativeError(ame.standardError * scale, baseAME.standardError) <= 1e-7, "AME \(label)")
                    #expect(relativeError(ame.pValue, baseAME.pValue) <= 1e-6, "AME p \(label)")
                    let prediction = try model.averagePredictions("x", values: [Formatting.format(scale)])[0]
                    let basePrediction = try base.averagePredictions("x", values: ["1"])[0]
                    #expect(relativeError(prediction.standardError, basePrediction.standardError) <= 1e-6, "prediction \(label)")
                    #expect(relativeError(try model.test("x = 0").statistic, try base.test("x = 0").statistic) <= 1e-7, "Wald \(label)")
                    let se = try model.predict(newData: data, type: .link, interval: 0.95).map(\.standardError)
                    let baseSE = try base.predict(newData: reference, type: .link, interval: 0.95).map(\.standardError)
                    #expect(zip(se, baseSE).allSatisfy { relativeError($0, $1) <= 1e-6 }, "predict \(label)")
                }
            }
        }
    }

    /// Item 9: weights multiplied by 1e16 (R's starting μ rounds to 0 or 1) and a factor level whose
    /// rows all have weight 0 fit as R's glm does, the level aliased, instead of being refused as
    /// "singular at the starting values".
    @Test func hugeWeightsAndAnAllZeroWeightLevelFitWithTheLevelAliased() throws {
        var lines = ["y,x,g,w"]
        var state: UInt64 = 11
        for i in 0..<90 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let x = Double(state >> 11) / Double(1 << 53) * 4 - 2
            let y = (i * 7) % 5 < 2 || x > 1 ? 1 : 0
            let g = ["a", "b", "c"][i % 3]
            lines.append("\(y),\(x),\(g),\(g == "c" ? 0 : 1 + Double(i % 4))")
        }
        let data = try CSVReader.read(text: lines.joined(separator: "\n"))
        let big = try DataTable(columns: data.columns.map { $0.name == "w" ? Column(name: "w", numeric: ($0.numericValues ?? []).map { $0 * 1e16 }) : $0 })
        for kind in [WeightKind.frequency, .sampling] {
            let small = try BinaryRegression.fit("y ~ x + C(g)", data: data, weights: Weights("w", kind: kind))
            let large = try BinaryRegression.fit("y ~ x + C(g)", data: big, weights: Weights("w", kind: kind))
            #expect(small.coefficients.first { $0.term == "C(g)[T.c]" }?.isAliased == true)
            #expect(large.coefficients.first { $0.term == "C(g)[T.c]" }?.isAliased == true)
            for (a, b) in zip(small.coefficients, large.coefficients) where !a.isAliased {
                #expect(relativeError(a.estimate ?? .nan, b.estimate ?? .nan) <= 1e-7, "\(kind) \(a.term)")
            }
        }
    }
}

extension TrustRoundTwoTests {
    /// Item 1 (the dropped term's side): a term with more columns than a cluster covariance has rank
    /// keeps its likelihood-ratio test; the Wald test says why it is missing.
    @Test func dropTestUnderALowRankClusterCovarianceKeepsTheLikelihoodRatio() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))
        // Clusters of ht: G = 2, so the covariance has rank 1 and C(race)'s two restrictions have none.
        let model = try BinaryRegression.fit("low ~ age + lwt + C(race) + smoke + ui", data: data, covariance: .cluster(["ht"]))
        let test = try model.dropTest("C(race)")
        #expect(test.wald == nil && test.likelihoodRatio != nil && test.waldUnavailable?.contains("rank 1") == true, "\(test)")
        #expect(throws: HypothesisTestError.singularRestrictionCovariance(rank: 1, restrictions: 2)) { try model.test("age = 0", "lwt = 0") }
        #expect(try model.dropTest("age").wald?.degreesOfFreedom == 1)
    }
}

extension TrustRoundTwoTests {
    /// Item 9 (the weights' side): weights multiplied by any c within the accepted 1e±100 fit as the
    /// weights themselves. R's absolute constants (the 0.1 of its convergence rule, mustart's ½)
    /// are read in units of the mean weight: with weights × 1e−90 the fit "converged" after one
    /// step 0.008 off; with × 1e60 mustart rounded to 0 or 1 and the fit ended at η ≈ 28; and the
    /// polish's check in SE units could not pass where SEs are 1e−46 of the estimates.
    @Test func weightsOfAnyScaleFitAsTheWeightsThemselves() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))
        let weights = (0..<data.rowCount).map { 0.5 + Double($0 % 4) / 2 }
        func scaled(_ c: Double) throws -> DataTable { try DataTable(columns: data.columns + [Column(name: "w", numeric: weights.map { $0 * c })]) }
        for kind in [WeightKind.frequency, .sampling] {
            for model in [ModelKind.logit, .probit, .cloglog, .firth] {
                let reference = try BinaryRegression.fit("low ~ age + lwt + smoke", data: scaled(1), model: model, weights: Weights("w", kind: kind))
                for c in [1e-90, 1e-20, 1e16, 1e60, 1e90] where !(model == .firth && c < 1) {
                    let fit = try BinaryRegression.fit("low ~ age + lwt + smoke", data: scaled(c), model: model, weights: Weights("w", kind: kind))
                    #expect(fit.fit.converged, "\(kind) \(model) × \(c)")
                    for (a, b) in zip(reference.coefficients, fit.coefficients) {
                        // Firth's penalty does not scale with the weights: × 1e16 and beyond it is the ML fit.
                        if model == .firth { continue }
                        #expect(relativeError(b.estimate ?? .nan, a.estimate ?? .nan) <= 1e-8, "\(kind) \(model) × \(c) \(a.term)")
                    }
                }
            }
        }
    }
}

extension TrustRoundTwoTests {
    /// FuzzNumeric (issue 29): a restriction whose scaled difference lies beyond the doubles (a
    /// constant of 1e10 against the coefficient of a column of 1e300, whose SE is about 1e−301)
    /// trapped in the Cholesky solve; the statistic is beyond the doubles too: χ² = +∞, p = 0.
    @Test func aWaldDifferenceBeyondTheDoublesIsAnInfiniteStatisticNotATrap() throws {
        let model = try BinaryRegression.fit("y ~ x", data: HostileNumericsTests.scaled(1e300))
        let result = try model.test("x = 1e10")
        #expect(result.statistic == .infinity && result.pValue == 0 && result.degreesOfFreedom == 1)
        // An ordinary constant on the same fit stays finite.
        #expect(try model.test("x = 0").statistic.isFinite)
    }
}
