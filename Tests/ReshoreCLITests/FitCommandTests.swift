import Foundation
import Testing
import TestSupport

struct FitCommandTests {
    static let birthwt = FixtureFiles.url("reference/birthwt.csv").path

    @Test func jsonContract() throws {
        let result = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age + lwt + C(race) + smoke",
                                            "--model", "probit", "--information", "expected", "--format", "json"])
        #expect(result.status == 0, "\(result.error)")
        let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        #expect(json?["model"] as? String == "probit")
        #expect(json?["information"] as? String == "expected")
        #expect((json?["coefficients"] as? [[String: Any]])?.count == 6)
    }

    @Test func formulaErrorShowsACaret() throws {
        let result = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ (age + lwt"])
        #expect(result.status != 0)
        #expect(result.error.contains("unbalanced parentheses") && result.error.contains("^"))
    }

    @Test func unknownColumnSuggestsAName() throws {
        let result = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ agee"])
        #expect(result.status != 0)
        #expect(result.error.contains("Did you mean 'age'?"))
    }

    @Test func nonBinaryOutcomeIsRejected() throws {
        let result = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "race ~ age"])
        #expect(result.status != 0)
        #expect(result.error.contains("must be binary") && result.error.contains("2, 3"))
    }

    @Test func optionsAreValidated() throws {
        let level = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age", "--level", "95"])
        #expect(level.status != 0 && level.error.contains("--level"))
        let model = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age", "--model", "tobit"])
        #expect(model.status != 0 && model.error.contains("logit") && model.error.contains("firth"))
        let missingFile = try ReshoreBinary.run(["fit", "--data", "/no/such.csv", "--formula", "low ~ age"])
        #expect(missingFile.status != 0 && missingFile.error.contains("/no/such.csv"))
    }
}

extension FitCommandTests {
    @Test func vceAndTestOptions() throws {
        let infert = FixtureFiles.url("reference/infert.csv").path
        let result = try ReshoreBinary.run(["fit", "--data", infert, "--formula", "case ~ spontaneous + induced + education",
                                            "--vce", "cluster:stratum", "--cluster-adjustment", "sandwich",
                                            "--test", "education", "--format", "json"])
        #expect(result.status == 0, "\(result.error)")
        let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        #expect((json?["covariance"] as? String)?.contains("sandwich") == true)
        #expect((json?["tests"] as? [[String: Any]])?.first?["term"] as? String == "education")
        let bad = try ReshoreBinary.run(["fit", "--data", infert, "--formula", "case ~ induced", "--vce", "hc9"])
        #expect(bad.status != 0 && bad.error.contains("vce"))
        let unknownCluster = try ReshoreBinary.run(["fit", "--data", infert, "--formula", "case ~ induced", "--vce", "cluster:stratumm"])
        #expect(unknownCluster.status != 0 && unknownCluster.error.contains("Did you mean 'stratum'?"))
    }
}

extension FitCommandTests {
    @Test func marginsPredictionsAndFitQualityInJSON() throws {
        let result = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age + log(lwt) + C(race) + smoke",
                                            "--margins", "ame", "--predict", "race", "--format", "json"])
        #expect(result.status == 0, "\(result.error)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let effects = try #require(json["marginalEffects"] as? [[String: Any]])
        #expect(effects.map { $0["term"] as? String } == ["age", "lwt", "race[2]", "race[3]", "smoke"])
        #expect(Set(effects[0].keys) == ["term", "kind", "estimate", "stdError", "z", "pValue", "ciLower", "ciUpper"])
        #expect((json["predictions"] as? [[String: Any]])?.count == 3)
        let quality = try #require(json["fitQuality"] as? [String: Any])
        #expect(Set(quality.keys) == ["auc", "aucLower", "aucUpper", "hosmerLemeshow", "hosmerLemeshowPValue", "brier", "inferenceRefusal", "hosmerLemeshowGroups", "pearsonChi2", "pearsonDF", "pearsonPValue"])
        let mem = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age + smoke", "--margins", "mem", "--at", "smoke=1"])
        #expect(mem.status == 0 && mem.output.contains("at the means, at smoke = 1"))
        let badAt = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age", "--margins", "ame", "--at", "age"])
        #expect(badAt.status != 0 && badAt.error.contains("VAR=VALUE"))
        let atWithoutMargins = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age", "--at", "age=20"])
        #expect(atWithoutMargins.status != 0 && atWithoutMargins.error.contains("--margins"))
    }
}

