//! Throughput of `sentences::split` on the shared news corpus (no criterion: `harness = false`).
//!
//! Reads `../shared/bench/news.jsonl` (or `../../shared/...`, relative to the current dir), splits
//! every `text` 7 times and prints the median MB/s and sentences/s. Skips cleanly when absent.
//! Run: `cargo bench -p dossier-core --bench sentences`.

use std::hint::black_box;
use std::time::Instant;

mod common;

const RUNS: usize = 7;

fn main() {
    common::allocator_like_the_binary();
    let candidates = [
        "../shared/bench/news.jsonl",
        "../../shared/bench/news.jsonl",
    ];
    let Some(path) = candidates.iter().find(|p| std::path::Path::new(p).exists()) else {
        println!("sentences bench: skipped (no news.jsonl at {candidates:?})");
        return;
    };
    let raw = std::fs::read_to_string(path).expect("read bench corpus");
    let texts: Vec<String> = raw
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_owned))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut times = Vec::with_capacity(RUNS);
    let mut sentences = 0usize;
    for _ in 0..RUNS {
        let t0 = Instant::now();
        let mut n = 0usize;
        for t in &texts {
            n += black_box(dossier_core::sentences::split(black_box(t))).len();
        }
        times.push(t0.elapsed().as_secs_f64());
        sentences = n;
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let median = times[RUNS / 2];
    println!(
        "sentences::split: {} docs, {:.2} MB, {} sentences; median of {RUNS} runs {:.1} ms: {:.1} MB/s, {:.0} sentences/s",
        texts.len(),
        bytes as f64 / 1e6,
        sentences,
        median * 1e3,
        bytes as f64 / 1e6 / median,
        sentences as f64 / median
    );
}
