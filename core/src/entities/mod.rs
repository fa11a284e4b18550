//! Entity recognition and in-document canonicalisation.
//!
//! Reads: `Document::text`, sentences, the lexicons (`lexicon.rs`). Adds: mentions (name,
//! acronym, title) with an `EntityKey` (canonical name + type), the document's `LocalEntity` list
//! (with ISO country code and GeoNames id for gazetteer places), and the byline author as a PERSON.
//!
//! Method, in order:
//! 1. `tokens`: word tokens per sentence (possessive `'s` cut off, initials keep their dot);
//! 2. `runs`: maximal runs of capitalised tokens, joined by connectors (`of`, `the`, `de`...) and
//!    never across punctuation; a leading `The`, a title (`President`, `Dr`, `the Russian
//!    president`) and a sentence-initial common word (one the document also writes in lower
//!    case) are cut off; headline lines in Title Case only keep names known from elsewhere;
//! 3. `classify` each run; the rule id is recorded on the mention:
//!    `lexicon` (gazetteer), `acronym_def` (`Long Form (ACR)`), `org_head` / `org_of`
//!    (`Khazar University`, `University of X`), `event_head`, `loc_head`, `misc_head`,
//!    `title_name` (after a title), `first_name` (starts with a known given name), `initials`,
//!    `lexicon_part` (`Russia-led`), `name_shape` (two or three unknown non-dictionary words);
//! 4. single words left open are resolved against the document in a second pass: `acronym`
//!    (defined, or letter-matched to an earlier long form: `AZAL` -> `Azerbaijan Airlines`),
//!    `surname` / `given_name` of a PERSON found in the document (`Putin` -> `Vladimir Putin`),
//!    `doc_known` (the same surface typed elsewhere), `context` (`in X` is a place, `X said`
//!    a person), `acronym_shape` (unknown all-caps words are organisations);
//! 5. `title_holder`: `the Russian president` names the one PERSON titled so in the document
//!    (mention kind `title`).
//!
//! Invariants: mention spans are sorted, non-overlapping, inside one sentence, and never start
//! with `the` or end with `'s`.

mod lexicon;
/// Maps keyed by words with a fast non-cryptographic hasher (SipHash showed in profiles).
pub(crate) use lexicon::{HashMap as WordMap, HashSet as WordSet, ShapeFilter};

use lexicon::HashMap;
pub use lexicon::{lexicons, Cue, Entry, Lexicons};

use crate::document::*;
use std::borrow::Cow;

#[derive(Debug, Clone, Copy)]
struct Token<'t> {
    start: usize,
    end: usize,
    /// `text[start..end]`, sliced once: the scanner reads each word several times.
    w: &'t str,
    /// Starts with a capital (`is_capitalised`): asked several times per token by the scanner.
    cap: bool,
}

/// Word tokens of a span: letters, digits and inner `.`/`-`/`'`/`&` (so `U.S.`, `Russia-led`,
/// `O'Brien`, `AT&T` stay whole); a trailing possessive `'s`/`’s` is cut off; a single capital
/// followed by a period (`H.`) keeps it. Written into `out` (cleared first) so that one buffer
/// serves every sentence; ASCII bytes are classified without decoding characters.
fn tokens<'t>(text: &'t str, span: Span, masks: &ByteMasks, out: &mut Vec<Token<'t>>) {
    if masks.all_ascii(span) {
        tokens_ascii(text, span, masks, out)
    } else {
        tokens_with(text, span, Some(masks), out)
    }
}

/// `tokens` on an ASCII-only span, from the masks alone: a word is a maximal run of bytes that
/// are letters, digits or joiners between two of them (`ByteMasks::word_bits`), found 64 bytes
/// at a time by bit arithmetic. Only each run's edges are read byte by byte (a trailing period,
/// a possessive, a joiner joined to a letter outside the span). `tokens_with` gives the same
/// tokens (tested).
fn tokens_ascii<'t>(text: &'t str, span: Span, masks: &ByteMasks, out: &mut Vec<Token<'t>>) {
    out.clear();
    if span.is_empty() {
        return;
    }
    let b = text.as_bytes();
    let mut emit = |mut start: usize, mut end: usize| {
        // A joiner at an edge of the span belongs to a word outside it. (Elsewhere a run starts
        // and ends with a letter or digit: a joiner's bit needs one on both sides, in the run.)
        if start == span.start {
            start += usize::from(!b[start].is_ascii_alphanumeric());
        }
        if end == span.end {
            end -= usize::from(!b[end - 1].is_ascii_alphanumeric());
        }
        if start >= end {
            return;
        }
        if end < span.end && b[end] == b'.' && {
            let w = &text[start..end];
            is_dotted_abbrev(w) || is_initial(w)
        } {
            end += 1;
        }
        let possessive = end - start > 2 && b[end - 1] == b's' && b[end - 2] == b'\'';
        let end = end - 2 * usize::from(possessive);
        out.push(Token {
            start,
            end,
            w: &text[start..end],
            cap: b[start].is_ascii_uppercase(),
        });
    };
    let mut pending: Option<usize> = None; // a run that goes on past the previous block
    for (w, in_span) in span_words(span) {
        let mut bits = masks.word_bits(w) & in_span;
        let base = w * 64;
        if let Some(start) = pending {
            let run = (!bits).trailing_zeros() as usize;
            if run == 64 {
                continue;
            }
            emit(start, base + run);
            pending = None;
            bits &= !0u64 << run;
        }
        while bits != 0 {
            let s = bits.trailing_zeros() as usize;
            let rest = !bits >> s;
            if rest == 0 {
                pending = Some(base + s);
                break;
            }
            let len = rest.trailing_zeros() as usize;
            emit(base + s, base + s + len);
            bits &= !0u64 << (s + len); // s + len < 64: the run ended inside the block
        }
    }
    if let Some(start) = pending {
        emit(start, span.end);
    }
}

/// `tokens`, jumping over bytes with the text's masks or, without them, testing every byte (the
/// test compares the two).
fn tokens_with<'t>(text: &'t str, span: Span, masks: Option<&ByteMasks>, out: &mut Vec<Token<'t>>) {
    out.clear();
    let s = &text[span.start..span.end];
    let b = s.as_bytes();
    // Is the character at byte `k` (a char boundary) alphanumeric? False at the end.
    let alnum_at = |k: usize| match b.get(k) {
        None => false,
        Some(c) if c.is_ascii() => c.is_ascii_alphanumeric(),
        Some(_) => s[k..].chars().next().is_some_and(char::is_alphanumeric),
    };
    let mut i = 0;
    while i < b.len() {
        if let Some(m) = masks {
            i = m.next_word_byte(span.start + i, span.end) - span.start;
            if i >= b.len() {
                break;
            }
        }
        if b[i].is_ascii() {
            if !b[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            if !c.is_alphanumeric() {
                i += c.len_utf8();
                continue;
            }
        }
        let start = i;
        let mut end = i + utf8_len(b[i]);
        while let Some(&e) = b.get(end) {
            // Most of a word is ASCII letters and digits: jump over them.
            if let Some(m) = masks {
                if e.is_ascii_alphanumeric() {
                    end = m.next_non_alnum(span.start + end, span.end) - span.start;
                    continue;
                }
            }
            if e.is_ascii() {
                if e.is_ascii_alphanumeric() {
                    end += 1;
                    continue;
                }
                if !matches!(e, b'.' | b'-' | b'\'' | b'&') {
                    break;
                }
            } else {
                let Some(d) = s[end..].chars().next() else {
                    break;
                };
                if d.is_alphanumeric() {
                    end += d.len_utf8();
                    continue;
                }
                if d != '\u{2019}' {
                    break;
                }
            }
            // A joiner (`.`, `-`, `'`, `’`, `&`): inside the word when a letter or digit follows.
            let d_len = utf8_len(e);
            if alnum_at(end + d_len) {
                end += d_len;
            } else if e == b'.' && (is_dotted_abbrev(&s[start..end]) || is_initial(&s[start..end]))
            {
                end += 1;
                break;
            } else {
                break;
            }
        }
        let mut tok_end = end;
        // Both possessive suffixes end in `s`: most tokens need no further test.
        if b[end - 1] == b's' {
            for suffix in ["'s", "\u{2019}s"] {
                if tok_end - start > suffix.len() && s[start..tok_end].ends_with(suffix) {
                    tok_end -= suffix.len();
                }
            }
        }
        out.push(Token {
            start: span.start + start,
            end: span.start + tok_end,
            w: &s[start..tok_end],
            cap: is_capitalised(&s[start..tok_end]),
        });
        i = end;
    }
}

