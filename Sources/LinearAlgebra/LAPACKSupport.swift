import CLAPACKE
import ParallelSupport

/// LAPACK's column-major layout flag (`LAPACK_COL_MAJOR`).
let columnMajorLayout: Int32 = 102

/// A LAPACK character argument such as `"U"` or `"T"`.
@inline(__always)
func lapackChar(_ character: Unicode.Scalar) -> CChar { CChar(truncatingIfNeeded: character.value) }

/// Turns a LAPACK `info` code into a typed error. `info < 0` means an invalid argument (our bug);
/// `info > 0` is routine-specific and mapped by `positive`.
@inline(__always)
func checkInfo(_ info: Int32, _ operation: String, positive: (Int) -> LinearAlgebraError) throws {
    if info < 0 { throw LinearAlgebraError.invalidArgument(operation: operation, position: Int(-info)) }
    if info > 0 { throw positive(Int(info)) }
}

extension Matrix {
    /// Throws `.empty` or `.nonFiniteInput` unless the matrix has elements and all are finite.
    func validateForFactorization(_ operation: String) throws {
        if rows == 0 || columns == 0 { throw LinearAlgebraError.empty(operation: operation) }
        if !isFinite, let position = firstNonFiniteElement {
            throw LinearAlgebraError.nonFiniteInput(operation: operation, row: position.row, column: position.column)
        }
    }
}

/// Validates a right-hand side vector.
func validateVector(_ values: [Double], _ operation: String) throws {
    if values.isEmpty { throw LinearAlgebraError.empty(operation: operation) }
    if let index = values.firstIndex(where: { !$0.isFinite }) {
        throw LinearAlgebraError.nonFiniteInput(operation: operation, row: index, column: 0)
    }
}

/// Controls OpenBLAS's own thread pool.
public enum BLASThreads {
    /// Sets the number of threads OpenBLAS uses for each call. Use 1 inside parallel workers
    /// (e.g. bootstrap replicates) so the two levels of parallelism do not fight over cores.
    public static func set(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// The number of threads OpenBLAS currently uses.
    public static var current: Int { Int(openblas_get_num_threads()) }

    /// Nesting depth and the thread count to restore, shared by all callers.
    private static let singleThreadedSections = Locked((depth: 0, saved: 1))

    /// Runs `body` with OpenBLAS pinned to one thread, restoring the previous count when the last
    /// overlapping section ends. Regress's own parallel loops (IRLS sweeps, bootstrap workers) use
    /// this: OpenBLAS's threads inside parallel workers oversubscribe the cores.
    public static func withSingleThreadedBLAS<T>(_ body: () throws -> T) rethrows -> T {
        singleThreadedSections.withLock { state in
            if state.depth == 0 { state.saved = current; set(1) }
            state.depth += 1
        }
        defer {
            singleThreadedSections.withLock { state in
                state.depth -= 1
                if state.depth == 0 { set(state.saved) }
            }
        }
        return try body()
    }
}
