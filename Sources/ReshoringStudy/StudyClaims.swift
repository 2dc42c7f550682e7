import Foundation
import Regress

/// The brief's empirical statements (shared/reshoring-facts.md, the seed brief) evaluated on
/// study data: every statement, its source, the kind of evidence these data are for it
/// (`Claim.Kind`), the figure with its interval, and the verdict of its rule (`ClaimRules`).
public enum StudyClaims {
    static func percent(_ x: Double, digits: Int = 1) -> String { String(format: "%.\(digits)f %%", 100 * x) }

    static func share(_ events: Int, _ total: Int, digits: Int = 1) -> (rate: Double, text: String, interval: (lower: Double, upper: Double)) {
        let interval = wilsonInterval(successes: Double(events), trials: Double(total))
        let rate = total > 0 ? Double(events) / Double(total) : .nan
        return (rate, "\(percent(rate, digits: digits)) (\(events) of \(total)) [\(percent(interval.lower)), \(percent(interval.upper))]", interval)
    }

    /// The difference of two shares with its Wald 95 % interval.
    static func difference(_ a: (events: Int, total: Int), _ b: (events: Int, total: Int)) -> (estimate: Double, interval: (lower: Double, upper: Double)) {
        let pa = Double(a.events) / Double(max(a.total, 1)), pb = Double(b.events) / Double(max(b.total, 1))
        let se = (pa * (1 - pa) / Double(max(a.total, 1)) + pb * (1 - pb) / Double(max(b.total, 1))).squareRoot()
        let d = pa - pb
        return (d, (d - 1.959963984540054 * se, d + 1.959963984540054 * se))
    }

    /// Sources of the statements.
    enum Source {
        static let brief = "the brief (Kinkel, FGW policy brief)"
        static let press2017 = "VDI/Fraunhofer ISI press release (2017); the brief"
        static let tenTimes = "VDI/Fraunhofer ISI press release (2017)"
        static let karlsruhe = "VDI study project page (Hochschule Karlsruhe)"
        static let figure1 = "the brief, Abb. 1 (Kinkel & Jäger 2017; EMS 2015)"
        static let origins = "the brief; VDI/Fraunhofer ISI press release (2017)"
        static let sectors = "EMS 2015 papers (Dachs, Kinkel & Jäger 2019)"
        static let association = "the brief; Dachs, Kinkel & Jäger (2019)"
    }

