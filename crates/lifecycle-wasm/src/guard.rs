//! A guard the core does not have yet: the rule parser recurses once per nesting
//! level, and in wasm a deep enough rule (about 1,000 levels of brackets) overflows
//! the stack and leaves the module unusable. Rules nested deeper than any person
//! writes are refused here, before they reach the parser.

use lifecycle_core::Model;
use lifecycle_core::errors::{ModelProblem, RuleProblem};
use lifecycle_core::model::{ModelError, ModelErrors, Place};
use lifecycle_core::rule::Pos;

/// Nesting levels allowed: brackets and `not`s, which the parser recurses into.
pub const MAX_DEPTH: u32 = 64;

/// The place where a rule first nests deeper than [`MAX_DEPTH`].
pub fn too_deep(rule: &str) -> Option<Pos> {
    let (mut depth, mut nots, mut line, mut column) = (0u32, 0u32, 1u32, 0u32);
    let mut in_string = false;
    let mut escaped = false;
    let mut word = String::new();
    for c in rule.chars().chain(std::iter::once(' ')) {
        column += 1;
        if in_string {
            match (escaped, c) {
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => escaped = false,
            }
        } else if c.is_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        } else {
            if word == "not" {
                nots += 1;
            }
            word.clear();
            match c {
                '"' => in_string = true,
                '(' | '[' => depth += 1,
                ')' | ']' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if c == '\n' {
            line += 1;
            column = 0;
            // An unterminated string ends at the line's end.
            in_string = false;
        }
        if depth + nots > MAX_DEPTH {
            return Some(Pos { line, column });
        }
    }
    None
}

fn problem(place: Place, pos: Pos) -> ModelError {
    let too_deep = RuleProblem::TooDeep { max: MAX_DEPTH };
    ModelError::new(place, Some(pos), ModelProblem::Rule(too_deep))
}

/// Every rule of a model that nests too deeply.
pub fn check_model(model: &Model) -> Result<(), ModelErrors> {
    let mut errors = Vec::new();
    for stage in &model.stages {
        if let Some(pos) = too_deep(&stage.rule) {
            errors.push(problem(Place::Stage(stage.id.clone()), pos));
        }
    }
    if let Some(pos) = too_deep(&model.icp) {
        errors.push(problem(Place::Icp, pos));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ModelErrors(errors))
    }
}

/// A segment filter that nests too deeply.
pub fn check_filter(filter: Option<&str>) -> Result<(), ModelErrors> {
    match filter.and_then(too_deep) {
        Some(pos) => Err(ModelErrors(vec![problem(Place::Filter, pos)])),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_deep_rules_and_keeps_ordinary_ones() {
        assert_eq!(
            too_deep("deals_won >= 2 and not (icp or field.x in [\"(((\"])"),
            None
        );
        let ok = format!("{}true{}", "(".repeat(64), ")".repeat(64));
        assert_eq!(too_deep(&ok), None);
        let deep = format!("{}true", "(".repeat(65));
        assert_eq!(
            too_deep(&deep),
            Some(Pos {
                line: 1,
                column: 65
            })
        );
        let nots = format!("{}icp", "not ".repeat(65));
        assert!(too_deep(&nots).is_some());
        assert_eq!(
            too_deep(&format!("\n{}", "[".repeat(70))),
            Some(Pos {
                line: 2,
                column: 65
            })
        );
    }
}
