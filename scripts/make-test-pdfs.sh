#!/bin/sh
# make-test-pdfs.sh — regenerates tests/data/input/ (the files are committed;
# the tests never run this script).
#
# Needs: qpdf, iconv, printf, head.  The PDFs are page ranges of a published
# Shanghai district budget (上海市普陀区社会福利院2024单位预算), given as $1
# (default: the copy in /work/shared/corpus-real/shanghai/).
#
#   small.pdf             pages 6-7: prose with amounts, then a table page
#   cover.pdf             page 1: one title line and one subtitle line
#   cover-user-pw.pdf     cover.pdf, AES-256, user password "user"
#   cover-owner-only.pdf  cover.pdf, AES-256, empty user password
#   cover-truncated.pdf   the first half of the bytes of cover.pdf
#   notext.pdf            one page that draws a rectangle and no text
#   empty.pdf             zero bytes
#   image-renamed.pdf     a 1x1 PNG image under a .pdf name
#   text-*.txt            the same Chinese sentences in several encodings
set -eu

SRC=${1:-/work/shared/corpus-real/shanghai/上海市普陀区社会福利院2024单位预算.pdf}
HERE=$(cd "$(dirname "$0")/.." && pwd)
OUT=$HERE/tests/data/input
mkdir -p "$OUT"
cd "$OUT"

# --- PDFs -----------------------------------------------------------------
qpdf --empty --deterministic-id --pages "$SRC" 6-7 -- small.pdf
qpdf --empty --deterministic-id --pages "$SRC" 1 -- cover.pdf
qpdf --encrypt user owner 256 -- cover.pdf cover-user-pw.pdf
qpdf --encrypt "" owner 256 -- cover.pdf cover-owner-only.pdf
size=$(wc -c < cover.pdf)
head -c $((size / 2)) cover.pdf > cover-truncated.pdf

# A page whose content stream only strokes a rectangle; qpdf writes the
# cross-reference table.
cat > notext-src.pdf <<'EOF'
%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj
4 0 obj << /Length 26 >> stream
100 100 200 200 re S
endstream endobj
trailer << /Root 1 0 R >>
%%EOF
EOF
qpdf --deterministic-id notext-src.pdf notext.pdf 2>/dev/null || [ $? -eq 3 ]
rm -f notext-src.pdf

: > empty.pdf

# Smallest valid PNG: 1x1 white pixel, 8-bit greyscale.
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\001\000\000\000\001\010\000\000\000\000:~\233U\000\000\000\nIDATx\234c\370\017\000\001\001\001\000\261\070\366\024\000\000\000\000IEND\256B`\202' > image-renamed.pdf

# --- Texts ----------------------------------------------------------------
# Three lines (one page); "•" (U+2022) is a four-byte sequence in GB18030.
cat > text-utf8.txt <<'EOF'
2024年，上海市普陀区社会福利院收入预算1,212.12万元。
其中：财政拨款收入950.12万元，比2023年预算增加0.46万元。
• 事业收入262.00万元，增长8.57%。
EOF
printf '\357\273\277' > text-utf8-bom.txt
sed 's/$/\r/' text-utf8.txt >> text-utf8-bom.txt            # BOM + CRLF
printf '\377\376' > text-utf16le.txt
iconv -f UTF-8 -t UTF-16LE text-utf8.txt >> text-utf16le.txt
printf '\376\377' > text-utf16be.txt
iconv -f UTF-8 -t UTF-16BE text-utf8.txt >> text-utf16be.txt
iconv -f UTF-8 -t GB18030 text-utf8.txt > text-gb18030.txt
# The same text with a stray 0xFF after "预算" and a cut-off "万" (E4 B8)
# before the ASCII "2": two invalid sequences in otherwise valid UTF-8.
sed -e '1s/收入预算/收入预算\xff/' -e '3s/收入262/收入\xe4\xb8262/' text-utf8.txt > text-invalid.txt
# Line ends LF, CRLF, CR and a form feed between two pages.
printf 'a1\nb2\r\nc3\rd4\fe5\r\n\r\nf6' > text-endings.txt
