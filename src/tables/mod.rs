//! Tables: typed column buffers filled row by row, written as CSV and Parquet from one definition.
//!
//! Reads: `Batch`es (a table's rows as column buffers, `batch.rs`), filled by `push_row!` or
//! with `Cell`s in the column order of a `TableDef`. Adds: `<table>.csv` and
//! `<table>.parquet`. Invariants: CSV null is the empty field and nullable text never holds an
//! empty string (empty -> null at push time); lists are JSON arrays in CSV; floats have a fixed
//! format; Parquet row groups close when their encoded size passes `ROW_GROUP_BYTES`, at batch
//! boundaries (windows of documents, fixed by document count), so bytes never depend on timing
//! or thread count.

mod batch;
pub mod schema;

pub(crate) use batch::push_row;
use batch::{value_range, ColumnBuf, Data};
pub use batch::{Batch, BufferSizes, Null, SpanList, TextList, Timestamp, Value};

use anyhow::{Context as _, Result};
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use chrono::NaiveDate;
use parquet::arrow::arrow_writer::{
    compute_leaves, ArrowColumnChunk, ArrowColumnWriter, ArrowLeafColumn,
    ArrowRowGroupWriterFactory,
};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::ColumnPath;
pub use schema::{ColType, TableDef, TABLES};
use sha2::{Digest as _, Sha256};
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(NaiveDate),
    /// Microseconds since the Unix epoch, UTC.
    Timestamp(i64),
    TextList(Vec<String>),
    SpanList(Vec<[i64; 2]>),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}
impl From<i64> for Cell {
    fn from(v: i64) -> Cell {
        Cell::Int(v)
    }
}
impl From<usize> for Cell {
    fn from(v: usize) -> Cell {
        Cell::Int(v as i64)
    }
}
impl From<bool> for Cell {
    fn from(v: bool) -> Cell {
        Cell::Bool(v)
    }
}
impl From<NaiveDate> for Cell {
    fn from(v: NaiveDate) -> Cell {
        Cell::Date(v)
    }
}
impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Cell {
        v.map_or(Cell::Null, Into::into)
    }
}

/// Formats one cell for CSV.
pub fn csv_field(cell: &Cell) -> String {
    let mut s = String::new();
    write_csv_field(cell, &mut s);
    s
}

/// Formats one cell for CSV into `out` (no allocation for text and numbers).
pub fn write_csv_field(cell: &Cell, out: &mut String) {
    use std::fmt::Write as _;
    match cell {
        Cell::Null => {}
        Cell::Text(s) => out.push_str(s),
        Cell::Int(v) => {
            let _ = write!(out, "{v}");
        }
        // Fixed precision: the same value always prints the same way.
        Cell::Float(v) => {
            let _ = write!(out, "{v:.3}");
        }
        Cell::Bool(v) => out.push_str(if *v { "true" } else { "false" }),
        Cell::Date(d) => {
            let _ = write!(out, "{}", d.format("%Y-%m-%d"));
        }
        Cell::Timestamp(us) => {
            if let Some(t) = chrono::DateTime::from_timestamp_micros(*us) {
                let _ = write!(out, "{}", t.format("%Y-%m-%dT%H:%M:%S%.fZ"));
            }
        }
        Cell::TextList(v) => out.push_str(&serde_json::to_string(v).unwrap_or_default()),
        Cell::SpanList(v) => out.push_str(&serde_json::to_string(v).unwrap_or_default()),
    }
}

