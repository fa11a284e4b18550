//! TIMEX3 scoring, TempEval-3 Task A style (`score.py timex`).
//!
//! Reads `{"id","text"?,"timexes":[{"start","end","text","type","value"}]}`.
//! Adds strict span P/R/F1 (exact offsets, multiset), relaxed span P/R/F1 (one-to-one overlap),
//! and on relaxed pairs: type and value accuracy and F1. Invariant: types compare
//! case-insensitively; values after whitespace collapsing and upper-casing; a missing value
//! equals only a missing value.

use super::common::{multiset_tp, py_str, ratio, text_chars, ws_norm, DocSet, Prf};
use super::spans::{get_spans, one_to_one_overlap, TypedSpan};
use super::Options;
use serde::Serialize;
use serde_json::{json, Value};

#[derive(Debug, Clone, Serialize)]
pub struct TimexScores {
    pub docs: u64,
    pub strict_span: Prf,
    pub relaxed_span: Prf,
    pub type_acc: f64,
    #[serde(rename = "type")]
    pub type_: Prf,
    pub value_acc: f64,
    pub value: Prf,
    pub missing_pred_docs: u64,
}

/// `norm_val`: `None` stays `None`.
fn norm_val(v: &Value) -> Option<String> {
    (!v.is_null()).then(|| ws_norm(&py_str(v)).to_uppercase())
}

fn show(x: &TypedSpan) -> Value {
    json!([x.text, x.kind, x.value])
}

pub fn score(gold: &DocSet, pred: &DocSet, opts: &Options) -> (TimexScores, Vec<Value>) {
    let (mut strict, mut relaxed, mut n_p, mut n_g) = (0u64, 0u64, 0u64, 0u64);
    let (mut type_ok, mut val_ok, mut missing) = (0u64, 0u64, 0u64);
    let mut errors = Vec::new();
    let empty = json!({});
    for key in &gold.order {
        let g = gold.get(key).expect("ordered key");
        let text = text_chars(g);
        let p = pred.get(key).unwrap_or_else(|| {
            missing += 1;
            &empty
        });
        let gs = get_spans(g, "timexes", &text);
        let ps = get_spans(p, "timexes", &text);
        n_g += gs.len() as u64;
        n_p += ps.len() as u64;
        strict += multiset_tp(
            gs.iter().map(|x| (x.start, x.end)),
            ps.iter().map(|x| (x.start, x.end)),
        );
        let pairs = one_to_one_overlap(&gs, &ps, false);
        relaxed += pairs.len() as u64;
        let mut doc_err = Vec::new();
        for &(i, j) in &pairs {
            let (gt, pt) = (&gs[i], &ps[j]);
            let t_ok = gt.kind.to_uppercase() == pt.kind.to_uppercase();
            let v_ok = norm_val(&gt.value) == norm_val(&pt.value);
            type_ok += t_ok as u64;
            val_ok += v_ok as u64;
            if !(t_ok && v_ok) {
                doc_err.push(json!({"gold": show(gt), "pred": show(pt)}));
            }
        }
        if errors.len() < opts.errors {
            let mut mg = vec![false; gs.len()];
            let mut mp = vec![false; ps.len()];
            for &(i, j) in &pairs {
                mg[i] = true;
                mp[j] = true;
            }
            let missed: Vec<Value> = gs
                .iter()
                .zip(&mg)
                .filter(|(_, m)| !**m)
                .map(|(x, _)| show(x))
                .collect();
            let spur: Vec<Value> = ps
                .iter()
                .zip(&mp)
                .filter(|(_, m)| !**m)
                .map(|(x, _)| show(x))
                .collect();
            if !missed.is_empty() || !spur.is_empty() || !doc_err.is_empty() {
                errors.push(json!({"id": key, "missed": &missed[..missed.len().min(10)],
                                   "spurious": &spur[..spur.len().min(10)],
                                   "attr_errors": &doc_err[..doc_err.len().min(10)]}));
            }
        }
    }
    let scores = TimexScores {
        docs: gold.order.len() as u64,
        strict_span: Prf::new(strict, n_p, n_g),
        relaxed_span: Prf::new(relaxed, n_p, n_g),
        type_acc: ratio(type_ok, relaxed),
        type_: Prf::new(type_ok, n_p, n_g),
        value_acc: ratio(val_ok, relaxed),
        value: Prf::new(val_ok, n_p, n_g),
        missing_pred_docs: missing,
    };
    (scores, errors)
}
