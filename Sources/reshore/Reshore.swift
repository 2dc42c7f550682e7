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

    /// Every subcommand's entry: OpenBLAS's idle pool threads are made to sleep first, at
    /// program start, before any thread or BLAS call (`BLASThreads.sleepWhenIdle`), then the
    /// arguments are parsed and the command runs.
    static func main() {
        BLASThreads.sleepWhenIdle()
        main(nil)
    }
}

/// Output formats shared by the subcommands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
