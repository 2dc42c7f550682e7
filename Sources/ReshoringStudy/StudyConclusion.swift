import Foundation

/// The conclusion, computed from one model's numbers: a direction only when its test rejects.
public enum StudyConclusion {
    /// What the conclusion is computed from, all of one model (the headline: Firth's logit).
    public struct Evidence: Sendable, Equatable {
        /// The I4.0 coefficient (log odds per technology).
        public var coefficient: Double
        /// Its profile penalized-likelihood 95 % interval.
        public var coefficientInterval: (lower: Double, upper: Double)
        /// The penalized likelihood-ratio test: statistic, degrees of freedom, p-value.
        public var test: (statistic: Double, degreesOfFreedom: Int, pValue: Double)
        /// The AME of one more technology, as a probability.
        public var effect: Double
        /// Its bootstrap interval (BCa), as probabilities; `nil` without a bootstrap.
        public var bootstrapInterval: (lower: Double, upper: Double)?
        /// The within-sector permutation test's p-value (`nil`: not run).
        public var permutationPValue: Double?
        /// Backshorers and firms among non-users and advanced users (the unadjusted comparison).
        public var nonUsers: (backshorers: Int, firms: Int)
        /// Advanced users.
        public var advanced: (backshorers: Int, firms: Int)
        /// Whether the association is an input of the data (the simulator's): the conclusion then
        /// says the analysis recovers it, never that it agrees with the published finding.
        public var effectIsAnInput = false
        /// The Monte Carlo standard error of the permutation p-value (`nil`: not given).
        public var permutationStandardError: Double?

        /// Creates the evidence.
        public init(coefficient: Double, coefficientInterval: (lower: Double, upper: Double),
                    test: (statistic: Double, degreesOfFreedom: Int, pValue: Double), effect: Double,
                    bootstrapInterval: (lower: Double, upper: Double)?, permutationPValue: Double?,
                    nonUsers: (backshorers: Int, firms: Int), advanced: (backshorers: Int, firms: Int)) {
            self.coefficient = coefficient
            self.coefficientInterval = coefficientInterval
            self.test = test
            self.effect = effect
            self.bootstrapInterval = bootstrapInterval
            self.permutationPValue = permutationPValue
            self.nonUsers = nonUsers
            self.advanced = advanced
        }

        public static func == (a: Evidence, b: Evidence) -> Bool {
            a.coefficient == b.coefficient && a.coefficientInterval == b.coefficientInterval && a.test == b.test && a.effect == b.effect
                && a.bootstrapInterval?.lower == b.bootstrapInterval?.lower && a.bootstrapInterval?.upper == b.bootstrapInterval?.upper
                && a.permutationPValue == b.permutationPValue && a.nonUsers == b.nonUsers && a.advanced == b.advanced
                && a.effectIsAnInput == b.effectIsAnInput && a.permutationStandardError == b.permutationStandardError
        }
    }

    /// "p < 0.0001" style: four decimals, or "< 0.0001".
    public static func pText(_ p: Double) -> String {
        guard p.isFinite else { return "NA" }
        return p < 0.0001 ? "< 0.0001" : String(format: "= %.4f", p)
    }

    /// "1 technology", "2 technologies".
    public static func technologies(_ count: Int) -> String { count == 1 ? "1 technology" : "\(count) technologies" }

    static func pp(_ x: Double) -> String { String(format: "%+.2f", 100 * x) }

    /// The conclusion: the direction only when the penalized LR test rejects at 5 %; "no evidence of
    /// an association" otherwise; the AME and its bootstrap interval in percentage points both; a
    /// sentence when the test and the bootstrap interval disagree; the unadjusted comparison
    /// without a ratio where non-users have no backshorer.
    public static func sentence(_ e: Evidence) -> String {
        let significant = e.test.pValue < 0.05
        let testText = "penalized LR χ²(\(e.test.degreesOfFreedom)) = \(String(format: "%.2f", e.test.statistic)), p \(pText(e.test.pValue))"
        var parts = [String]()
        let effectText = "each additional technology changes the backshoring probability by \(pp(e.effect)) percentage points on average"
            + (e.bootstrapInterval.map { " (bootstrap BCa 95 % interval \(pp($0.lower)) to \(pp($0.upper)) points)" } ?? "")
        if significant {
            let direction = e.coefficient > 0 ? "more" : "less"
            parts.append("Firms that use more Industrie 4.0 technologies backshore \(direction) often, holding firm size and sector group fixed "
                         + "(Firth's logit, \(testText); log odds \(String(format: "%+.3f", e.coefficient)) per technology, profile 95 % interval "
                         + "\(String(format: "%+.3f", e.coefficientInterval.lower)) to \(String(format: "%+.3f", e.coefficientInterval.upper))): \(effectText).")
            if e.effectIsAnInput && e.coefficient > 0 {
                parts.append("The association is an input of the synthetic data's generating process: this shows that the analysis recovers it, not that the published finding holds.")
            } else if e.effectIsAnInput {
                parts.append("This is the opposite of the published finding, and of the association built into the synthetic data.")
            } else {
                parts.append(e.coefficient > 0 ? "This is in line with the published finding."
                             : "This is the opposite of the published finding.")
            }
        } else {
            parts.append("These data show no evidence of an association between Industrie 4.0 use and backshoring, holding firm size and "
                         + "sector group fixed (Firth's logit, \(testText)); "
                         + (e.effectIsAnInput ? "the association built into the synthetic data is not recovered" : "the published finding is not reproduced")
                         + ". The point estimate: \(effectText).")
        }
        if let interval = e.bootstrapInterval {
            let excludesZero = interval.lower > 0 || interval.upper < 0
            if excludesZero != significant {
                parts.append(significant
                    ? "The bootstrap interval of the AME includes zero although the test rejects: the evidence is borderline, and the direction rests on the test alone."
                    : "The bootstrap interval of the AME excludes zero although the test does not reject at 5 %: the evidence is borderline, not a finding.")
            }
        }
        if let p = e.permutationPValue {
            let error = e.permutationStandardError.map { String(format: " (Monte Carlo SE %.4f)", $0) } ?? ""
            parts.append("A within-sector permutation test of the I4.0 term gives p \(pText(p))\(error)"
                         + ((p < 0.05) == significant ? ", in agreement." : ", which disagrees with the LR test: read the result as borderline."))
        }
        let (a, n) = (e.advanced, e.nonUsers)
        guard a.firms > 0 && n.firms > 0 else {
            parts.append("The data have no \(n.firms == 0 ? "non-users" : "advanced users") of Industrie 4.0, so the unadjusted comparison of advanced firms with non-users is not made.")
            return parts.joined(separator: " ")
        }
        let advancedRate = a.firms > 0 ? Double(a.backshorers) / Double(a.firms) : .nan
        let nonUserRate = n.firms > 0 ? Double(n.backshorers) / Double(n.firms) : .nan
        var raw = String(format: "Unadjusted, %.1f %% of advanced firms (%d of %d) and %.1f %% of non-users (%d of %d) backshored",
                         100 * advancedRate, a.backshorers, a.firms, 100 * nonUserRate, n.backshorers, n.firms)
        if n.backshorers > 0 && a.firms > 0 {
            raw += String(format: " (%.1f times as often).", advancedRate / nonUserRate)
        } else {
            raw += ": no non-user backshored, so the ratio is not defined."
        }
        parts.append(raw)
        return parts.joined(separator: " ")
    }
}
