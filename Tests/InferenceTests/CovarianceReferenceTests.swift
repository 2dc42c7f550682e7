import Foundation
import Testing
import TestSupport
import Tables
import Formulas
import LinearAlgebra
import LinearPredictor
import Estimation
@testable import Inference

/// Robust and clustered standard errors against R sandwich 3.0.2 (Fixtures/inference/make-inference.R).
struct CovarianceReferenceTests {
    static func reference(_ name: String) -> [String: Double] {
        let rows = (try? FixtureFiles.table("inference/covariance-reference.csv")) ?? []
        var result = [String: Double]()
        for row in rows where row["case"] == name {
            if let item = row["item"] { result[item] = row["value"].flatMap(Double.init) }
        }
        return result
    }

    /// The storages every reference case runs under (`GLMReferenceTests.storages`): dense, and
    /// factors of three levels or more held as codes.
    static let storages: [DesignStorage] = [.dense, .coded(minimumColumns: 2)]

    static func infert(storage: DesignStorage = .dense) throws -> (GLMFit, ModelFrame) {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/infert.csv"))
        let frame = try ModelFrame(formula: "case ~ spontaneous + induced + education", data: data,
                                   response: .binary(eventLevel: nil), auxiliaryColumns: ["stratum", "education"], storage: storage)
        #expect(frame.designMatrix.isCoded == (storage != .dense), "education's three levels coded under the lowered threshold")
        let fit = try GLM.fit(design: frame.designMatrix, response: frame.response, termNames: frame.columnNames,
                              options: GLMOptions(information: .expected))
        return (fit, frame)
    }

    static func ids(_ frame: ModelFrame, _ name: String) -> [String] {
        let column = frame.auxiliary[name]
        return (0..<frame.design.rows).map { column?.text(at: $0) ?? "" }
    }

    static func check(_ fit: GLMFit, _ covariance: Matrix, against name: String, tolerance: Double = 1e-6) {
        let expected = reference(name)
        #expect(!expected.isEmpty, "no reference for \(name)")
        for (j, row) in fit.coefficients.enumerated() {
            #expect(relativeError(covariance[j, j].squareRoot(), expected["se:\(row.term)"] ?? .nan) <= tolerance, "\(name) \(row.term)")
        }
    }

    @Test(arguments: [Covariance.hc0, .hc1, .hc2, .hc3], storages)
    func heteroskedasticityConsistent(_ estimator: Covariance, _ storage: DesignStorage) throws {
        let (fit, frame) = try Self.infert(storage: storage)
        let covariance = try RobustCovariance.covariance(of: fit, design: frame.designMatrix, response: frame.response, estimator: estimator)
        Self.check(fit, covariance, against: "infert_" + estimator.description.uppercased())
    }

    @Test(arguments: [(ClusterAdjustment.sandwich, "sandwich"), (.stata, "stata")], storages)
    func oneAndTwoWayClusters(_ adjustment: (ClusterAdjustment, String), _ storage: DesignStorage) throws {
        let (adjustment, suffix) = adjustment
        let (fit, frame) = try Self.infert(storage: storage)
        let one = try RobustCovariance.covariance(of: fit, design: frame.designMatrix, response: frame.response,
                                                  estimator: .cluster([], adjustment: adjustment), clusters: [Self.ids(frame, "stratum")])
        Self.check(fit, one, against: "infert_cluster_\(suffix)")
        let two = try RobustCovariance.covariance(of: fit, design: frame.designMatrix, response: frame.response,
                                                  estimator: .cluster([], adjustment: adjustment),
                                                  clusters: [Self.ids(frame, "stratum"), Self.ids(frame, "education")])
        Self.check(fit, two, against: "infert_cluster2_\(suffix)")
    }

    @Test(arguments: storages)
    func probitHC3WithExpectedInformationBread(_ storage: DesignStorage) throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))
        let frame = try ModelFrame(formula: "low ~ age + lwt + C(race) + smoke", data: data, response: .binary(eventLevel: nil),
                                   storage: storage)
        let fit = try GLM.fit(design: frame.designMatrix, response: frame.response, termNames: frame.columnNames,
                              options: GLMOptions(link: .probit, information: .expected))
        let covariance = try RobustCovariance.covariance(of: fit, design: frame.designMatrix, response: frame.response, estimator: .hc3)
        Self.check(fit, covariance, against: "birthwt_probit_HC3")
    }

    @Test(arguments: [Covariance.hc0, .hc2, .hc3])
    func linearProbabilityModel(_ estimator: Covariance) throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))
        let frame = try ModelFrame(formula: "low ~ age + lwt + C(race) + smoke", data: data, response: .binary(eventLevel: nil))
        let fit = try LinearProbabilityModel.fit(design: frame.design, response: frame.response, termNames: frame.columnNames)
        let covariance = try RobustCovariance.covariance(of: fit, design: frame.design, response: frame.response, estimator: estimator)
        Self.check(fit, covariance, against: "birthwt_lpm_" + estimator.description.uppercased(), tolerance: 1e-10)
    }

    @Test func errorsAreTyped() throws {
        let (fit, frame) = try Self.infert()
        #expect(throws: CovarianceError.missingClusters) {
            try RobustCovariance.covariance(of: fit, design: frame.design, response: frame.response, estimator: .cluster([], adjustment: .stata))
        }
        #expect(throws: CovarianceError.clusterLength(expected: frame.design.rows, found: 3)) {
            try RobustCovariance.covariance(of: fit, design: frame.design, response: frame.response, estimator: .cluster([], adjustment: .stata),
                                            clusters: [["a", "b", "c"]])
        }
        #expect(throws: CovarianceError.tooFewClusters(count: 1)) {
            try RobustCovariance.covariance(of: fit, design: frame.design, response: frame.response, estimator: .cluster([], adjustment: .stata),
                                            clusters: [[String](repeating: "one", count: frame.design.rows)])
        }
    }

    @Test func replacingTheCovarianceUpdatesTheTable() throws {
        let (fit, frame) = try Self.infert()
        let covariance = try RobustCovariance.covariance(of: fit, design: frame.design, response: frame.response, estimator: .hc3)
        let robust = fit.replacingCovariance(covariance, estimator: .hc3)
        #expect(robust.covarianceLabel == "robust (HC3)")
        #expect(robust.coefficients[1].estimate == fit.coefficients[1].estimate)
        #expect(robust.coefficients[1].standardError == covariance[1, 1].squareRoot())
        #expect(robust.coefficients[1].standardError != fit.coefficients[1].standardError)
    }
}
