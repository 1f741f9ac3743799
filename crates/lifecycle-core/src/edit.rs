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
use crate::rule::{self, Expr, Node, Pos};

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
    let mut out = Vec::new();
    if let Ok(node) = rule::parse(rule_text) {
        visit(&node, &mut |r, _| out.push(r));
    }
    crate::sort::sort(&mut out);
    out.dedup();
    out
}

/// Calls `found` with each window, field and custom kind `node` names and
/// the node that names it (`window.x`, `field.x`, or a kind argument:
/// `webinar` or `"webinar"`).
fn visit(node: &Node, found: &mut dyn FnMut(Reference, &Node)) {
    match &node.expr {
        Expr::Name { path, args } => {
            if path.len() == 2 && args.is_none() {
                match path[0].as_str() {
                    "window" => found(Reference::Window(path[1].clone()), node),
                    "field" => found(Reference::Field(path[1].clone()), node),
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
                        Some(k) if BuiltinKind::parse(k).is_none() && !KIND_GROUPS.contains(&k) => {
                            found(Reference::Kind(k.to_owned()), arg)
                        }
                        Some(_) => {}
                        None => visit(arg, found),
                    }
                }
            }
        }
        Expr::List(items) | Expr::And(items) | Expr::Or(items) => {
            items.iter().for_each(|n| visit(n, found))
        }
        Expr::Not(inner) => visit(inner, found),
        Expr::Cmp(_, a, b) => {
            visit(a, found);
            visit(b, found);
        }
        Expr::In { value, list, .. } => {
            visit(value, found);
            visit(list, found);
        }
        Expr::Number(_) | Expr::Duration(_) | Expr::Str(_) | Expr::Bool(_) => {}
    }
}

/// `rule_text` with every place that names `of` naming `new` instead, the
/// rest of the text (spacing, comments) as it was; `None` when the rule
/// does not parse.
pub fn rename_in_rule(rule_text: &str, of: &Reference, new: &str) -> Option<String> {
    let node = rule::parse(rule_text).ok()?;
    let mut spots = Vec::new();
    visit(&node, &mut |r, node| {
        if r == *of {
            let bare = matches!(node.expr, Expr::Name { .. });
            spots.push((byte_at(rule_text, node.pos), node.text.len(), bare));
        }
    });
    let mut out = rule_text.to_owned();
    // `visit` meets them in the order of the text: from the end, the earlier
    // offsets stay right.
    for (start, len, bare) in spots.into_iter().rev() {
        let with = match of {
            Reference::Window(_) => format!("window.{new}"),
            Reference::Field(_) => format!("field.{new}"),
            Reference::Kind(_) if bare && is_rule_name(new) => new.to_owned(),
            Reference::Kind(_) => format!("\"{new}\""),
        };
        out.replace_range(start..start + len, &with);
    }
    Some(out)
}

