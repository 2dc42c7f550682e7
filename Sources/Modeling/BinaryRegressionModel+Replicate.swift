import Tables
import Formulas
import Estimation
import Resampling
import LinearAlgebra
import LinearPredictor

/// The one replicate statistic: the refit of a fitted model on one replicate of its rows, given as
/// frequency weights (a row drawn k times has weight k; 0 leaves it out), with the model's own
/// link, penalty, information and iteration settings. The library's bootstrap, the benchmarks'
/// coverage study and the tests all call it, so the coverage evidence runs the path users run.
///
/// Maximum-likelihood models refit by IRLS from the full-sample estimates on the rows drawn at
/// least once (with frequency weights, dropping the others is exact), stopping by R's rule without
/// the Newton polish (it leaves ~1e−7, far below bootstrap error). A refit that fails, does not
/// converge, aliases a column the full sample estimates, or whose data are separated (the
/// probability-scale screen confirmed by the linear program; not for Firth's logit, whose
/// estimates are finite under separation) throws `ReplicateFailure` with its reason. The linear
/// probability model refits by weighted least squares (the counts times any sampling weights),
/// with the standard errors of the replicate as drawn: HC1 or classical with n = Σ counts.
public struct ReplicateRefit: Sendable {
    let model: ModelKind
    let design: Matrix
    let response: [Double]
    let priorWeights: [Double]?
    let offset: [Double]?
    let names: [String]
    var options: GLMOptions
    let aliasedCount: Int
    let robust: Bool
    /// The link values at the warm start for every row of the frame (`StartPointMemo`): each
    /// replicate's first sweep takes those of the rows it draws.
    let memo: StartPointMemo?

