import Foundation
import Testing
import TestSupport
import Regress

struct FitReportTests {
    static func report(_ formula: String, file: String, model: ModelKind = .logit) throws -> FitReport {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/\(file)"))
        return FitReport(model: try BinaryRegression.fit(formula, data: data, model: model))
    }

    @Test func everyRenderingShowsTheSeparationDiagnostic() throws {
        let report = try Self.report("HG ~ NV + PI + EH", file: "endometrial.csv")
        for format in ReportFormat.allCases {
            #expect(report.rendered(format).contains("separation"), "\(format)")
            #expect(report.rendered(format).contains("NV"), "\(format)")
        }
    }

    @Test func aliasedTermsAreNullInJSONAndNAElsewhere() throws {
        let report = try Self.report("low ~ age + lwt + lwt2 + C(race) + smoke", file: "birthwt.csv")
        let json = try JSONSerialization.jsonObject(with: Data(report.rendered(.json).utf8)) as? [String: Any]
        let coefficients = try #require(json?["coefficients"] as? [[String: Any]])
        let lwt2 = try #require(coefficients.first { $0["term"] as? String == "lwt2" })
        #expect(lwt2["estimate"] is NSNull)
        #expect(lwt2["aliased"] as? Bool == true)
        #expect(coefficients.first?["term"] as? String == "Intercept")
        #expect(report.rendered(.csv).contains("coefficient,lwt2,NA,NA,NA,NA,NA,NA,NA,aliased"))
        #expect(report.rendered(.text).contains("aliased"))
        #expect(report.rendered(.markdown).contains("NA (aliased)"))
        #expect(report.rendered(.latex).contains("aliased (NA)"))
    }

    @Test func jsonHasEveryDocumentedKey() throws {
        let report = try Self.report("low ~ age + lwt + C(race) + smoke", file: "birthwt.csv", model: .probit)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.rendered(.json).utf8)) as? [String: Any])
        for key in ["model", "link", "formula", "nobs", "events", "droppedRows", "trials", "converged", "iterations", "information",
                    "covariance", "level", "logLikelihood", "nullLogLikelihood", "deviance", "nullDeviance", "aic", "bic", "lrChi2",
                    "lrDF", "lrPValue", "pseudoLikelihood", "overallWald", "absorbed", "pseudoR2", "coefficients", "diagnostics"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        let pseudo = try #require(json["pseudoR2"] as? [String: Any])
        #expect(Set(pseudo.keys) == ["mcfadden", "coxSnell", "nagelkerke", "tjur"])
        let first = try #require((json["coefficients"] as? [[String: Any]])?.first)
        #expect(Set(first.keys) == ["term", "estimate", "stdError", "z", "pValue", "ciLower", "ciUpper", "aliased", "separated"])
    }

    @Test func latexIsEscapedAndBooktabs() throws {
        let report = try Self.report("low ~ age + C(race)", file: "birthwt.csv")
        let latex = report.rendered(.latex)
        #expect(latex.contains("\\toprule") && latex.contains("\\midrule") && latex.contains("\\bottomrule"))
        #expect(latex.contains("C(race)[T.2]"))
        #expect(!latex.contains("p = <"))
    }

    @Test func lpmAndFirthGoThroughTheSameEntryPoint() throws {
        let lpm = try Self.report("low ~ age + lwt", file: "birthwt.csv", model: .lpm)
        #expect(lpm.fit.model == .lpm && lpm.fit.covarianceLabel == "robust (HC1)")
        let firth = try Self.report("HG ~ NV + PI + EH", file: "endometrial.csv", model: .firth)
        #expect(firth.fit.model == .firth)
        #expect(firth.fit.coefficient("NV")?.estimate?.isFinite == true)
    }
}

