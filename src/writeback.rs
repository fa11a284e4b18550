//! Large sequential writes and reads that do not fill the page cache: a run writes ~15 GB of
//! tables and ~7 GB of spill per GB of input, each byte once, and reads the spill back once.
//!
//! Reads: the bytes writers put in their files; ranges the spill reader asks for. Adds: writes
//! gather in aligned chunks of a shared pool that one disk writer thread writes with O_DIRECT
//! (`DirectWriter`; the last partial block goes through the page cache); where the file system
//! refuses O_DIRECT, ranges behind the write position are sent to disk (`sync_file_range`) and,
//! once written, dropped from the page cache (`DropBehind`). Reads go through O_DIRECT into the
//! caller's buffer where the file system allows it (`open_direct`, `read_at`), else through the
//! page cache.
//! Invariants: this changes only where bytes are cached, never what a file holds or what a read
//! returns; a `DirectWriter`'s file holds every byte written, in order, once `finish` returns,
//! and durability still comes from the writer's `fsync` before a file is published. Errors of
//! the advice calls are ignored; a direct read or write that fails is retried through the page
//! cache. On other systems than Linux only plain reads and writes are done.
//!
//! Why it pays: a page the kernel has not touched lately is costly to fill on a virtual machine
//! (the host backs it on first touch; on the reference host `dd` writes 334 MB/s into fresh pages
//! and 3.4-6.5 GB/s into just-freed ones), and copying out of pages a disk read has just filled
//! cost ~1.2 ns a byte. Direct writes and reads skip the page cache; where they cannot, recycling
//! a few MB per file keeps every write on recently used pages, and a long run no longer pushes
//! the rest of the system out of memory.

use std::fs::File;

/// Bytes sent to disk at a time; a file keeps at most about two of them cached.
const STEP: u64 = 8 << 20;

/// The drop-behind state of one file written from its start, sequentially.
#[derive(Debug, Default)]
struct DropBehind {
    written: u64,
    /// Bytes before this offset have been sent to disk.
    submitted: u64,
}

impl DropBehind {
    /// Records `n` more bytes written to `file`; every full step is sent to disk, and the step
    /// before it, written by now, leaves the cache.
    fn wrote(&mut self, file: &File, n: usize) {
        self.written += n as u64;
        while self.written - self.submitted >= STEP {
            start_writeback(file, self.submitted, STEP);
            if let Some(previous) = self.submitted.checked_sub(STEP) {
                drop_written(file, previous, STEP);
            }
            self.submitted += STEP;
        }
    }
}

/// Starts writing `len` bytes at `offset` to disk without waiting.
fn start_writeback(file: &File, offset: u64, len: u64) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: a plain syscall on an open descriptor; it reads no memory of ours.
        unsafe {
            libc::sync_file_range(
                file.as_raw_fd(),
                offset as libc::off64_t,
                len as libc::off64_t,
                libc::SYNC_FILE_RANGE_WRITE,
            );
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, offset, len);
}

/// Waits until `len` bytes at `offset` are on disk (0 = to the end), then drops them from the
/// page cache.
pub fn drop_written(file: &File, offset: u64, len: u64) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let fd = file.as_raw_fd();
        // SAFETY: plain syscalls on an open descriptor; they read no memory of ours.
        unsafe {
            libc::sync_file_range(
                fd,
                offset as libc::off64_t,
                len as libc::off64_t,
                libc::SYNC_FILE_RANGE_WAIT_BEFORE
                    | libc::SYNC_FILE_RANGE_WRITE
                    | libc::SYNC_FILE_RANGE_WAIT_AFTER,
            );
            libc::posix_fadvise(
                fd,
                offset as libc::off64_t,
                len as libc::off64_t,
                libc::POSIX_FADV_DONTNEED,
            );
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, offset, len);
}

/// The file at `path` opened for reads that bypass the page cache (O_DIRECT), when the system
/// and the file system allow it.
pub fn open_direct(path: &std::path::Path) -> Option<File> {
    open_o_direct(path, false)
}

/// `path` opened with O_DIRECT for reading, or for writing (`write`), when the system and the
/// file system allow it.
fn open_o_direct(path: &std::path::Path, write: bool) -> Option<File> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        File::options()
            .read(!write)
            .write(write)
            .custom_flags(libc::O_DIRECT)
            .open(path)
            .ok()
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (path, write);
        None
    }
}