/// Byte length of the UTF-8 sequence that starts with `lead`.
#[inline]
fn utf8_len(lead: u8) -> usize {
    match lead {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// `U.S` / `U.K` (before the final dot): single capitals separated by dots.
fn is_dotted_abbrev(w: &str) -> bool {
    w.len() >= 3
        && w.split('.')
            .all(|p| p.len() == 1 && p.bytes().all(|c| c.is_ascii_uppercase()))
}

/// `H` in `George H. Bush`.
fn is_initial(w: &str) -> bool {
    w.len() == 1 && w.as_bytes()[0].is_ascii_uppercase()
}

fn is_capitalised(w: &str) -> bool {
    // Called for every token, several times: decode a character only when it is not ASCII.
    match w.as_bytes().first() {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        Some(_) => w.chars().next().is_some_and(char::is_uppercase),
    }
}

fn is_acronym(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    (2..=6).contains(&letters)
        && w.chars()
            .all(|c| c.is_ascii_uppercase() || c == '.' || c == '&' || c.is_ascii_digit())
        && w.as_bytes()[0].is_ascii_uppercase()
}

/// An entity's identity while a document is scanned: the name borrows from the text or the
/// lexicons, so that findings copy keys freely (owned `EntityKey`s are made once, in `assemble`).
/// Fields in `EntityKey`'s order, so both sort alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Key<'t> {
    name: &'t str,
    entity_type: EntityType,
}

impl Key<'_> {
    fn to_owned_key(self) -> EntityKey {
        EntityKey {
            name: self.name.into(),
            entity_type: self.entity_type,
        }
    }
}

/// A finding before identity resolution.
#[derive(Debug, Clone)]
struct Found<'t> {
    span: Span,
    key: Key<'t>,
    kind: MentionKind,
    rule: &'static str,
    entry: Option<Entry>,
    /// Weak findings (single unknown words) are resolved against the document in pass 2.
    open: bool,
    /// Where the open word stands: after `in`/`at`..., before `said`...
    ctx: Ctx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Ctx {
    #[default]
    None,
    Place,
    Speaker,
    Initial,
}

fn key(name: &str, ty: EntityType) -> Key<'_> {
    Key {
        name,
        entity_type: ty,
    }
}

fn finding<'t>(
    span: Span,
    name: &'t str,
    ty: EntityType,
    kind: MentionKind,
    rule: &'static str,
    entry: Option<Entry>,
) -> Found<'t> {
    Found {
        span,
        key: key(name, ty),
        kind,
        rule,
        entry,
        open: false,
        ctx: Ctx::None,
    }
}

/// An acronym (`NATO`, `U.S.`) or a name.
fn name_kind(surface: &str) -> MentionKind {
    if is_acronym(surface) {
        MentionKind::Acronym
    } else {
        MentionKind::Name
    }
}

/// A gazetteer name found as `surface` at `span`.
fn lexicon_finding(span: Span, surface: &str, e: Entry) -> Found<'static> {
    finding(
        span,
        e.canonical,
        e.ty,
        name_kind(surface),
        "lexicon",
        Some(e),
    )
}

/// The document's lower-case vocabulary: a capitalised word whose lower-case form occurs in it is
/// a common word when it opens a sentence (`Pilot`, `Reports`), not a name.
///
/// A vocabulary word is the lower-case prefix of a maximal run of ASCII letters and digits
/// (`pilot`, `abc` in `abcDef`), at most `MAX_VOCAB_WORD` bytes. Built for every document, so it
/// is an open-addressing table of text offsets filled while the text is scanned, with no string
/// keys: a word's first 8 bytes, loaded as one integer, are its key and its hash (one multiply),
/// and only longer words compare their remaining bytes. Lookups compare bytes, so the answer is
/// exact. Words of one to three letters (nearly half of running text: `the`, `of`, `in`) are
/// bits of a direct-mapped set instead: no hash, no probe.
struct Vocab<'a> {
    text: &'a [u8],
    /// Bit `short_index(w)` is set when `w` (1 to 3 letters) is a vocabulary word.
    short: [u64; SHORT_WORDS.div_ceil(64)],
    /// `(first 8 bytes, start, length)`; length 0 marks an empty slot. Power-of-two length, at
    /// most half full.
    slots: Vec<(u64, u32, u32)>,
    used: usize,
}

/// Longer words are never asked about (no capitalised common word is that long).
const MAX_VOCAB_WORD: usize = 32;

/// Words of 1 to 3 lower-case ASCII letters, numbered as three base-27 digits (letters 1..=26,
/// 0 past the word's end): no two words share a number, and 0 is no word.
const SHORT_WORDS: usize = 27 * 27 * 27;

/// The number of the word of `len` (at most 3) lower-case ASCII letters at `w[0..len]`, or 0
/// when `len` is larger; `w` may end early. No branch on the length, which is as random as the
/// text (the branch mispredicted on about every other word).
#[inline]
fn short_index(w: &[u8], len: usize) -> usize {
    let digit = |i: usize| {
        let letter = usize::from(w.get(i).map_or(0, |c| c.wrapping_sub(b'a' - 1)));
        if i < len && len <= 3 {
            letter
        } else {
            0
        }
    };
    digit(0) * 27 * 27 + digit(1) * 27 + digit(2)
}

