//! Rules compiled against a base: the metrics every rule needs become
//! counters and slots computed in one pass over a contact's events, and the
//! conditions become a tree over those slots. Nothing is re-parsed per contact.
//!
//! A *counter* sums (1 or the amount) over the events of some kinds whose age
//! (as-of day minus event day) lies in `lo..hi`. A *slot* is one metric value:
//! a counter, a number of active windows, days since the first or last event of
//! some kinds, or the latest score. Because a counter only changes when an
//! event enters (`day + lo`) or leaves (`day + hi`) its range, and a
//! days-since comparison with a constant only flips at `anchor + constant`,
//! the full stage history is found by visiting just those days.

use crate::base::{Base, ContactIdx, Day, Events, FieldCell, KindCode, NO_SCORE, date_of};
use crate::data::{BuiltinKind, Direction};
use crate::errors::{ModelProblem, RuleProblem};
use crate::model::Model;
use crate::model::{ModelError, ModelErrors, Place};
use crate::rule::{self, CmpOp, Expr, Node, Pos, RuleError};
use crate::words::{Lang, kind_one, kind_plural, ru_plural};

/// A set of kind codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct KindSet([u64; 4]);

impl KindSet {
    pub(crate) fn insert(&mut self, k: KindCode) {
        self.0[(k >> 6) as usize] |= 1 << (k & 63);
    }

    pub(crate) fn contains(&self, k: KindCode) -> bool {
        self.0[(k >> 6) as usize] >> (k & 63) & 1 == 1
    }

    fn union(mut self, other: KindSet) -> KindSet {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a |= b;
        }
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Counter {
    kinds: KindSet,
    lo: i32,
    hi: i32,
    /// Only events with a score <= this; `NO_SCORE` for no filter.
    max_score: u8,
    amount: bool,
}

impl Counter {
    fn matches(&self, ev: &Events<'_>, i: usize) -> bool {
        self.kinds.contains(ev.kind[i])
            && (self.max_score == NO_SCORE
                || (ev.score[i] != NO_SCORE && ev.score[i] <= self.max_score))
    }

    fn weight(&self, ev: &Events<'_>, i: usize) -> i64 {
        if self.amount {
            let a = ev.amount[i];
            if a.is_nan() {
                0
            } else {
                (a * 100.0).round() as i64
            }
        } else {
            1
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum SlotDef {
    Counter(usize),
    Active { first: usize, n: usize },
    Last(KindSet),
    First(KindSet),
    Latest(KindSet),
}

impl SlotDef {
    fn is_time(self) -> bool {
        matches!(self, SlotDef::Last(_) | SlotDef::First(_))
    }
}

#[derive(Debug, Clone)]
struct Slot {
    def: SlotDef,
    /// The kinds and groups as the rule names them, joined by `/`
    /// (`activity`, `deal_won/purchase`); explanations put them in words.
    label: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Num {
    Const(f64),
    Slot(usize),
    Field(Option<usize>, String),
}

#[derive(Debug, Clone, PartialEq)]
enum TextSrc {
    Field(Option<usize>, String),
    Source,
    Owner,
}

/// A compiled condition.
#[derive(Debug, Clone, PartialEq)]
enum Cond {
    Const(bool),
    Num {
        op: CmpOp,
        a: Num,
        b: Num,
    },
    /// The slot has a value: for "has an event of these kinds".
    Present(usize),
    /// `slot op constant`, the common case, without the operand dispatch.
    SlotConst {
        op: CmpOp,
        slot: usize,
        c: f64,
    },
    NumIn {
        a: Num,
        list: Vec<f64>,
        negated: bool,
    },
    Text {
        op: CmpOp,
        a: TextSrc,
        lit: String,
        date: Option<Day>,
    },
    TextIn {
        a: TextSrc,
        list: Vec<String>,
        negated: bool,
    },
    FieldBool {
        field: Option<usize>,
        name: String,
        want: bool,
    },
    HasTag(String),
    Icp,
    Not(Box<Cond>),
    And(Vec<Cond>),
    Or(Vec<Cond>),
}

/// How an incremental slot follows the events of a sweep.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Inc {
    /// Counts events: one each.
    Plain,
    /// A counter over all time with a score filter or amounts.
    Counter(usize),
    /// Days since the last event of its kinds.
    Last,
    /// Days since the first event of its kinds.
    First,
    /// The latest score.
    Latest,
    /// Not incremental.
    None,
}

/// A comparison of a slot with constants.
#[derive(Debug, Clone, PartialEq)]
enum Test {
    Op(CmpOp, f64),
    In(Vec<f64>),
}

/// Records in `tests` how each slot is compared in `c`: a slot compared
/// with anything but a constant gets `None`.
fn note_tests(c: &Cond, tests: &mut [Option<Vec<Test>>]) {
    let mut push = |slot: usize, t: Option<Test>| {
        if let Some(ts) = tests.get_mut(slot) {
            match (ts.as_mut(), t) {
                (Some(list), Some(t)) => list.push(t),
                _ => *ts = None,
            }
        }
    };
    match c {
        Cond::SlotConst { op, slot, c } => push(*slot, Some(Test::Op(*op, *c))),
        Cond::Num { op, a, b } => match (a, b) {
            (Num::Slot(s), Num::Const(c)) => push(*s, Some(Test::Op(*op, *c))),
            (Num::Const(c), Num::Slot(s)) => push(*s, Some(Test::Op(op.flip(), *c))),
            _ => {
                for n in [a, b] {
                    if let Num::Slot(s) = n {
                        push(*s, None);
                    }
                }
            }
        },
        Cond::NumIn {
            a: Num::Slot(s),
            list,
            ..
        } => push(*s, Some(Test::In(list.clone()))),
        Cond::Not(inner) => note_tests(inner, tests),
        Cond::And(items) | Cond::Or(items) => {
            for i in items {
                note_tests(i, tests);
            }
        }
        _ => {}
    }
}

/// A compiled stage.
#[derive(Debug, Clone)]
pub(crate) struct CStage {
    pub(crate) id: String,
    cond: Cond,
}

/// A model compiled against a base.
#[derive(Debug, Clone)]
pub struct Compiled {
    counters: Vec<Counter>,
    slots: Vec<Slot>,
    /// For each kind code, the bit set of counters that kind feeds in the
    /// direct pass (counters only active windows use are left out).
    direct_counters: Vec<u64>,
    actives: Vec<ActiveSpec>,
    /// Slots a sweep keeps up to date as events enter (counters over all
    /// time, anchors, latest scores); the others are computed when read.
    inc_slots: Vec<usize>,
    inc_mask: u64,
    /// Counter slots over all time, computed together in one pass: the
    /// slots as a mask, and per kind code the slots it feeds.
    ever_mask: u64,
    kind_ever: Vec<u64>,
    /// The ever-counter slots that simply count events.
    plain_ever: u64,
    /// Per kind code, the incremental slots an event of that kind feeds,
    /// by what it does to them: `[plain counts (one more), days-since-last
    /// anchors (moved to the event's day), the others]`. The sweep applies
    /// the first two without looking at the slot.
    kind_inc: Vec<[u64; 3]>,
    /// The incremental days-since slots (last and first): the only ones
    /// whose value moves with the day rather than with the events.
    inc_time: u64,
    /// Per slot, what an incremental slot does with an event: a small copy
    /// of its definition, so that the sweep's inner loops read a few bytes
    /// instead of the slot (labels and all).
    inc_def: Vec<Inc>,
    /// Every slot's value before any event.
    empty: Vec<f64>,
    /// Per slot: a days-since slot's comparisons can flip on
    /// `anchor + offset`.
    offsets: Vec<Vec<i32>>,
    /// Per slot: the smallest of its offsets (`i32::MAX` for none).
    min_offset: Vec<i32>,
    /// Per slot: every comparison of it with constants, when that is all
    /// the rules do with it (`None` otherwise). Two values with the same
    /// outcomes lead to the same stage, so a change between them is none.
    tests: Vec<Option<Vec<Test>>>,
    pub(crate) stages: Vec<CStage>,
    /// The stage before any event when no contact's fields or texts can
    /// change it (as in every preset): the walks then skip evaluating it.
    initial: Option<u8>,
    icp: Cond,
    activity: KindSet,
    wins: KindSet,
    nps: KindSet,
    review: KindSet,
}

/// The values of every slot for one contact on one day.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scratch {
    cnt: Vec<i64>,
    vals: Vec<f64>,
    anchors: Vec<Day>,
    masks: Vec<u64>,
    /// Running sums of the incremental counters with a score filter or
    /// amounts, in a sweep (the other incremental slots keep their running
    /// state in `vals` and `anchors`).
    inc_sum: Vec<i64>,
    /// Per slot: the next event that may change it.
    ptr: Vec<usize>,
    /// Per active-windows slot: the distinct days of its events, in a sweep.
    act: Vec<Vec<Day>>,
    /// Per active-windows slot: how many of those days are out of the span
    /// as of the last day asked (the days asked only grow in a sweep).
    act_lo: Vec<usize>,
    /// Per slot: the next day it can change, once known in a sweep. It stays
    /// right for every later day before it.
    nc: Vec<Day>,
}

/// Slot values of one contact on one day, computed on first read. `read`
/// records which slots an evaluation looked at: only their changes can
/// change its outcome.
pub(crate) struct Lazy<'a> {
    ev: Events<'a>,
    n: usize,
    day: Day,
    done: u64,
    read: u64,
    vals: &'a mut [f64],
    anchors: &'a mut [Day],
}

/// What a walk over a contact's history does with the stages it finds.
trait Visit {
    /// Told the first event day (`Day::MAX` for none) and the stage before
    /// any event; returns the first day to evaluate.
    fn start(&mut self, first: Day, initial: u8) -> Day;
    /// Told the stage on `day` and the next day it can change; returns the
    /// next day to evaluate (past the walk's end to stop).
    fn visit(&mut self, day: Day, stage: u8, next: Day) -> Day;
    /// A day after `day` (before the walk's end) such that every next
    /// change on or before it makes [`Visit::visit`] choose the same day.
    fn horizon(&self, day: Day) -> Day;
    /// The only days the visitor evaluates on, when it evaluates on some
    /// dates only (`None`: every day counts).
    fn dates(&self) -> Option<&DayIndex>;
}

/// Records every change of stage.
struct Transitions<'a> {
    current: u8,
    out: &'a mut Vec<(Day, u8)>,
}

impl Visit for Transitions<'_> {
    fn start(&mut self, first: Day, initial: u8) -> Day {
        self.current = initial;
        first
    }

    #[inline]
    fn visit(&mut self, day: Day, stage: u8, next: Day) -> Day {
        if stage != self.current {
            self.out.push((day, stage));
            self.current = stage;
        }
        next
    }

    #[inline]
    fn horizon(&self, day: Day) -> Day {
        day.saturating_add(1)
    }

    fn dates(&self) -> Option<&DayIndex> {
        None
    }
}

/// Sorted days without repeats, with a table that says in one read how
/// many of them come before a day: a walk over dates asks this for every
/// contact and every change, and a binary search is a chain of dependent
/// loads.
#[derive(Debug, Clone)]
pub(crate) struct DayIndex {
    days: Vec<Day>,
    /// `table[i]`: the number of days before `days[0] + i`, for the days up
    /// to the last; empty when that range is too long (then: binary search).
    table: Vec<u16>,
}

impl DayIndex {
    /// Longest range of days the table covers (180 years).
    const MAX_TABLE: i64 = 1 << 16;

    /// `days` must be sorted, without repeats.
    pub(crate) fn new(days: Vec<Day>) -> DayIndex {
        let mut table = Vec::new();
        if let (Some(&first), Some(&last)) = (days.first(), days.last())
            && i64::from(last) - i64::from(first) < Self::MAX_TABLE
            && days.len() <= usize::from(u16::MAX)
        {
            table.reserve((last - first + 1) as usize);
            let mut k = 0u16;
            for d in first..=last {
                while days[usize::from(k)] < d {
                    k += 1;
                }
                table.push(k);
            }
        }
        DayIndex { days, table }
    }

    /// The days.
    pub(crate) fn days(&self) -> &[Day] {
        &self.days
    }

