//! `dossier eval` agrees with the reference scorers in ../shared/eval to three decimals, on every
//! dev file: the CLI writes its predictions (`--write-predictions`), the Python scorer scores them,
//! and both JSON summaries are compared key by key. Skips cleanly without ../shared or python3.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn shared_eval() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("../shared/eval");
    let python = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    (dir.join("score.py").exists() && python).then_some(dir)
}

fn compare(path: &str, a: &Value, b: &Value, diffs: &mut Vec<String>) -> usize {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut n = 0;
            for (k, v) in x {
                if let Some(w) = y.get(k) {
                    n += compare(&format!("{path}.{k}"), v, w, diffs);
                }
            }
            n
        }
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            if (x - y).abs() > 0.0005 {
                diffs.push(format!("{path}: dossier {x} vs reference {y}"));
            }
            1
        }
        _ => 0,
    }
}

#[test]
fn dossier_eval_agrees_with_the_reference_scorers() {
    let Some(dir) = shared_eval() else {
        eprintln!("skipped: ../shared/eval or python3 not available");
        return;
    };
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-tmp/eval-agreement");
    let _ = std::fs::remove_dir_all(&out);
    let cases = [
        ("sbd", "sbd_golden_rules.jsonl", "score.py", vec![]),
        ("sbd", "sbd_dev.jsonl", "score.py", vec![]),
        ("ner", "ner_dev.jsonl", "score.py", vec!["--map", "gum"]),
        ("timex", "timex_dev.jsonl", "score.py", vec![]),
        ("claims", "attribution_dev.jsonl", "score_ie.py", vec![]),
        ("events", "events_dev.jsonl", "score_ie.py", vec![]),
    ];
    let mut diffs = Vec::new();
    for (task, file, script, extra) in cases {
        let gold = dir.join(file);
        if !gold.exists() {
            continue;
        }
        let ours = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["eval", "--task", task, "--json", "--gold"])
            .arg(&gold)
            .arg("--write-predictions")
            .arg(&out)
            .output()
            .expect("run dossier eval");
        assert!(
            ours.status.success(),
            "dossier eval {task} failed: {}",
            String::from_utf8_lossy(&ours.stderr)
        );
        let ours: Value = serde_json::from_slice(&ours.stdout).expect("dossier eval --json output");
        let pred = out.join(format!("{}.{task}.jsonl", file.trim_end_matches(".jsonl")));
        let reference = Command::new("python3")
            .arg(dir.join(script))
            .arg(task)
            .arg(&gold)
            .arg(&pred)
            .arg("--json")
            .args(&extra)
            .output()
            .expect("run the reference scorer");
        assert!(
            reference.status.success(),
            "{script} failed: {}",
            String::from_utf8_lossy(&reference.stderr)
        );
        let reference: Value =
            serde_json::from_slice(&reference.stdout).expect("reference --json output");
        let name = pred.file_stem().unwrap().to_string_lossy().into_owned();
        let theirs = &reference["systems"][&name];
        assert!(theirs.is_object(), "reference output has no system {name}");
        let n = compare(
            &format!("{task}:{file}"),
            &ours["systems"]["dossier"],
            theirs,
            &mut diffs,
        );
        assert!(n >= 10, "{task}:{file}: only {n} figures compared");
    }
    assert!(
        diffs.is_empty(),
        "dossier eval disagrees with the reference scorers:\n{}",
        diffs.join("\n")
    );
}
