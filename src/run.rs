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
use crate::merge::{self, DocEntities};
use crate::rows::{add_document, DocBatches};
use crate::tables::schema::{ENTITIES, REJECTS, SCHEMA_VERSION, TABLES};
use crate::tables::{Batch, Cell, TableWriter};
use anyhow::{bail, Context as _, Result};
use dossier_core::ingest::{self, Reject};
use dossier_core::{DocResult, Document, InputFormat};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

pub const PIPELINE_VERSION: &str = env!("CARGO_PKG_VERSION");

pub struct RunOptions {
    pub inputs: Vec<PathBuf>,
    pub output: PathBuf,
    pub threads: usize,
    pub config: Config,
    pub quiet: bool,
}

/// A rejects row with its file.
#[derive(Debug, Clone)]
pub struct RejectRow {
    pub input_path: String,
    pub reject: Reject,
}

pub struct Summary {
    pub documents: usize,
    pub rejects: usize,
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
            RunError::Locked(p) => write!(f, "another dossier run is writing {} (lock held)", p.display()),
        }
    }
}
impl std::error::Error for RunError {}

struct InputFile {
    path: PathBuf,
    doc_id_base: String,
}

/// Files under the roots, byte-sorted within each root, roots in the order given.
fn discover(roots: &[PathBuf]) -> Result<Vec<InputFile>> {
    let mut out = Vec::new();
    let several = roots.len() > 1;
    for root in roots {
        let meta = fs::metadata(root).with_context(|| format!("input {} not found", root.display()))?;
        let root_name = root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut files = Vec::new();
        if meta.is_dir() {
            walk(root, &mut files)?;
        } else {
            files.push(root.clone());
        }
        files.sort_by(|a, b| a.as_os_str().as_encoded_bytes().cmp(b.as_os_str().as_encoded_bytes()));
        for path in files {
            let rel = if meta.is_dir() { path.strip_prefix(root).unwrap_or(&path).to_path_buf() } else { PathBuf::from(path.file_name().unwrap_or_default()) };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let doc_id_base = if several { format!("{root_name}/{rel}") } else { rel };
            out.push(InputFile { path, doc_id_base });
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("reading folder {}", dir.display()))? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || matches!(name.as_ref(), "README.md" | "SOURCES.md") {
            continue;
        }
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn format_of(path: &Path) -> Option<InputFormat> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "txt" | "text" => Some(InputFormat::Txt),
        "md" | "markdown" => Some(InputFormat::Md),
        "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
        "html" | "htm" => Some(InputFormat::Html),
        _ => None,
    }
}

/// Reads every input: documents in input order, and rejects. Duplicate ids: the first wins.
pub fn ingest_all(files_or_dirs: &[PathBuf], cfg: &Config) -> Result<(Vec<Document>, Vec<RejectRow>, Vec<(String, String)>)> {
    let files = discover(files_or_dirs)?;
    let opts = cfg.ingest();
    let mut docs = Vec::new();
    let mut rejects = Vec::new();
    let mut hashes = Vec::new();
    let mut seen = HashSet::new();
    for f in files {
        let input_path = f.path.to_string_lossy().into_owned();
        let bytes = fs::read(&f.path).with_context(|| format!("reading {input_path}"))?;
        hashes.push((input_path.clone(), format!("{:x}", Sha256::digest(&bytes))));
        let mut found: Vec<Result<Document, Reject>> = Vec::new();
        let mut lines: Vec<Option<u64>> = Vec::new();
        match format_of(&f.path) {
            None => found.push(Err(Reject::new("unsupported", "unsupported file type (expected .txt, .md, .jsonl, .html)"))),
            Some(InputFormat::Jsonl) => match ingest::decode(&bytes) {
                Err(reason) => found.push(Err(Reject::new("decode", reason))),
                Ok(text) => {
                    for (i, line) in text.split('\n').enumerate() {
                        if line.trim().is_empty() {
                            continue;
                        }
                        found.push(ingest::jsonl::parse_line(line, i as u64 + 1, &input_path, &opts));
                        lines.push(Some(i as u64 + 1));
                    }
                }
            },
            Some(fmt) => match ingest::decode(&bytes) {
                Err(reason) => found.push(Err(Reject::new("decode", reason))),
                Ok(text) if text.len() > opts.max_document_bytes => {
                    found.push(Err(Reject::new("limit", format!("document of {} bytes exceeds max_document_bytes = {}", text.len(), opts.max_document_bytes))))
                }
                Ok(text) => {
                    let art = if fmt == InputFormat::Html { ingest::html::extract(&text) } else { Ok(ingest::text::clean_article(&text)) };
                    let art = match art {
                        Ok(a) => a,
                        Err(reason) => {
                            found.push(Err(Reject::new("parse", reason)));
                            continue;
                        }
                    };
                    if art.text.trim().is_empty() {
                        found.push(Err(Reject::new("validate", "no article text left after cleaning")));
                    } else {
                        found.push(Ok(Document {
                            doc_id: f.doc_id_base.clone(),
                            input_path: input_path.clone(),
                            input_format: fmt,
                            url: None,
                            publisher: art.publisher,
                            title: art.title,
                            author: art.author,
                            published: art.published,
                            published_at: None,
                            section: art.section,
                            language: "en".into(),
                            text: art.text,
                            paragraphs: art.paragraphs,
                        }));
                    }
                }
            },
        }
        lines.resize(found.len(), None);
        for (r, line) in found.into_iter().zip(lines) {
            match r {
                Ok(doc) if !seen.insert(doc.doc_id.clone()) => {
                    let mut rej = Reject::new("duplicate_id", format!("doc_id {:?} already used by an earlier input", doc.doc_id));
                    rej.doc_id = Some(doc.doc_id);
                    rej.line = line;
                    rejects.push(RejectRow { input_path: input_path.clone(), reject: rej });
                }
                Ok(doc) => docs.push(doc),
                Err(reject) => rejects.push(RejectRow { input_path: input_path.clone(), reject }),
            }
        }
    }
    Ok((docs, rejects, hashes))
}