/// Alignment of O_DIRECT offsets, lengths and buffers (the largest logical block size in use).
const DIRECT_ALIGN: usize = 4096;

/// Reads `len` bytes at `offset`, once: through `direct` (see `open_direct`) when given and it
/// works, else through `file`, whose pages then leave the cache. Returns a buffer and where the
/// bytes start in it (a direct read covers whole aligned blocks around them).
pub fn read_at(
    direct: Option<&File>,
    file: &File,
    offset: u64,
    len: usize,
) -> std::io::Result<(Vec<u8>, usize)> {
    use std::io::{Read, Seek, SeekFrom};
    if let Some(direct) = direct {
        let from = offset - offset % DIRECT_ALIGN as u64;
        let lead = (offset - from) as usize;
        let span = (lead + len).div_ceil(DIRECT_ALIGN) * DIRECT_ALIGN;
        let mut buf = vec![0u8; span + DIRECT_ALIGN];
        let pad = buf.as_ptr().align_offset(DIRECT_ALIGN);
        if pad < DIRECT_ALIGN && read_full(direct, &mut buf[pad..pad + span], from, lead + len) {
            return Ok((buf, pad + lead));
        }
    }
    let mut buf = vec![0; len];
    let mut reader = file;
    reader.seek(SeekFrom::Start(offset))?;
    reader.read_exact(&mut buf)?;
    drop_written(file, offset, len as u64);
    Ok((buf, 0))
}

/// Fills `buf` from `offset` until at least `need` bytes are in (the file may end before `buf`
/// does); false on any error, the caller then reads through the page cache.
fn read_full(file: &File, buf: &mut [u8], offset: u64, need: usize) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let mut reader = file;
    if reader.seek(SeekFrom::Start(offset)).is_err() {
        return false;
    }
    let mut got = 0;
    while got < need {
        match reader.read(&mut buf[got..]) {
            Ok(0) => return false,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
    true
}

/// Bytes a `DirectWriter` hands to the disk at a time (a multiple of `DIRECT_ALIGN`).
const DIRECT_CHUNK: usize = 1 << 20;

/// Chunks all writers share, in memory at most (unless more writers than this each hold one
/// half full): what is being filled and what waits for the disk. Bursts of output (a row group
/// of every table) need many in flight: with 16, a 100 MB run waited ~0.5 s on the disk, with
/// 64 not measurably (peak RSS +13 MB). One pool bounds them however many files are open.
const DIRECT_POOL_CHUNKS: usize = 64;

/// A buffer whose bytes start at a `DIRECT_ALIGN` boundary, as O_DIRECT wants.
struct AlignedChunk {
    mem: Vec<u8>,
    start: usize,
    len: usize,
}

impl AlignedChunk {
    fn new() -> AlignedChunk {
        let mem = vec![0u8; DIRECT_CHUNK + DIRECT_ALIGN];
        let start = mem.as_ptr().align_offset(DIRECT_ALIGN);
        assert!(start < DIRECT_ALIGN, "no aligned start in a Vec<u8>");
        AlignedChunk { mem, start, len: 0 }
    }

    fn bytes(&self) -> &[u8] {
        &self.mem[self.start..self.start + self.len]
    }

    /// Appends what fits of `data`; returns how much did.
    fn fill(&mut self, data: &[u8]) -> usize {
        let n = data.len().min(DIRECT_CHUNK - self.len);
        let at = self.start + self.len;
        self.mem[at..at + n].copy_from_slice(&data[..n]);
        self.len += n;
        n
    }
}

/// The chunks of all writers: free ones, how many exist, and how many the disk writer holds.
struct ChunkPool {
    state: std::sync::Mutex<PoolState>,
    returned: std::sync::Condvar,
}

#[derive(Default)]
struct PoolState {
    free: Vec<AlignedChunk>,
    made: usize,
    at_disk: usize,
}

impl ChunkPool {
    /// A free chunk. Past `DIRECT_POOL_CHUNKS` it waits for the disk writer to hand one back;
    /// with none at the disk (the others are half full in writers) it makes one, so a writer
    /// never waits on chunks no one will return.
    fn take(&self) -> std::io::Result<AlignedChunk> {
        let poisoned = |_| std::io::Error::other("chunk pool poisoned");
        let mut state = self.state.lock().map_err(poisoned)?;
        loop {
            if let Some(c) = state.free.pop() {
                return Ok(c);
            }
            if state.made < DIRECT_POOL_CHUNKS || state.at_disk == 0 {
                state.made += 1;
                return Ok(AlignedChunk::new());
            }
            state = self.returned.wait(state).map_err(poisoned)?;
        }
    }

    /// A chunk back from a writer (`from_disk` false) or from the disk writer. Chunks past the
    /// pool's size are freed.
    fn give(&self, mut chunk: AlignedChunk, from_disk: bool) {
        chunk.len = 0;
        if let Ok(mut state) = self.state.lock() {
            if from_disk {
                state.at_disk -= 1;
            }
            if state.made > DIRECT_POOL_CHUNKS {
                state.made -= 1;
            } else {
                state.free.push(chunk);
            }
        }
        self.returned.notify_all();
    }

    fn to_disk(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.at_disk += 1;
        }
    }
}

