// Regress benchmarks. Usage: swift run -c release regress-benchmarks [linalg] [--n N] [--p P] [--runs R]
// Prints one line per operation: name, median seconds over R runs, the minimum and the maximum. When
// REGRESS_BENCH_RESULTS names a file, tagged medians are also appended to it as
// "workload<TAB>task<TAB>Regress<TAB>seconds" (workload from REGRESS_BENCH_WORKLOAD), which
// `bash Benchmarks/run.sh all` collects with the peers' lines into one table.
// Peers run from Benchmarks/run.sh in the same session.
import Foundation
import Regress
import ReshoringStudy

struct Options {
    var suite = "linalg"
    var n = 1_000_000
    var p = 21
    var runs = 5
    var file: String?
}

func parseOptions() -> Options {
    var options = Options()
    var arguments = CommandLine.arguments.dropFirst()
    while let argument = arguments.popFirst() {
        switch argument {
        case "--n": options.n = arguments.popFirst().flatMap { Int($0) } ?? options.n
        case "--p": options.p = arguments.popFirst().flatMap { Int($0) } ?? options.p
        case "--runs": options.runs = arguments.popFirst().flatMap { Int($0) } ?? options.runs
        case "--file": options.file = arguments.popFirst()
        default: options.suite = argument
        }
    }
    return options
}

/// Deterministic design: intercept plus uniform(−1, 1) columns from a 64-bit LCG.
func makeDesign(n: Int, p: Int) -> Matrix {
    var state: UInt64 = 20_151_282
    var values = [Double](repeating: 1, count: n * p)
    for index in n..<(n * p) {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        values[index] = Double(state >> 11) / Double(1 << 52) - 1
    }
    return Matrix(rows: n, columns: p, columnMajor: values)
}

/// The design of `makeDesign` and a 0/1 response drawn from a logit model with fixed coefficients.
func makeLogitData(n: Int, p: Int) -> (Matrix, [Double]) {
    let design = makeDesign(n: n, p: p)
    let beta = (0..<p).map { 0.3 * sin(Double($0 + 1)) }
    var state: UInt64 = 7
    let response = (design * beta).map { eta -> Double in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) < 1 / (1 + exp(-eta)) ? 1 : 0
    }
    return (design, response)
}

/// Appends one tagged median to the results file named by REGRESS_BENCH_RESULTS (if any).
func record(task: String, seconds: Double) {
    let environment = ProcessInfo.processInfo.environment
    guard let path = environment["REGRESS_BENCH_RESULTS"],
          let handle = FileHandle(forWritingAtPath: path) else { return }
    defer { try? handle.close() }
    let workload = environment["REGRESS_BENCH_WORKLOAD"] ?? options.suite
    _ = try? handle.seekToEnd()
    try? handle.write(contentsOf: Data("\(workload)\t\(task)\tRegress\t\(seconds)\n".utf8))
}

/// Times `body` `runs` times, prints the median, minimum and maximum, and records the median under `task`.
@discardableResult
func time(_ label: String, runs: Int, task: String? = nil, _ body: () throws -> Void) rethrows -> Double {
    try timeRange(label, runs: runs, task: task, body).median
}

