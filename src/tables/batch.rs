//! Columnar row buffers: a table's rows as typed columns, filled a value at a time.
//!
//! Reads: values pushed in a `TableDef`'s column order (`push_row!`, or `Batch::push` with
//! `Cell`s). Adds: `Batch`, whose buffers the encoder writes as CSV and hands to Arrow as they
//! are (no value is copied one by one into a builder, no value owns an allocation).
//! Invariants: after every complete row, each column holds `len()` entries; a value's type and
//! nullability are checked against the column's definition when it is pushed (a mismatch is a
//! bug and panics); empty text in a nullable column is stored as null.

use super::schema::{ColType, Column, TableDef};
use super::Cell;
use chrono::NaiveDate;

/// A column's values. Offsets start at 0 and have one more entry than the column has rows.
pub(crate) enum Data {
    /// Text and labels: value `i` is `bytes[offsets[i]..offsets[i + 1]]`.
    Str {
        offsets: Vec<i32>,
        bytes: Vec<u8>,
    },
    /// Int and Timestamp (microseconds since the Unix epoch, UTC).
    I64(Vec<i64>),
    F64(Vec<f64>),
    Bool(Vec<bool>),
    /// Days since 1970-01-01.
    Date(Vec<i32>),
    /// Row `i` holds items `lists[i]..lists[i + 1]`; item `j` is `bytes[items[j]..items[j + 1]]`.
    StrList {
        lists: Vec<i32>,
        items: Vec<i32>,
        bytes: Vec<u8>,
    },
    /// Row `i` holds `pairs[lists[i]..lists[i + 1]]`.
    Spans {
        lists: Vec<i32>,
        pairs: Vec<[i64; 2]>,
    },
}

/// One column of a batch: its definition, which rows hold a value, and the values (a null row
/// holds a placeholder: 0, or an empty string or list).
pub struct ColumnBuf {
    pub(crate) col: &'static Column,
    pub(crate) valid: Vec<bool>,
    pub(crate) data: Data,
}

/// An offset into a column's bytes or items. Arrow's `Utf8` and `List` offsets are 32-bit; a
/// window of documents with over 2 GiB of text in one column cannot be written in that format.
pub(crate) fn offset(n: usize) -> i32 {
    i32::try_from(n).expect("a column of one window holds over 2 GiB")
}

/// The byte range of value `i` of a column whose offsets are `offsets` (or, for list
/// columns, the range of row `i`'s items).
pub(crate) fn value_range(offsets: &[i32], i: usize) -> std::ops::Range<usize> {
    offsets[i] as usize..offsets[i + 1] as usize
}

pub(crate) const UNIX_EPOCH_DAY: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => panic!("1970-01-01 is a date"),
};

impl ColumnBuf {
    fn new(col: &'static Column) -> ColumnBuf {
        let data = match col.ty {
            ColType::Text | ColType::Label => Data::Str {
                offsets: vec![0],
                bytes: Vec::new(),
            },
            ColType::Int | ColType::Timestamp => Data::I64(Vec::new()),
            ColType::Float => Data::F64(Vec::new()),
            ColType::Bool => Data::Bool(Vec::new()),
            ColType::Date => Data::Date(Vec::new()),
            ColType::TextList => Data::StrList {
                lists: vec![0],
                items: vec![0],
                bytes: Vec::new(),
            },
            ColType::SpanList => Data::Spans {
                lists: vec![0],
                pairs: Vec::new(),
            },
        };
        ColumnBuf {
            col,
            valid: Vec::new(),
            data,
        }
    }

    #[cold]
    fn mismatch(&self, table: &str, got: &str) -> ! {
        panic!(
            "table {table}: column {} ({:?}) got {got}",
            self.col.name, self.col.ty
        )
    }

    fn push_null(&mut self, table: &str) {
        if !self.col.nullable {
            self.mismatch(table, "null");
        }
        self.valid.push(false);
        match &mut self.data {
            Data::Str { offsets, bytes } => offsets.push(offset(bytes.len())),
            Data::I64(v) => v.push(0),
            Data::F64(v) => v.push(0.0),
            Data::Bool(v) => v.push(false),
            Data::Date(v) => v.push(0),
            Data::StrList { lists, items, .. } => lists.push(offset(items.len() - 1)),
            Data::Spans { lists, pairs } => lists.push(offset(pairs.len())),
        }
    }

    fn push_str(&mut self, s: &str, table: &str) {
        if s.is_empty() && self.col.nullable {
            return self.push_null(table);
        }
        match &mut self.data {
            Data::Str { offsets, bytes } => {
                bytes.extend_from_slice(s.as_bytes());
                offsets.push(offset(bytes.len()));
            }
            _ => self.mismatch(table, "text"),
        }
        self.valid.push(true);
    }

