# Peer for `regress-benchmarks glm`: R glm (logit, then summary for standard errors) on the
# identical data the Swift benchmark exported. Usage: Rscript Benchmarks/peers/peer_glm.R FILE [RUNS]
args <- commandArgs(trailingOnly = TRUE)
runs <- if (length(args) > 1) as.integer(args[2]) else 3
con <- file(args[1], "rb"); head <- readBin(con, "double", 2); n <- head[1]; p <- head[2]
X <- matrix(readBin(con, "double", n * p), n, p); y <- readBin(con, "double", n); close(con)
t <- sapply(seq_len(runs), function(i) system.time(summary(glm.fit(X, y, family = binomial())))[["elapsed"]])
t2 <- sapply(seq_len(runs), function(i) system.time(coef(summary(glm(y ~ X - 1, family = binomial()))))[["elapsed"]])
cat(sprintf("%-34s median %.4f s   min %.4f s   max %.4f s\n", paste0("R ", getRversion(), " glm.fit (fit only)"), median(t), min(t), max(t)))
cat(sprintf("%-34s median %.4f s   min %.4f s   max %.4f s\n", "R glm + summary (SEs)", median(t2), min(t2), max(t2)))
t3 <- sapply(seq_len(runs), function(i) system.time(coef(summary(glm(y ~ X - 1, family = binomial(link = "probit")))))[["elapsed"]])
cat(sprintf("%-34s median %.4f s   min %.4f s   max %.4f s\n", "R glm probit + summary (SEs)", median(t3), min(t3), max(t3)))
results <- Sys.getenv("REGRESS_BENCH_RESULTS")
if (nzchar(results)) {
  workload <- Sys.getenv("REGRESS_BENCH_WORKLOAD")
  cat(sprintf("%s\t%s\tR glm\t%.6f\n", workload, c("logit fit + SEs", "probit fit + SEs"), c(median(t2), median(t3))),
      file = results, append = TRUE, sep = "")
}
