//! The engine: a base with a compiled model. Classification as of a date,
//! explanations, exact stage histories, segments and what-if.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::base::{Base, BaseError, ContactIdx, Day, UnknownContacts, date_of, day_of};
use crate::compile::{Compiled, StageCheck};
use crate::data::Event;
use crate::errors::ModelProblem;
use crate::model::{Model, ModelError, ModelErrors, Place, Stage, StageKind};
use crate::words::Lang;

/// Errors of engine operations.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum EngineError {
    /// The base refused the data.
    #[error(transparent)]
    Base(#[from] BaseError),
    /// The model does not compile.
    #[error(transparent)]
    Model(#[from] ModelErrors),
}

/// Every contact's stage as of one date. `stages[i]` is the index (in the
/// model's priority order) of contact `i`'s stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Classification {
    /// The date classified.
    pub as_of: NaiveDate,
    /// By contact index.
    pub stages: Vec<u8>,
}

impl Classification {
    /// Number of contacts per stage index.
    pub fn counts(&self, stage_count: usize) -> Vec<u32> {
        let mut counts = vec![0u32; stage_count];
        for &s in &self.stages {
            if let Some(c) = counts.get_mut(s as usize) {
                *c += 1;
            }
        }
        counts
    }
}

/// Why a contact is in its stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Explanation {
    /// The contact's id.
    pub contact: String,
    /// The date explained.
    #[cfg_attr(feature = "ts", ts(type = "DateString"))]
    pub as_of: NaiveDate,
    /// The id of the stage the contact is in.
    pub stage: String,
    /// The stages in priority order up to and including the one that matched.
    pub checks: Vec<StageCheck>,
}

/// One stage change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Transition {
    /// The day the new stage starts.
    pub date: NaiveDate,
    /// Stage index before.
    pub from: usize,
    /// Stage index from `date` on.
    pub to: usize,
}

/// One contact's stage history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct History {
    /// The stage before any event.
    pub initial: usize,
    /// The changes, in date order.
    pub transitions: Vec<Transition>,
}

impl History {
    /// The stage on `date`.
    pub fn stage_at(&self, date: NaiveDate) -> usize {
        self.transitions
            .iter()
            .take_while(|t| t.date <= date)
            .last()
            .map_or(self.initial, |t| t.to)
    }
}

/// The stage histories of all contacts, in flat columns.
#[derive(Debug, Clone)]
pub struct Histories {
    /// The last day the histories cover.
    pub until: NaiveDate,
    initial: Vec<u8>,
    offsets: Vec<u32>,
    days: Vec<Day>,
    stages: Vec<u8>,
}

impl Histories {
    /// Number of contacts.
    pub fn len(&self) -> usize {
        self.initial.len()
    }

    /// No contacts.
    pub fn is_empty(&self) -> bool {
        self.initial.is_empty()
    }

    /// Total number of transitions.
    pub fn transition_count(&self) -> usize {
        self.days.len()
    }

    fn range(&self, idx: ContactIdx) -> std::ops::Range<usize> {
        self.offsets[idx as usize] as usize..self.offsets[idx as usize + 1] as usize
    }

    /// The stage before any event.
    pub fn initial(&self, idx: ContactIdx) -> usize {
        self.initial[idx as usize] as usize
    }

    /// The stage of a contact on day `day` (at most `until`).
    pub(crate) fn stage_on(&self, idx: ContactIdx, day: Day) -> u8 {
        let r = self.range(idx);
        let days = &self.days[r.clone()];
        let k = days.partition_point(|&d| d <= day);
        if k == 0 {
            self.initial[idx as usize]
        } else {
            self.stages[r.start + k - 1]
        }
    }

    /// The stage of a contact on `date` (`None` for an unknown index).
    pub fn stage_at(&self, idx: ContactIdx, date: NaiveDate) -> Option<usize> {
        ((idx as usize) < self.len()).then(|| self.stage_on(idx, day_of(date)) as usize)
    }

    /// (day, from, to) of each transition of a contact.
    pub(crate) fn raw(&self, idx: ContactIdx) -> impl Iterator<Item = (Day, u8, u8)> + '_ {
        let r = self.range(idx);
        let mut prev = self.initial[idx as usize];
        r.map(move |i| {
            let from = prev;
            prev = self.stages[i];
            (self.days[i], from, self.stages[i])
        })
    }

    /// One contact's history (`None` for an unknown index).
    pub fn of(&self, idx: ContactIdx) -> Option<History> {
        if idx as usize >= self.len() {
            return None;
        }
        Some(History {
            initial: self.initial(idx),
            transitions: self
                .raw(idx)
                .map(|(d, from, to)| Transition {
                    date: date_of(d),
                    from: from as usize,
                    to: to as usize,
                })
                .collect(),
        })
    }
}

