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
    init(_ a: Matrix, low aLow: Matrix? = nil) throws {
        if let aLow { precondition(aLow.rows == a.rows && aLow.columns == a.columns, "low-order part must match the design") }
        self.a = a
        self.aLow = aLow
        self.factor = try a.qr()
        self.triangle = factor.upperTriangle
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
            for i in 0..<n {
                let (sum, error) = Compensated.twoSum(b[i, col], -r[i, col])
                high[i] = sum
                low[i] = error
            }
            for j in 0..<a.columns { g[j, col] = c[j, col] }
            Self.accumulate(a, x: x, r: r, column: col, high: &high, low: &low, g: &g)
            if let aLow { Self.accumulate(aLow, x: x, r: r, column: col, high: &high, low: &low, g: &g) }
            for i in 0..<n { f[i, col] = high[i] + low[i] }
        }
        return (f, g)
    }

    /// Subtracts `m x[:, col]` from the double-double vector (high, low) and `mᵀ r[:, col]`
    /// from `g[:, col]`, both with compensated products and sums.
    private static func accumulate(_ m: Matrix, x: Matrix, r: Matrix, column col: Int,
                                   high: inout [Double], low: inout [Double], g: inout Matrix) {
        let n = m.rows
        m.storage.withUnsafeBufferPointer { mm in
            for j in 0..<m.columns {
                let xj = x[j, col]
                let base = j * n
                var sum = CompensatedSum(g[j, col])
                for i in 0..<n {
                    let (product, productError) = Compensated.twoProduct(mm[base + i], xj)
                    let (s, error) = Compensated.twoSum(high[i], -product)
                    high[i] = s
                    low[i] += error - productError
                    sum.subtractProduct(mm[base + i], r[i, col])
                }
                g[j, col] = sum.value
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
