import Foundation
import Testing
import TestSupport
import Tables
@testable import Formulas

/// Design matrices against patsy's `dmatrices` (Fixtures/formulas/make-formulas.py): column
/// names, the rows kept after listwise deletion, and every value.
struct PatsyReferenceTests {
    struct Reference: Sendable, CustomStringConvertible {
        let formula: String
        let columns: [String]
        let rows: [Int]
        let values: [[Double]]
        var description: String { formula }
    }

    static let references: [Reference] = {
        guard let data = try? Data(contentsOf: FixtureFiles.url("formulas/patsy-designs.json")),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let designs = root["designs"] as? [[String: Any]] else { return [] }
        return designs.compactMap { design in
            guard let formula = design["formula"] as? String, let columns = design["columns"] as? [String],
                  let rows = design["rows"] as? [Int], let values = design["values"] as? [[Double]] else { return nil }
            return Reference(formula: formula, columns: columns, rows: rows, values: values)
        }
    }()

    static let data: DataTable? = try? CSVReader.read(contentsOf: FixtureFiles.url("formulas/formula-data.csv"))

    @Test func atLeastTwelveFormulasAreCovered() {
        #expect(Self.references.count >= 12)
        #expect(Self.data?.rowCount == 60)
    }

    @Test(arguments: references)
    func matchesPatsy(_ reference: Reference) throws {
        let data = try #require(Self.data)
        let frame = try ModelFrame(formula: reference.formula, data: data)
        #expect(frame.columnNames == reference.columns)
        #expect(frame.rowIndices == reference.rows)
        guard frame.columnNames == reference.columns, frame.rowIndices == reference.rows else { return }
        for (j, column) in reference.values.enumerated() {
            for (i, expected) in column.enumerated() {
                let value = frame.design[i, j]
                #expect(abs(value - expected) <= 1e-13 * max(1, abs(expected)), "\(reference.columns[j]) row \(i)")
            }
        }
    }

    @Test func rSyntaxGivesTheSameValuesAsPatsySyntax() throws {
        let data = try #require(Self.data)
        let r = try ModelFrame(formula: "y ~ I(x1^2) + C(sector, ref=\"Food\")", data: data)
        let patsy = try ModelFrame(formula: "y ~ I(x1**2) + C(sector, Treatment(reference=\"Food\"))", data: data)
        #expect(r.design == patsy.design)
        #expect(r.columnNames.contains("I(x1^2)"))
        #expect(r.columnNames.contains("C(sector, ref=\"Food\")[T.Machinery]"))
    }
}
