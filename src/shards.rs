//! Shards and `dossier merge`: one corpus processed as n independent runs, then joined.
//!
//! Reads: with `run --shard i/n`, the results of the documents the shard owns (stable hash of the
//! doc id mod n, see `run::stable_hash`); with `merge`, the part files of every shard. Adds: per
//! shard, `_shards/part-<i>.docs` (per-document results with their input position) and
//! `_shards/part-<i>.rejects.jsonl`, beside the shard's own tables; `merge` writes the flat tables.
//! Invariants: every shard reads the whole input, so each knows the input position (ordinal) and
//! window of its documents; the merge replays the windows in input order through the same pass 2
//! as a single run, so the flat tables are byte-identical to a one-machine run — entity identity
//! included, since the corpus-level entity merge runs again over all documents. Merging refuses
//! parts from another build, config, input set or shard count, and a missing or doubled shard.

use crate::merge;
use crate::rows::DocBatches;
use crate::run::{build_pool, write_and_commit, Collected, Layout, RejectRow, PIPELINE_VERSION};
use crate::store::Spill;
use crate::tables::schema::SCHEMA_VERSION;
use anyhow::{bail, Context as _, Result};
use dossier_core::ingest::Reject;
use dossier_core::DocResult;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A shard's per-document results, relative to the output folder.
pub fn docs_file(shard: u32) -> String {
    format!("_shards/part-{shard}.docs")
}

/// A shard's rejects, relative to the output folder.
pub fn rejects_file(shard: u32) -> String {
    format!("_shards/part-{shard}.rejects.jsonl")
}

/// Streams a shard's results into its staged part files, window by window.
pub struct PartWriter {
    docs: BufWriter<fs::File>,
    rejects_path: PathBuf,
}

impl PartWriter {
    pub fn create(staging: &Path, shard: u32) -> Result<PartWriter> {
        let docs_path = staging.join(docs_file(shard));
        if let Some(dir) = docs_path.parent() {
            fs::create_dir_all(dir)?;
        }
        let docs = fs::File::create(&docs_path)
            .with_context(|| format!("creating {}", docs_path.display()))?;
        Ok(PartWriter {
            docs: BufWriter::with_capacity(1 << 20, docs),
            rejects_path: staging.join(rejects_file(shard)),
        })
    }

    /// One line per result: `window<TAB>ordinal<TAB>result JSON`.
    pub fn write_window(
        &mut self,
        window: usize,
        ordinals: &[u64],
        results: &[(String, DocResult)],
    ) -> Result<()> {
        let lines: Vec<Result<Vec<u8>>> = results
            .par_iter()
            .zip(ordinals.par_iter())
            .map(|((_, r), o)| {
                let mut line = format!("{window}\t{o}\t").into_bytes();
                serde_json::to_writer(&mut line, r)?;
                line.push(b'\n');
                Ok(line)
            })
            .collect();
        for l in lines {
            self.docs.write_all(&l?)?;
        }
        Ok(())
    }

    pub fn finish(mut self, rejects: &[(u64, RejectRow)]) -> Result<()> {
        self.docs.flush()?;
        self.docs.get_ref().sync_all()?;
        let mut out = Vec::new();
        for (o, r) in rejects {
            serde_json::to_writer(
                &mut out,
                &serde_json::json!({
                    "ordinal": o,
                    "input_path": r.input_path,
                    "line": r.reject.line,
                    "doc_id": r.reject.doc_id,
                    "stage": r.reject.stage,
                    "reason": r.reject.reason,
                }),
            )?;
            out.push(b'\n');
        }
        let mut f = fs::File::create(&self.rejects_path)?;
        f.write_all(&out)?;
        f.sync_all()?;
        Ok(())
    }
}

/// Reject stages are `&'static str` labels.
fn stage_label(stage: &str) -> Result<&'static str> {
    const STAGES: &[&str] = &[
        "decode",
        "parse",
        "validate",
        "limit",
        "duplicate_id",
        "panic",
    ];
    // Stages added later still merge: the few distinct names are leaked once each.
    Ok(STAGES
        .iter()
        .find(|s| **s == stage)
        .copied()
        .unwrap_or_else(|| Box::leak(stage.to_string().into_boxed_str())))
}

pub struct MergeSummary {
    pub shards: u32,
    pub documents: usize,
    pub rejects: usize,
    pub rows: BTreeMap<&'static str, usize>,
}

/// One shard's docs file, read a line ahead.
struct PartReader {
    lines: std::io::Lines<BufReader<fs::File>>,
    head: Option<(usize, u64, String)>,
    path: PathBuf,
}

impl PartReader {
    fn advance(&mut self) -> Result<()> {
        self.head = match self.lines.next() {
            None => None,
            Some(line) => {
                let line = line.with_context(|| format!("reading {}", self.path.display()))?;
                let mut parts = line.splitn(3, '\t');
                let (Some(w), Some(o), Some(json)) = (parts.next(), parts.next(), parts.next())
                else {
                    bail!("corrupt shard part {}", self.path.display())
                };
                Some((w.parse()?, o.parse()?, json.to_string()))
            }
        };
        Ok(())
    }
}

