import Foundation
import Tables

extension DatasetAccuracy {
    /// `{"name","coefficientsLRE","standardErrorsLRE","residualSDLRE","rSquaredLRE"}`.
    public var json: JSONValue {
        .object([("name", .string(name)), ("coefficientsLRE", .number(rounded(coefficientsLRE))),
                 ("standardErrorsLRE", .number(rounded(standardErrorsLRE))),
                 ("residualSDLRE", .number(rounded(residualSDLRE))), ("rSquaredLRE", .number(rounded(rSquaredLRE)))])
    }

    private func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}

/// Renderings of a NIST certification run.
public enum AccuracyReport {
    /// `{"datasets":[…]}`, LREs to one decimal.
    public static func json(_ results: [DatasetAccuracy]) -> String {
        JSONValue.object([("datasets", .array(results.map(\.json)))]).rendered(pretty: true)
    }

    /// A plain-text table with a closing verdict against `NISTCertification.requiredLRE`.
    public static func text(_ results: [DatasetAccuracy]) -> String {
        var lines = ["NIST StRD linear regression: log relative error (correct digits; capped at 15)",
                     "", pad("Dataset", 10) + pad("Coefficients", 14) + pad("Std. errors", 13) + pad("Residual SD", 13) + "R-squared"]
        for result in results {
            lines.append(pad(result.name, 10) + pad(String(format: "%.1f", result.coefficientsLRE), 14)
                         + pad(String(format: "%.1f", result.standardErrorsLRE), 13)
                         + pad(String(format: "%.1f", result.residualSDLRE), 13) + String(format: "%.1f", result.rSquaredLRE))
        }
        let failing = results.filter { $0.minimum < NISTCertification.requiredLRE }
        lines.append("")
        lines.append(failing.isEmpty
            ? "All \(results.count) datasets at or above the bar of \(Int(NISTCertification.requiredLRE)) digits."
            : "Below the bar of \(Int(NISTCertification.requiredLRE)) digits: " + failing.map(\.name).joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
