import Foundation
import Testing
import TestSupport
@testable import Tables

/// Eisel–Lemire against Swift's correctly rounded `Double(String)`: wherever it answers, the same
/// bits; it declines only where the caller's fallback takes over (subnormals, overflow, and the
/// undecidable products).
struct EiselLemireTests {
    /// The reference: the decimal `w e q` read by the standard library.
    static func reference(_ w: UInt64, _ q: Int) -> Double? { Double("\(w)e\(q)") }

    @Test func everyAnswerIsTheCorrectlyRoundedDouble() {
        var random = SeededUniform(seed: 41)
        var answered = 0, declined = 0
        for trial in 0..<200_000 {
            // Mantissas of 1 to 19 digits (the parser's), exponents mostly where CSV numbers live,
            // a tenth across the table.
            let digits = 1 + Int(random.next() >> 33) % 19
            let w = (random.next() >> 1) % (digits == 19 ? 10_000_000_000_000_000_000 : (0..<digits).reduce(UInt64(1)) { value, _ in value * 10 })
            let q = trial % 10 == 0 ? Int(random.next() >> 33) % 700 - 360 : Int(random.next() >> 33) % 61 - 40
            guard let expected = Self.reference(w, q) else { continue }
            if let value = EiselLemire.double(mantissa: w, power: q) {
                answered += 1
                #expect(value.bitPattern == expected.bitPattern, "\(w)e\(q): \(value) against \(expected)")
            } else {
                declined += 1
                // Only outside the normal range, or (rarely) undecidable in 128 bits.
                #expect(expected.isSubnormal || expected.isInfinite || expected == 0 || declined < 50, "\(w)e\(q) declined")
            }
        }
        #expect(answered > 190_000)
    }

    @Test func shortestRoundTripTextsReadBackExactly() {
        var random = SeededUniform(seed: 5)
        for _ in 0..<100_000 {
            let x = Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF | 0x0010_0000_0000_0000)
            let normalish = [x, x.significand * 0x1p-3, (x.significand - 1) * 1000, 1 / x.significand].filter(\.isNormal)
            for value in normalish {
                let bytes = Array("\(value)".utf8)
                guard case .number(let read) = FastNumber.parse(bytes, 0, bytes.count, decimalComma: false) else {
                    Issue.record("\(value) not read"); continue
                }
                #expect(read.bitPattern == value.bitPattern, "\(value)")
            }
        }
    }

    @Test(arguments: [
        ("9007199254740993", 9007199254740992.0),        // 2⁵³ + 1: halfway, ties to even (down)
        ("9007199254740995", 9007199254740996.0),        // halfway, ties to even (up)
        ("9007199254740994", 9007199254740994.0),
        ("1.7976931348623157e308", Double.greatestFiniteMagnitude),
        ("2.2250738585072014e-308", Double.leastNormalMagnitude),
        ("0.1", 0.1), ("0.30000000000000004", 0.30000000000000004),
        ("-0.02842224131579679", -0.02842224131579679),
        ("123456789012345678e-30", 123456789012345678e-30),
        ("4.9e-324", 4.9e-324), ("1e309", Double.infinity),
    ])
    func hardCasesReadAsTheStandardLibraryReadsThem(text: String, expected: Double) {
        let bytes = Array(text.utf8)
        if expected.isInfinite {
            // Out of range: read as infinite here, refused as non-finite by the column reader.
            guard case .number(let read) = FastNumber.parse(bytes, 0, bytes.count, decimalComma: false) else { return }
            #expect(read.isInfinite)
            return
        }
        guard case .number(let read) = FastNumber.parse(bytes, 0, bytes.count, decimalComma: false) else {
            Issue.record("\(text) not read"); return
        }
        #expect(read.bitPattern == expected.bitPattern)
    }

    /// The bulk parser's inline path takes Eisel–Lemire for 17-digit fields itself: a pandas-style
    /// file, read in parallel blocks and as text, holds every value the standard library reads.
    @Test func seventeenDigitCSVReadsExactly() throws {
        var random = SeededUniform(seed: 9)
        var text = "a,b\n"
        var expected: [[Double]] = [[], []]
        for _ in 0..<60_000 {
            for column in 0..<2 {
                let value = (Double(random.next() >> 11) * 0x1p-53 - 0.5) * (column == 0 ? 4 : 1e-3)
                expected[column].append(Double("\(value)") ?? .nan)
                text += "\(value)" + (column == 0 ? "," : "\n")
            }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("regress-17digits-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        for table in [try CSVReader.read(contentsOf: url), try CSVReader.read(text: text)] {
            #expect(table["a"]?.numericValues?.map(\.bitPattern) == expected[0].map(\.bitPattern))
            #expect(table["b"]?.numericValues?.map(\.bitPattern) == expected[1].map(\.bitPattern))
        }
    }

    /// Fractions around the bulk parser's 19-digit bound (the bound is taken once per number, not
    /// counted per digit): up to 19 digits inline, beyond it the general path; every value as the
    /// standard library reads it, in a block large enough for the parallel parse.
    @Test func fractionsAroundTheNineteenDigitBound() throws {
        let texts = ["0.123456789012345678", "0.1234567890123456789", "0.12345678901234567890123",
                     "-9.87654321098765432", "12.3456789012345678", "1234567890.123456789", "0.000000000000000000123",
                     "7.5", "-0.5", "3", "1234567890123456789", "12345678901234567890"]
        var text = "v\n"
        for row in 0..<120_000 { text += texts[row % texts.count] + "\n" }
        let values = try CSVReader.read(text: text)["v"]?.numericValues ?? []
        #expect(values.count == 120_000)
        // (The first 1,000 rows are the type inference's sample, read by `FastNumber`; the rest by
        // the bulk parser.)
        let expected = texts.map { (Double($0) ?? .nan).bitPattern }
        let wrong = values.indices.filter { values[$0].bitPattern != expected[$0 % texts.count] }
        #expect(wrong.isEmpty, "rows \(wrong.prefix(5)) of \(wrong.count)")
    }
}

