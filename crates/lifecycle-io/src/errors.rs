//! The import, export and backup errors in words, in English and Russian.
//!
//! Each error has a stable code (`csv.field_count`, `value.number`, …; the list is
//! in `docs/errors.md`) and renders through [`Localized`]; `Display` stays the
//! English text. The matches are exhaustive: a new variant without Russian words
//! does not compile. Details that come from the JSON parser (serde's own English
//! sentence) are left out of the Russian text; the line and column stay.

use lifecycle_core::Lang;
pub use lifecycle_core::Localized;
use lifecycle_core::words::ru_plural;
use serde::{Deserialize, Serialize};

use crate::backup::{BackupError, VERSION};
use crate::csv::CsvError;
use crate::export::JsonError;
use crate::import::{
    ApplyError, JsonPlanError, PlanError, RowError, SkipReason, SkippedRow, Warning,
};
use crate::values::ValueError;

/// What is wrong with one row (or one cell) of an import.
#[allow(missing_docs)] // The variants are documented by their words below.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum RowProblem {
    /// Malformed CSV on the row.
    Csv(CsvError),
    /// A cell that is not of its column's type.
    Value(ValueError),
    NoId,
    EmptyStatus,
    EmptyKind,
    EmptyDate,
    BadTime {
        value: String,
    },
    JsonNoContactId,
    JsonNotAContact {
        detail: String,
    },
    JsonEventIncomplete,
    JsonNotAnEvent {
        detail: String,
    },
}

impl RowProblem {
    /// The stable code: `row.…`, or the CSV's or the value's own.
    pub fn code(&self) -> &'static str {
        match self {
            RowProblem::Csv(e) => e.code(),
            RowProblem::Value(e) => e.code(),
            RowProblem::NoId => "row.no_id",
            RowProblem::EmptyStatus => "row.empty_status",
            RowProblem::EmptyKind => "row.empty_kind",
            RowProblem::EmptyDate => "row.empty_date",
            RowProblem::BadTime { .. } => "row.bad_time",
            RowProblem::JsonNoContactId => "row.json_no_contact_id",
            RowProblem::JsonNotAContact { .. } => "row.json_not_a_contact",
            RowProblem::JsonEventIncomplete => "row.json_event_incomplete",
            RowProblem::JsonNotAnEvent { .. } => "row.json_not_an_event",
        }
    }

    /// What is wrong and how to fix it, in `lang`, without the row (the report
    /// shows the row and the column beside it).
    pub fn message(&self, lang: Lang) -> String {
        let ru = lang == Lang::Ru;
        match self {
            RowProblem::Csv(e) => Localized::message(e, lang),
            RowProblem::Value(e) => Localized::message(e, lang),
            RowProblem::NoId if ru => {
                "в строке нет id (и нет e-mail, телефона, компании или имени, \
                                       чтобы его заменить); заполните id"
                    .into()
            }
            RowProblem::NoId => "the row has no id (and no e-mail, phone, company or name to use \
                                 instead); fill in the id"
                .into(),
            RowProblem::EmptyStatus if ru => {
                "статус пустой; заполните его или удалите строку".into()
            }
            RowProblem::EmptyStatus => "the status is empty; fill it in or remove the row".into(),
            RowProblem::EmptyKind if ru => {
                "вид события пустой; напишите, например, deal_won, call или message_in".into()
            }
            RowProblem::EmptyKind => {
                "the kind of event is empty; write one such as deal_won, call or message_in".into()
            }
            RowProblem::EmptyDate if ru => {
                "дата пустая; у каждого события должен быть день, когда оно случилось".into()
            }
            RowProblem::EmptyDate => {
                "the date is empty; every event needs the day it happened".into()
            }
            RowProblem::BadTime { value } if ru => {
                format!("«{value}» — не время суток; пишите так: 14:05")
            }
            RowProblem::BadTime { value } => {
                format!("«{value}» is not a time of day; write it as 14:05")
            }
            RowProblem::JsonNoContactId if ru => {
                "у контакта нет \"id\"; он нужен каждому контакту".into()
            }
            RowProblem::JsonNoContactId => {
                "the contact has no \"id\"; every contact needs one".into()
            }
            RowProblem::JsonNotAContact { .. } if ru => {
                "это не контакт: поля не те, что у контакта Lifecycle".into()
            }
            RowProblem::JsonNotAContact { detail } => format!("not a contact: {detail}"),
            RowProblem::JsonEventIncomplete if ru => {
                "у события должны быть \"contact\" и \"kind\"".into()
            }
            RowProblem::JsonEventIncomplete => {
                "the event needs a \"contact\" and a \"kind\"".into()
            }
            RowProblem::JsonNotAnEvent { .. } if ru => {
                "это не событие: поля не те, что у события Lifecycle".into()
            }
            RowProblem::JsonNotAnEvent { detail } => format!("not an event: {detail}"),
        }
    }
}

