//! The output contract, checked on the sample and the fixtures:
//! - offsets: every span column slices documents.text (code points) to the row's text column;
//! - ids unique per table; CSV headers equal Parquet fields and row counts agree;
//! - determinism: two runs and 1 vs 2 threads give byte-identical files;
//! - bad input becomes rejects rows while good documents are processed.

mod common;
use common::*;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::collections::{HashMap, HashSet};
use std::fs::File;

fn inputs() -> Vec<std::path::PathBuf> {
    vec![
        repo().join("data/articles"),
        repo().join("tests/fixtures/articles"),
    ]
}

/// (table, start column, end column, text column that must equal the slice)
const SPANS: &[(&str, &str, &str, Option<&str>)] = &[
    ("sentences", "char_start", "char_end", Some("text")),
    ("mentions", "char_start", "char_end", Some("text")),
    ("dates", "char_start", "char_end", Some("text")),
    ("events", "trigger_start", "trigger_end", Some("trigger")),
    (
        "claims",
        "claimant_start",
        "claimant_end",
        Some("claimant_text"),
    ),
    ("claims", "cue_start", "cue_end", Some("cue")),
    ("claims", "content_start", "content_end", Some("content")),
    ("relations", "char_start", "char_end", None),
];

#[test]
fn every_span_slices_the_document_text() {
    let out = temp_dir("offsets");
    run_into(&inputs(), &out, 2);
    let (_, docs) = read_csv(&out.join("documents.csv"));
    let texts: HashMap<String, Vec<char>> = docs
        .iter()
        .map(|d| (d["doc_id"].clone(), d["text"].chars().collect()))
        .collect();
    for d in &docs {
        assert_eq!(
            d["char_count"].parse::<usize>().unwrap(),
            texts[&d["doc_id"]].len()
        );
    }
    let mut checked = 0;
    for (table, s, e, col) in SPANS {
        let (_, rows) = read_csv(&out.join(format!("{table}.csv")));
        for row in rows {
            if row[*s].is_empty() {
                assert!(row[*e].is_empty(), "{table}: {s} null but {e} not");
                continue;
            }
            let (a, b): (usize, usize) = (row[*s].parse().unwrap(), row[*e].parse().unwrap());
            let text = &texts[&row["doc_id"]];
            assert!(
                a <= b && b <= text.len(),
                "{table}: span {a}..{b} outside the text"
            );
            if let Some(col) = col {
                let slice: String = text[a..b].iter().collect();
                assert_eq!(&slice, &row[*col], "{table}.{col} != text[{s}:{e}]");
            }
            checked += 1;
        }
    }
    let (_, claims) = read_csv(&out.join("claims.csv"));
    for c in claims {
        let frags: Vec<[usize; 2]> = serde_json::from_str(&c["content_fragments"]).unwrap();
        let text = &texts[&c["doc_id"]];
        assert!(frags.iter().all(|[a, b]| a <= b && *b <= text.len()));
    }
    assert!(
        checked > 100,
        "only {checked} spans checked: fixtures too small?"
    );
}