/// A chunk to write at an offset of a file, and where to report that it is written.
struct DiskWrite {
    direct: std::sync::Arc<File>,
    /// The same file through the page cache, for a direct write the file system refuses.
    file: std::sync::Arc<File>,
    chunk: AlignedChunk,
    offset: u64,
    done: std::sync::mpsc::Sender<std::io::Result<bool>>,
}

/// The chunk pool, and the thread that carries out every writer's direct writes one after the
/// other (they go to one disk). The thread only waits on the disk, so it takes no CPU from the
/// workers, which go on encoding while their chunks are written.
fn disk_writer() -> &'static (
    std::sync::Arc<ChunkPool>,
    std::sync::Mutex<std::sync::mpsc::Sender<DiskWrite>>,
) {
    type Shared = (
        std::sync::Arc<ChunkPool>,
        std::sync::Mutex<std::sync::mpsc::Sender<DiskWrite>>,
    );
    static SHARED: std::sync::OnceLock<Shared> = std::sync::OnceLock::new();
    SHARED.get_or_init(|| {
        let pool = std::sync::Arc::new(ChunkPool {
            state: Default::default(),
            returned: std::sync::Condvar::new(),
        });
        let (tx, rx) = std::sync::mpsc::channel::<DiskWrite>();
        let returns = std::sync::Arc::clone(&pool);
        std::thread::Builder::new()
            .name("disk-writer".into())
            .spawn(move || {
                for w in rx {
                    // true = written directly; a refused direct write goes through the cache.
                    let result = match write_all_at(&w.direct, w.chunk.bytes(), w.offset) {
                        Ok(()) => Ok(true),
                        Err(_) => write_all_at(&w.file, w.chunk.bytes(), w.offset).map(|()| false),
                    };
                    returns.give(w.chunk, true);
                    let _ = w.done.send(result);
                }
            })
            .expect("starting the disk writer thread");
        (pool, std::sync::Mutex::new(tx))
    })
}

/// A file written once from its start, sequentially, that bypasses the page cache where the
/// system allows: bytes gather in aligned chunks that the disk writer thread writes with
/// O_DIRECT, and the last partial block goes through the page cache at `finish`. Elsewhere
/// (O_DIRECT refused at open or on a write) it writes through the page cache with `DropBehind`.
///
/// Why: copying into page-cache pages was most of the system time of a 1 GB run (~13 s of
/// ~240 s), and each page written was one the VM host had to back again; a direct write copies
/// into a chunk of a small reused pool and leaves the rest to the disk.
pub struct DirectWriter {
    file: std::sync::Arc<File>,
    direct: Option<std::sync::Arc<File>>,
    filling: Option<AlignedChunk>,
    in_flight: usize,
    done_tx: std::sync::mpsc::Sender<std::io::Result<bool>>,
    done_rx: std::sync::mpsc::Receiver<std::io::Result<bool>>,
    /// Bytes handed to the disk writer or to `file`: the file offset of the chunk being filled.
    written: u64,
    behind: DropBehind,
}

impl DirectWriter {
    /// Creates (or truncates) `path` for writing; `read` also opens it for reading back.
    /// `DOSSIER_NO_DIRECT` set in the environment turns direct writes off.
    pub fn create(path: &std::path::Path, read: bool) -> std::io::Result<DirectWriter> {
        Self::create_with(path, read, std::env::var_os("DOSSIER_NO_DIRECT").is_none())
    }

