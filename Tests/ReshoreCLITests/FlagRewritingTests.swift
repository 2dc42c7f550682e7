import Testing
@testable import reshore

/// The library's parameter names in a rendered report become the CLI's flags; only the patterns
/// present are replaced (no-cliffs issue: Foundation's replacement of every pattern over a
/// 10,000-row report was a fifth of `reshore fit`).
struct FlagRewritingTests {
    @Test func substringSearchFindsEveryPlacementAndNothingElse() {
        #expect(CLIError.contains("abc(model: .firth)", "(model: .firth)"))
        #expect(CLIError.contains("(model: .firth) at the start", "(model: .firth)"))
        #expect(CLIError.contains("in the (model: .firth) middle", "(model: .firth)"))
        #expect(!CLIError.contains("(model: .firt", "(model: .firth)"))
        #expect(!CLIError.contains("((model: .firtX)", "(model: .firth)"))
        #expect(CLIError.contains("ééé level: x", "level: "))
        #expect(!CLIError.contains("", "level: ") && CLIError.contains("anything", ""))
    }

    @Test func theReportKeepsItsTextAndGetsTheFlags() {
        let text = "row 1\nUse Firth's bias-reduced logit (model: .firth) or remove the separating terms\nlevel: 0.95\n"
        #expect(CLIError.withFlags(text) == "row 1\nUse Firth's bias-reduced logit (--model firth) or remove the separating terms\n--level: 0.95\n")
        let plain = String(repeating: "C(g)[T.L00001]   0.26   0.86\n", count: 1000)
        #expect(CLIError.withFlags(plain) == plain)
    }
}
