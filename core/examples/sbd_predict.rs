//! Runs the sentence splitter over a gold JSONL (`{"id","text","sentences":[...]}`) and writes
//! prediction JSONL (`{"id","sentences":[str...],"spans":[[s,e]...]}`) with code-point offsets,
//! the shape `python3 /work/shared/eval/score.py sbd GOLD PRED` reads.
//!
//! Usage: `cargo run --release -p dossier-core --example sbd_predict -- GOLD.jsonl [PRED.jsonl]`
//! (PRED defaults to stdout).

use std::io::{BufRead, BufReader, BufWriter, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let gold = args
        .next()
        .ok_or("usage: sbd_predict GOLD.jsonl [PRED.jsonl]")?;
    let out: Box<dyn Write> = match args.next() {
        Some(p) => Box::new(std::fs::File::create(&p).map_err(|e| format!("{p}: {e}"))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(out);
    let reader = BufReader::new(std::fs::File::open(&gold).map_err(|e| format!("{gold}: {e}"))?);
    for (n, line) in reader.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| format!("{gold}:{}: {e}", n + 1))?;
        let text = doc["text"].as_str().unwrap_or("");
        let spans = dossier_core::sentences::split(text);
        // Byte offsets -> code-point offsets, one walk over the text per document.
        let mut byte_to_cp = Vec::with_capacity(spans.len() * 2);
        for s in &spans {
            byte_to_cp.push(s.start);
            byte_to_cp.push(s.end);
        }
        let cps = to_code_points(text, &byte_to_cp);
        let sentences: Vec<&str> = spans.iter().map(|s| &text[s.start..s.end]).collect();
        let cp_spans: Vec<[usize; 2]> = cps.chunks(2).map(|c| [c[0], c[1]]).collect();
        let rec = serde_json::json!({"id": doc["id"], "sentences": sentences, "spans": cp_spans});
        writeln!(out, "{rec}")?;
    }
    out.flush()?;
    Ok(())
}

/// Converts sorted (non-decreasing) byte offsets to code-point offsets.
fn to_code_points(text: &str, offsets: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(offsets.len());
    let (mut byte, mut cp) = (0usize, 0usize);
    let mut chars = text.char_indices().peekable();
    for &off in offsets {
        while byte < off {
            match chars.next() {
                Some((_, c)) => {
                    byte += c.len_utf8();
                    cp += 1;
                }
                None => break,
            }
        }
        out.push(cp);
    }
    out
}
