//! HTML articles: main-content extraction (placeholder: tag stripping until the extractor lands).
//!
//! Reads: the decoded HTML of one page. Adds: an `Article` (title, author, published, cleaned
//! paragraphs with their kind) with the same contract as `text::clean_article`. Nothing in a page
//! is fetched or executed.

use super::text::Article;
use crate::document::{Paragraph, ParagraphKind, Span};

/// Extracts the article from a page, or says why it cannot.
pub fn extract(html: &str) -> Result<Article, String> {
    let mut text = String::new();
    let mut in_tag = false;
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    let bytes = html.as_bytes();
    while i < bytes.len() {
        if !in_tag && bytes[i] == b'<' {
            for (open, close) in [("<script", "</script>"), ("<style", "</style>")] {
                if lower[i..].starts_with(open) {
                    if let Some(end) = lower[i..].find(close) {
                        i += end + close.len();
                        continue;
                    }
                }
            }
            in_tag = true;
            if lower[i..].starts_with("<p") || lower[i..].starts_with("<br") || lower[i..].starts_with("<div") || lower[i..].starts_with("<h") {
                text.push_str("\n\n");
            }
        } else if in_tag && bytes[i] == b'>' {
            in_tag = false;
        } else if !in_tag {
            let ch = html[i..].chars().next().unwrap_or(' ');
            text.push(ch);
            i += ch.len_utf8();
            continue;
        }
        i += 1;
    }
    let mut art = Article::default();
    let mut clean = String::new();
    for para in text.split("\n\n").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|p| !p.is_empty()) {
        if !clean.is_empty() {
            clean.push_str("\n\n");
        }
        let start = clean.len();
        clean.push_str(&para);
        art.paragraphs.push(Paragraph { span: Span::new(start, clean.len()), kind: ParagraphKind::Body });
    }
    if clean.is_empty() {
        return Err("no text in the page".into());
    }
    art.text = clean;
    Ok(art)
}
