//! One document's results -> rows of every per-document table.
//!
//! Reads: a `DocResult` (byte offsets); later, the merge's renamed entity ids. Adds: rows of
//! documents, sentences, mentions (names, then pronoun/nominal event arguments), relations,
//! events, claims and dates, with code-point offsets; entity columns hold each key's own id
//! until `DocBatches::refold` renames the keys the corpus merge folded.
//! Invariant: rows come out in a fixed order (by offsets), so output never depends on timing.

use crate::merge::entity_id;
use crate::tables::schema::*;
use crate::tables::{push_row, Batch, BufferSizes, SpanList, TextList, Timestamp};
use dossier_core::offsets::CharIndex;
use dossier_core::{DocResult, EntityKey, Span};
use sha2::{Digest, Sha256};
// hashbrown's default hasher (foldhash): SipHash on ids and rule names cost ~3% of a run.
use hashbrown::HashMap;

/// The per-document tables, in `TABLES` order (all but entities and rejects).
pub const DOC_TABLES: [&TableDef; 7] = [
    &DOCUMENTS, &SENTENCES, &MENTIONS, &RELATIONS, &EVENTS, &CLAIMS, &DATES,
];

/// The buffer sizes of the last window built, per table (see `BufferSizes`): only a capacity,
/// so rows never depend on it.
#[derive(Default)]
pub struct WindowSizes(std::sync::Mutex<Option<[BufferSizes; 7]>>);

/// Per-document tables, in `DOC_TABLES` order.
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
    /// The rows of `results`, in order, built by the pool's workers (each fills batches for a run
    /// of documents; the runs are appended in order, so rows never depend on the thread count).
    /// Buffers are sized from `sizes`, the previous window's, which this window's then replace.
    pub fn build(results: &[&DocResult], sizes: &WindowSizes) -> DocBatches {
        use rayon::prelude::*;
        let text = |rs: &[&DocResult]| rs.iter().map(|r| r.doc.text.len()).sum::<usize>();
        let window_text = text(results);
        let learnt = sizes.0.lock().map(|s| s.clone()).unwrap_or_default();
        // One run per thread when there is one thread (no run to append), else a few per thread
        // so that a run of long documents does not keep the others waiting.
        let threads = rayon::current_num_threads();
        let runs = if threads == 1 { 1 } else { threads * 4 };
        let run_len = results.len().div_ceil(runs).max(1);
        let parts: Vec<DocBatches> = results
            .par_chunks(run_len)
            .enumerate()
            .map(|(i, run)| {
                // The first run's buffers take the rest: with one thread it is the whole window,
                // and appending it to empty buffers would copy every row once more.
                let room = if i == 0 { window_text } else { text(run) };
                let mut b = DocBatches::new();
                if let Some(learnt) = &learnt {
                    for (t, s) in b.tables_mut().into_iter().zip(learnt) {
                        t.reserve(s, room);
                    }
                }
                for r in run {
                    add_document(r, &mut b);
                }
                b
            })
            .collect();
        let mut parts = parts.into_iter();
        let mut all = parts.next().unwrap_or_default();
        for p in parts {
            all.append(p);
        }
        if window_text > 0 {
            if let Ok(mut s) = sizes.0.lock() {
                *s = Some(all.tables().map(|t| t.buffer_sizes(window_text)));
            }
        }
        all
    }

    /// Appends `other`'s rows after these, table by table.
    pub fn append(&mut self, other: DocBatches) {
        for (mine, theirs) in self.tables_mut().into_iter().zip(other.into_vec()) {
            mine.append(theirs);
        }
    }

    /// Renames folded entities in every entity column: `renamed` maps a key's own id to the id
    /// of the entity the corpus merge folded it into.
    pub fn refold(&mut self, renamed: &HashMap<String, String>) {
        if renamed.is_empty() {
            return;
        }
        let new_id = |id: &[u8]| {
            std::str::from_utf8(id)
                .ok()
                .and_then(|id| renamed.get(id))
                .map(|s| s.as_bytes())
        };
        for batch in self.tables_mut() {
            for (_, column) in ENTITY_COLUMNS.iter().filter(|(t, _)| *t == batch.def.name) {
                let index = batch.def.index(column).expect("entity column in schema");
                batch.replace_text(index, new_id);
            }
        }
    }

    /// Takes out table `name`'s batch, leaving it empty (`run` writes the tables that are final
    /// in pass 1 as their windows come instead of spilling them); `None` for a table that is not
    /// per-document.
    pub fn take(&mut self, name: &str) -> Option<Batch> {
        self.tables_mut()
            .into_iter()
            .find(|b| b.def.name == name)
            .map(|b| std::mem::replace(b, Batch::new(b.def)))
    }

    /// Bytes of document text the batches hold.
    pub fn text_bytes(&self) -> usize {
        let text = DOCUMENTS.index("text").expect("documents.text");
        self.documents.text_bytes(text)
    }

    /// The batches, in `DOC_TABLES` order.
    pub fn tables(&self) -> [&Batch; 7] {
        [
            &self.documents,
            &self.sentences,
            &self.mentions,
            &self.relations,
            &self.events,
            &self.claims,
            &self.dates,
        ]
    }

    fn tables_mut(&mut self) -> [&mut Batch; 7] {
        [
            &mut self.documents,
            &mut self.sentences,
            &mut self.mentions,
            &mut self.relations,
            &mut self.events,
            &mut self.claims,
            &mut self.dates,
        ]
    }

    /// Batches in `DOC_TABLES` order (as `into_vec` gives them) back into their places.
    pub fn from_tables(tables: Vec<Batch>) -> anyhow::Result<DocBatches> {
        anyhow::ensure!(
            tables
                .iter()
                .map(|b| b.def.name)
                .eq(DOC_TABLES.map(|d| d.name)),
            "a window's tables are not the per-document tables in order"
        );
        let [documents, sentences, mentions, relations, events, claims, dates]: [Batch; 7] = tables
            .try_into()
            .map_err(|_| anyhow::anyhow!("a window has 7 per-document tables"))?;
        Ok(DocBatches {
            documents,
            sentences,
            mentions,
            relations,
            events,
            claims,
            dates,
        })
    }

    /// The batches as a list, in `DOC_TABLES` order.
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

