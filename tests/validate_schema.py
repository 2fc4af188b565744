#!/usr/bin/python3
"""Runs `fiscan extract --format jsonl` over the given files and validates every
record against docs/fiscan.schema.json (JSON Schema 2020-12, python3-jsonschema).

Usage: validate_schema.py FISCAN SCHEMA FILE...
Exits non-zero, naming the file and the failing path, when a record does not
validate or when fiscan fails.

The schema is the contract: every object it describes lists its fields and
forbids others ("additionalProperties": false), so a field fiscan prints but
the schema does not name fails this test.  Two checks keep that true: every
object of the schema closes its field list, and a real record with an
unknown field added to any of its objects is rejected."""
import json
import re
import subprocess
import sys

import jsonschema


def open_objects(schema, where="#"):
    """Paths of the schema's object definitions that do not close their field
    list (no "additionalProperties": false, nor a schema for the others)."""
    bad = []
    if isinstance(schema, dict):
        if ("properties" in schema or schema.get("type") == "object") and \
                schema.get("additionalProperties", True) is True:
            bad.append(where)
        for k, v in schema.items():
            bad += open_objects(v, f"{where}/{k}")
    elif isinstance(schema, list):
        for i, v in enumerate(schema):
            bad += open_objects(v, f"{where}/{i}")
    return bad


def objects_of(rec, where=""):
    """(path, object) for every JSON object in rec, nested ones included."""
    if isinstance(rec, dict):
        yield where or "/", rec
        for k, v in rec.items():
            yield from objects_of(v, f"{where}/{k}")
    elif isinstance(rec, list):
        for i, v in enumerate(rec):
            yield from objects_of(v, f"{where}/{i}")


def unknown_fields_caught(validator, rec):
    """Adds a field the schema does not name to each object of rec in turn;
    returns the paths where the record still validated."""
    missed, seen = [], set()
    for where, obj in list(objects_of(rec)):
        shape = re.sub(r"/[0-9]+", "/N", where)  # one object of each place is enough
        if shape in seen:
            continue
        seen.add(shape)
        obj["not_in_the_schema"] = 1
        if validator.is_valid(rec):
            missed.append(where)
        del obj["not_in_the_schema"]
    return missed


def main():
    fiscan, schema_path, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    failures = 0
    for where in open_objects(schema):
        failures += 1
        print(f"schema {where}: an object that does not forbid other fields")
    probed = 0
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
            if cmd == "check" and rec["findings"] and not probed:
                probed = 1  # one record with findings has every kind of object
                for where in unknown_fields_caught(validator, rec):
                    failures += 1
                    print(f"{cmd} {path}: {where}: an unknown field passes the schema")
    print(f"{records} records, {figures} figures validated, {failures} schema violations")
    if not probed:
        print("no record with findings: unknown fields not probed")
        failures += 1
    return 1 if failures or records == 0 or figures == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
