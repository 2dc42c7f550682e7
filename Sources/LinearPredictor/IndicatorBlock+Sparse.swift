import LinearAlgebra

/// The rows of G = D⁻¹B (L × k) that are nonzero, row by row (compressed sparse rows), as the
/// Schur complement finds them (`IndicatorBlock.schurComplement`). With one coded factor every
/// entry of G is nonzero and the dense products are the right tool; beside a second coded factor
/// (`IndicatorBlock.others` coded) a level's row is nonzero only in the dense columns and the
/// second factor's levels that share its rows — about 50 of 2,000 at two 2,000-level factors on
/// 10⁵ rows — and the covariance's products go through these entries.
package struct SparseLevelRows: Sendable {
    let levels: Int, columns: Int
    /// Row l's entries are `entryColumns[rowStart[l]..<rowStart[l + 1]]` with `entryValues` alike.
    let rowStart: [Int], entryColumns: [Int], entryValues: [Double]

    /// G M for a dense k × q matrix M: L × q, nnz(G)·q flops.
    func times(_ m: Matrix) -> Matrix {
        var result = Matrix(rows: levels, columns: m.columns)
        let k = columns
        result.storage.withUnsafeMutableBufferPointer { out in
            m.storage.withUnsafeBufferPointer { x in
                for j in 0..<m.columns {
                    for l in 0..<levels {
                        var sum = 0.0
                        for r in rowStart[l]..<rowStart[l + 1] { sum += entryValues[r] * x[j * k + entryColumns[r]] }
                        out[j * levels + l] = sum
                    }
                }
            }
        }
        return result
    }
}

extension IndicatorBlock {
    /// T Fᵀ for a dense p × k matrix T and F = [−G; I] (the block's rows −G, the other columns'
    /// rows the identity), p × p: column j is −Σ_c G_lc T[:, c] for the level l of block column j,
    /// and T[:, a] for the a-th other column. p·nnz(F) flops.
    func timesFTransposed(_ t: Matrix, _ g: SparseLevelRows, size p: Int) -> Matrix {
        var result = Matrix(rows: p, columns: p)
        let start = columns.lowerBound
        result.storage.withUnsafeMutableBufferPointer { out in
            t.storage.withUnsafeBufferPointer { x in
                for l in 0..<g.levels {
                    let column = (start + l) * p
                    for r in g.rowStart[l]..<g.rowStart[l + 1] {
                        let base = g.entryColumns[r] * p, value = g.entryValues[r]
                        for i in 0..<p { out[column + i] -= value * x[base + i] }
                    }
                }
                for (a, j) in denseColumns.enumerated() {
                    for i in 0..<p { out[j * p + i] = x[a * p + i] }
                }
            }
        }
        return result
    }

    /// `inverse` beside a second coded factor: G S⁻¹ and G S⁻¹ Gᵀ through G's nonzeros
    /// (nnz(G)·k + nnz(G)·L flops, 4·10⁸ at two 2,000-level factors on 10⁵ rows, instead of the
    /// two dense L k² and L² k products, 3·10¹⁰). The same entries as the dense products, summed in
    /// another order.
    func sparseInverse(_ system: IndicatorSystem, g: SparseLevelRows, schurFactor: CholeskyFactorization) -> Matrix {
        let levels = columns.count, p = system.size, start = columns.lowerBound
        let schurInverse = schurFactor.inverse()
        let levelDense = g.times(schurInverse)                 // G S⁻¹, L × k
        var inverse = Matrix(rows: p, columns: p)
        inverse.storage.withUnsafeMutableBufferPointer { values in
            levelDense.storage.withUnsafeBufferPointer { ld in
                // Column m of G S⁻¹ Gᵀ: Σ over row m's entries (c, g) of g · (G S⁻¹)[:, c].
                for m in 0..<levels {
                    let column = (start + m) * p + start
                    for r in g.rowStart[m]..<g.rowStart[m + 1] {
                        let base = g.entryColumns[r] * levels, value = g.entryValues[r]
                        for l in 0..<levels { values[column + l] += ld[base + l] * value }
                    }
                }
            }
        }
        fillInverse(&inverse, system: system, schurInverse: schurInverse, levelDense: levelDense)
        return inverse
    }

