import Foundation
import Regress

/// Why a study report could not be written where asked.
public enum StudyOutputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The output path is a file.
    case notAFolder(path: String)
    /// The output folder exists, is not empty and is not an earlier report.
    case notAReportFolder(path: String, entries: Int)

    public var description: String {
        switch self {
        case .notAFolder(let path):
            return "the report folder '\(path)' is an existing file; give the path of a new or earlier report folder"
        case .notAReportFolder(let path, let entries):
            return "the folder '\(path)' exists with \(entries) entr\(entries == 1 ? "y" : "ies") and is not an earlier report (no .reshore-report in it); give a new folder, so nothing of yours is overwritten"
        }
    }
}

/// Renders the reshoring study: a summary for the terminal and `reshore-report/` with report.md,
/// tables (CSV, LaTeX) and SVG figures. Every number comes from `StudyResults`.
public struct StudyReport: Sendable {
    /// The results.
    public let results: StudyResults
    /// The marker file that identifies a report folder.
    public static let marker = ".reshore-report"

    /// Creates a report.
    public init(results: StudyResults) { self.results = results }

    var logit: FitReport { results.logit }
    /// The headline model: Firth's logit (finite under separation), which also carries the bootstrap.
    var headline: FitReport { results.firth }
    var i40Effect: MarginalEffect? { headline.marginalEffects.first { $0.term == "i40_technologies" } }
    var i40Coefficient: CoefficientEstimate? { headline.fit.coefficient("i40_technologies") }
    var i40Test: TermTest? { logit.tests.first }

    func bootstrapInterval(_ name: String, _ method: IntervalMethod) -> BootstrapInterval? {
        guard let summary = headline.bootstrap, let index = summary.names.firstIndex(of: name) else { return nil }
        return summary.intervals.first { $0.component == index && $0.method == method }
    }

    /// The conclusion, chosen by the numbers: the direction and significance of the I4.0 association.
    public var conclusion: String {
        guard let effect = i40Effect, let test = i40Test, let coefficient = i40Coefficient?.estimate else {
            return "The I4.0 association could not be estimated."
        }
        let lr = test.likelihoodRatio
        let significant = (lr?.pValue ?? test.wald.pValue) < 0.05
        let direction = coefficient > 0 ? "more" : "less"
        let first = results.rates.first, last = results.rates.last
        let ratio = (first?.rate ?? 0) > 0 ? (last?.rate ?? 0) / (first?.rate ?? 1) : .nan
        let bca = bootstrapInterval("AME: i40_technologies", .bca)
        var text = "Firms that use more Industrie 4.0 technologies backshore \(direction) often (Firth's logit): "
            + String(format: "each additional technology changes the backshoring probability by %+.2f percentage points on average", 100 * effect.estimate)
        if let bca { text += String(format: " (bootstrap BCa 95%% interval %+.2f to %+.2f)", 100 * bca.lower, 100 * bca.upper) }
        text += String(format: ", and %@ firms backshore at %.1f %% against %.1f %% among %@ firms (%.1f times as often). ",
                       (last?.level ?? "") as NSString, 100 * (last?.rate ?? .nan), 100 * (first?.rate ?? .nan), (first?.level ?? "") as NSString, ratio)
        if significant {
            text += String(format: "The association is statistically significant (LR χ²(%d) = %.2f, p = %.4f), holding firm size and sector fixed",
                           lr?.degreesOfFreedom ?? test.wald.degreesOfFreedom, lr?.statistic ?? test.wald.statistic, lr?.pValue ?? test.wald.pValue)
            text += coefficient > 0 ? ", in line with the published finding." : ", in the opposite direction of the published finding."
        } else {
            text += String(format: "The association is not statistically significant (LR χ²(%d) = %.2f, p = %.3f): these data do not reproduce the published finding.",
                           lr?.degreesOfFreedom ?? test.wald.degreesOfFreedom, lr?.statistic ?? test.wald.statistic, lr?.pValue ?? test.wald.pValue)
        }
        return text
    }

