//! Demo data: the core's seeded generator, as objects or as typed columns.

use chrono::NaiveDate;
use lifecycle_core::columns::EventColumns;
use lifecycle_core::demo::{self, DemoConfig};
use lifecycle_core::{Contact, Event};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::convert::{self, from_js, to_js};
use crate::error::{self, JsResult};

/// What demo base to generate.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DemoOptions {
    /// Number of contacts, up to 1,000,000.
    contacts: usize,
    /// The same seed gives the same base. Default 0.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<u64>", optional))]
    seed: u64,
    /// The last day of the three-year history.
    #[cfg_attr(test, ts(type = "DateString"))]
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

fn demo_config(value: JsValue) -> JsResult<DemoConfig> {
    let o: DemoOptions = from_js(value, "options")?;
    if o.contacts > MAX_DEMO_CONTACTS {
        return Err(error::item(
            error::Code::InvalidInput,
            &format!("at most {MAX_DEMO_CONTACTS} demo contacts"),
            None,
            "contacts",
        ));
    }
    let as_of: NaiveDate = convert::date_text(&o.as_of, "asOf")?;
    Ok(DemoConfig {
        contacts: o.contacts,
        seed: o.seed,
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
