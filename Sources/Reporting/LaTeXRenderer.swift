import Foundation
import Tables
import Estimation
import Inference
import Modeling

/// LaTeX: `booktabs` tables.
extension FitReport {
    /// A `booktabs` table in a `threeparttable` (preamble: `\usepackage{booktabs, threeparttable,
    /// tabularx}`); the fit's statistics, tests and diagnostics are its `tablenotes`. Where the
    /// term names would make it wider than 6.5 inches (`ModelTable.latexTextWidth`), the term
    /// column wraps (`tabularx` at `\linewidth`).
    public var latex: String {
        let f = fit
        // Six numeric columns of about 9 characters (57 pt each with their gaps) at 10 pt.
        let termWidth = 5.5 * Double(f.coefficients.map { labels($0.term).count }.max() ?? 4) + 12
        let wraps = termWidth + 6 * 57 > ModelTable.latexTextWidth
        let number = { (value: Double?, digits: Int) in Formatting.latexNumber(Formatting.format(value, digits: digits)) }
        var lines = ["\\begin{threeparttable}",
                     wraps ? "\\begin{tabularx}{\\linewidth}{@{}>{\\raggedright\\arraybackslash}Xrrrrrr@{}}" : "\\begin{tabular}{@{}lrrrrrr@{}}",
                     "\\toprule",
                     "Term & Estimate & Std.\\ err. & $\(statisticName)$ & $p$ & \\multicolumn{2}{c}{\(Formatting.percent(f.level))\\% CI} \\\\",
                     "\\midrule"]
        let separated = f.separatedTerms   // once: it merges the diagnostics (per row it was O(p²))
        for row in f.coefficients {
            let escaped = Formatting.latexEscape(labels(row.term))
            let name = wraps ? Formatting.latexBreakable(escaped) : escaped
            guard let estimate = row.estimate else { lines.append("\(name) & \\multicolumn{6}{l}{aliased (NA)} \\\\"); continue }
            if let sign = separated[row.term] {
                lines.append("\(name) & \\multicolumn{6}{l}{\(Formatting.latexEscape(Formatting.separated(sign)))} \\\\")
                continue
            }
            lines.append("\(name) & \(number(estimate, 6)) & \(number(row.standardError, 6)) & \(number(row.statistic, 3)) & "
                         + "\(Formatting.latexEscape(Formatting.pValue(row.pValue))) & \(number(row.ciLower, 6)) & \(number(row.ciUpper, 6)) \\\\")
        }
        // The notes go below the tabular, as items of the threeparttable's notes that wrap at the
        // table's width: in \multicolumn cells they could not wrap and made the table 900 pt too wide.
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
                let scale = bootstrapScale(interval.component)
                notes.append("Bootstrap \(interval.method.rawValue) interval for \(Formatting.latexEscape(bootstrapName(interval.component))): "
                             + "[\(Formatting.latexNumber(Formatting.format(scale * interval.lower))), \(Formatting.latexNumber(Formatting.format(scale * interval.upper)))]")
            }
        }
        for effect in marginalEffects {
            notes.append("Marginal effect of \(Formatting.latexEscape(labels(effect.term))) (\(effect.kind.rawValue)\(effectsInPercentagePoints ? ", percentage points" : "")): \(Formatting.latexNumber(Formatting.format(effectScale * effect.estimate))) "
                         + "(SE \(Formatting.format(effectScale * effect.standardError)), $p$ \(Formatting.latexEscape(Formatting.pClause(effect.pValue))))")
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
        lines += ["\\bottomrule", wraps ? "\\end{tabularx}" : "\\end{tabular}", "\\begin{tablenotes}[flushleft]", "\\footnotesize"]
            + notes.map { "\\item " + $0 } + ["\\end{tablenotes}", "\\end{threeparttable}"]
        return lines.joined(separator: "\n")
    }
}

extension ModelTable {
    /// The text width the LaTeX table is laid out for: 6.5 inches (a US-letter page with 1-inch
    /// margins, the widest body of the usual journal classes), in TeX points.
    public static let latexTextWidth = 469.75

