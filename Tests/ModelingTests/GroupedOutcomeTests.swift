import Foundation
import Testing
import Regress
import TestSupport

/// Issue 33, item 2: grouped binomial outcomes `cbind(successes, failures) ~ …` against R
/// (`Fixtures/grouped/make-grouped.R`: glm for every link, weights and an offset, brglm2's Firth,
/// sandwich, anova's Rao test, influence, svyglm), and against the same data expanded to one row
/// per trial (estimates, observed-information SEs, AMEs, predictions, AUC: the likelihood is the
/// same, so everything per trial must be).
struct GroupedOutcomeTests {
    static let referencePath = "grouped/grouped-reference.csv"
    static func data() throws -> DataTable { try CSVReader.read(contentsOf: FixtureFiles.url("grouped/grouped-data.csv")) }
    static let terms = ["Intercept", "x", "g[T.b]", "g[T.c]"]

    /// The grouped data as one row per trial (y = 1 for each success, 0 for each failure).
    static func expanded() throws -> DataTable {
        let data = try data()
        guard let s = data["s"]?.numericValues, let f = data["f"]?.numericValues, let x = data["x"]?.numericValues,
              let w = data["w"]?.numericValues else { return data }
        var lines = ["y,x,g,w"]
        for i in 0..<data.rowCount {
            let g = data["g"]?.text(at: i) ?? ""
            for _ in 0..<Int(s[i]) { lines.append("1,\(x[i]),\(g),\(w[i])") }
            for _ in 0..<Int(f[i]) { lines.append("0,\(x[i]),\(g),\(w[i])") }
        }
        return try CSVReader.read(text: lines.joined(separator: "\n"))
    }

    static func check(_ got: Double?, _ reference: Double?, _ tolerance: Double, _ what: String) {
        guard let got, let reference else { Issue.record("\(what): missing (\(String(describing: got)) vs R \(String(describing: reference)))"); return }
        #expect(relativeError(got, reference) <= tolerance, "\(what): \(got) vs R \(reference)")
    }

    @Test(arguments: [ModelKind.logit, .probit, .cloglog, .cauchit])
    func everyLinkMatchesRsGlm(_ kind: ModelKind) throws {
        let reference = FixtureFiles.referenceCase(Self.referencePath, kind.rawValue)
        let model = try BinaryRegression.fit("cbind(s, f) ~ x + g", data: Self.data(), model: kind, information: .expected)
        for term in Self.terms {
            Self.check(model.coefficient(term)?.estimate, reference["coef:\(term)"], 1e-7, "\(kind) \(term)")
            Self.check(model.coefficient(term)?.standardError, reference["se:\(term)"], 1e-6, "\(kind) SE \(term)")
        }
        Self.check(model.logLikelihood, reference["loglik"], 1e-9, "\(kind) logLik")
        Self.check(model.fit.deviance, reference["deviance"], 1e-8, "\(kind) deviance")
        Self.check(model.fit.nullDeviance, reference["null_deviance"], 1e-8, "\(kind) null deviance")
        Self.check(model.fit.aic, reference["aic"], 1e-9, "\(kind) AIC")
        Self.check(model.fit.bic, reference["bic"], 1e-9, "\(kind) BIC")
        #expect(model.observationCount == reference["nobs"])
        // The two rows with 0 trials are dropped and said so.
        #expect(model.frame.droppedRows == [DroppedRows(column: "cbind(s, f)", count: 2, reason: .zeroTrials)])
        #expect(model.frame.droppedRows[0].description == "cbind(s, f) with 0 trials: 2")
    }

    @Test func weightsAndOffsetMatchR() throws {
        let reference = FixtureFiles.referenceCase(Self.referencePath, "weights_offset")
        let model = try BinaryRegression.fit("cbind(s, f) ~ x + g", data: Self.data(), weights: Weights("w"), offset: "off")
        for term in Self.terms {
            Self.check(model.coefficient(term)?.estimate, reference["coef:\(term)"], 1e-7, term)
            Self.check(model.coefficient(term)?.standardError, reference["se:\(term)"], 1e-6, "SE \(term)")
        }
        Self.check(model.logLikelihood, reference["loglik"], 1e-9, "logLik")
        Self.check(model.fit.deviance, reference["deviance"], 1e-8, "deviance")
        Self.check(model.fit.aic, reference["aic"], 1e-9, "AIC")
    }

