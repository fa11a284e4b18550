//! Main-text extraction scoring, trafilatura's benchmark metric (`score_html.py`).
//!
//! Reads gold `{"id","with":[str],"without":[str],"author"?,"date"?}` and predictions
//! `{"id","text","author"?,"date"?}`. Adds micro TP/FP/FN/TN over segments with precision,
//! recall, accuracy and F1 (unrounded, as the script prints them), plus author and date accuracy
//! when any prediction carries the field. Invariants: a segment is found when its
//! whitespace-normalised form is a case-sensitive substring of the normalised predicted text; a
//! page with no string `text` (null or missing id) finds nothing: every `with` is FN, every
//! `without` TN. Ids are joined on their JSON value (`1` and `"1"` differ, as in the script).

use super::common::{list, prefix, ws_norm, DocSet};
use super::Options;
use serde::Serialize;
use serde_json::{json, Value};

#[derive(Debug, Clone, Serialize)]
pub struct AuthorScores {
    pub pages: u64,
    pub exact: f64,
    pub normalised: f64,
    pub annotated_none: u64,
    pub spurious: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct DateScores {
    pub pages: u64,
    pub accuracy: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct HtmlScores {
    pub pages: u64,
    pub no_output: u64,
    pub extra_pred_ids: u64,
    pub tp: u64,
    pub fp: u64,
    #[serde(rename = "fn")]
    pub fn_: u64,
    pub tn: u64,
    pub precision: f64,
    pub recall: f64,
    pub accuracy: f64,
    pub f1: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<AuthorScores>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<DateScores>,
}

/// The join key of score_html.py: the `"id"` value itself.
pub fn html_key(id: &Value) -> String {
    id.to_string()
}

fn div(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Python `str.casefold()` for the characters that matter in names: lowercase plus the full
/// case foldings that lowercase lacks (German sharp s, final sigma, long s, Latin ligatures,
/// Greek symbol variants).
pub fn casefold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ß' | 'ẞ' => out.push_str("ss"),
            'ς' => out.push('σ'),
            'ſ' => out.push('s'),
            'ϐ' => out.push('β'),
            'ϑ' => out.push('θ'),
            'ϕ' => out.push('φ'),
            'ϖ' => out.push('π'),
            'ϰ' => out.push('κ'),
            'ϱ' => out.push('ρ'),
            'ϵ' => out.push('ε'),
            '\u{345}' | '\u{1fbe}' => out.push('ι'),
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// `"; ".join(x)` for a list, the string itself otherwise (non-strings as Python `str`).
fn joined(v: &Value) -> String {
    match v {
        Value::Array(a) => a
            .iter()
            .map(super::common::py_str)
            .collect::<Vec<_>>()
            .join("; "),
        other => super::common::py_str(other),
    }
}

pub fn score(gold: &DocSet, pred: &DocSet, opts: &Options) -> (HtmlScores, Vec<Value>) {
    let (mut tp, mut fp, mut fn_, mut tn, mut no_output) = (0u64, 0u64, 0u64, 0u64, 0u64);
    let mut missed: Vec<(String, String)> = Vec::new();
    let mut leaked: Vec<(String, String)> = Vec::new();
    let seg = |w: &Value| w.as_str().unwrap_or_default().to_string();
    for gid in &gold.order {
        let g = gold.get(gid).expect("ordered key");
        let shown_id = g.get("id").map(super::common::py_str).unwrap_or_default();
        let with = list(g, "with");
        let without = list(g, "without");
        let text = pred
            .get(gid)
            .and_then(|p| p.get("text"))
            .and_then(Value::as_str);
        let Some(text) = text else {
            no_output += 1;
            fn_ += with.len() as u64;
            tn += without.len() as u64;
            missed.extend(with.iter().map(|w| (shown_id.clone(), seg(w))));
            continue;
        };
        let t = ws_norm(text);
        for w in with {
            if t.contains(&ws_norm(&seg(w))) {
                tp += 1;
            } else {
                fn_ += 1;
                missed.push((shown_id.clone(), seg(w)));
            }
        }
        for w in without {
            if t.contains(&ws_norm(&seg(w))) {
                fp += 1;
                leaked.push((shown_id.clone(), seg(w)));
            } else {
                tn += 1;
            }
        }
    }
    let extra = pred.order.iter().filter(|k| gold.get(k).is_none()).count() as u64;
    let tot = tp + fp + fn_ + tn;
    let preds: Vec<&Value> = pred.order.iter().filter_map(|k| pred.get(k)).collect();
    let author = preds.iter().any(|p| p.get("author").is_some()).then(|| {
        let (mut n, mut ex, mut nm, mut spur, mut n_none) = (0u64, 0u64, 0u64, 0u64, 0u64);
        for gid in &gold.order {
            let g = gold.get(gid).expect("ordered key");
            let Some(ga) = g.get("author") else { continue };
            let ga = if ga.is_null() {
                String::new()
            } else {
                joined(ga)
            };
            let pa = pred
                .get(gid)
                .and_then(|p| p.get("author"))
                .filter(|v| super::common::truthy(v));
            let pa = pa.map(joined).unwrap_or_default();
            if ga.is_empty() {
                n_none += 1;
                spur += !pa.trim_matches(super::common::is_space).is_empty() as u64;
                continue;
            }
            n += 1;
            ex += (pa == ga) as u64;
            nm += (casefold(&ws_norm(&pa)) == casefold(&ws_norm(&ga))) as u64;
        }
        AuthorScores {
            pages: n,
            exact: div(ex, n),
            normalised: div(nm, n),
            annotated_none: n_none,
            spurious: spur,
        }
    });
    let date = preds.iter().any(|p| p.get("date").is_some()).then(|| {
        let (mut n, mut ok) = (0u64, 0u64);
        for gid in &gold.order {
            let g = gold.get(gid).expect("ordered key");
            let Some(gd) = g.get("date").filter(|v| super::common::truthy(v)) else {
                continue;
            };
            n += 1;
            let pd = pred
                .get(gid)
                .and_then(|p| p.get("date"))
                .filter(|v| super::common::truthy(v));
            let pd = pd.map(super::common::py_str).unwrap_or_default();
            let pd = prefix(pd.trim_matches(super::common::is_space), 10);
            ok += (Some(pd.as_str()) == gd.as_str()) as u64;
        }
        DateScores {
            pages: n,
            accuracy: div(ok, n),
        }
    });
    let scores = HtmlScores {
        pages: gold.order.len() as u64,
        no_output,
        extra_pred_ids: extra,
        tp,
        fp,
        fn_,
        tn,
        precision: div(tp, tp + fp),
        recall: div(tp, tp + fn_),
        accuracy: div(tp + tn, tot),
        f1: div(2 * tp, 2 * tp + fp + fn_),
        author,
        date,
    };
    let mut errors = Vec::new();
    if opts.errors > 0 {
        for (label, lst) in [("missed", &missed), ("leaked", &leaked)] {
            let first: Vec<Value> = lst
                .iter()
                .take(opts.errors)
                .map(|(id, w)| json!({"id": id, "segment": prefix(w, 100)}))
                .collect();
            errors.push(json!({"kind": label, "count": lst.len(), "first": first}));
        }
    }
    (scores, errors)
}
