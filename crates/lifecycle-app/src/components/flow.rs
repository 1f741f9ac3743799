//! The funnel, the drop-off view and the risk list: where contacts go, where
//! they leave, and who is about to.

use leptos::prelude::*;
use lifecycle_core::Stage;
use lifecycle_core::reports::{DropOff, FunnelStep, Risk};

use crate::BasePath;
use crate::components::tiles::stage_label;
use crate::i18n::{I18n, Lang, fmt_int, fmt_percent, use_tr};

fn label_of(stages: &[Stage], id: &str, lang: Lang) -> String {
    stages
        .iter()
        .find(|s| s.id == id)
        .map_or_else(|| id.to_owned(), |s| stage_label(s, lang))
}

fn colour_of(stages: &[Stage], id: &str) -> String {
    stages
        .iter()
        .find(|s| s.id == id)
        .map_or_else(String::new, |s| s.colour.clone())
}

fn days(value: Option<f64>, lang: Lang) -> String {
    value.map_or_else(
        || "—".to_owned(),
        |d| {
            format!(
                "{} {}",
                fmt_int(d.round() as i64, lang),
                match lang {
                    Lang::En => "d",
                    Lang::Ru => "дн.",
                }
            )
        },
    )
}

/// Funnel steps as bars, with step conversion and time between steps.
#[component]
pub fn Funnel(
    #[prop(into)] stages: Signal<Vec<Stage>>,
    #[prop(into)] steps: Signal<Vec<FunnelStep>>,
) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let rows = move || {
        let stages = stages.get();
        let steps = steps.get();
        let lang = lang.get();
        let top = steps.iter().map(|s| s.reached).max().unwrap_or(0).max(1);
        steps
            .into_iter()
            .map(|step| {
                let width = format!("{:.1}%", f64::from(step.reached) / f64::from(top) * 100.0);
                view! {
                    <li data-testid=format!("funnel-{}", step.stage)>
                        <span class="flow-label">{label_of(&stages, &step.stage, lang)}</span>
                        <span class="bar-track">
                            <span class="bar" style:width=width style:--stage-colour=colour_of(&stages, &step.stage)></span>
                        </span>
                        <span class="num">{fmt_int(step.reached.into(), lang)}</span>
                        <span class="num muted">{step.conversion.map_or_else(|| "—".to_owned(), |c| fmt_percent(c, lang))}</span>
                        <span class="num muted" title=move || tr().funnel_median()>{days(step.median_days, lang)}</span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="flow-head">
            <span></span><span></span>
            <span class="num">{move || tr().funnel_reached()}</span>
            <span class="num">{move || tr().funnel_conversion()}</span>
            <span class="num">{move || tr().funnel_median()}</span>
        </div>
        <ol class="flow" data-testid="funnel">{rows}</ol>
    }
}

/// From which stage contacts went sleeping or lost; dormant to lost apart.
#[component]
pub fn DropOffView(
    #[prop(into)] stages: Signal<Vec<Stage>>,
    #[prop(into)] drop_off: Signal<DropOff>,
) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let rows = move || {
        let stages = stages.get();
        let lang = lang.get();
        let d = drop_off.get();
        let top = d
            .rows
            .iter()
            .map(|r| r.to_dormant + r.to_lost)
            .max()
            .unwrap_or(0)
            .max(1);
        d.rows
            .into_iter()
            .map(|row| {
                let left = row.to_dormant + row.to_lost;
                let width = format!("{:.1}%", f64::from(left) / f64::from(top) * 100.0);
                view! {
                    <tr data-testid=format!("dropoff-{}", row.stage)>
                        <td>{label_of(&stages, &row.stage, lang)}</td>
                        <td class="num">{fmt_int(row.entered.into(), lang)}</td>
                        <td class="num">{fmt_int(row.to_dormant.into(), lang)}</td>
                        <td class="num">{fmt_int(row.to_lost.into(), lang)}</td>
                        <td class="leak">
                            <span class="bar-track"><span class="bar danger" style:width=width></span></span>
                            <span class="num">{row.rate.map_or_else(|| "—".to_owned(), |r| fmt_percent(r, lang))}</span>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <table class="table" data-testid="drop-off">
            <thead>
                <tr>
                    <th>{move || tr().col_stage()}</th>
                    <th class="num">{move || tr().drop_entered()}</th>
                    <th class="num">{move || tr().drop_to_sleeping()}</th>
                    <th class="num">{move || tr().drop_to_lost()}</th>
                    <th>{move || tr().drop_rate()}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <p class="footnote" data-testid="dormant-to-lost">
            {move || format!("{}: {}", tr().drop_dormant_to_lost(), fmt_int(drop_off.with(|d| d.dormant_to_lost).into(), lang.get()))}
        </p>
    }
}

/// The most valuable customers at risk, each a link to its page.
#[component]
pub fn RiskList(
    #[prop(into)] stages: Signal<Vec<Stage>>,
    /// Risks with the contact's name.
    #[prop(into)]
    risks: Signal<Vec<(Risk, String)>>,
) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let base = expect_context::<BasePath>();
    let rows = move || {
        let stages = stages.get();
        let lang = lang.get();
        risks
            .get()
            .into_iter()
            .map(|(risk, name)| {
                let href = base.href(&format!("/contacts/{}", crate::browser::encode_component(&risk.id)));
                view! {
                    <tr>
                        <td><a href=href>{name}</a></td>
                        <td>
                            <span class="badge" style:--stage-colour=colour_of(&stages, &risk.stage)>
                                {label_of(&stages, &risk.stage, lang)}
                            </span>
                        </td>
                        <td class="num">{fmt_int(risk.value.round() as i64, lang)}</td>
                        <td class="muted">{risk.reasons.join("; ")}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <table class="table" data-testid="risk-list">
            <thead>
                <tr>
                    <th>{move || tr().col_name()}</th>
                    <th>{move || tr().col_stage()}</th>
                    <th class="num">{move || tr().col_revenue()}</th>
                    <th>{move || tr().risk_why()}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {move || risks.with(Vec::is_empty).then(|| view! {
            <p class="muted" data-testid="risk-empty">{move || tr().risk_none()}</p>
        })}
    }
}
