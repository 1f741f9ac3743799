//! One contact: details, the current stage with its explanation, the stage
//! history, and every event.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use lifecycle_core::{BuiltinKind, Event, FieldValue, Lang};

use crate::BasePath;
use crate::components::empty::db_pending;
use crate::components::shell::page_title;
use crate::components::tiles::stage_label;
use crate::i18n::{I18n, Text, Tr, field_label, fill, fmt_date, fmt_number, use_tr};
use crate::state::use_workspace;
use crate::storage::use_db;

/// An event kind in the page's language; a custom kind as written.
fn kind_label(kind: &str, lang: Lang) -> String {
    lifecycle_core::words::kind_label(kind, lang)
}

#[component]
pub fn ContactPage() -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let base_path = expect_context::<BasePath>();
    let workspace = use_workspace().0;
    let db = use_db();
    let params = use_params_map();
    // The contact's name, else the list's.
    page_title(move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        workspace
            .with(|ws| {
                let base = ws.as_ref()?.engine.base();
                Some(base.contact(base.index_of(&id)?).name.clone())
            })
            .unwrap_or_else(|| tr().nav_contacts().to_owned())
    });
    let back = base_path.href("/contacts");
    let home = base_path.href("/");
    let import = base_path.href("/import");
    let to_list = back.clone();
    // Outlives the page's re-render when the stored event changes the base.
    let outcome = RwSignal::new(None::<Result<(), Text>>);
    // So does what the add-event form holds: the page is drawn again when
    // the language changes or another tab's write is loaded, and a form
    // half filled in must not be emptied by it.
    let form = EventForm::new();
    Effect::new(move |first: Option<()>| {
        params.track();
        outcome.set(None);
        // Another contact's page: a new form, dated today.
        if first.is_some() {
            let today = workspace.with_untracked(|ws| ws.as_ref().map(|ws| ws.today));
            form.clear(
                today
                    .map(|d| fmt_date(d, lang.get_untracked()))
                    .unwrap_or_default(),
            );
        }
    });
    // The date typed is rewritten in the new language's way on a switch.
    Effect::new(move |before: Option<Lang>| {
        let now = lang.get();
        if before.is_some_and(|b| b != now)
            && let Ok(d) = read_date(&form.date.get_untracked())
        {
            form.date.set(fmt_date(d, now));
        }
        now
    });

    let page = move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        let Some(ws) = workspace.get() else {
            // Nothing stored (or not yet read): say so rather than show a
            // blank page, and point to where data comes from.
            return Some(db_pending(db).unwrap_or_else(|| {
                    let (home, import) = (home.clone(), import.clone());
                    view! {
                        <section class="card empty" data-testid="contact-no-data">
                            <h1>{move || tr().contact_no_data_title()}</h1>
                            <p>{move || tr().contact_no_data()}</p>
                            <p class="actions">
                                <A href=home attr:class="btn primary" attr:data-testid="to-welcome">{move || tr().to_welcome()}</A>
                                <A href=import attr:class="btn">{move || tr().import_title()}</A>
                            </p>
                        </section>
                    }
                    .into_any()
            }));
        };
        let engine = &ws.engine;
        let idx = engine.base().index_of(&id);
        let Some(idx) = idx else {
            let back = to_list.clone();
            return Some(view! {
                <section class="card empty" data-testid="contact-missing">
                    <h1>{move || tr().not_found_title()}</h1>
                    <p>{move || fill(tr().contact_not_found(), &[("id", &id)])}</p>
                    <p class="actions">
                        <A href=back attr:class="btn primary" attr:data-testid="to-contacts">{move || tr().back_to_contacts()}</A>
                    </p>
                </section>
            }.into_any());
        };
        let lang = lang.get();
        let contact = engine.base().contact(idx).clone();
        let explanation = engine.explain_in(idx, ws.today, lang)?;
        let history = engine.history(idx, ws.today)?;
        let stages = engine.stages();
        let stage = stages.iter().find(|s| s.id == explanation.stage)?.clone();
        let label_of = |id: &str| {
            stages
                .iter()
                .find(|s| s.id == id)
                .map(|s| stage_label(s, lang))
                .unwrap_or_else(|| id.to_owned())
        };

        let checks = explanation
            .checks
            .iter()
            .map(|check| {
                let reasons = check.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view();
                view! {
                    <li class=if check.matched { "check matched" } else { "check" }>
                        <span class="check-stage">{label_of(&check.stage)}</span>
                        <span class="check-verdict">{if check.matched { tr().matched() } else { tr().not_matched() }}</span>
                        <ul class="reasons">{reasons}</ul>
                    </li>
                }
            })
            .collect_view();

        // The stage before the first event has no transition of its own: it
        // holds since the contact was created or first did something,
        // whichever is earlier, and else (a change on that very day) until
        // the first change.
        let mut events = engine.base().event_rows(idx);
        let start = events.iter().map(|e| e.date).chain(contact.created).min();
        let first_change = history.transitions.first().map(|t| t.date);
        let t = tr();
        let initial = match (start, first_change) {
            (Some(s), Some(f)) if s >= f => (
                Some(f),
                format!("{} {}", t.timeline_before(), fmt_date(f, lang)),
            ),
            (Some(s), _) => (
                Some(s),
                format!("{} {}", t.timeline_since(), fmt_date(s, lang)),
            ),
            (None, _) => (None, t.timeline_no_events().to_owned()),
        };
        let mut steps = vec![(initial, history.initial, true)];
        steps.extend(
            history
                .transitions
                .iter()
                .map(|t| ((Some(t.date), fmt_date(t.date, lang)), t.to, false)),
        );
        let timeline = steps
            .into_iter()
            .rev()
            .map(|((date, shown), to, first)| {
                let s = &stages[to];
                view! {
                    <li title=first.then(|| t.timeline_initial())>
                        <span class="badge" style:--stage-colour=s.colour.clone()>{stage_label(s, lang)}</span>
                        <time datetime=date.map(|d| d.to_string())>{shown}</time>
                    </li>
                }
            })
            .collect_view();

        events.reverse();
        let no_events = events.is_empty();
        let events = events
            .into_iter()
            .map(|e| {
                let detail = [
                    e.amount.map(|a| fmt_number(a, lang)),
                    e.score.map(|s| format!("★ {s}")),
                    e.channel.clone(),
                    e.note.clone(),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
                view! {
                    <tr>
                        <td>{fmt_date(e.date, lang)}</td>
                        <td>{kind_label(&e.kind, lang)}</td>
                        <td>{detail}</td>
                    </tr>
                }
            })
            .collect_view();

        let fact = |label: &'static str, value: String| {
            (!value.is_empty()).then(|| view! { <dt>{label}</dt><dd>{value}</dd> })
        };
        Some(
            view! {
                <div class="page-head">
                    <div>
                        <h1 data-testid="contact-name">{contact.name.clone()}</h1>
                        <p class="lead">{contact.company.clone()}</p>
                    </div>
                    <span class="badge large" data-testid="contact-stage" style:--stage-colour=stage.colour.clone()>
                        {stage_label(&stage, lang)}
                    </span>
                </div>
                <div class="two-col">
                    <section class="card" data-testid="explanation">
                        <h2>{t.why_title()}</h2>
                        <ol class="checks">{checks}</ol>
                    </section>
                    <section class="card">
                        <h2>{t.details_title()}</h2>
                        <dl class="facts">
                            {fact(t.field_company(), contact.company.clone())}
                            {fact(t.field_email(), contact.email.clone())}
                            {fact(t.field_phone(), contact.phone.clone())}
                            {fact(t.col_source(), contact.source.clone())}
                            {fact(t.col_owner(), contact.owner.clone())}
                            {fact(t.field_tags(), contact.tags.join(", "))}
                            {fact(t.field_created(), contact.created.map(|d| fmt_date(d, lang)).unwrap_or_default())}
                            // The contact's own fields, which the ICP and the rules read.
                            {contact.fields.iter().map(|(name, value)| {
                                let value = match value {
                                    FieldValue::Text(text) => text.clone(),
                                    FieldValue::Number(n) => fmt_number(*n, lang),
                                    FieldValue::Bool(b) => if *b { t.yes() } else { t.no() }.to_owned(),
                                    FieldValue::Date(d) => fmt_date(*d, lang),
                                };
                                // Named in the page's language (a field the app does not
                                // know, as its column was headed); the stored name is kept
                                // for tests and tools.
                                view! { <dt class="field-name" data-field=name.clone()>{field_label(name, lang)}</dt><dd>{value}</dd> }
                            }).collect_view()}
                        </dl>
                        <h2>{t.timeline_title()}</h2>
                        <ol class="timeline" data-testid="timeline">{timeline}</ol>
                    </section>
                </div>
                <AddEvent contact=contact.id.clone() today=ws.today outcome=outcome form=form />
                <section class="card">
                    <h2>{t.events_title()}</h2>
                    {no_events.then(|| view! { <p class="muted" data-testid="events-none">{t.events_none()}</p> })}
                    <table class="table" data-testid="events" hidden=no_events>
                        <thead>
                            <tr>
                                <th scope="col">{t.events_col_date()}</th>
                                <th scope="col">{t.events_col_kind()}</th>
                                <th scope="col">{t.events_col_detail()}</th>
                            </tr>
                        </thead>
                        <tbody>{events}</tbody>
                    </table>
                </section>
            }
            .into_any(),
        )
    };
    view! {
        <A href=back attr:class="back">{move || format!("← {}", tr().back_to_contacts())}</A>
        {page}
    }
}

