//! Corpus-level merge: per-document entity summaries -> global entities.
//!
//! Reads: every document's `LocalEntity` list and publication date, in any order.
//! Adds: the map from per-document `EntityKey` to global `entity_id`, and the `entities` rows.
//! Invariants: pure and order-independent — `entity_id` derives from the canonical (name, type)
//! only, so the same entity gets the same id in any corpus; a single-word PERSON key that is the
//! last name of exactly one multi-word PERSON in the corpus folds into it.
//! Memory: real corpora keep adding entities as they grow, so the per-key records go through
//! external sorts (`crate::extsort`) with a byte budget each: past it they wait on disk in sorted
//! runs. What stays in memory for the whole run is one entry per folded single-word name.

use crate::extsort::{ExternalSorter, Record};
use anyhow::Result;
use chrono::NaiveDate;
use dossier_core::{EntityKey, EntityType, LocalEntity};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

/// What the merge keeps of one document (the test-facing input of `merge`).
pub struct DocEntities<'a> {
    pub published: Option<NaiveDate>,
    pub entities: &'a [LocalEntity],
}

/// One row of the `entities` table, built on demand (see `Merged::entity_chunks`).
pub struct MergedEntity {
    pub entity_id: String,
    pub key: EntityKey,
    pub aliases: BTreeSet<String>,
    pub kb_id: Option<String>,
    pub country_code: Option<String>,
    pub mention_count: usize,
    pub document_count: usize,
    pub first_published: Option<NaiveDate>,
}

pub fn entity_id(key: &EntityKey) -> String {
    name_id(key.entity_type, &key.name)
}

/// The id of the entity named `name` of type `ty`.
fn name_id(ty: EntityType, name: &str) -> String {
    dossier_core::row_id("E", &[ty.as_str(), name]).to_string()
}

/// `entity_id` without its `E_` prefix, as a number: sorting these sorts the ids, and
/// `id_from_bits` gives the id back without hashing again.
fn entity_id_bits(ty: EntityType, name: &str) -> u64 {
    dossier_core::row_hash(&[ty.as_str(), name])
}

fn id_from_bits(bits: u64) -> String {
    format!("E_{bits:016x}")
}

const TYPES: [EntityType; 7] = [
    EntityType::PERSON,
    EntityType::ORG,
    EntityType::GPE,
    EntityType::LOC,
    EntityType::NORP,
    EntityType::EVENT,
    EntityType::MISC,
];

fn type_code(t: EntityType) -> u8 {
    TYPES.iter().position(|x| *x == t).unwrap_or(6) as u8
}

/// One per-document key's statistics, combined over the documents that have it (sort key: type
/// code, name).
#[derive(Serialize, Deserialize, Debug, Clone)]
struct KeyRec {
    ty: u8,
    name: String,
    /// Saturating: no entity is mentioned four billion times.
    mentions: u32,
    documents: u32,
    /// Days since the epoch; i32::MAX when unknown.
    first_published: i32,
    /// The key's own name was one of its surface forms (most keys: a flag, not an alias string).
    name_is_alias: bool,
    /// Other surface forms, sorted and unique.
    aliases: Vec<String>,
    kb_id: Option<String>,
    country_code: Option<String>,
}

fn min_some(a: &mut Option<String>, b: Option<String>) {
    if let Some(b) = b {
        if a.as_ref().is_none_or(|a| b < *a) {
            *a = Some(b);
        }
    }
}

/// Sorted union of two sorted, unique lists.
fn union_sorted(a: Vec<String>, b: Vec<String>) -> Vec<String> {
    if b.is_empty() {
        return a;
    }
    if a.is_empty() {
        return b;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => match x.cmp(y) {
                Ordering::Less => a.next(),
                Ordering::Greater => b.next(),
                Ordering::Equal => {
                    b.next();
                    a.next()
                }
            },
            (Some(_), None) => a.next(),
            (None, Some(_)) => b.next(),
            (None, None) => break,
        };
        out.extend(next);
    }
    out
}

impl KeyRec {
    fn ty(&self) -> EntityType {
        TYPES[usize::from(self.ty).min(TYPES.len() - 1)]
    }

