import Foundation
import Tables
import Estimation
import Inference
import Modeling

/// Plain text: the summary of one fit (statsmodels/Stata style).
extension FitReport {
    /// A summary in the spirit of statsmodels' and Stata's.
    public var text: String {
        let f = fit
        var lines: [String] = ([
            "Binary-response model: \(f.model) (link: \(f.link))",
            "Formula:        \(frame.formula.text)" + (frame.eventLevel.map { "   [event: \(frame.responseName) = \($0)]" } ?? ""),
            "Observations:   \(observationsClause)   Events: \(Formatting.number(f.events))   Dropped rows: \(droppedSummary)",
            "Converged:      \(f.converged ? "yes" : "NO") (\(f.iterations) iterations)   Covariance: \(f.covarianceLabel)",
            "\(likelihoodLabel): \(Formatting.format(f.logLikelihood))   Null: \(Formatting.format(f.nullLogLikelihood))   " + modelTest(chi: "chi2"),
            model.survey != nil
                ? "Pseudo R2: McFadden \(Formatting.format(f.pseudoRSquared.mcFadden)), Tjur \(Formatting.format(f.pseudoRSquared.tjur))   "
                    + "(survey design: no LR test, AIC or BIC; Wald F on the design df)"
                : f.likelihoodIsPseudo
                ? "Pseudo R2: McFadden \(Formatting.format(f.pseudoRSquared.mcFadden)), Tjur \(Formatting.format(f.pseudoRSquared.tjur))   "
                    + "(sampling weights: no LR test, AIC or BIC; fit quality weighted)"
                : "AIC: \(Formatting.format(f.aic))   BIC: \(Formatting.format(f.bic))   Pseudo R2: McFadden \(Formatting.format(f.pseudoRSquared.mcFadden)), "
                    + "Cox-Snell \(Formatting.format(f.pseudoRSquared.coxSnell)), Nagelkerke \(Formatting.format(f.pseudoRSquared.nagelkerke)), "
                    + "Tjur \(Formatting.format(f.pseudoRSquared.tjur))",
            fitQuality.inferenceRefusal == nil
                ? "AUC: \(Formatting.format(fitQuality.auc)) [\(Formatting.format(fitQuality.aucLower)), \(Formatting.format(fitQuality.aucUpper))] (DeLong)   "
                    + "Hosmer-Lemeshow chi2(\(fitQuality.hosmerLemeshowGroups - 2)) = \(Formatting.format(fitQuality.hosmerLemeshow)), "
                    + "p \(Formatting.pClause(fitQuality.hosmerLemeshowPValue))   Brier: \(Formatting.format(fitQuality.brier))"
                : "AUC: \(Formatting.format(fitQuality.auc)) (weighted)   Brier: \(Formatting.format(fitQuality.brier))   "
                    + "(survey design: no AUC interval or Hosmer-Lemeshow test; they would treat rows as independent)",
            pearsonClause(chi: "chi2").map { "Goodness of fit: \($0) " + (frame.trials == nil ? "(a rough reference with 0/1 outcomes)" : "(grouped: a fair reference where expected counts are not small)") },
            "Classified at p >= \(fitQuality.classification.cutoff): sensitivity \(Formatting.format(fitQuality.classification.sensitivity)), "
                + "specificity \(Formatting.format(fitQuality.classification.specificity)), correctly classified \(Formatting.format(fitQuality.classification.accuracy))",
            "",
        ] as [String?]).compactMap { $0 }
        if let designSummary { lines.insert(designSummary, at: 4) }
        if let absorbedSummary { lines.insert(absorbedSummary, at: 2) }
        let level = Formatting.percent(f.level)
        // The term column as wide as the longest name (names were cut at 33 characters, unmarked).
        let termWidth = max(34, (f.coefficients.map { labels($0.term).count }.max() ?? 0) + 2)
        let header = [("Term", termWidth), ("Estimate", 12), ("Std. err.", 12), (statisticName, 9), ("P>|\(statisticName)|", 10),
                      ("[\(level)% conf.", 12), ("interval]", 12)]
        lines.append(header.enumerated().map { $0.offset == 0 ? Formatting.padRight($0.element.0, $0.element.1) : Formatting.padLeft($0.element.0, $0.element.1) }.joined())
        lines.append(String(repeating: "-", count: header.reduce(0) { $0 + $1.1 }))
        let separated = f.separatedTerms   // once: it merges the diagnostics (per row it was O(p²))
        for row in f.coefficients {
            guard let estimate = row.estimate else {
                lines.append(Formatting.padRight(labels(row.term), termWidth) + Formatting.padLeft("(aliased: NA)", 24))
                continue
            }
            if let sign = separated[row.term] {
                lines.append(Formatting.padRight(labels(row.term), termWidth) + Formatting.padLeft(Formatting.separated(sign), 24))
                continue
            }
            lines.append(Formatting.padRight(labels(row.term), termWidth) + Formatting.padLeft(Formatting.format(estimate), 12)
                         + Formatting.padLeft(Formatting.format(row.standardError), 12) + Formatting.padLeft(Formatting.format(row.statistic, digits: 3), 9)
                         + Formatting.padLeft(Formatting.pValue(row.pValue), 10) + Formatting.padLeft(Formatting.format(row.ciLower), 12)
                         + Formatting.padLeft(Formatting.format(row.ciUpper), 12))
        }
        let labelWidth = max(32, (marginalEffects.map { labels($0.term).count + 11 } + predictions.map { $0.variable.count + $0.value.count + 3 }).max() ?? 0) + 1
        if !marginalEffects.isEmpty {
            lines.append("")
            lines.append("Marginal effects on the probability" + (effectsInPercentagePoints ? ", in percentage points" : "") + " (\(margins == .mem ? "at the means" : "average")"
                         + (marginsAt.isEmpty ? "" : ", at " + marginsAt.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", "))
                         + "; delta-method SEs; 0/1 columns as \(discreteDummies ? "discrete changes" : "continuous regressors")):")
            for effect in marginalEffects {
                let scale = effect.kind == .discrete ? " (discrete)" : effect.kind == .dydx ? "" : " (\(effect.kind.rawValue))"
                lines.append("  " + Formatting.padRight(labels(effect.term) + scale, labelWidth)
                             + Formatting.padLeft(Formatting.format(effectScale * effect.estimate), 12) + Formatting.padLeft(Formatting.format(effectScale * effect.standardError), 12)
                             + Formatting.padLeft(Formatting.format(effect.z, digits: 3), 9) + Formatting.padLeft(Formatting.pValue(effect.pValue), 10)
                             + Formatting.padLeft(Formatting.format(effectScale * effect.ciLower), 12) + Formatting.padLeft(Formatting.format(effectScale * effect.ciUpper), 12))
            }
        }
        if !predictions.isEmpty {
            lines.append("")
            lines.append("Average predicted probabilities (others at observed values; intervals on the link scale):")
            for prediction in predictions {
                lines.append("  " + Formatting.padRight("\(prediction.variable) = \(prediction.value)", labelWidth) + Formatting.padLeft(Formatting.format(prediction.estimate), 12)
                             + Formatting.padLeft(Formatting.format(prediction.standardError), 12) + Formatting.padLeft(Formatting.format(prediction.ciLower), 12)
                             + Formatting.padLeft(Formatting.format(prediction.ciUpper), 12))
            }
        }
        if let bootstrap {
            let r = bootstrap.result
            lines.append("")
            lines.append("Bootstrap: \(r.replicates.count) of \(r.requested) replicates (\(r.failedCount) failed), \(bootstrap.planDescription), seed \(r.seed):")
            for component in bootstrap.names.indices {
                let scale = bootstrapScale(component)
                let parts = bootstrap.intervals.filter { $0.component == component }
                    .map { "\($0.method.rawValue) [\(Formatting.format(scale * $0.lower)), \(Formatting.format(scale * $0.upper))]" }
                lines.append("  " + Formatting.padRight(bootstrapName(component), 32) + parts.joined(separator: "  "))
            }
            if let note = bootstrap.accelerationNote { lines.append("  \(note)") }
            if let note = r.failureDiagnostic { lines.append("  ! \(note)") }
        }
        if !tests.isEmpty {
            lines.append("")
            lines.append("Tests of dropping a term:")
            for test in tests {
                let lr = test.likelihoodRatio.map { "LR chi2(\($0.degreesOfFreedom)) = \(Formatting.format($0.statistic)), p \(Formatting.pClause($0.pValue))" }
                    ?? "LR not available"
                let wald = test.wald.map { "Wald \(FitReport.waldStatistic($0, chi: "chi2")), p \(Formatting.pClause($0.pValue))" }
                    ?? "Wald not applicable (\(FitReport.waldUnavailableNote(test)))"
                let score = test.score.map { "; score chi2(\($0.degreesOfFreedom)) = \(Formatting.format($0.statistic)), p \(Formatting.pClause($0.pValue))" } ?? ""
                lines.append("  \(labels(test.term)): \(wald); \(lr)\(score)")
            }
        }
        if let hypothesis {
            lines.append("")
            lines.append("Wald test of " + hypothesis.hypotheses.joined(separator: ", ") + ": \(FitReport.waldStatistic(hypothesis.result, chi: "chi2")), "
                         + "p \(Formatting.pClause(hypothesis.result.pValue))")
        }
        if !f.diagnostics.isEmpty {
            lines.append("")
            lines.append("Diagnostics:")
            for diagnostic in f.diagnostics { lines.append("  ! \(diagnostic.kind.rawValue): \(diagnostic.message)") }
        }
        return TerminalText.safe(lines.joined(separator: "\n"))   // no control characters reach a terminal
    }
}

