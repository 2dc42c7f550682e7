/// Errors in the inputs of a model fit. Each message says what is wrong and how to fix it.
public enum ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The response and the design matrix have different numbers of rows.
    case dimensionMismatch(responseCount: Int, designRows: Int)
    /// The number of term names differs from the number of design columns.
    case termCountMismatch(names: Int, columns: Int)
    /// Fewer observations than estimable parameters (no residual degrees of freedom).
    case tooFewObservations(observations: Int, parameters: Int)
    /// The design or the response holds a NaN or infinite value.
    case nonFiniteValue(variable: String, row: Int)
    /// The design has no columns.
    case emptyDesign

    public var description: String {
        switch self {
        case .dimensionMismatch(let response, let design):
            return "the response has \(response) values but the design matrix has \(design) rows; they must describe the same observations"
        case .termCountMismatch(let names, let columns):
            return "\(names) term name\(names == 1 ? " was" : "s were") given for \(columns) design column\(columns == 1 ? "" : "s"); give one name per column"
        case .tooFewObservations(let n, let p):
            return "\(n) observations cannot estimate \(p) parameters with a residual variance; use more observations or fewer terms"
        case .nonFiniteValue(let variable, let row):
            return "\(variable) is NaN or infinite in row \(row + 1); remove or impute that row before fitting"
        case .emptyDesign:
            return "the design matrix has no columns; a model needs at least one term"
        }
    }
}
