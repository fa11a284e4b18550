//! Evaluation metrics: score pipeline output against annotated JSONL, without Python.
//!
//! Reads gold and prediction JSONL records (one document per line, joined on `"id"`; offsets are
//! code points into the gold `text`). Adds nothing to documents: it returns metrics.
//! One file per task family, each a faithful port of a reference scorer in `shared/eval`:
//!
//! | task     | file        | reference                      |
//! |----------|-------------|--------------------------------|
//! | `sbd`    | `sbd.rs`    | `score.py sbd`                 |
//! | `ner`    | `ner.rs`    | `score.py ner` (`--map gum`...) |
//! | `timex`  | `timex.rs`  | `score.py timex`               |
//! | `claims` | `claims.rs` | `score_ie.py claims`           |
//! | `events` | `events.rs` | `score_ie.py events`           |
//! | `html`   | `html.rs`   | `score_html.py`                |
//!
//! Invariants: the same matching algorithms, tie-breaking, normalisation and rounding as the
//! scripts, so every figure agrees to three decimals (checked by `tests/scorer_agreement.rs`);
//! [`summary`] has exactly the keys of the script's `--json` output; a gold document with no
//! prediction counts as an empty prediction; predicted documents absent from the gold are ignored
//! (html reports how many). Typed structs inside, JSON only at the edges ([`Metrics::to_json`]).

pub mod claims;
pub mod common;
pub mod events;
pub mod html;
pub mod ie_span;
pub mod ner;
pub mod sbd;
pub mod spans;
pub mod timex;

use common::{row_name, DocSet};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The scored tasks, named as on the scripts' command lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Sentence boundaries (`score.py sbd`).
    Sbd,
    /// Named entities (`score.py ner`).
    Ner,
    /// TIMEX3 expressions (`score.py timex`).
    Timex,
    /// Attributions: source, cue, content (`score_ie.py claims`).
    Claims,
    /// Event triggers, participants, times (`score_ie.py events`).
    Events,
    /// HTML main-text extraction (`score_html.py`).
    Html,
}

impl Task {
    pub const ALL: [Task; 6] = [
        Task::Sbd,
        Task::Ner,
        Task::Timex,
        Task::Claims,
        Task::Events,
        Task::Html,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Task::Sbd => "sbd",
            Task::Ner => "ner",
            Task::Timex => "timex",
            Task::Claims => "claims",
            Task::Events => "events",
            Task::Html => "html",
        }
    }
}

impl std::str::FromStr for Task {
    type Err = String;
    fn from_str(s: &str) -> Result<Task, String> {
        Task::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| {
                format!("unknown task {s:?} (expected sbd, ner, timex, claims, events or html)")
            })
    }
}

/// The scripts' options. `Default` = no flags.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--errors N`: list up to N erroneous documents per system (html: N segments per list).
    pub errors: usize,
    /// ner `--all-types`: keep every predicted type.
    pub all_types: bool,
    /// ner `--types T1,T2`: score only these types, gold and predictions alike.
    pub types: Vec<String>,
    /// ner `--map`: rename predicted types first; see [`Options::with_map`].
    pub type_map: BTreeMap<String, String>,
    /// claims/events `--raw-exact`: exact matches compare untrimmed hulls.
    pub raw_exact: bool,
    /// claims `--direct`: keep only attributions whose content starts with a quotation mark.
    pub direct: bool,
}

impl Options {
    /// `--map SPEC`: `"gum"` or `"GPE=LOC,NORP=MISC"`.
    pub fn with_map(mut self, spec: &str) -> Options {
        self.type_map = ner::parse_map(spec);
        self
    }

    /// `--types T1,T2` (empty pieces ignored, as in the script).
    pub fn with_types(mut self, list: &str) -> Options {
        self.types = list
            .split(',')
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        self
    }
}

/// One system's metrics, typed per task.
#[derive(Debug, Clone)]
pub enum Metrics {
    Sbd(sbd::SbdScores),
    Ner(ner::NerScores),
    Timex(timex::TimexScores),
    Claims(claims::ClaimScores),
    Events(events::EventScores),
    Html(html::HtmlScores),
}

impl Metrics {
    /// The script's per-system JSON object (`summary["systems"][name]`; for html the whole output).
    pub fn to_json(&self) -> Value {
        let v = match self {
            Metrics::Sbd(m) => serde_json::to_value(m),
            Metrics::Ner(m) => serde_json::to_value(m),
            Metrics::Timex(m) => serde_json::to_value(m),
            Metrics::Claims(m) => serde_json::to_value(m),
            Metrics::Events(m) => serde_json::to_value(m),
            Metrics::Html(m) => serde_json::to_value(m),
        };
        v.expect("metrics serialise")
    }
}