    /// The terminal summary.
    public var text: String {
        var lines = [String]()
        if results.synthetic {
            lines.append("SYNTHETIC DATA: a simulated German Manufacturing Survey 2015 calibrated to the published figures (Docs/calibration.md);")
            lines.append("the real firm-level microdata are not public. Numbers below describe the synthetic sample, not German industry.")
            lines.append("")
        }
        lines.append("Reshoring and Industrie 4.0 — \(results.firms) firms, \(Int(logit.fit.events)) backshorers")
        lines.append("")
        lines.append("Backshoring rate by Industrie 4.0 readiness level (Wilson 95 % intervals):")
        for rate in results.rates {
            lines.append("  " + Formatting.padRight(rate.level, 10) + String(format: "%5d firms %4d backshored  %5.1f %%  [%4.1f, %4.1f]", rate.firms,
                                rate.backshorers, 100 * rate.rate, 100 * rate.interval.lower, 100 * rate.interval.upper))
        }
        lines.append("")
        lines.append("Effect of one more I4.0 technology (" + StudyResults.formula + "; robust HC1 standard errors):")
        for report in [results.logit, results.probit, results.firth] {
            guard let row = report.fit.coefficient("i40_technologies"), let effect = report.marginalEffects.first(where: { $0.term == "i40_technologies" }) else { continue }
            lines.append("  " + Formatting.padRight(report.fit.model.rawValue, 7) + String(format: "coefficient %.3f (SE %.3f, p %@)   AME %+.2f pp (SE %.2f)",
                                row.estimate ?? .nan, row.standardError ?? .nan, Formatting.pValue(row.pValue) as NSString,
                                100 * effect.estimate, 100 * effect.standardError))
        }
        if let test = i40Test, let lr = test.likelihoodRatio {
            lines.append(String(format: "  LR test of the I4.0 term (logit): χ²(%d) = %.2f, p = %@", lr.degreesOfFreedom, lr.statistic, Formatting.pValue(lr.pValue) as NSString))
        }
        if let summary = headline.bootstrap {
            lines.append("")
            lines.append("Bootstrap of Firth's logit (\(summary.result.replicates.count) of \(summary.result.requested) replicates, \(summary.planDescription), seed \(summary.result.seed)):")
            for name in summary.names {
                let parts = [IntervalMethod.bca, .percentile].compactMap { method in bootstrapInterval(name, method).map { "\(method.rawValue) [\(Formatting.format($0.lower)), \(Formatting.format($0.upper))]" } }
                lines.append("  \(name): " + parts.joined(separator: "  "))
            }
            if let note = summary.result.failureDiagnostic { lines.append("  ! \(note)") }
        }
        lines.append("")
        lines.append("Predicted backshoring probability by I4.0 technologies (Firth's logit, others at observed values):")
        for prediction in headline.predictions {
            lines.append(String(format: "  %@ technologies: %5.2f %%  [%5.2f, %5.2f]", prediction.value as NSString, 100 * prediction.estimate,
                                100 * prediction.ciLower, 100 * prediction.ciUpper))
        }
        let diagnostics = [results.logit, results.probit, results.firth].flatMap { report in report.fit.diagnostics.map { "\(report.fit.model): \($0.message)" } }
        if !diagnostics.isEmpty {
            lines.append("")
            lines.append("Diagnostics:")
            for diagnostic in diagnostics { lines.append("  ! " + diagnostic) }
        }
        lines.append("")
        lines.append("Conclusion: " + conclusion)
        return lines.joined(separator: "\n")
    }

