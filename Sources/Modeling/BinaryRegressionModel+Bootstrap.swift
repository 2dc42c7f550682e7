import Distributions
import Tables
import Formulas
import Estimation
import Inference
import Resampling
import LinearAlgebra

/// How rows are resampled.
public enum BootstrapPlan: Sendable, Equatable, CustomStringConvertible {
    /// Stratified on the outcome: every replicate keeps the observed number of events. For
    /// outcome-based (case-control) samples, where the number of events is fixed by design.
    case outcomeStrata
    /// Ordinary case resampling (R `boot`'s and Stata's default).
    case cases
    /// Stratified by a column.
    case strata(String)
    /// Whole clusters of a column.
    case cluster(String)
    /// The model's survey design: PSUs within strata by Rao and Wu's rescaling bootstrap (R
    /// `as.svrepdesign(type = "subbootstrap")`). Under a survey design `.cases` means this too;
    /// the other plans ignore the design and are refused.
    case design

    /// Whether whole clusters are resampled.
    public var isCluster: Bool { if case .cluster = self { return true } else { return false } }

    /// E.g. `cases`, `clusters of state`.
    public var description: String {
        switch self {
        case .outcomeStrata: return "stratified on the outcome"
        case .cases: return "cases"
        case .strata(let column): return "stratified on \(column)"
        case .cluster(let column): return "clusters of \(column)"
        case .design: return "survey design (PSUs within strata, Rao–Wu)"
        }
    }
}

/// A statistic to bootstrap: a coefficient, or the average marginal effect of a variable (one
/// component per level for a factor).
public enum BootstrapStatistic: Sendable, Hashable, CustomStringConvertible {
    /// The coefficient of a design column, e.g. `i40_technologies` or `C(sector)[T.Machinery]`.
    case coefficient(String)
    /// The AME of a variable (`x`), or of one factor level's discrete change (`g[level]` as
    /// `MarginalEffect.term` names it).
    case averageMarginalEffect(String)

    /// `x` for a coefficient, `AME: x` for a marginal effect (the replicate CSV's column names).
    public var description: String {
        switch self {
        case .coefficient(let term): return term
        case .averageMarginalEffect(let term): return "AME: \(term)"
        }
    }
}

/// Where BCa's acceleration comes from.
public enum BCaAcceleration: String, Sendable, CaseIterable {
    /// The jackknife up to `BinaryRegressionModel.jackknifeUnitLimit` (5,000) rows or clusters,
    /// influence values above it; always the jackknife for AME statistics (no influence values yet).
    case automatic
    /// The jackknife: one refit per row (or cluster) left out, Lᵢ = (n−1)(θ̄₍·₎ − θ₍ᵢ₎) (R `boot.ci`'s
    /// default when there are fewer replicates than rows). n refits: about 10³ s at n = 10⁵.
    case jackknife
    /// Analytic empirical influence values of the coefficients, Lᵢ = n·I⁻¹ψᵢ
    /// (`RobustCovariance.influenceValues`; R `empinf(type = "inf")` and `boot.ci(L =)`): O(n p²).
    case influence
}

/// A bootstrap of a fitted model: the engine's result, the statistic of each component, the intervals.
public struct BootstrapSummary: Sendable {
    /// Replicates, failures, jackknife values.
    public let result: BootstrapResult
    /// What each component is, in order.
    public let statistics: [BootstrapStatistic]
    /// Intervals by component and method.
    public let intervals: [BootstrapInterval]
    /// The resampling plan.
    public let plan: BootstrapPlan
    /// The plan in words, with the outcome's name for `.outcomeStrata`.
    public let planDescription: String
    /// Confidence level of the intervals.
    public let level: Double
    /// Where BCa's acceleration came from (`.jackknife` or `.influence`); nil without BCa.
    public let acceleration: BCaAcceleration?

    /// E.g. `BCa acceleration from the jackknife (189 leave-one-out fits)`; nil without BCa.
    public var accelerationNote: String? {
        switch acceleration {
        case .jackknife?:
            return "BCa acceleration from the jackknife (\(result.jackknife?.count ?? 0) leave-one-out fits)"
        case .influence?:
            return "BCa acceleration from influence values (\(result.influence?.count ?? 0) \(plan.isCluster ? "clusters" : "rows"), no refits)"
        default: return nil
        }
    }

    /// Component names (`BootstrapStatistic.description`).
    public var names: [String] { statistics.map(\.description) }

