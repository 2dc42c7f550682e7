import Dispatch
import LinearAlgebra
import ParallelSupport

/// The value of a statistic on one (re)sample.
public struct StatisticValue: Sendable {
    /// The statistic's components (e.g. coefficients).
    public let values: [Double]
    /// Their standard errors on that sample (for studentized intervals), if available.
    public let standardErrors: [Double]?

    /// Creates a value.
    public init(values: [Double], standardErrors: [Double]? = nil) {
        self.values = values
        self.standardErrors = standardErrors
    }
}

/// Why a statistic could not be computed on a replicate (counted in the result by reason).
public enum ReplicateFailureReason: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The replicate's data are separated (the linear-programming check): its ML estimates are
    /// infinite.
    case separation
    /// The separation check ran out of its work budget: no verdict.
    case separationUndetermined
    /// The refit did not converge (and the data are not separated).
    case nonConvergence
    /// The refit failed numerically (no information at the warm start).
    case numericalFailure
    /// The replicate aliases a column the full sample estimates.
    case aliasing
    /// The statistic came out NaN or infinite.
    case nonFiniteStatistic
    /// Any other error the statistic threw, by its message.
    case error(String)

    /// E.g. `separation`, `non-convergence`.
    public var description: String {
        switch self {
        case .separation: return "separation"
        case .separationUndetermined: return "separation check undetermined"
        case .nonConvergence: return "non-convergence"
        case .numericalFailure: return "numerical failure"
        case .aliasing: return "aliasing"
        case .nonFiniteStatistic: return "non-finite statistic"
        case .error(let message): return message
        }
    }

    /// Ordered by description (a deterministic order for ties in reports).
    public static func < (lhs: ReplicateFailureReason, rhs: ReplicateFailureReason) -> Bool { lhs.description < rhs.description }
}

/// A replicate the statistic could not be computed on, with the reason (counted in the result).
public struct ReplicateFailure: Error, Sendable {
    /// Why.
    public let reason: ReplicateFailureReason
    /// Creates a failure.
    public init(_ reason: ReplicateFailureReason) { self.reason = reason }
}

/// Errors of a bootstrap run.
public enum BootstrapError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The statistic cannot be computed on the full sample itself.
    case fullSampleFailed(reason: ReplicateFailureReason)

    public var description: String {
        switch self {
        case .fullSampleFailed(let reason):
            return "the statistic cannot be computed on the full sample (\(reason)), so there is nothing to bootstrap; "
                + (reason == .separation ? "with separated data, bootstrap Firth's logit (model: .firth; --model firth in reshore)" : "fix the model first")
        }
    }
}

/// Cooperative cancellation of a running bootstrap.
public final class BootstrapCancellation: Sendable {
    private let flag = Locked(false)
    /// Creates a token.
    public init() {}
    /// Requests cancellation; replicates not yet started are skipped.
    public func cancel() { flag.withLock { $0 = true } }
    /// Whether cancellation was requested.
    public var isCancelled: Bool { flag.withLock { $0 } }
}

/// Settings of a bootstrap run.
public struct BootstrapOptions: Sendable {
    /// Number of replicates B.
    public var replicates: Int
    /// Seed: together with the replicate index, it determines every draw.
    public var seed: UInt64
    /// Worker threads (`nil`: all cores). Results do not depend on it.
    public var threads: Int?
    /// Compute jackknife values (needed for BCa).
    public var jackknife: Bool
    /// Called with (completed, total) as replicates finish.
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// Called with (completed, total) as the jackknife's leave-one-out fits finish (BCa).
    public var jackknifeProgress: (@Sendable (Int, Int) -> Void)?
    /// Cancellation token.
    public var cancellation: BootstrapCancellation?
    /// Empirical influence values of the statistic, one row per jackknife unit (row, or cluster
    /// for `.clusters`) and one column per component, computed by the caller (e.g. analytically
    /// for regression coefficients). When given, BCa's acceleration uses them and no jackknife
    /// runs: O(n p²) instead of n refits (R `boot.ci(L =)`).
    public var influence: [[Double]]?

    /// Defaults: 1,999 replicates, seed 42, all cores, jackknife on.
    public init(replicates: Int = 1999, seed: UInt64 = 42, threads: Int? = nil, jackknife: Bool = true,
                progress: (@Sendable (Int, Int) -> Void)? = nil, cancellation: BootstrapCancellation? = nil,
                jackknifeProgress: (@Sendable (Int, Int) -> Void)? = nil) {
        self.replicates = replicates
        self.jackknifeProgress = jackknifeProgress
        self.seed = seed
        self.threads = threads
        self.jackknife = jackknife
        self.progress = progress
        self.cancellation = cancellation
    }
}

