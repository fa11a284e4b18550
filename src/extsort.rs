//! External merge sort with combining, for the corpus-level merge: memory stays bounded however
//! many distinct entities a corpus has.
//!
//! Reads: records pushed in any order. Adds: the records sorted by `Record::cmp_key`, records with
//! equal keys combined into one (`Record::combine`). While the pushed records fit a byte budget
//! they stay in memory; past it, each full buffer is sorted, combined and written as a run
//! (length-prefixed postcard frames), and the runs are merged k ways when read.
//! Invariants: the output depends only on the multiset of records pushed, never on the budget,
//! the push order or where runs were cut, provided `combine` is associative and commutative;
//! run files are removed once read or when their sorter is dropped.

use anyhow::{Context as _, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::PathBuf;

pub trait Record: Serialize + DeserializeOwned {
    fn cmp_key(&self, other: &Self) -> Ordering;
    /// Folds `other`, whose key equals this one's, into this record.
    fn combine(&mut self, other: Self);
    /// Heap bytes this record holds, roughly (the budget counts these).
    fn approx_bytes(&self) -> usize;
}

pub struct ExternalSorter<R: Record> {
    /// Where runs go; `None` keeps everything in memory.
    dir: Option<PathBuf>,
    name: &'static str,
    budget: usize,
    buffer: Vec<R>,
    buffered_bytes: usize,
    runs: Vec<PathBuf>,
}

fn sort_and_combine<R: Record>(mut v: Vec<R>) -> Vec<R> {
    v.sort_by(|a, b| a.cmp_key(b));
    let mut out: Vec<R> = Vec::with_capacity(v.len());
    for r in v {
        match out.last_mut() {
            Some(last) if last.cmp_key(&r) == Ordering::Equal => last.combine(r),
            _ => out.push(r),
        }
    }
    out
}

impl<R: Record> ExternalSorter<R> {
    /// A sorter spilling runs named `name-N.run` into `dir` past `budget` bytes, or (without a
    /// dir) one that keeps every record in memory.
    pub fn new(dir: Option<PathBuf>, name: &'static str, budget: usize) -> ExternalSorter<R> {
        ExternalSorter {
            dir,
            name,
            budget,
            buffer: Vec::new(),
            buffered_bytes: 0,
            runs: Vec::new(),
        }
    }

    /// Runs written so far.
    pub fn runs(&self) -> usize {
        self.runs.len()
    }

    pub fn push(&mut self, r: R) -> Result<()> {
        self.buffered_bytes += r.approx_bytes() + std::mem::size_of::<R>();
        self.buffer.push(r);
        if self.buffered_bytes > self.budget && self.dir.is_some() {
            self.spill()?;
        }
        Ok(())
    }

    /// Writes the buffer out as a sorted run (nothing when it is empty or there is no dir).
    pub fn spill(&mut self) -> Result<()> {
        let Some(dir) = &self.dir else {
            return Ok(());
        };
        if self.buffer.is_empty() {
            return Ok(());
        }
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let path = dir.join(format!("{}-{}.run", self.name, self.runs.len()));
        let file = File::create(&path).with_context(|| format!("creating {}", path.display()))?;
        self.runs.push(path.clone());
        let mut w = BufWriter::with_capacity(1 << 16, file);
        let mut frame = Vec::new();
        for r in sort_and_combine(std::mem::take(&mut self.buffer)) {
            frame.clear();
            frame = postcard::to_extend(&r, frame).context("encoding a merge run")?;
            w.write_all(&(frame.len() as u32).to_le_bytes())?;
            w.write_all(&frame)?;
        }
        w.flush()
            .with_context(|| format!("writing {}", path.display()))?;
        self.buffered_bytes = 0;
        Ok(())
    }

    /// The records in key order, equal keys combined.
    pub fn finish(mut self) -> Result<Sorted<R>> {
        if self.runs.is_empty() {
            let v = sort_and_combine(std::mem::take(&mut self.buffer));
            return Ok(Sorted::Memory(v.into_iter()));
        }
        self.spill()?;
        let runs = std::mem::take(&mut self.runs);
        let mut readers = Vec::with_capacity(runs.len());
        for p in &runs {
            let f = File::open(p).with_context(|| format!("opening {}", p.display()))?;
            readers.push(BufReader::with_capacity(1 << 16, f));
        }
        let mut merge = KWayMerge {
            readers,
            heap: BinaryHeap::new(),
            paths: runs,
        };
        for i in 0..merge.readers.len() {
            merge.refill(i)?;
        }
        Ok(Sorted::Runs(merge))
    }
}

impl<R: Record> Drop for ExternalSorter<R> {
    fn drop(&mut self) {
        for p in &self.runs {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Sorted, combined records: an iterator of `Result<R>` (reading runs can fail).
pub enum Sorted<R: Record> {
    Memory(std::vec::IntoIter<R>),
    Runs(KWayMerge<R>),
}

impl<R: Record> Iterator for Sorted<R> {
    type Item = Result<R>;
    fn next(&mut self) -> Option<Result<R>> {
        match self {
            Sorted::Memory(it) => it.next().map(Ok),
            Sorted::Runs(m) => m.next_record().transpose(),
        }
    }
}

struct Head<R: Record> {
    record: R,
    run: usize,
}

impl<R: Record> PartialEq for Head<R> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl<R: Record> Eq for Head<R> {}
impl<R: Record> PartialOrd for Head<R> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<R: Record> Ord for Head<R> {
    /// Reversed: `BinaryHeap` is a max-heap and the smallest key must come out first.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .record
            .cmp_key(&self.record)
            .then(other.run.cmp(&self.run))
    }
}

pub struct KWayMerge<R: Record> {
    readers: Vec<BufReader<File>>,
    heap: BinaryHeap<Head<R>>,
    paths: Vec<PathBuf>,
}

impl<R: Record> KWayMerge<R> {
    /// Reads the next record of run `i` into the heap (none at its end).
    fn refill(&mut self, i: usize) -> Result<()> {
        let corrupt = || format!("reading merge run {}", self.paths[i].display());
        let mut len = [0u8; 4];
        match self.readers[i].read_exact(&mut len) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e).with_context(corrupt),
        }
        let mut frame = vec![0u8; u32::from_le_bytes(len) as usize];
        self.readers[i]
            .read_exact(&mut frame)
            .with_context(corrupt)?;
        let record = postcard::from_bytes(&frame).with_context(corrupt)?;
        self.heap.push(Head { record, run: i });
        Ok(())
    }

    fn next_record(&mut self) -> Result<Option<R>> {
        let Some(Head { mut record, run }) = self.heap.pop() else {
            return Ok(None);
        };
        self.refill(run)?;
        // Each run is combined already, so equal keys come from different runs.
        while self
            .heap
            .peek()
            .is_some_and(|h| h.record.cmp_key(&record) == Ordering::Equal)
        {
            if let Some(h) = self.heap.pop() {
                self.refill(h.run)?;
                record.combine(h.record);
            }
        }
        Ok(Some(record))
    }
}

impl<R: Record> Drop for KWayMerge<R> {
    fn drop(&mut self) {
        for p in &self.paths {
            let _ = std::fs::remove_file(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
    struct Count {
        word: String,
        n: u64,
    }

    impl Record for Count {
        fn cmp_key(&self, other: &Self) -> Ordering {
            self.word.cmp(&other.word)
        }
        fn combine(&mut self, other: Self) {
            self.n += other.n;
        }
        fn approx_bytes(&self) -> usize {
            self.word.capacity()
        }
    }

    fn words(seed: u64, n: usize) -> Vec<Count> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                Count {
                    word: format!("w{}", (x >> 33) % 500),
                    n: (x >> 20) % 7,
                }
            })
            .collect()
    }

    fn sorted(dir: Option<PathBuf>, budget: usize, input: &[Count]) -> Vec<Count> {
        let mut s = ExternalSorter::new(dir, "t", budget);
        for c in input {
            s.push(c.clone()).unwrap();
        }
        s.finish().unwrap().collect::<Result<Vec<_>>>().unwrap()
    }

    #[test]
    fn runs_on_disk_give_what_memory_gives_and_are_removed() {
        let dir = std::env::temp_dir().join(format!("dossier-extsort-{}", std::process::id()));
        let input = words(7, 5000);
        let in_memory = sorted(None, 0, &input);
        // A budget of a few records cuts dozens of runs.
        let spilled = sorted(Some(dir.clone()), 2000, &input);
        assert_eq!(in_memory, spilled);
        assert!(in_memory.windows(2).all(|w| w[0].word < w[1].word));
        let total: u64 = input.iter().map(|c| c.n).sum();
        assert_eq!(spilled.iter().map(|c| c.n).sum::<u64>(), total);
        let left = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
        assert_eq!(left, 0, "run files left behind");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_dropped_sorter_removes_its_runs() {
        let dir = std::env::temp_dir().join(format!("dossier-extsort-drop-{}", std::process::id()));
        let mut s = ExternalSorter::new(Some(dir.clone()), "t", 100);
        for c in words(3, 200) {
            s.push(c).unwrap();
        }
        assert!(std::fs::read_dir(&dir).unwrap().count() > 1);
        drop(s);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
