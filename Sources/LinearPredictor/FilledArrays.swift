/// Arrays of doubles written in place by parallel workers.
///
/// Why: a pass that returns several per-row arrays built them per chunk and then joined the chunks
/// on one core (`flatMap`): on the 10⁶-row fit's result pass, five arrays of 8 MB, copied and
/// first touched serially after the parallel work. Here each worker writes its rows of the final
/// arrays directly, and their pages are first touched by the worker that fills them.
package enum FilledArrays {
    /// `count` arrays of `length` doubles; `fill` receives their base addresses and must write
    /// every element of each (the workers it runs write disjoint rows). With `length` 0 the arrays
    /// are empty and `fill` is not called.
    package static func make(count: Int, length: Int, fill: ([UnsafeMutablePointer<Double>]) -> Void) -> [[Double]] {
        guard length > 0, count > 0 else { return [[Double]](repeating: [], count: max(0, count)) }
        var arrays = [[Double]]()
        arrays.reserveCapacity(count)
        func build(_ pointers: [UnsafeMutablePointer<Double>]) {
            if pointers.count == count {
                fill(pointers)
                return
            }
            let array = [Double](unsafeUninitializedCapacity: length) { buffer, initialized in
                if let base = buffer.baseAddress { build(pointers + [base]) }
                initialized = length
            }
            arrays.insert(array, at: 0)
        }
        build([])
        return arrays
    }
}
