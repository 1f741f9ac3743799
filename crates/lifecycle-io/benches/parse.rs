//! `cargo bench -p lifecycle-io`: reading a 50 MB, 1,000,000-row CSV (target: <= 5 s
//! natively), planning its import, exporting, and generating the 1M demo base.

use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;
use lifecycle_core::demo::{DemoConfig, generate};
use lifecycle_io::csv::{CsvOptions, CsvReader, read};
use lifecycle_io::export::{CsvExport, CsvProfile, all_columns, contacts_csv, events_csv};
use lifecycle_io::import::{ImportOptions, plan};

mod common;

use common::{ROWS, events_file};

fn time<T>(label: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let r = f();
    println!("{label:<58} {:>8.3} s", start.elapsed().as_secs_f64());
    r
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` does not, and gets a
    // quick run of 1 % of the rows that still checks every step.
    let rows = if std::env::args().any(|a| a == "--bench") {
        ROWS
    } else {
        ROWS / 100
    };
    let as_of = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap_or(NaiveDate::MIN);
    let demo = DemoConfig {
        contacts: rows,
        seed: 1,
        as_of,
    };
    // `cargo bench -p lifecycle-io -- demo` times only the demo generator.
    if std::env::args().skip(1).any(|a| a == "demo") {
        let (c, e) = time(&format!("demo::generate {rows} contacts"), || {
            generate(&demo)
        });
        println!("demo: {} contacts, {} events", c.len(), e.len());
        return;
    }
    let bytes = time(&format!("build a {rows}-row CSV"), || events_file(rows));
    println!(
        "file: {:.1} MB, {rows} rows",
        bytes.len() as f64 / 1_048_576.0
    );

    let table = time("read at once (decode, detect, parse)", || {
        read(&bytes, CsvOptions::default())
    });
    assert_eq!(table.rows.len(), rows);
    assert!(table.errors.is_empty());
    let t = time("read in 1 MB chunks (as the browser feeds it)", || {
        let mut r = CsvReader::new(CsvOptions::default());
        for c in bytes.chunks(1 << 20) {
            black_box(r.feed(c));
        }
        r.finish()
    });
    assert_eq!(t, table);
    drop(t);

    let (contacts, events) = time(&format!("demo::generate {rows} contacts"), || {
        generate(&demo)
    });
    println!("demo: {} contacts, {} events", contacts.len(), events.len());
    let existing = &contacts[..rows / 10];
    let p = time("plan the import of the events file", || {
        plan(&table, &ImportOptions::default(), existing, &[])
    });
    let p = p.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.new_events.len(), rows);
    drop(p);
    // The browser plans in steps; the slowest step bounds how long the page freezes.
    let mut job = lifecycle_io::import::ImportJob::new(
        table.clone(),
        ImportOptions::default(),
        existing,
        &[],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut slowest = 0f64;
    loop {
        let start = Instant::now();
        let done = job.step(existing, 50_000).done;
        slowest = slowest.max(start.elapsed().as_secs_f64());
        if done {
            break;
        }
    }
    println!(
        "{:<58} {:>8.3} s",
        "slowest 50,000-row planning step", slowest
    );
    drop(job);
    drop(table);

    let csv = time("export the demo contacts to CSV (excel profile)", || {
        contacts_csv(
            &contacts,
            &all_columns(&contacts),
            &[],
            CsvExport::default(),
        )
    });
    println!("contacts CSV: {:.1} MB", csv.len() as f64 / 1_048_576.0);
    let p = time("read and plan the import of those contacts", || {
        plan(
            &read(&csv, CsvOptions::default()),
            &ImportOptions::default(),
            &[],
            &[],
        )
    });
    assert_eq!(p.map(|p| p.new_contacts.len()).ok(), Some(rows));
    let ev = time("export the demo events to CSV (data profile)", || {
        events_csv(
            &events,
            &[],
            CsvExport {
                profile: CsvProfile::Data,
                delimiter: ',',
            },
        )
    });
    println!("events CSV: {:.1} MB", ev.len() as f64 / 1_048_576.0);
}
