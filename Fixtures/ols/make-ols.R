# Produces mtcars.csv (R's built-in mtcars data) and ols-reference.csv: lm() results that
# Regress's OLS tests compare against. Run from this directory: Rscript make-ols.R
options(digits = 17)
d <- mtcars
d$wt2 <- 2 * d$wt          # exactly collinear with wt: lm reports NA for it
write.csv(d[, c("mpg", "wt", "hp", "qsec", "wt2", "am")], "mtcars.csv", row.names = FALSE, quote = FALSE)
models <- list(
  full      = mpg ~ wt + hp + qsec,
  aliased   = mpg ~ wt + hp + wt2 + qsec,
  intercept_free = mpg ~ 0 + wt + hp
)
rows <- list()
for (name in names(models)) {
  fit <- lm(models[[name]], data = d)
  s <- summary(fit)
  co <- coef(fit)
  tab <- s$coefficients
  for (term in names(co)) {
    r <- if (term %in% rownames(tab)) tab[term, ] else c(NA, NA, NA, NA)
    rows[[length(rows) + 1]] <- data.frame(model = name, item = term, estimate = co[[term]],
                                           se = r[2], t = r[3], p = r[4])
  }
  f <- s$fstatistic
  stats <- c(sigma = s$sigma, r.squared = s$r.squared, adj.r.squared = s$adj.r.squared,
             fstatistic = unname(f[1]), numdf = unname(f[2]), dendf = unname(f[3]),
             f.pvalue = unname(pf(f[1], f[2], f[3], lower.tail = FALSE)))
  for (k in names(stats)) {
    rows[[length(rows) + 1]] <- data.frame(model = name, item = paste0(".", k), estimate = stats[[k]],
                                           se = NA, t = NA, p = NA)
  }
}
out <- do.call(rbind, rows)
con <- file("ols-reference.csv", "w")
writeLines(c(sprintf("# tool: %s", R.version.string),
             "# produced by: Rscript make-ols.R (this directory), data: R datasets::mtcars with wt2 = 2*wt",
             "# calls: summary(lm(mpg ~ wt + hp + qsec)), summary(lm(mpg ~ wt + hp + wt2 + qsec)), summary(lm(mpg ~ 0 + wt + hp))",
             "# items starting with '.' are model statistics (value in 'estimate'); NA estimate = aliased term"), con)
write.csv(format(out, digits = 17), con, row.names = FALSE, quote = FALSE, na = "NA")
close(con)