/// Does the field hold `,`, `"`, `\r` or `\n`? Long fields (texts) are searched with SIMD; the
/// many short ones (ids, numbers, labels) 8 bytes at a time, where a library call costs more
/// than the search.
fn needs_quotes(field: &[u8]) -> bool {
    if field.len() >= 64 {
        return memchr::memchr3(b',', b'"', b'\n', field).is_some()
            || memchr::memchr(b'\r', field).is_some();
    }
    const ONES: u64 = 0x0101_0101_0101_0101;
    // A byte of `x` equals `c` when that byte of `x ^ c..c` is zero (exact as a yes/no answer).
    let any_byte = |x: u64, c: u8| {
        let v = x ^ (ONES * u64::from(c));
        v.wrapping_sub(ONES) & !v & (ONES << 7) != 0
    };
    let special =
        |x: u64| any_byte(x, b',') || any_byte(x, b'"') || any_byte(x, b'\r') || any_byte(x, b'\n');
    let mut chunks = field.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        if special(u64::from_le_bytes(w)) {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
}

/// Appends one CSV field, quoted (inner quotes doubled) only when it holds `,`, `"`, `\r` or `\n`.
fn push_csv_field(out: &mut Vec<u8>, field: &[u8]) {
    if !needs_quotes(field) {
        out.extend_from_slice(field);
        return;
    }
    out.push(b'"');
    // Texts are quoted for their commas and rarely hold a quote: memchr jumps to each one
    // (a byte-by-byte split walked 240 MB of document and sentence text per 100 MB of input).
    let mut from = 0;
    for quote in memchr::memchr_iter(b'"', field) {
        out.extend_from_slice(&field[from..=quote]);
        out.push(b'"');
        from = quote + 1;
    }
    out.extend_from_slice(&field[from..]);
    out.push(b'"');
}

/// Writes a table as CSV and Parquet (one writer each, fed batch by batch). Each encoded batch
/// is one Parquet row group whose column chunks were compressed by the worker that encoded it;
/// the writer only appends bytes.
pub struct TableWriter {
    def: &'static TableDef,
    csv: HashedFile,
    parquet: SerializedFileWriter<HashedFile>,
    groups: Arc<RowGroups>,
    pub rows: usize,
}

/// Encoded bytes at which a table's open row group closes. A Parquet writer keeps every row
/// group's metadata until the footer: one group per window of documents made memory grow by
/// ~20 MB per 100 MB of input, and readers prefer groups of megabytes anyway.
const ROW_GROUP_BYTES: usize = 4 << 20;
/// Rows at which a row group closes whatever its size (Parquet writers' usual cap).
const ROW_GROUP_ROWS: usize = 1 << 20;

/// A table's Parquet row group being filled, batch after batch, by worker threads: its column
/// writers stay open until the group is full.
pub struct RowGroups {
    factory: ArrowRowGroupWriterFactory,
    open: Mutex<OpenGroup>,
}

#[derive(Default)]
struct OpenGroup {
    writers: Vec<ArrowColumnWriter>,
    rows: usize,
    index: usize,
}

impl RowGroups {
    /// Encodes a batch's leaf columns into the open group; returns the group's column chunks when
    /// this batch filled it, else nothing.
    fn lock(&self) -> Result<std::sync::MutexGuard<'_, OpenGroup>> {
        self.open
            .lock()
            .map_err(|_| anyhow::anyhow!("row group writer poisoned"))
    }

    fn append(
        &self,
        leaves: Vec<ArrowLeafColumn>,
        rows: usize,
        last: bool,
    ) -> Result<Vec<ArrowColumnChunk>> {
        use rayon::prelude::*;
        let mut g = self.lock()?;
        if g.writers.is_empty() {
            g.writers = self.factory.create_column_writers(g.index)?;
        }
        g.writers
            .par_iter_mut()
            .zip(leaves.into_par_iter())
            .try_for_each(|(w, leaf)| w.write(&leaf))?;
        g.rows += rows;
        let bytes: usize = g
            .writers
            .iter()
            .map(|w| w.get_estimated_total_bytes())
            .sum();
        if last || bytes >= ROW_GROUP_BYTES || g.rows >= ROW_GROUP_ROWS {
            close_group(&mut g)
        } else {
            Ok(Vec::new())
        }
    }

    /// Closes the open group (the table's last rows); nothing when it is empty.
    fn flush(&self) -> Result<Vec<ArrowColumnChunk>> {
        close_group(&mut *self.lock()?)
    }
}

fn close_group(g: &mut OpenGroup) -> Result<Vec<ArrowColumnChunk>> {
    use rayon::prelude::*;
    if g.rows == 0 {
        g.writers.clear();
        return Ok(Vec::new());
    }
    let writers = std::mem::take(&mut g.writers);
    g.rows = 0;
    g.index += 1;
    writers.into_par_iter().map(|w| Ok(w.close()?)).collect()
}

/// How a column's Parquet pages are encoded and compressed. Measured on the 100 MB bench
/// (median of 4 alternating runs, and 11 on `news.jsonl`): the delta layouts below took ~4% off
/// a run's CPU time and made the files 1% smaller than dictionary or PLAIN pages under Snappy.
/// pyarrow, polars and DuckDB read them all (the notebook check), with the same Arrow types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PageLayout {
    /// PLAIN values, Snappy: free text, and the ids that point at other tables' rows
    /// (mostly null or scattered; Snappy finds their repeats within a document). Interning
    /// every text value in a dictionary cost ~3% of a run for files only 2.5% smaller.
    PlainSnappy,
    /// Dictionary pages, Snappy: labels, floats, booleans, dates and lists, which take few values.
    DictionarySnappy,
    /// DELTA_BYTE_ARRAY, uncompressed: hash ids and the ids rows come sorted by. A table's own
    /// ids are unique hex digits where Snappy only found the PLAIN length prefixes; `doc_id`,
    /// `sentence_id` and `event_key` come in runs, which the shared-prefix encoding folds to a
    /// few bits a row without hashing any value, where Snappy had to scan every byte.
    DeltaBytes,
    /// DELTA_BINARY_PACKED, uncompressed: integers (offsets and counts), which mostly grow
    /// within a document, so their differences pack in a few bits.
    DeltaInts,
}

fn page_layout(c: &schema::Column) -> PageLayout {
    match c.ty {
        ColType::Int => PageLayout::DeltaInts,
        ColType::Text
            if c.doc.starts_with("Stable id")
                || matches!(
                    c.name,
                    "doc_id" | "sentence_id" | "sentence_end_id" | "event_key"
                ) =>
        {
            PageLayout::DeltaBytes
        }
        ColType::Text => PageLayout::PlainSnappy,
        _ => PageLayout::DictionarySnappy,
    }
}

/// Whether a column's row groups carry min/max statistics (see `TableWriter::create`). Of the
/// text columns, only those whose values are ordered along the file: `doc_id` (input order) and
/// the id the `entities` table is sorted by. The other ids are hash digits, spread over the
/// whole range in every row group, so their min and max select nothing (and comparing every
/// value cost ~1% of a run). Labels have none either: each row group of megabytes holds nearly
/// every value of its handful, so its min and max select nothing, and comparing each value as
/// a string cost 1.6% of a run's instructions (callgrind, `news.jsonl`).
fn has_statistics(def: &TableDef, c: &schema::Column) -> bool {
    match c.ty {
        ColType::Text => c.name == "doc_id" || (def.name == "entities" && c.name == "entity_id"),
        ColType::TextList | ColType::SpanList | ColType::Label => false,
        _ => true,
    }
}

