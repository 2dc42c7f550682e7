import Dispatch
import Distributions
import ParallelSupport

/// The classification table at a cutoff (Stata's `estat classification`).
public struct ClassificationTable: Sendable, Equatable {
    /// Predicted 1 when p̂ ≥ cutoff.
    public let cutoff: Double
    /// Events predicted as events.
    public let truePositives: Double
    /// Non-events predicted as events.
    public let falsePositives: Double
    /// Non-events predicted as non-events.
    public let trueNegatives: Double
    /// Events predicted as non-events.
    public let falseNegatives: Double

    /// TP / (TP + FN).
    public var sensitivity: Double { truePositives / (truePositives + falseNegatives) }
    /// TN / (TN + FP).
    public var specificity: Double { trueNegatives / (trueNegatives + falsePositives) }
    /// (TP + TN) / n.
    public var accuracy: Double { (truePositives + trueNegatives) / (truePositives + trueNegatives + falsePositives + falseNegatives) }
    /// TP / (TP + FP).
    public var positivePredictiveValue: Double { truePositives / (truePositives + falsePositives) }
    /// TN / (TN + FN).
    public var negativePredictiveValue: Double { trueNegatives / (trueNegatives + falseNegatives) }
}

/// Goodness-of-fit and discrimination of a binary-response fit.
public struct FitQuality: Sendable, Equatable {
    /// Area under the ROC curve (the Mann–Whitney probability, ties counting ½).
    public let auc: Double
    /// DeLong (1988) standard error of the AUC.
    public let aucStandardError: Double
    /// Lower bound of the DeLong interval (normal, clipped to [0, 1]).
    public let aucLower: Double
    /// Upper bound of the DeLong interval.
    public let aucUpper: Double
    /// Hosmer–Lemeshow χ² with `hosmerLemeshowGroups` groups.
    public let hosmerLemeshow: Double
    /// Number of groups actually formed (ties can merge quantile groups, as in Stata).
    public let hosmerLemeshowGroups: Int
    /// p-value on groups − 2 degrees of freedom.
    public let hosmerLemeshowPValue: Double
    /// Mean squared error of the probabilities, Σ(y − p̂)²/n.
    public let brier: Double
    /// The classification table at the chosen cutoff.
    public let classification: ClassificationTable
    /// Why the Hosmer–Lemeshow test and the AUC's interval are not given (NaN), e.g. under a
    /// survey design, where they would treat rows as independent draws; nil where they are.
    public private(set) var inferenceRefusal: String?

    /// The same measures without the model-based inference (the Hosmer–Lemeshow test, DeLong's
    /// interval): the point estimates stay, the tests and intervals are NaN with `reason`.
    public func refusingInference(_ reason: String) -> FitQuality {
        var result = FitQuality(auc: auc, aucStandardError: .nan, aucLower: .nan, aucUpper: .nan, hosmerLemeshow: .nan,
                                hosmerLemeshowGroups: hosmerLemeshowGroups, hosmerLemeshowPValue: .nan, brier: brier,
                                classification: classification)
        result.inferenceRefusal = reason
        return result
    }
}

