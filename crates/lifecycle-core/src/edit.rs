//! Editing the parts of a model around its stages: the funnel order, the
//! time windows, the declared custom fields and custom event kinds, and
//! the ICP's what-if. The stage operations are beside [`Model`] in
//! [`crate::model`].
//!
//! Every operation either changes the model as asked or refuses with a
//! [`ModelError`] naming the place and leaves the model as it was, so an
//! editor can call them on each keystroke.
//!
//! ```
//! use lifecycle_core::Model;
//! use lifecycle_core::data::Direction;
//!
//! let mut m = Model::preset("b2b").unwrap();
//! m.move_funnel_step(0, false);
//! assert_eq!(m.funnel[..2], ["qualified", "unqualified"]);
//! m.set_window("sleeping", 90).unwrap();
//! m.add_kind("webinar", Direction::Client).unwrap();
//! assert!(m.add_kind("deal_won", Direction::Client).is_err());
//! m.stages[5].rule = "icp and has(webinar)".into();
//! assert!(m.validate().is_ok());
//! ```

use chrono::NaiveDate;
use serde::Serialize;

use crate::base::{Base, FieldCell};
use crate::compile::Compiled;
use crate::data::{BuiltinKind, Direction};
use crate::engine::Engine;
use crate::errors::ModelProblem;
use crate::model::{FieldDecl, FieldType, KindDecl, Labels, Model, ModelError, ModelErrors, Place};
use crate::rule::{self, Expr, Node};

/// The kind groups rules name (`has(activity)`): a custom kind of one of
/// these names could never be named in a rule.
pub const KIND_GROUPS: [&str; 4] = ["activity", "wins", "interest", "any"];

/// The longest window, in days (100 years).
pub const MAX_WINDOW_DAYS: u32 = 36_500;

/// What a rule names besides the built-in metrics.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case", tag = "of", content = "name")]
pub enum Reference {
    /// `window.<name>`.
    Window(String),
    /// `field.<name>`.
    Field(String),
    /// An event kind given to a function (`has(webinar)`, `count("webinar")`);
    /// groups and built-in kinds are not listed.
    Kind(String),
}

/// The functions whose arguments are event kinds.
const KIND_FUNCTIONS: [&str; 7] = [
    "count",
    "sum",
    "has",
    "days_since_last",
    "days_since_first",
    "last_score",
    "count_score_at_most",
];

/// The windows, fields and custom kinds a rule names, sorted, each once.
/// A rule that does not parse names nothing (its error is reported where
/// the rule is compiled).
pub fn references(rule_text: &str) -> Vec<Reference> {
    fn walk(node: &Node, out: &mut Vec<Reference>) {
        match &node.expr {
            Expr::Name { path, args } => {
                if path.len() == 2 && args.is_none() {
                    match path[0].as_str() {
                        "window" => out.push(Reference::Window(path[1].clone())),
                        "field" => out.push(Reference::Field(path[1].clone())),
                        _ => {}
                    }
                }
                if let Some(args) = args {
                    let kinds = path.len() == 1 && KIND_FUNCTIONS.contains(&path[0].as_str());
                    for arg in args {
                        let kind = match &arg.expr {
                            Expr::Name { path, args: None } if kinds && path.len() == 1 => {
                                Some(path[0].as_str())
                            }
                            Expr::Str(s) if kinds => Some(s.as_str()),
                            _ => None,
                        };
                        match kind {
                            Some(k)
                                if BuiltinKind::parse(k).is_none() && !KIND_GROUPS.contains(&k) =>
                            {
                                out.push(Reference::Kind(k.to_owned()))
                            }
                            Some(_) => {}
                            None => walk(arg, out),
                        }
                    }
                }
            }
            Expr::List(items) | Expr::And(items) | Expr::Or(items) => {
                items.iter().for_each(|n| walk(n, out))
            }
            Expr::Not(inner) => walk(inner, out),
            Expr::Cmp(_, a, b) => {
                walk(a, out);
                walk(b, out);
            }
            Expr::In { value, list, .. } => {
                walk(value, out);
                walk(list, out);
            }
            Expr::Number(_) | Expr::Duration(_) | Expr::Str(_) | Expr::Bool(_) => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(node) = rule::parse(rule_text) {
        walk(&node, &mut out);
    }
    crate::sort::sort(&mut out);
    out.dedup();
    out
}

/// Whether `name` can follow `field.` or `window.` in a rule: a letter or
/// `_`, then letters, digits or `_` (Cyrillic letters too).
pub fn is_rule_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && !matches!(name, "and" | "or" | "not" | "in" | "true" | "false")
}

/// The number of days a window input holds: a whole number from 1 to
/// [`MAX_WINDOW_DAYS`]; the error names the window.
pub fn parse_window_days(name: &str, text: &str) -> Result<u32, ModelError> {
    let refuse = |problem| ModelError::new(Place::Window(name.to_owned()), None, problem);
    let text = text.trim();
    if text.is_empty() {
        return Err(refuse(ModelProblem::WindowDaysMissing));
    }
    match text.parse::<u64>() {
        Ok(days) if (1..=u64::from(MAX_WINDOW_DAYS)).contains(&days) => Ok(days as u32),
        Ok(days) => Err(refuse(ModelProblem::WindowDaysOutOfRange { days })),
        Err(_) => Err(refuse(ModelProblem::WindowDaysNotWhole {
            text: text.to_owned(),
        })),
    }
}

/// The type of a base's field column: the type of its first value.
pub fn field_type_in(base: &Base, name: &str) -> Option<FieldType> {
    let column = &base.fields()[base.field_index(name)?];
    column.cells.iter().find_map(|cell| match cell {
        FieldCell::Missing => None,
        FieldCell::Text(_) => Some(FieldType::Text),
        FieldCell::Number(_) => Some(FieldType::Number),
        FieldCell::Bool(_) => Some(FieldType::Bool),
        FieldCell::Date(_) => Some(FieldType::Date),
    })
}

/// How many contacts are in the ICP under the saved model and under an
/// edited one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IcpCount {
    /// Under the engine's model.
    pub before: u32,
    /// Under the edited model.
    pub after: u32,
    /// In both.
    pub both: u32,
}

