//! Lifecycle's browser storage: the only crate that touches IndexedDB.
//!
//! The app and the npm package talk to the browser database only through
//! [`Store`]. Every write goes through one IndexedDB transaction, so it is
//! applied entirely or not at all.
//!
//! ```no_run
//! # async fn demo() -> Result<(), lifecycle_store::StoreError> {
//! let store = lifecycle_store::Store::open("lifecycle").await?;
//! store.put_setting("language", "ru").await?;
//! assert_eq!(store.setting("language").await?.as_deref(), Some("ru"));
//! # Ok(()) }
//! ```

pub mod codec;
mod errors;
mod idb;

mod broadcast;
mod varint;

pub use broadcast::{Subscription, subscribe};

use idb::{Mode, await_request, await_transaction};
use js_sys::Array;
use lifecycle_core::base::BaseBuilder;
use lifecycle_core::columns::EventColumns;
use lifecycle_core::{Base, Contact};
use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use web_sys::{IdbDatabase, IdbObjectStore, IdbTransaction};

/// The schema version this code writes. Opening a database of an older version
/// upgrades it; see `docs/storage.md`.
pub const SCHEMA_VERSION: u32 = 3;

/// Object stores of the current schema version.
pub mod stores {
    /// The commit record: counts of everything below; written last in every
    /// write transaction.
    pub const META: &str = "meta";
    pub const CONTACTS: &str = "contacts";
    pub const EVENT_CHUNKS: &str = "event_chunks";
    pub const MODELS: &str = "models";
    pub const SETTINGS: &str = "settings";
    pub const JOURNAL: &str = "journal";
    pub const ALL: [&str; 6] = [META, CONTACTS, EVENT_CHUNKS, MODELS, SETTINGS, JOURNAL];
}

/// What can go wrong with the browser database, in words a person can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("this browser offers no IndexedDB (private mode or an old browser?)")]
    Unavailable,
    #[error(
        "the browser's storage quota is exhausted: free some space or delete old data; nothing was changed"
    )]
    QuotaExceeded,
    #[error(
        "the database was opened by a newer version of Lifecycle in another tab: reload this page"
    )]
    VersionConflict,
    #[error(
        "the database is blocked by another open tab: close the other Lifecycle tabs and reload"
    )]
    Blocked,
    #[error("the stored data is damaged ({0}); restore a backup or delete the data")]
    Damaged(String),
    #[error("the data to store is inconsistent: {0}")]
    Invalid(String),
    /// An edit (an event, a model, an import) made from a base another tab has
    /// written over since this one read it (the commit record's generation moved on).
    #[error(
        "the data was changed in another tab since this page read it: reload this page and try again; nothing was written"
    )]
    Changed { expected: u32, found: u32 },
    #[error("browser storage error: {0}")]
    Browser(String),
}

impl StoreError {
    pub(crate) fn from_js(value: JsValue) -> Self {
        if let Some(ex) = value.dyn_ref::<web_sys::DomException>() {
            return match ex.name().as_str() {
                "QuotaExceededError" => StoreError::QuotaExceeded,
                "VersionError" => StoreError::VersionConflict,
                _ => StoreError::Browser(format!("{}: {}", ex.name(), ex.message())),
            };
        }
        StoreError::Browser(value.as_string().unwrap_or_else(|| format!("{value:?}")))
    }
}

/// Events per stored chunk: a million events are 16 chunks, stored in one
/// record by `replace`.
pub const EVENTS_PER_CHUNK: usize = 65_536;
/// Contacts per stored chunk.
pub const CONTACTS_PER_CHUNK: usize = 16_384;

const META_KEY: &str = "base";

/// A customer base as stored: contacts in order, and their events as columns
/// whose `contact` entries index into `contacts`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredBase {
    pub contacts: Vec<Contact>,
    pub events: EventColumns,
}

/// What the store holds, without reading it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub contacts: u32,
    pub events: u32,
    pub contact_chunks: u32,
    pub event_chunks: u32,
    /// Moved on by every write of the base (a replace, an append, a clear;
    /// not a model or setting saved alone): an edit names the one it was
    /// made on ([`Store::append_onto`]) and is refused once it moved on.
    pub generation: u32,
}

impl Counts {
    fn to_js(self) -> JsValue {
        let array: Array = [
            self.contacts,
            self.events,
            self.contact_chunks,
            self.event_chunks,
            self.generation,
        ]
        .into_iter()
        .map(JsValue::from)
        .collect();
        array.into()
    }

    fn from_js(value: &JsValue) -> Option<Counts> {
        let array = value.dyn_ref::<Array>()?;
        let get = |i| array.get(i).as_f64().map(|v| v as u32);
        Some(Counts {
            contacts: get(0)?,
            events: get(1)?,
            contact_chunks: get(2)?,
            event_chunks: get(3)?,
            generation: get(4)?,
        })
    }
}

