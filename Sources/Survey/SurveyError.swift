/// Errors of a survey design's variance.
public enum SurveyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A stratum of the analysed rows has a single PSU and the lonely-PSU rule is `.fail`.
    case lonelyPSU(stratum: String, stage: Int)
    /// The `average` rule at a later stage: the stage's only stratum has one unit, so there is no
    /// other stratum to average over (R returns NaN there).
    case nothingToAverage(stratum: String, stage: Int)
    /// The unit totals do not have one row per unit of the finest variance stage.
    case unitTotals(expected: Int, found: Int)

    public var description: String {
        switch self {
        case .lonelyPSU(let stratum, let stage):
            return "stratum \(stratum) has only one PSU at stage \(stage), so its variance cannot be estimated: choose a lonely-PSU rule (lonely-psu=adjust, average, remove or certainty; R options(survey.lonely.psu=), Stata singleunit()) or merge the stratum with a neighbour"
        case .nothingToAverage(let stratum, let stage):
            return "stratum \(stratum) at stage \(stage) has one unit and no other stratum to average over: use lonely-psu=adjust, remove or certainty"
        case .unitTotals(let expected, let found):
            return "score totals: \(found) rows given for \(expected) units of the design's finest variance stage"
        }
    }
}
