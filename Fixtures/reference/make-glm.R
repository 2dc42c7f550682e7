# Produces the datasets (infert.csv, birthwt.csv, mtcars.csv, endometrial.csv) and
# glm-reference.csv: R glm() and brglm2 results that Regress's GLM tests compare against.
# Run from this directory:  Rscript make-glm.R
# Coefficient names are written as Regress (patsy) names them, e.g. C(race)[T.2].
Sys.setlocale("LC_COLLATE", "C")
options(digits = 17)
suppressPackageStartupMessages({ library(MASS); library(brglm2) })

infert2 <- data.frame(case = infert$case, spontaneous = infert$spontaneous, induced = infert$induced,
                      education = as.character(infert$education), stratum = infert$stratum)
bw <- data.frame(low = birthwt$low, age = birthwt$age, lwt = birthwt$lwt, race = birthwt$race,
                 smoke = birthwt$smoke, ptl = birthwt$ptl, ht = birthwt$ht, ui = birthwt$ui)
bw$lwt2 <- 2 * bw$lwt
mt <- mtcars[, c("am", "vs", "mpg", "wt", "hp", "qsec", "gear", "carb")]
data(endometrial, package = "brglm2")
write.csv(infert2, "infert.csv", row.names = FALSE, quote = TRUE)
write.csv(bw, "birthwt.csv", row.names = FALSE)
write.csv(mt, "mtcars.csv", row.names = FALSE)
write.csv(endometrial, "endometrial.csv", row.names = FALSE)

rows <- list()
add <- function(case, item, value) rows[[length(rows) + 1]] <<- data.frame(case = case, item = item, value = value)
record <- function(case, fit, names, call) {
  co <- coef(fit)
  se <- sqrt(diag(vcov(fit, complete = TRUE)))
  for (k in seq_along(co)) {
    add(case, paste0("coef:", names[k]), co[[k]])
    add(case, paste0("se:", names[k]), if (is.na(co[[k]])) NA else se[[k]])
  }
  add(case, ".loglik", as.numeric(logLik(fit)))
  add(case, ".deviance", deviance(fit))
  add(case, ".null.deviance", fit$null.deviance)
  add(case, ".aic", AIC(fit))
  add(case, ".bic", BIC(fit))
  add(case, ".nobs", nobs(fit))
  add(case, ".converged", as.numeric(fit$converged))
  calls[[case]] <<- call
}
calls <- list()
# Converged to machine precision: R's glm stops at a relative deviance change of 1e-8 and takes
# vcov() from the weights of the previous iterate, which leaves probit/cloglog/cauchit estimates
# about 1e-6 and standard errors about 1e-5 from the MLE. Regress polishes to the MLE.
tight <- glm.control(epsilon = 1e-14, maxit = 100)
# glm.fit's QR rank tolerance is min(1e-7, epsilon/1000): with epsilon = 1e-14 it no longer sees
# the exact collinearity of lwt2 = 2*lwt and returns estimates near 1e28. The aliased case uses
# epsilon = 1e-11 (rank tolerance 1e-14), still far below the logit's quadratic convergence.
aliasing <- glm.control(epsilon = 1e-11, maxit = 100)

f <- glm(case ~ spontaneous + induced + education, family = binomial, data = infert2, control = tight)
record("infert_logit", f, c("Intercept", "spontaneous", "induced", "education[T.12+ yrs]", "education[T.6-11yrs]"),
       "glm(case ~ spontaneous + induced + education, family = binomial, data = infert, control = glm.control(epsilon = 1e-14, maxit = 100))")

f <- glm(low ~ age + lwt + lwt2 + factor(race) + smoke + ptl + ht + ui, family = binomial, data = bw, control = aliasing)
record("birthwt_logit_aliased", f, c("Intercept", "age", "lwt", "lwt2", "C(race)[T.2]", "C(race)[T.3]", "smoke", "ptl", "ht", "ui"),
       "glm(low ~ age + lwt + lwt2 + factor(race) + smoke + ptl + ht + ui, family = binomial, data = birthwt, control = glm.control(epsilon = 1e-11, maxit = 100)), lwt2 = 2*lwt")