    fn push_i64(&mut self, x: i64, ty: ColType, table: &str) {
        match &mut self.data {
            Data::I64(v) if self.col.ty == ty => v.push(x),
            _ => self.mismatch(table, ty.name()),
        }
        self.valid.push(true);
    }

    /// Appends `other`'s rows (a column of the same definition).
    fn append(&mut self, other: ColumnBuf) {
        self.valid.extend_from_slice(&other.valid);
        match (&mut self.data, other.data) {
            (
                Data::Str { offsets, bytes },
                Data::Str {
                    offsets: o,
                    bytes: b,
                },
            ) => {
                let base = offset(bytes.len());
                offset(bytes.len() + b.len()); // the joined column fits its offsets
                offsets.extend(shift(base, &o));
                bytes.extend_from_slice(&b);
            }
            (Data::I64(v), Data::I64(o)) => v.extend_from_slice(&o),
            (Data::F64(v), Data::F64(o)) => v.extend_from_slice(&o),
            (Data::Bool(v), Data::Bool(o)) => v.extend_from_slice(&o),
            (Data::Date(v), Data::Date(o)) => v.extend_from_slice(&o),
            (
                Data::StrList {
                    lists,
                    items,
                    bytes,
                },
                Data::StrList {
                    lists: l,
                    items: i,
                    bytes: b,
                },
            ) => {
                let (item_base, byte_base) = (offset(items.len() - 1), offset(bytes.len()));
                offset(bytes.len() + b.len()); // the joined column fits its offsets
                lists.extend(shift(item_base, &l));
                items.extend(shift(byte_base, &i));
                bytes.extend_from_slice(&b);
            }
            (Data::Spans { lists, pairs }, Data::Spans { lists: l, pairs: p }) => {
                let base = offset(pairs.len());
                lists.extend(shift(base, &l));
                pairs.extend_from_slice(&p);
            }
            _ => unreachable!("columns of one definition have one layout"),
        }
    }
}

/// `v`'s offsets after the leading 0, moved by `base` (offsets appended after another column's).
fn shift(base: i32, v: &[i32]) -> impl Iterator<Item = i32> + '_ {
    v[1..].iter().map(move |o| base + o)
}

/// A batch's buffer sizes per byte of the document text its rows came from, learnt from one
/// window to size the next one's buffers up front: growing them by doubling copied every
/// buffer about once more (~2.5% of a run's instructions went to those copies).
#[derive(Debug, Clone, Default)]
pub struct BufferSizes {
    /// Rows per text byte.
    rows: f64,
    /// Per column: (bytes, list items) per text byte.
    columns: Vec<(f64, f64)>,
}

impl ColumnBuf {
    /// (bytes, list items or span pairs) the column holds.
    fn extents(&self) -> (usize, usize) {
        match &self.data {
            Data::Str { bytes, .. } => (bytes.len(), 0),
            Data::StrList { items, bytes, .. } => (bytes.len(), items.len()),
            Data::Spans { pairs, .. } => (0, pairs.len()),
            _ => (0, 0),
        }
    }

    fn reserve(&mut self, rows: usize, bytes: usize, items: usize) {
        self.valid.reserve(rows);
        match &mut self.data {
            Data::Str { offsets, bytes: b } => {
                offsets.reserve(rows);
                b.reserve(bytes);
            }
            Data::I64(v) => v.reserve(rows),
            Data::F64(v) => v.reserve(rows),
            Data::Bool(v) => v.reserve(rows),
            Data::Date(v) => v.reserve(rows),
            Data::StrList {
                lists,
                items: i,
                bytes: b,
            } => {
                lists.reserve(rows);
                i.reserve(items);
                b.reserve(bytes);
            }
            Data::Spans { lists, pairs } => {
                lists.reserve(rows);
                pairs.reserve(items);
            }
        }
    }
}

/// Rows of one table, stored by column until encoded (one window of documents at most).
pub struct Batch {
    pub def: &'static TableDef,
    pub(crate) columns: Vec<ColumnBuf>,
    rows: usize,
}