    fn create_with(
        path: &std::path::Path,
        read: bool,
        allow_direct: bool,
    ) -> std::io::Result<DirectWriter> {
        let file = File::options()
            .read(read)
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)?;
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        Ok(DirectWriter {
            direct: allow_direct
                .then(|| open_o_direct(path, true))
                .flatten()
                .map(std::sync::Arc::new),
            file: std::sync::Arc::new(file),
            filling: None,
            in_flight: 0,
            done_tx,
            done_rx,
            written: 0,
            behind: DropBehind::default(),
        })
    }

    /// The file through the page cache: for reading back (after `finish`) or syncing.
    pub fn file(&self) -> &File {
        &self.file
    }

    /// Bytes accepted so far.
    pub fn position(&self) -> u64 {
        self.written + self.filling.as_ref().map_or(0, |c| c.len as u64)
    }

    /// Waits for the disk writer to report one of this file's chunks written.
    fn reclaim(&mut self) -> std::io::Result<()> {
        let report = self
            .done_rx
            .recv()
            .map_err(|_| std::io::Error::other("the disk writer thread stopped"))?;
        self.settle(report)
    }

    /// Takes in the disk writer's report on one chunk: its error, or whether it went directly.
    fn settle(&mut self, report: std::io::Result<bool>) -> std::io::Result<()> {
        self.in_flight -= 1;
        if !report? {
            // The file system refused a direct write: the rest goes through the cache.
            self.direct = None;
        }
        Ok(())
    }

    /// Sends the chunk being filled to the disk.
    fn submit(&mut self) -> std::io::Result<()> {
        let Some(chunk) = self.filling.take() else {
            return Ok(());
        };
        let offset = self.written;
        self.written += chunk.len as u64;
        let (pool, queue) = disk_writer();
        let Some(direct) = &self.direct else {
            let written = write_all_at(&self.file, chunk.bytes(), offset);
            self.behind.wrote(&self.file, chunk.len);
            pool.give(chunk, false);
            return written;
        };
        pool.to_disk();
        let job = DiskWrite {
            direct: std::sync::Arc::clone(direct),
            file: std::sync::Arc::clone(&self.file),
            chunk,
            offset,
            done: self.done_tx.clone(),
        };
        queue
            .lock()
            .map_err(|_| std::io::Error::other("disk writer poisoned"))?
            .send(job)
            .map_err(|_| std::io::Error::other("the disk writer thread stopped"))?;
        self.in_flight += 1;
        // Reports are read as they come, so errors surface early and none pile up.
        while let Ok(report) = self.done_rx.try_recv() {
            self.settle(report)?;
        }
        Ok(())
    }

    /// Writes what is still buffered (the last partial block through the page cache) and waits
    /// until the disk writer is done with this file: every byte is then in the file, not yet
    /// synced. Nothing may be written after.
    pub fn finish(&mut self) -> std::io::Result<()> {
        let mut tail = Vec::new();
        if let Some(mut chunk) = self.filling.take() {
            let whole = chunk.len - chunk.len % DIRECT_ALIGN;
            tail.extend_from_slice(&chunk.bytes()[whole..]);
            chunk.len = whole;
            if whole > 0 {
                self.filling = Some(chunk);
                self.submit()?;
            } else {
                disk_writer().0.give(chunk, false);
            }
        }
        while self.in_flight > 0 {
            self.reclaim()?;
        }
        // After the direct writes: the tail's block starts where they end.
        write_all_at(&self.file, &tail, self.written)?;
        self.written += tail.len() as u64;
        Ok(())
    }
}

/// Writes all of `buf` at `offset` of `file`. Positioned writes let the disk writer thread and a
/// file's owner (its last partial block) write one file without sharing a cursor.
#[cfg(unix)]
fn write_all_at(file: &File, buf: &[u8], offset: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.write_all_at(buf, offset)
}

