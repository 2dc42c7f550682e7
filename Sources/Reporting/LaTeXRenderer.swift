import Foundation
import Tables
import Estimation
import Inference
import Modeling

/// LaTeX: `booktabs` tables.
extension FitReport {
    /// A LaTeX `booktabs` table; diagnostics become table notes.
    public var latex: String {
        let f = fit
        var lines = ["\\begin{tabular}{lrrrrrr}", "\\toprule",
                     "Term & Estimate & Std.\\ err. & $\(statisticName)$ & $p$ & \\multicolumn{2}{c}{\(Int((f.level * 100).rounded()))\\% CI} \\\\",
                     "\\midrule"]
        let separated = f.separatedTerms   // once: it merges the diagnostics (per row it was O(p²))
        for row in f.coefficients {
            let name = Formatting.latexEscape(labels(row.term))
            guard let estimate = row.estimate else { lines.append("\(name) & \\multicolumn{6}{l}{aliased (NA)} \\\\"); continue }
            if let sign = separated[row.term] {
                lines.append("\(name) & \\multicolumn{6}{l}{\(Formatting.latexEscape(Formatting.separated(sign)))} \\\\")
                continue
            }
            lines.append("\(name) & \(Formatting.format(estimate)) & \(Formatting.format(row.standardError)) & \(Formatting.format(row.statistic, digits: 3)) & "
                         + "\(Formatting.latexEscape(Formatting.pValue(row.pValue))) & \(Formatting.format(row.ciLower)) & \(Formatting.format(row.ciUpper)) \\\\")
        }
        // The notes go below the tabular, as paragraphs that wrap at the line width: in
        // \multicolumn cells they could not wrap and made the table 900 pt too wide.
        var notes = [
                  "$n = \(Formatting.number(f.observationCount))$" + (trialCount.map { " grouped rows (\(Formatting.number($0)) trials)" } ?? "") + ", events $= \(Formatting.number(f.events))$, "
                    + (f.likelihoodIsPseudo
                        ? "log pseudolikelihood $= \(Formatting.format(f.logLikelihood))$, "
                            + (overallWald.map { w in
                                if let f = w.fStatistic, let d = w.denominatorDegreesOfFreedom {
                                    return "Wald $F(\(w.degreesOfFreedom), \(Formatting.number(d))) = \(Formatting.format(f))$ (survey design)"
                                }
                                return "Wald $\\chi^2(\(w.degreesOfFreedom)) = \(Formatting.format(w.statistic))$ (sampling weights)"
                            } ?? "sampling weights")
                        : "$\\log L = \(Formatting.format(f.logLikelihood))$, LR $\\chi^2(\(f.lrDegreesOfFreedom)) = \(Formatting.format(f.lrStatistic))$, "
                            + "AIC $= \(Formatting.format(f.aic))$"),
                  "\(Formatting.latexEscape(f.model.rawValue)) model; covariance: \(Formatting.latexEscape(f.covarianceLabel))",
                  fitQuality.inferenceRefusal == nil
                    ? "AUC $= \(Formatting.format(fitQuality.auc))$, Hosmer--Lemeshow $\\chi^2(\(fitQuality.hosmerLemeshowGroups - 2)) = \(Formatting.format(fitQuality.hosmerLemeshow))$, "
                        + "Brier $= \(Formatting.format(fitQuality.brier))$"
                    : "AUC $= \(Formatting.format(fitQuality.auc))$ (weighted), Brier $= \(Formatting.format(fitQuality.brier))$; "
                        + "no Hosmer--Lemeshow test under a survey design"]
        if let designSummary { notes.insert(Formatting.latexEscape(designSummary), at: 1) }
        if let pearson {
            notes.append("Pearson $\\chi^2(\(pearson.degreesOfFreedom)) = \(Formatting.format(pearson.statistic))$, $p$ \(Formatting.latexEscape(Formatting.pClause(pearson.pValue)))")
        }
        if let bootstrap {
            for interval in bootstrap.intervals {
                notes.append("Bootstrap \(interval.method.rawValue) interval for \(Formatting.latexEscape(bootstrap.names[interval.component])): "
                             + "[\(Formatting.format(interval.lower)), \(Formatting.format(interval.upper))]")
            }
        }
        for effect in marginalEffects {
            notes.append("Marginal effect of \(Formatting.latexEscape(labels(effect.term))) (\(effect.kind.rawValue)): \(Formatting.format(effect.estimate)) "
                         + "(SE \(Formatting.format(effect.standardError)), $p$ \(Formatting.latexEscape(Formatting.pClause(effect.pValue))))")
        }
        for p in predictions {
            notes.append("Predicted probability at \(Formatting.latexEscape(p.variable)) $=$ \(Formatting.latexEscape(p.value)): \(Formatting.format(p.estimate)) "
                         + "[\(Formatting.format(p.ciLower)), \(Formatting.format(p.ciUpper))]")
        }
        for test in tests {
            if let wald = test.wald {
                notes.append("Dropping \(Formatting.latexEscape(labels(test.term))): Wald $\(FitReport.waldStatistic(wald, chi: "\\chi^2"))$, "
                             + "$p$ \(Formatting.latexEscape(Formatting.pClause(wald.pValue)))")
            } else {
                notes.append("Dropping \(Formatting.latexEscape(labels(test.term))): no Wald test (\(Formatting.latexEscape(FitReport.waldUnavailableNote(test))))")
            }
            if let lr = test.likelihoodRatio {
                notes.append("Dropping \(Formatting.latexEscape(labels(test.term))): LR $\\chi^2(\(lr.degreesOfFreedom)) = \(Formatting.format(lr.statistic))$, "
                             + "$p$ \(Formatting.latexEscape(Formatting.pClause(lr.pValue)))")
            }
            if let score = test.score {
                notes.append("Dropping \(Formatting.latexEscape(labels(test.term))): score $\\chi^2(\(score.degreesOfFreedom)) = \(Formatting.format(score.statistic))$, "
                             + "$p$ \(Formatting.latexEscape(Formatting.pClause(score.pValue)))")
            }
        }
        if let hypothesis {
            notes.append("Wald test of \(Formatting.latexEscape(hypothesis.hypotheses.joined(separator: ", "))): "
                         + "$\(FitReport.waldStatistic(hypothesis.result, chi: "\\chi^2"))$, "
                         + "$p$ \(Formatting.latexEscape(Formatting.pClause(hypothesis.result.pValue)))")
        }
        for diagnostic in f.diagnostics {
            notes.append("\\textit{\(Formatting.latexEscape(diagnostic.kind.rawValue)): \(Formatting.latexEscape(diagnostic.message))}")
        }
        lines += ["\\bottomrule", "\\end{tabular}"] + notes.map { "\\par\\footnotesize " + $0 }
        return lines.joined(separator: "\n")
    }
}

