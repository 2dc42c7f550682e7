import Foundation

// Every error a Swift caller can print: `localizedDescription` is the message (what, where, how to fix).

extension FixtureLocator.NotFound: LocalizedError {
    /// The description, for `localizedDescription`.
    public var errorDescription: String? { description }
}

extension NISTDataset.ParseError: LocalizedError {
    /// The description, for `localizedDescription`.
    public var errorDescription: String? { description }
}
