import Foundation
import Testing
import TestSupport
import Regress
@testable import ReshoringStudy
import Certification

/// The simulator against every figure in shared/reshoring-facts.md (Docs/calibration.md).
struct CalibrationTests {
    static let large: DataTable? = try? SurveySimulator.simulate(n: 100_000, seed: 1)

    static func values(_ table: DataTable, _ name: String) -> [Double] { table[name]?.numericValues ?? [] }

    static func rate(_ table: DataTable, _ name: String, where keep: (Int) -> Bool = { _ in true }) -> (rate: Double, n: Double) {
        let values = Self.values(table, name)
        let rows = values.indices.filter(keep)
        return (rows.reduce(0) { $0 + values[$1] } / Double(rows.count), Double(rows.count))
    }

    /// |observed − target| within `k` binomial standard errors.
    static func near(_ observed: (rate: Double, n: Double), _ target: Double, k: Double = 4) -> Bool {
        abs(observed.rate - target) <= k * (target * (1 - target) / observed.n).squareRoot()
    }

    @Test func statedFiguresHoldInExpectation() throws {
        let data = try #require(Self.large)
        let parameters = SimulationParameters()
        #expect(Self.near(Self.rate(data, "backshored"), 0.031))                                    // ≈ 3 % (S)
        #expect(Self.near(Self.rate(data, "offshored"), 0.09))                                      // 9 % (S)
        let levels = data["i40_level"]
        for (index, level) in SurveySchema.levels.enumerated() {
            let inLevel = { (row: Int) in levels?.text(at: row) == level }
            #expect(Self.near(Self.rate(data, "backshored", where: inLevel), parameters.backshoringRate[index]), "\(level)")
            let share = Double((0..<data.rowCount).filter(inLevel).count) / Double(data.rowCount)
            #expect(abs(share - parameters.levelShares[index]) <= 4 * (parameters.levelShares[index] * 0.8 / Double(data.rowCount)).squareRoot())
        }
        let states = data["state"]
        let nrw = { (row: Int) in states?.text(at: row) == "Nordrhein-Westfalen" }
        #expect(Self.near(Self.rate(data, "backshored", where: nrw), 0.039))   // S
        // NRW uses digital technologies somewhat less intensively (S, direction).
        let technologies = Self.values(data, "i40_technologies")
        func meanTechnologies(_ keep: (Int) -> Bool) -> Double {
            let rows = technologies.indices.filter(keep)
            return rows.reduce(0) { $0 + technologies[$1] } / Double(rows.count)
        }
        #expect(meanTechnologies(nrw) < meanTechnologies({ !nrw($0) }) - 0.2)
        // Offshoring is unrelated to Industrie 4.0 given size and sector (S): the placebo model's
        // I4.0 coefficient is within 4 SE of 0. Production abroad rises with size (A).
        let placebo = try BinaryRegression.fit("offshored ~ i40_technologies + log(employees) + C(sector)", data: data, model: .logit)
        let i40 = try #require(placebo.fit.coefficient("i40_technologies"))
        #expect(abs(i40.estimate ?? 1) < 4 * (i40.standardError ?? 0))
        let abroadModel = try BinaryRegression.fit("production_abroad ~ log(employees)", data: data, model: .logit)
        #expect(abs((abroadModel.fit.coefficient("log(employees)")?.estimate ?? 0) - parameters.abroadSizeSlope) < 0.05)
        #expect(Self.near(Self.rate(data, "production_abroad"), parameters.productionAbroad))
        // Backshoring only by firms with production abroad.
        let abroad = Self.values(data, "production_abroad"), back = Self.values(data, "backshored")
        #expect(!zip(abroad, back).contains { $0 == 0 && $1 == 1 })
        // Motives (S: > 50 %, > 50 %, about 25 %) and origins (S: EU-15 about one third, North America 16 %, outside Europe > 55 %).
        let isBackshorer = { (row: Int) in back[row] == 1 }
        #expect(Self.rate(data, "motive_flexibility", where: isBackshorer).rate > 0.5)
        #expect(Self.rate(data, "motive_quality", where: isBackshorer).rate > 0.5)
        #expect(Self.near(Self.rate(data, "motive_coordination", where: isBackshorer), 0.25))
        let origins = data["origin_region"]
        let backshorers = (0..<data.rowCount).filter(isBackshorer)
        func share(_ regions: Set<String>) -> Double {
            Double(backshorers.filter { regions.contains(origins?.text(at: $0) ?? "") }.count) / Double(backshorers.count)
        }
        #expect(abs(share(["EU-15"]) - 1.0 / 3) < 0.03)
        #expect(share(["EU-15"]) > share(["Asia"]))                 // EU-15 is the largest origin (S)
        #expect(abs(share(["North_America"]) - 0.16) < 0.03)
        #expect(share(["North_America", "Asia", "other"]) > 0.55)
        // Most backshoring in electrical equipment, computer/electronics, automotive (S).
        let sectors = data["sector"]
        let bySector = Dictionary(grouping: 0..<data.rowCount) { sectors?.text(at: $0) ?? "" }
            .mapValues { rows in rows.reduce(0.0) { $0 + back[$1] } / Double(rows.count) }
        let top = bySector.sorted { $0.value > $1.value }.prefix(3).map(\.key)
        #expect(Set(top) == ["electrical_equipment", "computer_electronics", "automotive"])
        // Advanced firms backshore about 10 times as often as non-users (S), and adoption rises with size.
        #expect(parameters.backshoringRate[3] / parameters.backshoringRate[0] == 10)
    }

