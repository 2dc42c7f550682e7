import Foundation
import Tables
import Formulas
import Estimation
import LinearAlgebra
import LinearPredictor

/// Per-observation output of a fit, one row per data row in input order (R `fitted`,
/// `residuals(type = …)`, `influence()$hat`, `rstandard`, `cooks.distance`, `dfbeta`; statsmodels
/// `get_influence()`), from the fit's estimates and the weighted least-squares problem of its last
/// IRLS step, as R's `influence.glm` reads it:
/// - residuals: response y − μ̂; Pearson √w (y − μ̂)/√V(μ̂); deviance sign(y − μ̂)√(w dᵢ); working
///   (y − μ̂)/μ'(η̂);
/// - hat values hᵢ = Wᵢ xᵢᵀ(XᵀWX)⁻¹xᵢ with W the expected working weights w μ'²/V (R's glm weights);
/// - standardized residuals r/√(φ(1 − hᵢ)), φ = 1 (the binomial; σ̂² for the linear probability
///   model); Cook's distance (r_P/(1 − hᵢ))² hᵢ/(φ p);
/// - dfbeta, the one-step change in the coefficients when row i is dropped,
///   (XᵀWX)⁻¹xᵢ √Wᵢ r_Dᵢ/(1 − hᵢ) with r_D the deviance residual (R `dfbeta`: `lm.influence` on
///   the IRLS problem with `weighted.residuals`, which are deviance residuals for a glm; statsmodels'
///   one-step dfbetas use the Pearson residual instead, √Wᵢ r_Pᵢ = the row's score).
/// Rows the fit did not use (a missing value, weight 0) are present with empty cells; dfbeta has a
/// column per estimated coefficient (`dfbeta:TERM`). Memory O(n·p) for dfbeta, O(n) for the rest.
public enum ObservationDiagnostics {
    /// The table: `row` (1-based data row), `fitted`, `linear_predictor`, `residual_response`,
    /// `residual_pearson`, `residual_deviance`, `residual_working`, `hat`, `std_residual_pearson`,
    /// `std_residual_deviance`, `cooks_distance`, and `dfbeta:TERM` per estimated coefficient.
    /// - Parameters:
    ///   - fit: the fit on the frame's rows.
    ///   - frame: its frame (design, response, `rowIndices` into the data).
    ///   - weights: the fit's prior weights on the frame's rows.
    ///   - dataRows: the number of rows of the data the frame came from.
    /// - Throws: `FormulaError.designTooLarge` where dfbeta's dense design would not fit in memory.
    public static func table(fit: GLMFit, frame: ModelFrame, weights: [Double]?, dataRows: Int) throws -> DataTable {
        let n = frame.response.count
        let kept = fit.table.estimatedColumns
        let design = kept.count == frame.designMatrix.columns ? frame.designMatrix : frame.designMatrix.selectingColumns(kept)
        let (_, working) = fit.scoreFactors(response: frame.response, weights: weights)
        let isLinear = fit.link == .identity
        let names = ["fitted", "linear_predictor", "residual_response", "residual_pearson", "residual_deviance", "residual_working",
                     "hat", "std_residual_pearson", "std_residual_deviance", "cooks_distance"]
        let nan = [Double](repeating: .nan, count: n)
        var fitted = nan, linear = nan, response = nan, pearson = nan, deviance = nan, workingResidual = nan
        let used = (0..<n).filter { (weights?[$0] ?? 1) > 0 }
        // The dispersion: 1 for the binomial; σ̂² = Σ w e²/(n − p) for the linear probability model.
        var dispersion = 1.0
        if isLinear {
            let rss = used.reduce(0.0) { $0 + (weights?[$1] ?? 1) * pow(frame.response[$1] - fit.fittedValues[$1], 2) }
            dispersion = rss / Double(max(used.count - kept.count, 1))
        }
        for i in used {
            let w = weights?[i] ?? 1, y = frame.response[i], mu = fit.fittedValues[i], eta = fit.linearPredictor[i]
            let residual = y - mu
            fitted[i] = mu
            linear[i] = eta
            response[i] = residual
            if isLinear {
                pearson[i] = w.squareRoot() * residual
                deviance[i] = w.squareRoot() * residual
                workingResidual[i] = residual
                continue
            }
            let derivative = fit.link.function.inverse(eta).derivative
            let variance = mu * (1 - mu)
            pearson[i] = variance > 0 ? w.squareRoot() * residual / variance.squareRoot() : .nan
            let unit = -2 * ((y > 0 ? y * log(mu / y) : 0) + (y < 1 ? (1 - y) * log((1 - mu) / (1 - y)) : 0))
            deviance[i] = (residual >= 0 ? 1 : -1) * (w * max(unit, 0)).squareRoot()
            workingResidual[i] = derivative != 0 ? residual / derivative : .nan
        }
        var hatColumn = nan, stdPearson = nan, stdDeviance = nan, cooks = nan
        func columns() -> [[Double]] {
            [fitted, linear, response, pearson, deviance, workingResidual, hatColumn, stdPearson, stdDeviance, cooks]
        }
        guard let factor = InformationFactor.factor(design.weightedCrossProduct(weights: working)) else {
            return try assemble(columns: Array(zip(names, columns())), dfbeta: [], terms: [], frame: frame, dataRows: dataRows)
        }
        let inverse = factor.inverse()
        let hat = design.hatValues(working: working, inverse: inverse)
        let p = Double(kept.count)
        var shrink = [Double](repeating: .nan, count: n)
        for i in used {
            let h = hat[i]
            hatColumn[i] = h
            guard h < 1 else { continue }
            stdPearson[i] = pearson[i] / (dispersion * (1 - h)).squareRoot()
            stdDeviance[i] = deviance[i] / (dispersion * (1 - h)).squareRoot()
            cooks[i] = pow(pearson[i] / (1 - h), 2) * h / (dispersion * p)
            // R's lm.influence on the IRLS problem: √Wᵢ times the deviance residual (weighted.residuals).
            shrink[i] = working[i].squareRoot() * deviance[i] / (1 - h)
        }
        // dfbeta = diag(u/(1 − h)) X (XᵀWX)⁻¹: one n × k product.
        let xb = try design.checkedMaterialized().multiplied(by: inverse)
        let dfbeta = (0..<kept.count).map { j in
            xb.withColumn(j) { column in (0..<n).map { i in shrink[i] * column[i] } }
        }
        return try assemble(columns: Array(zip(names, columns())), dfbeta: dfbeta, terms: kept.map { fit.coefficients[$0].term },
                            frame: frame, dataRows: dataRows)
    }

    /// The columns over every data row: the frame's rows carry their values, the others NaN.
    static func assemble(columns named: [(String, [Double])], dfbeta: [[Double]], terms: [String], frame: ModelFrame,
                         dataRows: Int) throws -> DataTable {
        // The frame's rows in order and complete: the columns are the data's as they are.
        let identity = frame.rowIndices.count == dataRows
        func expanded(_ column: [Double]) -> [Double] {
            if identity { return column }
            var full = [Double](repeating: .nan, count: dataRows)
            for (k, row) in frame.rowIndices.enumerated() { full[row] = column[k] }
            return full
        }
        var columns = [Column(name: "row", numeric: (0..<dataRows).map { Double($0 + 1) })]
        for (name, values) in named { columns.append(Column(name: name, numeric: expanded(values))) }
        for (term, column) in zip(terms, dfbeta) { columns.append(Column(name: "dfbeta:" + term, numeric: expanded(column))) }
        return try DataTable(columns: columns)
    }
}
