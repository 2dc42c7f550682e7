import Testing
import Tables
@testable import Formulas

/// `DesignFill.assemble` (issue 35: the design's columns written in parallel) against the columns
/// written one after another, on both sides of the parallel threshold, with indicator blocks split
/// across workers and a short column padded.
struct DesignFillTests {
    /// The buffer the old builder appended column by column.
    static func serial(_ fills: [DesignFill], rows n: Int) -> [Double] {
        var storage = [Double]()
        for fill in fills {
            switch fill {
            case .values(let values):
                storage += values.prefix(n) + [Double](repeating: 0, count: max(0, n - values.count))
            case .constant(let value):
                storage += [Double](repeating: value, count: n)
            case .indicators(let codes, let levels):
                let base = storage.count
                storage += [Double](repeating: 0, count: n * levels.count)
                for (i, code) in codes.enumerated() where levels.contains(code) { storage[base + (code - levels.lowerBound) * n + i] = 1 }
            }
        }
        return storage
    }

    static func fills(rows n: Int, levels: Int) -> [DesignFill] {
        let codes = (0..<n).map { ($0 * 7919) % levels }
        return [.constant(1),
                .values((0..<n).map { Double($0) * 0.5 - 3 }),
                .indicators(codes: codes, levels: 1..<levels),          // treatment coding
                .values((0..<n).map { Double(($0 * 31) % 17) }),
                .indicators(codes: codes.map { $0 % 3 }, levels: 0..<3)]   // full coding
    }

    @Test(arguments: [(10, 4), (1_000, 5), (100_000, 40), (300_000, 3)])
    func equalsTheSerialColumns(rows: Int, levels: Int) {
        let fills = Self.fills(rows: rows, levels: levels)
        let assembled = DesignFill.assemble(fills, rows: rows)
        #expect(assembled.count == rows * fills.reduce(0) { $0 + $1.width })
        #expect(assembled == Self.serial(fills, rows: rows))
    }

    @Test func aShortColumnIsPaddedNotOverRead() {
        let fills: [DesignFill] = [.values([1, 2]), .values([3, 4, 5])]
        #expect(DesignFill.assemble(fills, rows: 3) == [1, 2, 0, 3, 4, 5])
    }

    @Test func noColumnsGiveAnEmptyBuffer() {
        #expect(DesignFill.assemble([], rows: 5).isEmpty)
        #expect(DesignFill.assemble([.indicators(codes: [0, 1], levels: 1..<1)], rows: 2).isEmpty)
    }
}

/// Which designs are held as their columns (`DesignColumns`): numeric terms and the intercept,
/// fewer columns than a block's threshold; a factor's indicators, or a strategy whose threshold a
/// numeric design reaches, keep the dense matrix (so no block goes unfound). The numbers are the
/// same either way.
struct DesignHeldAsColumnsTests {
    static func table() throws -> DataTable {
        var data = DataTable()
        let n = 40
        try data.addColumn(Column(name: "y", numeric: (0..<n).map { Double($0 % 2) }))
        try data.addColumn(Column(name: "x", numeric: (0..<n).map { Double(($0 * 7) % 13) - 6 }))
        try data.addColumn(Column(name: "z", numeric: (0..<n).map { Double(($0 * 5) % 11) / 4 }))
        try data.addColumn(Column(name: "g", strings: (0..<n).map { ["a", "b", "c"][$0 % 3] }))
        return data
    }

    @Test func numericDesignsAreHeldAsColumnsAndAnswerAsTheDenseOnes() throws {
        let data = try Self.table()
        let numeric = try ModelFrame(formula: "y ~ x + z + x:z + log(z + 1)", data: data)
        #expect(numeric.designMatrix.isHeldAsColumns)
        let dense = try ModelFrame(formula: "y ~ x + z + x:z + log(z + 1)", data: data, storage: .dense)
        #expect(dense.designMatrix.isHeldAsColumns)   // no threshold: nothing to find
        #expect(numeric.design.storage == dense.design.storage && numeric.columnNames == dense.columnNames)
        #expect(try !ModelFrame(formula: "y ~ x + C(g)", data: data).designMatrix.isHeldAsColumns)
        let coded = try ModelFrame(formula: "y ~ x + z", data: data, storage: .coded(minimumColumns: 2))
        #expect(!coded.designMatrix.isHeldAsColumns)
        #expect(coded.design.storage == (try ModelFrame(formula: "y ~ x + z", data: data)).design.storage)
    }
}