    /// The first of the days on or after `x` (`Day::MAX` for none).
    #[inline]
    fn on_or_after(&self, x: Day) -> Day {
        self.days.get(self.before(x)).copied().unwrap_or(Day::MAX)
    }

    /// The number of days before `x`.
    #[inline]
    fn before(&self, x: Day) -> usize {
        let (Some(&first), Some(&last)) = (self.days.first(), self.days.last()) else {
            return 0;
        };
        if x <= first {
            0
        } else if x > last {
            self.days.len()
        } else if let Some(&k) = self.table.get((i64::from(x) - i64::from(first)) as usize) {
            usize::from(k)
        } else {
            self.days.partition_point(|&d| d < x)
        }
    }
}

/// Reports the stage on each of some sorted days, as runs of dates.
struct OnDays<'a, F> {
    days: &'a DayIndex,
    k: usize,
    span: F,
}

impl<F: FnMut(std::ops::Range<usize>, u8)> Visit for OnDays<'_, F> {
    fn start(&mut self, first: Day, initial: u8) -> Day {
        self.k = self.days.before(first);
        if self.k > 0 {
            (self.span)(0..self.k, initial);
        }
        self.days.days.get(self.k).copied().unwrap_or(Day::MAX)
    }

    #[inline]
    fn visit(&mut self, _day: Day, stage: u8, next: Day) -> Day {
        let from = self.k;
        // The walk asks for a day after the one it evaluated, `days[from]`.
        self.k = self.days.before(next).max(from + 1);
        (self.span)(from..self.k, stage);
        self.days.days.get(self.k).copied().unwrap_or(Day::MAX)
    }

    #[inline]
    fn horizon(&self, _day: Day) -> Day {
        // The walk evaluates on `days[k]`; the next date is the earliest it
        // can go to.
        self.days.days.get(self.k + 1).copied().unwrap_or(Day::MAX)
    }

    fn dates(&self) -> Option<&DayIndex> {
        Some(self.days)
    }
}

/// An `active_windows` slot, computed in the direct pass by window number.
#[derive(Debug, Clone, Copy)]
struct ActiveSpec {
    slot: usize,
    kinds: KindSet,
    width: i32,
    n: i32,
    /// `u64::MAX / width + 1`, to divide by `width` with a multiply.
    inv: u64,
}

/// `age / width` for `0 <= age < 2^32`, with `inv` from [`ActiveSpec`]
/// (a multiply is several times faster than a division).
fn div_by(age: i32, width: i32, inv: u64) -> i32 {
    if width == 1 {
        age
    } else {
        ((u128::from(age as u32) * u128::from(inv)) >> 64) as i32
    }
}

const NO_DAY: Day = Day::MIN;
const MAX_COUNTERS: usize = 64;

enum Val {
    Cond(Cond),
    Num(Num),
    Text(TextSrc),
    Str(String),
    Bool(bool),
    Field(Option<usize>, String),
    List(Vec<(Val, Pos)>),
}

struct Cx<'a> {
    model: &'a Model,
    base: &'a Base,
    counters: Vec<Counter>,
    slots: Vec<Slot>,
    offsets: Vec<(usize, i32)>,
    errors: Vec<RuleError>,
    in_icp: bool,
    activity: KindSet,
    wins: KindSet,
    interest: KindSet,
    any: KindSet,
}

fn err(pos: Pos, problem: RuleProblem) -> RuleError {
    RuleError::new(pos, problem)
}

