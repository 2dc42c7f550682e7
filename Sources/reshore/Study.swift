import ArgumentParser
import Foundation
import Regress
import ReshoringStudy
import Certification

/// `reshore study` (the default): reproduces the reshoring / Industrie 4.0 analysis.
struct Study: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reproduce the reshoring / Industrie 4.0 study (default: on the bundled synthetic survey).",
        discussion: "Prints the results and writes a report folder with report.md, tables (CSV, LaTeX) and SVG figures (Docs/study.md)."
    )

    @Option(help: "Survey CSV with the study schema (default: the bundled synthetic survey, Fixtures/ems2015-synthetic.csv).")
    var data: String?

    @Option(help: "Folder for report.md, tables/ and figures/.")
    var out: String = "reshore-report"

    @Option(help: "Bootstrap replicates.")
    var bootstrap: Int = 1999

    @Option(help: "Bootstrap seed.")
    var seed: UInt64 = 2015

    func validate() throws {
        guard (99...ModelingLimits.maxReplicates).contains(bootstrap) else {
            throw ValidationError("--bootstrap takes 99 to 10,000,000 replicates (BCa intervals need at least 99), e.g. 1999")
        }
    }

    func run() throws { try CLIError.mapping(execute) }

    func execute() throws {
        guard !out.isEmpty else { throw StudyOutputError.emptyPath }
        let table: DataTable
        var source = StudyReport.bundledSource
        if let data {
            table = try DataFileReader.read(contentsOf: URL(fileURLWithPath: data))
            source = data
        } else if let bundled = try? FixtureLocator.locate("ems2015-synthetic.csv") {
            table = try CSVReader.read(contentsOf: bundled)
        } else {
            // Away from the checkout: the bundled file is exactly calibratedSample(n: 1282, seed: 2015)
            // (tested byte for byte), so regenerate it.
            table = try SurveySimulator.calibratedSample(n: 1282, seed: 2015)
        }
        let display = ProgressDisplay()
        let results = try ReshoringStudyAnalysis.run(data: table, replicates: bootstrap, seed: seed,
                                                     progress: display.handler("bootstrap (replicates)"))
        display.finish()
        let report = StudyReport(results: results, dataSource: source)
        try Output.write(report.text)
        // The data file is protected by identity: an earlier report folder that holds it is refused.
        try report.write(to: URL(fileURLWithPath: out), protecting: Set([data].compactMap { $0.flatMap(FileIdentity.init(path:)) }))
        try Output.write("\nReport written to \(out)/report.md (tables/ and figures/ beside it).")
    }
}
