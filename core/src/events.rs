//! Events: who did what to whom, where and when.
//!
//! Reads: text, sentences, mentions, dates, claims. Adds: events (one row per trigger mention,
//! sorted by trigger offset; coreferent mentions share an `event_key`).
//!
//! # Taxonomy (`event_type`)
//! Modelled on the top level of CAMEO, plus the non-political events news reports daily. Trigger
//! words live in `data/lexicons/event_triggers.tsv` (lemma, type, part of speech); one example each:
//! - `public_statement` — *the minister **said**, a **statement**, a **press conference***
//! - `appeal` — *X **urged** Y to ..., an **appeal***
//! - `intent_to_cooperate` — *Putin **promised** that ..., a **pledge**, **plans** to*
//! - `consult` — *Aliyev **met** Putin, the **meeting** in Dushanbe, the CIS **summit***
//! - `diplomatic_cooperation` — ***praised**, **apologised**, **support** for*
//! - `material_cooperation` — ***supply**, **delivered** weapons*
//! - `aid` — *humanitarian **aid**, **rescue**, a **bailout***
//! - `yield` — ***resigned**, **withdrew**, **released** the prisoners*
//! - `investigate` — *the **investigation**, police **searched***
//! - `demand` — ***demanded**, **called for**, an **ultimatum***
//! - `disapprove` — ***criticised**, **accused**, a **dispute***
//! - `reject` — ***rejected**, **denied**, a **veto***
//! - `threaten` — ***threatened**, a **warning***
//! - `protest` — ***protest**, a **rally**, a **strike***
//! - `military_posture` — ***deployed** troops, military **operations***
//! - `reduce_relations` — ***suspended** talks, **sanctions**, **expelled** diplomats*
//! - `coerce` — ***raids**, **detained**, **arrests***
//! - `assault` — *the **killing** of two brothers, **attacked***
//! - `fight` — ***fighting**, an **invasion***
//! - `mass_violence` — *a **massacre***
//! - `accident` — *the Azerbaijan Airlines **crash**, a **collision***
//! - `election` — *the **election**, **voted***
//! - `personnel` — *GM **named** X its chief executive, the **appointment***
//! - `death` — ***died**, the **death** of*
//! - `legal_action` — ***sued**, the criminal **case**... **ruling**, **bankruptcy** filing*
//! - `agreement` — ***signed** a **deal**, the **treaty***
//! - `economic` — *shares **fell**, the **purchase**, **sales**, **launched** a phone*
//! - `other` — generic occurrences news also reports (***began**, **used**, **happened***);
//!   kept so that every event of a text is counted, filter them out for event statistics.
//!
//! # Method (per sentence, linear in its tokens)
//! 1. Tokens on an ASCII-lower-cased copy of the text (same byte offsets); a possessive `'s` is
//!    its own token. Words inside a name mention are not triggers (except in EVENT names).
//! 2. Trigger lookup: one- and two-word forms. Verb lemmas are inflected when the lexicon loads
//!    (regular rules, both with and without a doubled final consonant, plus
//!    `events_irregular_verbs.tsv`); nouns get plurals. A word listed as both noun and verb is a
//!    noun after a determiner or possessive, a verb otherwise.
//! 3. Arguments, syntax-light: the **actor** of an active verb is its subject, the first content
//!    token left of the verb group: a name mention, or else a pronoun or common-noun phrase
//!    (`it`, `the company`, `who`; a name with its appositive between commas; `the head of X`)
//!    that becomes an argument mention (see `arguments`, which resolves it to an earlier entity
//!    when it can). The **target** is the name or noun phrase right after the verb (with one
//!    `of`/`in`/`on`/`with` postmodifier and one coordinated phrase; not when it is the subject
//!    of a clause: `said it would`), or after `against`/`with`. Phrase heads are never numbers,
//!    abstract nouns or event nouns (participants are entities). Passives (`was selected by X`)
//!    swap: subject -> target, `by X` -> actor; so do verbs done to people with no object and no
//!    `have` (`dozens detained`); the subject of a change of state (`shares fell`)
//!    or a copula (`remained closed`) is the target. A name that only modifies the object
//!    (`14 new Airbus A330 jets`) gives way to the whole phrase. An `-s` form between a bare
//!    name and an object or `to` + verb is a verb (`Apple launches the iPhone`, `X plans to
//!    buy`). Nouns: `X's N`, `his N` / `by X` -> actor
//!    (the target for a change of state: `its fall`), `N of X` / `against X` -> target, a name
//!    right before the noun (`the AZAL crash`) -> target for happenings, actor otherwise. A verb
//!    after `N to` takes the noun's actor (`X's decision to close`); a noun object of a light
//!    verb takes its subject (`X placed an order`); an amount is no target (`a loss of $6
//!    billion`). `close`/`drop` with a case
//!    word in its object is `legal_action`. **Location**:
//!    `in/at PLACE` after the trigger (also past `on the sidelines of ...`). **Date**: the date
//!    expression of the sentence nearest the trigger (any type: `2008-09-04`, `P2Y`...).
//! 4. `negated`: `not`/`n't`/`never`/`no`/`failed to` in the verb group. `modality`: `promised`
//!    (`will`, `promised to`, `plans to`, or inside a promise claim), `demanded` (`called for`,
//!    inside a demand claim), `hypothetical` (`if`, `could`, `might`, `may`, `would`),
//!    `reported` (inside the content of another explicit claim), else `asserted`.
//! 5. Claims: an explicit claim whose cue is a trigger gives that event its `claim_id` and the
//!    claim's speech type; other claims with a political meaning add a row (`rule = claim_event`).
//! 6. `event_key`: same type and same qualifying entity (`the Azerbaijan Airlines crash`, `the
//!    AZAL crash`: one entity key), or same type, actor and target; a definite noun without
//!    qualifier (`the crash`) joins the latest earlier event with the same lemma.
//!
//! Invariants: trigger spans lie in their sentence, on word boundaries; rows sorted by trigger.
//! Cost is linear in the document: claims, dates and triggers are looked up through
//! start-ordered indexes (`SpanIndex`), never by scanning the whole document per event.

use crate::document::*;
use crate::entities::WordMap as HashMap;
use crate::wordlist::WordList;
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

/// One surface form of the trigger lexicon.
#[derive(Debug, Clone, Copy)]
struct Form {
    ty: &'static str,
    lemma: &'static str,
    verb: bool,
    noun: bool,
    /// `-ed` or irregular past form: may be a passive participle.
    past: bool,
    /// A form that is mostly an adjective (`close`, `free`): a trigger only after `to` or a modal.
    modal_only: bool,
}

/// What the trigger lexicon knows about one word.
#[derive(Debug, Default)]
struct LexEntry {
    /// The word as a one-word trigger.
    one: Option<Form>,
    /// (second word, form) of the two-word triggers it opens (`call for`, `press conference`).
    two: Vec<(&'static str, Form)>,
}

/// One map for one- and two-word triggers: a token is looked up once, when its sentence is
/// tokenized, and the rules read the answer from the token.
struct Lexicon {
    words: HashMap<&'static str, LexEntry>,
}

impl Lexicon {
    #[cfg(test)]
    fn one(&self, w: &str) -> Option<&Form> {
        self.words.get(w).and_then(|e| e.one.as_ref())
    }
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Regular inflections of a verb lemma: (form, is_past). Both doubled and plain variants are
/// produced where English spelling varies (`plan` -> `planned`, `open` -> `opened`): a variant
/// that does not exist never matches text.
fn verb_forms(l: &str) -> Vec<(String, bool)> {
    let b = l.as_bytes();
    let n = b.len();
    let last = b[n - 1];
    let mut out = vec![(l.to_string(), false)];
    let stem_y = n > 1 && last == b'y' && !is_vowel(b[n - 2]);
    // 3rd person singular
    if stem_y {
        out.push((format!("{}ies", &l[..n - 1]), false));
    } else if l.ends_with('s')
        || l.ends_with('x')
        || l.ends_with('z')
        || l.ends_with("ch")
        || l.ends_with("sh")
        || l.ends_with('o')
    {
        out.push((format!("{l}es"), false));
    } else {
        out.push((format!("{l}s"), false));
    }
    // past and -ing
    if stem_y {
        out.push((format!("{}ied", &l[..n - 1]), true));
        out.push((format!("{l}ing"), false));
    } else if last == b'e' {
        out.push((format!("{l}d"), true));
        if l.ends_with("ie") {
            out.push((format!("{}ying", &l[..n - 2]), false));
        } else if l.ends_with("ee") || l.ends_with("ye") || l.ends_with("oe") {
            out.push((format!("{l}ing"), false));
        } else {
            out.push((format!("{}ing", &l[..n - 1]), false));
        }
    } else {
        out.push((format!("{l}ed"), true));
        out.push((format!("{l}ing"), false));
        let cvc = n >= 3
            && !is_vowel(last)
            && !matches!(last, b'w' | b'x' | b'y')
            && is_vowel(b[n - 2])
            && !is_vowel(b[n - 3]);
        if cvc {
            out.push((format!("{l}{}ed", last as char), true));
            out.push((format!("{l}{}ing", last as char), false));
        }
    }
    out
}

fn noun_forms(l: &str) -> Vec<String> {
    let b = l.as_bytes();
    let n = b.len();
    let mut out = vec![l.to_string()];
    if l.ends_with('s') && !l.ends_with("ss") {
        return out; // already plural (`talks`, `sales`)
    }
    if n > 1 && b[n - 1] == b'y' && !is_vowel(b[n - 2]) {
        out.push(format!("{}ies", &l[..n - 1]));
    } else if l.ends_with("ss") || l.ends_with('x') || l.ends_with("ch") || l.ends_with("sh") {
        out.push(format!("{l}es"));
    } else {
        out.push(format!("{l}s"));
    }
    out
}

fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| {
        build_lexicon(
            include_str!("../../data/lexicons/event_triggers.tsv"),
            include_str!("../../data/lexicons/events_irregular_verbs.tsv"),
        )
    })
}

