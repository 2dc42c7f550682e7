import Foundation

/// One empirical statement of the brief, set against the data: what kind of evidence the data can
/// be for it, the rule that judges it, and the verdict.
public struct Claim: Sendable, Equatable {
    /// What the data can say about a claim (issue 34, item 1). On synthetic data most statements
    /// are inputs: a reproduction shows that the analysis recovers what was built in, not that the
    /// finding holds.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// A margin the synthetic sample is set to (exactly in the bundled calibrated sample, in
        /// expectation in a simulated draw): no evidence.
        case calibrated = "calibrated"
        /// Contained in the simulator's data-generating process; the analysis recovers it.
        case builtIn = "built into the simulator"
        /// Not an input: the data could have said otherwise (every testable claim on real data).
        case emergent = "emergent"
        /// These data cannot test it (`Claim.reason` says why).
        case notTestable = "not testable with these data"
    }

    /// What a claim's rule says about the data.
    public enum Judgement: Sendable, Equatable {
        /// The rule's condition holds (e.g. the whole 95 % interval lies in the claim's band).
        case holds(String)
        /// The point estimate agrees but its interval reaches beyond the claim: consistent, not shown.
        case consistent(String)
        /// The claim is false in these data.
        case fails(String)
    }

    /// The verdict: the judgement read by the kind of evidence.
    public enum Verdict: Sendable, Equatable {
        /// An emergent claim the data show.
        case reproduced
        /// An emergent claim the data agree with without showing it.
        case consistent(String)
        /// An emergent claim the data contradict or do not show.
        case notReproduced(String)
        /// A calibrated margin the data match (no evidence).
        case asCalibrated
        /// A calibrated margin the data miss (a simulated draw away from its expectation).
        case offCalibration(String)
        /// A built-in feature the analysis recovers.
        case recovered
        /// A built-in feature the analysis recovers only in the point estimate.
        case recoveredWeakly(String)
        /// A built-in feature the analysis does not recover.
        case notRecovered(String)
        /// Not testable with these data.
        case notTestable(String)

        /// The verdict in words.
        public var text: String {
            switch self {
            case .reproduced: return "reproduced"
            case .consistent(let why): return "consistent, not shown (\(why))"
            case .notReproduced(let why): return "not reproduced (\(why))"
            case .asCalibrated: return "as calibrated (an input, no evidence)"
            case .offCalibration(let why): return "off its calibration (\(why))"
            case .recovered: return "recovered (built in)"
            case .recoveredWeakly(let why): return "recovered in the point estimate only (\(why))"
            case .notRecovered(let why): return "not recovered (\(why))"
            case .notTestable(let why): return "not testable with these data (\(why))"
            }
        }

        /// Whether the verdict says the data show the claim as evidence (only an emergent claim can).
        public var isReproduced: Bool { self == .reproduced }
    }

    /// The claim, in the brief's words (translated).
    public let claim: String
    /// Where the statement comes from: the brief, or the press release or paper behind a figure.
    public let source: String
    /// The published figure, with the band the rule reads it as.
    public let published: String
    /// The figure in these data, with its 95 % interval where one applies ("—" where none).
    public let synthetic: String
    /// The kind of evidence these data are for it.
    public let kind: Kind
    /// The rule's judgement (nil for a claim that is not testable).
    public let judgement: Judgement?
    /// Why it is not testable, or what makes it calibrated or built in.
    public let reason: String?

    /// A claim judged by a rule.
    public init(claim: String, source: String, published: String, synthetic: String, kind: Kind, judgement: Judgement?,
                reason: String? = nil) {
        self.claim = claim
        self.source = source
        self.published = published
        self.synthetic = synthetic
        self.kind = judgement == nil ? .notTestable : kind
        self.judgement = judgement
        self.reason = reason
    }

    /// The verdict: only an emergent claim can be reproduced.
    public var verdict: Verdict {
        guard let judgement, kind != .notTestable else { return .notTestable(reason ?? "no data for it") }
        switch (kind, judgement) {
        case (.emergent, .holds): return .reproduced
        case (.emergent, .consistent(let why)): return .consistent(why)
        case (.emergent, .fails(let why)): return .notReproduced(why)
        case (.calibrated, .holds), (.calibrated, .consistent): return .asCalibrated
        case (.calibrated, .fails(let why)): return .offCalibration(why)
        case (.builtIn, .holds): return .recovered
        case (.builtIn, .consistent(let why)): return .recoveredWeakly(why)
        case (.builtIn, .fails(let why)): return .notRecovered(why)
        case (.notTestable, _): return .notTestable(reason ?? "no data for it")
        }
    }
}

/// The verdict rules of the claims (issue 34, item 2): one rule per kind of statement, each
/// stated, each able to fail, and each reason read off the interval printed beside it.
public enum ClaimRules {
    /// A share's claim as a band: "about 3 %" is [2.5 %, 3.5 %], "> 50 %" is (50 %, 100 %].
    public struct Band: Sendable, Equatable {
        /// Lower end.
        public let lower: Double
        /// Upper end.
        public let upper: Double
        /// Whether the lower end belongs to the band ("> 50 %" excludes 50 %).
        public let includesLower: Bool
        /// Whether the upper end belongs to the band ("just under 4 %" excludes 4 %).
        public let includesUpper: Bool

