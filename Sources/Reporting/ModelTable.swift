import Distributions
import Estimation
import Tables
import Inference
import Modeling

/// What a model table shows in its cells.
public enum ModelTableContent: String, Sendable, CaseIterable {
    /// Coefficients (log odds for the logit).
    case coefficients
    /// exp(β) of logit models.
    case oddsRatios = "odds-ratios"
    /// Average marginal effects on the probability.
    case ame
}

/// What goes in parentheses under each estimate.
public enum ModelTableUncertainty: String, Sendable, CaseIterable {
    /// Standard errors.
    case standardErrors
    /// Confidence intervals at each model's level.
    case confidenceIntervals
}

/// Several fitted models side by side, one column each, as Stata's `esttab`, R's `modelsummary` and
/// statsmodels' `summary_col`: estimates with standard errors or intervals in parentheses, optional
/// significance stars, and N, events, log-likelihood, pseudo-R², AIC and the covariance below.
/// Rendered as text, Markdown, LaTeX (booktabs), CSV or JSON.
public struct ModelTable: Renderable {
    /// One model's column.
    public struct Column: Sendable {
        /// The heading, e.g. `probit`.
        public let title: String
        /// The fitted model.
        public let model: BinaryRegressionModel
        /// Its average marginal effects (for `.ame` tables).
        public let marginalEffects: [MarginalEffect]
        /// The whole-model test the column shows: for Firth's logit the penalized likelihood
        /// ratio (R `logistf`), otherwise the fit's likelihood ratio.
        public let modelTest: TestResult?

        /// A column; the title defaults to the model kind. For Firth's logit the penalized
        /// whole-model test is computed here (`BinaryRegressionModel.penalizedModelTest`; nil where
        /// its restricted fit does not converge, and the table then shows none).
        public init(title: String? = nil, model: BinaryRegressionModel, marginalEffects: [MarginalEffect] = []) {
            self.title = title ?? model.model.rawValue
            self.model = model
            self.marginalEffects = marginalEffects
            let fit = model.fit
            modelTest = model.model == .firth ? (try? model.penalizedModelTest()) ?? nil
                : fit.lrStatistic.isNaN ? nil : TestResult(statistic: fit.lrStatistic, degreesOfFreedom: fit.lrDegreesOfFreedom, pValue: fit.lrPValue)
        }
    }

    /// One estimate of one model: a row of the one estimate table (`Estimate`: a coefficient, an
    /// odds ratio or an AME, with its standard error, statistic, p-value and interval).
    public typealias Cell = Estimate

    /// One row: a term and each model's cell (`nil`: not in that model, or aliased).
    public struct Row: Sendable, Equatable {
        /// Term name.
        public let term: String
        /// Cells, one per column.
        public let cells: [Cell?]
    }

    /// The columns.
    public let columns: [Column]
    /// What the cells show.
    public let content: ModelTableContent
    /// What the parentheses show.
    public let uncertainty: ModelTableUncertainty
    /// Whether estimates carry significance stars (* p < 0.05, ** p < 0.01, *** p < 0.001).
    public let stars: Bool
    /// The rows, terms in order of first appearance.
    public let rows: [Row]
    /// Variable labels shown for the terms in text, Markdown and LaTeX (`reshore fit --labels`).
    public var labels: TermLabels = .none
    /// Decimals of every estimate, standard error, interval and statistic in text, Markdown and
    /// LaTeX (fixed, as journals print them; `reshore fit --digits`); CSV and JSON keep full
    /// precision. Clamped to 0…10.
    public var digits: Int = 3

    /// The cell of a separated term: estimate ±∞ (as the coefficient's sign says), nothing else.
    static func separatedCell(_ term: String, _ estimate: Double, _ table: CoefficientTable) -> Cell {
        Estimate(term: term, estimate: estimate, standardError: .nan, statistic: .nan, pValue: .nan, lower: .nan, upper: .nan,
                 distribution: table.distribution, level: table.level)
    }

    /// A table of `columns`.
    /// - Throws: `ModelingError.oddsRatiosNeedLogit` for an odds-ratio table with a non-logit
    ///   model; `ModelingError.outOfRange` for no columns (a table of nothing).
    public init(columns: [Column], content: ModelTableContent = .coefficients,
                uncertainty: ModelTableUncertainty = .standardErrors, stars: Bool = true) throws {
        guard !columns.isEmpty else {
            throw ModelingError.outOfRange(parameter: .columns, value: "[]", allowed: "at least one model column")
        }
        self.columns = columns
        self.content = content
        self.uncertainty = uncertainty
        self.stars = stars
        var cellsByColumn = [[String: Cell]]()
        var order = [String]()
        for column in columns {
            var cells = [String: Cell]()
            switch content {
            case .coefficients:
                let separated = column.model.fit.separatedTerms, table = column.model.table
                for case let row? in table.estimateRows {
                    if let sign = separated[row.term] {
                        cells[row.term] = Self.separatedCell(row.term, sign * .infinity, table)
                        continue
                    }
                    cells[row.term] = row
                }
                order += column.model.coefficients.map(\.term)
            case .oddsRatios:
                let separated = column.model.fit.separatedTerms
                for ratio in try column.model.oddsRatios() {
                    if let sign = separated[ratio.term] {
                        cells[ratio.term] = Self.separatedCell(ratio.term, sign * .infinity, column.model.table)
                        continue
                    }
                    cells[ratio.term] = ratio.estimateRow
                }
                order += column.model.coefficients.map(\.term)
            case .ame:
                for effect in column.marginalEffects {
                    cells[effect.term] = effect.estimateRow
                }
                order += column.marginalEffects.map(\.term)
            }
            cellsByColumn.append(cells)
        }
        var seen = Set<String>()
        let terms = order.filter { seen.insert($0).inserted }
        rows = terms.map { term in Row(term: term, cells: cellsByColumn.map { $0[term] }) }
    }

