/// How replicates resample the rows.
public enum ResamplingPlan: Sendable, Equatable {
    /// Rows drawn with replacement (the ordinary bootstrap).
    case cases
    /// Rows drawn with replacement within each stratum (`strata[i]` is row i's stratum), so every
    /// replicate keeps the strata sizes — with the outcome as stratum, the number of events.
    case stratified(strata: [Int])
    /// Whole clusters drawn with replacement (`clusters[i]` is row i's cluster).
    case clusters(ids: [Int])
    /// A survey design's rescaling bootstrap (Rao & Wu 1988, with Rao, Wu & Yue 1992's choice
    /// m_h = n_h − 1; R `as.svrepdesign(type = "subbootstrap")`): in each stratum with n_h ≥ 2
    /// PSUs, n_h − 1 PSUs drawn with replacement, each PSU's rows weighted by its count times
    /// n_h/(n_h − 1); a stratum with one PSU keeps weight 1. `strata[i]` and `psus[i]` are row
    /// i's stratum and PSU (PSU codes unique across strata).
    case raoWu(strata: [Int], psus: [Int])

    /// A short description for reports.
    public var description: String {
        switch self {
        case .cases: return "cases"
        case .stratified: return "stratified"
        case .clusters: return "cluster"
        case .raoWu: return "survey design (Rao–Wu)"
        }
    }

    /// Why every replicate of this plan would be the full sample (a zero-width interval printed
    /// as if it were one), or `nil`: one row, one cluster, or strata of one row each.
    public func degeneracy(rowCount n: Int) -> String? {
        switch self {
        case .cases:
            return n < 2 ? "there is \(n) row, so every replicate is the sample itself" : nil
        case .clusters(let ids):
            let count = Set(ids).count
            return count < 2 ? "there is \(count) cluster, so every replicate draws the same rows" : nil
        case .stratified:
            return (groups ?? []).allSatisfy({ $0.count < 2 }) ? "every stratum has one row, so every replicate is the sample itself" : nil
        case .raoWu(let strata, let psus):
            var count = [Int: Set<Int>]()
            for (h, u) in zip(strata, psus) { count[h, default: []].insert(u) }
            return count.values.allSatisfy({ $0.count < 2 }) ? "every stratum has one PSU, so every replicate is the sample itself" : nil
        }
    }

    /// Frequency weights of one replicate: how often each row was drawn.
    func weights(rowCount n: Int, stream: inout RandomStream) -> [Double] {
        weights(rowCount: n, groups: groups, stream: &stream)
    }

    /// The strata or clusters as row lists (`nil` for case resampling), computed once per run, not
    /// per replicate.
    var groups: [[Int]]? {
        switch self {
        case .cases: return nil
        case .stratified(let codes), .clusters(let codes): return ResamplingPlan.groups(codes)
        case .raoWu(_, let psus): return ResamplingPlan.groups(psus)
        }
    }

    /// Frequency weights of one replicate, with the plan's `groups` precomputed.
    func weights(rowCount n: Int, groups: [[Int]]?, stream: inout RandomStream) -> [Double] {
        var weights = [Double](repeating: 0, count: n)
        switch self {
        case .cases:
            for _ in 0..<n { weights[stream.index(below: n)] += 1 }
        case .stratified:
            for rows in groups ?? [] {
                for _ in 0..<rows.count { weights[rows[stream.index(below: rows.count)]] += 1 }
            }
        case .clusters:
            let groups = groups ?? []
            for _ in 0..<groups.count {
                for row in groups[stream.index(below: groups.count)] { weights[row] += 1 }
            }
        case .raoWu(let strata, _):
            // The PSUs (groups, in order of first appearance) of each stratum, in order of first appearance.
            let groups = groups ?? []
            var order = [Int: Int](), strataPSUs = [[Int]]()
            for (g, rows) in groups.enumerated() {
                let h = strata[rows[0]]
                if let index = order[h] { strataPSUs[index].append(g) } else { order[h] = strataPSUs.count; strataPSUs.append([g]) }
            }
            var multiplier = [Double](repeating: 0, count: groups.count)
            for psus in strataPSUs {
                let nh = psus.count
                guard nh >= 2 else { multiplier[psus[0]] = 1; continue }
                let rescale = Double(nh) / Double(nh - 1)
                for _ in 0..<(nh - 1) { multiplier[psus[stream.index(below: nh)]] += rescale }
            }
            for (g, rows) in groups.enumerated() { for row in rows { weights[row] = multiplier[g] } }
        }
        return weights
    }

    /// The jackknife's leave-out units: one row each (cases, stratified) or the rows of one
    /// cluster each. Their count is the number of jackknife values.
    public func jackknifeUnits(rowCount n: Int) -> [[Int]] {
        switch self {
        case .cases, .stratified: return (0..<n).map { [$0] }
        case .clusters(let ids), .raoWu(_, let ids): return ResamplingPlan.groups(ids)
        }
    }

    /// The weight vector that leaves `unit` out: built one at a time (in a worker), so the
    /// jackknife holds O(n) per thread, not the n × n of all vectors (24 GB at n = 10⁵).
    static func jackknifeWeights(leavingOut unit: [Int], rowCount n: Int) -> [Double] {
        var weights = [Double](repeating: 1, count: n)
        for row in unit { weights[row] = 0 }
        return weights
    }

    /// Row indices of each group, groups in order of first appearance.
    static func groups(_ codes: [Int]) -> [[Int]] {
        var order = [Int: Int]()
        var groups = [[Int]]()
        for (row, code) in codes.enumerated() {
            if let g = order[code] { groups[g].append(row) } else { order[code] = groups.count; groups.append([row]) }
        }
        return groups
    }
}
