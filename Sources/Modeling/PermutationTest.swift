import LinearPredictor
import Estimation
import Resampling

/// A permutation test of one numeric term of a binary-response model, permuting it within strata.
public struct PermutationTest: Sendable, Equatable {
    /// The term tested (a numeric design column).
    public let term: String
    /// The column whose levels the term is permuted within (`nil`: all rows).
    public let strata: String?
    /// The observed score statistic T = Σ wᵢ(xᵢ − x̄_s(i))(yᵢ − μ̂⁰ᵢ).
    public let statistic: Double
    /// Permutations drawn.
    public let permutations: Int
    /// Two-sided Monte Carlo p-value (1 + #{|T_b| ≥ |T|}) / (B + 1).
    public let pValue: Double
    /// The seed (replicate b uses the stream (seed, b)).
    public let seed: UInt64

    /// The Monte Carlo standard error of the p-value, √(p(1 − p)/B): how far another seed's
    /// p-value would typically lie (print it beside p; its second digit is stable when it is
    /// below a tenth of p).
    public var monteCarloStandardError: Double { (pValue * (1 - pValue) / Double(permutations)).squareRoot() }

    /// The within-strata permutation test of `variable`'s association with the outcome, given the
    /// other terms: μ̂⁰ from the same model refitted without the term (fitted once), T the score of
    /// the term's coefficient at β = 0, and the term's values permuted within `within`'s levels
    /// (B draws, each from its own stream, so the result does not depend on threads). Centring
    /// within strata makes T invariant to what the permutation cannot change. Exact in its null of
    /// exchangeability within strata; the other terms enter through μ̂⁰ only.
    /// - Throws: `ModelingError.unknownTerm` for a term that is not one numeric column,
    ///   `ModelingError.unknownColumn` for an unknown strata column, `outOfRange` for B outside 1…10⁷,
    ///   `SurveyDesignError.conflictingOption` for a model fitted under a survey design (exchangeable
    ///   rows are not how a design draws its sample).
    public static func scoreTest(_ model: BinaryRegressionModel, variable: String, within: String? = nil,
                                 permutations: Int = 9999, seed: UInt64 = 42) throws -> PermutationTest {
        try model.refuseAbsorbed(.permutations, "the permutation test (its reduced fit)")
        try ModelingLimits.check(permutations, 1...ModelingLimits.maxReplicates, parameter: .permutations)
        if model.survey != nil {
            throw SurveyDesignError.conflictingOption(option: .permutations, reason: "a permutation test treats the rows as exchangeable, which a survey design's strata, PSUs and weights do not make them; use the design-based Wald F test (test(_:))")
        }
        if model.frame.trials != nil {
            throw ModelingError.groupedResponse(option: .permutations, reason: "its rows hold different numbers of trials, so they are not exchangeable under the null; use the score or LR test (dropTest), or expand the counts to one row per trial")
        }
        let frame = model.frame
        guard let term = frame.terms.first(where: { $0.name == variable }), term.columns.count == 1 else {
            throw ModelingError.unknownTerm(name: variable, available: frame.terms.filter { $0.columns.count == 1 }.map(\.name))
        }
        let column = term.columns.lowerBound
        let remaining = (0..<frame.designMatrix.columns).filter { $0 != column }
        let reduced = try BinaryRegression.estimate(design: frame.designMatrix.selectingColumns(remaining),
                                                    names: remaining.map { frame.columnNames[$0] }, response: frame.response,
                                                    weights: model.weights, offset: model.offset, trials: frame.trials, specification: model.specification,
                                                    level: model.level, checkSeparation: false)
        let n = frame.designMatrix.rows
        let residuals = (0..<n).map { i in (model.weights?[i] ?? 1) * (frame.response[i] - reduced.fittedValues[i]) }
        let x = frame.designMatrix.column(column)
        var groups = [[Int]]()
        if let within {
            guard let strata = model.data[within] else {
                throw ModelingError.unknownColumn(name: within, parameter: .within, available: model.data.columnNames)
            }
            var index = [String: Int]()
            for (i, row) in frame.rowIndices.enumerated() {
                let key = strata.text(at: row) ?? ""
                if index[key] == nil { index[key] = groups.count; groups.append([]) }
                groups[index[key] ?? 0].append(i)
            }
        } else {
            groups = [Array(0..<n)]
        }
        // Centred within strata: Σ_s x̄_s Σ_{i∈s} rᵢ does not change under the permutation.
        var centred = x
        for rows in groups {
            let mean = rows.reduce(0) { $0 + x[$1] } / Double(rows.count)
            for i in rows { centred[i] -= mean }
        }
        func statistic(_ values: [Double]) -> Double { zip(values, residuals).reduce(0) { $0 + $1.0 * $1.1 } }
        let observed = statistic(centred)
        var exceed = 0
        var permuted = centred
        for b in 0..<permutations {
            var stream = RandomStream(seed: seed, index: UInt64(b))
            for rows in groups where rows.count > 1 {
                // Fisher–Yates within the stratum, on the rows' positions.
                for k in stride(from: rows.count - 1, to: 0, by: -1) {
                    let other = stream.index(below: k + 1)
                    permuted.swapAt(rows[k], rows[other])
                }
            }
            // |T_b| ≥ |T| up to rounding of the sum (ties count, as in an exact test).
            if abs(statistic(permuted)) >= abs(observed) * (1 - 1e-12) { exceed += 1 }
        }
        return PermutationTest(term: variable, strata: within, statistic: observed, permutations: permutations,
                               pValue: Double(1 + exceed) / Double(permutations + 1), seed: seed)
    }
}
