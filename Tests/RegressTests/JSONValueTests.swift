import Foundation
import Testing
@testable import Regress

struct JSONValueTests {
    @Test func keepsKeyOrderAndEscapes() {
        let value = JSONValue.object([("b", .integer(1)), ("a", .string("x\"y\n")), ("n", .null), ("v", .number(.nan)),
                                      ("list", .array([.bool(true), .number(0.25)]))])
        #expect(value.rendered() == #"{"b":1,"a":"x\"y\n","n":null,"v":null,"list":[true,0.25]}"#)
    }

    @Test func roundTripsThroughFoundation() throws {
        let value = JSONValue.object([("x", .number(1.0 / 3)), ("s", .string("Übung\t€"))])
        let parsed = try JSONSerialization.jsonObject(with: Data(value.rendered(pretty: true).utf8)) as? [String: Any]
        #expect(parsed?["x"] as? Double == 1.0 / 3)
        #expect(parsed?["s"] as? String == "Übung\t€")
    }
}
