import LinearAlgebra
import LinearPredictor
import Survey

/// A survey design with the design row of each row of a fit: what the linearised covariance needs
/// beside the fit (the design counts PSUs over all its rows, a fit uses some of them).
public struct SurveyRows: Sendable {
    /// The resolved design, over all rows of the data.
    public let structure: SamplingStructure
    /// Per row of the fit: its row in the design.
    public let rows: [Int]

    /// The design and the fit's rows in it.
    public init(structure: SamplingStructure, rows: [Int]) {
        self.structure = structure
        self.rows = rows
    }
}

/// Errors in computing a covariance.
public enum CovarianceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Cluster identifiers do not have one entry per observation.
    case clusterLength(expected: Int, found: Int)
    /// Clustering needs at least two clusters.
    case tooFewClusters(count: Int)
    /// More than two clustering dimensions.
    case tooManyClusterDimensions(count: Int)
    /// A hat value of 1 makes HC2/HC3 undefined.
    case leveragedObservation(row: Int)
    /// Cluster-robust estimation was requested without cluster identifiers.
    case missingClusters
    /// A survey design's covariance was requested without the design.
    case missingDesign
    /// A survey design's variance failed (a lonely PSU under the `fail` rule, …).
    case design(SurveyError)
    /// The replicate-weight covariance is computed from refits, not from one fit's scores.
    case replicatesNeedRefits

    public var description: String {
        switch self {
        case .clusterLength(let expected, let found):
            return "cluster identifiers: \(found) given for \(expected) observations; they must follow the rows used by the fit"
        case .tooFewClusters(let count):
            return "cluster-robust standard errors need at least 2 clusters, found \(count)"
        case .tooManyClusterDimensions(let count):
            return "clustering is supported in one or two dimensions, not \(count)"
        case .leveragedObservation(let row):
            return "observation \(row + 1) has leverage 1, so HC2/HC3 are undefined; use HC0/HC1"
        case .missingClusters:
            return "cluster-robust standard errors need cluster identifiers: pass one or two arrays of cluster ids, one per row"
        case .missingDesign:
            return "the linearised design covariance needs the survey design: fit with design: SurveyDesign(...) (reshore: --design)"
        case .design(let error):
            return error.description
        case .replicatesNeedRefits:
            return "the replicate-weight covariance comes from refits under each replicate weight column: ask the fitted model (withCovariance(.replicates))"
        }
    }
}

/// Robust covariance matrices as pure functions of a fit and the data it was fitted to.
public enum RobustCovariance {
    /// The covariance of `fit`'s estimates under `estimator`, `p × p` with `nan` for aliased terms.
    /// - Parameters:
    ///   - fit: the fit whose estimates, η and μ the scores are evaluated at.
    ///   - design: the design the fit was computed from (rows aligned).
    ///   - response: the response the fit was computed from.
    ///   - weights: the fit's prior weights.
    ///   - estimator: the covariance (`Covariance`); `.classical` returns the fit's own.
    ///   - clusters: for `.cluster`, one or two arrays of cluster identifiers, one per row.
    public static func covariance(of fit: GLMFit, design: Matrix, response: [Double], weights: [Double]? = nil,
                                  estimator: Covariance, clusters: [[String]] = []) throws -> Matrix {
        try covariance(of: fit, design: DesignMatrix(design), response: response, weights: weights, estimator: estimator,
                       clusters: clusters)
    }

    /// `covariance(of:design:…)` on a design that may hold a many-level factor as codes
    /// (`ModelFrame.designMatrix`): the meats, the bread and the hat values go through the codes,
    /// so a 10,000-level factor on 10⁵ rows is never built dense (it would be 8 GB).
    public static func covariance(of fit: GLMFit, design: DesignMatrix, response: [Double], weights: [Double]? = nil,
                                  estimator: Covariance, clusters: [[String]] = []) throws -> Matrix {
        try scaledCovariance(of: fit, design: design, response: response, weights: weights, estimator: estimator, clusters: clusters).matrix
    }

