# Produces conventions-reference.csv (issue 33): Stata's and R's covariance conventions by name,
# Rao's score test, the Pearson goodness-of-fit statistic and Hosmer-Lemeshow with other numbers of
# groups, for the low-birth-weight logit. Run from this directory:  Rscript make-conventions.R
options(digits = 17)
suppressPackageStartupMessages(library(sandwich))
bw <- read.csv("../reference/birthwt.csv")
ctl <- glm.control(epsilon = 1e-15, maxit = 500)
f <- glm(low ~ age + lwt + factor(race) + smoke, family = binomial, data = bw, control = ctl)
r <- glm(low ~ age + lwt + smoke, family = binomial, data = bw, control = ctl)
fp <- glm(low ~ age + lwt + factor(race) + smoke, family = binomial(link = "probit"), data = bw, control = ctl)
rp <- glm(low ~ age + lwt + smoke, family = binomial(link = "probit"), data = bw, control = ctl)
n <- nobs(f)
names <- c("Intercept", "age", "lwt", "C(race)[T.2]", "C(race)[T.3]", "smoke")
rows <- list()
add <- function(item, value) rows[[length(rows) + 1]] <<- data.frame(item = item, value = value)
# Stata's vce(robust) for ML models: HC0 times n/(n-1).
robust <- sqrt(diag(vcovHC(f, type = "HC0") * n / (n - 1)))
for (k in seq_along(names)) add(paste0("robust_se:", names[k]), robust[[k]])
# The unadjusted cluster sandwich (R gee's): vcovCL(type = "HC0", cadjust = FALSE), clusters of ptl.
none <- sqrt(diag(vcovCL(f, cluster = ~ptl, type = "HC0", cadjust = FALSE)))
for (k in seq_along(names)) add(paste0("cluster_none_se:", names[k]), none[[k]])
# Rao's score test of C(race), logit and probit (expected information, as R's glm).
a <- anova(r, f, test = "Rao"); add("rao_logit", a$Rao[2]); add("rao_logit_df", a$Df[2]); add("rao_logit_p", a[["Pr(>Chi)"]][2])
ap <- anova(rp, fp, test = "Rao"); add("rao_probit", ap$Rao[2]); add("rao_probit_p", ap[["Pr(>Chi)"]][2])
# Pearson's chi-squared on the residual degrees of freedom.
pearson <- sum(residuals(f, "pearson")^2)
add("pearson", pearson); add("pearson_df", df.residual(f)); add("pearson_p", pchisq(pearson, df.residual(f), lower.tail = FALSE))
# Hosmer-Lemeshow with Stata's xtile grouping into G groups (as make-fitquality.R for G = 10).
y <- bw$low; p <- fitted(f)
stata_pctile <- function(x, q) { x <- sort(x); n <- length(x); pos <- n * q
  k <- floor(pos); if (pos == k) (x[max(k, 1)] + x[min(k + 1, n)]) / 2 else x[k + 1] }
for (G in c(5, 8)) {
  cuts <- unique(sapply((1:(G - 1)) / G, function(q) stata_pctile(p, q)))
  g <- sapply(p, function(v) { i <- which(v <= cuts); if (length(i)) min(i) else length(cuts) + 1 })
  O <- tapply(y, g, sum); E <- tapply(p, g, sum); N <- tapply(y, g, length)
  hl <- sum((O - E)^2 / (E * (1 - E / N)))
  add(paste0("hl", G), hl); add(paste0("hl", G, "_groups"), length(O)); add(paste0("hl", G, "_p"), pchisq(hl, length(O) - 2, lower.tail = FALSE))
}
out <- do.call(rbind, rows)
con <- file("conventions-reference.csv", "w")
writeLines(c(sprintf("# tool: %s; sandwich %s", R.version.string, packageVersion("sandwich")),
             "# model: glm(low ~ age + lwt + factor(race) + smoke, binomial, birthwt), glm.control(epsilon = 1e-15, maxit = 500); reduced: without factor(race)",
             "# robust_se: sqrt(diag(vcovHC(f, type = 'HC0') * n/(n-1))) (Stata vce(robust)); cluster_none_se: vcovCL(f, cluster = ~ptl, type = 'HC0', cadjust = FALSE)",
             "# rao_*: anova(reduced, full, test = 'Rao'); pearson: sum(residuals(f, 'pearson')^2) on df.residual; hlG: Stata xtile grouping into G groups",
             "# produced by: Rscript make-conventions.R (this directory)"), con)
write.csv(format(out, digits = 17), con, row.names = FALSE, quote = FALSE)
close(con)