        /// The band [lower, upper] (ends included unless said).
        public init(_ lower: Double, _ upper: Double, includesLower: Bool = true, includesUpper: Bool = true) {
            self.lower = lower
            self.upper = upper
            self.includesLower = includesLower
            self.includesUpper = includesUpper
        }

        /// "about x": x ± `halfWidth`.
        public static func about(_ x: Double, _ halfWidth: Double) -> Band { Band(x - halfWidth, x + halfWidth) }
        /// "more than x".
        public static func above(_ x: Double) -> Band { Band(x, 1, includesLower: false) }

        /// Whether `x` is in the band.
        public func contains(_ x: Double) -> Bool {
            (includesLower ? x >= lower : x > lower) && (includesUpper ? x <= upper : x < upper)
        }

        /// "[2.5 %, 3.5 %]", "(50 %, 100 %]".
        public var text: String {
            (includesLower ? "[" : "(") + StudyClaims.percent(lower) + ", " + StudyClaims.percent(upper) + (includesUpper ? "]" : ")")
        }
    }

    /// The one rule for shares: the claim holds when the whole 95 % interval lies in its band, is
    /// consistent when the estimate does, and fails when the estimate lies outside it.
    public static func share(estimate: Double, interval: (lower: Double, upper: Double), band: Band) -> Claim.Judgement {
        let range = "[\(StudyClaims.percent(interval.lower)), \(StudyClaims.percent(interval.upper))]"
        if band.contains(interval.lower) && band.contains(interval.upper) {
            return .holds("the 95 % interval \(range) lies in \(band.text)")
        }
        if band.contains(estimate) {
            return .consistent("the estimate \(StudyClaims.percent(estimate)) is in \(band.text), its 95 % interval \(range) reaches beyond")
        }
        let disjoint = interval.upper < band.lower || interval.lower > band.upper
        return .fails("the estimate \(StudyClaims.percent(estimate)) is outside \(band.text)"
                      + (disjoint ? ", and so is its 95 % interval \(range)" : "; its 95 % interval \(range) reaches into it"))
    }

    /// The band of "about 10 times": a ratio within [5, 20].
    public static let tenTimes = 5.0...20.0

    /// "About 10 times as often": the ratio within [5, 20] and its 95 % interval above 1; and, for
    /// the unadjusted comparison, the association itself significant (`associationP` < 0.05, the
    /// headline test; nil where not required).
    public static func aboutTenTimes(ratio: Double, interval: (lower: Double, upper: Double), associationP: Double? = nil) -> Claim.Judgement {
        let range = String(format: "[%.1f, %.1f]", interval.lower, interval.upper)
        guard ratio.isFinite else { return .fails("no ratio") }
        if let p = associationP, !(p < 0.05) {
            return .fails("the association itself is not significant (p \(StudyConclusion.pText(p)))")
        }
        let inBand = tenTimes.contains(ratio)
        let aboveOne = interval.lower > 1
        if inBand && aboveOne { return .holds(String(format: "%.1f× is in [5, 20] and the 95 %% interval %@ lies above 1", ratio, range)) }
        if !aboveOne {
            let where1 = interval.upper < 1 ? "lies below 1" : "includes 1"
            return .fails(String(format: "the 95 %% interval %@ %@", range, where1) + (inBand ? "" : String(format: "; %.1f× is outside [5, 20]", ratio)))
        }
        return .fails(String(format: "%.1f× is outside [5, 20] (95 %% interval %@)", ratio, range))
    }

    /// A difference claimed positive (or negative, `sign` −1): holds when its 95 % interval
    /// excludes 0 on that side, consistent when the estimate has the sign, fails otherwise.
    public static func signed(_ estimate: Double, interval: (lower: Double, upper: Double), sign: Double, what: String) -> Claim.Judgement {
        let range = String(format: "[%+.2f, %+.2f]", interval.lower, interval.upper)
        if sign > 0 ? interval.lower > 0 : interval.upper < 0 { return .holds("the 95 % interval \(range) excludes 0") }
        if estimate * sign > 0 { return .consistent("\(what) has the sign, but its 95 % interval \(range) includes 0") }
        return .fails("\(what) is \(sign > 0 ? "not positive" : "not negative") (95 % interval \(range))")
    }

    /// A significance claim: holds when the test rejects at 5 % in the claimed direction (`sign`
    /// of the estimate; 0: no direction), fails otherwise.
    public static func significant(estimate: Double, pValue: Double, sign: Double, test: String) -> Claim.Judgement {
        if pValue < 0.05 && (sign == 0 || estimate * sign > 0) { return .holds("\(test) p \(StudyConclusion.pText(pValue))") }
        if pValue < 0.05 { return .fails("significant in the other direction (\(test) p \(StudyConclusion.pText(pValue)))") }
        return .fails("not significant at 5 % (\(test) p \(StudyConclusion.pText(pValue)))")
    }

    /// An absence claim ("not associated"): holds when the test does not reject at 5 %. (A test of
    /// low power holds it too: the figure beside it shows the estimate.)
    public static func notSignificant(pValue: Double, test: String) -> Claim.Judgement {
        pValue >= 0.05 ? .holds("\(test) p \(StudyConclusion.pText(pValue)) ≥ 0.05") : .fails("significant at 5 % (\(test) p \(StudyConclusion.pText(pValue)))")
    }
}
