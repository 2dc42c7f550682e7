import Foundation
import Testing
import LinearAlgebra
import LinearPredictor
@testable import Estimation

/// The sweeps through a many-level factor's indicator columns (no-cliffs issue: a 1,000-level
/// factor on 20,000 rows spent 65 % of a 17 s fit in the dense XᵀWX) give the dense kernel's fit.
struct IndicatorSweepTests {
    typealias Uniform = SeparationCheckTests.Uniform

    /// Intercept, x, a factor of `levels` levels (treatment dummies, level 0 the reference), x·z.
    static func data(rows n: Int, levels: Int, seed: UInt64, emptyLevel: Bool = false)
        -> (design: Matrix, response: [Double], weights: [Double], offset: [Double]) {
        var random = Uniform(state: seed)
        var columns = [[Double]]()
        let x = (0..<n).map { _ in random.next() * 4 - 2 }, z = (0..<n).map { _ in random.next() }
        let code = (0..<n).map { i in emptyLevel && i % levels == 5 ? 6 : i % levels }
        columns.append([Double](repeating: 1, count: n))
        columns.append(x)
        for level in 1..<levels { columns.append(code.map { $0 == level ? 1 : 0 }) }
        columns.append(zip(x, z).map { $0 * $1 })
        let effect = (0..<levels).map { _ in random.next() - 0.5 }
        let response = (0..<n).map { i in random.next() < 1 / (1 + exp(-(0.3 + 0.8 * x[i] + effect[code[i]]))) ? 1.0 : 0 }
        let weights = (0..<n).map { _ in Double(1 + Int(random.next() * 3)) }
        let offset = (0..<n).map { _ in 0.2 * random.next() }
        return (Matrix(columnVectors: columns), response, weights, offset)
    }

    @Test func detectionFindsTheFactorAndNothingElse() throws {
        let (design, _, _, _) = Self.data(rows: 600, levels: 80, seed: 3)
        let block = try #require(IndicatorBlock.detect(in: design))
        #expect(block.columns == 2..<81)
        let small = Self.data(rows: 600, levels: 20, seed: 3).design
        #expect(IndicatorBlock.detect(in: small) == nil, "19 indicators: below the minimum, the dense kernel")
        // Two overlapping 0/1 columns end a run: the same column twice is not one factor. Of the
        // runs 2..<101 and 101..<151 the longer is taken.
        let wide = Self.data(rows: 600, levels: 150, seed: 3).design
        var columns = (0..<wide.columns).map { wide.column($0) }
        columns.insert(columns[100], at: 101)
        let doubled = try #require(IndicatorBlock.detect(in: Matrix(columnVectors: columns)))
        #expect(doubled.columns == 2..<101)
    }

