import Foundation
import Testing
@testable import Tables

/// `String.trimmingWhitespace` (issue 35: type inference without a bridged call per field) equals
/// Foundation's `trimmingCharacters(in: .whitespaces)` on every kind of end.
struct TextTrimmingTests {
    @Test(arguments: ["", " ", "\t", "a", " a", "a ", "\ta\t", "1.5", " NA ", "\u{00A0}x", "x\u{2003}", "\u{3000}",
                      "é", " é ", "a b", "\n a \n", "\u{200B}z", "\r", "x\u{FEFF}"])
    func equalsFoundation(text: String) {
        #expect(text.trimmingWhitespace == text.trimmingCharacters(in: .whitespaces))
    }
}
