//! Shared pieces of the scorers: Python-compatible text predicates, id joins, rounding, P/R/F1
//! and the two greedy one-to-one matchers.
//!
//! Reads nothing itself; every scorer builds on it. Invariant: each helper reproduces the
//! behaviour of the reference scripts (`score.py`, `score_ie.py`, `score_html.py`) exactly for
//! well-formed input, because our figures must agree with theirs to three decimals. Offsets are
//! code-point offsets (Python `str` indices), so texts are held as `Vec<char>`.

use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

/// Python's `str.isspace()` (and `\s` in a `str` regex): Unicode White_Space plus the four
/// information separators U+001C..U+001F, which Python counts (bidi class B/S) and Rust does not.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `\w` on `str`: alphanumeric or underscore. Rust's `is_alphanumeric` also counts
/// Other_Alphabetic combining marks (e.g. Indic vowel signs) that Python does not; the dev
/// texts (English news) contain none of those.
pub fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `" ".join(s.split())`: whitespace runs collapsed to one space, both ends trimmed.
pub fn ws_norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for piece in s.split(is_space).filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(piece);
    }
    out
}

/// Python `str(value)` for the JSON values the scorers stringify (ids, types, values).
/// Strings are themselves; null/bools use Python's spelling; containers fall back to JSON text.
pub fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.to_string(),
            (_, Some(u)) => u.to_string(),
            _ => {
                // Python's float repr keeps a ".0" on integral values.
                let s = n.to_string();
                if s.contains(['.', 'e', 'E']) {
                    s
                } else {
                    format!("{s}.0")
                }
            }
        },
        other => other.to_string(),
    }
}

/// Python truthiness of a JSON value (`x or default`, `if not x`).
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// Python `int(x)` for offsets: integers, floats (truncated), numeric strings, bools.
/// `None` where Python would raise (the scripts would crash; we skip the item instead).
pub fn py_int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.trunc() as i64)),
        Value::String(s) => s.trim().parse().ok(),
        Value::Bool(b) => Some(*b as i64),
        _ => None,
    }
}

/// `d.get(key)` that treats JSON null like an absent key (the scripts test `is None`).
pub fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.get(key).filter(|x| !x.is_null())
}

/// `doc.get(field) or []` for list fields.
pub fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    match v.get(key) {
        Some(Value::Array(a)) => a,
        _ => &[],
    }
}

/// The character at a code-point index, `None` out of range (Python would raise there).
pub fn char_at(text: &[char], i: i64) -> Option<char> {
    usize::try_from(i).ok().and_then(|i| text.get(i).copied())
}

/// Python slice `text[s:e]` on code points (clamped, never panics; negative = 0).
pub fn slice(text: &[char], s: i64, e: i64) -> String {
    let n = text.len() as i64;
    let s = s.clamp(0, n) as usize;
    let e = e.clamp(0, n) as usize;
    if s >= e {
        String::new()
    } else {
        text[s..e].iter().collect()
    }
}

/// Python `s[:n]` on code points.
pub fn prefix(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Python `round(x, 4)`: correctly rounded, ties to even on the exact binary value, which is
/// what Rust's `{:.4}` formatting does as well.
pub fn round4(x: f64) -> f64 {
    format!("{x:.4}").parse().unwrap_or(x)
}

/// Python `round(x, 3)` (error listings only).
pub fn round3(x: f64) -> f64 {
    format!("{x:.3}").parse().unwrap_or(x)
}

/// `round(a / b, 4) if b else 0.0`
pub fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        round4(a as f64 / b as f64)
    }
}

/// Micro P/R/F1 exactly as the scripts' `prf`: rounded to 4 decimals, with the raw counts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    pub p: f64,
    pub r: f64,
    pub f1: f64,
    pub tp: u64,
    pub n_pred: u64,
    pub n_gold: u64,
}

impl Prf {
    pub fn new(tp: u64, n_pred: u64, n_gold: u64) -> Prf {
        let p = if n_pred > 0 {
            tp as f64 / n_pred as f64
        } else {
            0.0
        };
        let r = if n_gold > 0 {
            tp as f64 / n_gold as f64
        } else {
            0.0
        };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf {
            p: round4(p),
            r: round4(r),
            f1: round4(f),
            tp,
            n_pred,
            n_gold,
        }
    }
}

/// Documents joined on `"id"`: first-seen order, last record wins on duplicate ids (Python
/// `dict` assignment keeps the first insertion position).
pub struct DocSet<'a> {
    pub order: Vec<String>,
    pub by_id: HashMap<String, &'a Value>,
}

