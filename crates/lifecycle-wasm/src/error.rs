//! Every error the package throws: a JS `Error` subclass (see `js/errors.js`) with a
//! `code` and, for input errors, the place of the problem.

#[cfg(feature = "engine")]
use lifecycle_core::base::BaseError;
#[cfg(feature = "engine")]
use lifecycle_core::columns::ColumnsError;
#[cfg(feature = "engine")]
use lifecycle_core::model::{ModelErrors, Place};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(kind: &str, message: &str, code: &str, details: JsValue) -> JsValue;
}

/// Every `code` an error of this package carries. The declarations' type
/// `ErrorCode` is generated from this enum, so it cannot miss a code:
///
/// - `INVALID_MODEL`: a model or segment filter with problems (a `ModelError`);
/// - `UNKNOWN_PRESET`: no preset has the given name;
/// - `INVALID_INPUT`: an argument, option or item of the wrong type or value;
/// - `INVALID_DATE`: a date that is not `YYYY-MM-DD`, or a day number out of range;
/// - `INVALID_COLUMNS`: event columns that do not fit together;
/// - `DUPLICATE_CONTACT`: two contacts with the same id;
/// - `EMPTY_CONTACT_ID`: a contact without an id;
/// - `UNKNOWN_CONTACT`: an event or a request naming no loaded contact;
/// - `IMPORT_FAILED`: a file that cannot be imported with the given options;
/// - `INVALID_JSON`: JSON text that does not parse (with its line and column);
/// - `INTERNAL`: the package failed to build its own answer (a bug).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(
    test,
    derive(ts_rs::TS),
    ts(rename = "ErrorCode", rename_all = "SCREAMING_SNAKE_CASE")
)]
// Each of the npm package's two modules (feature `engine` or `io` alone)
// throws only its own codes.
#[cfg_attr(not(all(feature = "engine", feature = "io")), allow(dead_code))]
pub enum Code {
    InvalidModel,
    UnknownPreset,
    InvalidInput,
    InvalidDate,
    InvalidColumns,
    DuplicateContact,
    EmptyContactId,
    UnknownContact,
    ImportFailed,
    InvalidJson,
    Internal,
}

impl Code {
    /// Every code, in the order of the declaration.
    #[cfg(test)]
    pub const ALL: [Code; 11] = [
        Code::InvalidModel,
        Code::UnknownPreset,
        Code::InvalidInput,
        Code::InvalidDate,
        Code::InvalidColumns,
        Code::DuplicateContact,
        Code::EmptyContactId,
        Code::UnknownContact,
        Code::ImportFailed,
        Code::InvalidJson,
        Code::Internal,
    ];

    /// The code as JS sees it.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidModel => "INVALID_MODEL",
            Code::UnknownPreset => "UNKNOWN_PRESET",
            Code::InvalidInput => "INVALID_INPUT",
            Code::InvalidDate => "INVALID_DATE",
            Code::InvalidColumns => "INVALID_COLUMNS",
            Code::DuplicateContact => "DUPLICATE_CONTACT",
            Code::EmptyContactId => "EMPTY_CONTACT_ID",
            Code::UnknownContact => "UNKNOWN_CONTACT",
            Code::ImportFailed => "IMPORT_FAILED",
            Code::InvalidJson => "INVALID_JSON",
            Code::Internal => "INTERNAL",
        }
    }
}

/// The result type of every exported function.
pub type JsResult<T> = Result<T, JsValue>;

/// An error that is not about input: `LifecycleError`.
pub fn general(code: Code, message: &str) -> JsValue {
    make_error("general", message, code.as_str(), JsValue::UNDEFINED)
}

/// Where an input problem is, as the properties of an `InputError`: `index` and
/// `field` for JS objects and columns, `row` and `column` for CSV, `line` and
/// `column` for JSON text. Only the ones that apply are set.
#[derive(Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "InputErrorPlace"))]
pub struct At {
    /// The position of the bad item in an array argument (from 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub index: Option<usize>,
    /// The argument, option or property at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub field: Option<String>,
    /// The CSV row (the header is row 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub row: Option<u64>,
    /// The line in JSON text (from 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub line: Option<u64>,
    /// The CSV column or the character in a JSON line (from 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub column: Option<u64>,
}

