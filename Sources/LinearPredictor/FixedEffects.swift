import Foundation
import LinearAlgebra
import ParallelSupport

/// Absorbed fixed effects: factors whose levels enter the linear predictor without their
/// coefficients being estimated (fixest's `y ~ x | g + h`). The design layer's verb for them is
/// the weighted projection off their span, by alternating projections (the method of fixest,
/// pyfixest and lfe; Gaure 2013): sweep each factor in turn, subtracting each level's weighted
/// mean, until the sweep moves nothing. By Frisch–Waugh–Lovell the projected columns give the
/// other terms' estimates, information and scores exactly as the full design with every level's
/// indicator would, in O(n) memory per column and O(n) time per sweep, whatever the number of
/// levels.
public struct FixedEffects: Sendable {
    /// The factors' names.
    public let names: [String]
    /// Per factor, the level code of each row (0-based).
    public let codes: [[Int32]]
    /// Per factor, its number of levels.
    public let levelCounts: [Int]

    /// Factors from their codes (each `codes[f][i]` in 0..<levelCounts[f]).
    public init(names: [String], codes: [[Int32]], levelCounts: [Int]) {
        self.names = names
        self.codes = codes
        self.levelCounts = levelCounts
    }

    /// Rows.
    public var rows: Int { codes.first?.count ?? 0 }

    /// The rank of the fixed effects' indicator columns over the rows with positive weight: the
    /// levels present, less one per connected component of the first two factors' levels (rows
    /// joining a level of each: L₁ + L₂ − c). With three or more factors it is exact where the
    /// further factors have at most `exactRankLimit` levels in all (`schurRank`); beyond that,
    /// one less per further factor (fixest's count, which misses a factor nested in another).
    /// The parameters the absorbed factors take, for the small-sample factors (HC1, Stata's
    /// cluster adjustment) and the information criteria.
    public func rank(weights: [Double]?) -> Int {
        guard !codes.isEmpty else { return 0 }
        let used = (0..<rows).filter { (weights?[$0] ?? 1) > 0 }
        var present = [Int]()
        for f in codes.indices {
            var seen = [Bool](repeating: false, count: levelCounts[f])
            for i in used { seen[Int(codes[f][i])] = true }
            present.append(seen.filter { $0 }.count)
        }
        if codes.count >= 3, rankIsExact, let exact = schurRank(rows: used, firstFactorLevels: present[0]) { return exact }
        var rank = present.reduce(0, +)
        if codes.count >= 2 {
            // Union–find over the levels of the first two factors (the second's offset by L₁).
            var sets = UnionFind(count: levelCounts[0] + levelCounts[1])
            var touched = [Bool](repeating: false, count: levelCounts[0] + levelCounts[1])
            for i in used {
                let a = Int(codes[0][i]), b = levelCounts[0] + Int(codes[1][i])
                touched[a] = true; touched[b] = true
                sets.join(a, b)
            }
            let components = Set(touched.indices.filter { touched[$0] }.map { sets.root($0) }).count
            rank -= components - 1        // one redundant level per component beyond the first …
            rank -= 1                     // … and one for the pair itself (L₁ + L₂ − c in all)
            rank -= max(0, codes.count - 2)
        }
        return rank
    }

    /// The most levels of the second and further factors for which `rank` is computed exactly.
    public static let exactRankLimit = 2_000

    /// Whether `rank` is exact: one or two factors, or further factors of at most
    /// `exactRankLimit` levels in all; otherwise it is fixest's count, which over-counts a factor
    /// nested in another, and reports say so.
    public var rankIsExact: Bool { codes.count < 3 || levelCounts.dropFirst().reduce(0, +) <= Self.exactRankLimit }

