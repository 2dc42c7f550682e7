"""Survey benchmark data (issue 31): a stratified two-stage-looking sample as CSV.

usage: survey_data.py design FILE ROWS STRATA PSUS     y, x1..x5, h (stratum), psu, w, N (PSUs in the stratum's population)
       survey_data.py jk1 FILE ROWS REPLICATES         y, x1..x5, w, psu, rep_1..rep_R (JK1 over R random PSU groups)
Prints FILE. Deterministic (numpy seed 31); reused when FILE exists.
"""
import os, sys
import numpy as np

def main():
    kind, path = sys.argv[1], sys.argv[2]
    if os.path.exists(path):
        print(path); return
    rng = np.random.default_rng(31)
    n = int(sys.argv[3])
    x = rng.normal(size=(n, 5))
    if kind == "design":
        strata, psus = int(sys.argv[4]), int(sys.argv[5])
        psu = np.sort(rng.integers(0, psus, size=n))
        h = psu * strata // psus
        effect = rng.normal(scale=0.3, size=psus)[psu]
        eta = -1 + x @ np.array([0.5, -0.3, 0.2, 0.0, 0.1]) + effect
        y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
        w = np.round(rng.uniform(5, 50, size=n), 2)
        per_stratum = psus // strata
        population = np.full(n, per_stratum * 10)
        cols = {"y": y, **{f"x{j+1}": np.round(x[:, j], 6) for j in range(5)}, "h": h, "psu": psu, "w": w, "N": population}
    else:
        reps = int(sys.argv[4])
        group = rng.integers(0, reps, size=n)
        eta = -1 + x @ np.array([0.5, -0.3, 0.2, 0.0, 0.1])
        y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
        w = np.round(rng.uniform(5, 50, size=n), 2)
        cols = {"y": y, **{f"x{j+1}": np.round(x[:, j], 6) for j in range(5)}, "w": w, "psu": group}
        for r in range(reps):
            cols[f"rep_{r+1}"] = np.where(group == r, 0.0, np.round(w * reps / (reps - 1), 6))
    names = list(cols)
    with open(path, "w") as f:
        f.write(",".join(names) + "\n")
        data = np.column_stack([cols[c] for c in names])
        np.savetxt(f, data, delimiter=",", fmt="%.10g")
    print(path)

main()
