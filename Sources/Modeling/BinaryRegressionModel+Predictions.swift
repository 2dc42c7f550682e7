import Foundation
import Tables
import Formulas
import Estimation
import Inference
import Distributions
import LinearAlgebra
import LinearPredictor

/// The scale of a prediction.
public enum PredictionScale: String, Sendable, CaseIterable {
    /// The probability μ = g⁻¹(η) (R `type = "response"`).
    case probability
    /// The linear predictor η (R `type = "link"`), including any offset.
    case link
}

/// One predicted value, with its delta-method standard error and interval.
public struct PredictedValue: Sendable, Equatable, EstimateTableRow {
    /// The row of the data it was computed for.
    public let row: Int
    /// The prediction as a row of the one estimate table: its standard error on the prediction's
    /// scale and the interval (computed on the link scale and transformed for probabilities, so it
    /// stays in (0, 1); NaN when no interval was asked for).
    public let estimateRow: Estimate
    /// Lower bound of the interval (`ciLower`).
    public var lower: Double { estimateRow.lower }
    /// Upper bound (`ciUpper`).
    public var upper: Double { estimateRow.upper }

    /// The prediction for data row `row`.
    public init(row: Int, estimateRow: Estimate) {
        self.row = row
        self.estimateRow = estimateRow
    }
}

/// exp(β) of a logit coefficient with its interval (Stata's `logit, or`).
public struct OddsRatio: Sendable, Equatable, EstimateTableRow {
    /// Design column name.
    public var term: String { estimateRow.term }
    /// The odds ratio as a row of the one estimate table: exp(β̂), its delta-method standard error
    /// exp(β̂)·SE(β̂) as Stata reports it, the coefficient's statistic and p-value (the test of
    /// OR = 1), and exp of the coefficient's interval bounds.
    public let estimateRow: Estimate
    /// exp(β̂).
    public var oddsRatio: Double { estimateRow.estimate }
    /// exp of the coefficient's lower bound (`ciLower`).
    public var lower: Double { estimateRow.lower }
    /// Upper bound (`ciUpper`).
    public var upper: Double { estimateRow.upper }

    /// An odds ratio with its row.
    public init(estimateRow: Estimate) { self.estimateRow = estimateRow }

    /// Whether the coefficient is infinite (separation): odds ratio +∞ or 0, the rest NaN.
    public var isSeparated: Bool { oddsRatio.isInfinite || oddsRatio == 0 }
}

