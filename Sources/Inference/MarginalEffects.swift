import Dispatch
import Foundation
import Distributions
import ParallelSupport
import Formulas
import Estimation
import LinearAlgebra
import LinearPredictor

/// Where marginal effects are evaluated.
public enum MarginsKind: String, Sendable, CaseIterable {
    /// Average marginal effects: the effect at every observation, averaged (Stata `margins, dydx(*)`).
    case ame
    /// Marginal effects at the means (Stata `margins, dydx(*) atmeans`): numeric variables at their
    /// means, factor indicators at their proportions.
    case mem
}

/// What a marginal effect measures.
public enum MarginalEffectKind: String, Sendable {
    /// dμ/dx for a continuous variable.
    case dydx
    /// μ(level) − μ(reference) for a factor level, or μ(1) − μ(0) for a 0/1 variable.
    case discrete
    /// The elasticity (dμ/dx)·x/μ (Stata `margins, eyex()`).
    case eyex
    /// The semi-elasticity (dμ/dx)·x (Stata `dyex()`).
    case dyex
    /// The semi-elasticity (dμ/dx)/μ (Stata `eydx()`).
    case eydx
}

/// The scale of a continuous variable's marginal effect (Stata `margins, dydx() eyex() dyex()
/// eydx()`, statsmodels `get_margeff(method=)`): the average over rows of dμ/dx times x/μ, x, 1/μ or 1.
public enum EffectScale: String, Sendable, CaseIterable {
    /// dμ/dx.
    case dydx
    /// (dμ/dx)·x/μ.
    case eyex
    /// (dμ/dx)·x.
    case dyex
    /// (dμ/dx)/μ.
    case eydx

    /// The effect's kind.
    var kind: MarginalEffectKind {
        switch self {
        case .dydx: return .dydx
        case .eyex: return .eyex
        case .dyex: return .dyex
        case .eydx: return .eydx
        }
    }
}

/// Errors in asking for marginal effects.
public enum MarginsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Elasticities are computed as average effects only.
    case elasticityAtMeans

    public var description: String {
        switch self {
        case .elasticityAtMeans:
            return "elasticities (eyex, dyex, eydx) are average marginal effects here: ask for .ame (--margins ame), or dydx at the means"
        }
    }
}

/// One marginal effect with its delta-method standard error.
public struct MarginalEffect: Sendable, Equatable, EstimateTableRow {
    /// The variable, or `variable[level]` for a factor level.
    public let term: String
    /// What it measures.
    public let kind: MarginalEffectKind
    /// The effect as a row of the one estimate table: the delta-method standard error (from the
    /// fit's covariance, robust if chosen), the statistic and p-value from the fit's reference
    /// distribution (normal; t for the linear probability model), the Wald interval.
    public let estimateRow: Estimate
    /// estimate / standardError (z, or t for the linear probability model).
    public var z: Double { estimateRow.statistic }

    /// An effect of `term` with its row of the estimate table.
    public init(term: String, kind: MarginalEffectKind, estimateRow: Estimate) {
        self.term = term
        self.kind = kind
        self.estimateRow = estimateRow
    }
}

/// A predicted probability at a profile (average prediction: one variable fixed, the others at
/// their observed values) with an interval computed on the link scale.
public struct Prediction: Sendable, Equatable, EstimateTableRow {
    /// The variable fixed.
    public let variable: String
    /// Its value (a number or a level, as text).
    public let value: String
    /// The prediction as a row of the one estimate table: the average predicted probability, its
    /// delta-method standard error on the probability scale, and the interval g⁻¹(g(p̂) ∓ q·SE_g)
    /// computed on the link scale, so it stays within (0, 1).
    public let estimateRow: Estimate

    /// The prediction with `variable` at `value`, and its row.
    public init(variable: String, value: String, estimateRow: Estimate) {
        self.variable = variable
        self.value = value
        self.estimateRow = estimateRow
    }
}

