//! Agreement of `dossier_core::eval` with the reference scorers in `shared/eval`.
//!
//! For each task and dev gold file, synthetic prediction files are derived deterministically from
//! the gold (perfect copy, dropped items, shifted spans, changed types/values, spurious items,
//! missing documents, ...) into a temp dir, scored by the Python script (`--json`) and by our
//! port, and every field of the JSON summaries is compared: integers exactly, floats to three
//! decimals (and exact equality is reported). Gold text is never written into the repository.
//! Skips (passing) when `shared/eval` or `python3` is absent.
//!
//! help: a mismatch names the task, flags, prediction file and JSON path; the port of that
//! metric lives in `core/src/eval/<task>.rs` (`common.rs` for matching and rounding).

use dossier_core::eval::{score_system, summary, Options, SystemScore, Task};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// `$DOSSIER_EVAL_DIR`, else `shared/eval` beside the workspace (core is one level down).
fn eval_dir() -> Option<PathBuf> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let env = std::env::var_os("DOSSIER_EVAL_DIR").map(PathBuf::from);
    env.into_iter()
        .chain([here.join("../../shared/eval"), here.join("../shared/eval")])
        .into_iter()
        .find(|p| p.join("score.py").is_file())
}

fn python_ok() -> bool {
    Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Tiny deterministic generator (LCG) so variants are reproducible without a crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }
}

fn read_lines(path: &Path, limit: usize) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(limit)
        .map(|l| serde_json::from_str(l).expect("gold JSON"))
        .collect()
}

fn write_jsonl(path: &Path, docs: &[Value]) {
    let body: String = docs.iter().map(|d| d.to_string() + "\n").collect();
    std::fs::write(path, body).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn chars(doc: &Value) -> Vec<char> {
    doc["text"].as_str().unwrap_or_default().chars().collect()
}

fn slice(text: &[char], s: i64, e: i64) -> String {
    let n = text.len() as i64;
    let (s, e) = (s.clamp(0, n) as usize, e.clamp(0, n) as usize);
    if s < e {
        text[s..e].iter().collect()
    } else {
        String::new()
    }
}

// ----------------------------------------------------------------- comparison

struct Tally {
    fields: usize,
    exact: usize,
    /// Floats equal to three decimals but not bit for bit (reported, not failed).
    near: Vec<String>,
    diffs: Vec<String>,
}

fn compare(path: &str, py: &Value, rs: &Value, t: &mut Tally) {
    match (py, rs) {
        (Value::Object(a), Value::Object(b)) => {
            for k in a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))) {
                match (a.get(k), b.get(k)) {
                    (Some(x), Some(y)) => compare(&format!("{path}.{k}"), x, y, t),
                    (x, y) => t
                        .diffs
                        .push(format!("{path}.{k}: python {x:?} vs rust {y:?}")),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                compare(&format!("{path}[{i}]"), x, y, t);
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            t.fields += 1;
            let int = |n: &serde_json::Number| n.is_i64() || n.is_u64();
            let (x, y) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            if int(a) != int(b) {
                t.diffs
                    .push(format!("{path}: python {a} vs rust {b} (integer vs float)"));
            } else if int(a) {
                if a == b {
                    t.exact += 1;
                } else {
                    t.diffs.push(format!("{path}: python {a} vs rust {b}"));
                }
            } else if x == y || (x - y).abs() <= 4.0 * f64::EPSILON * x.abs().max(1.0) {
                // serde_json's default float parser may land one ULP off Python's shortest repr.
                t.exact += 1;
            } else if format!("{x:.3}") != format!("{y:.3}") {
                t.diffs.push(format!("{path}: python {x} vs rust {y}"));
            } else {
                t.near.push(format!("{path}: python {x} vs rust {y}"));
            }
        }
        (a, b) => {
            t.fields += 1;
            if a == b {
                t.exact += 1;
            } else {
                t.diffs.push(format!("{path}: python {a} vs rust {b}"));
            }
        }
    }
}

/// Where the scripts live and where prediction files are written.
struct Ctx {
    dir: PathBuf,
    eval: PathBuf,
}

