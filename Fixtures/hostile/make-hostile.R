# Reference values for the hostile-input tests (issue 13): sampling weights with either
# information in the bread, Firth on a saturated design (boundary fits: make-boundary.py, since
# R's cloglog clamps μ to [ε, 1 − ε] and so fits another model where μ rounds to 1). Run from this directory:
#   Rscript make-hostile.R
# Data: saturated.csv (n = p = 3), ../reference/birthwt.csv (MASS::birthwt).
options(digits = 17)
suppressPackageStartupMessages({ library(sandwich); library(brglm2) })
rows <- list()
add <- function(case, item, value) rows[[length(rows) + 1]] <<- data.frame(case = case, item = item, value = value)

# Observed information of a binomial GLM with prior weights w: sum w * (-d2 l / d eta2) x x',
# from the closed-form derivatives of the link (mu', mu'').
observed_information <- function(fit, w) {
  X <- model.matrix(fit); y <- fit$y; eta <- fit$linear.predictors
  link <- fit$family$link
  stopifnot(link == "probit")
  mu <- pnorm(eta); d1 <- dnorm(eta); d2 <- -eta * d1
  # -l'' per row for binary y: with p = mu (y = 1) or 1 - mu (y = 0), q = +-1: (d1/p)^2 - q d2 / p
  p <- ifelse(y == 1, mu, 1 - mu); q <- ifelse(y == 1, 1, -1)
  h <- (d1 / p)^2 - q * d2 / p
  crossprod(X, X * (w * h))
}

# 2. probit with sampling weights w = 0.5 + (i - 1) %% 4: pseudo-MLE; sandwich
#    B [sum (w u)^2 x x'] B * n/(n - 1) with B the observed (Stata probit [pw=]) or the expected
#    (R sandwich::vcovHC HC0 of the weighted glm, as survey::svyglm) information inverse.
bw <- read.csv("../reference/birthwt.csv")
bw$w <- 0.5 + (seq_len(nrow(bw)) - 1) %% 4
g <- suppressWarnings(glm(low ~ age + lwt + smoke, binomial(link = "probit"), bw, weights = w,
                          control = glm.control(epsilon = 1e-15, maxit = 100)))
n <- nrow(bw)
X <- model.matrix(g); eta <- g$linear.predictors; mu <- pnorm(eta)
u <- bw$w * (bw$low - mu) * dnorm(eta) / (mu * (1 - mu))
meat <- crossprod(X * u)
B_obs <- solve(observed_information(g, bw$w))
V_obs <- B_obs %*% meat %*% B_obs * n / (n - 1)
V_exp <- vcovHC(g, type = "HC0") * n / (n - 1)
for (k in seq_along(coef(g))) {
  name <- c("Intercept", "age", "lwt", "smoke")[k]
  add("sampling_probit", paste0("coef:", name), coef(g)[[k]])
  add("sampling_probit", paste0("se_observed:", name), sqrt(V_obs[k, k]))
  add("sampling_probit", paste0("se_expected:", name), sqrt(V_exp[k, k]))
}

# 3. Linear probability model with sampling weights and an offset o = (i - 1) %% 3 / 10:
#    weighted least squares lm(weights =, offset =) with sandwich's HC1 (Stata regress [pw=]).
bw$o <- ((seq_len(nrow(bw)) - 1) %% 3) / 10
for (spec in list(list("lpm_weights", bw$w, NULL), list("lpm_offset", NULL, bw$o), list("lpm_both", bw$w, bw$o))) {
  l <- if (is.null(spec[[2]])) lm(low ~ age + lwt + smoke, bw, offset = spec[[3]])
       else lm(low ~ age + lwt + smoke, bw, weights = spec[[2]], offset = spec[[3]])
  se <- sqrt(diag(vcovHC(l, type = "HC1")))
  for (k in seq_along(coef(l))) {
    name <- c("Intercept", "age", "lwt", "smoke")[k]
    add(spec[[1]], paste0("coef:", name), coef(l)[[k]])
    add(spec[[1]], paste0("se_hc1:", name), se[[k]])
  }
  add(spec[[1]], ".loglik", as.numeric(logLik(l)))
}

# 4. Firth's logit on a saturated design (n = p = 3): brglm2, and the closed form
#    X beta = logit((y + 1/2) / 2) (every hat value is 1).
s <- read.csv("saturated.csv")
b <- glm(y ~ x1 + x2, binomial, s, method = "brglmFit", epsilon = 1e-12, maxit = 500)
closed <- solve(model.matrix(b), qlogis((s$y + 0.5) / 2))
for (k in 1:3) {
  name <- c("Intercept", "x1", "x2")[k]
  add("firth_saturated", paste0("coef:", name), coef(b)[[k]])
  add("firth_saturated", paste0("closed:", name), closed[[k]])
}

out <- do.call(rbind, rows)
out$value <- sprintf("%.17g", out$value)
header <- c(paste0("# tool: ", R.version.string, "; sandwich ", packageVersion("sandwich"), "; brglm2 ", packageVersion("brglm2")),
            "# produced by: Rscript make-hostile.R (this directory)",
            "# call sampling_probit: glm(low ~ age + lwt + smoke, binomial(link = \"probit\"), weights = 0.5 + (i - 1) %% 4); sandwich * n/(n-1) with observed-information bread (closed form) and expected (vcovHC HC0)",
            "# call lpm_weights / lpm_offset / lpm_both: lm(low ~ age + lwt + smoke, weights = 0.5 + (i - 1) %% 4, offset = ((i - 1) %% 3)/10); vcovHC(type = \"HC1\")",
            "# call firth_saturated: glm(y ~ x1 + x2, binomial, method = \"brglmFit\", epsilon = 1e-12); closed form solve(X, qlogis((y + 1/2)/2))")
writeLines(header, "hostile-reference.csv")
suppressWarnings(write.table(out, "hostile-reference.csv", sep = ",", row.names = FALSE, quote = FALSE, append = TRUE))
