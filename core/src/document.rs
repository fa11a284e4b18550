//! The carrier every stage reads: one [`Document`] per article, and the layer types the stages
//! add to it ([`DocResult`]).
//!
//! Reads: nothing (plain data). Adds: nothing.
//!
//! Offset contract (MUST): inside the core crate every offset is a **byte offset** into
//! `Document::text`, end exclusive, always on a UTF-8 character boundary. The table layer converts
//! them once per document to Unicode code-point offsets (`char_start`/`char_end`, what Python's
//! `text[a:b]` means). `Document::text` is frozen after ingest: stages only add layers.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::sync::Arc;

/// A label from a closed set (rule ids, enum-like columns). Borrowed when produced by a stage,
/// owned when read back from the cache.
pub type Label = Cow<'static, str>;

/// A half-open byte range `[start, end)` into `Document::text`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// How the article reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    Txt,
    Md,
    Jsonl,
    Html,
}

impl InputFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Txt => "txt",
            InputFormat::Md => "md",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Html => "html",
        }
    }
}

/// The layout role of a paragraph; every sentence inherits the kind of its paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParagraphKind {
    /// The headline, without its section label.
    Title,
    /// A line that only gives the publication date (or a place-and-date dateline).
    Dateline,
    /// The author line (`By ...`, a Markdown author link).
    Byline,
    /// Running text of the article.
    Body,
    /// A photo caption (`Photo: ...`).
    Caption,
    /// The author's biography (`source: Dr X is ...`, `X is a fellow at ...`).
    Bio,
}

impl ParagraphKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ParagraphKind::Title => "title",
            ParagraphKind::Dateline => "dateline",
            ParagraphKind::Byline => "byline",
            ParagraphKind::Body => "body",
            ParagraphKind::Caption => "caption",
            ParagraphKind::Bio => "bio",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub span: Span,
    pub kind: ParagraphKind,
}

/// One article after ingest: metadata and the frozen cleaned text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// JSONL `id` verbatim, or the path relative to its input root.
    pub doc_id: String,
    pub input_path: String,
    /// 1-based line for documents read from JSONL.
    pub input_line: Option<u64>,
    pub input_format: InputFormat,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub published: Option<NaiveDate>,
    /// Only when a time of day is known (RFC 3339 input).
    pub published_at: Option<DateTime<Utc>>,
    pub section: Option<String>,
    pub language: String,
    pub text: String,
    /// Paragraphs in text order, non-overlapping, covering every non-blank part of `text`.
    pub paragraphs: Vec<Paragraph>,
}

impl Document {
    /// A document whose whole text is body paragraphs separated by blank lines (JSONL, eval gold).
    pub fn from_plain_text(doc_id: &str, text: String) -> Document {
        let paragraphs = crate::ingest::blank_line_paragraphs(&text, ParagraphKind::Body);
        Document {
            doc_id: doc_id.to_string(),
            input_path: String::new(),
            input_line: None,
            input_format: InputFormat::Jsonl,
            url: None,
            publisher: None,
            title: None,
            author: None,
            published: None,
            published_at: None,
            section: None,
            language: "en".to_string(),
            text,
            paragraphs,
        }
    }

    /// Opinion pieces get authorial claims (see `claims`).
    pub fn is_opinion(&self) -> bool {
        self.section
            .as_deref()
            .is_some_and(crate::ingest::is_opinion_section)
    }
}

/// Entity types of the `entities` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EntityType {
    PERSON,
    ORG,
    GPE,
    LOC,
    NORP,
    EVENT,
    MISC,
}

impl EntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::PERSON => "PERSON",
            EntityType::ORG => "ORG",
            EntityType::GPE => "GPE",
            EntityType::LOC => "LOC",
            EntityType::NORP => "NORP",
            EntityType::EVENT => "EVENT",
            EntityType::MISC => "MISC",
        }
    }
    pub fn parse(s: &str) -> Option<EntityType> {
        Some(match s {
            "PERSON" => EntityType::PERSON,
            "ORG" => EntityType::ORG,
            "GPE" => EntityType::GPE,
            "LOC" => EntityType::LOC,
            "NORP" => EntityType::NORP,
            "EVENT" => EntityType::EVENT,
            "MISC" => EntityType::MISC,
            _ => return None,
        })
    }
}