/// "row 5, column «Amount»" / "строка 5, столбец «Сумма»".
fn row_place(row: Option<u32>, column: Option<&str>, lang: Lang) -> String {
    let (row_word, column_word) = lang_pick(lang, ("row", "column"), ("строка", "столбец"));
    let mut parts = Vec::new();
    if let Some(row) = row {
        parts.push(format!("{row_word} {row}"));
    }
    if let Some(column) = column {
        parts.push(format!("{column_word} «{column}»"));
    }
    parts.join(", ")
}

fn lang_pick<T>(lang: Lang, en: T, ru: T) -> T {
    match lang {
        Lang::En => en,
        Lang::Ru => ru,
    }
}

impl RowError {
    /// What is wrong with the cell, in `lang`, without its row and column.
    pub fn problem_message(&self, lang: Lang) -> String {
        match (&self.problem, lang) {
            (Some(p), _) => p.message(lang),
            // Read back from JSON, the problem as data is gone: its English stays.
            (None, _) => self.message.clone(),
        }
    }
}

impl Localized for RowError {
    fn code(&self) -> &'static str {
        self.problem
            .as_ref()
            .map_or("row.invalid", RowProblem::code)
    }

    fn message(&self, lang: Lang) -> String {
        let place = row_place(Some(self.row), self.column.as_deref(), lang);
        format!("{place}: {}", self.problem_message(lang))
    }
}

/// Something worth knowing about an imported file or row.
#[allow(missing_docs)] // The variants are documented by their words below.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "warning", rename_all = "snake_case")]
pub enum WarningProblem {
    ReplacedCharacters {
        count: usize,
        encoding: String,
    },
    NoHeader {
        column: usize,
    },
    HeaderTwice {
        header: String,
        first: usize,
        second: usize,
    },
    MixedDateOrder {
        header: String,
        day_first: bool,
    },
    DateOrderGuessed {
        header: String,
        day_first: bool,
    },
    NoIdColumn,
    NulRemoved,
    KeptAsWritten(ValueError),
    IdTaken {
        id: String,
    },
}

