//! One serde reader for every enum of unit variants (`"open"`, `"skip"`, ...).
//!
//! serde's derive gives each such enum its own visitor, and so its own copy of
//! the JSON reader's enum code: about 1.3 KB of wasm per enum in the npm package
//! (docs/npm.md). Here the visitor is one type for every enum, so that code is
//! there once; each enum's `Deserialize` only names its variants. It reads what
//! the derive reads (the name as a string, `{"name": null}`, or the variant's
//! index) with the derive's error messages.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, EnumAccess, Unexpected, VariantAccess};

/// The variant of `all` whose name (in `names`, the same order) `d` holds. `name`
/// is the enum's name, for the error messages.
pub fn deserialize<'de, D: Deserializer<'de>, T: Copy>(
    d: D,
    name: &'static str,
    names: &'static [&'static str],
    all: &[T],
) -> Result<T, D::Error> {
    let i = d.deserialize_enum(name, names, Enum { name, names })?;
    Ok(all[i])
}

struct Enum {
    name: &'static str,
    names: &'static [&'static str],
}

impl<'de> de::Visitor<'de> for Enum {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "enum {}", self.name)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<usize, A::Error> {
        let (i, variant) = data.variant_seed(Variant(self.names))?;
        variant.unit_variant()?;
        Ok(i)
    }
}

/// The variant's name (or index), as the position in the names.
struct Variant(&'static [&'static str]);

impl<'de> de::DeserializeSeed<'de> for Variant {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_identifier(self)
    }
}

/// "variant index 0 <= i < n", as the derive says it.
struct Index(usize);

impl de::Expected for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "variant index 0 <= i < {}", self.0)
    }
}

impl de::Visitor<'_> for Variant {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("variant identifier")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<usize, E> {
        match usize::try_from(v) {
            Ok(i) if i < self.0.len() => Ok(i),
            _ => Err(E::invalid_value(
                Unexpected::Unsigned(v),
                &Index(self.0.len()),
            )),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|n| *n == v)
            .ok_or_else(|| E::unknown_variant(v, self.0))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<usize, E> {
        match std::str::from_utf8(v) {
            Ok(s) => self.visit_str(s),
            Err(_) => Err(E::unknown_variant(&String::from_utf8_lossy(v), self.0)),
        }
    }
}

// `Direction`'s is here rather than beside the type, in data.rs.
impl<'de> serde::Deserialize<'de> for crate::data::Direction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use crate::data::Direction::*;
        deserialize(d, "Direction", &["client", "company"], &[Client, Company])
    }
}

/// For the tests of the enums read here (in this crate and in lifecycle-io):
/// checks an enum's `Deserialize` against its derived `Serialize`. Every variant
/// (in `all`) reads back from what serde writes, from `{"name": null}` and from
/// its index; an unknown name, a wrong index and a number fail with the
/// derive's messages.
#[doc(hidden)]
pub fn check<T>(all: &[T], names: &[&str])
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + fmt::Debug,
{
    assert_eq!(all.len(), names.len());
    for (i, (v, n)) in all.iter().zip(names).enumerate() {
        let json = serde_json::to_string(v).unwrap();
        assert_eq!(json, format!("\"{n}\""));
        assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), v);
        assert_eq!(
            &serde_json::from_str::<T>(&format!("{{{json}: null}}")).unwrap(),
            v
        );
        let index = de::value::U32Deserializer::<de::value::Error>::new(i as u32);
        assert_eq!(&T::deserialize(index).unwrap(), v);
    }
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    let list = match quoted.as_slice() {
        [a, b] => format!("{a} or {b}"),
        _ => format!("one of {}", quoted.join(", ")),
    };
    let err = |json: &str| serde_json::from_str::<T>(json).unwrap_err().to_string();
    assert_eq!(
        err("\"nope\""),
        format!("unknown variant `nope`, expected {list} at line 1 column 6")
    );
    assert_eq!(err("5"), "expected value at line 1 column 1");
    let index = de::value::U32Deserializer::<de::value::Error>::new(names.len() as u32);
    assert_eq!(
        T::deserialize(index).unwrap_err().to_string(),
        format!(
            "invalid value: integer `{}`, expected variant index 0 <= i < {}",
            names.len(),
            names.len()
        )
    );
}

#[cfg(test)]
mod tests {
    use crate::model::{FieldType, StageKind};

    #[test]
    fn the_core_enums_read_as_the_derive_read_them() {
        use StageKind::*;
        super::check(
            &[Open, Won, Dormant, Lost],
            &["open", "won", "dormant", "lost"],
        );
        use FieldType::*;
        super::check(
            &[Text, Number, Bool, Date],
            &["text", "number", "bool", "date"],
        );
        use crate::data::Direction::*;
        super::check(&[Client, Company], &["client", "company"]);
    }
}
