//! The app's shared state: the loaded base with its engine, and the date the
//! app treats as today. Views read it through [`use_workspace`].

use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use leptos::prelude::*;
use lifecycle_core::demo::{DemoConfig, generate_range};
use std::sync::OnceLock;

use lifecycle_core::Histories;
use lifecycle_core::base::BaseBuilder;
use lifecycle_core::columns::{ColumnsError, EventColumns};
use lifecycle_core::reports::{
    DropOff, FunnelStep, Risk, Scope, StageChange, TrendPoint, month_ends,
};
use lifecycle_core::summary::{ContactSummary, SearchIndex, TextRanks};
use lifecycle_core::{
    Base, Classification, Compiled, Contact, ContactIdx, Engine, Event, Lang, Model, ModelError,
    ModelErrors, Segment, UnknownContacts, WhatIf,
};
use lifecycle_io::backup::{BackupReader, BackupWriter};
use lifecycle_io::import::{Applied, ImportPlan};

use crate::i18n::{Text, Tr};

/// The model a new base starts with.
pub fn default_model() -> Model {
    Model::preset("b2b").expect("b2b is a preset")
}

/// A loaded customer base, ready to answer questions as of `today`.
pub struct Workspace {
    pub engine: Engine,
    pub today: NaiveDate,
    /// The generation of the stored base this workspace shows (the store's
    /// commit record): set where it is read or written (storage.rs), `None`
    /// until then. A single edit is written onto that generation only.
    pub generation: Option<u32>,
    classification: OnceLock<Classification>,
    histories: OnceLock<Histories>,
    summaries: OnceLock<Vec<ContactSummary>>,
    search: OnceLock<SearchIndex>,
    text_ranks: OnceLock<TextRanks>,
}

impl Workspace {
    /// A generated demo base of `contacts` contacts, made a slice at a time:
    /// between slices it reports the share done and lets the browser paint.
    /// The base takes in each slice's contacts as they come (hashing ids and
    /// interning strings is most of building it); the events are put in
    /// place at the end, and each contact's put in order, in steps.
    pub async fn demo_in_slices(
        contacts: usize,
        today: NaiveDate,
        mut progress: impl FnMut(f64),
    ) -> Result<Workspace, Text> {
        const SLICE: usize = 5_000;
        let config = DemoConfig {
            contacts,
            seed: 42,
            as_of: today,
        };
        let mut builder = BaseBuilder::new(contacts);
        let mut events = EventColumns::default();
        for start in (0..contacts).step_by(SLICE) {
            let (rows, slice_events) = generate_range(&config, start..start + SLICE);
            let mut columns =
                EventColumns::from_events(&rows, &slice_events).map_err(Text::error)?;
            drop(slice_events);
            // The slice's events point into the slice: move them past the
            // contacts before it.
            for contact in &mut columns.contact {
                *contact += builder.len() as u32;
            }
            builder.push_contacts(rows).map_err(Text::error)?;
            events.extend(columns);
            progress((start + SLICE).min(contacts) as f64 / contacts.max(1) as f64);
            crate::browser::next_tick().await;
        }
        // Each contact's events are put in order in steps too: all at once,
        // 750,000 of them took one task of about 0.2 s.
        let mut finish = builder.finish_in_steps(events).map_err(Text::error)?;
        while !finish.step(SLICE * 4) {
            crate::browser::next_tick().await;
        }
        Workspace::from_base(finish.into_base(), None, today)
    }

    /// A workspace over a base read from the browser database
    /// (`Store::load_base`, the path the storage benchmark measures), with the
    /// stored model (its JSON). Without one (a base saved before models were
    /// stored), or if it no longer reads or compiles, the default model is
    /// used: the base is never lost over its model.
    pub fn from_base(base: Base, model: Option<&str>, today: NaiveDate) -> Result<Workspace, Text> {
        let model = model
            .and_then(|json| Model::from_json(json).ok())
            .filter(|model| Compiled::compile(model, &base).is_ok())
            .unwrap_or_else(default_model);
        let engine = Engine::new(base, model).map_err(Text::error)?;
        Ok(Workspace::with_engine(engine, today))
    }

