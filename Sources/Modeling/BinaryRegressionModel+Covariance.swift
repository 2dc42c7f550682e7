import Tables
import Estimation
import LinearAlgebra
import LinearPredictor

/// A covariance of a fitted model's estimates, asked for by name of its columns.
public enum Covariance: Sendable, Hashable, CustomStringConvertible {
    /// The inverse information: the fit's own (`nil`), or the observed or expected one (R's `glm`
    /// uses expected, Stata and statsmodels observed). For the linear probability model σ̂²(XᵀX)⁻¹.
    case classical(InformationKind? = nil)
    /// White's HC0 (R `sandwich::vcovHC(type = "HC0")`).
    case hc0
    /// HC0 · n/(n−k) (`vcovHC(type = "HC1")`; Stata's `regress, robust`).
    case hc1
    /// Leverage-adjusted uᵢ²/(1 − hᵢ).
    case hc2
    /// uᵢ²/(1 − hᵢ)² (Long & Ervin 2000).
    case hc3
    /// Clustered by one or two columns (two-way: Cameron, Gelbach & Miller 2011), with Stata's
    /// G/(G−1)·(n−1)/(n−k) or sandwich's G/(G−1) adjustment (R `vcovCL`).
    case cluster([String], adjustment: ClusterAdjustment = .stata)

    /// The cluster columns it needs.
    public var clusterColumns: [String] {
        if case .cluster(let columns, _) = self { return columns }
        return []
    }

    /// E.g. `hc3`, `cluster(state; stata)`.
    public var description: String {
        switch self {
        case .classical(let information): return "classical" + (information.map { " (\($0.rawValue) information)" } ?? "")
        case .hc0: return "hc0"
        case .hc1: return "hc1"
        case .hc2: return "hc2"
        case .hc3: return "hc3"
        case .cluster(let columns, let adjustment): return "cluster(\(columns.joined(separator: ", ")); \(adjustment.rawValue))"
        }
    }
}

extension BinaryRegressionModel {
    /// The covariance matrix of the estimates under `covariance` (`nil`: the one of the table),
    /// `p × p` in design order with NaN for aliased terms. No refit: every covariance is a function
    /// of the fit and its data.
    public func covariance(_ covariance: Covariance? = nil) throws -> Matrix {
        guard let covariance else { return fit.covariance }
        return try computed(covariance).matrix.matrix
    }

    /// The same model with `covariance` behind its table, tests, marginal effects and predictions.
    public func withCovariance(_ covariance: Covariance) throws -> BinaryRegressionModel {
        let (matrix, kind) = try computed(covariance)
        return BinaryRegressionModel(specification: specification, data: data, frame: frame, weights: weights, offset: offset,
                                     fit: base.replacingCovariance(matrix, kind: kind), covarianceChoice: covariance, base: base)
    }

    /// The model under `covariance` when given, otherwise itself.
    func using(_ covariance: Covariance?) throws -> BinaryRegressionModel {
        guard let covariance, covariance != covarianceChoice else { return self }
        return try withCovariance(covariance)
    }

    /// The coefficient table at `level` under `covariance` (each `nil`: the model's).
    public func coefficientTable(level: Double? = nil, covariance: Covariance? = nil) throws -> CoefficientTable {
        var model = try using(covariance)
        if let level { model = try model.atLevel(level) }
        return model.table
    }

    /// Wald confidence intervals β̂ ∓ q·SE at `level` under `covariance` (R `confint.default`,
    /// Stata's table; q from the model's reference distribution, z or t). A separated term is
    /// reported with estimate ±∞ and NaN bounds (`isSeparated`).
    public func confidenceIntervals(level: Double? = nil, covariance: Covariance? = nil) throws -> [ConfidenceInterval] {
        let separated = fit.separatedTerms
        return try coefficientTable(level: level, covariance: covariance).rows.compactMap { row in
            // A separated term has no Wald interval: estimate ±∞, bounds NaN (`isSeparated`).
            if let sign = separated[row.term] { return ConfidenceInterval(term: row.term, estimate: sign * .infinity, lower: .nan, upper: .nan) }
            guard let estimate = row.estimate, let lower = row.ciLower, let upper = row.ciUpper else { return nil }
            return ConfidenceInterval(term: row.term, estimate: estimate, lower: lower, upper: upper)
        }
    }

