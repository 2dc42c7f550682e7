#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value behind a pthread mutex, shared between the threads of Regress's parallel loops.
///
/// Used instead of the standard library's `Synchronization.Mutex`: on Linux `Mutex` locks with raw
/// futex system calls, which ThreadSanitizer does not see, so `Scripts/sanitize.sh thread`
/// reported every access to a `Mutex`-protected value as a race (the bootstrap's result slots).
/// pthread mutexes are intercepted by the sanitizer, and cost the same uncontended.
package final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    /// Wraps `value`.
    package init(_ value: Value) {
        self.value = value
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
