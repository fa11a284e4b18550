//! Claims: who said, promised, demanded or denied what; the op-ed author for unattributed opinion.
//!
//! Reads: text, sentences, mentions, dates. Adds: claims.
//!
//! # Explicit claims (`attribution = explicit`)
//! A cue from `data/lexicons/claim_cues.tsv` (verb lemma or `verb particle`, inflections
//! generated; nouns; `according to`) opens a frame; the frame decides where source and content are.
//! Span conventions follow PolNeAR/PARC: the cue is the whole verb group (`has also said`,
//! `did not deny`, `called for`); the source is the full noun phrase (`Senator Jane Roe`,
//! `Roe, 49, a former mayor,`, `civil society groups, unions and analysts`); the content is the
//! rest of the clause (with `that`), or the whole quotation, quote marks included.
//! Constructions, in the order they are tried for a verb cue:
//! 1. **quote, then tag**: `"...," Roe said` / `"...," said Roe`; a second quote after the tag
//!    (`"A," she said, "B."`) and a quote opening the next sentence become `content_fragments`;
//! 2. **clause, then tag**: `The bridge will reopen, officials said.`;
//! 3. **passive with agent**: `this was mentioned by the minister`;
//! 4. **subject, cue, content**: `Roe said (that) ...`, `Roe told reporters that ...`,
//!    `Roe said: "..."` (the quote may run over several sentences: `sentence_end`);
//!    a participle after a comma (`..., adding that ...`) and a coordinated verb
//!    (`... and said ...`) take the source of the clause they hang on.
//!
//! Other frames: `according to X` (content: the rest of the clause, before or after);
//! nominal cues with a possessor (`Roe's promise that ...`, `his apology and his promise to ...`:
//! coordinated nouns share the complement); a sentence-initial `Asked about X, ...` (no source);
//! an agentless passive of asking/telling (`Roe was asked whether ...`: no source);
//! `X seems/appears to ...` (no source; content = subject + rest of the clause, two fragments;
//! `it appears that ...` -> the `that` clause); a quotation signed by a dash after it
//! (`"..." ― Jane Roe`) or introduced by a name and a colon (`More from Roe: "..."`).
//! Belief, intention and stance verbs count as cues too (`believe`, `want`, `hope`, `back`...;
//! `EXTRA_CUES` below adds them to the shipped lexicon). Not claims (PARC/PolNeAR convention):
//! cues inside a quotation (the quoted speaker's words) and an attitude opening another claim's
//! content (`Roe said she believes ...`: one claim, Roe's).
//!
//! Claim types (closed list; the cue lexicon maps every cue to one):
//! `statement` (say, tell, announce), `opinion` (argue, claim, believe, call X Y),
//! `promise` (promise, pledge, vow, assure), `demand` (call for, urge, demand),
//! `accusation` (accuse, blame, allege), `criticism` (criticise, condemn, attack),
//! `denial` (deny), `rejection` (reject, dismiss, refuse; also a negated `recognise`/`accept`),
//! `apology` (apologise), `threat` (threaten), `warning` (warn), `question` (ask, question),
//! `admission` (admit, acknowledge), `support` (endorse, back, praise).
//!
//! Claimant: the entity of a name mention inside the source span (a PERSON first; a possessor
//! `Roe's` only when nothing else is there), else a mention of another kind (title, pronoun) that
//! the entity stage resolved, else for `he/she` the nearest PERSON before, for `it` the nearest
//! organisation or place. A group noun phrase without an entity keeps `claimant_text` and a null
//! claimant. `hedged`: a hedge word (may, might, could, reportedly, allegedly, appears...) in the
//! cue group or the content. `negated`: `not`/`never`/`n't` in the cue group. Date: a date
//! expression of the cue's sentence outside the content (nearest to the cue); when there is none
//! and the previous sentence holds a dated claim of the same claimant, that date.
//!
//! # Authorial claims (`attribution = authorial`)
//! Only in opinion pieces (`Document::is_opinion`: section Opinion, Comment, Analysis, Op-Ed...):
//! a body sentence that no explicit claim covers (neither its cue nor its content) and that
//! carries an evaluative or prescriptive marker from `data/lexicons/claims_authorial.tsv`
//! (`should`, `must`, `it is time`, `undermine`, `questionable`...) or is a rhetorical question is
//! a claim of the byline author: `claim_type = opinion`, null cue, the whole sentence as content.
//!
//! Invariants: every span lies in `sentence..=sentence_end` and on char boundaries; content is
//! never empty; claims are sorted by content start. Linear in the text: one tokenisation, hashed
//! cue look-ups on an ASCII-folded copy (same byte offsets), bounded local scans.

use crate::document::*;
use crate::entities::{WordMap as HashMap, WordSet as HashSet};
use crate::wordlist::WordList;
use std::borrow::Cow;
use std::sync::OnceLock;

// ---------------------------------------------------------------------------------------------
// Lexicon

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    Say,
    Tell,
    Obj,
    Noun,
    Acc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Base,
    S,
    Past,
    Ing,
}

#[derive(Debug, Clone, Copy)]
struct Cue {
    ty: &'static str,
    frame: Frame,
    form: Form,
    /// Number of words of the surface form (1, or 2 with a particle).
    words: usize,
}

struct Lexicon {
    /// Surface form (one word, or two separated by one space) -> verb cue.
    verbs: HashMap<String, Cue>,
    /// One-word verb and noun cues by word, so a token is looked up once (`token_cues`).
    words: HashMap<String, WordCues>,
    /// Authorial markers (one to three words).
    authorial: HashSet<String>,
}

/// What the cue lexicon says about one word.
#[derive(Debug, Clone, Copy, Default)]
struct WordCues {
    /// `verbs[word]` (also entries of more than one word listed under a one-word form).
    verb: Option<Cue>,
    noun: Option<Cue>,
    /// The word opens a two-word verb cue (`call for`): only then is the pair looked up.
    opens_two: bool,
}

/// What the lexicon says about a word it does not hold (and about punctuation).
static NO_CUES: WordCues = WordCues {
    verb: None,
    noun: None,
    opens_two: false,
};

/// Each token's `WordCues` (`NO_CUES` for punctuation): the rules ask about the same tokens
/// many times, and hashing the word once is cheaper. A reference into the lexicon, not a copy:
/// one 8-byte pointer per token is written instead of the ~70-byte entry.
fn token_cues(folded: &str, toks: &[Tok], lex: &'static Lexicon) -> Vec<&'static WordCues> {
    toks.iter()
        .map(|t| match t.k {
            K::Word => lex.words.get(&folded[t.s..t.e]).unwrap_or(&NO_CUES),
            _ => &NO_CUES,
        })
        .collect()
}

const TYPES: &[&str] = &[
    "statement",
    "opinion",
    "promise",
    "demand",
    "accusation",
    "criticism",
    "denial",
    "rejection",
    "apology",
    "threat",
    "warning",
    "question",
    "admission",
    "support",
];

fn intern_type(t: &str) -> &'static str {
    TYPES
        .iter()
        .find(|x| **x == t)
        .copied()
        .unwrap_or("statement")
}

fn regular_forms(lemma: &str) -> Vec<(String, Form)> {
    let b = lemma.as_bytes();
    let last = b[b.len() - 1];
    let prev_vowel = b.len() >= 2 && b"aeiou".contains(&b[b.len() - 2]);
    let s = if lemma.ends_with('s')
        || lemma.ends_with('x')
        || lemma.ends_with('z')
        || lemma.ends_with("ch")
        || lemma.ends_with("sh")
    {
        format!("{lemma}es")
    } else if last == b'y' && !prev_vowel {
        format!("{}ies", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}s")
    };
    let ed = if last == b'e' {
        format!("{lemma}d")
    } else if last == b'y' && !prev_vowel {
        format!("{}ied", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}ed")
    };
    let ing = if last == b'e' && !lemma.ends_with("ee") {
        format!("{}ing", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}ing")
    };
    vec![
        (lemma.to_string(), Form::Base),
        (s, Form::S),
        (ed, Form::Past),
        (ing, Form::Ing),
    ]
}

fn form_of(surface: &str, lemma: &str) -> Form {
    let w = surface.split(' ').next().unwrap_or(surface);
    let l = lemma.split(' ').next().unwrap_or(lemma);
    if w == l {
        Form::Base
    } else if w.ends_with("ing") {
        Form::Ing
    } else if w.ends_with('s') && !w.ends_with("ss") {
        Form::S
    } else {
        Form::Past
    }
}

fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| {
        let mut verbs = HashMap::default();
        let mut nouns: HashMap<String, Cue> = HashMap::default();
        let shipped = include_str!("../../data/lexicons/claim_cues.tsv").lines();
        for line in shipped.chain(EXTRA_CUES.lines()) {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            if cols.len() < 3 {
                continue;
            }
            let (lemma, ty, frame) = (cols[0], intern_type(cols[1]), cols[2]);
            let frame = match frame {
                "say" => Frame::Say,
                "tell" => Frame::Tell,
                "obj" => Frame::Obj,
                "noun" => Frame::Noun,
                "acc" => Frame::Acc,
                _ => continue,
            };
            let words = lemma.split(' ').count();
            if frame == Frame::Noun || frame == Frame::Acc {
                let target = if frame == Frame::Noun {
                    &mut nouns
                } else {
                    &mut verbs
                };
                let mut forms = vec![lemma.to_string()];
                if let Some(f) = cols.get(3) {
                    forms.extend(
                        f.split(',')
                            .map(|x| x.trim().to_string())
                            .filter(|x| !x.is_empty()),
                    );
                }
                for f in forms {
                    target.insert(
                        f,
                        Cue {
                            ty,
                            frame,
                            form: Form::Base,
                            words,
                        },
                    );
                }
                continue;
            }
            let forms: Vec<(String, Form)> = match cols.get(3).filter(|f| !f.is_empty()) {
                // `-forms`: only these forms (the base form is a noun or not a cue).
                Some(f) => {
                    let (only, f) = f.strip_prefix('-').map_or((false, *f), |x| (true, x));
                    let listed = f
                        .split(',')
                        .map(|x| (x.trim().to_string(), form_of(x.trim(), lemma)));
                    if only {
                        listed.collect()
                    } else {
                        std::iter::once((lemma.to_string(), Form::Base))
                            .chain(listed)
                            .collect()
                    }
                }
                None => {
                    let (head, particle) = lemma
                        .split_once(' ')
                        .map_or((lemma, None), |(h, p)| (h, Some(p)));
                    regular_forms(head)
                        .into_iter()
                        .map(|(f, form)| (particle.map_or(f.clone(), |p| format!("{f} {p}")), form))
                        .collect()
                }
            };
            for (f, form) in forms {
                verbs.entry(f).or_insert(Cue {
                    ty,
                    frame,
                    form,
                    words,
                });
            }
        }
        let mut authorial = HashSet::default();
        for line in include_str!("../../data/lexicons/claims_authorial.tsv").lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(m) = line.split('\t').next() {
                authorial.insert(m.trim().to_string());
            }
        }
        let mut words: HashMap<String, WordCues> = HashMap::default();
        for (form, cue) in &verbs {
            match form.split_once(' ') {
                Some((first, _)) => words.entry(first.to_string()).or_default().opens_two = true,
                None => words.entry(form.clone()).or_default().verb = Some(*cue),
            }
        }
        for (form, cue) in nouns.iter().filter(|(f, _)| !f.contains(' ')) {
            words.entry(form.clone()).or_default().noun = Some(*cue);
        }
        Lexicon {
            verbs,
            words,
            authorial,
        }
    })
}

