//! Unit tests: one block per expression class, own sentences (never gold text).
use super::*;
use crate::document::{ParagraphKind, Sentence};

fn ctx(dct: &str) -> DateContext {
    DateContext { dct: NaiveDate::parse_from_str(dct, "%Y-%m-%d").ok(), month_first: false }
}

fn run(text: &str, c: &DateContext) -> Vec<DateExpr> {
    let sentences: Vec<Sentence> = crate::sentences::split(text)
        .into_iter()
        .map(|span| Sentence { span, paragraph_id: 0, kind: ParagraphKind::Body })
        .collect();
    let out = find_dates(text, &sentences, c);
    for d in &out {
        assert_eq!(d.span.slice(text), &text[d.span.start..d.span.end]);
        assert!(d.sentence.is_some(), "help: sentence index missing (core/src/dates/grammar.rs finish)");
    }
    out
}

/// (span text, type, value) of every expression.
fn tvs(text: &str, dct: &str) -> Vec<(String, String, String)> {
    run(text, &ctx(dct)).into_iter().map(|d| (d.span.slice(text).to_string(), d.timex_type.to_string(), d.value)).collect()
}

fn one(text: &str, dct: &str) -> DateExpr {
    let v = run(text, &ctx(dct));
    assert_eq!(v.len(), 1, "help: expected one expression in {text:?}, got {v:#?}");
    v.into_iter().next().unwrap()
}

fn check(text: &str, dct: &str, span: &str, value: &str) {
    let d = one(text, dct);
    assert_eq!((d.span.slice(text), d.value.as_str()), (span, value), "help: fix core/src/dates/grammar.rs for {text:?}");
}

#[test]
fn weekday_with_date() {
    check("The vote is on Saturday, April 25, officials said.", "2026-04-20", "Saturday, April 25", "2026-04-25");
    check("Talks began Monday, Oct. 26 in the capital.", "2026-10-28", "Monday, Oct. 26", "2026-10-26");
}
