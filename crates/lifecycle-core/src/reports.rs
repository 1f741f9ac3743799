//! Lifecycle reports over the whole base or a segment (`scope`: the contact
//! indices [`Engine::select`] returned, or `None` for everyone).
//!
//! Percentiles are nearest-rank: the p-quantile of n sorted values is the
//! value at rank ceil(p * n); the median is the 0.5-quantile.

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use crate::base::{ContactIdx, Day, NO_SCORE, date_of, day_of};
use crate::compile::DayIndex;
use crate::engine::{Classification, Engine, Histories};
use crate::model::StageKind;
use crate::words::Lang;

/// The contacts a report covers: `None` is everyone.
pub type Scope<'a> = Option<&'a [ContactIdx]>;

fn each(scope: Scope<'_>, n: usize, mut f: impl FnMut(ContactIdx)) {
    match scope {
        Some(list) => list
            .iter()
            .filter(|&&i| (i as usize) < n)
            .for_each(|&i| f(i)),
        None => (0..n as ContactIdx).for_each(f),
    }
}

/// Nearest-rank quantile of unsorted values.
pub fn quantile(values: &mut [i32], p: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let rank = ((p * values.len() as f64).ceil() as usize).clamp(1, values.len());
    Some(f64::from(values[rank - 1]))
}

/// Stage counts at two dates.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StageChange {
    /// Stage id.
    pub stage: String,
    /// Stage kind.
    pub kind: StageKind,
    /// Contacts at the first date.
    pub from: u32,
    /// Contacts at the second date.
    pub to: u32,
    /// `to - from`.
    pub change: i64,
}

/// The stage counts at one date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrendPoint {
    /// The date counted.
    #[cfg_attr(feature = "ts", ts(type = "DateString"))]
    pub date: NaiveDate,
    /// By stage index.
    pub counts: Vec<u32>,
}

/// From -> to transition counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TransitionMatrix {
    /// Stage ids, by stage index.
    pub stages: Vec<String>,
    /// `counts[from][to]`.
    pub counts: Vec<Vec<u32>>,
}

/// One funnel step.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FunnelStep {
    /// Stage id.
    pub stage: String,
    /// Contacts that reached this step or a later one.
    pub reached: u32,
    /// reached / reached of the previous step.
    pub conversion: Option<f64>,
    /// Days from reaching the previous step to reaching this one.
    pub median_days: Option<f64>,
    /// 90th percentile of the same days.
    pub p90_days: Option<f64>,
}

/// Where contacts left: per open or won stage, the contacts that left it for a
/// dormant or lost stage, split by where they were at the period's end. Every
/// number counts contacts, and a contact that left a stage counts once for
/// it: `to_dormant + to_lost` is the numerator of `rate`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DropOffRow {
    /// Stage id.
    pub stage: String,
    /// Contacts in this stage at some time in the period, and those that
    /// became lost in it having last been in this stage.
    pub entered: u32,
    /// Contacts that left this stage (for a dormant stage, or for a lost one
    /// straight or after sleeping) and were not lost at the period's end.
    pub to_dormant: u32,
    /// Contacts that left this stage and were lost at the period's end: a
    /// contact that slept and was then lost in the period counts here only.
    pub to_lost: u32,
    /// The share of `entered` that went dormant or lost (each contact once).
    pub rate: Option<f64>,
}

/// The drop-off report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DropOff {
    /// Open and won stages, in model order.
    pub rows: Vec<DropOffRow>,
    /// Contacts lost at the period's end that went from a dormant stage to a
    /// lost one in it (each also counted in its last open or won stage's
    /// `to_lost`).
    pub dormant_to_lost: u32,
}

/// Time spent in a stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StageTime {
    /// Stage id.
    pub stage: String,
    /// Stays that ended by the as-of date.
    pub completed: u32,
    /// Median length of the completed stays, in days.
    pub median_days: Option<f64>,
    /// 90th percentile of the same.
    pub p90_days: Option<f64>,
    /// Contacts in the stage at the as-of date.
    pub current: u32,
    /// Median days the current contacts have been in the stage.
    pub current_median_days: Option<f64>,
}

