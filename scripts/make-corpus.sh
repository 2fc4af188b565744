#!/bin/sh
# Regenerate the derived files of corpus/ from corpus/liuzhou-2019.txt and
# corpus/qiaoxi-2020.txt:
#
#   corpus/liuzhou-2019.gb18030.txt   the 2019 text in GB18030
#   corpus/qiaoxi-2020.utf16.txt      the 2020 text in UTF-16LE with a BOM
#   corpus/liuzhou-2019.pdf           A4, Noto Serif CJK SC, header, "第 N 页 共 M 页"
#   corpus/qiaoxi-2020.pdf            A4, Noto Sans CJK SC, header, "- N -", tables
#
# Tools (Debian/Ubuntu packages): libreoffice-writer-nogui (soffice, tested
# with 7.4), fonts-noto-cjk, python3, iconv (libc-bin), poppler-utils
# (pdffonts, pdftotext) for the checks, fontconfig (fc-list).
#
# The PDFs are committed: tests never need LibreOffice.  Each text is turned
# into a Flat ODT by scripts/corpus/txt2fodt.py, converted by LibreOffice
# headless with a private profile under corpus/.tmp/, then
# scripts/corpus/pdf_fix_stamp.py fixes the creation date and the file /ID so
# that the same LibreOffice version and fonts give byte-identical PDFs.
# scripts/corpus/check_pdf_text.py then checks that every narrative
# sentence of the text is found in the pdftotext output.
#
# Usage: scripts/make-corpus.sh        (from anywhere inside the checkout)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
corpus=$root/corpus
tools=$root/scripts/corpus
tmp=$corpus/.tmp
export TZ=UTC LC_ALL=C.UTF-8

for t in soffice python3 iconv fc-list pdffonts pdftotext; do
    command -v "$t" >/dev/null 2>&1 || { echo "make-corpus: $t not found" >&2; exit 1; }
done
for font in "Noto Serif CJK SC" "Noto Sans CJK SC"; do
    fc-list ":family=$font" family | grep -q . ||
        { echo "make-corpus: font '$font' not installed (fonts-noto-cjk)" >&2; exit 1; }
done

mkdir -p "$tmp"

# 1. Other encodings, checked to come back byte-identical.
iconv -f UTF-8 -t GB18030 "$corpus/liuzhou-2019.txt" >"$corpus/liuzhou-2019.gb18030.txt"
iconv -f GB18030 -t UTF-8 "$corpus/liuzhou-2019.gb18030.txt" | cmp -s - "$corpus/liuzhou-2019.txt" ||
    { echo "make-corpus: GB18030 round trip differs" >&2; exit 1; }
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$corpus/qiaoxi-2020.txt"; } >"$corpus/qiaoxi-2020.utf16.txt"
iconv -f UTF-16 -t UTF-8 "$corpus/qiaoxi-2020.utf16.txt" | cmp -s - "$corpus/qiaoxi-2020.txt" ||
    { echo "make-corpus: UTF-16 round trip differs" >&2; exit 1; }

# 2. Flat ODT from each text.
python3 "$tools/txt2fodt.py" "$corpus/liuzhou-2019.txt" "$tmp/liuzhou-2019.fodt" \
    --header "柳州市总工会2019年部门预算公开" --footer pages \
    --body-font "Noto Serif CJK SC" --heading-font "Noto Sans CJK SC" \
    --doc-title "柳州市总工会2019年部门预算"
python3 "$tools/txt2fodt.py" "$corpus/qiaoxi-2020.txt" "$tmp/qiaoxi-2020.fodt" \
    --header "张家口市桥西区总工会2020年部门预算信息公开" --footer dash \
    --body-font "Noto Sans CJK SC" --heading-font "Noto Sans CJK SC" --title-lines 2 \
    --doc-title "张家口市桥西区总工会2020年部门预算信息公开情况说明"

# 3. PDF by LibreOffice, with its own profile so user settings do not leak in.
rm -f "$tmp/liuzhou-2019.pdf" "$tmp/qiaoxi-2020.pdf"
soffice "-env:UserInstallation=file://$tmp/lo-profile" --headless --norestore \
    --convert-to pdf --outdir "$tmp" "$tmp/liuzhou-2019.fodt" "$tmp/qiaoxi-2020.fodt" >/dev/null 2>&1 || true
for d in liuzhou-2019 qiaoxi-2020; do
    [ -s "$tmp/$d.pdf" ] || { echo "make-corpus: LibreOffice did not write $d.pdf" >&2; exit 1; }
    python3 "$tools/pdf_fix_stamp.py" "$tmp/$d.pdf"
    if pdffonts "$tmp/$d.pdf" | awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }'; then :; else
        echo "make-corpus: $d.pdf has a font that is not embedded" >&2; exit 1
    fi
    python3 "$tools/check_pdf_text.py" "$corpus/$d.txt" "$tmp/$d.pdf" --marker ""
    mv "$tmp/$d.pdf" "$corpus/$d.pdf"
done
echo "make-corpus: done"
