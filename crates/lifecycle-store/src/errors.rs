//! The store's errors in words, in English and Russian: each has a stable code
//! (`store.quota_exceeded`, `record.checksum`, …; see `docs/errors.md`).
//! `Display` stays the English text. The technical detail of a damaged record
//! or a browser failure is English (or the browser's own words); the Russian
//! text says what happened and what to do, and keeps only the browser's error
//! name, which is a code.

use lifecycle_core::{Lang, Localized};

use crate::StoreError;
use crate::codec::{CodecError, FORMAT_VERSION};

/// The name of a browser error ("QuotaExceededError: …" → "QuotaExceededError"),
/// when the detail starts with one.
fn error_name(detail: &str) -> Option<&str> {
    let name = detail.split(':').next()?.trim();
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric())).then_some(name)
}

impl Localized for StoreError {
    fn code(&self) -> &'static str {
        match self {
            StoreError::Unavailable => "store.unavailable",
            StoreError::QuotaExceeded => "store.quota_exceeded",
            StoreError::VersionConflict => "store.version_conflict",
            StoreError::Blocked => "store.blocked",
            StoreError::Damaged(_) => "store.damaged",
            StoreError::Invalid(_) => "store.invalid",
            StoreError::Changed { .. } => "store.changed",
            StoreError::Browser(_) => "store.browser",
        }
    }

    fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            StoreError::Unavailable => {
                "этот браузер не даёт базу данных IndexedDB (приватный режим или старый браузер?)"
                    .into()
            }
            StoreError::QuotaExceeded => {
                "место в хранилище браузера закончилось: освободите место \
                                          или удалите старые данные; ничего не изменено"
                    .into()
            }
            StoreError::VersionConflict => "базу данных открыла более новая версия Lifecycle в \
                                            другой вкладке: перезагрузите эту страницу"
                .into(),
            StoreError::Blocked => "базу данных блокирует другая открытая вкладка: закройте \
                                    остальные вкладки Lifecycle и перезагрузите страницу"
                .into(),
            StoreError::Damaged(_) => "сохранённые данные повреждены; восстановите резервную \
                                       копию или удалите данные"
                .into(),
            StoreError::Invalid(_) => {
                "данные для сохранения противоречат друг другу; ничего не изменено".into()
            }
            StoreError::Changed { .. } => "данные изменились в другой вкладке после того, как \
                                           эта страница их прочитала: перезагрузите страницу \
                                           и попробуйте снова; ничего не записано"
                .into(),
            StoreError::Browser(detail) => match error_name(detail) {
                Some(name) => format!("ошибка хранилища браузера ({name})"),
                None => "ошибка хранилища браузера".into(),
            },
        }
    }
}

impl Localized for CodecError {
    fn code(&self) -> &'static str {
        match self {
            CodecError::BadMagic { .. } => "record.bad_magic",
            CodecError::UnsupportedVersion { .. } => "record.unsupported_version",
            CodecError::Checksum => "record.checksum",
            CodecError::Truncated { .. } => "record.truncated",
            CodecError::BadUtf8 { .. } => "record.bad_utf8",
            CodecError::Invalid(_) => "record.invalid",
        }
    }

    fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        let what = |w: &str| match w {
            "contacts" => "контактов".to_owned(),
            "events" => "событий".to_owned(),
            other => format!("`{other}`"),
        };
        match self {
            CodecError::BadMagic { expected } => format!(
                "это не запись {} Lifecycle (неверная сигнатура)",
                what(expected)
            ),
            CodecError::UnsupportedVersion { found } => format!(
                "формат записи {found} новее тех, что читает эта версия Lifecycle ({FORMAT_VERSION})"
            ),
            CodecError::Checksum => "запись повреждена: контрольная сумма не совпадает".into(),
            CodecError::Truncated { at, what: field } => format!(
                "запись повреждена: она обрывается на байте {at} посреди столбца {}",
                what(field)
            ),
            CodecError::BadUtf8 { at } => {
                format!("запись повреждена: текст на байте {at} — не в кодировке UTF-8")
            }
            CodecError::Invalid(_) => "запись повреждена".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lifecycle_core::words::english_words;

    fn assert_russian(text: &str) {
        assert!(text.chars().any(|c| ('а'..='я').contains(&c)), "{text}");
        assert_eq!(english_words(text), Vec::<String>::new(), "in {text:?}");
    }

    fn store_errors() -> [StoreError; 9] {
        [
            StoreError::Unavailable,
            StoreError::QuotaExceeded,
            StoreError::VersionConflict,
            StoreError::Blocked,
            StoreError::Damaged("record is damaged: checksum mismatch".into()),
            StoreError::Invalid("column day has 2 entries".into()),
            StoreError::Changed {
                expected: 4,
                found: 5,
            },
            StoreError::Browser("UnknownError: Internal error opening backing store".into()),
            StoreError::Browser("something odd".into()),
        ]
    }

    fn record_errors() -> [CodecError; 6] {
        [
            CodecError::BadMagic { expected: "events" },
            CodecError::UnsupportedVersion { found: 9 },
            CodecError::Checksum,
            CodecError::Truncated {
                at: 40,
                what: "kind",
            },
            CodecError::BadUtf8 { at: 40 },
            CodecError::Invalid("3 unexpected bytes after the end".into()),
        ]
    }

    /// Every code of this crate is in docs/errors.md, and every code the page
    /// lists under this crate's prefixes is one a variant has.
    #[test]
    fn docs_list_exactly_the_codes() {
        let docs = include_str!("../../../docs/errors.md");
        let codes: std::collections::BTreeSet<&str> = store_errors()
            .iter()
            .map(StoreError::code)
            .chain(record_errors().iter().map(CodecError::code))
            .collect();
        let documented = lifecycle_core::words::documented_codes(docs, &["store.", "record."]);
        assert_eq!(documented, codes);
    }

    #[test]
    fn every_store_error_reads_in_russian() {
        let errors = store_errors();
        for e in &errors {
            assert_russian(&e.message(Lang::Ru));
            assert_eq!(e.message(Lang::En), e.to_string());
            assert!(e.code().starts_with("store."));
        }
        assert_eq!(
            StoreError::Browser("UnknownError: Internal error".into()).message(Lang::Ru),
            "ошибка хранилища браузера (UnknownError)"
        );
        assert!(
            StoreError::QuotaExceeded
                .message(Lang::Ru)
                .contains("ничего не изменено")
        );
    }

    #[test]
    fn every_record_error_reads_in_russian_with_its_byte() {
        let errors = record_errors();
        for e in &errors {
            let ru = e.message(Lang::Ru);
            assert_russian(&ru);
            if matches!(e, CodecError::Truncated { .. } | CodecError::BadUtf8 { .. }) {
                assert!(ru.contains("на байте 40"), "{ru}");
            }
            assert!(e.code().starts_with("record."));
        }
        let damaged = crate::codec::decode_events(b"not a record").unwrap_err();
        assert_russian(&damaged.message(Lang::Ru));
    }
}
