//! Date recognition and normalisation of any text, with and without a publication date.
#![no_main]
use dossier_core::dates::{find_dates, DateContext};
use dossier_core::{ParagraphKind, Sentence, Span};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let sentences = vec![Sentence {
        span: Span::new(0, text.len()),
        paragraph_id: 0,
        kind: ParagraphKind::Body,
    }];
    for (dct, month_first) in [(chrono::NaiveDate::from_ymd_opt(2025, 6, 2), false), (None, true)] {
        let found = find_dates(text, &sentences, &DateContext { dct, month_first });
        for d in &found {
            dossier_fuzz::check_span(text, &d.span, "date");
            if let (Some(a), Some(b)) = (d.date_start, d.date_end) {
                assert!(a <= b, "date interval {a}..{b} reversed for {:?}", &text[d.span.start..d.span.end]);
            }
        }
    }
});