    /// Adds a key's statistics (another document's, or a folded key's) to this one.
    fn absorb(&mut self, o: KeyRec) {
        self.mentions = self.mentions.saturating_add(o.mentions);
        self.documents = self.documents.saturating_add(o.documents);
        self.first_published = self.first_published.min(o.first_published);
        self.name_is_alias |= o.name_is_alias;
        self.aliases = union_sorted(std::mem::take(&mut self.aliases), o.aliases);
        min_some(&mut self.kb_id, o.kb_id);
        min_some(&mut self.country_code, o.country_code);
    }

    fn heap_bytes(&self) -> usize {
        self.name.capacity()
            + self.aliases.capacity() * std::mem::size_of::<String>()
            + self.aliases.iter().map(String::capacity).sum::<usize>()
            + self.kb_id.as_ref().map_or(0, String::capacity)
            + self.country_code.as_ref().map_or(0, String::capacity)
    }
}

impl Record for KeyRec {
    fn cmp_key(&self, o: &Self) -> Ordering {
        (self.ty, &self.name).cmp(&(o.ty, &o.name))
    }
    fn combine(&mut self, o: Self) {
        self.absorb(o);
    }
    fn approx_bytes(&self) -> usize {
        self.heap_bytes()
    }
}

/// Documents holding both a single-word PERSON key and a multi-word PERSON key ending in it: if
/// the first folds into the second, each such document must count once.
#[derive(Serialize, Deserialize, Debug)]
struct OverlapRec {
    single: String,
    multi: String,
    documents: u32,
}

impl Record for OverlapRec {
    fn cmp_key(&self, o: &Self) -> Ordering {
        (&self.single, &self.multi).cmp(&(&o.single, &o.multi))
    }
    fn combine(&mut self, o: Self) {
        self.documents += o.documents;
    }
    fn approx_bytes(&self) -> usize {
        self.single.capacity() + self.multi.capacity()
    }
}

/// A PERSON key filed under the word that decides folding: its name when single-word, its last
/// word otherwise (sort key: that word, single first, then the name). The word is the name's
/// tail, so the record keeps where it starts rather than a copy.
#[derive(Serialize, Deserialize, Debug)]
struct FoldRec {
    /// Byte offset of the folding word in `key.name` (0 for a single-word name).
    word_at: u32,
    key: KeyRec,
}

impl FoldRec {
    /// `last` is `last_word(&key.name)`, which the caller has already looked for.
    fn new(key: KeyRec, last: Option<&str>) -> FoldRec {
        let word_at = last.map_or(0, |last| key.name.len() - last.len());
        FoldRec {
            word_at: u32::try_from(word_at).unwrap_or(0),
            key,
        }
    }
    fn word(&self) -> &str {
        self.key.name.get(self.word_at as usize..).unwrap_or("")
    }
    fn multi(&self) -> bool {
        self.word_at > 0
    }
}

impl Record for FoldRec {
    fn cmp_key(&self, o: &Self) -> Ordering {
        (self.word(), self.multi(), &self.key.name).cmp(&(o.word(), o.multi(), &o.key.name))
    }
    fn combine(&mut self, o: Self) {
        self.key.absorb(o.key);
    }
    fn approx_bytes(&self) -> usize {
        self.key.heap_bytes()
    }
}

/// A canonical key under its entity id (sort key: id bits, then type and name, so that even a
/// 64-bit collision sorts the same way every time): the `entities` table's row order.
#[derive(Serialize, Deserialize, Debug)]
struct IdRec {
    id_bits: u64,
    key: KeyRec,
}

impl IdRec {
    /// A combined key filed under its entity id.
    fn of(key: KeyRec) -> IdRec {
        IdRec {
            id_bits: entity_id_bits(key.ty(), &key.name),
            key,
        }
    }
}

impl Record for IdRec {
    fn cmp_key(&self, o: &Self) -> Ordering {
        self.id_bits
            .cmp(&o.id_bits)
            .then_with(|| self.key.cmp_key(&o.key))
    }
    fn combine(&mut self, o: Self) {
        self.key.absorb(o.key);
    }
    fn approx_bytes(&self) -> usize {
        self.key.heap_bytes()
    }
}

/// Bytes of records each sorter holds before it writes a run (when it has a spill folder).
const SORT_BUDGET: usize = 8 << 20;

