import Tables
import Formulas
import Estimation
import Inference
import Modeling

/// Output formats of a report.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, markdown, latex, csv, json
}

/// Something the five renderers can show: a fit report or a model table.
public protocol Renderable: Sendable {
    /// Plain text.
    var text: String { get }
    /// Markdown, every user string escaped.
    var markdown: String { get }
    /// LaTeX (booktabs).
    var latex: String { get }
    /// CSV.
    var csv: String { get }
    /// JSON.
    var json: JSONValue { get }
}

extension Renderable {
    /// The rendering in `format` (JSON pretty-printed).
    public func rendered(_ format: ReportFormat) -> String {
        switch format {
        case .text: return text
        case .markdown: return markdown
        case .latex: return latex
        case .csv: return csv
        case .json: return json.rendered(pretty: true)
        }
    }
}

/// One fitted model and the post-estimation results asked of it, ready to render. Every number
/// comes from a `BinaryRegressionModel` call; the report only holds and formats them.
public struct FitReport: Renderable {
    /// The fitted model.
    public let model: BinaryRegressionModel
    /// Tests of dropping terms, in the order asked.
    public let tests: [TermTest]
    /// Marginal effects, if asked.
    public let marginalEffects: [MarginalEffect]
    /// Which marginal effects (`nil`: none).
    public let margins: MarginsKind?
    /// Variables fixed for the marginal effects.
    public let marginsAt: [String: String]
    /// Whether 0/1 numeric columns got discrete changes (`discreteDummies`) in `marginalEffects`,
    /// said in the text so a reader knows the convention (Stata `c.x`/`i.x`, statsmodels `dummy=`).
    public var discreteDummies = false
    /// Whether marginal effects print in percentage points (×100: estimates, SEs, intervals) in
    /// text, Markdown, LaTeX and CSV, labelled so; the JSON contract keeps probabilities. A report
    /// that quotes AMEs in points elsewhere (the study) sets it, so one unit is used throughout.
    public var effectsInPercentagePoints = false
    /// Average predictions, if asked.
    public let predictions: [Prediction]
    /// Discrimination and calibration of the fit.
    public let fitQuality: FitQuality
    /// The bootstrap, if run.
    public var bootstrap: BootstrapSummary?
    /// A joint Wald test of linear hypotheses, if asked.
    public let hypothesis: HypothesisResult?
    /// The model test where the likelihood is a pseudo-likelihood (sampling weights): the joint
    /// Wald test of every slope (`overallWaldTest`), shown in the LR test's place; `nil` otherwise
    /// or where it does not apply (no covariance, separation).
    public let overallWald: TestResult?
    /// The Pearson χ² goodness-of-fit test (`BinaryRegressionModel.pearsonGoodnessOfFit`), where it applies.
    public let pearson: TestResult?
    /// Variable labels shown for the terms in text, Markdown and LaTeX (`reshore fit --labels`).
    public var labels: TermLabels = .none

    /// A report of `model` with the results given.
    public init(model: BinaryRegressionModel, tests: [TermTest] = [], marginalEffects: [MarginalEffect] = [],
                margins: MarginsKind? = nil, marginsAt: [String: String] = [:], predictions: [Prediction] = [],
                bootstrap: BootstrapSummary? = nil, hypothesis: HypothesisResult? = nil, hosmerLemeshowGroups: Int = 10) {
        self.model = model
        self.tests = tests
        self.marginalEffects = marginalEffects
        self.margins = margins
        self.marginsAt = marginsAt
        self.predictions = predictions
        self.fitQuality = model.fitQuality(hosmerLemeshowGroups: hosmerLemeshowGroups)
        self.pearson = model.pearsonGoodnessOfFit
        self.bootstrap = bootstrap
        self.hypothesis = hypothesis
        self.overallWald = model.fit.likelihoodIsPseudo ? try? model.overallWaldTest() : nil
    }

    /// The header's model test: `LR chi2(k) = …, p …`, or under a pseudo-likelihood the joint Wald
    /// test (`Wald chi2(k) = …`), as Stata's header shows; `chi2` as written by `chi`.
    func modelTest(chi: String) -> String {
        let f = fit
        guard f.likelihoodIsPseudo else {
            return "LR \(chi)(\(f.lrDegreesOfFreedom)) = \(Formatting.format(f.lrStatistic)), p \(Formatting.pClause(f.lrPValue))"
        }
        guard let wald = overallWald else { return "Wald \(chi): not available" }
        if let f = wald.fStatistic, let denominator = wald.denominatorDegreesOfFreedom {
            return "Wald F(\(wald.degreesOfFreedom), \(Formatting.number(denominator))) = \(Formatting.format(f)), p \(Formatting.pClause(wald.pValue))"
        }
        return "Wald \(chi)(\(wald.degreesOfFreedom)) = \(Formatting.format(wald.statistic)), p \(Formatting.pClause(wald.pValue))"
    }

    /// `chi2(q) = W` or, for a survey design's F test, `F(q, ν) = W/q`; `chi` spells χ².
    static func waldStatistic(_ result: TestResult, chi: String) -> String {
        if let f = result.fStatistic, let d = result.denominatorDegreesOfFreedom {
            return "F(\(result.degreesOfFreedom), \(Formatting.number(d))) = \(Formatting.format(f))"
        }
        return "\(chi)(\(result.degreesOfFreedom)) = \(Formatting.format(result.statistic))"
    }

