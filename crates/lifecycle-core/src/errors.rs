//! The engine's errors in words, in English and Russian.
//!
//! Every error the engine returns has a stable machine code (`rule.unknown_metric`,
//! `base.duplicate_contact`, …; the list is in `docs/errors.md`) and renders in
//! either language through [`Localized`]. `Display` stays the English text. The
//! matches below are exhaustive, so a new variant without its Russian words does
//! not compile.
//!
//! ```
//! use lifecycle_core::{Lang, Localized};
//!
//! let error = lifecycle_core::rule::parse("deals_won = 3").unwrap_err();
//! assert_eq!(error.code(), "rule.unexpected_equals");
//! assert_eq!(error.message(Lang::En), "1:11: unexpected `=` (hint: to compare, write `==`)");
//! assert_eq!(
//!     error.message(Lang::Ru),
//!     "строка 1, символ 11: лишний знак `=` (подсказка: для сравнения пишите `==`)"
//! );
//! ```

use crate::base::BaseError;
use crate::columns::ColumnsError;
use crate::engine::EngineError;
#[cfg(test)]
use crate::model::Model;
use crate::model::{ModelError, ModelErrors, Place};
use crate::rule::{Pos, RuleError};
use crate::words::{Lang, ru_plural};

/// An error that can be shown to a person in their language.
pub trait Localized {
    /// A stable machine code such as `rule.unknown_metric`: it never changes with
    /// the wording, so programs can match on it.
    fn code(&self) -> &'static str;
    /// The whole message, with its place (line and column, row, field) and its
    /// hint, in `lang`. In English it is the `Display` text.
    fn message(&self, lang: Lang) -> String;
}

/// What the parser found where it expected something else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A number, as written.
    Number(String),
    /// A duration, in days.
    Duration(String),
    /// A quoted string (its contents).
    Text(String),
    /// A name or keyword.
    Name(String),
    /// An operator or bracket: `(`, `==`, `,`.
    Symbol(&'static str),
    /// The end of the rule.
    End,
}

impl Found {
    fn words(&self, lang: Lang) -> String {
        match (self, lang) {
            (Found::Number(n), Lang::En) => format!("number {n}"),
            (Found::Number(n), Lang::Ru) => format!("число {n}"),
            (Found::Duration(d), Lang::En) => format!("duration {d}d"),
            (Found::Duration(d), Lang::Ru) => format!("срок {d}d"),
            (Found::Text(s), Lang::En) => format!("string {s:?}"),
            (Found::Text(s), Lang::Ru) => format!("текст {s:?}"),
            (Found::Name(s), _) => format!("`{s}`"),
            (Found::Symbol(s), _) => format!("`{s}`"),
            (Found::End, Lang::En) => "the end of the rule".into(),
            (Found::End, Lang::Ru) => "конец правила".into(),
        }
    }
}

/// Every problem a rule can have, with what it names. Its words (what is wrong
/// and a hint) come from [`RuleProblem::message`] and [`RuleProblem::hint`].
#[allow(missing_docs)] // The variants are documented by their words below.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleProblem {
    BadNumber { text: String },
    BadDuration { text: String },
    BadNumberOrDuration { text: String },
    UnterminatedString,
    UnknownEscape,
    UnexpectedEquals,
    UnexpectedOperator { op: char },
    UnexpectedCharacter { ch: char },
    UnclosedParen { found: Found },
    UnclosedList { found: Found },
    UnclosedArguments { found: Found },
    TooDeep { max: u32 },
    ChainedComparison,
    NotAfterValue,
    InNeedsList,
    KeywordNotValue { word: String },
    ExpectedName { found: Found },
    ExpectedValue { found: Found },
    EmptyRule,
    ExtraText { found: Found },
    UnknownKind { name: String },
    NotWholeDays { text: String },
    ExpectedKind { text: String, window_allowed: bool },
    NoKinds,
    TakesNoArguments { name: String },
    UnknownField { name: String, known: Vec<String> },
    UnknownWindow { name: String, known: Vec<String> },
    UnknownDottedName { name: String },
    IcpUsesIcp,
    CountScoreArguments,
    NotAScore { text: String },
    ActiveWindowsArguments,
    NotAWindowCount { text: String },
    HasTagArguments,
    UnknownMetric { name: String },
    NumberNotCondition { text: String },
    TextNotCondition { text: String },
    ListNotCondition,
    NotANumber { text: String },
    BoolComparison,
    DaysSinceComparison,
    TextComparison,
    ListExpected,
    NotText { text: String },
    MixedList,
}

/// The names a rule may use, for the "unknown metric" hint.
pub(crate) const METRICS: [&str; 25] = [
    "deals_won",
    "deals_lost",
    "revenue",
    "count(..)",
    "sum(..)",
    "has(..)",
    "has_activity",
    "days_since_last_activity",
    "days_since_first_activity",
    "days_since_last_deal",
    "days_since_first_deal",
    "days_since_last(..)",
    "days_since_first(..)",
    "active_windows(30d, 6)",
    "last_nps",
    "last_review",
    "last_score(..)",
    "low_reviews",
    "count_score_at_most(.., n)",
    "icp",
    "field.<name>",
    "window.<name>",
    "source",
    "owner",
    "has_tag(\"..\")",
];

