#!/usr/bin/env python3
"""Run `dossier` past one machine as an Apache Spark job: n shards as n Spark tasks, then one merge.

Each task runs `dossier run --input CORPUS --shard i/n --output PARTS`: the shard reads the whole
corpus and keeps the documents whose stable hash of the doc id mod n is i, writing
PARTS/<table>/part-<i>.{csv,parquet}, PARTS/_shards/part-<i>.* and PARTS/_manifest.part-<i>.json.
Shards are independent and idempotent (rerunning one rewrites the same files), so Spark may retry
a failed task safely (keep speculative execution off: two live attempts would write the same files). When every task has succeeded, the driver runs
`dossier merge --input PARTS --output OUT`, which builds the flat tables (OUT/<table>.csv,
.parquet, _manifest.json) byte-identical to a single-machine `dossier run` on the whole corpus.

Local mode (what `make test-spark` runs; needs Java 17+ and `pip install -r requirements-spark.txt`):

    python scripts/spark_job.py --input corpus.jsonl --dossier target/dist/dossier \\
        --shards 4 --output target/spark-out

On a cluster (YARN, Kubernetes or standalone):
  * Put the corpus and the parts folder on storage every node and the driver mount at the same
    path (NFS, a shared volume, or a FUSE mount of HDFS/S3): each task reads the corpus and writes
    its part files there, and the driver's merge reads them back. OUT is written by the driver.
  * Ship the binary with the job instead of installing it on every node: `--ship-binary` calls
    `SparkContext.addFile`, the equivalent of `spark-submit --files target/dist/dossier`; each
    task then runs its local copy (SparkFiles.get). The binary is self-contained (lexicons are
    compiled in) but must match the nodes' OS and CPU (build it on the same Linux as the nodes,
    e.g. `cargo build --release` in the executor image). Without `--ship-binary`, the --dossier
    path must exist on every node.
  * Submit with, for example:

        spark-submit --master yarn --deploy-mode client --num-executors 16 --executor-cores 1 \\
            scripts/spark_job.py --master "" --input /shared/corpus.jsonl \\
            --dossier target/dist/dossier --ship-binary --shards 64 \\
            --parts /shared/dossier-parts --output /shared/dossier-out

    (`--master ""` leaves the master to spark-submit). Use about 2-4 shards per executor core so a
    slow shard does not hold the job; each shard runs `--threads 1` by default (`--threads k` with
    `--executor-cores k` gives Spark the same cores the shard uses: set spark.task.cpus=k).
  * A config file (`--config`) must also be on shared storage; per-document caching is off in
    shards (`--no-cache`) unless `--cache-dir` points to a node-local folder.

usage: spark_job.py --input CORPUS [--input MORE] --dossier BIN --shards N --output OUT
                    [--parts DIR] [--master local[2]] [--threads 1] [--ship-binary]
                    [--config FILE] [--cache-dir DIR] [--keep-parts]
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import time


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", action="append", required=True, help="JSONL corpus (or file/folder); repeatable")
    ap.add_argument("--dossier", required=True, help="path of the dossier binary")
    ap.add_argument("--shards", type=int, required=True, help="number of shards (= Spark tasks)")
    ap.add_argument("--output", required=True, help="folder for the merged flat tables")
    ap.add_argument("--parts", help="folder for the shard parts (default: OUTPUT + '.parts')")
    ap.add_argument("--master", default="local[2]", help="Spark master; '' leaves it to spark-submit")
    ap.add_argument("--threads", type=int, default=1, help="dossier worker threads per shard")
    ap.add_argument("--ship-binary", action="store_true", help="ship the binary to executors (SparkContext.addFile)")
    ap.add_argument("--config", help="dossier config file (must be readable from every node)")
    ap.add_argument("--cache-dir", help="per-document cache folder on each node (default: no cache)")
    ap.add_argument("--keep-parts", action="store_true", help="keep the parts folder after the merge")
    args = ap.parse_args(argv)
    if args.shards < 1:
        ap.error("--shards must be at least 1")
    return args


def clear_parts(parts):
    """Start from an empty parts folder: stale parts of an earlier run with another n would be merged."""
    if not os.path.exists(parts):
        return
    entries = os.listdir(parts)
    # dossier's own: table folders, _shards, per-shard manifests, lock/staging/journal files.
    prefixes = ("_manifest.part-", ".lock", ".staging", "_journal")
    ours = [e for e in entries if e.startswith(prefixes) or os.path.isdir(os.path.join(parts, e))]
    if len(ours) != len(entries):
        others = sorted(set(entries) - set(ours))[:5]
        sys.exit(f"spark_job: {parts} holds files that are not dossier parts ({', '.join(others)}); refusing to clear it")
    shutil.rmtree(parts)


def shard_runner(cmd_base, binary, shipped, n, cwd):
    """The function each Spark task runs: one `dossier run --shard i/n`. Closes over plain values only."""

    def run(i):
        import os
        import socket
        import subprocess
        import time

        exe = binary
        if shipped:
            from pyspark import SparkFiles

            exe = SparkFiles.get(os.path.basename(binary))
            # addFile does not always keep the executable bit.
            os.chmod(exe, os.stat(exe).st_mode | 0o111)
        cmd = [exe] + cmd_base + ["--shard", f"{i}/{n}"]
        t0 = time.time()
        p = subprocess.run(cmd, cwd=cwd if cwd and os.path.isdir(cwd) else None, capture_output=True, text=True)
        if p.returncode != 0:
            # Failing the task (not returning an error) lets Spark retry the shard elsewhere.
            raise RuntimeError(f"shard {i}/{n} on {socket.gethostname()}: {' '.join(cmd)} exited {p.returncode}:\n"
                               f"{p.stderr[-4000:]}")
        return {"shard": i, "host": socket.gethostname(), "wall_s": round(time.time() - t0, 3)}

    return run


def shard_docs(parts, i):
    """Documents a shard kept, from the row counts in its manifest."""
    path = os.path.join(parts, f"_manifest.part-{i}.json")
    try:
        with open(path, encoding="utf-8") as fh:
            n = json.load(fh).get("rows", {}).get("documents")
    except (OSError, ValueError, AttributeError):
        return "?"
    return n if isinstance(n, int) else "?"


def main(argv=None):
    args = parse_args(argv)
    binary = os.path.abspath(args.dossier)
    if not os.access(binary, os.X_OK):
        sys.exit(f"spark_job: {binary} is not an executable dossier binary")
    inputs = [os.path.abspath(p) for p in args.input]
    out = os.path.abspath(args.output)
    parts = os.path.abspath(args.parts or out.rstrip("/") + ".parts")
    n = args.shards
    clear_parts(parts)
    os.makedirs(parts, exist_ok=True)

    cmd_base = ["run", "--output", parts, "--threads", str(args.threads), "--quiet"]
    for p in inputs:
        cmd_base += ["--input", p]
    if args.config:
        cmd_base += ["--config", os.path.abspath(args.config)]
    if args.cache_dir:
        cmd_base += ["--cache-dir", args.cache_dir]
    else:
        cmd_base += ["--no-cache"]

    if args.master.startswith("local"):
        # Workers run the driver's Python (the venv that has pyspark); local mode stays on the
        # loopback interface and needs no web UI. On a cluster, spark-submit's settings apply.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark import SparkConf, SparkContext

    conf = SparkConf().setAppName(f"dossier-{n}-shards").set("spark.ui.showConsoleProgress", "false")
    if args.master:
        conf = conf.setMaster(args.master)
    if args.master.startswith("local"):
        conf = (
            conf.set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1")
            .set("spark.ui.enabled", "false")
        )
    if args.threads > 1:
        # A shard with k threads occupies k cores: let Spark schedule it as such.
        conf = conf.set("spark.task.cpus", str(args.threads))
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    try:
        if args.ship_binary:
            sc.addFile(binary)
        t0 = time.time()
        runner = shard_runner(cmd_base, binary, args.ship_binary, n, os.getcwd())
        # One partition per shard, so each shard is exactly one task (and one retry unit).
        try:
            results = sc.parallelize(range(n), n).map(runner).collect()
        except Exception as e:  # Py4JJavaError carries the failing task's RuntimeError text.
            msg = str(e)
            start = msg.find("RuntimeError: shard")
            if start >= 0:
                end = msg.find("\n\tat ", start)
                msg = msg[start : end if end > 0 else start + 4000]
            sys.exit(f"spark_job: a shard failed (after Spark's retries, if any):\n{msg[-4000:]}")
        shards_wall = time.time() - t0
        master = sc.master
    finally:
        sc.stop()

    for r in sorted(results, key=lambda r: r["shard"]):
        print(f"shard {r['shard']}/{n} on {r['host']}: {r['wall_s']:.2f} s, {shard_docs(parts, r['shard'])} documents")
    missing = [i for i in range(n) if not os.path.exists(os.path.join(parts, f"_manifest.part-{i}.json"))]
    if missing:
        sys.exit(f"spark_job: no manifest for shards {missing} in {parts} (is it on storage the driver sees?)")

    t1 = time.time()
    merge = [binary, "merge", "--input", parts, "--output", out]
    p = subprocess.run(merge, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"spark_job: {' '.join(merge)} failed (rc {p.returncode}):\n{p.stderr}")
    print(f"spark ({master}): {n} shards in {shards_wall:.2f} s, merge in {time.time() - t1:.2f} s -> {out}")
    if not args.keep_parts:
        shutil.rmtree(parts, ignore_errors=True)
    tables = sorted(os.path.basename(f) for f in glob.glob(os.path.join(out, "*.csv")))
    print(f"tables: {', '.join(tables)}")


if __name__ == "__main__":
    main()
