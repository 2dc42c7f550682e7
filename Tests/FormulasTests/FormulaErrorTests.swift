import Testing
import Tables
@testable import Formulas

struct FormulaSyntaxTests {
    @Test func parsesTermsAndIntercept() throws {
        let formula = try Formula("y ~ a*b - 1")
        #expect(formula.response == "y")
        #expect(!formula.hasIntercept)
        #expect(formula.terms.map(\.name) == ["a", "b", "a:b"])
        #expect(try Formula("y ~ (a + b + c)^2").terms.map(\.name) == ["a", "b", "c", "a:b", "a:c", "b:c"])
        #expect(try Formula("y ~ -1 + x").hasIntercept == false)
        #expect(try Formula("y ~ x + 0").hasIntercept == false)
        #expect(try Formula("y ~ `firm size` + x").terms.map(\.name) == ["firm size", "x"])
    }

    @Test(arguments: [
        ("y ~ x1 +", 8, "expected a term but the formula ends here"),
        ("y ~ (x1 + x2", 12, "unbalanced parentheses: missing ')'"),
        ("y ~ x1 + x2)", 11, "unbalanced parentheses: ')' without a matching '('"),
        ("y ~ x1 + 3", 9, "the number 3 cannot be a term"),
        ("y x1", 2, "expected '~' after the response 'y'"),
        ("y ~ x1 $ x2", 7, "unexpected character '$'"),
        ("y ~ I(x1 +)", 10, "expected a number, a column or '(' in the expression"),
        ("y ~ C(g, level=\"a\")", 9, "C() accepts ref="),
        // Fuzz finding (FuzzFormula, 2026-11-25): "~``" parsed to a term with an empty name.
        ("y ~ x + ``", 8, "empty column name between backticks"),
    ])
    func syntaxErrorsPointAtThePosition(_ formula: String, _ position: Int, _ message: String) {
        do {
            _ = try Formula(formula)
            Issue.record("no error for \(formula)")
        } catch let FormulaError.syntax(text, errorPosition, errorMessage) {
            #expect(text == formula)
            #expect(errorPosition == position, "\(formula): \(errorMessage)")
            #expect(errorMessage.contains(message), "\(errorMessage)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    /// Fuzz findings (FuzzFormula, 2026-11-25): `(a + b + c)^382` took seconds (the term list
    /// grew with every order), `(a)^1e300` trapped converting the exponent to Int, and crossing
    /// many variables (`a1*a2*…*a30`, 2³⁰ − 1 terms) hung the parser. Orders stop at the number
    /// of distinct terms, and expansions beyond 1,000 terms are a syntax error at the operator.
    @Test func hugePowersAndExplodingInteractionsAreBoundedNotHangsOrTraps() throws {
        #expect(try Formula("y ~ (a + b + c)^382").terms.map(\.name) == ["a", "b", "c", "a:b", "a:c", "b:c", "a:b:c"])
        #expect(try Formula("y ~ (a)^1e300").terms.map(\.name) == ["a"])
        #expect(try Formula("y ~ (a + b)**99999999999999999999").terms.count == 3)
        let crossed = "y ~ " + (1...30).map { "a\($0)" }.joined(separator: "*")
        do {
            _ = try Formula(crossed)
            Issue.record("no error for 30 crossed variables")
        } catch let FormulaError.syntax(_, position, message) {
            #expect(message == "the formula expands to more than 1000 terms; use fewer interactions")
            #expect(crossed[crossed.index(crossed.startIndex, offsetBy: position)] == "*")
        }
        let wide = "y ~ (" + (1...40).map { "x\($0)" }.joined(separator: " + ") + ")^40"
        #expect(throws: FormulaError.self) { try Formula(wide) }
        #expect(try Formula("y ~ " + (1...9).map { "a\($0)" }.joined(separator: "*")).terms.count == 511)
        // Re-crossing hundreds of terms at every step of a long chain exhausts the product budget.
        let rechained = "y ~ " + (1...9).map { "a\($0)" }.joined(separator: "*") + String(repeating: "*a1", count: 100)
        do {
            _ = try Formula(rechained)
            Issue.record("no error for a re-crossed chain")
        } catch let FormulaError.syntax(_, _, message) {
            #expect(message == "the formula's interactions need more than 20000 products of terms; use fewer interactions")
        }
    }

    /// Fuzz finding (FuzzFormula, 2026-11-25): nesting and arithmetic chains were unbounded, and
    /// the parser and the expression trees recurse, so a long enough formula overflowed the stack.
    @Test func deepNestingAndLongArithmeticAreSyntaxErrorsNotStackOverflows() throws {
        let nested = "y ~ " + String(repeating: "(", count: 100_000) + "x" + String(repeating: ")", count: 100_000)
        let signs = "y ~ I(" + String(repeating: "-", count: 100_000) + "x)"
        let chain = "y ~ I(" + Array(repeating: "x", count: 50_000).joined(separator: " + ") + ")"
        for (formula, message) in [(nested, "more than 64 levels deep"), (signs, "more than 64 levels deep"),
                                   (chain, "more than 1000 parts")] {
            do {
                _ = try Formula(formula)
                Issue.record("no error for a formula of \(formula.count) characters")
            } catch let FormulaError.syntax(_, _, errorMessage) {
                #expect(errorMessage.contains(message), "\(errorMessage)")
            }
        }
        #expect(try Formula("y ~ " + String(repeating: "(", count: 30) + "x" + String(repeating: ")", count: 30)).terms.map(\.name) == ["x"])
        #expect(try Formula("y ~ I(" + Array(repeating: "x", count: 200).joined(separator: " * ") + ")").terms.count == 1)
    }

    /// Fuzz finding (FuzzFormula timeout, 2026-11-25): a product chain with repeated factors and
    /// intercept markers (`x*0*x*0*…`) re-appended its operands at every step, so the term list
    /// grew quadratically; a 600-character formula took more than 10 s. Lists are now compacted.
    @Test func longProductChainsWithRepeatsParseInLinearTime() throws {
        let chain = "y ~ " + Array(repeating: "x0*0*a*0*0*qx", count: 300).joined(separator: "*")
        let start = ContinuousClock.now
        let formula = try Formula(chain)
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(formula.terms.map(\.name) == ["x0", "a", "x0:a", "qx", "x0:qx", "a:qx", "x0:a:qx"])
        #expect(!formula.hasIntercept)
        // Compaction keeps what matters: removals, and the last intercept marker.
        #expect(try Formula("y ~ a*b - a:b + 0 + 1").terms.map(\.name) == ["a", "b"])
        #expect(try Formula("y ~ a*b - a:b + 0 + 1").hasIntercept)
        let removed = try Formula("y ~ (a + b - a)*c").terms.map(\.name)
        #expect(removed == ["b", "c", "b:c"], "\(removed)")
    }

    @Test func caretIsUnderTheProblem() {
        let message = FormulaError.syntax(formula: "y ~ (x1 + x2", position: 12, message: "unbalanced parentheses: missing ')'").description
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        #expect(lines[1] == "  y ~ (x1 + x2")
        #expect(lines[2] == "  " + String(repeating: " ", count: 12) + "^")
    }

    @Test func unknownFunction() {
        #expect(throws: FormulaError.unknownFunction(formula: "y ~ foo(x1)", position: 4, name: "foo")) {
            try Formula("y ~ foo(x1)")
        }
        #expect(throws: FormulaError.unknownFunction(formula: "y ~ I(cos(x1))", position: 6, name: "cos")) {
            try Formula("y ~ I(cos(x1))")
        }
    }
}

