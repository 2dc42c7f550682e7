import Foundation
import GLM

/// Output formats of a fit report.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, markdown, latex, csv, json
}

extension FitReport {
    /// The report in `format`.
    public func rendered(_ format: ReportFormat) -> String {
        switch format {
        case .text: return text
        case .markdown: return markdown
        case .latex: return latex
        case .csv: return csv
        case .json: return json.rendered(pretty: true)
        }
    }

    var droppedSummary: String {
        frame.droppedRows.isEmpty ? "0"
            : "\(frame.droppedRowCount) (" + frame.droppedRows.map { "\($0.column): \($0.count)" }.joined(separator: ", ") + ")"
    }

    var statisticName: String { fit.model == "lpm" ? "t" : "z" }

    /// A summary in the spirit of statsmodels' and Stata's.
    public var text: String {
        let f = fit
        var lines = [
            "Binary-response model: \(f.model) (link: \(f.link))",
            "Formula:        \(frame.formula.text)" + (frame.eventLevel.map { "   [event: \(frame.responseName) = \($0)]" } ?? ""),
            "Observations:   \(Self.number(f.observationCount))   Events: \(Self.number(f.events))   Dropped rows: \(droppedSummary)",
            "Converged:      \(f.converged ? "yes" : "NO") (\(f.iterations) iterations)   Covariance: \(f.covarianceKind)",
            "Log-likelihood: \(Self.format(f.logLikelihood))   Null: \(Self.format(f.nullLogLikelihood))   "
                + "LR chi2(\(f.lrDegreesOfFreedom)) = \(Self.format(f.lrStatistic)), p \(Self.pClause(f.lrPValue))",
            "AIC: \(Self.format(f.aic))   BIC: \(Self.format(f.bic))   Pseudo R2: McFadden \(Self.format(f.pseudoRSquared.mcFadden)), "
                + "Cox-Snell \(Self.format(f.pseudoRSquared.coxSnell)), Nagelkerke \(Self.format(f.pseudoRSquared.nagelkerke)), "
                + "Tjur \(Self.format(f.pseudoRSquared.tjur))",
            "AUC: \(Self.format(fitQuality.auc)) [\(Self.format(fitQuality.aucLower)), \(Self.format(fitQuality.aucUpper))] (DeLong)   "
                + "Hosmer-Lemeshow chi2(\(fitQuality.hosmerLemeshowGroups - 2)) = \(Self.format(fitQuality.hosmerLemeshow)), "
                + "p \(Self.pClause(fitQuality.hosmerLemeshowPValue))   Brier: \(Self.format(fitQuality.brier))",
            "Classified at p >= \(fitQuality.classification.cutoff): sensitivity \(Self.format(fitQuality.classification.sensitivity)), "
                + "specificity \(Self.format(fitQuality.classification.specificity)), correctly classified \(Self.format(fitQuality.classification.accuracy))",
            "",
        ]
        let level = Int((f.level * 100).rounded())
        let header = [("Term", 34), ("Estimate", 12), ("Std. err.", 12), (statisticName, 9), ("P>|\(statisticName)|", 10),
                      ("[\(level)% conf.", 12), ("interval]", 12)]
        lines.append(header.enumerated().map { $0.offset == 0 ? Self.padRight($0.element.0, $0.element.1) : Self.padLeft($0.element.0, $0.element.1) }.joined())
        lines.append(String(repeating: "-", count: header.reduce(0) { $0 + $1.1 }))
        for row in f.coefficients {
            guard let estimate = row.estimate else {
                lines.append(Self.padRight(row.term, 34) + Self.padLeft("(aliased: NA)", 24))
                continue
            }
            lines.append(Self.padRight(row.term, 34) + Self.padLeft(Self.format(estimate), 12)
                         + Self.padLeft(Self.format(row.standardError), 12) + Self.padLeft(Self.format(row.statistic, digits: 3), 9)
                         + Self.padLeft(Self.pValue(row.pValue), 10) + Self.padLeft(Self.format(row.ciLower), 12)
                         + Self.padLeft(Self.format(row.ciUpper), 12))
        }
        if !marginalEffects.isEmpty {
            lines.append("")
            lines.append("Marginal effects on the probability (\(specification.margins == .mem ? "at the means" : "average")"
                         + (specification.at.isEmpty ? "" : ", at " + specification.at.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", "))
                         + "; delta-method SEs):")
            for effect in marginalEffects {
                lines.append("  " + Self.padRight(effect.term + (effect.kind == .discrete ? " (discrete)" : ""), 32)
                             + Self.padLeft(Self.format(effect.estimate), 12) + Self.padLeft(Self.format(effect.standardError), 12)
                             + Self.padLeft(Self.format(effect.z, digits: 3), 9) + Self.padLeft(Self.pValue(effect.pValue), 10)
                             + Self.padLeft(Self.format(effect.ciLower), 12) + Self.padLeft(Self.format(effect.ciUpper), 12))
            }
        }
        if !predictions.isEmpty {
            lines.append("")
            lines.append("Average predicted probabilities (others at observed values; intervals on the link scale):")
            for prediction in predictions {
                lines.append("  " + Self.padRight("\(prediction.variable) = \(prediction.value)", 32) + Self.padLeft(Self.format(prediction.estimate), 12)
                             + Self.padLeft(Self.format(prediction.standardError), 12) + Self.padLeft(Self.format(prediction.ciLower), 12)
                             + Self.padLeft(Self.format(prediction.ciUpper), 12))
            }
        }
        if let bootstrap {
            let r = bootstrap.result
            lines.append("")
            lines.append("Bootstrap: \(r.replicates.count) of \(r.requested) replicates (\(r.failedCount) failed), \(bootstrap.plan), seed \(r.seed):")
            for (component, name) in bootstrap.names.enumerated() {
                let parts = bootstrap.intervals.filter { $0.component == component }
                    .map { "\($0.method.rawValue) [\(Self.format($0.lower)), \(Self.format($0.upper))]" }
                lines.append("  " + Self.padRight(name, 32) + parts.joined(separator: "  "))
            }
            if let note = r.failureDiagnostic { lines.append("  ! \(note)") }
        }
        if !tests.isEmpty {
            lines.append("")
            lines.append("Tests of dropping a term:")
            for test in tests {
                let lr = test.likelihoodRatio.map { "LR chi2(\($0.degreesOfFreedom)) = \(Self.format($0.statistic)), p \(Self.pClause($0.pValue))" }
                    ?? "LR not available"
                lines.append("  \(test.term): Wald chi2(\(test.wald.degreesOfFreedom)) = \(Self.format(test.wald.statistic)), "
                             + "p \(Self.pClause(test.wald.pValue)); \(lr)")
            }
        }
        if !f.diagnostics.isEmpty {
            lines.append("")
            lines.append("Diagnostics:")
            for diagnostic in f.diagnostics { lines.append("  ! \(diagnostic.kind.rawValue): \(diagnostic.message)") }
        }
        return lines.joined(separator: "\n")
    }

    /// A Markdown table with the fit statistics above and diagnostics below.
    public var markdown: String {
        let f = fit
        var lines = ["**\(f.model)** (link \(f.link)): `\(frame.formula.text)`", "",
                     "n = \(Self.number(f.observationCount)), events = \(Self.number(f.events)), dropped rows = \(droppedSummary); "
                        + "log-likelihood \(Self.format(f.logLikelihood)); LR χ²(\(f.lrDegreesOfFreedom)) = \(Self.format(f.lrStatistic)), "
                        + "p \(Self.pClause(f.lrPValue)); AIC \(Self.format(f.aic)); McFadden R² \(Self.format(f.pseudoRSquared.mcFadden)); "
                        + "covariance: \(f.covarianceKind); AUC \(Self.format(fitQuality.auc)) [\(Self.format(fitQuality.aucLower)), \(Self.format(fitQuality.aucUpper))]; "
                        + "Hosmer–Lemeshow χ²(\(fitQuality.hosmerLemeshowGroups - 2)) = \(Self.format(fitQuality.hosmerLemeshow)), p \(Self.pClause(fitQuality.hosmerLemeshowPValue)); "
                        + "Brier \(Self.format(fitQuality.brier))", "",
                     "| Term | Estimate | Std. err. | \(statisticName) | p | CI lower | CI upper |",
                     "|:---|---:|---:|---:|---:|---:|---:|"]
        for row in f.coefficients {
            let name = row.term.replacingOccurrences(of: "|", with: "\\|")
            guard let estimate = row.estimate else { lines.append("| \(name) | NA (aliased) | | | | | |"); continue }
            lines.append("| \(name) | \(Self.format(estimate)) | \(Self.format(row.standardError)) | \(Self.format(row.statistic, digits: 3)) | "
                         + "\(Self.pValue(row.pValue)) | \(Self.format(row.ciLower)) | \(Self.format(row.ciUpper)) |")
        }
        if !marginalEffects.isEmpty {
            lines += ["", "| Marginal effect | kind | Estimate | Std. err. | z | p | CI lower | CI upper |", "|:---|:---|---:|---:|---:|---:|---:|---:|"]
            for effect in marginalEffects {
                lines.append("| \(effect.term) | \(effect.kind.rawValue) | \(Self.format(effect.estimate)) | \(Self.format(effect.standardError)) | "
                             + "\(Self.format(effect.z, digits: 3)) | \(Self.pValue(effect.pValue)) | \(Self.format(effect.ciLower)) | \(Self.format(effect.ciUpper)) |")
            }
        }
        if !predictions.isEmpty {
            lines += ["", "| Profile | Predicted probability | Std. err. | CI lower | CI upper |", "|:---|---:|---:|---:|---:|"]
            for p in predictions {
                lines.append("| \(p.variable) = \(p.value) | \(Self.format(p.estimate)) | \(Self.format(p.standardError)) | \(Self.format(p.ciLower)) | \(Self.format(p.ciUpper)) |")
            }
        }
        if let bootstrap {
            lines += ["", "Bootstrap: \(bootstrap.result.replicates.count) of \(bootstrap.result.requested) replicates, \(bootstrap.plan), seed \(bootstrap.result.seed)",
                      "", "| Statistic | Method | Lower | Upper |", "|:---|:---|---:|---:|"]
            for interval in bootstrap.intervals {
                lines.append("| \(bootstrap.names[interval.component]) | \(interval.method.rawValue) | \(Self.format(interval.lower)) | \(Self.format(interval.upper)) |")
            }
            if let note = bootstrap.result.failureDiagnostic { lines.append("> **bootstrap**: \(note)") }
        }
        if !tests.isEmpty {
            lines += ["", "| Test of dropping | Wald χ² | df | p | LR χ² | p |", "|:---|---:|---:|---:|---:|---:|"]
            for test in tests {
                lines.append("| \(test.term) | \(Self.format(test.wald.statistic)) | \(test.wald.degreesOfFreedom) | \(Self.pValue(test.wald.pValue)) | "
                             + "\(Self.format(test.likelihoodRatio?.statistic)) | \(Self.pValue(test.likelihoodRatio?.pValue)) |")
            }
        }
        if !f.diagnostics.isEmpty {
            lines.append("")
            for diagnostic in f.diagnostics { lines.append("> **\(diagnostic.kind.rawValue)**: \(diagnostic.message)") }
        }
        return lines.joined(separator: "\n")
    }

    /// A LaTeX `booktabs` table; diagnostics become table notes.
    public var latex: String {
        let f = fit
        var lines = ["\\begin{tabular}{lrrrrrr}", "\\toprule",
                     "Term & Estimate & Std.\\ err. & $\(statisticName)$ & $p$ & \\multicolumn{2}{c}{\(Int((f.level * 100).rounded()))\\% CI} \\\\",
                     "\\midrule"]
        for row in f.coefficients {
            let name = Self.latexEscape(row.term)
            guard let estimate = row.estimate else { lines.append("\(name) & \\multicolumn{6}{l}{aliased (NA)} \\\\"); continue }
            lines.append("\(name) & \(Self.format(estimate)) & \(Self.format(row.standardError)) & \(Self.format(row.statistic, digits: 3)) & "
                         + "\(Self.latexEscape(Self.pValue(row.pValue))) & \(Self.format(row.ciLower)) & \(Self.format(row.ciUpper)) \\\\")
        }
        lines += ["\\midrule",
                  "\\multicolumn{7}{l}{$n = \(Self.number(f.observationCount))$, events $= \(Self.number(f.events))$, "
                    + "$\\log L = \(Self.format(f.logLikelihood))$, LR $\\chi^2(\(f.lrDegreesOfFreedom)) = \(Self.format(f.lrStatistic))$, "
                    + "AIC $= \(Self.format(f.aic))$} \\\\",
                  "\\multicolumn{7}{l}{\(Self.latexEscape(f.model)) model; covariance: \(Self.latexEscape(f.covarianceKind))} \\\\",
                  "\\multicolumn{7}{l}{AUC $= \(Self.format(fitQuality.auc))$, Hosmer--Lemeshow $\\chi^2(\(fitQuality.hosmerLemeshowGroups - 2)) = \(Self.format(fitQuality.hosmerLemeshow))$, "
                    + "Brier $= \(Self.format(fitQuality.brier))$} \\\\"]
        if let bootstrap {
            for interval in bootstrap.intervals {
                lines.append("\\multicolumn{7}{l}{Bootstrap \(interval.method.rawValue) interval for \(Self.latexEscape(bootstrap.names[interval.component])): "
                             + "[\(Self.format(interval.lower)), \(Self.format(interval.upper))]} \\\\")
            }
        }
        for effect in marginalEffects {
            lines.append("\\multicolumn{7}{l}{Marginal effect of \(Self.latexEscape(effect.term)) (\(effect.kind.rawValue)): \(Self.format(effect.estimate)) "
                         + "(SE \(Self.format(effect.standardError)), $p$ \(Self.latexEscape(Self.pClause(effect.pValue))))} \\\\")
        }
        for p in predictions {
            lines.append("\\multicolumn{7}{l}{Predicted probability at \(Self.latexEscape(p.variable)) $=$ \(Self.latexEscape(p.value)): \(Self.format(p.estimate)) "
                         + "[\(Self.format(p.ciLower)), \(Self.format(p.ciUpper))]} \\\\")
        }
        for test in tests {
            lines.append("\\multicolumn{7}{l}{Dropping \(Self.latexEscape(test.term)): Wald $\\chi^2(\(test.wald.degreesOfFreedom)) = \(Self.format(test.wald.statistic))$, "
                         + "$p$ \(Self.latexEscape(Self.pClause(test.wald.pValue)))} \\\\")
        }
        for diagnostic in f.diagnostics {
            lines.append("\\multicolumn{7}{l}{\\textit{\(Self.latexEscape(diagnostic.kind.rawValue)): \(Self.latexEscape(diagnostic.message))}} \\\\")
        }
        lines += ["\\bottomrule", "\\end{tabular}"]
        return lines.joined(separator: "\n")
    }

    /// The coefficient table as CSV (`NA` for aliased terms), then `#` lines with the diagnostics.
    public var csv: String {
        var lines = ["term,estimate,stdError,\(statisticName),pValue,ciLower,ciUpper,aliased"]
        func value(_ x: Double?) -> String { x.map { "\($0)" } ?? "NA" }
        for row in fit.coefficients {
            lines.append([CSVWriter.field(row.term), value(row.estimate), value(row.standardError), value(row.statistic), value(row.pValue),
                          value(row.ciLower), value(row.ciUpper), row.isAliased ? "true" : "false"].joined(separator: ","))
        }
        if let bootstrap {
            for interval in bootstrap.intervals {
                lines.append("# bootstrap \(bootstrap.names[interval.component]) \(interval.method.rawValue): [\(interval.lower), \(interval.upper)]")
            }
        }
        lines.append("# fit quality: auc=\(fitQuality.auc) [\(fitQuality.aucLower), \(fitQuality.aucUpper)] "
                     + "hosmerLemeshow=\(fitQuality.hosmerLemeshow) p=\(fitQuality.hosmerLemeshowPValue) brier=\(fitQuality.brier)")
        for effect in marginalEffects {
            lines.append("# margin \(effect.term) (\(effect.kind.rawValue)): estimate=\(effect.estimate) se=\(effect.standardError) p=\(effect.pValue)")
        }
        for p in predictions {
            lines.append("# prediction \(p.variable)=\(p.value): estimate=\(p.estimate) se=\(p.standardError) ci=[\(p.ciLower), \(p.ciUpper)]")
        }
        for test in tests {
            lines.append("# test \(test.term): wald=\(test.wald.statistic) df=\(test.wald.degreesOfFreedom) p=\(test.wald.pValue)"
                         + (test.likelihoodRatio.map { " lr=\($0.statistic) p=\($0.pValue)" } ?? ""))
        }
        for diagnostic in fit.diagnostics { lines.append("# \(diagnostic.kind.rawValue): \(diagnostic.message)") }
        return lines.joined(separator: "\n")
    }

    /// The documented JSON contract (Docs/cli.md).
    public var json: JSONValue {
        let f = fit
        return .object([
            ("model", .string(f.model)), ("link", .string(f.link)), ("formula", .string(frame.formula.text)),
            ("nobs", .number(f.observationCount)), ("events", .number(f.events)), ("droppedRows", .integer(frame.droppedRowCount)),
            ("converged", .bool(f.converged)), ("iterations", .integer(f.iterations)),
            ("information", .string(f.information.rawValue)), ("covariance", .string(f.covarianceKind)),
            ("logLikelihood", .number(f.logLikelihood)), ("nullLogLikelihood", .number(f.nullLogLikelihood)),
            ("deviance", .number(f.deviance)), ("nullDeviance", .number(f.nullDeviance)),
            ("aic", .number(f.aic)), ("bic", .number(f.bic)), ("lrChi2", .number(f.lrStatistic)),
            ("lrDF", .integer(f.lrDegreesOfFreedom)), ("lrPValue", .number(f.lrPValue)),
            ("pseudoR2", .object([("mcfadden", .number(f.pseudoRSquared.mcFadden)), ("coxSnell", .number(f.pseudoRSquared.coxSnell)),
                                  ("nagelkerke", .number(f.pseudoRSquared.nagelkerke)), ("tjur", .number(f.pseudoRSquared.tjur))])),
            ("coefficients", .array(f.coefficients.map { row in
                .object([("term", .string(row.term)), ("estimate", .optionalNumber(row.estimate)),
                         ("stdError", .optionalNumber(row.standardError)), ("z", .optionalNumber(row.statistic)),
                         ("pValue", .optionalNumber(row.pValue)), ("ciLower", .optionalNumber(row.ciLower)),
                         ("ciUpper", .optionalNumber(row.ciUpper)), ("aliased", .bool(row.isAliased))])
            })),
            ("marginalEffects", .array(marginalEffects.map { e in
                .object([("term", .string(e.term)), ("kind", .string(e.kind.rawValue)), ("estimate", .number(e.estimate)),
                         ("stdError", .number(e.standardError)), ("z", .number(e.z)), ("pValue", .number(e.pValue)),
                         ("ciLower", .number(e.ciLower)), ("ciUpper", .number(e.ciUpper))])
            })),
            ("predictions", .array(predictions.map { p in
                .object([("variable", .string(p.variable)), ("value", .string(p.value)), ("estimate", .number(p.estimate)),
                         ("stdError", .number(p.standardError)), ("ciLower", .number(p.ciLower)), ("ciUpper", .number(p.ciUpper))])
            })),
            ("tests", .array(tests.map { t in
                .object([("term", .string(t.term)), ("wald", .number(t.wald.statistic)), ("waldDF", .integer(t.wald.degreesOfFreedom)),
                         ("waldPValue", .number(t.wald.pValue)), ("lr", .optionalNumber(t.likelihoodRatio?.statistic)),
                         ("lrPValue", .optionalNumber(t.likelihoodRatio?.pValue))])
            })),
            ("bootstrap", bootstrap.map { b in
                .object([("replicates", .integer(b.result.requested)), ("failed", .integer(b.result.failedCount)),
                         ("seed", .string(String(b.result.seed))), ("plan", .string(b.plan)),
                         ("intervals", .array(b.intervals.map { i in
                             .object([("term", .string(b.names[i.component])), ("method", .string(i.method.rawValue)),
                                      ("lower", .number(i.lower)), ("upper", .number(i.upper))])
                         }))])
            } ?? .null),
            ("fitQuality", .object([("auc", .number(fitQuality.auc)), ("aucLower", .number(fitQuality.aucLower)),
                                    ("aucUpper", .number(fitQuality.aucUpper)), ("hosmerLemeshow", .number(fitQuality.hosmerLemeshow)),
                                    ("hosmerLemeshowPValue", .number(fitQuality.hosmerLemeshowPValue)), ("brier", .number(fitQuality.brier))])),
            ("diagnostics", .array(f.diagnostics.map { d in
                .object([("kind", .string(d.kind.rawValue)), ("terms", .array(d.terms.map { .string($0) })), ("message", .string(d.message))])
            })),
        ])
    }

    static func format(_ value: Double?, digits: Int = 6) -> String {
        guard let value, !value.isNaN else { return "NA" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value != 0 && (abs(value) >= 1e6 || abs(value) < 1e-4) { return String(format: "%.\(max(digits - 2, 2))e", value) }
        return String(format: "%.\(digits)g", value)
    }

    static func pValue(_ value: Double?) -> String {
        guard let value, !value.isNaN else { return "NA" }
        return value < 1e-4 ? "<0.0001" : String(format: "%.4f", value)
    }

    /// "= 0.0123" or "< 0.0001".
    static func pClause(_ value: Double?) -> String {
        let text = pValue(value)
        return text.hasPrefix("<") ? "< " + text.dropFirst() : "= " + text
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : format(value)
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }

    static func padRight(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width - 1)) + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func latexEscape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "_", "&", "%", "#", "$", "{", "}": result += "\\" + String(character)
            case "<": result += "$<$"
            case ">": result += "$>$"
            case "^": result += "\\^{}"
            case "~": result += "\\~{}"
            case "\\": result += "\\textbackslash{}"
            default: result.append(character)
            }
        }
        return result
    }
}
