//! Golden tables: the sample article and our own fixtures, compared row by row.
//!
//! `make golden` (DOSSIER_UPDATE_GOLDEN=1) rewrites tests/golden/<case>/*.csv on purpose; review
//! the diff like code. A failure prints the first differing rows and the stage to look at.

mod common;
use common::*;
use std::path::PathBuf;

const CASES: &[(&str, &str)] = &[
    ("sample", "data/articles"),
    ("fixtures", "tests/fixtures/articles"),
];

fn stage_of(table: &str) -> &'static str {
    match table {
        "documents" => "core/src/ingest/",
        "sentences" => "core/src/sentences.rs",
        "mentions" | "entities" => "core/src/entities.rs (entities: src/merge.rs)",
        "relations" => "core/src/relations.rs",
        "events" => "core/src/events.rs",
        "claims" => "core/src/claims.rs",
        "dates" => "core/src/dates/",
        _ => "src/run.rs",
    }
}

#[test]
fn golden_tables_match() {
    let update = std::env::var_os("DOSSIER_UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for (case, input) in CASES {
        let out = temp_dir(&format!("golden-{case}"));
        // Relative inputs (cargo runs tests from the package root) keep input_path machine-independent.
        run_into(&[PathBuf::from(input)], &out, 2);
        let golden_dir = repo().join("tests/golden").join(case);
        for def in dossier::tables::TABLES {
            let name = format!("{}.csv", def.name);
            let got_path = out.join(&name);
            let want_path: PathBuf = golden_dir.join(&name);
            if update {
                std::fs::create_dir_all(&golden_dir).unwrap();
                std::fs::copy(&got_path, &want_path).unwrap();
                continue;
            }
            if !want_path.exists() {
                failures.push(format!("{case}/{name}: no golden file (run `make golden`)"));
                continue;
            }
            let (gh, got) = read_csv(&got_path);
            let (wh, want) = read_csv(&want_path);
            if gh != wh {
                failures.push(format!(
                    "{case}/{name}: header differs: {gh:?} vs golden {wh:?}"
                ));
                continue;
            }
            for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                if g != w {
                    let cols: Vec<String> = gh
                        .iter()
                        .filter(|c| g[*c] != w[*c])
                        .map(|c| format!("  {c}: got {:?}\n  {c}: want {:?}", g[c], w[c]))
                        .collect();
                    failures.push(format!(
                        "{case}/{name} row {}:\n{}\nhelp: look at {}",
                        i + 1,
                        cols.join("\n"),
                        stage_of(def.name)
                    ));
                    break;
                }
            }
            if got.len() != want.len() {
                failures.push(format!(
                    "{case}/{name}: {} rows, golden has {}\nhelp: look at {}",
                    got.len(),
                    want.len(),
                    stage_of(def.name)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "golden tables differ (run `make golden` if the change is intended):\n{}",
        failures.join("\n")
    );
}
