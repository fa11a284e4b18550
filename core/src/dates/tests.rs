//! Unit tests: one block per expression class, own sentences (never gold text).
use super::*;
use crate::document::{ParagraphKind, Sentence};

fn ctx(dct: &str) -> DateContext {
    DateContext {
        dct: NaiveDate::parse_from_str(dct, "%Y-%m-%d").ok(),
        month_first: false,
    }
}

fn run(text: &str, c: &DateContext) -> Vec<DateExpr> {
    let sentences: Vec<Sentence> = crate::sentences::split(text)
        .into_iter()
        .map(|span| Sentence {
            span,
            paragraph_id: 0,
            kind: ParagraphKind::Body,
        })
        .collect();
    let out = find_dates(text, &sentences, c);
    for d in &out {
        assert_eq!(d.span.slice(text), &text[d.span.start..d.span.end]);
        assert!(
            d.sentence.is_some(),
            "help: sentence index missing (core/src/dates/grammar.rs finish)"
        );
    }
    out
}

/// (span text, type, value) of every expression.
fn tvs(text: &str, dct: &str) -> Vec<(String, String, String)> {
    run(text, &ctx(dct))
        .into_iter()
        .map(|d| {
            (
                d.span.slice(text).to_string(),
                d.timex_type.to_string(),
                d.value,
            )
        })
        .collect()
}

fn one(text: &str, dct: &str) -> DateExpr {
    let v = run(text, &ctx(dct));
    assert_eq!(
        v.len(),
        1,
        "help: expected one expression in {text:?}, got {v:#?}"
    );
    v.into_iter().next().unwrap()
}

fn check(text: &str, dct: &str, span: &str, value: &str) {
    let d = one(text, dct);
    assert_eq!(
        (d.span.slice(text), d.value.as_str()),
        (span, value),
        "help: fix core/src/dates/grammar.rs for {text:?}"
    );
}

#[test]
fn weekday_with_date() {
    check(
        "The vote is on Saturday, April 25, officials said.",
        "2026-04-20",
        "Saturday, April 25",
        "2026-04-25",
    );
    check(
        "Talks began Monday, Oct. 26 in the capital.",
        "2026-10-28",
        "Monday, Oct. 26",
        "2026-10-26",
    );
}

#[test]
fn absolute_dates_in_news_styles() {
    let dct = "2026-03-01";
    check(
        "The plant opened on 6 February 2026 after delays.",
        dct,
        "6 February 2026",
        "2026-02-06",
    );
    check(
        "The plant opened on Feb. 6, 2026, after delays.",
        dct,
        "Feb. 6, 2026",
        "2026-02-06",
    );
    check(
        "The plant opened on February 6th after delays.",
        dct,
        "February 6th",
        "2026-02-06",
    );
    check(
        "The log shows 2026-02-06 as the opening.",
        dct,
        "2026-02-06",
        "2026-02-06",
    );
    check(
        "The form is dated 06/02/2026 in the file.",
        dct,
        "06/02/2026",
        "2026-02-06",
    );
    let us = DateContext {
        month_first: true,
        ..ctx(dct)
    };
    let v = run("The form is dated 06/02/2026 in the file.", &us);
    assert_eq!(v[0].value, "2026-06-02");
    check(
        "The town fair returns on the 6th of February next time.",
        dct,
        "the 6th of February",
        "2026-02-06",
    );
    let d = one("The plant opened on 6 February 2026 after delays.", dct);
    assert_eq!(d.anchor, "absolute");
    assert_eq!(d.granularity.as_deref(), Some("day"));
    assert_eq!(d.rule, "timex.day_month_year");
}

#[test]
fn months_and_years() {
    let d = one(
        "Prices fell in October 2025 across the region.",
        "2026-02-06",
    );
    assert_eq!(
        (d.value.as_str(), d.date_start, d.date_end),
        (
            "2025-10",
            NaiveDate::from_ymd_opt(2025, 10, 1),
            NaiveDate::from_ymd_opt(2025, 10, 31)
        )
    );
    check(
        "The mill closed in 2024 for good.",
        "2026-02-06",
        "2024",
        "2024",
    );
    let v = tvs("The drought of 2009-2010 emptied the lakes.", "2026-02-06");
    assert_eq!(
        v,
        vec![
            ("2009".into(), "DATE".into(), "2009".into()),
            ("2010".into(), "DATE".into(), "2010".into())
        ]
    );
    // A price or a count is not a year.
    assert!(tvs("The bill came to $2024 and 1999% more.", "2026-02-06").is_empty());
}

