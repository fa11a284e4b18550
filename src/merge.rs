//! Corpus-level merge: per-document entity summaries -> global entities.
//!
//! Reads: every document's `LocalEntity` list and publication date, in any order.
//! Adds: the map from per-document `EntityKey` to global `entity_id`, and the `entities` rows.
//! Invariants: pure and order-independent — `entity_id` derives from the canonical (name, type)
//! only, so the same entity gets the same id in any corpus; a single-word PERSON key that is the
//! last name of exactly one multi-word PERSON in the corpus folds into it. Memory is a few dozen
//! bytes per distinct key (strings interned once in one arena, statistics in flat arrays, no
//! per-document lists), because real corpora keep adding entities as they grow.

use chrono::NaiveDate;
use dossier_core::{EntityKey, EntityType, LocalEntity};
use hashbrown::HashTable;
use std::collections::{BTreeSet, HashMap};
use std::hash::BuildHasher;

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
    dossier_core::row_id("E", &[key.entity_type.as_str(), &key.name])
}

/// `entity_id` without its `E_` prefix, as a number: sorting these sorts the ids.
fn entity_id_bits(ty: EntityType, name: &str) -> u64 {
    let id = dossier_core::row_id("E", &[ty.as_str(), name]);
    u64::from_str_radix(&id[2..], 16).unwrap_or(0)
}

const NONE: u32 = u32::MAX;

/// Every distinct string once, in one arena; ids are insertion order.
#[derive(Default)]
struct Interner {
    arena: String,
    ends: Vec<u32>,
    table: HashTable<u32>,
    hasher: hashbrown::DefaultHashBuilder,
}

impl Interner {
    fn get(&self, id: u32) -> &str {
        let end = self.ends[id as usize] as usize;
        let start = if id == 0 {
            0
        } else {
            self.ends[id as usize - 1] as usize
        };
        &self.arena[start..end]
    }

    fn find(&self, s: &str) -> Option<u32> {
        let h = self.hasher.hash_one(s);
        self.table.find(h, |&id| self.get(id) == s).copied()
    }

    fn intern(&mut self, s: &str) -> u32 {
        let h = self.hasher.hash_one(s);
        if let Some(&id) = self.table.find(h, |&id| {
            let end = self.ends[id as usize] as usize;
            let start = if id == 0 {
                0
            } else {
                self.ends[id as usize - 1] as usize
            };
            &self.arena[start..end] == s
        }) {
            return id;
        }
        let id = self.ends.len() as u32;
        self.arena.push_str(s);
        self.ends.push(self.arena.len() as u32);
        let (arena, ends, hasher) = (&self.arena, &self.ends, &self.hasher);
        self.table.insert_unique(h, id, |&id| {
            let end = ends[id as usize] as usize;
            let start = if id == 0 {
                0
            } else {
                ends[id as usize - 1] as usize
            };
            hasher.hash_one(&arena[start..end])
        });
        id
    }
}

/// Key ids hashed by (name id, type code), the pair itself read from the stats.
#[derive(Default)]
struct KeyTable {
    table: HashTable<u32>,
    hasher: hashbrown::DefaultHashBuilder,
}

impl KeyTable {
    fn hash(&self, name: u32, ty: u8) -> u64 {
        self.hasher.hash_one((u64::from(name) << 8) | u64::from(ty))
    }

    fn find(&self, stats: &[KeyStats], name: u32, ty: u8) -> Option<u32> {
        let h = self.hash(name, ty);
        self.table
            .find(h, |&k| {
                let st = &stats[k as usize];
                st.name == name && st.ty & TYPE_BITS == ty
            })
            .copied()
    }

