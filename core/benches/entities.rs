//! Throughput of sentence splitting + `entities::find_entities` on the shared news corpus
//! (no criterion: `harness = false`), and the one-time lexicon load.
//!
//! Reads `../shared/bench/news.jsonl` (or `../../shared/...`, relative to the current dir), runs
//! every `text` 7 times and prints the median MB/s and mentions/s. Skips cleanly when absent.
//! Run: `cargo bench -p dossier-core --bench entities`.

use dossier_core::{entities, pipeline, Document};
use std::hint::black_box;
use std::time::Instant;

const RUNS: usize = 7;

fn main() {
    let t0 = Instant::now();
    black_box(entities::lexicons());
    println!(
        "entities::lexicons: loaded in {:.1} ms",
        t0.elapsed().as_secs_f64() * 1e3
    );

    let candidates = [
        "../shared/bench/news.jsonl",
        "../../shared/bench/news.jsonl",
    ];
    let Some(path) = candidates.iter().find(|p| std::path::Path::new(p).exists()) else {
        println!("entities bench: skipped (no news.jsonl at {candidates:?})");
        return;
    };
    let raw = std::fs::read_to_string(path).expect("read bench corpus");
    let docs: Vec<Document> = raw
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .enumerate()
        .filter_map(|(i, v)| {
            v["text"]
                .as_str()
                .map(|t| Document::from_plain_text(&i.to_string(), t.to_owned()))
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut times = Vec::with_capacity(RUNS);
    let mut mentions = 0usize;
    for _ in 0..RUNS {
        let t0 = Instant::now();
        let mut n = 0usize;
        for d in &docs {
            let sentences = pipeline::split_sentences(black_box(d));
            n += black_box(entities::find_entities(d, &sentences)).0.len();
        }
        times.push(t0.elapsed().as_secs_f64());
        mentions = n;
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let median = times[RUNS / 2];
    println!(
        "sentences + entities: {} docs, {:.2} MB, {} mentions; median of {RUNS} runs {:.1} ms: {:.1} MB/s, {:.0} mentions/s",
        docs.len(),
        bytes as f64 / 1e6,
        mentions,
        median * 1e3,
        bytes as f64 / 1e6 / median,
        mentions as f64 / median
    );
}
