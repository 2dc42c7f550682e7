import Resampling
import Tables
import Foundation
import RealModule

/// Simulates the synthetic German Manufacturing Survey 2015 from `SimulationParameters`. The data
/// are synthetic: the firm-level survey data are not public. Every row says so in its `data` column.
public enum SurveySimulator {
    /// `n` firms from `seed`; firm i's draws come from its own stream, so the first k rows do not
    /// depend on n.
    public static func simulate(n: Int, seed: UInt64, parameters: SimulationParameters = SimulationParameters()) throws -> DataTable {
        let sectors = SurveySchema.sectors, states = SurveySchema.states, regions = SurveySchema.regions
        let thresholds = parameters.adoptionThresholds
        let normaliser = parameters.sectorMultiplierByLevel
        let stateMultipliers = parameters.stateMultipliers
        var rows = [[String]]()
        for i in 0..<n {
            var stream = RandomStream(seed: seed, index: UInt64(i))
            func uniform() -> Double { Double(stream.next() >> 11) / Double(1 << 53) }
            func normal() -> Double { (-2 * Double.log(uniform() + 1e-300)).squareRoot() * Double.cos(2 * Double.pi * uniform()) }
            func choose(_ shares: [String: Double], in order: [String]) -> String {
                let total = order.reduce(0) { $0 + (shares[$1] ?? 0) }
                var u = uniform() * total
                for name in order { u -= shares[name] ?? 0; if u <= 0 { return name } }
                return order[order.count - 1]
            }
            let sector = choose(parameters.sectorShares, in: sectors)
            let state = choose(parameters.stateShares, in: states)
            let logMedian = Double.log(parameters.medianEmployees[sector] ?? 100)
            let logSize = logMedian + parameters.sizeSpread * normal()
            let employees = max(20, Int(Double.exp(logSize).rounded()))
            let latent = (parameters.digitalLead[sector] ?? 0) + parameters.sizeOnAdoption * (logSize - logMedian) + normal()
            let level = thresholds.filter { latent > $0 }.count
            let technologies: Int
            switch level {
            case 0: technologies = 0
            case 1: technologies = 1 + stream.index(below: 2)
            case 2: technologies = 3 + stream.index(below: 2)
            default: technologies = 5 + stream.index(below: 3)
            }
            let abroad = uniform() < parameters.productionAbroad
            let offshored = abroad && uniform() < parameters.offshoringRate / parameters.productionAbroad
            let backshoringProbability = parameters.backshoringRate[level] * (parameters.backshoringSector[sector] ?? 1)
                * (stateMultipliers[state] ?? 1) / (parameters.productionAbroad * normaliser[level])
            let backshored = abroad && uniform() < min(1, backshoringProbability)
            let exportShare = min(0.95, max(0, 0.15 + 0.08 * (logSize - Double.log(20)) + 0.12 * normal()))
            let m = parameters.motiveShares
            let motives = backshored
                ? [m.flexibility, m.quality, m.coordination, m.capacity, m.automationBase + m.automationPerLevel * Double(level)].map { uniform() < $0 ? "1" : "0" }
                : ["", "", "", "", ""]
            let origin = backshored ? choose(parameters.originShares, in: regions) : ""
            rows.append([String(i + 1), "synthetic", backshored ? "1" : "0", offshored ? "1" : "0", abroad ? "1" : "0",
                         String(technologies), SurveySchema.levels[level], String(employees), sector, state,
                         String(format: "%.3f", exportShare)] + motives + [origin])
        }
        let columns = SurveySchema.columns.enumerated().map { j, name -> Column in
            let values = rows.map { $0[j] }
            if ["data", "i40_level", "sector", "state", "origin_region"].contains(name) {
                return Column(name: name, strings: values.map { $0.isEmpty ? nil : $0 })
            }
            return Column(name: name, numeric: values.map { Double($0) ?? .nan })
        }
        return try DataTable(columns: columns)
    }
}