/// `dossier merge`: the flat tables from the parts of every shard in `input`.
pub fn merge(input: &Path, output: &Path, threads: usize) -> Result<MergeSummary> {
    let manifests = read_manifests(input)?;
    let Some(first) = manifests.values().next() else {
        bail!(
            "no shard manifests (_manifest.part-<i>.json) in {}",
            input.display()
        )
    };
    let count = first["shards"].as_u64().unwrap_or(0) as u32;
    for (i, m) in &manifests {
        for key in [
            "shards",
            "pipeline_version",
            "schema_version",
            "config_hash",
            "inputs",
        ] {
            if m[key] != first[key] {
                bail!("shard {i} differs from the others in {key}: parts of different runs cannot be merged");
            }
        }
    }
    if m_str(first, "pipeline_version") != PIPELINE_VERSION
        || m_str(first, "schema_version") != SCHEMA_VERSION
    {
        bail!(
            "the shards were written by dossier {} (schema {}); this is {} (schema {})",
            m_str(first, "pipeline_version"),
            m_str(first, "schema_version"),
            PIPELINE_VERSION,
            SCHEMA_VERSION
        );
    }
    let missing: Vec<u32> = (0..count).filter(|i| !manifests.contains_key(i)).collect();
    if count == 0 || !missing.is_empty() || manifests.len() != count as usize {
        bail!(
            "incomplete shard set in {}: {count} shards expected, missing {missing:?}",
            input.display()
        );
    }
    fs::create_dir_all(output)
        .with_context(|| format!("creating output folder {}", output.display()))?;
    let layout = Layout {
        output: output.to_path_buf(),
        part: None,
    };
    let _lock = crate::run::lock_and_recover(&layout)?;
    let staging = crate::run::fresh_staging(&layout)?;
    let pool = build_pool(threads)?;

    let mut readers = Vec::new();
    for i in 0..count {
        let path = input.join(docs_file(i));
        let f = fs::File::open(&path).with_context(|| format!("opening {}", path.display()))?;
        let mut r = PartReader {
            lines: BufReader::with_capacity(1 << 20, f).lines(),
            head: None,
            path,
        };
        r.advance()?;
        readers.push(r);
    }
    let sizes = crate::rows::WindowSizes::default();
    let mut c = Collected {
        spill: Spill::new(staging.join("spill")),
        written: Default::default(),
        windows: 0,
        cache: None,
        documents: 0,
        collector: merge::EntityCollector::new(Some(staging.join("merge"))),
        rejects: Vec::new(),
        cached: 0,
    };
    // Windows in input order; within a window, documents by input ordinal.
    while let Some(window) = readers
        .iter()
        .filter_map(|r| r.head.as_ref().map(|h| h.0))
        .min()
    {
        let mut lines: Vec<(u64, String)> = Vec::new();
        for r in &mut readers {
            while let Some((w, o, _)) = &r.head {
                if *w != window {
                    break;
                }
                let o = *o;
                let json = r.head.take().map(|h| h.2).unwrap_or_default();
                lines.push((o, json));
                r.advance()?;
            }
        }
        lines.sort_by_key(|(o, _)| *o);
        let results: Vec<DocResult> = pool.install(|| {
            lines
                .par_iter()
                .map(|(_, json)| serde_json::from_str(json).context("corrupt shard part"))
                .collect::<Result<_>>()
        })?;
        for r in &results {
            c.collector.add_doc(r.doc.published, &r.entities)?;
        }
        c.documents += results.len();
        let batches =
            pool.install(|| DocBatches::build(&results.iter().collect::<Vec<_>>(), &sizes));
        c.spill.put_window(c.windows, batches)?;
        c.windows += 1;
    }
    for i in 0..count {
        let path = input.join(rejects_file(i));
        let text =
            fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line)
                .with_context(|| format!("corrupt {}", path.display()))?;
            let mut reject = Reject::new(stage_label(m_str(&v, "stage"))?, m_str(&v, "reason"));
            reject.line = v["line"].as_u64();
            reject.doc_id = v["doc_id"].as_str().map(str::to_string);
            c.rejects.push((
                v["ordinal"].as_u64().unwrap_or(0),
                RejectRow {
                    input_path: m_str(&v, "input_path").to_string(),
                    reject,
                },
            ));
        }
    }
    let documents = c.documents;
    let rejects = c.rejects.len();
    let inputs = first["inputs"].as_array().cloned().unwrap_or_default();
    let config_hash = m_str(first, "config_hash").to_string();
    let rows = write_and_commit(
        &layout,
        &pool,
        c,
        &config_hash,
        inputs,
        serde_json::Map::new(),
    )?;
    Ok(MergeSummary {
        shards: count,
        documents,
        rejects,
        rows,
    })
}

fn m_str<'a>(v: &'a serde_json::Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_default()
}

/// Every `_manifest.part-<i>.json` in the folder, by shard index.
fn read_manifests(dir: &Path) -> Result<BTreeMap<u32, serde_json::Value>> {
    let mut out = BTreeMap::new();
    for e in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(i) = name
            .strip_prefix("_manifest.part-")
            .and_then(|r| r.strip_suffix(".json"))
            .and_then(|i| i.parse::<u32>().ok())
        else {
            continue;
        };
        let v: serde_json::Value = serde_json::from_slice(&fs::read(e.path())?)
            .with_context(|| format!("reading {name}"))?;
        if v["shard"].as_u64() != Some(u64::from(i)) {
            bail!("{name} describes shard {} instead of {i}", v["shard"]);
        }
        out.insert(i, v);
    }
    Ok(out)
}
