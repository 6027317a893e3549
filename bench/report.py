#!/usr/bin/env python3
"""Turns a bench/run.sh run into Markdown and writes it into BENCHMARKS.md.

    python3 bench/report.py --work DIR --sizes "1000 10000 100000" [--shapes "monorepo ..."]
                            [--peers-max N] [--output FILE]

DIR is the run's folder (BENCH_DIR: trees/ and results/). The monorepo shape gets the
comparison with the peers (issue 6); every shape gets the comparison with issue 13's rg
search, its peak memory and trustlint's recall. The section goes between
`<!-- bench:begin -->` and `<!-- bench:end -->` in FILE (default BENCHMARKS.md at the repo
root; "-" prints it); the rest of the file is kept.
"""

import argparse
import datetime
import json
import os
import platform
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from recall import SECRET_KINDS, PROBLEM_KINDS, recall  # noqa: E402

BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"
PEERS = ("detect-secrets", "secretlint")

# Targets from issue 6 (on a 2-core machine).
MAX_RATIO_TO_RG_10K = 2.0
MIN_SPEEDUP_DETECT_SECRETS = 20.0
MIN_SPEEDUP_SECRETLINT = 5.0
MAX_GROWTH_10K_TO_100K = 10.0
MAX_PEAK_MB = 200.0
MAX_SINGLE_FILE_MS = 50.0
# Targets from issue 13: every shape within this factor of its rg search, at 10k and 100k.
MAX_RATIO_TO_ISSUE_RG = 2.0
ISSUE_SIZES = (10000, 100000)


def label(n):
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return None


def timing(results, tool, n):
    data = load_json(os.path.join(results, f"time-{tool}-{n}.json"))
    if not data:
        return None
    r = data["results"][0]
    return {
        "median": r["median"],
        "mean": r["mean"],
        "stddev": r.get("stddev") or 0.0,
        "min": r["min"],
        "max": r["max"],
        "runs": len(r["times"]),
        "failed": sum(1 for c in r.get("exit_codes", []) if c not in (0, None))
        if tool not in ("secretlint",)
        else 0,
        "command": read_text(os.path.join(results, f"cmd-{tool}-{n}.txt")) or r["command"],
    }


