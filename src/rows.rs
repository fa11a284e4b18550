//! One document's results -> rows of every per-document table.
//!
//! Reads: a `DocResult` (byte offsets) and the merge's key -> entity_id map. Adds: rows of
//! documents, sentences, mentions (names, then pronoun/nominal event arguments), relations,
//! events, claims and dates, with code-point offsets.
//! Invariant: rows come out in a fixed order (by offsets), so output never depends on timing.

use crate::merge::Merged;
use crate::tables::schema::*;
use crate::tables::{Batch, Cell};
use dossier_core::offsets::CharIndex;
use dossier_core::{DocResult, EntityKey, Span};
use sha2::{Digest, Sha256};
// hashbrown's default hasher (foldhash): SipHash on ids and rule names cost ~3% of a run.
use hashbrown::HashMap;

/// Per-document tables, in `TABLES` order minus entities and rejects.
pub struct DocBatches {
    pub documents: Batch,
    pub sentences: Batch,
    pub mentions: Batch,
    pub relations: Batch,
    pub events: Batch,
    pub claims: Batch,
    pub dates: Batch,
}

impl DocBatches {
    pub fn new() -> DocBatches {
        DocBatches {
            documents: Batch::new(&DOCUMENTS),
            sentences: Batch::new(&SENTENCES),
            mentions: Batch::new(&MENTIONS),
            relations: Batch::new(&RELATIONS),
            events: Batch::new(&EVENTS),
            claims: Batch::new(&CLAIMS),
            dates: Batch::new(&DATES),
        }
    }
}

impl DocBatches {
    /// The batches as a list, in `TABLES` order.
    pub fn into_vec(self) -> Vec<Batch> {
        vec![
            self.documents,
            self.sentences,
            self.mentions,
            self.relations,
            self.events,
            self.claims,
            self.dates,
        ]
    }
}

impl Default for DocBatches {
    fn default() -> Self {
        Self::new()
    }
}

/// The committed rule-precision table (`eval/rule_precision.tsv`): table -> rule -> precision
/// (nested, so a lookup borrows its keys instead of allocating them for every row).
fn rule_confidence(table: &str, rule: &str) -> Option<f64> {
    type Table = HashMap<&'static str, HashMap<&'static str, f64>>;
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| {
            let mut t: Table = HashMap::new();
            for l in include_str!("../eval/rule_precision.tsv")
                .lines()
                .filter(|l| !l.starts_with('#'))
            {
                let c: Vec<&'static str> = l.split('\t').collect();
                if let (Some(table), Some(rule), Some(Ok(p))) =
                    (c.first(), c.get(1), c.get(2).map(|p| p.parse::<f64>()))
                {
                    t.entry(table).or_default().insert(rule, p);
                }
            }
            t
        })
        .get(table)?
        .get(rule)
        .copied()
}

pub fn sentence_id(doc_id: &str, span: Span) -> String {
    dossier_core::row_id(
        "S",
        &[doc_id, &span.start.to_string(), &span.end.to_string()],
    )
}

