//! Sentence splitting for English news and web text.
//!
//! Reads: `Document::text` (frozen, any UTF-8) and two hand-written lexicons,
//! `data/lexicons/abbreviations.tsv` (abbreviation classes) and `data/lexicons/sbd_starters.tsv`
//! (closed-class words that open sentences), parsed once.
//! Adds: the sentence layer, one [`Span`] per sentence.
//!
//! Invariants (MUST): spans are byte offsets into `text` on char boundaries, sorted,
//! non-overlapping, whitespace-trimmed and non-empty. Blank lines (a line holding only
//! whitespace) are hard boundaries. `split` never panics and runs in linear time: one forward
//! scan over the bytes; every look-behind or look-ahead is bounded by a small constant
//! (`MAX_TOKEN`, `MAX_LOOK`) so a million periods cost a million small steps.
//!
//! How it decides, in the order the scanner meets things:
//! 1. blank line -> boundary; single newline -> boundary unless the line looks hard-wrapped;
//! 2. a run of `.?!…` (and spaced ellipses `. . .`) plus closing quotes/brackets is a candidate;
//!    the token before it (abbreviation? number? initial?) and the word after it (case, a
//!    sentence starter?) decide;
//! 3. list markers (`1.`, `2)`, `b.`) and bullets (`•`) open a new sentence when they continue a
//!    list the paragraph started.

use crate::document::Span;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Longest token examined before a terminator (longer ones are URLs or junk: plain words).
const MAX_TOKEN: usize = 64;
/// Longest stretch scanned for context (word counts, line lengths, whitespace runs).
const MAX_LOOK: usize = 256;
/// An abbreviation or initial ends a sentence only if that sentence has this many words: a
/// shorter one ("By 7 a.m.") is a fragment that the abbreviation continues.
const MIN_WORDS_AFTER_ABBREV: usize = 4;
/// A single newline after a line of at least this many words, followed by a lowercase word,
/// is a hard wrap inside a sentence, not a boundary.
const MIN_WORDS_SOFT_WRAP: usize = 3;

/// Splits `text` into sentences: trimmed byte spans in text order, non-overlapping.
/// Blank lines are hard boundaries.
pub fn split(text: &str) -> Vec<Span> {
    let mut sc = Scanner {
        text,
        b: text.as_bytes(),
        lex: lexicon(),
        out: Vec::with_capacity(text.len() / 96 + 1),
        start: 0,
        list: None,
    };
    sc.run();
    cap_length(text, sc.out)
}

/// Longest sentence kept whole, in bytes. Real sentences stay far below it (the longest of
/// the UD dev set is under 600 bytes); a run-on "sentence" beyond it (a table dump, a page of
/// text without punctuation) is cut, so every per-sentence stage works on bounded input and
/// the pipeline stays linear.
pub const MAX_SENTENCE_BYTES: usize = 2000;

/// Cuts sentences longer than `MAX_SENTENCE_BYTES` at the last `;`, `,` or space in the back
/// half of the window (else at a character boundary).
fn cap_length(text: &str, spans: Vec<Span>) -> Vec<Span> {
    if spans.iter().all(|s| s.end - s.start <= MAX_SENTENCE_BYTES) {
        return spans;
    }
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(spans.len() + 8);
    for s in spans {
        let mut start = s.start;
        while s.end - start > MAX_SENTENCE_BYTES {
            let hi = start + MAX_SENTENCE_BYTES;
            let lo = start + MAX_SENTENCE_BYTES / 2;
            let window = &b[lo..hi];
            let cut = [b';', b',']
                .iter()
                .find_map(|p| window.iter().rposition(|c| c == p).map(|i| lo + i + 1))
                .or_else(|| {
                    window
                        .iter()
                        .rposition(|c| c.is_ascii_whitespace())
                        .map(|i| lo + i)
                })
                .unwrap_or_else(|| {
                    let mut c = hi;
                    while !text.is_char_boundary(c) {
                        c -= 1;
                    }
                    c
                });
            let piece = &text[start..cut];
            let trimmed_end = start + piece.trim_end().len();
            if trimmed_end > start {
                out.push(Span::new(start, trimmed_end));
            }
            start = cut;
            while start < s.end && b[start].is_ascii_whitespace() {
                start += 1;
            }
        }
        if s.end > start {
            out.push(Span::new(start, s.end));
        }
    }
    out
}

// ---------------------------------------------------------------------------------- lexicons

/// What an abbreviation does to the period after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Abbr {
    /// Precedes a name or phrase (`Mr.`, `e.g.`): never ends a sentence.
    Prefix,
    /// Precedes a number (`No. 10`): an abbreviation only when a digit follows.
    Number,
    /// May end a sentence (`Inc.`, `etc.`): ends one only before a sentence starter.
    General,
    /// A name spelled with `!` (`Yahoo!`): its `!` behaves like a `General` period.
    Bang,
}

struct Lexicon {
    /// Lowercased abbreviation (inner periods kept, final one dropped) -> class.
    abbr: HashMap<Vec<u8>, Abbr>,
    /// Lowercased sentence starters.
    starters: HashSet<Vec<u8>>,
    /// Speech verbs of quotation tags ("Why?" she asked).
    speech: HashSet<Vec<u8>>,
    /// Letter greetings (`dear`, `hi`) -> true, closings (`regards`, `thanks`) -> false.
    letter: HashMap<Vec<u8>, bool>,
}

fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut abbr = HashMap::new();
        for line in data_lines(include_str!("../../data/lexicons/abbreviations.tsv")) {
            let mut cols = line.split('\t');
            let key = cols.next().unwrap_or("").trim().to_ascii_lowercase();
            let class = match cols.next().map(str::trim) {
                Some("prefix") => Abbr::Prefix,
                Some("number") => Abbr::Number,
                Some("bang") => Abbr::Bang,
                _ => Abbr::General,
            };
            if !key.is_empty() {
                abbr.insert(key.into_bytes(), class);
            }
        }
        let words = |src: &str| -> HashSet<Vec<u8>> {
            data_lines(src)
                .map(|l| l.trim().to_ascii_lowercase().into_bytes())
                .filter(|w| !w.is_empty())
                .collect()
        };
        let starters = words(include_str!("../../data/lexicons/sbd_starters.tsv"));
        let speech = words(include_str!("../../data/lexicons/sbd_speech_verbs.tsv"));
        let letter = data_lines(include_str!("../../data/lexicons/sbd_letter_words.tsv"))
            .filter_map(|l| {
                let mut cols = l.split('\t');
                let w = cols.next()?.trim().to_ascii_lowercase().into_bytes();
                Some((w, cols.next()?.trim() == "greeting"))
            })
            .collect();
        Lexicon {
            abbr,
            starters,
            speech,
            letter,
        }
    })
}