#[test]
fn month_alone_takes_year_from_dct_and_tense() {
    check(
        "The factory shut in May for repairs.",
        "2026-02-06",
        "May",
        "2025-05",
    );
    check(
        "The factory will reopen in May after repairs.",
        "2026-02-06",
        "May",
        "2026-05",
    );
    // `may` the verb is not a month.
    assert!(tvs("Officials may decide later.", "2026-02-06")
        .iter()
        .all(|t| t.0 != "may"));
    // An absolute date nearby anchors a bare month: anchor = previous.
    let v = run(
        "The deal was signed on March 3, 2019, and closed in June.",
        &ctx("2026-02-06"),
    );
    assert_eq!(v[1].value, "2019-06");
    assert_eq!(v[1].anchor, "previous");
}

#[test]
fn decades_centuries_quarters_halves_seasons() {
    let dct = "2026-05-10";
    check(
        "Rents doubled in the 1990s in most cities.",
        dct,
        "the 1990s",
        "199",
    );
    check(
        "Rents doubled in the '80s in most cities.",
        dct,
        "the '80s",
        "198",
    );
    check(
        "Such mills belong to the 19th century and are gone.",
        dct,
        "the 19th century",
        "18",
    );
    check(
        "Sales rose in the first quarter on strong demand.",
        dct,
        "the first quarter",
        "2026-Q1",
    );
    check(
        "Sales rose in the second half of 2024 on strong demand.",
        dct,
        "the second half of 2024",
        "2024-H2",
    );
    check(
        "Crowds are expected this summer at the coast.",
        dct,
        "this summer",
        "2026-SU",
    );
    let d = one("Crowds are expected this summer at the coast.", dct);
    assert_eq!(
        (d.date_start, d.date_end),
        (
            NaiveDate::from_ymd_opt(2026, 6, 1),
            NaiveDate::from_ymd_opt(2026, 8, 31)
        )
    );
}

#[test]
fn weeks_and_weekdays_follow_tense() {
    // 2026-02-06 is a Friday.
    let dct = "2026-02-06";
    check(
        "Strikes spread last week to the docks.",
        dct,
        "last week",
        "2026-W05",
    );
    let d = one("Strikes spread last week to the docks.", dct);
    assert_eq!(
        (d.date_start, d.date_end),
        (
            NaiveDate::from_ymd_opt(2026, 1, 26),
            NaiveDate::from_ymd_opt(2026, 2, 1)
        )
    );
    check(
        "The minister resigned on Thursday after the vote.",
        dct,
        "Thursday",
        "2026-02-05",
    );
    check(
        "The minister will resign on Thursday after the vote.",
        dct,
        "Thursday",
        "2026-02-12",
    );
    check(
        "The board said Friday it would sell the unit.",
        dct,
        "Friday",
        "2026-02-06",
    );
    check(
        "The union met last Friday with managers.",
        dct,
        "last Friday",
        "2026-01-30",
    );
}

#[test]
fn relative_expressions() {
    let dct = "2026-02-06";
    check(
        "The ferry sank yesterday near the cape.",
        dct,
        "yesterday",
        "2026-02-05",
    );
    check(
        "Exports fell last year by a fifth.",
        dct,
        "last year",
        "2025",
    );
    check(
        "The ferry sank two weeks ago near the cape.",
        dct,
        "two weeks ago",
        "2026-W04",
    );
    check(
        "Rates rose next month in the plan.",
        dct,
        "next month",
        "2026-03",
    );
    let d = one("The firm cut jobs earlier this month in two plants.", dct);
    assert_eq!(
        (
            d.span
                .slice("The firm cut jobs earlier this month in two plants."),
            d.value.as_str(),
            d.modifier.as_deref()
        ),
        ("earlier this month", "2026-02", Some("START"))
    );
}