    @Test func firthMatchesBrglm2() throws {
        let reference = FixtureFiles.referenceCase(Self.referencePath, "firth")
        let model = try BinaryRegression.fit("cbind(s, f) ~ x + g", data: Self.data(), model: .firth)
        for term in Self.terms {
            Self.check(model.coefficient(term)?.estimate, reference["coef:\(term)"], 1e-7, term)
            Self.check(model.coefficient(term)?.standardError, reference["se:\(term)"], 1e-6, "SE \(term)")
        }
    }

    @Test func sandwichesTestsAndPearsonMatchR() throws {
        let reference = FixtureFiles.referenceCase(Self.referencePath, "logit")
        let model = try BinaryRegression.fit("cbind(s, f) ~ x + g", data: Self.data(), clusters: ["cl"])
        for (covariance, key) in [(Covariance.hc0, "hc0"), (.hc1, "hc1"), (.hc3, "hc3"), (.cluster(["cl"], adjustment: .sandwich), "cluster")] {
            let robust = try model.withCovariance(covariance)
            for term in Self.terms {
                Self.check(robust.coefficient(term)?.standardError, reference["\(key):\(term)"], 1e-7, "\(key) \(term)")
            }
        }
        let test = try model.dropTest("g")
        Self.check(test.score?.statistic, reference["rao_g"], 1e-7, "Rao")
        Self.check(test.score?.pValue, reference["rao_g_p"], 1e-6, "Rao p")
        Self.check(test.likelihoodRatio?.statistic, reference["lr_g"], 1e-7, "LR")
        Self.check(model.pearsonGoodnessOfFit?.statistic, reference["pearson"], 1e-9, "Pearson")
        #expect(model.pearsonGoodnessOfFit?.degreesOfFreedom == 54)
    }

    @Test func perRowDiagnosticsMatchR() throws {
        let reference = FixtureFiles.referenceCase(Self.referencePath, "logit_rows")
        let table = try BinaryRegression.fit("cbind(s, f) ~ x + g", data: Self.data()).observations()
        let columns = ["fitted": "fitted", "response": "residual_response", "pearson": "residual_pearson",
                       "deviance": "residual_deviance", "working": "residual_working", "hat": "hat",
                       "cooks": "cooks_distance", "rstandard": "std_residual_deviance"]
        var compared = 0
        for (item, value) in reference {
            let parts = item.split(separator: ":")
            guard parts.count == 2, let row = Int(parts[1]), let column = columns[String(parts[0])] else { continue }
            let got = try #require(table[column]?.numericValues?[row - 1], "\(column) row \(row)")
            #expect(abs(got - value) <= 1e-7 * max(abs(value), 1e-3), "row \(row) \(column): \(got) vs R \(value)")
            compared += 1
        }
        #expect(compared == 58 * 8)
        // The rows without trials are present and empty.
        for row in [7, 31] { #expect(table["fitted"]?.missing[row - 1] == true) }
    }

    @Test func linearisedDesignVarianceMatchesSvyglm() throws {
        let reference = FixtureFiles.referenceCase(Self.referencePath, "survey")
        let model = try BinaryRegression.fit("cbind(s, f) ~ x + g", data: Self.data(), design: SurveyDesign(psu: ["cl"], weights: "w"))
        for term in Self.terms {
            Self.check(model.coefficient(term)?.estimate, reference["coef:\(term)"], 1e-7, term)
            Self.check(model.coefficient(term)?.standardError, reference["se:\(term)"], 1e-6, "SE \(term)")
        }
    }

    @Test(arguments: [ModelKind.logit, .probit])
    func everyPerTrialQuantityEqualsTheExpandedData(_ kind: ModelKind) throws {
        let grouped = try BinaryRegression.fit("cbind(s, f) ~ x + g", data: Self.data(), model: kind)
        let binary = try BinaryRegression.fit("y ~ x + g", data: Self.expanded(), model: kind)
        for term in Self.terms {
            Self.check(grouped.coefficient(term)?.estimate, binary.coefficient(term)?.estimate, 1e-9, "\(kind) \(term)")
            Self.check(grouped.coefficient(term)?.standardError, binary.coefficient(term)?.standardError, 1e-8, "\(kind) SE \(term)")
        }
        #expect(abs(grouped.fit.lrStatistic - binary.fit.lrStatistic) <= 1e-8 * binary.fit.lrStatistic)
        #expect(grouped.events == binary.events)
        let (a, b) = (try grouped.marginalEffects(), try binary.marginalEffects())
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) {
            Self.check(x.estimateRow.estimate, y.estimateRow.estimate, 1e-9, "AME \(x.term)")
            Self.check(x.estimateRow.standardError, y.estimateRow.standardError, 1e-7, "AME SE \(x.term)")
        }
        for (x, y) in zip(try grouped.averagePredictions("g"), try binary.averagePredictions("g")) {
            Self.check(x.estimateRow.estimate, y.estimateRow.estimate, 1e-9, "prediction \(x.value)")
        }
        let (qa, qb) = (grouped.fitQuality, binary.fitQuality)
        Self.check(qa.auc, qb.auc, 1e-12, "AUC")
        Self.check(qa.brier, qb.brier, 1e-12, "Brier")
    }