/// Collects documents' entities as they are processed. With a spill folder, memory is bounded by
/// the sorters' budgets whatever the number of distinct keys; without one (tests, `merge`),
/// everything stays in memory.
pub struct EntityCollector {
    dir: Option<PathBuf>,
    budget: usize,
    /// PERSON keys apart from the others: only they decide folding, so the rows' renaming waits
    /// for them alone (`fold`), and the other keys merge while pass 2 runs (`Folded::finish`).
    /// They are filed under their folding word as they come, so that `fold` reads them grouped
    /// in one pass, with no second sort on the path pass 2 waits on.
    persons: ExternalSorter<FoldRec>,
    others: ExternalSorter<KeyRec>,
    overlaps: ExternalSorter<OverlapRec>,
}

impl Default for EntityCollector {
    fn default() -> Self {
        EntityCollector::new(None)
    }
}

fn days(d: NaiveDate) -> i32 {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (d - epoch).num_days() as i32
}

fn date_of(days: i32) -> Option<NaiveDate> {
    (days != i32::MAX).then(|| {
        NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
            + chrono::TimeDelta::days(i64::from(days))
    })
}

/// The last word of a multi-word name (none for a single word).
fn last_word(name: &str) -> Option<&str> {
    name.rsplit_once(' ').map(|(_, last)| last)
}

impl EntityCollector {
    /// A collector writing sorted runs under `spill` once its records pass the budget.
    pub fn new(spill: Option<PathBuf>) -> EntityCollector {
        EntityCollector::with_budget(spill, SORT_BUDGET)
    }

    fn with_budget(spill: Option<PathBuf>, budget: usize) -> EntityCollector {
        EntityCollector {
            persons: ExternalSorter::new(spill.clone(), "person-keys", budget / 2),
            others: ExternalSorter::new(spill.clone(), "keys", budget / 2),
            overlaps: ExternalSorter::new(spill.clone(), "overlaps", budget / 4),
            budget,
            dir: spill,
        }
    }

    pub fn add_doc(
        &mut self,
        published: Option<NaiveDate>,
        entities: &[LocalEntity],
    ) -> Result<()> {
        let day = published.map_or(i32::MAX, days);
        let mut singles: Vec<&str> = Vec::new();
        let mut multis: Vec<(&str, &str)> = Vec::new(); // (name, last word)
        for e in entities {
            let mut aliases = Vec::with_capacity(e.aliases.len());
            let mut name_is_alias = false;
            for a in &e.aliases {
                if a.as_str() == &*e.key.name {
                    name_is_alias = true;
                } else {
                    aliases.push(a.clone());
                }
            }
            aliases.sort_unstable();
            aliases.dedup();
            let key = KeyRec {
                ty: type_code(e.key.entity_type),
                name: e.key.name.to_string(),
                mentions: u32::try_from(e.mention_count).unwrap_or(u32::MAX),
                documents: 1,
                first_published: day,
                name_is_alias,
                aliases,
                kb_id: e.kb_id.clone(),
                country_code: e.country_code.clone(),
            };
            if e.key.entity_type != EntityType::PERSON {
                self.others.push(key)?;
                continue;
            }
            let last = last_word(&e.key.name);
            match last {
                None => singles.push(&e.key.name),
                Some(last) => multis.push((&e.key.name, last)),
            }
            self.persons.push(FoldRec::new(key, last))?;
        }
        for (multi, last) in &multis {
            for single in &singles {
                if single == last {
                    self.overlaps.push(OverlapRec {
                        single: single.to_string(),
                        multi: multi.to_string(),
                        documents: 1,
                    })?;
                }
            }
        }
        Ok(())
    }

    /// Combines the keys over the corpus and folds single-word person names into the one
    /// multi-word person they end (`Berg` -> `Anna Berg`).
    pub fn finish(self) -> Result<Merged> {
        self.fold()?.finish()
    }

