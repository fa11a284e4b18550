//! Helpers shared by the unit tests of several stages (compiled for tests only): a small
//! deterministic generator, so property tests are reproducible without a dependency.

/// xorshift64: a reproducible stream of pseudo-random numbers (the seed must not be zero).
pub(crate) struct XorShift(pub u64);

impl XorShift {
    /// A number in `0..m`.
    pub fn below(&mut self, m: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % m as u64) as usize
    }

    /// A text of fewer than `max_chars` chars drawn from `alphabet`.
    pub fn text(&mut self, alphabet: &[char], max_chars: usize) -> String {
        let n = self.below(max_chars);
        (0..n)
            .map(|_| alphabet[self.below(alphabet.len())])
            .collect()
    }
}