/// One prediction file scored: its row name, metrics and error listing.
#[derive(Debug, Clone)]
pub struct SystemScore {
    pub name: String,
    pub metrics: Metrics,
    /// Erroneous documents (at most `Options::errors`), in the script's JSON shape.
    pub errors: Vec<Value>,
}

/// Score one system's predictions; typed result plus error listing.
pub fn score_system(
    task: Task,
    name: &str,
    gold: &[Value],
    pred: &[Value],
    opts: &Options,
) -> SystemScore {
    let (g, p) = if task == Task::Html {
        (
            DocSet::new(gold, html::html_key),
            DocSet::new(pred, html::html_key),
        )
    } else {
        (DocSet::by_str_id(gold), DocSet::by_str_id(pred))
    };
    let (metrics, errors) = match task {
        Task::Sbd => {
            let (m, e) = sbd::score(&g, &p, opts);
            (Metrics::Sbd(m), e)
        }
        Task::Ner => {
            let (m, e) = ner::score(&g, &p, opts);
            (Metrics::Ner(m), e)
        }
        Task::Timex => {
            let (m, e) = timex::score(&g, &p, opts);
            (Metrics::Timex(m), e)
        }
        Task::Claims => {
            let (m, e) = claims::score(&g, &p, opts);
            (Metrics::Claims(m), e)
        }
        Task::Events => {
            let (m, e) = events::score(&g, &p, opts);
            (Metrics::Events(m), e)
        }
        Task::Html => {
            let (m, e) = html::score(&g, &p, opts);
            (Metrics::Html(m), e)
        }
    };
    SystemScore {
        name: name.to_string(),
        metrics,
        errors,
    }
}

/// Score one system and return the script's per-system JSON object (for html, the whole
/// `--json` output). Wrap several with [`summary`] for the full `--json` document.
pub fn score(task: Task, gold: &[Value], pred: &[Value], opts: &Options) -> Value {
    score_system(task, "", gold, pred, opts).metrics.to_json()
}

/// The script's `--json` document: `{"task","gold","systems":{name: metrics},"errors"?}`;
/// for html (one prediction file) the metrics object itself.
pub fn summary(task: Task, gold_path: &str, systems: &[SystemScore]) -> Value {
    if task == Task::Html {
        return systems
            .first()
            .map(|s| s.metrics.to_json())
            .unwrap_or_else(|| json!({}));
    }
    let mut out = json!({
        "task": task.name(),
        "gold": gold_path.rsplit('/').next().unwrap_or(gold_path),
        "systems": systems.iter().map(|s| (s.name.clone(), s.metrics.to_json())).collect::<serde_json::Map<_, _>>(),
    });
    let errs: serde_json::Map<String, Value> = systems
        .iter()
        .filter(|s| !s.errors.is_empty())
        .map(|s| (s.name.clone(), json!(s.errors)))
        .collect();
    if !errs.is_empty() {
        out["errors"] = Value::Object(errs);
    }
    out
}

/// Read a JSONL file: one JSON value per non-blank line; errors name the file and line.
pub fn read_jsonl(path: impl AsRef<std::path::Path>) -> Result<Vec<Value>, String> {
    let path = path.as_ref();
    let data = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in data.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let v = serde_json::from_str(line)
            .map_err(|e| format!("{}:{}: bad JSON ({e})", path.display(), n + 1))?;
        out.push(v);
    }
    Ok(out)
}

/// Read the gold and each prediction file, score them and name each row after its file.
pub fn score_files(
    task: Task,
    gold_path: &str,
    pred_paths: &[String],
    opts: &Options,
) -> Result<Vec<SystemScore>, String> {
    let gold = read_jsonl(gold_path)?;
    pred_paths
        .iter()
        .map(|p| {
            Ok(score_system(
                task,
                &row_name(p),
                &gold,
                &read_jsonl(p)?,
                opts,
            ))
        })
        .collect()
}

// ----------------------------------------------------------------- tables

enum Cell {
    S(String),
    I(u64),
    F(f64),
}

impl Cell {
    fn fmt(&self) -> String {
        match self {
            Cell::S(s) => s.clone(),
            Cell::I(i) => i.to_string(),
            Cell::F(f) => format!("{f:.3}"),
        }
    }
}