/// One cohort: contacts whose first client activity was in `month`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Cohort {
    /// The first day of the month.
    #[cfg_attr(feature = "ts", ts(type = "DateString"))]
    pub month: NaiveDate,
    /// Contacts in the cohort.
    pub size: u32,
    /// `active[m]`: share in an open or won stage at the end of month m after.
    pub active: Vec<f64>,
    /// `customers[m]`: share in a won stage at the end of month m after.
    pub customers: Vec<f64>,
}

/// Conversion of one source.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SourceRow {
    /// The contact source (empty for none).
    pub source: String,
    /// Contacts from this source.
    pub contacts: u32,
    /// Contacts that were ever in a won stage.
    pub customers: u32,
    /// `customers / contacts`.
    pub conversion: f64,
    /// Contacts in a won stage at the as-of date.
    pub customers_now: u32,
}

/// A customer at risk.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Risk {
    /// Contact index.
    pub contact: ContactIdx,
    /// Contact id.
    pub id: String,
    /// Current stage id.
    pub stage: String,
    /// Sum of won-deal amounts up to the as-of date.
    pub value: f64,
    /// Days since the last client activity.
    pub days_inactive: Option<i32>,
    /// Latest NPS score.
    pub last_nps: Option<u8>,
    /// Latest review rating.
    pub last_review: Option<u8>,
    /// Why the contact is at risk, in words.
    pub reasons: Vec<String>,
}

/// The last day of each month that ends in `from..=to`.
pub fn month_ends(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let (mut y, mut m) = (from.year(), from.month());
    loop {
        let end = month_end(y, m);
        if end > to {
            break;
        }
        out.push(end);
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

fn month_end(y: i32, m: u32) -> NaiveDate {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1).map_or(NaiveDate::MAX, |d| d - Duration::days(1))
}

fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    let total = date.year() * 12 + date.month0() as i32 + months as i32;
    NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1)
        .unwrap_or(NaiveDate::MAX)
}

/// Every Sunday from `from` to `to`.
pub fn week_ends(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let offset = (7 - from.weekday().num_days_from_sunday()) % 7;
    let mut d = from + Duration::days(i64::from(offset));
    let mut out = Vec::new();
    while d <= to {
        out.push(d);
        d += Duration::days(7);
    }
    out
}

impl Engine {
    fn kind_of(&self, stage: u8) -> StageKind {
        // A stage index from another model counts as open rather than panic.
        self.stages()
            .get(stage as usize)
            .map_or(StageKind::Open, |s| s.kind)
    }

    /// Number of contacts per stage.
    pub fn stage_counts(&self, cls: &Classification, scope: Scope<'_>) -> Vec<u32> {
        let mut counts = vec![0; self.stages().len()];
        each(scope, cls.stages.len(), |i| {
            if let Some(c) = counts.get_mut(cls.stages[i as usize] as usize) {
                *c += 1;
            }
        });
        counts
    }

    /// Stage counts at `from` and `to` and their change.
    pub fn stage_change(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        scope: Scope<'_>,
    ) -> Vec<StageChange> {
        let a = self.stage_counts(&self.classify(from), scope);
        let b = self.stage_counts(&self.classify(to), scope);
        self.stages()
            .iter()
            .enumerate()
            .map(|(i, s)| StageChange {
                stage: s.id.clone(),
                kind: s.kind,
                from: a[i],
                to: b[i],
                change: i64::from(b[i]) - i64::from(a[i]),
            })
            .collect()
    }

    /// [`Engine::stage_change`] read from the histories (computed up to at
    /// least `to`) instead of classifying everyone twice: a dashboard that
    /// already holds the histories shows its tiles at the cost of one walk.
    pub fn stage_change_in(
        &self,
        h: &Histories,
        from: NaiveDate,
        to: NaiveDate,
        scope: Scope<'_>,
    ) -> Vec<StageChange> {
        let points = self.trend(h, &[from, to], scope);
        let (a, b) = (&points[0].counts, &points[1].counts);
        self.stages()
            .iter()
            .enumerate()
            .map(|(i, s)| StageChange {
                stage: s.id.clone(),
                kind: s.kind,
                from: a[i],
                to: b[i],
                change: i64::from(b[i]) - i64::from(a[i]),
            })
            .collect()
    }

