//! Lifecycle models as data, the presets, and model validation.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::data::Direction;
use crate::errors::ModelProblem;
use crate::rule::Pos;

/// The model format version this code reads and writes.
pub const MODEL_VERSION: u32 = 1;

/// A text in the two interface languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Labels {
    /// English.
    pub en: String,
    /// Russian.
    pub ru: String,
}

fn labels(en: &str, ru: &str) -> Labels {
    Labels {
        en: en.to_owned(),
        ru: ru.to_owned(),
    }
}

/// What a stage means for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum StageKind {
    /// Not a customer yet.
    Open,
    /// A customer.
    Won,
    /// A contact who went quiet and may come back.
    Dormant,
    /// A contact considered gone.
    Lost,
}

impl<'de> Deserialize<'de> for StageKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::unit_enum::deserialize(
            d,
            "StageKind",
            &["open", "won", "dormant", "lost"],
            &[
                StageKind::Open,
                StageKind::Won,
                StageKind::Dormant,
                StageKind::Lost,
            ],
        )
    }
}

/// One stage of a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Stage {
    /// Stable id, unique in the model: `[a-z0-9_]+`.
    pub id: String,
    /// The name shown to users.
    pub label: Labels,
    /// `#rrggbb`.
    pub colour: String,
    /// What the stage means for reports (open, won, dormant, lost).
    pub kind: StageKind,
    /// The condition, in the rule language. The last stage catches every
    /// contact no earlier stage took, whatever its rule says.
    pub rule: String,
}

/// The type of a custom field: declared in a model, or given to an imported
/// column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum FieldType {
    /// Text.
    Text,
    /// A number.
    Number,
    /// True or false.
    Bool,
    /// A date.
    Date,
}

impl<'de> Deserialize<'de> for FieldType {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::unit_enum::deserialize(
            d,
            "FieldType",
            &["text", "number", "bool", "date"],
            &[
                FieldType::Text,
                FieldType::Number,
                FieldType::Bool,
                FieldType::Date,
            ],
        )
    }
}

impl FieldType {
    /// Every type, in the order a choice lists them.
    pub const ALL: [FieldType; 4] = [
        FieldType::Text,
        FieldType::Number,
        FieldType::Bool,
        FieldType::Date,
    ];

    /// The name used in typed headers (`employees [number]`) and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Number => "number",
            Self::Bool => "bool",
            Self::Date => "date",
        }
    }

    /// Reads a type name (`text`, `number`, `bool`, `date`, and `string`,
    /// `num`, `boolean`), in any case.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "text" | "string" => Some(Self::Text),
            "number" | "num" => Some(Self::Number),
            "bool" | "boolean" => Some(Self::Bool),
            "date" => Some(Self::Date),
            _ => None,
        }
    }
}

/// A custom field the model's rules may use even if no contact has it yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldDecl {
    /// The field's name, as rules write it after `field.`.
    pub name: String,
    #[serde(rename = "type")]
    /// Its type.
    pub ty: FieldType,
}

/// A custom event kind the model knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KindDecl {
    /// The kind's name, as events and rules write it.
    pub name: String,
    /// Whether events of this kind are the client's activity.
    pub direction: Direction,
    /// Counts as a won deal (like `purchase`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub win: bool,
}

/// A lifecycle model: stages by priority, the funnel, the ICP and windows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "LifecycleModel"))]
pub struct Model {
    /// The format version ([`MODEL_VERSION`]).
    pub version: u32,
    /// Stable id of the model.
    pub id: String,
    /// The name shown to users.
    pub name: Labels,
    /// By priority: the first stage whose rule holds wins.
    pub stages: Vec<Stage>,
    /// Stage ids in funnel order, for funnel reports.
    pub funnel: Vec<String>,
    /// The ideal customer profile: a rule over the contact's fields, used in
    /// stage rules as `icp`.
    pub icp: String,
    /// Named time windows in days, used in rules as `window.<name>`.
    /// `sleeping` also sets the risk list's threshold.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<BTreeMap<String, u32>>", optional))]
    pub windows: BTreeMap<String, u32>,
    #[serde(default)]
    /// Custom fields the rules may use before any contact has them.
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<FieldDecl>>", optional))]
    pub fields: Vec<FieldDecl>,
    #[serde(default)]
    /// Custom event kinds, with their direction and whether they are wins.
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<KindDecl>>", optional))]
    pub kinds: Vec<KindDecl>,
}