pub fn arrow_schema(def: &TableDef) -> Arc<Schema> {
    let fields: Vec<Field> = def
        .columns
        .iter()
        .map(|c| Field::new(c.name, arrow_type(c.ty), c.nullable))
        .collect();
    Arc::new(Schema::new(fields))
}

fn arrow_type(ty: ColType) -> DataType {
    match ty {
        ColType::Text => DataType::Utf8,
        ColType::Label => DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
        ColType::Int => DataType::Int64,
        ColType::Float => DataType::Float64,
        ColType::Bool => DataType::Boolean,
        ColType::Date => DataType::Date32,
        ColType::Timestamp => DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
        ColType::TextList => DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
        ColType::SpanList => DataType::List(Arc::new(Field::new(
            "item",
            DataType::List(Arc::new(Field::new("item", DataType::Int64, true))),
            true,
        ))),
    }
}

impl TableWriter {
    pub fn create(
        dir: &Path,
        def: &'static TableDef,
        metadata: &[(String, String)],
    ) -> Result<TableWriter> {
        let csv_path = dir.join(format!("{}.csv", def.name));
        let pq_path = dir.join(format!("{}.parquet", def.name));
        TableWriter::create_at(&csv_path, &pq_path, def, metadata)
    }

    /// A writer for explicit file paths (shard parts live in one folder per table).
    pub fn create_at(
        csv_path: &Path,
        pq_path: &Path,
        def: &'static TableDef,
        metadata: &[(String, String)],
    ) -> Result<TableWriter> {
        for p in [csv_path, pq_path] {
            if let Some(dir) = p.parent() {
                std::fs::create_dir_all(dir)?;
            }
        }
        let mut csv = HashedFile::create(csv_path)?;
        let mut header = csv_writer(Vec::new());
        header.write_record(def.columns.iter().map(|c| c.name))?;
        csv.write_all(
            &header
                .into_inner()
                .map_err(|e| anyhow::anyhow!("{}", e.error()))?,
        )?;
        let schema = arrow_schema(def);
        let mut props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            // A writer keeps every row group's metadata until the footer. Page-level indexes and
            // untruncated min/max strings (whole article texts) made that grow by ~30 MB per
            // 100 MB of input. Chunk statistics (cut to 64 bytes) are kept where a reader can
            // skip row groups with them: ordered ids, numbers, dates; labels, free text, hash ids
            // and lists have none (the min and max of sentences select nothing).
            .set_statistics_enabled(EnabledStatistics::None)
            .set_statistics_truncate_length(Some(64))
            .set_created_by(format!("dossier {}", env!("CARGO_PKG_VERSION")))
            .set_key_value_metadata(Some(
                metadata
                    .iter()
                    .map(|(k, v)| KeyValue::new(k.clone(), v.clone()))
                    .collect(),
            ));
        for c in def.columns.iter().filter(|c| has_statistics(def, c)) {
            props = props
                .set_column_statistics_enabled(ColumnPath::from(c.name), EnabledStatistics::Chunk);
        }
        for c in def.columns {
            let path = || ColumnPath::from(c.name);
            let encoding = match page_layout(c) {
                PageLayout::DictionarySnappy => continue,
                PageLayout::PlainSnappy => {
                    props = props.set_column_dictionary_enabled(path(), false);
                    continue;
                }
                PageLayout::DeltaBytes => parquet::basic::Encoding::DELTA_BYTE_ARRAY,
                PageLayout::DeltaInts => parquet::basic::Encoding::DELTA_BINARY_PACKED,
            };
            props = props
                .set_column_dictionary_enabled(path(), false)
                .set_column_compression(path(), Compression::UNCOMPRESSED)
                .set_column_encoding(path(), encoding);
        }
        let props = props.build();
        // ArrowWriter sets up the file (schema, embedded Arrow schema, metadata); its parts let
        // workers encode whole row groups in parallel.
        let (parquet, factory) =
            ArrowWriter::try_new(HashedFile::create(pq_path)?, schema, Some(props))?
                .into_serialized_writer()?;
        Ok(TableWriter {
            def,
            csv,
            parquet,
            groups: Arc::new(RowGroups {
                factory,
                open: Mutex::new(OpenGroup::default()),
            }),
            rows: 0,
        })
    }

    /// What a worker needs to encode this table's row groups.
    pub fn encoder(&self) -> Arc<RowGroups> {
        Arc::clone(&self.groups)
    }

    /// Encodes and writes a batch on this thread (small tables: entities, rejects).
    pub fn write(&mut self, batch: Batch) -> Result<()> {
        let e = encode(batch, &self.groups)?;
        self.write_encoded(e)
    }

    fn append_row_group(&mut self, chunks: Vec<ArrowColumnChunk>) -> Result<()> {
        if !chunks.is_empty() {
            let mut rg = self.parquet.next_row_group()?;
            for chunk in chunks {
                chunk.append_to_row_group(&mut rg)?;
            }
            rg.close()?;
        }
        Ok(())
    }

    /// Appends a batch already encoded (by a worker thread) to both files.
    pub fn write_encoded(&mut self, e: Encoded) -> Result<()> {
        debug_assert!(std::ptr::eq(e.def, self.def));
        self.csv.write_all(&e.csv)?;
        self.append_row_group(e.chunks)?;
        self.rows += e.rows;
        Ok(())
    }

    /// Writes the last row group and the Parquet footer: the work left before `Closed::sync`,
    /// which only waits on the disk.
    pub fn close(mut self) -> Result<Closed> {
        let last = self.groups.flush()?;
        self.append_row_group(last)?;
        Ok(Closed {
            rows: self.rows,
            csv: self.csv,
            parquet: self.parquet.into_inner()?,
        })
    }
}

