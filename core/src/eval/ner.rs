//! Named-entity scoring (`score.py ner`).
//!
//! Reads `{"id","text"?,"entities":[{"start","end","text","type"}]}` for gold and predictions.
//! Adds strict (span + type), span-only and typed-overlap P/R/F1, and per-type strict scores.
//! Invariants, in the order applied: predicted types are renamed by `Options::type_map` first
//! (`--map gum`); `--types` restricts gold and predictions; otherwise predictions are restricted
//! to the types present anywhere in the gold file unless `--all-types`; dropped predicted types
//! are counted, not scored.

use super::common::{multiset_tp, slice, text_chars, DocSet, Prf};
use super::spans::{get_spans, one_to_one_overlap};
use super::Options;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// `GUM_MAP` of score.py. NORP stays unmapped: GUM does not annotate nationality adjectives, so
/// NORP predictions are dropped rather than counted as false MISC.
pub const GUM_MAP: &str = "GPE=LOC,FAC=LOC,PRODUCT=MISC,WORK_OF_ART=MISC,LAW=MISC,LANGUAGE=MISC";

/// `parse_map`: `"gum"` or `"A=B,C=D"`.
pub fn parse_map(spec: &str) -> BTreeMap<String, String> {
    let spec = if spec == "gum" { GUM_MAP } else { spec };
    spec.split(',')
        .filter_map(|kv| kv.split_once('='))
        .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct NerScores {
    pub docs: u64,
    pub strict: Prf,
    pub span_only: Prf,
    pub overlap_typed: Prf,
    pub per_type: BTreeMap<String, Prf>,
    /// Sorted kept types, or the string `"all"`.
    pub kept_types: Value,
    pub type_map: BTreeMap<String, String>,
    /// Python orders this by count (descending, ties by first sighting); JSON objects are unordered.
    pub dropped_pred_types: BTreeMap<String, u64>,
    pub missing_pred_docs: u64,
}

pub fn score(gold: &DocSet, pred: &DocSet, opts: &Options) -> (NerScores, Vec<Value>) {
    let mut gold_types = BTreeSet::new();
    for key in &gold.order {
        for e in super::common::list(gold.get(key).expect("ordered key"), "entities") {
            gold_types.insert(e.get("type").map(super::common::py_str).unwrap_or_default());
        }
    }
    let type_filter = !opts.types.is_empty();
    let keep: Option<BTreeSet<String>> = if type_filter {
        Some(opts.types.iter().cloned().collect())
    } else if opts.all_types {
        None
    } else {
        Some(gold_types)
    };
    let (mut st, mut sp, mut ov, mut n_p, mut n_g, mut missing) =
        (0u64, 0u64, 0u64, 0u64, 0u64, 0u64);
    let mut per_type: HashMap<String, [u64; 3]> = HashMap::new(); // tp, n_pred, n_gold
    let mut dropped: BTreeMap<String, u64> = BTreeMap::new();
    let mut errors = Vec::new();
    let empty = json!({});
    for key in &gold.order {
        let g = gold.get(key).expect("ordered key");
        let text = text_chars(g);
        let p = pred.get(key).unwrap_or_else(|| {
            missing += 1;
            &empty
        });
        let mut gs = get_spans(g, "entities", &text);
        let mut ps = get_spans(p, "entities", &text);
        for x in &mut ps {
            if let Some(t) = opts.type_map.get(&x.kind) {
                x.kind = t.clone();
            }
        }
        if let Some(keep) = &keep {
            if type_filter {
                gs.retain(|x| keep.contains(&x.kind));
            }
            for x in &ps {
                if !keep.contains(&x.kind) {
                    *dropped.entry(x.kind.clone()).or_default() += 1;
                }
            }
            ps.retain(|x| keep.contains(&x.kind));
        }
        n_g += gs.len() as u64;
        n_p += ps.len() as u64;
        st += multiset_tp(
            gs.iter().map(|x| (x.start, x.end, &x.kind)),
            ps.iter().map(|x| (x.start, x.end, &x.kind)),
        );
        sp += multiset_tp(
            gs.iter().map(|x| (x.start, x.end)),
            ps.iter().map(|x| (x.start, x.end)),
        );
        ov += one_to_one_overlap(&gs, &ps, true).len() as u64;
        let types: BTreeSet<&String> = gs.iter().chain(&ps).map(|x| &x.kind).collect();
        for t in types {
            let row = per_type.entry(t.clone()).or_default();
            let gt = gs.iter().filter(|x| &x.kind == t);
            let pt = ps.iter().filter(|x| &x.kind == t);
            row[0] += multiset_tp(
                gt.clone().map(|x| (x.start, x.end)),
                pt.clone().map(|x| (x.start, x.end)),
            );
            row[1] += pt.count() as u64;
            row[2] += gt.count() as u64;
        }
        if errors.len() < opts.errors {
            // Counter differences, listed sorted by (start, end, type).
            let keyed = |v: &[super::spans::TypedSpan]| {
                let mut k: Vec<(i64, i64, String)> =
                    v.iter().map(|x| (x.start, x.end, x.kind.clone())).collect();
                k.sort();
                k
            };
            let (gk, pk) = (keyed(&gs), keyed(&ps));
            let fnl = multiset_minus(&gk, &pk);
            let fpl = multiset_minus(&pk, &gk);
            if !fnl.is_empty() || !fpl.is_empty() {
                let show = |l: &[(i64, i64, String)]| -> Vec<Value> {
                    l.iter()
                        .take(15)
                        .map(|(s, e, t)| json!([s, e, t, slice(&text, *s, *e)]))
                        .collect()
                };
                errors.push(json!({"id": key, "missed": show(&fnl), "spurious": show(&fpl)}));
            }
        }
    }
    let scores = NerScores {
        docs: gold.order.len() as u64,
        strict: Prf::new(st, n_p, n_g),
        span_only: Prf::new(sp, n_p, n_g),
        overlap_typed: Prf::new(ov, n_p, n_g),
        per_type: per_type
            .into_iter()
            .map(|(t, [a, b, c])| (t, Prf::new(a, b, c)))
            .collect(),
        kept_types: match keep {
            Some(k) => json!(k.into_iter().collect::<Vec<_>>()),
            None => json!("all"),
        },
        type_map: opts.type_map.clone(),
        dropped_pred_types: dropped,
        missing_pred_docs: missing,
    };
    (scores, errors)
}

/// `Counter(a) - Counter(b)` expanded, for sorted `a` (result stays sorted).
fn multiset_minus(a: &[(i64, i64, String)], b: &[(i64, i64, String)]) -> Vec<(i64, i64, String)> {
    let mut left: HashMap<&(i64, i64, String), usize> = HashMap::new();
    for k in b {
        *left.entry(k).or_default() += 1;
    }
    let mut out = Vec::new();
    for k in a {
        match left.get_mut(k) {
            Some(c) if *c > 0 => *c -= 1,
            _ => out.push(k.clone()),
        }
    }
    out
}