/// The byte offset of line and column `pos` (columns in characters).
fn byte_at(text: &str, pos: Pos) -> usize {
    let (mut line, mut column) = (1u32, 1u32);
    for (at, c) in text.char_indices() {
        if line == pos.line && column == pos.column {
            return at;
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    text.len()
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

/// The custom event kinds `base`'s events have, with how many events each,
/// in the order the kinds were first seen; kinds without events are left out.
pub fn custom_kind_counts(base: &Base) -> Vec<(String, usize)> {
    let kinds = base.kinds();
    let mut counts = vec![0usize; kinds.len()];
    for idx in 0..base.len() as u32 {
        for &code in base.events(idx).kind {
            counts[code as usize] += 1;
        }
    }
    (0..kinds.len())
        .filter(|&code| counts[code] > 0 && kinds.builtin(code as u8).is_none())
        .map(|code| (kinds.name(code as u8).to_owned(), counts[code]))
        .collect()
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

    /// Renames window, declared field or declared kind `of` to `new` and
    /// rewrites every rule (the ICP's and the stages') that names it, or
    /// refuses and leaves the model as it was: a new name that is taken or
    /// that a rule cannot write (the same checks as adding one), the
    /// `sleeping` window (it also sets the risk list), or a rule that
    /// mentions the old name but does not parse (it cannot be rewritten
    /// safely; the error names that rule). Renaming something the model
    /// does not have, or to the same name, changes nothing.
    pub fn rename(&mut self, of: &Reference, new: &str) -> Result<(), ModelError> {
        let (old, place) = match of {
            Reference::Window(name) => (name, Place::Window(name.clone())),
            Reference::Field(name) => (name, Place::Field(name.clone())),
            Reference::Kind(name) => (name, Place::Kind(name.clone())),
        };
        let has = match of {
            Reference::Window(_) => self.windows.contains_key(old),
            Reference::Field(_) => self.fields.iter().any(|f| f.name == *old),
            Reference::Kind(_) => self.kinds.iter().any(|k| k.name == *old),
        };
        if old == new || !has {
            return Ok(());
        }
        let mut probe = self.clone();
        match of {
            Reference::Window(_) if old == "sleeping" => {
                return Err(refused(place, ModelProblem::SleepingWindowRename));
            }
            Reference::Window(_) => {
                let days = probe.windows.remove(old).unwrap_or_default();
                probe.add_window(new, days)?;
            }
            Reference::Field(_) => {
                if let Some(i) = probe.fields.iter().position(|f| f.name == *old) {
                    let ty = probe.fields.remove(i).ty;
                    probe.add_field(new, ty)?;
                    let added = probe.fields.pop().expect("just added");
                    probe.fields.insert(i, added);
                }
            }
            Reference::Kind(_) => {
                if let Some(i) = probe.kinds.iter().position(|k| k.name == *old) {
                    let old_kind = probe.kinds.remove(i);
                    probe.add_kind(new, old_kind.direction)?;
                    probe.kinds.pop();
                    probe.kinds.insert(
                        i,
                        KindDecl {
                            name: new.to_owned(),
                            ..old_kind
                        },
                    );
                }
            }
        }
        let rules = std::iter::once((Place::Icp, &mut probe.icp)).chain(
            probe
                .stages
                .iter_mut()
                .map(|s| (Place::Stage(s.id.clone()), &mut s.rule)),
        );
        for (rule_place, text) in rules {
            match rename_in_rule(text, of, new) {
                Some(renamed) => *text = renamed,
                None if text.contains(old.as_str()) => {
                    return Err(refused(
                        rule_place,
                        ModelProblem::RenameInBrokenRule { name: old.clone() },
                    ));
                }
                None => {}
            }
        }
        *self = probe;
        Ok(())
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

    /// The kinds of `counts` ([`custom_kind_counts`]) the model does not
    /// declare, most events first: the model page offers to declare them.
    pub fn undeclared_kinds(&self, counts: &[(String, usize)]) -> Vec<(String, usize)> {
        // Placed by hand, not sorted: a kind is a custom one of at most 255,
        // and a sort's generic code costs the app's wasm more than this.
        let mut out: Vec<(String, usize)> = Vec::new();
        for (name, n) in counts {
            if !self.kinds.iter().any(|k| k.name == *name) {
                let at = out.iter().position(|(_, m)| m < n).unwrap_or(out.len());
                out.insert(at, (name.clone(), *n));
            }
        }
        out
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

    #[test]
    fn renaming_a_window_rewrites_every_rule_that_names_it() {
        let mut m = Model::preset("b2b").unwrap();
        m.add_window("trial", 14).unwrap();
        m.icp = "days_since(created) <= window.trial # new ones\n or field.x == 1".into();
        m.stages[0].rule = "window . trial > 3 and count(webinar, window.trial) >= 1".into();
        m.rename(&Reference::Window("trial".into()), "onboarding")
            .unwrap();
        assert_eq!(m.windows.get("onboarding"), Some(&14));
        assert!(!m.windows.contains_key("trial"));
        assert_eq!(
            m.icp,
            "days_since(created) <= window.onboarding # new ones\n or field.x == 1"
        );
        assert_eq!(
            m.stages[0].rule,
            "window.onboarding > 3 and count(webinar, window.onboarding) >= 1"
        );
        assert!(m.uses(&Reference::Window("trial".into())).is_empty());
    }

    #[test]
    fn renaming_a_kind_rewrites_names_and_strings_and_keeps_its_flags() {
        let mut m = Model::preset("b2b").unwrap();
        m.add_kind("demo_call", Direction::Company).unwrap();
        m.set_kind(0, Direction::Company, true);
        m.stages[1].rule =
            "has(demo_call) or count(\"demo_call\", 30d) > 2 or has(deal_won)".into();
        let kind = Reference::Kind("demo_call".into());
        m.rename(&kind, "демо звонок").unwrap();
        assert_eq!(
            m.stages[1].rule,
            "has(\"демо звонок\") or count(\"демо звонок\", 30d) > 2 or has(deal_won)"
        );
        assert_eq!(m.kinds[0].name, "демо звонок");
        assert!(m.kinds[0].win);
        assert_eq!(m.kinds[0].direction, Direction::Company);
        m.rename(&Reference::Kind("демо звонок".into()), "demo")
            .unwrap();
        assert_eq!(
            m.stages[1].rule,
            "has(\"demo\") or count(\"demo\", 30d) > 2 or has(deal_won)"
        );
    }

    #[test]
    fn renaming_a_field_keeps_its_place_and_type() {
        let mut m = Model::preset("b2b").unwrap();
        m.add_field("a", FieldType::Text).unwrap();
        m.add_field("employees", FieldType::Number).unwrap();
        m.add_field("z", FieldType::Text).unwrap();
        let at = m.fields.len() - 2;
        m.icp = "field.employees >= 50 and field.a == \"x\"".into();
        m.rename(&Reference::Field("employees".into()), "staff")
            .unwrap();
        assert_eq!(m.fields[at].name, "staff");
        assert_eq!(m.fields[at].ty, FieldType::Number);
        assert_eq!(m.fields[at + 1].name, "z");
        assert_eq!(m.icp, "field.staff >= 50 and field.a == \"x\"");
    }

    #[test]
    fn a_rename_that_cannot_be_done_safely_is_refused_and_changes_nothing() {
        let mut m = Model::preset("b2b").unwrap();
        m.add_window("trial", 14).unwrap();
        m.add_kind("webinar", Direction::Client).unwrap();
        m.add_field("employees", FieldType::Number).unwrap();
        m.stages[0].rule = "window.trial > 3 and".into();
        let before = m.clone();
        let code = |r: Result<(), ModelError>| r.unwrap_err().problem.code();
        let trial = Reference::Window("trial".into());
        assert_eq!(code(m.rename(&trial, "x")), "model.rename_in_broken_rule");
        assert_eq!(
            code(m.rename(&Reference::Window("sleeping".into()), "quiet")),
            "model.sleeping_window_rename"
        );
        assert_eq!(code(m.rename(&trial, "sleeping")), "model.window_exists");
        assert_eq!(code(m.rename(&trial, "30d")), "model.invalid_window_name");
        let webinar = Reference::Kind("webinar".into());
        assert_eq!(
            code(m.rename(&webinar, "deal_won")),
            "model.builtin_kind_name"
        );
        assert_eq!(code(m.rename(&webinar, "any")), "model.kind_group_name");
        let employees = Reference::Field("employees".into());
        assert_eq!(
            code(m.rename(&employees, "a b")),
            "model.invalid_field_name"
        );
        assert_eq!(m, before);
        // The broken rule does not mention the field: that rename is safe.
        m.rename(&employees, "staff").unwrap();
        assert!(m.fields.iter().any(|f| f.name == "staff"));
        // Nothing to rename, or the same name: no change.
        let after = m.clone();
        m.rename(&Reference::Window("nope".into()), "x").unwrap();
        m.rename(&webinar, "webinar").unwrap();
        assert_eq!(m, after);
    }

    #[test]
    fn kinds_in_the_data_not_in_the_model_are_found_with_their_counts() {
        use crate::data::{Contact, Event};
        let day = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        let contact = |id: &str| Contact {
            id: id.into(),
            ..Contact::default()
        };
        let event = |id: &str, kind: &str| Event {
            contact: id.into(),
            date: day,
            time: None,
            kind: kind.into(),
            amount: None,
            score: None,
            channel: None,
            note: None,
        };
        let base = Base::new(
            vec![contact("a"), contact("b")],
            vec![
                event("a", "webinar"),
                event("a", "demo_call"),
                event("b", "demo_call"),
                event("b", "deal_won"),
            ],
        )
        .unwrap();
        let counts = custom_kind_counts(&base);
        assert_eq!(
            counts,
            [("webinar".to_owned(), 1), ("demo_call".to_owned(), 2)]
        );
        let mut m = Model::preset("b2b").unwrap();
        assert_eq!(
            m.undeclared_kinds(&counts),
            [("demo_call".to_owned(), 2), ("webinar".to_owned(), 1)]
        );
        m.add_kind("demo_call", Direction::Client).unwrap();
        assert_eq!(m.undeclared_kinds(&counts), [("webinar".to_owned(), 1)]);
    }
}