/// Cues of belief, intention, stance and publication that PolNeAR-style attribution counts as
/// well (same columns as `data/lexicons/claim_cues.tsv`; that file wins on duplicates). Kept here
/// so the stage owns its coverage; candidates to move into the shipped lexicon.
const EXTRA_CUES: &str = "\
believe\topinion\tsay\t-believe,believed,believing
think\topinion\tsay\tthinks,thought,thinking
know\topinion\tsay\tknows,knew
hope\topinion\tsay\t-hope,hopes,hoping
fear\topinion\tsay
feel\topinion\tsay\t-felt
doubt\topinion\tsay\t-doubted,doubts
realize\topinion\tsay
realise\topinion\tsay
speculate\topinion\tsay
concur\topinion\tsay\tconcurs,concurred,concurring
disagree\topinion\tsay
see\topinion\tsay\tsees,seeing
consider\topinion\tobj
imply\topinion\tsay
portray\topinion\tobj
depict\topinion\tobj
characterize\topinion\tobj
characterise\topinion\tobj
label\topinion\tobj\t-labeled,labelled,labels,labeling
dub\topinion\tobj\t-dubbed,dubs
name\topinion\tobj\t-named
want\tdemand\tobj\twants,wanted,wanting
wish\tdemand\tsay
propose\tdemand\tsay
request\tdemand\tobj\t-requested
advocate\tdemand\tobj\t-advocated,advocating
encourage\tdemand\ttell
implore\tdemand\ttell
beg\tdemand\ttell\tbegs,begged,begging
support\tsupport\tobj\t-supports,supported
back\tsupport\tobj\t-backed,backing,backs
tout\tsupport\tobj
commend\tsupport\tobj
credit\tsupport\tobj\t-credited,crediting
vote against\trejection\tobj
express\tstatement\tobj
voice\tstatement\tobj\t-voiced,voicing
offer\tstatement\tobj\t-offered,offering,offers
echo\tstatement\tsay\t-echoed,echoing,echoes
repeat\tstatement\tsay
post\tstatement\tobj\t-posted,posting
list\tstatement\tobj\t-listed,listing,lists
discuss\tstatement\tobj
invoke\tstatement\tobj
outline\tstatement\tobj\t-outlined,outlining
lay out\tstatement\tobj\tlays out,laid out,laying out
spell out\tstatement\tobj
signal\tstatement\tsay\t-signaled,signalled,signaling,signalling,signals
hint\tstatement\tsay\t-hinted,hinting,hints
proclaim\tstatement\tsay
affirm\tstatement\tsay
inform\tstatement\ttell
remind\tstatement\ttell
counter\tstatement\tsay\t-countered,countering
retort\tstatement\tsay
protest\tcriticism\tsay\t-protested,protesting
object to\tcriticism\tobj\tobjects to,objected to,objecting to
fault\tcriticism\tobj\t-faulted,faulting,faults
deride\tcriticism\tobj
assail\tcriticism\tobj
rebuke\tcriticism\tobj
chide\tcriticism\tobj
scold\tcriticism\tobj
refute\tdenial\tobj
rebut\tdenial\tobj\trebuts,rebutted,rebutting
confess\tadmission\tsay
plead guilty\tadmission\tobj\tpleads guilty,pleaded guilty,pled guilty,pleading guilty
swear\tpromise\tsay\tswears,swore,sworn,swearing
plead\tdemand\ttell\t-pleaded,pleading,pleads
criticism\tcriticism\tnoun
allegation\taccusation\tnoun\tallegations
claim\topinion\tnoun\tclaims
suggestion\topinion\tnoun
insistence\topinion\tnoun
belief\topinion\tnoun
argument\topinion\tnoun
hope\topinion\tnoun\thopes
fear\topinion\tnoun\tfears
endorsement\tsupport\tnoun
refusal\trejection\tnoun
claim\topinion\tsay\t-claim
defend\tsupport\tobj\t-defend,defends
promise\tpromise\tsay\t-promise
pledge\tpromise\tsay\t-pledge,pledges
vow\tpromise\tsay\t-vow
warn\twarning\ttell\t-warn
threaten\tthreat\tsay\t-threaten
demand\tdemand\tsay\t-demand
accuse\taccusation\tobj\t-accuse
blame\taccusation\tobj\t-blame
reject\trejection\tobj\t-reject
deny\tdenial\tsay\t-deny
admit\tadmission\tsay\t-admit
call\topinion\tobj\t-calls
expect\topinion\tobj\t-expect,expects,expecting
seem\topinion\tobj
appear\topinion\tobj
like\tdemand\tobj\t-like
";

// ---------------------------------------------------------------------------------------------
// Closed word classes used by the frames (lower case).

/// Words that may stand between the subject and the cue verb and belong to the cue group.
static AUX: WordList = WordList::new(&[
    "has", "have", "had", "is", "are", "was", "were", "be", "been", "being", "will", "would",
    "shall", "could", "can", "may", "might", "must", "should", "did", "does", "do", "also", "not",
    "never", "then", "now", "just", "still", "even", "again", "once", "first", "long", "already",
    "further", "ever", "too", "soon", "later", "often", "always", "no", "longer",
]);
/// Spelled-out counts ending a poll share before a base-form cue (`one in five say`).
static CARDINALS: WordList = WordList::new(&[
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "dozen",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
]);
static BE: WordList = WordList::new(&["is", "are", "was", "were", "be", "been", "being"]);
/// Words that end a noun phrase when scanning backwards from the cue.
static BOUNDARY: WordList = WordList::new(&[
    "that", "but", "because", "when", "while", "if", "as", "since", "although", "though", "after",
    "before", "where", "so", "than", "whether", "in", "on", "at", "during", "with", "without",
    "from", "into", "to", "by", "until", "unless", "what", "how", "why", "which", "who", "whom",
    "whose", "also", "not", "said", "says", "say", "told", "is", "was", "are", "were", "has",
    "have", "had", "will", "would", "could", "can", "may", "might", "should", "must", "did",
    "does", "do", "be", "been", "yet", "however", "nor", "then", "once", "about", "against",
    "over", "under", "through", "between", "like", "unlike", "despite", "amid", "via", "per",
    "just", "even", "only", "there", "here", "it's", "it’s", "let", "let's",
]);
static DETERMINERS: WordList = WordList::new(&[
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "these", "those",
    "that", "some", "many", "several", "no", "any", "each", "every", "such", "new", "of", "for",
    "in", "on", "at", "to", "with", "by", "from", "and", "or", "first", "latest", "recent",
    "other", "own", "public", "same",
]);
static SUBJECT_PRONOUNS: WordList = WordList::new(&[
    "i", "we", "they", "you", "he", "she", "it", "who", "which", "that", "people", "others",
    "some", "many", "most", "both", "all",
]);
static PREPOSITIONS: WordList = WordList::new(&[
    "at",
    "in",
    "on",
    "during",
    "to",
    "after",
    "before",
    "with",
    "for",
    "from",
    "last",
    "this",
    "earlier",
    "later",
    "yesterday",
    "today",
    "tonight",
    "recently",
    "previously",
    "again",
    "repeatedly",
    "publicly",
    "privately",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "in",
    "of",
    "about",
    "over",
    "while",
    "when",
    "as",
    "by",
    "via",
    "late",
    "early",
    "shortly",
    "then",
    "also",
    "once",
    "outside",
    "inside",
    "near",
    "following",
]);
static HEDGES: WordList = WordList::new(&[
    "may",
    "might",
    "could",
    "reportedly",
    "allegedly",
    "appears",
    "appeared",
    "apparently",
    "possibly",
    "perhaps",
    "likely",
    "seems",
    "seemed",
    "probably",
    "purportedly",
]);
static POSSESSIVE_PRONOUNS: WordList = WordList::new(&["his", "her", "their", "its", "our", "my"]);

fn negation(w: &str) -> bool {
    w == "not" || w == "never" || w.ends_with("n't") || w.ends_with("n’t") || w == "cannot"
}

/// A generic manner adverb (`publicly`, `repeatedly`) that joins the cue group.
fn ly_adverb(w: &str) -> bool {
    w.len() > 4
        && w.ends_with("ly")
        && !matches!(
            w,
            "only"
                | "family"
                | "early"
                | "july"
                | "italy"
                | "daily"
                | "rally"
                | "ally"
                | "reply"
                | "supply"
                | "likely"
                | "weekly"
                | "monthly"
                | "holy"
                | "ugly"
        )
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum K {
    Word,
    Punct,
    QOpen,
    QClose,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    s: usize,
    e: usize,
    k: K,
    sent: usize,
    /// Quote region index for quote tokens.
    q: usize,
    cap: bool,
}

#[derive(Debug, Clone, Copy)]
struct QRegion {
    /// Token indices of the opening and closing quote (`close == open` when unclosed).
    open: usize,
    close: usize,
    span: Span,
}

const NO_Q: usize = usize::MAX;

fn is_dquote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»')
}

fn tokenize(text: &str, sentences: &[Sentence]) -> (Vec<Tok>, Vec<(usize, usize)>) {
    let mut toks = Vec::with_capacity(text.len() / 5);
    let mut ranges = Vec::with_capacity(sentences.len());
    for (si, sent) in sentences.iter().enumerate() {
        let first = toks.len();
        let s = sent.span.slice(text);
        let base = sent.span.start;
        let bytes = s.as_bytes();
        let char_at = |j: usize| match bytes.get(j) {
            Some(&b) if b < 0x80 => Some(char::from(b)),
            Some(_) => s[j..].chars().next(),
            None => None,
        };
        let mut word_start: Option<usize> = None;
        let mut prev_alnum = false;
        let mut at = 0;
        while let Some(c) = char_at(at) {
            let i = at;
            at += c.len_utf8();
            if c.is_ascii_alphanumeric() {
                // The common case, a run of ASCII letters and digits, in one tight loop.
                word_start.get_or_insert(i);
                while bytes.get(at).is_some_and(u8::is_ascii_alphanumeric) {
                    at += 1;
                }
                prev_alnum = true;
                continue;
            }
            let next = char_at(at);
            let inner = matches!(c, '\'' | '’' | '-' | '‘')
                && prev_alnum
                && next.is_some_and(char::is_alphanumeric);
            if c.is_alphanumeric() || inner {
                if word_start.is_none() {
                    word_start = Some(i);
                }
                prev_alnum = c.is_alphanumeric();
                continue;
            }
            if let Some(ws) = word_start.take() {
                let cap = s[ws..].starts_with(|ch: char| ch.is_uppercase());
                toks.push(Tok {
                    s: base + ws,
                    e: base + i,
                    k: K::Word,
                    sent: si,
                    q: NO_Q,
                    cap,
                });
            }
            prev_alnum = false;
            if c.is_whitespace() {
                continue;
            }
            // `''` and ``` `` ``` are quotation marks in some newswire text.
            if (c == '\'' && next == Some('\'')) || (c == '`' && next == Some('`')) {
                at += 1;
                toks.push(Tok {
                    s: base + i,
                    e: base + i + 2,
                    k: K::QOpen,
                    sent: si,
                    q: NO_Q,
                    cap: false,
                });
                continue;
            }
            let k = if is_dquote(c) { K::QOpen } else { K::Punct };
            toks.push(Tok {
                s: base + i,
                e: base + i + c.len_utf8(),
                k,
                sent: si,
                q: NO_Q,
                cap: false,
            });
        }
        if let Some(ws) = word_start {
            let cap = s[ws..].starts_with(|ch: char| ch.is_uppercase());
            toks.push(Tok {
                s: base + ws,
                e: base + s.len(),
                k: K::Word,
                sent: si,
                q: NO_Q,
                cap,
            });
        }
        ranges.push((first, toks.len()));
    }
    (toks, ranges)
}

/// Pairs quotation marks inside each paragraph: `“` opens, `”` closes, straight quotes alternate;
/// a quote still open at the paragraph end runs to it.
fn pair_quotes(text: &str, toks: &mut [Tok], sentences: &[Sentence]) -> Vec<QRegion> {
    let mut regions = Vec::new();
    let mut open: Option<usize> = None;
    let mut para = usize::MAX;
    let mut last_in_para = 0usize;
    let close_unclosed =
        |open: Option<usize>, last: usize, toks: &mut [Tok], regions: &mut Vec<QRegion>| {
            if let Some(o) = open {
                toks[o].q = regions.len();
                regions.push(QRegion {
                    open: o,
                    close: o,
                    span: Span::new(toks[o].s, toks[last].e.max(toks[o].e)),
                });
            }
        };
    for i in 0..toks.len() {
        let p = sentences[toks[i].sent].paragraph_id;
        if p != para {
            close_unclosed(open.take(), last_in_para, toks, &mut regions);
            para = p;
        }
        last_in_para = i;
        if toks[i].k != K::QOpen {
            continue;
        }
        let c = text[toks[i].s..].chars().next().unwrap_or('"');
        match (c, open) {
            ('“' | '„' | '«', Some(o)) => {
                // An opening mark while one is open: the earlier one was never closed.
                toks[o].k = K::Punct;
                open = Some(i);
            }
            ('”' | '»', None) => toks[i].k = K::Punct,
            (_, Some(o)) => {
                toks[o].q = regions.len();
                toks[i].q = regions.len();
                toks[i].k = K::QClose;
                regions.push(QRegion {
                    open: o,
                    close: i,
                    span: Span::new(toks[o].s, toks[i].e),
                });
                open = None;
            }
            (_, None) => open = Some(i),
        }
    }
    close_unclosed(open, last_in_para, toks, &mut regions);
    regions
}

// ---------------------------------------------------------------------------------------------
// Frames

/// An attribution before claimant resolution: token-level decisions already made.
#[derive(Debug, Clone)]
struct Raw {
    cue: Option<Span>,
    /// First token of the cue group (for ordering and inheritance).
    sentence: usize,
    source: Option<Span>,
    content: Span,
    fragments: Vec<Span>,
    ty: &'static str,
    quote: bool,
    negated: bool,
    hedged_cue: bool,
    rule: &'static str,
}

struct Ctx<'a> {
    text: &'a str,
    folded: &'a str,
    toks: &'a [Tok],
    ranges: &'a [(usize, usize)],
    regions: &'a [QRegion],
    lex: &'static Lexicon,
    /// `token_cues` of `toks`.
    cues: &'a [&'static WordCues],
}

