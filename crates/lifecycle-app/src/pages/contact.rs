//! One contact: details, the current stage with its explanation, the stage
//! history, and every event.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::BasePath;
use crate::components::tiles::stage_label;
use crate::i18n::{I18n, fmt_date, use_tr};
use crate::state::use_workspace;

#[component]
pub fn ContactPage() -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let base_path = expect_context::<BasePath>();
    let workspace = use_workspace().0;
    let params = use_params_map();
    let back = base_path.href("/contacts");

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
        let explanation = engine.explain(idx, ws.today)?;
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
                    e.amount.map(|a| format!("{a}")),
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
                        <td><code>{e.kind.clone()}</code></td>
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
