import Foundation

// Every error a Swift caller can print: `localizedDescription` is the message (what, where, how to fix).

extension BootstrapError: LocalizedError {
    /// The description, for `localizedDescription`.
    public var errorDescription: String? { description }
}

extension BootstrapIntervalError: LocalizedError {
    /// The description, for `localizedDescription`.
    public var errorDescription: String? { description }
}

extension ReplicateFailure: LocalizedError, CustomStringConvertible {
    /// The reason the replicate failed.
    public var description: String { "bootstrap replicate failed: \(reason)" }
    /// The description, for `localizedDescription`.
    public var errorDescription: String? { description }
}
