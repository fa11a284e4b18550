//! Score predictions against gold JSONL, like `shared/eval/score*.py`, for manual comparison.
//!
//! ```text
//! cargo run -p dossier-core --example score -- TASK GOLD PRED [PRED ...] [--json] [--errors N]
//!     [--map gum|A=B,...] [--all-types] [--types T1,T2] [--raw-exact] [--direct]
//! ```
//! TASK is sbd, ner, timex, claims, events or html. The table goes to stdout; with `--json` the
//! table goes to stderr and the script-compatible JSON summary to stdout (html: JSON only).

use dossier_core::eval::{render_errors, render_table, score_files, summary, Options, Task};
use std::process::ExitCode;

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    let mut opts = Options::default();
    let mut json = false;
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--json" => json = true,
            "--errors" => {
                opts.errors = value("--errors")?
                    .parse()
                    .map_err(|e| format!("--errors: {e}"))?
            }
            "--map" => opts = opts.with_map(&value("--map")?),
            "--types" => opts = opts.with_types(&value("--types")?),
            "--all-types" => opts.all_types = true,
            "--raw-exact" => opts.raw_exact = true,
            "--direct" => opts.direct = true,
            "-h" | "--help" => {
                println!("usage: score TASK GOLD PRED [PRED ...] [--json] [--errors N] [--map SPEC] [--all-types] [--types T1,T2] [--raw-exact] [--direct]");
                return Ok(());
            }
            _ if a.starts_with("--") => return Err(format!("unknown option {a}")),
            _ => positional.push(a),
        }
    }
    if positional.len() < 3 {
        return Err("usage: score TASK GOLD PRED [PRED ...] [options] (--help)".into());
    }
    let task: Task = positional[0].parse()?;
    let gold = &positional[1];
    let preds = &positional[2..];
    if task == Task::Html && preds.len() > 1 {
        return Err("html takes one PRED file".into());
    }
    let systems = score_files(task, gold, preds, &opts)?;
    let table = render_table(task, gold, &systems, &opts) + &render_errors(&systems);
    if json {
        // As the scripts: the table moves to stderr (score_html.py prints no table with --json,
        // only the error listing).
        if task == Task::Html {
            eprint!("{}", render_errors(&systems));
        } else {
            eprint!("{table}");
        }
        let s = serde_json::to_string_pretty(&summary(task, gold, &systems))
            .map_err(|e| e.to_string())?;
        println!("{s}");
    } else {
        print!("{table}");
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("score: {e}");
            ExitCode::from(2)
        }
    }
}
