//! `dossier run`: inputs -> documents -> per-document results -> merge -> tables, committed atomically.
//!
//! Reads: input files or folders (recursively, byte-sorted paths), the config. Adds: the nine
//! tables as CSV and Parquet in the output folder and `_manifest.json`.
//! Invariants:
//! - every input becomes documents or `rejects` rows, never nothing (files named README.md or
//!   SOURCES.md and hidden files are documentation, not articles, and are skipped);
//! - output is identical across runs and thread counts: results are collected in input order;
//! - commit protocol: tables are written and fsynced in `output/.staging`, listed with their
//!   sha256 in `output/_journal.json`, renamed into place, then `_manifest.json` is written and
//!   the journal removed; a run that finds a journal completes that commit first. A lock file
//!   stops a second concurrent run.

use crate::config::Config;
use crate::merge;
use crate::rows::{add_document, DocBatches};
pub use crate::source::RejectRow;
use crate::source::{discover, InputStream, Item};
use crate::store::{ResultStore, Store};
use crate::tables::schema::{ENTITIES, REJECTS, SCHEMA_VERSION, TABLES};
use crate::tables::{Batch, Cell, TableWriter};
use anyhow::{bail, Context as _, Result};
use dossier_core::ingest::Reject;
use dossier_core::{DocResult, Document};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

pub const PIPELINE_VERSION: &str = env!("CARGO_PKG_VERSION");

pub struct RunOptions {
    pub inputs: Vec<PathBuf>,
    pub output: PathBuf,
    pub threads: usize,
    pub config: Config,
    pub quiet: bool,
    /// Per-document result cache (`.dossier-cache`); `None` = `--no-cache`.
    pub cache_dir: Option<PathBuf>,
}

pub struct Summary {
    pub documents: usize,
    pub rejects: usize,
    /// Documents whose result came from the cache.
    pub cached: usize,
    pub rows: BTreeMap<&'static str, usize>,
    pub seconds: f64,
}

/// Errors the CLI maps to distinct exit codes.
#[derive(Debug)]
pub enum RunError {
    /// Another run holds the output lock.
    Locked(PathBuf),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Locked(p) => write!(
                f,
                "another dossier run is writing {} (lock held)",
                p.display()
            ),
        }
    }
}
impl std::error::Error for RunError {}

/// Documents done / total, rate and ETA on stderr, redrawn in place; silent for short runs.
/// The total is unknown while inputs stream, so the bar shows documents done, rate and elapsed time.
fn progress_bar(done: &std::sync::atomic::AtomicUsize, finished: &std::sync::atomic::AtomicBool) {
    use std::io::Write;
    use std::sync::atomic::Ordering::Relaxed;
    let start = std::time::Instant::now();
    let mut drawn = false;
    while !finished.load(Relaxed) {
        std::thread::sleep(std::time::Duration::from_millis(100));
        let elapsed = start.elapsed().as_secs_f64();
        if elapsed < 1.0 {
            continue; // runs shorter than a moment print only the summary
        }
        let n = done.load(Relaxed);
        let rate = n as f64 / elapsed;
        let spinner = ['|', '/', '-', '\\'][(elapsed * 10.0) as usize % 4];
        eprint!("\r{spinner} {n} documents  {rate:.0}/s  {elapsed:.0}s elapsed ");
        let _ = std::io::stderr().flush();
        drawn = true;
    }
    if drawn {
        eprint!("\r{}\r", " ".repeat(80));
    }
}

/// Documents processed (or read from the store) together; bounds memory and keeps order.
const WINDOW: usize = 512;