/// Names as a list in code quotes: `a`, `b`.
fn quoted(names: &[impl AsRef<str>]) -> String {
    names
        .iter()
        .map(|n| format!("`{}`", n.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl RuleProblem {
    /// The stable code, `rule.` and the problem in snake case.
    pub fn code(&self) -> &'static str {
        use RuleProblem::*;
        match self {
            BadNumber { .. } => "rule.bad_number",
            BadDuration { .. } => "rule.bad_duration",
            BadNumberOrDuration { .. } => "rule.bad_number_or_duration",
            UnterminatedString => "rule.unterminated_string",
            UnknownEscape => "rule.unknown_escape",
            UnexpectedEquals => "rule.unexpected_equals",
            UnexpectedOperator { .. } => "rule.unexpected_operator",
            UnexpectedCharacter { .. } => "rule.unexpected_character",
            UnclosedParen { .. } => "rule.unclosed_paren",
            UnclosedList { .. } => "rule.unclosed_list",
            UnclosedArguments { .. } => "rule.unclosed_arguments",
            TooDeep { .. } => "rule.too_deep",
            ChainedComparison => "rule.chained_comparison",
            NotAfterValue => "rule.not_after_value",
            InNeedsList => "rule.in_needs_list",
            KeywordNotValue { .. } => "rule.keyword_not_value",
            ExpectedName { .. } => "rule.expected_name",
            ExpectedValue { .. } => "rule.expected_value",
            EmptyRule => "rule.empty",
            ExtraText { .. } => "rule.extra_text",
            UnknownKind { .. } => "rule.unknown_kind",
            NotWholeDays { .. } => "rule.not_whole_days",
            ExpectedKind { .. } => "rule.expected_kind",
            NoKinds => "rule.no_kinds",
            TakesNoArguments { .. } => "rule.takes_no_arguments",
            UnknownField { .. } => "rule.unknown_field",
            UnknownWindow { .. } => "rule.unknown_window",
            UnknownDottedName { .. } => "rule.unknown_dotted_name",
            IcpUsesIcp => "rule.icp_uses_icp",
            CountScoreArguments => "rule.count_score_arguments",
            NotAScore { .. } => "rule.not_a_score",
            ActiveWindowsArguments => "rule.active_windows_arguments",
            NotAWindowCount { .. } => "rule.not_a_window_count",
            HasTagArguments => "rule.has_tag_arguments",
            UnknownMetric { .. } => "rule.unknown_metric",
            NumberNotCondition { .. } => "rule.number_not_condition",
            TextNotCondition { .. } => "rule.text_not_condition",
            ListNotCondition => "rule.list_not_condition",
            NotANumber { .. } => "rule.not_a_number",
            BoolComparison => "rule.bool_comparison",
            DaysSinceComparison => "rule.days_since_comparison",
            TextComparison => "rule.text_comparison",
            ListExpected => "rule.list_expected",
            NotText { .. } => "rule.not_text",
            MixedList => "rule.mixed_list",
        }
    }

    /// What is wrong, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        use RuleProblem::*;
        let en = lang == Lang::En;
        let pick = |e: String, r: String| if en { e } else { r };
        match self {
            BadNumber { text } => pick(
                format!("bad number `{text}`"),
                format!("неверное число `{text}`"),
            ),
            BadDuration { text } => pick(
                format!("bad duration `{text}`"),
                format!("неверный срок `{text}`"),
            ),
            BadNumberOrDuration { text } => pick(
                format!("bad number or duration near `{text}`"),
                format!("неверное число или срок около `{text}`"),
            ),
            UnterminatedString => pick(
                "unterminated string".into(),
                "текст в кавычках не закрыт".into(),
            ),
            UnknownEscape => pick(
                "unknown escape in string".into(),
                "неизвестный символ после \\ в тексте".into(),
            ),
            UnexpectedEquals => pick("unexpected `=`".into(), "лишний знак `=`".into()),
            UnexpectedOperator { op } => pick(
                format!("unexpected `{op}`"),
                format!("неожиданный знак `{op}`"),
            ),
            UnexpectedCharacter { ch } => pick(
                format!("unexpected character `{ch}`"),
                format!("неожиданный символ `{ch}`"),
            ),
            UnclosedParen { found } => expected(lang, "`)`", "`)`", found),
            UnclosedList { found } => expected(lang, "`]` or `,`", "`]` или `,`", found),
            UnclosedArguments { found } => expected(lang, "`)` or `,`", "`)` или `,`", found),
            TooDeep { max } => pick(
                format!("the rule is nested more than {max} levels deep"),
                format!(
                    "правило вложено глубже {max} {}",
                    ru_plural(u64::from(*max), "уровня", "уровней", "уровней")
                ),
            ),
            ChainedComparison => pick(
                "comparisons cannot be chained".into(),
                "сравнения нельзя выстраивать в цепочку".into(),
            ),
            NotAfterValue => pick(
                "unexpected `not` after a value".into(),
                "неожиданное `not` после значения".into(),
            ),
            InNeedsList | ListExpected => {
                pick("`in` needs a list".into(), "после `in` нужен список".into())
            }
            KeywordNotValue { word } => pick(
                format!("expected a value, found `{word}`"),
                format!("ожидалось значение, а стоит `{word}`"),
            ),
            ExpectedName { found } => pick(
                format!("expected a name after `.`, found {}", found.words(lang)),
                format!("после `.` ожидалось имя, а стоит {}", found.words(lang)),
            ),
            ExpectedValue { found } => pick(
                format!("expected a value, found {}", found.words(lang)),
                format!("ожидалось значение, а стоит {}", found.words(lang)),
            ),
            EmptyRule => pick("empty rule".into(), "правило пустое".into()),
            ExtraText { found } => pick(
                format!("unexpected {}", found.words(lang)),
                format!("лишний текст: {}", found.words(lang)),
            ),
            UnknownKind { name } => pick(
                format!("unknown event kind `{name}`"),
                format!("неизвестный вид события `{name}`"),
            ),
            NotWholeDays { text } => pick(
                format!("`{text}` is not a whole number of days"),
                format!("`{text}` — не целое число дней"),
            ),
            ExpectedKind { text, .. } => pick(
                format!("expected an event kind, found `{text}`"),
                format!("ожидался вид события, а стоит `{text}`"),
            ),
            NoKinds => pick(
                "at least one event kind is needed".into(),
                "нужен хотя бы один вид события".into(),
            ),
            TakesNoArguments { name } => pick(
                format!("`{name}` takes no arguments"),
                format!("`{name}` не принимает аргументов"),
            ),
            UnknownField { name, .. } => pick(
                format!("unknown field `{name}`"),
                format!("неизвестное поле `{name}`"),
            ),
            UnknownWindow { name, .. } => pick(
                format!("unknown window `{name}`"),
                format!("неизвестное окно `{name}`"),
            ),
            UnknownDottedName { name } => pick(
                format!("unknown name `{name}`"),
                format!("неизвестное имя `{name}`"),
            ),
            IcpUsesIcp => pick(
                "the ICP cannot use `icp`".into(),
                "правило ICP не может ссылаться на `icp`".into(),
            ),
            CountScoreArguments => pick(
                "count_score_at_most needs kinds and a score".into(),
                "для count_score_at_most нужны виды событий и оценка".into(),
            ),
            NotAScore { text } => pick(
                format!("`{text}` is not a score 0..10"),
                format!("`{text}` — не оценка от 0 до 10"),
            ),
            ActiveWindowsArguments => pick(
                "active_windows needs a window width and a count".into(),
                "для active_windows нужны ширина окна и число окон".into(),
            ),
            NotAWindowCount { text } => pick(
                format!("`{text}` is not a number of windows 1..36"),
                format!("`{text}` — не число окон от 1 до 36"),
            ),
            HasTagArguments => pick(
                "has_tag needs one tag in quotes".into(),
                "для has_tag нужен один тег в кавычках".into(),
            ),
            UnknownMetric { name } => pick(
                format!("unknown metric `{name}`"),
                format!("неизвестная метрика `{name}`"),
            ),
            NumberNotCondition { text } => pick(
                format!("`{text}` is a number, not a condition"),
                format!("`{text}` — число, а не условие"),
            ),
            TextNotCondition { text } => pick(
                format!("`{text}` is text, not a condition"),
                format!("`{text}` — текст, а не условие"),
            ),
            ListNotCondition => pick(
                "a list is not a condition".into(),
                "список — не условие".into(),
            ),
            NotANumber { text } => pick(
                format!("`{text}` is not a number"),
                format!("`{text}` — не число"),
            ),
            BoolComparison => pick(
                "cannot compare this with true or false".into(),
                "это нельзя сравнивать с true или false".into(),
            ),
            DaysSinceComparison => pick(
                "a days-since metric can only be compared with a number".into(),
                "метрику «дней с…» можно сравнивать только с числом".into(),
            ),
            TextComparison => pick(
                "cannot compare with text".into(),
                "это нельзя сравнивать с текстом".into(),
            ),
            NotText { text } => pick(
                format!("`{text}` is not text"),
                format!("`{text}` — не текст"),
            ),
            MixedList => pick(
                "a list must hold only \"strings\" or only numbers, and at least one".into(),
                "в списке должны быть только \"строки\" или только числа, хотя бы одно значение"
                    .into(),
            ),
        }
    }

    /// How to fix it, in `lang` (empty when there is nothing to add).
    pub fn hint(&self, lang: Lang) -> String {
        use RuleProblem::*;
        let (en, ru): (&str, &str) = match self {
            BadNumber { .. } => ("write numbers like 4 or 2.5", "пишите числа так: 4 или 2.5"),
            BadDuration { .. } => (
                "durations are a number and one unit: 30d (days), 2w (weeks), 6m (months of 30 days), 1y (365 days)",
                "срок — это число и одна единица: 30d (дни), 2w (недели), 6m (месяцы по 30 дней), 1y (365 дней)",
            ),
            BadNumberOrDuration { .. } => (
                "durations use d, w, m or y: 30d, 2w, 6m, 1y",
                "у сроков единицы d, w, m или y: 30d, 2w, 6m, 1y",
            ),
            UnterminatedString => (
                "close the string with a double quote \" on the same line",
                "закройте текст двойной кавычкой \" в той же строке",
            ),
            UnknownEscape => (
                "only \\\" and \\\\ are escapes",
                "после \\ можно писать только \" или \\: \\\" и \\\\",
            ),
            UnexpectedEquals => ("to compare, write `==`", "для сравнения пишите `==`"),
            UnexpectedOperator { .. } => (
                "write `and`, `or` and `not` as words",
                "пишите `and`, `or` и `not` словами",
            ),
            UnexpectedCharacter { .. } => (
                "rules use names, numbers, \"strings\", comparisons and parentheses",
                "в правилах бывают имена, числа, \"строки\", сравнения и скобки",
            ),
            UnclosedParen { .. } => (
                "every `(` needs a matching `)`",
                "у каждой `(` должна быть своя `)`",
            ),
            UnclosedList { .. } => (
                "lists look like [\"retail\", \"logistics\"]",
                "список выглядит так: [\"retail\", \"logistics\"]",
            ),
            UnclosedArguments { .. } => (
                "arguments are separated by commas: count(deal_won, 90d)",
                "аргументы разделяются запятыми: count(deal_won, 90d)",
            ),
            TooDeep { .. } => (
                "split the condition, or use a list: field.x in [\"a\", \"b\"]",
                "разбейте условие или используйте список: field.x in [\"a\", \"b\"]",
            ),
            ChainedComparison => ("write `a < b and b < c`", "пишите `a < b and b < c`"),
            NotAfterValue => (
                "write `not in [...]`, or put `not` before the condition",
                "пишите `not in [...]` или ставьте `not` перед условием",
            ),
            InNeedsList => (
                "write a list in brackets: field.industry in [\"retail\", \"logistics\"]",
                "напишите список в квадратных скобках: field.industry in [\"retail\", \"logistics\"]",
            ),
            KeywordNotValue { .. } => ("a condition is missing here", "здесь не хватает условия"),
            ExpectedName { .. } => (
                "write field.<name>, for example field.industry",
                "пишите field.<имя>, например field.industry",
            ),
            ExpectedValue { .. } => (
                "a condition looks like `deals_won >= 2` or `icp`",
                "условие выглядит так: `deals_won >= 2` или `icp`",
            ),
            EmptyRule => (
                "write a condition, or `true` for a stage that catches everything",
                "напишите условие или `true` для стадии, которая забирает всех",
            ),
            ExtraText { found } => match found {
                Found::Name(_) | Found::Number(_) | Found::Duration(_) | Found::Text(_) => (
                    "join conditions with `and` or `or`",
                    "соединяйте условия словами `and` или `or`",
                ),
                Found::Symbol(")") => ("this `)` has no matching `(`", "у этой `)` нет парной `(`"),
                _ => ("remove the extra text", "удалите лишний текст"),
            },
            UnknownKind { .. } => (
                "use a built-in kind (deal_won, inbound_request, ...), a kind declared in the model, or a group: activity, wins, interest, any",
                "используйте встроенный вид (deal_won, inbound_request, …), вид, объявленный в модели, или группу: activity, wins, interest, any",
            ),
            NotWholeDays { .. } => (
                "write a window like 30d, 6m or window.sleeping",
                "напишите окно так: 30d, 6m или window.sleeping",
            ),
            ExpectedKind {
                window_allowed: true,
                ..
            } => (
                "list kinds, then optionally a window: count(deal_won, purchase, 90d)",
                "перечислите виды событий, затем, если нужно, окно: count(deal_won, purchase, 90d)",
            ),
            ExpectedKind {
                window_allowed: false,
                ..
            } => (
                "list event kinds: days_since_last(meeting, call)",
                "перечислите виды событий: days_since_last(meeting, call)",
            ),
            NoKinds => (
                "for example count(deal_won) or count(activity, 30d)",
                "например, count(deal_won) или count(activity, 30d)",
            ),
            TakesNoArguments { .. } => ("remove the parentheses", "уберите скобки"),
            UnknownField { known, .. } => {
                return match lang {
                    Lang::En => format!(
                        "known fields: {}; declare new ones in the model's fields",
                        known.join(", ")
                    ),
                    Lang::Ru if known.is_empty() => {
                        "полей пока нет; объявите новые в полях модели".into()
                    }
                    Lang::Ru => format!(
                        "известные поля: {}; новые объявите в полях модели",
                        quoted(known)
                    ),
                };
            }
            UnknownWindow { known, .. } => {
                return match lang {
                    Lang::En => format!("the model's windows are: {}", known.join(", ")),
                    Lang::Ru if known.is_empty() => "в модели нет окон".into(),
                    Lang::Ru => format!("окна модели: {}", quoted(known)),
                };
            }
            UnknownDottedName { .. } => (
                "only field.<name> and window.<name> have a dot",
                "точка бывает только в field.<имя> и window.<имя>",
            ),
            IcpUsesIcp => (
                "define the ICP from fields, e.g. field.employees >= 50",
                "задайте ICP через поля, например field.employees >= 50",
            ),
            CountScoreArguments => (
                "for example count_score_at_most(review, 2)",
                "например, count_score_at_most(review, 2)",
            ),
            NotAScore { .. } => (
                "for example count_score_at_most(nps, 6)",
                "например, count_score_at_most(nps, 6)",
            ),
            ActiveWindowsArguments | NotAWindowCount { .. } => (
                "for example active_windows(30d, 6)",
                "например, active_windows(30d, 6)",
            ),
            HasTagArguments => ("for example has_tag(\"vip\")", "например, has_tag(\"vip\")"),
            UnknownMetric { .. } => {
                return match lang {
                    Lang::En => format!("known names: {}", METRICS.join(", ")),
                    Lang::Ru => format!("известные имена: {}", METRICS.join(", ")),
                };
            }
            NumberNotCondition { text } => {
                return match lang {
                    Lang::En => format!("compare it, for example `{text} >= 1`"),
                    Lang::Ru => format!("сравните его с чем-нибудь, например `{text} >= 1`"),
                };
            }
            TextNotCondition { text } => {
                return match lang {
                    Lang::En => format!("compare it, for example `{text} == \"website\"`"),
                    Lang::Ru => {
                        format!("сравните его с чем-нибудь, например `{text} == \"website\"`")
                    }
                };
            }
            ListNotCondition => (
                "use it with `in`: field.industry in [\"retail\"]",
                "используйте его с `in`: field.industry in [\"retail\"]",
            ),
            NotANumber { .. } => (
                "compare numbers with numbers",
                "сравнивайте числа с числами",
            ),
            BoolComparison => (
                "true and false go with conditions and yes/no fields",
                "с true и false сравнивают условия и поля «да/нет»",
            ),
            DaysSinceComparison => (
                "write for example `days_since_last_activity > 180`",
                "напишите, например, `days_since_last_activity > 180`",
            ),
            TextComparison => ("", ""),
            ListExpected => ("write [\"a\", \"b\"]", "напишите [\"a\", \"b\"]"),
            NotText { .. } => (
                "text goes with a list of \"strings\"",
                "текст сравнивают со списком \"строк\"",
            ),
            MixedList => (
                "for example [\"retail\", \"logistics\"]",
                "например, [\"retail\", \"logistics\"]",
            ),
        };
        lang.pick(en, ru).to_owned()
    }
}

fn expected(lang: Lang, en: &str, ru: &str, found: &Found) -> String {
    match lang {
        Lang::En => format!("expected {en}, found {}", found.words(lang)),
        Lang::Ru => format!("ожидалась {ru}, а стоит {}", found.words(lang)),
    }
}

/// "message (hint: …)" in `lang`.
fn with_hint(message: String, hint: &str, lang: Lang) -> String {
    if hint.is_empty() {
        message
    } else {
        format!("{message} ({}: {hint})", lang.pick("hint", "подсказка"))
    }
}

/// "line 2, column 5" / "строка 2, символ 5".
pub fn position(pos: Pos, lang: Lang) -> String {
    match lang {
        Lang::En => format!("line {}, column {}", pos.line, pos.column),
        Lang::Ru => format!("строка {}, символ {}", pos.line, pos.column),
    }
}

impl Localized for RuleError {
    fn code(&self) -> &'static str {
        self.problem.code()
    }

    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Ru => with_hint(
                format!(
                    "{}: {}",
                    position(self.pos, lang),
                    self.problem.message(lang)
                ),
                &self.problem.hint(lang),
                lang,
            ),
        }
    }
}

