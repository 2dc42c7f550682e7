import Foundation
import Tables

/// Number and text formatting shared by the renderers (and the study's report).
public enum Formatting {
    /// Six significant digits; scientific below 1e−4 and from 1e6; `NA` for NaN or `nil`.
    public static func format(_ value: Double?, digits: Int = 6) -> String {
        guard let value, !value.isNaN else { return "NA" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value != 0 && (abs(value) >= 1e6 || abs(value) < 1e-4) { return String(format: "%.\(max(digits - 2, 2))e", value) }
        return String(format: "%.\(digits)g", value)
    }

    /// A confidence level as a percentage without a percent sign: `95`, `90`, `97.5`, `99.9`
    /// (up to six significant digits). Rounding to a whole number printed 0.975 as "98".
    public static func percent(_ level: Double) -> String {
        let value = level * 100
        let whole = value.rounded()
        if abs(value - whole) < 1e-9 { return String(Int(whole)) }
        return String(format: "%.6g", value)
    }

    /// Fixed decimals, as journals print tables: `0.454`, `-0.226` (never `-0.000`); empty for
    /// NaN or `nil`, `inf`/`-inf` for infinities. `digits` is clamped to 0…10.
    public static func fixed(_ value: Double?, digits: Int = 3) -> String {
        guard let value, !value.isNaN else { return "" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        let text = String(format: "%.\(min(max(digits, 0), 10))f", value)
        return text.hasPrefix("-") && text.allSatisfy({ $0 == "-" || $0 == "0" || $0 == "." }) ? String(text.dropFirst()) : text
    }

    /// A number already formatted as text, for LaTeX text mode: a leading `-` becomes a minus sign
    /// (`$-$`), not a hyphen.
    public static func latexNumber(_ text: String) -> String {
        text.hasPrefix("-") ? "$-$" + latexEscape(String(text.dropFirst())) : latexEscape(text)
    }

    /// Escaped LaTeX text (`latexEscape`'s output) with break points after `[`, `]`, `(`, `)`, `:`
    /// and `_`, so that a term name like `C(sector)[T.computer_electronics]` wraps in a narrow
    /// table column instead of overflowing it.
    public static func latexBreakable(_ escaped: String) -> String {
        var result = ""
        for character in escaped {
            result.append(character)
            if "[]():_".contains(character) { result += "\\allowbreak{}" }
        }
        return result
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

    /// `text` padded to `width`; a longer text is kept whole (with one space after it), never cut:
    /// tables size their columns to their longest entry.
    public static func padRight(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    /// A user string safe in LaTeX text under pdflatex (UTF-8 input, T1 fonts): the special
    /// characters escaped, control characters as spaces, the symbols of Regress's messages (−, ∞,
    /// χ, ≥ …) as math, Latin letters kept, and any other character written as `[U+XXXX]`
    /// instead of stopping pdflatex.
    public static func latexEscape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "_", "&", "%", "#", "$", "{", "}": result += "\\" + String(scalar)
            case "<": result += "$<$"
            case ">": result += "$>$"
            case "^": result += "\\^{}"
            case "~": result += "\\~{}"
            case "\\": result += "\\textbackslash{}"
            case "\n", "\r", "\t": result += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
                    result += " "   // control characters: pdflatex stops on them
                } else if scalar.isASCII || latexPassThrough(scalar) {
                    result.unicodeScalars.append(scalar)
                } else if let replacement = latexReplacements[scalar] {
                    result += replacement
                } else {
                    // No glyph pdflatex can set without extra packages: say which character it was.
                    result += "[U+" + String(scalar.value, radix: 16, uppercase: true) + "]"
                }
            }
        }
        return result
    }

    /// Letters pdflatex sets from UTF-8 input with T1 fonts (`\usepackage[T1]{fontenc}`): Latin-1
    /// and Latin Extended-A letters (German umlauts, ß, accented letters).
    static func latexPassThrough(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (0xC0...0x17F).contains(value) && value != 0xD7 && value != 0xF7
    }

    /// Symbols Regress's own messages use (the separation note's −∞, n/(n−1), χ², ≥) and common
    /// others, as LaTeX.
    static let latexReplacements: [Unicode.Scalar: String] = [
        "\u{2212}": "$-$", "\u{221E}": "$\\infty$", "\u{00D7}": "$\\times$", "\u{00F7}": "$\\div$",
        "\u{2264}": "$\\leq$", "\u{2265}": "$\\geq$", "\u{2260}": "$\\neq$", "\u{2248}": "$\\approx$",
        "\u{00B1}": "$\\pm$", "\u{2213}": "$\\mp$", "\u{00B7}": "$\\cdot$", "\u{2026}": "\\ldots{}",
        "\u{2013}": "--", "\u{2014}": "---", "\u{2018}": "`", "\u{2019}": "'", "\u{201C}": "``", "\u{201D}": "''",
        "\u{201E}": ",,", "\u{00A0}": "~", "\u{00B2}": "$^2$", "\u{00B3}": "$^3$", "\u{00B9}": "$^1$",
        "\u{00B0}": "$^\\circ$", "\u{00A7}": "\\S{}", "\u{00A9}": "\\copyright{}", "\u{00B5}": "$\\mu$",
        "\u{03B1}": "$\\alpha$", "\u{03B2}": "$\\beta$", "\u{03B3}": "$\\gamma$", "\u{03B5}": "$\\varepsilon$",
        "\u{03B7}": "$\\eta$", "\u{03BC}": "$\\mu$", "\u{03BD}": "$\\nu$", "\u{03C0}": "$\\pi$",
        "\u{03C3}": "$\\sigma$", "\u{03C7}": "$\\chi$", "\u{0394}": "$\\Delta$", "\u{03A3}": "$\\Sigma$",
        "\u{2080}": "$_0$", "\u{2081}": "$_1$", "\u{2082}": "$_2$", "\u{1D40}": "$^{\\top}$", "\u{207B}": "$^-$",
        "\u{00B4}": "'", "\u{20AC}": "EUR", "\u{00A3}": "\\pounds{}", "\u{2022}": "$\\bullet$", "\u{2192}": "$\\to$",
        "\u{00AB}": "<<", "\u{00BB}": ">>", "\u{00BF}": "?`", "\u{00A1}": "!`", "\u{00AA}": "a", "\u{00BA}": "o",
    ]
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
            default: result += TerminalText.safe(String(character))
            }
        }
        return result
    }

    /// A fenced code block around `content` whose fence is longer than any run of backticks in
    /// it (CommonMark closes a fence only with one at least as long), so a level named
    /// "\n```\n<img onerror=…>" cannot end the block and turn the rest into live HTML.
    public static func markdownCodeBlock(_ content: String) -> String {
        var longest = 0, run = 0
        for character in content {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + "\n" + TerminalText.safe(content) + "\n" + fence
    }

    /// "−∞ (separated)" or "+∞ (separated)": how every table shows a separated term's estimate.
    public static func separated(_ sign: Double) -> String { (sign < 0 ? "−∞" : "+∞") + " (separated)" }
}
