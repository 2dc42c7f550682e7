// Regress: the umbrella module. `import Regress` brings in the library: linear algebra,
// distributions, tables, formulas, the estimators, inference, resampling, the fitted-model façade
// and its renderings. The study (`ReshoringStudy`) and NIST certification (`Certification`) are
// modules of their own, imported by name.
@_exported import LinearAlgebra
@_exported import LinearPredictor
@_exported import Distributions
@_exported import Survey
@_exported import Tables
@_exported import Formulas
@_exported import Estimation
@_exported import Inference
@_exported import Resampling
@_exported import Modeling
@_exported import Reporting