struct ModelFrameTests {
    static func table() throws -> DataTable {
        try DataTable(columns: [
            Column(name: "y", numeric: [0, 1, 1, 0, 1, 0]),
            Column(name: "x", numeric: [1, 2, .nan, 4, 5, 6]),
            Column(name: "employees", numeric: [10, 0, 30, 40, 50, 60]),
            Column(name: "sector", strings: ["Food", "Food", "Metal", nil, "Metal", "Food"]),
            Column(name: "cluster", numeric: [11, 12, 13, 14, 15, 16]),
            Column(name: "outcome", strings: ["no", "yes", "yes", "no", "no", "yes"]),
            Column(name: "count", numeric: [0, 1, 2, 3, 1, 0]),
            Column(name: "done", booleans: [true, false, true, false, true, true]),
        ])
    }

    @Test func listwiseDeletionReportsColumnsAndKeepsAuxiliaryAligned() throws {
        let frame = try ModelFrame(formula: "y ~ x + C(sector)", data: Self.table(), auxiliaryColumns: ["cluster"])
        #expect(frame.rowIndices == [0, 1, 4, 5])
        #expect(frame.droppedRows == [DroppedRows(column: "x", count: 1), DroppedRows(column: "sector", count: 1)])
        #expect(frame.droppedRowCount == 2)
        // statsmodels #1220: cluster ids must follow the rows kept, not the first n rows.
        #expect(frame.auxiliary["cluster"]?.numericValues == [11, 12, 15, 16])
        #expect(frame.response == [0, 1, 1, 0])
        #expect(frame.terms.map(\.name) == ["Intercept", "C(sector)", "x"])
        #expect(frame.terms[1].columns == 1..<2)
    }