    @Test func bundledFileIsRegeneratedByteForByte() throws {
        let bundled = try Data(contentsOf: FixtureFiles.url("ems2015-synthetic.csv"))
        let regenerated = Data(CSVWriter.string(try SurveySimulator.calibratedSample(n: 1282, seed: 2015)).utf8)
        #expect(bundled == regenerated)
    }

    /// The published 3 % and 10× are figures of one realised sample, so the bundled file matches the
    /// margins exactly (a random draw had 29 events and a ratio of 6.4).
    @Test func bundledFileMatchesThePublishedMarginsExactly() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("ems2015-synthetic.csv"))
        #expect(data.rowCount == 1282)                                                                          // S
        #expect(data["data"]?.levels == ["synthetic"])
        let back = Self.values(data, "backshored"), off = Self.values(data, "offshored")
        let events = back.reduce(0, +)
        #expect(events == 39)                                                                                   // ≈ 3 % (S)
        #expect(abs(events / 1282 - 0.03) < 0.001)
        #expect(off.reduce(0, +) == 115)                                                                        // 9 % (S)
        let levels = data["i40_level"]
        func levelRate(_ level: String) -> Double { Self.rate(data, "backshored", where: { levels?.text(at: $0) == level }).rate }
        #expect(abs(levelRate("advanced") / levelRate("non-user") - 10) < 0.5)                                 // 10× (S)
        let states = data["state"]
        let nrw = Self.rate(data, "backshored", where: { states?.text(at: $0) == "Nordrhein-Westfalen" }).rate
        #expect(nrw < 0.04 && nrw > 0.035)                                                                      // just under 4 % (S)
        let isBackshorer = { (row: Int) in back[row] == 1 }
        #expect(Self.rate(data, "motive_flexibility", where: isBackshorer).rate > 0.5)                         // S
        #expect(Self.rate(data, "motive_quality", where: isBackshorer).rate > 0.5)                             // S
        #expect(abs(Self.rate(data, "motive_coordination", where: isBackshorer).rate - 0.25) < 0.02)          // S
        let origins = data["origin_region"]
        let counts = Dictionary(grouping: (0..<data.rowCount).filter(isBackshorer)) { origins?.text(at: $0) ?? "" }.mapValues(\.count)
        #expect(counts.values.reduce(0, +) == 39)
        #expect(counts["EU-15"] == 13 && counts.allSatisfy { $0.key == "EU-15" || $0.value < 13 })          // the largest, ⅓ (S)
        #expect(counts["North_America"] == 6)                                                                   // 16 % (S)
        #expect(Double((counts["North_America"] ?? 0) + (counts["Asia"] ?? 0) + (counts["other"] ?? 0)) / 39 > 0.55)
        #expect(!zip(Self.values(data, "production_abroad"), back).contains { $0 == 0 && $1 == 1 })
    }

    /// The margins' counts: rounding, the 10× ratio and "just under 4 %" (closed forms).
    @Test func calibratedCountsFollowTheirRules() {
        let parameters = SimulationParameters()
        #expect(SurveySimulator.Calibration.backshorerCounts(levelSizes: [257, 439, 405, 181], parameters: parameters) == [2, 9, 14, 14])
        #expect(SurveySimulator.Calibration.backshorerCounts(levelSizes: [40, 70, 60, 30], parameters: parameters)[0] == 1)
        #expect(SurveySimulator.Calibration.northRhineWestphaliaCount(firms: 278, parameters: parameters) == 11)
        #expect(SurveySimulator.Calibration.northRhineWestphaliaCount(firms: 100, parameters: parameters) == 3)
        #expect(SurveySimulator.Calibration.apportioned([0.34, 0.10, 0.16, 0.31, 0.09], total: 39) == [13, 4, 6, 12, 4])
    }
}
