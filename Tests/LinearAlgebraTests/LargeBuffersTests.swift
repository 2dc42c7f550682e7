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
        #expect(values.count == capacity && values.allSatisfy { $0 == 2.5 })
    }

    @Test(arguments: [0, 7, 5_000_000])
    func aFilledArrayIsTheRepeatedValue(_ count: Int) {
        #expect(LargeBuffers.filled(-1.25, count: count) == [Double](repeating: -1.25, count: count))
        #expect(Matrix(rows: count, columns: 1, repeating: 3).storage == [Double](repeating: 3, count: count))
    }
}
