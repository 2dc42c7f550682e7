# Produces boot-replicates.csv (a replicate matrix and leave-one-out values) and
# boot-intervals.csv (boot::boot.ci on exactly those replicates), for Regress's interval tests.
# Run from this directory: Rscript make-boot.R
options(digits = 17)
suppressPackageStartupMessages(library(boot))
d <- read.csv("../glm/infert.csv")
stat <- function(data, i) {
  f <- glm(case ~ spontaneous + induced, family = binomial, data = data[i, ])
  c(coef(f)[["spontaneous"]], vcov(f)["spontaneous", "spontaneous"])
}
set.seed(2015)
b <- boot(d, stat, R = 999)
loo <- sapply(seq_len(nrow(d)), function(i) stat(d, -i)[1])
# Two jackknife influence definitions: Efron & Tibshirani (1993, eq. 14.15) centre on the mean of
# the leave-one-out values; boot's empinf(type = "jack") (Davison & Hinkley) on the full-sample t0.
L_et <- (length(loo) - 1) * (mean(loo) - loo)
L_dh <- empinf(b, index = 1, type = "jack")
stopifnot(isTRUE(all.equal(L_dh, (length(loo) - 1) * (b$t0[1] - loo), tolerance = 1e-10)))
ci <- boot.ci(b, conf = 0.95, type = c("norm", "basic", "perc", "bca"), index = 1, L = L_et)
ci_dh <- boot.ci(b, conf = 0.95, type = "bca", index = 1, L = L_dh)
st <- boot.ci(b, conf = 0.95, type = "stud", index = c(1, 2))
write.csv(data.frame(t = b$t[, 1], var = b$t[, 2]), "boot-replicates.csv", row.names = FALSE, quote = FALSE)
write.csv(data.frame(loo = loo), "boot-jackknife.csv", row.names = FALSE, quote = FALSE)
out <- data.frame(method = c("t0", "var0", "normal", "basic", "percentile", "studentized", "bca", "bca_davison_hinkley"),
                  lower = c(b$t0[1], b$t0[2], ci$normal[2], ci$basic[4], ci$percent[4], st$student[4], ci$bca[4], ci_dh$bca[4]),
                  upper = c(b$t0[1], b$t0[2], ci$normal[3], ci$basic[5], ci$percent[5], st$student[5], ci$bca[5], ci_dh$bca[5]))
con <- file("boot-intervals.csv", "w")
writeLines(c(sprintf("# tool: %s; boot %s", R.version.string, packageVersion("boot")),
             "# statistic: coefficient of spontaneous (and its vcov entry) in glm(case ~ spontaneous + induced, binomial, infert); boot(R = 999) after set.seed(2015)",
             "# calls: boot.ci(b, conf = 0.95, type = c('norm', 'basic', 'perc', 'bca'), index = 1, L = (n-1)*(mean(loo) - loo)) [Efron-Tibshirani]; boot.ci(b, type = 'bca', L = empinf(b, type = 'jack')) [bca_davison_hinkley]; boot.ci(b, type = 'stud', index = c(1, 2))",
             "# replicates in boot-replicates.csv, leave-one-out estimates in boot-jackknife.csv; produced by: Rscript make-boot.R (this directory)"), con)
write.csv(format(out, digits = 17), con, row.names = FALSE, quote = FALSE)
close(con)
