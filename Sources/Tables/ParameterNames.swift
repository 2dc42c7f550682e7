/// How an error message names the caller's parameters: by the library's argument labels (the
/// default, `level`, `model: .firth`) or by a front end's own names (`reshore`'s `--level`,
/// `--model firth`). An error that names parameters renders them through this, where it is made,
/// so no front end substitutes text over a message or a report (issue 29, item 18: rewriting
/// "level: " over a whole report turned a factor level named `level: a` into `--level: a`).
public struct ParameterNames: Sendable {
    /// Whose words: the Swift API's, or a command line's (examples are then written as flags).
    public enum Style: Sendable { case library, commandLine }
    /// Library label → the front end's name; labels not listed stay as they are.
    public let names: [String: String]
    /// Whose words these are.
    public let style: Style

    /// Names for a front end.
    public init(_ names: [String: String], style: Style) {
        self.names = names
        self.style = style
    }

    /// The library's own labels.
    public static let library = ParameterNames([:], style: .library)

    /// The name of `parameter` (a library label such as `level` or `model: .firth`).
    public subscript(_ parameter: String) -> String { names[parameter] ?? parameter }
}

/// An error whose message names parameters: `description` uses the library's labels,
/// `description(naming:)` a front end's.
public protocol ParameterNamingError: Error, CustomStringConvertible {
    /// The message with parameters named by `naming`.
    func description(naming: ParameterNames) -> String
}

extension ParameterNamingError {
    /// The message with the library's labels.
    public var description: String { description(naming: .library) }
}