    @Test func countsThatAreNotCountsAreClearErrors() throws {
        let cases: [(String, String, String)] = [
            ("s,f,x\n3,2,1\n2,-1,0\n1,4,2\n", "cbind(s, f) ~ x", "failures of cbind(s, f) in data row 2 is negative"),
            ("s,n,x\n3,5,1\n6,4,0\n1,4,2\n", "cbind(s, n - s) ~ x", "the successes exceed the trials"),
            ("s,f,x\n3,2,1\n2.5,1,0\n1,4,2\n", "cbind(s, f) ~ x", "not a whole number (2.5)"),
        ]
        for (csv, formula, message) in cases {
            let data = try CSVReader.read(text: csv)
            #expect {
                _ = try BinaryRegression.fit(formula, data: data)
            } throws: { error in
                guard case FormulaError.invalidCount = error else { return false }
                return "\(error)".contains(message)
            }
        }
        let data = try CSVReader.read(text: "s,f,x\n3,2,1\n2,1,0\n1,4,2\n0,3,1\n")
        #expect(throws: ModelingError.self) { try BinaryRegression.fit("cbind(s, f) ~ x", data: data, model: .lpm) }
        #expect(throws: ModelingError.self) { try BinaryRegression.fit("cbind(s, f) ~ x", data: data, eventLevel: "0") }
        let model = try BinaryRegression.fit("cbind(s, f) ~ x", data: data)
        #expect(throws: ModelingError.self) { try PermutationTest.scoreTest(model, variable: "x", permutations: 9) }
        #expect(throws: ModelingError.self) { try model.bootstrap(replicates: 9, plan: .outcomeStrata) }
        // No success at all (or no failure) leaves nothing to model.
        let none = try CSVReader.read(text: "s,f,x\n0,2,1\n0,1,0\n0,4,2\n")
        #expect(throws: ModelingError.self) { try BinaryRegression.fit("cbind(s, f) ~ x", data: none) }
        #expect(throws: FormulaError.self) { try Formula("cbind(s) ~ x") }
        #expect(throws: FormulaError.self) { try Formula("cbind(s, f, g) ~ x") }
    }

    /// A level without any success is separated (its estimate is −∞), as for individual outcomes;
    /// rows with both successes and failures never are.
    @Test func separationInGroupedDataIsReported() throws {
        let data = try CSVReader.read(text: "s,f,g,x\n0,5,a,1\n0,3,a,2\n2,3,b,1\n4,1,b,2\n3,3,c,1\n1,5,c,3\n")
        let model = try BinaryRegression.fit("cbind(s, f) ~ x + g", data: data)
        #expect(model.diagnostics.contains { $0.kind == .separation })
        let overlapping = try CSVReader.read(text: "s,f,g,x\n1,5,a,1\n2,3,a,2\n2,3,b,1\n4,1,b,2\n3,3,c,1\n1,5,c,3\n")
        #expect(!(try BinaryRegression.fit("cbind(s, f) ~ x + g", data: overlapping)).diagnostics.contains { $0.kind == .separation })
    }
}

extension GroupedOutcomeTests {
    /// Effects at the means and average predictions of a factor are per trial too: the means are
    /// the trials' (weighted by nᵢ), as in the expanded data.
    @Test func effectsAtTheMeansArePerTrial() throws {
        let grouped = try BinaryRegression.fit("cbind(s, f) ~ x + g", data: Self.data())
        let binary = try BinaryRegression.fit("y ~ x + g", data: Self.expanded())
        for (a, b) in zip(try grouped.marginalEffects(.mem), try binary.marginalEffects(.mem)) {
            Self.check(a.estimateRow.estimate, b.estimateRow.estimate, 1e-9, "MEM \(a.term)")
        }
        let (pa, pb) = (try grouped.predictionContrast("g", numerator: "b", denominator: "a"),
                        try binary.predictionContrast("g", numerator: "b", denominator: "a"))
        Self.check(pa.ratio, pb.ratio, 1e-9, "risk ratio")
    }
}
