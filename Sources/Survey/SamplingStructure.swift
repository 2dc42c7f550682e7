import LinearAlgebra

/// What to do with a stratum that holds a single sampled PSU (R `options(survey.lonely.psu=)`,
/// Stata `singleunit()`): its between-PSU variance cannot be estimated.
public enum LonelyPSU: String, Sendable, CaseIterable, Equatable {
    /// Refuse: the design cannot give a variance (R's default, Stata's `singleunit(missing)`).
    case fail
    /// The stratum contributes nothing (R `"remove"`).
    case remove
    /// Its PSU is centred at zero, the population mean of score totals, instead of the stratum
    /// mean (R `"adjust"`, Stata `singleunit(centered)`).
    case adjust
    /// The other strata's variance is scaled up by strata / strata with a variance (R `"average"`).
    case average
    /// A certainty PSU: sampled with probability 1, so no sampling variance (R `"certainty"`,
    /// Stata `singleunit(certainty)`).
    case certainty
}

/// A survey design resolved to integer codes, independent of where its columns came from: for
/// each sampling stage, the unit each row belongs to, the stratum each unit was drawn from, the
/// number of units sampled per stratum and, with a finite population correction, the number in the
/// population. Stage 1 units are the PSUs. Later stages are nested in the units of the stage before
/// (a stage-s stratum is its parent unit, as R `svydesign` nests them), and are used for the
/// variance only with a finite population correction at every stage (without one, the
/// ultimate-cluster variance of stage 1 is the whole variance, as R's `svyrecvar`).
///
/// Counts are over every row of the design (the full data), so a domain or rows dropped for
/// missing values keep the full design's numbers of PSUs, as R's `subset(design, ...)` does.
public struct SamplingStructure: Sendable {
    /// One sampling stage.
    public struct Stage: Sendable {
        /// Per row of the design: the code of its unit at this stage, `0..<unitCount`.
        public let unitOfRow: [Int32]
        /// Per unit: the code of its stratum, `0..<stratumNames.count`.
        public let stratumOfUnit: [Int32]
        /// Per unit at stage s > 1: its unit at the stage before; empty at stage 1.
        public let parentOfUnit: [Int32]
        /// Per stratum: a name for messages (the strata column's value, or the parent unit's).
        public let stratumNames: [String]
        /// Per stratum: the number of units sampled (R's `nPSU`).
        public let sampled: [Int]
        /// Per stratum: the population size (R's `popsize`), or nil without a finite population
        /// correction (an infinite population).
        public let population: [Double]?

        /// Creates a stage; `SurveyDesign` (Modeling) builds these from a table's columns.
        public init(unitOfRow: [Int32], stratumOfUnit: [Int32], parentOfUnit: [Int32], stratumNames: [String],
                    sampled: [Int], population: [Double]?) {
            self.unitOfRow = unitOfRow
            self.stratumOfUnit = stratumOfUnit
            self.parentOfUnit = parentOfUnit
            self.stratumNames = stratumNames
            self.sampled = sampled
            self.population = population
        }

        /// Number of units at this stage.
        public var unitCount: Int { stratumOfUnit.count }

        /// The factor (N − n)/N of stratum h (1 without a finite population correction).
        func finitePopulationFactor(_ h: Int) -> Double {
            guard let population, population[h].isFinite else { return 1 }
            return (population[h] - Double(sampled[h])) / population[h]
        }
    }

    /// The stages, PSUs first.
    public let stages: [Stage]
    /// The rule for strata with one PSU.
    public let lonelyPSU: LonelyPSU
    /// Whether the strata column was given (a design without strata is one stratum).
    public let isStratified: Bool

    /// A resolved design.
    public init(stages: [Stage], lonelyPSU: LonelyPSU, isStratified: Bool) {
        precondition(!stages.isEmpty, "a design has at least one stage")
        self.stages = stages
        self.lonelyPSU = lonelyPSU
        self.isStratified = isStratified
    }

    /// Rows of the design.
    public var rowCount: Int { stages[0].unitOfRow.count }

    /// The stages the variance uses: all of them when every stage has a finite population
    /// correction, else the first (the ultimate-cluster variance).
    public var varianceStages: Int {
        stages.count > 1 && stages.allSatisfy({ $0.population != nil }) ? stages.count : 1
    }

    /// The design degrees of freedom on `rows` (the rows an analysis uses, with positive weight):
    /// PSUs − strata among them (R `degf`, Stata's design df).
    public func degreesOfFreedom(rows: [Int]) -> Int {
        let (psus, strata) = counts(rows: rows)
        return psus - strata
    }

    /// The numbers of PSUs and strata with at least one of `rows`.
    public func counts(rows: [Int]) -> (psus: Int, strata: Int) {
        let stage = stages[0]
        var unit = [Bool](repeating: false, count: stage.unitCount)
        var stratum = [Bool](repeating: false, count: stage.stratumNames.count)
        for row in rows {
            let u = Int(stage.unitOfRow[row])
            unit[u] = true
            stratum[Int(stage.stratumOfUnit[u])] = true
        }
        return (unit.filter { $0 }.count, stratum.filter { $0 }.count)
    }

    /// The codes of the units at the finest variance stage for `rows`, and how many there are: the
    /// groups whose score totals `meat(unitTotals:rows:)` takes.
    public func varianceUnits(rows: [Int]) -> (codes: [Int32], count: Int) {
        let stage = stages[varianceStages - 1]
        return (rows.map { stage.unitOfRow[$0] }, stage.unitCount)
    }
}
