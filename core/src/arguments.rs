//! Argument mentions: pronouns and common-noun phrases that events name as actor or target.
//!
//! Reads: text, sentences and the name mentions (sorted by offset). Adds: one
//! [`ArgumentMention`] per phrase the event patterns select (`events` calls [`make`]), resolved
//! when possible to an entity named earlier in the document:
//! - personal pronouns to the nearest preceding name of a compatible type within the last few
//!   sentences (`he`/`she`/`his` -> PERSON; `it`/`its` -> ORG, GPE...; `they`/`their` -> ORG,
//!   GPE, NORP); first and second person stay unresolved (their referent is a speaker);
//! - relative pronouns (`who`, `which`, `that`) to the name right before them (`X, who`);
//! - definite nominal phrases (`the company`, `this airline`) to the nearest preceding name whose
//!   type fits the head noun; indefinite ones (`a company`) introduce something new;
//! - a name with its appositive (`Jane Roe, the bank's chief,`) to that name.
//!
//! Invariants: ids are `row_id("M", [doc, start, end, "arg"])`, so they never equal a name
//! mention's id; spans are the caller's (on char boundaries); resolution only looks backwards.

use crate::document::*;
use std::borrow::Cow;

/// Sentences back (including the current one) in which an antecedent is searched.
const WINDOW_SENTENCES: usize = 3;

const NON_PERSON: &[EntityType] = &[EntityType::ORG, EntityType::GPE, EntityType::LOC];
const GROUP: &[EntityType] = &[EntityType::ORG, EntityType::GPE, EntityType::NORP];
const PERSON: &[EntityType] = &[EntityType::PERSON];
const ORG_OR_GPE: &[EntityType] = &[EntityType::ORG, EntityType::GPE];
const PLACE: &[EntityType] = &[EntityType::GPE, EntityType::LOC];

/// Entity types a personal pronoun can refer to; `None` for a word that is no such pronoun,
/// `Some(&[])` for one that is never resolved (`we`, `you`, `I`).
pub fn pronoun_types(w: &str) -> Option<&'static [EntityType]> {
    Some(match w {
        "he" | "him" | "his" | "himself" | "she" | "her" | "hers" | "herself" => PERSON,
        "it" | "its" | "itself" => NON_PERSON,
        "they" | "them" | "their" | "theirs" | "themselves" => GROUP,
        "we" | "us" | "our" | "i" | "me" | "my" | "you" | "your" => &[],
        _ => return None,
    })
}

/// Relative pronouns that can stand for the phrase before them.
pub fn is_relative(w: &str) -> bool {
    matches!(w, "who" | "which" | "that" | "whom")
}

/// Entity types a common head noun can stand for (`company` -> ORG). Plurals are reduced to
/// their singular first.
pub fn nominal_types(head: &str) -> Option<&'static [EntityType]> {
    singular_types(head).or_else(|| {
        let sing = if let Some(s) = head.strip_suffix("ies") {
            format!("{s}y")
        } else if let Some(s) = head.strip_suffix("men") {
            format!("{s}man")
        } else {
            head.strip_suffix('s')?.to_string()
        };
        singular_types(&sing)
    })
}

