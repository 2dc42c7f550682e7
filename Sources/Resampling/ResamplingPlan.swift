/// How replicates resample the rows.
public enum ResamplingPlan: Sendable, Equatable {
    /// Rows drawn with replacement (the ordinary bootstrap).
    case cases
    /// Rows drawn with replacement within each stratum (`strata[i]` is row i's stratum), so every
    /// replicate keeps the strata sizes — with the outcome as stratum, the number of events.
    case stratified(strata: [Int])
    /// Whole clusters drawn with replacement (`clusters[i]` is row i's cluster).
    case clusters(ids: [Int])

    /// A short description for reports.
    public var description: String {
        switch self {
        case .cases: return "cases"
        case .stratified: return "stratified"
        case .clusters: return "cluster"
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
        }
        return weights
    }

    /// The jackknife's leave-out units: one row each (cases, stratified) or the rows of one
    /// cluster each. Their count is the number of jackknife values.
    public func jackknifeUnits(rowCount n: Int) -> [[Int]] {
        switch self {
        case .cases, .stratified: return (0..<n).map { [$0] }
        case .clusters(let ids): return ResamplingPlan.groups(ids)
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