    fn with_engine(engine: Engine, today: NaiveDate) -> Workspace {
        Workspace {
            engine,
            today,
            generation: None,
            classification: OnceLock::new(),
            histories: OnceLock::new(),
            summaries: OnceLock::new(),
            search: OnceLock::new(),
            text_ranks: OnceLock::new(),
        }
    }

    /// The same base with another model; the model's problems if it does
    /// not compile.
    pub fn with_model(&self, model: Model) -> Result<Workspace, ModelErrors> {
        let mut engine = self.engine.clone();
        engine.set_model(model)?;
        let mut next = Workspace::with_engine(engine, self.today);
        // A model saved is stored beside the same base.
        next.generation = self.generation;
        Ok(next)
    }

    /// Every problem of `model` against this base (rules may use the base's
    /// fields and kinds), or nothing.
    pub fn check(&self, model: &Model) -> Vec<ModelError> {
        Compiled::compile(model, self.engine.base())
            .err()
            .map(|ModelErrors(errors)| errors)
            .unwrap_or_default()
    }

    /// How contacts would move today under `model`.
    pub fn what_if(&self, model: &Model) -> Result<WhatIf, ModelErrors> {
        self.engine
            .what_if(model, self.today, Some(self.classification()))
    }

    /// Computes what the first dashboard reads (today's stages and every
    /// contact's history) ahead, a slice of contacts at a time with a repaint
    /// in between: done in the dashboard's first render, the histories of
    /// 100,000 contacts alone block the page for about 0.1-0.2 s.
    pub async fn warm_up(&self) {
        const SLICE: usize = 10_000;
        self.classification();
        crate::browser::next_tick().await;
        if self.histories.get().is_some() {
            return;
        }
        let mut histories = self.engine.histories_begin(self.today);
        while !self.engine.extend_histories(&mut histories, SLICE) {
            crate::browser::next_tick().await;
        }
        let _ = self.histories.set(histories);
    }

    /// Computes what the contact list reads (the table's facts, the search
    /// index, the text orders) ahead, one per browser task: done when the
    /// list opens, together they blocked the page for about 0.3 s. Run once
    /// the dashboard shows, so that it does not wait for them.
    pub async fn warm_up_list(&self) {
        self.summaries();
        crate::browser::next_tick().await;
        self.search_index();
        crate::browser::next_tick().await;
        self.text_ranks();
    }

    /// Lets go of a workspace no longer shown, one computed part per browser
    /// task, then the base: all at once, the histories, the list's facts and
    /// the base of 100,000 contacts blocked the page for about 0.1-0.2 s. A
    /// workspace still shared is left to its last holder.
    pub async fn release_in_steps(workspace: Arc<Workspace>) {
        let Ok(mut workspace) = Arc::try_unwrap(workspace) else {
            return;
        };
        drop(workspace.histories.take());
        crate::browser::next_tick().await;
        drop(workspace.summaries.take());
        crate::browser::next_tick().await;
        drop(workspace.search.take());
        drop(workspace.text_ranks.take());
        drop(workspace.classification.take());
        crate::browser::next_tick().await;
    }

    /// Every contact's table facts (last activity, deals, revenue) today,
    /// by contact index, computed once.
    pub fn summaries(&self) -> &[ContactSummary] {
        self.summaries
            .get_or_init(|| self.engine.summaries(self.today))
    }

    /// The contact search's index, computed once.
    pub fn search_index(&self) -> &SearchIndex {
        self.search
            .get_or_init(|| SearchIndex::new(self.engine.base().contacts()))
    }

    /// Each contact's place by name, source and owner, computed once, so
    /// that sorting the list is a sort of numbers.
    pub fn text_ranks(&self) -> &TextRanks {
        self.text_ranks
            .get_or_init(|| TextRanks::new(self.engine.base().contacts()))
    }

    /// Every contact's stage today, computed once.
    pub fn classification(&self) -> &Classification {
        self.classification
            .get_or_init(|| self.engine.classify(self.today))
    }

