#!/usr/bin/env bash
# Benchmarks trustlint against the cost of reading the tree (ripgrep) and against the
# secret scanners teams already run (detect-secrets, secretlint), on synthetic monorepos of
# 1k, 10k and 100k files written by examples/generate.rs, and writes the results into
# BENCHMARKS.md (between the bench:begin and bench:end markers; the rest of the file is
# left alone).
#
#   bash bench/run.sh                 # everything (about 15 minutes on 2 cores)
#   BENCH_QUICK=1 bash bench/run.sh   # 1k and 10k only
#   BENCH_SHAPES="monorepo small-projects code-heavy" bash bench/run.sh   # the other shapes too
#
# Every tree of every shape is also timed against the search issue 13 states its targets
# against, `rg -uuu -i -c 'secret|token|password|client_id|enrt_|eyJ' TREE` (every file,
# hidden and ignored ones included, counting the lines that name a secret keyword). The
# peers (detect-secrets, secretlint) run on the monorepo shape only.
#
# It installs what it needs when missing: hyperfine, ripgrep and time from Debian
# (apt-get), detect-secrets from PyPI into a venv and secretlint with its recommended
# preset from npm, both under $BENCH_TOOLS.
#
# Settings (environment):
#   BENCH_TOOLS       where detect-secrets and secretlint go (default ~/.cache/trustlint-bench)
#   BENCH_DIR         trees and raw results (default ${TMPDIR:-/tmp}/trustlint-bench)
#   BENCH_SIZES       file counts to run (default "1000 10000 100000"; BENCH_QUICK=1 drops 100000)
#   BENCH_SHAPES      the generator's shapes to run (default "monorepo"; also "small-projects",
#                     apps of exactly 10 files, and "code-heavy", nearly all source code: see
#                     the header of examples/generate.rs)
#   BENCH_SEED        the generator's seed (default 1)
#   BENCH_PEERS_MAX   largest tree the slower peers (detect-secrets, secretlint) are timed
#                     on (default 10000: detect-secrets needs about half an hour a run at 100k;
#                     0, or no monorepo shape, skips installing and running them)
#   BENCH_RUNS        runs for trustlint and rg (default 10; 5 at 100k)
#   BENCH_PEER_RUNS   runs for detect-secrets and secretlint (default 3; they get a warm-up
#                     run below 10k only, since a run of detect-secrets takes minutes there)
#   BENCH_OUTPUT      the Markdown file to update (default BENCHMARKS.md at the repo root;
#                     "-" prints the section only)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${BENCH_TOOLS:-$HOME/.cache/trustlint-bench}"
WORK="${BENCH_DIR:-${TMPDIR:-/tmp}/trustlint-bench}"
SEED="${BENCH_SEED:-1}"
if [ -n "${BENCH_SIZES:-}" ]; then
  read -r -a SIZES <<<"$BENCH_SIZES"
elif [ "${BENCH_QUICK:-0}" = 1 ]; then
  SIZES=(1000 10000)
else
  SIZES=(1000 10000 100000)
fi
read -r -a SHAPES <<<"${BENCH_SHAPES:-monorepo}"
PEERS_MAX="${BENCH_PEERS_MAX:-10000}"
# The peers run on monorepo trees of at most PEERS_MAX files; a run without one neither
# installs nor runs them (BENCH_PEERS_MAX=0 BENCH_SHAPES=small-projects: trustlint and rg).
WITH_PEERS=0
if [[ " ${SHAPES[*]} " == *" monorepo "* ]]; then
  for n in "${SIZES[@]}"; do
    ((n <= PEERS_MAX)) && WITH_PEERS=1
  done
fi
RUNS="${BENCH_RUNS:-10}"
PEER_RUNS="${BENCH_PEER_RUNS:-3}"
OUTPUT="${BENCH_OUTPUT:-$REPO/BENCHMARKS.md}"

log() { printf '\n== %s\n' "$*" >&2; }
label() { # 1000 -> 1k
  local n=$1
  if ((n >= 1000 && n % 1000 == 0)); then echo "$((n / 1000))k"; else echo "$n"; fi
}

