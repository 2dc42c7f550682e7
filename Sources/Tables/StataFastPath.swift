import Foundation
import ParallelSupport

/// A direct decoder for the data of Stata 14+ files (format 118 and 119, UTF-8), the files Stata
/// writes today and the ones that get large: the fixed-width records are decoded column by column,
/// in parallel, straight from the mapped file. ReadStat hands every cell to a callback, which took
/// 2.2 s for 10⁶ × 21 against pandas' 0.68 s (Docs/performance.md); this path reads it in a
/// fraction of that. Everything else — format 117 and older (other encodings), files with strL
/// strings, a chosen encoding — goes through ReadStat, and so does anything this parser does not
/// recognise (it returns nil, never a guess).
///
/// Layout (Stata's "dta file format", release 118/119): `<stata_dta><header>` with `<release>`,
/// `<byteorder>` (LSF/MSF), `<K>` (2 bytes, 4 in 119), `<N>` (8 bytes), `<label>`, `<timestamp>`;
/// then `<map>` of 14 8-byte offsets, of which [2] is `<variable_types>` (2 bytes a variable:
/// 1–2045 strF, 32768 strL, 65526 double, 65527 float, 65528 long, 65529 int, 65530 byte),
/// [3] `<varnames>` (129 bytes each), [5] `<formats>` (57), [6] `<value_label_names>` (129),
/// [7] `<variable_labels>` (321), [9] `<data>` and [11] `<value_labels>`. Missing values are the
/// codes above each type's largest valid value (`.`, `.a`–`.z`).
enum StataFastPath {
    /// The variables of the file with their data and its value labels, from one mapping of the
    /// file, or nil where this path does not apply.
    static func read(path: String) -> (variables: [ReadContext.Variable], labels: [String: [Double: String]])? {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { return nil }
        return data.withUnsafeBytes { raw in
            guard let bytes = raw.bindMemory(to: UInt8.self).baseAddress else { return nil }
            return decode(bytes, count: raw.count)
        }
    }

    /// `decode` and `decodeValueLabels` of the bytes, or nil where either does not apply.
    static func decode(_ bytes: UnsafePointer<UInt8>, count: Int) -> (variables: [ReadContext.Variable], labels: [String: [Double: String]])? {
        guard let variables = decodeVariables(bytes, count: count), let labels = decodeValueLabels(bytes, count: count) else { return nil }
        return (variables, labels)
    }

    /// Finds `tag` (ASCII) at or after `start`; returns the offset just after it.
    static func after(_ tag: String, in bytes: UnsafePointer<UInt8>, count: Int, from start: Int, within limit: Int = 512) -> Int? {
        let pattern = Array(tag.utf8)
        let end = min(count - pattern.count, start + limit)
        guard start <= end else { return nil }
        for offset in start...end where bytes[offset] == pattern[0] {
            if (0..<pattern.count).allSatisfy({ bytes[offset + $0] == pattern[$0] }) { return offset + pattern.count }
        }
        return nil
    }

