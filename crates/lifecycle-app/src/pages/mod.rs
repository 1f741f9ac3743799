//! One module per route.
pub mod contact;
pub mod contacts;
pub mod dashboard;
pub mod import;
pub mod model;
pub mod not_found;
pub mod settings;
