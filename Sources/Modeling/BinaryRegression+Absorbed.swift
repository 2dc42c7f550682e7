import Tables
import Formulas
import Estimation
import LinearAlgebra
import LinearPredictor

/// What a model with absorbed factors (`y ~ x | g + h`) keeps for its covariances and reports.
public struct AbsorbedDesign: Sendable {
    /// The absorbed factors on the rows used.
    public let fixedEffects: FixedEffects
    /// The design projected off the fixed effects under the final working weights, every design
    /// column in place (an aliased one as zeros): the design of every covariance of the other terms.
    public let projectedDesign: DesignMatrix
    /// The parameters the fixed effects take (AIC, BIC, HC1, Stata's cluster factor).
    public let absorbedParameters: Int
    /// Levels whose rows all have one outcome: their fixed effect is ±∞, their rows (weight 0)
    /// carry nothing about the other terms (pyfixest drops them).
    public let separatedLevels: [(factor: String, level: String, outcome: Double)]
    /// Rows left out for those levels.
    public let separatedRows: Int
}

extension BinaryRegression {
    /// The fit of a formula with absorbed factors (fixest's `feglm`, `AbsorbingGLM`): levels whose
    /// rows share one outcome are found first and their rows left out (weight 0) with a diagnostic.
    static func fitAbsorbed(frame: ModelFrame, data: DataTable, specification: BinaryRegressionModel.Specification,
                            weights: [Double]?, offset: [Double]?, level: Double) throws -> BinaryRegressionModel {
        let fixedEffects = FixedEffects(names: frame.absorbed.map(\.name), codes: frame.absorbed.map(\.codes),
                                        levelCounts: frame.absorbed.map(\.levels.count))
        let separated = fixedEffects.separatedLevels(response: frame.response, weights: weights)
        var rowWeights = weights
        if !separated.rows.isEmpty {
            rowWeights = (0..<frame.response.count).map { separated.rows.contains($0) ? 0 : (weights?[$0] ?? 1) }
        }
        let absorbedFit = try estimateAbsorbed(design: frame.designMatrix, names: frame.columnNames, response: frame.response,
                                               weights: rowWeights, offset: offset, fixedEffects: fixedEffects, specification: specification)
        var fit = level == CoefficientTable.conventionalLevel ? absorbedFit.fit : absorbedFit.fit.atLevel(level)
        let levels = separated.levels.map { (factor: frame.absorbed[$0.factor].name, level: frame.absorbed[$0.factor].levels[$0.level], outcome: $0.outcome) }
        if !levels.isEmpty {
            let named = levels.prefix(10).map { "\($0.factor)=\($0.level) (all \($0.outcome == 1 ? "1" : "0"))" }.joined(separator: ", ")
            fit = fit.appendingDiagnostic(Diagnostic(kind: .separation, terms: levels.map { "\($0.factor)=\($0.level)" },
                message: "\(levels.count) level\(levels.count == 1 ? "" : "s") of the absorbed factors \(levels.count == 1 ? "has" : "have") one outcome on every row — \(named)\(levels.count > 10 ? ", …" : "") — so \(levels.count == 1 ? "its fixed effect is" : "their fixed effects are") ±∞; \(separated.rows.count) row\(separated.rows.count == 1 ? " is" : "s are") left out of the fit (as pyfixest drops them), which leaves the other terms' estimates unchanged"))
        }
        // Every design column in place: an aliased one as zeros (the covariances select the kept ones).
        let p = frame.designMatrix.columns, n = frame.response.count
        var projected = Matrix(rows: n, columns: p, repeating: 0)
        for (j, column) in absorbedFit.keptColumns.enumerated() { for i in 0..<n { projected[i, column] = absorbedFit.projectedDesign[i, j] } }
        let absorbed = AbsorbedDesign(fixedEffects: fixedEffects, projectedDesign: DesignMatrix(projected, storage: .dense),
                                      absorbedParameters: absorbedFit.absorbedParameters, separatedLevels: levels,
                                      separatedRows: separated.rows.count)
        return BinaryRegressionModel(specification: specification, data: data, frame: frame, weights: rowWeights, offset: offset,
                                     fit: fit, absorbed: absorbed)
    }

    /// One absorbed fit of `design`'s columns (the model's, or a reduced model's for a test).
    static func estimateAbsorbed(design: DesignMatrix, names: [String], response: [Double], weights: [Double]?, offset: [Double]?,
                                 fixedEffects: FixedEffects, specification: BinaryRegressionModel.Specification) throws -> AbsorbedFit {
        let options = GLMOptions(link: specification.model.link, information: .expected, tolerance: specification.iterations.tolerance,
                                 maxIterations: specification.iterations.maxIterations)
        return try AbsorbingGLM.fit(design: try design.checkedMaterialized(), response: response, termNames: names, weights: weights,
                                    weightKind: specification.weights?.kind ?? .frequency, offset: offset, fixedEffects: fixedEffects,
                                    options: options)
    }

    /// Refuses what absorbed factors cannot go with: the linear probability model and Firth's logit
    /// (fixest fits neither with absorbed factors here), survey designs, grouped responses, and the
    /// observed information for links other than the logit (the absorbed fit's is the expected).
    static func checkAbsorbed(model: ModelKind, information: InformationKind?, design: SurveyDesign?, grouped: Bool) throws {
        if model == .lpm || model == .firth {
            throw ModelingError.absorbedFactors(option: .model, reason: "absorbed factors are fitted for the ML binomial links (logit, probit, cloglog, cauchit); estimate the factors with C(g) for \(model.rawValue)")
        }
        if design != nil {
            throw ModelingError.absorbedFactors(option: .design, reason: "a survey design's variance is not implemented with absorbed factors; estimate them with C(g)")
        }
        if grouped {
            throw ModelingError.absorbedFactors(option: .model, reason: "grouped responses cbind(s, f) are not fitted with absorbed factors in this version; estimate them with C(g)")
        }
        if information == .observed && model != .logit {
            throw ModelingError.absorbedFactors(option: .information, reason: "the absorbed fit's standard errors use the expected information (fixest's); for the \(model.rawValue) link the observed differs — leave information unset, or estimate the factors with C(g)")
        }
    }
}

extension BinaryRegressionModel {
    /// Throws where `what` is asked of a model with absorbed factors, whose fixed effects are not
    /// estimated (predictions, margins, per-row diagnostics and refits need them).
    func refuseAbsorbed(_ option: Parameter, _ what: String) throws {
        guard absorbed != nil else { return }
        throw ModelingError.absorbedFactors(option: option, reason: "\(what) needs the fixed effects' estimates, which an absorbed fit does not form; estimate the factors with C(g) instead")
    }
}