    static func decodeVariables(_ bytes: UnsafePointer<UInt8>, count: Int) -> [ReadContext.Variable]? {
        guard count > 200, let releaseStart = after("<stata_dta><header><release>", in: bytes, count: count, from: 0, within: 0) else { return nil }
        let release = String(decoding: UnsafeBufferPointer(start: bytes + releaseStart, count: 3), as: UTF8.self)
        guard release == "118" || release == "119",
              let orderStart = after("<byteorder>", in: bytes, count: count, from: releaseStart) else { return nil }
        let order = String(decoding: UnsafeBufferPointer(start: bytes + orderStart, count: 3), as: UTF8.self)
        guard order == "LSF" || order == "MSF" else { return nil }
        let little = order == "LSF"
        func integer(_ offset: Int, _ width: Int) -> Int? {
            guard offset >= 0, offset + width <= count else { return nil }
            var value: UInt64 = 0
            for k in 0..<width {
                let byte = UInt64(bytes[offset + (little ? k : width - 1 - k)])
                value |= byte << (8 * UInt64(k))
            }
            return value > UInt64(Int.max) ? nil : Int(value)
        }
        guard let kStart = after("<K>", in: bytes, count: count, from: orderStart),
              let k = integer(kStart, release == "119" ? 4 : 2),
              let nStart = after("<N>", in: bytes, count: count, from: kStart), let n = integer(nStart, 8),
              let mapStart = after("<map>", in: bytes, count: count, from: nStart, within: 70_000) else { return nil }
        let map = (0..<14).compactMap { integer(mapStart + 8 * $0, 8) }
        guard map.count == 14, k > 0, n > 0, map.allSatisfy({ $0 <= count }),
              let typesStart = after("<variable_types>", in: bytes, count: count, from: map[2], within: 0),
              let namesStart = after("<varnames>", in: bytes, count: count, from: map[3], within: 0),
              let formatsStart = after("<formats>", in: bytes, count: count, from: map[5], within: 0),
              let labelNamesStart = after("<value_label_names>", in: bytes, count: count, from: map[6], within: 0),
              let labelsStart = after("<variable_labels>", in: bytes, count: count, from: map[7], within: 0),
              let dataStart = after("<data>", in: bytes, count: count, from: map[9], within: 0) else { return nil }
        func text(_ offset: Int, _ width: Int) -> String { Self.text(bytes, offset, width) }
        var widths = [Int](), types = [Int]()
        for j in 0..<k {
            guard let type = integer(typesStart + 2 * j, 2) else { return nil }
            let width: Int
            switch type {
            case 1...2045: width = type
            case 65526: width = 8
            case 65527: width = 4
            case 65528: width = 4
            case 65529: width = 2
            case 65530: width = 1
            default: return nil   // strL, or a type this path does not know: ReadStat reads the file
            }
            types.append(type)
            widths.append(width)
        }
        let recordWidth = widths.reduce(0, +)
        // The header's N is a claim: the records must fit in the file (checked without overflow).
        let (dataBytes, overflow) = recordWidth.multipliedReportingOverflow(by: n)
        guard !overflow, namesStart + 129 * k <= count, formatsStart + 57 * k <= count, labelNamesStart + 129 * k <= count,
              labelsStart + 321 * k <= count, dataBytes <= count - dataStart else { return nil }
        var columnOffsets = [Int](), position = 0
        for width in widths { columnOffsets.append(position); position += width }
        let offsets = columnOffsets, columnTypes = types
        var variables = (0..<k).map { j -> ReadContext.Variable in
            var v = ReadContext.Variable()
            v.name = text(namesStart + 129 * j, 129)
            v.format = text(formatsStart + 57 * j, 57)
            let set = text(labelNamesStart + 129 * j, 129)
            v.labelSet = set.isEmpty ? nil : set
            let label = text(labelsStart + 321 * j, 321)
            v.label = label.isEmpty ? nil : label
            v.isString = types[j] <= 2045
            return v
        }
        // The mapped file outlives the parallel loop (it is joined before `decode` returns); the
        // workers get its address, as the CSV reader's blocks do.
        let address = Int(bitPattern: bytes + dataStart)
        let results = Locked([[Double]?](repeating: nil, count: k))
        let strings = Locked([[String?]?](repeating: nil, count: k))
        DispatchQueue.concurrentPerform(iterations: k) { j in
            guard let records = UnsafePointer<UInt8>(bitPattern: address) else { return }
            let offset = offsets[j], type = columnTypes[j]
            if type <= 2045 {
                var column = [String?](repeating: nil, count: n)
                for i in 0..<n {
                    let value = Self.text(records, i * recordWidth + offset, type)
                    if !value.isEmpty { column[i] = value }
                }
                strings.withLock { $0[j] = column }
                return
            }
            var column = [Double](repeating: .nan, count: n)
            column.withUnsafeMutableBufferPointer { out in
                // One loop per storage type (the type's switch hoisted out of the rows).
                func decode<Bits: FixedWidthInteger>(_: Bits.Type, _ value: (Bits) -> Double) {
                    for i in 0..<n {
                        let bits = UnsafeRawPointer(records + i * recordWidth + offset).loadUnaligned(as: Bits.self)
                        out[i] = value(little ? Bits(littleEndian: bits) : Bits(bigEndian: bits))
                    }
                }
                switch type {
                case 65526: decode(UInt64.self) { let v = Double(bitPattern: $0); return v < 8.98846567431158e307 ? v : .nan }
                case 65527: decode(UInt32.self) { let v = Float(bitPattern: $0); return v < 1.7014118e38 ? Double(v) : .nan }
                case 65528: decode(UInt32.self) { let v = Int32(bitPattern: $0); return v <= 2_147_483_620 ? Double(v) : .nan }
                case 65529: decode(UInt16.self) { let v = Int16(bitPattern: $0); return v <= 32_740 ? Double(v) : .nan }
                default: decode(UInt8.self) { let v = Int8(bitPattern: $0); return v <= 100 ? Double(v) : .nan }
                }
            }
            results.withLock { $0[j] = column }
        }
        let numbers = results.withLock { $0 }, texts = strings.withLock { $0 }
        for j in 0..<k {
            if variables[j].isString { variables[j].strings = texts[j] ?? [] } else { variables[j].numbers = numbers[j] ?? [] }
        }
        return variables
    }

