//! Cell values as CRMs write them: dates, numbers, e-mails, phones, yes/no.
//!
//! Every parser trims the cell first; a cell that is empty after trimming is blank and
//! parses to `Ok(None)`. A value that is there but cannot be read is an error with a
//! message a person can act on.

use chrono::{Days, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A cell that could not be read as the type its column holds.
// The variants are documented by their messages.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ValueError {
    #[error(
        "«{value}» is not a date; write it as 2025-12-31, 31.12.2025, 12/31/2025 or \
         2025-12-31 14:05"
    )]
    Date { value: String },
    #[error("«{value}» is not a number; write it as 1234.56, 1 234,56 or 1,234.56")]
    Number { value: String },
    #[error("«{value}» is not an e-mail address (name@example.com)")]
    Email { value: String },
    #[error("«{value}» is not a phone number: it needs 7 to 15 digits")]
    Phone { value: String },
    #[error("«{value}» is not yes or no; write true/false, yes/no, да/нет or 1/0")]
    Bool { value: String },
    #[error("«{value}» is not a whole number from {min} to {max}")]
    Score { value: String, min: u8, max: u8 },
}

/// The order of day and month in dates written with slashes (`03/04/2025`). Dates
/// with dots (`31.12.2025`) are always day first; ISO dates are never ambiguous.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DateOrder {
    /// 31/12/2025.
    DayFirst,
    /// 12/31/2025.
    MonthFirst,
}

impl<'de> Deserialize<'de> for DateOrder {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lifecycle_core::unit_enum::deserialize(
            d,
            "DateOrder",
            &["day_first", "month_first"],
            &[DateOrder::DayFirst, DateOrder::MonthFirst],
        )
    }
}

/// What a whole column says about its day/month order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DateOrderGuess {
    /// The order to read the column with.
    pub order: DateOrder,
    /// No date in the column decides the order (every one has day and month <= 12):
    /// the user should confirm the guess.
    pub needs_confirmation: bool,
    /// Some dates are only valid day first and others only month first: the column
    /// mixes formats. Each date that can be read only one way is read that way; the
    /// ambiguous ones follow `order`, and the user should check them.
    pub conflicting: bool,
}

/// Decides the day/month order of a column from all its values: a first number above
/// 12 proves day first, a second number above 12 proves month first. Without proof
/// the guess is month first (slashes are the US way; Russian exports use dots) and
/// needs confirmation.
pub fn infer_date_order<'a>(values: impl IntoIterator<Item = &'a str>) -> DateOrderGuess {
    let (mut day_first, mut month_first, mut ambiguous) = (0usize, 0usize, 0usize);
    for v in values {
        if let Some((a, b, _)) = slash_parts(v.trim()) {
            match (a > 12, b > 12) {
                (true, false) => day_first += 1,
                (false, true) => month_first += 1,
                _ => ambiguous += 1,
            }
        }
    }
    let order = if day_first > month_first {
        DateOrder::DayFirst
    } else {
        DateOrder::MonthFirst
    };
    DateOrderGuess {
        order,
        needs_confirmation: ambiguous > 0 && day_first == 0 && month_first == 0,
        conflicting: day_first > 0 && month_first > 0,
    }
}

/// `a/b/yyyy` (or with `-`), optionally followed by a time.
fn slash_parts(s: &str) -> Option<(u32, u32, &str)> {
    let date = s.split([' ', 'T']).next()?;
    let sep = if date.contains('/') { '/' } else { return None };
    let mut it = date.split(sep);
    let a = it.next()?.parse().ok()?;
    let b = it.next()?.parse().ok()?;
    let y = it.next()?;
    if it.next().is_some()
        || !(y.len() == 4 || y.len() == 2)
        || !y.bytes().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some((a, b, y))
}

/// The first day Excel's serial numbers count from (serial 1 = 1900-01-01, with
/// Excel's phantom 1900-02-29 accounted for by starting at 1899-12-30).
fn excel_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or(NaiveDate::MIN)
}

/// Excel serial numbers accepted as dates: 1954-10-03 to 2119-01-08. Smaller plain
/// numbers are more likely years or counts than dates.
const EXCEL_SERIALS: std::ops::RangeInclusive<u32> = 20_000..=80_000;