    /// A contact's name, or its id when it has none.
    pub fn contact_name(&self, idx: ContactIdx) -> (String, String) {
        let contact = self.engine.base().contact(idx);
        let name = if contact.name.is_empty() {
            contact.id.clone()
        } else {
            contact.name.clone()
        };
        (contact.id.clone(), name)
    }

    /// The model as the browser database keeps it.
    pub fn model_json(&self) -> String {
        self.engine.model().to_json()
    }

    /// A backup file of everything: the base, the model and `settings`,
    /// written a slice of contacts at a time (their events likewise) with a
    /// repaint in between and `progress` (the share done). All at once, a
    /// base of 100,000 contacts blocked the page for seconds.
    pub async fn backup_in_steps(
        &self,
        settings: serde_json::Value,
        mut progress: impl FnMut(f64),
    ) -> Result<String, Text> {
        const SLICE: usize = 5_000;
        let model = serde_json::to_value(self.engine.model()).map_err(|e| {
            let e = e.to_string();
            Text::new(move |_| e.clone())
        })?;
        let base = self.engine.base();
        let contacts = base.contacts();
        // Steps are counted in contacts, twice: their rows, then their events.
        let total = (2 * contacts.len()).max(1) as f64;
        let mut writer = BackupWriter::new(&model);
        for (n, slice) in contacts.chunks(SLICE).enumerate() {
            writer.contacts(slice);
            progress((n * SLICE + slice.len()) as f64 / total);
            crate::browser::next_tick().await;
        }
        for start in (0..contacts.len()).step_by(SLICE) {
            let end = (start + SLICE).min(contacts.len());
            let events: Vec<Event> = (start..end)
                .flat_map(|idx| base.event_rows(idx as ContactIdx))
                .collect();
            writer.events(&events);
            progress((contacts.len() + end) as f64 / total);
            crate::browser::next_tick().await;
        }
        Ok(writer.finish(&settings))
    }

    /// `current` (or an empty base) with an import `plan` applied, and what
    /// applying did; `current` and the plan are only read. Rows with errors are
    /// left out only when `accept_errors` says the user agreed. Built in steps,
    /// each followed by `progress` (the share done) and a repaint: the contacts
    /// a slice at a time (the base's, with the plan's updates, then the new
    /// ones), the events likewise, then each contact's events put in order.
    /// All at once, with the plan copied first, confirming an import into a
    /// base of 100,000 contacts blocked the page for seconds. `Ok(None)` when
    /// `stopped` says so between two steps: nothing was changed.
    pub async fn with_import_in_steps(
        current: Option<&Workspace>,
        plan: &ImportPlan,
        accept_errors: bool,
        today: NaiveDate,
        mut progress: impl FnMut(f64),
        stopped: impl Fn() -> bool,
    ) -> Result<Option<(Workspace, Applied)>, Text> {
        /// Contacts, or contacts' events, per step.
        const SLICE: usize = 5_000;
        /// New events per step.
        const EVENTS: usize = 20_000;
        let base = current.map(|w| w.engine.base());
        let slots = plan
            .slots(
                |id| base.and_then(|b| b.index_of(id)).map(|i| i as usize),
                accept_errors,
            )
            .map_err(Text::error)?;
        let old = base.map_or(0, Base::len);
        // For each contact of the base, the plan's update of it, if any.
        let mut updates: Vec<Option<&Contact>> = vec![None; old];
        for (slot, contact) in slots.into_iter().zip(&plan.updated_contacts) {
            updates[slot] = Some(contact);
        }
        let contacts = old + plan.new_contacts.len();
        // Steps are counted in contacts and events: the contacts, the base's
        // events (by contact), the new events, the ordering (by contact).
        let total = (2 * contacts + old + plan.new_events.len()).max(1) as f64;
        let mut done = 0;
        let mut next = async |done: usize| {
            progress(done as f64 / total);
            crate::browser::next_tick().await;
            !stopped()
        };
        let mut builder = BaseBuilder::new(contacts);
        if let Some(base) = base {
            for start in (0..old).step_by(SLICE) {
                let end = (start + SLICE).min(old);
                let rows = (start..end)
                    .map(|i| updates[i].unwrap_or(base.contact(i as ContactIdx)).clone())
                    .collect();
                builder.push_contacts(rows).map_err(Text::error)?;
                done += end - start;
                if !next(done).await {
                    return Ok(None);
                }
            }
        }
        drop(updates);
        for slice in plan.new_contacts.chunks(SLICE) {
            builder.push_contacts(slice.to_vec()).map_err(Text::error)?;
            done += slice.len();
            if !next(done).await {
                return Ok(None);
            }
        }
        let mut events = match base {
            Some(base) => {
                let mut events = base.columns_begin(base.event_count() + plan.new_events.len());
                for start in (0..old).step_by(SLICE) {
                    base.push_columns(start..start + SLICE, &mut events);
                    done += SLICE.min(old - start);
                    if !next(done).await {
                        return Ok(None);
                    }
                }
                events
            }
            None => EventColumns::default(),
        };
        for slice in plan.new_events.chunks(EVENTS) {
            let columns = EventColumns::from_events_by(&|id| builder.index_of(id), slice)
                .map_err(Text::error)?;
            events.extend(columns);
            if events.kinds.len() > usize::from(u8::MAX) + 1 {
                return Err(Text::error(ColumnsError::TooManyKinds));
            }
            done += slice.len();
            if !next(done).await {
                return Ok(None);
            }
        }
        let mut finish = builder.finish_in_steps(events).map_err(Text::error)?;
        while !finish.step(SLICE) {
            done += SLICE;
            if !next(done.min(total as usize)).await {
                return Ok(None);
            }
        }
        let model = current.map_or_else(default_model, |w| w.engine.model().clone());
        let engine = Engine::new(finish.into_base(), model).map_err(Text::error)?;
        Ok(Some((
            Workspace::with_engine(engine, today),
            plan.applied(),
        )))
    }

