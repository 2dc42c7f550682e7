/// Error-free transformations and the compensated dot product "Dot2" of Ogita, Rump & Oishi,
/// "Accurate sum and dot product", SIAM J. Sci. Comput. 26 (2005). Dot2 returns a result as
/// accurate as if computed in twice the working precision (106-bit significand) and then
/// rounded — more than `Float80` (64-bit), and portable to every architecture with FMA.
enum Compensated {
    /// `a + b = sum + error` exactly (Knuth's TwoSum).
    @inline(__always)
    static func twoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
        let sum = a + b
        let bVirtual = sum - a
        let error = (a - (sum - bVirtual)) + (b - bVirtual)
        return (sum, error)
    }

    /// `a · b = product + error` exactly (with a fused multiply-add).
    @inline(__always)
    static func twoProduct(_ a: Double, _ b: Double) -> (product: Double, error: Double) {
        let product = a * b
        return (product, (-product).addingProduct(a, b))
    }
}

/// A running sum in double-double: `high + low` carries about 106 bits.
struct CompensatedSum {
    var high: Double
    var low: Double = 0

    init(_ start: Double = 0) { high = start }

    /// Adds `value` exactly into the running sum (error kept in `low`).
    @inline(__always)
    mutating func add(_ value: Double) {
        let (sum, error) = Compensated.twoSum(high, value)
        high = sum
        low += error
    }

    /// Adds `a · b` with the product's rounding error kept.
    @inline(__always)
    mutating func addProduct(_ a: Double, _ b: Double) {
        let (product, productError) = Compensated.twoProduct(a, b)
        let (sum, error) = Compensated.twoSum(high, product)
        high = sum
        low += error + productError
    }

    /// Subtracts `a · b` with the product's rounding error kept.
    @inline(__always)
    mutating func subtractProduct(_ a: Double, _ b: Double) { addProduct(-a, b) }

    /// The sum rounded to double.
    var value: Double { high + low }
}
