import ParallelSupport

/// A dense, column-major matrix of `Double` with value semantics.
///
/// Storage is a Swift `Array`, so copies are cheap and copy-on-write: mutating a copy never
/// affects the original. Element `(i, j)` lives at `storage[i + j * rows]`, the layout
/// LAPACK and BLAS expect, so factorizations pass the buffer straight through.
public struct Matrix: Sendable, Equatable, CustomStringConvertible {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The elements in column-major order (`rows * columns` of them).
    public package(set) var storage: [Double]

    /// A `rows × columns` matrix with every element equal to `value`.
    /// - Precondition: `rows >= 0`, `columns >= 0`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = LargeBuffers.filled(value, count: rows * columns)
    }

    /// A matrix over existing column-major storage.
    /// - Precondition: `columnMajor.count == rows * columns`.
    public init(rows: Int, columns: Int, columnMajor: [Double]) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must be non-negative")
        precondition(columnMajor.count == rows * columns, "storage has \(columnMajor.count) elements, expected \(rows * columns)")
        self.rows = rows
        self.columns = columns
        self.storage = columnMajor
    }

    /// A matrix from a list of rows, e.g. `Matrix(rowMajor: [[1, 2], [3, 4]])`.
    /// - Precondition: every row has the same length.
    public init(rowMajor rowList: [[Double]]) {
        let columnCount = rowList.first?.count ?? 0
        precondition(rowList.allSatisfy { $0.count == columnCount }, "rows of different lengths")
        self.init(rows: rowList.count, columns: columnCount)
        for (i, row) in rowList.enumerated() {
            for (j, value) in row.enumerated() { storage[i + j * rows] = value }
        }
    }

    /// A matrix whose columns are the given vectors.
    /// - Precondition: every column has the same length.
    public init(columnVectors: [[Double]]) {
        let rowCount = columnVectors.first?.count ?? 0
        precondition(columnVectors.allSatisfy { $0.count == rowCount }, "columns of different lengths")
        self.init(rows: rowCount, columns: columnVectors.count, columnMajor: Array(columnVectors.joined()))
    }

    /// The `n × n` identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var result = Matrix(rows: n, columns: n)
        for i in 0..<n { result.storage[i + i * n] = 1 }
        return result
    }

    /// A square matrix with `values` on its diagonal.
    public static func diagonal(_ values: [Double]) -> Matrix {
        var result = Matrix(rows: values.count, columns: values.count)
        for (i, value) in values.enumerated() { result.storage[i + i * values.count] = value }
        return result
    }

    /// Element at `(row, column)`, both zero-based.
    /// - Precondition: indices are in range.

    public subscript(row: Int, column: Int) -> Double {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            return storage[row + column * rows]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "Matrix index out of range")
            storage[row + column * rows] = newValue
        }
    }

    /// Column `j` as a vector.
    public func column(_ j: Int) -> [Double] {
        precondition(j >= 0 && j < columns, "column index out of range")
        return Array(storage[(j * rows)..<((j + 1) * rows)])
    }

    /// Calls `body` with column `j`'s storage (no copy).
    public func withColumn<R>(_ j: Int, _ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        precondition(j >= 0 && j < columns, "column index out of range")
        return try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[(j * rows)..<((j + 1) * rows)])) }
    }

    /// Calls `body` with column `j`'s storage to write in place.
    public mutating func withMutableColumn<R>(_ j: Int, _ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        precondition(j >= 0 && j < columns, "column index out of range")
        let rows = rows
        return try storage.withUnsafeMutableBufferPointer { all in
            var column = UnsafeMutableBufferPointer(rebasing: all[(j * rows)..<((j + 1) * rows)])
            return try body(&column)
        }
    }

    /// Row `i` as a vector.
    public func row(_ i: Int) -> [Double] {
        precondition(i >= 0 && i < rows, "row index out of range")
        return (0..<columns).map { storage[i + $0 * rows] }
    }

    /// The diagonal elements `a[i, i]` for `i < min(rows, columns)`.
    public var diagonalElements: [Double] {
        (0..<min(rows, columns)).map { storage[$0 + $0 * rows] }
    }

    /// The transpose.
    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for j in 0..<columns {
            for i in 0..<rows { result.storage[j + i * columns] = storage[i + j * rows] }
        }
        return result
    }

    /// The sub-matrix made of the given columns, in the given order.
    public func selectingColumns(_ indices: [Int]) -> Matrix {
        var values = [Double]()
        values.reserveCapacity(rows * indices.count)
        for j in indices {
            precondition(j >= 0 && j < columns, "column index out of range")
            values.append(contentsOf: storage[(j * rows)..<((j + 1) * rows)])
        }
        return Matrix(rows: rows, columns: indices.count, columnMajor: values)
    }

    /// The 1-norm: the largest column sum of absolute values.
    public var oneNorm: Double {
        (0..<columns).map { j in storage[(j * rows)..<((j + 1) * rows)].reduce(0) { $0 + abs($1) } }.max() ?? 0
    }

    /// The sub-matrix made of the given rows, in the given order.
    public func selectingRows(_ indices: [Int]) -> Matrix {
        precondition(indices.allSatisfy { $0 >= 0 && $0 < rows }, "row index out of range")
        // A gather through buffers, not appending element by element.
        let count = indices.count
        let values = [Double](unsafeUninitializedCapacity: count * columns) { buffer, initialized in
            storage.withUnsafeBufferPointer { source in
                indices.withUnsafeBufferPointer { rowsToTake in
                    for j in 0..<columns {
                        let base = j * rows, target = j * count
                        for (k, i) in rowsToTake.enumerated() { buffer[target + k] = source[base + i] }
                    }
                }
            }
            initialized = count * columns
        }
        return Matrix(rows: count, columns: columns, columnMajor: values)
    }

    /// Whether some column is constant and non-zero (an intercept), checked without copying.
    public var hasConstantColumn: Bool {
        guard rows > 0 else { return false }
        return (0..<columns).contains { j in
            let column = storage[(j * rows)..<((j + 1) * rows)]
            let first = column[column.startIndex]
            return first != 0 && column.allSatisfy { $0 == first }
        }
    }

    /// Whether every element is finite (no NaN, no ±∞): Σ xᵢ·0 is 0 exactly when all are finite
    /// (a branch-free reduction that vectorizes).
    public var isFinite: Bool {
        var accumulator = 0.0
        for value in storage { accumulator += value * 0 }
        return accumulator == 0
    }

    /// Position `(row, column)` of the first non-finite element, if any.
    public var firstNonFiniteElement: (row: Int, column: Int)? {
        guard let index = storage.firstIndex(where: { !$0.isFinite }) else { return nil }
        return (index % rows, index / rows)
    }

    /// A short human-readable rendering (row by row).
    public var description: String {
        (0..<rows).map { i in row(i).map { String($0) }.joined(separator: "\t") }.joined(separator: "\n")
    }
}
