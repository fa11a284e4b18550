//! Build fingerprint for the per-document cache: a hash of everything that can change what
//! `process` returns — the sources of both crates, the lexicons and Cargo.lock — so a cached
//! result is never reused by a build that would compute it differently.

use sha2::{Digest, Sha256};
use std::path::Path;

fn visit(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            visit(&p, files);
        } else {
            files.push(p);
        }
    }
}

fn main() {
    let mut files = Vec::new();
    for dir in ["src", "core/src", "data/lexicons"] {
        println!("cargo:rerun-if-changed={dir}");
        visit(Path::new(dir), &mut files);
    }
    for f in ["Cargo.lock", "Cargo.toml", "core/Cargo.toml"] {
        println!("cargo:rerun-if-changed={f}");
        files.push(f.into());
    }
    files.sort();
    let mut h = Sha256::new();
    for f in &files {
        h.update(f.to_string_lossy().as_bytes());
        h.update(std::fs::read(f).unwrap_or_default());
    }
    let hex: String = h
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    println!("cargo:rustc-env=DOSSIER_BUILD_FINGERPRINT={hex}");
}
