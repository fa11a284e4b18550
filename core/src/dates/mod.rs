//! Temporal expressions: TIMEX3 extraction and normalisation (TempEval-3 conventions).
//!
//! Reads: the frozen text, the sentence spans and the publication date ([`DateContext::dct`]).
//! Adds: [`DateExpr`] rows, in text order, non-overlapping, byte offsets.
//!
//! # How it works
//! 1. [`lexicon::tokenize`] cuts the text into words, digit runs and punctuation, and looks every
//!    word up once in `data/lexicons/dates_words.tsv` (months, weekdays, units, number words,
//!    ordinals, seasons, parts of the day, keywords). Words outside the lexicon are skipped.
//! 2. [`grammar::Parser`] tries a left-anchored parse at every token the lexicon knows (and every
//!    digit run): optional approximator (`about`, `nearly`, `more than`...), optional `the`,
//!    optional position word (`early`, `late`, `mid-`, `the end of`), then a core expression. The
//!    first match wins and the scan resumes after it.
//! 3. Values are resolved against the dct (anchor `dct`), an absolute date earlier in the text
//!    (anchor `previous`), or nothing (anchor `none`: `X` placeholders, no interval). Nothing
//!    reads the clock.
//!
//! # Span conventions (TimeML / TempEval-3)
//! `the`, `last`, `this`, `next`, `early`, `about`, `more than` are inside the span; prepositions
//! (`on`, `in`, `since`) are outside: `on [Thursday]`, `in [the third quarter]`,
//! `over [the past two months]`, `[about two years]`.
//!
//! # Values and intervals (`date_start`..`date_end`, inclusive)
//! | value | interval |
//! |---|---|
//! | `2026-02-06` | that day |
//! | `2026-W05` | Monday..Sunday of ISO week 5 |
//! | `2026-W05-WE` | Saturday..Sunday of that week |
//! | `2026-02` | Feb 1..Feb 28 |
//! | `2026-Q1` / `2026-H2` | Jan 1..Mar 31 / Jul 1..Dec 31 |
//! | `2026-SP`, `-SU`, `-FA`, `-WI` | meteorological seasons: Mar 1..May 31, Jun 1..Aug 31, Sep 1..Nov 30, Dec 1..end of Feb of the next year |
//! | `2026` | the year |
//! | `199` (decade) / `19` (century) | 1990-01-01..1999-12-31 / 1900-01-01..1999-12-31 |
//! | `2026-02-06T09:00`, `2026-02-06TMO` (TIME) | that day |
//!
//! A position modifier narrows the interval to a third of it: `START` the first third
//! (`early 2025` = Jan 1..Apr 30), `MID` the middle third, `END` the last third. Approximators
//! (`APPROX`, `LESS_THAN`, `MORE_THAN`, `EQUAL_OR_MORE`, `EQUAL_OR_LESS`) leave it unchanged.
//! `PAST_REF`, `PRESENT_REF`, `FUTURE_REF`, durations (`P3Y`, `PXDE`) and sets (`P1Y`,
//! `XXXX-WXX-4`) have no interval.
//!
//! # Resolution rules
//! - Tense: the word right before the expression can settle it (`by May`, `effective June 1`,
//!   `of record Nov. 6`, `as soon as Tuesday` look ahead; `had ... by` looks back); else the
//!   nearest cue scanning back at most twelve tokens in the sentence: a future cue (`will`,
//!   `scheduled`, `to be -ed`...) unless `had` stands just before it (`had been scheduled to`),
//!   or a past form (`said`, an `-ed` word not after a determiner). Past is the news default.
//! - Weekdays: past tense gives the latest such day on or before the dct (`said Friday` on a
//!   Friday is that Friday); future gives the first on or after it; `last Friday` / `next
//!   Friday` are strictly before / after; `the previous Friday` counts from the story's last day.
//! - A month or month-day without a year takes the year of an absolute date earlier in the same
//!   sentence (anchor `previous`; not when the sentence is future and that year past), else the
//!   dct's year moved by the tense. Past: on or before the dct, except that dates up to 120 days
//!   (months up to two) after it stay ahead, as news announces deadlines in the past tense.
//! - Ordinal quarters and halves without a year take the dct's year, or the year before when the
//!   quarter is later than the dct's and the sentence is in the past tense.
//! - Weeks are ISO weeks: on a Sunday, `last week` is the ISO week before the dct's.
//! - `the following month`, `that day`, `three days later`, `the previous Friday` count from the
//!   last date resolved in the text, whatever its anchor (anchor `previous`); `a year earlier`
//!   only from an explicit one, else from the dct.
//! - Financial news: `the quarter`, `the latest quarter` name the last quarter mentioned (else
//!   the one before the dct's); `a year earlier` / `year-ago` near a quarter mention name the
//!   same quarter a year back.
//! - Holidays: fixed days (`Christmas`, `Veterans Day`), nth weekdays (`Thanksgiving`, `Labor
//!   Day`, US `Election Day`) and Easter-based days (`Good Friday`; `Easter week` is the ISO week
//!   ending on Easter Sunday), in the year the tense points to.
//! - Counts: `2 1/2 years` = `P2Y6M`, `a minute and a half` = `PT1M30S` (a decimal where no exact
//!   smaller unit exists: `P1.5W`); ranges `two to three weeks` are one span with an unknown
//!   count (`PXW`); years in words (`January nineteen ninety-seven`, `the year two thousand`).
use crate::document::{DateExpr, Sentence};
use chrono::NaiveDate;

pub mod calendar;
mod grammar;
pub mod lexicon;

/// What the normaliser needs besides the text. Nothing here reads the clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateContext {
    /// Publication date (document creation time); `None` gives `X` placeholders for relative values.
    pub dct: Option<NaiveDate>,
    /// `06/02/2026` is 6 February when false (the default: international news), June 2 when true.
    pub month_first: bool,
}

/// Finds temporal expressions in `text`, in text order, non-overlapping. `id` is left empty:
/// the pipeline assigns ids. `sentence` is the index into `sentences` (sorted spans).
pub fn find_dates(text: &str, sentences: &[Sentence], ctx: &DateContext) -> Vec<DateExpr> {
    if text.len() >= u32::MAX as usize {
        return Vec::new();
    }
    grammar::Parser::new(text, sentences, ctx).run()
}

#[cfg(test)]
mod tests;
