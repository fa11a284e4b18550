//! `dossier eval`: run the pipeline on gold documents and score it (metrics in `dossier_core::eval`).
//!
//! Reads: gold JSONL (`id`, `text`, `dct`; the text is never cleaned). Adds: scores as a table or
//! JSON, optional prediction files (`--write-predictions`) for the reference scorers, and the
//! suite over every dev set (`make eval`) with floors (`make eval-check`, `eval/floors.tsv`).
//! What counts as a prediction per task is `dossier_core::predict`.

use anyhow::{bail, Context as _, Result};
use dossier_core::eval::{self as scoring, Options, SystemScore};
use dossier_core::pipeline::Context;
use dossier_core::predict::{self, Task as PredictTask};
use rayon::prelude::*;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct EvalArgs {
    pub task: String,
    pub gold: PathBuf,
    pub json: bool,
    pub errors: usize,
    pub write_predictions: Option<PathBuf>,
    pub ctx: Context,
}

fn options_for(task: scoring::Task, errors: usize) -> Options {
    let opts = Options {
        errors,
        ..Options::default()
    };
    // GUM-derived gold: GPE/FAC -> LOC, PRODUCT... -> MISC; NORP unscored (see the eval README).
    if task == scoring::Task::Ner {
        opts.with_map("gum")
    } else {
        opts
    }
}

/// Runs the pipeline over the gold records (in parallel, order kept) and scores the predictions.
pub fn evaluate(
    task_name: &str,
    gold_path: &Path,
    errors: usize,
    ctx: &Context,
    write_predictions: Option<&Path>,
) -> Result<(Vec<Value>, SystemScore)> {
    let task: scoring::Task = task_name.parse().map_err(anyhow::Error::msg)?;
    let gold = scoring::read_jsonl(gold_path).map_err(anyhow::Error::msg)?;
    let preds: Vec<Value> = if task == scoring::Task::Html {
        gold.par_iter().filter_map(predict::predict_html).collect()
    } else {
        let Some(ptask) = PredictTask::parse(task_name) else {
            bail!("unknown task {task_name}")
        };
        gold.par_iter()
            .filter_map(|rec| predict::predict(ptask, rec, ctx))
            .collect()
    };
    if let Some(dir) = write_predictions {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let stem = gold_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "gold".into());
        let path = dir.join(format!("{stem}.{task_name}.jsonl"));
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(&path).with_context(|| format!("writing {}", path.display()))?,
        );
        for p in &preds {
            writeln!(f, "{p}")?;
        }
    }
    let score = scoring::score_system(task, "dossier", &gold, &preds, &options_for(task, errors));
    Ok((gold, score))
}

pub fn run_eval(a: &EvalArgs) -> Result<()> {
    let (_, score) = evaluate(
        &a.task,
        &a.gold,
        a.errors,
        &a.ctx,
        a.write_predictions.as_deref(),
    )?;
    let task: scoring::Task = a.task.parse().map_err(anyhow::Error::msg)?;
    let gold = a.gold.to_string_lossy();
    let systems = [score];
    if a.json {
        eprint!(
            "{}",
            scoring::render_table(task, &gold, &systems, &options_for(task, a.errors))
        );
        println!(
            "{}",
            serde_json::to_string_pretty(&scoring::summary(task, &gold, &systems))?
        );
    } else {
        print!(
            "{}",
            scoring::render_table(task, &gold, &systems, &options_for(task, a.errors))
        );
        if a.errors > 0 {
            print!("{}", scoring::render_errors(&systems));
        }
    }
    Ok(())
}

/// The dev sets of `../shared/eval` and the headline metrics shown for each.
const SUITE: &[(&str, &str, &[&str])] = &[
    ("sbd", "sbd_golden_rules.jsonl", &["list_acc", "exact_docs"]),
    (
        "sbd",
        "sbd_dev.jsonl",
        &["boundary.f1", "boundary.p", "boundary.r"],
    ),
    (
        "ner",
        "ner_dev.jsonl",
        &[
            "strict.f1",
            "span_only.f1",
            "per_type.PERSON.f1",
            "per_type.ORG.f1",
            "per_type.LOC.f1",
            "per_type.MISC.f1",
            "per_type.EVENT.f1",
        ],
    ),
    (
        "timex",
        "timex_dev.jsonl",
        &["strict_span.f1", "relaxed_span.f1", "type_acc", "value.f1"],
    ),
    (
        "claims",
        "attribution_dev.jsonl",
        &[
            "cue.exact.f1",
            "source.exact.f1",
            "content.exact.f1",
            "all.overlap.f1",
            "content_tok.f1",
        ],
    ),
    (
        "events",
        "events_dev.jsonl",
        &[
            "trigger.overlap.p",
            "trigger.overlap.f1",
            "trig_arg01.r",
            "actor.head.f1",
            "target.head.f1",
            "time_nondct.exact_acc",
        ],
    ),
    (
        "html",
        "html_dev.jsonl",
        &["precision", "recall", "f1", "author.exact", "date.accuracy"],
    ),
];

