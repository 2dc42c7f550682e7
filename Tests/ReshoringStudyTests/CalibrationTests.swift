import Foundation
import Testing
import TestSupport
import Regress
import ReshoringStudy
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
            // Offshoring is unrelated to Industrie 4.0 (S).
            #expect(Self.near(Self.rate(data, "offshored", where: inLevel), 0.09), "offshoring, \(level)")
        }
        let states = data["state"]
        #expect(Self.near(Self.rate(data, "backshored", where: { states?.text(at: $0) == "Nordrhein-Westfalen" }), 0.039))   // S
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
        let regenerated = Data(CSVWriter.string(try SurveySimulator.simulate(n: 1282, seed: 2015)).utf8)
        #expect(bundled == regenerated)
    }

    @Test func bundledFileIsWithinSamplingErrorAndLabelledSynthetic() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("ems2015-synthetic.csv"))
        #expect(data.rowCount == 1282)                                                                          // S
        #expect(data["data"]?.levels == ["synthetic"])
        #expect(Self.near(Self.rate(data, "backshored"), 0.031, k: 3))
        #expect(Self.near(Self.rate(data, "offshored"), 0.09, k: 3))
    }
}
