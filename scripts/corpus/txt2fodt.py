#!/usr/bin/env python3
"""Turn a plain-text budget disclosure into a Flat ODT laid out like an office publication.

Used by scripts/make-corpus.sh; LibreOffice then converts the .fodt to PDF.
The text of every line is kept exactly (leading and inner runs of spaces
included); only layout is added:

  * A4, justified paragraphs with a two-character first-line indent,
    hanging punctuation off (style:punctuation-wrap="simple") so that a
    "。" or "、" at a line end is still drawn, hyphenation off;
  * headings (第X部分 / 一、 / （一） / （1） / 1、 lines that are short and do
    not end a sentence) as separate bold paragraphs, optional title lines;
  * a running header and a page-numbered footer;
  * blocks of TAB-prefixed lines as bordered tables: each run of
    consecutive lines between blank lines is one row, each "\\tcell" line
    one cell, a line without TAB directly after a cell line continues that
    cell on a new line.

Usage:
  txt2fodt.py IN.txt OUT.fodt --header TEXT --footer {pages,dash}
              [--body-font NAME] [--heading-font NAME] [--title-lines N]
              [--doc-title TEXT]
"""

import argparse
import re
import sys
from xml.sax.saxutils import escape

CN_NUM = "一二三四五六七八九十"
RE_PART = re.compile(r"^第[%s]+部分" % CN_NUM)
RE_L2 = re.compile(r"^([%s]+、|\d+、\s)" % CN_NUM)
RE_L3 = re.compile(r"^（[%s]+）" % CN_NUM)
RE_L4 = re.compile(r"^(（\d+）|\d+、|\d+\.)")
SENTENCE_END = ("。", "；", "，", ";")
HEADING_MAX = 40


def inline(text):
    """XML for one line of text inside a text:p, keeping every space."""
    out = []
    pos = 0
    for m in re.finditer(r" {2,}|^ ", text):
        out.append(escape(text[pos:m.start()]))
        n = m.end() - m.start()
        if m.start() == 0:
            out.append('<text:s text:c="%d"/>' % n)
        else:
            out.append(' <text:s text:c="%d"/>' % (n - 1) if n > 1 else " ")
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out).replace("\t", "<text:tab/>")


def heading_style(line):
    """Paragraph style name for a heading line, or None for body text."""
    s = line.strip()
    if not s or len(s) > HEADING_MAX or s.endswith(SENTENCE_END):
        return None
    if RE_PART.match(s):
        return "H1"
    if RE_L2.match(s):
        return "H2"
    if RE_L3.match(s) or RE_L4.match(s):
        return "H3"
    return None


def parse(lines):
    """Split the text into ('p', line) and ('table', rows) items."""
    items = []
    i = 0
    n = len(lines)
    while i < n:
        if not lines[i].startswith("\t"):
            items.append(("p", lines[i]))
            i += 1
            continue
        rows = []
        while i < n and lines[i].startswith("\t"):
            cells = []
            while i < n and lines[i] != "":
                if lines[i].startswith("\t"):
                    cells.append([lines[i][1:]])
                else:
                    cells[-1].append(lines[i])
                i += 1
            rows.append(cells)
            # a blank line ends the row; the table goes on if a cell follows
            if i + 1 < n and lines[i] == "" and lines[i + 1].startswith("\t"):
                i += 1
        items.append(("table", rows))
    return items


def is_caption(items, k):
    """True if paragraph k names the table that follows it."""
    text = items[k][1].strip()
    if not text or len(text) > 30 or text.endswith(("。", "：", ":")):
        return False
    for j in range(k + 1, len(items)):
        kind, val = items[j]
        if kind == "table":
            return True
        if val.strip() == "":
            continue
        return val.strip().startswith("编制部门")
    return False


def table_xml(rows, t):
    """A bordered table; short rows get their last cell spanned to the edge."""
    ncols = max(len(r) for r in rows)
    out = ['<table:table table:name="Table%d" table:style-name="Tbl">' % t,
           '<table:table-column table:style-name="TblCol" '
           'table:number-columns-repeated="%d"/>' % ncols]
    for r, cells in enumerate(rows):
        out.append("<table:table-row>")
        for c, cell in enumerate(cells):
            span = ncols - len(cells) + 1 if c == len(cells) - 1 else 1
            attr = ' table:number-columns-spanned="%d"' % span if span > 1 else ""
            pstyle = "TblHead" if r == 0 else "TblText"
            body = "<text:line-break/>".join(inline(x) for x in cell)
            out.append('<table:table-cell table:style-name="TblCell" '
                       'office:value-type="string"%s><text:p text:style-name="%s">%s'
                       '</text:p></table:table-cell>' % (attr, pstyle, body))
            out.extend("<table:covered-table-cell/>" for _ in range(span - 1))
        out.append("</table:table-row>")
    out.append("</table:table>")
    return "\n".join(out)


def body_xml(lines, title_lines):
    """The office:text content."""
    items = parse(lines)
    out = []
    ntab = 0
    for k, (kind, val) in enumerate(items):
        if kind == "table":
            ntab += 1
            out.append(table_xml(val, ntab))
            continue
        if k < title_lines:
            style = "Title"
        elif is_caption(items, k):
            style = "Caption"
        elif val.lstrip().startswith("编制部门"):
            style = "NoIndent"
        else:
            style = heading_style(val) or "Body"
        out.append('<text:p text:style-name="%s">%s</text:p>' % (style, inline(val)))
    return "\n".join(out)


TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta>
 <dc:title>{title}</dc:title>
 <meta:creation-date>2020-01-01T00:00:00</meta:creation-date>
 <dc:date>2020-01-01T00:00:00</dc:date>
