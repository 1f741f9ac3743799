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
mod idb;

use idb::{Mode, await_request, await_transaction};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::IdbDatabase;

/// The schema version this code writes. Opening a database of an older version
/// upgrades it; see `docs/storage.md`.
pub const SCHEMA_VERSION: u32 = 1;

/// Object stores of schema version 1.
pub mod stores {
    pub const CONTACTS: &str = "contacts";
    pub const EVENT_CHUNKS: &str = "event_chunks";
    pub const MODELS: &str = "models";
    pub const SETTINGS: &str = "settings";
    pub const JOURNAL: &str = "journal";
    pub const ALL: [&str; 5] = [CONTACTS, EVENT_CHUNKS, MODELS, SETTINGS, JOURNAL];
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

/// An open Lifecycle database.
pub struct Store {
    db: IdbDatabase,
}

impl Store {
    /// Opens (creating or upgrading as needed) the database called `name`.
    pub async fn open(name: &str) -> Result<Store, StoreError> {
        let db = idb::open(name, SCHEMA_VERSION, |db, _old_version| {
            for store in stores::ALL {
                if !db.object_store_names().contains(store) {
                    db.create_object_store(store).map_err(StoreError::from_js)?;
                }
            }
            Ok(())
        })
        .await?;
        Ok(Store { db })
    }

    /// The schema version of the open database.
    pub fn version(&self) -> u32 {
        self.db.version() as u32
    }

    /// Stores a setting; replaces any earlier value.
    pub async fn put_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let tx = idb::transaction(&self.db, &[stores::SETTINGS], Mode::ReadWrite)?;
        let store = tx
            .object_store(stores::SETTINGS)
            .map_err(StoreError::from_js)?;
        store
            .put_with_key(&JsValue::from_str(value), &JsValue::from_str(key))
            .map_err(StoreError::from_js)?;
        await_transaction(&tx).await
    }

    /// Reads a setting, `None` if it was never stored.
    pub async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let tx = idb::transaction(&self.db, &[stores::SETTINGS], Mode::ReadOnly)?;
        let store = tx
            .object_store(stores::SETTINGS)
            .map_err(StoreError::from_js)?;
        let request = store
            .get(&JsValue::from_str(key))
            .map_err(StoreError::from_js)?;
        let value = await_request(&request).await?;
        Ok(value.as_string())
    }

    /// Closes the connection; later calls on this store fail.
    pub fn close(self) {
        self.db.close();
    }

    /// Deletes the database called `name` with everything in it.
    pub async fn delete(name: &str) -> Result<(), StoreError> {
        idb::delete(name).await
    }
}
