# Peer for `regress-benchmarks bootstrap`: boot::boot with glm probit refits, outcome-stratified,
# R = 2000, on the identical data. Usage: Rscript peer_bootstrap.R FILE
suppressPackageStartupMessages(library(boot))
con <- file(commandArgs(trailingOnly = TRUE)[1], "rb"); h <- readBin(con, "double", 2); n <- h[1]; p <- h[2]
X <- matrix(readBin(con, "double", n * p), n, p); y <- readBin(con, "double", n); close(con)
start <- coef(glm.fit(X, y, family = binomial(link = "probit")))
stat <- function(d, i) coef(glm.fit(X[i, ], y[i], family = binomial(link = "probit"), start = start))
set.seed(42)
t <- system.time(boot(seq_len(n), stat, R = 2000, strata = y))[["elapsed"]]
cat(sprintf("R %s boot + glm.fit probit, R = 2000       %.3f s\n", getRversion(), t))
results <- Sys.getenv("REGRESS_BENCH_RESULTS")
if (nzchar(results)) cat(sprintf("%s\tbootstrap B=2000\tR boot\t%.6f\n", Sys.getenv("REGRESS_BENCH_WORKLOAD"), t),
                         file = results, append = TRUE)
