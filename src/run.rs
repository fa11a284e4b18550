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
use crate::rows::DocBatches;
pub use crate::source::RejectRow;
use crate::source::{discover, InputStream, Item};
use crate::store::{Spill, Store};
use crate::tables::schema::{ENTITIES, REJECTS, SCHEMA_VERSION, TABLES};
use crate::tables::{push_row, Batch, Closed, Finished, TableWriter, TextList};
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
    /// `--shard i/n`: process only this shard and write its parts.
    pub shard: Option<Shard>,
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
const WINDOW: usize = 256;

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

/// A slice of the corpus: the documents whose stable id hash mod `count` is `index`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// `i/n` with `i < n`.
    pub fn parse(s: &str) -> Result<Shard> {
        let (i, n) = s
            .split_once('/')
            .with_context(|| format!("--shard {s:?}: expected i/n, e.g. 0/4"))?;
        let index: u32 = i.trim().parse().with_context(|| format!("--shard {s:?}"))?;
        let count: u32 = n.trim().parse().with_context(|| format!("--shard {s:?}"))?;
        if count == 0 || index >= count {
            bail!("--shard {s:?}: needs 0 <= i < n");
        }
        Ok(Shard { index, count })
    }

    fn owns(&self, key: &str) -> bool {
        stable_hash(key) % u64::from(self.count) == u64::from(self.index)
    }
}

/// The shard key hash: the first 8 bytes of SHA-256, big-endian. Fixed forever (never
/// `DefaultHasher`, whose seed and algorithm may change), so any tool can recompute it.
pub fn stable_hash(key: &str) -> u64 {
    let d = Sha256::digest(key.as_bytes());
    let mut b = [0u8; 8];
    b.copy_from_slice(&d[..8]);
    u64::from_be_bytes(b)
}

/// Where a commit stages, journals and publishes its files: the flat tables of a whole run, or
/// the parts of one shard (several shards may commit into one folder at once).
pub(crate) struct Layout {
    pub output: PathBuf,
    pub part: Option<u32>,
}

impl Layout {
    fn suffix(&self) -> String {
        self.part.map(|i| format!(".part-{i}")).unwrap_or_default()
    }
    fn staging_name(&self) -> String {
        format!(
            ".staging{}",
            self.part.map(|i| format!("-part-{i}")).unwrap_or_default()
        )
    }
    fn staging(&self) -> PathBuf {
        self.output.join(self.staging_name())
    }
    fn journal(&self) -> PathBuf {
        self.output.join(format!("_journal{}.json", self.suffix()))
    }
    fn manifest(&self) -> PathBuf {
        self.output.join(format!("_manifest{}.json", self.suffix()))
    }
    fn lock(&self) -> PathBuf {
        self.output.join(format!(".lock{}", self.suffix()))
    }
    /// A table's file, relative to the output folder.
    fn table_file(&self, table: &str, ext: &str) -> String {
        match self.part {
            None => format!("{table}.{ext}"),
            Some(i) => format!("{table}/part-{i}.{ext}"),
        }
    }
    /// Every file the commit publishes, relative to the output folder.
    fn files(&self) -> Vec<String> {
        let mut out = Vec::new();
        for def in TABLES {
            for ext in ["csv", "parquet"] {
                out.push(self.table_file(def.name, ext));
            }
        }
        if let Some(i) = self.part {
            out.push(crate::shards::docs_file(i));
            out.push(crate::shards::rejects_file(i));
        }
        out
    }
}

/// Pass 1's product: every window's rows in the spill, and what the tables need besides them
/// (the entity summaries, the rejects).
pub(crate) struct Collected {
    /// Every window's rows, entities named by their own keys.
    pub spill: Spill,
    /// Writers of the tables written during pass 1 (`rows::final_in_pass_1`), by table name;
    /// their windows are not in the spill.
    pub written: BTreeMap<&'static str, TableWriter>,
    /// Windows in the spill.
    pub windows: usize,
    /// The per-document result cache, pruned after the commit (`None`: `--no-cache`, merges).
    pub cache: Option<Store>,
    /// Documents absorbed (accepted ones, over all windows).
    pub documents: usize,
    pub collector: merge::EntityCollector,
    /// Rejects with their input ordinal (rows are sorted by it, so shards merge in input order).
    pub rejects: Vec<(u64, RejectRow)>,
    pub cached: usize,
}

