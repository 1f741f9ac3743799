use leptos::prelude::*;

use crate::i18n::{I18n, Lang, use_tr};

#[component]
pub fn Settings() -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    view! {
        <h1>{move || tr().nav_settings()}</h1>
        <section class="card">
            <label class="field">
                <span>{move || tr().language()}</span>
                <select
                    data-testid="settings-language"
                    on:change=move |ev| {
                        if let Some(value) = Lang::parse(&event_target_value(&ev)) {
                            lang.set(value);
                        }
                    }
                    prop:value=move || lang.get().as_str()
                >
                    <option value="en">"English"</option>
                    <option value="ru">"Русский"</option>
                </select>
            </label>
        </section>
    }
}
