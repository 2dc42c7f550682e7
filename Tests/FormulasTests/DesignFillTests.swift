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
