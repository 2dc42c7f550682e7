import ArgumentParser
import Foundation
import Regress

/// CSV options shared by the commands that read data.
struct DataOptions: ParsableArguments {
    @Option(help: "Data file: CSV, or Stata .dta, SPSS .sav/.zsav/.por, SAS .sas7bdat (value labels become factor levels, missing-value codes missing).")
    var data: String

    @Option(help: "Field delimiter (default: detected among , ; and tab).")
    var delimiter: String?

    @Flag(help: "Read numbers with a decimal comma (1,5), as German exports write them.")
    var decimalComma = false

    @Option(help: "An extra token read as missing (repeatable); empty, NA, NaN and . always are.")
    var missing: [String] = []

    @Option(help: ArgumentHelp("Text encoding of the file: utf-8, latin1 or windows-1252.", valueName: "encoding"),
            transform: { try choice($0, option: "--encoding") as CSVEncoding })
    var encoding: CSVEncoding = .utf8

    func validate() throws {
        if let delimiter, delimiter.count != 1 { throw ValidationError("--delimiter takes one character, e.g. ';'") }
    }

    /// Reads the file, with a progress bar on a terminal when `display` is given.
    func read(display: ProgressDisplay? = nil) throws -> DataTable {
        var options = CSVReadOptions(delimiter: delimiter?.first, decimalComma: decimalComma,
                                     missingTokens: CSVReadOptions.defaultMissingTokens.union(missing), encoding: encoding)
        options.progress = display?.handler("reading")
        defer { display?.finish() }
        return try DataFileReader.read(contentsOf: URL(fileURLWithPath: data), csv: options)
    }
}

