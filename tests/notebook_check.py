"""Notebook check: every Parquet table loads in pyarrow, pandas, polars and DuckDB with the declared
types, nullability as declared, row counts equal to the CSVs, unique ids, and the README joins work.

Run by `make test` when the venv exists (.ci/run creates it). Uses the tables of a fresh run of the
release binary over data/articles and tests/fixtures/articles into target/notebook-check.
"""
import csv
import json
import os
import subprocess
import sys

import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pyarrow as pa

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "target", "notebook-check")
BIN = os.path.join(ROOT, "target", "release", "dossier")

subprocess.run([BIN, "run", "-q", "--input", os.path.join(ROOT, "data/articles"),
                "--input", os.path.join(ROOT, "tests/fixtures/articles"), "--output", OUT], check=True)
schema = json.loads(subprocess.run([BIN, "schema", "--format", "json"], check=True, capture_output=True, text=True).stdout)

ARROW = {
    "string": lambda t: pa.types.is_string(t) or pa.types.is_large_string(t),
    "label (dictionary string)": pa.types.is_dictionary,
    "int64": pa.types.is_int64,
    "float64": pa.types.is_float64,
    "bool": pa.types.is_boolean,
    "date32": pa.types.is_date32,
    "timestamp[us, UTC]": lambda t: pa.types.is_timestamp(t) and t.tz == "UTC",
    "list<string>": lambda t: pa.types.is_list(t) and pa.types.is_string(t.value_type),
    "list<list<int64>>": lambda t: pa.types.is_list(t) and pa.types.is_list(t.value_type),
}
ID_COLUMNS = {"documents": "doc_id", "sentences": "sentence_id", "mentions": "mention_id", "entities": "entity_id",
              "relations": "relation_id", "events": "event_id", "claims": "claim_id", "dates": "date_id"}
failures = []
def check(cond, msg):
    if not cond:
        failures.append(msg)

for table in schema["tables"]:
    name = table["name"]
    path = os.path.join(OUT, name + ".parquet")
    t = pq.read_table(path)
    with open(os.path.join(OUT, name + ".csv"), newline="", encoding="utf-8") as fh:
        csv_rows = list(csv.DictReader(fh))
    check(t.num_rows == len(csv_rows), f"{name}: parquet {t.num_rows} rows, csv {len(csv_rows)}")
    check([f.name for f in t.schema] == [c["name"] for c in table["columns"]], f"{name}: columns differ")
    for col in table["columns"]:
        field = t.schema.field(col["name"])
        check(ARROW[col["type"]](field.type), f"{name}.{col['name']}: arrow type {field.type} is not {col['type']}")
        if not col["nullable"]:
            check(t.column(col["name"]).null_count == 0, f"{name}.{col['name']}: nulls in a non-null column")
    df = pd.read_parquet(path)
    for col in table["columns"]:
        if col["type"].startswith("label"):
            check(isinstance(df[col["name"]].dtype, pd.CategoricalDtype), f"pandas {name}.{col['name']} not categorical")
        if col["type"] == "int64" and not col["nullable"]:
            check(str(df[col["name"]].dtype) == "int64", f"pandas {name}.{col['name']} is {df[col['name']].dtype}")
    pdf = pl.read_parquet(path)
    check(pdf.height == t.num_rows, f"polars {name}: rows")
    for col in table["columns"]:
        if col["type"] == "date32":
            check(pdf.schema[col["name"]] == pl.Date, f"polars {name}.{col['name']} is {pdf.schema[col['name']]}")
        if col["type"].startswith("list"):
            check(isinstance(pdf.schema[col["name"]], pl.List), f"polars {name}.{col['name']} not a list")
    n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')").fetchall()[0][0]
    check(n == t.num_rows, f"duckdb {name}: rows")
    id_col = ID_COLUMNS.get(name)
    if id_col:
        check(df[id_col].is_unique, f"{name}.{id_col} not unique")

# The README's joins: claims -> entities -> documents.
claims = pd.read_parquet(os.path.join(OUT, "claims.parquet"))
ents = pd.read_parquet(os.path.join(OUT, "entities.parquet"))
docs = pd.read_parquet(os.path.join(OUT, "documents.parquet"))
j = (claims.merge(ents, left_on="claimant_id", right_on="entity_id", how="left")
           .merge(docs[["doc_id", "title", "published"]], on="doc_id"))
check(len(j) == len(claims), "pandas join changed the number of claims")
check(j["name"].notna().sum() == claims["claimant_id"].notna().sum(), "pandas join lost claimants")
con = duckdb.connect()
for t in ("claims", "entities", "documents"):
    con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{os.path.join(OUT, t + '.parquet')}')")
rows = con.execute("""
    SELECT e.name, c.claim_type, count(*) AS n
    FROM claims c JOIN entities e ON c.claimant_id = e.entity_id JOIN documents d USING (doc_id)
    GROUP BY e.name, c.claim_type ORDER BY n DESC, e.name, c.claim_type
""").fetchall()
check(len(rows) > 0 and all(len(r) == 3 for r in rows), "duckdb join returned nothing")

if failures:
    print("notebook check FAILED:\n  " + "\n  ".join(failures))
    sys.exit(1)
print(f"notebook check: {len(schema['tables'])} tables load in pyarrow, pandas, polars and DuckDB; joins ok")
