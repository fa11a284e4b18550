//! Per-stage CPU time on a generated input (diagnosing superlinear stages):
//! `cargo run --release -p dossier-core --example stage_cost -- '<unit>' N`
use dossier_core::dates::{find_dates, DateContext};
use dossier_core::*;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let unit = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "the minister said ".into());
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let raw = unit.repeat(n);
    let t = Instant::now();
    let art = ingest::text::clean_article(&raw);
    let doc = Document {
        doc_id: "x".into(),
        input_path: "x".into(),
        input_line: None,
        input_format: InputFormat::Txt,
        url: None,
        publisher: None,
        title: art.title,
        author: art.author,
        published: chrono::NaiveDate::from_ymd_opt(2025, 6, 2),
        published_at: None,
        section: Some("Opinion".into()),
        language: "en".into(),
        text: art.text,
        paragraphs: art.paragraphs,
    };
    eprintln!("ingest {:.3}", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let sents = pipeline::split_sentences(&doc);
    eprintln!(
        "sentences {:.3} ({} sentences)",
        t.elapsed().as_secs_f64(),
        sents.len()
    );
    let t = Instant::now();
    let (mentions, _ents, author) = entities::find_entities(&doc, &sents);
    eprintln!(
        "entities {:.3} ({} mentions)",
        t.elapsed().as_secs_f64(),
        mentions.len()
    );
    let t = Instant::now();
    let dates = find_dates(
        &doc.text,
        &sents,
        &DateContext {
            dct: doc.published,
            month_first: false,
        },
    );
    eprintln!("dates {:.3} ({})", t.elapsed().as_secs_f64(), dates.len());
    let t = Instant::now();
    let claims = claims::find_claims(&doc, &sents, &mentions, &dates, author.first());
    eprintln!("claims {:.3} ({})", t.elapsed().as_secs_f64(), claims.len());
    let t = Instant::now();
    let rels = relations::find_relations(&doc, &sents, &mentions);
    eprintln!(
        "relations {:.3} ({})",
        t.elapsed().as_secs_f64(),
        rels.len()
    );
    let t = Instant::now();
    let (ev, _args) = events::find_events(&doc, &sents, &mentions, &dates, &claims);
    eprintln!("events {:.3} ({})", t.elapsed().as_secs_f64(), ev.len());
}
