import Foundation
import Testing
import TestSupport
import Regress

/// Issue 13's numerical classes: extreme magnitudes, boundary fits, sampling weights, Firth on
/// saturated and separated designs, separation in probit/cloglog bootstraps. References:
/// Fixtures/hostile (mpmath 50-digit Newton, R 4.2.2 sandwich/brglm2) and closed forms.
struct HostileNumericsTests {
    static func reference(_ file: String, _ name: String) -> [String: Double] {
        var result = [String: Double]()
        for row in (try? FixtureFiles.table("hostile/\(file)")) ?? [] where row["case"] == name {
            if let item = row["item"] { result[item] = row["value"].flatMap(Double.init) }
        }
        return result
    }

    static func data(_ file: String) throws -> DataTable { try CSVReader.read(contentsOf: FixtureFiles.url(file)) }

    /// y ~ x on 200 rows with x replaced by x·`scale`.
    static func scaled(_ scale: Double) -> DataTable {
        var lines = ["y,x"]
        var state: UInt64 = 7
        for _ in 0..<200 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let x = Double(state >> 11) / Double(1 << 53) * 4 - 2
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let u = Double(state >> 11) / Double(1 << 53)
            lines.append("\(u < 1 / (1 + exp(-(0.3 + 0.8 * x))) ? 1 : 0),\(x * scale)")
        }
        return (try? CSVReader.read(text: lines.joined(separator: "\n"))) ?? DataTable()
    }

    @Test(arguments: [ModelKind.logit, .probit, .cloglog, .firth])
    func crossProductOverflowOrUnderflowIsScaledAway(model: ModelKind) throws {
        // One column of magnitude 1e±160 over- or underflows XᵀWX; the fit used to report its
        // starting values with an LR χ². Scaling is exact: β(x·c) = β(x)/c, as R's QR gives.
        let plain = try BinaryRegression.fit("y ~ x", data: Self.scaled(1), model: model)
        for scale in [1e-160, 1e160, 1e-300, 1e250] {
            let fit = try BinaryRegression.fit("y ~ x", data: Self.scaled(scale), model: model)
            #expect(fit.fit.converged, "\(model) at \(scale)")
            let intercept = fit.fit.coefficients[0], slope = fit.fit.coefficients[1]
            #expect(relativeError(intercept.estimate ?? .nan, plain.fit.coefficients[0].estimate ?? .nan) < 1e-9)
            #expect(relativeError(intercept.standardError ?? .nan, plain.fit.coefficients[0].standardError ?? .nan) < 1e-9)
            #expect(relativeError((slope.estimate ?? .nan) * scale, plain.fit.coefficients[1].estimate ?? .nan) < 1e-9, "\(model) at \(scale)")
            #expect(relativeError(fit.fit.logLikelihood, plain.fit.logLikelihood) < 1e-12)
            // The slope's variance (1/scale)²·v lies beyond the doubles (+∞ or 0, as in R's); its SE does not.
            #expect(relativeError((slope.standardError ?? .nan) * scale, plain.fit.coefficients[1].standardError ?? .nan) < 1e-9)
            #expect(relativeError(slope.pValue ?? .nan, plain.fit.coefficients[1].pValue ?? .nan) < 1e-9)
        }
    }

    @Test func robustCovarianceOfAScaledColumnIsScaledToo() throws {
        let plain = try BinaryRegression.fit("y ~ x", data: Self.scaled(1), model: .probit, covariance: .hc1)
        let scaled = try BinaryRegression.fit("y ~ x", data: Self.scaled(1e100), model: .probit, covariance: .hc1)
        #expect(relativeError(try scaled.covariance()[1, 1] * 1e200, try plain.covariance()[1, 1]) < 1e-9)
        #expect(relativeError(try scaled.covariance(.classical(.expected))[1, 1] * 1e200, try plain.covariance(.classical(.expected))[1, 1]) < 1e-9)
    }

    @Test func extremeWeightsAndOffsetsAreErrorsNotStatistics() throws {
        let base = "y,x,w,o\n1,0.5,1e300,0\n0,1.5,1,1e308\n1,2,1,0\n0,0.2,1,0\n1,1.1,1,0\n"
        let data = try CSVReader.read(text: base)
        #expect(throws: GLMError.weightsOutOfRange(row: 0, value: 1e300)) {
            try BinaryRegression.fit("y ~ x", data: data, weights: .frequency("w"))
        }
        #expect(throws: GLMError.weightsOutOfRange(row: 0, value: 1e300)) {
            try BinaryRegression.fit("y ~ x", data: data, weights: .sampling("w"))
        }
        #expect(throws: GLMError.offsetOutOfRange(row: 1, value: 1e308)) {
            try BinaryRegression.fit("y ~ x", data: data, offset: "o")
        }
        // Starting values that leave no information: no fit happened, so no statistics.
        let design = Matrix(rowMajor: [[1, 2], [1, 3], [1, 4], [1, 5]])
        #expect(throws: GLMError.self) {
            try GLM.fit(design: design, response: [1, 0, 1, 0], termNames: ["a", "b"], options: GLMOptions(start: [1e200, 0]))
        }
    }

    @Test func firthOnATinyColumnDoesNotCrash() throws {
        let fit = try BinaryRegression.fit("y ~ x", data: Self.scaled(1e-170), model: .firth)
        let plain = try BinaryRegression.fit("y ~ x", data: Self.scaled(1), model: .firth)
        #expect(relativeError((fit.fit.coefficients[1].estimate ?? .nan) * 1e-170, plain.fit.coefficients[1].estimate ?? .nan) < 1e-9)
    }

    @Test(arguments: [InformationKind.observed, .expected])
    func newtonPolishAtBoundaryFits(information: InformationKind) throws {
        // cloglog with 165 fitted probabilities that round to exactly 1: the polish used to stop
        // (expected information: 7e−6 short of the MLE). Reference: 50-digit Newton (mpmath).
        let expected = Self.reference("boundary-reference.csv", "boundary_cloglog")
        let model = try BinaryRegression.fit("y ~ x", data: Self.data("hostile/boundary-cloglog.csv"), model: .cloglog,
                                             information: information)
        #expect(model.fit.diagnostics.contains { $0.kind == .boundaryFit })
        for row in model.fit.coefficients {
            #expect(relativeError(row.estimate ?? .nan, expected["coef:\(row.term)"] ?? .nan) < 1e-12, "\(row.term)")
            #expect(relativeError(row.standardError ?? .nan, expected["se_\(information.rawValue):\(row.term)"] ?? .nan) < 1e-10,
                    "\(row.term)")
        }
    }

    @Test(arguments: [InformationKind.observed, .expected])
    func samplingWeightsUseTheChosenInformationAndSaySo(information: InformationKind) throws {
        // Stata's probit [pw=] (observed bread, the default) and R's sandwich HC0 · n/(n−1)
        // (expected bread, as survey::svyglm): up to 3 % apart here.
        var data = try Self.data("reference/birthwt.csv")
        try data.addDerivedColumn(named: "w") { 0.5 + Double($0 % 4) }
        let model = try BinaryRegression.fit("low ~ age + lwt + smoke", data: data, model: .probit, weights: .sampling("w"),
                                             information: information)
        let expected = Self.reference("hostile-reference.csv", "sampling_probit")
        for row in model.fit.coefficients {
            #expect(relativeError(row.estimate ?? .nan, expected["coef:\(row.term)"] ?? .nan) < 1e-8, "\(row.term)")
            #expect(relativeError(row.standardError ?? .nan, expected["se_\(information.rawValue):\(row.term)"] ?? .nan) < 1e-7,
                    "\(row.term)")
        }
        #expect(model.fit.covarianceEstimator == .samplingWeights(information))
        #expect(model.fit.covarianceLabel.contains("\(information.rawValue)-information bread"))
        #expect(model.fit.information == information)
    }

    @Test func firthStepControlOnASaturatedDesign() throws {
        // n = p = 3: every hat value is 1, so X β = logit((y + ½)/2) exactly (brglm2 agrees); the
        // loop without step control diverged to −30758 with the wrong sign.
        let expected = Self.reference("hostile-reference.csv", "firth_saturated")
        let model = try BinaryRegression.fit("y ~ x1 + x2", data: Self.data("hostile/saturated.csv"), model: .firth)
        #expect(model.fit.converged)
        for row in model.fit.coefficients {
            #expect(relativeError(row.estimate ?? .nan, expected["closed:\(row.term)"] ?? .nan) < 1e-10, "\(row.term)")
            #expect(relativeError(row.estimate ?? .nan, expected["coef:\(row.term)"] ?? .nan) < 1e-10, "\(row.term)")
        }
        // n < p: the aliased columns leave a saturated fit of the others, with the same fitted values.
        let wide = try CSVReader.read(text: "y,a,b,c\n0,0.1,1.2,3\n1,0.5,0.3,1\n")
        let under = try BinaryRegression.fit("y ~ a + b + c", data: wide, model: .firth)
        #expect(under.fit.converged)
        #expect(under.fit.fittedValues.enumerated().allSatisfy { abs($0.element - [0.25, 0.75][$0.offset]) < 1e-10 })
    }

    @Test func firthBootstrapOnSeparatedDataRunsEveryReplicate() throws {
        // The separation message recommends Firth's bootstrap: it must run (it used to crash or fail
        // replicates), and its replicates are all finite.
        let data = try Self.data("hostile/separated-factor.csv")
        let firth = try BinaryRegression.fit("y ~ x + C(g)", data: data, model: .firth)
        #expect(firth.fit.diagnostics.contains { $0.kind == .separation })
        let summary = try firth.bootstrap(replicates: 200, seed: 3)
        #expect(summary.result.failedCount == 0)
        #expect(summary.result.replicates.allSatisfy { $0.allSatisfy(\.isFinite) })
    }

    @Test(arguments: [ModelKind.probit, .cloglog, .cauchit])
    func separatedBootstrapIsRefusedForEveryLink(model: ModelKind) throws {
        // The logit refused to bootstrap separated data; probit and cloglog passed the logit-scale
        // screen (|η| > 15) and reported finite intervals for infinite coefficients.
        let data = try Self.data("hostile/separated-factor.csv")
        let fit = try BinaryRegression.fit("y ~ x + C(g)", data: data, model: model)
        #expect(throws: BootstrapError.fullSampleFailed(reason: .separation)) {
            try fit.bootstrap(replicates: 50, seed: 1)
        }
    }

    @Test func separatedReplicatesAreTheSameForEveryLink() throws {
        // Separation is a property of the resampled rows, not of the link: with the same seed the
        // same replicates fail for the logit, probit and cloglog, counted with their reason.
        var lines = ["y,x"]
        for i in 0..<40 { let x = Double(i - 20) / 7; lines.append("\(x > 0 ? 1 : 0),\(x)") }
        lines += ["0,0.8", "1,-0.7"]
        let data = try CSVReader.read(text: lines.joined(separator: "\n"))
        let counts = try [ModelKind.logit, .probit, .cloglog].map { model in
            try BinaryRegression.fit("y ~ x", data: data, model: model).bootstrap(replicates: 300, intervals: [.percentile], seed: 5)
                .result.failedCount
        }
        #expect(counts[0] > 0)
        #expect(counts.allSatisfy { $0 == counts[0] }, "\(counts)")
    }

    /// max_j |Σᵢ ψᵢxᵢⱼ| / Σᵢ |ψᵢxᵢⱼ| with ψ the ML score factor wᵢ(yᵢ − μᵢ)μ'ᵢ/Vᵢ (FuzzNumeric's oracle).
    static func scoreImbalance(_ model: BinaryRegressionModel) -> Double {
        let fit = model.fit, design = model.frame.design, link = fit.link.function
        var worst = 0.0
        for j in fit.table.estimatedColumns {
            var sum = 0.0, scale = 0.0
            for i in 0..<design.rows {
                let values = link.inverse(fit.linearPredictor[i]), variance = values.mean * values.complement
                guard variance > 0 else { continue }
                let term = (model.weights?[i] ?? 1) * (model.frame.response[i] - values.mean) * values.derivative / variance * design[i, j]
                sum += term
                scale += abs(term)
            }
            if scale > 0 { worst = max(worst, abs(sum) / scale) }
        }
        return worst
    }

    @Test func polishStepIsMeasuredInStandardErrors() throws {
        // FuzzNumeric: x1 in units of 1e20, so β ~ 1e−20; a step relative to max(1, |β|) never counted
        // it, the polish was skipped, and x1's score equation held to 1e−6 of its scale only.
        let model = try BinaryRegression.fit("y ~ x1", data: Self.data("hostile/probit-column-in-1e20-units.csv"), model: .probit,
                                             weights: .frequency("w"), offset: "o")
        #expect(model.fit.converged)
        #expect(Self.scoreImbalance(model) < 1e-9, "\(Self.scoreImbalance(model))")
    }

    @Test func cauchitStationaryPointWorseThanTheNullModelIsRefitted() throws {
        // FuzzNumeric: the cauchit (not concave) stopped at ℓ = −24.0 against ℓ₀ = −18.0 and called it
        // converged, with an LR χ² of −11.9. Refitted from the null model it reaches ℓ = −13.5.
        let model = try BinaryRegression.fit("y ~ x1 + x2 + x3 + x4", data: Self.data("hostile/cauchit-worse-than-null.csv"),
                                             model: .cauchit, weights: .frequency("w"))
        #expect(model.fit.converged)
        #expect(model.fit.logLikelihood >= model.fit.nullLogLikelihood)
        #expect(model.fit.lrStatistic >= 0)
    }

    @Test func zeroWeightRowFarInTheTailDoesNotPoisonTheSweep() throws {
        // FuzzNumeric: a zero-weight row whose working response was ±∞ made XᵀWz NaN (0·∞) and
        // trapped in dpotrs; such a row now contributes nothing, as its weight says.
        let model = try BinaryRegression.fit("y ~ x1 + x2 + x3 + x4", data: Self.data("hostile/zero-weight-tail.csv"),
                                             weights: .sampling("w"), offset: "o", information: .expected, covariance: .hc0)
        #expect(model.fit.coefficients.allSatisfy { $0.isAliased || ($0.estimate?.isFinite ?? false) })
    }

    @Test func linearProbabilityModelRefusesAnOffsetBeyond1e15() throws {
        let data = try CSVReader.read(text: "y,x,o\n1,0.5,0\n0,1.5,1e300\n1,2,0\n0,0.2,0\n")
        #expect(throws: GLMError.offsetOutOfRange(row: 1, value: 1e300)) {
            try BinaryRegression.fit("y ~ x", data: data, model: .lpm, offset: "o")
        }
    }

    @Test(arguments: [ModelKind.logit, .probit, .cloglog])
    func zeroWeightRowsAreLeftOutExactly(model: ModelKind) throws {
        // FuzzNumeric: a zero-weight row at x = 9e19 reached the wrong boundary, its 0·∞ deviance was
        // NaN, and the cloglog "converged" below the null model (LR χ² −1.4). A zero weight must
        // act as if the row were not there.
        let data = try Self.data("hostile/zero-weight-extreme-row.csv")
        let w = try data.column(named: "w").numericValues ?? []
        let kept = data.selectingRows((0..<data.rowCount).filter { w[$0] != 0 })
        let full = try BinaryRegression.fit("y ~ x1", data: data, model: model, weights: .sampling("w"), offset: "o")
        let without = try BinaryRegression.fit("y ~ x1", data: kept, model: model, weights: .sampling("w"), offset: "o")
        #expect(kept.rowCount == data.rowCount - 2)
        for (a, b) in zip(full.fit.coefficients, without.fit.coefficients) {
            #expect(relativeError(a.estimate ?? .nan, b.estimate ?? .nan) < 1e-9, "\(model) \(a.term)")
            #expect(relativeError(a.standardError ?? .nan, b.standardError ?? .nan) < 1e-9, "\(model) \(a.term)")
        }
    }

    @Test func aStalledIterationIsNotConvergenceAndTheFitRetriesFromZero() throws {
        // FuzzNumeric: from R's mustart the first cloglog step went from D = 10 to 15,914; thirty
        // halvings found nothing lower, and the unchanged deviance read as convergence (ℓ = −7957,
        // LR χ² = ∞). A stall is not convergence, and the fit retries from β = 0.
        let model = try BinaryRegression.fit("y ~ x1 + x2", data: Self.data("hostile/cloglog-stalled-start.csv"), model: .cloglog,
                                             weights: .frequency("w"), offset: "o")
        #expect(model.fit.converged)
        #expect(model.fit.logLikelihood >= model.fit.nullLogLikelihood)
        #expect(model.fit.logLikelihood > -100)
        #expect(Self.scoreImbalance(model) < 1e-8)
    }

    @Test func robustCovarianceIsUnavailableWhereTheInformationIsSingular() throws {
        // FuzzNumeric (10⁶ campaign, 572,119 executions): a cloglog with columns of 1e160 and 4e20
        // whose weight sits on rows fitted at 0 or 1. The fit's information is singular by its rule
        // (SEs NA), but HC0/HC1 inverted the same matrix by a plain Cholesky and printed an SE of
        // 0.29 for the 4e20 column. The maximum is flat to double precision (60-digit mpmath,
        // Fixtures/hostile/cloglog-singular-information.py: ℓ = −5.406929255406575143, still rising
        // by 1e−24 per 100 steps along a ray; R's vcovHC gives Inf): every covariance is unavailable.
        let data = try Self.data("hostile/cloglog-singular-information.csv")
        let model = try BinaryRegression.fit("y ~ x1 + x2 + x3 + x4", data: data, model: .cloglog, offset: "o")
        #expect(abs(model.fit.logLikelihood - -5.406929255406575143) < 1e-12)
        #expect(model.fit.diagnostics.contains { $0.kind == .singularInformation })
        let choices: [Covariance] = [.classical(.observed), .classical(.expected), .hc0, .hc1, .hc2, .hc3, .cluster(["g"])]
        for choice in choices {
            let table = try model.coefficientTable(covariance: choice)
            #expect(table.rows.allSatisfy { !($0.standardError?.isFinite ?? false) }, "\(choice)")
            #expect(try model.withCovariance(choice).fit.covarianceIsUnavailable, "\(choice)")
        }
        // The same design on the well-scaled rows alone has every covariance.
        let interior = try BinaryRegression.fit("y ~ x2", data: data, model: .cloglog, offset: "o")
        #expect(try interior.withCovariance(.hc1).fit.covarianceEstimator == .hc1)
    }

    /// Bug fixed: a Wald test on a fit without a covariance (singular information) threw
    /// "the restrictions are linearly dependent; drop redundant rows", and the study swallowed
    /// every error of its all-sector test with `try?`. It is now its own error, naming the terms.
    @Test func aWaldTestWithoutACovarianceSaysSoInsteadOfBlamingTheRestrictions() throws {
        let data = try Self.data("hostile/cloglog-singular-information.csv")
        let model = try BinaryRegression.fit("y ~ x1 + x2 + x3 + x4", data: data, model: .cloglog, offset: "o")
        #expect(model.fit.covarianceIsUnavailable)
        #expect(throws: HypothesisTestError.covarianceUnavailable(terms: ["x2"])) { try model.dropTest("x2") }
        #expect(throws: HypothesisTestError.covarianceUnavailable(terms: ["x1", "x3"])) {
            try model.test("x1 = 0", "x3 = 0")
        }
        #expect(HypothesisTestError.covarianceUnavailable(terms: ["x2"]).localizedDescription.contains("likelihoodRatioTest(against:)"))
        // A fit with a covariance still tests, and dependent restrictions keep their own error.
        let interior = try BinaryRegression.fit("y ~ x2", data: data, model: .cloglog, offset: "o")
        #expect(try interior.dropTest("x2").wald?.degreesOfFreedom == 1)
        #expect(throws: HypothesisTestError.singularRestrictions) {
            try WaldTest.linearHypothesis(interior.fit, restrictions: Matrix(rowMajor: [[0, 1], [0, 1]]), values: [0, 0])
        }
    }
}
