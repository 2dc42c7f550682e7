import LinearAlgebra
import Dispatch
import ParallelSupport

/// Per-row quantities of one block of rows during a `weightedNormalEquations` sweep.
package struct RowBlock: Sendable {
    /// The rows of the design this block covers.
    package let rows: Range<Int>
    /// `X β` for these rows (the linear predictor without any offset), filled by the sweep.
    package internal(set) var linearPredictor: [Double]
    /// Working weights `wᵢ ≥ 0`, to be filled by the kernel.
    package var weights: [Double]
    /// Working responses `zᵢ`, to be filled by the kernel.
    package var responses: [Double]
}

/// The weighted normal equations `XᵀWX β = XᵀWz` and the summed objective of one sweep.
package struct NormalEquations: Sendable {
    /// `Xᵀ W X`: dense, or compact where the design has an indicator block (`IndicatorSystem`).
    package var information: InformationMatrix
    /// `Xᵀ W z`.
    package var rightHandSide: [Double]
    /// Sum of the kernel's return values (e.g. the deviance at β).
    package var objective: Double

    /// Equations with information `information`.
    package init(information: InformationMatrix, rightHandSide: [Double], objective: Double) {
        self.information = information
        self.rightHandSide = rightHandSide
        self.objective = objective
    }

    /// Equations with a dense `Xᵀ W X`.
    package init(crossProduct: Matrix, rightHandSide: [Double], objective: Double) {
        self.init(information: .dense(crossProduct), rightHandSide: rightHandSide, objective: objective)
    }

    /// `Xᵀ W X`, symmetric, both triangles filled (assembled from the compact form where there is
    /// one: O(p²), not for per-iteration use).
    package var crossProduct: Matrix { information.matrix }
}

extension Matrix {
    /// Rows per chunk of a sweep: the unit of parallel work and of summation order.
    package static let sweepChunkRows = 1 << 16

    /// One fused IRLS pass: for each block of rows, `η = X β`, then `kernel` fills working weights
    /// and responses (and returns an objective contribution), then the block is scaled by `√wᵢ` and
    /// accumulated into `XᵀWX` (BLAS `dsyrk` or `dgemm`, `CrossProductKernel`) and `XᵀWz`
    /// (`dgemv`). X is read once per pass.
    ///
    /// Rows are cut into fixed chunks of `sweepChunkRows`, processed in parallel and summed in
    /// chunk order, so the result does not depend on the number of threads.
    /// - Precondition: `coefficients.count == columns`; the kernel writes non-negative weights.
    package func weightedNormalEquations(coefficients: [Double],
                                        kernel: @Sendable (inout RowBlock) -> Double) -> NormalEquations {
        precondition(coefficients.count == columns, "coefficients: \(coefficients.count) for \(columns) columns")
        let parts = Matrix.rowChunks(rows) { range in sweep(rows: range, coefficients: coefficients, kernel: kernel) }
        var crossProduct = parts[0].crossProduct, total = parts[0]
        for part in parts.dropFirst() {
            let partProduct = part.crossProduct
            for k in 0..<crossProduct.storage.count { crossProduct.storage[k] += partProduct.storage[k] }
            for k in 0..<columns { total.rightHandSide[k] += part.rightHandSide[k] }
            total.objective += part.objective
        }
        total.information = .dense(crossProduct)
        return total
    }

    /// Runs `body` on the rows cut into the sweep's fixed chunks (`sweepChunkRows`), in parallel
    /// when there is more than one, and returns the results in chunk order — so anything summed
    /// from them does not depend on the number of threads. BLAS stays single-threaded inside.
    package static func rowChunks<T: Sendable>(_ rowCount: Int, _ body: @Sendable (Range<Int>) -> T) -> [T] {
        let chunkCount = Swift.max(1, (rowCount + sweepChunkRows - 1) / sweepChunkRows)
        if chunkCount == 1 { return [body(0..<rowCount)] }
        let results = Locked([T?](repeating: nil, count: chunkCount))
        BLASThreads.withSingleThreadedBLAS {
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                let start = chunk * sweepChunkRows
                let value = body(start..<Swift.min(rowCount, start + sweepChunkRows))
                results.withLock { $0[chunk] = value }
            }
        }
        return results.withLock { $0 }.compactMap { $0 }
    }

    private func sweep(rows range: Range<Int>, coefficients: [Double],
                       kernel: (inout RowBlock) -> Double) -> NormalEquations {
        let p = columns
        let blockRows = Swift.min(Matrix.weightedRowBlockSize(columns: p), Swift.max(1, range.count))
        var crossProduct = Matrix(rows: p, columns: p)
        var rightHandSide = [Double](repeating: 0, count: p)
        var objective = 0.0
        var scratch = [Double](repeating: 0, count: blockRows * p)
        var start = range.lowerBound
        while start < range.upperBound {
            let count = Swift.min(blockRows, range.upperBound - start)
            var block = RowBlock(rows: start..<(start + count), linearPredictor: multiplied(by: coefficients, rows: start..<(start + count)),
                                 weights: [Double](repeating: 0, count: count), responses: [Double](repeating: 0, count: count))
            objective += kernel(&block)
            let roots = block.weights.map { $0.squareRoot() }   // once per row, not per element
            crossProduct.accumulateWeightedRows(of: self, rows: block.rows, roots: roots, responses: block.responses,
                                                scratch: &scratch, rightHandSide: &rightHandSide)
            start += count
        }
        crossProduct.symmetrizeFromUpper()
        return NormalEquations(crossProduct: crossProduct, rightHandSide: rightHandSide, objective: objective)
    }
}
