# Produces fitquality-reference.csv: AUC with DeLong variance/interval (pROC), Hosmer-Lemeshow with
# 10 groups formed as Stata's `estat gof, group(10)` (xtile on the fitted probabilities), the Brier
# score and the classification table at 0.5, for the Hosmer & Lemeshow low-birth-weight logit.
# Run from this directory: Rscript make-fitquality.R
options(digits = 17)
suppressPackageStartupMessages(library(pROC))
bw <- read.csv("../glm/birthwt.csv"); bw$race <- factor(bw$race)
f <- glm(low ~ age + lwt + race + smoke + ptl + ht + ui, family = binomial, data = bw,
         control = glm.control(epsilon = 1e-14, maxit = 100))
y <- bw$low; p <- fitted(f)
r <- roc(y, p, direction = "<", levels = c(0, 1), quiet = TRUE)
ci <- ci.auc(r, method = "delong")
# Stata's percentiles (_pctile, default definition) and xtile grouping.
stata_pctile <- function(x, q) { x <- sort(x); n <- length(x); pos <- n * q
  k <- floor(pos); if (pos == k) (x[max(k, 1)] + x[min(k + 1, n)]) / 2 else x[k + 1] }
cuts <- sapply((1:9) / 10, function(q) stata_pctile(p, q))
g <- sapply(p, function(v) { i <- which(v <= cuts); if (length(i)) min(i) else 10 })
O <- tapply(y, g, sum); E <- tapply(p, g, sum); N <- tapply(y, g, length)
hl <- sum((O - E)^2 / (E * (1 - E / N)))
rows <- data.frame(item = c("auc", "auc_se", "auc_lower", "auc_upper", "hl", "hl_groups", "hl_p", "brier",
                            "tp", "fp", "tn", "fn"),
                   value = c(as.numeric(auc(r)), sqrt(var(r, method = "delong")), ci[1], ci[3], hl, length(O),
                             pchisq(hl, length(O) - 2, lower.tail = FALSE), mean((y - p)^2),
                             sum(y == 1 & p >= 0.5), sum(y == 0 & p >= 0.5), sum(y == 0 & p < 0.5), sum(y == 1 & p < 0.5)))
con <- file("fitquality-reference.csv", "w")
writeLines(c(sprintf("# tool: %s; pROC %s (roc, var and ci.auc with method = \"delong\")", R.version.string, packageVersion("pROC")),
             "# model: glm(low ~ age + lwt + factor(race) + smoke + ptl + ht + ui, binomial, birthwt) (Stata manual: logistic low age lwt i.race smoke ptl ht ui)",
             "# hl: Hosmer-Lemeshow with Stata's xtile grouping into 10 groups (for this model, Stata manual example; its printed chi2(8) = 9.65 is consistent, not used as a reference)",
             "# produced by: Rscript make-fitquality.R (this directory)"), con)
write.csv(format(rows, digits = 17), con, row.names = FALSE, quote = FALSE)
close(con)
