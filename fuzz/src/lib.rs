//! Invariants every fuzz target checks on what the stages return: spans inside the text and on
//! character boundaries, sentences sorted and disjoint. A violation panics, which libFuzzer
//! reports as a crash with its input.

use dossier_core::{DocResult, Document, InputFormat, Paragraph, Span};

pub fn check_span(text: &str, s: &Span, what: &str) {
    assert!(
        s.start <= s.end && s.end <= text.len(),
        "{what} span {s:?} outside text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
        "{what} span {s:?} not on char boundaries"
    );
}

pub fn check_sorted_disjoint(spans: &[Span], what: &str) {
    for w in spans.windows(2) {
        assert!(w[0].end <= w[1].start, "{what} spans overlap or unsorted: {w:?}");
    }
}

pub fn document(text: String, paragraphs: Vec<Paragraph>, format: InputFormat) -> Document {
    Document {
        doc_id: "fuzz".into(),
        input_path: "fuzz".into(),
        input_line: None,
        input_format: format,
        url: None,
        publisher: None,
        title: None,
        author: None,
        published: chrono::NaiveDate::from_ymd_opt(2025, 6, 2),
        published_at: None,
        section: Some("Opinion".into()),
        language: "en".into(),
        text,
        paragraphs,
    }
}

/// Runs every stage and checks every span of the result.
pub fn process_and_check(doc: Document) {
    for p in &doc.paragraphs {
        check_span(&doc.text, &p.span, "paragraph");
    }
    let r: DocResult = dossier_core::pipeline::process(doc, &Default::default());
    let t = &r.doc.text;
    let sents: Vec<Span> = r.sentences.iter().map(|s| s.span).collect();
    check_sorted_disjoint(&sents, "sentence");
    for s in &sents {
        check_span(t, s, "sentence");
    }
    for m in &r.mentions {
        check_span(t, &m.span, "mention");
    }
    for d in &r.dates {
        check_span(t, &d.span, "date");
    }
    for c in &r.claims {
        check_span(t, &c.content, "claim content");
        if let Some(cue) = &c.cue {
            check_span(t, cue, "claim cue");
        }
        for f in &c.content_fragments {
            check_span(t, f, "claim fragment");
        }
    }
    for e in &r.events {
        check_span(t, &e.trigger, "event trigger");
    }
    for rel in &r.relations {
        if let Some(s) = &rel.span {
            check_span(t, s, "relation");
        }
    }
}
