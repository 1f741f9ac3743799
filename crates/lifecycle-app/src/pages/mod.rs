//! One module per route.
pub mod dashboard;
pub mod not_found;
pub mod settings;
