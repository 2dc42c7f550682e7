import Foundation
import Tables
import Estimation
import Inference
import Modeling

/// CSV: the coefficient table.
extension FitReport {
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
        if let hypothesis {
            lines.append("# hypothesis \(hypothesis.hypotheses.joined(separator: "; ")): wald=\(hypothesis.result.statistic) df=\(hypothesis.result.degreesOfFreedom) p=\(hypothesis.result.pValue)")
        }
        for diagnostic in fit.diagnostics { lines.append("# \(diagnostic.kind.rawValue): \(diagnostic.message)") }
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
                lines.append([CSVWriter.field(row.term), CSVWriter.field(column.title), "\(cell.estimate)", "\(cell.standardError)",
                              "\(cell.lower)", "\(cell.upper)", "\(cell.pValue)"].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n")
    }
}
