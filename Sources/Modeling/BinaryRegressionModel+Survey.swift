import Foundation
import Tables
import Estimation
import Inference
import Resampling
import LinearAlgebra
import Distributions
import Survey

/// A model's survey design as fitted: the resolved design, the domain, and what inference and
/// the reports need from it (R `svyglm`'s `survey.design`, `degf`; Stata's `svy` header).
public struct FittedSurvey: Sendable {
    /// The design resolved on the model's data.
    public let design: ResolvedSurveyDesign
    /// The domain the model is fitted on, if any.
    public let domain: SurveyDomain?
    /// Per row of the model's frame: its row in the data (and the design).
    public let rows: [Int]
    /// The design degrees of freedom: PSUs − strata among the rows used (positive weight) for a
    /// linearised design, the rank of the replicate weights − 1 for a replicate design (R `degf`).
    public let degreesOfFreedom: Int
    /// Strata among the rows used.
    public let strata: Int
    /// PSUs among the rows used.
    public let psus: Int
    /// The estimated population size of the rows used: the sum of their weights (Stata's
    /// "Population size"; a domain's, for a domain).
    public let populationSize: Double
    /// The number of rows used (a domain's, for a domain).
    public let observations: Int

    /// The covariance a design gives: its replicate variance where it has replicate weights,
    /// Taylor linearisation otherwise.
    public var covariance: Covariance { design.replicateWeights != nil ? .replicates : .linearized }

    /// The degrees of freedom of t statistics and of the F tests' denominators for a model with
    /// `estimated` coefficients: design df + 1 − estimated (R `svyglm`'s `df.residual`, which
    /// `summary`, `confint` and `regTermTest` use).
    public func residualDegreesOfFreedom(estimated: Int) -> Int { degreesOfFreedom + 1 - estimated }
}

extension BinaryRegressionModel {
    /// Under a survey design, the degrees of freedom of its t statistics and F denominators:
    /// design df + 1 − the estimated coefficients (R `svyglm`'s `df.residual`); nil without one.
    public var designResidualDegreesOfFreedom: Int? {
        survey?.residualDegreesOfFreedom(estimated: estimatedParameters)
    }

    /// The reference distribution of the model's Wald statistics: t with the design's residual
    /// degrees of freedom under a survey design (R `summary.svyglm`), the fit's own otherwise.
    var surveyDistribution: ReferenceDistribution? {
        designResidualDegreesOfFreedom.map { .t(degreesOfFreedom: Double($0)) }
    }

    /// A Wald χ² result referred, under a survey design, to F(q, design residual df) as R's
    /// `regTermTest(method = "Wald")`: F = W / q.
    func designAware(_ result: TestResult) -> TestResult {
        guard let residual = designResidualDegreesOfFreedom else { return result }
        let denominator = Double(residual)
        let q = Double(result.degreesOfFreedom)
        let p = denominator > 0 ? FDistribution.survival(result.statistic / q, numeratorDegreesOfFreedom: q, denominatorDegreesOfFreedom: denominator) : .nan
        return TestResult(statistic: result.statistic, degreesOfFreedom: result.degreesOfFreedom, pValue: p,
                          denominatorDegreesOfFreedom: denominator)
    }

    /// The design-based covariance (`.linearized` or `.replicates`) on the scaled side.
    func surveyCovariance(_ covariance: Covariance, survey: FittedSurvey) throws -> ScaledCovariance {
        switch covariance {
        case .linearized:
            guard survey.design.replicateWeights == nil else {
                throw ModelingError.unsupported(option: .covariance, model: model.rawValue,
                                                hint: "a replicate-weight design's covariance is .replicates (its strata and PSUs, if given, only set JKn's rscales)")
            }
            return try RobustCovariance.scaledCovariance(of: base, design: frame.designMatrix, response: frame.response, weights: weights,
                                                         estimator: .linearized,
                                                         survey: SurveyRows(structure: survey.design.structure, rows: survey.rows))
        case .replicates:
            guard let matrix = survey.design.replicateWeights, let scheme = survey.design.scheme else {
                throw ModelingError.unsupported(option: .covariance, model: model.rawValue,
                                                hint: "the design has no replicate weights (--design replicates=PREFIX*,type=…); its covariance is .linearized")
            }
            return ScaledCovariance(try replicateCovariance(matrix, scheme: scheme, survey: survey))
        default:
            throw SurveyDesignError.conflictingOption(option: .covariance,
                                                      reason: "a survey design's standard errors are design-based (.\(survey.covariance)); \(covariance) ignores the strata, PSUs and fpc")
        }
    }

    /// V = scale Σ_r rscale_r (β_r − β̄)(β_r − β̄)ᵀ over refits under each replicate column (R
    /// `svyglm.svyrep.design`: glm from the full-sample estimates with the replicate weights), run
    /// in parallel with results stored by replicate, so bit-identical for any thread count.
    func replicateCovariance(_ matrix: Matrix, scheme: ReplicateScheme, survey: FittedSurvey) throws -> Matrix {
        let refit = try replicateRefit()
        let kept = fit.coefficients.indices.filter { !fit.coefficients[$0].isAliased }
        let full = kept.map { fit.coefficients[$0].estimate ?? .nan }
        let rowWeights = weights ?? [Double](repeating: 1, count: frame.response.count)
        let inDomain = survey.rows.indices.map { rowWeights[$0] > 0 }
        let results = ParallelReplicates.map(count: matrix.columns) { r -> [Double] in
            let counts = survey.rows.indices.map { i -> Double in
                inDomain[i] ? matrix[survey.rows[i], r] / rowWeights[i] : 0
            }
            let replicate = try refit(counts)
            return kept.map { replicate.coefficients[$0].estimate ?? .nan }
        }
        var values = [[Double]](), failures = [ReplicateFailureReason: Int]()
        for result in results {
            switch result {
            case .success(let betas): values.append(betas)
            case .failure(let failure): failures[failure.reason, default: 0] += 1
            }
        }
        guard failures.isEmpty else {
            throw ModelingError.degenerateResampling(plan: "replicate weights (\(scheme.type))",
                                                     reason: "\(failures.values.reduce(0, +)) of \(matrix.columns) replicate refits failed (" + failures.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + ")")
        }
        let kk = scheme.covariance(replicates: values, full: full)
        let p = fit.coefficients.count
        var covariance = Matrix(rows: p, columns: p, repeating: .nan)
        for (a, i) in kept.enumerated() { for (b, j) in kept.enumerated() { covariance[i, j] = kk[a, b] } }
        return covariance
    }
}