/// Parses a date, with an optional time of day.
///
/// Accepts `2025-12-31`, `2025-12-31 14:05`, `2025-12-31T14:05:00Z` (the offset is
/// ignored: the day is the one written), `2025/12/31`, `31.12.2025`, `31.12.25`,
/// `31.12.2025 14:05`, `12/31/2025` or `31/12/2025` as `order` says (with a 24-hour
/// or AM/PM time), month names in English or Russian (`Dec 31, 2025`,
/// `31 декабря 2025 г.`), and Excel serial numbers such as `46022` or `46022.5`.
pub fn parse_date(
    value: &str,
    order: DateOrder,
) -> Result<Option<(NaiveDate, Option<NaiveTime>)>, ValueError> {
    let s = value.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let err = || ValueError::Date {
        value: s.to_owned(),
    };
    if let Some(r) = excel_serial(s) {
        return Ok(Some(r));
    }
    if let Some(r) = month_name_date(s) {
        return r.map(Some).ok_or_else(err);
    }
    let (date_part, time_part) = match s.find([' ', 'T']) {
        Some(i) => (&s[..i], Some(s[i + 1..].trim())),
        None => (s, None),
    };
    let time = match time_part {
        None | Some("") => None,
        Some(t) => Some(parse_time(t).ok_or_else(err)?),
    };
    let nums: Vec<&str> = date_part.split(['-', '.', '/']).collect();
    if nums.len() != 3
        || nums
            .iter()
            .any(|n| n.is_empty() || !n.bytes().all(|c| c.is_ascii_digit()) || n.len() > 4)
    {
        return Err(err());
    }
    let n = |i: usize| nums[i].parse::<u32>().map_err(|_| err());
    let year = |i: usize| -> Result<i32, ValueError> {
        let y = n(i)? as i32;
        match nums[i].len() {
            4 => Ok(y),
            2 => Ok(2000 + y),
            _ => Err(err()),
        }
    };
    let (y, m, d) = if nums[0].len() == 4 {
        (year(0)?, n(1)?, n(2)?)
    } else if date_part.contains('.') {
        (year(2)?, n(1)?, n(0)?)
    } else {
        let (a, b) = (n(0)?, n(1)?);
        match order {
            _ if a > 12 => (year(2)?, b, a),
            _ if b > 12 => (year(2)?, a, b),
            DateOrder::DayFirst => (year(2)?, b, a),
            DateOrder::MonthFirst => (year(2)?, a, b),
        }
    };
    let date = NaiveDate::from_ymd_opt(y, m, d).ok_or_else(err)?;
    Ok(Some((date, time)))
}

/// Month names in English, and in Russian in the nominative and genitive, January
/// first. A word names a month when it is one of them or its beginning (at least
/// three letters: `Dec`, `сент.`).
const MONTHS: [[&str; 3]; 12] = [
    ["january", "январь", "января"],
    ["february", "февраль", "февраля"],
    ["march", "март", "марта"],
    ["april", "апрель", "апреля"],
    ["may", "май", "мая"],
    ["june", "июнь", "июня"],
    ["july", "июль", "июля"],
    ["august", "август", "августа"],
    ["september", "сентябрь", "сентября"],
    ["october", "октябрь", "октября"],
    ["november", "ноябрь", "ноября"],
    ["december", "декабрь", "декабря"],
];

fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.chars().count() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|names| names.iter().any(|n| n.starts_with(&w)))
        .map(|i| i as u32 + 1)
}

/// `Dec 31, 2025`, `31 December 2025`, `31 декабря 2025 г.`, with an optional time:
/// `None` when no word names a month, `Some(None)` when one does but the rest does not
/// make a date.
fn month_name_date(s: &str) -> Option<Option<(NaiveDate, Option<NaiveTime>)>> {
    let words: Vec<&str> = s.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let (mi, month) = words.iter().enumerate().find_map(|(i, w)| {
        w.chars()
            .all(|c| c.is_alphabetic() || c == '.')
            .then(|| month_of(w))
            .flatten()
            .map(|m| (i, m))
    })?;
    let mut day = None;
    let mut year = None;
    let mut time = None;
    let mut rest = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if i == mi {
            continue;
        }
        let digits = w.trim_end_matches('.');
        if w.contains(':') {
            let mut t = (*w).to_owned();
            if let Some(next) = words
                .get(i + 1)
                .filter(|n| matches!(n.to_lowercase().as_str(), "am" | "pm" | "a.m." | "p.m."))
            {
                t = format!("{t} {next}");
            }
            time = Some(parse_time(&t)?);
        } else if digits.len() == 4 && digits.bytes().all(|c| c.is_ascii_digit()) {
            year = digits.parse::<i32>().ok();
        } else if (1..=2).contains(&digits.len()) && digits.bytes().all(|c| c.is_ascii_digit()) {
            day = digits.parse::<u32>().ok();
        } else {
            rest.push(w.to_lowercase());
        }
    }
    // Only "г." (year) and am/pm may be left over.
    let known = |w: &String| {
        matches!(
            w.as_str(),
            "г." | "г" | "года" | "am" | "pm" | "a.m." | "p.m."
        )
    };
    if !rest.iter().all(known) {
        return Some(None);
    }
    let date = NaiveDate::from_ymd_opt(year?, month, day?);
    Some(date.map(|d| (d, time)))
}

