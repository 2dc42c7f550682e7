import LinearAlgebra

extension DesignMatrix {
    /// `codedDependentColumns` for a design with two or more coded factors A, B, … (`C(g) + C(h)`), as
    /// `Matrix.pivotedQR().dependentColumns` reports them (design order, unit-scaled columns,
    /// `RankRule.tolerance`), without building the n × p design, whose QR costs O(n p²).
    ///
    /// The indicators' dependencies are combinatorial. Let the levels of A (with A's reference
    /// rows as one more node where A is reduced) and of B (likewise) be the nodes of a bipartite
    /// graph with an edge per row. The rows of a connected component C are Σ_{a∈C} a = Σ_{b∈C} b,
    /// so span{A, B} has dimension |A| + |B| − (components), and in design order the column that
    /// closes a component is dependent: the last B column of each component that holds no rows of
    /// B's reference level (those rows have no column, so nothing closes). A level without rows is
    /// a zero column, dependent as in the QR. A numeric column after the factors is dependent when
    /// its residual on span{A, B} (alternating projections to 1e−13, `FixedEffects.demean`) and on
    /// the earlier kept numeric columns is at most the tolerance times its norm.
    ///
    /// Further factors (C, …) are read when they add all their columns to the rank of A and B (the
    /// exact rank of every factor's levels, `FixedEffects.schurRank`): then none of their columns
    /// is dependent. Nil where the layout is not the one this reads (columns other than one
    /// constant before the factors, a numeric column between them, a reduced first factor without
    /// a constant or a full one with it, a further factor that closes a cycle with the others or
    /// has more than `FixedEffects.exactRankLimit` levels with them, or projections that do not
    /// converge); the caller then factors the dense design.
    func factorGraphDependentColumns() -> [Int]? {
        let parts = self.parts, n = rows
        guard n > 0, let firstCoded = parts.factors.compactMap({ $0.columns.first }).min() else { return nil }
        // Before the first coded factor: one constant column or none, then the dense indicators of
        // small factors (`C(region)` beside `C(firm)`): runs of mutually exclusive 0/1 columns,
        // each run read as one more factor.
        guard let (constantColumn, runs) = Self.indicatorRuns(parts, before: firstCoded, rows: n) else { return nil }
        let hasConstant = constantColumn != nil
        let factors = runs + parts.factors
        guard factors.count >= 2 else { return nil }
        // A: the factor whose columns come first, B the next; any further factors after them.
        let ordered = factors.sorted { ($0.columns.first ?? 0) < ($1.columns.first ?? 0) }
        let a = ordered[0], b = ordered[1]
        guard let lastFactorColumn = ordered[ordered.count - 1].columns.last,
              zip(ordered, ordered.dropFirst()).allSatisfy({ ($0.columns.last ?? 0) < ($1.columns.first ?? 0) }) else { return nil }
        // No numeric column between the factors.
        let runColumns = Set(runs.flatMap(\.columns))
        guard parts.denseColumns.allSatisfy({ $0 == constantColumn || runColumns.contains($0) || $0 > lastFactorColumn }) else {
            return nil
        }
        let aReduced = a.level.contains(-1)
        // span{constant, A} must be the span of every A node: a reduced A needs the constant, and a
        // full A beside a constant has a dependent last level this does not track.
        guard hasConstant == aReduced else { return nil }

        // Nodes: A levels 0..<La, A's reference La, then B levels La+1+m, B's reference last.
        let la = a.columns.count, lb = b.columns.count
        let aNode = { (i: Int) -> Int in a.level[i] >= 0 ? Int(a.level[i]) : la }
        let bNode = { (i: Int) -> Int in la + 1 + (b.level[i] >= 0 ? Int(b.level[i]) : lb) }
        var sets = UnionFind(count: la + lb + 2)
        var aRows = [Int](repeating: 0, count: la), bRows = [Int](repeating: 0, count: lb)
        for i in 0..<n {
            if a.level[i] >= 0 { aRows[Int(a.level[i])] += 1 }
            if b.level[i] >= 0 { bRows[Int(b.level[i])] += 1 }
            sets.join(aNode(i), bNode(i))
        }
        var dependent = [Int]()
        for l in 0..<la where aRows[l] == 0 { dependent.append(a.columns[l]) }
        let bReference = sets.root(la + 1 + lb)
        let bHasReference = b.level.contains(-1)
        // The last B column (in design order) of each component without B's reference rows.
        var closing = [Int: Int]()   // component root → its last B column so far
        for m in 0..<lb where bRows[m] > 0 {
            let component = sets.root(la + 1 + m)
            if bHasReference && component == bReference { continue }
            closing[component] = max(closing[component] ?? -1, b.columns[m])
        }
        for m in 0..<lb where bRows[m] == 0 { dependent.append(b.columns[m]) }
        dependent += closing.values
        // Further factors: each reduced (its reference rows without a column), every level with
        // rows, and together adding their columns' full count to the rank of A and B (the exact
        // rank of all the factors' nodes, `FixedEffects.schurRank`); otherwise a further factor
        // closes a cycle with the others, which the dense QR sorts out.
        // Every factor's levels as nodes (its reference rows node 0): the span the numeric columns
        // are projected off, and the exact rank of all the factors.
        let effects = FixedEffects(names: ordered.indices.map { "f\($0)" },
                                   codes: ordered.map { factor in factor.level.map { $0 >= 0 ? $0 + 1 : 0 } },
                                   levelCounts: ordered.map { $0.columns.count + 1 })
        if ordered.count > 2 {
            let further = ordered.dropFirst(2)
            guard further.allSatisfy({ factor in
                factor.level.contains(-1) && Set(factor.level.filter { $0 >= 0 }).count == factor.columns.count
            }) else { return nil }
            guard effects.rankIsExact else { return nil }
            let pair = FixedEffects(names: ["a", "b"], codes: Array(effects.codes.prefix(2)), levelCounts: [la + 1, lb + 1])
            guard effects.rank(weights: nil) == pair.rank(weights: nil) + further.reduce(0, { $0 + $1.columns.count }) else { return nil }
        }

        // Numeric columns after the factors: residual on the factors' span, then on the kept columns.
        let after = parts.denseColumns.enumerated().filter { $0.element > lastFactorColumn }
        // (`FixedEffects.independentColumns`, the absorbed fit's rule, with unit weights.)
        let unit = [Double](repeating: 1, count: n)
        let originals = after.map { parts.dense.column($0.offset) }
        let projected = effects.demean(originals, weights: unit)
        guard projected.converged else { return nil }
        let kept = Set(effects.independentColumns(originals, projected: projected.columns, weights: unit))
        for (index, column) in after.enumerated() where !kept.contains(index) { dependent.append(column.element) }
        return dependent.sorted()
    }

