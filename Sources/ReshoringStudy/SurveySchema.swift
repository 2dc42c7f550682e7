/// The German Manufacturing Survey 2015 schema used by the reshoring study (synthetic data).
public enum SurveySchema {
    /// Column names, in file order.
    public static let columns = [
        "firm_id", "data", "backshored", "offshored", "production_abroad", "i40_technologies", "i40_level", "employees",
        "sector", "state", "export_share", "motive_flexibility", "motive_quality", "motive_coordination",
        "motive_capacity", "motive_automation", "origin_region", "size_class", "stratum", "design_weight", "stratum_population",
    ]
    /// The sampling design of the synthetic survey (Docs/survey.md): strata are sector × size
    /// class, each firm its own PSU, weights N_h/n_h, the register's firms per stratum as fpc.
    public static let design = "strata=stratum,weights=design_weight,fpc=stratum_population"
    /// Variable labels of the columns, written into `.dta` and `.sav` files (`reshore simulate --out`).
    public static let variableLabels = [
        "firm_id": "Firm identifier", "data": "Data origin (synthetic)", "backshored": "Backshored production 2013 to mid-2015",
        "offshored": "Offshored production 2013 to mid-2015", "production_abroad": "Has production abroad",
        "i40_technologies": "Industrie 4.0 technologies used (0-7)", "i40_level": "Industrie 4.0 readiness level",
        "employees": "Employees", "sector": "Sector (NACE groups)", "state": "Federal state", "export_share": "Export share of sales",
        "motive_flexibility": "Motive: loss of flexibility or delivery ability", "motive_quality": "Motive: quality problems",
        "motive_coordination": "Motive: coordination and support costs", "motive_capacity": "Motive: capacity at home",
        "motive_automation": "Motive: automation or digitalisation", "origin_region": "Region the activity came back from",
        "size_class": "Size class (employees)", "stratum": "Sampling stratum (sector x size class)",
        "design_weight": "Design weight N_h/n_h", "stratum_population": "Firms in the stratum's register (N_h)",
    ]
    /// Readiness levels (Fraunhofer ISI readiness index): technologies used out of 7.
    public static let levels = ["non-user", "basic", "active", "advanced"]
    /// Sectors (groups of NACE divisions).
    public static let sectors = ["automotive", "chemicals_pharma", "computer_electronics", "electrical_equipment", "food",
                                 "machinery", "metal_products", "other", "rubber_plastics", "textiles", "wood_paper"]
    /// Technology-intensity groups of the sectors (after the OECD's classification of
    /// manufacturing: high and medium-high, medium-low, low), coarse enough that no group is
    /// without a backshorer, unlike single sectors at ~39 events.
    public static let sectorGroups = [
        "computer_electronics": "high-tech", "chemicals_pharma": "high-tech", "electrical_equipment": "high-tech",
        "automotive": "high-tech", "machinery": "high-tech", "rubber_plastics": "medium-tech", "metal_products": "medium-tech",
        "other": "medium-tech", "food": "low-tech", "textiles": "low-tech", "wood_paper": "low-tech",
    ]
    /// The 16 German states.
    public static let states = ["Baden-Wuerttemberg", "Bayern", "Berlin", "Brandenburg", "Bremen", "Hamburg", "Hessen",
                                "Mecklenburg-Vorpommern", "Niedersachsen", "Nordrhein-Westfalen", "Rheinland-Pfalz",
                                "Saarland", "Sachsen", "Sachsen-Anhalt", "Schleswig-Holstein", "Thueringen"]
    /// Regions a backshored activity came from.
    public static let regions = ["EU-15", "other_Europe", "North_America", "Asia", "other"]
    /// The level of a technology count: 0 non-user, 1–2 basic, 3–4 active, 5–7 advanced.
    public static func level(technologies: Int) -> Int {
        switch technologies {
        case 0: return 0
        case 1...2: return 1
        case 3...4: return 2
        default: return 3
        }
    }
}
