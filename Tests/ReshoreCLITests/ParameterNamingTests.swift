import Foundation
import Testing
import Regress
@testable import reshore

/// Issue 29, item 18: the CLI rewrote library messages by substituting text over whole reports, so
/// a level named `level: a` printed as `[T.--level: a]` in the text and in the JSON contract. Errors
/// now name parameters through `ParameterNames` where they are made; reports are never rewritten.
struct ParameterNamingTests {
    @Test func aLevelThatLooksLikeAParameterIsPrintedAsItIs() throws {
        var lines = ["y,x,g"]
        for i in 0..<40 { lines.append("\((i * 7) % 3 == 0 ? 1 : 0),\(Double(i % 9) / 3),\(i % 2 == 0 ? "level: a" : "(model: .firth)")") }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("regress-naming-\(UUID().uuidString).csv")
        try Data(lines.joined(separator: "\n").utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        for format in ["text", "json", "markdown", "csv"] {
            let result = try ReshoreBinary.run(["fit", "--data", url.path, "--formula", "y ~ x + C(g)", "--format", format])
            #expect(result.status == 0, "\(result.error)")
            #expect(result.output.contains("level: a") && !result.output.contains("--level"), "\(format): \(result.output)")
            #expect(!result.output.contains("--model firth)]"), "\(format)")
        }
    }

    @Test func errorsNameTheFlagsThroughTheirOwnCases() {
        #expect(CLIError(ModelingError.invalidLevel(95)).description.hasPrefix("--level: 95"))
        #expect(ModelingError.invalidLevel(95).description.hasPrefix("level: 95"))
        #expect(CLIError(ModelingError.unknownColumn(name: "w", parameter: .weights, available: ["y"])).description.hasPrefix("--weights: no column"))
        #expect(CLIError(DataError.notANumber(line: 2, column: "x", position: 1, value: "n/a")).description.contains("(--missing 'n/a')"))
        #expect(DataError.notANumber(line: 2, column: "x", position: 1, value: "n/a").description.contains("(missingTokens: ['n/a'])"))
        #expect(CLIError(CounterfactualError.needsExplicitValues(variable: "age", distinct: 40)).description.hasSuffix("e.g. --predict age=1,2"))
        // A user string inside a message is never rewritten: a column named "level: x".
        let unknown = ModelingError.unknownColumn(name: "level: x", parameter: .offset, available: ["level: y"])
        #expect(CLIError(unknown).description == "--offset: no column 'level: x' in the data. Did you mean 'level: y'? Columns: level: y")
    }

    /// Every parameter an error can blame is a case of `Parameter`, and every one the CLI renames
    /// has a flag (or a phrase written with flags): the map is over the enum, not over text.
    @Test func everyRenamedParameterIsACaseAndNamesAFlag() {
        for (parameter, name) in CLIError.flags.names {
            #expect(Parameter.allCases.contains(parameter))
            #expect(name.contains("--"), "\(parameter) → \(name)")
        }
        #expect(CLIError(ModelingError.outOfRange(parameter: .maxIterations, value: "0", allowed: "1 to 10,000")).description
            .hasPrefix("--max-iterations: 0"))
        #expect(ModelingError.outOfRange(parameter: .maxIterations, value: "0", allowed: "1 to 10,000").description.hasPrefix("maxIterations: 0"))
    }
}

extension ParameterNamingTests {
    /// Bug: the covariance parameter was named "--vce cluster" for every message, so `--vce hc3`
    /// with absorbed factors printed "--vce cluster does not apply with absorbed factors: HC2 and
    /// HC3 …". A covariance choice is named `--vce`; an unknown cluster column of `--vce cluster:g`
    /// still says "--vce cluster".
    @Test func aCovarianceChoiceIsNamedVceNotVceCluster() throws {
        var lines = ["y,x,g"]
        for i in 0..<60 { lines.append("\((i * 7) % 3 == 0 ? 1 : 0),\(Double(i % 9) / 3),g\(i % 5)") }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("regress-vce-\(UUID().uuidString).csv")
        try Data(lines.joined(separator: "\n").utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        for vce in ["hc2", "hc3"] {
            let result = try ReshoreBinary.run(["fit", "--data", url.path, "--formula", "y ~ x | g", "--vce", vce])
            #expect(result.status != 0)
            #expect(result.error.contains("--vce does not apply with absorbed factors") && !result.error.contains("--vce cluster"), "\(result.error)")
        }
        let cluster = try ReshoreBinary.run(["fit", "--data", url.path, "--formula", "y ~ x", "--vce", "cluster:nope"])
        #expect(cluster.error.contains("--vce cluster: no column 'nope'"), "\(cluster.error)")
        #expect(CLIError(ModelingError.absorbedFactors(option: .covariance, reason: "r")).description.hasPrefix("--vce does not apply"))
    }
}
