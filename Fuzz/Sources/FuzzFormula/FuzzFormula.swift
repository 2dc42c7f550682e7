// libFuzzer harness: arbitrary text into the formula parser. Oracles beyond "no crash": a
// formula that parses has named terms, and its response, if any, is a non-empty name.
import FuzzSupport
import Regress

func fuzzFormula(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let formula = try? Formula(text) else { return 0 }
    for term in formula.terms {
        check(!term.name.isEmpty, "a parsed term has no name in \(text.debugDescription)")
        for factor in term.factors { check(!factor.columns.isEmpty || factor.name.isEmpty == false) }
    }
    if let response = formula.response { check(!response.isEmpty, "empty response name in \(text.debugDescription)") }
    check(Set(formula.terms).count == formula.terms.count, "duplicate terms after parsing \(text.debugDescription)")
    return 0
}