#[test]
fn ids_are_unique_and_parquet_matches_csv() {
    let out = temp_dir("ids");
    run_into(&inputs(), &out, 2);
    for def in dossier::tables::TABLES {
        let (headers, rows) = read_csv(&out.join(format!("{}.csv", def.name)));
        let id_col = def.columns[0].name;
        if id_col.ends_with("_id") && def.name != "sentences" && def.name != "documents" {
            let ids: HashSet<&String> = rows.iter().map(|r| &r[id_col]).collect();
            assert_eq!(ids.len(), rows.len(), "{}.{id_col} not unique", def.name);
        }
        if def.name == "sentences" {
            let ids: HashSet<&String> = rows.iter().map(|r| &r["sentence_id"]).collect();
            assert_eq!(ids.len(), rows.len(), "sentence_id not unique");
        }
        if def.name == "documents" {
            let ids: HashSet<&String> = rows.iter().map(|r| &r["doc_id"]).collect();
            assert_eq!(ids.len(), rows.len(), "doc_id not unique");
        }
        let builder = ParquetRecordBatchReaderBuilder::try_new(
            File::open(out.join(format!("{}.parquet", def.name))).unwrap(),
        )
        .unwrap();
        let fields: Vec<String> = builder
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        assert_eq!(
            headers, fields,
            "{}: CSV header != Parquet fields",
            def.name
        );
        let kv = builder
            .metadata()
            .file_metadata()
            .key_value_metadata()
            .cloned()
            .unwrap_or_default();
        assert!(
            kv.iter().any(|k| k.key == "schema_version"),
            "{}: no schema_version metadata",
            def.name
        );
        let n: usize = builder
            .build()
            .unwrap()
            .map(|b| b.unwrap().num_rows())
            .sum();
        assert_eq!(n, rows.len(), "{}: Parquet rows != CSV rows", def.name);
    }
    // Every reference to an entity resolves.
    let (_, ents) = read_csv(&out.join("entities.csv"));
    let ids: HashSet<String> = ents.iter().map(|e| e["entity_id"].clone()).collect();
    let (_, mentions) = read_csv(&out.join("mentions.csv"));
    // Names always resolve; pronoun and nominal mentions resolve when they have an antecedent.
    assert!(mentions
        .iter()
        .filter(|m| !m["entity_id"].is_empty() || m["mention_kind"] == "name")
        .all(|m| ids.contains(&m["entity_id"])));
    assert!(mentions
        .iter()
        .any(|m| m["mention_kind"] == "pronoun" && !m["entity_id"].is_empty()));
    let (_, claims) = read_csv(&out.join("claims.csv"));
    assert!(claims
        .iter()
        .filter(|c| !c["claimant_id"].is_empty())
        .all(|c| ids.contains(&c["claimant_id"])));
}

#[test]
fn output_is_identical_across_runs_and_thread_counts() {
    let a = temp_dir("det-a");
    let b = temp_dir("det-b");
    let c = temp_dir("det-c");
    run_into(&inputs(), &a, 1);
    run_into(&inputs(), &b, 2);
    run_into(&inputs(), &c, 2);
    for def in dossier::tables::TABLES {
        for ext in ["csv", "parquet"] {
            let name = format!("{}.{ext}", def.name);
            let x = std::fs::read(a.join(&name)).unwrap();
            assert_eq!(
                x,
                std::fs::read(b.join(&name)).unwrap(),
                "{name}: 1 vs 2 threads differ"
            );
            assert_eq!(
                x,
                std::fs::read(c.join(&name)).unwrap(),
                "{name}: two runs differ"
            );
        }
    }
    assert_eq!(
        std::fs::read(a.join("_manifest.json")).unwrap(),
        std::fs::read(b.join("_manifest.json")).unwrap()
    );
}

