/// One factor of a model term: a column, a categorical coding of a column, or a numeric
/// transformation.
public enum Factor: Hashable, Sendable {
    /// A column as it is: numeric columns enter as numbers, string and boolean columns as
    /// categorical with treatment contrasts (named like patsy: `sector[T.Food]`).
    case variable(String)
    /// `C(column)` or `C(column, ref="level")`: the column as categorical; `spelling` is the
    /// name used for its design columns, e.g. `C(sector)`.
    case categorical(column: String, reference: String?, spelling: String)
    /// A numeric transformation: `log(x)`, `I(x^2)`, …; `name` is its canonical text.
    case transformed(Expression, name: String)

    /// The name used in column names.
    public var name: String {
        switch self {
        case .variable(let column): return column
        case .categorical(_, _, let spelling): return spelling
        case .transformed(_, let name): return name
        }
    }

    /// Columns of the data the factor reads.
    public var columns: [String] {
        switch self {
        case .variable(let column), .categorical(let column, _, _): return [column]
        case .transformed(let expression, _): return expression.columns
        }
    }

    public static func == (lhs: Factor, rhs: Factor) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// A term: an interaction of factors (order kept for naming; compared as a set). The empty
/// term is the intercept.
public struct Term: Hashable, Sendable {
    /// The factors in order of first appearance.
    public let factors: [Factor]
    /// The factor names sorted: the term's identity. Stored so that comparing and hashing terms
    /// allocate nothing (building a `Set` per comparison made the fuzzed parser 10× slower on
    /// formulas that expand to thousands of terms).
    private let key: [String]

    /// A term from factors (duplicates removed).
    public init(_ factors: [Factor]) {
        var unique = [Factor]()
        for factor in factors where !unique.contains(factor) { unique.append(factor) }
        self.factors = unique
        key = unique.map(\.name).sorted()
    }

    /// `a:b` names; `Intercept` for the empty term.
    public var name: String { factors.isEmpty ? "Intercept" : factors.map(\.name).joined(separator: ":") }

    public static func == (lhs: Term, rhs: Term) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
}

/// A grouped binomial response, R's `cbind(successes, failures)`: per row the number of successes
/// and of failures out of successes + failures trials, each a column or an arithmetic expression
/// (`cbind(s, n - s)`). The model is fitted to the proportion s/(s + f) with prior weights s + f
/// (R's `glm`), which is the likelihood of the trials taken one by one.
public struct GroupedResponse: Sendable, Equatable {
    /// The successes.
    public let successes: Expression
    /// The failures.
    public let failures: Expression

    /// The response's name in output: `cbind(s, f)`.
    public var name: String { "cbind(" + successes.text + ", " + failures.text + ")" }
    /// Columns the two counts read, in order of first appearance.
    public var columns: [String] {
        var result = successes.columns
        for column in failures.columns where !result.contains(column) { result.append(column) }
        return result
    }
}

/// A parsed model formula in Wilkinson–Rogers notation, as R, patsy and statsmodels write it:
/// `y ~ x1 + x2`, `- 1` / `+ 0`, `C(g)`, `C(g, ref="Food")`, `a:b`, `a*b`, `(a + b)^2`,
/// `log`, `log1p`, `exp`, `sqrt`, `I(...)`; a grouped binomial response `cbind(successes, failures) ~ …`;
/// absorbed factors after `|` (fixest's `y ~ x | g + h`).
public struct Formula: Sendable, Equatable {
    /// The formula as written.
    public let text: String
    /// The response column, if the formula has one (for a grouped response its name,
    /// `cbind(s, f)`).
    public let response: String?
    /// The grouped binomial response `cbind(successes, failures)`, if the formula has one.
    public let groupedResponse: GroupedResponse?
    /// The right-hand-side terms, in the order written (before patsy's reordering), without
    /// the intercept.
    public let terms: [Term]
    /// Whether the model has an intercept (never with absorbed factors: their levels take its place).
    public let hasIntercept: Bool
    /// Factors absorbed with fixest's notation, `y ~ x1 + x2 | g + h`: columns whose levels enter
    /// the linear predictor without their coefficients being estimated or reported (empty
    /// otherwise; `C(g)` reports every level).
    public let absorbed: [String]

    /// Parses a formula.
    /// - Throws: `FormulaError.syntax` or `.unknownFunction`, with the position of the problem.
    public init(_ text: String) throws {
        var parser = FormulaParser(text: text, tokens: try FormulaLexer.tokenize(text))
        let parsed = try parser.parseFormula()
        self.text = text
        self.response = parsed.response
        self.groupedResponse = parsed.grouped
        // Additions and removals in order (`TermList.addedTerms`); the last intercept marker wins.
        terms = parsed.rhs.addedTerms
        absorbed = parsed.absorbed
        hasIntercept = absorbed.isEmpty ? parsed.rhs.interceptMarker ?? true : false
    }
}
