//! Lifecycle's data in and out: reads CRM exports (CSV in UTF-8, UTF-16 or
//! Windows-1251, any common delimiter) into contacts and events, writes safe exports,
//! and reads and writes full backups.
//!
//! Pure code: bytes in, results out. No I/O, no clock; it builds for
//! `wasm32-unknown-unknown`.
//!
//! ```
//! use lifecycle_io::csv::{read, CsvOptions};
//!
//! let table = read("Имя;Сумма\r\nИван;1 234,56\r\n".as_bytes(), CsvOptions::default());
//! assert_eq!(table.delimiter, ';');
//! assert_eq!(table.rows[0].fields, ["Иван", "1 234,56"]);
//! ```

pub mod backup;
pub mod csv;
pub mod encoding;
pub mod export;
#[doc(hidden)]
pub mod fuzzing;
pub mod import;
pub mod mapping;
pub mod values;
