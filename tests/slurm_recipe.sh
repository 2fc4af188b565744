#!/bin/sh
# The Slurm recipe of docs/scaling.md, run as written: the job script for
# each of its array tasks, then the merge command only when every task
# exited 0 (what sbatch --dependency=afterok does).  Over a tree holding a
# report with an arithmetic error and a damaged PDF, every task must exit 0
# and the merged database hold both documents and the failure.
# Usage: slurm_recipe.sh FISCAN SOURCE_DIR
set -eu
fiscan=$1
src=$2
tmp=$(mktemp -d /tmp/fiscan-slurm-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/reports" "$tmp/scratch"
ln -s "$fiscan" "$tmp/bin/fiscan"
cp "$src/corpus/liuzhou-2019.txt" "$src/corpus/qiaoxi-2020.txt" "$tmp/reports/"
cp "$src/tests/data/input/cover-truncated.pdf" "$tmp/reports/damaged.pdf"

# The job script: the indented block from "#!/bin/sh" to the first line that
# is not indented; the merge: the indented "fiscan merge" line after it.
# The paths of the recipe are moved into the temporary directory.
awk '/^    #!\/bin\/sh/ {on = 1} on && !/^    / {exit} on {print substr($0, 5)}' \
    "$src/docs/scaling.md" >"$tmp/job.sh"
sed -n '/^## Slurm job array/,/^## /p' "$src/docs/scaling.md" |
    sed -n 's/^    \(fiscan merge .*\)/\1/p' >"$tmp/merge.sh"
for f in job.sh merge.sh; do
    sed -i -e "s#/data/reports#$tmp/reports#g" -e "s#/scratch/fiscan#$tmp/scratch#g" "$tmp/$f"
done
grep -q 'fiscan batch' "$tmp/job.sh" || { echo "no job script found in docs/scaling.md"; exit 1; }
[ -s "$tmp/merge.sh" ] || { echo "no merge command found in docs/scaling.md"; exit 1; }
tasks=$(sed -n 's/^#SBATCH --array=1-\([0-9]*\)$/\1/p' "$tmp/job.sh")
[ -n "$tasks" ] || { echo "no --array=1-N in the job script"; exit 1; }

export PATH="$tmp/bin:$PATH"
failed=0
for k in $(seq 1 "$tasks"); do
    st=0
    SLURM_ARRAY_TASK_ID=$k SLURM_CPUS_PER_TASK=1 sh "$tmp/job.sh" 2>>"$tmp/log" || st=$?
    if [ "$st" -ne 0 ]; then
        echo "task $k exited $st: afterok would never run the merge"
        failed=1
    fi
done
if [ "$failed" -ne 0 ]; then
    cat "$tmp/log"
    exit 1
fi
sh "$tmp/merge.sh" 2>>"$tmp/log"
docs=$(sqlite3 "$tmp/scratch/all.db" 'SELECT count(*) FROM documents')
fails=$(sqlite3 "$tmp/scratch/all.db" "SELECT count(*) FROM failures WHERE path LIKE '%damaged.pdf'")
errors=$(sqlite3 "$tmp/scratch/all.db" "SELECT count(*) FROM findings WHERE severity = 'error'")
[ "$docs" -eq 2 ] && [ "$fails" -eq 1 ] && [ "$errors" -ge 1 ] ||
    { echo "merged: $docs documents, $fails failures, $errors errors"; cat "$tmp/log"; exit 1; }

# A requeued task (its shard database exists) goes on with --resume and
# still exits 0; a task whose batch cannot run still fails (afterok holds
# the merge back).
SLURM_ARRAY_TASK_ID=1 SLURM_CPUS_PER_TASK=1 sh "$tmp/job.sh" 2>>"$tmp/log" ||
    { echo "requeued task exited non-zero"; cat "$tmp/log"; exit 1; }
chmod 000 "$tmp/scratch"
st=0
SLURM_ARRAY_TASK_ID=2 SLURM_CPUS_PER_TASK=1 sh "$tmp/job.sh" 2>>"$tmp/log" || st=$?
chmod 755 "$tmp/scratch"
if [ "$(id -u)" -ne 0 ] && [ "$st" -eq 0 ]; then
    echo "a task that could not write its output exited 0"
    exit 1
fi
echo "slurm recipe: $tasks tasks exited 0; merged $docs documents, $fails failure"
