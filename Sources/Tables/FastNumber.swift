/// Decimal text → `Double`, correctly rounded.
///
/// The common case — at most 19 significant digits whose value fits in 53 bits, with a decimal
/// exponent within ±22 — is exact by Clinger's fast path: one multiplication or division of two
/// exactly representable doubles. Beyond it (e.g. the 17-digit shortest round-trip output of
/// `CSVWriter` and pandas), the Eisel–Lemire algorithm (`EiselLemire`); the rare numbers it
/// cannot decide, and those of more than 19 significant digits, go to Swift's correctly rounded
/// `Double(String)`.
/// Why hand-written: see `CSVReader` (the generic parsers' figures are in Docs/performance.md).
enum FastNumber {
    static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }   // exact up to 10²²
        return value
    }

    enum Outcome {
        case number(Double)
        case notANumber
    }

    /// Parses `bytes[start..<end]`. Accepts optional surrounding spaces, a sign, digits with one
    /// decimal separator (`.` or, with `decimalComma`, `,`), and an exponent `e±ddd`.
    static func parse(_ bytes: [UInt8], _ start: Int, _ end: Int, decimalComma: Bool) -> Outcome {
        guard start >= 0, start <= end, end <= bytes.count else { return .notANumber }
        // Through a pointer: the array's bounds check on every byte was most of a call's time.
        return bytes.withUnsafeBufferPointer { parse($0, start, end, decimalComma: decimalComma) }
    }

    /// `parse` on the bytes of `bytes[start..<end]`, within its bounds.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, decimalComma: Bool) -> Outcome {
        var i = start, stop = end
        while i < stop && bytes[i] == 0x20 { i += 1 }
        while stop > i && bytes[stop - 1] == 0x20 { stop -= 1 }
        guard i < stop else { return .notANumber }
        let textStart = i
        var negative = false
        if bytes[i] == 0x2D { negative = true; i += 1 } else if bytes[i] == 0x2B { i += 1 }
        let separator: UInt8 = decimalComma ? 0x2C : 0x2E
        var mantissa: UInt64 = 0
        var significant = 0, exponentAdjust = 0
        var sawDigit = false, truncated = false
        while i < stop, bytes[i] &- 0x30 < 10 {
            let digit = UInt64(bytes[i] &- 0x30)
            sawDigit = true
            if significant < 19 {
                mantissa = mantissa &* 10 &+ digit
                if mantissa != 0 { significant += 1 }
            } else {
                exponentAdjust += 1
                if digit != 0 { truncated = true }
            }
            i += 1
        }
        if i < stop && bytes[i] == separator {
            i += 1
            while i < stop, bytes[i] &- 0x30 < 10 {
                let digit = UInt64(bytes[i] &- 0x30)
                sawDigit = true
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ digit
                    if mantissa != 0 { significant += 1 }
                    exponentAdjust -= 1
                } else if digit != 0 {
                    truncated = true
                }
                i += 1
            }
        }
        guard sawDigit else { return .notANumber }
        var exponent = 0
        if i < stop && (bytes[i] | 0x20) == 0x65 {   // e or E
            i += 1
            var exponentNegative = false
            if i < stop && bytes[i] == 0x2D { exponentNegative = true; i += 1 } else if i < stop && bytes[i] == 0x2B { i += 1 }
            guard i < stop, bytes[i] &- 0x30 < 10 else { return .notANumber }
            while i < stop, bytes[i] &- 0x30 < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[i] &- 0x30) }
                i += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        guard i == stop else { return .notANumber }
        let decimalExponent = exponent + exponentAdjust
        if mantissa == 0 { return .number(negative ? -0.0 : 0.0) }
        if !truncated && mantissa <= (1 << 53) && decimalExponent >= -22 && decimalExponent <= 22 {
            let value = decimalExponent >= 0
                ? Double(mantissa) * exactPowersOfTen[decimalExponent]
                : Double(mantissa) / exactPowersOfTen[-decimalExponent]
            return .number(negative ? -value : value)
        }
        // Beyond Clinger's path (e.g. 17 significant digits): Eisel–Lemire, exact where it decides.
        if !truncated, let value = EiselLemire.double(mantissa: mantissa, power: decimalExponent) {
            return .number(negative ? -value : value)
        }
        var text = String(decoding: UnsafeBufferPointer(rebasing: bytes[textStart..<stop]), as: UTF8.self)
        if decimalComma { text = text.replacingOccurrences(of: ",", with: ".") }
        guard let value = Double(text) else { return .notANumber }
        return .number(value)
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