impl<'a> Ctx<'a> {
    fn lw(&self, i: usize) -> &'a str {
        &self.folded[self.toks[i].s..self.toks[i].e]
    }
    fn is_word(&self, i: usize) -> bool {
        self.toks[i].k == K::Word
    }
    fn punct(&self, i: usize) -> Option<char> {
        (self.toks[i].k == K::Punct)
            .then(|| self.text[self.toks[i].s..].chars().next().unwrap_or(' '))
    }
    fn is_punct(&self, i: usize, c: char) -> bool {
        self.punct(i) == Some(c)
    }
    fn span(&self, a: usize, b: usize) -> Span {
        Span::new(self.toks[a].s, self.toks[b - 1].e)
    }
    /// Two adjacent words separated by exactly one space.
    fn two(&self, i: usize) -> Option<&'a str> {
        let (a, b) = (self.toks.get(i)?, self.toks.get(i + 1)?);
        (a.k == K::Word && b.k == K::Word && b.s == a.e + 1 && self.text.as_bytes()[a.e] == b' ')
            .then(|| &self.folded[a.s..b.e])
    }
    fn verb_at(&self, i: usize) -> Option<Cue> {
        if !self.is_word(i) {
            return None;
        }
        let cues = self.cues[i];
        if cues.opens_two {
            if let Some(c) = self.two(i).and_then(|t| self.lex.verbs.get(t)) {
                return Some(*c);
            }
        }
        cues.verb.filter(|c| c.words == 1)
    }
    /// Is token `i` the end of a sentence (a final `.`, `?`, `!` with only quotes/brackets after)?
    fn sentence_final(&self, i: usize) -> bool {
        let (_, b) = self.ranges[self.toks[i].sent];
        if !matches!(self.punct(i), Some('.' | '?' | '!' | ';')) {
            return false;
        }
        (i + 1..b).all(|j| self.toks[j].k != K::Word)
    }

    /// The noun phrase ending right before token `end` (exclusive), inside the sentence from `lo`.
    /// Returns the token range.
    fn subject_before(&self, end: usize, lo: usize) -> Option<(usize, usize)> {
        if end <= lo {
            return None;
        }
        let p = end - 1;
        if self.is_word(p) && matches!(self.lw(p), "who" | "which" | "that") {
            return Some((p, end));
        }
        if self.is_punct(p, ',') {
            return self.appositive_subject(p, lo);
        }
        let mut start = self.np_back(end, lo, 12)?;
        // A list: `A, B, and C said`.
        if start > lo + 1
            && self.is_word(start - 1)
            && matches!(self.lw(start - 1), "and" | "or")
            && self.is_punct(start - 2, ',')
        {
            start -= 1;
        }
        if start > lo && self.is_punct(start - 1, ',') && matches!(self.lw(start), "and" | "or") {
            let mut s = start;
            while s > lo && self.is_punct(s - 1, ',') {
                match self.np_back(s - 1, lo, 5) {
                    Some(x) => s = x,
                    None => break,
                }
            }
            return Some((s, end));
        }
        Some((start, end))
    }

    /// Backward scan over noun-phrase material; `None` when nothing fits or the phrase is too long.
    fn np_back(&self, end: usize, lo: usize, max_words: usize) -> Option<usize> {
        let mut k = end;
        let mut words = 0;
        while k > lo {
            let t = self.toks[k - 1];
            match t.k {
                K::Word => {
                    let w = self.lw(k - 1);
                    if BOUNDARY.contains(w)
                        || self.cues[k - 1].verb.is_some_and(|c| {
                            c.frame != Frame::Noun && c.form != Form::Base && !t.cap
                        })
                    {
                        break;
                    }
                    if w == "and" || w == "or" || w == "&" {
                        // Only between names: `Smith and Jones said`.
                        let left_cap =
                            k >= 2 && self.toks[k - 2].k == K::Word && self.toks[k - 2].cap;
                        let right_cap = k < end && self.toks[k].cap;
                        if !(left_cap && right_cap) {
                            break;
                        }
                    }
                    words += 1;
                    k -= 1;
                }
                K::Punct if self.is_punct(k - 1, ')') => {
                    // A bracketed tag inside the name: `Rep. Jane Roe (D-Ohio)`.
                    let open = (k.saturating_sub(8).max(lo)..k - 1).rev().find(|&j| {
                        self.is_punct(j, '(')
                            || self.is_punct(j, ')')
                            || !self.is_word(j) && self.punct(j).is_none()
                    });
                    match open {
                        Some(j) if self.is_punct(j, '(') && j > lo => k = j,
                        _ => break,
                    }
                }
                K::Punct => {
                    let c = self.punct(k - 1).unwrap_or(' ');
                    // Abbreviation periods (`Mr.`, `U.S.`) and name-internal marks.
                    if (c == '.'
                        && k >= 2
                        && self.toks[k - 2].k == K::Word
                        && self.toks[k - 2].e == t.s)
                        || c == '&'
                        || c == '/'
                        || c == '’'
                        || c == '\''
                    {
                        k -= 1;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
            if words > max_words {
                return None;
            }
        }
        // Leading determiners-only or prepositions do not make a subject.
        while k < end && self.is_word(k) && matches!(self.lw(k), "and" | "or" | "of" | "for") {
            k += 1;
        }
        (words > 0 && k < end).then_some(k)
    }

    /// `Roe, 49, a former mayor, said` / `Roe, at a rally, said` (the adverbial is left out).
    fn appositive_subject(&self, comma: usize, lo: usize) -> Option<(usize, usize)> {
        // The segment between the previous comma and this one.
        let mut c1 = comma;
        let mut n = 0;
        while c1 > lo {
            c1 -= 1;
            if self.is_punct(c1, ',') {
                break;
            }
            if !matches!(self.toks[c1].k, K::Word | K::Punct) || n > 14 {
                return None;
            }
            n += 1;
        }
        if c1 <= lo || !self.is_punct(c1, ',') || c1 + 1 >= comma {
            return None;
        }
        let head = self.np_back(c1, lo, 8)?;
        // The head must open its clause: sentence start, or after a quote / comma / colon.
        if head > lo
            && !matches!(self.toks[head - 1].k, K::QClose | K::QOpen)
            && !matches!(
                self.punct(head - 1),
                Some(',' | ':' | '—' | '–' | '-' | '(')
            )
        {
            return None;
        }
        if !self.toks[head].cap && !DETERMINERS.contains(self.lw(head)) {
            return None;
        }
        let first = self.lw(c1 + 1);
        if PREPOSITIONS.contains(first) && first != "who" {
            Some((head, c1))
        } else {
            Some((head, comma + 1))
        }
    }

    /// The noun phrase right after token `start` (inverted tags: `said Roe`, `according to X`).
    fn np_after(
        &self,
        start: usize,
        max_words: usize,
        stop_at_preposition: bool,
    ) -> Option<(usize, usize)> {
        let (_, b) = self.ranges[self.toks.get(start)?.sent];
        let mut k = start;
        let mut words = 0;
        while k < b {
            let t = self.toks[k];
            match t.k {
                K::Word => {
                    let w = self.lw(k);
                    if k > start
                        && stop_at_preposition
                        && (PREPOSITIONS.contains(w) && !matches!(w, "of" | "for" | "at")
                            || matches!(w, "who" | "which" | "that" | "and" | "but" | "because"))
                    {
                        break;
                    }
                    if k > start
                        && self
                            .verb_at(k)
                            .is_some_and(|c| !t.cap && c.form != Form::Base)
                    {
                        break;
                    }
                    words += 1;
                }
                K::Punct => {
                    let c = self.punct(k).unwrap_or(' ');
                    let abbrev = c == '.'
                        && k > start
                        && self.toks[k - 1].e == t.s
                        && !self.sentence_final(k);
                    if !(abbrev || matches!(c, '&' | '/' | '’' | '\'')) {
                        break;
                    }
                }
                _ => break,
            }
            k += 1;
            if words > max_words {
                return None;
            }
        }
        (words > 0).then_some((start, k))
    }

    /// Where a content that starts at token `k` ends (exclusive token index), and the last sentence
    /// it reaches. Stops before a trailing tag (`, she said.`, `, adding ...`, `, according to`).
    fn clause_end(&self, k: usize, si: usize) -> (usize, usize) {
        let (_, b) = self.ranges[si];
        let mut end = k;
        let mut j = k;
        while j < b {
            let t = self.toks[j];
            if t.k == K::QOpen && t.q != NO_Q {
                let r = self.regions[t.q];
                if r.close > j && self.toks[r.close].sent > si {
                    return (r.close + 1, self.toks[r.close].sent);
                }
                if r.close == r.open && r.close == j {
                    // unclosed: runs to the paragraph end
                    let last = self.last_tok_at(r.span.end);
                    return (last + 1, self.toks[last].sent);
                }
            }
            if (self.is_punct(j, ',') || self.is_punct(j, '—') || self.is_punct(j, '–'))
                && j + 1 < b
                && self.is_word(j + 1)
            {
                let w = self.lw(j + 1);
                if w == "according"
                    || self
                        .verb_at(j + 1)
                        .is_some_and(|c| c.form == Form::Ing && c.frame != Frame::Obj)
                {
                    break;
                }
                // `, she said.` / `, officials said.`
                if let Some((_, ne)) = self.np_after(j + 1, 5, true) {
                    if ne < b
                        && self
                            .verb_at(ne)
                            .is_some_and(|c| matches!(c.frame, Frame::Say | Frame::Tell))
                        && self.tag_ends(ne + self.verb_at(ne).map_or(1, |c| c.words), si)
                    {
                        break;
                    }
                }
                if self.verb_at(j + 1).is_some_and(|c| {
                    matches!(c.frame, Frame::Say | Frame::Tell) && c.form == Form::Past
                }) {
                    break;
                }
            }
            // `... and said ...`: the coordinated cue opens its own claim.
            if t.k == K::Word
                && self.lw(j) == "and"
                && j + 1 < b
                && self.verb_at(j + 1).is_some_and(|c| {
                    matches!(c.frame, Frame::Say | Frame::Tell) && c.form == Form::Past
                })
            {
                break;
            }
            if matches!(t.k, K::Word | K::QClose)
                || matches!(self.punct(j), Some(')' | ']' | '%' | '$'))
            {
                end = j + 1;
            }
            j += 1;
        }
        (end, si)
    }

    fn last_tok_at(&self, byte_end: usize) -> usize {
        let i = self.toks.partition_point(|t| t.e <= byte_end);
        i.saturating_sub(1)
    }

    /// After a speech tag: nothing clausal follows (sentence end, a comma, a short time or place
    /// phrase, a participle).
    fn tag_ends(&self, k: usize, si: usize) -> bool {
        let (_, b) = self.ranges[si];
        if k >= b {
            return true;
        }
        if self.toks[k].k != K::Word {
            // A colon introduces the content (`Roe added: ...`): not a tag after a quote.
            return !matches!(self.toks[k].k, K::QOpen) && !self.is_punct(k, ':')
                || self.is_punct(k.saturating_sub(1), ',');
        }
        let w = self.lw(k);
        if !PREPOSITIONS.contains(w) && !self.toks[k].cap {
            return false;
        }
        // A short phrase up to the next punctuation.
        let mut j = k;
        while j < b && self.toks[j].k == K::Word {
            if self.lw(j) == "that" {
                return false;
            }
            j += 1;
        }
        j - k <= 8
    }

    fn content_fragment_after_tag(&self, mut k: usize, si: usize) -> Option<usize> {
        // `"A," she said, "B."` — region index of B.
        let (_, b) = self.ranges[si];
        while k < b && self.toks[k].k == K::Word {
            // allow a short PP between the tag and the comma
            k += 1;
        }
        if k + 1 < self.toks.len()
            && self.is_punct(k, ',')
            && self.toks[k + 1].k == K::QOpen
            && self.toks[k + 1].q != NO_Q
        {
            return Some(self.toks[k + 1].q);
        }
        None
    }

    /// The quote that opens the next sentence of the same paragraph and carries no tag of its own.
    fn continuation_quote(&self, si: usize, sentences: &[Sentence]) -> Option<usize> {
        let next = si + 1;
        if next >= self.ranges.len() || sentences[next].paragraph_id != sentences[si].paragraph_id {
            return None;
        }
        let (a, _) = self.ranges[next];
        let t = self.toks.get(a)?;
        if t.k != K::QOpen || t.q == NO_Q {
            return None;
        }
        let r = self.regions[t.q];
        let close = r.close;
        if close == r.open {
            return Some(t.q);
        }
        // A tag right after the close means the quote is someone's own claim.
        let (_, cb) = self.ranges[self.toks[close].sent];
        let mut j = close + 1;
        if j < cb && self.is_punct(j, ',') {
            j += 1;
        }
        if j < cb && self.is_word(j) {
            return None;
        }
        Some(t.q)
    }
}

fn quote_content(ctx: &Ctx, q: usize, sentences: &[Sentence]) -> (Span, usize) {
    let r = ctx.regions[q];
    let si = ctx.toks[r.open].sent;
    let (a, _) = ctx.ranges[si];
    // `Roe "is tapping into something ...," said X`: a short lead-in belongs to the content.
    let mut start = r.span.start;
    if r.open > a
        && r.open - a <= 6
        && (a..r.open).all(|j| ctx.is_word(j))
        && (a..r.open).all(|j| ctx.verb_at(j).is_none())
    {
        start = ctx.toks[a].s;
    }
    let _ = sentences;
    (
        Span::new(start, r.span.end),
        ctx.toks[r.close.max(r.open)].sent,
    )
}

#[allow(clippy::too_many_arguments)]
fn raw(
    cue: Option<Span>,
    si: usize,
    source: Option<Span>,
    content: Span,
    fragments: Vec<Span>,
    ty: &'static str,
    quote: bool,
    negated: bool,
    hedged_cue: bool,
    rule: &'static str,
) -> Raw {
    Raw {
        cue,
        sentence: si,
        source,
        content,
        fragments,
        ty,
        quote,
        negated,
        hedged_cue,
        rule,
    }
}

/// A headline in Title Case (most words capitalised): capitals say nothing about names there.
fn title_case(ctx: &Ctx, a: usize, b: usize) -> bool {
    let (mut words, mut caps) = (0, 0);
    for j in a..b {
        if ctx.is_word(j) && ctx.lw(j).len() > 3 {
            words += 1;
            caps += usize::from(ctx.toks[j].cap);
        }
    }
    words >= 3 && caps * 5 >= words * 4
}

/// A verb cue at token `i`: the frames in the order of the module doc.
fn verb_claim(
    ctx: &Ctx,
    sentences: &[Sentence],
    i: usize,
    cue: Cue,
    prev: &Prior,
) -> Option<(Raw, usize)> {
    let si = ctx.toks[i].sent;
    let (a, b) = ctx.ranges[si];
    let last = i + cue.words; // exclusive
                              // A capitalised cue word inside a sentence is a name (`United States`, `Washington Post`).
    if ctx.toks[i].cap
        && i > a
        && !title_case(ctx, a, b)
        && !matches!(ctx.toks[i - 1].k, K::QOpen | K::QClose)
        && !matches!(ctx.punct(i - 1), Some(',' | ':' | '(' | '—' | '–'))
    {
        return None;
    }
    if cue.frame == Frame::Acc {
        return according(ctx, i, last, si).map(|r| (r, last));
    }
    // The verb group: auxiliaries, negation and adverbs before the verb.
    let mut st = i;
    while st > a && ctx.is_word(st - 1) && {
        let w = ctx.lw(st - 1);
        // A capitalised `-ly` word is a name (`Kelly`, `Donnelly said`), not an adverb.
        AUX.contains(w)
            || negation(w)
            || ly_adverb(w) && !ctx.toks[st - 1].cap
            || HEDGES.contains(w) && w != "likely"
    } {
        st -= 1;
    }
    let group: Vec<&str> = (st..i).map(|j| ctx.lw(j)).collect();
    let negated = group.iter().any(|w| negation(w));
    let hedged_cue = group.iter().any(|w| HEDGES.contains(w));
    let passive = cue.form == Form::Past
        && group.last().is_some_and(|w| {
            BE.contains(w) || *w == "been" || ly_adverb(w) && group.iter().any(|g| BE.contains(g))
        });
    let has_aux = group.iter().any(|w| {
        AUX.contains(w) && !matches!(*w, "also" | "then" | "now" | "just" | "still" | "even")
    });
    let prev_w = (st > a && ctx.is_word(st - 1)).then(|| ctx.lw(st - 1));
    let prev_tok_comma = st > a && ctx.is_punct(st - 1, ',');
    // `..., by saying that ...` / `while arguing ...` / `– saying ...`: an adjunct participle whose
    // subject is the clause's.
    let adjunct_ing = cue.form == Form::Ing
        && st > a + 1
        && (prev_w.is_some_and(|w| matches!(w, "by" | "while" | "after" | "before" | "without"))
            || matches!(ctx.punct(st - 1), Some('–' | '—')));
    // Form filters: nouns and infinitives that look like cue verbs.
    // `like` is a cue only as `would like` (`the campaign would like to ...`).
    if ctx.lw(i) == "like"
        && !group
            .iter()
            .any(|w| *w == "would" || ["didn", "don", "doesn"].iter().any(|d| w.starts_with(d)))
        && !prev_w.is_some_and(|w| w.ends_with("'d") || w.ends_with("’d"))
    {
        return None;
    }
    match cue.form {
        Form::Base => {
            let speech = matches!(cue.frame, Frame::Say | Frame::Tell);
            let ok = has_aux
                || prev_w.is_some_and(|w| {
                    SUBJECT_PRONOUNS.contains(w)
                        || ((w.ends_with('s') || w.ends_with("men"))
                            && !DETERMINERS.contains(w)
                            && !BOUNDARY.contains(w))
                        || ctx.toks[st - 1].cap && !DETERMINERS.contains(w)
                        // Poll shares: `six in 10 say`, `41 percent want`.
                        || w.bytes().all(|c| c.is_ascii_digit())
                        || CARDINALS.contains(w)
                        || matches!(w, "percent" | "majority" | "half" | "third" | "quarter")
                        // `heard him say`, `let them tell`.
                        || speech && matches!(w, "him" | "them" | "us" | "me")
                        // `we'll say`, `they’d argue`
                        || ["'ll", "’ll", "'d", "’d"].iter().any(|c| w.ends_with(c))
                })
                || st > a && ctx.is_punct(st - 1, '%');
            if !ok || prev_w.is_some_and(|w| w == "to" || DETERMINERS.contains(w)) {
                return None;
            }
        }
        Form::S => {
            if prev_w.is_none() && !(st > a && ctx.toks[st - 1].k == K::QClose) && !prev_tok_comma {
                return None;
            }
            if prev_w
                .is_some_and(|w| DETERMINERS.contains(w) || w.ends_with("'s") || w.ends_with("’s"))
            {
                return None;
            }
        }
        Form::Ing => {
            // `is saying`, `isn't saying`, `he's not saying`.
            let progressive = group.iter().any(|w| {
                BE.contains(w)
                    || ["isn", "aren", "wasn", "weren"]
                        .iter()
                        .any(|b| w.starts_with(b) && negation(w))
            }) || prev_w.is_some_and(|w| {
                ["'s", "’s", "'re", "’re"].iter().any(|c| w.ends_with(c))
                    && group.iter().all(|g| negation(g) || ly_adverb(g))
            });
            if !progressive && !prev_tok_comma && prev_w != Some("and") && !adjunct_ing {
                return None;
            }
        }
        Form::Past => {
            // `the explanations offered by the president`: a participle inside a noun phrase.
            if group.is_empty()
                && cue.frame == Frame::Obj
                && last < b
                && ctx.is_word(last)
                && ctx.lw(last) == "by"
            {
                return None;
            }
            // `the declared principles`, `does continued membership`: an adjective, not a verb.
            if prev_w.is_some_and(|w| {
                matches!(
                    w,
                    "the"
                        | "a"
                        | "an"
                        | "its"
                        | "their"
                        | "his"
                        | "her"
                        | "our"
                        | "this"
                        | "that"
                        | "these"
                        | "those"
                        | "for"
                        | "of"
                        | "in"
                        | "with"
                        | "on"
                        | "by"
                        | "from"
                )
            }) || group
                .last()
                .is_some_and(|w| matches!(*w, "do" | "does" | "did"))
            {
                return None;
            }
        }
    }
    let cue_span = ctx.span(st, last);
    let quote = false;

    if matches!(
        ctx.lw(i),
        "seem" | "seems" | "seemed" | "appear" | "appears" | "appeared"
    ) {
        return raising(ctx, si, st, last, cue_span, negated).map(|r| (r, last));
    }

    // 3. Passive with an agent: `was mentioned by the minister`.
    if passive {
        // `X is expected to ...`: no source; the whole clause is the content.
        if ctx.lw(i) == "expected" && last < b && ctx.lw(last) == "to" {
            let (c0, _) = ctx
                .subject_before(st, a)
                .or_else(|| ctx.appositive_subject(st.saturating_sub(1), a))?;
            let (e, _) = ctx.clause_end(last, si);
            return Some((
                raw(
                    Some(cue_span),
                    si,
                    None,
                    ctx.span(c0, e),
                    vec![],
                    "opinion",
                    false,
                    negated,
                    true,
                    "expected",
                ),
                last,
            ));
        }
        if last < b && ctx.lw(last) == "by" {
            let (s0, s1) = ctx.np_after(last + 1, 8, true)?;
            let (c0, c1) = ctx.subject_before(st, a)?;
            let src = ctx.span(s0, s1);
            return Some((
                raw(
                    Some(cue_span),
                    si,
                    Some(src),
                    ctx.span(c0, c1),
                    vec![],
                    cue.ty,
                    false,
                    negated,
                    hedged_cue,
                    "passive_by",
                ),
                s1,
            ));
        }
        // `Roe was asked whether ...`, `I was told that ...`: the asker / teller is unnamed.
        if cue.ty == "question" || ctx.lw(i) == "told" {
            let mut k = last;
            while k < b && matches!(ctx.punct(k), Some(',' | ':')) {
                k += 1;
            }
            let (e, _) = ctx.clause_end(k, si);
            if e > k {
                return Some((
                    raw(
                        Some(cue_span),
                        si,
                        None,
                        ctx.span(k, e),
                        vec![],
                        cue.ty,
                        false,
                        negated,
                        hedged_cue,
                        "passive_agentless",
                    ),
                    last,
                ));
            }
        }
        return None;
    }

    // Sentence-initial `Asked about X, ...` / `When asked whether ...`: no source.
    if cue.form == Form::Past
        && cue.ty == "question"
        && (st == a || (st == a + 1 && ctx.lw(a) == "when"))
    {
        let e = ctx.clause_end_comma(last, si);
        if e > last {
            return Some((
                raw(
                    Some(cue_span),
                    si,
                    None,
                    ctx.span(last, e),
                    vec![],
                    cue.ty,
                    false,
                    negated,
                    hedged_cue,
                    "asked",
                ),
                last,
            ));
        }
        return None;
    }

    let speech = matches!(cue.frame, Frame::Say | Frame::Tell);
    // 1. Quote, then tag: `"...," Roe said` / `"...," said Roe`. Not before a colon, which
    // introduces what follows (`"..." Later, Roe added: "..."`).
    let colon_after = last < b && ctx.is_punct(last, ':');
    if (speech || cue.frame == Frame::Obj) && !colon_after {
        let mut p = st;
        let mut n = 0;
        while p > a
            && n < 16
            && (ctx.is_word(p - 1)
                || matches!(
                    ctx.punct(p - 1),
                    Some(',' | '.' | '’' | '\'' | '-' | '(' | ')')
                ))
        {
            p -= 1;
            n += 1;
        }
        // p is the first token of the candidate source; p-1 must be a closing quote (+ comma).
        let mut q = p;
        while q < st && ctx.is_punct(q, ',') {
            q += 1;
        }
        let close = if p > 0 && ctx.toks[p - 1].k == K::QClose {
            Some(p - 1)
        } else {
            None
        };
        let close_in_prev_sentence = close.is_none()
            && p == a
            && a > 0
            && ctx.toks[a - 1].k == K::QClose
            && sentences[ctx.toks[a - 1].sent].paragraph_id == sentences[si].paragraph_id;
        let close = close.or(close_in_prev_sentence.then(|| a - 1));
        if let Some(cl) = close {
            if speech || q == st {
                let src_tokens = (q, st);
                let (source, after_src) = if src_tokens.0 < src_tokens.1 {
                    let mut e = src_tokens.1;
                    while e > src_tokens.0 && ctx.is_punct(e - 1, ',') {
                        e -= 1;
                    }
                    (Some(ctx.span(src_tokens.0, e)), last)
                } else {
                    match ctx.np_after(last, 10, true) {
                        Some((s0, s1))
                            if !BOUNDARY.contains(ctx.lw(s0))
                                || matches!(ctx.lw(s0), "he" | "she" | "they") =>
                        {
                            (Some(ctx.span(s0, s1)), s1)
                        }
                        _ => (None, last),
                    }
                };
                if source.is_some() || !speech {
                    let qi = ctx.toks[cl].q;
                    let (content, mut send) = quote_content(ctx, qi, sentences);
                    let mut fragments = Vec::new();
                    let mut hull = content;
                    if let Some(q2) = ctx.content_fragment_after_tag(after_src, si) {
                        let r2 = ctx.regions[q2];
                        fragments.push(content);
                        fragments.push(r2.span);
                        hull = Span::new(content.start, r2.span.end);
                        send = ctx.toks[r2.close.max(r2.open)].sent.max(send);
                    } else if let Some(q2) = ctx.continuation_quote(si, sentences) {
                        let r2 = ctx.regions[q2];
                        fragments.push(content);
                        fragments.push(r2.span);
                        hull = Span::new(content.start, r2.span.end);
                        send = ctx.toks[r2.close.max(r2.open)].sent.max(send);
                    }
                    let mut r = raw(
                        Some(cue_span),
                        si,
                        source,
                        hull,
                        fragments,
                        cue.ty,
                        true,
                        negated,
                        hedged_cue,
                        "quote_tag",
                    );
                    r.sentence = ctx.toks[ctx.regions[qi].open].sent.min(si);
                    let _ = send;
                    return Some((r, after_src));
                }
            }
        }
    }

    // 4. Subject before the cue (or inherited for participles and coordinated verbs).
    let mut source = None;
    let mut inherited = false;
    if (prev_tok_comma || adjunct_ing) && cue.form == Form::Ing
        || matches!(prev_w, Some("and" | "but"))
    {
        inherited = true;
        source = prev.last_touching(si).and_then(|r| r.source);
        // No earlier claim in the sentence: a capitalised name opening the sentence is the
        // subject (`Anna Berg resigned after saying ...`).
        if source.is_none() && cue.form == Form::Ing {
            let mut e = a;
            while e < st
                && (ctx.is_word(e) && ctx.toks[e].cap
                    || e > a && ctx.is_punct(e, '.') && ctx.toks[e - 1].e == ctx.toks[e].s)
            {
                e += 1;
            }
            let first = ctx.lw(a);
            if e > a
                && !BOUNDARY.contains(first)
                && !PREPOSITIONS.contains(first)
                && (e > a + 1 || !DETERMINERS.contains(first))
            {
                source = Some(ctx.span(a, e));
            }
        }
    } else if let Some((s0, s1)) = ctx.subject_before(st, a).or_else(|| {
        if matches!(
            ctx.lw(i),
            "said"
                | "says"
                | "told"
                | "tells"
                | "wrote"
                | "writes"
                | "added"
                | "adds"
                | "noted"
                | "asked"
        ) {
            ctx.long_subject(st, a)
        } else {
            None
        }
    }) {
        // A sentence-final tag whose subject carries a short modifier (`..., a source close to
        // him said.`, `..., one official familiar with the talks said.`): the whole phrase
        // back to the comma is the source.
        let s0 = if speech && ctx.tag_ends(last, si) && !(s0 > a && ctx.is_punct(s0 - 1, ',')) {
            ctx.tag_subject_after_comma(s0, a).unwrap_or(s0)
        } else {
            s0
        };
        source = Some(ctx.span(s0, s1));
        // 2. Clause, then tag: `The bridge will reopen, officials said.`
        if speech && s0 > a + 2 && ctx.is_punct(s0 - 1, ',') && ctx.tag_ends(last, si) {
            let mut e = s0 - 1;
            while e > a && !matches!(ctx.toks[e - 1].k, K::Word | K::QClose) {
                e -= 1;
            }
            // The clause starts after an earlier cue's tag in the same sentence, if any.
            if e > a {
                let c = ctx.span(a, e);
                return Some((
                    raw(
                        Some(cue_span),
                        si,
                        source,
                        c,
                        vec![],
                        cue.ty,
                        false,
                        negated,
                        hedged_cue,
                        "clause_tag",
                    ),
                    last,
                ));
            }
        }
    } else if speech && prev_tok_comma && st > a + 2 && ctx.tag_ends(last, si) {
        // Inverted: `The bridge will reopen, said a spokesman.`
        if let Some((s0, s1)) = ctx.np_after(last, 10, true) {
            if ctx.tag_ends(s1, si) {
                let mut e = st - 1;
                while e > a && !matches!(ctx.toks[e - 1].k, K::Word | K::QClose) {
                    e -= 1;
                }
                let c = ctx.span(a, e);
                return Some((
                    raw(
                        Some(cue_span),
                        si,
                        Some(ctx.span(s0, s1)),
                        c,
                        vec![],
                        cue.ty,
                        false,
                        negated,
                        hedged_cue,
                        "clause_tag_inverted",
                    ),
                    s1,
                ));
            }
        }
    }
    if source.is_none() && !inherited {
        return None;
    }
    // Content after the cue.
    let mut k = last;
    while k < b && matches!(ctx.punct(k), Some(',' | ':' | '—' | '–')) {
        k += 1;
    }
    if k >= b {
        // `Roe said:` closing a paragraph, the quotation opening the next one.
        let next = ctx.toks.get(b).filter(|t| {
            ctx.is_punct(b - 1, ':') && t.k == K::QOpen && t.q != NO_Q && t.sent == si + 1
        })?;
        return Some((
            raw(
                Some(cue_span),
                si,
                source,
                ctx.regions[next.q].span,
                vec![],
                cue.ty,
                true,
                negated,
                hedged_cue,
                "cue_quote",
            ),
            last,
        ));
    }
    if ctx.toks[k].k == K::QOpen && ctx.toks[k].q != NO_Q && k > last {
        let r = ctx.regions[ctx.toks[k].q];
        return Some((
            raw(
                Some(cue_span),
                si,
                source,
                r.span,
                vec![],
                cue.ty,
                true,
                negated,
                hedged_cue,
                "cue_quote",
            ),
            last,
        ));
    }
    // Skip an addressee or a time/place phrase up to `that` (`told reporters on Monday that`).
    let mut j = k;
    let mut n = 0;
    while j < b && n < 12 && (ctx.is_word(j) || ctx.is_punct(j, ',') || ctx.is_punct(j, '.')) {
        if ctx.is_word(j) && ctx.lw(j) == "that" && j > k {
            break;
        }
        j += 1;
        n += 1;
    }
    let first = if ctx.is_word(k) { ctx.lw(k) } else { "" };
    if j < b
        && j > k
        && ctx.is_word(j)
        && ctx.lw(j) == "that"
        && (cue.frame == Frame::Tell
            || PREPOSITIONS.contains(first)
            || ctx.toks[k].cap && cue.frame == Frame::Say && n <= 4)
    {
        k = j;
    }
    let (e, _) = ctx.clause_end(k, si);
    if e <= k {
        return None;
    }
    let content = ctx.span(k, e);
    let rule = if inherited {
        "cue_inherited"
    } else {
        "cue_verb"
    };
    Some((
        raw(
            Some(cue_span),
            si,
            source,
            content,
            vec![],
            cue.ty,
            quote,
            negated,
            hedged_cue,
            rule,
        ),
        last,
    ))
}

/// `X seems to ...` / `X appeared uneasy` / `it appears that ...`: the writer's hedged
/// judgement with no source; the content is the subject and the rest of the clause around the cue
/// (two fragments), or the `that` clause after an expletive `it`. `appeared on TV`,
/// `appears in court` and the like are not cues.
fn raising(
    ctx: &Ctx,
    si: usize,
    st: usize,
    last: usize,
    cue_span: Span,
    negated: bool,
) -> Option<Raw> {
    let (a, b) = ctx.ranges[si];
    let mut k = last;
    // `it appears, though, that ...`
    let mut j = last;
    while j < b && j < last + 4 && (ctx.is_punct(j, ',') || ctx.is_word(j) && ctx.lw(j) != "that") {
        j += 1;
    }
    let expletive = st > a && ctx.is_word(st - 1) && matches!(ctx.lw(st - 1), "it" | "there");
    if j < b && ctx.is_word(j) && ctx.lw(j) == "that" && (expletive || j == last) {
        let (e, _) = ctx.clause_end(j, si);
        return (e > j + 1).then(|| {
            raw(
                Some(cue_span),
                si,
                None,
                ctx.span(j, e),
                vec![],
                "opinion",
                false,
                negated,
                true,
                "raising",
            )
        });
    }
    if k >= b || !ctx.is_word(k) || ctx.toks[k].cap {
        return None;
    }
    let w = ctx.lw(k);
    if w == "to" {
        if k + 1 >= b || !ctx.is_word(k + 1) || DETERMINERS.contains(ctx.lw(k + 1)) {
            return None;
        }
    } else if PREPOSITIONS.contains(w)
        || DETERMINERS.contains(w)
        || BOUNDARY.contains(w)
        || matches!(w, "alongside" | "onstage" | "together" | "live" | "briefly")
    {
        return None;
    }
    let (s0, s1) = ctx
        .subject_before(st, a)
        .or_else(|| ctx.long_subject(st, a))?;
    if s1 > st {
        return None;
    }
    while k < b && ctx.is_punct(k, ',') {
        k += 1;
    }
    let (e, _) = ctx.clause_end(k, si);
    if e <= k {
        return None;
    }
    Some(raw(
        Some(cue_span),
        si,
        None,
        ctx.span(s0, e),
        vec![ctx.span(s0, s1), ctx.span(k, e)],
        "opinion",
        false,
        negated,
        true,
        "raising",
    ))
}

impl Ctx<'_> {
    /// The first token after a comma at most eight plain words before `s0`, when those words
    /// hold no clause material (conjunctions, relative pronouns, auxiliaries, other cues).
    fn tag_subject_after_comma(&self, s0: usize, lo: usize) -> Option<usize> {
        let mut k = s0;
        let mut n = 0;
        while k > lo && n <= 8 {
            if self.is_punct(k - 1, ',') {
                return (k > lo + 2 && n > 0).then_some(k);
            }
            if !self.is_word(k - 1) {
                return None;
            }
            let w = self.lw(k - 1);
            if matches!(
                w,
                "that"
                    | "which"
                    | "who"
                    | "because"
                    | "but"
                    | "and"
                    | "or"
                    | "if"
                    | "when"
                    | "while"
                    | "although"
                    | "though"
                    | "since"
                    | "so"
            ) || BE.contains(w)
                || matches!(w, "has" | "have" | "had" | "will" | "would" | "did")
                || self.verb_at(k - 1).is_some()
            {
                return None;
            }
            k -= 1;
            n += 1;
        }
        None
    }

    /// Fallback for unambiguous speech verbs: everything back to the clause start (sentence start,
    /// quote, colon, semicolon or a conjunction), commas and brackets included
    /// (`Kim, who has served on the panel for a decade, said`).
    fn long_subject(&self, end: usize, lo: usize) -> Option<(usize, usize)> {
        let mut k = end;
        let mut n = 0;
        while k > lo && n < 30 {
            let t = self.toks[k - 1];
            let stop = match t.k {
                K::Word => {
                    matches!(
                        self.lw(k - 1),
                        "but"
                            | "and"
                            | "because"
                            | "so"
                            | "while"
                            | "although"
                            | "though"
                            | "when"
                            | "if"
                            | "that"
                    ) && n > 0
                        && !self.is_punct(k, ',')
                }
                K::Punct => matches!(self.punct(k - 1), Some(':' | ';' | '?' | '!')),
                _ => true,
            };
            if stop {
                break;
            }
            k -= 1;
            n += 1;
        }
        while k < end && !self.is_word(k) {
            k += 1;
        }
        let mut e = end;
        while e > k && !self.is_word(e - 1) && !matches!(self.punct(e - 1), Some(')')) {
            e -= 1;
        }
        (e > k && (n < 30 || k == lo)).then_some((k, e))
    }

    /// Up to the first comma of the sentence (`Asked about X, ...`).
    fn clause_end_comma(&self, k: usize, si: usize) -> usize {
        let (_, b) = self.ranges[si];
        let mut end = k;
        let mut j = k;
        while j < b && !self.is_punct(j, ',') {
            if matches!(self.toks[j].k, K::Word | K::QClose) {
                end = j + 1;
            }
            j += 1;
        }
        end
    }
}

/// `according to X` (content before it, or after it when it opens the sentence).
fn according(ctx: &Ctx, i: usize, last: usize, si: usize) -> Option<Raw> {
    let (a, b) = ctx.ranges[si];
    let cue = ctx.span(i, last);
    let (s0, s1) = ctx
        .np_after(last, 25, false)
        .or_else(|| ctx.np_after(last, 25, true))?;
    let source = Some(ctx.span(s0, s1));
    let mut e = i;
    while e > a && !matches!(ctx.toks[e - 1].k, K::Word | K::QClose) {
        e -= 1;
    }
    if e > a + 1 {
        let c = ctx.span(a, e);
        return Some(raw(
            Some(cue),
            si,
            source,
            c,
            vec![],
            "statement",
            false,
            false,
            false,
            "according_to",
        ));
    }
    let mut k = s1;
    while k < b && !matches!(ctx.toks[k].k, K::Word | K::QOpen) {
        k += 1;
    }
    let (end, _) = ctx.clause_end(k, si);
    (end > k).then(|| {
        raw(
            Some(cue),
            si,
            source,
            ctx.span(k, end),
            vec![],
            "statement",
            false,
            false,
            false,
            "according_to",
        )
    })
}

/// Nominal cue at token `i`: `Roe's promise that ...`, `his apology and his promise to ...`.
fn noun_claim(ctx: &Ctx, i: usize, cue: Cue) -> Option<Raw> {
    let si = ctx.toks[i].sent;
    let (a, b) = ctx.ranges[si];
    // Possessor, allowing one or two adjectives (`Roe's public apology`).
    let mut p = i;
    let mut adj = 0;
    while p > a && ctx.is_word(p - 1) && adj < 2 {
        let w = ctx.lw(p - 1);
        if POSSESSIVE_PRONOUNS.contains(w)
            || w.ends_with("'s")
            || w.ends_with("’s")
            || w.ends_with("s'")
        {
            break;
        }
        if matches!(
            w,
            "the"
                | "a"
                | "an"
                | "this"
                | "these"
                | "those"
                | "some"
                | "any"
                | "no"
                | "each"
                | "every"
                | "such"
        ) || BOUNDARY.contains(w)
            || ctx.toks[p - 1].cap
        {
            return None;
        }
        p -= 1;
        adj += 1;
    }
    if p <= a || !ctx.is_word(p - 1) {
        return None;
    }
    let pw = ctx.lw(p - 1);
    let source = if POSSESSIVE_PRONOUNS.contains(pw) {
        ctx.span(p - 1, p)
    } else if pw.ends_with("'s") || pw.ends_with("’s") || pw.ends_with("s'") {
        let s0 = ctx.np_back(p, a, 6).unwrap_or(p - 1);
        ctx.span(s0, p)
    } else {
        return None;
    };
    // The complement; coordinated nouns share it (`apology and his promise that ...`).
    let mut k = i + 1;
    if k + 2 < b && ctx.lw(k) == "and" {
        let mut j = k + 1;
        while j < b && j < k + 5 && ctx.is_word(j) && !matches!(ctx.lw(j), "that" | "to") {
            j += 1;
        }
        if j < b
            && ctx.is_word(j)
            && matches!(ctx.lw(j), "that" | "to")
            && ctx.cues[j - 1].noun.is_some()
        {
            k = j;
        }
    }
    if k >= b || !ctx.is_word(k) {
        return None;
    }
    let w = ctx.lw(k);
    let ok = matches!(w, "that" | "to")
        || (w == "for" && cue.ty == "demand")
        || (w == "of" && matches!(cue.ty, "criticism" | "denial" | "support" | "accusation"));
    if !ok {
        return None;
    }
    let start = if w == "that" || w == "to" { k } else { k + 1 };
    let (e, _) = ctx.clause_end(start, si);
    if e <= start {
        return None;
    }
    Some(raw(
        Some(ctx.span(i, i + 1)),
        si,
        Some(source),
        ctx.span(start, e),
        vec![],
        cue.ty,
        false,
        false,
        false,
        "cue_noun",
    ))
}

/// Headline-style `Roe: content` (a short capitalised name before a colon, first paragraph).
fn colon_claim(ctx: &Ctx, si: usize, sentences: &[Sentence]) -> Option<Raw> {
    if sentences[si].paragraph_id != 0 {
        return None;
    }
    let (a, b) = ctx.ranges[si];
    let colon = (a..b.min(a + 6)).find(|&j| ctx.is_punct(j, ':'))?;
    if colon == a || !(a..colon).all(|j| ctx.is_word(j) && ctx.toks[j].cap) {
        return None;
    }
    if matches!(
        ctx.lw(a),
        "opinion"
            | "analysis"
            | "editorial"
            | "update"
            | "watch"
            | "video"
            | "breaking"
            | "exclusive"
            | "live"
            | "comment"
            | "review"
            | "photos"
            | "poll"
            | "q"
    ) {
        return None;
    }
    let (e, _) = ctx.clause_end(colon + 1, si);
    (e > colon + 1).then(|| {
        raw(
            Some(ctx.span(colon, colon + 1)),
            si,
            Some(ctx.span(a, colon)),
            ctx.span(colon + 1, e),
            vec![],
            "statement",
            false,
            false,
            false,
            "headline_colon",
        )
    })
}

// ---------------------------------------------------------------------------------------------
// The stage

/// The claims found so far, with, per sentence, the last one that starts or whose content ends
/// in it: a participle or coordinated verb takes that claim's source in constant time (a
/// backward scan over every earlier claim is quadratic in sentences without one).
struct Prior {
    raws: Vec<Raw>,
    last: Vec<Option<usize>>,
}

impl Prior {
    fn new(sentences: usize) -> Self {
        Prior {
            raws: Vec::new(),
            last: vec![None; sentences],
        }
    }

    fn push(&mut self, ctx: &Ctx, r: Raw) {
        let idx = self.raws.len();
        let end_sent = ctx.toks.get(ctx.last_tok_at(r.content.end)).map(|t| t.sent);
        for s in [Some(r.sentence), end_sent].into_iter().flatten() {
            if let Some(slot) = self.last.get_mut(s) {
                *slot = Some(idx);
            }
        }
        self.raws.push(r);
    }

    /// The latest claim with `sentence == si` or whose content ends in sentence `si`.
    fn last_touching(&self, si: usize) -> Option<&Raw> {
        self.last
            .get(si)
            .copied()
            .flatten()
            .and_then(|i| self.raws.get(i))
    }
}

pub fn find_claims(
    doc: &Document,
    sentences: &[Sentence],
    mentions: &[Mention],
    dates: &[DateExpr],
    author: Option<&EntityKey>,
) -> Vec<Claim> {
    let text = &doc.text;
    let lex = lexicon();
    let folded = text.to_ascii_lowercase();
    let (mut toks, ranges) = tokenize(text, sentences);
    let regions = pair_quotes(text, &mut toks, sentences);
    let cues = token_cues(&folded, &toks, lex);
    let ctx = Ctx {
        text,
        folded: &folded,
        toks: &toks,
        ranges: &ranges,
        regions: &regions,
        lex,
        cues: &cues,
    };

    // Cues inside a quotation are the quoted speaker's words (`"I think ...," she said`): the
    // quotation is already the content of the outer claim, and nested attributions are not
    // claims of their own (PARC/PolNeAR convention).
    let mut in_quote = vec![false; toks.len()];
    for r in &regions {
        let end = if r.close > r.open {
            r.close
        } else {
            ctx.last_tok_at(r.span.end) + 1
        };
        for q in in_quote.iter_mut().take(end).skip(r.open + 1) {
            *q = true;
        }
    }
    let mut raws = Prior::new(sentences.len());
    for (si, sent) in sentences.iter().enumerate() {
        if !matches!(sent.kind, ParagraphKind::Body | ParagraphKind::Caption) {
            continue;
        }
        let (a, b) = ranges[si];
        if let Some(r) = colon_claim(&ctx, si, sentences) {
            raws.push(&ctx, r);
        }
        let mut i = a;
        while i < b {
            if !ctx.is_word(i) || in_quote[i] {
                i += 1;
                continue;
            }
            if let Some(cue) = ctx.verb_at(i) {
                if let Some((r, _next)) = verb_claim(&ctx, sentences, i, cue, &raws) {
                    raws.push(&ctx, r);
                    i += cue.words;
                    continue;
                }
            }
            if let Some(cue) = ctx.cues[i].noun {
                if let Some(r) = noun_claim(&ctx, i, cue) {
                    raws.push(&ctx, r);
                }
            }
            i += 1;
        }
    }
    let mut raws = raws.raws;

    quote_signatures(&ctx, sentences, &mut raws);
    drop_complement_claims(&ctx, &mut raws);
    extend_cues(&ctx, &mut raws);
    let mut claims: Vec<Claim> = Vec::with_capacity(raws.len());
    for r in &raws {
        claims.push(to_claim(doc, &ctx, r, sentences, mentions, dates));
    }
    // Dates: inherit from the previous sentence's dated claim of the same claimant.
    for i in 0..claims.len() {
        if claims[i].date_id.is_some() || claims[i].claimant.is_none() {
            continue;
        }
        let (s, who) = (claims[i].sentence, claims[i].claimant.clone());
        if let Some(d) = claims[..i]
            .iter()
            .rev()
            .take_while(|c| c.sentence + 1 >= s)
            .find(|c| c.claimant == who && c.date_id.is_some() && c.sentence + 1 == s)
            .and_then(|c| c.date_id)
        {
            claims[i].date_id = Some(d);
        }
    }

    if doc.is_opinion() {
        let mut covered = vec![false; sentences.len()];
        for c in &claims {
            for cov in covered.iter_mut().take(c.sentence_end + 1).skip(c.sentence) {
                *cov = true;
            }
        }
        for (si, sent) in sentences.iter().enumerate() {
            if sent.kind != ParagraphKind::Body || covered[si] {
                continue;
            }
            let Some(marker) = authorial_marker(&ctx, si) else {
                continue;
            };
            let content = trim_span(text, sent.span);
            let mut start_buf = [0; 20];
            claims.push(Claim {
                id: row_id(
                    "C",
                    &[
                        &doc.doc_id,
                        "authorial",
                        decimal(sent.span.start, &mut start_buf),
                    ],
                ),
                sentence: si,
                sentence_end: si,
                attribution: Cow::Borrowed("authorial"),
                claimant: author.cloned(),
                claimant_mention_id: None,
                claimant_text: doc.author.clone(),
                claimant_span: None,
                cue: None,
                content,
                content_fragments: Vec::new(),
                claim_type: Cow::Borrowed("opinion"),
                is_direct_quote: false,
                hedged: hedged_in(&ctx, content),
                negated: false,
                date_id: None,
                rule: Cow::Borrowed(marker),
                confidence: None,
            });
        }
    }
    claims.sort_by_key(|c| (c.content.start, c.content.end, c.cue));
    claims
}

/// Quotations credited by punctuation alone, when no verb cue took them:
/// - a dash signature after the closing mark (`"...." ― Jane Roe`, `"..."\n- Jane Roe, Ohio`):
///   cue = the dash, source = the name after it;
/// - a name and a colon before the opening mark (`Pollster Jane Roe: "..."`, `More from Roe:
///   "..."`): cue = the colon, source = the noun phrase before it (a capitalised word required).
fn quote_signatures(ctx: &Ctx, sentences: &[Sentence], raws: &mut Vec<Raw>) {
    let taken = |raws: &[Raw], sp: Span| raws.iter().any(|r| r.content.overlaps(sp));
    for j in 1..ctx.toks.len() {
        let si = ctx.toks[j].sent;
        if sentences[si].kind != ParagraphKind::Body {
            continue;
        }
        let (a, _) = ctx.ranges[si];
        match ctx.punct(j) {
            Some('―' | '—' | '–' | '-') => {
                let close = ctx.toks[j - 1];
                if close.k != K::QClose
                    || close.q == NO_Q
                    || !ctx.toks.get(j + 1).is_some_and(|t| t.k == K::Word && t.cap)
                {
                    continue;
                }
                let Some((s0, s1)) = ctx.np_after(j + 1, 5, true) else {
                    continue;
                };
                let r = ctx.regions[close.q];
                if taken(raws, r.span) {
                    continue;
                }
                raws.push(raw(
                    Some(ctx.span(j, j + 1)),
                    ctx.toks[r.open].sent,
                    Some(ctx.span(s0, s1)),
                    r.span,
                    vec![],
                    "statement",
                    true,
                    false,
                    false,
                    "dash_signature",
                ));
            }
            Some(':') => {
                let Some(open) = ctx.toks.get(j + 1) else {
                    continue;
                };
                if open.k != K::QOpen || open.q == NO_Q || j == a {
                    continue;
                }
                let r = ctx.regions[open.q];
                if taken(raws, r.span) {
                    continue;
                }
                let s0 = ctx.np_back(j, a, 7).or_else(|| {
                    let mut k = j;
                    while k > a && ctx.is_word(k - 1) && ctx.toks[k - 1].cap {
                        k -= 1;
                    }
                    (k < j).then_some(k)
                });
                let Some(s0) = s0 else { continue };
                if !(s0..j).any(|k| ctx.is_word(k) && ctx.toks[k].cap)
                    || (s0..j).any(|k| ctx.verb_at(k).is_some() && !ctx.toks[k].cap)
                {
                    continue;
                }
                raws.push(raw(
                    Some(ctx.span(j, j + 1)),
                    si,
                    Some(ctx.span(s0, j)),
                    r.span,
                    vec![],
                    "statement",
                    true,
                    false,
                    false,
                    "colon_quote",
                ));
            }
            _ => {}
        }
    }
}

/// A cue inside another claim's content, near its start (`Roe said she believes ...`,
/// `according to X, officials think ...`), reports an attitude that is part of what the outer
/// claimant said: it is not a claim of its own (PolNeAR annotates the outer one only). Cues
/// further into a long content usually open a new clause that the outer content overran, and stay.
fn drop_complement_claims(ctx: &Ctx, raws: &mut Vec<Raw>) {
    let words_between = |a: usize, b: usize| {
        let i = ctx.toks.partition_point(|t| t.s < a);
        ctx.toks[i..]
            .iter()
            .take_while(|t| t.s < b)
            .filter(|t| t.k == K::Word)
            .count()
    };
    // Contents sorted by start, with the running maximum of their ends: the contents holding a
    // point are found walking back from it, and the walk stops once no earlier content reaches
    // it, so documents with thousands of claims stay linear.
    let all: &[Raw] = raws;
    let mut by_start: Vec<usize> = (0..all.len()).collect();
    by_start.sort_by_key(|&i| all[i].content.start);
    let reach: Vec<usize> = by_start
        .iter()
        .scan(0, |max, &i| {
            *max = (*max).max(all[i].content.end);
            Some(*max)
        })
        .collect();
    let mut nested = vec![false; all.len()];
    for (ri, r) in all.iter().enumerate() {
        let Some(cue) = r.cue else { continue };
        if !matches!(r.rule, "cue_verb" | "cue_noun" | "quote_tag" | "clause_tag") {
            continue;
        }
        let head = r.source.map_or(cue.start, |s| s.start.min(cue.start));
        let k = by_start.partition_point(|&i| all[i].content.start <= cue.start);
        nested[ri] = (0..k)
            .rev()
            .take_while(|&j| reach[j] > cue.start)
            .map(|j| by_start[j])
            .any(|oi| {
                let o = &all[oi];
                oi != ri
                    && cue.start < o.content.end
                    && (o.rule == "according_to"
                        || r.rule != "quote_tag"
                            && o.cue.is_some_and(|oc| oc.end <= cue.start)
                            && words_between(o.content.start, head) <= 1)
            });
    }
    let mut keep = nested.iter().map(|n| !n);
    raws.retain(|_| keep.next().unwrap_or(true));
}

/// PolNeAR's cue extent takes in what ties the verb to a content after it: a colon introducing
/// it (`added: "..."`) and a stance preposition (`complained about X`, `argued against X`), which
/// then leaves the content. Cues that are punctuation or a fixed phrase keep their extent.
fn extend_cues(ctx: &Ctx, raws: &mut [Raw]) {
    for r in raws.iter_mut() {
        let Some(cue) = r.cue else { continue };
        if matches!(
            r.rule,
            "headline_colon" | "colon_quote" | "dash_signature" | "according_to"
        ) {
            continue;
        }
        let j = ctx.toks.partition_point(|t| t.s < cue.end);
        let Some(t) = ctx.toks.get(j).copied() else {
            continue;
        };
        // Only a token on the same line, separated by blanks at most.
        if t.s < cue.end || !ctx.text[cue.end..t.s].bytes().all(|b| b == b' ') {
            continue;
        }
        if ctx.is_punct(j, ':') && r.content.start >= t.e {
            r.cue = Some(Span::new(cue.start, t.e));
        } else if t.k == K::Word
            && matches!(ctx.lw(j), "about" | "against")
            && r.content.start >= t.s
            && r.fragments.is_empty()
        {
            if r.content.start == t.s {
                // The content loses the preposition; keep it when nothing would follow.
                let Some(n) = ctx.toks.get(j + 1).filter(|n| n.s < r.content.end) else {
                    continue;
                };
                r.content = Span::new(n.s, r.content.end);
            }
            r.cue = Some(Span::new(cue.start, t.e));
        }
    }
}

fn trim_span(text: &str, s: Span) -> Span {
    let t = s.slice(text);
    let lead = t.len() - t.trim_start().len();
    let body = t.trim();
    let body = body.strip_suffix(['.', '!', ';']).unwrap_or(body);
    Span::new(s.start + lead, s.start + lead + body.len())
}

/// Evaluative / prescriptive marker of a sentence (`authorial_prescriptive`...), or a
/// rhetorical question.
fn authorial_marker(ctx: &Ctx, si: usize) -> Option<&'static str> {
    let (a, b) = ctx.ranges[si];
    if b - a < 5 {
        return None;
    }
    // Mostly a quotation: not the author's words.
    if (a..b).any(|j| {
        ctx.toks[j].k == K::QOpen
            && ctx.toks[j].q != NO_Q
            && ctx.regions[ctx.toks[j].q].span.len() * 2 > ctx.span(a, b).len()
    }) {
        return None;
    }
    for j in a..b {
        if !ctx.is_word(j) {
            continue;
        }
        for n in 0..3 {
            let e = j + n;
            if e >= b || !ctx.is_word(e) || (n > 0 && ctx.toks[e].s != ctx.toks[e - 1].e + 1) {
                break;
            }
            if ctx
                .lex
                .authorial
                .contains(&ctx.folded[ctx.toks[j].s..ctx.toks[e].e])
            {
                return Some("authorial_marker");
            }
        }
    }
    if ctx.is_punct(b - 1, '?') {
        return Some("authorial_question");
    }
    None
}