    /// The survey design's line (what `svyglm` and Stata's `svy:` header give), or nil without a
    /// design: strata, PSUs, population size, design degrees of freedom, the domain.
    public var designSummary: String? {
        guard let survey = model.survey else { return nil }
        let kind: String
        if let scheme = survey.design.scheme {
            kind = "replicate weights (\(scheme.type), \(scheme.rscales.count) replicates\(scheme.mse ? ", mse" : ""))"
        } else {
            kind = "strata \(survey.strata), PSUs \(survey.psus)"
        }
        return "Survey design: \(kind); population size \(Formatting.format(survey.populationSize)); design df \(survey.degreesOfFreedom) "
            + "(t and F on \(model.designResidualDegreesOfFreedom ?? 0))"
            + (survey.domain.map { "; domain \($0) (\(survey.observations) rows)" } ?? "")
    }

    /// The absorbed factors' line (`y ~ x | g + h`), or nil without them: each factor with its
    /// levels, the parameters they take, the rows of separated levels left out.
    public var absorbedSummary: String? {
        guard let absorbed = model.absorbed else { return nil }
        let factors = zip(absorbed.fixedEffects.names, absorbed.fixedEffects.levelCounts).map { "\($0) (\($1) levels)" }.joined(separator: ", ")
        let count = absorbed.fixedEffects.rankIsExact ? "" : " (fixest's count for three or more factors; a factor nested in another is over-counted)"
        return "Absorbed:       \(factors); \(absorbed.absorbedParameters) parameters\(count), not reported"
            + (absorbed.separatedRows > 0 ? "; \(absorbed.separatedRows) rows of separated levels left out" : "")
    }

    /// `Pearson chi2(df) = …, p …` where the Pearson test applies, else nil; `chi` spells χ².
    func pearsonClause(chi: String) -> String? {
        pearson.map { "Pearson \(chi)(\($0.degreesOfFreedom)) = \(Formatting.format($0.statistic)), p \(Formatting.pClause($0.pValue))" }
    }

    /// The AUC and Hosmer–Lemeshow clause of the header; under a survey design the tests refused.
    func fitQualityClause(chi: String) -> String {
        guard fitQuality.inferenceRefusal == nil else {
            return "AUC \(Formatting.format(fitQuality.auc)) (weighted; no interval or Hosmer-Lemeshow test under a survey design)"
        }
        return "AUC \(Formatting.format(fitQuality.auc)) [\(Formatting.format(fitQuality.aucLower)), \(Formatting.format(fitQuality.aucUpper))]; "
            + "Hosmer–Lemeshow \(chi)(\(fitQuality.hosmerLemeshowGroups - 2)) = \(Formatting.format(fitQuality.hosmerLemeshow)), p \(Formatting.pClause(fitQuality.hosmerLemeshowPValue))"
    }

    /// The short reason a term test has no Wald statistic, for the tables (the CSV and JSON carry
    /// the whole message).
    static func waldUnavailableNote(_ test: TermTest) -> String {
        switch test.waldError {
        case .separatedCoefficient?: return "a coefficient is infinite: separation"
        case .singularRestrictionCovariance?: return "the covariance's rank is too low"
        default: return "not available"
        }
    }

    /// `Log-likelihood`, or `Log pseudolikelihood` under sampling weights (Stata's word).
    var likelihoodLabel: String { fit.likelihoodIsPseudo ? "Log pseudolikelihood" : "Log-likelihood" }

    /// The fit behind the report.
    public var fit: GLMFit { model.fit }
    /// The model frame.
    public var frame: ModelFrame { model.frame }

    /// The factor marginal effects are printed at: 100 in percentage points, else 1.
    var effectScale: Double { effectsInPercentagePoints ? 100 : 1 }
    /// The factor a bootstrap component is printed at: `effectScale` for an AME, else 1.
    func bootstrapScale(_ component: Int) -> Double {
        guard let bootstrap, component < bootstrap.statistics.count, case .averageMarginalEffect = bootstrap.statistics[component] else { return 1 }
        return effectScale
    }
    /// A bootstrap component's name, with the unit where an AME prints in percentage points.
    func bootstrapName(_ component: Int) -> String {
        guard let bootstrap else { return "" }
        return bootstrap.names[component] + (bootstrapScale(component) == 100 ? " (percentage points)" : "")
    }
    /// The unit of printed marginal effects, for headings.
    var effectUnit: String { effectsInPercentagePoints ? "percentage points" : "probability" }

    var droppedSummary: String {
        frame.droppedRows.isEmpty ? "0"
            : "\(frame.droppedRowCount) (" + frame.droppedRows.map(\.description).joined(separator: ", ") + ")"
    }

    /// The model's trials (`BinaryRegressionModel.trialCount`), for the renderers.
    var trialCount: Double? { model.trialCount }

    /// The observations clause of the header: `58`, or `58 grouped rows (695 trials)`.
    var observationsClause: String {
        let rows = Formatting.number(fit.observationCount)
        return trialCount.map { "\(rows) grouped rows (\(Formatting.number($0)) trials)" } ?? rows
    }

    var statisticName: String { fit.table.distribution.statisticName }
}

/// A joint Wald test of linear hypotheses and the hypotheses it tested.
public struct HypothesisResult: Sendable, Equatable {
    /// The hypotheses as written, e.g. `x1 = x2`.
    public let hypotheses: [String]
    /// χ² on the number of restrictions.
    public let result: TestResult

    /// A result of `BinaryRegressionModel.test(_:)`.
    public init(hypotheses: [String], result: TestResult) {
        self.hypotheses = hypotheses
        self.result = result
    }
}
