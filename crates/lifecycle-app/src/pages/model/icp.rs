//! The ideal customer profile: its rule with errors in place, the fields it
//! may use, and how many contacts it takes now and with the edit.

use leptos::prelude::*;
use lifecycle_core::model::Place;

use super::{Draft, RuleProblem};
use crate::i18n::{I18n, contacts_word, fmt_int, use_tr};

#[component]
pub(super) fn IcpEditor(draft: Draft) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let errors = Memo::new(move |_| draft.errors_at(&Place::Icp));
    let rule = move || draft.model(|m| m.icp.clone());
    // The ICP's size under the saved model and under the debounced draft.
    let count = Memo::new(move |_| {
        let ws = draft.workspace.get()?;
        let model = draft
            .preview
            .get()
            .unwrap_or_else(|| ws.engine.model().clone());
        ws.engine.icp_count(&model, ws.today).ok()
    });
    let fields = move || {
        let mut names =
            draft.model(|m| m.fields.iter().map(|f| f.name.clone()).collect::<Vec<_>>());
        if let Some(ws) = draft.workspace.get() {
            names.extend(ws.engine.base().fields().iter().map(|f| f.name.clone()));
        }
        names.sort();
        names.dedup();
        names
    };
    let n = move |count: u32| {
        format!(
            "{} {}",
            fmt_int(i64::from(count), lang.get()),
            contacts_word(count as usize, lang.get())
        )
    };
    let counts = move || {
        let count = count.get()?;
        let changed = count.after != count.before || count.both != count.before;
        let delta = i64::from(count.after) - i64::from(count.before);
        Some(view! {
            <dl class="icp-counts">
                <div>
                    <dt>{move || tr().icp_now()}</dt>
                    <dd data-testid="icp-before">{n(count.before)}</dd>
                </div>
                <Show when=move || changed>
                    <div class="icp-after">
                        <dt>{move || tr().icp_with_edit()}</dt>
                        <dd data-testid="icp-after">
                            {n(count.after)}
                            <span class="delta">
                                {if delta > 0 { format!(" +{}", fmt_int(delta, lang.get())) } else if delta < 0 { format!(" −{}", fmt_int(-delta, lang.get())) } else { String::new() }}
                            </span>
                        </dd>
                    </div>
                </Show>
            </dl>
        })
    };
    view! {
        <section class="card" data-testid="icp">
            <h2>{move || tr().icp_title()}</h2>
            <p class="caption">{move || tr().icp_about()}</p>
            <label class="rule-label" for="icp-rule">{move || tr().icp_rule()}</label>
            <textarea
                id="icp-rule"
                class="rule-input mono"
                data-testid="icp-rule"
                spellcheck="false"
                rows=move || rule().lines().count().clamp(1, 6).to_string()
                aria-invalid=move || errors.with(|e| !e.is_empty()).to_string()
                aria-describedby="icp-errors"
                prop:value=rule
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    draft.edit(|m| m.icp = text);
                }
            ></textarea>
            <div id="icp-errors" class="rule-errors" aria-live="polite">
                {move || {
                    let rule = rule();
                    errors
                        .get()
                        .into_iter()
                        .map(|e| view! { <RuleProblem rule=rule.clone() error=e /> })
                        .collect_view()
                }}
            </div>
            <p class="known-fields">
                <span class="muted">{move || tr().fields_you_can_use()} " "</span>
                {move || fields().into_iter().map(|name| view! { <code class="field-chip">"field." {name}</code> }).collect_view()}
            </p>
            {counts}
        </section>
    }
}