fn hedged_in(ctx: &Ctx, s: Span) -> bool {
    let i = ctx.toks.partition_point(|t| t.s < s.start);
    ctx.toks[i..]
        .iter()
        .take_while(|t| t.e <= s.end)
        .any(|t| t.k == K::Word && HEDGES.contains(&ctx.folded[t.s..t.e]))
}

fn to_claim(
    doc: &Document,
    ctx: &Ctx,
    r: &Raw,
    sentences: &[Sentence],
    mentions: &[Mention],
    dates: &[DateExpr],
) -> Claim {
    let text = &doc.text;
    let (claimant, mention_id) = r
        .source
        .map_or((None, None), |s| resolve_claimant(ctx, s, mentions));
    let content_end_sent =
        sentence_at(sentences, r.content.end.saturating_sub(1)).unwrap_or(r.sentence);
    let content_start_sent = sentence_at(sentences, r.content.start).unwrap_or(r.sentence);
    let cue_sent = r
        .cue
        .and_then(|c| sentence_at(sentences, c.start))
        .unwrap_or(r.sentence);
    let sentence = content_start_sent.min(cue_sent).min(
        r.source
            .and_then(|s| sentence_at(sentences, s.start))
            .unwrap_or(cue_sent),
    );
    let sentence_end = content_end_sent.max(cue_sent);
    // Date of the speech act: a date of the cue sentence outside the content, nearest the cue.
    let date_id = r.cue.and_then(|cue| {
        let sent = sentences[cue_sent].span;
        // Dates are sorted and non-overlapping: only those starting inside the sentence can lie
        // in it (a per-claim scan of every date is quadratic on long documents).
        let lo = dates.partition_point(|d| d.span.start < sent.start);
        let hi = dates.partition_point(|d| d.span.start < sent.end);
        dates[lo..hi.max(lo)]
            .iter()
            .filter(|d| {
                sent.contains(d.span)
                    && !r.content.overlaps(d.span)
                    && r.fragments.iter().all(|f| !f.overlaps(d.span))
                    && d.timex_type == "DATE"
            })
            .min_by_key(|d| {
                if d.span.start >= cue.end {
                    d.span.start - cue.end
                } else {
                    cue.start.saturating_sub(d.span.end)
                }
            })
            .map(|d| d.id)
    });
    let negated = r.negated || r.ty == "denial";
    let ty: &'static str = if r.negated
        && matches!(r.ty, "opinion" | "support")
        && r.cue.is_some_and(|c| {
            let w = &ctx.folded[c.start..c.end];
            w.contains("recogni") || w.contains("accept") || w.contains("support")
        }) {
        "rejection"
    } else {
        r.ty
    };
    let (mut start_buf, mut cue_buf) = ([0; 20], [0; 20]);
    let cue_s = r.cue.map_or("", |c| decimal(c.start, &mut cue_buf));
    Claim {
        id: row_id(
            "C",
            &[
                &doc.doc_id,
                "explicit",
                cue_s,
                decimal(r.content.start, &mut start_buf),
            ],
        ),
        sentence,
        sentence_end,
        attribution: Cow::Borrowed("explicit"),
        claimant,
        claimant_mention_id: mention_id,
        claimant_text: r.source.map(|s| s.slice(text).to_string()),
        claimant_span: r.source,
        cue: r.cue,
        content: r.content,
        content_fragments: r.fragments.clone(),
        claim_type: Cow::Borrowed(ty),
        is_direct_quote: r.quote,
        hedged: r.hedged_cue || hedged_in(ctx, r.content),
        negated,
        date_id,
        rule: Cow::Borrowed(r.rule),
        confidence: None,
    }
}

