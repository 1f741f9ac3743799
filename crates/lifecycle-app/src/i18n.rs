//! English and Russian texts. Every visible string goes through [`Tr`], so a
//! missing translation is a compile error, not a blank on the page.

use leptos::prelude::*;

/// A language the app speaks: the engine's, so explanations follow it.
pub use lifecycle_core::Lang;

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
    welcome_title: "See where every customer stands", "Узнайте, где сейчас каждый клиент";
    welcome_body: "Lifecycle computes each contact's stage from what they actually did: requests, deals, messages, meetings, reviews. Start with a generated demo base to look around.", "Lifecycle определяет стадию каждого контакта по его действиям: заявкам, сделкам, сообщениям, встречам, отзывам. Начните с демонстрационной базы, чтобы осмотреться.";
    load_demo: "Load demo data", "Загрузить демо-данные";
    demo_size: "Size of the demo base", "Размер демо-базы";
    loading: "Computing…", "Считаем…";
    contacts_total: "contacts", "контактов";
    as_of: "as of", "на";
    period: "Period", "Период";
    days_30: "30 days", "30 дней";
    days_90: "90 days", "90 дней";
    days_180: "180 days", "180 дней";
    days_365: "1 year", "1 год";
    of_base: "of the base", "базы";
    vs_period_start: "vs. period start", "к началу периода";
    opening_data: "Opening your data…", "Открываем ваши данные…";
    db_failed: "The browser database could not be opened", "Не удалось открыть базу данных браузера";
    outdated: "Lifecycle was updated in another tab. Reload this page to continue.", "Lifecycle обновился в другой вкладке. Перезагрузите страницу, чтобы продолжить.";
    reload: "Reload", "Перезагрузить";
    storage_title: "Storage", "Хранилище";
    storage_used: "Used in this browser", "Занято в этом браузере";
    storage_of_quota: "of", "из";
    persistent: "Persistent storage", "Постоянное хранилище";
    persistent_on: "On: the browser will not evict your data under storage pressure.", "Включено: браузер не удалит ваши данные при нехватке места.";
    persistent_off: "Off: the browser may evict the data when disk space runs low.", "Выключено: браузер может удалить данные при нехватке места на диске.";
    persistent_ask: "Ask the browser to keep the data", "Попросить браузер сохранять данные";
    persistent_denied: "The browser declined. It may grant it once the site is bookmarked or installed.", "Браузер отказал. Он может разрешить это, если добавить сайт в закладки или установить.";
    backup_title: "Backup", "Резервная копия";
    backup_body: "A single file with every contact, event, the lifecycle model and settings.", "Один файл со всеми контактами, событиями, моделью жизненного цикла и настройками.";
    backup_download: "Download a backup", "Скачать резервную копию";
    restore: "Restore from a backup", "Восстановить из копии";
    restore_done: "Restored", "Восстановлено";
    danger_title: "Delete all data", "Удалить все данные";
    danger_body: "Removes every contact and event from this browser. Download a backup first if you may need them.", "Удаляет все контакты и события из этого браузера. Сначала скачайте резервную копию, если они могут понадобиться.";
    delete_all: "Delete all data…", "Удалить все данные…";
    delete_confirm: "Yes, delete everything", "Да, удалить всё";
    cancel: "Cancel", "Отмена";
    deleted: "All data deleted.", "Все данные удалены.";
    nothing_to_back_up: "There is no data to back up yet.", "Пока нечего сохранять.";
    nav_contacts: "Contacts", "Контакты";
    search_placeholder: "Search by name, company, e-mail or id", "Поиск по имени, компании, e-mail или id";
    all_stages: "All stages", "Все стадии";
    col_name: "Name", "Имя";
    col_stage: "Stage", "Стадия";
    col_last_activity: "Last activity", "Последняя активность";
    col_deals: "Deals", "Сделки";
    col_revenue: "Revenue", "Выручка";
    col_source: "Source", "Источник";
    col_owner: "Owner", "Ответственный";
    shown_of: "shown of", "показано из";
    no_data_yet: "No data yet. Load the demo base or restore a backup first.", "Данных пока нет. Сначала загрузите демо-базу или восстановите копию.";
    to_dashboard: "Go to the dashboard", "Перейти к обзору";
    no_match: "No contact matches.", "Ни один контакт не подходит.";
    never: "never", "никогда";
    contact_not_found: "There is no contact with this id.", "Контакта с таким id нет.";
    why_title: "Why this stage", "Почему эта стадия";
    matched: "matched", "подошло";
    not_matched: "did not match", "не подошло";
    timeline_title: "Stage history", "История стадий";
    events_title: "Events", "События";
    segment: "Segment", "Сегмент";
    default_period: "Default period of the dashboard", "Период обзора по умолчанию";
    all_sources: "All sources", "Все источники";
    all_owners: "All owners", "Все ответственные";
    all_tags: "All tags", "Все теги";
    export_label: "Export these contacts", "Выгрузить эти контакты";
    export_excel: "CSV for Excel", "CSV для Excel";
    export_data: "CSV (data)", "CSV (данные)";
    export_json: "JSON", "JSON";
    export_failed: "The export failed", "Выгрузка не удалась";
    add_event_title: "Add an event", "Добавить событие";
    add_event_body: "Record a call, a request or a won deal by hand; the stage updates at once.", "Запишите звонок, заявку или выигранную сделку вручную — стадия обновится сразу.";
    event_kind: "What happened", "Что произошло";
    event_date: "Date", "Дата";
    event_amount: "Amount (optional)", "Сумма (необязательно)";
    event_score_nps: "NPS score, 0–10", "Оценка NPS, 0–10";
    event_score_review: "Rating, 1–5", "Оценка, 1–5";
    event_note: "Note (optional)", "Заметка (необязательно)";
    add_event: "Add the event", "Добавить событие";
    event_added: "The event is saved and the stage recomputed.", "Событие сохранено, стадия пересчитана.";
    event_not_added: "The event was not added", "Событие не добавлено";
    event_bad_date: "Enter the date of the event.", "Укажите дату события.";
    event_bad_amount: "The amount is not a number, for example 1 234,56 or 1,234.56.", "Сумма — не число; например, 1 234,56 или 1,234.56.";
    event_bad_score: "Enter a whole score in the range", "Укажите целую оценку в диапазоне";
    details_title: "Details", "Данные";
    field_company: "Company", "Компания";
    field_email: "E-mail", "E-mail";
    field_phone: "Phone", "Телефон";
    field_created: "Created", "Создан";
    field_tags: "Tags", "Теги";
    back_to_contacts: "All contacts", "Все контакты";
    funnel_title: "Funnel", "Воронка";
    funnel_caption: "Contacts that reached each stage, with step conversion and the median time from the previous step", "Контакты, дошедшие до каждой стадии: конверсия шага и медианное время от предыдущего шага";
    funnel_reached: "Reached", "Дошли";
    funnel_conversion: "Step conversion", "Конверсия шага";
    funnel_median: "Median time", "Медианное время";
    drop_title: "Where the funnel leaks", "Где теряются клиенты";
    drop_caption: "In the period: contacts in each stage, and how many of them went sleeping or lost from it", "За период: сколько контактов было на стадии и сколько из них уснули или потерялись";
    drop_entered: "In stage", "На стадии";
    drop_to_sleeping: "Went sleeping", "Уснули";
    drop_to_lost: "Lost", "Потеряны";
    drop_rate: "Drop-off", "Отток";
    drop_dormant_to_lost: "Sleeping contacts that became lost in the period (apart from the funnel)", "Спящие контакты, ставшие потерянными за период (вне воронки)";
    risk_title: "At risk", "Под угрозой";
    risk_caption: "Customers going quiet or unhappy, most valuable first", "Клиенты, которые затихают или недовольны, — сначала самые ценные";
    risk_why: "Why", "Почему";
    theme: "Theme", "Оформление";
    theme_system: "As the system", "Как в системе";
    theme_light: "Light", "Светлое";
    theme_dark: "Dark", "Тёмное";
    trend_title: "Stages over time", "Стадии во времени";
    trend_caption: "Contacts in each stage at every month end", "Контакты по стадиям на конец каждого месяца";
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