/// Score `preds` (name, docs) with the script and with the port; return the field tally.
fn agree(
    ctx: &Ctx,
    task: Task,
    gold_path: &Path,
    gold: &[Value],
    preds: &[(&str, Vec<Value>)],
    flags: &[&str],
    opts: &Options,
) -> Tally {
    let (dir, eval) = (&ctx.dir, &ctx.eval);
    let sub = dir.join(format!(
        "{}{}",
        task.name(),
        flags.join("").replace(['-', ',', '='], "_")
    ));
    std::fs::create_dir_all(&sub).unwrap();
    let mut paths = Vec::new();
    for (name, docs) in preds {
        let p = sub.join(format!("{name}.jsonl"));
        write_jsonl(&p, docs);
        paths.push(p);
    }
    let (script, task_arg) = match task {
        Task::Sbd | Task::Ner | Task::Timex => ("score.py", Some(task.name())),
        Task::Claims | Task::Events => ("score_ie.py", Some(task.name())),
        Task::Html => ("score_html.py", None),
    };
    // score_html.py takes one prediction file; the others take them all at once.
    let batches: Vec<Vec<&PathBuf>> = if task == Task::Html {
        paths.iter().map(|p| vec![p]).collect()
    } else {
        vec![paths.iter().collect()]
    };
    let mut tally = Tally {
        fields: 0,
        exact: 0,
        near: Vec::new(),
        diffs: Vec::new(),
    };
    for batch in batches {
        let mut cmd = Command::new("python3");
        cmd.arg(eval.join(script));
        cmd.args(task_arg);
        cmd.arg(gold_path).args(&batch).arg("--json").args(flags);
        let out = cmd.output().expect("run python3");
        assert!(
            out.status.success(),
            "{script} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let py: Value = serde_json::from_slice(&out.stdout).expect("script JSON");
        let systems: Vec<SystemScore> = batch
            .iter()
            .map(|p| {
                let name = p.file_stem().unwrap().to_str().unwrap();
                let docs = &preds.iter().find(|(n, _)| *n == name).unwrap().1;
                score_system(task, name, gold, docs, opts)
            })
            .collect();
        let rs = summary(task, gold_path.to_str().unwrap(), &systems);
        let label = format!(
            "{} {:?} {}",
            task.name(),
            flags,
            batch[0].file_stem().unwrap().to_string_lossy()
        );
        compare(&label, &py, &rs, &mut tally);
    }
    tally
}

// ----------------------------------------------------------------- sbd variants

fn sbd_preds(gold: &[Value]) -> Vec<(&'static str, Vec<Value>)> {
    let mut rng = Rng(7);
    let sents = |d: &Value| -> Vec<String> {
        d["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    let perfect = gold
        .iter()
        .map(|d| json!({"id": d["id"], "sentences": d["sentences"]}))
        .collect();
    // Merge every third boundary; split at the first ", " of every fourth sentence.
    let merged = gold
        .iter()
        .map(|d| {
            let mut out: Vec<String> = Vec::new();
            for (k, s) in sents(d).into_iter().enumerate() {
                match out.last_mut() {
                    Some(last) if k % 3 == 2 => {
                        last.push(' ');
                        last.push_str(&s);
                    }
                    _ => out.push(s),
                }
            }
            let out: Vec<String> = out
                .into_iter()
                .enumerate()
                .flat_map(|(k, s)| match s.split_once(", ") {
                    Some((a, b)) if k % 4 == 1 => vec![format!("{a},"), b.to_string()],
                    _ => vec![s],
                })
                .collect();
            json!({"id": d["id"], "sentences": out})
        })
        .collect();
    // Missing documents, collapsed whitespace, unalignable and empty sentences.
    let noisy = gold
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 5 != 3)
        .map(|(i, d)| {
            let mut s: Vec<String> = sents(d).iter().map(|x| x.replace('\n', " ")).collect();
            if i % 7 == 0 && !s.is_empty() {
                let k = rng.below(s.len() as u64) as usize;
                s[k] = "zzqx not in the text".into();
            }
            if i % 4 == 0 {
                s.insert(0, "  ".into());
            }
            json!({"id": d["id"], "sentences": s})
        })
        .collect();
    // Explicit spans, some widened over following whitespace, some shortened by one character.
    let spans = gold
        .iter()
        .map(|d| {
            let text = chars(d);
            let s = sents(d);
            let al = dossier_core::eval::common::align_in_order(&text, &s);
            let mut sp = Vec::new();
            for (k, x) in al.iter().enumerate() {
                let (a, b) = x.unwrap_or((0, 0));
                let b = match k % 5 {
                    1 => (b + 1).min(text.len() as i64),
                    3 if b - a > 2 => b - 1,
                    _ => b,
                };
                sp.push(json!([a, b]));
            }
            json!({"id": d["id"], "sentences": s, "spans": sp})
        })
        .collect();
    let empty = gold
        .iter()
        .step_by(2)
        .map(|d| json!({"id": d["id"], "sentences": []}))
        .collect();
    vec![
        ("perfect", perfect),
        ("merged", merged),
        ("noisy", noisy),
        ("spans", spans),
        ("empty", empty),
    ]
}

// ----------------------------------------------------------------- flat span variants (ner, timex)

/// Derive predictions from a list field of flat spans. `relabel` changes an item's type/value.
fn flat_preds(
    gold: &[Value],
    field: &str,
    relabel: &dyn Fn(&mut Value, &mut Rng),
    spurious_type: &str,
) -> Vec<(&'static str, Vec<Value>)> {
    let items = |d: &Value| d[field].as_array().cloned().unwrap_or_default();
    let doc = |d: &Value, it: Vec<Value>| json!({"id": d["id"], field: it});
    let mut rng = Rng(11);
    let perfect = gold.iter().map(|d| doc(d, items(d))).collect();
    let dropped = gold
        .iter()
        .map(|d| {
            doc(
                d,
                items(d)
                    .into_iter()
                    .enumerate()
                    .filter(|(k, _)| k % 3 != 2)
                    .map(|x| x.1)
                    .collect(),
            )
        })
        .collect();
    // Shift (exact match lost, overlap kept), widen, narrow, and relabel some items.
    let shifted = gold
        .iter()
        .map(|d| {
            let text = chars(d);
            let it = items(d)
                .into_iter()
                .enumerate()
                .map(|(k, mut x)| {
                    let (s, e) = (
                        x["start"].as_i64().unwrap_or(0),
                        x["end"].as_i64().unwrap_or(0),
                    );
                    let (s, e) = match k % 6 {
                        0 => (s + 1, e + 1),
                        1 => ((s - 2).max(0), e + 3),
                        2 if e - s > 2 => (s + 1, e),
                        4 => (e, e + 4),
                        _ => (s, e),
                    };
                    x["start"] = json!(s);
                    x["end"] = json!(e);
                    x["text"] = json!(slice(&text, s, e));
                    if k % 4 == 3 {
                        relabel(&mut x, &mut rng);
                    }
                    x
                })
                .collect();
            doc(d, it)
        })
        .collect();
    // Relabel most items and add spurious ones, including duplicates and nested spans.
    let relabelled = gold
        .iter()
        .map(|d| {
            let text = chars(d);
            let mut it: Vec<Value> = items(d)
                .into_iter()
                .map(|mut x| {
                    if rng.below(3) > 0 {
                        relabel(&mut x, &mut rng);
                    }
                    x
                })
                .collect();
            let n = text.len() as u64;
            for _ in 0..(n / 400).min(12) {
                let s = rng.below(n.saturating_sub(8)) as i64;
                let e = s + 1 + rng.below(7) as i64;
                it.push(json!({"start": s, "end": e, "text": slice(&text, s, e), "type": spurious_type, "value": "2000"}));
            }
            if let Some(first) = it.first().cloned() {
                it.push(first);
            }
            doc(d, it)
        })
        .collect();
    // Offsets removed (aligned by text) in every other document; every fourth document missing.
    let textonly = gold
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 4 != 1)
        .map(|(i, d)| {
            let it = items(d)
                .into_iter()
                .map(|mut x| {
                    if i % 2 == 0 {
                        let o = x.as_object_mut().unwrap();
                        o.remove("start");
                        o.insert("end".into(), Value::Null);
                    }
                    x
                })
                .collect();
            doc(d, it)
        })
        .collect();
    vec![
        ("perfect", perfect),
        ("dropped", dropped),
        ("shifted", shifted),
        ("relabelled", relabelled),
        ("textonly", textonly),
    ]
}

fn ner_relabel(x: &mut Value, rng: &mut Rng) {
    let t = x["type"].as_str().unwrap_or_default().to_string();
    let new = match (t.as_str(), rng.below(4)) {
        ("LOC", 0 | 1) => "GPE",
        ("LOC", 2) => "FAC",
        ("MISC", 0) => "WORK_OF_ART",
        ("MISC", 1) => "NORP",
        ("MISC", 2) => "LANGUAGE",
        ("ORG", 0) => "NORP",
        ("ORG", 1) => "PERSON",
        ("PERSON", 0) => "DATE",
        ("PERSON", 1) => "ORG",
        ("EVENT", _) => "PRODUCT",
        _ => return,
    };
    x["type"] = json!(new);
}

fn timex_relabel(x: &mut Value, rng: &mut Rng) {
    let v = x["value"].as_str().unwrap_or_default().to_string();
    match rng.below(6) {
        0 => x["value"] = json!(v.to_lowercase()),
        1 => x["value"] = json!(format!(" {v} ")),
        2 => x["value"] = json!(v.chars().take(7).collect::<String>()),
        3 => x["value"] = Value::Null,
        4 => x["type"] = json!(x["type"].as_str().unwrap_or_default().to_lowercase()),
        _ => x["type"] = json!("SET"),
    }
}

// ----------------------------------------------------------------- claims variants

fn claims_preds(gold: &[Value]) -> Vec<(&'static str, Vec<Value>)> {
    let attrs = |d: &Value| d["attributions"].as_array().cloned().unwrap_or_default();
    let doc = |d: &Value, a: Vec<Value>| json!({"id": d["id"], "attributions": a});
    let strip = |sp: &Value| -> Value {
        if sp.is_null() {
            return Value::Null;
        }
        json!({"start": sp["start"], "end": sp["end"]})
    };
    let mut rng = Rng(23);
    let perfect = gold.iter().map(|d| doc(d, attrs(d))).collect();
    // Hulls only (fragments lost), every third attribution dropped, some sources removed.
    let hulls =
        gold.iter()
            .map(|d| {
                let a = attrs(d)
                .into_iter()
                .enumerate()
                .filter(|(k, _)| k % 3 != 2)
                .map(|(k, a)| {
                    let src = if k % 4 == 1 { Value::Null } else { strip(&a["source"]) };
                    json!({"cue": strip(&a["cue"]), "source": src, "content": strip(&a["content"])})
                })
                .collect();
                doc(d, a)
            })
            .collect();
    // Spans moved by a character (inside or outside quotes/punctuation), list-form spans,
    // cues widened, contents cut in half, spurious attributions, missing documents.
    let shifted = gold
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 6 != 5)
        .map(|(_, d)| {
            let n = chars(d).len() as i64;
            let mv = |sp: &Value, ds: i64, de: i64| -> Value {
                match (sp["start"].as_i64(), sp["end"].as_i64()) {
                    (Some(s), Some(e)) => json!({"start": (s + ds).max(0), "end": (e + de).min(n)}),
                    _ => Value::Null,
                }
            };
            let mut a: Vec<Value> = attrs(d)
                .into_iter()
                .enumerate()
                .map(|(k, a)| match k % 5 {
                    0 => json!({"cue": mv(&a["cue"], 0, 1), "source": mv(&a["source"], 1, 0), "content": mv(&a["content"], -1, 1)}),
                    1 => json!({"cue": [a["cue"]["start"], a["cue"]["end"]], "source": a["source"], "content": mv(&a["content"], 1, -1)}),
                    2 => {
                        let c = &a["content"];
                        let half = match (c["start"].as_i64(), c["end"].as_i64()) {
                            (Some(s), Some(e)) => json!({"start": s, "end": s + (e - s) / 2}),
                            _ => Value::Null,
                        };
                        json!({"cue": a["cue"], "source": a["source"], "content": half})
                    }
                    3 => json!({"cue": mv(&a["cue"], -3, -3), "source": Value::Null, "content": a["content"]}),
                    _ => a,
                })
                .collect();
            for _ in 0..rng.below(4) {
                let s = rng.below((n - 40).max(1) as u64) as i64;
                a.push(json!({"cue": {"start": s, "end": s + 4}, "source": {"start": s + 5, "end": s + 9},
                              "content": {"start": s + 10, "end": s + 30}}));
            }
            doc(d, a)
        })
        .collect();
    // Cue-only predictions (source and content absent) and attributions with empty spans.
    let cues = gold
        .iter()
        .map(|d| {
            let a = attrs(d)
                .into_iter()
                .map(
                    |a| json!({"cue": a["cue"], "source": {"start": 5, "end": 5}, "content": null}),
                )
                .collect();
            doc(d, a)
        })
        .collect();
    vec![
        ("perfect", perfect),
        ("hulls", hulls),
        ("shifted", shifted),
        ("cues", cues),
    ]
}

