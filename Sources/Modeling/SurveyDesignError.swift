import Tables

/// Errors in a survey design's specification or its columns: each says what is wrong, where, and
/// how to fix it.
public enum SurveyDesignError: Error, Equatable, Sendable, ParameterNamingError {
    /// The design text is not `key=value` pairs of known keys.
    case invalidSpecification(text: String, reason: String)
    /// A domain that is not `COL` or `COL==LEVEL`.
    case invalidDomain(String)
    /// A design column (or the domain's) has missing values.
    case missingValues(column: String, role: String, rows: Int, firstRow: Int)
    /// A design column that must be numeric is not.
    case notNumeric(column: String, role: String)
    /// A weight that is negative or not finite.
    case invalidWeight(column: String, row: Int, value: Double)
    /// A PSU id that appears in two strata without `nest=true`.
    case notNested(psu: String, strata: [String])
    /// The whole design has one PSU (R: "Design has only one primary sampling unit").
    case singlePSU
    /// The fpc columns do not match the sampling stages.
    case fpcStages(stages: Int, fpc: Int)
    /// An fpc column mixing population sizes (> 1) with sampling fractions (< 1), or with values
    /// that are neither (≤ 0).
    case fpcInvalid(column: String, row: Int, value: Double)
    /// An fpc that is not constant within a stratum.
    case fpcVaries(column: String, stratum: String)
    /// A population size below the number of units sampled.
    case fpcBelowSample(column: String, stratum: String, population: Double, sampled: Int)
    /// No column matches the replicate prefix.
    case noReplicateColumns(String)
    /// JKn replicates need their rscales: from `rscales=` or from the strata and PSUs.
    case jknNeedsRscales
    /// rscales of the wrong length.
    case rscalesCount(expected: Int, found: Int)
    /// A domain indicator that is not 0/1.
    case domainValue(column: String, row: Int, value: String)
    /// An option that cannot go with a survey design (its own weights, clusters, covariance).
    case conflictingOption(option: Parameter, reason: String)
    /// A domain with no rows (or none with positive weight).
    case emptyDomain(String)

    /// The message with parameters named by `naming` (`ParameterNames`).
    public func description(naming: ParameterNames) -> String {
        switch self {
        case .invalidSpecification(let text, let reason):
            return "\(naming[.design]) '\(text)': \(reason); write comma-separated key=value pairs, e.g. \"strata=stratum,psu=school,weights=pw,fpc=N,lonely-psu=adjust\" (keys: strata, psu, weights, fpc, nest, lonely-psu, replicates, type, scale, rscales, mse, combined-weights)"
        case .invalidDomain(let text):
            return "\(naming[.subpop]) '\(text)': give a 0/1 column, or COL==LEVEL, e.g. \"abroad\" or \"sector==machinery\""
        case .missingValues(let column, let role, let rows, let firstRow):
            return "\(naming[.design]): the \(role) column '\(column)' is missing in \(rows) rows (first: data row \(firstRow + 1)); a design needs it on every row (R: missing values in `\(role)`): fill it in or drop those rows from the data"
        case .notNumeric(let column, let role):
            return "\(naming[.design]): the \(role) column '\(column)' must be numeric"
        case .invalidWeight(let column, let row, let value):
            return "\(naming[.design]): weight \(Column.format(value)) in column '\(column)', data row \(row + 1); sampling weights are finite and not negative"
        case .notNested(let psu, let strata):
            return "\(naming[.design]): PSU '\(psu)' appears in strata \(MessageText.list(strata)); if PSU ids are reused across strata give nest=true (R nest = TRUE), otherwise the PSUs are not nested in the strata"
        case .singlePSU:
            return "\(naming[.design]): the design has only one primary sampling unit, so there is no between-PSU variance; name the PSU column (psu=COL) or leave it out for one PSU per row"
        case .fpcStages(let stages, let fpc):
            return "\(naming[.design]): \(fpc) fpc columns for \(stages) sampling stages; give one per stage (fpc=N1+N2 for psu=A+B)"
        case .fpcInvalid(let column, let row, let value):
            return "\(naming[.design]): fpc \(Column.format(value)) in column '\(column)', data row \(row + 1); give population sizes (all ≥ 1) or sampling fractions (all in (0, 1]), not a mixture"
        case .fpcVaries(let column, let stratum):
            return "\(naming[.design]): the fpc column '\(column)' varies within stratum \(stratum); a population size belongs to a stratum"
        case .fpcBelowSample(let column, let stratum, let population, let sampled):
            return "\(naming[.design]): the fpc column '\(column)' gives stratum \(stratum) a population of \(Column.format(population)) but \(sampled) units were sampled from it (more than 100 %)"
        case .noReplicateColumns(let prefix):
            return "\(naming[.design]): no column name starts with '\(prefix)' for the replicate weights"
        case .jknNeedsRscales:
            return "\(naming[.design]): JKn replicate weights need their rscales (n_h − 1)/n_h: give rscales=r1+r2+…, or the strata and PSUs (strata=COL,psu=COL) so each replicate's deleted PSU tells its stratum"
        case .rscalesCount(let expected, let found):
            return "\(naming[.design]): \(found) rscales for \(expected) replicate weight columns; give one per replicate"
        case .domainValue(let column, let row, let value):
            return "\(naming[.subpop]): column '\(column)' holds '\(value)' in data row \(row + 1); a domain indicator is 0 or 1 (or write COL==LEVEL)"
        case .conflictingOption(let option, let reason):
            return "\(naming[option]) cannot be combined with a survey design: \(reason)"
        case .emptyDomain(let domain):
            return "\(naming[.subpop]) '\(domain)': no row with a positive weight falls in the domain"
        }
    }
}
