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

pub const BUILD_FINGERPRINT: &str = env!("DOSSIER_BUILD_FINGERPRINT");

pub struct Store {
    dir: PathBuf,
    used: Mutex<HashSet<String>>,
}

impl Store {
    pub fn open(dir: &Path) -> Result<Store> {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Store { dir: dir.to_path_buf(), used: Mutex::new(HashSet::new()) })
    }

    /// The key of a document's result under this build and config.
    pub fn key(doc: &Document, config_hash: &str) -> String {
        let mut h = Sha256::new();
        h.update(BUILD_FINGERPRINT.as_bytes());
        h.update(config_hash.as_bytes());
        h.update(serde_json::to_vec(doc).unwrap_or_default());
        h.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect()
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(&key[..2]).join(format!("{key}.json"))
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
        fs::write(&tmp, serde_json::to_vec(result)?).with_context(|| format!("writing {}", tmp.display()))?;
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