fn lookup(v: &Value, path: &str) -> Option<f64> {
    path.split('.').try_fold(v, |v, k| v.get(k))?.as_f64()
}

/// Precision of each rule on the dev sets: the `confidence` of the rows it produces.
/// (table, rule, precision, predictions), from the claims (cue exact precision) and events
/// (trigger overlap precision) dev sets; written to `eval/rule_precision.tsv`.
pub fn rule_precision(dir: &Path, ctx: &Context) -> Result<Vec<(String, String, f64, usize)>> {
    let mut out = Vec::new();
    for (task, table, file, list_key, metric) in [
        (
            "claims",
            "claims",
            "attribution_dev.jsonl",
            "attributions",
            "cue.exact.p",
        ),
        (
            "events",
            "events",
            "events_dev.jsonl",
            "events",
            "trigger.overlap.p",
        ),
    ] {
        let path = dir.join(file);
        if !path.exists() {
            continue;
        }
        let gold = scoring::read_jsonl(&path).map_err(anyhow::Error::msg)?;
        let ptask = PredictTask::parse(task).expect("known task");
        let preds: Vec<Value> = gold
            .par_iter()
            .filter_map(|rec| predict::predict(ptask, rec, ctx))
            .collect();
        let mut rules: Vec<String> = preds
            .iter()
            .flat_map(|p| p[list_key].as_array().cloned().unwrap_or_default())
            .filter_map(|x| x["rule"].as_str().map(str::to_string))
            .collect();
        rules.sort();
        rules.dedup();
        for rule in rules {
            let only: Vec<Value> = preds
                .iter()
                .map(|p| {
                    let mut p = p.clone();
                    let kept: Vec<Value> = p[list_key]
                        .as_array()
                        .cloned()
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|x| x["rule"].as_str() == Some(&rule))
                        .collect();
                    p[list_key] = Value::Array(kept);
                    p
                })
                .collect();
            let n: usize = only
                .iter()
                .map(|p| p[list_key].as_array().map_or(0, Vec::len))
                .sum();
            let task_enum: scoring::Task = task.parse().map_err(anyhow::Error::msg)?;
            let m = scoring::score_system(task_enum, "rule", &gold, &only, &Options::default())
                .metrics
                .to_json();
            out.push((
                table.to_string(),
                rule,
                lookup(&m, metric).unwrap_or(0.0),
                n,
            ));
        }
    }
    Ok(out)
}

pub struct Floor {
    pub task: String,
    pub file: String,
    pub metric: String,
    pub minimum: f64,
}

pub fn read_floors(path: &Path) -> Result<Vec<Floor>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading floors {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line
            .split('\t')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        let [task, file, metric, min] = cols[..] else {
            bail!(
                "{}:{}: expected `task<TAB>file<TAB>metric<TAB>minimum`",
                path.display(),
                i + 1
            )
        };
        out.push(Floor {
            task: task.into(),
            file: file.into(),
            metric: metric.into(),
            minimum: min
                .parse()
                .with_context(|| format!("{}:{}: bad minimum", path.display(), i + 1))?,
        });
    }
    Ok(out)
}

