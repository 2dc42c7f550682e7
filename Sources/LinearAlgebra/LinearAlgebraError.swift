/// Errors thrown by the linear-algebra layer. Every non-zero LAPACK `info` becomes one of these.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The operation received a matrix or vector with no elements.
    case empty(operation: String)
    /// An input element is NaN or infinite (zero-based position).
    case nonFiniteInput(operation: String, row: Int, column: Int)
    /// The matrix is exactly singular: pivot / diagonal element `index` (zero-based) is zero.
    case singular(operation: String, index: Int)
    /// Cholesky failed: the leading minor of order `leadingMinor` (one-based, as LAPACK reports
    /// it) is not positive, so the matrix is not positive definite.
    case notPositiveDefinite(leadingMinor: Int)
    /// An iterative LAPACK routine (the SVD) did not converge; `count` superdiagonals remained.
    case noConvergence(operation: String, count: Int)
    /// LAPACK rejected argument number `position` (a bug in Regress; please report it).
    case invalidArgument(operation: String, position: Int)

    public var description: String {
        switch self {
        case .empty(let operation):
            return "\(operation): the matrix has no elements; supply at least one row and one column"
        case .nonFiniteInput(let operation, let row, let column):
            return "\(operation): element at row \(row + 1), column \(column + 1) is not finite (NaN or infinity); remove or impute it first"
        case .singular(let operation, let index):
            return "\(operation): the matrix is singular (diagonal element \(index + 1) of the factor is exactly zero)"
        case .notPositiveDefinite(let minor):
            return "Cholesky factorization: the leading minor of order \(minor) is not positive, so the matrix is not positive definite"
        case .noConvergence(let operation, let count):
            return "\(operation): LAPACK did not converge (\(count) off-diagonal element\(count == 1 ? "" : "s") did not reach zero)"
        case .invalidArgument(let operation, let position):
            return "\(operation): LAPACK rejected argument \(position); this is a bug in Regress"
        }
    }
}