    fn insert(&mut self, stats: &[KeyStats], id: u32) {
        let st = &stats[id as usize];
        let h = self.hash(st.name, st.ty & TYPE_BITS);
        let hasher = &self.hasher;
        self.table.insert_unique(h, id, |&k| {
            let st = &stats[k as usize];
            hasher.hash_one((u64::from(st.name) << 8) | u64::from(st.ty & TYPE_BITS))
        });
    }
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

/// Statistics of one per-document key over the corpus (strings as interned ids): 20 bytes, since
/// there is one per distinct key and real corpora keep adding keys as they grow.
#[derive(Clone, Copy)]
struct KeyStats {
    name: u32,
    /// Saturating: no entity is mentioned four billion times.
    mention_count: u32,
    document_count: u32,
    /// Days since the epoch; i32::MAX when unknown.
    first_published: i32,
    /// Type code, plus `NAME_IS_ALIAS` when the key's own name was one of its surface forms (most
    /// keys: stored as a bit instead of an alias pair).
    ty: u8,
}

const NAME_IS_ALIAS: u8 = 0x80;
const TYPE_BITS: u8 = 0x7f;

impl KeyStats {
    fn ty(&self) -> EntityType {
        TYPES[usize::from(self.ty & TYPE_BITS).min(TYPES.len() - 1)]
    }
}

/// Collects documents' entities as they are processed, in a compact form. Memory grows with the
/// number of distinct keys and (key, alias) pairs, not with the number of documents.
#[derive(Default)]
pub struct EntityCollector {
    strings: Interner,
    /// Key ids, found by (name id, type) through `stats`: 4 bytes a key, where a map from the
    /// packed pair would take 16.
    keys: KeyTable,
    stats: Vec<KeyStats>,
    /// kb_id and country_code string ids (NONE when absent) of the few keys that have one.
    attributes: HashMap<u32, (u32, u32)>,
    /// (key id << 32 | alias string id) for aliases other than the key's name, deduplicated
    /// whenever it doubles.
    alias_pairs: Vec<u64>,
    deduped_len: usize,
    /// Documents holding both a single-word PERSON key and a multi-word PERSON key ending in it:
    /// if the first folds into the second, that document must count once.
    overlaps: Vec<(u32, u32)>,
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

/// The last word of a multi-word PERSON name.
fn last_word(ty: EntityType, name: &str) -> Option<&str> {
    match name.rsplit_once(' ') {
        Some((_, last)) if ty == EntityType::PERSON => Some(last),
        _ => None,
    }
}

fn min_string(strings: &Interner, current: u32, new: u32) -> u32 {
    if current == NONE || (new != NONE && strings.get(new) < strings.get(current)) {
        new
    } else {
        current
    }
}

impl EntityCollector {
    fn merge_attributes(&mut self, key: u32, (kb, cc): (u32, u32)) {
        if kb == NONE && cc == NONE {
            return;
        }
        let e = self.attributes.entry(key).or_insert((NONE, NONE));
        *e = (
            min_string(&self.strings, e.0, kb),
            min_string(&self.strings, e.1, cc),
        );
    }

    pub fn add_doc(&mut self, published: Option<NaiveDate>, entities: &[LocalEntity]) {
        let day = published.map_or(i32::MAX, days);
        let mut singles: Vec<(u32, u32)> = Vec::new(); // (key id, name id)
        let mut multis: Vec<(u32, &str)> = Vec::new(); // (key id, last word)
        for e in entities {
            let name = self.strings.intern(&e.key.name);
            let ty = type_code(e.key.entity_type);
            let id = match self.keys.find(&self.stats, name, ty) {
                Some(id) => id,
                None => {
                    let id = self.stats.len() as u32;
                    self.stats.push(KeyStats {
                        name,
                        mention_count: 0,
                        document_count: 0,
                        first_published: i32::MAX,
                        ty,
                    });
                    self.keys.insert(&self.stats, id);
                    id
                }
            };
            let mut name_is_alias = false;
            for a in &e.aliases {
                if *a == e.key.name {
                    name_is_alias = true;
                } else {
                    let aid = self.strings.intern(a);
                    self.alias_pairs
                        .push((u64::from(id) << 32) | u64::from(aid));
                }
            }
            let kb = e.kb_id.as_deref().map_or(NONE, |s| self.strings.intern(s));
            let cc = e
                .country_code
                .as_deref()
                .map_or(NONE, |s| self.strings.intern(s));
            self.merge_attributes(id, (kb, cc));
            let st = &mut self.stats[id as usize];
            if name_is_alias {
                st.ty |= NAME_IS_ALIAS;
            }
            st.mention_count = st
                .mention_count
                .saturating_add(u32::try_from(e.mention_count).unwrap_or(u32::MAX));
            st.document_count += 1;
            st.first_published = st.first_published.min(day);
            if e.key.entity_type == EntityType::PERSON {
                match last_word(EntityType::PERSON, &e.key.name) {
                    None => singles.push((id, name)),
                    Some(last) => multis.push((id, last)),
                }
            }
        }
        if !singles.is_empty() {
            for (m, last) in &multis {
                // Every single's name is interned by now, so an absent last word matches none.
                if let Some(last) = self.strings.find(last) {
                    for (s, name) in &singles {
                        if *name == last {
                            self.overlaps.push((*s, *m));
                        }
                    }
                }
            }
        }
        if self.alias_pairs.len() > 2 * self.deduped_len.max(1 << 16) {
            self.alias_pairs.sort_unstable();
            self.alias_pairs.dedup();
            self.deduped_len = self.alias_pairs.len();
        }
    }