/// An integer with the language's digit grouping: 12,345 or 12 345.
pub fn fmt_int(value: i64, lang: Lang) -> String {
    let digits = value.unsigned_abs().to_string();
    let sep = match lang {
        Lang::En => ",",
        Lang::Ru => "\u{a0}",
    };
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(ch);
    }
    if value < 0 { format!("−{out}") } else { out }
}

/// A share as a percentage with one decimal: 12.5% or 12,5 %.
pub fn fmt_percent(share: f64, lang: Lang) -> String {
    let text = format!("{:.1}", share * 100.0);
    match lang {
        Lang::En => format!("{text}%"),
        Lang::Ru => format!("{}\u{a0}%", text.replace('.', ",")),
    }
}

/// A date as the language writes it: Nov 24, 2026 or 24.11.2026.
pub fn fmt_date(date: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::En => date.format("%b %-d, %Y").to_string(),
        Lang::Ru => date.format("%d.%m.%Y").to_string(),
    }
}

/// A number as the language writes it: 1,234.5 or 1 234,5 (two decimals at most).
pub fn fmt_number(value: f64, lang: Lang) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let whole = rounded.trunc();
    let int = fmt_int(whole as i64, lang);
    let cents = ((rounded - whole).abs() * 100.0).round() as i64;
    let int = if value < 0.0 && whole == 0.0 && cents > 0 {
        format!("−{int}")
    } else {
        int
    };
    match (cents, lang) {
        (0, _) => int,
        (c, Lang::En) => format!("{int}.{}", format!("{c:02}").trim_end_matches('0')),
        (c, Lang::Ru) => format!("{int},{}", format!("{c:02}").trim_end_matches('0')),
    }
}