extension ModelTable {
    /// A booktabs table with one column per model; the legend and notes in a `tablenotes`-free
    /// form below (a `\parbox` the table's width, so long notes wrap instead of widening it).
    public var latex: String {
        var lines = ["\\begin{tabular}{l" + String(repeating: "r", count: columns.count) + "}", "\\toprule",
                     " & " + columns.map { Formatting.latexEscape($0.title) }.joined(separator: " & ") + " \\\\", "\\midrule"]
        for row in rows {
            lines.append(Formatting.latexEscape(labels(row.term)) + " & "
                         + row.cells.map { $0.map { cell in
                             cell.estimate.isInfinite ? Formatting.latexEscape(estimateText(cell))
                                 : Formatting.latexEscape(Formatting.format(cell.estimate, digits: 4)) + (stars(cell.pValue).isEmpty ? "" : "$^{\(stars(cell.pValue))}$")
                         } ?? "" }
                            .joined(separator: " & ") + " \\\\")
            lines.append(" & " + row.cells.map { $0.map { Formatting.latexEscape(uncertaintyText($0)) } ?? "" }.joined(separator: " & ") + " \\\\")
        }
        lines.append("\\midrule")
        for statistic in statistics {
            lines.append(Formatting.latexEscape(statistic.label) + " & " + statistic.values.map(Formatting.latexEscape).joined(separator: " & ") + " \\\\")
        }
        lines += ["\\bottomrule", "\\end{tabular}", "", "\\par\\footnotesize " + Formatting.latexEscape(legend)]
        for note in notes { lines.append("\\par\\footnotesize " + Formatting.latexEscape(note)) }
        return lines.joined(separator: "\n")
    }
}
