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

/// What the merge keeps of one document: small, so a corpus of millions fits.
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
    /// Per-document key -> entity_id.
    pub ids: HashMap<EntityKey, String>,
    /// Sorted by entity_id.
    pub entities: Vec<MergedEntity>,
}

pub fn entity_id(key: &EntityKey) -> String {
    dossier_core::row_id("E", &[key.entity_type.as_str(), &key.name])
}

pub fn merge<'a>(docs: impl Iterator<Item = DocEntities<'a>>) -> Merged {
    let docs: Vec<DocEntities> = docs.collect();
    let all_keys: BTreeSet<&EntityKey> = docs.iter().flat_map(|d| d.entities.iter().map(|e| &e.key)).collect();
    // Single-word person names fold into the one multi-word person they end.
    let mut by_last: BTreeMap<&str, BTreeSet<&EntityKey>> = BTreeMap::new();
    for k in all_keys.iter().filter(|k| k.entity_type == EntityType::PERSON && k.name.contains(' ')) {
        if let Some(last) = k.name.rsplit(' ').next() {
            by_last.entry(last).or_default().insert(k);
        }
    }
    let canonical = |k: &EntityKey| -> EntityKey {
        if k.entity_type == EntityType::PERSON && !k.name.contains(' ') {
            if let Some(set) = by_last.get(k.name.as_str()) {
                if set.len() == 1 {
                    return (*set.iter().next().unwrap_or(&k)).clone();
                }
            }
        }
        k.clone()
    };
    let mut ids = HashMap::new();
    let mut merged: BTreeMap<String, MergedEntity> = BTreeMap::new();
    for d in &docs {
        let mut seen_here = BTreeSet::new();
        for e in d.entities {
            let key = canonical(&e.key);
            let id = entity_id(&key);
            ids.insert(e.key.clone(), id.clone());
            let m = merged.entry(id.clone()).or_insert_with(|| MergedEntity {
                entity_id: id.clone(),
                key: key.clone(),
                aliases: BTreeSet::new(),
                kb_id: None,
                country_code: None,
                mention_count: 0,
                document_count: 0,
                first_published: None,
            });
            m.aliases.extend(e.aliases.iter().cloned());
            m.kb_id = m.kb_id.clone().or_else(|| e.kb_id.clone());
            m.country_code = m.country_code.clone().or_else(|| e.country_code.clone());
            m.mention_count += e.mention_count;
            if seen_here.insert(id) {
                m.document_count += 1;
                m.first_published = match (m.first_published, d.published) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
        }
    }
    Merged { ids, entities: merged.into_values().collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ent(name: &str, ty: EntityType, n: usize) -> LocalEntity {
        LocalEntity { key: EntityKey { name: name.into(), entity_type: ty }, aliases: vec![name.into()], kb_id: None, country_code: None, mention_count: n }
    }

    #[test]
    fn ids_are_order_independent_and_surnames_fold_across_documents() {
        let a = vec![ent("Anna Berg", EntityType::PERSON, 2), ent("Riga", EntityType::GPE, 1)];
        let b = vec![ent("Berg", EntityType::PERSON, 3)];
        let d = NaiveDate::from_ymd_opt(2024, 1, 2);
        let m1 = merge([DocEntities { published: d, entities: &a }, DocEntities { published: None, entities: &b }].into_iter());
        let m2 = merge([DocEntities { published: None, entities: &b }, DocEntities { published: d, entities: &a }].into_iter());
        let ids1: Vec<_> = m1.entities.iter().map(|e| (&e.entity_id, e.mention_count, e.document_count)).collect();
        let ids2: Vec<_> = m2.entities.iter().map(|e| (&e.entity_id, e.mention_count, e.document_count)).collect();
        assert_eq!(ids1, ids2);
        let berg = m1.entities.iter().find(|e| e.key.name == "Anna Berg").unwrap();
        assert_eq!((berg.mention_count, berg.document_count, berg.first_published), (5, 2, d));
        assert_eq!(berg.aliases.iter().cloned().collect::<Vec<_>>(), vec!["Anna Berg".to_string(), "Berg".to_string()]);
    }
}
