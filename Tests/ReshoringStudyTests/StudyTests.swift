import Foundation
import Testing
import TestSupport
import Regress
import ReshoringStudy
import Certification

struct WilsonIntervalTests {
    /// R 4.2.2: prop.test(x, n, correct = FALSE)$conf.int.
    @Test(arguments: [(9.0, 179.0, 0.026674579790013763, 0.092781144100885810),
                      (2, 255, 0.0021535128322296222, 0.0281409340327376141),
                      (0, 40, 0, 0.087621601197286611)])
    func matchesR(_ x: Double, _ n: Double, _ lower: Double, _ upper: Double) {
        let interval = wilsonInterval(successes: x, trials: n)
        #expect(abs(interval.lower - lower) <= 1e-14 && relativeError(interval.upper, upper) <= 1e-13)
    }
}

struct StudyTests {
    @Test func theBundledStudyShowsThePublishedAssociation() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("ems2015-synthetic.csv"))
        let results = try ReshoringStudyAnalysis.run(data: data, replicates: 199, seed: 2015)
        #expect(results.synthetic && results.firms == 1282)
        let firth = try #require(results.firth.fit.coefficient("i40_technologies"))
        #expect((firth.estimate ?? 0) > 0 && (firth.pValue ?? 1) < 0.05)
        let lr = try #require(results.logit.tests.first?.likelihoodRatio)
        #expect(lr.pValue < 0.05)
        #expect(results.rates.map(\.level) == SurveySchema.levels)
        #expect(results.rates.last?.rate ?? 0 > results.rates.first?.rate ?? 1)
        let report = StudyReport(results: results)
        #expect(report.conclusion.contains("more often") && report.conclusion.contains("statistically significant"))
        #expect(report.text.hasPrefix("SYNTHETIC DATA"))
        #expect(results.logit.fit.diagnostics.contains { $0.kind == .separation })
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reshore-report-\(UUID().uuidString)")
        try report.write(to: directory)
        for file in ["report.md", "tables/logit.csv", "tables/firth.tex", "figures/predicted-probability.svg", "figures/bootstrap-ame.svg"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path), "\(file)")
        }
        let svg = try String(contentsOf: directory.appendingPathComponent("figures/predicted-probability.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("synthetic"))
    }

    /// A conclusion computed from the numbers: data without the association say so.
    @Test func noAssociationIsReportedAsSuch() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("ems2015-synthetic.csv"))
        // Shuffle the I4.0 column across firms (a fixed permutation): no association remains.
        var columns = data.columns.filter { $0.name != "i40_technologies" }
        let technologies = data["i40_technologies"]?.numericValues ?? []
        let permuted = technologies.indices.map { technologies[($0 * 7919) % technologies.count] }
        columns.append(Column(name: "i40_technologies", numeric: permuted))
        let shuffled = try DataTable(columns: columns)
        let results = try ReshoringStudyAnalysis.run(data: shuffled, replicates: 99, seed: 1)
        let p = results.logit.tests.first?.likelihoodRatio?.pValue ?? 0
        #expect(p >= 0.05)
        let conclusion = StudyReport(results: results).conclusion
        #expect(conclusion.contains("not statistically significant") && conclusion.contains("do not reproduce"))
    }

    @Test func missingAndMistypedColumnsAreClearErrors() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("ems2015-synthetic.csv"))
        let withoutSector = try data.selecting(data.columnNames.filter { $0 != "sector" })
        #expect(throws: StudyDataError.missingColumn(name: "sector", available: withoutSector.columnNames)) {
            try ReshoringStudyAnalysis.validate(withoutSector)
        }
        var columns = data.columns.filter { $0.name != "employees" }
        columns.append(Column(name: "employees", strings: (0..<data.rowCount).map { _ in "many" }))
        #expect(throws: StudyDataError.wrongType(name: "employees", expected: "numeric")) {
            try ReshoringStudyAnalysis.validate(try DataTable(columns: columns))
        }
    }
}

/// Hardening issue 13, item 22: the study overwrote any folder and left stale files of earlier runs.
struct StudyOutputTests {
    @Test func reportFolderIsReplacedCleanlyAndForeignFoldersAreRefused() throws {
        let results = try ReshoringStudyAnalysis.run(data: SurveySimulator.simulate(n: 1282, seed: 2015), replicates: 99)
        let report = StudyReport(results: results)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regress-study-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try report.write(to: folder)
        let stale = folder.appendingPathComponent("tables/stale.csv")
        try Data("old\n".utf8).write(to: stale)
        try report.write(to: folder)                       // an earlier report: replaced
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.md").path))
        let foreign = FileManager.default.temporaryDirectory.appendingPathComponent("regress-foreign-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: foreign) }
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: foreign.appendingPathComponent("thesis.tex"))
        #expect(throws: StudyOutputError.notAReportFolder(path: foreign.path, entries: 1)) { try report.write(to: foreign) }
        #expect(throws: StudyOutputError.notAFolder(path: foreign.appendingPathComponent("thesis.tex").path)) {
            try report.write(to: foreign.appendingPathComponent("thesis.tex"))
        }
    }
}