    /// A booktabs table in a `threeparttable` (preamble: `\usepackage{booktabs, threeparttable,
    /// tabularx}`), the legend, the covariance note and the diagnostics as its `tablenotes`. The
    /// numbers have fixed decimals and minus signs; a separated estimate is ±∞ (the notes say why).
    /// The table fits 6.5 inches (`latexTextWidth`): where the term names would make it wider, the
    /// term column becomes a wrapping `X` column of a `tabularx` at `\linewidth`, and where the
    /// models' columns alone would not leave an inch for the terms, the table is set in a smaller
    /// size (`\small` … `\tiny`) with narrower column gaps.
    public var latex: String {
        let estimate = { (cell: Cell) -> String in
            if cell.estimate.isInfinite { return cell.estimate < 0 ? "$-\\infty$" : "$+\\infty$" }
            return Formatting.latexNumber(fixed(cell.estimate)) + (stars(cell.pValue).isEmpty ? "" : "$^{\(stars(cell.pValue))}$")
        }
        let uncertainty = { (cell: Cell) -> String in
            guard !cell.estimate.isInfinite else { return "" }
            switch self.uncertainty {
            case .standardErrors: return "(" + Formatting.latexNumber(fixed(cell.standardError)) + ")"
            case .confidenceIntervals:
                return "[" + Formatting.latexNumber(fixed(cell.lower)) + ", " + Formatting.latexNumber(fixed(cell.upper)) + "]"
            }
        }
        let statistics = self.statistics
        let layout = latexLayout(statistics: statistics)
        let numeric = String(repeating: "r", count: columns.count)
        var lines = ["\\begin{threeparttable}"] + (layout.size.map { [$0] } ?? [])
        if layout.columnGap != 6 { lines.append("\\setlength{\\tabcolsep}{\(Int(layout.columnGap))pt}") }
        lines.append(layout.wraps ? "\\begin{tabularx}{\\linewidth}{@{}>{\\raggedright\\arraybackslash}X\(numeric)@{}}"
                                  : "\\begin{tabular}{@{}l\(numeric)@{}}")
        lines += ["\\toprule", " & " + columns.map { Formatting.latexEscape($0.title) }.joined(separator: " & ") + " \\\\", "\\midrule"]
        let term = { (name: String) in layout.wraps ? Formatting.latexBreakable(Formatting.latexEscape(name)) : Formatting.latexEscape(name) }
        for row in rows {
            lines.append(term(labels(row.term)) + " & " + row.cells.map { $0.map(estimate) ?? "" }.joined(separator: " & ") + " \\\\")
            lines.append(" & " + row.cells.map { $0.map(uncertainty) ?? "" }.joined(separator: " & ") + " \\\\")
        }
        lines.append("\\midrule")
        for statistic in statistics {
            lines.append(Formatting.latexEscape(statistic.label) + " & "
                         + statistic.values.map { Formatting.latexNumber($0) }.joined(separator: " & ") + " \\\\")
        }
        lines += ["\\bottomrule", layout.wraps ? "\\end{tabularx}" : "\\end{tabular}", "\\begin{tablenotes}[flushleft]", "\\footnotesize",
                  "\\item " + Formatting.latexEscape(legend) + " " + Formatting.latexEscape(covarianceNote)]
        for note in notes { lines.append("\\item " + Formatting.latexEscape(note)) }
        lines += ["\\end{tablenotes}", "\\end{threeparttable}"]
        return lines.joined(separator: "\n")
    }

    /// The LaTeX table's size, column gap and whether the term column wraps, from widths estimated
    /// at 10 pt (digits 5 pt, letters about 5.5 pt, stars 8 pt): the first size at which the models'
    /// columns leave the terms' longest unbreakable piece (at least 60 pt) of the 6.5 inches.
    func latexLayout(statistics: [(label: String, values: [String])]) -> (size: String?, columnGap: Double, wraps: Bool) {
        let numberWidth = { (text: String) -> Double in 5 * Double(text.filter { $0 != "*" }.count) + (text.contains("*") ? 8 : 0) }
        let columnWidths = columns.indices.map { c -> Double in
            var widest = 5.5 * Double(columns[c].title.count)
            for row in rows {
                guard let cell = row.cells[c] else { continue }
                widest = max(widest, cell.estimate.isInfinite ? 12 : max(numberWidth(estimateText(cell)), numberWidth(uncertaintyText(cell))))
            }
            for statistic in statistics { widest = max(widest, numberWidth(statistic.values[c])) }
            return widest
        }
        let names = rows.map { labels($0.term) } + statistics.map(\.label)
        let termWidth = 5.5 * Double(names.map(\.count).max() ?? 10)
        // A wrapping term column breaks at spaces and after [ ] ( ) : _ (`Formatting.latexBreakable`):
        // it needs its longest unbreakable piece, and at least 60 pt.
        let pieces = names.flatMap { $0.split(whereSeparator: { " []():_".contains($0) }) }
        let narrowest = max(60, 5.5 * Double(pieces.map(\.count).max() ?? 0) + 6)
        let sizes: [(String?, Double)] = [(nil, 1), ("\\small", 0.9), ("\\footnotesize", 0.8), ("\\scriptsize", 0.7), ("\\tiny", 0.5)]
        for (index, (size, scale)) in sizes.enumerated() {
            let gap = index == 0 ? 6.0 : 4.0
            let models = columnWidths.reduce(0) { $0 + $1 + 2 * gap }
            if scale * (min(termWidth, narrowest) + models) <= Self.latexTextWidth || index == sizes.count - 1 {
                return (size, gap, scale * (termWidth + models) > Self.latexTextWidth)
            }
        }
        return (nil, 6, true)
    }
}