fn excel_serial(s: &str) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let (whole, frac) = match s.split_once(['.', ',']) {
        Some((w, f)) => (w, Some(f)),
        None => (s, None),
    };
    if whole.is_empty() || !whole.bytes().all(|c| c.is_ascii_digit()) || whole.len() > 5 {
        return None;
    }
    let days: u32 = whole.parse().ok()?;
    if !EXCEL_SERIALS.contains(&days) {
        return None;
    }
    let date = excel_epoch().checked_add_days(Days::new(u64::from(days)))?;
    let time = match frac {
        None => None,
        Some(f) if f.is_empty() || f.len() > 12 || !f.bytes().all(|c| c.is_ascii_digit()) => {
            return None;
        }
        Some(f) => {
            // Integer arithmetic: the fraction of a day, rounded to the second.
            let num: u64 = f.parse().ok()?;
            let den = 10u64.pow(f.len() as u32);
            let secs = ((u128::from(num) * 86_400 + u128::from(den) / 2) / u128::from(den)) as u32;
            NaiveTime::from_num_seconds_from_midnight_opt(secs.min(86_399), 0)
        }
    };
    Some((date, time))
}

/// `14:05`, `14:05:09`, `14:05:09.123`, with an optional trailing `Z` or offset;
/// `2:05 PM` and `12:30 am` as US exports write them.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    let lower = s.to_ascii_lowercase();
    let (s, half) = match lower
        .strip_suffix("am")
        .or_else(|| lower.strip_suffix("a.m."))
    {
        Some(rest) => (&s[..rest.trim_end().len()], Some(false)),
        None => match lower
            .strip_suffix("pm")
            .or_else(|| lower.strip_suffix("p.m."))
        {
            Some(rest) => (&s[..rest.trim_end().len()], Some(true)),
            None => (s, None),
        },
    };
    let t = clock_time(s)?;
    match half {
        None => Some(t),
        Some(pm) => {
            use chrono::Timelike;
            let h = match (t.hour(), pm) {
                (0 | 13.., _) => return None,
                (12, false) => 0,
                (12, true) => 12,
                (h, false) => h,
                (h, true) => h + 12,
            };
            NaiveTime::from_hms_opt(h, t.minute(), t.second())
        }
    }
}

fn clock_time(s: &str) -> Option<NaiveTime> {
    let s = s.trim_end_matches('Z');
    // Drop an offset such as +03:00 or -0500.
    let s = match s.rfind(['+', '-']) {
        Some(i) if i > 0 => &s[..i],
        _ => s,
    };
    let s = s.split('.').next()?;
    let parts: Vec<&str> = s.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 2 || !p.bytes().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let h = parts[0].parse().ok()?;
    let m = parts[1].parse().ok()?;
    let sec = parts.get(2).map_or(Some(0), |p| p.parse().ok())?;
    NaiveTime::from_hms_opt(h, m, sec)
}

/// Currency marks that may stand before or after an amount.
const CURRENCIES: [&str; 12] = [
    "руб.", "руб", "р.", "₽", "rub", "usd", "eur", "$", "€", "£", "₸", "грн",
];