/// A form that adds one event to the contact by hand; the stage, explanation
/// and timeline above update as soon as it is stored.
/// What the add-event form holds, kept by the page across its re-renders.
#[derive(Clone, Copy)]
struct EventForm {
    kind: RwSignal<String>,
    /// Empty until the form first shows, which writes today's date in it.
    date: RwSignal<String>,
    amount: RwSignal<String>,
    score: RwSignal<String>,
    note: RwSignal<String>,
}

impl EventForm {
    fn new() -> EventForm {
        EventForm {
            kind: RwSignal::new(BuiltinKind::DealWon.as_str().to_owned()),
            date: RwSignal::new(String::new()),
            amount: RwSignal::new(String::new()),
            score: RwSignal::new(String::new()),
            note: RwSignal::new(String::new()),
        }
    }

    /// Back to a new form (another contact's page) dated `date`.
    fn clear(self, date: String) {
        self.kind.set(BuiltinKind::DealWon.as_str().to_owned());
        self.date.set(date);
        for field in [self.amount, self.score, self.note] {
            field.set(String::new());
        }
    }
}

#[component]
fn AddEvent(
    contact: String,
    today: NaiveDate,
    outcome: RwSignal<Option<Result<(), Text>>>,
    form: EventForm,
) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let db = use_db();
    let workspace = use_workspace();
    let EventForm {
        kind,
        date,
        amount,
        score,
        note,
    } = form;
    // The date as the language writes it (a browser's date input would
    // follow the browser's locale, not the app's language): today's, until
    // one is typed.
    if date.with_untracked(String::is_empty) {
        date.set(fmt_date(today, lang.get_untracked()));
    }
    let busy = RwSignal::new(false);
    let contact = StoredValue::new(contact);

    let kinds = move || {
        let lang = lang.get();
        let mut kinds: Vec<(String, String)> = BuiltinKind::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), k.label(lang).to_owned()))
            .collect();
        if let Some(ws) = workspace.0.get() {
            for custom in &ws.engine.model().kinds {
                if BuiltinKind::parse(&custom.name).is_none() {
                    kinds.push((custom.name.clone(), custom.name.clone()));
                }
            }
        }
        kinds
            .into_iter()
            .map(|(value, label)| view! { <option value=value>{label}</option> })
            .collect_view()
    };
    let scored = move || kind.with(|k| matches!(k.as_str(), "nps" | "review"));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(current) = workspace.0.get_untracked() else {
            return;
        };
        let event = match read_event(
            contact.get_value(),
            &kind.get_untracked(),
            &date.get_untracked(),
            &amount.get_untracked(),
            &score.get_untracked(),
            &note.get_untracked(),
        ) {
            Ok(event) => event,
            Err(problem) => {
                outcome.set(Some(Err(Text::new(move |lang| problem.message(Tr(lang))))));
                return;
            }
        };
        busy.set(true);
        spawn_local(async move {
            let result = db.add_event(&current, event, workspace).await;
            // On success the page re-renders with the new base and this form
            // with it: its own signals may be gone by now.
            if result.is_ok() {
                for field in [amount, score, note] {
                    let _ = field.try_set(String::new());
                }
            }
            outcome.set(Some(result.map_err(|e| e.under(Tr::event_not_added))));
            let _ = busy.try_set(false);
        });
    };

    view! {
        <section class="card add-event" data-testid="add-event">
            <h2>{move || tr().add_event_title()}</h2>
            <p class="caption">{move || tr().add_event_body()}</p>
            <form class="event-form" on:submit=submit>
                <label class="field">
                    <span>{move || tr().event_kind()}</span>
                    <select data-testid="event-kind" on:change=move |ev| kind.set(event_target_value(&ev)) prop:value=move || kind.get()>
                        {kinds}
                    </select>
                </label>
                <label class="field">
                    <span>
                        {move || tr().event_date()}
                        <small class="muted hint" id="event-date-hint">{move || tr().event_date_hint()}</small>
                    </span>
                    <input
                        type="text"
                        data-testid="event-date"
                        required
                        autocomplete="off"
                        placeholder=move || tr().event_date_placeholder()
                        aria-describedby="event-date-hint"
                        prop:value=move || date.get()
                        on:input=move |ev| date.set(event_target_value(&ev))
                    />
                </label>
                <label class="field">
                    <span>{move || tr().event_amount()}</span>
                    <input type="text" inputmode="decimal" data-testid="event-amount" prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev)) />
                </label>
                <Show when=scored>
                    <label class="field">
                        <span>{move || if kind.with(|k| k == "nps") { tr().event_score_nps() } else { tr().event_score_review() }}</span>
                        <input type="number" min="0" max="10" step="1" data-testid="event-score" prop:value=move || score.get() on:input=move |ev| score.set(event_target_value(&ev)) />
                    </label>
                </Show>
                <label class="field wide">
                    <span>{move || tr().event_note()}</span>
                    <input type="text" data-testid="event-note" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                </label>
                <div class="actions">
                    <button type="submit" class="btn primary" data-testid="event-add" disabled=move || busy.get()>
                        {move || tr().add_event()}
                    </button>
                </div>
            </form>
            {move || outcome.get().map(|o| match o {
                Ok(()) => view! { <p class="notice ok" role="status" data-testid="event-added">{tr().event_added()}</p> }.into_any(),
                Err(e) => view! { <p class="notice error" role="alert" data-testid="event-error">{e.show()}</p> }.into_any(),
            })}
        </section>
    }
}

