#!/usr/bin/env python3
"""Measures trustlint on the labelled corpus in bench/corpus/ (see labels.toml there).

    python3 bench/corpus.py [path/to/trustlint]     # default: target/release/trustlint

Prints three figures:
- read: the share of the files that hold client settings which trustlint reads as configs;
- recall: the share of the labelled literal secrets reported (by a rule about secrets, on
  the labelled line);
- precision: the share of trustlint's findings about secrets that are on a labelled line.
"""
import json
import os
import subprocess
import sys
import tomllib

SECRET_RULES = {"CF101", "CF102", "CF103", "CF104", "CF105", "CF106", "CF209"}

here = os.path.dirname(os.path.abspath(__file__))
corpus = os.path.join(here, "corpus")
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "target", "release", "trustlint")

with open(os.path.join(corpus, "labels.toml"), "rb") as f:
    labels = tomllib.load(f)["file"]


def run(*args):
    out = subprocess.run([binary, "check", ".", *args], cwd=corpus, capture_output=True, text=True)
    return json.loads(out.stdout)


files = run("--show-files", "--format", "json")["files"]
read_as_config = {f["path"] for f in files if f["kind"] == "config"}
findings = [f for f in run("--format", "json")["findings"] if f["rule"] in SECRET_RULES]

with_settings = [l["path"] for l in labels if l["settings"]]
read = [p for p in with_settings if p in read_as_config]
expected = {(l["path"], line) for l in labels for line in l["secrets"]}
found = {(f["path"], f["line"]) for f in findings}
hits = expected & found
true_findings = [f for f in findings if (f["path"], f["line"]) in expected]

print(f"read:      {len(read)}/{len(with_settings)} files with client settings ({100 * len(read) // max(len(with_settings), 1)}%)")
print(f"recall:    {len(hits)}/{len(expected)} literal secrets ({100 * len(hits) // max(len(expected), 1)}%)")
print(f"precision: {len(true_findings)}/{len(findings)} findings about secrets ({100 * len(true_findings) // max(len(findings), 1)}%)")
for path in sorted(set(with_settings) - set(read)):
    print(f"  not read: {path}")
for path, line in sorted(expected - found):
    print(f"  missed:   {path}:{line}")
for f in findings:
    if (f["path"], f["line"]) not in expected:
        print(f"  false:    {f['path']}:{f['line']} {f['rule']}")
