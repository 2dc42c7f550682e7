# Produces margins-reference.csv: average marginal effects, marginal effects at the means and
# average predictions for a logit with a log, a square, a factor and an interaction, computed by
# NUMERICAL differentiation of predict() on counterfactual data (central differences), with
# delta-method standard errors from a numerical Jacobian in the coefficients. An independent check
# of Regress's analytic (forward-mode) derivatives. Run from this directory: Rscript make-margins.R
Sys.setlocale("LC_COLLATE", "C")
options(digits = 17)
bw <- read.csv("../glm/birthwt.csv")
bw$race <- factor(bw$race)
f <- glm(low ~ age + log(lwt) + I(age^2) + race + smoke + age:smoke, family = binomial, data = bw,
         control = glm.control(epsilon = 1e-14, maxit = 100))
b <- coef(f); V <- vcov(f); tt <- delete.response(terms(f))
X <- function(data) model.matrix(tt, model.frame(tt, data, xlev = f$xlevels))
avgp <- function(beta, data) mean(plogis(X(data) %*% beta))
h <- function(x) 1e-4 * max(1, abs(x))
# Central differences with one Richardson extrapolation step: error O(h^4).
richardson <- function(at_step, step) (4 * at_step(step / 2) - at_step(step)) / 3
numgrad <- function(fun) sapply(seq_along(b), function(j) {
  richardson(function(s) { e <- rep(0, length(b)); e[j] <- s; (fun(b + e) - fun(b - e)) / (2 * s) }, h(b[j])) })
rows <- list()
add <- function(case, term, est, se) rows[[length(rows) + 1]] <<- data.frame(case = case, term = term, estimate = est, se = se)
deriv_ame <- function(var) function(beta) richardson(function(s) { d1 <- bw; d2 <- bw
  d1[[var]] <- d1[[var]] + s; d2[[var]] <- d2[[var]] - s; (avgp(beta, d1) - avgp(beta, d2)) / (2 * s) }, h(mean(bw[[var]])))
change <- function(var, to, from) function(beta) { d1 <- bw; d0 <- bw
  d1[[var]] <- if (is.factor(bw[[var]])) factor(to, levels = levels(bw[[var]])) else to
  d0[[var]] <- if (is.factor(bw[[var]])) factor(from, levels = levels(bw[[var]])) else from
  avgp(beta, d1) - avgp(beta, d0) }
record <- function(case, term, fun) { g <- numgrad(fun); add(case, term, fun(b), sqrt(drop(t(g) %*% V %*% g))) }
record("ame", "age", deriv_ame("age"))
record("ame", "lwt", deriv_ame("lwt"))
record("ame", "race[2]", change("race", "2", "1"))
record("ame", "race[3]", change("race", "3", "1"))
record("ame", "smoke", change("smoke", 1, 0))
for (a in c(20, 30)) {
  d <- bw; d$age <- a
  Xa <- X(d); eta <- drop(Xa %*% b)
  g <- colMeans(dlogis(eta) * Xa)   # the gradient of the mean prediction, in closed form
  p <- mean(plogis(eta)); se <- sqrt(drop(t(g) %*% V %*% g))
  l <- qlogis(p); sel <- se / dlogis(l)
  rows[[length(rows) + 1]] <- data.frame(case = "prediction", term = paste0("age=", a), estimate = p, se = se)
  rows[[length(rows) + 1]] <- data.frame(case = "prediction_ci", term = paste0("age=", a),
                                         estimate = plogis(l - qnorm(0.975) * sel), se = plogis(l + qnorm(0.975) * sel))
}
out <- do.call(rbind, rows)
con <- file("margins-reference.csv", "w")
writeLines(c(sprintf("# tool: %s; numerical central differences (step 1e-4 relative, one Richardson step) of predict() on counterfactual data", R.version.string),
             "# model: glm(low ~ age + log(lwt) + I(age^2) + race + smoke + age:smoke, binomial, birthwt, epsilon = 1e-14), race a factor",
             "# ame: average marginal effects (discrete changes for race levels vs 1 and smoke 1 vs 0); se: sqrt(g' V g), g numerical in beta",
             "# prediction: mean predicted probability with age fixed, se from the closed-form gradient colMeans(dlogis(eta) * X); prediction_ci: (lower, upper) on the logit scale, back-transformed",
             "# produced by: Rscript make-margins.R (this directory)"), con)
write.csv(format(out, digits = 17), con, row.names = FALSE, quote = FALSE)
close(con)
