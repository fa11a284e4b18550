//! Flat typed spans of `score.py` (NER entities, TIMEX3 expressions) and their overlap matching.
//!
//! Reads a record's list field (`entities`, `timexes`); items without offsets are located by
//! their `text` in the gold text, in order. Invariant: offsets are code points into the *gold*
//! text; `text` is what the item says (or the gold slice) and serves error listings only.

use super::common::{align_in_order, get, greedy, list, py_int, py_str, slice};
use serde_json::Value;

#[derive(Debug, Clone)]
pub struct TypedSpan {
    pub start: i64,
    pub end: i64,
    pub kind: String,
    pub value: Value,
    pub text: Value,
}

/// `get_spans(doc, field, text)`.
pub fn get_spans(doc: &Value, field: &str, text: &[char]) -> Vec<TypedSpan> {
    let items = list(doc, field);
    let offsets = |it: &Value| -> Option<(i64, i64)> {
        Some((py_int(get(it, "start")?)?, py_int(get(it, "end")?)?))
    };
    let need_align: Vec<String> = items
        .iter()
        .filter(|it| get(it, "start").is_none() || get(it, "end").is_none())
        .map(|it| it.get("text").map(py_str).unwrap_or_default())
        .collect();
    let mut aligned = align_in_order(text, &need_align).into_iter();
    let mut out = Vec::new();
    for it in items {
        let (s, e) = if get(it, "start").is_none() || get(it, "end").is_none() {
            match aligned.next().flatten() {
                Some(loc) => loc,
                None => continue,
            }
        } else {
            match offsets(it) {
                Some(x) => x,
                None => continue, // non-numeric offsets: Python would crash; we skip
            }
        };
        let kind = it.get("type").map(py_str).unwrap_or_default();
        let value = it.get("value").cloned().unwrap_or(Value::Null);
        let item_text = match it.get("text") {
            Some(t) => t.clone(),
            None => Value::String(slice(text, s, e)),
        };
        out.push(TypedSpan {
            start: s,
            end: e,
            kind,
            value,
            text: item_text,
        });
    }
    out
}

/// `one_to_one_overlap`: greedy, exact matches first, then larger overlap, then lower indices.
pub fn one_to_one_overlap(
    gs: &[TypedSpan],
    ps: &[TypedSpan],
    same_type: bool,
) -> Vec<(usize, usize)> {
    greedy(gs.len(), ps.len(), |i, j| {
        let (g, p) = (&gs[i], &ps[j]);
        let ov = g.end.min(p.end) - g.start.max(p.start);
        if ov > 0 && (!same_type || g.kind == p.kind) {
            Some((g.start == p.start && g.end == p.end, ov))
        } else {
            None
        }
    })
}
