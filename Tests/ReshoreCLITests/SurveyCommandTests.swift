import Foundation
import Testing
import TestSupport

/// `reshore fit --design/--subpop` (issue 31): the design reaches every format, and the numbers
/// are the library's (checked against R in `SurveyReferenceTests`).
struct SurveyCommandTests {
    static let strat = FixtureFiles.url("survey/apistrat.csv").path
    static let clus1 = FixtureFiles.url("survey/apiclus1.csv").path

    @Test func designAndDomainReachTheJSON() throws {
        let run = try ReshoreBinary.run(["fit", "--data", Self.strat, "--formula", "sw ~ ell + meals + mobility",
                                         "--design", "strata=stype,weights=pw,fpc=fpc", "--subpop", "yr_rnd==No", "--format", "json"])
        #expect(run.status == 0, "\(run.error)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let design = try #require(json["design"] as? [String: Any])
        #expect(design["designDF"] as? Int == 176 && design["residualDF"] as? Int == 173 && design["domain"] as? String == "yr_rnd==No")
        let wald = try #require(json["overallWald"] as? [String: Any])
        #expect(wald["denominatorDF"] as? Double == 173)
        let quality = try #require(json["fitQuality"] as? [String: Any])
        #expect(quality["hosmerLemeshowPValue"] is NSNull && quality["inferenceRefusal"] is String)
        let expected = FixtureFiles.referenceCase("survey/survey-reference.csv", "strat_domain")
        let coefficients = try #require(json["coefficients"] as? [[String: Any]])
        for row in coefficients {
            let term = try #require(row["term"] as? String), se = try #require(row["stdError"] as? Double)
            #expect(relativeError(se, try #require(expected["se:\(term)"])) <= 1e-6, "\(term)")
        }
    }

    @Test func everyFormatNamesTheDesignAndItsFTests() throws {
        for format in ["text", "markdown", "latex", "csv"] {
            let run = try ReshoreBinary.run(["fit", "--data", Self.clus1, "--formula", "sw ~ ell + meals", "--design", "psu=dnum,weights=pw,fpc=fpc",
                                             "--test", "meals", "--format", format])
            #expect(run.status == 0, "\(format): \(run.error)")
            #expect(run.output.contains("design df") || run.output.contains("design,design df"), "\(format)")
            #expect(run.output.contains("F(1, 12)") || run.output.contains("$F(1, 12)") || run.output.contains("1, 12") || format == "csv", "\(format)")
        }
        let replicates = try ReshoreBinary.run(["fit", "--data", Self.clus1, "--formula", "sw ~ ell + meals", "--design", "weights=pw,replicates=jk1_*,type=jk1"])
        #expect(replicates.status == 0 && replicates.output.contains("replicate weights (jk1, 15 replicates)"), "\(replicates.output)")
    }

    @Test func aLonelyPSUUnderTheDefaultRuleIsAnErrorThatNamesTheRules() throws {
        let run = try ReshoreBinary.run(["fit", "--data", Self.strat, "--formula", "sw ~ ell", "--design", "strata=cname,weights=pw"])
        #expect(run.status != 0 && run.error.contains("only one PSU") && run.error.contains("lonely-psu=adjust"))
        let adjusted = try ReshoreBinary.run(["fit", "--data", Self.strat, "--formula", "sw ~ ell", "--design", "strata=cname,weights=pw,lonely-psu=adjust"])
        #expect(adjusted.status == 0)
    }
}