impl WarningProblem {
    /// The stable code, `warning.…`.
    pub fn code(&self) -> &'static str {
        match self {
            WarningProblem::ReplacedCharacters { .. } => "warning.replaced_characters",
            WarningProblem::NoHeader { .. } => "warning.no_header",
            WarningProblem::HeaderTwice { .. } => "warning.header_twice",
            WarningProblem::MixedDateOrder { .. } => "warning.mixed_date_order",
            WarningProblem::DateOrderGuessed { .. } => "warning.date_order_guessed",
            WarningProblem::NoIdColumn => "warning.no_id_column",
            WarningProblem::NulRemoved => "warning.nul_removed",
            WarningProblem::KeptAsWritten(_) => "warning.kept_as_written",
            WarningProblem::IdTaken { .. } => "warning.id_taken",
        }
    }

    /// What happened, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let order = |day_first: bool| match (day_first, lang) {
            (true, Lang::En) => "day/month",
            (false, Lang::En) => "month/day",
            (true, Lang::Ru) => "день/месяц",
            (false, Lang::Ru) => "месяц/день",
        };
        let ru = lang == Lang::Ru;
        match self {
            WarningProblem::ReplacedCharacters { count, encoding } if ru => format!(
                "{count} {} не удалось прочитать как {encoding}; если текст выглядит \
                 искажённым, выберите другую кодировку",
                ru_plural(*count as u64, "символ", "символа", "символов")
            ),
            WarningProblem::ReplacedCharacters { count, encoding } => format!(
                "{count} characters could not be read as {encoding}; if the text looks garbled, \
                 choose another encoding"
            ),
            WarningProblem::NoHeader { column } if ru => {
                format!("у столбца {column} нет заголовка")
            }
            WarningProblem::NoHeader { column } => format!("column {column} has no header"),
            WarningProblem::HeaderTwice {
                header,
                first,
                second,
            } if ru => format!(
                "заголовок «{header}» встречается дважды (столбцы {first} и {second}); \
                 автоматически сопоставлен только первый"
            ),
            WarningProblem::HeaderTwice {
                header,
                first,
                second,
            } => format!(
                "the header «{header}» appears twice (columns {first} and {second}); only the \
                 first is mapped automatically"
            ),
            WarningProblem::MixedDateOrder { header, day_first } if ru => format!(
                "в «{header}» смешаны даты вида день/месяц и месяц/день; даты, которые читаются \
                 только одним способом, прочитаны так, остальные — как {}: проверьте их",
                order(*day_first)
            ),
            WarningProblem::MixedDateOrder { header, day_first } => format!(
                "«{header}» mixes day/month and month/day dates; dates that fit only one way \
                 were read that way, the others as {}: please check them",
                order(*day_first)
            ),
            WarningProblem::DateOrderGuessed { header, day_first } if ru => format!(
                "даты в «{header}» могут быть и день/месяц, и месяц/день; прочитаны как {}, \
                 подтвердите",
                order(*day_first)
            ),
            WarningProblem::DateOrderGuessed { header, day_first } => format!(
                "dates in «{header}» could be day/month or month/day; read as {}, please confirm",
                order(*day_first)
            ),
            WarningProblem::NoIdColumn if ru => {
                "нет столбца id: id каждого контакта — его e-mail, \
                                                 иначе телефон, компания или имя"
                    .into()
            }
            WarningProblem::NoIdColumn => "no id column: each contact's id is its e-mail, else \
                                           its phone, company or name"
                .into(),
            WarningProblem::NulRemoved if ru => "из значения удалён нулевой символ (байт 0)".into(),
            WarningProblem::NulRemoved => {
                "removed a NUL character (a byte 0) from the value".into()
            }
            WarningProblem::KeptAsWritten(e) if ru => {
                format!("{}; оставлено как написано", Localized::message(e, lang))
            }
            WarningProblem::KeptAsWritten(e) => format!("{e}; kept as written"),
            WarningProblem::IdTaken { id } if ru => {
                format!("такой id уже был; оставлены оба контакта, этот — как «{id}»")
            }
            WarningProblem::IdTaken { id } => {
                format!("the id was taken; kept both, this one as «{id}»")
            }
        }
    }
}

impl Localized for Warning {
    fn code(&self) -> &'static str {
        self.problem
            .as_ref()
            .map_or("warning.other", WarningProblem::code)
    }

    fn message(&self, lang: Lang) -> String {
        let text = match &self.problem {
            Some(p) => p.message(lang),
            None => self.message.clone(),
        };
        let place = row_place(self.row, self.column.as_deref(), lang);
        if place.is_empty() {
            text
        } else {
            format!("{place}: {text}")
        }
    }
}

impl Localized for CsvError {
    fn code(&self) -> &'static str {
        match self {
            CsvError::UnterminatedQuote { .. } => "csv.unterminated_quote",
            CsvError::TextAfterQuote { .. } => "csv.text_after_quote",
            CsvError::FieldCount { .. } => "csv.field_count",
        }
    }

    fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        let at = |row: &u32, column: &u32, line: &u32| {
            format!("строка {row}, столбец {column} (строка файла {line})")
        };
        match self {
            CsvError::UnterminatedQuote { row, column, line } => format!(
                "{}: ячейка в кавычках открыта, но не закрыта, и прочитана как обычный текст. \
                 Добавьте закрывающую кавычку (\") или уберите открывающую",
                at(row, column, line)
            ),
            CsvError::TextAfterQuote { row, column, line } => format!(
                "{}: после закрывающей кавычки ячейки идёт текст; кавычку внутри ячейки в \
                 кавычках нужно удвоить (\"\")",
                at(row, column, line)
            ),
            CsvError::FieldCount {
                row,
                column,
                line,
                expected,
                found,
            } => format!(
                "{}: в строке {found} {}, а в заголовке {expected}; поищите разделитель внутри \
                 ячейки без кавычек или пропущенный разделитель",
                at(row, column, line),
                ru_plural(*found as u64, "ячейка", "ячейки", "ячеек")
            ),
        }
    }
}

