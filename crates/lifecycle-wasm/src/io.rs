//! Free functions for data in and out: CSV and JSON import (preview, plan and
//! report) and export. The work is lifecycle-io's. Built as its own wasm module
//! (`customer-lifecycle/io`), so that apps that only classify do not load it.

use lifecycle_core::{Contact, Event};
use lifecycle_io::csv::{self, CsvError};
use lifecycle_io::export::{self, CsvExport};
use lifecycle_io::import::{self, ImportOptions, JsonPlanError, PlanError, Preview};
use lifecycle_io::mapping::FileKind;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::convert::{self, from_js, list, options, to_js};
use crate::error::{self, At, JsResult};

/// The contacts and events an import is reconciled against.
#[derive(Deserialize, Default)]
#[serde(default)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "ExistingData"))]
pub struct Existing {
    /// The contacts of the base.
    #[cfg_attr(test, ts(as = "Option<Vec<Contact>>", optional))]
    contacts: Vec<Contact>,
    /// The events of the base.
    #[cfg_attr(test, ts(as = "Option<Vec<Event>>", optional))]
    events: Vec<Event>,
}

fn existing(value: JsValue) -> JsResult<Existing> {
    if value.is_undefined() || value.is_null() {
        return Ok(Existing::default());
    }
    let contacts =
        js_sys::Reflect::get(&value, &JsValue::from_str("contacts")).unwrap_or(JsValue::UNDEFINED);
    let events =
        js_sys::Reflect::get(&value, &JsValue::from_str("events")).unwrap_or(JsValue::UNDEFINED);
    Ok(Existing {
        contacts: list(contacts, "existing.contacts")?,
        events: list(events, "existing.events")?,
    })
}

/// How a CSV file would be imported, and what the reader found in it.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CsvPreview<'a> {
    #[serde(flatten)]
    preview: Preview,
    /// The header row's cells.
    header: &'a [String],
    /// Data rows read.
    rows: usize,
    /// Malformed rows (an unterminated quote, too many or too few fields), with
    /// row (the header is row 1), column and line.
    errors: &'a [CsvError],
    /// Bytes that were not valid in the encoding and were replaced.
    replaced_chars: usize,
}

// The declaration of the options object, which `csv_options` reads by hand.
/// How `exportContactsCsv` and `exportEventsCsv` write.
#[cfg(test)]
#[derive(ts_rs::TS)]
#[allow(dead_code)] // only declared
#[ts(optional_fields)]
pub struct CsvExportOptions {
    /// `excel` (default): UTF-8 with a byte-order mark, formulas neutralized;
    /// `data`: plain RFC 4180.
    profile: Option<export::CsvProfile>,
    /// `,` by default.
    #[ts(type = "\",\" | \";\" | \"\\t\" | \"|\"", optional)]
    delimiter: Option<char>,
}

/// Reads a CSV file's bytes and shows how it would be imported: the encoding and
/// delimiter found, what the file holds, the mapping of every column, the
/// day/month order of date columns, and the rows the reader found malformed.
/// Nothing is imported.
#[wasm_bindgen(js_name = previewCsv, unchecked_return_type = "CsvPreview")]
pub fn preview_csv(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ImportOptions")] opts: Option<JsValue>,
) -> JsResult<JsValue> {
    let opts: ImportOptions = options(opts.unwrap_or_default(), "options")?;
    let table = csv::read(&convert::bytes(&bytes, "bytes")?, opts.csv);
    let preview = import::preview(&table, &opts);
    to_js(&CsvPreview {
        preview,
        header: &table.header,
        rows: table.rows.len(),
        errors: &table.errors,
        replaced_chars: table.replaced_chars,
    })
}

/// Plans the import of a CSV file against the existing contacts and events:
/// what would be added and updated, and a report that accounts for every row
/// (`rows_read = rows_added + rows_updated + skipped.length + rows_with_errors`).
/// Nothing changes: add `new_contacts` and `new_events` yourself once the user
/// confirms.
#[wasm_bindgen(js_name = importCsv, unchecked_return_type = "ImportPlan")]
pub fn import_csv(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ImportOptions")] opts: Option<JsValue>,
    #[wasm_bindgen(js_name = existing, unchecked_param_type = "ExistingData")]
    existing_data: Option<JsValue>,
) -> JsResult<JsValue> {
    let opts: ImportOptions = options(opts.unwrap_or_default(), "options")?;
    let have = existing(existing_data.unwrap_or_default())?;
    let plan = import::import(
        &convert::bytes(&bytes, "bytes")?,
        &opts,
        &have.contacts,
        &have.events,
    )
    .map_err(|e| {
        let column = match &e {
            // Already counted from 1, as the message says.
            PlanError::NoSuchColumn { column, .. } => Some(*column as u64),
            _ => None,
        };
        error::input(
            error::Code::ImportFailed,
            &e.to_string(),
            At {
                column,
                ..At::default()
            },
        )
    })?;
    to_js(&plan)
}

