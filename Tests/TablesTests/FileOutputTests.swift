import Foundation
import Testing
import TestSupport
import ParallelSupport
@testable import Tables

/// Issue 29, items 4–6: outputs never destroy an input, never replace a link, FIFO or device, and
/// refuse folders, empty paths and missing folders with a message that says what to do.
struct FileOutputTests {
    @Test func anOutputThatIsAnInputIsRefusedByIdentityNotByName() throws {
        let dir = try makeTemporaryFolder("regress-output")
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data.csv")
        try Data("y,x\n1,2\n".utf8).write(to: data)
        let inputs: Set<FileIdentity> = [try #require(FileIdentity(path: data.path))]
        // The same file by another name: a symlink, a hard link, a path with "./" and "..".
        let link = dir.appendingPathComponent("link.csv"), hard = dir.appendingPathComponent("hard.csv")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: data)
        try FileManager.default.linkItem(at: data, to: hard)
        for path in [data.path, link.path, hard.path, dir.path + "/./sub/../data.csv".replacingOccurrences(of: "/sub/..", with: "")] {
            #expect(throws: FileOutputError.wouldOverwriteInput(path: path, purpose: "x")) {
                try FileOutput.write("boom", to: path, purpose: "x", protecting: inputs)
            }
        }
        #expect(try String(contentsOf: data, encoding: .utf8) == "y,x\n1,2\n")
    }

    @Test func aSymlinkAtTheTargetStaysALinkAndItsFileIsReplaced() throws {
        let dir = try makeTemporaryFolder("regress-output")
        defer { try? FileManager.default.removeItem(at: dir) }
        let real = dir.appendingPathComponent("real.csv"), link = dir.appendingPathComponent("link.csv")
        try Data("old\n".utf8).write(to: real)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        try FileOutput.write("new\n", to: link.path)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == real.path)
        #expect(try String(contentsOf: real, encoding: .utf8) == "new\n")
        // A dangling link: the file it names is created, the link kept.
        let dangling = dir.appendingPathComponent("dangling.csv"), target = dir.appendingPathComponent("target.csv")
        try FileManager.default.createSymbolicLink(atPath: dangling.path, withDestinationPath: "target.csv")
        try FileOutput.write("made\n", to: dangling.path)
        #expect(try String(contentsOf: target, encoding: .utf8) == "made\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dangling.path) == "target.csv")
    }

    @Test func aRegularFileIsReplacedAtomicallyKeepingItsPermissions() throws {
        let dir = try makeTemporaryFolder("regress-output")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("out.csv")
        try Data("old\n".utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file.path)
        try FileOutput.write("new\n", to: file.path)
        #expect(try String(contentsOf: file, encoding: .utf8) == "new\n")
        #expect((try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int) == 0o640)
        // No temporary file is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.csv"])
    }

    @Test func devicesAndFIFOsAreWrittenThroughNeverReplaced() throws {
        try FileOutput.write("discarded\n", to: "/dev/null")
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
        // /dev/full: the failed write is an error, not a silent success.
        #expect(throws: FileOutputError.refused(path: "/dev/full", reason: String(cString: strerror(ENOSPC)))) {
            try FileOutput.write("x", to: "/dev/full")
        }
        // A FIFO stays a FIFO and its reader gets the bytes.
        let dir = try makeTemporaryFolder("regress-output")
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // The reader reads to the end with read(2) (Foundation's String(contentsOfFile:) may take
        // the FIFO's size, 0, and close it before the writer is done: SIGPIPE).
        let received = Locked([UInt8]())
        let done = DispatchSemaphore(value: 0)
        let reader = Thread {
            let descriptor = open(fifo, O_RDONLY)
            var buffer = [UInt8](repeating: 0, count: 256)
            while descriptor >= 0 {
                let count = read(descriptor, &buffer, buffer.count)
                if count <= 0 { break }
                received.withLock { $0 += buffer[0..<count] }
            }
            if descriptor >= 0 { close(descriptor) }
            done.signal()
        }
        reader.start()
        try FileOutput.write("through the pipe\n", to: fifo)
        done.wait()
        #expect(received.withLock { $0 } == Array("through the pipe\n".utf8))
        #expect(stat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
    }

    @Test func foldersEmptyPathsAndMissingFoldersSayWhatToDo() throws {
        let dir = try makeTemporaryFolder("regress-output")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: FileOutputError.isAFolder(path: dir.path, purpose: "--out")) { try FileOutput.write("x", to: dir.path, purpose: "--out") }
        #expect(throws: FileOutputError.emptyPath(purpose: "--out")) { try FileOutput.write("x", to: "", purpose: "--out") }
        let missing = dir.appendingPathComponent("no/such/out.csv").path
        #expect(throws: FileOutputError.noSuchFolder(path: missing, folder: dir.appendingPathComponent("no/such").path)) {
            try FileOutput.write("x", to: missing)
        }
        #expect(throws: FileOutputError.isAFolder(path: missing + "/", purpose: "--out")) { try FileOutput.write("x", to: missing + "/", purpose: "--out") }
        for error in [FileOutputError.isAFolder(path: "a", purpose: "--out"), .emptyPath(purpose: "--out"), .noSuchFolder(path: "a/b", folder: "a")] {
            #expect(!error.localizedDescription.contains("NSCocoaErrorDomain"))
        }
    }

    @Test func csvWriterGoesThroughTheCheckedWriter() throws {
        let dir = try makeTemporaryFolder("regress-output")
        defer { try? FileManager.default.removeItem(at: dir) }
        let table = try CSVReader.read(text: "y,x\n1,2\n")
        #expect(throws: FileOutputError.isAFolder(path: dir.path, purpose: "the CSV file")) { try CSVWriter.write(table, to: dir) }
        let file = dir.appendingPathComponent("t.csv")
        try CSVWriter.write(table, to: file)
        let identity = try #require(FileIdentity(path: file.path))
        #expect(throws: FileOutputError.wouldOverwriteInput(path: file.path, purpose: "the CSV file")) {
            try CSVWriter.write(table, to: file, protecting: [identity])
        }
    }
}
