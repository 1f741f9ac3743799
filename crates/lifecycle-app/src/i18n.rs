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
    skip_to_content: "Skip to content", "Перейти к содержимому";
    main_navigation: "Main", "Основная навигация";
    welcome_title: "See where every customer stands", "Узнайте, где сейчас каждый клиент";
    welcome_body: "Lifecycle computes each contact's stage from what they actually did: requests, deals, messages, meetings, reviews. Import an export from your CRM, or start with a generated demo base to look around.", "Lifecycle определяет стадию каждого контакта по его действиям: заявкам, сделкам, сообщениям, встречам, отзывам. Импортируйте выгрузку из своей CRM или начните с демонстрационной базы, чтобы осмотреться.";
    load_demo: "Load demo data", "Загрузить демо-данные";
    demo_size: "Size of the demo base", "Размер демо-базы";
    loading: "Computing…", "Считаем…";
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
    backup_writing: "Writing the backup", "Записываем резервную копию";
    restore_running: "Restoring the backup", "Восстанавливаем резервную копию";
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
    search_placeholder: "Name, company, e-mail or id", "Имя, компания, e-mail или id";
    all_stages: "All stages", "Все стадии";
    col_name: "Name", "Имя";
    col_stage: "Stage", "Стадия";
    col_last_activity: "Last activity", "Последняя активность";
    col_deals: "Deals", "Сделки";
    col_revenue: "Revenue", "Выручка";
    col_source: "Source", "Источник";
    col_owner: "Owner", "Ответственный";
    no_data_yet: "No data yet. Import a file, load the demo base or restore a backup first.", "Данных пока нет. Сначала импортируйте файл, загрузите демо-базу или восстановите копию.";
    to_dashboard: "Go to the dashboard", "Перейти к обзору";
    no_match: "No contact matches.", "Ни один контакт не подходит.";
    never: "never", "никогда";
    contact_not_found: "There is no contact with the id \u{201c}{id}\u{201d}. It may have been deleted, or the link is mistyped.", "Контакта с id \u{ab}{id}\u{bb} нет. Возможно, он удалён или в ссылке опечатка.";
    contact_no_data_title: "No contacts yet", "Контактов пока нет";
    contact_no_data: "There is no data in this browser yet, so there is no contact to show. Import a file from your CRM or load the demo base on the welcome page.", "В этом браузере пока нет данных, поэтому показать контакт нельзя. Импортируйте файл из CRM или загрузите демо-базу на стартовой странице.";
    to_welcome: "Go to the welcome page", "Перейти на стартовую страницу";
    timeline_since: "since", "с";
    timeline_before: "before", "до";
    timeline_no_events: "no events yet", "событий пока нет";
    events_none: "No events yet: add the first one above.", "Событий пока нет — добавьте первое выше.";
    timeline_initial: "The stage before the first event", "Стадия до первого события";
    why_title: "Why this stage", "Почему эта стадия";
    matched: "matched", "подходит";
    not_matched: "did not match", "не подходит";
    timeline_title: "Stage history", "История стадий";
    events_title: "Events", "События";
    events_col_date: "Date", "Дата";
    events_col_kind: "Event", "Событие";
    events_col_detail: "Details", "Подробности";
    yes: "Yes", "Да";
    no: "No", "Нет";
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
    export_running: "Preparing the export", "Готовим выгрузку";
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
    event_date_hint: "like Nov 25, 2026", "в виде 25.11.2026";
    event_date_placeholder: "Mon D, YYYY", "ДД.ММ.ГГГГ";
    event_date_format: "\u{201c}{text}\u{201d} is not a date. Write the month, day and year, like Nov 25, 2026.", "\u{ab}{text}\u{bb} — не дата. Напишите день, месяц и год, например 25.11.2026.";
    event_date_unreal: "There is no such day: \u{201c}{text}\u{201d}.", "Такого дня нет: \u{ab}{text}\u{bb}.";
    event_bad_amount: "The amount is not a number, for example 1 234,56 or 1,234.56.", "Сумма — не число; например, 1 234,56 или 1,234.56.";
    event_bad_score: "Enter a whole score in the range", "Укажите целую оценку в диапазоне";
    details_title: "Details", "Сведения";
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
    drop_none: "This model has no sleeping or lost stage, so no contact leaves the funnel that way.", "В этой модели нет стадий «спящий» и «потерян», поэтому так из воронки никто не уходит.";
    drop_caption: "In the period: how many contacts of each stage left it, each counted once: as lost if lost at the period's end, else as sleeping. A lost contact counts under the last active stage it was in, also when it slept first.", "За период: сколько контактов каждой стадии ушли с неё, каждый один раз: как потерянный, если к концу периода он потерян, иначе как уснувший. Потерянный контакт учтён на последней активной стадии, даже если сначала уснул.";
    drop_entered: "In stage", "На стадии";
    drop_to_sleeping: "Went sleeping", "Уснули";
    drop_to_lost: "Lost", "Потеряны";
    drop_rate: "Drop-off", "Отток";
    drop_dormant_to_lost: "Of the lost, slept first", "Из потерянных сначала уснули";
    drop_legend_lost: "Lost, directly or after sleeping", "Потеряны — сразу или после сна";
    drop_tip_sleeping: "{stage}: {count} of {total} went sleeping ({share})", "{stage}: уснули {count} из {total} ({share})";
    drop_tip_lost: "{stage}: {count} of {total} lost ({share})", "{stage}: потеряны {count} из {total} ({share})";
    drop_tip_none: "{stage}: nobody of {total} left", "{stage}: из {total} никто не ушёл";
    funnel_tip_reached: "{stage}: {count} reached", "{stage}: дошли {count}";
    funnel_tip_conversion: "{share} of {prev}", "{share} от стадии «{prev}»";
    funnel_tip_median: "median {days} after {prev}", "медиана {days} после стадии «{prev}»";
    funnel_tip_gone: "{count} of {prev} did not reach {stage} ({share})", "{count} со стадии «{prev}» не дошли до стадии «{stage}» ({share})";
    funnel_legend_reached: "Reached the step", "Дошли до шага";
    funnel_legend_gone: "Did not go on from the step before", "Не перешли с предыдущего шага";
    risk_title: "At risk", "Под угрозой";
    risk_caption: "Customers going quiet or unhappy, most valuable first", "Клиенты, которые затихают или недовольны, — сначала самые ценные";
    risk_why: "Why", "Почему";
    risk_none: "Nobody is at risk now.", "Сейчас никто не в зоне риска.";
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
    nav_import: "Import", "Импорт";
    import_file: "Import a file", "Импортировать файл";
    import_title: "Import a file", "Импорт файла";
    import_lead: "Contacts, events or deals from a CRM export. Nothing is saved until you confirm.", "Контакты, события или сделки из выгрузки CRM. Ничего не сохраняется, пока вы не подтвердите.";
    step_file: "File", "Файл";
    step_preview: "Preview", "Просмотр";
    step_mapping: "Columns", "Столбцы";
    step_check: "Check", "Проверка";
    step_done: "Done", "Готово";
    drop_here: "Drop a CSV file here", "Перетащите сюда CSV-файл";
    or_choose: "or choose one on this computer", "или выберите его на компьютере";
    choose_file: "Choose a file", "Выбрать файл";
    drop_hint: "CSV exports from amoCRM, Bitrix24, HubSpot, Pipedrive or Salesforce, in UTF-8, UTF-16 or Windows-1251. The file is read in this browser and never uploaded.", "Выгрузки CSV из amoCRM, Битрикс24, HubSpot, Pipedrive или Salesforce в UTF-8, UTF-16 или Windows-1251. Файл читается в этом браузере и никуда не отправляется.";
    reading_file: "Reading the file…", "Читаем файл…";
    read_of: "of", "из";
    encoding: "Encoding", "Кодировка";
    delimiter: "Delimiter", "Разделитель";
    file_kind: "The file holds", "В файле";
    kind_contacts: "Contacts", "Контакты";
    kind_events: "Events", "События";
    kind_deals: "Deals", "Сделки";
    detected: "detected", "определено";
    chosen: "chosen by you", "выбрано вами";
    delim_comma: "Comma ,", "Запятая ,";
    delim_semicolon: "Semicolon ;", "Точка с запятой ;";
    delim_tab: "Tab", "Табуляция";
    delim_pipe: "Vertical bar |", "Вертикальная черта |";
    rows_in_file: "rows", "строк";
    columns_in_file: "columns", "столбцов";
    first_rows: "The first rows", "Первые строки";
    replaced_chars: "characters could not be read in this encoding. If the text looks garbled, choose another encoding.", "символов не удалось прочитать в этой кодировке. Если текст выглядит искажённым, выберите другую кодировку.";
    malformed_rows: "rows are malformed; the check lists them.", "строк повреждены; проверка покажет их.";
    empty_file: "The file is empty: it has no header row.", "Файл пуст: в нём нет строки заголовков.";
    back: "Back", "Назад";
    next_mapping: "Next: columns", "Далее: столбцы";
    next_check: "Check every row", "Проверить все строки";
    cancel_import: "Cancel import", "Отменить импорт";
    mapping_title: "Where each column goes", "Куда идёт каждый столбец";
    mapping_caption: "Filled in from the known CRM exports; change anything that is wrong.", "Заполнено по известным выгрузкам CRM; исправьте, если что-то не так.";
    col_column: "Column", "Столбец";
    col_samples: "Sample values", "Примеры значений";
    col_target: "Imported as", "Импортировать как";
    col_type: "Type", "Тип";
    reason_known: "known header", "известный заголовок";
    reason_similar: "similar header", "похожий заголовок";
    reason_custom: "new field", "новое поле";
    reason_user: "your choice", "ваш выбор";
    target_id: "Id", "Id";
    target_name: "Full name", "Полное имя";
    target_first_name: "First name", "Имя";
    target_last_name: "Last name", "Фамилия";
    target_company: "Company", "Компания";
    target_email: "E-mail", "E-mail";
    target_phone: "Phone", "Телефон";
    target_source: "Source", "Источник";
    target_owner: "Owner", "Ответственный";
    target_tags: "Tags", "Теги";
    target_created: "Created on", "Дата создания";
    target_date: "Event or close date", "Дата события или закрытия";
    target_time: "Time of day", "Время";
    target_kind: "Kind of event", "Тип события";
    target_amount: "Amount", "Сумма";
    target_score: "Score (NPS, rating)", "Оценка (NPS, рейтинг)";
    target_channel: "Channel", "Канал";
    target_note: "Note or deal name", "Заметка или название сделки";
    target_status: "Deal status", "Статус сделки";
    target_custom: "Custom field", "Своё поле";
    target_ignore: "Do not import", "Не импортировать";
    type_text: "Text", "Текст";
    type_number: "Number", "Число";
    type_bool: "Yes / no", "Да / нет";
    type_date: "Date", "Дата";
    statuses_title: "Deal statuses", "Статусы сделок";
    statuses_caption: "Won and lost deals become events; open ones are left out.", "Выигранные и проигранные сделки станут событиями; открытые не импортируются.";
    col_status: "Status", "Статус";
    col_deal_count: "Deals", "Сделок";
    col_meaning: "Means", "Значит";
    outcome_won: "Won", "Выиграна";
    outcome_lost: "Lost", "Проиграна";
    outcome_open: "Open: leave out", "Открыта: не импортировать";
    no_status_column: "Map a column to \u{ab}Deal status\u{bb} to choose what each status means.", "Укажите столбец \u{ab}Статус сделки\u{bb}, чтобы выбрать значение каждого статуса.";
    policies_title: "When records meet", "Совпадения";
    duplicates: "A contact id that is already taken", "Id контакта, который уже занят";
    dup_skip: "Keep the existing contact", "Оставить существующий контакт";
    dup_update: "Update it with the file's values", "Обновить его значениями из файла";
    dup_keep_both: "Keep both", "Оставить оба";
    unknown_contacts: "An event or deal about an unknown contact", "Событие или сделка неизвестного контакта";
    unknown_create: "Create the contact", "Создать контакт";
    unknown_report: "Leave the row out and report it", "Пропустить строку и сообщить";
    checking: "Checking rows…", "Проверяем строки…";
    reading_base: "Reading the base…", "Читаем базу…";
    contacts_of_base: "contacts of the base", "контактов базы";
    finishing_check: "Every row is checked; putting the report together…", "Все строки проверены; собираем отчёт…";
    checked_of: "of", "из";
    check_title: "Check before importing", "Проверка перед импортом";
    nothing_applied: "Nothing is saved yet.", "Пока ничего не сохранено.";
    rows_read: "Rows read", "Прочитано строк";
    rows_added: "To add", "Добавить";
    rows_updated: "To update", "Обновить";
    rows_skipped: "Skipped", "Пропущено";
    rows_errors: "With errors", "С ошибками";
    added_done: "Added", "Добавлено";
    updated_done: "Updated", "Обновлено";
    left_out: "Left out", "Не импортировано";
    balance_ok: "every row is accounted for", "учтена каждая строка";
    balance_bad: "the counts do not add up", "числа не сходятся";
    errors_title: "Rows with errors", "Строки с ошибками";
    errors_caption: "Fix these in the file and import it again, or leave these rows out.", "Исправьте их в файле и импортируйте снова или не импортируйте эти строки.";
    col_row: "Row", "Строка";
    col_value: "Value", "Значение";
    col_problem: "Problem", "Проблема";
    shown_first: "Showing the first", "Показаны первые";
    skipped_title: "Skipped rows", "Пропущенные строки";
    col_reason: "Reason", "Причина";
    warnings_note: "rows were imported with a remark (for example, a phone kept as written).", "строк импортируются с замечанием (например, телефон сохранён как есть).";
    accept_errors: "Leave out the rows with errors and import the rest", "Не импортировать строки с ошибками, импортировать остальное";
    must_accept: "The file has rows with errors: fix them, or tick the box above to leave them out.", "В файле есть строки с ошибками: исправьте их или отметьте пункт выше, чтобы их пропустить.";
    confirm_import: "Import", "Импортировать";
    importing: "Saving…", "Сохраняем…";
    done_title: "Import complete", "Импорт завершён";
    done_lead: "Saved in one step: the base now holds", "Сохранено одним действием: в базе теперь";
    events_added: "Events added", "Добавлено событий";
    contacts_added: "Contacts added", "Добавлено контактов";
    contacts_updated: "Contacts updated", "Обновлено контактов";
    to_contacts: "Open the contacts", "Открыть контакты";
    import_another: "Import another file", "Импортировать ещё файл";
    skip_empty: "the row is empty", "строка пуста";
    skip_dup_file: "id \u{ab}{id}\u{bb} already appears on row {row}", "id \u{ab}{id}\u{bb} уже есть в строке {row}";
    skip_in_base: "id \u{ab}{id}\u{bb} is already in the base", "id \u{ab}{id}\u{bb} уже есть в базе";
    skip_dup_event: "the same event is already in the base", "такое же событие уже есть в базе";
    skip_open_deal: "the deal is still open (status \u{ab}{status}\u{bb})", "сделка ещё открыта (статус \u{ab}{status}\u{bb})";
    skip_unknown: "no contact \u{ab}{contact}\u{bb} in the base or the file", "контакта \u{ab}{contact}\u{bb} нет ни в базе, ни в файле";
    size_kb: "KB", "КБ";
    date_order_title: "Dates with slashes", "Даты с косой чертой";
    date_order_caption: "03/04/2025 can be 3 April or 4 March. Each column's order is guessed from the dates that can be read only one way.", "03/04/2025 — это 3 апреля или 4 марта. Порядок каждого столбца определён по датам, которые читаются только одним способом.";
    date_order_label: "Read them", "Читать их";
    date_auto: "As guessed for each column", "Как определено для каждого столбца";
    date_day_first: "Day first: 31/12/2025", "Сначала день: 31/12/2025";
    date_month_first: "Month first: 12/31/2025", "Сначала месяц: 12/31/2025";
    date_to_confirm: "no date decides it: please confirm", "ни одна дата этого не решает: подтвердите";
    date_conflicting: "the column mixes both orders: check its dates", "в столбце смешаны оба порядка: проверьте даты";
    // The import wizard on large files: confirming in steps, and what is
    // read from the first rows only.
    apply_building: "Importing: building the base with the file's rows…", "Импортируем: собираем базу со строками файла…";
    apply_saving: "Writing the whole import to the browser's database…", "Записываем весь импорт в базу данных браузера…";
    apply_note: "Nothing is saved until the whole import is written; Cancel leaves the base as it was.", "Ничего не сохраняется, пока импорт не записан целиком; «Отмена» оставляет базу как была.";
    sampled_statuses: "Counted in the first {rows} rows of {total}; the check reads every row.", "Подсчитано по первым {rows} строкам из {total}; проверка читает все строки.";
    sampled_dates: "Guessed from the first {rows} rows of {total}; the check guesses from every row.", "Определено по первым {rows} строкам из {total}; проверка учитывает все строки.";
    nav_model: "Model", "Модель";
    model_title: "Lifecycle model", "Модель жизненного цикла";
    model_lead: "Stages are tried from the top: a contact gets the first stage whose rule holds, and the last stage takes everyone else.", "Стадии проверяются сверху вниз: контакт получает первую стадию, чьё правило выполняется, а последняя стадия забирает всех остальных.";
    presets_title: "Start from a preset", "Начать с шаблона";
    presets_note: "A preset replaces the whole model below: stages, ICP, windows, funnel and declarations. Nothing is saved until you press Save.", "Шаблон заменяет всю модель ниже: стадии, ICP, окна, воронку и объявления. Ничего не сохраняется, пока вы не нажмёте «Сохранить».";
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
    whatif_idle: "Edit the model or pick a preset to see which contacts would change stage.", "Измените модель или выберите шаблон, чтобы увидеть, какие контакты сменят стадию.";
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
    db_not_open: "the browser database is not open", "база данных браузера не открыта";
    download_refused: "the browser refused the download", "браузер не дал скачать файл";
    file_unreadable: "the browser could not read {file}", "браузер не смог прочитать файл «{file}»";
    backup_model_unreadable: "the backup's model is unreadable", "модель в резервной копии не читается";
    changed_parts: "Changed", "Изменено";
    part_identity: "Model name", "Название модели";
    part_stages: "Stages", "Стадии";
    icp_title: "Ideal customer profile (ICP)", "Профиль идеального клиента (ICP)";
    icp_about: "A rule over the contact's fields that says who your ideal customer is. Stage rules use it by writing icp.", "Правило по полям контакта: кто ваш идеальный клиент. Правила стадий используют его, когда в них написано icp.";
    icp_rule: "ICP rule", "Правило ICP";
    icp_now: "In the ICP now", "Сейчас в ICP";
    icp_with_edit: "With this rule", "С этим правилом";
    icp_short: "ICP", "ICP";
    fields_you_can_use: "Fields you can use:", "Доступные поля:";
    used_by: "Used in", "Используется в";
    unused: "Not used by any rule", "Не используется в правилах";
    windows_title: "Time windows", "Временные окна";
    windows_about: "Named numbers of days. Rules use them as window.<name>, so one change here changes every rule that uses the window.", "Именованные сроки в днях. Правила используют их как window.<имя>, поэтому одно изменение здесь меняет все правила, где окно используется.";
    days_label: "Days", "Дней";
    name_label: "Name", "Название";
    window_sleeping_note: "Also sets the risk list: customers quiet for 75% of this window are at risk.", "Также задаёт список риска: клиенты, молчащие 75% этого срока, — в зоне риска.";
    add_window: "Add window", "Добавить окно";
    remove_window: "Remove window", "Удалить окно";
    funnel_editor_title: "Funnel order", "Порядок воронки";
    funnel_editor_about: "The steps of the dashboard's funnel, from first touch to the best customers. The order changes the report, not anyone's stage.", "Шаги воронки на обзоре — от первого касания до лучших клиентов. Порядок меняет отчёт, а не стадии контактов.";
    funnel_add: "Add to the funnel", "Добавить в воронку";
    funnel_all_in: "Every stage is in the funnel.", "Все стадии уже в воронке.";
    funnel_remove: "Remove from the funnel", "Убрать из воронки";
    funnel_empty: "The funnel is empty: the dashboard will show no funnel steps.", "Воронка пуста: на обзоре не будет шагов воронки.";
    unknown_stage: "unknown stage", "неизвестная стадия";
    fields_title: "Custom fields", "Свои поля";
    fields_about: "Contact fields the rules may use as field.<name>. A declared field works before any contact has it, so the model also works with other data.", "Поля контактов, которые правила могут использовать как field.<имя>. Объявленное поле работает, даже если его ещё нет ни у одного контакта, поэтому модель работает и с другими данными.";
    field_type: "Type", "Тип";
    add_field: "Declare field", "Объявить поле";
    remove_field: "Remove field", "Удалить поле";
    in_your_data: "in your data", "есть в данных";
    undeclared_fields: "Rules use fields that are not declared. They work with this data; declare them so that the model works with any data:", "Правила используют необъявленные поля. С этими данными они работают; объявите их, чтобы модель работала с любыми данными:";
    declare: "Declare", "Объявить";
    kinds_title: "Custom event kinds", "Свои типы событий";
    kinds_about: "Event kinds beyond the built-in ones (deal_won, call, meeting…). Rules name them in has(…), count(…) and the like; quote a name with spaces: has(\"trade show\").", "Типы событий сверх встроенных (deal_won, call, meeting…). Правила называют их в has(…), count(…) и подобных; имя с пробелами пишется в кавычках: has(\"trade show\").";
    kind_direction: "Direction", "Направление";
    direction_client: "Client activity", "Активность клиента";
    direction_company: "Company-initiated", "От компании";
    kind_is_win: "Counts as a won deal", "Считается выигранной сделкой";
    add_kind: "Declare kind", "Объявить тип";
    remove_kind: "Remove kind", "Удалить тип";
    none_declared: "None declared yet.", "Пока ничего не объявлено.";
    rename: "Rename", "Переименовать";
    rename_to: "New name", "Новое имя";
    rename_about: "Every rule that uses the old name is rewritten; the what-if shows who would move before you save.", "Все правила со старым именем будут переписаны; до сохранения «Что если» покажет, кто перейдёт.";
    kinds_found: "Kinds in your data that the model does not declare:", "Типы событий из ваших данных, которых нет в модели:";
    // The contact page and the list (issue 7): an edit refused because
    // another tab changed the data, and the words of well-known fields.
    changed_elsewhere: "The data was changed in another tab, so nothing was saved here. Reload this page to see the data as it is now.", "Данные изменились в другой вкладке, поэтому здесь ничего не сохранено. Перезагрузите страницу, чтобы увидеть их такими, какие они сейчас.";
}