nm <- c("Intercept", "age", "lwt", "C(race)[T.2]", "C(race)[T.3]", "smoke")
for (link in c("probit", "cloglog", "cauchit")) {
  f <- glm(low ~ age + lwt + factor(race) + smoke, family = binomial(link = link), data = bw, control = tight)
  record(paste0("birthwt_", link), f, nm,
         sprintf("glm(low ~ age + lwt + factor(race) + smoke, family = binomial(link = \"%s\"), data = birthwt, control = glm.control(epsilon = 1e-14, maxit = 100))", link))
}

f <- glm(vs ~ mpg + wt, family = binomial, data = mt, weights = carb, control = tight)
record("mtcars_weights", f, c("Intercept", "mpg", "wt"),
       "glm(vs ~ mpg + wt, family = binomial, data = mtcars, weights = carb, control = glm.control(epsilon = 1e-14, maxit = 100))")

f <- glm(am ~ hp, family = binomial, data = mt, offset = qsec / 10, control = tight)
record("mtcars_offset", f, c("Intercept", "hp"), "glm(am ~ hp, family = binomial, data = mtcars, offset = qsec / 10, control = glm.control(epsilon = 1e-14, maxit = 100))")

f <- glm(HG ~ NV + PI + EH, family = binomial, data = endometrial)
record("endometrial_ml", f, c("Intercept", "NV", "PI", "EH"),
       "glm(HG ~ NV + PI + EH, family = binomial, data = endometrial)  # separation: NV is infinite")

f <- glm(HG ~ NV + PI + EH, family = binomial, data = endometrial, method = "brglmFit", type = "AS_mean")
record("endometrial_firth", f, c("Intercept", "NV", "PI", "EH"),
       "glm(HG ~ NV + PI + EH, family = binomial, data = endometrial, method = \"brglmFit\", type = \"AS_mean\")")

f <- glm(low ~ age + lwt + factor(race) + smoke, family = binomial, data = bw, method = "brglmFit", type = "AS_mean")
record("birthwt_firth", f, nm,
       "glm(low ~ age + lwt + factor(race) + smoke, family = binomial, data = birthwt, method = \"brglmFit\", type = \"AS_mean\")")

suppressPackageStartupMessages(library(sandwich))
f <- lm(low ~ age + lwt + factor(race) + smoke, data = bw)
hc1 <- sqrt(diag(vcovHC(f, type = "HC1")))
for (k in seq_along(coef(f))) {
  add("birthwt_lpm", paste0("coef:", nm[k]), coef(f)[[k]])
  add("birthwt_lpm", paste0("se:", nm[k]), hc1[[k]])
}
add("birthwt_lpm", ".loglik", as.numeric(logLik(f)))
calls[["birthwt_lpm"]] <- sprintf("lm(low ~ age + lwt + factor(race) + smoke, data = birthwt); sqrt(diag(sandwich::vcovHC(fit, type = \"HC1\"))) (sandwich %s)", packageVersion("sandwich"))

sep <- tryCatch({
  d <- glm(HG ~ NV + PI + EH, family = binomial, data = endometrial, method = "detect_separation")
  paste(names(d$coefficients), d$coefficients, collapse = "; ")
}, error = function(e) paste("detect_separation unavailable:", conditionMessage(e)))

out <- do.call(rbind, rows)
con <- file("glm-reference.csv", "w")
writeLines(c(sprintf("# tool: %s; MASS %s; brglm2 %s", R.version.string, packageVersion("MASS"), packageVersion("brglm2")),
             "# produced by: Rscript make-glm.R (this directory); standard errors from vcov() (expected information for glm)",
             paste0("# call ", names(calls), ": ", unlist(calls)),
             paste0("# detect_separation(endometrial): ", sep)), con)
write.csv(format(out, digits = 17), con, row.names = FALSE, quote = FALSE, na = "NA")
close(con)