    /// Stage counts at each date (for example [`month_ends`]), read from the
    /// histories (computed up to at least the last date).
    pub fn trend(&self, h: &Histories, dates: &[NaiveDate], scope: Scope<'_>) -> Vec<TrendPoint> {
        let days: Vec<Day> = dates.iter().map(|&d| day_of(d)).collect();
        let mut counts = vec![vec![0u32; self.stages().len()]; dates.len()];
        // The dates in order, once for every contact.
        let mut order: Vec<usize> = (0..days.len()).collect();
        crate::sort::sort_by_key(&mut order, |&k| days[k]);
        each(scope, h.len(), |idx| {
            // Walk the transitions once per contact for all dates.
            let mut stage = h.initial(idx) as u8;
            let mut it = h.raw(idx).peekable();
            for &k in &order {
                while let Some(&(d, _, to)) = it.peek() {
                    if d <= days[k] {
                        stage = to;
                        it.next();
                    } else {
                        break;
                    }
                }
                if let Some(c) = counts[k].get_mut(stage as usize) {
                    *c += 1;
                }
            }
        });
        dates
            .iter()
            .zip(counts)
            .map(|(&date, counts)| TrendPoint { date, counts })
            .collect()
    }

    /// Stage counts at each date (for example [`month_ends`]), computed
    /// directly: the same as [`Engine::trend`] over [`Engine::histories`]
    /// up to the last date, several times faster, as nothing but the stage
    /// on each date is recorded.
    pub fn counts_at(&self, dates: &[NaiveDate], scope: Scope<'_>) -> Vec<TrendPoint> {
        let stage_count = self.stages().len();
        let mut days: Vec<Day> = dates.iter().map(|&d| day_of(d)).collect();
        days.sort_unstable();
        days.dedup();
        let index = DayIndex::new(days);
        let days = index.days();
        let compiled = self.compiled();
        let mut s = compiled.scratch();
        // Differences: a run of dates k0..k1 in a stage adds one at k0 and
        // takes it away at k1; the counts on days[k] are the sums up to k.
        let mut diff = vec![0i64; (days.len() + 1) * stage_count];
        each(scope, self.base().len(), |idx| {
            compiled.stage_spans(self.base(), idx, &index, &mut s, |r, st| {
                diff[r.start * stage_count + st as usize] += 1;
                diff[r.end * stage_count + st as usize] -= 1;
            });
        });
        let mut counts = vec![0u32; days.len() * stage_count];
        let mut running = vec![0i64; stage_count];
        for (k, row) in counts.chunks_exact_mut(stage_count).enumerate() {
            for (st, c) in row.iter_mut().enumerate() {
                running[st] += diff[k * stage_count + st];
                *c = running[st] as u32;
            }
        }
        dates
            .iter()
            .map(|&date| {
                let k = days.partition_point(|&d| d < day_of(date));
                TrendPoint {
                    date,
                    counts: counts[k * stage_count..(k + 1) * stage_count].to_vec(),
                }
            })
            .collect()
    }

    /// Transitions with a date in `from < date <= to`.
    pub fn transitions(
        &self,
        h: &Histories,
        from: NaiveDate,
        to: NaiveDate,
        scope: Scope<'_>,
    ) -> TransitionMatrix {
        let n = self.stages().len();
        let (lo, hi) = (day_of(from), day_of(to));
        let mut counts = vec![vec![0u32; n]; n];
        each(scope, h.len(), |idx| {
            for (d, a, b) in h.raw(idx) {
                if d > lo
                    && d <= hi
                    && let Some(c) = counts
                        .get_mut(a as usize)
                        .and_then(|r| r.get_mut(b as usize))
                {
                    *c += 1;
                }
            }
        });
        TransitionMatrix {
            stages: self.stages().iter().map(|s| s.id.clone()).collect(),
            counts,
        }
    }

