#!/usr/bin/env bash
# No lost answers (issue 15): SIGKILL `svcmatch quiz` and `svcmatch notes add` at random moments
# while they save, and check after every kill that the file they write is whole and readable and
# that no answer saved before the kill is gone; then run two quizzes at once and check that both
# sessions' answers are in the progress file.
#
#   benches/no-lost-answers.sh          # 1,000 kills of each
#   benches/no-lost-answers.sh 100      # a quicker run
set -euo pipefail
cd "$(dirname "$0")/.."

KILLS=${1:-1000}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --bin svcmatch
BIN="$CARGO_TARGET_DIR/release/svcmatch"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export SVCMATCH_INDEX_DIR="$WORK/index"
export SVCMATCH_DATA_DIR="$WORK/data"
export SVCMATCH_CONFIG_DIR="$WORK/config"
export NO_COLOR=1
"$BIN" index build >/dev/null
PROGRESS="$SVCMATCH_DATA_DIR/progress.json"

# The number of answers in the progress file, or "broken" when it is not whole JSON.
answers() {
  [ -f "$PROGRESS" ] || { echo 0; return; }
  python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["history"]))' "$PROGRESS" \
    2>/dev/null || echo broken
}

# A random delay of 450 to 899 ms, as a `sleep` argument: a 40-question quiz starts answering
# after about 0.5 s (planning its questions) and then saves every few milliseconds.
pause() { printf '0.%03d' $((RANDOM % 450 + 450)); }

# Answers for any question: "a" answers a single-answer question; a "Choose TWO" question refuses
# it and takes the next line, "a c"; a "Choose THREE" one the line after, "a c e".
answer_all() { yes $'a\na c\na c e'; }

broken=0 lost=0 before=0
for i in $(seq "$KILLS"); do
  answer_all | "$BIN" quiz --count 40 --seed "$i" >/dev/null 2>&1 &
  pid=$!
  sleep "$(pause)"
  # `$!` is the quiz, the last process of the pipeline; `yes` ends on the broken pipe.
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  now=$(answers)
  if [ "$now" = broken ]; then
    broken=$((broken + 1))
    rm -f "$PROGRESS"
    before=0
    continue
  fi
  # The history keeps the last 5,000 answers; below that it may only grow.
  if [ "$now" -lt "$before" ] && [ "$before" -lt 5000 ]; then lost=$((lost + 1)); fi
  before=$now
done
echo "quiz: $KILLS kills during saves: $broken broken progress files, $lost runs that lost saved answers; $before answers in the file at the end"

NOTES="$WORK/notes.md"
cp tests/fixtures/notes/study-notes.md "$NOTES"
notes_broken=0
for i in $(seq "$KILLS"); do
  "$BIN" notes add "$NOTES" >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '0.%03d' $((RANDOM % 40 + 1)))"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if ! "$BIN" notes list >/dev/null 2>&1; then
    notes_broken=$((notes_broken + 1))
  fi
done
echo "notes add: $KILLS kills: $notes_broken times the registry could not be read afterwards"

# Two sessions at once, 100 answers each: both must be in the file.
rm -f "$PROGRESS"
answer_all | head -600 | "$BIN" quiz --count 100 --seed 1 >/dev/null 2>&1 &
first=$!
answer_all | head -600 | "$BIN" quiz --count 100 --seed 2 >/dev/null 2>&1 &
second=$!
wait "$first" "$second" || true
echo "two quizzes at once, 100 answers each: $(answers) answers in the progress file (200 expected)"