impl Cx<'_> {
    fn kind_set(&self, name: &str, pos: Pos) -> Result<(KindSet, String), RuleError> {
        let kinds = self.base.kinds();
        let group = |set: KindSet, label: &str| Ok((set, label.to_owned()));
        match name {
            "activity" => return group(self.activity, "activity"),
            "wins" => return group(self.wins, "wins"),
            "interest" => return group(self.interest, "interest"),
            "any" => return group(self.any, "any"),
            _ => {}
        }
        let declared = self.model.kinds.iter().any(|k| k.name == name);
        let mut set = KindSet::default();
        match kinds.code(name) {
            Some(code) => set.insert(code),
            None if declared => {}
            None => {
                return Err(err(
                    pos,
                    RuleProblem::UnknownKind {
                        name: name.to_owned(),
                    },
                ));
            }
        }
        Ok((set, name.to_owned()))
    }

    fn counter(&mut self, c: Counter) -> usize {
        if let Some(i) = self.counters.iter().position(|x| *x == c) {
            return i;
        }
        self.counters.push(c);
        self.counters.len() - 1
    }

    fn slot(&mut self, def: SlotDef, label: String) -> Num {
        if let Some(i) = self.slots.iter().position(|s| s.def == def) {
            return Num::Slot(i);
        }
        self.slots.push(Slot { def, label });
        Num::Slot(self.slots.len() - 1)
    }

    fn count_slot(
        &mut self,
        kinds: KindSet,
        label: String,
        window: Option<i32>,
        max_score: u8,
        amount: bool,
    ) -> Num {
        let c = self.counter(Counter {
            kinds,
            lo: 0,
            hi: window.unwrap_or(i32::MAX),
            max_score,
            amount,
        });
        self.slot(SlotDef::Counter(c), label)
    }

    fn const_num(&self, node: &Node) -> Option<f64> {
        match &node.expr {
            Expr::Number(n) | Expr::Duration(n) => Some(*n),
            Expr::Name { path, args: None } if path.len() == 2 && path[0] == "window" => {
                self.model.windows.get(&path[1]).map(|&d| f64::from(d))
            }
            _ => None,
        }
    }

    fn days_arg(&self, node: &Node) -> Result<i32, RuleError> {
        match self.const_num(node) {
            Some(d) if d >= 1.0 && d.fract() == 0.0 && d < 1e6 => Ok(d as i32),
            _ => Err(err(
                node.pos,
                RuleProblem::NotWholeDays {
                    text: node.text.clone(),
                },
            )),
        }
    }

    /// Kind arguments, then optionally a trailing window.
    fn kinds_and_window(
        &self,
        args: &[Node],
        pos: Pos,
        allow_window: bool,
    ) -> Result<(KindSet, String, Option<i32>), RuleError> {
        let mut set = KindSet::default();
        let mut labels = Vec::new();
        let mut window = None;
        for (i, a) in args.iter().enumerate() {
            let name = match &a.expr {
                Expr::Name { path, args: None } if path.len() == 1 => Some(path[0].clone()),
                Expr::Str(s) => Some(s.clone()),
                _ => None,
            };
            match name {
                Some(n) => {
                    let (s, label) = self.kind_set(&n, a.pos)?;
                    set = set.union(s);
                    labels.push(label);
                }
                None if allow_window && i == args.len() - 1 && i > 0 => {
                    window = Some(self.days_arg(a)?)
                }
                None => {
                    return Err(err(
                        a.pos,
                        RuleProblem::ExpectedKind {
                            text: a.text.clone(),
                            window_allowed: allow_window,
                        },
                    ));
                }
            }
        }
        if labels.is_empty() {
            return Err(err(pos, RuleProblem::NoKinds));
        }
        Ok((set, labels.join("/"), window))
    }

    fn name(
        &mut self,
        node: &Node,
        path: &[String],
        args: Option<&[Node]>,
    ) -> Result<Val, RuleError> {
        let pos = node.pos;
        let no_args = |v: Val| -> Result<Val, RuleError> {
            if args.is_some() {
                Err(err(
                    pos,
                    RuleProblem::TakesNoArguments {
                        name: path.join("."),
                    },
                ))
            } else {
                Ok(v)
            }
        };
        if path.len() == 2 && path[0] == "field" {
            let name = &path[1];
            let known = self.model.fields.iter().any(|f| &f.name == name);
            let column = self.base.field_index(name);
            if !known && column.is_none() {
                let mut names: Vec<&str> =
                    self.model.fields.iter().map(|f| f.name.as_str()).collect();
                names.extend(self.base.fields().iter().map(|f| f.name.as_str()));
                crate::sort::sort(&mut names);
                names.dedup();
                return Err(err(
                    pos,
                    RuleProblem::UnknownField {
                        name: name.clone(),
                        known: names.iter().map(|n| (*n).to_owned()).collect(),
                    },
                ));
            }
            return no_args(Val::Field(column, name.clone()));
        }
        if path.len() == 2 && path[0] == "window" {
            return match self.model.windows.get(&path[1]) {
                Some(&d) => no_args(Val::Num(Num::Const(f64::from(d)))),
                None => Err(err(
                    pos,
                    RuleProblem::UnknownWindow {
                        name: path[1].clone(),
                        known: self.model.windows.keys().cloned().collect(),
                    },
                )),
            };
        }
        if path.len() != 1 {
            return Err(err(
                pos,
                RuleProblem::UnknownDottedName {
                    name: path.join("."),
                },
            ));
        }
        let name = path[0].as_str();
        let args_or_empty = args.unwrap_or(&[]);
        let (activity, wins) = (self.activity, self.wins);
        let kind = |cx: &Self, k: BuiltinKind| {
            let mut s = KindSet::default();
            s.insert(k as u8);
            let _ = cx;
            s
        };
        let v = match name {
            "deals_won" => no_args(Val::Num(self.count_slot(
                wins,
                "wins".into(),
                None,
                NO_SCORE,
                false,
            )))?,
            "deals_lost" => {
                let s = kind(self, BuiltinKind::DealLost);
                no_args(Val::Num(self.count_slot(
                    s,
                    "deal_lost".into(),
                    None,
                    NO_SCORE,
                    false,
                )))?
            }
            "revenue" => no_args(Val::Num(self.count_slot(
                wins,
                "wins".into(),
                None,
                NO_SCORE,
                true,
            )))?,
            "low_reviews" => {
                let s = kind(self, BuiltinKind::Review);
                no_args(Val::Num(self.count_slot(
                    s,
                    "review".into(),
                    None,
                    2,
                    false,
                )))?
            }
            "has_activity" => {
                no_args(Val::Num(Num::Const(0.0)))?;
                // "Has a last activity": no count needed.
                match self.slot(SlotDef::Last(activity), "activity".into()) {
                    Num::Slot(slot) => Val::Cond(Cond::Present(slot)),
                    _ => Val::Cond(Cond::Const(false)),
                }
            }
            "days_since_last_activity" => no_args(Val::Num(
                self.slot(SlotDef::Last(activity), "activity".into()),
            ))?,
            "days_since_first_activity" => no_args(Val::Num(
                self.slot(SlotDef::First(activity), "activity".into()),
            ))?,
            "days_since_last_deal" => {
                no_args(Val::Num(self.slot(SlotDef::Last(wins), "wins".into())))?
            }
            "days_since_first_deal" => {
                no_args(Val::Num(self.slot(SlotDef::First(wins), "wins".into())))?
            }
            "last_nps" => {
                let s = kind(self, BuiltinKind::Nps);
                no_args(Val::Num(self.slot(SlotDef::Latest(s), "nps".into())))?
            }
            "last_review" => {
                let s = kind(self, BuiltinKind::Review);
                no_args(Val::Num(self.slot(SlotDef::Latest(s), "review".into())))?
            }
            "icp" => {
                if self.in_icp {
                    return Err(err(pos, RuleProblem::IcpUsesIcp));
                }
                no_args(Val::Cond(Cond::Icp))?
            }
            "source" => no_args(Val::Text(TextSrc::Source))?,
            "owner" => no_args(Val::Text(TextSrc::Owner))?,
            "count" | "sum" => {
                let (set, label, window) = self.kinds_and_window(args_or_empty, pos, true)?;
                let amount = name == "sum";
                Val::Num(self.count_slot(set, label, window, NO_SCORE, amount))
            }
            "has" => {
                let (set, label, window) = self.kinds_and_window(args_or_empty, pos, true)?;
                if window.is_none()
                    && let Num::Slot(slot) = self.slot(SlotDef::Last(set), label.clone())
                {
                    Val::Cond(Cond::Present(slot))
                } else {
                    let a = self.count_slot(set, label, window, NO_SCORE, false);
                    Val::Cond(Cond::Num {
                        op: CmpOp::Gt,
                        a,
                        b: Num::Const(0.0),
                    })
                }
            }
            "days_since_last" | "days_since_first" | "last_score" => {
                let (set, label, _) = self.kinds_and_window(args_or_empty, pos, false)?;
                let def = match name {
                    "days_since_last" => SlotDef::Last(set),
                    "days_since_first" => SlotDef::First(set),
                    _ => SlotDef::Latest(set),
                };
                Val::Num(self.slot(def, label))
            }
            "count_score_at_most" => {
                let (last, kinds) = match args_or_empty.split_last() {
                    Some(split) if args_or_empty.len() >= 2 => split,
                    _ => {
                        return Err(err(pos, RuleProblem::CountScoreArguments));
                    }
                };
                let max = match self.const_num(last) {
                    Some(m) if (0.0..=10.0).contains(&m) && m.fract() == 0.0 => m as u8,
                    _ => {
                        return Err(err(
                            last.pos,
                            RuleProblem::NotAScore {
                                text: last.text.clone(),
                            },
                        ));
                    }
                };
                let (set, label, _) = self.kinds_and_window(kinds, pos, false)?;
                Val::Num(self.count_slot(set, label, None, max, false))
            }
            "active_windows" => {
                let [width, n] = args_or_empty else {
                    return Err(err(pos, RuleProblem::ActiveWindowsArguments));
                };
                let width = self.days_arg(width)?;
                let count = match self.const_num(n) {
                    Some(c) if (1.0..=36.0).contains(&c) && c.fract() == 0.0 => c as usize,
                    _ => {
                        return Err(err(
                            n.pos,
                            RuleProblem::NotAWindowCount {
                                text: n.text.clone(),
                            },
                        ));
                    }
                };
                let first = self.counters.len();
                let mut ids = Vec::new();
                for i in 0..count {
                    // Windows must be consecutive counters; push without dedup.
                    self.counters.push(Counter {
                        kinds: activity,
                        lo: width * i as i32,
                        hi: width * (i as i32 + 1),
                        max_score: NO_SCORE,
                        amount: false,
                    });
                    ids.push(first + i);
                }
                let def = SlotDef::Active { first, n: count };
                if let Some(existing) = self.slots.iter().position(|s| {
                    matches!(s.def, SlotDef::Active { first: f, n: m } if m == count && self.counters[f].hi == width)
                }) {
                    self.counters.truncate(first);
                    Val::Num(Num::Slot(existing))
                } else {
                    Val::Num(self.slot(def, "activity".into()))
                }
            }
            "has_tag" => match args_or_empty {
                [
                    Node {
                        expr: Expr::Str(tag),
                        ..
                    },
                ] => Val::Cond(Cond::HasTag(tag.clone())),
                _ => {
                    return Err(err(pos, RuleProblem::HasTagArguments));
                }
            },
            _ => {
                return Err(err(
                    pos,
                    RuleProblem::UnknownMetric {
                        name: name.to_owned(),
                    },
                ));
            }
        };
        Ok(v)
    }

    fn val(&mut self, node: &Node) -> Result<Val, RuleError> {
        Ok(match &node.expr {
            Expr::Number(n) | Expr::Duration(n) => Val::Num(Num::Const(*n)),
            Expr::Str(s) => Val::Str(s.clone()),
            Expr::Bool(b) => Val::Bool(*b),
            Expr::List(items) => {
                let mut out = Vec::new();
                for item in items {
                    out.push((self.val(item)?, item.pos));
                }
                Val::List(out)
            }
            Expr::Name { path, args } => self.name(node, path, args.as_deref())?,
            Expr::Not(inner) => Val::Cond(Cond::Not(Box::new(self.cond(inner)?))),
            Expr::And(items) => Val::Cond(Cond::And(self.conds(items)?)),
            Expr::Or(items) => Val::Cond(Cond::Or(self.conds(items)?)),
            Expr::Cmp(op, a, b) => Val::Cond(self.compare(*op, a, b, node.pos)?),
            Expr::In {
                value,
                list,
                negated,
            } => Val::Cond(self.is_in(value, list, *negated)?),
        })
    }

    fn conds(&mut self, items: &[Node]) -> Result<Vec<Cond>, RuleError> {
        // Collect the errors of every branch, report the first here.
        let mut out = Vec::new();
        let mut first_err = None;
        for item in items {
            match self.cond(item) {
                Ok(c) => out.push(c),
                Err(e) => {
                    if first_err.is_none() {
                        first_err = Some(e);
                    } else {
                        self.errors.push(e);
                    }
                }
            }
        }
        match first_err {
            Some(e) => Err(e),
            None => Ok(out),
        }
    }

    fn cond(&mut self, node: &Node) -> Result<Cond, RuleError> {
        match self.val(node)? {
            Val::Cond(c) => Ok(c),
            Val::Bool(b) => Ok(Cond::Const(b)),
            Val::Field(field, name) => Ok(Cond::FieldBool {
                field,
                name,
                want: true,
            }),
            Val::Num(_) => Err(err(
                node.pos,
                RuleProblem::NumberNotCondition {
                    text: node.text.clone(),
                },
            )),
            Val::Text(_) | Val::Str(_) => Err(err(
                node.pos,
                RuleProblem::TextNotCondition {
                    text: node.text.clone(),
                },
            )),
            Val::List(_) => Err(err(node.pos, RuleProblem::ListNotCondition)),
        }
    }

    fn num_operand(&self, v: Val, node: &Node) -> Result<Num, RuleError> {
        match v {
            Val::Num(n) => Ok(n),
            Val::Field(f, name) => Ok(Num::Field(f, name)),
            _ => Err(err(
                node.pos,
                RuleProblem::NotANumber {
                    text: node.text.clone(),
                },
            )),
        }
    }

    /// Records the days (after the anchor) on which `a op c` can flip, for
    /// a days-since slot `a`: the value is a whole number of days, so
    /// `a > 180` flips on day 181 and `a >= 180` on day 180.
    fn note_offsets(&mut self, a: &Num, op: Option<CmpOp>, values: &[f64]) {
        if let Num::Slot(s) = a
            && self.slots[*s].def.is_time()
        {
            for &c in values {
                if c.abs() >= 1e7 {
                    continue;
                }
                let offs: Vec<i32> = if c.fract() != 0.0 {
                    vec![c.ceil() as i32]
                } else {
                    let c = c as i32;
                    match op {
                        Some(CmpOp::Gt | CmpOp::Le) => vec![c + 1],
                        Some(CmpOp::Ge | CmpOp::Lt) => vec![c],
                        _ => vec![c, c + 1],
                    }
                };
                for off in offs {
                    if off >= 0 && !self.offsets.contains(&(*s, off)) {
                        self.offsets.push((*s, off));
                    }
                }
            }
        }
    }

    fn compare(&mut self, op: CmpOp, an: &Node, bn: &Node, pos: Pos) -> Result<Cond, RuleError> {
        let a = self.val(an)?;
        let b = self.val(bn)?;
        let is_texty = |v: &Val| matches!(v, Val::Text(_) | Val::Field(..));
        match (a, b) {
            (Val::Str(lit), other) if is_texty(&other) => {
                self.text_cmp(op.flip(), other, lit, an.pos)
            }
            (other, Val::Str(lit)) if is_texty(&other) => self.text_cmp(op, other, lit, bn.pos),
            (Val::Bool(want), other) | (other, Val::Bool(want))
                if matches!(op, CmpOp::Eq | CmpOp::Ne) =>
            {
                let want = want == (op == CmpOp::Eq);
                match other {
                    Val::Field(field, name) => Ok(Cond::FieldBool { field, name, want }),
                    Val::Cond(c) if want => Ok(c),
                    Val::Cond(c) => Ok(Cond::Not(Box::new(c))),
                    Val::Bool(x) => Ok(Cond::Const(x == want)),
                    _ => Err(err(pos, RuleProblem::BoolComparison)),
                }
            }
            (a, b) => {
                let a = self.num_operand(a, an)?;
                let b = self.num_operand(b, bn)?;
                let time = |n: &Num| matches!(n, Num::Slot(s) if self.slots[*s].def.is_time());
                let (a, b, op) = if time(&b) {
                    (b, a, op.flip())
                } else {
                    (a, b, op)
                };
                if time(&a) {
                    match &b {
                        Num::Const(c) => self.note_offsets(&a, Some(op), &[*c]),
                        _ => {
                            return Err(err(pos, RuleProblem::DaysSinceComparison));
                        }
                    }
                }
                Ok(Cond::Num { op, a, b })
            }
        }
    }

    fn text_cmp(&mut self, op: CmpOp, src: Val, lit: String, pos: Pos) -> Result<Cond, RuleError> {
        let a = match src {
            Val::Text(t) => t,
            Val::Field(f, name) => TextSrc::Field(f, name),
            _ => return Err(err(pos, RuleProblem::TextComparison)),
        };
        let date = crate::base::parse_date(&lit).map(crate::base::day_of);
        Ok(Cond::Text { op, a, lit, date })
    }

    fn is_in(&mut self, value: &Node, list: &Node, negated: bool) -> Result<Cond, RuleError> {
        let v = self.val(value)?;
        let Val::List(items) = self.val(list)? else {
            return Err(err(list.pos, RuleProblem::ListExpected));
        };
        let all_str = items.iter().all(|(i, _)| matches!(i, Val::Str(_)));
        let all_num = items
            .iter()
            .all(|(i, _)| matches!(i, Val::Num(Num::Const(_))));
        if all_str && !items.is_empty() {
            let list: Vec<String> = items
                .into_iter()
                .filter_map(|(i, _)| if let Val::Str(s) = i { Some(s) } else { None })
                .collect();
            let a = match v {
                Val::Text(t) => t,
                Val::Field(f, name) => TextSrc::Field(f, name),
                _ => {
                    return Err(err(
                        value.pos,
                        RuleProblem::NotText {
                            text: value.text.clone(),
                        },
                    ));
                }
            };
            return Ok(Cond::TextIn { a, list, negated });
        }
        if all_num && !items.is_empty() {
            let list: Vec<f64> = items
                .into_iter()
                .filter_map(|(i, _)| {
                    if let Val::Num(Num::Const(n)) = i {
                        Some(n)
                    } else {
                        None
                    }
                })
                .collect();
            let a = self.num_operand(v, value)?;
            self.note_offsets(&a, None, &list);
            return Ok(Cond::NumIn { a, list, negated });
        }
        Err(err(list.pos, RuleProblem::MixedList))
    }
}

/// Rewrites `slot op constant` comparisons into their fast form.
fn simplify(c: Cond) -> Cond {
    match c {
        Cond::Num {
            op,
            a: Num::Slot(slot),
            b: Num::Const(c),
        } => Cond::SlotConst { op, slot, c },
        Cond::Not(inner) => Cond::Not(Box::new(simplify(*inner))),
        Cond::And(items) => Cond::And(items.into_iter().map(simplify).collect()),
        Cond::Or(items) => Cond::Or(items.into_iter().map(simplify).collect()),
        other => other,
    }
}

fn rule_errors(place: Place, errors: Vec<RuleError>) -> impl Iterator<Item = ModelError> {
    errors.into_iter().map(move |e| ModelError {
        place: place.clone(),
        pos: Some(e.pos),
        message: e.message,
        hint: e.hint,
        problem: Box::new(ModelProblem::Rule(e.problem)),
    })
}