    pub fn finish(mut self) -> Merged {
        tracing::debug!(
            keys = self.stats.len(),
            strings = self.strings.ends.len(),
            arena_bytes = self.strings.arena.len(),
            alias_pairs = self.alias_pairs.len(),
            overlaps = self.overlaps.len(),
            "entity collector size"
        );
        // Single-word person names fold into the one multi-word person they end: (last word,
        // key) of every multi-word person whose last word is some string, sorted, is searched
        // for each single-word name.
        let mut by_last: Vec<(u32, u32)> = self
            .stats
            .iter()
            .enumerate()
            .filter_map(|(i, st)| {
                let last = last_word(st.ty(), self.strings.get(st.name))?;
                Some((self.strings.find(last)?, i as u32))
            })
            .collect();
        by_last.sort_unstable();
        let canonical: Vec<u32> = self
            .stats
            .iter()
            .enumerate()
            .map(|(i, st)| {
                if st.ty() == EntityType::PERSON && !self.strings.get(st.name).contains(' ') {
                    let lo = by_last.partition_point(|&(l, _)| l < st.name);
                    let hi = by_last.partition_point(|&(l, _)| l <= st.name);
                    if hi == lo + 1 {
                        return by_last[lo].1;
                    }
                }
                i as u32
            })
            .collect();
        drop(by_last);
        // Fold statistics (and the folded key's name, as an alias) into the canonical keys.
        let mut folded_names = Vec::new();
        for (i, &c) in canonical.iter().enumerate() {
            let c = c as usize;
            if c == i {
                continue;
            }
            let st = self.stats[i];
            if let Some(&attrs) = self.attributes.get(&(i as u32)) {
                self.merge_attributes(c as u32, attrs);
            }
            if st.ty & NAME_IS_ALIAS != 0 {
                folded_names.push(((c as u64) << 32) | u64::from(st.name));
            }
            let t = &mut self.stats[c];
            t.mention_count = t.mention_count.saturating_add(st.mention_count);
            t.document_count += st.document_count;
            t.first_published = t.first_published.min(st.first_published);
        }
        // One entry per document holding both keys: each such document was counted twice.
        for (s, m) in std::mem::take(&mut self.overlaps) {
            if canonical[s as usize] == m {
                self.stats[m as usize].document_count -= 1;
            }
        }
        let mut pairs = std::mem::take(&mut self.alias_pairs);
        for p in &mut pairs {
            *p = (u64::from(canonical[(*p >> 32) as usize]) << 32) | (*p & 0xffff_ffff);
        }
        pairs.append(&mut folded_names);
        pairs.sort_unstable();
        pairs.dedup();
        pairs.shrink_to_fit();
        let mut order: Vec<(u64, u32)> = canonical
            .iter()
            .enumerate()
            .filter(|(i, c)| **c as usize == *i)
            .map(|(i, _)| {
                let st = &self.stats[i];
                (entity_id_bits(st.ty(), self.strings.get(st.name)), i as u32)
            })
            .collect();
        order.sort_unstable();
        Merged {
            canonical,
            keys: self.keys,
            order,
            stats: self.stats,
            attributes: self.attributes,
            alias_pairs: pairs,
            strings: self.strings,
        }
    }
}

/// The corpus merge's result: how to name each per-document key, and the entities in id order.
pub struct Merged {
    /// The canonical key of every key: a single-word PERSON that folds into a multi-word one
    /// (`Putin` -> `Vladimir Putin`) points to it, every other key to itself.
    canonical: Vec<u32>,
    keys: KeyTable,
    /// (entity id bits, key index) of every canonical key, sorted: the table's row order.
    order: Vec<(u64, u32)>,
    stats: Vec<KeyStats>,
    attributes: HashMap<u32, (u32, u32)>,
    /// (canonical key << 32 | alias string id), sorted and unique; a key's own name is an alias
    /// too when its `NAME_IS_ALIAS` bit is set.
    alias_pairs: Vec<u64>,
    strings: Interner,
}

impl Merged {
    /// The global id of a per-document key.
    pub fn id_of(&self, key: &EntityKey) -> String {
        if key.entity_type == EntityType::PERSON {
            let ty = type_code(key.entity_type);
            let folded = self
                .strings
                .find(&key.name)
                .and_then(|name| self.keys.find(&self.stats, name, ty))
                .filter(|&k| self.canonical[k as usize] != k);
            if let Some(k) = folded {
                let full = self
                    .strings
                    .get(self.stats[self.canonical[k as usize] as usize].name);
                return dossier_core::row_id("E", &[key.entity_type.as_str(), full]);
            }
        }
        entity_id(key)
    }