/// Words kept as what they say, not as the sentence of one language: a
/// notice (a failed save, a refused restore) holds a `Text` and puts it into
/// words where it is shown, so it follows a switch of language.
#[derive(Clone)]
pub struct Text(std::sync::Arc<dyn Fn(Lang) -> String + Send + Sync>);

impl Text {
    pub fn new(words: impl Fn(Lang) -> String + Send + Sync + 'static) -> Text {
        Text(std::sync::Arc::new(words))
    }

    /// One of the app's fixed texts.
    pub fn tr(key: fn(Tr) -> &'static str) -> Text {
        Text::new(move |lang| key(Tr(lang)).to_owned())
    }

    /// An engine, import or store error with its place and hint, as a
    /// sentence with a capital first letter: a notice shows it on its own.
    pub fn error(error: impl lifecycle_core::Localized + Send + Sync + 'static) -> Text {
        Text::new(move |lang| capitalized(error.message(lang)))
    }

    /// "heading: the text", the heading one of the app's fixed texts.
    pub fn under(self, heading: fn(Tr) -> &'static str) -> Text {
        Text::new(move |lang| format!("{}: {}", heading(Tr(lang)), self.get(lang)))
    }

    /// "`prefix`: the text", e.g. the file a problem is in.
    pub fn after(self, prefix: String) -> Text {
        Text::new(move |lang| format!("{prefix}: {}", self.get(lang)))
    }

