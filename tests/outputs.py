#!/usr/bin/python3
"""End-to-end checks that fiscan's outputs are readable by ordinary tools
(Python's json, csv and sqlite3 modules; pandas and LibreOffice, whose
cases are skipped with status 77 when they are not installed).

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


class Skip(Exception):
    """A tool the case needs is missing: exit 77, which ctest reports as
    skipped."""


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


def odd_tree(src, tmp):
    """A directory holding a report under a name with the byte 0xFF and a
    newline, and a damaged PDF under another such name; returns
    (dir, good name, bad name) as bytes paths."""
    d = os.path.join(os.fsencode(tmp), b"in")
    os.mkdir(d)
    good = os.path.join(d, b"bad\xffname\nx.txt")
    bad = os.path.join(d, b"broken\xfe\n.pdf")
    with open(os.path.join(src, "corpus/liuzhou-2019.txt"), "rb") as f:
        data = f.read()
    with open(good, "wb") as f:
        f.write(data)
    with open(os.path.join(src, "tests/data/input/cover-truncated.pdf"), "rb") as f:
        damaged = f.read()
    with open(bad, "wb") as f:
        f.write(damaged)
    return d, good, bad


def escaped(raw):
    """The display form docs/json.md gives for a name (its rules, written
    again here from the documentation)."""
    out = []
    i = 0
    while i < len(raw):
        for n in (1, 2, 3, 4):
            try:
                ch = raw[i:i + n].decode("utf-8")
                break
            except UnicodeDecodeError:
                ch = None
        if ch is None or len(ch) != 1:
            out.append("\\x%02X" % raw[i])
            i += 1
            continue
        if ch == "\\":
            out.append("\\\\")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\x%02X" % ord(ch))
        else:
            out.append(ch)
        i += len(ch.encode("utf-8"))
    return "".join(out)


def one_line_diagnostics(err, what):
    text = err.decode("utf-8")  # strict: raises on invalid UTF-8
    for line in text.splitlines():
        need(line.startswith("fiscan: "), f"{what}: a stderr line that is not a diagnostic: {line!r}")
    return text


def case_file_names(fiscan, src):
    """Names that are not valid UTF-8 and hold a newline: every output stays
    valid UTF-8 and one line per diagnostic; path_hex gives the name back."""
    with tempfile.TemporaryDirectory() as tmp:
        d, good, bad = odd_tree(src, tmp)
        # check, text diagnostics: stdout and stderr valid UTF-8, no split line
        st, out, err = run(fiscan, "check", good, bad)
        need(st == 2, f"check: exit {st}")
        text = out.decode("utf-8")
        for line in text.splitlines():
            need(line.startswith(escaped(good) + ":") or line.startswith("    "),
                 f"check: a finding line split by the name: {line!r}")
        err_text = one_line_diagnostics(err, "check")
        need(err_text.count("\n") == 1 and escaped(bad) in err_text,
             f"check: one line naming the damaged file: {err_text!r}")
        # check, JSON: valid UTF-8, display form and the raw bytes
        st, out, err = run(fiscan, "check", "--format", "json", good)
        rec = json.loads(out.decode("utf-8"))
        need(rec["source"]["path"] == escaped(good), "json: display form of the name")
        need(bytes.fromhex(rec["source"]["path_hex"]) == good, "json: path_hex is the name")
        st, out, err = run(fiscan, "check", "--format", "json", os.path.join(src, "corpus/qiaoxi-2020.txt"))
        need("path_hex" not in json.loads(out)["source"], "json: no path_hex for a clean name")

        # batch to JSONL (and its failures file), to SQLite, to CSV
        jl = os.path.join(tmp, "out.jsonl")
        st, out, err = run(fiscan, "batch", d, "-o", jl, "-j", "1")
        need(st == 2, f"batch jsonl: exit {st}")
        one_line_diagnostics(err, "batch jsonl")
        with open(jl, encoding="utf-8") as f:
            recs = [json.loads(l) for l in f]
        need(len(recs) == 1 and bytes.fromhex(recs[0]["source"]["path_hex"]) == good,
             "batch jsonl: the record names the file")
        with open(jl + ".failures", encoding="utf-8") as f:
            fails = [json.loads(l) for l in f]
        need(len(fails) == 1 and fails[0]["path"] == escaped(bad) and
             bytes.fromhex(fails[0]["path_hex"]) == bad, "batch jsonl: the failure names the file")
        st, out, err = run(fiscan, "batch", d, "-o", jl, "-j", "1", "--resume")
        need(b"2 already done" in err, f"batch jsonl --resume: both names known: {err!r}")

        db = os.path.join(tmp, "out.db")
        st, out, err = run(fiscan, "batch", d, "-o", db, "-j", "1")
        need(st == 2, f"batch sqlite: exit {st}")
        con = sqlite3.connect(db)  # text_factory str: raises on invalid UTF-8
        for table in ("documents", "paths", "failures", "figures", "findings", "sections"):
            con.execute(f"SELECT * FROM {table}").fetchall()
        rows = con.execute("SELECT path, path_hex FROM paths").fetchall()
        need(rows == [(escaped(good), good.hex())], f"sqlite paths: {rows!r}")
        rows = con.execute("SELECT path, path_hex FROM failures").fetchall()
        need(rows == [(escaped(bad), bad.hex())], f"sqlite failures: {rows!r}")
        rec = json.loads(con.execute("SELECT record FROM documents").fetchone()[0])
        need(bytes.fromhex(rec["source"]["path_hex"]) == good, "sqlite record: path_hex")
        con.close()
        st, out, err = run(fiscan, "batch", d, "-o", db, "-j", "1", "--resume")
        need(b"2 already done" in err, f"batch sqlite --resume: both names known: {err!r}")

        cd = os.path.join(tmp, "csv") + "/"
        st, out, err = run(fiscan, "batch", d, "-o", cd, "-j", "1")
        for name in ("figures.csv", "findings.csv", "failures.csv"):
            with open(os.path.join(cd, name), encoding="utf-8-sig", newline="") as f:
                rows = list(csv.DictReader(f))
            need(rows, f"csv {name}: rows")
            for row in rows:
                need(row["file"] in (escaped(good), escaped(bad)), f"csv {name}: file {row['file']!r}")
                need(bytes.fromhex(row["file_hex"]) in (good, bad), f"csv {name}: file_hex")

        try:
            import pandas
        except ImportError:
            return
        pandas.read_json(jl, lines=True)
        pandas.read_sql("SELECT * FROM paths", sqlite3.connect(db))
        for name in ("figures.csv", "findings.csv", "failures.csv"):
            pandas.read_csv(os.path.join(cd, name), encoding="utf-8-sig")


def run_on_tty(fiscan, args, env_extra):
    """Runs fiscan with stdout and stderr on a pseudo-terminal; returns
    (status, everything it wrote)."""
    import pty
    import select
    master, slave = pty.openpty()
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    env.update(env_extra)
    p = subprocess.Popen([fiscan, *args], stdin=subprocess.DEVNULL, stdout=slave,
                         stderr=slave, env=env)
    os.close(slave)
    data = b""
    while True:
        r, _, _ = select.select([master], [], [], 30)
        if not r:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the other side closed
            break
        if not chunk:
            break
        data += chunk
    os.close(master)
    return p.wait(), data


def case_color(fiscan, src):
    """--color auto colours diagnostics and findings on a terminal only, and
    not under NO_COLOR; always colours anywhere; never nowhere."""
    lz = os.path.join(src, "corpus/liuzhou-2019.txt")
    bad = os.path.join(src, "tests/data/input/cover-truncated.pdf")
    esc = b"\033["
    args = ["check", lz, bad]
    st, out = run_on_tty(fiscan, args, {})
    need(st == 2 and esc in out, f"auto on a terminal: colour ({st}, {out[:200]!r})")
    need(b"\033[1;31merror" in out, "auto on a terminal: the finding's 'error' in red")
    st, out = run_on_tty(fiscan, args, {"NO_COLOR": "1"})
    need(st == 2 and esc not in out, "NO_COLOR on a terminal: no colour")
    st, out = run_on_tty(fiscan, args, {"NO_COLOR": ""})
    need(esc in out, "NO_COLOR set to '' does not count")
    st, out = run_on_tty(fiscan, ["--color", "never"] + args, {})
    need(esc not in out, "--color never on a terminal: no colour")
    st, out, err = run(fiscan, *args)
    need(esc not in out and esc not in err, "auto on pipes: no colour")
    st, out, err = run(fiscan, "--color", "always", *args)
    need(esc in out and esc in err, "--color always on pipes: colour")
    need(b"\033[1;31m" in err and b"damaged" in err, "--color always: the error in red")
    st, out, err = run(fiscan, "--color", "sometimes", *args)
    need(st == 2 and err.count(b"\n") == 1, "--color sometimes: refused")


def csv_doc_columns(src):
    """{file name: [(column, type)]} from the tables of docs/csv.md."""
    cols, current = {}, None
    with open(os.path.join(src, "docs/csv.md"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("## ") and line.strip().endswith(".csv"):
                current = line[3:].strip()
                cols[current] = []
            elif current and line.startswith("| `"):
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                cols[current].append((cells[0].strip("`"), cells[1]))
    return cols


def csv_cells(text):
    """The rows of a CSV text as lists of (value, quoted) pairs (RFC 4180)."""
    rows, row, i, n = [], [], 0, len(text)
    while i < n:
        if text[i] == '"':
            j, val = i + 1, []
            while True:
                k = text.index('"', j)
                val.append(text[j:k])
                if k + 1 < n and text[k + 1] == '"':
                    val.append('"')
                    j = k + 2
                    continue
                i = k + 1
                break
            row.append(("".join(val), True))
        else:
            k = i
            while k < n and text[k] not in ",\r\n":
                k += 1
            row.append((text[i:k], False))
            i = k
        if i < n and text[i] == ",":
            i += 1
            if i == n or text[i] in "\r\n":
                row.append(("", False))
        if i < n and text[i] in "\r\n":
            i += 2 if text[i:i + 2] == "\r\n" else 1
            rows.append(row)
            row = []
    if row:
        rows.append(row)
    return rows


def check_csv_file(path_or_text, columns, what):
    """Header as documented; each cell quoted exactly when its column is text
    (an empty unquoted cell is a null, allowed in any column); numbers read
    as numbers.  Returns the rows as dicts of strings."""
    text = path_or_text
    if os.path.exists(path_or_text):
        with open(path_or_text, encoding="utf-8", newline="") as f:
            text = f.read()
    need(text.startswith("\ufeff"), f"{what}: no byte-order mark")
    rows = csv_cells(text[1:])
    header = [v for v, q in rows[0]]
    need(header == [c for c, t in columns], f"{what}: header {header} is not the documented one")
    out = []
    for r in rows[1:]:
        need(len(r) == len(columns), f"{what}: a row of {len(r)} cells: {r[:3]}")
        for (v, quoted), (col, typ) in zip(r, columns):
            if not quoted and v == "":
                continue
            if typ == "text":
                need(quoted, f"{what}: text column {col} not quoted: {v!r}")
            else:
                need(not quoted, f"{what}: {typ} column {col} quoted: {v!r}")
                if typ in ("number", "integer"):
                    float(v)
                else:
                    need(v in ("true", "false"), f"{what}: boolean {col}: {v!r}")
        out.append({col: v for (v, q), (col, t) in zip(r, columns)})
    return out


def case_csv_text(fiscan, src):
    """CSV for spreadsheets: every column documented in docs/csv.md with its
    type; text cells quoted (4.10, codes, 23.82% stay text), others not;
    findings.csv has the stated sentence (quote); id lists are joined with
    ',' as in SQLite."""
    docs = csv_doc_columns(src)
    need(set(docs) == {"figures.csv", "findings.csv", "failures.csv"}, f"docs/csv.md: {set(docs)}")
    inputs = [os.path.join(src, p) for p in (
        "corpus/liuzhou-2019.txt", "corpus/qiaoxi-2020.pdf",
        "corpus/real/shanghai/上海市普陀区万里街道2023部门预算.pdf",
        "tests/data/input/cover-truncated.pdf")]
    with tempfile.TemporaryDirectory() as tmp:
        cd = os.path.join(tmp, "csv") + "/"
        st, out, err = run(fiscan, "batch", *inputs, "-o", cd, "-j", "2")
        need(st == 2, f"batch csv: exit {st}: {err!r}")
        figs = check_csv_file(cd + "figures.csv", docs["figures.csv"], "figures.csv")
        finds = check_csv_file(cd + "findings.csv", docs["findings.csv"], "findings.csv")
        fails = check_csv_file(cd + "failures.csv", docs["failures.csv"], "failures.csv")
        need(len(figs) > 100 and finds and len(fails) == 1, "rows in every file")
        need(any(f["section"].count(".") >= 1 for f in figs), "section ids kept")
        # extract --format csv: the same columns and quoting
        st, out, err = run(fiscan, "extract", "--format", "csv", inputs[0])
        check_csv_file(out.decode("utf-8"), docs["figures.csv"], "extract --format csv")

        # findings: quote and the id list, against the JSON and SQLite records
        jl = os.path.join(tmp, "out.jsonl")
        db = os.path.join(tmp, "out.db")
        run(fiscan, "batch", *inputs, "-o", jl, "-j", "2")
        run(fiscan, "batch", *inputs, "-o", db, "-j", "2")
        want = {}
        with open(jl, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                for x in rec["findings"]:
                    want[(rec["source"]["path"], x["id"])] = x
        con = sqlite3.connect(db)
        sql_ids = {(p, i): f for p, i, f in con.execute(
            "SELECT p.path, x.id, x.figures FROM findings x JOIN paths p USING (sha256)")}
        con.close()
        need(len(want) == len(finds), f"{len(finds)} findings in CSV, {len(want)} in JSONL")
        for row in finds:
            x = want[(row["file"], row["id"])]
            need(row["quote"] == (x["stated"]["quote"] or ""), f"findings.csv quote of {row['id']}")
            need(row["figures"] == ",".join(x["figures"]), f"findings.csv figures of {row['id']}")
            need(row["figures"] == sql_ids[(row["file"], row["id"])],
                 f"findings.csv and SQLite join ids alike ({row['figures']!r})")


def spreadsheet_inputs(src):
    """Reports whose figures hold percent texts, section ids and codes, and
    a damaged PDF (a failures row)."""
    return [os.path.join(src, p) for p in (
        "corpus/liuzhou-2019.txt", "corpus/qiaoxi-2020.pdf",
        "corpus/real/shanghai/上海市普陀区万里街道2023部门预算.pdf",
        "corpus/real/shanghai/上海市普陀区司法局2026部门预算.pdf",
        "tests/data/input/cover-truncated.pdf")]


def case_libreoffice(fiscan, src):
    """The CSV files through LibreOffice headless and back: imported as
    docs/csv.md says (quoted fields as text), converted to xlsx, and that
    xlsx converted to CSV again, every text cell — percent texts, section
    ids, codes among them — is unchanged.  Skipped (77) without soffice."""
    import shutil
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise Skip("LibreOffice (soffice) is not installed")
    docs = csv_doc_columns(src)
    with tempfile.TemporaryDirectory() as tmp:
        cd = os.path.join(tmp, "csv") + "/"
        st, out, err = run(fiscan, "batch", *spreadsheet_inputs(src), "-o", cd, "-j", "2")
        need(st == 2, f"batch csv: exit {st}: {err!r}")
        profile = "-env:UserInstallation=file://" + os.path.join(tmp, "profile")
        seen = {"percent": 0, "section": 0, "code": 0}
        for name in ("figures.csv", "findings.csv", "failures.csv"):
            before = check_csv_file(cd + name, docs[name], name)
            for args in (["--infilter=CSV:44,34,76,1,,0,true,false", "--convert-to", "xlsx",
                          "--outdir", os.path.join(tmp, "xlsx"), cd + name],
                         ["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true",
                          "--outdir", os.path.join(tmp, "back"),
                          os.path.join(tmp, "xlsx", name[:-4] + ".xlsx")]):
                p = subprocess.run([soffice, profile, "--headless", *args], capture_output=True,
                                   timeout=300)
                need(p.returncode == 0, f"soffice {args[-1]}: exit {p.returncode}: {p.stderr!r}")
            with open(os.path.join(tmp, "back", name), encoding="utf-8", newline="") as f:
                back = list(csv.DictReader(f))
            need(len(back) == len(before), f"{name}: {len(back)} rows back, {len(before)} out")
            text_cols = [c for c, t in docs[name] if t == "text"]
            for i, (a, b) in enumerate(zip(before, back)):
                for c in text_cols:
                    need(a[c] == b[c], f"{name} row {i + 1} {c}: {a[c]!r} came back as {b[c]!r}")
                seen["percent"] += sum(a.get(c, "").endswith("%") for c in text_cols)
                seen["section"] += a.get("section", "").count(".") > 0
                seen["code"] += a.get("code", "") != ""
        need(all(seen.values()), f"the inputs hold percent, section and code cells: {seen}")


def case_pandas(fiscan, src):
    """pandas reads every output of a batch over a tree with a name that is
    not valid UTF-8 (and holds a newline) with its plain readers, no
    encoding or converter given: SQLite (every table), JSONL and its
    failures, CSV (three files), and the JSON of extract over the same
    files; names come back from path_hex, and every format holds the same
    figures.  Skipped (77) without pandas (Debian: python3-pandas)."""
    try:
        import pandas as pd
    except ImportError:
        raise Skip("pandas is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        d, good, bad = odd_tree(src, tmp)
        db, jl, cd = (os.path.join(tmp, n) for n in ("out.db", "out.jsonl", "csv/"))
        for out in (db, jl, cd):
            st, o, err = run(fiscan, "batch", d, "-o", out, "-j", "2")
            need(st == 2, f"batch {out}: exit {st}: {err!r}")
        con = sqlite3.connect(db)
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN "
                                            "('table', 'view')")]
        sql = {t: pd.read_sql_query(f"SELECT * FROM {t}", con) for t in tables}
        con.close()
        need([bytes.fromhex(h) for h in sql["paths"]["path_hex"]] == [good], "sqlite paths")
        need([bytes.fromhex(h) for h in sql["failures"]["path_hex"]] == [bad], "sqlite failures")
        recs = pd.read_json(jl, lines=True)
        fails = pd.read_json(jl + ".failures", lines=True)
        need(len(recs) == 1 and bytes.fromhex(recs["source"][0]["path_hex"]) == good,
             "jsonl: the record names the file")
        need(list(fails["kind"]) == ["error"] and bytes.fromhex(fails["path_hex"][0]) == bad,
             "jsonl failures")
        figs = pd.json_normalize(recs["figures"][0])
        csvs = {n: pd.read_csv(cd + n) for n in ("figures.csv", "findings.csv", "failures.csv")}
        need(list(csvs["figures.csv"].columns)[0] == "file", "csv: the BOM is not in the header")
        need({bytes.fromhex(h) for h in csvs["figures.csv"]["file_hex"]} == {good},
             "figures.csv file_hex")
        st, out, err = run(fiscan, "extract", "--format", "json", good, bad)
        need(st == 2, f"extract json: exit {st}")
        js = pd.read_json(io.BytesIO(out))
        need(len(js) == 1, "extract json: one record")
        n = len(sql["figures"])
        need(n > 0 and len(figs) == n and len(csvs["figures.csv"]) == n and
             len(js["figures"][0]) == n, "every format holds the same figures")
        need(len(csvs["findings.csv"]) == len(sql["findings"]), "findings in CSV and SQLite")


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}


def main():
    fiscan, src, case = sys.argv[1], sys.argv[2], sys.argv[3]
    try:
        CASES[case](fiscan, src)
    except Fail as e:
        print(f"{case}: FAILED: {e}")
        return 1
    except Skip as e:
        print(f"{case}: skipped: {e}")
        return 77
    print(f"{case}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
