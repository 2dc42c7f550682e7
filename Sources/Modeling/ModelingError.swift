import Foundation
import Tables

/// Errors in fitting a model through `BinaryRegression` and in asking the fitted model. Each says
/// what is wrong, where, and how to fix it, in terms of the library's parameters.
public enum ModelingError: Error, Equatable, Sendable, ParameterNamingError {
    /// A confidence level outside (0, 1), e.g. 95 for 0.95.
    case invalidLevel(Double)
    /// One column given two roles, e.g. as the weights and the offset.
    case duplicateColumn(name: String, roles: [String])
    /// A column named by a parameter is not in the data.
    case unknownColumn(name: String, parameter: Parameter, available: [String])
    /// A weight, offset or cluster column of the wrong type.
    case wrongColumnType(name: String, parameter: Parameter, expected: String)
    /// A term that the model does not have.
    case unknownTerm(name: String, available: [String])
    /// A coefficient name in a hypothesis that the model does not have.
    case unknownCoefficient(name: String, hypothesis: String, available: [String])
    /// A hypothesis that is not a linear equation in the coefficients.
    case invalidHypothesis(hypothesis: String, reason: String)
    /// A cluster covariance without a cluster column, or with more than two.
    case clusterCount(Int)
    /// A cluster column with missing values among the rows the model used.
    case missingClusterValues(column: String, rows: Int)
    /// The classical covariance is not valid under sampling weights.
    case classicalWithSamplingWeights
    /// Odds ratios need a logit link.
    case oddsRatiosNeedLogit(model: String)
    /// Likelihood-ratio tests and `anova` need nested maximum-likelihood fits on the same rows.
    case notComparable(reason: String)
    /// A number of bootstrap replicates below 1.
    case invalidReplicates(Int)
    /// A resampling plan whose replicates all equal the sample (one cluster, strata of one row).
    case degenerateResampling(plan: String, reason: String)
    /// The outcome takes one value on every row the fit would use (after dropping missing values
    /// and zero weights): Stata's "outcome does not vary".
    case outcomeDoesNotVary(response: String, value: Double, rows: Int)
    /// An option that does not apply with absorbed factors (`y ~ x | g`), and why.
    case absorbedFactors(option: Parameter, reason: String)
    /// An option that does not apply to a grouped binomial response `cbind(s, f)`, and why.
    case groupedResponse(option: Parameter, reason: String)
    /// A count or setting outside the range the library accepts (checked before anything is
    /// allocated): iterations, tolerance, threads, permutations, statistics, table columns.
    case outOfRange(parameter: Parameter, value: String, allowed: String)
    /// A bootstrap statistic that names no coefficient or variable of the model.
    case unknownStatistic(name: String, available: [String])
    /// No interval method was requested.
    case noIntervalMethods
    /// An option the model cannot honour (e.g. weights for the linear probability model).
    case unsupported(option: Parameter, model: String, hint: String)
    /// A profile of Firth's penalized likelihood (penalized LR test, profile interval) did not converge.
    case profileDidNotConverge(coefficient: String, value: Double, iterations: Int)
    /// BCa acceleration from influence values asked where none are available (AME statistics, or
    /// a singular information).
    case influenceUnavailable(reason: String)
    /// A BCa acceleration source given without BCa among the intervals.
    case accelerationWithoutBCa
    /// Values fixed for marginal effects (`marginsAt:`) given to a bootstrap with no AME statistic.
    case marginsAtWithoutMarginalEffects

