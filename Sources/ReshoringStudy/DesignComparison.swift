import Regress

/// The study's headline under the survey's sampling design (strata sector × size class, weights
/// N_h/n_h, the register's firms per stratum as fpc; Docs/survey.md) beside the model-based
/// headline, and where they differ: the design-based pseudo-ML logit with its linearised
/// covariance and t on the design df (R `svyglm`), against Firth's logit with its profile interval
/// and penalized LR test.
public struct DesignComparison: Sendable {
    /// The design-based fit, with the design-based F test of the I4.0 term.
    public let design: FitReport
    /// The I4.0 coefficient under the design: estimate, SE, interval, p (t on the design's residual df).
    public let designEstimate: Estimate
    /// The model-based (Firth) I4.0 coefficient.
    public let modelEstimate: Double
    /// Its Wald standard error (for the design effect).
    public let modelStandardError: Double
    /// Its profile penalized-likelihood interval.
    public let modelInterval: (lower: Double, upper: Double)
    /// Its penalized LR test's p-value.
    public let modelPValue: Double

    /// The comparison; nil fields of the headline make it throw `StudyDataError`.
    init(design: FitReport, headline: BinaryRegressionModel, profile: ConfidenceInterval, headlineTest: TestResult?) throws {
        self.design = design
        let term = StudyResults.term
        guard let row = design.model.table.estimateRows.compactMap({ $0 }).first(where: { $0.term == term }), row.standardError.isFinite,
              let model = headline.coefficient(term), let modelEstimate = model.estimate, let modelSE = model.standardError else {
            throw StudyDataError.wrongType(name: term, expected: "an estimable I4.0 coefficient under the survey design")
        }
        designEstimate = row
        self.modelEstimate = modelEstimate
        modelStandardError = modelSE
        modelInterval = (profile.lower, profile.upper)
        modelPValue = headlineTest?.pValue ?? .nan
    }

    /// The design effect on the I4.0 coefficient's variance: (design SE / model-based SE)².
    public var designEffect: Double { (designEstimate.standardError / modelStandardError) * (designEstimate.standardError / modelStandardError) }

    /// The difference of the estimates in design-based standard errors.
    public var differenceInStandardErrors: Double { (designEstimate.estimate - modelEstimate) / designEstimate.standardError }

    /// Whether the two agree on significance at 5 %.
    public var agreeAtFivePercent: Bool { (designEstimate.pValue < 0.05) == (modelPValue < 0.05) }

    /// What a reader should take from the comparison: both results, and where they differ.
    public var sentence: String {
        let df = design.model.designResidualDegreesOfFreedom.map(String.init) ?? "?"
        let designPart = String(format: "design-based (strata sector × size class, weights N_h/n_h, fpc; Taylor linearisation): β = %.3f [%.3f, %.3f], t(%@) = %.2f, p %@",
                                designEstimate.estimate, designEstimate.lower, designEstimate.upper, df, designEstimate.statistic,
                                StudyConclusion.pText(designEstimate.pValue))
        let modelPart = String(format: "model-based (Firth): β = %.3f [%.3f, %.3f] (profile), penalized LR p %@",
                               modelEstimate, modelInterval.lower, modelInterval.upper, StudyConclusion.pText(modelPValue))
        var verdict = String(format: "The estimates differ by %.2f design-based SEs; the design-based SE is %.1f times the model-based one (design effect %.2f)",
                             abs(differenceInStandardErrors), designEstimate.standardError / modelStandardError, designEffect)
        if agreeAtFivePercent {
            verdict += designEstimate.pValue < 0.05
                ? ", and both find the association at the 5 % level."
                : ", and neither finds the association at the 5 % level."
        } else if designEstimate.pValue >= 0.05 {
            verdict += ", so under the design the association is not significant at 5 %: the model-based result relies on sector and size capturing how the firms were selected, and the design weights (an assumed register, Docs/calibration.md) do not."
        } else {
            verdict += ", so the design-based test finds the association where the model-based one does not."
        }
        return "Under the sampling design — \(designPart); \(modelPart). \(verdict)"
    }
}
