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

/// Statistics of one per-document key over the corpus (strings as interned ids).
#[derive(Clone, Copy)]
struct KeyStats {
    name: u32,
    ty: u8,
    /// For a multi-word PERSON: its last word; else NONE.
    last: u32,
    kb_id: u32,
    country_code: u32,
    mention_count: u64,
    document_count: u32,
    /// Days since the epoch; i32::MAX when unknown.
    first_published: i32,
}

/// Collects documents' entities as they are processed, in a compact form. Memory grows with the
/// number of distinct keys and (key, alias) pairs, not with the number of documents.
#[derive(Default)]
pub struct EntityCollector {
    strings: Interner,
    /// (name id << 8 | type) -> key id.
    key_ids: HashMap<u64, u32>,
    stats: Vec<KeyStats>,
    /// (key id << 32 | alias string id), deduplicated whenever it doubles.
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

impl EntityCollector {
    fn min_string(&self, current: u32, new: u32) -> u32 {
        if current == NONE || (new != NONE && self.strings.get(new) < self.strings.get(current)) {
            new
        } else {
            current
        }
    }

    pub fn add_doc(&mut self, published: Option<NaiveDate>, entities: &[LocalEntity]) {
        let day = published.map_or(i32::MAX, days);
        let mut singles: Vec<(u32, u32)> = Vec::new(); // (key id, name id)
        let mut multis: Vec<(u32, u32)> = Vec::new(); // (key id, last-word id)
        for e in entities {
            let name = self.strings.intern(&e.key.name);
            let ty = type_code(e.key.entity_type);
            let packed = (u64::from(name) << 8) | u64::from(ty);
            let next = self.stats.len() as u32;
            let id = *self.key_ids.entry(packed).or_insert(next);
            if id == next {
                let is_person = e.key.entity_type == EntityType::PERSON;
                let last = match e.key.name.rsplit_once(' ') {
                    Some((_, last)) if is_person => self.strings.intern(last),
                    _ => NONE,
                };
                self.stats.push(KeyStats {
                    name,
                    ty,
                    last,
                    kb_id: NONE,
                    country_code: NONE,
                    mention_count: 0,
                    document_count: 0,
                    first_published: i32::MAX,
                });
            }
            for a in &e.aliases {
                let aid = self.strings.intern(a);
                self.alias_pairs
                    .push((u64::from(id) << 32) | u64::from(aid));
            }
            let kb = e.kb_id.as_deref().map_or(NONE, |s| self.strings.intern(s));
            let cc = e
                .country_code
                .as_deref()
                .map_or(NONE, |s| self.strings.intern(s));
            let st = self.stats[id as usize];
            let kb = self.min_string(st.kb_id, kb);
            let cc = self.min_string(st.country_code, cc);
            let st = &mut self.stats[id as usize];
            st.kb_id = kb;
            st.country_code = cc;
            st.mention_count += e.mention_count as u64;
            st.document_count += 1;
            st.first_published = st.first_published.min(day);
            if e.key.entity_type == EntityType::PERSON {
                if st.last == NONE {
                    singles.push((id, name));
                } else {
                    multis.push((id, st.last));
                }
            }
        }
        for (s, name) in &singles {
            for (m, last) in &multis {
                if name == last {
                    self.overlaps.push((*s, *m));
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
        // Single-word person names fold into the one multi-word person they end.
        let mut by_last: HashMap<u32, (u32, usize)> = HashMap::new();
        for (i, st) in self.stats.iter().enumerate() {
            if st.last != NONE {
                let e = by_last.entry(st.last).or_insert((i as u32, 0));
                e.1 += 1;
            }
        }
        let canonical: Vec<u32> = self
            .stats
            .iter()
            .enumerate()
            .map(|(i, st)| {
                if TYPES[st.ty as usize] == EntityType::PERSON && st.last == NONE {
                    if let Some((target, 1)) = by_last.get(&st.name) {
                        return *target;
                    }
                }
                i as u32
            })
            .collect();
        let mut fold = HashMap::new();
        for (i, &c) in canonical.iter().enumerate() {
            if c as usize != i {
                let from = self.strings.get(self.stats[i].name).to_string();
                fold.insert(
                    from,
                    self.strings.get(self.stats[c as usize].name).to_string(),
                );
            }
        }
        // Fold statistics into the canonical keys.
        for (i, &c) in canonical.iter().enumerate() {
            let c = c as usize;
            if c == i {
                continue;
            }
            let st = self.stats[i];
            let kb = self.min_string(self.stats[c].kb_id, st.kb_id);
            let cc = self.min_string(self.stats[c].country_code, st.country_code);
            let t = &mut self.stats[c];
            t.kb_id = kb;
            t.country_code = cc;
            t.mention_count += st.mention_count;
            t.document_count += st.document_count;
            t.first_published = t.first_published.min(st.first_published);
        }
        // One entry per document holding both keys: each such document was counted twice.
        for (s, m) in &self.overlaps {
            if canonical[*s as usize] == *m {
                self.stats[*m as usize].document_count -= 1;
            }
        }
        let mut pairs: Vec<u64> = self
            .alias_pairs
            .iter()
            .map(|p| (u64::from(canonical[(p >> 32) as usize]) << 32) | (p & 0xffff_ffff))
            .collect();
        drop(std::mem::take(&mut self.alias_pairs));
        pairs.sort_unstable();
        pairs.dedup();
        let mut order: Vec<(u64, u32)> = canonical
            .iter()
            .enumerate()
            .filter(|(i, c)| **c as usize == *i)
            .map(|(i, _)| {
                let st = &self.stats[i];
                (
                    entity_id_bits(TYPES[st.ty as usize], self.strings.get(st.name)),
                    i as u32,
                )
            })
            .collect();
        order.sort_unstable();
        Merged {
            fold,
            order,
            stats: self.stats,
            alias_pairs: pairs,
            strings: self.strings,
        }
    }
}

/// The corpus merge's result: how to name each per-document key, and the entities in id order.
pub struct Merged {
    /// Single-word PERSON names that fold into a multi-word one (`Putin` -> `Vladimir Putin`);
    /// every other key is its own canonical key.
    fold: HashMap<String, String>,
    /// (entity id bits, key index) of every canonical key, sorted: the table's row order.
    order: Vec<(u64, u32)>,
    stats: Vec<KeyStats>,
    /// (canonical key << 32 | alias string id), sorted and unique.
    alias_pairs: Vec<u64>,
    strings: Interner,
}

impl Merged {
    /// The global id of a per-document key.
    pub fn id_of(&self, key: &EntityKey) -> String {
        if key.entity_type == EntityType::PERSON {
            if let Some(full) = self.fold.get(&key.name) {
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
                        entity_type: TYPES[st.ty as usize],
                    };
                    let lo = self
                        .alias_pairs
                        .partition_point(|p| (p >> 32) < u64::from(k));
                    let hi = self
                        .alias_pairs
                        .partition_point(|p| (p >> 32) <= u64::from(k));
                    let aliases = self.alias_pairs[lo..hi]
                        .iter()
                        .map(|p| self.strings.get((p & 0xffff_ffff) as u32).to_string())
                        .collect();
                    let opt = |id: u32| (id != NONE).then(|| self.strings.get(id).to_string());
                    MergedEntity {
                        entity_id: entity_id(&key),
                        key,
                        aliases,
                        kb_id: opt(st.kb_id),
                        country_code: opt(st.country_code),
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
