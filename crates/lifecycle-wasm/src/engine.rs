//! The `Engine` class: a customer base with a lifecycle model.

use chrono::NaiveDate;
use lifecycle_core::engine::{Engine as Core, Histories, Segment};
use lifecycle_core::reports::{self, Scope};
use lifecycle_core::{
    Base, Classification, Contact, ContactIdx, Event, Lang, Model, UnknownContacts,
};
use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::convert::{self, date, from_js, list, to_js};
use crate::error::{self, JsResult};

/// Reads a model given as JSON text or as an object.
pub fn read_model(model: &JsValue) -> JsResult<Model> {
    let text = match model.as_string() {
        Some(text) => text,
        None if model.is_object() => js_sys::JSON::stringify(model)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| {
                error::item(
                    error::Code::InvalidInput,
                    "the model cannot be written as JSON",
                    None,
                    "model",
                )
            })?,
        None => {
            return Err(error::item(
                error::Code::InvalidInput,
                "a model is JSON text or an object",
                None,
                "model",
            ));
        }
    };
    let model = Model::from_json(&text).map_err(|e| error::model(&e))?;
    crate::guard::check_model(&model).map_err(|e| error::model(&e))?;
    Ok(model)
}

/// Options of `load` and `addEvents`.
#[derive(Default)]
#[cfg_attr(test, derive(ts_rs::TS), ts(optional_fields, rename_all = "camelCase"))]
pub struct LoadOptions {
    /// Events about a contact that is not loaded: fail (`reject`, the default) or
    /// create the contact (`create`).
    #[cfg_attr(test, ts(type = "\"reject\" | \"create\"", optional))]
    unknown_contacts: Option<String>,
}

impl LoadOptions {
    /// Read from JS property by property (a serde derive would cost the wasm
    /// more than this; docs/npm.md).
    fn read(value: Option<JsValue>) -> JsResult<LoadOptions> {
        let Some(o) = convert::options_object(value.unwrap_or_default(), "options")? else {
            return Ok(LoadOptions::default());
        };
        Ok(LoadOptions {
            unknown_contacts: convert::string_property(&o, "unknownContacts", "options")?,
        })
    }

    fn unknown(&self) -> JsResult<UnknownContacts> {
        match self.unknown_contacts.as_deref() {
            None | Some("reject") => Ok(UnknownContacts::Reject),
            Some("create") => Ok(UnknownContacts::Create),
            Some(other) => Err(error::item(
                error::Code::InvalidInput,
                &format!("unknownContacts is \"reject\" or \"create\", not {other:?}"),
                None,
                "unknownContacts",
            )),
        }
    }
}

/// A stage of the model, as `stages()` lists it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct StageInfo<'a> {
    /// The stage's id.
    id: &'a str,
    /// Its name in English and Russian.
    label: &'a lifecycle_core::Labels,
    /// `#rrggbb`.
    colour: &'a str,
    /// What the stage means for reports.
    kind: lifecycle_core::StageKind,
}

/// The lifecycle engine over one customer base.
///
/// ```ts
/// const engine = Engine.fromPreset("b2b");
/// engine.load(contacts, events);
/// const { counts } = engine.classify("2025-10-01");
/// engine.free(); // or: using engine = Engine.fromPreset("b2b");
/// ```
#[wasm_bindgen]
pub struct Engine {
    core: Core,
    /// Stage histories up to a date, kept for the reports that need them.
    histories: Option<Histories>,
}

impl Engine {
    fn with(model: Model, base: Base) -> JsResult<Engine> {
        let core = Core::new(base, model).map_err(|e| error::model(&e))?;
        Ok(Engine {
            core,
            histories: None,
        })
    }

    fn contact(&self, id: &JsValue) -> JsResult<ContactIdx> {
        let id = convert::string(id, "contactId")?;
        self.core.base().index_of(&id).ok_or_else(|| {
            error::item(
                error::Code::UnknownContact,
                &format!("no contact with id {id:?}"),
                None,
                "contactId",
            )
        })
    }

