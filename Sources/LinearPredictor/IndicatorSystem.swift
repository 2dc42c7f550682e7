import LinearAlgebra

/// XᵀWX of a design with an indicator block (`IndicatorBlock`), held compactly: the dense
/// columns' k × k part, the block's diagonal (per-level weight sums) and the level-by-dense-column
/// cross-products — L·k + k² + L numbers instead of p², so an iteration never allocates the
/// p × p matrix of a many-level factor.
package struct IndicatorSystem: Sendable {
    /// The block whose structure this system has.
    package let block: IndicatorBlock
    /// The part on the dense columns (`block.denseColumns`), k × k.
    package var dense: Matrix
    /// The block's diagonal: per level, Σ wᵢ over its rows.
    package var diagonal: [Double]
    /// Level-major L × k: `mixed[l * k + c]` = Σ wᵢ xᵢc over level l's rows, c a dense column.
    package var mixed: [Double]

    /// The order p of the system (the design's column count).
    package var size: Int { block.columns.count + block.denseColumns.count }

    /// The system's p diagonal entries, in design column order.
    package var fullDiagonal: [Double] {
        var result = [Double](repeating: 0, count: size)
        for (a, ja) in block.denseColumns.enumerated() { result[ja] = dense[a, a] }
        for l in diagonal.indices { result[block.columns.lowerBound + l] = diagonal[l] }
        return result
    }

    /// Whether every entry is finite.
    package var isFinite: Bool { dense.isFinite && diagonal.allSatisfy(\.isFinite) && mixed.allSatisfy(\.isFinite) }

    /// The system times `vector` (length p): O(L k + k²).
    package func multiplied(by vector: [Double]) -> [Double] {
        let k = block.denseColumns.count, first = block.columns.lowerBound
        let denseVector = block.denseColumns.map { vector[$0] }
        var result = [Double](repeating: 0, count: size)
        let denseResult = dense * denseVector
        for (a, ja) in block.denseColumns.enumerated() { result[ja] = denseResult[a] }
        for l in diagonal.indices {
            let vl = vector[first + l]
            var value = diagonal[l] * vl
            for c in 0..<k {
                let m = mixed[l * k + c]
                value += m * denseVector[c]
                result[block.denseColumns[c]] += m * vl
            }
            result[first + l] = value
        }
        return result
    }

    /// The p × p matrix, both triangles filled (zeros between different levels).
    package func assembled() -> Matrix {
        let k = block.denseColumns.count, first = block.columns.lowerBound
        var matrix = Matrix(rows: size, columns: size)
        for (a, ja) in block.denseColumns.enumerated() {
            for (b, jb) in block.denseColumns.enumerated() { matrix[ja, jb] = dense[a, b] }
        }
        for l in diagonal.indices {
            let jl = first + l
            matrix[jl, jl] = diagonal[l]
            for (c, jc) in block.denseColumns.enumerated() {
                matrix[jl, jc] = mixed[l * k + c]
                matrix[jc, jl] = mixed[l * k + c]
            }
        }
        return matrix
    }
}

/// The information part of `NormalEquations`: a dense p × p matrix, or the compact form of one
/// with an indicator block.
package enum InformationMatrix: Sendable {
    case dense(Matrix)
    case indicators(IndicatorSystem)

    /// The p × p matrix (assembled from the compact form: O(p²) memory, for the final covariance
    /// and other one-off uses, never per iteration).
    package var matrix: Matrix {
        switch self {
        case .dense(let matrix): return matrix
        case .indicators(let system): return system.assembled()
        }
    }

    /// The diagonal, in design column order.
    package var diagonal: [Double] {
        switch self {
        case .dense(let matrix): return (0..<matrix.rows).map { matrix[$0, $0] }
        case .indicators(let system): return system.fullDiagonal
        }
    }

    /// Whether every entry is finite.
    package var isFinite: Bool {
        switch self {
        case .dense(let matrix): return matrix.isFinite
        case .indicators(let system): return system.isFinite
        }
    }

    /// The matrix times `vector`.
    package func multiplied(by vector: [Double]) -> [Double] {
        switch self {
        case .dense(let matrix): return matrix * vector
        case .indicators(let system): return system.multiplied(by: vector)
        }
    }

    /// The solution of this system for `rightHandSide`: `factor` factors the whole matrix, or,
    /// in the compact form, the Schur complement on the dense columns (`IndicatorBlock.solve`);
    /// nil where `factor` declines.
    package func solve(_ rightHandSide: [Double], factor: (Matrix) -> CholeskyFactorization?) -> [Double]? {
        switch self {
        case .dense(let matrix): return factor(matrix)?.solve(rightHandSide)
        case .indicators(let system): return system.block.solve(system, rightHandSide, factor: factor)
        }
    }
}