// ----------------------------------------------------------------- events variants

fn events_preds(gold: &[Value]) -> Vec<(&'static str, Vec<Value>)> {
    let doc = |d: &Value, e: Vec<Value>| json!({"id": d["id"], "events": e});
    let span = |x: &Value| json!({"start": x["start"], "end": x["end"]});
    // Pred event from a gold event: first Arg0 as actor, first Arg1 as target, first linked value.
    let from_gold = |d: &Value, e: &Value, k: usize| -> Value {
        let part = |role: &str| {
            e["participants"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|p| p["role"] == role)
                .map(span)
                .unwrap_or(Value::Null)
        };
        let value = e["time_links"]
            .as_array()
            .into_iter()
            .flatten()
            .find_map(|tl| {
                d["timexes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|t| t["id"] == tl["timex"])
                    .map(|t| t["value"].clone())
            });
        let mut p = json!({"start": e["start"], "end": e["end"], "actor": part("Arg0"), "target": part("Arg1"),
                           "time": value.map(|v| json!({"value": v}))});
        if k.is_multiple_of(2) {
            if let Some(fr) = e.get("fragments") {
                p["fragments"] = fr.clone();
            }
        }
        p
    };
    let events = |d: &Value| d["events"].as_array().cloned().unwrap_or_default();
    let mut rng = Rng(31);
    let perfect = gold
        .iter()
        .map(|d| {
            doc(
                d,
                events(d)
                    .iter()
                    .enumerate()
                    .map(|(k, e)| from_gold(d, e, k))
                    .collect(),
            )
        })
        .collect();
    let varied = gold
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 7 != 6)
        .map(|(_, d)| {
            let text = chars(d);
            let n = text.len() as i64;
            let mut out: Vec<Value> = events(d)
                .iter()
                .enumerate()
                .filter(|(k, _)| k % 3 != 1)
                .map(|(k, e)| {
                    let mut p = from_gold(d, e, k + 1);
                    match k % 8 {
                        0 => {
                            // Shift the trigger; the actor keeps only its last character (head).
                            p["start"] = json!((p["start"].as_i64().unwrap_or(0) + 1).min(n));
                            p["end"] = json!((p["end"].as_i64().unwrap_or(0) + 1).min(n));
                            if let Some(end) = p["actor"]["end"].as_i64() {
                                p["actor"] = json!({"start": end - 1, "end": end});
                            }
                        }
                        2 => {
                            let (a, t) = (p["actor"].clone(), p["target"].clone());
                            p["actor"] = t;
                            p["target"] = a;
                        }
                        3 => {
                            // Truncated value (component prefix, or not) as a plain string.
                            if let Some(v) = p["time"]["value"].as_str() {
                                let cut = if rng.below(2) == 0 { 7 } else { 3 };
                                p["time"] = json!(v.chars().take(cut).collect::<String>());
                            }
                        }
                        4 => {
                            p["time"] = json!({"value": "2013-W11"});
                            p["actor"] = json!([0, 3]);
                        }
                        5 => p["time"] = json!({"value": ""}),
                        _ => {}
                    }
                    p
                })
                .collect();
            for _ in 0..rng.below(5) {
                let s = rng.below((n - 10).max(1) as u64) as i64;
                out.push(json!({"start": s, "end": s + 5, "actor": {"start": 0, "end": 4}, "target": null, "time": "2013"}));
            }
            doc(d, out)
        })
        .collect();
    let triggers = gold
        .iter()
        .map(|d| {
            doc(
                d,
                events(d)
                    .iter()
                    .map(|e| json!({"start": e["start"], "end": e["end"]}))
                    .collect(),
            )
        })
        .collect();
    vec![
        ("perfect", perfect),
        ("varied", varied),
        ("triggers", triggers),
    ]
}