#[test]
fn bad_inputs_become_rejects_and_good_documents_survive() {
    let input = temp_dir("bad-in");
    std::fs::write(input.join("empty.txt"), b"").unwrap();
    std::fs::write(
        input.join("image.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    )
    .unwrap();
    std::fs::write(input.join("latin1.txt"), b"Caf\xe9 society gathered.\n").unwrap();
    std::fs::write(
        input.join("good.txt"),
        "Title of a good one\n\nThe council met in Oslo on Monday. It agreed.\n",
    )
    .unwrap();
    std::fs::write(input.join("notes.pdf"), b"%PDF-1.4").unwrap();
    std::fs::write(
        input.join("feed.jsonl"),
        "{\"id\": \"a\", \"text\": \"First good record.\"}\n{\"id\": \"b\", \"text\": \n{\"id\": \"c\", \"text\": 42}\n{\"id\": \"a\", \"text\": \"Duplicate id.\"}\n{\"id\": \"d\", \"text\": \"Last good record.\"}\n",
    )
    .unwrap();
    let out = temp_dir("bad-out");
    let s = run_into(&[input], &out, 2);
    let (_, docs) = read_csv(&out.join("documents.csv"));
    let ids: Vec<&str> = docs.iter().map(|d| d["doc_id"].as_str()).collect();
    assert_eq!(ids, vec!["a", "d", "good.txt", "latin1.txt"]);
    let (_, rejects) = read_csv(&out.join("rejects.csv"));
    let got: Vec<(String, String, String)> = rejects
        .iter()
        .map(|r| {
            (
                r["input_path"].rsplit('/').next().unwrap().to_string(),
                r["line"].clone(),
                r["stage"].clone(),
            )
        })
        .collect();
    let want = [
        ("empty.txt", "", "decode"),
        ("feed.jsonl", "2", "parse"),
        ("feed.jsonl", "3", "validate"),
        ("feed.jsonl", "4", "duplicate_id"),
        ("image.txt", "", "decode"),
        ("notes.pdf", "", "unsupported"),
    ];
    let mut got_sorted = got.clone();
    got_sorted.sort();
    assert_eq!(
        got_sorted,
        want.iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        s.documents + s.rejects,
        4 + 6,
        "documents + rejects must add up to the inputs"
    );
    let latin = docs.iter().find(|d| d["doc_id"] == "latin1.txt").unwrap();
    assert!(
        latin["text"].starts_with("Caf\u{e9} society"),
        "Windows-1252 decoded: {:?}",
        latin["text"]
    );
}

#[test]
fn a_second_run_while_locked_fails_clearly() {
    let out = temp_dir("locked");
    let lock = File::create(out.join(".lock")).unwrap();
    lock.try_lock().unwrap();
    let err = dossier::run::run(&dossier::run::RunOptions {
        inputs: vec![repo().join("data/articles")],
        output: out.clone(),
        threads: 1,
        config: dossier::config::Config::default(),
        quiet: true,
        cache_dir: None,
        shard: None,
    })
    .err()
    .expect("locked output must fail");
    assert!(
        err.downcast_ref::<dossier::run::RunError>().is_some(),
        "{err:#}"
    );
}

#[test]
fn an_interrupted_commit_is_completed_by_the_next_run() {
    let out = temp_dir("journal");
    run_into(&[repo().join("data/articles")], &out, 1);
    // Simulate a crash after staging + journal, before any rename: stage a copy, write the journal.
    let staging = out.join(".staging");
    std::fs::create_dir_all(&staging).unwrap();
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("_manifest.json")).unwrap()).unwrap();
    for name in manifest["files"].as_object().unwrap().keys() {
        std::fs::rename(out.join(name), staging.join(name)).unwrap();
    }
    std::fs::write(
        out.join("_journal.json"),
        serde_json::to_vec(&serde_json::json!({"staging": ".staging", "manifest": manifest}))
            .unwrap(),
    )
    .unwrap();
    run_into(&[repo().join("data/articles")], &out, 1);
    assert!(!out.join("_journal.json").exists());
    assert!(out.join("documents.csv").exists() && !staging.exists());
}

#[test]
fn readme_tables_section_is_the_generated_data_dictionary() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme
        .find("<!-- schema:start")
        .expect("schema:start marker");
    let body_start = start + readme[start..].find("-->\n").expect("marker end") + 4;
    let end = readme
        .find("<!-- schema:end -->")
        .expect("schema:end marker");
    assert_eq!(
        &readme[body_start..end],
        dossier::tables::schema::markdown(),
        "README's Tables section is stale: replace it with the output of `dossier schema --format markdown`"
    );
}

#[test]
fn the_cache_reprocesses_only_new_documents_and_gives_identical_output() {
    let input = temp_dir("cache-in");
    let cache = temp_dir("cache-store");
    std::fs::copy(
        repo().join("tests/fixtures/articles/opinion_cycling.txt"),
        input.join("a.txt"),
    )
    .unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/articles/harbour_strike.md"),
        input.join("b.md"),
    )
    .unwrap();
    let with_cache = |out: &std::path::Path| {
        dossier::run::run(&dossier::run::RunOptions {
            inputs: vec![input.clone()],
            output: out.to_path_buf(),
            threads: 2,
            config: dossier::config::Config::default(),
            quiet: true,
            cache_dir: Some(cache.clone()),
            shard: None,
        })
        .unwrap()
    };
    let out = temp_dir("cache-out");
    assert_eq!(with_cache(&out).cached, 0);
    std::fs::copy(
        repo().join("tests/fixtures/articles/feeds.jsonl"),
        input.join("c.jsonl"),
    )
    .unwrap();
    let s = with_cache(&out);
    assert_eq!(
        (s.documents, s.cached),
        (4, 2),
        "only the two new JSONL records are processed"
    );
    let scratch = temp_dir("cache-scratch");
    run_into(std::slice::from_ref(&input), &scratch, 1);
    for def in dossier::tables::TABLES {
        for ext in ["csv", "parquet"] {
            let name = format!("{}.{ext}", def.name);
            assert_eq!(
                std::fs::read(out.join(&name)).unwrap(),
                std::fs::read(scratch.join(&name)).unwrap(),
                "{name}: incremental != from scratch"
            );
        }
    }
    // Entries of documents no longer in the input are removed.
    std::fs::remove_file(input.join("b.md")).unwrap();
    let s = with_cache(&out);
    assert_eq!((s.documents, s.cached), (3, 3));
    let entries = walkdir_count(&cache);
    assert_eq!(entries, 3, "cache keeps exactly the current documents");
}

