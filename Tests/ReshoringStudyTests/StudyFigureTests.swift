import Foundation
import Testing
import TestSupport
import Regress
@testable import ReshoringStudy

/// Issue 34, item 7: figures a journal prints. Each is checked for what a referee asked (Wilson
/// intervals and n on the motives, a zero line inside the bootstrap's axis, profile intervals and
/// the probit's AME on the coefficient plot with minus signs, x ticks and labels clear of the
/// prediction line), and rendered to PNG with rsvg-convert where it is installed (CI installs it).
struct StudyFigureTests {
    static let rsvg = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func report() throws -> StudyReport {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("ems2015-synthetic.csv"))
        return StudyReport(results: try ReshoringStudyAnalysis.run(data: data, replicates: 199, seed: 2015, permutations: 199))
    }

    /// The numbers of the SVG's text elements.
    static func texts(_ svg: String) -> [String] { svg.matches(of: #/>([^<>]+)<\/text>/#).map { String($0.output.1) } }

    @Test func figuresSayWhatAJournalNeeds() throws {
        let report = try Self.report()
        let motives = report.motivesFigure
        #expect(motives.contains("Wilson 95 % interval") && motives.contains("of the 39 backshorers") && motives.contains("calibrated"))
        #expect(Self.texts(motives).contains("59 % (23)"))
        // The bootstrap's axis starts below 0, so the zero line is inside it.
        let ticks = Self.texts(report.bootstrapFigure).compactMap { Double($0.replacingOccurrences(of: "−", with: "-")) }
        #expect((ticks.min() ?? 0) < 0)
        // Every Firth fit with its profile interval; the probit through its AME; minus signs.
        let coefficients = report.coefficientFigure
        #expect(coefficients.contains("Firth (headline) (profile)") && coefficients.contains("Firth, firms abroad (profile)")
                && coefficients.contains("Logit, all sectors (Wald)") && coefficients.contains(">Probit<"))
        #expect(!Self.texts(coefficients).contains { $0.hasPrefix("-") } && Self.texts(coefficients).contains { $0.hasPrefix("−") })
        for specification in report.results.specifications where specification.model == .firth {
            #expect(specification.intervalKind == "profile")
        }
        // x ticks on the prediction figure.
        #expect(report.predictionFigure.components(separatedBy: "y1=\"340\" x2=").count >= 9)
    }

    @Test(.enabled(if: StudyFigureTests.rsvg != nil, "rsvg-convert is not installed"))
    func everyFigureRendersToPNG() throws {
        let report = try Self.report()
        let folder = try makeTemporaryFolder("regress-figures")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, svg) in [("prediction", report.predictionFigure), ("motives", report.motivesFigure),
                            ("bootstrap", report.bootstrapFigure), ("coefficients", report.coefficientFigure)] {
            let input = folder.appendingPathComponent("\(name).svg"), output = folder.appendingPathComponent("\(name).png")
            try Data(svg.utf8).write(to: input)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.rsvg ?? "/usr/bin/rsvg-convert")
            process.arguments = ["-o", output.path, input.path]
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(name)")
            let png = try Data(contentsOf: output)
            #expect(png.count > 5_000 && png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]), "\(name)")
        }
    }
}