    fn rebuild(&mut self, base: Base) -> JsResult<()> {
        self.core = Core::new(base, self.core.model().clone()).map_err(|e| error::model(&e))?;
        self.histories = None;
        Ok(())
    }

    /// Stage histories up to `until`, computed once per date. Hand them back with
    /// `self.histories = Some(h)` to keep them for the next report.
    fn take_histories(&mut self, until: NaiveDate) -> Histories {
        match self.histories.take() {
            Some(h) if h.until == until => h,
            _ => self.core.histories(until),
        }
    }

    /// The contacts of a segment as of `as_of`, or `None` for everyone.
    fn scope(&self, segment: JsValue, as_of: NaiveDate) -> JsResult<Option<Vec<ContactIdx>>> {
        if segment.is_undefined() || segment.is_null() {
            return Ok(None);
        }
        let segment: Segment = from_js(segment, "segment")?;
        crate::guard::check_filter(segment.filter.as_deref()).map_err(|e| error::model(&e))?;
        let cls = self.core.classify(as_of);
        self.core
            .select(&cls, &segment)
            .map(Some)
            .map_err(|e| error::model(&e))
    }

    fn ids(&self, idx: &[ContactIdx]) -> Vec<String> {
        idx.iter()
            .map(|&i| self.core.base().contact(i).id.clone())
            .collect()
    }

    fn stage_ids(&self) -> Vec<&str> {
        self.core.stages().iter().map(|s| s.id.as_str()).collect()
    }
}

fn scope(s: &Option<Vec<ContactIdx>>) -> Scope<'_> {
    s.as_deref()
}

#[wasm_bindgen]
impl Engine {
    /// An engine with an empty base and a preset model: `b2b`, `messaging`,
    /// `funnel` or `hubspot`.
    #[wasm_bindgen(js_name = fromPreset)]
    pub fn from_preset(
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
    ) -> JsResult<Engine> {
        let name = convert::string(&name, "preset")?;
        let model = Model::preset(&name).ok_or_else(|| {
            error::item(
                error::Code::UnknownPreset,
                &format!(
                    "no preset {name:?}; the presets are {}",
                    Model::PRESETS.join(", ")
                ),
                None,
                "preset",
            )
        })?;
        Engine::with(model, Base::default())
    }

    /// An engine with an empty base and a model given as JSON text or an object.
    /// Throws a `ModelError` listing every problem.
    #[wasm_bindgen(js_name = fromModel)]
    pub fn from_model(
        #[wasm_bindgen(unchecked_param_type = "string | LifecycleModel")] model: JsValue,
    ) -> JsResult<Engine> {
        Engine::with(read_model(&model)?, Base::default())
    }

    /// The names of the preset models.
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn presets() -> JsResult<JsValue> {
        to_js(&Model::PRESETS)
    }

    /// The current model, as an object.
    #[wasm_bindgen(unchecked_return_type = "LifecycleModel")]
    pub fn model(&self) -> JsResult<JsValue> {
        to_js(self.core.model())
    }

    /// Replaces the model; on error the old one stays.
    #[wasm_bindgen(js_name = setModel)]
    pub fn set_model(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | LifecycleModel")] model: JsValue,
    ) -> JsResult<()> {
        let model = read_model(&model)?;
        self.core.set_model(model).map_err(|e| error::model(&e))?;
        self.histories = None;
        Ok(())
    }

    /// The model's stages in priority order.
    #[wasm_bindgen(unchecked_return_type = "StageInfo[]")]
    pub fn stages(&self) -> JsResult<JsValue> {
        let stages: Vec<StageInfo<'_>> = self
            .core
            .stages()
            .iter()
            .map(|s| StageInfo {
                id: &s.id,
                label: &s.label,
                colour: &s.colour,
                kind: s.kind,
            })
            .collect();
        to_js(&stages)
    }