/// Whether a per-document table's rows are final when pass 1 builds them: it has no entity
/// column for the corpus merge to rename (sentences, dates).
pub fn final_in_pass_1(def: &TableDef) -> bool {
    !ENTITY_COLUMNS.iter().any(|(table, _)| *table == def.name)
}

/// The columns that hold entity ids (`entities.entity_id`), by table.
const ENTITY_COLUMNS: [(&str, &str); 8] = [
    ("documents", "author_entity_ids"),
    ("mentions", "entity_id"),
    ("relations", "subject_id"),
    ("relations", "object_id"),
    ("events", "actor_id"),
    ("events", "target_id"),
    ("events", "location_id"),
    ("claims", "claimant_id"),
];

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

pub fn sentence_id(doc_id: &str, span: Span) -> dossier_core::RowId {
    let (mut start, mut end) = ([0; 20], [0; 20]);
    dossier_core::row_id(
        "S",
        &[
            doc_id,
            dossier_core::decimal(span.start, &mut start),
            dossier_core::decimal(span.end, &mut end),
        ],
    )
}

/// Appends a document's rows. Entity columns hold each key's own id (`entity_id`): the corpus
/// merge may fold a key into another entity later, and `DocBatches::refold` renames those.
pub fn add_document(r: &DocResult, out: &mut DocBatches) {
    let doc = &r.doc;
    let text = &doc.text;
    let ci = CharIndex::new(text);
    let ch = |b: usize| ci.to_char(b);
    let span_start = |s: Option<Span>| s.map(|s| ch(s.start));
    let span_end = |s: Option<Span>| s.map(|s| ch(s.end));
    // Ids hash their parts (XXH3-64, `row_id`): each sentence and entity is hashed once per
    // document.
    let eids = entity_ids(r);
    let eid = |k: &EntityKey| -> &str { &eids[k] };
    let sids: Vec<dossier_core::RowId> = r
        .sentences
        .iter()
        .map(|s| sentence_id(&doc.doc_id, s.span))
        .collect();
    let sid = |i: usize| sids[i].as_str();
    let sha = format!("{:x}", Sha256::digest(text.as_bytes()));
    let doc_id = doc.doc_id.as_str();

    push_row!(out.documents;
        doc_id,
        &doc.input_path,
        doc.input_format.as_str(),
        &doc.url,
        &doc.publisher,
        &doc.title,
        &doc.author,
        TextList(r.author_entities.iter().map(eid)),
        doc.published,
        doc.published_at.map(|t| Timestamp(t.timestamp_micros())),
        &doc.section,
        doc.language.as_str(),
        text,
        ci.to_char(text.len()),
        r.sentences.len(),
        sha,
    );
    for (i, s) in r.sentences.iter().enumerate() {
        push_row!(out.sentences;
            doc_id,
            sid(i),
            ch(s.span.start),
            ch(s.span.end),
            s.paragraph_id,
            s.kind.as_str(),
            s.span.slice(text),
        );
    }
    for m in &r.mentions {
        push_row!(out.mentions;
            m.id.as_str(),
            doc_id,
            m.sentence.map(sid),
            ch(m.span.start),
            ch(m.span.end),
            m.span.slice(text),
            eid(&m.key),
            m.key.entity_type.as_str(),
            m.kind.as_str(),
            m.rule.as_ref(),
        );
    }
    // pronoun and nominal argument mentions after the names; an unresolved one has no entity
    for m in &r.argument_mentions {
        push_row!(out.mentions;
            m.id.as_str(),
            doc_id,
            m.sentence.map(sid),
            ch(m.span.start),
            ch(m.span.end),
            m.span.slice(text),
            m.antecedent.as_ref().map(eid),
            m.antecedent.as_ref().map(|k| k.entity_type.as_str()),
            m.kind.as_str(),
            m.rule.as_ref(),
        );
    }
    let date_by_id: HashMap<&str, &dossier_core::DateExpr> =
        r.dates.iter().map(|d| (d.id.as_str(), d)).collect();
    for x in &r.relations {
        push_row!(out.relations;
            x.id.as_str(),
            doc_id,
            x.sentence.map(sid),
            eid(&x.subject),
            &x.subject_mention_id,
            x.predicate.as_ref(),
            x.object.as_ref().map(eid),
            &x.object_mention_id,
            &x.object_text,
            &x.role,
            x.temporal_qualifier.as_deref(),
            &x.date_id,
            span_start(x.span),
            span_end(x.span),
            x.rule.as_ref(),
            x.confidence.or_else(|| rule_confidence("relations", &x.rule)),
        );
    }
    for e in &r.events {
        let date = e.date_id.as_deref().and_then(|id| date_by_id.get(id));
        push_row!(out.events;
            e.id.as_str(),
            e.event_key.as_str(),
            doc_id,
            sid(e.sentence),
            e.event_type.as_ref(),
            e.trigger.slice(text),
            ch(e.trigger.start),
            ch(e.trigger.end),
            e.actor.as_ref().map(eid),
            &e.actor_mention_id,
            e.target.as_ref().map(eid),
            &e.target_mention_id,
            e.location.as_ref().map(eid),
            &e.location_mention_id,
            &e.claim_id,
            &e.date_id,
            date.map(|d| d.value.as_str()),
            date.and_then(|d| d.date_start),
            date.and_then(|d| d.date_end),
            e.negated,
            e.modality.as_ref(),
            e.rule.as_ref(),
            e.confidence.or_else(|| rule_confidence("events", &e.rule)),
        );
    }
    for c in &r.claims {
        let date = c.date_id.as_deref().and_then(|id| date_by_id.get(id));
        push_row!(out.claims;
            c.id.as_str(),
            doc_id,
            sid(c.sentence),
            sid(c.sentence_end),
            c.attribution.as_ref(),
            c.claimant.as_ref().map(eid),
            &c.claimant_mention_id,
            &c.claimant_text,
            span_start(c.claimant_span),
            span_end(c.claimant_span),
            c.cue.map(|s| s.slice(text)),
            span_start(c.cue),
            span_end(c.cue),
            c.content.slice(text),
            ch(c.content.start),
            ch(c.content.end),
            SpanList(
                c.content_fragments
                    .iter()
                    .map(|s| [ci.to_char(s.start), ci.to_char(s.end)]),
            ),
            c.claim_type.as_ref(),
            c.is_direct_quote,
            c.hedged,
            c.negated,
            &c.date_id,
            date.map(|d| d.value.as_str()),
            c.rule.as_ref(),
            c.confidence.or_else(|| rule_confidence("claims", &c.rule)),
        );
    }
    for d in &r.dates {
        push_row!(out.dates;
            d.id.as_str(),
            doc_id,
            d.sentence.map(sid),
            ch(d.span.start),
            ch(d.span.end),
            d.span.slice(text),
            d.timex_type.as_ref(),
            d.value.as_str(),
            d.modifier.as_deref(),
            d.date_start,
            d.date_end,
            d.granularity.as_deref(),
            d.anchor.as_ref(),
            d.rule.as_ref(),
        );
    }
}