/// Every problem of a model that is not in a rule's text.
#[allow(missing_docs)] // The variants are documented by their words below.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelProblem {
    /// A problem in a rule (of a stage, the ICP or a filter).
    Rule(RuleProblem),
    InvalidJson {
        detail: String,
    },
    UnsupportedVersion {
        version: u32,
    },
    NoStages,
    TooManyStages,
    InvalidStageId {
        id: String,
    },
    DuplicateStageId,
    InvalidColour {
        colour: String,
    },
    MissingLabel,
    UnknownFunnelStage {
        id: String,
    },
    FunnelStageTwice {
        id: String,
    },
    KindDeclaredTwice {
        name: String,
    },
    UnknownFilterStage {
        id: String,
    },
    TooManyMetrics {
        needed: usize,
        max: usize,
    },
    TooManyCounts {
        needed: usize,
        max: usize,
    },
    /// A window's days left empty.
    WindowDaysMissing,
    WindowDaysOutOfRange {
        days: u64,
    },
    WindowDaysNotWhole {
        text: String,
    },
    InvalidWindowName {
        name: String,
    },
    WindowExists {
        name: String,
    },
    InvalidFieldName {
        name: String,
    },
    FieldAlreadyDeclared {
        name: String,
    },
    FieldDeclaredTwice {
        name: String,
    },
    BuiltinKindName {
        name: String,
    },
    KindGroupName {
        name: String,
    },
    InvalidKindName {
        name: String,
    },
    KindAlreadyDeclared {
        name: String,
    },
    SleepingWindowRename,
    RenameInBrokenRule {
        name: String,
    },
}