    /// The NUL-terminated text of at most `width` bytes at `offset`.
    static func text(_ bytes: UnsafePointer<UInt8>, _ offset: Int, _ width: Int) -> String {
        var length = 0
        while length < width && bytes[offset + length] != 0 { length += 1 }
        return String(decoding: UnsafeBufferPointer(start: bytes + offset, count: length), as: UTF8.self)
    }

    /// The value labels of the file (`<value_labels>`: per set a `<lbl>` with int32 length, the
    /// 129-byte name, 3 padding bytes, then n, the text length, n offsets, n values, the texts).
    static func decodeValueLabels(_ bytes: UnsafePointer<UInt8>, count: Int) -> [String: [Double: String]]? {
        guard let orderStart = after("<byteorder>", in: bytes, count: count, from: 0) else { return nil }
        let little = bytes[orderStart] == UInt8(ascii: "L")
        func int32(_ offset: Int) -> Int? {
            guard offset >= 0, offset + 4 <= count else { return nil }
            var bits = UnsafeRawPointer(bytes + offset).loadUnaligned(as: UInt32.self)
            if !little { bits = bits.byteSwapped }
            return Int(Int32(bitPattern: bits))
        }
        guard let mapStart = after("<map>", in: bytes, count: count, from: orderStart, within: 70_000) else { return nil }
        var mapValue: UInt64 = 0
        for b in 0..<8 { mapValue |= UInt64(bytes[mapStart + 8 * 11 + (little ? b : 7 - b)]) << (8 * UInt64(b)) }
        guard mapValue < UInt64(count), var position = after("<value_labels>", in: bytes, count: count, from: Int(mapValue), within: 0) else { return nil }
        var sets = [String: [Double: String]]()
        while let start = after("<lbl>", in: bytes, count: count, from: position, within: 0) {
            guard let length = int32(start), length >= 8 else { return nil }
            var nameLength = 0
            while nameLength < 129 && bytes[start + 4 + nameLength] != 0 { nameLength += 1 }
            let name = String(decoding: UnsafeBufferPointer(start: bytes + start + 4, count: nameLength), as: UTF8.self)
            let table = start + 4 + 129 + 3
            guard let entries = int32(table), let textLength = int32(table + 4), entries >= 0, textLength >= 0,
                  table + 8 + 8 * entries + textLength <= count else { return nil }
            let textStart = table + 8 + 8 * entries
            var labels = [Double: String]()
            for e in 0..<entries {
                guard let offset = int32(table + 8 + 4 * e), let value = int32(table + 8 + 4 * entries + 4 * e),
                      offset >= 0, offset < textLength else { return nil }
                var end = offset
                while end < textLength && bytes[textStart + end] != 0 { end += 1 }
                labels[Double(value)] = String(decoding: UnsafeBufferPointer(start: bytes + textStart + offset, count: end - offset), as: UTF8.self)
            }
            sets[name] = labels
            position = table + length
            guard let next = after("</lbl>", in: bytes, count: count, from: position, within: 16) else { return nil }
            position = next
        }
        return sets
    }
}
