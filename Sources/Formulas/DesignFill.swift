import Dispatch
import Foundation
import ParallelSupport
import LinearPredictor

/// What one or more dense design columns hold, gathered while the terms are expanded and written
/// into the design's one column-major buffer at the end, by `assemble`.
///
/// Why deferred: appending each column to the buffer in turn touched the design's fresh pages on
/// one core (168 MB, 41,000 page faults for the 10⁶ × 21 `reshore fit`, 10 % of the run's
/// samples). Gathered, the columns are written side by side on every core, each worker faulting
/// in its own columns' pages; the bytes written are the same.
enum DesignFill: Sendable {
    /// One column, as given.
    case values([Double])
    /// One column holding one value in every row (the intercept's ones).
    case constant(Double)
    /// One column per level in `levels`: 1 where the row's code is that level, 0 elsewhere.
    case indicators(codes: [Int], levels: Range<Int>)

    /// Columns this fill writes.
    var width: Int {
        switch self {
        case .values, .constant: 1
        case .indicators(_, let levels): levels.count
        }
    }

    /// Below this many values (8 MB) the buffer is written on one core.
    static let parallelThreshold = DesignColumns.parallelThreshold

    /// The fills as the columns of a design held without its n × p matrix (`DesignColumns`):
    /// nil where a fill writes indicators (those are the dense matrix's or the block's) or a
    /// column does not have `n` values.
    static func heldAsColumns(_ fills: [DesignFill], rows n: Int) -> DesignColumns? {
        var columns = [DesignColumn]()
        for fill in fills {
            switch fill {
            case .values(let values) where values.count == n: columns.append(.values(values))
            case .constant(let value): columns.append(.constant(value))
            default: return nil
            }
        }
        return DesignColumns(rows: n, columns: columns)
    }

    /// The column-major n × Σ width buffer holding every fill's columns in order (pages advised for
    /// huge pages as `LargeBuffers` decides).
    static func assemble(_ fills: [DesignFill], rows n: Int) -> [Double] {
        let width = fills.reduce(0) { $0 + $1.width }
        let count = n * width
        // Work items: a `.values` fill, or a run of an indicator fill's levels (each scans the codes
        // once), so a many-level factor is split across the cores too.
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var items = [(fill: Int, levels: Range<Int>, column: Int)]()
        var column = 0
        for (index, fill) in fills.enumerated() {
            switch fill {
            case .values, .constant:
                items.append((index, 0..<1, column))
            case .indicators(_, let levels):
                let pieces = count >= parallelThreshold ? min(levels.count, 2 * cores) : 1
                for piece in 0..<pieces where levels.count > 0 {
                    let lower = levels.lowerBound + levels.count * piece / pieces
                    let upper = levels.lowerBound + levels.count * (piece + 1) / pieces
                    items.append((index, lower..<upper, column + lower - levels.lowerBound))
                }
            }
            column += fill.width
        }
        let workItems = items
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { initialized = 0; return }
            LargeBuffers.advise(UnsafeMutableRawPointer(base), bytes: count * MemoryLayout<Double>.stride)
            nonisolated(unsafe) let target = base
            let write: @Sendable (Int) -> Void = { k in
                let item = workItems[k]
                let start = target + item.column * n
                switch fills[item.fill] {
                case .values(let values):
                    // (Every evaluated column has n values; a shorter one is padded, never over-read.)
                    DesignColumn.values(values).write(into: start, rows: n)
                case .constant(let value):
                    DesignColumn.constant(value).write(into: start, rows: n)
                case .indicators(let codes, _):
                    start.initialize(repeating: 0, count: n * item.levels.count)
                    for (i, code) in codes.enumerated() where item.levels.contains(code) {
                        start[(code - item.levels.lowerBound) * n + i] = 1
                    }
                }
            }
            if count >= parallelThreshold && items.count > 1 {
                DispatchQueue.concurrentPerform(iterations: workItems.count, execute: write)
            } else {
                for k in workItems.indices { write(k) }
            }
            initialized = count
        }
    }
}
