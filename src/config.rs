//! `dossier.toml`: validated settings (unknown keys are errors, so typos do not pass silently).
//!
//! Reads: an optional TOML file. Adds: `Config`, and its hash for the manifest and the cache.

use anyhow::{bail, Context as _, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Documents larger than this (bytes of text) become `rejects` rows (stage `limit`).
    pub max_document_bytes: usize,
    /// Order of numeric dates such as `06/02/2026`: "dmy" (default) or "mdy".
    pub numeric_date_order: String,
    /// Clean JSONL `text` like a scraped article (offsets then index the cleaned text).
    pub clean_jsonl: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            max_document_bytes: 20 * 1024 * 1024,
            numeric_date_order: "dmy".into(),
            clean_jsonl: false,
        }
    }
}

impl Config {
    pub fn load(path: Option<&Path>) -> Result<Config> {
        let default_path = Path::new("dossier.toml");
        let path = match path {
            Some(p) => p,
            None if default_path.exists() => default_path,
            None => return Ok(Config::default()),
        };
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading config {}", path.display()))?;
        let cfg: Config =
            toml::from_str(&text).with_context(|| format!("invalid config {}", path.display()))?;
        cfg.validate()
            .with_context(|| format!("invalid config {}", path.display()))?;
        Ok(cfg)
    }

    pub fn validate(&self) -> Result<()> {
        if !matches!(self.numeric_date_order.as_str(), "dmy" | "mdy") {
            bail!(
                "numeric_date_order must be \"dmy\" or \"mdy\", not {:?}",
                self.numeric_date_order
            );
        }
        if self.max_document_bytes < 1024 {
            bail!("max_document_bytes must be at least 1024");
        }
        Ok(())
    }

    /// Hex SHA-256 of the canonical JSON form: part of the manifest and of cache keys.
    pub fn hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let json = serde_json::to_string(self).unwrap_or_default();
        format!("{:x}", Sha256::digest(json.as_bytes()))[..16].to_string()
    }

    pub fn context(&self) -> dossier_core::pipeline::Context {
        dossier_core::pipeline::Context {
            month_first: self.numeric_date_order == "mdy",
        }
    }

    pub fn ingest(&self) -> dossier_core::ingest::IngestOptions {
        dossier_core::ingest::IngestOptions {
            max_document_bytes: self.max_document_bytes,
            clean_jsonl: self.clean_jsonl,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_and_bad_values_are_rejected() {
        assert!(toml::from_str::<Config>("max_doc_bytes = 5").is_err());
        let c: Config = toml::from_str("numeric_date_order = \"ymd\"").unwrap();
        assert!(c.validate().is_err());
        let c: Config = toml::from_str("numeric_date_order = \"mdy\"").unwrap();
        assert!(c.validate().is_ok() && c.context().month_first);
    }
}
