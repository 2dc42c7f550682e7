/// The library's version (semantic versioning; the git tag of a release is the same string).
public enum RegressVersion {
    /// `0.2.0`: the fitted-model API (`BinaryRegression.fit` → `BinaryRegressionModel`).
    public static let current = "0.2.0"
}