/// Plans the import of the canonical JSON form of contacts or events, with the
/// same report as a CSV import (a "row" is the item's position, from 1).
#[wasm_bindgen(js_name = importJson, unchecked_return_type = "ImportPlan")]
pub fn import_json(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "\"contacts\" | \"events\"")] kind: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ImportOptions")] opts: Option<JsValue>,
    #[wasm_bindgen(js_name = existing, unchecked_param_type = "ExistingData")]
    existing_data: Option<JsValue>,
) -> JsResult<JsValue> {
    let kind: FileKind = from_js(kind, "kind")?;
    let opts: ImportOptions = options(opts.unwrap_or_default(), "options")?;
    let have = existing(existing_data.unwrap_or_default())?;
    let text = convert::string(&text, "text")?;
    let plan =
        import::plan_json(&text, kind, &opts, &have.contacts, &have.events).map_err(|e| {
            let at = match &e {
                JsonPlanError::NotJson { line, column, .. } => At {
                    line: Some(*line as u64),
                    column: Some(*column as u64),
                    ..At::default()
                },
                _ => At::default(),
            };
            let code = match &e {
                JsonPlanError::NotJson { .. } => error::Code::InvalidJson,
                _ => error::Code::ImportFailed,
            };
            error::input(code, &e.to_string(), at)
        })?;
    to_js(&plan)
}

/// The options of a CSV export (`CsvExportOptions`), read property by property:
/// a serde derive would cost the wasm more (docs/npm.md).
fn csv_options(value: Option<JsValue>) -> JsResult<CsvExport> {
    let mut out = CsvExport::default();
    let Some(o) = convert::options_object(value.unwrap_or_default(), "options")? else {
        return Ok(out);
    };
    if let Some(p) = convert::string_property(&o, "profile", "options")? {
        out.profile = match p.as_str() {
            "excel" => export::CsvProfile::Excel,
            "data" => export::CsvProfile::Data,
            _ => {
                return Err(error::item(
                    error::Code::InvalidInput,
                    &format!("the profile is \"excel\" or \"data\", not {p:?}"),
                    None,
                    "profile",
                ));
            }
        };
    }
    if let Some(d) = convert::string_property(&o, "delimiter", "options")? {
        let mut chars = d.chars();
        out.delimiter = match (chars.next(), chars.next()) {
            (Some(c @ (',' | ';' | '\t' | '|')), None) => c,
            _ => {
                return Err(error::item(
                    error::Code::InvalidInput,
                    "the delimiter is one of , ; tab |",
                    None,
                    "delimiter",
                ));
            }
        };
    }
    Ok(out)
}

/// Contacts as CSV bytes with every column. The `excel` profile (default) writes
/// UTF-8 with a byte-order mark and neutralizes cells a spreadsheet would run as
/// formulas; `data` writes plain RFC 4180.
#[wasm_bindgen(js_name = exportContactsCsv)]
pub fn export_contacts_csv(
    #[wasm_bindgen(unchecked_param_type = "Contact[]")] contacts: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CsvExportOptions")] opts: Option<JsValue>,
) -> JsResult<Vec<u8>> {
    let contacts: Vec<Contact> = list(contacts, "contacts")?;
    let opts = csv_options(opts)?;
    let columns = export::all_columns(&contacts);
    Ok(export::contacts_csv(&contacts, &columns, &[], opts))
}

/// Events as CSV bytes in the canonical columns (see `exportContactsCsv` for the profiles).
#[wasm_bindgen(js_name = exportEventsCsv)]
pub fn export_events_csv(
    #[wasm_bindgen(unchecked_param_type = "LifecycleEvent[]")] events: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CsvExportOptions")] opts: Option<JsValue>,
) -> JsResult<Vec<u8>> {
    let events: Vec<Event> = list(events, "events")?;
    Ok(export::events_csv(&events, &[], csv_options(opts)?))
}

/// Contacts in the canonical JSON form.
#[wasm_bindgen(js_name = exportContactsJson)]
pub fn export_contacts_json(
    #[wasm_bindgen(unchecked_param_type = "Contact[]")] contacts: JsValue,
) -> JsResult<String> {
    let contacts: Vec<Contact> = list(contacts, "contacts")?;
    let columns = export::all_columns(&contacts);
    Ok(export::contacts_json(&contacts, &columns, &[]))
}

/// Events in the canonical JSON form.
#[wasm_bindgen(js_name = exportEventsJson)]
pub fn export_events_json(
    #[wasm_bindgen(unchecked_param_type = "LifecycleEvent[]")] events: JsValue,
) -> JsResult<String> {
    let events: Vec<Event> = list(events, "events")?;
    Ok(export::events_json(&events, &[]))
}
