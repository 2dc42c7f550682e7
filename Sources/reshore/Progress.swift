import Foundation

/// Progress bars on standard error, for the phases that can take more than a second: reading,
/// the fit's iterations, the separation check, marginal effects, the bootstrap and its jackknife.
///
/// Only on a terminal (`isatty(2)`), never in a pipe or a file. A phase draws nothing until it has
/// run for a second (`RESHORE_PROGRESS_DELAY` seconds, if set; the tests use 0), so fast runs
/// print no bars; a bar is redrawn at most ten times a second and
/// ends its line, with the phase's time in seconds, when the phase finishes or the next one starts.
final class ProgressDisplay: @unchecked Sendable {
    /// Whether standard error is a terminal.
    let enabled: Bool
    private let lock = NSLock()
    private var phase = ""
    private var started = Date()
    private var lastDrawn = Date.distantPast
    private var lineOpen = false
    private var latest = ""

    /// Seconds a phase runs before its bar appears.
    let delay: Double

    /// A display that draws when standard error is a terminal (`enabled: true` forces it).
    init(enabled: Bool = isatty(2) != 0) {
        self.enabled = enabled
        delay = ProcessInfo.processInfo.environment["RESHORE_PROGRESS_DELAY"].flatMap(Double.init).map { max(0, $0) } ?? 1
    }

    /// A callback for `label`'s (completed, total), or nil when nothing is drawn.
    func handler(_ label: String) -> (@Sendable (Int, Int) -> Void)? {
        guard enabled else { return nil }
        return { [self] done, total in self.update(label, done: done, total: total) }
    }

    /// Records progress and draws it when due.
    func update(_ label: String, done: Int, total: Int) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        if label != phase {
            endLine()
            phase = label
            started = now
            lastDrawn = .distantPast
        }
        let finished = done >= total
        latest = ProgressDisplay.line(label, done: done, total: total)
        guard now.timeIntervalSince(started) >= delay, finished || now.timeIntervalSince(lastDrawn) >= 0.1 else { return }
        lastDrawn = now
        ProgressDisplay.draw("\r" + latest)
        lineOpen = true
        if finished { endLine() }
    }

    /// Ends the current bar's line, if one is drawn (call after a phase that may stop early, such
    /// as the iterations of a converged fit).
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        endLine()
        phase = ""
    }

    /// Ends an open bar's line, redrawn with the latest count, with the phase's time so far.
    private func endLine() {
        if lineOpen {
            let seconds = Date().timeIntervalSince(started)
            ProgressDisplay.draw("\r" + latest + " \(String(format: "%.1f", seconds)) s\n")
        }
        lineOpen = false
    }

    /// Writes to standard error, best effort: a bar that cannot be drawn (a terminal hung up) must not
    /// stop the computation, whose results go to standard output with checked writes (`Output`).
    /// `FileHandle.write(_:)` traps on a failed write; `write(contentsOf:)` throws.
    static func draw(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data(text.utf8))
    }

    /// `label [####    ] done/total`, 40 characters of bar.
    static func line(_ label: String, done: Int, total: Int) -> String {
        let filled = 40 * min(done, total) / max(1, total)
        return "\(label) [" + String(repeating: "#", count: filled) + String(repeating: " ", count: 40 - filled)
            + "] \(done)/\(total)"
    }
}