    /// rank[F₁ F₂ … F_k] = rank F₁ + rank S, with S = Bᵀ(I − P₁)B the Schur complement of the
    /// indicators' Gram matrix on the first factor (diagonal: its levels' counts) and B the other
    /// factors' indicators, over `rows`. S is formed from each first-factor level's co-occurrence
    /// counts (sparse) and judged by `RankRule` (the one rule for every rank). Nil where S is
    /// judged indefinite (rounding; not expected). The caller keeps S within `exactRankLimit`.
    func schurRank(rows used: [Int], firstFactorLevels: Int) -> Int? {
        // Columns: the present levels of factors 1 …, in order.
        var column = [[Int]]()
        // Each further factor's first present level is left out: its levels sum to the rows' ones,
        // which the first factor's levels already span, so dropping one changes no rank and keeps
        // S regular where nothing else is redundant (a Cholesky instead of the eigenvalues).
        var m = 0
        for f in codes.indices.dropFirst() {
            var map = [Int](repeating: -1, count: levelCounts[f])
            for i in used where map[Int(codes[f][i])] < 0 { map[Int(codes[f][i])] = 0 }
            if let first = map.firstIndex(of: 0) { map[first] = -1 }
            for l in map.indices where map[l] == 0 { map[l] = m; m += 1 }
            column.append(map)
        }
        guard m > 0 else { return firstFactorLevels }
        var gram = Matrix(rows: m, columns: m)
        var counts = [Double](repeating: 0, count: levelCounts[0])
        var cooccurrence = [[Int: Double]](repeating: [:], count: levelCounts[0])
        var rowColumns = [Int]()
        // Through the storage: the matrix subscript across the module boundary was 43 % of a fit
        // with three absorbed factors.
        gram.storage.withUnsafeMutableBufferPointer { s in
            for i in used {
                rowColumns.removeAll(keepingCapacity: true)
                for f in 1..<codes.count where column[f - 1][Int(codes[f][i])] >= 0 { rowColumns.append(column[f - 1][Int(codes[f][i])]) }
                for a in rowColumns { for b in rowColumns { s[b * m + a] += 1 } }
                let l = Int(codes[0][i])
                counts[l] += 1
                for a in rowColumns { cooccurrence[l][a, default: 0] += 1 }
            }
            for l in counts.indices where counts[l] > 0 {
                let entries = cooccurrence[l].sorted { $0.key < $1.key }
                for (a, ca) in entries { for (b, cb) in entries { s[b * m + a] -= ca * cb / counts[l] } }
            }
        }
        switch RankRule.judge(crossProduct: gram) {
        case .regular: return firstFactorLevels + m
        case .singular(let rank): return firstFactorLevels + rank
        case .indefinite: return nil
        }
    }

    /// The levels whose rows with positive weight all have the same outcome (all 0 or all 1), per
    /// factor, found iteratively (dropping one factor's such rows can leave another factor's
    /// level with one outcome): their fixed effects are ±∞ and their rows carry no information
    /// about the other terms (pyfixest drops them; the fit reports them). Returns the rows to
    /// drop and, per factor, the levels with their outcome.
    public func separatedLevels(response: [Double], weights: [Double]?) -> (rows: Set<Int>, levels: [(factor: Int, level: Int, outcome: Double)]) {
        var dropped = Set<Int>(), found = [(factor: Int, level: Int, outcome: Double)]()
        var changed = true
        while changed {
            changed = false
            for f in codes.indices {
                // Per level: −1 no row yet, 0/1 every row so far with that outcome, 2 both (or a proportion).
                var outcome = [Double](repeating: -1, count: levelCounts[f])
                for i in 0..<rows where (weights?[i] ?? 1) > 0 && !dropped.contains(i) {
                    let level = Int(codes[f][i]), y = response[i]
                    let kind: Double = y == 0 ? 0 : y == 1 ? 1 : 2
                    outcome[level] = outcome[level] == -1 ? kind : outcome[level] == kind ? kind : 2
                }
                let separated = outcome.indices.filter { outcome[$0] == 0 || outcome[$0] == 1 }
                guard !separated.isEmpty else { continue }
                let levels = Set(separated)
                for i in 0..<rows where (weights?[i] ?? 1) > 0 && !dropped.contains(i) && levels.contains(Int(codes[f][i])) {
                    dropped.insert(i)
                }
                found += separated.map { (f, $0, outcome[$0]) }
                changed = true
            }
        }
        return (dropped, found)
    }