impl Batch {
    pub fn new(def: &'static TableDef) -> Batch {
        Batch {
            def,
            columns: def.columns.iter().map(ColumnBuf::new).collect(),
            rows: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.rows
    }

    /// This batch's sizes per byte of `text_bytes` of document text (see `BufferSizes`).
    pub fn buffer_sizes(&self, text_bytes: usize) -> BufferSizes {
        let per_byte = |n: usize| n as f64 / text_bytes.max(1) as f64;
        BufferSizes {
            rows: per_byte(self.rows),
            columns: self
                .columns
                .iter()
                .map(|c| {
                    let (bytes, items) = c.extents();
                    (per_byte(bytes), per_byte(items))
                })
                .collect(),
        }
    }

    /// Reserves room for the rows of `text_bytes` of document text at `sizes`, with an eighth
    /// more for the spread between windows (room never touched costs no memory).
    pub fn reserve(&mut self, sizes: &BufferSizes, text_bytes: usize) {
        let room = |per_byte: f64| (per_byte * text_bytes as f64 * 1.125) as usize;
        if sizes.columns.len() != self.columns.len() {
            return;
        }
        for (c, &(bytes, items)) in self.columns.iter_mut().zip(&sizes.columns) {
            c.reserve(room(sizes.rows), room(bytes), room(items));
        }
    }

    /// About the bytes `write_to` takes (text, and a few bytes per number, length and bitmap
    /// byte): a capacity for its buffer.
    pub fn spill_size_estimate(&self) -> usize {
        let (bytes, items) = self
            .columns
            .iter()
            .map(ColumnBuf::extents)
            .fold((0, 0), |(b, i), (cb, ci)| (b + cb, i + ci));
        64 + bytes + 3 * (items + self.rows * self.columns.len())
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Bytes of text column `index`.
    pub fn text_bytes(&self, index: usize) -> usize {
        match &self.columns[index].data {
            Data::Str { bytes, .. } => bytes.len(),
            _ => 0,
        }
    }

    /// Pushes the value of column `index` of the row being built (see `push_row!`).
    #[inline]
    pub fn put<V: Value>(&mut self, index: usize, value: V) {
        let table = self.def.name;
        value.put(&mut self.columns[index], table);
    }

    /// Closes the row being built after `pushed` values; checks that it has every column.
    #[inline]
    pub fn end_row(&mut self, pushed: usize) {
        assert_eq!(
            pushed,
            self.columns.len(),
            "table {}: wrong number of cells",
            self.def.name
        );
        self.rows += 1;
    }

    /// Appends a row of `Cell`s (checked like `push_row!`).
    pub fn push(&mut self, row: Vec<Cell>) {
        let n = row.len();
        assert!(
            n == self.columns.len(),
            "table {}: wrong number of cells",
            self.def.name
        );
        for (i, cell) in row.into_iter().enumerate() {
            self.put(i, cell);
        }
        self.end_row(n);
    }

    /// Appends every row of `other` (a batch of the same table), in order.
    pub fn append(&mut self, other: Batch) {
        assert!(std::ptr::eq(self.def, other.def), "batches of one table");
        if self.rows == 0 {
            *self = other;
            return;
        }
        for (mine, theirs) in self.columns.iter_mut().zip(other.columns) {
            mine.append(theirs);
        }
        self.rows += other.rows;
    }

    /// Replaces the values of text or text-list column `index` that `new_value` maps to another
    /// (the batch is untouched when it maps none).
    pub fn replace_text<'m>(
        &mut self,
        index: usize,
        new_value: impl Fn(&[u8]) -> Option<&'m [u8]>,
    ) {
        match &mut self.columns[index].data {
            Data::Str { offsets, bytes } => replace_strings(offsets, bytes, &new_value),
            Data::StrList { items, bytes, .. } => replace_strings(items, bytes, &new_value),
            _ => panic!(
                "table {}: column {} holds no text",
                self.def.name, self.def.columns[index].name
            ),
        }
    }

    /// Appends the batch to `out` in the spill's layout: a validity bitmap per column, then
    /// the valid values only, numbers and lengths as LEB128 varints; a text equal to the one
    /// before it in its column (a row's document or sentence id) is a single 0 byte. Bytes
    /// written to the page cache cost more than this encoding (the layout is ~40% smaller than
    /// the buffers).
    pub fn write_to(&self, out: &mut Vec<u8>) {
        put_varint(out, self.rows as u64);
        for c in &self.columns {
            put_bits(out, &c.valid);
            let valid = |i: &usize| c.valid[*i];
            match &c.data {
                Data::Str { offsets, bytes } => {
                    put_varint(out, bytes.len() as u64);
                    let mut previous: Option<&[u8]> = None;
                    for i in (0..self.rows).filter(valid) {
                        let v = &bytes[value_range(offsets, i)];
                        if previous.is_some_and(|p| same_bytes(p, v)) {
                            out.push(0);
                        } else {
                            put_varint(out, v.len() as u64 + 1);
                            out.extend_from_slice(v);
                            previous = Some(v);
                        }
                    }
                }
                Data::I64(v) => (0..self.rows)
                    .filter(valid)
                    .for_each(|i| put_varint(out, zigzag(v[i]))),
                Data::F64(v) => (0..self.rows)
                    .filter(valid)
                    .for_each(|i| out.extend_from_slice(&v[i].to_le_bytes())),
                Data::Bool(v) => put_bits(out, v),
                Data::Date(v) => (0..self.rows)
                    .filter(valid)
                    .for_each(|i| put_varint(out, zigzag(v[i].into()))),
                Data::StrList {
                    lists,
                    items,
                    bytes,
                } => {
                    for i in (0..self.rows).filter(valid) {
                        let (from, to) = (lists[i] as usize, lists[i + 1] as usize);
                        put_varint(out, (to - from) as u64);
                        for j in from..to {
                            let v = &bytes[value_range(items, j)];
                            put_varint(out, v.len() as u64);
                            out.extend_from_slice(v);
                        }
                    }
                }
                Data::Spans { lists, pairs } => {
                    for i in (0..self.rows).filter(valid) {
                        let row = &pairs[value_range(lists, i)];
                        put_varint(out, row.len() as u64);
                        for [a, b] in row {
                            put_varint(out, zigzag(*a));
                            put_varint(out, zigzag(*b));
                        }
                    }
                }
            }
        }
    }

    /// Reads a batch of table `def` written by `write_to`, advancing `input` past it. Every
    /// length is checked against the bytes left, so a damaged spill is an error, not a panic.
    pub fn read_from(def: &'static TableDef, input: &mut &[u8]) -> anyhow::Result<Batch> {
        let mut b = Batch::new(def);
        let rows = take_varint(input)?;
        let rows = usize::try_from(rows)
            .ok()
            .filter(|&r| r <= input.len().saturating_mul(8))
            .ok_or_else(damaged)?;
        for c in &mut b.columns {
            let valid = take_bits(input, rows)?;
            // Null rows hold placeholders: 0, or an empty text or list.
            match &mut c.data {
                Data::Str { offsets, bytes } => {
                    // the column's bytes with repeats expanded: a capacity hint only
                    let total = usize::try_from(take_varint(input)?).unwrap_or(0);
                    bytes.reserve(total.min(input.len().saturating_mul(64)));
                    offsets.reserve(rows);
                    let mut previous: Option<(usize, usize)> = None;
                    for &ok in &valid {
                        if ok {
                            let n = take_len(input)?;
                            let from = bytes.len();
                            if n == 0 {
                                // the column's previous valid value again
                                let (start, end) = previous.ok_or_else(damaged)?;
                                bytes.extend_from_within(start..end);
                            } else {
                                bytes.extend_from_slice(take(input, n - 1)?);
                            }
                            previous = Some((from, bytes.len()));
                        }
                        offsets.push(offset(bytes.len()));
                    }
                }
                Data::I64(v) => {
                    v.reserve(rows);
                    for &ok in &valid {
                        v.push(if ok { unzigzag(take_varint(input)?) } else { 0 });
                    }
                }
                Data::F64(v) => {
                    v.reserve(rows);
                    for &ok in &valid {
                        v.push(if ok {
                            f64::from_le_bytes(take(input, 8)?.try_into().map_err(|_| damaged())?)
                        } else {
                            0.0
                        });
                    }
                }
                Data::Bool(v) => *v = take_bits(input, rows)?,
                Data::Date(v) => {
                    v.reserve(rows);
                    for &ok in &valid {
                        let d = if ok { unzigzag(take_varint(input)?) } else { 0 };
                        v.push(i32::try_from(d).map_err(|_| damaged())?);
                    }
                }
                Data::StrList {
                    lists,
                    items,
                    bytes,
                } => {
                    for &ok in &valid {
                        if ok {
                            for _ in 0..take_len(input)? {
                                let n = take_len(input)?;
                                bytes.extend_from_slice(take(input, n)?);
                                items.push(offset(bytes.len()));
                            }
                        }
                        lists.push(offset(items.len() - 1));
                    }
                }
                Data::Spans { lists, pairs } => {
                    for &ok in &valid {
                        if ok {
                            for _ in 0..take_len(input)? {
                                let a = unzigzag(take_varint(input)?);
                                pairs.push([a, unzigzag(take_varint(input)?)]);
                            }
                        }
                        lists.push(offset(pairs.len()));
                    }
                }
            }
            c.valid = valid;
        }
        b.rows = rows;
        Ok(b)
    }
}

fn replace_strings<'m>(
    offsets: &mut Vec<i32>,
    bytes: &mut Vec<u8>,
    new_value: &impl Fn(&[u8]) -> Option<&'m [u8]>,
) {
    let value = |i: usize| &bytes[value_range(offsets, i)];
    let n = offsets.len() - 1;
    let Some(first) = (0..n).find(|&i| new_value(value(i)).is_some()) else {
        return;
    };
    let mut new_offsets = offsets[..=first].to_vec();
    let mut new_bytes = bytes[..offsets[first] as usize].to_vec();
    for i in first..n {
        let old = value(i);
        new_bytes.extend_from_slice(new_value(old).unwrap_or(old));
        new_offsets.push(offset(new_bytes.len()));
    }
    *offsets = new_offsets;
    *bytes = new_bytes;
}

fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    ((n >> 1) as i64) ^ -((n & 1) as i64)
}

/// Booleans as a bitmap, 8 per byte.
fn put_bits(out: &mut Vec<u8>, bits: &[bool]) {
    let mut chunks = bits.chunks_exact(8);
    for chunk in &mut chunks {
        // Eight flags (0 or 1 bytes) as one word; the multiply gathers bit 0 of each byte into
        // the top byte, lowest flag lowest.
        let word = u64::from_le_bytes(std::array::from_fn(|i| u8::from(chunk[i])));
        out.push((word.wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        out.push(
            rest.iter()
                .enumerate()
                .fold(0u8, |b, (i, &v)| b | (u8::from(v) << i)),
        );
    }
}

fn damaged() -> anyhow::Error {
    anyhow::anyhow!("damaged spill: a batch does not read back")
}

fn take<'a>(input: &mut &'a [u8], n: usize) -> anyhow::Result<&'a [u8]> {
    if input.len() < n {
        return Err(damaged());
    }
    let (head, rest) = input.split_at(n);
    *input = rest;
    Ok(head)
}

fn take_varint(input: &mut &[u8]) -> anyhow::Result<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = input.split_first().ok_or_else(damaged)?;
        *input = rest;
        n |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Ok(n);
        }
    }
    Err(damaged())
}

