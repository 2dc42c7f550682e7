// libFuzzer harness: data plus formula into a design matrix. The input's first line is the
// formula; the rest is a CSV table. The first byte of the formula line chooses a binary or a
// numeric response. Oracles beyond "no crash": the design, response and row bookkeeping agree,
// every kept row index is a real row in increasing order, kept + dropped = all rows, and the design
// with its factors held as codes is the dense design.
import FuzzSupport
import Regress

func fuzzDesign(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let newline = bytes.firstIndex(of: 10), newline > 0 else { return 0 }
    let binary = bytes[0] & 1 == 1
    let formulaText = String(decoding: bytes[1..<newline], as: UTF8.self)
    guard let table = try? CSVReader.read(bytes: Array(bytes[(newline + 1)...])),
          let formula = try? Formula(formulaText) else { return 0 }
    let kind: ResponseKind = binary ? .binary(eventLevel: nil) : .numeric
    guard let frame = try? ModelFrame(formula: formula, data: table, response: kind) else { return 0 }
    let n = frame.response.count
    check(frame.design.rows == n, "design has \(frame.design.rows) rows, response \(n)")
    check(frame.design.columns == frame.columnNames.count, "design columns and names disagree")
    check(frame.rowIndices.count == n, "row indices and response disagree")
    check(zip(frame.rowIndices, frame.rowIndices.dropFirst()).allSatisfy { $0 < $1 }, "row indices not increasing")
    check(frame.rowIndices.allSatisfy { $0 >= 0 && $0 < table.rowCount }, "row index out of range")
    check(n + frame.droppedRowCount == table.rowCount, "kept \(n) + dropped \(frame.droppedRowCount) ≠ \(table.rowCount) rows")
    if let trials = frame.trials {
        // A grouped response cbind(s, f): proportions of positive whole trials.
        check(trials.count == n && trials.allSatisfy { $0 > 0 && $0.rounded() == $0 }, "trials not positive whole numbers")
        check(frame.response.allSatisfy { $0 >= 0 && $0 <= 1 }, "grouped response outside [0, 1]")
    } else if binary {
        check(frame.response.allSatisfy { $0 == 0 || $0 == 1 }, "binary response not 0/1")
    }
    for factor in frame.absorbed {
        check(factor.codes.count == n && factor.codes.allSatisfy { $0 >= 0 && Int($0) < factor.levels.count }, "absorbed codes out of range")
    }
    var covered = 0
    for term in frame.terms {
        check(term.columns.lowerBound == covered, "term columns not contiguous")
        covered = term.columns.upperBound
    }
    check(covered == frame.design.columns, "terms cover \(covered) of \(frame.design.columns) columns")
    // Every factor of more than two levels held as codes (several nest, widest first: issue 35)
    // is the dense design, entry for entry, and gives its products.
    if let coded = try? ModelFrame(formula: formula, data: table, response: kind, storage: .coded(minimumColumns: 2)),
       let dense = try? ModelFrame(formula: formula, data: table, response: kind, storage: .dense) {
        let x = dense.designMatrix.materialized()
        check(coded.designMatrix.materialized().storage.elementsEqual(x.storage) { $0 == $1 || ($0.isNaN && $1.isNaN) },
              "coded design (\(coded.designMatrix.codedFactorCount) factors) differs from the dense one")
        if x.isFinite && x.rows > 0 {
            let v = (0..<x.rows).map { Double($0 % 7) - 3 }
            let codedProduct = coded.designMatrix.transposeMultiplied(by: v), denseProduct = x.transposeMultiplied(by: v)
            check(zip(codedProduct, denseProduct).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }, "coded Xᵀv differs")
        }
        // A subset of the columns (as a fit keeps after aliasing: some of a block's levels go).
        let subset = (0..<x.columns).filter { $0 % 3 != 1 }
        check(coded.designMatrix.selectingColumns(subset).materialized().storage
                .elementsEqual(x.selectingColumns(subset).storage) { $0 == $1 || ($0.isNaN && $1.isNaN) },
              "a subset of the coded design's columns differs from the dense one's")
    }
    return 0
}