impl Compiled {
    /// Compiles a model against a base (whose fields and custom kinds the
    /// rules may name); returns every problem of the model at once.
    pub fn compile(model: &Model, base: &Base) -> Result<Compiled, ModelErrors> {
        let mut errors = model.structure_errors();
        let kinds = base.kinds();
        let (mut activity, mut wins, mut interest, mut any) = Default::default();
        let set_of = |k: BuiltinKind| {
            let mut s = KindSet::default();
            s.insert(k as u8);
            s
        };
        for code in 0..kinds.len() {
            let code = code as KindCode;
            let decl = model.kinds.iter().find(|k| k.name == kinds.name(code));
            let direction = decl.map_or(kinds.default_direction(code), |d| d.direction);
            KindSet::insert(&mut any, code);
            if direction == Direction::Client {
                KindSet::insert(&mut activity, code);
            }
            if kinds.builtin(code).is_some_and(BuiltinKind::is_win) || decl.is_some_and(|d| d.win) {
                KindSet::insert(&mut wins, code);
            }
            if matches!(
                kinds.builtin(code),
                Some(
                    BuiltinKind::InboundRequest
                        | BuiltinKind::QuoteRequest
                        | BuiltinKind::TenderInvite
                )
            ) {
                KindSet::insert(&mut interest, code);
            }
        }
        let mut cx = Cx {
            model,
            base,
            counters: Vec::new(),
            slots: Vec::new(),
            offsets: Vec::new(),
            errors: Vec::new(),
            in_icp: true,
            activity,
            wins,
            interest,
            any,
        };
        let compile_rule =
            |cx: &mut Cx<'_>, src: &str, place: Place, errors: &mut Vec<ModelError>| {
                let result = rule::parse(src).and_then(|node| cx.cond(&node));
                let mut found = std::mem::take(&mut cx.errors);
                let cond = match result {
                    Ok(c) => Some(c),
                    Err(e) => {
                        found.insert(0, e);
                        None
                    }
                };
                crate::sort::sort_by_key(&mut found, |e| e.pos);
                errors.extend(rule_errors(place, found));
                cond
            };
        let icp = compile_rule(&mut cx, &model.icp, Place::Icp, &mut errors);
        cx.in_icp = false;
        let mut stages = Vec::new();
        for stage in &model.stages {
            let cond = compile_rule(
                &mut cx,
                &stage.rule,
                Place::Stage(stage.id.clone()),
                &mut errors,
            );
            stages.push(CStage {
                id: stage.id.clone(),
                cond: cond.map_or(Cond::Const(false), simplify),
            });
        }
        if cx.slots.len() > MAX_COUNTERS {
            errors.push(ModelError::new(
                Place::Model,
                None,
                ModelProblem::TooManyMetrics {
                    needed: cx.slots.len(),
                    max: MAX_COUNTERS,
                },
            ));
        }
        if cx.counters.len() > MAX_COUNTERS {
            errors.push(ModelError::new(
                Place::Model,
                None,
                ModelProblem::TooManyCounts {
                    needed: cx.counters.len(),
                    max: MAX_COUNTERS,
                },
            ));
        }
        if !errors.is_empty() {
            return Err(ModelErrors(errors));
        }
        let mut kind_counters = vec![0u64; 256];
        for (i, c) in cx.counters.iter().enumerate() {
            for (k, bits) in kind_counters.iter_mut().enumerate() {
                if c.kinds.contains(k as u8) {
                    *bits |= 1 << i;
                }
            }
        }
        let mut direct_counters = kind_counters.clone();
        let mut actives = Vec::new();
        for (j, slot) in cx.slots.iter().enumerate() {
            if let SlotDef::Active { first, n } = slot.def {
                let c = cx.counters[first];
                actives.push(ActiveSpec {
                    slot: j,
                    kinds: c.kinds,
                    width: c.hi - c.lo,
                    n: n as i32,
                    inv: (u64::MAX / (c.hi - c.lo).max(1) as u64).wrapping_add(1),
                });
                for i in first..first + n {
                    let shared = cx.slots.iter().any(|s| s.def == SlotDef::Counter(i));
                    if !shared {
                        direct_counters.iter_mut().for_each(|b| *b &= !(1u64 << i));
                    }
                }
            }
        }
        let slot_count = cx.slots.len();
        let inc_slots: Vec<usize> = (0..slot_count)
            .filter(|&j| match cx.slots[j].def {
                SlotDef::Counter(c) => cx.counters[c].lo == 0 && cx.counters[c].hi == i32::MAX,
                SlotDef::Active { .. } => false,
                _ => true,
            })
            .collect();
        let inc_mask = inc_slots.iter().fold(0u64, |m, &j| m | 1u64 << (j % 64));
        let mut ever_mask = 0u64;
        let mut plain_ever = 0u64;
        let mut kind_ever = vec![0u64; 256];
        for &j in &inc_slots {
            if let SlotDef::Counter(c) = cx.slots[j].def {
                ever_mask |= 1u64 << (j % 64);
                if cx.counters[c].max_score == NO_SCORE && !cx.counters[c].amount {
                    plain_ever |= 1u64 << (j % 64);
                }
                for (k, bits) in kind_ever.iter_mut().enumerate() {
                    if cx.counters[c].kinds.contains(k as u8) {
                        *bits |= 1u64 << (j % 64);
                    }
                }
            }
        }
        let kind_inc = (0..256)
            .map(|k| {
                let mut acts = [0u64; 3];
                for &j in &inc_slots {
                    let (kinds, act) = match cx.slots[j].def {
                        SlotDef::Counter(c) if plain_ever >> (j % 64) & 1 == 1 => {
                            (cx.counters[c].kinds, 0)
                        }
                        SlotDef::Counter(c) => (cx.counters[c].kinds, 2),
                        SlotDef::Last(ks) => (ks, 1),
                        SlotDef::First(ks) | SlotDef::Latest(ks) => (ks, 2),
                        SlotDef::Active { .. } => (KindSet::default(), 2),
                    };
                    if kinds.contains(k as u8) {
                        acts[act] |= 1u64 << (j % 64);
                    }
                }
                acts
            })
            .collect();
        let inc_time = inc_slots
            .iter()
            .filter(|&&j| cx.slots[j].def.is_time())
            .fold(0u64, |m, &j| m | 1u64 << (j % 64));
        let inc_def = (0..slot_count)
            .map(|j| match cx.slots[j].def {
                _ if !inc_slots.contains(&j) => Inc::None,
                _ if plain_ever >> (j % 64) & 1 == 1 => Inc::Plain,
                SlotDef::Counter(c) => Inc::Counter(c),
                SlotDef::Last(_) => Inc::Last,
                SlotDef::First(_) => Inc::First,
                SlotDef::Latest(_) => Inc::Latest,
                SlotDef::Active { .. } => Inc::None,
            })
            .collect();
        let empty = cx
            .slots
            .iter()
            .map(|slot| match slot.def {
                SlotDef::Counter(_) | SlotDef::Active { .. } => 0.0,
                SlotDef::Last(_) | SlotDef::First(_) | SlotDef::Latest(_) => f64::NAN,
            })
            .collect();
        let mut compiled = Compiled {
            initial: None,
            empty,
            kind_inc,
            inc_time,
            inc_def,
            inc_slots,
            inc_mask,
            ever_mask,
            kind_ever,
            plain_ever,
            direct_counters,
            actives,
            counters: cx.counters,
            slots: cx.slots,
            tests: {
                let mut tests = vec![Some(Vec::new()); slot_count];
                for st in &stages {
                    note_tests(&st.cond, &mut tests);
                }
                if let Some(icp) = &icp {
                    note_tests(&simplify(icp.clone()), &mut tests);
                }
                for t in &mut tests {
                    if t.as_ref().is_some_and(|t| t.len() > 64) {
                        *t = None;
                    }
                }
                tests
            },
            min_offset: (0..slot_count)
                .map(|j| {
                    cx.offsets
                        .iter()
                        .filter(|o| o.0 == j)
                        .map(|o| o.1)
                        .min()
                        .unwrap_or(i32::MAX)
                })
                .collect(),
            offsets: (0..slot_count)
                .map(|j| {
                    cx.offsets
                        .iter()
                        .filter(|o| o.0 == j)
                        .map(|o| o.1)
                        .collect()
                })
                .collect(),
            stages,
            icp: icp.map_or(Cond::Const(false), simplify),
            activity,
            wins,
            nps: set_of(BuiltinKind::Nps),
            review: set_of(BuiltinKind::Review),
        };
        compiled.initial = compiled.stage_before_any_event();
        Ok(compiled)
    }

    /// The stage before any event if it is the same for every contact: the
    /// rules evaluated on the slots' empty values, with whatever reads a
    /// field, a text or a tag unknown (three-valued: `false and unknown` is
    /// false, `true or unknown` true).
    fn stage_before_any_event(&self) -> Option<u8> {
        let last = self.stages.len().checked_sub(1)?;
        for (i, st) in self.stages[..last].iter().enumerate() {
            if self.holds_before_any_event(&st.cond)? {
                return Some(i as u8);
            }
        }
        Some(last as u8)
    }

    /// [`Self::eval_tree`] on the empty slot values; `None` where the
    /// outcome depends on the contact.
    fn holds_before_any_event(&self, c: &Cond) -> Option<bool> {
        let num = |n: &Num| match n {
            Num::Const(x) => Some(*x),
            Num::Slot(s) => Some(self.empty[*s]),
            Num::Field(..) => None,
        };
        match c {
            Cond::Const(b) => Some(*b),
            Cond::SlotConst { op, slot, c } => {
                let x = self.empty[*slot];
                Some(!x.is_nan() && op.holds(x, *c))
            }
            Cond::Present(slot) => Some(!self.empty[*slot].is_nan()),
            Cond::Num { op, a, b } => {
                let (x, y) = (num(a)?, num(b)?);
                Some(!x.is_nan() && !y.is_nan() && op.holds(x, y))
            }
            Cond::NumIn { a, list, negated } => {
                let x = num(a)?;
                Some(!x.is_nan() && list.contains(&x) != *negated)
            }
            Cond::Text { .. } | Cond::TextIn { .. } | Cond::FieldBool { .. } | Cond::HasTag(_) => {
                None
            }
            Cond::Icp => self.holds_before_any_event(&self.icp),
            Cond::Not(inner) => self.holds_before_any_event(inner).map(|b| !b),
            Cond::And(items) => {
                let mut all = Some(true);
                for i in items {
                    match self.holds_before_any_event(i) {
                        Some(false) => return Some(false),
                        None => all = None,
                        Some(true) => {}
                    }
                }
                all
            }
            Cond::Or(items) => {
                let mut any = Some(false);
                for i in items {
                    match self.holds_before_any_event(i) {
                        Some(true) => return Some(true),
                        None => any = None,
                        Some(false) => {}
                    }
                }
                any
            }
        }
    }

    pub(crate) fn scratch(&self) -> Scratch {
        let (nc, ns) = (self.counters.len(), self.slots.len());
        Scratch {
            cnt: vec![0; nc],
            vals: vec![f64::NAN; ns],
            anchors: vec![NO_DAY; ns],
            masks: vec![0; self.actives.len()],
            inc_sum: vec![0; ns],
            ptr: vec![0; ns],
            act: vec![Vec::new(); self.actives.len()],
            act_lo: vec![0; self.actives.len()],
            nc: vec![Day::MIN; ns],
        }
    }

    /// Fills the slot values of a contact as of `day`, in one pass.
    pub(crate) fn fill(&self, ev: &Events<'_>, day: Day, s: &mut Scratch) {
        let n = ev.count_until(day);
        s.cnt.iter_mut().for_each(|c| *c = 0);
        s.masks.iter_mut().for_each(|m| *m = 0);
        let (days, kinds) = (&ev.day[..n], &ev.kind[..n]);
        for i in 0..n {
            let k = kinds[i];
            let age = day - days[i];
            for (a, spec) in self.actives.iter().enumerate() {
                if spec.kinds.contains(k) {
                    let w = age / spec.width;
                    if w < spec.n {
                        s.masks[a] |= 1 << w;
                    }
                }
            }
            let mut bits = self.direct_counters[k as usize];
            while bits != 0 {
                let b = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let c = &self.counters[b];
                if age >= c.lo && age < c.hi && c.matches(ev, i) {
                    s.cnt[b] += c.weight(ev, i);
                }
            }
        }
        for (k, slot) in self.slots.iter().enumerate() {
            let (val, anchor) = match slot.def {
                SlotDef::Counter(c) => (self.counter_value(c, s.cnt[c]), NO_DAY),
                SlotDef::Active { .. } => (0.0, NO_DAY),
                SlotDef::Last(ks) => match (0..n).rev().find(|&i| ks.contains(kinds[i])) {
                    Some(i) => (f64::from(day - days[i]), days[i]),
                    None => (f64::NAN, NO_DAY),
                },
                SlotDef::First(ks) => match (0..n).find(|&i| ks.contains(kinds[i])) {
                    Some(i) => (f64::from(day - days[i]), days[i]),
                    None => (f64::NAN, NO_DAY),
                },
                SlotDef::Latest(ks) => {
                    match (0..n)
                        .rev()
                        .find(|&i| ks.contains(kinds[i]) && ev.score[i] != NO_SCORE)
                    {
                        Some(i) => (f64::from(ev.score[i]), days[i]),
                        None => (f64::NAN, NO_DAY),
                    }
                }
            };
            s.vals[k] = val;
            s.anchors[k] = anchor;
        }
        for (a, spec) in self.actives.iter().enumerate() {
            s.vals[spec.slot] = f64::from(s.masks[a].count_ones());
        }
    }

    fn counter_value(&self, c: usize, raw: i64) -> f64 {
        if self.counters[c].amount {
            raw as f64 / 100.0
        } else {
            raw as f64
        }
    }

    /// The stage index, evaluating rules in priority order.
    #[inline]
    fn stage_lazy(&self, base: &Base, idx: ContactIdx, lz: &mut Lazy<'_>) -> u8 {
        let last = self.stages.len().saturating_sub(1);
        for (i, st) in self.stages[..last].iter().enumerate() {
            if self.eval(&st.cond, base, idx, lz) {
                return i as u8;
            }
        }
        last as u8
    }

    /// The stage of one contact as of `day`.
    pub(crate) fn classify_one(
        &self,
        base: &Base,
        idx: ContactIdx,
        day: Day,
        s: &mut Scratch,
    ) -> u8 {
        let ev = base.events(idx);
        let n = ev.count_until(day);
        let mut lz = Lazy {
            ev,
            n,
            day,
            done: 0,
            read: 0,
            vals: &mut s.vals,
            anchors: &mut s.anchors,
        };
        self.stage_lazy(base, idx, &mut lz)
    }

    #[inline(always)]
    fn slot_value(&self, j: usize, lz: &mut Lazy<'_>) -> f64 {
        let bit = 1u64 << j;
        lz.read |= bit;
        if lz.done & bit != 0 {
            return lz.vals[j];
        }
        self.slot_slow(j, lz)
    }

    /// [`Self::slot_value`] of a slot not computed yet.
    #[inline(never)]
    fn slot_slow(&self, j: usize, lz: &mut Lazy<'_>) -> f64 {
        let bit = 1u64 << j;
        if lz.done & bit == 0 && self.ever_mask & bit != 0 {
            self.compute_ever(lz);
        }
        if lz.done & bit == 0 {
            let (v, a) = self.compute_slot(j, &lz.ev, lz.n, lz.day);
            lz.vals[j] = v;
            lz.anchors[j] = a;
            lz.done |= bit;
        }
        lz.vals[j]
    }

    /// Every counter slot over all time, in one pass.
    #[inline(never)]
    fn compute_ever(&self, lz: &mut Lazy<'_>) {
        let mut bits = self.ever_mask;
        while bits != 0 {
            let j = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            lz.vals[j] = 0.0;
            lz.anchors[j] = NO_DAY;
        }
        let ev = &lz.ev;
        for i in 0..lz.n {
            let all = self.kind_ever[ev.kind[i] as usize];
            let mut plain = all & self.plain_ever;
            while plain != 0 {
                let j = plain.trailing_zeros() as usize;
                plain &= plain - 1;
                lz.vals[j] += 1.0;
            }
            let mut bits = all & !self.plain_ever;
            while bits != 0 {
                let j = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if let SlotDef::Counter(c) = self.slots[j].def {
                    let counter = &self.counters[c];
                    if counter.matches(ev, i) {
                        lz.vals[j] += counter.weight(ev, i) as f64;
                    }
                }
            }
        }
        let mut bits = self.ever_mask;
        while bits != 0 {
            let j = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if let SlotDef::Counter(c) = self.slots[j].def
                && self.counters[c].amount
            {
                lz.vals[j] /= 100.0;
            }
        }
        lz.done |= self.ever_mask;
    }

    /// One slot's value (and anchor day) over the first `n` events, as of `day`.
    #[inline(never)]
    fn compute_slot(&self, j: usize, ev: &Events<'_>, n: usize, day: Day) -> (f64, Day) {
        let (days, kinds) = (&ev.day[..n], &ev.kind[..n]);
        match self.slots[j].def {
            SlotDef::Counter(c) => {
                let counter = &self.counters[c];
                let mut sum = 0i64;
                for i in (0..n).rev() {
                    let age = day - days[i];
                    if age >= counter.hi {
                        break;
                    }
                    if age >= counter.lo && counter.matches(ev, i) {
                        sum += counter.weight(ev, i);
                    }
                }
                (self.counter_value(c, sum), NO_DAY)
            }
            SlotDef::Active { first, n: m } => {
                let c = &self.counters[first];
                let width = c.hi - c.lo;
                let inv = self
                    .actives
                    .iter()
                    .find(|x| x.slot == j)
                    .map_or(1, |x| x.inv);
                let mut mask = 0u64;
                for i in (0..n).rev() {
                    // The events up to `n` are on or before `day`.
                    let w = div_by(day - days[i], width, inv);
                    if w >= m as i32 {
                        break;
                    }
                    if c.kinds.contains(kinds[i]) {
                        mask |= 1 << w;
                    }
                }
                (f64::from(mask.count_ones()), NO_DAY)
            }
            SlotDef::Last(ks) => match (0..n).rev().find(|&i| ks.contains(kinds[i])) {
                Some(i) => (f64::from(day - days[i]), days[i]),
                None => (f64::NAN, NO_DAY),
            },
            SlotDef::First(ks) => match (0..n).find(|&i| ks.contains(kinds[i])) {
                Some(i) => (f64::from(day - days[i]), days[i]),
                None => (f64::NAN, NO_DAY),
            },
            SlotDef::Latest(ks) => match (0..n)
                .rev()
                .find(|&i| ks.contains(kinds[i]) && ev.score[i] != NO_SCORE)
            {
                Some(i) => (f64::from(ev.score[i]), days[i]),
                None => (f64::NAN, NO_DAY),
            },
        }
    }

    /// The first day after `d` on which slot `j` (or a constant comparison
    /// of it) can change, looking at the first `n` events; or, for an
    /// active-windows slot, a day on or after `limit` before which it does
    /// not change (the caller needs nothing later: it goes to `limit` or
    /// earlier anyway, and asks again from there). With `dates`, only
    /// changes on those days count: an active-windows slot is compared on
    /// them only (a count that moves and comes back between two dates
    /// changes no date's stage).
    #[allow(clippy::too_many_arguments)]
    fn next_change(
        &self,
        j: usize,
        ev: &Events<'_>,
        n: usize,
        d: Day,
        anchor: Day,
        act: &[Vec<Day>],
        act_lo: &mut [usize],
        limit: Day,
        dates: Option<&DayIndex>,
    ) -> Day {
        let days = &ev.day[..n];
        let first_after = |add: i32| days.partition_point(|&e| e.saturating_add(add) <= d);
        let mut next = Day::MAX;
        match self.slots[j].def {
            SlotDef::Counter(c) => {
                let counter = &self.counters[c];
                if let Some(i) = (first_after(counter.lo)..n).find(|&i| counter.matches(ev, i)) {
                    next = days[i].saturating_add(counter.lo);
                }
                if counter.hi != i32::MAX
                    && let Some(i) = (first_after(counter.hi)..n).find(|&i| counter.matches(ev, i))
                {
                    next = next.min(days[i].saturating_add(counter.hi));
                }
            }
            SlotDef::Active { first, n: m } => {
                // Skip window boundaries that leave the number of active
                // windows unchanged: only a change can change an outcome.
                let c = &self.counters[first];
                let width = c.hi - c.lo;
                let span = width.saturating_mul(m as i32);
                let a = self.actives.iter().position(|x| x.slot == j).unwrap_or(0);
                let act: &[Day] = act.get(a).map_or(&[], Vec::as_slice);
                let inv = self.actives.get(a).map_or(1, |x| x.inv);
                // In one pass over the days in the span: the number of
                // active windows on day t, and the next day an event enters,
                // moves to the next window or leaves. `lo` counts the days
                // out of the span; t only grows.
                let at = |t: Day, lo: &mut usize| {
                    while *lo < act.len() && act[*lo].saturating_add(span) <= t {
                        *lo += 1;
                    }
                    let mut next = Day::MAX;
                    let mut mask = 0u64;
                    for &e in &act[*lo..] {
                        if e > t {
                            next = next.min(e);
                            break;
                        }
                        // t - span < e <= t: the window is below m.
                        let w = div_by(t - e, width, inv);
                        mask |= 1 << w;
                        next = next.min(e + (w + 1) * width);
                    }
                    (mask.count_ones(), next)
                };
                // The days asked grow from call to call too: keep the
                // position for `d`.
                let mut lo = act_lo.get(a).copied().unwrap_or(0);
                let (now, mut t) = at(d, &mut lo);
                if let Some(l) = act_lo.get_mut(a) {
                    *l = lo;
                }
                while t < limit {
                    // The first day that counts from t on: no day that
                    // counts lies between, so the count there is all that
                    // matters until the next window boundary after it.
                    if let Some(dates) = dates {
                        t = dates.on_or_after(t);
                        if t >= limit {
                            break;
                        }
                    }
                    let (count, after) = at(t, &mut lo);
                    if self.differs(j, f64::from(count), f64::from(now)) {
                        break;
                    }
                    t = after;
                }
                next = t;
            }
            SlotDef::Last(ks) | SlotDef::Latest(ks) => {
                let scored = matches!(self.slots[j].def, SlotDef::Latest(_));
                if let Some(i) = (first_after(0)..n)
                    .find(|&i| ks.contains(ev.kind[i]) && (!scored || ev.score[i] != NO_SCORE))
                {
                    next = days[i];
                }
            }
            SlotDef::First(ks) => {
                if anchor == NO_DAY
                    && let Some(i) = (first_after(0)..n).find(|&i| ks.contains(ev.kind[i]))
                {
                    next = days[i];
                }
            }
        }
        if anchor != NO_DAY {
            for &off in &self.offsets[j] {
                let t = anchor.saturating_add(off);
                if t > d {
                    next = next.min(t);
                }
            }
        }
        next
    }

    #[inline]
    fn num(&self, n: &Num, base: &Base, idx: ContactIdx, lz: &mut Lazy<'_>) -> f64 {
        match n {
            Num::Const(c) => *c,
            Num::Slot(s) => self.slot_value(*s, lz),
            Num::Field(Some(f), _) => match base.fields()[*f].cells[idx as usize] {
                FieldCell::Number(x) => x,
                FieldCell::Date(d) => f64::from(d),
                _ => f64::NAN,
            },
            Num::Field(None, _) => f64::NAN,
        }
    }

    fn text<'b>(&self, t: &TextSrc, base: &'b Base, idx: ContactIdx) -> Option<TextVal<'b>> {
        match t {
            TextSrc::Source => Some(TextVal::Str(base.strings().resolve(base.source_id(idx)))),
            TextSrc::Owner => Some(TextVal::Str(base.strings().resolve(base.owner_id(idx)))),
            TextSrc::Field(Some(f), _) => match base.fields()[*f].cells[idx as usize] {
                FieldCell::Text(id) => Some(TextVal::Str(base.strings().resolve(id))),
                FieldCell::Date(d) => Some(TextVal::Date(d)),
                _ => None,
            },
            TextSrc::Field(None, _) => None,
        }
    }

    /// Evaluates a condition. The common leaves (a slot against a constant,
    /// a slot present, a boolean field) are evaluated here, inline, also as
    /// items of `and`/`or`; only deeper trees recurse.
    #[inline(always)]
    fn eval(&self, c: &Cond, base: &Base, idx: ContactIdx, lz: &mut Lazy<'_>) -> bool {
        match c {
            Cond::And(items) => {
                for i in items {
                    if !self.eval_item(i, base, idx, lz) {
                        return false;
                    }
                }
                true
            }
            Cond::Or(items) => {
                for i in items {
                    if self.eval_item(i, base, idx, lz) {
                        return true;
                    }
                }
                false
            }
            _ => self.eval_item(c, base, idx, lz),
        }
    }

    #[inline(always)]
    fn eval_item(&self, c: &Cond, base: &Base, idx: ContactIdx, lz: &mut Lazy<'_>) -> bool {
        match c {
            Cond::SlotConst { op, slot, c } => {
                let x = self.slot_value(*slot, lz);
                !x.is_nan() && op.holds(x, *c)
            }
            Cond::Present(slot) => !self.slot_value(*slot, lz).is_nan(),
            Cond::FieldBool { field, want, .. } => field
                .is_some_and(|f| base.fields()[f].cells[idx as usize] == FieldCell::Bool(*want)),
            _ => self.eval_tree(c, base, idx, lz),
        }
    }

    #[inline(never)]
    fn eval_tree(&self, c: &Cond, base: &Base, idx: ContactIdx, lz: &mut Lazy<'_>) -> bool {
        match c {
            Cond::Const(b) => *b,
            Cond::SlotConst { op, slot, c } => {
                let x = self.slot_value(*slot, lz);
                !x.is_nan() && op.holds(x, *c)
            }
            Cond::Present(slot) => !self.slot_value(*slot, lz).is_nan(),
            Cond::Num { op, a, b } => {
                let (x, y) = (self.num(a, base, idx, lz), self.num(b, base, idx, lz));
                !x.is_nan() && !y.is_nan() && op.holds(x, y)
            }
            Cond::NumIn { a, list, negated } => {
                let x = self.num(a, base, idx, lz);
                !x.is_nan() && list.contains(&x) != *negated
            }
            Cond::Text { op, a, lit, date } => match self.text(a, base, idx) {
                Some(TextVal::Str(s)) => op.holds(s, lit.as_str()),
                Some(TextVal::Date(d)) => date.is_some_and(|l| op.holds(d, l)),
                None => false,
            },
            Cond::TextIn { a, list, negated } => match self.text(a, base, idx) {
                Some(TextVal::Str(s)) => list.iter().any(|l| l == s) != *negated,
                _ => false,
            },
            Cond::FieldBool { field, want, .. } => field
                .is_some_and(|f| base.fields()[f].cells[idx as usize] == FieldCell::Bool(*want)),
            Cond::HasTag(tag) => base
                .strings()
                .get(tag)
                .is_some_and(|id| base.tag_ids(idx).contains(&id)),
            Cond::Icp => self.eval(&self.icp, base, idx, lz),
            Cond::Not(inner) => !self.eval(inner, base, idx, lz),
            Cond::And(items) => items.iter().all(|i| self.eval(i, base, idx, lz)),
            Cond::Or(items) => items.iter().any(|i| self.eval(i, base, idx, lz)),
        }
    }

    /// The exact stage history of one contact up to `until`: returns the
    /// stage before any event and pushes every (day, new stage) change, in
    /// one pass. After evaluating on day d, the next day visited is the first
    /// on which one of the slots that evaluation read can change (an event
    /// entering or leaving its window, a new anchor, a days-since comparison
    /// flipping): until then the outcome cannot change.
    pub(crate) fn sweep(
        &self,
        base: &Base,
        idx: ContactIdx,
        until: Day,
        s: &mut Scratch,
        out: &mut Vec<(Day, u8)>,
    ) -> u8 {
        let mut v = Transitions { current: 0, out };
        self.walk(base, idx, until, s, &mut v)
    }

    /// The stage of one contact on each of `days` (sorted, without repeats):
    /// calls `span(k0..k1, stage)` for runs of dates with the same stage,
    /// covering every date once. The history's machinery, evaluating only on
    /// dates on or after a day on which the outcome can change, and recording
    /// nothing else.
    pub(crate) fn stage_spans(
        &self,
        base: &Base,
        idx: ContactIdx,
        days: &DayIndex,
        s: &mut Scratch,
        span: impl FnMut(std::ops::Range<usize>, u8),
    ) {
        let Some(&until) = days.days.last() else {
            return;
        };
        let mut v = OnDays { days, k: 0, span };
        self.walk(base, idx, until, s, &mut v);
    }

    /// The walk shared by [`Self::sweep`] and [`Self::stage_spans`]: finds the
    /// stage before any event, then evaluates on the days the visitor
    /// chooses, telling it each time the next day the outcome can change.
    #[inline(always)]
    fn walk(
        &self,
        base: &Base,
        idx: ContactIdx,
        until: Day,
        s: &mut Scratch,
        v: &mut impl Visit,
    ) -> u8 {
        let ev = base.events(idx);
        // Mostly every event: then no search.
        let n_until = match ev.day.last() {
            Some(&last) if last > until => ev.count_until(until),
            _ => ev.len(),
        };
        let Scratch {
            vals,
            anchors,
            inc_sum,
            ptr,
            act,
            act_lo,
            nc,
            ..
        } = s;
        // Before any event every slot is known: counts 0, no days. From
        // here on the incremental slots keep their running state in `vals`
        // and `anchors`.
        vals.copy_from_slice(&self.empty);
        anchors.fill(NO_DAY);
        let mut lz = Lazy {
            ev,
            n: 0,
            day: until,
            done: u64::MAX,
            read: 0,
            vals,
            anchors,
        };
        let initial = match self.initial {
            Some(stage) => stage,
            None => self.stage_lazy(base, idx, &mut lz),
        };
        if n_until == 0 {
            v.start(Day::MAX, initial);
            return initial;
        }
        // Filled when an active-windows slot is first read.
        let mut act_ready = false;
        nc.iter_mut().for_each(|x| *x = Day::MIN);
        for &j in &self.inc_slots {
            inc_sum[j] = 0;
            ptr[j] = 0;
        }
        let mut d = v.start(ev.day[0], initial);
        if d > until {
            return initial;
        }
        let mut n = 0;
        loop {
            while n < n_until && ev.day[n] <= d {
                // Only the slots whose kinds include this event's, the
                // common actions without looking at the slot.
                let [plain, last, other] = self.kind_inc[usize::from(ev.kind[n])];
                let day = ev.day[n];
                let mut bits = plain;
                while bits != 0 {
                    let j = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    lz.vals[j] += 1.0;
                }
                let mut bits = last;
                while bits != 0 {
                    let j = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    lz.anchors[j] = day;
                }
                let mut bits = other;
                while bits != 0 {
                    let j = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    match self.inc_def[j] {
                        Inc::Counter(c) => {
                            let counter = &self.counters[c];
                            if counter.matches(&ev, n) {
                                inc_sum[j] += counter.weight(&ev, n);
                                lz.vals[j] = self.counter_value(c, inc_sum[j]);
                            }
                        }
                        Inc::First if lz.anchors[j] == NO_DAY => lz.anchors[j] = day,
                        Inc::Latest if ev.score[n] != NO_SCORE => {
                            lz.anchors[j] = day;
                            lz.vals[j] = f64::from(ev.score[n]);
                        }
                        _ => {}
                    }
                }
                n += 1;
            }
            // Only the days-since values move with the day.
            let mut bits = self.inc_time;
            while bits != 0 {
                let j = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let a = lz.anchors[j];
                lz.vals[j] = if a == NO_DAY {
                    f64::NAN
                } else {
                    f64::from(d - a)
                };
            }
            lz.n = n;
            lz.day = d;
            lz.done = self.inc_mask;
            lz.read = 0;
            let stage = self.stage_lazy(base, idx, &mut lz);
            // Any next change on or before the horizon leads the visitor to
            // the same day: once one is known, the others need not be found
            // (a slot left out keeps an old next change and is asked again
            // on the next visit). The cached ones first, as they cost nothing.
            let horizon = if d >= until { Day::MAX } else { v.horizon(d) };
            let mut next = Day::MAX;
            let mut bits = lz.read;
            while bits != 0 {
                let j = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if nc[j] > d {
                    next = next.min(nc[j]);
                }
            }
            let mut bits = lz.read;
            while bits != 0 && next > horizon {
                let j = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if nc[j] <= d {
                    nc[j] = if self.inc_mask >> j & 1 == 1 {
                        self.next_change_inc(
                            j,
                            &ev,
                            n,
                            n_until,
                            d,
                            lz.anchors[j],
                            lz.vals[j],
                            &mut ptr[j],
                        )
                    } else {
                        if !act_ready {
                            for (a, spec) in self.actives.iter().enumerate() {
                                let days = &mut act[a];
                                days.clear();
                                for i in 0..n_until {
                                    if spec.kinds.contains(ev.kind[i])
                                        && days.last() != Some(&ev.day[i])
                                    {
                                        days.push(ev.day[i]);
                                    }
                                }
                            }
                            act_lo.fill(0);
                            act_ready = true;
                        }
                        // Past `until` is as good as never; past the next
                        // change already found changes nothing now.
                        let limit = next.min(until.saturating_add(1));
                        self.next_change(
                            j,
                            &ev,
                            n_until,
                            d,
                            lz.anchors[j],
                            act,
                            act_lo,
                            limit,
                            v.dates(),
                        )
                    };
                }
                next = next.min(nc[j]);
            }
            d = v.visit(d, stage, next);
            if d > until {
                break;
            }
        }
        initial
    }

    /// [`Self::next_change`] for an incremental slot: the next event of its
    /// kinds after the first `n` (found with a pointer that only moves on),
    /// or a days-since comparison flipping.
    #[allow(clippy::too_many_arguments)]
    fn next_change_inc(
        &self,
        j: usize,
        ev: &Events<'_>,
        n: usize,
        n_until: usize,
        d: Day,
        anchor: Day,
        value: f64,
        ptr: &mut usize,
    ) -> Day {
        let def = self.slots[j].def;
        let mut next = Day::MAX;
        // Once a days-since slot has its day, an event can only change it
        // if it moves the day (last) and the rules compare it with a number
        // (a slot they only ask to be present is present for good).
        let wants_event = match def {
            SlotDef::First(_) => anchor == NO_DAY,
            SlotDef::Last(_) => anchor == NO_DAY || self.min_offset[j] != i32::MAX,
            _ => true,
        };
        if wants_event {
            let mut p = (*ptr).max(n);
            // One loop per kind of slot: a match inside would jump on every event.
            match def {
                SlotDef::Counter(c) if self.inc_def[j] == Inc::Plain => {
                    let ks = self.counters[c].kinds;
                    while p < n_until && !ks.contains(ev.kind[p]) {
                        p += 1;
                    }
                }
                SlotDef::Counter(c) => {
                    let counter = &self.counters[c];
                    while p < n_until && !counter.matches(ev, p) {
                        p += 1;
                    }
                }
                SlotDef::Last(ks) | SlotDef::First(ks) => {
                    while p < n_until && !ks.contains(ev.kind[p]) {
                        p += 1;
                    }
                }
                SlotDef::Latest(ks) => {
                    while p < n_until && !(ks.contains(ev.kind[p]) && ev.score[p] != NO_SCORE) {
                        p += 1;
                    }
                }
                SlotDef::Active { .. } => {}
            }
            *ptr = p;
            if p < n_until {
                next = ev.day[p];
                if let (Inc::Plain, SlotDef::Counter(c)) = (self.inc_def[j], def)
                    && self.tests[j].is_some()
                {
                    return self.count_flip(j, self.counters[c].kinds, ev, p, n_until, value);
                }
                if let SlotDef::Last(ks) = def {
                    let first_flip = self.min_offset[j];
                    if anchor != NO_DAY && i64::from(d) - i64::from(anchor) < i64::from(first_flip)
                    {
                        return self.last_flip(ks, ev, p, n_until, anchor, first_flip);
                    }
                }
            }
        }
        if anchor != NO_DAY && def.is_time() {
            for &off in &self.offsets[j] {
                let t = anchor.saturating_add(off);
                if t > d {
                    next = next.min(t);
                }
            }
        }
        next
    }

    /// Whether slot `j` compares differently with `a` than with `b` in some
    /// rule (for a slot not only compared with constants: whether a != b).
    #[inline]
    fn differs(&self, j: usize, a: f64, b: f64) -> bool {
        match &self.tests[j] {
            None => a != b,
            Some(tests) => tests.iter().any(|t| match t {
                Test::Op(op, c) => op.holds(a, *c) != op.holds(b, *c),
                Test::In(list) => list.contains(&a) != list.contains(&b),
            }),
        }
    }

    /// The day of the first event from `p` on that brings a count of
    /// events (now `value`) to a value the rules tell apart from it.
    fn count_flip(
        &self,
        j: usize,
        ks: KindSet,
        ev: &Events<'_>,
        mut p: usize,
        n_until: usize,
        value: f64,
    ) -> Day {
        let mut k = 0.0;
        while p < n_until {
            k += 1.0;
            if self.differs(j, value + k, value) {
                return ev.day[p];
            }
            p += 1;
            while p < n_until && !ks.contains(ev.kind[p]) {
                p += 1;
            }
        }
        Day::MAX
    }

    /// The next change of a days-since-last slot whose value is below its
    /// first flip (the smallest offset of its comparisons): no comparison
    /// of it changes until the value reaches the first flip, and an event
    /// before that only starts the count again from 0, which is below the
    /// first flip too. So events closer together than the first flip are
    /// passed over, and the change is the first flip after the last of
    /// them. `p` is the next event of the slot's kinds.
    fn last_flip(
        &self,
        ks: KindSet,
        ev: &Events<'_>,
        mut p: usize,
        n_until: usize,
        anchor: Day,
        first_flip: i32,
    ) -> Day {
        let mut a = anchor;
        while p < n_until {
            if i64::from(ev.day[p]) - i64::from(a) >= i64::from(first_flip) {
                break;
            }
            a = ev.day[p];
            p += 1;
            while p < n_until && !ks.contains(ev.kind[p]) {
                p += 1;
            }
        }
        a.saturating_add(first_flip)
    }

    /// Explains one contact's stage as of `day`, in `lang`.
    pub(crate) fn explain(
        &self,
        base: &Base,
        idx: ContactIdx,
        day: Day,
        lang: Lang,
    ) -> Vec<StageCheck> {
        let mut s = self.scratch();
        let ev = base.events(idx);
        self.fill(&ev, day, &mut s);
        let mut lz = Lazy {
            ev,
            n: ev.count_until(day),
            day,
            done: u64::MAX,
            read: 0,
            vals: &mut s.vals,
            anchors: &mut s.anchors,
        };
        let s = &mut lz;
        let mut checks = Vec::new();
        let last = self.stages.len().saturating_sub(1);
        for (i, st) in self.stages.iter().enumerate() {
            if i == last {
                checks.push(StageCheck {
                    stage: st.id.clone(),
                    matched: true,
                    reasons: vec![
                        lang.pick(
                            "the last stage takes every contact no earlier stage took",
                            "последняя стадия принимает всех, кого не взяла ни одна стадия выше",
                        )
                        .into(),
                    ],
                });
                break;
            }
            let mut reasons = Vec::new();
            let matched = self.trace(&st.cond, base, idx, s, lang, false, &mut reasons);
            checks.push(StageCheck {
                stage: st.id.clone(),
                matched,
                reasons,
            });
            if matched {
                break;
            }
        }
        checks
    }

    /// A value a rule compares, in words, with the contact's actual value.
    fn describe_num(
        &self,
        n: &Num,
        base: &Base,
        idx: ContactIdx,
        s: &mut Lazy<'_>,
        lang: Lang,
    ) -> Said {
        let plain = |text: String| Said { text, days: false };
        match n {
            Num::Const(c) => plain(lang.number(*c)),
            Num::Slot(j) => self.describe_slot(*j, s, lang),
            Num::Field(field, name) => {
                let subject = field_subject(name, lang);
                let cell =
                    field.map_or(FieldCell::Missing, |f| base.fields()[f].cells[idx as usize]);
                let value = match cell {
                    FieldCell::Number(x) => lang.number(x),
                    FieldCell::Date(d) => lang.date(date_of(d)),
                    _ => return plain(is_missing(&subject, lang)),
                };
                plain(is(&subject, &value, lang))
            }
        }
    }

    /// A metric's value in words: "3 won deals", "last call Mar 2, 2025,
    /// 213 days ago", "выигранных сделок: 3".
    #[inline(never)]
    fn describe_slot(&self, j: usize, s: &mut Lazy<'_>, lang: Lang) -> Said {
        let v = self.slot_value(j, s);
        let slot = &self.slots[j];
        // Made only by the branches that say them.
        let kinds = |word: fn(&str, Lang) -> String, join: &str| {
            let mut out = String::new();
            for (i, k) in slot.label.split('/').enumerate() {
                if i > 0 {
                    out.push_str(join);
                }
                out.push_str(&word(k, lang));
            }
            out
        };
        let plural = || kinds(kind_plural, lang.pick(" and ", " и "));
        let one = || kinds(kind_one, lang.pick(" or ", " или "));
        let num = || lang.number(v);
        let text = match slot.def {
            SlotDef::Counter(c) => {
                let counter = &self.counters[c];
                let window = if counter.hi == i32::MAX {
                    String::new()
                } else {
                    let days = lang.days(f64::from(counter.hi));
                    match lang {
                        Lang::En => format!(" in the last {days}"),
                        Lang::Ru => format!(" за последние {days}"),
                    }
                };
                let scored = if counter.max_score == NO_SCORE {
                    String::new()
                } else {
                    let m = counter.max_score;
                    match lang {
                        Lang::En => format!(" rated {m} or lower"),
                        Lang::Ru => format!(" с оценкой не выше {m}"),
                    }
                };
                match (counter.amount, lang) {
                    (true, Lang::En) if slot.label == "wins" => {
                        format!("revenue from won deals{window}: {num}", num = num())
                    }
                    (true, Lang::Ru) if slot.label == "wins" => {
                        format!("выручка от выигранных сделок{window}: {num}", num = num())
                    }
                    (true, Lang::En) => format!(
                        "total amount of {plural}{window}: {num}",
                        plural = plural(),
                        num = num()
                    ),
                    (true, Lang::Ru) => format!(
                        "сумма {plural}{window}: {num}",
                        plural = plural(),
                        num = num()
                    ),
                    (false, Lang::En) if v == 1.0 => {
                        format!("1 {one}{scored}{window}", one = one())
                    }
                    (false, Lang::En) => format!(
                        "{num} {plural}{scored}{window}",
                        plural = plural(),
                        num = num()
                    ),
                    (false, Lang::Ru) => format!(
                        "{plural}{scored}{window}: {num}",
                        plural = plural(),
                        num = num()
                    ),
                }
            }
            SlotDef::Active { first, n } => {
                let width = self.counters[first].hi;
                match lang {
                    Lang::En if n == 1 => {
                        format!(
                            "active in {num} of the last 1 {width}-day period",
                            num = num()
                        )
                    }
                    Lang::En => format!(
                        "active in {num} of the last {n} {width}-day periods",
                        num = num()
                    ),
                    Lang::Ru => format!(
                        "активность в {num} из последних {n} {} по {width} {}",
                        ru_plural(n as u64, "периода", "периодов", "периодов"),
                        ru_plural(width as u64, "дню", "дня", "дней"),
                        num = num()
                    ),
                }
            }
            SlotDef::Last(_) | SlotDef::First(_) => {
                let last = matches!(slot.def, SlotDef::Last(_));
                if v.is_nan() {
                    match lang {
                        // "no client activity" reads better than "no client actions".
                        Lang::En if slot.label == "activity" => format!("no {one}", one = one()),
                        Lang::En => format!("no {plural}", plural = plural()),
                        Lang::Ru => format!("{plural} не было", plural = plural()),
                    }
                } else {
                    let date = lang.date(date_of(s.anchors[j]));
                    let ago = match (v == 0.0, lang) {
                        (true, _) => lang.pick("today", "сегодня").to_owned(),
                        (false, Lang::En) => format!("{} ago", lang.days(v)),
                        (false, Lang::Ru) => format!("{} назад", lang.days(v)),
                    };
                    match lang {
                        Lang::En => {
                            format!(
                                "{} {one} {date}, {ago}",
                                if last { "last" } else { "first" },
                                one = one()
                            )
                        }
                        Lang::Ru => format!(
                            "{one} в {} раз: {date}, {ago}",
                            if last {
                                "последний"
                            } else {
                                "первый"
                            },
                            one = one()
                        ),
                    }
                }
            }
            SlotDef::Latest(_) => {
                if v.is_nan() {
                    match lang {
                        Lang::En => format!("no {one} score", one = one()),
                        Lang::Ru => format!("оценки ({one}) нет", one = one()),
                    }
                } else {
                    let date = lang.date(date_of(s.anchors[j]));
                    match lang {
                        Lang::En => format!(
                            "latest {one} score {num} ({date})",
                            one = one(),
                            num = num()
                        ),
                        Lang::Ru => format!(
                            "последняя оценка ({one}): {num} от {date}",
                            one = one(),
                            num = num()
                        ),
                    }
                }
            }
        };
        Said {
            text,
            days: slot.def.is_time(),
        }
    }

    /// Text a rule compares, in words: "Industry is “retail”".
    #[inline(never)]
    fn describe_text(&self, t: &TextSrc, base: &Base, idx: ContactIdx, lang: Lang) -> String {
        let subject = match t {
            TextSrc::Source => lang.pick("Source", "источник").to_owned(),
            TextSrc::Owner => lang.pick("Owner", "ответственный").to_owned(),
            TextSrc::Field(_, n) => field_subject(n, lang),
        };
        match self.text(t, base, idx) {
            Some(TextVal::Str(v)) if !v.is_empty() => is(&subject, &lang.quote(v), lang),
            Some(TextVal::Date(d)) => is(&subject, &lang.date(date_of(d)), lang),
            Some(TextVal::Str(_)) | None => is_missing(&subject, lang),
        }
    }

    /// Puts the reasons of `c` into `out` as plain sentences: the
    /// contact's value, then what the rule needs ("3 won deals — needs at
    /// least 2"). Under `neg` (inside a `not`) every need is turned round, so
    /// no sentence has to be read backwards. Returns whether `c` holds.
    #[allow(clippy::too_many_arguments)]
    fn trace(
        &self,
        c: &Cond,
        base: &Base,
        idx: ContactIdx,
        s: &mut Lazy<'_>,
        lang: Lang,
        neg: bool,
        out: &mut Vec<String>,
    ) -> bool {
        let value = self.eval(c, base, idx, s);
        let said = |what: &str, need: &str| format!("{what} — {need}");
        match c {
            Cond::Const(b) => out.push(
                match (*b != neg, lang) {
                    (true, Lang::En) => "always holds",
                    (false, Lang::En) => "never holds",
                    (true, Lang::Ru) => "выполняется всегда",
                    (false, Lang::Ru) => "не выполняется никогда",
                }
                .to_owned(),
            ),
            Cond::Present(slot) => {
                let what = self.describe_slot(*slot, s, lang).text;
                let need = match (neg, lang) {
                    (false, Lang::En) => "needs at least one",
                    (true, Lang::En) => "needs none",
                    (false, Lang::Ru) => "нужно хотя бы одно такое событие",
                    (true, Lang::Ru) => "нужно, чтобы таких событий не было",
                };
                out.push(said(&what, need));
            }
            Cond::SlotConst { op, slot, c } => {
                let what = self.describe_slot(*slot, s, lang);
                out.push(said(
                    &what.text,
                    &need_num(op.negate_if(neg), *c, what.days, lang),
                ));
            }
            Cond::Num { op, a, b } => {
                let (op, a, b) = match (a, b) {
                    (Num::Const(_), Num::Slot(_) | Num::Field(..)) => (op.flip(), b, a),
                    _ => (*op, a, b),
                };
                let op = op.negate_if(neg);
                let what = self.describe_num(a, base, idx, s, lang);
                match b {
                    Num::Const(c) => out.push(said(&what.text, &need_num(op, *c, what.days, lang))),
                    _ => {
                        let other = self.describe_num(b, base, idx, s, lang).text;
                        out.push(format!("{}; {other} — {}", what.text, need_pair(op, lang)));
                    }
                }
            }
            Cond::NumIn { a, list, negated } => {
                let what = self.describe_num(a, base, idx, s, lang);
                let ago = if what.days {
                    lang.pick(" days ago", " дн. назад")
                } else {
                    ""
                };
                let items = list
                    .iter()
                    .map(|x| lang.number(*x))
                    .collect::<Vec<_>>()
                    .join(", ");
                out.push(said(
                    &what.text,
                    &need_in(*negated != neg, &format!("{items}{ago}"), lang),
                ));
            }
            Cond::Text { op, a, lit, date } => {
                let what = self.describe_text(a, base, idx, lang);
                out.push(said(&what, &need_text(op.negate_if(neg), lit, *date, lang)));
            }
            Cond::TextIn { a, list, negated } => {
                let what = self.describe_text(a, base, idx, lang);
                let items = list
                    .iter()
                    .map(|x| lang.quote(x))
                    .collect::<Vec<_>>()
                    .join(", ");
                out.push(said(&what, &need_in(*negated != neg, &items, lang)));
            }
            Cond::FieldBool { field, name, want } => {
                let subject = field_subject(name, lang);
                let cell =
                    field.map_or(FieldCell::Missing, |f| base.fields()[f].cells[idx as usize]);
                let what = match cell {
                    FieldCell::Bool(b) => is(&subject, lang.yes_no(b), lang),
                    FieldCell::Missing => is_missing(&subject, lang),
                    _ => is(
                        &subject,
                        lang.pick("neither yes nor no", "не «да» и не «нет»"),
                        lang,
                    ),
                };
                let yes = lang.quote(lang.yes_no(*want));
                let need = match (neg, lang) {
                    (false, Lang::En) => format!("needs {yes}"),
                    (true, Lang::En) => format!("needs anything but {yes}"),
                    (false, Lang::Ru) => format!("нужно {yes}"),
                    (true, Lang::Ru) => format!("нужно что угодно, кроме {yes}"),
                };
                out.push(said(&what, &need));
            }
            Cond::HasTag(tag) => {
                let tag = lang.quote(tag);
                let what = match (value, lang) {
                    (true, Lang::En) => format!("tagged {tag}"),
                    (false, Lang::En) => format!("not tagged {tag}"),
                    (true, Lang::Ru) => format!("есть тег {tag}"),
                    (false, Lang::Ru) => format!("нет тега {tag}"),
                };
                let need = match (neg, lang) {
                    (false, Lang::En) => "needs the tag",
                    (true, Lang::En) => "needs no such tag",
                    (false, Lang::Ru) => "нужен этот тег",
                    (true, Lang::Ru) => "нужно без этого тега",
                };
                out.push(said(&what, need));
            }
            Cond::Icp => {
                let mut inner = Vec::new();
                self.trace(&self.icp, base, idx, s, lang, false, &mut inner);
                let verdict = match (value, lang) {
                    (true, Lang::En) => "matches the ideal customer profile",
                    (false, Lang::En) => "does not match the ideal customer profile",
                    (true, Lang::Ru) => "соответствует профилю идеального клиента",
                    (false, Lang::Ru) => "не соответствует профилю идеального клиента",
                };
                let need = if neg {
                    lang.pick(
                        " — needs not to match it",
                        " — нужно не соответствовать ему",
                    )
                } else {
                    ""
                };
                out.push(format!("{verdict}{need} ({})", inner.join("; ")));
            }
            Cond::Not(inner) => {
                self.trace(inner, base, idx, s, lang, !neg, out);
            }
            Cond::And(items) | Cond::Or(items) => {
                // Read through a `not`, an `and` is an `or` and the other way
                // round. And: all reasons if it holds, else the first one
                // that fails. Or: the first one that holds if it does, else
                // all.
                let is_and = matches!(c, Cond::And(_)) != neg;
                let holds = value != neg;
                let decisive = if is_and { !holds } else { holds };
                // `has_activity and days_since_last_activity > 180`: when
                // there is an activity, the comparison already names the
                // last one and its date, and the "has" would say it again.
                let compared = |slot: usize| {
                    items.iter().any(|i| match i {
                        Cond::SlotConst { slot: j, .. } => *j == slot,
                        Cond::Num { a, b, .. } => [a, b].contains(&&Num::Slot(slot)),
                        _ => false,
                    })
                };
                for item in items {
                    let mut sub = Vec::new();
                    let v = self.trace(item, base, idx, s, lang, neg, &mut sub);
                    if v && matches!(item, Cond::Present(slot) if compared(*slot)) {
                        sub.clear();
                    }
                    if decisive {
                        if v == value {
                            out.extend(sub);
                            break;
                        }
                    } else {
                        out.extend(sub);
                    }
                }
            }
        }
        value
    }

    /// Stage ids, by priority.
    pub fn stage_ids(&self) -> impl Iterator<Item = &str> {
        self.stages.iter().map(|s| s.id.as_str())
    }

    pub(crate) fn risk_sets(&self) -> (KindSet, KindSet, KindSet, KindSet) {
        (self.activity, self.wins, self.nps, self.review)
    }
}