    /// Stars for a p-value.
    func stars(_ p: Double) -> String {
        guard stars else { return "" }
        return p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : ""
    }

    /// A number of the table at its fixed decimals.
    func fixed(_ value: Double) -> String { Formatting.fixed(value, digits: digits) }

    /// The estimate with its stars.
    func estimateText(_ cell: Cell) -> String {
        if cell.estimate.isInfinite { return Formatting.separated(cell.estimate) }   // odds ratio: 0 or ∞ shown the same way
        return fixed(cell.estimate) + stars(cell.pValue)
    }

    /// The parenthesised line under an estimate.
    func uncertaintyText(_ cell: Cell) -> String {
        if cell.estimate.isInfinite { return "" }
        switch uncertainty {
        case .standardErrors: return "(" + fixed(cell.standardError) + ")"
        case .confidenceIntervals: return "[" + fixed(cell.lower) + ", " + fixed(cell.upper) + "]"
        }
    }

    /// The statistics below the estimates: label and one text per column (the covariance is a
    /// note under the table, `covarianceNote`).
    var statistics: [(label: String, values: [String])] {
        let fits = columns.map(\.model.fit)
        let trials = columns.map(\.model.trialCount)
        return [
            ("N", fits.map { Formatting.number($0.observationCount) }),
            trials.contains { $0 != nil } ? ("Trials", trials.map { $0.map(Formatting.number) ?? "" }) : nil,
            ("Events", fits.map { Formatting.number($0.events) }),
            // min(events, non-events) per estimated coefficient: the rare-events rule of thumb (≥ 10).
            ("Events per parameter", zip(fits, trials).map { fit, trials in
                let k = Double(max(1, fit.coefficients.filter { !$0.isAliased }.count))
                return Formatting.fixed(min(fit.events, (trials ?? fit.observationCount) - fit.events) / k, digits: 1)
            }),
            ("Log-likelihood", fits.map { fixed($0.logLikelihood) }),
            ("LR χ² (df)", columns.map(modelTestText)),
            ("Pseudo R² (McFadden)", fits.map { ($0.model == .lpm ? "R² " : "") + fixed($0.pseudoRSquared.mcFadden) }),
            ("AIC", fits.map { fixed($0.aic) }),
        ].compactMap { $0 }
    }

    /// A column's whole-model test: `97.330 (3)`, `97.322 (3) pen.` for Firth's penalized one.
    func modelTestText(_ column: Column) -> String {
        guard let test = column.modelTest else { return "" }
        let penalized = column.model.model == .firth ? " pen." : ""
        return fixed(test.statistic) + " (\(test.degreesOfFreedom))" + penalized
    }

    /// What the table's cells and parentheses mean, and the star thresholds.
    var legend: String {
        let what = content == .coefficients ? "Coefficients" : content == .oddsRatios ? "Odds ratios exp(β), stars from the tests of β"
            : "Average marginal effects on the probability"
        let delta = content == .coefficients ? "" : "delta-method "
        let parentheses = uncertainty == .standardErrors ? "\(delta)standard errors in parentheses" : "confidence intervals in brackets"
        let firth = columns.contains { $0.model.model == .firth }
            ? " Firth's logit: Wald standard errors and stars of the penalized fit; its LR χ² (pen.) is the penalized likelihood ratio of the whole model (R logistf)." : ""
        return what + "; " + parentheses + (stars ? "; * p < 0.05, ** p < 0.01, *** p < 0.001" : "") + "." + firth
    }

    /// Where the standard errors come from, one short sentence under the table: `Standard errors:
    /// observed information.`, or per column where they differ (`Standard errors: logit HC1;
    /// probit observed information.`).
    var covarianceNote: String {
        let labels = columns.map(\.model.fit.covarianceLabel)
        let what = uncertainty == .standardErrors ? "Standard errors" : "Intervals (Wald)"
        if Set(labels).count == 1, let label = labels.first { return "\(what): \(label)." }
        return "\(what): " + zip(columns, labels).map { "\($0.title) \($1)" }.joined(separator: "; ") + "."
    }

    /// Each model's diagnostics, prefixed with its title.
    var notes: [String] {
        columns.flatMap { column in column.model.diagnostics.map { "\(column.title): \($0.message)" } }
    }
}