/// The outcome of a bootstrap run.
public struct BootstrapResult: Sendable {
    /// The statistic on the full sample.
    public let estimate: StatisticValue
    /// Successful replicates in replicate order: `replicates[b]` is the statistic of replicate b.
    public let replicates: [[Double]]
    /// Their standard errors, when the statistic provides them (a model's `bootstrap` does when
    /// the studentized interval is asked for, the only one that reads them).
    public let replicateStandardErrors: [[Double]]?
    /// Indices (0-based) of the successful replicates.
    public let replicateIndices: [Int]
    /// Failed replicates by reason.
    public let failures: [ReplicateFailureReason: Int]
    /// Jackknife values (leave one row or cluster out), if computed.
    public let jackknife: [[Double]]?
    /// Replicates requested.
    public let requested: Int
    /// The seed.
    public let seed: UInt64
    /// The plan.
    public let plan: ResamplingPlan
    /// Whether the run was cancelled before all replicates were done.
    public let cancelled: Bool
    /// The empirical influence values BCa used instead of a jackknife (`BootstrapOptions.influence`).
    public let influence: [[Double]]?

    /// Creates a result (the engine's, or one assembled from replicates computed elsewhere).
    public init(estimate: StatisticValue, replicates: [[Double]], replicateStandardErrors: [[Double]]?,
                replicateIndices: [Int], failures: [ReplicateFailureReason: Int], jackknife: [[Double]]?, requested: Int,
                seed: UInt64, plan: ResamplingPlan, cancelled: Bool, influence: [[Double]]? = nil) {
        self.estimate = estimate
        self.replicates = replicates
        self.replicateStandardErrors = replicateStandardErrors
        self.replicateIndices = replicateIndices
        self.failures = failures
        self.jackknife = jackknife
        self.requested = requested
        self.seed = seed
        self.plan = plan
        self.cancelled = cancelled
        self.influence = influence
    }

    /// Number of failed replicates.
    public var failedCount: Int { failures.values.reduce(0, +) }
    /// A diagnostic when more than 1 % of the replicates failed; `nil` otherwise.
    public var failureDiagnostic: String? {
        guard Double(failedCount) > 0.01 * Double(requested) else { return nil }
        // Most frequent first, ties by name: the same text in every process (a dictionary's order is not).
        let reasons = failures.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        return "\(failedCount) of \(requested) bootstrap replicates failed (\(reasons)); intervals use the other \(requested - failedCount), which may bias them"
    }
}

