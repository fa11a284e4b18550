//! Gold documents in, predictions out: what counts as a prediction for each evaluation task.
//!
//! Reads: a gold record (`id`, `text`, optional `dct` used as the publication date; the text is
//! never cleaned) and the pipeline's `DocResult` for it. Adds: one prediction record in the shape
//! the reference scorers in `../shared/eval` read, with code-point offsets. The contract
//! (documented in the README):
//! - `sbd`: every sentence span (paragraphs are blank-line separated);
//! - `ner`: mentions of kind name or acronym, with our types (the scorer's `--map gum` maps them);
//! - `timex`: every `dates` row;
//! - `claims`: explicit attributions only (authorial claims have no cue and are not in the gold);
//! - `events`: every event row, speech events included, actor and target from their mention spans
//!   (name mentions or pronoun/nominal argument mentions), time from the linked date's value.

use crate::document::*;
use crate::offsets::CharIndex;
use crate::pipeline::{process, Context};
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    Sbd,
    Ner,
    Timex,
    Claims,
    Events,
}

impl Task {
    pub fn parse(s: &str) -> Option<Task> {
        Some(match s {
            "sbd" => Task::Sbd,
            "ner" => Task::Ner,
            "timex" => Task::Timex,
            "claims" => Task::Claims,
            "events" => Task::Events,
            _ => return None,
        })
    }
}

/// The document the pipeline sees for a gold record: text verbatim, `dct` (else a date line in
/// the first three paragraphs) as publication date.
pub fn gold_document(record: &Value) -> Option<Document> {
    let id = match record.get("id")? {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let text = record.get("text")?.as_str()?.to_string();
    let mut doc = Document::from_plain_text(&id, text);
    doc.published = record
        .get("dct")
        .and_then(Value::as_str)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok())
        // without a `dct`, the date line under the headline, as `dossier run` reads plain text
        .or_else(|| {
            doc.paragraphs
                .iter()
                .take(3)
                .find_map(|p| crate::ingest::text::parse_date_line(p.span.slice(&doc.text)))
        });
    Some(doc)
}

/// Runs the pipeline on a gold record and returns the prediction record for `task`.
pub fn predict(task: Task, record: &Value, ctx: &Context) -> Option<Value> {
    let doc = gold_document(record)?;
    let r = process(doc, ctx);
    Some(prediction(task, &r))
}

/// `html` task: the page's extracted text, author and date (`{"id","text","author","date"}`).
/// A page that cannot be extracted gets `text: null` (scored as no output).
pub fn predict_html(record: &Value) -> Option<Value> {
    let id = record.get("id")?.clone();
    let html = record.get("html")?.as_str()?;
    Some(match crate::ingest::html::extract(html) {
        Ok(a) => json!({
            "id": id,
            "text": a.text,
            "author": a.author.unwrap_or_default(),
            "date": a.published.map(|d| d.to_string()).unwrap_or_default(),
        }),
        Err(_) => json!({"id": id, "text": null, "author": "", "date": ""}),
    })
}

fn span_json(ci: &CharIndex, s: Span) -> Value {
    json!({"start": ci.to_char(s.start), "end": ci.to_char(s.end)})
}

pub fn prediction(task: Task, r: &DocResult) -> Value {
    let text = &r.doc.text;
    let ci = CharIndex::new(text);
    let id = &r.doc.doc_id;
    match task {
        Task::Sbd => json!({
            "id": id,
            "sentences": r.sentences.iter().map(|s| s.span.slice(text)).collect::<Vec<_>>(),
            "spans": r.sentences.iter().map(|s| [ci.to_char(s.span.start), ci.to_char(s.span.end)]).collect::<Vec<_>>(),
        }),
        Task::Ner => json!({
            "id": id,
            "entities": r.mentions.iter().filter(|m| matches!(m.kind, MentionKind::Name | MentionKind::Acronym)).map(|m| json!({
                "start": ci.to_char(m.span.start), "end": ci.to_char(m.span.end), "text": m.span.slice(text), "type": m.key.entity_type.as_str(),
            })).collect::<Vec<_>>(),
        }),
        Task::Timex => json!({
            "id": id,
            "timexes": r.dates.iter().map(|d| json!({
                "start": ci.to_char(d.span.start), "end": ci.to_char(d.span.end), "text": d.span.slice(text),
                "type": d.timex_type.as_ref(), "value": d.value,
            })).collect::<Vec<_>>(),
        }),
        Task::Claims => json!({
            "id": id,
            "attributions": r.claims.iter().filter(|c| c.attribution == "explicit").map(|c| {
                let mut content = span_json(&ci, c.content);
                if !c.content_fragments.is_empty() {
                    content["fragments"] = json!(c.content_fragments.iter().map(|f| [ci.to_char(f.start), ci.to_char(f.end)]).collect::<Vec<_>>());
                }
                json!({
                    "source": c.claimant_span.map(|s| span_json(&ci, s)),
                    "cue": c.cue.map(|s| span_json(&ci, s)),
                    "content": content,
                    "rule": c.rule.as_ref(),
                })
            }).collect::<Vec<_>>(),
        }),
        Task::Events => {
            // name mentions first, then pronoun and nominal argument mentions
            let mention_span = |id: &Option<crate::RowId>| {
                let id = id.as_ref()?;
                r.mentions
                    .iter()
                    .find(|m| &m.id == id)
                    .map(|m| m.span)
                    .or_else(|| {
                        r.argument_mentions
                            .iter()
                            .find(|m| &m.id == id)
                            .map(|m| m.span)
                    })
                    .map(|s| span_json(&ci, s))
            };
            json!({
                "id": id,
                "events": r.events.iter().map(|e| {
                    let date = e.date_id.as_ref().and_then(|d| r.dates.iter().find(|x| &x.id == d));
                    json!({
                        "start": ci.to_char(e.trigger.start), "end": ci.to_char(e.trigger.end), "text": e.trigger.slice(text),
                        "type": e.event_type.as_ref(),
                        "rule": e.rule.as_ref(),
                        "actor": mention_span(&e.actor_mention_id),
                        "target": mention_span(&e.target_mention_id),
                        "time": date.map(|d| json!({"value": d.value})),
                    })
                }).collect::<Vec<_>>(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gold_record_without_dct_takes_the_date_line_under_its_headline() {
        let text =
            "Airline delays its test flight\n\nSeptember 01, 2007\n\nThe flight was delayed today.";
        let doc = gold_document(&json!({"id": "a", "text": text})).unwrap();
        assert_eq!(doc.published, chrono::NaiveDate::from_ymd_opt(2007, 9, 1));
        let doc = gold_document(&json!({"id": "a", "text": text, "dct": "2007-09-02"})).unwrap();
        assert_eq!(doc.published, chrono::NaiveDate::from_ymd_opt(2007, 9, 2));
        let doc = gold_document(&json!({"id": "a", "text": "No date here.\n\nNor here."})).unwrap();
        assert_eq!(doc.published, None);
    }
}
