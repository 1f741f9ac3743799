//! `FieldValue`'s `Deserialize`, written by hand: serde's derive for an
//! adjacently tagged enum (`{"type": "number", "value": 3}`) compiles to a reader
//! that can buffer any value, a large part of the npm package's wasm
//! (docs/npm.md). This one reads the same input with the same messages (the test
//! below checks it against the derive): the tag and the value in either order,
//! other keys ignored, or the pair as a two-element array.

use std::fmt;

use serde::de::{self, DeserializeSeed, Error, MapAccess, SeqAccess};
use serde::{Deserialize, Deserializer};

use crate::data::{FieldValue, text};

const TYPES: &[&str] = &["text", "number", "bool", "date"];

impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_struct("FieldValue", &["type", "value"], Tagged)
    }
}

/// The type's index in [`TYPES`], read as the derive reads it (as an enum).
struct Tag;

impl<'de> DeserializeSeed<'de> for Tag {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        crate::unit_enum::deserialize(d, "FieldValue", TYPES, &[0, 1, 2, 3])
    }
}

/// The value of the type with index `0` in [`TYPES`].
struct Value(usize);

impl<'de> DeserializeSeed<'de> for Value {
    type Value = FieldValue;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<FieldValue, D::Error> {
        Ok(match self.0 {
            0 => FieldValue::Text(String::deserialize(d)?),
            1 => FieldValue::Number(f64::deserialize(d)?),
            2 => FieldValue::Bool(bool::deserialize(d)?),
            _ => FieldValue::Date(text::date(d)?),
        })
    }
}

struct Tagged;

impl<'de> de::Visitor<'de> for Tagged {
    type Value = FieldValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("adjacently tagged enum FieldValue")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FieldValue, A::Error> {
        let mut kind = None;
        let mut value = None;
        // A value before its type, kept until the type says how to read it.
        let mut early = None::<serde_json::Value>;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "type" if kind.is_some() => return Err(A::Error::duplicate_field("type")),
                "type" => kind = Some(map.next_value_seed(Tag)?),
                "value" if value.is_some() || early.is_some() => {
                    return Err(A::Error::duplicate_field("value"));
                }
                "value" => match kind {
                    Some(k) => value = Some(map.next_value_seed(Value(k))?),
                    None => early = Some(map.next_value()?),
                },
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        let kind = kind.ok_or_else(|| A::Error::missing_field("type"))?;
        match (value, early) {
            (Some(v), _) => Ok(v),
            (None, Some(v)) => Value(kind).deserialize(v).map_err(A::Error::custom),
            (None, None) => Err(A::Error::missing_field("value")),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FieldValue, A::Error> {
        let kind = seq
            .next_element_seed(Tag)?
            .ok_or_else(|| A::Error::invalid_length(0, &self))?;
        seq.next_element_seed(Value(kind))?
            .ok_or_else(|| A::Error::invalid_length(1, &self))
    }
}

#[cfg(test)]
mod tests {
    use crate::data::FieldValue;

    /// What serde's derive reads, to compare with (the same name, for the same
    /// messages).
    mod derived {
        use chrono::NaiveDate;
        use serde::Deserialize;

        use crate::data::text;

        #[derive(Debug, Deserialize)]
        #[serde(tag = "type", content = "value", rename_all = "snake_case")]
        pub enum FieldValue {
            Text(String),
            Number(f64),
            Bool(bool),
            Date(#[serde(deserialize_with = "text::date")] NaiveDate),
        }
    }

    fn same(d: derived::FieldValue) -> FieldValue {
        match d {
            derived::FieldValue::Text(s) => FieldValue::Text(s),
            derived::FieldValue::Number(n) => FieldValue::Number(n),
            derived::FieldValue::Bool(b) => FieldValue::Bool(b),
            derived::FieldValue::Date(d) => FieldValue::Date(d),
        }
    }

    #[test]
    fn reads_what_the_derive_reads_with_its_messages() {
        let inputs = [
            r#"{"type": "text", "value": "Acme"}"#,
            r#"{"type": "number", "value": 12.5}"#,
            r#"{"type": "number", "value": 3}"#,
            r#"{"type": "bool", "value": true}"#,
            r#"{"type": "date", "value": "2025-03-02"}"#,
            r#"{"value": "2025-03-02", "type": "date"}"#,
            r#"{"value": 7, "other": [1, {"a": 2}], "type": "number"}"#,
            r#"{"type": "text", "x": null, "value": "a"}"#,
            r#"["bool", false]"#,
            r#"{"type": "date", "value": "2025-02-30"}"#,
            r#"{"value": "2025-02-30", "type": "date"}"#,
            r#"{"type": "number", "value": "12"}"#,
            r#"{"value": "12", "type": "number"}"#,
            r#"{"type": "colour", "value": "red"}"#,
            r#"{"value": 1}"#,
            r#"{"type": "text"}"#,
            r#"{}"#,
            r#"{"type": "text", "type": "text", "value": "a"}"#,
            r#"{"type": "text", "value": "a", "value": "b"}"#,
            r#"["bool"]"#,
            r#"[]"#,
            r#""text""#,
            r#"5"#,
            r#"{"type": 1, "value": 2}"#,
            r#"{"type": null, "value": 2}"#,
        ];
        for json in inputs {
            let derived = serde_json::from_str::<derived::FieldValue>(json).map(same);
            let ours = serde_json::from_str::<FieldValue>(json);
            match (derived, ours) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{json}"),
                (Err(a), Err(b)) => {
                    // The same words; where in the text may differ.
                    let words = |e: serde_json::Error| {
                        let t = e.to_string();
                        t[..t.rfind(" at line ").unwrap_or(t.len())].to_owned()
                    };
                    assert_eq!(words(a), words(b), "{json}");
                }
                (a, b) => panic!("{json}: the derive gives {a:?}, this {b:?}"),
            }
        }
    }
}
