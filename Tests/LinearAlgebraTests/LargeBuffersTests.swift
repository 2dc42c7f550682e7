import Testing
import ParallelSupport
import LinearAlgebra

/// Large arrays advised for transparent huge pages (issue 16: page clearing was most of a
/// 10,000-level factor fit): the advice changes where the pages come from, never the values.
struct LargeBuffersTests {
    @Test(arguments: [0, 10, 5_000_000])
    func aReservedArrayIsEmptyWithTheRoomAsked(_ capacity: Int) {
        var values = LargeBuffers.reserved(Double.self, capacity: capacity)
        #expect(values.isEmpty)
        #expect(values.capacity >= capacity)
        values.append(contentsOf: repeatElement(2.5, count: capacity))
        #expect(values.count == capacity && Self.sampled(values).allSatisfy { $0 == 2.5 })
    }

    /// 5·10⁶ doubles (40 MB) stay below the threshold; 2²⁵ (256 MiB) are advised.
    @Test(arguments: [0, 7, 5_000_000, 1 << 25])
    func aFilledArrayIsTheRepeatedValue(_ count: Int) {
        let filled = LargeBuffers.filled(-1.25, count: count), matrix = Matrix(rows: count, columns: 1, repeating: 3)
        #expect(filled.count == count && Self.sampled(filled).allSatisfy { $0 == -1.25 })
        #expect(matrix.storage.count == count && Self.sampled(matrix.storage).allSatisfy { $0 == 3 })
    }

    /// Faulting in the room past an array's end (as the CSV reader does before each append)
    /// changes no value, before or after it; odd ranges and a range of no whole page are fine.
    @Test(arguments: [(0, 1_000_000), (3, 700_001), (1_000, 100), (999_999, 1)])
    func populatingTheRoomChangesNoValue(start: Int, count: Int) {
        var values = LargeBuffers.reserved(Double.self, capacity: 1_000_000)
        values.append(contentsOf: (0..<start).map(Double.init))
        let held = values.count
        values.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { LargeBuffers.populate(UnsafeMutableRawPointer(base + held), bytes: count * 8) }
        }
        values.append(contentsOf: (0..<count).map { -Double($0) })
        #expect(values.count == start + count)
        #expect(Self.sampled(Array(values[..<start])) == Self.sampled((0..<start).map(Double.init)))
        #expect(Self.sampled(Array(values[start...])) == Self.sampled((0..<count).map { -Double($0) }))
    }

    /// Every element of a small array; one per 4,096 (a page) of a large one, and the last.
    static func sampled(_ values: [Double]) -> [Double] {
        guard values.count > 100_000 else { return values }
        return stride(from: 0, to: values.count, by: 512).map { values[$0] } + [values[values.count - 1]]
    }
}