/// `make eval` / `make eval-check`: every task on every dev set present; one table; floors.
/// Returns false when a floor is not met.
pub fn run_suite(dir: &Path, floors: Option<&Path>, json: bool, ctx: &Context) -> Result<bool> {
    if !dir.is_dir() {
        println!(
            "eval: {} not found; skipping (the dev sets live in ../shared/eval)",
            dir.display()
        );
        return Ok(true);
    }
    let floors = floors.map(read_floors).transpose()?.unwrap_or_default();
    let mut rows: Vec<(String, String, String, f64, Option<f64>)> = Vec::new();
    let mut all = serde_json::Map::new();
    for (task, file, metrics) in SUITE {
        let path = dir.join(file);
        if !path.exists() {
            println!("eval: {} absent; skipped", path.display());
            continue;
        }
        let started = std::time::Instant::now();
        let (gold, score) = evaluate(task, &path, 0, ctx, None)?;
        let m = score.metrics.to_json();
        let mut names: Vec<String> = metrics.iter().map(|s| s.to_string()).collect();
        for f in floors.iter().filter(|f| f.task == *task && f.file == *file) {
            if !names.contains(&f.metric) {
                names.push(f.metric.clone());
            }
        }
        for name in names {
            let value =
                lookup(&m, &name).with_context(|| format!("{task} {file}: no metric {name}"))?;
            let floor = floors
                .iter()
                .find(|f| f.task == *task && f.file == *file && f.metric == name)
                .map(|f| f.minimum);
            rows.push((task.to_string(), file.to_string(), name, value, floor));
        }
        // Sentence splitting per source (news-like written genres vs web genres).
        if *task == "sbd" && gold.iter().any(|g| g.get("source").is_some()) {
            let mut sources: Vec<String> = gold
                .iter()
                .filter_map(|g| g.get("source")?.as_str().map(str::to_string))
                .collect();
            sources.sort();
            sources.dedup();
            if sources.len() > 1 {
                let preds: Vec<Value> = gold
                    .par_iter()
                    .filter_map(|rec| predict::predict(PredictTask::Sbd, rec, ctx))
                    .collect();
                for src in sources {
                    let g: Vec<Value> = gold
                        .iter()
                        .filter(|x| x.get("source").and_then(Value::as_str) == Some(&src))
                        .cloned()
                        .collect();
                    let s = scoring::score_system(
                        scoring::Task::Sbd,
                        "dossier",
                        &g,
                        &preds,
                        &Options::default(),
                    );
                    let v = lookup(&s.metrics.to_json(), "boundary.f1").unwrap_or(0.0);
                    rows.push((
                        task.to_string(),
                        format!("{file} [{src}]"),
                        "boundary.f1".into(),
                        v,
                        None,
                    ));
                }
            }
        }
        // pySBD's published benchmark is the 48 rules marked `in_pysbd`.
        if gold.iter().any(|g| g.get("in_pysbd").is_some()) {
            let subset: Vec<Value> = gold
                .iter()
                .filter(|g| g.get("in_pysbd").and_then(Value::as_bool) == Some(true))
                .cloned()
                .collect();
            let preds: Vec<Value> = subset
                .par_iter()
                .filter_map(|rec| predict::predict(PredictTask::Sbd, rec, ctx))
                .collect();
            let s = scoring::score_system(
                scoring::Task::Sbd,
                "dossier",
                &subset,
                &preds,
                &Options::default(),
            );
            let v = lookup(&s.metrics.to_json(), "exact_docs").unwrap_or(0.0);
            let name = format!("{file} [in_pysbd]");
            let floor = floors
                .iter()
                .find(|f| f.task == *task && f.file == name && f.metric == "exact_docs")
                .map(|f| f.minimum);
            rows.push((task.to_string(), name, "exact_docs".into(), v, floor));
        }
        all.insert(format!("{task}:{file}"), m);
        tracing::info!(
            task,
            file,
            seconds = started.elapsed().as_secs_f64(),
            "evaluated"
        );
    }
    let mut ok = true;
    if json {
        println!("{}", serde_json::to_string_pretty(&Value::Object(all))?);
    } else {
        println!(
            "{:<7} {:<48} {:<22} {:>7} {:>7}",
            "task", "gold", "metric", "value", "floor"
        );
        println!("{}", "-".repeat(95));
    }
    for (task, file, metric, value, floor) in &rows {
        let status = match floor {
            Some(f) if value + 1e-9 < *f => {
                ok = false;
                "  BELOW FLOOR"
            }
            _ => "",
        };
        if !json {
            let floor_s = floor.map(|f| format!("{f:.3}")).unwrap_or_default();
            println!("{task:<7} {file:<48} {metric:<22} {value:>7.3} {floor_s:>7}{status}");
        } else if !status.is_empty() {
            eprintln!(
                "{task} {file} {metric} = {value:.3} is below its floor {:.3}",
                floor.unwrap_or_default()
            );
        }
    }
    for f in &floors {
        if !rows
            .iter()
            .any(|r| r.0 == f.task && r.1 == f.file && r.2 == f.metric)
            && dir.join(&f.file).exists()
        {
            eprintln!(
                "eval-check: floor {} {} {} was not measured",
                f.task, f.file, f.metric
            );
            ok = false;
        }
    }
    Ok(ok)
}
