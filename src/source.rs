//! Inputs -> a stream of documents and rejects, in input order, with bounded memory.
//!
//! Reads: files and folders (recursive, byte-sorted paths; `README.md`, `SOURCES.md` and hidden
//! files are documentation, not articles, and are skipped). JSONL is read line by line, so a
//! multi-gigabyte export never sits in memory. Adds: `Document`s and `RejectRow`s, and the sha256
//! of every input file for the manifest.
//! Invariants: every input yields documents or rejects, never nothing; the first occurrence of a
//! doc id wins and later ones are rejects (`duplicate_id`); the order is the input order.

use crate::config::Config;
use anyhow::{Context as _, Result};
use dossier_core::ingest::{self, IngestOptions, Reject};
use dossier_core::{Document, InputFormat};
use sha2::{Digest, Sha256};
use std::collections::{HashSet, VecDeque};
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// A rejects row with its file.
#[derive(Debug, Clone)]
pub struct RejectRow {
    pub input_path: String,
    pub reject: Reject,
}

pub enum Item {
    Doc(Box<Document>),
    Reject(RejectRow),
}

pub struct InputFile {
    pub path: PathBuf,
    pub doc_id_base: String,
}

/// Files under the roots, byte-sorted within each root, roots in the order given.
pub fn discover(roots: &[PathBuf]) -> Result<Vec<InputFile>> {
    let mut out = Vec::new();
    let several = roots.len() > 1;
    for root in roots {
        let meta =
            fs::metadata(root).with_context(|| format!("input {} not found", root.display()))?;
        let root_name = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut files = Vec::new();
        if meta.is_dir() {
            walk(root, &mut files)?;
        } else {
            files.push(root.clone());
        }
        files.sort_by(|a, b| {
            a.as_os_str()
                .as_encoded_bytes()
                .cmp(b.as_os_str().as_encoded_bytes())
        });
        for path in files {
            let rel = if meta.is_dir() {
                path.strip_prefix(root).unwrap_or(&path).to_path_buf()
            } else {
                PathBuf::from(path.file_name().unwrap_or_default())
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let doc_id_base = if several {
                format!("{root_name}/{rel}")
            } else {
                rel
            };
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

/// An open JSONL file being read line by line.
struct JsonlReader {
    reader: BufReader<fs::File>,
    path: String,
    line_no: u64,
    hasher: Sha256,
}

pub struct InputStream {
    files: VecDeque<InputFile>,
    opts: IngestOptions,
    jsonl: Option<JsonlReader>,
    pending: VecDeque<Item>,
    seen: HashSet<String>,
    /// (path, sha256) of every input read so far.
    pub input_hashes: Vec<(String, String)>,
}

impl InputStream {
    pub fn new(files: Vec<InputFile>, cfg: &Config) -> InputStream {
        InputStream {
            files: files.into(),
            opts: cfg.ingest(),
            jsonl: None,
            pending: VecDeque::new(),
            seen: HashSet::new(),
            input_hashes: Vec::new(),
        }
    }

    /// The next document or reject; `Ok(None)` at the end. Errors are setup failures
    /// (an input that cannot be read at all), which stop the run.
    pub fn next_item(&mut self) -> Result<Option<Item>> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Ok(Some(self.dedup(item)));
            }
            if let Some(j) = &mut self.jsonl {
                let mut buf = Vec::new();
                let n = j
                    .reader
                    .read_until(b'\n', &mut buf)
                    .with_context(|| format!("reading {}", j.path))?;
                if n == 0 {
                    let j = self.jsonl.take().expect("open reader");
                    self.input_hashes
                        .push((j.path, format!("{:x}", j.hasher.finalize())));
                    continue;
                }
                j.hasher.update(&buf);
                j.line_no += 1;
                let line_no = j.line_no;
                let bytes = if line_no == 1 {
                    buf.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&buf)
                } else {
                    &buf[..]
                };
                if bytes.iter().all(|b| b.is_ascii_whitespace()) {
                    continue;
                }
                let item = match std::str::from_utf8(bytes) {
                    Ok(line) => match ingest::jsonl::parse_line(line, line_no, &j.path, &self.opts)
                    {
                        Ok(doc) => Item::Doc(Box::new(doc)),
                        Err(reject) => Item::Reject(RejectRow {
                            input_path: j.path.clone(),
                            reject,
                        }),
                    },
                    Err(e) => {
                        let mut r = Reject::new(
                            "decode",
                            format!("invalid UTF-8 at byte {} of the line", e.valid_up_to()),
                        );
                        r.line = Some(line_no);
                        Item::Reject(RejectRow {
                            input_path: j.path.clone(),
                            reject: r,
                        })
                    }
                };
                return Ok(Some(self.dedup(item)));
            }
            let Some(file) = self.files.pop_front() else {
                return Ok(None);
            };
            self.open(file)?;
        }
    }

    fn dedup(&mut self, item: Item) -> Item {
        match item {
            Item::Doc(doc) if !self.seen.insert(doc.doc_id.clone()) => {
                let mut rej = Reject::new(
                    "duplicate_id",
                    format!("doc_id {:?} already used by an earlier input", doc.doc_id),
                );
                rej.doc_id = Some(doc.doc_id.clone());
                rej.line = doc.input_line;
                Item::Reject(RejectRow {
                    input_path: doc.input_path.clone(),
                    reject: rej,
                })
            }
            other => other,
        }
    }

    fn open(&mut self, f: InputFile) -> Result<()> {
        let input_path = f.path.to_string_lossy().into_owned();
        let reject = |stage, reason: String| {
            Item::Reject(RejectRow {
                input_path: input_path.clone(),
                reject: Reject::new(stage, reason),
            })
        };
        let fmt = format_of(&f.path);
        if fmt == Some(InputFormat::Jsonl) {
            let file = fs::File::open(&f.path).with_context(|| format!("reading {input_path}"))?;
            self.jsonl = Some(JsonlReader {
                reader: BufReader::with_capacity(1 << 20, file),
                path: input_path,
                line_no: 0,
                hasher: Sha256::new(),
            });
            return Ok(());
        }
        // Whole-file formats: refuse oversized files before reading them.
        let size = fs::metadata(&f.path)
            .with_context(|| format!("reading {input_path}"))?
            .len();
        let max = self.opts.max_document_bytes as u64;
        if size > max.saturating_mul(4) {
            self.input_hashes.push((input_path.clone(), String::new()));
            self.pending.push_back(reject(
                "limit",
                format!("file of {size} bytes exceeds max_document_bytes = {max}"),
            ));
            return Ok(());
        }
        let mut bytes = Vec::with_capacity(size as usize);
        fs::File::open(&f.path)
            .and_then(|mut h| h.read_to_end(&mut bytes))
            .with_context(|| format!("reading {input_path}"))?;
        self.input_hashes
            .push((input_path.clone(), format!("{:x}", Sha256::digest(&bytes))));
        let Some(fmt) = fmt else {
            self.pending.push_back(reject(
                "unsupported",
                "unsupported file type (expected .txt, .md, .jsonl, .html)".into(),
            ));
            return Ok(());
        };
        let item = match ingest::decode_with_encoding(&bytes).map(|(text, encoding)| {
            if encoding != "utf-8" {
                tracing::info!(input = %input_path, encoding, "decoded as {encoding}");
            }
            text
        }) {
            Err(reason) => reject("decode", reason),
            Ok(text) if text.len() > self.opts.max_document_bytes => reject(
                "limit",
                format!(
                    "document of {} bytes exceeds max_document_bytes = {}",
                    text.len(),
                    self.opts.max_document_bytes
                ),
            ),
            Ok(text) => {
                let art = if fmt == InputFormat::Html {
                    ingest::html::extract(&text)
                } else {
                    Ok(ingest::text::clean_article(&text))
                };
                match art {
                    Err(reason) => reject("parse", reason),
                    Ok(art) if art.text.trim().is_empty() => {
                        reject("validate", "no article text left after cleaning".into())
                    }
                    Ok(art) => Item::Doc(Box::new(Document {
                        doc_id: f.doc_id_base.clone(),
                        input_path: input_path.clone(),
                        input_line: None,
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
                    })),
                }
            }
        };
        self.pending.push_back(item);
        Ok(())
    }
}
