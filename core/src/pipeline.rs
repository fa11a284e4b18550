//! The one ordered list of stages: `process(&Document, &Context) -> DocResult`.
//!
//! Reads: an ingested `Document` and the `Context` (config; lexicons load once behind `OnceLock`s
//! in their stages). Adds: every layer of `DocResult`. Invariant: pure — the result depends only on
//! the document, the lexicons and the config (never the clock, the thread or the run).

use crate::dates::{self, DateContext};
use crate::document::*;
use crate::{claims, entities, events, relations, sentences};

/// Settings the stages read (validated from `dossier.toml` by the CLI).
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// `06/02/2026` is June 2 when true; 6 February otherwise (the default).
    pub month_first: bool,
}

pub fn process(doc: Document, ctx: &Context) -> DocResult {
    let sentences = split_sentences(&doc);
    let (mentions, entities, author_entities) = entities::find_entities(&doc, &sentences);
    let mut dates = dates::find_dates(
        &doc.text,
        &sentences,
        &DateContext {
            dct: doc.published,
            month_first: ctx.month_first,
        },
    );
    let (mut start_buf, mut end_buf) = ([0; 20], [0; 20]);
    for d in &mut dates {
        d.id = row_id(
            "D",
            &[
                &doc.doc_id,
                decimal(d.span.start, &mut start_buf),
                decimal(d.span.end, &mut end_buf),
            ],
        );
    }
    let claims = claims::find_claims(&doc, &sentences, &mentions, &dates, author_entities.first());
    let relations = relations::find_relations(&doc, &sentences, &mentions);
    let (events, argument_mentions) =
        events::find_events(&doc, &sentences, &mentions, &dates, &claims);
    DocResult {
        doc,
        sentences,
        mentions,
        argument_mentions,
        entities,
        author_entities,
        relations,
        events,
        claims,
        dates,
    }
}

/// Sentences never cross a paragraph: each paragraph is split on its own.
pub fn split_sentences(doc: &Document) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (pid, p) in doc.paragraphs.iter().enumerate() {
        for s in sentences::split(p.span.slice(&doc.text)) {
            out.push(Sentence {
                span: Span::new(p.span.start + s.start, p.span.start + s.end),
                paragraph_id: pid,
                kind: p.kind,
            });
        }
    }
    out
}
