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
    /// (A) Production abroad rises with size: slope of the log odds on log employees (larger firms
    /// run plants abroad more often, as in the EMS offshoring papers); the intercept is solved so
    /// that the share is `productionAbroad` in expectation. Independent of Industrie 4.0 given size.
    public var abroadSizeSlope = 0.6
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
    /// (S, direction; A, size) North Rhine-Westphalia's firms use digital technologies "somewhat
    /// less intensively": a lag on the adoption latent.
    public var northRhineWestphaliaDigitalLag = 0.25
    /// (S) Motive shares among backshorers: flexibility/delivery > 50 %, quality > 50 %, coordination ~25 %
    /// (A: 60 % and 57 %, so that a sample of ~38 backshorers shows "more than half" most of the time);
    /// (A) capacity at home 20 %, automation/digitalisation 10 % plus 8 points per readiness level.
    public var motiveShares = (flexibility: 0.60, quality: 0.57, coordination: 0.25, capacity: 0.20, automationBase: 0.10, automationPerLevel: 0.08)
    /// (S) Origin of backshored activities: EU-15 the largest with about one third, North America
    /// 16 %, outside Europe > 55 %. (A) The split of the rest: Asia 31 % (below EU-15), other
    /// Europe 10 %, elsewhere 9 %, so outside Europe is 56 %; 39 backshorers apportion to 13, 4, 6,
    /// 12 and 4 (EU-15 33 %, North America 15 %, outside Europe 56 %).
    public var originShares = ["EU-15": 0.34, "other_Europe": 0.10, "North_America": 0.16, "Asia": 0.31, "other": 0.09]

    /// (A) Manufacturing firms with 20 or more employees in the survey's register (Destatis counts
    /// about 40,000 such enterprises; the survey is drawn from a register of this order).
    public var populationFirms = 38_000.0
    /// (A) Size classes of the sampling design, by employees: 20–49, 50–249, 250 and more.
    public var sizeClasses = [(name: "20-49", lower: 20), (name: "50-249", lower: 50), (name: "250+", lower: 250)]
    /// (A) Register shares of the size classes. Small firms are more numerous in the register than
    /// among the respondents (large firms answer firm surveys more often), so the design weights
    /// N_h/n_h weight small firms up.
    public var registerSizeShares = [0.52, 0.39, 0.09]

    /// The stated-figure defaults.
    public init() {}

    /// The size class of a firm with `employees` employees.
    func sizeClass(employees: Int) -> String {
        sizeClasses.last { employees >= $0.lower }?.name ?? sizeClasses[0].name
    }

    /// The register's number of firms in a stratum (sector × size class), at least `sampled`.
    func stratumPopulation(sector: String, sizeClass: String, sampled: Int) -> Double {
        let sectorShare = (sectorShares[sector] ?? 0) / totalSectorShare
        let sizeShare = sizeClasses.firstIndex { $0.name == sizeClass }.map { registerSizeShares[$0] } ?? 0
        return max(Double(sampled), (populationFirms * sectorShare * sizeShare).rounded())
    }

    /// The adoption latent's cells: (sector, North Rhine-Westphalia or not, population share).
    var adoptionCells: [(sector: String, nrw: Bool, share: Double)] {
        let nrwShare = (stateShares["Nordrhein-Westfalen"] ?? 0) / stateShares.values.reduce(0, +)
        return sectorShares.keys.sorted().flatMap { sector -> [(sector: String, nrw: Bool, share: Double)] in
            let share = (sectorShares[sector] ?? 0) / totalSectorShare
            return [(sector, true, share * nrwShare), (sector, false, share * (1 - nrwShare))]
        }
    }

    /// Mean of the adoption latent in a cell: the sector's lead, less NRW's lag.
    func adoptionMean(sector: String, nrw: Bool) -> Double {
        (digitalLead[sector] ?? 0) - (nrw ? northRhineWestphaliaDigitalLag : 0)
    }

    var adoptionSpread: Double { (1 + sizeOnAdoption * sizeOnAdoption * sizeSpread * sizeSpread).squareRoot() }

    /// Thresholds of the adoption latent z = lead(sector) − lag(NRW) + b·(log size − median) + N(0, 1)
    /// giving the level shares exactly in expectation: z | cell ~ N(mean, 1 + b²σ²), so P(z ≤ t) is
    /// a normal mixture over the cells.
    public var adoptionThresholds: [Double] {
        let cells = adoptionCells, spread = adoptionSpread
        func cdf(_ t: Double) -> Double {
            cells.reduce(0) { $0 + $1.share * Normal.cdf((t - adoptionMean(sector: $1.sector, nrw: $1.nrw)) / spread) }
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

    /// P(level | cell) under the adoption model.
    func levelProbabilities(sector: String, nrw: Bool, thresholds: [Double]) -> [Double] {
        let cuts = [-Double.infinity] + thresholds + [Double.infinity]
        let mean = adoptionMean(sector: sector, nrw: nrw), spread = adoptionSpread
        return (0..<4).map { Normal.cdf((cuts[$0 + 1] - mean) / spread) - Normal.cdf((cuts[$0] - mean) / spread) }
    }

    /// The backshoring multipliers: per level the normaliser E[m(sector)·f(state) | level] that
    /// keeps P(backshored | level) at its target, and NRW's state multiplier f (the others 1),
    /// solved by fixed-point iteration so that P(backshored | NRW) is the stated rate although NRW
    /// firms sit at lower readiness levels.
    var backshoringMultipliers: (normaliser: [Double], northRhineWestphalia: Double) {
        let thresholds = adoptionThresholds, cells = adoptionCells
        let probabilities = cells.map { levelProbabilities(sector: $0.sector, nrw: $0.nrw, thresholds: thresholds) }
        var nrw = 1.0, normaliser = [Double](repeating: 1, count: 4)
        for _ in 0..<100 {
            normaliser = (0..<4).map { level in
                var weighted = 0.0, total = 0.0
                for (c, cell) in cells.enumerated() {
                    let p = probabilities[c][level] * cell.share
                    weighted += p * (backshoringSector[cell.sector] ?? 1) * (cell.nrw ? nrw : 1)
                    total += p
                }
                return weighted / total
            }
            var rate = 0.0, share = 0.0
            for (c, cell) in cells.enumerated() where cell.nrw {
                for level in 0..<4 {
                    let p = probabilities[c][level] * cell.share
                    rate += p * backshoringRate[level] * (backshoringSector[cell.sector] ?? 1) * nrw / normaliser[level]
                    share += p
                }
            }
            nrw *= northRhineWestphaliaRate / (rate / share)
        }
        return (normaliser, nrw)
    }

    /// The intercept of the production-abroad log odds, a + slope·(log size − log 100), solved so
    /// that its mean over sectors and the log-normal size (floor ignored) is `productionAbroad`.
    var abroadIntercept: Double {
        let shares = sectorShares.keys.sorted().map { ((sectorShares[$0] ?? 0) / totalSectorShare, Double.log(medianEmployees[$0] ?? 100)) }
        func mean(_ a: Double) -> Double {
            var total = 0.0
            for z in stride(from: -6.0, through: 6.0, by: 0.01) {
                let density = Double.exp(-z * z / 2) / (2 * Double.pi).squareRoot() * 0.01
                for (share, logMedian) in shares {
                    let x = a + abroadSizeSlope * (logMedian + sizeSpread * z - Double.log(100))
                    total += share * density / (1 + Double.exp(-x))
                }
            }
            return total
        }
        var low = -10.0, high = 10.0
        for _ in 0..<100 { let mid = (low + high) / 2; if mean(mid) < productionAbroad { low = mid } else { high = mid } }
        return (low + high) / 2
    }
}
