#!/usr/bin/env python3
"""End-to-end benchmark: `dossier run` over a JSONL corpus (default ../shared/bench/news.jsonl),
all tables written, at 1 and 2 threads. Runs alternate between the thread counts (a 1-thread run,
then a 2-thread run, N times), so a drift of the host's speed hits both alike. Reports medians:
wall time, user and system CPU time, MB/s and words/s of article text (of wall time and of CPU
time), peak RSS, the machine's load average, and the 1 -> 2 thread speed-up as the median of each
back-to-back pair's ratio (on a shared VM, steadier than the ratio of two separate medians).
Output goes under target/ only (the bench texts are not ours to commit).

usage: scripts/bench.py [CORPUS.jsonl] [--runs N] [--threads 1,2]
"""
import argparse
import json
import os
import statistics
import shutil
import subprocess
import sys
import time

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
threads_list = [int(t) for t in args.threads.split(",")]
# (wall, user, sys, peak RSS MB) per run, by thread count; runs interleave the thread counts.
runs = {t: [] for t in threads_list}
for _ in range(args.runs):
    for threads in threads_list:
        shutil.rmtree(out, ignore_errors=True)
        start = time.monotonic()
        proc = subprocess.Popen([BIN, "run", "-q", "--input", args.corpus, "--output", out,
                                 "--threads", str(threads), "--no-cache"])
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        if status != 0:
            sys.exit(f"bench: dossier exited with status {status}")
        runs[threads].append((wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss / 1024))
print(f"{'threads':>7} {'wall s':>8} {'user s':>8} {'sys s':>7} {'MB/s':>8} {'words/s':>11} "
      f"{'words/s CPU':>12} {'peak RSS MB':>12}")
for threads, rs in runs.items():
    w, u, s_ = (statistics.median(r[k] for r in rs) for k in range(3))
    print(f"{threads:>7} {w:>8.3f} {u:>8.3f} {s_:>7.3f} {n_bytes / 1e6 / w:>8.2f} {n_words / w:>11,.0f} "
          f"{n_words / (u + s_):>12,.0f} {max(r[3] for r in rs):>12.1f}")
if 1 in runs and 2 in runs:
    pairs = [a[0] / b[0] for a, b in zip(runs[1], runs[2])]
    print(f"speed-up 1 -> 2 threads (wall): median of {len(pairs)} back-to-back pairs "
          f"{statistics.median(pairs):.2f}x (range {min(pairs):.2f}-{max(pairs):.2f}); "
          f"load average after: {os.getloadavg()[0]:.2f}")