    /// Every statement of the brief against `data`. `synthetic`: the data are the simulator's, so
    /// the kinds say which statements are inputs; otherwise every testable statement is emergent.
    /// `headlineP` is the headline's test of the association (the unadjusted ratio needs it).
    static func evaluate(data: DataTable, rates: [LevelRate], headline: FitReport, placebo: FitReport?,
                         riskRatio: PredictionContrast?, synthetic: Bool) throws -> [Claim] {
        let n = data.rowCount
        func values(_ name: String) -> [Double] { data[name]?.numericValues ?? [] }
        func kind(_ syntheticKind: Claim.Kind) -> Claim.Kind { synthetic ? syntheticKind : .emergent }
        let back = values("backshored"), off = values("offshored")
        let backshorers = back.indices.filter { back[$0] == 1 }
        var claims = [Claim]()
        let backShare = share(backshorers.count, n)
        let aboutThree = ClaimRules.Band.about(0.03, 0.005)
        claims.append(Claim(claim: "About 3 % of manufacturing firms backshored production (2013 to mid-2015)", source: Source.press2017,
                            published: "about 3 % (band \(aboutThree.text))", synthetic: backShare.text, kind: kind(.calibrated),
                            judgement: ClaimRules.share(estimate: backShare.rate, interval: backShare.interval, band: aboutThree)))
        if !off.isEmpty {
            let offshorers = off.filter { $0 == 1 }.count
            let offShare = share(offshorers, n)
            let tenth = ClaimRules.Band(0.08, 0.10)
            claims.append(Claim(claim: "Every tenth firm offshored production", source: Source.press2017, published: "9 % (band \(tenth.text))",
                                synthetic: offShare.text, kind: kind(.calibrated),
                                judgement: ClaimRules.share(estimate: offShare.rate, interval: offShare.interval, band: tenth)))
            let ratio = offshorers > 0 ? Double(backshorers.count) / Double(offshorers) : .nan
            claims.append(Claim(claim: "One backshorer for every third offshorer", source: Source.brief, published: "1 : 3 (band 0.25–0.45)",
                                synthetic: offshorers > 0 ? String(format: "%.2f (%d : %d)", ratio, backshorers.count, offshorers) : "no offshorer",
                                kind: kind(.calibrated),
                                judgement: (0.25...0.45).contains(ratio) ? .consistent("the ratio is in 0.25–0.45") : .fails("the ratio is outside 0.25–0.45")))
        }
        let associationP = headline.tests.first?.likelihoodRatio?.pValue
        // Advanced vs non-users: the unadjusted rate ratio with Katz's log interval.
        let tenClaim = "Digitally advanced firms backshore about 10 times as often as non-users"
        if let first = rates.first(where: { $0.level == "non-user" }), let last = rates.first(where: { $0.level == "advanced" }) {
            if first.backshorers == 0 || last.backshorers == 0 {
                claims.append(Claim(claim: tenClaim, source: Source.tenTimes, published: "about 10× (band 5–20, interval above 1)",
                                    synthetic: "\(last.backshorers) of \(last.firms) advanced, \(first.backshorers) of \(first.firms) non-users: no ratio",
                                    kind: kind(.calibrated), judgement: .fails("a level without backshorers")))
            } else {
                let ratio = last.rate / first.rate
                let se = (1 / Double(last.backshorers) - 1 / Double(last.firms) + 1 / Double(first.backshorers) - 1 / Double(first.firms)).squareRoot()
                let interval = (ratio * exp(-1.959963984540054 * se), ratio * exp(1.959963984540054 * se))
                claims.append(Claim(claim: tenClaim, source: Source.tenTimes, published: "about 10× (band 5–20, interval above 1)",
                                    synthetic: String(format: "%.1f× (%@ vs %@) [%.1f, %.1f]", ratio, percent(last.rate), percent(first.rate), interval.0, interval.1),
                                    kind: kind(.calibrated),
                                    judgement: ClaimRules.aboutTenTimes(ratio: ratio, interval: interval, associationP: associationP ?? .nan)))
            }
        } else {
            claims.append(Claim(claim: tenClaim, source: Source.tenTimes, published: "about 10×", synthetic: "—", kind: .notTestable, judgement: nil,
                                reason: "the data have no non-users or no advanced users"))
        }
        if let rr = riskRatio, rr.ratioLower.isFinite {
            claims.append(Claim(claim: "Advanced firms backshore about 10 times as often as non-users, adjusted for firm size and sector group",
                                source: Source.tenTimes, published: "about 10× (band 5–20, interval above 1)",
                                synthetic: String(format: "%.1f× (Firth's logit, average predictions) [%.1f, %.1f]", rr.ratio, rr.ratioLower, rr.ratioUpper),
                                kind: kind(.builtIn), judgement: ClaimRules.aboutTenTimes(ratio: rr.ratio, interval: (rr.ratioLower, rr.ratioUpper))))
        }
        // The association, adjusted for size and sector group: the headline's penalized LR test.
        let term = StudyResults.term
        if let test = headline.tests.first?.likelihoodRatio, let coefficient = headline.fit.coefficient(term)?.estimate {
            claims.append(Claim(claim: "A clear positive association between Industrie 4.0 use and backshoring", source: Source.association,
                                published: "clear, positive (a test rejecting at 5 %)",
                                synthetic: String(format: "log odds %+.3f per technology, penalized LR p %@ (Firth)", coefficient,
                                                  StudyConclusion.pText(test.pValue)),
                                kind: kind(.builtIn), judgement: ClaimRules.significant(estimate: coefficient, pValue: test.pValue, sign: 1,
                                                                                           test: "penalized LR")))
        }
        claims += mechanismClaims(data: data, backshorers: backshorers, kind: kind)
        if let placebo, let test = placebo.tests.first?.likelihoodRatio, let coefficient = placebo.fit.coefficient(term)?.estimate {
            claims.append(Claim(claim: "Digitalisation is not associated with offshoring", source: Source.karlsruhe,
                                published: "no significant association (a test not rejecting at 5 %)",
                                synthetic: String(format: "log odds %+.3f, penalized LR p %@ (Firth)", coefficient, StudyConclusion.pText(test.pValue)),
                                kind: kind(.builtIn), judgement: ClaimRules.notSignificant(pValue: test.pValue, test: "penalized LR")))
        }
        claims += northRhineWestphaliaClaims(data: data, back: back, kind: kind)
        claims += motiveAndOriginClaims(data: data, backshorers: backshorers, kind: kind, synthetic: synthetic)
        claims += sectorClaims(data: data, back: back, backshorers: backshorers.count, kind: kind)
        claims += untestableClaims
        return claims
    }

