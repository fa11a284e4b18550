//! Fixed word lists (determiners, prepositions, verb classes...) that the claims and events
//! stages ask "is this word in it?" many times per token.
//!
//! Reads: a `&'static [&'static str]` written in the source. Adds: a membership test that costs
//! one table lookup whatever the list's length; a linear scan compared up to a hundred strings
//! per question and was the largest single cost of the events stage. Invariant: `contains` gives
//! exactly the answer of `list.contains(&w)` (tested); the index is built on first use, once,
//! and shared by every thread.

use crate::entities::{ShapeFilter, WordSet};
use std::sync::OnceLock;

/// Lists this short are scanned: comparing a few lengths is cheaper than hashing the word.
const SCAN_AT_MOST: usize = 4;

pub struct WordList {
    words: &'static [&'static str],
    index: OnceLock<Index>,
}

struct Index {
    /// The lexicons' shape filter over the list's words: most words are rejected by it alone,
    /// without hashing.
    shapes: ShapeFilter,
    set: WordSet<&'static str>,
}

impl WordList {
    pub const fn new(words: &'static [&'static str]) -> Self {
        WordList {
            words,
            index: OnceLock::new(),
        }
    }

    /// The words, in the order they were written.
    pub fn words(&self) -> &'static [&'static str] {
        self.words
    }

    #[inline]
    pub fn contains(&self, w: &str) -> bool {
        if self.words.len() <= SCAN_AT_MOST {
            return self.words.contains(&w);
        }
        let index = self.index.get_or_init(|| Index {
            shapes: ShapeFilter::new(self.words.iter().copied()),
            set: self.words.iter().copied().collect(),
        });
        index.shapes.may_contain(w) && index.set.contains(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static SHORT: WordList = WordList::new(&["a", "an", "the"]);
    static LONG: WordList = WordList::new(&[
        "about", "above", "across", "after", "against", "among", "around", "at", "before", "by",
        "for", "from", "in", "into", "of", "on", "over", "to", "under", "with", "", "é", "’s",
    ]);

    #[test]
    fn membership_is_that_of_the_slice() {
        let probes = [
            "", "a", "an", "the", "The", "about", "abou", "aboutt", "at", "as", "é", "e", "’s",
            "'s", "with", "within", "under", "undr", "of", "off", "x",
        ];
        for list in [&SHORT, &LONG] {
            for p in probes {
                assert_eq!(list.contains(p), list.words().contains(&p), "{p:?}");
            }
        }
        assert!(LONG.contains("against"));
        assert!(!LONG.contains("again"));
    }
}