    /// A workspace from a backup file; a damaged or foreign file is refused
    /// with the reason. Read in steps, each followed by `progress` (the share
    /// done) and a repaint: the file's rows a slice at a time, then the base
    /// built from them likewise. All at once, a backup of 100,000 contacts
    /// blocked the page for several seconds.
    pub async fn restore_in_steps(
        bytes: &[u8],
        today: NaiveDate,
        mut progress: impl FnMut(f64),
    ) -> Result<Workspace, Text> {
        /// Rows of the file, or contacts of the base, per step.
        const SLICE: usize = 5_000;
        /// Events of the base per step.
        const EVENTS: usize = 20_000;
        // Reading the file is the first half of the work, building the base
        // the second.
        let mut reader = BackupReader::new(bytes).map_err(Text::error)?;
        crate::browser::next_tick().await;
        while !reader.step(SLICE).map_err(Text::error)? {
            progress(reader.progress() / 2.0);
            crate::browser::next_tick().await;
        }
        let backup = reader.finish().map_err(Text::error)?;
        let model: Model = serde_json::from_value(backup.model).map_err(|e| {
            let e = e.to_string();
            Text::new(move |lang| match lang {
                Lang::En => format!("the backup's model is unreadable: {e}"),
                Lang::Ru => Tr(Lang::Ru).backup_model_unreadable().to_owned(),
            })
        })?;
        let contacts = backup.contacts;
        let total = (2 * contacts.len() + backup.events.len()).max(1) as f64;
        let mut done = 0;
        let mut next = async |done: usize| {
            progress(0.5 + done as f64 / total / 2.0);
            crate::browser::next_tick().await;
        };
        let mut builder = BaseBuilder::new(contacts.len());
        for slice in contacts.chunks(SLICE) {
            builder.push_contacts(slice.to_vec()).map_err(Text::error)?;
            done += slice.len();
            next(done).await;
        }
        drop(contacts);
        let mut events = EventColumns::default();
        for slice in backup.events.chunks(EVENTS) {
            let columns = EventColumns::from_events_by(&|id| builder.index_of(id), slice)
                .map_err(Text::error)?;
            events.extend(columns);
            if events.kinds.len() > usize::from(u8::MAX) + 1 {
                return Err(Text::error(ColumnsError::TooManyKinds));
            }
            done += slice.len();
            next(done).await;
        }
        drop(backup.events);
        let mut finish = builder.finish_in_steps(events).map_err(Text::error)?;
        while !finish.step(SLICE) {
            done += SLICE;
            next(done.min(total as usize)).await;
        }
        let engine = Engine::new(finish.into_base(), model).map_err(Text::error)?;
        Ok(Workspace::with_engine(engine, today))
    }