fn s(x: &str) -> Cell {
    Cell::S(x.to_string())
}

/// `print_table`: first column left-aligned, the others right-aligned, floats with 3 decimals.
fn table(out: &mut String, headers: &[&str], rows: &[Vec<Cell>]) {
    let widths: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            rows.iter()
                .map(|r| r[i].fmt().chars().count())
                .fold(h.chars().count(), usize::max)
        })
        .collect();
    let line = |cells: Vec<String>| -> String {
        cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, &w))| {
                if i == 0 {
                    format!("{c:<w$}")
                } else {
                    format!("{c:>w$}")
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    let _ = writeln!(
        out,
        "{}",
        line(headers.iter().map(|h| h.to_string()).collect())
    );
    let _ = writeln!(
        out,
        "{}",
        widths
            .iter()
            .map(|&w| "-".repeat(w))
            .collect::<Vec<_>>()
            .join("  ")
    );
    for r in rows {
        let _ = writeln!(out, "{}", line(r.iter().map(Cell::fmt).collect()));
    }
}

fn prf_row(label: &str, v: &common::Prf) -> Vec<Cell> {
    vec![
        s(label),
        Cell::F(v.p),
        Cell::F(v.r),
        Cell::F(v.f1),
        Cell::I(v.tp),
        Cell::I(v.n_pred),
        Cell::I(v.n_gold),
    ]
}

/// The human table the script prints (same columns; not necessarily byte-identical).
pub fn render_table(
    task: Task,
    gold_path: &str,
    systems: &[SystemScore],
    opts: &Options,
) -> String {
    let gold = gold_path.rsplit('/').next().unwrap_or(gold_path);
    let mut out = String::new();
    let mut rows = Vec::new();
    for sys in systems {
        let n = s(&sys.name);
        match &sys.metrics {
            Metrics::Sbd(m) => rows.push(vec![
                n,
                Cell::I(m.docs),
                Cell::F(m.list_acc),
                Cell::F(m.boundary.p),
                Cell::F(m.boundary.r),
                Cell::F(m.boundary.f1),
                Cell::I(m.boundary.n_gold),
                Cell::I(m.boundary.n_pred),
                Cell::I(m.missing_pred_docs),
                Cell::I(m.unaligned_pred_sents),
            ]),
            Metrics::Ner(m) => rows.push(vec![
                n,
                Cell::I(m.docs),
                Cell::F(m.strict.p),
                Cell::F(m.strict.r),
                Cell::F(m.strict.f1),
                Cell::F(m.span_only.f1),
                Cell::F(m.overlap_typed.f1),
                Cell::I(m.strict.n_gold),
                Cell::I(m.strict.n_pred),
                Cell::I(m.missing_pred_docs),
            ]),
            Metrics::Timex(m) => rows.push(vec![
                n,
                Cell::I(m.docs),
                Cell::F(m.strict_span.f1),
                Cell::F(m.relaxed_span.p),
                Cell::F(m.relaxed_span.r),
                Cell::F(m.relaxed_span.f1),
                Cell::F(m.type_acc),
                Cell::F(m.value_acc),
                Cell::F(m.value.f1),
                Cell::I(m.strict_span.n_gold),
                Cell::I(m.strict_span.n_pred),
                Cell::I(m.missing_pred_docs),
            ]),
            Metrics::Claims(m) => rows.push(vec![
                n,
                Cell::I(m.docs),
                Cell::F(m.cue.exact.f1),
                Cell::F(m.cue.overlap.f1),
                Cell::F(m.source.exact.f1),
                Cell::F(m.source.overlap.f1),
                Cell::F(m.content.exact.f1),
                Cell::F(m.content.overlap.f1),
                Cell::F(m.all.exact.f1),
                Cell::F(m.all.overlap.f1),
                Cell::F(m.linked.cnt_tok_f1),
                Cell::I(m.gold_attributions),
                Cell::I(m.pred_attributions),
                Cell::I(m.missing_pred_docs),
            ]),
            Metrics::Events(m) => rows.push(vec![
                n,
                Cell::I(m.docs),
                Cell::F(m.trigger.exact.f1),
                Cell::F(m.trigger.overlap.p),
                Cell::F(m.trigger.overlap.r),
                Cell::F(m.trigger.overlap.f1),
                Cell::F(m.trig_arg01.f1),
                Cell::F(m.actor.overlap.r),
                Cell::F(m.actor.head.r),
                Cell::F(m.target.overlap.r),
                Cell::F(m.target.head.r),
                Cell::F(m.time.exact_acc),
                Cell::F(m.time.partial_acc),
                Cell::I(m.trigger.exact.n_gold),
                Cell::I(m.trigger.exact.n_pred),
                Cell::I(m.missing_pred_docs),
            ]),
            Metrics::Html(m) => render_html(&mut out, m),
        }
    }
    let headers: &[&str] = match task {
        Task::Html => return out,
        Task::Sbd => &[
            "system",
            "docs",
            "list_acc",
            "bnd_P",
            "bnd_R",
            "bnd_F1",
            "gold_b",
            "pred_b",
            "no_pred",
            "unaligned",
        ],
        Task::Ner => &[
            "system",
            "docs",
            "P",
            "R",
            "F1",
            "span_F1",
            "overlap_F1",
            "gold",
            "pred",
            "no_pred",
        ],
        Task::Timex => &[
            "system",
            "docs",
            "strict_F1",
            "relax_P",
            "relax_R",
            "relax_F1",
            "type_acc",
            "val_acc",
            "val_F1",
            "gold",
            "pred",
            "no_pred",
        ],
        Task::Claims => &[
            "system",
            "docs",
            "cue_ex",
            "cue_ov",
            "src_ex",
            "src_ov",
            "cnt_ex",
            "cnt_ov",
            "all_ex",
            "all_ov",
            "cnt_tokF1",
            "gold",
            "pred",
            "no_pred",
        ],
        Task::Events => &[
            "system", "docs", "trig_ex", "trig_P", "trig_R", "trig_F1", "arg01_F1", "actor_ov",
            "actor_hd", "targ_ov", "targ_hd", "time_ex", "time_pt", "gold", "pred", "no_pred",
        ],
    };
    match task {
        Task::Claims | Task::Events => {
            let mode = if opts.raw_exact { "raw" } else { "trimmed" };
            let direct = if opts.direct && task == Task::Claims {
                "; direct quotes only"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "{}  gold={gold}  (exact = {mode} spans{direct})",
                task.name()
            );
        }
        _ => {
            let _ = writeln!(out, "{}  gold={gold}", task.name());
        }
    }
    table(&mut out, headers, &rows);
    match task {
        Task::Claims => out.push_str("(F1 columns; cnt_tokF1 = mean content token F1 over cue-matched pairs)\n"),
        Task::Events => out.push_str(
            "(trig_* on overlap; actor/target/time columns are accuracies on overlap-matched triggers)\n",
        ),
        _ => {}
    }
    for sys in systems {
        render_detail(&mut out, sys);
    }
    out
}

fn render_detail(out: &mut String, sys: &SystemScore) {
    let detail_headers = ["metric", "P", "R", "F1", "tp", "pred", "gold"];
    match &sys.metrics {
        Metrics::Ner(m) => {
            let kept = match &m.kept_types {
                Value::Array(a) => format!(
                    "{:?}",
                    a.iter().filter_map(Value::as_str).collect::<Vec<_>>()
                ),
                other => common::py_str(other),
            };
            let _ = writeln!(out, "\n{} per type (strict)  kept={kept}", sys.name);
            let rows: Vec<Vec<Cell>> = m
                .per_type
                .iter()
                .map(|(t, v)| {
                    vec![
                        s(t),
                        Cell::F(v.p),
                        Cell::F(v.r),
                        Cell::F(v.f1),
                        Cell::I(v.n_gold),
                        Cell::I(v.n_pred),
                    ]
                })
                .collect();
            if !rows.is_empty() {
                table(out, &["type", "P", "R", "F1", "gold", "pred"], &rows);
            }
            if !m.dropped_pred_types.is_empty() {
                let _ = writeln!(out, "dropped predicted types: {:?}", m.dropped_pred_types);
            }
        }
        Metrics::Claims(m) => {
            let _ = writeln!(out, "\n{}", sys.name);
            let mut rows = Vec::new();
            for (label, eo) in [
                ("cue", &m.cue),
                ("source", &m.source),
                ("content", &m.content),
                ("all", &m.all),
            ] {
                rows.push(prf_row(&format!("{label} exact"), &eo.exact));
                rows.push(prf_row(&format!("{label} overlap"), &eo.overlap));
            }
            rows.push(prf_row("content tokens", &m.content_tok));
            table(out, &detail_headers, &rows);
            let lk = &m.linked;
            let _ = writeln!(
                out,
                "linked (cue-overlap pairs={}): source acc ovl={:.3} exact={:.3} over {} pairs with gold source; \
                 content token F1={:.3} over {} pairs",
                lk.cue_pairs, lk.src_acc, lk.src_exact, lk.pairs_with_gold_source, lk.cnt_tok_f1, lk.pairs_with_gold_content
            );
        }
        Metrics::Events(m) => {
            let _ = writeln!(out, "\n{}", sys.name);
            let rows = vec![
                prf_row("trigger exact", &m.trigger.exact),
                prf_row("trigger overlap", &m.trigger.overlap),
                prf_row("trigger arg0/1 (ovl)", &m.trig_arg01),
                prf_row("actor ovl", &m.actor.overlap),
                prf_row("actor head", &m.actor.head),
                prf_row("target ovl", &m.target.overlap),
                prf_row("target head", &m.target.head),
            ];
            table(out, &detail_headers, &rows);
            let _ = writeln!(
                out,
                "end-to-end recall over all gold events with the role: actor ovl={:.3} head={:.3} ({}), \
                 target ovl={:.3} head={:.3} ({})",
                m.actor.recall_e2e_overlap,
                m.actor.recall_e2e_head,
                m.actor.gold_events_with_role,
                m.target.recall_e2e_overlap,
                m.target.recall_e2e_head,
                m.target.gold_events_with_role
            );
            let _ = writeln!(
                out,
                "time values on {} overlap-matched triggers ({} gold events have a time link):",
                m.matched_pairs, m.time_all_gold_events
            );
            let rows: Vec<Vec<Cell>> = [("time", &m.time), ("time_nondct", &m.time_nondct)]
                .into_iter()
                .map(|(tag, v)| {
                    vec![
                        s(tag),
                        Cell::I(v.gold),
                        Cell::I(v.pred),
                        Cell::F(v.exact_acc),
                        Cell::F(v.partial_acc),
                        Cell::F(v.exact_p),
                        Cell::F(v.partial_p),
                    ]
                })
                .collect();
            table(
                out,
                &[
                    "subset",
                    "gold",
                    "pred",
                    "exact_acc",
                    "partial_acc",
                    "exact_P",
                    "partial_P",
                ],
                &rows,
            );
        }
        _ => {}
    }
}

fn render_html(out: &mut String, m: &html::HtmlScores) {
    let _ = writeln!(
        out,
        "{} pages ({} without output, {} PRED ids not in gold); {} text and {} boilerplate segments",
        m.pages,
        m.no_output,
        m.extra_pred_ids,
        m.tp + m.fn_,
        m.fp + m.tn
    );
    let _ = writeln!(out, "TP {}  FP {}  FN {}  TN {}", m.tp, m.fp, m.fn_, m.tn);
    let _ = writeln!(
        out,
        "precision {:.3}  recall {:.3}  accuracy {:.3}  F-score {:.3}",
        m.precision, m.recall, m.accuracy, m.f1
    );
    if let Some(au) = &m.author {
        let _ = writeln!(
            out,
            "author: {} pages, exact {:.3}, normalised {:.3}; spurious author on {} of {} pages annotated with none",
            au.pages, au.exact, au.normalised, au.spurious, au.annotated_none
        );
    }
    if let Some(d) = &m.date {
        let _ = writeln!(out, "date: {} pages, accuracy {:.3}", d.pages, d.accuracy);
    }
}

/// The `--errors N` listing: per system, one JSON line per erroneous document (html: the first
/// N missed and N leaked segments).
pub fn render_errors(systems: &[SystemScore]) -> String {
    let mut out = String::new();
    for sys in systems.iter().filter(|s| !s.errors.is_empty()) {
        if let Metrics::Html(_) = sys.metrics {
            for e in &sys.errors {
                let label = if e["kind"] == "missed" {
                    "missed (FN)"
                } else {
                    "leaked (FP)"
                };
                let _ = writeln!(out, "-- {label}: {}", e["count"]);
                for x in e["first"].as_array().into_iter().flatten() {
                    let _ = writeln!(out, "   {}: {}", common::py_str(&x["id"]), x["segment"]);
                }
            }
            continue;
        }
        let _ = writeln!(out, "\n== errors: {}", sys.name);
        for e in &sys.errors {
            let _ = writeln!(out, "{e}");
        }
    }
    out
}
