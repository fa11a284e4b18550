//! dossier-core: the carrier and the per-document stages of the dossier pipeline.
//!
//! Stages, in the order `pipeline::process` runs them (each reads earlier layers, adds one):
//! 1. `ingest`     — raw bytes -> `Document` (title, byline, date, section, cleaned frozen text,
//!    paragraphs with their layout kind)
//! 2. `sentences`  — sentence spans
//! 3. `entities`   — mentions and per-document entities (names, acronyms, titles, pronouns)
//! 4. `dates`      — TIMEX3 expressions with values and real intervals, anchored on `published`
//! 5. `claims`     — who said / promised / demanded / denied what; authorial claims in opinion
//! 6. `relations`  — roles, affiliations, membership, location, aliases
//! 7. `events`     — who did what to whom, where and when; pronoun and nominal argument
//!    mentions (`arguments` resolves them to entities)
//!
//! Offset contract (MUST): every offset in this crate is a byte offset into `Document::text`,
//! end exclusive, on a char boundary; the table layer converts to code points once per document.
//! `process` is pure: its result depends only on the document, the lexicons and the config.

// Library code never unwraps data-dependent values (tests may); `make lint` enforces it.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod arguments;
pub mod claims;
pub mod dates;
pub mod document;
pub mod entities;
pub mod eval;
pub mod events;
pub mod ingest;
pub mod offsets;
pub mod pipeline;
pub mod predict;
pub mod relations;
pub mod sentences;
#[cfg(test)]
mod testing;
pub mod wordlist;

pub use document::*;
