//! Writes TIMEX3 predictions for a gold JSONL so that `score.py timex` can score them.
//!
//! Usage: cargo run -p dossier-core --example timex_predict -- GOLD.jsonl PRED.jsonl
//! Gold lines are `{"id","dct","text","timexes":[...]}`; predictions are
//! `{"id","timexes":[{"start","end","text","type","value","mod"?}]}` with code-point offsets.
use dossier_core::dates::{find_dates, DateContext};
use dossier_core::document::{ParagraphKind, Sentence};
use serde_json::{json, Value};
use std::io::{BufRead, BufWriter, Write};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: timex_predict GOLD.jsonl PRED.jsonl");
        std::process::exit(2);
    }
    let input = std::fs::File::open(&args[1]).unwrap_or_else(|e| {
        eprintln!("{}: {e}", args[1]);
        std::process::exit(1)
    });
    let out = std::fs::File::create(&args[2]).unwrap_or_else(|e| {
        eprintln!("{}: {e}", args[2]);
        std::process::exit(1)
    });
    let mut out = BufWriter::new(out);
    for (n, line) in std::io::BufReader::new(input).lines().enumerate() {
        let line = line.expect("read");
        if line.trim().is_empty() {
            continue;
        }
        let rec: Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("{}:{}: bad JSON ({e})", args[1], n + 1);
                continue;
            }
        };
        let text = rec["text"].as_str().unwrap_or("");
        let dct = rec["dct"]
            .as_str()
            .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
        let sentences: Vec<Sentence> = dossier_core::sentences::split(text)
            .into_iter()
            .map(|span| Sentence {
                span,
                paragraph_id: 0,
                kind: ParagraphKind::Body,
            })
            .collect();
        let dates = find_dates(
            text,
            &sentences,
            &DateContext {
                dct,
                month_first: false,
            },
        );
        // Byte offset -> code-point offset.
        let mut cp = vec![0usize; text.len() + 1];
        let mut k = 0;
        for (b, ch) in text.char_indices() {
            for x in cp.iter_mut().skip(b).take(ch.len_utf8()) {
                *x = k;
            }
            k += 1;
        }
        cp[text.len()] = k;
        let timexes: Vec<Value> = dates
            .iter()
            .map(|d| {
                let mut o = json!({
                    "start": cp[d.span.start],
                    "end": cp[d.span.end],
                    "text": &text[d.span.start..d.span.end],
                    "type": d.timex_type,
                    "value": d.value,
                });
                if let Some(m) = &d.modifier {
                    o["mod"] = json!(m);
                }
                o
            })
            .collect();
        writeln!(out, "{}", json!({"id": rec["id"], "timexes": timexes})).expect("write");
    }
}
