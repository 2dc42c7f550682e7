import Foundation
import Regress

/// Axis ticks at round values (1, 2 or 5 × 10ᵏ apart), covering [low, high].
enum NiceTicks {
    static func ticks(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
        guard high > low, low.isFinite, high.isFinite else { return [low] }
        let raw = (high - low) / Double(max(1, count)), magnitude = pow(10, floor(log10(raw)))
        // The round step whose number of intervals is nearest `count`.
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.min { abs((high - low) / $0 - Double(count)) < abs((high - low) / $1 - Double(count)) } ?? magnitude
        let first = (low / step + 1e-9).rounded(.down), last = (high / step - 1e-9).rounded(.up)
        return stride(from: first, through: last, by: 1).map { $0 * step }.map { abs($0) < step * 1e-9 ? 0 : $0 }
    }

    /// A tick's label with as many decimals as the step needs, negative values with a minus sign
    /// (U+2212), not a hyphen.
    static func label(_ value: Double, step: Double, suffix: String = "") -> String {
        let decimals = max(0, -Int(floor(log10(step)) ))
        let text = String(format: "%.\(decimals)f", value)
        return (text.hasPrefix("-") ? "−" + text.dropFirst() : Substring(text)) + suffix
    }
}

/// Escapes text for SVG (XML) content and attributes.
func svgEscape(_ text: String) -> String {
    var result = ""
    for character in text.unicodeScalars {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&apos;"
        default:
            if character.value < 0x20 && character != "\t" { result += " " } else { result.unicodeScalars.append(character) }
        }
    }
    return result
}

extension StudyReport {
    static let open = #"<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400" font-family="sans-serif" font-size="12">"# + "\n"
        + #"<rect width="640" height="400" fill="white"/>"#

    func title(_ text: String) -> String {
        "<text x=\"340\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">\(svgEscape(text + (results.synthetic ? " (synthetic data)" : "")))</text>"
    }

