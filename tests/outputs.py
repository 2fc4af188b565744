#!/usr/bin/python3
"""End-to-end checks that fiscan's outputs are readable by ordinary tools
(Python's json, csv and sqlite3 modules; pandas when it is installed).

Usage: outputs.py FISCAN SOURCE_DIR CASE
Each CASE runs the fiscan executable and exits non-zero, saying why, when an
output cannot be read or does not hold what it must."""
import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile


class Fail(Exception):
    pass


def need(cond, what):
    if not cond:
        raise Fail(what)


def run(fiscan, *args, stdin=None, env=None):
    """Runs fiscan with args (str or bytes); returns (status, stdout bytes, stderr bytes)."""
    p = subprocess.run([fiscan, *args], input=stdin, capture_output=True, env=env)
    return p.returncode, p.stdout, p.stderr


def case_json_document(fiscan, src):
    """--format json prints one JSON document per invocation: an object for
    one FILE, an array of records for several (also when one fails)."""
    lz = os.path.join(src, "corpus/liuzhou-2019.txt")
    qx = os.path.join(src, "corpus/qiaoxi-2020.txt")
    bad = os.path.join(src, "tests/data/input/cover-truncated.pdf")
    for cmd in ("extract", "check"):
        st, out, err = run(fiscan, cmd, "--format", "json", lz)
        doc = json.loads(out)
        need(isinstance(doc, dict), f"{cmd} one file: an object")
        need(doc["source"]["path"] == lz, f"{cmd} one file: its record")
        st, out, err = run(fiscan, cmd, "--format", "json", lz, qx)
        need(st in (0, 1), f"{cmd} two files: exit {st}: {err!r}")
        doc = json.loads(out)
        need(isinstance(doc, list), f"{cmd} two files: an array")
        need([r["source"]["path"] for r in doc] == [lz, qx], f"{cmd} two files: both records")
        st, out, err = run(fiscan, cmd, "--format", "json", lz, bad, qx)
        need(st == 2, f"{cmd} with a damaged file: exit {st}")
        doc = json.loads(out)
        need([r["source"]["path"] for r in doc] == [lz, qx], f"{cmd} damaged file: the others")
        st, out, err = run(fiscan, cmd, "--format", "json", bad, bad)
        need(st == 2 and json.loads(out) == [], f"{cmd} nothing readable: an empty array")
        # jsonl stays one record per line
        st, out, err = run(fiscan, cmd, "--format", "jsonl", lz, qx)
        recs = [json.loads(l) for l in out.decode().splitlines()]
        need(len(recs) == 2, f"{cmd} jsonl: two lines")


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}


def main():
    fiscan, src, case = sys.argv[1], sys.argv[2], sys.argv[3]
    try:
        CASES[case](fiscan, src)
    except Fail as e:
        print(f"{case}: FAILED: {e}")
        return 1
    print(f"{case}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
