# Produces the survey datasets (apistrat.csv, apiclus1.csv, apiclus2.csv, brrdata.csv) and
# survey-reference.csv: R `survey` results (svyglm, svrepdesign, subset, regTermTest, predict)
# that Regress's survey tests compare against. Run from this directory:  Rscript make-survey.R
# Datasets: R survey's own `api` data (California Academic Performance Index samples) with the
# binary outcome sw = (sch.wide == "Yes"); brrdata is simulated here (seed 31): 8 strata × 2 PSUs.
Sys.setlocale("LC_COLLATE", "C")
options(digits = 17)
suppressPackageStartupMessages(library(survey))
data(api)

prep <- function(d) {
  out <- data.frame(sw = as.numeric(d$sch.wide == "Yes"), awards = as.numeric(d$awards == "Yes"),
                    ell = d$ell, meals = d$meals, mobility = d$mobility, stype = as.character(d$stype),
                    yr_rnd = as.character(d$yr.rnd), dnum = d$dnum, snum = d$snum, cname = as.character(d$cname),
                    pw = d$pw)
  out
}
strat <- prep(apistrat); strat$fpc <- apistrat$fpc
clus1 <- prep(apiclus1); clus1$fpc <- apiclus1$fpc
clus2 <- prep(apiclus2); clus2$fpc1 <- apiclus2$fpc1; clus2$fpc2 <- apiclus2$fpc2

# Replicate weights of the one-stage cluster sample, exported as columns (combined with pw).
dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = clus1)
jk1 <- weights(as.svrepdesign(dclus1, type = "JK1"), "analysis")
set.seed(2026)
bs <- weights(as.svrepdesign(dclus1, type = "bootstrap", replicates = 40), "analysis")
for (r in seq_len(ncol(jk1))) clus1[[sprintf("jk1_%02d", r)]] <- jk1[, r]
for (r in seq_len(ncol(bs))) clus1[[sprintf("bs_%02d", r)]] <- bs[, r]

# A stratified two-PSU-per-stratum sample for BRR, Fay and JKn.
set.seed(31)
H <- 8; m <- 12
brr <- do.call(rbind, lapply(1:H, function(h) do.call(rbind, lapply(1:2, function(j) {
  x1 <- rnorm(m, mean = h / 4); x2 <- runif(m)
  eta <- -0.5 + 0.8 * x1 - 1.2 * x2 + rnorm(1, sd = 0.3)
  data.frame(stratum = paste0("s", h), psu = j, y = rbinom(m, 1, plogis(eta)), x1 = x1, x2 = x2,
             w = round(runif(m, 5, 15), 1))
}))))
dbrr <- svydesign(id = ~psu, strata = ~stratum, weights = ~w, nest = TRUE, data = brr)
brrw <- weights(as.svrepdesign(dbrr, type = "BRR"), "analysis")
fayw <- weights(as.svrepdesign(dbrr, type = "Fay", fay.rho = 0.3), "analysis")
jknw <- weights(as.svrepdesign(dbrr, type = "JKn"), "analysis")
for (r in seq_len(ncol(brrw))) brr[[sprintf("brr_%02d", r)]] <- brrw[, r]
for (r in seq_len(ncol(fayw))) brr[[sprintf("fay_%02d", r)]] <- fayw[, r]
for (r in seq_len(ncol(jknw))) brr[[sprintf("jkn_%02d", r)]] <- jknw[, r]

write.csv(strat, "apistrat.csv", row.names = FALSE)
write.csv(clus1, "apiclus1.csv", row.names = FALSE)
write.csv(clus2, "apiclus2.csv", row.names = FALSE)
write.csv(brr, "brrdata.csv", row.names = FALSE)

rows <- list(); calls <- list()
add <- function(case, item, value) rows[[length(rows) + 1]] <<- data.frame(case = case, item = item, value = value)
record <- function(case, fit, call, design.df) {
  co <- coef(fit); se <- sqrt(diag(vcov(fit)))
  nm <- names(co); nm[nm == "(Intercept)"] <- "Intercept"
  for (k in seq_along(co)) { add(case, paste0("coef:", nm[k]), co[[k]]); add(case, paste0("se:", nm[k]), se[[k]]) }
  s <- summary(fit)$coefficients
  for (k in seq_along(co)) add(case, paste0("p:", nm[k]), s[k, 4])
  ci <- confint(fit)
  for (k in seq_along(co)) { add(case, paste0("lower:", nm[k]), ci[k, 1]); add(case, paste0("upper:", nm[k]), ci[k, 2]) }
  add(case, ".df.residual", fit$df.residual)
  add(case, ".degf", design.df)
  calls[[case]] <<- call
}
# Converged to machine precision: glm stops at a relative deviance change of epsilon and its final
# working weights are one step behind, so the default 1e-8 leaves SEs ~1e-7 off the converged value.
ctl <- glm.control(epsilon = 1e-15, maxit = 500)
qb <- quasibinomial()

dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = strat)
f1 <- svyglm(sw ~ ell + meals + mobility, design = dstrat, family = qb, control = ctl)
record("strat_logit", f1, "svyglm(sw ~ ell + meals + mobility, design = svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat), family = quasibinomial())", degf(dstrat))
t1 <- regTermTest(f1, ~meals + mobility)
add("strat_logit", "regTermTest:meals+mobility:F", t1$Ftest); add("strat_logit", "regTermTest:meals+mobility:df", t1$df)
add("strat_logit", "regTermTest:meals+mobility:ddf", t1$ddf); add("strat_logit", "regTermTest:meals+mobility:p", t1$p)
pr <- predict(f1, newdata = data.frame(ell = 20, meals = 50, mobility = 10), type = "response")
add("strat_logit", "predict:ell=20;meals=50;mobility=10", as.numeric(pr)); add("strat_logit", "predict.se:ell=20;meals=50;mobility=10", as.numeric(SE(pr)))
# The average marginal effect of meals, by the delta method on vcov(f1) (svycontrast cannot average over rows).
X <- model.matrix(f1); b <- coef(f1); w <- weights(dstrat); eta <- drop(X %*% b); dens <- dlogis(eta)
ame <- sum(w * b["meals"] * dens) / sum(w)
grad <- colSums(w * (outer(dens * (1 - 2 * plogis(eta)) * b["meals"], rep(1, ncol(X))) * X)) / sum(w); names(grad) <- colnames(X)
grad["meals"] <- grad["meals"] + sum(w * dens) / sum(w)
add("strat_logit", "ame:meals", ame); add("strat_logit", "ame.se:meals", sqrt(drop(t(grad) %*% vcov(f1) %*% grad)))

dstrat0 <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = strat)
f2 <- svyglm(sw ~ ell + meals + mobility, design = dstrat0, family = binomial(link = "probit"), control = ctl)
record("strat_nofpc_probit", f2, "svyglm(sw ~ ell + meals + mobility, design = svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat), family = binomial(link = 'probit'))", degf(dstrat0))

f3 <- svyglm(sw ~ ell + meals, design = dclus1, family = qb, control = ctl)
record("clus1_logit", f3, "svyglm(sw ~ ell + meals, design = svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1), family = quasibinomial())", degf(dclus1))

dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = clus2)
f4 <- svyglm(sw ~ ell + meals, design = dclus2, family = qb, control = ctl)
record("clus2_logit", f4, "svyglm(sw ~ ell + meals, design = svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2), family = quasibinomial())", degf(dclus2))

f2l <- svyglm(sw ~ ell + meals + mobility, design = dstrat, family = gaussian(), control = ctl)
record("strat_lpm", f2l, "svyglm(sw ~ ell + meals + mobility, design = svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat), family = gaussian())", degf(dstrat))

dsub <- subset(dstrat, yr_rnd == "No")
f5 <- svyglm(sw ~ ell + meals + mobility, design = dsub, family = qb, control = ctl)
record("strat_domain", f5, "svyglm(sw ~ ell + meals + mobility, design = subset(svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat), yr_rnd == 'No'), family = quasibinomial())", degf(dsub))

dsub1 <- subset(dclus1, stype == "E")
f6 <- svyglm(sw ~ ell + meals, design = dsub1, family = qb, control = ctl)
record("clus1_domain", f6, "svyglm(sw ~ ell + meals, design = subset(svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1), stype == 'E'), family = quasibinomial())", degf(dsub1))

for (rule in c("adjust", "average", "remove", "certainty")) {
  options(survey.lonely.psu = rule)
  dl <- svydesign(id = ~1, strata = ~cname, weights = ~pw, data = strat)
  fl <- svyglm(sw ~ ell + meals, design = dl, family = qb, control = ctl)
  record(paste0("lonely_", rule), fl, sprintf("options(survey.lonely.psu = '%s'); svyglm(sw ~ ell + meals, design = svydesign(id = ~1, strata = ~cname, weights = ~pw, data = apistrat), family = quasibinomial())", rule), degf(dl))
}
options(survey.lonely.psu = "fail")

repfit <- function(case, d, formula, call) {
  f <- svyglm(formula, design = d, family = qb, control = ctl)
  record(case, f, call, degf(d))
}
repfit("clus1_jk1", svrepdesign(data = clus1, repweights = "jk1_", type = "JK1", weights = ~pw, combined.weights = TRUE),
    sw ~ ell + meals, "svyglm(sw ~ ell + meals, design = svrepdesign(data = apiclus1, repweights = 'jk1_', type = 'JK1', weights = ~pw, combined.weights = TRUE), family = quasibinomial())")
