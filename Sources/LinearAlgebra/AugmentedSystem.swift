/// Solves the augmented least-squares system
///
///     [ I   A ] [ r ]   [ b ]
///     [ Aᵀ  0 ] [ x ] = [ c ]
///
/// for several right-hand sides at once, with Björck's iterative refinement: each step computes
/// the residuals of both block equations with the compensated dot product (twice the working
/// precision) and solves for the correction with the Householder QR of `A`. With `c = 0` this is
/// least squares (`x` the coefficients, `r = b − A x` the residuals); with `b = 0, c = −I` the
/// solution is `x = (AᵀA)⁻¹`. Refinement converges when `κ(A)·ε < 1` and reaches full double
/// accuracy for both, which plain QR does not when `κ(A)` is large or the residual is large.
///
/// Reference: Å. Björck, "Iterative refinement of linear least squares solutions I",
/// BIT 7 (1967) 257–278; Björck, *Numerical Methods for Least Squares Problems* (1996), §2.9.
///
/// The matrix may be given as an unevaluated sum `A = a + aLow` (e.g. polynomial powers computed
/// in double-double): the QR of `a` preconditions, the residuals use both parts, and refinement
/// converges to the solution for the exact `A` as long as `κ(A)·‖aLow‖/‖a‖ < 1`.
struct AugmentedSystem {
    let a: Matrix
    let aLow: Matrix?
    let factor: QRFactorization
    let triangle: Matrix

    /// - Precondition: `a` has full column rank and `rows >= columns`; `aLow` has `a`'s shape.
    init(_ a: Matrix, low aLow: Matrix? = nil, factor: QRFactorization? = nil) throws {
        if let aLow { precondition(aLow.rows == a.rows && aLow.columns == a.columns, "low-order part must match the design") }
        self.a = a
        self.aLow = aLow
        self.factor = try factor ?? a.qr()
        self.triangle = self.factor.upperTriangle
    }

    /// Solution of the system with right-hand sides `b` (n × k) and `c` (q × k).
    func correction(f: Matrix, g: Matrix) throws -> (r: Matrix, x: Matrix) {
        let n = a.rows, q = a.columns, k = f.columns
        // Qᵀ r = [d1; f2] with Rᵀ d1 = g; then R x = f1 − d1.
        let d1 = try triangle.solveTriangular(g, upper: true, transpose: true)
        var qtf = factor.multiplyQTransposed(f)
        var top = Matrix(rows: q, columns: k)
        for j in 0..<k {
            for i in 0..<q {
                top[i, j] = qtf[i, j] - d1[i, j]
                qtf[i, j] = d1[i, j]
            }
        }
        let x = try triangle.solveTriangular(top, upper: true)
        let r = factor.multiplyQ(qtf)
        precondition(r.rows == n)
        return (r, x)
    }

    /// Residuals `f = b − r − A x` and `g = c − Aᵀ r`, each accumulated in double-double
    /// (with `A = a + aLow` when a low-order part is present).
    func residuals(b: Matrix, c: Matrix, r: Matrix, x: Matrix) -> (f: Matrix, g: Matrix) {
        let n = a.rows, k = b.columns
        var f = Matrix(rows: n, columns: k)
        var g = Matrix(rows: a.columns, columns: k)
        var high = [Double](repeating: 0, count: n)
        var low = [Double](repeating: 0, count: n)
        for col in 0..<k {
            b.storage.withUnsafeBufferPointer { bb in
                r.storage.withUnsafeBufferPointer { rr in
                    for i in 0..<n {
                        let (sum, error) = Compensated.twoSum(bb[col * n + i], -rr[col * n + i])
                        high[i] = sum
                        low[i] = error
                    }
                }
            }
            for j in 0..<a.columns { g[j, col] = c[j, col] }
            Self.accumulate(a, x: x, r: r, column: col, high: &high, low: &low, g: &g)
            if let aLow { Self.accumulate(aLow, x: x, r: r, column: col, high: &high, low: &low, g: &g) }
            f.storage.withUnsafeMutableBufferPointer { ff in
                for i in 0..<n { ff[col * n + i] = high[i] + low[i] }
            }
        }
        return (f, g)
    }

