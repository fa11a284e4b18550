//! Large sequential writes and reads that do not fill the page cache: a run writes ~15 GB of
//! tables and ~7 GB of spill per GB of input, each byte once, and reads the spill back once.
//!
//! Reads: how many bytes a writer has put in its file; ranges the spill reader asks for. Adds:
//! behind the write position, ranges of the file are sent to disk (`sync_file_range`) and, once
//! written, dropped from the page cache (`posix_fadvise(DONTNEED)`), so the pages freed are
//! reused by the next writes; reads go through O_DIRECT into the caller's buffer where the file
//! system allows it (`open_direct`, `read_at`), else through the page cache.
//! Invariants: this changes only where bytes are cached, never what a file holds or what a read
//! returns; durability still comes from the writer's `fsync` before a file is published. Errors
//! of the advice calls are ignored; a direct read that fails is retried through the page cache.
//! On other systems than Linux only plain reads and writes are done.
//!
//! Why it pays: a page the kernel has not touched lately is costly to fill on a virtual machine
//! (the host backs it on first touch; on the reference host `dd` writes 334 MB/s into fresh pages
//! and 3.4-6.5 GB/s into just-freed ones), and copying out of pages a disk read has just filled
//! cost ~1.2 ns a byte. Recycling a few MB per file keeps every write on recently used pages, and
//! a long run no longer pushes the rest of the system out of memory.

use std::fs::File;

/// Bytes sent to disk at a time; a file keeps at most about two of them cached.
const STEP: u64 = 8 << 20;

/// The drop-behind state of one file written from its start, sequentially.
#[derive(Debug, Default)]
pub struct DropBehind {
    written: u64,
    /// Bytes before this offset have been sent to disk.
    submitted: u64,
}

impl DropBehind {
    /// Records `n` more bytes written to `file`; every full step is sent to disk, and the step
    /// before it, written by now, leaves the cache.
    pub fn wrote(&mut self, file: &File, n: usize) {
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
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        File::options()
            .read(true)
            .custom_flags(libc::O_DIRECT)
            .open(path)
            .ok()
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = path;
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

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
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut rng = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as usize
        };
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
}
