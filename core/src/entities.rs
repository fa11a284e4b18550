//! Entity recognition and in-document canonicalisation.
//!
//! Reads: `Document::text`, sentences, the lexicons (`data/lexicons/gazetteer.tsv`, `titles.tsv`,
//! `org_heads.tsv`, `first_names.tsv`). Adds: mentions (name, acronym) with an `EntityKey`
//! (canonical name + type) and the document's `LocalEntity` list; the byline author as a PERSON.
//!
//! Method, in order (each candidate gets the first rule that applies; the rule id is recorded):
//! 1. capitalised token runs (joined by `of`/`for`/`and`/`de` inside organisation names),
//!    without possessive `'s` and without sentence-initial function words;
//! 2. `lexicon`: the run (or its tail after a nationality adjective) is in the gazetteer;
//! 3. `acronym_def`: `Long Form (ACR)` defines an acronym; `acronym`: an all-caps token that is a
//!    defined acronym, a gazetteer alias, or matches an earlier long form letter by letter in order;
//! 4. `title_name`: a run after a title (`President`, `Dr`) is a PERSON (the title is not in the span);
//! 5. `org_head`: a run ending in an organisation head word (`Committee`, `University`) is an ORG;
//! 6. `first_name`: a run starting with a known given name is a PERSON;
//! 7. `surname`: a single token equal to the last name of a PERSON in the document joins it.
//!
//! Invariants: mention spans are sorted, non-overlapping, inside one sentence, and never start
//! with `the` or end with `'s`.

use crate::document::*;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

pub struct Lexicons {
    /// Surface form -> (canonical name, type, country code).
    pub names: HashMap<String, (String, EntityType, Option<String>)>,
    pub titles: HashSet<String>,
    pub org_heads: HashSet<String>,
    pub first_names: HashSet<String>,
}

pub fn lexicons() -> &'static Lexicons {
    static LEX: OnceLock<Lexicons> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut names = HashMap::new();
        for line in data_lines(include_str!("../../data/lexicons/gazetteer.tsv")) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (Some(&name), Some(ty)) = (cols.first(), cols.get(1).and_then(|t| EntityType::parse(t))) else { continue };
            let cc = cols.get(2).filter(|c| !c.is_empty()).map(|c| c.to_string());
            let entry = (name.to_string(), ty, cc);
            for alias in cols.get(3).map(|a| a.split('|').filter(|a| !a.is_empty()).collect::<Vec<_>>()).unwrap_or_default() {
                names.entry(alias.to_string()).or_insert_with(|| entry.clone());
            }
            names.insert(name.to_string(), entry);
        }
        let set = |s: &str| data_lines(s).map(str::to_string).collect::<HashSet<_>>();
        Lexicons {
            names,
            titles: set(include_str!("../../data/lexicons/titles.tsv")),
            org_heads: set(include_str!("../../data/lexicons/org_heads.tsv")),
            first_names: set(include_str!("../../data/lexicons/first_names.tsv")),
        }
    })
}

fn data_lines(s: &str) -> impl Iterator<Item = &str> {
    s.lines().map(str::trim_end).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Capitalised words that start sentences or headlines without naming anything.
const NOT_NAMES: &[&str] = &[
    "The", "A", "An", "In", "On", "At", "For", "From", "To", "Of", "By", "With", "As", "But", "And", "Or", "If", "When", "While",
    "This", "That", "These", "Those", "It", "Its", "He", "She", "They", "We", "I", "You", "His", "Her", "Their", "Our", "My",
    "Yet", "So", "Such", "Despite", "Against", "After", "Before", "Another", "Equally", "Ultimately", "Instead", "However",
    "Public", "Statements", "Reports", "Sustainable", "Bilateral", "Is", "Are", "Was", "Were", "Has", "Have", "Had", "Do",
    "Does", "Did", "What", "Why", "How", "Who", "Where", "Which", "There", "Here", "Not", "No", "Yes", "All", "Some", "Many",
    "Most", "Other", "Every", "Each", "Both", "Also", "Still", "Even", "Only", "Then", "Now", "Today", "Yesterday",
    "Tomorrow", "Mr", "Ms", "Mrs", "Dr", "Civil", "Photo", "Source", "Opinion", "Comment", "Analysis", "Meanwhile", "Although",
    "Because", "Since", "Until", "Over", "Under", "Between", "During", "Among", "Through", "Without", "Within", "About",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April",
    "May", "June", "July", "August", "September", "October", "November", "December",
];

/// Inside a run only calendar words end a name (`Putin on Monday` has no `on`, but `Moscow Monday` does occur in datelines).
fn is_weekday_or_month(w: &str) -> bool {
    NOT_NAMES.iter().rposition(|n| *n == w).is_some_and(|i| i >= NOT_NAMES.len() - 19)
}

const CONNECTORS: &[&str] = &["of", "for", "and", "de", "on", "the"];

#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
}