/// Marginal effects and predictions as pure functions of a fit and its model frame.
///
/// Derivatives are taken with respect to the *variable*: through `log(x)`, `I(x^2)` and
/// interactions (`ModelFrame.designDerivative`, forward-mode differentiation). Standard errors use
/// the delta method, Var = G V Gᵀ, with the Jacobian G accumulated as a single Xᵀv product plus the
/// changed columns, so memory stays O(n + p²); no n × p Jacobian is formed.
public enum MarginalEffects {
    /// Effects of `variables` (default: all right-hand-side variables).
    /// - Parameters:
    ///   - fit: the fit (its coefficients, covariance and reference distribution).
    ///   - frame: the model frame the fit was computed on.
    ///   - kind: average marginal effects (AME) or effects at the means (MEM).
    ///   - variables: the variables (default: every right-hand-side variable).
    ///   - weights: frequency weights used for averaging (the fit's prior weights).
    ///   - at: variables fixed in every row (`at(x=1)` in Stata), as text.
    ///   - binaryAsDiscrete: a 0/1 numeric variable gets a discrete change (Stata's `i.x`,
    ///     statsmodels `dummy=True`); `false` treats it as continuous (Stata's `c.x`).
    ///   - scale: dμ/dx or an elasticity for continuous variables (`EffectScale`). An elasticity of
    ///     a factor or of a 0/1 variable taken as discrete is not defined: those are left out, as
    ///     Stata's `margins, eyex(*)` leaves out factor variables; elasticities are average effects.
    ///   - progress: called with (variables done, variables) after each variable.
    public static func compute(fit: GLMFit, frame: ModelFrame, kind: MarginsKind = .ame, variables: [String]? = nil,
                               at: [String: String] = [:], weights: [Double]? = nil,
                               binaryAsDiscrete: Bool = true, scale: EffectScale = .dydx,
                               progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> [MarginalEffect] {
        let evaluator = try Evaluator(fit: fit, frame: frame, weights: weights, at: at, kind: kind)
        if scale != .dydx {
            guard kind == .ame else { throw MarginsError.elasticityAtMeans }
            var effects = [MarginalEffect]()
            let list = variables ?? frame.variables
            for (index, variable) in list.enumerated() {
                defer { progress?(index + 1, list.count) }
                switch try frame.kind(of: variable) {
                case .continuous, .binary where !binaryAsDiscrete:
                    effects.append(evaluator.effect(term: variable, kind: scale.kind, try evaluator.elasticity(variable, scale: scale)))
                default:
                    continue
                }
            }
            return effects
        }
        var effects = [MarginalEffect]()
        // A variable fixed by `at` still gets its effect, evaluated there (Stata's `margins, dydx(*) at(x = v)`
        // reports dydx of x at x = v; hardening issue 13: it used to be dropped).
        let list = variables ?? frame.variables
        for (index, variable) in list.enumerated() {
            defer { progress?(index + 1, list.count) }
            switch try frame.kind(of: variable) {
            case .continuous:
                effects.append(evaluator.effect(term: variable, kind: .dydx, try evaluator.derivative(variable)))
            case .binary where binaryAsDiscrete:
                effects.append(evaluator.effect(term: variable, kind: .discrete, try evaluator.change(variable, from: "0", to: "1")))
            case .binary:
                effects.append(evaluator.effect(term: variable, kind: .dydx, try evaluator.derivative(variable)))
            case .categorical(let reference, let levels):
                if kind == .ame, at.isEmpty, let changes = try evaluator.factorChanges(variable, reference: reference, levels: levels) {
                    for (level, change) in zip(levels, changes) {
                        effects.append(evaluator.effect(term: "\(variable)[\(level)]", kind: .discrete, change))
                    }
                    continue
                }
                for level in levels {
                    effects.append(evaluator.effect(term: "\(variable)[\(level)]", kind: .discrete,
                                                    try evaluator.change(variable, from: reference, to: level)))
                }
            }
        }
        return effects
    }

    /// Average predicted probabilities with `variable` set to each of `values` (numbers or levels).
    public static func predictions(fit: GLMFit, frame: ModelFrame, variable: String, values: [String],
                                   weights: [Double]? = nil) throws -> [Prediction] {
        let evaluator = try Evaluator(fit: fit, frame: frame, weights: weights, at: [:], kind: .ame)
        let critical = evaluator.critical
        return try values.map { value in
            let (probability, gradient) = try evaluator.averageProbability(setting: [variable: value])
            let se = evaluator.standardError(gradient)
            // Interval on the link scale: g(p̂) ± z · g'(p̂)·SE, then back through g⁻¹.
            let term = "\(variable)=\(value)"
            let wald = Estimate(term: term, estimate: probability, standardError: se, distribution: evaluator.distribution,
                                level: evaluator.level, critical: critical)
            guard let link = evaluator.link, probability > 0, probability < 1 else {
                return Prediction(variable: variable, value: value, estimateRow: wald)
            }
            let eta = link.link(probability)
            let slope = link.inverse(eta).derivative
            let seLink = se / slope
            return Prediction(variable: variable, value: value, estimateRow: Estimate(
                term: term, estimate: probability, standardError: se, statistic: wald.statistic, pValue: wald.pValue,
                lower: link.inverse(eta - critical * seLink).mean, upper: link.inverse(eta + critical * seLink).mean,
                distribution: evaluator.distribution, level: evaluator.level))
        }
    }

    /// A gradient by its nonzero entries, in the order they were added (duplicates summed).
    struct SparseGradient {
        private(set) var entries: [(index: Int, value: Double)] = []
        private var position: [Int: Int] = [:]

        init() {}

        init(_ entries: [(Int, Double)]) { for (index, value) in entries { add(index, value) } }

        mutating func add(_ index: Int, _ value: Double) {
            if let at = position[index] { entries[at].value += value; return }
            position[index] = entries.count
            entries.append((index, value))
        }
    }

    /// The shared machinery: per-row linear predictors under fixed settings, the link, the weights.
    struct Evaluator: Sendable {
        let fit: GLMFit
        let frame: ModelFrame
        let link: (any LinkFunction)?
        let kept: [Int]
        let beta: [Double]
        let weights: [Double]
        let weightSum: Double
        let base: CounterfactualSettings
        let baseSettings: [String: String]
        let baseDesign: [Int: [Double]]   // changed columns under `at`
        let eta: [Double]
        let kind: MarginsKind
        let critical: Double
        /// The fit's reference distribution for the effects' p-values and intervals.
        let distribution: ReferenceDistribution
        /// The fit's confidence level.
        var level: Double { fit.level }

        init(fit: GLMFit, frame: ModelFrame, weights: [Double]?, at: [String: String], kind: MarginsKind) throws {
            self.fit = fit
            self.frame = frame
            self.link = fit.link == .identity ? nil : fit.link.function
            self.kept = fit.coefficients.indices.filter { !fit.coefficients[$0].isAliased }
            self.beta = fit.coefficients.map { $0.estimate ?? 0 }
            let n = frame.designMatrix.rows
            self.weights = weights ?? [Double](repeating: 1, count: n)
            self.weightSum = self.weights.reduce(0, +)
            self.base = try frame.overrides(at)
            self.baseSettings = at
            let columns = frame.designColumns(base)
            self.baseDesign = Dictionary(uniqueKeysWithValues: columns.map { ($0.column, $0.values) })
            var eta = fit.linearPredictor
            for (j, values) in columns { for i in 0..<n { eta[i] += beta[j] * (values[i] - frame.designMatrix[i, j]) } }
            self.eta = eta
            self.kind = kind
            // The fit's reference distribution: t for the linear probability model, whose AMEs are
            // its coefficients (same SE, same t and p), normal otherwise (Stata's margins).
            self.distribution = fit.table.distribution
            self.critical = fit.table.distribution.criticalValue(level: fit.level)
        }

        /// μ, μ', μ'' at η (identity for the linear probability model).
        func evaluate(_ eta: Double) -> (mean: Double, first: Double, second: Double) {
            guard let link else { return (eta, 1, 0) }
            let values = link.inverse(eta)
            return (values.mean, values.derivative, values.secondDerivative)
        }

        func column(_ j: Int, row i: Int, changed: [Int: [Double]]) -> Double {
            changed[j]?[i] ?? baseDesign[j]?[i] ?? frame.designMatrix[i, j]
        }

        /// The design (with `at` applied) times v, Σᵢ vᵢ xᵢ, with `changed` columns substituted.
        func transposeProduct(_ v: [Double], changed: [Int: [Double]]) -> [Double] {
            var result = frame.designMatrix.transposeMultiplied(by: v)
            for (j, values) in baseDesign where changed[j] == nil {
                result[j] = zip(values, v).reduce(0) { $0 + $1.0 * $1.1 }
            }
            for (j, values) in changed { result[j] = zip(values, v).reduce(0) { $0 + $1.0 * $1.1 } }
            return result
        }

        /// (estimate, gradient) of dμ/dv.
        func derivative(_ variable: String) throws -> (Double, [Double]) {
            if kind == .mem {
                // At the means profile: central difference of the profile in v (error O(h²) ≈ 1e−10).
                let profile = try frame.meanProfile(baseSettings, weights: weights)
                let mean = baseSettings[variable].flatMap(Double.init) ?? frame.numericInputMean(variable, weights: weights)
                let h = 1e-5 * max(1, abs(mean))
                var up = baseSettings, down = baseSettings
                up[variable] = "\(mean + h)"
                down[variable] = "\(mean - h)"
                let plus = try frame.meanProfile(up, weights: weights), minus = try frame.meanProfile(down, weights: weights)
                let d = zip(plus, minus).map { ($0 - $1) / (2 * h) }
                let etaBar = dot(profile) + meanOffset
                let slope = dot(d)
                let (_, first, second) = evaluate(etaBar)
                let gradient = (0..<beta.count).map { second * slope * profile[$0] + first * d[$0] }
                return (first * slope, gradient)
            }
            // The average of dμ/dv is the elasticities' computation with the factor 1.
            return try elasticity(variable, scale: .dydx)
        }

        /// (estimate, gradient) of the average of (dμ/dv)·m with m = v/μ, v or 1/μ (`scale`):
        /// per row g = μ' s m with s = dη/dv; ∂g/∂β = μ'' s m x + μ' m ∂s/∂β + μ' s ∂m/∂β, where
        /// ∂(1/μ)/∂β = −μ' x/μ².
        func elasticity(_ variable: String, scale: EffectScale) throws -> (Double, [Double]) {
            let derivatives = try frame.designDerivative(variable, at: base)
            let n = frame.designMatrix.rows
            // v itself, where the scale reads it (v/μ, v).
            var values = [Double]()
            if scale == .eyex || scale == .dyex {
                if let fixed = baseSettings[variable].flatMap(Double.init) { values = [Double](repeating: fixed, count: n) }
                else { values = frame.numericInputValues(variable) }
            }
            var slope = [Double](repeating: 0, count: n)
            for (j, column) in derivatives { for i in 0..<n { slope[i] += beta[j] * column[i] } }
            var estimate = 0.0
            var etaWeights = [Double](repeating: 0, count: n), slopeWeights = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let (mean, first, second) = evaluate(eta[i])
                let x = values.isEmpty ? 0 : values[i]
                let m: Double, dmDeta: Double
                switch scale {
                case .eyex: m = x / mean; dmDeta = -x * first / (mean * mean)
                case .dyex: m = x; dmDeta = 0
                case .eydx: m = 1 / mean; dmDeta = -first / (mean * mean)
                case .dydx: m = 1; dmDeta = 0
                }
                // Grouped as dμ/dv's own sums were, so that m = 1 gives them bit for bit.
                estimate += weights[i] * first * slope[i] * m
                etaWeights[i] = weights[i] * (second * m + first * dmDeta) * slope[i]
                slopeWeights[i] = weights[i] * first * m
            }
            var gradient = transposeProduct(etaWeights, changed: [:])
            for (j, column) in derivatives { gradient[j] += zip(column, slopeWeights).reduce(0) { $0 + $1.0 * $1.1 } }
            return (estimate / weightSum, gradient.map { $0 / weightSum })
        }

        /// (estimate, gradient) of μ(to) − μ(from).
        func change(_ variable: String, from: String, to: String) throws -> (Double, [Double]) {
            let (high, gradientHigh) = try averageProbability(setting: [variable: to])
            let (low, gradientLow) = try averageProbability(setting: [variable: from])
            return (high - low, zip(gradientHigh, gradientLow).map { $0 - $1 })
        }

        /// Every level's discrete change from the reference, for a factor whose design columns are
        /// constant under the change (its main effect): η_i(ℓ) = η_i − c_i + Σ_j β_j v_j(ℓ), with c_i
        /// the factor's contribution (computed once), and the gradient Σ wᵢμ'ᵢ(ℓ)x_ij over the other
        /// columns from one matrix product per block of levels (v_j(ℓ)·Σ wᵢμ'ᵢ(ℓ) on the factor's).
        /// O(n·levels + n·p_other·levels) instead of O(n·levels·p). The gradients are sparse (the
        /// other columns and the level's own), so memory is O(levels·p_other), not O(levels·p), and
        /// each standard error costs O(p_other²), not O(p²).
        /// Blocks of levels run in parallel; each level's sums run in one order on any number of
        /// cores. `nil` where the factor interacts with something else, so the general path runs.
        func factorChanges(_ variable: String, reference: String, levels: [String]) throws -> [(Double, SparseGradient)]? {
            let all = [reference] + levels
            guard let (changedColumns, ones) = try frame.levelDesignColumns(variable, values: all) else { return nil }
            let changed = Set(changedColumns)
            let n = frame.designMatrix.rows
            // The factor's contribution c = X_changed β_changed in one product (through the codes
            // of a coded factor: column by column it built 10,000 dense columns of 10⁵ rows).
            var factorCoefficients = [Double](repeating: 0, count: beta.count)
            for j in changedColumns { factorCoefficients[j] = beta[j] }
            let contribution = frame.designMatrix * factorCoefficients
            var base = fit.linearPredictor
            for i in 0..<n { base[i] -= contribution[i] }
            let others = kept.filter { !changed.contains($0) }
            let otherDesign = frame.designMatrix.selectingColumns(others).materialized()
            let block = min(32, all.count)
            let blocks = (all.count + block - 1) / block
            let workers = max(1, min(blocks, ProcessInfo.processInfo.activeProcessorCount))
            let averages = Locked([(total: Double, weightTotal: Double, products: [Double])](
                repeating: (0, 0, []), count: all.count))
            let shifts = ones.map { columns in columns.reduce(0) { $0 + beta[$1] } }
            let evaluator = self
            let baseEta = base
            // One n × block buffer per worker (not a fresh one per block, whose pages would be
            // cleared each time); a short last block leaves stale columns that are not read. One BLAS thread: the
            // same bits on any number of cores (a threaded dgemm may split the sum).
            BLASThreads.withSingleThreadedBLAS {
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    var firstWeights = Matrix(rows: n, columns: block)
                    for blockIndex in stride(from: worker, to: blocks, by: workers) {
                        let range = (blockIndex * block)..<min(all.count, (blockIndex + 1) * block)
                        var totals = [Double](repeating: 0, count: range.count), weightTotals = totals
                        for (b, level) in range.enumerated() {
                            firstWeights.withMutableColumn(b) { column in
                                (totals[b], weightTotals[b]) = evaluator.levelSums(base: baseEta, shift: shifts[level], into: column)
                            }
                        }
                        let products = otherDesign.multiplied(by: firstWeights, transposeSelf: true)
                        averages.withLock { averages in
                            for (b, level) in range.enumerated() {
                                averages[level] = (totals[b], weightTotals[b], (0..<others.count).map { products[$0, b] })
                            }
                        }
                    }
                }
            }
            let results = averages.withLock { $0 }
            let low = results[0]
            return (1..<all.count).map { level in
                let high = results[level]
                var gradient = SparseGradient()
                for (k, j) in others.enumerated() { gradient.add(j, (high.products[k] - low.products[k]) / weightSum) }
                for j in ones[level] { gradient.add(j, high.weightTotal / weightSum) }
                for j in ones[0] { gradient.add(j, -low.weightTotal / weightSum) }
                return ((high.total - low.total) / weightSum, gradient)
            }
        }

