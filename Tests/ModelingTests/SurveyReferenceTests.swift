import Foundation
import Testing
import Regress
import TestSupport

/// Issue 31: design-based fits against R `survey` 4.1.1 (`Fixtures/survey/make-survey.R`, which
/// wrote the data and `survey-reference.csv`): `svyglm` with `quasibinomial` and probit links on
/// R's own `api` samples — stratified with and without fpc, one- and two-stage cluster samples,
/// domains (`subset`), every lonely-PSU rule, and `svrepdesign` JK1, bootstrap, BRR, Fay, JKn and
/// `mse = TRUE` replicate weights — to 1e−6 relative: coefficients, SEs, t p-values, confidence
/// intervals (t with `df.residual` = design df + 1 − p) and the residual degrees of freedom.
struct SurveyReferenceTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let file: String
        let formula: String
        var model: ModelKind = .logit
        var information: InformationKind = .expected
        let design: SurveyDesign
        var subpop: SurveyDomain?
        var description: String { name }
    }

    static let strat = SurveyDesign(strata: "stype", fpc: ["fpc"], weights: "pw")
    static let clus1 = SurveyDesign(psu: ["dnum"], fpc: ["fpc"], weights: "pw")
    static let brr = SurveyDesign(weights: "w")

    static func replicates(_ design: SurveyDesign, _ prefix: String, _ type: ReplicateType, mse: Bool = false) -> SurveyDesign {
        var design = design
        design.replicates = ReplicateDesign(columns: .prefix(prefix), type: type, mse: mse)
        return design
    }

    static let cases: [Case] = [
        Case(name: "strat_logit", file: "apistrat.csv", formula: "sw ~ ell + meals + mobility", design: strat),
        Case(name: "strat_nofpc_probit", file: "apistrat.csv", formula: "sw ~ ell + meals + mobility", model: .probit,
             design: SurveyDesign(strata: "stype", weights: "pw")),
        Case(name: "clus1_logit", file: "apiclus1.csv", formula: "sw ~ ell + meals", design: clus1),
        // The linear probability model under the design: svyglm(family = gaussian()).
        Case(name: "strat_lpm", file: "apistrat.csv", formula: "sw ~ ell + meals + mobility", model: .lpm, design: strat),
        Case(name: "clus2_logit", file: "apiclus2.csv", formula: "sw ~ ell + meals", design: SurveyDesign(psu: ["dnum", "snum"], fpc: ["fpc1", "fpc2"])),
        Case(name: "strat_domain", file: "apistrat.csv", formula: "sw ~ ell + meals + mobility", design: strat,
             subpop: .level(column: "yr_rnd", value: "No")),
        Case(name: "clus1_domain", file: "apiclus1.csv", formula: "sw ~ ell + meals", design: clus1, subpop: .level(column: "stype", value: "E")),
        Case(name: "clus1_jk1", file: "apiclus1.csv", formula: "sw ~ ell + meals", design: replicates(SurveyDesign(weights: "pw"), "jk1_", .jk1)),
        Case(name: "clus1_bootstrap", file: "apiclus1.csv", formula: "sw ~ ell + meals", design: replicates(SurveyDesign(weights: "pw"), "bs_", .bootstrap)),
        Case(name: "brr_brr", file: "brrdata.csv", formula: "y ~ x1 + x2", design: replicates(brr, "brr_", .brr)),
        Case(name: "brr_fay", file: "brrdata.csv", formula: "y ~ x1 + x2", design: replicates(brr, "fay_", .fay(rho: 0.3))),
        // JKn's rscales (n_h − 1)/n_h from the strata and PSUs.
        Case(name: "brr_jkn", file: "brrdata.csv", formula: "y ~ x1 + x2",
             design: replicates(SurveyDesign(strata: "stratum", psu: ["psu"], weights: "w", nest: true), "jkn_", .jkn)),
        Case(name: "brr_mse", file: "brrdata.csv", formula: "y ~ x1 + x2", design: replicates(brr, "brr_", .brr, mse: true)),
        Case(name: "brr_linearized", file: "brrdata.csv", formula: "y ~ x1 + x2",
             design: SurveyDesign(strata: "stratum", psu: ["psu"], weights: "w", nest: true)),
    ] + LonelyPSU.allCases.filter { $0 != .fail }.map { rule in
        Case(name: "lonely_\(rule.rawValue)", file: "apistrat.csv", formula: "sw ~ ell + meals",
             design: SurveyDesign(strata: "cname", weights: "pw", lonelyPSU: rule))
    }

    static func reference(_ name: String) -> [String: Double] { FixtureFiles.referenceCase("survey/survey-reference.csv", name) }

    static func fit(_ c: Case) throws -> BinaryRegressionModel {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("survey/\(c.file)"))
        return try BinaryRegression.fit(c.formula, data: data, model: c.model, information: c.model == .lpm ? nil : c.information, design: c.design, subpop: c.subpop)
    }

    @Test(arguments: cases)
    func designBasedFitMatchesRSurvey(_ c: Case) throws {
        let expected = Self.reference(c.name)
        #expect(!expected.isEmpty, "no reference for \(c.name)")
        let model = try Self.fit(c)
        let df = try #require(expected[".df.residual"])
        #expect(model.table.distribution == .t(degreesOfFreedom: df), "\(c.name): \(model.table.distribution)")
        #expect(Double(model.survey?.degreesOfFreedom ?? -1) == expected[".degf"], "\(c.name) design df")
        for row in model.coefficients {
            for (item, value) in [("coef", row.estimate), ("se", row.standardError), ("p", row.pValue),
                                  ("lower", row.ciLower), ("upper", row.ciUpper)] {
                let reference = try #require(expected["\(item):\(row.term)"], "\(c.name) \(item):\(row.term)")
                let got = try #require(value)
                #expect(relativeError(got, reference) <= 1e-6, "\(c.name) \(item):\(row.term) \(got) vs R \(reference)")
            }
        }
    }

    /// `regTermTest(f, ~meals + mobility)`: F = W/q on (q, design df + 1 − p).
    @Test func termTestIsRegTermTestsF() throws {
        let expected = Self.reference("strat_logit")
        let model = try Self.fit(Self.cases[0])
        let test = try model.test("meals", "mobility")
        #expect(test.degreesOfFreedom == 2)
        #expect(test.denominatorDegreesOfFreedom == expected["regTermTest:meals+mobility:ddf"])
        #expect(relativeError(try #require(test.fStatistic), try #require(expected["regTermTest:meals+mobility:F"])) <= 1e-6)
        #expect(relativeError(test.pValue, try #require(expected["regTermTest:meals+mobility:p"])) <= 1e-6)
    }

    /// The study's own design (strata sector × size class, weights N_h/n_h, fpc N_h) with its
    /// headline specification, against R `svyglm`.
    @Test func theStudysDesignMatchesRSurvey() throws {
        let groups = ["computer_electronics": "high-tech", "chemicals_pharma": "high-tech", "electrical_equipment": "high-tech",
                      "automotive": "high-tech", "machinery": "high-tech", "rubber_plastics": "medium-tech", "metal_products": "medium-tech",
                      "other": "medium-tech", "food": "low-tech", "textiles": "low-tech", "wood_paper": "low-tech"]
        let raw = try CSVReader.read(contentsOf: FixtureFiles.url("ems2015-synthetic.csv"))
        let sectors = try #require(raw["sector"])
        let data = try DataTable(columns: raw.columns + [Column(name: "sector_group", strings: (0..<raw.rowCount).map { sectors.text(at: $0).flatMap { groups[$0] } })])
        let model = try BinaryRegression.fit("backshored ~ i40_technologies + log(employees) + C(sector_group)", data: data,
                                             design: SurveyDesign(parsing: "strata=stratum,weights=design_weight,fpc=stratum_population"))
        let expected = Self.reference("study_design")
        #expect(model.table.distribution == .t(degreesOfFreedom: try #require(expected[".df.residual"])))
        for row in model.coefficients {
            for (item, value) in [("coef", row.estimate), ("se", row.standardError), ("p", row.pValue), ("lower", row.ciLower), ("upper", row.ciUpper)] {
                let reference = try #require(expected["\(item):\(row.term)"], "\(item):\(row.term)")
                #expect(relativeError(try #require(value), reference) <= 1e-6, "\(item):\(row.term)")
            }
        }
    }
}
