// `regress-benchmarks crossproduct`: Bᵀ B for one column-major block by `dsyrk`, by one `dgemm`
// (TN) and by `dgemm`s of 8-column panels on and above the diagonal, single-threaded, over the
// shapes that decided `CrossProductKernel`'s rule (panels when OpenBLAS has SkylakeX-family
// small-matrix kernels, p ≤ 128 and 64·rows ≤ 10⁶; `dsyrk` otherwise). Docs/performance.md.
import CLAPACKE
import Foundation
import Regress

func runCrossProductSuite(runs: Int) {
    print("regress-benchmarks crossproduct: OpenBLAS core \(String(cString: openblas_get_corename())), 1 thread, µs per call (median of \(runs))")
    print("    p   rows      dsyrk       dgemm      panels   panels faster than dsyrk by")
    BLASThreads.withSingleThreadedBLAS {
        for (p, rows) in [(6, 810), (6, 2048), (15, 810), (21, 2048), (21, 2300), (31, 1024), (31, 1536), (41, 512), (51, 810),
                          (64, 2048), (128, 2048), (200, 2048)] {
            let block = makeDesign(n: rows, p: p).storage
            var c = [Double](repeating: 0, count: p * p)
            let calls = max(50, 20_000_000 / (rows * p * p))
            func perCall(_ body: (UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Void) -> Double {
                let times = (0..<runs).map { _ -> Double in
                    block.withUnsafeBufferPointer { b in
                        c.withUnsafeMutableBufferPointer { out in
                            guard let bBase = b.baseAddress, let cBase = out.baseAddress else { return .nan }
                            let start = DispatchTime.now().uptimeNanoseconds
                            for _ in 0..<calls { body(bBase, cBase) }
                            return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(calls) / 1000
                        }
                    }
                }
                return times.sorted()[times.count / 2]
            }
            let syrk = perCall { b, out in
                cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, Int32(p), Int32(rows), 1.0, b, Int32(rows), 0.0, out, Int32(p))
            }
            let gemm = perCall { b, out in
                cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(p), Int32(p), Int32(rows),
                            1.0, b, Int32(rows), b, Int32(rows), 0.0, out, Int32(p))
            }
            let panels = perCall { b, out in
                for first in stride(from: 0, to: p, by: 8) {
                    for second in stride(from: first, to: p, by: 8) {
                        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(min(8, p - first)), Int32(min(8, p - second)), Int32(rows),
                                    1.0, b + first * rows, Int32(rows), b + second * rows, Int32(rows), 0.0, out + first + second * p, Int32(p))
                    }
                }
            }
            print(String(format: "%5d %6d %9.2f µs %9.2f µs %9.2f µs   %5.2f×%@", p, rows, syrk, gemm, panels, syrk / panels,
                         p * p * rows > 1_000_000 ? "   (p²·rows > 10⁶)" : ""))
        }
    }
}
