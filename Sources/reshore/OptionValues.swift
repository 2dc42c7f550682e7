import ArgumentParser
import Foundation
import Regress

extension InformationKind: ExpressibleByArgument {}
extension WeightKind: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
extension ClusterAdjustment: ExpressibleByArgument {}
extension EffectScale: ExpressibleByArgument {}
extension MarginsKind: ExpressibleByArgument {}
extension BCaAcceleration: ExpressibleByArgument {}
extension ModelTableContent: ExpressibleByArgument {}

/// Parses one of an enum's values; a misspelled one is a parse-time error that suggests the
/// nearest valid value and lists them all.
func choice<T: CaseIterable & RawRepresentable>(_ text: String, option: String) throws -> T where T.RawValue == String {
    let lowered = text.lowercased()
    if let value = T.allCases.first(where: { $0.rawValue == lowered }) { return value }
    let names = T.allCases.map(\.rawValue)
    throw ValidationError("\(option): unknown value '\(text)'.\(nearestHint(lowered, among: names)) Choose from \(names.joined(separator: ", ")).")
}

/// " Did you mean 'x'?" for the valid value nearest to `text` when it is close enough, else "".
func nearestHint(_ text: String, among names: [String], within limit: (String) -> Int = { max(2, $0.count / 3) }) -> String {
    let nearest = names.min { editDistance($0, text) < editDistance($1, text) }
    return nearest.flatMap { editDistance($0, text) <= limit($0) ? " Did you mean '\($0)'?" : nil } ?? ""
}

/// Levenshtein distance.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + [Int](repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

/// `--vce classical|hc0|hc1|hc2|hc3|cluster:VAR[,VAR2]`: parsed straight into the library's
/// one covariance type (`Covariance`); `--cluster-adjustment` is applied to a cluster choice.
struct VCEOption: ExpressibleByArgument {
    /// The covariance named (a cluster choice with Stata's adjustment until `covariance(adjustment:)`).
    let covariance: Covariance

    init?(argument: String) {
        switch argument.lowercased() {
        case "classical": covariance = .classical()
        case "hc0": covariance = .hc0
        case "hc1": covariance = .hc1
        case "hc2": covariance = .hc2
        case "hc3": covariance = .hc3
        case "robust": covariance = .robust
        case "linearized", "linearised": covariance = .linearized
        case "replicates": covariance = .replicates
        default:
            guard argument.hasPrefix("cluster:") else { return nil }
            let names = argument.dropFirst("cluster:".count).split(separator: ",", omittingEmptySubsequences: false).map { String($0) }
            guard (1...2).contains(names.count), names.allSatisfy({ !$0.isEmpty }) else { return nil }
            covariance = .cluster(names)
        }
    }

    /// The covariance with `adjustment` for a cluster choice.
    func covariance(adjustment: ClusterAdjustment) -> Covariance {
        if case .cluster(let names, _) = covariance { return .cluster(names, adjustment: adjustment) }
        return covariance
    }

    static var defaultCompletionKind: CompletionKind { .list(["classical", "robust", "hc0", "hc1", "hc2", "hc3", "cluster:", "linearized", "replicates"]) }

    /// Parses `--vce`; a misspelled value names the nearest valid one.
    static func parse(_ text: String) throws -> VCEOption {
        if let option = VCEOption(argument: text) { return option }
        let hint = nearestHint(text.lowercased(), among: ["classical", "robust", "hc0", "hc1", "hc2", "hc3", "cluster:VAR", "linearized", "replicates"], within: { _ in 2 })
        throw ValidationError("--vce: unknown covariance '\(text)'.\(hint) Choose from classical, robust (Stata's vce(robust)), hc0, hc1, hc2, hc3, cluster:VAR[,VAR2], or with --design linearized or replicates.")
    }
}

/// `--ci bca,percentile`: interval methods, checked at parse time.
struct IntervalMethods: ExpressibleByArgument {
    let methods: [IntervalMethod]

    init(methods: [IntervalMethod]) { self.methods = methods }

    init?(argument: String) {
        let parsed = argument.split(separator: ",").map { IntervalMethod(rawValue: $0.trimmingCharacters(in: .whitespaces).lowercased()) }
        guard !parsed.isEmpty, parsed.allSatisfy({ $0 != nil }) else { return nil }
        methods = parsed.compactMap { $0 }
    }

    var defaultValueDescription: String { methods.map(\.rawValue).joined(separator: ",") }

    static func parse(_ text: String) throws -> IntervalMethods {
        let names = IntervalMethod.allCases.map(\.rawValue)
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = piece.trimmingCharacters(in: .whitespaces)
            guard IntervalMethod(rawValue: name.lowercased()) == nil else { continue }
            throw ValidationError("--ci: unknown method '\(name)'.\(nearestHint(name, among: names, within: { _ in 3 })) Choose from \(names.joined(separator: ", ")).")
        }
        return IntervalMethods(argument: text) ?? IntervalMethods(methods: [.bca, .percentile])
    }
}

/// `--predict VAR` or `--predict VAR=v1,v2`, checked at parse time.
struct PredictOption: ExpressibleByArgument {
    let variable: String
    let values: [String]

    init?(argument: String) {
        let pieces = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = pieces.first, !first.isEmpty else { return nil }
        variable = first
        if pieces.count > 1 {
            values = pieces[1].split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard values.allSatisfy({ !$0.isEmpty }) else { return nil }
        } else {
            values = []
        }
    }

    static func parse(_ text: String) throws -> PredictOption {
        guard let option = PredictOption(argument: text) else {
            throw ValidationError("--predict takes VAR or VAR=v1,v2 (a variable of the formula, then values or levels), e.g. --predict race or --predict age=20,30; got '\(text)'")
        }
        return option
    }
}
