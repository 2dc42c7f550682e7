import ArgumentParser
import Foundation
import Regress

/// Checked writes: a failed write (a full disk, `> /dev/full`, a closed pipe) is an error with a
/// message and a non-zero exit, never a silent exit 0.
enum Output {
    /// Writes `text` and a newline to standard output and flushes it.
    static func write(_ text: String) throws {
        let bytes = Array((text + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Foundation.write(1, base + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw CLIError(message: "could not write to standard output: \(String(cString: strerror(errno))); check the disk or the pipe it goes to")
            }
            offset += written
        }
    }

    /// Writes `text` to the file at `path` through `FileOutput`: atomically for a regular file,
    /// through a FIFO or device, never over a file the run reads (`inputs`, by device and inode).
    static func write(_ text: String, to path: String, purpose: String, protecting inputs: Set<FileIdentity> = []) throws {
        try FileOutput.write(text, to: path, purpose: purpose, protecting: inputs)
    }
}

/// Plain words for a Foundation file error (instead of `NSCocoaErrorDomain error 256`).
enum FileProblem {
    static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        switch nsError.code {
        case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "no such file or folder"
        case NSFileWriteFileExistsError: return "a file of that name exists"
        case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "permission denied"
        case NSFileWriteOutOfSpaceError: return "no space left on the device"
        default: return "the file system refused (\(nsError.localizedDescription))"
        }
    }
}

/// An error as the CLI prints it: the library's message, with its parameter names mapped to the
/// CLI's flags.
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(message: String) { description = TerminalText.safe(message) }

    init(_ error: Error) {
        if let cli = error as? CLIError { description = cli.description; return }
        if error is CocoaError || (error as NSError).domain == NSCocoaErrorDomain {
            let path = ((error as NSError).userInfo[NSFilePathErrorKey] as? String)
                ?? ((error as NSError).userInfo[NSURLErrorKey] as? URL)?.path ?? "a file"
            description = TerminalText.safe("could not access \(path): \(FileProblem.describe(error)); check the path, that its folder exists and is writable, and the disk has space")
            return
        }
        var text = CLIError.withFlags(String(describing: error))
        if let range = text.range(of: #"averagePredictions\("([^"]+)", values: \["1", "2"\]\)"#, options: .regularExpression) {
            let variable = text[range].split(separator: "\"")[1]
            text.replaceSubrange(range, with: "--predict \(variable)=1,2")
        }
        if let range = text.range(of: #"\(missingTokens: \['(.*)'\]\)"#, options: .regularExpression) {
            let token = text[range].dropFirst("(missingTokens: ['".count).dropLast("'])".count)
            text.replaceSubrange(range, with: "(--missing '\(token)')")
        }
        description = TerminalText.safe(text)
    }

    /// Runs a command's body; errors other than ArgumentParser's own are printed as CLI errors
    /// (the library's message with its parameter names mapped to flags).
    static func mapping(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ValidationError {
            throw error
        } catch let error as CleanExit {
            throw error
        } catch {
            throw CLIError(error)
        }
    }

    /// `text` with the library's parameter names replaced by the CLI's flags (errors, and the
    /// diagnostics in a rendered report).
    static func withFlags(_ text: String) -> String {
        var text = text
        // Only the patterns present are replaced: Foundation's replacement over every pattern took
        // 1.2 s of a 5.6 s `reshore fit` whose report has 10,000 coefficient rows (2026-12-03);
        // `memmem` finds a pattern's absence in a megabyte in microseconds.
        for (library, flag) in flags where contains(text, library) { text = text.replacingOccurrences(of: library, with: flag) }
        return text
    }

    /// Whether `pattern` occurs in `text` (bytes of UTF-8, as `replacingOccurrences` matches them):
    /// a byte loop, milliseconds for a megabyte of report.
    static func contains(_ text: String, _ pattern: String) -> Bool {
        var text = text, pattern = pattern
        return text.withUTF8 { t in
            pattern.withUTF8 { p in
                guard let first = p.first else { return true }
                guard t.count >= p.count else { return false }
                for start in 0...(t.count - p.count) where t[start] == first {
                    var k = 1
                    while k < p.count && t[start + k] == p[k] { k += 1 }
                    if k == p.count { return true }
                }
                return false
            }
        }
    }

    /// Library parameter → CLI flag, in the library's messages.
    static let flags: [(String, String)] = [
        ("(model: .firth)", "(--model firth)"),
        ("(encoding: .windows1252 or .latin1)", "(--encoding windows-1252 or --encoding latin1)"),
        ("level: ", "--level: "),
        ("replicates: ", "--bootstrap: "),
        ("intervals: ", "--ci: "),
        ("weights: no column", "--weights: no column"),
        ("weights: column", "--weights: column"),
        ("weights: the lpm model", "--weights: the lpm model"),
        ("offset: the lpm model", "--offset: the lpm model"),
        ("offset: column", "--offset: column"),
        ("offset: no column", "--offset: no column"),
        ("offset (in the new data): no column", "--offset: no column"),
        ("covariance: no column", "--vce cluster: no column"),
        ("cluster: no column", "--vce cluster: no column"),
        ("plan: no column", "--strata/--cluster: no column"),
        ("pass one or two arrays of cluster ids, one per row", "use --vce cluster:VAR"),
        ("e.g. .cluster([\"state\"])", "e.g. --vce cluster:state"),
    ]
}
