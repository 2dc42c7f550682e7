import Foundation
import Regress

/// One empirical claim of the brief, set against the data.
public struct Claim: Sendable, Equatable {
    /// How the data bear on a claim.
    public enum Verdict: Sendable, Equatable {
        /// The data show it (the rule is in `StudyClaims`).
        case reproduced
        /// The data do not show it; why.
        case notReproduced(String)
        /// The survey cannot carry it; why.
        case notReproducible(String)

        /// "reproduced", "not reproduced (…)", "not reproducible with these data (…)".
        public var text: String {
            switch self {
            case .reproduced: return "reproduced"
            case .notReproduced(let why): return "not reproduced (\(why))"
            case .notReproducible(let why): return "not reproducible with these data (\(why))"
            }
        }
    }

    /// The claim, in the brief's words (translated).
    public let claim: String
    /// The published figure.
    public let published: String
    /// The figure in these data, with its 95 % interval where one applies.
    public let synthetic: String
    /// The verdict.
    public let verdict: Verdict
}

/// The brief's claims (shared/reshoring-facts.md, the seed brief) evaluated on study data.
enum StudyClaims {
    static func percent(_ x: Double, digits: Int = 1) -> String { String(format: "%.\(digits)f %%", 100 * x) }

    static func share(_ events: Int, _ total: Int, digits: Int = 1) -> (rate: Double, text: String, interval: (lower: Double, upper: Double)) {
        let interval = wilsonInterval(successes: Double(events), trials: Double(total))
        let rate = total > 0 ? Double(events) / Double(total) : .nan
        return (rate, "\(percent(rate, digits: digits)) (\(events) of \(total)) [\(percent(interval.lower)), \(percent(interval.upper))]", interval)
    }

    /// Reproduced when the Wilson interval covers the published value.
    static func covers(_ interval: (lower: Double, upper: Double), _ value: Double) -> Claim.Verdict {
        interval.lower <= value && value <= interval.upper ? .reproduced : .notReproduced("the 95 % interval excludes \(percent(value))")
    }