impl Localized for ValueError {
    fn code(&self) -> &'static str {
        match self {
            ValueError::Date { .. } => "value.date",
            ValueError::Number { .. } => "value.number",
            ValueError::Email { .. } => "value.email",
            ValueError::Phone { .. } => "value.phone",
            ValueError::Bool { .. } => "value.bool",
            ValueError::Score { .. } => "value.score",
        }
    }

    fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            ValueError::Date { value } => format!(
                "«{value}» — не дата; пишите так: 2025-12-31, 31.12.2025, 12/31/2025 или \
                 2025-12-31 14:05"
            ),
            ValueError::Number { value } => {
                format!("«{value}» — не число; пишите так: 1234.56, 1 234,56 или 1,234.56")
            }
            ValueError::Email { value } => {
                format!("«{value}» — не адрес e-mail (name@example.com)")
            }
            ValueError::Phone { value } => {
                format!("«{value}» — не номер телефона: в нём должно быть от 7 до 15 цифр")
            }
            ValueError::Bool { value } => {
                format!("«{value}» — не «да» и не «нет»; пишите true/false, yes/no, да/нет или 1/0")
            }
            ValueError::Score { value, min, max } => {
                format!("«{value}» — не целое число от {min} до {max}")
            }
        }
    }
}

impl Localized for SkipReason {
    fn code(&self) -> &'static str {
        match self {
            SkipReason::EmptyRow => "skip.empty_row",
            SkipReason::DuplicateInFile { .. } => "skip.duplicate_in_file",
            SkipReason::AlreadyInBase { .. } => "skip.already_in_base",
            SkipReason::DuplicateEvent => "skip.duplicate_event",
            SkipReason::OpenDeal { .. } => "skip.open_deal",
            SkipReason::UnknownContact { .. } => "skip.unknown_contact",
        }
    }

    fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            SkipReason::EmptyRow => "строка пустая".into(),
            SkipReason::DuplicateInFile { id, first_row } => {
                format!("id «{id}» уже встречается в строке {first_row}")
            }
            SkipReason::AlreadyInBase { id } => format!("id «{id}» уже есть в базе"),
            SkipReason::DuplicateEvent => "такое же событие уже есть в базе".into(),
            SkipReason::OpenDeal { status } => format!(
                "сделка ещё открыта (статус «{status}»); чтобы её импортировать, сопоставьте \
                 статус с выигранной или проигранной сделкой"
            ),
            SkipReason::UnknownContact { contact } => {
                format!("контакта «{contact}» нет ни в базе, ни в файле")
            }
        }
    }
}

impl Localized for SkippedRow {
    fn code(&self) -> &'static str {
        self.reason.code()
    }

    fn message(&self, lang: Lang) -> String {
        format!(
            "{}: {}",
            row_place(Some(self.row), None, lang),
            self.reason.message(lang)
        )
    }
}

/// The Russian for a file kind in the genitive: "контактов".
fn kind_ru(kind: &str) -> Option<&'static str> {
    match kind {
        "contacts" => Some("контактов"),
        "events" => Some("событий"),
        "deals" => Some("сделок"),
        _ => None,
    }
}

impl Localized for PlanError {
    fn code(&self) -> &'static str {
        match self {
            PlanError::EmptyFile => "import.empty_file",
            PlanError::MissingColumn { .. } => "import.missing_column",
            PlanError::NoSuchColumn { .. } => "import.no_such_column",
        }
    }

    fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            PlanError::EmptyFile => "файл пустой: в нём нет строки заголовка".into(),
            PlanError::MissingColumn { kind, missing } => {
                let missing = match missing.as_str() {
                    "the contact (its id, e-mail, company or name)" => {
                        "контакта (его id, e-mail, компании или имени)"
                    }
                    "the date" => "даты",
                    "the kind of event" => "вида события",
                    "the status or stage" => "статуса или этапа",
                    "the date (close date or creation date)" => "даты (закрытия или создания)",
                    other => other,
                };
                let kind = kind_ru(kind).unwrap_or(kind);
                format!(
                    "в файле {kind} нужен столбец для {missing}; сопоставьте с этим полем один \
                     из столбцов файла"
                )
            }
            PlanError::NoSuchColumn { column, columns } => format!(
                "сопоставление ссылается на столбец {column}, а в файле {columns} {}",
                ru_plural(*columns as u64, "столбец", "столбца", "столбцов")
            ),
        }
    }
}

