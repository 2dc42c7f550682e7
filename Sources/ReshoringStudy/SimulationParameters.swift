import Distributions

/// The parameters of the synthetic survey's data-generating process. Stated figures (S) come from
/// `shared/reshoring-facts.md`; assumptions (A) are marked. See Docs/calibration.md.
public struct SimulationParameters: Sendable {
    /// (A) Sector shares of the population of manufacturing firms.
    public var sectorShares: [String: Double] = [
        "automotive": 0.06, "chemicals_pharma": 0.07, "computer_electronics": 0.06, "electrical_equipment": 0.08, "food": 0.08,
        "machinery": 0.18, "metal_products": 0.20, "other": 0.07, "rubber_plastics": 0.08, "textiles": 0.03, "wood_paper": 0.09,
    ]
    /// (A) Median employees by sector (log-normal firm size, σ = 1.0 on the log scale, floor 20).
    public var medianEmployees: [String: Double] = [
        "automotive": 220, "chemicals_pharma": 160, "computer_electronics": 120, "electrical_equipment": 140, "food": 90,
        "machinery": 130, "metal_products": 70, "other": 80, "rubber_plastics": 100, "textiles": 60, "wood_paper": 80,
    ]
    /// Log-scale standard deviation of firm size.
    public var sizeSpread = 1.0
    /// (S, direction; A, size) Digital lead of a sector on the adoption scale: leaders vehicle building and
    /// electronics, laggards food, wood and paper, rubber and plastics (Fraunhofer ISI 2020).
    public var digitalLead: [String: Double] = [
        "automotive": 0.7, "chemicals_pharma": 0.1, "computer_electronics": 0.7, "electrical_equipment": 0.4, "food": -0.5,
        "machinery": 0.3, "metal_products": 0.0, "other": -0.1, "rubber_plastics": -0.4, "textiles": -0.3, "wood_paper": -0.5,
    ]
    /// (A) Adoption rises with size: coefficient of the centred log size in the adoption latent.
    public var sizeOnAdoption = 0.35
    /// (A) Shares of the readiness levels non-user, basic, active, advanced.
    public var levelShares = [0.20, 0.35, 0.30, 0.15]
    /// (A) Backshoring rate per level (advanced / non-user = 10, as stated).
    public var backshoringRate = [0.008, 0.02, 0.035, 0.08]
    /// (A) Share of firms with production abroad (only they can offshore further or backshore).
    public var productionAbroad = 0.40
    /// (S) Share of firms that offshored 2013 – mid-2015.
    public var offshoringRate = 0.09
    /// (S, ranking; A, size) Sector multipliers of backshoring: most in electrical equipment, ICT, automotive.
    public var backshoringSector: [String: Double] = [
        "automotive": 1.5, "chemicals_pharma": 0.8, "computer_electronics": 1.8, "electrical_equipment": 2.0, "food": 0.6,
        "machinery": 1.0, "metal_products": 0.9, "other": 0.8, "rubber_plastics": 0.8, "textiles": 1.0, "wood_paper": 0.6,
    ]
    /// (A) State shares of manufacturing firms.
    public var stateShares: [String: Double] = [
        "Baden-Wuerttemberg": 0.18, "Bayern": 0.18, "Berlin": 0.015, "Brandenburg": 0.02, "Bremen": 0.005, "Hamburg": 0.015,
        "Hessen": 0.06, "Mecklenburg-Vorpommern": 0.01, "Niedersachsen": 0.08, "Nordrhein-Westfalen": 0.21,
        "Rheinland-Pfalz": 0.045, "Saarland": 0.015, "Sachsen": 0.055, "Sachsen-Anhalt": 0.025, "Schleswig-Holstein": 0.025,
        "Thueringen": 0.035,
    ]
    /// (S) Backshoring rate in North Rhine-Westphalia: "just under 4 %".
    public var northRhineWestphaliaRate = 0.039
    /// (S) Motive shares among backshorers: flexibility/delivery > 50 %, quality > 50 %, coordination ~25 %;
    /// (A) capacity at home 20 %, automation/digitalisation 10 % plus 8 points per readiness level.
    public var motiveShares = (flexibility: 0.55, quality: 0.52, coordination: 0.25, capacity: 0.20, automationBase: 0.10, automationPerLevel: 0.08)
    /// (S) Origin of backshored activities: EU-15 ~1/3, North America 16 %, outside Europe > 55 %.
    public var originShares = ["EU-15": 0.33, "other_Europe": 0.11, "North_America": 0.16, "Asia": 0.35, "other": 0.05]

    /// The stated-figure defaults.
    public init() {}

    /// Thresholds of the adoption latent z = lead(sector) + b·(log size − median) + N(0, 1) giving the
    /// level shares exactly in expectation: z | sector ~ N(lead, 1 + b²σ²), so P(z ≤ t) is a normal mixture.
    public var adoptionThresholds: [Double] {
        let spread = (1 + sizeOnAdoption * sizeOnAdoption * sizeSpread * sizeSpread).squareRoot()
        func cdf(_ t: Double) -> Double {
            sectorShares.reduce(0) { $0 + $1.value * Normal.cdf((t - (digitalLead[$1.key] ?? 0)) / spread) } / totalSectorShare
        }
        var cumulative = 0.0
        return levelShares.dropLast().map { share in
            cumulative += share
            var low = -10.0, high = 10.0
            for _ in 0..<200 { let mid = (low + high) / 2; if cdf(mid) < cumulative { low = mid } else { high = mid } }
            return (low + high) / 2
        }
    }

    var totalSectorShare: Double { sectorShares.values.reduce(0, +) }

    /// P(level | sector) under the adoption model.
    func levelProbabilities(sector: String) -> [Double] {
        let spread = (1 + sizeOnAdoption * sizeOnAdoption * sizeSpread * sizeSpread).squareRoot()
        let cuts = [-Double.infinity] + adoptionThresholds + [Double.infinity]
        let lead = digitalLead[sector] ?? 0
        return (0..<4).map { Normal.cdf((cuts[$0 + 1] - lead) / spread) - Normal.cdf((cuts[$0] - lead) / spread) }
    }

    /// E[sector multiplier | level]: the normaliser that keeps P(backshored | level) at its target.
    var sectorMultiplierByLevel: [Double] {
        (0..<4).map { level in
            var weighted = 0.0, total = 0.0
            for (sector, share) in sectorShares {
                let p = levelProbabilities(sector: sector)[level] * share
                weighted += p * (backshoringSector[sector] ?? 1)
                total += p
            }
            return weighted / total
        }
    }

    /// State multipliers: North Rhine-Westphalia at its stated rate, the others scaled so the mean is 1.
    var stateMultipliers: [String: Double] {
        let overall = zip(levelShares, backshoringRate).reduce(0) { $0 + $1.0 * $1.1 }
        let nrw = northRhineWestphaliaRate / overall
        let nrwShare = (stateShares["Nordrhein-Westfalen"] ?? 0) / stateShares.values.reduce(0, +)
        let others = (1 - nrwShare * nrw) / (1 - nrwShare)
        return stateShares.mapValues { _ in others }.merging(["Nordrhein-Westfalen": nrw]) { $1 }
    }
}
