//! Claims: who said, promised, demanded or denied what; the op-ed author for unattributed opinion.
//!
//! Reads: text, sentences, mentions, dates. Adds: claims. Explicit claims come from cue words
//! (`data/lexicons/claim_cues.tsv`: surface form -> claim type); the claimant is the nearest entity
//! mention before the cue in its sentence (a pronoun takes the last PERSON before it), the content
//! is the clause the cue introduces (after `that` when present), or the quote before `"..., X said`.
//! Authorial claims: in opinion pieces, body sentences with an evaluative or prescriptive marker
//! and no explicit claim belong to the byline author (`attribution = authorial`, no cue).
//!
//! Invariants: every span lies in `sentence..=sentence_end`; content is never empty; claims are
//! sorted by content start.

use crate::document::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

struct Cues {
    /// Lower-cased cue word (or two-word phrase) -> claim type.
    verbs: HashMap<String, &'static str>,
    authorial_markers: Vec<String>,
}

fn cues() -> &'static Cues {
    static C: OnceLock<Cues> = OnceLock::new();
    C.get_or_init(|| {
        let mut verbs = HashMap::new();
        let mut authorial_markers = Vec::new();
        for line in include_str!("../../data/lexicons/claim_cues.tsv").lines() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((cue, ty)) = line.split_once('\t') else { continue };
            if ty == "authorial" {
                authorial_markers.push(cue.to_string());
            } else {
                verbs.insert(cue.to_string(), intern_type(ty));
            }
        }
        Cues { verbs, authorial_markers }
    })
}

/// Claim types are a closed, documented list (see README): map the lexicon's strings onto it.
fn intern_type(t: &str) -> &'static str {
    const TYPES: &[&str] = &["statement", "promise", "demand", "accusation", "denial", "apology", "threat", "question", "opinion", "criticism", "warning", "admission", "rejection"];
    TYPES.iter().find(|x| **x == t).copied().unwrap_or("statement")
}

const PRONOUNS: &[&str] = &["he", "she", "they", "He", "She", "They"];
const HEDGES: &[&str] = &["may", "might", "could", "reportedly", "allegedly", "appears to", "apparently", "possibly", "perhaps", "likely"];

pub fn find_claims(doc: &Document, sentences: &[Sentence], mentions: &[Mention], dates: &[DateExpr], author: Option<&EntityKey>) -> Vec<Claim> {
    let text = &doc.text;
    let cues = cues();
    let mut claims = Vec::new();
    let mut claimed_sentences = vec![false; sentences.len()];
    for (si, sent) in sentences.iter().enumerate() {
        if !matches!(sent.kind, ParagraphKind::Body | ParagraphKind::Caption) {
            continue;
        }
        let s = sent.span.slice(text);
        let words = word_spans(s);
        for (wi, &(ws, we)) in words.iter().enumerate() {
            let w = s[ws..we].to_lowercase();
            let two = words.get(wi + 1).map(|&(a, b)| format!("{w} {}", s[a..b].to_lowercase()));
            let (cue_len_words, ty) = match two.as_ref().and_then(|t| cues.verbs.get(t)) {
                Some(ty) => (2, *ty),
                None => match cues.verbs.get(&w) {
                    Some(ty) => (1, *ty),
                    None => continue,
                },
            };
            let cue = Span::new(sent.span.start + ws, sent.span.start + words[wi + cue_len_words - 1].1);
            let Some(claim) = build_claim(doc, si, sent, cue, ty, mentions, sentences) else { continue };
            claimed_sentences[si] = true;
            claims.push(claim);
            break; // one explicit claim per sentence in this first version
        }
    }
    if doc.is_opinion() {
        for (si, sent) in sentences.iter().enumerate() {
            if sent.kind != ParagraphKind::Body || claimed_sentences[si] {
                continue;
            }
            let lower = format!(" {} ", sent.span.slice(text).to_lowercase());
            let Some(_marker) = cues.authorial_markers.iter().find(|m| lower.contains(&format!(" {m} "))) else { continue };
            claims.push(Claim {
                id: row_id("C", &[&doc.doc_id, "authorial", &sent.span.start.to_string()]),
                sentence: si,
                sentence_end: si,
                attribution: Cow::Borrowed("authorial"),
                claimant: author.cloned(),
                claimant_mention_id: None,
                claimant_text: doc.author.clone(),
                claimant_span: None,
                cue: None,
                content: sent.span,
                content_fragments: Vec::new(),
                claim_type: Cow::Borrowed("opinion"),
                is_direct_quote: false,
                hedged: is_hedged(sent.span.slice(text)),
                negated: false,
                date_id: None,
                rule: Cow::Borrowed("authorial_marker"),
                confidence: None,
            });
        }
    }
    // The claim's date: a date expression inside the claimant..cue stretch (`in May 2024, he said`).
    for c in &mut claims {
        if let Some(cue) = c.cue {
            let lo = c.claimant_span.map_or(cue.start, |s| s.start.min(cue.start));
            let sent = sentences[c.sentence].span;
            c.date_id = dates.iter().find(|d| d.span.start >= sent.start && d.span.end <= sent.end && (d.span.end <= cue.start + 40 && d.span.start + 60 >= lo) && !c.content.contains(d.span)).map(|d| d.id.clone());
        }
    }
    claims.sort_by_key(|c| (c.content.start, c.content.end));
    claims
}

