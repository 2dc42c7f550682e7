import Foundation
import Testing
import TestSupport
import Regress

/// The factor fast path (issue 16: constant design columns under the change, one matrix product
/// per block of levels) against the general path, which builds the counterfactual columns per
/// level: p̄(ℓ) − p̄(ref) from `predictionContrast` runs the general path.
struct FactorMarginalEffectsFastPathTests {
    @Test func discreteChangesOfAFactorMatchTheGeneralPath() throws {
        var lines = ["y,x,g,w"]
        var random = SeededUniform(seed: 11)
        func uniform() -> Double { random.uniform() }
        for i in 0..<3000 {
            let level = Int(uniform() * 40), x = uniform() * 4 - 2
            let eta = -0.5 + 0.7 * x + Double(level % 7) * 0.2 - 0.6
            lines.append("\(uniform() < 1 / (1 + exp(-eta)) ? 1 : 0),\(x),L\(level < 10 ? "0" : "")\(level),\(1 + i % 3)")
        }
        let data = try CSVReader.read(text: lines.joined(separator: "\n"))
        for model in [ModelKind.logit, .probit] {
            let fitted = try BinaryRegression.fit("y ~ x + C(g)", data: data, model: model, weights: .frequency("w"))
            let effects = try fitted.marginalEffects(.ame)
            let levels = effects.filter { $0.term.hasPrefix("g[") }
            #expect(levels.count == 39)
            for effect in levels {
                let level = String(effect.term.dropFirst(2).dropLast())
                let general = try fitted.predictionContrast("g", numerator: level, denominator: "L00")
                #expect(abs(effect.estimate - general.difference) < 1e-13, "\(model) \(level)")
                #expect(abs(effect.standardError - general.differenceStandardError) < 1e-12, "\(model) \(level)")
            }
        }
        // Another reference level: the levels' columns are found by label, not by position.
        let releveled = try BinaryRegression.fit("y ~ x + C(g, Treatment(\"L07\"))", data: data, model: .logit)
        let releveledEffects = try releveled.marginalEffects(.ame).filter { $0.term.hasPrefix("g[") }
        #expect(releveledEffects.count == 39)
        for effect in releveledEffects where ["L00", "L05", "L39"].contains(String(effect.term.dropFirst(2).dropLast())) {
            let level = String(effect.term.dropFirst(2).dropLast())
            let general = try releveled.predictionContrast("g", numerator: level, denominator: "L07")
            #expect(abs(effect.estimate - general.difference) < 1e-13, "\(level)")
            #expect(abs(effect.standardError - general.differenceStandardError) < 1e-12, "\(level)")
        }
        // With an interaction the columns are not constant: the general path runs, and still agrees.
        let interacted = try BinaryRegression.fit("y ~ x + C(g) + x:C(g)", data: data, model: .logit)
        let effect = try #require(try interacted.marginalEffects(.ame).first { $0.term == "g[L05]" })
        let general = try interacted.predictionContrast("g", numerator: "L05", denominator: "L00")
        #expect(abs(effect.estimate - general.difference) < 1e-13)
    }
}
