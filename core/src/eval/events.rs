//! Event scoring, MEANTIME style (`score_ie.py events`).
//!
//! Reads gold `{"id","text","events":[{"start","end","fragments"?,"participants":[{"role",
//! "start","end"}],"time_links":[{"timex"}]}],"timexes":[{"id","value","function"}]}` and
//! predictions `{"id","events":[{"start","end","actor","target","time":{"value"}|str}]}`.
//! Adds trigger P/R/F1 (exact and overlap, one-to-one greedy), trigger recall on events with an
//! Arg0/Arg1, actor (Arg0) / target (Arg1) overlap and head scores on overlap-matched triggers,
//! and time-value accuracy on matched triggers with a time link (all links, and links to timexes
//! other than the creation time). Invariant: a predicted trigger is exact when its trimmed hull
//! equals the gold hull or one fragment of a discontinuous gold trigger.

use super::common::{
    get, greedy, list, py_str, ratio, slice, text_chars, truthy, ws_norm, DocSet, Prf,
};
use super::ie_span::{to_span, Span};
use super::Options;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, Serialize)]
pub struct TriggerScores {
    pub exact: Prf,
    pub overlap: Prf,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleScores {
    pub gold: u64,
    pub pred: u64,
    pub overlap: Prf,
    pub head: Prf,
    pub gold_events_with_role: u64,
    pub recall_e2e_overlap: f64,
    pub recall_e2e_head: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimeScores {
    pub gold: u64,
    pub pred: u64,
    pub exact_acc: f64,
    pub partial_acc: f64,
    pub exact_p: f64,
    pub partial_p: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventScores {
    pub docs: u64,
    pub missing_pred_docs: u64,
    pub trigger: TriggerScores,
    pub trig_arg01: Prf,
    pub matched_pairs: u64,
    pub actor: RoleScores,
    pub target: RoleScores,
    pub time_all_gold_events: u64,
    pub time: TimeScores,
    pub time_nondct: TimeScores,
    /// `"trimmed"` or `"raw"`.
    pub exact_mode: String,
}

struct GoldEvent {
    trig: Span,
    /// Arg0 spans, Arg1 spans.
    roles: [Vec<Span>; 2],
    /// Values of all linked timexes; of those other than the creation time.
    times: [Vec<String>; 2],
}

struct PredEvent {
    trig: Span,
    roles: [Option<Span>; 2],
    time: Option<String>,
}

const ROLE_NAMES: [&str; 2] = ["actor", "target"];

/// Join key of a JSON value as Python's dict would see it (missing and null are both `None`).
fn jkey(v: Option<&Value>) -> String {
    v.map_or_else(|| "null".into(), Value::to_string)
}

fn gold_events(doc: &Value) -> Vec<GoldEvent> {
    let tx: HashMap<String, &Value> = list(doc, "timexes")
        .iter()
        .map(|t| (jkey(t.get("id")), t))
        .collect();
    let mut out = Vec::new();
    for e in list(doc, "events") {
        let Some(trig) = to_span(Some(e)) else {
            continue;
        };
        let role = |r: &str| -> Vec<Span> {
            list(e, "participants")
                .iter()
                .filter(|x| x.get("role").and_then(Value::as_str) == Some(r))
                .filter_map(|x| to_span(Some(x)))
                .collect()
        };
        let (mut vals, mut nondct) = (Vec::new(), Vec::new());
        for tl in list(e, "time_links") {
            let Some(t) = tx.get(&jkey(tl.get("timex"))) else {
                continue;
            };
            let Some(v) = t.get("value").filter(|v| truthy(v)) else {
                continue;
            };
            vals.push(py_str(v));
            if t.get("function").and_then(Value::as_str) != Some("CREATION_TIME") {
                nondct.push(py_str(v));
            }
        }
        out.push(GoldEvent {
            trig,
            roles: [role("Arg0"), role("Arg1")],
            times: [vals, nondct],
        });
    }
    out
}

fn pred_events(doc: &Value) -> Vec<PredEvent> {
    let mut out = Vec::new();
    for e in list(doc, "events") {
        let Some(trig) = to_span(Some(e)) else {
            continue;
        };
        let mut t = e.get("time");
        if let Some(Value::Object(o)) = t {
            t = o.get("value");
        }
        let time = t.filter(|v| truthy(v)).map(py_str);
        out.push(PredEvent {
            trig,
            roles: [to_span(get(e, "actor")), to_span(get(e, "target"))],
            time,
        });
    }
    out
}

fn norm_val(v: &str) -> Vec<char> {
    ws_norm(v).to_uppercase().chars().collect()
}

/// `time_match`: (exact, partial) of a predicted value against the linked gold values; partial
/// also accepts a prefix ending at a component boundary (`2007-03` vs `2007-03-12`).
fn time_match(pv: &str, gvals: &[String]) -> (bool, bool) {
    let p = norm_val(pv);
    let (mut ex, mut part) = (false, false);
    for g in gvals {
        let g = norm_val(g);
        if p == g {
            ex = true;
            part = true;
        } else {
            let (a, b) = if p.len() < g.len() {
                (&p, &g)
            } else {
                (&g, &p)
            };
            if !a.is_empty() && b.starts_with(a) && matches!(b.get(a.len()), Some('-' | 'T')) {
                part = true;
            }
        }
    }
    (ex, part)
}

#[derive(Default)]
struct Counts {
    gold: u64,
    pred: u64,
    role_all: [u64; 2],
    time_all: u64,
    trig_ex: u64,
    trig_ov: u64,
    gold_arg01: u64,
    arg01_tp: u64,
    arg01_ignored: u64,
    role_gold: [u64; 2],
    role_pred: [u64; 2],
    role_ov: [u64; 2],
    role_head: [u64; 2],
    time_gold: [u64; 2],
    time_pred: [u64; 2],
    time_ex: [u64; 2],
    time_part: [u64; 2],
}

pub fn score(gold: &DocSet, pred: &DocSet, opts: &Options) -> (EventScores, Vec<Value>) {
    let raw = opts.raw_exact;
    let mut c = Counts::default();
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
        let (ge, pe) = (gold_events(g), pred_events(p));
        c.gold += ge.len() as u64;
        c.pred += pe.len() as u64;
        for r in 0..2 {
            c.role_all[r] += ge.iter().filter(|x| !x.roles[r].is_empty()).count() as u64;
        }
        c.time_all += ge.iter().filter(|x| !x.times[0].is_empty()).count() as u64;
        let gk: Vec<_> = ge.iter().map(|x| x.trig.key(&text, raw)).collect();
        let gfk: Vec<Vec<_>> = ge
            .iter()
            .map(|x| {
                if x.trig.frags.len() > 1 {
                    x.trig.frag_keys(&text, raw)
                } else {
                    Vec::new()
                }
            })
            .collect();
        let pk: Vec<_> = pe.iter().map(|x| x.trig.key(&text, raw)).collect();
        let is_exact = |i: usize, j: usize| gk[i] == pk[j] || gfk[i].contains(&pk[j]);
        c.trig_ex += greedy(ge.len(), pe.len(), |i, j| is_exact(i, j).then_some(1)).len() as u64;
        let pairs = greedy(ge.len(), pe.len(), |i, j| {
            let o = ge[i].trig.overlap(&pe[j].trig);
            (o > 0).then(|| (is_exact(i, j), o))
        });
        c.trig_ov += pairs.len() as u64;
        let has_arg: Vec<bool> = ge
            .iter()
            .map(|x| !x.roles[0].is_empty() || !x.roles[1].is_empty())
            .collect();
        c.gold_arg01 += has_arg.iter().filter(|&&h| h).count() as u64;
        c.arg01_tp += pairs.iter().filter(|&&(i, _)| has_arg[i]).count() as u64;
        c.arg01_ignored += pairs.iter().filter(|&&(i, _)| !has_arg[i]).count() as u64;
        let mut doc_err: Vec<Value> = Vec::new();
        let show = |s: &Span| slice(&text, s.start, s.end);
        for &(i, j) in &pairs {
            let (gx, px) = (&ge[i], &pe[j]);
            for (r, role_name) in ROLE_NAMES.into_iter().enumerate() {
                let gspans = &gx.roles[r];
                let pspan = px.roles[r].as_ref();
                c.role_gold[r] += !gspans.is_empty() as u64;
                c.role_pred[r] += pspan.is_some() as u64;
                let Some(pspan) = pspan.filter(|_| !gspans.is_empty()) else {
                    if !gspans.is_empty() && doc_err.len() < 8 {
                        doc_err.push(json!({"trigger": show(&gx.trig), "role": role_name,
                            "gold": gspans.iter().map(show).collect::<Vec<_>>(), "pred": null}));
                    }
                    continue;
                };
                let ov = gspans.iter().any(|s| s.overlap(pspan) > 0);
                let hd = gspans.iter().any(|s| {
                    let (a, b) = s.last_token(&text);
                    pspan.covers(a, b)
                });
                c.role_ov[r] += ov as u64;
                c.role_head[r] += hd as u64;
                if !ov && doc_err.len() < 8 {
                    doc_err.push(json!({"trigger": show(&gx.trig), "role": role_name,
                        "gold": gspans.iter().map(show).collect::<Vec<_>>(), "pred": show(pspan)}));
                }
            }
            for t in 0..2 {
                let vals = &gx.times[t];
                if vals.is_empty() {
                    continue;
                }
                c.time_gold[t] += 1;
                let Some(pv) = &px.time else { continue };
                c.time_pred[t] += 1;
                let (ex, part) = time_match(pv, vals);
                c.time_ex[t] += ex as u64;
                c.time_part[t] += part as u64;
            }
        }
        if errors.len() < opts.errors {
            let mut mg = vec![false; ge.len()];
            let mut mp = vec![false; pe.len()];
            for &(i, j) in &pairs {
                mg[i] = true;
                mp[j] = true;
            }
            let missed: Vec<String> = ge
                .iter()
                .zip(&mg)
                .filter(|(_, m)| !**m)
                .map(|(x, _)| show(&x.trig))
                .take(15)
                .collect();
            let spur: Vec<String> = pe
                .iter()
                .zip(&mp)
                .filter(|(_, m)| !**m)
                .map(|(x, _)| show(&x.trig))
                .take(15)
                .collect();
            if !missed.is_empty() || !spur.is_empty() || !doc_err.is_empty() {
                errors.push(json!({"id": key, "missed": missed, "spurious": spur, "participant_errors": doc_err}));
            }
        }
    }
    let role = |r: usize| RoleScores {
        gold: c.role_gold[r],
        pred: c.role_pred[r],
        overlap: Prf::new(c.role_ov[r], c.role_pred[r], c.role_gold[r]),
        head: Prf::new(c.role_head[r], c.role_pred[r], c.role_gold[r]),
        gold_events_with_role: c.role_all[r],
        recall_e2e_overlap: ratio(c.role_ov[r], c.role_all[r]),
        recall_e2e_head: ratio(c.role_head[r], c.role_all[r]),
    };
    let time = |t: usize| TimeScores {
        gold: c.time_gold[t],
        pred: c.time_pred[t],
        exact_acc: ratio(c.time_ex[t], c.time_gold[t]),
        partial_acc: ratio(c.time_part[t], c.time_gold[t]),
        exact_p: ratio(c.time_ex[t], c.time_pred[t]),
        partial_p: ratio(c.time_part[t], c.time_pred[t]),
    };
    let scores = EventScores {
        docs: gold.order.len() as u64,
        missing_pred_docs: missing,
        trigger: TriggerScores {
            exact: Prf::new(c.trig_ex, c.pred, c.gold),
            overlap: Prf::new(c.trig_ov, c.pred, c.gold),
        },
        trig_arg01: Prf::new(c.arg01_tp, c.pred - c.arg01_ignored, c.gold_arg01),
        matched_pairs: c.trig_ov,
        actor: role(0),
        target: role(1),
        time_all_gold_events: c.time_all,
        time: time(0),
        time_nondct: time(1),
        exact_mode: if raw { "raw" } else { "trimmed" }.into(),
    };
    (scores, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_partial_only_at_component_boundary() {
        assert_eq!(time_match("2007-03", &["2007-03-12".into()]), (false, true));
        assert_eq!(time_match("2007", &["2007-W11".into()]), (false, true));
        assert_eq!(time_match("200", &["2007".into()]), (false, false));
        assert_eq!(time_match(" 2007-03 ", &["2007-03".into()]), (true, true));
    }
}