fn data_lines(src: &str) -> impl Iterator<Item = &str> {
    src.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

impl Lexicon {
    fn abbr(&self, token: &[u8]) -> Option<Abbr> {
        let mut buf = [0u8; 24];
        if token.is_empty() || token.len() > buf.len() {
            return None;
        }
        for (d, s) in buf.iter_mut().zip(token) {
            *d = s.to_ascii_lowercase();
        }
        self.abbr.get(&buf[..token.len()]).copied()
    }
    fn is_starter(&self, word: &[u8]) -> bool {
        with_lower(word, |w| self.starters.contains(w))
    }
    fn is_speech_verb(&self, word: &[u8]) -> bool {
        with_lower(word, |w| self.speech.contains(w))
    }
    fn letter_word(&self, word: &[u8]) -> Option<bool> {
        with_lower(word, |w| self.letter.get(w).copied())
    }
}

/// Runs `f` on an ASCII-lowercased copy of a short word (stack buffer, no allocation); words
/// longer than the buffer get `f(&[])`.
fn with_lower<T>(word: &[u8], f: impl FnOnce(&[u8]) -> T) -> T {
    let mut buf = [0u8; 24];
    if word.len() > buf.len() {
        return f(&[]);
    }
    for (d, s) in buf.iter_mut().zip(word) {
        *d = s.to_ascii_lowercase();
    }
    f(&buf[..word.len()])
}

// ---------------------------------------------------------------------------------- bytes

/// Bytes the scanner stops at; everything else is skipped by a table lookup.
static CANDIDATE: [bool; 256] = {
    let mut t = [false; 256];
    t[b'\n' as usize] = true;
    t[b'.' as usize] = true;
    t[b'?' as usize] = true;
    t[b'!' as usize] = true;
    t[b')' as usize] = true;
    t[0xE2] = true; // lead byte of … • ⁃ and other U+2000..U+2FFF punctuation
    t
};

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)
}

/// Length of a closing quote or bracket at `i`, 0 if none.
fn closer_len(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'"' | b'\'' | b')' | b']' | b'}') => 1,
        // ” ’
        Some(0xE2) if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x9D | 0x99)) => 3,
        // »
        Some(0xC2) if b.get(i + 1) == Some(&0xBB) => 2,
        _ => 0,
    }
}

/// Length of an opening quote or bracket at `i`, 0 if none.
fn opener_len(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'"' | b'\'' | b'(' | b'[' | b'{') => 1,
        // “ ‘
        Some(0xE2) if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x9C | 0x98)) => 3,
        // « ¿ ¡
        Some(0xC2) if matches!(b.get(i + 1), Some(0xAB | 0xBF | 0xA1)) => 2,
        _ => 0,
    }
}

/// Length of a list bullet at `i` (• ‣ ⁃ ◦ ▪ ● ■ ► ➢), 0 if none.
fn bullet_len(b: &[u8], i: usize) -> usize {
    if b.get(i) != Some(&0xE2) {
        return 0;
    }
    match (b.get(i + 1), b.get(i + 2)) {
        (Some(0x80), Some(0xA2 | 0xA3))
        | (Some(0x81), Some(0x83))
        | (Some(0x97), Some(0xA6 | 0x8F))
        | (Some(0x96), Some(0xAA | 0xA0 | 0xBA))
        | (Some(0x9E), Some(0xA2)) => 3,
        _ => 0,
    }
}

fn is_ellipsis_char(b: &[u8], i: usize) -> bool {
    b.get(i) == Some(&0xE2) && b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0xA6)
}

/// Case of the first letter at byte `i` (must be a char boundary).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Case {
    Upper,
    Lower,
    Digit,
    Other,
}

fn case_at(text: &str, i: usize) -> Case {
    let c = match text.get(i..).and_then(|s| s.chars().next()) {
        Some(c) => c,
        None => return Case::Other,
    };
    if c.is_ascii_digit() {
        Case::Digit
    } else if c.is_uppercase() {
        Case::Upper
    } else if c.is_lowercase() {
        Case::Lower
    } else {
        Case::Other
    }
}

// ---------------------------------------------------------------------------------- lists

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MarkerStyle {
    /// `1.`
    Dot,
    /// `1.)`
    DotParen,
    /// `1)`
    Paren,
}

/// The next list marker the current paragraph expects (`2.` after `1.`, `c)` after `b)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Marker {
    /// A digit sequence's value, or a letter's byte.
    value: u32,
    letter: bool,
    style: MarkerStyle,
}

