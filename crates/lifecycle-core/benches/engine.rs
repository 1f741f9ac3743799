//! Engine timings on generated bases (`lifecycle_core::demo`): run with
//! `cargo bench -p lifecycle-core`. Pass sizes as arguments to choose
//! (`cargo bench -p lifecycle-core -- 100000`); default 100,000 and 1,000,000.
//! Each figure is the best of a few runs, on one thread; on Linux the
//! thread's own CPU time (the best of the runs) follows in brackets, which
//! other work on a shared machine changes much less than the wall time.

use std::cell::Cell;
use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use lifecycle_core::columns::EventColumns;
use lifecycle_core::demo::{DemoConfig, generate};
use lifecycle_core::reports::month_ends;
use lifecycle_core::{Base, Engine, Model};

thread_local! {
    /// The best CPU time of the last [`best`], if the system tells it.
    static LAST_CPU: Cell<Option<Duration>> = const { Cell::new(None) };
}

/// Time this thread has run on a CPU (Linux: `/proc/thread-self/schedstat`,
/// nanoseconds).
fn cpu_time() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(
        s.split_whitespace().next()?.parse().ok()?,
    ))
}

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut best_cpu: Option<Duration> = None;
    let mut out = None;
    for _ in 0..runs {
        let c = cpu_time();
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed());
        if let (Some(c0), Some(c1)) = (c, cpu_time()) {
            let used = c1.saturating_sub(c0);
            best_cpu = Some(best_cpu.map_or(used, |b| b.min(used)));
        }
        out = Some(black_box(r));
    }
    LAST_CPU.set(best_cpu);
    (best, out.expect("at least one run"))
}

fn ms(d: Duration) -> String {
    format!("{:>9.1} ms", d.as_secs_f64() * 1000.0)
}

/// A [`best`] figure: wall time, then CPU time.
fn timed(d: Duration) -> String {
    match LAST_CPU.get() {
        Some(c) => format!("{} [cpu {:.1} ms]", ms(d), c.as_secs_f64() * 1000.0),
        None => ms(d),
    }
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.replace('_', "").parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100_000, 1_000_000]
    } else {
        sizes
    };
    let as_of = NaiveDate::from_ymd_opt(2025, 12, 31).expect("date");
    for n in sizes {
        let t = Instant::now();
        let (contacts, events) = generate(&DemoConfig {
            contacts: n,
            seed: 42,
            as_of,
        });
        let gen_time = t.elapsed();
        let event_count = events.len();
        let columns = EventColumns::from_events(&contacts, &events).expect("columns");
        let t = Instant::now();
        let base = Base::new(contacts.clone(), events).expect("demo base");
        let build = t.elapsed();
        let mut from_columns = Duration::MAX;
        for _ in 0..5 {
            // The copies are not the fast path's work: made before the clock.
            let (c, e) = (contacts.clone(), columns.clone());
            let t = Instant::now();
            let b = Base::from_columns(c, e).expect("demo base");
            from_columns = from_columns.min(t.elapsed());
            drop(black_box(b));
        }
        drop(columns);
        let engine = Engine::new(base, Model::preset("b2b").expect("b2b")).expect("model");
        println!(
            "\n{n} contacts, {event_count} events ({} bytes/event in columns)",
            Base::BYTES_PER_EVENT
        );
        println!("  generate demo rows            {}", ms(gen_time));
        println!("  build base from rows          {}", ms(build));
        println!("  build base from columns       {}", ms(from_columns));
        let runs = if n > 200_000 { 3 } else { 5 };
        if std::env::var("BENCH_ONLY").as_deref() == Ok("classify") {
            let (d, _) = best(30, || engine.classify(as_of));
            println!("  classify everyone             {}", timed(d));
            continue;
        }
        if std::env::var("BENCH_ONLY").as_deref() == Ok("months") {
            let dates = month_ends(NaiveDate::from_ymd_opt(2023, 1, 1).expect("date"), as_of);
            let (d, _) = best(10, || engine.counts_at(&dates, None));
            println!("  counts at 36 month-ends (direct) {}", timed(d));
            continue;
        }
        if std::env::var("BENCH_ONLY").as_deref() == Ok("history") {
            let (d, _) = best(10, || engine.histories(as_of));
            println!("  exact history of everyone     {}", timed(d));
            continue;
        }
        let (d, cls) = best(runs, || engine.classify(as_of));
        println!("  classify everyone             {}", timed(d));
        let (d, _) = best(runs, || engine.stage_counts(&cls, None));
        println!("  stage counts from a classification {}", timed(d));
        let (d, h) = best(runs, || engine.histories(as_of));
        println!(
            "  exact history of everyone     {}  ({} transitions)",
            timed(d),
            h.transition_count()
        );
        let dates = month_ends(NaiveDate::from_ymd_opt(2023, 1, 1).expect("date"), as_of);
        assert_eq!(dates.len(), 36);
        let (d, _) = best(runs, || engine.trend(&h, &dates, None));
        println!("  counts at 36 month-ends (from histories) {}", timed(d));
        let (d, _) = best(runs, || {
            let h = engine.histories(as_of);
            engine.trend(&h, &dates, None)
        });
        println!("  counts at 36 month-ends (history + trend) {}", timed(d));
        let (d, _) = best(runs, || engine.counts_at(&dates, None));
        println!("  counts at 36 month-ends (direct) {}", timed(d));
        let mut changed = engine.model().clone();
        changed.stages[3].rule = "deals_won >= 3".into();
        let (d, w) = best(runs, || {
            engine
                .what_if(&changed, as_of, Some(&cls))
                .expect("what-if")
        });
        println!(
            "  what-if of a one-rule change  {}  ({} moved)",
            timed(d),
            w.moves.iter().map(|m| m.contacts.len()).sum::<usize>()
        );
        let (d, _) = best(runs, || engine.funnel(&h, as_of, None));
        println!("  funnel                        {}", timed(d));
        let (d, _) = best(runs, || {
            engine.drop_off(
                &h,
                NaiveDate::from_ymd_opt(2025, 1, 1).expect("date"),
                as_of,
                None,
            )
        });
        println!("  drop-off                      {}", timed(d));
        let (d, _) = best(runs, || engine.time_in_stage(&h, as_of, None));
        println!("  time in stage                 {}", timed(d));
        let (d, _) = best(runs, || engine.cohorts(&h, as_of, None));
        println!("  cohorts                       {}", timed(d));
        let (d, _) = best(runs, || engine.risk_list(&cls, None));
        println!("  risk list                     {}", timed(d));
        let (d, _) = best(runs, || {
            (0..1000)
                .map(|i| engine.explain(i, as_of))
                .collect::<Vec<_>>()
        });
        println!("  explain 1,000 contacts        {}", timed(d));
        let stage_names: Vec<String> = engine
            .stages()
            .iter()
            .zip(cls.counts(engine.stages().len()))
            .map(|(s, c)| format!("{}={c}", s.id))
            .collect();
        println!("  stages: {}", stage_names.join(" "));
    }
}