/// `reshore fit`: a binary-response model on any CSV file, through the library's fitted-model API.
struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a binary-response model (logit, probit, cloglog, cauchit, linear probability, Firth) to a CSV file.",
        discussion: """
        Example: reshore fit --data survey.csv --formula "backshored ~ i40_technologies + log(employees) + C(sector)" --model probit
        Several --model values print the models side by side (--table coefficients|odds-ratios|ame).
        Formulas use R/patsy notation (Docs/data-and-formulas.md); the JSON output is a documented contract (Docs/cli.md).
        """
    )

    @OptionGroup var dataOptions: DataOptions

    @Option(help: "Model formula, e.g. \"y ~ x1 + log(x2) + C(g)\".")
    var formula: String

    @Option(help: ArgumentHelp("Model: logit, probit, cloglog, cauchit, lpm or firth (repeatable: models side by side).", valueName: "model"),
            transform: { try choice($0, option: "--model") as ModelKind })
    var model: [ModelKind] = []

    @Option(help: ArgumentHelp("Information for classical standard errors and the sandwiches' bread (observed: Stata/statsmodels, the default; expected: R's glm, and the default under --design, as R svyglm).", valueName: "information"),
            transform: { try choice($0, option: "--information") as InformationKind })
    var information: InformationKind?

    @Option(help: "Column of prior weights.")
    var weights: String?

    @Option(help: ArgumentHelp("What the weights are: frequency or sampling.", valueName: "kind"),
            transform: { try choice($0, option: "--weight-kind") as WeightKind })
    var weightKind: WeightKind = .frequency

    @Option(help: "Column added to the linear predictor with coefficient 1.")
    var offset: String?

    @Option(help: "The outcome level coded 1: a level of a two-level factor (default: the second in sorted order), or 0 for a 0/1 outcome.")
    var event: String?

    @Option(help: "Confidence level of the intervals (default: 0.95).")
    var level: Double?

    @Option(help: "Iteration limit of the fit (R's glm.control maxit; default 25; Firth's fit takes at least 100).")
    var maxIterations: Int = 25

    @Option(help: ArgumentHelp("Covariance: classical, robust (Stata's vce(robust): HC0 × n/(n−1)), hc0, hc1, hc2, hc3, or cluster:VAR[,VAR2] (default: classical; hc1 for lpm); linearized or replicates with --design (Docs/inference.md has the Stata/R/statsmodels names).",
                               valueName: "vce"), transform: VCEOption.parse)
    var vce: VCEOption?

    @Option(help: ArgumentHelp("Small-sample adjustment of cluster-robust errors: stata = G/(G−1)·(n−1)/(n−k), sandwich = G/(G−1) (R vcovCL), none (R gee, vcovCL(cadjust = FALSE)).", valueName: "adjustment"),
            transform: { try choice($0, option: "--cluster-adjustment") as ClusterAdjustment })
    var clusterAdjustment: ClusterAdjustment?

    @Option(help: "A term to test for exclusion with Wald and likelihood-ratio tests, e.g. \"C(sector)\" (repeatable).")
    var test: [String] = []

    @Option(help: "A linear hypothesis about the coefficients for a Wald test, e.g. \"x1 = x2\" (repeatable; tested jointly).")
    var hypothesis: [String] = []

    @Option(help: ArgumentHelp("Marginal effects: ame (average) or mem (at the means).", valueName: "margins"),
            transform: { try choice($0, option: "--margins") as MarginsKind })
    var margins: MarginsKind?

    @Option(help: ArgumentHelp("The scale of the marginal effects: dydx, eyex (elasticity), dyex, eydx (Stata margins' options; elasticities with --margins ame).", valueName: "scale"),
            transform: { try choice($0, option: "--effect") as EffectScale })
    var effect: EffectScale = .dydx

    @Flag(help: "Marginal effects of 0/1 numeric columns as discrete changes μ(1) − μ(0) (statsmodels dummy=True, Stata i.x); default: derivatives, as a continuous regressor (Stata c.x).")
    var discreteDummies = false

    @Option(help: "Variables fixed for the marginal effects, e.g. \"age=30,race=2\".")
    var at: String?

    @Option(help: ArgumentHelp("Average predicted probabilities with VAR fixed at each level, or at the given values.", valueName: "VAR[=v1,v2]"),
            transform: PredictOption.parse)
    var predict: PredictOption?

    @Option(help: "Bootstrap replicates (e.g. 1999); 0 for none.")
    var bootstrap: Int = 0

    @Option(help: "Bootstrap seed: the same seed gives bit-for-bit the same intervals on any number of cores (default: 42).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("Bootstrap intervals, comma-separated: bca, percentile, basic, normal, studentized (default: bca,percentile).",
                               valueName: "methods"),
            transform: IntervalMethods.parse)
    var ci: IntervalMethods?

    /// The bootstrap's intervals: `--ci`, or BCa and percentile.
    var intervalMethods: [IntervalMethod] { ci?.methods ?? [.bca, .percentile] }

    @Option(help: ArgumentHelp("Where BCa's acceleration comes from: automatic (the jackknife up to 5,000 rows or clusters, influence values above), jackknife, influence.", valueName: "source"),
            transform: { try choice($0, option: "--bca-acceleration") as BCaAcceleration })
    var bcaAcceleration: BCaAcceleration?

    @Option(help: "Bootstrap stratified by this column ('outcome': by the outcome, for outcome-based samples; 'none': case resampling, the default).")
    var strata: String?

    @Option(help: "Bootstrap whole clusters of this column.")
    var cluster: String?

    @Option(help: "Write the bootstrap replicate matrix (and the jackknife values, FILE.jackknife.csv) as CSV.")
    var saveReplicates: String?

    @Option(help: ArgumentHelp("Print a model table (a journal's layout: estimates with SEs below, N, log-likelihood, AIC; one column per --model) of coefficients, odds-ratios or ame; several --model values print one with coefficients by default.", valueName: "content"),
            transform: { try choice($0, option: "--table") as ModelTableContent })
    var table: ModelTableContent?

    @Option(help: "Decimals of the numbers in a model table (--table, or several --model values), fixed as journals print them (default 3).")
    var digits: Int = 3

    @Option(help: "Write per-observation diagnostics as CSV: one row per data row (row, fitted, residuals, hat, standardized residuals, Cook's distance, dfbeta per coefficient; Docs/inference.md).")
    var observations: String?

    @Option(help: "Groups of the Hosmer-Lemeshow test (Stata's estat gof, group(G); default 10, at least 3).")
    var hosmerLemeshowGroups: Int?

    /// The Hosmer–Lemeshow test's groups: `--hosmer-lemeshow-groups`, or 10.
    var groups: Int { hosmerLemeshowGroups ?? 10 }

    @Flag(help: "Show variable labels (from a Stata or SPSS file) instead of variable names in text, Markdown and LaTeX tables.")
    var labels = false

    @Option(help: ArgumentHelp("Survey design: comma-separated key=value, any subset of strata=COL, psu=COL[+COL2], weights=COL, fpc=COL[+COL2], nest=true, lonely-psu=fail|remove|adjust|average|certainty; or replicates=PREFIX*, type=jk1|jkn|brr|fay:RHO|bootstrap[, scale=S, rscales=R1+R2…, mse=true] (R svydesign/svrepdesign, Stata svyset).", valueName: "spec"))
    var design: String?

    @Option(help: ArgumentHelp("A domain of the survey design: a 0/1 column, or COL==LEVEL; the full design is kept for the variance (R subset(design, …), Stata subpop()).", valueName: "expr"))
    var subpop: String?

    @Option(help: ArgumentHelp("Output format: text, markdown, latex, csv or json.", valueName: "format"),
            transform: { try choice($0, option: "--format") as ReportFormat })
    var format: ReportFormat = .text

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

    var models: [ModelKind] { model.isEmpty ? [.logit] : model }

    func validate() throws {
        if clusterAdjustment != nil {
            guard let vce, case .cluster = vce.covariance else {
                throw ValidationError("--cluster-adjustment sets the small-sample factor of a cluster-robust covariance; add --vce cluster:VAR, or drop --cluster-adjustment")
            }
        }
        if let level, !(level > 0 && level < 1) { throw ValidationError("--level must lie strictly between 0 and 1, e.g. 0.95") }
        if level != nil && showsModelTable {
            throw ValidationError("--level sets the confidence intervals of one model's summary; a model table (--table, or several --model values) shows standard errors in parentheses, not intervals: drop --level, or fit one model without --table")
        }
        if weights == nil && weightKind == .sampling { throw ValidationError("--weight-kind sampling needs --weights COLUMN") }
        if let at { _ = try Self.settings(at) }
        if at != nil && margins == nil { throw ValidationError("--at applies to marginal effects; add --margins ame or --margins mem") }
        guard (0...10).contains(digits) else { throw ValidationError("--digits takes a number of decimals from 0 to 10, e.g. 3") }
        if digits != 3 && !showsModelTable {
            throw ValidationError("--digits sets the decimals of a model table; add --table coefficients (or odds-ratios, ame)")
        }
        if (effect != .dydx || discreteDummies) && margins == nil && table != .ame {
            throw ValidationError("--effect and --discrete-dummies apply to marginal effects; add --margins ame")
        }
        guard (0...ModelingLimits.maxReplicates).contains(bootstrap) else {
            throw ValidationError("--bootstrap takes a number of replicates from 0 to 10,000,000 (0: no bootstrap), e.g. 1999")
        }
        guard (1...ModelingLimits.maxIterations).contains(maxIterations) else {
            throw ValidationError("--max-iterations takes a whole number from 1 to 10,000, e.g. 100")
        }
        if strata != nil && cluster != nil { throw ValidationError("use --strata or --cluster, not both") }
        if bcaAcceleration != nil && (bootstrap == 0 || !intervalMethods.contains(.bca)) {
            throw ValidationError("--bca-acceleration applies to BCa bootstrap intervals; add --bootstrap 1999 and keep bca in --ci")
        }
        if bootstrap == 0 && (saveReplicates != nil || strata != nil || cluster != nil) {
            throw ValidationError("--strata, --cluster and --save-replicates apply to the bootstrap; add --bootstrap 1999")
        }
        if bootstrap == 0 && (seed != nil || ci != nil) {
            throw ValidationError("--seed and --ci apply to the bootstrap, which is off (--bootstrap 0); add --bootstrap 1999, or drop them: without a bootstrap the intervals are Wald intervals at --level")
        }
        if showsModelTable && (bootstrap > 0 || predict != nil || !test.isEmpty || !hypothesis.isEmpty || observations != nil) {
            throw ValidationError("a model table (--table, or several --model values) shows the models side by side; --test, --hypothesis, --predict, --bootstrap and --observations apply to one model's summary (one --model, no --table)")
        }
        if subpop != nil && design == nil {
            throw ValidationError("--subpop selects a domain of a survey design; add --design (e.g. --design weights=COL), or filter the rows for a model of the subset on its own")
        }
        if design != nil {
            if weights != nil { throw ValidationError("--weights and --design: the design carries the sampling weights; write --design weights=COL") }
            if let vce, vce.covariance != .linearized, vce.covariance != .replicates {
                throw ValidationError("--vce \(vce.covariance) and --design: a survey design's standard errors are design-based (--vce linearized, or replicates for replicate weights)")
            }
            if strata != nil || cluster != nil {
                throw ValidationError("--strata/--cluster and --design: the bootstrap of a survey design resamples its PSUs within its strata (Rao–Wu); drop --strata/--cluster")
            }
        } else if let vce, vce.covariance == .linearized || vce.covariance == .replicates {
            throw ValidationError("--vce \(vce.covariance) is a survey design's covariance; add --design")
        }
        if hosmerLemeshowGroups != nil && design != nil {
            throw ValidationError("--hosmer-lemeshow-groups and --design: a survey design's fit reports no Hosmer–Lemeshow test (it would treat the rows as independent draws); drop --hosmer-lemeshow-groups")
        }
        if hosmerLemeshowGroups != nil && showsModelTable {
            throw ValidationError("--hosmer-lemeshow-groups sets the Hosmer–Lemeshow test of one model's summary; a model table (--table, or several --model values) does not show it: drop --table or the extra --model values")
        }
        guard (3...1_000).contains(groups) else {
            throw ValidationError("--hosmer-lemeshow-groups takes a number of groups from 3 to 1,000, e.g. 10")
        }
    }

    /// Whether the output is a model table (`--table`, or several `--model` values) rather than one
    /// model's summary.
    var showsModelTable: Bool { models.count > 1 || table != nil }

    /// The library's bootstrap plan for the options.
    var plan: BootstrapPlan {
        if let cluster { return .cluster(cluster) }
        if strata == nil || strata == "none" { return .cases }
        if strata == "outcome" { return .outcomeStrata }
        if let strata { return .strata(strata) }
        return .cases
    }

    /// Fits one model with the options.
    func fitted(_ kind: ModelKind, data: DataTable, display: ProgressDisplay? = nil) throws -> BinaryRegressionModel {
        defer { display?.finish() }
        let progress = FitProgress(iterations: display?.handler("fit (iterations)"),
                                   separationCheck: display?.handler("separation check (simplex pivots)"))
        // The bootstrap's cluster column joins the listwise deletion, as --vce cluster's does:
        // rows without a cluster id are left out of the fit (R and Stata drop them too).
        return try BinaryRegression.fit(formula, data: data, model: kind, weights: weights.map { Weights($0, kind: weightKind) },
                                        offset: offset, clusters: [cluster].compactMap { $0 }, eventLevel: event, information: information,
                                        covariance: vce?.covariance(adjustment: clusterAdjustment ?? .stata), level: level ?? 0.95,
                                        iterations: IterationOptions(maxIterations: maxIterations), progress: progress,
                                        design: try design.map(SurveyDesign.init(parsing:)), subpop: try subpop.map(SurveyDomain.init(parsing:)))
    }

    func run() throws { try CLIError.mapping(execute) }

    func execute() throws {
        // Every output is checked against the input by identity (device and inode), before the
        // work and again just before writing.
        let inputs = Set([FileIdentity(path: dataOptions.data)].compactMap { $0 })
        if let saveReplicates { try FileOutput.check(saveReplicates, purpose: "--save-replicates", protecting: inputs) }
        if let observations { try FileOutput.check(observations, purpose: "--observations", protecting: inputs) }
        let display = ProgressDisplay()
        let data = try dataOptions.read(display: display)
        if labels && data.columns.allSatisfy({ $0.label == nil }) {
            throw CLIError(message: "--labels shows the variable labels a Stata or SPSS file carries; \(dataOptions.data) has none (a CSV file never does): drop --labels")
        }
        let at = try at.map(Self.settings) ?? [:]
        func effects(of model: BinaryRegressionModel, _ kind: MarginsKind) throws -> [MarginalEffect] {
            defer { display.finish() }
            return try model.marginalEffects(kind, at: at, effect: effect, discreteDummies: discreteDummies,
                                             progress: display.handler("marginal effects (variables)"))
        }
        if showsModelTable {
            let fits = try models.map { try fitted($0, data: data, display: display) }
            let columns = try fits.map { model -> ModelTable.Column in
                try ModelTable.Column(model: model, marginalEffects: margins == nil && table != .ame ? [] : effects(of: model, margins ?? .ame))
            }
            var modelTable = try ModelTable(columns: columns, content: table ?? .coefficients)
            modelTable.digits = digits
            if labels { modelTable.labels = TermLabels(columnsOf: data) }
            try Output.write(modelTable.rendered(format))
            Output.leave()
        }
        let model = try fitted(models[0], data: data, display: display)
        let effects = try margins.map { try effects(of: model, $0) } ?? []
        let termLabels = labels ? TermLabels(columnsOf: data) : .none
        var report = FitReport(model: model, tests: try test.map { try model.dropTest($0) }, marginalEffects: effects,
                               margins: margins, marginsAt: at,
                               predictions: try predict.map { try model.averagePredictions($0.variable, values: $0.values) } ?? [],
                               hypothesis: hypothesis.isEmpty ? nil : HypothesisResult(hypotheses: hypothesis, result: try model.test(hypothesis)),
                               hosmerLemeshowGroups: groups)
        report.labels = termLabels
        report.discreteDummies = discreteDummies
        if bootstrap > 0 {
            report.bootstrap = try model.bootstrap(replicates: bootstrap, plan: plan,
                                                   statistics: margins == .ame ? model.defaultBootstrapStatistics(withMarginalEffects: true) : nil,
                                                   intervals: intervalMethods, seed: seed ?? 42, marginsAt: margins == .ame ? at : [:],
                                                   progress: display.handler("bootstrap (replicates)"),
                                                   jackknifeProgress: display.handler("jackknife for BCa (leave-one-out fits)"),
                                                   acceleration: bcaAcceleration ?? .automatic)
            display.finish()
        }
        if let path = saveReplicates, let summary = report.bootstrap {
            let companion = summary.result.influence != nil
                ? (path: path + ".influence.csv", text: summary.result.influenceCSV(names: summary.names))
                : (path: path + ".jackknife.csv", text: summary.result.jackknifeCSV(names: summary.names))
            // Both targets are checked before either is written: no half-written pair.
            try FileOutput.check(path, purpose: "--save-replicates", protecting: inputs)
            try FileOutput.check(companion.path, purpose: "--save-replicates' companion file", protecting: inputs)
            try FileOutput.write(summary.result.replicatesCSV(names: summary.names), to: path, purpose: "--save-replicates", protecting: inputs)
            try FileOutput.write(companion.text, to: companion.path, purpose: "--save-replicates' companion file", protecting: inputs)
        }
        if let path = observations {
            try FileOutput.write(CSVWriter.string(try model.observations()), to: path, purpose: "--observations", protecting: inputs)
        }
        try Output.write(report.rendered(format))
        Output.leave()
    }
}
