#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Large arrays whose pages the kernel may back with transparent huge pages.
///
/// First touching fresh memory clears it a 4 KiB page at a time; advised with `MADV_HUGEPAGE`
/// (where transparent huge pages run in `madvise` mode) it is cleared in 2 MiB pages, at the same
/// peak memory (the measurement is in Docs/performance.md). Below `threshold` nothing is advised.
package enum LargeBuffers {
    /// Bytes from which an array is advised (256 MiB: the p × p matrices of a many-level factor,
    /// 800 MB at 10,000 levels, whose first touch took 45 % longer without the advice). A huge
    /// page is only used where a whole aligned 2 MiB lies inside the array, and it is filled at once
    /// when first touched, so a reserved array can hold up to 2 MiB more than it uses. Not below:
    /// with `defrag` in `madvise` mode the kernel compacts memory synchronously on the faults of an
    /// advised region, and with the CSV columns (8 MB each at 10⁶ rows) and the 168 MB design of
    /// the 10⁶ × 21 fit advised, the slowest of ten runs took 1.7× the median (1.24× without;
    /// issue 35, item 3, Docs/performance.md).
    package static let threshold = 256 << 20

    /// An empty array with room for `capacity` elements, its pages advised for huge pages when large.
    package static func reserved<Element>(_ type: Element.Type = Element.self, capacity: Int) -> [Element] {
        [Element](unsafeUninitializedCapacity: max(0, capacity)) { buffer, count in
            if let base = buffer.baseAddress { advise(UnsafeMutableRawPointer(base), bytes: buffer.count * MemoryLayout<Element>.stride) }
            count = 0
        }
    }

    /// `count` copies of `value`, the pages advised before they are first written when large.
    package static func filled(_ value: Double, count: Int) -> [Double] {
        guard count * MemoryLayout<Double>.stride >= threshold else { return [Double](repeating: value, count: count) }
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            if let base = buffer.baseAddress { advise(UnsafeMutableRawPointer(base), bytes: count * MemoryLayout<Double>.stride) }
            buffer.initialize(repeating: value)
            initialized = count
        }
    }

    /// `madvise(MADV_HUGEPAGE)` on the whole pages inside `bytes` from `pointer` (a hint: failure,
    /// or a kernel without THP, changes nothing).
    package static func advise(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        guard bytes >= threshold else { return }
        let page = 4096
        let start = (Int(bitPattern: pointer) + page - 1) / page * page
        let end = (Int(bitPattern: pointer) + bytes) / page * page
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, end - start, MADV_HUGEPAGE)
        #endif
    }

    /// Faults in the pages of `bytes` from `pointer` for writing, in one call
    /// (`MADV_POPULATE_WRITE`, Linux 5.14+; a hint: failure, or an older kernel, changes
    /// nothing). The CSV reader calls it on the room each append of a column is about to fill:
    /// one call instead of a fault per 4 KiB page (the 10⁶ × 21 read's page faults 46,900 →
    /// 5,900, the read 0.216 → 0.196 s in twelve alternating pairs; Docs/performance.md).
    /// The range is widened to whole pages: a page holding a byte of the range is mapped, and
    /// the range lies inside one allocation.
    package static func populate(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        guard bytes > 0 else { return }
        let page = 4096
        let start = Int(bitPattern: pointer) / page * page
        let end = (Int(bitPattern: pointer) + bytes + page - 1) / page * page
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, end - start, 23)   // MADV_POPULATE_WRITE
        #endif
    }
}