/// A count or length: never more than the bytes left (each element takes at least one), so a
/// damaged length cannot ask for a huge allocation.
fn take_len(input: &mut &[u8]) -> anyhow::Result<usize> {
    let n = take_varint(input)?;
    usize::try_from(n)
        .ok()
        .filter(|&n| n <= input.len() + 1)
        .ok_or_else(damaged)
}

fn take_bits(input: &mut &[u8], n: usize) -> anyhow::Result<Vec<bool>> {
    let bytes = take(input, n.div_ceil(8))?;
    // A byte's 8 flags at a time, from a table (a shift and a test per flag was ~1% of a run's
    // instructions: every column of every spilled row has one).
    let mut bits = Vec::with_capacity(bytes.len() * 8);
    for &b in bytes {
        bits.extend_from_slice(&BYTE_BITS[usize::from(b)]);
    }
    bits.truncate(n);
    Ok(bits)
}

/// The flags of every byte value, lowest bit first.
static BYTE_BITS: [[bool; 8]; 256] = {
    let mut table = [[false; 8]; 256];
    let mut b = 0;
    while b < 256 {
        let mut i = 0;
        while i < 8 {
            table[b][i] = b >> i & 1 == 1;
            i += 1;
        }
        b += 1;
    }
    table
};

/// Pushes one row into a batch, a value per column in definition order:
/// `push_row!(batch; id, doc_id, Some(start), None::<&str>, ...)`.
macro_rules! push_row {
    ($batch:expr; $($value:expr),+ $(,)?) => {{
        let batch: &mut $crate::tables::Batch = &mut $batch;
        let mut column = 0usize;
        $(
            batch.put(column, $value);
            column += 1;
        )+
        batch.end_row(column);
    }};
}
pub(crate) use push_row;

/// A value that a column can hold; `put` checks it against the column's type.
pub trait Value {
    fn put(self, column: &mut ColumnBuf, table: &str);
}

/// A null of any nullable column.
pub struct Null;

/// A UTC instant in microseconds (an `i64` alone is an Int).
pub struct Timestamp(pub i64);

/// A list of text (a `TextList` column).
pub struct TextList<I>(pub I);

/// A list of code-point `[start, end]` pairs (a `SpanList` column).
pub struct SpanList<I>(pub I);

impl Value for Null {
    fn put(self, c: &mut ColumnBuf, table: &str) {
        c.push_null(table)
    }
}

impl Value for &str {
    #[inline]
    fn put(self, c: &mut ColumnBuf, table: &str) {
        c.push_str(self, table)
    }
}

impl Value for &String {
    #[inline]
    fn put(self, c: &mut ColumnBuf, table: &str) {
        c.push_str(self, table)
    }
}

impl Value for &dossier_core::RowId {
    #[inline]
    fn put(self, c: &mut ColumnBuf, table: &str) {
        c.push_str(self, table)
    }
}

impl Value for String {
    #[inline]
    fn put(self, c: &mut ColumnBuf, table: &str) {
        c.push_str(&self, table)
    }
}

impl Value for i64 {
    #[inline]
    fn put(self, c: &mut ColumnBuf, table: &str) {
        c.push_i64(self, ColType::Int, table)
    }
}

impl Value for usize {
    #[inline]
    fn put(self, c: &mut ColumnBuf, table: &str) {
        let v = i64::try_from(self).unwrap_or(i64::MAX);
        c.push_i64(v, ColType::Int, table)
    }
}

