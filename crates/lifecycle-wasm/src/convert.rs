//! Conversions between JS values and the core's types, in one place.

#[cfg(feature = "engine")]
use chrono::NaiveDate;
use js_sys::Array;
#[cfg(feature = "io")]
use js_sys::Uint8Array;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::error::{self, JsResult};

/// Any serializable value as a plain JS value (dates as `YYYY-MM-DD` strings).
/// Through JSON text: one `JSON.parse` is fast, and serde_json's code is already
/// in the module, where a serializer per type would add a third to its size.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsResult<JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|e| error::general(error::Code::Internal, &e.to_string()))?;
    js_sys::JSON::parse(&text)
        .map_err(|_| error::general(error::Code::Internal, "cannot parse own JSON"))
}

fn json_text(value: &JsValue, field: &str) -> JsResult<String> {
    if value.is_undefined() {
        return Ok("null".into());
    }
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| {
            error::item(
                error::Code::InvalidInput,
                &format!("{field} cannot be read as JSON data (a cycle, a BigInt?)"),
                None,
                field,
            )
        })
}

/// One value from JS, or an `InputError` naming `field`.
pub fn from_js<T: DeserializeOwned>(value: JsValue, field: &str) -> JsResult<T> {
    let text = json_text(&value, field)?;
    serde_json::from_str(&text).map_err(|e| {
        error::item(
            error::Code::InvalidInput,
            &format!("{field}: {}", plain(&e)),
            None,
            field,
        )
    })
}

/// serde_json's message without its " at line 1 column 42" (of text the user
/// never saw).
fn plain(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

#[cfg(feature = "io")]
/// An optional options object: `undefined` and `null` give the defaults.
pub fn options<T: DeserializeOwned + Default>(value: JsValue, field: &str) -> JsResult<T> {
    if value.is_undefined() || value.is_null() {
        Ok(T::default())
    } else {
        from_js(value, field)
    }
}

/// An options object read property by property (no serde code per options
/// type): `None` for `undefined` and `null`, the object itself otherwise.
pub fn options_object(value: JsValue, field: &str) -> JsResult<Option<JsValue>> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else if value.is_object() {
        Ok(Some(value))
    } else {
        Err(error::item(
            error::Code::InvalidInput,
            &format!("{field} must be an object"),
            None,
            field,
        ))
    }
}

/// A property of an options object; `null` reads as `undefined`. A property
/// that throws when read (a getter, a proxy) is an `InputError` naming `field`.
pub fn property(object: &JsValue, name: &str, field: &str) -> JsResult<JsValue> {
    match js_sys::Reflect::get(object, &JsValue::from_str(name)) {
        Ok(v) if v.is_null() => Ok(JsValue::UNDEFINED),
        Ok(v) => Ok(v),
        Err(_) => Err(error::item(
            error::Code::InvalidInput,
            &format!("{field}.{name} cannot be read"),
            None,
            field,
        )),
    }
}

/// An optional string property of an options object.
pub fn string_property(object: &JsValue, name: &str, field: &str) -> JsResult<Option<String>> {
    let v = property(object, name, field)?;
    if v.is_undefined() {
        return Ok(None);
    }
    v.as_string().map(Some).ok_or_else(|| {
        error::item(
            error::Code::InvalidInput,
            &format!("{field}.{name} must be a string"),
            None,
            field,
        )
    })
}

/// An array of objects. On an error, names the index of the first bad item.
pub fn list<T: DeserializeOwned>(value: JsValue, field: &str) -> JsResult<Vec<T>> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    let Some(array) = value.dyn_ref::<Array>() else {
        return Err(error::item(
            error::Code::InvalidInput,
            &format!("{field} must be an array"),
            None,
            field,
        ));
    };
    let text = json_text(&value, field)?;
    match serde_json::from_str(&text) {
        Ok(items) => Ok(items),
        Err(whole) => {
            // Only on failure: read item by item to name the bad one.
            for (i, item) in array.iter().enumerate() {
                let text = json_text(&item, field)?;
                if let Err(e) = serde_json::from_str::<T>(&text) {
                    return Err(error::item(
                        error::Code::InvalidInput,
                        &format!("{field}[{i}]: {}", plain(&e)),
                        Some(i),
                        field,
                    ));
                }
            }
            Err(error::item(
                error::Code::InvalidInput,
                &format!("{field}: {}", plain(&whole)),
                None,
                field,
            ))
        }
    }
}

/// A string argument. Checked here: wasm-bindgen's own conversion of a `&str`
/// argument trusts that it is given a string, and a number there corrupts memory.
pub fn string(value: &JsValue, field: &str) -> JsResult<String> {
    value.as_string().ok_or_else(|| {
        error::item(
            error::Code::InvalidInput,
            &format!("{field} must be a string"),
            None,
            field,
        )
    })
}

#[cfg(feature = "io")]
/// A byte-array argument (`Uint8Array`); checked for the same reason as [`string`].
pub fn bytes(value: &JsValue, field: &str) -> JsResult<Vec<u8>> {
    match value.dyn_ref::<Uint8Array>() {
        Some(a) => Ok(a.to_vec()),
        None => Err(error::item(
            error::Code::InvalidInput,
            &format!("{field} must be a Uint8Array"),
            None,
            field,
        )),
    }
}

#[cfg(feature = "engine")]
/// A `YYYY-MM-DD` date argument.
pub fn date(value: &JsValue, field: &str) -> JsResult<NaiveDate> {
    date_text(&string(value, field)?, field)
}

#[cfg(feature = "engine")]
/// A `YYYY-MM-DD` date: exactly that form, years 0000 to 9999.
pub fn date_text(text: &str, field: &str) -> JsResult<NaiveDate> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let parsed = (b.len() == 10 && b[4] == b'-' && b[7] == b'-')
        .then(|| Some((digits(0..4)?, digits(5..7)?, digits(8..10)?)))
        .flatten()
        .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y as i32, m, d));
    parsed.ok_or_else(|| {
        error::item(
            error::Code::InvalidDate,
            &format!("{field}: {text:?} is not a date in the form YYYY-MM-DD"),
            None,
            field,
        )
    })
}
