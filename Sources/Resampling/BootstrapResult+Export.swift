import Tables

extension BootstrapResult {
    /// The replicate matrix as CSV: `replicate` (1-based index) and one column per component,
    /// for external checks (e.g. R's `boot.ci(..., t = )`).
    public func replicatesCSV(names: [String]) -> String {
        var lines = [(["replicate"] + names.map { CSVWriter.field($0) }).joined(separator: ",")]
        for (index, values) in zip(replicateIndices, replicates) {
            lines.append(([String(index + 1)] + values.map { "\($0)" }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The jackknife values (leave one row or cluster out) as CSV, empty if none were computed.
    public func jackknifeCSV(names: [String]) -> String {
        guard let jackknife else { return "" }
        var lines = [(["left_out"] + names.map { CSVWriter.field($0) }).joined(separator: ",")]
        for (k, values) in jackknife.enumerated() { lines.append(([String(k + 1)] + values.map { "\($0)" }).joined(separator: ",")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The influence values BCa used (`BootstrapOptions.influence`) as CSV, one row per row or
    /// cluster, empty if none were given.
    public func influenceCSV(names: [String]) -> String {
        guard let influence else { return "" }
        var lines = [(["unit"] + names.map { CSVWriter.field($0) }).joined(separator: ",")]
        for (k, values) in influence.enumerated() { lines.append(([String(k + 1)] + values.map { "\($0)" }).joined(separator: ",")) }
        return lines.joined(separator: "\n") + "\n"
    }
}