/// A subset of contacts: every non-empty list must match (any of its
/// values), and the filter rule must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct Segment {
    /// Stage ids (as of the classification's date).
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub stages: Vec<String>,
    /// Contact sources.
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub sources: Vec<String>,
    /// Contact owners.
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub owners: Vec<String>,
    /// Contacts with at least one of these tags.
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub tags: Vec<String>,
    /// A rule in the rule language, e.g. `field.industry == "retail"`.
    pub filter: Option<String>,
}

/// How a what-if would move contacts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WhatIf {
    /// The date compared.
    pub as_of: NaiveDate,
    /// Contacts that would stay in a stage of the same id.
    pub unchanged: u32,
    /// Every (from, to) pair with at least one contact, by stage id.
    pub moves: Vec<Move>,
}

/// Contacts that would move from one stage to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Move {
    /// Stage id before.
    pub from: String,
    /// Stage id after.
    pub to: String,
    /// The contacts that would move.
    pub contacts: Vec<ContactIdx>,
}

/// A base with a compiled model.
#[derive(Debug, Clone)]
pub struct Engine {
    base: Base,
    model: Model,
    compiled: Compiled,
}

impl Engine {
    /// Compiles `model` against `base`.
    pub fn new(base: Base, model: Model) -> Result<Engine, ModelErrors> {
        let compiled = Compiled::compile(&model, &base)?;
        Ok(Engine {
            base,
            model,
            compiled,
        })
    }

    /// The customer base.
    pub fn base(&self) -> &Base {
        &self.base
    }

    /// The model in use.
    pub fn model(&self) -> &Model {
        &self.model
    }

    pub(crate) fn compiled(&self) -> &Compiled {
        &self.compiled
    }

    /// The model's stages, by priority.
    pub fn stages(&self) -> &[Stage] {
        &self.model.stages
    }

    /// A stage's id.
    pub fn stage_id(&self, stage: usize) -> &str {
        self.model.stages.get(stage).map_or("", |s| s.id.as_str())
    }

    /// Replaces the model; on error the old one stays.
    pub fn set_model(&mut self, model: Model) -> Result<(), ModelErrors> {
        self.compiled = Compiled::compile(&model, &self.base)?;
        self.model = model;
        Ok(())
    }

    /// Adds events and returns the contacts they touched: only those need
    /// [`Engine::reclassify`]. On error nothing changes.
    pub fn add_events(
        &mut self,
        events: Vec<Event>,
        unknown: UnknownContacts,
    ) -> Result<Vec<ContactIdx>, EngineError> {
        // The base validates everything before changing anything.
        let touched = self.base.add_events(events, unknown)?;
        // New custom kinds may join groups such as `activity`. Compiling
        // cannot fail here: the model compiled before, and a base only gains
        // kinds and fields.
        self.compiled = Compiled::compile(&self.model, &self.base)?;
        Ok(touched)
    }

    /// Every contact's stage as of `as_of`.
    pub fn classify(&self, as_of: NaiveDate) -> Classification {
        let day = day_of(as_of);
        let mut s = self.compiled.scratch();
        let stages = (0..self.base.len() as ContactIdx)
            .map(|idx| self.compiled.classify_one(&self.base, idx, day, &mut s))
            .collect();
        Classification { as_of, stages }
    }

    /// Re-evaluates only `contacts` (for example, those [`Engine::add_events`]
    /// returned), growing the classification for new contacts.
    pub fn reclassify(&self, cls: &mut Classification, contacts: &[ContactIdx]) {
        let day = day_of(cls.as_of);
        let mut s = self.compiled.scratch();
        if cls.stages.len() < self.base.len() {
            let missing: Vec<ContactIdx> =
                (cls.stages.len() as ContactIdx..self.base.len() as ContactIdx).collect();
            cls.stages.resize(self.base.len(), 0);
            for idx in missing {
                cls.stages[idx as usize] = self.compiled.classify_one(&self.base, idx, day, &mut s);
            }
        }
        for &idx in contacts {
            if (idx as usize) < self.base.len() {
                cls.stages[idx as usize] = self.compiled.classify_one(&self.base, idx, day, &mut s);
            }
        }
    }

    /// One contact's stage as of `as_of` (`None` for an unknown index).
    pub fn stage_of(&self, idx: ContactIdx, as_of: NaiveDate) -> Option<usize> {
        if idx as usize >= self.base.len() {
            return None;
        }
        let mut s = self.compiled.scratch();
        Some(
            self.compiled
                .classify_one(&self.base, idx, day_of(as_of), &mut s) as usize,
        )
    }

    /// Why a contact is in its stage as of `as_of`, in English.
    pub fn explain(&self, idx: ContactIdx, as_of: NaiveDate) -> Option<Explanation> {
        self.explain_in(idx, as_of, Lang::En)
    }

