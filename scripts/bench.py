#!/usr/bin/env python3
"""End-to-end benchmark: `dossier run` over a JSONL corpus (default ../shared/bench/news.jsonl),
all tables written, at 1 and 2 threads. Reports medians of several runs: wall time, user CPU time,
MB/s and words/s of article text, peak RSS, and the machine's load average. Output goes under
target/ only (the bench texts are not ours to commit).

usage: scripts/bench.py [CORPUS.jsonl] [--runs N] [--threads 1,2]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("DOSSIER_BIN", os.path.join(ROOT, "target", "dist", "dossier"))

ap = argparse.ArgumentParser()
ap.add_argument("corpus", nargs="?", default=os.path.join(ROOT, "..", "shared", "bench", "news.jsonl"))
ap.add_argument("--runs", type=int, default=5)
ap.add_argument("--threads", default="1,2")
args = ap.parse_args()
if not os.path.exists(args.corpus):
    print(f"bench: {args.corpus} absent; skipped")
    sys.exit(0)

n_bytes = n_words = n_docs = 0
with open(args.corpus, encoding="utf-8") as fh:
    for line in fh:
        if line.strip():
            t = json.loads(line).get("text") or ""
            n_bytes += len(t.encode("utf-8"))
            n_words += len(t.split())
            n_docs += 1

out = os.path.join(ROOT, "target", "bench-out")
print(f"corpus: {os.path.relpath(args.corpus, ROOT)}: {n_docs} documents, {n_bytes / 1e6:.2f} MB, {n_words:,} words; "
      f"{args.runs} runs each; load average before: {os.getloadavg()[0]:.2f}")
print(f"{'threads':>7} {'wall s':>8} {'user s':>8} {'MB/s':>8} {'words/s':>11} {'peak RSS MB':>12}")
results = {}
for threads in [int(t) for t in args.threads.split(",")]:
    walls, users, rss = [], [], []
    for _ in range(args.runs):
        with tempfile.NamedTemporaryFile(mode="r") as tf:
            subprocess.run(["/usr/bin/time", "-o", tf.name, "-f", "%e %U %M", BIN, "run", "-q", "--input", args.corpus,
                            "--output", out, "--threads", str(threads), "--no-cache"], check=True)
            e, u, m = tf.read().split()[-3:]
        walls.append(float(e)); users.append(float(u)); rss.append(int(m) / 1024)
    w = statistics.median(walls)
    results[threads] = w
    print(f"{threads:>7} {w:>8.3f} {statistics.median(users):>8.3f} {n_bytes / 1e6 / w:>8.2f} {n_words / w:>11,.0f} {max(rss):>12.1f}")
if 1 in results and 2 in results:
    print(f"speed-up 1 -> 2 threads: {results[1] / results[2]:.2f}x; load average after: {os.getloadavg()[0]:.2f}")