/// The entity id of every key a document's rows refer to, computed once per key.
fn entity_ids(r: &DocResult) -> HashMap<&EntityKey, String> {
    let keys = r
        .author_entities
        .iter()
        .chain(r.mentions.iter().map(|m| &m.key))
        .chain(
            r.argument_mentions
                .iter()
                .filter_map(|m| m.antecedent.as_ref()),
        )
        .chain(
            r.relations
                .iter()
                .flat_map(|x| std::iter::once(&x.subject).chain(x.object.as_ref())),
        )
        .chain(r.events.iter().flat_map(|e| {
            e.actor
                .iter()
                .chain(e.target.as_ref())
                .chain(e.location.as_ref())
        }))
        .chain(r.claims.iter().filter_map(|c| c.claimant.as_ref()));
    let mut ids: HashMap<&EntityKey, String> = HashMap::with_capacity(r.mentions.len());
    for k in keys {
        ids.entry(k).or_insert_with(|| entity_id(k));
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_columns_are_text_columns_of_the_schema() {
        for (table, column) in ENTITY_COLUMNS {
            let def = DOC_TABLES.iter().find(|d| d.name == table).expect(table);
            let c = def.index(column).map(|i| def.columns[i].ty);
            assert!(
                matches!(c, Some(ColType::Text | ColType::TextList)),
                "{table}.{column}"
            );
        }
    }
}
