//! The Lifecycle engine for JavaScript: the npm package `customer-lifecycle`.
//!
//! The only crate that exports to JS. It converts between JS values and the
//! core's types and does no work of its own:
//!
//! - `engine`: the `Engine` class (a base with a model: classification,
//!   explanations, history, reports, what-if) and model validation; `demo`: demo
//!   data (feature `engine`: the module `customer-lifecycle`);
//! - `io`: CSV and JSON import and export (feature `io`: the module
//!   `customer-lifecycle/io`, a second wasm file loaded only by apps that import);
//! - `convert`: JS <-> Rust conversions; `columns`: the typed event columns;
//! - `error`: the JS error classes thrown (`js/errors.js`);
//! - `guard`: refuses rules nested deeper than the parser's stack allows;
//! - `types`: the TypeScript declarations of every data type.

#[cfg(feature = "engine")]
mod columns;
mod convert;
#[cfg(feature = "engine")]
mod demo;
#[cfg(feature = "engine")]
mod engine;
mod error;
#[cfg(feature = "engine")]
mod guard;
#[cfg(feature = "io")]
mod io;
mod types;

use lifecycle_core::BuiltinKind;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[cfg(feature = "engine")]
pub use engine::Engine;

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// A built-in event kind, as `eventKinds()` lists it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "EventKindInfo"))]
pub struct KindInfo {
    /// The kind's name, as events write it.
    name: &'static str,
    /// Whether it counts as the client's activity.
    is_activity: bool,
    /// Whether it counts as a won deal.
    is_win: bool,
}

/// The built-in event kinds, and whether each counts as the client's activity
/// and as a won deal.
///
/// ```ts
/// import { eventKinds } from "customer-lifecycle";
/// eventKinds().find((k) => k.name === "purchase"); // { name: "purchase", isActivity: true, isWin: true }
/// ```
#[wasm_bindgen(js_name = eventKinds, unchecked_return_type = "EventKindInfo[]")]
pub fn event_kinds() -> Result<JsValue, JsValue> {
    let kinds: Vec<KindInfo> = BuiltinKind::ALL
        .into_iter()
        .map(|kind| KindInfo {
            name: kind.as_str(),
            is_activity: kind.direction() == lifecycle_core::Direction::Client,
            is_win: kind.is_win(),
        })
        .collect();
    convert::to_js(&kinds)
}