/// An input error: `InputError`, with its place.
pub fn input(code: Code, message: &str, at: At) -> JsValue {
    let details = crate::convert::to_js(&at).unwrap_or(JsValue::UNDEFINED);
    make_error("input", message, code.as_str(), details)
}

/// An input error about one field of the `index`-th item of an argument.
pub fn item(code: Code, message: &str, index: Option<usize>, field: &str) -> JsValue {
    input(
        code,
        message,
        At {
            index,
            field: Some(field.to_owned()),
            ..At::default()
        },
    )
}

#[cfg(feature = "engine")]
/// One problem of a model, with its place.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "ModelProblem"))]
pub struct Problem {
    /// What the problem is in.
    #[cfg_attr(
        test,
        ts(
            type = "\"model\" | \"stage\" | \"icp\" | \"funnel\" | \"filter\" | \"window\" | \"field\" | \"kind\""
        )
    )]
    pub place: &'static str,
    /// The stage's id, for a problem in a stage's rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub stage: Option<String>,
    /// The window's, field's or kind's name, for a problem in a declaration.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub name: Option<String>,
    /// Line (1-based) in the rule or the JSON text.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub line: Option<u32>,
    /// Column (1-based, in characters) in the rule or the JSON text.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub column: Option<u32>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

#[cfg(feature = "engine")]
/// The problems of a model, flattened for JS.
pub fn problems(errors: &ModelErrors) -> Vec<Problem> {
    errors
        .0
        .iter()
        .map(|e| {
            let (place, stage, name) = match &e.place {
                Place::Model => ("model", None, None),
                Place::Stage(id) => ("stage", Some(id.clone()), None),
                Place::Icp => ("icp", None, None),
                Place::Funnel => ("funnel", None, None),
                Place::Filter => ("filter", None, None),
                Place::Window(n) => ("window", None, Some(n.clone())),
                Place::Field(n) => ("field", None, Some(n.clone())),
                Place::Kind(n) => ("kind", None, Some(n.clone())),
            };
            Problem {
                place,
                stage,
                name,
                line: e.pos.map(|p| p.line),
                column: e.pos.map(|p| p.column),
                message: e.message.clone(),
                hint: e.hint.clone(),
            }
        })
        .collect()
}

#[cfg(feature = "engine")]
/// `ModelError` with every problem under `errors`.
pub fn model(errors: &ModelErrors) -> JsValue {
    #[derive(Serialize)]
    struct Details {
        errors: Vec<Problem>,
    }
    let details = Details {
        errors: problems(errors),
    };
    let details = crate::convert::to_js(&details).unwrap_or(JsValue::UNDEFINED);
    make_error(
        "model",
        &errors.to_string(),
        Code::InvalidModel.as_str(),
        details,
    )
}

#[cfg(feature = "engine")]
/// A base that cannot be built from the given contacts and events.
pub fn base(e: &BaseError) -> JsValue {
    let message = e.to_string();
    let (code, index, field) = match e {
        BaseError::UnknownContact { row, .. } => (Code::UnknownContact, *row, "events.contact"),
        BaseError::DuplicateContact { row, .. } => (Code::DuplicateContact, *row, "contacts.id"),
        BaseError::EmptyContactId { row } => (Code::EmptyContactId, *row, "contacts.id"),
        BaseError::ScoreOutOfRange { row, .. } => (Code::InvalidInput, *row, "events.score"),
        BaseError::BadAmount { row, .. } => (Code::InvalidInput, *row, "events.amount"),
        BaseError::EmptyKind { row } => (Code::InvalidInput, *row, "events.kind"),
        BaseError::TooManyKinds { row, .. } => (Code::InvalidInput, *row, "events.kind"),
        BaseError::Columns(e) => return columns(e),
    };
    item(code, &message, Some(index), field)
}

#[cfg(feature = "engine")]
/// Event columns that do not fit together.
pub fn columns(e: &ColumnsError) -> JsValue {
    let message = e.to_string();
    let (index, field) = match e {
        ColumnsError::Length { column, .. } => (None, *column),
        ColumnsError::OutOfRange { event, column, .. } => (Some(*event), *column),
        ColumnsError::BadDay { event, .. } => (Some(*event), "day"),
        ColumnsError::BadTime { event, .. } => (Some(*event), "time"),
        ColumnsError::TooManyKinds => (None, "kinds"),
        ColumnsError::UnknownContact { event, .. } => (Some(*event), "contact"),
    };
    item(Code::InvalidColumns, &message, index, field)
}