/// Word tokens of a sentence: letters, digits and inner `.`/`-`/`'` (so `U.S.`, `Russia-led`,
/// `O'Brien` stay whole); a trailing possessive `'s`/`’s` is cut off.
fn tokens(text: &str, span: Span) -> Vec<Token> {
    let s = &text[span.start..span.end];
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = it.peek() {
            if d.is_alphanumeric() {
                end = j + d.len_utf8();
                it.next();
            } else if matches!(d, '.' | '-' | '\'' | '\u{2019}' | '&') {
                // Inner punctuation only when a letter follows (`U.S.` keeps its last dot via the abbrev check).
                let next = s[j + d.len_utf8()..].chars().next();
                if next.is_some_and(|n| n.is_alphanumeric()) {
                    end = j + d.len_utf8();
                    it.next();
                } else if d == '.' && is_dotted_abbrev(&s[i..j]) {
                    end = j + 1;
                    it.next();
                    break;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        let word = &s[i..end];
        for suffix in ["'s", "\u{2019}s"] {
            if word.len() > suffix.len() && word.ends_with(suffix) {
                end -= suffix.len();
            }
        }
        out.push(Token { start: span.start + i, end: span.start + end });
    }
    out
}

/// `U.S` / `U.K` (before the final dot): single capitals separated by dots.
fn is_dotted_abbrev(w: &str) -> bool {
    w.len() >= 3 && w.split('.').all(|p| p.len() == 1 && p.chars().all(|c| c.is_ascii_uppercase()))
}

fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

fn is_acronym(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    (2..=6).contains(&letters) && w.chars().all(|c| c.is_ascii_uppercase() || c == '.' || c.is_ascii_digit()) && w.chars().next().is_some_and(|c| c.is_ascii_uppercase())
}

struct Found {
    span: Span,
    key: EntityKey,
    kind: MentionKind,
    rule: &'static str,
    country_code: Option<String>,
}

/// Finds mentions in every sentence and groups them into document entities.
pub fn find_entities(doc: &Document, sentences: &[Sentence]) -> (Vec<Mention>, Vec<LocalEntity>, Vec<EntityKey>) {
    let lex = lexicons();
    let text = &doc.text;
    let mut found: Vec<Found> = Vec::new();
    // Acronym -> long-form key, from definitions and long forms seen so far.
    let mut acronyms: HashMap<String, EntityKey> = HashMap::new();
    let mut long_forms: Vec<EntityKey> = Vec::new();

    let mut author_keys = Vec::new();
    if let Some(author) = doc.author.as_deref() {
        let name = strip_title(author, lex);
        if !name.is_empty() {
            let key = EntityKey { name: name.to_string(), entity_type: EntityType::PERSON };
            author_keys.push(key.clone());
            // The byline paragraph names the author: a mention with rule `byline`.
            for p in doc.paragraphs.iter().filter(|p| p.kind == ParagraphKind::Byline) {
                if let Some(off) = p.span.slice(text).find(name) {
                    let span = Span::new(p.span.start + off, p.span.start + off + name.len());
                    found.push(Found { span, key: key.clone(), kind: MentionKind::Name, rule: "byline", country_code: None });
                }
            }
        }
    }

    for sent in sentences {
        if sent.kind == ParagraphKind::Byline {
            continue;
        }
        let toks = tokens(text, sent.span);
        let word = |i: usize| &text[toks[i].start..toks[i].end];
        let mut i = 0;
        let mut prev_title: Option<usize> = None;
        while i < toks.len() {
            let w = word(i);
            if lex.titles.contains(w) || lex.titles.contains(&format!("{w}.")) {
                prev_title = Some(i);
                i += 1;
                continue;
            }
            if !is_capitalised(w) || (NOT_NAMES.contains(&w) && !(i > 0 && prev_title == Some(i - 1))) {
                if !(w == "and" && prev_title.is_some()) {
                    prev_title = None;
                }
                i += 1;
                continue;
            }
            // Maximal run of capitalised tokens with connectors inside (`Center of Analysis of ...`).
            let mut j = i + 1;
            let mut end = i + 1;
            while j < toks.len() {
                let gap = &text[toks[j - 1].end..toks[j].start];
                if gap.trim() != "" {
                    break; // punctuation between tokens ends a name
                }
                let wj = word(j);
                if is_capitalised(wj) && !lex.titles.contains(wj) && !is_weekday_or_month(wj) {
                    j += 1;
                    end = j;
                } else if CONNECTORS.contains(&wj) && j + 1 < toks.len() && is_capitalised(word(j + 1)) && text[toks[j].end..toks[j + 1].start].trim().is_empty() {
                    j += 1;
                } else {
                    break;
                }
            }
            // `and` joins names only inside an organisation (`Bank for Trade and Development`);
            // otherwise `A and B` are two names.
            if !lex.org_heads.contains(word(end - 1)) {
                if let Some(k) = (i + 1..end).find(|&k| word(k) == "and") {
                    end = k;
                }
            }
            let run = Span::new(toks[i].start, toks[end - 1].end);
            let after_title = prev_title.is_some();
            let n_tokens = end - i;
            let mut classified = classify(text, run, n_tokens, after_title, &toks[i..end], lex, &acronyms, &long_forms);
            // A run that defines an acronym right after it (`Center of Analysis ... (AIR Center)`)
            // names an organisation even without a head word.
            let defines_acronym = text[run.end..sent.span.end].strip_prefix(" (").and_then(|r| r.split_whitespace().next()).is_some_and(|w| is_acronym(w.trim_end_matches(')')));
            if defines_acronym && n_tokens >= 2 && !classified.iter().any(|f| f.span == run) {
                classified = vec![Found { span: run, key: EntityKey { name: run.slice(text).to_string(), entity_type: EntityType::ORG }, kind: MentionKind::Name, rule: "acronym_def", country_code: None }];
            }
            for f in classified {
                if f.kind == MentionKind::Name && f.key.entity_type == EntityType::ORG && f.key.name.contains(' ') {
                    long_forms.push(f.key.clone());
                }
                found.push(f);
            }
            // `Long Form (ACR)`: the acronym in parentheses right after a name run.
            let after = &text[run.end..sent.span.end];
            if let Some(inner) = after.strip_prefix(" (").and_then(|r| r.split(')').next()) {
                let first = inner.split_whitespace().next().unwrap_or("");
                if is_acronym(first) && !inner.is_empty() && inner.len() < 40 {
                    if let Some(last) = found.last().filter(|f| f.span.end == run.end) {
                        let key = last.key.clone();
                        acronyms.insert(inner.to_string(), key.clone());
                        acronyms.insert(first.to_string(), key.clone());
                        let a_start = run.end + 2;
                        found.push(Found { span: Span::new(a_start, a_start + inner.len()), key, kind: MentionKind::Acronym, rule: "acronym_def", country_code: None });
                        // Skip the tokens of the definition.
                        while end < toks.len() && toks[end].start < a_start + inner.len() {
                            end += 1;
                        }
                    }
                }
            }
            if after_title && end < toks.len() && word(end) == "and" {
                prev_title = Some(end); // `Presidents A and B`: B is after a title too
                i = end + 1;
            } else {
                prev_title = None;
                i = end;
            }
        }
    }

    resolve_short_names(&mut found);
    found.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    let mut mentions = Vec::new();
    let mut last_end = 0;
    let mut entities: HashMap<EntityKey, LocalEntity> = HashMap::new();
    for f in found {
        if f.span.start < last_end {
            continue; // overlaps an earlier, longer mention
        }
        last_end = f.span.end;
        let surface = f.span.slice(text).to_string();
        let e = entities.entry(f.key.clone()).or_insert_with(|| LocalEntity {
            key: f.key.clone(),
            aliases: Vec::new(),
            kb_id: None,
            country_code: f.country_code.clone(),
            mention_count: 0,
        });
        e.mention_count += 1;
        if !e.aliases.contains(&surface) {
            e.aliases.push(surface);
        }
        mentions.push(Mention {
            id: row_id("M", &[&doc.doc_id, &f.span.start.to_string(), &f.span.end.to_string()]),
            sentence: sentence_at(sentences, f.span.start),
            span: f.span,
            key: f.key,
            kind: f.kind,
            rule: Cow::Borrowed(f.rule),
        });
    }
    let mut entities: Vec<LocalEntity> = entities.into_values().collect();
    for e in &mut entities {
        e.aliases.sort();
    }
    entities.sort_by(|a, b| a.key.cmp(&b.key));
    (mentions, entities, author_keys)
}

fn strip_title<'a>(name: &'a str, lex: &Lexicons) -> &'a str {
    let mut n = name.trim();
    while let Some((first, rest)) = n.split_once(' ') {
        if lex.titles.contains(first) {
            n = rest.trim_start();
        } else {
            break;
        }
    }
    n
}

