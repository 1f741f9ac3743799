//! The Lifecycle engine for JavaScript: the npm package `customer-lifecycle`.
//!
//! The only crate that exports to JS. It converts between JS values and the
//! core's types and does no work of its own.

use lifecycle_core::BuiltinKind;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct KindInfo {
    name: &'static str,
    is_activity: bool,
    is_win: bool,
}

/// The built-in event kinds, and whether each counts as the client's activity
/// and as a won deal.
///
/// ```ts
/// import { eventKinds } from "customer-lifecycle";
/// eventKinds().find((k) => k.name === "purchase"); // { name: "purchase", isActivity: true, isWin: true }
/// ```
#[wasm_bindgen(js_name = eventKinds)]
pub fn event_kinds() -> Result<JsValue, JsError> {
    let kinds: Vec<KindInfo> = BuiltinKind::ALL
        .into_iter()
        .map(|kind| KindInfo {
            name: kind.as_str(),
            is_activity: kind.direction() == lifecycle_core::Direction::Client,
            is_win: kind.is_win(),
        })
        .collect();
    serde_wasm_bindgen::to_value(&kinds).map_err(|e| JsError::new(&e.to_string()))
}