/// `time`, returning the minimum too (the floor suite rates the hardware by its best run).
@discardableResult
func timeRange(_ label: String, runs: Int, task: String? = nil, _ body: () throws -> Void) rethrows -> (median: Double, minimum: Double) {
    var seconds = [Double]()
    for _ in 0..<runs {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    // Each run's time too, for `Benchmarks/targets.sh`, which pools the runs of alternating turns.
    if ProcessInfo.processInfo.environment["REGRESS_BENCH_EVERY_RUN"] != nil {
        print("\(label) runs: " + seconds.map { String(format: "%.4f", $0) }.joined(separator: " "))
    }
    seconds.sort()
    let median = seconds[seconds.count / 2]
    // Min, median and max of every row (issue 35, item 3: a tight tail, not only a good median).
    print(String(format: "%-28@ median %.4f s   min %.4f s   max %.4f s", label as NSString, median, seconds[0], seconds[seconds.count - 1]))
    if let task { record(task: task, seconds: median) }
    return (median, seconds[0])
}

/// Writes `rows × columns` standard-normal-like numbers with 9 decimals (about 12.6 bytes per
/// field, 265 MB for 1,000,000 × 21), deterministic from a fixed LCG seed. With `binaryOutcome`,
/// the first column is instead `y`, a 0/1 draw from a logit in the other columns (the end-to-end
/// workload's input).
func writeBenchmarkCSV(path: String, rows: Int, columns: Int, binaryOutcome: Bool = false) throws {
    var state: UInt64 = 42
    func uniform() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return (Double(state >> 11) + 0.5) / Double(1 << 53)
    }
    guard let stream = OutputStream(toFileAtPath: path, append: false) else { return }
    stream.open()
    defer { stream.close() }
    let header = (0..<columns).map { binaryOutcome ? ($0 == 0 ? "y" : "x\($0)") : "x\($0 + 1)" }
    var line = [UInt8](header.joined(separator: ",").utf8) + [0x0A]
    var buffer = [UInt8]()
    buffer.reserveCapacity(1 << 20)
    buffer.append(contentsOf: line)
    var row = [Double](repeating: 0, count: columns)
    for _ in 0..<rows {
        line.removeAll(keepingCapacity: true)
        // Box–Muller normals, printed with 9 decimals.
        for column in 0..<columns {
            row[column] = (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
        }
        if binaryOutcome {
            var eta = -1.0
            for column in 1..<columns { eta += 0.15 * sin(Double(column)) * row[column] }
            row[0] = uniform() < 1 / (1 + exp(-eta)) ? 1 : 0
        }
        for column in 0..<columns {
            let z = row[column]
            let scaled = Int64((abs(z) * 1e9).rounded())
            if z < 0 && scaled != 0 { line.append(0x2D) }
            line.append(contentsOf: String(scaled / 1_000_000_000).utf8)
            line.append(0x2E)
            let fraction = String(scaled % 1_000_000_000)
            line.append(contentsOf: [UInt8](repeating: 0x30, count: 9 - fraction.utf8.count))
            line.append(contentsOf: fraction.utf8)
            line.append(column == columns - 1 ? 0x0A : 0x2C)
        }
        buffer.append(contentsOf: line)
        if buffer.count > (1 << 20) - 512 {
            _ = stream.write(buffer, maxLength: buffer.count)
            buffer.removeAll(keepingCapacity: true)
        }
    }
    _ = stream.write(buffer, maxLength: buffer.count)
}

/// VmHWM from /proc/self/status, in MB (0 where unavailable).
func peakResidentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kilobytes / 1024
}

