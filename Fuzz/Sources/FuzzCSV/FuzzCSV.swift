// libFuzzer harness: arbitrary bytes into `CSVReader`. The first byte chooses the options
// (delimiter, decimal comma, chunk size, inference rows) so chunk boundaries, sniffing and type
// inference are all exercised. Oracles beyond "no crash": a table that reads has consistent
// shape, and what `CSVWriter` writes from it reads back as the identical table.
import FuzzSupport
import Regress

func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let delimiters: [Character?] = [nil, ",", ";", "\t"]
    let options = CSVReadOptions(
        delimiter: delimiters[Int(selector & 3)],
        decimalComma: selector & 4 != 0,
        inferenceRows: selector & 8 != 0 ? 2 : 1000,
        chunkSize: selector & 16 != 0 ? 1 + Int(selector >> 5) : 1 << 22)
    guard let table = try? CSVReader.read(bytes: bytes, options: options) else { return 0 }
    checkShape(table, context: "read")
    let output = CSVWriter.string(table)
    // Declaring the types read the first time makes the round trip exact: without it, a
    // categorical column of number-like levels would be re-inferred as numeric.
    let types = Dictionary(uniqueKeysWithValues: table.columns.map { ($0.name, $0.type) })
    do {
        let again = try CSVReader.read(text: output, options: CSVReadOptions(delimiter: ",", columnTypes: types))
        checkShape(again, context: "re-read")
        check(again == table, "round trip changed the table:\n\(output.prefix(2000).debugDescription)")
    } catch {
        check(false, "what CSVWriter wrote does not read back: \(error)\n\(output.prefix(2000).debugDescription)")
    }
    return 0
}

func checkShape(_ table: DataTable, context: String) {
    for column in table.columns {
        check(column.count == table.rowCount, "\(context): column '\(column.name)' has \(column.count) rows, table \(table.rowCount)")
    }
}

