import ParallelSupport
/// Accumulates one column's values while a CSV file is read.
struct ColumnBuilder {
    let name: String
    let position: Int
    let type: ColumnType
    let missingTokens: Set<String>
    /// Missing tokens that would otherwise parse as numbers (e.g. "-99"), as bytes.
    let numericMissingTokens: [[UInt8]]
    let decimalComma: Bool
    /// Numeric values; `nan` marks a missing entry (a parsed number is never NaN).
    private var numbers: [Double] = []
    /// Whether a missing value (a NaN) is among `numbers`: set where one is appended (a parsed
    /// number is never NaN), so that `finish` reads the values again only then (the scan was 5 %
    /// of reading a 10⁶ × 21 file).
    private var hasMissing = false
    /// Rows appended to a numeric column.
    var numericCount: Int { numbers.count }
    private var codes: [Int] = []
    private var booleans: [Bool] = []
    private var missing: [Bool] = []
    private var levelIndex: [String: Int] = [:]
    private var levels: [String] = []

    init(name: String, position: Int, type: ColumnType, missingTokens: Set<String>, decimalComma: Bool) {
        self.name = name
        self.position = position
        self.type = type
        self.missingTokens = missingTokens
        self.decimalComma = decimalComma
        self.numericMissingTokens = missingTokens.filter { token in
            let bytes = Array(token.utf8)
            if case .number = FastNumber.parse(bytes, 0, bytes.count, decimalComma: decimalComma) { return true }
            return false
        }.map { Array($0.utf8) }
    }

    /// Room for `count` values (a numeric column's buffer advised for huge pages while still empty).
    mutating func reserve(_ count: Int) {
        switch type {
        case .numeric:
            if numbers.isEmpty { numbers = LargeBuffers.reserved(capacity: count) } else { numbers.reserveCapacity(count) }
        case .categorical: codes.reserveCapacity(count); missing.reserveCapacity(count)
        case .boolean: booleans.reserveCapacity(count); missing.reserveCapacity(count)
        }
    }

    /// Whether `text` (already unescaped) is a non-finite spelling such as "Inf" or "-infinity".
    static func isInfinitySpelling(_ text: String) -> Bool {
        var lowered = text.lowercased()
        if lowered.hasPrefix("-") || lowered.hasPrefix("+") { lowered.removeFirst() }
        return lowered == "inf" || lowered == "infinity"
    }

    /// Appends `bytes[start..<end]` (unescaped). A quoted categorical value is never a missing
    /// token unless empty: `"NA"` in quotes is the level NA (how `CSVWriter` preserves it).
    mutating func append(_ bytes: [UInt8], _ start: Int, _ end: Int, line: Int, quoted: Bool = false) throws {
        switch type {
        case .numeric:
            let value = try Self.interpretNumber(bytes, start, end, line: line, column: name, position: position,
                                                 missingTokens: missingTokens, numericMissingTokens: numericMissingTokens,
                                                 decimalComma: decimalComma)
            numbers.append(value ?? .nan)   // the mask is derived from NaN in finish()
            if value == nil { hasMissing = true }
        case .categorical:
            let value = text(bytes, start, end)
            if missingTokens.contains(value) && (!quoted || value.isEmpty) { codes.append(-1); missing.append(true); return }
            if let code = levelIndex[value] {
                codes.append(code)
            } else {
                levelIndex[value] = levels.count
                codes.append(levels.count)
                levels.append(value)
            }
            missing.append(false)
        case .boolean:
            let value = text(bytes, start, end)
            switch trimmed(value).lowercased() {
            case "true": booleans.append(true); missing.append(false)
            case "false": booleans.append(false); missing.append(false)
            default:
                if missingTokens.contains(value) || missingTokens.contains(trimmed(value)) {
                    booleans.append(false); missing.append(true); return
                }
                throw DataError.notABoolean(line: line, column: name, position: position, value: value)
            }
        }
    }