extension FitCommandTests {
    @Test func bootstrapOptions() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("reshore-replicates-\(UUID().uuidString).csv").path
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: path + ".jackknife.csv")
        }
        let result = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age + smoke", "--bootstrap", "49",
                                            "--seed", "3", "--ci", "percentile,basic", "--save-replicates", path, "--format", "json"])
        #expect(result.status == 0, "\(result.error)")
        let json = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        #expect((json?["bootstrap"] as? [String: Any])?["seed"] as? String == "3")
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        #expect(saved.hasPrefix("replicate,Intercept,age,smoke\n"))
        #expect(saved.split(separator: "\n").count == 50)
        #expect(!result.error.contains("bootstrap ["))   // no progress bar when stderr is not a terminal
        let badMethod = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age", "--bootstrap", "9", "--ci", "bca,foo"])
        #expect(badMethod.status != 0 && badMethod.error.contains("unknown method 'foo'"))
        let strataWithoutBootstrap = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age", "--strata", "race"])
        #expect(strataWithoutBootstrap.status != 0 && strataWithoutBootstrap.error.contains("--bootstrap"))
    }
}

extension FitCommandTests {
    /// Hardening issue 13, item 16: marginal effects of factor levels (and the bootstrap built on
    /// them) summed over a Dictionary differed in the last bits between processes. The same fit in
    /// several processes must print the same bytes.
    @Test func factorMarginalEffectsAreTheSameBytesInEveryProcess() throws {
        let arguments = ["fit", "--data", Self.birthwt, "--formula", "low ~ age + log(lwt) + C(race) + smoke + C(race):smoke + C(race):age",
                         "--margins", "ame", "--predict", "race", "--bootstrap", "30", "--seed", "4", "--ci", "percentile", "--format", "json"]
        // Exact on one machine, not across machines: every process runs the same binary with the same
        // OpenBLAS kernel (chosen by the CPU) and the same BLAS thread count, whose partition of each
        // product is fixed, and the summation orders are fixed in the code (no Dictionary order).
        let runs = try (0..<8).map { _ in try ReshoreBinary.run(arguments) }
        #expect(runs.allSatisfy { $0.status == 0 }, "\(runs.map(\.error))")
        #expect(Set(runs.map(\.output)).count == 1)
    }
}

/// Issue 35: `reshore` has OpenBLAS's idle pool threads sleep at once (`BLASThreads.sleepWhenIdle`,
/// through `OPENBLAS_THREAD_TIMEOUT` unless the environment sets it). How long they spin changes
/// no result: a bootstrap prints the same bytes with OpenBLAS's default spin, the short one, and
/// without a pool.
struct IdleBLASThreadTests {
    @Test func theSpinLengthChangesNoByte() throws {
        let arguments = ["fit", "--data", FitCommandTests.birthwt, "--formula", "low ~ age + lwt + C(race) + smoke",
                         "--model", "probit", "--bootstrap", "40", "--seed", "9", "--ci", "percentile,bca", "--format", "json"]
        var outputs = [String]()
        for setting in [nil, "30", "4"] as [String?] {
            var environment = ProcessInfo.processInfo.environment
            environment["OPENBLAS_THREAD_TIMEOUT"] = setting
            let result = try ReshoreBinary.run(arguments, environment: environment)
            #expect(result.status == 0, "\(result.error)")
            outputs.append(result.output)
        }
        var single = ProcessInfo.processInfo.environment
        single["OPENBLAS_NUM_THREADS"] = "1"
        outputs.append(try ReshoreBinary.run(arguments, environment: single).output)
        #expect(Set(outputs).count == 1)
        #expect(outputs[0].contains("\"bootstrap\""))
    }
}

/// Progress bars (no-cliffs issue): drawn on a terminal for every long phase, never in a pipe.
struct ProgressBarTests {
    static let arguments = ["fit", "--data", FitCommandTests.birthwt, "--formula", "low ~ age + lwt + C(race) + smoke",
                            "--margins", "ame", "--bootstrap", "50", "--ci", "bca"]

    @Test func aPipeGetsNoProgressBars() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["RESHORE_PROGRESS_DELAY"] = "0"
        let result = try ReshoreBinary.run(Self.arguments, environment: environment)
        #expect(result.status == 0, "\(result.error)")
        #expect(!result.error.contains("[#"), "\(result.error)")
        #expect(!result.output.contains("[#"))
    }

    @Test func aTerminalGetsABarForEveryPhase() throws {
        guard let executable = ReshoreBinary.url, FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        // `script` runs the command on a pseudo-terminal; its transcript holds what the terminal showed.
        let command = ([executable.path] + Self.arguments).map { "'\($0)'" }.joined(separator: " ") + " >/dev/null"
        var environment = ProcessInfo.processInfo.environment
        environment["RESHORE_PROGRESS_DELAY"] = "0"
        let result = try ReshoreBinary.run(["-qec", command, "/dev/null"], environment: environment,
                                           executable: URL(fileURLWithPath: "/usr/bin/script"))
        #expect(result.status == 0, "\(result.output) \(result.error)")
        for phase in ["reading [", "fit (iterations) [", "marginal effects (variables) [", "bootstrap (replicates) [",
                      "jackknife for BCa (leave-one-out fits) ["] {
            #expect(result.output.contains(phase), "\(phase) missing from \(result.output)")
        }
        #expect(result.output.contains("] 50/50"))
        #expect(result.output.contains("] 189/189"))   // the jackknife: one fit per row
    }
}