/// [`nominal_types`] for a head as written: a plural (`member countries`) names a set, not
/// the one entity an antecedent is, so only these resolve.
fn singular_types(w: &str) -> Option<&'static [EntityType]> {
    Some(match w {
        "company" | "firm" | "group" | "airline" | "carrier" | "bank" | "manufacturer"
        | "maker" | "carmaker" | "automaker" | "corporation" | "conglomerate" | "ministry"
        | "agency" | "committee" | "commission" | "court" | "council" | "party" | "union"
        | "organisation" | "organization" | "alliance" | "bloc" | "club" | "board"
        | "parliament" | "department" | "institute" | "university" | "retailer" | "insurer"
        | "lender" | "broadcaster" | "publisher" | "newspaper" | "network" | "operator"
        | "exchange" | "regulator" | "giant" | "startup" | "subsidiary" | "team" | "army"
        | "navy" | "military" | "federation" | "assembly" | "senate" | "congress" | "cabinet"
        | "legislature" | "tribunal" | "watchdog" | "office" => &[EntityType::ORG],
        "government" | "administration" | "regime" | "authorities" | "side" | "kremlin" => {
            ORG_OR_GPE
        }
        "country" | "nation" | "state" | "republic" | "kingdom" | "city" | "capital" | "town"
        | "province" => &[EntityType::GPE],
        "region" | "area" | "island" => PLACE,
        "president" | "minister" | "leader" | "premier" | "chancellor" | "man" | "woman"
        | "spokesman" | "spokeswoman" | "spokesperson" | "chairman" | "chairwoman" | "official"
        | "executive" | "ceo" | "founder" | "director" | "governor" | "mayor" | "senator"
        | "king" | "queen" | "prince" | "pope" | "ambassador" | "secretary" | "general"
        | "commander" | "chief" | "author" | "analyst" | "singer" | "actor" | "player"
        | "coach" | "candidate" => PERSON,
        _ => return None,
    })
}

/// The nearest name mention ending before `pos`, within [`WINDOW_SENTENCES`], whose type is in
/// `types`.
pub fn nearest_before<'a>(
    sentences: &[Sentence],
    mentions: &'a [Mention],
    pos: usize,
    types: &[EntityType],
) -> Option<&'a Mention> {
    if types.is_empty() {
        return None;
    }
    let here = sentence_at(sentences, pos);
    let lo = here.map(|s| s.saturating_sub(WINDOW_SENTENCES - 1));
    let from = lo
        .and_then(|s| sentences.get(s))
        .map_or(0, |s| s.span.start);
    // mentions are sorted by start: only the slice starting in [from, pos] can qualify, which
    // keeps a call proportional to the window rather than to the document
    let lo = mentions.partition_point(|m| m.span.start < from);
    let hi = mentions.partition_point(|m| m.span.start <= pos).max(lo);
    mentions[lo..hi]
        .iter()
        .rev()
        .filter(|m| m.span.end <= pos)
        .find(|m| types.contains(&m.key.entity_type))
}

/// The name mention ending right before `pos` (only spaces and one comma between): what a
/// relative pronoun at `pos` stands for.
pub fn adjacent_before<'a>(text: &str, mentions: &'a [Mention], pos: usize) -> Option<&'a Mention> {
    let hi = mentions.partition_point(|m| m.span.start <= pos);
    let m = mentions[..hi].iter().rev().find(|m| m.span.end <= pos)?;
    let gap = text.get(m.span.end..pos)?;
    let gap = gap.trim();
    (gap.is_empty() || gap == ",").then_some(m)
}