impl ModelProblem {
    /// The stable code: `model.…`, or the rule's `rule.…`.
    pub fn code(&self) -> &'static str {
        use ModelProblem::*;
        match self {
            Rule(p) => p.code(),
            InvalidJson { .. } => "model.invalid_json",
            UnsupportedVersion { .. } => "model.unsupported_version",
            NoStages => "model.no_stages",
            TooManyStages => "model.too_many_stages",
            InvalidStageId { .. } => "model.invalid_stage_id",
            DuplicateStageId => "model.duplicate_stage_id",
            InvalidColour { .. } => "model.invalid_colour",
            MissingLabel => "model.missing_label",
            UnknownFunnelStage { .. } => "model.unknown_funnel_stage",
            FunnelStageTwice { .. } => "model.funnel_stage_twice",
            KindDeclaredTwice { .. } => "model.kind_declared_twice",
            UnknownFilterStage { .. } => "model.unknown_filter_stage",
            TooManyMetrics { .. } => "model.too_many_metrics",
            TooManyCounts { .. } => "model.too_many_counts",
            WindowDaysMissing => "model.window_days_missing",
            WindowDaysOutOfRange { .. } => "model.window_days_out_of_range",
            WindowDaysNotWhole { .. } => "model.window_days_not_whole",
            InvalidWindowName { .. } => "model.invalid_window_name",
            WindowExists { .. } => "model.window_exists",
            InvalidFieldName { .. } => "model.invalid_field_name",
            FieldAlreadyDeclared { .. } => "model.field_already_declared",
            FieldDeclaredTwice { .. } => "model.field_declared_twice",
            BuiltinKindName { .. } => "model.builtin_kind_name",
            KindGroupName { .. } => "model.kind_group_name",
            InvalidKindName { .. } => "model.invalid_kind_name",
            KindAlreadyDeclared { .. } => "model.kind_already_declared",
            SleepingWindowRename => "model.sleeping_window_rename",
            RenameInBrokenRule { .. } => "model.rename_in_broken_rule",
        }
    }

    /// What is wrong, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        use ModelProblem::*;
        match (self, lang) {
            (Rule(p), _) => p.message(lang),
            (InvalidJson { detail }, Lang::En) => format!("invalid model JSON: {detail}"),
            // serde's detail is English; the position is in the error's `pos`.
            (InvalidJson { .. }, Lang::Ru) => "модель не в формате JSON".into(),
            (UnsupportedVersion { version }, Lang::En) => {
                format!("unsupported model version {version}")
            }
            (UnsupportedVersion { version }, Lang::Ru) => {
                format!("неподдерживаемая версия модели {version}")
            }
            (NoStages, Lang::En) => "the model has no stages".into(),
            (NoStages, Lang::Ru) => "в модели нет стадий".into(),
            (TooManyStages, Lang::En) => "too many stages".into(),
            (TooManyStages, Lang::Ru) => "слишком много стадий".into(),
            (InvalidStageId { id }, Lang::En) => format!("invalid stage id {id:?}"),
            (InvalidStageId { id }, Lang::Ru) => format!("недопустимый id стадии «{id}»"),
            (DuplicateStageId, Lang::En) => "duplicate stage id".into(),
            (DuplicateStageId, Lang::Ru) => "такой id стадии уже есть".into(),
            (InvalidColour { colour }, Lang::En) => format!("invalid colour {colour:?}"),
            (InvalidColour { colour }, Lang::Ru) => format!("недопустимый цвет «{colour}»"),
            (MissingLabel, Lang::En) => "missing label".into(),
            (MissingLabel, Lang::Ru) => "нет названия".into(),
            (UnknownFunnelStage { id }, Lang::En) => format!("unknown stage `{id}` in the funnel"),
            (UnknownFunnelStage { id }, Lang::Ru) => {
                format!("в воронке неизвестная стадия `{id}`")
            }
            (FunnelStageTwice { id }, Lang::En) => format!("stage `{id}` appears twice"),
            (FunnelStageTwice { id }, Lang::Ru) => format!("стадия `{id}` указана дважды"),
            (KindDeclaredTwice { name }, Lang::En) => {
                format!("kind `{name}` is declared twice or is built in")
            }
            (KindDeclaredTwice { name }, Lang::Ru) => {
                format!("вид события `{name}` объявлен дважды или уже встроен")
            }
            (UnknownFilterStage { id }, Lang::En) => format!("unknown stage `{id}`"),
            (UnknownFilterStage { id }, Lang::Ru) => format!("неизвестная стадия `{id}`"),
            (TooManyMetrics { needed, max }, Lang::En) => {
                format!("the rules need {needed} distinct metrics; at most {max}")
            }
            (TooManyMetrics { needed, max }, Lang::Ru) => {
                format!("правилам нужно разных метрик: {needed}, а можно не больше {max}")
            }
            (TooManyCounts { needed, max }, Lang::En) => {
                format!("the rules need {needed} distinct counts; at most {max}")
            }
            (TooManyCounts { needed, max }, Lang::Ru) => {
                format!("правилам нужно разных подсчётов: {needed}, а можно не больше {max}")
            }
            (WindowDaysMissing, Lang::En) => "the number of days is missing".into(),
            (WindowDaysMissing, Lang::Ru) => "не указано число дней".into(),
            (WindowDaysOutOfRange { days }, Lang::En) => format!("{days} days is out of range"),
            (WindowDaysOutOfRange { days }, Lang::Ru) => format!(
                "{days} {} — вне допустимых пределов",
                ru_plural(*days, "день", "дня", "дней")
            ),
            (WindowDaysNotWhole { text }, Lang::En) => {
                format!("`{text}` is not a whole number of days")
            }
            (WindowDaysNotWhole { text }, Lang::Ru) => {
                format!("«{text}» — не целое число дней")
            }
            (InvalidWindowName { name }, Lang::En) => format!("invalid window name {name:?}"),
            (InvalidWindowName { name }, Lang::Ru) => format!("недопустимое имя окна «{name}»"),
            (WindowExists { name }, Lang::En) => {
                format!("the model already has a window `{name}`")
            }
            (WindowExists { name }, Lang::Ru) => format!("в модели уже есть окно `{name}`"),
            (InvalidFieldName { name }, Lang::En) => format!("invalid field name {name:?}"),
            (InvalidFieldName { name }, Lang::Ru) => format!("недопустимое имя поля «{name}»"),
            (FieldAlreadyDeclared { name }, Lang::En) => {
                format!("the field `{name}` is already declared")
            }
            (FieldAlreadyDeclared { name }, Lang::Ru) => format!("поле `{name}` уже объявлено"),
            (FieldDeclaredTwice { name }, Lang::En) => {
                format!("the field `{name}` is declared twice")
            }
            (FieldDeclaredTwice { name }, Lang::Ru) => format!("поле `{name}` объявлено дважды"),
            (BuiltinKindName { name }, Lang::En) => format!("`{name}` is a built-in kind"),
            (BuiltinKindName { name }, Lang::Ru) => {
                format!("`{name}` — встроенный вид события")
            }
            (KindGroupName { name }, Lang::En) => format!("`{name}` is a kind group"),
            (KindGroupName { name }, Lang::Ru) => format!("`{name}` — группа видов событий"),
            (InvalidKindName { name }, Lang::En) => format!("invalid kind name {name:?}"),
            (InvalidKindName { name }, Lang::Ru) => {
                format!("недопустимое имя вида события «{name}»")
            }
            (KindAlreadyDeclared { name }, Lang::En) => {
                format!("the kind `{name}` is already declared")
            }
            (KindAlreadyDeclared { name }, Lang::Ru) => {
                format!("вид события `{name}` уже объявлен")
            }
            (SleepingWindowRename, Lang::En) => {
                "the window `sleeping` cannot be renamed: it also sets the risk list".into()
            }
            (SleepingWindowRename, Lang::Ru) => {
                "окно `sleeping` нельзя переименовать: оно также задаёт список риска".into()
            }
            (RenameInBrokenRule { name }, Lang::En) => {
                format!("`{name}` cannot be renamed while this rule has a syntax error")
            }
            (RenameInBrokenRule { name }, Lang::Ru) => {
                format!("`{name}` нельзя переименовать, пока в этом правиле синтаксическая ошибка")
            }
        }
    }

    /// How to fix it, in `lang` (may be empty).
    pub fn hint(&self, lang: Lang) -> String {
        use ModelProblem::*;
        let (en, ru) = match self {
            Rule(p) => return p.hint(lang),
            InvalidJson { .. } => ("", ""),
            UnsupportedVersion { .. } => (
                "this version of Lifecycle reads version 1",
                "эта версия Lifecycle читает версию 1",
            ),
            NoStages => ("add at least one stage", "добавьте хотя бы одну стадию"),
            TooManyStages => (
                "a model has at most 255 stages",
                "в модели может быть не больше 255 стадий",
            ),
            InvalidStageId { .. } => (
                "use lowercase letters, digits and _",
                "используйте строчные латинские буквы, цифры и _",
            ),
            DuplicateStageId => (
                "stage ids must be unique",
                "id стадий не должны повторяться",
            ),
            InvalidColour { .. } => ("write colours as #rrggbb", "пишите цвет как #rrggbb"),
            MissingLabel => (
                "give the stage an English and a Russian label",
                "дайте стадии название на английском и на русском",
            ),
            UnknownFunnelStage { .. } => (
                "the funnel lists stage ids of this model",
                "в воронке перечисляются id стадий этой модели",
            ),
            FunnelStageTwice { .. } => (
                "each stage is one step of the funnel at most",
                "каждая стадия — не больше одного шага воронки",
            ),
            WindowDaysMissing | WindowDaysOutOfRange { .. } | WindowDaysNotWhole { .. } => (
                "a window is a whole number of days from 1 to 36500",
                "окно — целое число дней от 1 до 36500",
            ),
            InvalidWindowName { .. } | InvalidFieldName { .. } => (
                "start with a letter; use letters, digits and _",
                "начните с буквы; используйте буквы, цифры и _",
            ),
            WindowExists { .. } => (
                "window names must be unique",
                "имена окон не должны повторяться",
            ),
            FieldAlreadyDeclared { .. } | FieldDeclaredTwice { .. } => {
                ("declare each field once", "объявляйте каждое поле один раз")
            }
            BuiltinKindName { .. } => (
                "built-in kinds need no declaration; choose another name",
                "встроенные виды объявлять не нужно; выберите другое имя",
            ),
            KindGroupName { .. } => (
                "activity, wins, interest and any name groups in rules; choose another name",
                "activity, wins, interest и any — имена групп в правилах; выберите другое имя",
            ),
            InvalidKindName { .. } => (
                "a kind name has no surrounding spaces, quotes or backslashes",
                "в имени вида события нет пробелов по краям, кавычек и обратных косых черт",
            ),
            KindAlreadyDeclared { .. } => (
                "declare each custom kind once",
                "объявляйте каждый свой вид события один раз",
            ),
            SleepingWindowRename => (
                "change its days instead, or add a window of the new name",
                "измените его дни или добавьте окно с новым именем",
            ),
            RenameInBrokenRule { .. } => (
                "fix the rule first, then rename",
                "сначала исправьте правило, затем переименуйте",
            ),
            KindDeclaredTwice { .. } => (
                "declare each custom kind once",
                "объявляйте каждый свой вид события один раз",
            ),
            TooManyMetrics { .. } => (
                "reuse the same metrics across rules",
                "используйте в правилах одни и те же метрики",
            ),
            TooManyCounts { .. } => (
                "reuse the same windows and kinds across rules",
                "используйте в правилах одни и те же окна и виды событий",
            ),
            UnknownFilterStage { .. } => (
                "use a stage id of the current model",
                "укажите id стадии текущей модели",
            ),
        };
        lang.pick(en, ru).to_owned()
    }
}