    /// The part of `finish` that renaming rows waits for: the PERSON keys combined and folded.
    /// The other keys are merged by `Folded::finish`, which can run beside pass 2.
    pub fn fold(self) -> Result<Folded> {
        let EntityCollector {
            dir,
            budget,
            persons,
            others,
            overlaps,
        } = self;
        let mut by_id: ExternalSorter<IdRec> = ExternalSorter::new(dir.clone(), "ids", budget);
        let mut count = 0usize;
        let mut add = |by_id: &mut ExternalSorter<IdRec>, key: KeyRec| -> Result<()> {
            count += 1;
            by_id.push(IdRec::of(key))
        };
        // Persons grouped by their folding word (each name's records combined into one, as
        // the word follows from the name), beside the overlaps of the same single name.
        let mut folded = HashMap::new();
        let mut overlaps = overlaps.finish()?.peekable();
        let mut group: Vec<FoldRec> = Vec::new();
        let mut persons = persons.finish()?;
        loop {
            let next = persons.next().transpose()?;
            let ends_group = match (&next, group.first()) {
                (Some(n), Some(g)) => n.word() != g.word(),
                (None, _) => true,
                (Some(_), None) => false,
            };
            if ends_group && !group.is_empty() {
                let mut members = std::mem::take(&mut group);
                let single_folds = members.len() == 2 && !members[0].multi() && members[1].multi();
                if single_folds {
                    let mut single = members.remove(0).key;
                    let target = &mut members[0].key;
                    // Documents holding both names counted twice.
                    let mut both = 0u32;
                    while let Some(o) = overlaps.next_if(|o| {
                        o.as_ref()
                            .map_or(true, |o| o.single.as_str() <= single.name.as_str())
                    }) {
                        let o = o?;
                        if o.single == single.name && o.multi == target.name {
                            both += o.documents;
                        }
                    }
                    if single.name_is_alias {
                        single.aliases = union_sorted(
                            std::mem::take(&mut single.aliases),
                            vec![single.name.clone()],
                        );
                    }
                    single.name_is_alias = false;
                    folded.insert(single.name.clone(), target.name.clone());
                    target.absorb(single);
                    target.documents -= both.min(target.documents);
                }
                for m in members {
                    add(&mut by_id, m.key)?;
                }
            }
            match next {
                Some(n) => group.push(n),
                None => break,
            }
        }
        drop(overlaps);
        // The other keys' last records (at most half the budget) stay in memory through pass 2:
        // writing them out here would put their sort back on the path pass 2 waits on.
        Ok(Folded {
            folded,
            by_id,
            others,
            count,
        })
    }
}

/// Each folded name's id -> the id of the name it folds into.
fn renamed_ids(folded: &HashMap<String, String>) -> hashbrown::HashMap<String, String> {
    folded
        .iter()
        .map(|(single, full)| {
            let ty = EntityType::PERSON;
            (name_id(ty, single), name_id(ty, full))
        })
        .collect()
}

/// The corpus merge with its PERSON keys folded: what renaming rows needs (`renamed_ids`), and
/// the other keys still to combine (`finish`).
pub struct Folded {
    folded: HashMap<String, String>,
    by_id: ExternalSorter<IdRec>,
    others: ExternalSorter<KeyRec>,
    count: usize,
}

impl Folded {
    /// Each folded key's own id (`entity_id`) -> the id of the entity it folds into, for ids
    /// already written by `rows::add_document` (only single-word PERSON names fold).
    pub fn renamed_ids(&self) -> hashbrown::HashMap<String, String> {
        renamed_ids(&self.folded)
    }

    /// Combines the other keys over the corpus: the entities, in id order.
    pub fn finish(self) -> Result<Merged> {
        let Folded {
            folded,
            mut by_id,
            others,
            mut count,
        } = self;
        for key in others.finish()? {
            count += 1;
            by_id.push(IdRec::of(key?))?;
        }
        // Pass 2 runs with the entities parked on disk, not in memory.
        by_id.spill()?;
        Ok(Merged {
            folded,
            by_id,
            count,
        })
    }
}

/// The corpus merge's result: how to name each per-document key, and the entities in id order.
pub struct Merged {
    /// Single-word PERSON names that fold into a multi-word one (`Putin` -> `Vladimir Putin`).
    folded: HashMap<String, String>,
    by_id: ExternalSorter<IdRec>,
    count: usize,
}

impl Merged {
    /// The global id of a per-document key: what a key's own id becomes once `renamed_ids` has
    /// renamed it (the tests' reference for it; rows are named through `renamed_ids`).
    #[cfg(test)]
    pub fn id_of(&self, key: &EntityKey) -> String {
        if key.entity_type == EntityType::PERSON {
            if let Some(full) = self.folded.get(&*key.name) {
                return name_id(key.entity_type, full);
            }
        }
        entity_id(key)
    }

    /// Each folded key's own id (`entity_id`) -> the id of the entity it folds into, for ids
    /// already written by `rows::add_document` (only single-word PERSON names fold).
    pub fn renamed_ids(&self) -> hashbrown::HashMap<String, String> {
        renamed_ids(&self.folded)
    }

