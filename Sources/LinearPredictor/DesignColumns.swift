import Dispatch
import Foundation
import LinearAlgebra
import ParallelSupport

/// One column of a dense design as the model frame evaluated it: an n-vector (a data column,
/// shared with the table rather than copied), or one value in every row (the intercept).
package enum DesignColumn: Sendable {
    /// The column's values, one per row.
    case values([Double])
    /// The same value in every row.
    case constant(Double)

    /// Writes the column's n entries at `target` (values beyond a shorter array are 0; never
    /// over-read).
    package func write(into target: UnsafeMutablePointer<Double>, rows n: Int) {
        switch self {
        case .values(let values):
            let copied = Swift.min(values.count, n)
            values.withUnsafeBufferPointer { source in
                if let from = source.baseAddress { target.initialize(from: from, count: copied) }
            }
            (target + copied).initialize(repeating: 0, count: n - copied)
        case .constant(let value):
            target.initialize(repeating: value, count: n)
        }
    }

    /// Entry `i`.
    @inline(__always)
    package subscript(i: Int) -> Double {
        switch self {
        case .values(let values): values[i]
        case .constant(let value): value
        }
    }
}

/// A dense design held as its columns (`DesignColumn`), not copied into one n × p buffer.
///
/// Why: the model frame's numeric columns are the data table's own arrays; copying them into the
/// column-major design wrote 168 MB of fresh pages for the 10⁶ × 21 `reshore fit` (41,000 page
/// faults, 0.12 s of system time, more than the copy itself). The IRLS sweep copies each block of
/// rows into its scratch anyway (`SweepSource`), so it reads the columns where they are, and the
/// linear predictor of a range of rows is formed through the same scratch. The n × p matrix is
/// built once, on the first verb that needs every entry stored (`materialized()`, then kept), so
/// no path copies more than before.
///
/// Results: the block products are the dense path's BLAS calls on the same blocks (only the
/// leading dimension differs), so a fit gives the dense design's numbers.
package final class DesignColumns: Sendable {
    /// Number of rows.
    package let rows: Int
    /// The columns, in design order; each `.values` holds exactly `rows` entries.
    package let stored: [DesignColumn]
    /// The n × p matrix, once some verb asked for it.
    private let dense = Locked<Matrix?>(nil)

    /// Columns `stored` of `rows` rows each.
    /// - Precondition: every `.values` column has `rows` entries.
    package init(rows: Int, columns stored: [DesignColumn]) {
        precondition(stored.allSatisfy { if case .values(let v) = $0 { v.count == rows } else { true } }, "design column lengths")
        self.rows = rows
        self.stored = stored
    }

    /// Number of columns.
    package var columns: Int { stored.count }

    /// The n × p column-major matrix: built on the first call (every column written on its own
    /// core), then kept.
    package func materialized() -> Matrix {
        dense.withLock { cached in
            if let cached { return cached }
            let matrix = Matrix(rows: rows, columns: columns, columnMajor: DesignColumns.assemble(stored, rows: rows))
            cached = matrix
            return matrix
        }
    }

    /// Below this many values (8 MB) a buffer is written on one core.
    package static let parallelThreshold = 1 << 20

    /// The column-major buffer holding `columns` side by side (pages advised for huge pages as
    /// `LargeBuffers` decides), each column written by its own worker from 2²⁰ values.
    package static func assemble(_ columns: [DesignColumn], rows n: Int) -> [Double] {
        let count = n * columns.count
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { initialized = 0; return }
            LargeBuffers.advise(UnsafeMutableRawPointer(base), bytes: count * MemoryLayout<Double>.stride)
            nonisolated(unsafe) let target = base
            let write: @Sendable (Int) -> Void = { j in columns[j].write(into: target + j * n, rows: n) }
            if count >= parallelThreshold && columns.count > 1 {
                DispatchQueue.concurrentPerform(iterations: columns.count, execute: write)
            } else {
                for j in columns.indices { write(j) }
            }
            initialized = count
        }
    }

    /// Xβ over `range`: the rows copied into a scratch block and one `dgemv` on it, the call the
    /// dense design makes on the same rows (so the same sums, for the ranges of at most one
    /// chunk that the sweep and the result pass ask). A longer range goes a chunk of
    /// `Matrix.sweepChunkRows` rows at a time, where the dense design's one call may round its
    /// last rows differently.
    package func multiplied(by coefficients: [Double], rows range: Range<Int>) -> [Double] {
        precondition(coefficients.count == columns && range.lowerBound >= 0 && range.upperBound <= rows, "row range or vector out of bounds")
        guard !range.isEmpty, columns > 0 else { return [Double](repeating: 0, count: range.count) }
        // Chunks of `sweepChunkRows` from the range's first row, each copied into its own scratch
        // and multiplied by one `dgemv`: on every core where there are several (one chunk after
        // another, this was a serial pass over the whole design after each fit), with the same
        // chunks and calls, so the same bits.
        let chunk = Matrix.sweepChunkRows
        let chunkCount = (range.count + chunk - 1) / chunk
        return [Double](unsafeUninitializedCapacity: range.count) { buffer, initialized in
            guard let base = buffer.baseAddress else { initialized = 0; return }
            nonisolated(unsafe) let result = base
            // One scratch per worker, its chunks taken in turn (fresh 11 MB scratches per chunk
            // were 2,000 more page faults).
            let workers = Swift.min(chunkCount, Swift.max(1, ProcessInfo.processInfo.activeProcessorCount))
            let work: @Sendable (Int) -> Void = { worker in
                let scratch = UnsafeMutablePointer<Double>.allocate(capacity: Swift.min(range.count, chunk) * self.columns)
                defer { scratch.deallocate() }
                for index in stride(from: worker, to: chunkCount, by: workers) {
                    let start = range.lowerBound + index * chunk
                    let rowsHere = start..<Swift.min(range.upperBound, start + chunk)
                    self.writeBlock(rows: rowsHere, multipliers: nil, into: scratch)
                    let block = Matrix.blockProduct(scratch, rows: rowsHere.count, columns: self.columns, coefficients)
                    (result + (start - range.lowerBound)).update(from: block, count: rowsHere.count)
                }
            }
            if workers == 1 {
                work(0)
            } else {
                BLASThreads.withSingleThreadedBLAS { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
            }
            initialized = range.count
        }
    }
}