    /// This workspace with one more event, and the event as the columns the
    /// browser database appends. A bad event (an unknown contact, a score out
    /// of range) is refused with the engine's reason and changes nothing.
    pub fn with_event(&self, event: Event) -> Result<(Workspace, EventColumns), Text> {
        let columns =
            EventColumns::from_events(self.engine.base().contacts(), std::slice::from_ref(&event))
                .map_err(Text::error)?;
        let mut engine = self.engine.clone();
        engine
            .add_events(vec![event], UnknownContacts::Reject)
            .map_err(Text::error)?;
        Ok((Workspace::with_engine(engine, self.today), columns))
    }

    pub fn contact_count(&self) -> usize {
        self.engine.base().len()
    }

    /// The contacts of `segment` (by their stage today), or `None` for the
    /// whole base when the segment filters nothing.
    pub fn scope(&self, segment: &Segment) -> Option<Vec<ContactIdx>> {
        if *segment == Segment::default() {
            return None;
        }
        // A filter the engine refuses selects nobody rather than everybody.
        Some(
            self.engine
                .select(&self.engine.classify(self.today), segment)
                .unwrap_or_default(),
        )
    }

    /// Stage counts today and `period_days` ago, read from the histories.
    pub fn stage_changes(&self, period_days: i64, scope: Scope<'_>) -> Vec<StageChange> {
        let from = self.today - Duration::days(period_days);
        self.engine
            .stage_change_in(self.histories(), from, self.today, scope)
    }

    /// Stage counts at each month end of the last `months` months, and today.
    pub fn monthly_trend(&self, months: u32, scope: Scope<'_>) -> Vec<TrendPoint> {
        let from = self.today - Duration::days(i64::from(months) * 31);
        let mut dates = month_ends(from, self.today);
        if dates.last() != Some(&self.today) {
            dates.push(self.today);
        }
        self.engine.trend(self.histories(), &dates, scope)
    }

    /// Every contact's stage history up to today, computed once.
    fn histories(&self) -> &Histories {
        self.histories
            .get_or_init(|| self.engine.histories(self.today))
    }

    /// The funnel in the model's funnel order, as of today.
    pub fn funnel(&self, scope: Scope<'_>) -> Vec<FunnelStep> {
        self.engine.funnel(self.histories(), self.today, scope)
    }

    /// Where contacts left the funnel in the last `period_days`.
    pub fn drop_off(&self, period_days: i64, scope: Scope<'_>) -> DropOff {
        let from = self.today - Duration::days(period_days);
        self.engine
            .drop_off(self.histories(), from, self.today, scope)
    }

    /// The customers most at risk, most valuable first, with their names.
    pub fn risks(&self, limit: usize, scope: Scope<'_>, lang: Lang) -> Vec<(Risk, String)> {
        let base = self.engine.base();
        let mut risks = self.engine.risk_list_in(self.classification(), scope, lang);
        risks.truncate(limit);
        risks
            .into_iter()
            .map(|risk| {
                let name = base.contact(risk.contact).name.clone();
                let name = if name.is_empty() {
                    risk.id.clone()
                } else {
                    name
                };
                (risk, name)
            })
            .collect()
    }
}

/// The loaded workspace, shared through context; `None` before any data.
#[derive(Clone, Copy)]
pub struct WorkspaceState(pub RwSignal<Option<Arc<Workspace>>>);

pub fn use_workspace() -> WorkspaceState {
    expect_context::<WorkspaceState>()
}
