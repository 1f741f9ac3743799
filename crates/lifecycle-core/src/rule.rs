//! The rule language: tokens, syntax tree and parser. See `docs/rules.md`.
//!
//! ```text
//! rule    := or
//! or      := and ("or" and)*
//! and     := not ("and" not)*
//! not     := "not" not | compare
//! compare := value (("==" | "!=" | "<" | "<=" | ">" | ">=") value
//!                  | "not"? "in" list)?
//! value   := number | duration | string | "true" | "false" | list
//!          | "(" rule ")" | name ("." name)? ("(" args ")")?
//! ```

use std::fmt;

use serde::Serialize;
use thiserror::Error;

use crate::errors::{Found, RuleProblem};

/// A place in the rule text: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
pub struct Pos {
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub column: u32,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A problem in a rule, with its place and a hint on how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize)]
#[error("{pos}: {message}{}", hint_suffix(.hint))]
pub struct RuleError {
    /// Where the problem is.
    pub pos: Pos,
    /// What is wrong.
    pub message: String,
    /// How to fix it (may be empty).
    pub hint: String,
    /// The problem as data: its code and what it names, for words in any
    /// language (`Localized::message`); `message` and `hint` are its English.
    #[serde(skip)]
    pub problem: RuleProblem,
}

fn hint_suffix(hint: &str) -> String {
    if hint.is_empty() {
        String::new()
    } else {
        format!(" (hint: {hint})")
    }
}

impl RuleError {
    pub(crate) fn new(pos: Pos, problem: RuleProblem) -> Self {
        RuleError {
            pos,
            message: problem.message(crate::Lang::En),
            hint: problem.hint(crate::Lang::En),
            problem,
        }
    }
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// The operator with its operands swapped: `a < b` is `b > a`.
    pub fn flip(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            op => op,
        }
    }

    /// The operator that holds exactly when this one does not, if
    /// `negate`: `>=` becomes `<`, `==` becomes `!=`.
    pub fn negate_if(self, negate: bool) -> CmpOp {
        if !negate {
            return self;
        }
        match self {
            CmpOp::Eq => CmpOp::Ne,
            CmpOp::Ne => CmpOp::Eq,
            CmpOp::Lt => CmpOp::Ge,
            CmpOp::Le => CmpOp::Gt,
            CmpOp::Gt => CmpOp::Le,
            CmpOp::Ge => CmpOp::Lt,
        }
    }

    /// Whether `a op b` holds.
    pub fn holds<T: PartialOrd>(self, a: T, b: T) -> bool {
        match self {
            CmpOp::Eq => a == b,
            CmpOp::Ne => a != b,
            CmpOp::Lt => a < b,
            CmpOp::Le => a <= b,
            CmpOp::Gt => a > b,
            CmpOp::Ge => a >= b,
        }
    }
}

/// A syntax tree node with its place and source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the node starts.
    pub pos: Pos,
    /// The source text of this node, for explanations.
    pub text: String,
    /// What the node is.
    pub expr: Expr,
}

/// Syntax tree of a rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A number.
    Number(f64),
    /// A duration, already in days.
    Duration(f64),
    /// A string literal.
    Str(String),
    /// `true` or `false`.
    Bool(bool),
    /// `[a, b, ...]`.
    List(Vec<Node>),
    /// `name` or `name.sub` (for example `field.industry`), optionally called.
    Name {
        /// The dotted parts.
        path: Vec<String>,
        /// Call arguments, if called.
        args: Option<Vec<Node>>,
    },
    /// `not x`.
    Not(Box<Node>),
    /// `a and b and ...`.
    And(Vec<Node>),
    /// `a or b or ...`.
    Or(Vec<Node>),
    /// `a op b`.
    Cmp(CmpOp, Box<Node>, Box<Node>),
    /// `value in list` or `value not in list`.
    In {
        /// The value tested.
        value: Box<Node>,
        /// The list.
        list: Box<Node>,
        /// `not in`.
        negated: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Dur(f64),
    Str(String),
    Ident(String),
    Op(CmpOp),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Dot,
    End,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    pos: Pos,
    start: usize,
    end: usize,
}

fn found(tok: &Tok) -> Found {
    match tok {
        Tok::Num(n) => Found::Number(n.to_string()),
        Tok::Dur(d) => Found::Duration(d.to_string()),
        Tok::Str(s) => Found::Text(s.clone()),
        Tok::Ident(s) => Found::Name(s.clone()),
        Tok::Op(op) => Found::Symbol(op.as_str()),
        Tok::LParen => Found::Symbol("("),
        Tok::RParen => Found::Symbol(")"),
        Tok::LBracket => Found::Symbol("["),
        Tok::RBracket => Found::Symbol("]"),
        Tok::Comma => Found::Symbol(","),
        Tok::Dot => Found::Symbol("."),
        Tok::End => Found::End,
    }
}

