import Foundation
import Tables
import Estimation
import Inference
import Modeling

/// CSV: one rectangular table that pandas' `read_csv` and R's `read.csv` read as it is.
extension FitReport {
    /// Every result as a row of one table:
    /// `section,term,estimate,stdError,statistic,pValue,ciLower,ciUpper,df,detail` with `section`
    /// one of `coefficient`, `marginalEffect`, `prediction`, `bootstrap`, `test`, `hypothesis`,
    /// `fitQuality`, `diagnostic`; `NA` where a column does not apply (and for aliased terms, whose
    /// `detail` is `aliased`). User strings are quoted as needed and defused against spreadsheet
    /// formula injection (`CSVWriter.textField`).
    public var csv: String {
        var lines = ["section,term,estimate,stdError,\(statisticName),pValue,ciLower,ciUpper,df,detail"]
        func value(_ x: Double?) -> String { x.map { $0.isInfinite ? ($0 < 0 ? "-Inf" : "Inf") : "\($0)" } ?? "NA" }
        func row(_ section: String, _ term: String, _ estimate: Double?, _ se: Double? = nil, _ statistic: Double? = nil,
                 _ p: Double? = nil, _ lower: Double? = nil, _ upper: Double? = nil, df: Int? = nil, detail: String = "") {
            lines.append([section, CSVWriter.textField(term), value(estimate), value(se), value(statistic), value(p), value(lower),
                          value(upper), df.map(String.init) ?? "NA", detail.isEmpty ? "" : CSVWriter.textField(detail)].joined(separator: ","))
        }
        // Separated terms: estimate inf or -inf, no inference, detail "separated (+inf)".
        for c in fit.reportedCoefficients {
            row("coefficient", c.term, c.estimate, c.standardError, c.statistic, c.pValue, c.ciLower, c.ciUpper,
                detail: c.isAliased ? "aliased" : c.infiniteSign.map { "separated (\($0 > 0 ? "+inf" : "-inf"))" } ?? "")
        }
        for e in marginalEffects {
            row("marginalEffect", e.term, effectScale * e.estimate, effectScale * e.standardError, e.z, e.pValue, effectScale * e.ciLower,
                effectScale * e.ciUpper, detail: e.kind.rawValue + (effectsInPercentagePoints ? "; percentage points" : ""))
        }
        for p in predictions {
            row("prediction", "\(p.variable) = \(p.value)", p.estimate, p.standardError, nil, nil, p.ciLower, p.ciUpper)
        }
        if let bootstrap {
            for interval in bootstrap.intervals {
                let scale = bootstrapScale(interval.component)
                row("bootstrap", bootstrap.names[interval.component], nil, nil, nil, nil, scale * interval.lower, scale * interval.upper,
                    detail: "\(interval.method.rawValue); \(bootstrap.planDescription); seed \(bootstrap.result.seed)" + (scale == 100 ? "; percentage points" : ""))
            }
        }
        for test in tests {
            if let wald = test.wald {
                row("test", test.term, nil, nil, wald.statistic, wald.pValue, df: wald.degreesOfFreedom, detail: "Wald")
            } else {
                row("test", test.term, nil, detail: "Wald not applicable: " + (test.waldUnavailable ?? ""))
            }
            if let lr = test.likelihoodRatio {
                row("test", test.term, nil, nil, lr.statistic, lr.pValue, df: lr.degreesOfFreedom, detail: "likelihood ratio")
            }
            if let score = test.score {
                row("test", test.term, nil, nil, score.statistic, score.pValue, df: score.degreesOfFreedom, detail: "score (Rao)")
            }
        }
        if let hypothesis {
            row("hypothesis", hypothesis.hypotheses.joined(separator: "; "), nil, nil, hypothesis.result.statistic,
                hypothesis.result.pValue, df: hypothesis.result.degreesOfFreedom, detail: "Wald")
        }
        if let survey = model.survey {
            row("design", "strata", Double(survey.strata))
            row("design", "PSUs", Double(survey.psus))
            row("design", "population size", survey.populationSize)
            row("design", "design df", Double(survey.degreesOfFreedom))
            row("design", "residual df", Double(model.designResidualDegreesOfFreedom ?? 0), detail: "t and F denominator")
            if let domain = survey.domain { row("design", "domain", Double(survey.observations), detail: domain.description) }
        }
        if let overallWald, let f = overallWald.fStatistic {
            row("modelTest", "Wald F", nil, nil, f, overallWald.pValue, df: overallWald.degreesOfFreedom,
                detail: "denominator df \(Formatting.number(overallWald.denominatorDegreesOfFreedom ?? .nan))")
        }
        row("fitQuality", "AUC", fitQuality.auc, fitQuality.aucStandardError, nil, nil, fitQuality.aucLower, fitQuality.aucUpper,
            detail: fitQuality.inferenceRefusal == nil ? "DeLong" : "weighted; no interval under a survey design")
        if let refusal = fitQuality.inferenceRefusal {
            row("fitQuality", "Hosmer-Lemeshow", nil, detail: refusal)
        } else {
            row("fitQuality", "Hosmer-Lemeshow", nil, nil, fitQuality.hosmerLemeshow, fitQuality.hosmerLemeshowPValue,
                df: fitQuality.hosmerLemeshowGroups - 2)
        }
        row("fitQuality", "Brier", fitQuality.brier)
        if let pearson { row("fitQuality", "Pearson", nil, nil, pearson.statistic, pearson.pValue, df: pearson.degreesOfFreedom) }
        for diagnostic in fit.diagnostics {
            row("diagnostic", diagnostic.kind.rawValue, nil, detail: diagnostic.message)
        }
        return lines.joined(separator: "\n")
    }
}

extension ModelTable {
    /// Long format, one row per term, model and quantity: `term,model,estimate,stdError,ciLower,ciUpper,pValue`,
    /// then the statistics as `statistic,model,value`-shaped rows in the same columns.
    public var csv: String {
        var lines = ["term,model,estimate,stdError,ciLower,ciUpper,pValue"]
        for row in rows {
            for (column, cell) in zip(columns, row.cells) {
                guard let cell else { continue }
                // R's spellings: a separated estimate is -Inf/Inf, what it lacks is NA (not Swift's "nan").
                func value(_ x: Double) -> String { x.isNaN ? "NA" : x.isInfinite ? (x < 0 ? "-Inf" : "Inf") : "\(x)" }
                lines.append([CSVWriter.textField(row.term), CSVWriter.textField(column.title), value(cell.estimate), value(cell.standardError),
                              value(cell.lower), value(cell.upper), value(cell.pValue)].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n")
    }
}