    /// Number of contacts in the base.
    #[wasm_bindgen(getter, js_name = contactCount)]
    pub fn contact_count(&self) -> usize {
        self.core.base().len()
    }

    /// Number of events in the base.
    #[wasm_bindgen(getter, js_name = eventCount)]
    pub fn event_count(&self) -> usize {
        self.core.base().event_count()
    }

    /// Replaces the base with contacts and events given as plain objects.
    /// On error nothing changes.
    pub fn load(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Contact[]")] contacts: JsValue,
        #[wasm_bindgen(unchecked_param_type = "LifecycleEvent[]")] events: JsValue,
        #[wasm_bindgen(unchecked_param_type = "LoadOptions")] opts: Option<JsValue>,
    ) -> JsResult<()> {
        let opts = LoadOptions::read(opts)?;
        let contacts: Vec<Contact> = list(contacts, "contacts")?;
        let events: Vec<Event> = list(events, "events")?;
        let base = Base::build(contacts, events, opts.unknown()?).map_err(|e| error::base(&e))?;
        self.rebuild(base)
    }

    /// Replaces the base with contacts given as objects and events given as typed
    /// columns (see `EventColumns`): no object per event crosses into the engine.
    /// On error nothing changes.
    #[wasm_bindgen(js_name = loadColumns)]
    pub fn load_columns(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Contact[]")] contacts: JsValue,
        #[wasm_bindgen(unchecked_param_type = "EventColumns")] columns: JsValue,
    ) -> JsResult<()> {
        let contacts: Vec<Contact> = list(contacts, "contacts")?;
        // Grow the memory once for the base (see `demo::reserve`).
        let events = js_sys::Reflect::get(&columns, &"day".into())
            .ok()
            .and_then(|d| d.dyn_into::<js_sys::Int32Array>().ok())
            .map_or(0, |d| d.length() as usize);
        crate::demo::reserve(events.saturating_mul(64) + contacts.len().saturating_mul(512));
        let columns = crate::columns::columns_from_js(&columns)?;
        let base = Base::from_columns(contacts, columns).map_err(|e| error::base(&e))?;
        self.rebuild(base)
    }