    /// The words in `lang`.
    pub fn get(&self, lang: Lang) -> String {
        (self.0)(lang)
    }

    /// The words in the page's language, following a switch: for a view.
    pub fn show(self) -> impl Fn() -> String + Send + Sync + Clone + 'static {
        let I18n(lang) = expect_context::<I18n>();
        move || self.get(lang.get())
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.get(Lang::En))
    }
}

fn capitalized(text: String) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
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

/// A size in megabytes (of 1,048,576 bytes): one decimal under 10, as the
/// language writes it: 3.2 MB or 3,2 МБ, 64 MB.
pub fn fmt_megabytes(bytes: f64, lang: Lang) -> String {
    let mb = bytes / 1_048_576.0;
    let text = if mb < 10.0 {
        format!("{mb:.1}")
    } else {
        fmt_int(mb.round() as i64, lang)
    };
    match lang {
        Lang::En => format!("{text} MB"),
        Lang::Ru => format!("{}\u{a0}МБ", text.replace('.', ",")),
    }
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

/// `template` with each `{name}` replaced by its value.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    args.iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// The Russian form for `count`: `one` (1, 21, 101…), `few` (2-4, 22-24…) or
/// `many` (0, 5-20, 25…).
pub fn ru_plural<T>(count: usize, one: T, few: T, many: T) -> T {
    match (count % 10, count % 100) {
        (1, r) if r != 11 => one,
        (2..=4, r) if !(12..=14).contains(&r) => few,
        _ => many,
    }
}

/// A custom field's type in words ("Number", «Число»).
pub fn field_type_word(ty: lifecycle_core::model::FieldType, tr: Tr) -> &'static str {
    use lifecycle_core::model::FieldType;
    match ty {
        FieldType::Text => tr.type_text(),
        FieldType::Number => tr.type_number(),
        FieldType::Bool => tr.type_bool(),
        FieldType::Date => tr.type_date(),
    }
}

