//! The app's side of the browser database: opening it at start, loading the
//! base, saving changes, and hearing other tabs. Components use the functions
//! here; only this module talks to `lifecycle-store`.

use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use lifecycle_store::{Store, Subscription};

use crate::browser;
use crate::i18n::{Text, Tr};
use crate::state::{Workspace, WorkspaceState};

/// The database every tab of the app shares.
pub const DB_NAME: &str = "lifecycle";

/// The key of the model in use in the store's `models`.
pub const MODEL_KEY: &str = "active";

/// Where the app stands with its database.
#[derive(Debug, Clone, PartialEq)]
pub enum DbStatus {
    Opening,
    Ready,
    /// Another tab upgraded the database: this one must reload.
    Outdated,
    Failed(Text),
}

/// The open database and its status, shared through context.
#[derive(Clone, Copy)]
pub struct Db {
    store: StoredValue<Option<Rc<Store>>, LocalStorage>,
    subscription: StoredValue<Option<Subscription>, LocalStorage>,
    pub status: RwSignal<DbStatus>,
    /// An edit was refused because another tab wrote the base after this one
    /// read it (`store.changed`): the page offers a reload.
    pub changed_elsewhere: RwSignal<bool>,
    /// Loads of the stored base started (on start and on each other tab's
    /// write): only the latest one's base is shown.
    loads: StoredValue<u64, LocalStorage>,
    /// The generation of the stored base when it is empty and the page shows
    /// no workspace (a workspace carries its own): an import into nothing is
    /// written only onto nothing, not over another tab's import meanwhile.
    empty_generation: StoredValue<Option<u32>>,
}

impl Db {
    pub fn new() -> Db {
        Db {
            store: StoredValue::new_local(None),
            subscription: StoredValue::new_local(None),
            status: RwSignal::new(DbStatus::Opening),
            changed_elsewhere: RwSignal::new(false),
            loads: StoredValue::new_local(0),
            empty_generation: StoredValue::new(None),
        }
    }

    /// The stored base has been read and is shown (not still opening, not
    /// failed to load, not closed for another tab's newer version).
    pub fn ready(&self) -> bool {
        self.status.with(|s| *s == DbStatus::Ready)
    }

    /// Refuses an import planned onto the stored base of `planned` when the
    /// page now shows another (this tab reloaded after another tab's write
    /// meanwhile): the plan says what is new against a base no longer shown.
    /// The error is the store's own for such a write, and the page offers a
    /// reload.
    pub fn still_shown(
        &self,
        planned: Option<u32>,
        current: Option<&Workspace>,
    ) -> Result<(), Text> {
        let shown = self.generation_shown(current);
        if shown == planned {
            return Ok(());
        }
        Err(self.refused(lifecycle_store::StoreError::Changed {
            expected: planned.unwrap_or_default(),
            found: shown.unwrap_or_default(),
        }))
    }

    /// The generation of the stored base the page shows: `current`'s, or
    /// with no workspace shown, that of the empty base last read (`None`
    /// before the first load).
    pub fn generation_shown(&self, current: Option<&Workspace>) -> Option<u32> {
        match current {
            Some(workspace) => workspace.generation,
            None => self.empty_generation.get_value(),
        }
    }

    fn store(&self) -> Result<Rc<Store>, Text> {
        self.store
            .get_value()
            .ok_or_else(|| Text::tr(Tr::db_not_open))
    }

    /// Replaces the stored base and model with `workspace`'s (one
    /// transaction) and, once written, shows it: a base that replaces
    /// whatever is stored (the demo, a restored backup).
    pub async fn save(
        &self,
        workspace: Workspace,
        journal: &str,
        state: WorkspaceState,
    ) -> Result<(), Text> {
        self.save_onto(workspace, journal, None, state).await
    }

