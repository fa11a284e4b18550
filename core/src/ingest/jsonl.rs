//! JSONL crawler exports: one article a line.
//!
//! Reads: one line of a `.jsonl` file: `id` (string or number), `text` (string), optional `title`,
//! `author`, `published` (ISO date or RFC 3339 time), `url`, `publisher`, `section`.
//! Adds: a `Document` whose `text` is the record's text verbatim (so offsets index it exactly),
//! unless cleaning was asked for. Invariant: a bad line is a `Reject` naming the line; it never
//! stops the file.

use super::{parse_published, IngestOptions, Reject};
use crate::document::{Document, InputFormat, ParagraphKind};
use serde_json::Value;

/// Parses one JSONL line (1-based `line_no`) into a document, or says why not.
pub fn parse_line(
    line: &str,
    line_no: u64,
    input_path: &str,
    opts: &IngestOptions,
) -> Result<Document, Reject> {
    let reject = |stage: &'static str, reason: String, id: Option<String>| Reject {
        line: Some(line_no),
        doc_id: id,
        stage,
        reason,
    };
    let value: Value = match serde_json::from_str(line) {
        Ok(v) => v,
        // Python's json.dumps writes lone surrogates as `\udXXX` escapes; serde_json refuses them.
        Err(_) if has_surrogate_escape(line) => {
            serde_json::from_str(&replace_lone_surrogates(line))
                .map_err(|e| reject("parse", format!("broken JSON: {e}"), None))?
        }
        Err(e) => return Err(reject("parse", format!("broken JSON: {e}"), None)),
    };
    let Value::Object(obj) = value else {
        return Err(reject("parse", "line is not a JSON object".into(), None));
    };
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => {
            return Err(reject(
                "validate",
                "`id` must be a non-empty string or a number".into(),
                None,
            ))
        }
        None => return Err(reject("validate", "record has no `id`".into(), None)),
    };
    let text = match obj.get("text") {
        Some(Value::String(s)) => super::normalise_newlines(s.clone()),
        Some(_) => {
            return Err(reject(
                "validate",
                "`text` must be a string".into(),
                Some(id),
            ))
        }
        None => return Err(reject("validate", "record has no `text`".into(), Some(id))),
    };
    if text.trim().is_empty() {
        return Err(reject("validate", "`text` is empty".into(), Some(id)));
    }
    if text.len() > opts.max_document_bytes {
        return Err(reject(
            "limit",
            format!(
                "document of {} bytes exceeds max_document_bytes = {}",
                text.len(),
                opts.max_document_bytes
            ),
            Some(id),
        ));
    }
    let field = |k: &str| match obj.get(k) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    };
    let (published, published_at) = match field("published").as_deref().map(parse_published) {
        Some(Some((d, t))) => (Some(d), t),
        _ => (None, None),
    };
    let mut doc = Document::from_plain_text(&id, text);
    doc.input_path = input_path.to_string();
    doc.input_line = Some(line_no);
    doc.input_format = InputFormat::Jsonl;
    doc.url = field("url");
    doc.publisher = field("publisher");
    doc.title = field("title");
    doc.author = field("author");
    doc.section = field("section");
    doc.published = published;
    doc.published_at = published_at;
    if opts.clean_jsonl {
        let art = super::text::clean_article(&doc.text);
        doc.text = art.text;
        doc.paragraphs = art.paragraphs;
        doc.title = doc.title.or(art.title);
        doc.author = doc.author.or(art.author);
        doc.section = doc.section.or(art.section);
        doc.publisher = doc.publisher.or(art.publisher);
        doc.published = doc.published.or(art.published);
    } else {
        doc.paragraphs = super::blank_line_paragraphs(&doc.text, ParagraphKind::Body);
    }
    Ok(doc)
}

fn has_surrogate_escape(line: &str) -> bool {
    line.as_bytes()
        .windows(3)
        .any(|w| w[0] == b'\\' && w[1] == b'u' && matches!(w[2], b'd' | b'D'))
}

/// `\udXXX` escapes that are not part of a high+low pair -> `\ufffd`.
fn replace_lone_surrogates(line: &str) -> String {
    let b = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    let surrogate_at = |i: usize| -> Option<u16> {
        if i + 6 <= b.len() && b[i] == b'\\' && b[i + 1] == b'u' {
            let v = u16::from_str_radix(line.get(i + 2..i + 6)?, 16).ok()?;
            (0xD800..=0xDFFF).contains(&v).then_some(v)
        } else {
            None
        }
    };
    let mut last = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            if let Some(v) = surrogate_at(i) {
                let paired = (0xD800..0xDC00).contains(&v)
                    && surrogate_at(i + 6).is_some_and(|w| (0xDC00..=0xDFFF).contains(&w));
                out.push_str(&line[last..i]);
                if paired {
                    out.push_str(&line[i..i + 12]);
                    i += 12;
                } else {
                    out.push_str("\\ufffd");
                    i += 6;
                }
                last = i;
                continue;
            }
            i += 2; // skip the escaped character (it may be a backslash)
            continue;
        }
        i += 1;
    }
    out.push_str(&line[last.min(line.len())..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<Document, Reject> {
        parse_line(line, 7, "in.jsonl", &IngestOptions::default())
    }

    #[test]
    fn record_fields_become_metadata_and_text_is_verbatim() {
        let d = parse(r#"{"id": "a/1", "text": "  Hello there.\n\nSecond.", "title": "T", "published": "2024-05-01T08:00:00Z", "url": "http://x"}"#).unwrap();
        assert_eq!(d.doc_id, "a/1");
        assert_eq!(d.text, "  Hello there.\n\nSecond.");
        assert_eq!(d.paragraphs.len(), 2);
        assert_eq!(d.published.unwrap().to_string(), "2024-05-01");
        assert!(d.published_at.is_some());
        assert_eq!(d.title.as_deref(), Some("T"));
    }

    #[test]
    fn bad_records_are_rejects_with_their_line() {
        let r = parse(r#"{"id": "x", "text": 5}"#).unwrap_err();
        assert_eq!(
            (r.line, r.stage, r.doc_id.as_deref()),
            (Some(7), "validate", Some("x"))
        );
        assert_eq!(parse(r#"{"id": "x""#).unwrap_err().stage, "parse");
        assert_eq!(parse(r#"{"text": "no id"}"#).unwrap_err().stage, "validate");
        assert_eq!(parse(r#"[1,2]"#).unwrap_err().stage, "parse");
    }

    #[test]
    fn lone_surrogate_escapes_become_replacement_characters() {
        let d = parse(r#"{"id": 3, "text": "bad \ud800 here, good \ud83d\ude00"}"#).unwrap();
        assert_eq!(d.doc_id, "3");
        assert_eq!(d.text, "bad \u{fffd} here, good \u{1f600}");
    }
}