impl Place {
    /// Where, in words: "stage `won`", "стадия `won`".
    pub fn words(&self, lang: Lang) -> String {
        match (self, lang) {
            (Place::Stage(id), Lang::En) => format!("stage `{id}`"),
            (Place::Stage(id), Lang::Ru) => format!("стадия `{id}`"),
            (Place::Model, Lang::Ru) => "модель".into(),
            (Place::Icp, Lang::Ru) => "ICP".into(),
            (Place::Funnel, Lang::Ru) => "воронка".into(),
            (Place::Filter, Lang::Ru) => "фильтр".into(),
            (Place::Window(name), Lang::Ru) => format!("окно `{name}`"),
            (Place::Field(name), Lang::Ru) => format!("поле `{name}`"),
            (Place::Kind(name), Lang::Ru) => format!("вид события `{name}`"),
            (_, Lang::En) => self.to_string(),
        }
    }
}

impl Localized for ModelError {
    fn code(&self) -> &'static str {
        self.problem.code()
    }

    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Ru => {
                let at = self
                    .pos
                    .map(|p| format!(", {}", position(p, lang)))
                    .unwrap_or_default();
                with_hint(
                    format!(
                        "{}{at}: {}",
                        self.place.words(lang),
                        self.problem.message(lang)
                    ),
                    &self.problem.hint(lang),
                    lang,
                )
            }
        }
    }
}