/// An open Lifecycle database.
pub struct Store {
    db: IdbDatabase,
    name: String,
}

impl Store {
    /// Opens (creating or upgrading as needed) the database called `name`.
    pub async fn open(name: &str) -> Result<Store, StoreError> {
        let db = idb::open(name, SCHEMA_VERSION, migrate).await?;
        Ok(Store {
            db,
            name: name.to_owned(),
        })
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The schema version of the open database.
    pub fn version(&self) -> u32 {
        self.db.version() as u32
    }

    /// Calls `on_change` when another tab opens this database with a newer
    /// schema. This connection is closed first, so the other tab can upgrade;
    /// the app must ask the user to reload.
    pub fn on_version_change(&self, on_change: impl Fn() + 'static) {
        let db = self.db.clone();
        let handler = Closure::<dyn Fn()>::new(move || {
            db.close();
            on_change();
        });
        self.db
            .set_onversionchange(Some(handler.as_ref().unchecked_ref()));
        // The handler lives as long as the page: one per connection.
        handler.forget();
    }

    /// What is stored, from the commit record alone.
    pub async fn counts(&self) -> Result<Counts, StoreError> {
        let tx = idb::transaction(&self.db, &[stores::META], Mode::Read)?;
        let meta = object_store(&tx, stores::META)?;
        read_counts(&meta).await
    }

    /// Reads the whole base: every chunk, checked against the commit record,
    /// and the events checked against the contacts.
    pub async fn load(&self) -> Result<StoredBase, StoreError> {
        Ok(self.load_with_model(None).await?.0)
    }

    /// Reads the whole base and, in the same transaction (so both are from
    /// the same write), the model stored under `model_id`.
    pub async fn load_with_model(
        &self,
        model_id: Option<&str>,
    ) -> Result<(StoredBase, Option<String>), StoreError> {
        let mut contacts = Vec::new();
        let (events, model, _) = self.read_base(&mut |_| {}, model_id, &mut contacts).await?;
        events
            .validate(contacts.len())
            .map_err(|e| StoreError::Damaged(e.to_string()))?;
        Ok((StoredBase { contacts, events }, model))
    }

    /// Reads the whole base straight into a [`Base`], with the model stored
    /// under `model_id` and the commit record (whose generation a later edit
    /// names, [`Store::append_onto`]) from the same transaction: what the app
    /// does on start. Each contact goes into the base as it is decoded, and the
    /// events are checked once, as [`Base::from_columns`] checks them; a base
    /// they refuse is damaged.
    pub async fn load_base(
        &self,
        model_id: Option<&str>,
    ) -> Result<(Base, Option<String>, Counts), StoreError> {
        self.load_base_timed(&mut mark_step, model_id).await
    }

    /// [`Store::load_base`], calling `lap` with the name of each step as it
    /// ends: the browser benchmark times them.
    #[doc(hidden)]
    pub async fn load_base_timed(
        &self,
        lap: &mut dyn FnMut(&'static str),
        model_id: Option<&str>,
    ) -> Result<(Base, Option<String>, Counts), StoreError> {
        let mut builder = BaseBuilder::new(0);
        let (events, model, counts) = self.read_base(lap, model_id, &mut builder).await?;
        let base = builder
            .finish(events)
            .map_err(|e| StoreError::Damaged(e.to_string()))?;
        lap("events into the base");
        Ok((base, model, counts))
    }

    /// Reads and decodes every chunk, the contacts into `contacts`, and
    /// checks the counts against the commit record, and reads the model
    /// stored under `model_id` in the same transaction, giving the commit
    /// record read with them; the events are not yet checked against the
    /// contacts.
    async fn read_base(
        &self,
        lap: &mut dyn FnMut(&'static str),
        model_id: Option<&str>,
        contacts: &mut dyn Contacts,
    ) -> Result<(EventColumns, Option<String>, Counts), StoreError> {
        let tx = idb::transaction(
            &self.db,
            &[
                stores::META,
                stores::CONTACTS,
                stores::EVENT_CHUNKS,
                stores::MODELS,
            ],
            Mode::Read,
        )?;
        // Requests are answered in the order they are made: the commit record
        // first, so the contacts can be decoded while the browser still reads
        // the events.
        let counts = object_store(&tx, stores::META)?
            .get(&JsValue::from_str(META_KEY))
            .map_err(StoreError::from_js)?;
        let model = match model_id {
            Some(id) => Some(
                object_store(&tx, stores::MODELS)?
                    .get(&JsValue::from_str(id))
                    .map_err(StoreError::from_js)?,
            ),
            None => None,
        };
        let contact_chunks = object_store(&tx, stores::CONTACTS)?
            .get_all()
            .map_err(StoreError::from_js)?;
        let event_chunks = object_store(&tx, stores::EVENT_CHUNKS)?
            .get_all()
            .map_err(StoreError::from_js)?;
        lap("requests issued");
        let counts = counts_of(&await_request(&counts).await?)?;
        lap("commit record read");
        reserve_memory(
            (counts.contacts as usize)
                .saturating_mul(BYTES_PER_CONTACT)
                .saturating_add((counts.events as usize).saturating_mul(BYTES_PER_EVENT)),
        );
        // The contacts are decoded before the events' result is taken.
        let contact_records: Array = await_request(&contact_chunks).await?.unchecked_into();
        lap("contact chunks read");
        let contact_chunks = chunks_of(&contact_records);
        drop(contact_records);
        check_chunk_count("contact", counts.contact_chunks, contact_chunks.len())?;
        // Room made once for the contacts the commit record counts (at most
        // what its chunks can hold, should the record be damaged), each
        // contact decoded straight into its place.
        contacts.reserve((counts.contacts as usize).min(contact_chunks.len() * CONTACTS_PER_CHUNK));
        for chunk in &contact_chunks {
            contacts.decode(&bytes_of(chunk))?;
        }
        drop(contact_chunks);
        lap("decode contacts into the base");
        let event_records: Array = await_request(&event_chunks).await?.unchecked_into();
        lap("event chunks read");
        let event_chunks = chunks_of(&event_records);
        drop(event_records);
        check_chunk_count("event", counts.event_chunks, event_chunks.len())?;
        // Every chunk decoded straight onto the end of one set of columns,
        // sized once for the events the commit record counts (at most what
        // its chunks can hold, should the record be damaged).
        let capacity = (counts.events as usize).min(event_chunks.len() * EVENTS_PER_CHUNK);
        let mut events = EventColumns {
            contact: Vec::with_capacity(capacity),
            day: Vec::with_capacity(capacity),
            time: Vec::with_capacity(capacity),
            kind: Vec::with_capacity(capacity),
            score: Vec::with_capacity(capacity),
            amount: Vec::with_capacity(capacity),
            channel: Vec::with_capacity(capacity),
            note: Vec::with_capacity(capacity),
            ..EventColumns::default()
        };
        for chunk in &event_chunks {
            codec::decode_events_into(&mut events, &bytes_of(chunk))?;
        }
        lap("decode events");
        let model = match model {
            Some(request) => await_request(&request).await?.as_string(),
            None => None,
        };
        if contacts.len() != counts.contacts as usize || events.len() != counts.events as usize {
            return Err(StoreError::Damaged(format!(
                "the commit record counts {} contacts and {} events, the chunks hold {} and {}",
                counts.contacts,
                counts.events,
                contacts.len(),
                events.len()
            )));
        }
        Ok((events, model, counts))
    }

    /// Replaces everything stored with `base`, in one strict transaction: after
    /// a crash, a closed tab or a full disk the database holds either the old
    /// base or the new one, never a mix.
    pub async fn replace(&self, base: &StoredBase, journal: &str) -> Result<Counts, StoreError> {
        self.replace_with_model(base, None, journal).await
    }

    /// [`Store::replace`], and in the same transaction stores `model` (an id
    /// and the model's JSON): the base and the model it is read with are
    /// written together or not at all.
    pub async fn replace_with_model(
        &self,
        base: &StoredBase,
        model: Option<(&str, &str)>,
        journal: &str,
    ) -> Result<Counts, StoreError> {
        self.replace_parts(&base.contacts, &base.events, model, journal)
            .await
    }

    /// [`Store::replace_with_model`] from borrowed parts: an app that holds
    /// the contacts in its engine writes them without copying them first.
    pub async fn replace_parts(
        &self,
        contacts: &[Contact],
        events: &EventColumns,
        model: Option<(&str, &str)>,
        journal: &str,
    ) -> Result<Counts, StoreError> {
        self.replace_checked(contacts, events, model, journal, None)
            .await
    }

    /// [`Store::replace_parts`] in place of the stored base of `generation`
    /// only (see [`Store::append_onto`]): a new base made from the one this
    /// tab read (an import into it) does not overwrite what another tab wrote
    /// since. Otherwise nothing is written and the error is
    /// [`StoreError::Changed`].
    pub async fn replace_parts_onto(
        &self,
        contacts: &[Contact],
        events: &EventColumns,
        model: Option<(&str, &str)>,
        journal: &str,
        generation: u32,
    ) -> Result<Counts, StoreError> {
        self.replace_checked(contacts, events, model, journal, Some(generation))
            .await
    }

    async fn replace_checked(
        &self,
        contacts: &[Contact],
        events: &EventColumns,
        model: Option<(&str, &str)>,
        journal: &str,
        generation: Option<u32>,
    ) -> Result<Counts, StoreError> {
        let tx = self.write_transaction()?;
        let result = async {
            let meta = object_store(&tx, stores::META)?;
            let old = read_counts(&meta).await?;
            check_generation(old, generation)?;
            let counts = Counts {
                contacts: contacts.len() as u32,
                events: events.len() as u32,
                contact_chunks: contacts.len().div_ceil(CONTACTS_PER_CHUNK) as u32,
                event_chunks: events.len().div_ceil(EVENTS_PER_CHUNK) as u32,
                generation: old.generation.wrapping_add(1),
            };
            let contact_store = object_store(&tx, stores::CONTACTS)?;
            let event_store = object_store(&tx, stores::EVENT_CHUNKS)?;
            contact_store.clear().map_err(StoreError::from_js)?;
            event_store.clear().map_err(StoreError::from_js)?;
            if let Some((id, json)) = model {
                object_store(&tx, stores::MODELS)?
                    .put_with_key(&JsValue::from_str(json), &JsValue::from_str(id))
                    .map_err(StoreError::from_js)?;
            }
            put_chunks(&contact_store, 0, contact_chunks(contacts)).await?;
            put_chunks(&event_store, 0, event_chunks(events)).await?;
            self.finish_write(&tx, &meta, counts, journal).await
        }
        .await;
        abort_on_error(&tx, result)
    }

    /// Adds contacts and events (their `contact` entries index into the stored
    /// contacts followed by `base.contacts`) as new chunks, in one strict
    /// transaction.
    pub async fn append(&self, base: &StoredBase, journal: &str) -> Result<Counts, StoreError> {
        self.append_checked(base, journal, None).await
    }

    /// [`Store::append`] onto the stored base of `generation` only (the
    /// generation of the [`Counts`] this tab read or last wrote): if another
    /// tab has written since, nothing is written and the error is
    /// [`StoreError::Changed`]. The generation is read inside the write's own
    /// transaction, so no other write can come in between. Events index
    /// contacts by position: appended onto another base, they would land on
    /// other contacts.
    pub async fn append_onto(
        &self,
        base: &StoredBase,
        journal: &str,
        generation: u32,
    ) -> Result<Counts, StoreError> {
        self.append_checked(base, journal, Some(generation)).await
    }

    async fn append_checked(
        &self,
        base: &StoredBase,
        journal: &str,
        generation: Option<u32>,
    ) -> Result<Counts, StoreError> {
        let new_contact_chunks = base.contacts.len().div_ceil(CONTACTS_PER_CHUNK) as u32;
        let new_event_chunks = base.events.len().div_ceil(EVENTS_PER_CHUNK) as u32;
        let tx = self.write_transaction()?;
        let result = async {
            let meta = object_store(&tx, stores::META)?;
            let old = read_counts(&meta).await?;
            check_generation(old, generation)?;
            let total_contacts = old.contacts as usize + base.contacts.len();
            base.events
                .validate(total_contacts)
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            // The new chunks go in one record per store after the records
            // there (keys 0, 1, ... with no gaps).
            let contact_store = object_store(&tx, stores::CONTACTS)?;
            let next = record_count(&contact_store).await?;
            put_chunks(&contact_store, next, contact_chunks(&base.contacts)).await?;
            let event_store = object_store(&tx, stores::EVENT_CHUNKS)?;
            let next = record_count(&event_store).await?;
            put_chunks(&event_store, next, event_chunks(&base.events)).await?;
            let counts = Counts {
                contacts: total_contacts as u32,
                events: old.events + base.events.len() as u32,
                contact_chunks: old.contact_chunks + new_contact_chunks,
                event_chunks: old.event_chunks + new_event_chunks,
                generation: old.generation.wrapping_add(1),
            };
            self.finish_write(&tx, &meta, counts, journal).await
        }
        .await;
        abort_on_error(&tx, result)
    }

    /// Deletes the base, the models and the journal; keeps settings. The
    /// commit record stays, counting nothing, with the next generation: a tab
    /// that read the base before cannot take a base stored later for it.
    /// Gives that commit record.
    pub async fn clear(&self) -> Result<Counts, StoreError> {
        let all = [
            stores::META,
            stores::CONTACTS,
            stores::EVENT_CHUNKS,
            stores::MODELS,
            stores::JOURNAL,
        ];
        let tx = idb::transaction(&self.db, &all, Mode::StrictWrite)?;
        let result = async {
            let meta = object_store(&tx, stores::META)?;
            let old = read_counts(&meta).await?;
            for store in all {
                object_store(&tx, store)?
                    .clear()
                    .map_err(StoreError::from_js)?;
            }
            let empty = Counts {
                generation: old.generation.wrapping_add(1),
                ..Counts::default()
            };
            meta.put_with_key(&empty.to_js(), &JsValue::from_str(META_KEY))
                .map_err(StoreError::from_js)?;
            await_transaction(&tx).await?;
            Ok(empty)
        }
        .await;
        let empty = abort_on_error(&tx, result)?;
        broadcast::changed(&self.name);
        Ok(empty)
    }

    /// Stores a lifecycle model (as JSON) under `id`, flushed to disk before
    /// it reports success (the app says "Saved" on it).
    pub async fn put_model(&self, id: &str, json: &str) -> Result<(), StoreError> {
        self.put_text(stores::MODELS, id, json, Mode::StrictWrite)
            .await
    }

    /// [`Store::put_model`] for the stored base of `generation` only (see
    /// [`Store::append_onto`]): if another tab has written a base since,
    /// nothing is written and the error is [`StoreError::Changed`].
    pub async fn put_model_onto(
        &self,
        id: &str,
        json: &str,
        generation: u32,
    ) -> Result<(), StoreError> {
        let tx = idb::transaction(&self.db, &[stores::META, stores::MODELS], Mode::StrictWrite)?;
        let result = async {
            let old = read_counts(&object_store(&tx, stores::META)?).await?;
            check_generation(old, Some(generation))?;
            object_store(&tx, stores::MODELS)?
                .put_with_key(&JsValue::from_str(json), &JsValue::from_str(id))
                .map_err(StoreError::from_js)?;
            await_transaction(&tx).await
        }
        .await;
        abort_on_error(&tx, result)?;
        broadcast::changed(&self.name);
        Ok(())
    }

    /// A stored model's JSON.
    pub async fn model(&self, id: &str) -> Result<Option<String>, StoreError> {
        self.text(stores::MODELS, id).await
    }

    /// Stores a setting; replaces any earlier value.
    pub async fn put_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.put_text(stores::SETTINGS, key, value, Mode::Write)
            .await
    }

    /// Reads a setting, `None` if it was never stored.
    pub async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.text(stores::SETTINGS, key).await
    }

    /// The journal: one line per write, oldest first.
    pub async fn journal(&self) -> Result<Vec<String>, StoreError> {
        let tx = idb::transaction(&self.db, &[stores::JOURNAL], Mode::Read)?;
        let request = object_store(&tx, stores::JOURNAL)?
            .get_all()
            .map_err(StoreError::from_js)?;
        let all: Array = await_request(&request).await?.unchecked_into();
        Ok(all.iter().filter_map(|v| v.as_string()).collect())
    }

    /// Closes the connection; later calls on this store fail.
    pub fn close(&self) {
        self.db.close();
    }

    /// Deletes the database called `name` with everything in it.
    pub async fn delete(name: &str) -> Result<(), StoreError> {
        idb::delete(name).await
    }

    fn write_transaction(&self) -> Result<IdbTransaction, StoreError> {
        idb::transaction(
            &self.db,
            &[
                stores::META,
                stores::CONTACTS,
                stores::EVENT_CHUNKS,
                stores::MODELS,
                stores::JOURNAL,
            ],
            Mode::StrictWrite,
        )
    }

    async fn finish_write(
        &self,
        tx: &IdbTransaction,
        meta: &IdbObjectStore,
        counts: Counts,
        journal: &str,
    ) -> Result<Counts, StoreError> {
        meta.put_with_key(&counts.to_js(), &JsValue::from_str(META_KEY))
            .map_err(StoreError::from_js)?;
        let line = format!("{}\t{journal}", js_sys::Date::new_0().to_iso_string());
        let journal = object_store(tx, stores::JOURNAL)?;
        // Entries are numbered 1, 2, ... in the order written.
        let count = journal.count().map_err(StoreError::from_js)?;
        let next = await_request(&count).await?.as_f64().unwrap_or(0.0) + 1.0;
        journal
            .put_with_key(&JsValue::from_str(&line), &JsValue::from(next))
            .map_err(StoreError::from_js)?;
        await_transaction(tx).await?;
        broadcast::changed(&self.name);
        Ok(counts)
    }

    async fn put_text(
        &self,
        store: &str,
        key: &str,
        value: &str,
        mode: Mode,
    ) -> Result<(), StoreError> {
        let tx = idb::transaction(&self.db, &[store], mode)?;
        object_store(&tx, store)?
            .put_with_key(&JsValue::from_str(value), &JsValue::from_str(key))
            .map_err(StoreError::from_js)?;
        await_transaction(&tx).await?;
        broadcast::changed(&self.name);
        Ok(())
    }

    async fn text(&self, store: &str, key: &str) -> Result<Option<String>, StoreError> {
        let tx = idb::transaction(&self.db, &[store], Mode::Read)?;
        let request = object_store(&tx, store)?
            .get(&JsValue::from_str(key))
            .map_err(StoreError::from_js)?;
        Ok(await_request(&request).await?.as_string())
    }
}

/// Brings a database from `old_version` (0 when new) to [`SCHEMA_VERSION`],
/// inside the version-change transaction: a failure leaves the old version.
///
/// - 1: contacts, event_chunks, models, settings, journal (the first release;
///   only settings were written). Later releases still at version 1 added
///   `meta` and wrote bases: a commit record and format-1 chunks.
/// - 2: adds `meta`, the commit record every write ends with, where missing.
/// - 3: a write puts its chunks as one record per store (an array of
///   chunks); the one-chunk records of versions 1 and 2 read as they are.
fn migrate(db: &IdbDatabase, _old_version: u32) -> Result<(), StoreError> {
    let has = |store: &str| db.object_store_names().contains(store);
    for store in stores::ALL {
        if !has(store) {
            db.create_object_store(store).map_err(StoreError::from_js)?;
        }
    }
    // Version 1 without `meta` never wrote its chunk stores: with no commit
    // record its base reads as empty, which it was. Version 1 with `meta`
    // already wrote version 2's commit record, and its format-1 chunks are
    // read as they are. Every record carries over unchanged (see
    // docs/storage.md). Later versions convert records here, version by
    // version.
    Ok(())
}

/// Passes on a write's outcome; on an error, first aborts its transaction.
/// IndexedDB commits a transaction by itself once no request is pending, so a
/// write whose step failed before issuing its request (a `put` that throws,
/// say, `QuotaExceededError`) would otherwise commit the requests issued
/// before it: a `replace` would leave its stores cleared and half-filled.
/// Aborting a transaction that already ended fails harmlessly.
fn abort_on_error<T>(tx: &IdbTransaction, result: Result<T, StoreError>) -> Result<T, StoreError> {
    if result.is_err() {
        let _ = tx.abort();
    }
    result
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `performance.mark(name)`, on the page's timeline (windows and workers).
    #[wasm_bindgen(catch, js_namespace = performance, js_name = mark)]
    fn performance_mark(name: &str) -> Result<JsValue, JsValue>;
}

/// Marks the end of a step of [`Store::load_base`] on the performance
/// timeline as `lifecycle:store:<step>` (a few marks a load): the app's
/// cold-load benchmark reads them.
/// Where there is no performance timeline, nothing is marked.
fn mark_step(step: &'static str) {
    let _ = performance_mark(&format!("lifecycle:store:{step}"));
}

fn object_store(tx: &IdbTransaction, name: &str) -> Result<IdbObjectStore, StoreError> {
    tx.object_store(name).map_err(StoreError::from_js)
}

async fn read_counts(meta: &IdbObjectStore) -> Result<Counts, StoreError> {
    let request = meta
        .get(&JsValue::from_str(META_KEY))
        .map_err(StoreError::from_js)?;
    counts_of(&await_request(&request).await?)
}

/// Refuses a write meant for the base of `expected` when the stored one is
/// of another generation.
fn check_generation(stored: Counts, expected: Option<u32>) -> Result<(), StoreError> {
    match expected {
        Some(expected) if expected != stored.generation => Err(StoreError::Changed {
            expected,
            found: stored.generation,
        }),
        _ => Ok(()),
    }
}

/// About how many bytes of memory a loaded contact takes (wasm32: the
/// contact's row, its strings and fields, and its place in the base's
/// columns and index), and a loaded event (its decoded columns, which the
/// base keeps, and its share of the chunk being decoded). Measured on the
/// 100,000-contact demo base: 860 bytes a contact while the fields were a
/// B-tree (about 670 since, by the sizes: its node of about 330 bytes
/// became a list of about 140, not measured), 28 bytes an event. Kept as
/// an upper bound: room short of the load's need costs a `memory.grow` per
/// 64 KiB, room beyond it only address space.
const BYTES_PER_CONTACT: usize = 900;
const BYTES_PER_EVENT: usize = 40;

/// Makes room in the wasm memory for a load of about `bytes` at once: the
/// allocator otherwise grows the memory by 64 KiB each time it runs out,
/// thousands of `memory.grow` calls for a large base, each a few
/// microseconds in Chromium (more in a newly started one). One allocation
/// of the whole size, freed at once, grows it in one step and leaves the
/// room to the allocations that follow. If the memory cannot grow that far,
/// nothing happens: the load grows it as it goes.
fn reserve_memory(bytes: usize) {
    let mut room: Vec<u8> = Vec::new();
    if room.try_reserve_exact(bytes).is_ok() {
        // Not optimized away: the allocation is what grows the memory.
        drop(std::hint::black_box(room));
    }
}

/// Where a load decodes the contacts: rows ([`Store::load`]) or straight
/// into a base ([`Store::load_base`]).
trait Contacts {
    fn reserve(&mut self, additional: usize);
    fn decode(&mut self, record: &[u8]) -> Result<(), codec::CodecError>;
    fn len(&self) -> usize;
}

impl Contacts for Vec<Contact> {
    fn reserve(&mut self, additional: usize) {
        Vec::reserve(self, additional);
    }
    fn decode(&mut self, record: &[u8]) -> Result<(), codec::CodecError> {
        codec::decode_contacts_into(self, record)
    }
    fn len(&self) -> usize {
        Vec::len(self)
    }
}

impl Contacts for BaseBuilder {
    fn reserve(&mut self, additional: usize) {
        BaseBuilder::reserve(self, additional);
    }
    fn decode(&mut self, record: &[u8]) -> Result<(), codec::CodecError> {
        codec::decode_contacts_to_base(self, record)
    }
    fn len(&self) -> usize {
        BaseBuilder::len(self)
    }
}

/// Contacts of the made-up base [`prime_load`] decodes.
const PRIME_CONTACTS: usize = 300;

/// Runs the load's decoders ([`Store::load_base`]'s) over a small made-up
/// base, to have the browser compile them for speed before a real load.
///
/// A browser first runs wasm with a baseline compiler, and compiles a
/// function again for speed, in the background, only once it has run for a
/// while; a call already running keeps the baseline code. So the first load
/// in a newly started browser decoded the whole base with baseline code,
/// about twice as slowly as after a reload (docs/benchmarks.md, the store).
/// The app runs this while the database opens, which leaves the main thread
/// idle anyway; it costs a few milliseconds and writes nothing.
pub fn prime_load() {
    primed_base(2);
}

/// [`prime_load`]'s work: the made-up base decoded `rounds` times, the last
/// one's base given back (`None` only if the made-up base did not build or
/// decode, which a test rules out).
fn primed_base(rounds: usize) -> Option<Base> {
    let config = lifecycle_core::demo::DemoConfig {
        contacts: PRIME_CONTACTS,
        seed: 1,
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
    };
    // Made and encoded with what the app already has (the demo's slices,
    // the base's columns as a save writes them), so this adds next to no
    // code to the wasm.
    let (contacts, events) = lifecycle_core::demo::generate_range(&config, 0..PRIME_CONTACTS);
    let columns = EventColumns::from_events(&contacts, &events).ok()?;
    drop(events);
    let encoded_contacts = codec::encode_contacts(&contacts);
    let mut builder = BaseBuilder::new(PRIME_CONTACTS);
    builder.push_contacts(contacts).ok()?;
    let base = builder.finish(columns).ok()?;
    let encoded_events = codec::encode_events(&base.to_columns());
    drop(base);
    // Two rounds: the first uses up the decoders' budgets of baseline runs,
    // the second runs what the first left in baseline code.
    let mut last = None;
    for _ in 0..rounds {
        let mut builder = BaseBuilder::new(0);
        let mut columns = EventColumns::default();
        codec::decode_contacts_to_base(&mut builder, &encoded_contacts).ok()?;
        codec::decode_events_into(&mut columns, &encoded_events).ok()?;
        last = Some(builder.finish(columns).ok()?);
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    // The priming must run the load's whole path on a real base: a made-up
    // base that failed to build or decode would prime nothing, silently.
    #[test]
    fn the_primed_base_goes_through_every_step_of_the_load() {
        let base = primed_base(1).expect("the made-up base builds and decodes");
        assert_eq!(base.len(), PRIME_CONTACTS);
        assert!(
            base.event_count() > 5 * PRIME_CONTACTS,
            "{} events",
            base.event_count()
        );
        // Decoded twice, the same base.
        let again = primed_base(2).unwrap();
        assert_eq!(again.contacts(), base.contacts());
        for i in 0..base.len() as u32 {
            assert_eq!(again.event_rows(i), base.event_rows(i));
        }
    }
}

fn counts_of(value: &JsValue) -> Result<Counts, StoreError> {
    if value.is_undefined() {
        return Ok(Counts::default());
    }
    Counts::from_js(value)
        .ok_or_else(|| StoreError::Damaged("the commit record is unreadable".into()))
}

fn bytes_of(value: &JsValue) -> Vec<u8> {
    js_sys::Uint8Array::new(value).to_vec()
}

/// Encodes `chunks` one at a time and writes them as ONE record at `key`: an
/// array of the chunks' `ArrayBuffer`s (nothing when there are none).
/// Chromium keeps each large value in a file of its own, and the first read
/// of a database in a newly started browser pays per value and per request:
/// the app's first read of a 15 MB base takes about 60 ms with one record per
/// store, about 95 ms with one per chunk (docs/benchmarks.md, the app's first
/// open). Encoding a
/// chunk takes the page 5-15 ms; between chunks a `count` request gives the
/// page a turn (a 100,000-contact base encoded in one go blocked it for about
/// 0.3 s) while keeping the transaction active.
async fn put_chunks(
    store: &IdbObjectStore,
    key: u32,
    chunks: impl Iterator<Item = Vec<u8>>,
) -> Result<(), StoreError> {
    let record = Array::new();
    for chunk in chunks {
        if record.length() > 0 {
            await_request(&store.count().map_err(StoreError::from_js)?).await?;
        }
        let array = js_sys::Uint8Array::from(chunk.as_slice());
        drop(chunk);
        record.push(&array.buffer());
    }
    if record.length() == 0 {
        return Ok(());
    }
    let request = store
        .put_with_key(&record, &JsValue::from(key))
        .map_err(StoreError::from_js)?;
    await_request(&request).await.map(drop)
}

/// How many records a chunk store holds: the key of the next one.
async fn record_count(store: &IdbObjectStore) -> Result<u32, StoreError> {
    let request = store.count().map_err(StoreError::from_js)?;
    Ok(await_request(&request).await?.as_f64().unwrap_or(0.0) as u32)
}

/// Refuses a chunk store whose records hold another number of chunks than
/// the commit record lists.
fn check_chunk_count(what: &str, listed: u32, found: usize) -> Result<(), StoreError> {
    if found == listed as usize {
        return Ok(());
    }
    Err(StoreError::Damaged(format!(
        "the commit record lists {listed} {what} chunks, the database holds {found}"
    )))
}

/// The chunks of a chunk store's records in key order: a record is an array
/// of chunks (schema 3) or one chunk (schema 1 and 2).
fn chunks_of(records: &Array) -> Vec<JsValue> {
    let mut chunks = Vec::with_capacity(records.length() as usize);
    for record in records.iter() {
        if Array::is_array(&record) {
            chunks.extend(record.unchecked_into::<Array>().iter());
        } else {
            chunks.push(record);
        }
    }
    chunks
}

fn contact_chunks(contacts: &[Contact]) -> impl Iterator<Item = Vec<u8>> + '_ {
    contacts
        .chunks(CONTACTS_PER_CHUNK)
        .map(codec::encode_contacts)
}

fn event_chunks(events: &EventColumns) -> impl Iterator<Item = Vec<u8>> + '_ {
    (0..events.len()).step_by(EVENTS_PER_CHUNK).map(|start| {
        codec::encode_events(&events.slice(start..(start + EVENTS_PER_CHUNK).min(events.len())))
    })
}

