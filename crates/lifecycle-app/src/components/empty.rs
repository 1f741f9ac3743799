//! What a page that needs the data shows without it.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::BasePath;
use crate::i18n::use_tr;
use crate::storage::{Db, DbStatus, use_db};

/// While the stored base is being read, "Opening your data…"; when it could
/// not be read, why; once it is read, nothing (the page shows its own).
/// Read inside a reactive closure, it follows the store's status.
pub fn db_pending(db: Db) -> Option<AnyView> {
    let tr = use_tr();
    match db.status.get() {
        DbStatus::Opening => Some(
            view! {
                <p class="card empty muted" data-testid="loading">{move || tr().opening_data()}</p>
            }
            .into_any(),
        ),
        DbStatus::Failed(error) => Some(
            view! {
                <section class="card empty" data-testid="db-error" role="alert">
                    <h1>{move || tr().db_failed()}</h1>
                    <p>{error.show()}</p>
                </section>
            }
            .into_any(),
        ),
        DbStatus::Ready | DbStatus::Outdated => None,
    }
}

/// [`db_pending`] while the base is read (a bookmarked deep link must not say
/// there is no data for the second that takes), else that there is none yet,
/// with the way to the dashboard's welcome.
#[component]
pub fn NoData(testid: &'static str) -> impl IntoView {
    let tr = use_tr();
    let db = use_db();
    let home = expect_context::<BasePath>().href("/");
    move || {
        db_pending(db).unwrap_or_else(|| {
            view! {
                <section class="card empty" data-testid=testid>
                    <p>{move || tr().no_data_yet()}</p>
                    <A href=home.clone()>{move || tr().to_dashboard()}</A>
                </section>
            }
            .into_any()
        })
    }
}