/// Windows has no `write_all_at`: `seek_write` may write less than asked, so it loops. (It moves
/// the file's cursor too, but every write of a `DirectWriter`'s file is positioned.)
#[cfg(windows)]
fn write_all_at(file: &File, mut buf: &[u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_write(buf, offset) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => {
                buf = &buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

impl std::io::Write for DirectWriter {
    fn write(&mut self, mut data: &[u8]) -> std::io::Result<usize> {
        let n = data.len();
        while !data.is_empty() {
            let chunk = match &mut self.filling {
                Some(c) => c,
                None => self.filling.insert(disk_writer().0.take()?),
            };
            let put = chunk.fill(data);
            data = &data[put..];
            if chunk.len == DIRECT_CHUNK {
                self.submit()?;
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for DirectWriter {
    fn drop(&mut self) {
        // A writer dropped unfinished (an error path) returns its chunk and lets its writes
        // land before the file is let go of.
        if let Some(chunk) = self.filling.take() {
            disk_writer().0.give(chunk, false);
        }
        while self.in_flight > 0 && self.reclaim().is_ok() {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    /// A fixed-seed pseudo-random stream: the tests' sizes and offsets, the same on every run.
    fn xorshift(mut state: u64) -> impl FnMut() -> usize {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as usize
        }
    }

    #[test]
    fn dropping_behind_leaves_the_bytes_written() {
        let dir = std::env::temp_dir().join(format!("dossier-writeback-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("f.bin");
        let mut file = File::create(&path).unwrap();
        let mut state = DropBehind::default();
        let mut expected = Vec::new();
        // Uneven pieces that cross several steps.
        for i in 0..40u32 {
            let piece: Vec<u8> = (0..(STEP as usize / 3 + i as usize))
                .map(|j| (j as u32 ^ i) as u8)
                .collect();
            file.write_all(&piece).unwrap();
            state.wrote(&file, piece.len());
            expected.extend_from_slice(&piece);
        }
        assert!(state.submitted >= 4 * STEP, "{state:?}");
        file.sync_all().unwrap();
        drop(file);
        let mut back = Vec::new();
        File::open(&path).unwrap().read_to_end(&mut back).unwrap();
        assert!(back == expected);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn reads_give_the_bytes_at_any_offset_and_length() {
        let dir = std::env::temp_dir().join(format!("dossier-readat-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("f.bin");
        let bytes: Vec<u8> = (0..100_000u32).map(|i| (i * 7 + i / 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let file = File::open(&path).unwrap();
        let direct = open_direct(&path);
        let mut rng = xorshift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..300 {
            let offset = rng() % bytes.len();
            let len = rng() % (bytes.len() - offset + 1);
            for d in [direct.as_ref(), None] {
                let (buf, start) = read_at(d, &file, offset as u64, len).unwrap();
                assert!(
                    buf[start..start + len] == bytes[offset..offset + len],
                    "{offset} {len}"
                );
            }
        }
        // Past the end is an error, not short data.
        assert!(read_at(None, &file, 99_990, 20).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn direct_writes_keep_every_byte_in_order() {
        let dir = std::env::temp_dir().join(format!("dossier-direct-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut rng = xorshift(0x2545_f491_4f6c_dd1d);
        // Direct and through the cache; sizes around chunk and block edges; several writers at
        // once, more than the pool holds, so chunks are shared, waited for and made past it.
        for allow_direct in [true, false] {
            let mut writers = Vec::new();
            for w in 0..(DIRECT_POOL_CHUNKS + 6) {
                let path = dir.join(format!("{allow_direct}-{w}.bin"));
                let out = DirectWriter::create_with(&path, true, allow_direct).unwrap();
                writers.push((path, out, Vec::new()));
            }
            for round in 0..6 {
                for (w, (_, out, expected)) in writers.iter_mut().enumerate() {
                    let len = match (round + w) % 4 {
                        0 => DIRECT_CHUNK - out.position() as usize % DIRECT_CHUNK,
                        1 => DIRECT_ALIGN + 1,
                        2 => rng() % (3 * DIRECT_CHUNK),
                        _ => rng() % 100,
                    };
                    let piece: Vec<u8> = (0..len).map(|_| rng() as u8).collect();
                    out.write_all(&piece).unwrap();
                    expected.extend_from_slice(&piece);
                    assert_eq!(out.position(), expected.len() as u64);
                }
            }
            for (path, mut out, expected) in writers {
                out.finish().unwrap();
                out.file().sync_all().unwrap();
                drop(out);
                let back = std::fs::read(&path).unwrap();
                assert!(back == expected, "{} differs", path.display());
            }
        }
        // An empty file stays empty.
        let path = dir.join("empty.bin");
        let mut out = DirectWriter::create_with(&path, false, true).unwrap();
        out.finish().unwrap();
        drop(out);
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