/// Where in a model a problem is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "in", content = "name")]
pub enum Place {
    /// The model as a whole.
    Model,
    /// A stage's rule, by stage id.
    Stage(String),
    /// The ICP rule.
    Icp,
    /// The funnel order.
    Funnel,
    /// A segment filter.
    Filter,
    /// A named time window, by name.
    Window(String),
    /// A declared custom field, by name.
    Field(String),
    /// A declared custom event kind, by name.
    Kind(String),
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Model => write!(f, "model"),
            Place::Stage(id) => write!(f, "stage `{id}`"),
            Place::Icp => write!(f, "icp"),
            Place::Funnel => write!(f, "funnel"),
            Place::Filter => write!(f, "filter"),
            Place::Window(name) => write!(f, "window `{name}`"),
            Place::Field(name) => write!(f, "field `{name}`"),
            Place::Kind(name) => write!(f, "kind `{name}`"),
        }
    }
}

/// One problem in a model.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize)]
#[error("{place}{}: {message}{}", .pos.map(|p| format!(" at {p}")).unwrap_or_default(), if .hint.is_empty() { String::new() } else { format!(" (hint: {})", .hint) })]
pub struct ModelError {
    /// Where the problem is.
    pub place: Place,
    /// Line and column in the rule, for rule problems.
    pub pos: Option<Pos>,
    /// What is wrong.
    pub message: String,
    /// How to fix it (may be empty).
    pub hint: String,
    /// The problem as data: its code and what it names, for words in any
    /// language (`Localized::message`); `message` and `hint` are its English.
    /// Boxed: rule problems are large, and a model error travels in `Result`s.
    #[serde(skip)]
    pub problem: Box<ModelProblem>,
}

impl ModelError {
    /// A problem at `place` (and `pos` in its rule), with its English words.
    pub fn new(place: Place, pos: Option<Pos>, problem: ModelProblem) -> Self {
        ModelError {
            place,
            pos,
            message: problem.message(crate::Lang::En),
            hint: problem.hint(crate::Lang::En),
            problem: Box::new(problem),
        }
    }
}

/// All problems found in a model.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize)]
#[error("{} problem(s) in the model: {}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct ModelErrors(pub Vec<ModelError>);

impl Model {
    /// Reads a model from JSON.
    pub fn from_json(json: &str) -> Result<Model, ModelErrors> {
        serde_json::from_str(json).map_err(|e| {
            ModelErrors(vec![ModelError::new(
                Place::Model,
                Some(Pos {
                    line: e.line() as u32,
                    column: e.column() as u32,
                }),
                ModelProblem::InvalidJson {
                    detail: e.to_string(),
                },
            )])
        })
    }

