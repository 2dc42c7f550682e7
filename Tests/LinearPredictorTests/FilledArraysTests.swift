import Testing
@testable import LinearPredictor
@testable import LinearAlgebra

/// `FilledArrays.make` (issue 35: the result pass writes its per-row arrays in place from the
/// sweep's parallel chunks): the arrays come back in order, each holding what was written.
struct FilledArraysTests {
    @Test(arguments: [0, 1, 5, 70_000, 200_000])
    func eachArrayHoldsWhatItsChunksWrote(length: Int) {
        let arrays = FilledArrays.make(count: 3, length: length) { pointers in
            nonisolated(unsafe) let columns = pointers
            _ = Matrix.rowChunks(length) { rows -> Int in
                for i in rows {
                    for (k, column) in columns.enumerated() { column[i] = Double(1000 * k + i) }
                }
                return rows.count
            }
        }
        #expect(arrays.count == 3)
        for (k, array) in arrays.enumerated() {
            #expect(array == (0..<length).map { Double(1000 * k + $0) })
        }
    }

    @Test func noArraysAskedForNone() {
        #expect(FilledArrays.make(count: 0, length: 10) { _ in Issue.record("fill ran") }.isEmpty)
        #expect(FilledArrays.make(count: 2, length: 0) { _ in Issue.record("fill ran") } == [[], []])
    }
}