    /// `covariance(of:design:…)` held on the scaled side (`ScaledCovariance`): for columns of
    /// extreme magnitude its entries may lie beyond the doubles, its standard errors do not.
    ///
    /// `absorbedParameters`: the parameters of absorbed fixed effects (`AbsorbedFit`) when
    /// `design` is the design projected off them; they count in the small-sample factors (HC1's
    /// n/(n − k), Stata's cluster factor (n − 1)/(n − k)), so the covariance equals the full fit's.
    public static func scaledCovariance(of fit: GLMFit, design: DesignMatrix, response: [Double], weights: [Double]? = nil,
                                        estimator: Covariance, clusters: [[String]] = [], survey: SurveyRows? = nil,
                                        absorbedParameters: Int = 0) throws -> ScaledCovariance {
        if case .classical = estimator { return fit.table.scaledCovariance }
        let kept = fit.coefficients.indices.filter { !fit.coefficients[$0].isAliased }
        let sandwich = try ColumnScaling.covariance(of: design.selectingColumns(kept), weights: weights) { x in
            try keptCovariance(x, fit: fit, response: response, weights: weights, estimator: estimator, clusters: clusters, survey: survey,
                               absorbedParameters: absorbedParameters)
        }
        return ScaledCovariance.expanded(sandwich, columns: kept, size: design.columns)
    }

    /// The `k × k` sandwich over the estimated columns `x`.
    static func keptCovariance(_ design: DesignMatrix, fit: GLMFit, response: [Double], weights: [Double]?,
                               estimator: Covariance, clusters: [[String]], survey: SurveyRows? = nil,
                               absorbedParameters: Int = 0) throws -> Matrix {
        let x = design
        // k counts the parameters (the absorbed ones too) for the small-sample factors; p the columns.
        let n = x.rows, p = x.columns, k = p + absorbedParameters
        guard let parts = try scoresAndBread(x, fit: fit, response: response, weights: weights) else {
            return Matrix(rows: p, columns: p, repeating: .nan)
        }
        let scores = parts.scores
        // Small-sample factors count the rows and clusters the fit used: a row of weight 0 (its
        // score is 0) is not an observation, as R's lm and glm leave it out (issue 29, item 12).
        let used = weights.map { w in (0..<n).filter { w[$0] > 0 } } ?? Array(0..<n)
        let observations = used.count
        // The inverse expected information (p × p, 800 MB at 10,000 levels), only where it is used.
        var expectedInverse: Matrix?
        let meat: Matrix
        switch estimator {
        case .classical:
            let kept = fit.table.estimatedColumns   // unreachable: `covariance(of:)` returns the fit's own
            return fit.covariance.selectingRows(kept).selectingColumns(kept)
        case .replicates:
            throw CovarianceError.replicatesNeedRefits
        case .linearized:
            guard let survey, survey.rows.count == n else { throw CovarianceError.missingDesign }
            let units = survey.structure.varianceUnits(rows: survey.rows)
            let totals = x.groupScoreSums(scores: scores, groups: units.codes, count: units.count)
            do {
                meat = try survey.structure.meat(unitTotals: totals, rows: used.map { survey.rows[$0] })
            } catch let error as SurveyError {
                throw CovarianceError.design(error)
            }
        case .samplingWeights:
            // The sandwich a sampling-weight fit carries, by the one function that forms it.
            return samplingWeightSandwich(x, bread: parts.bread, squaredScores: scores.map { $0 * $0 }, observations: observations)
        case .hc0, .hc1, .hc2, .hc3, .robust:
            var squared = scores.map { $0 * $0 }
            if estimator == .hc2 || estimator == .hc3 {
                let inverse = parts.expectedInverse
                expectedInverse = inverse
                let hat = x.hatValues(working: parts.working, inverse: inverse)
                for i in 0..<n {
                    guard hat[i] < 1 - 1e-12 else { throw CovarianceError.leveragedObservation(row: i) }
                    squared[i] /= estimator == .hc2 ? (1 - hat[i]) : (1 - hat[i]) * (1 - hat[i])
                }
            }
            let raw = x.weightedCrossProduct(weights: squared)
            switch estimator {
            case .hc1: meat = (Double(observations) / Double(observations - k)) * raw
            case .robust: meat = (Double(observations) / Double(observations - 1)) * raw
            default: meat = raw
            }
        case .cluster(_, let adjustment):
            guard !clusters.isEmpty else { throw CovarianceError.missingClusters }
            guard clusters.count <= 2 else { throw CovarianceError.tooManyClusterDimensions(count: clusters.count) }
            for ids in clusters where ids.count != n { throw CovarianceError.clusterLength(expected: n, found: ids.count) }
            let factor = adjustment == .stata ? Double(observations - 1) / Double(observations - k) : 1
            func clustered(_ ids: [String]) throws -> Matrix {
                // G counts the clusters with a row of positive weight (a cluster of zero-weight rows
                // adds nothing to the meat and is not a cluster of the fit).
                let groups = observations == n ? nil : Set(used.map { ids[$0] }).count
                let (meat, all) = x.clusterMeat(scores: scores, ids: ids)
                let g = groups ?? all
                guard g >= 2 else { throw CovarianceError.tooFewClusters(count: g) }
                return adjustment == .none ? meat : (factor * Double(g) / Double(g - 1)) * meat
            }
            if clusters.count == 1 {
                meat = try clustered(clusters[0])
            } else {
                let intersection = zip(clusters[0], clusters[1]).map { $0 + "\u{1F}" + $1 }
                let (a, b, ab) = (try clustered(clusters[0]), try clustered(clusters[1]), try clustered(intersection))
                meat = Matrix(rows: p, columns: p, columnMajor: (0..<(p * p)).map { a.storage[$0] + b.storage[$0] - ab.storage[$0] })
            }
        }
        return parts.expected.sandwich(meat: meat, regular: parts.regular, bread: parts.observedBread, inverse: expectedInverse)
    }

