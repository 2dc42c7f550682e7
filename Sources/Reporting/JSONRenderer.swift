import Foundation
import Tables
import Estimation
import Inference
import Modeling

/// JSON: the documented contract (Docs/cli.md).
extension FitReport {
    /// The documented JSON contract (Docs/cli.md).
    public var json: JSONValue {
        let f = fit
        return .object([
            ("model", .string(f.model.rawValue)), ("link", .string(f.link.rawValue)), ("formula", .string(frame.formula.text)),
            ("nobs", .number(f.observationCount)), ("events", .number(f.events)), ("droppedRows", .integer(frame.droppedRowCount)),
            ("trials", trialCount.map { .number($0) } ?? .null),
            ("converged", .bool(f.converged)), ("iterations", .integer(f.iterations)),
            ("information", .string(f.information.rawValue)), ("covariance", .string(f.covarianceLabel)),
            ("level", .number(f.level)),
            ("logLikelihood", .number(f.logLikelihood)), ("nullLogLikelihood", .number(f.nullLogLikelihood)),
            ("deviance", .number(f.deviance)), ("nullDeviance", .number(f.nullDeviance)),
            ("aic", .number(f.aic)), ("bic", .number(f.bic)), ("lrChi2", .number(f.lrStatistic)),
            ("lrDF", .integer(f.lrDegreesOfFreedom)), ("lrPValue", .number(f.lrPValue)),
            ("pseudoLikelihood", .bool(f.likelihoodIsPseudo)),
            ("overallWald", overallWald.map { w in
                .object([("chi2", .number(w.statistic)), ("df", .integer(w.degreesOfFreedom)), ("pValue", .number(w.pValue)),
                         ("F", .optionalNumber(w.fStatistic)), ("denominatorDF", .optionalNumber(w.denominatorDegreesOfFreedom))])
            } ?? .null),
            ("design", model.survey.map { s in
                return .object([("covariance", .string(s.covariance.description)), ("strata", .integer(s.strata)), ("psus", .integer(s.psus)),
                                ("populationSize", .number(s.populationSize)), ("designDF", .integer(s.degreesOfFreedom)),
                                ("residualDF", model.designResidualDegreesOfFreedom.map { .integer($0) } ?? .null),
                                ("replicates", s.design.scheme.map { .object([("type", .string($0.type.description)), ("count", .integer($0.rscales.count)),
                                                                              ("scale", .number($0.scale)), ("mse", .bool($0.mse))]) } ?? .null),
                                ("domain", s.domain.map { .string($0.description) } ?? .null), ("domainRows", .integer(s.observations))])
            } ?? .null),
            ("absorbed", model.absorbed.map { a in
                .object([("factors", .array(zip(a.fixedEffects.names, a.fixedEffects.levelCounts).map { name, levels in
                             .object([("name", .string(name)), ("levels", .integer(levels))]) })),
                         ("parameters", .integer(a.absorbedParameters)), ("parametersExact", .bool(a.fixedEffects.rankIsExact)),
                         ("separatedRows", .integer(a.separatedRows))])
            } ?? .null),
            ("pseudoR2", .object([("mcfadden", .number(f.pseudoRSquared.mcFadden)), ("coxSnell", .number(f.pseudoRSquared.coxSnell)),
                                  ("nagelkerke", .number(f.pseudoRSquared.nagelkerke)), ("tjur", .number(f.pseudoRSquared.tjur))])),
            ("coefficients", .array(f.reportedCoefficients.map { row in
                // A separated term: estimate null with "separated": "+inf" / "-inf" (JSON has no infinity).
                .object([("term", .string(row.term)), ("estimate", .optionalNumber(row.isSeparated ? nil : row.estimate)),
                         ("stdError", .optionalNumber(row.standardError)), ("z", .optionalNumber(row.statistic)),
                         ("pValue", .optionalNumber(row.pValue)), ("ciLower", .optionalNumber(row.ciLower)),
                         ("ciUpper", .optionalNumber(row.ciUpper)), ("aliased", .bool(row.isAliased)),
                         ("separated", row.infiniteSign.map { .string($0 > 0 ? "+inf" : "-inf") } ?? .null)])
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
                .object([("term", .string(t.term)), ("wald", .optionalNumber(t.wald?.statistic)),
                         ("waldDF", t.wald.map { .integer($0.degreesOfFreedom) } ?? .null),
                         ("waldPValue", .optionalNumber(t.wald?.pValue)), ("waldDenominatorDF", .optionalNumber(t.wald?.denominatorDegreesOfFreedom)), ("waldUnavailable", t.waldUnavailable.map { .string($0) } ?? .null),
                         ("lr", .optionalNumber(t.likelihoodRatio?.statistic)),
                         ("lrPValue", .optionalNumber(t.likelihoodRatio?.pValue)),
                         ("score", .optionalNumber(t.score?.statistic)), ("scorePValue", .optionalNumber(t.score?.pValue))])
            })),
            ("hypothesis", hypothesis.map { h in
                .object([("hypotheses", .array(h.hypotheses.map { .string($0) })), ("wald", .number(h.result.statistic)),
                         ("df", .integer(h.result.degreesOfFreedom)), ("pValue", .number(h.result.pValue)),
                         ("F", .optionalNumber(h.result.fStatistic)), ("denominatorDF", .optionalNumber(h.result.denominatorDegreesOfFreedom))])
            } ?? .null),
            ("bootstrap", bootstrap.map { b in
                .object([("replicates", .integer(b.result.requested)), ("failed", .integer(b.result.failedCount)),
                         ("seed", .string(String(b.result.seed))), ("plan", .string(b.planDescription)),
                         ("bcaAcceleration", b.acceleration.map { .string($0.rawValue) } ?? .null),
                         ("intervals", .array(b.intervals.map { i in
                             .object([("term", .string(b.names[i.component])), ("method", .string(i.method.rawValue)),
                                      ("lower", .number(i.lower)), ("upper", .number(i.upper))])
                         }))])
            } ?? .null),
            ("fitQuality", .object([("auc", .number(fitQuality.auc)), ("aucLower", .number(fitQuality.aucLower)),
                                    ("aucUpper", .number(fitQuality.aucUpper)), ("hosmerLemeshow", .number(fitQuality.hosmerLemeshow)),
                                    ("hosmerLemeshowPValue", .number(fitQuality.hosmerLemeshowPValue)), ("brier", .number(fitQuality.brier)),
                                    ("inferenceRefusal", fitQuality.inferenceRefusal.map { .string($0) } ?? .null),
                                    ("hosmerLemeshowGroups", .integer(fitQuality.hosmerLemeshowGroups)),
                                    ("pearsonChi2", .optionalNumber(pearson?.statistic)),
                                    ("pearsonDF", pearson.map { .integer($0.degreesOfFreedom) } ?? .null),
                                    ("pearsonPValue", .optionalNumber(pearson?.pValue))])),
            ("diagnostics", .array(f.diagnostics.map { d in
                .object([("kind", .string(d.kind.rawValue)), ("terms", .array(d.terms.map { .string($0) })), ("message", .string(d.message))])
            })),
        ])
    }
}

extension ModelTable {
    /// `{"content","uncertainty","models":[{"title","model","nobs","events","logLikelihood","aic","covariance","estimates":[…]}]}`.
    public var json: JSONValue {
        .object([
            ("content", .string(content.rawValue)), ("uncertainty", .string(uncertainty.rawValue)),
            ("models", .array(columns.enumerated().map { index, column in
                let fit = column.model.fit
                return .object([
                    ("title", .string(column.title)), ("model", .string(column.model.model.rawValue)),
                    ("nobs", .number(fit.observationCount)), ("events", .number(fit.events)),
                    ("logLikelihood", .number(fit.logLikelihood)), ("mcFaddenR2", .number(fit.pseudoRSquared.mcFadden)),
                    ("aic", .number(fit.aic)), ("covariance", .string(fit.covarianceLabel)),
                    ("estimates", .array(rows.compactMap { row in
                        row.cells[index].map { cell in
                            .object([("term", .string(row.term)), ("estimate", .number(cell.estimate)),
                                     ("stdError", .number(cell.standardError)), ("ciLower", .number(cell.lower)),
                                     ("ciUpper", .number(cell.upper)), ("pValue", .number(cell.pValue))])
                        }
                    })),
                ])
            })),
        ])
    }
}
