# Produces influence-reference.csv: boot::empinf(type = "inf") — numerical derivatives of the
# weighted glm estimates with respect to each row's weight — for logit and probit fits of
# birthwt, and boot.ci(type = "bca", L = ...) on a replicate matrix from boot(), for Regress's
# analytic influence values (RobustCovariance.influenceValues) and BCa from influence values.
# Run from this directory: Rscript make-influence.R
options(digits = 17)
suppressPackageStartupMessages(library(boot))
d <- read.csv("../reference/birthwt.csv")
d$race <- factor(d$race)
out <- list()
set.seed(2015)
for (link in c("logit", "probit")) {
  stat <- function(data, w) suppressWarnings(coef(glm(low ~ age + lwt + race + smoke, family = binomial(link),
                                                     data = data, weights = w * nrow(data),
                                                     control = glm.control(epsilon = 1e-14, maxit = 100))))
  # stype = "w": the statistic takes weights; empinf(type = "inf") differentiates numerically.
  b <- boot(d, stat, R = 999, stype = "w")
  t0 <- stat(d, rep(1 / nrow(d), nrow(d)))
  for (j in seq_along(t0)) {
    L <- empinf(data = d, statistic = stat, stype = "w", type = "inf", index = j, eps = 1e-6 / nrow(d))
    ci <- boot.ci(b, conf = 0.95, type = "bca", index = j, L = L)
    out[[length(out) + 1]] <- data.frame(link = link, term = names(t0)[j], row = seq_len(nrow(d)), influence = L,
                                         bca_lower = ci$bca[4], bca_upper = ci$bca[5], t0 = t0[j])
  }
  write.csv(data.frame(b$t), sprintf("influence-replicates-%s.csv", link), row.names = FALSE, quote = FALSE)
}

res <- do.call(rbind, out)
con <- file("influence-reference.csv", "w")
writeLines(c(sprintf("# tool: %s; boot %s", R.version.string, packageVersion("boot")),
             "# data: birthwt (MASS), race as a factor; model: glm(low ~ age + lwt + race + smoke, binomial(link), weights = w * n), epsilon 1e-14",
             "# influence: empinf(data = d, statistic = stat, stype = 'w', type = 'inf', index = j, eps = 1e-6 / n) (numerical derivative in each row's weight)",
             "# bca: boot.ci(b, conf = 0.95, type = 'bca', index = j, L = influence) on b = boot(d, stat, R = 999, stype = 'w'), replicates in influence-replicates-<link>.csv",
             "# script: make-influence.R"), con)
write.csv(res, con, row.names = FALSE, quote = FALSE)
close(con)