    /// The pseudo-likelihood sandwich of a sampling-weight fit, B [Σ uᵢ² xᵢxᵢᵀ] B · n/(n−1) with
    /// uᵢ = wᵢ(yᵢ − μᵢ)μ'ᵢ/Vᵢ (`BinomialFamily.score`, squared by the fit's result pass) and B the
    /// inverse of the chosen information: Stata's `vce(robust)` for `[pw=]` (observed bread) and
    /// R `survey::svyglm`'s with one PSU per row (expected bread). n counts the rows with positive
    /// weight, as the reported N does (Stata leaves zero weights out of the sample). The meat goes
    /// through the indicator block where there is one (a coded factor is never built dense).
    static func samplingWeightSandwich(_ design: DesignMatrix, bread: Matrix, squaredScores: [Double], observations: Int) -> Matrix {
        let used = Double(observations)
        return Sandwich.matrix(bread: bread, meat: design.weightedCrossProduct(weights: squaredScores), scale: used / (used - 1))
    }

    /// Score factors uᵢ (ψᵢ = uᵢxᵢ), expected working weights Wᵢ, the bread (the inverse of the
    /// information the fit's standard errors use) and the inverse expected information, over the
    /// estimated columns `x`; nil where the information is singular by the fit's own rule.
    /// `observed` takes the bread from the observed information whatever the fit's choice (the
    /// derivative of the estimates, which influence values need).
    /// With an indicator block in `x` (`IndicatorBlock`) the cross-products and the expected
    /// inverse take its per-level sums and Schur complement.
    static func scoresAndBread(_ x: DesignMatrix, fit: GLMFit, response: [Double], weights: [Double]?,
                               observed: Bool = false) throws -> ScoresAndBread? {
        let link = fit.link
        // Score factors uᵢ (ψᵢ = uᵢxᵢ), expected working weights Wᵢ and, for an observed bread,
        // the observed weights: one pass over the rows (`GLMFit.scoreFactors`).
        let observedBread = (observed || fit.information == .observed) && link != .logit && link != .identity
        let (scores, working, observedWeights) = fit.scoreFactors(response: response, weights: weights, observed: observedBread)
        // The fit's own rule for a singular information (equilibrated, reciprocal condition above
        // 1e−14): a plain Cholesky succeeded where the fit's failed and gave an HC1 SE of 0.29 on a
        // column of 4e20 whose classical SE was unavailable (a cloglog FuzzNumeric case where the
        // weight of 1e160 columns sat on rows fitted at 0 or 1). No covariance then, as the fit's.
        // With an indicator block the rule applies to the Schur complement, as in the fit.
        let expected = x.weightedInformation(weights: working)
        guard let regular = InformationFactor.Regular(expected) else { return nil }
        // The observed bread by the same rules (regular, or indefinite by the eigenvalue rule); a
        // numerically singular observed information gives no covariance.
        var observedInverse: Matrix? = nil
        if !observedWeights.isEmpty {
            guard let inverse = InformationFactor.observedInverse(x.weightedCrossProduct(weights: observedWeights)) else { return nil }
            observedInverse = inverse
        }
        return ScoresAndBread(scores: scores, working: working, expected: expected, regular: regular, observedBread: observedInverse)
    }