/// A parallel, seeded bootstrap engine. Replicates are frequency-weight vectors over the rows
/// (a row drawn k times gets weight k), so statistics refit without copying data; the stream of
/// replicate b is `RandomStream(seed:index: b)`, and results are stored by index, so they are
/// bit-for-bit identical for any number of threads. OpenBLAS runs single-threaded in the workers.
public enum Bootstrap {
    /// Runs the bootstrap of `statistic` (a function of row weights) over `rowCount` rows.
    public static func run(rowCount: Int, plan: ResamplingPlan, options: BootstrapOptions = BootstrapOptions(),
                           statistic: @Sendable ([Double]) throws -> StatisticValue) throws -> BootstrapResult {
        let estimate: StatisticValue
        do {
            estimate = try statistic([Double](repeating: 1, count: rowCount))
        } catch let failure as ReplicateFailure {
            throw BootstrapError.fullSampleFailed(reason: failure.reason)
        }
        let total = options.replicates
        let slots = Locked([Result<StatisticValue, ReplicateFailure>?](repeating: nil, count: total))
        let next = Locked(0)
        let completed = Locked(0)
        let threadCount = max(1, min(options.threads ?? ProcessInfoCores.count, total))
        let groups = plan.groups
        BLASThreads.withSingleThreadedBLAS {
            DispatchQueue.concurrentPerform(iterations: threadCount) { _ in
                while true {
                    if options.cancellation?.isCancelled == true { return }
                    let index = next.withLock { value -> Int in defer { value += 1 }; return value }
                    guard index < total else { return }
                    var stream = RandomStream(seed: options.seed, index: UInt64(index))
                    let weights = plan.weights(rowCount: rowCount, groups: groups, stream: &stream)
                    let outcome: Result<StatisticValue, ReplicateFailure>
                    do {
                        let value = try statistic(weights)
                        outcome = value.values.allSatisfy(\.isFinite) ? .success(value) : .failure(ReplicateFailure(.nonFiniteStatistic))
                    } catch let failure as ReplicateFailure {
                        outcome = .failure(failure)
                    } catch {
                        outcome = .failure(ReplicateFailure(.error(String(describing: error))))
                    }
                    slots.withLock { $0[index] = outcome }
                    let done = completed.withLock { value -> Int in value += 1; return value }
                    options.progress?(done, total)
                }
            }
        }
        let outcomes = slots.withLock { $0 }
        var replicates = [[Double]](), standardErrors = [[Double]](), indices = [Int](), failures = [ReplicateFailureReason: Int]()
        for (index, outcome) in outcomes.enumerated() {
            switch outcome {
            case .success(let value)?:
                replicates.append(value.values)
                indices.append(index)
                if let se = value.standardErrors { standardErrors.append(se) }
            case .failure(let failure)?:
                failures[failure.reason, default: 0] += 1
            case nil:
                break
            }
        }
        let cancelled = options.cancellation?.isCancelled == true
        var jackknife: [[Double]]?
        if options.jackknife && !cancelled && options.influence == nil {
            let units = plan.jackknifeUnits(rowCount: rowCount)
            let values = Locked([[Double]?](repeating: nil, count: units.count))
            let jackknifeDone = Locked(0)
            BLASThreads.withSingleThreadedBLAS {
                DispatchQueue.concurrentPerform(iterations: threadCount) { worker in
                    // `threadCount` workers (the `threads` option, as for the replicates), strided
                    // over the units, each building one weight vector at a time.
                    for k in stride(from: worker, to: units.count, by: threadCount) {
                        if options.cancellation?.isCancelled == true { return }
                        let value = try? statistic(ResamplingPlan.jackknifeWeights(leavingOut: units[k], rowCount: rowCount)).values
                        values.withLock { $0[k] = value }
                        let done = jackknifeDone.withLock { value -> Int in value += 1; return value }
                        options.jackknifeProgress?(done, units.count)
                    }
                }
            }
            jackknife = values.withLock { $0 }.compactMap { $0 }
        }
        return BootstrapResult(estimate: estimate, replicates: replicates,
                               replicateStandardErrors: standardErrors.count == replicates.count && !standardErrors.isEmpty ? standardErrors : nil,
                               replicateIndices: indices, failures: failures, jackknife: jackknife, requested: total,
                               seed: options.seed, plan: plan, cancelled: cancelled,
                               influence: options.jackknife ? options.influence : nil)
    }
}

/// The number of cores (for the default thread count).
enum ProcessInfoCores {
    static var count: Int {
        #if canImport(Glibc)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 2
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// Parallel evaluation of a fixed list of replicates (a survey's replicate weight columns): each
/// result is stored by its index, so the output is identical for any number of threads; OpenBLAS
/// runs single-threaded in the workers.
public enum ParallelReplicates {
    /// `body(r)` for r in 0..<count, on `threads` workers (default: the cores).
    public static func map<T: Sendable>(count: Int, threads: Int? = nil,
                                        _ body: @Sendable (Int) throws -> T) -> [Result<T, ReplicateFailure>] {
        let slots = Locked([Result<T, ReplicateFailure>?](repeating: nil, count: count))
        let next = Locked(0)
        let threadCount = max(1, min(threads ?? ProcessInfoCores.count, count))
        BLASThreads.withSingleThreadedBLAS {
            DispatchQueue.concurrentPerform(iterations: threadCount) { _ in
                while true {
                    let index = next.withLock { value -> Int in defer { value += 1 }; return value }
                    guard index < count else { return }
                    let outcome: Result<T, ReplicateFailure>
                    do {
                        outcome = .success(try body(index))
                    } catch let failure as ReplicateFailure {
                        outcome = .failure(failure)
                    } catch {
                        outcome = .failure(ReplicateFailure(.error(String(describing: error))))
                    }
                    slots.withLock { $0[index] = outcome }
                }
            }
        }
        return slots.withLock { $0 }.map { $0 ?? .failure(ReplicateFailure(.error("not run"))) }
    }
}