    static func evaluate(data: DataTable, rates: [LevelRate], headline: FitReport, placebo: FitReport?,
                         riskRatio: PredictionContrast?) throws -> [Claim] {
        let n = data.rowCount
        func values(_ name: String) -> [Double] { data[name]?.numericValues ?? [] }
        let back = values("backshored"), off = values("offshored")
        let backshorers = back.indices.filter { back[$0] == 1 }
        var claims = [Claim]()
        let backShare = share(backshorers.count, n)
        claims.append(Claim(claim: "About 3 % of manufacturing firms backshored production (2013 to mid-2015)", published: "about 3 %",
                            synthetic: backShare.text, verdict: covers(backShare.interval, 0.03)))
        if !off.isEmpty {
            let offshorers = off.filter { $0 == 1 }.count
            let offShare = share(offshorers, n)
            claims.append(Claim(claim: "Every tenth firm offshored production", published: "9 % (every tenth)",
                                synthetic: offShare.text, verdict: covers(offShare.interval, 0.09)))
            let ratio = offshorers > 0 ? Double(backshorers.count) / Double(offshorers) : .nan
            claims.append(Claim(claim: "One backshorer for every third offshorer", published: "1 : 3 (0.33)",
                                synthetic: offshorers > 0 ? String(format: "%.2f (%d : %d)", ratio, backshorers.count, offshorers) : "no offshorer",
                                verdict: (0.25...0.45).contains(ratio) ? .reproduced : .notReproduced("ratio outside 0.25–0.45")))
        }
        // Advanced vs non-users: the unadjusted rate ratio with Katz's log interval.
        if let first = rates.first, let last = rates.last, first.level == "non-user", last.level == "advanced" {
            if first.backshorers == 0 || last.backshorers == 0 {
                claims.append(Claim(claim: "Digitally advanced firms backshore about 10 times as often as non-users", published: "about 10×",
                                    synthetic: "\(last.backshorers) of \(last.firms) advanced, \(first.backshorers) of \(first.firms) non-users: no ratio",
                                    verdict: .notReproduced("a level without backshorers")))
            } else {
                let ratio = last.rate / first.rate
                let se = (1 / Double(last.backshorers) - 1 / Double(last.firms) + 1 / Double(first.backshorers) - 1 / Double(first.firms)).squareRoot()
                let lower = ratio * exp(-1.959963984540054 * se), upper = ratio * exp(1.959963984540054 * se)
                claims.append(Claim(claim: "Digitally advanced firms backshore about 10 times as often as non-users", published: "about 10×",
                                    synthetic: String(format: "%.1f× (%@ vs %@) [%.1f, %.1f]", ratio, percent(last.rate), percent(first.rate), lower, upper),
                                    verdict: lower <= 10 && 10 <= upper && lower > 1 ? .reproduced
                                        : .notReproduced(lower > 1 ? "the 95 % interval excludes 10" : "the 95 % interval includes 1")))
            }
        }
        if let rr = riskRatio, rr.ratioLower.isFinite {
            claims.append(Claim(claim: "Advanced firms backshore about 10 times as often as non-users, adjusted for firm size and sector group", published: "about 10×",
                                synthetic: String(format: "%.1f× (Firth's logit, average predictions) [%.1f, %.1f]", rr.ratio, rr.ratioLower, rr.ratioUpper),
                                verdict: rr.ratioLower <= 10 && 10 <= rr.ratioUpper && rr.ratioLower > 1 ? .reproduced
                                    : .notReproduced(rr.ratioLower > 1 ? "the 95 % interval excludes 10" : "the 95 % interval includes 1")))
        }
        // The association, adjusted for size and sector group: the headline's penalized LR test.
        let term = StudyResults.term
        if let test = headline.tests.first?.likelihoodRatio, let coefficient = headline.fit.coefficient(term)?.estimate {
            let positive = coefficient > 0 && test.pValue < 0.05
            claims.append(Claim(claim: "A clear positive association between Industrie 4.0 use and backshoring", published: "clear, positive",
                                synthetic: String(format: "log odds %+.3f per technology, penalized LR p %@ (Firth)", coefficient,
                                                  StudyConclusion.pText(test.pValue)),
                                verdict: positive ? .reproduced : .notReproduced(test.pValue < 0.05 ? "negative" : "not significant at 5 %")))
        }
        if let placebo, let test = placebo.tests.first?.likelihoodRatio, let coefficient = placebo.fit.coefficient(term)?.estimate {
            claims.append(Claim(claim: "Digitalisation is not associated with offshoring", published: "no significant association",
                                synthetic: String(format: "log odds %+.3f, penalized LR p %@ (Firth)", coefficient, StudyConclusion.pText(test.pValue)),
                                verdict: test.pValue >= 0.05 ? .reproduced : .notReproduced("significant at 5 %")))
        }
        // North Rhine-Westphalia: rate and digitalisation.
        if let states = data["state"] {
            let nrw = (0..<n).filter { states.text(at: $0) == "Nordrhein-Westfalen" }
            if !nrw.isEmpty {
                // Two decimals: "just under 4 %" is 3.96 % here, which one decimal shows as 4.0 %.
                let nrwShare = share(nrw.filter { back[$0] == 1 }.count, nrw.count, digits: 2)
                claims.append(Claim(claim: "In North Rhine-Westphalia the backshoring rate is just under 4 %, somewhat above Germany's",
                                    published: "just under 4 %", synthetic: nrwShare.text, verdict: covers(nrwShare.interval, 0.039)))
                let technologies = values("i40_technologies")
                let inside = nrw.map { technologies[$0] }, outside = Set(nrw).symmetricDifference(0..<n).map { technologies[$0] }
                func meanAndVariance(_ xs: [Double]) -> (Double, Double) {
                    let mean = xs.reduce(0, +) / Double(xs.count)
                    return (mean, xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, xs.count - 1)))
                }
                let (a, va) = meanAndVariance(inside), (b, vb) = meanAndVariance(outside)
                let difference = a - b, se = (va / Double(inside.count) + vb / Double(outside.count)).squareRoot()
                claims.append(Claim(claim: "NRW firms use digital technologies somewhat less intensively", published: "somewhat lower",
                                    synthetic: String(format: "%.2f vs %.2f technologies, difference %+.2f [%+.2f, %+.2f]", a, b, difference,
                                                      difference - 1.96 * se, difference + 1.96 * se),
                                    verdict: difference + 1.96 * se < 0 ? .reproduced : .notReproduced("the 95 % interval of the difference includes 0")))
            }
        }
        // Motives among backshorers (Abb. 1).
        let motives = [("motive_flexibility", "Loss of flexibility and delivery ability is named by more than half of backshorers", 0.5),
                       ("motive_quality", "Quality problems are named by more than half of backshorers", 0.5)]
        for (column, claim, threshold) in motives {
            let named = values(column)
            guard !named.isEmpty else { continue }
            let motiveShare = share(backshorers.filter { named[$0] == 1 }.count, backshorers.count)
            claims.append(Claim(claim: claim, published: "> 50 %", synthetic: motiveShare.text,
                                verdict: motiveShare.rate > threshold ? .reproduced : .notReproduced("at most half")))
        }
        let coordination = values("motive_coordination")
        if !coordination.isEmpty {
            let coordinationShare = share(backshorers.filter { coordination[$0] == 1 }.count, backshorers.count)
            claims.append(Claim(claim: "Coordination and support costs are named by about a quarter", published: "about 25 %",
                                synthetic: coordinationShare.text, verdict: covers(coordinationShare.interval, 0.25)))
        }
        // Origins.
        if let origins = data["origin_region"] {
            var counts = [String: Int]()
            for row in backshorers { counts[origins.text(at: row) ?? "", default: 0] += 1 }
            let eu = counts["EU-15"] ?? 0, largest = counts.filter { $0.key != "EU-15" }.values.max() ?? 0
            let euShare = share(eu, backshorers.count)
            claims.append(Claim(claim: "EU-15 is the largest origin of backshored activities, about one third", published: "largest, about ⅓",
                                synthetic: euShare.text + (eu > largest ? ", the largest" : ", not the largest"),
                                verdict: eu > largest && euShare.interval.lower <= 1.0 / 3 && 1.0 / 3 <= euShare.interval.upper ? .reproduced
                                    : .notReproduced(eu > largest ? "the 95 % interval excludes ⅓" : "another region is as large")))
            let america = share(counts["North_America"] ?? 0, backshorers.count)
            claims.append(Claim(claim: "North America is the origin of 16 %", published: "16 %", synthetic: america.text, verdict: covers(america.interval, 0.16)))
            let outside = share((counts["North_America"] ?? 0) + (counts["Asia"] ?? 0) + (counts["other"] ?? 0), backshorers.count)
            claims.append(Claim(claim: "More than 55 % come from outside Europe", published: "> 55 %", synthetic: outside.text,
                                verdict: outside.rate > 0.55 ? .reproduced : .notReproduced("at most 55 %")))
        }
        // Sectors with the most backshoring.
        if let sectors = data["sector"] {
            var firms = [String: Int](), events = [String: Int]()
            for row in 0..<n { let s = sectors.text(at: row) ?? ""; firms[s, default: 0] += 1; events[s, default: 0] += back[row] == 1 ? 1 : 0 }
            let ranked = firms.keys.sorted { (Double(events[$0] ?? 0) / Double(firms[$0] ?? 1), $1) > (Double(events[$1] ?? 0) / Double(firms[$1] ?? 1), $0) }
            let top = Array(ranked.prefix(3))
            let published: Set<String> = ["electrical_equipment", "computer_electronics", "automotive"]
            claims.append(Claim(claim: "Most backshoring in electrical equipment, ICT equipment and automotive", published: "those three",
                                synthetic: "top three: " + top.map { "\($0) \(events[$0] ?? 0)/\(firms[$0] ?? 0)" }.joined(separator: ", "),
                                verdict: Set(top) == published ? .reproduced
                                    : .notReproduced("\(Set(top).intersection(published).count) of the 3; with ~\(backshorers.count) events a sector's rank rests on a handful of firms")))
        }
        claims.append(Claim(claim: "Motives shift across three phases (up to 2003, 2004–2010, from 2011): delivery 53 % in the first, automation 58 % in the third",
                            published: "53 % / 58 % (vs 35 % / 12 % overall)", synthetic: "—",
                            verdict: .notReproducible("the survey asks about 2013 to mid-2015 only; the phases come from the brief's case collection")))
        claims.append(Claim(claim: "In 57 case examples quality and delivery are each named by about half, capacity 18 %, automation 12 %; 20 % are in NRW",
                            published: "≈ 50 % / 18 % / 12 %; 20 % NRW", synthetic: "—",
                            verdict: .notReproducible("a separate collection of published cases, not survey firms; not simulated")))
        return claims
    }
}
