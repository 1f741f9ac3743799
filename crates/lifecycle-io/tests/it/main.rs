//! Integration tests of lifecycle-io.
