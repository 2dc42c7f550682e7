import ArgumentParser
import Foundation
import Regress
import ReshoringStudy
import Certification

/// `reshore accuracy`: certifies this build (and its BLAS/LAPACK) on NIST StRD.
struct Accuracy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the NIST StRD linear-regression suite and report log relative errors.",
        discussion: """
        Fits all 11 NIST StRD linear-regression datasets with default settings and prints, per \
        dataset, the minimum LRE (correct significant digits, capped at 15) over the coefficients \
        and the standard errors, and the LRE of the residual SD and R². Exits with status 1 if any \
        value is below \(Int(NISTCertification.requiredLRE)).
        """
    )

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @Option(help: "Folder holding the NIST .dat files (default: Fixtures/nist-strd, found automatically).")
    var fixtures: String?

    func run() throws {
        let directory = try fixtures.map { URL(fileURLWithPath: $0) } ?? FixtureLocator.locate("nist-strd")
        let results = try NISTCertification.evaluateAll(directory: directory)
        switch format {
        case .text: try Output.write(AccuracyReport.text(results))
        case .json: try Output.write(AccuracyReport.json(results))
        }
        if results.contains(where: { $0.minimum < NISTCertification.requiredLRE }) {
            throw ExitCode(1)
        }
    }
}
