//! The few browser facts the app needs, behind plain functions: components
//! never call `web_sys` themselves.

use chrono::NaiveDate;

use crate::i18n::Lang;

const LANG_KEY: &str = "lifecycle.lang";

/// The path the site is served under, without a trailing slash: `""` at the
/// root, `"/lifecycle"` on a GitHub Pages project site. Read from `<base href>`,
/// which Trunk fills in from `--public-url`.
pub fn base_path() -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|uri| web_sys::Url::new(&uri).ok())
        .map(|url| url.pathname())
        .unwrap_or_default();
    base.trim_end_matches('/').to_owned()
}

/// The remembered language, else the browser's, else English.
pub fn initial_lang() -> Lang {
    let window = web_sys::window();
    let stored = window
        .as_ref()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .and_then(|code| Lang::parse(&code));
    let browser = || {
        window
            .as_ref()
            .and_then(|w| w.navigator().language())
            .and_then(|code| Lang::parse(&code))
    };
    stored.or_else(browser).unwrap_or(Lang::En)
}

/// Remembers the chosen language and sets `<html lang>`.
pub fn remember_lang(lang: Lang) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(Some(storage)) = window.local_storage() {
        let _ = storage.set_item(LANG_KEY, lang.as_str());
    }
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.as_str());
    }
}

/// Today's date in the user's time zone.
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}
