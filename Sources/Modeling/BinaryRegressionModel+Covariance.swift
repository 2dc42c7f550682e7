import Tables
import Estimation
import LinearAlgebra
import LinearPredictor

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
        let (matrix, estimator) = try computed(covariance)
        return BinaryRegressionModel(specification: specification, data: data, frame: frame, weights: weights, offset: offset,
                                     fit: base.replacingCovariance(matrix, estimator: estimator, distribution: surveyDistribution),
                                     covarianceChoice: covariance, base: base, survey: survey, absorbed: absorbed)
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

    /// The covariance on the scaled side (`ScaledCovariance`: columns of extreme magnitude keep
    /// their standard errors) and the estimator as the fit records it (`.classical(nil)` resolved
    /// to the information used). Where the information is singular by the fit's rule every
    /// estimator gives NaN, and the label says so (`GLMFit.covarianceLabel`).
    func computed(_ covariance: Covariance) throws -> (matrix: ScaledCovariance, estimator: Covariance) {
        // As the frame holds it: a many-level factor's codes go through to the meats and breads;
        // with absorbed factors, the design projected off them (Frisch–Waugh–Lovell).
        let design = absorbed?.projectedDesign ?? frame.designMatrix, response = frame.response
        let extra = absorbed?.absorbedParameters ?? 0
        if absorbed != nil {
            switch covariance {
            case .hc2, .hc3:
                throw ModelingError.absorbedFactors(option: .covariance, reason: "HC2 and HC3 need the hat values of the full design, fixed effects included, which the absorbed fit does not form; use HC0, HC1, vce(robust) or a cluster covariance, or estimate the factors with C(g)")
            case .classical(let information?) where information == .observed && model.link != .logit:
                throw ModelingError.absorbedFactors(option: .covariance, reason: "the absorbed fit's information is the expected one (fixest's); the observed differs for the \(model.rawValue) link")
            default: break
            }
        }
        if let survey { return (try surveyCovariance(covariance, survey: survey), covariance) }
        switch covariance {
        case .linearized, .replicates:
            throw ModelingError.unsupported(option: .covariance, model: model.rawValue,
                                            hint: "\(covariance) is the covariance of a survey design: fit with design: SurveyDesign(...) (reshore: --design)")
        case .classical(let information):
            guard specification.weights?.kind != .sampling else { throw ModelingError.classicalWithSamplingWeights }
            let chosen = information ?? specification.information
            if model == .lpm { return (base.table.scaledCovariance, .classical(chosen)) }
            return (try ClassicalCovariance.scaledCovariance(of: base, design: design, response: response, weights: weights,
                                                       information: chosen), .classical(chosen))
        case .samplingWeights(let information):
            // The pseudo-likelihood sandwich is the fit's own under sampling weights; its bread is
            // the information the model was fitted with.
            guard specification.weights?.kind == .sampling else {
                throw ModelingError.unsupported(option: .samplingWeightsCovariance, model: model.rawValue,
                                                hint: "it is the covariance of a fit with sampling weights (weights: .sampling(column))")
            }
            guard information == specification.information || model == .lpm else {
                throw ModelingError.unsupported(option: .samplingWeightsCovariance, model: model.rawValue,
                                                hint: "its bread is the fitted information; ask for .samplingWeights(.\(specification.information.rawValue)), or refit with information: .\(information.rawValue)")
            }
            // A GLM's own table holds it (the engine's sandwich); the LPM's is its weighted-least-squares HC1.
            if model == .lpm {
                return (try RobustCovariance.scaledCovariance(of: base, design: design, response: response, weights: weights,
                                                              estimator: .hc1), .hc1)
            }
            return (base.table.scaledCovariance, covariance)
        case .hc0, .hc1, .hc2, .hc3, .robust:
            return (try RobustCovariance.scaledCovariance(of: base, design: design, response: response, weights: weights,
                                                          estimator: covariance, absorbedParameters: extra), covariance)
        case .cluster(let columns, _):
            guard (1...2).contains(columns.count) else { throw ModelingError.clusterCount(columns.count) }
            try BinaryRegression.checkRoles(weights: specification.weights?.column, offset: specification.offset, clusters: [],
                                            covarianceClusters: columns)
            let ids = try columns.map { try clusterIdentifiers($0) }
            return (try RobustCovariance.scaledCovariance(of: base, design: design, response: response, weights: weights,
                                                          estimator: covariance, clusters: ids, absorbedParameters: extra), covariance)
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
                throw ModelingError.unknownColumn(name: column, parameter: .cluster, available: data.columnNames)
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
