import Foundation
import Testing
import TestSupport
import Tables
import Formulas
import LinearAlgebra
import LinearPredictor
import Estimation
@testable import Inference

struct MarginalEffectsTests {
    static func table(_ path: String) -> [[String: String]] { (try? FixtureFiles.table(path)) ?? [] }

    static func spector() throws -> (GLMFit, ModelFrame) {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("margins/spector.csv"))
        let frame = try ModelFrame(formula: "GRADE ~ GPA + TUCE + PSI", data: data, response: .binary(eventLevel: nil))
        return (try GLM.fit(design: frame.design, response: frame.response, termNames: frame.columnNames), frame)
    }

    /// Stata 11 `margins` on Spector & Mazzeo (Fixtures/margins/stata-margins.csv).
    @Test(arguments: [("ame_continuous", MarginsKind.ame, false), ("ame_discrete", .ame, true),
                      ("mem_continuous", .mem, false), ("mem_discrete", .mem, true)])
    func matchesStataMargins(_ name: String, _ kind: MarginsKind, _ discrete: Bool) throws {
        let (fit, frame) = try Self.spector()
        let effects = try MarginalEffects.compute(fit: fit, frame: frame, kind: kind, binaryAsDiscrete: discrete)
        let expected = Self.table("margins/stata-margins.csv").filter { $0["case"] == name }
        #expect(expected.count == 3)
        for row in expected {
            let effect = try #require(effects.first { $0.term == row["term"] })
            // Stata stops its Newton iterations at a coefficient tolerance of 1e−6 (its estimates differ
            // from the MLE in the eighth digit), so the effects agree to ~4e−8.
            #expect(relativeError(effect.estimate, Double(row["estimate"] ?? "") ?? .nan) <= 1e-6, "\(name) \(effect.term)")
            // Stata printed the standard errors to 7 decimal places: within half a unit of the last.
            #expect(abs(effect.standardError - (Double(row["se"] ?? "") ?? .nan)) <= 5.5e-8, "\(name) \(effect.term) se")
        }
        if discrete { #expect(effects.first { $0.term == "PSI" }?.kind == .discrete) }
    }

    static func birthwt(storage: DesignStorage = .dense) throws -> (GLMFit, ModelFrame) {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("reference/birthwt.csv"))
        let frame = try ModelFrame(formula: "low ~ age + log(lwt) + I(age^2) + C(race) + smoke + age:smoke", data: data,
                                   response: .binary(eventLevel: nil), storage: storage)
        #expect(frame.designMatrix.isCoded == (storage != .dense))
        return (try GLM.fit(design: frame.designMatrix, response: frame.response, termNames: frame.columnNames), frame)
    }

    /// Logs, squares, factors and interactions against R's numerical derivatives (make-margins.R),
    /// under the dense and the coded storage.
    @Test(arguments: CovarianceReferenceTests.storages)
    func derivativesThroughTransformsAndInteractions(_ storage: DesignStorage) throws {
        let (fit, frame) = try Self.birthwt(storage: storage)
        let effects = try MarginalEffects.compute(fit: fit, frame: frame)
        #expect(effects.map(\.term) == ["age", "lwt", "race[2]", "race[3]", "smoke"])
        for row in Self.table("margins/margins-reference.csv") where row["case"] == "ame" {
            let effect = try #require(effects.first { $0.term == row["term"] })
            #expect(relativeError(effect.estimate, Double(row["estimate"] ?? "") ?? .nan) <= 1e-8, "\(effect.term)")
            #expect(relativeError(effect.standardError, Double(row["se"] ?? "") ?? .nan) <= 1e-6, "\(effect.term) se")
        }
    }

    @Test(arguments: CovarianceReferenceTests.storages)
    func averagePredictionsWithLinkScaleIntervals(_ storage: DesignStorage) throws {
        let (fit, frame) = try Self.birthwt(storage: storage)
        let predictions = try MarginalEffects.predictions(fit: fit, frame: frame, variable: "age", values: ["20", "30"])
        let rows = Self.table("margins/margins-reference.csv")
        for prediction in predictions {
            let term = "age=\(prediction.value)"
            let point = try #require(rows.first { $0["case"] == "prediction" && $0["term"] == term })
            let interval = try #require(rows.first { $0["case"] == "prediction_ci" && $0["term"] == term })
            #expect(relativeError(prediction.estimate, Double(point["estimate"] ?? "") ?? .nan) <= 1e-9)
            #expect(relativeError(prediction.standardError, Double(point["se"] ?? "") ?? .nan) <= 1e-8)
            #expect(relativeError(prediction.ciLower, Double(interval["estimate"] ?? "") ?? .nan) <= 1e-8)
            #expect(relativeError(prediction.ciUpper, Double(interval["se"] ?? "") ?? .nan) <= 1e-8)
            #expect(prediction.ciLower > 0 && prediction.ciUpper < 1)
        }
    }

    @Test func linearProbabilityModelEffectsAreTheCoefficients() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("margins/spector.csv"))
        let frame = try ModelFrame(formula: "GRADE ~ GPA + TUCE + PSI", data: data, response: .binary(eventLevel: nil))
        let fit = try LinearProbabilityModel.fit(design: frame.design, response: frame.response, termNames: frame.columnNames)
        let effects = try MarginalEffects.compute(fit: fit, frame: frame)
        for effect in effects {
            let row = try #require(fit.coefficient(effect.term))
            #expect(abs(effect.estimate - (row.estimate ?? .nan)) <= 1e-12)
            #expect(abs(effect.standardError - (row.standardError ?? .nan)) <= 1e-12)
        }
    }

    @Test func unknownVariablesAndLevelsAreErrors() throws {
        let (fit, frame) = try Self.birthwt()
        #expect(throws: CounterfactualError.self) { try MarginalEffects.compute(fit: fit, frame: frame, variables: ["weight"]) }
        #expect(throws: CounterfactualError.self) {
            try MarginalEffects.predictions(fit: fit, frame: frame, variable: "race", values: ["9"])
        }
    }
}
