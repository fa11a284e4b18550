//! Raw bytes of a .txt/.md file: decode, clean as a scraped article, then every stage.
#![no_main]
use dossier_core::{ingest, InputFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = ingest::decode(data) else { return };
    let art = ingest::text::clean_article(&text);
    dossier_fuzz::process_and_check(dossier_fuzz::document(art.text, art.paragraphs, InputFormat::Txt));
});