repfit("clus1_bootstrap", svrepdesign(data = clus1, repweights = "bs_", type = "bootstrap", weights = ~pw, combined.weights = TRUE),
    sw ~ ell + meals, "svyglm(sw ~ ell + meals, design = svrepdesign(data = apiclus1, repweights = 'bs_', type = 'bootstrap', weights = ~pw, combined.weights = TRUE), family = quasibinomial())")
repfit("brr_brr", svrepdesign(data = brr, repweights = "brr_", type = "BRR", weights = ~w, combined.weights = TRUE),
    y ~ x1 + x2, "svyglm(y ~ x1 + x2, design = svrepdesign(data = brrdata, repweights = 'brr_', type = 'BRR', weights = ~w, combined.weights = TRUE), family = quasibinomial())")
repfit("brr_fay", svrepdesign(data = brr, repweights = "fay_", type = "Fay", rho = 0.3, weights = ~w, combined.weights = TRUE),
    y ~ x1 + x2, "svyglm(y ~ x1 + x2, design = svrepdesign(data = brrdata, repweights = 'fay_', type = 'Fay', rho = 0.3, weights = ~w, combined.weights = TRUE), family = quasibinomial())")
repfit("brr_jkn", svrepdesign(data = brr, repweights = "jkn_", type = "JKn", rscales = rep(0.5, ncol(jknw)), weights = ~w, combined.weights = TRUE),
    y ~ x1 + x2, "svyglm(y ~ x1 + x2, design = svrepdesign(data = brrdata, repweights = 'jkn_', type = 'JKn', rscales = 0.5 each (n_h = 2), weights = ~w, combined.weights = TRUE), family = quasibinomial())")
repfit("brr_mse", svrepdesign(data = brr, repweights = "brr_", type = "BRR", weights = ~w, combined.weights = TRUE, mse = TRUE),
    y ~ x1 + x2, "svyglm(y ~ x1 + x2, design = svrepdesign(data = brrdata, repweights = 'brr_', type = 'BRR', weights = ~w, combined.weights = TRUE, mse = TRUE), family = quasibinomial())")
f7 <- svyglm(y ~ x1 + x2, design = dbrr, family = qb, control = ctl)
record("brr_linearized", f7, "svyglm(y ~ x1 + x2, design = svydesign(id = ~psu, strata = ~stratum, weights = ~w, nest = TRUE, data = brrdata), family = quasibinomial())", degf(dbrr))

# The study's own design: the bundled synthetic survey, strata sector x size class, weights
# N_h/n_h, the register's N_h as fpc, with the study's headline specification.
ems <- read.csv("../ems2015-synthetic.csv")
groups <- c(computer_electronics = "high-tech", chemicals_pharma = "high-tech", electrical_equipment = "high-tech",
            automotive = "high-tech", machinery = "high-tech", rubber_plastics = "medium-tech", metal_products = "medium-tech",
            other = "medium-tech", food = "low-tech", textiles = "low-tech", wood_paper = "low-tech")
ems$sector_group <- unname(groups[ems$sector])
dems <- svydesign(id = ~1, strata = ~stratum, weights = ~design_weight, fpc = ~stratum_population, data = ems)
f8 <- svyglm(backshored ~ i40_technologies + log(employees) + sector_group, design = dems, family = qb, control = ctl)
names(f8$coefficients) <- sub("^sector_group", "C(sector_group)[T.", names(f8$coefficients))
names(f8$coefficients) <- ifelse(grepl("^C\\(sector_group", names(f8$coefficients)), paste0(names(f8$coefficients), "]"), names(f8$coefficients))
record("study_design", f8, "svyglm(backshored ~ i40_technologies + log(employees) + sector_group, design = svydesign(id = ~1, strata = ~stratum, weights = ~design_weight, fpc = ~stratum_population, data = ems2015-synthetic.csv), family = quasibinomial())", degf(dems))

out <- do.call(rbind, rows)
header <- c(sprintf("# tool: %s; survey %s", R.version.string, packageVersion("survey")),
            "# produced by: Rscript make-survey.R (this directory); standard errors from vcov(svyglm); p and confint from summary/confint (t with df.residual = degf + 1 - p); every fit with glm.control(epsilon = 1e-15, maxit = 500)",
            sprintf("# call %s: %s", names(calls), unlist(calls)))
con <- file("survey-reference.csv", "w"); writeLines(header, con)
write.csv(out, con, row.names = FALSE, quote = FALSE); close(con)