let options = parseOptions()
BLASThreads.sleepWhenIdle()   // as `reshore` does: OpenBLAS's idle pool threads would spin beside the parallel work
switch options.suite {
case "linalg":
    let design = makeDesign(n: options.n, p: options.p)
    let weights = (0..<options.n).map { 0.05 + 0.2 * Double($0 % 5) }
    let beta = (0..<options.p).map { 0.1 * Double($0 % 7) - 0.3 }
    var response = design * beta
    for i in 0..<response.count { response[i] += Double(i % 11) * 0.01 }
    print("regress-benchmarks linalg: n = \(options.n), p = \(options.p), runs = \(options.runs), BLAS threads = \(BLASThreads.current)")
    time("XtWX (weightedCrossProduct)", runs: options.runs) { _ = design.weightedCrossProduct(weights: weights) }
    try time("QR factor + solve", runs: options.runs) { _ = try design.qr().solveLeastSquares(response) }
    try time("pivotedQR (rank)", runs: options.runs) { _ = try design.pivotedQR() }
    try time("leastSquares (refined)", runs: options.runs) { _ = try design.leastSquares(response) }
    try time("OLS.fit (full inference)", runs: options.runs) {
        _ = try OLS.fit(design: design, response: response, termNames: (0..<options.p).map { "x\($0)" })
    }
case "csv":
    let path = options.file ?? "/tmp/regress-bench-\(options.n)x\(options.p).csv"
    if !FileManager.default.fileExists(atPath: path) { try writeBenchmarkCSV(path: path, rows: options.n, columns: options.p) }
    let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    print("regress-benchmarks csv: \(path), \(size / 1_000_000) MB, \(options.n) × \(options.p), runs = \(options.runs)")
    try time("CSVReader.read", runs: options.runs, task: "read CSV") {
        let table = try CSVReader.read(contentsOf: URL(fileURLWithPath: path))
        precondition(table.rowCount == options.n && table.columns.count == options.p)
    }
case "e2e-phases":
    // Where the end-to-end run's time goes, phase by phase, in one process (issue 35): the CSV read,
    // the fit (model frame, design, IRLS, covariance), fit quality, and the text report.
    let path = options.file ?? "/tmp/regress-e2e-1000000x21.csv"
    let formula = "y ~ " + (1...20).map { "x\($0)" }.joined(separator: " + ")
    for run in 0..<options.runs {
        let start = DispatchTime.now().uptimeNanoseconds
        // Wall seconds since `since`, and the process's CPU seconds (user + system) since the last lap.
        var cpuMark = 0.0
        func cpuSeconds() -> Double {
            var usage = rusage()
            getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
            return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        }
        cpuMark = cpuSeconds()
        func lap(_ since: UInt64) -> String {
            let cpu = cpuSeconds()
            defer { cpuMark = cpu }
            return String(format: "%.3f (cpu %.3f)", Double(DispatchTime.now().uptimeNanoseconds - since) / 1e9, cpu - cpuMark)
        }
        var mark = start
        let table = try CSVReader.read(contentsOf: URL(fileURLWithPath: path))
        let read = lap(mark); mark = DispatchTime.now().uptimeNanoseconds
        let model = try BinaryRegression.fit(formula, data: table, model: .logit)
        let fit = lap(mark); mark = DispatchTime.now().uptimeNanoseconds
        // The fit's two halves, again: the model frame with its design, then the engine alone.
        let frame = try ModelFrame(formula: formula, data: table, response: .binary(eventLevel: nil))
        let framing = lap(mark); mark = DispatchTime.now().uptimeNanoseconds
        _ = try GLM.fit(design: frame.designMatrix, response: frame.response, termNames: frame.columnNames,
                        options: GLMOptions(link: .logit, information: .observed))
        let engine = lap(mark); mark = DispatchTime.now().uptimeNanoseconds
        let quality = model.fitQuality
        let qualityTime = lap(mark); mark = DispatchTime.now().uptimeNanoseconds
        let text = FitReport(model: model).rendered(.text)
        let render = lap(mark)
        print("run \(run): read \(read) s, fit \(fit) s [again: frame and design \(framing) s, GLM.fit \(engine) s], fit quality \(qualityTime) s, report \(render) s (\(text.count + Int(quality.auc)) chars); total \(String(format: "%.3f", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)) s")
    }
case "fitquality":
    // Fit quality (AUC with DeLong's interval, Hosmer–Lemeshow, Brier, classification) on n fitted
    // probabilities: the serial tail of `reshore fit` (issue 35).
    var state: UInt64 = 7
    let fitted = (0..<options.n).map { _ -> Double in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return 1 / (1 + exp(-(Double(state >> 11) / Double(1 << 53) * 6 - 3)))
    }
    let response = fitted.map { p -> Double in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) < p ? 1 : 0
    }
    print("regress-benchmarks fitquality: n = \(options.n), runs = \(options.runs)")
    time("FitQualityMeasures.compute", runs: options.runs, task: "fit quality") {
        precondition(FitQualityMeasures.compute(response: response, fitted: fitted).auc > 0.5)
    }
case "dta":
    // Issue 32: a 10⁶ × 21 Stata file (written by pandas to_stata from the csv suite's file).
    let path = options.file ?? "/tmp/regress-bench-\(options.n)x\(options.p).dta"
    let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    print("regress-benchmarks dta: \(path), \(size / 1_000_000) MB, runs = \(options.runs)")
    try time("StatisticalFileReader.read", runs: options.runs, task: "read .dta") {
        let table = try StatisticalFileReader.read(contentsOf: URL(fileURLWithPath: path))
        precondition(table.rowCount == options.n && table.columns.count == options.p)
    }
case "glm":
    // Dense logit and probit with standard errors, data in memory (GLM issue target: ≤ 0.25 s for the
    // logit at n = 1,000,000, p = 21).
    let (design, response) = makeLogitData(n: options.n, p: options.p)
    let names = (0..<options.p).map { $0 == 0 ? "Intercept" : "x\($0)" }
    // The same inputs for the peers: n, p as float64, then X column-major, then y.
    let exportPath = "/tmp/regress-glm-\(options.n)x\(options.p).bin"
    if !FileManager.default.fileExists(atPath: exportPath) {
        var values = [Double(options.n), Double(options.p)] + design.storage + response
        let data = values.withUnsafeMutableBytes { Data($0) }
        try data.write(to: URL(fileURLWithPath: exportPath))
    }
    print("regress-benchmarks glm: n = \(options.n), p = \(options.p), runs = \(options.runs), BLAS threads = \(BLASThreads.current)")
    var iterations = 0
    try time("logit fit + SEs", runs: options.runs, task: "logit fit + SEs") {
        let fit = try GLM.fit(design: design, response: response, termNames: names, options: GLMOptions(checkSeparation: false))
        iterations = fit.iterations
    }
    print("   (IRLS iterations: \(iterations))")
    if options.file == "logit-only" { break }
    try time("probit fit + SEs (observed)", runs: options.runs, task: "probit fit + SEs") {
        _ = try GLM.fit(design: design, response: response, termNames: names, options: GLMOptions(link: .probit, checkSeparation: false))
    }