/// Fit-quality measures from outcomes and fitted probabilities (pure functions).
public enum FitQualityMeasures {
    /// All measures, with a Wald level for the AUC interval, `groups` for Hosmer–Lemeshow and a
    /// classification `cutoff`.
    /// With frequency `weights`, every measure equals the measure on the rows replicated wᵢ times
    /// (rows of weight 0 drop out).
    public static func compute(response: [Double], fitted: [Double], level: Double = 0.95, groups: Int = 10,
                               cutoff: Double = 0.5, weights: [Double]? = nil) -> FitQuality {
        if let weights { return weighted(response: response, fitted: fitted, weights: weights, level: level, groups: groups, cutoff: cutoff) }
        // One sort per outcome group serves both the AUC and the Hosmer–Lemeshow quantiles (the
        // k-th smallest of the two sorted groups, `kthOfUnion`), instead of a third sort of all n.
        let (events, nonEvents) = sortedByOutcome(response: response, fitted: fitted)
        // DeLong's AUC beside the row-order sums (Hosmer–Lemeshow, Brier, classification).
        let (delong, rows) = sideBySide(rows: response.count, {
            aucDeLong(sortedEvents: events, sortedNonEvents: nonEvents)
        }, {
            let cuts: [Double]
            if events.count + nonEvents.count == fitted.count {
                cuts = cutpoints(total: Double(fitted.count), groups: groups) { kthOfUnion(events, nonEvents, Int($0)) }
            } else {
                let sorted = RadixSort.ascending(fitted)
                cuts = cutpoints(total: Double(sorted.count), groups: groups) { sorted[Int($0)] }
            }
            let brier = zip(response, fitted).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(response.count)
            return (hosmerLemeshow: hosmerLemeshow(response: response, fitted: fitted, cutpoints: cuts, groups: groups), brier: brier,
                    classification: classification(response: response, fitted: fitted, cutoff: cutoff))
        })
        return assemble(auc: delong.auc, standardError: delong.standardError, level: level, hosmerLemeshow: rows.hosmerLemeshow,
                        brier: rows.brier, classification: rows.classification)
    }

    /// `first()` and `second()`, side by side from 10⁵ rows, one after the other below: each is
    /// computed as on one core, so the results do not depend on where they ran.
    static func sideBySide<A: Sendable, B: Sendable>(rows: Int, _ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
        guard rows >= 100_000 else { return (first(), second()) }
        let results = Locked<(A?, B?)>((nil, nil))
        DispatchQueue.concurrentPerform(iterations: 2) { task in
            if task == 0 {
                let value = first()
                results.withLock { $0.0 = value }
            } else {
                let value = second()
                results.withLock { $0.1 = value }
            }
        }
        let (a, b) = results.withLock { $0 }
        // concurrentPerform returns after both tasks: both are set.
        return (a ?? first(), b ?? second())
    }

    /// The k-th smallest (from 0) of the union of the ascending arrays `a` and `b` (0 ≤ k < a.count
    /// + b.count), in O(log n): the value their merge would hold at k.
    static func kthOfUnion(_ a: [Double], _ b: [Double], _ k: Int) -> Double {
        // i values from a and j = k + 1 − i from b are the k + 1 smallest when a[i] ≥ b[j − 1]
        // (and b[j] ≥ a[i − 1]); the smallest such i is found by bisection.
        var low = max(0, k + 1 - b.count), high = min(k + 1, a.count)
        while low < high {
            let i = (low + high) / 2
            if a[i] < b[k - i] { low = i + 1 } else { high = i }
        }
        let i = low, j = k + 1 - low
        return max(i > 0 ? a[i - 1] : -.infinity, j > 0 ? b[j - 1] : -.infinity)
    }

    /// The measures with the AUC's Wald interval at `level` and the Hosmer–Lemeshow p-value on G − 2 df.
    static func assemble(auc: Double, standardError se: Double, level: Double, hosmerLemeshow: (statistic: Double, groups: Int),
                         brier: Double, classification: ClassificationTable) -> FitQuality {
        let z = Normal.quantile(0.5 + level / 2), (chi2, formed) = hosmerLemeshow
        return FitQuality(auc: auc, aucStandardError: se, aucLower: max(0, auc - z * se), aucUpper: min(1, auc + z * se),
                          hosmerLemeshow: chi2, hosmerLemeshowGroups: formed,
                          hosmerLemeshowPValue: formed > 2 ? ChiSquared.survival(chi2, degreesOfFreedom: Double(formed - 2)) : .nan,
                          brier: brier, classification: classification)
    }

    /// AUC and its DeLong standard error by the midrank algorithm of Sun & Xu (2014), O(n log n):
    /// V₁₀ᵢ = (Rᵢ − R⁽ᵉ⁾ᵢ)/n₀ for events, V₀₁ⱼ = 1 − (Rⱼ − R⁽⁰⁾ⱼ)/n₁ for non-events, where R are
    /// midranks in the pooled sample and within each group; Var = s²(V₁₀)/n₁ + s²(V₀₁)/n₀.
    public static func aucDeLong(response: [Double], fitted: [Double]) -> (auc: Double, standardError: Double) {
        let (events, nonEvents) = sortedByOutcome(response: response, fitted: fitted)
        return aucDeLong(sortedEvents: events, sortedNonEvents: nonEvents)
    }