#[test]
fn no_dct_gives_placeholders_never_today() {
    let c = DateContext::default();
    let v = run("The ferry sank yesterday, on Thursday, last month.", &c);
    let vals: Vec<&str> = v.iter().map(|d| d.value.as_str()).collect();
    assert_eq!(vals, ["XXXX-XX-XX", "XXXX-WXX-4", "XXXX-XX"]);
    assert!(v
        .iter()
        .all(|d| d.date_start.is_none() && d.anchor == "none"));
}

#[test]
fn vague_references() {
    let dct = "2026-02-06";
    check(
        "The river is now too shallow for barges.",
        dct,
        "now",
        "PRESENT_REF",
    );
    check(
        "The river has recently become too shallow.",
        dct,
        "recently",
        "PAST_REF",
    );
    check(
        "Barges may return in the future if it rains.",
        dct,
        "the future",
        "FUTURE_REF",
    );
    let d = one("The river is now too shallow for barges.", dct);
    assert_eq!((d.date_start, d.anchor.as_ref()), (None, "none"));
}

#[test]
fn durations() {
    let dct = "2026-02-06";
    check(
        "The trial lasted three years in all.",
        dct,
        "three years",
        "P3Y",
    );
    check(
        "The lake has been shrinking for decades without rain.",
        dct,
        "decades",
        "PXDE",
    );
    check(
        "Output fell over the past two months in the north.",
        dct,
        "the past two months",
        "P2M",
    );
    check(
        "It signed a two-year contract with the club.",
        dct,
        "two-year",
        "P2Y",
    );
    let d = one("Repairs took about two years to finish.", dct);
    assert_eq!(
        (
            d.value.as_str(),
            d.modifier.as_deref(),
            d.timex_type.as_ref()
        ),
        ("P2Y", Some("APPROX"), "DURATION")
    );
}

#[test]
fn sets() {
    let dct = "2026-02-06";
    check(
        "The festival is held every year in the old town.",
        dct,
        "every year",
        "P1Y",
    );
    check(
        "The bulletin is printed weekly by volunteers.",
        dct,
        "weekly",
        "P1W",
    );
    check(
        "The market opens each Thursday near the port.",
        dct,
        "each Thursday",
        "XXXX-WXX-4",
    );
    assert_eq!(
        one("The festival is held every year in the old town.", dct).timex_type,
        "SET"
    );
}

#[test]
fn times_of_day() {
    let dct = "2026-02-06";
    check(
        "The polls open at 9 a.m. in the capital.",
        dct,
        "9 a.m.",
        "2026-02-06T09:00",
    );
    // UTC and GMT are the zone `Z`; other zone names are not written into the value
    check(
        "The vote closed at 14:48 UTC in the capital.",
        dct,
        "14:48 UTC",
        "2026-02-06T14:48Z",
    );
    check(
        "The vote closed at 9 a.m. EST in the capital.",
        dct,
        "9 a.m. EST",
        "2026-02-06T09:00",
    );
    check(
        "The polls close at noon across the state.",
        dct,
        "noon",
        "2026-02-06T12:00",
    );
    check(
        "The speech is set for tonight in the hall.",
        dct,
        "tonight",
        "2026-02-06TNI",
    );
    check(
        "The polls close at 7:30 p.m. Thursday in the state.",
        dct,
        "7:30 p.m. Thursday",
        "2026-02-05T19:30",
    );
}

#[test]
fn modifiers_narrow_intervals() {
    let dct = "2026-02-06";
    let d = one("The mine may reopen in early 2025 under new owners.", dct);
    assert_eq!(
        (d.value.as_str(), d.modifier.as_deref()),
        ("2025", Some("START"))
    );
    assert_eq!(
        (d.date_start, d.date_end),
        (
            NaiveDate::from_ymd_opt(2025, 1, 1),
            NaiveDate::from_ymd_opt(2025, 5, 1)
        )
    );
    check(
        "Work stops at the end of the year for the holidays.",
        dct,
        "the end of the year",
        "2026",
    );
    assert_eq!(
        one("Work stops at the end of the year for the holidays.", dct)
            .modifier
            .as_deref(),
        Some("END")
    );
}