enum TextVal<'a> {
    Str(&'a str),
    Date(Day),
}

/// Why a stage did or did not match.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StageCheck {
    /// The stage's id.
    pub stage: String,
    /// Whether its rule held (always true for the last check).
    pub matched: bool,
    /// The deciding conditions with the contact's actual values.
    pub reasons: Vec<String>,
}

/// A compared value in words, and whether the numbers it is compared with
/// are days ago.
struct Said {
    text: String,
    days: bool,
}

/// A field as a sentence names it: its name with `_` read as a space and a
/// capital ("Company size", "ICP") in English; in Russian a well-known
/// field's name ([`crate::words::known_field`]: «Отрасль»), any other as
/// «name» after «поле».
fn field_subject(name: &str, lang: Lang) -> String {
    match lang {
        Lang::En if name.len() <= 3 && name.chars().all(|c| c.is_ascii_alphabetic()) => {
            name.to_ascii_uppercase()
        }
        Lang::En => {
            let words = name.replace('_', " ");
            let mut chars = words.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        }
        Lang::Ru => match crate::words::known_field(name, lang) {
            Some(known) => known.to_owned(),
            None => format!("поле {}", lang.quote(name)),
        },
    }
}

/// "Industry is “retail”", "Отрасль: «retail»".
fn is(subject: &str, value: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{subject} is {value}"),
        Lang::Ru => format!("{subject}: {value}"),
    }
}