</office:meta>
<office:font-face-decls>
 <style:font-face style:name="Body" svg:font-family="'{body_font}'" style:font-family-generic="roman" style:font-pitch="variable"/>
 <style:font-face style:name="Head" svg:font-family="'{head_font}'" style:font-family-generic="swiss" style:font-pitch="variable"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties style:punctuation-wrap="simple" style:line-break="strict"
   style:text-autospace="ideograph-alpha" style:writing-mode="lr-tb"/>
  <style:text-properties style:font-name="Body" style:font-name-asian="Body" style:font-name-complex="Body"
   fo:font-size="12pt" style:font-size-asian="12pt" style:font-size-complex="12pt"
   fo:language="zh" fo:country="CN" style:language-asian="zh" style:country-asian="CN"
   fo:hyphenate="false" loext:hyphenation-no-caps="true"/>
 </style:default-style>
 <style:default-style style:family="table-cell">
  <style:paragraph-properties style:punctuation-wrap="simple"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph" style:class="text">
  <style:paragraph-properties fo:line-height="135%" style:punctuation-wrap="simple"/>
  <style:text-properties fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="justify" fo:text-indent="0.847cm"
   style:punctuation-wrap="simple" fo:hyphenation-ladder-count="no-limit"/>
  <style:text-properties fo:hyphenate="false"/>
 </style:style>
 <style:style style:name="NoIndent" style:family="paragraph" style:parent-style-name="Body">
  <style:paragraph-properties fo:text-indent="0cm" fo:margin-top="0.2cm" fo:margin-bottom="0.1cm"/>
 </style:style>
 <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.2cm"/>
  <style:text-properties style:font-name="Head" style:font-name-asian="Head" fo:font-size="18pt"
   style:font-size-asian="18pt" fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="H1" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="1">
  <style:paragraph-properties fo:text-align="center" fo:margin-top="0.3cm" fo:margin-bottom="0.3cm"
   fo:keep-with-next="always"/>
  <style:text-properties style:font-name="Head" style:font-name-asian="Head" fo:font-size="16pt"
   style:font-size-asian="16pt" fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="H2" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="2">
  <style:paragraph-properties fo:text-align="justify" fo:text-indent="0.847cm" fo:margin-top="0.15cm"
   fo:keep-with-next="always"/>
  <style:text-properties style:font-name="Head" style:font-name-asian="Head" fo:font-size="14pt"
   style:font-size-asian="14pt" fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="H3" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="3">
  <style:paragraph-properties fo:text-align="justify" fo:text-indent="0.847cm" fo:keep-with-next="always"/>
  <style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="Caption" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center" fo:margin-top="0.2cm" fo:margin-bottom="0.2cm"
   fo:keep-with-next="always"/>
  <style:text-properties style:font-name="Head" style:font-name-asian="Head" fo:font-weight="bold"
   style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="TblText" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:line-height="115%" fo:text-align="center"/>
  <style:text-properties fo:font-size="9pt" style:font-size-asian="9pt"/>
 </style:style>
 <style:style style:name="TblHead" style:family="paragraph" style:parent-style-name="TblText">
  <style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center" fo:padding-bottom="0.1cm"
   fo:border-bottom="0.5pt solid #000000" fo:line-height="100%"/>
  <style:text-properties fo:font-size="9pt" style:font-size-asian="9pt"/>
 </style:style>
 <style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center" fo:line-height="100%"/>
  <style:text-properties fo:font-size="10.5pt" style:font-size-asian="10.5pt"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="Tbl" style:family="table">
  <style:table-properties style:width="15.6cm" table:align="margins" fo:margin-top="0.1cm" fo:margin-bottom="0.2cm"/>
 </style:style>
 <style:style style:name="TblCol" style:family="table-column">
  <style:table-column-properties style:use-optimal-column-width="false"/>
 </style:style>
 <style:style style:name="TblCell" style:family="table-cell">
  <style:table-cell-properties fo:padding="0.08cm" fo:border="0.5pt solid #000000" style:vertical-align="middle"/>
 </style:style>
 <style:page-layout style:name="A4">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait"
   fo:margin-top="2.2cm" fo:margin-bottom="1.8cm" fo:margin-left="2.7cm" fo:margin-right="2.7cm"
   style:writing-mode="lr-tb"/>
  <style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.5cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.5cm"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="A4">
  <style:header><text:p text:style-name="Header">{header}</text:p></style:header>
  <style:footer><text:p text:style-name="Footer">{footer}</text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body>
<office:text>
{body}
</office:text>
</office:body>
</office:document>
"""

FOOTERS = {
    "pages": '第 <text:page-number text:select-page="current">1</text:page-number> 页 共 '
             '<text:page-count>1</text:page-count> 页',
    "dash": '- <text:page-number text:select-page="current">1</text:page-number> -',
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--header", required=True)
    ap.add_argument("--footer", choices=sorted(FOOTERS), required=True)
    ap.add_argument("--body-font", default="Noto Serif CJK SC")
    ap.add_argument("--heading-font", default="Noto Sans CJK SC")
    ap.add_argument("--title-lines", type=int, default=0)
    ap.add_argument("--doc-title", default="")
    a = ap.parse_args()

    with open(a.input, encoding="utf-8", newline="") as f:
        text = f.read()
    if "\r" in text:
        sys.exit("txt2fodt: CR line ends are not expected in %s" % a.input)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()

    xml = TEMPLATE.format(title=escape(a.doc_title), body_font=escape(a.body_font),
                          head_font=escape(a.heading_font), header=escape(a.header),
                          footer=FOOTERS[a.footer], body=body_xml(lines, a.title_lines))
    with open(a.output, "w", encoding="utf-8", newline="\n") as f:
        f.write(xml)


if __name__ == "__main__":
    main()
