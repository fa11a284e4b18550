//! Attribution (claim) scoring, Citron/PARC style (`score_ie.py claims`).
//!
//! Reads `{"id","text","attributions":[{"source","cue","content"}]}` (spans or null) for gold
//! and predictions. Adds, per component (cue, source, content), exact and overlap P/R/F1 with
//! one-to-one greedy matching; attribution-level "all spans" P/R/F1; diagnostics on the pairs of
//! a cue-overlap matching (source accuracy, mean content token F1); and Citron's document-level
//! content token P/R/F1. Invariants: a missing source matches only a missing source in "all";
//! with `--direct` only attributions whose content starts with a quotation mark are kept, on both
//! sides.

use super::common::{
    char_at, greedy, is_space, list, prefix, ratio, round3, round4, slice, text_chars, DocSet, Prf,
};
use super::ie_span::{inter_len, to_span, tok_f1, Span};
use super::Options;
use serde::Serialize;
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, Serialize)]
pub struct ExactOverlap {
    pub exact: Prf,
    pub overlap: Prf,
}

#[derive(Debug, Clone, Serialize)]
pub struct Linked {
    pub cue_pairs: u64,
    pub pairs_with_gold_source: u64,
    pub src_acc: f64,
    pub src_exact: f64,
    pub pairs_with_gold_content: u64,
    #[serde(rename = "cnt_tokF1")]
    pub cnt_tok_f1: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClaimScores {
    pub docs: u64,
    pub missing_pred_docs: u64,
    pub gold_attributions: u64,
    pub pred_attributions: u64,
    pub cue: ExactOverlap,
    pub source: ExactOverlap,
    pub content: ExactOverlap,
    pub all: ExactOverlap,
    pub linked: Linked,
    pub content_tok: Prf,
    /// `"trimmed"` or `"raw"`.
    pub exact_mode: String,
    /// `"all"` or `"direct"`.
    pub subset: String,
}

/// One attribution; components indexed cue, source, content.
struct Attr {
    comps: [Option<Span>; 3],
}

const CUE: usize = 0;
const SOURCE: usize = 1;
const CONTENT: usize = 2;
const COMP_NAMES: [&str; 3] = ["cue", "source", "content"];

/// `is_quoted`: the content starts with a quotation mark after leading whitespace.
fn is_quoted(text: &[char], span: Option<&Span>) -> bool {
    let Some(span) = span else { return false };
    let mut s = span.start;
    while s < span.end && char_at(text, s).is_some_and(is_space) {
        s += 1;
    }
    s < span.end
        && char_at(text, s)
            .is_some_and(|c| matches!(c, '"' | '\u{201c}' | '\u{2018}' | '\'' | '\u{ab}'))
}

fn attr_list(doc: &Value, text: &[char], direct_only: bool) -> Vec<Attr> {
    list(doc, "attributions")
        .iter()
        .map(|a| Attr {
            comps: COMP_NAMES.map(|c| to_span(a.get(c))),
        })
        .filter(|x| !direct_only || is_quoted(text, x.comps[CONTENT].as_ref()))
        .collect()
}

/// `span_match_counts`: (exact tp, overlap tp), both one-to-one.
fn span_match_counts(text: &[char], gs: &[&Span], ps: &[&Span], raw: bool) -> (u64, u64) {
    let gk: Vec<_> = gs.iter().map(|g| g.key(text, raw)).collect();
    let pk: Vec<_> = ps.iter().map(|p| p.key(text, raw)).collect();
    let exact = greedy(gs.len(), ps.len(), |i, j| (gk[i] == pk[j]).then_some(1)).len();
    let ovl = greedy(gs.len(), ps.len(), |i, j| {
        let o = gs[i].overlap(ps[j]);
        (o > 0).then_some((gk[i] == pk[j], o))
    })
    .len();
    (exact as u64, ovl as u64)
}

#[derive(Default)]
struct Counts {
    gold_attr: u64,
    pred_attr: u64,
    comp_gold: [u64; 3],
    comp_pred: [u64; 3],
    comp_ex: [u64; 3],
    comp_ov: [u64; 3],
    all_ex: u64,
    all_ov: u64,
    pairs: u64,
    pair_gsrc: u64,
    pair_src_ov: u64,
    pair_src_ex: u64,
    tok_gold: u64,
    tok_pred: u64,
    tok_tp: u64,
}

pub fn score(gold: &DocSet, pred: &DocSet, opts: &Options) -> (ClaimScores, Vec<Value>) {
    let raw = opts.raw_exact;
    let mut c = Counts::default();
    let mut tok_scores: Vec<f64> = Vec::new();
    let mut errors = Vec::new();
    let mut missing = 0u64;
    let empty = json!({});
    for key in &gold.order {
        let g = gold.get(key).expect("ordered key");
        let text = text_chars(g);
        let p = pred.get(key).unwrap_or_else(|| {
            missing += 1;
            &empty
        });
        let (ga, pa) = (
            attr_list(g, &text, opts.direct),
            attr_list(p, &text, opts.direct),
        );
        c.gold_attr += ga.len() as u64;
        c.pred_attr += pa.len() as u64;
        for comp in 0..3 {
            let gs: Vec<&Span> = ga.iter().filter_map(|a| a.comps[comp].as_ref()).collect();
            let ps: Vec<&Span> = pa.iter().filter_map(|a| a.comps[comp].as_ref()).collect();
            let (ex, ov) = span_match_counts(&text, &gs, &ps, raw);
            c.comp_gold[comp] += gs.len() as u64;
            c.comp_pred[comp] += ps.len() as u64;
            c.comp_ex[comp] += ex;
            c.comp_ov[comp] += ov;
        }

        let keys = |l: &[Attr]| -> Vec<[Option<(i64, i64)>; 3]> {
            l.iter()
                .map(|a| [0, 1, 2].map(|k| a.comps[k].as_ref().map(|s| s.key(&text, raw))))
                .collect()
        };
        let (gk, pk) = (keys(&ga), keys(&pa));
        let comp_ok =
            |k: usize, i: usize, j: usize, exact: bool| match (&ga[i].comps[k], &pa[j].comps[k]) {
                (Some(x), Some(y)) => {
                    if exact {
                        gk[i][k] == pk[j][k]
                    } else {
                        x.overlap(y) > 0
                    }
                }
                (x, y) => x.is_none() && y.is_none(),
            };
        // All three components must match; the key is the summed character overlap.
        let all_score = |i: usize, j: usize, exact: bool| -> Option<i64> {
            (0..3).all(|k| comp_ok(k, i, j, exact)).then(|| {
                (0..3)
                    .map(|k| match (&ga[i].comps[k], &pa[j].comps[k]) {
                        (Some(x), Some(y)) => x.overlap(y),
                        _ => 0,
                    })
                    .sum()
            })
        };
        c.all_ex += greedy(ga.len(), pa.len(), |i, j| all_score(i, j, true)).len() as u64;
        c.all_ov += greedy(ga.len(), pa.len(), |i, j| all_score(i, j, false)).len() as u64;

        // Diagnostics on the pairs of a cue-overlap matching: exact cue first, then the larger
        // content overlap, then the larger cue overlap.
        let pairs = greedy(ga.len(), pa.len(), |i, j| {
            let (gc, pc) = (ga[i].comps[CUE].as_ref()?, pa[j].comps[CUE].as_ref()?);
            let o = gc.overlap(pc);
            if o <= 0 {
                return None;
            }
            let co = match (&ga[i].comps[CONTENT], &pa[j].comps[CONTENT]) {
                (Some(x), Some(y)) => x.overlap(y),
                _ => 0,
            };
            Some((gk[i][CUE] == pk[j][CUE], co, o))
        });
        c.pairs += pairs.len() as u64;
        let mut doc_err = Vec::new();
        for &(i, j) in &pairs {
            if let Some(gsrc) = &ga[i].comps[SOURCE] {
                c.pair_gsrc += 1;
                if let Some(psrc) = &pa[j].comps[SOURCE] {
                    c.pair_src_ov += (gsrc.overlap(psrc) > 0) as u64;
                    c.pair_src_ex += (gk[i][SOURCE] == pk[j][SOURCE]) as u64;
                }
            }
            if let Some(gc) = &ga[i].comps[CONTENT] {
                let pc = pa[j].comps[CONTENT].as_ref();
                let f = pc.map_or(0.0, |pc| tok_f1(&gc.tokens(&text), &pc.tokens(&text)));
                tok_scores.push(f);
                if f < 0.5 && doc_err.len() < 5 {
                    let cue = ga[i].comps[CUE].as_ref().expect("paired on cue");
                    doc_err.push(json!({
                        "cue": slice(&text, cue.start, cue.end),
                        "gold_content": prefix(&slice(&text, gc.start, gc.end), 200),
                        "pred_content": pc.map(|pc| prefix(&slice(&text, pc.start, pc.end), 200)),
                        "tokF1": round3(f),
                    }));
                }
            }
        }
        // Citron-style token overlap over the whole document, independent of any matching.
        let union = |l: &[Attr]| {
            let mut t: Vec<i64> = l
                .iter()
                .filter_map(|a| a.comps[CONTENT].as_ref())
                .flat_map(|s| s.tokens(&text))
                .collect();
            t.sort_unstable();
            t.dedup();
            t
        };
        let (gt, pt) = (union(&ga), union(&pa));
        c.tok_gold += gt.len() as u64;
        c.tok_pred += pt.len() as u64;
        c.tok_tp += inter_len(&gt, &pt) as u64;

        if errors.len() < opts.errors {
            let mut mg = vec![false; ga.len()];
            let mut mp = vec![false; pa.len()];
            for &(i, j) in &pairs {
                mg[i] = true;
                mp[j] = true;
            }
            let show = |a: &Attr| {
                let s = |k: usize| {
                    a.comps[k]
                        .as_ref()
                        .map(|x| prefix(&slice(&text, x.start, x.end), 120))
                };
                json!({"source": s(SOURCE), "cue": s(CUE), "content": s(CONTENT)})
            };
            let missed: Vec<Value> = ga
                .iter()
                .zip(&mg)
                .filter(|(_, m)| !**m)
                .map(|(a, _)| show(a))
                .take(8)
                .collect();
            let spur: Vec<Value> = pa
                .iter()
                .zip(&mp)
                .filter(|(_, m)| !**m)
                .map(|(a, _)| show(a))
                .take(8)
                .collect();
            if !missed.is_empty() || !spur.is_empty() || !doc_err.is_empty() {
                errors.push(json!({"id": key, "missed": missed, "spurious": spur, "content_errors": doc_err}));
            }
        }
    }
    let eo = |ex: u64, ov: u64, n_pred: u64, n_gold: u64| ExactOverlap {
        exact: Prf::new(ex, n_pred, n_gold),
        overlap: Prf::new(ov, n_pred, n_gold),
    };
    let comp = |k: usize| eo(c.comp_ex[k], c.comp_ov[k], c.comp_pred[k], c.comp_gold[k]);
    let mean_tok = if tok_scores.is_empty() {
        0.0
    } else {
        round4(tok_scores.iter().sum::<f64>() / tok_scores.len() as f64)
    };
    let scores = ClaimScores {
        docs: gold.order.len() as u64,
        missing_pred_docs: missing,
        gold_attributions: c.gold_attr,
        pred_attributions: c.pred_attr,
        cue: comp(CUE),
        source: comp(SOURCE),
        content: comp(CONTENT),
        all: eo(c.all_ex, c.all_ov, c.pred_attr, c.gold_attr),
        linked: Linked {
            cue_pairs: c.pairs,
            pairs_with_gold_source: c.pair_gsrc,
            src_acc: ratio(c.pair_src_ov, c.pair_gsrc),
            src_exact: ratio(c.pair_src_ex, c.pair_gsrc),
            pairs_with_gold_content: tok_scores.len() as u64,
            cnt_tok_f1: mean_tok,
        },
        content_tok: Prf::new(c.tok_tp, c.tok_pred, c.tok_gold),
        exact_mode: if raw { "raw" } else { "trimmed" }.into(),
        subset: if opts.direct { "direct" } else { "all" }.into(),
    };
    (scores, errors)
}