/// What is wrong with the form, to show beside it.
enum FormProblem {
    Date(DateProblem),
    Amount,
    Score { min: u8, max: u8 },
}

/// What is wrong with a typed date.
#[derive(Debug, PartialEq)]
enum DateProblem {
    /// Nothing typed.
    Empty,
    /// Not a date in any form the field reads.
    Format(String),
    /// A date that does not exist, such as 30.02.2026.
    Unreal(String),
}

impl FormProblem {
    fn message(&self, t: Tr) -> String {
        match self {
            FormProblem::Date(DateProblem::Empty) => t.event_bad_date().to_owned(),
            FormProblem::Date(DateProblem::Format(text)) => {
                fill(t.event_date_format(), &[("text", text)])
            }
            FormProblem::Date(DateProblem::Unreal(text)) => {
                fill(t.event_date_unreal(), &[("text", text)])
            }
            FormProblem::Amount => t.event_bad_amount().to_owned(),
            FormProblem::Score { min, max } => format!("{} {min}–{max}", t.event_bad_score()),
        }
    }
}

/// The event the form describes; values are read the way the importer reads
/// them (`1 234,56` and `1,234.56` are both numbers).
fn read_event(
    contact: String,
    kind: &str,
    date: &str,
    amount: &str,
    score: &str,
    note: &str,
) -> Result<Event, FormProblem> {
    let date = read_date(date).map_err(FormProblem::Date)?;
    let amount = lifecycle_io::values::parse_number(amount).map_err(|_| FormProblem::Amount)?;
    let (min, max) = if kind == "review" { (1, 5) } else { (0, 10) };
    let score = if matches!(kind, "nps" | "review") {
        lifecycle_io::values::parse_score(score, min, max)
            .map_err(|_| FormProblem::Score { min, max })?
    } else {
        None
    };
    let note = note.trim();
    Ok(Event {
        contact,
        date,
        time: None,
        kind: kind.to_owned(),
        amount,
        score,
        channel: None,
        note: (!note.is_empty()).then(|| note.to_owned()),
    })
}