    /// Number of entities (rows of the `entities` table).
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The entities in id order, `size` rows at a time, so the table never sits in memory whole.
    pub fn entity_chunks(&self, size: usize) -> impl Iterator<Item = Vec<MergedEntity>> + '_ {
        self.order.chunks(size.max(1)).map(move |chunk| {
            chunk
                .iter()
                .map(|&(_, k)| {
                    let st = &self.stats[k as usize];
                    let key = EntityKey {
                        name: self.strings.get(st.name).to_string(),
                        entity_type: st.ty(),
                    };
                    let lo = self
                        .alias_pairs
                        .partition_point(|p| (p >> 32) < u64::from(k));
                    let hi = self
                        .alias_pairs
                        .partition_point(|p| (p >> 32) <= u64::from(k));
                    let mut aliases: BTreeSet<String> = self.alias_pairs[lo..hi]
                        .iter()
                        .map(|p| self.strings.get((p & 0xffff_ffff) as u32).to_string())
                        .collect();
                    if st.ty & NAME_IS_ALIAS != 0 {
                        aliases.insert(key.name.clone());
                    }
                    let (kb, cc) = self.attributes.get(&k).copied().unwrap_or((NONE, NONE));
                    let opt = |id: u32| (id != NONE).then(|| self.strings.get(id).to_string());
                    MergedEntity {
                        entity_id: entity_id(&key),
                        key,
                        aliases,
                        kb_id: opt(kb),
                        country_code: opt(cc),
                        mention_count: st.mention_count as usize,
                        document_count: st.document_count as usize,
                        first_published: date_of(st.first_published),
                    }
                })
                .collect()
        })
    }

    /// Whether a string was seen by the merge (tests).
    pub fn knows(&self, s: &str) -> bool {
        self.strings.find(s).is_some()
    }
}

/// Merges a whole corpus at once (see `EntityCollector` for the streaming form).
pub fn merge<'a>(docs: impl Iterator<Item = DocEntities<'a>>) -> Merged {
    let mut c = EntityCollector::default();
    for d in docs {
        c.add_doc(d.published, d.entities);
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
        );
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
        );
        let e1: Vec<MergedEntity> = m1.entity_chunks(2).flatten().collect();
        let e2: Vec<MergedEntity> = m2.entity_chunks(5).flatten().collect();
        let ids1: Vec<_> = e1
            .iter()
            .map(|e| (&e.entity_id, e.mention_count, e.document_count))
            .collect();
        let ids2: Vec<_> = e2
            .iter()
            .map(|e| (&e.entity_id, e.mention_count, e.document_count))
            .collect();
        assert_eq!(ids1, ids2);
        let berg = e1.iter().find(|e| e.key.name == "Anna Berg").unwrap();
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
