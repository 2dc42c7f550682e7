"""Writes the Stata/SPSS/SAS fixtures of issue 32 and the same data as CSV.

Run from this directory:  python3 make-statfiles.py   (pandas 3.1.1, pyreadstat 1.3.8; R haven 2.5.1
for the .sas7bdat).  The data are the first 400 firms of ../ems2015-synthetic.csv (synthetic) with
a few missing values of each kind, so that a fit on every file can be compared with the fit on
survey.csv:
- survey-pandas.dta   pandas DataFrame.to_stata(version=118): categoricals as value labels,
                      variable labels, NaN as Stata's `.`, an interview date as %td
- survey-strl.dta     pandas to_stata(version=118, convert_strl=["note"]): a strL column
- survey-tagged.dta   pyreadstat.write_dta(version=15): value labels, variable labels, and Stata
                      extended missing values `.a` (refused) and `.b` (don't know) in export_share
- survey-latin1.dta   pandas to_stata(version=114): Latin-1 labels (Baden-Württemberg, Thüringen)
- survey.sav          pyreadstat.write_sav: value labels, variable labels, and SPSS user-missing
                      values: 9 = "no answer" (labelled, declared missing) in rating, 99 in
                      export_pct as a missing range 98-99
- survey.zsav         the same as a compressed SPSS file (write_sav(compress=True))
- survey.por          pyreadstat.write_por (SPSS portable: 8-character names; sector and state as codes)
- survey-por.csv      the portable file's rows as CSV
- survey.sas7bdat     R haven::write_sas (strings and numbers; SAS files carry no value labels)
- survey.csv          the same rows: labels as text, every kind of missing value as an empty field
- survey-latin1.csv   the Latin-1 file's rows as UTF-8 CSV
- broken/             a truncated .dta, a CSV renamed .dta, random bytes as .sav, an empty .sav
"""
import os, subprocess
import numpy as np
import pandas as pd
import pyreadstat

base = pd.read_csv("../ems2015-synthetic.csv").head(400)
df = pd.DataFrame({
    "backshored": base["backshored"].astype(float),
    "i40_technologies": base["i40_technologies"].astype(float),
    "employees": base["employees"].astype(float),
    "sector": base["sector"],
    "state": base["state"],
    "export_share": base["export_share"].astype(float),
})
# A satisfaction rating 1-5 (synthetic) with 9 = "no answer" for SPSS's user-missing values.
rng = np.random.default_rng(32)
df["rating"] = rng.integers(1, 6, size=len(df)).astype(float)
df.loc[[3, 17, 42], "rating"] = 9.0
df.loc[[5, 60], "employees"] = np.nan
# The interview date (synthetic), for dates keeping their type: ISO text in the CSV.
dates = pd.Timestamp("2015-03-01") + pd.to_timedelta(np.arange(len(df)) % 90, unit="D")
df.loc[[8], "sector"] = None
labels = {"backshored": "Backshored production 2013 to mid-2015", "i40_technologies": "Industrie 4.0 technologies used (0-7)",
          "employees": "Employees", "sector": "Sector", "state": "Federal state", "export_share": "Export share",
          "rating": "Satisfaction with the location (1-5)"}
sectors = sorted(df["sector"].dropna().unique())
states = sorted(df["state"].dropna().unique())
rating_labels = {1.0: "very poor", 2.0: "poor", 3.0: "fair", 4.0: "good", 5.0: "very good", 9.0: "no answer"}

# The CSV: labels as text; rating's 9 is missing (it is declared missing in the SPSS file).
csv = df.copy()
csv["rating"] = csv["rating"].map(lambda v: rating_labels[v] if v != 9 else None)
csv.loc[[11, 12], "export_share"] = np.nan      # .a and .b in the tagged Stata file
csv["interview"] = dates.strftime("%Y-%m-%d")
csv.to_csv("survey.csv", index=False)

# pandas to_stata: categoricals become value-labelled integers.
stata = df.copy()
stata["sector"] = pd.Categorical(stata["sector"], categories=sectors)
stata["state"] = pd.Categorical(stata["state"], categories=states)
stata["rating"] = pd.Categorical(stata["rating"].map(lambda v: rating_labels[v] if v != 9 else None),
                                 categories=[rating_labels[k] for k in [1.0, 2.0, 3.0, 4.0, 5.0]])
stata.loc[[11, 12], "export_share"] = np.nan
stata["interview"] = dates
stata.to_stata("survey-pandas.dta", write_index=False, version=118, variable_labels=labels, convert_dates={"interview": "td"})

# strL strings (Stata 13+ long strings, stored apart from the records): read through ReadStat.
strl = stata.drop(columns=["interview"]).copy()
strl["note"] = [("firm %d: " % i) + "x" * (i % 7) if i % 5 else None for i in range(len(strl))]
strl.to_stata("survey-strl.dta", write_index=False, version=118, variable_labels=labels, convert_strl=["note"])
csv_strl = csv.drop(columns=["interview"]).copy()
csv_strl["note"] = strl["note"]
csv_strl.to_csv("survey-strl.csv", index=False)

