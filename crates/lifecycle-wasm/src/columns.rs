//! Events as typed columns (`EventColumns` in the typings) in and out.

use js_sys::{Array, Float64Array, Int32Array, Reflect, Uint8Array, Uint16Array, Uint32Array};
use lifecycle_core::columns::EventColumns;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::convert::to_js;
use crate::error::{self, JsResult};

fn property(obj: &JsValue, name: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn wrong(name: &str, want: &str) -> JsValue {
    error::item(
        error::Code::InvalidColumns,
        &format!("columns.{name} must be a {want}"),
        None,
        name,
    )
}

macro_rules! typed {
    ($obj:expr, $name:literal, $ty:ty) => {{
        let v = property($obj, $name);
        match v.dyn_into::<$ty>() {
            Ok(a) => a.to_vec(),
            Err(_) => return Err(wrong($name, stringify!($ty))),
        }
    }};
}

fn strings(obj: &JsValue, name: &str) -> JsResult<Vec<String>> {
    let v = property(obj, name);
    let Some(array) = v.dyn_ref::<Array>() else {
        return Err(wrong(name, "array of strings"));
    };
    array
        .iter()
        .enumerate()
        .map(|(i, s)| {
            s.as_string().ok_or_else(|| {
                error::item(
                    error::Code::InvalidColumns,
                    &format!("columns.{name}[{i}] is not a string"),
                    Some(i),
                    name,
                )
            })
        })
        .collect()
}

/// Event columns from their typed arrays (the layout is `EventColumns` in the typings).
pub fn columns_from_js(value: &JsValue) -> JsResult<EventColumns> {
    if !value.is_object() {
        return Err(wrong("columns", "object of typed arrays"));
    }
    Ok(EventColumns {
        contact: typed!(value, "contact", Uint32Array),
        day: typed!(value, "day", Int32Array),
        time: typed!(value, "time", Uint16Array),
        kind: typed!(value, "kind", Uint8Array),
        score: typed!(value, "score", Uint8Array),
        amount: typed!(value, "amount", Float64Array),
        channel: typed!(value, "channel", Uint32Array),
        note: typed!(value, "note", Uint32Array),
        kinds: strings(value, "kinds")?,
        strings: strings(value, "strings")?,
    })
}

/// Event columns as typed arrays.
pub fn columns_to_js(c: &EventColumns) -> JsResult<JsValue> {
    let obj = js_sys::Object::new();
    let set = |name: &str, v: JsValue| Reflect::set(&obj, &JsValue::from_str(name), &v);
    let fields: [(&str, JsValue); 10] = [
        ("contact", Uint32Array::from(&c.contact[..]).into()),
        ("day", Int32Array::from(&c.day[..]).into()),
        ("time", Uint16Array::from(&c.time[..]).into()),
        ("kind", Uint8Array::from(&c.kind[..]).into()),
        ("score", Uint8Array::from(&c.score[..]).into()),
        ("amount", Float64Array::from(&c.amount[..]).into()),
        ("channel", Uint32Array::from(&c.channel[..]).into()),
        ("note", Uint32Array::from(&c.note[..]).into()),
        ("kinds", to_js(&c.kinds)?),
        ("strings", to_js(&c.strings)?),
    ];
    for (name, v) in fields {
        set(name, v)
            .map_err(|_| error::general(error::Code::Internal, "cannot build the columns"))?;
    }
    Ok(obj.into())
}