fn walkdir_count(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            if e.path().is_dir() {
                walkdir_count(&e.path())
            } else {
                1
            }
        })
        .sum()
}

/// The hostile inputs of a scraped corpus, each a document or a `rejects` row, never a crash or
/// a silent drop: whitespace-only and gzip files, NUL bytes, CRLF and lone CR, UTF-8 and UTF-16
/// BOMs, a document over `max_document_bytes`, a 50 MB single JSONL line, a record without
/// `text`, and ids with `/`, `..` or a newline (ids are never used as paths).
#[test]
fn hostile_inputs_each_become_a_document_or_a_reject() {
    let input = temp_dir("hostile-in");
    let w = |name: &str, bytes: &[u8]| std::fs::write(input.join(name), bytes).unwrap();
    w("blank.txt", b"  \n\t\n   \n");
    w(
        "archive.txt",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03more bytes",
    );
    w(
        "nul.txt",
        b"Harbour news\n\nThe mayor\0 spoke in Bergen on Monday.\n",
    );
    w(
        "crlf.txt",
        b"Harbour news\r\n\r\nThe mayor spoke in Bergen.\r\nShe left.\r\n",
    );
    w(
        "cr.txt",
        b"Harbour news\r\rThe mayor spoke in Bergen.\rShe left.\r",
    );
    w(
        "bom8.txt",
        b"\xef\xbb\xbfHarbour news\n\nThe mayor spoke in Bergen.\n",
    );
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "Harbour news\n\nThe mayor spoke in Bergen.\n"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        )
        .collect();
    w("utf16.txt", &utf16);
    w("big.txt", "Word and word. ".repeat(80_000).as_bytes()); // 1.2 MB, over the 1 MB limit
    let mut jsonl = String::new();
    jsonl.push_str(
        &serde_json::json!({"id": "line-of-50mb", "text": "x".repeat(50 << 20)}).to_string(),
    );
    jsonl.push('\n');
    jsonl.push_str("{\"id\": \"no-text\", \"title\": \"only a title\"}\n");
    for id in ["a/b", "../../etc/passwd", "two\nlines"] {
        jsonl.push_str(
            &serde_json::json!({"id": id, "text": "The mayor spoke in Bergen."}).to_string(),
        );
        jsonl.push('\n');
    }
    w("feed.jsonl", jsonl.as_bytes());

    let out = temp_dir("hostile-out");
    let cache = temp_dir("hostile-cache");
    let s = dossier::run::run(&dossier::run::RunOptions {
        inputs: vec![input.clone()],
        output: out.clone(),
        threads: 2,
        config: dossier::config::Config {
            max_document_bytes: 1 << 20,
            ..dossier::config::Config::default()
        },
        quiet: true,
        cache_dir: Some(cache.clone()),
        shard: None,
    })
    .expect("run succeeds");
    let (_, docs) = read_csv(&out.join("documents.csv"));
    let mut ids: Vec<&str> = docs.iter().map(|d| d["doc_id"].as_str()).collect();
    ids.sort();
    assert_eq!(
        ids,
        vec![
            "../../etc/passwd",
            "a/b",
            "bom8.txt",
            "cr.txt",
            "crlf.txt",
            "nul.txt",
            "two\nlines",
            "utf16.txt"
        ]
    );
    for d in &docs {
        let t = &d["text"];
        assert!(
            !t.contains('\r') && !t.contains('\0') && !t.starts_with('\u{feff}'),
            "{}: {t:?}",
            d["doc_id"]
        );
    }
    let (_, rejects) = read_csv(&out.join("rejects.csv"));
    let mut got: Vec<(String, String)> = rejects
        .iter()
        .map(|r| {
            (
                format!(
                    "{}:{}",
                    r["input_path"].rsplit('/').next().unwrap(),
                    r["line"]
                ),
                r["stage"].clone(),
            )
        })
        .collect();
    got.sort();
    let want: Vec<(String, String)> = [
        ("archive.txt:", "decode"),
        ("big.txt:", "limit"),
        ("blank.txt:", "decode"),
        ("feed.jsonl:1", "limit"),
        ("feed.jsonl:2", "validate"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want);
    assert_eq!(s.documents + s.rejects, 8 + 5);
    // Nothing outside the cache folder was created from an id.
    assert!(!cache.join("..").join("etc").exists() && !out.join("a").exists());
}