/// Processes one document; a panic becomes a reject (stage `panic`) instead of ending the run.
fn process_one(
    doc: Document,
    ctx: &dossier_core::pipeline::Context,
) -> Result<DocResult, RejectRow> {
    let (id, path, line) = (doc.doc_id.clone(), doc.input_path.clone(), doc.input_line);
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // Test hook: DOSSIER_FAULT_INJECT=panic:<doc_id> makes that document panic, so the
        // panic-to-rejects path is tested on the real binary.
        if std::env::var("DOSSIER_FAULT_INJECT")
            .is_ok_and(|v| v.strip_prefix("panic:") == Some(doc.doc_id.as_str()))
        {
            panic!("fault injected for {}", doc.doc_id);
        }
        dossier_core::pipeline::process(doc, ctx)
    }))
    .map_err(|e| {
        let msg = e
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| e.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let mut rej = Reject::new("panic", format!("internal error while processing: {msg}"));
        rej.doc_id = Some(id);
        rej.line = line;
        RejectRow {
            input_path: path,
            reject: rej,
        }
    })
}

pub fn run(opts: &RunOptions) -> Result<Summary> {
    let started = std::time::Instant::now();
    fs::create_dir_all(&opts.output)
        .with_context(|| format!("creating output folder {}", opts.output.display()))?;
    let _lock = lock_output(&opts.output)?;
    recover(&opts.output)?;
    let staging = opts.output.join(".staging");
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    fs::create_dir_all(&staging).with_context(|| format!("creating {}", staging.display()))?;
    let store = match &opts.cache_dir {
        Some(dir) => ResultStore::Cache(Store::open(&dir.join(format!("v{SCHEMA_VERSION}")))?),
        None => ResultStore::spill(staging.join("spill")),
    };
    let config_hash = opts.config.hash();
    let ctx = opts.config.context();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.max(1))
        .stack_size(16 * 1024 * 1024)
        .build()?;
    use std::io::IsTerminal;
    let progress = !opts.quiet && std::io::stderr().is_terminal();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let finished = std::sync::atomic::AtomicBool::new(false);

    // Pass 1: documents -> results in the store, keeping only keys and entity summaries.
    let mut source = InputStream::new(discover(&opts.inputs)?, &opts.config);
    // Per window: the store keys of its documents (empty strings when spilling).
    let mut windows: Vec<Vec<String>> = Vec::new();
    let mut collector = merge::EntityCollector::default();
    let mut rejects: Vec<RejectRow> = Vec::new();
    let mut cached = 0usize;
    std::thread::scope(|scope| -> Result<()> {
        if progress {
            scope.spawn(|| progress_bar(&done, &finished));
        }
        let result = (|| -> Result<()> {
            loop {
                let mut window = Vec::with_capacity(WINDOW);
                while window.len() < WINDOW {
                    match source.next_item()? {
                        Some(Item::Doc(d)) => window.push(*d),
                        Some(Item::Reject(r)) => rejects.push(r),
                        None => break,
                    }
                }
                if window.is_empty() {
                    return Ok(());
                }
                let out: Vec<Result<(String, bool, DocResult), RejectRow>> = pool.install(|| {
                    window
                        .into_par_iter()
                        .map(|doc| {
                            let (key, hit) = match &store {
                                ResultStore::Cache(c) => {
                                    let key = Store::key(&doc, &config_hash);
                                    let hit = c.get(&key);
                                    (key, hit)
                                }
                                ResultStore::Spill { .. } => (String::new(), None),
                            };
                            let (r, was_hit) = match hit {
                                Some(r) => (r, true),
                                None => (process_one(doc, &ctx)?, false),
                            };
                            done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            Ok((key, was_hit, r))
                        })
                        .collect()
                });
                let mut results = Vec::with_capacity(out.len());
                for o in out {
                    match o {
                        Ok((key, hit, r)) => {
                            cached += hit as usize;
                            collector.add_doc(r.doc.published, &r.entities);
                            results.push((key, r));
                        }
                        Err(r) => rejects.push(r),
                    }
                }
                let keys: Vec<String> = results.iter().map(|(k, _)| k.clone()).collect();
                store.put_window(windows.len(), results)?;
                windows.push(keys);
            }
        })();
        finished.store(true, std::sync::atomic::Ordering::Relaxed);
        result
    })?;
    let n_docs: usize = windows.iter().map(Vec::len).sum();
    tracing::info!(
        documents = n_docs,
        cached,
        rejects = rejects.len(),
        seconds = started.elapsed().as_secs_f64(),
        "processed"
    );

    // The corpus-level merge works on the compact summaries only.
    let merged = collector.finish();

    let metadata = vec![
        ("dossier_version".to_string(), PIPELINE_VERSION.to_string()),
        ("schema_version".to_string(), SCHEMA_VERSION.to_string()),
        ("config_hash".to_string(), config_hash.clone()),
    ];
    let mut writers = BTreeMap::new();
    for def in TABLES {
        writers.insert(def.name, TableWriter::create(&staging, def, &metadata)?);
    }
    // Pass 2: results stream from the store into rows (in parallel, order kept) and the writers.
    for (index, keys) in windows.iter().enumerate() {
        let results = store.get_window(index, keys)?;
        // Rows and their encoding (CSV bytes, Arrow arrays) are built in the workers, one window
        // at a time; the writers only append, in input order.
        let encoded: Vec<Result<crate::tables::Encoded>> = pool.install(|| {
            let mut window_rows = DocBatches::new();
            let per_doc: Vec<DocBatches> = results
                .par_iter()
                .map(|r| {
                    let mut b = DocBatches::new();
                    add_document(r, &merged, &mut b);
                    b
                })
                .collect();
            for b in per_doc {
                for (all, one) in [
                    (&mut window_rows.documents, b.documents),
                    (&mut window_rows.sentences, b.sentences),
                    (&mut window_rows.mentions, b.mentions),
                    (&mut window_rows.relations, b.relations),
                    (&mut window_rows.events, b.events),
                    (&mut window_rows.claims, b.claims),
                    (&mut window_rows.dates, b.dates),
                ] {
                    all.rows.extend(one.rows);
                }
            }
            window_rows
                .into_vec()
                .par_iter()
                .map(crate::tables::encode)
                .collect()
        });
        for e in encoded {
            let e = e?;
            writers
                .get_mut(e.table_name())
                .expect("writer per table")
                .write_encoded(e)?;
        }
    }
    tracing::info!(seconds = started.elapsed().as_secs_f64(), "rows written");
    // Entities go out in chunks, so the table never sits in memory twice (rows + encoding).
    for chunk in merged.entities.chunks(8192) {
        let mut ents = Batch::new(&ENTITIES);
        for e in chunk {
            ents.push(vec![
                e.entity_id.as_str().into(),
                e.key.name.as_str().into(),
                e.key.entity_type.as_str().into(),
                Cell::TextList(e.aliases.iter().cloned().collect()),
                e.kb_id.clone().into(),
                e.country_code.clone().into(),
                e.mention_count.into(),
                e.document_count.into(),
                e.first_published.into(),
            ]);
        }
        writers
            .get_mut("entities")
            .expect("entities writer")
            .write(&ents)?;
    }
    let mut rej = Batch::new(&REJECTS);
    for r in &rejects {
        rej.push(vec![
            r.input_path.as_str().into(),
            r.reject.line.map(|l| l as i64).into(),
            r.reject.doc_id.clone().into(),
            r.reject.stage.into(),
            r.reject.reason.as_str().into(),
        ]);
    }
    writers
        .get_mut("rejects")
        .expect("rejects writer")
        .write(&rej)?;
    let mut rows = BTreeMap::new();
    for (name, w) in writers {
        rows.insert(name, w.finish()?);
    }
    match &store {
        ResultStore::Cache(c) => {
            let removed = c.prune()?;
            tracing::info!(removed, "pruned cache entries");
        }
        ResultStore::Spill { dir, .. } => {
            let _ = fs::remove_dir_all(dir);
        }
    }

    let manifest = serde_json::json!({
        "pipeline_version": PIPELINE_VERSION,
        "schema_version": SCHEMA_VERSION,
        "config_hash": config_hash,
        "inputs": source.input_hashes.iter().map(|(p, h)| serde_json::json!({"path": p, "sha256": h})).collect::<Vec<_>>(),
        "rows": rows,
        "files": file_hashes(&staging)?,
    });
    commit(&opts.output, &staging, &manifest)?;
    for r in &rejects {
        tracing::warn!(input = %r.input_path, line = ?r.reject.line, stage = r.reject.stage, "rejected: {}", r.reject.reason);
    }
    Ok(Summary {
        documents: n_docs,
        rejects: rejects.len(),
        cached,
        rows,
        seconds: started.elapsed().as_secs_f64(),
    })
}

