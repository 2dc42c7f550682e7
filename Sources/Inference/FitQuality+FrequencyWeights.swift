import Distributions

/// Fit quality under frequency weights: each measure as on the rows replicated wᵢ times, without
/// replicating them (hardening: fit quality used to ignore frequency weights).
extension FitQualityMeasures {
    static func weighted(response: [Double], fitted: [Double], weights: [Double], level: Double, groups: Int,
                         cutoff: Double) -> FitQuality {
        let rows = response.indices.filter { weights[$0] > 0 }
        let events = rows.filter { response[$0] == 1 }.map { (fitted[$0], weights[$0]) }.sorted { $0.0 < $1.0 }
        let nonEvents = rows.filter { response[$0] == 0 }.map { (fitted[$0], weights[$0]) }.sorted { $0.0 < $1.0 }
        let (auc, se) = weightedDeLong(events: events, nonEvents: nonEvents)
        let all = rows.map { (fitted[$0], weights[$0]) }.sorted { $0.0 < $1.0 }
        // The replicated sample's k-th smallest value (0-based): the first whose cumulative weight exceeds k.
        var cumulative = [Double](repeating: 0, count: all.count)
        var running = 0.0
        for (index, pair) in all.enumerated() { running += pair.1; cumulative[index] = running }
        func value(at k: Double) -> Double {
            var low = 0, high = all.count - 1
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] > k { high = middle } else { low = middle + 1 }
            }
            return all[low].0
        }
        let cuts = cutpoints(total: running, groups: groups, value: value)
        let brier = rows.reduce(0) { $0 + weights[$1] * (response[$1] - fitted[$1]) * (response[$1] - fitted[$1]) } / running
        return assemble(auc: auc, standardError: se, level: level,
                        hosmerLemeshow: hosmerLemeshow(response: response, fitted: fitted, weights: weights, rows: rows,
                                                       cutpoints: cuts, groups: groups),
                        brier: brier, classification: classification(response: response, fitted: fitted, cutoff: cutoff, weights: weights))
    }

    /// DeLong's AUC and standard error on (value, weight) pairs, each group ascending: the placement
    /// of a value is the weight of the other group below it plus half the weight tied with it.
    static func weightedDeLong(events: [(Double, Double)], nonEvents: [(Double, Double)]) -> (auc: Double, standardError: Double) {
        let m = events.reduce(0) { $0 + $1.1 }, n = nonEvents.reduce(0) { $0 + $1.1 }
        guard m > 0, n > 0 else { return (.nan, .nan) }
        func placements(_ values: [(Double, Double)], among others: [(Double, Double)]) -> [Double] {
            var prefix = [0.0]   // prefix[k] = weight of others[0..<k]
            for pair in others { prefix.append((prefix.last ?? 0) + pair.1) }
            var below = 0, upTo = 0
            return values.map { value in
                while below < others.count && others[below].0 < value.0 { below += 1 }
                upTo = max(upTo, below)
                while upTo < others.count && others[upTo].0 <= value.0 { upTo += 1 }
                return prefix[below] + (prefix[upTo] - prefix[below]) / 2
            }
        }
        let v10 = placements(events, among: nonEvents).map { $0 / n }
        let v01 = placements(nonEvents, among: events).map { 1 - $0 / m }
        let auc = zip(v10, events).reduce(0) { $0 + $1.0 * $1.1.1 } / m
        func variance(_ x: [Double], _ pairs: [(Double, Double)], total: Double) -> Double {
            guard total > 1 else { return 0 }
            let mean = zip(x, pairs).reduce(0) { $0 + $1.0 * $1.1.1 } / total
            return zip(x, pairs).reduce(0) { $0 + $1.1.1 * ($1.0 - mean) * ($1.0 - mean) } / (total - 1)
        }
        return (auc, (variance(v10, events, total: m) / m + variance(v01, nonEvents, total: n) / n).squareRoot())
    }
}