impl From<codec::CodecError> for StoreError {
    fn from(error: codec::CodecError) -> Self {
        StoreError::Damaged(error.to_string())
    }
}

/// How much the browser lets this site store, and how much it uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Usage {
    pub used_bytes: f64,
    pub quota_bytes: f64,
    /// Whether the browser promised not to evict the data under pressure.
    pub persisted: bool,
}

fn storage_manager() -> Result<web_sys::StorageManager, StoreError> {
    let navigator = web_sys::window()
        .ok_or(StoreError::Unavailable)?
        .navigator();
    Ok(navigator.storage())
}

/// Usage and quota (`navigator.storage.estimate()`), and whether storage is
/// persistent.
pub async fn usage() -> Result<Usage, StoreError> {
    let manager = storage_manager()?;
    let estimate =
        wasm_bindgen_futures::JsFuture::from(manager.estimate().map_err(StoreError::from_js)?)
            .await
            .map_err(StoreError::from_js)?;
    let estimate: web_sys::StorageEstimate = estimate.unchecked_into();
    let persisted =
        wasm_bindgen_futures::JsFuture::from(manager.persisted().map_err(StoreError::from_js)?)
            .await
            .map_err(StoreError::from_js)?;
    Ok(Usage {
        used_bytes: estimate.get_usage().unwrap_or(0.0),
        quota_bytes: estimate.get_quota().unwrap_or(0.0),
        persisted: persisted.as_bool().unwrap_or(false),
    })
}

/// Asks the browser to keep this site's data even under storage pressure
/// (`navigator.storage.persist()`); returns its answer.
pub async fn request_persistence() -> Result<bool, StoreError> {
    let manager = storage_manager()?;
    let granted =
        wasm_bindgen_futures::JsFuture::from(manager.persist().map_err(StoreError::from_js)?)
            .await
            .map_err(StoreError::from_js)?;
    Ok(granted.as_bool().unwrap_or(false))
}