fn lex(src: &str) -> Result<Vec<Token>, RuleError> {
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let mut tokens = Vec::new();
    let (mut line, mut col) = (1u32, 1u32);
    let mut i = 0;
    let byte_at = |i: usize| chars.get(i).map_or(src.len(), |&(b, _)| b);
    while i < chars.len() {
        let c = chars[i].1;
        let pos = Pos { line, column: col };
        let start = i;
        let advance = |i: &mut usize, col: &mut u32| {
            *i += 1;
            *col += 1;
        };
        if c == '\n' {
            line += 1;
            col = 1;
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            advance(&mut i, &mut col);
            continue;
        }
        if c == '#' {
            while i < chars.len() && chars[i].1 != '\n' {
                advance(&mut i, &mut col);
            }
            continue;
        }
        let tok = if c.is_ascii_digit() {
            while i < chars.len() && (chars[i].1.is_ascii_digit() || chars[i].1 == '.') {
                advance(&mut i, &mut col);
            }
            let text = &src[byte_at(start)..byte_at(i)];
            let n: f64 = text.parse().map_err(|_| {
                RuleError::new(
                    pos,
                    RuleProblem::BadNumber {
                        text: text.to_owned(),
                    },
                )
            })?;
            match chars.get(i).map(|&(_, c)| c) {
                Some(unit @ ('d' | 'w' | 'm' | 'y')) => {
                    let next = chars.get(i + 1).map(|&(_, c)| c);
                    if next.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        let end = (i..chars.len())
                            .find(|&j| !(chars[j].1.is_alphanumeric() || chars[j].1 == '_'))
                            .unwrap_or(chars.len());
                        return Err(RuleError::new(
                            pos,
                            RuleProblem::BadDuration {
                                text: src[byte_at(start)..byte_at(end)].to_owned(),
                            },
                        ));
                    }
                    advance(&mut i, &mut col);
                    let days = match unit {
                        'd' => 1.0,
                        'w' => 7.0,
                        'm' => 30.0,
                        _ => 365.0,
                    };
                    Tok::Dur(n * days)
                }
                Some(c) if c.is_alphabetic() || c == '_' => {
                    return Err(RuleError::new(
                        pos,
                        RuleProblem::BadNumberOrDuration {
                            text: format!("{text}{c}"),
                        },
                    ));
                }
                _ => Tok::Num(n),
            }
        } else if c.is_alphabetic() || c == '_' {
            while i < chars.len() && (chars[i].1.is_alphanumeric() || chars[i].1 == '_') {
                advance(&mut i, &mut col);
            }
            Tok::Ident(src[byte_at(start)..byte_at(i)].to_owned())
        } else if c == '"' {
            advance(&mut i, &mut col);
            let mut s = String::new();
            loop {
                match chars.get(i).map(|&(_, c)| c) {
                    None | Some('\n') => {
                        return Err(RuleError::new(pos, RuleProblem::UnterminatedString));
                    }
                    Some('"') => {
                        advance(&mut i, &mut col);
                        break;
                    }
                    Some('\\') => {
                        advance(&mut i, &mut col);
                        match chars.get(i).map(|&(_, c)| c) {
                            Some(e @ ('"' | '\\')) => s.push(e),
                            _ => {
                                return Err(RuleError::new(
                                    Pos { line, column: col },
                                    RuleProblem::UnknownEscape,
                                ));
                            }
                        }
                        advance(&mut i, &mut col);
                    }
                    Some(c) => {
                        s.push(c);
                        advance(&mut i, &mut col);
                    }
                }
            }
            Tok::Str(s)
        } else {
            let next = chars.get(i + 1).map(|&(_, c)| c);
            let (tok, width) = match (c, next) {
                ('=', Some('=')) => (Tok::Op(CmpOp::Eq), 2),
                ('!', Some('=')) => (Tok::Op(CmpOp::Ne), 2),
                ('<', Some('=')) => (Tok::Op(CmpOp::Le), 2),
                ('>', Some('=')) => (Tok::Op(CmpOp::Ge), 2),
                ('<', _) => (Tok::Op(CmpOp::Lt), 1),
                ('>', _) => (Tok::Op(CmpOp::Gt), 1),
                ('(', _) => (Tok::LParen, 1),
                (')', _) => (Tok::RParen, 1),
                ('[', _) => (Tok::LBracket, 1),
                (']', _) => (Tok::RBracket, 1),
                (',', _) => (Tok::Comma, 1),
                ('.', _) => (Tok::Dot, 1),
                ('=', _) => {
                    return Err(RuleError::new(pos, RuleProblem::UnexpectedEquals));
                }
                ('&', _) | ('|', _) | ('!', _) => {
                    return Err(RuleError::new(
                        pos,
                        RuleProblem::UnexpectedOperator { op: c },
                    ));
                }
                _ => {
                    return Err(RuleError::new(
                        pos,
                        RuleProblem::UnexpectedCharacter { ch: c },
                    ));
                }
            };
            for _ in 0..width {
                advance(&mut i, &mut col);
            }
            tok
        };
        tokens.push(Token {
            tok,
            pos,
            start: byte_at(start),
            end: byte_at(i),
        });
    }
    tokens.push(Token {
        tok: Tok::End,
        pos: Pos { line, column: col },
        start: src.len(),
        end: src.len(),
    });
    Ok(tokens)
}

