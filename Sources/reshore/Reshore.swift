import ArgumentParser
import Regress

/// The `reshore` command-line tool. It formats what the Regress library computes.
@main
struct Reshore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reshore",
        abstract: "Binary-outcome regression for the reshoring / Industrie 4.0 study, built on Regress.",
        version: RegressVersion.current,
        subcommands: [Study.self, Fit.self, Accuracy.self, Simulate.self],
        defaultSubcommand: Study.self
    )
}

/// Output formats shared by the subcommands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
