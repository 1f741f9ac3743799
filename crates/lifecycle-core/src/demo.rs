//! Deterministic demo bases (being written).