#[allow(clippy::too_many_arguments)]
fn classify(text: &str, run: Span, n_tokens: usize, after_title: bool, toks: &[Token], lex: &Lexicons, acronyms: &HashMap<String, EntityKey>, long_forms: &[EntityKey]) -> Vec<Found> {
    let surface = run.slice(text);
    let found = |span: Span, name: &str, ty: EntityType, kind, rule, cc: Option<String>| Found {
        span,
        key: EntityKey { name: name.to_string(), entity_type: ty },
        kind,
        rule,
        country_code: cc,
    };
    let words: Vec<&str> = toks.iter().map(|t| &text[t.start..t.end]).collect();
    let last = *words.last().unwrap_or(&"");

    if let Some((name, ty, cc)) = lex.names.get(surface) {
        let kind = if is_acronym(surface) { MentionKind::Acronym } else { MentionKind::Name };
        return vec![found(run, name, *ty, kind, "lexicon", cc.clone())];
    }
    if n_tokens == 1 && is_acronym(surface) {
        if let Some(key) = acronyms.get(surface) {
            return vec![found(run, &key.name, key.entity_type, MentionKind::Acronym, "acronym", None)];
        }
        if let Some(key) = long_forms.iter().rev().find(|k| letters_match(surface, &k.name)) {
            return vec![found(run, &key.name, key.entity_type, MentionKind::Acronym, "acronym", None)];
        }
    }
    if after_title && !lex.org_heads.contains(last) {
        return vec![found(run, surface, EntityType::PERSON, MentionKind::Name, "title_name", None)];
    }
    if lex.org_heads.contains(last) && n_tokens >= 2 {
        return vec![found(run, surface, EntityType::ORG, MentionKind::Name, "org_head", None)];
    }
    if n_tokens >= 2 && lex.first_names.contains(words[0]) && n_tokens <= 4 {
        return vec![found(run, surface, EntityType::PERSON, MentionKind::Name, "first_name", None)];
    }
    // `Russia-Azerbaijan`, `Russia-led`: lexicon names inside hyphenated tokens.
    let mut out = Vec::new();
    for t in toks {
        let w = &text[t.start..t.end];
        let mut off = t.start;
        for part in w.split('-') {
            if let Some((name, ty, cc)) = lex.names.get(part) {
                if part.len() < w.len() || n_tokens > 1 {
                    out.push(found(Span::new(off, off + part.len()), name, *ty, MentionKind::Name, "lexicon", cc.clone()));
                }
            }
            off += part.len() + 1;
        }
    }
    if out.is_empty() && n_tokens == 1 {
        // A bare capitalised word: a PERSON only if it is the surname of a known person (resolved later).
        out.push(found(run, surface, EntityType::MISC, MentionKind::Name, "surname", None));
    }
    out
}

