//! Byte offsets (inside the pipeline) -> Unicode code-point offsets (in every table).
//!
//! Reads: a document's text. Adds: a converter built in one pass over the text. Invariant:
//! `to_char(b)` equals `text[..b].chars().count()` for every char-boundary `b`; ASCII text is
//! the identity without any table.

pub struct CharIndex {
    /// Code points before each 64-byte block start; empty for ASCII text.
    blocks: Vec<u32>,
    bytes: Vec<u8>,
}

const BLOCK: usize = 64;

impl CharIndex {
    pub fn new(text: &str) -> CharIndex {
        if text.is_ascii() {
            return CharIndex {
                blocks: Vec::new(),
                bytes: Vec::new(),
            };
        }
        let bytes = text.as_bytes();
        let mut blocks = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut count = 0u32;
        for chunk in bytes.chunks(BLOCK) {
            blocks.push(count);
            count += chunk.iter().filter(|&&b| (b & 0xC0) != 0x80).count() as u32;
        }
        CharIndex {
            blocks,
            bytes: bytes.to_vec(),
        }
    }

    pub fn to_char(&self, byte: usize) -> i64 {
        if self.blocks.is_empty() {
            return byte as i64;
        }
        let block = byte / BLOCK;
        let base = self
            .blocks
            .get(block)
            .copied()
            .unwrap_or_else(|| *self.blocks.last().unwrap_or(&0));
        let from = block * BLOCK;
        let extra = self.bytes[from.min(self.bytes.len())..byte.min(self.bytes.len())]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count();
        (base as usize + extra) as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_a_prefix_count_at_every_boundary() {
        let text = "Zürich – “quoted” ".repeat(20) + "日本語 and 🎉 end";
        let idx = CharIndex::new(&text);
        for (b, _) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            assert_eq!(idx.to_char(b), text[..b].chars().count() as i64, "byte {b}");
        }
    }
}