impl Localized for ApplyError {
    fn code(&self) -> &'static str {
        match self {
            ApplyError::RowsWithErrors { .. } => "import.rows_with_errors",
            ApplyError::ContactAppeared { .. } => "import.contact_appeared",
            ApplyError::ContactVanished { .. } => "import.contact_vanished",
        }
    }

    fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            ApplyError::RowsWithErrors { rows } => format!(
                "в {rows} {} есть ошибки; исправьте их в файле или подтвердите, что эти строки \
                 можно не импортировать",
                ru_plural(*rows as u64, "строке", "строках", "строках")
            ),
            ApplyError::ContactAppeared { id } => format!(
                "контакт «{id}» появился в базе уже после того, как импорт был подготовлен; \
                 подготовьте его заново"
            ),
            ApplyError::ContactVanished { id } => format!(
                "контакт «{id}» удалён из базы уже после того, как импорт был подготовлен; \
                 подготовьте его заново"
            ),
        }
    }
}

impl Localized for JsonPlanError {
    fn code(&self) -> &'static str {
        match self {
            JsonPlanError::NotJson { .. } => "import.not_json",
            JsonPlanError::NotAnArray { .. } => "import.not_an_array",
            JsonPlanError::DealsInJson => "import.deals_in_json",
        }
    }

    fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            JsonPlanError::NotJson { line, column, .. } => {
                format!("файл не в формате JSON (строка {line}, символ {column})")
            }
            JsonPlanError::NotAnArray { kind } => format!(
                "файл {} Lifecycle — это массив объектов JSON, а в этом файле не массив",
                kind_ru(kind).unwrap_or(kind)
            ),
            JsonPlanError::DealsInJson => "в файлах JSON бывают контакты или события; сделки \
                                           приходят событиями deal_won и deal_lost"
                .into(),
        }
    }
}

impl Localized for BackupError {
    fn code(&self) -> &'static str {
        match self {
            BackupError::NotJson { .. } => "backup.not_json",
            BackupError::Foreign => "backup.foreign",
            BackupError::NewerVersion { .. } => "backup.newer_version",
            BackupError::Corrupt { .. } => "backup.corrupt",
            BackupError::ChecksumMismatch => "backup.checksum_mismatch",
        }
    }

    fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            BackupError::NotJson { line, column, .. } => format!(
                "это не резервная копия Lifecycle: файл не в формате JSON (строка {line}, \
                 символ {column})"
            ),
            BackupError::Foreign => "этот файл JSON — не резервная копия Lifecycle (в нём нет \
                                     \"format\": \"lifecycle-backup\"); выберите файл, скачанный \
                                     кнопкой «Скачать резервную копию»"
                .into(),
            BackupError::NewerVersion { found } => format!(
                "эта копия сделана более новой версией Lifecycle (формат {found}, а эта версия \
                 читает до {VERSION}); обновите приложение, чтобы восстановить её"
            ),
            BackupError::Corrupt { .. } => {
                "резервная копия повреждена; возьмите другую копию".into()
            }
            BackupError::ChecksumMismatch => "копию изменили или повредили после записи \
                                              (контрольная сумма не совпадает); возьмите \
                                              нетронутую копию"
                .into(),
        }
    }
}