def read_text(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    except FileNotFoundError:
        return None


def tag(shape, n):
    """The name a tree's results carry: the size alone for the monorepo (as before shapes)."""
    return str(n) if shape == "monorepo" else f"{shape}-{n}"


def tree_name(shape, n):
    return label(n) if shape == "monorepo" else f"{shape}-{label(n)}"


def peak_mb(results, n):
    try:
        with open(os.path.join(results, f"rss-{n}.txt"), encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        return None
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    return int(m.group(1)) * 1024 / 1e6 if m else None


def tree_size(tree):
    files = 0
    size = 0
    for root, _, names in os.walk(tree):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(root, name))
    return files, size


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = None
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = int(line.split()[1]) * 1024
                    break
    except OSError:
        pass
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    mem_text = f"{mem / 2**30:.1f} GiB memory" if mem else "memory unknown"
    return f"{nproc} CPUs (nproc), {cpu}, {mem_text}, {platform.system()} {platform.release()}"


def fmt_s(t, like=None):
    """Seconds, with as many decimals as `like` (default: t itself) deserves."""
    if t is None:
        return "—"
    ref = t if like is None else like
    return f"{t:.3f}" if ref < 1 else f"{t:.2f}" if ref < 10 else f"{t:.1f}"


def fmt_recall(r):
    if r is None:
        return "—"
    s = r["secrets"]
    return f"{100 * s['recall']:.0f}% ({s['found']}/{s['total']})"


def met(ok):
    return "**met**" if ok else "**not met**"


def build(work, sizes, peers_max, shapes=("monorepo",)):
    results = os.path.join(work, "results")
    trees = os.path.join(work, "trees")
    mono = "monorepo" in shapes
    rows = []
    recalls = {}
    times = {}
    for n in sizes if mono else ():
        tree = os.path.join(trees, label(n))
        for tool in ("rg", "trustlint") + PEERS:
            t = timing(results, tool, n)
            times[(tool, n)] = t
            r = None
            out = os.path.join(results, f"out-{tool}-{n}.json")
            if tool != "rg" and os.path.exists(out):
                r = recall(tree, tool, out, cwd=work)
            recalls[(tool, n)] = r
    lines = []
    stamp = os.path.join(results, "versions.txt")
    when = os.path.getmtime(stamp) if os.path.exists(stamp) else None
    now = datetime.datetime.fromtimestamp(when, datetime.timezone.utc) if when else \
        datetime.datetime.now(datetime.timezone.utc)
    now = now.strftime("%Y-%m-%d %H:%M UTC")
    versions = ""
    try:
        with open(os.path.join(results, "versions.txt"), encoding="utf-8") as f:
            versions = "; ".join(line.strip() for line in f if line.strip())
    except FileNotFoundError:
        pass
    lines.append(f"Measured {now} by `bash bench/run.sh`.")
    lines.append("")
    lines.append(f"- Machine: {machine()}.")
    lines.append(f"- Versions: {versions}.")
    load = read_text(os.path.join(results, "load.txt"))
    if load:
        lines.append("- Load average (1, 5, 15 min) at the " + load.replace("\n", ", at the ")
                     + f" of the run ({len(os.sched_getaffinity(0))} CPUs; anything near or above "
                     "that means other work shared the machine and the timings are noisy).")
    sizes_text = []
    for shape in shapes:
        for n in sizes:
            name = tree_name(shape, n)
            if not os.path.isdir(os.path.join(trees, name)):
                continue
            files, size = tree_size(os.path.join(trees, name))
            sizes_text.append(f"{name} = {files:,} files, {size / 1e6:.1f} MB")
    lines.append(f"- Trees (`examples/generate.rs`, seed {os.environ.get('BENCH_SEED', '1')}): "
                 + "; ".join(sizes_text) + ".")
    lines.append("")
    if mono:
        lines.append("| tool | files | median s | ratio to rg | recall (planted secrets) | other places reported | runs |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|")
    for n in sizes if mono else ():
        rg = times.get(("rg", n))
        for tool in ("rg", "trustlint") + PEERS:
            t = times.get((tool, n))
            if t is None:
                if tool in PEERS and n > peers_max:
                    lines.append(f"| {tool} | {label(n)} | not run | | | | |")
                continue
            ratio = f"{t['median'] / rg['median']:.1f}x" if rg else "—"
            r = recalls.get((tool, n))
            other = str(r["other_places"]) if r else "—"
            name = "rg (the floor: reading the tree)" if tool == "rg" else tool
            failed = f" ({t['failed']} failed)" if t["failed"] else ""
            lines.append(
                f"| {name} | {label(n)} | {fmt_s(t['median'])} ± {fmt_s(t['stddev'], t['median'])} | {ratio} | "
                f"{fmt_recall(r) if tool != 'rg' else '—'} | {other} | {t['runs']}{failed} |"
            )
    if mono:
        lines.append("")
    lines.append("Median wall-clock seconds ± standard deviation over the runs (hyperfine, one "
                 "warm-up run, whole processes). Recall counts a planted secret as found when the "
                 "tool reports something on its file and line. \"Other places\" are the other "
                 "file-and-line places the tool reported: for trustlint, none is expected, since "
                 "the generated trees are clean apart from what was planted.")
    lines.append("")

    # Recall per kind, at the largest size every tool ran on.
    both = [n for n in sizes if all(recalls.get((t, n)) for t in ("trustlint",) + PEERS)]
    if both:
        n = both[-1]
        lines.append(f"Recall per planted kind at {label(n)}:")
        lines.append("")
        lines.append("| planted | count | trustlint | detect-secrets | secretlint |")
        lines.append("|---|---:|---:|---:|---:|")
        for kind in SECRET_KINDS:
            total = recalls[("trustlint", n)]["secrets"]["by_kind"][kind]["total"]
            cells = [str(recalls[(t, n)]["secrets"]["by_kind"][kind]["found"])
                     for t in ("trustlint",) + PEERS]
            lines.append(f"| {kind} | {total} | " + " | ".join(cells) + " |")
        tl = recalls[("trustlint", n)]
        for kind in PROBLEM_KINDS:
            k = tl["problems"]["by_kind"][kind]
            lines.append(f"| {kind} (registration problem) | {k['total']} | {k['found']} | — | — |")
        wrong = sum(k["found"] - k["expected_rule"]
                    for part in ("secrets", "problems") for k in tl[part]["by_kind"].values())
        lines.append("")
        lines.append(f"trustlint reported {'every' if not wrong else 'not every'} planted item with "
                     "the rule meant for it (CF101, CF102, CF103, CF104, TA201, TA601, TA502)"
                     + (f": {wrong} with another rule." if wrong else "."))
        lines.append("")

    mems = [(n, peak_mb(results, n)) for n in sizes if mono]
    mems = [(n, m) for n, m in mems if m is not None]
    if mems:
        lines.append("trustlint's peak memory (maximum resident set size, `/usr/bin/time -v`): "
                     + ", ".join(f"{m:.0f} MB at {label(n)}" for n, m in mems) + ".")
        lines.append("")
    single = load_json(os.path.join(results, "time-single-file.json"))
    single_ms = None
    if single:
        r = single["results"][0]
        single_ms = r["median"] * 1000
        cmd = read_text(os.path.join(results, "cmd-single-file.txt")) or r["command"]
        cmd = cmd.replace(work + "/bin/", "").replace(work + "/", "")
        lines.append(f"Single-file run (`{cmd}`): median "
                     f"{single_ms:.1f} ms (min {r['min'] * 1000:.1f}, max {r['max'] * 1000:.1f}, "
                     f"{len(r['times'])} runs, no shell).")
        lines.append("")
    lines.append("Commands (run from `$BENCH_DIR`; TREE is `trees/1k`, `trees/10k`, ..., or "
                 "`trees/small-projects-10k`, ... for the other shapes):")
    lines.append("")
    def first_timing(tool):
        """The tool's timing on the first tree it ran on, of any shape."""
        return next((t for shape in shapes for n in sizes
                     if (t := timing(results, tool, tag(shape, n)))), None)

    for tool in ("rg-issue", "rg", "trustlint") + PEERS:
        t = first_timing(tool)
        if t:
            cmd = t["command"].replace(work + "/bin/", "").replace(work + "/", "")
            cmd = re.sub(r"/\S*/(venv/bin/|node_modules/\.bin/)", "", cmd)
            cmd = re.sub(r"/\S*/secretlintrc\.json", "secretlintrc.json", cmd)
            cmd = re.sub(r"trees/[\w-]+", "TREE", cmd)
            shape_names = "|".join(re.escape(s) for s in shapes)
            cmd = re.sub(rf"-(?:(?:{shape_names})-)?\d+\.(json|txt)", r"-N.\1", cmd)
            lines.append(f"- `{cmd}`")
    lines.append("")

    if not mono:
        lines.extend(shapes_section(work, sizes, shapes, single_ms))
        return "\n".join(lines) + "\n"

    # Targets.
    lines.append("### Targets (issue 6)")
    lines.append("")
    lines.append("| target | measured | status |")
    lines.append("|---|---|---|")
    t10 = times.get(("trustlint", 10000))
    rg10 = times.get(("rg", 10000))
    if t10 and rg10:
        ratio = t10["median"] / rg10["median"]
        lines.append(f"| 10k: trustlint at most {MAX_RATIO_TO_RG_10K:g}x rg | "
                     f"{fmt_s(t10['median'])} s vs {fmt_s(rg10['median'])} s: {ratio:.1f}x | "
                     f"{met(ratio <= MAX_RATIO_TO_RG_10K)} |")
    else:
        lines.append("| 10k: trustlint at most 2x rg | not measured | — |")
    for peer, need in (("detect-secrets", MIN_SPEEDUP_DETECT_SECRETS),
                       ("secretlint", MIN_SPEEDUP_SECRETLINT)):
        p10 = times.get((peer, 10000))
        if t10 and p10:
            speedup = p10["median"] / t10["median"]
            lines.append(f"| 10k: at least {need:g}x faster than {peer} | "
                         f"{fmt_s(p10['median'])} s vs {fmt_s(t10['median'])} s: {speedup:.0f}x | "
                         f"{met(speedup >= need)} |")
        else:
            lines.append(f"| 10k: at least {need:g}x faster than {peer} | not measured | — |")
    r10 = recalls.get(("trustlint", 10000))
    peer_r = {p: recalls.get((p, 10000)) for p in PEERS}
    if r10 and all(peer_r.values()):
        mine = r10["secrets"]["recall"]
        best = max(r["secrets"]["recall"] for r in peer_r.values())
        text = f"trustlint {100 * mine:.0f}%; " + ", ".join(
            f"{p} {100 * r['secrets']['recall']:.0f}%" for p, r in peer_r.items())
        lines.append(f"| 10k: equal or better recall on the planted secrets | {text} | {met(mine >= best)} |")
    else:
        lines.append("| 10k: equal or better recall on the planted secrets | not measured | — |")
    t100 = times.get(("trustlint", 100000))
    if t100 and t10:
        growth = t100["median"] / t10["median"]
        lines.append(f"| 100k: at most {MAX_GROWTH_10K_TO_100K:g}x the 10k time | "
                     f"{fmt_s(t100['median'])} s vs {fmt_s(t10['median'])} s: {growth:.1f}x | "
                     f"{met(growth <= MAX_GROWTH_10K_TO_100K)} |")
    else:
        lines.append("| 100k: at most 10x the 10k time | not measured (BENCH_QUICK) | — |")
    m100 = peak_mb(results, 100000)
    if m100 is not None:
        lines.append(f"| 100k: peak memory under {MAX_PEAK_MB:g} MB | {m100:.0f} MB | {met(m100 < MAX_PEAK_MB)} |")
    else:
        lines.append("| 100k: peak memory under 200 MB | not measured (BENCH_QUICK) | — |")
    if single_ms is not None:
        lines.append(f"| single-file run under {MAX_SINGLE_FILE_MS:g} ms | {single_ms:.1f} ms | "
                     f"{met(single_ms < MAX_SINGLE_FILE_MS)} |")
    lines.append("")
    lines.extend(shapes_section(work, sizes, shapes, single_ms))
    return "\n".join(lines) + "\n"


def shapes_section(work, sizes, shapes, single_ms):
    """Every shape against issue 13's rg search: the table and the targets."""
    results = os.path.join(work, "results")
    trees = os.path.join(work, "trees")
    lines = ["### Shapes (issue 13)", ""]
    lines.append("Each shape's trees timed against `rg -uuu -i -c "
                 "'secret|token|password|client_id|enrt_|eyJ' TREE` (every file, hidden and "
                 "ignored ones included), the search issue 13 states its targets against.")
    lines.append("")
    lines.append("| shape | files | rg -uuu -i -c (median s) | trustlint (median s) | ratio to rg "
                 "| peak memory | recall (planted secrets) | other places reported | runs |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = {}
    for shape in shapes:
        for n in sizes:
            rg = timing(results, "rg-issue", tag(shape, n))
            tl = timing(results, "trustlint", tag(shape, n))
            if not rg and not tl:
                continue
            out = os.path.join(results, f"out-trustlint-{tag(shape, n)}.json")
            tree = os.path.join(trees, tree_name(shape, n))
            r = recall(tree, "trustlint", out, cwd=work) if os.path.exists(out) else None
            mem = peak_mb(results, tag(shape, n))
            ratio = tl["median"] / rg["median"] if rg and tl else None
            rows[(shape, n)] = (rg, tl, ratio, mem)
            lines.append(
                f"| {shape} | {label(n)} | {fmt_s(rg['median']) if rg else '—'} | "
                f"{fmt_s(tl['median']) if tl else '—'} | "
                f"{f'{ratio:.1f}x' if ratio is not None else '—'} | "
                f"{f'{mem:.0f} MB' if mem is not None else '—'} | {fmt_recall(r)} | "
                f"{r['other_places'] if r else '—'} | {tl['runs'] if tl else '—'} |")
    lines.append("")
    lines.append("### Targets (issue 13)")
    lines.append("")
    lines.append("| target | measured | status |")
    lines.append("|---|---|---|")
    for shape in shapes:
        for n in ISSUE_SIZES:
            row = rows.get((shape, n))
            name = f"{shape} {label(n)}: trustlint within {MAX_RATIO_TO_ISSUE_RG:g}x of rg -uuu -i -c"
            if row and row[2] is not None:
                rg, tl, ratio, _ = row
                lines.append(f"| {name} | {fmt_s(tl['median'])} s vs {fmt_s(rg['median'])} s: "
                             f"{ratio:.1f}x | {met(ratio <= MAX_RATIO_TO_ISSUE_RG)} |")
            else:
                lines.append(f"| {name} | not measured | — |")
    for shape in shapes:
        row = rows.get((shape, 100000))
        name = f"{shape} 100k: peak memory under {MAX_PEAK_MB:g} MB"
        if row and row[3] is not None:
            lines.append(f"| {name} | {row[3]:.0f} MB | {met(row[3] < MAX_PEAK_MB)} |")
        else:
            lines.append(f"| {name} | not measured | — |")
    if single_ms is not None:
        lines.append(f"| single-file run under {MAX_SINGLE_FILE_MS:g} ms | {single_ms:.1f} ms | "
                     f"{met(single_ms < MAX_SINGLE_FILE_MS)} |")
    return lines


def write(output, section):
    block = f"{BEGIN}\n{section}{END}\n"
    if output == "-":
        sys.stdout.write(block)
        return
    try:
        with open(output, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        text = "# Benchmarks\n\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        text = head + block + tail.lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    with open(output, "w", encoding="utf-8") as f:
        f.write(text)
    sys.stdout.write(block)


def main():
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("--work", required=True)
    ap.add_argument("--sizes", required=True)
    ap.add_argument("--shapes", default="monorepo")
    ap.add_argument("--peers-max", type=int, default=10000)
    ap.add_argument("--output", default=os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "BENCHMARKS.md"))
    args = ap.parse_args()
    work = os.path.abspath(args.work)
    sizes = [int(s) for s in args.sizes.split()]
    write(args.output, build(work, sizes, args.peers_max, args.shapes.split()))


if __name__ == "__main__":
    main()