/// A date as a person types it in either language: `25.11.2026` (day,
/// month, year), `Nov 25, 2026`, `25 Nov 2026`, `25 ноября 2026` (a month's
/// name or its first three letters, English or Russian), or `2026-11-25`.
fn read_date(text: &str) -> Result<NaiveDate, DateProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DateProblem::Empty);
    }
    let format = || DateProblem::Format(text.to_owned());
    let number = |part: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let parts: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.' || c == '-' || c == '/')
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, c] = parts[..] else {
        return Err(format());
    };
    let (year, month, day) = if text.contains('-') && !text.contains('.') {
        // 2026-11-25
        (number(a, 4..=4), number(b, 1..=2), number(c, 1..=2))
    } else if let Some(month) = month_of(a) {
        // Nov 25, 2026
        (number(c, 4..=4), Some(month), number(b, 1..=2))
    } else if let Some(month) = month_of(b) {
        // 25 Nov 2026, 25 ноября 2026
        (number(c, 4..=4), Some(month), number(a, 1..=2))
    } else if text.contains('.') {
        // 25.11.2026
        (number(c, 4..=4), number(b, 1..=2), number(a, 1..=2))
    } else {
        return Err(format());
    };
    let (Some(year), Some(month), Some(day)) = (year, month, day) else {
        return Err(format());
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(format());
    }
    NaiveDate::from_ymd_opt(year as i32, month, day)
        .ok_or_else(|| DateProblem::Unreal(text.to_owned()))
}