case "margins":
    // AME with delta-method SEs for all 20 variables, n = 1,000,000, p = 21 (post-estimation issue:
    // memory O(n + p²) per term, no n × p Jacobian). Run under /usr/bin/time for peak memory.
    let (design, response) = makeLogitData(n: options.n, p: options.p)
    var columns = [Column(name: "y", numeric: response)]
    for j in 1..<options.p { columns.append(Column(name: "x\(j)", numeric: design.column(j))) }
    let table = try DataTable(columns: columns)
    let formula = "y ~ " + (1..<options.p).map { "x\($0)" }.joined(separator: " + ")
    let frame = try ModelFrame(formula: formula, data: table, response: .binary(eventLevel: nil))
    let fit = try GLM.fit(design: frame.design, response: frame.response, termNames: frame.columnNames,
                          options: GLMOptions(checkSeparation: false))
    print("regress-benchmarks margins: n = \(options.n), p = \(options.p), runs = \(options.runs)")
    let before = peakResidentMegabytes()
    try time("AME + SEs, 20 variables", runs: options.runs, task: "AME + delta SEs") {
        _ = try MarginalEffects.compute(fit: fit, frame: frame)
    }
    let after = peakResidentMegabytes()
    print(String(format: "   peak RSS before the AMEs %.0f MB, after %.0f MB: the AMEs added %.0f MB (the design is %.0f MB)",
                 before, after, after - before, Double(options.n * options.p * 8) / 1e6))