/// A table with every byte handed to its files, not yet all on disk.
pub struct Closed {
    rows: usize,
    csv: HashedFile,
    parquet: HashedFile,
}

impl Closed {
    /// Flushes both files to disk (fsync), so a rename after this publishes complete files. The
    /// two wait on the disk side by side, on threads of their own.
    pub fn sync(self) -> Result<Finished> {
        let Closed { rows, csv, parquet } = self;
        std::thread::scope(|s| {
            let parquet = s.spawn(|| parquet.sync());
            let csv_sha256 = csv.sync()?;
            let parquet_sha256 = parquet
                .join()
                .map_err(|_| anyhow::anyhow!("a Parquet file's sync panicked"))??;
            Ok(Finished {
                rows,
                csv_sha256,
                parquet_sha256,
            })
        })
    }
}

/// A table's files, complete on disk.
#[derive(Debug)]
pub struct Finished {
    pub rows: usize,
    /// Lower-case hex SHA-256 of the file's bytes, for the manifest.
    pub csv_sha256: String,
    pub parquet_sha256: String,
}

/// A file that hashes what is written to it: the manifest's digests come from the bytes as they
/// go out, so the tables are not read back (at 1 GB of input that is 15 GB of reading).
struct HashedFile {
    out: crate::writeback::DirectWriter,
    hash: Sha256,
}

impl HashedFile {
    fn create(path: &Path) -> Result<HashedFile> {
        Ok(HashedFile {
            out: crate::writeback::DirectWriter::create(path, false)
                .with_context(|| format!("creating {}", path.display()))?,
            hash: Sha256::new(),
        })
    }

    /// Flushes to disk (fsync) and returns the hex digest of every byte written.
    fn sync(mut self) -> Result<String> {
        self.out.finish()?;
        self.out.file().sync_all()?;
        Ok(format!("{:x}", self.hash.finalize()))
    }
}

impl Write for HashedFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        // Only what the file accepted: a short write is retried with the rest.
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

fn csv_writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w)
}

/// A batch turned into CSV bytes and an Arrow record batch: the expensive part of writing, done
/// in worker threads so output scales with threads; the writer only appends.
pub struct Encoded {
    def: &'static TableDef,
    csv: Vec<u8>,
    /// One compressed column chunk per Parquet leaf column when this batch closed its table's
    /// row group (a row group ready to append), else empty.
    chunks: Vec<ArrowColumnChunk>,
    rows: usize,
}

impl Encoded {
    pub fn table_name(&self) -> &'static str {
        self.def.name
    }
}

/// CSV bytes and the Parquet row group of a batch; columns are compressed in parallel. The
/// batch's buffers become the Arrow arrays as they are.
pub fn encode(batch: Batch, groups: &RowGroups) -> Result<Encoded> {
    encode_rows(batch, groups, false)
}

/// `encode` for a table's last rows: the open row group closes with them, so its column chunks
/// are compressed while other work goes on, not when the table closes.
pub fn encode_last(batch: Batch, groups: &RowGroups) -> Result<Encoded> {
    encode_rows(batch, groups, true)
}

fn encode_rows(batch: Batch, groups: &RowGroups, last: bool) -> Result<Encoded> {
    let (def, rows) = (batch.def, batch.len());
    if rows == 0 {
        return Ok(Encoded {
            def,
            csv: Vec::new(),
            chunks: Vec::new(),
            rows: 0,
        });
    }
    let csv = encode_csv(&batch);
    let schema = arrow_schema(def);
    let arrays = batch
        .columns
        .into_iter()
        .zip(schema.fields())
        .map(|(c, f)| to_array(c, f))
        .collect::<Result<Vec<_>>>()?;
    let rb = RecordBatch::try_new(schema.clone(), arrays)?;
    let mut leaves = Vec::new();
    for (field, array) in schema.fields().iter().zip(rb.columns()) {
        leaves.extend(compute_leaves(field, array)?);
    }
    let chunks = groups.append(leaves, rows, last)?;
    Ok(Encoded {
        def,
        csv,
        chunks,
        rows,
    })
}

/// The batch's rows as CSV. Rows are written straight into one buffer: the `csv` crate's writer
/// ran a state machine per field and per delimiter (7% of a run), for a format this simple. The
/// bytes are the ones it writes (tested): fields are quoted when they hold `,`, `"`, `\r` or
/// `\n`, quotes doubled, rows end in `\n`; every table has several columns, so no row is one
/// empty field. Sized up front: growing a buffer of megabytes by doubling copied it several times.
pub(crate) fn encode_csv(batch: &Batch) -> Vec<u8> {
    let text: usize = batch
        .columns
        .iter()
        .map(|c| match &c.data {
            Data::Str { bytes, .. } | Data::StrList { bytes, .. } => bytes.len(),
            _ => 0,
        })
        .sum();
    let cells = batch.len() * batch.columns.len();
    let mut csv = Vec::with_capacity(text + text / 16 + cells * 8);
    let mut scratch = CsvScratch::default();
    // A text column none of whose bytes is special needs no value checked: one SIMD pass over
    // its buffer replaces a test per value (ids, labels and names, most of the fields).
    let plain: Vec<bool> = batch
        .columns
        .iter()
        .map(|c| matches!(&c.data, Data::Str { bytes, .. } if !needs_quotes(bytes)))
        .collect();
    for row in 0..batch.len() {
        for (k, c) in batch.columns.iter().enumerate() {
            if k > 0 {
                csv.push(b',');
            }
            if !c.valid[row] {
                continue;
            }
            match &c.data {
                Data::Str { offsets, bytes } if plain[k] => {
                    csv.extend_from_slice(&bytes[value_range(offsets, row)])
                }
                _ => push_csv_value(&mut csv, c, row, &mut scratch),
            }
        }
        csv.push(b'\n');
    }
    csv
}