    /// Writes the model as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The index of a stage id.
    pub fn stage_index(&self, id: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.id == id)
    }

    /// The sleeping threshold in days: `windows.sleeping`, else 180.
    pub fn sleeping_days(&self) -> u32 {
        self.windows.get("sleeping").copied().unwrap_or(180)
    }

    /// Checks the model's structure and all its rules (fields and kinds as
    /// declared in the model); returns every problem at once.
    pub fn validate(&self) -> Result<(), ModelErrors> {
        crate::compile::Compiled::compile(self, &crate::base::Base::default()).map(|_| ())
    }

    /// The structural problems (not the rules).
    pub(crate) fn structure_errors(&self) -> Vec<ModelError> {
        let mut errors = Vec::new();
        let mut err = |place: Place, problem: ModelProblem| {
            errors.push(ModelError::new(place, None, problem))
        };
        if self.version != MODEL_VERSION {
            err(
                Place::Model,
                ModelProblem::UnsupportedVersion {
                    version: self.version,
                },
            );
        }
        if self.stages.is_empty() {
            err(Place::Model, ModelProblem::NoStages);
        }
        if self.stages.len() > 255 {
            err(Place::Model, ModelProblem::TooManyStages);
        }
        let mut seen = HashSet::new();
        for stage in &self.stages {
            let place = Place::Stage(stage.id.clone());
            if stage.id.is_empty()
                || !stage
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                err(
                    place.clone(),
                    ModelProblem::InvalidStageId {
                        id: stage.id.clone(),
                    },
                );
            }
            if !seen.insert(stage.id.as_str()) {
                err(place.clone(), ModelProblem::DuplicateStageId);
            }
            let c = stage.colour.as_bytes();
            if c.len() != 7 || c[0] != b'#' || !c[1..].iter().all(u8::is_ascii_hexdigit) {
                err(
                    place.clone(),
                    ModelProblem::InvalidColour {
                        colour: stage.colour.clone(),
                    },
                );
            }
            if stage.label.en.trim().is_empty() || stage.label.ru.trim().is_empty() {
                err(place, ModelProblem::MissingLabel);
            }
        }
        let mut in_funnel = HashSet::new();
        for id in &self.funnel {
            if self.stage_index(id).is_none() {
                err(
                    Place::Funnel,
                    ModelProblem::UnknownFunnelStage { id: id.clone() },
                );
            }
            if !in_funnel.insert(id.as_str()) {
                err(
                    Place::Funnel,
                    ModelProblem::FunnelStageTwice { id: id.clone() },
                );
            }
        }
        let mut kinds = HashSet::new();
        for kind in &self.kinds {
            if crate::data::BuiltinKind::parse(&kind.name).is_some() || !kinds.insert(&kind.name) {
                err(
                    Place::Model,
                    ModelProblem::KindDeclaredTwice {
                        name: kind.name.clone(),
                    },
                );
            }
        }
        errors.extend(self.declaration_errors());
        errors
    }

    /// Gives stage `index` the id `id`, and the funnel follows: its entries
    /// for the old id now name the new one. An id another stage has is
    /// refused (the funnel could no longer tell the two apart) and the model
    /// stays as it was; out of range, nothing happens.
    pub fn rename_stage(&mut self, index: usize, id: &str) -> Result<(), ModelError> {
        if self.stage_index(id).is_some_and(|other| other != index) {
            return Err(ModelError::new(
                Place::Stage(id.to_owned()),
                None,
                ModelProblem::DuplicateStageId,
            ));
        }
        let Some(stage) = self.stages.get_mut(index) else {
            return Ok(());
        };
        let old = std::mem::replace(&mut stage.id, id.to_owned());
        for entry in self.funnel.iter_mut().filter(|e| **e == old) {
            *entry = id.to_owned();
        }
        Ok(())
    }

    /// Removes stage `index` and its funnel entry; returns it.
    pub fn remove_stage(&mut self, index: usize) -> Option<Stage> {
        if index >= self.stages.len() {
            return None;
        }
        let stage = self.stages.remove(index);
        if self.stage_index(&stage.id).is_none() {
            self.funnel.retain(|e| *e != stage.id);
        }
        Some(stage)
    }

    /// Swaps stage `index` with the one before it (`up`) or after it; at
    /// either end nothing happens. The funnel order is its own and stays.
    pub fn move_stage(&mut self, index: usize, up: bool) {
        let other = if up {
            index.checked_sub(1)
        } else {
            index.checked_add(1)
        };
        if let Some(other) = other.filter(|&o| o < self.stages.len() && index < self.stages.len()) {
            self.stages.swap(index, other);
        }
    }

    /// Adds a new stage with a fresh id (`stage_1`, `stage_2`, ...) and the
    /// rule `false`, just before the last stage (which catches everyone else
    /// and should stay last); returns its index.
    pub fn add_stage(&mut self) -> usize {
        let id = (1..)
            .map(|n| format!("stage_{n}"))
            .find(|id| self.stage_index(id).is_none())
            .unwrap_or_default();
        let index = self.stages.len().saturating_sub(1);
        self.stages.insert(
            index,
            stage(
                &id,
                "New stage",
                "Новая стадия",
                "#94a3b8",
                StageKind::Open,
                "false",
            ),
        );
        index
    }

    /// A preset by name: `b2b`, `messaging`, `funnel` or `hubspot`.
    pub fn preset(name: &str) -> Option<Model> {
        match name {
            "b2b" => Some(presets::b2b()),
            "messaging" => Some(presets::messaging()),
            "funnel" => Some(presets::funnel()),
            "hubspot" => Some(presets::hubspot()),
            _ => None,
        }
    }

    /// The names of the presets.
    pub const PRESETS: [&'static str; 4] = ["b2b", "messaging", "funnel", "hubspot"];
}

