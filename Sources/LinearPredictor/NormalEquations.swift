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

/// What one block of an IRLS sweep reads of X: η = X_block β, then X_block scaled by √wᵢ in
/// the sweep's scratch (column-major, `rows.count` rows per column). A dense matrix reads both
/// from its storage; a design held as its columns (`DesignColumns`) copies the block into the
/// scratch for η and scales it there, so the sweep (`weightedNormalEquations`) is one code path.
package protocol SweepSource: Sendable {
    /// Number of rows.
    var rows: Int { get }
    /// Number of columns.
    var columns: Int { get }
    /// η = Xβ for the rows `rows` (may use `scratch`, which holds rows.count · columns values).
    func blockLinearPredictor(_ coefficients: [Double], rows: Range<Int>, scratch: UnsafeMutableBufferPointer<Double>) -> [Double]
    /// Writes diag(`roots`) X[rows, :] into `scratch`, after `blockLinearPredictor` on the same rows.
    func scaleBlock(rows: Range<Int>, roots: [Double], scratch: UnsafeMutableBufferPointer<Double>)
}

extension Matrix: SweepSource {
    package func blockLinearPredictor(_ coefficients: [Double], rows range: Range<Int>, scratch: UnsafeMutableBufferPointer<Double>) -> [Double] {
        multiplied(by: coefficients, rows: range)
    }

    package func scaleBlock(rows range: Range<Int>, roots: [Double], scratch buffer: UnsafeMutableBufferPointer<Double>) {
        let n = rows
        storage.withUnsafeBufferPointer { xs in
            roots.withUnsafeBufferPointer { w in
                guard let xBase = xs.baseAddress, let scratch = buffer.baseAddress else { return }
                Matrix.writeBlock(from: { xBase + $0 * n }, rows: range, multipliers: w.baseAddress, into: scratch, columns: columns)
            }
        }
    }
}

extension Matrix {
    /// Rows per chunk of a sweep: the unit of parallel work and of summation order.
    package static let sweepChunkRows = 1 << 16

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
}

extension SweepSource {
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

    /// The objective `weightedNormalEquations` would return, without XᵀWX and XᵀWz: the same
    /// chunks, blocks, η and kernel, summed in the same order, so the same number. For a fit that
    /// needs only the deviance at a point (`DesignMatrix.sweepObjective`).
    package func sweepObjective(coefficients: [Double], kernel: @Sendable (inout RowBlock) -> Double) -> Double {
        precondition(coefficients.count == columns, "coefficients: \(coefficients.count) for \(columns) columns")
        let parts = Matrix.rowChunks(rows) { range in sweep(rows: range, coefficients: coefficients, kernel: kernel, equations: false).objective }
        var total = parts[0]
        for part in parts.dropFirst() { total += part }
        return total
    }

    /// One chunk's pass; without `equations` only its objective (XᵀWX and XᵀWz left 0).
    private func sweep(rows range: Range<Int>, coefficients: [Double],
                       kernel: (inout RowBlock) -> Double, equations: Bool = true) -> NormalEquations {
        let p = columns
        let blockRows = Swift.min(Matrix.weightedRowBlockSize(columns: p), Swift.max(1, range.count))
        var crossProduct = Matrix(rows: p, columns: p)
        var rightHandSide = [Double](repeating: 0, count: p)
        var objective = 0.0
        // Every block writes the entries it reads (`blockLinearPredictor`, `scaleBlock`): no zeros
        // first (a memset of each sweep's scratch was 2 % of the probit bootstrap's samples).
        var scratch = [Double](unsafeUninitializedCapacity: blockRows * p) { _, initialized in initialized = blockRows * p }
        var start = range.lowerBound
        while start < range.upperBound {
            let count = Swift.min(blockRows, range.upperBound - start)
            let rows = start..<(start + count)
            let eta = scratch.withUnsafeMutableBufferPointer { blockLinearPredictor(coefficients, rows: rows, scratch: $0) }
            var block = RowBlock(rows: rows, linearPredictor: eta,
                                 weights: [Double](repeating: 0, count: count), responses: [Double](repeating: 0, count: count))
            objective += kernel(&block)
            start += count
            guard equations else { continue }
            let roots = block.weights.map { $0.squareRoot() }   // once per row, not per element
            scratch.withUnsafeMutableBufferPointer { s in
                scaleBlock(rows: rows, roots: roots, scratch: s)
                guard let base = s.baseAddress else { return }
                crossProduct.accumulateScaledBlock(base, rows: count, roots: roots, responses: block.responses, rightHandSide: &rightHandSide)
            }
        }
        crossProduct.symmetrizeFromUpper()
        return NormalEquations(crossProduct: crossProduct, rightHandSide: rightHandSide, objective: objective)
    }
}