    /// Adds events to the base; returns how many contacts they touched.
    /// On error nothing changes.
    #[wasm_bindgen(js_name = addEvents)]
    pub fn add_events(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "LifecycleEvent[]")] events: JsValue,
        #[wasm_bindgen(unchecked_param_type = "LoadOptions")] opts: Option<JsValue>,
    ) -> JsResult<usize> {
        let opts = LoadOptions::read(opts)?;
        let events: Vec<Event> = list(events, "events")?;
        let touched = self
            .core
            .add_events(events, opts.unknown()?)
            .map_err(|e| match e {
                lifecycle_core::EngineError::Base(e) => error::base(&e),
                lifecycle_core::EngineError::Model(e) => error::model(&e),
            })?;
        self.histories = None;
        Ok(touched.len())
    }

    /// Every contact's stage as of a date (`YYYY-MM-DD`). `stages[i]` is the index
    /// into `stageIds` of the i-th contact's stage, in load order.
    #[wasm_bindgen(unchecked_return_type = "ClassificationResult")]
    pub fn classify(
        &self,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateString")] as_of: JsValue,
    ) -> JsResult<JsValue> {
        let cls = self.core.classify(date(&as_of, "asOf")?);
        classification(&cls, &self.stage_ids(), self.core.stages().len())
    }

    /// One contact's stage id as of a date.
    #[wasm_bindgen(js_name = stageOf)]
    pub fn stage_of(
        &self,
        #[wasm_bindgen(js_name = contactId, unchecked_param_type = "string")] contact_id: JsValue,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateString")] as_of: JsValue,
    ) -> JsResult<String> {
        let idx = self.contact(&contact_id)?;
        let stage = self.core.stage_of(idx, date(&as_of, "asOf")?).unwrap_or(0);
        Ok(self.core.stage_id(stage).to_owned())
    }

    /// Why a contact is in its stage as of a date: every stage checked, in
    /// priority order, with the deciding conditions and the contact's values,
    /// in English or, with `lang` `"ru"`, in Russian.
    #[wasm_bindgen(unchecked_return_type = "Explanation")]
    pub fn explain(
        &self,
        #[wasm_bindgen(js_name = contactId, unchecked_param_type = "string")] contact_id: JsValue,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateString")] as_of: JsValue,
        lang: Option<String>,
    ) -> JsResult<JsValue> {
        let idx = self.contact(&contact_id)?;
        let lang = match lang.as_deref() {
            None => Lang::En,
            Some(code) => Lang::parse(code).ok_or_else(|| {
                error::item(
                    error::Code::InvalidInput,
                    "lang: expected \"en\" or \"ru\"",
                    None,
                    "lang",
                )
            })?,
        };
        let why = self.core.explain_in(idx, date(&as_of, "asOf")?, lang);
        to_js(&why)
    }

    /// A contact's stage history up to a date: the stage before any event and
    /// every change after.
    #[wasm_bindgen(unchecked_return_type = "StageHistory")]
    pub fn history(
        &self,
        #[wasm_bindgen(js_name = contactId, unchecked_param_type = "string")] contact_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateString")] until: JsValue,
    ) -> JsResult<JsValue> {
        let idx = self.contact(&contact_id)?;
        let h = self
            .core
            .history(idx, date(&until, "until")?)
            .ok_or_else(|| error::general(error::Code::Internal, "no history"))?;
        let out = StageHistory {
            initial: self.core.stage_id(h.initial),
            transitions: h
                .transitions
                .iter()
                .map(|t| StageTransition {
                    date: t.date,
                    from: self.core.stage_id(t.from),
                    to: self.core.stage_id(t.to),
                })
                .collect(),
        };
        to_js(&out)
    }

    /// The ids of the contacts in a segment as of a date.
    #[wasm_bindgen(unchecked_return_type = "string[]")]
    pub fn select(
        &self,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateString")] as_of: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Segment")] segment: JsValue,
    ) -> JsResult<JsValue> {
        let as_of = date(&as_of, "asOf")?;
        let idx = self.scope(segment, as_of)?.unwrap_or_default();
        to_js(&self.ids(&idx))
    }

    /// Contacts per stage as of a date, for everyone or a segment.
    #[wasm_bindgen(js_name = stageCounts, unchecked_return_type = "StageCount[]")]
    pub fn stage_counts(
        &self,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateString")] as_of: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Segment")] segment: Option<JsValue>,
    ) -> JsResult<JsValue> {
        let as_of = date(&as_of, "asOf")?;
        let s = self.scope(segment.unwrap_or_default(), as_of)?;
        let counts = self
            .core
            .stage_counts(&self.core.classify(as_of), scope(&s));
        let out: Vec<StageCount<'_>> = self
            .stage_ids()
            .into_iter()
            .zip(counts)
            .map(|(stage, count)| StageCount { stage, count })
            .collect();
        to_js(&out)
    }

    /// How each stage's count changed between two dates.
    #[wasm_bindgen(js_name = stageChange, unchecked_return_type = "StageChange[]")]
    pub fn stage_change(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateString")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateString")] to: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Segment")] segment: Option<JsValue>,
    ) -> JsResult<JsValue> {
        let (from, to) = (date(&from, "from")?, date(&to, "to")?);
        let s = self.scope(segment.unwrap_or_default(), to)?;
        to_js(&self.core.stage_change(from, to, scope(&s)))
    }

    /// Contacts per stage on each date (for example `monthEnds(from, to)`).
    /// `counts[i]` goes with `stages[i]`.
    #[wasm_bindgen(unchecked_return_type = "Trend")]
    pub fn trend(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] dates: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Segment")] segment: Option<JsValue>,
    ) -> JsResult<JsValue> {
        let texts: Vec<String> = from_js(dates, "dates")?;
        let dates = texts
            .iter()
            .map(|d| convert::date_text(d, "dates"))
            .collect::<JsResult<Vec<_>>>()?;
        let Some(&last) = dates.iter().max() else {
            return to_js(&Trend {
                stages: self.stage_ids(),
                points: vec![],
            });
        };
        let s = self.scope(segment.unwrap_or_default(), last)?;
        let h = self.take_histories(last);
        let points = self.core.trend(&h, &dates, scope(&s));
        self.histories = Some(h);
        to_js(&Trend {
            stages: self.stage_ids(),
            points,
        })
    }

    /// How many contacts moved from each stage to each other stage between two dates.
    #[wasm_bindgen(unchecked_return_type = "TransitionMatrix")]
    pub fn transitions(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "DateString")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateString")] to: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Segment")] segment: Option<JsValue>,
    ) -> JsResult<JsValue> {
        let (from, to) = (date(&from, "from")?, date(&to, "to")?);
        let s = self.scope(segment.unwrap_or_default(), to)?;
        let h = self.take_histories(to);
        let out = self.core.transitions(&h, from, to, scope(&s));
        self.histories = Some(h);
        to_js(&out)
    }

    /// The model's funnel as of a date: how many reached each step, conversion
    /// and median days between steps.
    #[wasm_bindgen(unchecked_return_type = "FunnelStep[]")]
    pub fn funnel(
        &mut self,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateString")] as_of: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Segment")] segment: Option<JsValue>,
    ) -> JsResult<JsValue> {
        let as_of = date(&as_of, "asOf")?;
        let s = self.scope(segment.unwrap_or_default(), as_of)?;
        let h = self.take_histories(as_of);
        let out = self.core.funnel(&h, as_of, scope(&s));
        self.histories = Some(h);
        to_js(&out)
    }

    /// Where contacts went dormant or were lost between two dates.
    #[wasm_bindgen(js_name = dropOff, unchecked_return_type = "DropOff")]
    pub fn drop_off(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "DateString")] from: JsValue,
        #[wasm_bindgen(unchecked_param_type = "DateString")] to: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Segment")] segment: Option<JsValue>,
    ) -> JsResult<JsValue> {
        let (from, to) = (date(&from, "from")?, date(&to, "to")?);
        let s = self.scope(segment.unwrap_or_default(), to)?;
        let h = self.take_histories(to);
        let out = self.core.drop_off(&h, from, to, scope(&s));
        self.histories = Some(h);
        to_js(&out)
    }

    /// Time spent in each stage up to a date.
    #[wasm_bindgen(js_name = timeInStage, unchecked_return_type = "StageTime[]")]
    pub fn time_in_stage(
        &mut self,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateString")] as_of: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Segment")] segment: Option<JsValue>,
    ) -> JsResult<JsValue> {
        let as_of = date(&as_of, "asOf")?;
        let s = self.scope(segment.unwrap_or_default(), as_of)?;
        let h = self.take_histories(as_of);
        let out = self.core.time_in_stage(&h, as_of, scope(&s));
        self.histories = Some(h);
        to_js(&out)
    }

    /// Monthly cohorts by first activity, with the share active and customers
    /// in each following month.
    #[wasm_bindgen(unchecked_return_type = "Cohort[]")]
    pub fn cohorts(
        &mut self,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateString")] as_of: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Segment")] segment: Option<JsValue>,
    ) -> JsResult<JsValue> {
        let as_of = date(&as_of, "asOf")?;
        let s = self.scope(segment.unwrap_or_default(), as_of)?;
        let h = self.take_histories(as_of);
        let out = self.core.cohorts(&h, as_of, scope(&s));
        self.histories = Some(h);
        to_js(&out)
    }

    /// Conversion to customer by source.
    #[wasm_bindgen(js_name = conversionBySource, unchecked_return_type = "SourceRow[]")]
    pub fn conversion_by_source(
        &mut self,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateString")] as_of: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Segment")] segment: Option<JsValue>,
    ) -> JsResult<JsValue> {
        let as_of = date(&as_of, "asOf")?;
        let s = self.scope(segment.unwrap_or_default(), as_of)?;
        let h = self.take_histories(as_of);
        let out = self.core.conversion_by_source(&h, as_of, scope(&s));
        self.histories = Some(h);
        to_js(&out)
    }

    /// Customers at risk as of a date, with the reasons.
    #[wasm_bindgen(js_name = riskList, unchecked_return_type = "Risk[]")]
    pub fn risk_list(
        &self,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateString")] as_of: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Segment")] segment: Option<JsValue>,
    ) -> JsResult<JsValue> {
        let as_of = date(&as_of, "asOf")?;
        let s = self.scope(segment.unwrap_or_default(), as_of)?;
        let cls = self.core.classify(as_of);
        to_js(&self.core.risk_list(&cls, scope(&s)))
    }

    /// What another model would do as of a date, without applying it: how many
    /// contacts keep their stage, and who would move where.
    #[wasm_bindgen(js_name = whatIf, unchecked_return_type = "WhatIfResult")]
    pub fn what_if(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | LifecycleModel")] model: JsValue,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "DateString")] as_of: JsValue,
    ) -> JsResult<JsValue> {
        let model = read_model(&model)?;
        let as_of = date(&as_of, "asOf")?;
        let w = self
            .core
            .what_if(&model, as_of, None)
            .map_err(|e| error::model(&e))?;
        let out = WhatIfResult {
            as_of: w.as_of,
            unchanged: w.unchanged,
            moves: w
                .moves
                .iter()
                .map(|m| WhatIfMove {
                    from: &m.from,
                    to: &m.to,
                    contacts: self.ids(&m.contacts),
                })
                .collect(),
        };
        to_js(&out)
    }
}

