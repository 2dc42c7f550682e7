import Resampling
import RealModule

extension SurveySimulator {
    /// The published margins of the bundled sample, fixed on simulated firms (`calibratedSample`).
    enum Calibration {
        /// The backshorers per readiness level for level sizes `sizes`: each level's rate times
        /// its size, rounded, except that the advanced count is the one closest to 10× the
        /// non-user rate (the stated ratio), and non-users have at least one backshorer (no 0 in
        /// the ratio's denominator).
        static func backshorerCounts(levelSizes sizes: [Int], parameters: SimulationParameters) -> [Int] {
            var counts = zip(sizes, parameters.backshoringRate).map { Int((Double($0) * $1).rounded()) }
            guard sizes.count == 4, sizes[0] > 0 else { return counts }
            counts[0] = max(1, counts[0])
            let ratio = parameters.backshoringRate[3] / parameters.backshoringRate[0]
            counts[3] = Int((ratio * Double(counts[0]) * Double(sizes[3]) / Double(sizes[0])).rounded())
            return zip(counts, sizes).map { min($0, $1) }
        }

        /// NRW's backshorers for `firms` NRW firms: the count nearest the stated rate that stays
        /// below 4 % ("just under 4 %").
        static func northRhineWestphaliaCount(firms: Int, parameters: SimulationParameters) -> Int {
            var count = Int((parameters.northRhineWestphaliaRate * Double(firms)).rounded())
            while count > 0 && Double(count) >= 0.04 * Double(firms) { count -= 1 }
            return count
        }

        /// Counts of a share among `total` by the largest remainder (they sum to `total`).
        static func apportioned(_ shares: [Double], total: Int) -> [Int] {
            let sum = shares.reduce(0, +)
            let exact = shares.map { $0 / sum * Double(total) }
            var counts = exact.map { Int($0.rounded(.down)) }
            let order = exact.indices.sorted { (exact[$0] - Double(counts[$0]), -$0) > (exact[$1] - Double(counts[$1]), -$1) }
            for k in 0..<(total - counts.reduce(0, +)) { counts[order[k % order.count]] += 1 }
            return counts
        }

        /// `count` of `candidates` drawn without replacement with probabilities proportional to
        /// `weight` (Efraimidis–Spirakis keys u^(1/w)), in candidate order.
        static func weightedDraw(_ candidates: [Int], count: Int, weight: (Int) -> Double, stream: inout RandomStream) -> [Int] {
            let keyed = candidates.map { index -> (Double, Int) in
                let u = Double(stream.next() >> 11 | 1) / Double(1 << 53)
                let w = max(weight(index), 1e-12)
                return (Double.log(u) / w, index)
            }
            return keyed.sorted { $0 > $1 }.prefix(count).map(\.1).sorted()
        }

        static func fixMargins(_ firms: inout [Firm], parameters: SimulationParameters, stream: inout RandomStream) {
            let all = Array(firms.indices), abroad = all.filter { firms[$0].abroad }
            // Offshorers: 9 % of all firms, drawn among those with production abroad.
            let offshorers = Set(weightedDraw(abroad, count: min(abroad.count, Int((parameters.offshoringRate * Double(firms.count)).rounded())),
                                              weight: { _ in 1 }, stream: &stream))
            for i in all { firms[i].offshored = offshorers.contains(i) }
            // Backshorers per level, drawn among the level's firms abroad by their propensity.
            let sizes = (0..<4).map { level in all.filter { firms[$0].level == level }.count }
            let counts = backshorerCounts(levelSizes: sizes, parameters: parameters)
            var chosen = Set<Int>()
            for level in 0..<4 {
                let candidates = abroad.filter { firms[$0].level == level }
                chosen.formUnion(weightedDraw(candidates, count: min(counts[level], candidates.count),
                                              weight: { firms[$0].backshoringGivenAbroad }, stream: &stream))
            }
            // NRW's count by swaps within a level (so the level counts stay): an NRW firm abroad
            // for a backshorer elsewhere, or the reverse.
            let nrwFirms = Set(all.filter { firms[$0].state == "Nordrhein-Westfalen" })
            let isNRW = { (i: Int) in nrwFirms.contains(i) }
            let target = northRhineWestphaliaCount(firms: all.filter(isNRW).count, parameters: parameters)
            var swaps = 0
            while swaps < firms.count {
                let current = chosen.filter(isNRW).count
                guard current != target else { break }
                let raise = current < target
                // The levels from a seeded start, cyclically; each side's firm by a seeded pick.
                var swapped = false
                let start = stream.index(below: 4)
                for level in (0..<4).map({ ($0 + start) % 4 }) {
                    let outgoing = chosen.filter { firms[$0].level == level && isNRW($0) != raise }.sorted()
                    let incoming = abroad.filter { firms[$0].level == level && isNRW($0) == raise && !chosen.contains($0) }
                    guard !outgoing.isEmpty, !incoming.isEmpty else { continue }
                    chosen.remove(outgoing[stream.index(below: outgoing.count)])
                    chosen.insert(incoming[stream.index(below: incoming.count)])
                    swapped = true
                    break
                }
                guard swapped else { break }
                swaps += 1
            }
            let backshorers = chosen.sorted()
            for i in all { firms[i].backshored = chosen.contains(i) }
            // Motives: exactly the share's count of backshorers names each; the automation motive
            // is drawn by its level-dependent probability.
            let m = parameters.motiveShares
            let motiveProbability: [(Firm) -> Double] = [{ _ in m.flexibility }, { _ in m.quality }, { _ in m.coordination },
                                                         { _ in m.capacity }, { m.automationBase + m.automationPerLevel * Double($0.level) }]
            for i in backshorers { firms[i].motives = [Bool](repeating: false, count: motiveProbability.count) }
            for (k, probability) in motiveProbability.enumerated() {
                let count = Int(backshorers.reduce(0) { $0 + probability(firms[$1]) }.rounded())
                for i in weightedDraw(backshorers, count: count, weight: { probability(firms[$0]) }, stream: &stream) {
                    firms[i].motives[k] = true
                }
            }
            // Origins: the shares' counts by the largest remainder, assigned in a seeded order.
            let regions = SurveySchema.regions
            let originCounts = apportioned(regions.map { parameters.originShares[$0] ?? 0 }, total: backshorers.count)
            let order = weightedDraw(backshorers, count: backshorers.count, weight: { _ in 1 }, stream: &stream)
                .map { ($0, stream.next()) }.sorted { $0.1 < $1.1 }.map(\.0)
            var position = 0
            for (r, count) in originCounts.enumerated() {
                for _ in 0..<count where position < order.count { firms[order[position]].origin = regions[r]; position += 1 }
            }
            for i in all where !chosen.contains(i) { firms[i].motives = []; firms[i].origin = "" }
        }
    }
}
