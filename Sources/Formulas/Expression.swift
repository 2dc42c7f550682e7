import RealModule

/// An arithmetic expression inside `I(...)` or a function call: numbers, columns, `+ − * /`,
/// power (`^` or `**`), unary minus, and the functions `log`, `log1p`, `exp`, `sqrt`.
public indirect enum Expression: Sendable, Equatable {
    /// A literal number (with the text it was written as).
    case number(Double, text: String)
    /// A column of the data.
    case column(String)
    /// `−e`.
    case negate(Expression)
    /// A binary operation; `symbol` is the operator as written (`+`, `-`, `*`, `/`, `^`, `**`).
    case binary(symbol: String, Expression, Expression)
    /// A function of one argument.
    case call(function: String, Expression)
    /// `(e)`, kept so names show the user's grouping.
    case parenthesized(Expression)

    /// Functions usable in formulas and inside `I()`.
    public static let functions = ["log", "log1p", "exp", "sqrt"]

    /// Canonical text, as patsy names columns: binary operators spaced (`x ** 2`, `x + 1`),
    /// except R's `^`, written tight as R does (`x^2`).
    public var text: String {
        switch self {
        case .number(_, let text): return text
        case .column(let name): return name
        case .negate(let inner): return "-" + inner.text
        case .binary(let symbol, let lhs, let rhs):
            return symbol == "^" ? lhs.text + "^" + rhs.text : lhs.text + " " + symbol + " " + rhs.text
        case .call(let function, let argument): return function + "(" + argument.text + ")"
        case .parenthesized(let inner): return "(" + inner.text + ")"
        }
    }

    /// Columns the expression reads, in order of first appearance.
    public var columns: [String] {
        var result = [String]()
        func visit(_ e: Expression) {
            switch e {
            case .number: break
            case .column(let name): if !result.contains(name) { result.append(name) }
            case .negate(let inner), .call(_, let inner), .parenthesized(let inner): visit(inner)
            case .binary(_, let lhs, let rhs): visit(lhs); visit(rhs)
            }
        }
        visit(self)
        return result
    }

    /// Evaluates the expression given numeric columns by name.
    /// - Precondition: every column the expression reads is in `values`, all of equal length `count`.
    func evaluate(_ values: [String: [Double]], count: Int) -> [Double] {
        switch self {
        case .number(let value, _): return [Double](repeating: value, count: count)
        case .column(let name): return values[name] ?? [Double](repeating: .nan, count: count)
        case .negate(let inner): return inner.evaluate(values, count: count).map { -$0 }
        case .parenthesized(let inner): return inner.evaluate(values, count: count)
        case .call(let function, let argument):
            let input = argument.evaluate(values, count: count)
            switch function {
            case "log": return input.map { Double.log($0) }
            case "log1p": return input.map { Double.log(onePlus: $0) }
            case "exp": return input.map { Double.exp($0) }
            default: return input.map { $0.squareRoot() }
            }
        case .binary(let symbol, let lhs, let rhs):
            let a = lhs.evaluate(values, count: count), b = rhs.evaluate(values, count: count)
            switch symbol {
            case "+": return zip(a, b).map { $0 + $1 }
            case "-": return zip(a, b).map { $0 - $1 }
            case "*": return zip(a, b).map { $0 * $1 }
            case "/": return zip(a, b).map { $0 / $1 }
            default: return zip(a, b).map { base, exponent in Expression.power(base, exponent) }
            }
        }
    }

    /// The expression and its derivative with respect to the column `variable`, by forward-mode
    /// automatic differentiation (dual numbers over arrays).
    func evaluateWithDerivative(_ values: [String: [Double]], count: Int, variable: String) -> (value: [Double], derivative: [Double]) {
        switch self {
        case .number(let value, _):
            return ([Double](repeating: value, count: count), [Double](repeating: 0, count: count))
        case .column(let name):
            return (values[name] ?? [Double](repeating: .nan, count: count),
                    [Double](repeating: name == variable ? 1 : 0, count: count))
        case .negate(let inner):
            let (v, d) = inner.evaluateWithDerivative(values, count: count, variable: variable)
            return (v.map { -$0 }, d.map { -$0 })
        case .parenthesized(let inner):
            return inner.evaluateWithDerivative(values, count: count, variable: variable)
        case .call(let function, let argument):
            let (v, d) = argument.evaluateWithDerivative(values, count: count, variable: variable)
            switch function {
            case "log": return (v.map { Double.log($0) }, zip(v, d).map { $1 / $0 })
            case "log1p": return (v.map { Double.log(onePlus: $0) }, zip(v, d).map { $1 / (1 + $0) })
            case "exp": let e = v.map { Double.exp($0) }; return (e, zip(e, d).map { $0 * $1 })
            default: let r = v.map { $0.squareRoot() }; return (r, zip(r, d).map { $1 / (2 * $0) })
            }
        case .binary(let symbol, let lhs, let rhs):
            let (a, da) = lhs.evaluateWithDerivative(values, count: count, variable: variable)
            let (b, db) = rhs.evaluateWithDerivative(values, count: count, variable: variable)
            switch symbol {
            case "+": return (zip(a, b).map { $0 + $1 }, zip(da, db).map { $0 + $1 })
            case "-": return (zip(a, b).map { $0 - $1 }, zip(da, db).map { $0 - $1 })
            case "*":
                let derivative = (0..<count).map { (i: Int) -> Double in da[i] * b[i] + a[i] * db[i] }
                return (zip(a, b).map { $0 * $1 }, derivative)
            case "/":
                let derivative = (0..<count).map { (i: Int) -> Double in
                    let numerator: Double = da[i] * b[i] - a[i] * db[i]
                    return numerator / (b[i] * b[i])
                }
                return (zip(a, b).map { $0 / $1 }, derivative)
            default:
                let value = zip(a, b).map { Expression.power($0, $1) }
                let derivative = (0..<count).map { i -> Double in
                    let exponentTerm = db[i] == 0 ? 0 : db[i] * Double.log(a[i]) * value[i]
                    let baseTerm = da[i] == 0 ? 0 : b[i] * Expression.power(a[i], b[i] - 1) * da[i]
                    return baseTerm + exponentTerm
                }
                return (value, derivative)
            }
        }
    }

    /// `base^exponent`, exact (repeated multiplication) for small integer exponents.
    static func power(_ base: Double, _ exponent: Double) -> Double {
        if exponent == exponent.rounded(), abs(exponent) <= 64 {
            var result = 1.0
            for _ in 0..<Int(abs(exponent)) { result *= base }
            return exponent < 0 ? 1 / result : result
        }
        return Double.pow(base, exponent)
    }
}