        /// Σ wᵢμᵢ and Σ wᵢμ'ᵢ at ηᵢ = baseᵢ + shift, with wᵢμ'ᵢ written to `column`: one level of
        /// `factorChanges`, the link's code specialized (not through the existential `evaluate`).
        func levelSums(base: [Double], shift: Double, into column: UnsafeMutableBufferPointer<Double>) -> (Double, Double) {
            switch fit.link {
            case .logit: return Evaluator.levelSums(LogitLink(), base: base, shift: shift, weights: weights, into: column)
            case .probit: return Evaluator.levelSums(ProbitLink(), base: base, shift: shift, weights: weights, into: column)
            case .cloglog: return Evaluator.levelSums(CloglogLink(), base: base, shift: shift, weights: weights, into: column)
            case .cauchit: return Evaluator.levelSums(CauchitLink(), base: base, shift: shift, weights: weights, into: column)
            case .identity:
                // The linear probability model: μ = η, μ' = 1.
                var total = 0.0, weightTotal = 0.0
                for i in base.indices {
                    total += weights[i] * (base[i] + shift)
                    column[i] = weights[i]
                    weightTotal += weights[i]
                }
                return (total, weightTotal)
            }
        }

        /// `levelSums` for one link, in row order (the same sums on any number of cores).
        static func levelSums<L: LinkFunction>(_ link: L, base: [Double], shift: Double, weights: [Double],
                                               into column: UnsafeMutableBufferPointer<Double>) -> (Double, Double) {
            var total = 0.0, weightTotal = 0.0
            base.withUnsafeBufferPointer { base in
                weights.withUnsafeBufferPointer { weights in
                    for i in 0..<base.count {
                        let values = link.inverse(base[i] + shift)
                        total += weights[i] * values.mean
                        column[i] = weights[i] * values.derivative
                        weightTotal += weights[i] * values.derivative
                    }
                }
            }
            return (total, weightTotal)
        }

