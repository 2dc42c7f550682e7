import Foundation
import Testing
import LinearAlgebra
import LinearPredictor
@testable import Estimation

/// The separation check that scales with the fit (issue 16, "no cliffs"): a converged, polished
/// ML fit certifies overlap and runs no LP; on a symptom the LP runs on the rows near their
/// outcome. Its answers must be the full LP's on every class of separation.
struct SeparationCheckTests {
    /// A deterministic LCG in [0, 1).
    struct Uniform {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        mutating func normal() -> Double { (-2 * log(max(next(), 1e-300))).squareRoot() * cos(2 * Double.pi * next()) }
    }

    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let design: Matrix
        let response: [Double]
        var weights: [Double]? = nil
        var description: String { name }
        var names: [String] { (0..<design.columns).map { $0 == 0 ? "Intercept" : "x\($0)" } }
    }

    static func withIntercept(_ columns: [[Double]]) -> Matrix {
        Matrix(columnVectors: [[Double](repeating: 1, count: columns[0].count)] + columns)
    }

    /// Complete, quasi-complete, a factor level without events, a linear combination, and
    /// overlapping data with and without rows fitted near 0 or 1.
    static let cases: [Case] = {
        var random = Uniform(state: 16)
        var result = [Case]()
        let x = (0..<30).map { Double($0) / 3 }
        result.append(Case(name: "complete", design: withIntercept([x]), response: x.map { $0 > 5 ? 1 : 0 }))
        let quasi: [Double] = [-3, -2, -1, 0, 0, 0, 0, 1, 2, 3, -2.5, 2.5]
        let quasiY: [Double] = quasi.enumerated().map { i, v in v > 0 ? 1 : v < 0 ? 0 : Double(i % 2) }
        let noise = quasi.map { _ in random.normal() }
        result.append(Case(name: "quasi-complete", design: withIntercept([quasi, noise]), response: quasiY))
        // Four levels, the last without an event (treatment dummies b, c, d).
        var levels = [[Double]](repeating: [], count: 3), factorY = [Double]()
        for i in 0..<48 {
            let level = i % 4
            for l in 0..<3 { levels[l].append(level == l + 1 ? 1 : 0) }
            factorY.append(level == 3 ? 0 : (random.next() < 0.4 ? 1 : 0))
        }
        factorY[0] = 1; factorY[4] = 0; factorY[1] = 1; factorY[5] = 0; factorY[2] = 1; factorY[6] = 0
        result.append(Case(name: "factor level without events", design: withIntercept(levels), response: factorY))
        let a = (0..<40).map { _ in random.normal() }, b = (0..<40).map { _ in random.normal() }
        result.append(Case(name: "linear combination", design: withIntercept([a, b]),
                           response: zip(a, b).map { $0 + $1 > 0 ? 1 : 0 }))
        let u = (0..<200).map { _ in random.normal() }, v = (0..<200).map { _ in random.normal() }
        result.append(Case(name: "overlap", design: withIntercept([u, v]),
                           response: zip(u, v).map { random.next() < 1 / (1 + exp(-($0 - 0.5 * $1))) ? 1 : 0 }))
        // Overlapping, but steep: rows far out are fitted within 3e−7 of their outcome (a symptom),
        // and the outcome is reversed at both ends, so the MLE is finite.
        let steep = (0..<300).map { Double($0 - 150) / 5 }
        var steepY = steep.map { random.next() < 1 / (1 + exp(-2 * $0)) ? 1.0 : 0 }
        steepY[0] = 1; steepY[299] = 0
        result.append(Case(name: "overlap with rows near 0 and 1", design: withIntercept([steep]), response: steepY))
        // Separated only through a row that has no weight: the weighted data overlap.
        var weights = [Double](repeating: 1, count: 30)
        var flipped = x.map { $0 > 5 ? 1.0 : 0 }
        flipped[29] = 0; weights[0] = 0
        result.append(Case(name: "zero-weight rows", design: withIntercept([x]), response: flipped, weights: weights))
        return result
    }()

    static func names(_ directions: [(column: Int, sign: Int)], _ terms: [String]) -> [String] {
        directions.map { "\(terms[$0.column]) \($0.sign > 0 ? "+" : "-")" }.sorted()
    }

    static func reported(_ fit: GLMFit) -> [String] {
        guard let diagnostic = fit.diagnostics.first(where: { $0.kind == .separation }) else { return [] }
        return diagnostic.terms.map { term in "\(term) \(diagnostic.message.contains("\(term) (+∞)") ? "+" : "-")" }.sorted()
    }

    @Test(arguments: cases, [Link.logit, .probit, .cloglog])
    func defaultCheckAgreesWithTheFullLinearProgram(_ example: Case, link: Link) throws {
        let full = Separation.infiniteDirections(design: example.design, response: example.response, weights: example.weights)
        let fit = try GLM.fit(design: example.design, response: example.response, termNames: example.names,
                              weights: example.weights, options: GLMOptions(link: link))
        #expect(Self.reported(fit) == Self.names(full, example.names), "\(example.name), \(link)")
        #expect(!fit.diagnostics.contains { $0.kind == .separationUndetermined })
        let separated = ["complete", "quasi-complete", "factor level without events", "linear combination"].contains(example.name)
        #expect(full.isEmpty != separated, "\(example.name): the full LP itself")
    }

    @Test(arguments: cases)
    func firthReportsTheMaximumLikelihoodSeparation(_ example: Case) throws {
        let full = Separation.infiniteDirections(design: example.design, response: example.response, weights: example.weights)
        let fit = try GLM.fit(design: example.design, response: example.response, termNames: example.names,
                              weights: example.weights, options: GLMOptions(penalty: .jeffreys))
        #expect(Self.reported(fit) == Self.names(full, example.names), "\(example.name)")
    }

    @Test func forcedCheckOnAnOverlappingFitAgreesWithTheFullLinearProgram() throws {
        for example in Self.cases {
            let fit = try GLM.fit(design: example.design, response: example.response, termNames: example.names,
                                  weights: example.weights, options: GLMOptions(checkSeparation: true))
            let full = Separation.infiniteDirections(design: example.design, response: example.response, weights: example.weights)
            #expect(Self.reported(fit) == Self.names(full, example.names), "\(example.name)")
        }
    }

    @Test func checkOnTheCandidateRowsMatchesTheFullLinearProgram() throws {
        for example in Self.cases {
            let fit = try GLM.fit(design: example.design, response: example.response, termNames: example.names,
                                  weights: example.weights, options: GLMOptions(checkSeparation: false))
            let verdict = Separation.candidateCheck(design: DesignMatrix(example.design), response: example.response, weights: example.weights,
                                                    linearPredictor: fit.linearPredictor, link: .logit, candidateDistance: 1e-3, budget: 1e9)
            let full = Separation.infiniteDirections(design: example.design, response: example.response, weights: example.weights)
            #expect(verdict.finished)
            #expect(Self.names(verdict.directions, example.names) == Self.names(full, example.names), "\(example.name)")
        }
    }

    @Test func exhaustedWorkBudgetIsNoVerdict() throws {
        let example = try #require(Self.cases.first { $0.name == "linear combination" })
        let fit = try GLM.fit(design: example.design, response: example.response, termNames: example.names,
                              options: GLMOptions(checkSeparation: false))
        let verdict = Separation.check(design: example.design, response: example.response, linearPredictor: fit.linearPredictor,
                                       link: .logit, workBudget: 1)
        #expect(!verdict.finished)
        #expect(verdict.directions.isEmpty)
    }

    @Test func convergedOverlappingFitRunsNoLinearProgramAndStillFindsNothing() throws {
        // 2,000 × 40: the fit certifies overlap; forcing the LP gives the same (empty) answer.
        var random = Uniform(state: 99)
        let n = 2_000, p = 40
        let columns = (1..<p).map { _ in (0..<n).map { _ in random.normal() } }
        let design = Self.withIntercept(columns)
        let eta = (0..<n).map { i in columns.indices.reduce(-0.5) { $0 + 0.1 * columns[$1][i] } }
        let response = eta.map { random.next() < 1 / (1 + exp(-$0)) ? 1.0 : 0 }
        let names = (0..<p).map { "x\($0)" }
        let fit = try GLM.fit(design: design, response: response, termNames: names)
        #expect(fit.converged)
        #expect(!Separation.screenFlags(linearPredictor: fit.linearPredictor, response: response, link: .logit))
        #expect(!fit.diagnostics.contains { $0.kind == .separation || $0.kind == .separationUndetermined })
        let verdict = Separation.check(design: design, response: response, linearPredictor: fit.linearPredictor, link: .logit)
        #expect(verdict.finished && verdict.directions.isEmpty)
    }

    @Test(arguments: [Link.logit, .cloglog])
    func overlapRowsOfTinyMagnitudeDoNotHideSeparation(link: Link) throws {
        // FuzzNumeric: the two rows near x = 0 are identical, so x → −∞ separates the other two;
        // their x of 1e−160 has a subnormal square, and the rank test on the raw Gram matrix
        // called the identical rows independent and reported overlap.
        let x = [-1.890625, -9.53125e-161, -9.53125e-161, 1.0]
        let design = Self.withIntercept([x]), response: [Double] = [1, 0, 1, 0], weights = [3.75, 0.75, 3.5, 2.0]
        let fit = try GLM.fit(design: design, response: response, termNames: ["Intercept", "x1"], weights: weights,
                              options: GLMOptions(link: link))
        let full = Separation.infiniteDirections(design: design, response: response, weights: weights)
        #expect(Self.names(full, ["Intercept", "x1"]) == ["x1 -"])
        #expect(Self.reported(fit) == ["x1 -"])
    }

    @Test func aSeparatedRowLeftFarFromItsOutcomeIsFoundByTheFullLinearProgram() throws {
        // FuzzNumeric (cloglog, offset): x4 in units of 1e160 separates row 3, which the fit left
        // at μ = 0.0045, outside the candidate rows; the small design's full LP confirms.
        let csv = """
        1,-2.578125e+20,-3.640625,-4.6875e+158,-1.5625e+158,0.0
        1,0.671875,-1.984375,-3.640625e+160,-1.5625e+158,0.5
        0,0.0,-3.640625,-3.640625,-3.796875e+160,1.0
        1,-3.796875,-2.015625,-3.640625,1.015625,0.0
        1,1.015625,-3.640625,0.0,0.0,0.5
        0,0.0,-3.640625,0.0,-3.984375e+20,1.0
        1,-3.984375e+20,-3.640625,0.0,-3.984375e+20,0.0
        1,-3.984375e+20,-3.640625,0.0,-3.421875,0.5
        1,-3.421875,-3.640625,-3.640625,-3.640625,1.0
        1,-3.640625,-3.640625,-0.015625,-3.640625,0.0
        1,-3.640625,3.984375,-1.5625e+158,3.984375e+20,0.5
        1,3.984375e+20,3.984375e+20,-1.5625e+158,3.984375e+20,1.0
        1,3.984375e+20,-4.6875e+18,-1.5625e+158,3.984375e+20,0.0
        1,3.984375e+20,1.0,-1.5625e+158,-3.796875e+20,0.5
        1,-3.796875e+20,-3.578125,-1.5625e+158,-3.640625,1.0
        1,-3.640625,-0.046875,-1.5625e+158,-3.640625,0.0
        """
        let rows = csv.split(separator: "\n").map { $0.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) } }
        let response = rows.map { $0[0] }, offset = rows.map { $0[5] }
        let design = Self.withIntercept((1...4).map { j in rows.map { $0[j] } })
        let names = ["Intercept", "x1", "x2", "x3", "x4"]
        let fit = try GLM.fit(design: design, response: response, termNames: names, offset: offset,
                              options: GLMOptions(link: .cloglog))
        let full = Separation.infiniteDirections(design: design, response: response)
        #expect(!full.isEmpty)
        #expect(Self.reported(fit) == Self.names(full, names))
    }

    /// The progress callback (no-cliffs issue: progress for the separation check) sees the
    /// simplex's pivots, bounded by its limit, and the verdict does not change with it.
    @Test func theLinearProgramReportsItsPivots() throws {
        var random = Uniform(state: 7)
        let n = 600, k = 30
        let columns = (0..<k).map { _ in (0..<n).map { _ in random.normal() } }
        let response = (0..<n).map { i in random.next() < 1 / (1 + exp(-columns[0][i])) ? 1.0 : 0 }
        let design = Self.withIntercept(columns)
        final class Calls: @unchecked Sendable { var values = [(Int, Int)]() }
        let calls = Calls()
        let reported = Separation.fullCheck(design: design, response: response, weights: nil, workBudget: nil) { done, total in
            calls.values.append((done, total))
        }
        let silent = Separation.fullCheck(design: design, response: response, weights: nil, workBudget: nil)
        // The dense LP over all 600 rows stalls in degenerate pivots and stops at its cap here (why
        // `check` runs it on the candidate rows only): the case where progress matters.
        #expect(reported.finished == silent.finished && reported.directions.map(\.column) == silent.directions.map(\.column))
        #expect(!calls.values.isEmpty)
        #expect(calls.values.allSatisfy { $0.0 % 256 == 0 && $0.0 <= $0.1 && $0.1 == 50 * (n + 2 * (k + 1) + 2 * (k + 1)) })
    }

    /// The candidate LP's SVD counts against the work budget (no-cliffs issue: with a 10,000-level
    /// factor on 20,000 rows it alone would be 10¹³ flops): a budget just below its cost gives no
    /// verdict, ten times that budget finds the separated column.
    @Test func theNullSpaceSVDCountsAgainstTheBudget() throws {
        var random = Uniform(state: 23)
        let n = 400
        var columns = (0..<58).map { _ in (0..<n).map { _ in random.normal() } }
        let group = (0..<n).map { $0 < 5 ? 1.0 : 0 }   // five rows, all y = 0: that column separates
        columns.append(group)
        let response = (0..<n).map { i in i < 5 ? 0.0 : (random.next() < 1 / (1 + exp(-0.3 * columns[0][i])) ? 1 : 0) }
        let design = Self.withIntercept(columns)
        let fit = try GLM.fit(design: design, response: response, termNames: (0..<60).map { "c\($0)" },
                              options: GLMOptions(checkSeparation: false))
        let candidates = (0..<n).filter { i in response[i] > 0.5 ? !(fit.linearPredictor[i] < Link.logit.function.link(1 - 1e-3))
                                                              : !(fit.linearPredictor[i] > Link.logit.function.link(1e-3)) }
        #expect(!candidates.isEmpty && candidates.count < n)
        let p = 60.0
        let cost = 10 * p * p * p   // the SVD of the 60 × 60 triangle
        let short = Separation.check(design: design, response: response, linearPredictor: fit.linearPredictor, link: .logit,
                                     workBudget: cost * 0.99)
        #expect(!short.finished && short.directions.isEmpty)
        let enough = Separation.check(design: design, response: response, linearPredictor: fit.linearPredictor, link: .logit,
                                      workBudget: cost * 10)
        #expect(enough.finished && enough.directions.map(\.column) == [59])
    }
    /// Designs with a many-level factor (an indicator block): the candidate LP takes the overlap
    /// rows' null space from the block's structure (`indicatorNullSpace`), not a QR and SVD of the
    /// whole block. Its answers must still be the full LP's: levels without events or without
    /// non-events, a separating numeric column, and overlap.
    static let blockCases: [Case] = {
        var random = Uniform(state: 41)
        let levels = 70, perLevel = 12, n = levels * perLevel + 30   // 30 rows in the reference level
        let level = (0..<n).map { $0 < 30 ? -1 : ($0 - 30) / perLevel }
        let x = (0..<n).map { _ in random.normal() }, z = (0..<n).map { _ in random.normal() }
        func design(_ numeric: [[Double]]) -> Matrix {
            withIntercept(numeric + (0..<levels).map { l in level.map { $0 == l ? 1 : 0 } })
        }
        func draw(_ i: Int) -> Double { random.next() < 1 / (1 + exp(-(0.5 * x[i] + Double(level[i] % 5) * 0.3 - 0.6))) ? 1 : 0 }
        var result = [Case]()
        // Every level with both outcomes.
        var overlap = (0..<n).map(draw)
        for l in -1..<levels { let rows = (0..<n).filter { level[$0] == l }; overlap[rows[0]] = 1; overlap[rows[1]] = 0 }
        result.append(Case(name: "block, overlap", design: design([x, z]), response: overlap))
        // Levels 3, 17 and 40 without events, level 55 without non-events.
        var quasi = overlap
        for i in 0..<n where [3, 17, 40].contains(level[i]) { quasi[i] = 0 }
        for i in 0..<n where level[i] == 55 { quasi[i] = 1 }
        result.append(Case(name: "block, levels without events", design: design([x, z]), response: quasi))
        // x separates completely.
        result.append(Case(name: "block, a separating numeric column", design: design([x, z]), response: x.map { $0 > 0 ? 1 : 0 }))
        // x + z separates every level but the reference, which overlaps: no separation overall.
        var within = zip(x, z).map { $0 + $1 > 0 ? 1.0 : 0 }
        for i in 0..<30 { within[i] = draw(i) }
        within[0] = 1; within[1] = 0
        result.append(Case(name: "block, x + z separating all but the reference", design: design([x, z]), response: within))
        // A dummy of five rows in different levels, none with an event: the null space then holds
        // a lifted vector (the dummy's), not only indicators.
        let marked = [35, 100, 200, 333, 500]
        var dummyY = overlap
        for i in marked { dummyY[i] = 0 }
        let dummy = (0..<n).map { marked.contains($0) ? 1.0 : 0 }
        let withDummy = Matrix(columnVectors: (0..<design([x, z]).columns).map { design([x, z]).column($0) } + [dummy])
        result.append(Case(name: "block, a dummy of rows without events", design: withDummy, response: dummyY))
        return result
    }()

    @Test(arguments: blockCases)
    func theIndicatorNullSpaceGivesTheFullLinearProgramsAnswer(_ example: Case) throws {
        let block = try #require(IndicatorBlock.detect(in: example.design), "the case must have an indicator block")
        let fit = try GLM.fit(design: example.design, response: example.response, termNames: example.names,
                              options: GLMOptions(checkSeparation: false))
        let full = Separation.infiniteDirections(design: example.design, response: example.response, weights: nil)
        // The block found in the dense design, and the same design held as codes (`DesignMatrix`).
        for design in [DesignMatrix(example.design), DesignMatrix(coded: block)] {
            let verdict = Separation.candidateCheck(design: design, response: example.response, weights: nil,
                                                    linearPredictor: fit.linearPredictor, link: .logit, candidateDistance: 1e-3, budget: 1e10)
            #expect(verdict.finished)
            #expect(Self.names(verdict.directions, example.names) == Self.names(full, example.names), "\(example.name), coded: \(design.isCoded)")
            let coded = try GLM.fit(design: design, response: example.response, termNames: example.names)
            #expect(Self.reported(coded) == Self.names(full, example.names), "\(example.name): the fit's diagnostic, coded: \(design.isCoded)")
        }
        let overlapping = ["block, overlap", "block, x + z separating all but the reference"].contains(example.name)
        #expect(full.isEmpty == overlapping, "\(example.name): the full LP itself")
        let reported = try GLM.fit(design: example.design, response: example.response, termNames: example.names)
        #expect(Self.reported(reported) == Self.names(full, example.names), "\(example.name): the fit's diagnostic")
    }
}