impl Localized for ModelErrors {
    fn code(&self) -> &'static str {
        self.0.first().map_or("model.invalid", ModelError::code)
    }

    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Ru => {
                let n = self.0.len() as u64;
                format!(
                    "{n} {} в модели: {}",
                    ru_plural(n, "ошибка", "ошибки", "ошибок"),
                    self.0
                        .iter()
                        .map(|e| e.message(lang))
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            }
        }
    }
}

impl Localized for ColumnsError {
    fn code(&self) -> &'static str {
        match self {
            ColumnsError::Length { .. } => "columns.length",
            ColumnsError::OutOfRange { .. } => "columns.out_of_range",
            ColumnsError::BadDay { .. } => "columns.bad_day",
            ColumnsError::BadTime { .. } => "columns.bad_time",
            ColumnsError::TooManyKinds => "columns.too_many_kinds",
            ColumnsError::UnknownContact { .. } => "columns.unknown_contact",
        }
    }

    fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            ColumnsError::Length {
                column,
                expected,
                found,
            } => format!(
                "в столбце `{column}` {found} {}, а в столбце контактов {expected}",
                ru_plural(*found as u64, "значение", "значения", "значений")
            ),
            ColumnsError::OutOfRange {
                event,
                column,
                value,
                len,
            } => {
                format!("событие {event}: `{column}` ссылается на запись {value}, а их всего {len}")
            }
            ColumnsError::BadDay { event, day } => {
                format!("событие {event}: номер дня {day} — не дата")
            }
            ColumnsError::BadTime { event, minutes } => {
                format!("событие {event}: время {minutes} — не минута суток (0–1439)")
            }
            ColumnsError::TooManyKinds => "видов событий больше 256".into(),
            ColumnsError::UnknownContact { event, id } => {
                format!("событие {event}: неизвестный id контакта «{id}»")
            }
        }
    }
}