/// What kind of phrase the events stage selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phrase<'a> {
    /// A personal or relative pronoun (lower-cased word).
    Pronoun(&'a str),
    /// A common-noun phrase with its lower-cased head noun and whether it is definite.
    Nominal { head: &'a str, definite: bool },
    /// A name with its appositive or relative clause: refers to that name's entity.
    Appositive(&'a Mention),
}

/// The argument mention for `span`, resolved as the module doc says.
pub fn make(
    doc: &Document,
    sentences: &[Sentence],
    mentions: &[Mention],
    span: Span,
    phrase: Phrase,
) -> ArgumentMention {
    let text = &doc.text;
    let (kind, antecedent, rule) = match phrase {
        Phrase::Pronoun(w) if is_relative(w) => (
            MentionKind::Pronoun,
            adjacent_before(text, mentions, span.start),
            "arg_relative",
        ),
        Phrase::Pronoun(w) => (
            MentionKind::Pronoun,
            pronoun_types(w).and_then(|t| nearest_before(sentences, mentions, span.start, t)),
            "arg_pronoun",
        ),
        Phrase::Appositive(m) => (MentionKind::Nominal, Some(m), "arg_appositive"),
        Phrase::Nominal { head, definite } => (
            MentionKind::Nominal,
            singular_types(head)
                .filter(|_| definite)
                .and_then(|t| nearest_before(sentences, mentions, span.start, t)),
            "arg_nominal",
        ),
    };
    let (mut start_buf, mut end_buf) = ([0; 20], [0; 20]);
    ArgumentMention {
        id: row_id(
            "M",
            &[
                &doc.doc_id,
                decimal(span.start, &mut start_buf),
                decimal(span.end, &mut end_buf),
                "arg",
            ],
        ),
        sentence: sentence_at(sentences, span.start),
        span,
        kind,
        antecedent: antecedent.map(|m| m.key.clone()),
        rule: Cow::Borrowed(rule),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(t: &str) -> DocResult {
        let doc = Document::from_plain_text("a", t.to_string());
        crate::pipeline::process(doc, &crate::pipeline::Context::default())
    }

    fn arg(r: &DocResult, at: &str, phrase: Phrase) -> ArgumentMention {
        let start = r.doc.text.find(at).expect("phrase in text");
        make(
            &r.doc,
            &r.sentences,
            &r.mentions,
            Span::new(start, start + at.len()),
            phrase,
        )
    }

    fn ante(a: &ArgumentMention) -> Option<&str> {
        a.antecedent.as_ref().map(|k| &*k.name)
    }

    #[test]
    fn pronouns_take_the_nearest_compatible_name() {
        let r = setup("Maria Lindqvist visited Toyota in Osaka. She praised it warmly.");
        let she = arg(&r, "She", Phrase::Pronoun("she"));
        assert_eq!(ante(&she), Some("Maria Lindqvist"));
        assert_eq!(she.kind, MentionKind::Pronoun);
        // `it`: the nearest non-person name is Osaka (a GPE) — nearest wins, not the ORG
        let it = arg(&r, "it ", Phrase::Pronoun("it"));
        assert_eq!(ante(&it), Some("Osaka"));
        let we = arg(&r, "praised", Phrase::Pronoun("we"));
        assert_eq!(ante(&we), None, "first person is never resolved");
    }

    #[test]
    fn definite_nominals_resolve_when_the_head_fits() {
        let r =
            setup("Boris Ekström spoke about Lufthansa. The airline cut jobs. A company hired.");
        let the_airline = arg(
            &r,
            "The airline",
            Phrase::Nominal {
                head: "airline",
                definite: true,
            },
        );
        assert_eq!(ante(&the_airline), Some("Lufthansa"));
        assert_eq!(the_airline.kind, MentionKind::Nominal);
        let a_company = arg(
            &r,
            "A company",
            Phrase::Nominal {
                head: "company",
                definite: false,
            },
        );
        assert_eq!(ante(&a_company), None, "indefinite: something new");
        let shares = arg(
            &r,
            "jobs",
            Phrase::Nominal {
                head: "jobs",
                definite: false,
            },
        );
        assert_eq!(ante(&shares), None);
        assert_ne!(the_airline.id, a_company.id);
        assert!(r.mentions.iter().all(|m| m.id != the_airline.id));
    }

    #[test]
    fn relative_pronoun_needs_an_adjacent_name() {
        let r = setup("We called Ingrid Østergård, who resigned. The firm that failed.");
        let who = arg(&r, "who", Phrase::Pronoun("who"));
        assert_eq!(ante(&who), Some("Ingrid Østergård"));
        let that = arg(&r, "that", Phrase::Pronoun("that"));
        assert_eq!(ante(&that), None);
    }

    #[test]
    fn antecedent_window_is_bounded() {
        let r = setup("Pedro Alves arrived. It rained. The wind blew. The snow came. He left.");
        let he = arg(&r, "He", Phrase::Pronoun("he"));
        assert_eq!(ante(&he), None, "too far back");
        assert_eq!(nominal_types("companies"), Some(&[EntityType::ORG][..]));
        assert_eq!(nominal_types("spokesmen"), Some(PERSON));
        assert_eq!(nominal_types("shares"), None);
        let r = setup("Chile signed the pact. The countries agreed.");
        let plural = arg(
            &r,
            "The countries",
            Phrase::Nominal {
                head: "countries",
                definite: true,
            },
        );
        assert_eq!(ante(&plural), None, "a plural names a set");
    }
}