    /// The funnel as of `as_of`: for each step of the model's funnel, the
    /// contacts that ever reached it (or a later step), the conversion from
    /// the previous step, and the days between the steps. A contact reaches
    /// its stage before any event on its first event day.
    pub fn funnel(&self, h: &Histories, as_of: NaiveDate, scope: Scope<'_>) -> Vec<FunnelStep> {
        let steps: Vec<usize> = self
            .model()
            .funnel
            .iter()
            .filter_map(|id| self.model().stage_index(id))
            .collect();
        let mut pos = vec![None; self.stages().len()];
        for (p, &s) in steps.iter().enumerate() {
            pos[s] = Some(p);
        }
        let end = day_of(as_of);
        let mut reached = vec![0u32; steps.len()];
        let mut gaps: Vec<Vec<i32>> = vec![Vec::new(); steps.len()];
        each(scope, h.len(), |idx| {
            let ev = self.base().events(idx);
            let start = ev.day.first().copied();
            let mut first: Vec<Option<Day>> = vec![None; steps.len()];
            let mut mark = |p: usize, d: Option<Day>| {
                for f in first.iter_mut().take(p + 1) {
                    if f.is_none() {
                        *f = Some(d.unwrap_or(Day::MIN));
                    }
                }
            };
            if let Some(&Some(p)) = pos.get(h.initial(idx)) {
                mark(p, start);
            }
            for (d, _, to) in h.raw(idx) {
                if d > end {
                    break;
                }
                if let Some(&Some(p)) = pos.get(to as usize) {
                    mark(p, Some(d));
                }
            }
            for p in 0..steps.len() {
                if let Some(d) = first[p] {
                    reached[p] += 1;
                    if p > 0
                        && let Some(prev) = first[p - 1]
                        && prev != Day::MIN
                        && d != Day::MIN
                    {
                        gaps[p].push(d - prev);
                    }
                }
            }
        });
        steps
            .iter()
            .enumerate()
            .map(|(p, &s)| FunnelStep {
                stage: self.stage_id(s).to_owned(),
                reached: reached[p],
                conversion: (p > 0 && reached[p - 1] > 0)
                    .then(|| f64::from(reached[p]) / f64::from(reached[p - 1])),
                median_days: quantile(&mut gaps[p], 0.5),
                p90_days: quantile(&mut gaps[p], 0.9),
            })
            .collect()
    }

    /// Drop-off in `from < date <= to`: for each open or won stage, the
    /// contacts that went dormant from it, and the contacts that became lost
    /// having last been in it, whether they went straight to a lost stage or
    /// slept first. (When a model only loses contacts after they sleep, as the
    /// `b2b` preset's windows do, every lost contact went through a dormant
    /// stage; attributing them to the dormant stage would say nothing.)
    /// A contact that left a stage counts once for it, under its outcome at
    /// the period's end: `to_lost` if it ended in a lost stage, else
    /// `to_dormant`; so the two add up to the contacts that left.
    pub fn drop_off(
        &self,
        h: &Histories,
        from: NaiveDate,
        to: NaiveDate,
        scope: Scope<'_>,
    ) -> DropOff {
        const IN: u8 = 1;
        const SLEPT: u8 = 2;
        const LOST: u8 = 4;
        let n = self.stages().len();
        let (lo, hi) = (day_of(from), day_of(to));
        let gone = |k: StageKind| matches!(k, StageKind::Dormant | StageKind::Lost);
        let kinds: Vec<StageKind> = (0..=u8::MAX).map(|s| self.kind_of(s)).collect();
        let kind = |s: u8| kinds[s as usize];
        let mut totals = vec![[0u32; 4]; n];
        let mut dormant_to_lost = 0;
        let mut flags = vec![0u8; n];
        each(scope, h.len(), |idx| {
            flags.iter_mut().for_each(|f| *f = 0);
            let mut mark = |s: u8, bits: u8| {
                if let Some(f) = flags.get_mut(s as usize) {
                    *f |= bits;
                }
            };
            let initial = h.initial(idx) as u8;
            let mut last_active = (!gone(kind(initial))).then_some(initial);
            let mut current = initial;
            let mut slept_then_lost = false;
            for (d, a, b) in h.raw(idx) {
                if d > hi {
                    break;
                }
                if d > lo {
                    if !gone(kind(a)) {
                        mark(a, IN);
                    }
                    let (ka, kb) = (kind(a), kind(b));
                    if !gone(ka) && kb == StageKind::Dormant {
                        mark(a, SLEPT);
                    } else if !gone(ka) && kb == StageKind::Lost {
                        mark(a, LOST);
                    } else if ka == StageKind::Dormant && kb == StageKind::Lost {
                        slept_then_lost = true;
                        if let Some(s) = last_active {
                            mark(s, LOST);
                        }
                    }
                }
                if !gone(kind(b)) {
                    last_active = Some(b);
                }
                current = b;
            }
            // The stage at the period's end (or at its start, with no move in it).
            if !gone(kind(current)) {
                mark(current, IN);
            }
            // Where each stage's leavers are at the period's end.
            let ended_lost = kind(current) == StageKind::Lost;
            let outcome = if ended_lost { 3 } else { 2 };
            if ended_lost && slept_then_lost {
                dormant_to_lost += 1;
            }
            for (f, t) in flags.iter().zip(totals.iter_mut()) {
                if f & (IN | LOST) != 0 {
                    t[0] += 1;
                }
                if f & (SLEPT | LOST) != 0 {
                    t[1] += 1;
                    t[outcome] += 1;
                }
            }
        });
        let rows = (0..n)
            .filter(|&s| !gone(self.stages()[s].kind))
            .map(|s| {
                let [entered, left, to_dormant, to_lost] = totals[s];
                DropOffRow {
                    stage: self.stage_id(s).to_owned(),
                    entered,
                    to_dormant,
                    to_lost,
                    rate: (entered > 0).then(|| f64::from(left) / f64::from(entered)),
                }
            })
            .collect();
        DropOff {
            rows,
            dormant_to_lost,
        }
    }

