// Regress: the umbrella module. `import Regress` brings in every layer.
@_exported import Certification
@_exported import DataTable
@_exported import Formula
@_exported import Distributions
@_exported import GLM
@_exported import Inference
@_exported import Bootstrap
@_exported import ReshoringStudy
@_exported import LinearAlgebra
