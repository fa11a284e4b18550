#!/usr/bin/env python3
"""Build a large benchmark corpus (default ~1 GB) from ../shared/bench/news.jsonl into
target/bench-large.jsonl: copies of every article with distinct ids, and in each copy the
capitalised two-word names (person-like) replaced by synthetic names unique to that copy, so the
entity count keeps growing with the corpus as in real data. Output stays under target/.

usage: scripts/bench_large.py [--mb 1000] [--out target/bench-large.jsonl]
"""
import argparse
import json
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ap = argparse.ArgumentParser()
ap.add_argument("--mb", type=int, default=1000)
ap.add_argument("--src", default=os.path.join(ROOT, "..", "shared", "bench", "news.jsonl"))
ap.add_argument("--out", default=os.path.join(ROOT, "target", "bench-large.jsonl"))
args = ap.parse_args()
if not os.path.exists(args.src):
    print(f"bench-large: {args.src} absent; skipped")
    sys.exit(0)

docs = [json.loads(l) for l in open(args.src, encoding="utf-8") if l.strip()]
NAME = re.compile(r"\b([A-Z][a-z]{2,}) ([A-Z][a-z]{2,})\b")
SYL = ["ka", "lo", "mi", "ren", "to", "sa", "vel", "dor", "an", "is", "ur", "bel", "cor", "fen", "gil"]
rng = random.Random(42)

def synth():
    return "".join(rng.choice(SYL) for _ in range(rng.randint(2, 3))).capitalize()

target = args.mb * 1_000_000
written = 0
copy = 0
os.makedirs(os.path.dirname(args.out), exist_ok=True)
with open(args.out, "w", encoding="utf-8") as out:
    while written < target:
        for d in docs:
            names = {}
            def sub(m):
                key = m.group(0)
                if key not in names:
                    names[key] = f"{synth()} {synth()}"
                return names[key]
            text = d["text"] if copy == 0 else NAME.sub(sub, d["text"])
            line = json.dumps({"id": f"{d['id']}-c{copy}", "title": d.get("title"), "text": text}, ensure_ascii=False)
            out.write(line + "\n")
            written += len(line.encode("utf-8")) + 1
            if written >= target:
                break
        copy += 1
print(f"bench-large: {written / 1e6:.0f} MB, {copy} copies -> {os.path.relpath(args.out, ROOT)}")
