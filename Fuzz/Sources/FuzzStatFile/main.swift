// libFuzzer harness: arbitrary bytes as a Stata, SPSS or SAS file (issue 32). The first byte
// chooses the format; the rest is the file. Stata 14+ data go through Regress's own decoder
// (`StataFastPath`), everything else through ReadStat. Oracle beyond "no crash and no trap": a
// table that reads has consistent shape.
import FuzzSupport
import Regress

func fuzzStatFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let formats: [StatisticalFileFormat] = [.dta, .dta, .sav, .por]
    let format = formats[Int(data[0] & 3)]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    guard let table = try? StatisticalFileReader.read(bytes: bytes, format: format) else { return 0 }
    for column in table.columns {
        check(column.count == table.rowCount, "column '\(column.name)' has \(column.count) rows, table \(table.rowCount)")
    }
    return 0
}

runFuzzer { data, size in
    guard let data else { return 0 }
    return fuzzStatFile(data, size)
}
