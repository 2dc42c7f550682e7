/// Knuth's MMIX linear congruential generator: the tests' reproducible data, the same numbers on
/// every machine (the standard library's generators are not seedable).
public struct SeededUniform {
    /// The generator's state.
    public private(set) var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next state.
    public mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state
    }

    /// A uniform value in [0, 1) from the state's top 53 bits.
    public mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
