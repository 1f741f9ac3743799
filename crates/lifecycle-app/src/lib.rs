//! The Lifecycle web app: views and state over `lifecycle-core` (the engine)
//! and `lifecycle-store` (the browser database). No business logic lives here.

mod address;
mod browser;
mod components;
mod i18n;
mod pages;
mod state;
mod storage;

use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};

use crate::components::shell::Shell;
use crate::i18n::I18n;

/// The colour theme: `"system"`, `"light"` or `"dark"`.
#[derive(Clone, Copy)]
pub struct Theme(pub RwSignal<String>);

/// The dashboard's period in days when the address names none.
#[derive(Clone, Copy)]
pub struct DefaultPeriod(pub RwSignal<i64>);

/// The base path as a context, for links that must work under a sub-path.
#[derive(Clone)]
pub struct BasePath(pub String);

impl BasePath {
    /// `path` (starting with `/`) under the site's base path.
    pub fn href(&self, path: &str) -> String {
        format!("{}{}", self.0, path)
    }
}

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(browser::initial_lang());
    Effect::new(move |_| browser::remember_lang(lang.get()));
    provide_context(I18n(lang));
    let theme = RwSignal::new(browser::initial_theme());
    Effect::new(move |_| browser::apply_theme(&theme.get()));
    provide_context(Theme(theme));
    let period = RwSignal::new(pages::dashboard::initial_period());
    Effect::new(move |_| browser::remember_period(period.get()));
    provide_context(DefaultPeriod(period));
    let base = browser::base_path();
    provide_context(BasePath(base.clone()));
    let workspace = state::WorkspaceState(RwSignal::new(None));
    provide_context(workspace);
    let db = storage::Db::new();
    provide_context(db);
    storage::start(db, workspace);

    view! {
        <Router base=base>
            <Shell>
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("/") view=pages::dashboard::Dashboard />
                    <Route path=path!("/contacts") view=pages::contacts::Contacts />
                    <Route path=path!("/contacts/:id") view=pages::contact::ContactPage />
                    <Route path=path!("/import") view=pages::import::Import />
                    <Route path=path!("/model") view=pages::model::ModelPage />
                    <Route path=path!("/settings") view=pages::settings::Settings />
                </Routes>
            </Shell>
        </Router>
    }
}
