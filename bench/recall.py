#!/usr/bin/env python3
"""Recall of a scanner on the secrets that examples/generate.rs planted.

    python3 bench/recall.py TREE TOOL OUTPUT [--cwd DIR]

TREE is the generated tree (it holds planted.json), TOOL one of trustlint,
detect-secrets, secretlint, OUTPUT the tool's JSON report, and --cwd the folder the
tool ran in (its relative paths are relative to it; default: the current folder).

A planted item counts as found when the tool reports a finding on its path and line,
whatever the rule. Prints a JSON summary: secrets found and total, recall, the
same per kind, for trustlint the registration problems too, and how many other
places (path and line) the tool reported.
"""

import json
import os
import sys

SECRET_KINDS = ("frontend-client-secret", "reference-token", "jwt", "backend-client-secret")
PROBLEM_KINDS = ("http-redirect", "sec-scope", "admin-system-user")
# The rule trustlint should report each planted item with.
EXPECTED_RULE = {
    "frontend-client-secret": "CF101",
    "reference-token": "CF102",
    "jwt": "CF103",
    "backend-client-secret": "CF104",
    "http-redirect": "TA201",
    "sec-scope": "TA601",
    "admin-system-user": "TA502",
}
TOOLS = ("trustlint", "detect-secrets", "secretlint")


def reported(tool, output):
    """(path as reported, line, rule) for every finding in a tool's JSON report."""
    with open(output, encoding="utf-8") as f:
        data = json.load(f)
    if tool == "trustlint":
        return [(x["path"], x["line"], x["rule"]) for x in data["findings"]]
    if tool == "detect-secrets":
        return [
            (path, x["line_number"], x["type"])
            for path, items in data["results"].items()
            for x in items
        ]
    if tool == "secretlint":
        out = []
        for file in data:
            for m in file.get("messages", []):
                line = m.get("loc", {}).get("start", {}).get("line", m.get("line"))
                out.append((file["filePath"], line, m.get("ruleId")))
        return out
    raise ValueError(f"unknown tool {tool!r}; one of {', '.join(TOOLS)}")


def relative(path, tree, cwd):
    """A reported path relative to the tree, `/`-separated, or None when outside it."""
    full = os.path.normpath(os.path.join(cwd, path))
    rel = os.path.relpath(full, tree)
    if rel.startswith(".."):
        return None
    return rel.replace(os.sep, "/")


def recall(tree, tool, output, cwd="."):
    tree = os.path.abspath(tree)
    cwd = os.path.abspath(cwd)
    with open(os.path.join(tree, "planted.json"), encoding="utf-8") as f:
        planted = json.load(f)
    found_at = {}
    for path, line, rule in reported(tool, output):
        rel = relative(path, tree, cwd)
        if rel is not None:
            found_at.setdefault((rel, line), set()).add(rule)
    planted_at = {(p["path"], p["line"]) for p in planted}

    def summary(kinds):
        items = [p for p in planted if p["kind"] in kinds]
        by_kind = {}
        for kind in kinds:
            of_kind = [p for p in items if p["kind"] == kind]
            hit = [p for p in of_kind if (p["path"], p["line"]) in found_at]
            by_kind[kind] = {"found": len(hit), "total": len(of_kind)}
            if tool == "trustlint":
                by_kind[kind]["expected_rule"] = sum(
                    EXPECTED_RULE[kind] in found_at[(p["path"], p["line"])] for p in hit
                )
        found = sum(k["found"] for k in by_kind.values())
        return {
            "found": found,
            "total": len(items),
            "recall": found / len(items) if items else None,
            "by_kind": by_kind,
        }

    result = {"tool": tool, "secrets": summary(SECRET_KINDS)}
    if tool == "trustlint":
        result["problems"] = summary(PROBLEM_KINDS)
    result["other_places"] = len(set(found_at) - planted_at)
    return result


def main(argv):
    args = list(argv)
    cwd = "."
    if "--cwd" in args:
        i = args.index("--cwd")
        cwd = args[i + 1]
        del args[i : i + 2]
    if len(args) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    tree, tool, output = args
    print(json.dumps(recall(tree, tool, output, cwd), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
