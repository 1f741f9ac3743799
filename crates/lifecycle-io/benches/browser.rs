//! Import in headless Chromium: how long the main thread is blocked by one step
//! of reading (1 MB chunks) and planning (10,000 rows) a 50 MB, 1,000,000-row
//! CSV. The app runs one step per animation frame; the limit is 100 ms.
//!
//! ```sh
//! source scripts/env.sh
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner WASM_BINDGEN_TEST_TIMEOUT=900 \
//!   cargo bench -p lifecycle-io --bench browser --target wasm32-unknown-unknown
//! ```
#![cfg(target_arch = "wasm32")]

mod common;

use std::time::Duration;

use lifecycle_io::csv::{CsvOptions, CsvReader};
use lifecycle_io::import::{ImportJob, ImportOptions};
use wasm_bindgen_test::{
    Criterion, Instant, console_log, wasm_bindgen_bench, wasm_bindgen_test_configure,
};

wasm_bindgen_test_configure!(run_in_browser);

const CHUNK: usize = 1 << 20;
const PLAN_STEP: usize = 10_000;

#[wasm_bindgen_bench]
async fn import_steps(c: &mut Criterion) {
    *c = std::mem::take(c)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_secs(3));
    let file = common::events_file(common::ROWS);
    console_log!(
        "file: {:.1} MB, {} rows",
        file.len() as f64 / 1_048_576.0,
        common::ROWS
    );

    // One pass, timing every step.
    let start = Instant::now();
    let mut reader = CsvReader::new(CsvOptions::default());
    let mut slowest_read = Duration::ZERO;
    for chunk in file.chunks(CHUNK) {
        let t = Instant::now();
        reader.feed(chunk);
        slowest_read = slowest_read.max(t.elapsed());
    }
    let t = Instant::now();
    let table = reader.finish();
    slowest_read = slowest_read.max(t.elapsed());
    let read_total = start.elapsed();
    assert_eq!(table.rows.len(), common::ROWS);

    let start = Instant::now();
    let mut job = ImportJob::new(table, ImportOptions::default(), &[], &[]).unwrap();
    let mut slowest_plan = Duration::ZERO;
    loop {
        let t = Instant::now();
        let progress = job.step(&[], PLAN_STEP);
        slowest_plan = slowest_plan.max(t.elapsed());
        if progress.rows_done >= progress.rows_total {
            break;
        }
    }
    let t = Instant::now();
    let plan = job.finish();
    let finish = t.elapsed();
    console_log!(
        "read: {:.0} ms in all, slowest 1 MB chunk {:.1} ms; plan: {:.0} ms in all, slowest {PLAN_STEP}-row step {:.1} ms, final step {:.1} ms ({} events)",
        read_total.as_secs_f64() * 1e3,
        slowest_read.as_secs_f64() * 1e3,
        start.elapsed().as_secs_f64() * 1e3,
        slowest_plan.as_secs_f64() * 1e3,
        finish.as_secs_f64() * 1e3,
        plan.new_events.len()
    );

    let sample = file[..CHUNK * 8].to_vec();
    c.bench_function("read 8 MB of the file in 1 MB chunks", move |b| {
        b.iter(|| {
            let mut reader = CsvReader::new(CsvOptions::default());
            for chunk in sample.chunks(CHUNK) {
                reader.feed(chunk);
            }
            reader.finish().rows.len()
        })
    });
}