    /// Writes report.md, tables/ and figures/ into `directory`.
    ///
    /// A folder that exists must be an earlier report (it holds the marker file
    /// `.reshore-report`); its report.md, tables/ and figures/ are replaced, so no stale file of an
    /// earlier run stays. Any other existing folder or file is refused (hardening issue 13, item 22).
    public func write(to directory: URL) throws {
        let fileManager = FileManager.default
        let marker = directory.appendingPathComponent(StudyReport.marker)
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw StudyOutputError.notAFolder(path: directory.path) }
            let contents = (try? fileManager.contentsOfDirectory(atPath: directory.path)) ?? []
            guard contents.isEmpty || fileManager.fileExists(atPath: marker.path) else {
                throw StudyOutputError.notAReportFolder(path: directory.path, entries: contents.count)
            }
            for name in ["report.md", "tables", "figures"] where contents.contains(name) {
                try fileManager.removeItem(at: directory.appendingPathComponent(name))
            }
        }
        for sub in ["", "tables", "figures"] {
            try fileManager.createDirectory(at: directory.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        var markdown = ["# Reshoring and Industrie 4.0: the reproduction", ""]
        if results.synthetic {
            markdown += ["> **Synthetic data.** A simulated German Manufacturing Survey 2015, calibrated to the published figures",
                         "> (Docs/calibration.md). The real firm-level microdata are not public.", ""]
        }
        markdown += ["```", text, "```", "", "![Predicted probability](figures/predicted-probability.svg)", "",
                     "![Bootstrap distribution](figures/bootstrap-ame.svg)", "", "## Models", ""]
        for report in [results.logit, results.probit, results.firth] { markdown += [report.markdown, ""] }
        try Data(markdown.joined(separator: "\n").utf8).write(to: directory.appendingPathComponent("report.md"))
        for report in [results.logit, results.probit, results.firth] {
            try Data(report.csv.utf8).write(to: directory.appendingPathComponent("tables/\(report.fit.model).csv"))
            try Data(report.latex.utf8).write(to: directory.appendingPathComponent("tables/\(report.fit.model).tex"))
        }
        try Data("Written by `reshore study`; the next run replaces report.md, tables/ and figures/ here.\n".utf8).write(to: marker)
        try Data(predictionFigure.utf8).write(to: directory.appendingPathComponent("figures/predicted-probability.svg"))
        try Data(bootstrapFigure.utf8).write(to: directory.appendingPathComponent("figures/bootstrap-ame.svg"))
    }

    /// Predicted probability against I4.0 intensity with its interval band.
    public var predictionFigure: String {
        let points = headline.predictions.compactMap { p in Double(p.value).map { ($0, p.estimate, p.ciLower, p.ciUpper) } }
        let yMax = max(0.01, (points.map(\.3).max() ?? 0.1) * 1.1)
        func x(_ value: Double) -> Double { 60 + value / 7 * 500 }
        func y(_ value: Double) -> Double { 330 - value / yMax * 280 }
        let band = points.map { "\(x($0.0)),\(y($0.3))" } + points.reversed().map { "\(x($0.0)),\(y($0.2))" }
        var svg = [#"<svg xmlns="http://www.w3.org/2000/svg" width="600" height="380" font-family="sans-serif" font-size="12">"#,
                   #"<rect width="600" height="380" fill="white"/>"#,
                   "<text x=\"300\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">Predicted backshoring probability by Industrie 4.0 use\(results.synthetic ? " (synthetic data)" : "")</text>",
                   "<polygon points=\"\(band.joined(separator: " "))\" fill=\"#9ecae1\" opacity=\"0.6\"/>",
                   "<polyline points=\"\(points.map { "\(x($0.0)),\(y($0.1))" }.joined(separator: " "))\" fill=\"none\" stroke=\"#08519c\" stroke-width=\"2\"/>",
                   #"<line x1="60" y1="330" x2="560" y2="330" stroke="black"/><line x1="60" y1="50" x2="60" y2="330" stroke="black"/>"#]
        for tick in 0...7 { svg.append("<text x=\"\(x(Double(tick)))\" y=\"348\" text-anchor=\"middle\">\(tick)</text>") }
        for k in 0...4 {
            let value = yMax * Double(k) / 4
            svg.append("<text x=\"54\" y=\"\(y(value) + 4)\" text-anchor=\"end\">\(String(format: "%.1f%%", 100 * value))</text>")
        }
        svg.append(#"<text x="310" y="372" text-anchor="middle">I4.0 technologies used (of 7); band: 95 % interval on the logit scale</text>"#)
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    /// Histogram of the bootstrap replicates of the I4.0 AME with the BCa interval.
    public var bootstrapFigure: String {
        guard let summary = headline.bootstrap, let index = summary.names.firstIndex(of: "AME: i40_technologies") else {
            return #"<svg xmlns="http://www.w3.org/2000/svg" width="600" height="80"><text x="10" y="40">No bootstrap.</text></svg>"#
        }
        let values = summary.result.replicates.map { 100 * $0[index] }
        let low = values.min() ?? 0, high = values.max() ?? 1, bins = 40
        let width = max(1e-12, (high - low) / Double(bins))
        var counts = [Int](repeating: 0, count: bins)
        for v in values { counts[min(bins - 1, Int((v - low) / width))] += 1 }
        let maxCount = Double(counts.max() ?? 1)
        func x(_ value: Double) -> Double { 60 + (value - low) / (high - low) * 500 }
        var svg = [#"<svg xmlns="http://www.w3.org/2000/svg" width="600" height="380" font-family="sans-serif" font-size="12">"#,
                   #"<rect width="600" height="380" fill="white"/>"#,
                   "<text x=\"300\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">Bootstrap distribution of the I4.0 average marginal effect (\(values.count) replicates)</text>"]
        for (k, count) in counts.enumerated() {
            let height = Double(count) / maxCount * 270
            svg.append("<rect x=\(String(format: "\"%.1f\"", 60 + Double(k) * 500 / Double(bins))) y=\(String(format: "\"%.1f\"", 330 - height)) width=\"\(String(format: "%.1f", 500 / Double(bins) - 1))\" height=\"\(String(format: "%.1f", height))\" fill=\"#6baed6\"/>")
        }
        if let bca = bootstrapInterval("AME: i40_technologies", .bca) {
            for bound in [bca.lower, bca.upper] {
                svg.append("<line x1=\"\(x(100 * bound))\" y1=\"50\" x2=\"\(x(100 * bound))\" y2=\"330\" stroke=\"#cb181d\" stroke-dasharray=\"4\"/>")
            }
        }
        if let effect = i40Effect { svg.append("<line x1=\"\(x(100 * effect.estimate))\" y1=\"50\" x2=\"\(x(100 * effect.estimate))\" y2=\"330\" stroke=\"black\" stroke-width=\"2\"/>") }
        svg.append(#"<line x1="60" y1="330" x2="560" y2="330" stroke="black"/>"#)
        for k in 0...4 {
            let value = low + (high - low) * Double(k) / 4
            svg.append("<text x=\"\(x(value))\" y=\"348\" text-anchor=\"middle\">\(String(format: "%.2f", value))</text>")
        }
        svg.append(#"<text x="310" y="372" text-anchor="middle">AME of one more technology (percentage points); dashed: BCa 95 % interval; solid: estimate</text>"#)
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }
}