/// The entity behind a source span (see the module doc).
fn resolve_claimant(
    ctx: &Ctx,
    src: Span,
    mentions: &[Mention],
) -> (Option<EntityKey>, Option<RowId>) {
    // Mentions are sorted and non-overlapping (ends ascend too): the overlapping ones are a range.
    let lo = mentions.partition_point(|m| m.span.end <= src.start);
    let hi = mentions.partition_point(|m| m.span.start < src.end);
    let inside: Vec<&Mention> = mentions[lo..hi.max(lo)]
        .iter()
        .filter(|m| src.overlaps(m.span))
        .collect();
    let possessor = |m: &&Mention| {
        ctx.text[m.span.end..].starts_with("'s") || ctx.text[m.span.end..].starts_with("’s")
    };
    let named = |m: &&&Mention| matches!(m.kind, MentionKind::Name | MentionKind::Acronym);
    let pick = inside
        .iter()
        .filter(named)
        .find(|m| m.key.entity_type == EntityType::PERSON && !possessor(m))
        .or_else(|| {
            inside
                .iter()
                .filter(named)
                .find(|m| m.key.entity_type != EntityType::NORP && !possessor(m))
        })
        .or_else(|| {
            inside
                .iter()
                .find(|m| !matches!(m.kind, MentionKind::Name | MentionKind::Acronym))
        })
        .or_else(|| {
            inside
                .iter()
                .filter(named)
                .find(|m| m.key.entity_type != EntityType::NORP)
        });
    if let Some(m) = pick {
        return (Some(m.key.clone()), Some(m.id));
    }
    let w = ctx.folded[src.start..src.end].trim();
    let want: &[EntityType] = match w {
        "he" | "she" | "his" | "her" | "him" | "who" => &[EntityType::PERSON],
        "it" | "its" => &[EntityType::ORG, EntityType::GPE],
        _ => return (None, None),
    };
    let i = mentions.partition_point(|m| m.span.end <= src.start);
    mentions[..i]
        .iter()
        .rev()
        .take(40)
        .find(|m| want.contains(&m.key.entity_type) && src.start - m.span.end < 3000)
        .map_or((None, None), |m| (Some(m.key.clone()), Some(m.id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokenizer before its ASCII fast path: one char at a time.
    fn tokenize_per_char(text: &str, sentences: &[Sentence]) -> Vec<(usize, usize, K, bool)> {
        let mut toks = Vec::new();
        for sent in sentences {
            let s = sent.span.slice(text);
            let base = sent.span.start;
            let mut it = s.char_indices().peekable();
            let mut word_start: Option<usize> = None;
            let mut prev_alnum = false;
            let word = |ws: usize, e: usize| {
                let cap = s[ws..].starts_with(|ch: char| ch.is_uppercase());
                (base + ws, base + e, K::Word, cap)
            };
            while let Some((i, c)) = it.next() {
                let next = it.peek().map(|&(_, n)| n);
                let inner = matches!(c, '\'' | '’' | '-' | '‘')
                    && prev_alnum
                    && next.is_some_and(char::is_alphanumeric);
                if c.is_alphanumeric() || inner {
                    word_start.get_or_insert(i);
                    prev_alnum = c.is_alphanumeric();
                    continue;
                }
                if let Some(ws) = word_start.take() {
                    toks.push(word(ws, i));
                }
                prev_alnum = false;
                if c.is_whitespace() {
                    continue;
                }
                if (c == '\'' && next == Some('\'')) || (c == '`' && next == Some('`')) {
                    it.next();
                    toks.push((base + i, base + i + 2, K::QOpen, false));
                    continue;
                }
                let k = if is_dquote(c) { K::QOpen } else { K::Punct };
                toks.push((base + i, base + i + c.len_utf8(), k, false));
            }
            if let Some(ws) = word_start {
                toks.push(word(ws, s.len()));
            }
        }
        toks
    }

    #[test]
    fn tokenizer_fast_path_agrees_with_the_per_char_tokenizer() {
        let alphabet: Vec<char> = "aZ9 x'’‘-`\"“”.,;é Жß中😀\nq-'A1".chars().collect();
        let mut rng = crate::testing::XorShift(0x2545_f491_4f6c_dd1d);
        for _ in 0..3000 {
            let text = rng.text(&alphabet, 40);
            // Two sentences, cut on a char boundary near the middle.
            let mut cut = text.len() / 2;
            while !text.is_char_boundary(cut) {
                cut += 1;
            }
            let sentence = |start, end| Sentence {
                span: Span::new(start, end),
                paragraph_id: 0,
                kind: ParagraphKind::Body,
            };
            let sents = [sentence(0, cut), sentence(cut, text.len())];
            let fast: Vec<_> = tokenize(&text, &sents)
                .0
                .iter()
                .map(|t| (t.s, t.e, t.k, t.cap))
                .collect();
            assert_eq!(fast, tokenize_per_char(&text, &sents), "{text:?}");
        }
    }

    fn run(text: &str, section: Option<&str>) -> Vec<Claim> {
        let mut doc = Document::from_plain_text("t", text.to_string());
        doc.section = section.map(str::to_string);
        doc.author = Some("Jane Roe".into());
        let sents = crate::pipeline::split_sentences(&doc);
        let (m, _, a) = crate::entities::find_entities(&doc, &sents);
        find_claims(&doc, &sents, &m, &[], a.first())
    }

    fn show(c: &Claim, t: &str) -> (String, String, String) {
        (
            c.claimant_span
                .map_or(String::new(), |s| s.slice(t).to_string()),
            c.cue.map_or(String::new(), |s| s.slice(t).to_string()),
            c.content.slice(t).to_string(),
        )
    }

    #[test]
    fn reported_speech_with_that_and_a_named_claimant() {
        let t = "Minister Tomas Lind said that the bridge would reopen in spring.";
        let c = run(t, None);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].claimant.as_ref().unwrap().name.as_ref(), "Tomas Lind");
        assert_eq!(
            show(&c[0], t),
            (
                "Minister Tomas Lind".into(),
                "said".into(),
                "that the bridge would reopen in spring".into()
            )
        );
        assert_eq!(c[0].claim_type, "statement");
    }

    #[test]
    fn promises_and_pronoun_claimants() {
        let t = "Dr Anna Berg met the residents. She promised that rents would fall.";
        let c = run(t, None);
        assert_eq!(c[0].claim_type, "promise");
        assert_eq!(c[0].claimant.as_ref().unwrap().name.as_ref(), "Anna Berg");
        assert_eq!(c[0].claimant_text.as_deref(), Some("She"));
    }

    #[test]
    fn quote_before_the_tag_and_inverted_tag() {
        let t = "“The ferry is safe,” Anna Berg said. \"We will check it,\" said Tomas Lind.";
        let c = run(t, None);
        assert_eq!(c.len(), 2);
        assert_eq!(
            show(&c[0], t),
            (
                "Anna Berg".into(),
                "said".into(),
                "“The ferry is safe,”".into()
            )
        );
        assert!(c[0].is_direct_quote);
        assert_eq!(
            show(&c[1], t),
            (
                "Tomas Lind".into(),
                "said".into(),
                "\"We will check it,\"".into()
            )
        );
    }

    #[test]
    fn split_quote_keeps_both_fragments() {
        let t = "“The ferry is safe,” she said, “and it will sail on Monday.”";
        let c = run(t, None);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].content_fragments.len(), 2);
        assert_eq!(
            c[0].content_fragments[1].slice(t),
            "“and it will sail on Monday.”"
        );
    }

    #[test]
    fn quote_after_the_cue_runs_over_sentences() {
        let t = "Anna Berg said: “The ferry is safe. It will sail on Monday.”";
        let c = run(t, None);
        assert_eq!(c.len(), 1);
        assert_eq!(
            c[0].content.slice(t),
            "“The ferry is safe. It will sail on Monday.”"
        );
        assert_eq!(c[0].sentence_end, 1);
    }

    #[test]
    fn clause_then_tag() {
        let t = "The bridge will reopen in spring, city officials said.";
        let c = run(t, None);
        assert_eq!(
            show(&c[0], t),
            (
                "city officials".into(),
                "said".into(),
                "The bridge will reopen in spring".into()
            )
        );
        assert!(c[0].claimant.is_none());
    }

    #[test]
    fn according_to_before_and_after() {
        let t = "The fire started at noon, according to the fire brigade. According to Anna Berg, nobody was hurt.";
        let c = run(t, None);
        assert_eq!(c.len(), 2);
        assert_eq!(
            show(&c[0], t),
            (
                "the fire brigade".into(),
                "according to".into(),
                "The fire started at noon".into()
            )
        );
        assert_eq!(c[1].content.slice(t), "nobody was hurt");
    }

    #[test]
    fn verb_group_with_negation_and_particles() {
        let t = "The mayor has not called for new elections. Tomas Lind also pointed out that taxes rose.";
        let c = run(t, None);
        assert_eq!(show(&c[0], t).1, "has not called for");
        assert!(c[0].negated);
        assert_eq!(c[0].claim_type, "demand");
        assert_eq!(show(&c[1], t).1, "also pointed out");
    }

    #[test]
    fn participle_and_coordinated_verbs_inherit_the_source() {
        let t = "Anna Berg talked about the harbour and said the town prefers ferries. Tomas Lind resigned, saying he was tired.";
        let c = run(t, None);
        let said = c.iter().find(|c| show(c, t).1 == "said").unwrap();
        assert_eq!(show(said, t).0, "Anna Berg");
        let saying = c.iter().find(|c| show(c, t).1 == "saying").unwrap();
        assert_eq!(saying.content.slice(t), "he was tired");
    }

    #[test]
    fn nominal_cues_share_a_complement() {
        let t =
            "Anna Berg's public apology and her promise that the ferry would sail were welcome.";
        let c = run(t, None);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].claim_type, "apology");
        assert_eq!(c[1].claim_type, "promise");
        assert!(c
            .iter()
            .all(|c| c.content.slice(t).starts_with("that the ferry would sail")));
    }

    #[test]
    fn group_sources_keep_their_text_and_no_entity() {
        let t = "Trade unions, local newspapers, and several economists have increasingly questioned whether the plan works.";
        let c = run(t, None);
        assert_eq!(c.len(), 1);
        assert_eq!(
            show(&c[0], t).0,
            "Trade unions, local newspapers, and several economists"
        );
        assert_eq!(show(&c[0], t).1, "have increasingly questioned");
        assert_eq!(c[0].claim_type, "question");
    }

    #[test]
    fn nouns_and_infinitives_are_not_cues() {
        let t = "The claims were false. He wants to say more. Their calls went unanswered.";
        assert!(run(t, None)
            .iter()
            .all(|c| !matches!(show(c, t).1.as_str(), "claims" | "say" | "calls")));
    }

    #[test]
    fn opinion_pieces_credit_evaluative_sentences_to_the_author() {
        let t = "The city should keep its trams. The trams run every day.";
        let c = run(t, Some("Opinion"));
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].attribution, "authorial");
        assert_eq!(c[0].claimant.as_ref().unwrap().name.as_ref(), "Jane Roe");
        assert!(run(t, None).is_empty());
    }

    #[test]
    fn offsets_stay_on_char_boundaries_with_curly_quotes_and_emoji() {
        let base = "“Wir schaffen das 🎉,” sagte sie. „Nein“, said Émile Zoë — «oui» 😀 she said, “yes.” According to ‘them’, it’s “fine”. ";
        for cut in 0..base.len() {
            if !base.is_char_boundary(cut) {
                continue;
            }
            let t = &base[cut..];
            for c in run(t, None) {
                for s in [Some(c.content), c.cue, c.claimant_span]
                    .into_iter()
                    .flatten()
                    .chain(c.content_fragments.iter().copied())
                {
                    assert!(
                        t.is_char_boundary(s.start)
                            && t.is_char_boundary(s.end)
                            && s.start <= s.end,
                        "{t:?} {s:?}"
                    );
                }
                assert!(!c.content.is_empty());
            }
        }
    }

    #[test]
    fn cues_inside_a_quotation_are_the_speaker_s_words() {
        let t = "“I think the ferry is late, and they said so,” Anna Berg said.";
        let c = run(t, None);
        assert_eq!(c.len(), 1);
        assert_eq!(show(&c[0], t).1, "said");
        assert_eq!(show(&c[0], t).0, "Anna Berg");
    }

    #[test]
    fn an_attitude_inside_reported_speech_is_not_a_second_claim() {
        let t = "Anna Berg said she believes the ferry is late.";
        let c = run(t, None);
        assert_eq!(c.len(), 1);
        assert_eq!(show(&c[0], t).1, "said");
        assert_eq!(c[0].content.slice(t), "she believes the ferry is late");
    }

    #[test]
    fn belief_and_intention_verbs_are_cues() {
        let t = "The harbour council wants to close the old pier. Most fishermen believe that the pier is safe.";
        let c = run(t, None);
        assert_eq!(
            show(&c[0], t),
            (
                "The harbour council".into(),
                "wants".into(),
                "to close the old pier".into()
            )
        );
        assert_eq!(c[0].claim_type, "demand");
        assert_eq!(show(&c[1], t).1, "believe");
        assert_eq!(c[1].content.slice(t), "that the pier is safe");
        assert_eq!(c[1].claim_type, "opinion");
    }

    #[test]
    fn seem_and_appear_are_sourceless_hedged_cues() {
        let t = "The new mayor appears to favour the tram plan. It seems that the ferry is late. The mayor appeared on television.";
        let c = run(t, None);
        assert_eq!(c.len(), 2);
        assert_eq!(show(&c[0], t).1, "appears");
        assert!(c[0].claimant_span.is_none() && c[0].hedged);
        assert_eq!(
            c[0].content.slice(t),
            "The new mayor appears to favour the tram plan"
        );
        let parts: Vec<&str> = c[0].content_fragments.iter().map(|f| f.slice(t)).collect();
        assert_eq!(parts, ["The new mayor", "to favour the tram plan"]);
        assert_eq!(show(&c[1], t).1, "seems");
        assert_eq!(c[1].content.slice(t), "that the ferry is late");
    }

    #[test]
    fn base_forms_after_poll_shares_and_would_like() {
        let t = "Six in 10 say the ferry is too slow. The council would like to buy a second boat. Voters like the plan.";
        let c = run(t, None);
        let cues: Vec<String> = c.iter().map(|c| show(c, t).1).collect();
        assert!(cues.contains(&"say".to_string()), "{cues:?}");
        assert!(cues.contains(&"would like".to_string()), "{cues:?}");
        assert!(!cues.contains(&"like".to_string()), "{cues:?}");
    }

    #[test]
    fn a_colon_and_a_stance_preposition_belong_to_the_cue() {
        let t = "The harbour master added: the pier will close at noon. Anna Berg complained about the new ferry timetable.";
        let c = run(t, None);
        let got: Vec<_> = c.iter().map(|c| show(c, t)).collect();
        assert!(
            got.iter()
                .any(|g| g.1 == "added:" && g.2.starts_with("the pier will close")),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|g| g.1 == "complained about" && g.2 == "the new ferry timetable"),
            "{got:?}"
        );
    }

    #[test]
    fn a_cue_before_a_colon_is_not_the_tag_of_the_previous_quote() {
        let t = "“The ferry is late again,” a rider said. Later, Mayor Olsen replied: “We will buy a second boat.”";
        let c = run(t, None);
        let got: Vec<_> = c.iter().map(|c| show(c, t)).collect();
        let r = got.iter().find(|g| g.1 == "replied:");
        assert!(
            r.is_some_and(|g| g.2.contains("second boat") && !g.2.contains("late again")),
            "{got:?}"
        );
    }

    #[test]
    fn capitalised_ly_names_and_spelled_out_poll_shares() {
        let t =
            "Kelly said the café on Åsgatan would reopen. Seven in ten say the tolls are too high.";
        let c = run(t, None);
        let got: Vec<_> = c.iter().map(|c| show(c, t)).collect();
        assert!(
            got.iter().any(|g| g.0 == "Kelly" && g.1 == "said"),
            "{got:?}"
        );
        assert!(got.iter().any(|g| g.1 == "say"), "{got:?}");
    }

    #[test]
    fn criticism_and_stance_verbs_from_the_lexicon() {
        let t = "The union bemoaned the closure of the depot. Critics railed against the toll. The mayor downplayed the delays.";
        let c = run(t, None);
        let cues: Vec<String> = c.iter().map(|c| show(c, t).1).collect();
        for want in ["bemoaned", "railed against", "downplayed"] {
            assert!(cues.contains(&want.to_string()), "{want}: {cues:?}");
        }
    }

    #[test]
    fn dash_and_colon_signatures_credit_a_quotation() {
        let t = "The ferry was late again.\n\n“Nobody told us anything.” ― Anna Berg\n\nMore from Tomas Lind: “We waited for three hours.”";
        let c = run(t, None);
        assert_eq!(
            c.len(),
            2,
            "{:?}",
            c.iter().map(|c| show(c, t)).collect::<Vec<_>>()
        );
        assert_eq!(
            show(&c[0], t),
            (
                "Anna Berg".into(),
                "―".into(),
                "“Nobody told us anything.”".into()
            )
        );
        assert_eq!(show(&c[1], t).0, "Tomas Lind");
        assert_eq!(show(&c[1], t).1, ":");
        assert!(c[1].is_direct_quote);
    }

    #[test]
    fn agentless_passive_questions_and_colon_before_a_quoted_paragraph() {
        let t = "Anna Berg was asked whether the ferry would sail.\n\nTomas Lind said:\n\n“The ferry will sail.”";
        let c = run(t, None);
        assert_eq!(c.len(), 2);
        assert_eq!(
            show(&c[0], t),
            (
                String::new(),
                "was asked".into(),
                "whether the ferry would sail".into()
            )
        );
        assert_eq!(c[1].content.slice(t), "“The ferry will sail.”");
        assert_eq!(show(&c[1], t).0, "Tomas Lind");
    }

    #[test]
    fn bracketed_tags_joint_claimants_and_negated_progressives() {
        let t = "“The ferry is late,” Rep. Anna Berg (D-Ohio) said. Anna Berg and Tomas Lind called for a new bridge. Tomas Lind isn’t saying whether the ferry will sail.";
        let c = run(t, None);
        assert_eq!(show(&c[0], t).0, "Rep. Anna Berg (D-Ohio)");
        assert_eq!(show(&c[1], t).0, "Anna Berg and Tomas Lind");
        assert_eq!(show(&c[1], t).1, "called for");
        assert_eq!(show(&c[2], t).1, "isn’t saying");
        assert!(c[2].negated);
    }

    #[test]
    fn a_sentence_that_contradicts_is_not_a_denial() {
        let t = "Such delays contradict the timetable offered by the company. Anna Berg denied that the ferry was late.";
        let c = run(t, None);
        assert_eq!(c.len(), 1);
        assert_eq!(show(&c[0], t).1, "denied");
        assert_eq!(c[0].claim_type, "denial");
    }

    #[test]
    fn an_adjunct_participle_takes_the_sentence_subject() {
        let t = "Anna Berg resigned on Monday after saying the ferry was unsafe.";
        let c = run(t, None);
        assert_eq!(c.len(), 1);
        assert_eq!(
            show(&c[0], t),
            (
                "Anna Berg".into(),
                "saying".into(),
                "the ferry was unsafe".into()
            )
        );
    }
}
