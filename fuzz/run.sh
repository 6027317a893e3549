#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for a bounded time each.
#
#   fuzz/run.sh [SECONDS] [TARGET...]        # default: 60 seconds, every target
#
# Targets (fuzz/Cargo.toml; what each does is in fuzz/fuzz_targets/harness.rs):
#   yaml json toml env script code settings    the loaders, from arbitrary bytes
#   check_definition check_config          the whole check of one file, every output format
#
# The machine has a stable toolchain only, so targets run without a sanitizer
# (`cargo fuzz run -s none`; ../shared/docs/dependencies.md §10.6). Set FUZZ_SANITIZER=address
# to run with AddressSanitizer through RUSTC_BOOTSTRAP=1 instead.
#
# Each target's corpus lives in fuzz/corpus/<target>/ (not committed), seeded from the
# fixtures and from tests/fuzz_regressions/<target>/. An input that makes a target crash,
# hang (over 10 s) or use over 2 GiB is copied to tests/fuzz_regressions/<target>/, which
# `cargo test --test adversarial` replays; fix the bug, then keep the file there.
#
# Exit status: 0 when no target failed, 1 otherwise (every target still runs).
set -uo pipefail
cd "$(dirname "$0")"
fuzz_dir="$(pwd)"
repo="$(cd .. && pwd)"

seconds="${1:-60}"
shift || true
case "$seconds" in
    '' | *[!0-9]*)
        echo "usage: fuzz/run.sh [SECONDS] [TARGET...]" >&2
        exit 2
        ;;
esac

export CARGO_TERM_COLOR=never
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz (cargo install --locked cargo-fuzz)"
    cargo install --locked cargo-fuzz || exit 2
fi

sanitizer="${FUZZ_SANITIZER:-none}"
fuzz_flags=(-s "$sanitizer")
if [ "$sanitizer" != none ]; then
    export RUSTC_BOOTSTRAP=1
fi

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list)
fi

echo "== building ${targets[*]}"
cargo fuzz build "${fuzz_flags[@]}" || exit 2

# Seeds: the example definitions and configs, and the per-rule fixtures.
seed_files() {
    case "$1" in
        yaml | check_definition) find "$repo/fixtures" -type f \( -name '*.yaml' -o -name '*.yml' \) ;;
        json) find "$repo/fixtures" -type f -name '*.json' ;;
        toml | settings) find "$repo/fixtures" -type f -name '*.toml' ;;
        env) find "$repo/fixtures" -type f -name '.env*' ;;
        script) find "$repo/fixtures" -type f \( -name '*.ts' -o -name '*.js' -o -name '*.mjs' \) ;;
        code) find "$repo/fixtures" -type f \( -name '*.cs' -o -name '*.php' -o -name '*.py' -o -name '*.html' -o -name '*.ts' \) ;;
        check_config) find "$repo/fixtures" -type f \( -name '.env*' -o -name 'appsettings*.json' -o -name '*oidc*' -o -name 'environment*.ts' \) ;;
    esac
}

# check_definition, check_config and code read a format selector from the first byte.
selector_for() {
    local target="$1" file="$2"
    case "$target:$file" in
        check_definition:*.json) printf '\001' ;;
        check_definition:*.toml) printf '\002' ;;
        check_definition:*) printf '\000' ;;
        check_config:*.json) printf '\001' ;;
        check_config:*.yaml | check_config:*.yml) printf '\002' ;;
        check_config:*.toml) printf '\003' ;;
        check_config:*.ts | check_config:*.js | check_config:*.mjs) printf '\004' ;;
        check_config:*) printf '\000' ;;
        code:*.cs) printf '\001' ;;
        code:*.php) printf '\003' ;;
        code:*.py) printf '\004' ;;
        code:*.html | code:*.vue) printf '\005' ;;
        code:*) printf '\000' ;;
    esac
}

failed=()
for target in "${targets[@]}"; do
    corpus="$fuzz_dir/corpus/$target"
    regressions="$repo/tests/fuzz_regressions/$target"
    artifacts="$fuzz_dir/artifacts/$target"
    mkdir -p "$corpus" "$regressions" "$artifacts"
    while IFS= read -r file; do
        [ -n "$file" ] || continue
        name="seed-$(printf '%s' "${file#"$repo"/}" | tr '/' '_')"
        { selector_for "$target" "$file"; cat "$file"; } >"$corpus/$name"
    done < <(seed_files "$target")
    # Artifacts of earlier runs were kept already.
    rm -f "$artifacts"/*
    log="$fuzz_dir/artifacts/$target.log"
    echo "== $target: ${seconds}s"
    # The corpus first (it grows), then the kept regressions (only read).
    cargo fuzz run "${fuzz_flags[@]}" "$target" "$corpus" "$regressions" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        -close_fd_mask=1 2>&1 | tail -n 200 >"$log"
    status="${PIPESTATUS[0]}"
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY|==[0-9]+== ERROR|thread .* panicked)' \
        "$log" | sed "s/^/   /"
    for artifact in "$artifacts"/crash-* "$artifacts"/timeout-* "$artifacts"/oom-*; do
        [ -f "$artifact" ] || continue
        cp "$artifact" "$regressions/"
        echo "   kept $(basename "$artifact") in tests/fuzz_regressions/$target/"
    done
    if [ "$status" -ne 0 ]; then
        echo "   FAILED (exit $status); the end of its output is in fuzz/artifacts/$target.log"
        failed+=("$target")
    else
        echo "   ok"
    fi
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "== failed: ${failed[*]}"
    exit 1
fi
echo "== no target failed"
