import Tables
import LinearAlgebra

/// Factor values with some variables fixed (see `ModelFrame.overrides(_:)`).
public struct CounterfactualSettings: Sendable {
    let factors: [Factor: EvaluatedFactor]
    let inputs: [String: [Double]]
}

/// How a right-hand-side variable enters the model, for marginal effects.
public enum VariableKind: Sendable, Equatable {
    /// A numeric variable with more than two values: derivative dμ/dx.
    case continuous
    /// A numeric variable taking only 0 and 1: discrete change from 0 to 1.
    case binary
    /// A categorical variable: discrete change from the reference to each other level.
    case categorical(reference: String, levels: [String])
}

/// Errors in counterfactual designs.
public enum CounterfactualError: Error, Equatable, Sendable, ParameterNamingError {
    /// The variable is not on the right-hand side.
    case notInModel(variable: String, available: [String])
    /// A level that the variable does not have among the rows used.
    case unknownLevel(variable: String, level: String, levels: [String])
    /// A numeric value for a categorical variable or the reverse.
    case wrongKind(variable: String, expected: String)
    /// Average predictions over a continuous variable with many values need the values.
    case needsExplicitValues(variable: String, distinct: Int)

    /// The message with parameters named by `naming` (`ParameterNames`).
    public func description(naming: ParameterNames) -> String {
        switch self {
        case .needsExplicitValues(let variable, let distinct):
            let example = naming.style == .commandLine ? "--predict \(variable)=1,2" : "averagePredictions(\"\(variable)\", values: [\"1\", \"2\"])"
            return "'\(variable)' needs explicit values (it has \(distinct) distinct values), e.g. \(example)"
        case .notInModel(let variable, let available):
            return "'\(variable)' is not a variable of the model; variables: \(MessageText.list(available))"
        case .unknownLevel(let variable, let level, let levels):
            return "'\(level)' is not a level of '\(variable)' among the rows used; levels: \(MessageText.list(levels))"
        case .wrongKind(let variable, let expected):
            return "'\(variable)' needs \(expected)"
        }
    }
}

/// The design evaluated under changed data, for marginal effects and predictions. Only the columns
/// that depend on the changed variable are recomputed (memory O(n) per column).
extension ModelFrame {
    /// Data columns used on the right-hand side, in order of first appearance.
    public var variables: [String] {
        var result = [String]()
        for term in formula.terms { for factor in term.factors { for column in factor.columns where !result.contains(column) { result.append(column) } } }
        return result
    }

    /// How `variable` enters: continuous, binary (numeric 0/1) or categorical.
    public func kind(of variable: String) throws -> VariableKind {
        guard variables.contains(variable) else { throw CounterfactualError.notInModel(variable: variable, available: variables) }
        for (factor, value) in evaluated where factor.columns == [variable] {
            if case .categorical(_, let labels) = value, isCategoricalFactor(factor) {
                return .categorical(reference: labels[0], levels: Array(labels.dropFirst()))
            }
        }
        let values = numericInputs[variable] ?? []
        return values.allSatisfy({ $0 == 0 || $0 == 1 }) && Set(values).count == 2 ? .binary : .continuous
    }

    private func isCategoricalFactor(_ factor: Factor) -> Bool {
        if case .transformed = factor { return false }
        if case .categorical = evaluated[factor] { return true }
        return false
    }

    /// A numeric input variable's values over the rows used (empty if it is not numeric).
    public func numericInputValues(_ variable: String) -> [Double] { numericInputs[variable] ?? [] }

