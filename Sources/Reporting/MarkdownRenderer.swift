import Foundation
import Tables
import Estimation
import Inference
import Modeling

/// Markdown: tables with the fit statistics above and the diagnostics below.
extension FitReport {
    /// A Markdown table with the fit statistics above and diagnostics below.
    public var markdown: String {
        let f = fit
        let ciLevel = Formatting.percent(f.level)   // the intervals' level in their headers, as text and LaTeX print it
        var lines = ["**\(f.model)** (link \(f.link)): `\(frame.formula.text.replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "\n", with: " "))`", "",
                     "n = \(observationsClause), events = \(Formatting.number(f.events)), dropped rows = \(Formatting.markdownEscape(droppedSummary)); "
                        + "\(likelihoodLabel.lowercased()) \(Formatting.format(f.logLikelihood)); \(modelTest(chi: "χ²")); "
                        + (f.likelihoodIsPseudo ? "" : "AIC \(Formatting.format(f.aic)); ") + "McFadden R² \(Formatting.format(f.pseudoRSquared.mcFadden)); "
                        + "covariance: \(f.covarianceLabel); \(fitQualityClause(chi: "χ²")); "
                        + (pearsonClause(chi: "χ²").map { "\($0); " } ?? "")
                        + "Brier \(Formatting.format(fitQuality.brier))", "",
                     ] + (designSummary.map { [Formatting.markdownEscape($0), ""] } ?? []) + [
                     "| Term | Estimate | Std. err. | \(statisticName) | p | \(ciLevel)% CI lower | \(ciLevel)% CI upper |",
                     "|:---|---:|---:|---:|---:|---:|---:|"]
        let separated = f.separatedTerms   // once: it merges the diagnostics (per row it was O(p²))
        for row in f.coefficients {
            let name = Formatting.markdownEscape(labels(row.term))
            guard let estimate = row.estimate else { lines.append("| \(name) | NA (aliased) | | | | | |"); continue }
            if let sign = separated[row.term] { lines.append("| \(name) | \(Formatting.separated(sign)) | | | | | |"); continue }
            lines.append("| \(name) | \(Formatting.format(estimate)) | \(Formatting.format(row.standardError)) | \(Formatting.format(row.statistic, digits: 3)) | "
                         + "\(Formatting.pValue(row.pValue)) | \(Formatting.format(row.ciLower)) | \(Formatting.format(row.ciUpper)) |")
        }
        if !marginalEffects.isEmpty {
            lines += ["", "| Marginal effect (\(effectUnit)) | kind | Estimate | Std. err. | \(statisticName) | p | \(ciLevel)% CI lower | \(ciLevel)% CI upper |", "|:---|:---|---:|---:|---:|---:|---:|---:|"]
            for effect in marginalEffects {
                lines.append("| \(Formatting.markdownEscape(labels(effect.term))) | \(effect.kind.rawValue) | \(Formatting.format(effectScale * effect.estimate)) | \(Formatting.format(effectScale * effect.standardError)) | "
                             + "\(Formatting.format(effect.z, digits: 3)) | \(Formatting.pValue(effect.pValue)) | \(Formatting.format(effectScale * effect.ciLower)) | \(Formatting.format(effectScale * effect.ciUpper)) |")
            }
        }
        if !predictions.isEmpty {
            lines += ["", "| Profile | Predicted probability | Std. err. | \(ciLevel)% CI lower | \(ciLevel)% CI upper |", "|:---|---:|---:|---:|---:|"]
            for p in predictions {
                lines.append("| \(Formatting.markdownEscape(p.variable)) = \(Formatting.markdownEscape(p.value)) | \(Formatting.format(p.estimate)) | \(Formatting.format(p.standardError)) | \(Formatting.format(p.ciLower)) | \(Formatting.format(p.ciUpper)) |")
            }
        }
        if let bootstrap {
            lines += ["", "Bootstrap: \(bootstrap.result.replicates.count) of \(bootstrap.result.requested) replicates, \(Formatting.markdownEscape(bootstrap.planDescription)), seed \(bootstrap.result.seed)",
                      "", "| Statistic | Method | Lower | Upper |", "|:---|:---|---:|---:|"]
            for interval in bootstrap.intervals {
                let scale = bootstrapScale(interval.component)
                lines.append("| \(Formatting.markdownEscape(bootstrapName(interval.component))) | \(interval.method.rawValue) | \(Formatting.format(scale * interval.lower)) | \(Formatting.format(scale * interval.upper)) |")
            }
            if let note = bootstrap.accelerationNote { lines += ["", Formatting.markdownEscape(note)] }
            if let note = bootstrap.result.failureDiagnostic { lines.append("> **bootstrap**: \(Formatting.markdownEscape(note))") }
        }
        if !tests.isEmpty {
            lines += ["", "| Test of dropping | Wald χ² | df | p | LR χ² | p | Score χ² | p |", "|:---|---:|---:|---:|---:|---:|---:|---:|"]
            for test in tests {
                // Under a survey design the Wald column holds F(q, ν) = W/q, and df reads "q, ν".
                let df = test.wald.map { w in String(w.degreesOfFreedom) + (w.denominatorDegreesOfFreedom.map { ", " + Formatting.number($0) } ?? "") } ?? "—"
                lines.append("| \(Formatting.markdownEscape(labels(test.term))) | \(test.wald.map { Formatting.format($0.fStatistic ?? $0.statistic) + ($0.fStatistic == nil ? "" : " (F)") } ?? "not applicable") | \(df) | \(Formatting.pValue(test.wald?.pValue)) | "
                             + "\(Formatting.format(test.likelihoodRatio?.statistic)) | \(Formatting.pValue(test.likelihoodRatio?.pValue)) | "
                             + "\(Formatting.format(test.score?.statistic)) | \(Formatting.pValue(test.score?.pValue)) |")
            }
        }
        if let hypothesis {
            lines += ["", "Wald test of " + hypothesis.hypotheses.map { "`" + $0.replacingOccurrences(of: "`", with: "'") + "`" }.joined(separator: ", ")
                      + ": \(FitReport.waldStatistic(hypothesis.result, chi: "χ²")), p \(Formatting.pClause(hypothesis.result.pValue))"]
        }
        if !f.diagnostics.isEmpty {
            lines.append("")
            for diagnostic in f.diagnostics { lines.append("> **\(diagnostic.kind.rawValue)**: \(Formatting.markdownEscape(diagnostic.message))") }
        }
        return TerminalText.safe(lines.joined(separator: "\n"))   // no control characters reach a terminal
    }
}

extension ModelTable {
    /// A Markdown table; every user string escaped.
    public var markdown: String {
        var lines = ["| | " + columns.map { Formatting.markdownEscape($0.title) }.joined(separator: " | ") + " |",
                     "|:---|" + String(repeating: "---:|", count: columns.count)]
        for row in rows {
            lines.append("| " + Formatting.markdownEscape(labels(row.term)) + " | "
                         + row.cells.map { $0.map { estimateText($0).replacingOccurrences(of: "*", with: "\\*") + " " + uncertaintyText($0) } ?? "" }
                            .joined(separator: " | ") + " |")
        }
        for statistic in statistics {
            lines.append("| " + statistic.label + " | " + statistic.values.map(Formatting.markdownEscape).joined(separator: " | ") + " |")
        }
        lines += ["", Formatting.markdownEscape(legend) + " " + Formatting.markdownEscape(covarianceNote)]
        for note in notes { lines.append("> " + Formatting.markdownEscape(note)) }
        return TerminalText.safe(lines.joined(separator: "\n"))   // no control characters reach a terminal
    }
}
