#!/usr/bin/python3
"""The pipeline one would otherwise write: pdfminer.six text extraction plus `re`.

For each PDF, sequentially in one process: pdfminer.six's extract_text, the
line breaks and the spaces pdfminer puts between CJK text and numbers
removed, then regular expressions for the year-on-year figures of budget
reports:

    <item><amount>万元 ... 同比增加|减少<change>万元[，同比增长|下降|减少<rate>%]
    <item> ... 同比增长|下降<rate>%   (a rate stated without an amount)

Writes one CSV row per figure: file, item, amount, direction, change, rate
(万元 and %, as printed).  This is the comparison point of bench/run; it
does not check anything.

Usage: bench/pdfminer_pipeline.py [-o OUT.csv] FILE.pdf... | @LIST
"""

import argparse
import csv
import re
import sys

from pdfminer.high_level import extract_text

NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
# item label: the CJK run before the amount, after the last punctuation
ITEM = r"(?P<item>[^，。；：:、\d%]{1,40}?)"
RE_CHANGE = re.compile(
    ITEM + r"(?P<amount>" + NUM + r")万元[^。；]{0,60}?同比(?P<dir>增加|减少)(?P<change>" + NUM + r")万元"
    r"(?:[，,]?同比(?:增长|下降|减少)(?P<rate>" + NUM + r")%)?")
RE_RATE = re.compile(ITEM + r"[^。；]{0,60}?同比(?P<dir>增长|下降)(?P<rate>" + NUM + r")%")
RE_SPACE = re.compile(r"\s+")


def figures(text):
    """(item, amount, direction, change, rate) tuples of one document's text."""
    flat = RE_SPACE.sub("", text)
    out = []
    taken = []
    for m in RE_CHANGE.finditer(flat):
        out.append((m["item"], m["amount"], m["dir"], m["change"], m["rate"] or ""))
        taken.append((m.start(), m.end()))
    for m in RE_RATE.finditer(flat):
        if any(a <= m.start("rate") < b for a, b in taken):
            continue
        out.append((m["item"], "", m["dir"], "", m["rate"]))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", default="-")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    files = []
    for f in a.files:
        if f.startswith("@"):
            with open(f[1:], encoding="utf-8") as lf:
                files += [line.rstrip("\n") for line in lf if line.strip()]
        else:
            files.append(f)
    out = sys.stdout if a.output == "-" else open(a.output, "w", encoding="utf-8", newline="")
    w = csv.writer(out)
    w.writerow(["file", "item", "amount_wan", "direction", "change_wan", "rate_pct"])
    n = 0
    for path in files:
        try:
            text = extract_text(path)
        except Exception as exc:  # a damaged file must not stop the run
            print("pdfminer_pipeline: %s: %s" % (path, exc), file=sys.stderr)
            continue
        for row in figures(text):
            w.writerow((path,) + row)
            n += 1
    if out is not sys.stdout:
        out.close()
    print("pdfminer_pipeline: %d files, %d figures" % (len(files), n), file=sys.stderr)


if __name__ == "__main__":
    main()
