//! `cargo run --release -p dossier-core --example predict -- TASK GOLD.jsonl PRED.jsonl`:
//! runs the pipeline on every gold record and writes the predictions the reference scorers read.
use dossier_core::pipeline::Context;
use dossier_core::predict::{predict, Task};
use std::io::{BufRead, Write};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: predict TASK GOLD.jsonl PRED.jsonl");
        std::process::exit(2);
    }
    let task = Task::parse(&args[1]).expect("task: sbd|ner|timex|claims|events");
    let gold = std::io::BufReader::new(std::fs::File::open(&args[2]).expect("gold file"));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&args[3]).expect("pred file"));
    let ctx = Context::default();
    for line in gold.lines() {
        let line = line.expect("read");
        if line.trim().is_empty() {
            continue;
        }
        let rec: serde_json::Value = serde_json::from_str(&line).expect("gold JSON");
        if let Some(p) = predict(task, &rec, &ctx) {
            writeln!(out, "{p}").expect("write");
        }
    }
}