    /// [`Db::save`]; with `onto`, the generation of the stored base
    /// `workspace` was made from (an import into it), which must still be the
    /// one stored, else nothing is written and the page offers a reload.
    pub async fn save_onto(
        &self,
        mut workspace: Workspace,
        journal: &str,
        onto: Option<u32>,
        state: WorkspaceState,
    ) -> Result<(), Text> {
        let store = self.store()?;
        // A large base takes a while at each step: the browser paints and
        // takes input between them.
        browser::next_tick().await;
        let base = workspace.engine.base();
        // The events as the store writes them, 20,000 contacts' at a time.
        let mut events = base.columns_begin(base.event_count());
        for start in (0..base.len()).step_by(20_000) {
            base.push_columns(start..start + 20_000, &mut events);
            browser::next_tick().await;
        }
        let model = workspace.model_json();
        let model = Some((MODEL_KEY, model.as_str()));
        let written = match onto {
            Some(generation) => {
                store
                    .replace_parts_onto(base.contacts(), &events, model, journal, generation)
                    .await
            }
            None => {
                store
                    .replace_parts(base.contacts(), &events, model, journal)
                    .await
            }
        };
        let counts = written.map_err(|e| self.refused(e))?;
        drop(events);
        workspace.generation = Some(counts.generation);
        workspace.warm_up().await;
        show(state, workspace);
        // The user now has data worth keeping: the moment to ask the browser
        // not to evict it. The answer shows on the settings page.
        spawn_local(async {
            let _ = lifecycle_store::request_persistence().await;
        });
        Ok(())
    }

    /// Adds one event to the stored base (appended in one transaction, not a
    /// rewrite of the base) and shows the result. Only onto the stored base
    /// `current` shows: if another tab has written since, nothing is written
    /// and the page offers a reload.
    pub async fn add_event(
        &self,
        current: &Workspace,
        event: lifecycle_core::Event,
        state: WorkspaceState,
    ) -> Result<(), Text> {
        let store = self.store()?;
        let (mut next, events) = current.with_event(event)?;
        let part = lifecycle_store::StoredBase {
            contacts: Vec::new(),
            events,
        };
        let journal = "event added by hand";
        let written = match current.generation {
            Some(generation) => store.append_onto(&part, journal, generation).await,
            // Not read from the store nor written to it: nothing to compare.
            None => store.append(&part, journal).await,
        };
        let counts = written.map_err(|e| self.refused(e))?;
        next.generation = Some(counts.generation);
        show_and_warm_up(state, next);
        Ok(())
    }

    /// Stores `workspace`'s model (its base is the stored one) and, once
    /// written, shows it.
    pub async fn save_model(
        &self,
        workspace: Workspace,
        state: WorkspaceState,
    ) -> Result<(), Text> {
        let store = self.store()?;
        let json = workspace.model_json();
        let written = match workspace.generation {
            Some(generation) => store.put_model_onto(MODEL_KEY, &json, generation).await,
            None => store.put_model(MODEL_KEY, &json).await,
        };
        written.map_err(|e| self.refused(e))?;
        show_and_warm_up(state, workspace);
        Ok(())
    }

    /// A write's error in words; one refused because another tab changed the
    /// base also raises the reload prompt.
    fn refused(&self, error: lifecycle_store::StoreError) -> Text {
        if matches!(error, lifecycle_store::StoreError::Changed { .. }) {
            self.changed_elsewhere.set(true);
        }
        Text::error(error)
    }

    /// Deletes the base from the database and the screen.
    pub async fn clear(&self, state: WorkspaceState) -> Result<(), Text> {
        let empty = self.store()?.clear().await.map_err(Text::error)?;
        self.empty_generation.set_value(Some(empty.generation));
        state.0.set(None);
        Ok(())
    }
}

/// Shows `workspace` at once (the page that changed it reads one contact or
/// the model), then computes the whole base's classification and histories
/// in steps, so the dashboard or list opened next does not compute them in
/// one long task.
fn show_and_warm_up(state: WorkspaceState, workspace: Workspace) {
    let workspace = Arc::new(workspace);
    state.0.set(Some(workspace.clone()));
    spawn_local(async move {
        workspace.warm_up().await;
        // The end of the warm-up, which tests/e2e/bench-app.mjs waits for.
        browser::mark("lifecycle:warmed-up");
    });
}

pub fn use_db() -> Db {
    expect_context::<Db>()
}