impl Default for Model {
    fn default() -> Self {
        presets::b2b()
    }
}

fn stage(id: &str, en: &str, ru: &str, colour: &str, kind: StageKind, rule: &str) -> Stage {
    Stage {
        id: id.to_owned(),
        label: labels(en, ru),
        colour: colour.to_owned(),
        kind,
        rule: rule.to_owned(),
    }
}

fn model(
    id: &str,
    name: Labels,
    stages: Vec<Stage>,
    funnel: &[&str],
    windows: &[(&str, u32)],
) -> Model {
    Model {
        version: MODEL_VERSION,
        id: id.to_owned(),
        name,
        stages,
        funnel: funnel.iter().map(|s| (*s).to_owned()).collect(),
        icp: "field.icp == true".to_owned(),
        // Filled by `extend`, not collected: `collect` into a map sorts with a copy
        // of the standard sort for this entry type (see `crate::sort`).
        windows: {
            let mut map = BTreeMap::new();
            map.extend(windows.iter().map(|&(k, v)| (k.to_owned(), v)));
            map
        },
        fields: vec![FieldDecl {
            name: "icp".to_owned(),
            ty: FieldType::Bool,
        }],
        kinds: Vec::new(),
    }
}

/// The preset models. `docs/models.md` lists their rules.
pub mod presets {
    use super::*;
    use StageKind::*;

    /// The default B2B model, exactly as specified in issue 3.
    pub fn b2b() -> Model {
        model(
            "b2b",
            labels("B2B", "B2B"),
            vec![
                stage(
                    "lost",
                    "Lost",
                    "Потерян",
                    "#6b7280",
                    Lost,
                    "has_activity and days_since_last_activity > window.lost",
                ),
                stage(
                    "sleeping",
                    "Sleeping",
                    "Спящий",
                    "#a78bfa",
                    Dormant,
                    "has_activity and days_since_last_activity > window.sleeping",
                ),
                stage(
                    "loyal",
                    "Loyal",
                    "Лояльный",
                    "#15803d",
                    Won,
                    "deals_won >= 4 and active_windows(30d, 6) >= 3",
                ),
                stage(
                    "developing",
                    "Developing",
                    "Развивающийся",
                    "#22c55e",
                    Won,
                    "deals_won >= 2",
                ),
                stage("new", "New", "Новый", "#86efac", Won, "deals_won == 1"),
                stage(
                    "qualified",
                    "Qualified",
                    "Квалифицирован",
                    "#3b82f6",
                    Open,
                    "icp and has(inbound_request, quote_request, tender_invite)",
                ),
                stage(
                    "unqualified",
                    "Unqualified",
                    "Неквалифицирован",
                    "#cbd5e1",
                    Open,
                    "true",
                ),
            ],
            &["unqualified", "qualified", "new", "developing", "loyal"],
            &[("sleeping", 180), ("lost", 365)],
        )
    }