/// "contacts" after a number, in the language's right form.
pub fn contacts_word(count: usize, lang: Lang) -> &'static str {
    match lang {
        Lang::En if count == 1 => "contact",
        Lang::En => "contacts",
        Lang::Ru => ru_plural(count, "контакт", "контакта", "контактов"),
    }
}

/// "events" after a number, in the language's right form.
pub fn events_word(count: usize, lang: Lang) -> &'static str {
    match lang {
        Lang::En if count == 1 => "event",
        Lang::En => "events",
        Lang::Ru => ru_plural(count, "событие", "события", "событий"),
    }
}

/// "N contacts will be created for events or deals", with the right plural form.
pub fn contacts_created_text(count: usize, lang: Lang) -> String {
    let n = fmt_int(count as i64, lang);
    match lang {
        Lang::En => format!(
            "{n} {} will be created for events or deals",
            contacts_word(count, lang)
        ),
        Lang::Ru => {
            let verb = ru_plural(count, "Будет создан", "Будут созданы", "Будет создано");
            format!(
                "{verb} {n} {} для событий или сделок",
                contacts_word(count, lang)
            )
        }
    }
}

/// "days" after a number, in the language's right form.
pub fn days_word(count: usize, lang: Lang) -> &'static str {
    match lang {
        Lang::En if count == 1 => "day",
        Lang::En => "days",
        Lang::Ru => ru_plural(count, "день", "дня", "дней"),
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
            let (noun, verb) = ru_plural(
                count,
                ("контакт", "перейдёт"),
                ("контакта", "перейдут"),
                ("контактов", "перейдут"),
            );
            format!("{n} {noun} {verb} из «{from}» в «{to}»")
        }
    }
}