#[test]
fn financial_quarters() {
    // The quarter a report talks about, and the same quarter a year earlier.
    let text = "Profit rose in the third quarter. It earned $5 million a year earlier.";
    let v = tvs(text, "2026-10-20");
    assert_eq!(v[0].2, "2026-Q3");
    assert_eq!(
        v[1],
        ("a year earlier".into(), "DATE".into(), "2025-Q3".into())
    );
}

#[test]
fn never_panics_on_odd_input() {
    let c = ctx("2026-02-06");
    for t in [
        "",
        "9",
        "Feb.",
        "the",
        "2026-",
        "31/02/2026",
        "99 a.m.",
        "é 1990s’ Friday’s “May 5”",
        "Feb. 30, 2026",
        "the 0th of May",
        "'",
        "4294967295 years ago",
        "99999999999 days",
    ] {
        let _ = run(t, &c);
        let _ = run(t, &DateContext::default());
    }
    // Byte offsets stay on char boundaries next to multi-byte characters.
    let t = "Le 6 February 2026 — «Friday» and 1990s…";
    for d in run(t, &c) {
        assert!(t.is_char_boundary(d.span.start) && t.is_char_boundary(d.span.end));
    }
}

#[test]
fn results_are_ordered_and_disjoint() {
    let t = "On Monday, Feb. 2, 2026, and again last week, then yesterday at noon, prices rose for three days.";
    let v = run(t, &ctx("2026-02-06"));
    assert!(v.len() >= 4);
    for w in v.windows(2) {
        assert!(w[0].span.end <= w[1].span.start);
    }
}

#[test]
fn fractions_of_units() {
    check(
        "The tunnel took 3 1/2 years to dig.",
        "2026-02-06",
        "3 1/2 years",
        "P3Y6M",
    );
    check(
        "They queued for four and a half hours.",
        "2026-02-06",
        "four and a half hours",
        "PT4H30M",
    );
    check(
        "It rang for a minute and a half before anyone answered.",
        "2026-02-06",
        "a minute and a half",
        "PT1M30S",
    );
    check(
        "The survey lasted a year and a half.",
        "2026-02-06",
        "a year and a half",
        "P1Y6M",
    );
    check(
        "The repairs need one and a half weeks.",
        "2026-02-06",
        "one and a half weeks",
        "P1.5W",
    );
}

#[test]
fn ranges_of_counts_are_one_vague_duration() {
    check(
        "Delivery takes three to five weeks.",
        "2026-02-06",
        "three to five weeks",
        "PXW",
    );
    check(
        "Results are due in the next 6 to 9 months.",
        "2026-02-06",
        "the next 6 to 9 months",
        "PXM",
    );
    check(
        "The storm lasted two or three days.",
        "2026-02-06",
        "two or three days",
        "PXD",
    );
}

#[test]
fn years_in_words() {
    check(
        "The band formed in March nineteen eighty-two.",
        "2026-02-06",
        "March nineteen eighty-two",
        "1982-03",
    );
    check(
        "Prices peaked in the summer of nineteen seventy-four.",
        "2026-02-06",
        "the summer of nineteen seventy-four",
        "1974-SU",
    );
    check(
        "The plan runs to the year two thousand and ten.",
        "2009-02-06",
        "the year two thousand and ten",
        "2010",
    );
    check(
        "A bug was feared for the year 2000 changeover.",
        "1999-02-06",
        "the year 2000",
        "2000",
    );
    // A plain count stays a count.
    assert!(tvs("Two thousand fans came.", "2026-02-06").is_empty());
}

#[test]
fn the_week_of_a_date() {
    check(
        "The trial opens the week of May 11.",
        "2026-02-06",
        "the week of May 11",
        "2026-W20",
    );
}

