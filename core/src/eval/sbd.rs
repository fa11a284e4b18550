//! Sentence-boundary scoring (`score.py sbd`).
//!
//! Reads gold `{"id","text","sentences",["spans"]}` and predictions `{"id","sentences",["spans"]}`.
//! Adds: `list_acc` (documents whose whitespace-normalised sentence list equals the gold list)
//! and boundary P/R/F1 on trimmed sentence-end offsets, micro-averaged, without each document's
//! final end. Invariant: sentences without usable `spans` are aligned to the *gold* text in order,
//! so predictions need not carry offsets.

use super::common::{align_in_order, is_space, list, py_int, py_str, ws_norm, DocSet, Prf};
use super::Options;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::HashSet;

#[derive(Debug, Clone, Serialize)]
pub struct SbdScores {
    pub docs: u64,
    pub list_acc: f64,
    pub exact_docs: u64,
    pub boundary: Prf,
    pub missing_pred_docs: u64,
    pub unaligned_gold_sents: u64,
    pub unaligned_pred_sents: u64,
}

/// `trim`: move the span ends inward past whitespace (out-of-range = not whitespace).
fn trim(text: &[char], mut s: i64, mut e: i64) -> (i64, i64) {
    let sp = |i: i64| super::common::char_at(text, i).is_some_and(is_space);
    while s < e && sp(s) {
        s += 1;
    }
    while e > s && sp(e - 1) {
        e -= 1;
    }
    (s, e)
}

/// `sbd_spans`: (non-empty trimmed spans, number of sentences that could not be aligned).
fn sbd_spans(text: &[char], doc: &Value) -> (Vec<(i64, i64)>, u64) {
    let sents = list(doc, "sentences");
    let spans = list(doc, "spans");
    if !spans.is_empty() && spans.len() == sents.len() {
        let res = spans
            .iter()
            .filter_map(|sp| {
                let a = sp.as_array()?;
                Some(trim(text, py_int(a.first()?)?, py_int(a.get(1)?)?))
            })
            .filter(|(s, e)| e > s)
            .collect();
        return (res, 0);
    }
    let pieces: Vec<String> = sents.iter().map(py_str).collect();
    let al = align_in_order(text, &pieces);
    let unaligned = al.iter().filter(|x| x.is_none()).count() as u64;
    let res = al
        .into_iter()
        .flatten()
        .map(|(s, e)| trim(text, s, e))
        .filter(|(s, e)| e > s)
        .collect();
    (res, unaligned)
}

/// `boundaries`: sentence ends without the largest one (only one copy of it is dropped).
fn boundaries(spans: &[(i64, i64)]) -> HashSet<i64> {
    let mut ends: Vec<i64> = spans.iter().map(|&(_, e)| e).collect();
    ends.sort_unstable();
    ends.pop();
    ends.into_iter().collect()
}

fn norm_list(doc: &Value) -> Vec<String> {
    list(doc, "sentences")
        .iter()
        .map(|s| ws_norm(&py_str(s)))
        .filter(|s| !s.is_empty())
        .collect()
}

pub fn score(gold: &DocSet, pred: &DocSet, opts: &Options) -> (SbdScores, Vec<Value>) {
    let n_docs = gold.order.len() as u64;
    let (mut exact, mut tp, mut n_p, mut n_g) = (0u64, 0u64, 0u64, 0u64);
    let (mut unal_g, mut unal_p, mut missing) = (0u64, 0u64, 0u64);
    let mut errors = Vec::new();
    let empty = json!({"sentences": []});
    for key in &gold.order {
        let g = gold.get(key).expect("ordered key");
        let text = super::common::text_chars(g);
        let p = pred.get(key).unwrap_or_else(|| {
            missing += 1;
            &empty
        });
        let (gs, ps) = (norm_list(g), norm_list(p));
        if gs == ps {
            exact += 1;
        } else if errors.len() < opts.errors {
            errors.push(json!({"id": key, "gold": gs, "pred": ps}));
        }
        let (g_sp, ug) = sbd_spans(&text, g);
        let (p_sp, up) = sbd_spans(&text, p);
        unal_g += ug;
        unal_p += up;
        let (gb, pb) = (boundaries(&g_sp), boundaries(&p_sp));
        tp += gb.intersection(&pb).count() as u64;
        n_p += pb.len() as u64;
        n_g += gb.len() as u64;
    }
    let scores = SbdScores {
        docs: n_docs,
        list_acc: super::common::ratio(exact, n_docs),
        exact_docs: exact,
        boundary: Prf::new(tp, n_p, n_g),
        missing_pred_docs: missing,
        unaligned_gold_sents: unal_g,
        unaligned_pred_sents: unal_p,
    };
    (scores, errors)
}
