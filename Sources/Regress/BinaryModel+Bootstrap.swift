import Bootstrap
import DataTable
import Formula
import GLM
import Inference
import LinearAlgebra

/// How `BinaryModel` bootstraps a fit.
public struct BootstrapSpecification: Sendable {
    /// How rows are resampled.
    public enum Plan: Sendable, Equatable {
        /// Stratified on the outcome: every replicate keeps the observed number of events. The
        /// default for binary models, where case resampling of rare events can draw replicates with
        /// too few events to fit.
        case outcomeStrata
        /// Ordinary case resampling.
        case cases
        /// Stratified by a column.
        case strata(String)
        /// Whole clusters of a column.
        case cluster(String)
    }

    /// Number of replicates.
    public var replicates: Int
    /// Seed.
    public var seed: UInt64
    /// Interval methods.
    public var methods: [IntervalMethod]
    /// Resampling plan.
    public var plan: Plan
    /// Worker threads (`nil`: all cores); results do not depend on it.
    public var threads: Int?
    /// Progress callback (completed, total).
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// Only these coefficient terms and marginal-effect variables (`nil`: all).
    public var terms: [String]?
    /// Marginal-effect variables to bootstrap when the report has margins (`nil`: all of them).
    public var marginVariables: [String]?

    /// Defaults: 1,999 replicates, seed 42, BCa and percentile, stratified on the outcome.
    public init(replicates: Int = 1999, seed: UInt64 = 42, methods: [IntervalMethod] = [.bca, .percentile],
                plan: Plan = .outcomeStrata, threads: Int? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil,
                terms: [String]? = nil, marginVariables: [String]? = nil) {
        self.replicates = replicates
        self.seed = seed
        self.methods = methods
        self.plan = plan
        self.threads = threads
        self.progress = progress
        self.terms = terms
        self.marginVariables = marginVariables
    }
}

/// A bootstrap of a fit: the engine's result, the names of the statistic's components, the intervals.
public struct BootstrapSummary: Sendable {
    /// Replicates, failures, jackknife values.
    public let result: BootstrapResult
    /// Component names: coefficient terms, then `AME: variable` for marginal effects.
    public let names: [String]
    /// Intervals by component and method.
    public let intervals: [BootstrapInterval]
    /// Plan description.
    public let plan: String
}