#[test]
fn holidays_follow_the_calendar() {
    check(
        "Shops reopened after Easter.",
        "2026-06-10",
        "Easter",
        "2026-04-05",
    );
    check(
        "Pilgrims gathered as Easter week began.",
        "2026-04-01",
        "Easter week",
        "2026-W14",
    );
    check(
        "The office shuts on Good Friday.",
        "2026-03-20",
        "Good Friday",
        "2026-04-03",
    );
    check(
        "Polls close on Election Day.",
        "2026-10-01",
        "Election Day",
        "2026-11-03",
    );
    check(
        "The parade is held on Memorial Day.",
        "2026-05-01",
        "Memorial Day",
        "2026-05-25",
    );
    check(
        "Sales jumped before Mother's Day.",
        "2026-06-01",
        "Mother's Day",
        "2026-05-10",
    );
    check(
        "They met on Labor Day 2019.",
        "2026-02-06",
        "Labor Day 2019",
        "2019-09-02",
    );
    // Lower case or no `Day`: ordinary words.
    assert!(tvs("Her mother's day was long.", "2026-02-06").is_empty());
    assert!(tvs("The election was close.", "2026-02-06").is_empty());
}

#[test]
fn anchoring_on_the_story_date() {
    let v = tvs(
        "The strike began on Oct. 3, 2024. The following month, talks resumed.",
        "2026-02-06",
    );
    assert_eq!(
        v[1],
        (
            "The following month".into(),
            "DATE".into(),
            "2024-11".into()
        )
    );
    let v = tvs(
        "Shares closed at 40 on Friday, down from 44 the previous Friday.",
        "2026-02-06",
    );
    assert_eq!(v[1].2, "2026-01-30");
    let v = tvs(
        "The fire started on Oct. 3, 2024. Two days later it was out.",
        "2026-02-06",
    );
    assert_eq!(
        v[1],
        ("Two days later".into(), "DATE".into(), "2024-10-05".into())
    );
}

#[test]
fn month_day_without_year_in_past_tense_sentence() {
    // Far ahead of the dct: last year's; close ahead: a coming deadline.
    check(
        "Revenue fell in the period that ended March 31.",
        "2025-11-01",
        "March 31",
        "2025-03-31",
    );
    check(
        "The company said the offer expires Nov. 20.",
        "2025-11-01",
        "Nov. 20",
        "2025-11-20",
    );
    check(
        "The bid was extended, the firm said, until Dec. 10.",
        "2025-11-01",
        "Dec. 10",
        "2025-12-10",
    );
    check(
        "Profit rose in May, the firm said.",
        "2025-11-01",
        "May",
        "2025-05",
    );
    check(
        "The firm said the sale would close in January.",
        "2025-11-01",
        "January",
        "2026-01",
    );
}

#[test]
fn tense_cues_near_the_expression() {
    // `by`, `effective`, `as soon as` look ahead; `had been scheduled` is a past plan.
    check(
        "The talks should end by May, officials said.",
        "2026-03-20",
        "May",
        "2026-05",
    );
    check(
        "The rules take hold effective June 1, the agency said.",
        "2026-03-20",
        "June 1",
        "2026-06-01",
    );
    check(
        "He could arrive as soon as Tuesday, aides said.",
        "2026-03-18",
        "Tuesday",
        "2026-03-24",
    );
    check(
        "The vote had been scheduled for Friday.",
        "2026-03-18",
        "Friday",
        "2026-03-13",
    );
    check(
        "Reports had been filed by Wednesday.",
        "2026-03-20",
        "Wednesday",
        "2026-03-18",
    );
    // A determiner makes `plan` a noun, not a future cue.
    check(
        "The board approved the plan Aug. 21.",
        "2026-10-27",
        "Aug. 21",
        "2026-08-21",
    );
}

#[test]
fn year_of_earlier_date_stays_in_its_sentence() {
    // A year from an earlier sentence is not borrowed.
    let v = tvs(
        "The treaty was signed in May 2019. The parliament voted on Feb. 10.",
        "2026-03-01",
    );
    assert_eq!(v[1].2, "2026-02-10");
    // Within the sentence it is, unless the tense points ahead.
    let v = tvs(
        "Talks began on May 3, 2019 and ended on June 5.",
        "2026-03-01",
    );
    assert_eq!(v[1].2, "2019-06-05");
    let v = tvs(
        "After the 2019 talks ended in May 2019, it will join on March 12.",
        "2026-03-01",
    );
    assert_eq!(v.last().unwrap().2, "2026-03-12");
}

#[test]
fn iso_weeks_on_a_sunday() {
    // 2026-03-01 is a Sunday in ISO week 9: last week is week 8.
    check(
        "Rebels attacked last week.",
        "2026-03-01",
        "last week",
        "2026-W08",
    );
}
