//! The TypeScript declarations of every data type that crosses the boundary.
//!
//! They are generated from the Rust types themselves: the core's and io's types
//! derive `ts_rs::TS` behind their feature `ts`, this crate's own boundary types
//! in its tests, with serde's renames, tags and defaults reflected. The test
//! below writes them all into `js/types.d.ts` and fails when the committed file
//! differs (run `UPDATE_TYPES=1 cargo test -p lifecycle-wasm --lib types` to
//! rewrite it). The file is embedded here, so wasm-bindgen puts it into the
//! package's `.d.ts` next to the functions and the `Engine` class, which refer
//! to these names through `unchecked_*_type`.
//!
//! Data objects keep the field names of the documented JSON formats
//! (docs/data-format.md): snake_case, as in the files a user imports and exports;
//! options objects and the engine's own results are camelCase.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("../js/types.d.ts");

#[cfg(all(test, feature = "engine", feature = "io"))]
mod tests {
    use lifecycle_core::columns::EventColumns;
    use lifecycle_core::engine::{Explanation, Segment};
    use lifecycle_core::model::{FieldDecl, FieldType, KindDecl, Stage};
    use lifecycle_core::reports::{
        Cohort, DropOff, DropOffRow, FunnelStep, Risk, SourceRow, StageChange, StageTime,
        TransitionMatrix, TrendPoint,
    };
    use lifecycle_core::{
        Contact, Direction, Event, FieldValue, Labels, Model, StageCheck, StageKind,
    };
    use lifecycle_io::csv::{CsvError, CsvOptions};
    use lifecycle_io::encoding::Encoding;
    use lifecycle_io::export::CsvProfile;
    use lifecycle_io::import::{
        DateColumn, DuplicatePolicy, ImportOptions, ImportPlan, ImportReport, Preview, RowError,
        SkipReason, SkippedRow, UnknownContacts, Warning,
    };
    use lifecycle_io::mapping::{ColumnMapping, FileKind, MappingReason, StatusMap, Target};
    use lifecycle_io::values::{DateOrder, DateOrderGuess};
    use ts_rs::{Config, TS};

    use crate::KindInfo;
    use crate::demo::{DemoColumns, DemoData, DemoOptions};
    use crate::engine::{
        ClassificationResult, LoadOptions, StageCount, StageHistory, StageInfo, StageTransition,
        Trend, WhatIfMove, WhatIfResult,
    };
    use crate::error::{At, Code, Problem};
    use crate::io::{CsvExportOptions, CsvPreview, Existing};

    /// What no Rust type says: the name the declarations and the functions'
    /// signatures give to dates (serde writes chrono's dates as `YYYY-MM-DD`).
    const PREAMBLE: &str = "\
// Generated from the Rust types by crates/lifecycle-wasm/src/types.rs: do not edit.

/** A date as `YYYY-MM-DD`. */
export type DateString = string;
";

    fn push<T: TS + ?Sized>(out: &mut String, cfg: &Config) {
        out.push('\n');
        if let Some(docs) = T::docs() {
            out.push_str(&docs);
        }
        out.push_str("export ");
        out.push_str(&T::decl(cfg));
        out.push('\n');
    }

    /// Every declaration, in the order of the file.
    fn declarations() -> String {
        // Counts and sizes are plain numbers in JS: none comes near 2^53.
        let cfg = Config::new().with_large_int("number");
        let mut out = PREAMBLE.to_owned();
        macro_rules! all {
            ($($t:ty),* $(,)?) => { $(push::<$t>(&mut out, &cfg);)* };
        }
        all!(
            // Data (the JSON formats).
            FieldValue,
            Contact,
            Event,
            EventColumns,
            LoadOptions,
            // Models.
            Labels,
            StageKind,
            Stage,
            FieldType,
            FieldDecl,
            Direction,
            KindDecl,
            Model,
            Problem,
            StageInfo<'static>,
            KindInfo,
            // The engine's answers.
            ClassificationResult<'static>,
            StageCheck,
            Explanation,
            StageHistory<'static>,
            StageTransition<'static>,
            Segment,
            StageCount<'static>,
            StageChange,
            Trend<'static>,
            TrendPoint,
            TransitionMatrix,
            FunnelStep,
            DropOffRow,
            DropOff,
            StageTime,
            Cohort,
            SourceRow,
            Risk,
            WhatIfResult<'static>,
            WhatIfMove<'static>,
            // Import and export.
            Encoding,
            FileKind,
            DateOrder,
            DateOrderGuess,
        );
        // A column's custom field has the model's `FieldType`; its first name
        // stays for code written against it.
        out.push_str(
            "\n/** The type of a column's custom field: the same as `FieldType`. */\n\
             export type CustomFieldType = FieldType;\n",
        );
        all!(
            Target,
            MappingReason,
            ColumnMapping,
            DateColumn,
            CsvOptions,
            DuplicatePolicy,
            UnknownContacts,
            StatusMap,
            ImportOptions,
            CsvError,
            Preview,
            CsvPreview<'static>,
            SkipReason,
            SkippedRow,
            RowError,
            Warning,
            ImportReport,
            ImportPlan,
            Existing,
            CsvProfile,
            CsvExportOptions,
            // The errors' codes and the places of input errors (the properties
            // of `InputError`).
            Code,
            At,
            // Demo data.
            DemoOptions,
            DemoData,
            DemoColumns,
        );
        tidy(&plain_links(&out))
    }

