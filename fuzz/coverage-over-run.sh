#!/usr/bin/env bash
# Edge coverage (cov) and features (ft) of a libFuzzer log at the last status line at or before
# half and three quarters of the run's executions, and at its end: the "coverage over the run"
# column of fuzz/README.md. A target has reached a plateau when the second half adds nothing.
#
#   fuzz/coverage-over-run.sh fuzz/logs/notes.log
set -euo pipefail
if [ $# -ne 1 ] || [ ! -r "$1" ]; then
  echo "usage: $0 LIBFUZZER_LOG" >&2
  exit 2
fi
awk '
  /^#[0-9]+/ {
    n = substr($1, 2) + 0
    for (i = 1; i <= NF; i++) {
      if ($i == "cov:") c = $(i + 1)
      if ($i == "ft:") f = $(i + 1)
    }
    N[++k] = n; C[k] = c; F[k] = f
  }
  END {
    if (k == 0) { print "no status lines in the log" > "/dev/stderr"; exit 1 }
    total = N[k]
    split("0.5 0.75 1", share, " ")
    for (j = 1; j <= 3; j++) {
      limit = total * share[j]
      for (i = k; i > 1 && N[i] > limit; i--) {}
      printf "at %s of %d executions (#%d): cov %s ft %s\n", share[j], total, N[i], C[i], F[i]
    }
  }' "$1"
