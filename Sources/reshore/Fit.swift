import ArgumentParser
import Foundation
import Regress

extension ModelKind: ExpressibleByArgument {}
extension InformationKind: ExpressibleByArgument {}
extension WeightKind: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
extension ClusterAdjustment: ExpressibleByArgument {}
extension MarginsKind: ExpressibleByArgument {}

/// `--vce classical|hc0|hc1|hc2|hc3|cluster:VAR[,VAR2]`.
struct VCEOption: ExpressibleByArgument {
    let estimator: CovarianceEstimator?
    let clusters: [String]

    init?(argument: String) {
        switch argument.lowercased() {
        case "classical": estimator = .classical; clusters = []
        case "hc0": estimator = .hc0; clusters = []
        case "hc1": estimator = .hc1; clusters = []
        case "hc2": estimator = .hc2; clusters = []
        case "hc3": estimator = .hc3; clusters = []
        default:
            guard argument.hasPrefix("cluster:") else { return nil }
            let names = argument.dropFirst("cluster:".count).split(separator: ",").map { String($0) }
            guard (1...2).contains(names.count), names.allSatisfy({ !$0.isEmpty }) else { return nil }
            estimator = .cluster(.stata)
            clusters = names
        }
    }

    static var defaultCompletionKind: CompletionKind { .list(["classical", "hc0", "hc1", "hc2", "hc3", "cluster:"]) }
}

/// CSV options shared by the commands that read data.
struct DataOptions: ParsableArguments {
    @Option(help: "CSV file to read.")
    var data: String

    @Option(help: "Field delimiter (default: detected among , ; and tab).")
    var delimiter: String?

    @Flag(help: "Read numbers with a decimal comma (1,5), as German exports write them.")
    var decimalComma = false

    @Option(help: "An extra token read as missing (repeatable); empty, NA, NaN and . always are.")
    var missing: [String] = []

    func validate() throws {
        if let delimiter, delimiter.count != 1 { throw ValidationError("--delimiter takes one character, e.g. ';'") }
    }

    func read() throws -> DataTable {
        let options = CSVReadOptions(delimiter: delimiter?.first, decimalComma: decimalComma,
                                     missingTokens: CSVReadOptions.defaultMissingTokens.union(missing))
        return try CSVReader.read(contentsOf: URL(fileURLWithPath: data), options: options)
    }
}

