//! Events: who did what to whom, where and when.
//!
//! Reads: text, sentences, mentions, dates, claims. Adds: events. A trigger word from
//! `data/lexicons/event_triggers.tsv` starts an event; its actor is the nearest entity mention
//! before the trigger in the sentence (or the `by X` phrase), its target the first entity after it
//! (`against X`, `between A and B`), its location the `in PLACE` after it, its date the date
//! expression in the sentence nearest the trigger. Claims with a political meaning also become
//! events of the matching verbal type with `claim_id` set.
//!
//! Coreference: mentions of the same event type in a document that share a participant or a
//! qualifier entity (`the Azerbaijan Airlines crash`, `the AZAL crash`) share an `event_key`.
//! Invariants: trigger spans lie in their sentence; rows sorted by trigger offset.

use crate::claims::word_spans;
use crate::document::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

fn triggers() -> &'static HashMap<String, &'static str> {
    static T: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    T.get_or_init(|| {
        include_str!("../../data/lexicons/event_triggers.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(w, t)| (w.to_string(), &*Box::leak(t.trim().to_string().into_boxed_str())))
            .collect()
    })
}

const FUTURE: &[&str] = &["will", "would", "shall", "plans", "planned", "promise", "promised"];
const HYPOTHETICAL: &[&str] = &["if", "could", "might", "may"];

pub fn find_events(doc: &Document, sentences: &[Sentence], mentions: &[Mention], dates: &[DateExpr], claims: &[Claim]) -> Vec<Event> {
    let text = &doc.text;
    let trig = triggers();
    let mut out = Vec::new();
    for (si, sent) in sentences.iter().enumerate() {
        if !matches!(sent.kind, ParagraphKind::Body | ParagraphKind::Caption | ParagraphKind::Title) {
            continue;
        }
        let s = sent.span.slice(text);
        let ms: Vec<&Mention> = mentions.iter().filter(|m| sent.span.contains(m.span)).collect();
        for (ws, we) in word_spans(s) {
            let w = s[ws..we].to_lowercase();
            let Some(&ty) = trig.get(&w) else { continue };
            let trigger = Span::new(sent.span.start + ws, sent.span.start + we);
            // Actor: `by X` after the trigger, else the nearest mention before it within 8 words.
            let by = ms.iter().find(|m| m.span.start > trigger.end && text[trigger.end..m.span.start].trim_end().ends_with(" by") && text[trigger.end..m.span.start].split_whitespace().count() <= 4);
            let before = ms.iter().rev().find(|m| m.span.end <= trigger.start && text[m.span.end..trigger.start].split_whitespace().count() <= 8 && m.key.entity_type != EntityType::NORP);
            let actor = by.or(before).copied();
            // Target: the first non-actor mention shortly after the trigger (`against X`, `of X`,
            // `with X`); places only with `against` (otherwise they are locations).
            let target = ms.iter().find(|m| {
                if m.span.start < trigger.end || Some(m.span) == actor.map(|a| a.span) {
                    return false;
                }
                let gap = text[trigger.end..m.span.start].to_lowercase();
                let g = gap.trim();
                let near = gap.split_whitespace().count() <= 4;
                let linked = g.is_empty() || g == "the" || g.contains("against") || g.contains("between") || g.contains("with") || g.starts_with("of");
                let place = matches!(m.key.entity_type, EntityType::GPE | EntityType::LOC);
                near && linked && (!place || g.contains("against"))
            }).copied();
            let location = ms.iter().find(|m| m.span.start > trigger.end && matches!(m.key.entity_type, EntityType::GPE | EntityType::LOC) && text[..m.span.start].ends_with(" in ")).copied();
            let date = dates.iter().filter(|d| sent.span.contains(d.span) && d.date_start.is_some()).min_by_key(|d| d.span.start.abs_diff(trigger.start));
            let pre = text[sent.span.start..trigger.start].to_lowercase();
            let pre_words: Vec<&str> = pre.split_whitespace().collect();
            let recent = &pre_words[pre_words.len().saturating_sub(4)..];
            let negated = recent.iter().any(|w| matches!(*w, "not" | "no" | "never" | "didn't" | "did't" | "without"));
            let modality = if recent.iter().any(|w| FUTURE.contains(w)) {
                "promised"
            } else if pre_words.iter().any(|w| HYPOTHETICAL.contains(w)) {
                "hypothetical"
            } else if pre.contains("called for") || pre.contains("demand") {
                "demanded"
            } else {
                "asserted"
            };
            out.push(Event {
                id: row_id("V", &[&doc.doc_id, &trigger.start.to_string(), &trigger.end.to_string()]),
                event_key: String::new(),
                sentence: si,
                event_type: Cow::Borrowed(ty),
                trigger,
                actor: actor.map(|m| m.key.clone()),
                actor_mention_id: actor.map(|m| m.id.clone()),
                target: target.map(|m| m.key.clone()),
                target_mention_id: target.map(|m| m.id.clone()),
                location: location.map(|m| m.key.clone()),
                location_mention_id: location.map(|m| m.id.clone()),
                claim_id: None,
                date_id: date.map(|d| d.id.clone()),
                negated,
                modality: Cow::Borrowed(modality),
                rule: Cow::Borrowed("trigger_lexicon"),
                confidence: None,
            });
        }
    }
    for c in claims.iter().filter(|c| c.attribution == "explicit") {
        let ty = match &*c.claim_type {
            "statement" | "opinion" | "admission" => "public_statement",
            "promise" => "intent_to_cooperate",
            "demand" => "demand",
            "accusation" | "criticism" => "disapprove",
            "denial" | "rejection" => "reject",
            "apology" => "yield",
            "threat" | "warning" => "threaten",
            "question" => "public_statement",
            _ => continue,
        };
        let Some(cue) = c.cue else { continue };
        out.push(Event {
            id: row_id("V", &[&doc.doc_id, &cue.start.to_string(), &cue.end.to_string(), "claim"]),
            event_key: String::new(),
            sentence: c.sentence,
            event_type: Cow::Borrowed(ty),
            trigger: cue,
            actor: c.claimant.clone(),
            actor_mention_id: c.claimant_mention_id.clone(),
            target: None,
            target_mention_id: None,
            location: None,
            location_mention_id: None,
            claim_id: Some(c.id.clone()),
            date_id: c.date_id.clone(),
            negated: c.negated,
            modality: Cow::Borrowed("reported"),
            rule: Cow::Borrowed("claim_event"),
            confidence: None,
        });
    }
    out.sort_by(|a, b| (a.trigger, &a.id).cmp(&(b.trigger, &b.id)));
    // Same-document coreference: same type and same qualifying entity (the mention right before
    // the trigger, e.g. `AZAL crash`) or same actor and target.
    let mut keys: HashMap<String, String> = HashMap::new();
    for e in &mut out {
        let qualifier = mentions.iter().find(|m| m.span.end + 1 == e.trigger.start || m.span.end + 3 == e.trigger.start).map(|m| m.key.name.clone());
        let sig = match (&qualifier, &e.actor, &e.target) {
            (Some(q), _, _) => format!("{}|q|{q}", e.event_type),
            (None, Some(a), Some(t)) => format!("{}|at|{}|{}", e.event_type, a.name, t.name),
            _ => format!("{}|id|{}", e.event_type, e.id),
        };
        e.event_key = keys.entry(sig.clone()).or_insert_with(|| row_id("K", &[&doc.doc_id, &sig])).clone();
    }
    out
}