/// Parses a number written the way people write them: `1234.56`, `1 234,56` (plain,
/// no-break or narrow no-break spaces), `1,234.56`, `1.234,56`, `-5`, `(5)` for a
/// negative amount, with a currency sign or word before or after (₽, $, €, руб.).
///
/// A single comma followed by exactly three digits (`1,234`) is a thousands separator;
/// any other single comma is the decimal mark.
pub fn parse_number(value: &str) -> Result<Option<f64>, ValueError> {
    let s = value.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let err = || ValueError::Number {
        value: s.to_owned(),
    };
    let mut t: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{A0}' | '\u{202F}' | '\u{2009}' | '\''))
        .collect::<String>()
        .to_lowercase()
        .replace('−', "-");
    let mut negative = false;
    if t.starts_with('(') && t.ends_with(')') && t.len() > 2 {
        negative = true;
        t = t[1..t.len() - 1].to_owned();
    }
    for _ in 0..2 {
        for c in CURRENCIES {
            if let Some(rest) = t.strip_suffix(c) {
                t = rest.to_owned();
            }
            if let Some(rest) = t.strip_prefix(c) {
                t = rest.to_owned();
            }
            if let Some(rest) = t.strip_prefix('-').and_then(|r| r.strip_prefix(c)) {
                t = format!("-{rest}");
            }
        }
    }
    if let Some(rest) = t.strip_prefix('+') {
        t = rest.to_owned();
    }
    if let Some(rest) = t.strip_prefix('-') {
        negative = !negative;
        t = rest.to_owned();
    }
    if t.is_empty()
        || !t
            .bytes()
            .all(|c| c.is_ascii_digit() || c == b'.' || c == b',')
    {
        return Err(err());
    }
    let commas = t.matches(',').count();
    let dots = t.matches('.').count();
    let plain = match (commas, dots) {
        (0, 0) | (0, 1) => t,
        (0, _) => t.replace('.', ""),
        (1, 0) => {
            let after = t.len() - t.find(',').unwrap_or(0) - 1;
            let before = t.find(',').unwrap_or(0);
            if after == 3 && before > 0 && before <= 3 && !t.starts_with('0') {
                t.replace(',', "")
            } else {
                t.replace(',', ".")
            }
        }
        (_, 0) => t.replace(',', ""),
        _ => {
            // Both: the last one is the decimal mark, and it appears once.
            let last_comma = t.rfind(',').unwrap_or(0);
            let last_dot = t.rfind('.').unwrap_or(0);
            if last_comma > last_dot && commas == 1 {
                t.replace('.', "").replace(',', ".")
            } else if last_dot > last_comma && dots == 1 {
                t.replace(',', "")
            } else {
                return Err(err());
            }
        }
    };
    if plain.starts_with('.') || plain.ends_with('.') {
        return Err(err());
    }
    let n: f64 = plain.parse().map_err(|_| err())?;
    if !n.is_finite() {
        return Err(err());
    }
    Ok(Some(if negative { -n } else { n }))
}

/// Normalizes an e-mail address: trimmed, lower-case, without `mailto:`; of several
/// addresses in one cell (`a@x.ru, b@y.ru`) the first.
pub fn normalize_email(value: &str) -> Result<Option<String>, ValueError> {
    let s = value.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let err = || ValueError::Email {
        value: s.to_owned(),
    };
    let first = s
        .split([',', ';', ' '])
        .find(|p| !p.is_empty())
        .ok_or_else(err)?;
    let lower = first.to_lowercase();
    let e = lower.strip_prefix("mailto:").unwrap_or(&lower);
    let e = e.trim_matches(|c| c == '<' || c == '>');
    let (local, domain) = e.split_once('@').ok_or_else(err)?;
    let ok = !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"');
    if ok {
        Ok(Some(e.to_owned()))
    } else {
        Err(err())
    }
}

/// Normalizes a phone number to `+` and digits: `8 (912) 345-67-89` and
/// `9123456789` become `+79123456789` (Russian conventions), `+44 20 7946 0958`
/// becomes `+442079460958`. Without a `+` or a Russian pattern the digits are kept
/// as they are. Of several numbers in one cell the first; an extension is dropped.
pub fn normalize_phone(value: &str) -> Result<Option<String>, ValueError> {
    let s = value.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let err = || ValueError::Phone {
        value: s.to_owned(),
    };
    let first = s
        .split([',', ';', '/'])
        .find(|p| !p.trim().is_empty())
        .ok_or_else(err)?
        .trim();
    let lower = first.to_lowercase();
    let main = ["доб", "ext", "x", "#"]
        .iter()
        .filter_map(|m| lower.find(m))
        .min()
        .map_or(lower.as_str(), |i| &lower[..i]);
    if main.chars().any(|c| c.is_alphabetic()) {
        return Err(err());
    }
    let plus = main.trim_start().starts_with('+');
    let digits: String = main.chars().filter(char::is_ascii_digit).collect();
    if !(7..=15).contains(&digits.len()) {
        return Err(err());
    }
    let normalized = if plus {
        format!("+{digits}")
    } else if digits.len() == 11 && (digits.starts_with('8') || digits.starts_with('7')) {
        format!("+7{}", &digits[1..])
    } else if digits.len() == 10 && digits.starts_with('9') {
        format!("+7{digits}")
    } else {
        digits
    };
    Ok(Some(normalized))
}

