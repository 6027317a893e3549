#!/usr/bin/env python3
"""Times shell commands in turn, round after round, on a shared machine.

    python3 bench/interleave.py RUNS NAME=COMMAND [NAME=COMMAND ...]

Each command runs once as a warm-up, then RUNS rounds run every command once, in the order
given, so that a change in the machine's load between rounds weighs on every command
alike (hyperfine runs one command's runs back to back). For each command it prints the
median wall-clock time (with min and max), the median CPU time (user + system, from
`wait4`) and the largest maximum resident set size (which counts the forked Python
before it runs the command, about 10 MB: take peak memory from `/usr/bin/time -v`), then
each command's ratio to the first. `BENCH_JSON=FILE` also writes the figures, every run's wall-clock time and the load
average before and after as JSON. Commands run with `sh -c`, their output discarded.
"""

import json
import os
import statistics
import sys


def run(command):
    pid = os.fork()
    if pid == 0:
        os.execvp("/bin/sh", ["/bin/sh", "-c", command + " >/dev/null 2>&1"])
    import time

    start = time.perf_counter()
    _, _, usage = os.wait4(pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def main(argv):
    if len(argv) < 2 or not argv[0].isdigit() or any("=" not in a for a in argv[1:]):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    rounds = int(argv[0])
    commands = [a.split("=", 1) for a in argv[1:]]
    load = [open("/proc/loadavg").read().split()[:3]]
    for _, command in commands:
        run(command)
    runs = {name: [] for name, _ in commands}
    for _ in range(rounds):
        for name, command in commands:
            runs[name].append(run(command))
    load.append(open("/proc/loadavg").read().split()[:3])
    figures = {}
    for name, _ in commands:
        walls = [r[0] for r in runs[name]]
        figures[name] = {
            "wall_median": statistics.median(walls),
            "wall_min": min(walls),
            "wall_max": max(walls),
            "cpu_median": statistics.median(r[1] for r in runs[name]),
            "max_rss_mb": max(r[2] for r in runs[name]) / 1024,
            "walls": walls,
        }
        f = figures[name]
        print(f"{name:14s} wall median {f['wall_median']:7.3f} s (min {f['wall_min']:.3f}, "
              f"max {f['wall_max']:.3f})  cpu median {f['cpu_median']:6.3f} s  "
              f"max RSS {f['max_rss_mb']:6.1f} MB  runs {len(walls)}")
    first = commands[0][0]
    for name, _ in commands[1:]:
        print(f"  {name} / {first}: wall {figures[name]['wall_median'] / figures[first]['wall_median']:.2f}x"
              f", cpu {figures[name]['cpu_median'] / figures[first]['cpu_median']:.2f}x")
    print("load average (1, 5, 15 min):", " ".join(load[0]), "->", " ".join(load[1]))
    if os.environ.get("BENCH_JSON"):
        with open(os.environ["BENCH_JSON"], "w", encoding="utf-8") as f:
            json.dump({"load": load, "results": figures}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