    /// Mean of a numeric input variable over the rows used (`nan` if it is not numeric).
    public func numericInputMean(_ variable: String, weights: [Double]? = nil) -> Double {
        guard let values = numericInputs[variable], !values.isEmpty else { return .nan }
        guard let weights, weights.count == values.count else { return values.reduce(0, +) / Double(values.count) }
        let total = weights.reduce(0, +)
        return total > 0 ? zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 } / total : .nan
    }

    /// For each categorical factor of `variable`: its code for `level` and its labels.
    func levelCodes(_ variable: String, _ level: String) throws -> [(Factor, Int, [String])] {
        guard case .categorical(let reference, let levels) = try kind(of: variable) else {
            throw CounterfactualError.wrongKind(variable: variable, expected: "a number, not a level")
        }
        return try evaluated.keys.filter { $0.columns == [variable] }.map { factor in
            guard case .categorical(_, let labels) = evaluated[factor] ?? .numeric([]), let code = labels.firstIndex(of: level) else {
                throw CounterfactualError.unknownLevel(variable: variable, level: level, levels: [reference] + levels)
            }
            return (factor, code, labels)
        }
    }

    /// Factor values with some variables fixed in every row: numbers for numeric variables,
    /// levels (as text) for categorical ones. The basis of Stata's `at(...)`.
    public func overrides(_ settings: [String: String]) throws -> CounterfactualSettings {
        var inputs = numericInputs
        var result = [Factor: EvaluatedFactor]()
        let n = rowIndices.count
        for (variable, value) in settings {
            switch try kind(of: variable) {
            case .categorical:
                for (factor, code, labels) in try levelCodes(variable, value) {
                    result[factor] = .categorical(codes: [Int](repeating: code, count: n), labels: labels)
                }
            case .continuous, .binary:
                guard let number = Double(value), number.isFinite else {
                    throw CounterfactualError.wrongKind(variable: variable, expected: "a finite number, e.g. \(variable)=1 (not '\(value)')")
                }
                inputs[variable] = [Double](repeating: number, count: n)
            }
        }
        // Factors of numeric variables given a number (a categorical coding of a numeric column, e.g.
        // C(race), was set to its level above and must not be overwritten here).
        for factor in evaluated.keys where result[factor] == nil
            && !factor.columns.filter({ settings[$0] != nil && numericInputs[$0] != nil }).isEmpty {
            switch factor {
            case .variable(let name): result[factor] = .numeric(inputs[name] ?? [])
            case .transformed(let expression, _): result[factor] = .numeric(expression.evaluate(inputs, count: n))
            case .categorical(let name, _, _):
                if case .categorical(_, let labels) = evaluated[factor] ?? .numeric([]), let value = inputs[name]?.first {
                    let label = Column.format(value)
                    guard let code = labels.firstIndex(of: label) else {
                        throw CounterfactualError.unknownLevel(variable: name, level: label, levels: labels)
                    }
                    result[factor] = .categorical(codes: [Int](repeating: code, count: n), labels: labels)
                }
            }
        }
        return CounterfactualSettings(factors: result, inputs: inputs)
    }

    /// The design columns that change under `settings`, recomputed.
    public func designColumns(_ settings: CounterfactualSettings) -> [(column: Int, values: [Double])] {
        recompute(settings.factors)
    }

    /// Setting categorical `variable` to each of `values` in every row, where every design column
    /// that changes is a product of indicators of the variable's factors (its main effect, or
    /// interactions among its codings): those columns are then the same in every row. Returns the
    /// changed columns (the same for every value) and, per value, the ones that are 1 (the rest are
    /// 0), without n-vectors and in O(p + values) for all values together, not one `overrides`
    /// and recipe scan per value. `nil` where a
    /// changed column also depends on something the setting leaves free (x:C(g)).
    /// - Throws: `CounterfactualError` when `variable` is not categorical or a value is not a level.
    public func levelDesignColumns(_ variable: String, values: [String]) throws -> (changed: [Int], ones: [[Int]])? {
        guard let first = values.first else { return ([], []) }
        _ = try levelCodes(variable, first)   // a numeric variable or an unknown level: the error
        let factors = try overrides([variable: first]).factors
        var codings = [Factor: (labels: [String], position: [String: Int])]()
        for factor in factors.keys {
            guard case .categorical(_, let labels) = evaluated[factor] ?? .numeric([]) else { return nil }
            var position = [String: Int](minimumCapacity: labels.count)
            for (code, label) in labels.enumerated() where position[label] == nil { position[label] = code }
            codings[factor] = (labels, position)
        }
        var valueIndex = [String: Int](minimumCapacity: values.count)
        for (index, value) in values.enumerated() where valueIndex[value] == nil { valueIndex[value] = index }
        var changed = [Int]()
        var ones = [[Int]](repeating: [], count: values.count)
        for (j, recipe) in recipes.enumerated() {
            let touched = recipe.contains { part in
                switch part {
                case .numeric(let factor), .indicator(let factor, _): return factors[factor] != nil
                }
            }
            guard touched else { continue }
            changed.append(j)
            // The column is 1 for the one value whose code is every part's level (if they agree).
            var label: String?
            var agree = true
            for part in recipe {
                guard case .indicator(let factor, let level) = part, let coding = codings[factor] else { return nil }
                let partLabel = coding.labels[level]
                if let label, label != partLabel { agree = false }
                label = label ?? partLabel
            }
            guard agree, let label, let index = valueIndex[label] else { continue }
            ones[index].append(j)
        }
        // Every value must be a level of every coding: `overrides` throws the error that says so.
        for value in values where !codings.values.allSatisfy({ $0.position[value] != nil }) {
            _ = try overrides([variable: value])
            return nil
        }
        // The same value listed twice gets the same columns.
        for (index, value) in values.enumerated() where valueIndex[value] != index { ones[index] = ones[valueIndex[value] ?? index] }
        return (changed, ones)
    }

    /// `∂X/∂v` for a numeric variable: the design columns that depend on `v` and their derivatives.
    public func designDerivative(_ variable: String, at settings: CounterfactualSettings? = nil) throws -> [(column: Int, values: [Double])] {
        _ = try kind(of: variable)
        let n = rowIndices.count
        let base = settings?.factors ?? [:]
        let inputs = settings?.inputs ?? numericInputs
        var derivatives = [Factor: [Double]]()
        for factor in evaluated.keys where factor.columns.contains(variable) {
            switch factor {
            case .variable(let name) where numericInputs[name] != nil:
                derivatives[factor] = [Double](repeating: 1, count: n)
            case .transformed(let expression, _):
                derivatives[factor] = expression.evaluateWithDerivative(inputs, count: n, variable: variable).derivative
            default:
                continue
            }
        }
        var result = [(column: Int, values: [Double])]()
        for (j, recipe) in recipes.enumerated() {
            var total = [Double](repeating: 0, count: n)
            var depends = false
            for (k, part) in recipe.enumerated() {
                guard case .numeric(let factor) = part, let derivative = derivatives[factor] else { continue }
                depends = true
                var product = derivative
                for (l, other) in recipe.enumerated() where l != k {
                    let values = partValues(other, overrides: base)
                    for i in 0..<n { product[i] *= values[i] }
                }
                for i in 0..<n { total[i] += product[i] }
            }
            if depends { result.append((j, total)) }
        }
        return result
    }

    /// A one-row design at the means (Stata's `atmeans`): numeric variables at their means (and
    /// transformations evaluated there), indicators of factor levels at their proportions. With
    /// `setting`, one variable is fixed (a number, or a level given as its text). With `weights`
    /// (a model's prior weights: frequency or sampling weights, a grouped response's trials) the
    /// means and proportions are weighted, as Stata's `margins, atmeans` after a weighted fit.
    public func meanProfile(_ settings: [String: String] = [:], weights: [Double]? = nil) throws -> [Double] {
        let w = weights.flatMap { $0.count == rowIndices.count ? $0 : nil } ?? [Double](repeating: 1, count: rowIndices.count)
        let n = w.reduce(0, +)
        var means = numericInputs.mapValues { values in [zip(values, w).reduce(0) { $0 + $1.0 * $1.1 } / n] }
        var fixedLevels = [Factor: Int]()
        for (variable, value) in settings {
            switch try kind(of: variable) {
            case .categorical:
                for (factor, code, _) in try levelCodes(variable, value) { fixedLevels[factor] = code }
            default:
                guard let number = Double(value), number.isFinite else {
                    throw CounterfactualError.wrongKind(variable: variable, expected: "finite numbers (not '\(value)')")
                }
                means[variable] = [number]
            }
        }
        return recipes.map { recipe in
            recipe.reduce(1.0) { product, part in
                switch part {
                case .numeric(let factor):
                    switch factor {
                    case .transformed(let expression, _): return product * (expression.evaluate(means, count: 1).first ?? .nan)
                    default: return product * (factor.columns.first.flatMap { means[$0]?.first } ?? .nan)
                    }
                case .indicator(let factor, let level):
                    if let code = fixedLevels[factor] { return product * (code == level ? 1 : 0) }
                    if case .categorical(let name, _, _) = factor, let value = means[name]?.first, settings[name] != nil,
                       case .categorical(_, let labels) = evaluated[factor] ?? .numeric([]) {
                        return product * (labels.firstIndex(of: Column.format(value)) == level ? 1 : 0)
                    }
                    guard case .categorical(let codes, _) = evaluated[factor] ?? .numeric([]) else { return .nan }
                    return product * zip(codes, w).reduce(0) { $0 + ($1.0 == level ? $1.1 : 0) } / n
                }
            }
        }
    }

    func partValues(_ part: ColumnPart, overrides: [Factor: EvaluatedFactor]) -> [Double] {
        switch part {
        case .numeric(let factor):
            if case .numeric(let values) = overrides[factor] ?? evaluated[factor] ?? .numeric([]) { return values }
            return []
        case .indicator(let factor, let level):
            if case .categorical(let codes, _) = overrides[factor] ?? evaluated[factor] ?? .numeric([]) {
                return codes.map { $0 == level ? 1 : 0 }
            }
            return []
        }
    }

    func recompute(_ overrides: [Factor: EvaluatedFactor]) -> [(column: Int, values: [Double])] {
        let n = rowIndices.count
        var result = [(column: Int, values: [Double])]()
        for (j, recipe) in recipes.enumerated() {
            let touched = recipe.contains { part in
                switch part {
                case .numeric(let factor), .indicator(let factor, _): return overrides[factor] != nil
                }
            }
            guard touched else { continue }
            var values = [Double](repeating: 1, count: n)
            for part in recipe {
                let partValues = partValues(part, overrides: overrides)
                for i in 0..<n { values[i] *= partValues[i] }
            }
            result.append((j, values))
        }
        return result
    }
}
