#!/usr/bin/python3
"""Runs `fiscan extract --format jsonl` over the given files and validates every
record against docs/fiscan.schema.json (JSON Schema 2020-12, python3-jsonschema).

Usage: validate_schema.py FISCAN SCHEMA FILE...
Exits non-zero, naming the file and the failing path, when a record does not
validate or when fiscan fails."""
import json
import subprocess
import sys

import jsonschema


def main():
    fiscan, schema_path, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    failures = 0
    records = figures = 0
    for cmd in ("extract", "check"):
        args = [fiscan, cmd, "--format", "jsonl"] + files
        run = subprocess.run(args, capture_output=True, text=True)
        if cmd == "check" and "unknown command" in run.stderr:
            continue  # the check command is optional in this build
        if run.returncode not in (0, 1):
            print(f"fiscan {cmd} exited {run.returncode}: {run.stderr}")
            return 1
        lines = [l for l in run.stdout.splitlines() if l.strip()]
        if len(lines) != len(files):
            print(f"fiscan {cmd}: {len(lines)} records for {len(files)} files")
            return 1
        for path, line in zip(files, lines):
            rec = json.loads(line)
            records += 1
            figures += len(rec["figures"])
            for err in validator.iter_errors(rec):
                failures += 1
                where = "/".join(str(p) for p in err.absolute_path)
                print(f"{cmd} {path}: /{where}: {err.message}")
    print(f"{records} records, {figures} figures validated, {failures} schema violations")
    return 1 if failures or records == 0 or figures == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
