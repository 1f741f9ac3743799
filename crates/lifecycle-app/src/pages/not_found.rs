use leptos::prelude::*;
use leptos_router::components::A;

use crate::BasePath;
use crate::components::shell::page_title;
use crate::i18n::use_tr;

#[component]
pub fn NotFound() -> impl IntoView {
    let tr = use_tr();
    page_title(move || tr().not_found_title().to_owned());
    let base = expect_context::<BasePath>();
    view! {
        <section class="card empty" data-testid="not-found">
            <h1>{move || tr().not_found_title()}</h1>
            <p>{move || tr().not_found_body()}</p>
            <A href=base.href("/")>{move || tr().back_home()}</A>
        </section>
    }
}