/// A contact's stage history: the stage before any event and every change after.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct StageHistory<'a> {
    /// The stage before any event.
    initial: &'a str,
    /// The changes, in date order.
    transitions: Vec<StageTransition<'a>>,
}

/// One stage change.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct StageTransition<'a> {
    /// The day the new stage starts.
    #[cfg_attr(test, ts(type = "DateString"))]
    date: NaiveDate,
    /// The stage id before.
    from: &'a str,
    /// The stage id from `date` on.
    to: &'a str,
}

/// Contacts in one stage.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct StageCount<'a> {
    /// The stage id.
    stage: &'a str,
    /// Contacts in it.
    count: u32,
}

/// What another model would do: how many keep their stage, and who would move.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct WhatIfResult<'a> {
    /// The date compared.
    #[cfg_attr(test, ts(type = "DateString"))]
    as_of: NaiveDate,
    /// Contacts that keep a stage of the same id.
    unchanged: u32,
    /// Every (from, to) pair of stage ids with at least one contact.
    moves: Vec<WhatIfMove<'a>>,
}

/// Contacts that would move from one stage to another.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct WhatIfMove<'a> {
    /// The stage id before.
    from: &'a str,
    /// The stage id after.
    to: &'a str,
    /// The ids of the contacts that would move.
    contacts: Vec<String>,
}