extension DesignColumns {
    /// Writes rows `range` into `target` (column-major, `range.count` rows per column), row
    /// `range.lowerBound + i` times `multipliers[i]` where given: the block the materialized
    /// matrix would give `Matrix.writeBlock`.
    package func writeBlock(rows range: Range<Int>, multipliers: UnsafePointer<Double>?, into target: UnsafeMutablePointer<Double>) {
        let count = range.count
        for (j, column) in stored.enumerated() {
            let destination = target + j * count
            switch column {
            case .values(let values):
                values.withUnsafeBufferPointer { source in
                    guard let base = source.baseAddress else { return }
                    Matrix.writeBlock(from: { _ in base }, rows: range, multipliers: multipliers, into: destination, columns: 1)
                }
            case .constant(let value):
                if let m = multipliers {
                    for i in 0..<count { destination[i] = value * m[i] }
                } else {
                    destination.update(repeating: value, count: count)
                }
            }
        }
    }

    /// XᵀWX (`Matrix.weightedCrossProduct(weights:)`'s blocks and calls) from the columns.
    package func weightedCrossProduct(weights: [Double]?) -> Matrix {
        if let weights { precondition(weights.count == rows, "weights has \(weights.count) entries for \(rows) rows") }
        return Matrix.weightedCrossProduct(rows: rows, columns: columns, weights: weights) { range, multipliers, target in
            writeBlock(rows: range, multipliers: multipliers, into: target)
        }
    }
}

extension DesignColumns: SweepSource {
    package func blockLinearPredictor(_ coefficients: [Double], rows range: Range<Int>, scratch buffer: UnsafeMutableBufferPointer<Double>) -> [Double] {
        guard let scratch = buffer.baseAddress else { return [Double](repeating: 0, count: range.count) }
        writeBlock(rows: range, multipliers: nil, into: scratch)
        return Matrix.blockProduct(scratch, rows: range.count, columns: columns, coefficients)
    }

    package func scaleBlock(rows range: Range<Int>, roots: [Double], scratch buffer: UnsafeMutableBufferPointer<Double>) {
        // The block `blockLinearPredictor` left in the scratch, scaled in place: each entry times
        // its row's root, the product the dense path writes from its storage.
        let count = range.count
        guard let scratch = buffer.baseAddress else { return }
        roots.withUnsafeBufferPointer { w in
            for j in 0..<columns {
                let column = scratch + j * count
                for i in 0..<count { column[i] = column[i] * w[i] }
            }
        }
    }
}