    /// The mechanism the brief proposes: digitalisation raises automation (and flexibility for
    /// customised production). What these data can show: the automation motive by readiness level.
    static func mechanismClaims(data: DataTable, backshorers: [Int], kind: (Claim.Kind) -> Claim.Kind) -> [Claim] {
        var claims = [Claim]()
        let automation = data["motive_automation"]?.numericValues ?? []
        if let levels = data["i40_level"], !automation.isEmpty {
            let high = backshorers.filter { ["active", "advanced"].contains(levels.text(at: $0) ?? "") }
            let low = backshorers.filter { ["non-user", "basic"].contains(levels.text(at: $0) ?? "") }
            let a = (high.filter { automation[$0] == 1 }.count, high.count), b = (low.filter { automation[$0] == 1 }.count, low.count)
            let d = difference(a, b)
            claims.append(Claim(claim: "Backshoring runs through automation: digitally advanced backshorers name automation more often",
                                source: Source.brief, published: "a mechanism (no figure); read as: the automation motive is more frequent among active/advanced backshorers",
                                synthetic: String(format: "%d of %d active/advanced vs %d of %d non-user/basic backshorers; difference %+.2f [%+.2f, %+.2f]",
                                                  a.0, a.1, b.0, b.1, d.estimate, d.interval.lower, d.interval.upper),
                                kind: kind(.builtIn),
                                judgement: high.isEmpty || low.isEmpty ? .fails("no backshorers at one end of the scale")
                                    : ClaimRules.signed(d.estimate, interval: d.interval, sign: 1, what: "the difference")))
        }
        claims.append(Claim(claim: "…and through flexibility for customised production near European customers", source: Source.brief,
                            published: "a mechanism (no figure)", synthetic: "—", kind: .notTestable, judgement: nil,
                            reason: "the survey has no measure of customisation or customer proximity; motives by readiness level are the most the data show"))
        return claims
    }