    /// Interprets one numeric field: the number, `nil` for a missing token, or an error that
    /// names the line, the column and the value.
    static func interpretNumber(_ bytes: [UInt8], _ start: Int, _ end: Int, line: Int, column: String, position: Int,
                                missingTokens: Set<String>, numericMissingTokens: [[UInt8]],
                                decimalComma: Bool) throws -> Double? {
        if start == end { return nil }
        if !numericMissingTokens.isEmpty {
            // As a text token, with or without surrounding spaces (" -99" is the token "-99").
            var first = start, last = end
            while first < last && bytes[first] == 0x20 { first += 1 }
            while last > first && bytes[last - 1] == 0x20 { last -= 1 }
            if numericMissingTokens.contains(where: { $0.elementsEqual(bytes[start..<end]) || $0.elementsEqual(bytes[first..<last]) }) {
                return nil
            }
        }
        switch FastNumber.parse(bytes, start, end, decimalComma: decimalComma) {
        case .number(let value):
            guard value.isFinite else {
                throw DataError.nonFiniteValue(line: line, column: column, position: position,
                                               value: String(decoding: bytes[start..<end], as: UTF8.self))
            }
            return value
        case .notANumber:
            let value = String(decoding: bytes[start..<end], as: UTF8.self)
            let trimmedValue = value.trimmingSpaces
            if missingTokens.contains(value) || missingTokens.contains(trimmedValue) { return nil }
            if isInfinitySpelling(trimmedValue) {
                throw DataError.nonFiniteValue(line: line, column: column, position: position, value: value)
            }
            throw DataError.notANumber(line: line, column: column, position: position, value: value)
        }
    }

    /// Appends a numeric column's values parsed by `CSVBlockParser`; `hasMissing` says whether a
    /// NaN (a missing value) is among them.
    mutating func appendNumbers(_ values: UnsafeBufferPointer<Double>, hasMissing: Bool) {
        // The pages the values will land on, faulted in by one call where the room is reserved
        // (`LargeBuffers.populate`: one call instead of a fault per 4 KiB page).
        let count = numbers.count
        if numbers.capacity - count >= values.count && values.count >= 512 {
            numbers.withUnsafeMutableBufferPointer { buffer in
                if let base = buffer.baseAddress {
                    LargeBuffers.populate(UnsafeMutableRawPointer(base + count), bytes: values.count * MemoryLayout<Double>.stride)
                }
            }
        }
        numbers.append(contentsOf: values)
        if hasMissing { self.hasMissing = true }
    }

    /// Appends the raw texts `CSVBlockParser` found for a column of another type (with their
    /// lines, for errors).
    mutating func appendTexts(_ texts: [String], rowLines: [Int]) throws {
        for (row, text) in texts.enumerated() {
            let bytes = Array(text.utf8)
            try append(bytes, 0, bytes.count, line: rowLines[row])
        }
    }

    private func text(_ bytes: [UInt8], _ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private func trimmed(_ text: String) -> String { text.trimmingSpaces }

    /// The finished column; factor levels sorted in code-point order.
    /// The column. `noneMissing`, an all-false mask the columns of one table share, is a numeric
    /// column's mask where it has no missing value and the length matches.
    func finish(noneMissing: [Bool]? = nil) -> Column {
        switch type {
        case .numeric:
            // Most columns have no missing value: their mask is written without reading the values
            // a second time (the map was 6 % of reading a 10⁶ × 21 file), and is the table's one
            // shared all-false mask where there is one (21 masks of 1 MB each were 5,000 of the
            // 72,000 page faults of the 10⁶ × 21 CSV → logit run).
            let missing = hasMissing ? numbers.map(\.isNaN)
                : noneMissing.flatMap { $0.count == numbers.count ? $0 : nil } ?? [Bool](repeating: false, count: numbers.count)
            return Column(name: name, values: .numeric(numbers), missing: missing)
        case .boolean:
            return Column(name: name, values: .boolean(booleans), missing: missing)
        case .categorical:
            let sorted = levels.enumerated().sorted { Column.levelOrder($0.element, $1.element) }
            var remap = [Int](repeating: 0, count: levels.count)
            for (newCode, entry) in sorted.enumerated() { remap[entry.offset] = newCode }
            return Column(name: name, values: .categorical(codes: codes.map { $0 < 0 ? -1 : remap[$0] },
                                                          levels: sorted.map(\.element)), missing: missing)
        }
    }
}

extension String {
    /// Without leading and trailing ASCII spaces.
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
