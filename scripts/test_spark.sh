#!/usr/bin/env bash
# `make test-spark`: a real Apache Spark job (PySpark, local[2]) runs `dossier run --shard i/n` as
# Spark tasks over a small JSONL corpus built from the repo's own fixtures, then `dossier merge`;
# every merged table CSV must be byte-identical to a single-machine `dossier run` on the same input,
# and rerunning a shard must leave its part files unchanged (Spark retries rely on that).
# Exits 0 with "skipped: ..." when Java 17+ or PySpark cannot be had; non-zero on any mismatch.
# Env: DOSSIER_BIN (default target/dist/dossier, what `make` builds), SPARK_VENV (default
# ~/.cache/dossier-spark-venv), SHARDS (default 4). Everything it writes goes under target/spark-test/.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BIN="${DOSSIER_BIN:-$ROOT/target/dist/dossier}"
VENV="${SPARK_VENV:-$HOME/.cache/dossier-spark-venv}"
SHARDS="${SHARDS:-4}"
WORK="$ROOT/target/spark-test"

mkdir -p "$ROOT/target"

skip() { echo "test-spark skipped: $*"; exit 0; }
fail() { echo "test-spark FAILED: $*" >&2; exit 1; }

# --- Java 17+ (Spark 4 needs it); try Debian's package once when root, else skip.
java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -1; }
if ! command -v java >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test-spark: no java; installing openjdk-17-jre-headless"
  (apt-get install -y -q openjdk-17-jre-headless >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q openjdk-17-jre-headless >/dev/null 2>&1; }) || true
fi
command -v java >/dev/null 2>&1 || skip "no java on PATH and it could not be installed (Spark needs Java 17+)"
JAVA_MAJOR="$(java_major)"
if [ -z "$JAVA_MAJOR" ] || [ "$JAVA_MAJOR" -lt 17 ]; then
  skip "java is version '${JAVA_MAJOR:-unknown}', Spark 4 needs 17+"
fi

# --- PySpark, pinned, in its own venv.
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV" >/dev/null 2>&1 || { rm -rf "$VENV"; skip "could not create a venv at $VENV (python3 -m venv)"; }
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check -r requirements-spark.txt >"$WORK.pip.log" 2>&1 ||
  { skip "pip could not install requirements-spark.txt into $VENV (see $WORK.pip.log)"; }
"$VENV/bin/python" -c "import pyspark" 2>/dev/null || skip "pyspark does not import in $VENV"

# --- The binary, with the shard interface.
if [ ! -x "$BIN" ]; then
  cargo build --release --locked
fi
"$BIN" run --help | grep -q -- '--shard' || fail "$BIN has no 'run --shard' option"
"$BIN" merge --help >/dev/null 2>&1 || fail "$BIN has no 'merge' command"

# --- A small corpus from our own fixtures: the JSONL feed, the .txt/.md articles as records, and
# variants with distinct ids and paragraphs rotated, so every shard gets several documents.
rm -rf "$WORK"
mkdir -p "$WORK"
CORPUS="$WORK/corpus.jsonl"
python3 - "$CORPUS" tests/fixtures/articles data/articles <<'EOF'
import json, os, sys
out, dirs = sys.argv[1], sys.argv[2:]
base = []
for d in dirs:
    for name in sorted(os.listdir(d)):
        path = os.path.join(d, name)
        if name.endswith(".jsonl"):
            base += [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
        elif name.endswith((".txt", ".md")) and name != "SOURCES.md":
            text = open(path, encoding="utf-8").read()
            base.append({"id": os.path.splitext(name)[0], "title": text.splitlines()[0].lstrip("# ").strip(), "text": text})
# An invented article with non-ASCII text, so byte offsets off char boundaries would show.
base.append({"id": "invented-ümlaut", "title": "Zoë Müller opens a café in Kraków",
             "published": "2025-03-14", "text": "Zoë Müller opened a café in Kraków on 3 March 2025.\n\n"
             "“It is a dream,” she said. The mayor, Łukasz Nowak, said the city would welcome more cafés."})
docs = []
for k in range(8):
    for d in base:
        d = dict(d)
        if k:
            paras = [p for p in d["text"].split("\n\n") if p.strip()]
            r = k % len(paras)
            d["text"] = "\n\n".join(paras[r:] + paras[:r])
            d["id"] = f"{d['id']}-v{k}"
        docs.append(d)
with open(out, "w", encoding="utf-8") as fh:
    for d in docs:
        fh.write(json.dumps(d, ensure_ascii=False) + "\n")
print(f"test-spark: corpus {len(docs)} documents -> {out}")
EOF

# --- The Spark job, with the binary shipped to the tasks as on a cluster.
"$VENV/bin/python" scripts/spark_job.py --input "$CORPUS" --dossier "$BIN" --shards "$SHARDS" \
  --output "$WORK/spark-out" --parts "$WORK/parts" --keep-parts --ship-binary --master 'local[2]' \
  2> >(grep -v -E '^(WARNING|Using Spark|Setting default log level|To adjust logging level|[0-9/]+ [0-9:]+ WARN )' >&2) ||
  fail "the Spark job failed"

# --- The single-machine run on the same input.
"$BIN" run --input "$CORPUS" --output "$WORK/single-out" --no-cache --quiet --threads 2

# --- Every table CSV byte-identical.
n_tables=0
for f in "$WORK/single-out"/*.csv; do
  t="$(basename "$f")"
  [ -f "$WORK/spark-out/$t" ] || fail "merged output lacks $t"
  cmp -s "$f" "$WORK/spark-out/$t" || {
    diff "$f" "$WORK/spark-out/$t" | head -20 >&2 || true
    fail "$t differs between the Spark merge and the single run"
  }
  n_tables=$((n_tables + 1))
done
for f in "$WORK/spark-out"/*.csv; do
  [ -f "$WORK/single-out/$(basename "$f")" ] || fail "merged output has an extra table $(basename "$f")"
done
[ "$n_tables" -ge 9 ] || fail "expected the nine tables, found $n_tables CSVs"
rows="$(cat "$WORK/single-out"/*.csv | wc -l)"
[ "$rows" -gt $((n_tables * 2)) ] || fail "the tables are nearly empty ($rows lines): nothing was tested"

# Informational: Parquet files and the manifest are expected identical too (not required).
same_extra=yes
for f in "$WORK/single-out"/*.parquet "$WORK/single-out/_manifest.json"; do
  cmp -s "$f" "$WORK/spark-out/$(basename "$f")" || { same_extra=no; echo "test-spark: note: $(basename "$f") differs (only CSVs must match)"; }
done

# --- Rerunning a shard changes none of its part files.
snapshot() { find "$WORK/parts" -path '*part-0.*' -type f ! -name '_manifest*' -print0 | sort -z | xargs -0 sha256sum; }
before="$(snapshot)"
[ -n "$before" ] || fail "no part files for shard 0 under $WORK/parts"
"$BIN" run --input "$CORPUS" --output "$WORK/parts" --shard "0/$SHARDS" --no-cache --quiet --threads 1
[ "$before" = "$(snapshot)" ] || fail "rerunning shard 0/$SHARDS changed its part files"

echo "test-spark: $n_tables tables, $rows CSV lines: Spark ($SHARDS shards, local[2], pyspark $("$VENV/bin/python" -c 'import pyspark; print(pyspark.__version__)'), java $JAVA_MAJOR) + merge == single run (Parquet and manifest identical too: $same_extra)"
echo "1 passed, 0 failed"
