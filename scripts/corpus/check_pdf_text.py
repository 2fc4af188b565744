#!/usr/bin/env python3
"""Check that a generated PDF still carries the text it was made from.

For every sentence of the source text that contains a given marker
(default 万元), look for it in the pdftotext output once all white space
(spaces, line breaks, form feeds) is removed from both.  Sentences run to
。！？； or to the end of a line; TABs (table cells) also end a sentence.

Because running headers and footers are printed inside a sentence that
crosses a page break, a second count removes the first and last line of
every page (the header and the footer) before comparing.

Usage: check_pdf_text.py SOURCE.txt PDF [--marker 万元] [--verbose]
Exit status 1 if a narrative sentence (not a table cell, whose lines come out
interleaved with the neighbouring cells) is missing even with headers/footers
removed.
"""

import argparse
import re
import subprocess
import sys

WS = re.compile(r"\s+")


def sentences(text, marker):
    """(sentence, in_table) pairs, white space removed, that contain the marker.

    A line that starts with TAB is a table cell (in_table is True); so is a
    line without TAB that directly follows a cell line (a cell's second line).
    """
    out = []
    in_cell = False
    for line in text.split("\n"):
        if line.startswith("\t"):
            in_cell = True
        elif line == "":
            in_cell = False
        for p in re.split(r"(?<=[。！？；])|\t", line):
            s = WS.sub("", p)
            if s and marker in s:
                out.append((s, in_cell))
    return out


def pdf_pages(pdf):
    """pdftotext output of the PDF split into pages (form feed)."""
    r = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], check=True,
                       capture_output=True)
    return r.stdout.decode("utf-8").split("\f")


def strip_header_footer(page):
    """The page's text without its first and last non-empty line."""
    lines = [x for x in page.split("\n") if x.strip()]
    return "\n".join(lines[1:-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("source")
    ap.add_argument("pdf")
    ap.add_argument("--marker", default="万元")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()

    with open(a.source, encoding="utf-8") as f:
        sents = sentences(f.read(), a.marker)
    pages = pdf_pages(a.pdf)
    raw = WS.sub("", "".join(pages))
    bare = WS.sub("", "".join(strip_header_footer(p) for p in pages))
    nlines = sum(p.count("\n") for p in pages)

    print("%s: %d pages, %d pdftotext lines" % (
        a.pdf, len([p for p in pages if p.strip()]), nlines))
    failed = False
    for label, table in (("narrative", False), ("table cell", True)):
        group = [s for s, t in sents if t == table]
        if not group:
            continue
        direct = [s for s in group if s in raw]
        after = [s for s in group if s in bare]
        missing = [s for s in group if s not in raw and s not in bare]
        print("  %s sentences with '%s': %d; %d found as extracted, "
              "%d with headers/footers removed, %d missing" % (
                  label, a.marker, len(group), len(direct), len(after), len(missing)))
        if a.verbose:
            for s in group:
                if s not in raw:
                    print("    not verbatim: " + s)
        # Cells of one row come out interleaved: only narrative must match.
        if missing and not table:
            failed = True
            for s in missing:
                print("    MISSING: " + s)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