extension BinaryRegressionModel {
    /// Marginal effects (`.ame` average, `.mem` at the means) of `variables` (default: every
    /// right-hand-side variable) with delta-method standard errors under `covariance`; `at` fixes
    /// variables in every row, as Stata's `margins, dydx(*) at(x = v)`. `progress` is called with
    /// (variables done, variables) after each variable. `effect` is dμ/dx or an elasticity
    /// (`EffectScale`: Stata `eyex()`, `dyex()`, `eydx()`); `discreteDummies` gives a 0/1 numeric
    /// column a discrete change μ(1) − μ(0) (statsmodels `dummy=True`, Stata `i.x`) instead of a
    /// derivative (the default, as Stata's `c.x` and statsmodels `dummy=False`).
    public func marginalEffects(_ kind: MarginsKind = .ame, variables: [String]? = nil, at: [String: String] = [:],
                                covariance: Covariance? = nil, effect: EffectScale = .dydx, discreteDummies: Bool = false,
                                progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> [MarginalEffect] {
        try refuseAbsorbed(.margins, "a marginal effect")
        let model = try using(covariance)
        return try MarginalEffects.compute(fit: model.fit, frame: frame, kind: kind, variables: variables, at: at, weights: weights,
                                           binaryAsDiscrete: discreteDummies, scale: effect, progress: progress)
    }

    /// Average predicted probabilities with `variable` set to each of `values` (numbers or levels)
    /// and every other variable as observed (Stata's `margins x`); empty `values`: every level of a
    /// factor, or the distinct values of a numeric variable with at most 20 of them.
    public func averagePredictions(_ variable: String, values: [String] = [], covariance: Covariance? = nil) throws -> [Prediction] {
        try refuseAbsorbed(.margins, "an average prediction")
        let model = try using(covariance)
        let chosen = values.isEmpty ? try defaultProfileValues(variable) : values
        return try MarginalEffects.predictions(fit: model.fit, frame: frame, variable: variable, values: chosen, weights: weights)
    }

    /// The ratio and difference of the average predicted probabilities with `variable` at
    /// `numerator` and at `denominator` (a factor's levels or numeric values), e.g. an adjusted
    /// risk ratio; delta-method intervals (the ratio's on the log scale) under `covariance`.
    public func predictionContrast(_ variable: String, numerator: String, denominator: String,
                                   covariance: Covariance? = nil) throws -> PredictionContrast {
        try refuseAbsorbed(.margins, "a prediction contrast")
        let model = try using(covariance)
        return try MarginalEffects.predictionContrast(fit: model.fit, frame: frame, variable: variable, numerator: numerator,
                                                      denominator: denominator, weights: weights)
    }

    /// Every level of a factor; the distinct values of a numeric variable with at most 20.
    func defaultProfileValues(_ variable: String) throws -> [String] {
        switch try frame.kind(of: variable) {
        case .categorical(let reference, let levels): return [reference] + levels
        case .binary: return ["0", "1"]
        case .continuous:
            let values = Array(Set(frame.numericInputValues(variable))).sorted()
            guard values.count <= 20 else {
                throw CounterfactualError.needsExplicitValues(variable: variable, distinct: values.count)
            }
            return values.map { Column.format($0) }
        }
    }

    /// Per-observation diagnostics, one row per data row in input order (`ObservationDiagnostics`:
    /// fitted values, the four residuals, hat values, standardized residuals, Cook's distance and
    /// dfbeta per coefficient; R `influence.measures`, statsmodels `get_influence`). Rows the model
    /// did not use are present with empty cells.
    /// - Throws: `FormulaError.designTooLarge` where dfbeta's dense design would not fit.
    public func observations() throws -> DataTable {
        try refuseAbsorbed(.observations, "a per-observation diagnostic (hat values, dfbeta)")
        return try ObservationDiagnostics.table(fit: base, frame: frame, weights: weights, dataRows: data.rowCount)
    }

    /// Predictions for `newData` (`nil`: the rows the model used) through the formula's recipes:
    /// factor levels coded as in the fit (an unseen level is an error naming the row), `log()` and
    /// interactions recomputed, the offset column added when the formula's model has one. With
    /// `interval`, a confidence interval at that level from the model's covariance (R's
    /// `predict(se.fit = TRUE)`, on the link scale, transformed for probabilities). Rows with a
    /// missing value in a column the formula reads are left out; `row` names the data row.
    public func predict(newData: DataTable? = nil, type: PredictionScale = .probability, interval level: Double? = nil,
                        covariance: Covariance? = nil) throws -> [PredictedValue] {
        try refuseAbsorbed(.predictions, "a prediction")
        if let level, !(level > 0 && level < 1) { throw ModelingError.invalidLevel(level) }
        let model = try using(covariance)
        let design: DesignMatrix, rows: [Int], offsets: [Double]?
        if let newData {
            let built = try frame.design(for: newData)
            (design, rows) = (built.design, built.rows)
            if let name = specification.offset {
                guard let column = newData[name], let values = column.numericValues else {
                    throw ModelingError.unknownColumn(name: name, parameter: .newDataOffset, available: newData.columnNames)
                }
                offsets = rows.map { values[$0] }
            } else {
                offsets = nil
            }
        } else {
            (design, rows, offsets) = (frame.designMatrix, frame.rowIndices, offset)
        }
        let kept = model.table.estimatedColumns
        let beta = kept.map { model.table.estimates[$0] ?? 0 }
        let reduced = design.selectingColumns(kept)
        var eta = reduced * beta
        if let offsets { for i in eta.indices { eta[i] += offsets[i] } }
        // SE(η̂ᵢ)² = xᵢᵀ V xᵢ on the scaled side.
        let variances = model.fit.table.scaledCovariance.selecting(kept).quadraticForms(reduced)
        let distribution = model.table.distribution
        let critical = level.map { distribution.criticalValue(level: $0) } ?? .nan
        let function = model.fit.link.function
        return eta.indices.map { i in
            let se = max(variances[i], 0).squareRoot()
            let onLink = Estimate(term: "\(rows[i] + 1)", estimate: eta[i], standardError: se, distribution: distribution,
                                  level: level ?? .nan, critical: critical)
            switch type {
            case .link:
                return PredictedValue(row: rows[i], estimateRow: onLink)
            case .probability:
                let values = function.inverse(eta[i])
                return PredictedValue(row: rows[i], estimateRow: Estimate(
                    term: onLink.term, estimate: values.mean, standardError: abs(values.derivative) * se, statistic: .nan, pValue: .nan,
                    lower: function.inverse(onLink.lower).mean, upper: function.inverse(onLink.upper).mean,
                    distribution: distribution, level: level ?? .nan))
            }
        }
    }

    /// exp(β) with intervals exp(bounds) under the model's covariance (logit and Firth's logit only).
    public func oddsRatios(level: Double? = nil, covariance: Covariance? = nil) throws -> [OddsRatio] {
        guard model.link == .logit else { throw ModelingError.oddsRatiosNeedLogit(model: model.rawValue) }
        let separated = fit.separatedTerms
        let table = try coefficientTable(level: level, covariance: covariance)
        return table.rows.compactMap { row in
            // Separation: the odds ratio is +∞ or 0, with no standard error, interval or p-value.
            if let sign = separated[row.term] {
                return OddsRatio(estimateRow: Estimate(term: row.term, estimate: sign > 0 ? .infinity : 0, standardError: .nan, statistic: .nan,
                                                       pValue: .nan, lower: .nan, upper: .nan, distribution: table.distribution, level: table.level))
            }
            guard let estimate = row.estimate, let se = row.standardError, let lower = row.ciLower, let upper = row.ciUpper,
                  let p = row.pValue else { return nil }
            let ratio = Foundation.exp(estimate)
            return OddsRatio(estimateRow: Estimate(term: row.term, estimate: ratio, standardError: ratio * se, statistic: row.statistic ?? .nan,
                                                   pValue: p, lower: Foundation.exp(lower), upper: Foundation.exp(upper),
                                                   distribution: table.distribution, level: table.level))
        }
    }
}