/// Runs `process` on every document in parallel, keeping input order; a panic in one document
/// becomes a reject (stage `panic`) instead of ending the run.
pub fn process_all(docs: Vec<Document>, cfg: &Config, threads: usize, progress: bool) -> Result<(Vec<DocResult>, Vec<RejectRow>)> {
    let ctx = cfg.context();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let total = docs.len();
    let finished = std::sync::atomic::AtomicBool::new(false);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads.max(1)).stack_size(16 * 1024 * 1024).build()?;
    let results: Vec<Result<DocResult, RejectRow>> = std::thread::scope(|scope| {
        if progress {
            scope.spawn(|| progress_bar(&done, total, &finished));
        }
        let r = pool.install(|| {
        docs.into_par_iter()
            .map(|doc| {
                let (id, path) = (doc.doc_id.clone(), doc.input_path.clone());
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dossier_core::pipeline::process(doc, &ctx))).map_err(|e| {
                    let msg = e.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| e.downcast_ref::<String>().cloned()).unwrap_or_default();
                    let mut rej = Reject::new("panic", format!("internal error while processing: {msg}"));
                    rej.doc_id = Some(id);
                    RejectRow { input_path: path, reject: rej }
                })
                .inspect(|_| {
                    done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                })
            })
            .collect()
        });
        finished.store(true, std::sync::atomic::Ordering::Relaxed);
        r
    });
    let mut ok = Vec::with_capacity(results.len());
    let mut rejects = Vec::new();
    for r in results {
        match r {
            Ok(d) => ok.push(d),
            Err(rej) => rejects.push(rej),
        }
    }
    Ok((ok, rejects))
}

/// Documents done / total, rate and ETA on stderr, redrawn in place; silent for short runs.
fn progress_bar(done: &std::sync::atomic::AtomicUsize, total: usize, finished: &std::sync::atomic::AtomicBool) {
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
        let eta = if rate > 0.0 { (total - n) as f64 / rate } else { 0.0 };
        let width = 30;
        let filled = (n * width).checked_div(total).unwrap_or(width);
        eprint!("\r[{}{}] {n}/{total} documents  {rate:.0}/s  ETA {eta:.0}s ", "#".repeat(filled), " ".repeat(width - filled));
        let _ = std::io::stderr().flush();
        drawn = true;
    }
    if drawn {
        eprint!("\r{}\r", " ".repeat(80));
    }
}

