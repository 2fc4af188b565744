#!/usr/bin/env python3
"""fiscan report, loaded in a real browser (headless Chromium).

usage: report_browser.py FISCAN SOURCE_DIR WORK_DIR CASE

CASE pages: builds the report of the reference documents (text and PDF) and
of real PDFs of ../shared/corpus-real, loads every page in headless Chromium
and reads the page's own check (#selftest) from the DOM after its scripts
ran: every finding of the record (`fiscan check --format json`) is on the
page, every image is decoded (naturalWidth > 0), a PDF's findings all have
images, the figure table filters, no script error; no console error is
logged.  Page sizes are printed; a screenshot of the first finding of the
Shanghai 决算 is kept in WORK_DIR.

CASE db: the same documents through `fiscan batch` into a database, then
`fiscan report OUT.db`: the same findings per page; a PDF removed after the
batch gives pages that say the image is unavailable (and a warning), never
missing silently.

Exit 77 (skipped) when chromium is not installed."""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

FISCAN, SRC, WORK, CASE = sys.argv[1:5]
REAL = os.path.join(SRC, "..", "shared", "corpus-real")
INPUTS = [
    os.path.join(SRC, "corpus", "liuzhou-2019.txt"),
    os.path.join(SRC, "corpus", "liuzhou-2019.pdf"),
    os.path.join(SRC, "corpus", "qiaoxi-2020.txt"),
    os.path.join(SRC, "corpus", "qiaoxi-2020.pdf"),
    os.path.join(REAL, "shanghai", "上海市普陀区财政局2024年度部门决算.pdf"),
    os.path.join(REAL, "shanghai", "上海市普陀区司法局2026部门预算.pdf"),
    os.path.join(REAL, "jiangsu", "江苏省人民检察院_2018年省检察院部门预算公开.pdf"),
    os.path.join(REAL, "cities-2026", "009_武汉_信访局_国家信访局2024年度部门决算公开.pdf"),
    os.path.join(REAL, "cities-2026", "008_杭州_2026年杭州市交通运输局部门预算.pdf"),
    os.path.join(REAL, "gov-reports", "dongguan_2025_budget_report.pdf"),
]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0"]

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name) or (os.path.exists("/usr/bin/" + name) and "/usr/bin/" + name)
        if path:
            return path
    return None


def run_browser(browser, args, url):
    """Runs headless Chromium on url with a fresh profile; (stdout, stderr)."""
    with tempfile.TemporaryDirectory(prefix="fiscan-chromium-") as prof:
        p = subprocess.run([browser] + FLAGS + ["--user-data-dir=" + prof] + args + [url],
                           capture_output=True, text=True, timeout=120)
    return p.stdout, p.stderr


def console_errors(stderr):
    """Console messages and uncaught exceptions Chromium logged for the page."""
    return [l for l in stderr.splitlines() if ":CONSOLE(" in l or "Uncaught" in l]


def selftest(dom):
    m = re.search(r'<div id="selftest"([^>]*)>', dom)
    if not m:
        return None
    return dict(re.findall(r'data-([a-z]+)="([^"]*)"', m.group(1)))


def page_source(page):
    with open(page, encoding="utf-8") as f:
        m = re.search(r'<meta name="fiscan-source" content="([^"]*)">', f.read(4096))
    return html.unescape(m.group(1)) if m else None


