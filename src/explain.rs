//! `dossier explain ROW_ID`: the row, its sentence with the span highlighted, and the rule.
//!
//! Reads: the CSV tables of an output folder. Adds: nothing (prints). How a reviewer checks a
//! surprising CSV diff: every row id is unique across tables because ids carry a kind prefix.

use anyhow::{bail, Context as _, Result};
use std::collections::HashMap;
use std::path::Path;

type Row = Vec<(String, String)>;

fn find_row(path: &Path, col: &str, value: &str) -> Result<Option<Row>> {
    if !path.exists() {
        return Ok(None);
    }
    let mut r =
        csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
    let headers = r.headers()?.clone();
    let Some(idx) = headers.iter().position(|h| h == col) else {
        return Ok(None);
    };
    for rec in r.records() {
        let rec = rec?;
        if rec.get(idx) == Some(value) {
            return Ok(Some(
                headers
                    .iter()
                    .map(str::to_string)
                    .zip(rec.iter().map(str::to_string))
                    .collect(),
            ));
        }
    }
    Ok(None)
}

/// (table, id column, span columns to highlight).
type Explainable = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// Tables whose first column is their row id, with the span columns to highlight.
const TABLES: &[Explainable] = &[
    ("mentions", "mention_id", &[("char_start", "char_end")]),
    ("dates", "date_id", &[("char_start", "char_end")]),
    (
        "claims",
        "claim_id",
        &[
            ("claimant_start", "claimant_end"),
            ("cue_start", "cue_end"),
            ("content_start", "content_end"),
        ],
    ),
    ("events", "event_id", &[("trigger_start", "trigger_end")]),
    ("relations", "relation_id", &[("char_start", "char_end")]),
    ("sentences", "sentence_id", &[("char_start", "char_end")]),
    ("entities", "entity_id", &[]),
];

pub fn explain(output: &Path, row_id: &str) -> Result<String> {
    for (table, id_col, spans) in TABLES {
        let Some(row) = find_row(&output.join(format!("{table}.csv")), id_col, row_id)? else {
            continue;
        };
        let map: HashMap<&str, &str> = row.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let mut out = format!("{table} row {row_id}\n");
        let width = row.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        for (k, v) in &row {
            out.push_str(&format!("  {k:<width$}  {v}\n"));
        }
        if let (Some(doc_id), Some(sid)) = (
            map.get("doc_id"),
            map.get("sentence_id").filter(|s| !s.is_empty()),
        ) {
            let doc = find_row(&output.join("documents.csv"), "doc_id", doc_id)?
                .context("document not found")?;
            let text: Vec<char> = doc
                .iter()
                .find(|(k, _)| k == "text")
                .map(|(_, v)| v.chars().collect())
                .unwrap_or_default();
            let sent = find_row(&output.join("sentences.csv"), "sentence_id", sid)?
                .context("sentence not found")?;
            let get = |r: &Row, k: &str| {
                r.iter()
                    .find(|(c, _)| c == k)
                    .and_then(|(_, v)| v.parse::<usize>().ok())
            };
            let (s0, s1) = (
                get(&sent, "char_start").unwrap_or(0),
                get(&sent, "char_end").unwrap_or(0),
            );
            // Marks: `[[` `]]` around each span of the row inside the sentence.
            let mut marks: Vec<(usize, &str)> = Vec::new();
            for (a, b) in spans.iter() {
                if let (Some(a), Some(b)) = (
                    map.get(a).and_then(|v| v.parse().ok()),
                    map.get(b).and_then(|v| v.parse().ok()),
                ) {
                    marks.push((a, "[["));
                    marks.push((b, "]]"));
                }
            }
            marks.sort_by_key(|m| (m.0, m.1 == "[["));
            let mut line = String::new();
            let mut mi = 0;
            for i in s0..=s1.min(text.len()) {
                while mi < marks.len() && marks[mi].0 == i {
                    line.push_str(marks[mi].1);
                    mi += 1;
                }
                if i < s1.min(text.len()) {
                    line.push(text[i]);
                }
            }
            out.push_str(&format!(
                "\nsentence {sid} ({doc_id}, chars {s0}..{s1}):\n  {line}\n"
            ));
        }
        if let Some(rule) = map.get("rule") {
            out.push_str(&format!("\nrule: {rule} (see the README's rule list)\n"));
        }
        return Ok(out);
    }
    bail!("no row with id {row_id:?} in {}", output.display())
}
