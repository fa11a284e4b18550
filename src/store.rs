//! Per-document results on disk: the incremental cache (`.dossier-cache/`) and, with
//! `--no-cache`, the spill of one run. Both let the corpus merge run on compact summaries while
//! full results stream from disk into the writers, so memory stays bounded.
//!
//! Reads/writes: one JSON file per document result, named by its key: sha256 of the build
//! fingerprint (sources, lexicons, Cargo.lock), the config hash and the ingested document.
//! Invariants: an entry is written to a temp name and renamed, so a crash never leaves a torn
//! entry; entries not used by a run are removed at its end (documents no longer in the input,
//! results of older builds).

use anyhow::{Context as _, Result};
use dossier_core::{DocResult, Document};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where a run keeps its per-document results between the two passes.
pub enum ResultStore {
    /// One file per document, reused by later runs.
    Cache(Store),
    /// `--no-cache`: a small corpus's windows stay in memory; once their text exceeds a budget,
    /// every window goes to one binary file, deleted once read back (one file per document would
    /// spend most of the time creating files).
    Spill {
        dir: PathBuf,
        memory: Mutex<MemorySpill>,
    },
}

/// Windows kept in memory by a spill, and the text bytes they hold.
#[derive(Default)]
pub struct MemorySpill {
    windows: std::collections::HashMap<usize, Vec<DocResult>>,
    text_bytes: usize,
    /// The budget was exceeded once: every window, held ones included, lives on disk since.
    overflowed: bool,
}

/// Document text a spill keeps in memory: a corpus with less text than this (results take about
/// 20 times their text, so ~80 MB) never touches the disk. A larger one writes every window to
/// disk, the ones held so far included, in a binary encoding that costs a few percent of a run,
/// so the spill's memory does not stay behind for the rest of a long run.
const SPILL_MEMORY_TEXT_BYTES: usize = 4 << 20;

impl ResultStore {
    /// Persists window `index` (results in input order) and returns the keys to read it back.
    pub fn spill(dir: PathBuf) -> ResultStore {
        ResultStore::Spill {
            dir,
            memory: Mutex::new(MemorySpill::default()),
        }
    }

    pub fn put_window(&self, index: usize, results: Vec<(String, DocResult)>) -> Result<()> {
        match self {
            ResultStore::Cache(store) => {
                use rayon::prelude::*;
                results.par_iter().try_for_each(|(key, r)| {
                    if store.has(key) {
                        Ok(())
                    } else {
                        store.put(key, r)
                    }
                })
            }
            ResultStore::Spill { dir, memory } => {
                let bytes: usize = results.iter().map(|(_, r)| r.doc.text.len()).sum();
                // DOSSIER_SPILL_MEMORY_BYTES overrides the budget (0 = always disk; tests use it).
                let budget = std::env::var("DOSSIER_SPILL_MEMORY_BYTES")
                    .ok()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(SPILL_MEMORY_TEXT_BYTES);
                let mut held = Vec::new();
                if let Ok(mut m) = memory.lock() {
                    if !m.overflowed && m.text_bytes + bytes <= budget {
                        m.text_bytes += bytes;
                        m.windows
                            .insert(index, results.into_iter().map(|(_, r)| r).collect());
                        return Ok(());
                    }
                    if !m.overflowed {
                        m.overflowed = true;
                        m.text_bytes = 0;
                        held = m.windows.drain().collect();
                    }
                }
                held.sort_by_key(|(i, _)| *i);
                for (i, w) in held {
                    write_spill(dir, i, w.iter())?;
                }
                write_spill(dir, index, results.iter().map(|(_, r)| r))
            }
        }
    }

