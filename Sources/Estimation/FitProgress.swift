/// Progress callbacks for the phases of a fit that can take more than a second on large data.
///
/// Each callback receives `(completed, total)` and may be called from any thread. The defaults
/// report nothing. `reshore` draws them as bars on a terminal and never in a pipe.
public struct FitProgress: Sendable {
    /// IRLS: `(iteration, iteration limit)` after each iteration.
    public var iterations: (@Sendable (Int, Int) -> Void)?
    /// The separation check's linear program: `(pivots, pivot limit)`, every 256 pivots. The
    /// limit is the work budget (`Separation.defaultWorkBudget`) in pivots.
    public var separationCheck: (@Sendable (Int, Int) -> Void)?

    /// Creates callbacks; both default to none.
    public init(iterations: (@Sendable (Int, Int) -> Void)? = nil, separationCheck: (@Sendable (Int, Int) -> Void)? = nil) {
        self.iterations = iterations
        self.separationCheck = separationCheck
    }
}