    /// Why a contact is in its stage as of `as_of`, in `lang`.
    pub fn explain_in(&self, idx: ContactIdx, as_of: NaiveDate, lang: Lang) -> Option<Explanation> {
        if idx as usize >= self.base.len() {
            return None;
        }
        let checks = self.compiled.explain(&self.base, idx, day_of(as_of), lang);
        Some(Explanation {
            contact: self.base.contact(idx).id.clone(),
            as_of,
            stage: checks.last().map(|c| c.stage.clone()).unwrap_or_default(),
            checks,
        })
    }

    /// One contact's exact stage history up to `until`.
    pub fn history(&self, idx: ContactIdx, until: NaiveDate) -> Option<History> {
        if idx as usize >= self.base.len() {
            return None;
        }
        let mut s = self.compiled.scratch();
        let mut out = Vec::new();
        let initial = self
            .compiled
            .sweep(&self.base, idx, day_of(until), &mut s, &mut out) as usize;
        let mut prev = initial;
        let transitions = out
            .into_iter()
            .map(|(d, to)| {
                let t = Transition {
                    date: date_of(d),
                    from: prev,
                    to: to as usize,
                };
                prev = to as usize;
                t
            })
            .collect();
        Some(History {
            initial,
            transitions,
        })
    }

    /// Every contact's exact stage history up to `until`, in one pass per
    /// contact.
    pub fn histories(&self, until: NaiveDate) -> Histories {
        let mut h = self.histories_begin(until);
        self.extend_histories(&mut h, usize::MAX);
        h
    }

    /// Histories up to `until` of no contact yet, for [`Engine::extend_histories`]
    /// to fill a slice of contacts at a time: a browser repaints between slices.
    pub fn histories_begin(&self, until: NaiveDate) -> Histories {
        let n = self.base.len();
        let mut h = Histories {
            until,
            initial: Vec::with_capacity(n),
            offsets: Vec::with_capacity(n + 1),
            days: Vec::new(),
            stages: Vec::new(),
        };
        h.offsets.push(0);
        h
    }

    /// Computes the histories of up to `max_contacts` more contacts, in index
    /// order, and says whether every contact's is done; the result is then
    /// the same as [`Engine::histories`]'s.
    pub fn extend_histories(&self, h: &mut Histories, max_contacts: usize) -> bool {
        let until_day = day_of(h.until);
        let mut s = self.compiled.scratch();
        let n = self.base.len();
        let start = h.initial.len().min(n);
        let end = start.saturating_add(max_contacts).min(n);
        let mut out = Vec::new();
        for idx in start as ContactIdx..end as ContactIdx {
            out.clear();
            let initial = self
                .compiled
                .sweep(&self.base, idx, until_day, &mut s, &mut out);
            h.initial.push(initial);
            for &(d, st) in &out {
                h.days.push(d);
                h.stages.push(st);
            }
            h.offsets.push(h.days.len() as u32);
        }
        end == n
    }

    /// Brings histories up to date after [`Engine::add_events`]: recomputes
    /// only `contacts` (and contacts new since the histories were made) and
    /// copies everyone else's.
    pub fn update_histories(&self, h: &mut Histories, contacts: &[ContactIdx]) {
        let until = day_of(h.until);
        let n = self.base.len();
        let mut redo = vec![false; n];
        for &idx in contacts {
            if let Some(r) = redo.get_mut(idx as usize) {
                *r = true;
            }
        }
        let mut s = self.compiled.scratch();
        let mut out = Vec::new();
        let mut fresh = Histories {
            until: h.until,
            initial: Vec::with_capacity(n),
            offsets: Vec::with_capacity(n + 1),
            days: Vec::with_capacity(h.days.len()),
            stages: Vec::with_capacity(h.stages.len()),
        };
        fresh.offsets.push(0);
        for idx in 0..n as ContactIdx {
            if redo[idx as usize] || idx as usize >= h.len() {
                out.clear();
                let initial = self
                    .compiled
                    .sweep(&self.base, idx, until, &mut s, &mut out);
                fresh.initial.push(initial);
                for &(d, st) in &out {
                    fresh.days.push(d);
                    fresh.stages.push(st);
                }
            } else {
                let r = h.range(idx);
                fresh.initial.push(h.initial[idx as usize]);
                fresh.days.extend_from_slice(&h.days[r.clone()]);
                fresh.stages.extend_from_slice(&h.stages[r]);
            }
            fresh.offsets.push(fresh.days.len() as u32);
        }
        *h = fresh;
    }