/// "Industry is not filled in", "Отрасль: не указано".
fn is_missing(subject: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{subject} is not filled in"),
        Lang::Ru => format!("{subject}: не указано"),
    }
}

/// What a comparison with a number needs: "needs at least 2", "needs more
/// than 180 days ago", "нужно не меньше 2".
fn need_num(op: CmpOp, bound: f64, days: bool, lang: Lang) -> String {
    let bound = match (days, lang) {
        (false, _) => lang.number(bound),
        (true, Lang::En) => format!("{} ago", lang.days(bound)),
        (true, Lang::Ru) => format!("{} дн. назад", lang.number(bound)),
    };
    let (en, ru) = match op {
        CmpOp::Ge => ("at least", "не меньше"),
        CmpOp::Gt => ("more than", "больше"),
        CmpOp::Le => ("at most", "не больше"),
        CmpOp::Lt => ("less than", "меньше"),
        CmpOp::Eq => ("exactly", "ровно"),
        CmpOp::Ne => ("anything but", "что угодно, кроме"),
    };
    match lang {
        Lang::En => format!("needs {en} {bound}"),
        Lang::Ru => format!("нужно {ru} {bound}"),
    }
}

/// What a comparison of two values of the contact needs.
fn need_pair(op: CmpOp, lang: Lang) -> &'static str {
    let (en, ru) = match op {
        CmpOp::Ge => (
            "needs the first to be at least the second",
            "нужно, чтобы первое было не меньше второго",
        ),
        CmpOp::Gt => (
            "needs the first to be more than the second",
            "нужно, чтобы первое было больше второго",
        ),
        CmpOp::Le => (
            "needs the first to be at most the second",
            "нужно, чтобы первое было не больше второго",
        ),
        CmpOp::Lt => (
            "needs the first to be less than the second",
            "нужно, чтобы первое было меньше второго",
        ),
        CmpOp::Eq => (
            "needs the first to be the same as the second",
            "нужно, чтобы первое было равно второму",
        ),
        CmpOp::Ne => (
            "needs the first to differ from the second",
            "нужно, чтобы первое отличалось от второго",
        ),
    };
    lang.pick(en, ru)
}