    /// Time in each stage up to `as_of`: completed stays and current ones. A
    /// contact's stage before any event starts on its first event day;
    /// contacts without events are left out.
    pub fn time_in_stage(
        &self,
        h: &Histories,
        as_of: NaiveDate,
        scope: Scope<'_>,
    ) -> Vec<StageTime> {
        let n = self.stages().len();
        let end = day_of(as_of);
        let mut done: Vec<Vec<i32>> = vec![Vec::new(); n];
        let mut current: Vec<Vec<i32>> = vec![Vec::new(); n];
        each(scope, h.len(), |idx| {
            let Some(&start) = self.base().events(idx).day.first() else {
                return;
            };
            if start > end {
                return;
            }
            let (mut stage, mut since) = (h.initial(idx), start);
            for (d, _, to) in h.raw(idx) {
                if d > end {
                    break;
                }
                if let Some(x) = done.get_mut(stage) {
                    x.push(d - since);
                }
                (stage, since) = (to as usize, d);
            }
            if let Some(x) = current.get_mut(stage) {
                x.push(end - since);
            }
        });
        (0..n)
            .map(|s| StageTime {
                stage: self.stage_id(s).to_owned(),
                completed: done[s].len() as u32,
                median_days: quantile(&mut done[s], 0.5),
                p90_days: quantile(&mut done[s], 0.9),
                current: current[s].len() as u32,
                current_median_days: quantile(&mut current[s], 0.5),
            })
            .collect()
    }

    /// Cohorts by month of first client activity, up to `as_of`: for each
    /// month after (0 = the cohort's own month) whose end is on or before
    /// `as_of`, the share active and the share customers at that month end.
    pub fn cohorts(&self, h: &Histories, as_of: NaiveDate, scope: Scope<'_>) -> Vec<Cohort> {
        let (activity, ..) = self.compiled().risk_sets();
        let end = day_of(as_of);
        let mut by_month: std::collections::BTreeMap<NaiveDate, Vec<ContactIdx>> =
            Default::default();
        each(scope, h.len(), |idx| {
            let ev = self.base().events(idx);
            if let Some(i) = (0..ev.len()).find(|&i| activity.contains(ev.kind[i]))
                && ev.day[i] <= end
            {
                let d = date_of(ev.day[i]);
                by_month
                    .entry(d.with_day(1).unwrap_or(d))
                    .or_default()
                    .push(idx);
            }
        });
        by_month
            .into_iter()
            .map(|(month, members)| {
                let (mut active, mut customers) = (Vec::new(), Vec::new());
                let mut m = 0;
                loop {
                    let me = add_months(month, m + 1) - Duration::days(1);
                    if me > as_of {
                        break;
                    }
                    let day = day_of(me);
                    let (mut a, mut c) = (0u32, 0u32);
                    for &idx in &members {
                        let k = self.kind_of(h.stage_on(idx, day));
                        a += u32::from(matches!(k, StageKind::Open | StageKind::Won));
                        c += u32::from(k == StageKind::Won);
                    }
                    let size = members.len() as f64;
                    active.push(f64::from(a) / size);
                    customers.push(f64::from(c) / size);
                    m += 1;
                }
                Cohort {
                    month,
                    size: members.len() as u32,
                    active,
                    customers,
                }
            })
            .collect()
    }