impl Engine {
    /// How many contacts the ICP takes as of `as_of` under the engine's
    /// model and under `model` (which is compiled against the base: its
    /// problems if it does not compile).
    pub fn icp_count(&self, model: &Model, as_of: NaiveDate) -> Result<IcpCount, ModelErrors> {
        let probe = |m: &Model| {
            // The model's ICP, windows and declarations with two stages:
            // in the ICP, or not.
            let mut probe = m.clone();
            let mut inside = m.stages.first().cloned().ok_or_else(|| {
                ModelErrors(vec![ModelError::new(
                    Place::Model,
                    None,
                    ModelProblem::NoStages,
                )])
            })?;
            // Only the ICP's problems may hide the count, not the first
            // stage's label or colour.
            inside.id = "in_icp".into();
            inside.label = Labels {
                en: "In the ICP".into(),
                ru: "В ICP".into(),
            };
            inside.colour = "#000000".into();
            inside.rule = "icp".into();
            let mut outside = inside.clone();
            outside.id = "not_icp".into();
            outside.rule = "true".into();
            probe.stages = vec![inside, outside];
            probe.funnel.clear();
            Compiled::compile(&probe, self.base())
        };
        let (old, new) = (probe(self.model())?, probe(model)?);
        let day = crate::base::day_of(as_of);
        let (mut so, mut sn) = (old.scratch(), new.scratch());
        let mut count = IcpCount {
            before: 0,
            after: 0,
            both: 0,
        };
        for idx in 0..self.base().len() as u32 {
            let was = old.classify_one(self.base(), idx, day, &mut so) == 0;
            let is = new.classify_one(self.base(), idx, day, &mut sn) == 0;
            count.before += u32::from(was);
            count.after += u32::from(is);
            count.both += u32::from(was && is);
        }
        Ok(count)
    }
}

/// A part of a model, for saying what an edit changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The model's id or name.
    Identity,
    /// The stages: ids, labels, colours, kinds, order or rules.
    Stages,
    /// The ICP rule.
    Icp,
    /// The time windows.
    Windows,
    /// The funnel order.
    Funnel,
    /// The declared custom fields.
    Fields,
    /// The declared custom kinds.
    Kinds,
}

fn refused(place: Place, problem: ModelProblem) -> ModelError {
    ModelError::new(place, None, problem)
}

impl Model {
    /// Swaps funnel step `index` with the one before it (`up`) or after it;
    /// at either end, or out of range, nothing happens.
    pub fn move_funnel_step(&mut self, index: usize, up: bool) {
        let other = if up {
            index.checked_sub(1)
        } else {
            index.checked_add(1)
        };
        if let Some(other) = other.filter(|&o| o < self.funnel.len() && index < self.funnel.len()) {
            self.funnel.swap(index, other);
        }
    }

