//! The Lifecycle engine: computes every contact's lifecycle stage from what the
//! contact actually did, explains it, and reports on the whole base.
//!
//! Pure Rust: no I/O, no clock, no wasm or web dependency. "Today" comes in as an
//! argument.

pub mod data;

pub use data::{BuiltinKind, Contact, Direction, Event, FieldValue};
pub mod demo;