    @Test func unknownColumnSuggestsTheClosestName() throws {
        #expect(throws: FormulaError.unknownColumn(name: "sectr", suggestion: "sector", available: try Self.table().columnNames)) {
            try ModelFrame(formula: "y ~ sectr", data: Self.table())
        }
    }

    @Test func nonFiniteTransformNamesTermAndRow() throws {
        #expect(throws: FormulaError.nonFiniteValue(term: "log(employees)", row: 1, input: "employees = 0")) {
            try ModelFrame(formula: "y ~ log(employees)", data: Self.table())
        }
        #expect(try ModelFrame(formula: "y ~ log1p(employees)", data: Self.table()).design.isFinite)
    }

    /// Issue 35: on large data the columns are scanned for non-finite values side by side; the
    /// error still names the first term in the formula's order, at its first such row.
    @Test func nonFiniteValuesOnLargeDataNameTheFirstTerm() throws {
        let n = 600_000
        var a = (0..<n).map { Double($0 % 17) }, b = (0..<n).map { Double($0 % 13) }
        a[500_000] = .infinity
        b[400_000] = -.infinity
        b[450_000] = .infinity
        var table = DataTable()
        try table.addColumn(Column(name: "y", numeric: (0..<n).map { Double($0 % 2) }))
        try table.addColumn(Column(name: "a", numeric: a))
        try table.addColumn(Column(name: "b", numeric: b))
        #expect(throws: FormulaError.nonFiniteValue(term: "a", row: 500_000, input: "a = inf")) {
            try ModelFrame(formula: "y ~ a + b", data: table)
        }
        #expect(throws: FormulaError.nonFiniteValue(term: "b", row: 400_000, input: "b = -inf")) {
            try ModelFrame(formula: "y ~ b + a", data: table)
        }
    }

    @Test func arithmeticOnACategoricalColumn() throws {
        #expect(throws: FormulaError.categoricalInArithmetic(term: "I(sector * 2)", column: "sector")) {
            try ModelFrame(formula: "y ~ I(sector * 2)", data: Self.table())
        }
    }

    @Test func factorWithOneLevelAfterDeletion() throws {
        // Dropping rows with missing x leaves only "Food" where employees > 0 … build such a case:
        let data = try DataTable(columns: [
            Column(name: "y", numeric: [0, 1, 0]),
            Column(name: "x", numeric: [1, .nan, 3]),
            Column(name: "g", strings: ["a", "b", "a"]),
        ])
        #expect(throws: FormulaError.singleLevelFactor(column: "g", levels: ["a"], droppedRows: 1)) {
            try ModelFrame(formula: "y ~ x + g", data: data)
        }
        let message = FormulaError.singleLevelFactor(column: "g", levels: ["a"], droppedRows: 1).description
        #expect(message.contains("after dropping 1 row with") && message.contains("at least 2"))
    }

    @Test func unknownReferenceLevel() throws {
        #expect(throws: FormulaError.unknownReferenceLevel(column: "sector", level: "Textiles", levels: ["Food", "Metal"])) {
            try ModelFrame(formula: "y ~ C(sector, ref=\"Textiles\")", data: Self.table())
        }
        let frame = try ModelFrame(formula: "y ~ C(sector, ref=\"Metal\")", data: Self.table())
        #expect(frame.columnNames == ["Intercept", "C(sector, ref=\"Metal\")[T.Food]"])
    }

    @Test func binaryOutcomes() throws {
        let data = try Self.table()
        let factor = try ModelFrame(formula: "outcome ~ employees", data: data, response: .binary(eventLevel: nil))
        #expect(factor.eventLevel == "yes")
        #expect(factor.response == [0, 1, 1, 0, 0, 1])
        let flipped = try ModelFrame(formula: "outcome ~ employees", data: data, response: .binary(eventLevel: "no"))
        #expect(flipped.response == [1, 0, 0, 1, 1, 0])
        let boolean = try ModelFrame(formula: "done ~ employees", data: data, response: .binary(eventLevel: nil))
        #expect(boolean.response == [1, 0, 1, 0, 1, 1])
        #expect(throws: FormulaError.nonBinaryOutcome(column: "count", offendingValues: ["2", "3"], offendingRows: 2)) {
            try ModelFrame(formula: "count ~ employees", data: data, response: .binary(eventLevel: nil))
        }
        #expect(throws: FormulaError.unknownEventLevel(column: "sector", level: "Textiles", levels: ["Food", "Metal"])) {
            try ModelFrame(formula: "sector ~ employees", data: data, response: .binary(eventLevel: "Textiles"))
        }
        let threeLevels = try DataTable(columns: [Column(name: "g", strings: ["a", "b", "c"]), Column(name: "x", numeric: [1, 2, 3])])
        #expect(throws: FormulaError.nonBinaryOutcome(column: "g", offendingValues: ["a", "b", "c"], offendingRows: 0)) {
            try ModelFrame(formula: "g ~ x", data: threeLevels, response: .binary(eventLevel: nil))
        }
        #expect(FormulaError.nonBinaryOutcome(column: "g", offendingValues: ["a", "b", "c"], offendingRows: 0).description
                    .contains("has 3 levels (a, b, c)"))
        #expect(FormulaError.nonBinaryOutcome(column: "count", offendingValues: ["2", "3"], offendingRows: 2).description
                    .contains("2 rows hold other values: 2, 3"))
        #expect(throws: FormulaError.unknownEventLevel(column: "outcome", level: "maybe", levels: ["no", "yes"])) {
            try ModelFrame(formula: "outcome ~ employees", data: data, response: .binary(eventLevel: "maybe"))
        }
    }

    @Test func noCompleteRowsAndMissingResponse() throws {
        let data = try DataTable(columns: [Column(name: "y", numeric: [.nan, 1]), Column(name: "x", numeric: [1, .nan])])
        #expect(throws: FormulaError.noCompleteRows(droppedBecause: ["y": 1, "x": 1])) {
            try ModelFrame(formula: "y ~ x", data: data)
        }
        #expect(throws: FormulaError.missingResponse(formula: "~ x")) { try ModelFrame(formula: "~ x", data: data) }
    }

    /// Bug: an unknown column in a 100,000-column table listed every column in the message.
    /// It also caught DataTable's quadratic duplicate-name check (305 s for these columns in a debug build).
    @Test func unknownColumnMessageListsAtMostTwentyColumns() throws {
        let data = try DataTable(columns: (0..<100_000).map { Column(name: "c\($0)", numeric: [1, 0]) })
        do {
            _ = try ModelFrame(formula: "y ~ x", data: data)
            Issue.record("the formula names columns that do not exist")
        } catch let error as FormulaError {
            #expect(error.description.count < 400)
            #expect(error.description.contains("c19, … and 99980 more"))
        }
    }
}