    /// `columns` (each n long) projected off the fixed effects under `weights`: each factor's
    /// weighted level means subtracted in turn until the largest mean removed in a sweep is below
    /// `tolerance` times the column's scale (its largest magnitude). Rows of zero weight are left
    /// out of the means and come back unchanged. Columns are independent and run in parallel.
    /// - Returns: the projected columns, the most sweeps a column took, and whether every column
    ///   converged within `maxSweeps`.
    public func demean(_ columns: [[Double]], weights: [Double], tolerance: Double = 1e-13,
                       maxSweeps: Int = 100_000) -> (columns: [[Double]], sweeps: Int, converged: Bool) {
        // The weight of each level, once for all columns.
        let levelWeights = codes.indices.map { f -> [Double] in
            var total = [Double](repeating: 0, count: levelCounts[f])
            for i in 0..<rows { total[Int(codes[f][i])] += weights[i] }
            return total
        }
        let results = Locked([(column: [Double], sweeps: Int, converged: Bool)](repeating: ([], 0, true), count: columns.count))
        DispatchQueue.concurrentPerform(iterations: columns.count) { c in
            var column = columns[c]
            let (sweeps, converged) = demeanColumn(&column, weights: weights, levelWeights: levelWeights, tolerance: tolerance,
                                                   maxSweeps: maxSweeps)
            results.withLock { $0[c] = (column, sweeps, converged) }
        }
        let summary = results.withLock { $0 }
        return (summary.map(\.column), summary.map(\.sweeps).max() ?? 0, summary.allSatisfy(\.converged))
    }

    /// One column's alternating projections, in place (see `demean`).
    func demeanColumn(_ v: inout [Double], weights: [Double], levelWeights: [[Double]], tolerance: Double,
                      maxSweeps: Int) -> (Int, Bool) {
        var scale = 0.0
        for i in 0..<rows where weights[i] > 0 { scale = max(scale, abs(v[i])) }
        guard scale > 0 else { return (0, true) }
        let threshold = tolerance * scale
        var sums = levelCounts.map { [Double](repeating: 0, count: $0) }
        for sweep in 1...maxSweeps {
            var largest = 0.0
            for f in codes.indices {
                let code = codes[f], totals = levelWeights[f]
                for l in sums[f].indices { sums[f][l] = 0 }
                sums[f].withUnsafeMutableBufferPointer { s in
                    for i in 0..<rows where weights[i] > 0 { s[Int(code[i])] += weights[i] * v[i] }
                    for l in 0..<s.count { s[l] = totals[l] > 0 ? s[l] / totals[l] : 0; largest = max(largest, abs(s[l])) }
                    for i in 0..<rows where weights[i] > 0 { v[i] -= s[Int(code[i])] }
                }
            }
            // One factor: a single sweep is the projection. Several: until a sweep removes nothing.
            if codes.count == 1 || largest <= threshold { return (sweep, true) }
        }
        return (maxSweeps, false)
    }
}

/// Disjoint sets of 0..<count with path halving: the connected components of factor levels joined
/// by rows (`FixedEffects.rank`, `DesignMatrix.factorGraphDependentColumns`).
struct UnionFind {
    private var parent: [Int]

    init(count: Int) { parent = Array(0..<count) }

    /// The representative of x's set.
    mutating func root(_ x: Int) -> Int {
        var x = x
        while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
        return x
    }

    /// Joins the sets of a and b.
    mutating func join(_ a: Int, _ b: Int) {
        let (ra, rb) = (root(a), root(b))
        if ra != rb { parent[ra] = rb }
    }
}

extension FixedEffects {
    /// Which of `columns` are independent of the fixed effects and of the earlier kept columns,
    /// under `weights` (rows of weight 0 left out): `projected` are the columns projected off the
    /// fixed effects (`demean`), and a column is dependent where its residual — projected off the
    /// factors, then off the earlier kept columns — is at most `RankRule.tolerance` times its norm
    /// before any projection. That is the pivoted QR's rule of the dense design with every level's
    /// indicator (R's `dqrdc2` measures a column's remaining norm against its original norm);
    /// `DesignMatrix.factorGraphDependentColumns` applies it to coded factors with unit weights. Judging the projected
    /// columns alone, each scaled to unit norm, kept a column constant within the levels: its
    /// projection is rounding noise of about 1e−16 of its norm, which scaled up looked like a
    /// column of its own (estimate arbitrary, standard error 1e14).
    /// - Returns: the indices of the kept columns, in order.
    package func independentColumns(_ columns: [[Double]], projected: [[Double]], weights: [Double]) -> [Int] {
        let roots = weights.map { $0 > 0 ? $0.squareRoot() : 0 }
        var kept = [[Double]](), independent = [Int]()
        for (j, column) in columns.enumerated() {
            let norm = zip(column, roots).reduce(0.0) { $0 + ($1.1 * $1.0) * ($1.1 * $1.0) }.squareRoot()
            guard norm > 0 else { continue }
            var residual = zip(projected[j], roots).map { $0 * $1 }
            if DesignMatrix.keepsResidual(&residual, norm: norm, kept: &kept, tolerance: RankRule.tolerance) { independent.append(j) }
        }
        return independent
    }
}