def expected_findings(path):
    p = subprocess.run([FISCAN, "check", "--format", "json", path], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        fail("fiscan check %s: exit %d %s" % (path, p.returncode, p.stderr))
        return None
    return len(json.loads(p.stdout)["findings"])


def check_pages(browser, outdir, expect_images):
    """Loads every page of outdir; returns {source: findings on the page}."""
    found = {}
    for name in sorted(os.listdir(outdir)):
        if not name.endswith(".html"):
            continue
        page = os.path.join(outdir, name)
        dom, err = run_browser(browser, ["--dump-dom"], "file://" + page)
        st = selftest(dom)
        size = os.path.getsize(page)
        print("%-60s %7.1f KB  %s" % (name, size / 1024, st))
        if not st or "ok" not in st:
            fail("%s: the page's check did not run" % name)
            continue
        if st["ok"] != "1":
            fail("%s: page check failed: %s" % (name, st))
        if console_errors(err):
            fail("%s: console errors: %s" % (name, console_errors(err)))
        if int(st.get("rows", "0")) == 0:
            fail("%s: the table is empty" % name)
        if name == "index.html":
            continue
        src = page_source(page)
        found[src] = int(st["findings"])
        if expect_images and src.endswith(".pdf"):
            if st["noimg"] != "0" or int(st["images"]) < int(st["findings"]):
                fail("%s: findings without images: %s" % (name, st))
        elif st["noimg"] == "0" and int(st["images"]) < int(st["findings"]):
            fail("%s: a finding neither has an image nor says why" % name)
    return found


def compare(found, inputs):
    for path in inputs:
        want = expected_findings(path)
        got = [v for k, v in found.items() if k and os.path.samefile(k, path)] if found else []
        if not got:
            fail("no page for %s" % path)
        elif want is not None and got[0] != want:
            fail("%s: %d findings on the page, %d in the record" % (path, got[0], want))
        else:
            print("%s: %d findings, as in the record" % (os.path.basename(path), want))


def case_pages(browser):
    out = os.path.join(WORK, "report-pages")
    shutil.rmtree(out, ignore_errors=True)
    p = subprocess.run([FISCAN, "report"] + INPUTS + ["-o", out], capture_output=True, text=True)
    if p.returncode != 1:  # the reference reports have real errors
        fail("fiscan report: exit %d (want 1): %s" % (p.returncode, p.stderr))
    compare(check_pages(browser, out, True), INPUTS)
    shot = os.path.join(WORK, "report-first-finding.png")
    page = [n for n in os.listdir(out) if n.startswith("上海市普陀区财政局")][0]
    run_browser(browser, ["--window-size=1000,1400", "--screenshot=" + shot],
                "file://" + os.path.join(out, page))
    if not os.path.exists(shot) or os.path.getsize(shot) < 10000:
        fail("no screenshot")
    else:
        print("screenshot of the first finding:", shot)


def case_db(browser):
    tmp = os.path.join(WORK, "report-db")
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    gone = os.path.join(tmp, "moved.pdf")  # a PDF with findings, removed after the batch
    shutil.copy(os.path.join(REAL, "jiangsu", "江苏省高级人民法院_省法院2018年度部门预算公开.pdf"), gone)
    db = os.path.join(tmp, "all.db")
    p = subprocess.run([FISCAN, "batch", "-q"] + INPUTS + [gone, "-o", db], capture_output=True,
                       text=True)
    if p.returncode != 1:
        fail("fiscan batch: exit %d: %s" % (p.returncode, p.stderr))
    os.unlink(gone)
    out = os.path.join(tmp, "html")
    p = subprocess.run([FISCAN, "report", db, "-o", out], capture_output=True, text=True)
    if p.returncode != 1:
        fail("fiscan report OUT.db: exit %d: %s" % (p.returncode, p.stderr))
    if "moved.pdf" not in p.stderr or "unavailable" not in p.stderr:
        fail("no warning for the removed PDF: %r" % p.stderr)
    found = check_pages(browser, out, False)
    compare({k: v for k, v in found.items() if not k.endswith("moved.pdf")}, INPUTS)
    moved = [n for n in os.listdir(out) if n.startswith("moved")]
    with open(os.path.join(out, moved[0]), encoding="utf-8") as f:
        text = f.read()
    if "页面图像不可用" not in text or "data:image/png" in text:
        fail("the page of the removed PDF does not say its images are unavailable")


def main():
    browser = chromium()
    if not browser:
        print("chromium is not installed (scripts/install-deps --dev): skipped")
        return 77
    if CASE == "pages":
        case_pages(browser)
    elif CASE == "db":
        case_db(browser)
    else:
        print("unknown case", CASE)
        return 2
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
