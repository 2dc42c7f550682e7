import Tables

extension BootstrapResult {
    /// The replicate matrix as CSV: `replicate` (1-based index) and one column per component,
    /// for external checks (e.g. R's `boot.ci(..., t = )`).
    public func replicatesCSV(names: [String]) -> String {
        BootstrapResult.table(index: "replicate", names: names, rows: zip(replicateIndices, replicates).map { ($0 + 1, $1) })
    }

    /// The jackknife values (leave one row or cluster out) as CSV, empty if none were computed.
    public func jackknifeCSV(names: [String]) -> String {
        guard let jackknife else { return "" }
        return BootstrapResult.table(index: "left_out", names: names, rows: jackknife.enumerated().map { ($0 + 1, $1) })
    }

    /// The influence values BCa used (`BootstrapOptions.influence`) as CSV, one row per row or
    /// cluster, empty if none were given.
    public func influenceCSV(names: [String]) -> String {
        guard let influence else { return "" }
        return BootstrapResult.table(index: "unit", names: names, rows: influence.enumerated().map { ($0 + 1, $1) })
    }

    /// A header of `index` and the component names, then one line per (1-based index, values).
    static func table(index: String, names: [String], rows: [(Int, [Double])]) -> String {
        // Names are user text (terms, levels): a leading =, +, -, @ is defused as in every CSV table.
        var lines = [([index] + names.map { CSVWriter.textField($0) }).joined(separator: ",")]
        for (number, values) in rows { lines.append(([String(number)] + values.map { "\($0)" }).joined(separator: ",")) }
        return lines.joined(separator: "\n") + "\n"
    }
}
