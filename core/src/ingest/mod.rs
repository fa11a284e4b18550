//! Ingest: raw input bytes -> `Document`s (or a reject reason per bad input).
//!
//! Reads: the bytes of one input file and its path. Adds: `Document` metadata (title, author,
//! published, section, publisher), the cleaned frozen `text`, and its paragraphs with their layout
//! kind. Invariants: `text` is valid UTF-8 with `\n` line ends only; paragraphs are sorted,
//! non-overlapping, trimmed and cover every non-blank part of `text`; nothing here reads the clock.
//!
//! One file per input format: `text.rs` (plain and Markdown-ish articles), `jsonl.rs` (crawler
//! exports). `decode` turns bytes into text or a reason why not.

pub mod html;
pub mod jsonl;
pub mod text;

use crate::document::{Paragraph, ParagraphKind, Span};
use chrono::{DateTime, NaiveDate, Utc};

/// Why an input (file or JSONL line) was not turned into a document: a `rejects` row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// 1-based JSONL line, when the input is one line of a file.
    pub line: Option<u64>,
    pub doc_id: Option<String>,
    /// decode, parse, validate, limit, duplicate_id, panic.
    pub stage: &'static str,
    pub reason: String,
}

impl Reject {
    pub fn new(stage: &'static str, reason: impl Into<String>) -> Reject {
        Reject { line: None, doc_id: None, stage, reason: reason.into() }
    }
}

/// Settings of ingest that come from `dossier.toml`.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Larger documents are rejected (stage `limit`) rather than processed.
    pub max_document_bytes: usize,
    /// Clean JSONL `text` like a scraped article (offsets then index the cleaned text).
    pub clean_jsonl: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions { max_document_bytes: 20 * 1024 * 1024, clean_jsonl: false }
    }
}

/// Bytes -> text: UTF-8 (BOM dropped) or UTF-16 with a BOM; anything else is a reason.
/// Line ends are normalised to `\n` so that offsets do not depend on the platform that wrote the file.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    if bytes.is_empty() {
        return Err("empty file".into());
    }
    let text = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        utf8(rest)?
    } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        utf16(bytes)?
    } else {
        if looks_binary(bytes) {
            return Err("binary file (NUL bytes or control characters): not an article".into());
        }
        utf8(bytes)?
    };
    let text = normalise_newlines(text);
    if text.trim().is_empty() {
        return Err("no text (whitespace only)".into());
    }
    Ok(text)
}

fn utf8(bytes: &[u8]) -> Result<String, String> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(format!("invalid UTF-8 at byte {}", e.valid_up_to())),
    }
}

fn utf16(bytes: &[u8]) -> Result<String, String> {
    let big_endian = bytes[1] == 0xFF;
    let body = &bytes[2..];
    if body.len() % 2 != 0 {
        return Err("UTF-16 text with an odd number of bytes (truncated?)".into());
    }
    let units = body.chunks_exact(2).map(|c| if big_endian { u16::from_be_bytes([c[0], c[1]]) } else { u16::from_le_bytes([c[0], c[1]]) });
    char::decode_utf16(units).collect::<Result<String, _>>().map_err(|e| format!("invalid UTF-16: {e}"))
}

/// NUL bytes never occur in text; a high share of other C0 controls means an image, an archive...
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)).count();
    controls * 20 > head.len()
}

/// CRLF and lone CR -> LF.
pub fn normalise_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Paragraphs separated by blank lines, all of one kind, trimmed.
pub fn blank_line_paragraphs(text: &str, kind: ParagraphKind) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            // A blank line: `\n`, optional spaces/tabs, `\n`.
            let mut j = i + 1;
            while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t' || bytes[j] == b'\r') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'\n' {
                push_para(text, start, i, kind, &mut out);
                start = j + 1;
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    push_para(text, start, text.len(), kind, &mut out);
    out
}

fn push_para(text: &str, s: usize, e: usize, kind: ParagraphKind, out: &mut Vec<Paragraph>) {
    if s >= e {
        return;
    }
    let seg = &text[s..e];
    let lead = seg.len() - seg.trim_start().len();
    let trail = seg.len() - seg.trim_end().len();
    if s + lead < e - trail {
        out.push(Paragraph { span: Span::new(s + lead, e - trail), kind });
    }
}

/// Section labels that mark an opinion piece (authorial claims are extracted from these).
pub fn is_opinion_section(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "opinion" | "comment" | "analysis" | "op-ed" | "oped" | "editorial" | "commentary" | "viewpoint" | "perspective" | "column" | "blog"
    )
}

/// Metadata `published`: an ISO date (`2026-02-06`) or an RFC 3339 time (kept as UTC).
pub fn parse_published(s: &str) -> Option<(NaiveDate, Option<DateTime<Utc>>)> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        let utc = t.with_timezone(&Utc);
        // The calendar date as the publisher printed it (local), not shifted to UTC.
        return Some((t.date_naive(), Some(utc)));
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some((d, None));
    }
    // `2026-02-06T10:00:00` without offset: keep the date only (the zone is unknown).
    if s.len() > 10 && s.as_bytes()[10] == b'T' {
        if let Ok(d) = NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d") {
            return Some((d, None));
        }
    }
    text::parse_date_line(s).map(|d| (d, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_rejects_empty_binary_and_invalid_utf8() {
        assert!(decode(b"").is_err());
        assert!(decode(b"  \n\n ").is_err());
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err().contains("binary"));
        assert!(decode(b"caf\xe9 au lait").unwrap_err().contains("invalid UTF-8 at byte 3"));
    }

    #[test]
    fn decode_handles_bom_utf16_and_crlf() {
        assert_eq!(decode(b"\xEF\xBB\xBFHi\r\nthere\rend").unwrap(), "Hi\nthere\nend");
        let mut le = vec![0xFF, 0xFE];
        for u in "Caf\u{e9}".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&le).unwrap(), "Caf\u{e9}");
    }

    #[test]
    fn blank_lines_split_paragraphs_and_trim() {
        let t = "  One.\nstill one\n \nTwo.\n\n\n";
        let p = blank_line_paragraphs(t, ParagraphKind::Body);
        let got: Vec<&str> = p.iter().map(|p| p.span.slice(t)).collect();
        assert_eq!(got, ["One.\nstill one", "Two."]);
    }

    #[test]
    fn published_accepts_iso_dates_and_rfc3339() {
        assert_eq!(parse_published("2026-02-06").unwrap().0, NaiveDate::from_ymd_opt(2026, 2, 6).unwrap());
        let (d, t) = parse_published("2026-02-06T23:30:00-05:00").unwrap();
        assert_eq!(d, NaiveDate::from_ymd_opt(2026, 2, 6).unwrap());
        assert_eq!(t.unwrap().to_rfc3339(), "2026-02-07T04:30:00+00:00");
        assert!(parse_published("soon").is_none());
    }
}
