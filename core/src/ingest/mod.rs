//! Ingest: raw input -> `Document`.
use crate::document::{Paragraph, ParagraphKind, Span};

/// Paragraphs separated by blank lines, all of one kind, trimmed.
pub fn blank_line_paragraphs(text: &str, kind: ParagraphKind) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices("\n\n") {
        push_para(text, start, i, kind, &mut out);
        start = i + 2;
    }
    push_para(text, start, text.len(), kind, &mut out);
    out
}

fn push_para(text: &str, s: usize, e: usize, kind: ParagraphKind, out: &mut Vec<Paragraph>) {
    if s >= e { return; }
    let seg = &text[s..e];
    let lead = seg.len() - seg.trim_start().len();
    let trail = seg.len() - seg.trim_end().len();
    if s + lead < e - trail {
        out.push(Paragraph { span: Span::new(s + lead, e - trail), kind });
    }
}

pub fn is_opinion_section(s: &str) -> bool {
    matches!(s.to_ascii_lowercase().as_str(), "opinion" | "comment" | "analysis" | "op-ed" | "oped" | "editorial" | "commentary" | "viewpoint" | "perspective" | "column")
}