/// `AZAL` ~ `Azerbaijan Airlines`: the acronym's letters appear in order, the first letter of
/// every word is used, and the first letters agree.
fn letters_match(acr: &str, long: &str) -> bool {
    let acr: Vec<char> = acr.chars().filter(|c| c.is_alphabetic()).map(|c| c.to_ascii_lowercase()).collect();
    let words: Vec<Vec<char>> = long.split_whitespace().filter(|w| is_capitalised(w)).map(|w| w.to_lowercase().chars().collect()).collect();
    if words.len() < 2 || acr.len() < words.len() {
        return false;
    }
    // Each word must contribute a non-empty prefix-anchored subsequence, in order.
    fn go(acr: &[char], words: &[Vec<char>]) -> bool {
        match (acr.first(), words.first()) {
            (None, None) => true,
            (Some(_), None) | (None, Some(_)) => false,
            (Some(&a), Some(w)) => {
                if w[0] != a {
                    return false;
                }
                // Take 1..k letters of the acronym from this word (subsequence of the word).
                let mut wi = 1;
                for k in 1..=acr.len() {
                    if go(&acr[k..], &words[1..]) {
                        return true;
                    }
                    if k == acr.len() {
                        break;
                    }
                    match w[wi..].iter().position(|&c| c == acr[k]) {
                        Some(p) => wi += p + 1,
                        None => return false,
                    }
                }
                false
            }
        }
    }
    go(&acr, &words)
}