    /// The dense columns before design column `end`: a constant first (its column, if any), then
    /// runs of mutually exclusive 0/1 columns, each as a factor (per row the column within the run
    /// holding its 1, or −1; and the run's design columns). Nil where a column is neither.
    static func indicatorRuns(_ parts: Parts, before end: Int, rows n: Int)
        -> (constant: Int?, runs: [(level: [Int32], columns: [Int])])? {
        let before = parts.denseColumns.enumerated().filter { $0.element < end }
        var constant: Int?
        var runs = [(level: [Int32], columns: [Int])]()
        var level = [Int32](repeating: -1, count: n), columns = [Int]()
        func close() {
            if !columns.isEmpty { runs.append((level, columns)) }
            level = [Int32](repeating: -1, count: n)
            columns = []
        }
        for (position, (c, j)) in before.enumerated() {
            let values = parts.dense.column(c)
            if position == 0, let first = values.first, first != 0, first.isFinite, values.allSatisfy({ $0 == first }) {
                constant = j
                continue
            }
            guard values.allSatisfy({ $0 == 0 || $0 == 1 }), values.contains(1) else { return nil }
            if (0..<n).contains(where: { values[$0] == 1 && level[$0] >= 0 }) { close() }
            for i in 0..<n where values[i] == 1 { level[i] = Int32(columns.count) }
            columns.append(j)
        }
        close()
        return (constant, runs)
    }
}
