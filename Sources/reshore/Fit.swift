import ArgumentParser
import Foundation
import Regress

extension ModelKind: ExpressibleByArgument {}
extension InformationKind: ExpressibleByArgument {}
extension WeightKind: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}

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

    @Option(help: "Output format.")
    var format: ReportFormat = .text

    func validate() throws {
        guard level > 0 && level < 1 else { throw ValidationError("--level must lie strictly between 0 and 1, e.g. 0.95") }
        if weights == nil && weightKind == .sampling { throw ValidationError("--weight-kind sampling needs --weights COLUMN") }
    }

    func run() throws {
        let data = try dataOptions.read()
        let specification = BinaryModelSpecification(formula: formula, model: model, information: information, weights: weights,
                                                     weightKind: weightKind, offset: offset, level: level, eventLevel: event)
        print(try BinaryModel.fit(specification, data: data).rendered(format))
    }
}