case "bootstrap":
    // B = 2,000 probit replicates, n = 1,282, p = 15 (bootstrap issue target: ≤ 0.3 s on 2 cores).
    let n = 1282, p = 15, replicates = 2000
    let design = makeDesign(n: n, p: p)
    let beta = (0..<p).map { $0 == 0 ? -1.5 : 0.2 * sin(Double($0)) }
    var state: UInt64 = 11
    let response = (design * beta).map { eta -> Double in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) < Normal.cdf(eta) ? 1 : 0
    }
    let names = (0..<p).map { "x\($0)" }
    let exportPath = "/tmp/regress-bootstrap-\(n)x\(p).bin"
    if !FileManager.default.fileExists(atPath: exportPath) {
        var values = [Double(n), Double(p)] + design.storage + response
        try values.withUnsafeMutableBytes { Data($0) }.write(to: URL(fileURLWithPath: exportPath))
    }
    // The path `reshore fit --bootstrap` and the library run: a fitted model's `bootstrap`, on a
    // table with the same design (x1 … x14) and outcome.
    var table = DataTable()
    try table.addColumn(Column(name: "y", numeric: response))
    for j in 1..<p { try table.addColumn(Column(name: "x\(j)", numeric: (0..<n).map { design[$0, j] })) }
    let model = try BinaryRegression.fit("y ~ " + (1..<p).map { "x\($0)" }.joined(separator: " + "), data: table, model: .probit)
    print("regress-benchmarks bootstrap: probit, n = \(n), p = \(p), B = \(replicates), events = \(Int(model.fit.events))")
    // IRLS iterations per replicate (the first 200) of the one replicate refit the bootstrap runs
    // (`ReplicateRefit`): what the Newton iterations for the probit changed (Docs/performance.md).
    let refit = try model.replicateRefit()
    var iterationCounts = [Int: Int]()
    var stream = RandomStream(seed: 42, index: 0)
    for _ in 0..<200 {
        var weights = [Double](repeating: 0, count: n)
        for _ in 0..<n { weights[stream.index(below: n)] += 1 }
        iterationCounts[try refit(weights).iterations, default: 0] += 1
    }
    print("   IRLS iterations per replicate (200 replicates): "
          + iterationCounts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
    // 2 threads at B = 2000 is the workload; 1 thread and B = 500, 1000 give the thread speed-up and
    // the exponent of the cost in B.
    for (threads, count) in [(1, replicates), (2, 500), (2, 1000), (2, replicates)] {
        let task = threads == 2 && count == replicates ? "bootstrap B=2000" : "bootstrap B=\(count), \(threads) thread\(threads == 1 ? "" : "s")"
        try time("B = \(count) probit replicates, \(threads) thread\(threads == 1 ? "" : "s")", runs: options.runs, task: task) {
            _ = try model.bootstrap(replicates: count, plan: .outcomeStrata, intervals: [.percentile], seed: 42, threads: threads)
        }
    }
case "coverage":
    // Coverage study (bootstrap issue): M datasets of size n from a known logit, B replicates each,
    // coverage of the true slope by percentile, BCa and basic intervals (results in Docs/bootstrap.md).
    let datasets = options.runs, n = options.n, trueSlope = 1.0, replicates = 999
    var covered: [IntervalMethod: Int] = [:]
    var widths: [IntervalMethod: Double] = [:]
    let start = ContinuousClock.now
    for dataset in 0..<datasets {
        var stream = RandomStream(seed: 20_151_282, index: UInt64(dataset))
        let x = (0..<n).map { _ -> Double in
            let u1 = Double(stream.next() >> 11) / Double(1 << 53) + 1e-300, u2 = Double(stream.next() >> 11) / Double(1 << 53)
            return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
        let y = x.map { value -> Double in Double(stream.next() >> 11) / Double(1 << 53) < 1 / (1 + exp(2 - trueSlope * value)) ? 1 : 0 }
        // The library's path: a fitted model's bootstrap, whose replicates are `ReplicateRefit`.
        var data = DataTable()
        try data.addColumn(Column(name: "y", numeric: y))
        try data.addColumn(Column(name: "x", numeric: x))
        let model = try BinaryRegression.fit("y ~ x", data: data, model: .logit)
        let summary = try model.bootstrap(replicates: replicates, plan: .outcomeStrata, statistics: [.coefficient("x")],
                                          intervals: [.percentile, .bca, .basic], seed: UInt64(dataset), acceleration: .jackknife)
        for interval in summary.intervals {
            if interval.lower <= trueSlope && trueSlope <= interval.upper { covered[interval.method, default: 0] += 1 }
            widths[interval.method, default: 0] += interval.upper - interval.lower
        }
    }
    let elapsed = ContinuousClock.now - start
    print("coverage study: \(datasets) datasets, n = \(n), intercept −2 (≈ 15 % events), slope 1, B = \(replicates), outcome-stratified; \(elapsed)")
    for method in [IntervalMethod.percentile, .bca, .basic] {
        let rate = Double(covered[method] ?? 0) / Double(datasets)
        print(String(format: "   %-10@ coverage %.3f (MC SE %.3f), mean width %.3f", method.rawValue as NSString, rate,
                     (rate * (1 - rate) / Double(datasets)).squareRoot(), (widths[method] ?? 0) / Double(datasets)))
    }
case "firth-mc":
    // ML vs Firth's logit at n = 1,282 (~38 events) for the study model (study issue): bias and Wald
    // coverage of the I4.0 coefficient against its pseudo-true value, the fit on 2,000,000 firms.
    let formula = "backshored ~ i40_technologies + log(employees) + C(sector)"
    let population = try SurveySimulator.simulate(n: 2_000_000, seed: 424_242)
    let truthFit = try BinaryRegression.fit(formula, data: population, model: .logit)
    let truth = truthFit.coefficient("i40_technologies")?.estimate ?? .nan
    var estimates: [ModelKind: [Double]] = [:], covered: [ModelKind: Int] = [:], failures: [ModelKind: Int] = [:], separated = 0
    let surveys = options.runs
    for survey in 0..<surveys {
        let sample = try SurveySimulator.simulate(n: 1282, seed: UInt64(1_000_000 + survey))
        for model in [ModelKind.logit, .firth] {
            guard let report = try? BinaryRegression.fit(formula, data: sample, model: model),
                  let row = report.coefficient("i40_technologies"), let estimate = row.estimate else {
                failures[model, default: 0] += 1; continue
            }
            if model == .logit && report.fit.diagnostics.contains(where: { $0.kind == .separation }) { separated += 1 }
            estimates[model, default: []].append(estimate)
            if (row.ciLower ?? .nan) <= truth && truth <= (row.ciUpper ?? .nan) { covered[model, default: 0] += 1 }
        }
    }
    print(String(format: "ML vs Firth: %d surveys of n = 1,282; pseudo-true I4.0 coefficient %.4f (logit on 2,000,000 firms); ML separated in %d surveys", surveys, truth, separated))
    for model in [ModelKind.logit, .firth] {
        let values = estimates[model] ?? []
        let mean = values.reduce(0, +) / Double(values.count)
        let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
        let sorted = values.sorted()
        print(String(format: "   %-6@ mean %.4f  bias %+.4f (%+.1f %%)  median %.4f  SD %.4f  RMSE %.4f  95%% Wald coverage %.3f  failures %d",
                     model.rawValue as NSString, mean, mean - truth, 100 * (mean - truth) / truth, sorted[sorted.count / 2], sd,
                     (sd * sd + (mean - truth) * (mean - truth)).squareRoot(), Double(covered[model] ?? 0) / Double(values.count), failures[model] ?? 0))
    }
case "study-mc":
    // The study over simulated samples (issue 15): events, the headline I4.0 coefficient, how often
    // the conclusion says significant, and the coverage of the reported intervals for the
    // simulator's truth: the level rates (parameters), and the pseudo-true I4.0 coefficient and
    // AME of the headline model (ML logit on 2,000,000 simulated firms; Firth's penalty is
    // negligible there). Each sample: simulate(n: 1282, seed: 1,000,000 + k), the full study with
    // B = 499 bootstrap replicates and 999 permutations.
    let parameters = SimulationParameters()
    let population = try ReshoringStudyAnalysis.withSectorGroups(SurveySimulator.simulate(n: 2_000_000, seed: 424_242))
    let truthModel = try BinaryRegression.fit(StudyResults.formula, data: population, model: .logit)
    let truth = truthModel.coefficient(StudyResults.term)?.estimate ?? .nan
    let truthAME = try truthModel.marginalEffects(.ame, variables: [StudyResults.term]).first?.estimate ?? .nan
    var events = [Double](), coefficients = [Double](), significant = 0, permutationSignificant = 0, failed = 0
    var profileCovered = 0, waldCovered = 0, bcaCovered = 0, bcaCount = 0, rateCovered = [Int](repeating: 0, count: 4), rateCount = [Int](repeating: 0, count: 4)
    var reproduced = [String: Int]()
    for k in 0..<options.runs {
        let sample = try SurveySimulator.simulate(n: 1282, seed: UInt64(1_000_000 + k))
        let results: StudyResults
        do {
            results = try ReshoringStudyAnalysis.run(data: sample, replicates: 499, seed: UInt64(k), permutations: 999)
        } catch {
            FileHandle.standardError.write(Data("sample \(k): \(error)\n".utf8))
            failed += 1
            continue
        }
        guard let row = results.headline.fit.coefficient(StudyResults.term), let estimate = row.estimate,
              let test = results.headline.tests.first?.likelihoodRatio else { failed += 1; continue }
        events.append(results.headline.fit.events)
        coefficients.append(estimate)
        if test.pValue < 0.05 { significant += 1 }
        if results.permutation.pValue < 0.05 { permutationSignificant += 1 }
        if results.profileInterval.lower <= truth && truth <= results.profileInterval.upper { profileCovered += 1 }
        if (row.ciLower ?? .nan) <= truth && truth <= (row.ciUpper ?? .nan) { waldCovered += 1 }
        if let bca = results.headline.bootstrap?.interval(.averageMarginalEffect(StudyResults.term), .bca) {
            bcaCount += 1
            if bca.lower <= truthAME && truthAME <= bca.upper { bcaCovered += 1 }
        }
        for (level, rate) in results.rates.enumerated() where level < 4 {
            rateCount[level] += 1
            if rate.interval.lower <= parameters.backshoringRate[level] && parameters.backshoringRate[level] <= rate.interval.upper { rateCovered[level] += 1 }
        }
        for claim in results.claims { reproduced[claim.claim, default: 0] += claim.verdict == .reproduced ? 1 : 0 }
        if (k + 1) % 20 == 0 { FileHandle.standardError.write(Data("\(k + 1) samples\n".utf8)) }
    }
    func summary(_ values: [Double]) -> String {
        guard !values.isEmpty else { return "none" }
        let sorted = values.sorted(), mean = values.reduce(0, +) / Double(max(1, values.count))
        let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(1, values.count - 1))).squareRoot()
        return String(format: "mean %.3f, SD %.3f, 2.5/50/97.5 %% %.3f / %.3f / %.3f", mean, sd, sorted[Int(0.025 * Double(sorted.count))],
                      sorted[sorted.count / 2], sorted[min(sorted.count - 1, Int(0.975 * Double(sorted.count)))])
    }
    let runs = Double(coefficients.count)
    print(String(format: "Study Monte Carlo: %d samples of n = 1,282 (simulate, seeds 1,000,000 + k), %d failed", coefficients.count, failed))
    print(String(format: "pseudo-true I4.0 coefficient %.4f, AME %.5f (ML logit of the headline model on 2,000,000 firms)", truth, truthAME))
    print("events: " + summary(events))
    print("I4.0 coefficient (Firth): " + summary(coefficients))
    print(String(format: "conclusion says significant (penalized LR p < 0.05): %.3f; within-sector permutation p < 0.05: %.3f",
                 Double(significant) / runs, Double(permutationSignificant) / runs))
    print(String(format: "coverage of the 95 %% intervals: profile %.3f, Wald %.3f (coefficient); BCa %.3f (AME, %d samples)",
                 Double(profileCovered) / runs, Double(waldCovered) / runs, Double(bcaCovered) / Double(max(1, bcaCount)), bcaCount))
    print("coverage of the Wilson intervals of the level rates (0.8/2/3.5/8 %): "
          + (0..<4).map { String(format: "%.3f", Double(rateCovered[$0]) / Double(max(1, rateCount[$0]))) }.joined(separator: " / "))
    print("claims reproduced (share of samples):")
    for (claim, count) in reproduced.sorted(by: { $0.key < $1.key }) { print(String(format: "  %.3f  %@", Double(count) / runs, claim as NSString)) }