    /// Adds stage `id` at the end of the funnel. A stage the model does not
    /// have, or one already in the funnel, is refused.
    pub fn add_funnel_step(&mut self, id: &str) -> Result<(), ModelError> {
        if self.stage_index(id).is_none() {
            return Err(refused(
                Place::Funnel,
                ModelProblem::UnknownFunnelStage { id: id.to_owned() },
            ));
        }
        if self.funnel.iter().any(|e| e == id) {
            return Err(refused(
                Place::Funnel,
                ModelProblem::FunnelStageTwice { id: id.to_owned() },
            ));
        }
        self.funnel.push(id.to_owned());
        Ok(())
    }

    /// Removes funnel step `index`; returns its stage id.
    pub fn remove_funnel_step(&mut self, index: usize) -> Option<String> {
        (index < self.funnel.len()).then(|| self.funnel.remove(index))
    }

    /// The stages not in the funnel, in stage order: the ones the funnel
    /// editor offers to add.
    pub fn stages_outside_funnel(&self) -> Vec<&str> {
        self.stages
            .iter()
            .map(|s| s.id.as_str())
            .filter(|id| !self.funnel.iter().any(|e| e == id))
            .collect()
    }

    /// Sets window `name` to `days`, adding it if the model has no such
    /// window. A name rules cannot write after `window.`, or days outside
    /// 1..=[`MAX_WINDOW_DAYS`], are refused.
    pub fn set_window(&mut self, name: &str, days: u32) -> Result<(), ModelError> {
        if !is_rule_name(name) {
            return Err(refused(
                Place::Window(name.to_owned()),
                ModelProblem::InvalidWindowName {
                    name: name.to_owned(),
                },
            ));
        }
        parse_window_days(name, &days.to_string())?;
        self.windows.insert(name.to_owned(), days);
        Ok(())
    }

    /// Adds a window `name` of `days` days; a name the model already has is
    /// refused.
    pub fn add_window(&mut self, name: &str, days: u32) -> Result<(), ModelError> {
        if self.windows.contains_key(name) {
            return Err(refused(
                Place::Window(name.to_owned()),
                ModelProblem::WindowExists {
                    name: name.to_owned(),
                },
            ));
        }
        self.set_window(name, days)
    }

    /// Removes window `name`; returns its days. Rules that still use it
    /// then report it as unknown where they are.
    pub fn remove_window(&mut self, name: &str) -> Option<u32> {
        self.windows.remove(name)
    }

    /// Declares a custom field. A name rules cannot write after `field.`,
    /// or one already declared, is refused.
    pub fn add_field(&mut self, name: &str, ty: FieldType) -> Result<(), ModelError> {
        if !is_rule_name(name) {
            return Err(refused(
                Place::Field(name.to_owned()),
                ModelProblem::InvalidFieldName {
                    name: name.to_owned(),
                },
            ));
        }
        if self.fields.iter().any(|f| f.name == name) {
            return Err(refused(
                Place::Field(name.to_owned()),
                ModelProblem::FieldAlreadyDeclared {
                    name: name.to_owned(),
                },
            ));
        }
        self.fields.push(FieldDecl {
            name: name.to_owned(),
            ty,
        });
        Ok(())
    }

    /// Changes the type of declared field `index`; out of range, nothing
    /// happens.
    pub fn set_field_type(&mut self, index: usize, ty: FieldType) {
        if let Some(field) = self.fields.get_mut(index) {
            field.ty = ty;
        }
    }

    /// Removes declared field `index`; returns it. Rules that use it then
    /// report it as unknown where they are, unless contacts have it.
    pub fn remove_field(&mut self, index: usize) -> Option<FieldDecl> {
        (index < self.fields.len()).then(|| self.fields.remove(index))
    }

    /// Declares a custom event kind (not a win). A built-in kind, a kind
    /// group, a name already declared, or a name that cannot be written in
    /// a rule (empty, surrounding spaces, quotes or backslashes) is refused.
    pub fn add_kind(&mut self, name: &str, direction: Direction) -> Result<(), ModelError> {
        if let Some(problem) = kind_name_problem(name) {
            return Err(problem);
        }
        if self.kinds.iter().any(|k| k.name == name) {
            return Err(refused(
                Place::Kind(name.to_owned()),
                ModelProblem::KindAlreadyDeclared {
                    name: name.to_owned(),
                },
            ));
        }
        self.kinds.push(KindDecl {
            name: name.to_owned(),
            direction,
            win: false,
        });
        Ok(())
    }

    /// Sets declared kind `index`'s direction and whether it counts as a
    /// won deal; out of range, nothing happens.
    pub fn set_kind(&mut self, index: usize, direction: Direction, win: bool) {
        if let Some(kind) = self.kinds.get_mut(index) {
            kind.direction = direction;
            kind.win = win;
        }
    }

