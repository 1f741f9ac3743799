//! Lifecycle's data in and out: reads CRM exports (CSV in UTF-8, UTF-16 or
//! Windows-1251, any common delimiter) into contacts and events, writes safe exports,
//! and reads and writes full backups. The formats are described in
//! `docs/data-format.md`.
//!
//! Pure code: bytes in, results out. No I/O, no clock; it builds for
//! `wasm32-unknown-unknown`.
//!
//! An import has three steps, and nothing changes before the last:
//!
//! 1. read the bytes ([`csv::CsvReader`], in chunks with progress, or [`csv::read`]);
//! 2. show the [`import::preview`] (encoding, delimiter, kind of file, column mapping,
//!    date order) and let the user change any of it in [`import::ImportOptions`];
//! 3. [`import::plan`] (or [`import::ImportJob`] in steps) gives the plan and its report;
//!    [`import::ImportPlan::apply`] applies all of it, or nothing.
//!
//! ```
//! use lifecycle_io::csv::{read, CsvOptions};
//! use lifecycle_io::import::{plan, preview, ImportOptions};
//!
//! let bytes = "ID;Название компании;Дата создания;Сумма\r\n\
//!              1;ООО «Альфа»;31.12.2025;1 234,56\r\n"
//!     .as_bytes();
//! let table = read(bytes, CsvOptions::default());
//! assert_eq!(table.delimiter, ';');
//! let options = ImportOptions::default();
//! let shown = preview(&table, &options);
//! assert_eq!(shown.mapping[1].header, "Название компании");
//!
//! let mut contacts = vec![];
//! let mut events = vec![];
//! let plan = plan(&table, &options, &contacts, &events).unwrap();
//! assert_eq!(plan.report.rows_added, 1);
//! plan.apply(&mut contacts, &mut events, false).unwrap();
//! assert_eq!(contacts[0].company, "ООО «Альфа»");
//! assert_eq!(contacts[0].created.unwrap().to_string(), "2025-12-31");
//! ```

#![warn(missing_docs)]

pub mod backup;
pub mod csv;
pub mod encoding;
pub mod errors;
pub mod export;
#[doc(hidden)]
pub mod fuzzing;
pub mod import;
pub mod mapping;
pub mod values;