case "separation":
    // The separation check against the fit (issue 16: the LP over all rows was > 150 s on
    // 20,000 × 200): the ML fit with its default check (the fit's own certificate, no LP on
    // overlapping data), the fit without any check, the LP on the fit's candidate rows, and on
    // separated data the ML fit and Firth's (whose check runs an ML fit and the LP).
    for (n, p) in [(20_000, 200), (3_000, 500)] {
        var (design, response) = makeLogitData(n: n, p: p)
        let names = (0..<p).map { "x\($0)" }
        try time("fit n=\(n) p=\(p), default", runs: options.runs, task: "logit fit n=\(n) p=\(p)") {
            _ = try GLM.fit(design: design, response: response, termNames: names, options: GLMOptions())
        }
        try time("fit, no check", runs: options.runs) {
            _ = try GLM.fit(design: design, response: response, termNames: names, options: GLMOptions(checkSeparation: false))
        }
        // The LP as it runs on a symptom: on the rows the fit puts within 1e−3 of their outcome.
        let eta = try GLM.fit(design: design, response: response, termNames: names, options: GLMOptions(checkSeparation: false)).linearPredictor
        time("LP on the fit's candidates", runs: options.runs, task: "separation LP n=\(n) p=\(p)") {
            precondition(Separation.check(design: design, response: response, linearPredictor: eta, link: .logit).directions.isEmpty)
        }
        // Quasi-complete separation in the last column: its sign decides the outcome of half the rows.
        for i in 0..<n where i % 2 == 0 { design[i, p - 1] = response[i] > 0.5 ? 1 : -1 }
        for i in 0..<n where i % 2 == 1 { design[i, p - 1] = 0 }
        try time("fit, separated, default", runs: 1, task: "separated logit fit n=\(n) p=\(p)") {
            let fit = try GLM.fit(design: design, response: response, termNames: names, options: GLMOptions())
            print("   diagnostics:", fit.diagnostics.map(\.kind.rawValue).joined(separator: ", "))
        }
        try time("Firth fit, separated", runs: 1, task: "Firth fit n=\(n) p=\(p)") {
            _ = try GLM.fit(design: design, response: response, termNames: names, options: GLMOptions(penalty: .jeffreys))
        }
    }