    /// Number of entities (rows of the `entities` table).
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The entities in id order, `size` rows at a time, so the table never sits in memory whole.
    pub fn entity_chunks(
        self,
        size: usize,
    ) -> Result<impl Iterator<Item = Result<Vec<MergedEntity>>>> {
        let mut rows = self.by_id.finish()?.map(|r| {
            r.map(|IdRec { id_bits, key: k }| {
                let ty = k.ty();
                let mut aliases: BTreeSet<String> = k.aliases.into_iter().collect();
                if k.name_is_alias {
                    aliases.insert(k.name.clone());
                }
                let key = EntityKey {
                    name: k.name.into(),
                    entity_type: ty,
                };
                MergedEntity {
                    entity_id: id_from_bits(id_bits),
                    key,
                    aliases,
                    kb_id: k.kb_id,
                    country_code: k.country_code,
                    mention_count: k.mentions as usize,
                    document_count: k.documents as usize,
                    first_published: date_of(k.first_published),
                }
            })
        });
        let size = size.max(1);
        Ok(std::iter::from_fn(move || {
            let mut chunk = Vec::with_capacity(size);
            for r in rows.by_ref() {
                match r {
                    Ok(e) => chunk.push(e),
                    Err(e) => return Some(Err(e)),
                }
                if chunk.len() == size {
                    break;
                }
            }
            (!chunk.is_empty()).then_some(Ok(chunk))
        }))
    }
}

