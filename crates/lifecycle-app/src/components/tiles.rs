//! One tile per stage: count, share of the base, change over the period.

use leptos::prelude::*;
use lifecycle_core::reports::StageChange;
use lifecycle_core::{Segment, Stage};

use crate::components::segment::segment_query;
use crate::i18n::{I18n, Lang, fmt_int, fmt_percent, use_tr};

/// A stage's label in the current language.
pub fn stage_label(stage: &Stage, lang: Lang) -> String {
    match lang {
        Lang::En => stage.label.en.clone(),
        Lang::Ru => stage.label.ru.clone(),
    }
}

/// The tiles, in the model's stage order.
#[component]
pub fn StageTiles(
    /// The model's stages.
    #[prop(into)]
    stages: Signal<Vec<Stage>>,
    /// Counts at the period's start and end, by stage, in the same order.
    #[prop(into)]
    changes: Signal<Vec<StageChange>>,
    /// The segment shown; each tile's link keeps it.
    #[prop(into)]
    segment: Signal<Segment>,
) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let base = expect_context::<crate::BasePath>();
    let tiles = move || {
        let stages = stages.get();
        let changes = changes.get();
        let total: u32 = changes.iter().map(|c| c.to).sum();
        stages
            .into_iter()
            .zip(changes)
            .map(|(stage, change)| {
                let share = if total == 0 { 0.0 } else { f64::from(change.to) / f64::from(total) };
                let delta_class = match change.change.signum() {
                    1 => "delta up",
                    -1 => "delta down",
                    _ => "delta",
                };
                let delta = move || {
                    let sign = if change.change > 0 { "+" } else { "" };
                    format!("{sign}{}", fmt_int(change.change, lang.get()))
                };
                let href = base.href(&format!(
                    "/contacts?stage={}{}",
                    stage.id,
                    segment.with(segment_query)
                ));
                view! {
                    <a
                        href=href
                        class="tile"
                        data-testid=format!("tile-{}", stage.id)
                        style:--stage-colour=stage.colour.clone()
                    >
                        <header>
                            <span class="dot" aria-hidden="true"></span>
                            <h2 title=stage_label(&stage, lang.get())>{stage_label(&stage, lang.get())}</h2>
                        </header>
                        <div class="figures">
                            <p class="count" data-testid="count">{fmt_int(change.to.into(), lang.get())}</p>
                            <span class=delta_class title=tr().vs_period_start()>{delta}</span>
                        </div>
                        <p class="meta">{fmt_percent(share, lang.get())} " " {tr().of_base()}</p>
                    </a>
                }
            })
            .collect_view()
    };
    view! { <div class="tiles" data-testid="stage-tiles">{tiles}</div> }
}