pub fn add_document<'r>(r: &'r DocResult, merged: &Merged, out: &mut DocBatches) {
    let doc = &r.doc;
    let text = &doc.text;
    let ci = CharIndex::new(text);
    let ch = |b: usize| Cell::Int(ci.to_char(b));
    // Ids hash their parts (SHA-256): each sentence and entity is hashed once per document.
    let eids: std::cell::RefCell<HashMap<&'r EntityKey, String>> = Default::default();
    let eid = |k: &'r EntityKey| -> String {
        eids.borrow_mut()
            .entry(k)
            .or_insert_with(|| merged.id_of(k))
            .clone()
    };
    let sids: Vec<String> = r
        .sentences
        .iter()
        .map(|s| sentence_id(&doc.doc_id, s.span))
        .collect();
    let sid = |i: usize| sids[i].clone();
    let sha = format!("{:x}", Sha256::digest(text.as_bytes()));

    out.documents.push(vec![
        doc.doc_id.as_str().into(),
        doc.input_path.as_str().into(),
        doc.input_format.as_str().into(),
        doc.url.clone().into(),
        doc.publisher.clone().into(),
        doc.title.clone().into(),
        doc.author.clone().into(),
        Cell::TextList(r.author_entities.iter().map(eid).collect()),
        doc.published.into(),
        doc.published_at
            .map_or(Cell::Null, |t| Cell::Timestamp(t.timestamp_micros())),
        doc.section.clone().into(),
        doc.language.as_str().into(),
        text.as_str().into(),
        ci.to_char(text.len()).into(),
        r.sentences.len().into(),
        sha.into(),
    ]);
    for (i, s) in r.sentences.iter().enumerate() {
        out.sentences.push(vec![
            doc.doc_id.as_str().into(),
            sid(i).into(),
            ch(s.span.start),
            ch(s.span.end),
            s.paragraph_id.into(),
            s.kind.as_str().into(),
            s.span.slice(text).into(),
        ]);
    }
    for m in &r.mentions {
        out.mentions.push(vec![
            m.id.as_str().into(),
            doc.doc_id.as_str().into(),
            m.sentence.map(sid).into(),
            ch(m.span.start),
            ch(m.span.end),
            m.span.slice(text).into(),
            eid(&m.key).into(),
            m.key.entity_type.as_str().into(),
            m.kind.as_str().into(),
            m.rule.as_ref().into(),
        ]);
    }
    // pronoun and nominal argument mentions after the names; an unresolved one has no entity
    for m in &r.argument_mentions {
        out.mentions.push(vec![
            m.id.as_str().into(),
            doc.doc_id.as_str().into(),
            m.sentence.map(sid).into(),
            ch(m.span.start),
            ch(m.span.end),
            m.span.slice(text).into(),
            m.antecedent.as_ref().map(eid).into(),
            m.antecedent.as_ref().map(|k| k.entity_type.as_str()).into(),
            m.kind.as_str().into(),
            m.rule.as_ref().into(),
        ]);
    }
    let date_by_id: HashMap<&str, &dossier_core::DateExpr> =
        r.dates.iter().map(|d| (d.id.as_str(), d)).collect();
    for x in &r.relations {
        out.relations.push(vec![
            x.id.as_str().into(),
            doc.doc_id.as_str().into(),
            x.sentence.map(sid).into(),
            eid(&x.subject).into(),
            x.subject_mention_id.clone().into(),
            x.predicate.as_ref().into(),
            x.object.as_ref().map(eid).into(),
            x.object_mention_id.clone().into(),
            x.object_text.clone().into(),
            x.role.clone().into(),
            x.temporal_qualifier.as_deref().into(),
            x.date_id.clone().into(),
            x.span.map_or(Cell::Null, |s| ch(s.start)),
            x.span.map_or(Cell::Null, |s| ch(s.end)),
            x.rule.as_ref().into(),
            x.confidence
                .or_else(|| rule_confidence("relations", &x.rule))
                .map_or(Cell::Null, Cell::Float),
        ]);
    }
    for e in &r.events {
        let date = e.date_id.as_deref().and_then(|id| date_by_id.get(id));
        out.events.push(vec![
            e.id.as_str().into(),
            e.event_key.as_str().into(),
            doc.doc_id.as_str().into(),
            sid(e.sentence).into(),
            e.event_type.as_ref().into(),
            e.trigger.slice(text).into(),
            ch(e.trigger.start),
            ch(e.trigger.end),
            e.actor.as_ref().map(eid).into(),
            e.actor_mention_id.clone().into(),
            e.target.as_ref().map(eid).into(),
            e.target_mention_id.clone().into(),
            e.location.as_ref().map(eid).into(),
            e.location_mention_id.clone().into(),
            e.claim_id.clone().into(),
            e.date_id.clone().into(),
            date.map(|d| d.value.clone()).into(),
            date.and_then(|d| d.date_start).into(),
            date.and_then(|d| d.date_end).into(),
            e.negated.into(),
            e.modality.as_ref().into(),
            e.rule.as_ref().into(),
            e.confidence
                .or_else(|| rule_confidence("events", &e.rule))
                .map_or(Cell::Null, Cell::Float),
        ]);
    }
    for c in &r.claims {
        let date = c.date_id.as_deref().and_then(|id| date_by_id.get(id));
        out.claims.push(vec![
            c.id.as_str().into(),
            doc.doc_id.as_str().into(),
            sid(c.sentence).into(),
            sid(c.sentence_end).into(),
            c.attribution.as_ref().into(),
            c.claimant.as_ref().map(eid).into(),
            c.claimant_mention_id.clone().into(),
            c.claimant_text.clone().into(),
            c.claimant_span.map_or(Cell::Null, |s| ch(s.start)),
            c.claimant_span.map_or(Cell::Null, |s| ch(s.end)),
            c.cue.map(|s| s.slice(text)).into(),
            c.cue.map_or(Cell::Null, |s| ch(s.start)),
            c.cue.map_or(Cell::Null, |s| ch(s.end)),
            c.content.slice(text).into(),
            ch(c.content.start),
            ch(c.content.end),
            Cell::SpanList(
                c.content_fragments
                    .iter()
                    .map(|s| [ci.to_char(s.start), ci.to_char(s.end)])
                    .collect(),
            ),
            c.claim_type.as_ref().into(),
            c.is_direct_quote.into(),
            c.hedged.into(),
            c.negated.into(),
            c.date_id.clone().into(),
            date.map(|d| d.value.clone()).into(),
            c.rule.as_ref().into(),
            c.confidence
                .or_else(|| rule_confidence("claims", &c.rule))
                .map_or(Cell::Null, Cell::Float),
        ]);
    }
    for d in &r.dates {
        out.dates.push(vec![
            d.id.as_str().into(),
            doc.doc_id.as_str().into(),
            d.sentence.map(sid).into(),
            ch(d.span.start),
            ch(d.span.end),
            d.span.slice(text).into(),
            d.timex_type.as_ref().into(),
            d.value.as_str().into(),
            d.modifier.as_deref().into(),
            d.date_start.into(),
            d.date_end.into(),
            d.granularity.as_deref().into(),
            d.anchor.as_ref().into(),
            d.rule.as_ref().into(),
        ]);
    }
}