    /// What `scoresAndBread` finds: the inverse expected information is formed only when asked for.
    struct ScoresAndBread {
        let scores: [Double], working: [Double]
        /// The expected information, and the fit's rule's verdict that it is regular.
        let expected: InformationMatrix, regular: InformationFactor.Regular
        /// The inverse observed information where the bread is that; nil where it is the expected one.
        let observedBread: Matrix?
        /// The inverse expected information.
        var expectedInverse: Matrix { InformationFactor.inverse(expected, regular) }
        /// The bread: the inverse of the information the fit's standard errors use.
        var bread: Matrix { observedBread ?? expectedInverse }
    }

    /// Empirical influence values of the estimated coefficients (the columns that are not
    /// aliased, in order): row i is n·B ψᵢ, with ψᵢ = uᵢxᵢ the row's score and B the inverse
    /// observed information (whichever information the fit's standard errors use). This is the infinitesimal jackknife, R `boot::empinf(type = "inf")`
    /// for an M-estimator, and what BCa's acceleration needs: O(n p²), where the jackknife refits
    /// n times. nil where the information is singular. Extreme columns are scaled as in the fit.
    public static func influenceValues(of fit: GLMFit, design: Matrix, response: [Double], weights: [Double]? = nil) throws -> Matrix? {
        let kept = fit.coefficients.indices.filter { !fit.coefficients[$0].isAliased }
        let x = design.selectingColumns(kept)
        let scales = ColumnScaling(x, weights: weights)
        let scaled = scales.map { $0.apply(to: x) } ?? x
        guard let parts = try scoresAndBread(DesignMatrix(scaled), fit: fit, response: response, weights: weights,
                                             observed: true) else { return nil }
        let scores = parts.scores, bread = parts.bread
        // n × k: row i is xᵢᵀB (B symmetric). On one BLAS thread, so the values (and the BCa
        // interval they give) do not depend on OpenBLAS's thread count at the time: in the full
        // test run, with other tests' bootstrap workers pinning it, they differed in the last bits
        // from the same call made alone (theBootstrapUsesInfluenceValuesWhenAsked).
        var influence = BLASThreads.withSingleThreadedBLAS { scaled * bread }
        let n = Double(x.rows)
        for j in 0..<x.columns {
            let factor = n * (scales?.factors[j] ?? 1)
            for i in 0..<x.rows { influence[i, j] *= factor * scores[i] }
        }
        return influence
    }
}
