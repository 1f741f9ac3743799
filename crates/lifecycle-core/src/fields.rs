//! A contact's custom fields: a small map kept as a list sorted by name.
//!
//! A contact has a handful of fields. A `BTreeMap` gives each contact a node
//! of room for eleven entries (about 320 bytes in wasm32, 37 % of a loaded
//! contact's memory); a sorted list holds just the entries, and a lookup in a
//! few of them is as quick. The API is the part of `BTreeMap`'s the code
//! uses, with the same order (by name), the same equality, and the same JSON
//! (an object, names in order; a name given twice keeps its last value).

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::data::FieldValue;

/// A contact's custom fields by name, in name order.
#[derive(Clone, Default, PartialEq)]
pub struct Fields(Vec<(String, FieldValue)>);

/// [`Fields::iter`]'s iterator: each name and value, in name order.
pub type Iter<'a> = std::iter::Map<
    std::slice::Iter<'a, (String, FieldValue)>,
    fn(&'a (String, FieldValue)) -> (&'a String, &'a FieldValue),
>;

impl Fields {
    /// No fields.
    pub const fn new() -> Fields {
        Fields(Vec::new())
    }

    /// No fields, with room for `n`.
    pub fn with_capacity(n: usize) -> Fields {
        Fields(Vec::with_capacity(n))
    }

    /// How many fields there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// No fields.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn find(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(n, _)| n.as_str().cmp(name))
    }

    /// The value of the field `name`.
    pub fn get(&self, name: &str) -> Option<&FieldValue> {
        self.find(name).ok().map(|i| &self.0[i].1)
    }

    /// The value of the field `name`, to change.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut FieldValue> {
        self.find(name).ok().map(|i| &mut self.0[i].1)
    }

    /// Whether there is a field `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    /// Sets the field `name`, giving back the value it had.
    pub fn insert(&mut self, name: String, value: FieldValue) -> Option<FieldValue> {
        match self.find(&name) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (name, value));
                None
            }
        }
    }

    /// Removes the field `name`, giving back its value.
    pub fn remove(&mut self, name: &str) -> Option<FieldValue> {
        self.find(name).ok().map(|i| self.0.remove(i).1)
    }

    /// Removes every field.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// Puts the entries in name order, the last of a name kept, after they
    /// were pushed in any order: a sort, where inserting one at a time into
    /// the sorted list would be quadratic in the worst case.
    fn normalize(&mut self) {
        if self.0.windows(2).all(|w| w[0].0 < w[1].0) {
            return;
        }
        // Stable: of the entries of one name, the last pushed stays last.
        self.0.sort_by(|a, b| a.0.cmp(&b.0));
        let mut kept: Vec<(String, FieldValue)> = Vec::with_capacity(self.0.len());
        for entry in self.0.drain(..) {
            match kept.last_mut() {
                Some(last) if last.0 == entry.0 => *last = entry,
                _ => kept.push(entry),
            }
        }
        self.0 = kept;
    }

    /// Each name and value, in name order.
    pub fn iter(&self) -> Iter<'_> {
        self.0.iter().map(|(n, v)| (n, v))
    }

    /// The names, in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(n, _)| n)
    }

    /// The values, in the names' order.
    pub fn values(&self) -> impl Iterator<Item = &FieldValue> {
        self.0.iter().map(|(_, v)| v)
    }
}

impl std::ops::Index<&str> for Fields {
    type Output = FieldValue;

    /// The value of the field `name`; panics if there is none, as a map does.
    fn index(&self, name: &str) -> &FieldValue {
        self.get(name).expect("no field of that name")
    }
}

impl fmt::Debug for Fields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Extend<(String, FieldValue)> for Fields {
    /// As inserting each entry in turn, in `n log n` for any order.
    fn extend<I: IntoIterator<Item = (String, FieldValue)>>(&mut self, entries: I) {
        self.0.extend(entries);
        self.normalize();
    }
}

impl FromIterator<(String, FieldValue)> for Fields {
    fn from_iter<I: IntoIterator<Item = (String, FieldValue)>>(entries: I) -> Fields {
        let mut fields = Fields(entries.into_iter().collect());
        fields.normalize();
        fields
    }
}

impl<const N: usize> From<[(String, FieldValue); N]> for Fields {
    fn from(entries: [(String, FieldValue); N]) -> Fields {
        entries.into_iter().collect()
    }
}