    /// The parts of the inverse besides G S⁻¹ Gᵀ (already in its block): S⁻¹ on the other
    /// columns, −G S⁻¹ between the levels and them, the block's mirror and D⁻¹ on its diagonal.
    func fillInverse(_ inverse: inout Matrix, system: IndicatorSystem, schurInverse: Matrix, levelDense: Matrix) {
        let levels = columns.count, p = system.size, start = columns.lowerBound
        for (a, ja) in denseColumns.enumerated() { for (b, jb) in denseColumns.enumerated() { inverse[ja, jb] = schurInverse[a, b] } }
        inverse.storage.withUnsafeMutableBufferPointer { values in
            for l in 0..<levels {
                let jl = start + l
                for (c, jc) in denseColumns.enumerated() {
                    values[jc * p + jl] = -levelDense[l, c]
                    values[jl * p + jc] = -levelDense[l, c]
                }
                // One triangle of G S⁻¹ Gᵀ, mirrored: the product's two triangles differ in rounding.
                for m in (l + 1)..<max(l + 1, levels) { values[(start + m) * p + jl] = values[jl * p + start + m] }
                values[jl * p + jl] += 1 / system.diagonal[l]
            }
        }
    }

    /// `sandwich` beside a second coded factor: H = MF, FᵀH, Q = F·middle and the final
    /// (P + Q)Fᵀ + FPᵀ through F's nonzeros (p·nnz(F) each); only ΔH S⁻¹ on the block's rows and
    /// S⁻¹(FᵀH)S⁻¹ stay dense products. 12.8 s → 10.1 s for `--vce cluster:g` at two 2,000-level
    /// factors on 10⁵ rows (Docs/performance.md).
    func sparseSandwich(_ system: IndicatorSystem, meat: Matrix, g: SparseLevelRows, schurFactor: CholeskyFactorization) -> Matrix {
        let p = system.size, k = denseColumns.count, start = columns.lowerBound, levels = columns.count
        let schurInverse = schurFactor.inverse()
        var delta = [Double](repeating: 0, count: p)
        for l in 0..<levels { delta[start + l] = 1 / system.diagonal[l] }
        // H = M F: H[:, c] = M[:, jc] − Σ_l G_lc M[:, start + l].
        var h = Matrix(rows: p, columns: k)
        h.storage.withUnsafeMutableBufferPointer { out in
            meat.storage.withUnsafeBufferPointer { m in
                for (c, j) in denseColumns.enumerated() { for i in 0..<p { out[c * p + i] = m[j * p + i] } }
                for l in 0..<levels {
                    let source = (start + l) * p
                    for r in g.rowStart[l]..<g.rowStart[l + 1] {
                        let target = g.entryColumns[r] * p, value = g.entryValues[r]
                        for i in 0..<p { out[target + i] -= value * m[source + i] }
                    }
                }
            }
        }
        // FᵀH (k × k): H's other-column rows less Σ_l G_la H[start + l, :].
        var fth = Matrix(rows: k, columns: k)
        // P = ΔH S⁻¹: nonzero on the block's rows only (L × k product, then placed).
        var blockH = Matrix(rows: levels, columns: k)
        fth.storage.withUnsafeMutableBufferPointer { out in
            blockH.storage.withUnsafeMutableBufferPointer { scaledBlock in
                h.storage.withUnsafeBufferPointer { x in
                    for b in 0..<k {
                        let column = b * p
                        for (a, ja) in denseColumns.enumerated() { out[b * k + a] = x[column + ja] }
                        for l in 0..<levels {
                            let value = x[column + start + l]
                            scaledBlock[b * levels + l] = delta[start + l] * value
                            for r in g.rowStart[l]..<g.rowStart[l + 1] { out[b * k + g.entryColumns[r]] -= g.entryValues[r] * value }
                        }
                    }
                }
            }
        }
        let blockP = blockH * schurInverse                      // (ΔH S⁻¹) on the block's rows
        let middle = schurInverse * fth * schurInverse
        // T = P + Q with Q = F·middle: block rows −G·middle, other rows middle's.
        let gMiddle = g.times(middle)                            // L × k
        var pMatrix = Matrix(rows: p, columns: k), t = Matrix(rows: p, columns: k)
        for c in 0..<k {
            for l in 0..<levels {
                pMatrix[start + l, c] = blockP[l, c]
                t[start + l, c] = blockP[l, c] - gMiddle[l, c]
            }
            for (a, ja) in denseColumns.enumerated() { t[ja, c] = middle[a, c] }
        }
        var result = timesFTransposed(t, g, size: p)            // (P + Q)Fᵀ
        let pf = timesFTransposed(pMatrix, g, size: p)          // P Fᵀ, whose transpose is F Pᵀ
        result.storage.withUnsafeMutableBufferPointer { values in
            pf.storage.withUnsafeBufferPointer { u in
                meat.storage.withUnsafeBufferPointer { m in
                    for j in 0..<p {
                        for i in j..<p {
                            let a = values[j * p + i] + u[i * p + j] + delta[i] * m[j * p + i] * delta[j]
                            let b = values[i * p + j] + u[j * p + i] + delta[j] * m[i * p + j] * delta[i]
                            let mean = (a + b) / 2
                            values[j * p + i] = mean
                            values[i * p + j] = mean
                        }
                    }
                }
            }
        }
        return result
    }
}
