//! `run --shard i/n` + `dossier merge` on the real binary: four shards merged give byte-identical
//! tables to one run (more than one window of documents, rejects and duplicates included),
//! rerunning a shard changes nothing, and an incomplete set of parts is refused.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn dossier() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dossier"));
    c.env_remove("RUST_LOG");
    c
}

/// Our fixtures repeated with distinct ids (over 512 documents: several windows), a broken line,
/// a record without an id, a duplicate id, and the text fixtures beside the JSONL.
fn corpus(dir: &Path) -> PathBuf {
    let root = dir.join("input");
    std::fs::create_dir_all(&root).unwrap();
    let texts: Vec<String> = [
        "tests/fixtures/articles/opinion_cycling.txt",
        "tests/fixtures/articles/harbour_strike.md",
    ]
    .iter()
    .map(|p| std::fs::read_to_string(repo().join(p)).unwrap())
    .collect();
    let mut out = String::new();
    for i in 0..600 {
        // Names vary per copy, so the entity merge has corpus-level work to do.
        let text = texts[i % 2].replace("Marta", &format!("Marta{}", i % 7));
        out.push_str(
            &serde_json::json!({"id": format!("copy-{i:04}"), "text": text, "published": "2025-06-02"})
                .to_string(),
        );
        out.push('\n');
        if i == 300 {
            out.push_str("{\"id\": \"broken\"\n{\"text\": \"a record without an id\"}\n");
            out.push_str(&serde_json::json!({"id": "copy-0007", "text": "duplicate"}).to_string());
            out.push('\n');
        }
    }
    std::fs::write(root.join("corpus.jsonl"), out).unwrap();
    for f in ["harbour_strike.md", "opinion_cycling.txt"] {
        std::fs::copy(repo().join("tests/fixtures/articles").join(f), root.join(f)).unwrap();
    }
    root
}

fn ok(c: &mut Command) {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{:?} failed: {}",
        c,
        String::from_utf8_lossy(&out.stderr)
    );
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn four_shards_merged_equal_one_run_and_rerunning_a_shard_changes_nothing() {
    let dir = temp_dir("shards");
    let input = corpus(&dir);
    let single = dir.join("single");
    let parts = dir.join("parts");
    let merged = dir.join("merged");
    ok(dossier()
        .args(["run", "-q", "--no-cache", "-j", "2", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(&single));
    for i in 0..4 {
        ok(dossier()
            .args([
                "run",
                "-q",
                "--no-cache",
                "-j",
                "1",
                "--shard",
                &format!("{i}/4"),
                "-i",
            ])
            .arg(&input)
            .arg("-o")
            .arg(&parts));
    }
    let part_bytes = |i: usize| -> Vec<Vec<u8>> {
        dossier::tables::TABLES
            .iter()
            .map(|t| read(&parts.join(t.name).join(format!("part-{i}.csv"))))
            .collect()
    };
    let before = part_bytes(2);
    ok(dossier()
        .args(["run", "-q", "--no-cache", "--shard", "2/4", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(&parts));
    assert_eq!(before, part_bytes(2), "rerunning shard 2 changed its parts");

    ok(dossier()
        .arg("merge")
        .arg("-i")
        .arg(&parts)
        .arg("-o")
        .arg(&merged));
    let mut docs_in_parts = 0;
    for i in 0..4 {
        let (_, rows) = read_csv(&parts.join("documents").join(format!("part-{i}.csv")));
        assert!(!rows.is_empty(), "shard {i} got no documents");
        docs_in_parts += rows.len();
    }
    for t in dossier::tables::TABLES {
        for ext in ["csv", "parquet"] {
            let name = format!("{}.{ext}", t.name);
            assert!(
                read(&single.join(&name)) == read(&merged.join(&name)),
                "{name}: the merge differs from the single run"
            );
        }
    }
    let (_, docs) = read_csv(&single.join("documents.csv"));
    assert_eq!(
        docs.len(),
        docs_in_parts,
        "each document is in exactly one shard"
    );
    assert!(docs.len() > 600, "more than one window of documents");
    let (_, rejects) = read_csv(&single.join("rejects.csv"));
    assert_eq!(rejects.len(), 3, "broken line, missing id, duplicate id");
    assert_eq!(
        read(&single.join("_manifest.json")),
        read(&merged.join("_manifest.json"))
    );

    // A missing shard: the merge refuses, and names it.
    std::fs::remove_file(parts.join("_manifest.part-3.json")).unwrap();
    let out = dossier()
        .arg("merge")
        .arg("-i")
        .arg(&parts)
        .arg("-o")
        .arg(dir.join("merged2"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing [3]"));
}

#[test]
fn a_bad_shard_argument_is_a_usage_error() {
    for bad in ["4/4", "1", "a/b", "0/0"] {
        let out = dossier()
            .args(["run", "-q", "--shard", bad, "-o"])
            .arg(temp_dir("shard-arg"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "--shard {bad}");
    }
}
