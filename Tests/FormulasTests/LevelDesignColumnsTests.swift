import Testing
import Tables
import Formulas

/// `ModelFrame.levelDesignColumns` (issue 16: every level's changed columns at once, for the AMEs
/// of a many-level factor) against the counterfactual design built one level at a time.
struct LevelDesignColumnsTests {
    static func table() throws -> DataTable {
        var lines = ["y,x,g,h"]
        for i in 0..<60 { lines.append("\(i % 2),\(Double(i) / 10),\(["a", "b", "c", "d"][i % 4]),\(["u", "v"][(i / 4) % 2])") }
        return try CSVReader.read(text: lines.joined(separator: "\n"))
    }

    /// The columns `designColumns(overrides(...))` changes, with their (constant) values.
    static func oneAtATime(_ frame: ModelFrame, _ variable: String, _ value: String) throws -> [(Int, Double)] {
        try frame.designColumns(frame.overrides([variable: value])).map { column, values in
            #expect(Set(values).count == 1, "column \(column) is constant under the setting")
            return (column, values[0])
        }
    }

    @Test(arguments: ["y ~ x + C(g)", "y ~ x + C(g, Treatment(\"c\"))", "y ~ C(g) + C(h) + C(g):C(h)", "y ~ 0 + C(g)"])
    func everyLevelsColumnsAreTheOneAtATimeColumns(_ formula: String) throws {
        let frame = try ModelFrame(formula: formula, data: Self.table())
        let values = ["a", "b", "c", "d", "b"]
        if formula.contains("C(g):C(h)") {
            // The interaction also depends on h, which the setting leaves free.
            #expect(try frame.levelDesignColumns("g", values: values) == nil)
            return
        }
        let batched = try #require(try frame.levelDesignColumns("g", values: values))
        for (index, value) in values.enumerated() {
            let expected = try Self.oneAtATime(frame, "g", value)
            #expect(batched.changed == expected.map(\.0), "\(formula) \(value)")
            #expect(batched.ones[index] == expected.filter { $0.1 == 1 }.map(\.0), "\(formula) \(value)")
            #expect(expected.allSatisfy { $0.1 == 0 || $0.1 == 1 })
        }
    }

    @Test func aNumericInteractionIsNotConstant() throws {
        let frame = try ModelFrame(formula: "y ~ x + C(g) + x:C(g)", data: Self.table())
        #expect(try frame.levelDesignColumns("g", values: ["a", "b"]) == nil)
    }

    @Test func anUnknownLevelIsTheOverridesError() throws {
        let frame = try ModelFrame(formula: "y ~ x + C(g)", data: Self.table())
        #expect(throws: CounterfactualError.unknownLevel(variable: "g", level: "z", levels: ["a", "b", "c", "d"])) {
            try frame.levelDesignColumns("g", values: ["a", "z"])
        }
        #expect(throws: CounterfactualError.self) { try frame.levelDesignColumns("x", values: ["1"]) }
    }
}