/// Bit masks of 8 bytes (little-endian `x`; byte i -> bit i): the ASCII lower-case letters, the
/// ASCII letters and digits, the non-ASCII bytes, and the joiners `&`, `'`, `-`, `.`. SWAR: no
/// byte is decoded, no branch taken.
#[inline(always)]
fn ascii_classes(x: u64) -> (u64, u64, u64, u64) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let x7 = x & (ONES * 0x7f);
    let not_ascii = x & (ONES * 0x80);
    // High bit of each byte set where it lies in `lo..=hi` (no carry: bytes are below 0x80).
    let in_range = |lo: u8, hi: u8| {
        let ge_lo = x7.wrapping_add(ONES * u64::from(0x80 - lo));
        let gt_hi = x7.wrapping_add(ONES * u64::from(0x7f - hi));
        ge_lo & !gt_hi & !not_ascii & (ONES * 0x80)
    };
    // Gathers the high bits into the top byte.
    let movemask = |m: u64| ((m >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
    let lower = in_range(b'a', b'z');
    let alnum = lower | in_range(b'A', b'Z') | in_range(b'0', b'9');
    let joiner = in_range(b'&', b'\'') | in_range(b'-', b'.');
    (
        movemask(lower),
        movemask(alnum),
        movemask(not_ascii),
        movemask(joiner),
    )
}

/// `[lower, alnum, non_ascii, joiner]` masks of one 64-byte block (see `ascii_classes`), 16
/// bytes per SSE2 compare: the SWAR version took a few percent of the stage.
#[cfg(target_arch = "x86_64")]
fn block_classes(block: &[u8; 64]) -> [u64; 4] {
    // SAFETY: SSE2 is part of the x86_64 baseline, so every x86_64 CPU has it.
    unsafe { block_classes_sse2(block) }
}

#[cfg(not(target_arch = "x86_64"))]
fn block_classes(block: &[u8; 64]) -> [u64; 4] {
    block_classes_swar(block)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn block_classes_sse2(block: &[u8; 64]) -> [u64; 4] {
    use std::arch::x86_64::*;
    let mut out = [0u64; 4];
    for (k, c16) in block.chunks_exact(16).enumerate() {
        let v = u128::from_le_bytes(c16.try_into().unwrap_or_default());
        let x = _mm_set_epi64x((v >> 64) as i64, v as i64);
        // Signed compares: bytes from 0x80 up are negative, so never in an ASCII range.
        let in_range = |lo: u8, hi: u8| {
            _mm_and_si128(
                _mm_cmpgt_epi8(x, _mm_set1_epi8(lo as i8 - 1)),
                _mm_cmplt_epi8(x, _mm_set1_epi8(hi as i8 + 1)),
            )
        };
        let lower = in_range(b'a', b'z');
        let alnum = _mm_or_si128(
            _mm_or_si128(lower, in_range(b'A', b'Z')),
            in_range(b'0', b'9'),
        );
        let joiner = _mm_or_si128(in_range(b'&', b'\''), in_range(b'-', b'.'));
        for (o, m) in out.iter_mut().zip([lower, alnum, x, joiner]) {
            *o |= u64::from(_mm_movemask_epi8(m) as u16) << (16 * k);
        }
    }
    out
}

/// `block_classes` 8 bytes at a time with `ascii_classes` (other targets; the test compares).
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn block_classes_swar(block: &[u8; 64]) -> [u64; 4] {
    let mut out = [0u64; 4];
    for (k, chunk) in block.chunks_exact(8).enumerate() {
        let (l, a, n, j) = ascii_classes(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        for (o, m) in out.iter_mut().zip([l, a, n, j]) {
            *o |= m << (8 * k);
        }
    }
    out
}

/// The mask words a span touches, each with the bits of its bytes that lie in the span.
fn span_words(span: Span) -> impl Iterator<Item = (usize, u64)> {
    let words = if span.is_empty() {
        0..0
    } else {
        span.start / 64..(span.end - 1) / 64 + 1
    };
    words.map(move |w| {
        let from = span.start.max(w * 64) - w * 64;
        let to = span.end.min(w * 64 + 64) - w * 64; // 1..=64
        (w, (!0u64 << from) & (!0u64 >> (64 - to)))
    })
}

/// Bit masks of a text, 64 bytes per word (byte i -> bit i % 64 of word i / 64): ASCII lower-case
/// letters, ASCII letters and digits, non-ASCII bytes and joiners. Built once per document; the
/// vocabulary and the tokenizer jump over bytes with them instead of testing each byte (a byte
/// loop mispredicts a branch at nearly every word edge).
struct ByteMasks {
    lower: Vec<u64>,
    alnum: Vec<u64>,
    non_ascii: Vec<u64>,
    /// `.`, `-`, `'` and `&`: inside a token between two letters or digits.
    joiner: Vec<u64>,
    len: usize,
}

impl ByteMasks {
    fn new(b: &[u8]) -> Self {
        let words = b.len().div_ceil(64);
        let mut m = ByteMasks {
            lower: Vec::with_capacity(words),
            alnum: Vec::with_capacity(words),
            non_ascii: Vec::with_capacity(words),
            joiner: Vec::with_capacity(words),
            len: b.len(),
        };
        let mut push = |[lower, alnum, non_ascii, joiner]: [u64; 4]| {
            m.lower.push(lower);
            m.alnum.push(alnum);
            m.non_ascii.push(non_ascii);
            m.joiner.push(joiner);
        };
        let mut blocks = b.chunks_exact(64);
        for block in &mut blocks {
            push(block_classes(block.try_into().unwrap_or(&[0; 64])));
        }
        if !blocks.remainder().is_empty() {
            // zero bytes belong to no class
            let mut last = [0u8; 64];
            last[..blocks.remainder().len()].copy_from_slice(blocks.remainder());
            push(block_classes(&last));
        }
        m
    }

    /// The first position in `from..to` whose bit is set in `mask(word index)` (`to` if none).
    #[inline]
    fn next(&self, from: usize, to: usize, mask: impl Fn(usize) -> u64) -> usize {
        let mut w = from / 64;
        let mut bits = mask(w) & (!0u64 << (from % 64));
        loop {
            if bits != 0 {
                return (w * 64 + bits.trailing_zeros() as usize).min(to);
            }
            w += 1;
            if w * 64 >= to {
                return to;
            }
            bits = mask(w);
        }
    }

    /// Bytes of word `w` that belong to an ASCII token: letters, digits, and joiners (`.`, `-`,
    /// `'`, `&`) with a letter or digit on both sides.
    #[inline]
    fn word_bits(&self, w: usize) -> u64 {
        let alnum = |k: usize| self.alnum.get(k).copied().unwrap_or(0);
        let a = alnum(w);
        let next_is_alnum = a >> 1 | alnum(w + 1) << 63;
        let prev_is_alnum = a << 1 | w.checked_sub(1).map_or(0, |p| alnum(p) >> 63);
        a | self.joiner[w] & next_is_alnum & prev_is_alnum
    }

    /// No byte of `span` is outside ASCII.
    fn all_ascii(&self, span: Span) -> bool {
        span_words(span).all(|(w, in_span)| self.non_ascii[w] & in_span == 0)
    }

    /// The next letter, digit or non-ASCII byte at or after `from` (`to` if none).
    #[inline]
    fn next_word_byte(&self, from: usize, to: usize) -> usize {
        self.next(from, to, |w| {
            self.alnum.get(w).copied().unwrap_or(0) | self.non_ascii.get(w).copied().unwrap_or(0)
        })
    }

    /// The next byte at or after `from` that is not an ASCII letter or digit (`to` if none).
    #[inline]
    fn next_non_alnum(&self, from: usize, to: usize) -> usize {
        self.next(from, to, |w| !self.alnum.get(w).copied().unwrap_or(0))
    }
}

/// Calls `f(start, length)` for every vocabulary word of the text (see `Vocab`), in order.
fn for_each_vocab_word(masks: &ByteMasks, mut f: impl FnMut(usize, usize)) {
    let mut pending: Option<usize> = None; // a word that runs on past the previous block
    let mut alnum_before = 0u64; // 1 when the byte before the block is a letter or digit
    for (block_no, (&lower, &alnum)) in masks.lower.iter().zip(&masks.alnum).enumerate() {
        let base = block_no * 64;
        if let Some(start) = pending {
            let run = (!lower).trailing_zeros() as usize;
            if run == 64 {
                alnum_before = 1;
                continue;
            }
            f(start, base + run - start);
            pending = None;
        }
        let mut starts = lower & !((alnum << 1) | alnum_before);
        while starts != 0 {
            let s = starts.trailing_zeros() as usize;
            let rest = !lower >> s;
            if rest == 0 {
                pending = Some(base + s);
                break;
            }
            f(base + s, rest.trailing_zeros() as usize);
            starts &= starts - 1;
        }
        alnum_before = alnum >> 63;
    }
    if let Some(start) = pending {
        f(start, masks.len - start);
    }
}

/// The first (up to) 8 bytes of `w`, little-endian, zero-padded: with the length, a word's key.
#[inline]
fn word_prefix(w: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    let n = w.len().min(8);
    b[..n].copy_from_slice(&w[..n]);
    u64::from_le_bytes(b)
}

impl<'a> Vocab<'a> {
    fn new(text: &'a str, masks: &ByteMasks) -> Self {
        let b = text.as_bytes();
        // News text has about one distinct lower-case word per 13 bytes (at most one per 8 in
        // the BBC corpus): one slot per 6 bytes, rounded up, keeps most tables under half full
        // without growing, and zeroing a larger table cost more than the probes it saved.
        let mut v = Vocab {
            text: b,
            short: [0; SHORT_WORDS.div_ceil(64)],
            slots: vec![(0, 0, 0); (b.len() / 6).next_power_of_two().clamp(64, 1 << 16)],
            used: 0,
        };
        // Long words are queued and inserted in batches, short ones set their bit (a long one
        // sets bit 0, no word's), so that the word loop does not branch on the length.
        // Offsets are stored as u32: a larger text only indexes its first 4 GiB (never in news).
        let mut queued = [(0u32, 0u32); 64];
        let mut n = 0;
        for_each_vocab_word(masks, |start, len| {
            let k = short_index(&b[start..], len);
            v.short[k / 64] |= 1 << (k % 64);
            queued[n] = (start as u32, len as u32);
            n += usize::from(len > 3 && len <= MAX_VOCAB_WORD && start + len <= u32::MAX as usize);
            if n == queued.len() {
                for &(start, len) in &queued {
                    v.insert(start as usize, len as usize);
                }
                n = 0;
            }
        });
        for &(start, len) in &queued[..n] {
            v.insert(start as usize, len as usize);
        }
        v
    }

    #[inline]
    fn home(&self, prefix: u64, len: usize) -> usize {
        // The multiply leaves its best bits at the top (the only ones every input bit reaches):
        // the slot is the top log2(slots) bits; the length is folded in where the prefix of a
        // short word has zeros.
        let h = (prefix ^ (len as u64) << 59).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        (h >> (64 - self.slots.len().trailing_zeros())) as usize
    }

    /// The slot of `w` (`prefix` = `word_prefix(w)`), or the empty slot where it would go.
    #[inline]
    fn probe(&self, w: &[u8], prefix: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut k = self.home(prefix, w.len());
        loop {
            let (p, start, len) = self.slots[k];
            if len == 0
                || p == prefix
                    && len as usize == w.len()
                    && (w.len() <= 8 || self.text[start as usize + 8..][..w.len() - 8] == w[8..])
            {
                return k;
            }
            k = (k + 1) & mask;
        }
    }

    fn insert(&mut self, start: usize, len: usize) {
        let w = &self.text[start..start + len];
        // One 8-byte load where the text allows it.
        let prefix = match self.text.get(start..start + 8) {
            Some(b8) if len < 8 => {
                u64::from_le_bytes(b8.try_into().unwrap_or_default()) & ((1u64 << (8 * len)) - 1)
            }
            _ => word_prefix(w),
        };
        let k = self.probe(w, prefix);
        if self.slots[k].2 != 0 {
            return;
        }
        self.slots[k] = (prefix, start as u32, len as u32);
        self.used += 1;
        if self.used * 2 > self.slots.len() {
            let bigger = vec![(0, 0, 0); self.slots.len() * 2];
            let old = std::mem::replace(&mut self.slots, bigger);
            let mask = self.slots.len() - 1;
            for e in old.into_iter().filter(|e| e.2 != 0) {
                let mut k = self.home(e.0, e.2 as usize);
                while self.slots[k].2 != 0 {
                    k = (k + 1) & mask;
                }
                self.slots[k] = e;
            }
        }
    }

    /// `Pilot` -> is `pilot` in the text?
    fn has_lower(&self, w: &str) -> bool {
        let b = w.as_bytes();
        // Vocabulary words are ASCII letters only.
        if b.is_empty() || b.len() > MAX_VOCAB_WORD || !b.iter().all(u8::is_ascii_alphabetic) {
            return false;
        }
        let mut buf = [0u8; MAX_VOCAB_WORD];
        buf[..b.len()].copy_from_slice(b);
        buf[..b.len()].make_ascii_lowercase();
        if b.len() <= 3 {
            let k = short_index(&buf, b.len());
            return self.short[k / 64] & 1 << (k % 64) != 0;
        }
        // the buffer is zero-padded: its first 8 bytes are the word's prefix
        let prefix = u64::from_le_bytes(buf[..8].try_into().unwrap_or_default());
        let k = self.probe(&buf[..b.len()], prefix);
        self.slots[k].2 != 0
    }
}

/// Finds mentions in every sentence and groups them into document entities.
pub fn find_entities(
    doc: &Document,
    sentences: &[Sentence],
) -> (Vec<Mention>, Vec<LocalEntity>, Vec<EntityKey>) {
    let lex = lexicons();
    let text = &doc.text;
    let masks = ByteMasks::new(text.as_bytes());
    let vocab = Vocab::new(text, &masks);
    let mut found: Vec<Found> = Vec::with_capacity(text.len() / 64);
    let mut acronyms: HashMap<&str, Key> = HashMap::default();
    // Title phrases (`the Russian president`) waiting for pass 2: span, title word, nationality.
    let mut title_phrases: Vec<(Span, String, Option<&'static str>)> = Vec::new();
    // Titles seen before person names: (person key, title lower-case, country code of a NORP before it).
    let mut titled: Vec<(Key, String, Option<&'static str>)> = Vec::new();

    let mut author_keys = Vec::new();
    if let Some(author) = doc.author.as_deref() {
        let name = strip_title(author, lex);
        if !name.is_empty() {
            let k = key(name, EntityType::PERSON);
            author_keys.push(k.to_owned_key());
            for p in doc
                .paragraphs
                .iter()
                .filter(|p| p.kind == ParagraphKind::Byline)
            {
                if let Some(off) = p.span.slice(text).find(name) {
                    let span = Span::new(p.span.start + off, p.span.start + off + name.len());
                    found.push(Found {
                        span,
                        key: k,
                        kind: MentionKind::Name,
                        rule: "byline",
                        entry: None,
                        open: false,
                        ctx: Ctx::None,
                    });
                }
            }
        }
    }

    let mut toks = Vec::with_capacity(64); // a long sentence's tokens: no regrowth per document
    for sent in sentences {
        if sent.kind == ParagraphKind::Byline {
            continue;
        }
        tokens(text, sent.span, &masks, &mut toks);
        scan_sentence(
            text,
            sent,
            &toks,
            lex,
            &vocab,
            &mut found,
            &mut acronyms,
            &mut title_phrases,
            &mut titled,
        );
    }

    resolve(text, &mut found, &acronyms, lex);
    resolve_title_phrases(&mut found, &title_phrases, &titled);
    assemble(doc, sentences, found, author_keys)
}

/// Pass 1 over one sentence: runs of capitalised tokens, classified where the evidence is local.
#[allow(clippy::too_many_arguments)]
fn scan_sentence<'t>(
    text: &'t str,
    sent: &Sentence,
    toks: &[Token<'t>],
    lex: &Lexicons,
    vocab: &Vocab,
    found: &mut Vec<Found<'t>>,
    acronyms: &mut HashMap<&'t str, Key<'t>>,
    title_phrases: &mut Vec<(Span, String, Option<&'static str>)>,
    titled: &mut Vec<(Key<'t>, String, Option<&'static str>)>,
) {
    let word = |i: usize| toks[i].w;
    let gap = |i: usize| &text[toks[i - 1].end..toks[i].start]; // before token i
    let title_case = is_title_case_line(text, toks, lex);
    // First token of the sentence, or after an opening quote/bracket/dash/colon at its start.
    let starts_clause = |i: usize| -> bool {
        if i == 0 {
            return true;
        }
        let g = gap(i);
        g != " " && g.contains(['"', '\u{201c}', ':', '(', '\u{2013}', '\u{2014}'])
            || (g.contains(" - ") && i <= 2)
    };
    let mut i = 0;
    let mut title_before: Option<(String, Option<&'static str>)> = None; // title text, NORP country
    while i < toks.len() {
        let w = word(i);
        // Titles, also in lower case (`president Ilham Aliyev`), longest first.
        // A lower-case word is a title only next to a name or after `the`/an adjective.
        let cap = toks[i].cap;
        let may_title = || {
            cap || toks.get(i + 1).is_some_and(|t| t.cap)
                || i > 0 && (toks[i - 1].cap || word(i - 1).eq_ignore_ascii_case("the"))
        };
        // `General Motors`, `General Electric`: a title word that opens an organisation's name
        let opens_org = |n: usize| {
            let run_end = (i + n..toks.len().min(i + n + 3))
                .take_while(|&k| toks[k].cap && blank(gap(k)))
                .last();
            run_end.is_some_and(|e| {
                (i + n..=e).any(|k| lex.org_heads.contains(word(k)))
                    || lex
                        .names
                        .contains_key(&text[toks[i].start..toks[i + n].end])
            })
        };
        if let Some(n) = if lex.maybe_title(w) && may_title() {
            title_at(text, toks, i, lex).filter(|&n| !opens_org(n))
        } else {
            None
        } {
            let next_cap = i + n < toks.len() && toks[i + n].cap && blank(gap(i + n));
            let title_text: String = text[toks[i].start..toks[i + n - 1].end].to_string();
            // `the Russian president`: a title phrase, resolved to its holder in pass 2.
            let norp = i
                .checked_sub(1)
                .and_then(|p| lex.names.get(word(p)))
                .filter(|e| e.ty == EntityType::NORP)
                .map(|e| e.cc);
            let the_before = i >= 1
                && (word(i - 1).eq_ignore_ascii_case("the")
                    || (i >= 2 && norp.is_some() && word(i - 2).eq_ignore_ascii_case("the")));
            if !next_cap && the_before && !cap {
                let start = if norp.is_some() {
                    toks[i - 1].start
                } else {
                    toks[i].start
                };
                title_phrases.push((
                    Span::new(start, toks[i + n - 1].end),
                    title_text.to_lowercase(),
                    norp,
                ));
            }
            if next_cap {
                let norp = norp.or_else(|| {
                    i.checked_sub(1)
                        .and_then(|p| lex.names.get(word(p)))
                        .filter(|e| e.ty == EntityType::GPE)
                        .map(|e| e.cc)
                });
                title_before = Some((title_text.to_lowercase(), norp));
                i += n;
                continue;
            }
            if cap {
                // A capitalised title not followed by a name (`the President said`): not a name.
                title_before = None;
                i += n;
                continue;
            }
        }
        if !cap || text.as_bytes().get(toks[i].end) == Some(&b'$') {
            if !(w == "and" && title_before.is_some()) {
                title_before = None;
            }
            i += 1;
            continue;
        }
        // Maximal run of capitalised tokens with connectors inside (`Center of Analysis of ...`).
        let mut j = i + 1;
        let mut end = i + 1;
        while j < toks.len() {
            let g = gap(j);
            let wj = word(j);
            let ok_gap = blank(g) || (g.trim() == "&" && toks[j].cap);
            if !ok_gap {
                break;
            }
            if toks[j].cap
                && !is_calendar(wj)
                && !breaks_run(wj, lex)
                && !(lex.is_title_word(wj)
                    && title_at(text, toks, j, lex).is_some()
                    && !lex.org_heads.contains(wj)
                    && j + 1 < toks.len()
                    && toks[j + 1].cap)
            {
                j += 1;
                end = j;
            } else if lex.is(wj, Cue::Connector)
                && j + 1 < toks.len()
                && toks[j + 1].cap
                && blank(&text[toks[j].end..toks[j + 1].start])
            {
                j += 1;
            } else {
                break;
            }
        }
        let mut s = i;
        // `and` joins names only inside an organisation (`Bank for Trade and Development`).
        if !lex.org_heads.contains(word(end - 1)) {
            if let Some(k) =
                (s + 1..end).find(|&k| word(k) == "and" || word(k) == "the" || word(k) == "on")
            {
                end = k;
            }
        }
        // Cut a leading `The` and sentence-initial common words.
        let mut whole_entry = None; // the gazetteer entry of the run as finally cut, if any
        let mut whole_missed = None; // the last cut the gazetteer does not know
        while s < end {
            let ws = word(s);
            let whole = &text[toks[s].start..toks[end - 1].end];
            if let Some(e) = lex.names.get(whole) {
                whole_entry = Some((s, end, *e));
                break;
            }
            whole_missed = Some((s, end));
            let initial = starts_clause(s)
                || s == i && i > 0 && !blank(gap(s)) && gap(s).trim().ends_with(['.', '?', '!']);
            let not_name = lex.is(ws, Cue::NotName);
            // (`ws` alone is not a gazetteer name when it is the whole run: tested above.)
            let common = not_name
                || (initial
                    && vocab.has_lower(ws)
                    && !lex.first_names.contains(ws)
                    && (s + 1 == end || !lex.names.contains_key(ws)));
            if ws == "The" || ws == "THE" || (common && (initial || not_name)) {
                s += 1;
                while s < end && lex.is(word(s), Cue::Connector) {
                    s += 1;
                }
            } else {
                break;
            }
        }
        // Trailing connectors never end a name.
        while end > s && lex.is(word(end - 1), Cue::Connector) {
            end -= 1;
        }
        if s >= end {
            i = end.max(i + 1);
            title_before = None;
            continue;
        }
        let run = Span::new(toks[s].start, toks[end - 1].end);
        let initial = starts_clause(s);
        let ctx = if initial {
            Ctx::Initial
        } else if s > 0
            && matches!(
                word(s - 1),
                "in" | "from"
                    | "to"
                    | "near"
                    | "across"
                    | "outside"
                    | "inside"
                    | "visited"
                    | "into"
            )
        {
            Ctx::Place
        } else if end < toks.len()
            && matches!(
                word(end),
                "said" | "says" | "told" | "added" | "explained" | "stated" | "wrote" | "argued"
            )
            && blank(&text[toks[end - 1].end..toks[end].start])
        {
            Ctx::Speaker
        } else {
            Ctx::None
        };
        // The gazetteer was asked about this very run in the loop above.
        let run_entry = whole_entry
            .filter(|&(from, to, _)| (from, to) == (s, end))
            .map(|(_, _, e)| e);
        let mut classified = match run_entry {
            Some(e) => vec![lexicon_finding(run, run.slice(text), e)],
            None => classify(
                text,
                run,
                &toks[s..end],
                lex,
                vocab,
                title_before.is_some(),
                title_case,
                ctx,
                whole_missed == Some((s, end)),
            ),
        };
        // `a Senior Fellow`: after an indefinite article a capitalised pair is a role, not a name.
        // Likewise before `at` (`Visiting Lecturer at X`).
        if s > 0 && matches!(word(s - 1), "a" | "an" | "A" | "An")
            || end < toks.len() && word(end) == "at"
        {
            classified.retain(|f| f.rule != "name_shape");
        }
        // A run that defines an acronym right after it names an organisation even without a head word.
        let after = &text[run.end..sent.span.end];
        let def = after
            .strip_prefix(" (")
            .and_then(|r| r.split(')').next())
            .filter(|inner| {
                let first = inner.split_whitespace().next().unwrap_or("");
                is_acronym(first) && inner.len() < 40 && !inner.contains(['(', ','])
            });
        if def.is_some() && end - s >= 2 && !classified.iter().any(|f| f.span == run && !f.open) {
            let f = finding(
                run,
                run.slice(text),
                EntityType::ORG,
                MentionKind::Name,
                "acronym_def",
                None,
            );
            classified = vec![f];
        }
        if let Some((title, cc)) = &title_before {
            if let Some(p) = classified
                .iter()
                .find(|f| f.key.entity_type == EntityType::PERSON)
            {
                titled.push((p.key, title.clone(), *cc));
            }
        }
        let last_key = classified
            .last()
            .filter(|f| def.is_some() && f.span.end == run.end && !f.open)
            .map(|f| f.key);
        found.extend(classified);
        if let (Some(inner), Some(k)) = (def, last_key) {
            let first = inner.split_whitespace().next().unwrap_or("");
            acronyms.insert(inner, k);
            acronyms.insert(first, k);
            let a_start = run.end + 2;
            found.push(found_acr(
                Span::new(a_start, a_start + inner.len()),
                k,
                "acronym_def",
            ));
            while end < toks.len() && toks[end].start < a_start + inner.len() {
                end += 1;
            }
        }
        if title_before.is_some() && end < toks.len() && word(end) == "and" {
            i = end + 1; // `Presidents A and B`: B is after a title too
        } else {
            title_before = None;
            i = end;
        }
    }
}

/// Only whitespace between two tokens (most often one space: tested before decoding any).
#[inline]
fn blank(gap: &str) -> bool {
    gap == " " || gap.trim().is_empty()
}

/// Words that end a run of capitalised words (`Ann Lee In 2010`, `Air Force I`, `X Image: Y`).
fn breaks_run(w: &str, lex: &Lexicons) -> bool {
    lex.is(w, Cue::NotName)
        && (w.len() <= 2
            || matches!(
                w,
                "Image" | "Images" | "Photo" | "Hey" | "The" | "This" | "That"
            ))
}

fn found_acr<'t>(span: Span, k: Key<'t>, rule: &'static str) -> Found<'t> {
    Found {
        span,
        key: k,
        kind: MentionKind::Acronym,
        rule,
        entry: None,
        open: false,
        ctx: Ctx::None,
    }
}

fn is_calendar(w: &str) -> bool {
    matches!(
        w,
        "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
            | "January"
            | "February"
            | "March"
            | "April"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
    )
}

/// Number of tokens of the title starting at token `i` (case-insensitive on the first letter).
fn title_at(text: &str, toks: &[Token<'_>], i: usize, lex: &Lexicons) -> Option<usize> {
    let w = toks[i].w;
    if !lex.maybe_title(w) {
        return None;
    }
    let cands = lex.titles.get(w).or_else(|| {
        if is_capitalised(w) {
            None
        } else {
            lex.titles_lower.get(w)
        }
    })?;
    'outer: for t in cands {
        let n = t.split(' ').count();
        if i + n > toks.len() {
            continue;
        }
        for (k, tw) in t.split(' ').enumerate().skip(1) {
            let w = toks[i + k].w;
            if !w.eq_ignore_ascii_case(tw) || !blank(&text[toks[i + k - 1].end..toks[i + k].start])
            {
                continue 'outer;
            }
        }
        // Lower-case titles only count when short and clearly titles (`president`, `minister`).
        if !is_capitalised(w)
            && (t.ends_with('.')
                || t.len() <= 3
                || matches!(
                    *t,
                    "Officer"
                        | "Manager"
                        | "Coach"
                        | "Director"
                        | "Chair"
                        | "Father"
                        | "Lady"
                        | "Lord"
                        | "Miss"
                ))
        {
            continue;
        }
        return Some(n);
    }
    None
}

/// A headline in Title Case (`Man Bites Dog In Local Park`): most words capitalised.
fn is_title_case_line(text: &str, toks: &[Token<'_>], lex: &Lexicons) -> bool {
    // Headlines do not end with a period; running text that happens to be name-dense does.
    if toks.len() < 4
        || text[toks[toks.len() - 1].end..]
            .trim_start()
            .starts_with('.')
    {
        return false;
    }
    let caps = toks.iter().filter(|t| t.cap).count();
    if caps * 2 < toks.len() {
        return false;
    }
    let content = toks.iter().map(|t| t.w).filter(|w| {
        !lex.is(w, Cue::Connector)
            && !matches!(
                *w,
                "a" | "an" | "in" | "to" | "at" | "by" | "with" | "from" | "as" | "or"
            )
    });
    let (mut n, mut caps) = (0, 0);
    for w in content {
        n += 1;
        if is_capitalised(w) || w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            caps += 1;
        }
    }
    n >= 4 && caps * 10 >= n * 9
}

/// Types one run of capitalised tokens (possibly splitting it). Open findings are single unknown
/// words that pass 2 resolves or drops.
#[allow(clippy::too_many_arguments)]
fn classify<'t>(
    text: &'t str,
    run: Span,
    toks: &[Token<'t>],
    lex: &Lexicons,
    vocab: &Vocab,
    after_title: bool,
    title_case: bool,
    ctx: Ctx,
    // The caller already asked the gazetteer about the whole run, in vain.
    run_unknown: bool,
) -> Vec<Found<'t>> {
    use EntityType::*;
    let surface = run.slice(text);
    let words = || toks.iter().map(|t| t.w);
    let n = toks.len();
    let last = toks[n - 1].w;
    let first = toks[0].w;
    if let Some(e) = if run_unknown {
        None
    } else {
        lex.names.get(surface)
    } {
        return vec![lexicon_finding(run, surface, *e)];
    }
    let open = |rule: &'static str, ty: EntityType| {
        let mut f = finding(run, surface, ty, name_kind(surface), rule, None);
        f.open = true;
        f.ctx = ctx;
        vec![f]
    };
    if title_case {
        // Headline words are capitalised anyway: only names the document confirms elsewhere.
        let mut out = Vec::new();
        for t in toks {
            let w = t.w;
            if let Some(e) = lex.names.get(w) {
                out.push(lexicon_finding(Span::new(t.start, t.end), w, *e));
            } else if !lex.is(w, Cue::NotName) && !lex.is(w, Cue::Connector) {
                let mut f = finding(
                    Span::new(t.start, t.end),
                    w,
                    MISC,
                    name_kind(w),
                    "headline",
                    None,
                );
                f.open = true;
                f.ctx = Ctx::Initial;
                out.push(f);
            }
        }
        return out;
    }
    // `Ann Lee of DAB`: a person of an organisation, two names.
    if let Some(k) = words().position(|w| w == "of") {
        let right = &toks[k + 1..];
        let person_left = k >= 2
            && (lex.first_names.contains(first) || after_title)
            && !lex.is(toks[k - 1].w, Cue::OrgOf)
            && !lex.org_heads.contains(toks[k - 1].w);
        if person_left
            && !right.is_empty()
            && (right.len() == 1
                || lex
                    .names
                    .get(&text[toks[k + 1].start..run.end])
                    .is_some_and(|e| e.ty == ORG))
        {
            let mut out = classify(
                text,
                Span::new(run.start, toks[k - 1].end),
                &toks[..k],
                lex,
                vocab,
                after_title,
                false,
                ctx,
                false,
            );
            let mut r = classify(
                text,
                Span::new(toks[k + 1].start, run.end),
                &toks[k + 1..],
                lex,
                vocab,
                false,
                false,
                Ctx::None,
                false,
            );
            if r.len() == 1 && r[0].open && is_acronym(r[0].span.slice(text)) {
                r[0].key.entity_type = ORG;
            }
            out.extend(r);
            return out;
        }
    }
    if n >= 2 {
        // `Jim Press`, `Ann Post`: a given name and a head word that is also a surname
        let given_and_surname = (after_title || n == 2)
            && lex.first_names.contains(first)
            && !lex.names.contains_key(first);
        if lex.org_heads.contains(last) && !given_and_surname {
            return vec![finding(
                run,
                surface,
                ORG,
                MentionKind::Name,
                "org_head",
                None,
            )];
        }
        if let Some(k) = words().position(|w| w == "of") {
            if k >= 1
                && (lex.is(toks[k - 1].w, Cue::OrgOf) || lex.org_heads.contains(toks[k - 1].w))
                && !lex.is(last, Cue::EventHead)
            {
                return vec![finding(
                    run,
                    surface,
                    ORG,
                    MentionKind::Name,
                    "org_of",
                    None,
                )];
            }
            if k >= 1 && lex.is(toks[k - 1].w, Cue::LocHead) {
                return vec![finding(
                    run,
                    surface,
                    LOC,
                    MentionKind::Name,
                    "loc_head",
                    None,
                )];
            }
        }
        if lex.is(last, Cue::EventHead) || lex.is(first, Cue::EventLead) {
            return vec![finding(
                run,
                surface,
                EVENT,
                MentionKind::Name,
                "event_head",
                None,
            )];
        }
        if lex.is(last, Cue::LocHead) && !after_title {
            return vec![finding(
                run,
                surface,
                LOC,
                MentionKind::Name,
                "loc_head",
                None,
            )];
        }
        if lex.is(last, Cue::MiscHead) {
            return vec![finding(
                run,
                surface,
                MISC,
                MentionKind::Name,
                "misc_head",
                None,
            )];
        }
        // `New York City Council` is handled above; `Azerbaijan Airlines`-like lexicon prefixes
        // with an unknown tail are left to the shape rules below.
    }
    if after_title && n <= 4 {
        return vec![finding(
            run,
            surface,
            PERSON,
            MentionKind::Name,
            "title_name",
            None,
        )];
    }
    if (2..=4).contains(&n) && lex.first_names.contains(first) && !lex.names.contains_key(first) {
        return vec![finding(
            run,
            surface,
            PERSON,
            MentionKind::Name,
            "first_name",
            None,
        )];
    }
    if (2..=4).contains(&n)
        && words().any(|w| {
            is_initial(w.trim_end_matches('.'))
                || is_dotted_abbrev(w.trim_end_matches('.'))
                    && w.len() <= 5
                    && !lex.names.contains_key(w)
        })
        && !words().all(|w| w.len() <= 2 || is_acronym(w))
    {
        return vec![finding(
            run,
            surface,
            PERSON,
            MentionKind::Name,
            "initials",
            None,
        )];
    }
    // Lexicon names inside the run or inside hyphenated tokens (`Russia-led`, `Moscow Mayor`).
    let mut parts = Vec::new();
    for t in toks {
        let w = t.w;
        // (a single word is the whole run: asked above)
        if let Some(e) = if n == 1 { None } else { lex.names.get(w) } {
            parts.push(lexicon_finding(Span::new(t.start, t.end), w, *e));
            continue;
        }
        if w.contains('-') {
            let mut off = t.start;
            for part in w.split('-') {
                if let Some(e) = lex.names.get(part) {
                    parts.push(finding(
                        Span::new(off, off + part.len()),
                        e.canonical,
                        e.ty,
                        MentionKind::Name,
                        "lexicon_part",
                        Some(*e),
                    ));
                }
                off += part.len() + 1;
            }
        }
    }
    if n == 1 {
        if !parts.is_empty() {
            return parts;
        }
        if vocab.has_lower(surface) {
            return Vec::new(); // `ALL`, `UNLESS`: shouting, not an acronym
        }
        let ty = if is_acronym(surface) { ORG } else { MISC };
        return open(if ty == ORG { "acronym_shape" } else { "single" }, ty);
    }
    // Two to four unknown words that are not dictionary words: a person's name.
    let known_parts = !parts.is_empty();
    let commonish = words()
        .filter(|w| vocab.has_lower(w) || lex.is(w, Cue::NotName))
        .count();
    if !known_parts
        && n <= 3
        && commonish == 0
        && words().all(|w| {
            !is_acronym(w)
                && w.chars().all(|c| {
                    c.is_alphabetic() || c == '-' || c == '\'' || c == '\u{2019}' || c == '.'
                })
        })
    {
        return vec![finding(
            run,
            surface,
            PERSON,
            MentionKind::Name,
            "name_shape",
            None,
        )];
    }
    if known_parts {
        // `Russian Pilot` keeps the lexicon part; a run made of one lexicon prefix + unknown
        // proper words is more likely an organisation (`Azerbaijan Airlines` has a head word).
        return parts;
    }
    if commonish < n {
        // Capitalised phrase of mixed words (`Top Gear`, `Free Culture`): an open MISC that pass 2
        // keeps only when it recurs.
        let mut f = finding(run, surface, MISC, MentionKind::Name, "phrase", None);
        f.open = true;
        f.ctx = ctx;
        return vec![f];
    }
    Vec::new()
}

/// Person names and typed surfaces known in the document, for pass 2. Surfaces, name parts and
/// keys borrow from the text or the lexicons: nothing is copied.
#[derive(Default)]
struct DocNames<'t> {
    known: HashMap<&'t str, Key<'t>>,
    last_names: HashMap<&'t str, Vec<Key<'t>>>,
    given_names: HashMap<&'t str, Vec<Key<'t>>>,
    long_forms: Vec<(usize, Key<'t>)>,
}

impl<'t> DocNames<'t> {
    fn learn(&mut self, surface: &'t str, f: &Found<'t>) {
        // A surface already known as this key was learned with it, name parts included: most
        // findings repeat a name, and cloning its key into the part maps again dominated here.
        let repeated = match self.known.entry(surface) {
            std::collections::hash_map::Entry::Occupied(e) => *e.get() == f.key,
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(f.key);
                false
            }
        };
        if f.key.entity_type == EntityType::PERSON && !repeated {
            let mut parts = f
                .key
                .name
                .split(' ')
                .filter(|p| !is_initial(p.trim_end_matches('.')));
            let first = parts.next();
            if let (Some(first), Some(last)) = (first, parts.next_back()) {
                for (map, part) in [(&mut self.last_names, last), (&mut self.given_names, first)] {
                    match map.get_mut(part) {
                        Some(v) => {
                            if !v.contains(&f.key) {
                                v.push(f.key);
                            }
                        }
                        None => {
                            map.insert(part, vec![f.key]);
                        }
                    }
                }
            }
        }
        if f.kind == MentionKind::Name
            && matches!(
                f.key.entity_type,
                EntityType::ORG | EntityType::EVENT | EntityType::MISC
            )
            && f.key.name.contains(' ')
        {
            self.long_forms.push((f.span.start, f.key));
        }
    }
}

/// Pass 2: open findings resolved against the whole document; findings in running text first,
/// then sentence-initial and headline ones (which only join names the document confirms).
fn resolve<'t>(
    text: &'t str,
    found: &mut Vec<Found<'t>>,
    acronyms: &HashMap<&'t str, Key<'t>>,
    lex: &Lexicons,
) {
    // Sized for the document up front: growing the maps showed in profiles.
    let mut names = DocNames {
        known: HashMap::with_capacity_and_hasher(found.len(), Default::default()),
        ..DocNames::default()
    };
    for f in found.iter().filter(|f| !f.open) {
        names.learn(f.span.slice(text), f);
    }
    // Short surname mentions of closed PERSON findings (`Putin` typed by a title) also join.
    for f in found
        .iter_mut()
        .filter(|f| !f.open && f.key.entity_type == EntityType::PERSON && !f.key.name.contains(' '))
    {
        if let Some(v) = names.last_names.get(f.key.name).filter(|v| v.len() == 1) {
            f.key = v[0];
        }
    }
    let mut open_counts: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(found.len(), Default::default());
    for f in found.iter().filter(|f| f.open) {
        *open_counts.entry(f.span.slice(text)).or_default() += 1;
    }
    let mut keep = vec![true; found.len()];
    for round in 0..2 {
        for (idx, f) in found.iter_mut().enumerate() {
            let late = f.ctx == Ctx::Initial || f.rule == "headline";
            if !f.open || late != (round == 1) {
                continue;
            }
            let s = f.span.slice(text);
            match resolve_open(
                s,
                f,
                &names,
                acronyms,
                lex,
                open_counts.get(s).copied().unwrap_or(0),
            ) {
                Some((k, rule, kind)) => {
                    f.key = k;
                    f.rule = rule;
                    f.kind = kind;
                    f.open = false;
                    names.learn(s, f);
                }
                None => keep[idx] = false,
            }
        }
    }
    let mut it = keep.iter();
    found.retain(|_| *it.next().unwrap_or(&false));
}

fn resolve_open<'t>(
    s: &'t str,
    f: &Found<'t>,
    names: &DocNames<'t>,
    acronyms: &HashMap<&'t str, Key<'t>>,
    lex: &Lexicons,
    count: usize,
) -> Option<(Key<'t>, &'static str, MentionKind)> {
    let single = !s.contains(' ');
    let acr = is_acronym(s);
    if single && acr {
        if let Some(k) = acronyms.get(s) {
            return Some((*k, "acronym", MentionKind::Acronym));
        }
        if let Some((_, k)) = names
            .long_forms
            .iter()
            .rev()
            .find(|(start, k)| *start < f.span.start && letters_match(s, k.name))
        {
            return Some((*k, "acronym", MentionKind::Acronym));
        }
    }
    let kind = if acr {
        MentionKind::Acronym
    } else {
        MentionKind::Name
    };
    if let Some(k) = names.known.get(s) {
        return Some((*k, "doc_known", kind));
    }
    if single {
        if let Some(v) = names.last_names.get(s).filter(|v| v.len() == 1) {
            return Some((v[0], "surname", MentionKind::Name));
        }
        if let Some(v) = names.given_names.get(s).filter(|v| v.len() == 1) {
            return Some((v[0], "given_name", MentionKind::Name));
        }
    }
    if f.rule == "headline" {
        return None;
    }
    if f.rule == "acronym_shape" {
        return Some((f.key, "acronym_shape", MentionKind::Acronym));
    }
    if single && lex.first_names.contains(s) {
        return Some((key(s, EntityType::PERSON), "first_name", MentionKind::Name));
    }
    if f.ctx == Ctx::Initial {
        return None;
    }
    if single {
        let ty = match f.ctx {
            Ctx::Place => EntityType::LOC,
            Ctx::Speaker => EntityType::PERSON,
            _ => single_word_type(s).or((count >= 2).then_some(EntityType::ORG))?,
        };
        return Some((key(s, ty), "shape", MentionKind::Name));
    }
    (count >= 2).then_some((f.key, "phrase", MentionKind::Name))
}

/// An unknown capitalised word inside a sentence: CamelCase and web-like words are
/// organisations, anything else is most often a surname.
fn single_word_type(s: &str) -> Option<EntityType> {
    let inner_caps = s.chars().skip(1).any(|c| c.is_uppercase());
    if inner_caps
        || s.ends_with("soft")
        || s.ends_with("book")
        || s.ends_with("news")
        || s.chars().any(|c| c.is_ascii_digit())
    {
        return Some(EntityType::ORG);
    }
    SINGLE_DEFAULT
}

const SINGLE_DEFAULT: Option<EntityType> = None;

/// `the Russian president` -> the one PERSON introduced with that title (and nationality) in
/// the document; mentions of kind `title`.
fn resolve_title_phrases<'t>(
    found: &mut Vec<Found<'t>>,
    phrases: &[(Span, String, Option<&'static str>)],
    titled: &[(Key<'t>, String, Option<&'static str>)],
) {
    for (span, title, cc) in phrases {
        let mut holders = titled
            .iter()
            .filter(|(_, t, c)| {
                t.trim_end_matches('s') == title.trim_end_matches('s')
                    && (cc.is_none() || c.is_none() || c == cc)
            })
            .map(|(k, _, _)| k);
        let Some(first) = holders.next() else {
            continue;
        };
        if holders.all(|k| k == first) {
            found.push(Found {
                span: *span,
                key: *first,
                kind: MentionKind::Title,
                rule: "title_holder",
                entry: None,
                open: false,
                ctx: Ctx::None,
            });
        }
    }
}

/// Sorted, non-overlapping mentions (longest first at equal start) and their entities.
fn assemble(
    doc: &Document,
    sentences: &[Sentence],
    mut found: Vec<Found<'_>>,
    author_keys: Vec<EntityKey>,
) -> (Vec<Mention>, Vec<LocalEntity>, Vec<EntityKey>) {
    let text = &doc.text;
    found.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    let mut mentions = Vec::with_capacity(found.len());
    let mut last_end = 0;
    // Entities in order of first mention, indexed by key: one hash lookup per mention.
    let mut entities: Vec<LocalEntity> = Vec::new();
    let mut entity_at: HashMap<Key, usize> =
        HashMap::with_capacity_and_hasher(found.len(), Default::default());
    let (mut start_buf, mut end_buf) = ([0u8; 20], [0u8; 20]);
    for f in found {
        if f.span.start < last_end || f.span.is_empty() {
            continue;
        }
        last_end = f.span.end;
        let surface = f.span.slice(text);
        let at = match entity_at.get(&f.key) {
            Some(&at) => at,
            None => {
                entity_at.insert(f.key, entities.len());
                entities.push(LocalEntity {
                    key: f.key.to_owned_key(),
                    aliases: Vec::new(),
                    kb_id: None,
                    country_code: None,
                    mention_count: 0,
                });
                entities.len() - 1
            }
        };
        let e = &mut entities[at];
        if let Some(entry) = f.entry {
            if e.country_code.is_none()
                && !entry.cc.is_empty()
                && matches!(
                    f.key.entity_type,
                    EntityType::GPE | EntityType::NORP | EntityType::LOC
                )
            {
                e.country_code = Some(entry.cc.to_string());
            }
            if e.kb_id.is_none() && !entry.kb.is_empty() {
                e.kb_id = Some(entry.kb.to_string());
            }
        }
        e.mention_count += 1;
        if f.kind != MentionKind::Title && !e.aliases.iter().any(|a| a == surface) {
            e.aliases.push(surface.to_string());
        }
        let start = decimal(f.span.start, &mut start_buf);
        let end = decimal(f.span.end, &mut end_buf);
        mentions.push(Mention {
            id: row_id("M", &[&doc.doc_id, start, end]),
            sentence: sentence_at(sentences, f.span.start),
            span: f.span,
            key: f.key.to_owned_key(),
            kind: f.kind,
            rule: Cow::Borrowed(f.rule),
        });
    }
    for e in &mut entities {
        e.aliases.sort();
    }
    entities.sort_by(|a, b| a.key.cmp(&b.key));
    (mentions, entities, author_keys)
}

fn strip_title<'a>(name: &'a str, lex: &Lexicons) -> &'a str {
    let mut n = name.trim();
    while let Some((first, rest)) = n.split_once(' ') {
        if lex.titles.contains_key(first) {
            n = rest.trim_start();
        } else {
            break;
        }
    }
    n
}

/// `AZAL` ~ `Azerbaijan Airlines`: the acronym's letters appear in order, every capitalised word
/// contributes a prefix-anchored run of letters, and the first letters agree.
fn letters_match(acr: &str, long: &str) -> bool {
    let acr: Vec<char> = acr
        .chars()
        .filter(|c| c.is_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let words: Vec<Vec<char>> = long
        .split_whitespace()
        .filter(|w| is_capitalised(w))
        .map(|w| w.to_lowercase().chars().collect())
        .collect();
    if words.len() < 2 || acr.len() < words.len() {
        return false;
    }
    fn go(acr: &[char], words: &[Vec<char>]) -> bool {
        match (acr.first(), words.first()) {
            (None, None) => true,
            (Some(_), None) | (None, Some(_)) => false,
            (Some(&a), Some(w)) => {
                if w[0] != a {
                    return false;
                }
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

#[cfg(test)]
mod tests;
