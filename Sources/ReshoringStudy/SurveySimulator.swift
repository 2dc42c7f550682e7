import Resampling
import Tables
import Foundation
import RealModule

/// Simulates the synthetic German Manufacturing Survey 2015 from `SimulationParameters`. The data
/// are synthetic: the firm-level survey data are not public. Every row says so in its `data` column.
public enum SurveySimulator {
    /// `n` firms from `seed`, every outcome drawn at random (for Monte Carlo work); firm i's draws
    /// come from its own stream, so the first k rows do not depend on n.
    public static func simulate(n: Int, seed: UInt64, parameters: SimulationParameters = SimulationParameters()) throws -> DataTable {
        try table(firms(n: n, seed: seed, parameters: parameters), parameters: parameters)
    }

    /// The bundled sample: `n` firms drawn as by `simulate`, whose outcomes then match the
    /// published margins exactly, since the 3 % and the 10× of the brief are figures of one realised
    /// sample. Fixed are the number of offshorers (9 %), the backshorers per readiness level (the
    /// level rates, with advanced/non-user as close to 10 as the counts allow), NRW's backshorers
    /// (just under 4 %), and the motive and origin counts among the backshorers; which firms they
    /// are is drawn with the model's propensities from `seed`. See Docs/calibration.md.
    public static func calibratedSample(n: Int, seed: UInt64, parameters: SimulationParameters = SimulationParameters()) throws -> DataTable {
        var firms = firms(n: n, seed: seed, parameters: parameters)
        var stream = RandomStream(seed: seed ^ 0xCA11_B8A7_ED00_0000, index: UInt64(n))
        Calibration.fixMargins(&firms, parameters: parameters, stream: &stream)
        return try table(firms, parameters: parameters)
    }

    /// One simulated firm.
    struct Firm {
        var sector = "", state = "", employees = 0, level = 0, technologies = 0
        var abroad = false, offshored = false, backshored = false
        /// P(backshored | abroad, firm), the weight the calibrated sample draws backshorers with.
        var backshoringGivenAbroad = 0.0
        var motives = [Bool](), origin = "", exportShare = 0.0
    }

    static func firms(n: Int, seed: UInt64, parameters: SimulationParameters) -> [Firm] {
        let sectors = SurveySchema.sectors, states = SurveySchema.states, regions = SurveySchema.regions
        let thresholds = parameters.adoptionThresholds
        let (normaliser, nrwMultiplier) = parameters.backshoringMultipliers
        let abroadIntercept = parameters.abroadIntercept
        return (0..<n).map { i in
            var stream = RandomStream(seed: seed, index: UInt64(i))
            func uniform() -> Double { Double(stream.next() >> 11) / Double(1 << 53) }
            func normal() -> Double { (-2 * Double.log(uniform() + 1e-300)).squareRoot() * Double.cos(2 * Double.pi * uniform()) }
            func choose(_ shares: [String: Double], in order: [String]) -> String {
                let total = order.reduce(0) { $0 + (shares[$1] ?? 0) }
                var u = uniform() * total
                for name in order { u -= shares[name] ?? 0; if u <= 0 { return name } }
                return order[order.count - 1]
            }
            var firm = Firm()
            firm.sector = choose(parameters.sectorShares, in: sectors)
            firm.state = choose(parameters.stateShares, in: states)
            let nrw = firm.state == "Nordrhein-Westfalen"
            let logMedian = Double.log(parameters.medianEmployees[firm.sector] ?? 100)
            let logSize = logMedian + parameters.sizeSpread * normal()
            firm.employees = max(20, Int(Double.exp(logSize).rounded()))
            let latent = parameters.adoptionMean(sector: firm.sector, nrw: nrw) + parameters.sizeOnAdoption * (logSize - logMedian) + normal()
            firm.level = thresholds.filter { latent > $0 }.count
            switch firm.level {
            case 0: firm.technologies = 0
            case 1: firm.technologies = 1 + stream.index(below: 2)
            case 2: firm.technologies = 3 + stream.index(below: 2)
            default: firm.technologies = 5 + stream.index(below: 3)
            }
            let abroadProbability = 1 / (1 + Double.exp(-(abroadIntercept + parameters.abroadSizeSlope * (logSize - Double.log(100)))))
            firm.abroad = uniform() < abroadProbability
            firm.offshored = firm.abroad && uniform() < parameters.offshoringRate / parameters.productionAbroad
            // P(backshored | firm) = p(level)·m(sector)·f(state)/E[m·f | level]; given production
            // abroad it is that over P(abroad | size), so size shifts who can backshore, not the rate.
            let propensity = parameters.backshoringRate[firm.level] * (parameters.backshoringSector[firm.sector] ?? 1)
                * (nrw ? nrwMultiplier : 1) / normaliser[firm.level]
            firm.backshoringGivenAbroad = min(1, propensity / abroadProbability)
            firm.backshored = firm.abroad && uniform() < firm.backshoringGivenAbroad
            firm.exportShare = min(0.95, max(0, 0.15 + 0.08 * (logSize - Double.log(20)) + 0.12 * normal()))
            let m = parameters.motiveShares
            let motiveDraws = [m.flexibility, m.quality, m.coordination, m.capacity, m.automationBase + m.automationPerLevel * Double(firm.level)]
                .map { uniform() < $0 }
            let origin = choose(parameters.originShares, in: regions)
            if firm.backshored { firm.motives = motiveDraws; firm.origin = origin }
            return firm
        }
    }

    static func table(_ firms: [Firm], parameters: SimulationParameters) throws -> DataTable {
        // The design: strata sector × size class, n_h firms sampled of the register's N_h.
        let classes = firms.map { parameters.sizeClass(employees: $0.employees) }
        let strata = zip(firms, classes).map { "\($0.sector):\($1)" }
        var sampled = [String: Int]()
        for stratum in strata { sampled[stratum, default: 0] += 1 }
        func design(_ i: Int) -> [String] {
            let n = sampled[strata[i]] ?? 1
            let population = parameters.stratumPopulation(sector: firms[i].sector, sizeClass: classes[i], sampled: n)
            return [classes[i], strata[i], String(format: "%.6f", population / Double(n)), String(Int(population))]
        }
        let rows = firms.enumerated().map { i, firm -> [String] in
            [String(i + 1), "synthetic", firm.backshored ? "1" : "0", firm.offshored ? "1" : "0", firm.abroad ? "1" : "0",
             String(firm.technologies), SurveySchema.levels[firm.level], String(firm.employees), firm.sector, firm.state,
             String(format: "%.3f", firm.exportShare)]
                + (firm.backshored ? firm.motives.map { $0 ? "1" : "0" } : ["", "", "", "", ""]) + [firm.backshored ? firm.origin : ""]
                + design(i)
        }
        let columns = SurveySchema.columns.enumerated().map { j, name -> Column in
            let values = rows.map { $0[j] }
            if ["data", "i40_level", "sector", "state", "origin_region", "size_class", "stratum"].contains(name) {
                return Column(name: name, strings: values.map { $0.isEmpty ? nil : $0 })
            }
            return Column(name: name, numeric: values.map { Double($0) ?? .nan })
        }
        return try DataTable(columns: columns)
    }
}
