import Foundation

// Every error a Swift caller can print: `localizedDescription` is the message (what, where, how to fix).

extension ModelError: LocalizedError {
    /// The description, for `localizedDescription`.
    public var errorDescription: String? { description }
}

extension CovarianceError: LocalizedError {
    /// The description, for `localizedDescription`.
    public var errorDescription: String? { description }
}

extension GLMError: LocalizedError {
    /// The description, for `localizedDescription`.
    public var errorDescription: String? { description }
}

extension AbsorbedFitError: LocalizedError {
    /// The description, for `localizedDescription`.
    public var errorDescription: String? { description }
}