impl IntoIterator for Fields {
    type Item = (String, FieldValue);
    type IntoIter = std::vec::IntoIter<(String, FieldValue)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Fields {
    type Item = (&'a String, &'a FieldValue);
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.len()))?;
        for (name, value) in self {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Fields, D::Error> {
        struct FieldsVisitor;
        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = Fields;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
                while let Some(entry) = map.next_entry::<String, FieldValue>()? {
                    entries.push(entry);
                }
                let mut fields = Fields(entries);
                fields.normalize();
                Ok(fields)
            }
        }
        d.deserialize_map(FieldsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn value(i: u32) -> FieldValue {
        match i % 3 {
            0 => FieldValue::Number(f64::from(i)),
            1 => FieldValue::Text(format!("t{i}")),
            _ => FieldValue::Bool(i.is_multiple_of(2)),
        }
    }

    /// Every change a `BTreeMap` takes, made to both: the same answers, the
    /// same order, the same JSON, the same equality.
    #[test]
    fn behaves_as_a_btree_map() {
        let mut fields = Fields::new();
        let mut map = BTreeMap::new();
        let mut seed = 11u32;
        for round in 0..3000u32 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let name = format!("f{}", (seed >> 16) % 23);
            match (seed >> 8) % 4 {
                0 | 1 => assert_eq!(
                    fields.insert(name.clone(), value(round)),
                    map.insert(name.clone(), value(round))
                ),
                2 => assert_eq!(fields.remove(&name), map.remove(&name)),
                _ => {
                    if let (Some(a), Some(b)) = (fields.get_mut(&name), map.get_mut(&name)) {
                        *a = value(round + 1);
                        *b = value(round + 1);
                    }
                }
            }
            assert_eq!(fields.len(), map.len());
            assert_eq!(fields.get(&name), map.get(&name));
            assert_eq!(fields.contains_key(&name), map.contains_key(&name));
            assert!(fields.iter().eq(map.iter()));
        }
        assert!(fields.keys().eq(map.keys()));
        assert!(fields.values().eq(map.values()));
        assert_eq!(
            serde_json::to_string(&fields).unwrap(),
            serde_json::to_string(&map).unwrap()
        );
        assert_eq!(format!("{fields:?}"), format!("{map:?}"));
        let collected: Fields = map.clone().into_iter().collect();
        assert_eq!(collected, fields);
        assert!(fields.clone().into_iter().eq(map.into_iter()));
        fields.clear();
        assert!(fields.is_empty());
    }

    /// Many fields in reverse order, with repeats, read and collected in
    /// `n log n` (inserting one at a time would shift the list each time):
    /// the same as a map's, the last value of a name kept.
    #[test]
    fn many_fields_in_any_order_keep_the_last_of_each_name() {
        let n = 50_000u32;
        let entries = (0..n)
            .rev()
            .map(|i| (format!("f{:06}", i % (n / 2)), value(i)));
        let fields: Fields = entries.clone().collect();
        let map: BTreeMap<String, FieldValue> = entries.clone().collect();
        assert_eq!(fields.len(), map.len());
        assert!(fields.iter().eq(map.iter()));
        let mut extended = Fields::from([("f000001".to_owned(), value(7))]);
        extended.extend(entries);
        assert!(extended.iter().eq(map.iter()));
        let json = format!(
            "{{{}}}",
            (0..n)
                .rev()
                .map(|i| format!(r#""f{:06}":{{"type":"number","value":{i}}}"#, i % (n / 2)))
                .collect::<Vec<_>>()
                .join(",")
        );
        let read: Fields = serde_json::from_str(&json).unwrap();
        let map: BTreeMap<String, FieldValue> = serde_json::from_str(&json).unwrap();
        assert!(read.iter().eq(map.iter()));
    }

    #[test]
    fn reads_json_as_a_btree_map_does() {
        for json in [
            r#"{}"#,
            r#"{"b":{"type":"number","value":2},"a":{"type":"text","value":"x"}}"#,
            r#"{"a":{"type":"bool","value":true},"a":{"type":"number","value":3}}"#,
        ] {
            let fields: Fields = serde_json::from_str(json).unwrap();
            let map: BTreeMap<String, FieldValue> = serde_json::from_str(json).unwrap();
            assert!(fields.iter().eq(map.iter()), "{json}");
        }
        for bad in [
            r#"[]"#,
            r#"{"a":1}"#,
            r#"{"a":{"type":"colour","value":1}}"#,
        ] {
            let fields = serde_json::from_str::<Fields>(bad).unwrap_err().to_string();
            let map = serde_json::from_str::<BTreeMap<String, FieldValue>>(bad)
                .unwrap_err()
                .to_string();
            assert_eq!(fields, map, "{bad}");
        }
    }
}