/// Contacts per stage on each of a list of dates.
#[derive(Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Trend<'a> {
    /// The stage ids.
    stages: Vec<&'a str>,
    /// One point per date; `counts[i]` goes with `stages[i]`.
    points: Vec<reports::TrendPoint>,
}

/// Every contact's stage as of a date, as `classify` returns it: the stages as
/// one typed array rather than an object per contact.
#[cfg_attr(test, derive(ts_rs::TS), ts(rename_all = "camelCase"))]
pub struct ClassificationResult<'a> {
    /// The date classified.
    #[cfg_attr(test, ts(type = "DateString"))]
    as_of: NaiveDate,
    /// Stage ids in priority order.
    stage_ids: &'a [&'a str],
    /// `stages[i]` is the index into `stageIds` of the i-th loaded contact's stage.
    #[cfg_attr(test, ts(type = "Uint8Array"))]
    stages: &'a [u8],
    /// Contacts per stage, in `stageIds` order.
    counts: Vec<u32>,
}

impl ClassificationResult<'_> {
    fn to_js(&self) -> JsResult<JsValue> {
        let obj = js_sys::Object::new();
        let set = |k: &str, v: JsValue| {
            js_sys::Reflect::set(&obj, &JsValue::from_str(k), &v).map_err(|_| {
                error::general(error::Code::Internal, "cannot build the classification")
            })
        };
        set("asOf", JsValue::from_str(&self.as_of.to_string()))?;
        set("stageIds", to_js(self.stage_ids)?)?;
        set("stages", js_sys::Uint8Array::from(self.stages).into())?;
        set("counts", to_js(&self.counts)?)?;
        Ok(obj.into())
    }
}

