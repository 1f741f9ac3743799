//! English and Russian texts. Every visible string goes through [`Tr`], so a
//! missing translation is a compile error, not a blank on the page.

use leptos::prelude::*;

/// A language the app speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Ru,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.to_ascii_lowercase();
        if code.starts_with("ru") {
            Some(Lang::Ru)
        } else if code.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

macro_rules! texts {
    ($($key:ident: $en:expr, $ru:expr;)*) => {
        /// The texts of the current language.
        #[derive(Clone, Copy)]
        pub struct Tr(pub Lang);
        impl Tr {
            $(pub fn $key(self) -> &'static str {
                match self.0 { Lang::En => $en, Lang::Ru => $ru }
            })*
        }
    };
}

texts! {
    app_name: "Lifecycle", "Lifecycle";
    tagline: "Every customer's stage, computed from what they did", "Стадия каждого клиента — по его действиям";
    nav_dashboard: "Dashboard", "Обзор";
    nav_settings: "Settings", "Настройки";
    language: "Language", "Язык";
    event_kinds_title: "Event kinds the engine knows", "Виды событий, которые знает движок";
    event_kind: "Kind", "Вид";
    counts_as_activity: "Client activity", "Активность клиента";
    counts_as_win: "Won deal", "Выигранная сделка";
    yes: "yes", "да";
    no: "no", "нет";
    not_found_title: "Page not found", "Страница не найдена";
    not_found_body: "There is no page at this address.", "По этому адресу страницы нет.";
    back_home: "Back to the dashboard", "Вернуться к обзору";
    privacy_note: "Your data stays in this browser.", "Ваши данные остаются в этом браузере.";
}

/// The language, shared through context.
#[derive(Clone, Copy)]
pub struct I18n(pub RwSignal<Lang>);

/// The current texts; reactive when read inside a view.
pub fn use_tr() -> impl Fn() -> Tr + Copy {
    let I18n(lang) = expect_context::<I18n>();
    move || Tr(lang.get())
}
