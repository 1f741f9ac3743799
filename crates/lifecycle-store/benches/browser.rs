//! Storage benchmarks in headless Chromium (wasm-bindgen-test's criterion):
//!
//! ```sh
//! source scripts/env.sh
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner WASM_BINDGEN_TEST_TIMEOUT=900 \
//!   cargo bench -p lifecycle-store --target wasm32-unknown-unknown
//! ```
//!
//! Figures and the machine go in docs/benchmarks.md.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;
use std::time::Duration;

use chrono::NaiveDate;
use lifecycle_core::columns::EventColumns;
use lifecycle_core::demo::{DemoConfig, generate};
use lifecycle_core::{Base, Engine, Model};
use lifecycle_store::{Store, StoredBase};
use wasm_bindgen_test::{
    Criterion, Instant, console_log, wasm_bindgen_bench, wasm_bindgen_test_configure,
};

wasm_bindgen_test_configure!(run_in_browser);

const DB: &str = "lifecycle-bench";

/// 100,000 demo contacts, their ~750,000 events topped up to 1,000,000 with
/// copies a day later, as the app stores them.
fn base() -> StoredBase {
    let (contacts, events) = generate(&DemoConfig {
        contacts: 100_000,
        seed: 1,
        as_of: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
    });
    let mut events = EventColumns::from_events(&contacts, &events).unwrap();
    let missing = 1_000_000 - events.len();
    let mut extra = events.slice(0..missing);
    extra.day.iter_mut().for_each(|d| *d += 1);
    events.extend(extra);
    // Stored the way the app stores a base (`Workspace::to_stored`): the
    // base's own columns, each contact's events in order.
    let base = Base::from_columns(contacts, events).unwrap();
    StoredBase {
        contacts: base.contacts().to_vec(),
        events: base.to_columns(),
    }
}

fn configure(c: &mut Criterion) {
    *c = std::mem::take(c)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
}

#[wasm_bindgen_bench]
async fn store_1m_events(c: &mut Criterion) {
    configure(c);
    let base = Rc::new(base());
    let event_count = base.events.len();
    console_log!(
        "base: {} contacts, {event_count} events",
        base.contacts.len()
    );
    Store::delete(DB).await.unwrap();
    let store = Rc::new(Store::open(DB).await.unwrap());

    c.bench_async_function("write 1M events and 100k contacts (replace)", |b| {
        let (store, base) = (store.clone(), base.clone());
        Box::pin(b.iter_custom_future(move |iters| {
            let (store, base) = (store.clone(), base.clone());
            async move {
                let start = Instant::now();
                for _ in 0..iters {
                    store.replace(&base, "bench").await.unwrap();
                }
                start.elapsed()
            }
        }))
    })
    .await;

    // Where the cold load's time goes, step by step (printed, not measured
    // by criterion): the same code path as the benchmark below.
    let mut steps: Vec<(&'static str, Vec<f64>)> = Vec::new();
    for _ in 0..5 {
        let mut laps = Vec::new();
        let mut last = Instant::now();
        let mut lap = |name: &'static str| {
            laps.push((name, last.elapsed().as_secs_f64() * 1e3));
            last = Instant::now();
        };
        let cold = Store::open(DB).await.unwrap();
        lap("open");
        let base = cold
            .load_base_timed(&mut lap, Some("active"))
            .await
            .unwrap()
            .0;
        let engine = Engine::new(base, Model::preset("b2b").unwrap()).unwrap();
        lap("Engine::new");
        assert_eq!(engine.base().event_count(), event_count);
        cold.close();
        drop(engine);
        for (i, (name, ms)) in laps.into_iter().enumerate() {
            if steps.len() <= i {
                steps.push((name, Vec::new()));
            }
            steps[i].1.push(ms);
        }
    }
    for (name, ms) in &steps {
        let min = ms.iter().copied().fold(f64::INFINITY, f64::min);
        let mean = ms.iter().sum::<f64>() / ms.len() as f64;
        console_log!("cold load step {name:<20} min {min:7.1} ms  mean {mean:7.1} ms");
    }

    c.bench_async_function(
        "open cold, load 1M events + 100k contacts into the engine",
        move |b| {
            Box::pin(b.iter_custom_future(move |iters| async move {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let start = Instant::now();
                    let store = Store::open(DB).await.unwrap();
                    // What the app does on start (lifecycle-app's
                    // `storage::load_into`): `load_base`, then the engine.
                    let base = store.load_base(Some("active")).await.unwrap().0;
                    let engine = Engine::new(base, Model::preset("b2b").unwrap()).unwrap();
                    total += start.elapsed();
                    assert_eq!(engine.base().event_count(), event_count);
                    store.close();
                }
                total
            }))
        },
    )
    .await;
    // The benchmark closures keep clones of the store: close it for the delete.
    store.close();
    Store::delete(DB).await.unwrap();
}
