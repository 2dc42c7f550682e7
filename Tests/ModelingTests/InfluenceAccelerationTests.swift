import Foundation
import Testing
import TestSupport
import Regress

/// BCa's acceleration from analytic influence values (no-cliffs issue: the jackknife refits n
/// times), against R boot 1.3.28: `empinf(type = "inf")`, a numerical derivative of the weighted
/// glm estimates in each row's weight, and `boot.ci(type = "bca", L =)` on R's own replicates
/// (Fixtures/bootstrap/make-influence.R).
struct InfluenceAccelerationTests {
    static let birthwt = (try? CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))) ?? DataTable()
    static let formula = "low ~ age + lwt + C(race) + smoke"
    static let reference = (try? FixtureFiles.table("bootstrap/influence-reference.csv")) ?? []

    static func model(_ kind: ModelKind, information: InformationKind = .observed) throws -> BinaryRegressionModel {
        try BinaryRegression.fit(formula, data: birthwt, model: kind, information: information)
    }

    /// The design column R's coefficient name stands for.
    static func swiftName(_ r: String) -> String {
        ["(Intercept)": "Intercept", "race2": "C(race)[T.2]", "race3": "C(race)[T.3]"][r] ?? r
    }

    /// R's rows for one link, by term index then row.
    static func rows(_ link: String) -> [[[String: String]]] {
        let rows = reference.filter { $0["link"] == link }
        var terms = [String]()
        for row in rows where !terms.contains(row["term"] ?? "") { terms.append(row["term"] ?? "") }
        return terms.map { term in rows.filter { $0["term"] == term } }
    }

    @Test(arguments: [("logit", ModelKind.logit), ("probit", .probit)])
    func influenceValuesMatchBootEmpinf(_ link: String, _ kind: ModelKind) throws {
        let expected = Self.rows(link)
        #expect(expected.count == 6 && expected.allSatisfy { $0.count == 189 })
        // The derivative of the estimates uses the observed information whatever the standard errors use.
        for information in [InformationKind.observed, .expected] {
            let model = try Self.model(kind, information: information)
            // patsy's order puts the factor first; R's does not.
            #expect(model.coefficientNames == ["Intercept", "C(race)[T.2]", "C(race)[T.3]", "age", "lwt", "smoke"])
            let influence = try #require(try RobustCovariance.influenceValues(of: model.fit, design: model.frame.design,
                                                                              response: model.frame.response))
            for term in expected {
                let j = try #require(model.coefficientNames.firstIndex(of: Self.swiftName(term[0]["term"] ?? "")))
                let r = term.map { Double($0["influence"] ?? "") ?? .nan }
                let scale = r.map(abs).max() ?? 1
                let worst = r.indices.map { abs(influence[$0, j] - r[$0]) }.max() ?? .nan
                #expect(worst <= 1e-5 * scale, "\(link) \(information) \(term[0]["term"] ?? "") off by \(worst) of \(scale)")
            }
        }
    }

    @Test(arguments: ["logit", "probit"])
    func bcaFromInfluenceValuesMatchesBootCI(_ link: String) throws {
        let replicates = try FixtureFiles.table("bootstrap/influence-replicates-\(link).csv")
        let expected = Self.rows(link)
        for (j, term) in expected.enumerated() {
            let t = replicates.map { row in Double(row["X\(j + 1)"] ?? "") ?? .nan }
            #expect(t.count == 999 && t.allSatisfy(\.isFinite))
            let result = BootstrapResult(estimate: StatisticValue(values: [Double(term[0]["t0"] ?? "") ?? .nan]),
                                         replicates: t.map { [$0] }, replicateStandardErrors: nil, replicateIndices: Array(t.indices),
                                         failures: [:], jackknife: nil, requested: 999, seed: 2015, plan: .cases, cancelled: false,
                                         influence: term.map { [Double($0["influence"] ?? "") ?? .nan] })
            let interval = try BootstrapIntervals.compute(result, methods: [.bca])[0]
            #expect(relativeError(interval.lower, Double(term[0]["bca_lower"] ?? "") ?? .nan) <= 1e-12, "\(link) \(j)")
            #expect(relativeError(interval.upper, Double(term[0]["bca_upper"] ?? "") ?? .nan) <= 1e-12, "\(link) \(j)")
        }
    }

    /// The model's bootstrap with `.influence` carries the analytic values, runs no jackknife, and
    /// gives BCa intervals close to the jackknife's (both estimate the same acceleration).
    @Test func theBootstrapUsesInfluenceValuesWhenAsked() throws {
        let model = try Self.model(.probit)
        let byInfluence = try model.bootstrap(replicates: 400, intervals: [.bca], acceleration: .influence)
        let byJackknife = try model.bootstrap(replicates: 400, intervals: [.bca], acceleration: .jackknife)
        let automatic = try model.bootstrap(replicates: 400, intervals: [.bca])
        #expect(byInfluence.acceleration == .influence && byInfluence.result.jackknife == nil)
        #expect(byInfluence.accelerationNote == "BCa acceleration from influence values (189 rows, no refits)")
        #expect(byJackknife.acceleration == .jackknife && byJackknife.result.influence == nil && byJackknife.result.jackknife?.count == 189)
        #expect(automatic.acceleration == .jackknife, "189 rows: below the limit, the jackknife")
        #expect(byInfluence.result.replicates == byJackknife.result.replicates)
        let analytic = try #require(try RobustCovariance.influenceValues(of: model.fit, design: model.frame.design, response: model.frame.response))
        // Within 1e−12 of each row's scale, not bit for bit: the bread before the product can take
        // another OpenBLAS kernel path while other suites run (failed once in a clean-clone CI run,
        // 2026-12-03, after passing in the same commit's local run).
        #expect(byInfluence.result.influence?.enumerated().allSatisfy { i, row in
            let expected = (0..<6).map { analytic[i, $0] }
            let scale = expected.map(abs).max() ?? 0
            return row.count == 6 && zip(row, expected).allSatisfy { abs($0 - $1) <= 1e-12 * scale }
        } == true)
        for (a, b) in zip(byInfluence.intervals, byJackknife.intervals) {
            #expect(abs(a.lower - b.lower) <= 0.02 * (b.upper - b.lower) && abs(a.upper - b.upper) <= 0.02 * (b.upper - b.lower))
        }
    }

    /// Cluster resampling: one influence value per cluster, the sum over its rows.
    @Test func clusterInfluenceIsTheSumOverTheClusterRows() throws {
        let model = try BinaryRegression.fit(Self.formula, data: Self.birthwt, clusters: ["ptl"])
        let summary = try model.bootstrap(replicates: 50, plan: .cluster("ptl"), intervals: [.bca], acceleration: .influence)
        let analytic = try #require(try RobustCovariance.influenceValues(of: model.fit, design: model.frame.design, response: model.frame.response))
        let ptl = try #require(Self.birthwt["ptl"]?.numericValues)
        let groups = Array(Set(ptl)).count
        #expect(summary.result.influence?.count == groups)
        let total = (0..<6).map { j in (0..<189).reduce(0) { $0 + analytic[$1, j] } }
        let summed = (0..<6).map { j in summary.result.influence?.reduce(0) { $0 + $1[j] } ?? .nan }
        for j in 0..<6 { #expect(abs(total[j] - summed[j]) <= 1e-9 * max(1, abs(total[j]))) }
        #expect(summary.accelerationNote?.contains("clusters") == true)
    }
}
