import Foundation
import LinearAlgebra

/// One NIST StRD linear-regression dataset: data, model and certified values.
///
/// The file format is NIST's (https://www.itl.nist.gov/div898/strd/lls/lls.shtml), CRLF or LF.
/// The model is read from the certified parameter names: `B0` means an intercept; a single
/// predictor with more parameters than `B0, B1` is a polynomial `x⁰ … xᵏ` (Filip, Pontius,
/// Wampler1–5); otherwise the predictors enter linearly (Norris, Longley, NoInt1–2).
public struct NISTDataset: Sendable {
    /// Dataset name, e.g. `Filip`.
    public let name: String
    /// The design matrix built from the data block.
    public let design: Matrix
    /// For polynomial models, the rounding errors of the powers (`xᵏ = high + low` in
    /// double-double); `nil` for linear models, whose design is exact as stored.
    public let designLowOrderPart: Matrix?
    /// The response `y`.
    public let response: [Double]
    /// Parameter names as NIST gives them (`B0`, `B1`, …).
    public let parameterNames: [String]
    /// Whether the model has an intercept (`B0`).
    public let hasIntercept: Bool
    /// Certified estimates.
    public let certifiedCoefficients: [Double]
    /// Certified standard deviations of the estimates.
    public let certifiedStandardErrors: [Double]
    /// Certified residual standard deviation.
    public let certifiedResidualSD: Double
    /// Certified R² (uncentred for the no-intercept datasets).
    public let certifiedRSquared: Double

    /// Errors in reading a NIST file.
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        /// A section the format requires was not found.
        case missingSection(dataset: String, section: String)
        /// A number could not be read.
        case badNumber(dataset: String, line: Int, text: String)

        public var description: String {
            switch self {
            case .missingSection(let dataset, let section):
                return "\(dataset): no \(section) found; is this an unmodified NIST StRD linear-regression file?"
            case .badNumber(let dataset, let line, let text):
                return "\(dataset), line \(line): cannot read a number from '\(text)'"
            }
        }
    }

    /// Parses a NIST StRD `.dat` file's text.
    public init(name: String, text: String) throws {
        // "\r\n" is one Character in Swift, and a newline: this splits LF and CRLF files alike.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        func fields(_ line: String) -> [Substring] { line.split(whereSeparator: { $0 == " " || $0 == "\t" }) }
        func number(_ text: Substring, line: Int) throws -> Double {
            guard let value = Double(text) else { throw ParseError.badNumber(dataset: name, line: line + 1, text: String(text)) }
            return value
        }
        var names = [String](), estimates = [Double](), deviations = [Double]()
        var residualSD: Double?, rSquared: Double?
        for (index, line) in lines.enumerated() {
            let parts = fields(line)
            if parts.count == 3, parts[0].first == "B", Int(parts[0].dropFirst()) != nil {
                names.append(String(parts[0]))
                estimates.append(try number(parts[1], line: index))
                deviations.append(try number(parts[2], line: index))
            } else if line.contains("Standard Deviation"), let last = parts.last, parts.first == "Residual" || parts.first == "Standard",
                      residualSD == nil, Double(last) != nil {
                residualSD = try number(last, line: index)
            } else if parts.first == "R-Squared", let last = parts.last {
                rSquared = try number(last, line: index)
            }
        }
        guard !names.isEmpty else { throw ParseError.missingSection(dataset: name, section: "certified parameter values") }
        guard let residualSD else { throw ParseError.missingSection(dataset: name, section: "residual standard deviation") }
        guard let rSquared else { throw ParseError.missingSection(dataset: name, section: "R-Squared") }
        // The data block starts after the last line beginning with "Data:".
        guard let header = lines.lastIndex(where: { $0.hasPrefix("Data:") }) else {
            throw ParseError.missingSection(dataset: name, section: "data block")
        }
        var rows = [[Double]]()
        for index in (header + 1)..<lines.count where !fields(lines[index]).isEmpty {
            rows.append(try fields(lines[index]).map { try number($0, line: index) })
        }
        guard let width = rows.first?.count, width >= 2, rows.allSatisfy({ $0.count == width }) else {
            throw ParseError.missingSection(dataset: name, section: "rectangular data block with y and x columns")
        }
        let hasIntercept = names.contains("B0")
        let predictors = width - 1
        var columns = [[Double]](), lowColumns = [[Double]]()
        if predictors == 1 && names.count > (hasIntercept ? 2 : 1) {
            // Polynomial: x⁰ … xᵏ in double-double, kept as high and low parts.
            let x = rows.map { $0[1] }
            for k in 0..<names.count {
                let powers = x.map { doubleDoublePower($0, k) }
                columns.append(powers.map(\.high))
                lowColumns.append(powers.map(\.low))
            }
        } else {
            if hasIntercept { columns.append([Double](repeating: 1, count: rows.count)) }
            for j in 1...predictors { columns.append(rows.map { $0[j] }) }
        }
        guard columns.count == names.count else {
            throw ParseError.missingSection(dataset: name, section: "a model with \(names.count) parameters for \(predictors) predictors")
        }
        self.name = name
        self.design = Matrix(columnVectors: columns)
        self.designLowOrderPart = lowColumns.isEmpty ? nil : Matrix(columnVectors: lowColumns)
        self.response = rows.map { $0[0] }
        self.parameterNames = names
        self.hasIntercept = hasIntercept
        self.certifiedCoefficients = estimates
        self.certifiedStandardErrors = deviations
        self.certifiedResidualSD = residualSD
        self.certifiedRSquared = rSquared
    }

    /// Reads `<directory>/<name>.dat`.
    public init(name: String, directory: URL) throws {
        let url = directory.appendingPathComponent("\(name).dat")
        try self.init(name: name, text: String(contentsOf: url, encoding: .utf8))
    }

    /// The eleven NIST StRD linear-regression datasets, from lower to higher difficulty.
    public static let allNames = ["Norris", "Pontius", "NoInt1", "NoInt2", "Filip", "Longley",
                                  "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5"]
}

/// `xᵏ` in double-double arithmetic, as an unevaluated sum `high + low` (about 106 bits).
///
/// Rounding the powers to double perturbs NIST's Filip design (κ ≈ 1.8e15) enough that even the
/// exact solution of the rounded problem has coefficient LRE 7.7 (checked with exact rational
/// arithmetic, Fixtures/nist-strd/exact-rational-check.py); keeping `low` lets the refined
/// solver reach the exact design's solution.
func doubleDoublePower(_ x: Double, _ k: Int) -> (high: Double, low: Double) {
    var high = 1.0, low = 0.0
    for _ in 0..<k {
        let product = high * x
        let error = (-product).addingProduct(high, x) + low * x
        high = product + error
        low = error - (high - product)
    }
    return (high, low)
}
