import Foundation
import Testing
import TestSupport

/// Runs the built `reshore` binary, as a user would.
enum ReshoreBinary {
    /// `.build/<configuration>/reshore`, next to the test bundle.
    static var url: URL? {
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("reshore")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    static func run(_ arguments: [String], environment: [String: String]? = nil,
                    executable other: URL? = nil) throws -> (status: Int32, output: String, error: String) {
        struct NotBuilt: Error, CustomStringConvertible { var description: String { "reshore binary not built; run `swift build` first" } }
        guard let executable = other ?? url else { throw NotBuilt() }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }
}

struct AccuracyCommandTests {
    @Test func jsonHasTheDocumentedShapeAndPassesTheBar() throws {
        let result = try ReshoreBinary.run(["accuracy", "--format", "json"])
        #expect(result.status == 0, "\(result.error)")
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        let datasets = try #require(object?["datasets"] as? [[String: Any]])
        #expect(datasets.count == 11)
        for dataset in datasets {
            for key in ["coefficientsLRE", "standardErrorsLRE", "residualSDLRE", "rSquaredLRE"] {
                let value = try #require(dataset[key] as? Double, "\(key) missing")
                #expect(value >= 10, "\(dataset["name"] ?? "?") \(key) = \(value)")
            }
        }
        #expect(datasets.map { $0["name"] as? String } .contains("Filip"))
        // Keys in the documented order.
        let firstKeys = ["\"name\"", "\"coefficientsLRE\"", "\"standardErrorsLRE\"", "\"residualSDLRE\"", "\"rSquaredLRE\""]
        let positions = firstKeys.compactMap { result.output.range(of: $0)?.lowerBound }
        #expect(positions.count == 5 && positions == positions.sorted())
    }

    @Test func textTableListsEveryDataset() throws {
        let result = try ReshoreBinary.run(["accuracy"])
        #expect(result.status == 0)
        for name in ["Norris", "Pontius", "NoInt1", "NoInt2", "Filip", "Longley", "Wampler1", "Wampler5"] {
            #expect(result.output.contains(name))
        }
        #expect(result.output.contains("All 11 datasets at or above the bar"))
    }

    @Test func missingFixtureFolderIsAClearError() throws {
        let result = try ReshoreBinary.run(["accuracy", "--fixtures", "/nonexistent/folder"])
        #expect(result.status != 0)
        #expect(result.error.contains("Norris.dat") || result.error.contains("nonexistent"))
    }

    @Test func invalidFormatIsRejectedWithTheChoices() throws {
        let result = try ReshoreBinary.run(["accuracy", "--format", "xml"])
        #expect(result.status != 0)
        #expect(result.error.contains("text") && result.error.contains("json"))
    }
}

struct StudyCommandTests {
    @Test func defaultRunReproducesTheStudy() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reshore-cli-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try ReshoreBinary.run(["--out", directory, "--bootstrap", "99"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("SYNTHETIC DATA") && result.output.contains("Conclusion:"))
        #expect(FileManager.default.fileExists(atPath: directory + "/report.md"))
        let missing = try ReshoreBinary.run(["study", "--data", FixtureFiles.url("reference/birthwt.csv").path])
        #expect(missing.status != 0 && missing.error.contains("the study needs a column 'backshored'"))
    }

    @Test func simulateWritesTheBundledFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try ReshoreBinary.run(["simulate", "--calibrated", "--n", "1282", "--seed", "2015", "--out", path])
        #expect(result.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(contentsOf: FixtureFiles.url("ems2015-synthetic.csv")))
    }
}
