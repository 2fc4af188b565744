#!/bin/sh
# make-fixtures.sh — rebuilds the committed files of tests/hostile/ that
# need a tool to make.  Needs qpdf (fix-qdf comes with it) and python3; run
# from anywhere.  The encrypted files come out different on every run
# (random salts), with the same content.  See README.md for what each file
# is and what fiscan must answer.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$here/pdf" "$here/text"
cover="$root/tests/data/input/cover.pdf"

# write_pdf(path, objs): objects 1..n as given, a cross-reference table and
# a trailer whose root is object 1 (used by the generated PDFs below)
cat > "$tmp/pdfwrite.py" <<'PY'
def write_pdf(path, objs):
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    open(path, "wb").write(out)
PY
export PYTHONPATH="$tmp"

# --- PDFs -----------------------------------------------------------------
: > "$here/pdf/empty.pdf"

# the first half of a good PDF: no %%EOF, the cross-reference table lost
size=$(wc -c < "$cover")
head -c $((size / 2)) "$cover" > "$here/pdf/truncated.pdf"

# a 1x1 PNG under a .pdf name
python3 - "$here/pdf/png-renamed.pdf" <<'PY'
import sys, zlib, struct
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY

# the cover page, AES-256: user password "user" (owner "owner"), and owner
# password only (opens without a password)
qpdf --encrypt user owner 256 -- "$cover" "$here/pdf/user-password.pdf"
qpdf --encrypt "" owner 256 -- "$cover" "$here/pdf/owner-only.pdf"

# a "scanned" page: one 16x16 grey image drawn over the page, no text at all
python3 - "$tmp/scan-raw.pdf" <<'PY'
import sys
from pdfwrite import write_pdf
img = bytes((x * 16 + y) & 0xff for y in range(16) for x in range(16))
content = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
objs = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
    b"/Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
    b"<< /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray "
    b"/BitsPerComponent 8 /Length %d >>\nstream\n" % len(img) + img + b"\nendstream",
    b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
]
write_pdf(sys.argv[1], objs)
PY
qpdf "$tmp/scan-raw.pdf" "$here/pdf/scanned.pdf"

# three pages of a real report with the /ToUnicode maps of its three
# embedded CID fonts (Identity-H) removed: poppler then returns glyph numbers
src="$root/corpus/real/shanghai/上海市普陀区人民政府办公室2025部门预算.pdf"
qpdf "$src" --pages . 1-3 -- "$tmp/p3.pdf"
qpdf --qdf --object-streams=disable "$tmp/p3.pdf" "$tmp/p3-qdf.pdf"
sed -e '/^ *\/ToUnicode [0-9][0-9]* 0 R$/d' "$tmp/p3-qdf.pdf" > "$tmp/p3-edit.pdf"
fix-qdf "$tmp/p3-edit.pdf" > "$tmp/p3-fixed.pdf"
qpdf "$tmp/p3-fixed.pdf" "$here/pdf/no-tounicode.pdf"

# a page of Latin text whose numbers alone are drawn in a CID font
# (Identity-H, not embedded) without a ToUnicode map: poppler returns the
# glyph numbers 0x13..0x1A as control characters, 4 per line over 30 lines
# of 100 characters, about 4 % of the text — too little for the share rule,
# caught by the count of control characters
python3 - "$here/pdf/cid-digits.pdf" <<'PY'
import sys
from pdfwrite import write_pdf
lines = []
for i in range(30):
    y = 800 - 25 * i
    words = "Line %02d of the expenditure statement, the amount below is stated in ten thousand yuan, all told" % i
    lines.append("BT /F1 9 Tf 40 %d Td (%s) Tj ET" % (y, words[:100]))
    lines.append("BT /F2 9 Tf 500 %d Td <0014001300170018> Tj ET" % y)
content = ("\n".join(lines) + "\n").encode()
objs = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
    b"/Resources << /Font << /F1 4 0 R /F2 6 0 R >> >> /Contents 5 0 R >>",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+SimSun /Encoding /Identity-H "
    b"/DescendantFonts [7 0 R] >>",
    b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+SimSun /CIDSystemInfo "
    b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R "
    b"/CIDToGIDMap /Identity >>",
    b"<< /Type /FontDescriptor /FontName /ABCDEF+SimSun /Flags 4 /FontBBox [0 0 1000 1000] "
    b"/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
]
write_pdf(sys.argv[1], objs)
PY

# --- text -----------------------------------------------------------------
# Two sentences of corpus/liuzhou-2019.txt (its lines 73 and 77), damaged in
# places that do not touch a figure.
python3 - "$root/corpus/liuzhou-2019.txt" "$here/text" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
a, b = lines[72].encode(), lines[76].encode()
d = sys.argv[2]
# UTF-8 with three stray bytes between the sentences and after the second
open(d + "/invalid-utf8.txt", "wb").write(a + b"\xff\xfe\n" + b + b"\xc0\n")
# GB18030 with a stray 0xFF between the sentences and a lone lead byte at the end
ga, gb = a.decode().encode("gb18030"), b.decode().encode("gb18030")
open(d + "/gb18030-stray.txt", "wb").write(ga + b"\xff\n" + gb + b"\n\x81")
# UTF-8 with two NUL bytes between the sentences
open(d + "/nul-bytes.txt", "wb").write(a + b"\x00\n\x00" + b + b"\n")
# a figure of 400 digits, and one of 19 nines in 亿元 (10^27 yuan)
open(d + "/400-digits.txt", "wb").write(
    ("2019年部门一般公共预算支出" + "9" * 400 + "万元。\n").encode())
open(d + "/huge-yi.txt", "wb").write("2019年部门一般公共预算支出9999999999999999999亿元。\n".encode())
PY

# --- patterns ---------------------------------------------------------------
# input for patterns/backtrack: a run of 3,000 'a' followed by 'b', in a
# sentence with an amount (only such sentences are scanned)
python3 - "$here/text/backtrack-input.txt" <<'PY'
import sys
open(sys.argv[1], "wb").write(
    ("2019年部门一般公共预算支出953.39万元。" + "a" * 3000 + "b支出5万元。\n").encode())
PY