/// Opens the database and loads the stored base into `state`; reloads it when
/// another tab writes.
pub fn start(db: Db, state: WorkspaceState) {
    spawn_local(async move {
        browser::mark("lifecycle:store-open");
        // While the database opens (the main thread waits on it), the load's
        // decoders run once over a small made-up base, so that the browser
        // has them compiled for speed when the stored base arrives.
        spawn_local(async {
            lifecycle_store::prime_load();
            browser::mark("lifecycle:store-primed");
        });
        let store = match Store::open(DB_NAME).await {
            Ok(store) => Rc::new(store),
            Err(error) => {
                db.status.set(DbStatus::Failed(Text::error(error)));
                return;
            }
        };
        browser::mark("lifecycle:store-opened");
        store.on_version_change(move || db.status.set(DbStatus::Outdated));
        db.store.set_value(Some(store.clone()));
        load_into(&store, db, state).await;
        let subscription = lifecycle_store::subscribe(DB_NAME, move || {
            spawn_local(async move {
                if let Ok(store) = db.store() {
                    load_into(&store, db, state).await;
                }
            });
        });
        db.subscription.set_value(subscription);
    });
}

/// Shows a warmed-up `workspace`, then warms up the contact list in the
/// background.
/// The workspace shown before is let go afterwards, a part at a time.
fn show(state: WorkspaceState, workspace: Workspace) {
    let workspace = Arc::new(workspace);
    let before = state
        .0
        .try_update(|shown| shown.replace(Arc::clone(&workspace)))
        .flatten();
    spawn_local(async move {
        workspace.warm_up_list().await;
        if let Some(before) = before {
            Workspace::release_in_steps(before).await;
        }
    });
}

async fn load_into(store: &Store, db: Db, state: WorkspaceState) {
    // Each load has a number: when another tab writes twice in a row, the
    // first load may finish after the second (a large base warms up for a
    // while, an empty one not at all), and must not replace it on screen.
    let ticket = db.loads.get_value() + 1;
    db.loads.set_value(ticket);
    let latest = move || db.loads.get_value() == ticket;
    // The base comes with the generation of the commit record read in the
    // same transaction: an edit names it, and is refused once another tab
    // has written since.
    let loaded = store.load_base(Some(MODEL_KEY)).await;
    // The first of these marks ends the cold open and load the storage
    // benchmark times from `lifecycle:store-open`.
    browser::mark("lifecycle:store-loaded");
    match loaded {
        Ok((base, _, counts)) if base.is_empty() => {
            if latest() {
                db.empty_generation.set_value(Some(counts.generation));
                state.0.set(None);
                db.changed_elsewhere.set(false);
                db.status.set(DbStatus::Ready);
            }
        }
        Ok((base, model, counts)) => {
            match Workspace::from_base(base, model.as_deref(), browser::today()) {
                Ok(mut workspace) => {
                    workspace.generation = Some(counts.generation);
                    workspace.warm_up().await;
                    if latest() {
                        show(state, workspace);
                        // This tab now shows what is stored: an edit refused
                        // before the reload need not be retried elsewhere.
                        db.changed_elsewhere.set(false);
                        db.status.set(DbStatus::Ready);
                    }
                }
                Err(error) => db.status.set(DbStatus::Failed(error)),
            }
        }
        Err(error) => db.status.set(DbStatus::Failed(Text::error(error))),
    }
}

/// What the settings page shows about storage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StorageUsage {
    pub used_bytes: f64,
    pub quota_bytes: f64,
    pub persisted: bool,
}

impl StorageUsage {
    pub async fn read() -> Result<StorageUsage, Text> {
        let usage = lifecycle_store::usage().await.map_err(Text::error)?;
        Ok(StorageUsage {
            used_bytes: usage.used_bytes,
            quota_bytes: usage.quota_bytes,
            persisted: usage.persisted,
        })
    }

    /// Asks for persistent storage; the browser's answer.
    pub async fn request_persistence() -> bool {
        lifecycle_store::request_persistence()
            .await
            .unwrap_or(false)
    }
}
