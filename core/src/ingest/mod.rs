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
        Reject {
            line: None,
            doc_id: None,
            stage,
            reason: reason.into(),
        }
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
        IngestOptions {
            max_document_bytes: 20 * 1024 * 1024,
            clean_jsonl: false,
        }
    }
}

/// Bytes -> text: UTF-8 (BOM dropped), UTF-16 with a BOM, or Windows-1252 when the bytes are not
/// UTF-8 but every byte is a Windows-1252 character (Latin-1 is its subset); anything else is a
/// reason. Line ends are normalised to `\n` so offsets do not depend on the platform that wrote
/// the file; stray NUL bytes in text are dropped.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    decode_with_encoding(bytes).map(|(t, _)| t)
}

/// Like `decode`, and names the encoding that was used (`utf-8`, `utf-16`, `windows-1252`).
pub fn decode_with_encoding(bytes: &[u8]) -> Result<(String, &'static str), String> {
    if bytes.is_empty() {
        return Err("empty file".into());
    }
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        (utf8(rest)?, "utf-8")
    } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        (utf16(bytes)?, "utf-16")
    } else {
        if let Some(kind) = binary_kind(bytes) {
            return Err(format!("binary file ({kind}): not an article"));
        }
        match utf8(bytes) {
            Ok(t) => (t, "utf-8"),
            // Windows-1252 leaves five bytes undefined; text in other legacy encodings (Shift-JIS,
            // GBK...) uses them as lead bytes, so they tell us not to guess.
            Err(e)
                if !bytes
                    .iter()
                    .any(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D)) =>
            {
                let _ = e;
                (
                    bytes.iter().map(|&b| windows_1252(b)).collect(),
                    "windows-1252",
                )
            }
            Err(e) => {
                return Err(format!(
                    "{e}; not Windows-1252 either (bytes undefined there): unknown encoding"
                ))
            }
        }
    };
    let text = if text.contains('\0') {
        text.replace('\0', "")
    } else {
        text
    };
    let text = normalise_newlines(text);
    if text.trim().is_empty() {
        return Err("no text (whitespace only)".into());
    }
    Ok((text, encoding))
}

/// Windows-1252 byte -> char (0x80..0x9F differ from Latin-1; the rest is Latin-1).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{FFFD}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{FFFD}',
        '\u{017D}', '\u{FFFD}', '\u{FFFD}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}',
        '\u{2022}', '\u{2013}', '\u{2014}', '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}',
        '\u{0153}', '\u{FFFD}', '\u{017E}', '\u{0178}',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
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
    if !body.len().is_multiple_of(2) {
        return Err("UTF-16 text with an odd number of bytes (truncated?)".into());
    }
    let units = body.chunks_exact(2).map(|c| {
        if big_endian {
            u16::from_be_bytes([c[0], c[1]])
        } else {
            u16::from_le_bytes([c[0], c[1]])
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|e| format!("invalid UTF-16: {e}"))
}

/// Images, archives, PDFs and other binaries: known signatures, or many NUL/control bytes.
/// (A stray NUL in otherwise clean text is dropped by `decode` instead.)
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG", "PNG image"),
        (b"GIF8", "GIF image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"%PDF", "PDF"),
        (b"\x1F\x8B", "gzip"),
        (b"PK\x03\x04", "zip"),
        (b"\x7FELF", "executable"),
        (b"RIFF", "RIFF media"),
    ];
    if let Some((_, kind)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(kind);
    }
    let head = &bytes[..bytes.len().min(8192)];
    let nul = head.iter().filter(|&&b| b == 0).count();
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C | 0))
        .count();
    (nul + controls > 2 && (nul * 100 > head.len() || (nul + controls) * 20 > head.len()))
        .then_some("NUL bytes or control characters")
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
    // Line breaks found by SIMD search: testing every byte of every article cost more than
    // the rest of paragraph splitting.
    while let Some(k) = memchr::memchr(b'\n', &bytes[i..]) {
        i += k;
        // A blank line: `\n`, optional spaces/tabs, `\n`.
        let mut j = i + 1;
        while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t' || bytes[j] == b'\r') {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b'\n' {
            push_para(text, start, i, kind, &mut out);
            start = j + 1;
            i = j + 1;
        } else {
            i += 1;
        }
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
        out.push(Paragraph {
            span: Span::new(s + lead, e - trail),
            kind,
        });
    }
}

/// Section labels that mark an opinion piece (authorial claims are extracted from these).
pub fn is_opinion_section(s: &str) -> bool {
    matches!(
        s.trim().to_ascii_lowercase().as_str(),
        "opinion"
            | "comment"
            | "analysis"
            | "op-ed"
            | "oped"
            | "editorial"
            | "commentary"
            | "viewpoint"
            | "perspective"
            | "column"
            | "blog"
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
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
            .unwrap_err()
            .contains("PNG"));
        assert!(decode(b"\x1f\x8b\x08\0\0\0\0\0")
            .unwrap_err()
            .contains("gzip"));
        assert!(decode(b"\0\0\0\x01\x02\x03 some \0\0\0\0 bytes")
            .unwrap_err()
            .contains("binary"));
        // Shift-JIS lead bytes are undefined in Windows-1252: refuse to guess.
        assert!(decode(b"\x82\xa0\x81\x40 text")
            .unwrap_err()
            .contains("unknown encoding"));
    }

    #[test]
    fn windows_1252_and_latin1_are_decoded_and_stray_nuls_dropped() {
        assert_eq!(
            decode_with_encoding(b"caf\xe9 \x93quoted\x94 \x80 5").unwrap(),
            (
                "caf\u{e9} \u{201c}quoted\u{201d} \u{20ac} 5".to_string(),
                "windows-1252"
            )
        );
        assert_eq!(
            decode(b"A stray\0 NUL in a long enough line of ordinary article text.").unwrap(),
            "A stray NUL in a long enough line of ordinary article text."
        );
    }

    #[test]
    fn decode_handles_bom_utf16_and_crlf() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFHi\r\nthere\rend").unwrap(),
            "Hi\nthere\nend"
        );
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
        // tabs and CR in a blank line, a break at the very start and end, no break at all
        let t = "\nA\r\n\t\r\nB\n\nC é\n";
        let p = blank_line_paragraphs(t, ParagraphKind::Body);
        let got: Vec<&str> = p.iter().map(|p| p.span.slice(t)).collect();
        assert_eq!(got, ["A", "B", "C é"]);
        let p = blank_line_paragraphs("no break", ParagraphKind::Body);
        assert_eq!(p.len(), 1);
    }

    #[test]
    fn published_accepts_iso_dates_and_rfc3339() {
        assert_eq!(
            parse_published("2026-02-06").unwrap().0,
            NaiveDate::from_ymd_opt(2026, 2, 6).unwrap()
        );
        let (d, t) = parse_published("2026-02-06T23:30:00-05:00").unwrap();
        assert_eq!(d, NaiveDate::from_ymd_opt(2026, 2, 6).unwrap());
        assert_eq!(t.unwrap().to_rfc3339(), "2026-02-07T04:30:00+00:00");
        assert!(parse_published("soon").is_none());
    }
}