    /// The rows of the one estimate table by `method`, one per statistic: the full-sample estimate,
    /// the bootstrap standard error (the replicates' standard deviation) and the method's interval;
    /// no reference distribution and no test (statistic and p NaN). A component whose interval
    /// could not be computed has NaN bounds.
    public func estimateRows(_ method: IntervalMethod) -> [Estimate] {
        let errors = BootstrapIntervals.standardErrors(result)
        return statistics.indices.map { j in
            let interval = intervals.first { $0.component == j && $0.method == method }
            return Estimate(term: statistics[j].description, estimate: result.estimate.values[j], standardError: errors[j],
                            statistic: .nan, pValue: .nan, lower: interval?.lower ?? .nan, upper: interval?.upper ?? .nan,
                            distribution: nil, level: level)
        }
    }

    /// The interval of one statistic by one method, if computed.
    public func interval(_ statistic: BootstrapStatistic, _ method: IntervalMethod) -> BootstrapInterval? {
        guard let index = statistics.firstIndex(of: statistic) else { return nil }
        return intervals.first { $0.component == index && $0.method == method }
    }
}

extension BinaryRegressionModel {
    /// Bootstraps `statistics` (default: every estimated coefficient). Each replicate refits the
    /// same model with the replicate's frequency weights, warm-started from the estimate, and is
    /// bit-for-bit the same for the same seed on any number of threads. Replicates that do not
    /// converge, alias a column or separate are counted as failures with their reason.
    /// - Parameters:
    ///   - replicates: at least 1 (e.g. 1999).
    ///   - plan: how rows are resampled; case resampling by default, as R `boot` and Stata. Outcome
    ///     strata condition on the number of events, which a cross-sectional survey does not fix:
    ///     in a 300-sample Monte Carlo (n = 1,300, ~39 events) their intervals covered the true
    ///     intercept 85 % of the time (hardening issue 13, item 18); use them for outcome-based samples.
    ///   - statistics: what to bootstrap (default: every estimated coefficient).
    ///   - intervals: interval methods (BCa adds a jackknife; only the studentized one makes each
    ///     replicate compute its standard errors, `BootstrapResult.replicateStandardErrors`).
    ///   - level: confidence level (default: the model's).
    ///   - seed: with the replicate index, determines every draw.
    ///   - marginsAt: variables fixed for the AMEs, as `marginalEffects(at:)`.
    ///   - threads: worker threads (`nil`: all cores); results do not depend on it.
    ///   - progress: called with (completed, total) as replicates finish.
    ///   - jackknifeProgress: called with (completed, total) as BCa's leave-one-out fits finish.
    ///   - acceleration: where BCa's acceleration comes from (`BCaAcceleration`); `.influence`
    ///     with AME statistics is an error.
    public func bootstrap(replicates: Int = 1999, plan: BootstrapPlan = .cases, statistics: [BootstrapStatistic]? = nil,
                          intervals: [IntervalMethod] = [.bca, .percentile], level: Double? = nil, seed: UInt64 = 42,
                          marginsAt: [String: String] = [:], threads: Int? = nil,
                          progress: (@Sendable (Int, Int) -> Void)? = nil,
                          jackknifeProgress: (@Sendable (Int, Int) -> Void)? = nil,
                          acceleration: BCaAcceleration = .automatic) throws -> BootstrapSummary {
        try refuseAbsorbed(.bootstrap, "the bootstrap (each replicate refits the fixed effects)")
        guard (1...ModelingLimits.maxReplicates).contains(replicates) else { throw ModelingError.invalidReplicates(replicates) }
        if let threads { try ModelingLimits.check(threads, 1...ModelingLimits.maxThreads, parameter: .threads) }
        if let statistics, statistics.isEmpty {
            throw ModelingError.outOfRange(parameter: .statistics, value: "[]", allowed: "at least one statistic, or nil for every coefficient")
        }
        guard !intervals.isEmpty else { throw ModelingError.noIntervalMethods }
        if acceleration != .automatic && !intervals.contains(.bca) { throw ModelingError.accelerationWithoutBCa }
        // marginsAt would be ignored without an AME statistic.
        if !marginsAt.isEmpty && !(statistics ?? []).contains(where: { if case .averageMarginalEffect = $0 { return true } else { return false } }) {
            throw ModelingError.marginsAtWithoutMarginalEffects
        }
        let level = level ?? self.level
        guard level > 0 && level < 1 else { throw ModelingError.invalidLevel(level) }
        let (kept, marginVariables, effectTerms) = try bootstrapComponents(statistics, at: marginsAt)
        let frame = self.frame, fit = self.fit
        // Replicates refit the dense design (checked first where a factor is held as codes).
        // Only the studentized interval reads the replicates' standard errors (and the margins
        // their covariance): otherwise the replicates end without their final XᵀWX
        // (`GLMOptions.withoutFinalInformation`), and the result carries no replicate standard errors.
        let wantsStandardErrors = intervals.contains(.studentized)
        let full = try replicateRefit()
        let refit = wantsStandardErrors || !marginVariables.isEmpty ? full : full.withoutStandardErrors()
        let design = refit.design
        let n = design.rows
        let priorWeights = weights, offset = self.offset
        let resampling: ResamplingPlan
        var plan = plan
        if let survey {
            guard plan == .cases || plan == .design else {
                throw SurveyDesignError.conflictingOption(option: .plan, reason: "a survey design's bootstrap resamples its PSUs within its strata (plan: .design); \(plan) ignores the design")
            }
            plan = .design
            let stage = survey.design.structure.stages[0]
            let units = survey.rows.map { Int(stage.unitOfRow[$0]) }
            resampling = .raoWu(strata: units.map { Int(stage.stratumOfUnit[$0]) }, psus: units)
        } else {
            switch plan {
            case .design:
                throw ModelingError.unsupported(option: .plan, model: model.rawValue, hint: "plan: .design resamples a survey design's PSUs; fit with design: SurveyDesign(...) first")
            case .cases: resampling = .cases
            case .outcomeStrata:
                if frame.trials != nil {
                    throw ModelingError.groupedResponse(option: .plan, reason: "a row of cbind(s, f) holds successes and failures, so it has no one outcome to stratify on; resample cases or strata of a column")
                }
                resampling = .stratified(strata: frame.response.map { Int($0) })
            case .strata(let column): resampling = .stratified(strata: try codes(column, missingAllowed: true))
            case .cluster(let column): resampling = .clusters(ids: try codes(column, missingAllowed: false))
            }
        }
        if let reason = resampling.degeneracy(rowCount: n) { throw ModelingError.degenerateResampling(plan: plan.description, reason: reason) }
        let statistic: @Sendable ([Double]) throws -> StatisticValue = { counts in
            let replicate = try refit(counts)
            var values = kept.map { replicate.coefficients[$0].estimate ?? .nan }
            var errors = wantsStandardErrors ? kept.map { replicate.coefficients[$0].standardError ?? .nan } : []
            if !marginVariables.isEmpty {
                // Marginal effects average over the full frame (weighted by the replicate's counts):
                // evaluate the replicate's coefficients there, no refit.
                let weights = priorWeights.map { zip($0, counts).map { $0 * $1 } } ?? counts
                let onFrame = replicate.evaluated(on: design, offset: offset)
                let effects = try MarginalEffects.compute(fit: onFrame, frame: frame, kind: .ame, variables: marginVariables,
                                                          at: marginsAt, weights: weights)
                values += effects.map(\.estimate)
                errors += effects.map(\.standardError)
            }
            return StatisticValue(values: values, standardErrors: wantsStandardErrors ? errors : nil)
        }
        var options = BootstrapOptions(replicates: replicates, seed: seed, threads: threads, jackknife: intervals.contains(.bca),
                                       progress: progress, jackknifeProgress: jackknifeProgress)
        var source: BCaAcceleration?
        if intervals.contains(.bca) {
            options.influence = try accelerationInfluence(acceleration, columns: kept, marginsWanted: !marginVariables.isEmpty,
                                                          units: resampling.jackknifeUnits(rowCount: n))
            source = options.influence == nil ? .jackknife : .influence
        }
        let result = try Bootstrap.run(rowCount: n, plan: resampling, options: options, statistic: statistic)
        let components = kept.map { BootstrapStatistic.coefficient(fit.coefficients[$0].term) }
            + effectTerms.map { BootstrapStatistic.averageMarginalEffect($0) }
        let computed = try BootstrapIntervals.compute(result, methods: intervals, level: level)
        let planDescription = plan == .outcomeStrata ? "stratified on \(frame.responseName)" : plan.description
        return BootstrapSummary(result: result, statistics: components, intervals: computed, plan: plan,
                                planDescription: planDescription, level: level, acceleration: source)
    }