/// The month a word names, in English or Russian, by its first three letters
/// (`nov`, `November`, `ноя`, `ноября`); May and «мая» are whole words.
fn month_of(word: &str) -> Option<u32> {
    const EN: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    const RU: [&str; 12] = [
        "янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
    ];
    let word = word.to_lowercase();
    if !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let prefix: String = word.chars().take(3).collect();
    if let Some(i) = EN.iter().position(|m| *m == prefix) {
        return Some(i as u32 + 1);
    }
    if matches!(word.as_str(), "май" | "мая") {
        return Some(5);
    }
    RU.iter().position(|m| *m == prefix).map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_typed_date_is_read_in_either_language() {
        for text in [
            "25.11.2026",
            " 25.11.2026 ",
            "Nov 25, 2026",
            "November 25 2026",
            "25 Nov 2026",
            "25 ноября 2026",
            "25 НОЯ 2026",
            "2026-11-25",
        ] {
            assert_eq!(read_date(text), Ok(d(2026, 11, 25)), "{text}");
        }
        assert_eq!(read_date("1.2.2026"), Ok(d(2026, 2, 1)));
        assert_eq!(read_date("3 мая 2026"), Ok(d(2026, 5, 3)));
        assert_eq!(read_date("May 3, 2026"), Ok(d(2026, 5, 3)));
        // What the page writes, it reads back.
        for lang in [Lang::En, Lang::Ru] {
            assert_eq!(read_date(&fmt_date(d(2024, 3, 9), lang)), Ok(d(2024, 3, 9)));
        }
    }

    #[test]
    fn a_bad_date_says_what_is_wrong() {
        assert_eq!(read_date("  "), Err(DateProblem::Empty));
        for text in [
            "11/25/2026",
            "25.11.26",
            "32.11.2026",
            "25.13.2026",
            "tomorrow",
            "Nox 25, 2026",
            "25.11",
        ] {
            assert_eq!(
                read_date(text),
                Err(DateProblem::Format(text.to_owned())),
                "{text}"
            );
        }
        assert_eq!(
            read_date("30.02.2026"),
            Err(DateProblem::Unreal("30.02.2026".into()))
        );
        let ru = FormProblem::Date(DateProblem::Format("32.11.2026".into())).message(Tr(Lang::Ru));
        assert_eq!(
            ru,
            "\u{ab}32.11.2026\u{bb} — не дата. Напишите день, месяц и год, например 25.11.2026."
        );
        let en =
            FormProblem::Date(DateProblem::Unreal("Feb 30, 2026".into())).message(Tr(Lang::En));
        assert_eq!(en, "There is no such day: \u{201c}Feb 30, 2026\u{201d}.");
    }
}
