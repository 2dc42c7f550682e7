import ArgumentParser
import Foundation
import Regress
import ReshoringStudy
import Certification

/// `reshore simulate`: writes the synthetic survey.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a synthetic German Manufacturing Survey 2015 (calibrated to the published figures; Docs/calibration.md).",
        discussion: "The bundled Fixtures/ems2015-synthetic.csv is `reshore simulate --calibrated --n 1282 --seed 2015 --out FILE`: a sample whose outcomes match the published margins exactly. Without --calibrated every outcome is drawn at random, for Monte Carlo work. The data are synthetic."
    )

    @Option(help: "Number of firms.")
    var n: Int = 1282

    @Option(help: "Seed.")
    var seed: UInt64 = 2015

    @Flag(help: "Fix the outcomes to the published margins (3 % backshorers, 10× advanced vs non-users, 9 % offshorers, NRW just under 4 %, the motive and origin shares), as the bundled file does.")
    var calibrated = false

    @Option(help: "Output file: CSV, or Stata .dta / SPSS .sav with value and variable labels (by the extension; default: CSV on standard output).")
    var out: String?

    func validate() throws {
        guard (1...10_000_000).contains(n) else { throw ValidationError("--n must be between 1 and 10,000,000") }
    }

    func run() throws { try CLIError.mapping(execute) }

    func execute() throws {
        if let out { try FileOutput.check(out, purpose: "--out") }
        let table = calibrated ? try SurveySimulator.calibratedSample(n: n, seed: seed) : try SurveySimulator.simulate(n: n, seed: seed)
        if let out, let format = StatisticalFileFormat(path: out) {
            let bytes = try StatisticalFileWriter.bytes(table, format: format, variableLabels: SurveySchema.variableLabels, path: out)
            try FileOutput.write(bytes, to: out, purpose: "--out")
            return
        }
        let csv = CSVWriter.string(table)
        if let out { try FileOutput.write(csv, to: out, purpose: "--out") } else { try Output.write(String(csv.dropLast(csv.hasSuffix("\n") ? 1 : 0))) }
    }
}
