import Foundation

/// Locates files under the repository's `Fixtures/` folder from the tests.
public enum FixtureFiles {
    /// The repository root, found from this source file's compile-time path.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// URL of `Fixtures/<relativePath>`.
    public static func url(_ relativePath: String) -> URL {
        repositoryRoot.appendingPathComponent("Fixtures").appendingPathComponent(relativePath)
    }

    /// Contents of `Fixtures/<relativePath>` as UTF-8 text.
    public static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }

    /// A simple comma-separated fixture: `#` comment lines skipped, first remaining line is the
    /// header, fields are trimmed. Fixture files never quote fields.
    public static func table(_ relativePath: String) throws -> [[String: String]] {
        let lines = try text(relativePath).split(whereSeparator: \.isNewline)
            .map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        guard let header = lines.first else { return [] }
        let names = header.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.dropFirst().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            return Dictionary(uniqueKeysWithValues: zip(names, fields))
        }
    }
}

extension FixtureFiles {
    /// The `item → value` pairs of one case of a `case,item,value` reference file (the R scripts'
    /// output), e.g. `referenceCase("survey/survey-reference.csv", "strat_logit")`.
    public static func referenceCase(_ relativePath: String, _ name: String) -> [String: Double] {
        var result = [String: Double]()
        for row in (try? table(relativePath)) ?? [] where row["case"] == name {
            if let item = row["item"] { result[item] = row["value"].flatMap(Double.init) ?? .nan }
        }
        return result
    }
}

/// Relative error `|x − reference| / |reference|` (absolute error when the reference is 0).
public func relativeError(_ x: Double, _ reference: Double) -> Double {
    if x == reference { return 0 }
    return reference == 0 ? abs(x) : abs(x - reference) / abs(reference)
}

/// A fresh folder under the temporary directory (the caller removes it).
public func makeTemporaryFolder(_ prefix: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
