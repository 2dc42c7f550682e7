#!/usr/bin/env python3
"""Writes the committed seed corpus for the libFuzzer harnesses (Fuzz/corpus/{csv,formula,design}).

Seeds are small valid and near-valid inputs drawn from the repository's fixtures and from the
edge cases the unit tests name. Rerun after adding seeds: `python3 Fuzz/make-corpus.py`.
"""
import hashlib, json, os, pathlib

root = pathlib.Path(__file__).resolve().parent
repo = root.parent

def head(path, lines):
    with open(repo / path, "rb") as f:
        return b"".join(f.readlines()[:lines])

csv_seeds = [
    head("Fixtures/formulas/formula-data.csv", 12),
    head("Fixtures/reference/birthwt.csv", 10),
    head("Fixtures/reference/endometrial.csv", 10),
    head("Fixtures/reference/infert.csv", 10),
    head("Fixtures/reference/mtcars.csv", 10),
    head("Fixtures/ems2015-synthetic.csv", 8),
    b"\xef\xbb\xbfa,b\r\n1,2\r\n3,4\r\n",                      # BOM, CRLF
    b'name,note\n"Smith, J.","said ""hi"""\nx,"multi\nline"\n',  # quotes, embedded newline
    b"a;b;c\n1,5;2,25;x\n3,0;NA;y\n",                             # semicolons, decimal commas
    b"a\tb\n1\t\n\t2\n",                                          # tabs, empty fields
    b"flag,v\ntrue,1e308\nfalse,-1e-320\nTRUE,.\n",              # booleans, extremes, missing
    b"x\n1\n2\n3\nabc\n",                                          # type changes after inference
    b"a,b\n1\n",                                                   # ragged
    b'a,b\n"open,1\n',                                             # unterminated quote
    b"a,a\n1,2\n",                                                 # duplicate header
    b",b\n1,2\n",                                                  # empty header field
    b"y,x\n",                                                      # header only
    b"y,x\n1,inf\n0,nan\n",                                        # non-finite
    b"\xef\xbb\xbf\xef\xbb\xbf?3,2\n1,2\n",                       # a header that starts with U+FEFF after the BOM (CI find)
]
formula_seeds = [d["formula"] for d in json.load(open(repo / "Fixtures/formulas/patsy-designs.json"))["designs"]] + [
    "y ~ (a + b + c)^2", "y ~ -1 + x", "y ~ I(cos(x1))", "y ~ `firm size` + x", "y ~ a*b - 1",
    "y ~ x + 0", "y ~ (x1 + x2", "y ~ I(x1**2) + C(sector, Treatment(reference=\"Food\"))",
    "y ~ C(sector, ref=\"Machinery\") + log1p(employees)", "~ x", "y ~ a:b + a/b", "y ~ .",
    "backshored ~ i40_technologies + log(employees) + C(sector)", "y ~ I((x1 - 2) / 3 * x2 ^ -1)",
    "cbind(s, f) ~ x", "cbind(s, n - s) ~ x + C(g)", "cbind(s) ~ x", "y ~ x1 + x2 | g + h", "y ~ x | g", "y ~ x | ",
]
design_table = head("Fixtures/formulas/formula-data.csv", 16)
design_seeds = [b"\x01" + f.encode() + b"\n" + design_table for f in formula_seeds[:12]] + [
    b"\x00y ~ x1 + I(x2^2)\n" + design_table,
    b"\x01backshored ~ i40_technologies + log(employees) + C(sector)\n" + head("Fixtures/ems2015-synthetic.csv", 40),
    b"\x01y ~ x\ny,x\n1,1\n0,NA\nNA,2\n",
    b"\x01y ~ C(g)\ny,g\n1,a\n0,a\n",
    b"\x01y ~ log(x)\ny,x\n1,0\n0,1\n",
    b"\x01cbind(s, f) ~ x\ns,f,x\n3,2,1\n0,0,2\n1,4,0.5\n2,-1,1\n",
    b"\x01cbind(s, n - s) ~ x\ns,n,x\n3,5,1\n2,2,2\n0,4,0.5\n",
    b"\x01y ~ x | g + h\ny,x,g,h\n1,1,a,u\n0,2,a,v\n1,3,b,u\n0,4,b,v\n",
    # Two factors of three and four levels: with the oracle's threshold of 2 both are held as codes,
    # nested (issue 35), and a third beside them.
    b"\x01y ~ x + C(g) + C(h) + C(k)\ny,x,g,h,k\n" + b"".join(
        f"{i % 2},{i * 0.5},g{i % 3},h{(i * 7) % 4},k{i % 5}\n".encode() for i in range(24)),
]

# The CSV harness reads its options from the first byte: 0x00 = defaults; 0x5c = chunks of 3
# bytes, 2 inference rows, decimal comma; 0x11 = chunks of 1 byte, comma delimiter.
csv_seeds = [b"\x00" + s for s in csv_seeds] + [b"\x5c" + s for s in csv_seeds[:10]] + [b"\x11" + s for s in csv_seeds[:6]]
for name, seeds in [("csv", csv_seeds), ("formula", [s.encode() for s in formula_seeds]), ("design", design_seeds)]:
    folder = root / "corpus" / name
    folder.mkdir(parents=True, exist_ok=True)
    for seed in seeds:
        (folder / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
    print(f"{name}: {len(seeds)} seeds")