    /// The refit on the rows weighted by `counts` (one per row of the model's frame).
    /// - Throws: `ModelingError.outOfRange` for counts that are not one finite non-negative number
    ///   per row of the frame; `ReplicateFailure` (the reason is a `ReplicateFailureReason`) for a
    ///   replicate the statistic cannot be computed on.
    public func callAsFunction(_ counts: [Double]) throws -> GLMFit {
        guard counts.count == design.rows, counts.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw ModelingError.outOfRange(parameter: .replicateCounts, value: "\(counts.count) counts",
                                           allowed: "one finite count of at least 0 per row of the model's frame (\(design.rows) rows)")
        }
        if model == .lpm { return try leastSquares(counts) }
        let weights = priorWeights.map { zip($0, counts).map { $0 * $1 } } ?? counts
        let rows = ReplicateRefit.rowsWithWeight(weights)
        let replicateDesign = design.selectingRows(rows), replicateResponse = rows.map { response[$0] }
        let replicateWeights = rows.map { weights[$0] }
        /// The LP's reason for refusing the replicate, if any: on the rows near their outcome where
        /// the replicate's η is known, over all rows otherwise.
        func separation(linearPredictor: [Double]?, deviance: Double = 0) -> ReplicateFailureReason? {
            let verdict = linearPredictor.map {
                Separation.check(design: replicateDesign, response: replicateResponse, weights: replicateWeights,
                                 linearPredictor: $0, link: model.link, candidateDistance: Separation.candidateDistance(polished: options.polish, deviance: deviance))
            } ?? Separation.fullCheck(design: replicateDesign, response: replicateResponse, weights: replicateWeights, workBudget: nil)
            return !verdict.finished ? .separationUndetermined : verdict.directions.isEmpty ? nil : .separation
        }
        let fit: GLMFit
        do {
            var options = options
            options.startPointMemo = memo?.selectingRows(rows)
            fit = try GLM.fit(design: replicateDesign, response: replicateResponse, termNames: names, weights: replicateWeights,
                              offset: offset.map { values in rows.map { values[$0] } }, options: options)
        } catch GLMError.numericalFailure {
            // The warm start (the full-sample estimates) leaves no information on these rows.
            throw ReplicateFailure(model != .firth ? separation(linearPredictor: nil) ?? .numericalFailure : .numericalFailure)
        }
        // An unconverged replicate is asked why: separated data (the cauchit's usual reason) are
        // labelled so, not non-convergence. The LP over all its rows: an unconverged fit's η does not
        // tell which rows are near their outcome.
        guard fit.converged else {
            throw ReplicateFailure(model != .firth ? separation(linearPredictor: nil) ?? .nonConvergence : .nonConvergence)
        }
        guard fit.aliasedTerms.count == aliasedCount else { throw ReplicateFailure(.aliasing) }
        if model != .firth, Separation.screenFlags(linearPredictor: fit.linearPredictor, response: replicateResponse, link: model.link),
           let reason = separation(linearPredictor: fit.linearPredictor, deviance: fit.deviance) {
            throw ReplicateFailure(reason)
        }
        return fit
    }

    /// The same refit for a statistic that reads only the estimates: each replicate may end
    /// without its final XᵀWX (`GLMOptions.withoutFinalInformation`), so its standard errors are
    /// not computed (nil). The estimates, convergence and failures are those of `self`; the rank
    /// rule's verdict is the one on the last full iteration's information (the same rows, the
    /// weights one converged step apart).
    func withoutStandardErrors() -> ReplicateRefit {
        // (Firth's penalized fit and the least squares never take it: `finalPointWithoutInformation`.)
        var lean = self
        lean.options.withoutFinalInformation = true
        return lean
    }

    /// The indices of the rows with a positive weight, in order: `weights.indices.filter { weights[$0] > 0 }`
    /// without its branch. A bootstrap leaves about 37 % of the rows out at random, and the
    /// filter's branch mispredicted on them: 112,000 of the 2.19 million mispredicted branches of a
    /// B = 200 probit bootstrap on 1,282 rows (callgrind's branch simulation), none now.
    static func rowsWithWeight(_ weights: [Double]) -> [Int] {
        [Int](unsafeUninitializedCapacity: weights.count) { buffer, count in
            var kept = 0
            weights.withUnsafeBufferPointer { w in
                for i in 0..<w.count {
                    buffer[kept] = i      // kept ≤ i: always inside the buffer
                    // The comparison's bit as a number (a select compiled to the same branch).
                    kept &+= Int(unsafeBitCast(w[i] > 0, to: UInt8.self))
                }
            }
            count = kept
        }
    }

    /// Weighted least squares on the rows drawn (weights: counts × sampling weights), its table's
    /// covariance that of the replicate as drawn (each row as often as its count): HC1 with
    /// meat Σ cᵢ(wᵢeᵢ)²xᵢxᵢᵀ and n = Σ cᵢ, or σ̂²(XᵀCWX)⁻¹ with σ̂² = Σ cᵢwᵢeᵢ²/(n − k).
    func leastSquares(_ counts: [Double]) throws -> GLMFit {
        let rows = counts.indices.filter { counts[$0] > 0 && (priorWeights?[$0] ?? 1) > 0 }
        let x = design.selectingRows(rows), y = rows.map { response[$0] }, c = rows.map { counts[$0] }
        let w = rows.map { priorWeights?[$0] ?? 1 }, o = offset.map { values in rows.map { values[$0] } }
        let weights = zip(c, w).map { $0 * $1 }
        let fit = try LinearProbabilityModel.fit(design: x, response: y, termNames: names, weights: weights, offset: o, robust: false)
        guard fit.aliasedTerms.count == aliasedCount else { throw ReplicateFailure(.aliasing) }
        let kept = fit.table.estimatedColumns
        let keptDesign = x.selectingColumns(kept)
        // The fit's fitted values include the offset: eᵢ = yᵢ − ŷᵢ.
        let residuals = zip(y, fit.fittedValues).map { $0 - $1 }
        let n = c.reduce(0, +), k = Double(kept.count)
        guard n > k, let factor = InformationFactor.factor(keptDesign.weightedCrossProduct(weights: weights)) else {
            throw ReplicateFailure(.numericalFailure)
        }
        let bread = factor.inverse()
        let covariance: Matrix
        if robust {
            let meat = keptDesign.weightedCrossProduct(weights: rows.indices.map { c[$0] * (w[$0] * residuals[$0]) * (w[$0] * residuals[$0]) })
            covariance = Sandwich.matrix(bread: bread, meat: meat, scale: n / (n - k))
        } else {
            let sigma2 = rows.indices.reduce(0.0) { $0 + c[$1] * w[$1] * residuals[$1] * residuals[$1] } / (n - k)
            covariance = sigma2 * bread
        }
        return fit.replacingCovariance(ScaledCovariance.expanded(ScaledCovariance(covariance), columns: kept, size: names.count),
                                       estimator: robust ? .hc1 : .classical(.expected))
    }
}

extension BinaryRegressionModel {
    /// The model's replicate refit (`ReplicateRefit`): the statistic every bootstrap replicate
    /// computes, for a caller's own resampling scheme or replicate weights.
    /// - Throws: `FormulaError.designTooLarge` where a coded factor's dense design would not fit
    ///   (replicates refit the dense design).
    public func replicateRefit() throws -> ReplicateRefit {
        try refuseAbsorbed(.bootstrap, "a replicate refit")
        var options = GLMOptions(link: model.link, information: specification.information,
                                 tolerance: specification.iterations.tolerance,
                                 maxIterations: specification.iterations.maxIterations,
                                 start: base.coefficients.map { $0.estimate ?? 0 },
                                 penalty: model.penalty, checkSeparation: false, polish: false)
        options.estimatesOnly = true   // no fitted values or likelihood summaries per replicate
        let design = try frame.checkedDesign()
        let memo = model == .lpm ? nil : options.start.map {
            StartPointMemo(design: design, response: frame.response, offset: offset, coefficients: $0, link: model.link)
        }
        return ReplicateRefit(model: model, design: design, response: frame.response, priorWeights: weights,
                              offset: offset, names: frame.columnNames, options: options, aliasedCount: fit.aliasedTerms.count,
                              robust: covarianceChoice == .hc1 || covarianceChoice == nil, memo: memo)
    }
}
