#!/usr/bin/env bash
# Batch throughput, peak memory and cold-start time of svcmatch, printed next to the targets of
# issue 15 (the README's "Performance" section). Deterministic input: examples/batch_input.rs writes the
# built-in knowledge base's use cases with filler words, some typos and one JSON line in ten.
#
#   benches/batch.sh            # 100,000 lines for throughput, 1,000,000 for memory
#   benches/batch.sh 20000      # a quicker run: LINES for throughput, 10 x LINES for memory
set -euo pipefail
cd "$(dirname "$0")/.."

LINES=${1:-100000}
BIG=$((LINES * 10))
RUNS=3
COLD_RUNS=31

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --bin svcmatch --example batch_input
BIN="$CARGO_TARGET_DIR/release/svcmatch"
GEN="$CARGO_TARGET_DIR/release/examples/batch_input"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# A private index: another svcmatch build sharing the user's cache cannot replace it mid-run.
export SVCMATCH_INDEX_DIR="$WORK/index"
"$BIN" index build >/dev/null
"$GEN" "$LINES" >"$WORK/input.txt"

now() { date +%s.%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# "lines/s cpu-s" of `svcmatch batch ARGS` on the input: wall-clock lines per second and CPU
# seconds (user + system), the run with the median wall time of $RUNS.
throughput() {
  local TIMEFORMAT='%R %U %S'
  for _ in $(seq "$RUNS"); do
    { time "$BIN" batch "$@" "$WORK/input.txt" >"$WORK/out" 2>"$WORK/err"; } 2>"$WORK/time" || true
    awk -v n="$LINES" '{ printf "%.0f %.2f\n", n / $1, $2 + $3 }' "$WORK/time"
  done | sort -g | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }'
}

# Peak resident memory (MB) of `svcmatch batch` reading N generated lines from a pipe.
peak_rss_mb() {
  local n=$1
  if [ -x /usr/bin/time ]; then
    "$GEN" "$n" | /usr/bin/time -v "$BIN" batch >/dev/null 2>"$WORK/time"
    awk -F': ' '/Maximum resident set size/ { printf "%.1f\n", $2 / 1024 }' "$WORK/time"
  else
    # No GNU time: watch the high-water mark in /proc while the run lasts.
    "$GEN" "$n" | "$BIN" batch >/dev/null 2>&1 &
    local pid=$! hwm=0 kb
    while kb=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null) && [ -n "$kb" ]; do
      hwm=$kb
      sleep 0.05
    done
    wait "$pid" || true
    awk -v k="$hwm" 'BEGIN { printf "%.1f\n", k / 1024 }'
  fi
}

# Median wall times (ms) of a single query in a new process, with the index built, and of
# `svcmatch --version` measured in the same run: "question version".
cold_ms() {
  local query="detect suspicious API calls in my account"
  "$BIN" "$query" >/dev/null
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --warmup 3 --runs "$COLD_RUNS" --export-json "$WORK/cold.json" \
      "$BIN '$query'" "$BIN --version" >/dev/null
    awk -F': ' '/"median"/ { gsub(/,/, "", $2); printf "%.1f ", $2 * 1000 } END { print "" }' \
      "$WORK/cold.json"
  else
    local question version
    question=$(for _ in $(seq "$COLD_RUNS"); do
      local start end
      start=$(now)
      "$BIN" "$query" >/dev/null
      end=$(now)
      awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f\n", (e - s) * 1000 }'
    done | median)
    version=$(for _ in $(seq "$COLD_RUNS"); do
      local start end
      start=$(now)
      "$BIN" --version >/dev/null
      end=$(now)
      awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f\n", (e - s) * 1000 }'
    done | median)
    echo "$question $version"
  fi
}

echo "machine: $(nproc) cores, $(uname -sr), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "input:   $LINES lines ($(wc -c <"$WORK/input.txt") bytes); memory run: $BIG lines"
read -r brief brief_cpu <<<"$(throughput --top 3)"
read -r explained explained_cpu <<<"$(throughput --top 3 --explain)"
rss_small=$(peak_rss_mb "$LINES")
rss_big=$(peak_rss_mb "$BIG")
read -r cold version_ms <<<"$(cold_ms)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%-46s %16s   %s\n' "figure" "measured" "target"
printf '%-46s %16s   %s\n' "batch --top 3, lines/s (median of $RUNS)" "$brief" ">= 60000"
printf '%-46s %16s   %s\n' "  CPU seconds (user + system) of that run" "$brief_cpu" ""
printf '%-46s %16s   %s\n' "batch --top 3 --explain, lines/s (median of $RUNS)" "$explained" ">= 20000"
printf '%-46s %16s   %s\n' "  CPU seconds (user + system) of that run" "$explained_cpu" ""
printf '%-46s %16s   %s\n' "peak RSS, $LINES lines from a pipe, MB" "$rss_small" "(flat)"
printf '%-46s %16s   %s\n' "peak RSS, $BIG lines from a pipe, MB" "$rss_big" "< 60"
printf '%-46s %16s   %s\n' "cold svcmatch \"...\", median ms ($COLD_RUNS runs)" "$cold" "<= 5"
printf '%-46s %16s   %s\n' "  svcmatch --version in the same run, median ms" "$version_ms" ""
printf '%-46s %16s   %s\n' "  ratio question / --version" \
  "$(awk -v q="$cold" -v v="$version_ms" 'BEGIN { printf "%.1f", q / v }')" ""