    func computed(_ covariance: Covariance) throws -> (matrix: ScaledCovariance, kind: CovarianceKind) {
        let (matrix, kind) = try computedAsLabelled(covariance)
        // Where the information is singular by the fit's rule every estimator gives no covariance;
        // the label says so rather than naming an estimator whose SEs are all NA.
        let estimated = base.table.estimatedColumns
        if !estimated.isEmpty && estimated.allSatisfy({ matrix.scaled[$0, $0].isNaN }) { return (matrix, .unavailable) }
        return (matrix, kind)
    }

    /// The covariance on the scaled side (`ScaledCovariance`: columns of extreme magnitude keep
    /// their standard errors) and its label.
    func computedAsLabelled(_ covariance: Covariance) throws -> (matrix: ScaledCovariance, kind: CovarianceKind) {
        // As the frame holds it: a many-level factor's codes go through to the meats and breads.
        let design = frame.designMatrix, response = frame.response
        switch covariance {
        case .classical(let information):
            guard specification.weights?.kind != .sampling else { throw ModelingError.classicalWithSamplingWeights }
            if model == .lpm { return (base.table.scaledCovariance, .leastSquares) }
            let chosen = information ?? specification.information
            return (try ClassicalCovariance.scaledCovariance(of: base, design: design, response: response, weights: weights,
                                                       information: chosen), .information(chosen))
        case .hc0, .hc1, .hc2, .hc3:
            let estimator: CovarianceEstimator = covariance == .hc0 ? .hc0 : covariance == .hc1 ? .hc1 : covariance == .hc2 ? .hc2 : .hc3
            return (try RobustCovariance.scaledCovariance(of: base, design: design, response: response, weights: weights, estimator: estimator),
                    .robust(estimator, clusters: []))
        case .cluster(let columns, let adjustment):
            guard (1...2).contains(columns.count) else { throw ModelingError.clusterCount(columns.count) }
            try BinaryRegression.checkRoles(weights: specification.weights?.column, offset: specification.offset, clusters: [],
                                            covarianceClusters: columns)
            let ids = try columns.map { try clusterIdentifiers($0) }
            return (try RobustCovariance.scaledCovariance(of: base, design: design, response: response, weights: weights,
                                                          estimator: .cluster(adjustment), clusters: ids),
                    .robust(.cluster(adjustment), clusters: columns))
        }
    }

    /// The cluster ids of `column` on the rows used.
    func clusterIdentifiers(_ column: String) throws -> [String] {
        let values: Column
        let rows: [Int]
        if let kept = frame.auxiliary[column] {
            values = kept
            rows = Array(0..<kept.count)
        } else {
            guard let full = data[column] else {
                throw ModelingError.unknownColumn(name: column, parameter: "cluster", available: data.columnNames)
            }
            values = full
            rows = frame.rowIndices
        }
        var missing = 0
        let ids = rows.map { row -> String in
            guard let text = values.text(at: row) else { missing += 1; return "" }
            return text
        }
        guard missing == 0 else { throw ModelingError.missingClusterValues(column: column, rows: missing) }
        return ids
    }
}

/// A Wald confidence interval of one coefficient.
public struct ConfidenceInterval: Sendable, Equatable {
    /// Design column name.
    public let term: String
    /// The estimate.
    public let estimate: Double
    /// Lower bound.
    public let lower: Double
    /// Upper bound.
    public let upper: Double
    /// Whether the estimate is infinite (separation): then there is no Wald interval (NaN bounds).
    public var isSeparated: Bool { estimate.isInfinite }
}
