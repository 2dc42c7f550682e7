import Foundation
import Estimation
import LinearAlgebra

/// Log relative error `LRE = −log₁₀(|x − c| / |c|)`, the number of correct significant digits
/// (McCullough 1998), capped at 15; when the certified value `c` is 0 the log absolute error
/// `−log₁₀|x|` is used. A non-finite `x` scores 0.
public func logRelativeError(_ x: Double, certified c: Double) -> Double {
    guard x.isFinite else { return 0 }
    if x == c { return 15 }
    let error = c == 0 ? abs(x) : abs(x - c) / abs(c)
    return min(15, max(0, -Foundation.log10(error)))
}

/// Accuracy of an OLS fit against one NIST dataset's certified values.
public struct DatasetAccuracy: Sendable, Codable, Equatable {
    /// Dataset name.
    public let name: String
    /// Minimum LRE over the coefficients.
    public let coefficientsLRE: Double
    /// Minimum LRE over the standard errors.
    public let standardErrorsLRE: Double
    /// LRE of the residual standard deviation.
    public let residualSDLRE: Double
    /// LRE of R².
    public let rSquaredLRE: Double

    /// The smallest of the four figures.
    public var minimum: Double { Swift.min(coefficientsLRE, standardErrorsLRE, residualSDLRE, rSquaredLRE) }
}

/// Runs Regress's OLS with default settings on NIST StRD datasets.
public enum NISTCertification {
    /// The documented bar: every LRE must be at least this (Docs/accuracy.md).
    public static let requiredLRE = 10.0

    /// Fits one dataset with `OLS.fit` (default options) and scores it.
    public static func evaluate(_ dataset: NISTDataset) throws -> DatasetAccuracy {
        let fit = try OLS.fit(design: dataset.design, response: dataset.response, termNames: dataset.parameterNames,
                              designLowOrderPart: dataset.designLowOrderPart,
                              intercept: dataset.hasIntercept ? .present : .absent)
        let coefficients = zip(fit.coefficients, dataset.certifiedCoefficients).map {
            logRelativeError($0.estimate ?? .nan, certified: $1)
        }
        let errors = zip(fit.coefficients, dataset.certifiedStandardErrors).map {
            logRelativeError($0.standardError ?? .nan, certified: $1)
        }
        return DatasetAccuracy(name: dataset.name,
                               coefficientsLRE: coefficients.min() ?? 0,
                               standardErrorsLRE: errors.min() ?? 0,
                               residualSDLRE: logRelativeError(fit.residualStandardDeviation, certified: dataset.certifiedResidualSD),
                               rSquaredLRE: logRelativeError(fit.rSquared, certified: dataset.certifiedRSquared))
    }

    /// Evaluates all eleven datasets from `directory` (which holds `Filip.dat` etc.).
    public static func evaluateAll(directory: URL) throws -> [DatasetAccuracy] {
        try NISTDataset.allNames.map { try evaluate(NISTDataset(name: $0, directory: directory)) }
    }
}