    /// A y axis from 0 with round ticks; returns the SVG and the mapping.
    func yAxis(maximum: Double, label: String, percent: Bool) -> (svg: [String], y: (Double) -> Double) {
        let ticks = NiceTicks.ticks(0, max(maximum, 1e-9), count: 5)
        let top = ticks.last ?? maximum, step = ticks.count > 1 ? ticks[1] - ticks[0] : top
        let y = { (value: Double) in 340 - value / top * 290 }
        var svg = [#"<line x1="80" y1="340" x2="80" y2="50" stroke="black"/>"#]
        for tick in ticks {
            let text = percent ? NiceTicks.label(100 * tick, step: 100 * step, suffix: " %") : NiceTicks.label(tick, step: step)
            svg.append(String(format: "<line x1=\"76\" y1=\"%.1f\" x2=\"620\" y2=\"%.1f\" stroke=\"#dddddd\"/>", y(tick), y(tick)))
            svg.append(String(format: "<text x=\"72\" y=\"%.1f\" text-anchor=\"end\">%@</text>", y(tick) + 4, text))
        }
        svg.append("<text x=\"20\" y=\"195\" text-anchor=\"middle\" transform=\"rotate(-90 20 195)\">\(svgEscape(label))</text>")
        return (svg, y)
    }

    /// Predicted probability against I4.0 intensity with its 95 % band, and the observed rate of each
    /// readiness level (Wilson interval) at the level's mean technology count.
    public var predictionFigure: String {
        let points = headline.predictions.compactMap { p in Double(p.value).map { ($0, p.estimate, p.ciLower, p.ciUpper) } }
        let maximum = max(points.map(\.3).max() ?? 0.01, results.rates.map(\.interval.upper).max() ?? 0)
        let (axis, y) = yAxis(maximum: maximum, label: "Backshoring probability", percent: true)
        func x(_ value: Double) -> Double { 80 + value / 7 * 540 }
        let band = points.map { String(format: "%.1f,%.1f", x($0.0), y($0.3)) } + points.reversed().map { String(format: "%.1f,%.1f", x($0.0), y($0.2)) }
        var svg = [Self.open, title("Predicted backshoring probability by Industrie 4.0 use")] + axis
        svg.append("<polygon points=\"\(band.joined(separator: " "))\" fill=\"#9ecae1\" opacity=\"0.6\"/>")
        svg.append("<polyline points=\"\(points.map { String(format: "%.1f,%.1f", x($0.0), y($0.1)) }.joined(separator: " "))\" fill=\"none\" stroke=\"#08519c\" stroke-width=\"2\"/>")
        for rate in results.rates {
            let cx = x(rate.meanTechnologies)
            svg.append(String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#a50f15\"/>", cx, y(rate.interval.lower), cx, y(rate.interval.upper)))
            svg.append(String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#a50f15\"/>", cx, y(rate.rate)))
            // The level's name under its interval, clear of the line and the band (which lie above
            // the lower bound of an observed rate's interval only where they overlap it).
            let labelY = min(332, y(rate.interval.lower) + 13)
            let anchor = cx < 120 ? "start" : cx > 580 ? "end" : "middle"
            svg.append(String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"%@\" fill=\"#a50f15\">", cx + (anchor == "start" ? 4 : 0), labelY, anchor)
                       + svgEscape(rate.level) + "</text>")
        }
        svg.append(#"<line x1="80" y1="340" x2="620" y2="340" stroke="black"/>"#)
        for tick in 0...7 {
            svg.append(String(format: "<line x1=\"%.1f\" y1=\"340\" x2=\"%.1f\" y2=\"345\" stroke=\"black\"/>", x(Double(tick)), x(Double(tick))))
            svg.append(String(format: "<text x=\"%.1f\" y=\"358\" text-anchor=\"middle\">%d</text>", x(Double(tick)), tick))
        }
        svg.append(#"<text x="350" y="376" text-anchor="middle">Industrie 4.0 technologies used (of 7)</text>"#)
        svg.append(#"<text x="350" y="392" text-anchor="middle" font-size="10">Line, band: Firth's logit, average prediction, 95 % interval; points: observed rate by level, Wilson 95 %</text>"#)
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    /// Share of backshorers naming each motive (Abb. 1) with its Wilson 95 % interval and n, the
    /// published figure where stated; the shares are calibrated (inputs of the synthetic data).
    public var motivesFigure: String {
        let back = results.headline.model.data["backshored"]?.numericValues ?? []
        let motives: [(String, String, Double?)] = [("motive_flexibility", "Flexibility", 0.5), ("motive_quality", "Quality", 0.5),
                                                    ("motive_coordination", "Coordination costs", 0.25), ("motive_capacity", "Capacity", nil),
                                                    ("motive_automation", "Automation", nil)]
        let (axis, y) = yAxis(maximum: 1, label: "Share of backshorers", percent: true)
        var svg = [Self.open, title("Motives for backshoring (Abb. 1)")] + axis
        var respondents = 0
        for (k, motive) in motives.enumerated() {
            let named = results.headline.model.data[motive.0]?.numericValues ?? []
            let rows = back.indices.filter { back[$0] == 1 && $0 < named.count && !named[$0].isNaN }
            respondents = max(respondents, rows.count)
            let count = rows.filter { named[$0] == 1 }.count
            let share = rows.isEmpty ? 0 : Double(count) / Double(rows.count)
            let interval = wilsonInterval(successes: Double(count), trials: Double(rows.count))
            let left = 100 + Double(k) * 104
            svg.append(String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"70\" height=\"%.1f\" fill=\"#6baed6\"/>", left, y(share), 340 - y(share)))
            if !rows.isEmpty {
                let cx = left + 35
                svg.append(String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>", cx, y(interval.lower), cx, y(interval.upper)))
                for bound in [interval.lower, interval.upper] {
                    svg.append(String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>", cx - 6, y(bound), cx + 6, y(bound)))
                }
            }
            // The share and its count beside the bar's top, left of the interval's whisker.
            svg.append(String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"10\">%.0f %% (%d)</text>", left + 31, y(share) - 4, 100 * share, count))
            if let published = motive.2 {
                svg.append(String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#a50f15\" stroke-width=\"2\" stroke-dasharray=\"4\"/>",
                                  left - 6, y(published), left + 76, y(published)))
            }
            svg.append(String(format: "<text x=\"%.1f\" y=\"356\" text-anchor=\"middle\" font-size=\"10\">%@</text>", left + 35, svgEscape(motive.1)))
        }
        svg.append(#"<line x1="80" y1="340" x2="620" y2="340" stroke="black"/>"#)
        svg.append("<text x=\"350\" y=\"374\" text-anchor=\"middle\" font-size=\"10\">Bars: share (count) of the \(respondents) backshorers, whiskers: Wilson 95 % interval; dashed: the published figure</text>")
        if results.synthetic {
            svg.append(#"<text x="350" y="390" text-anchor="middle" font-size="10">The shares are calibrated to the published figures: inputs of the synthetic data, not evidence</text>"#)
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    /// Histogram of the bootstrap replicates of the I4.0 AME, with zero, the estimate and the BCa interval.
    public var bootstrapFigure: String {
        let statistic = BootstrapStatistic.averageMarginalEffect(StudyResults.term)
        guard let summary = headline.bootstrap, let index = summary.statistics.firstIndex(of: statistic), !summary.result.replicates.isEmpty else {
            return #"<svg xmlns="http://www.w3.org/2000/svg" width="640" height="80"><text x="10" y="40">No bootstrap.</text></svg>"#
        }
        let values = summary.result.replicates.map { 100 * $0[index] }
        // The axis reaches below 0 by a tenth of the range, so the zero line never sits on its edge.
        let (vmin, vmax) = (min(0, values.min() ?? 0), max(0, values.max() ?? 1))
        let ticks = NiceTicks.ticks(vmin - 0.1 * max(vmax - vmin, 1e-9), vmax, count: 6)
        let low = ticks.first ?? 0, high = max((ticks.last ?? 1), low + 1e-9), bins = 40
        let width = (high - low) / Double(bins)
        var counts = [Int](repeating: 0, count: bins)
        for v in values { counts[min(bins - 1, max(0, Int((v - low) / width)))] += 1 }
        let (axis, y) = yAxis(maximum: Double(counts.max() ?? 1), label: "Replicates", percent: false)
        func x(_ value: Double) -> Double { 80 + (value - low) / (high - low) * 540 }
        var svg = [Self.open, title("Bootstrap of the I4.0 AME (\(values.count) replicates, plan: \(summary.planDescription))")] + axis
        for (k, count) in counts.enumerated() where count > 0 {
            svg.append(String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#6baed6\"/>",
                              x(low + Double(k) * width), y(Double(count)), 540 / Double(bins) - 1, 340 - y(Double(count))))
        }
        if let bca = summary.interval(statistic, .bca) {
            for bound in [bca.lower, bca.upper] {
                svg.append(String(format: "<line x1=\"%.1f\" y1=\"50\" x2=\"%.1f\" y2=\"340\" stroke=\"#cb181d\" stroke-dasharray=\"4\"/>", x(100 * bound), x(100 * bound)))
            }
        }
        svg.append(String(format: "<line x1=\"%.1f\" y1=\"50\" x2=\"%.1f\" y2=\"340\" stroke=\"#555555\" stroke-width=\"2\" stroke-dasharray=\"1 3\"/>", x(0), x(0)))
        if let effect = i40Effect {
            svg.append(String(format: "<line x1=\"%.1f\" y1=\"50\" x2=\"%.1f\" y2=\"340\" stroke=\"black\" stroke-width=\"2\"/>", x(100 * effect.estimate), x(100 * effect.estimate)))
        }
        svg.append(#"<line x1="80" y1="340" x2="620" y2="340" stroke="black"/>"#)
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        for tick in ticks {
            svg.append(String(format: "<line x1=\"%.1f\" y1=\"340\" x2=\"%.1f\" y2=\"345\" stroke=\"black\"/>", x(tick), x(tick)))
            svg.append(String(format: "<text x=\"%.1f\" y=\"358\" text-anchor=\"middle\">%@</text>", x(tick), NiceTicks.label(tick, step: step)))
        }
        svg.append(#"<text x="350" y="376" text-anchor="middle">AME of one more technology (percentage points)</text>"#)
        svg.append(#"<text x="350" y="392" text-anchor="middle" font-size="10">Solid: estimate; dashed red: BCa 95 % interval; dotted: zero</text>"#)
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    /// The I4.0 term across specifications, two panels: left the coefficient (log odds) of the
    /// logit fits with the interval of each fit's own inference (profile for Firth's, Wald for the
    /// ML logit), right the AME of one more technology in percentage points for every fit, the
    /// probit included (delta-method intervals). Only specifications with a value get a row.
    public var coefficientFigure: String {
        let specifications = results.specifications
        let logits = specifications.compactMap { s -> (String, Double, Double, Double)? in
            guard s.model != .probit, let c = s.coefficient else { return nil }
            return ("\(s.title) (\(s.intervalKind))", c.estimate, c.lower, c.upper)
        }
        let effects = specifications.compactMap { s -> (String, Double, Double, Double)? in
            guard let e = s.effect, e.estimate.isFinite, e.ciLower.isFinite, e.ciUpper.isFinite else { return nil }
            return (s.title, 100 * e.estimate, 100 * e.ciLower, 100 * e.ciUpper)
        }
        let rowsCount = max(logits.count, effects.count, 1)
        let spacing = min(50.0, 250 / Double(rowsCount))
        var svg = [Self.open, title("The I4.0 term across specifications")]
        func panel(_ rows: [(String, Double, Double, Double)], left: Double, right: Double, caption: String) {
            let ticks = NiceTicks.ticks(min(0, rows.map(\.2).min() ?? 0), max(0, rows.map(\.3).max() ?? 1), count: 4)
            let low = ticks.first ?? 0, high = max(ticks.last ?? 1, low + 1e-9)
            func x(_ value: Double) -> Double { left + (value - low) / (high - low) * (right - left) }
            for (k, row) in rows.enumerated() {
                let yy = 70 + Double(k) * spacing
                svg.append(String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\">%@</text>", (left + right) / 2, yy - 8, svgEscape(row.0)))
                svg.append(String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#08519c\" stroke-width=\"2\"/>", x(row.2), yy + 4, x(row.3), yy + 4))
                svg.append(String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#08519c\"/>", x(row.1), yy + 4))
            }
            svg.append(String(format: "<line x1=\"%.1f\" y1=\"50\" x2=\"%.1f\" y2=\"340\" stroke=\"#555555\" stroke-dasharray=\"1 3\"/>", x(0), x(0)))
            svg.append(String(format: "<line x1=\"%.1f\" y1=\"340\" x2=\"%.1f\" y2=\"340\" stroke=\"black\"/>", left, right))
            let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
            for tick in ticks {
                svg.append(String(format: "<line x1=\"%.1f\" y1=\"340\" x2=\"%.1f\" y2=\"345\" stroke=\"black\"/>", x(tick), x(tick)))
                svg.append(String(format: "<text x=\"%.1f\" y=\"358\" text-anchor=\"middle\">%@</text>", x(tick), NiceTicks.label(tick, step: step)))
            }
            svg.append(String(format: "<text x=\"%.1f\" y=\"376\" text-anchor=\"middle\" font-size=\"11\">%@</text>", (left + right) / 2, svgEscape(caption)))
        }
        panel(logits, left: 30, right: 300, caption: "Coefficient, log odds per technology")
        panel(effects, left: 350, right: 620, caption: "AME, percentage points per technology")
        svg.append(#"<text x="325" y="394" text-anchor="middle" font-size="10">95 % intervals: profile penalized likelihood (Firth), Wald (ML logit), delta method (AMEs); dotted: zero</text>"#)
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }
}