impl Localized for BaseError {
    fn code(&self) -> &'static str {
        match self {
            BaseError::UnknownContact { .. } => "base.unknown_contact",
            BaseError::DuplicateContact { .. } => "base.duplicate_contact",
            BaseError::EmptyContactId { .. } => "base.empty_contact_id",
            BaseError::ScoreOutOfRange { .. } => "base.score_out_of_range",
            BaseError::BadAmount { .. } => "base.bad_amount",
            BaseError::EmptyKind { .. } => "base.empty_kind",
            BaseError::TooManyKinds { .. } => "base.too_many_kinds",
            BaseError::Columns(e) => e.code(),
        }
    }

    fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            BaseError::UnknownContact { row, id } => {
                format!("событие №{row}: неизвестный id контакта «{id}»")
            }
            BaseError::DuplicateContact { row, id } => {
                format!("контакт №{row}: id «{id}» повторяется")
            }
            BaseError::EmptyContactId { row } => format!("контакт №{row}: пустой id контакта"),
            BaseError::ScoreOutOfRange { row, score } => {
                format!("событие №{row}: оценка {score} вне диапазона 0–10")
            }
            BaseError::BadAmount { row, amount } => {
                format!("событие №{row}: сумма {amount} — не конечное число")
            }
            BaseError::EmptyKind { row } => format!("событие №{row}: пустой вид события"),
            BaseError::TooManyKinds { row, kind } => format!(
                "событие №{row}: слишком много разных видов событий (не больше 256), на «{kind}»"
            ),
            BaseError::Columns(e) => format!("столбцы событий: {}", e.message(lang)),
        }
    }
}

