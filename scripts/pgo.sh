#!/usr/bin/env bash
# Regenerates pgo/dossier.profdata, the profile `make` builds the release binary with
# (profile-guided optimisation: LLVM lays out branches and inlines by measured counts).
#
# 1. builds an instrumented binary (target/pgo-gen, same `dist` profile);
# 2. runs it (one thread with the spill on disk as on a large corpus, then two threads) over the outside dev
#    sets' article texts in $SHARED/eval (news and political news: never the benchmark corpus,
#    so the speed figures are not measured on the training input) and data/articles;
# 3. merges the counts, keeping only functions that ran (--sparse), with an llvm-profdata that
#    reads rustc's LLVM format: the llvm-tools rustup component, else a Debian llvm-NN package
#    (`apt-get install llvm-19` reads rustc 1.95's LLVM 22 profiles).
# A profile older than the sources still builds: functions whose code changed are compiled
# without counts. Re-run after large changes to the hot paths, then measure.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared}"
GEN_DIR="target/pgo-gen"
RAW_DIR="$GEN_DIR/raw"
OUT="pgo/dossier.profdata"

inputs=()
for f in attribution_dev events_dev timex_dev ner_dev; do
  [ -f "$SHARED/eval/$f.jsonl" ] && inputs+=(-i "$SHARED/eval/$f.jsonl")
done
if [ "${#inputs[@]}" -eq 0 ]; then
  echo "pgo: the dev sets in $SHARED/eval are missing; the profile is left as it is" >&2
  exit 1
fi
[ -d data/articles ] && inputs+=(-i data/articles)

profdata=""
candidates=("$(rustc --print sysroot)"/lib/rustlib/*/bin/llvm-profdata)
for v in 30 29 28 27 26 25 24 23 22 21 20 19; do
  candidates+=("/usr/lib/llvm-$v/bin/llvm-profdata")
done
candidates+=("$(command -v llvm-profdata || true)")
no_profdata() {
  echo "pgo: no llvm-profdata here reads rustc's profiles (rustup component add llvm-tools," >&2
  echo "     or apt-get install llvm-19); the profile is left as it is" >&2
  exit 1
}
# Whether one reads rustc's format shows only at the merge, but with none at all the
# instrumented build (minutes) would be wasted.
found=""
for p in "${candidates[@]}"; do
  [ -x "$p" ] && found="$p"
done
[ -n "$found" ] || no_profdata

RUSTFLAGS="-Cprofile-generate=$PWD/$RAW_DIR" CARGO_TARGET_DIR="$GEN_DIR" \
  cargo build --profile dist --locked
# The build's own instrumented build scripts and proc macros wrote counts there too.
rm -rf "$RAW_DIR" "$GEN_DIR/out"
# One thread with the spill on disk (the large-corpus path), then two threads with the default
# budget: a profile of one thread alone leaves the pool's hand-offs cold.
DOSSIER_SPILL_MEMORY_BYTES=0 LLVM_PROFILE_FILE="$PWD/$RAW_DIR/run-%p-%m.profraw" \
  "$GEN_DIR/dist/dossier" run "${inputs[@]}" -o "$GEN_DIR/out" --no-cache -j 1 -q
rm -rf "$GEN_DIR/out"
LLVM_PROFILE_FILE="$PWD/$RAW_DIR/run-%p-%m.profraw" \
  "$GEN_DIR/dist/dossier" run "${inputs[@]}" -o "$GEN_DIR/out" --no-cache -j 2 -q

mkdir -p pgo
for p in "${candidates[@]}"; do
  [ -x "$p" ] || continue
  if "$p" merge --sparse -o "$OUT.tmp" "$RAW_DIR"/*.profraw 2>/dev/null; then
    profdata="$p"
    break
  fi
done
if [ -z "$profdata" ]; then
  rm -f "$OUT.tmp"
  no_profdata
fi
mv "$OUT.tmp" "$OUT"
echo "pgo: wrote $OUT ($(wc -c < "$OUT") bytes) with $profdata"