    /// Reads window `index` back, in order.
    pub fn get_window(&self, index: usize, keys: &[String]) -> Result<Vec<DocResult>> {
        use rayon::prelude::*;
        match self {
            ResultStore::Cache(store) => keys
                .par_iter()
                .map(|k| {
                    store
                        .get(k)
                        .with_context(|| format!("cache entry {k} vanished"))
                })
                .collect(),
            ResultStore::Spill { dir, memory } => {
                if let Some(w) = memory
                    .lock()
                    .ok()
                    .and_then(|mut m| m.windows.remove(&index))
                {
                    return Ok(w);
                }
                let path = dir.join(format!("{index:08}.bin"));
                let bytes = fs::read(&path).context("reading the spill")?;
                let _ = fs::remove_file(&path);
                let mut frames: Vec<&[u8]> = Vec::new();
                let mut rest = &bytes[..];
                while !rest.is_empty() {
                    let corrupt = || anyhow::anyhow!("corrupt spill {}", path.display());
                    let (len, tail) = rest.split_first_chunk::<8>().ok_or_else(corrupt)?;
                    let len = usize::try_from(u64::from_le_bytes(*len)).map_err(|_| corrupt())?;
                    if tail.len() < len {
                        return Err(corrupt());
                    }
                    frames.push(&tail[..len]);
                    rest = &tail[len..];
                }
                frames
                    .par_iter()
                    .map(|f| postcard::from_bytes(f).context("corrupt spill"))
                    .collect()
            }
        }
    }
}

/// Writes one window of a spill as length-prefixed postcard frames: no per-document file, no
/// JSON text.
fn write_spill<'a>(
    dir: &Path,
    index: usize,
    results: impl Iterator<Item = &'a DocResult> + Send,
) -> Result<()> {
    use rayon::prelude::*;
    let results: Vec<&DocResult> = results.collect();
    let frames: Vec<Vec<u8>> = results
        .par_iter()
        .map(|r| postcard::to_stdvec(r).context("encoding the spill"))
        .collect::<Result<_>>()?;
    let mut buf = Vec::with_capacity(frames.iter().map(|f| f.len() + 8).sum());
    for f in frames {
        buf.extend_from_slice(&(f.len() as u64).to_le_bytes());
        buf.extend_from_slice(&f);
    }
    fs::create_dir_all(dir)?;
    fs::write(dir.join(format!("{index:08}.bin")), buf).context("writing the spill")
}

pub const BUILD_FINGERPRINT: &str = env!("DOSSIER_BUILD_FINGERPRINT");

pub struct Store {
    dir: PathBuf,
    used: Mutex<HashSet<String>>,
}

impl Store {
    pub fn open(dir: &Path) -> Result<Store> {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Store {
            dir: dir.to_path_buf(),
            used: Mutex::new(HashSet::new()),
        })
    }

    /// The key of a document's result under this build and config.
    pub fn key(doc: &Document, config_hash: &str) -> String {
        let mut h = Sha256::new();
        h.update(BUILD_FINGERPRINT.as_bytes());
        h.update(config_hash.as_bytes());
        h.update(serde_json::to_vec(doc).unwrap_or_default());
        h.finalize()
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(&key[..2]).join(format!("{key}.json"))
    }

    pub fn has(&self, key: &str) -> bool {
        let ok = self.path(key).exists();
        if ok {
            if let Ok(mut u) = self.used.lock() {
                u.insert(key.to_string());
            }
        }
        ok
    }

    pub fn get(&self, key: &str) -> Option<DocResult> {
        let bytes = fs::read(self.path(key)).ok()?;
        let r = serde_json::from_slice(&bytes).ok()?;
        self.used.lock().ok()?.insert(key.to_string());
        Some(r)
    }

    pub fn put(&self, key: &str, result: &DocResult) -> Result<()> {
        let path = self.path(key);
        fs::create_dir_all(path.parent().unwrap_or(&self.dir))?;
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        fs::write(&tmp, serde_json::to_vec(result)?)
            .with_context(|| format!("writing {}", tmp.display()))?;
        fs::rename(&tmp, &path)?;
        if let Ok(mut u) = self.used.lock() {
            u.insert(key.to_string());
        }
        Ok(())
    }

    /// Removes every entry this run did not use.
    pub fn prune(&self) -> Result<usize> {
        let used = self.used.lock().map(|u| u.clone()).unwrap_or_default();
        let mut removed = 0;
        for sub in fs::read_dir(&self.dir)?.flatten() {
            if !sub.path().is_dir() {
                continue;
            }
            for e in fs::read_dir(sub.path())?.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let key = name.strip_suffix(".json").unwrap_or(&name);
                if !used.contains(key) {
                    fs::remove_file(e.path())?;
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }
}