fn file_hashes(dir: &Path) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for def in TABLES {
        for ext in ["csv", "parquet"] {
            let name = format!("{}.{ext}", def.name);
            let bytes = fs::read(dir.join(&name))?;
            out.insert(name, format!("{:x}", Sha256::digest(&bytes)));
        }
    }
    Ok(out)
}

struct OutputLock(#[allow(dead_code)] fs::File);

fn lock_output(output: &Path) -> Result<OutputLock> {
    let path = output.join(".lock");
    let f = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("creating lock {}", path.display()))?;
    match f.try_lock() {
        Ok(()) => Ok(OutputLock(f)),
        Err(fs::TryLockError::WouldBlock) => Err(RunError::Locked(output.to_path_buf()).into()),
        Err(fs::TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("locking {}", path.display()))
        }
    }
}

const JOURNAL: &str = "_journal.json";
const MANIFEST: &str = "_manifest.json";

/// Publishes the staged tables: journal, renames, manifest, journal removed.
fn commit(output: &Path, staging: &Path, manifest: &serde_json::Value) -> Result<()> {
    let journal = serde_json::json!({ "staging": ".staging", "manifest": manifest });
    write_synced(
        &output.join(JOURNAL),
        serde_json::to_string_pretty(&journal)?.as_bytes(),
    )?;
    finish_commit(output, staging, manifest)
}