fn classification(cls: &Classification, ids: &[&str], n: usize) -> JsResult<JsValue> {
    ClassificationResult {
        as_of: cls.as_of,
        stage_ids: ids,
        stages: &cls.stages,
        counts: cls.counts(n),
    }
    .to_js()
}

/// Checks a model (JSON text or an object) and returns every problem, each with
/// its place (stage id, line and column in the rule); an empty array when it is valid.
#[wasm_bindgen(js_name = validateModel, unchecked_return_type = "ModelProblem[]")]
pub fn validate_model(
    #[wasm_bindgen(unchecked_param_type = "string | LifecycleModel")] model: JsValue,
) -> JsResult<JsValue> {
    let problems = match read_model(&model) {
        Ok(m) => m.validate().err(),
        Err(e) if e.is_instance_of::<js_sys::Error>() => {
            // Unreadable JSON or too deep a rule: its problems, with their places.
            let errors = js_sys::Reflect::get(&e, &JsValue::from_str("errors"))
                .unwrap_or(JsValue::UNDEFINED);
            if errors.is_undefined() {
                return Err(e);
            }
            return Ok(errors);
        }
        Err(e) => return Err(e),
    };
    match problems {
        Some(p) => to_js(&error::problems(&p)),
        None => to_js(&Vec::<error::Problem>::new()),
    }
}

/// The last day of every month that ends between two dates, as `YYYY-MM-DD`.
#[wasm_bindgen(js_name = monthEnds, unchecked_return_type = "string[]")]
pub fn month_ends(
    #[wasm_bindgen(unchecked_param_type = "DateString")] from: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DateString")] to: JsValue,
) -> JsResult<JsValue> {
    to_js(&reports::month_ends(date(&from, "from")?, date(&to, "to")?))
}

/// The day number of a `YYYY-MM-DD` date, as used in `EventColumns.day`
/// (days since 0001-01-01, which is day 1).
#[wasm_bindgen(js_name = dayNumber)]
pub fn day_number(
    #[wasm_bindgen(js_name = date, unchecked_param_type = "DateString")] date_text: JsValue,
) -> JsResult<i32> {
    Ok(lifecycle_core::base::day_of(date(&date_text, "date")?))
}

/// The `YYYY-MM-DD` date of a day number (see `dayNumber`).
#[wasm_bindgen(js_name = dateOfDay)]
pub fn date_of_day(day: i32) -> JsResult<String> {
    NaiveDate::from_num_days_from_ce_opt(day)
        .map(|d| d.to_string())
        .ok_or_else(|| {
            error::item(
                error::Code::InvalidDate,
                &format!("day number {day} is not a date"),
                None,
                "day",
            )
        })
}
