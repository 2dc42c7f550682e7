import Foundation
import Tables
import LinearAlgebra
import Survey

extension SurveyDesign {
    /// Parses `reshore`'s `--design` text: comma-separated `key=value` pairs, any subset of
    /// `strata=COL`, `psu=COL1+COL2`, `weights=COL`, `fpc=FPC1+FPC2`, `nest=true`,
    /// `lonely-psu=fail|remove|adjust|average|certainty`, and for replicate weights
    /// `replicates=PREFIX*` (or `A+B+C`), `type=jk1|jkn|brr|fay:RHO|bootstrap`, `scale=S`,
    /// `rscales=R1+R2+…`, `mse=true`, `combined-weights=false`.
    public init(parsing text: String) throws {
        self.init()
        func fail(_ reason: String) -> SurveyDesignError { .invalidSpecification(text: text, reason: reason) }
        func list(_ value: String) -> [String] { value.split(separator: "+").map { $0.trimmingCharacters(in: .whitespaces) } }
        func flag(_ key: String, _ value: String) throws -> Bool {
            switch value.lowercased() {
            case "true", "yes", "1": return true
            case "false", "no", "0": return false
            default: throw fail("\(key)=\(value) is not true or false")
            }
        }
        var replicateColumns: ReplicateDesign.Columns?
        var type: ReplicateType?
        var scale: Double?, rscales: [Double]?, mse = false, combined = true
        var seen = Set<String>()
        for part in text.split(separator: ",", omittingEmptySubsequences: true) {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty else { throw fail("'\(part)' is not key=value") }
            let (key, value) = (pair[0].lowercased(), pair[1])
            guard seen.insert(key).inserted else { throw fail("\(key) is given twice") }
            switch key {
            case "strata": strata = value
            case "psu", "ids", "cluster": psu = list(value)
            case "weights", "weight", "pw": weights = value
            case "fpc": fpc = list(value)
            case "nest": nest = try flag(key, value)
            case "lonely-psu", "lonely_psu", "singleunit":
                guard let rule = LonelyPSU(rawValue: value.lowercased()) else {
                    throw fail("lonely-psu=\(value) is not one of \(LonelyPSU.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                lonelyPSU = rule
            case "replicates", "repweights":
                replicateColumns = value.hasSuffix("*") ? .prefix(String(value.dropLast())) : .names(list(value))
            case "type":
                let lower = value.lowercased()
                switch lower {
                case "jk1": type = .jk1
                case "jkn": type = .jkn
                case "brr": type = .brr
                case "bootstrap": type = .bootstrap
                default:
                    guard lower.hasPrefix("fay"), let rho = Double(lower.dropFirst(3).drop { $0 == ":" || $0 == "(" }.prefix { $0 != ")" }),
                          rho > 0, rho < 1 else {
                        throw fail("type=\(value) is not jk1, jkn, brr, fay:RHO (0 < RHO < 1) or bootstrap")
                    }
                    type = .fay(rho: rho)
                }
            case "scale":
                guard let number = Double(value), number > 0, number.isFinite else { throw fail("scale=\(value) is not a positive number") }
                scale = number
            case "rscales":
                let numbers = list(value).map { Double($0) }
                guard numbers.allSatisfy({ ($0 ?? -1) >= 0 && $0?.isFinite == true }) else { throw fail("rscales=\(value) are not numbers ≥ 0 joined by +") }
                rscales = numbers.compactMap { $0 }
            case "mse": mse = try flag(key, value)
            case "combined-weights", "combined_weights": combined = try flag(key, value)
            default: throw fail("unknown key '\(pair[0])'")
            }
        }
        if let replicateColumns {
            guard let type else { throw fail("replicate weights need their type=jk1|jkn|brr|fay:RHO|bootstrap") }
            guard fpc.isEmpty else { throw fail("fpc does not apply to replicate weights (they carry it)") }
            replicates = ReplicateDesign(columns: replicateColumns, type: type, scale: scale, rscales: rscales, mse: mse,
                                         combinedWeights: combined)
        } else if type != nil || scale != nil || rscales != nil || seen.contains("mse") || seen.contains("combined-weights") {
            throw fail("type, scale, rscales, mse and combined-weights describe replicate weights: give replicates=PREFIX* too")
        }
        if psu.contains(where: \.isEmpty) || fpc.contains(where: \.isEmpty) { throw fail("an empty column name in a + list") }
    }
}

/// A survey design resolved on a table: codes for the variance, and the weights of every row.
public struct ResolvedSurveyDesign: Sendable {
    /// The design as given.
    public let specification: SurveyDesign
    /// Strata, units and population sizes as codes (over all rows of the table).
    public let structure: SamplingStructure
    /// The sampling weight of every row of the table.
    public let weights: [Double]
    /// Replicate weights (rows × replicates, combined with the sampling weights), if any.
    public let replicateWeights: Matrix?
    /// The replicate variance's constants, if any.
    public let scheme: ReplicateScheme?
    /// The replicate design's degrees of freedom (rank of the replicate weights − 1), if any.
    public let replicateDegreesOfFreedom: Int?
}

extension SurveyDesign {
    /// Resolves the design's columns on `data` (every row: the design counts its PSUs over the
    /// whole sample, whatever rows an analysis uses), with R `svydesign`'s rules: later-stage
    /// units nested in the units before them, PSUs nested in strata (or made so by `nest`), fpc as
    /// population sizes or fractions and constant within strata.
    public func resolve(on data: DataTable) throws -> ResolvedSurveyDesign {
        let n = data.rowCount
        func column(_ name: String) throws -> Column {
            guard let column = data[name] else {
                throw ModelingError.unknownColumn(name: name, parameter: .design, available: data.columnNames)
            }
            return column
        }
        func texts(_ name: String, role: String) throws -> [String] {
            let values = try column(name)
            var missing = 0, first = -1
            let result = (0..<n).map { row -> String in
                guard let text = values.text(at: row) else { if first < 0 { first = row }; missing += 1; return "" }
                return text
            }
            if missing > 0 { throw SurveyDesignError.missingValues(column: name, role: role, rows: missing, firstRow: first) }
            return result
        }
        func numbers(_ name: String, role: String) throws -> [Double] {
            let values = try column(name)
            guard let numeric = values.numericValues else { throw SurveyDesignError.notNumeric(column: name, role: role) }
            if let first = numeric.firstIndex(where: { $0.isNaN }) {
                throw SurveyDesignError.missingValues(column: name, role: role, rows: numeric.filter(\.isNaN).count, firstRow: first)
            }
            return numeric
        }
        let strataText = try strata.map { try texts($0, role: "strata") } ?? [String](repeating: "1", count: n)
        let stageIds: [[String]] = psu.isEmpty ? [(0..<n).map { String($0 + 1) }] : try psu.map { try texts($0, role: "psu") }
        guard fpc.isEmpty || fpc.count == stageIds.count else { throw SurveyDesignError.fpcStages(stages: stageIds.count, fpc: fpc.count) }
        let fpcValues = try fpc.map { try numbers($0, role: "fpc") }

        var stages = [SamplingStructure.Stage]()
        var previousUnits = [Int32](), previousNames = [String]()
        for (s, ids) in stageIds.enumerated() {
            var unitIndex = [String: Int32](), unitOfRow = [Int32](repeating: 0, count: n)
            var stratumIndex = [String: Int32](), stratumNames = [String](), stratumOfUnit = [Int32](), parentOfUnit = [Int32]()
            var unitNames = [String]()
            for row in 0..<n {
                let stratumKey = s == 0 ? strataText[row] : String(previousUnits[row])
                let unitKey = s == 0 ? (nest ? stratumKey + "\u{1F}" + ids[row] : ids[row]) : stratumKey + "\u{1F}" + ids[row]
                let stratum: Int32
                if let known = stratumIndex[stratumKey] { stratum = known } else {
                    stratum = Int32(stratumNames.count); stratumIndex[stratumKey] = stratum
                    stratumNames.append(s == 0 ? stratumKey : "unit \(previousNames[Int(previousUnits[row])]) of stage \(s)")
                }
                if let unit = unitIndex[unitKey] {
                    unitOfRow[row] = unit
                    if stratumOfUnit[Int(unit)] != stratum {
                        throw SurveyDesignError.notNested(psu: ids[row], strata: [stratumNames[Int(stratumOfUnit[Int(unit)])], stratumNames[Int(stratum)]])
                    }
                } else {
                    let unit = Int32(stratumOfUnit.count)
                    unitIndex[unitKey] = unit; unitOfRow[row] = unit
                    stratumOfUnit.append(stratum); unitNames.append(ids[row])
                    if s > 0 { parentOfUnit.append(previousUnits[row]) }
                }
            }
            var sampled = [Int](repeating: 0, count: stratumNames.count)
            for stratum in stratumOfUnit { sampled[Int(stratum)] += 1 }
            var population: [Double]?
            if s < fpcValues.count {
                let values = fpcValues[s]
                let sizes = values.contains { $0 > 1 }
                var perStratum = [Double](repeating: .nan, count: stratumNames.count)
                for row in 0..<n {
                    let value = values[row]
                    guard value.isFinite, value > 0, sizes ? value >= 1 : value <= 1 else {
                        throw SurveyDesignError.fpcInvalid(column: fpc[s], row: row, value: value)
                    }
                    let h = Int(stratumOfUnit[Int(unitOfRow[row])])
                    let size = sizes ? value : Double(sampled[h]) / value
                    if perStratum[h].isNaN { perStratum[h] = size } else if abs(perStratum[h] - size) > 1e-9 * size {
                        throw SurveyDesignError.fpcVaries(column: fpc[s], stratum: stratumNames[h])
                    }
                }
                for h in perStratum.indices where perStratum[h] < Double(sampled[h]) * (1 - 1e-12) {
                    throw SurveyDesignError.fpcBelowSample(column: fpc[s], stratum: stratumNames[h], population: perStratum[h], sampled: sampled[h])
                }
                population = perStratum
            }
            if s == 0 && stratumOfUnit.count == 1 && !(nest && strata != nil) { throw SurveyDesignError.singlePSU }
            stages.append(SamplingStructure.Stage(unitOfRow: unitOfRow, stratumOfUnit: stratumOfUnit, parentOfUnit: parentOfUnit,
                                                  stratumNames: stratumNames, sampled: sampled, population: population))
            previousUnits = unitOfRow
            previousNames = unitNames
        }
        let structure = SamplingStructure(stages: stages, lonelyPSU: lonelyPSU, isStratified: strata != nil)

        var rowWeights: [Double]
        if let weights {
            rowWeights = try numbers(weights, role: "weights")
            if let row = rowWeights.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) {
                throw SurveyDesignError.invalidWeight(column: weights, row: row, value: rowWeights[row])
            }
        } else {
            // R svydesign: without weights, an fpc gives them as N/n per stage; otherwise equal.
            rowWeights = [Double](repeating: 1, count: n)
            for stage in stages {
                guard let population = stage.population else { continue }
                for row in 0..<n {
                    let h = Int(stage.stratumOfUnit[Int(stage.unitOfRow[row])])
                    rowWeights[row] *= population[h] / Double(stage.sampled[h])
                }
            }
        }

        var replicateMatrix: Matrix?, scheme: ReplicateScheme?, replicateDF: Int?
        if let replicates {
            let names: [String]
            switch replicates.columns {
            case .prefix(let prefix):
                names = data.columnNames.filter { $0.hasPrefix(prefix) && $0 != weights }
                guard !names.isEmpty else { throw SurveyDesignError.noReplicateColumns(prefix) }
            case .names(let list):
                names = list
            }
            var matrix = Matrix(rows: n, columns: names.count)
            for (r, name) in names.enumerated() {
                let values = try numbers(name, role: "replicate weights")
                if let row = values.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) {
                    throw SurveyDesignError.invalidWeight(column: name, row: row, value: values[row])
                }
                for row in 0..<n { matrix[row, r] = replicates.combinedWeights ? values[row] : values[row] * rowWeights[row] }
            }
            var rscales = replicates.rscales
            if let given = rscales, given.count != names.count { throw SurveyDesignError.rscalesCount(expected: names.count, found: given.count) }
            if replicates.type == .jkn && rscales == nil {
                // Each replicate deletes one PSU: its stratum's (n_h − 1)/n_h, from the strata and PSUs.
                guard !psu.isEmpty, strata != nil else { throw SurveyDesignError.jknNeedsRscales }
                let stage = stages[0]
                rscales = try (0..<names.count).map { r in
                    guard let row = (0..<n).first(where: { matrix[$0, r] == 0 && rowWeights[$0] > 0 }) else { throw SurveyDesignError.jknNeedsRscales }
                    let nh = Double(stage.sampled[Int(stage.stratumOfUnit[Int(stage.unitOfRow[row])])])
                    return (nh - 1) / nh
                }
            }
            scheme = ReplicateScheme(type: replicates.type, replicates: names.count, scale: replicates.scale, rscales: rscales, mse: replicates.mse)
            replicateDF = try ReplicateScheme.degreesOfFreedom(weights: matrix)
            replicateMatrix = matrix
        }
        return ResolvedSurveyDesign(specification: self, structure: structure, weights: rowWeights, replicateWeights: replicateMatrix,
                                    scheme: scheme, replicateDegreesOfFreedom: replicateDF)
    }
}

extension SurveyDomain {
    /// Whether each row of `data` is in the domain.
    public func membership(in data: DataTable) throws -> [Bool] {
        guard let values = data[column] else {
            throw ModelingError.unknownColumn(name: column, parameter: .subpop, available: data.columnNames)
        }
        var result = [Bool](repeating: false, count: data.rowCount)
        for row in 0..<data.rowCount {
            guard let text = values.text(at: row) else {
                throw SurveyDesignError.missingValues(column: column, role: "domain", rows: (row..<data.rowCount).filter { values.text(at: $0) == nil }.count, firstRow: row)
            }
            switch self {
            case .level(_, let value): result[row] = text == value
            case .indicator:
                if let number = values.numericValues?[row], number == 0 || number == 1 { result[row] = number == 1; continue }
                switch text.lowercased() {
                case "true": result[row] = true
                case "false": result[row] = false
                default: throw SurveyDesignError.domainValue(column: column, row: row, value: text)
                }
            }
        }
        return result
    }
}
