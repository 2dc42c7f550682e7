import CLAPACKE
#if canImport(Glibc)
import Glibc
#endif
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

    /// Makes OpenBLAS's pool threads sleep as soon as they are idle, instead of spinning.
    ///
    /// Why: an idle OpenBLAS pool thread spins on `sched_yield` for 2²⁸ cycles (about 0.1 s) after
    /// its last job, and the pool is started again whenever the thread count is set: Regress pins
    /// BLAS to one thread around every fit, so a pool thread spun beside Regress's own parallel
    /// loops for most of a short run. On two cores `reshore fit --bootstrap 2000` on 1,282 rows
    /// took 0.355 s with it spinning and 0.29 s without, and it spent 0.1 s of system time in
    /// `sched_yield` (Docs/performance.md).
    ///
    /// How: OpenBLAS reads the spin length from `OPENBLAS_THREAD_TIMEOUT` when it starts its pool;
    /// this sets it to OpenBLAS's minimum (2⁴ cycles) unless the environment already sets it,
    /// has OpenBLAS read its environment again, and shuts the pool down, so that its next start
    /// uses the short timeout. A multithreaded call then wakes a sleeping thread (a condition
    /// variable) instead of finding it spinning.
    ///
    /// Call it at program start, before other threads run (it changes the environment) and
    /// while no BLAS call is in flight; `reshore` does. Where the OpenBLAS build has no pool (a
    /// serial or OpenMP build, without `blas_thread_shutdown_`), it does nothing.
    public static func sleepWhenIdle() {
        #if canImport(Glibc)
        let library = UnsafeMutableRawPointer(bitPattern: 0)   // RTLD_DEFAULT
        guard let readEnvironment = dlsym(library, "openblas_read_env"),
              let shutdown = dlsym(library, "blas_thread_shutdown_") else { return }
        if getenv("OPENBLAS_THREAD_TIMEOUT") == nil { setenv("OPENBLAS_THREAD_TIMEOUT", "4", 0) }
        unsafeBitCast(readEnvironment, to: (@convention(c) () -> Void).self)()
        _ = unsafeBitCast(shutdown, to: (@convention(c) () -> Int32).self)()
        #endif
    }

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
