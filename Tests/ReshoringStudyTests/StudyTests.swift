import Foundation
import Testing
import TestSupport
import Regress
@testable import ReshoringStudy
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
    static func bundled() throws -> DataTable { try CSVReader.read(contentsOf: FixtureFiles.url("ems2015-synthetic.csv")) }

    /// The bundled data with `i40_technologies` replaced by `transform` of it (row, value).
    static func replacingTechnologies(_ data: DataTable, _ transform: (Int, [Double]) -> Double) throws -> DataTable {
        let technologies = data["i40_technologies"]?.numericValues ?? []
        var columns = data.columns.filter { $0.name != "i40_technologies" }
        columns.append(Column(name: "i40_technologies", numeric: technologies.indices.map { transform($0, technologies) }))
        return try DataTable(columns: columns)
    }

    /// For each row, the row whose I4.0 count it takes: a fixed rotation within its sector (row
    /// k of a sector's rows takes row (7k + 3) mod m), which keeps each sector's counts.
    static func rotationWithinSectors(_ data: DataTable) -> [Int] {
        let sectors = data["sector"]
        var bySector = [String: [Int]]()
        for row in 0..<data.rowCount { bySector[sectors?.text(at: row) ?? "", default: []].append(row) }
        var source = Array(0..<data.rowCount)
        for rows in bySector.values { for (k, row) in rows.enumerated() { source[row] = rows[(k * 7 + 3) % rows.count] } }
        return source
    }

    @Test func theBundledStudyShowsThePublishedAssociation() throws {
        let results = try ReshoringStudyAnalysis.run(data: Self.bundled(), replicates: 199, seed: 2015, permutations: 999)
        #expect(results.synthetic && results.firms == 1282)
        let firth = try #require(results.headline.fit.coefficient("i40_technologies"))
        #expect((firth.estimate ?? 0) > 0)
        let plr = try #require(results.headline.tests.first?.likelihoodRatio)
        #expect(plr.pValue < 0.05)
        #expect(results.profileInterval.lower > 0 && results.profileInterval.upper > results.profileInterval.lower)
        #expect(results.permutation.pValue < 0.05)
        // The adjusted risk ratio has a finite interval above 1, and the claims table carries it.
        let riskRatio = try #require(results.riskRatio)
        #expect(riskRatio.ratioLower > 1 && riskRatio.ratioUpper.isFinite && riskRatio.ratio > 1)
        #expect(results.claims.contains { $0.claim.hasSuffix("adjusted for firm size and sector group") })
        #expect(results.rates.map(\.level) == SurveySchema.levels)
        // The headline (sector groups) does not separate; the all-sector logit does, and every table says −∞.
        #expect(!results.headline.fit.diagnostics.contains { $0.kind == .separation })
        #expect(!results.probit.fit.diagnostics.contains { $0.kind == .separation })
        #expect(!results.allSectors.fit.separatedTerms.isEmpty)
        let report = StudyReport(results: results)
        let table = try #require(report.modelTable)
        for format in [ReportFormat.text, .markdown] {
            #expect(table.rendered(format).contains("(separated)"), "\(format)")
        }
        // A journal's LaTeX cell is the infinity; the table's notes say it is separation.
        #expect(table.rendered(.latex).contains("$-\\infty$") && table.rendered(.latex).contains("separat"))
        #expect(results.allSectors.text.contains("−∞ (separated)"))
        #expect(table.rendered(.csv).contains("C(sector)[T.other],\"Logit, all sectors\",-Inf,NA,NA,NA,NA") && !table.rendered(.csv).contains("nan"))
        // The association is an input of the synthetic data: recovered, never "in line with the published finding".
        #expect(report.conclusion.contains("backshore more often") && report.conclusion.contains("an input of the synthetic data")
                && !report.conclusion.contains("in line with the published finding"))
        #expect(!report.conclusion.contains("nan") && !report.text.contains("nan"))
        // The claims table comes first, after the data's labels; the phases and the case examples are not reproducible.
        #expect(report.text.hasPrefix("SYNTHETIC DATA"))
        let claimsAt = try #require(report.text.range(of: "The brief's claims against these data:"))
        let conclusionAt = try #require(report.text.range(of: "Conclusion:"))
        #expect(claimsAt.lowerBound < conclusionAt.lowerBound)
        // Issue 34, item 1: on the calibrated synthetic sample nothing is "reproduced": margins are
        // calibrated, effects built in; the trend, the phases, the cases, employment, value chains,
        // the international findings, customisation and the EU-15 capacity motive are not testable.
        #expect(!results.claims.contains { $0.verdict.isReproduced })
        #expect(results.claims.filter { $0.kind == .notTestable }.count == 9)
        #expect(results.claims.first { $0.claim.hasPrefix("About 3 %") }?.verdict == .asCalibrated)
        #expect(results.claims.first { $0.claim.hasPrefix("Digitalisation is not associated") }?.verdict == .recovered)
        #expect(results.claims.first { $0.claim.hasPrefix("A clear positive association") }?.verdict == .recovered)
        #expect(results.claims.first { $0.claim.hasPrefix("EU-15 backshoring is mostly") }?.verdict.text.contains("independently of origin") == true)
        #expect(results.claims.allSatisfy { !$0.source.isEmpty })
        #expect(report.text.contains(StudyReport.syntheticCaveat) && report.text.contains("Limitations:"))
        #expect(report.text.contains("1 technology ") && !report.text.contains("1 technologies"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reshore-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try report.write(to: directory)
        for file in ["report.md", "tables/models.csv", "tables/firth-headline.tex", "figures/predicted-probability.svg",
                     "figures/bootstrap-ame.svg", "figures/motives.svg", "figures/coefficients.svg"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path), "\(file)")
        }
        let markdown = try String(contentsOf: directory.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(markdown.contains("| Claim of the brief | Source | Kind |") && markdown.contains("ems2015-synthetic.csv"))
        // Each table once (issue 34, item 5): no "Details" block repeating the summary, one model table.
        #expect(!markdown.contains("## Details") && markdown.components(separatedBy: "| Pseudo R² (McFadden) |").count == 2)
        #expect(markdown.contains("## Limitations"))
        // One unit for the AME: percentage points in the tables too (item 4).
        let headlineCSV = try String(contentsOf: directory.appendingPathComponent("tables/firth-headline.csv"), encoding: .utf8)
        #expect(headlineCSV.contains("dydx; percentage points"))
        let allSectors = try String(contentsOf: directory.appendingPathComponent("tables/logit-all-sectors.csv"), encoding: .utf8)
        #expect(allSectors.contains("C(sector)[T.other],-Inf,NA,NA,NA,NA,NA,NA,separated (-inf)"))
        let svg = try String(contentsOf: directory.appendingPathComponent("figures/predicted-probability.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("synthetic") && svg.contains("Backshoring probability") && svg.contains(">0 %<") && svg.contains(">5 %<"))
        let histogram = try String(contentsOf: directory.appendingPathComponent("figures/bootstrap-ame.svg"), encoding: .utf8)
        #expect(histogram.contains("cases") && histogram.contains("zero"))
    }

    /// No association: the I4.0 column permuted within sectors. No direction is claimed.
    @Test func noAssociationIsReportedAsSuch() throws {
        let data = try Self.bundled()
        let source = Self.rotationWithinSectors(data)
        let shuffled = try Self.replacingTechnologies(data) { row, values in values[source[row]] }
        let results = try ReshoringStudyAnalysis.run(data: shuffled, replicates: 99, seed: 1, permutations: 199)
        let p = try #require(results.headline.tests.first?.likelihoodRatio?.pValue)
        #expect(p >= 0.05)
        let conclusion = StudyReport(results: results).conclusion
        #expect(conclusion.contains("no evidence of an association") && conclusion.contains("built into the synthetic data is not recovered"))
        #expect(!conclusion.contains("more often") && !conclusion.contains("less often"))
    }

    /// A weak association: 30 % of the firms' technology counts rotated within their sector. The
    /// penalized LR test does not reject (p = 0.09) while the bootstrap interval of the AME (B = 99,
    /// seed 2015) excludes zero: no direction is claimed, and the sentence says the evidence is borderline.
    @Test func aWeakAssociationIsBorderlineNotAFinding() throws {
        let data = try Self.bundled()
        let source = Self.rotationWithinSectors(data)
        let weak = try Self.replacingTechnologies(data) { row, values in row % 10 < 3 ? values[source[row]] : values[row] }
        let results = try ReshoringStudyAnalysis.run(data: weak, replicates: 99, seed: 2015, permutations: 199)
        let p = try #require(results.headline.tests.first?.likelihoodRatio?.pValue)
        #expect(p > 0.05 && p < 0.2)
        let conclusion = StudyReport(results: results).conclusion
        #expect(conclusion.contains("no evidence of an association") && !conclusion.contains("more often"))
        #expect(conclusion.contains("borderline, not a finding"))
    }

    /// A negative association (technologies reversed): the direction is "less", against the brief.
    @Test func aNegativeAssociationIsReportedAgainstTheBrief() throws {
        let reversed = try Self.replacingTechnologies(Self.bundled()) { row, values in 7 - values[row] }
        let results = try ReshoringStudyAnalysis.run(data: reversed, replicates: 99, seed: 1, permutations: 199)
        let conclusion = StudyReport(results: results).conclusion
        #expect(conclusion.contains("backshore less often") && conclusion.contains("opposite of the published finding"))
    }

    static func evidence(p: Double, coefficient: Double = 0.2, bootstrap: (Double, Double)? = (0.001, 0.01),
                         nonUsers: (Int, Int) = (2, 257)) -> StudyConclusion.Evidence {
        StudyConclusion.Evidence(coefficient: coefficient, coefficientInterval: (coefficient - 0.1, coefficient + 0.1),
                                 test: (3.5, 1, p), effect: 0.005, bootstrapInterval: bootstrap, permutationPValue: nil,
                                 nonUsers: nonUsers, advanced: (14, 181))
    }

    /// Weak evidence: not significant, yet the bootstrap interval excludes zero — said, not hidden.
    @Test func weakEvidenceIsReconciledWithTheBootstrap() {
        let sentence = StudyConclusion.sentence(Self.evidence(p: 0.08))
        #expect(sentence.contains("no evidence of an association") && sentence.contains("borderline, not a finding"))
        #expect(!sentence.contains("more often"))
        // Significant with the interval across zero: the reverse sentence.
        let other = StudyConclusion.sentence(Self.evidence(p: 0.03, bootstrap: (-0.001, 0.01)))
        #expect(other.contains("backshore more often") && other.contains("rests on the test alone"))
        // Units: the AME and its interval both in percentage points.
        #expect(other.contains("+0.50 percentage points") && other.contains("-0.10 to +1.00 points"))
    }

    /// Strong evidence: p-values below 10⁻⁴ read "< 0.0001"; no backshorer among non-users gives no ratio, not nan.
    @Test func strongEvidenceAndZeroCellsAreWrittenHonestly() {
        let sentence = StudyConclusion.sentence(Self.evidence(p: 1e-9, nonUsers: (0, 257)))
        #expect(sentence.contains("p < 0.0001") && !sentence.contains("0.0000"))
        #expect(sentence.contains("ratio is not defined") && !sentence.contains("nan") && !sentence.contains("inf"))
        #expect(StudyConclusion.technologies(1) == "1 technology" && StudyConclusion.technologies(0) == "0 technologies")
    }

    @Test func niceTicksAreRound() {
        let ticks = NiceTicks.ticks(0, 0.1127, count: 5)
        #expect(ticks.count == 7 && ticks.first == 0 && abs((ticks.last ?? 0) - 0.12) < 1e-12 && abs(ticks[1] - 0.02) < 1e-12)
        let wide = NiceTicks.ticks(-0.3, 1.4, count: 6)
        #expect(abs((wide.first ?? 0) + 0.4) < 1e-12 && (wide.last ?? 0) >= 1.4 && abs(wide[1] - wide[0] - 0.2) < 1e-12)
        #expect(NiceTicks.label(0.04, step: 0.02) == "0.04" && NiceTicks.label(4, step: 2, suffix: " %") == "4 %")
        #expect(svgEscape("<script>&\"") == "&lt;script&gt;&amp;&quot;")
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