case "observations":
    // Issue 33: per-observation output (residuals, hat values, Cook's distance, dfbeta for all 21
    // coefficients) of the 10⁶ × 21 logit, against the fit itself (target: within 3×).
    let path = options.file ?? "/tmp/regress-e2e-\(options.n)x\(options.p).csv"
    if !FileManager.default.fileExists(atPath: path) {
        try writeBenchmarkCSV(path: path, rows: options.n, columns: options.p, binaryOutcome: true)
    }
    let data = try CSVReader.read(contentsOf: URL(fileURLWithPath: path))
    let formula = "y ~ " + (1..<options.p).map { "x\($0)" }.joined(separator: " + ")
    var model: BinaryRegressionModel?
    let fitTime = try time("BinaryRegression.fit (logit)", runs: options.runs, task: "logit fit (façade)") {
        model = try BinaryRegression.fit(formula, data: data)
    }
    guard let model else { break }
    let observationTime = try time("model.observations() (with dfbeta)", runs: options.runs, task: "observations") {
        let table = try model.observations()
        precondition(table.rowCount == options.n)
    }
    print(String(format: "   observations / fit = %.2f", observationTime / fitTime))
case "e2e-data":
    // The end-to-end workload's input: y (0/1) and x1…x20, 1,000,000 rows (`run.sh all` then times
    // `reshore fit` on it against pandas read_csv + statsmodels Logit).
    let path = options.file ?? "/tmp/regress-e2e-\(options.n)x\(options.p).csv"
    if !FileManager.default.fileExists(atPath: path) {
        try writeBenchmarkCSV(path: path, rows: options.n, columns: options.p, binaryOutcome: true)
    }
    print(path)