/// Reads `token` as a list marker label: 1-3 digits or one ASCII letter.
fn marker_label(token: &[u8]) -> Option<(u32, bool)> {
    match token {
        [c] if c.is_ascii_alphabetic() => Some((*c as u32, true)),
        t if !t.is_empty() && t.len() <= 3 && t.iter().all(u8::is_ascii_digit) => Some((
            t.iter().fold(0u32, |v, d| v * 10 + (d - b'0') as u32),
            false,
        )),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------- scanner

struct Scanner<'a> {
    text: &'a str,
    b: &'a [u8],
    lex: &'static Lexicon,
    out: Vec<Span>,
    /// Start of the current (untrimmed) sentence.
    start: usize,
    list: Option<Marker>,
}

impl Scanner<'_> {
    fn run(&mut self) {
        let b = self.b;
        let n = b.len();
        self.begin();
        // An opening cut by `begin` (a dateline after blank lines) is behind us already.
        let mut i = self.start;
        while i < n {
            if !CANDIDATE[b[i] as usize] {
                i += 1;
                continue;
            }
            let next = match b[i] {
                b'\n' => self.on_newline(i),
                b'.' | b'?' | b'!' => self.on_terminator(i),
                b')' => self.on_paren(i),
                _ if is_ellipsis_char(b, i) => self.on_terminator(i),
                _ if bullet_len(b, i) > 0 => self.on_bullet(i),
                _ => i + 1,
            };
            // Every handler moves forward; the max is a belt against a stuck loop, and nothing
            // before the current sentence start is looked at again.
            i = next.max(i + 1).max(self.start);
        }
        self.cut(n);
    }

    /// Ends the current sentence at `e` (trimmed) and starts the next one there.
    fn cut(&mut self, e: usize) {
        if self.emit(e) {
            self.begin();
        }
    }

    /// Pushes the trimmed sentence `start..e` and moves `start` to `e`; false if `e` is behind.
    fn emit(&mut self, e: usize) -> bool {
        if e < self.start || e > self.b.len() {
            return false;
        }
        let seg = &self.text[self.start..e];
        let lead = seg.len() - seg.trim_start().len();
        let trimmed = seg.trim();
        if !trimmed.is_empty() {
            let s = self.start + lead;
            self.out.push(Span::new(s, s + trimmed.len()));
        }
        self.start = e;
        true
    }

    /// A sentence starts at `self.start`: cuts off openings that are sentences of their own
    /// (datelines, figure labels, letter greetings). A loop, not recursion: "A - B - C - ..."
    /// must not grow the stack.
    fn begin(&mut self) {
        while let Some(p) = self.opening() {
            if p <= self.start || !self.emit(p) {
                break;
            }
        }
    }

    /// Where an opening that stands alone ends, if the sentence starts with one.
    fn opening(&self) -> Option<usize> {
        let b = self.b;
        let n = b.len();
        let limit = n.min(self.start + MAX_LOOK);
        let c = self.content_start(limit);
        if c >= limit {
            return None;
        }
        self.dateline(c, limit)
            .or_else(|| self.caption(c, limit))
            .or_else(|| self.letter_opening(c, limit))
    }

    /// "WASHINGTON (Reuters) - ", "BEIRUT, Lebanon — ": an all-caps place, optionally a region
    /// and a bracketed agency, then a dash. News copy puts it before the first sentence.
    fn dateline(&self, c: usize, limit: usize) -> Option<usize> {
        let b = self.b;
        let mut p = c;
        let mut caps = 0;
        while p < limit && (b[p].is_ascii_uppercase() || matches!(b[p], b' ' | b'.' | b'\'' | b'-'))
        {
            caps += b[p].is_ascii_uppercase() as usize;
            if b[p] == b' '
                && (b
                    .get(p + 1)
                    .is_some_and(|&x| x == b'-' || x == b'(' || x == 0xE2))
            {
                break;
            }
            p += 1;
        }
        if caps < 3 || p == c || b[p - 1] == b'-' {
            return None;
        }
        // ", Lebanon" / ", Calif."
        if b.get(p) == Some(&b',') {
            p += 1;
            while p < limit && (b[p].is_ascii_alphabetic() || matches!(b[p], b' ' | b'.')) {
                if b[p] == b' '
                    && (b
                        .get(p + 1)
                        .is_some_and(|&x| x == b'-' || x == b'(' || x == 0xE2))
                {
                    break;
                }
                p += 1;
            }
        }
        // " (Reuters)"
        let mut agency = false;
        if b.get(p) == Some(&b' ') && b.get(p + 1) == Some(&b'(') {
            agency = true;
            let q = p + 2;
            let mut r = q;
            while r < limit
                && r - q < 24
                && (b[r].is_ascii_alphanumeric() || matches!(b[r], b' ' | b'-' | b'.'))
            {
                r += 1;
            }
            if r == q || b.get(r) != Some(&b')') {
                return None;
            }
            p = r + 1;
        }
        // " - ", " -- ", " — ", " – "
        if b.get(p) != Some(&b' ') {
            return None;
        }
        p += 1;
        let dash = if b.get(p) == Some(&b'-') {
            if b.get(p + 1) == Some(&b'-') {
                2
            } else {
                1
            }
        } else if b.get(p) == Some(&0xE2)
            && b.get(p + 1) == Some(&0x80)
            && matches!(b.get(p + 2), Some(0x93 | 0x94))
        {
            3
        } else {
            return None;
        };
        p += dash;
        if p >= b.len() || b[p] != b' ' {
            return None;
        }
        // Without an agency, the story must go on in running text: an all-caps line
        // ("WEEKLY REPORT — SPORT") is a heading, not a dateline.
        let mut q = p + 1;
        while q < limit && q - p < 24 && !is_ws(b[q]) && !b[q].is_ascii_lowercase() {
            q += 1;
        }
        (agency || (q < limit && b[q].is_ascii_lowercase())).then_some(p)
    }

    /// "Figure 2.1 The harbour in winter": a figure or table label opening a caption.
    fn caption(&self, c: usize, limit: usize) -> Option<usize> {
        let b = self.b;
        let rest = &b[c..limit];
        let label = [
            &b"Figure "[..],
            b"Fig. ",
            b"Table ",
            b"Chart ",
            b"Map ",
            b"Exhibit ",
        ]
        .into_iter()
        .find(|l| rest.starts_with(l))?;
        let q = c + label.len();
        let mut p = q;
        while p < limit
            && p - q < 10
            && (b[p].is_ascii_digit() || b[p] == b'.' || b[p].is_ascii_lowercase())
        {
            p += 1;
        }
        if p == q || !b[q].is_ascii_digit() || b[p - 1] == b'.' || b.get(p) != Some(&b' ') {
            return None;
        }
        (case_at(self.text, p + 1) == Case::Upper).then_some(p)
    }

    /// "Dear Ann," / "Hi all," / "Best regards," / "Thanks," followed by a capitalised word.
    fn letter_opening(&self, c: usize, limit: usize) -> Option<usize> {
        let b = self.b;
        let mut p = c;
        let mut words = 0;
        let mut greeting = false;
        let mut closing = true;
        while p < limit && words < 4 {
            let ws = p;
            while p < limit && b[p].is_ascii_alphabetic() {
                p += 1;
            }
            if p == ws {
                return None;
            }
            match self.lex.letter_word(&b[ws..p]) {
                Some(true) if words == 0 => greeting = true,
                Some(false) => {}
                _ => closing = false,
            }
            words += 1;
            if !(greeting || closing) {
                return None;
            }
            match b.get(p) {
                Some(b',') => {
                    let e = p + 1;
                    let mut j = e;
                    while j < limit && is_ws(b[j]) {
                        j += 1;
                    }
                    return (j > e && case_at(self.text, j) == Case::Upper).then_some(e);
                }
                Some(b' ') => p += 1,
                _ => return None,
            }
        }
        None
    }

    /// First byte of real content of the current sentence (after whitespace and bullets), or
    /// `limit` when there is none before it.
    /// Bounded: past `MAX_LOOK` bytes of openers or whitespace, content is assumed to start.
    fn content_start(&self, limit: usize) -> usize {
        let b = self.b;
        let limit = limit.min(self.start + MAX_LOOK);
        let mut p = self.start;
        while p < limit {
            if is_ws(b[p]) {
                p += 1;
            } else if bullet_len(b, p) > 0 {
                p += 3;
            } else if opener_len(b, p) > 0 {
                p += opener_len(b, p);
            } else if b[p] == 0xC2 && b.get(p + 1) == Some(&0xA0) {
                p += 2; // no-break space
            } else {
                return p;
            }
        }
        limit
    }

    /// Token ending at `end` (exclusive): back to whitespace, at most `MAX_TOKEN` bytes, not
    /// before the sentence start. Returns (raw start, start after leading openers/bullets);
    /// `None` when the token is longer than `MAX_TOKEN`.
    fn token_before(&self, end: usize) -> Option<(usize, usize)> {
        let b = self.b;
        let floor = self.start.max(end.saturating_sub(MAX_TOKEN));
        let mut p = end;
        while p > floor && !is_ws(b[p - 1]) {
            p -= 1;
        }
        if p == floor && p > self.start && !is_ws(b[p - 1]) {
            return None;
        }
        let raw = p;
        loop {
            let l = opener_len(b, p).max(bullet_len(b, p));
            if l == 0 || p + l > end {
                break;
            }
            p += l;
        }
        Some((raw, p))
    }

    /// Words in the current sentence up to `end`, counted up to `cap`.
    fn words_before(&self, end: usize, cap: usize) -> usize {
        let b = self.b;
        let floor = self.start.max(end.saturating_sub(MAX_LOOK));
        let mut words = 0;
        let mut in_word = false;
        let mut p = end;
        while p > floor {
            p -= 1;
            if is_ws(b[p]) {
                in_word = false;
            } else if !in_word {
                in_word = true;
                words += 1;
                if words >= cap {
                    return words;
                }
            }
        }
        if p > self.start {
            cap // ran out of look-behind: a long sentence
        } else {
            words
        }
    }

    fn on_newline(&mut self, i: usize) -> usize {
        let b = self.b;
        let n = b.len();
        let mut j = i;
        let mut newlines = 0;
        while j < n && is_ws(b[j]) {
            newlines += (b[j] == b'\n') as usize;
            j += 1;
        }
        if newlines >= 2 {
            // A blank line: paragraph break, always a boundary.
            self.emit(i);
            // Never backwards: the sentence start may already be past this break.
            self.start = self.start.max(j);
            self.list = None;
            self.begin();
            return j;
        }
        if j >= n || self.content_start(i) >= i {
            return j;
        }
        if self.newline_is_boundary(i, j) {
            self.emit(i);
            self.start = self.start.max(j);
            self.begin();
        }
        j
    }

    /// A single newline between content: a boundary unless the line looks hard-wrapped.
    fn newline_is_boundary(&self, i: usize, j: usize) -> bool {
        let b = self.b;
        // A new line opening with a bullet or dash starts a list item.
        if bullet_len(b, j) > 0 || matches!(b[j], b'-' | b'*' | b'>') {
            return true;
        }
        let mut p = i;
        while p > self.start && is_ws(b[p - 1]) {
            p -= 1;
        }
        if p == self.start || p == 0 {
            return false; // only whitespace (longer than the bounded look) before the newline
        }
        let last = b[p - 1];
        // A line ending inside a clause (comma, semicolon, hyphenation) continues on the next.
        if matches!(last, b',' | b';') || (last == b'-' && p >= 2 && b[p - 2].is_ascii_alphabetic())
        {
            return false;
        }
        // A lowercase continuation after a line of several words is a hard wrap; short lines
        // (menu items, keyword lists) stay separate.
        if case_at(self.text, j) == Case::Lower {
            let line_start = {
                let floor = self.start.max(i.saturating_sub(MAX_LOOK));
                let mut q = i;
                while q > floor && b[q - 1] != b'\n' {
                    q -= 1;
                }
                q
            };
            let mut words = 0;
            let mut in_word = false;
            for &c in &b[line_start..p] {
                if is_ws(c) {
                    in_word = false;
                } else if !in_word {
                    in_word = true;
                    words += 1;
                }
            }
            return words < MIN_WORDS_SOFT_WRAP;
        }
        true
    }

    fn on_bullet(&mut self, i: usize) -> usize {
        // A bullet after whitespace inside a sentence opens a new list item.
        if (i == 0 || is_ws(self.b[i - 1])) && self.content_start(i) < i {
            self.cut(i);
        }
        i + bullet_len(self.b, i)
    }

    /// `1)`-style list markers; every other `)` is ordinary text.
    fn on_paren(&mut self, i: usize) -> usize {
        let b = self.b;
        if i + 1 < b.len() && !is_ws(b[i + 1]) {
            return i + 1;
        }
        if let Some((raw, ts)) = self.token_before(i) {
            if raw == ts {
                self.list_marker(raw, i, MarkerStyle::Paren);
            }
        }
        i + 1
    }

    /// Checks whether `b[ts..te]` is a list marker: at the start of a sentence it opens a list,
    /// later it continues the expected one (and starts a new sentence). Returns true when the
    /// token is a marker (its punctuation then never ends a sentence).
    fn list_marker(&mut self, ts: usize, te: usize, style: MarkerStyle) -> bool {
        let Some((value, letter)) = marker_label(&self.b[ts..te]) else {
            return false;
        };
        let here = Marker {
            value,
            letter,
            style,
        };
        let next = Marker {
            value: value + 1,
            ..here
        };
        if self.content_start(ts) >= ts {
            self.list = Some(next);
            return true;
        }
        if self.list == Some(here) && ts > 0 && is_ws(self.b[ts - 1]) {
            self.cut(ts);
            self.list = Some(next);
            return true;
        }
        false
    }

    /// A run of `.`, `?`, `!`, `…` (or a spaced ellipsis) starting at `i`.
    fn on_terminator(&mut self, i: usize) -> usize {
        let b = self.b;
        let text = self.text;
        let n = b.len();

        // 1. The run of terminators.
        let mut k = i;
        let mut dots = 0usize;
        let mut qe = false;
        let mut bang_only = true;
        let mut spaced = false;
        loop {
            match b.get(k) {
                Some(b'.') => {
                    dots += 1;
                    k += 1;
                }
                Some(b'?') => {
                    qe = true;
                    bang_only = false;
                    k += 1;
                }
                Some(b'!') => {
                    qe = true;
                    k += 1;
                }
                // "? ?" / "! !": a spaced repeat belongs to the same run.
                Some(b' ')
                    if qe
                        && matches!(b.get(k + 1), Some(b'?' | b'!'))
                        && b.get(k + 2).is_none_or(|&x| is_ws(x)) =>
                {
                    k += 2;
                }
                _ if is_ellipsis_char(b, k) => {
                    dots += 3;
                    k += 3;
                }
                // ". . ." : a spaced ellipsis continues the run when it reaches three dots.
                Some(b' ') if dots > 0 && !qe && b.get(k + 1) == Some(&b'.') => {
                    let mut m = k;
                    let mut more = 0;
                    while m + 1 < n && b[m] == b' ' && b[m + 1] == b'.' && more < MAX_LOOK {
                        m += 2;
                        more += 1;
                    }
                    if dots + more < 3 {
                        break;
                    }
                    dots += more;
                    spaced = true;
                    k = m;
                }
                _ => break,
            }
        }
        let attached = i > 0 && !is_ws(b[i - 1]);

        // 2. Closing quotes and brackets.
        let mut e = k;
        let mut quote = false;
        let mut bracket = false;
        for _ in 0..8 {
            let l = closer_len(b, e);
            if l == 0 {
                break;
            }
            if matches!(b[e], b')' | b']' | b'}') {
                bracket = true;
            } else {
                quote = true;
            }
            e += l;
        }

        // 3. No whitespace after: inside a token (U.S.A, 3.5, example.com, Jr.'s) unless it is
        // a missing space between two sentences ("end.Next").
        if e < n && !is_ws(b[e]) && !(b[e] == 0xC2 && b.get(e + 1) == Some(&0xA0)) {
            if dots == 1 && !qe && !quote && !bracket {
                if self.missing_space(i, e) {
                    self.cut(e);
                } else if let Some(f) = self.glued_footnote(i, e) {
                    self.cut(f);
                    return f;
                }
            } else if qe && dots == 0 && !quote && !bracket && self.glued_question(i, e) {
                self.cut(e);
            }
            return e;
        }

        // 4. What follows: skip whitespace, a footnote mark ("[12]") joins the sentence before.
        let mut j = e;
        while j < n
            && j - e < MAX_LOOK
            && (is_ws(b[j]) || (b[j] == 0xC2 && b.get(j + 1) == Some(&0xA0)))
        {
            j += if b[j] == 0xC2 { 2 } else { 1 };
        }
        if j >= n {
            return j;
        }
        // Trailing marks that belong to the sentence they follow: footnote references ("[12]",
        // "[3 - 5]", "[1]."), an omission mark ("[...]"), an emoticon (":)").
        let mut tail = e;
        for _ in 0..8 {
            let m = trailing_mark(b, j);
            if m == 0 {
                break;
            }
            tail = j + m;
            j = tail;
            while j < n && j - tail < MAX_LOOK && is_ws(b[j]) {
                j += 1;
            }
        }
        if j >= n {
            return j;
        }
        let mut w = j;
        let mut open_quote = false;
        for _ in 0..4 {
            let l = opener_len(b, w);
            if l == 0 {
                break;
            }
            open_quote = true;
            w += l;
        }
        let next_case = case_at(text, w);
        let mut we = w;
        while we < n && we - w < 24 && b[we].is_ascii_alphabetic() {
            we += 1;
        }
        let next_word = &b[w..we];

        // 5. Decide.
        let at_sentence_start = self.content_start(i) >= i;
        // A quotation followed by its speech tag ("Why?" she asked) goes on.
        if quote && next_case == Case::Upper && self.speech_tag(w) {
            return e;
        }
        let boundary = if qe {
            self.decide_question(i, quote || bracket, bang_only, next_case, next_word)
        } else if dots >= 3 || (dots == 2 && !attached) {
            // An ellipsis opening a sentence or written as an omission mark ("[...]") never
            // closes one.
            let omission = i > 0 && matches!(b[i - 1], b'[' | b'(');
            if at_sentence_start || omission {
                false
            } else if attached && spaced {
                // "word. . . . Next": the first period ends the sentence, the spaced ellipsis
                // opens the next one.
                if next_case == Case::Upper || open_quote {
                    self.cut(i + 1);
                    return i + 1;
                }
                false
            } else if dots >= 4 || quote {
                // Four dots are a period plus an ellipsis: as strong as a period.
                next_case == Case::Upper || open_quote
            } else {
                // A bare ellipsis before "I" is a pause, before another capital a stop.
                (next_case == Case::Upper && next_word != b"I") || open_quote
            }
        } else if dots == 2 && next_case == Case::Lower {
            // "nice.. really nice": a doubled period before lowercase is a pause.
            false
        } else {
            if next_case == Case::Digit && !quote && !bracket {
                // "costs doubled. 7 Critics objected": a flattened superscript note number.
                if let Some(f) = self.spaced_footnote(i, w) {
                    self.cut(f);
                    return f;
                }
            }
            self.decide_period(i, quote, bracket, open_quote, next_case, next_word)
        };
        if boundary {
            self.cut(tail);
            return tail;
        }
        e
    }

    /// "“Can we go?” I ask." / "“Stop!” Marta shouted": a capitalised word, then a speech verb.
    fn speech_tag(&self, w: usize) -> bool {
        let b = self.b;
        let n = b.len();
        let mut p = w;
        while p < n && p - w < 24 && (b[p].is_ascii_alphabetic() || b[p] >= 0x80) {
            p += 1;
        }
        if p == w || p >= n || b[p] != b' ' {
            return false;
        }
        let q = p + 1;
        let mut r = q;
        while r < n && r - q < 16 && b[r].is_ascii_lowercase() {
            r += 1;
        }
        r > q
            && self.lex.is_speech_verb(&b[q..r])
            && b.get(r).is_none_or(|c| !c.is_ascii_alphabetic())
    }

    /// A word's period, a space, a 1-3 digit note number, a space and a capitalised word: the
    /// number is a flattened superscript and ends the sentence. Returns the number's end.
    fn spaced_footnote(&self, i: usize, w: usize) -> Option<usize> {
        let (_, ts) = self.token_before(i)?;
        let token = &self.b[ts..i];
        if self.classify(token, Case::Upper) != TokenKind::Word
            || token.len() < 2
            || !token[token.len() - 1].is_ascii_lowercase()
        {
            return None;
        }
        self.note_number(w)
    }

    /// "doubled.7 Critics": the same note number glued to the period.
    fn glued_footnote(&self, i: usize, e: usize) -> Option<usize> {
        if i < 2 || !self.b[i - 1].is_ascii_lowercase() || !self.b[i - 2].is_ascii_lowercase() {
            return None;
        }
        let (_, ts) = self.token_before(i)?;
        if self.b[ts..i].iter().any(|c| !c.is_ascii_alphabetic()) {
            return None;
        }
        self.note_number(e)
    }

    /// 1-3 digits at `p`, then one space and an uppercase letter: returns the digits' end.
    fn note_number(&self, p: usize) -> Option<usize> {
        let b = self.b;
        let mut q = p;
        while q < b.len() && q - p < 4 && b[q].is_ascii_digit() {
            q += 1;
        }
        let ok = q > p
            && q - p <= 3
            && b.get(q) == Some(&b' ')
            && b.get(q + 1).is_some_and(u8::is_ascii_uppercase)
            && b.get(q + 2).is_some_and(u8::is_ascii_lowercase);
        ok.then_some(q)
    }

    /// "open?maybe" / "late?Why": a question or exclamation glued to the next word, outside
    /// URLs (whose `?` starts a query).
    fn glued_question(&self, i: usize, e: usize) -> bool {
        let b = self.b;
        if i == 0 || !b[i - 1].is_ascii_alphabetic() || !b[e].is_ascii_alphabetic() {
            return false;
        }
        let Some((_, ts)) = self.token_before(i) else {
            return false;
        };
        let mut te = e;
        while te < b.len() && te - e < MAX_TOKEN && !is_ws(b[te]) {
            te += 1;
        }
        !b[ts..te]
            .iter()
            .any(|c| matches!(c, b'/' | b'@' | b'=' | b'&' | b'.'))
    }

    /// `?`/`!` runs: a boundary unless a quote or bracket closes first and a lowercase word
    /// follows (`"Why?" she asked`), or the `!` belongs to a name (`Yahoo! in`).
    fn decide_question(
        &self,
        i: usize,
        closed: bool,
        bang_only: bool,
        next: Case,
        word: &[u8],
    ) -> bool {
        if closed && next == Case::Lower {
            return false;
        }
        // "was it fair? — not quite": a dash after the mark carries the sentence on.
        let j = self.next_nonspace(i);
        if j < self.b.len()
            && (self.b[j] == b'-'
                || (self.b[j] == 0xE2
                    && self.b.get(j + 1) == Some(&0x80)
                    && matches!(self.b.get(j + 2), Some(0x93 | 0x94))))
        {
            return false;
        }
        if bang_only {
            if let Some((_, ts)) = self.token_before(i) {
                if self.lex.abbr(&self.b[ts..i]) == Some(Abbr::Bang) {
                    return next == Case::Upper && self.lex.is_starter(word);
                }
            }
        }
        true
    }

    /// First non-whitespace byte after the terminator run at `i` (bounded).
    fn next_nonspace(&self, i: usize) -> usize {
        let b = self.b;
        let mut j = i;
        while j < b.len() && j - i < 16 && matches!(b[j], b'?' | b'!' | b'"' | b'\'' | b')') {
            j += 1;
        }
        let k = j;
        while j < b.len() && j - k < MAX_LOOK && is_ws(b[j]) {
            j += 1;
        }
        j
    }

    /// A single period (or `..` glued to a word) followed by whitespace.
    fn decide_period(
        &mut self,
        i: usize,
        quote: bool,
        bracket: bool,
        open_quote: bool,
        next: Case,
        word: &[u8],
    ) -> bool {
        let closed = quote || bracket;
        let b = self.b;
        let Some((raw, ts)) = self.token_before(i) else {
            // A very long token (URL, path): a plain word.
            return matches!(next, Case::Upper) || open_quote;
        };
        let token = &b[ts..i];
        // List markers ("1.", "b.") at a sentence start, or continuing the paragraph's list.
        if raw == ts || self.content_start(ts) >= ts {
            let style = if b.get(i + 1) == Some(&b')') {
                MarkerStyle::DotParen
            } else {
                MarkerStyle::Dot
            };
            if self.list_marker(ts, i, style) {
                return false;
            }
        }
        // A section number opening a heading ("2.3. Methods").
        if self.content_start(ts) >= ts
            && token.len() <= 8
            && token.iter().all(|c| c.is_ascii_digit() || *c == b'.')
        {
            return false;
        }
        let kind = self.classify(token, next);
        match kind {
            TokenKind::Prefix => false,
            TokenKind::Abbrev => {
                // A closing quote after an abbreviation ends the quotation; a bracket does not
                // ("[John Q.] Public").
                if quote && next == Case::Upper {
                    return true;
                }
                // "U.S. Government" continues, "U.S. It opened" starts anew; and an
                // abbreviation cannot end a two-word fragment ("By 7 a.m. Mr. Ward").
                next == Case::Upper
                    && self.lex.is_starter(word)
                    && self.words_before(i, MIN_WORDS_AFTER_ABBREV) >= MIN_WORDS_AFTER_ABBREV
            }
            TokenKind::Number | TokenKind::Word => match next {
                Case::Upper => true,
                _ if open_quote => true,
                // Web text often starts sentences in lowercase; but not after a closing quote
                // ("fine." he said) or after a number ("3. fig").
                Case::Lower => !closed && kind == TokenKind::Word && token.len() > 1,
                Case::Digit | Case::Other => false,
            },
        }
    }

    fn classify(&self, token: &[u8], next: Case) -> TokenKind {
        if token.is_empty() {
            return TokenKind::Word;
        }
        match self.lex.abbr(token) {
            Some(Abbr::Prefix) => return TokenKind::Prefix,
            Some(Abbr::General) => return TokenKind::Abbrev,
            Some(Abbr::Number) if next == Case::Digit => return TokenKind::Prefix,
            _ => {}
        }
        let last = token[token.len() - 1];
        if last.is_ascii_digit() {
            return TokenKind::Number;
        }
        // A single letter: an initial (J. R. R. Tolkien) or a lettered abbreviation (p. 55).
        if token.len() == 1 && last.is_ascii_alphabetic() {
            return TokenKind::Abbrev;
        }
        if is_dotted_acronym(token) {
            return TokenKind::Abbrev;
        }
        TokenKind::Word
    }

    /// "end.Next" / "2,400.Then": a period glued between a lowercase word (or number) and a
    /// capitalised word, outside URLs, e-mail addresses and domain names.
    fn missing_space(&self, i: usize, e: usize) -> bool {
        let b = self.b;
        let n = b.len();
        if i == 0 || e + 1 >= n {
            return false;
        }
        let left = b[i - 1];
        if !(left.is_ascii_lowercase() || left.is_ascii_digit()) {
            return false;
        }
        if !(b[e].is_ascii_uppercase() && b[e + 1].is_ascii_lowercase()) {
            return false;
        }
        // The whole token, both sides, bounded.
        let Some((_, ts)) = self.token_before(i) else {
            return false;
        };
        if ts + 1 >= i || self.lex.abbr(&b[ts..i]).is_some() || b[ts..i].contains(&b'.') {
            return false;
        }
        let mut te = e;
        while te < n && te - e < MAX_TOKEN && !is_ws(b[te]) {
            te += 1;
        }
        let tok = &b[ts..te];
        !(tok.contains(&b'@')
            || tok.contains(&b'/')
            || tok.starts_with(b"www")
            || has_tld_shape(&b[e..te]))
    }
}