impl Localized for JsonError {
    fn code(&self) -> &'static str {
        "export.not_lifecycle_json"
    }

    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Ru => format!(
                "это не файл {} Lifecycle (строка {}, символ {})",
                kind_ru(self.what()).unwrap_or("данных"),
                self.line(),
                self.column()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lifecycle_core::words::english_words;

    fn assert_russian(text: &str) {
        assert!(
            text.chars().any(|c| ('а'..='я').contains(&c)),
            "no Russian in {text:?}"
        );
        assert_eq!(english_words(text), Vec::<String>::new(), "in {text:?}");
    }

    fn csv_errors() -> Vec<CsvError> {
        vec![
            CsvError::UnterminatedQuote {
                row: 7,
                column: 3,
                line: 9,
            },
            CsvError::TextAfterQuote {
                row: 7,
                column: 3,
                line: 9,
            },
            CsvError::FieldCount {
                row: 7,
                column: 3,
                line: 9,
                expected: 4,
                found: 2,
            },
        ]
    }

    fn value_errors() -> Vec<ValueError> {
        let value = || "сто тысяч".to_owned();
        vec![
            ValueError::Date { value: value() },
            ValueError::Number { value: value() },
            ValueError::Email { value: value() },
            ValueError::Phone { value: value() },
            ValueError::Bool { value: value() },
            ValueError::Score {
                value: value(),
                min: 1,
                max: 5,
            },
        ]
    }

    fn row_problems() -> Vec<RowProblem> {
        let mut problems: Vec<RowProblem> = csv_errors().into_iter().map(RowProblem::Csv).collect();
        problems.extend(value_errors().into_iter().map(RowProblem::Value));
        problems.extend([
            RowProblem::NoId,
            RowProblem::EmptyStatus,
            RowProblem::EmptyKind,
            RowProblem::EmptyDate,
            RowProblem::BadTime {
                value: "25:99".into(),
            },
            RowProblem::JsonNoContactId,
            RowProblem::JsonNotAContact {
                detail: "invalid type: string, expected a map".into(),
            },
            RowProblem::JsonEventIncomplete,
            RowProblem::JsonNotAnEvent {
                detail: "missing field `date`".into(),
            },
        ]);
        problems
    }

    fn warning_problems() -> Vec<WarningProblem> {
        vec![
            WarningProblem::ReplacedCharacters {
                count: 3,
                encoding: "Windows-1251".into(),
            },
            WarningProblem::NoHeader { column: 4 },
            WarningProblem::HeaderTwice {
                header: "Имя".into(),
                first: 1,
                second: 4,
            },
            WarningProblem::MixedDateOrder {
                header: "Дата".into(),
                day_first: true,
            },
            WarningProblem::DateOrderGuessed {
                header: "Дата".into(),
                day_first: false,
            },
            WarningProblem::NoIdColumn,
            WarningProblem::NulRemoved,
            WarningProblem::KeptAsWritten(ValueError::Phone { value: "12".into() }),
            WarningProblem::IdTaken { id: "a (2)".into() },
        ]
    }

    fn file_errors() -> Vec<Box<dyn Localized>> {
        vec![
            Box::new(PlanError::EmptyFile),
            Box::new(PlanError::MissingColumn {
                kind: "events".into(),
                missing: "the kind of event".into(),
            }),
            Box::new(PlanError::NoSuchColumn {
                column: 9,
                columns: 3,
            }),
            Box::new(ApplyError::RowsWithErrors { rows: 21 }),
            Box::new(ApplyError::ContactAppeared { id: "c1".into() }),
            Box::new(ApplyError::ContactVanished { id: "c1".into() }),
            Box::new(JsonPlanError::NotJson {
                line: 2,
                column: 5,
                message: "expected value".into(),
            }),
            Box::new(JsonPlanError::NotAnArray {
                kind: "contacts".into(),
            }),
            Box::new(JsonPlanError::DealsInJson),
            Box::new(BackupError::NotJson {
                line: 2,
                column: 5,
                message: "expected value".into(),
            }),
            Box::new(BackupError::Foreign),
            Box::new(BackupError::NewerVersion { found: 9 }),
            Box::new(BackupError::Corrupt {
                message: "its checksum is missing".into(),
            }),
            Box::new(BackupError::ChecksumMismatch),
            Box::new(SkipReason::EmptyRow),
            Box::new(SkipReason::DuplicateInFile {
                id: "c1".into(),
                first_row: 2,
            }),
            Box::new(SkipReason::AlreadyInBase { id: "c1".into() }),
            Box::new(SkipReason::DuplicateEvent),
            Box::new(SkipReason::OpenDeal {
                status: "В работе".into(),
            }),
            Box::new(SkipReason::UnknownContact {
                contact: "c1".into(),
            }),
        ]
    }

    #[test]
    fn every_row_problem_reads_in_russian_with_its_row_and_column() {
        for problem in row_problems() {
            let e = RowError::new(12, Some("Сумма".into()), "x".into(), problem.clone());
            assert_eq!(e.message, problem.message(Lang::En));
            let ru = Localized::message(&e, Lang::Ru);
            assert!(ru.starts_with("строка 12, столбец «Сумма»: "), "{ru}");
            assert_russian(&ru);
            assert_ne!(e.problem_message(Lang::Ru), e.problem_message(Lang::En));
            assert!(
                Localized::message(&e, Lang::En).starts_with("row 12, column «Сумма»: "),
                "{}",
                Localized::message(&e, Lang::En)
            );
            assert!(e.code().contains('.'));
        }
    }

    #[test]
    fn csv_and_value_errors_keep_their_place_and_value_in_russian() {
        for e in csv_errors() {
            let ru = e.message(Lang::Ru);
            assert!(
                ru.starts_with("строка 7, столбец 3 (строка файла 9): "),
                "{ru}"
            );
            assert_russian(&ru);
            assert_eq!(e.message(Lang::En), e.to_string());
        }
        for e in value_errors() {
            let ru = e.message(Lang::Ru);
            assert!(ru.starts_with("«сто тысяч» — не "), "{ru}");
            assert_russian(&ru);
        }
        let count = |found| {
            CsvError::FieldCount {
                row: 2,
                column: 2,
                line: 2,
                expected: 3,
                found,
            }
            .message(Lang::Ru)
        };
        assert!(count(1).contains("в строке 1 ячейка,"));
        assert!(count(2).contains("в строке 2 ячейки,"));
        assert!(count(5).contains("в строке 5 ячеек,"));
    }

    #[test]
    fn every_warning_reads_in_russian() {
        let problems = warning_problems();
        for problem in problems {
            let w = Warning::new(Some(3), None, problem.clone());
            assert_eq!(w.message, problem.message(Lang::En));
            let ru = Localized::message(&w, Lang::Ru);
            assert!(ru.starts_with("строка 3: "), "{ru}");
            assert_russian(&ru);
            assert!(w.code().starts_with("warning."));
        }
    }

    #[test]
    fn file_level_errors_read_in_russian() {
        let errors = file_errors();
        for e in &errors {
            assert_russian(&e.message(Lang::Ru));
            assert!(e.code().contains('.'));
        }
        assert_eq!(
            ApplyError::RowsWithErrors { rows: 21 }.message(Lang::Ru),
            "в 21 строке есть ошибки; исправьте их в файле или подтвердите, что эти строки можно \
             не импортировать"
        );
        assert_eq!(
            PlanError::MissingColumn {
                kind: "events".into(),
                missing: "the kind of event".into()
            }
            .message(Lang::Ru),
            "в файле событий нужен столбец для вида события; сопоставьте с этим полем один из \
             столбцов файла"
        );
        let json = crate::export::contacts_from_json("[{\"id\": 1}").unwrap_err();
        let ru = json.message(Lang::Ru);
        assert!(
            ru.starts_with("это не файл контактов Lifecycle (строка 1, символ "),
            "{ru}"
        );
        assert_russian(&ru);
    }

    /// Every code of this crate is in docs/errors.md, and every code the page
    /// lists under this crate's prefixes is one a variant has.
    #[test]
    fn docs_list_exactly_the_codes() {
        let docs = include_str!("../../../docs/errors.md");
        let mut codes: std::collections::BTreeSet<&str> =
            row_problems().iter().map(RowProblem::code).collect();
        codes.extend(warning_problems().iter().map(WarningProblem::code));
        codes.extend(file_errors().iter().map(|e| e.code()));
        let json = crate::export::contacts_from_json("").unwrap_err();
        codes.insert(json.code());
        let bare = RowError {
            problem: None,
            ..RowError::new(1, None, String::new(), RowProblem::NoId)
        };
        codes.insert(bare.code());
        let bare = Warning {
            problem: None,
            ..Warning::new(None, None, WarningProblem::NoIdColumn)
        };
        codes.insert(bare.code());
        let prefixes = [
            "csv.", "value.", "row.", "warning.", "skip.", "import.", "backup.", "export.",
        ];
        let documented = lifecycle_core::words::documented_codes(docs, &prefixes);
        assert_eq!(documented, codes);
    }

    #[test]
    fn the_importer_gives_every_row_error_its_problem() {
        use crate::csv::{CsvOptions, read};
        use crate::import::{ImportOptions, plan};
        let table = read(
            "id,name,created\n1,Ann,сто тысяч\n\"2,Bob,2025-01-02\n".as_bytes(),
            CsvOptions::default(),
        );
        let p = plan(&table, &ImportOptions::default(), &[], &[]).unwrap();
        assert!(p.report.errors.len() >= 2, "{:?}", p.report.errors);
        for e in &p.report.errors {
            let problem = e
                .problem
                .as_ref()
                .expect("planned errors carry their problem");
            assert_eq!(e.message, problem.message(Lang::En));
            assert_russian(&Localized::message(e, Lang::Ru));
        }
        assert_eq!(
            Localized::message(&p.report.errors[0], Lang::Ru),
            "строка 2, столбец «created»: «сто тысяч» — не дата; пишите так: 2025-12-31, \
             31.12.2025, 12/31/2025 или 2025-12-31 14:05"
        );
    }
}
