//! Possibly discontinuous spans of `score_ie.py` (claims and events).
//!
//! Reads `{"start","end","fragments"?}` objects or `[s, e]` pairs. Invariants: fragments are
//! sorted and non-empty; the hull is `[first start, max end)`; exact comparison uses the hull
//! trimmed of whitespace and edge punctuation/quotes (unless `--raw-exact`), and falls back to
//! the raw hull when trimming would leave nothing (a ":" cue); overlap counts the characters the
//! fragments actually cover.

use super::common::{char_at, is_word, py_int};
use serde_json::Value;

/// `EDGE` of score_ie.py: whitespace, punctuation, quote marks, dashes, brackets.
fn is_edge(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\r'
            | '\n'
            | '\u{a0}'
            | '.'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '\''
            | '"'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201c}'
            | '\u{201d}'
            | '\u{ab}'
            | '\u{bb}'
            | '\u{2014}'
            | '\u{2013}'
            | '\u{2015}'
            | '-'
            | '('
            | ')'
            | '['
            | ']'
    )
}

#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub frags: Vec<(i64, i64)>,
    pub start: i64,
    pub end: i64,
}

impl Span {
    /// `Span(frags)`; `frags` must be non-empty.
    pub fn new(mut frags: Vec<(i64, i64)>) -> Span {
        frags.sort_unstable();
        let start = frags[0].0;
        let end = frags.iter().map(|f| f.1).max().unwrap_or(start);
        Span { frags, start, end }
    }

    /// The exact-comparison key: trimmed hull (or raw with `raw` or an empty text).
    pub fn key(&self, text: &[char], raw: bool) -> (i64, i64) {
        let (mut s, mut e) = (self.start, self.end);
        if !raw && !text.is_empty() {
            let edge = |i: i64| char_at(text, i).is_some_and(is_edge);
            while s < e && edge(s) {
                s += 1;
            }
            while e > s && edge(e - 1) {
                e -= 1;
            }
            if e <= s {
                return (self.start, self.end);
            }
        }
        (s, e)
    }

    /// Trimmed key of each fragment on its own.
    pub fn frag_keys(&self, text: &[char], raw: bool) -> Vec<(i64, i64)> {
        self.frags
            .iter()
            .map(|&f| Span::new(vec![f]).key(text, raw))
            .collect()
    }

    /// Characters covered by both spans (sum over fragment pairs).
    pub fn overlap(&self, other: &Span) -> i64 {
        let mut n = 0;
        for &(a, b) in &self.frags {
            for &(c, d) in &other.frags {
                let o = b.min(d) - a.max(c);
                if o > 0 {
                    n += o;
                }
            }
        }
        n
    }

    pub fn covers(&self, s: i64, e: i64) -> bool {
        self.frags.iter().any(|&(a, b)| b.min(e) - a.max(s) > 0)
    }

    /// `\w+` runs found by `WORD.finditer(text, a, b)` in each fragment, as (start, end); a run
    /// is cut at the fragment end and may start mid-word at the fragment start.
    fn word_runs(&self, text: &[char]) -> Vec<(i64, i64)> {
        let n = text.len() as i64;
        let mut out = Vec::new();
        for &(a, b) in &self.frags {
            let (a, b) = (a.clamp(0, n) as usize, b.clamp(0, n) as usize);
            let mut i = a;
            while i < b {
                if is_word(text[i]) {
                    let s = i;
                    while i < b && is_word(text[i]) {
                        i += 1;
                    }
                    out.push((s as i64, i as i64));
                } else {
                    i += 1;
                }
            }
        }
        out
    }

    /// Start positions of the word tokens covered (a set, as sorted unique positions).
    pub fn tokens(&self, text: &[char]) -> Vec<i64> {
        let mut t: Vec<i64> = self.word_runs(text).into_iter().map(|r| r.0).collect();
        t.sort_unstable();
        t.dedup();
        t
    }

    /// The last word token (the head in English noun phrases), or the hull when there is none.
    pub fn last_token(&self, text: &[char]) -> (i64, i64) {
        self.word_runs(text)
            .last()
            .copied()
            .unwrap_or((self.start, self.end))
    }
}

/// `to_span`: `None` when absent, malformed or empty.
pub fn to_span(obj: Option<&Value>) -> Option<Span> {
    match obj? {
        Value::Array(a) => {
            if a.len() >= 2 && !a[0].is_null() && !a[1].is_null() {
                let (s, e) = (py_int(&a[0])?, py_int(&a[1])?);
                (e > s).then(|| Span::new(vec![(s, e)]))
            } else {
                None
            }
        }
        Value::Object(o) => {
            if let Some(Value::Array(fr)) = o.get("fragments") {
                let frags: Vec<(i64, i64)> = fr
                    .iter()
                    .filter_map(|f| match f.as_array().map(Vec::as_slice) {
                        Some([a, b]) if !a.is_null() && !b.is_null() => {
                            Some((py_int(a)?, py_int(b)?))
                        }
                        _ => None,
                    })
                    .filter(|(a, b)| b > a)
                    .collect();
                if !frags.is_empty() {
                    return Some(Span::new(frags));
                }
            }
            let s = o.get("start").filter(|v| !v.is_null())?;
            let e = o.get("end").filter(|v| !v.is_null())?;
            let (s, e) = (py_int(s)?, py_int(e)?);
            (e > s).then(|| Span::new(vec![(s, e)]))
        }
        _ => None,
    }
}

/// Set intersection size of two sorted unique lists.
pub fn inter_len(a: &[i64], b: &[i64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// `tok_f1`: token-position F1; two empty sets agree perfectly.
pub fn tok_f1(gt: &[i64], pt: &[i64]) -> f64 {
    if gt.is_empty() && pt.is_empty() {
        return 1.0;
    }
    let inter = inter_len(gt, pt);
    if inter == 0 {
        return 0.0;
    }
    let (p, r) = (
        inter as f64 / pt.len() as f64,
        inter as f64 / gt.len() as f64,
    );
    2.0 * p * r / (p + r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_trims_quotes_but_keeps_a_bare_colon_cue() {
        let t: Vec<char> = "\"Yes,\" he said: no".chars().collect();
        assert_eq!(Span::new(vec![(0, 6)]).key(&t, false), (1, 4));
        assert_eq!(Span::new(vec![(14, 15)]).key(&t, false), (14, 15));
    }

    #[test]
    fn tokens_start_mid_word_at_fragment_start() {
        let t: Vec<char> = "hello world".chars().collect();
        assert_eq!(Span::new(vec![(2, 8)]).tokens(&t), vec![2, 6]);
        assert_eq!(Span::new(vec![(2, 8)]).last_token(&t), (6, 8));
    }
}
