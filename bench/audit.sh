#!/usr/bin/env bash
# Times `trustlint audit` on generated instances (bench/instance.py) of 500, 5,000 and
# 50,000 apps, with 2 users for every 5 apps and 10 grants per app (the issue's instance is
# 5,000 apps, 2,000 users and 50,000 grants), and prints a Markdown table of the median
# wall time and the largest resident set of BENCH_RUNS runs of each format.
#
#   bash bench/audit.sh                      # 500, 5000 and 50000 apps
#   BENCH_APPS="500 5000" bash bench/audit.sh
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${BENCH_DIR:-${TMPDIR:-/tmp}/trustlint-bench}/audit"
RUNS=${BENCH_RUNS:-5}
SIZES=${BENCH_APPS:-"500 5000 50000"}
FORMATS=${BENCH_FORMATS:-"json html"}
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
cargo build --release -q --manifest-path "$REPO/Cargo.toml"
BIN="$REPO/target/release/trustlint"
mkdir -p "$DIR"
echo "| Apps | Users | Grants | Files (MB) | Format | Wall time (median of $RUNS) | Max RSS (largest) |"
echo "|---:|---:|---:|---:|---|---:|---:|"
for apps in $SIZES; do
    users=$((apps * 2 / 5)); tokens=$((apps * 10))
    tree="$DIR/instance-$apps"
    if [ ! -f "$tree/.done" ]; then
        rm -rf "$tree"
        python3 "$REPO/bench/instance.py" --apps "$apps" --users "$users" --tokens "$tokens" "$tree"
        touch "$tree/.done"
    fi
    mb=$(du -sm --exclude=.done "$tree" | cut -f1)
    for format in $FORMATS; do
        times=(); peak=0
        for _ in $(seq "$RUNS"); do
            out=$( { /usr/bin/time -f '%e %M' "$BIN" audit "$tree" --format "$format" -o "$DIR/out.$format" ; } 2>&1 | tail -1)
            times+=("${out% *}")
            rss=${out#* }; [ "$rss" -gt "$peak" ] && peak=$rss
        done
        median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
        printf '| %s | %s | %s | %s | %s | %s s | %s MB |\n' "$apps" "$users" "$tokens" "$mb" "$format" "$median" "$((peak / 1024))"
    done
done
