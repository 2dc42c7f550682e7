import Foundation

/// Finds the repository's `Fixtures/` folder from wherever the code runs.
public enum FixtureLocator {
    /// Error when no `Fixtures/` folder with the wanted content was found.
    public struct NotFound: Error, CustomStringConvertible {
        /// The relative path that was looked for, e.g. `nist-strd`.
        public let relativePath: String
        /// Places searched.
        public let searched: [String]
        public var description: String {
            "cannot find Fixtures/\(relativePath); searched \(searched.joined(separator: ", ")). "
                + "Pass the folder explicitly or set REGRESS_FIXTURES to the repository's Fixtures folder."
        }
    }

    /// The compile-time location of this package's `Fixtures/` (valid while the checkout exists).
    static let sourceFixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Locates `Fixtures/<relativePath>`: the `REGRESS_FIXTURES` environment variable, then the
    /// current directory and its parents, then the executable's directory and its parents, then
    /// the source checkout the binary was built from.
    public static func locate(_ relativePath: String) throws -> URL {
        let fileManager = FileManager.default
        var candidates = [URL]()
        if let environment = ProcessInfo.processInfo.environment["REGRESS_FIXTURES"] {
            candidates.append(URL(fileURLWithPath: environment))
        }
        for start in [URL(fileURLWithPath: fileManager.currentDirectoryPath),
                      URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()] {
            var directory = start.standardizedFileURL
            for _ in 0..<8 {
                candidates.append(directory.appendingPathComponent("Fixtures"))
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        candidates.append(sourceFixtures)
        for candidate in candidates {
            let target = candidate.appendingPathComponent(relativePath)
            if fileManager.fileExists(atPath: target.path) { return target }
        }
        throw NotFound(relativePath: relativePath, searched: candidates.map(\.path))
    }
}
