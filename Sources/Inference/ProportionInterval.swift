import Distributions

/// Wilson's score interval for a binomial proportion (Wilson 1927): centre (p̂ + z²/2n)/(1 + z²/n),
/// half-width z√(p̂(1−p̂)/n + z²/4n²)/(1 + z²/n). Equals R's `prop.test(x, n, correct = FALSE)$conf.int`.
public func wilsonInterval(successes: Double, trials: Double, level: Double = 0.95) -> (lower: Double, upper: Double) {
    guard trials > 0 else { return (.nan, .nan) }
    let z = Normal.quantile(0.5 + level / 2), p = successes / trials, n = trials
    let denominator = 1 + z * z / n
    let centre = (p + z * z / (2 * n)) / denominator
    let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / denominator
    return (max(0, centre - half), min(1, centre + half))
}
