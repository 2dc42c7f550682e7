import ArgumentParser
import Foundation
import Regress

/// Checked writes: a failed write (a full disk, `> /dev/full`, a closed pipe) is an error with a
/// message and a non-zero exit, never a silent exit 0.
enum Output {
    /// Ends the process with status 0 once everything is written, without releasing the data
    /// and the model buffer by buffer: on the 10⁶ × 21 fit that took 0.04 s of `munmap` after the
    /// last byte was out (5 % of the run); the kernel takes the whole address space back at once.
    /// Only after the last output: standard output is written unbuffered (`write`), and nothing
    /// else is pending.
    static func leave() -> Never {
        exit(0)
    }

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

/// An error as the CLI prints it: the library's message, with parameters named by the CLI's flags
/// (`ParameterNames`, applied by the error itself).
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
        // Typed: an error that names parameters names them by reshore's flags where it is made
        // (ParameterNames); no text is substituted over a message or a report.
        let text: String
        if let named = error as? ParameterNamingError {
            text = named.description(naming: CLIError.flags)
        } else if case CovarianceError.missingClusters = error {
            text = "cluster-robust standard errors need a cluster column: use --vce cluster:VAR"
        } else {
            text = String(describing: error)
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

    /// Library parameter → CLI flag, in the library's messages.
    static let flags = ParameterNames([
        .level: "--level", .replicates: "--bootstrap", .intervals: "--ci", .intervalsExample: "e.g. --ci bca,percentile",
        .weights: "--weights", .frequencyWeights: "--weights with --weight-kind frequency", .offset: "--offset",
        .newDataOffset: "--offset", .covariance: "--vce", .cluster: "--vce cluster", .clusters: "--cluster",
        .plan: "--strata/--cluster", .clusterCovarianceExample: "e.g. --vce cluster:state",
        .clusterColumnAdvice: "name it in --vce cluster or --cluster", .eventLevel: "--event",
        .iterations: "--max-iterations", .maxIterations: "--max-iterations",
        .encoding: "--encoding windows-1252 or --encoding latin1", .decimalComma: "--decimal-comma", .delimiter: "--delimiter", .missingTokens: "--missing",
        .design: "--design", .subpop: "--subpop", .model: "--model", .information: "--information", .margins: "--margins",
        .predictions: "--predict", .observations: "--observations", .bootstrap: "--bootstrap",
    ], style: .commandLine)
}
