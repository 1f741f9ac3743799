//! Demo data: the core's seeded generator, as objects or as typed columns.

use chrono::NaiveDate;
use lifecycle_core::columns::EventColumns;
use lifecycle_core::demo::{self, DemoConfig};
use lifecycle_core::{Contact, Event};
use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::convert::{self, to_js};
use crate::error::{self, JsResult};

// The declaration of the options object, which `demo_config` reads by hand.
/// What demo base to generate.
#[cfg(test)]
#[derive(ts_rs::TS)]
#[allow(dead_code)] // only declared
#[ts(rename_all = "camelCase")]
pub struct DemoOptions {
    /// Number of contacts, up to 1,000,000.
    contacts: usize,
    /// The same seed gives the same base. Default 0.
    #[ts(as = "Option<u64>", optional)]
    seed: u64,
    /// The last day of the three-year history.
    #[ts(type = "DateString")]
    as_of: String,
}

/// A demo base as objects.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DemoData {
    /// The contacts.
    contacts: Vec<Contact>,
    /// Their events.
    events: Vec<Event>,
}

/// A demo base with the events as typed columns.
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DemoColumns {
    /// The contacts, in the order `columns.contact` refers to.
    contacts: Vec<Contact>,
    /// The events.
    columns: EventColumns,
}

impl DemoColumns {
    fn to_js(&self) -> JsResult<JsValue> {
        let obj = js_sys::Object::new();
        js_sys::Reflect::set(&obj, &"contacts".into(), &to_js(&self.contacts)?)
            .and_then(|_| {
                js_sys::Reflect::set(
                    &obj,
                    &"columns".into(),
                    &crate::columns::columns_to_js(&self.columns)?,
                )
            })
            .map_err(|_| error::general(error::Code::Internal, "cannot build the demo data"))?;
        Ok(obj.into())
    }
}

/// The largest demo base: a million contacts, which takes 2 of the 4 GB a wasm
/// module can address.
const MAX_DEMO_CONTACTS: usize = 1_000_000;

/// Bytes a demo base of `contacts` takes at its peak here (rows, columns and the
/// JSON for JS), measured: about 2 KB per contact.
const PEAK_BYTES_PER_CONTACT: usize = 2048;

/// Grows the wasm memory once for what is coming. Grown piecemeal by the
/// allocator, a base of a million contacts takes thousands of `memory.grow`
/// calls, each slower as the memory gets bigger: minutes instead of seconds. The
/// freed block stays with the allocator and serves the allocations that follow.
/// When the memory cannot grow that much, nothing happens here.
pub fn reserve(bytes: usize) {
    let mut block = Vec::<u8>::new();
    let _ = block.try_reserve_exact(bytes.min(isize::MAX as usize / 4 * 3));
}

/// A whole number property of the options, from 0.
fn count(o: &JsValue, name: &str) -> JsResult<Option<f64>> {
    let v = convert::property(o, name, "options")?;
    if v.is_undefined() {
        return Ok(None);
    }
    match v.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 => Ok(Some(n)),
        _ => Err(error::item(
            error::Code::InvalidInput,
            &format!("options.{name} must be a whole number from 0"),
            None,
            name,
        )),
    }
}

/// The options (`DemoOptions`), read property by property: a serde derive would
/// cost the wasm more (docs/npm.md).
fn demo_config(value: JsValue) -> JsResult<DemoConfig> {
    let missing = |name: &str| {
        error::item(
            error::Code::InvalidInput,
            &format!("options.{name} is missing"),
            None,
            name,
        )
    };
    let Some(o) = convert::options_object(value, "options")? else {
        return Err(missing("contacts"));
    };
    for key in js_sys::Object::keys::<js_sys::Object>(o.unchecked_ref()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !matches!(key.as_str(), "contacts" | "seed" | "asOf") {
            return Err(error::item(
                error::Code::InvalidInput,
                &format!(
                    "options: unknown option {key:?}; the options are contacts, seed and asOf"
                ),
                None,
                "options",
            ));
        }
    }
    let contacts = count(&o, "contacts")?.ok_or_else(|| missing("contacts"))?;
    if contacts > MAX_DEMO_CONTACTS as f64 {
        return Err(error::item(
            error::Code::InvalidInput,
            &format!("at most {MAX_DEMO_CONTACTS} demo contacts"),
            None,
            "contacts",
        ));
    }
    // Seeds above 2^53 cannot be told apart in a JS number anyway.
    let seed = count(&o, "seed")?.unwrap_or(0.0) as u64;
    let as_of = convert::string_property(&o, "asOf", "options")?.ok_or_else(|| missing("asOf"))?;
    let as_of: NaiveDate = convert::date_text(&as_of, "asOf")?;
    Ok(DemoConfig {
        contacts: contacts as usize,
        seed,
        as_of,
    })
}

/// A realistic demo base, the same for the same options on every platform:
/// B2B companies and three years of events up to `asOf`.
#[wasm_bindgen(js_name = generateDemo, unchecked_return_type = "DemoData")]
pub fn generate_demo(
    #[wasm_bindgen(unchecked_param_type = "DemoOptions")] opts: JsValue,
) -> JsResult<JsValue> {
    let config = demo_config(opts)?;
    reserve(config.contacts.saturating_mul(PEAK_BYTES_PER_CONTACT));
    let (contacts, events) = demo::generate(&config);
    to_js(&DemoData { contacts, events })
}

/// The same demo base as `generateDemo`, with the events as typed columns (see
/// `EventColumns`), ready for `Engine.loadColumns`.
#[wasm_bindgen(js_name = generateDemoColumns, unchecked_return_type = "DemoColumns")]
pub fn generate_demo_columns(
    #[wasm_bindgen(unchecked_param_type = "DemoOptions")] opts: JsValue,
) -> JsResult<JsValue> {
    let config = demo_config(opts)?;
    reserve(config.contacts.saturating_mul(PEAK_BYTES_PER_CONTACT));
    let (contacts, events) = demo::generate(&config);
    let columns = EventColumns::from_events(&contacts, &events).map_err(|e| error::columns(&e))?;
    drop(events);
    DemoColumns { contacts, columns }.to_js()
}
