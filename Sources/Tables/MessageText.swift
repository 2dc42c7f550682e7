/// Shortens user-supplied text that an error message echoes, so that a 100,000-column header or a
/// 5 MB field still gives a message one can read (the first version printed the whole input).
package enum MessageText {
    /// `text` cut to `limit` characters, with "…" and the full length when cut.
    package static func excerpt(_ text: String, limit: Int = 60) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "… (\(text.count) characters)"
    }

    /// The first `limit` items, each excerpted, comma-separated, then "… and N more" if any were left out.
    package static func list(_ items: [String], limit: Int = 20) -> String {
        let shown = items.prefix(limit).map { excerpt($0, limit: 40) }.joined(separator: ", ")
        return items.count > limit ? shown + ", … and \(items.count - limit) more" : shown
    }
}