fn data_lines(s: &str) -> impl Iterator<Item = &str> {
    s.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn build_lexicon(triggers: &'static str, irregular: &'static str) -> Lexicon {
    let irr: HashMap<&str, Vec<&str>> = data_lines(irregular)
        .filter_map(|l| l.split_once('\t'))
        .map(|(lemma, forms)| (lemma, forms.split('|').collect()))
        .collect();
    let mut stops: Vec<&str> = Vec::new();
    let mut modal_only: Vec<&str> = Vec::new();
    let mut forms: Vec<(String, Form)> = Vec::new();
    for line in data_lines(triggers) {
        let mut cols = line.split('\t');
        let (Some(word), Some(ty), Some(pos)) = (cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        if pos == "stop" {
            stops.push(word);
            continue;
        }
        if pos == "modal" {
            modal_only.push(word);
            continue;
        }
        let ty: &'static str = ty;
        let lemma: &'static str = word;
        let (first, rest) = match word.split_once(' ') {
            Some((a, b)) => (a, Some(b)),
            None => (word, None),
        };
        let mut push = |f: String, verb: bool, noun: bool, past: bool| {
            let f = match rest {
                Some(r) => format!("{f} {r}"),
                None => f,
            };
            forms.push((
                f,
                Form {
                    ty,
                    lemma,
                    verb,
                    noun,
                    past,
                    modal_only: false,
                },
            ));
        };
        if pos.contains('v') {
            // `set`, `cut`, `hit`: an irregular verb listed without a past form has its base
            // form as past and participle (`have been set up`, `should be cut`)
            let same_past = irr
                .get(first)
                .is_some_and(|fs| fs.iter().all(|f| f.ends_with('s') || f.ends_with("ing")));
            for (f, past) in verb_forms(first) {
                let past = past || same_past && f == first;
                push(f, true, false, past);
            }
            for f in irr.get(first).into_iter().flatten() {
                push(
                    f.to_string(),
                    true,
                    false,
                    !f.ends_with('s') && !f.ends_with("ing"),
                );
            }
        }
        if pos.contains('n') {
            for f in noun_forms(first) {
                push(f, false, true, false);
            }
        }
    }
    let mut words: HashMap<&'static str, LexEntry> = HashMap::default();
    for (f, mut form) in forms {
        if stops.contains(&f.as_str()) {
            continue;
        }
        form.modal_only = modal_only.contains(&f.as_str());
        match f.split_once(' ') {
            Some((a, b)) => {
                let (a, b) = (leak(a.to_string()), leak(b.to_string()));
                let v = &mut words.entry(a).or_default().two;
                if !v.iter().any(|(x, _)| *x == b) {
                    v.push((b, form));
                }
            }
            None => {
                // The first row of a word wins its type; a later row only adds a reading.
                let e = words.entry(leak(f)).or_default().one.get_or_insert(form);
                if e.lemma == form.lemma || e.ty == form.ty {
                    e.verb |= form.verb;
                    e.noun |= form.noun;
                    e.past |= form.past;
                } else {
                    e.verb |= form.verb;
                    e.noun |= form.noun;
                }
            }
        }
    }
    Lexicon { words }
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokKind {
    Word,
    /// A possessive `'s` / `'` cut off a word.
    Poss,
    Punct,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    kind: TokKind,
    /// Index into the sentence's mention list when the token lies inside a mention.
    mention: Option<usize>,
    /// The token lies inside a date expression.
    date: bool,
    /// The trigger lexicon's entry for the (lower-cased) word; set only when `may_trigger`.
    entry: Option<&'static LexEntry>,
}

impl Tok {
    /// A token of `kind` not (yet) known to lie in a mention or a date.
    fn new(start: usize, end: usize, kind: TokKind) -> Tok {
        Tok {
            start,
            end,
            kind,
            mention: None,
            date: false,
            entry: None,
        }
    }
}

/// A word that can trigger an event: not inside a date, nor inside a mention other than an
/// EVENT name. Only these tokens get their lexicon entry (`Tok::entry`) when tokenized.
fn may_trigger(t: &Tok, ms: &[&Mention]) -> bool {
    t.kind == TokKind::Word
        && !t.date
        && t.mention
            .is_none_or(|m| ms[m].key.entity_type == EntityType::EVENT)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Word and punctuation tokens of `text[span]`: letters and digits with inner `-`, `'`, `.`
/// (`U.S.`, `sell-off`); a final `'s` is split off as a possessive token.
fn tokenize(text: &str, span: Span, out: &mut Vec<Tok>) {
    out.clear();
    let s = &text[span.start..span.end];
    let bytes = s.as_bytes();
    let char_at = |j: usize| match bytes.get(j) {
        Some(&b) if b < 0x80 => Some(char::from(b)),
        Some(_) => s[j..].chars().next(),
        None => None,
    };
    let mut at = 0;
    while let Some(c) = char_at(at) {
        let i = at;
        at += c.len_utf8();
        if c.is_alphanumeric() {
            let mut end = at;
            // Possessives and contractions hold an apostrophe: most words need neither test.
            let mut apostrophe = false;
            loop {
                // The common case, ASCII letters and digits, in one tight loop.
                while bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                    end += 1;
                }
                let Some(d) = char_at(end) else { break };
                if d.is_alphanumeric() {
                    end += d.len_utf8();
                } else if d == '-' || is_apostrophe(d) || d == '.' || d == '&' {
                    // joins only when a letter/digit follows
                    if char_at(end + d.len_utf8()).is_some_and(char::is_alphanumeric) {
                        end += d.len_utf8();
                        apostrophe |= is_apostrophe(d);
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            at = end;
            if !apostrophe {
                out.push(Tok::new(span.start + i, span.start + end, TokKind::Word));
                continue;
            }
            // split a possessive 's
            let w = &s[i..end];
            let poss = ["'s", "\u{2019}s"]
                .iter()
                .find(|p| w.len() > p.len() + 1 && w.ends_with(*p))
                .map(|p| p.len());
            // `we've`, `they're`, `I'd`: the auxiliary is a word of its own, so the pronoun is
            // the subject and the auxiliary joins the verb group.
            let contraction = CONTRACTIONS
                .words()
                .iter()
                .find(|p| w.len() > p.len() && w.ends_with(*p))
                .map(|p| p.len());
            if let Some(cl) = contraction {
                for (a, b) in [(i, end - cl), (end - cl, end)] {
                    out.push(Tok::new(span.start + a, span.start + b, TokKind::Word));
                }
                continue;
            }
            match poss {
                Some(pl) => {
                    out.push(Tok::new(
                        span.start + i,
                        span.start + end - pl,
                        TokKind::Word,
                    ));
                    out.push(Tok::new(
                        span.start + end - pl,
                        span.start + end,
                        TokKind::Poss,
                    ));
                }
                None => out.push(Tok::new(span.start + i, span.start + end, TokKind::Word)),
            }
        } else if !c.is_whitespace() {
            let kind = if is_apostrophe(c)
                && out
                    .last()
                    .is_some_and(|t| t.kind == TokKind::Word && t.end == span.start + i)
                && s[i + c.len_utf8()..].starts_with(char::is_whitespace)
            {
                TokKind::Poss
            } else {
                TokKind::Punct
            };
            out.push(Tok::new(
                span.start + i,
                span.start + i + c.len_utf8(),
                kind,
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Closed classes used by the argument patterns

static DETERMINERS: WordList = WordList::new(&[
    "the", "a", "an", "its", "their", "his", "her", "our", "my", "your", "this", "these", "those",
    "that", "some", "any", "each", "every", "all", "both", "no", "several", "many", "new",
]);
static PREPOSITIONS: WordList = WordList::new(&[
    "of",
    "in",
    "at",
    "on",
    "for",
    "from",
    "with",
    "to",
    "by",
    "into",
    "over",
    "under",
    "about",
    "against",
    "between",
    "among",
    "after",
    "before",
    "during",
    "since",
    "than",
    "like",
    "as",
    "via",
    "per",
    "within",
    "across",
    "near",
    "through",
    "toward",
    "towards",
    "amid",
    "including",
    "following",
    "despite",
    "without",
    "upon",
    "onto",
    "around",
    "behind",
    "beyond",
    "until",
    "regarding",
    "concerning",
    "versus",
]);
static SUBJECT_PRONOUNS: WordList = WordList::new(&[
    "he", "she", "it", "they", "we", "i", "you", "who", "which", "there",
]);
/// Auxiliaries, negation and adverbs that may sit between a subject and its verb.
static VERB_GROUP: WordList = WordList::new(&[
    "'ve",
    "\u{2019}ve",
    "'d",
    "\u{2019}d",
    "\u{2019}ll",
    "'re",
    "\u{2019}re",
    "'m",
    "\u{2019}m",
    "has",
    "have",
    "had",
    "having",
    "will",
    "would",
    "shall",
    "should",
    "can",
    "could",
    "may",
    "might",
    "must",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "do",
    "does",
    "did",
    "not",
    "n't",
    "never",
    "also",
    "already",
    "now",
    "still",
    "just",
    "recently",
    "reportedly",
    "then",
    "today",
    "yesterday",
    "officially",
    "finally",
    "formally",
    "later",
    "again",
    "first",
    "jointly",
    "quickly",
    "soon",
    "allegedly",
    "repeatedly",
    "openly",
    "publicly",
    "directly",
    "only",
    "even",
    "further",
    "once",
    "to",
    "'ll",
    "get",
    "got",
]);
static BE_FORMS: WordList = WordList::new(&[
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "get",
    "gets",
    "got",
    "gotten",
    "'re",
    "'m",
    "\u{2019}re",
    "\u{2019}m",
]);
/// Nouns whose object follows `on`, `over` or `about` (`impact on`, `talks on`, `concerns over`).
static BEARS_ON_NOUNS: WordList = WordList::new(&[
    "impact",
    "impacts",
    "effect",
    "effects",
    "influence",
    "talks",
    "discussion",
    "discussions",
    "negotiations",
    "debate",
    "concern",
    "concerns",
    "sanctions",
    "ban",
    "crackdown",
    "pressure",
    "restrictions",
    "embargo",
    "tariffs",
    "dispute",
]);
/// Adverbs set off by commas inside a clause (`The index, however, gained`).
static DISCOURSE_ADVERBS: WordList = WordList::new(&[
    "however",
    "though",
    "meanwhile",
    "therefore",
    "too",
    "also",
    "instead",
    "nevertheless",
    "moreover",
    "furthermore",
    "indeed",
    "nonetheless",
    "thus",
    "hence",
    "overall",
]);
/// Auxiliaries contracted onto the word before them (split off by the tokenizer).
static CONTRACTIONS: WordList = WordList::new(&[
    "'ve",
    "'re",
    "'ll",
    "'d",
    "'m",
    "\u{2019}ve",
    "\u{2019}re",
    "\u{2019}ll",
    "\u{2019}d",
    "\u{2019}m",
]);
static NEGATORS: WordList = WordList::new(&[
    "not", "n't", "never", "no", "cannot", "didn't", "don't", "doesn't", "won't", "wasn't",
    "weren't", "isn't", "aren't", "hasn't", "haven't", "hadn't", "wouldn't", "couldn't", "without",
]);
static HAPPENINGS: WordList = WordList::new(&[
    "accident",
    "death",
    "assault",
    "mass_violence",
    "coerce",
    "economic",
    "other",
    "fight",
    "election",
    "investigate",
    "legal_action",
    "aid",
]);

fn contains(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

/// What one sentence knows while its triggers are read.
struct Ctx<'a> {
    text: &'a str,
    lower: &'a str,
    toks: &'a [Tok],
    ms: &'a [&'a Mention],
    /// The sentence is a headline (a title paragraph, or a first line without final
    /// punctuation), where `be` is dropped from passives (`First A380 delivered`).
    headline: bool,
}

impl Ctx<'_> {
    fn w(&self, i: usize) -> &str {
        let t = self.toks[i];
        &self.lower[t.start..t.end]
    }
    fn is_word(&self, i: usize) -> bool {
        self.toks[i].kind == TokKind::Word
    }
    /// Token `i` as a one-word trigger.
    fn form(&self, i: usize) -> Option<&'static Form> {
        let t = &self.toks[i];
        let entry = if may_trigger(t, self.ms) {
            t.entry
        } else if t.kind == TokKind::Word {
            lexicon().words.get(self.w(i))
        } else {
            None
        };
        entry.and_then(|e| e.one.as_ref())
    }
    /// First token of the mention covering token `i`.
    fn mention_first(&self, i: usize) -> usize {
        let m = self.toks[i].mention;
        let mut j = i;
        while j > 0 && self.toks[j - 1].mention == m {
            j -= 1;
        }
        j
    }
    fn mention_last(&self, i: usize) -> usize {
        let m = self.toks[i].mention;
        let mut j = i;
        while j + 1 < self.toks.len() && self.toks[j + 1].mention == m {
            j += 1;
        }
        j
    }
    /// Index of the token before `i` skipping determiners; None at the sentence start.
    /// First token of an argument (binary search: tokens are sorted and disjoint).
    fn arg_first(&self, a: &Arg) -> Option<usize> {
        match a {
            Arg::Name(m) => {
                let k = self
                    .toks
                    .partition_point(|t| t.end <= self.ms[*m].span.start);
                (self.toks.get(k)?.mention == Some(*m)).then_some(k)
            }
            Arg::Phrase { span, .. } | Arg::Appositive { span, .. } => {
                let k = self.toks.partition_point(|t| t.start < span.start);
                (self.toks.get(k)?.start == span.start).then_some(k)
            }
        }
    }
    /// Last token of an argument.
    fn arg_last(&self, a: &Arg) -> Option<usize> {
        match a {
            Arg::Name(m) => {
                let k = self
                    .toks
                    .partition_point(|t| t.start < self.ms[*m].span.end)
                    .checked_sub(1)?;
                (self.toks[k].mention == Some(*m)).then_some(k)
            }
            Arg::Phrase { span, .. } | Arg::Appositive { span, .. } => {
                let k = self.toks.partition_point(|t| t.end < span.end);
                (self.toks.get(k)?.end == span.end).then_some(k)
            }
        }
    }
    fn before_det(&self, i: usize) -> Option<usize> {
        let mut j = i.checked_sub(1)?;
        while self.is_word(j) && self.toks[j].mention.is_none() && DETERMINERS.contains(self.w(j)) {
            j = j.checked_sub(1)?;
        }
        Some(j)
    }
    /// The mention starting at token `i` after determiners/numbers (at most 2 skipped words),
    /// when it heads its phrase and does not open a clause (`confirmed that X had left`).
    fn mention_after(&self, mut i: usize) -> Option<usize> {
        let mut skipped = 0;
        while i < self.toks.len() {
            let t = self.toks[i];
            if let Some(m) = t.mention {
                if self.ms[m].key.entity_type == EntityType::NORP
                    || !mention_is_head(self, self.text, i)
                {
                    return None;
                }
                let last = self.mention_last(i);
                if let Some(n) = self
                    .toks
                    .get(last + 1)
                    .filter(|n| n.kind == TokKind::Word && n.mention.is_none())
                {
                    let w = &self.lower[n.start..n.end];
                    if VERB_GROUP.contains(w) && w != "to"
                        || self.form(last + 1).is_some_and(|f| f.verb && !f.noun)
                    {
                        return None;
                    }
                }
                return Some(m);
            }
            if t.kind != TokKind::Word
                || skipped >= 2
                || self.w(i) == "that"
                || !(DETERMINERS.contains(self.w(i))
                    || self.w(i).bytes().all(|b| b.is_ascii_digit()))
            {
                return None;
            }
            skipped += 1;
            i += 1;
        }
        None
    }
}

/// Result of looking for a subject to the left of a verb.
enum Subject {
    Mention(usize),
    /// A pronoun or common-noun phrase (an argument mention).
    Phrase(Arg),
    /// The subject is there but is no phrase we can read (a possessive, a verb before `to`).
    NotAName,
    None,
}

/// An event argument: a name mention of the sentence, or a pronoun / common-noun phrase that
/// becomes an argument mention (see `arguments`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Arg {
    /// Index into the sentence's mention list.
    Name(usize),
    Phrase {
        span: Span,
        /// Lower-cased head word (the pronoun itself for pronouns).
        head: String,
        pronoun: bool,
        definite: bool,
    },
    /// A name with its appositive or relative clause (`Jane Roe, the firm's chief,`): an
    /// argument mention resolved to that name.
    Appositive { span: Span, name: usize },
}

impl Arg {
    fn name(&self) -> Option<usize> {
        match self {
            Arg::Name(m) => Some(*m),
            _ => None,
        }
    }
}

/// Personal pronouns that can stand as an object.
static OBJECT_PRONOUNS: WordList = WordList::new(&["him", "her", "them", "it", "us", "me", "you"]);
/// Words that never belong to a noun phrase (besides prepositions, auxiliaries, pronouns).
static NP_STOPS: WordList = WordList::new(&[
    "and", "or", "but", "nor", "so", "yet", "that", "who", "whom", "whose", "which", "when",
    "where", "while", "because", "if", "whether", "than", "not", "n't", "there", "here", "also",
    "said", "says", "say", "told", "what", "how", "why", "although", "though", "unless", "once",
    "very", "too", "more", "most", "less", "least", "however", "ago", "such", "other", "same",
]);
/// `-ly` words that are nouns, not adverbs.
static LY_NOUNS: WordList = WordList::new(&[
    "family", "ally", "assembly", "supply", "rally", "monopoly", "italy", "july", "anomaly", "fly",
    "reply", "belly",
]);

/// Can token `i` be a content word of a noun phrase (a noun, adjective or number)?
fn np_word(c: &Ctx, i: usize) -> bool {
    let t = c.toks[i];
    if t.kind != TokKind::Word || t.mention.is_some() || t.date {
        return false;
    }
    let w = c.w(i);
    !(PREPOSITIONS.contains(w)
        || VERB_GROUP.contains(w)
        || SUBJECT_PRONOUNS.contains(w)
        || OBJECT_PRONOUNS.contains(w)
        || DETERMINERS.contains(w)
        || NP_STOPS.contains(w)
        || NEGATORS.contains(w)
        || (w.ends_with("ly") && !LY_NOUNS.contains(w))
        || c.form(i)
            .is_some_and(|f| f.verb && !f.noun && !f.modal_only))
}

/// Abstract heads that name no participant (`took place`, `made progress`).
static ABSTRACT_HEADS: WordList = WordList::new(&[
    "place",
    "progress",
    "way",
    "time",
    "times",
    "rationale",
    "problem",
    "problems",
    "issue",
    "issues",
    "question",
    "questions",
    "situation",
    "role",
    "need",
    "hope",
    "chance",
    "fact",
    "part",
    "lot",
    "number",
    "end",
    "level",
    "levels",
    "record",
    "low",
    "high",
    "lowest",
    "highest",
    "best",
    "worst",
    "order",
    "terms",
    "result",
    "basis",
    "share",
    "rate",
    "rates",
    "today",
    "yesterday",
    "tomorrow",
    "together",
    "down",
    "up",
    "out",
    "elsewhere",
    "due",
]);

/// Can token `h` head an argument phrase? Not a number (`fell 6.50`), an abstract noun, or an
/// event noun of the trigger lexicon: participants are entities, not other events (agreements
/// are also documents: `signed a contract`).
fn participant_head(c: &Ctx, h: usize) -> bool {
    let w = c.w(h);
    !(w.bytes().next().is_some_and(|b| b.is_ascii_digit())
        || ABSTRACT_HEADS.contains(w)
        || c.form(h).is_some_and(|f| f.noun && f.ty != "agreement"))
}

fn phrase(c: &Ctx, first: usize, last: usize, head: usize, pronoun: bool) -> Arg {
    Arg::Phrase {
        span: Span::new(c.toks[first].start, c.toks[last].end),
        head: c.w(head).to_string(),
        pronoun,
        definite: matches!(c.w(first), "the" | "this" | "that" | "these" | "those"),
    }
}

/// The first token of the noun phrase whose head is token `h` (reading leftwards over
/// modifiers, names and a possessor up to an opening determiner); None when `h` is no noun.
fn np_left(c: &Ctx, h: usize) -> Option<usize> {
    // a gerund before a verb is a clause (`started hinting`), not a subject
    if !np_word(c, h) || !participant_head(c, h) || c.w(h).ends_with("ing") {
        return None;
    }
    let mut first = h;
    while first > 0 && h - first < 8 {
        let p = first - 1;
        let t = c.toks[p];
        if t.date {
            break;
        }
        match t.kind {
            TokKind::Punct => break,
            TokKind::Poss => {
                // a possessor opens the phrase (`the raids Russia's forces carried out`)
                let Some(q) = p.checked_sub(1) else { break };
                if c.toks[q].mention.is_some() {
                    first = c.mention_first(q);
                } else if np_word(c, q) {
                    first = np_left(c, q).unwrap_or(q);
                }
                break;
            }
            TokKind::Word => {
                if t.mention.is_some() {
                    if c.ms[c.toks[p].mention.unwrap_or(0)].key.entity_type == EntityType::PERSON {
                        break; // `Putin officials` is not a phrase; a person opens a clause
                    }
                    first = c.mention_first(p);
                } else if DETERMINERS.contains(c.w(p)) {
                    // `said that prices rose`: `that` opens a clause, not the phrase
                    if c.w(p) != "that" {
                        first = p;
                    }
                    break;
                } else if np_word(c, p) && !verb_after_auxiliary(c, p) {
                    first = p;
                } else {
                    break;
                }
            }
        }
    }
    Some(first)
}

/// `will supply`, `to offer`: a word that can be a verb, right after an auxiliary, a modal or
/// `to`, is that verb, not a noun modifier opening a phrase (`supply 14 jets`).
fn verb_after_auxiliary(c: &Ctx, p: usize) -> bool {
    p > 0
        && c.is_word(p - 1)
        && VERB_GROUP.contains(c.w(p - 1))
        && c.form(p).is_some_and(|f| f.verb)
}

/// The noun phrase starting at token `s` (an object or the object of a preposition): a
/// pronoun, or determiners, modifiers, names and a possessive up to the head. With `extend`, one
/// postmodifier (`of`/`in`/`on`/`with` phrase) and one coordinated phrase join it, as a
/// full noun phrase has them (`a stake in the carmaker`, `its name and logo`). A phrase headed
/// by a name is that name.
/// `up to`, `more than`, `less than`, `fewer than`, `at least`, `as many as` (first two words)
/// followed by a number: a quantifier, not the phrase's head.
fn head_free_quantifier(c: &Ctx, k: usize) -> bool {
    let word = |i: usize| {
        c.toks
            .get(i)
            .filter(|t| t.kind == TokKind::Word)
            .map(|t| &c.lower[t.start..t.end])
    };
    let pair = matches!(
        (word(k), word(k + 1)),
        (Some("up"), Some("to"))
            | (Some("more" | "less" | "fewer"), Some("than"))
            | (Some("at"), Some("least" | "most"))
    );
    pair && c
        .toks
        .get(k + 2)
        .is_some_and(|t| c.lower[t.start..t.end].starts_with(|ch: char| ch.is_ascii_digit()))
}

fn np_right(c: &Ctx, s: usize, extend: bool) -> Option<Arg> {
    np_right_of(c, s, extend, false)
}

/// `np_right` for the object of a preposition, which is never the subject of a clause after it
/// (`talks on the bailout broke down`).
fn np_right_after_preposition(c: &Ctx, s: usize, extend: bool) -> Option<Arg> {
    np_right_of(c, s, extend, true)
}

fn np_right_of(c: &Ctx, s: usize, extend: bool, after_preposition: bool) -> Option<Arg> {
    let t = *c.toks.get(s)?;
    let mut k = s;
    if t.kind == TokKind::Word && t.mention.is_none() {
        let w = c.w(s);
        let poss = c.toks.get(s + 1).is_some_and(|n| n.kind == TokKind::Poss);
        // `US` (in `US$6`) is no pronoun
        if OBJECT_PRONOUNS.contains(w) && !poss && &c.text[t.start..t.end] != "US" {
            let clause = c.toks.get(s + 1).is_some_and(|n| {
                n.kind == TokKind::Word && {
                    let nw = &c.lower[n.start..n.end];
                    VERB_GROUP.contains(nw) && nw != "to" || c.form(s + 1).is_some_and(|f| f.verb)
                }
            });
            return (!clause).then(|| phrase(c, s, s, s, true));
        }
        if w == "it" && poss {
            k = s + 2; // `it's network`, a misspelt possessive
        }
    }
    // An approximate amount before the phrase (`up to 60 jets`, `more than 300 workers`).
    if k == s && head_free_quantifier(c, k) {
        k += 2;
    }
    let mut head: Option<usize> = None;
    while k < c.toks.len() && k - s < 9 {
        let t = c.toks[k];
        if t.date {
            // `the current fleet`: a time word after a determiner modifies the noun
            if k > s && head.is_none() && t.kind == TokKind::Word && t.mention.is_none() {
                k += 1;
                continue;
            }
            break;
        }
        match t.kind {
            TokKind::Word if t.mention.is_some() => {
                let e = c.mention_last(k);
                head = Some(e);
                k = e + 1;
            }
            TokKind::Poss if head.is_some() => {
                head = None;
                k += 1;
            }
            TokKind::Word if DETERMINERS.contains(c.w(k)) && c.w(k) != "that" => {
                k += 1;
            }
            // `US$6 billion`, `HK$2`: a country prefix glued to the currency symbol
            TokKind::Word
                if c.toks.get(k + 1).is_some_and(|n| {
                    n.kind == TokKind::Punct && n.start == t.end && c.w(k + 1) == "$"
                }) =>
            {
                k += 1;
            }
            TokKind::Word if np_word(c, k) => {
                head = Some(k);
                k += 1;
            }
            // `$1 billion`, `the record-breaking $1 billion`: the amount after the symbol heads
            TokKind::Punct if matches!(c.w(k), "$" | "£" | "€" | "#") => {
                head = None;
                k += 1;
            }
            _ => break,
        }
    }
    let h = head?;
    // `announced it would`, `said the firm had`: the subject of a clause, not an object
    if let Some(n) = c
        .toks
        .get(k)
        .filter(|n| n.kind == TokKind::Word && n.mention.is_none())
    {
        let w = &c.lower[n.start..n.end];
        let form = c.form(k);
        let clause = VERB_GROUP.contains(w) && w != "to" || form.is_some_and(|f| f.verb && !f.noun);
        // ... unless a participle after the phrase modifies it (`supply 14 jets converted for
        // the task`; `fell` is only a simple past: `volumes fell` is a clause), or the phrase is
        // the object of a preposition
        let reduced = || {
            (w.ends_with("ed") || w.ends_with("en") || w.ends_with("wn"))
                && form.is_some_and(|f| f.past)
                && reduced_relative(c, k, k)
        };
        if clause && !after_preposition && !reduced() {
            return None;
        }
    }
    if let Some(m) = c.toks[h].mention {
        // a phrase that ends in a name is that name (`the iPhone`, `ethnic Azerbaijanis`)
        return Some(Arg::Name(m));
    }
    // `20 of the jets`, `789 of its dealers`: a partitive amount is part of the phrase after
    // `of`, which names the participant.
    let numeric = c.w(h).bytes().next().is_some_and(|b| b.is_ascii_digit());
    let of_follows = c
        .toks
        .get(h + 1)
        .is_some_and(|t| t.kind == TokKind::Word && t.mention.is_none() && c.w(h + 1) == "of");
    if numeric && of_follows {
        let inner_end = match np_right(c, h + 2, false)? {
            Arg::Phrase { span, .. } | Arg::Appositive { span, .. } => {
                c.toks.iter().rposition(|t| t.end == span.end)?
            }
            Arg::Name(m) => c.toks.iter().rposition(|t| t.mention == Some(m))?,
        };
        return Some(phrase(c, s, inner_end, inner_end, false));
    }
    // `iPhone 4`, `iOS 5`: a number after a capitalised word is a model number, not an amount
    let model_number = numeric
        && h > s
        && c.toks[h - 1].kind == TokKind::Word
        && c.text[c.toks[h - 1].start..c.toks[h - 1].end]
            .bytes()
            .any(|b| b.is_ascii_uppercase());
    if !model_number && !participant_head(c, h) {
        return None;
    }
    let mut last = h;
    if extend {
        let end_of = |a: Option<Arg>| -> Option<usize> {
            match a? {
                Arg::Phrase { span, .. } | Arg::Appositive { span, .. } => {
                    c.toks.iter().rposition(|t| t.end == span.end)
                }
                Arg::Name(m) => c.toks.iter().rposition(|t| t.mention == Some(m)),
            }
        };
        let word_at = |i: usize| {
            c.toks
                .get(i)
                .filter(|t| t.kind == TokKind::Word && t.mention.is_none())
                .map(|t| &c.lower[t.start..t.end])
        };
        // `in response to`, `in addition`: an adverbial idiom, not a postmodifier
        let idiom = matches!(word_at(last + 1), Some("in"))
            && matches!(
                word_at(last + 2),
                Some("response" | "addition" | "order" | "part" | "turn" | "return" | "exchange")
            );
        if matches!(word_at(last + 1), Some("of" | "in" | "on" | "with")) && !idiom {
            if let Some(e) = end_of(np_right(c, last + 2, false)) {
                last = e;
            }
        }
        if matches!(word_at(last + 1), Some("and" | "or")) {
            if let Some(e) = end_of(np_right(c, last + 2, false)) {
                last = e;
            }
        }
    }
    Some(phrase(c, s, last, h, false))
}

/// How a verb without its own subject hangs on the verb before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    None,
    /// `X plans to buy`, `X selected Y to build`
    Infinitive,
    /// `X won the contract and will supply`
    Coordinated,
    /// `X called for a re-run, citing flaws`
    Participle,
}

fn is_capitalised(text: &str, t: Tok) -> bool {
    text[t.start..t.end].starts_with(|c: char| c.is_uppercase())
}

/// Is the mention at token `j` an oblique or an object (after a preposition or a verb)?
/// Is the name at token `j` the object of a preposition or a verb? With `verb_follows` (the verb
/// comes right after the name), `after`/`before`/`since`/`until`/`as` open a clause instead
/// (`after Apple received criticism`).
fn is_oblique(c: &Ctx, j: usize, verb_follows: bool) -> bool {
    let first = c.mention_first(j);
    // `reported that Apple had set`: `that` before a name and its verb opens a clause
    if verb_follows && first > 0 && c.is_word(first - 1) && c.w(first - 1) == "that" {
        return false;
    }
    c.before_det(first).is_some_and(|p| {
        c.is_word(p)
            && c.toks[p].mention.is_none()
            && !(verb_follows && matches!(c.w(p), "after" | "before" | "since" | "until" | "as"))
            && (PREPOSITIONS.contains(c.w(p)) || c.form(p).is_some_and(|f| f.verb && !f.noun))
    })
}

/// The subject left of the verb group ending before token `i`, and how the verb is linked.
fn subject_left(c: &Ctx, text: &str, i: usize) -> (Subject, Link) {
    let Some(mut j) = i.checked_sub(1) else {
        return (Subject::None, Link::None);
    };
    let mut link = Link::None;
    if c.toks[j].kind == TokKind::Punct && c.w(j) == "," && c.w(i).ends_with("ing") {
        link = Link::Participle;
    }
    // skip the verb group (auxiliaries, adverbs, dates and `on June 18`)
    loop {
        let t = c.toks[j];
        let w = c.w(j);
        let date_prep = t.kind == TokKind::Word
            && matches!(
                w,
                "on" | "in" | "at" | "since" | "during" | "by" | "earlier" | "last"
            )
            && c.toks.get(j + 1).is_some_and(|n| n.date);
        let skip = (t.date && t.mention.is_none())
            || date_prep
            || (t.kind == TokKind::Word && t.mention.is_none() && VERB_GROUP.contains(w));
        if t.kind == TokKind::Word && link == Link::None {
            if w == "to" {
                link = Link::Infinitive;
            } else if matches!(w, "and" | "but" | "or") {
                link = Link::Coordinated;
            }
        }
        if !skip {
            break;
        }
        match j.checked_sub(1) {
            Some(k) => j = k,
            None => return (Subject::None, link),
        }
    }
    let mut commas = 0;
    // the token before the comma that closes an appositive we jumped over
    let mut appositive_end: Option<usize> = None;
    loop {
        let t = c.toks[j];
        if let Some(m) = t.mention {
            if is_oblique(c, j, appositive_end.is_none()) {
                return (oblique_phrase(c, j, link), link);
            }
            if let Some(e) = appositive_end.filter(|_| link == Link::None) {
                let span = Span::new(c.toks[c.mention_first(j)].start, c.toks[e].end);
                return (Subject::Phrase(Arg::Appositive { span, name: m }), link);
            }
            return (Subject::Mention(m), link);
        }
        match t.kind {
            TokKind::Poss => return (Subject::NotAName, link),
            TokKind::Punct => {
                let p = c.w(j);
                // the period of an abbreviation (`Apple Inc.`, `AirTanker Ltd.`)
                if p == "."
                    && j > 0
                    && c.toks[j - 1].end == t.start
                    && c.toks[j - 1].kind == TokKind::Word
                {
                    j -= 1;
                    continue;
                }
                if p == ")" && j > 0 {
                    // `European Aeronautic Defence and Space (EADS) won`: the acronym inside
                    if let Some(m) = c.toks[j - 1].mention {
                        return (Subject::Mention(m), link);
                    }
                    // `Senator John McCain (R-AZ) entered`: a short aside after a name
                    let open = (j.saturating_sub(5)..j).rev().find(|&k| c.w(k) == "(");
                    if let Some(m) = open
                        .and_then(|k| k.checked_sub(1))
                        .and_then(|k| c.toks[k].mention)
                    {
                        let first = c
                            .toks
                            .iter()
                            .position(|t| t.mention == Some(m))
                            .unwrap_or(j);
                        let span = Span::new(c.toks[first].start, t.end);
                        return (Subject::Phrase(Arg::Appositive { span, name: m }), link);
                    }
                    return (Subject::None, link);
                }
                if p != "," || commas >= 1 {
                    return (Subject::None, link);
                }
                commas += 1;
                // `Ryanair, announced` / `, Ryanair, announced`: a name right before the comma
                let mut k = j.saturating_sub(1);
                if k < j && c.toks[k].kind == TokKind::Punct && c.w(k) == "." && k > 0 {
                    k -= 1;
                }
                if k < j {
                    if let Some(m) = c.toks[k].mention {
                        if !is_oblique(c, k, false) {
                            return (Subject::Mention(m), link);
                        }
                    }
                }
                // an appositive or a relative clause between commas: jump to the previous comma
                let mut found = None;
                let mut k = j;
                while k > 0 && j - k < 14 {
                    k -= 1;
                    if c.toks[k].kind == TokKind::Punct {
                        match c.w(k) {
                            "," => {
                                found = Some(k);
                                break;
                            }
                            "-" | "'" | "&" => {}
                            // the period of an abbreviation (`the U.S. car maker`)
                            "." if k > 0
                                && c.toks[k - 1].end == c.toks[k].start
                                && c.toks[k - 1].kind == TokKind::Word => {}
                            _ => break,
                        }
                    }
                }
                // `, however,`: a lone discourse adverb is skipped, not spanned
                let adverb = found.is_some_and(|o| {
                    o + 2 == j
                        && c.is_word(o + 1)
                        && (c.w(o + 1).ends_with("ly") || DISCOURSE_ADVERBS.contains(c.w(o + 1)))
                });
                match found.and_then(|k| k.checked_sub(1)) {
                    Some(k) => {
                        if !adverb {
                            appositive_end = j.checked_sub(1);
                        }
                        j = k;
                    }
                    None => return (Subject::None, link),
                }
            }
            TokKind::Word => {
                let w = c.w(j);
                if link != Link::None || w == "there" {
                    // the verb hangs on another one and takes its subject
                    return (Subject::NotAName, link);
                }
                if SUBJECT_PRONOUNS.contains(w) || w == "that" {
                    return (Subject::Phrase(phrase(c, j, j, j, true)), link);
                }
                if matches!(w, "and" | "but" | "or") {
                    return (Subject::None, link);
                }
                // a capitalised word glued to a name is part of it (`Apple Computer launched`)
                if is_capitalised(text, t)
                    && j > 0
                    && c.toks[j - 1].mention.is_some()
                    && !PREPOSITIONS.contains(w)
                {
                    let m = c.toks[j - 1].mention.unwrap_or(0);
                    // a nationality modifies the word after it (`the British FTSE gained`): the
                    // phrase below is the subject
                    let modifier =
                        c.ms[m].key.entity_type == EntityType::NORP && np_left(c, j).is_some();
                    if !modifier {
                        return (Subject::Mention(m), link);
                    }
                }
                return match np_left(c, j) {
                    // `the primary UK index, the FTSE 100, dropped`: the phrase and its
                    // appositive, headed by the phrase
                    Some(first) => {
                        let last = appositive_end.filter(|_| link == Link::None).unwrap_or(j);
                        (Subject::Phrase(phrase(c, first, last, j, false)), link)
                    }
                    None => (Subject::NotAName, link),
                };
            }
        }
    }
}

/// A subject name inside a prepositional phrase (`the head of Gazprom said`): the phrase from
/// the noun before the preposition through the name, when the preposition attaches to a noun.
fn oblique_phrase(c: &Ctx, j: usize, link: Link) -> Subject {
    if link != Link::None {
        return Subject::NotAName;
    }
    let first = c.mention_first(j);
    let Some(p) = c.before_det(first) else {
        return Subject::NotAName;
    };
    if !matches!(c.w(p), "of" | "for" | "from" | "in" | "at") {
        return Subject::NotAName;
    }
    match p.checked_sub(1).and_then(|h| Some((h, np_left(c, h)?))) {
        Some((h, start)) => Subject::Phrase(phrase(c, start, c.mention_last(j), h, false)),
        None => Subject::NotAName,
    }
}

/// Objects that make `close`/`drop`/`reopen` a legal act.
static CASE_WORDS: WordList = WordList::new(&[
    "case",
    "cases",
    "investigation",
    "probe",
    "inquiry",
    "proceedings",
    "charges",
    "lawsuit",
]);

/// Does the verb ending at token `last` close (drop, reopen...) a case: a case word within the
/// next four words?
fn closes_a_case(c: &Ctx, last: usize) -> bool {
    let lemma_ok = c
        .form(last)
        .is_some_and(|f| matches!(f.lemma, "close" | "drop" | "reopen" | "dismiss" | "open"));
    lemma_ok
        && (last + 1..(last + 5).min(c.toks.len()))
            .take_while(|&k| c.is_word(k) && c.toks[k].mention.is_none())
            .any(|k| CASE_WORDS.contains(c.w(k)))
}

/// `by X` after token `i` (passive agent), within 6 tokens.
fn by_phrase(c: &Ctx, i: usize) -> Option<Arg> {
    let end = (i + 7).min(c.toks.len());
    for j in i + 1..end {
        if c.toks[j].kind == TokKind::Punct {
            return None;
        }
        if c.is_word(j) && c.toks[j].mention.is_none() && c.w(j) == "by" {
            // `by 2012`, `by hinting at`: a deadline or a manner, not an agent
            let next = c.toks.get(j + 1)?;
            if next.date || next.mention.is_none() && c.w(j + 1).ends_with("ing") {
                return None;
            }
            let agent = c
                .mention_after(j + 1)
                .map(Arg::Name)
                .or_else(|| np_right(c, j + 1, false))?;
            // `plunged by 416 points`, `cut by 10%`: an amount measures the change
            return (!is_amount(c, &agent)).then_some(agent);
        }
    }
    None
}

/// A phrase that is a quantity (`more than 416 points`, `$5 billion`, `10%`), never a participant
/// that acts.
fn is_amount(c: &Ctx, a: &Arg) -> bool {
    let Arg::Phrase { span, head, .. } = a else {
        return false;
    };
    let text = &c.text[span.start..span.end];
    text.starts_with(['$', '£', '€'])
        || head.bytes().next().is_some_and(|b| b.is_ascii_digit())
        || matches!(
            head.as_str(),
            "million" | "billion" | "trillion" | "points" | "point" | "percent" | "cents" | "%"
        )
}

/// `PREP X` right after token `i` (after at most one word), for the given prepositions.
fn prep_object(c: &Ctx, i: usize, preps: &[&str]) -> Option<usize> {
    for j in i + 1..(i + 3).min(c.toks.len()) {
        if !c.is_word(j) || c.toks[j].mention.is_some() {
            return None;
        }
        if contains(preps, c.w(j)) {
            return c.mention_after(j + 1);
        }
    }
    None
}

fn location_after(c: &Ctx, i: usize) -> Option<usize> {
    let end = (i + 16).min(c.toks.len());
    let mut j = i + 1;
    while j < end {
        let t = c.toks[j];
        if t.kind == TokKind::Punct && matches!(c.w(j), ";" | ":" | "\"" | "(") {
            return None;
        }
        if t.kind == TokKind::Word && t.mention.is_none() && matches!(c.w(j), "in" | "at") {
            if let Some(m) = c.mention_after(j + 1) {
                if matches!(c.ms[m].key.entity_type, EntityType::GPE | EntityType::LOC) {
                    return Some(m);
                }
            }
        }
        j += 1;
    }
    None
}

fn is_noun_reading(c: &Ctx, i: usize, f: &Form) -> bool {
    if !f.verb {
        return true;
    }
    if !f.noun {
        return false;
    }
    let Some(p) = i.checked_sub(1) else {
        return false;
    };
    let t = c.toks[p];
    if t.mention.is_some() && headline_verb(c, i) {
        return false;
    }
    if t.kind == TokKind::Poss || t.mention.is_some() {
        return true;
    }
    if t.kind != TokKind::Word {
        return false;
    }
    let w = c.w(p);
    if DETERMINERS.contains(w) || PREPOSITIONS.contains(w) && w != "to" {
        return true;
    }
    if w == "to" || VERB_GROUP.contains(w) || SUBJECT_PRONOUNS.contains(w) {
        return false;
    }
    // an adjective or a noun before: a noun compound (`sharp fall`, `job cuts`)
    !c.lower[t.start..t.end].ends_with("ly")
}

/// Verbs that only carry the event of their object noun (`X placed an order`, `made the
/// purchase`): the noun's actor is their subject.
static LIGHT_VERBS: WordList = WordList::new(&[
    "make",
    "makes",
    "made",
    "making",
    "place",
    "places",
    "placed",
    "placing",
    "complete",
    "completes",
    "completed",
    "negotiate",
    "negotiates",
    "negotiated",
    "finalise",
    "finalised",
    "finalize",
    "finalized",
    "sign",
    "signs",
    "signed",
    "conduct",
    "conducts",
    "conducted",
    "hold",
    "holds",
    "held",
    "stage",
    "stages",
    "staged",
    "carry",
    "carried",
]);

/// Verbs that announce a financial result (`posted a loss`): light verbs for result nouns only
/// (`reported an attack` names no attacker).
static RESULT_VERBS: WordList = WordList::new(&[
    "post",
    "posts",
    "posted",
    "posting",
    "report",
    "reports",
    "reported",
    "reporting",
    "record",
    "records",
    "recorded",
    "recording",
    "suffer",
    "suffers",
    "suffered",
    "suffering",
    "book",
    "books",
    "booked",
]);

/// The subject of the light verb governing noun trigger `i` (only determiners and modifiers
/// between them): taken from that verb's event when it is one, else read off its left.
fn light_verb_subject(
    c: &Ctx,
    text: &str,
    i: usize,
    found: &[(Found, usize)],
    si: usize,
) -> Option<Arg> {
    let mut j = i.checked_sub(1)?;
    let mut steps = 0;
    // `np_word` also accepts participles (`placed`), so the light verb stops the walk
    // `GM posted a loss`, `Ford reported a profit of $1 billion`: the firm whose result it is
    let result_noun = matches!(
        c.w(i),
        "loss" | "losses" | "profit" | "profits" | "deficit" | "surplus" | "earnings" | "revenue"
    );
    let governs =
        |j: usize| LIGHT_VERBS.contains(c.w(j)) || result_noun && RESULT_VERBS.contains(c.w(j));
    while steps < 4
        && !governs(j)
        && (DETERMINERS.contains(c.w(j)) && c.w(j) != "that" || np_word(c, j))
    {
        j = j.checked_sub(1)?;
        steps += 1;
    }
    if !c.is_word(j) || c.toks[j].mention.is_some() || !governs(j) {
        return None;
    }
    if let Some((f, _)) = found.last() {
        if f.sentence == si && f.trigger.end == c.toks[j].end && !f.noun {
            return f.actor.clone();
        }
    }
    match subject_left(c, text, j).0 {
        Subject::Mention(m) => Some(Arg::Name(m)),
        Subject::Phrase(p) => Some(p),
        _ => None,
    }
}

/// `Apple launches the iPhone`, `Ryanair orders 230 jets`: an `-s` form right after a name
/// that does not itself follow a determiner or preposition, and before an object or `to` and a
/// bare verb (`Fiat plans to buy`), is the
/// name's verb, not a compound noun (`the Boeing orders of May`).
fn headline_verb(c: &Ctx, i: usize) -> bool {
    let w = c.w(i);
    if !w.ends_with('s') || w.ends_with("ss") {
        return false;
    }
    let first = c.mention_first(i - 1);
    let bare = first.checked_sub(1).is_none_or(|b| {
        !(c.is_word(b) && (DETERMINERS.contains(c.w(b)) || PREPOSITIONS.contains(c.w(b))))
    });
    let object = c.toks.get(i + 1).is_some_and(|n| {
        n.kind == TokKind::Word
            && (n.mention.is_some()
                || c.lower[n.start..n.end].starts_with(|ch: char| ch.is_ascii_digit())
                || DETERMINERS.contains(c.w(i + 1)) && c.w(i + 1) != "that"
                || POSSESSIVE_PRONOUNS.contains(c.w(i + 1)))
    });
    // `Fiat plans to buy`, `Acme offers to pay`: `to` and a bare verb make the `-s` form a verb
    // (a noun reading would need `'s` or a determiner before the name)
    let infinitive = c.toks.get(i + 1).is_some_and(|n| n.kind == TokKind::Word)
        && c.w(i + 1) == "to"
        && c.toks.get(i + 2).is_some_and(|n| {
            let w = &c.lower[n.start..n.end];
            n.kind == TokKind::Word
                && n.mention.is_none()
                && !n.date
                && w.starts_with(|ch: char| ch.is_ascii_lowercase())
                && !DETERMINERS.contains(w)
                && !POSSESSIVE_PRONOUNS.contains(w)
                && c.form(i + 2).is_none_or(|f| f.verb)
        });
    bare && (object || infinitive)
}

#[derive(Debug)]
struct Found {
    sentence: usize,
    trigger: Span,
    form: Form,
    noun: bool,
    actor: Option<Arg>,
    target: Option<Arg>,
    location: Option<usize>,
    /// The name right before a noun trigger (`the AZAL crash`).
    qualifier: Option<usize>,
    definite: bool,
    negated: bool,
    modality: &'static str,
}

/// Verbs whose subject undergoes the event (`the Dow fell`, `the plane crashed`): the subject
/// is the target, not the actor.
static UNACCUSATIVE: WordList = WordList::new(&[
    "fall",
    // `the index lost 2%` (with an amount; `Ford lost the contract` stays transitive)
    "lose",
    "rise",
    "drop",
    "climb",
    "jump",
    "surge",
    "slump",
    "plunge",
    "tumble",
    "decline",
    "slow",
    "recover",
    "rebound",
    "close",
    "finish",
    "gain",
    "crash",
    "happen",
    "occur",
    "remain",
    "stay",
    "come",
    "grow",
    "shrink",
    "sink",
    "soar",
    "slide",
    "dip",
    "stall",
    "improve",
    "worsen",
    "deepen",
    "die",
    "perish",
    "collide",
    "explode",
    "derail",
    "begin",
    "start",
    "end",
    "increase",
    "decrease",
    "go",
    "return",
    "collapse",
    "rally",
    "expand",
    "contract",
    "weaken",
    "strengthen",
    "slip",
    "retreat",
    "ease",
    "soften",
    "widen",
    "narrow",
    "stabilise",
    "stabilize",
    "double",
    "triple",
    "halve",
    "fluctuate",
    "sag",
    "spike",
    "crumble",
    "skid",
    "edge",
]);
/// Verbs whose subject, without an object, undergoes them even without `be` (`dozens detained`).
static PATIENT_VERBS: WordList = WordList::new(&[
    "arrest", "detain", "jail", "imprison", "kill", "injure", "wound", "capture", "abduct",
    "kidnap", "deport", "execute", "convict", "sentence", "evacuate",
]);
/// Verbs that link their subject to a complement (`stayed flat`): never transitive.
static COPULAR: WordList = WordList::new(&["remain", "stay", "become", "seem", "appear", "prove"]);
/// Verbs whose object is the subject of a following infinitive (`selected Y to build`).
static OBJECT_CONTROL: WordList = WordList::new(&[
    "select",
    "choose",
    "ask",
    "urge",
    "order",
    "force",
    "allow",
    "name",
    "appoint",
    "hire",
    "tell",
    "help",
    "invite",
    "persuade",
    "call",
    "encourage",
    "require",
    "pick",
]);

/// Arguments read around one trigger: actor, target, name qualifier, location override, link.
struct Args {
    actor: Option<Arg>,
    target: Option<Arg>,
    qualifier: Option<usize>,
    location: Option<usize>,
    link: Link,
}

/// `PREP X` right after token `i` as a name or a noun phrase (see [`prep_object`]).
fn prep_arg(c: &Ctx, i: usize, preps: &[&str]) -> Option<Arg> {
    for j in i + 1..(i + 3).min(c.toks.len()) {
        if !c.is_word(j) || c.toks[j].mention.is_some() {
            return None;
        }
        if contains(preps, c.w(j)) {
            return c
                .mention_after(j + 1)
                .map(|m| widen(c, j + 1, m))
                .or_else(|| np_right_after_preposition(c, j + 1, true));
        }
    }
    None
}

/// The argument for name `m` found at or after token `s`: the whole noun phrase when the name
/// only modifies a following noun (`14 new Airbus A330 passenger jets`: the jets are the
/// participant, and a head is the phrase's last word), else the name.
fn widen(c: &Ctx, s: usize, m: usize) -> Arg {
    match np_right(c, s, true) {
        Some(p @ Arg::Phrase { span, .. })
            if span.contains(c.ms[m].span) && span.end > c.ms[m].span.end =>
        {
            p
        }
        _ => Arg::Name(m),
    }
}

/// The speaker named after a speech verb, completed: `said Apple Inc. CEO Steve Jobs` is Jobs;
/// `said Jim Press, the Vice Chairman of Chrysler.` and `said the firm's chief, Alan Mulally`
/// span their appositive, which ends the clause.
fn speaker_after_verb(c: &Ctx, text: &str, arg: Arg) -> Arg {
    let (first, last) = (c.arg_first(&arg), c.arg_last(&arg));
    let (Some(first), Some(mut last)) = (first, last) else {
        return arg;
    };
    let is_person = |m: usize| c.ms[m].key.entity_type == EntityType::PERSON;
    // an organisation and a title before the person: `Apple Inc. CEO Steve Jobs`
    if matches!(arg, Arg::Name(m) if !is_person(m)) {
        let mut k = last + 1;
        if c.toks
            .get(k)
            .is_some_and(|t| t.kind == TokKind::Punct && c.w(k) == ".")
        {
            k += 1;
        }
        let title_start = k;
        while c.toks.get(k).is_some_and(|t| {
            t.kind == TokKind::Word
                && t.mention.is_none()
                && crate::entities::lexicons().is_title_word(&text[t.start..t.end])
        }) {
            k += 1;
        }
        if k > title_start {
            if let Some(p) = c
                .toks
                .get(k)
                .and_then(|t| t.mention)
                .filter(|&p| is_person(p))
            {
                return Arg::Name(p);
            }
        }
    }
    // `, APPOSITIVE` up to the end of the clause
    if !c
        .toks
        .get(last + 1)
        .is_some_and(|t| t.kind == TokKind::Punct && c.w(last + 1) == ",")
    {
        return arg;
    }
    let start = last + 2;
    let name = match &arg {
        Arg::Name(m) => Some(*m),
        Arg::Appositive { name, .. } => Some(*name),
        Arg::Phrase { .. } => None,
    };
    let app_end = match name {
        // a person's title: `the Vice Chairman of Chrysler`, `head of the agency (AVAS)`
        Some(_) => match np_right(c, start, true) {
            Some(a @ (Arg::Phrase { .. } | Arg::Name(_))) => c.arg_last(&a),
            _ => None,
        },
        // a description, then the person's name: `the firm's chief executive, Alan Mulally`
        None => c
            .toks
            .get(start)
            .and_then(|t| t.mention)
            .filter(|&p| is_person(p))
            .map(|_| c.mention_last(start)),
    };
    let Some(mut e) = app_end else {
        return arg;
    };
    // a parenthesised acronym closes the title: `the State Property Agency (AVAS)`
    if c.toks
        .get(e + 1)
        .is_some_and(|t| t.kind == TokKind::Punct && c.w(e + 1) == "(")
        && c.toks.get(e + 2).is_some_and(|t| t.kind == TokKind::Word)
        && c.toks
            .get(e + 3)
            .is_some_and(|t| t.kind == TokKind::Punct && c.w(e + 3) == ")")
    {
        e += 3;
    }
    // the appositive must close the clause
    let closes = c
        .toks
        .get(e + 1)
        .is_none_or(|t| t.kind == TokKind::Punct && matches!(c.w(e + 1), "," | "." | ";" | "\""));
    if !closes {
        return arg;
    }
    last = e;
    let span = Span::new(c.toks[first].start, c.toks[last].end);
    match name {
        Some(n) => Arg::Appositive { span, name: n },
        None => Arg::Appositive {
            span,
            name: c.toks[start].mention.unwrap_or(0),
        },
    }
}

/// Possessive pronouns that give a noun trigger its actor (`his promise`, `our effort`).
static POSSESSIVE_PRONOUNS: WordList =
    WordList::new(&["his", "her", "its", "their", "our", "my", "your"]);

/// Is the mention at token `k` (any of its tokens) the head of its phrase? Not when a lower-case
/// noun follows it (`MacBook Air laptops`, `US government`).
fn mention_is_head(c: &Ctx, text: &str, k: usize) -> bool {
    let last = c.mention_last(k);
    match c.toks.get(last + 1) {
        Some(t) if t.kind == TokKind::Poss => false,
        Some(t) if t.kind == TokKind::Word && t.mention.is_none() => {
            let w = c.w(last + 1);
            is_capitalised(text, *t)
                || PREPOSITIONS.contains(w)
                || VERB_GROUP.contains(w)
                || SUBJECT_PRONOUNS.contains(w)
                || matches!(
                    w,
                    "and"
                        | "or"
                        | "but"
                        | "that"
                        | "who"
                        | "which"
                        | "whose"
                        | "when"
                        | "while"
                        | "where"
                        | "because"
                )
                || w.bytes().all(|b| b.is_ascii_digit())
                || c.form(last + 1).is_some_and(|f| f.verb)
        }
        _ => true,
    }
}

fn read_arguments(c: &Ctx, text: &str, i: usize, last: usize, form: Form, noun: bool) -> Args {
    let mut a = Args {
        actor: None,
        target: None,
        qualifier: None,
        location: None,
        link: Link::None,
    };
    let own = c.toks[i].mention;
    if noun {
        // `X's (public) apology`, `the AZAL crash`
        let mut j = i;
        let mut steps = 0;
        while j > 0 && steps < 3 {
            j -= 1;
            steps += 1;
            let t = c.toks[j];
            if t.mention.is_some() && t.mention == own {
                continue;
            }
            // the possessor of a change of state undergoes it (`its fall`), else it acts
            let happening = UNACCUSATIVE.contains(form.lemma)
                || matches!(form.ty, "accident" | "death")
                || matches!(form.lemma, "flight" | "flights");
            if t.kind == TokKind::Poss {
                if j > 0 {
                    let p = c.toks[j - 1].mention.map(Arg::Name).or_else(|| {
                        // `the company's plan`: the possessor phrase
                        np_left(c, j - 1).map(|f| phrase(c, f, j - 1, j - 1, false))
                    });
                    if happening && !matches!(p, Some(Arg::Name(_))) {
                        a.target = p;
                    } else {
                        a.actor = p;
                    }
                }
                break;
            }
            if t.kind == TokKind::Word
                && t.mention.is_none()
                && POSSESSIVE_PRONOUNS.contains(c.w(j))
            {
                let p = Some(phrase(c, j, j, j, true));
                if happening {
                    a.target = p;
                } else {
                    a.actor = p;
                }
                break;
            }
            if t.mention.is_some() {
                if steps == 1 || c.toks[j + 1].mention == own && own.is_some() {
                    a.qualifier = t.mention;
                }
                break;
            }
            if t.kind != TokKind::Word
                || DETERMINERS.contains(c.w(j))
                || PREPOSITIONS.contains(c.w(j))
            {
                break;
            }
        }
        if let Some(q) = a.qualifier {
            match c.ms[q].key.entity_type {
                EntityType::GPE | EntityType::LOC => a.location = Some(q),
                EntityType::NORP => {}
                _ if HAPPENINGS.contains(form.ty) => a.target = Some(Arg::Name(q)),
                _ => a.actor = Some(Arg::Name(q)),
            }
        }
        // `the meeting between (Presidents) X and Y`
        if c.toks
            .get(last + 1)
            .is_some_and(|t| t.kind == TokKind::Word && &c.lower[t.start..t.end] == "between")
        {
            let mut k = last + 2;
            while c.toks.get(k).is_some_and(|t| {
                t.kind == TokKind::Word
                    && t.mention.is_none()
                    && (DETERMINERS.contains(c.w(k))
                        || crate::entities::lexicons().is_title_word(&text[t.start..t.end]))
            }) {
                k += 1;
            }
            if let Some(x) = c.toks.get(k).and_then(|t| t.mention) {
                let end = c.mention_last(k);
                if c.toks
                    .get(end + 1)
                    .is_some_and(|t| t.kind == TokKind::Word && &c.lower[t.start..t.end] == "and")
                {
                    a.actor = a.actor.or(Some(Arg::Name(x)));
                    a.target = a
                        .target
                        .or_else(|| c.toks.get(end + 2).and_then(|t| t.mention).map(Arg::Name));
                }
            }
        }
        // `an order from Qatar Airways`, `a request from the ministry`: who orders or asks
        if a.actor.is_none()
            && matches!(form.ty, "demand" | "appeal" | "intent_to_cooperate")
            && c.toks
                .get(last + 1)
                .is_some_and(|t| t.kind == TokKind::Word && &c.lower[t.start..t.end] == "from")
        {
            a.actor = c
                .mention_after(last + 2)
                .filter(|&m| !matches!(c.ms[m].key.entity_type, EntityType::GPE | EntityType::LOC))
                .map(Arg::Name);
        }
        if a.actor.is_none()
            && c.toks
                .get(last + 1)
                .is_some_and(|t| t.kind == TokKind::Word && &c.lower[t.start..t.end] == "by")
        {
            a.actor = c
                .mention_after(last + 2)
                .map(Arg::Name)
                .or_else(|| np_right(c, last + 2, false));
        }
        let aggressive = contains(
            &[
                "assault",
                "coerce",
                "fight",
                "threaten",
                "military_posture",
                "reduce_relations",
                "disapprove",
                "protest",
            ],
            form.ty,
        );
        let t = prep_object(c, last, &["of", "against", "with", "between"]).filter(|&m| {
            Some(Arg::Name(m)) != a.actor
                && !matches!(c.ms[m].key.entity_type, EntityType::GPE | EntityType::LOC)
                || aggressive
        });
        if a.target.is_none() {
            a.target = t
                .map(
                    |m| match prep_arg(c, last, &["of", "against", "with", "between"]) {
                        Some(p @ Arg::Phrase { .. }) => p, // the name only modifies the object
                        _ => Arg::Name(m),
                    },
                )
                .or_else(|| {
                    // `the killing of two brothers`, `raids against ethnic minorities`
                    prep_arg(c, last, &["of", "against"]).filter(|x| x.name().is_none())
                });
        }
        // `an impact on the film industry`, `talks on the bailout`, `concerns over the antenna`:
        // nouns of influence, debate and worry name what they bear on after on/over/about
        if a.target.is_none() && BEARS_ON_NOUNS.contains(c.w(i)) {
            a.target = prep_arg(c, last, &["on", "over", "about"]);
        }
        // `a loss of $6 billion`, `an increase of 54 points`: an amount measures the event, it
        // does not take part in it
        if let Some(Arg::Phrase { span, head, .. }) = &a.target {
            if text[span.start..span.end].starts_with(['$', '£', '€'])
                || matches!(
                    head.as_str(),
                    "million" | "billion" | "trillion" | "points" | "percent" | "cents"
                )
            {
                a.target = None;
            }
        }
        return a;
    }
    // verbs
    if nominal_use(c, i, &form) {
        return a;
    }
    let passive = form.past && {
        let mut j = i;
        let mut found = false;
        while j > 0 {
            j -= 1;
            let w = c.w(j);
            if !c.is_word(j) || c.toks[j].mention.is_some() {
                break;
            }
            if BE_FORMS.contains(w) {
                found = true;
                break;
            }
            if !VERB_GROUP.contains(w) {
                break;
            }
        }
        // headline passives: `X appointed as chief`, `X selected to buy`
        let next = c
            .toks
            .get(last + 1)
            .map(|t| &c.lower[t.start..t.end])
            .unwrap_or("");
        // `dozens detained in raids`: a verb done to people, past form, no object and no
        // `have` before it is a reduced passive (headline or reduced relative)
        let reduced = PATIENT_VERBS.contains(form.lemma)
            && !(i > 0 && matches!(c.w(i - 1), "have" | "has" | "had" | "'ve" | "having"))
            && c.mention_after(last + 1).is_none()
            && np_right(c, last + 1, false).is_none();
        // `Russian stock markets suspended amid turmoil`: a headline drops `be`
        let headline_passive = c.headline
            && !(i > 0 && matches!(c.w(i - 1), "have" | "has" | "had" | "'ve" | "\u{2019}ve"))
            && c.toks.get(last + 1).is_none_or(|n| {
                n.kind == TokKind::Punct
                    || n.kind == TokKind::Word
                        && n.mention.is_none()
                        && PREPOSITIONS.contains(&c.lower[n.start..n.end])
            });
        found
            || next == "as"
            || (next == "to" && OBJECT_CONTROL.contains(form.lemma))
            || reduced
            || headline_passive
            || form.ty != "public_statement" && reduced_relative(c, i, last)
    };
    let (subj, link) = subject_left(c, text, i);
    a.link = link;
    let subj = match subj {
        Subject::Mention(m)
            if !mention_is_head(
                c,
                text,
                c.toks
                    .iter()
                    .position(|t| t.mention == Some(m))
                    .unwrap_or(0),
            ) =>
        {
            Subject::NotAName
        }
        s => s,
    };
    let by = by_phrase(c, last);
    let after = |c: &Ctx| -> Option<Arg> {
        let k = last + 1;
        let named = c.mention_after(k).filter(|&m| {
            c.toks
                .iter()
                .position(|t| t.mention == Some(m))
                .is_some_and(|pos| mention_is_head(c, text, pos))
        });
        named
            .map(|m| widen(c, k, m))
            .or_else(|| np_right(c, k, true))
    };
    let subj = match subj {
        Subject::Mention(m) => Some(Arg::Name(m)),
        Subject::Phrase(p) => Some(p),
        _ => None,
    };
    let person = matches!(subj, Some(Arg::Name(m)) if c.ms[m].key.entity_type == EntityType::PERSON)
        || matches!(&subj, Some(Arg::Phrase { head, pronoun: true, .. }) if matches!(head.as_str(), "he" | "she" | "i" | "we" | "they" | "you"));
    if passive || (form.past && by.is_some()) {
        a.actor = by;
        a.target = subj;
    } else if COPULAR.contains(form.lemma) {
        // `markets remained closed`: the subject undergoes, the complement is no participant
        a.target = subj;
    } else if (UNACCUSATIVE.contains(form.lemma)
        // `Jobs started by hinting`: a person begins what he does
        && !(matches!(form.lemma, "begin" | "start" | "go" | "come" | "return") && person)
        // `the aircraft flew`: a flying machine undergoes the flight; a person flies it
        || form.lemma == "fly"
            && !person
            && !matches!(&subj, Some(Arg::Phrase { head, .. }) if matches!(head.as_str(), "pilot" | "pilots")))
        && {
            // `the plane crashed`, `shares fell 5%`; but `the firm closed its plant` is transitive
            let amount = c.toks.get(last + 1).is_none_or(|t| {
                t.kind != TokKind::Word
                    || c.lower[t.start..t.end].starts_with(|ch: char| ch.is_ascii_digit())
                    || matches!(
                        &c.lower[t.start..t.end],
                        "almost"
                            | "nearly"
                            | "about"
                            | "around"
                            | "some"
                            | "over"
                            | "down"
                            | "up"
                            | "back"
                            | "more"
                            | "less"
                    )
            });
            amount || after(c).is_none()
        }
    {
        a.target = subj;
    } else {
        match subj {
            Some(m) => {
                a.actor = Some(m);
                a.target = after(c).or_else(|| prep_arg(c, last, &["against", "with"]));
                // `asked the government for $5 billion`: what is asked for, not who is asked
                if form.lemma == "ask" {
                    let object_end = a.target.as_ref().and_then(|t| c.arg_last(t));
                    if let Some(e) = object_end.filter(|&e| {
                        e + 1 < c.toks.len() && c.is_word(e + 1) && c.w(e + 1) == "for"
                    }) {
                        if let Some(wanted) = np_right(c, e + 2, true) {
                            a.target = Some(wanted);
                        }
                    }
                }
            }
            // `..., said Angers.`: the speaker follows a speech verb
            None if form.ty == "public_statement"
                && i > 0
                && c.toks[i - 1].kind == TokKind::Punct =>
            {
                a.actor = after(c).map(|x| speaker_after_verb(c, text, x));
            }
            None => {
                a.target = after(c).or_else(|| prep_arg(c, last, &["against", "with"]));
            }
        }
        if a.target == a.actor {
            a.target = None;
        }
    }
    a
}

/// `the auto show`, `the creative work`: the bare form of a verb right after a determiner and one
/// singular modifier is a noun (a finite verb there would agree with a singular subject: `shows`),
/// so it has no subject or object of its own.
fn nominal_use(c: &Ctx, i: usize, form: &Form) -> bool {
    if i < 2 || c.w(i) != form.lemma {
        return false;
    }
    let p = c.toks[i - 1];
    let d = c.toks[i - 2];
    if p.kind != TokKind::Word || p.mention.is_some() || p.date || d.kind != TokKind::Word {
        return false;
    }
    let w = c.w(i - 1);
    let plural_or_verbal = w.ends_with('s')
        || w.ends_with("ly")
        || matches!(
            w,
            "people" | "police" | "men" | "women" | "children" | "staff" | "media" | "public"
        )
        || VERB_GROUP.contains(w)
        || SUBJECT_PRONOUNS.contains(w)
        || NEGATORS.contains(w);
    !plural_or_verbal
        && matches!(
            c.w(i - 2),
            "the" | "a" | "an" | "its" | "their" | "his" | "her" | "our" | "this"
        )
}

/// `supply 14 airliners converted for the task`, `limits the volume produced from its players`:
/// a past form right after the object of a verb or a preposition, with no `have` and no object of
/// its own, is a reduced relative clause, passive: the phrase before it undergoes the event. (A
/// clause subject, `prices rose`, opens its sentence or follows a conjunction, never a
/// preposition or a transitive verb.)
fn reduced_relative(c: &Ctx, i: usize, last: usize) -> bool {
    let Some(p) = i.checked_sub(1) else {
        return false;
    };
    let t = c.toks[p];
    // no object: a preposition, punctuation or the end follows
    let bare = c.toks.get(last + 1).is_none_or(|n| {
        n.kind == TokKind::Punct
            || n.kind == TokKind::Word
                && n.mention.is_none()
                && PREPOSITIONS.contains(&c.lower[n.start..n.end])
    });
    if t.kind != TokKind::Word || !bare {
        return false;
    }
    let first = if t.mention.is_some() {
        let f = c.mention_first(p);
        // `the Dow Jones`, `Boeing's new jets`
        match f.checked_sub(1) {
            Some(d) if c.is_word(d) && DETERMINERS.contains(c.w(d)) && c.w(d) != "that" => d,
            _ => f,
        }
    } else {
        match np_left(c, p) {
            Some(f) => f,
            None => return false,
        }
    };
    let Some(mut b) = first.checked_sub(1) else {
        return false;
    };
    // over an amount (`supply 14 new airliners`)
    while b > 0 && c.is_word(b) && c.w(b).starts_with(|ch: char| ch.is_ascii_digit()) {
        b -= 1;
    }
    let bt = c.toks[b];
    // `the Dow, an index used to gauge ...`: an indefinite appositive
    if bt.kind == TokKind::Punct && c.w(b) == "," && matches!(c.w(first), "a" | "an") {
        return true;
    }
    if bt.kind != TokKind::Word || bt.mention.is_some() {
        return false;
    }
    let w = c.w(b);
    matches!(
        w,
        "of" | "for"
            | "with"
            | "from"
            | "to"
            | "into"
            | "on"
            | "at"
            | "about"
            | "over"
            | "under"
            | "against"
            | "between"
            | "among"
            | "via"
            | "toward"
            | "towards"
            | "amid"
            | "including"
            | "without"
            | "upon"
    ) || c.form(b).is_some_and(|f| {
        // `the raids Russia's forces carried out`: after a noun, the phrase opens a clause
        f.verb && !f.past && f.ty != "public_statement" && !is_noun_reading(c, b, f)
    })
}

fn verb_group_flags(c: &Ctx, i: usize) -> (bool, Option<&'static str>) {
    let mut negated = false;
    let mut modality = None;
    let mut j = i;
    let mut steps = 0;
    while j > 0 && steps < 5 {
        j -= 1;
        steps += 1;
        if !c.is_word(j) || c.toks[j].mention.is_some() {
            break;
        }
        let w = c.w(j);
        if NEGATORS.contains(w) || w == "failed" || w == "refused" {
            negated = true;
        }
        match w {
            "will" | "shall" | "'ll" | "promised" | "pledged" | "vowed" | "plans" | "planned"
            | "intends" | "agreed" => modality = modality.or(Some("promised")),
            "could" | "might" | "may" | "would" | "if" | "whether" => {
                modality = modality.or(Some("hypothetical"))
            }
            "demanded" | "urged" | "demand" | "demands" => modality = modality.or(Some("demanded")),
            "for" if j > 0 && c.w(j - 1).starts_with("call") => {
                modality = modality.or(Some("demanded"))
            }
            _ => {}
        }
        if !(VERB_GROUP.contains(w)
            || NEGATORS.contains(w)
            || matches!(
                w,
                "failed"
                    | "refused"
                    | "promised"
                    | "pledged"
                    | "vowed"
                    | "plans"
                    | "planned"
                    | "intends"
                    | "agreed"
                    | "demanded"
                    | "urged"
                    | "if"
                    | "whether"
            ))
        {
            break;
        }
    }
    (negated, modality)
}

fn claim_event_type(claim_type: &str) -> Option<&'static str> {
    Some(match claim_type {
        "statement" | "opinion" | "admission" | "question" => "public_statement",
        "promise" => "intent_to_cooperate",
        "demand" => "demand",
        "accusation" | "criticism" => "disapprove",
        "denial" | "rejection" => "reject",
        "apology" => "yield",
        "threat" | "warning" => "threaten",
        _ => return None,
    })
}

/// Spans sorted by (start, input index) with the longest length seen, so the ones that can
/// contain or overlap a given span are found by a binary search. Per-trigger look-ups of claims,
/// dates and earlier triggers then cost the size of the neighbourhood, not of the document.
/// (A sorted vector, not a tree: a document has tens of spans, inserted mostly in order.)
#[derive(Default)]
struct SpanIndex {
    by_start: Vec<(usize, usize)>,
    max_len: usize,
}

impl SpanIndex {
    fn new(spans: impl Iterator<Item = Span>) -> Self {
        let mut ix = SpanIndex {
            by_start: Vec::with_capacity(spans.size_hint().0),
            max_len: 0,
        };
        for (k, s) in spans.enumerate() {
            ix.max_len = ix.max_len.max(s.end.saturating_sub(s.start));
            ix.by_start.push((s.start, k));
        }
        ix.by_start.sort_unstable();
        ix
    }

    fn insert(&mut self, k: usize, s: Span) {
        self.max_len = self.max_len.max(s.end.saturating_sub(s.start));
        let at = self.by_start.partition_point(|&e| e < (s.start, k));
        self.by_start.insert(at, (s.start, k));
    }

    /// Input indices of the spans starting in `lo..=hi`, in start order (callers that want the
    /// first in input order take the minimum: no allocation per look-up).
    fn starting_in(&self, lo: usize, hi: usize) -> impl Iterator<Item = usize> + '_ {
        let from = self.by_start.partition_point(|&(start, _)| start < lo);
        let to = self
            .by_start
            .partition_point(|&(start, _)| start <= hi)
            .max(from);
        self.by_start[from..to].iter().map(|&(_, k)| k)
    }

    /// Input indices of every span that could contain or overlap `s` (a superset: callers apply
    /// the exact test), in start order.
    fn near(&self, s: Span) -> impl Iterator<Item = usize> + '_ {
        self.starting_in(s.start.saturating_sub(self.max_len), s.end)
    }
}

/// Events of the document, and the argument mentions (pronouns, nominals) they point at.
pub fn find_events(
    doc: &Document,
    sentences: &[Sentence],
    mentions: &[Mention],
    dates: &[DateExpr],
    claims: &[Claim],
) -> (Vec<Event>, Vec<ArgumentMention>) {
    let text = &doc.text;
    let lower = text.to_ascii_lowercase();
    let lex = lexicon();
    let explicit: Vec<&Claim> = claims
        .iter()
        .filter(|c| c.attribution == "explicit")
        .collect();
    let content_ix = SpanIndex::new(explicit.iter().map(|cl| cl.content));
    let cue_ix = SpanIndex::new(explicit.iter().map(|cl| cl.cue.unwrap_or(Span::new(0, 0))));
    let date_ix = SpanIndex::new(dates.iter().map(|d| d.span));
    // indices of the dates inside sentence `si`, in no particular order
    let date_keys_in = |si: usize| {
        let sent = sentences[si].span;
        date_ix
            .starting_in(sent.start, sent.end)
            .filter(move |&k| sent.contains(dates[k].span))
    };
    // dates inside sentence `si`, in input order
    let dates_in = |si: usize| -> Vec<&DateExpr> {
        let mut ks: Vec<usize> = date_keys_in(si).collect();
        ks.sort_unstable();
        ks.into_iter().map(|k| &dates[k]).collect()
    };
    // the first explicit claim whose cue overlaps `trig`
    let claim_by_cue = |trig: Span| -> Option<&Claim> {
        cue_ix
            .near(trig)
            .filter(|&k| explicit[k].cue.is_some_and(|cue| cue.overlaps(trig)))
            .min()
            .map(|k| explicit[k])
    };
    // each trigger with the index in `sentence_mentions` of its sentence's mentions, which its
    // `Arg::Name`s point into (one list per sentence with triggers, not a copy per trigger)
    let mut found: Vec<(Found, usize)> = Vec::with_capacity(sentences.len() * 3);
    let mut sentence_mentions: Vec<Vec<&Mention>> = Vec::new();
    // room for the longest sentence's tokens (about one per 4 bytes): it seldom grows
    let longest = sentences.iter().map(|s| s.span.len()).max().unwrap_or(0);
    let mut toks = Vec::with_capacity(longest / 4 + 8);
    for (si, sent) in sentences.iter().enumerate() {
        if !matches!(
            sent.kind,
            ParagraphKind::Body | ParagraphKind::Caption | ParagraphKind::Title
        ) {
            continue;
        }
        tokenize(text, sent.span, &mut toks);
        let lo = mentions.partition_point(|m| m.span.start < sent.span.start);
        let hi = lo + mentions[lo..].partition_point(|m| m.span.start < sent.span.end);
        let mut ms: Vec<&Mention> = Vec::with_capacity(hi - lo);
        ms.extend(
            mentions[lo..hi]
                .iter()
                .filter(|m| sent.span.contains(m.span)),
        );
        let sdates = dates_in(si);
        {
            let mut k = 0;
            for t in toks.iter_mut() {
                while k < ms.len() && ms[k].span.end <= t.start {
                    k += 1;
                }
                if k < ms.len() && ms[k].span.start <= t.start && t.end <= ms[k].span.end {
                    t.mention = Some(k);
                }
                t.date = sdates
                    .iter()
                    .any(|d| d.span.start <= t.start && t.end <= d.span.end);
                // Only a possible trigger is looked up here; `Ctx::form` looks up the others
                // on demand (they are seldom asked about).
                if may_trigger(t, &ms) {
                    t.entry = lex.words.get(&lower[t.start..t.end]);
                }
            }
        }
        let c = Ctx {
            text,
            lower: &lower,
            toks: &toks,
            ms: &ms,
            headline: sent.kind == ParagraphKind::Title
                || si == 0
                    && !sent
                        .span
                        .slice(text)
                        .trim_end()
                        .ends_with(['.', '!', '?', '"', '\u{201d}']),
        };
        let mut last_verb: Option<usize> = None;
        let sentence_first = found.len();
        let mut i = 0;
        while i < toks.len() {
            let t = toks[i];
            if !may_trigger(&t, &ms) {
                i += 1;
                continue;
            }
            let w = c.w(i);
            let Some(entry) = t.entry else {
                i += 1;
                continue;
            };
            let mut hit = None;
            if let Some(n) = toks.get(i + 1).filter(|n| n.kind == TokKind::Word) {
                if !entry.two.is_empty() {
                    let nw = &lower[n.start..n.end];
                    hit = entry
                        .two
                        .iter()
                        .find(|(b, _)| *b == nw)
                        .map(|(_, f)| (*f, i + 1));
                }
            }
            if hit.is_none() {
                hit = entry.one.map(|f| (f, i));
            }
            let Some((form, last)) = hit else {
                i += 1;
                continue;
            };
            // `in order to`, `as a result`, `in case`: idioms, not events
            let prev = i.checked_sub(1).map(|p| c.w(p)).unwrap_or("");
            if form.modal_only
                && !matches!(
                    prev,
                    "to" | "will"
                        | "would"
                        | "could"
                        | "should"
                        | "may"
                        | "might"
                        | "must"
                        | "can"
                        | "not"
                        | "did"
                        | "shall"
                )
            {
                i += 1;
                continue;
            }
            if (w == "order" && prev == "in")
                || (w == "result" && prev == "a")
                || (w == "effect" && prev == "in")
            {
                i += 1;
                continue;
            }
            // A capitalised common word in running text is a name part (`March`, `Rally`) unless
            // it opens the sentence or the whole line is a Title Case headline.
            let noun = is_noun_reading(&c, i, &form);
            let mut form = form;
            if !noun && closes_a_case(&c, last) {
                form.ty = "legal_action"; // `closed the criminal case`: a legal act, not trade
            }
            let undergoes = UNACCUSATIVE.contains(form.lemma);
            let mut args = read_arguments(&c, text, i, last, form, noun);
            // a verb without its own subject takes the one of the verb (or the noun: `X's
            // decision to close`) it hangs on
            if !noun && args.actor.is_none() && args.link != Link::None {
                let noun_before_to = (i >= 2 && c.w(i - 1) == "to")
                    .then(|| found.len().checked_sub(1))
                    .flatten()
                    .filter(|&k| {
                        let f = &found[k].0;
                        f.noun && f.sentence == si && f.trigger.end == toks[i - 2].end
                    });
                // `X said that it posted a profit, and predicted ...`: a coordinated verb shares
                // the subject of the main clause, not of a clause nested in it
                let main_clause_verb = (args.link == Link::Coordinated)
                    .then(|| {
                        let subordinate = |f: &Found| {
                            let first = f.actor.as_ref().and_then(|a| c.arg_first(a));
                            first.and_then(|k| k.checked_sub(1)).is_some_and(|k| {
                                matches!(
                                    c.w(k),
                                    "that" | "which" | "who" | "if" | "because" | "when" | "while"
                                )
                            })
                        };
                        let last = last_verb?;
                        if !subordinate(&found[last].0) {
                            return None;
                        }
                        // a few verbs back at most: a run-on sentence stays linear
                        (last.saturating_sub(8)..last).rev().find(|&k| {
                            let f = &found[k].0;
                            f.sentence == si && !f.noun && f.actor.is_some() && !subordinate(f)
                        })
                    })
                    .flatten();
                if let Some(prev) = noun_before_to
                    .or(main_clause_verb)
                    .or(last_verb)
                    .and_then(|k| found.get(k))
                    .map(|(f, _): &(Found, usize)| f)
                {
                    let subject = if args.link == Link::Infinitive
                        && !prev.noun
                        && OBJECT_CONTROL.contains(prev.form.lemma)
                        && prev.target.is_some()
                    {
                        prev.target.clone()
                    } else {
                        prev.actor.clone()
                    };
                    if undergoes && args.target.is_none() {
                        // `markets continued to fall`: the borrowed subject undergoes the fall
                        args.target = subject;
                    } else {
                        args.actor = subject;
                        if args.target == args.actor {
                            args.target = None;
                        }
                    }
                }
            }
            if noun && args.actor.is_none() {
                args.actor = light_verb_subject(&c, text, i, &found, si);
            }
            let location = args.location.or_else(|| location_after(&c, last));
            let qualifier = args.qualifier;
            let (actor, target) = (args.actor, args.target);
            let (mut negated, mut modality) = verb_group_flags(&c, i);
            if noun && prev == "no" {
                negated = true;
            }
            let trigger = Span::new(t.start, toks[last].end);
            // modality from the claim whose content holds the trigger
            if let Some(cl) = content_ix
                .near(trigger)
                .filter(|&k| {
                    let cl = explicit[k];
                    cl.content.contains(trigger) && cl.cue.is_none_or(|cue| !cue.overlaps(trigger))
                })
                .min()
                .map(|k| explicit[k])
            {
                let m = match &*cl.claim_type {
                    "promise" => "promised",
                    "demand" => "demanded",
                    _ => "reported",
                };
                if modality.is_none() || m != "reported" {
                    modality = Some(m);
                }
            }
            // `the raids Russia's forces carried out against X`: a light verb in a relative clause
            // gives the noun right before its subject that noun's actor and target
            if !noun && LIGHT_VERBS.contains(c.w(i)) {
                let subject_start = actor.as_ref().and_then(|a| c.arg_first(a));
                let before = subject_start
                    .and_then(|k| k.checked_sub(1))
                    .map(|k| toks[k].end);
                if let Some((nf, _)) = before.and_then(|end| {
                    found
                        .iter_mut()
                        .rev()
                        .take_while(|(f, _)| f.sentence == si)
                        .take(6)
                        .find(|(f, _)| f.noun && f.trigger.end == end)
                }) {
                    if nf.actor.is_none() {
                        nf.actor = actor.clone();
                    }
                    if nf.target.is_none() {
                        nf.target = target.clone();
                    }
                }
            }
            found.push((
                Found {
                    sentence: si,
                    trigger,
                    form,
                    noun,
                    actor,
                    target,
                    location,
                    qualifier,
                    definite: prev == "the",
                    negated,
                    modality: modality.unwrap_or("asserted"),
                },
                sentence_mentions.len(),
            ));
            if !noun {
                last_verb = Some(found.len() - 1);
            }
            i = last + 1;
        }
        // `Citing a measure, Airbus announced`, `While introducing the phone, Jobs started`: a
        // participle that opens the sentence takes the subject of the clause after its comma
        if let Some(k0) = (sentence_first < found.len()).then_some(sentence_first) {
            let f0 = &found[k0].0;
            let at = toks.iter().position(|t| t.start == f0.trigger.start);
            let opens = at.is_some_and(|k| {
                k == 0
                    || k == 1
                        && matches!(
                            c.w(0),
                            "while" | "after" | "before" | "when" | "since" | "by"
                        )
            });
            let comma_end = toks
                .iter()
                .find(|t| {
                    t.kind == TokKind::Punct
                        && t.start >= f0.trigger.end
                        && &text[t.start..t.end] == ","
                })
                .map(|t| t.end);
            if opens && !f0.noun && f0.actor.is_none() && c.w(at.unwrap_or(0)).ends_with("ing") {
                let arg_start = |a: &Arg| match a {
                    Arg::Name(m) => ms[*m].span.start,
                    Arg::Phrase { span, .. } | Arg::Appositive { span, .. } => span.start,
                };
                let subject = comma_end.and_then(|after| {
                    found[k0 + 1..]
                        .iter()
                        .filter(|(f, _)| f.sentence == si && !f.noun)
                        .find_map(|(f, _)| f.actor.clone().filter(|a| arg_start(a) >= after))
                });
                if subject.is_some() {
                    found[k0].0.actor = subject;
                }
            }
        }
        if found.len() > sentence_first {
            sentence_mentions.push(ms);
        }
    }
    // Nearest date of the sentence.
    let date_for = |si: usize, trig: Span| -> Option<RowId> {
        // the nearest; of equally near ones, the first in input order
        date_keys_in(si)
            .min_by_key(|&k| {
                let d = &dates[k];
                let distance = if d.span.start >= trig.end {
                    d.span.start - trig.end
                } else {
                    trig.start.saturating_sub(d.span.end) + 1
                };
                (distance, k)
            })
            .map(|k| dates[k].id)
    };
    let mut out: Vec<Event> = Vec::with_capacity(found.len());
    let mut arg_mentions: std::collections::BTreeMap<Span, ArgumentMention> = Default::default();
    let mut lemmas: Vec<&'static str> = Vec::with_capacity(found.len());
    let mut quals: Vec<Option<Arc<str>>> = Vec::with_capacity(found.len());
    let mut definite: Vec<bool> = Vec::with_capacity(found.len());
    for (f, ms) in &found {
        let ms = &sentence_mentions[*ms];
        let m = |k: Option<usize>| k.map(|k| ms[k]);
        let location = m(f.location);
        // (entity, mention id) of an argument; phrases become argument mentions
        let mut arg = |a: &Option<Arg>| -> Option<(Option<EntityKey>, RowId)> {
            let (span, p) = match a.as_ref()? {
                Arg::Name(k) => return Some((Some(ms[*k].key.clone()), ms[*k].id)),
                Arg::Phrase {
                    span,
                    head,
                    pronoun: true,
                    ..
                } => (*span, crate::arguments::Phrase::Pronoun(head)),
                Arg::Phrase {
                    span,
                    head,
                    definite,
                    ..
                } => (
                    *span,
                    crate::arguments::Phrase::Nominal {
                        head,
                        definite: *definite,
                    },
                ),
                Arg::Appositive { span, name } => {
                    (*span, crate::arguments::Phrase::Appositive(ms[*name]))
                }
            };
            let am = arg_mentions
                .entry(span)
                .or_insert_with(|| crate::arguments::make(doc, sentences, mentions, span, p));
            Some((am.antecedent.clone(), am.id))
        };
        let (actor, target) = (arg(&f.actor), arg(&f.target));
        let claim = claim_by_cue(f.trigger);
        let ty: &'static str = claim
            .and_then(|cl| claim_event_type(&cl.claim_type))
            .unwrap_or(f.form.ty);
        let actor_key = actor.or_else(|| {
            claim.and_then(|cl| cl.claimant_mention_id.map(|id| (cl.claimant.clone(), id)))
        });
        let (mut start_buf, mut end_buf) = ([0; 20], [0; 20]);
        out.push(Event {
            id: row_id(
                "V",
                &[
                    &doc.doc_id,
                    decimal(f.trigger.start, &mut start_buf),
                    decimal(f.trigger.end, &mut end_buf),
                ],
            ),
            event_key: RowId::default(),
            sentence: f.sentence,
            event_type: Cow::Borrowed(ty),
            trigger: f.trigger,
            actor: actor_key.as_ref().and_then(|a| a.0.clone()),
            actor_mention_id: actor_key.map(|a| a.1),
            target: target.as_ref().and_then(|a| a.0.clone()),
            target_mention_id: target.map(|a| a.1),
            location: location.map(|m| m.key.clone()),
            location_mention_id: location.map(|m| m.id),
            claim_id: claim.map(|cl| cl.id),
            date_id: date_for(f.sentence, f.trigger),
            negated: f.negated || claim.is_some_and(|cl| cl.negated),
            modality: Cow::Borrowed(f.modality),
            rule: Cow::Borrowed(if f.noun {
                "trigger_noun"
            } else {
                "trigger_verb"
            }),
            confidence: Some(if f.form.ty == "other" { 0.5 } else { 0.8 }),
        });
        lemmas.push(f.form.lemma);
        quals.push(m(f.qualifier).map(|q| q.key.name.clone()));
        definite.push(f.definite && f.noun);
    }
    // Claims with a political meaning whose cue is not a lexicon trigger.
    let mut trig_ix = SpanIndex::new(out.iter().map(|e| e.trigger));
    for cl in &explicit {
        let Some(ty) = claim_event_type(&cl.claim_type) else {
            continue;
        };
        let Some(cue) = cl.cue else { continue };
        if trig_ix.near(cue).any(|k| out[k].trigger.overlaps(cue)) {
            continue;
        }
        trig_ix.insert(out.len(), cue);
        let (mut start_buf, mut end_buf) = ([0; 20], [0; 20]);
        out.push(Event {
            id: row_id(
                "V",
                &[
                    &doc.doc_id,
                    decimal(cue.start, &mut start_buf),
                    decimal(cue.end, &mut end_buf),
                    "claim",
                ],
            ),
            event_key: RowId::default(),
            sentence: cl.sentence,
            event_type: Cow::Borrowed(ty),
            trigger: cue,
            actor: cl.claimant.clone(),
            actor_mention_id: cl.claimant_mention_id,
            target: None,
            target_mention_id: None,
            location: None,
            location_mention_id: None,
            claim_id: Some(cl.id),
            date_id: cl.date_id.or_else(|| date_for(cl.sentence, cue)),
            negated: cl.negated,
            modality: Cow::Borrowed("asserted"),
            rule: Cow::Borrowed("claim_event"),
            confidence: Some(0.8),
        });
        lemmas.push("");
        quals.push(None);
        definite.push(false);
    }
    assign_keys(&doc.doc_id, &mut out, &lemmas, &quals, &definite);
    out.sort_by(|a, b| (a.trigger, &a.id).cmp(&(b.trigger, &b.id)));
    (out, arg_mentions.into_values().collect())
}

/// Same-document event coreference (see the module doc, step 6). Rows are visited in text order.
fn assign_keys(
    doc_id: &str,
    out: &mut [Event],
    lemmas: &[&str],
    quals: &[Option<Arc<str>>],
    definite: &[bool],
) {
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_by_key(|&k| out[k].trigger);
    let mut keys: HashMap<String, RowId> = HashMap::default();
    let mut last_by_lemma: HashMap<&str, RowId> = HashMap::default();
    for k in order {
        let e = &out[k];
        let sig = match (&quals[k], &e.actor, &e.target) {
            (Some(q), _, _) => Some(format!("{}|q|{q}", e.event_type)),
            (None, Some(a), Some(t)) => Some(format!("{}|at|{}|{}", e.event_type, a.name, t.name)),
            _ => None,
        };
        let key = match sig {
            Some(sig) => *keys
                .entry(sig.clone())
                .or_insert_with(|| row_id("K", &[doc_id, &sig])),
            None if definite[k] && !lemmas[k].is_empty() => last_by_lemma
                .get(lemmas[k])
                .copied()
                .unwrap_or_else(|| row_id("K", &[doc_id, &e.id])),
            None => row_id("K", &[doc_id, &e.id]),
        };
        if !lemmas[k].is_empty() {
            last_by_lemma.insert(lemmas[k], key);
        }
        out[k].event_key = key;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokenizer before its ASCII fast path: one char at a time.
    fn tokenize_per_char(text: &str, span: Span, out: &mut Vec<Tok>) {
        out.clear();
        let s = &text[span.start..span.end];
        let mut it = s.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if c.is_alphanumeric() {
                let mut end = i + c.len_utf8();
                // Possessives and contractions hold an apostrophe: most words need neither test.
                let mut apostrophe = false;
                while let Some(&(j, d)) = it.peek() {
                    if d.is_alphanumeric() {
                        end = j + d.len_utf8();
                        it.next();
                    } else if d == '-' || is_apostrophe(d) || d == '.' || d == '&' {
                        // joins only when a letter/digit follows
                        let next = s[j + d.len_utf8()..].chars().next();
                        if next.is_some_and(char::is_alphanumeric) {
                            end = j + d.len_utf8();
                            apostrophe |= is_apostrophe(d);
                            it.next();
                        } else {
                            break;
                        }
                    } else {
                        break;
                    }
                }
                if !apostrophe {
                    out.push(Tok::new(span.start + i, span.start + end, TokKind::Word));
                    continue;
                }
                // split a possessive 's
                let w = &s[i..end];
                let poss = ["'s", "\u{2019}s"]
                    .iter()
                    .find(|p| w.len() > p.len() + 1 && w.ends_with(*p))
                    .map(|p| p.len());
                // `we've`, `they're`, `I'd`: the auxiliary is a word of its own, so the pronoun is
                // the subject and the auxiliary joins the verb group.
                let contraction = CONTRACTIONS
                    .words()
                    .iter()
                    .find(|p| w.len() > p.len() && w.ends_with(*p))
                    .map(|p| p.len());
                if let Some(cl) = contraction {
                    for (a, b) in [(i, end - cl), (end - cl, end)] {
                        out.push(Tok::new(span.start + a, span.start + b, TokKind::Word));
                    }
                    continue;
                }
                match poss {
                    Some(pl) => {
                        out.push(Tok::new(
                            span.start + i,
                            span.start + end - pl,
                            TokKind::Word,
                        ));
                        out.push(Tok::new(
                            span.start + end - pl,
                            span.start + end,
                            TokKind::Poss,
                        ));
                    }
                    None => out.push(Tok::new(span.start + i, span.start + end, TokKind::Word)),
                }
            } else if !c.is_whitespace() {
                let kind = if is_apostrophe(c)
                    && out
                        .last()
                        .is_some_and(|t| t.kind == TokKind::Word && t.end == span.start + i)
                    && s[i + c.len_utf8()..].starts_with(char::is_whitespace)
                {
                    TokKind::Poss
                } else {
                    TokKind::Punct
                };
                out.push(Tok::new(
                    span.start + i,
                    span.start + i + c.len_utf8(),
                    kind,
                ));
            }
        }
    }

    #[test]
    fn span_index_finds_what_a_scan_finds() {
        let mut rng = crate::testing::XorShift(0x51_7cc1_b727_220a);
        let mut next = |m: usize| rng.below(m);
        for _ in 0..300 {
            let mut spans: Vec<Span> = (0..next(12))
                .map(|_| {
                    let start = next(60);
                    Span::new(start, start + next(15))
                })
                .collect();
            let mut ix = SpanIndex::new(spans.iter().copied());
            for _ in 0..next(4) {
                let start = next(60);
                let s = Span::new(start, start + next(15));
                ix.insert(spans.len(), s);
                spans.push(s);
            }
            for _ in 0..20 {
                let (lo, hi) = (next(70), next(70));
                let scan: Vec<usize> = (0..spans.len())
                    .filter(|&k| lo <= spans[k].start && spans[k].start <= hi)
                    .collect();
                let mut found: Vec<usize> = ix.starting_in(lo, hi).collect();
                found.sort_unstable();
                assert_eq!(found, scan);
                let q = Span::new(lo.min(hi), lo.max(hi));
                let near: Vec<usize> = ix.near(q).collect();
                for k in 0..spans.len() {
                    if spans[k].overlaps(q) || spans[k].contains(q) {
                        assert!(near.contains(&k), "{k} {q:?} {spans:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn tokenizer_fast_path_agrees_with_the_per_char_tokenizer() {
        let alphabet: Vec<char> = "aZ9 x'’.&-s\"é Жß中😀\nt've,A1".chars().collect();
        let mut rng = crate::testing::XorShift(0x9e37_79b9_7f4a_7c15);
        let (mut fast, mut slow) = (Vec::new(), Vec::new());
        for _ in 0..3000 {
            let text = rng.text(&alphabet, 40);
            let mut start = text.len() / 3;
            while !text.is_char_boundary(start) {
                start += 1;
            }
            for span in [Span::new(0, text.len()), Span::new(start, text.len())] {
                tokenize(&text, span, &mut fast);
                tokenize_per_char(&text, span, &mut slow);
                let key = |t: &Tok| (t.start, t.end, t.kind);
                assert_eq!(
                    fast.iter().map(key).collect::<Vec<_>>(),
                    slow.iter().map(key).collect::<Vec<_>>(),
                    "{text:?}"
                );
            }
        }
    }

    fn run(t: &str) -> (DocResult, Vec<Event>) {
        let mut doc = Document::from_plain_text("t", t.to_string());
        doc.published = chrono::NaiveDate::from_ymd_opt(2026, 2, 6);
        let r = crate::pipeline::process(doc, &crate::pipeline::Context::default());
        let ev = r.events.clone();
        (r, ev)
    }

    fn find<'a>(r: &DocResult, ev: &'a [Event], trig: &str) -> &'a Event {
        ev.iter()
            .find(|e| e.trigger.slice(&r.doc.text) == trig)
            .unwrap_or_else(|| {
                panic!(
                    "no event {trig}: {:?}",
                    ev.iter()
                        .map(|e| e.trigger.slice(&r.doc.text))
                        .collect::<Vec<_>>()
                )
            })
    }

    fn name(k: &Option<EntityKey>) -> &str {
        k.as_ref().map_or("", |k| &*k.name)
    }

    #[test]
    fn verb_inflections_are_generated() {
        let l = lexicon();
        for w in [
            "met",
            "meets",
            "meeting",
            "planned",
            "criticised",
            "criticized",
            "carried",
            "dying",
            "died",
            "upheld",
            "stopped",
            "closed",
            "raids",
        ] {
            assert!(l.one(w).is_some(), "missing {w}");
        }
        assert!(
            l.one("close").is_some_and(|f| f.modal_only),
            "adjective-like form"
        );
        assert!(l.one("states").is_none(), "stop form");
        assert!(l
            .words
            .get("called")
            .is_some_and(|e| e.two.iter().any(|(b, _)| *b == "for")));
    }

    #[test]
    fn subject_verb_object_actor_and_target() {
        let (r, ev) = run("Ilham Aliyev met Vladimir Putin in Dushanbe on 9 October 2025.");
        let e = find(&r, &ev, "met");
        assert_eq!(e.event_type, "consult");
        assert_eq!(name(&e.actor), "Ilham Aliyev");
        assert_eq!(name(&e.target), "Vladimir Putin");
        assert_eq!(name(&e.location), "Dushanbe");
        let d = r
            .dates
            .iter()
            .find(|d| Some(&d.id) == e.date_id.as_ref())
            .expect("date");
        assert_eq!(d.value, "2025-10-09");
    }

    #[test]
    fn passive_by_phrase_swaps_roles() {
        let (r, ev) = run("Greenpeace was criticised by Norway last week.");
        let e = find(&r, &ev, "criticised");
        assert_eq!(e.event_type, "disapprove");
        assert_eq!(name(&e.actor), "Norway");
        assert_eq!(name(&e.target), "Greenpeace");
    }

    #[test]
    fn noun_trigger_with_possessor_and_name_modifier() {
        let (r, ev) = run("Angela Merkel's apology came after the Pegasus Airlines crash. The crash killed four people.");
        let a = find(&r, &ev, "apology");
        assert_eq!(name(&a.actor), "Angela Merkel");
        let c1 = find(&r, &ev, "crash");
        assert_eq!(c1.event_type, "accident");
        assert_eq!(name(&c1.target), "Pegasus Airlines");
        let crashes: Vec<&Event> = ev
            .iter()
            .filter(|e| e.trigger.slice(&r.doc.text) == "crash")
            .collect();
        assert_eq!(crashes.len(), 2);
        assert_eq!(
            crashes[0].event_key, crashes[1].event_key,
            "the definite `the crash` corefers"
        );
    }

    fn arg_text<'a>(r: &'a DocResult, id: &Option<RowId>) -> &'a str {
        let id = id.as_deref().unwrap_or("");
        r.mentions
            .iter()
            .find(|m| m.id == id)
            .map(|m| m.span)
            .or_else(|| {
                r.argument_mentions
                    .iter()
                    .find(|m| m.id == id)
                    .map(|m| m.span)
            })
            .map_or("", |s| s.slice(&r.doc.text))
    }

    #[test]
    fn idioms_nationality_modifiers_and_discourse_adverbs_in_arguments() {
        let (r, ev) = run("Apple released the program in response to complaints.");
        let e = find(&r, &ev, "released");
        assert_eq!(arg_text(&r, &e.target_mention_id), "the program");
        let (r, ev) = run("The British FTSE, however, gained 0.5% on Monday.");
        let e = find(&r, &ev, "gained");
        assert_eq!(arg_text(&r, &e.target_mention_id), "The British FTSE");
        let (r, ev) = run("Jobs said the service may have a large impact on the film industry.");
        let e = find(&r, &ev, "impact");
        assert_eq!(arg_text(&r, &e.target_mention_id), "the film industry");
        // the object of a preposition is no subject of the verb after it
        let (r, ev) = run("The bill was rejected after talks on the budget broke down.");
        let e = find(&r, &ev, "talks");
        assert_eq!(arg_text(&r, &e.target_mention_id), "the budget");
        let (r, ev) = run("The main index, the FTSE 100, dropped 2% on Monday.");
        let e = find(&r, &ev, "dropped");
        assert_eq!(
            arg_text(&r, &e.target_mention_id),
            "The main index, the FTSE 100"
        );
    }

    #[test]
    fn object_followed_by_a_reduced_relative_stays_the_object() {
        let (r, ev) = run("The firm will supply 14 new jets converted for the task.");
        let e = find(&r, &ev, "supply");
        assert_eq!(arg_text(&r, &e.target_mention_id), "14 new jets");
        // `supply` after `will` is the verb, not a noun opening the phrase `supply 14 Airbus jets`
        let (r, ev) = run("The firm will supply 14 Airbus jets converted for the task.");
        let c = find(&r, &ev, "converted");
        assert_eq!(arg_text(&r, &c.actor_mention_id), "");
        assert!(arg_text(&r, &c.target_mention_id).ends_with("Airbus jets"));
        // a simple past after the phrase is its verb: `volumes` is no object of `shipping`
        let (r, ev) = run("The port said that shipping volumes fell by 12% in May.");
        let s = find(&r, &ev, "shipping");
        assert_eq!(arg_text(&r, &s.target_mention_id), "");
    }

    #[test]
    fn contracted_auxiliary_leaves_the_pronoun_as_subject() {
        let (r, ev) =
            run("\"We've reduced our budget,\" the chief said. They\u{2019}re hiring pilots.");
        let e = find(&r, &ev, "reduced");
        assert_eq!(arg_text(&r, &e.actor_mention_id), "We");
        let h = find(&r, &ev, "hiring");
        assert_eq!(arg_text(&r, &h.actor_mention_id), "They");
        let t = "I'd say they'll win.";
        let mut toks = Vec::new();
        tokenize(t, Span::new(0, t.len()), &mut toks);
        let words: Vec<&str> = toks.iter().map(|k| &t[k.start..k.end]).collect();
        assert_eq!(words, vec!["I", "'d", "say", "they", "'ll", "win", "."]);
    }

    #[test]
    fn pronoun_subject_resolves_to_the_earlier_name() {
        let (r, ev) = run("Siemens said it would build the plant.");
        let b = find(&r, &ev, "build");
        assert_eq!(arg_text(&r, &b.actor_mention_id), "it");
        assert_eq!(name(&b.actor), "Siemens");
        assert_eq!(b.modality, "hypothetical");
        assert_eq!(arg_text(&r, &b.target_mention_id), "the plant");
        assert!(b.target.is_none(), "an unresolved nominal has no entity");
        let am = r
            .argument_mentions
            .iter()
            .find(|m| m.span.slice(&r.doc.text) == "it")
            .expect("argument mention");
        assert_eq!(am.kind, MentionKind::Pronoun);
    }

    #[test]
    fn nominal_subjects_objects_and_by_phrases() {
        let (r, ev) = run(
            "Lufthansa reported losses. The airline sold its cargo unit in Bremen to investors. \
             The sale was criticised by the unions of pilots.",
        );
        let sold = find(&r, &ev, "sold");
        assert_eq!(arg_text(&r, &sold.actor_mention_id), "The airline");
        assert_eq!(name(&sold.actor), "Lufthansa", "definite nominal resolves");
        assert_eq!(
            arg_text(&r, &sold.target_mention_id),
            "its cargo unit in Bremen"
        );
        let crit = find(&r, &ev, "criticised");
        assert_eq!(
            arg_text(&r, &crit.actor_mention_id),
            "the unions",
            "passive agent phrase"
        );
        assert!(
            crit.target_mention_id.is_none(),
            "an event noun is no participant"
        );
        // argument mentions never reuse a name mention id, and all spans are valid
        for m in &r.argument_mentions {
            assert!(r.mentions.iter().all(|n| n.id != m.id));
            assert!(r.doc.text.get(m.span.start..m.span.end).is_some());
        }
    }

    #[test]
    fn a_name_modifying_the_object_gives_way_to_the_whole_phrase() {
        let (r, ev) = run("Lufthansa will buy 14 new Airbus A350 cargo jets. \
             Unions criticised the purchase of 22 Boeing 787 freighters.");
        let buy = find(&r, &ev, "buy");
        assert_eq!(
            arg_text(&r, &buy.target_mention_id),
            "14 new Airbus A350 cargo jets"
        );
        let purchase = find(&r, &ev, "purchase");
        assert_eq!(
            arg_text(&r, &purchase.target_mention_id),
            "22 Boeing 787 freighters"
        );
        // a name that heads its phrase stays the name
        let (r, ev) = run("Lufthansa will buy Airbus.");
        assert_eq!(name(&find(&r, &ev, "buy").target), "Airbus");
    }

    #[test]
    fn an_s_form_after_a_bare_name_before_an_object_is_a_verb() {
        let (r, ev) = run("Lufthansa launches a new airline in Köln.");
        let e = find(&r, &ev, "launches");
        assert_eq!(e.rule, "trigger_verb");
        assert_eq!(name(&e.actor), "Lufthansa");
        assert_eq!(arg_text(&r, &e.target_mention_id), "a new airline in Köln");
        // after a determiner the name modifies a noun
        let (r, ev) = run("The Lufthansa launches of May were costly.");
        assert_eq!(find(&r, &ev, "launches").rule, "trigger_noun");
    }

    #[test]
    fn appositive_with_an_abbreviation_keeps_the_subject() {
        let (r, ev) = run(
            "Volvo Cars, the Swedish car maker owned by a U.S. firm, will reportedly buy Saab.",
        );
        assert_eq!(name(&find(&r, &ev, "buy").actor), "Volvo Cars");
    }

    #[test]
    fn an_s_form_after_a_bare_name_before_to_and_a_verb_is_a_verb() {
        // the verb after `to` takes the subject of `plans`
        let (r, ev) = run("Lufthansa plans to buy a stake in Condor, a holiday carrier.");
        let p = find(&r, &ev, "plans");
        assert_eq!(p.rule, "trigger_verb");
        assert_eq!(name(&p.actor), "Lufthansa");
        assert_eq!(name(&find(&r, &ev, "buy").actor), "Lufthansa");
        // a possessor still makes it a noun
        let (r, ev) = run("Lufthansa's plans to buy Condor were dropped.");
        assert_eq!(find(&r, &ev, "plans").rule, "trigger_noun");
    }

    #[test]
    fn light_verbs_give_their_object_noun_its_actor() {
        let (r, ev) = run("Lufthansa placed an order for 20 jets. \
             Airbus has negotiated the purchase of two ferries.");
        assert_eq!(name(&find(&r, &ev, "order").actor), "Lufthansa");
        assert_eq!(name(&find(&r, &ev, "purchase").actor), "Airbus");
        // a verb that is no light verb does not lend its subject
        let (r, ev) = run("Airbus criticised the purchase of two ferries.");
        assert!(find(&r, &ev, "purchase").actor_mention_id.is_none());
    }

    #[test]
    fn an_amount_is_no_participant_of_an_event_noun() {
        let (r, ev) = run("Lufthansa reported a loss of $6 billion in Köln.");
        assert!(find(&r, &ev, "loss").target_mention_id.is_none());
        let (r, ev) = run("Index futures showed an increase of 54 points.");
        assert!(find(&r, &ev, "increase").target_mention_id.is_none());
    }

    #[test]
    fn reduced_passives_of_verbs_done_to_people() {
        for t in [
            "Dozens were detained in Minsk after the march.",
            "Dozens detained in Minsk after the march.",
        ] {
            let (r, ev) = run(t);
            let e = find(&r, &ev, "detained");
            assert_eq!(arg_text(&r, &e.target_mention_id), "Dozens", "{t}");
            assert!(e.actor_mention_id.is_none(), "{t}");
        }
        // with an object or after `have`, the subject acts
        let (r, ev) = run("The police detained dozens in Minsk.");
        let e = find(&r, &ev, "detained");
        assert_eq!(arg_text(&r, &e.actor_mention_id), "The police");
        let (r, ev) = run("The police have detained them.");
        assert_eq!(
            arg_text(&r, &find(&r, &ev, "detained").actor_mention_id),
            "The police"
        );
    }

    #[test]
    fn an_economy_that_contracts_undergoes_it() {
        let (r, ev) = run("The Baltic economy contracted in May.");
        let c = find(&r, &ev, "contracted");
        assert!(c.actor_mention_id.is_none());
        assert_eq!(arg_text(&r, &c.target_mention_id), "The Baltic economy");
    }

    #[test]
    fn an_aircraft_that_flies_undergoes_the_flight_a_pilot_flies_it() {
        let (r, ev) = run("The new airliner flew for the first time on Tuesday.");
        let f = find(&r, &ev, "flew");
        assert!(f.actor_mention_id.is_none(), "{f:?}");
        assert!(
            arg_text(&r, &f.target_mention_id).ends_with("new airliner"),
            "{f:?}"
        );
        let (r, ev) = run("Captain Maria Lopez flew the prototype to Lisbon.");
        let f = find(&r, &ev, "flew");
        assert_eq!(name(&f.actor), "Maria Lopez");
        assert_eq!(arg_text(&r, &f.target_mention_id), "the prototype");
        let (r, ev) = run("The prototype's flight lasted four hours.");
        let f = find(&r, &ev, "flight");
        assert_eq!(arg_text(&r, &f.target_mention_id), "The prototype");
    }

    #[test]
    fn an_index_that_loses_an_amount_undergoes_the_loss() {
        let (r, ev) = run("The Oslo index lost 2% on Monday.");
        let l = find(&r, &ev, "lost");
        assert!(l.actor_mention_id.is_none(), "{l:?}");
        assert!(
            arg_text(&r, &l.target_mention_id).ends_with("Oslo index"),
            "{l:?}"
        );
        let (r, ev) = run("Nordlys Air lost the contract to Halden Aero.");
        let l = find(&r, &ev, "lost");
        assert_eq!(name(&l.actor), "Nordlys Air");
        assert_eq!(arg_text(&r, &l.target_mention_id), "the contract");
    }

    #[test]
    fn a_borrowed_subject_undergoes_a_change_of_state() {
        let (r, ev) = run("Copper prices continued to fall on Tuesday.");
        let f = find(&r, &ev, "fall");
        assert!(f.actor_mention_id.is_none(), "{f:?}");
        assert!(
            arg_text(&r, &f.target_mention_id).ends_with("prices"),
            "{f:?}"
        );
    }

    #[test]
    fn an_amount_a_gerund_or_a_deadline_after_by_is_no_agent() {
        let (r, ev) = run("The index plunged by more than 416 points on Tuesday.");
        let f = find(&r, &ev, "plunged");
        assert!(f.actor_mention_id.is_none(), "{f:?}");
        assert!(
            arg_text(&r, &f.target_mention_id).ends_with("index"),
            "{f:?}"
        );
        let (r, ev) = run("Steve Jobs started by hinting at the incident.");
        let f = find(&r, &ev, "started");
        assert_eq!(arg_text(&r, &f.actor_mention_id), "Steve Jobs", "{f:?}");
        let (r, ev) = run("The carmaker said 25,000 positions should be cut by 2012.");
        let f = find(&r, &ev, "cut");
        assert!(f.actor_mention_id.is_none(), "{f:?}");
        assert!(
            arg_text(&r, &f.target_mention_id).ends_with("positions"),
            "{f:?}"
        );
    }

    #[test]
    fn a_reduced_relative_clause_is_passive() {
        let (r, ev) = run("The consortium will supply 14 new airliners converted for the task.");
        let f = find(&r, &ev, "converted");
        assert!(f.actor_mention_id.is_none(), "{f:?}");
        assert!(
            arg_text(&r, &f.target_mention_id).ends_with("airliners"),
            "{f:?}"
        );
        let (r, ev) = run("The Dow, a stock market index used to gauge the economy, fell.");
        let f = find(&r, &ev, "used");
        assert!(f.actor_mention_id.is_none(), "{f:?}");
        // a clause subject after a conjunction stays the actor
        let (r, ev) = run("Sales were weak and the company moved to Detroit.");
        let f = find(&r, &ev, "moved");
        assert!(
            arg_text(&r, &f.actor_mention_id).ends_with("company"),
            "{f:?}"
        );
    }

    #[test]
    fn a_person_who_goes_or_returns_acts() {
        let (r, ev) = run("President Anna Berg went on national television on Monday.");
        let f = find(&r, &ev, "went");
        assert_eq!(arg_text(&r, &f.actor_mention_id), "Anna Berg", "{f:?}");
        assert!(f.target_mention_id.is_none(), "{f:?}");
        // a market that goes down still undergoes it
        let (r, ev) = run("Copper prices went down on Monday.");
        let f = find(&r, &ev, "went");
        assert!(f.actor_mention_id.is_none(), "{f:?}");
    }

    #[test]
    fn a_subject_after_a_clause_opener_or_before_an_aside() {
        let (r, ev) = run("Shares fell after Zorbex Airlines received criticism last month.");
        let f = find(&r, &ev, "received");
        assert_eq!(
            arg_text(&r, &f.actor_mention_id),
            "Zorbex Airlines",
            "{f:?}"
        );
        let (r, ev) = run("Senator Anna Berg (D-NY) entered them into the record.");
        let f = find(&r, &ev, "entered");
        assert_eq!(
            arg_text(&r, &f.actor_mention_id),
            "Anna Berg (D-NY)",
            "{f:?}"
        );
        // a name after a preposition, then a comma and a participle, is no subject
        let (r, ev) = run("Boeing filed a protest before the GAO, claiming bias.");
        let f = find(&r, &ev, "claiming");
        assert_ne!(arg_text(&r, &f.actor_mention_id), "GAO", "{f:?}");
    }

    #[test]
    fn currency_amounts_asked_for_things_and_appositives_in_arguments() {
        let (r, ev) = run("The carmaker said it had lost US$6 billion in the first quarter.");
        let f = find(&r, &ev, "lost");
        assert_eq!(arg_text(&r, &f.target_mention_id), "US$6 billion", "{f:?}");
        let (r, ev) = run("The firm gained the record-breaking $1 billion last year.");
        let f = find(&r, &ev, "gained");
        assert!(
            arg_text(&r, &f.target_mention_id).ends_with("billion"),
            "{f:?}"
        );
        let (r, ev) = run("The carmaker asked the government for an additional $5 billion in aid.");
        let f = find(&r, &ev, "asked");
        assert!(
            arg_text(&r, &f.target_mention_id).contains("$5 billion"),
            "{f:?}"
        );
        let (r, ev) = run("The main index, the FTSE 100, dropped by 6% on Monday.");
        let f = find(&r, &ev, "dropped");
        assert_eq!(
            arg_text(&r, &f.target_mention_id),
            "The main index, the FTSE 100",
            "{f:?}"
        );
    }

    #[test]
    fn headline_passives_and_bare_verbs_used_as_nouns() {
        let (r, ev) =
            run("Zorbex stock markets suspended amid turmoil\n\nTrading stopped on Monday.");
        let f = find(&r, &ev, "suspended");
        assert!(f.actor_mention_id.is_none(), "{f:?}");
        assert!(
            arg_text(&r, &f.target_mention_id).ends_with("markets"),
            "{f:?}"
        );
        // in running text the same words keep their subject as actor
        let (r, ev) = run("Officials said the regulators suspended trading on Monday.");
        let f = find(&r, &ev, "suspended");
        assert!(
            arg_text(&r, &f.actor_mention_id).ends_with("regulators"),
            "{f:?}"
        );
        let (r, ev) = run("The contract may be signed during the auto show in Frankfurt.");
        let f = find(&r, &ev, "show");
        assert!(f.actor_mention_id.is_none(), "{f:?}");
        let (r, ev) = run("The workers show no sign of stopping.");
        let f = find(&r, &ev, "show");
        assert!(
            arg_text(&r, &f.actor_mention_id).ends_with("workers"),
            "{f:?}"
        );
    }

    #[test]
    fn the_firm_that_posts_a_result_and_the_one_an_order_comes_from() {
        let (r, ev) = run("Zorbex Motors posted a loss of $381 million in the first quarter.");
        let f = find(&r, &ev, "loss");
        assert_eq!(arg_text(&r, &f.actor_mention_id), "Zorbex Motors", "{f:?}");
        // a report of an attack names no attacker
        let (r, ev) = run("Zorbex Motors reported an attack on its plant.");
        let f = find(&r, &ev, "attack");
        assert_ne!(arg_text(&r, &f.actor_mention_id), "Zorbex Motors", "{f:?}");
        let (r, ev) = run("Airbus has won an order from Qatar Airways for 60 jets.");
        let f = find(&r, &ev, "order");
        assert_eq!(arg_text(&r, &f.actor_mention_id), "Qatar Airways", "{f:?}");
    }

    #[test]
    fn a_light_verb_in_a_relative_clause_completes_the_noun_before_it() {
        let (r, ev) = run(
            "Baku condemned the raids the special forces carried out against ethnic Azerbaijanis.",
        );
        let f = find(&r, &ev, "raids");
        assert!(
            arg_text(&r, &f.actor_mention_id).ends_with("forces"),
            "{f:?}"
        );
        assert!(
            arg_text(&r, &f.target_mention_id).ends_with("Azerbaijanis"),
            "{f:?}"
        );
    }

    #[test]
    fn a_coordinated_verb_shares_the_main_clause_subject() {
        let (r, ev) = run(
            "Zorbex Motors has said that it posted a profit in the quarter, and predicted that sales would rise.",
        );
        let f = find(&r, &ev, "predicted");
        assert_eq!(arg_text(&r, &f.actor_mention_id), "Zorbex Motors", "{f:?}");
        // without a nested clause the nearest verb still lends its subject
        let (r, ev) = run("Zorbex Motors closed two plants and fired 500 workers.");
        let f = find(&r, &ev, "fired");
        assert_eq!(arg_text(&r, &f.actor_mention_id), "Zorbex Motors", "{f:?}");
    }

    #[test]
    fn an_opening_participle_and_a_clause_after_that_take_their_subjects() {
        let (r, ev) = run("Citing a precautionary measure, Zorbex Airlines announced a delay.");
        let f = find(&r, &ev, "Citing");
        assert_eq!(
            arg_text(&r, &f.actor_mention_id),
            "Zorbex Airlines",
            "{f:?}"
        );
        let (r, ev) = run("While introducing the phone, Steve Jobs announced its price.");
        let f = find(&r, &ev, "introducing");
        assert_eq!(arg_text(&r, &f.actor_mention_id), "Steve Jobs", "{f:?}");
        let (r, ev) =
            run("Customers reported that Zorbex Airlines had set a recording on the line.");
        let f = find(&r, &ev, "set");
        assert_eq!(
            arg_text(&r, &f.actor_mention_id),
            "Zorbex Airlines",
            "{f:?}"
        );
    }

    #[test]
    fn the_speaker_after_a_speech_verb_is_completed() {
        let (r, ev) = run("\"It was cheap,\" said Apple Inc. CEO Steve Jobs.");
        let f = find(&r, &ev, "said");
        assert_eq!(arg_text(&r, &f.actor_mention_id), "Steve Jobs", "{f:?}");
        let (r, ev) =
            run("\"This is a difficult day,\" said Jim Press, the vice chairman of Chrysler.");
        let f = find(&r, &ev, "said");
        assert_eq!(
            arg_text(&r, &f.actor_mention_id),
            "Jim Press, the vice chairman of Chrysler",
            "{f:?}"
        );
        let (r, ev) =
            run("\"We are making progress,\" said the firm's chief executive, Alan Mulally.");
        let f = find(&r, &ev, "said");
        assert!(
            arg_text(&r, &f.actor_mention_id).ends_with("Alan Mulally"),
            "{f:?}"
        );
    }

    #[test]
    fn partitives_model_numbers_and_adjectives_in_object_phrases() {
        let (r, ev) =
            run("Halden Aero bought 20 of the jets. Nordlys unveiled Skyline 7 on Monday.");
        let b = find(&r, &ev, "bought");
        assert_eq!(arg_text(&r, &b.target_mention_id), "20 of the jets");
        let u = find(&r, &ev, "unveiled");
        assert!(arg_text(&r, &u.target_mention_id).ends_with('7'), "{u:?}");
        let (r, ev) = run("The carrier will give free tickets to its staff.");
        let g = find(&r, &ev, "give");
        assert_eq!(arg_text(&r, &g.target_mention_id), "free tickets");
    }

    #[test]
    fn an_approximate_amount_opens_the_object_phrase() {
        let (r, ev) = run("Nordlys Air will buy up to 40 jets from Halden Aero.");
        let b = find(&r, &ev, "buy");
        assert_eq!(arg_text(&r, &b.target_mention_id), "up to 40 jets");
    }

    #[test]
    fn stock_prices_and_shares_are_not_events() {
        let (r, ev) = run("Stock prices dropped as shares in Halden Aero slid.");
        assert!(ev
            .iter()
            .all(|e| !matches!(e.trigger.slice(&r.doc.text), "prices" | "shares")));
        let d = find(&r, &ev, "dropped");
        assert_eq!(arg_text(&r, &d.target_mention_id), "Stock prices");
    }

    #[test]
    fn changes_of_state_and_copulas_take_their_subject_as_target() {
        let (r, ev) = run("Bonds in Zürich fell 4 percent. Its markets remained closed.");
        let fell = find(&r, &ev, "fell");
        assert!(fell.actor_mention_id.is_none());
        assert_eq!(arg_text(&r, &fell.target_mention_id), "Bonds in Zürich");
        let rem = find(&r, &ev, "remained");
        assert_eq!(arg_text(&r, &rem.target_mention_id), "Its markets");
    }

    #[test]
    fn closing_a_case_is_legal_action_and_inherits_the_decision_maker() {
        let (r, ev) = run(
            "The Bavarian Prosecution Office's decision to close the criminal case angered Ólafur.",
        );
        let close = find(&r, &ev, "close");
        assert_eq!(close.event_type, "legal_action");
        assert_eq!(name(&close.actor), "Bavarian Prosecution Office");
    }

    #[test]
    fn appositive_subject_covers_the_name_and_resolves_to_it() {
        let (r, ev) = run("Maria Holm, the chief of Vattenfall, announced new plants.");
        let a = find(&r, &ev, "announced");
        assert_eq!(
            arg_text(&r, &a.actor_mention_id),
            "Maria Holm, the chief of Vattenfall"
        );
        assert_eq!(name(&a.actor), "Maria Holm");
    }

    #[test]
    fn negation_and_promise_modality() {
        let (r, ev) = run("Chile did not sign the treaty. Peru will sign the accord.");
        let s: Vec<&Event> = ev
            .iter()
            .filter(|e| e.trigger.slice(&r.doc.text) == "sign")
            .collect();
        assert!(s[0].negated && !s[1].negated);
        assert_eq!(s[1].modality, "promised");
        assert_eq!(name(&s[0].actor), "Chile");
    }

    #[test]
    fn appositive_between_commas_is_skipped() {
        let (r, ev) = run("Toyota, the largest carmaker, announced record losses.");
        let e = find(&r, &ev, "announced");
        assert_eq!(name(&e.actor), "Toyota");
    }

    #[test]
    fn against_target_and_stop_forms() {
        let (r, ev) =
            run("Police raids against Kurdish groups in Ankara continued. The close race ended.");
        let e = find(&r, &ev, "raids");
        assert_eq!(e.event_type, "coerce");
        assert!(!ev.iter().any(|e| e.trigger.slice(&r.doc.text) == "close"));
    }

    #[test]
    fn tokenizer_splits_possessive_and_keeps_inner_hyphen() {
        let t = "Russia's sell-off, U.S. raids.";
        let mut toks = Vec::new();
        tokenize(t, Span::new(0, t.len()), &mut toks);
        let words: Vec<&str> = toks.iter().map(|k| &t[k.start..k.end]).collect();
        assert_eq!(
            words,
            vec!["Russia", "'s", "sell-off", ",", "U.S", ".", "raids", "."]
        );
    }
}
