import Foundation

// Every error a Swift caller can print: `localizedDescription` is the message (what, where, how to fix).

extension DataError: LocalizedError {
    /// The description, for `localizedDescription`.
    public var errorDescription: String? { description }
}
