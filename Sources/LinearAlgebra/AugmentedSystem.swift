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
struct AugmentedSystem {
    let a: Matrix
    let factor: QRFactorization
    let triangle: Matrix

    /// - Precondition: `a` has full column rank and `rows >= columns`.
    init(_ a: Matrix) throws {
        self.a = a
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

    /// Residuals `f = b − r − A x` and `g = c − Aᵀ r`, each accumulated in double-double.
    func residuals(b: Matrix, c: Matrix, r: Matrix, x: Matrix) -> (f: Matrix, g: Matrix) {
        let n = a.rows, q = a.columns, k = b.columns
        var f = Matrix(rows: n, columns: k)
        var g = Matrix(rows: q, columns: k)
        var high = [Double](repeating: 0, count: n)
        var low = [Double](repeating: 0, count: n)
        a.storage.withUnsafeBufferPointer { aa in
            for col in 0..<k {
                for i in 0..<n {
                    let (sum, error) = Compensated.twoSum(b[i, col], -r[i, col])
                    high[i] = sum
                    low[i] = error
                }
                for j in 0..<q {
                    let xj = x[j, col]
                    let base = j * n
                    for i in 0..<n {
                        let (product, productError) = Compensated.twoProduct(aa[base + i], xj)
                        let (sum, error) = Compensated.twoSum(high[i], -product)
                        high[i] = sum
                        low[i] += error - productError
                    }
                }
                for i in 0..<n { f[i, col] = high[i] + low[i] }
                for j in 0..<q {
                    var sum = CompensatedSum(c[j, col])
                    let base = j * n
                    for i in 0..<n { sum.subtractProduct(aa[base + i], r[i, col]) }
                    g[j, col] = sum.value
                }
            }
        }
        return (f, g)
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
            var size = 0.0   // largest relative correction over all right-hand sides
            for col in 0..<x.columns {
                var correctionNorm = 0.0, solutionNorm = 0.0
                for i in 0..<x.rows {
                    correctionNorm = max(correctionNorm, abs(dx[i, col]))
                    solutionNorm = max(solutionNorm, abs(x[i, col]))
                }
                size = max(size, solutionNorm > 0 ? correctionNorm / solutionNorm : correctionNorm)
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