    /// Messaging platforms' pipeline.
    pub fn messaging() -> Model {
        model(
            "messaging",
            labels("Messaging", "Мессенджеры"),
            vec![
                stage(
                    "customer",
                    "Customer",
                    "Клиент",
                    "#15803d",
                    Won,
                    "deals_won >= 2",
                ),
                stage(
                    "payment",
                    "Payment",
                    "Оплата",
                    "#22c55e",
                    Won,
                    "deals_won == 1",
                ),
                stage(
                    "cold_lead",
                    "Cold Lead",
                    "Холодный лид",
                    "#6b7280",
                    Lost,
                    "has_activity and days_since_last_activity > window.no_reply",
                ),
                stage(
                    "hot_lead",
                    "Hot Lead",
                    "Горячий лид",
                    "#f97316",
                    Open,
                    "count(message_in, 7d) >= 2 or has(quote_request)",
                ),
                stage("new_lead", "New Lead", "Новый лид", "#3b82f6", Open, "true"),
            ],
            &["new_lead", "hot_lead", "payment", "customer"],
            &[("no_reply", 14), ("sleeping", 14)],
        )
    }

    /// The marketing funnel.
    pub fn funnel() -> Model {
        model(
            "funnel",
            labels("Marketing funnel", "Маркетинговая воронка"),
            vec![
                stage(
                    "lost",
                    "Lost",
                    "Потерян",
                    "#6b7280",
                    Lost,
                    "has_activity and days_since_last_activity > window.lost",
                ),
                stage(
                    "lapsed",
                    "Lapsed",
                    "Отток",
                    "#a78bfa",
                    Dormant,
                    "has_activity and days_since_last_activity > window.sleeping",
                ),
                stage(
                    "loyalty",
                    "Loyalty",
                    "Лояльность",
                    "#15803d",
                    Won,
                    "deals_won >= 3 and (has(referral) or last_nps >= 9)",
                ),
                stage(
                    "retention",
                    "Retention",
                    "Удержание",
                    "#22c55e",
                    Won,
                    "deals_won >= 2",
                ),
                stage(
                    "conversion",
                    "Conversion",
                    "Конверсия",
                    "#86efac",
                    Won,
                    "deals_won == 1",
                ),
                stage(
                    "engagement",
                    "Engagement",
                    "Вовлечение",
                    "#3b82f6",
                    Open,
                    "has(inbound_request, quote_request, tender_invite, message_in, call, meeting)",
                ),
                stage(
                    "awareness",
                    "Awareness",
                    "Осведомлённость",
                    "#cbd5e1",
                    Open,
                    "true",
                ),
            ],
            &[
                "awareness",
                "engagement",
                "conversion",
                "retention",
                "loyalty",
            ],
            &[("sleeping", 180), ("lost", 365)],
        )
    }

    /// HubSpot-style lifecycle stages.
    pub fn hubspot() -> Model {
        model(
            "hubspot",
            labels("HubSpot-style", "Как в HubSpot"),
            vec![
                stage(
                    "evangelist",
                    "Evangelist",
                    "Евангелист",
                    "#15803d",
                    Won,
                    "deals_won >= 1 and (has(referral) or last_nps >= 9)",
                ),
                stage(
                    "customer",
                    "Customer",
                    "Клиент",
                    "#22c55e",
                    Won,
                    "deals_won >= 1",
                ),
                stage(
                    "opportunity",
                    "Opportunity",
                    "Сделка",
                    "#f97316",
                    Open,
                    "has(quote_request, tender_invite)",
                ),
                stage(
                    "sql",
                    "SQL",
                    "SQL",
                    "#eab308",
                    Open,
                    "icp and has(meeting, call)",
                ),
                stage(
                    "mql",
                    "MQL",
                    "MQL",
                    "#3b82f6",
                    Open,
                    "icp and has(inbound_request)",
                ),
                stage("lead", "Lead", "Лид", "#93c5fd", Open, "has_activity"),
                stage(
                    "subscriber",
                    "Subscriber",
                    "Подписчик",
                    "#cbd5e1",
                    Open,
                    "true",
                ),
            ],
            &[
                "subscriber",
                "lead",
                "mql",
                "sql",
                "opportunity",
                "customer",
                "evangelist",
            ],
            &[("sleeping", 180)],
        )
    }
}
