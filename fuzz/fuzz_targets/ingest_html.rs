//! Raw bytes of an .html page: decode, extract the article, then every stage.
#![no_main]
use dossier_core::{ingest, InputFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = ingest::decode(data) else { return };
    let Ok(art) = ingest::html::extract(&text) else { return };
    dossier_fuzz::process_and_check(dossier_fuzz::document(art.text, art.paragraphs, InputFormat::Html));
});