fn finish_commit(output: &Path, staging: &Path, manifest: &serde_json::Value) -> Result<()> {
    let files = manifest["files"].as_object().cloned().unwrap_or_default();
    for name in files.keys() {
        let from = staging.join(name);
        if from.exists() {
            fs::rename(&from, output.join(name))
                .with_context(|| format!("moving {} into place", name))?;
        }
    }
    let tmp = output.join(".manifest.tmp");
    write_synced(
        &tmp,
        (serde_json::to_string_pretty(manifest)? + "\n").as_bytes(),
    )?;
    fs::rename(&tmp, output.join(MANIFEST))?;
    fs::remove_file(output.join(JOURNAL))?;
    let _ = fs::remove_dir_all(staging);
    if let Ok(dir) = fs::File::open(output) {
        let _ = dir.sync_all();
    }
    Ok(())
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut f = fs::File::create(path).with_context(|| format!("writing {}", path.display()))?;
    f.write_all(bytes)?;
    f.sync_all()?;
    Ok(())
}

/// `dossier recover`: finishes an interrupted output commit, if any, under the lock.
pub fn recover_only(output: &Path) -> Result<bool> {
    if !output.join(JOURNAL).exists() {
        return Ok(false);
    }
    let _lock = lock_output(output)?;
    recover(output)?;
    Ok(true)
}

/// A journal left by an interrupted run: every staged file was complete when it was written, so
/// the commit can always be finished (files already moved are skipped).
fn recover(output: &Path) -> Result<()> {
    let path = output.join(JOURNAL);
    if !path.exists() {
        return Ok(());
    }
    let journal: serde_json::Value = serde_json::from_slice(&fs::read(&path)?)
        .context("reading the journal of an interrupted run")?;
    let Some(manifest) = journal.get("manifest") else {
        bail!("journal {} has no manifest", path.display())
    };
    tracing::warn!("completing the output commit of an interrupted run");
    finish_commit(output, &output.join(".staging"), manifest)
}
