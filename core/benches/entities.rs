//! Throughput of `entities::find_entities` on the shared news corpus (alone, on sentences split
//! beforehand, and together with sentence splitting; no criterion: `harness = false`), and the
//! one-time lexicon load.
//!
//! Reads `../shared/bench/news.jsonl` (or `../../shared/...`, relative to the current dir), runs
//! every `text` 7 x 5 times per figure and prints the median MB/s and mentions/s, per CPU second of
//! the bench thread on Linux (else per wall-clock second). Skips cleanly when absent.
//! Run: `cargo bench -p dossier-core --bench entities`.

use dossier_core::{entities, pipeline, Document};
use std::hint::black_box;
use std::time::Instant;

mod common;

const RUNS: usize = 7;
/// Passes over the corpus per timed run: the thread's CPU time advances in scheduler ticks (4 ms),
/// so a run must be long for the tick not to matter (5 passes: about 0.5 s).
const PASSES: usize = 5;

fn main() {
    common::allocator_like_the_binary();
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
    let mb = bytes as f64 / 1e6;
    // Sentences are an input of entity recognition, split once so that the entity figure is the
    // stage's own throughput; the combined figure is kept for comparison with earlier runs.
    let sentences: Vec<_> = docs.iter().map(pipeline::split_sentences).collect();
    let mut mentions = 0usize;
    let entities_only = median_secs(|| {
        let mut n = 0usize;
        for (d, s) in docs.iter().zip(&sentences) {
            n += black_box(entities::find_entities(black_box(d), s)).0.len();
        }
        mentions = n;
    });
    let combined = median_secs(|| {
        for d in &docs {
            let s = pipeline::split_sentences(black_box(d));
            black_box(entities::find_entities(d, &s));
        }
    });
    println!(
        "entities: {} docs, {mb:.2} MB, {mentions} mentions; median of {RUNS} runs {:.1} ms: {:.1} MB/s, {:.0} mentions/s",
        docs.len(),
        entities_only * 1e3,
        mb / entities_only,
        mentions as f64 / entities_only
    );
    println!(
        "sentences + entities: median of {RUNS} runs {:.1} ms: {:.1} MB/s",
        combined * 1e3,
        mb / combined
    );
}

/// Median time of one call of `f` over `RUNS` runs of `PASSES` calls, in seconds: CPU time of
/// this thread where Linux reports it (the bench machine is shared, and wall time then counts
/// other processes' turns), else wall time.
fn median_secs(mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let (t0, c0) = (Instant::now(), thread_cpu_ns());
            for _ in 0..PASSES {
                f();
            }
            let secs = match (c0, thread_cpu_ns()) {
                (Some(a), Some(b)) => (b - a) as f64 / 1e9,
                _ => t0.elapsed().as_secs_f64(),
            };
            secs / PASSES as f64
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    times[RUNS / 2]
}

/// Nanoseconds this thread has run on a CPU (first field of `/proc/thread-self/schedstat`).
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}
