//! Temporal expressions (placeholder until the normaliser lands).
use crate::document::{DateExpr, Sentence};
use chrono::NaiveDate;

/// What the normaliser needs besides the text. Nothing here reads the clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateContext {
    /// Publication date (document creation time); `None` gives `X` placeholders for relative values.
    pub dct: Option<NaiveDate>,
    /// `06/02/2026` is 6 February when true (the default: international news), June 2 otherwise.
    pub month_first: bool,
}

/// Finds temporal expressions in `text`, in text order, non-overlapping. `id` is left empty:
/// the pipeline assigns ids. `sentence` is the index into `sentences` (sorted spans).
pub fn find_dates(_text: &str, _sentences: &[Sentence], _ctx: &DateContext) -> Vec<DateExpr> {
    Vec::new()
}