    /// The fitted values of the events (y = 1) and of the non-events (y = 0), each ascending (by
    /// `RadixSort`). The two sorts run side by side on large data; a sort's result does not depend
    /// on where it ran.
    static func sortedByOutcome(response: [Double], fitted: [Double]) -> (events: [Double], nonEvents: [Double]) {
        @Sendable func sortedGroup(_ outcome: Double) -> [Double] {
            let group = response.withUnsafeBufferPointer { response in
                fitted.withUnsafeBufferPointer { fitted in
                    let count = response.reduce(0) { $0 + ($1 == outcome ? 1 : 0) }
                    return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
                        var next = 0
                        for i in 0..<min(response.count, fitted.count) where response[i] == outcome && next < count {
                            buffer[next] = fitted[i]
                            next += 1
                        }
                        initialized = next
                    }
                }
            }
            return RadixSort.ascending(group)
        }
        return sideBySide(rows: response.count, { sortedGroup(1) }, { sortedGroup(0) })
    }

    /// AUC and DeLong standard error from the ascending fitted values of each outcome group.
    static func aucDeLong(sortedEvents: [Double], sortedNonEvents: [Double]) -> (auc: Double, standardError: Double) {
        let m = Double(sortedEvents.count), n = Double(sortedNonEvents.count)
        guard m > 0, n > 0 else { return (.nan, .nan) }
        // A component's pooled midrank minus its within-group midrank counts the other group's values
        // below it plus half those tied with it. The two sorted arrays give those counts by a merge
        // walk, without index sorts.
        let v10 = placements(of: sortedEvents, among: sortedNonEvents).map { $0 / n }
        let v01 = placements(of: sortedNonEvents, among: sortedEvents).map { 1 - $0 / m }
        let auc = v10.reduce(0, +) / m
        func variance(_ x: [Double]) -> Double {
            guard x.count > 1 else { return 0 }
            let mean = x.reduce(0, +) / Double(x.count)
            return x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)
        }
        return (auc, (variance(v10) / m + variance(v01) / n).squareRoot())
    }

    /// For each value of the ascending `values`: how many of the ascending `others` lie below it,
    /// plus half the number equal to it (DeLong's placement values, unnormalized).
    static func placements(of values: [Double], among others: [Double]) -> [Double] {
        var below = 0, belowOrEqual = 0
        return values.map { value in
            while below < others.count && others[below] < value { below += 1 }
            belowOrEqual = max(belowOrEqual, below)
            while belowOrEqual < others.count && others[belowOrEqual] <= value { belowOrEqual += 1 }
            return Double(below) + Double(belowOrEqual - below) / 2
        }
    }

    /// Hosmer–Lemeshow χ² = Σ_g (O_g − E_g)² / (E_g (1 − E_g/n_g)) over groups formed as Stata's
    /// `estat gof, group(#)`: `xtile` of p̂ at Stata's percentiles (k = n·q/G; x₍ₖ₊₁₎ when k is
    /// fractional, the mean of x₍ₖ₎ and x₍ₖ₊₁₎ when whole), so tied probabilities stay together.
    public static func hosmerLemeshow(response: [Double], fitted: [Double], groups: Int) -> (statistic: Double, groups: Int) {
        hosmerLemeshow(response: response, fitted: fitted, sortedFitted: RadixSort.ascending(fitted), groups: groups)
    }

    /// Hosmer–Lemeshow with the fitted values already sorted ascending.
    static func hosmerLemeshow(response: [Double], fitted: [Double], sortedFitted sorted: [Double], groups: Int) -> (statistic: Double, groups: Int) {
        hosmerLemeshow(response: response, fitted: fitted, cutpoints: cutpoints(total: Double(sorted.count), groups: groups) { sorted[Int($0)] },
                       groups: groups)
    }

    /// The χ² over the groups the ascending cutpoints form, every row counted once: the weighted
    /// form's sums in the same row order, without its per-row weight and closure.
    static func hosmerLemeshow(response: [Double], fitted: [Double], cutpoints: [Double], groups: Int) -> (statistic: Double, groups: Int) {
        var observed = [Double](repeating: 0, count: groups), expected = observed, counts = observed
        let cuts = Array(cutpoints.prefix(max(0, groups - 1)))
        cuts.withUnsafeBufferPointer { cuts in
            observed.withUnsafeMutableBufferPointer { observed in
                expected.withUnsafeMutableBufferPointer { expected in
                    counts.withUnsafeMutableBufferPointer { counts in
                        for i in 0..<min(response.count, fitted.count) {
                            let p = fitted[i]
                            // The first cutpoint at or above p (`firstIndex { p <= $0 }`), else the last
                            // group: the cutpoints ascend, so it is the number of cutpoints below p,
                            // counted without a branch (the search's exit was mispredicted on most rows).
                            var g = 0
                            for cut in cuts { g &+= p > cut ? 1 : 0 }
                            if p.isNaN { g = cuts.count }
                            observed[g] += response[i]
                            expected[g] += p
                            counts[g] += 1
                        }
                    }
                }
            }
        }
        return hosmerLemeshowStatistic(observed: observed, expected: expected, counts: counts)
    }

    /// Stata's percentile cutpoints of a sample of `total` values whose k-th smallest (0-based) is
    /// `value(k)`: x₍ₖ₊₁₎ at a fractional k = total·q/G, the mean of x₍ₖ₎ and x₍ₖ₊₁₎ at a whole one.
    /// They never descend: each lies between the order statistics around its position.
    static func cutpoints(total: Double, groups: Int, value: (Double) -> Double) -> [Double] {
        (1..<groups).map { q in
            let position = total * Double(q) / Double(groups)
            let k = position.rounded(.down)
            return position == k ? (value(max(k - 1, 0)) + value(min(k, total - 1))) / 2 : value(min(k, total - 1))
        }
    }

    /// The χ² over the groups the cutpoints form, each of the `rows` counted with its weight (1 without weights).
    static func hosmerLemeshow<Rows: Sequence>(response: [Double], fitted: [Double], weights: [Double]?, rows: Rows,
                                               cutpoints: [Double], groups: Int) -> (statistic: Double, groups: Int) where Rows.Element == Int {
        var observed = [Double](repeating: 0, count: groups), expected = observed, counts = observed
        for i in rows {
            let y = response[i], p = fitted[i], w = weights?[i] ?? 1
            let g = cutpoints.firstIndex { p <= $0 } ?? (groups - 1)
            observed[g] += w * y
            expected[g] += w * p
            counts[g] += w
        }
        return hosmerLemeshowStatistic(observed: observed, expected: expected, counts: counts)
    }

    /// Σ_g (O_g − E_g)² / (E_g (1 − E_g/n_g)) over the groups with rows, and their number.
    static func hosmerLemeshowStatistic(observed: [Double], expected: [Double], counts: [Double]) -> (statistic: Double, groups: Int) {
        var statistic = 0.0, formed = 0
        for g in counts.indices where counts[g] > 0 {
            formed += 1
            let denominator = expected[g] * (1 - expected[g] / counts[g])
            if denominator > 0 { statistic += (observed[g] - expected[g]) * (observed[g] - expected[g]) / denominator }
        }
        return (statistic, formed)
    }

    /// Counts at a cutoff: predicted event when p̂ ≥ cutoff (Stata's convention).
    /// With frequency `weights`, each row counts wᵢ times.
    public static func classification(response: [Double], fitted: [Double], cutoff: Double, weights: [Double]? = nil) -> ClassificationTable {
        var tp = 0.0, fp = 0.0, tn = 0.0, fn = 0.0
        for i in response.indices {
            let w = weights?[i] ?? 1
            switch (response[i] == 1, fitted[i] >= cutoff) {
            case (true, true): tp += w
            case (false, true): fp += w
            case (false, false): tn += w
            case (true, false): fn += w
            }
        }
        return ClassificationTable(cutoff: cutoff, truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn)
    }
}