/// Reads yes/no: `true`/`false`, `yes`/`no`, `y`/`n`, `да`/`нет`, `1`/`0`, `✓`.
pub fn parse_bool(value: &str) -> Result<Option<bool>, ValueError> {
    let s = value.trim().to_lowercase();
    match s.as_str() {
        "" => Ok(None),
        "true" | "yes" | "y" | "1" | "да" | "д" | "✓" | "истина" | "+" => Ok(Some(true)),
        "false" | "no" | "n" | "0" | "нет" | "н" | "ложь" | "-" => Ok(Some(false)),
        _ => Err(ValueError::Bool {
            value: value.trim().to_owned(),
        }),
    }
}

/// Reads a score (NPS 0-10, a rating 1-5): a whole number in `min..=max`.
pub fn parse_score(value: &str, min: u8, max: u8) -> Result<Option<u8>, ValueError> {
    let err = || ValueError::Score {
        value: value.trim().to_owned(),
        min,
        max,
    };
    match parse_number(value).map_err(|_| err())? {
        None => Ok(None),
        Some(n) if n.fract() == 0.0 && n >= f64::from(min) && n <= f64::from(max) => {
            Ok(Some(n as u8))
        }
        Some(_) => Err(err()),
    }
}

/// Reads a cell of tags: separated by `,` or `;`, spaces around each tag
/// dropped, empty ones skipped. A tag in double quotes is taken as written,
/// separators and spaces included (a `"` inside it doubled), which is how
/// [`join_tags`] writes the tags that need it.
pub fn split_tags(cell: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let mut chars = cell.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let Some(&first) = chars.peek() else { break };
        if first == '"' {
            chars.next();
            let mut tag = String::new();
            let mut closed = false;
            while let Some(c) = chars.next() {
                if c == '"' {
                    if chars.next_if_eq(&'"').is_some() {
                        tag.push('"');
                    } else {
                        closed = true;
                        break;
                    }
                } else {
                    tag.push(c);
                }
            }
            if !closed {
                // Not our quoting after all: the text as written.
                let plain = format!("\"{tag}");
                push_tag(&mut tags, plain.trim());
                break;
            }
            // Whatever follows the closing quote, up to the separator, belongs
            // to the same tag.
            let mut rest = String::new();
            while let Some(c) = chars.next_if(|c| !matches!(c, ',' | ';')) {
                rest.push(c);
            }
            if !rest.trim().is_empty() {
                tag = format!("\"{tag}\"{}", rest.trim_end());
            }
            if !tag.is_empty() {
                tags.push(tag);
            }
        } else {
            let mut tag = String::new();
            while let Some(c) = chars.next_if(|c| !matches!(c, ',' | ';')) {
                tag.push(c);
            }
            push_tag(&mut tags, tag.trim());
        }
        if chars.next().is_none() {
            break;
        }
    }
    tags
}

fn push_tag(tags: &mut Vec<String>, tag: &str) {
    if !tag.is_empty() {
        tags.push(tag.to_owned());
    }
}

