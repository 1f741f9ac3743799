//! Reusable pieces of the interface.
pub mod charts;
pub mod empty;
pub mod flow;
pub mod segment;
pub mod shell;
pub mod tiles;
