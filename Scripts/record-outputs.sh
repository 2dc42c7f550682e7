#!/usr/bin/env bash
# Records what a reshore binary prints for 66 runs — the study (text and JSON), every model in
# every format, every --vce, margins, predictions, tests, bootstraps (cases, clusters, LPM, Firth),
# a 300-level factor held as codes, errors, and the NIST accuracy suite — one file per run, so
# two builds can be compared byte for byte (the redesign of issue 30 was checked this way):
#   bash Scripts/record-outputs.sh OLD/.build/debug/reshore /tmp/before
#   bash Scripts/record-outputs.sh .build/debug/reshore /tmp/after && diff -r /tmp/before /tmp/after
# usage: record-outputs.sh BIN OUTDIR
set -u
B="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; O="$2"; mkdir -p "$O"; O="$(cd "$O" && pwd)"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"; cd /tmp
[ -f /tmp/survey.csv ] || "$B" simulate --out /tmp/survey.csv >/dev/null
[ -f /tmp/coded.csv ] || python3 - <<'PY'
import random
random.seed(3)
with open('/tmp/coded.csv','w') as f:
    f.write('y,x1,x2,g,c\n')
    for i in range(4000):
        g=random.randrange(300); x1=random.gauss(0,1); x2=random.gauss(0,1)
        import math
        eta=0.5*x1-0.3*x2+((g%7)-3)*0.2
        y=1 if random.random()<1/(1+math.exp(-eta)) else 0
        f.write(f'{y},{x1:.6f},{x2:.6f},g{g},{i%40}\n')
PY
F="backshored ~ i40_technologies + log(employees) + C(sector)"
n=0
run(){ n=$((n+1)); "$B" "$@" >"$O/$n.out" 2>"$O/$n.err"; echo $? >>"$O/$n.err"; }
run study
run study --format json 2>/dev/null
for m in logit probit cloglog cauchit lpm firth; do
  for f in text json markdown latex csv; do run fit --data /tmp/survey.csv --formula "$F" --model $m --format $f; done
done
for v in hc0 hc1 hc2 hc3 cluster:sector; do run fit --data /tmp/survey.csv --formula "$F" --vce $v --format json; done
run fit --data /tmp/survey.csv --formula "$F" --information expected
run fit --data /tmp/survey.csv --formula "$F" --margins ame --format json
run fit --data /tmp/survey.csv --formula "$F" --margins mem
run fit --data /tmp/survey.csv --formula "$F" --predict i40_technologies --format json
run fit --data /tmp/survey.csv --formula "$F" --test "C(sector)" --hypothesis "i40_technologies = 0" --format json
run fit --data /tmp/survey.csv --formula "$F" --bootstrap 300 --ci bca,percentile,basic,normal,studentized --format json
run fit --data /tmp/survey.csv --formula "$F" --model probit --bootstrap 200 --cluster sector --ci percentile
run fit --data /tmp/survey.csv --formula "$F" --model lpm --bootstrap 200 --ci bca
run fit --data /tmp/survey.csv --formula "$F" --model firth --bootstrap 100 --ci percentile
run fit --data /tmp/survey.csv --formula "$F" --model logit --model probit --model lpm --table ame
run fit --data /tmp/survey.csv --formula "$F" --model logit --model probit --table odds-ratios --format latex
run fit --data /tmp/coded.csv --formula "y ~ x1 + x2 + C(g)" --format json
run fit --data /tmp/coded.csv --formula "y ~ x1 + x2 + C(g)" --vce hc1 --format json
run fit --data /tmp/coded.csv --formula "y ~ x1 + x2 + C(g)" --vce cluster:c --format json
run fit --data /tmp/coded.csv --formula "y ~ x1 + x2 + C(g)" --margins ame --test "C(g)"
run fit --data /tmp/coded.csv --formula "y ~ x1 + x2 + C(g)" --model firth
run fit --data /tmp/coded.csv --formula "y ~ x1 + x2 + C(g)" --model probit --bootstrap 50 --ci percentile
run fit --data /tmp/coded.csv --formula "y ~ x1 + x2 + C(g)" --model lpm
run fit --data /tmp/survey.csv --formula "backshored ~ nosuch"
run fit --data /tmp/survey.csv --formula "$F" --vce cluster:nosuch
run fit --data /tmp/survey.csv --formula "$F" --weights employees --weight-kind sampling --format json
run fit --data /tmp/survey.csv --formula "$F" --weights employees --weight-kind frequency --format json
run accuracy
S="$ROOT/Fixtures/ems2015-synthetic.csv"
for m in logit probit firth lpm; do run fit --data $S --formula "$F" --model $m --format json --margins ame --test "C(sector)"; done
run fit --data $S --formula "$F" --bootstrap 300 --ci bca,percentile,studentized --format json
run fit --data $S --formula "$F" --vce cluster:sector --predict i40_technologies
echo "$n runs"