extension ModelTable {
    /// Columns as wide as their longest entry (and no wider); estimates above, parentheses below;
    /// the legend and the covariance note under the table.
    public var text: String {
        let statistics = self.statistics
        let termWidth = ((rows.map { labels($0.term).count } + statistics.map(\.label.count)).max() ?? 0) + 2
        let entries = rows.flatMap { row in row.cells.flatMap { $0.map { [estimateText($0), uncertaintyText($0)] } ?? [] } }
        let width = ((columns.map(\.title.count) + entries.map(\.count) + statistics.flatMap { $0.values.map(\.count) }).max() ?? 0) + 2
        var lines = [Formatting.padRight("", termWidth) + columns.map { Formatting.padLeft($0.title, width) }.joined()]
        let rule = String(repeating: "-", count: termWidth + width * columns.count)
        lines.append(rule)
        for row in rows {
            lines.append(Formatting.padRight(labels(row.term), termWidth) + row.cells.map { Formatting.padLeft($0.map(estimateText) ?? "", width) }.joined())
            lines.append(Formatting.padRight("", termWidth) + row.cells.map { Formatting.padLeft($0.map(uncertaintyText) ?? "", width) }.joined())
        }
        lines.append(rule)
        for statistic in statistics {
            lines.append(Formatting.padRight(statistic.label, termWidth) + statistic.values.map { Formatting.padLeft($0, width) }.joined())
        }
        lines.append(rule)
        lines.append(legend)
        lines.append(covarianceNote)
        for note in notes { lines.append("! " + note) }
        return TerminalText.safe(lines.joined(separator: "\n"))   // no control characters reach a terminal
    }
}