extension FitCommandTests {
    /// Bug: `--seed` and `--ci` without `--bootstrap` were accepted and ignored (the intervals
    /// printed are Wald intervals); they are errors now, as `--strata` and `--cluster` were.
    @Test func seedAndIntervalsWithoutABootstrapAreErrors() throws {
        for extra in [["--seed", "3"], ["--ci", "basic"], ["--seed", "3", "--ci", "percentile,bca"]] {
            let result = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age"] + extra)
            #expect(result.status != 0 && result.error.contains("--seed and --ci apply to the bootstrap"), "\(extra): \(result.error)")
            let withBootstrap = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age", "--bootstrap", "9"] + extra)
            #expect(withBootstrap.status == 0, "\(extra): \(withBootstrap.error)")
        }
    }
}

extension FitCommandTests {
    /// Bug: options the run cannot apply were ignored: `--max-iterations` with the linear
    /// probability model (least squares does not iterate) and `--hosmer-lemeshow-groups` with a
    /// model table (which shows no Hosmer–Lemeshow test), and `--level` with a model table (which
    /// shows standard errors, not intervals). All are errors now.
    @Test func iterationLimitsForTheLPMAndSummaryOptionsForATableAreErrors() throws {
        let lpm = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age", "--model", "lpm", "--max-iterations", "5"])
        #expect(lpm.status != 0 && lpm.error.contains("--max-iterations: the lpm model does not take it"), "\(lpm.error)")
        let table = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age", "--model", "logit", "--model", "probit",
                                           "--hosmer-lemeshow-groups", "5"])
        #expect(table.status != 0 && table.error.contains("--hosmer-lemeshow-groups sets the Hosmer–Lemeshow test of one model's summary"), "\(table.error)")
        // --level too: a table shows standard errors, not intervals.
        let level = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age", "--table", "coefficients", "--level", "0.9"])
        #expect(level.status != 0 && level.error.contains("--level sets the confidence intervals of one model's summary"), "\(level.error)")
        let summaryLevel = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age", "--level", "0.9"])
        #expect(summaryLevel.status == 0 && summaryLevel.output.contains("[90% conf."), "\(summaryLevel.output.prefix(400))")
        // And with a survey design, whose fit reports no Hosmer–Lemeshow test.
        let design = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age", "--design", "weights=lwt",
                                            "--hosmer-lemeshow-groups", "5"])
        #expect(design.status != 0 && design.error.contains("--hosmer-lemeshow-groups and --design"), "\(design.error)")
        let summary = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age", "--hosmer-lemeshow-groups", "5"])
        #expect(summary.status == 0 && summary.output.contains("Hosmer-Lemeshow chi2(3)"), "\(summary.output)")
    }
}

extension FitCommandTests {
    /// Bug: `--cluster-adjustment` without a cluster covariance, and `--labels` for a file with no
    /// variable labels, were ignored; both are errors now, and apply where they can.
    @Test func clusterAdjustmentAndLabelsThatCannotApplyAreErrors() throws {
        let adjustment = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age", "--vce", "hc1", "--cluster-adjustment", "none"])
        #expect(adjustment.status != 0 && adjustment.error.contains("--cluster-adjustment sets the small-sample factor"), "\(adjustment.error)")
        let clustered = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age", "--vce", "cluster:race", "--cluster-adjustment", "none"])
        #expect(clustered.status == 0, "\(clustered.error)")
        let labels = try ReshoreBinary.run(["fit", "--data", Self.birthwt, "--formula", "low ~ age", "--labels"])
        #expect(labels.status != 0 && labels.error.contains("--labels shows the variable labels"), "\(labels.error)")
        let labelled = try ReshoreBinary.run(["fit", "--data", FixtureFiles.url("statfiles/survey-pandas.dta").path,
                                              "--formula", "backshored ~ i40_technologies", "--labels"])
        #expect(labelled.status == 0 && labelled.output.contains("Industrie 4.0"), "\(labelled.error)")
    }
}