/// Length of a mark at `j` that belongs to the sentence before it, 0 if none: a footnote
/// reference ("[12]", "[3 - 5]", "[1]."), an omission mark ("[...]", "[…]"), an emoticon.
fn trailing_mark(b: &[u8], j: usize) -> usize {
    let end_ok = |p: usize| p >= b.len() || is_ws(b[p]);
    match b.get(j) {
        Some(b'[') => {
            let mut p = j + 1;
            let mut digits = 0;
            while p < b.len() && p - j < 16 {
                match b[p] {
                    b'0'..=b'9' => digits += 1,
                    b' ' | b'-' | b',' => {}
                    0xE2 if b.get(p + 1) == Some(&0x80)
                        && matches!(b.get(p + 2), Some(0x93 | 0xA6)) =>
                    {
                        p += 2; // – or …
                        digits += (b[p] == 0xA6) as usize;
                    }
                    b'.' => digits += 1,
                    _ => break,
                }
                p += 1;
            }
            if digits == 0 || b.get(p) != Some(&b']') {
                return 0;
            }
            p += 1;
            if b.get(p) == Some(&b'.') {
                p += 1;
            }
            if end_ok(p) {
                p - j
            } else {
                0
            }
        }
        Some(b':' | b';' | b'=') => {
            let mut p = j + 1;
            if b.get(p) == Some(&b'-') {
                p += 1;
            }
            if matches!(b.get(p), Some(b')' | b'(' | b'D' | b'P' | b'p' | b']')) && end_ok(p + 1) {
                p + 1 - j
            } else {
                0
            }
        }
        _ => 0,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TokenKind {
    /// Never ends a sentence (`Mr.`, `No.` before a number).
    Prefix,
    /// May end a sentence: needs a sentence starter after it.
    Abbrev,
    Number,
    Word,
}

/// `U.S`, `e.g`, `Ph.D`, `a.m`: letter groups of one or two joined by periods.
fn is_dotted_acronym(token: &[u8]) -> bool {
    let mut groups = 0;
    for part in token.split(|&c| c == b'.') {
        if part.is_empty() || part.len() > 2 || !part.iter().all(u8::is_ascii_alphabetic) {
            return false;
        }
        groups += 1;
    }
    groups >= 2
}

/// After a glued period, `Com`/`Net`-like words followed by a path or nothing look like domain
/// parts; capitalised words in running text ("Today") are longer or followed by more text.
fn has_tld_shape(rest: &[u8]) -> bool {
    matches!(rest, b"Com" | b"Net" | b"Org" | b"COM" | b"NET" | b"ORG")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn run_on_text_is_cut_into_bounded_sentences() {
        let text = format!("{}end.", "the minister said, that ".repeat(400));
        check_invariants(&text);
        let spans = split(&text);
        assert!(spans.len() >= 5);
        assert!(spans.iter().all(|s| s.end - s.start <= MAX_SENTENCE_BYTES));
        assert!(spans
            .iter()
            .all(|s| text[s.start..s.end].ends_with(',') || s.end == text.len()));
        let one_token = "x".repeat(5000) + "é".repeat(2000).as_str();
        check_invariants(&one_token);
        assert!(split(&one_token).len() >= 4);
    }

    /// Fuzz crash `sentences/crash-d562c3a0`: a dateline after blank lines was emitted twice,
    /// because the blank-line handler moved the sentence start back behind it.
    #[test]
    fn fuzz_sentences_crash_d562c3a0_dateline_after_blank_lines_once() {
        let text = "\n\nGDANSK - Dock workers struck, \"said\": x\n\nMore.";
        check_invariants(text);
        assert_eq!(
            sents(text),
            vec!["GDANSK -", "Dock workers struck, \"said\": x", "More."]
        );
    }

    /// The span invariants every output must keep.
    fn check_invariants(text: &str) {
        let spans = split(text);
        let mut prev_end = 0;
        for s in &spans {
            assert!(
                s.start >= prev_end,
                "overlap or disorder in {text:?}: {spans:?}"
            );
            assert!(
                s.start < s.end && s.end <= text.len(),
                "empty/out of range span {s:?} in {text:?}"
            );
            assert!(
                text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
                "not on char boundary: {s:?}"
            );
            let slice = s.slice(text);
            assert_eq!(slice, slice.trim(), "untrimmed span {s:?} in {text:?}");
            prev_end = s.end;
        }
    }

    #[test]
    fn simple_periods_questions_exclamations() {
        assert_eq!(
            sents("The vote passed. Critics left early."),
            ["The vote passed.", "Critics left early."]
        );
        assert_eq!(
            sents("Is the port open? Nobody knows!  Ships wait."),
            ["Is the port open?", "Nobody knows!", "Ships wait."]
        );
        assert_eq!(
            sents("Really?! We won!! Unbelievable."),
            ["Really?!", "We won!!", "Unbelievable."]
        );
    }

    #[test]
    fn titles_never_end_a_sentence() {
        assert_eq!(
            sents("Dr. Alvarez met Sen. Brooks and Gen. Okafor on Friday."),
            ["Dr. Alvarez met Sen. Brooks and Gen. Okafor on Friday."]
        );
        assert_eq!(
            sents("Mr Hale and Mrs. Lind arrived. They sat down."),
            ["Mr Hale and Mrs. Lind arrived.", "They sat down."]
        );
    }

    #[test]
    fn abbreviations_end_a_sentence_only_before_a_starter() {
        assert_eq!(
            sents("The plant moved to the U.S. Government grants followed."),
            ["The plant moved to the U.S. Government grants followed."]
        );
        assert_eq!(
            sents("The plant moved to the U.S. It opened in June."),
            ["The plant moved to the U.S.", "It opened in June."]
        );
        assert_eq!(
            sents("Shares of Norvex Inc. rose. The firm was pleased."),
            ["Shares of Norvex Inc. rose.", "The firm was pleased."]
        );
        assert_eq!(
            sents("The talks begin Jan. 12 in Oslo."),
            ["The talks begin Jan. 12 in Oslo."]
        );
        assert_eq!(
            sents("Bring pens, paper, etc. We start at nine."),
            ["Bring pens, paper, etc.", "We start at nine."]
        );
    }

    #[test]
    fn latin_shorthands_and_street_names() {
        assert_eq!(
            sents("Some cities, e.g. Lyon, banned it. Others did not."),
            ["Some cities, e.g. Lyon, banned it.", "Others did not."]
        );
        assert_eq!(
            sents("She flew to St Petersburg and then to St. Louis."),
            ["She flew to St Petersburg and then to St. Louis."]
        );
    }

    #[test]
    fn time_abbreviation_in_a_short_fragment_continues() {
        assert_eq!(
            sents(
                "By 7 a.m. Mr. Ward was gone. The shop closed at 9 P.M. Mr. Ward never came back."
            ),
            [
                "By 7 a.m. Mr. Ward was gone.",
                "The shop closed at 9 P.M.",
                "Mr. Ward never came back."
            ]
        );
    }

    #[test]
    fn initials_stay_inside_names() {
        assert_eq!(
            sents("The novels of J. R. R. Tolkien sold well. Critics agreed."),
            [
                "The novels of J. R. R. Tolkien sold well.",
                "Critics agreed."
            ]
        );
        assert_eq!(
            sents("He blamed me and I. Then he left."),
            ["He blamed me and I.", "Then he left."]
        );
    }

    #[test]
    fn numbers_decimals_and_number_signs() {
        assert_eq!(
            sents("Inflation rose 3.5% in May. Rates held."),
            ["Inflation rose 3.5% in May.", "Rates held."]
        );
        assert_eq!(
            sents("He lives at No. 10 and owes $4.50. That is all."),
            ["He lives at No. 10 and owes $4.50.", "That is all."]
        );
        assert_eq!(
            sents("Sales reached 2,400. Then they fell."),
            ["Sales reached 2,400.", "Then they fell."]
        );
    }

    #[test]
    fn ellipses() {
        assert_eq!(
            sents("We waited... and waited. Nobody came."),
            ["We waited... and waited.", "Nobody came."]
        );
        assert_eq!(
            sents("It was over.... Nobody spoke."),
            ["It was over....", "Nobody spoke."]
        );
        assert_eq!(sents("Well … I think so."), ["Well … I think so."]);
        assert_eq!(
            sents("The report [...] was never published."),
            ["The report [...] was never published."]
        );
    }

    #[test]
    fn quotations_and_brackets_closing_a_sentence() {
        assert_eq!(
            sents("\"We will rebuild...\" he said. Nobody clapped."),
            ["\"We will rebuild...\" he said.", "Nobody clapped."]
        );
        assert_eq!(
            sents("“It is finished.” The room went quiet."),
            ["“It is finished.”", "The room went quiet."]
        );
        assert_eq!(
            sents("He paid (the rest came later.) and left."),
            ["He paid (the rest came later.) and left."]
        );
    }

    #[test]
    fn question_and_exclamation_inside_quotes() {
        assert_eq!(
            sents("\"Where is the key?\" she asked. He shrugged."),
            ["\"Where is the key?\" she asked.", "He shrugged."]
        );
        assert_eq!(
            sents("“Get out!” Marta shouted. The door slammed."),
            ["“Get out!” Marta shouted.", "The door slammed."]
        );
        assert_eq!(
            sents("\"Why not?\" The question hung there."),
            ["\"Why not?\"", "The question hung there."]
        );
    }

    #[test]
    fn lists_and_bullets() {
        assert_eq!(
            sents("1. Buy flour 2. Bake bread 3. Sell it"),
            ["1. Buy flour", "2. Bake bread", "3. Sell it"]
        );
        assert_eq!(
            sents("a) plan the route b) book the train"),
            ["a) plan the route", "b) book the train"]
        );
        assert_eq!(
            sents("• Cheap tickets • Free coffee"),
            ["• Cheap tickets", "• Free coffee"]
        );
        assert_eq!(
            sents("Bring:\n- a tent\n- a lamp"),
            ["Bring:", "- a tent", "- a lamp"]
        );
    }

    #[test]
    fn headlines_and_datelines_without_final_punctuation() {
        assert_eq!(
            sents("Floods close river ports\nLONDON (Reuters) - Barges were stuck on Monday."),
            [
                "Floods close river ports",
                "LONDON (Reuters) -",
                "Barges were stuck on Monday."
            ]
        );
        assert_eq!(
            sents("NAIROBI — Talks resumed on Monday."),
            ["NAIROBI —", "Talks resumed on Monday."]
        );
        assert_eq!(
            sents("Figure 2.1 The harbour in winter."),
            ["Figure 2.1", "The harbour in winter."]
        );
    }

    #[test]
    fn paragraph_breaks_are_hard_boundaries() {
        assert_eq!(
            sents("Results by region\n\nThe north gained seats"),
            ["Results by region", "The north gained seats"]
        );
        // Even after an abbreviation that would otherwise continue.
        assert_eq!(
            sents("Signed by Dr.\n\n  \nSmith reads it"),
            ["Signed by Dr.", "Smith reads it"]
        );
    }

    #[test]
    fn single_newlines_split_short_lines_but_join_wrapped_prose() {
        assert_eq!(
            sents("apples\nfresh pears\ncherries"),
            ["apples", "fresh pears", "cherries"]
        );
        assert_eq!(
            sents("The committee met for three\nhours on the budget."),
            ["The committee met for three\nhours on the budget."]
        );
    }

    #[test]
    fn missing_space_after_a_period() {
        assert_eq!(
            sents("The match ended.Fans went home."),
            ["The match ended.", "Fans went home."]
        );
        assert_eq!(sents("is it open?maybe not"), ["is it open?", "maybe not"]);
    }

    #[test]
    fn urls_emails_and_domains_stay_whole() {
        assert_eq!(
            sents("See commonsplace.eu for details. Mail ana.ruiz@example.org. Thanks."),
            [
                "See commonsplace.eu for details.",
                "Mail ana.ruiz@example.org.",
                "Thanks."
            ]
        );
        assert_eq!(
            sents("Read https://news.example.com/a/b.html. It is short."),
            ["Read https://news.example.com/a/b.html.", "It is short."]
        );
        assert_eq!(
            sents("Visit www.Example.Com today."),
            ["Visit www.Example.Com today."]
        );
    }

    #[test]
    fn footnotes_and_emoticons_belong_to_the_sentence_before() {
        assert_eq!(
            sents("She won twice. [4] [5] Later she retired."),
            ["She won twice. [4] [5]", "Later she retired."]
        );
        assert_eq!(
            sents("Costs doubled. 7 Critics objected."),
            ["Costs doubled. 7", "Critics objected."]
        );
        assert_eq!(
            sents("Worked fine for me :) Thanks! :) Bye"),
            ["Worked fine for me :) Thanks! :)", "Bye"]
        );
    }

    #[test]
    fn letter_greetings_and_closings() {
        assert_eq!(
            sents("Dear Ms Kerr, We received your form."),
            ["Dear Ms Kerr,", "We received your form."]
        );
        assert_eq!(sents("Best regards, Tomas"), ["Best regards,", "Tomas"]);
    }

    #[test]
    fn a_million_periods_and_other_degenerate_input_is_fine() {
        let dots = ".".repeat(1_000_000);
        check_invariants(&dots);
        let spaced = ". ".repeat(200_000);
        check_invariants(&spaced);
        let caps = "ABC - ".repeat(100_000);
        check_invariants(&caps);
        let abbrevs = "Mr. ".repeat(100_000);
        check_invariants(&abbrevs);
        // Long opener and whitespace runs before many candidates must stay linear.
        let openers = format!("{}{}", "(".repeat(200_000), "a. b? c! ".repeat(50_000));
        check_invariants(&openers);
        let lines = format!("x{}", " \n".repeat(200_000));
        check_invariants(&lines);
        check_invariants(&format!("{}\nabc", " ".repeat(5_000)));
        check_invariants(&format!("{}\nabc. def", "\u{a0}".repeat(5_000)));
        assert!(split("").is_empty());
        assert!(split(" \n\n\t ").is_empty());
    }

    #[test]
    fn spans_keep_their_invariants_on_tricky_and_random_input() {
        let tricky = [
            "Ünïcödé. Ñext… “Quote?” ‘x’ » « ¿Qué? ¡Sí!",
            "\u{a0}. \u{a0}Mr.\u{a0}X\u{2026}\u{2026}",
            "a.\n\nb?\r\n\r\nc!",
            "• ⁃ ‣ ◦ 1.) 2.) a) b) [1] [...] :) ;-)",
            "WASHINGTON (Reuters) -",
            "Figure 1",
            "Dear",
            "x?",
            ".?!",
            "…",
            "(((((((.",
            "1. 2. 3. 4. 5.",
        ];
        for t in tricky {
            check_invariants(t);
        }
        // Pseudo-random bytes (a fixed LCG: deterministic, no dependency), biased towards the
        // bytes the scanner cares about, made into UTF-8 with from_utf8_lossy.
        let alphabet = b" .?!\n\r\t()[]\"'-:;,aZ19\xe2\x80\xa6\xa2\x9d\xc2\xa0\xbb";
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for round in 0..300 {
            let len = 1 + (round * 7) % 400;
            let mut bytes = Vec::with_capacity(len);
            for _ in 0..len {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let r = (state >> 33) as usize;
                bytes.push(if r.is_multiple_of(3) {
                    (r >> 8) as u8
                } else {
                    alphabet[(r >> 8) % alphabet.len()]
                });
            }
            let text = String::from_utf8_lossy(&bytes);
            check_invariants(&text);
        }
    }
}