/// Per-document identity of an entity: canonical name + type. The corpus merge maps keys to
/// global `entity_id`s (and may fold a short key such as `Putin` into `Vladimir Putin`).
///
/// The name is shared, not owned: a document's events, claims and relations copy the keys of
/// their arguments, and a `String` each was a heap allocation per copy. It serialises as a string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EntityKey {
    #[serde(serialize_with = "serialize_shared_str")]
    #[serde(deserialize_with = "deserialize_shared_str")]
    pub name: Arc<str>,
    pub entity_type: EntityType,
}

fn serialize_shared_str<S: serde::Serializer>(s: &Arc<str>, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(s)
}

fn deserialize_shared_str<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Arc<str>, D::Error> {
    String::deserialize(de).map(Arc::from)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    Name,
    Acronym,
    Title,
    Pronoun,
    Nominal,
}

impl MentionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Name => "name",
            MentionKind::Acronym => "acronym",
            MentionKind::Title => "title",
            MentionKind::Pronoun => "pronoun",
            MentionKind::Nominal => "nominal",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub span: Span,
    pub paragraph_id: usize,
    pub kind: ParagraphKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub id: RowId,
    pub sentence: Option<usize>,
    pub span: Span,
    pub key: EntityKey,
    pub kind: MentionKind,
    pub rule: Label,
}

/// A pronoun or common-noun phrase that an event names as its actor or target (`it`, `the
/// company`, `investors`). `antecedent` is the entity it refers to when resolution found one;
/// unresolved phrases are still mentions so that events can point at them. Ids never collide
/// with name mentions (an extra `arg` part in the row id) and spans never overlap one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArgumentMention {
    pub id: RowId,
    pub sentence: Option<usize>,
    pub span: Span,
    /// `Pronoun` or `Nominal`.
    pub kind: MentionKind,
    pub antecedent: Option<EntityKey>,
    pub rule: Label,
}

/// What one document knows about an entity; merged across documents into `entities` rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalEntity {
    pub key: EntityKey,
    /// Surface forms seen in this document, sorted, deduplicated.
    pub aliases: Vec<String>,
    pub kb_id: Option<String>,
    pub country_code: Option<String>,
    pub mention_count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateExpr {
    pub id: RowId,
    pub sentence: Option<usize>,
    pub span: Span,
    /// DATE, TIME, DURATION, SET.
    pub timex_type: Label,
    pub value: String,
    pub modifier: Option<Label>,
    pub date_start: Option<NaiveDate>,
    /// Inclusive.
    pub date_end: Option<NaiveDate>,
    pub granularity: Option<Label>,
    /// dct, previous, absolute, none.
    pub anchor: Label,
    pub rule: Label,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub id: RowId,
    pub sentence: Option<usize>,
    pub subject: EntityKey,
    pub subject_mention_id: Option<RowId>,
    pub predicate: Label,
    pub object: Option<EntityKey>,
    pub object_mention_id: Option<RowId>,
    pub object_text: Option<String>,
    pub role: Option<String>,
    pub temporal_qualifier: Option<Label>,
    pub date_id: Option<RowId>,
    pub span: Option<Span>,
    pub rule: Label,
    pub confidence: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub id: RowId,
    pub sentence: usize,
    pub sentence_end: usize,
    /// explicit, authorial.
    pub attribution: Label,
    pub claimant: Option<EntityKey>,
    pub claimant_mention_id: Option<RowId>,
    pub claimant_text: Option<String>,
    pub claimant_span: Option<Span>,
    pub cue: Option<Span>,
    pub content: Span,
    /// Parts of a discontinuous content; empty when contiguous.
    pub content_fragments: Vec<Span>,
    pub claim_type: Label,
    pub is_direct_quote: bool,
    pub hedged: bool,
    pub negated: bool,
    pub date_id: Option<RowId>,
    pub rule: Label,
    pub confidence: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: RowId,
    pub event_key: RowId,
    pub sentence: usize,
    pub event_type: Label,
    pub trigger: Span,
    pub actor: Option<EntityKey>,
    pub actor_mention_id: Option<RowId>,
    pub target: Option<EntityKey>,
    pub target_mention_id: Option<RowId>,
    pub location: Option<EntityKey>,
    pub location_mention_id: Option<RowId>,
    pub claim_id: Option<RowId>,
    pub date_id: Option<RowId>,
    pub negated: bool,
    /// asserted, promised, demanded, hypothetical, reported.
    pub modality: Label,
    pub rule: Label,
    pub confidence: Option<f64>,
}

