//! The output contract: one definition per table (column, type, nullability, meaning).
//!
//! Reads: nothing. Adds: `TABLES`, from which the CSV writer, the Parquet writer, `dossier schema`
//! and the README's data dictionary are all derived. Invariant: column lists are frozen; later
//! capabilities fill columns, they do not reshape tables. Bump `SCHEMA_VERSION` on any change.

pub const SCHEMA_VERSION: &str = "2";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    /// Plain UTF-8 text.
    Text,
    /// A low-cardinality label: dictionary-encoded in Parquet (a categorical in pandas).
    Label,
    Int,
    Float,
    Bool,
    /// A calendar date (Arrow Date32).
    Date,
    /// A UTC instant, microseconds (Arrow Timestamp(us, UTC)).
    Timestamp,
    /// A list of text (JSON array in CSV).
    TextList,
    /// A list of `[start, end]` code-point pairs (JSON array of arrays in CSV).
    SpanList,
}

impl ColType {
    pub fn name(self) -> &'static str {
        match self {
            ColType::Text => "string",
            ColType::Label => "label (dictionary string)",
            ColType::Int => "int64",
            ColType::Float => "float64",
            ColType::Bool => "bool",
            ColType::Date => "date32",
            ColType::Timestamp => "timestamp[us, UTC]",
            ColType::TextList => "list<string>",
            ColType::SpanList => "list<list<int64>>",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub ty: ColType,
    pub nullable: bool,
    pub doc: &'static str,
}

#[derive(Debug)]
pub struct TableDef {
    pub name: &'static str,
    pub doc: &'static str,
    pub columns: &'static [Column],
}

impl TableDef {
    pub fn index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

const fn c(name: &'static str, ty: ColType, nullable: bool, doc: &'static str) -> Column {
    Column {
        name,
        ty,
        nullable,
        doc,
    }
}

use ColType::*;

pub const DOCUMENTS: TableDef = TableDef {
    name: "documents",
    doc: "One row per accepted article, in input order.",
    columns: &[
        c("doc_id", Text, false, "JSONL `id` verbatim, or the path relative to its input root (prefixed by the root's name when several roots are given)"),
        c("input_path", Text, false, "The file the article came from, as given on the command line"),
        c("input_format", Label, false, "txt, md, jsonl or html"),
        c("url", Text, true, "Source URL (JSONL `url`)"),
        c("publisher", Text, true, "Publisher or site (JSONL `publisher`, or the domain named by a disclaimer)"),
        c("title", Text, true, "Headline without its section label"),
        c("author", Text, true, "Byline author as printed"),
        c("author_entity_ids", TextList, false, "entities.entity_id of the byline author(s)"),
        c("published", Date, true, "Publication date (date line, or JSONL `published`)"),
        c("published_at", Timestamp, true, "Publication instant in UTC, only when a time of day is known"),
        c("section", Text, true, "Section label (`Opinion`, `Analysis`...)"),
        c("language", Label, false, "ISO 639-1 language code"),
        c("text", Text, false, "Cleaned text: every char_start/char_end in every table indexes this"),
        c("char_count", Int, false, "Length of `text` in Unicode code points"),
        c("sentence_count", Int, false, "Rows of `sentences` for this document"),
        c("content_sha256", Text, false, "SHA-256 (hex) of `text`"),
    ],
};

pub const SENTENCES: TableDef = TableDef {
    name: "sentences",
    doc: "Sentences in document order; never cross a paragraph.",
    columns: &[
        c("doc_id", Text, false, "documents.doc_id"),
        c(
            "sentence_id",
            Text,
            false,
            "Stable id from doc_id and offsets",
        ),
        c(
            "char_start",
            Int,
            false,
            "Code-point offset into documents.text (inclusive)",
        ),
        c(
            "char_end",
            Int,
            false,
            "Code-point offset into documents.text (exclusive)",
        ),
        c(
            "paragraph_id",
            Int,
            false,
            "0-based paragraph index in the document",
        ),
        c(
            "paragraph_kind",
            Label,
            false,
            "title, dateline, byline, body, caption or bio",
        ),
        c(
            "text",
            Text,
            false,
            "The sentence: documents.text[char_start:char_end]",
        ),
    ],
};

pub const MENTIONS: TableDef = TableDef {
    name: "mentions",
    doc: "Entity mentions: names, acronyms, titles; pronouns and common-noun phrases that events name as actor or target (resolved to an earlier entity when possible).",
    columns: &[
        c(
            "mention_id",
            Text,
            false,
            "Stable id from doc_id and offsets",
        ),
        c("doc_id", Text, false, "documents.doc_id"),
        c("sentence_id", Text, true, "sentences.sentence_id"),
        c("char_start", Int, false, "Code-point offset (inclusive)"),
        c("char_end", Int, false, "Code-point offset (exclusive)"),
        c(
            "text",
            Text,
            false,
            "The mention as written (no title, leading article or possessive 's)",
        ),
        c(
            "entity_id",
            Text,
            true,
            "entities.entity_id; NULL for a pronoun or nominal that resolves to no entity",
        ),
        c(
            "entity_type",
            Label,
            true,
            "PERSON, ORG, GPE, LOC, NORP, EVENT or MISC; NULL when entity_id is",
        ),
        c(
            "mention_kind",
            Label,
            false,
            "name, acronym, title, pronoun or nominal",
        ),
        c("rule", Label, false, "The rule that found it (see README)"),
    ],
};

pub const ENTITIES: TableDef = TableDef {
    name: "entities",
    doc: "One row per real-world entity across the corpus, sorted by entity_id.",
    columns: &[
        c(
            "entity_id",
            Text,
            false,
            "Stable id from canonical name and type (independent of corpus and order)",
        ),
        c("name", Text, false, "Canonical name"),
        c(
            "entity_type",
            Label,
            false,
            "PERSON, ORG, GPE, LOC, NORP, EVENT or MISC",
        ),
        c(
            "aliases",
            TextList,
            false,
            "Every surface form seen, sorted",
        ),
        c(
            "kb_id",
            Text,
            true,
            "Knowledge-base id (GeoNames id for gazetteer places)",
        ),
        c("country_code", Text, true, "ISO 3166-1 alpha-2 (GPE, NORP)"),
        c(
            "mention_count",
            Int,
            false,
            "Rows of `mentions` for this entity",
        ),
        c("document_count", Int, false, "Documents that mention it"),
        c(
            "first_published",
            Date,
            true,
            "Earliest `published` among those documents",
        ),
    ],
};

pub const RELATIONS: TableDef = TableDef {
    name: "relations",
    doc: "Subject-predicate-object facts between entities.",
    columns: &[
        c("relation_id", Text, false, "Stable id"),
        c("doc_id", Text, false, "documents.doc_id"),
        c("sentence_id", Text, true, "sentences.sentence_id (null for gazetteer facts)"),
        c("subject_id", Text, false, "entities.entity_id"),
        c("subject_mention_id", Text, true, "mentions.mention_id"),
        c("predicate", Label, false, "holds_role, affiliated_with, leader_of, member_of, located_in, alias_of, nationality, ethnicity"),
        c("object_id", Text, true, "entities.entity_id"),
        c("object_mention_id", Text, true, "mentions.mention_id"),
        c("object_text", Text, true, "Object as text when it is not an entity (an acronym, a value)"),
        c("role", Text, true, "Role title for holds_role (`Senior Advisor`)"),
        c("temporal_qualifier", Label, true, "former, acting, then..."),
        c("date_id", Text, true, "dates.date_id"),
        c("char_start", Int, true, "Code-point offset of the evidence span"),
        c("char_end", Int, true, "Code-point offset (exclusive)"),
        c("rule", Label, false, "The rule that produced it"),
        c("confidence", Float, true, "Measured precision of the rule on the dev sets, or null"),
    ],
};

pub const EVENTS: TableDef = TableDef {
    name: "events",
    doc: "Event mentions: who did what to whom, where and when.",
    columns: &[
        c("event_id", Text, false, "Stable id"),
        c(
            "event_key",
            Text,
            false,
            "Shared by the mentions of one event in a document",
        ),
        c("doc_id", Text, false, "documents.doc_id"),
        c("sentence_id", Text, false, "sentences.sentence_id"),
        c("event_type", Label, false, "Taxonomy label (see README)"),
        c("trigger", Text, false, "Trigger word as written"),
        c("trigger_start", Int, false, "Code-point offset (inclusive)"),
        c("trigger_end", Int, false, "Code-point offset (exclusive)"),
        c("actor_id", Text, true, "entities.entity_id of the agent"),
        c("actor_mention_id", Text, true, "mentions.mention_id"),
        c("target_id", Text, true, "entities.entity_id of the patient"),
        c("target_mention_id", Text, true, "mentions.mention_id"),
        c("location_id", Text, true, "entities.entity_id of the place"),
        c("location_mention_id", Text, true, "mentions.mention_id"),
        c("claim_id", Text, true, "claims.claim_id for speech events"),
        c("date_id", Text, true, "dates.date_id"),
        c("date_value", Text, true, "TIMEX3 value of that date"),
        c("date_start", Date, true, "Interval start"),
        c("date_end", Date, true, "Interval end (inclusive)"),
        c("negated", Bool, false, "The text says it did not happen"),
        c(
            "modality",
            Label,
            false,
            "asserted, promised, demanded, hypothetical or reported",
        ),
        c("rule", Label, false, "The rule that produced it"),
        c(
            "confidence",
            Float,
            true,
            "Measured precision of the rule on the dev sets, or null",
        ),
    ],
};

pub const CLAIMS: TableDef = TableDef {
    name: "claims",
    doc: "Who said, promised, demanded or denied what.",
    columns: &[
        c("claim_id", Text, false, "Stable id"),
        c("doc_id", Text, false, "documents.doc_id"),
        c("sentence_id", Text, false, "sentences.sentence_id where the claim starts"),
        c("sentence_end_id", Text, false, "sentences.sentence_id where it ends (quotes over several sentences)"),
        c("attribution", Label, false, "explicit (a cue names the source) or authorial (the op-ed author's own claim)"),
        c("claimant_id", Text, true, "entities.entity_id of the source"),
        c("claimant_mention_id", Text, true, "mentions.mention_id"),
        c("claimant_text", Text, true, "The source as written (also for groups without an entity)"),
        c("claimant_start", Int, true, "Code-point offset"),
        c("claimant_end", Int, true, "Code-point offset (exclusive)"),
        c("cue", Text, true, "Cue as written (`said`, `promised`); null for authorial claims"),
        c("cue_start", Int, true, "Code-point offset"),
        c("cue_end", Int, true, "Code-point offset (exclusive)"),
        c("content", Text, false, "What is claimed"),
        c("content_start", Int, false, "Code-point offset"),
        c("content_end", Int, false, "Code-point offset (exclusive)"),
        c("content_fragments", SpanList, false, "[start, end] pairs when the content is discontinuous, else empty"),
        c("claim_type", Label, false, "statement, promise, demand, accusation, denial, apology, threat, question, opinion... (see README)"),
        c("is_direct_quote", Bool, false, "Content is a quotation"),
        c("hedged", Bool, false, "may, might, reportedly, allegedly..."),
        c("negated", Bool, false, "did not say, denied..."),
        c("date_id", Text, true, "dates.date_id of the speech act's date when stated"),
        c("date_value", Text, true, "TIMEX3 value of that date"),
        c("rule", Label, false, "The rule that produced it"),
        c("confidence", Float, true, "Measured precision of the rule on the dev sets, or null"),
    ],
};

pub const DATES: TableDef = TableDef {
    name: "dates",
    doc: "Temporal expressions with TIMEX3 values and real intervals.",
    columns: &[
        c("date_id", Text, false, "Stable id"),
        c("doc_id", Text, false, "documents.doc_id"),
        c("sentence_id", Text, true, "sentences.sentence_id"),
        c("char_start", Int, false, "Code-point offset"),
        c("char_end", Int, false, "Code-point offset (exclusive)"),
        c("text", Text, false, "The expression as written"),
        c("timex_type", Label, false, "DATE, TIME, DURATION or SET"),
        c(
            "value",
            Text,
            false,
            "TIMEX3 value (`2025-10`, `P3Y`, `PAST_REF`)",
        ),
        c("mod", Label, true, "TIMEX3 mod (START, END, APPROX...)"),
        c("date_start", Date, true, "Interval start"),
        c("date_end", Date, true, "Interval end (inclusive)"),
        c(
            "granularity",
            Label,
            true,
            "day, week, month, quarter, season, year, decade...",
        ),
        c("anchor", Label, false, "dct, previous, absolute or none"),
        c("rule", Label, false, "The rule that produced it"),
    ],
};

pub const REJECTS: TableDef = TableDef {
    name: "rejects",
    doc: "Inputs that did not become documents, and why.",
    columns: &[
        c("input_path", Text, false, "The file"),
        c("line", Int, true, "1-based line for JSONL inputs"),
        c("doc_id", Text, true, "The id, when one could be read"),
        c(
            "stage",
            Label,
            false,
            "decode, parse, validate, limit, duplicate_id, unsupported, panic",
        ),
        c("reason", Text, false, "What was wrong"),
    ],
};

/// Every table, in the order they are written and documented.
pub const TABLES: [&TableDef; 9] = [
    &DOCUMENTS, &SENTENCES, &MENTIONS, &ENTITIES, &RELATIONS, &EVENTS, &CLAIMS, &DATES, &REJECTS,
];

/// The data dictionary as Markdown (`dossier schema --format markdown`, README).
pub fn markdown() -> String {
    let mut s = String::new();
    for t in TABLES {
        s.push_str(&format!(
            "### `{}`\n{}\n\n| column | type | null | meaning |\n|---|---|---|---|\n",
            t.name, t.doc
        ));
        for col in t.columns {
            s.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                col.name,
                col.ty.name(),
                if col.nullable { "yes" } else { "no" },
                col.doc
            ));
        }
        s.push('\n');
    }
    s
}

pub fn json() -> serde_json::Value {
    serde_json::json!({
        "schema_version": SCHEMA_VERSION,
        "tables": TABLES.iter().map(|t| serde_json::json!({
            "name": t.name,
            "doc": t.doc,
            "columns": t.columns.iter().map(|c| serde_json::json!({
                "name": c.name, "type": c.ty.name(), "nullable": c.nullable, "doc": c.doc
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}
