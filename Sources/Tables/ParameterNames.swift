/// How an error message names the caller's parameters: by the library's argument labels (the
/// default, `level`, `model: .firth`) or by a front end's own names (`reshore`'s `--level`,
/// `--model firth`). An error that names parameters renders them through this, where it is made,
/// so no front end substitutes text over a message or a report (issue 29, item 18: rewriting
/// "level: " over a whole report turned a factor level named `level: a` into `--level: a`).
public struct ParameterNames: Sendable {
    /// Whose words: the Swift API's, or a command line's (examples are then written as flags).
    public enum Style: Sendable { case library, commandLine }
    /// Parameter → the front end's name; parameters not listed keep the library's spelling.
    public let names: [Parameter: String]
    /// Whose words these are.
    public let style: Style

    /// Names for a front end.
    public init(_ names: [Parameter: String], style: Style) {
        self.names = names
        self.style = style
    }

    /// The library's own labels.
    public static let library = ParameterNames([:], style: .library)

    /// The name of `parameter` (its library spelling, `Parameter.rawValue`, unless renamed).
    public subscript(_ parameter: Parameter) -> String { names[parameter] ?? parameter.rawValue }
}

/// A parameter of the library an error can blame, or a phrase showing how to set it: each error
/// names it as this enum, and a front end maps it to its own spelling where the message is made
/// (`ParameterNames`). The raw value is the library's spelling.
public enum Parameter: String, Sendable, Hashable, CaseIterable {
    /// The confidence level.
    case level
    /// Bootstrap replicates.
    case replicates
    /// Bootstrap interval methods.
    case intervals
    /// An example of interval methods.
    case intervalsExample = "e.g. [.bca, .percentile]"
    /// Prior weights.
    case weights
    /// Frequency weights (the kind of the weights).
    case frequencyWeights = "frequency weights"
    /// The offset column.
    case offset
    /// The offset column, looked up in new data.
    case newDataOffset = "offset (in the new data)"
    /// The covariance estimator asked for (`covariance:`, reshore's `--vce`).
    case covariance
    /// An example of a cluster covariance.
    case clusterCovarianceExample = "e.g. .cluster([\"state\"])"
    /// The sampling-weight sandwich as a covariance choice.
    case samplingWeightsCovariance = "covariance: .samplingWeights"
    /// A cluster column of a covariance.
    case cluster
    /// Cluster columns kept aligned at the fit.
    case clusters
    /// How to keep a cluster column's rows out of the fit.
    case clusterColumnAdvice = "name it in `clusters:` when fitting"
    /// The bootstrap's resampling plan.
    case plan
    /// The outcome level coded 1.
    case eventLevel = "eventLevel:"
    /// The iteration limit.
    case maxIterations
    /// How to raise the iteration limit.
    case iterations = "iterations: IterationOptions(maxIterations:)"
    /// The convergence tolerance.
    case tolerance
    /// How to read a file in another encoding.
    case encoding = "encoding: .windows1252 or .latin1"
    /// How to read decimal commas.
    case decimalComma = "decimalComma: true"
    /// The CSV field delimiter.
    case delimiter = "delimiter:"
    /// Extra tokens read as missing in a CSV file.
    case missingTokens = "missingTokens:"
    /// Column type overrides of a CSV file.
    case columnTypes = "columnTypes:"
    /// The CSV reader's limit on one record's length.
    case maximumRecordBytes
    /// Permutations of a permutation test.
    case permutations
    /// The column a permutation test permutes within.
    case within
    /// Worker threads.
    case threads
    /// A survey design.
    case design
    /// A survey domain (subpopulation).
    case subpop
    /// Bootstrap statistics.
    case statistics
    /// The counts (frequency weights) of one replicate, one per row of a model's frame.
    case replicateCounts = "counts"
    /// The columns of a model table.
    case columns
    /// Firth's profile-likelihood interval.
    case profileConfidenceInterval
    /// The model kind.
    case model = "model:"
    /// The information of the classical covariance.
    case information = "information:"
    /// Marginal effects and average predictions.
    case margins = "marginalEffects"
    /// Predictions.
    case predictions = "predict"
    /// Per-observation diagnostics.
    case observations = "observations()"
    /// The bootstrap.
    case bootstrap = "bootstrap"
}

/// An error whose message names parameters: `description` uses the library's labels,
/// `description(naming:)` a front end's.
public protocol ParameterNamingError: Error, CustomStringConvertible {
    /// The message with parameters named by `naming`.
    func description(naming: ParameterNames) -> String
}

extension ParameterNamingError {
    /// The message with the library's labels.
    public var description: String { description(naming: .library) }
}