/// Everything `process` finds in one document. Pure data: cacheable and mergeable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocResult {
    pub doc: Document,
    pub sentences: Vec<Sentence>,
    pub mentions: Vec<Mention>,
    /// Pronoun and nominal event arguments, sorted by span, unique ids (see [`ArgumentMention`]).
    #[serde(default)]
    pub argument_mentions: Vec<ArgumentMention>,
    pub entities: Vec<LocalEntity>,
    pub author_entities: Vec<EntityKey>,
    pub relations: Vec<Relation>,
    pub events: Vec<Event>,
    pub claims: Vec<Claim>,
    pub dates: Vec<DateExpr>,
}

/// A stable row id as `row_id` makes it (a kind prefix, `_` and 16 hex digits), held inline:
/// a document's events, claims and mentions copy ids around (an event names its actor's
/// mention, its claim and its date), and a `String` each was a heap allocation per copy.
/// Ordered, compared, hashed, printed and serialized as its text.
#[derive(Clone, Copy, Default)]
pub struct RowId {
    len: u8,
    bytes: [u8; ROW_ID_MAX],
}

/// The longest id a [`RowId`] holds: a prefix of up to 5 bytes, `_` and 16 hex digits.
const ROW_ID_MAX: usize = 22;

impl RowId {
    /// `text` as an id; `None` when it is longer than any row id.
    pub fn new(text: &str) -> Option<RowId> {
        let mut bytes = [0; ROW_ID_MAX];
        bytes
            .get_mut(..text.len())?
            .copy_from_slice(text.as_bytes());
        Some(RowId {
            len: text.len() as u8,
            bytes,
        })
    }

    pub fn as_str(&self) -> &str {
        // SAFETY: the fields are private and every constructor (`new`, `row_id`) copies in a
        // whole `&str` or ASCII, so the first `len` bytes are UTF-8. Checking it on every read
        // cost 1.8% of a run's instructions (ids are read whenever a row is written).
        unsafe { std::str::from_utf8_unchecked(&self.bytes[..usize::from(self.len)]) }
    }
}

