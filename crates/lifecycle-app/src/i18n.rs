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
    welcome_title: "See where every customer stands", "Узнайте, где сейчас каждый клиент";
    welcome_body: "Lifecycle computes each contact's stage from what they actually did: requests, deals, messages, meetings, reviews. Start with a generated demo base to look around.", "Lifecycle определяет стадию каждого контакта по его действиям: заявкам, сделкам, сообщениям, встречам, отзывам. Начните с демонстрационной базы, чтобы осмотреться.";
    load_demo: "Load demo data (5,000 contacts)", "Загрузить демо-данные (5 000 контактов)";
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
    nav_model: "Model", "Модель";
    model_title: "Lifecycle model", "Модель жизненного цикла";
    model_lead: "Stages are tried from the top: a contact gets the first stage whose rule holds, and the last stage takes everyone else.", "Стадии проверяются сверху вниз: контакт получает первую стадию, чьё правило выполняется, а последняя стадия забирает всех остальных.";
    presets_title: "Start from a preset", "Начать с шаблона";
    presets_note: "A preset replaces the stages below. Nothing is saved until you press Save.", "Шаблон заменяет стадии ниже. Ничего не сохраняется, пока вы не нажмёте «Сохранить».";
    preset_b2b: "Deals and activity: new, developing and loyal customers; sleeping after 180 quiet days, lost after 365.", "Сделки и активность: новые, развивающиеся и лояльные клиенты; спящие после 180 дней тишины, потерянные после 365.";
    preset_messaging: "Chats and payments: hot and cold leads, a first and a repeat payment.", "Переписка и оплаты: горячие и холодные лиды, первая и повторная оплата.";
    preset_funnel: "The marketing funnel: awareness, engagement, conversion, retention, loyalty.", "Маркетинговая воронка: осведомлённость, вовлечение, конверсия, удержание, лояльность.";
    preset_hubspot: "HubSpot-style stages, from subscriber to evangelist.", "Стадии как в HubSpot: от подписчика до евангелиста.";
    preset_loaded: "In the editor", "В редакторе";
    stages_title: "Stages, by priority", "Стадии по приоритету";
    stage_id: "Id", "Id";
    label_en: "Name in English", "Название по-английски";
    label_ru: "Name in Russian", "Название по-русски";
    stage_colour: "Colour", "Цвет";
    stage_kind: "Kind", "Тип";
    kind_open: "Open", "Открытая";
    kind_open_about: "Not a customer yet", "Ещё не клиент";
    kind_won: "Won", "Клиент";
    kind_won_about: "A customer", "Покупал у вас";
    kind_dormant: "Dormant", "Спящая";
    kind_dormant_about: "Went quiet, may come back", "Затих, может вернуться";
    kind_lost: "Lost", "Потерянная";
    kind_lost_about: "Considered gone", "Считается ушедшим";
    stage_rule: "Rule", "Правило";
    catch_all: "Last stage: takes every contact no stage above took, whatever its rule says.", "Последняя стадия: забирает всех, кого не взяли стадии выше, что бы ни говорило её правило.";
    move_up: "Move up", "Выше";
    move_down: "Move down", "Ниже";
    delete_stage: "Delete", "Удалить";
    add_stage: "Add a stage", "Добавить стадию";
    at_line: "line", "строка";
    at_char: "character", "символ";
    hint: "Hint", "Подсказка";
    id_taken: "Another stage already has this id.", "Этот id уже есть у другой стадии.";
    problems: "Problems to fix", "Нужно исправить";
    model_problems: "Problems in the model", "Ошибки в модели";
    whatif_title: "What would change", "Что изменится";
    whatif_as_of: "If you save, as of", "Если сохранить, на";
    whatif_idle: "Edit a rule or pick a preset to see which contacts would change stage.", "Измените правило или выберите шаблон, чтобы увидеть, какие контакты сменят стадию.";
    whatif_nothing: "No contact would change stage.", "Ни один контакт не сменит стадию.";
    whatif_blocked: "Fix the problems in the model to see what would change.", "Исправьте ошибки в модели, чтобы увидеть, что изменится.";
    whatif_unchanged: "Stay in their stage", "Останутся на своей стадии";
    whatif_moving: "Would change stage", "Сменят стадию";
    whatif_removed: "removed stage", "удалённая стадия";
    save: "Save", "Сохранить";
    saving: "Saving…", "Сохраняем…";
    discard: "Discard changes", "Отменить изменения";
    unsaved: "Unsaved changes", "Есть несохранённые изменения";
    no_changes: "The saved model is in the editor.", "В редакторе сохранённая модель.";
    model_saved: "Saved. The dashboard and contacts now use this model.", "Сохранено. Обзор и контакты теперь используют эту модель.";
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

/// "N contacts would move from X to Y" in the language, with the right
/// plural form.
pub fn moves_text(count: usize, from: &str, to: &str, lang: Lang) -> String {
    let n = fmt_int(count as i64, lang);
    match lang {
        Lang::En if count == 1 => format!("1 contact would move from {from} to {to}"),
        Lang::En => format!("{n} contacts would move from {from} to {to}"),
        Lang::Ru => {
            let (noun, verb) = match (count % 10, count % 100) {
                (1, r) if r != 11 => ("контакт", "перейдёт"),
                (2..=4, r) if !(12..=14).contains(&r) => ("контакта", "перейдут"),
                _ => ("контактов", "перейдут"),
            };
            format!("{n} {noun} {verb} из «{from}» в «{to}»")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_read_naturally() {
        let t = |n, lang| moves_text(n, "A", "B", lang);
        assert_eq!(t(1, Lang::En), "1 contact would move from A to B");
        assert_eq!(t(1312, Lang::En), "1,312 contacts would move from A to B");
        assert_eq!(t(21, Lang::Ru), "21 контакт перейдёт из «A» в «B»");
        assert_eq!(t(3, Lang::Ru), "3 контакта перейдут из «A» в «B»");
        assert_eq!(t(12, Lang::Ru), "12 контактов перейдут из «A» в «B»");
        assert_eq!(t(312, Lang::Ru), "312 контактов перейдут из «A» в «B»");
    }
}