    /// Subtracts `m x[:, col]` from the double-double vector (high, low) and `mᵀ r[:, col]`
    /// from `g[:, col]`, both with compensated products and sums.
    private static func accumulate(_ m: Matrix, x: Matrix, r: Matrix, column col: Int,
                                   high: inout [Double], low: inout [Double], g: inout Matrix) {
        let n = m.rows
        m.storage.withUnsafeBufferPointer { mm in
            r.storage.withUnsafeBufferPointer { rr in
                high.withUnsafeMutableBufferPointer { hh in
                    low.withUnsafeMutableBufferPointer { ll in
                        guard let mBase = mm.baseAddress, let rBase = rr.baseAddress,
                              let h = hh.baseAddress, let l = ll.baseAddress else { return }
                        let rColumn = rBase + col * n
                        for j in 0..<m.columns {
                            let xj = x[j, col]
                            let mColumn = mBase + j * n
                            for i in 0..<n {   // independent per row: vectorizes
                                let (product, productError) = Compensated.twoProduct(mColumn[i], xj)
                                let (s, error) = Compensated.twoSum(h[i], -product)
                                h[i] = s
                                l[i] += error - productError
                            }
                            // Dot2 with four independent accumulators to break the latency chain.
                            var dotHigh = (g[j, col], 0.0, 0.0, 0.0), dotLow = (0.0, 0.0, 0.0, 0.0)
                            var i = 0
                            while i + 4 <= n {
                                let p0 = Compensated.twoProduct(mColumn[i], rColumn[i])
                                let p1 = Compensated.twoProduct(mColumn[i + 1], rColumn[i + 1])
                                let p2 = Compensated.twoProduct(mColumn[i + 2], rColumn[i + 2])
                                let p3 = Compensated.twoProduct(mColumn[i + 3], rColumn[i + 3])
                                let s0 = Compensated.twoSum(dotHigh.0, -p0.product)
                                let s1 = Compensated.twoSum(dotHigh.1, -p1.product)
                                let s2 = Compensated.twoSum(dotHigh.2, -p2.product)
                                let s3 = Compensated.twoSum(dotHigh.3, -p3.product)
                                dotHigh = (s0.sum, s1.sum, s2.sum, s3.sum)
                                dotLow.0 += s0.error - p0.error
                                dotLow.1 += s1.error - p1.error
                                dotLow.2 += s2.error - p2.error
                                dotLow.3 += s3.error - p3.error
                                i += 4
                            }
                            var total = CompensatedSum(dotHigh.0)
                            total.add(dotHigh.1)
                            total.add(dotHigh.2)
                            total.add(dotHigh.3)
                            total.low += dotLow.0 + dotLow.1 + dotLow.2 + dotLow.3
                            while i < n {
                                total.subtractProduct(mColumn[i], rColumn[i])
                                i += 1
                            }
                            g[j, col] = total.value
                        }
                    }
                }
            }
        }
    }

    /// Solves and refines until the correction to `x` is below rounding level, stagnates, or
    /// `maxIterations` refinement steps have been taken. Returns the number of steps taken.
    func solve(b: Matrix, c: Matrix, maxIterations: Int) throws -> (r: Matrix, x: Matrix, iterations: Int) {
        var (r, x) = try correction(f: b, g: c)
        var previousSize = Double.infinity
        var iterations = 0
        while iterations < maxIterations {
            let (f, g) = residuals(b: b, c: c, r: r, x: x)
            let (dr, dx) = try correction(f: f, g: g)
            iterations += 1
            var size = 0.0   // largest componentwise relative correction
            for i in 0..<x.storage.count {
                let value = abs(x.storage[i])
                let change = abs(dx.storage[i])
                size = max(size, value > 0 ? change / value : change)
            }
            if size > previousSize / 2 { break }   // stagnation: keep the better iterate
            for i in 0..<x.storage.count { x.storage[i] += dx.storage[i] }
            for i in 0..<r.storage.count { r.storage[i] += dr.storage[i] }
            if size <= Double.ulpOfOne { break }
            previousSize = size
        }
        return (r, x, iterations)
    }
}