/// `reshore fit`: a binary-response model on any CSV file.
struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a binary-response model (logit, probit, cloglog, cauchit, linear probability, Firth) to a CSV file.",
        discussion: """
        Example: reshore fit --data survey.csv --formula "backshored ~ i40_technologies + log(employees) + C(sector)" --model probit
        Formulas use R/patsy notation (Docs/data-and-formulas.md); the JSON output is a documented contract (Docs/cli.md).
        """
    )

    @OptionGroup var dataOptions: DataOptions

    @Option(help: "Model formula, e.g. \"y ~ x1 + log(x2) + C(g)\".")
    var formula: String

    @Option(help: "Model.")
    var model: ModelKind = .logit

    @Option(help: "Information for classical standard errors (observed: Stata/statsmodels; expected: R's glm).")
    var information: InformationKind = .observed

    @Option(help: "Column of prior weights.")
    var weights: String?

    @Option(help: "What the weights are.")
    var weightKind: WeightKind = .frequency

    @Option(help: "Column added to the linear predictor with coefficient 1.")
    var offset: String?

    @Option(help: "For a two-level factor outcome: the level coded 1 (default: the second in sorted order).")
    var event: String?

    @Option(help: "Confidence level of the intervals.")
    var level: Double = 0.95

    @Option(help: ArgumentHelp("Covariance: classical, hc0, hc1, hc2, hc3, or cluster:VAR[,VAR2] (default: classical; hc1 for lpm).",
                               valueName: "vce"))
    var vce: VCEOption?

    @Option(help: "Small-sample adjustment of cluster-robust errors: stata = G/(G−1)·(n−1)/(n−k), sandwich = G/(G−1) (R vcovCL).")
    var clusterAdjustment: ClusterAdjustment = .stata

    @Option(help: "A term to test for exclusion with Wald and likelihood-ratio tests, e.g. \"C(sector)\" (repeatable).")
    var test: [String] = []

    @Option(help: "Marginal effects: ame (average) or mem (at the means).")
    var margins: MarginsKind?

    @Option(help: "Variables fixed for the marginal effects, e.g. \"age=30,race=2\".")
    var at: String?

    @Option(help: "Average predicted probabilities with VAR fixed at each level, or at the given values: VAR or VAR=v1,v2.")
    var predict: String?

    @Option(help: "Bootstrap replicates (e.g. 1999); 0 for none.")
    var bootstrap: Int = 0

    @Option(help: "Bootstrap seed: the same seed gives bit-for-bit the same intervals on any number of cores.")
    var seed: UInt64 = 42

    @Option(help: "Bootstrap intervals, comma-separated: bca, percentile, basic, normal, studentized.")
    var ci: String = "bca,percentile"

    @Option(help: "Bootstrap stratified by this column, or 'none' for case resampling (default: by the outcome).")
    var strata: String?

    @Option(help: "Bootstrap whole clusters of this column.")
    var cluster: String?

    @Option(help: "Write the bootstrap replicate matrix (and the jackknife values, FILE.jackknife.csv) as CSV.")
    var saveReplicates: String?

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    /// The interval methods of --ci.
    func intervalMethods() throws -> [IntervalMethod] {
        try ci.split(separator: ",").map { name in
            guard let method = IntervalMethod(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--ci: unknown method '\(name)'; choose from bca, percentile, basic, normal, studentized")
            }
            return method
        }
    }

    /// Parses "a=1,b=x" into a dictionary.
    static func settings(_ text: String) throws -> [String: String] {
        var result = [String: String]()
        for part in text.split(separator: ",") {
            let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty else {
                throw ValidationError("--at takes VAR=VALUE pairs separated by commas, e.g. \"age=30,race=2\"; got '\(part)'")
            }
            result[pieces[0]] = pieces[1]
        }
        return result
    }

    func validate() throws {
        guard level > 0 && level < 1 else { throw ValidationError("--level must lie strictly between 0 and 1, e.g. 0.95") }
        if weights == nil && weightKind == .sampling { throw ValidationError("--weight-kind sampling needs --weights COLUMN") }
        if let at { _ = try Self.settings(at) }
        if at != nil && margins == nil { throw ValidationError("--at applies to marginal effects; add --margins ame or --margins mem") }
        guard bootstrap >= 0 else { throw ValidationError("--bootstrap takes a number of replicates ≥ 0") }
        if strata != nil && cluster != nil { throw ValidationError("use --strata or --cluster, not both") }
        _ = try intervalMethods()
        if bootstrap == 0 && (saveReplicates != nil || strata != nil || cluster != nil) {
            throw ValidationError("--strata, --cluster and --save-replicates apply to the bootstrap; add --bootstrap 1999")
        }
    }

    /// Draws a 40-character bar on stderr.
    @Sendable static func progressBar(done: Int, total: Int) {
        guard done % max(1, total / 50) == 0 || done == total else { return }
        let filled = 40 * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: 40 - filled)
        FileHandle.standardError.write(Data("\rbootstrap [\(bar)] \(done)/\(total)".utf8))
    }

    /// The bootstrap part of the specification, with a progress bar on stderr when it is a terminal.
    func bootstrapSpecification() throws -> BootstrapSpecification {
        let plan: BootstrapSpecification.Plan
        if let cluster { plan = .cluster(cluster) } else if strata == "none" { plan = .cases } else if let strata { plan = .strata(strata) } else { plan = .outcomeStrata }
        var progress: (@Sendable (Int, Int) -> Void)?
        if isatty(2) != 0 { progress = Fit.progressBar }
        return BootstrapSpecification(replicates: bootstrap, seed: seed, methods: try intervalMethods(), plan: plan, progress: progress)
    }

    func run() throws {
        let data = try dataOptions.read()
        var estimator = vce?.estimator
        if case .cluster = estimator { estimator = .cluster(clusterAdjustment) }
        let specification = BinaryModelSpecification(formula: formula, model: model, information: information, weights: weights,
                                                     weightKind: weightKind, offset: offset, level: level, eventLevel: event,
                                                     covariance: estimator, clusters: vce?.clusters ?? [], tests: test,
                                                     margins: margins, at: try at.map(Self.settings) ?? [:],
                                                     predict: predict.map { text in
                                                         let pieces = text.split(separator: "=", maxSplits: 1)
                                                         return (String(pieces[0]), pieces.count > 1 ? pieces[1].split(separator: ",").map(String.init) : [])
                                                     },
                                                     bootstrap: bootstrap > 0 ? try bootstrapSpecification() : nil)
        let report = try BinaryModel.fit(specification, data: data)
        if isatty(2) != 0 && bootstrap > 0 { FileHandle.standardError.write(Data("\n".utf8)) }
        if let path = saveReplicates, let summary = report.bootstrap {
            try Data(summary.result.replicatesCSV(names: summary.names).utf8).write(to: URL(fileURLWithPath: path))
            try Data(summary.result.jackknifeCSV(names: summary.names).utf8).write(to: URL(fileURLWithPath: path + ".jackknife.csv"))
        }
        print(report.rendered(format))
    }
}