impl Value for Timestamp {
    fn put(self, c: &mut ColumnBuf, table: &str) {
        c.push_i64(self.0, ColType::Timestamp, table)
    }
}

impl Value for f64 {
    fn put(self, c: &mut ColumnBuf, table: &str) {
        match &mut c.data {
            Data::F64(v) => v.push(self),
            _ => c.mismatch(table, "float"),
        }
        c.valid.push(true);
    }
}

impl Value for bool {
    fn put(self, c: &mut ColumnBuf, table: &str) {
        match &mut c.data {
            Data::Bool(v) => v.push(self),
            _ => c.mismatch(table, "bool"),
        }
        c.valid.push(true);
    }
}

impl Value for NaiveDate {
    fn put(self, c: &mut ColumnBuf, table: &str) {
        let days = (self - UNIX_EPOCH_DAY).num_days();
        match &mut c.data {
            // Every NaiveDate is within i32 days of 1970 (chrono's range is +-262,143 years).
            Data::Date(v) => v.push(days as i32),
            _ => c.mismatch(table, "date"),
        }
        c.valid.push(true);
    }
}

impl<I> Value for TextList<I>
where
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    fn put(self, c: &mut ColumnBuf, table: &str) {
        match &mut c.data {
            Data::StrList {
                lists,
                items,
                bytes,
            } => {
                for s in self.0 {
                    bytes.extend_from_slice(s.as_ref().as_bytes());
                    items.push(offset(bytes.len()));
                }
                lists.push(offset(items.len() - 1));
            }
            _ => c.mismatch(table, "text list"),
        }
        c.valid.push(true);
    }
}

impl<I> Value for SpanList<I>
where
    I: IntoIterator<Item = [i64; 2]>,
{
    fn put(self, c: &mut ColumnBuf, table: &str) {
        match &mut c.data {
            Data::Spans { lists, pairs } => {
                pairs.extend(self.0);
                lists.push(offset(pairs.len()));
            }
            _ => c.mismatch(table, "span list"),
        }
        c.valid.push(true);
    }
}

impl<V: Value> Value for Option<V> {
    #[inline]
    fn put(self, c: &mut ColumnBuf, table: &str) {
        match self {
            Some(v) => v.put(c, table),
            None => c.push_null(table),
        }
    }
}

impl<'a, V> Value for &'a Option<V>
where
    &'a V: Value,
{
    #[inline]
    fn put(self, c: &mut ColumnBuf, table: &str) {
        self.as_ref().put(c, table)
    }
}

impl Value for Cell {
    fn put(self, c: &mut ColumnBuf, table: &str) {
        match self {
            Cell::Null => c.push_null(table),
            Cell::Text(s) => c.push_str(&s, table),
            Cell::Int(v) => v.put(c, table),
            Cell::Float(v) => v.put(c, table),
            Cell::Bool(v) => v.put(c, table),
            Cell::Date(d) => d.put(c, table),
            Cell::Timestamp(us) => Timestamp(us).put(c, table),
            Cell::TextList(v) => TextList(v).put(c, table),
            Cell::SpanList(v) => SpanList(v).put(c, table),
        }
    }
}