    /// One line per field, and each multi-line object closed at the start of a
    /// line: wasm-bindgen indents the `.d.ts` by the lines that end with `{` and
    /// start with `}`, and ts-rs closes an object at the end of its last field.
    fn tidy(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut depth = 0usize;
        for line in text.lines() {
            let line = line.trim_end();
            let doc = matches!(line.trim_start().get(..2), Some("/*" | " *" | "*/" | "*"))
                || line.trim_start().starts_with('*');
            if doc {
                out.push_str(line);
                out.push('\n');
                continue;
            }
            let mut start = depth;
            let mut from = 0;
            for (i, c) in line.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth = depth.saturating_sub(1);
                        if depth < start && i > from && !line[from..i].trim().is_empty() {
                            out.push_str(line[from..i].trim_end());
                            out.push('\n');
                            from = i;
                            start = depth;
                        }
                    }
                    _ => {}
                }
            }
            out.push_str(&line[from..]);
            out.push('\n');
        }
        out
    }

    #[test]
    fn tidy_closes_multi_line_objects_on_their_own_line() {
        let ts_rs = "export type A = { \n/**\n * Doc {x}.\n */\na: { [key in string]: B }, };\n\
                     export type C = { \nc: string, } | { \"t\": \"x\" };\n";
        assert_eq!(
            tidy(ts_rs),
            "export type A = {\n/**\n * Doc {x}.\n */\na: { [key in string]: B },\n};\n\
             export type C = {\nc: string,\n} | { \"t\": \"x\" };\n"
        );
    }

    /// Rustdoc links (`[`Contact::id`]`) as plain code spans in JSDoc.
    fn plain_links(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(i) = rest.find("[`") {
            let Some(j) = rest[i + 2..].find("`]") else {
                break;
            };
            out.push_str(&rest[..i]);
            out.push('`');
            out.push_str(&rest[i + 2..i + 2 + j]);
            out.push('`');
            rest = &rest[i + 2 + j + 2..];
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn plain_links_keep_the_code_and_drop_the_brackets() {
        assert_eq!(
            plain_links("The [`Contact::id`] of [`NO_TIME`], [a]."),
            "The `Contact::id` of `NO_TIME`, [a]."
        );
    }

    #[test]
    fn the_error_code_type_lists_every_code_the_errors_carry() {
        let union = Code::ALL
            .iter()
            .map(|c| format!("\"{}\"", c.as_str()))
            .collect::<Vec<_>>()
            .join(" | ");
        assert_eq!(
            Code::decl(&Config::new()),
            format!("type ErrorCode = {union};")
        );
        // The package README lists them too.
        let readme = include_str!("../README.md");
        for code in Code::ALL {
            let quoted = format!("`{}`", code.as_str());
            assert!(readme.contains(&quoted), "README.md does not list {quoted}");
        }
    }

    #[test]
    fn the_committed_declarations_are_the_ones_the_rust_types_give() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/js/types.d.ts");
        let generated = declarations();
        if std::env::var_os("UPDATE_TYPES").is_some() {
            std::fs::write(path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == generated,
            "js/types.d.ts is not what the Rust types declare; rewrite it with \
             `UPDATE_TYPES=1 cargo test -p lifecycle-wasm --lib types` and review the diff"
        );
    }
}
