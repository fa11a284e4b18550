//! Results on disk: the incremental cache (`.dossier-cache/`) of per-document results, and the
//! spill of one run's rows between its two passes, which lets the corpus merge run on compact
//! summaries while the rows wait on disk, so memory stays bounded.
//!
//! Reads/writes: the cache is one JSON file per document result, named by its key: sha256 of the
//! build fingerprint (sources, lexicons, Cargo.lock), the config hash and the ingested document;
//! the spill is one append-only file per table, each window's batch at an offset the spill
//! remembers (native buffers).
//! Invariants: a cache entry is written to a temp name and renamed, so a crash never leaves a
//! torn entry; entries not used by a run are removed at its end (documents no longer in the
//! input, results of older builds). A spilled window is read once; the spill's folder is removed
//! when the run ends.

use crate::rows::DocBatches;
use crate::writeback::{self, DirectWriter};
use anyhow::{Context as _, Result};
use dossier_core::{DocResult, Document};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where a run keeps its rows between the two passes: a window's batches, built in pass 1 with
/// each entity key's own id, wait here until the corpus merge has named the entities. A small
/// corpus's windows stay in memory; once their text exceeds a budget, every window goes to disk,
/// appended to one file per table.
pub struct Spill {
    dir: PathBuf,
    memory: Mutex<MemorySpill>,
    /// One append-only file per table (in `DOC_TABLES` order), opened at the first window that
    /// goes to disk.
    disk: [Mutex<Option<TableSpill>>; crate::rows::DOC_TABLES.len()],
    /// Pass 2's reader of the disk windows, started by the first `get_window` that needs it.
    reader: Mutex<Option<SpillReader>>,
}

/// Windows read back from disk, in index order: per table (in `DOC_TABLES` order), a buffer and
/// where the window's bytes start in it and how many there are.
type SpillReader = std::sync::mpsc::Receiver<(usize, Result<Vec<(Vec<u8>, usize, usize)>>)>;

/// A table's spill file: every window's batch of that table, one after the other.
struct TableSpill {
    out: DirectWriter,
    /// Where each window's batch lies in the file: offset and length.
    windows: HashMap<usize, (u64, u64)>,
}

/// Windows kept in memory by a spill, and the document text they hold.
#[derive(Default)]
struct MemorySpill {
    windows: HashMap<usize, DocBatches>,
    text_bytes: usize,
    /// The budget was exceeded once: every window, held ones included, lives on disk since.
    overflowed: bool,
}

/// Document text a spill keeps in memory: a corpus with less text than this (its rows take about
/// 13 times their text in memory, so ~55 MB) never touches the disk. A larger one writes every
/// window to disk, the ones held so far included, so the spill's memory does not stay behind
/// for the rest of a long run. On disk a window takes about 7 times its text (`write_to`).
const SPILL_MEMORY_TEXT_BYTES: usize = 4 << 20;

impl Spill {
    pub fn new(dir: PathBuf) -> Spill {
        Spill {
            dir,
            memory: Mutex::new(MemorySpill::default()),
            disk: Default::default(),
            reader: Mutex::new(None),
        }
    }

