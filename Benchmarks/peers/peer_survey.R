# R survey's svyglm on the survey benchmark data, as a user runs it: read the CSV, declare the
# design, fit, print the summary (the whole process is timed by run.sh; the fit alone is printed).
# usage: Rscript peer_survey.R design FILE | Rscript peer_survey.R jk1 FILE REPLICATES
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[2])
t0 <- proc.time()[["elapsed"]]
if (args[1] == "design") {
  des <- svydesign(ids = ~psu, strata = ~h, weights = ~w, fpc = ~N, data = d)
} else {
  des <- svrepdesign(data = d, repweights = "rep_", type = "JK1", weights = ~w, combined.weights = TRUE,
                     scale = (as.numeric(args[3]) - 1) / as.numeric(args[3]))
}
fit <- svyglm(y ~ x1 + x2 + x3 + x4 + x5, design = des, family = quasibinomial())
s <- summary(fit)
cat(sprintf("svyglm alone: %.2f s\n", proc.time()[["elapsed"]] - t0))
print(coef(s)[, 1:2])