impl Localized for EngineError {
    fn code(&self) -> &'static str {
        match self {
            EngineError::Base(e) => e.code(),
            EngineError::Model(e) => e.code(),
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            EngineError::Base(e) => e.message(lang),
            EngineError::Model(e) => e.message(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::english_words;

    /// One of every rule problem.
    fn rule_problems() -> Vec<RuleProblem> {
        use RuleProblem::*;
        let t = || "x_1".to_owned();
        vec![
            BadNumber {
                text: "1.2.3".into(),
            },
            BadDuration {
                text: "30dd".into(),
            },
            BadNumberOrDuration { text: "30x".into() },
            UnterminatedString,
            UnknownEscape,
            UnexpectedEquals,
            UnexpectedOperator { op: '&' },
            UnexpectedCharacter { ch: '$' },
            UnclosedParen { found: Found::End },
            UnclosedList {
                found: Found::Number("3".into()),
            },
            UnclosedArguments {
                found: Found::Duration("30".into()),
            },
            TooDeep { max: 64 },
            ChainedComparison,
            NotAfterValue,
            InNeedsList,
            KeywordNotValue { word: "and".into() },
            ExpectedName {
                found: Found::Symbol("("),
            },
            ExpectedValue {
                found: Found::Text("сто".into()),
            },
            EmptyRule,
            ExtraText {
                found: Found::Name("icp".into()),
            },
            UnknownKind { name: t() },
            NotWholeDays { text: t() },
            ExpectedKind {
                text: t(),
                window_allowed: true,
            },
            ExpectedKind {
                text: t(),
                window_allowed: false,
            },
            NoKinds,
            TakesNoArguments { name: t() },
            UnknownField {
                name: t(),
                known: vec!["industry".into(), "employees".into()],
            },
            UnknownField {
                name: t(),
                known: vec![],
            },
            UnknownWindow {
                name: t(),
                known: vec!["sleeping".into()],
            },
            UnknownWindow {
                name: t(),
                known: vec![],
            },
            UnknownDottedName { name: t() },
            IcpUsesIcp,
            CountScoreArguments,
            NotAScore { text: t() },
            ActiveWindowsArguments,
            NotAWindowCount { text: t() },
            HasTagArguments,
            UnknownMetric { name: t() },
            NumberNotCondition { text: t() },
            TextNotCondition { text: t() },
            ListNotCondition,
            NotANumber { text: t() },
            BoolComparison,
            DaysSinceComparison,
            TextComparison,
            ListExpected,
            NotText { text: t() },
            MixedList,
        ]
    }

    fn model_problems() -> Vec<ModelProblem> {
        use ModelProblem::*;
        vec![
            InvalidJson {
                detail: "expected value at line 1 column 1".into(),
            },
            UnsupportedVersion { version: 7 },
            NoStages,
            TooManyStages,
            InvalidStageId {
                id: "Bad Id".into(),
            },
            DuplicateStageId,
            InvalidColour {
                colour: "red".into(),
            },
            MissingLabel,
            UnknownFunnelStage { id: "x".into() },
            FunnelStageTwice { id: "x".into() },
            KindDeclaredTwice {
                name: "webinar".into(),
            },
            UnknownFilterStage { id: "x".into() },
            TooManyMetrics {
                needed: 70,
                max: 64,
            },
            TooManyCounts {
                needed: 71,
                max: 64,
            },
            WindowDaysMissing,
            WindowDaysOutOfRange { days: 0 },
            WindowDaysNotWhole { text: "9.5".into() },
            InvalidWindowName { name: "30d".into() },
            WindowExists {
                name: "trial".into(),
            },
            InvalidFieldName { name: "2nd".into() },
            FieldAlreadyDeclared { name: "icp".into() },
            FieldDeclaredTwice { name: "icp".into() },
            BuiltinKindName {
                name: "deal_won".into(),
            },
            KindGroupName {
                name: "activity".into(),
            },
            KindAlreadyDeclared {
                name: "webinar".into(),
            },
            InvalidKindName {
                name: " webinar".into(),
            },
            SleepingWindowRename,
            RenameInBrokenRule {
                name: "trial".into(),
            },
        ]
    }

    fn assert_russian(text: &str) {
        assert!(
            text.chars().any(|c| ('а'..='я').contains(&c)),
            "no Russian in {text:?}"
        );
        assert_eq!(english_words(text), Vec::<String>::new(), "in {text:?}");
    }

    #[test]
    fn every_rule_problem_reads_in_russian_with_its_place_and_hint() {
        let problems = rule_problems();
        let codes: std::collections::HashSet<_> = problems.iter().map(RuleProblem::code).collect();
        // Two samples each of ExpectedKind, UnknownField and UnknownWindow.
        assert_eq!(codes.len(), problems.len() - 3);
        for problem in problems {
            let e = RuleError::new(Pos { line: 2, column: 5 }, problem.clone());
            let ru = e.message(Lang::Ru);
            assert!(ru.starts_with("строка 2, символ 5: "), "{ru}");
            assert_russian(&ru);
            assert_ne!(problem.message(Lang::Ru), problem.message(Lang::En));
            if !problem.hint(Lang::En).is_empty() {
                assert!(ru.contains(" (подсказка: "), "{ru}");
                assert_ne!(problem.hint(Lang::Ru), problem.hint(Lang::En));
            }
            assert_eq!(e.message(Lang::En), e.to_string());
            assert!(e.code().starts_with("rule."));
        }
    }

    #[test]
    fn every_model_problem_reads_in_russian_with_its_place() {
        for problem in model_problems()
            .into_iter()
            .chain(rule_problems().into_iter().map(ModelProblem::Rule))
        {
            for place in [
                Place::Stage("won".into()),
                Place::Model,
                Place::Icp,
                Place::Funnel,
                Place::Filter,
                Place::Window("trial".into()),
                Place::Field("employees".into()),
                Place::Kind("webinar".into()),
            ] {
                let e = ModelError::new(
                    place.clone(),
                    Some(Pos { line: 3, column: 1 }),
                    problem.clone(),
                );
                let ru = e.message(Lang::Ru);
                assert!(ru.contains(", строка 3, символ 1: "), "{ru}");
                assert_russian(&ru);
                assert_eq!(e.message(Lang::En), e.to_string());
            }
        }
        let stage = ModelError::new(Place::Stage("won".into()), None, ModelProblem::MissingLabel);
        assert_eq!(
            stage.message(Lang::Ru),
            "стадия `won`: нет названия (подсказка: дайте стадии название на английском и на русском)"
        );
    }

    #[test]
    fn a_rule_typed_wrong_is_explained_in_russian_where_it_is() {
        let e = crate::rule::parse("deals_won >= 2 and\n  (icp").unwrap_err();
        assert_eq!(e.code(), "rule.unclosed_paren");
        assert_eq!(
            e.message(Lang::Ru),
            "строка 2, символ 7: ожидалась `)`, а стоит конец правила (подсказка: у каждой `(` должна быть своя `)`)"
        );
        assert_eq!(
            e.message(Lang::En),
            "2:7: expected `)`, found the end of the rule (hint: every `(` needs a matching `)`)"
        );
        let model = Model {
            stages: vec![crate::model::Stage {
                rule: "revenue >= сто".into(),
                ..Model::default().stages[0].clone()
            }],
            funnel: vec![],
            ..Model::default()
        };
        let errors = model.validate().unwrap_err();
        let ru = errors.message(Lang::Ru);
        assert!(ru.starts_with("1 ошибка в модели: стадия `"), "{ru}");
        assert!(
            ru.contains("строка 1, символ 12: неизвестная метрика `сто`"),
            "{ru}"
        );
        assert_eq!(errors.code(), "rule.unknown_metric");
    }

    /// Every code of this crate is in docs/errors.md, and every code the page
    /// lists under this crate's prefixes is one a variant has.
    #[test]
    fn docs_list_exactly_the_codes() {
        let docs = include_str!("../../../docs/errors.md");
        let mut codes: std::collections::BTreeSet<&str> = rule_problems()
            .iter()
            .map(RuleProblem::code)
            .chain(model_problems().iter().map(ModelProblem::code))
            .collect();
        codes.insert(ModelErrors(vec![]).code());
        let columns = [
            ColumnsError::Length {
                column: "day",
                expected: 1,
                found: 0,
            },
            ColumnsError::OutOfRange {
                event: 0,
                column: "kind",
                value: 0,
                len: 0,
            },
            ColumnsError::BadDay { event: 0, day: 0 },
            ColumnsError::BadTime {
                event: 0,
                minutes: 0,
            },
            ColumnsError::TooManyKinds,
            ColumnsError::UnknownContact {
                event: 0,
                id: String::new(),
            },
        ];
        codes.extend(columns.iter().map(ColumnsError::code));
        let base = [
            BaseError::UnknownContact {
                row: 0,
                id: String::new(),
            },
            BaseError::DuplicateContact {
                row: 0,
                id: String::new(),
            },
            BaseError::EmptyContactId { row: 0 },
            BaseError::ScoreOutOfRange { row: 0, score: 0 },
            BaseError::BadAmount {
                row: 0,
                amount: 0.0,
            },
            BaseError::EmptyKind { row: 0 },
            BaseError::TooManyKinds {
                row: 0,
                kind: String::new(),
            },
        ];
        codes.extend(base.iter().map(BaseError::code));
        let documented =
            crate::words::documented_codes(docs, &["rule.", "model.", "base.", "columns."]);
        assert_eq!(documented, codes);
    }

    #[test]
    fn model_error_counts_take_the_russian_plural() {
        let one = ModelError::new(Place::Model, None, ModelProblem::NoStages);
        let count = |n| ModelErrors(vec![one.clone(); n]).message(Lang::Ru);
        assert!(count(1).starts_with("1 ошибка в модели"));
        assert!(count(3).starts_with("3 ошибки в модели"));
        assert!(count(5).starts_with("5 ошибок в модели"));
        assert!(count(21).starts_with("21 ошибка в модели"));
    }

    #[test]
    fn base_and_column_errors_name_the_row_in_russian() {
        let columns = [
            ColumnsError::Length {
                column: "day",
                expected: 3,
                found: 2,
            },
            ColumnsError::OutOfRange {
                event: 4,
                column: "kind",
                value: 9,
                len: 3,
            },
            ColumnsError::BadDay {
                event: 4,
                day: i32::MAX,
            },
            ColumnsError::BadTime {
                event: 4,
                minutes: 2000,
            },
            ColumnsError::TooManyKinds,
            ColumnsError::UnknownContact {
                event: 4,
                id: "c9".into(),
            },
        ];
        let base = [
            BaseError::UnknownContact {
                row: 4,
                id: "c9".into(),
            },
            BaseError::DuplicateContact {
                row: 4,
                id: "c1".into(),
            },
            BaseError::EmptyContactId { row: 4 },
            BaseError::ScoreOutOfRange { row: 4, score: 11 },
            BaseError::BadAmount {
                row: 4,
                amount: f64::NAN,
            },
            BaseError::EmptyKind { row: 4 },
            BaseError::TooManyKinds {
                row: 4,
                kind: "k".into(),
            },
        ];
        for e in columns.iter().cloned().map(BaseError::Columns).chain(base) {
            let ru = e.message(Lang::Ru);
            assert_russian(&ru);
            if !matches!(
                e,
                BaseError::Columns(ColumnsError::TooManyKinds | ColumnsError::Length { .. })
            ) {
                assert!(ru.contains('4'), "{ru}");
            }
            let engine = EngineError::Base(e.clone());
            assert_eq!(engine.message(Lang::Ru), ru);
            assert_eq!(engine.code(), e.code());
            assert_eq!(e.message(Lang::En), e.to_string());
        }
        assert_eq!(
            BaseError::DuplicateContact {
                row: 4,
                id: "c1".into()
            }
            .message(Lang::Ru),
            "контакт №4: id «c1» повторяется"
        );
    }
}