/// What a list needs: "needs one of “a”, “b”", "нужно одно из: «a», «b»".
fn need_in(negated: bool, items: &str, lang: Lang) -> String {
    match (negated, lang) {
        (false, Lang::En) => format!("needs one of {items}"),
        (true, Lang::En) => format!("needs none of {items}"),
        (false, Lang::Ru) => format!("нужно одно из: {items}"),
        (true, Lang::Ru) => format!("нужно что угодно, кроме: {items}"),
    }
}

/// What a comparison with text or a date needs: "needs “retail”", "needs
/// after Mar 2, 2025", "нужно «retail»".
fn need_text(op: CmpOp, lit: &str, date: Option<Day>, lang: Lang) -> String {
    if let Some(d) = date {
        let d = lang.date(date_of(d));
        return match (op, lang) {
            (CmpOp::Eq, Lang::En) => format!("needs {d}"),
            (CmpOp::Ne, Lang::En) => format!("needs any date but {d}"),
            (CmpOp::Lt, Lang::En) => format!("needs a date before {d}"),
            (CmpOp::Le, Lang::En) => format!("needs {d} or earlier"),
            (CmpOp::Gt, Lang::En) => format!("needs a date after {d}"),
            (CmpOp::Ge, Lang::En) => format!("needs {d} or later"),
            (CmpOp::Eq, Lang::Ru) => format!("нужно {d}"),
            (CmpOp::Ne, Lang::Ru) => format!("нужна любая дата, кроме {d}"),
            (CmpOp::Lt, Lang::Ru) => format!("нужна дата раньше {d}"),
            (CmpOp::Le, Lang::Ru) => format!("нужно {d} или раньше"),
            (CmpOp::Gt, Lang::Ru) => format!("нужна дата позже {d}"),
            (CmpOp::Ge, Lang::Ru) => format!("нужно {d} или позже"),
        };
    }
    let q = lang.quote(lit);
    match (op, lang) {
        (CmpOp::Eq, Lang::En) => format!("needs {q}"),
        (CmpOp::Ne, Lang::En) => format!("needs anything but {q}"),
        (CmpOp::Lt, Lang::En) => format!("needs text before {q} in alphabetical order"),
        (CmpOp::Le, Lang::En) => format!("needs {q} or text before it in alphabetical order"),
        (CmpOp::Gt, Lang::En) => format!("needs text after {q} in alphabetical order"),
        (CmpOp::Ge, Lang::En) => format!("needs {q} or text after it in alphabetical order"),
        (CmpOp::Eq, Lang::Ru) => format!("нужно {q}"),
        (CmpOp::Ne, Lang::Ru) => format!("нужно что угодно, кроме {q}"),
        (CmpOp::Lt, Lang::Ru) => format!("нужен текст, который по алфавиту раньше {q}"),
        (CmpOp::Le, Lang::Ru) => format!("нужно {q} или текст, который по алфавиту раньше"),
        (CmpOp::Gt, Lang::Ru) => format!("нужен текст, который по алфавиту позже {q}"),
        (CmpOp::Ge, Lang::Ru) => format!("нужно {q} или текст, который по алфавиту позже"),
    }
}

