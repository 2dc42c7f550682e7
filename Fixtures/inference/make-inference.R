# Produces covariance-reference.csv: robust and clustered standard errors from R's sandwich
# package for fits on the GLM fixtures (../glm/*.csv). Run from this directory: Rscript make-inference.R
Sys.setlocale("LC_COLLATE", "C")
options(digits = 17)
suppressPackageStartupMessages({ library(sandwich); library(lmtest) })
infert2 <- read.csv("../glm/infert.csv")
bw <- read.csv("../glm/birthwt.csv")
rows <- list(); calls <- list()
add <- function(case, item, value) rows[[length(rows) + 1]] <<- data.frame(case = case, item = item, value = value)
record <- function(case, V, names, call) {
  se <- sqrt(diag(V))
  for (k in seq_along(names)) add(case, paste0("se:", names[k]), se[[k]])
  calls[[case]] <<- call
}
tight <- glm.control(epsilon = 1e-14, maxit = 100)
f <- glm(case ~ spontaneous + induced + education, family = binomial, data = infert2, control = tight)
nm <- c("Intercept", "spontaneous", "induced", "education[T.12+ yrs]", "education[T.6-11yrs]")
for (type in c("HC0", "HC1", "HC2", "HC3")) {
  record(paste0("infert_", type), vcovHC(f, type = type), nm, sprintf("vcovHC(fit, type = \"%s\")", type))
}
record("infert_cluster_sandwich", vcovCL(f, cluster = ~stratum), nm, "vcovCL(fit, cluster = ~stratum)  # default: G/(G-1)")
record("infert_cluster_stata", vcovCL(f, cluster = ~stratum, type = "HC1"), nm,
       "vcovCL(fit, cluster = ~stratum, type = \"HC1\")  # G/(G-1) * (n-1)/(n-k), Stata's regress factor")
record("infert_cluster2_sandwich", vcovCL(f, cluster = ~stratum + education), nm,
       "vcovCL(fit, cluster = ~stratum + education)  # two-way, default adjustment")
record("infert_cluster2_stata", vcovCL(f, cluster = ~stratum + education, type = "HC1"), nm,
       "vcovCL(fit, cluster = ~stratum + education, type = \"HC1\")")
fp <- glm(low ~ age + lwt + factor(race) + smoke, family = binomial(link = "probit"), data = bw, control = tight)
nmb <- c("Intercept", "age", "lwt", "C(race)[T.2]", "C(race)[T.3]", "smoke")
record("birthwt_probit_HC3", vcovHC(fp, type = "HC3"), nmb, "vcovHC(glm(..., binomial(link = \"probit\")), type = \"HC3\")  # expected-information bread")
fl <- lm(low ~ age + lwt + factor(race) + smoke, data = bw)
for (type in c("HC0", "HC2", "HC3")) {
  record(paste0("birthwt_lpm_", type), vcovHC(fl, type = type), nmb, sprintf("vcovHC(lm(low ~ age + lwt + factor(race) + smoke), type = \"%s\")", type))
}
# Tests of dropping the education term (2 columns): Wald with the model-based and the HC0
# covariance, and the likelihood-ratio test against the refit without it.
J <- c("education12+ yrs", "education6-11yrs")
wald <- function(V) { b <- coef(f)[J]; as.numeric(t(b) %*% solve(V[J, J]) %*% b) }
add("infert_test_education", "wald", wald(vcov(f)))
add("infert_test_education", "wald_hc0", wald(vcovHC(f, type = "HC0")))
reduced <- glm(case ~ spontaneous + induced, family = binomial, data = infert2, control = tight)
lr <- anova(reduced, f, test = "LRT")
add("infert_test_education", "lr", lr$Deviance[2])
add("infert_test_education", "lr_p", lr[["Pr(>Chi)"]][2])
add("infert_test_education", "wald_p", pchisq(wald(vcov(f)), 2, lower.tail = FALSE))
calls[["infert_test_education"]] <- "t(b[J]) %*% solve(V[J, J]) %*% b[J] for J = education columns, V = vcov(fit) or vcovHC(fit, \"HC0\"); anova(glm(case ~ spontaneous + induced), fit, test = \"LRT\")"

out <- do.call(rbind, rows)
con <- file("covariance-reference.csv", "w")
writeLines(c(sprintf("# tool: %s; sandwich %s; lmtest %s", R.version.string, packageVersion("sandwich"), packageVersion("lmtest")),
             "# produced by: Rscript make-inference.R (this directory); fits as in ../glm/make-glm.R (epsilon = 1e-14)",
             paste0("# call ", names(calls), ": ", unlist(calls))), con)
write.csv(format(out, digits = 17), con, row.names = FALSE, quote = FALSE, na = "NA")
close(con)
