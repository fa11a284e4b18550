//! Sentence splitting of any text: spans sorted, disjoint, inside the text, on char boundaries.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let spans = dossier_core::sentences::split(text);
    dossier_fuzz::check_sorted_disjoint(&spans, "sentence");
    for s in &spans {
        dossier_fuzz::check_span(text, s, "sentence");
    }
});
