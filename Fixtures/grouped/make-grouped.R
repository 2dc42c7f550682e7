# Produces grouped-data.csv and grouped-reference.csv (issue 33, item 2): grouped binomial outcomes
# cbind(successes, failures) ~ ... for every link, weights and an offset, Firth (brglm2), the
# sandwich covariances, Rao's score test, per-row diagnostics and the linearised design variance.
# Run from this directory:  Rscript make-grouped.R
options(digits = 17)
suppressPackageStartupMessages({ library(sandwich); library(brglm2); library(survey) })
set.seed(20261207)
N <- 60
d <- data.frame(x = round(rnorm(N), 3), g = sample(c("a", "b", "c"), N, replace = TRUE),
                n = sample(1:25, N, replace = TRUE), w = round(runif(N, 0.5, 2), 2),
                off = round(rnorm(N, 0, 0.3), 3), cl = rep(1:12, length.out = N))
d$n[c(7, 31)] <- 0                                  # two rows with 0 trials (R: weight 0)
eta <- -0.4 + 0.8 * d$x + ifelse(d$g == "b", 0.5, ifelse(d$g == "c", -0.3, 0))
d$s <- rbinom(N, d$n, plogis(eta)); d$f <- d$n - d$s
write.csv(d[, c("s", "f", "n", "x", "g", "w", "off", "cl")], "grouped-data.csv", row.names = FALSE, quote = FALSE)

ctl <- glm.control(epsilon = 1e-15, maxit = 500)
# The fits use the rows with trials: R gives 0-trial rows weight 0 but sandwich's HC3 and influence()
# then misalign (their hat values leave those rows out), so the references drop them as Regress does.
rowid <- which(d$n > 0); d <- d[rowid, ]
names <- c("Intercept", "x", "g[T.b]", "g[T.c]")
rows <- list()
add <- function(case, item, value) rows[[length(rows) + 1]] <<- data.frame(case = case, item = item, value = value)
summaries <- function(case, m) {
  b <- coef(m); se <- sqrt(diag(vcov(m)))
  for (k in seq_along(names)) { add(case, paste0("coef:", names[k]), b[[k]]); add(case, paste0("se:", names[k]), se[[k]]) }
  add(case, "loglik", as.numeric(logLik(m))); add(case, "deviance", deviance(m)); add(case, "null_deviance", m$null.deviance)
  add(case, "aic", AIC(m)); add(case, "bic", BIC(m)); add(case, "df_residual", df.residual(m)); add(case, "nobs", nobs(m))
}
for (link in c("logit", "probit", "cloglog", "cauchit")) {
  m <- glm(cbind(s, f) ~ x + g, family = binomial(link = link), data = d, control = ctl)
  summaries(link, m)
}
m <- glm(cbind(s, f) ~ x + g, family = binomial, data = d, weights = w, offset = off, control = ctl)
summaries("weights_offset", m)
# Firth's logit: brglm2 on the grouped response (mean bias reduction).
fm <- glm(cbind(s, f) ~ x + g, family = binomial, data = d, method = "brglmFit", type = "AS_mean", epsilon = 1e-12, maxit = 500)
b <- coef(fm); se <- sqrt(diag(vcov(fm)))
for (k in seq_along(names)) { add("firth", paste0("coef:", names[k]), b[[k]]); add("firth", paste0("se:", names[k]), se[[k]]) }
# Sandwich covariances of the logit: one score per row (group).
m <- glm(cbind(s, f) ~ x + g, family = binomial, data = d, control = ctl)
for (type in c("HC0", "HC1", "HC3")) { se <- sqrt(diag(vcovHC(m, type = type)))
  for (k in seq_along(names)) add("logit", paste0(tolower(type), ":", names[k]), se[[k]]) }
se <- sqrt(diag(vcovCL(m, cluster = ~cl)))
for (k in seq_along(names)) add("logit", paste0("cluster:", names[k]), se[[k]])
# Rao's score test and the LR test of g.
r <- glm(cbind(s, f) ~ x, family = binomial, data = d, control = ctl)
a <- anova(r, m, test = "Rao"); add("logit", "rao_g", a$Rao[2]); add("logit", "rao_g_p", a[["Pr(>Chi)"]][2])
add("logit", "lr_g", a$Deviance[2])
add("logit", "pearson", sum(residuals(m, "pearson")^2))
# Per-row diagnostics of the logit (rows with 0 trials have weight 0: R gives NaN/0 there).
inf <- influence(m, do.coef = FALSE)
for (j in seq_along(rowid)) { i <- rowid[j]
  add("logit_rows", paste0("fitted:", i), fitted(m)[[j]])
  add("logit_rows", paste0("response:", i), residuals(m, "response")[[j]])
  add("logit_rows", paste0("pearson:", i), residuals(m, "pearson")[[j]])
  add("logit_rows", paste0("deviance:", i), residuals(m, "deviance")[[j]])
  add("logit_rows", paste0("working:", i), residuals(m, "working")[[j]])
  add("logit_rows", paste0("hat:", i), inf$hat[[j]])
  add("logit_rows", paste0("cooks:", i), cooks.distance(m)[[j]])
  add("logit_rows", paste0("rstandard:", i), rstandard(m)[[j]])
}
# The linearised design variance: PSUs cl, sampling weights w (svyglm's quasibinomial pseudo-ML).
des <- svydesign(ids = ~cl, weights = ~w, data = d)
sm <- svyglm(cbind(s, f) ~ x + g, design = des, family = quasibinomial(), control = ctl)
b <- coef(sm); se <- sqrt(diag(vcov(sm)))
for (k in seq_along(names)) { add("survey", paste0("coef:", names[k]), b[[k]]); add("survey", paste0("se:", names[k]), se[[k]]) }
out <- do.call(rbind, rows)
con <- file("grouped-reference.csv", "w")
writeLines(c(sprintf("# tool: %s; sandwich %s; brglm2 %s; survey %s", R.version.string, packageVersion("sandwich"),
                     packageVersion("brglm2"), packageVersion("survey")),
             "# data: grouped-data.csv (this script, set.seed(20261207)); rows 7 and 31 have 0 trials",
             "# cases logit/probit/cloglog/cauchit: glm(cbind(s, f) ~ x + g, binomial(link), glm.control(epsilon = 1e-15, maxit = 500))",
             "# weights_offset: the logit with weights = w, offset = off; firth: method = 'brglmFit', type = 'AS_mean'",
             "# hcN: vcovHC(type); cluster: vcovCL(cluster = ~cl) (its GLM default: HC0 with G/(G-1)); rao_g: anova(cbind(s, f) ~ x, full, test = 'Rao')",
             "# logit_rows: fitted, residuals(type), influence()$hat, cooks.distance, rstandard per data row (1-based)",
             "# survey: svyglm(cbind(s, f) ~ x + g, svydesign(ids = ~cl, weights = ~w), quasibinomial()) on the rows with trials",
             "# produced by: Rscript make-grouped.R (this directory)"), con)
write.csv(format(out, digits = 17), con, row.names = FALSE, quote = FALSE)
close(con)