pub fn run(opts: &RunOptions) -> Result<Summary> {
    let started = std::time::Instant::now();
    fs::create_dir_all(&opts.output)
        .with_context(|| format!("creating output folder {}", opts.output.display()))?;
    let layout = Layout {
        output: opts.output.clone(),
        part: opts.shard.map(|s| s.index),
    };
    let _lock = lock_and_recover(&layout)?;
    let staging = fresh_staging(&layout)?;
    let cache = match &opts.cache_dir {
        Some(dir) => Some(Store::open(&dir.join(format!("v{SCHEMA_VERSION}")))?),
        None => None,
    };
    let config_hash = opts.config.hash();
    let ctx = opts.config.context();
    let pool = build_pool(opts.threads)?;
    use std::io::IsTerminal;
    let progress = !opts.quiet && std::io::stderr().is_terminal();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let finished = std::sync::atomic::AtomicBool::new(false);

    // Pass 1: documents -> results in the store, keeping only keys and entity summaries.
    let mut reader = WindowReader {
        source: InputStream::new(discover(&opts.inputs)?, &opts.config),
        shard: opts.shard,
        ordinal: 0,
        doc_index: 0,
        lookahead: None,
        rejects: Vec::new(),
    };
    let mut part_writer = match opts.shard {
        Some(s) => Some(crate::shards::PartWriter::create(&staging, s.index)?),
        None => None,
    };
    let sizes = crate::rows::WindowSizes::default();
    // Tables whose rows pass 1 builds final are written as their windows come, not spilled.
    let mut written = BTreeMap::new();
    for def in crate::rows::DOC_TABLES
        .into_iter()
        .filter(|d| crate::rows::final_in_pass_1(d))
    {
        written.insert(
            def.name,
            table_writer(&layout, &staging, def, &config_hash)?,
        );
    }
    let mut c = Collected {
        spill: Spill::new(staging.join("spill")),
        written,
        windows: 0,
        cache,
        documents: 0,
        collector: merge::EntityCollector::new(Some(staging.join("merge"))),
        rejects: Vec::new(),
        cached: 0,
    };
    std::thread::scope(|scope| -> Result<()> {
        if progress {
            scope.spawn(|| progress_bar(&done, &finished));
        }
        let result = (|| -> Result<()> {
            // A window's documents are processed and turned into rows by the workers.
            let process = |window: Window| -> (Vec<Processed>, DocBatches) {
                let cache = c.cache.as_ref();
                let out: Vec<Processed> = window
                    .into_par_iter()
                    .map(|(o, doc)| {
                        let (key, hit) = match cache {
                            Some(cache) => {
                                let key = Store::key(&doc, &config_hash);
                                let hit = cache.get(&key);
                                (key, hit)
                            }
                            None => (String::new(), None),
                        };
                        let (r, was_hit) = match hit {
                            Some(r) => (r, true),
                            None => (process_one(doc, &ctx).map_err(|r| (o, r))?, false),
                        };
                        done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        Ok((o, key, was_hit, r))
                    })
                    .collect();
                let accepted: Vec<&DocResult> = out
                    .iter()
                    .filter_map(|p| p.as_ref().ok().map(|p| &p.3))
                    .collect();
                let batches = DocBatches::build(&accepted, &sizes);
                (out, batches)
            };
            // Window w's results are merged and stored (serial work) and window w+2 is read
            // while the workers process window w+1; windows are absorbed in input order.
            let mut absorb = |window_index: usize,
                              (out, mut batches): (Vec<Processed>, DocBatches)|
             -> Result<()> {
                let mut results = Vec::with_capacity(out.len());
                let mut ordinals = Vec::with_capacity(out.len());
                let mut misses = Vec::new();
                for o in out {
                    match o {
                        Ok((o, key, hit, r)) => {
                            c.cached += hit as usize;
                            c.collector.add_doc(r.doc.published, &r.entities)?;
                            ordinals.push(o);
                            if !hit {
                                misses.push(results.len());
                            }
                            results.push((key, r));
                        }
                        Err(r) => c.rejects.push(r),
                    }
                }
                if let Some(w) = &mut part_writer {
                    w.write_window(window_index, &ordinals, &results)?;
                }
                if let Some(cache) = &c.cache {
                    misses.par_iter().try_for_each(|&i| {
                        let (key, r) = &results[i];
                        cache.put(key, r)
                    })?;
                }
                c.documents += results.len();
                // The tables with a pass-1 writer are written now; the spill takes the rest.
                let jobs: Vec<_> = c
                    .written
                    .iter_mut()
                    .filter_map(|(name, w)| batches.take(name).map(|b| (w, b)))
                    .collect();
                jobs.into_par_iter().try_for_each(|(w, b)| w.write(b))?;
                c.spill.put_window(c.windows, batches)?;
                c.windows += 1;
                Ok(())
            };
            let mut next = reader.next_window()?;
            let mut pending: Option<(usize, (Vec<Processed>, DocBatches))> = None;
            while next.is_some() || pending.is_some() {
                let current = next.take();
                let more = current.is_some();
                let (processed, (following, absorbed)) = pool.install(|| {
                    rayon::join(
                        || current.map(|(i, window)| (i, process(window))),
                        || {
                            let following = if more { reader.next_window() } else { Ok(None) };
                            let absorbed = pending.take().map_or(Ok(()), |(i, out)| absorb(i, out));
                            (following, absorbed)
                        },
                    )
                });
                absorbed?;
                next = following?;
                pending = processed;
            }
            Ok(())
        })();
        finished.store(true, std::sync::atomic::Ordering::Relaxed);
        result
    })?;
    c.rejects.append(&mut reader.rejects);
    c.rejects.sort_by_key(|(o, _)| *o);
    if let Some(w) = part_writer {
        w.finish(&c.rejects)?;
    }
    let n_docs = c.documents;
    let (n_rejects, cached) = (c.rejects.len(), c.cached);
    tracing::info!(
        documents = n_docs,
        cached,
        rejects = n_rejects,
        seconds = started.elapsed().as_secs_f64(),
        "processed"
    );
    let inputs: Vec<serde_json::Value> = reader
        .source
        .input_hashes
        .iter()
        .map(|(p, h)| serde_json::json!({"path": p, "sha256": h}))
        .collect();
    let mut head = serde_json::Map::new();
    if let Some(s) = opts.shard {
        head.insert("shard".into(), s.index.into());
        head.insert("shards".into(), s.count.into());
    }
    let rows = write_and_commit(&layout, &pool, c, &config_hash, inputs, head)?;
    Ok(Summary {
        documents: n_docs,
        rejects: n_rejects,
        cached,
        rows,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Takes the output lock and completes any interrupted commit before anything else.
pub(crate) fn lock_and_recover(layout: &Layout) -> Result<OutputLock> {
    let lock = lock_output(layout)?;
    recover(layout)?;
    Ok(lock)
}

/// An empty staging folder (a crashed run's leftovers are discarded: never published).
pub(crate) fn fresh_staging(layout: &Layout) -> Result<PathBuf> {
    let staging = layout.staging();
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    fs::create_dir_all(&staging).with_context(|| format!("creating {}", staging.display()))?;
    Ok(staging)
}

/// Documents of one window with their input ordinals.
type Window = Vec<(u64, Document)>;
/// A processed document: (ordinal, cache key, cache hit, result), or its reject.
type Processed = Result<(u64, String, bool, DocResult), (u64, RejectRow)>;

/// Reads the input a window at a time. Windows are fixed by the document count (WINDOW
/// documents of the whole input, owned or not), so a shard's windows are slices of the single
/// run's and a merge rebuilds them exactly.
struct WindowReader {
    source: InputStream,
    shard: Option<Shard>,
    /// Input position of the next item (documents and rejects).
    ordinal: u64,
    /// Documents read so far (owned or not).
    doc_index: usize,
    /// The first document of the next window, read to find the end of this one.
    lookahead: Option<(usize, u64, Document)>,
    /// Rejects from reading, with their ordinals.
    rejects: Vec<(u64, RejectRow)>,
}

impl WindowReader {
    fn owns_doc(&self, d: &Document) -> bool {
        self.shard.is_none_or(|s| s.owns(&d.doc_id))
    }

    /// The next window holding documents of this run: (window index, documents with ordinals).
    fn next_window(&mut self) -> Result<Option<(usize, Window)>> {
        loop {
            let mut window = Vec::new();
            let mut current = None;
            if let Some((w, o, d)) = self.lookahead.take() {
                current = Some(w);
                if self.owns_doc(&d) {
                    window.push((o, d));
                }
            }
            let mut exhausted = false;
            loop {
                let Some(item) = self.source.next_item()? else {
                    exhausted = true;
                    break;
                };
                let o = self.ordinal;
                self.ordinal += 1;
                match item {
                    Item::Reject(r) => {
                        if self.shard.is_none_or(|s| s.owns(&reject_key(&r))) {
                            self.rejects.push((o, r));
                        }
                    }
                    Item::Doc(d) => {
                        let w = self.doc_index / WINDOW;
                        self.doc_index += 1;
                        match current {
                            Some(c) if c != w => {
                                self.lookahead = Some((w, o, *d));
                                break;
                            }
                            _ => current = Some(w),
                        }
                        if self.owns_doc(&d) {
                            window.push((o, *d));
                        }
                    }
                }
            }
            match current {
                None => return Ok(None),
                Some(c) if !window.is_empty() => return Ok(Some((c, window))),
                Some(_) if exhausted => return Ok(None),
                Some(_) => continue,
            }
        }
    }
}

/// The shard key of a reject: its doc id when it has one (duplicates land with the original),
/// else its place in the input.
fn reject_key(r: &RejectRow) -> String {
    match &r.reject.doc_id {
        Some(id) => id.clone(),
        None => format!("{}:{}", r.input_path, r.reject.line.unwrap_or(0)),
    }
}

pub(crate) fn build_pool(threads: usize) -> Result<rayon::ThreadPool> {
    Ok(rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .stack_size(16 * 1024 * 1024)
        .build()?)
}

/// Pass 2 and the commit: results stream from the store into rows (in parallel, order kept),
/// the entity merge's table, the rejects, then the atomic publish. Shared by `run` and `merge`.
pub(crate) fn write_and_commit(
    layout: &Layout,
    pool: &rayon::ThreadPool,
    c: Collected,
    config_hash: &str,
    inputs: Vec<serde_json::Value>,
    head: serde_json::Map<String, serde_json::Value>,
) -> Result<BTreeMap<&'static str, usize>> {
    let staging = layout.staging();
    let Collected {
        spill,
        written,
        windows,
        cache,
        collector,
        mut rejects,
        ..
    } = c;
    let mut writers: BTreeMap<&str, TableWriter> = BTreeMap::new();
    for def in TABLES {
        if !written.contains_key(def.name) {
            writers.insert(def.name, table_writer(layout, &staging, def, config_hash)?);
        }
    }
    // The corpus-level merge works on the compact summaries only. Pass 2 waits for its serial
    // part, the PERSON keys' fold (only they rename rows); beside it, the tables written in
    // pass 1, complete now, close on the other workers. The other keys merge beside pass 2.
    let (folded, early) = pool.install(|| {
        rayon::join(
            || {
                let merging = std::time::Instant::now();
                let folded = collector.fold();
                tracing::info!(seconds = merging.elapsed().as_secs_f64(), "folded persons");
                folded
            },
            || close_all(written),
        )
    });
    let (folded, early) = (folded?, early?);
    let renamed = folded.renamed_ids();
    let mut corpus_table = |name| writers.remove(name).context("a corpus table's writer");
    let (mut entities_writer, mut rejects_writer) =
        (corpus_table(ENTITIES.name)?, corpus_table(REJECTS.name)?);
    let encoders: BTreeMap<&str, _> = writers.iter().map(|(n, w)| (*n, w.encoder())).collect();
    // Window w is read back, its folded entities renamed and its tables encoded by the workers
    // while the writers append window w-1, so the serial part (file writes) overlaps the
    // parallel part.
    let build = |index: usize| -> Result<Vec<crate::tables::Encoded>> {
        let mut batches = spill.get_window(index)?;
        batches.refold(&renamed);
        batches
            .into_vec()
            .into_par_iter()
            // (the tables written in pass 1 come back empty)
            .filter(|b| !b.is_empty())
            .map(|b| {
                let groups = encoders
                    .get(b.def.name)
                    .with_context(|| format!("rows of {} after pass 1 wrote it", b.def.name))?;
                if index + 1 == windows {
                    crate::tables::encode_last(b, groups)
                } else {
                    crate::tables::encode(b, groups)
                }
            })
            .collect()
    };
    let write = |writers: &mut BTreeMap<&str, TableWriter>,
                 encoded: Vec<crate::tables::Encoded>|
     -> Result<()> {
        // Each table's files are appended by one worker: copying into the page cache is the
        // costly part of a write, and the tables' copies run side by side.
        let mut by_table: BTreeMap<&str, crate::tables::Encoded> =
            encoded.into_iter().map(|e| (e.table_name(), e)).collect();
        let jobs: Vec<_> = writers
            .iter_mut()
            .filter_map(|(name, w)| by_table.remove(name).map(|e| (w, e)))
            .collect();
        jobs.into_par_iter()
            .try_for_each(|(w, e)| w.write_encoded(e))
    };
    let pass_2 = |writers: &mut BTreeMap<&str, TableWriter>| -> Result<()> {
        let mut pending: Option<Vec<crate::tables::Encoded>> = None;
        for index in 0..windows {
            let previous = pending.take();
            let (encoded, written) = rayon::join(
                || build(index),
                || previous.map_or(Ok(()), |p| write(writers, p)),
            );
            written?;
            pending = Some(encoded?);
        }
        if let Some(p) = pending {
            write(writers, p)?;
        }
        Ok(())
    };
    // Input order (stable: a panic reject and its document share an ordinal with no other row).
    rejects.sort_by_key(|(o, _)| *o);
    let rejects = &rejects;
    let finished = std::thread::scope(|scope| -> Result<BTreeMap<&str, Finished>> {
        // A table's files are flushed and fsynced on a thread of their own as soon as the table
        // is complete, whatever the worker count: the waits on the disk overlap each other and
        // the work left.
        let sync = |name: &'static str, table: Closed| {
            scope.spawn(move || -> Result<(&'static str, Finished)> { Ok((name, table.sync()?)) })
        };
        let mut syncs: Vec<_> = early.into_iter().map(|(name, c)| sync(name, c)).collect();
        // What does not wait for pass 2 runs beside it, on whichever worker pass 2 leaves idle:
        // the entities and rejects tables.
        let beside = || -> Result<Vec<_>> {
            let mut syncs = Vec::new();
            let merging = std::time::Instant::now();
            let merged = folded.finish()?;
            tracing::info!(seconds = merging.elapsed().as_secs_f64(), "merged entities");
            // In chunks, so the table never sits in memory twice (rows + encoding).
            for chunk in merged.entity_chunks(8192)? {
                let chunk = chunk?;
                let mut ents = Batch::new(&ENTITIES);
                for e in &chunk {
                    // typed values straight into the columns: a row of owned cells cost ~10
                    // allocations, for every entity of the corpus
                    push_row!(ents;
                        &e.entity_id,
                        &*e.key.name,
                        e.key.entity_type.as_str(),
                        TextList(&e.aliases),
                        &e.kb_id,
                        &e.country_code,
                        e.mention_count,
                        e.document_count,
                        e.first_published,
                    );
                }
                entities_writer.write(ents)?;
            }
            syncs.push(sync(ENTITIES.name, entities_writer.close()?));
            let mut rej = Batch::new(&REJECTS);
            for (_, r) in rejects {
                rej.push(vec![
                    r.input_path.as_str().into(),
                    r.reject.line.map(|l| l as i64).into(),
                    r.reject.doc_id.clone().into(),
                    r.reject.stage.into(),
                    r.reject.reason.as_str().into(),
                ]);
            }
            rejects_writer.write(rej)?;
            syncs.push(sync(REJECTS.name, rejects_writer.close()?));
            Ok(syncs)
        };
        let mut writers = writers;
        let (passed, beside) = pool.install(|| rayon::join(|| pass_2(&mut writers), beside));
        passed?;
        syncs.extend(beside?);
        // The spilled tables' last row groups, encoded by the workers.
        let closed = pool.install(|| close_all(writers))?;
        syncs.extend(closed.into_iter().map(|(name, c)| sync(name, c)));
        syncs
            .into_iter()
            .map(|h| {
                h.join()
                    .map_err(|_| anyhow::anyhow!("a table's sync panicked"))?
            })
            .collect()
    })?;
    let rows: BTreeMap<&'static str, usize> =
        finished.iter().map(|(name, f)| (*name, f.rows)).collect();
    let mut files = BTreeMap::new();
    for (name, f) in finished {
        files.insert(layout.table_file(name, "csv"), f.csv_sha256);
        files.insert(layout.table_file(name, "parquet"), f.parquet_sha256);
    }
    if let Some(cache) = &cache {
        let removed = cache.prune()?;
        tracing::info!(removed, "pruned cache entries");
    }
    spill.remove();
    let mut manifest = head;
    manifest.insert("pipeline_version".into(), PIPELINE_VERSION.into());
    manifest.insert("schema_version".into(), SCHEMA_VERSION.into());
    manifest.insert("config_hash".into(), config_hash.into());
    manifest.insert("inputs".into(), inputs.into());
    manifest.insert("rows".into(), serde_json::to_value(&rows)?);
    manifest.insert(
        "files".into(),
        serde_json::to_value(pool.install(|| file_hashes(layout, files))?)?,
    );
    commit(layout, &serde_json::Value::Object(manifest))?;
    for (_, r) in rejects {
        tracing::warn!(input = %r.input_path, line = ?r.reject.line, stage = r.reject.stage, "rejected: {}", r.reject.reason);
    }
    Ok(rows)
}

/// Closes tables side by side on the pool's workers: their last row groups and footers, the work
/// left before each one's `Closed::sync`.
fn close_all(tables: BTreeMap<&'static str, TableWriter>) -> Result<Vec<(&'static str, Closed)>> {
    tables
        .into_par_iter()
        .map(|(name, w)| Ok((name, w.close()?)))
        .collect()
}

/// The writer of a table's staged CSV and Parquet files.
fn table_writer(
    layout: &Layout,
    staging: &Path,
    def: &'static crate::tables::TableDef,
    config_hash: &str,
) -> Result<TableWriter> {
    let metadata = [
        ("dossier_version".to_string(), PIPELINE_VERSION.to_string()),
        ("schema_version".to_string(), SCHEMA_VERSION.to_string()),
        ("config_hash".to_string(), config_hash.to_string()),
    ];
    let csv = staging.join(layout.table_file(def.name, "csv"));
    let pq = staging.join(layout.table_file(def.name, "parquet"));
    TableWriter::create_at(&csv, &pq, def, &metadata)
}

/// Every staged file's SHA-256: the tables' come from their writers (`known`), the others are
/// read back.
fn file_hashes(
    layout: &Layout,
    mut known: BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>> {
    let staging = layout.staging();
    let unknown: Vec<String> = layout
        .files()
        .into_iter()
        .filter(|name| !known.contains_key(name))
        .collect();
    let read: BTreeMap<String, String> = unknown
        .into_par_iter()
        .map(|name| {
            let mut f =
                fs::File::open(staging.join(&name)).with_context(|| format!("reading {name}"))?;
            let mut h = Sha256::new();
            std::io::copy(&mut f, &mut h)?;
            Ok((name, format!("{:x}", h.finalize())))
        })
        .collect::<Result<_>>()?;
    known.extend(read);
    Ok(known)
}

pub(crate) struct OutputLock(#[allow(dead_code)] fs::File);

fn lock_output(layout: &Layout) -> Result<OutputLock> {
    let path = layout.lock();
    let f = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("creating lock {}", path.display()))?;
    match f.try_lock() {
        Ok(()) => Ok(OutputLock(f)),
        Err(fs::TryLockError::WouldBlock) => {
            Err(RunError::Locked(layout.output.to_path_buf()).into())
        }
        Err(fs::TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("locking {}", path.display()))
        }
    }
}

/// Publishes the staged files: journal, renames, manifest, journal removed.
fn commit(layout: &Layout, manifest: &serde_json::Value) -> Result<()> {
    let journal = serde_json::json!({ "staging": layout.staging_name(), "manifest": manifest });
    write_synced(
        &layout.journal(),
        serde_json::to_string_pretty(&journal)?.as_bytes(),
    )?;
    finish_commit(layout, &layout.staging(), manifest)
}

fn finish_commit(layout: &Layout, staging: &Path, manifest: &serde_json::Value) -> Result<()> {
    let output = &layout.output;
    let files = manifest["files"].as_object().cloned().unwrap_or_default();
    for name in files.keys() {
        let from = staging.join(name);
        if from.exists() {
            let to = output.join(name);
            if let Some(parent) = to.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::rename(&from, &to).with_context(|| format!("moving {} into place", name))?;
        }
    }
    let tmp = output.join(format!(".manifest{}.tmp", layout.suffix()));
    write_synced(
        &tmp,
        (serde_json::to_string_pretty(manifest)? + "\n").as_bytes(),
    )?;
    fs::rename(&tmp, layout.manifest())?;
    fs::remove_file(layout.journal())?;
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

/// `dossier recover`: finishes every interrupted commit in the folder (the flat tables' and each
/// shard's), under their locks. Returns whether there was one.
pub fn recover_only(output: &Path) -> Result<bool> {
    let mut layouts = vec![Layout {
        output: output.to_path_buf(),
        part: None,
    }];
    if let Ok(entries) = fs::read_dir(output) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(i) = name
                .strip_prefix("_journal.part-")
                .and_then(|r| r.strip_suffix(".json"))
                .and_then(|i| i.parse().ok())
            {
                layouts.push(Layout {
                    output: output.to_path_buf(),
                    part: Some(i),
                });
            }
        }
    }
    let mut any = false;
    for layout in layouts {
        if layout.journal().exists() {
            let _lock = lock_output(&layout)?;
            recover(&layout)?;
            any = true;
        }
    }
    Ok(any)
}

/// A journal left by an interrupted run: every staged file was complete when it was written, so
/// the commit can always be finished (files already moved are skipped).
fn recover(layout: &Layout) -> Result<()> {
    let path = layout.journal();
    if !path.exists() {
        return Ok(());
    }
    let journal: serde_json::Value = serde_json::from_slice(&fs::read(&path)?)
        .context("reading the journal of an interrupted run")?;
    let Some(manifest) = journal.get("manifest") else {
        bail!("journal {} has no manifest", path.display())
    };
    let staging = journal
        .get("staging")
        .and_then(|s| s.as_str())
        .filter(|s| s.starts_with(".staging") && !s.contains(['/', '\\']))
        .map(|s| layout.output.join(s))
        .unwrap_or_else(|| layout.staging());
    tracing::warn!("completing the output commit of an interrupted run");
    finish_commit(layout, &staging, manifest)
}
