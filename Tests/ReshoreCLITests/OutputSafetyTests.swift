import Foundation
import Testing
import TestSupport

/// Issue 29, items 4–6, through the binary: no run overwrites or truncates the file it reads,
/// replaces a link or device at an output, or answers a bad output path with a Foundation dump.
struct OutputSafetyTests {
    static let csv = "y,x\n1,2.5\n0,1.0\n1,3.5\n0,0.5\n1,2.0\n0,1.5\n1,0.7\n0,2.2\n1,1.9\n0,1.1\n"

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("regress-cli-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func saveReplicatesCompanionFileNeverOverwritesTheData() throws {
        let dir = try makeTemporaryFolder("regress-cli-output")
        defer { try? FileManager.default.removeItem(at: dir) }
        // The data file is named so that PATH.jackknife.csv (BCa's companion file) is the data.
        let data = dir.appendingPathComponent("r.csv.jackknife.csv")
        try Data(Self.csv.utf8).write(to: data)
        let result = try ReshoreBinary.run(["fit", "--data", data.path, "--formula", "y ~ x", "--bootstrap", "19",
                                            "--save-replicates", dir.appendingPathComponent("r.csv").path])
        #expect(result.status != 0)
        #expect(result.error.contains("is a file this run reads"), "\(result.error)")
        #expect(try String(contentsOf: data, encoding: .utf8) == Self.csv)
        // Neither file of the pair was written.
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("r.csv").path))
        // Through a symlink to the data, too.
        let link = dir.appendingPathComponent("link.csv")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: data)
        let viaLink = try ReshoreBinary.run(["fit", "--data", data.path, "--formula", "y ~ x", "--bootstrap", "19", "--save-replicates", link.path])
        #expect(viaLink.status != 0 && viaLink.error.contains("is a file this run reads"))
        #expect(try String(contentsOf: data, encoding: .utf8) == Self.csv)
    }

    @Test func outputsToDevicesAreWrittenThroughAndAFullDeviceFails() throws {
        let null = try ReshoreBinary.run(["simulate", "--n", "20", "--out", "/dev/null"])
        #expect(null.status == 0, "\(null.error)")
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
        let full = try ReshoreBinary.run(["simulate", "--n", "20", "--out", "/dev/full"])
        #expect(full.status != 0 && full.error.contains("No space left on device"), "\(full.error)")
        let stdout = try ReshoreBinary.run(["simulate", "--n", "3", "--out", "/dev/stdout"])
        #expect(stdout.status == 0 && stdout.output.hasPrefix("firm_id,"), "\(stdout.error)")
    }

    @Test func badOutputPathsGiveAPlainMessage() throws {
        let dir = try makeTemporaryFolder("regress-cli-output")
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("d.csv")
        try Data(Self.csv.utf8).write(to: data)
        let cases: [([String], String)] = [
            (["simulate", "--n", "5", "--out", dir.path], "is a folder"),
            (["simulate", "--n", "5", "--out", ""], "is empty"),
            (["simulate", "--n", "5", "--out", dir.appendingPathComponent("no/x.csv").path], "does not exist"),
            (["fit", "--data", data.path, "--formula", "y ~ x", "--bootstrap", "9", "--save-replicates", dir.path], "is a folder"),
            (["fit", "--data", data.path, "--formula", "y ~ x", "--bootstrap", "9", "--save-replicates", ""], "is empty"),
            (["study", "--bootstrap", "99", "--out", ""], "is empty"),
            (["study", "--bootstrap", "99", "--out", "/dev/null/report"], "Not a directory"),
        ]
        for (arguments, expected) in cases {
            let result = try ReshoreBinary.run(arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.error.contains(expected), "\(arguments): \(result.error)")
            #expect(!result.error.contains("NSCocoaErrorDomain") && !result.error.contains("error 512"), "\(arguments): \(result.error)")
        }
    }
}
