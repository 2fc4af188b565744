#!/usr/bin/env python3
"""Writes the small PDF seeds of fuzz/seeds/pdf/ (a few hundred bytes each).

Text is set in a non-embedded CID font with the predefined UniGB-UTF16-H
CMap (poppler maps it back to Unicode), so a seed is small and still carries
Chinese report sentences, a heading hierarchy, a table row laid out in
columns, a line wrapped mid-phrase and a second page with a running header.
Usage: make-seed-pdfs.py OUTDIR"""
import os
import sys


def utf16_hex(s):
    return s.encode("utf-16-be").hex().upper()


def pdf(pages, font_size=10.5):
    """pages: list of lists of (x, y, size, text)."""
    objs = []

    def add(body):
        objs.append(body)
        return len(objs)

    font = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light "
               b"/Encoding /UniGB-UTF16-H /DescendantFonts [ << /Type /Font "
               b"/Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
               b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
               b"/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light "
               b"/Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 "
               b"/Descent -120 /CapHeight 880 /StemV 93 >> /DW 1000 >> ] >>")
    pages_id = len(objs) + 1
    add(None)  # placeholder for the page tree
    kids = []
    for lines in pages:
        ops = []
        for (x, y, size, text) in lines:
            ops.append("BT /F1 %g Tf %g %g Td <%s> Tj ET" % (size, x, y, utf16_hex(text)))
        content = "\n".join(ops).encode()
        c = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                        b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                        % (pages_id, font, c)))
    objs[pages_id - 1] = (b"<< /Type /Pages /Kids [%s] /Count %d >>"
                          % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    cat = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, body in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += (b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, cat, xref))
    return bytes(out)


BODY = [
    (200, 790, 16, "柳州市总工会2019年部门预算"),
    (72, 750, 12, "第一部分　概况"),
    (72, 728, 10.5, "一、收支预算总体情况"),
    (72, 706, 10.5, "2019年一般公共预算支出953.39万元，同比增加183.39万元，同比增"),
    (72, 690, 10.5, "长23.82%，主要原因是人员增加。其中：基本支出741.8万元，占77.81%；"),
    (72, 674, 10.5, "项目支出211.59万元。"),
    (72, 652, 10.5, "（一）“三公”经费支出4.62万元，比2018年（上一年）预算减少0.5万元。"),
    (72, 630, 10.5, "编制86人，其中：行政编制37人、事业编制49人。"),
]
TABLE = [
    (72, 600, 9, "科目名称"), (260, 600, 9, "2019年预算数"), (400, 600, 9, "增减率"),
    (72, 584, 9, "一般公共服务支出"), (260, 584, 9, "953.39"), (400, 584, 9, "23.82%"),
    (72, 568, 9, "合计"), (260, 568, 9, "1,234.56"), (400, 568, 9, "-1.5%"),
]
PAGE2 = [
    (250, 815, 9, "柳州市总工会2019年部门预算"),
    (72, 760, 10.5, "二、支出预算情况"),
    (72, 738, 10.5, "机关运行经费支出12.5万元，比上年持平。"),
    (290, 40, 9, "- 2 -"),
]


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    seeds = {
        "report.pdf": pdf([BODY]),
        "table.pdf": pdf([TABLE]),
        "twopages.pdf": pdf([BODY + TABLE, PAGE2]),
        "empty-page.pdf": pdf([[]]),
    }
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