    /// Keeps window `index` until `get_window` takes it.
    pub fn put_window(&self, index: usize, batches: DocBatches) -> Result<()> {
        let bytes = batches.text_bytes();
        // DOSSIER_SPILL_MEMORY_BYTES overrides the budget (0 = always disk; tests use it).
        let budget = std::env::var("DOSSIER_SPILL_MEMORY_BYTES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(SPILL_MEMORY_TEXT_BYTES);
        let mut held = Vec::new();
        if let Ok(mut m) = self.memory.lock() {
            if !m.overflowed && m.text_bytes + bytes <= budget {
                m.text_bytes += bytes;
                m.windows.insert(index, batches);
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
            self.write(i, &w)?;
        }
        self.write(index, &batches)
    }

    /// The spill file of table `table`.
    fn path(&self, table: &str) -> PathBuf {
        self.dir.join(format!("{table}.bin"))
    }

    /// Appends a window to the table files, side by side (encoding the rows is most of the
    /// cost, and it runs on every worker). The files are written around the page cache (see
    /// `writeback`), so a spill of gigabytes does not fill memory; pass 2 reads them back from
    /// disk, in the order they were written.
    fn write(&self, index: usize, batches: &DocBatches) -> Result<()> {
        use rayon::prelude::*;
        fs::create_dir_all(&self.dir)?;
        batches
            .tables()
            .into_par_iter()
            .zip(&self.disk)
            .try_for_each(|(b, slot)| {
                let mut buf = Vec::with_capacity(b.spill_size_estimate());
                b.write_to(&mut buf);
                let mut slot = slot.lock().map_err(|_| anyhow::anyhow!("spill poisoned"))?;
                let t = match &mut *slot {
                    Some(t) => t,
                    None => slot.insert(TableSpill {
                        out: DirectWriter::create(&self.path(b.def.name), true)
                            .context("creating the spill")?,
                        windows: HashMap::new(),
                    }),
                };
                let at = t.out.position();
                t.out.write_all(&buf).context("writing the spill")?;
                t.windows.insert(index, (at, buf.len() as u64));
                Ok(())
            })
    }

    /// Takes window `index` back. Pass 2 takes disk windows in order: a reader thread fetches
    /// the next one from disk while this one is encoded (see `SpillReader`).
    pub fn get_window(&self, index: usize) -> Result<DocBatches> {
        use rayon::prelude::*;
        if let Some(w) = self
            .memory
            .lock()
            .ok()
            .and_then(|mut m| m.windows.remove(&index))
        {
            return Ok(w);
        }
        let mut reader = self
            .reader
            .lock()
            .map_err(|_| anyhow::anyhow!("spill poisoned"))?;
        let next = match &mut *reader {
            Some(r) => r,
            None => reader.insert(self.start_reader()?),
        };
        let (got, slices) = next
            .recv()
            .with_context(|| format!("window {index} is not in the spill"))?;
        anyhow::ensure!(
            got == index,
            "spill windows are taken in order: asked for {index}, next is {got}"
        );
        let tables = crate::rows::DOC_TABLES
            .into_par_iter()
            .zip(slices?)
            .map(|(def, (bytes, start, len))| {
                let mut input = &bytes[start..start + len];
                let b = crate::tables::Batch::read_from(def, &mut input)
                    .with_context(|| format!("reading window {index} of the {} spill", def.name))?;
                anyhow::ensure!(input.is_empty(), "damaged spill of {}", def.name);
                Ok(b)
            })
            .collect::<Result<Vec<_>>>()?;
        DocBatches::from_tables(tables)
    }

    /// Starts the thread that reads the spilled windows back in index order, one window ahead
    /// of the caller (a rendezvous channel). It reads with O_DIRECT where the file system
    /// allows: copying from page-cache pages that a disk read has just filled cost ~1.2 ns a
    /// byte on the reference VM (5% of a 1 GB run), and the thread mostly waits on the disk, so
    /// it takes no CPU from the workers.
    fn start_reader(&self) -> Result<SpillReader> {
        let mut files = Vec::new();
        let mut windows: std::collections::BTreeMap<usize, Vec<(u64, u64)>> = Default::default();
        for (def, slot) in crate::rows::DOC_TABLES.iter().zip(&self.disk) {
            let mut slot = slot.lock().map_err(|_| anyhow::anyhow!("spill poisoned"))?;
            let t = slot.as_mut().context("the spill holds no window")?;
            for (&index, &range) in &t.windows {
                windows.entry(index).or_default().push(range);
            }
            t.windows.clear();
            t.out.finish().context("writing the spill")?;
            files.push((
                t.out.file().try_clone()?,
                writeback::open_direct(&self.path(def.name)),
            ));
        }
        let (tx, rx) = std::sync::mpsc::sync_channel(0);
        std::thread::Builder::new()
            .name("spill-reader".into())
            .spawn(move || {
                for (index, ranges) in windows {
                    let slices = files
                        .iter()
                        .zip(ranges)
                        .map(|((file, direct), (offset, len))| {
                            let (bytes, start) =
                                writeback::read_at(direct.as_ref(), file, offset, len as usize)
                                    .context("reading the spill")?;
                            Ok((bytes, start, len as usize))
                        })
                        .collect::<Result<Vec<_>>>();
                    if tx.send((index, slices)).is_err() {
                        break;
                    }
                }
            })?;
        Ok(rx)
    }

    /// Removes the spill's folder.
    pub fn remove(&self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
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