    /// The message with parameters named by `naming` (`ParameterNames`).
    public func description(naming: ParameterNames) -> String {
        switch self {
        case .invalidLevel(let level):
            let hint = level > 1 && level < 100 ? "; for \(Column.format(level)) % write \(Column.format(level / 100))" : ""
            return "\(naming[.level]): \(Column.format(level)) is not a confidence level; give a probability strictly between 0 and 1, e.g. 0.95\(hint)"
        case .duplicateColumn(let name, let roles):
            return "column '\(name)' is given as \(roles.joined(separator: " and ")); a column can play one of these roles only"
        case .unknownColumn(let name, let parameter, let available):
            let suggestion = closestName(to: name, in: available).map { " Did you mean '\($0)'?" } ?? ""
            return "\(naming[parameter]): no column '\(name)' in the data.\(suggestion) Columns: \(MessageText.list(available))"
        case .wrongColumnType(let name, let parameter, let expected):
            return "\(naming[parameter]): column '\(name)' must be \(expected)"
        case .unknownTerm(let name, let available):
            return "no term '\(name)' in the model; terms: \(MessageText.list(available))"
        case .unknownCoefficient(let name, let hypothesis, let available):
            return "hypothesis '\(hypothesis)': '\(name)' is not a coefficient of the model; coefficients: \(MessageText.list(available))"
        case .invalidHypothesis(let hypothesis, let reason):
            return "hypothesis '\(hypothesis)': \(reason); write a linear equation in the coefficients, e.g. \"x1 = x2\" or \"2*x1 + x3 = 1\", or a term name to test it is zero"
        case .clusterCount(let count):
            return "a cluster covariance takes one or two cluster columns, not \(count), \(naming[.clusterCovarianceExample])"
        case .missingClusterValues(let column, let rows):
            return "cluster column '\(column)' is missing in \(rows) of the rows the model used; \(naming[.clusterColumnAdvice]) so those rows are left out, or fill it in"
        case .classicalWithSamplingWeights:
            return "with sampling weights the classical covariance is not valid; use a robust one (.hc0–.hc3, .cluster) or the fit's default sandwich"
        case .oddsRatiosNeedLogit(let model):
            return "odds ratios are exp(β) of a logit; the \(model) model's coefficients are not log odds ratios (use marginal effects)"
        case .notComparable(let reason):
            return "the models cannot be compared: \(reason)"
        case .invalidReplicates(let count):
            return "\(naming[.replicates]): \(count) is not a number of bootstrap replicates; give 1 to \(ModelingLimits.maxReplicates.formatted) (e.g. 1999)"
        case .outcomeDoesNotVary(let response, let value, let rows):
            return "outcome does not vary: '\(response)' is \(value == 1 ? "1 (the event)" : "0") on all \(rows) rows the fit uses (after dropping missing values and zero weights), so there is nothing to model; check the data, the event level (\(naming[.eventLevel])) and any row selection"
        case .absorbedFactors(let option, let reason):
            return "\(naming[option]) does not apply with absorbed factors (| g + h): \(reason)"
        case .groupedResponse(let option, let reason):
            return "\(naming[option]) does not apply to a grouped response cbind(successes, failures): \(reason)"
        case .degenerateResampling(let plan, let reason):
            return "the bootstrap plan '\(plan)' cannot vary: \(reason), and its intervals would have zero width; resample cases or coarser strata, or use more clusters"
        case .outOfRange(let parameter, let value, let allowed):
            return "\(naming[parameter]): \(value) is outside the accepted range; give \(allowed)"
        case .unknownStatistic(let name, let available):
            return "bootstrap statistic '\(name)' is not in the model; available: \(MessageText.list(available))"
        case .noIntervalMethods:
            return "\(naming[.intervals]): give at least one interval method, \(naming[.intervalsExample])"
        case .unsupported(let option, let model, let hint):
            // (Library names such as "information:" carry their own colon.)
            let name = naming[option].hasSuffix(":") ? String(naming[option].dropLast()) : naming[option]
            return "\(name): the \(model) model does not take it in this version, and ignoring it would give a wrong answer; \(hint)"
        case .marginsAtWithoutMarginalEffects:
            return "marginsAt fixes variables for the bootstrap's average marginal effects, but its statistics have none; add .averageMarginalEffect(…) to statistics (e.g. defaultBootstrapStatistics(withMarginalEffects: true)), or leave marginsAt empty"
        case .accelerationWithoutBCa:
            return "acceleration applies to BCa intervals only; add .bca to intervals, or leave acceleration at .automatic"
        case .influenceUnavailable(let reason):
            return "BCa acceleration from influence values: \(reason); use acceleration: .jackknife (or .automatic, which falls back to it)"
        case .profileDidNotConverge(let coefficient, let value, let iterations):
            // Six significant digits: the 16th follows the CPU's BLAS kernels (the error catalogue,
            // compared byte for byte, read -0.1101677050620471 on one machine, -0.11016770506204487 on another).
            return "the profile of Firth's penalized likelihood with \(coefficient) held at \(String(format: "%.6g", value)) did not converge in \(iterations) iterations, so there is no penalized likelihood-ratio test or profile interval; raise the iteration limit (\(naming[.iterations]); the profile may take four times as many) or use the Wald interval (confidenceIntervals)"
        }
    }
}

extension ModelingError: LocalizedError {
    /// The description, for `localizedDescription`.
    public var errorDescription: String? { description }
}

/// The bounds on the counts a caller gives, checked before anything is allocated: a count one
/// typo away from these (`--bootstrap 100000000000`) asked for terabytes and aborted.
public enum ModelingLimits {
    /// Bootstrap replicates and permutations: 10⁷ (a replicate matrix of 21 statistics is then
    /// 1.7 GB; R's `boot` and Stata take no more in practice).
    public static let maxReplicates = 10_000_000
    /// Iterations of a fit: 10⁴ (R's `glm.control` defaults to 25, logistf to 25–100).
    public static let maxIterations = 10_000
    /// Worker threads: 1,024.
    public static let maxThreads = 1_024

    /// Throws `outOfRange` unless `value` lies in `range`.
    static func check(_ value: Int, _ range: ClosedRange<Int>, parameter: Parameter) throws {
        guard range.contains(value) else {
            throw ModelingError.outOfRange(parameter: parameter, value: String(value),
                                           allowed: "a whole number from \(range.lowerBound.formatted) to \(range.upperBound.formatted)")
        }
    }

    /// Checks an iteration limit and tolerance: 1…`maxIterations`, and a finite tolerance in (0, 0.1].
    static func check(_ options: IterationOptions) throws {
        try check(options.maxIterations, 1...maxIterations, parameter: .maxIterations)
        guard options.tolerance > 0 && options.tolerance <= 0.1 else {
            throw ModelingError.outOfRange(parameter: .tolerance, value: "\(options.tolerance)", allowed: "a number above 0 and at most 0.1, e.g. 1e-8")
        }
    }
}

extension Int {
    /// With thousands separators: 10,000,000.
    var formatted: String {
        let digits = String(Swift.abs(self))
        var groups = [Substring]()
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (self < 0 ? "-" : "") + groups.joined(separator: ",")
    }
}