    /// The contacts of a classification that fall in a segment.
    pub fn select(
        &self,
        cls: &Classification,
        segment: &Segment,
    ) -> Result<Vec<ContactIdx>, ModelErrors> {
        let filter = match &segment.filter {
            Some(src) if !src.trim().is_empty() => Some(self.compile_filter(src)?),
            _ => None,
        };
        let mut stage_ok = vec![segment.stages.is_empty(); self.model.stages.len()];
        for id in &segment.stages {
            match self.model.stage_index(id) {
                Some(i) => stage_ok[i] = true,
                None => {
                    return Err(ModelErrors(vec![ModelError::new(
                        Place::Filter,
                        None,
                        ModelProblem::UnknownFilterStage { id: id.clone() },
                    )]));
                }
            }
        }
        let strings = self.base.strings();
        let ids = |names: &[String]| -> Vec<u32> {
            names.iter().filter_map(|n| strings.get(n)).collect()
        };
        let (sources, owners, tags) = (
            ids(&segment.sources),
            ids(&segment.owners),
            ids(&segment.tags),
        );
        let day = day_of(cls.as_of);
        let mut s = filter.as_ref().map(Compiled::scratch);
        let mut out = Vec::new();
        for idx in 0..cls.stages.len().min(self.base.len()) as ContactIdx {
            if !stage_ok
                .get(cls.stages[idx as usize] as usize)
                .copied()
                .unwrap_or(false)
                || (!segment.sources.is_empty() && !sources.contains(&self.base.source_id(idx)))
                || (!segment.owners.is_empty() && !owners.contains(&self.base.owner_id(idx)))
                || (!segment.tags.is_empty()
                    && !self.base.tag_ids(idx).iter().any(|t| tags.contains(t)))
            {
                continue;
            }
            if let (Some(f), Some(s)) = (&filter, s.as_mut())
                && f.classify_one(&self.base, idx, day, s) != 0
            {
                continue;
            }
            out.push(idx);
        }
        Ok(out)
    }

    fn compile_filter(&self, src: &str) -> Result<Compiled, ModelErrors> {
        let mut model = self.model.clone();
        let stage = |id: &str, rule: &str| Stage {
            id: id.to_owned(),
            label: model.name.clone(),
            colour: "#000000".into(),
            kind: StageKind::Open,
            rule: rule.to_owned(),
        };
        let stages = vec![stage("in", src), stage("out", "true")];
        model.stages = stages;
        model.funnel.clear();
        Compiled::compile(&model, &self.base).map_err(|ModelErrors(errors)| {
            ModelErrors(
                errors
                    .into_iter()
                    .map(|mut e| {
                        if e.place == Place::Stage("in".into()) {
                            e.place = Place::Filter;
                        }
                        e
                    })
                    .collect(),
            )
        })
    }

    /// What a changed model would do as of `as_of`, without applying it.
    /// Pass the current classification at that date to save computing it.
    pub fn what_if(
        &self,
        model: &Model,
        as_of: NaiveDate,
        current: Option<&Classification>,
    ) -> Result<WhatIf, ModelErrors> {
        let compiled = Compiled::compile(model, &self.base)?;
        let owned;
        let current = match current {
            Some(c) if c.as_of == as_of && c.stages.len() == self.base.len() => c,
            _ => {
                owned = self.classify(as_of);
                &owned
            }
        };
        Ok(self.what_if_with(&compiled, model, current))
    }

    fn what_if_with(&self, compiled: &Compiled, model: &Model, current: &Classification) -> WhatIf {
        let day = day_of(current.as_of);
        let old_ids: Vec<&str> = self.model.stages.iter().map(|s| s.id.as_str()).collect();
        let new_ids: Vec<&str> = model.stages.iter().map(|s| s.id.as_str()).collect();
        // Map old stage index -> new stage index of the same id, if any.
        let same: Vec<Option<u8>> = old_ids
            .iter()
            .map(|id| new_ids.iter().position(|n| n == id).map(|p| p as u8))
            .collect();
        let mut s = compiled.scratch();
        let mut moves: BTreeMap<(u8, u8), Vec<ContactIdx>> = BTreeMap::new();
        let mut unchanged = 0;
        for (idx, &old) in current.stages.iter().enumerate() {
            let new = compiled.classify_one(&self.base, idx as ContactIdx, day, &mut s);
            if same.get(old as usize).copied().flatten() == Some(new) {
                unchanged += 1;
            } else {
                moves.entry((old, new)).or_default().push(idx as ContactIdx);
            }
        }
        WhatIf {
            as_of: current.as_of,
            unchanged,
            moves: moves
                .into_iter()
                .map(|((from, to), contacts)| Move {
                    from: old_ids.get(from as usize).copied().unwrap_or("").to_owned(),
                    to: new_ids[to as usize].to_owned(),
                    contacts,
                })
                .collect(),
        }
    }
}