extension FitReportTests {
    @Test func clusteredCovarianceAndTermTestsFlowIntoEveryRendering() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/infert.csv"))
        let model = try BinaryRegression.fit("case ~ spontaneous + induced + education", data: data,
                                             covariance: .cluster(["stratum"], adjustment: .sandwich))
        let report = FitReport(model: model, tests: [try model.dropTest("education")])
        #expect(report.fit.covarianceLabel.contains("cluster-robust") && report.fit.covarianceLabel.contains("stratum"))
        #expect(report.tests.count == 1 && report.tests[0].wald?.degreesOfFreedom == 2)
        for format in ReportFormat.allCases { #expect(report.rendered(format).contains("education"), "\(format)") }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.rendered(.json).utf8)) as? [String: Any])
        let test = try #require((json["tests"] as? [[String: Any]])?.first)
        #expect(Set(test.keys) == ["term", "wald", "waldDF", "waldPValue", "waldUnavailable", "lr", "lrPValue", "waldDenominatorDF", "score", "scorePValue"])
        #expect(throws: ModelingError.self) {
            try BinaryRegression.fit("case ~ induced", data: data).dropTest("educaton")
        }
    }
}

extension FitReportTests {
    @Test func bootstrapIsReproducibleAndReported() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))
        func run(threads: Int) throws -> FitReport {
            let model = try BinaryRegression.fit("low ~ age + smoke", data: data)
            return FitReport(model: model, marginalEffects: try model.marginalEffects(.ame), margins: .ame,
                             bootstrap: try model.bootstrap(replicates: 99, statistics: model.defaultBootstrapStatistics(withMarginalEffects: true),
                                                            intervals: IntervalMethod.allCases, seed: 5, threads: threads))
        }
        // Exact by construction: per-replicate streams stored by index, each replicate's refit in one
        // worker with single-threaded BLAS; the jackknife likewise (EngineTests says why).
        let one = try run(threads: 1), two = try run(threads: 2)
        #expect(one.bootstrap?.intervals == two.bootstrap?.intervals)
        #expect(one.bootstrap?.names == ["Intercept", "age", "smoke", "AME: age", "AME: smoke"])
        #expect(one.bootstrap?.intervals.count == 5 * 5)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(one.rendered(.json).utf8)) as? [String: Any])
        let bootstrap = try #require(json["bootstrap"] as? [String: Any])
        #expect(Set(bootstrap.keys) == ["replicates", "failed", "seed", "plan", "bcaAcceleration", "intervals"])
        #expect(bootstrap["bcaAcceleration"] as? String == "jackknife")   // AME statistics: always the jackknife
        #expect(one.rendered(.text).contains("BCa acceleration from the jackknife (189 leave-one-out fits)"))
        #expect((bootstrap["intervals"] as? [[String: Any]])?.first.map { Set($0.keys) } == ["term", "method", "lower", "upper"])
        for format in ReportFormat.allCases { #expect(one.rendered(format).contains("AME: smoke"), "\(format)") }
        let clustered = try BinaryRegression.fit("low ~ age", data: data).bootstrap(replicates: 49, plan: .cluster("race"), intervals: [.percentile])
        #expect(clustered.planDescription == "clusters of race")
        #expect(clustered.result.jackknife == nil && clustered.acceleration == nil && clustered.accelerationNote == nil)
    }
}

extension FitReportTests {
    /// Bug: the intervals' level was printed rounded to a whole percent (0.975 as "98% conf."),
    /// the Markdown headers did not say it at all ("CI lower"), and the JSON had no level beside
    /// its ciLower/ciUpper. Every format now states the level the intervals were computed at.
    @Test(arguments: [0.95, 0.9, 0.975, 0.999])
    func everyFormatStatesTheIntervalsLevel(_ level: Double) throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))
        let model = try BinaryRegression.fit("low ~ age + lwt", data: data, level: level)
        let report = FitReport(model: model, marginalEffects: try model.marginalEffects(.ame), margins: .ame)
        let label = Formatting.percent(level)
        #expect(label == ["0.95": "95", "0.9": "90", "0.975": "97.5", "0.999": "99.9"]["\(level)"])
        #expect(report.rendered(.text).contains("[\(label)% conf."))
        #expect(report.rendered(.markdown).contains("| \(label)% CI lower | \(label)% CI upper |"))
        #expect(report.rendered(.latex).contains("{\(label)\\% CI}"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.rendered(.json).utf8)) as? [String: Any])
        #expect(json["level"] as? Double == level)
    }
}
