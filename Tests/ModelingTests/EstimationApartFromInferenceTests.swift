import Foundation
import Testing
import TestSupport
import Regress

/// Issue 30, item 3: estimation returns estimates, inference owns uncertainty. The engines take no
/// confidence level; one covariance type goes from `--vce` to the sandwich and the label is
/// derived from it; one estimate table (`Estimate`) serves coefficients, odds ratios, AMEs,
/// predictions, contrasts, bootstrap summaries and model-table cells, each row by one rule.
struct EstimationApartFromInferenceTests {
    static let birthwt = (try? CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))) ?? DataTable()
    static let formula = "low ~ age + lwt + C(race) + smoke"

    /// A fit at 90 % is the 95 % fit asked for 90 % afterwards: the same estimates, errors and
    /// tests, and intervals by the same rule.
    @Test func theEngineTakesNoLevelAndALevelIsAskedAfterwards() throws {
        let at90 = try BinaryRegression.fit(Self.formula, data: Self.birthwt, level: 0.90)
        let at95 = try BinaryRegression.fit(Self.formula, data: Self.birthwt)
        #expect(at95.fit.level == CoefficientTable.conventionalLevel)
        #expect(try at95.atLevel(0.90).coefficients == at90.coefficients)
        for row in at90.table.estimateRows.compactMap({ $0 }) {
            let q = Normal.quantile(0.95)
            #expect(abs(row.lower - (row.estimate - q * row.standardError)) <= 1e-12 * max(1, abs(row.lower)))
            #expect(row.level == 0.90 && row.distribution == .normal)
        }
    }

    /// The label every rendering shows is derived from the estimator the fit records.
    @Test func theCovarianceLabelIsDerivedFromTheEstimator() throws {
        let model = try BinaryRegression.fit(Self.formula, data: Self.birthwt, model: .probit)
        #expect(model.fit.covarianceEstimator == .classical(.observed) && model.fit.covarianceLabel == "observed information")
        let hc3 = try model.withCovariance(.hc3)
        #expect(hc3.fit.covarianceEstimator == .hc3 && hc3.fit.covarianceLabel == "robust (HC3)")
        #expect(hc3.fit.covarianceLabel == Covariance.hc3.label(information: .observed))
        let clustered = try BinaryRegression.fit(Self.formula, data: Self.birthwt, covariance: .cluster(["race"], adjustment: .sandwich))
        #expect(clustered.fit.covarianceLabel == "cluster-robust (sandwich adjustment) by race")
        let lpm = try BinaryRegression.fit(Self.formula, data: Self.birthwt, model: .lpm, covariance: .classical())
        #expect(lpm.fit.covarianceLabel == "classical (OLS)")
        let weighted = try BinaryRegression.fit(Self.formula, data: Self.birthwt, weights: .sampling("lwt"))
        #expect(weighted.fit.covarianceEstimator == .samplingWeights(.observed))
        // RobustCovariance computes the same estimator by the same function as the fit.
        let w = weighted.weights ?? []
        let direct = try RobustCovariance.covariance(of: weighted.fit, design: weighted.frame.designMatrix, response: weighted.frame.response,
                                                     weights: w, estimator: .samplingWeights(.observed))
        let own = weighted.fit.covariance
        for j in 0..<own.rows { #expect(abs(direct[j, j] - own[j, j]) <= 1e-10 * own[j, j]) }
        #expect(throws: ModelingError.self) { try weighted.withCovariance(.samplingWeights(.expected)) }
        #expect(throws: ModelingError.self) { try model.withCovariance(.samplingWeights(.observed)) }
    }

    /// Coefficients, odds ratios, AMEs, average predictions, contrasts, per-row predictions, model
    /// table cells and bootstrap summaries are all `Estimate` rows, each by its rule.
    @Test func oneEstimateTableServesEveryAnswer() throws {
        let model = try BinaryRegression.fit(Self.formula, data: Self.birthwt)
        let rows = model.table.estimateRows.compactMap { $0 }
        for (row, coefficient) in zip(rows, model.coefficients) {
            #expect(row.term == coefficient.term && row.estimate == coefficient.estimate && row.pValue == coefficient.pValue)
            #expect(row.lower == coefficient.ciLower && row.statistic == coefficient.statistic)
        }
        // Odds ratios: exp of the coefficient's row, the coefficient's test.
        for (ratio, row) in zip(try model.oddsRatios(), rows) {
            #expect(ratio.estimateRow.estimate == exp(row.estimate) && ratio.estimateRow.pValue == row.pValue)
            #expect(ratio.estimateRow.lower == exp(row.lower) && ratio.estimateRow.distribution == .normal)
        }
        // AMEs: Wald rows in the fit's reference distribution; t(ν) for the linear probability model.
        for effect in try model.marginalEffects(.ame) {
            let row = effect.estimateRow
            #expect(row.statistic == row.estimate / row.standardError && row.distribution == .normal)
            #expect(row.pValue == ReferenceDistribution.normal.twoSidedPValue(row.statistic))
        }
        let lpm = try BinaryRegression.fit(Self.formula, data: Self.birthwt, model: .lpm)
        let lpmEffect = try #require(try lpm.marginalEffects(.ame).first { $0.term == "age" })
        let lpmCoefficient = try #require(lpm.coefficient("age"))
        #expect(lpmEffect.estimateRow.distribution == lpm.table.distribution)
        #expect(abs(lpmEffect.pValue - (lpmCoefficient.pValue ?? .nan)) <= 1e-12)
        // Average predictions and their contrast.
        let predictions = try model.averagePredictions("smoke", values: ["0", "1"])
        #expect(predictions.map(\.estimateRow.term) == ["smoke=0", "smoke=1"])
        #expect(predictions.allSatisfy { $0.ciLower > 0 && $0.ciUpper < 1 && $0.estimateRow.level == 0.95 })
        let contrast = try model.predictionContrast("smoke", numerator: "1", denominator: "0")
        let q = Normal.quantile(0.975)
        #expect(contrast.differenceRow.lower == contrast.difference - q * contrast.differenceStandardError)
        #expect(abs(contrast.differenceRow.estimate - (predictions[1].estimate - predictions[0].estimate)) <= 1e-12)
        #expect(contrast.ratioRow.lower < contrast.ratio && contrast.ratio < contrast.ratioRow.upper)
        // Per-row predictions.
        let perRow = try model.predict(interval: 0.95)
        #expect(perRow.allSatisfy { $0.estimateRow.lower <= $0.estimate && $0.estimate <= $0.estimateRow.upper })
        // Model-table cells are the same rows.
        let table = try ModelTable(columns: [ModelTable.Column(model: model)])
        for row in table.rows {
            let cell = try #require(row.cells[0])
            #expect(cell == rows.first { $0.term == row.term })
        }
        // Bootstrap summaries: the full-sample estimate, the replicates' standard deviation, the interval.
        let boot = try model.bootstrap(replicates: 99, statistics: [.coefficient("age")], intervals: [.percentile], seed: 3)
        let bootRow = try #require(boot.estimateRows(.percentile).first)
        let replicates = boot.result.replicates.map { $0[0] }
        let mean = replicates.reduce(0, +) / Double(replicates.count)
        let sd = (replicates.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(replicates.count - 1)).squareRoot()
        #expect(abs(bootRow.standardError - sd) <= 1e-12 * sd && bootRow.distribution == nil && bootRow.pValue.isNaN)
        #expect(bootRow.lower == boot.interval(.coefficient("age"), .percentile)?.lower)
    }

    /// The engine returns the per-row scores and working weights: Xᵀu = 0 at the MLE, (XᵀWX)⁻¹ is
    /// the classical covariance (the logit's observed and expected information coincide), and the
    /// HC0 sandwich built from them is `RobustCovariance`'s.
    @Test func theEngineReturnsPerRowScoresAndWorkingWeights() throws {
        let model = try BinaryRegression.fit(Self.formula, data: Self.birthwt)
        let fit = model.fit, x = model.frame.design
        #expect(fit.scores.count == x.rows && fit.workingWeights.count == x.rows)
        for j in 0..<x.columns {
            let terms = (0..<x.rows).map { fit.scores[$0] * x[$0, j] }
            #expect(abs(terms.reduce(0, +)) <= 1e-8 * terms.map(abs).reduce(0, +))
        }
        let information = x.weightedCrossProduct(weights: fit.workingWeights)
        let bread = try information.cholesky().inverse()
        let v = fit.covariance
        for j in 0..<x.columns { #expect(abs(bread[j, j] - v[j, j]) <= 1e-8 * v[j, j]) }
        let meat = x.weightedCrossProduct(weights: fit.scores.map { $0 * $0 })
        let hc0 = bread * meat * bread, reference = try model.covariance(.hc0)
        for j in 0..<x.columns { #expect(abs(hc0[j, j] - reference[j, j]) <= 1e-8 * reference[j, j]) }
        // The linear probability model: wᵢeᵢ and wᵢ.
        let lpm = try BinaryRegression.fit(Self.formula, data: Self.birthwt, model: .lpm)
        #expect(zip(lpm.fit.scores, zip(lpm.frame.response, lpm.fit.fittedValues)).allSatisfy { abs($0 - ($1.0 - $1.1)) <= 1e-15 })
        // A replicate's lean fit and a fit evaluated on another design carry none.
        #expect(fit.evaluated(on: x).scores.isEmpty)
    }
}