pub fn run(opts: &RunOptions) -> Result<Summary> {
    let started = std::time::Instant::now();
    fs::create_dir_all(&opts.output).with_context(|| format!("creating output folder {}", opts.output.display()))?;
    let _lock = lock_output(&opts.output)?;
    recover(&opts.output)?;

    let (docs, mut rejects, input_hashes) = ingest_all(&opts.inputs, &opts.config)?;
    let n_docs_in = docs.len();
    tracing::info!(documents = n_docs_in, rejects = rejects.len(), "ingested");
    use std::io::IsTerminal;
    let progress = !opts.quiet && std::io::stderr().is_terminal();
    let (results, panics) = process_all(docs, &opts.config, opts.threads, progress)?;
    rejects.extend(panics);
    let merged = merge::merge(results.iter().map(|r| DocEntities { published: r.doc.published, entities: &r.entities }));

    let staging = opts.output.join(".staging");
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    fs::create_dir_all(&staging).with_context(|| format!("creating {}", staging.display()))?;
    let metadata = vec![
        ("dossier_version".to_string(), PIPELINE_VERSION.to_string()),
        ("schema_version".to_string(), SCHEMA_VERSION.to_string()),
        ("config_hash".to_string(), opts.config.hash()),
    ];
    let mut writers = BTreeMap::new();
    for def in TABLES {
        writers.insert(def.name, TableWriter::create(&staging, def, &metadata)?);
    }
    // Documents stream to the writers in windows, so batches stay small.
    const WINDOW: usize = 256;
    for window in results.chunks(WINDOW) {
        let mut b = DocBatches::new();
        for r in window {
            add_document(r, &merged.ids, &mut b);
        }
        for batch in [&b.documents, &b.sentences, &b.mentions, &b.relations, &b.events, &b.claims, &b.dates] {
            writers.get_mut(batch.def.name).expect("writer per table").write(batch)?;
        }
    }
    let mut ents = Batch::new(&ENTITIES);
    for e in &merged.entities {
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
    writers.get_mut("entities").expect("entities writer").write(&ents)?;
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
    writers.get_mut("rejects").expect("rejects writer").write(&rej)?;
    let mut rows = BTreeMap::new();
    for (name, w) in writers {
        rows.insert(name, w.finish()?);
    }

    let manifest = serde_json::json!({
        "pipeline_version": PIPELINE_VERSION,
        "schema_version": SCHEMA_VERSION,
        "config_hash": opts.config.hash(),
        "inputs": input_hashes.iter().map(|(p, h)| serde_json::json!({"path": p, "sha256": h})).collect::<Vec<_>>(),
        "rows": rows,
        "files": file_hashes(&staging)?,
    });
    commit(&opts.output, &staging, &manifest)?;
    for r in &rejects {
        tracing::warn!(input = %r.input_path, line = ?r.reject.line, stage = r.reject.stage, "rejected: {}", r.reject.reason);
    }
    Ok(Summary { documents: results.len(), rejects: rejects.len(), rows, seconds: started.elapsed().as_secs_f64() })
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
    let f = fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).with_context(|| format!("creating lock {}", path.display()))?;
    match f.try_lock() {
        Ok(()) => Ok(OutputLock(f)),
        Err(fs::TryLockError::WouldBlock) => Err(RunError::Locked(output.to_path_buf()).into()),
        Err(fs::TryLockError::Error(e)) => Err(e).with_context(|| format!("locking {}", path.display())),
    }
}

const JOURNAL: &str = "_journal.json";
const MANIFEST: &str = "_manifest.json";

/// Publishes the staged tables: journal, renames, manifest, journal removed.
fn commit(output: &Path, staging: &Path, manifest: &serde_json::Value) -> Result<()> {
    let journal = serde_json::json!({ "staging": ".staging", "manifest": manifest });
    write_synced(&output.join(JOURNAL), serde_json::to_string_pretty(&journal)?.as_bytes())?;
    finish_commit(output, staging, manifest)
}

fn finish_commit(output: &Path, staging: &Path, manifest: &serde_json::Value) -> Result<()> {
    let files = manifest["files"].as_object().cloned().unwrap_or_default();
    for name in files.keys() {
        let from = staging.join(name);
        if from.exists() {
            fs::rename(&from, output.join(name)).with_context(|| format!("moving {} into place", name))?;
        }
    }
    let tmp = output.join(".manifest.tmp");
    write_synced(&tmp, (serde_json::to_string_pretty(manifest)? + "\n").as_bytes())?;
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

/// A journal left by an interrupted run: every staged file was complete when it was written, so
/// the commit can always be finished (files already moved are skipped).
fn recover(output: &Path) -> Result<()> {
    let path = output.join(JOURNAL);
    if !path.exists() {
        return Ok(());
    }
    let journal: serde_json::Value = serde_json::from_slice(&fs::read(&path)?).context("reading the journal of an interrupted run")?;
    let Some(manifest) = journal.get("manifest") else { bail!("journal {} has no manifest", path.display()) };
    tracing::warn!("completing the output commit of an interrupted run");
    finish_commit(output, &output.join(".staging"), manifest)
}
