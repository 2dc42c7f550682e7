import Foundation
import Testing
import Regress
import TestSupport

/// Issue 33, item 1: `observations()` against R (`Fixtures/inference/make-observations.R`): fitted
/// values, residuals, hat values, standardized residuals, Cook's distance and dfbeta for a logit
/// and a probit with weights, rows dropped for a missing value and a zero weight present and empty.
struct ObservationDiagnosticsTests {
    @Test(arguments: [ModelKind.logit, .probit])
    func everyColumnMatchesR(_ kind: ModelKind) throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("inference/observations-data.csv"))
        let model = try BinaryRegression.fit("low ~ age + lwt + C(race) + smoke", data: data, model: kind, weights: Weights("w"))
        let table = try model.observations()
        #expect(table.rowCount == data.rowCount)
        #expect(table["row"]?.numericValues?.prefix(3) == [1, 2, 3])
        var expected = [Int: [String: Double]]()
        for row in try FixtureFiles.table("inference/observations-reference.csv") where row["case"] == kind.rawValue {
            guard let r = row["row"].flatMap({ Int($0) }), let item = row["item"], let value = row["value"].flatMap(Double.init) else { continue }
            expected[r, default: [:]][item] = value
        }
        #expect(expected.count == data.rowCount - 3)
        for (row, items) in expected {
            for (item, value) in items {
                let got = try #require(table[item]?.numericValues?[row - 1], "\(item)")
                let tolerance = item.hasPrefix("dfbeta") || item == "cooks_distance" ? 1e-6 : 1e-8
                #expect(abs(got - value) <= tolerance * max(abs(value), 1e-3), "\(kind) row \(row) \(item): \(got) vs R \(value)")
            }
        }
        // Rows 5 and 40 (lwt missing) and 10 (weight 0) are present and empty.
        for row in [5, 10, 40] { #expect(table["fitted"]?.missing[row - 1] == true && table["row"]?.numericValues?[row - 1] == Double(row)) }
    }
}
