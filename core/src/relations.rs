//! Relations: roles, affiliations, membership, location and aliases.
//!
//! Reads: text, sentences, mentions. Adds: relations. Patterns (rule ids in brackets):
//! - [`appositive_role`] `PERSON, (is) a/an/the ROLE at/of ORG` and a following
//!   `and ROLE at ORG`: `holds_role` with the role as `role`;
//! - [`title_of_place`] `GPE president PERSON` / `GPE's president PERSON`: `holds_role` (object the GPE);
//! - [`org_in_place`] `ORG in GPE`: `located_in`;
//! - [`acronym_def`] an acronym mention of an entity: `alias_of` with the acronym as `object_text`.
//!
//! Invariant: subject and object mentions lie in the relation's sentence.

use crate::document::*;
use std::borrow::Cow;

const ROLE_PREPS: &[&str] = &[" at ", " of ", " with ", " for "];

pub fn find_relations(doc: &Document, sentences: &[Sentence], mentions: &[Mention]) -> Vec<Relation> {
    let text = &doc.text;
    let mut out = Vec::new();
    let rel = |sent: usize, subj: &Mention, pred: &'static str, obj: Option<&Mention>, obj_text: Option<String>, role: Option<String>, span: Span, rule: &'static str| {
        Relation {
            id: row_id("R", &[&doc.doc_id, pred, &subj.id, obj.map_or("", |o| o.id.as_str()), obj_text.as_deref().unwrap_or(""), role.as_deref().unwrap_or("")]),
            sentence: Some(sent),
            subject: subj.key.clone(),
            subject_mention_id: Some(subj.id.clone()),
            predicate: Cow::Borrowed(pred),
            object: obj.map(|o| o.key.clone()),
            object_mention_id: obj.map(|o| o.id.clone()),
            object_text: obj_text,
            role,
            temporal_qualifier: None,
            date_id: None,
            span: Some(span),
            rule: Cow::Borrowed(rule),
            confidence: None,
        }
    };
    for (si, sent) in sentences.iter().enumerate() {
        let ms: Vec<&Mention> = mentions.iter().filter(|m| sent.span.contains(m.span)).collect();
        for (k, m) in ms.iter().enumerate() {
            match m.key.entity_type {
                EntityType::PERSON => {
                    // `X, (is) a Senior Advisor at ORG and Adjunct Lecturer at ORG2`
                    let mut cursor = m.span.end;
                    let mut next = k + 1;
                    let mut first = true;
                    while next < ms.len() {
                        let obj = ms[next];
                        let between = &text[cursor..obj.span.start];
                        let Some(role) = role_phrase(between, first) else { break };
                        if !matches!(obj.key.entity_type, EntityType::ORG | EntityType::GPE) {
                            break;
                        }
                        let span = Span::new(m.span.start, obj.span.end);
                        out.push(rel(si, m, "holds_role", Some(obj), None, Some(role), span, "appositive_role"));
                        cursor = obj.span.end;
                        next += 1;
                        first = false;
                    }
                    // `Azerbaijan president X`
                    if k > 0 {
                        let prev = ms[k - 1];
                        let between = text[prev.span.end..m.span.start].trim().trim_start_matches("'s").trim();
                        let lower = between.to_lowercase();
                        if prev.key.entity_type == EntityType::GPE && matches!(lower.as_str(), "president" | "prime minister" | "foreign minister" | "leader" | "king" | "queen" | "chancellor") {
                            out.push(rel(si, m, "holds_role", Some(prev), None, Some(lower.clone()), Span::new(prev.span.start, m.span.end), "title_of_place"));
                            if matches!(lower.as_str(), "president" | "prime minister" | "leader" | "king" | "queen" | "chancellor") {
                                out.push(rel(si, m, "leader_of", Some(prev), None, Some(lower), Span::new(prev.span.start, m.span.end), "title_of_place"));
                            }
                        }
                    }
                }
                EntityType::ORG => {
                    if let Some(obj) = ms.get(k + 1) {
                        if obj.key.entity_type == EntityType::GPE && &text[m.span.end..obj.span.start] == " in " {
                            out.push(rel(si, m, "located_in", Some(obj), None, None, Span::new(m.span.start, obj.span.end), "org_in_place"));
                        }
                    }
                }
                _ => {}
            }
            if m.kind == MentionKind::Acronym && m.rule == "acronym_def" {
                out.push(rel(si, m, "alias_of", None, Some(m.span.slice(text).to_string()), None, m.span, "acronym_def"));
            }
        }
    }
    out.sort_by(|a, b| (a.span, &a.id).cmp(&(b.span, &b.id)));
    out.dedup_by(|a, b| a.id == b.id);
    out
}

/// `, (is) a Senior Advisor at ` -> `Senior Advisor`; the first link may start with a comma,
/// later ones with `and`.
fn role_phrase(between: &str, first: bool) -> Option<String> {
    let mut b = between.trim_start();
    b = if first { b.strip_prefix(',')?.trim_start() } else { b.strip_prefix("and ").or_else(|| b.strip_prefix(", "))?.trim_start() };
    for lead in ["is ", "was ", "who is ", "who was "] {
        if let Some(r) = b.strip_prefix(lead) {
            b = r;
        }
    }
    for art in ["a ", "an ", "the ", "former "] {
        if let Some(r) = b.strip_prefix(art) {
            b = r;
        }
    }
    let prep = ROLE_PREPS.iter().filter_map(|p| b.find(p).map(|i| (i, p.len()))).min()?;
    let rest = &b[prep.0 + prep.1..];
    let role = b[..prep.0].trim();
    let ok_rest = rest.trim().is_empty() || rest.trim() == "the";
    let words = role.split_whitespace().count();
    (ok_rest && (1..=5).contains(&words) && !role.contains(',')).then(|| role.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bio_roles_chain_over_and() {
        let t = "Dr Tomas Lind, is a Senior Fellow at the Baltic Policy Institute and Visiting Lecturer at Riga Technical University in Riga, Latvia.";
        let doc = Document::from_plain_text("t", t.to_string());
        let sents: Vec<Sentence> = crate::sentences::split(t).into_iter().map(|span| Sentence { span, paragraph_id: 0, kind: ParagraphKind::Bio }).collect();
        let (m, _, _) = crate::entities::find_entities(&doc, &sents);
        let r = find_relations(&doc, &sents, &m);
        let roles: Vec<(String, String)> = r.iter().filter(|r| r.predicate == "holds_role").map(|r| (r.role.clone().unwrap(), r.object.as_ref().unwrap().name.clone())).collect();
        assert_eq!(roles, vec![("Senior Fellow".to_string(), "Baltic Policy Institute".to_string()), ("Visiting Lecturer".to_string(), "Riga Technical University".to_string())]);
        assert!(r.iter().any(|r| r.predicate == "located_in" && r.subject.name == "Riga Technical University"));
    }
}