/// The default limits, with the classes the issue names that the 1 MB-limit test above cannot
/// hold: a 100 MB document (rejected by its size before it is read), a million periods and a
/// million quotes (processed: every stage stays linear), HTML nested 100,000 deep or never closed,
/// and lone surrogate escapes in JSONL (replaced with U+FFFD, the record kept).
#[test]
fn huge_and_degenerate_documents_at_the_default_limits() {
    let input = temp_dir("degenerate-in");
    let huge = File::create(input.join("huge.txt")).unwrap();
    huge.set_len(100 << 20).unwrap(); // sparse: no 100 MB written to disk
    drop(huge);
    std::fs::write(input.join("periods.txt"), ".".repeat(1_000_000)).unwrap();
    std::fs::write(input.join("quotes.txt"), "\"".repeat(1_000_000)).unwrap();
    std::fs::write(
        input.join("nested.html"),
        format!(
            "<html><body>{}<p>The mayor spoke in Bergen.</p></body></html>",
            "<div>".repeat(100_000)
        ),
    )
    .unwrap();
    std::fs::write(
        input.join("unclosed.html"),
        "<html><body>".to_string() + &"<p><b><i>word <a href=x>".repeat(20_000),
    )
    .unwrap();
    std::fs::write(
        input.join("python.jsonl"),
        "{\"id\": \"s\", \"text\": \"The mayor \\ud800 spoke in Bergen \\ud83d\\ude00.\"}\n",
    )
    .unwrap();
    let out = temp_dir("degenerate-out");
    let s = run_into(&[input], &out, 2);
    let (_, docs) = read_csv(&out.join("documents.csv"));
    let (_, rejects) = read_csv(&out.join("rejects.csv"));
    assert_eq!(
        s.documents + s.rejects,
        6,
        "every input is a document or a reject"
    );
    assert_eq!(docs.len() + rejects.len(), 6);
    let huge = rejects
        .iter()
        .find(|r| r["input_path"].ends_with("huge.txt"))
        .expect("the 100 MB document is a reject");
    assert_eq!(huge["stage"], "limit");
    assert!(
        huge["reason"].contains("max_document_bytes"),
        "{}",
        huge["reason"]
    );
    for id in ["periods.txt", "quotes.txt", "s"] {
        assert!(
            docs.iter().any(|d| d["doc_id"] == id),
            "{id} must be processed, not rejected: {rejects:?}"
        );
    }
    let s = docs.iter().find(|d| d["doc_id"] == "s").unwrap();
    assert!(
        s["text"].contains("mayor \u{fffd} spoke") && s["text"].contains('\u{1F600}'),
        "{:?}",
        s["text"]
    );
    for page in ["nested.html", "unclosed.html"] {
        let doc = docs.iter().any(|d| d["doc_id"] == page);
        let rejected = rejects.iter().any(|r| r["input_path"].ends_with(page));
        assert!(doc ^ rejected, "{page}: exactly one of document or reject");
    }
}

#[test]
fn manifest_digests_are_the_sha256_of_the_published_files() {
    use sha2::{Digest as _, Sha256};
    let out = temp_dir("digests");
    run_into(&[repo().join("data/articles")], &out, 2);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("_manifest.json")).unwrap()).unwrap();
    let files = manifest["files"].as_object().unwrap();
    assert_eq!(files.len(), 2 * dossier::tables::TABLES.len());
    for (name, digest) in files {
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert!(!bytes.is_empty(), "{name}");
        let actual = format!("{:x}", Sha256::digest(&bytes));
        assert_eq!(digest.as_str(), Some(actual.as_str()), "{name}");
    }
}
