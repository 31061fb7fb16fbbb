#!/usr/bin/env python3
"""List the multiple-choice misses of one half of a labelled file, with every option's entry and
confidence: the view to read while tuning (README, "Real exam questions"). Read misses of the tune
half only; the check half is for figures.

    benches/choice-misses.py ../shared/eval/exam-dev.jsonl tune [path/to/svcmatch]
"""
import json
import subprocess
import sys


def fnv1a(text):
    """The split `svcmatch eval --split` uses: FNV-1a 64 of the id, even → tune."""
    h = 0xCBF29CE484222325
    for b in text.encode():
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def main():
    path, half = sys.argv[1], sys.argv[2]
    binary = sys.argv[3] if len(sys.argv) > 3 else "target/release/svcmatch"
    questions = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    chosen = [
        q for q in questions
        if q.get("choices") and (fnv1a(q.get("id") or q["question"]) % 2 == 0) == (half == "tune")
    ]
    answers = lambda q: q["answer"] if isinstance(q["answer"], list) else [q["answer"]]
    lines = []
    for q in chosen:
        line = {"id": q.get("id"), "question": q["question"], "choices": q["choices"]}
        if len(answers(q)) > 1:
            line["pick"] = len(answers(q))
        lines.append(json.dumps(line))
    out = subprocess.run([binary, "batch", "--top", "5"], input="\n".join(lines) + "\n",
                         capture_output=True, text=True, check=False).stdout
    plain = lambda s: (s or "").strip().rstrip(".").lower()
    misses = 0
    for q, record in zip(chosen, map(json.loads, out.splitlines())):
        n = len(answers(q))
        picked = sorted(plain(m.get("choice")) for m in record["matches"][:n])
        if picked == sorted(plain(a) for a in answers(q)):
            continue
        misses += 1
        print(f"[{q.get('id')}] {q['question'][-160:]}")
        got = [(m.get("choice"), m["id"], round(m["confidence"], 2)) for m in record["matches"]]
        unknown = [u["choice"] for u in record.get("unknown_choices") or []]
        print(f"    want: {' + '.join(answers(q))} | got: {got} | names nothing: {unknown}")
    print(f"{misses} misses of {len(chosen)} questions with options")


if __name__ == "__main__":
    main()