/// "Showing 994 of 5,000 contacts", "Показано 994 из 5 000 контактов": how
/// many of how many contacts a list shows, in the language's right forms.
pub fn shown_text(shown: usize, total: usize, lang: Lang) -> String {
    let (n, of) = (fmt_int(shown as i64, lang), fmt_int(total as i64, lang));
    match lang {
        Lang::En => format!("Showing {n} of {of} {}", contacts_word(total, lang)),
        Lang::Ru => {
            let verb = ru_plural(shown, "Показан", "Показано", "Показано");
            // After «из» the count and its noun are genitive: «из 1 контакта»,
            // «из 3 контактов», «из 21 контакта».
            let noun = ru_plural(total, "контакта", "контактов", "контактов");
            format!("{verb} {n} из {of} {noun}")
        }
    }
}

/// A contact's own field in words. The fields of the demo base and a few
/// that CRM exports often carry have names in both languages (the core's
/// `words::known_field`, which its Russian explanations use too); any other is
/// shown as its column was headed: the import made its name from the header
/// by lower-casing it and writing spaces as `_` (lifecycle_io's `field_key`),
/// so `annual_revenue` reads "Annual revenue" and `отрасль` "Отрасль". Rules
/// still name a field as it is stored (the model page lists them so).
pub fn field_label(name: &str, lang: Lang) -> String {
    let known = lifecycle_core::words::known_field(name, lang);
    if let Some(label) = known {
        return label.to_owned();
    }
    let words = name
        .split('_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if words.is_empty() {
        name.to_owned()
    } else {
        capitalized(words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_counts_and_field_names_read_naturally() {
        assert_eq!(
            shown_text(994, 5000, Lang::En),
            "Showing 994 of 5,000 contacts"
        );
        assert_eq!(shown_text(1, 1, Lang::En), "Showing 1 of 1 contact");
        assert_eq!(
            shown_text(994, 5000, Lang::Ru),
            "Показано 994 из 5\u{a0}000 контактов"
        );
        assert_eq!(shown_text(1, 21, Lang::Ru), "Показан 1 из 21 контакта");
        assert_eq!(shown_text(21, 23, Lang::Ru), "Показан 21 из 23 контактов");
        assert_eq!(shown_text(3, 11, Lang::Ru), "Показано 3 из 11 контактов");
        assert_eq!(field_label("icp", Lang::Ru), "Соответствует ICP");
        assert_eq!(field_label("employees", Lang::En), "Employees");
        assert_eq!(field_label("annual_revenue", Lang::En), "Annual revenue");
        assert_eq!(field_label("annual_revenue", Lang::Ru), "Annual revenue");
        assert_eq!(field_label("отрасль", Lang::En), "Отрасль");
        assert_eq!(field_label("lead__score_", Lang::En), "Lead score");
        assert_eq!(field_label("_", Lang::En), "_");
    }

    #[test]
    fn contact_counts_take_the_right_form() {
        let ru = |n| contacts_word(n, Lang::Ru);
        assert_eq!(
            [
                ru(1),
                ru(2),
                ru(5),
                ru(11),
                ru(21),
                ru(22),
                ru(112),
                ru(5000)
            ],
            [
                "контакт",
                "контакта",
                "контактов",
                "контактов",
                "контакт",
                "контакта",
                "контактов",
                "контактов"
            ]
        );
        assert_eq!(
            [contacts_word(1, Lang::En), contacts_word(0, Lang::En)],
            ["contact", "contacts"]
        );
    }

    #[test]
    fn errors_read_in_either_language() {
        let e = lifecycle_io::values::ValueError::Number {
            value: "сто тысяч".into(),
        };
        let text = Text::error(e);
        assert!(text.get(Lang::Ru).starts_with("«сто тысяч» — не число; "));
        let quota = Text::error(lifecycle_store::StoreError::QuotaExceeded).get(Lang::Ru);
        assert!(quota.starts_with("Место в хранилище браузера закончилось: "));
        assert_eq!(
            fill(Tr(Lang::Ru).file_unreadable(), &[("file", "a.csv")]),
            "браузер не смог прочитать файл «a.csv»"
        );
        assert!(
            text.get(Lang::En)
                .starts_with("«сто тысяч» is not a number; ")
        );
    }

    #[test]
    fn a_kept_text_reads_in_whichever_language_it_is_shown_in() {
        let quota = Text::error(lifecycle_store::StoreError::QuotaExceeded)
            .after("backup.json".into())
            .under(Tr::restore);
        assert!(
            quota
                .get(Lang::En)
                .starts_with("Restore from a backup: backup.json: The browser's storage")
        );
        assert!(
            quota
                .get(Lang::Ru)
                .starts_with("Восстановить из копии: backup.json: Место в хранилище браузера")
        );
        assert_eq!(Text::tr(Tr::deleted).get(Lang::Ru), "Все данные удалены.");
        assert_eq!(
            [
                events_word(1, Lang::En),
                events_word(3, Lang::Ru),
                events_word(120, Lang::Ru)
            ],
            ["event", "события", "событий"]
        );
    }

    #[test]
    fn created_contacts_take_the_right_form() {
        assert_eq!(
            contacts_created_text(1, Lang::En),
            "1 contact will be created for events or deals"
        );
        assert_eq!(
            contacts_created_text(1, Lang::Ru),
            "Будет создан 1 контакт для событий или сделок"
        );
        assert_eq!(
            contacts_created_text(3, Lang::Ru),
            "Будут созданы 3 контакта для событий или сделок"
        );
        assert_eq!(
            contacts_created_text(25, Lang::Ru),
            "Будет создано 25 контактов для событий или сделок"
        );
    }

    #[test]
    fn day_counts_take_the_right_form() {
        let ru = |n| days_word(n, Lang::Ru);
        assert_eq!(
            [ru(1), ru(2), ru(5), ru(11), ru(14), ru(21), ru(90), ru(365)],
            [
                "день", "дня", "дней", "дней", "дней", "день", "дней", "дней"
            ]
        );
        assert_eq!(
            [days_word(1, Lang::En), days_word(30, Lang::En)],
            ["day", "days"]
        );
    }

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
