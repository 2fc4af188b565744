#!/bin/sh
# Two shards of corpus/ run side by side through GNU parallel, merged with
# `fiscan merge`, equal a single run over the same inputs, row for row in
# every table.  Usage: shard_parallel.sh FISCAN SOURCE_DIR
set -eu
fiscan=$1
src=$2
# GNU parallel is a developer tool (scripts/install-deps --dev): skipped without it
command -v parallel >/dev/null || { echo "GNU parallel is not installed: skipped"; exit 77; }
tmp=$(mktemp -d /tmp/fiscan-shards-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cd "$src"

# batch exits 1 when it wrote findings of severity error (the 2019 report
# has one): that is success here; 2 (a document failed) is not.
parallel --will-cite --jobs 2 --halt now,fail=1 \
    "'$fiscan' batch corpus --shard {}/2 -j 1 -o '$tmp/shard-{}.db' 2>'$tmp/shard-{}.log'; [ \$? -le 1 ]" \
    ::: 1 2
"$fiscan" merge "$tmp/merged.db" "$tmp/shard-1.db" "$tmp/shard-2.db"
st=0
"$fiscan" batch corpus -j 2 -o "$tmp/single.db" 2>"$tmp/single.log" || st=$?
[ "$st" -le 1 ] || { cat "$tmp/single.log"; exit 1; }

dump() {
    sqlite3 "$1" <<'SQL'
SELECT 'documents', sha256, format, pages, bytes, title, n_sections, n_figures, n_findings,
       n_skipped, json_remove(record, '$.source.path') FROM documents ORDER BY sha256;
SELECT 'paths', * FROM paths ORDER BY path, sha256;
SELECT 'sections', * FROM sections ORDER BY sha256, id;
SELECT 'figures', * FROM figures ORDER BY sha256, id;
SELECT 'findings', * FROM findings ORDER BY sha256, id;
SELECT 'finding_figures', * FROM finding_figures ORDER BY sha256, finding, position;
SELECT 'skipped', * FROM skipped ORDER BY sha256, position;
SELECT 'failures', * FROM failures ORDER BY path;
SQL
}
dump "$tmp/merged.db" >"$tmp/merged.txt"
dump "$tmp/single.db" >"$tmp/single.txt"

# Both shards did work, they are disjoint, and together they are the whole.
n1=$(sqlite3 "$tmp/shard-1.db" 'SELECT count(*) FROM paths')
n2=$(sqlite3 "$tmp/shard-2.db" 'SELECT count(*) FROM paths')
n=$(sqlite3 "$tmp/single.db" 'SELECT count(*) FROM paths')
both=$(sqlite3 "$tmp/shard-1.db" "ATTACH '$tmp/shard-2.db' AS b;
    SELECT count(*) FROM paths WHERE path IN (SELECT path FROM b.paths)")
echo "paths: shard 1 $n1, shard 2 $n2, single run $n, in both shards $both"
[ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] && [ "$both" -eq 0 ] && [ $((n1 + n2)) -eq "$n" ] || exit 1
[ "$(sqlite3 "$tmp/single.db" 'SELECT count(*) FROM figures')" -gt 1000 ] || exit 1

if cmp -s "$tmp/merged.txt" "$tmp/single.txt"; then
    echo "merged shards = single run: $(wc -l <"$tmp/single.txt") rows"
else
    diff "$tmp/merged.txt" "$tmp/single.txt" | head -20
    exit 1
fi
