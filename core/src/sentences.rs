//! Sentence splitting (placeholder until the splitter lands).
use crate::document::Span;

/// Splits `text` into sentences: trimmed byte spans in text order, non-overlapping.
/// Blank lines are hard boundaries.
pub fn split(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let end_here = (c == b'.' || c == b'?' || c == b'!') && (i + 1 == b.len() || b[i + 1] == b' ' || b[i + 1] == b'\n')
            || (c == b'\n' && i + 1 < b.len() && b[i + 1] == b'\n');
        if end_here {
            push_trimmed(text, start, i + 1, &mut out);
            start = i + 1;
        }
        i += 1;
    }
    push_trimmed(text, start, b.len(), &mut out);
    out
}

fn push_trimmed(text: &str, s: usize, e: usize, out: &mut Vec<Span>) {
    let seg = &text[s..e];
    let lead = seg.len() - seg.trim_start().len();
    let trail = seg.len() - seg.trim_end().len();
    if s + lead < e - trail {
        out.push(Span::new(s + lead, e - trail));
    }
}
