import LinearAlgebra

extension SamplingStructure {
    /// The design-based (Taylor-linearised) meat Σ over stages and strata of the between-unit
    /// variance of score totals, R `survey:::svyrecvar` with its defaults: in stratum h with n_h
    /// sampled units of totals t_hj (Σ over the unit's rows of the score vectors; zero for a unit
    /// none of `rows` falls in, as R pads a domain), the contribution is
    ///
    ///     f_h · n_h / (n_h − 1) · Σ_j (t_hj − t̄_h)(t_hj − t̄_h)ᵀ,   f_h = (N_h − n_h) / N_h (1 without fpc),
    ///
    /// zero where f_h < 1e−7 (a census stratum), and for n_h = 1 by the lonely-PSU rule (`adjust`:
    /// f_h t tᵀ, uncentred; `remove`, `certainty`: 0; `average`: left out, the others scaled by
    /// strata / strata with a variance; `fail`: an error). Later stages (every stage with an fpc)
    /// add, inside each unit of the stage before, their own term times the sampling fractions
    /// n/N of the strata above them (R's `multistage`). Only strata with one of `rows` count.
    ///
    /// The covariance is then B · meat · B with B the inverse information (R `svy.varcoef`).
    /// - Parameters:
    ///   - unitTotals: one row per unit of stage `varianceStages` (`varianceUnits(rows:)`), k columns.
    ///   - rows: the design rows the analysis uses (positive weight), for which strata are present.
    public func meat(unitTotals: Matrix, rows: [Int]) throws -> Matrix {
        let depth = varianceStages, k = unitTotals.columns
        guard unitTotals.rows == stages[depth - 1].unitCount else {
            throw SurveyError.unitTotals(expected: stages[depth - 1].unitCount, found: unitTotals.rows)
        }
        // Totals at every stage, finest first, summed up the parent links.
        var totals = [Matrix](repeating: unitTotals, count: depth)
        for s in stride(from: depth - 1, to: 0, by: -1) {
            var parent = Matrix(rows: stages[s - 1].unitCount, columns: k)
            let links = stages[s].parentOfUnit
            for j in 0..<k {
                for u in 0..<stages[s].unitCount { parent[Int(links[u]), j] += totals[s][u, j] }
            }
            totals[s - 1] = parent
        }
        // Strata present among the rows, per stage.
        var present = stages.prefix(depth).map { [Bool](repeating: false, count: $0.stratumNames.count) }
        for row in rows {
            for s in 0..<depth {
                let stage = stages[s]
                present[s][Int(stage.stratumOfUnit[Int(stage.unitOfRow[row])])] = true
            }
        }
        var result = Matrix(rows: k, columns: k)
        // The product of sampling fractions n/N of the strata above each stratum (stage s > 1).
        var above = [Double](repeating: 1, count: stages[0].stratumNames.count)
        for s in 0..<depth {
            let stage = stages[s]
            let strataCount = stage.stratumNames.count
            if s > 0 {
                // A stage-s stratum is a unit of stage s − 1: its factor is that unit's stratum's.
                let previous = stages[s - 1]
                var next = [Double](repeating: 1, count: strataCount)
                for unit in 0..<previous.unitCount where unit < strataCount {
                    let h = Int(previous.stratumOfUnit[unit])
                    let fraction = previous.population.map { Double(previous.sampled[h]) / $0[h] } ?? 1
                    next[unit] = above[h] * fraction
                }
                above = next
            }
            var unitsOf = [[Int]](repeating: [], count: strataCount)
            for u in 0..<stage.unitCount { unitsOf[Int(stage.stratumOfUnit[u])].append(u) }
            // Rows of Z: each unit's centred total times √(scale · factor above); V += ZᵀZ.
            var rowsOfZ = [[Double]]()
            var withVariance = 0, presentStrata = 0
            for h in 0..<strataCount where present[s][h] {
                presentStrata += 1
                let n = stage.sampled[h], f = stage.finitePopulationFactor(h)
                let units = unitsOf[h]
                if f < 1e-7 { withVariance += 1; continue }
                let scale = (n > 1 ? f * Double(n) / Double(n - 1) : f) * above[h]
                var mean = [Double](repeating: 0, count: k)
                if n > 1 {
                    for u in units { for j in 0..<k { mean[j] += totals[s][u, j] } }
                    for j in 0..<k { mean[j] /= Double(n) }
                } else {
                    switch lonelyPSU {
                    case .fail: throw SurveyError.lonelyPSU(stratum: stage.stratumNames[h], stage: s + 1)
                    case .remove, .certainty: withVariance += 1; continue
                    case .average:
                        if s > 0 { throw SurveyError.nothingToAverage(stratum: stage.stratumNames[h], stage: s + 1) }
                        continue
                    case .adjust: break   // uncentred: t̄ = 0
                    }
                }
                withVariance += 1
                let root = scale.squareRoot()
                for u in units { rowsOfZ.append((0..<k).map { (totals[s][u, $0] - mean[$0]) * root }) }
                // Units of the stratum none of the design's rows sampled do not exist; units with
                // no analysed row are in `units` with a zero total (R's padding of a domain).
            }
            guard !rowsOfZ.isEmpty else { continue }
            let z = Matrix(rowMajor: rowsOfZ)
            var term = z.weightedCrossProduct()
            if s == 0 && lonelyPSU == .average && withVariance < presentStrata && withVariance > 0 {
                let factor = Double(presentStrata) / Double(withVariance)
                for index in term.storage.indices { term.storage[index] *= factor }
            }
            for index in result.storage.indices { result.storage[index] += term.storage[index] }
        }
        return result
    }
}
