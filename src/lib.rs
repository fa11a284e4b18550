//! dossier: news and opinion articles -> a joinable set of knowledge tables (CSV + Parquet).
//!
//! The per-document stages live in `dossier-core` (`dossier_core::pipeline::process`); this crate
//! owns what needs more than one document or touches the disk:
//! - `run`      — inputs, parallel processing in input order, atomic output commit;
//! - `merge`    — corpus-level entity identity (over `extsort`, external merge sort);
//! - `shards`   — `run --shard i/n` parts and `dossier merge`;
//! - `rows`     — one document's results -> table rows (byte -> code-point offsets via `dossier_core::offsets`);
//! - `tables`   — the table definitions and their CSV / Parquet writers;
//! - `config`   — the validated `dossier.toml`;
//! - `writeback` — large sequential writes that leave the page cache behind them;
//! - `eval`     — `dossier eval`: the pipeline scored on gold data (metrics in `dossier_core::eval`).
//!
//! Offset contract (MUST): every `char_start`/`char_end`/`*_start`/`*_end` column is a Unicode
//! code-point offset into `documents.text`, end exclusive: Python's `text[a:b]` is the span.

// Library code never unwraps data-dependent values (tests may); `make lint` enforces it.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod config;
pub mod eval;
pub mod explain;
pub mod extsort;
pub mod merge;
pub mod rows;
pub mod run;
pub mod shards;
pub mod source;
pub mod store;
pub mod tables;
pub mod writeback;