# --- peers ------------------------------------------------------------------------------
install_peers() {
  local apt=()
  command -v hyperfine >/dev/null || apt+=(hyperfine)
  command -v rg >/dev/null || apt+=(ripgrep)
  [ -x /usr/bin/time ] || apt+=(time)
  command -v python3 >/dev/null || apt+=(python3 python3-venv)
  ((WITH_PEERS)) && ! command -v npm >/dev/null && apt+=(nodejs npm)
  if ((${#apt[@]})); then
    log "installing ${apt[*]} (apt-get)"
    local sudo=()
    [ "$(id -u)" = 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${apt[@]}" >/dev/null
  fi
  ((WITH_PEERS)) || return 0
  mkdir -p "$TOOLS"
  if ! [ -x "$TOOLS/venv/bin/detect-secrets" ]; then
    log "installing detect-secrets (PyPI) into $TOOLS/venv"
    if ! python3 -m venv "$TOOLS/venv" 2>/dev/null; then
      # Debian's python3 needs python3-venv for that.
      rm -rf "$TOOLS/venv"
      local sudo=()
      [ "$(id -u)" = 0 ] || sudo=(sudo)
      "${sudo[@]}" apt-get update -qq
      DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq python3-venv >/dev/null
      python3 -m venv "$TOOLS/venv"
    fi
    "$TOOLS/venv/bin/pip" install -q --disable-pip-version-check detect-secrets
  fi
  # secretlint 13 or newer: 12.x profiles every run and slows down quadratically with the
  # number of files (secretlint/secretlint#1653, fixed by #1673 in 13.0.5). npm would pick
  # 12.0.0 on Node 20 because 13 declares node >= 22; it runs fine on Node 20.
  if ! [ -x "$TOOLS/node_modules/.bin/secretlint" ] ||
    ! "$TOOLS/node_modules/.bin/secretlint" --version 2>/dev/null | grep -Eq '^(1[3-9]|[2-9][0-9])\.'; then
    log "installing secretlint (npm) into $TOOLS"
    (
      cd "$TOOLS"
      [ -f package.json ] || npm init -y >/dev/null
      npm install --silent --no-audit --no-fund --engine-strict=false \
        'secretlint@>=13.0.5' '@secretlint/secretlint-rule-preset-recommend@>=13.0.5' 2>&1 |
        grep -v EBADENGINE || true
    )
  fi
  printf '{\n  "rules": [{ "id": "@secretlint/secretlint-rule-preset-recommend" }]\n}\n' \
    >"$TOOLS/secretlintrc.json"
}

# --- trustlint ----------------------------------------------------------------------------
build() {
  local try
  for try in 1 2 3; do
    if (cd "$REPO" && cargo build --release --quiet && cargo build --release --quiet --example generate); then
      return 0
    fi
    ((try < 3)) && { log "build failed (try $try); retrying in 60 s"; sleep 60; }
  done
  echo "bench: cargo build failed" >&2
  exit 1
}

install_peers
log "building trustlint (cargo build --release)"
build
mkdir -p "$WORK/bin" "$WORK/trees" "$WORK/results"
RESULTS="$WORK/results"
rm -f "$RESULTS"/*
# A copy, so that a rebuild during the run does not change what is measured.
cp "$REPO/target/release/trustlint" "$WORK/bin/trustlint"
cp "$REPO/target/release/examples/generate" "$WORK/bin/generate"
TL="$WORK/bin/trustlint"
DS="$TOOLS/venv/bin/detect-secrets"
SL="$TOOLS/node_modules/.bin/secretlint"
SLRC="$TOOLS/secretlintrc.json"

{
  echo "trustlint: $("$TL" --version | awk '{print $NF}') ($(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null || echo ', with uncommitted changes'))"
  echo "ripgrep: $(rg --version | head -1 | awk '{print $2}')"
  if ((WITH_PEERS)); then
    echo "detect-secrets: $("$DS" --version)"
    echo "secretlint: $("$SL" --version) (preset-recommend $(node -p "require('$TOOLS/node_modules/@secretlint/secretlint-rule-preset-recommend/package.json').version"))"
  fi
  echo "hyperfine: $(hyperfine --version | awk '{print $2}')"
  echo "rustc: $(rustc --version | awk '{print $2}')"
  echo "python: $(python3 --version | awk '{print $2}')"
  if ((WITH_PEERS)); then
    echo "node: $(node --version)"
  fi
} >"$RESULTS/versions.txt"
cat "$RESULTS/versions.txt" >&2
# Other work on the machine skews every number: the report shows the load around the run.
echo "start: $(cut -d' ' -f1-3 /proc/loadavg)" >"$RESULTS/load.txt"

# Everything runs from $WORK, so that every tool sees the same relative tree paths.
cd "$WORK"
KEYWORDS=(-e enrt_ -e eyJ -e CLIENT_SECRET -e ClientSecret)
# The search issue 13 states its targets against.
ISSUE_RG="rg -uuu -i -c 'secret|token|password|client_id|enrt_|eyJ'"

time_it() { # name size runs warmup command
  local name=$1 size=$2 runs=$3 warmup=$4 cmd=$5
  echo "$cmd" >"$RESULTS/cmd-$name-$size.txt"
  hyperfine --style basic --ignore-failure --warmup "$warmup" --runs "$runs" \
    --command-name "$name" --export-json "$RESULTS/time-$name-$size.json" "$cmd" >&2
}

for shape in "${SHAPES[@]}"; do
  for n in "${SIZES[@]}"; do
    L=$(label "$n")
    # The monorepo keeps its old names (trees/10k, time-trustlint-10000.json); the other
    # shapes' names carry the shape (trees/small-projects-10k, time-trustlint-small-projects-10000.json).
    if [ "$shape" = monorepo ]; then
      TREE="trees/$L"
      tag=$n
    else
      TREE="trees/$shape-$L"
      tag=$shape-$n
    fi
    log "generating $TREE ($shape, $n files, seed $SEED)"
    "$WORK/bin/generate" --files "$n" --seed "$SEED" --shape "$shape" --force "$TREE"
    runs=$RUNS
    ((n >= 100000 && RUNS > 5)) && runs=5
    log "timing at $L ($shape)"
    time_it rg-issue "$tag" "$runs" 1 "$ISSUE_RG $TREE > $RESULTS/out-rg-issue-$tag.txt"
    if [ "$shape" = monorepo ]; then
      time_it rg "$n" "$runs" 1 "rg --hidden -c ${KEYWORDS[*]} $TREE > $RESULTS/out-rg-$n.txt"
    fi
    time_it trustlint "$tag" "$runs" 1 "$TL check $TREE --format json --exit-zero -o $RESULTS/out-trustlint-$tag.json"
    if [ "$shape" = monorepo ] && ((n <= PEERS_MAX)); then
      # Minutes a run from 10k on: no warm-up run there, the tree is already in the page
      # cache from the runs just before.
      pw=1
      ((n >= 10000)) && pw=0
      time_it detect-secrets "$n" "$PEER_RUNS" "$pw" "$DS scan --all-files $TREE > $RESULTS/out-detect-secrets-$n.json"
      time_it secretlint "$n" "$PEER_RUNS" "$pw" "$SL --secretlintrc $SLRC --format json --output $RESULTS/out-secretlint-$n.json '$TREE/**/*'"
    fi
    log "trustlint's peak memory at $L ($shape)"
    /usr/bin/time -v "$TL" check "$TREE" --format json --exit-zero -o /dev/null 2>"$RESULTS/rss-$tag.txt" >/dev/null || true
    grep -E 'Maximum resident|Elapsed' "$RESULTS/rss-$tag.txt" >&2 || true
  done
done

# The single-file pre-commit run: one changed definition of the smallest tree (of the
# monorepo when it ran, else of the first shape).
SMALL="trees/$(label "${SIZES[0]}")"
[ "${SHAPES[0]}" = monorepo ] || SMALL="trees/${SHAPES[0]}-$(label "${SIZES[0]}")"
ONE=$(cd "$SMALL" && ls apps | head -1)
ONE="$SMALL/apps/$ONE/$ONE.trusted-app.yaml"
log "single-file run: $ONE"
hyperfine --style basic --ignore-failure -N --warmup 5 --runs 50 --command-name single-file \
  --export-json "$RESULTS/time-single-file.json" "$TL check $ONE --format json --exit-zero -o /dev/null" >&2
echo "$TL check $ONE --format json --exit-zero -o /dev/null" >"$RESULTS/cmd-single-file.txt"

echo "end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS/load.txt"
log "recall and report"
python3 "$REPO/bench/report.py" --work "$WORK" --sizes "${SIZES[*]}" --shapes "${SHAPES[*]}" \
  --peers-max "$PEERS_MAX" --output "$OUTPUT"
