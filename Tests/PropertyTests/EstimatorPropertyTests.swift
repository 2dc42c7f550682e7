import Foundation
import PropertyBased
import Regress
import Testing

/// A random logit dataset drawn from `seed`: intercept, a normal and a uniform covariate, and a
/// 0/1 response from β = (−0.5, 1, −0.7). The property generator supplies the seed, so every case
/// is reproducible from the seed that a failure prints.
struct LogitSample {
    let design: Matrix
    let response: [Double]

    init(seed: Int, rows: Int) {
        var stream = RandomStream(seed: UInt64(seed), index: 0)
        func uniform() -> Double { (Double(stream.next() >> 11) + 0.5) / Double(1 << 53) }
        let x1 = (0..<rows).map { _ in (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform()) }
        let x2 = (0..<rows).map { _ in 4 * uniform() - 2 }
        response = (0..<rows).map { i in uniform() < 1 / (1 + exp(0.5 - x1[i] + 0.7 * x2[i])) ? 1 : 0 }
        design = Matrix(columnVectors: [[Double](repeating: 1, count: rows), x1, x2])
    }

    static let names = ["Intercept", "x1", "x2"]
}

/// Fits a logit, or nil when the sample is degenerate (separation, no convergence): those cases
/// are tested elsewhere, and the invariants below are about regular fits.
func regularLogit(_ design: Matrix, _ response: [Double], weights: [Double]? = nil) throws -> GLMFit? {
    let fit = try GLM.fit(design: design, response: response, termNames: LogitSample.names, weights: weights)
    guard fit.converged, !fit.diagnostics.contains(where: { $0.kind == .separation }) else { return nil }
    return fit
}

func estimates(_ fit: GLMFit) -> [Double] { fit.coefficients.map { $0.estimate ?? .nan } }
func standardErrors(_ fit: GLMFit) -> [Double] { fit.coefficients.map { $0.standardError ?? .nan } }
func close(_ a: [Double], _ b: [Double], relative: Double) -> Bool {
    zip(a, b).allSatisfy { abs($0 - $1) <= relative * max(1, abs($1)) }
}

@Suite struct EstimatorPropertyTests {
    @Test func permutingRowsLeavesEstimatesUnchanged() async throws {
        await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000), Gen.int(in: 60...300)) { seed, rows in
            let sample = LogitSample(seed: seed, rows: rows)
            guard let fit = try? regularLogit(sample.design, sample.response) else { return }
            var stream = RandomStream(seed: UInt64(seed), index: 1)
            var order = Array(0..<rows)
            for i in stride(from: rows - 1, to: 0, by: -1) { order.swapAt(i, stream.index(below: i + 1)) }
            let permuted = try? regularLogit(sample.design.selectingRows(order), order.map { sample.response[$0] })
            #expect(permuted != nil)
            guard let permuted else { return }
            #expect(close(estimates(permuted), estimates(fit), relative: 1e-9))
            #expect(close(standardErrors(permuted), standardErrors(fit), relative: 1e-9))
        }
    }

    @Test func duplicatingEveryRowEqualsFrequencyWeightTwo() async throws {
        await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000), Gen.int(in: 60...300)) { seed, rows in
            let sample = LogitSample(seed: seed, rows: rows)
            guard let weighted = try? regularLogit(sample.design, sample.response, weights: [Double](repeating: 2, count: rows)) else { return }
            let doubled = Array(0..<rows) + Array(0..<rows)
            let duplicated = try? regularLogit(sample.design.selectingRows(doubled), doubled.map { sample.response[$0] })
            #expect(duplicated != nil)
            guard let duplicated else { return }
            #expect(close(estimates(duplicated), estimates(weighted), relative: 1e-9))
            #expect(close(standardErrors(duplicated), standardErrors(weighted), relative: 1e-9))
            #expect(abs(duplicated.logLikelihood - weighted.logLikelihood) <= 1e-9 * abs(weighted.logLikelihood))
        }
    }

    @Test func affineRescalingRescalesTheCoefficientAndKeepsZ() async throws {
        let scales = Gen.double(in: 0.001...1000), shifts = Gen.double(in: -100...100)
        await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000), scales, shifts) { seed, scale, shift in
            let sample = LogitSample(seed: seed, rows: 200)
            guard let fit = try? regularLogit(sample.design, sample.response) else { return }
            var columns = (0..<3).map { sample.design.column($0) }
            columns[1] = columns[1].map { scale * $0 + shift }
            let rescaled = try? regularLogit(Matrix(columnVectors: columns), sample.response)
            #expect(rescaled != nil)
            guard let rescaled else { return }
            let original = fit.coefficients[1], transformed = rescaled.coefficients[1]
            #expect(abs((transformed.estimate ?? .nan) * scale - (original.estimate ?? .nan)) <= 1e-7 * abs(original.estimate ?? 1))
            #expect(abs((transformed.statistic ?? .nan) - (original.statistic ?? .nan)) <= 1e-7 * max(1, abs(original.statistic ?? 1)))
            #expect(abs(rescaled.logLikelihood - fit.logLikelihood) <= 1e-9 * abs(fit.logLikelihood))
        }
    }

    @Test func logLikelihoodAtTheEstimateIsNeverBelowANearbyPoint() async throws {
        await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000), Gen.double(in: -0.05...0.05), Gen.int(in: 0...2)) { seed, step, coordinate in
            let sample = LogitSample(seed: seed, rows: 150)
            guard let fit = try? regularLogit(sample.design, sample.response), step != 0 else { return }
            var beta = estimates(fit)
            beta[coordinate] += step
            // ℓ(β) = Σ yη − log(1 + eη), evaluated independently of the engine.
            let eta = sample.design * beta
            let perturbed = zip(sample.response, eta).reduce(0.0) { total, pair in
                let (y, e) = pair
                return total + y * e - (e > 0 ? e + log1p(exp(-e)) : log1p(exp(e)))
            }
            #expect(perturbed <= fit.logLikelihood + 1e-9 * abs(fit.logLikelihood))
        }
    }
}

@Suite struct PropertyGeneratorTests {
    /// The invariants skip degenerate samples; this keeps that path rare, so they cannot pass vacuously.
    @Test func randomSamplesAreMostlyRegularFits() throws {
        let regular = try (0..<50).filter { seed in
            let sample = LogitSample(seed: seed, rows: 60 + 5 * seed)
            return try regularLogit(sample.design, sample.response) != nil
        }
        #expect(regular.count >= 45)
    }
}
