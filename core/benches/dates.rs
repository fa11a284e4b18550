//! Throughput of `dates::find_dates` on the shared news corpus (no criterion: `harness = false`).
//!
//! Reads `../shared/bench/news.jsonl` (or `../../shared/...`, relative to the current dir),
//! splits every `text` into sentences once (not timed), then times `find_dates` alone (dct
//! fixed at 2026-02-06) over the whole corpus for 7 runs and prints the median MB/s.
//! Skips cleanly when the corpus is absent. Run: `cargo bench -p dossier-core --bench dates`.

use dossier_core::dates::{find_dates, DateContext};
use dossier_core::document::{ParagraphKind, Sentence};
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
        println!("dates bench: skipped (no news.jsonl at {candidates:?})");
        return;
    };
    let raw = std::fs::read_to_string(path).expect("read bench corpus");
    let docs: Vec<(String, Vec<Sentence>)> = raw
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_owned))
        .map(|t| {
            let s = dossier_core::sentences::split(&t)
                .into_iter()
                .map(|span| Sentence {
                    span,
                    paragraph_id: 0,
                    kind: ParagraphKind::Body,
                })
                .collect();
            (t, s)
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.0.len()).sum();
    let ctx = DateContext {
        dct: chrono::NaiveDate::from_ymd_opt(2026, 2, 6),
        month_first: false,
    };
    let mut times = Vec::with_capacity(RUNS);
    let mut found = 0usize;
    for _ in 0..RUNS {
        let t0 = Instant::now();
        let mut n = 0usize;
        for (t, s) in &docs {
            n += black_box(find_dates(black_box(t), s, &ctx)).len();
        }
        times.push(t0.elapsed().as_secs_f64());
        found = n;
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let median = times[RUNS / 2];
    println!(
        "dates::find_dates: {} docs, {:.2} MB, {} expressions; median of {RUNS} runs {:.1} ms: {:.1} MB/s",
        docs.len(),
        bytes as f64 / 1e6,
        found,
        median * 1e3,
        bytes as f64 / 1e6 / median
    );
}
