/// A column store: named, typed columns of equal length, each with a missing-value mask.
public struct DataTable: Sendable, Equatable {
    /// The columns, in order.
    public private(set) var columns: [Column]

    /// An empty table.
    public init() { columns = [] }

    /// A table from columns.
    /// - Throws: `DataError.duplicateColumnName` or `.lengthMismatch`.
    public init(columns: [Column]) throws {
        // Duplicate names through a dictionary: linear, where checking each new column against all
        // earlier ones is quadratic in the number of columns.
        var firstPosition = [String: Int](minimumCapacity: columns.count)
        for (position, column) in columns.enumerated() {
            try Self.check(column, at: position, sameNameAt: firstPosition[column.name], rowCount: columns[0].count)
            firstPosition[column.name] = position
        }
        self.columns = columns
    }

    /// Number of rows (0 for a table without columns).
    public var rowCount: Int { columns.first?.count ?? 0 }

    /// Column names in order.
    public var columnNames: [String] { columns.map(\.name) }

    /// The column with this name, or `nil`.
    public subscript(name: String) -> Column? { columns.first { $0.name == name } }

    /// The column with this name.
    /// - Throws: `DataError.unknownColumn` with the closest existing name as a suggestion.
    public func column(named name: String) throws -> Column {
        if let column = self[name] { return column }
        throw DataError.unknownColumn(name: name, suggestion: closestName(to: name, in: columnNames), available: columnNames)
    }

    /// A table with only the named columns, in the given order.
    public func selecting(_ names: [String]) throws -> DataTable {
        try DataTable(columns: names.map { try column(named: $0) })
    }

    /// Appends a column (e.g. a derived one).
    /// - Throws: `.duplicateColumnName` if the name exists; `.lengthMismatch` if its length differs.
    public mutating func addColumn(_ column: Column) throws {
        try Self.check(column, at: columns.count, sameNameAt: columns.firstIndex { $0.name == column.name },
                       rowCount: columns.first?.count ?? column.count)
        columns.append(column)
    }

    /// The checks for a column joining a table at `position`: no earlier column of the same name
    /// (`sameNameAt`), and the table's row count.
    private static func check(_ column: Column, at position: Int, sameNameAt existing: Int?, rowCount: Int) throws {
        if let existing {
            throw DataError.duplicateColumnName(name: column.name, firstPosition: existing, secondPosition: position)
        }
        if column.count != rowCount {
            throw DataError.lengthMismatch(column: column.name, expected: rowCount, found: column.count)
        }
    }

    /// Adds a numeric column computed row by row from existing ones (`nil` = missing).
    public mutating func addDerivedColumn(named name: String, _ value: (Int) -> Double?) throws {
        let values = (0..<rowCount).map(value)
        try addColumn(Column(name: name, numeric: values.map { $0 ?? .nan }, missing: values.map { $0 == nil }))
    }

    /// The rows at `indices`, in that order.
    public func selectingRows(_ indices: [Int]) -> DataTable {
        var result = DataTable()
        result.columns = columns.map { $0.selectingRows(indices) }
        return result
    }
}