impl<'a> DocSet<'a> {
    /// `key` turns a record's `"id"` into the join key (`str(d.get("id"))` in score.py and
    /// score_ie.py; the raw JSON value in score_html.py).
    pub fn new(docs: &'a [Value], key: impl Fn(&Value) -> String) -> DocSet<'a> {
        let mut order = Vec::new();
        let mut by_id = HashMap::new();
        for d in docs {
            let k = key(d.get("id").unwrap_or(&Value::Null));
            if by_id.insert(k.clone(), d).is_none() {
                order.push(k);
            }
        }
        DocSet { order, by_id }
    }

    /// The join of score.py / score_ie.py: `str(d.get("id"))`.
    pub fn by_str_id(docs: &'a [Value]) -> DocSet<'a> {
        DocSet::new(docs, py_str)
    }

    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.by_id.get(key).copied()
    }
}

/// Gold text of a record as code points (`g.get("text") or ""`).
pub fn text_chars(doc: &Value) -> Vec<char> {
    match doc.get("text") {
        Some(Value::String(s)) => s.chars().collect(),
        _ => Vec::new(),
    }
}

/// One-to-one greedy matching of `score_ie.py`: candidates sorted by key (higher first), then
/// gold index, then predicted index (ascending); each side used at most once. score.py's
/// `one_to_one_overlap` sorts `(-exact, -overlap, i, j)`, which is the same order with the key
/// `(exact, overlap)`.
pub fn greedy<K: Ord>(
    n_g: usize,
    n_p: usize,
    mut score: impl FnMut(usize, usize) -> Option<K>,
) -> Vec<(usize, usize)> {
    let mut cands = Vec::new();
    for i in 0..n_g {
        for j in 0..n_p {
            if let Some(k) = score(i, j) {
                cands.push((k, i, j));
            }
        }
    }
    cands.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut used_g, mut used_p) = (vec![false; n_g], vec![false; n_p]);
    let mut pairs = Vec::new();
    for (_, i, j) in cands {
        if used_g[i] || used_p[j] {
            continue;
        }
        used_g[i] = true;
        used_p[j] = true;
        pairs.push((i, j));
    }
    pairs
}

/// Size of the multiset intersection (`sum((Counter(a) & Counter(b)).values())`).
pub fn multiset_tp<K: std::hash::Hash + Eq>(
    g: impl IntoIterator<Item = K>,
    p: impl IntoIterator<Item = K>,
) -> u64 {
    let mut counts: HashMap<K, i64> = HashMap::new();
    for k in g {
        *counts.entry(k).or_default() += 1;
    }
    let mut tp = 0;
    for k in p {
        if let Some(c) = counts.get_mut(&k) {
            if *c > 0 {
                *c -= 1;
                tp += 1;
            }
        }
    }
    tp
}

fn find_from(text: &[char], pat: &[char], from: usize) -> Option<usize> {
    if pat.is_empty() {
        return (from <= text.len()).then_some(from);
    }
    if pat.len() > text.len() {
        return None;
    }
    (from..=text.len() - pat.len()).find(|&i| text[i] == pat[0] && text[i..i + pat.len()] == *pat)
}

/// `align_in_order`: locate each (stripped) piece in the text from a moving cursor, exact first,
/// then whitespace-insensitive (tokens joined by `\s*`). Tokens never start with whitespace, so
/// the greedy `\s*` of the Python regex never backtracks: at a start position the match is
/// token, skip all whitespace, token, ... which is what we do. `None` = not found.
pub fn align_in_order(text: &[char], pieces: &[String]) -> Vec<Option<(i64, i64)>> {
    let mut out = Vec::with_capacity(pieces.len());
    let mut cursor = 0usize;
    for piece in pieces {
        let p = piece.trim_matches(is_space);
        if p.is_empty() {
            out.push(None);
            continue;
        }
        let pc: Vec<char> = p.chars().collect();
        if let Some(i) = find_from(text, &pc, cursor) {
            out.push(Some((i as i64, (i + pc.len()) as i64)));
            cursor = i + pc.len();
            continue;
        }
        let toks: Vec<Vec<char>> = p
            .split(is_space)
            .filter(|t| !t.is_empty())
            .map(|t| t.chars().collect())
            .collect();
        let m = (cursor..=text.len()).find_map(|start| match_tokens(text, start, &toks));
        match m {
            Some((s, e)) => {
                out.push(Some((s as i64, e as i64)));
                cursor = e;
            }
            None => out.push(None),
        }
    }
    out
}

fn match_tokens(text: &[char], start: usize, toks: &[Vec<char>]) -> Option<(usize, usize)> {
    let mut pos = start;
    for (n, tok) in toks.iter().enumerate() {
        if n > 0 {
            while pos < text.len() && is_space(text[pos]) {
                pos += 1;
            }
        }
        if text.len() < pos + tok.len() || text[pos..pos + tok.len()] != **tok {
            return None;
        }
        pos += tok.len();
    }
    Some((start, pos))
}

/// `os.path.basename(path)` without a trailing `.jsonl`: the row name of a prediction file.
pub fn row_name(path: &str) -> String {
    let b = path.rsplit('/').next().unwrap_or(path);
    b.strip_suffix(".jsonl").unwrap_or(b).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round4_ties_to_even_like_python() {
        assert_eq!(round4(0.03125), 0.0312);
        assert_eq!(round4(0.12345), 0.1235);
    }

    #[test]
    fn ws_norm_collapses_unicode_space() {
        assert_eq!(ws_norm(" a\u{a0}\u{1f} b\n"), "a b");
    }

    #[test]
    fn align_falls_back_to_whitespace_insensitive() {
        let t: Vec<char> = "Hi there.\nNext  one.".chars().collect();
        let al = align_in_order(&t, &["Hi there.".into(), "Next one.".into(), "zz".into()]);
        assert_eq!(al, vec![Some((0, 9)), Some((10, 20)), None]);
    }

    #[test]
    fn greedy_prefers_higher_key_then_lower_index() {
        let pairs = greedy(2, 2, |i, j| Some(if i == 1 && j == 0 { 5 } else { 1 }));
        assert_eq!(pairs, vec![(1, 0), (0, 1)]);
    }
}
