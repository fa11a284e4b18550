//! Shared helpers: run the pipeline into a temp folder and read its CSV tables back.
#![allow(dead_code)]

use dossier::config::Config;
use dossier::run::{run, RunOptions, Summary};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty folder under target/ (kept for inspection after a failure).
pub fn temp_dir(name: &str) -> PathBuf {
    let d = repo()
        .join("target")
        .join("test-tmp")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub fn run_into(inputs: &[PathBuf], output: &Path, threads: usize) -> Summary {
    run(&RunOptions {
        inputs: inputs.to_vec(),
        output: output.to_path_buf(),
        threads,
        config: Config::default(),
        quiet: true,
        cache_dir: None,
        shard: None,
    })
    .expect("run succeeds")
}

pub type Row = HashMap<String, String>;

pub fn read_csv(path: &Path) -> (Vec<String>, Vec<Row>) {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| {
            headers
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect();
    (headers, rows)
}