// ----------------------------------------------------------------- html variants

fn html_preds(gold: &[Value]) -> Vec<(&'static str, Vec<Value>)> {
    let segs = |d: &Value, k: &str| -> Vec<String> {
        d[k].as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect()
    };
    let perfect = gold
        .iter()
        .map(|d| json!({"id": d["id"], "text": segs(d, "with").join("\n\n")}))
        .collect();
    // Boilerplate leaked on every other page, half the text missing on every third, null text,
    // missing pages, an extra id; authors and dates in several forms.
    let mixed = gold
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 9 != 4)
        .map(|(i, d)| {
            let mut parts: Vec<String> = segs(d, "with")
                .into_iter()
                .enumerate()
                .filter(|(k, _)| i % 3 != 0 || k % 2 == 0)
                .map(|x| x.1)
                .collect();
            if i % 2 == 1 {
                parts.extend(segs(d, "without"));
            }
            let text = if i % 11 == 5 {
                Value::Null
            } else {
                json!(parts.join("  \n "))
            };
            let author = d.get("author").cloned().unwrap_or(Value::Null);
            let author = match i % 5 {
                0 => author,
                1 => json!(author.as_str().unwrap_or_default().to_uppercase()),
                2 => json!([author.as_str().unwrap_or_default()]),
                3 => json!("Some Body"),
                _ => json!(""),
            };
            let date = match (d.get("date").and_then(Value::as_str), i % 4) {
                (Some(g), 0) => json!(format!("{g}T10:00:00")),
                (Some(g), 1) => json!(g),
                (_, 2) => Value::Null,
                _ => json!("2001-01-01"),
            };
            json!({"id": d["id"], "text": text, "author": author, "date": date})
        })
        .chain(std::iter::once(json!({"id": "not-in-gold", "text": "x"})))
        .collect();
    let tagsoup = gold
        .iter()
        .map(|d| {
            let all: String = d["html"]
                .as_str()
                .unwrap_or_default()
                .split(['<', '>'])
                .skip(2)
                .step_by(2)
                .collect::<Vec<_>>()
                .join(" ");
            json!({"id": d["id"], "text": all})
        })
        .collect();
    vec![("perfect", perfect), ("mixed", mixed), ("tagsoup", tagsoup)]
}

