import Foundation
import Tables
import Survey

/// A complex survey design, named by the columns of the data that describe it — the library's
/// `svydesign(ids=, strata=, weights=, fpc=, nest=)` and `svrepdesign(repweights=, type=)` (R
/// `survey`), Stata's `svyset`. Given to `BinaryRegression.fit(…, design:)`, it makes the fit a
/// pseudo-maximum-likelihood fit under the design weights with the design-based covariance:
/// Taylor linearisation over strata, PSUs, later stages and finite population corrections, or
/// the variance over refits under replicate weights; inference refers to t and F with the
/// design's degrees of freedom (R `svyglm`, `regTermTest`).
///
/// Any subset of the parts may be given: weights alone mean one PSU per row (a design with
/// unequal selection probabilities only); no weights with an fpc mean weights N/n per stage; no
/// weights and no fpc mean equal weights.
public struct SurveyDesign: Sendable, Equatable {
    /// The column of strata (stage 1), or nil for an unstratified design.
    public var strata: String?
    /// The columns of the sampling units per stage, PSUs first (R `ids = ~psu + ssu`); empty:
    /// each row is its own PSU (R `ids = ~1`).
    public var psu: [String]
    /// Finite population corrections per stage, as population sizes (all values ≥ 1, any above 1)
    /// or sampling fractions (all in (0, 1]); empty: none (sampling with replacement).
    public var fpc: [String]
    /// The column of sampling weights (inverse inclusion probabilities).
    public var weights: String?
    /// PSU ids repeat across strata and name different PSUs (R `nest = TRUE`).
    public var nest: Bool
    /// What to do with a stratum with one PSU.
    public var lonelyPSU: LonelyPSU
    /// Replicate weights, when the design is given by them instead of strata and PSUs.
    public var replicates: ReplicateDesign?

    /// A design; see the properties.
    public init(strata: String? = nil, psu: [String] = [], fpc: [String] = [], weights: String? = nil, nest: Bool = false,
                lonelyPSU: LonelyPSU = .fail, replicates: ReplicateDesign? = nil) {
        self.strata = strata
        self.psu = psu
        self.fpc = fpc
        self.weights = weights
        self.nest = nest
        self.lonelyPSU = lonelyPSU
        self.replicates = replicates
    }

    /// Every column the design names.
    public var columns: [String] {
        [strata, weights].compactMap { $0 } + psu + fpc
    }
}

/// Replicate weight columns and how they were made (R `svrepdesign`).
public struct ReplicateDesign: Sendable, Equatable {
    /// The replicate weight columns: every column whose name starts with a prefix (in the data's
    /// order), or a list.
    public enum Columns: Sendable, Equatable {
        /// Columns whose names start with the prefix (`replicates=repw*`).
        case prefix(String)
        /// The named columns.
        case names([String])
    }

    /// The columns.
    public var columns: Columns
    /// How they were made.
    public var type: ReplicateType
    /// The overall constant; nil: `svrepdesign`'s default for the type.
    public var scale: Double?
    /// One constant per replicate; nil: 1, or for `.jkn` (n_h − 1)/n_h from the strata and PSUs.
    public var rscales: [Double]?
    /// Centre the variance at the full-sample estimate instead of the replicates' mean.
    public var mse: Bool
    /// Whether the replicate columns already include the sampling weights (R's default).
    public var combinedWeights: Bool

    /// A replicate design.
    public init(columns: Columns, type: ReplicateType, scale: Double? = nil, rscales: [Double]? = nil, mse: Bool = false,
                combinedWeights: Bool = true) {
        self.columns = columns
        self.type = type
        self.scale = scale
        self.rscales = rscales
        self.mse = mse
        self.combinedWeights = combinedWeights
    }
}

/// A domain (subpopulation) of a survey: the rows an analysis is about, with the full design kept
/// for the variance (R `subset(design, …)`, Stata `subpop()`).
public enum SurveyDomain: Sendable, Equatable, CustomStringConvertible {
    /// Rows where a 0/1 column is 1.
    case indicator(String)
    /// Rows where a column equals a level (text as the data hold it).
    case level(column: String, value: String)

    /// Parses `COL` or `COL==LEVEL`.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let range = trimmed.range(of: "==") {
            let column = trimmed[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            var value = trimmed[range.upperBound...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
                value = String(value.dropFirst().dropLast())
            }
            guard !column.isEmpty, !value.isEmpty else { throw SurveyDesignError.invalidDomain(text) }
            self = .level(column: column, value: value)
        } else {
            guard !trimmed.isEmpty, !trimmed.contains("=") else { throw SurveyDesignError.invalidDomain(text) }
            self = .indicator(trimmed)
        }
    }

    /// `COL` or `COL==LEVEL`.
    public var description: String {
        switch self {
        case .indicator(let column): return column
        case .level(let column, let value): return "\(column)==\(value)"
        }
    }

    /// The column it reads.
    public var column: String {
        switch self {
        case .indicator(let column), .level(let column, _): return column
        }
    }
}
