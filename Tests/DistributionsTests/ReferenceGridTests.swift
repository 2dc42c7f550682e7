import Testing
import TestSupport
@testable import Distributions

/// Every value in Fixtures/distributions/distributions.csv (R 4.2.2, make-distributions.R)
/// must be matched to 1e−13 relative.
struct ReferenceGridTests {
    struct Case: CustomStringConvertible, Sendable {
        let dist: String, fun: String, x: Double, a: Double, b: Double, value: Double
        var description: String { "\(dist).\(fun)(\(x), \(a), \(b))" }
    }

    static let cases: [Case] = {
        guard let rows = try? FixtureFiles.table("distributions/distributions.csv") else { return [] }
        return rows.compactMap { row in
            guard let dist = row["dist"], let fun = row["fun"], let x = row["x"].flatMap(Double.init),
                  let value = row["value"].flatMap(Double.init) else { return nil }
            return Case(dist: dist, fun: fun, x: x, a: row["a"].flatMap(Double.init) ?? .nan,
                        b: row["b"].flatMap(Double.init) ?? .nan, value: value)
        }
    }()

    static func evaluate(_ c: Case) -> Double {
        switch (c.dist, c.fun) {
        case ("normal", "cdf"): return Normal.cdf(c.x)
        case ("normal", "survival"): return Normal.survival(c.x)
        case ("normal", "logcdf"): return Normal.logCDF(c.x)
        case ("normal", "quantile"): return Normal.quantile(c.x)
        case ("t", "cdf"): return StudentT.cdf(c.x, degreesOfFreedom: c.a)
        case ("t", "survival"): return StudentT.survival(c.x, degreesOfFreedom: c.a)
        case ("t", "quantile"): return StudentT.quantile(c.x, degreesOfFreedom: c.a)
        case ("chisq", "cdf"): return ChiSquared.cdf(c.x, degreesOfFreedom: c.a)
        case ("chisq", "survival"): return ChiSquared.survival(c.x, degreesOfFreedom: c.a)
        case ("f", "cdf"): return FDistribution.cdf(c.x, numeratorDegreesOfFreedom: c.a, denominatorDegreesOfFreedom: c.b)
        case ("f", "survival"): return FDistribution.survival(c.x, numeratorDegreesOfFreedom: c.a, denominatorDegreesOfFreedom: c.b)
        default: return .nan
        }
    }

    @Test func fixtureIsLoaded() {
        #expect(Self.cases.count > 800)
        for dist in ["normal", "t", "chisq", "f"] {
            #expect(Self.cases.contains { $0.dist == dist })
        }
    }

    @Test func worstCasePerDistributionIsWithinTheBar() {
        var worst = [String: Double]()
        for c in Self.cases {
            let key = "\(c.dist).\(c.fun)"
            worst[key] = max(worst[key] ?? 0, relativeError(Self.evaluate(c), c.value))
        }
        for (key, error) in worst.sorted(by: { $0.key < $1.key }) {
            print("worst relative error \(key): \(error)")
            #expect(error <= 1e-13, "\(key)")
        }
    }

    @Test(arguments: cases)
    func matchesR(_ c: Case) {
        let value = Self.evaluate(c)
        #expect(relativeError(value, c.value) <= 1e-13, "\(c): got \(value), R \(c.value)")
    }
}