// ----------------------------------------------------------------- the test

#[test]
fn scorers_agree_with_reference_scripts() {
    let Some(eval) = eval_dir() else {
        eprintln!("skip: shared/eval not found next to the workspace");
        return;
    };
    if !python_ok() {
        eprintln!("skip: python3 not available");
        return;
    }
    let dir = std::env::temp_dir().join(format!("dossier-scorer-agreement-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ctx = Ctx {
        dir: dir.clone(),
        eval: eval.clone(),
    };
    let gum = Options::default().with_map("gum");
    let mut report = Vec::new();
    let mut failures = Vec::new();
    let mut check = |what: String, t: Tally| {
        report.push(format!(
            "{what}: {} fields, {} exactly equal, {} differ",
            t.fields,
            t.exact,
            t.diffs.len()
        ));
        report.extend(
            t.near
                .iter()
                .map(|n| format!("  equal to 3 decimals only: {n}")),
        );
        failures.extend(t.diffs.into_iter().take(20).map(|d| format!("{what}: {d}")));
    };

    for name in ["sbd_golden_rules.jsonl", "sbd_dev.jsonl"] {
        let path = eval.join(name);
        let gold = read_lines(&path, usize::MAX);
        let t = agree(
            &ctx,
            Task::Sbd,
            &path,
            &gold,
            &sbd_preds(&gold),
            &[],
            &Options::default(),
        );
        check(format!("sbd {name}"), t);
    }
    // Error listings are part of the JSON summary with --errors: compare them too, once per task.
    let errs = Options {
        errors: 5,
        ..Options::default()
    };
    let path = eval.join("sbd_dev.jsonl");
    let gold = read_lines(&path, usize::MAX);
    check(
        "sbd --errors 5".into(),
        agree(
            &ctx,
            Task::Sbd,
            &path,
            &gold,
            &sbd_preds(&gold),
            &["--errors", "5"],
            &errs,
        ),
    );

    let path = eval.join("ner_dev.jsonl");
    let gold = read_lines(&path, usize::MAX);
    let preds = flat_preds(&gold, "entities", &ner_relabel, "DATE");
    check(
        "ner --map gum".into(),
        agree(
            &ctx,
            Task::Ner,
            &path,
            &gold,
            &preds,
            &["--map", "gum"],
            &gum,
        ),
    );
    let opts = Options::default().with_map("gum").with_types("PERSON,LOC");
    let flags = ["--map", "gum", "--types", "PERSON,LOC"];
    check(
        "ner --types".into(),
        agree(&ctx, Task::Ner, &path, &gold, &preds, &flags, &opts),
    );
    let opts = Options {
        all_types: true,
        ..Options::default()
    };
    check(
        "ner --all-types".into(),
        agree(
            &ctx,
            Task::Ner,
            &path,
            &gold,
            &preds,
            &["--all-types"],
            &opts,
        ),
    );
    let opts = Options {
        errors: 5,
        ..gum.clone()
    };
    let flags = ["--map", "gum", "--errors", "5"];
    check(
        "ner --errors 5".into(),
        agree(&ctx, Task::Ner, &path, &gold, &preds, &flags, &opts),
    );

    let path = eval.join("timex_dev.jsonl");
    let gold = read_lines(&path, usize::MAX);
    let preds = flat_preds(&gold, "timexes", &timex_relabel, "DATE");
    check(
        "timex".into(),
        agree(
            &ctx,
            Task::Timex,
            &path,
            &gold,
            &preds,
            &[],
            &Options::default(),
        ),
    );
    check(
        "timex --errors 5".into(),
        agree(
            &ctx,
            Task::Timex,
            &path,
            &gold,
            &preds,
            &["--errors", "5"],
            &errs,
        ),
    );

    let path = eval.join("attribution_dev.jsonl");
    let gold = read_lines(&path, usize::MAX);
    let preds = claims_preds(&gold);
    check(
        "claims".into(),
        agree(
            &ctx,
            Task::Claims,
            &path,
            &gold,
            &preds,
            &[],
            &Options::default(),
        ),
    );
    let opts = Options {
        raw_exact: true,
        direct: true,
        ..Options::default()
    };
    let flags = ["--raw-exact", "--direct"];
    check(
        "claims --raw-exact --direct".into(),
        agree(&ctx, Task::Claims, &path, &gold, &preds, &flags, &opts),
    );
    check(
        "claims --errors 5".into(),
        agree(
            &ctx,
            Task::Claims,
            &path,
            &gold,
            &preds,
            &["--errors", "5"],
            &errs,
        ),
    );

    let path = eval.join("events_dev.jsonl");
    let gold = read_lines(&path, usize::MAX);
    let preds = events_preds(&gold);
    check(
        "events".into(),
        agree(
            &ctx,
            Task::Events,
            &path,
            &gold,
            &preds,
            &[],
            &Options::default(),
        ),
    );
    let opts = Options {
        raw_exact: true,
        ..Options::default()
    };
    check(
        "events --raw-exact".into(),
        agree(
            &ctx,
            Task::Events,
            &path,
            &gold,
            &preds,
            &["--raw-exact"],
            &opts,
        ),
    );
    check(
        "events --errors 5".into(),
        agree(
            &ctx,
            Task::Events,
            &path,
            &gold,
            &preds,
            &["--errors", "5"],
            &errs,
        ),
    );

    // html_dev.jsonl is 38 MB: score a subset, gold filtered to the same pages.
    let gold = read_lines(&eval.join("html_dev.jsonl"), 80);
    let path = dir.join("html_gold_subset.jsonl");
    write_jsonl(&path, &gold);
    let preds = html_preds(&gold);
    check(
        "html (80 pages)".into(),
        agree(
            &ctx,
            Task::Html,
            &path,
            &gold,
            &preds,
            &[],
            &Options::default(),
        ),
    );

    if std::env::var_os("DOSSIER_AGREEMENT_KEEP").is_some() {
        eprintln!("kept {}", dir.display());
    } else {
        let _ = std::fs::remove_dir_all(&dir);
    }
    for line in &report {
        eprintln!("{line}");
    }
    assert!(
        failures.is_empty(),
        "scorer disagreement:\n{}",
        failures.join("\n")
    );
}
