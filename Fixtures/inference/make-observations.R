# Produces observations-reference.csv (issue 33, item 1): per-observation diagnostics of a logit and
# a probit on the low-birth-weight data, two rows with lwt missing and one with weight 0 (present in
# the output with empty cells). Run from this directory:  Rscript make-observations.R
options(digits = 17)
bw <- read.csv("../reference/birthwt.csv")
bw$lwt[c(5, 40)] <- NA
bw$w <- ifelse(seq_len(nrow(bw)) %% 7 == 0, 2, 1); bw$w[10] <- 0
write.csv(bw, "observations-data.csv", row.names = FALSE, na = "")
# epsilon = 1e-300: 100 IRLS steps, in effect no stopping rule. glm stops on the relative change of the deviance, which
# at 1e-15 leaves the probit (Fisher scoring converges linearly) ~1e-9 from its optimum; the steps
# reach it to machine precision (the "did not converge" warning is expected).
ctl <- glm.control(epsilon = 1e-300, maxit = 100)
out <- list()
for (link in c("logit", "probit")) {
  f <- suppressWarnings(glm(low ~ age + lwt + factor(race) + smoke, family = binomial(link = link), data = bw, weights = w, control = ctl))
  used <- as.integer(names(fitted(f)))     # rows R kept (missing lwt dropped); weight-0 rows are in
  keep <- used[weights(f) > 0]
  infl <- influence(f)
  dfb <- dfbeta(f)
  tab <- data.frame(row = used, fitted = fitted(f), linear_predictor = f$linear.predictors,
                    residual_response = residuals(f, "response"), residual_pearson = residuals(f, "pearson"),
                    residual_deviance = residuals(f, "deviance"), residual_working = residuals(f, "working"))
  tab <- tab[weights(f) > 0, ]
  tab$hat <- infl$hat
  tab$std_residual_pearson <- rstandard(f, type = "pearson")
  tab$std_residual_deviance <- rstandard(f, type = "deviance")
  tab$cooks_distance <- cooks.distance(f)
  colnames(dfb) <- c("Intercept", "age", "lwt", "C(race)[T.2]", "C(race)[T.3]", "smoke")
  for (j in colnames(dfb)) tab[[paste0("dfbeta:", j)]] <- dfb[, j]
  for (col in names(tab)[-1]) for (i in seq_len(nrow(tab))) {
    out[[length(out) + 1]] <- data.frame(case = link, row = tab$row[i], item = col, value = tab[[col]][i])
  }
}
res <- do.call(rbind, out)
con <- file("observations-reference.csv", "w")
writeLines(c(sprintf("# tool: %s", R.version.string),
             "# model: glm(low ~ age + lwt + factor(race) + smoke, binomial(link), data = observations-data.csv, weights = w), glm.control(epsilon = 1e-300, maxit = 100)",
             "# items: fitted(), linear.predictors, residuals(type = response/pearson/deviance/working), influence()$hat, rstandard(type = pearson/deviance), cooks.distance(), dfbeta()",
             "# rows: data rows (1-based) with positive weight; rows 5 and 40 (lwt missing) and 10 (weight 0) have none",
             "# produced by: Rscript make-observations.R (this directory)"), con)
write.csv(format(res, digits = 17), con, row.names = FALSE, quote = FALSE)
close(con)
