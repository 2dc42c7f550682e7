import Testing
import TestSupport
@testable import Certification

struct LRETests {
    @Test func definition() {
        #expect(logRelativeError(1.0001, certified: 1) > 3.99 && logRelativeError(1.0001, certified: 1) < 4.01)
        #expect(logRelativeError(2, certified: 2) == 15)
        #expect(logRelativeError(1e-20, certified: 0) == 15)        // log absolute error, capped
        #expect(abs(logRelativeError(1e-12, certified: 0) - 12) < 1e-12)
        #expect(logRelativeError(.nan, certified: 1) == 0)
        #expect(logRelativeError(-5, certified: 5) == 0)             // floored at 0
    }

    @Test func parsesLFAndCRLFAlike() throws {
        let crlf = try FixtureFiles.text("nist-strd/Norris.dat")
        #expect(crlf.contains("\r\n"))
        let lf = crlf.replacingOccurrences(of: "\r\n", with: "\n")
        let a = try NISTDataset(name: "Norris", text: crlf), b = try NISTDataset(name: "Norris", text: lf)
        #expect(a.design == b.design && a.response == b.response)
        #expect(a.design.rows == 36 && a.design.columns == 2)
        #expect(a.certifiedCoefficients == b.certifiedCoefficients)
    }

    @Test func modelShapesFollowTheParameterNames() throws {
        let directory = FixtureFiles.url("nist-strd")
        let filip = try NISTDataset(name: "Filip", directory: directory)
        #expect(filip.design.columns == 11 && filip.designLowOrderPart != nil && filip.hasIntercept)
        let noInt = try NISTDataset(name: "NoInt1", directory: directory)
        #expect(noInt.design.columns == 1 && !noInt.hasIntercept && noInt.designLowOrderPart == nil)
        let longley = try NISTDataset(name: "Longley", directory: directory)
        #expect(longley.design.columns == 7 && longley.design.rows == 16)
    }

    @Test func doubleDoublePowersAreExactForSmallIntegers() {
        // 3⁴⁰ = 12157665459056928801 needs 64 bits; high + low must hold it exactly.
        let (high, low) = doubleDoublePower(3, 40)
        #expect(low != 0)
        let exact: UInt64 = 12157665459056928801
        #expect(UInt64(high).addingReportingOverflow(UInt64(bitPattern: Int64(low))).partialValue == exact)
    }

    @Test func malformedFilesGiveClearErrors() {
        #expect(throws: NISTDataset.ParseError.missingSection(dataset: "Bad", section: "certified parameter values")) {
            try NISTDataset(name: "Bad", text: "nothing here\n")
        }
        let text = "B0 1 2\nResidual Standard Deviation 0.5\nR-Squared 0.9\nData: y x\n1 2\n3 x\n"
        #expect(throws: NISTDataset.ParseError.badNumber(dataset: "Bad", line: 6, text: "x")) {
            try NISTDataset(name: "Bad", text: text)
        }
    }

    @Test func missingFixturesAreReportedWithTheSearchPath() {
        #expect(throws: FixtureLocator.NotFound.self) { try FixtureLocator.locate("no-such-folder-xyz") }
        #expect(throws: Never.self) { try FixtureLocator.locate("nist-strd") }
    }
}
