#!/usr/bin/env python3
"""Make a LibreOffice PDF export reproducible, in place.

Between two exports of the same document LibreOffice 7.4 changes only the
/CreationDate of the Info dictionary and the trailer's /ID and /DocChecksum.
This replaces the date with a fixed one and the /ID and /DocChecksum with an
MD5 of the file's other bytes, keeping every byte count the same so the
cross-reference table stays valid.

Usage: pdf_fix_stamp.py FILE.pdf [D:YYYYMMDDHHmmSS]
"""

import hashlib
import re
import sys

RE_DATE = re.compile(rb"/CreationDate\s*\((D:[^)]*)\)")
RE_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
RE_SUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.strip().splitlines()[-1])
    path = sys.argv[1]
    stamp = (sys.argv[2] if len(sys.argv) == 3 else "D:20200101000000").encode()
    with open(path, "rb") as f:
        data = f.read()

    dates = list(RE_DATE.finditer(data))
    ids = list(RE_ID.finditer(data))
    if len(dates) != 1 or len(ids) != 1:
        sys.exit("pdf_fix_stamp: %s: expected one /CreationDate and one /ID, found %d and %d"
                 % (path, len(dates), len(ids)))

    d = dates[0]
    old = d.group(1)
    # keep the length: the fixed stamp, then the old tail (time zone) if any
    new = (stamp + old[len(stamp):]) if len(old) >= len(stamp) else old
    data = data[:d.start(1)] + new + data[d.end(1):]

    # the hex fields to rewrite, last first so earlier offsets stay put
    spans = [(m.start(g), m.end(g)) for m in (RE_ID.search(data),) for g in (1, 2)]
    spans += [(m.start(1), m.end(1)) for m in RE_SUM.finditer(data)]
    spans.sort(reverse=True)
    zero = data
    for a, b in spans:
        zero = zero[:a] + b"0" * (b - a) + zero[b:]
    digest = hashlib.md5(zero).hexdigest().upper().encode()
    for a, b in spans:
        data = data[:a] + (digest * 4)[:b - a] + data[b:]

    with open(path, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
