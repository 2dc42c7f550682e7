import Foundation

/// Number and text formatting shared by the renderers (and the study's report).
public enum Formatting {
    /// Six significant digits; scientific below 1e−4 and from 1e6; `NA` for NaN or `nil`.
    public static func format(_ value: Double?, digits: Int = 6) -> String {
        guard let value, !value.isNaN else { return "NA" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value != 0 && (abs(value) >= 1e6 || abs(value) < 1e-4) { return String(format: "%.\(max(digits - 2, 2))e", value) }
        return String(format: "%.\(digits)g", value)
    }

    public static func pValue(_ value: Double?) -> String {
        guard let value, !value.isNaN else { return "NA" }
        return value < 1e-4 ? "<0.0001" : String(format: "%.4f", value)
    }

    /// "= 0.0123" or "< 0.0001".
    public static func pClause(_ value: Double?) -> String {
        let text = pValue(value)
        return text.hasPrefix("<") ? "< " + text.dropFirst() : "= " + text
    }

    public static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : format(value)
    }

    public static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }

    public static func padRight(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width - 1)) + " " : text + String(repeating: " ", count: width - text.count)
    }

    public static func latexEscape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "_", "&", "%", "#", "$", "{", "}": result += "\\" + String(character)
            case "<": result += "$<$"
            case ">": result += "$>$"
            case "^": result += "\\^{}"
            case "~": result += "\\~{}"
            case "\\": result += "\\textbackslash{}"
            default: result.append(character)
            }
        }
        return result
    }
}

extension Formatting {
    /// A user string safe in a Markdown table cell: HTML special characters as entities (no raw
    /// `<script>`), `|` escaped, line breaks as spaces, Markdown emphasis and code marks escaped.
    public static func markdownEscape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "|": result += "\\|"
            case "\\", "`", "*", "_", "[", "]": result += "\\" + String(character)
            case "\n", "\r", "\r\n", "\t": result += " "
            default: result.append(character)
            }
        }
        return result
    }
}