#[cfg(test)]
mod tests {
    use super::{Compiled, div_by};
    use crate::{Base, Model};

    /// Every preset's stage before any event is the same for everyone, so
    /// the walks skip it; a rule reading a field first makes it per contact.
    #[test]
    fn the_stage_before_any_event_is_known_when_no_field_decides_it() {
        let base = Base::default();
        for name in Model::PRESETS {
            let model = Model::preset(name).unwrap();
            let compiled = Compiled::compile(&model, &base).unwrap();
            let last = model.stages.len() as u8 - 1;
            assert!(compiled.initial.is_some(), "{name}");
            if name == "b2b" {
                assert_eq!(compiled.initial, Some(last), "unqualified");
            }
        }
        let mut model = Model::preset("b2b").unwrap();
        model.stages[0].rule = "icp or days_since_last_activity > 365".into();
        assert_eq!(Compiled::compile(&model, &base).unwrap().initial, None);
        // Known again when the field is asked only beside a false metric.
        model.stages[0].rule = "icp and deals_won >= 1".into();
        assert_eq!(
            Compiled::compile(&model, &base).unwrap().initial,
            Some(model.stages.len() as u8 - 1)
        );
        model.stages[0].rule = "not (icp and deals_won >= 1)".into();
        assert_eq!(Compiled::compile(&model, &base).unwrap().initial, Some(0));
    }

    #[test]
    fn division_by_multiplying_is_exact() {
        for width in 1..=400 {
            let inv = (u64::MAX / width as u64).wrapping_add(1);
            for age in 0..=37 * width {
                assert_eq!(div_by(age, width, inv), age / width, "{age} / {width}");
            }
            let big = i32::MAX - 7;
            assert_eq!(div_by(big, width, inv), big / width);
        }
    }
}