    /// The compact information (`IndicatorSystem`, no p × p per sweep) is the dense XᵀWX: the
    /// same matrix assembled, diagonal, products, solves and inverse.
    @Test func compactInformationIsTheDenseCrossProduct() throws {
        let (design, _, weights, _) = Self.data(rows: 600, levels: 80, seed: 5)
        let block = try #require(IndicatorBlock.detect(in: design))
        let system = block.weightedSystem(weights: weights)
        let dense = design.weightedCrossProduct(weights: weights)
        let p = design.columns
        let assembled = system.assembled()
        var largest = 0.0
        for j in 0..<p { for i in 0..<p { largest = max(largest, abs(assembled[i, j] - dense[i, j]) / (1 + abs(dense[i, j]))) } }
        #expect(largest < 1e-12)
        let information = InformationMatrix.indicators(system)
        #expect(zip(information.diagonal, (0..<p).map { dense[$0, $0] }).allSatisfy { abs($0 - $1) <= 1e-12 * (1 + abs($1)) })
        let vector = (0..<p).map { Double($0 % 7) - 3 }
        #expect(zip(information.multiplied(by: vector), dense * vector).allSatisfy { abs($0 - $1) <= 1e-10 * (1 + abs($1)) })
        let compactStep = try #require(information.solve(vector) { try? $0.cholesky() })
        let denseStep = try dense.cholesky().solve(vector)
        #expect(zip(compactStep, denseStep).allSatisfy { abs($0 - $1) <= 1e-8 * (1 + abs($1)) })
        let inverse = try #require(block.inverse(system) { try? $0.cholesky() })
        let denseInverse = try dense.cholesky().inverse()
        for j in 0..<p { for i in 0..<p { #expect(abs(inverse[i, j] - denseInverse[i, j]) <= 1e-8 * (1 + abs(denseInverse[i, j]))) } }
        #expect(information.isFinite && InformationMatrix.dense(dense).isFinite)
    }

    /// B M B through the block's structure (`IndicatorBlock.sandwich`, O(k p²)) is the dense
    /// product of the inverse, for a symmetric meat with every entry filled.
    @Test func theStructuredSandwichIsTheDenseProduct() throws {
        let (design, _, weights, _) = Self.data(rows: 600, levels: 80, seed: 41)
        let block = try #require(IndicatorBlock.detect(in: design))
        let system = block.weightedSystem(weights: weights)
        let p = design.columns
        let squares = weights.enumerated().map { Double($0.offset % 5 + 1) * $0.element }
        let meat = design.weightedCrossProduct(weights: squares)
        let sandwich = try #require(block.sandwich(system, meat: meat) { try? $0.cholesky() })
        let inverse = try design.weightedCrossProduct(weights: weights).cholesky().inverse()
        let dense = inverse * meat * inverse
        var worst = 0.0
        for j in 0..<p {
            for i in 0..<p {
                worst = max(worst, abs(sandwich[i, j] - dense[i, j]) / (dense[i, i] * dense[j, j]).squareRoot())
                #expect(sandwich[i, j] == sandwich[j, i])
            }
        }
        #expect(worst <= 1e-9, "off by \(worst)")
    }

    @Test(arguments: [Link.logit, .probit, .cloglog])
    func indicatorSweepsGiveTheDenseFit(_ link: Link) throws {
        let (design, response, weights, offset) = Self.data(rows: 3000, levels: 100, seed: 11)
        #expect(IndicatorBlock.detect(in: design)?.columns == 2..<101, "the structured path must run")
        let names = (0..<design.columns).map { "c\($0)" }
        for information in [InformationKind.observed, .expected] {
            let options = GLMOptions(link: link, information: information)
            let structured = try GLM.fit(design: design, response: response, termNames: names, weights: weights,
                                         offset: offset, options: options)
            let dense = try GLM.fit(design: DesignMatrix(design, storage: .dense), response: response, termNames: names, weights: weights,
                                    offset: offset, options: options)
            #expect(structured.converged && dense.converged)
            #expect(abs(structured.deviance - dense.deviance) <= 1e-9 * dense.deviance)
            // The whole covariance (the block inverse), off-diagonals included, symmetric.
            let v = structured.covariance, w = dense.covariance
            var worst = 0.0
            for i in 0..<w.rows {
                for j in 0..<w.columns {
                    worst = max(worst, abs(v[i, j] - w[i, j]) / (w[i, i] * w[j, j]).squareRoot())
                    #expect(v[i, j] == v[j, i])
                }
            }
            #expect(worst <= 1e-9, "\(link) \(information): covariance off by \(worst)")
            for (a, b) in zip(structured.coefficients, dense.coefficients) {
                let se = try #require(b.standardError)
                #expect(abs((a.estimate ?? .nan) - (b.estimate ?? .nan)) <= 1e-8 * se, "\(link) \(b.term)")
                #expect(abs((a.standardError ?? .nan) - se) <= 1e-9 * se, "\(link) \(b.term)")
            }
        }
    }

    /// Firth's fit and the cauchit (whose observed information is not always positive definite)
    /// through the indicator sweeps, against the dense kernel.
    @Test(arguments: [(Link.logit, Penalty.jeffreys), (.cauchit, .none)])
    func firthAndCauchitGiveTheDenseFit(_ link: Link, _ penalty: Penalty) throws {
        let (design, response, weights, _) = Self.data(rows: 2000, levels: 70, seed: 17)
        #expect(IndicatorBlock.detect(in: design)?.columns == 2..<71, "the structured path must run")
        let names = (0..<design.columns).map { "c\($0)" }
        let options = GLMOptions(link: link, penalty: penalty)
        let structured = try GLM.fit(design: design, response: response, termNames: names, weights: weights, options: options)
        let dense = try GLM.fit(design: DesignMatrix(design, storage: .dense), response: response, termNames: names, weights: weights, options: options)
        #expect(structured.converged == dense.converged)
        for (a, b) in zip(structured.coefficients, dense.coefficients) {
            let se = try #require(b.standardError)
            #expect(abs((a.estimate ?? .nan) - (b.estimate ?? .nan)) <= 1e-7 * se, "\(link) \(b.term)")
            #expect(abs((a.standardError ?? .nan) - se) <= 1e-8 * se, "\(link) \(b.term)")
        }
    }

    /// A dense column in units of 1e160 (fitted on a power-of-two scale) and a design with more
    /// columns than rows, through the indicator path and the dense one: the same answers.
    @Test func extremeMagnitudesAndMoreColumnsThanRowsGiveTheDenseFit() throws {
        var (design, response, _, _) = Self.data(rows: 3000, levels: 100, seed: 31)
        var columns = (0..<design.columns).map { design.column($0) }
        columns[1] = columns[1].map { $0 * 1e160 }
        design = Matrix(columnVectors: columns)
        #expect(IndicatorBlock.detect(in: design)?.columns == 2..<101)
        let names = (0..<design.columns).map { "c\($0)" }
        let options = GLMOptions()
        let structured = try GLM.fit(design: design, response: response, termNames: names, options: options)
        let dense = try GLM.fit(design: DesignMatrix(design, storage: .dense), response: response, termNames: names, options: options)
        for (a, b) in zip(structured.coefficients, dense.coefficients) {
            let se = try #require(b.standardError)
            #expect(abs((a.estimate ?? .nan) - (b.estimate ?? .nan)) <= 1e-8 * se, "\(b.term)")
            #expect(abs((a.standardError ?? .nan) - se) <= 1e-9 * se, "\(b.term)")
        }
        // n < p: 70 rows, one per level, and 72 columns (intercept, x, 69 indicators, x·z). The
        // fit is saturated and separates; both paths must say the same.
        let (small, smallResponse, _, _) = Self.data(rows: 70, levels: 70, seed: 37)
        #expect(small.rows < small.columns && IndicatorBlock.detect(in: small) != nil)
        let smallNames = (0..<small.columns).map { "c\($0)" }
        let a = try GLM.fit(design: small, response: smallResponse, termNames: smallNames)
        let denseOptions = GLMOptions()
        let b = try GLM.fit(design: DesignMatrix(small, storage: .dense), response: smallResponse, termNames: smallNames, options: denseOptions)
        #expect(a.converged == b.converged && a.aliasedTerms == b.aliasedTerms)
        #expect(a.diagnostics.map(\.kind) == b.diagnostics.map(\.kind))
    }

    /// A level with no rows is an all-zero column: not an indicator (the run breaks there), and
    /// aliased by the pivoted QR as on the dense path.
    @Test func anEmptyLevelIsAliasedAsOnTheDensePath() throws {
        let (design, response, _, _) = Self.data(rows: 3000, levels: 150, seed: 5, emptyLevel: true)
        #expect(IndicatorBlock.detect(in: design)?.columns == 7..<151, "the run after the empty level's column")
        let names = (0..<design.columns).map { "c\($0)" }
        let structured = try GLM.fit(design: design, response: response, termNames: names)
        let options = GLMOptions()
        let dense = try GLM.fit(design: DesignMatrix(design, storage: .dense), response: response, termNames: names, options: options)
        #expect(structured.aliasedTerms == dense.aliasedTerms && structured.aliasedTerms == ["c6"])
        for (a, b) in zip(structured.coefficients, dense.coefficients) where !b.isAliased {
            #expect(abs((a.estimate ?? .nan) - (b.estimate ?? .nan)) <= 1e-8 * (b.standardError ?? .nan), "\(b.term)")
        }
    }

    /// Robust and cluster covariances through the indicator block, against the dense path: the
    /// same design with the indicator columns doubled (no longer 0/1, so dense everywhere) has
    /// V' = C⁻¹VC⁻¹ exactly, C = diag(2 on those columns).
    @Test(arguments: [Link.logit, .probit])
    func robustCovariancesGiveTheDenseOnes(_ link: Link) throws {
        let (design, response, weights, _) = Self.data(rows: 3000, levels: 100, seed: 29)
        #expect(IndicatorBlock.detect(in: design) != nil)
        let c = (0..<design.columns).map { (2..<101).contains($0) ? 2.0 : 1.0 }
        let doubled = Matrix(columnVectors: (0..<design.columns).map { j in design.column(j).map { $0 * c[j] } })
        #expect(IndicatorBlock.detect(in: doubled) == nil)
        let names = (0..<design.columns).map { "c\($0)" }
        let options = GLMOptions(link: link)
        let fit = try GLM.fit(design: design, response: response, termNames: names, weights: weights, options: options)
        let denseFit = try GLM.fit(design: doubled, response: response, termNames: names, weights: weights, options: options)
        let clusters = [(0..<3000).map { "k\($0 % 37)" }]
        for estimator in [Covariance.hc1, .hc0, .cluster([], adjustment: .stata)] {
            let v = try RobustCovariance.covariance(of: fit, design: design, response: response, weights: weights,
                                                    estimator: estimator, clusters: clusters)
            let w = try RobustCovariance.covariance(of: denseFit, design: doubled, response: response, weights: weights,
                                                    estimator: estimator, clusters: clusters)
            var worst = 0.0
            for i in 0..<v.rows {
                for j in 0..<v.columns {
                    let scaled = c[i] * c[j] * w[i, j]
                    worst = max(worst, abs(v[i, j] - scaled) / (v[i, i] * v[j, j]).squareRoot())
                }
            }
            #expect(worst <= 1e-8, "\(link) \(estimator): off by \(worst)")
        }
    }
}
