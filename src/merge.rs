//! Corpus-level merge: per-document entity summaries -> global entities.
//!
//! Reads: every document's `LocalEntity` list and publication date, sorted by doc id.
//! Adds: the map from per-document `EntityKey` to global `entity_id`, and the `entities` rows.
//! Invariants: pure and order-independent — `entity_id` derives from the canonical (name, type)
//! only, so the same entity gets the same id in any corpus; a single-word PERSON key that is the
//! last name of exactly one multi-word PERSON in the corpus folds into it.

use chrono::NaiveDate;
use dossier_core::{EntityKey, EntityType, LocalEntity};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What the merge keeps of one document (the test-facing input of `merge`).
pub struct DocEntities<'a> {
    pub published: Option<NaiveDate>,
    pub entities: &'a [LocalEntity],
}

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

pub struct Merged {
    /// Per-document keys that fold into another key (`Putin` -> `Vladimir Putin`); every other
    /// key is its own canonical key.
    pub fold: HashMap<EntityKey, EntityKey>,
    /// Sorted by entity_id.
    pub entities: Vec<MergedEntity>,
}

impl Merged {
    /// The global id of a per-document key.
    pub fn id_of(&self, key: &EntityKey) -> String {
        entity_id(self.fold.get(key).unwrap_or(key))
    }
}

pub fn entity_id(key: &EntityKey) -> String {
    dossier_core::row_id("E", &[key.entity_type.as_str(), &key.name])
}

/// Statistics of one per-document key over the corpus, with interned aliases.
#[derive(Default)]
struct KeyStats {
    aliases: BTreeSet<u32>,
    kb_id: Option<String>,
    country_code: Option<String>,
    mention_count: usize,
}

/// Collects documents' entities as they are processed, in a compact form: each distinct key and
/// alias is stored once; a document keeps only its publication date and its key numbers. Memory
/// grows with the number of distinct entities, not with the corpus.
#[derive(Default)]
pub struct EntityCollector {
    key_ids: HashMap<EntityKey, u32>,
    keys: Vec<EntityKey>,
    stats: Vec<KeyStats>,
    alias_ids: HashMap<String, u32>,
    aliases: Vec<String>,
    docs: Vec<(Option<NaiveDate>, Box<[u32]>)>,
}

/// The smaller of two optional values: keeps the merge independent of document order.
fn min_opt(a: &mut Option<String>, b: &Option<String>) {
    if let Some(b) = b {
        if a.as_ref().is_none_or(|a| b < a) {
            *a = Some(b.clone());
        }
    }
}

impl EntityCollector {
    pub fn add_doc(&mut self, published: Option<NaiveDate>, entities: &[LocalEntity]) {
        let mut ids = Vec::with_capacity(entities.len());
        for e in entities {
            let next = self.keys.len() as u32;
            let id = *self.key_ids.entry(e.key.clone()).or_insert(next);
            if id == next {
                self.keys.push(e.key.clone());
                self.stats.push(KeyStats::default());
            }
            let mut alias_ids = Vec::with_capacity(e.aliases.len());
            for a in &e.aliases {
                let next = self.aliases.len() as u32;
                let aid = *self.alias_ids.entry(a.clone()).or_insert(next);
                if aid == next {
                    self.aliases.push(a.clone());
                }
                alias_ids.push(aid);
            }
            let st = &mut self.stats[id as usize];
            st.aliases.extend(alias_ids);
            min_opt(&mut st.kb_id, &e.kb_id);
            min_opt(&mut st.country_code, &e.country_code);
            st.mention_count += e.mention_count;
            ids.push(id);
        }
        self.docs.push((published, ids.into_boxed_slice()));
    }

    pub fn finish(self) -> Merged {
        // Single-word person names fold into the one multi-word person they end.
        let mut by_last: BTreeMap<&str, BTreeSet<&EntityKey>> = BTreeMap::new();
        for k in self
            .keys
            .iter()
            .filter(|k| k.entity_type == EntityType::PERSON && k.name.contains(' '))
        {
            if let Some(last) = k.name.rsplit(' ').next() {
                by_last.entry(last).or_default().insert(k);
            }
        }
        let canonical: Vec<u32> = self
            .keys
            .iter()
            .enumerate()
            .map(|(i, k)| {
                if k.entity_type == EntityType::PERSON && !k.name.contains(' ') {
                    if let Some(set) = by_last.get(k.name.as_str()).filter(|s| s.len() == 1) {
                        if let Some(target) = set.iter().next() {
                            return self.key_ids[*target];
                        }
                    }
                }
                i as u32
            })
            .collect();
        let fold: HashMap<EntityKey, EntityKey> = canonical
            .iter()
            .enumerate()
            .filter(|(i, c)| *i as u32 != **c)
            .map(|(i, c)| (self.keys[i].clone(), self.keys[*c as usize].clone()))
            .collect();
        let mut merged: BTreeMap<u32, MergedEntity> = BTreeMap::new();
        for (i, st) in self.stats.into_iter().enumerate() {
            let c = canonical[i];
            let key = &self.keys[c as usize];
            let m = merged.entry(c).or_insert_with(|| MergedEntity {
                entity_id: entity_id(key),
                key: key.clone(),
                aliases: BTreeSet::new(),
                kb_id: None,
                country_code: None,
                mention_count: 0,
                document_count: 0,
                first_published: None,
            });
            m.aliases
                .extend(st.aliases.iter().map(|a| self.aliases[*a as usize].clone()));
            min_opt(&mut m.kb_id, &st.kb_id);
            min_opt(&mut m.country_code, &st.country_code);
            m.mention_count += st.mention_count;
        }
        let mut seen: Vec<u32> = Vec::new();
        for (published, ids) in &self.docs {
            seen.clear();
            seen.extend(ids.iter().map(|i| canonical[*i as usize]));
            seen.sort_unstable();
            seen.dedup();
            for c in &seen {
                if let Some(m) = merged.get_mut(c) {
                    m.document_count += 1;
                    m.first_published = match (m.first_published, *published) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    };
                }
            }
        }
        let mut entities: Vec<MergedEntity> = merged.into_values().collect();
        entities.sort_by(|a, b| a.entity_id.cmp(&b.entity_id));
        Merged { fold, entities }
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
        let ids1: Vec<_> = m1
            .entities
            .iter()
            .map(|e| (&e.entity_id, e.mention_count, e.document_count))
            .collect();
        let ids2: Vec<_> = m2
            .entities
            .iter()
            .map(|e| (&e.entity_id, e.mention_count, e.document_count))
            .collect();
        assert_eq!(ids1, ids2);
        let berg = m1
            .entities
            .iter()
            .find(|e| e.key.name == "Anna Berg")
            .unwrap();
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
