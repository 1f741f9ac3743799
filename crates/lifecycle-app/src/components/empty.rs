//! What a page that needs the data shows without it.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::BasePath;
use crate::i18n::use_tr;
use crate::storage::{DbStatus, use_db};

/// "Opening your data…" while the stored base is read (a bookmarked deep
/// link must not say there is no data for the second that takes), else that
/// there is none yet, with the way to the dashboard's welcome.
#[component]
pub fn NoData(testid: &'static str) -> impl IntoView {
    let tr = use_tr();
    let db = use_db();
    let home = expect_context::<BasePath>().href("/");
    move || match db.status.get() {
        DbStatus::Opening => view! {
            <p class="card empty muted" data-testid="loading">{move || tr().opening_data()}</p>
        }
        .into_any(),
        _ => view! {
            <section class="card empty" data-testid=testid>
                <p>{move || tr().no_data_yet()}</p>
                <A href=home.clone()>{move || tr().to_dashboard()}</A>
            </section>
        }
        .into_any(),
    }
}
