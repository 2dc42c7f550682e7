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

/// Text safe to print on a terminal: every control character except the line feed and the tab
/// (BEL, ESC and the rest of C0, DEL, C1) written as a visible `\u{1B}` escape, so a level name
/// or a file name cannot ring the bell, move the cursor or recolour the terminal (issue 29,
/// item 19). Every text and Markdown report and every CLI message passes through it.
public enum TerminalText {
    /// `text` with its control characters made visible.
    public static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// C0 except line feed and tab, DEL, C1.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
    }
}