/// Single-token names join the PERSON whose last name they are (`Putin` -> `Vladimir Putin`);
/// unresolved bare words (rule `surname` typed MISC) are dropped.
fn resolve_short_names(found: &mut Vec<Found>) {
    let persons: Vec<EntityKey> = found.iter().filter(|f| f.key.entity_type == EntityType::PERSON && f.key.name.contains(' ')).map(|f| f.key.clone()).collect();
    for f in found.iter_mut() {
        if f.key.name.contains(' ') {
            continue;
        }
        let single = f.key.name.clone();
        let mut matches = persons.iter().filter(|p| p.name.rsplit(' ').next() == Some(single.as_str()));
        if let Some(p) = matches.next() {
            if matches.all(|q| q == p) {
                f.key = p.clone();
                if f.rule == "surname" {
                    f.kind = MentionKind::Name;
                }
            }
        }
    }
    found.retain(|f| !(f.rule == "surname" && f.key.entity_type == EntityType::MISC));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ents(text: &str) -> Vec<(String, String, &'static str)> {
        let doc = Document::from_plain_text("t", text.to_string());
        let sents: Vec<Sentence> = crate::sentences::split(text).into_iter().map(|span| Sentence { span, paragraph_id: 0, kind: ParagraphKind::Body }).collect();
        let (m, _, _) = find_entities(&doc, &sents);
        m.iter().map(|m| (m.span.slice(text).to_string(), m.key.name.clone(), m.key.entity_type.as_str())).collect()
    }

    #[test]
    fn title_names_exclude_the_title_and_coordinate() {
        let e = ents("They met Presidents Anna Berg and Tomas Lind in Vienna.");
        assert!(e.contains(&("Anna Berg".into(), "Anna Berg".into(), "PERSON")), "{e:?}");
        assert!(e.contains(&("Tomas Lind".into(), "Tomas Lind".into(), "PERSON")), "{e:?}");
        assert!(e.contains(&("Vienna".into(), "Vienna".into(), "GPE")), "{e:?}");
    }

    #[test]
    fn surnames_resolve_to_the_full_name_and_possessives_are_cut() {
        let e = ents("Dr Tomas Lind spoke. Later, Lind's office agreed.");
        assert!(e.contains(&("Lind".into(), "Tomas Lind".into(), "PERSON")), "{e:?}");
    }

    #[test]
    fn acronyms_defined_in_parentheses_and_by_letters() {
        let e = ents("The Northern Rail Company (NRC) runs trains. The Baltic Ferries crash hurt NRC and BAFE.");
        assert!(e.contains(&("Northern Rail Company".into(), "Northern Rail Company".into(), "ORG")), "{e:?}");
        assert!(e.contains(&("NRC".into(), "Northern Rail Company".into(), "ORG")), "{e:?}");
        assert!(letters_match("AZAL", "Azerbaijan Airlines"));
        assert!(!letters_match("AZAL", "Azerbaijan Railways"));
    }

    #[test]
    fn org_heads_and_lexicon_names_with_hyphens() {
        let e = ents("A Kazakhstan-led panel asked the Central Statistics Office for data.");
        assert!(e.contains(&("Kazakhstan".into(), "Kazakhstan".into(), "GPE")), "{e:?}");
        assert!(e.contains(&("Central Statistics Office".into(), "Central Statistics Office".into(), "ORG")), "{e:?}");
    }
}
