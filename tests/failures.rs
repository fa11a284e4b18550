//! Runs that go wrong, on the real binary: a panic in one document, an unwritable output folder,
//! a file-size limit (full disk), SIGKILL at several points of a rewrite — each must leave either
//! the complete old or the complete new tables, never a mix, and say what happened.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn dossier() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dossier"));
    c.env_remove("RUST_LOG");
    c
}

/// A corpus big enough that a run lasts a while: the fixtures repeated with distinct ids.
fn synthetic_corpus(dir: &Path, copies: usize) -> PathBuf {
    let texts: Vec<String> = [
        "tests/fixtures/articles/opinion_cycling.txt",
        "tests/fixtures/articles/harbour_strike.md",
    ]
    .iter()
    .map(|p| std::fs::read_to_string(repo().join(p)).unwrap())
    .collect();
    let mut out = String::new();
    for i in 0..copies {
        let text = &texts[i % texts.len()];
        out.push_str(&serde_json::json!({"id": format!("copy-{i:05}"), "text": text, "published": "2025-06-02"}).to_string());
        out.push('\n');
    }
    let path = dir.join("corpus.jsonl");
    std::fs::write(&path, out).unwrap();
    path
}

fn table_hashes(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v = Vec::new();
    for def in dossier::tables::TABLES {
        for ext in ["csv", "parquet"] {
            let name = format!("{}.{ext}", def.name);
            v.push((
                name.clone(),
                std::fs::read(out.join(&name)).unwrap_or_default(),
            ));
        }
    }
    v
}

#[test]
fn a_panicking_document_becomes_a_reject_and_the_rest_is_processed() {
    let out = temp_dir("panic-out");
    let st = dossier()
        .args([
            "run",
            "-q",
            "--no-cache",
            "--input",
            "tests/fixtures/articles",
            "--output",
        ])
        .arg(&out)
        .env("DOSSIER_FAULT_INJECT", "panic:wire-001")
        .status()
        .unwrap();
    assert!(st.success());
    let (_, rejects) = read_csv(&out.join("rejects.csv"));
    assert_eq!(rejects.len(), 1);
    assert_eq!(
        (
            rejects[0]["doc_id"].as_str(),
            rejects[0]["stage"].as_str(),
            rejects[0]["line"].as_str()
        ),
        ("wire-001", "panic", "1")
    );
    let (_, docs) = read_csv(&out.join("documents.csv"));
    assert_eq!(docs.len(), 3);
}

#[test]
fn an_unwritable_output_folder_fails_with_exit_1_and_a_clear_message() {
    let dir = temp_dir("unwritable");
    std::fs::write(dir.join("a-file"), "x").unwrap();
    let o = dossier()
        .args([
            "run",
            "-q",
            "--no-cache",
            "--input",
            "data/articles",
            "--output",
        ])
        .arg(dir.join("a-file/out"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("creating output folder"), "{err}");
}

#[test]
fn a_file_size_limit_stops_the_run_before_any_table_is_replaced() {
    let out = temp_dir("fsize-out");
    let input = temp_dir("fsize-in");
    let corpus = synthetic_corpus(&input, 300);
    assert!(dossier()
        .args([
            "run",
            "-q",
            "--no-cache",
            "--input",
            "data/articles",
            "--output"
        ])
        .arg(&out)
        .status()
        .unwrap()
        .success());
    let before = table_hashes(&out);
    // 200 KiB per file: the sentences table of 300 documents is larger.
    let o = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "ulimit -f 200; exec {} run -q --no-cache --input {} --output {}",
            env!("CARGO_BIN_EXE_dossier"),
            corpus.display(),
            out.display()
        ))
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .to_lowercase()
            .contains("file too large"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        before == table_hashes(&out),
        "tables changed after a failed run"
    );
}

#[test]
fn sigkill_during_a_rewrite_leaves_the_old_or_the_new_tables_never_a_mix() {
    let input = temp_dir("kill-in");
    let corpus = synthetic_corpus(&input, 1500);
    let old = temp_dir("kill-old");
    let new = temp_dir("kill-new");
    assert!(dossier()
        .args([
            "run",
            "-q",
            "--no-cache",
            "--input",
            "data/articles",
            "--output"
        ])
        .arg(&old)
        .status()
        .unwrap()
        .success());
    assert!(dossier()
        .args(["run", "-q", "--no-cache", "--input"])
        .arg(&corpus)
        .arg("--output")
        .arg(&new)
        .status()
        .unwrap()
        .success());
    let (old_t, new_t) = (table_hashes(&old), table_hashes(&new));
    let t0 = std::time::Instant::now();
    assert!(dossier()
        .args(["run", "-q", "--no-cache", "--input"])
        .arg(&corpus)
        .arg("--output")
        .arg(temp_dir("kill-timing"))
        .status()
        .unwrap()
        .success());
    let full = t0.elapsed();
    let mut outcomes = (0, 0);
    for step in 0..12 {
        let out = temp_dir(&format!("kill-{step}"));
        for (name, bytes) in &old_t {
            std::fs::write(out.join(name), bytes).unwrap();
        }
        let mut child = dossier()
            .args(["run", "-q", "--no-cache", "--input"])
            .arg(&corpus)
            .arg("--output")
            .arg(&out)
            .spawn()
            .unwrap();
        std::thread::sleep(full.mul_f64(step as f64 / 10.0));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        assert!(dossier()
            .args(["recover", "--output"])
            .arg(&out)
            .status()
            .unwrap()
            .success());
        let now = table_hashes(&out);
        if now == old_t {
            outcomes.0 += 1;
        } else if now == new_t {
            outcomes.1 += 1;
        } else {
            let mixed: Vec<&String> = now
                .iter()
                .zip(&new_t)
                .filter(|(a, b)| a != b)
                .map(|(a, _)| &a.0)
                .collect();
            panic!("kill at {step}/10 of a run left a mix; not new: {mixed:?}");
        }
    }
    assert!(
        outcomes.0 > 0 && outcomes.1 > 0,
        "kills should land both before and after the commit: {outcomes:?}"
    );
}

#[test]
fn spilling_to_disk_gives_the_same_tables_as_keeping_results_in_memory() {
    let input = temp_dir("spill-in");
    let corpus = synthetic_corpus(&input, 1200);
    let run = |name: &str, budget: Option<&str>| {
        let out = temp_dir(name);
        let mut c = dossier();
        c.args(["run", "-q", "--no-cache", "--input"])
            .arg(&corpus)
            .arg("--output")
            .arg(&out);
        if let Some(b) = budget {
            c.env("DOSSIER_SPILL_MEMORY_BYTES", b);
        }
        assert!(c.status().unwrap().success());
        table_hashes(&out)
    };
    let mem = run("spill-mem", None);
    assert!(
        mem == run("spill-disk", Some("0")),
        "disk spill changed the output"
    );
    // Two windows (~200 KB of text each) fit, the third overflows: the held ones move to disk.
    assert!(
        mem == run("spill-overflow", Some("450000")),
        "overflowing the memory budget changed the output"
    );
}
