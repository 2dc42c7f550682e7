import Foundation

// Every error a Swift caller can print: `localizedDescription` is the message (what, where, how to fix).

extension NewDataError: LocalizedError {
    /// The description, for `localizedDescription`.
    public var errorDescription: String? { description }
}

extension FormulaError: LocalizedError {
    /// The description, for `localizedDescription`.
    public var errorDescription: String? { description }
}

extension CounterfactualError: LocalizedError {
    /// The description, for `localizedDescription`.
    public var errorDescription: String? { description }
}