case "floor":
    // The physical floor of a logit fit (performance issue): per IRLS iteration the fused sweep reads
    // X once (8np bytes) and does about np(p+1) + 4np flops (the symmetric rank-k update of XᵀWX plus
    // Xβ and the kernel). Measured here: streaming bandwidth (dgemv, memory bound at 2 flops per
    // 8 bytes), the dsyrk rate on an in-cache block, then the fit, for the distance from the floor.
    let n = options.n, p = options.p
    let design = makeDesign(n: n, p: p)
    let beta = [Double](repeating: 0.01, count: p)
    let bytes = Double(8 * n * p)
    // The hardware rates come from the fastest run (a floor is a best case; one noisy run of the
    // 2026-11-25 suite halved the median dsyrk rate), the fit's time is its median.
    let gemv = timeRange("X * beta (dgemv), streaming", runs: options.runs) { _ = design * beta }.minimum
    let bandwidth = bytes / gemv
    // The sweep's own setting: one single-threaded dsyrk per core on an in-cache 2,048-row block.
    let block = makeDesign(n: 2048, p: p)
    let syrkRuns = 200, cores = ProcessInfo.processInfo.activeProcessorCount
    let syrk = BLASThreads.withSingleThreadedBLAS {
        timeRange("XtX, 2048 × \(p) block ×\(syrkRuns) on each of \(cores) cores", runs: options.runs) {
            DispatchQueue.concurrentPerform(iterations: cores) { _ in
                for _ in 0..<syrkRuns { _ = block.weightedCrossProduct() }
            }
        }.minimum
    }
    let flopRate = Double(cores * syrkRuns) * Double(2048 * p * (p + 1)) / syrk
    let (logitDesign, response) = makeLogitData(n: n, p: p)
    var iterations = 0
    let fit = try time("logit fit + SEs", runs: options.runs, task: "logit fit + SEs") {
        iterations = try GLM.fit(design: logitDesign, response: response, termNames: (0..<p).map { "x\($0)" },
                                 options: GLMOptions(checkSeparation: false)).iterations
    }
    let flops = Double(n * p * (p + 1) + 4 * n * p)
    let perIteration = max(bytes / bandwidth, flops / flopRate)
    // Passes over X: one per IRLS iteration plus the final information/score evaluation.
    let passes = Double(iterations + 1)
    print(String(format: "   streaming bandwidth %.1f GB/s; XtX block rate %.1f GFLOP/s (symmetric flops)", bandwidth / 1e9, flopRate / 1e9))
    print(String(format: "   per pass over X: %.0f MB (%.3f s at that bandwidth), %.2f GFLOP (%.3f s at that rate); floor %.3f s",
                 bytes / 1e6, bytes / bandwidth, flops / 1e9, flops / flopRate, perIteration))
    print(String(format: "   fit: %d IRLS iterations + 1 final pass = %.0f passes; floor %.3f s; measured %.3f s = %.2f× the floor",
                 iterations, passes, passes * perIteration, fit, fit / (passes * perIteration)))
    record(task: "floor (\(Int(passes)) passes)", seconds: passes * perIteration)
case "crossproduct":
    runCrossProductSuite(runs: options.runs)
case "sweep":
    // Cost of one fused IRLS sweep (diagnostic for the GLM target).
    let design = makeDesign(n: options.n, p: options.p)
    let beta = [Double](repeating: 0.01, count: options.p)
    for threads in [1, 2] {
        BLASThreads.set(threads)
        time("sweep, trivial kernel, BLAS \(threads)", runs: options.runs) {
            _ = design.weightedNormalEquations(coefficients: beta) { block in
                for k in 0..<block.rows.count { block.weights[k] = 0.25; block.responses[k] = block.linearPredictor[k] }
                return 0
            }
        }
        time("sweep, logit kernel, BLAS \(threads)", runs: options.runs) {
            _ = design.weightedNormalEquations(coefficients: beta) { block in
                var total = 0.0
                for k in 0..<block.rows.count {
                    let e = exp(-abs(block.linearPredictor[k]))
                    let mu = 1 / (1 + e)
                    block.weights[k] = mu * (1 - mu)
                    block.responses[k] = block.linearPredictor[k] + 0.5
                    total += log1p(e)
                }
                return total
            }
        }
    }
    time("XtWX alone", runs: options.runs) { _ = design.weightedCrossProduct(weights: [Double](repeating: 0.25, count: options.n)) }
    time("X * beta (dgemv)", runs: options.runs) { _ = design * beta }
default:
    print("unknown suite '\(options.suite)'; available: linalg, csv, glm, margins, bootstrap, separation, study-mc, e2e-data, floor, coverage, firth-mc, sweep, crossproduct")
    exit(2)
}