/// Reused buffers of `encode_csv`, and the text of the floats already formatted (a float
/// column holds a few distinct confidences; formatting one costs more than a lookup).
#[derive(Default)]
struct CsvScratch {
    text: String,
    floats: hashbrown::HashMap<u64, Box<str>>,
}

fn push_csv_value(csv: &mut Vec<u8>, c: &ColumnBuf, row: usize, scratch: &mut CsvScratch) {
    use std::fmt::Write as _;
    match &c.data {
        Data::Str { offsets, bytes } => push_csv_field(csv, &bytes[value_range(offsets, row)]),
        Data::I64(v) if c.col.ty == ColType::Timestamp => {
            scratch.text.clear();
            write_csv_field(&Cell::Timestamp(v[row]), &mut scratch.text);
            push_csv_field(csv, scratch.text.as_bytes());
        }
        Data::I64(v) => push_int(csv, v[row]),
        Data::F64(v) => {
            let text = scratch.floats.entry(v[row].to_bits()).or_insert_with(|| {
                let mut s = String::new();
                write_csv_field(&Cell::Float(v[row]), &mut s);
                s.into_boxed_str()
            });
            push_csv_field(csv, text.as_bytes());
        }
        Data::Bool(v) => csv.extend_from_slice(if v[row] { b"true" } else { b"false" }),
        Data::Date(v) => push_date(csv, v[row]),
        Data::StrList {
            lists,
            items,
            bytes,
        } => {
            let list: Vec<&str> = value_range(lists, row)
                .map(|j| std::str::from_utf8(&bytes[value_range(items, j)]).unwrap_or_default())
                .collect();
            scratch.text.clear();
            scratch
                .text
                .push_str(&serde_json::to_string(&list).unwrap_or_default());
            push_csv_field(csv, scratch.text.as_bytes());
        }
        Data::Spans { lists, pairs } => {
            // JSON as serde_json writes it: [[1,2],[5,9]]
            scratch.text.clear();
            scratch.text.push('[');
            for (i, [a, b]) in pairs[value_range(lists, row)].iter().enumerate() {
                let sep = if i > 0 { "," } else { "" };
                let _ = write!(scratch.text, "{sep}[{a},{b}]");
            }
            scratch.text.push(']');
            push_csv_field(csv, scratch.text.as_bytes());
        }
    }
}

/// Appends `v` in decimal (what `{v}` prints).
fn push_int(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    let mut digits = [0u8; 20];
    out.extend_from_slice(dossier_core::decimal_digits(v.unsigned_abs(), &mut digits));
}

/// Appends a date (days since 1970-01-01) as chrono's `%Y-%m-%d` prints it.
fn push_date(out: &mut Vec<u8>, days: i32) {
    use chrono::Datelike;
    let Some(d) = batch::UNIX_EPOCH_DAY.checked_add_signed(chrono::Duration::days(days.into()))
    else {
        return;
    };
    if !(0..=9999).contains(&d.year()) {
        let mut s = String::new();
        write_csv_field(&Cell::Date(d), &mut s);
        out.extend_from_slice(s.as_bytes());
        return;
    }
    let (y, m, day) = (d.year() as u32, d.month(), d.day());
    out.extend_from_slice(&[
        b'0' + (y / 1000) as u8,
        b'0' + (y / 100 % 10) as u8,
        b'0' + (y / 10 % 10) as u8,
        b'0' + (y % 10) as u8,
        b'-',
        b'0' + (m / 10) as u8,
        b'0' + (m % 10) as u8,
        b'-',
        b'0' + (day / 10) as u8,
        b'0' + (day % 10) as u8,
    ]);
}