    /// Jackknife units (rows or clusters) above which `.automatic` takes BCa's acceleration from
    /// influence values: 5,000 leave-one-out fits cost a few seconds (Docs/performance.md).
    public static let jackknifeUnitLimit = 5_000

    /// BCa's influence values per jackknife unit for the coefficient `columns`, or nil where the
    /// jackknife is to run.
    func accelerationInfluence(_ acceleration: BCaAcceleration, columns: [Int], marginsWanted: Bool,
                               units: [[Int]]) throws -> [[Double]]? {
        switch acceleration {
        case .jackknife: return nil
        case .automatic where marginsWanted || units.count <= Self.jackknifeUnitLimit: return nil
        case .influence where marginsWanted:
            throw ModelingError.influenceUnavailable(reason: "the average marginal effects among the statistics have no influence values in this version")
        default: break
        }
        guard let rows = try RobustCovariance.influenceValues(of: fit, design: try frame.checkedDesign(), response: frame.response,
                                                              weights: weights) else {
            if acceleration == .automatic { return nil }
            throw ModelingError.influenceUnavailable(reason: "the information matrix is singular")
        }
        let estimated = fit.coefficients.indices.filter { !fit.coefficients[$0].isAliased }
        let positions = columns.compactMap { estimated.firstIndex(of: $0) }
        return units.map { unit in
            positions.map { j in unit.reduce(0) { $0 + rows[$1, j] } }
        }
    }

