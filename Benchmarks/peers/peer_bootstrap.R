# Peer for `regress-benchmarks bootstrap`: boot::boot with glm probit refits, outcome-stratified,
# R = 2000, on the identical data, two ways: `glm()` with a formula on a data frame, as an R user
# writes it and as the bootstrap issue measured it (14.7 s there), and `glm.fit` on the matrix
# with the full-sample start values, the fastest R can do (the stricter comparison).
# Usage: Rscript peer_bootstrap.R FILE
suppressPackageStartupMessages(library(boot))
con <- file(commandArgs(trailingOnly = TRUE)[1], "rb"); h <- readBin(con, "double", 2); n <- h[1]; p <- h[2]
X <- matrix(readBin(con, "double", n * p), n, p); y <- readBin(con, "double", n); close(con)
start <- coef(glm.fit(X, y, family = binomial(link = "probit")))
stat <- function(d, i) coef(glm.fit(X[i, ], y[i], family = binomial(link = "probit"), start = start))
frame <- data.frame(y = y, X[, -1])   # column 1 of X is the intercept
formulaStat <- function(d, i) coef(glm(y ~ ., family = binomial(link = "probit"), data = d[i, ]))
results <- Sys.getenv("REGRESS_BENCH_RESULTS")
record <- function(peer, t) if (nzchar(results))
    cat(sprintf("%s\tbootstrap B=2000\t%s\t%.6f\n", Sys.getenv("REGRESS_BENCH_WORKLOAD"), peer, t), file = results, append = TRUE)
set.seed(42)
t <- system.time(boot(frame, formulaStat, R = 2000, strata = y))[["elapsed"]]
cat(sprintf("R %s boot + glm(formula) probit, R = 2000  %.3f s\n", getRversion(), t))
record("R boot", t)
set.seed(42)
t <- system.time(boot(seq_len(n), stat, R = 2000, strata = y))[["elapsed"]]
cat(sprintf("R %s boot + glm.fit probit, R = 2000       %.3f s\n", getRversion(), t))
record("R boot glm.fit", t)