extension BinaryModel {
    /// Bootstraps the coefficients (and the AMEs when `margins` is set) of a fitted report. Each
    /// replicate refits the same model with the replicate's frequency weights, warm-started from the
    /// full-sample estimate; replicates that do not converge, alias a column or separate are counted
    /// as failures with their reason.
    public static func bootstrap(_ report: FitReport, data: DataTable, specification bootstrap: BootstrapSpecification) throws -> BootstrapSummary {
        let frame = report.frame, fit = report.fit, spec = report.specification
        let n = frame.design.rows
        let priorWeights = spec.weights.flatMap { frame.auxiliary[$0]?.numericValues }
        let offset = spec.offset.flatMap { frame.auxiliary[$0]?.numericValues }
        let kept = fit.coefficients.indices.filter { !fit.coefficients[$0].isAliased && (bootstrap.terms?.contains(fit.coefficients[$0].term) ?? true) }
        let marginVariables = bootstrap.marginVariables
        let start = fit.coefficients.map { $0.estimate ?? 0 }
        let plan: ResamplingPlan
        switch bootstrap.plan {
        case .cases: plan = .cases
        case .outcomeStrata: plan = .stratified(strata: frame.response.map { Int($0) })
        case .strata(let column), .cluster(let column):
            let values = try codes(column, data: data, rows: frame.rowIndices)
            if case .cluster = bootstrap.plan { plan = .clusters(ids: values) } else { plan = .stratified(strata: values) }
        }
        let margins = spec.margins
        let statistic: @Sendable ([Double]) throws -> StatisticValue = { replicateWeights in
            let weights = priorWeights.map { zip($0, replicateWeights).map { $0 * $1 } } ?? replicateWeights
            switch spec.model {
            case .lpm:
                // Least squares with frequency weights = the replicate's rows.
                let rows = (0..<n).flatMap { Array(repeating: $0, count: Int(weights[$0])) }
                let replicate = try LinearProbabilityModel.fit(design: Matrix(rowMajor: rows.map { frame.design.row($0) }),
                                                           response: rows.map { frame.response[$0] }, termNames: frame.columnNames,
                                                           robust: spec.covariance == nil, level: spec.level)
                return StatisticValue(values: kept.map { replicate.coefficients[$0].estimate ?? .nan },
                                      standardErrors: kept.map { replicate.coefficients[$0].standardError ?? .nan })
            default:
                // Only rows drawn at least once: with frequency weights, dropping the others is exact
                // (about 37 % of rows per replicate), and no Newton polish (R's rule leaves ~1e−7,
                // far below bootstrap error).
                let rows = weights.indices.filter { weights[$0] > 0 }
                let link: Link = spec.model == .firth ? .logit : Link(rawValue: spec.model.rawValue) ?? .logit
                var options = GLMOptions(link: link, information: spec.information, start: start,
                                         penalty: spec.model == .firth ? .jeffreys : .none, checkSeparation: false, polish: false)
                options.estimatesOnly = true   // no fitted values or likelihood summaries per replicate
                let compact = try GLM.fit(design: frame.design.selectingRows(rows), response: rows.map { frame.response[$0] },
                                          termNames: frame.columnNames, weights: rows.map { weights[$0] },
                                          offset: offset.map { values in rows.map { values[$0] } }, options: options)
                guard compact.converged else { throw ReplicateFailure("non-convergence") }
                guard compact.aliasedTerms.count == fit.aliasedTerms.count else { throw ReplicateFailure("aliasing") }
                if spec.model != .firth, compact.linearPredictor.contains(where: { abs($0) > 15 }),
                   !Separation.infiniteDirections(design: frame.design.selectingRows(rows), response: rows.map { frame.response[$0] },
                                                  weights: rows.map { weights[$0] }).isEmpty {
                    throw ReplicateFailure("separation")
                }
                var values = kept.map { compact.coefficients[$0].estimate ?? .nan }
                var errors = kept.map { compact.coefficients[$0].standardError ?? .nan }
                if let margins {
                    // Marginal effects average over the full frame (weighted by the replicate's counts):
                    // evaluate the replicate's coefficients there, no refit.
                    let onFrame = compact.evaluated(on: frame.design, offset: offset)
                    let effects = try MarginalEffects.compute(fit: onFrame, frame: frame, kind: margins, variables: marginVariables,
                                                              at: spec.at, weights: weights)
                    values += effects.map(\.estimate)
                    errors += effects.map(\.standardError)
                }
                return StatisticValue(values: values, standardErrors: errors)
            }
        }
        let result = try Bootstrap.run(rowCount: n, plan: plan,
                                       options: BootstrapOptions(replicates: bootstrap.replicates, seed: bootstrap.seed,
                                                                 threads: bootstrap.threads, jackknife: bootstrap.methods.contains(.bca),
                                                                 progress: bootstrap.progress),
                                       statistic: statistic)
        let effectNames = report.marginalEffects.map(\.term).filter { term in
            marginVariables.map { variables in variables.contains { term == $0 || term.hasPrefix($0 + "[") } } ?? true
        }
        let names = kept.map { fit.coefficients[$0].term } + effectNames.map { "AME: \($0)" }
        let intervals = try BootstrapIntervals.compute(result, methods: bootstrap.methods, level: spec.level)
        let planName: String
        switch bootstrap.plan {
        case .outcomeStrata: planName = "stratified on \(frame.responseName)"
        case .cases: planName = "cases"
        case .strata(let column): planName = "stratified on \(column)"
        case .cluster(let column): planName = "clusters of \(column)"
        }
        return BootstrapSummary(result: result, names: names, intervals: intervals, plan: planName)
    }

    /// Integer codes of a column on the given rows (missing values form their own group).
    static func codes(_ column: String, data: DataTable, rows: [Int]) throws -> [Int] {
        let values = try data.column(named: column)
        var index = [String: Int]()
        return rows.map { row in
            let key = values.text(at: row) ?? "\u{0}missing"
            if let code = index[key] { return code }
            index[key] = index.count
            return index.count - 1
        }
    }
}