        /// (p̄, ∂p̄/∂β) with extra settings on top of `at`.
        func averageProbability(setting extra: [String: String]) throws -> (Double, [Double]) {
            let settings = baseSettings.merging(extra) { $1 }
            if kind == .mem {
                let profile = try frame.meanProfile(settings, weights: weights)
                let (mean, first, _) = evaluate(dot(profile) + meanOffset)
                return (mean, profile.map { first * $0 })
            }
            let counterfactual = try frame.overrides(settings)
            let changedList = frame.designColumns(counterfactual)
            let changed = Dictionary(uniqueKeysWithValues: changedList.map { ($0.column, $0.values) })
            let n = frame.designMatrix.rows
            var eta = fit.linearPredictor
            // In design-column order, not the Dictionary's (which differs between processes): the sums
            // are then bit-for-bit the same in every run (hardening issue 13, item 16).
            for (j, values) in changedList { for i in 0..<n { eta[i] += beta[j] * (values[i] - frame.designMatrix[i, j]) } }
            var total = 0.0
            var firstWeights = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let (mean, first, _) = evaluate(eta[i])
                total += weights[i] * mean
                firstWeights[i] = weights[i] * first
            }
            // Columns changed by `at` but not by `extra` keep their `at` values.
            var merged = changed
            for (j, values) in baseDesign where merged[j] == nil { merged[j] = values }
            let gradient = transposeProduct(firstWeights, changed: merged)
            return (total / weightSum, gradient.map { $0 / weightSum })
        }

        var meanOffset: Double {
            // Offsets enter η but not the design: their average difference from Xβ.
            // Weighted as the means profile is.
            let xb = frame.designMatrix * beta
            let total = weights.reduce(0, +)
            return (0..<xb.count).reduce(0.0) { $0 + weights[$1] * (fit.linearPredictor[$1] - xb[$1]) } / total
        }

        func dot(_ row: [Double]) -> Double { kept.reduce(0) { $0 + beta[$1] * row[$1] } }

        /// √(gᵀVg) over the estimated coefficients, from the gradient's nonzero entries only.
        func standardError(_ gradient: [Double]) -> Double {
            standardError(SparseGradient(kept.filter { gradient[$0] != 0 }.map { ($0, gradient[$0]) }))
        }

        /// √(gᵀVg) over the estimated coefficients: O(nonzeros²).
        func standardError(_ gradient: SparseGradient) -> Double {
            // On the scaled side: the variance of an AME of a column of 1e170 is beyond the doubles.
            let entries = gradient.entries.filter { !fit.coefficients[$0.index].isAliased }
            return fit.table.scaledCovariance.standardError(ofGradient: entries.map { (index: $0.index, value: $0.value) })
        }

        func effect(term: String, kind: MarginalEffectKind, _ value: (Double, [Double])) -> MarginalEffect {
            effect(term: term, kind: kind, estimate: value.0, standardError: standardError(value.1))
        }

        func effect(term: String, kind: MarginalEffectKind, _ value: (Double, SparseGradient)) -> MarginalEffect {
            effect(term: term, kind: kind, estimate: value.0, standardError: standardError(value.1))
        }

        func effect(term: String, kind: MarginalEffectKind, estimate: Double, standardError se: Double) -> MarginalEffect {
            MarginalEffect(term: term, kind: kind, estimateRow: Estimate(term: term, estimate: estimate, standardError: se,
                                                                 distribution: distribution, level: level, critical: critical))
        }
    }
}
