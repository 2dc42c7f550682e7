import Testing
import TestSupport
@testable import Certification

/// All 11 NIST StRD linear-regression datasets must reach LRE ≥ 10 in every column with default
/// settings (Foundation issue; Docs/accuracy.md).
struct NISTCertificationTests {
    static let directory = FixtureFiles.url("nist-strd")

    @Test(arguments: NISTDataset.allNames)
    func reachesTheBar(_ name: String) throws {
        let accuracy = try NISTCertification.evaluate(NISTDataset(name: name, directory: Self.directory))
        #expect(accuracy.coefficientsLRE >= NISTCertification.requiredLRE, "\(accuracy)")
        #expect(accuracy.standardErrorsLRE >= NISTCertification.requiredLRE, "\(accuracy)")
        #expect(accuracy.residualSDLRE >= NISTCertification.requiredLRE, "\(accuracy)")
        #expect(accuracy.rSquaredLRE >= NISTCertification.requiredLRE, "\(accuracy)")
        print("LRE \(name): coef \(accuracy.coefficientsLRE) se \(accuracy.standardErrorsLRE) sd \(accuracy.residualSDLRE) r2 \(accuracy.rSquaredLRE)")
    }
}