    /// Conversion by source as of `as_of`, sources sorted by name.
    pub fn conversion_by_source(
        &self,
        h: &Histories,
        as_of: NaiveDate,
        scope: Scope<'_>,
    ) -> Vec<SourceRow> {
        let end = day_of(as_of);
        let mut rows: std::collections::BTreeMap<String, (u32, u32, u32)> = Default::default();
        each(scope, h.len(), |idx| {
            let won = |s: u8| self.kind_of(s) == StageKind::Won;
            let ever =
                won(h.initial(idx) as u8) || h.raw(idx).any(|(d, _, to)| d <= end && won(to));
            let now = won(h.stage_on(idx, end));
            let row = rows
                .entry(self.base().contact(idx).source.clone())
                .or_default();
            row.0 += 1;
            row.1 += u32::from(ever);
            row.2 += u32::from(now);
        });
        rows.into_iter()
            .map(|(source, (contacts, customers, now))| SourceRow {
                source,
                contacts,
                customers,
                conversion: f64::from(customers) / f64::from(contacts.max(1)),
                customers_now: now,
            })
            .collect()
    }

    /// Contacts in won stages whose inactivity is past 75% of the sleeping
    /// threshold, or whose latest NPS is <= 6 or latest review <= 2, ranked
    /// by value (sum of won-deal amounts), highest first. Reasons in English.
    pub fn risk_list(&self, cls: &Classification, scope: Scope<'_>) -> Vec<Risk> {
        self.risk_list_in(cls, scope, Lang::En)
    }

    /// [`Engine::risk_list`] with the reasons in `lang`.
    pub fn risk_list_in(&self, cls: &Classification, scope: Scope<'_>, lang: Lang) -> Vec<Risk> {
        let (activity, wins, nps, review) = self.compiled().risk_sets();
        let end = day_of(cls.as_of);
        let threshold = f64::from(self.model().sleeping_days()) * 0.75;
        let mut out = Vec::new();
        each(scope, cls.stages.len(), |idx| {
            let stage = cls.stages[idx as usize];
            if self.kind_of(stage) != StageKind::Won {
                return;
            }
            let ev = self.base().events(idx);
            let n = ev.count_until(end);
            let last_active = (0..n)
                .rev()
                .find(|&i| activity.contains(ev.kind[i]))
                .map(|i| end - ev.day[i]);
            let latest = |set: crate::compile::KindSet| {
                (0..n)
                    .rev()
                    .find(|&i| set.contains(ev.kind[i]) && ev.score[i] != NO_SCORE)
                    .map(|i| ev.score[i])
            };
            let (last_nps, last_review) = (latest(nps), latest(review));
            let mut reasons = Vec::new();
            if let Some(days) = last_active
                && f64::from(days) > threshold
            {
                let (days, threshold) = (lang.days(f64::from(days)), lang.days(threshold));
                reasons.push(match lang {
                    Lang::En => {
                        format!("no client activity for {days} (the alarm is at {threshold})")
                    }
                    Lang::Ru => {
                        format!("нет активности клиента {days} (тревога — после {threshold})")
                    }
                });
            }
            if let Some(s) = last_nps
                && s <= 6
            {
                reasons.push(match lang {
                    Lang::En => format!("latest NPS score {s}: a detractor (6 or lower)"),
                    Lang::Ru => format!("последняя оценка NPS {s}: критик (6 и ниже)"),
                });
            }
            if let Some(s) = last_review
                && s <= 2
            {
                reasons.push(match lang {
                    Lang::En => format!("latest review rated {s} (2 or lower)"),
                    Lang::Ru => format!("последний отзыв с оценкой {s} (2 и ниже)"),
                });
            }
            if reasons.is_empty() {
                return;
            }
            let value: f64 = (0..n)
                .filter(|&i| wins.contains(ev.kind[i]) && !ev.amount[i].is_nan())
                .map(|i| ev.amount[i])
                .sum();
            out.push(Risk {
                contact: idx,
                id: self.base().contact(idx).id.clone(),
                stage: self.stage_id(stage as usize).to_owned(),
                value,
                days_inactive: last_active,
                last_nps,
                last_review,
                reasons,
            });
        });
        crate::sort::sort_by(&mut out, |a, b| {
            b.value.total_cmp(&a.value).then(a.contact.cmp(&b.contact))
        });
        out
    }
}
