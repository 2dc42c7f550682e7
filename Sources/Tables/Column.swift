/// The kinds of column a `DataTable` holds.
public enum ColumnType: String, Sendable, CaseIterable, Equatable {
    /// Real numbers (`Double`).
    case numeric
    /// A factor: string levels and an integer code per row.
    case categorical
    /// `true` / `false`.
    case boolean
}

/// One column of a `DataTable`: typed values plus a missing-value mask.
///
/// Missing entries hold a placeholder (`nan`, code −1, `false`) and are flagged in `missing`.
public struct Column: Sendable, Equatable {
    /// The typed values.
    public enum Values: Sendable, Equatable {
        /// Numeric values; `nan` where missing.
        case numeric([Double])
        /// Factor codes into `levels` (−1 where missing); `levels` are sorted in code-point
        /// order (R with `LC_COLLATE=C`, patsy) unless the column was built otherwise.
        case categorical(codes: [Int], levels: [String])
        /// Booleans; `false` where missing.
        case boolean([Bool])

        /// Equal values, with NaN (a missing number) equal to NaN.
        public static func == (lhs: Values, rhs: Values) -> Bool {
            switch (lhs, rhs) {
            case (.numeric(let a), .numeric(let b)):
                return a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
            case (.categorical(let codesA, let levelsA), .categorical(let codesB, let levelsB)):
                return codesA == codesB && levelsA == levelsB
            case (.boolean(let a), .boolean(let b)):
                return a == b
            default:
                return false
            }
        }
    }

    /// Column name (unique within a table).
    public let name: String
    /// The values.
    public let values: Values
    /// `missing[i]` is true where row `i` has no value.
    public let missing: [Bool]
    /// The variable label a Stata or SPSS file gives the column (`nil` for CSV), e.g. "Number of
    /// Industrie 4.0 technologies used"; tables show it with `--labels`.
    public private(set) var label: String?

    /// The same column with `label` as its variable label.
    public func labeled(_ label: String?) -> Column {
        var copy = self
        copy.label = label
        return copy
    }

    /// A numeric column; `nan` entries (and rows flagged in `missing`) are missing.
    public init(name: String, numeric: [Double], missing: [Bool]? = nil) {
        self.name = name
        let mask = missing ?? numeric.map(\.isNaN)
        precondition(mask.count == numeric.count, "missing mask length differs from values")
        // NaN where missing: written in place of the values (one copy, not a zipped map).
        var values = numeric
        if missing != nil { for i in values.indices where mask[i] { values[i] = .nan } }
        self.values = .numeric(values)
        self.missing = mask
    }

    /// A categorical column from strings (`nil` = missing); levels sorted in code-point order.
    public init(name: String, strings: [String?]) {
        let levels = Array(Set(strings.compactMap { $0 })).sorted(by: Column.levelOrder)
        let index = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
        self.name = name
        self.values = .categorical(codes: strings.map { $0.flatMap { index[$0] } ?? -1 }, levels: levels)
        self.missing = strings.map { $0 == nil }
    }

    /// A categorical column from codes and levels (code −1 = missing).
    /// - Precondition: every code is −1 or a valid index into `levels`.
    public init(name: String, codes: [Int], levels: [String]) {
        precondition(codes.allSatisfy { $0 >= -1 && $0 < levels.count }, "categorical code out of range")
        self.name = name
        self.values = .categorical(codes: codes, levels: levels)
        self.missing = codes.map { $0 < 0 }
    }

    /// A boolean column (`nil` = missing).
    public init(name: String, booleans: [Bool?]) {
        self.name = name
        self.values = .boolean(booleans.map { $0 ?? false })
        self.missing = booleans.map { $0 == nil }
    }

    init(name: String, values: Values, missing: [Bool]) {
        self.name = name
        self.values = values
        self.missing = missing
    }

    /// Code-point (byte) order of UTF-8 strings: R's order under `LC_COLLATE=C`, and patsy's.
    public static func levelOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// The column's type.
    public var type: ColumnType {
        switch values {
        case .numeric: return .numeric
        case .categorical: return .categorical
        case .boolean: return .boolean
        }
    }

    /// Number of rows.
    public var count: Int { missing.count }

    /// The numeric values, or `nil` for other types.
    public var numericValues: [Double]? {
        if case .numeric(let values) = values { return values }
        return nil
    }

    /// Factor levels, or `nil` for non-categorical columns.
    public var levels: [String]? {
        if case .categorical(_, let levels) = values { return levels }
        return nil
    }

    /// The entry in row `i` as text (`nil` when missing): numbers in shortest round-trip form.
    public func text(at i: Int) -> String? {
        guard !missing[i] else { return nil }
        switch values {
        case .numeric(let values): return Column.format(values[i])
        case .categorical(let codes, let levels): return levels[codes[i]]
        case .boolean(let values): return values[i] ? "true" : "false"
        }
    }

    /// Shortest text that reads back to the same `Double` (integers without a decimal point).
    public static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// The rows at `indices`, in that order.
    public func selectingRows(_ indices: [Int]) -> Column {
        let mask = indices.map { missing[$0] }
        switch values {
        case .numeric(let values): return Column(name: name, values: .numeric(indices.map { values[$0] }), missing: mask)
        case .categorical(let codes, let levels):
            return Column(name: name, values: .categorical(codes: indices.map { codes[$0] }, levels: levels), missing: mask)
        case .boolean(let values): return Column(name: name, values: .boolean(indices.map { values[$0] }), missing: mask)
        }
    }

    /// The same column under another name.
    public func renamed(_ newName: String) -> Column { Column(name: newName, values: values, missing: missing) }
}
