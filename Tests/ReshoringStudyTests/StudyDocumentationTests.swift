import Foundation
import Testing
import TestSupport
import Regress
@testable import ReshoringStudy

/// Issue 34, item 8: Docs/study.md's example output is the output of the run it documents — the
/// default `reshore` run on the bundled data (B = 1,999, 9,999 permutations, seed 2015) — compared
/// byte for byte. `REGRESS_WRITE_DOCS=1 swift test --filter StudyDocumentationTests` rewrites it.
struct StudyDocumentationTests {
    static let begin = "<!-- BEGIN generated: the default run's terminal output (StudyDocumentationTests) -->"
    static let end = "<!-- END generated -->"

    @Test func theDocumentedOutputIsTheDefaultRunsOutput() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("ems2015-synthetic.csv"))
        let output = StudyReport(results: try ReshoringStudyAnalysis.run(data: data)).text
        let url = FixtureFiles.repositoryRoot.appendingPathComponent("Docs/study.md")
        let document = try String(contentsOf: url, encoding: .utf8)
        let start = try #require(document.range(of: Self.begin)), stop = try #require(document.range(of: Self.end))
        let block = "\n```\n" + output + "\n```\n"
        if ProcessInfo.processInfo.environment["REGRESS_WRITE_DOCS"] == "1" {
            let updated = String(document[..<start.upperBound]) + block + String(document[stop.lowerBound...])
            try Data(updated.utf8).write(to: url)
            return
        }
        #expect(String(document[start.upperBound..<stop.lowerBound]) == block,
                "Docs/study.md's example output differs from the run; regenerate: REGRESS_WRITE_DOCS=1 swift test --filter StudyDocumentationTests")
    }
}