/// `a == b` without a call to `memcmp` for values up to 32 bytes: a column's values are mostly
/// hash digits or counters that differ from the value before in their last bytes, which one
/// 8-byte load compares, and the equal ones (a row's document or sentence id, repeated down the
/// column) are short, so a few word loads settle them (the spill checks every text value
/// against the one before it; `memcmp` calls were ~1% of a run).
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if !(8..=32).contains(&n) {
        return a == b;
    }
    let word =
        |s: &[u8], at: usize| u64::from_ne_bytes(s[at..at + 8].try_into().unwrap_or_default());
    // the last 8 bytes first, then whole words from the front (the last may overlap the tail)
    if word(a, n - 8) != word(b, n - 8) {
        return false;
    }
    let mut at = 0;
    while at + 8 < n {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::schema;

    fn value(b: &Batch, column: usize, row: usize) -> Option<String> {
        let c = &b.columns[column];
        if !c.valid[row] {
            return None;
        }
        Some(match &c.data {
            Data::Str { offsets, bytes } => {
                String::from_utf8(bytes[value_range(offsets, row)].to_vec()).unwrap()
            }
            Data::I64(v) => v[row].to_string(),
            Data::StrList {
                lists,
                items,
                bytes,
            } => (lists[row]..lists[row + 1])
                .map(|j| {
                    std::str::from_utf8(&bytes[value_range(items, j as usize)])
                        .unwrap()
                        .to_string()
                })
                .collect::<Vec<_>>()
                .join("|"),
            _ => unreachable!(),
        })
    }

    fn entity_row(b: &mut Batch, id: &str, aliases: &[&str], count: Option<i64>) {
        push_row!(*b; id, "name", "PERSON", TextList(aliases.iter()), Null, None::<&str>,
            count.unwrap_or(0), 1usize, None::<NaiveDate>);
    }

    #[test]
    fn appended_batches_read_like_one() {
        let mut a = Batch::new(&schema::ENTITIES);
        entity_row(&mut a, "E1", &["x", "yy"], Some(3));
        entity_row(&mut a, "E2", &[], Some(4));
        let mut b = Batch::new(&schema::ENTITIES);
        entity_row(&mut b, "E3", &["zzz"], None);
        entity_row(&mut b, "E4", &["p", "q", "r"], Some(-5));
        let mut whole = Batch::new(&schema::ENTITIES);
        whole.append(a);
        whole.append(b);
        assert_eq!(whole.len(), 4);
        let ids: Vec<_> = (0..4).map(|r| value(&whole, 0, r).unwrap()).collect();
        assert_eq!(ids, ["E1", "E2", "E3", "E4"]);
        let aliases: Vec<_> = (0..4).map(|r| value(&whole, 3, r).unwrap()).collect();
        assert_eq!(aliases, ["x|yy", "", "zzz", "p|q|r"]);
        assert_eq!(value(&whole, 6, 3).as_deref(), Some("-5"));
        // null placeholders keep the offsets of the rows after them right
        assert_eq!(value(&whole, 4, 2), None);
    }

    #[test]
    fn same_bytes_is_slice_equality() {
        // every length around the word sizes, differing in the first, a middle or the last byte
        let values: Vec<Vec<u8>> = (0..41)
            .flat_map(|n| {
                let base: Vec<u8> = (0..n as u8).collect();
                let flipped = |at: Option<usize>| {
                    let mut v = base.clone();
                    if let Some(b) = at.and_then(|i| v.get_mut(i)) {
                        *b ^= 1;
                    }
                    v
                };
                let (first, middle, last) = (
                    flipped(Some(0)),
                    flipped(Some(n / 2)),
                    flipped(n.checked_sub(1)),
                );
                [base, first, middle, last]
            })
            .collect();
        for a in &values {
            for b in &values {
                assert_eq!(same_bytes(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }

    /// Rows of claims with every column type: repeats, empty values, nulls, quotes, non-ASCII.
    fn sample_claims() -> Vec<Vec<Cell>> {
        let mut rows = Vec::new();
        let mut seed = 7u64;
        for i in 0..40 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let text = "é,\"x".repeat((seed % 5) as usize);
            let pairs: Vec<[i64; 2]> = (0..seed % 3).map(|k| [k as i64, -(i as i64)]).collect();
            rows.push(
                schema::CLAIMS
                    .columns
                    .iter()
                    .map(|c| match c.ty {
                        _ if c.nullable && (seed >> c.name.len()).is_multiple_of(3) => Cell::Null,
                        // repeats, empty values (null where nullable) and repeats of those
                        ColType::Text | ColType::Label if seed.is_multiple_of(4) => {
                            Cell::Text("".into())
                        }
                        ColType::Text | ColType::Label => Cell::Text(format!("{}{text}", i / 3)),
                        ColType::Int => Cell::Int(seed as i64),
                        ColType::Float => Cell::Float((seed % 1000) as f64 / 7.0),
                        ColType::Bool => Cell::Bool(seed.is_multiple_of(2)),
                        ColType::Date => Cell::Date(NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()),
                        ColType::Timestamp => Cell::Timestamp(seed as i64),
                        ColType::TextList => Cell::TextList(vec![text.clone(); 2]),
                        ColType::SpanList => Cell::SpanList(pairs.clone()),
                    })
                    .collect(),
            );
        }
        rows
    }

    /// Flags pack 8 to a byte, lowest first, and read back unchanged, whatever their count.
    #[test]
    fn flags_pack_into_bytes_lowest_first_and_read_back() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for n in 0..70 {
            let flags: Vec<bool> = (0..n)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed & 1 == 1
                })
                .collect();
            let mut packed = Vec::new();
            put_bits(&mut packed, &flags);
            let expected: Vec<u8> = flags
                .chunks(8)
                .map(|c| (0..c.len()).map(|i| u8::from(c[i]) << i).sum())
                .collect();
            assert_eq!(packed, expected, "{n} flags");
            let mut input = &packed[..];
            assert_eq!(take_bits(&mut input, n).unwrap(), flags, "{n} flags");
            assert!(input.is_empty());
        }
    }

    /// A batch of every column type reads back from the spill layout with the same CSV, and any
    /// truncation of the bytes is an error, never a panic.
    #[test]
    fn batches_read_back_from_the_spill_layout() {
        let mut b = Batch::new(&schema::CLAIMS);
        for row in sample_claims() {
            b.push(row);
        }
        let mut seed = 7u64;
        let mut bytes = Vec::new();
        b.write_to(&mut bytes);
        let mut input = &bytes[..];
        let back = Batch::read_from(&schema::CLAIMS, &mut input).unwrap();
        assert!(input.is_empty());
        assert_eq!(back.len(), b.len());
        assert_eq!(
            crate::tables::encode_csv(&back),
            crate::tables::encode_csv(&b)
        );
        for cut in (0..bytes.len()).step_by(7) {
            assert!(Batch::read_from(&schema::CLAIMS, &mut &bytes[..cut]).is_err());
        }
        // Damaged bytes read back as an error or as a batch whose offsets hold together (it
        // encodes without a panic); they never panic.
        for round in 0..2000u64 {
            let mut damaged = bytes.clone();
            for k in 0..1 + round % 3 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let at = (seed % damaged.len() as u64) as usize;
                damaged[at] ^= 1 << ((seed >> 32) % 8) as u8 | k as u8;
            }
            if let Ok(b) = Batch::read_from(&schema::CLAIMS, &mut &damaged[..]) {
                crate::tables::encode_csv(&b);
            }
        }
    }

    /// Buffers reserved from a batch's sizes take as many rows again without growing, and the
    /// spill buffer's estimate holds the spill layout.
    #[test]
    fn buffers_sized_from_a_window_take_its_rows_without_growing() {
        let rows = sample_claims();
        let mut b = Batch::new(&schema::CLAIMS);
        for row in rows.clone() {
            b.push(row);
        }
        let mut spilled = Vec::new();
        b.write_to(&mut spilled);
        assert!(spilled.len() <= b.spill_size_estimate());
        let text_bytes = 5000;
        let mut again = Batch::new(&schema::CLAIMS);
        again.reserve(&b.buffer_sizes(text_bytes), text_bytes);
        let capacities = |b: &Batch| -> Vec<(usize, usize, usize)> {
            b.columns
                .iter()
                .map(|c| {
                    let (rows, bytes) = match &c.data {
                        Data::Str { offsets, bytes } => (offsets.capacity(), bytes.capacity()),
                        Data::I64(v) => (v.capacity(), 0),
                        Data::F64(v) => (v.capacity(), 0),
                        Data::Bool(v) => (v.capacity(), 0),
                        Data::Date(v) => (v.capacity(), 0),
                        Data::StrList { lists, bytes, .. } => (lists.capacity(), bytes.capacity()),
                        Data::Spans { lists, pairs } => (lists.capacity(), pairs.capacity()),
                    };
                    (c.valid.capacity(), rows, bytes)
                })
                .collect()
        };
        let reserved = capacities(&again);
        assert!(reserved.iter().all(|&(valid, _, _)| valid >= rows.len()));
        for row in rows {
            again.push(row);
        }
        assert_eq!(capacities(&again), reserved);
        assert_eq!(
            crate::tables::encode_csv(&again),
            crate::tables::encode_csv(&b)
        );
    }

    #[test]
    fn replacing_text_renames_only_mapped_values() {
        let mut b = Batch::new(&schema::ENTITIES);
        entity_row(&mut b, "E1", &["E2", "x"], Some(1));
        entity_row(&mut b, "E2", &[], Some(2));
        entity_row(&mut b, "E3", &["E2"], Some(3));
        let map = |v: &[u8]| (v == b"E2").then_some(&b"E22"[..]);
        b.replace_text(0, map);
        b.replace_text(3, map);
        let ids: Vec<_> = (0..3).map(|r| value(&b, 0, r).unwrap()).collect();
        assert_eq!(ids, ["E1", "E22", "E3"]);
        let aliases: Vec<_> = (0..3).map(|r| value(&b, 3, r).unwrap()).collect();
        assert_eq!(aliases, ["E22|x", "", "E22"]);
    }

    #[test]
    fn empty_text_is_null_in_a_nullable_column() {
        let mut b = Batch::new(&schema::ENTITIES);
        push_row!(b; "E1", "n", "ORG", TextList(Vec::<String>::new()), "", "", 1i64, 1usize, Null);
        assert_eq!(value(&b, 4, 0), None);
        assert_eq!(value(&b, 5, 0), None);
    }

    #[test]
    #[should_panic(expected = "column entity_id")]
    fn a_null_in_a_required_column_panics() {
        let mut b = Batch::new(&schema::ENTITIES);
        b.put(0, Null);
    }

    #[test]
    #[should_panic(expected = "got bool")]
    fn a_value_of_the_wrong_type_panics() {
        let mut b = Batch::new(&schema::ENTITIES);
        b.put(0, true);
    }

    #[test]
    #[should_panic(expected = "wrong number of cells")]
    fn a_short_row_panics() {
        let mut b = Batch::new(&schema::ENTITIES);
        push_row!(b; "E1", "n");
    }
}