    /// North Rhine-Westphalia: the backshoring rate in both parts of the statement, and digital use.
    static func northRhineWestphaliaClaims(data: DataTable, back: [Double], kind: (Claim.Kind) -> Claim.Kind) -> [Claim] {
        guard let states = data["state"] else { return [] }
        let n = data.rowCount
        let nrw = (0..<n).filter { states.text(at: $0) == "Nordrhein-Westfalen" }
        guard !nrw.isEmpty, nrw.count < n else { return [] }
        let rest = Set(nrw).symmetricDifference(0..<n).sorted()
        // Two decimals: "just under 4 %" is 3.96 % here, which one decimal shows as 4.0 %.
        let nrwEvents = nrw.filter { back[$0] == 1 }.count, restEvents = rest.filter { back[$0] == 1 }.count
        let nrwShare = share(nrwEvents, nrw.count, digits: 2)
        let d = difference((nrwEvents, nrw.count), (restEvents, rest.count))
        let justUnder = ClaimRules.Band(0.035, 0.04, includesUpper: false)
        // Both parts: just under 4 % (the estimate in [3.5 %, 4 %)) and above the rest of Germany.
        let level = ClaimRules.share(estimate: nrwShare.rate, interval: nrwShare.interval, band: justUnder)
        let above = ClaimRules.signed(d.estimate, interval: d.interval, sign: 1, what: "NRW's rate minus the rest's")
        let judgement: Claim.Judgement
        switch (level, above) {
        case (.fails(let why), _): judgement = .fails("just under 4 %: " + why)
        case (_, .fails(let why)): judgement = .fails("above the rest of Germany: " + why)
        case (.holds, .holds): judgement = .holds("both parts")
        case (.consistent(let why), _), (_, .consistent(let why)): judgement = .consistent(why)
        }
        var claims = [Claim(claim: "In North Rhine-Westphalia the backshoring rate is just under 4 %, somewhat above Germany's", source: Source.brief,
                            published: "just under 4 % (\(justUnder.text)) and above the rest of Germany",
                            synthetic: nrwShare.text + String(format: "; rest of Germany %@; difference %+.2f points [%+.2f, %+.2f]",
                                                               percent(Double(restEvents) / Double(rest.count), digits: 2), 100 * d.estimate,
                                                               100 * d.interval.lower, 100 * d.interval.upper),
                            kind: kind(.calibrated), judgement: judgement)]
        let technologies = data["i40_technologies"]?.numericValues ?? []
        let inside = nrw.map { technologies[$0] }, outside = rest.map { technologies[$0] }
        func meanAndVariance(_ xs: [Double]) -> (Double, Double) {
            let mean = xs.reduce(0, +) / Double(xs.count)
            return (mean, xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, xs.count - 1)))
        }
        let (a, va) = meanAndVariance(inside), (b, vb) = meanAndVariance(outside)
        let gap = a - b, se = (va / Double(inside.count) + vb / Double(outside.count)).squareRoot()
        claims.append(Claim(claim: "NRW firms use digital technologies somewhat less intensively", source: Source.brief, published: "somewhat lower (a negative difference)",
                            synthetic: String(format: "%.2f vs %.2f technologies, difference %+.2f [%+.2f, %+.2f]", a, b, gap, gap - 1.96 * se, gap + 1.96 * se),
                            kind: kind(.builtIn), judgement: ClaimRules.signed(gap, interval: (gap - 1.96 * se, gap + 1.96 * se), sign: -1, what: "the difference")))
        return claims
    }

    /// Motives (Abb. 1) and origins among the backshorers, by one share rule; and the EU-15
    /// capacity motive, which the simulator does not generate.
    static func motiveAndOriginClaims(data: DataTable, backshorers: [Int], kind: (Claim.Kind) -> Claim.Kind, synthetic: Bool) -> [Claim] {
        var claims = [Claim]()
        func values(_ name: String) -> [Double] { data[name]?.numericValues ?? [] }
        let motives: [(String, String, String, ClaimRules.Band)] = [
            ("motive_flexibility", "Loss of flexibility and delivery ability is named by more than half of backshorers", "> 50 %", .above(0.5)),
            ("motive_quality", "Quality problems are named by more than half of backshorers", "> 50 %", .above(0.5)),
            ("motive_coordination", "Coordination and support costs are named by about a quarter", "about 25 %", .about(0.25, 0.05)),
        ]
        for (column, claim, published, band) in motives {
            let named = values(column)
            guard !named.isEmpty, !backshorers.isEmpty else { continue }
            let motiveShare = share(backshorers.filter { named[$0] == 1 }.count, backshorers.count)
            claims.append(Claim(claim: claim, source: Source.figure1, published: "\(published) (band \(band.text))", synthetic: motiveShare.text,
                                kind: kind(.calibrated), judgement: ClaimRules.share(estimate: motiveShare.rate, interval: motiveShare.interval, band: band)))
        }
        guard let origins = data["origin_region"], !backshorers.isEmpty else { return claims }
        var counts = [String: Int]()
        for row in backshorers { counts[origins.text(at: row) ?? "", default: 0] += 1 }
        let eu = counts["EU-15"] ?? 0, largest = counts.filter { $0.key != "EU-15" }.values.max() ?? 0
        let euShare = share(eu, backshorers.count), third = ClaimRules.Band.about(1.0 / 3, 0.05)
        let euJudgement = eu > largest ? ClaimRules.share(estimate: euShare.rate, interval: euShare.interval, band: third)
            : .fails("another region is as large or larger")
        claims.append(Claim(claim: "EU-15 is the largest origin of backshored activities, about one third", source: Source.origins,
                            published: "largest, about ⅓ (band \(third.text))",
                            synthetic: euShare.text + (eu > largest ? ", the largest" : ", not the largest"), kind: kind(.calibrated), judgement: euJudgement))
        let america = share(counts["North_America"] ?? 0, backshorers.count), sixteen = ClaimRules.Band.about(0.16, 0.04)
        claims.append(Claim(claim: "North America is the origin of 16 %", source: Source.origins, published: "16 % (band \(sixteen.text))",
                            synthetic: america.text, kind: kind(.calibrated),
                            judgement: ClaimRules.share(estimate: america.rate, interval: america.interval, band: sixteen)))
        let outside = share((counts["North_America"] ?? 0) + (counts["Asia"] ?? 0) + (counts["other"] ?? 0), backshorers.count)
        claims.append(Claim(claim: "More than 55 % come from outside Europe", source: Source.origins, published: "> 55 % (band \(ClaimRules.Band.above(0.55).text))",
                            synthetic: outside.text, kind: kind(.calibrated),
                            judgement: ClaimRules.share(estimate: outside.rate, interval: outside.interval, band: .above(0.55))))
        // "Mostly to concentrate capacity at the German headquarters": the capacity motive among
        // EU-15 backshorers. The simulator draws motives independently of origin.
        let capacity = values("motive_capacity")
        if !capacity.isEmpty {
            let euRows = backshorers.filter { origins.text(at: $0) == "EU-15" }, others = backshorers.filter { origins.text(at: $0) != "EU-15" }
            let euCapacity = share(euRows.filter { capacity[$0] == 1 }.count, euRows.count)
            let otherCapacity = share(others.filter { capacity[$0] == 1 }.count, others.count)
            let figure = "EU-15: \(euCapacity.text); other origins: \(otherCapacity.text)"
            let claim = "EU-15 backshoring is mostly to concentrate capacity at the German headquarters"
            if synthetic {
                claims.append(Claim(claim: claim, source: Source.brief, published: "mostly (> 50 % of EU-15 backshorers)", synthetic: figure,
                                    kind: .notTestable, judgement: nil,
                                    reason: "the simulator draws motives independently of origin, so the synthetic data cannot reproduce it; on real data the rule is the share band (50 %, 100 %]"))
            } else {
                claims.append(Claim(claim: claim, source: Source.brief, published: "mostly (> 50 % of EU-15 backshorers)", synthetic: figure,
                                    kind: .emergent, judgement: euRows.isEmpty ? .fails("no EU-15 backshorer")
                                        : ClaimRules.share(estimate: euCapacity.rate, interval: euCapacity.interval, band: .above(0.5))))
            }
        }
        return claims
    }

    /// The sectors with the most backshoring.
    static func sectorClaims(data: DataTable, back: [Double], backshorers: Int, kind: (Claim.Kind) -> Claim.Kind) -> [Claim] {
        guard let sectors = data["sector"] else { return [] }
        var firms = [String: Int](), events = [String: Int]()
        for row in 0..<data.rowCount { let s = sectors.text(at: row) ?? ""; firms[s, default: 0] += 1; events[s, default: 0] += back[row] == 1 ? 1 : 0 }
        let ranked = firms.keys.sorted { (Double(events[$0] ?? 0) / Double(firms[$0] ?? 1), $1) > (Double(events[$1] ?? 0) / Double(firms[$1] ?? 1), $0) }
        let top = Set(ranked.prefix(3))
        let published: Set<String> = ["electrical_equipment", "computer_electronics", "automotive"]
        let overlap = top.intersection(published).count
        let why = "\(overlap) of the 3 in the top three; with ~\(backshorers) events a sector's rank rests on a handful of firms"
        return [Claim(claim: "Most backshoring in electrical equipment, ICT equipment and automotive", source: Source.sectors,
                      published: "those three (the top three by rate)",
                      synthetic: "top three: " + ranked.prefix(3).map { "\($0) \(events[$0] ?? 0)/\(firms[$0] ?? 0)" }.joined(separator: ", "),
                      kind: kind(.builtIn), judgement: overlap == 3 ? .holds("all 3") : overlap == 2 ? .consistent(why) : .fails(why))]
    }

    /// The brief's statements a cross-section of German firms 2013–2015 cannot test, with the reason
    /// and the full published figures.
    static let untestableClaims: [Claim] = [
        Claim(claim: "Backshoring has grown over the last 10–20 years into a countermovement to offshoring", source: Source.brief,
              published: "a rising trend", synthetic: "—", kind: .notTestable, judgement: nil,
              reason: "one survey wave (2013 to mid-2015): a cross-section cannot carry a trend"),
        Claim(claim: "The origins of backshoring have shifted markedly against earlier surveys", source: Source.brief,
              published: "a shift (no figure)", synthetic: "—", kind: .notTestable, judgement: nil,
              reason: "one survey wave: there is no earlier distribution of origins in the data"),
        Claim(claim: "Motives shift across three phases: delivery 53 % in the first (up to 2003; 35 % over all phases) and automation 0 %; in the third (from 2011) automation 58 % (12 % overall) and flexibility 33 % (16 %)",
              source: Source.brief, published: "53 % / 0 %; 58 % / 33 % (vs 35 %, 12 %, 16 %)", synthetic: "—", kind: .notTestable, judgement: nil,
              reason: "the phases come from the brief's collection of published cases, not from the 2013–2015 survey"),
        Claim(claim: "In 57 case examples quality and delivery (with flexibility) are each named by about half, capacity at headquarters 18 %, automation 12 %; 20 % are in NRW, where capacity is named by 27 %",
              source: Source.brief, published: "≈ 50 % / 18 % / 12 %; 20 % NRW; 27 % capacity in NRW", synthetic: "—", kind: .notTestable, judgement: nil,
              reason: "a separate collection of published cases, not survey firms; not simulated"),
        Claim(claim: "Backshoring brings back few jobs, and those need higher qualifications; indirect effects through local suppliers may matter",
              source: Source.brief, published: "limited employment effects (no figure)", synthetic: "—", kind: .notTestable, judgement: nil,
              reason: "the survey records whether a firm backshored, not the jobs moved or their qualifications"),
        Claim(claim: "Local value chains will increasingly compete with global ones", source: Source.brief, published: "a forecast", synthetic: "—",
              kind: .notTestable, judgement: nil, reason: "a forecast about value chains; the data hold no value-chain or supplier information"),
        Claim(claim: "International research: Industrie 4.0 raises the attractiveness of Western industrial countries as production locations",
              source: Source.brief, published: "international findings (no figure)", synthetic: "—", kind: .notTestable, judgement: nil,
              reason: "German firms only; the international studies are cited, not re-analysed"),
    ]
}
