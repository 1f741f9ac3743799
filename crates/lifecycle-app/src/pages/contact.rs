//! One contact: details, the current stage with its explanation, the stage
//! history, and every event.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use lifecycle_core::{BuiltinKind, Event, Lang};

use crate::BasePath;
use crate::components::tiles::stage_label;
use crate::i18n::{I18n, Text, Tr, fmt_date, fmt_number, use_tr};
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
    let params = use_params_map();
    let back = base_path.href("/contacts");
    // Outlives the page's re-render when the stored event changes the base.
    let outcome = RwSignal::new(None::<Result<(), Text>>);
    Effect::new(move |_| {
        params.track();
        outcome.set(None);
    });

    let page = move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        let ws = workspace.get()?;
        let engine = &ws.engine;
        let idx = engine.base().index_of(&id);
        let Some(idx) = idx else {
            return Some(view! { <section class="card empty" data-testid="contact-missing"><p>{move || tr().contact_not_found()}</p></section> }.into_any());
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

        let mut steps = vec![(None, history.initial)];
        steps.extend(history.transitions.iter().map(|t| (Some(t.date), t.to)));
        let timeline = steps
            .into_iter()
            .rev()
            .map(|(date, to)| {
                let s = &stages[to];
                view! {
                    <li>
                        <span class="badge" style:--stage-colour=s.colour.clone()>{stage_label(s, lang)}</span>
                        <time>{date.map(|d| fmt_date(d, lang)).unwrap_or_default()}</time>
                    </li>
                }
            })
            .collect_view();

        let mut events = engine.base().event_rows(idx);
        events.reverse();
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
        let t = tr();
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
                        </dl>
                        <h2>{t.timeline_title()}</h2>
                        <ol class="timeline" data-testid="timeline">{timeline}</ol>
                    </section>
                </div>
                <AddEvent contact=contact.id.clone() today=ws.today outcome=outcome />
                <section class="card">
                    <h2>{t.events_title()}</h2>
                    <table class="table" data-testid="events">
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
#[component]
fn AddEvent(
    contact: String,
    today: NaiveDate,
    outcome: RwSignal<Option<Result<(), Text>>>,
) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let db = use_db();
    let workspace = use_workspace();
    let kind = RwSignal::new(BuiltinKind::DealWon.as_str().to_owned());
    let date = RwSignal::new(today.to_string());
    let amount = RwSignal::new(String::new());
    let score = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
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
                    <span>{move || tr().event_date()}</span>
                    <input type="date" data-testid="event-date" required prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev)) />
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
    Date,
    Amount,
    Score { min: u8, max: u8 },
}

impl FormProblem {
    fn message(&self, t: Tr) -> String {
        match self {
            FormProblem::Date => t.event_bad_date().to_owned(),
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
    let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").map_err(|_| FormProblem::Date)?;
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