/// Merges a whole corpus at once (see `EntityCollector` for the streaming form).
pub fn merge<'a>(docs: impl Iterator<Item = DocEntities<'a>>) -> Result<Merged> {
    let mut c = EntityCollector::default();
    for d in docs {
        c.add_doc(d.published, d.entities)?;
    }
    c.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ent(name: &str, ty: EntityType, n: usize) -> LocalEntity {
        LocalEntity {
            key: EntityKey {
                name: name.into(),
                entity_type: ty,
            },
            aliases: vec![name.into()],
            kb_id: None,
            country_code: None,
            mention_count: n,
        }
    }

    fn all(m: Merged, chunk: usize) -> Vec<MergedEntity> {
        m.entity_chunks(chunk)
            .unwrap()
            .flat_map(|c| c.unwrap())
            .collect()
    }

    /// Random documents over a small name pool, so that keys repeat, surnames fold, some
    /// ambiguously, and documents hold a single and its multi-word name together.
    fn corpus(seed: u64, docs: usize) -> Vec<(Option<NaiveDate>, Vec<LocalEntity>)> {
        let mut x = seed;
        let mut next = move |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        let given = ["Anna", "Ben", "Cleo", "Dag"];
        let family = ["Berg", "Holm", "Lind", "Sand", "Vik", "Ek"];
        (0..docs)
            .map(|_| {
                let published =
                    NaiveDate::from_ymd_opt(2020 + next(4) as i32, 1, 1 + next(28) as u32);
                let mut ents: Vec<LocalEntity> = Vec::new();
                for _ in 0..1 + next(5) {
                    let fam = family[next(family.len() as u64) as usize];
                    let (name, ty) = match next(4) {
                        0 => (fam.to_string(), EntityType::PERSON),
                        // Vik and Ek have one given name (their surnames fold), the rest several.
                        1 if matches!(fam, "Vik" | "Ek") => {
                            (format!("Anna {fam}"), EntityType::PERSON)
                        }
                        1 => (
                            format!("{} {fam}", given[next(given.len() as u64) as usize]),
                            EntityType::PERSON,
                        ),
                        2 => (format!("{fam} Bank"), EntityType::ORG),
                        _ => (fam.to_string(), EntityType::GPE),
                    };
                    if ents
                        .iter()
                        .any(|e| *e.key.name == *name && e.key.entity_type == ty)
                    {
                        continue;
                    }
                    let mut e = ent(&name, ty, 1 + next(3) as usize);
                    if next(3) == 0 {
                        e.aliases = vec![format!("{name}'s"), fam.to_string()];
                        e.aliases.sort();
                        e.aliases.dedup();
                    }
                    if ty == EntityType::GPE && next(2) == 0 {
                        e.kb_id = Some(format!("{}", next(3)));
                        e.country_code = Some(["NO", "SE"][next(2) as usize].into());
                    }
                    ents.push(e);
                }
                (published, ents)
            })
            .collect()
    }

    /// Renaming a key's own id gives the id `id_of` gives the key, for every key of a corpus
    /// with folded surnames; keys that do not fold are not renamed.
    #[test]
    fn renamed_ids_agree_with_id_of() {
        let docs = corpus(3, 300);
        let mut c = EntityCollector::with_budget(None, usize::MAX);
        for (p, e) in &docs {
            c.add_doc(*p, e).unwrap();
        }
        let merged = c.finish().unwrap();
        let renamed = merged.renamed_ids();
        assert!(!renamed.is_empty());
        let (mut folded, mut kept) = (0, 0);
        for e in docs.iter().flat_map(|(_, e)| e) {
            let own = entity_id(&e.key);
            let named = renamed.get(&own).cloned().unwrap_or(own.clone());
            assert_eq!(named, merged.id_of(&e.key), "{:?}", e.key);
            if named == own {
                kept += 1;
            } else {
                folded += 1;
            }
        }
        assert!(folded > 0 && kept > 0);
    }

    #[test]
    fn runs_on_disk_merge_exactly_like_memory() {
        let dir = std::env::temp_dir().join(format!("dossier-merge-{}", std::process::id()));
        for seed in 1..6 {
            let docs = corpus(seed, 300);
            let collect = |spill: Option<PathBuf>, budget: usize| {
                let mut c = EntityCollector::with_budget(spill, budget);
                for (p, e) in &docs {
                    c.add_doc(*p, e).unwrap();
                }
                if budget < 1000 {
                    assert!(
                        c.persons.runs() + c.others.runs() > 10,
                        "the small budget should cut many runs"
                    );
                }
                c.finish().unwrap()
            };
            let memory = collect(None, usize::MAX);
            // The corpus exercises folding: some surnames fold, others are ambiguous.
            assert!(!memory.folded.is_empty());
            assert!(docs
                .iter()
                .flat_map(|(_, e)| e)
                .any(|e| e.key.entity_type == EntityType::PERSON
                    && !e.key.name.contains(' ')
                    && !memory.folded.contains_key(&*e.key.name)));
            // A budget of a few records: dozens of runs per sorter.
            let disk = collect(Some(dir.clone()), 600);
            for (_, ents) in &docs {
                for e in ents {
                    assert_eq!(memory.id_of(&e.key), disk.id_of(&e.key));
                }
            }
            let row = |e: &MergedEntity| {
                format!(
                    "{} {} {:?} {:?} {:?} {:?} {} {} {:?}",
                    e.entity_id,
                    e.key.name,
                    e.key.entity_type,
                    e.aliases,
                    e.kb_id,
                    e.country_code,
                    e.mention_count,
                    e.document_count,
                    e.first_published
                )
            };
            let a: Vec<String> = all(memory, 7).iter().map(row).collect();
            let b: Vec<String> = all(disk, 3).iter().map(row).collect();
            assert_eq!(a, b);
        }
        assert_eq!(std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0), 0);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn ids_are_order_independent_and_surnames_fold_across_documents() {
        let a = vec![
            ent("Anna Berg", EntityType::PERSON, 2),
            ent("Riga", EntityType::GPE, 1),
        ];
        let b = vec![ent("Berg", EntityType::PERSON, 3)];
        let d = NaiveDate::from_ymd_opt(2024, 1, 2);
        let m1 = merge(
            [
                DocEntities {
                    published: d,
                    entities: &a,
                },
                DocEntities {
                    published: None,
                    entities: &b,
                },
            ]
            .into_iter(),
        )
        .unwrap();
        let m2 = merge(
            [
                DocEntities {
                    published: None,
                    entities: &b,
                },
                DocEntities {
                    published: d,
                    entities: &a,
                },
            ]
            .into_iter(),
        )
        .unwrap();
        let e1 = all(m1, 2);
        let e2 = all(m2, 5);
        let ids1: Vec<_> = e1
            .iter()
            .map(|e| (&e.entity_id, e.mention_count, e.document_count))
            .collect();
        let ids2: Vec<_> = e2
            .iter()
            .map(|e| (&e.entity_id, e.mention_count, e.document_count))
            .collect();
        assert_eq!(ids1, ids2);
        let berg = e1.iter().find(|e| &*e.key.name == "Anna Berg").unwrap();
        assert_eq!(
            (
                berg.mention_count,
                berg.document_count,
                berg.first_published
            ),
            (5, 2, d)
        );
        assert_eq!(
            berg.aliases.iter().cloned().collect::<Vec<_>>(),
            vec!["Anna Berg".to_string(), "Berg".to_string()]
        );
    }
}