fn build_claim(doc: &Document, si: usize, sent: &Sentence, cue: Span, ty: &'static str, mentions: &[Mention], sentences: &[Sentence]) -> Option<Claim> {
    let text = &doc.text;
    let before = Span::new(sent.span.start, cue.start);
    let after = Span::new(cue.end, sent.span.end);
    // Claimant: the last entity mention before the cue in this sentence, within a few words.
    let claimant_mention = mentions.iter().rev().find(|m| before.contains(m.span) && text[m.span.end..cue.start].split_whitespace().count() <= 6);
    let pronoun = if claimant_mention.is_none() {
        let b = before.slice(text);
        b.split_whitespace().last().filter(|w| PRONOUNS.contains(w)).map(|w| {
            let off = before.start + b.rfind(w).unwrap_or(0);
            Span::new(off, off + w.len())
        })
    } else {
        None
    };
    let (claimant, claimant_mention_id, claimant_span) = if let Some(m) = claimant_mention {
        (Some(m.key.clone()), Some(m.id.clone()), Some(m.span))
    } else if let Some(p) = pronoun {
        let person = mentions.iter().rev().find(|m| m.span.end <= p.start && m.key.entity_type == EntityType::PERSON);
        (person.map(|m| m.key.clone()), None, Some(p))
    } else {
        (None, None, None)
    };
    // Content: after the cue (skipping `that`), or the quote before `"...," X said`.
    let a = after.slice(text);
    let trimmed = a.trim_start();
    let skip = a.len() - trimmed.len() + trimmed.strip_prefix("that ").map_or(0, |_| 5);
    let mut content = Span::new(after.start + skip, after.end);
    let mut is_quote = false;
    let b = before.slice(text);
    if let Some(q_end) = b.rfind(['"', '\u{201d}']) {
        if let Some(q_start) = b[..q_end].rfind(['"', '\u{201c}']) {
            let inner_start = before.start + q_start + b[q_start..].chars().next().map_or(1, char::len_utf8);
            content = Span::new(inner_start, before.start + q_end);
            is_quote = true;
        }
    }
    let c = content.slice(text);
    let c_trim = c.trim_end_matches(['.', ',', ' ']);
    content = Span::new(content.start, content.start + c_trim.len());
    if content.len() < 3 || (claimant.is_none() && claimant_span.is_none()) {
        return None;
    }
    let negated = {
        let pre = text[claimant_span.map_or(cue.start, |s| s.end)..cue.start].to_lowercase();
        pre.contains("not ") || pre.contains("n't ") || pre.contains("never ")
    };
    let _ = sentences;
    Some(Claim {
        id: row_id("C", &[&doc.doc_id, "explicit", &cue.start.to_string(), &content.start.to_string()]),
        sentence: si,
        sentence_end: si,
        attribution: Cow::Borrowed("explicit"),
        claimant,
        claimant_mention_id,
        claimant_text: claimant_span.map(|s| s.slice(text).to_string()),
        claimant_span,
        cue: Some(cue),
        content,
        content_fragments: Vec::new(),
        claim_type: Cow::Borrowed(ty),
        is_direct_quote: is_quote,
        hedged: is_hedged(content.slice(text)),
        negated,
        date_id: None,
        rule: Cow::Borrowed(if is_quote { "quote_cue" } else { "cue_verb" }),
        confidence: None,
    })
}

fn is_hedged(s: &str) -> bool {
    let l = format!(" {} ", s.to_lowercase());
    HEDGES.iter().any(|h| l.contains(&format!(" {h} ")))
}

/// Word byte spans within `s` (letters, digits, apostrophes).
pub(crate) fn word_spans(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let is_word = c.is_alphanumeric() || c == '\'' || c == '-';
        match (is_word, start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.push((st, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((st, s.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, section: Option<&str>) -> Vec<Claim> {
        let mut doc = Document::from_plain_text("t", text.to_string());
        doc.section = section.map(str::to_string);
        doc.author = Some("Jane Roe".into());
        let sents: Vec<Sentence> = crate::sentences::split(text).into_iter().map(|span| Sentence { span, paragraph_id: 0, kind: ParagraphKind::Body }).collect();
        let (m, _, a) = crate::entities::find_entities(&doc, &sents);
        find_claims(&doc, &sents, &m, &[], a.first())
    }

    #[test]
    fn reported_speech_with_that_and_a_named_claimant() {
        let t = "Minister Tomas Lind said that the bridge would reopen in spring.";
        let c = run(t, None);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].claimant.as_ref().unwrap().name, "Tomas Lind");
        assert_eq!(c[0].content.slice(t), "the bridge would reopen in spring");
        assert_eq!(c[0].claim_type, "statement");
    }

    #[test]
    fn promises_and_pronoun_claimants() {
        let t = "Dr Anna Berg met the residents. She promised that rents would fall.";
        let c = run(t, None);
        assert_eq!(c[0].claim_type, "promise");
        assert_eq!(c[0].claimant.as_ref().unwrap().name, "Anna Berg");
        assert_eq!(c[0].claimant_text.as_deref(), Some("She"));
    }

    #[test]
    fn opinion_pieces_credit_evaluative_sentences_to_the_author() {
        let t = "The city should keep its trams. The trams run every day.";
        let c = run(t, Some("Opinion"));
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].attribution, "authorial");
        assert_eq!(c[0].claimant.as_ref().unwrap().name, "Jane Roe");
        assert!(run(t, None).is_empty());
    }
}