/// A column's buffers as an Arrow array of its schema field's type.
fn to_array(c: ColumnBuf, field: &Field) -> Result<ArrayRef> {
    use arrow_array::{
        BooleanArray, Date32Array, Float64Array, Int64Array, ListArray, StringArray,
        TimestampMicrosecondArray,
    };
    use arrow_buffer::{BooleanBuffer, Buffer, NullBuffer, OffsetBuffer};
    let nulls = if c.valid.iter().all(|&v| v) {
        None
    } else {
        Some(NullBuffer::from(c.valid))
    };
    // (try_new checks the offsets and the UTF-8 of the bytes, once per column)
    let strings = |offsets: Vec<i32>, bytes: Vec<u8>, nulls| -> Result<StringArray> {
        Ok(StringArray::try_new(
            OffsetBuffer::new(offsets.into()),
            Buffer::from_vec(bytes),
            nulls,
        )?)
    };
    let item = |f: &Field| -> Result<Arc<Field>> {
        match f.data_type() {
            DataType::List(item) => Ok(item.clone()),
            t => anyhow::bail!("column {}: a list column of type {t}", f.name()),
        }
    };
    Ok(match (c.data, c.col.ty) {
        (Data::Str { offsets, bytes }, ColType::Label) => label_array(&offsets, &bytes, nulls)?,
        (Data::Str { offsets, bytes }, _) => Arc::new(strings(offsets, bytes, nulls)?),
        (Data::I64(v), ColType::Timestamp) => {
            Arc::new(TimestampMicrosecondArray::new(v.into(), nulls).with_timezone("UTC"))
        }
        (Data::I64(v), _) => Arc::new(Int64Array::new(v.into(), nulls)),
        (Data::F64(v), _) => Arc::new(Float64Array::new(v.into(), nulls)),
        (Data::Bool(v), _) => Arc::new(BooleanArray::new(BooleanBuffer::from_iter(v), nulls)),
        (Data::Date(v), _) => Arc::new(Date32Array::new(v.into(), nulls)),
        (
            Data::StrList {
                lists,
                items,
                bytes,
            },
            _,
        ) => Arc::new(ListArray::try_new(
            item(field)?,
            OffsetBuffer::new(lists.into()),
            Arc::new(strings(items, bytes, None)?),
            nulls,
        )?),
        (Data::Spans { lists, pairs }, _) => {
            let pair_field = item(field)?;
            let flat: Vec<i64> = pairs.iter().flatten().copied().collect();
            let pair_offsets: Vec<i32> = (0..=pairs.len()).map(|i| batch::offset(2 * i)).collect();
            let pairs = ListArray::try_new(
                item(&pair_field)?,
                OffsetBuffer::new(pair_offsets.into()),
                Arc::new(Int64Array::from(flat)),
                None,
            )?;
            Arc::new(ListArray::try_new(
                pair_field,
                OffsetBuffer::new(lists.into()),
                Arc::new(pairs),
                nulls,
            )?)
        }
    })
}