impl std::ops::Deref for RowId {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for RowId {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for RowId {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for RowId {
    /// Panics on text longer than a row id: ids come from `row_id` or from a table.
    fn from(text: &str) -> RowId {
        RowId::new(text).unwrap_or_else(|| panic!("not a row id: {text:?}"))
    }
}

impl PartialEq for RowId {
    fn eq(&self, other: &RowId) -> bool {
        self.as_str() == other.as_str()
    }
}
impl Eq for RowId {}

impl PartialEq<str> for RowId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for RowId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialOrd for RowId {
    fn partial_cmp(&self, other: &RowId) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for RowId {
    fn cmp(&self, other: &RowId) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for RowId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl std::fmt::Debug for RowId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for RowId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RowId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RowId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RowId, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        RowId::new(&text).ok_or_else(|| serde::de::Error::custom("a row id is at most 22 bytes"))
    }
}

/// A stable row id: a kind prefix and 16 hex digits of XXH3-64 (seed 0) over the parts, each
/// followed by 0x1f (so any tool can recompute it: Python's `xxhash.xxh3_64_hexdigest`).
/// XXH3 rather than SHA-256: ids need no resistance to a crafted collision, and a run hashes ~90
/// ids per kilobyte of text, which cost ~3% of its CPU time with SHA-256.
pub fn row_id(prefix: &str, parts: &[&str]) -> RowId {
    assert!(
        prefix.len() + 17 <= ROW_ID_MAX,
        "row id prefix too long: {prefix}"
    );
    let digest = row_hash(parts);
    let mut id = RowId::default();
    id.bytes[..prefix.len()].copy_from_slice(prefix.as_bytes());
    id.bytes[prefix.len()] = b'_';
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (i, b) in digest.to_be_bytes().iter().enumerate() {
        id.bytes[prefix.len() + 1 + 2 * i] = HEX[usize::from(b >> 4)];
        id.bytes[prefix.len() + 2 + 2 * i] = HEX[usize::from(b & 0xf)];
    }
    id.len = (prefix.len() + 17) as u8;
    id
}

/// The number behind [`row_id`]'s 16 hex digits: XXH3-64 (seed 0) over the parts, each followed
/// by 0x1f. The corpus merge sorts entity ids as these numbers.
pub fn row_hash(parts: &[&str]) -> u64 {
    use twox_hash::XxHash3_64;
    // The parts of an id seldom pass 100 bytes: one call on a stack buffer then, the streaming
    // hasher (same value: XXH3 is defined on the byte string) beyond.
    let mut joined = [0u8; 256];
    let total: usize = parts.iter().map(|p| p.len() + 1).sum();
    if total <= joined.len() {
        let mut at = 0;
        for p in parts {
            joined[at..at + p.len()].copy_from_slice(p.as_bytes());
            joined[at + p.len()] = 0x1f;
            at += p.len() + 1;
        }
        XxHash3_64::oneshot(&joined[..total])
    } else {
        use std::hash::Hasher as _;
        let mut h = XxHash3_64::with_seed(0);
        for p in parts {
            h.write(p.as_bytes());
            h.write(&[0x1f]);
        }
        h.finish()
    }
}

/// `n` in decimal, written into `buf`: ids hash offsets as text, and `format!` machinery costs
/// more than the hash for the mention ids of a document.
pub fn decimal(n: usize, buf: &mut [u8; 20]) -> &str {
    // Only ASCII digits were written.
    std::str::from_utf8(decimal_digits(n as u64, buf)).unwrap_or_default()
}

/// The ASCII digits of `n` in decimal, written at the end of `buf` (20 digits hold `u64::MAX`).
/// The CSV writer prints its integers with it.
pub fn decimal_digits(mut n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

/// Index of the sentence containing byte offset `pos` (sentences sorted, non-overlapping).
pub fn sentence_at(sentences: &[Sentence], pos: usize) -> Option<usize> {
    let i = sentences.partition_point(|s| s.span.end <= pos);
    (i < sentences.len() && sentences[i].span.start <= pos).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_matches_display() {
        let mut buf = [0u8; 20];
        for n in [0usize, 7, 10, 99, 100, 12345, usize::MAX] {
            assert_eq!(decimal(n, &mut buf), n.to_string());
        }
        assert_eq!(
            decimal_digits(u64::MAX, &mut buf),
            u64::MAX.to_string().as_bytes()
        );
    }

    #[test]
    fn row_ids_hash_the_parts_each_followed_by_a_separator() {
        // Expected values from Python's `xxhash.xxh3_64_hexdigest` over the parts joined with
        // 0x1f after each: an independent implementation, on both paths (stack buffer, and the
        // streaming hasher past 256 bytes).
        let long = "x".repeat(300);
        for (parts, hex) in [
            (vec!["doc-1", "12", "19"], "3b72858cce1f63bd"),
            (vec!["é", "", &long], "d91e37ad29920b58"),
        ] {
            assert_eq!(row_id("M", &parts).as_str(), format!("M_{hex}"));
            assert_eq!(format!("{:016x}", row_hash(&parts)), hex);
        }
    }

    #[test]
    fn row_ids_behave_as_their_text() {
        let ids: Vec<RowId> = ["V_9c98", "K_b03c", "V_1382", "", "LONGP_0123456789abcdef"]
            .into_iter()
            .map(RowId::from)
            .collect();
        let mut by_id = ids.clone();
        by_id.sort();
        let mut by_text: Vec<&str> = ids.iter().map(|i| i.as_str()).collect();
        by_text.sort();
        assert_eq!(
            by_id.iter().map(|i| i.as_str()).collect::<Vec<_>>(),
            by_text
        );
        assert!(ids[0] == "V_9c98" && ids[0] != ids[2]);
        assert_eq!(format!("{} {:?}", ids[1], ids[1]), "K_b03c \"K_b03c\"");
        // Too long for a row id: refused, not cut.
        assert!(RowId::new("LONGER_0123456789abcdef").is_none());
        let json = serde_json::to_string(&ids).unwrap();
        assert_eq!(
            json,
            r#"["V_9c98","K_b03c","V_1382","","LONGP_0123456789abcdef"]"#
        );
        assert_eq!(serde_json::from_str::<Vec<RowId>>(&json).unwrap(), ids);
        assert!(serde_json::from_str::<RowId>(r#""LONGER_0123456789abcdef""#).is_err());
        let id = row_id("S", &["doc", "0", "135"]);
        assert_eq!((id.len(), &id[..2]), (18, "S_"));
    }
}