    /// Every estimated coefficient, and with `withMarginalEffects` the AME of every variable.
    public func defaultBootstrapStatistics(withMarginalEffects: Bool) -> [BootstrapStatistic] {
        fit.coefficients.filter { !$0.isAliased }.map { .coefficient($0.term) }
            + (withMarginalEffects ? frame.variables.map { .averageMarginalEffect($0) } : [])
    }

    /// The coefficient columns, AME variables and AME terms the statistics name; unknown names are
    /// errors that list the valid ones.
    func bootstrapComponents(_ statistics: [BootstrapStatistic]?, at: [String: String]) throws
        -> (columns: [Int], marginVariables: [String], effectTerms: [String]) {
        let estimated = fit.coefficients.indices.filter { !fit.coefficients[$0].isAliased }
        guard let statistics else { return (estimated, [], []) }
        var columns = Set<Int>(), variables = [String]()
        for statistic in statistics {
            switch statistic {
            case .coefficient(let term):
                guard let column = frame.columnNames.firstIndex(of: term), estimated.contains(column) else {
                    throw ModelingError.unknownStatistic(name: statistic.description,
                                                         available: estimated.map { fit.coefficients[$0].term }
                                                            + frame.variables.map { BootstrapStatistic.averageMarginalEffect($0).description })
                }
                columns.insert(column)
            case .averageMarginalEffect(let variable):
                guard frame.variables.contains(variable) else {
                    throw ModelingError.unknownStatistic(name: statistic.description,
                                                         available: frame.variables.map { BootstrapStatistic.averageMarginalEffect($0).description })
                }
                if !variables.contains(variable) { variables.append(variable) }
            }
        }
        // In the model's variable order, as `marginalEffects` returns them.
        let ordered = frame.variables.filter { variables.contains($0) }
        let terms = ordered.isEmpty ? [] : try marginalEffects(.ame, variables: ordered, at: at).map(\.term)
        return (estimated.filter(columns.contains), ordered, terms)
    }

    /// Integer codes of a data column on the rows used (missing values form their own group).
    /// Codes of `column` over the rows the model used. A missing cluster id is refused, as the
    /// cluster covariance refuses it (name the column in `clusters:` when fitting so those rows
    /// are left out, as `--vce cluster` and `--cluster` do); a missing stratum is its own stratum.
    func codes(_ column: String, missingAllowed: Bool) throws -> [Int] {
        guard let values = data[column] else {
            throw ModelingError.unknownColumn(name: column, parameter: .plan, available: data.columnNames)
        }
        if !missingAllowed {
            let missing = frame.rowIndices.filter { values.text(at: $0) == nil }.count
            guard missing == 0 else { throw ModelingError.missingClusterValues(column: column, rows: missing) }
        }
        var index = [String: Int]()
        return frame.rowIndices.map { row in
            let key = values.text(at: row) ?? "\u{0}missing"
            if let code = index[key] { return code }
            index[key] = index.count
            return index.count - 1
        }
    }
}