    /// Removes declared kind `index`; returns it.
    pub fn remove_kind(&mut self, index: usize) -> Option<KindDecl> {
        (index < self.kinds.len()).then(|| self.kinds.remove(index))
    }

    /// Where each window, field and custom kind is named: the ICP and the
    /// stages, in that order.
    pub fn uses(&self, of: &Reference) -> Vec<Place> {
        std::iter::once((Place::Icp, &self.icp))
            .chain(
                self.stages
                    .iter()
                    .map(|s| (Place::Stage(s.id.clone()), &s.rule)),
            )
            .filter(|(_, text)| references(text).contains(of))
            .map(|(place, _)| place)
            .collect()
    }

    /// The fields the rules name that the model does not declare, sorted.
    /// Against a base that has them the model works; declared, it also
    /// works against a base that lacks them (`Model::validate`, a restored
    /// backup, the npm package).
    pub fn undeclared_fields(&self) -> Vec<String> {
        let mut names: Vec<String> = std::iter::once(&self.icp)
            .chain(self.stages.iter().map(|s| &s.rule))
            .flat_map(|text| references(text))
            .filter_map(|r| match r {
                Reference::Field(name) if !self.fields.iter().any(|f| f.name == name) => Some(name),
                _ => None,
            })
            .collect();
        crate::sort::sort(&mut names);
        names.dedup();
        names
    }

    /// The parts in which this model differs from `other`, in the order
    /// the model page shows them.
    pub fn changed_parts(&self, other: &Model) -> Vec<Part> {
        [
            (
                Part::Identity,
                self.id != other.id || self.name != other.name || self.version != other.version,
            ),
            (Part::Stages, self.stages != other.stages),
            (Part::Icp, self.icp != other.icp),
            (Part::Windows, self.windows != other.windows),
            (Part::Funnel, self.funnel != other.funnel),
            (Part::Fields, self.fields != other.fields),
            (Part::Kinds, self.kinds != other.kinds),
        ]
        .into_iter()
        .filter_map(|(part, changed)| changed.then_some(part))
        .collect()
    }

    /// The problems of the windows, field and kind declarations that
    /// [`Model::validate`] reports beside the stages'.
    pub(crate) fn declaration_errors(&self) -> Vec<ModelError> {
        let mut errors = Vec::new();
        for (name, &days) in &self.windows {
            let place = Place::Window(name.clone());
            if !is_rule_name(name) {
                errors.push(refused(
                    place.clone(),
                    ModelProblem::InvalidWindowName { name: name.clone() },
                ));
            }
            if days > MAX_WINDOW_DAYS {
                errors.push(refused(
                    place,
                    ModelProblem::WindowDaysOutOfRange {
                        days: u64::from(days),
                    },
                ));
            }
        }
        for (i, field) in self.fields.iter().enumerate() {
            let place = Place::Field(field.name.clone());
            if !is_rule_name(&field.name) {
                errors.push(refused(
                    place,
                    ModelProblem::InvalidFieldName {
                        name: field.name.clone(),
                    },
                ));
            } else if self.fields[..i].iter().any(|f| f.name == field.name) {
                errors.push(refused(
                    place,
                    ModelProblem::FieldDeclaredTwice {
                        name: field.name.clone(),
                    },
                ));
            }
        }
        for kind in &self.kinds {
            // Built-in and duplicate kinds are the structure check's.
            if BuiltinKind::parse(&kind.name).is_some() {
                continue;
            }
            if let Some(problem) = kind_name_problem(&kind.name) {
                errors.push(problem);
            }
        }
        errors
    }
}

fn kind_name_problem(name: &str) -> Option<ModelError> {
    let place = Place::Kind(name.to_owned());
    if BuiltinKind::parse(name).is_some() {
        return Some(refused(
            place,
            ModelProblem::BuiltinKindName {
                name: name.to_owned(),
            },
        ));
    }
    if KIND_GROUPS.contains(&name) {
        return Some(refused(
            place,
            ModelProblem::KindGroupName {
                name: name.to_owned(),
            },
        ));
    }
    if name.trim().is_empty() || name.trim() != name || name.contains(['"', '\\']) {
        return Some(refused(
            place,
            ModelProblem::InvalidKindName {
                name: name.to_owned(),
            },
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_follow_the_lexer() {
        for ok in ["sleeping", "no_reply", "_x", "отрасль", "w30"] {
            assert!(is_rule_name(ok), "{ok}");
        }
        for bad in ["", "30d", "a-b", "a b", "and", "true"] {
            assert!(!is_rule_name(bad), "{bad}");
        }
    }
}
