# Produces distributions.csv: reference values for Regress's Distributions module.
# Run from this directory:  Rscript make-distributions.R
# Every value is R's own (pnorm, qnorm, pt, qt, pchisq, pf), printed with 17 significant digits.
options(digits = 17)
rows <- list()
add <- function(dist, fun, x, a, b, value) {
  keep <- is.finite(value) & (abs(value) >= .Machine$double.xmin | (value == 0 & fun %in% c("quantile", "logcdf")))
  rows[[length(rows) + 1]] <<- data.frame(dist = dist, fun = fun, x = x, a = a, b = b, value = value)[keep, ]
}
z <- c(-38, -37.5, -30, -20, -12, -10, -8, -6, -5.6, -5, -3, -2, -1.96, -1, -0.67, -0.5, -0.1, 0,
       0.1, 0.5, 0.67, 1, 1.96, 2, 3, 5, 5.6, 8)
add("normal", "cdf", z, NA, NA, pnorm(z))
add("normal", "survival", z, NA, NA, pnorm(z, lower.tail = FALSE))
zl <- c(-1000, -100, -40, -38, -20, -5, -1, 0, 1, 5)
add("normal", "logcdf", zl, NA, NA, pnorm(zl, log.p = TRUE))
pq <- c(1e-300, 1e-200, 1e-100, 1e-50, 1e-20, 1e-16, 1e-10, 1e-5, 0.001, 0.01, 0.025, 0.05, 0.1,
        0.3, 0.42, 0.5, 0.7, 0.9, 0.975, 0.99, 0.999, 1 - 1e-10)
add("normal", "quantile", pq, NA, NA, qnorm(pq))
for (df in c(1, 2, 3, 5, 10, 30, 100, 1000)) {
  tt <- c(-1000, -100, -40, -10, -5, -2, -1, -0.5, -0.01, 0, 0.01, 0.5, 1, 2, 5, 10, 40)
  add("t", "cdf", tt, df, NA, pt(tt, df))
  add("t", "survival", tt, df, NA, pt(tt, df, lower.tail = FALSE))
  pp <- c(1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.025, 0.05, 0.3, 0.5, 0.7, 0.975, 0.999)
  add("t", "quantile", pp, df, NA, qt(pp, df))
}
for (df in c(1, 2, 3, 5, 10, 20, 50, 100, 200)) {
  xx <- c(1e-3, 0.1, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
  add("chisq", "cdf", xx, df, NA, pchisq(xx, df))
  add("chisq", "survival", xx, df, NA, pchisq(xx, df, lower.tail = FALSE))
}
for (d in list(c(1, 1), c(1, 10), c(2, 5), c(3, 20), c(5, 100), c(10, 10), c(20, 1000), c(50, 50))) {
  ff <- c(0.01, 0.5, 1, 2, 5, 10, 50, 100, 1000)
  add("f", "survival", ff, d[1], d[2], pf(ff, d[1], d[2], lower.tail = FALSE))
  add("f", "cdf", ff, d[1], d[2], pf(ff, d[1], d[2]))
}
out <- do.call(rbind, rows)
con <- file("distributions.csv", "w")
writeLines(c(sprintf("# tool: %s", R.version.string),
             "# produced by: Rscript make-distributions.R (this directory)",
             "# calls: pnorm(x), pnorm(x, lower.tail=FALSE), pnorm(x, log.p=TRUE), qnorm(p), pt(x, a), pt(x, a, lower.tail=FALSE), qt(p, a), pchisq(x, a), pchisq(x, a, lower.tail=FALSE), pf(x, a, b), pf(x, a, b, lower.tail=FALSE)",
             "# values below DBL_MIN (R returns 0 for subnormal results, e.g. pnorm(-38)) are omitted"), con)
write.csv(format(out, digits = 17), con, row.names = FALSE, quote = FALSE, na = "NA")
close(con)
