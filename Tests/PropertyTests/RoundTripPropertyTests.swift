import Foundation
import PropertyBased
import Regress
import Testing

@Suite struct RoundTripPropertyTests {
    @Test func csvWrittenAndReadBackIsIdentical() async throws {
        let values = Gen.double(in: -1e12...1e12).array(of: 1...40)
        let levels = Gen.oneOf(Gen.always("Metall"), Gen.always("wood, paper"), Gen.always("say \"hi\""), Gen.always("Ölmühle"))
        await propertyCheck(count: 100, input: values, levels.array(of: 1...40)) { numbers, labels in
            let rows = min(numbers.count, labels.count)
            guard let table = try? DataTable(columns: [
                Column(name: "x", numeric: Array(numbers.prefix(rows))),
                Column(name: "tiny", numeric: numbers.prefix(rows).map { $0 * 1e-300 }),
                Column(name: "label", strings: Array(labels.prefix(rows))),
            ]) else {
                Issue.record("could not build the table"); return
            }
            let text = CSVWriter.string(table)
            let back = try? CSVReader.read(text: text)
            #expect(back == table)
        }
    }

    @Test func bootstrapReplicatesAreIdenticalAcrossThreadCounts() async throws {
        await propertyCheck(count: 20, input: Gen.int(in: 0...1_000_000), Gen.int(in: 20...200)) { seed, rows in
            var stream = RandomStream(seed: UInt64(seed), index: 0)
            let x = (0..<rows).map { _ in Double(stream.next() >> 11) / Double(1 << 53) }
            let strata = (0..<rows).map { $0 % 3 }
            func run(threads: Int) throws -> BootstrapResult {
                try Bootstrap.run(rowCount: rows, plan: .stratified(strata: strata),
                                  options: BootstrapOptions(replicates: 199, seed: UInt64(seed), threads: threads, jackknife: false)) { weights in
                    let total = zip(weights, x).reduce(0) { $0 + $1.0 * $1.1 }
                    return StatisticValue(values: [total / weights.reduce(0, +)])
                }
            }
            // Exact by construction: replicate b draws from its own stream (seed, b) and is stored by
            // index, and each statistic is computed whole by one worker in plain Swift arithmetic, so the
            // same operations run in the same order whichever thread runs them.
            let one = try? run(threads: 1), two = try? run(threads: 2)
            #expect(one != nil && one?.replicates == two?.replicates)
        }
    }
}
