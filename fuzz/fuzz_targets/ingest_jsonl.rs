//! One JSONL line (any bytes that are UTF-8): parse the record, then every stage.
#![no_main]
use dossier_core::ingest;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(line) = std::str::from_utf8(data) else { return };
    for clean in [false, true] {
        let opts = ingest::IngestOptions { max_document_bytes: 1 << 20, clean_jsonl: clean };
        if let Ok(doc) = ingest::jsonl::parse_line(line, 1, "fuzz.jsonl", &opts) {
            dossier_fuzz::process_and_check(doc);
        }
    }
});
