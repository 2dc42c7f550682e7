import Distributions
import Estimation
import Inference
import LinearAlgebra

extension BinaryRegressionModel {
    /// The profile of Firth's penalized log-likelihood at `fixed` (design column → value), with the
    /// penalty over the model's full design: ℓ* and the constrained maximiser. From `start` (a
    /// warm start), and from the model's estimates where that does not converge; the iteration
    /// limit is four times the model's (100 by default).
    /// - Throws: `ModelingError.profileDidNotConverge` where neither start converges.
    func firthProfile(fixing fixed: [Int: Double], start: [Double]? = nil) throws -> (value: Double, coefficients: [Double]) {
        let kept = base.table.estimatedColumns
        let position = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($1, $0) })
        let design = try frame.checkedDesign().selectingColumns(kept)
        let estimates = kept.map { base.coefficients[$0].estimate ?? 0 }
        var keptFixed = [Int: Double]()
        for (column, value) in fixed { if let k = position[column] { keptFixed[k] = value } }
        var options = GLMOptions()
        options.maxIterations = 4 * specification.iterations.maxIterations
        var iterations = 0
        for candidate in [start, estimates].compactMap({ $0 }) {
            let profile = try GLM.firthProfile(design: design, response: frame.response, weights: weights, offset: offset,
                                               fixed: keptFixed, start: candidate, options: options)
            if profile.converged { return (profile.penalizedLogLikelihood, profile.coefficients) }
            iterations = profile.iterations
        }
        let column = fixed.keys.min() ?? 0
        throw ModelingError.profileDidNotConverge(coefficient: frame.columnNames[column], value: fixed[column] ?? 0, iterations: iterations)
    }

    /// The penalized likelihood-ratio test of Firth's logit that a term's coefficients are all
    /// zero: 2(ℓ*(β̂) − max ℓ* with them at 0), the penalty over the full design, χ² on the
    /// number of columns (R `logistf`'s default tests, Heinze & Schemper 2002). Wald tests of
    /// Firth's fit are anti-conservative in small samples.
    func penalizedLikelihoodRatio(columns: [Int]) throws -> TestResult? {
        let estimated = columns.filter { !base.coefficients[$0].isAliased }
        guard !estimated.isEmpty else { return nil }
        let full = try firthProfile(fixing: [:])
        let restricted = try firthProfile(fixing: Dictionary(uniqueKeysWithValues: estimated.map { ($0, 0.0) }))
        let statistic = max(0, 2 * (full.value - restricted.value))
        return TestResult(statistic: statistic, degreesOfFreedom: estimated.count,
                          pValue: ChiSquared.survival(statistic, degreesOfFreedom: Double(estimated.count)))
    }

    /// The penalized likelihood-ratio test of the whole model of Firth's logit: every coefficient
    /// but the intercept at 0, the penalty over the full design (R `logistf`'s "Likelihood ratio
    /// test" in `summary`, whose null model keeps the full design's penalty). nil for other models,
    /// whose `fit.lrStatistic` is the likelihood-ratio test, and for a model with no slopes.
    /// - Throws: `ModelingError.profileDidNotConverge` where the restricted fit does not converge.
    public func penalizedModelTest() throws -> TestResult? {
        guard model == .firth else { return nil }
        let intercept = frame.terms.first { $0.name == "Intercept" }?.columns ?? 0..<0
        return try penalizedLikelihoodRatio(columns: (0..<frame.designMatrix.columns).filter { !intercept.contains($0) })
    }

    /// The profile penalized-likelihood confidence interval of one coefficient of Firth's logit:
    /// the values b with 2(ℓ*(β̂) − max ℓ*(β_j = b)) ≤ χ²₁(level), as R `logistf` reports by default
    /// (`pl = TRUE`). Unlike the Wald interval it is not symmetric and keeps its coverage where
    /// events are few. A bound is ±∞ where the profile never falls that far.
    /// - Parameters:
    ///   - coefficient: a design column name (`coefficientNames`).
    ///   - level: confidence level in (0, 1) (`nil`: the model's).
    /// - Throws: `ModelingError.unsupported` for a model other than `.firth`;
    ///   `ModelingError.unknownCoefficient` for a name that is not a coefficient (or is aliased);
    ///   `ModelingError.profileDidNotConverge` where a profile fit does not converge (never a bound
    ///   from an unconverged fit).
    public func profileConfidenceInterval(_ coefficient: String, level: Double? = nil) throws -> ConfidenceInterval {
        guard model == .firth else {
            throw ModelingError.unsupported(option: .profileConfidenceInterval, model: model.rawValue,
                                            hint: "profile penalized-likelihood intervals are those of Firth's logit (model: .firth; --model firth in reshore); use confidenceIntervals(level:covariance:) for Wald intervals")
        }
        let level = level ?? self.level
        guard level > 0 && level < 1 else { throw ModelingError.invalidLevel(level) }
        guard let j = frame.columnNames.firstIndex(of: coefficient), let estimate = base.coefficients[j].estimate else {
            throw ModelingError.unknownCoefficient(name: coefficient, hypothesis: "profileConfidenceInterval",
                                                   available: base.coefficients.filter { !$0.isAliased }.map(\.term))
        }
        let z = Normal.quantile(1 - (1 - level) / 2), critical = z * z
        let full = try firthProfile(fixing: [:])
        var warm = full.coefficients
        // g(b) = 2(ℓ*max − ℓ*(b)) − χ²: negative inside the interval, zero at its bounds.
        func excess(_ b: Double) throws -> Double {
            let point = try firthProfile(fixing: [j: b], start: warm)
            warm = point.coefficients
            return 2 * (full.value - point.value) - critical
        }
        let standardError = base.coefficients[j].standardError ?? 1
        let scale = standardError.isFinite && standardError > 0 ? standardError : max(1, abs(estimate))
        func bound(_ direction: Double) throws -> Double {
            warm = full.coefficients
            // Bracket: from β̂ step out by the Wald half-width, doubling, until g > 0.
            var inside = estimate, distance = z * scale, outside = estimate + direction * distance
            var value = try excess(outside)
            var doublings = 0
            while !(value > 0) {
                guard doublings < 40 else { return direction * .infinity }
                inside = outside
                distance *= 2
                outside = estimate + direction * distance
                value = try excess(outside)
                doublings += 1
            }
            // Regula falsi with the Illinois modification (superlinear, where bisection is linear)
            // to 1e−9 of the bound's scale.
            var a = inside, fa = try excess(inside), b = outside, fb = value, side = 0
            for _ in 0..<100 where abs(b - a) > 1e-9 * max(1, abs(b)) {
                let c = fb - fa != 0 ? (a * fb - b * fa) / (fb - fa) : (a + b) / 2
                let fc = try excess(c)
                if fc == 0 { return c }
                if (fc > 0) == (fb > 0) {
                    b = c; fb = fc
                    if side == -1 { fa /= 2 }
                    side = -1
                } else {
                    a = c; fa = fc
                    if side == 1 { fb /= 2 }
                    side = 1
                }
            }
            return abs(fa) < abs(fb) ? a : b
        }
        let lower = try bound(-1), upper = try bound(1)
        return ConfidenceInterval(term: coefficient, estimate: estimate, lower: lower, upper: upper)
    }
}