# pyreadstat: value labels on codes, extended missing .a/.b in export_share.
codes = df.copy()
codes["sector"] = codes["sector"].map(lambda s: float(sectors.index(s) + 1) if isinstance(s, str) else np.nan)
codes["state"] = codes["state"].map(lambda s: float(states.index(s) + 1))
codes["rating"] = codes["rating"].where(codes["rating"] != 9, np.nan)
tagged = codes.astype(object)
tagged["interview"] = list(dates.date)
tagged.loc[11, "export_share"] = "a"
tagged.loc[12, "export_share"] = "b"
value_labels = {"sector": {float(i + 1): s for i, s in enumerate(sectors)}, "state": {float(i + 1): s for i, s in enumerate(states)},
                "rating": {k: v for k, v in rating_labels.items() if k != 9}}
pyreadstat.write_dta(tagged, "survey-tagged.dta", column_labels=labels, version=15, variable_value_labels=value_labels,
                     missing_user_values={"export_share": ["a", "b"]})

# SPSS: rating's 9 = "no answer" is a labelled, declared user-missing value; export_pct 98-99 a range.
spss = codes.copy()
spss["rating"] = df["rating"]
spss["export_pct"] = (df["export_share"] * 100).round()
spss.loc[[11], "export_pct"] = 99.0
spss.loc[[12], "export_pct"] = 98.0
spss = spss.drop(columns=["export_share"])
spss_labels = dict(labels, export_pct="Export share in percent")
spss_labels.pop("export_share")
pyreadstat.write_sav(spss, "survey.sav", column_labels=spss_labels,
                     variable_value_labels={**value_labels, "rating": rating_labels},
                     missing_ranges={"rating": [9.0], "export_pct": [{"lo": 98.0, "hi": 99.0}]})
pyreadstat.write_sav(spss, "survey.zsav", column_labels=spss_labels, compress=True,
                     variable_value_labels={**value_labels, "rating": rating_labels},
                     missing_ranges={"rating": [9.0], "export_pct": [{"lo": 98.0, "hi": 99.0}]})
csv_spss = csv.drop(columns=["interview"]).copy()
csv_spss["export_pct"] = (df["export_share"] * 100).round()
csv_spss.loc[[11, 12], "export_pct"] = np.nan
csv_spss.drop(columns=["export_share"]).to_csv("survey-spss.csv", index=False)

# SPSS portable: names of at most 8 characters, no value labels (pyreadstat writes none).
por = codes.drop(columns=["rating"]).rename(columns={"backshored": "bkshored", "i40_technologies": "i40tech", "employees": "employs",
                                                     "export_share": "exportsh"})
pyreadstat.write_por(por, "survey.por")
por.rename(columns=str.upper).to_csv("survey-por.csv", index=False)   # the format stores names in capitals

# Latin-1: an old Stata file (version 114) with umlauts in the labels.
old = stata.copy()
umlauts = {"Baden-Wuerttemberg": "Baden-Württemberg", "Thueringen": "Thüringen"}
old["state"] = pd.Categorical(df["state"].map(lambda s: umlauts.get(s, s)),
                              categories=sorted({umlauts.get(s, s) for s in states}))
old.to_stata("survey-latin1.dta", write_index=False, version=114,
             variable_labels=dict(labels, state="Bundesland (Länder)"))
latin = csv.drop(columns=["interview"]).copy()
latin["state"] = latin["state"].map(lambda s: umlauts.get(s, s))
latin.to_csv("survey-latin1.csv", index=False)

# SAS via R haven (strings and numbers).
sas_csv = codes.drop(columns=["rating"]).copy()
sas_csv["sector"] = df["sector"]
sas_csv["state"] = df["state"]
sas_csv.loc[[11, 12], "export_share"] = np.nan
sas_csv.to_csv("/tmp/regress-sas-source.csv", index=False)
subprocess.run(["Rscript", "-e", "suppressWarnings(haven::write_sas(read.csv('/tmp/regress-sas-source.csv', na.strings = ''), 'survey.sas7bdat'))"], check=True)
csv_sas = csv.drop(columns=["rating", "interview"])
csv_sas.to_csv("survey-sas.csv", index=False)

# Broken files.
os.makedirs("broken", exist_ok=True)
data = open("survey-pandas.dta", "rb").read()
open("broken/truncated.dta", "wb").write(data[: len(data) // 2])
open("broken/csv-renamed.dta", "wb").write(open("survey.csv", "rb").read()[:2000])
open("broken/random.sav", "wb").write(np.random.default_rng(5).integers(0, 256, size=4096, dtype=np.uint8).tobytes())
open("broken/empty.sav", "wb").write(b"")
print("written")