struct Parser<'a> {
    src: &'a str,
    tokens: Vec<Token>,
    at: usize,
    /// Nesting of `not`, brackets and calls: each level is a recursive call.
    depth: u32,
}

/// Deeper rules are refused: every level is a stack frame, and a wasm stack
/// overflows at about 1,000 levels (the fuzzer's deep-parens input).
pub const MAX_DEPTH: u32 = 64;

const KEYWORDS: [&str; 6] = ["and", "or", "not", "in", "true", "false"];

impl Parser<'_> {
    fn peek(&self) -> &Token {
        &self.tokens[self.at.min(self.tokens.len() - 1)]
    }

    fn next(&mut self) -> Token {
        let t = self.peek().clone();
        if self.at < self.tokens.len() - 1 {
            self.at += 1;
        }
        t
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(&self.peek().tok, Tok::Ident(s) if s == word)
    }

    fn node(&self, start: &Token, expr: Expr) -> Node {
        let end = self.tokens[self.at.saturating_sub(1)].end.max(start.start);
        Node {
            pos: start.pos,
            text: self.src[start.start..end].to_owned(),
            expr,
        }
    }

    fn expect(&mut self, want: Tok, problem: fn(Found) -> RuleProblem) -> Result<Token, RuleError> {
        let t = self.peek().clone();
        if t.tok == want {
            Ok(self.next())
        } else {
            Err(RuleError::new(t.pos, problem(found(&t.tok))))
        }
    }

    fn or(&mut self) -> Result<Node, RuleError> {
        let start = self.peek().clone();
        let mut items = vec![self.and()?];
        while self.is_word("or") {
            self.next();
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items
                .pop()
                .unwrap_or_else(|| self.node(&start, Expr::Bool(false)))
        } else {
            self.node(&start, Expr::Or(items))
        })
    }

    fn and(&mut self) -> Result<Node, RuleError> {
        let start = self.peek().clone();
        let mut items = vec![self.not()?];
        while self.is_word("and") {
            self.next();
            items.push(self.not()?);
        }
        Ok(if items.len() == 1 {
            items
                .pop()
                .unwrap_or_else(|| self.node(&start, Expr::Bool(false)))
        } else {
            self.node(&start, Expr::And(items))
        })
    }

    fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, RuleError>,
    ) -> Result<T, RuleError> {
        if self.depth >= MAX_DEPTH {
            return Err(RuleError::new(
                self.peek().pos,
                RuleProblem::TooDeep { max: MAX_DEPTH },
            ));
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    fn not(&mut self) -> Result<Node, RuleError> {
        let start = self.peek().clone();
        if self.is_word("not") {
            self.next();
            let inner = self.nested(Self::not)?;
            return Ok(self.node(&start, Expr::Not(Box::new(inner))));
        }
        self.compare()
    }

    fn compare(&mut self) -> Result<Node, RuleError> {
        let start = self.peek().clone();
        let left = self.value()?;
        if let Tok::Op(op) = self.peek().tok {
            self.next();
            let right = self.value()?;
            if let Tok::Op(_) = self.peek().tok {
                return Err(RuleError::new(
                    self.peek().pos,
                    RuleProblem::ChainedComparison,
                ));
            }
            return Ok(self.node(&start, Expr::Cmp(op, Box::new(left), Box::new(right))));
        }
        let negated = if self.is_word("not") {
            let after = self.tokens.get(self.at + 1).map(|t| &t.tok);
            if matches!(after, Some(Tok::Ident(s)) if s == "in") {
                self.next();
                true
            } else {
                return Err(RuleError::new(self.peek().pos, RuleProblem::NotAfterValue));
            }
        } else {
            false
        };
        if self.is_word("in") {
            self.next();
            let list = self.value()?;
            if !matches!(list.expr, Expr::List(_)) {
                return Err(RuleError::new(list.pos, RuleProblem::InNeedsList));
            }
            return Ok(self.node(
                &start,
                Expr::In {
                    value: Box::new(left),
                    list: Box::new(list),
                    negated,
                },
            ));
        }
        Ok(left)
    }

    fn value(&mut self) -> Result<Node, RuleError> {
        self.nested(Self::value_inner)
    }

    fn value_inner(&mut self) -> Result<Node, RuleError> {
        let t = self.next();
        let expr = match t.tok {
            Tok::Num(n) => Expr::Number(n),
            Tok::Dur(d) => Expr::Duration(d),
            Tok::Str(ref s) => Expr::Str(s.clone()),
            Tok::LParen => {
                let inner = self.or()?;
                self.expect(Tok::RParen, |found| RuleProblem::UnclosedParen { found })?;
                // Keep the parentheses out of the node's text but the inner
                // node's meaning.
                return Ok(Node {
                    pos: t.pos,
                    text: self.src[t.start..self.tokens[self.at - 1].end].to_owned(),
                    expr: inner.expr,
                });
            }
            Tok::LBracket => {
                let mut items = Vec::new();
                if self.peek().tok != Tok::RBracket {
                    loop {
                        items.push(self.value()?);
                        if self.peek().tok == Tok::Comma {
                            self.next();
                        } else {
                            break;
                        }
                    }
                }
                self.expect(Tok::RBracket, |found| RuleProblem::UnclosedList { found })?;
                Expr::List(items)
            }
            Tok::Ident(ref s) if s == "true" => Expr::Bool(true),
            Tok::Ident(ref s) if s == "false" => Expr::Bool(false),
            Tok::Ident(ref s) if KEYWORDS.contains(&s.as_str()) => {
                return Err(RuleError::new(
                    t.pos,
                    RuleProblem::KeywordNotValue { word: s.clone() },
                ));
            }
            Tok::Ident(ref s) => {
                let mut path = vec![s.clone()];
                while self.peek().tok == Tok::Dot {
                    self.next();
                    let name = self.next();
                    match name.tok {
                        Tok::Ident(n) => path.push(n),
                        other => {
                            return Err(RuleError::new(
                                name.pos,
                                RuleProblem::ExpectedName {
                                    found: found(&other),
                                },
                            ));
                        }
                    }
                }
                let args = if self.peek().tok == Tok::LParen {
                    self.next();
                    let mut args = Vec::new();
                    if self.peek().tok != Tok::RParen {
                        loop {
                            args.push(self.or()?);
                            if self.peek().tok == Tok::Comma {
                                self.next();
                            } else {
                                break;
                            }
                        }
                    }
                    self.expect(Tok::RParen, |found| RuleProblem::UnclosedArguments {
                        found,
                    })?;
                    Some(args)
                } else {
                    None
                };
                Expr::Name { path, args }
            }
            other => {
                return Err(RuleError::new(
                    t.pos,
                    RuleProblem::ExpectedValue {
                        found: found(&other),
                    },
                ));
            }
        };
        Ok(self.node(&t, expr))
    }
}

/// The characters (as a range of character indices into `src`) an error at
/// `pos` points to, for highlighting it in an editor: the whole token that
/// starts there (a name, a number, a string, an operator), else the single
/// character there. Empty at the end of the rule (an error such as "expected
/// a value" after the last token); clamped to `src`.
pub fn error_span(src: &str, pos: Pos) -> std::ops::Range<usize> {
    let len = src.chars().count();
    if let Ok(tokens) = lex(src)
        && let Some(t) = tokens.iter().find(|t| t.pos == pos && t.tok != Tok::End)
    {
        let chars = |bytes: usize| src[..bytes].chars().count();
        return chars(t.start)..chars(t.end);
    }
    // Lexing failed (or no token starts there): find the character by line
    // and column, and take the word it starts, or that one character.
    let (mut line, mut column) = (1u32, 1u32);
    let mut at = None;
    let chars: Vec<char> = src.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if line == pos.line && column == pos.column {
            at = Some(i);
            break;
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    let Some(start) = at else {
        return len..len;
    };
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    let end = if word(chars[start]) {
        (start..len).find(|&j| !word(chars[j])).unwrap_or(len)
    } else if chars[start] == '\n' {
        start
    } else {
        start + 1
    };
    start..end
}

/// Parses a rule into its syntax tree.
pub fn parse(src: &str) -> Result<Node, RuleError> {
    let tokens = lex(src)?;
    let mut parser = Parser {
        src,
        tokens,
        at: 0,
        depth: 0,
    };
    if parser.peek().tok == Tok::End {
        return Err(RuleError::new(parser.peek().pos, RuleProblem::EmptyRule));
    }
    let node = parser.or()?;
    let rest = parser.peek().clone();
    if rest.tok != Tok::End {
        return Err(RuleError::new(
            rest.pos,
            RuleProblem::ExtraText {
                found: found(&rest.tok),
            },
        ));
    }
    Ok(node)
}
