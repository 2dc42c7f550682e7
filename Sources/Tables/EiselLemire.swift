/// Decimal → binary64 by the Eisel–Lemire algorithm: `w × 10^q` correctly rounded (ties to even)
/// from one or two 64 × 64-bit products with a 128-bit power of five, or `nil` in the rare cases it
/// cannot decide in 128 bits (and for results that underflow to subnormals or overflow), where the
/// caller falls back to Swift's correctly rounded `Double(String)`.
///
/// D. Lemire, "Number parsing at a gigabyte per second", Software: Practice and Experience 51
/// (2021) 1700–1727, section 5; the steps and the table are fast_float's `compute_float` for
/// binary64, with its older conservative exit kept (a low word of all ones outside q ∈ [−27, 55]
/// falls back). Why hand-written: the 17-digit shortest round-trip numbers that pandas, R's
/// `format(digits = 17)` and `CSVWriter` write are beyond Clinger's fast path (w > 2⁵³), and
/// `Double(String)` took 1.3 s of the 1.4 s read of a 10⁶ × 21 pandas CSV (Docs/performance.md).
enum EiselLemire {
    /// `w × 10^q` correctly rounded, or `nil` where the caller must fall back.
    static func double(mantissa w: UInt64, power q: Int) -> Double? {
        if w == 0 { return 0 }
        guard q >= smallestPower, q <= largestPower else { return nil }
        let leadingZeros = w.leadingZeroBitCount
        let normalized = w << UInt64(leadingZeros)
        let index = 2 * (q - smallestPower)
        return powersOfFive.withUnsafeBufferPointer { table -> Double? in
            var (high, low) = normalized.multipliedFullWidth(by: table[index])
            // The 55 bits kept (52 + the hidden bit + 2 for rounding) may still change with the
            // second word: only when the 9 bits below them are all ones.
            if high & 0x1FF == 0x1FF {
                let second = normalized.multipliedFullWidth(by: table[index + 1]).high
                let (sum, carry) = low.addingReportingOverflow(second)
                low = sum
                if carry { high &+= 1 }
            }
            if low == .max && (q < -27 || q > 55) { return nil }
            let upperBit = Int(high >> 63)
            let shift = UInt64(upperBit + 64 - 52 - 3)
            var mantissa = high >> shift
            // ⌊q log₂ 10⌋ + 63 as fast_float computes it, plus the bias 1023.
            var power2 = (((152_170 + 65_536) * q) >> 16) + 63 + upperBit - leadingZeros + 1023
            guard power2 > 0 else { return nil }   // a subnormal result
            // Exactly halfway between two doubles (only possible for small |q|): ties to even.
            if low <= 1 && q >= -4 && q <= 23 && mantissa & 3 == 1 && (mantissa << shift) == high {
                mantissa &= ~1
            }
            mantissa += mantissa & 1
            mantissa >>= 1
            if mantissa >= (2 << 52) {
                mantissa = 1 << 52
                power2 += 1
            }
            mantissa &= ~(1 << 52)
            guard power2 < 0x7FF else { return nil }   // overflow
            return Double(bitPattern: mantissa | (UInt64(power2) << 52))
        }
    }
}
