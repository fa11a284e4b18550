//! Profiling driver for entity recognition: reads the `text` of every line of a JSONL file
//! (first argument), splits sentences once, then runs `entities::find_entities` over all
//! documents N times (second argument, default 20), so that `perf record` sees mostly the stage.
//! Run: `cargo run --release -p dossier-core --example entities_loop -- news.jsonl 20`.

use dossier_core::{entities, pipeline, Document};
use std::hint::black_box;

#[path = "../benches/common/mod.rs"]
mod common;

fn main() {
    common::allocator_like_the_binary();
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: entities_loop FILE.jsonl [ROUNDS]");
        return;
    };
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let Ok(raw) = std::fs::read_to_string(&path) else {
        eprintln!("cannot read {path}");
        return;
    };
    let docs: Vec<Document> = raw
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .enumerate()
        .filter_map(|(i, v)| {
            v["text"]
                .as_str()
                .map(|t| Document::from_plain_text(&i.to_string(), t.to_owned()))
        })
        .collect();
    let sentences: Vec<_> = docs.iter().map(pipeline::split_sentences).collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    // Wall time per round, fastest round: on a shared machine the least disturbed one (the
    // thread's CPU time advances in scheduler ticks, too coarse for a 0.1 s round).
    let mut n = 0usize;
    let mut secs: Vec<f64> = (0..rounds.max(1))
        .map(|_| {
            let t0 = std::time::Instant::now();
            for (d, s) in docs.iter().zip(&sentences) {
                n += black_box(entities::find_entities(black_box(d), s)).0.len();
            }
            t0.elapsed().as_secs_f64()
        })
        .collect();
    secs.sort_by(f64::total_cmp);
    println!(
        "{n} mentions, {:.1} MB/s (fastest of {} rounds)",
        bytes as f64 / 1e6 / secs[0],
        secs.len()
    );
}