/// A label column as an Arrow dictionary: values in order of first appearance (as Arrow's
/// dictionary builder orders them), a null row keyed 0.
fn label_array(
    offsets: &[i32],
    bytes: &[u8],
    nulls: Option<arrow_buffer::NullBuffer>,
) -> Result<ArrayRef> {
    use arrow_array::{DictionaryArray, Int32Array, StringArray};
    use arrow_buffer::{Buffer, OffsetBuffer};
    let rows = offsets.len() - 1;
    let mut index: hashbrown::HashMap<&[u8], i32> = hashbrown::HashMap::new();
    let (mut dict_offsets, mut dict_bytes) = (vec![0i32], Vec::new());
    let mut keys = Vec::with_capacity(rows);
    let mut last: Option<(&[u8], i32)> = None;
    for i in 0..rows {
        if nulls.as_ref().is_some_and(|n| n.is_null(i)) {
            keys.push(0);
            continue;
        }
        let v = &bytes[value_range(offsets, i)];
        // Rows come grouped by document and sentence, so a label often repeats the row
        // before's: one comparison instead of hashing it.
        if let Some(&(_, key)) = last.as_ref().filter(|(l, _)| *l == v) {
            keys.push(key);
            continue;
        }
        let next = index.len() as i32;
        let key = *index.entry(v).or_insert_with(|| {
            dict_bytes.extend_from_slice(v);
            dict_offsets.push(batch::offset(dict_bytes.len()));
            next
        });
        last = Some((v, key));
        keys.push(key);
    }
    let values = StringArray::try_new(
        OffsetBuffer::new(dict_offsets.into()),
        Buffer::from_vec(dict_bytes),
        None,
    )?;
    Ok(Arc::new(DictionaryArray::<Int32Type>::try_new(
        Int32Array::new(keys.into(), nulls),
        Arc::new(values),
    )?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::File;

    #[test]
    fn a_field_needs_quotes_exactly_when_it_holds_a_special_byte() {
        for len in 0..80 {
            for at in 0..len {
                for special in [b',', b'"', b'\r', b'\n'] {
                    let mut f = vec![b'a'; len];
                    f[at] = special;
                    assert!(needs_quotes(&f), "{len} {at} {special}");
                }
                // neighbours of the special bytes, and bytes that differ from them in one bit
                let mut f = vec![b'x'; len];
                f[at] = [b'+', b'-', b'!', b'#', b'\x0c', b'\x0b', b'l', 0xac][at % 8];
                assert!(!needs_quotes(&f), "{len} {at}");
            }
        }
        assert!(!needs_quotes("é “curly” ’".as_bytes()));
    }

    /// Every type's CSV text, written from the column buffers, is what `write_csv_field` prints
    /// for the same cell: edge numbers, dates outside 1970-9999, float ties, nulls, lists.
    #[test]
    fn column_values_print_like_cells() {
        let types = [
            ColType::Text,
            ColType::Label,
            ColType::Int,
            ColType::Float,
            ColType::Bool,
            ColType::Date,
            ColType::Timestamp,
            ColType::TextList,
            ColType::SpanList,
        ];
        let columns: Vec<schema::Column> = types
            .iter()
            .map(|&ty| schema::Column {
                name: ty.name(),
                ty,
                nullable: true,
                doc: "",
            })
            .collect();
        let def: &'static TableDef = Box::leak(Box::new(TableDef {
            name: "all_types",
            doc: "",
            columns: Box::leak(columns.into_boxed_slice()),
        }));
        let date = |y, m, d| Cell::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        let samples: Vec<Vec<Cell>> = vec![
            vec![Cell::Text("a,b".into()), Cell::Text("x".into())],
            vec![
                Cell::Text("PER".into()),
                Cell::Null,
                Cell::Text("ORG".into()),
            ],
            [0, -1, 9, 10, -10, i64::MAX, i64::MIN, 1234567890]
                .map(Cell::Int)
                .to_vec(),
            [0.0625, 0.0005, -0.0005, 1.0 / 3.0, -0.0, 1e17, 0.1235]
                .map(Cell::Float)
                .to_vec(),
            vec![Cell::Bool(true), Cell::Bool(false)],
            vec![
                date(1970, 1, 1),
                date(1969, 12, 31),
                date(2024, 2, 29),
                date(1, 1, 1),
                date(999, 12, 31),
                date(10000, 1, 1),
                date(-44, 3, 15),
            ],
            [0, 1_700_000_000_123_456, -1].map(Cell::Timestamp).to_vec(),
            vec![
                Cell::TextList(vec![]),
                Cell::TextList(vec!["q\"uote".into(), "é".into(), "a,b".into()]),
            ],
            vec![
                Cell::SpanList(vec![]),
                Cell::SpanList(vec![[1, 2], [-3, 40]]),
            ],
        ];
        let rows = samples.iter().map(Vec::len).max().unwrap() + 1;
        let cells: Vec<Vec<Cell>> = (0..rows)
            .map(|r| {
                samples
                    .iter()
                    .map(|v| v.get(r).cloned().unwrap_or(Cell::Null))
                    .collect()
            })
            .collect();
        let mut b = Batch::new(def);
        for r in &cells {
            b.push(r.clone());
        }
        let mut w = csv_writer(Vec::new());
        for r in &cells {
            w.write_record(r.iter().map(csv_field)).unwrap();
        }
        assert_eq!(
            String::from_utf8(encode_csv(&b)).unwrap(),
            String::from_utf8(w.into_inner().unwrap()).unwrap()
        );
    }

    #[test]
    fn encoded_csv_quotes_like_a_plain_csv_writer() {
        let mut b = Batch::new(&schema::CLAIMS);
        let row = |content: &str| -> Vec<Cell> {
            let mut r: Vec<Cell> = schema::CLAIMS
                .columns
                .iter()
                .map(|c| match c.ty {
                    ColType::Text | ColType::Label => Cell::Text("x".into()),
                    ColType::Int => Cell::Int(-3),
                    ColType::Float => Cell::Float(0.12345),
                    ColType::Bool => Cell::Bool(true),
                    ColType::Date => Cell::Date(NaiveDate::from_ymd_opt(2025, 1, 2).unwrap()),
                    ColType::Timestamp => Cell::Timestamp(1_700_000_000_000_000),
                    ColType::TextList => Cell::TextList(vec!["a\"b".into(), "c,d".into()]),
                    ColType::SpanList => Cell::SpanList(vec![[1, 2], [5, 9]]),
                })
                .collect();
            r[13] = Cell::Text(content.into());
            r
        };
        let contents = [
            "plain",
            "has \"quotes\", commas\nand newlines",
            "",
            "\"",
            "\"\"",
            ",",
            "ends in a quote\"",
            "\"starts with one",
            "carriage\rreturn",
            "\r\n",
            "'single' and\ttab",
            "é, “curly” ’",
            "a text longer than sixty-four bytes, \"quoted\" twice, \"\" and ending in one\"",
        ];
        let rows: Vec<Vec<Cell>> = contents.iter().map(|c| row(c)).collect();
        for r in &rows {
            b.push(r.clone());
        }
        let dir = std::env::temp_dir().join(format!("dossier-encode-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let def = b.def;
        let writer = TableWriter::create(&dir, def, &[]).unwrap();
        let e = encode(b, &writer.encoder()).unwrap();
        let mut w = csv_writer(Vec::new());
        for r in &rows {
            w.write_record(r.iter().map(csv_field)).unwrap();
        }
        assert_eq!(
            String::from_utf8(e.csv.clone()).unwrap(),
            String::from_utf8(w.into_inner().unwrap()).unwrap()
        );
        assert_eq!(e.rows, contents.len());
        assert!(e.chunks.is_empty(), "a few rows leave the row group open");
        let mut writer = writer;
        writer.write_encoded(e).unwrap();
        writer.close().unwrap().sync().unwrap();
        let file = File::open(dir.join(format!("{}.parquet", def.name))).unwrap();
        let reader = parquet::file::reader::SerializedFileReader::new(file).unwrap();
        use parquet::file::reader::FileReader;
        assert_eq!(
            reader.metadata().file_metadata().num_rows(),
            contents.len() as i64
        );
        // Ordered ids and numbers carry min/max statistics; hash ids, free text and lists do not.
        let group = reader.metadata().row_group(0);
        for (c, chunk) in def.columns.iter().zip(group.columns()) {
            assert_eq!(
                chunk.statistics().is_some(),
                has_statistics(def, c),
                "{}",
                c.name
            );
        }
        // doc_id does; the claim's own id (hash digits), its content and its labels do not.
        assert!(has_statistics(def, &def.columns[1]) && !has_statistics(def, &def.columns[0]));
        assert!(!has_statistics(def, &def.columns[13]));
        let label = def.columns.iter().find(|c| c.ty == ColType::Label).unwrap();
        assert!(!has_statistics(def, label), "{}", label.name);
        // Every column's pages are encoded and compressed as its layout says.
        use parquet::basic::Encoding;
        for (c, chunk) in def.columns.iter().zip(group.columns()) {
            let has = |e: Encoding| chunk.encodings().any(|x| x == e);
            let (codec, encoding_ok) = match page_layout(c) {
                PageLayout::DeltaBytes => {
                    (Compression::UNCOMPRESSED, has(Encoding::DELTA_BYTE_ARRAY))
                }
                PageLayout::DeltaInts => (
                    Compression::UNCOMPRESSED,
                    has(Encoding::DELTA_BINARY_PACKED),
                ),
                PageLayout::PlainSnappy => (
                    Compression::SNAPPY,
                    has(Encoding::PLAIN) && !has(Encoding::RLE_DICTIONARY),
                ),
                PageLayout::DictionarySnappy => (Compression::SNAPPY, true),
            };
            assert_eq!(chunk.compression(), codec, "{}", c.name);
            assert!(
                encoding_ok,
                "{}: {:?}",
                c.name,
                chunk.encodings().collect::<Vec<_>>()
            );
        }
        let layout = |name: &str| page_layout(&def.columns[def.index(name).unwrap()]);
        assert_eq!(layout("claim_id"), PageLayout::DeltaBytes);
        assert_eq!(layout("doc_id"), PageLayout::DeltaBytes);
        assert_eq!(layout("sentence_end_id"), PageLayout::DeltaBytes);
        assert_eq!(layout("claimant_id"), PageLayout::PlainSnappy);
        assert_eq!(layout("content"), PageLayout::PlainSnappy);
        assert_eq!(layout("content_start"), PageLayout::DeltaInts);
        assert_eq!(layout("claim_type"), PageLayout::DictionarySnappy);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// `encode_last` closes the open row group with a table's last rows (its chunks come back to
    /// be appended), and the files are the bytes that closing the table would have written.
    #[test]
    fn the_last_rows_close_the_open_group_with_the_same_bytes() {
        let base = std::env::temp_dir().join(format!("dossier-last-{}", std::process::id()));
        let batch = |w: usize| {
            let mut b = Batch::new(&schema::SENTENCES);
            for r in 0..50 {
                let i = (w * 50 + r) as i64;
                b.push(
                    schema::SENTENCES
                        .columns
                        .iter()
                        .map(|c| match (c.name, c.ty) {
                            (_, ColType::Int) => Cell::Int(i),
                            (_, ColType::Text | ColType::Label) => Cell::Text(format!("s{i}")),
                            _ => Cell::Null,
                        })
                        .collect(),
                );
            }
            b
        };
        let mut files = Vec::new();
        for last_closes in [false, true] {
            let dir = base.join(last_closes.to_string());
            std::fs::create_dir_all(&dir).unwrap();
            let mut writer = TableWriter::create(&dir, &schema::SENTENCES, &[]).unwrap();
            let groups = writer.encoder();
            for w in 0..3 {
                let e = if last_closes && w == 2 {
                    let e = encode_last(batch(w), &groups).unwrap();
                    assert!(!e.chunks.is_empty(), "the last rows close the group");
                    e
                } else {
                    let e = encode(batch(w), &groups).unwrap();
                    assert!(e.chunks.is_empty(), "a few rows leave the group open");
                    e
                };
                writer.write_encoded(e).unwrap();
            }
            writer.close().unwrap().sync().unwrap();
            files.push(
                ["csv", "parquet"].map(|ext| std::fs::read(dir.join(format!("sentences.{ext}")))),
            );
        }
        let [csv, parquet] = files.pop().unwrap().map(Result::unwrap);
        let [csv_before, parquet_before] = files.pop().unwrap().map(Result::unwrap);
        assert!(csv == csv_before && parquet == parquet_before);
        let _ = std::fs::remove_dir_all(&base);
    }

    /// Row groups span batches until full, so their count follows bytes, not batches; every row
    /// arrives, in order.
    #[test]
    fn row_groups_span_batches_until_full() {
        let dir = std::env::temp_dir().join(format!("dossier-groups-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut writer = TableWriter::create(&dir, &schema::SENTENCES, &[]).unwrap();
        let groups = writer.encoder();
        // Incompressible-ish text, so that the encoded size grows with the rows.
        let mut x = 1u64;
        let mut text = |n: usize| -> String {
            (0..n)
                .map(|_| {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                    char::from(b'a' + ((x >> 33) % 26) as u8)
                })
                .collect()
        };
        let (batches, rows_per_batch) = (60, 400);
        for w in 0..batches {
            let mut b = Batch::new(&schema::SENTENCES);
            for r in 0..rows_per_batch {
                let i = (w * rows_per_batch + r) as i64;
                b.push(
                    schema::SENTENCES
                        .columns
                        .iter()
                        .map(|c| match (c.name, c.ty) {
                            ("text", _) => Cell::Text(text(400)),
                            (_, ColType::Int) => Cell::Int(i),
                            (_, ColType::Text | ColType::Label) => Cell::Text(format!("s{i}")),
                            _ => Cell::Null,
                        })
                        .collect(),
                );
            }
            let e = encode(b, &groups).unwrap();
            writer.write_encoded(e).unwrap();
        }
        assert_eq!(
            writer.close().unwrap().sync().unwrap().rows,
            batches * rows_per_batch
        );
        let file = File::open(dir.join("sentences.parquet")).unwrap();
        let reader = parquet::file::reader::SerializedFileReader::new(file).unwrap();
        use parquet::file::reader::FileReader;
        let meta = reader.metadata();
        // ~10 MB of text: a few 4 MB groups, not one per batch.
        let n = meta.num_row_groups();
        assert!((2..=5).contains(&n), "{n} row groups");
        let total: i64 = (0..n).map(|g| meta.row_group(g).num_rows()).sum();
        assert_eq!(total, (batches * rows_per_batch) as i64);
        // Groups close at batch boundaries.
        for g in 0..n - 1 {
            assert_eq!(meta.row_group(g).num_rows() % rows_per_batch as i64, 0);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