/// Writes tags as one cell that [`split_tags`] reads back exactly: separated
/// by `, `, and in double quotes where a tag holds `,`, `;` or `"`, or begins
/// or ends with whitespace.
pub fn join_tags(tags: &[String]) -> String {
    let mut out = String::new();
    for (i, tag) in tags.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let quote = tag.is_empty()
            || tag.contains([',', ';', '"'])
            || tag.starts_with(char::is_whitespace)
            || tag.ends_with(char::is_whitespace);
        if quote {
            out.push('"');
            out.push_str(&tag.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(tag);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_split_on_commas_and_semicolons() {
        assert_eq!(split_tags(" vip, опт;b2b ;; "), ["vip", "опт", "b2b"]);
        assert_eq!(split_tags(""), Vec::<String>::new());
        assert_eq!(
            split_tags("\"a, b\"; \" c \", \"say \"\"hi\"\"\""),
            ["a, b", " c ", "say \"hi\""]
        );
        // Quotes that are not ours stay as written.
        assert_eq!(split_tags("\"big\" deal, x"), ["\"big\" deal", "x"]);
        assert_eq!(split_tags("\"open"), ["\"open"]);
    }

    #[test]
    fn joined_tags_read_back_exactly() {
        let cases: [&[&str]; 5] = [
            &["vip", "опт"],
            &["a, b", "c;d"],
            &[" padded ", "\"quoted\""],
            &["", "x"],
            &["\"", "\"\"", "a\"b"],
        ];
        for tags in cases {
            let tags: Vec<String> = tags.iter().map(|t| (*t).to_owned()).collect();
            let cell = join_tags(&tags);
            let back: Vec<String> = split_tags(&cell);
            let expected: Vec<String> = tags.iter().filter(|t| !t.is_empty()).cloned().collect();
            assert_eq!(back, expected, "cell {cell:?}");
        }
        assert_eq!(join_tags(&["vip".into(), "опт".into()]), "vip, опт");
    }

    fn date(s: &str, order: DateOrder) -> String {
        match parse_date(s, order) {
            Ok(None) => "blank".into(),
            Ok(Some((d, None))) => d.to_string(),
            Ok(Some((d, Some(t)))) => format!("{d} {t}"),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn dates() {
        use DateOrder::*;
        let cases = [
            ("2025-12-31", MonthFirst, "2025-12-31"),
            ("2025-12-31 14:05", MonthFirst, "2025-12-31 14:05:00"),
            ("2025-12-31T14:05:09Z", MonthFirst, "2025-12-31 14:05:09"),
            (
                "2025-12-31T14:05:09.250+03:00",
                MonthFirst,
                "2025-12-31 14:05:09",
            ),
            ("2025/12/31", MonthFirst, "2025-12-31"),
            ("31.12.2025", MonthFirst, "2025-12-31"),
            (" 01.02.2025 ", MonthFirst, "2025-02-01"),
            ("31.12.25", MonthFirst, "2025-12-31"),
            ("31.12.2025 9:05", MonthFirst, "2025-12-31 09:05:00"),
            ("12/31/2025", DayFirst, "2025-12-31"),
            ("31/12/2025", MonthFirst, "2025-12-31"),
            ("03/04/2025", MonthFirst, "2025-03-04"),
            ("03/04/2025", DayFirst, "2025-04-03"),
            ("46022", MonthFirst, "2025-12-31"),
            ("46022.5", MonthFirst, "2025-12-31 12:00:00"),
            ("   ", MonthFirst, "blank"),
            (
                "31.02.2025",
                MonthFirst,
                "error: «31.02.2025» is not a date; write it as 2025-12-31, 31.12.2025, 12/31/2025 or 2025-12-31 14:05",
            ),
            (
                "2025",
                MonthFirst,
                "error: «2025» is not a date; write it as 2025-12-31, 31.12.2025, 12/31/2025 or 2025-12-31 14:05",
            ),
            (
                "вчера",
                MonthFirst,
                "error: «вчера» is not a date; write it as 2025-12-31, 31.12.2025, 12/31/2025 or 2025-12-31 14:05",
            ),
            ("12/31/2025 2:05 PM", MonthFirst, "2025-12-31 14:05:00"),
            ("Dec 31, 2025", MonthFirst, "2025-12-31"),
            (
                "31 December 2025 2:05 PM",
                MonthFirst,
                "2025-12-31 14:05:00",
            ),
            ("31 декабря 2025 г.", MonthFirst, "2025-12-31"),
            ("1 мая 2024", MonthFirst, "2024-05-01"),
            ("3 мар. 2024 10:00", MonthFirst, "2024-03-03 10:00:00"),
            ("Sept 9 2024", MonthFirst, "2024-09-09"),
            (
                "Marketing 12 2024",
                MonthFirst,
                "error: «Marketing 12 2024» is not a date; write it as 2025-12-31, 31.12.2025, 12/31/2025 or 2025-12-31 14:05",
            ),
            ("12/31/2025 12:30 am", MonthFirst, "2025-12-31 00:30:00"),
            ("2025-12-31 12:00 PM", MonthFirst, "2025-12-31 12:00:00"),
            (
                "2025-12-31 13:00 PM",
                MonthFirst,
                "error: «2025-12-31 13:00 PM» is not a date; write it as 2025-12-31, 31.12.2025, 12/31/2025 or 2025-12-31 14:05",
            ),
            (
                "2025-12-31 25:00",
                MonthFirst,
                "error: «2025-12-31 25:00» is not a date; write it as 2025-12-31, 31.12.2025, 12/31/2025 or 2025-12-31 14:05",
            ),
        ];
        for (input, order, expected) in cases {
            assert_eq!(date(input, order), expected, "{input:?}");
        }
    }

    #[test]
    fn date_order_is_decided_by_the_whole_column() {
        let g = infer_date_order(["01/02/2025", "13/02/2025", "05/06/2025"]);
        assert_eq!(
            (g.order, g.needs_confirmation, g.conflicting),
            (DateOrder::DayFirst, false, false)
        );
        let g = infer_date_order(["01/02/2025", "02/28/2025"]);
        assert_eq!(
            (g.order, g.needs_confirmation),
            (DateOrder::MonthFirst, false)
        );
        let g = infer_date_order(["01/02/2025", "03/04/2025"]);
        assert_eq!(
            (g.order, g.needs_confirmation),
            (DateOrder::MonthFirst, true)
        );
        let g = infer_date_order(["2025-01-02", "31.12.2025"]);
        assert!(!g.needs_confirmation);
        assert!(infer_date_order(["13/01/2025", "01/13/2025"]).conflicting);
    }

    #[test]
    fn numbers() {
        let cases: [(&str, Option<f64>); 19] = [
            ("1234.56", Some(1234.56)),
            ("1 234,56", Some(1234.56)),
            ("1\u{A0}234,56", Some(1234.56)),
            ("1\u{202F}234\u{202F}567", Some(1_234_567.0)),
            ("1,234.56", Some(1234.56)),
            ("1.234,56", Some(1234.56)),
            ("1,234", Some(1234.0)),
            ("0,125", Some(0.125)),
            ("12,5", Some(12.5)),
            ("1.234.567", Some(1_234_567.0)),
            ("1,234,567", Some(1_234_567.0)),
            ("₽ 1 500", Some(1500.0)),
            ("1 500 руб.", Some(1500.0)),
            ("1500 р.", Some(1500.0)),
            ("$1,299.99", Some(1299.99)),
            ("-€5", Some(-5.0)),
            ("(250)", Some(-250.0)),
            ("−7", Some(-7.0)),
            ("", None),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_number(input), Ok(expected), "{input:?}");
        }
        for bad in ["abc", "1.2.3,4,5", "12a", "inf", "NaN", ".", "1e5", "--1"] {
            assert!(parse_number(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn emails_and_phones() {
        assert_eq!(
            normalize_email(" Ivan.Petrov@Mail.RU "),
            Ok(Some("ivan.petrov@mail.ru".into()))
        );
        assert_eq!(
            normalize_email("mailto:a@b.co; c@d.co"),
            Ok(Some("a@b.co".into()))
        );
        assert_eq!(normalize_email(""), Ok(None));
        assert!(normalize_email("ivan at mail").is_err());
        assert!(normalize_email("a@b").is_err());
        let phones = [
            ("8 (912) 345-67-89", "+79123456789"),
            ("+7 912 345 67 89", "+79123456789"),
            ("9123456789", "+79123456789"),
            ("+44 20 7946 0958", "+442079460958"),
            ("+1 (555) 010-0199 ext. 12", "+15550100199"),
            ("+7 495 123-45-67 доб. 123", "+74951234567"),
            ("555-0199, 555-0100", "5550199"),
        ];
        for (input, expected) in phones {
            assert_eq!(
                normalize_phone(input),
                Ok(Some(expected.into())),
                "{input:?}"
            );
        }
        assert!(normalize_phone("12-34").is_err());
        assert!(normalize_phone("call me").is_err());
    }

    #[test]
    fn booleans_and_scores() {
        assert_eq!(parse_bool("Да"), Ok(Some(true)));
        assert_eq!(parse_bool("no"), Ok(Some(false)));
        assert_eq!(parse_bool(" "), Ok(None));
        assert!(parse_bool("maybe").is_err());
        assert_eq!(parse_score("9", 0, 10), Ok(Some(9)));
        assert!(parse_score("11", 0, 10).is_err());
        assert!(parse_score("4.5", 1, 5).is_err());
    }
}
