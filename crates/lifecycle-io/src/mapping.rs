//! Which column of a file holds what: automatic mapping from the headers of known CRM
//! exports (HubSpot, Pipedrive, Salesforce, amoCRM, Bitrix24; English and Russian),
//! name similarity otherwise, and custom fields for the rest. The user can change
//! every choice.

use serde::{Deserialize, Serialize};

/// What a file holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum FileKind {
    /// One contact per row.
    #[default]
    Contacts,
    /// One event per row.
    Events,
    /// One deal per row: won and lost deals become `deal_won` / `deal_lost` events.
    Deals,
}

impl<'de> Deserialize<'de> for FileKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lifecycle_core::unit_enum::deserialize(
            d,
            "FileKind",
            &["contacts", "events", "deals"],
            &[FileKind::Contacts, FileKind::Events, FileKind::Deals],
        )
    }
}

/// The type of a custom field: the model's own (a column typed in a header,
/// `employees [number]`, declares a field of that type).
pub use lifecycle_core::model::FieldType;

// Read by hand (see the `Deserialize` below), written by serde.
/// Where a column's values go.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "target", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "MappingTarget"))]
pub enum Target {
    /// The contact's id (in an events or deals file: the id of the contact it is about).
    Id,
    /// The person's full name.
    Name,
    /// First name (joined with the last name).
    FirstName,
    /// Last name.
    LastName,
    /// The company.
    Company,
    /// E-mail address (normalized).
    Email,
    /// Phone number (normalized).
    Phone,
    /// How the contact came.
    Source,
    /// The responsible manager.
    Owner,
    /// Tags, separated by `,` or `;`.
    Tags,
    /// When the contact was created.
    Created,
    /// The event's date (events), or a deal's close date.
    Date,
    /// The event's time of day.
    Time,
    /// The event's kind.
    Kind,
    /// A deal or order value.
    Amount,
    /// NPS 0-10 or a review rating 1-5.
    Score,
    /// The event's channel.
    Channel,
    /// A note (a deal's name in deals files).
    Note,
    /// A deal's status or stage (deals files).
    Status,
    /// A custom field of the contact.
    Custom {
        /// The field's key.
        name: String,
        /// The field's type.
        ty: FieldType,
    },
    /// Not imported.
    Ignore,
}

/// `Target`'s names, in the order of its variants.
const TARGETS: [&str; 21] = [
    "id",
    "name",
    "first_name",
    "last_name",
    "company",
    "email",
    "phone",
    "source",
    "owner",
    "tags",
    "created",
    "date",
    "time",
    "kind",
    "amount",
    "score",
    "channel",
    "note",
    "status",
    "custom",
    "ignore",
];

/// The unit variants, in the order of [`TARGETS`] (`custom` apart).
const UNIT_TARGETS: [Target; 19] = [
    Target::Id,
    Target::Name,
    Target::FirstName,
    Target::LastName,
    Target::Company,
    Target::Email,
    Target::Phone,
    Target::Source,
    Target::Owner,
    Target::Tags,
    Target::Created,
    Target::Date,
    Target::Time,
    Target::Kind,
    Target::Amount,
    Target::Score,
    Target::Channel,
    Target::Note,
    Target::Status,
];

/// The same as serde's derive for an enum tagged by `target` (the same names,
/// unknown keys ignored, the same error messages), without the buffering of the
/// whole object that serde's internally tagged enums compile to: in the npm
/// package's wasm that code was 7.6 KB (docs/npm.md).
impl<'de> Deserialize<'de> for Target {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TargetVisitor;
        impl<'de> serde::de::Visitor<'de> for TargetVisitor {
            type Value = Target;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("internally tagged enum Target")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Target, A::Error> {
                use serde::de::Error;
                let (mut tag, mut name, mut ty) = (None::<String>, None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "target" if tag.is_some() => {
                            return Err(A::Error::duplicate_field("target"));
                        }
                        "target" => tag = Some(map.next_value()?),
                        // Kept as they are until the tag says whether they count.
                        "name" => name = Some(map.next_value::<serde_json::Value>()?),
                        "ty" => ty = Some(map.next_value::<serde_json::Value>()?),
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                let tag = tag.ok_or_else(|| A::Error::missing_field("target"))?;
                match TARGETS.iter().position(|t| *t == tag) {
                    Some(19) => {
                        let name = name.ok_or_else(|| A::Error::missing_field("name"))?;
                        let ty = ty.ok_or_else(|| A::Error::missing_field("ty"))?;
                        Ok(Target::Custom {
                            name: String::deserialize(name).map_err(A::Error::custom)?,
                            ty: FieldType::deserialize(ty).map_err(A::Error::custom)?,
                        })
                    }
                    Some(20) => Ok(Target::Ignore),
                    Some(i) => Ok(UNIT_TARGETS[i].clone()),
                    None => Err(A::Error::unknown_variant(&tag, &TARGETS)),
                }
            }
        }
        d.deserialize_map(TargetVisitor)
    }
}

/// The mapping of one column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ColumnMapping {
    /// 0-based column index.
    pub column: usize,
    /// The column's header.
    pub header: String,
    /// Where its values go.
    pub target: Target,
    /// How the mapping was found, to show the user.
    pub reason: MappingReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
/// Why a column got its target.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum MappingReason {
    /// A header known from a CRM export or the canonical format.
    Known,
    /// A header close to a known one.
    Similar,
    /// No known header: kept as a custom field.
    CustomField,
    /// No known header and not kept.
    Unmapped,
    /// The user chose it.
    User,
}

impl<'de> Deserialize<'de> for MappingReason {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lifecycle_core::unit_enum::deserialize(
            d,
            "MappingReason",
            &["known", "similar", "custom_field", "unmapped", "user"],
            &[
                MappingReason::Known,
                MappingReason::Similar,
                MappingReason::CustomField,
                MappingReason::Unmapped,
                MappingReason::User,
            ],
        )
    }
}

/// Lower-case letters and digits only, `ё` as `е`: `Person - E-mail` -> `personemail`.
pub fn normalize_header(header: &str) -> String {
    header
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

/// Known headers, normalized, by target. Headers of every kind of file are here;
/// [`aliases_for`] adjusts them per kind.
const ALIASES: &[(&str, &[&str])] = &[
    (
        "id",
        &[
            "id",
            "contactid",
            "recordid",
            "personid",
            "externalid",
            "clientid",
            "customerid",
            "leadid",
            "accountid",
            "idконтакта",
            "idклиента",
            "ид",
            "идентификатор",
            "контактid",
            "idкомпании",
            "companyid",
            "organizationid",
            // Only in events files (see `aliases_for`): the canonical JSON events' key.
            "contact",
        ],
    ),
    (
        "name",
        &[
            "name",
            "fullname",
            "contactname",
            "personname",
            "contact",
            "person",
            "фио",
            "полноеимя",
            "контакт",
            "основнойконтакт",
            "наименование",
            "имяконтакта",
            "клиент",
            "контактноелицо",
            "leadname",
        ],
    ),
    ("first_name", &["firstname", "givenname", "имя"]),
    (
        "last_name",
        &["lastname", "surname", "familyname", "фамилия"],
    ),
    (
        "company",
        &[
            "company",
            "companyname",
            "account",
            "accountname",
            "organization",
            "organisation",
            "organizationname",
            "personorganization",
            "org",
            "компания",
            "названиекомпании",
            "организация",
            "наименованиекомпании",
            "контрагент",
            "компанияконтакта",
            "associatedcompany",
        ],
    ),
    (
        "email",
        &[
            "email",
            "emailaddress",
            "mail",
            "personemail",
            "workemail",
            "почта",
            "электроннаяпочта",
            "рабочийemail",
            "emailрабочий",
            "личныйemail",
            "емейл",
            "эмейл",
            "адресэлектроннойпочты",
        ],
    ),
    (
        "phone",
        &[
            "phone",
            "phonenumber",
            "mobile",
            "mobilephone",
            "mobilephonenumber",
            "tel",
            "telephone",
            "personphone",
            "workphone",
            "телефон",
            "рабочийтелефон",
            "мобильныйтелефон",
            "телефонрабочий",
            "телефонмобильный",
            "контактныйтелефон",
        ],
    ),
    (
        "source",
        &[
            "source",
            "leadsource",
            "originalsource",
            "sourcechannel",
            "utmsource",
            "источник",
            "источникпривлечения",
            "каналпривлечения",
            "источниклида",
            "источниксделки",
        ],
    ),
    (
        "owner",
        &[
            "owner",
            "contactowner",
            "accountowner",
            "leadowner",
            "dealowner",
            "opportunityowner",
            "personowner",
            "hubspotowner",
            "responsible",
            "assignedto",
            "manager",
            "ответственный",
            "менеджер",
            "ответственныйменеджер",
            "владелец",
            "ответственныйзасделку",
        ],
    ),
    (
        "tags",
        &[
            "tags",
            "tag",
            "labels",
            "label",
            "personlabels",
            "теги",
            "тег",
            "метки",
            "метка",
        ],
    ),
    (
        "created",
        &[
            "created",
            "createdate",
            "createddate",
            "createdat",
            "datecreated",
            "createdon",
            "addtime",
            "personaddtime",
            "датасоздания",
            "создан",
            "созданa",
            "датадобавления",
        ],
    ),
    (
        "date",
        &[
            "date",
            "eventdate",
            "activitydate",
            "occurred",
            "occurredat",
            "timestamp",
            "дата",
            "датасобытия",
            "датаактивности",
            "closedate",
            "closeddate",
            "wontime",
            "closetime",
            "dealclosedate",
            "датазакрытия",
            "датазакрытиясделки",
            "expectedclosedate",
        ],
    ),
    ("time", &["time", "время", "eventtime"]),
    (
        "kind",
        &[
            "kind",
            "type",
            "eventtype",
            "activitytype",
            "event",
            "eventkind",
            "тип",
            "типсобытия",
            "событие",
            "видсобытия",
        ],
    ),
    (
        "amount",
        &[
            "amount",
            "value",
            "sum",
            "revenue",
            "dealvalue",
            "dealamount",
            "total",
            "сумма",
            "бюджет",
            "стоимость",
            "выручка",
            "суммасделки",
            "opportunityamount",
        ],
    ),
    (
        "score",
        &[
            "score",
            "rating",
            "nps",
            "npsscore",
            "оценка",
            "рейтинг",
            "балл",
        ],
    ),
    ("channel", &["channel", "канал", "medium"]),
    (
        "note",
        &[
            "note",
            "notes",
            "comment",
            "comments",
            "description",
            "subject",
            "примечание",
            "комментарий",
            "описание",
            "заметка",
            "тема",
            "dealname",
            "dealtitle",
            "title",
            "названиесделки",
            "opportunityname",
            "сделка",
        ],
    ),
    (
        "status",
        &[
            "status",
            "stage",
            "dealstage",
            "stagename",
            "dealstatus",
            "outcome",
            "этапсделки",
            "стадиясделки",
            "статус",
            "этап",
            "стадия",
            "статуссделки",
            "результат",
        ],
    ),
];

fn target_of(key: &str) -> Target {
    match key {
        "id" => Target::Id,
        "name" => Target::Name,
        "first_name" => Target::FirstName,
        "last_name" => Target::LastName,
        "company" => Target::Company,
        "email" => Target::Email,
        "phone" => Target::Phone,
        "source" => Target::Source,
        "owner" => Target::Owner,
        "tags" => Target::Tags,
        "created" => Target::Created,
        "date" => Target::Date,
        "time" => Target::Time,
        "kind" => Target::Kind,
        "amount" => Target::Amount,
        "score" => Target::Score,
        "channel" => Target::Channel,
        "note" => Target::Note,
        "status" => Target::Status,
        _ => Target::Ignore,
    }
}

/// The known headers of one target in one kind of file.
fn aliases_for(kind: FileKind, target: &Target, alias: &str) -> bool {
    match (kind, target) {
        // A "contact" column of an events file holds the contact's id, as the key
        // `contact` of the canonical JSON events does; in a contacts or deals file
        // (amoCRM's "Контакт", Pipedrive's "Contact") it holds the name.
        (FileKind::Events, Target::Name) if alias == "contact" => false,
        (FileKind::Contacts | FileKind::Deals, Target::Id) if alias == "contact" => false,
        // In a deals file the plain "ID" is the deal's own id, not a contact's.
        (FileKind::Deals, Target::Id) => {
            !matches!(alias, "id" | "recordid" | "ид" | "идентификатор")
        }
        // Contacts have no event fields; a "Date" there is most likely the creation.
        (
            FileKind::Contacts,
            Target::Date | Target::Time | Target::Kind | Target::Score | Target::Status,
        ) => false,
        (FileKind::Contacts, Target::Amount | Target::Channel | Target::Note) => false,
        // Events and deals have no contact creation date of their own: a deal's
        // creation date is where it was opened, the event date is the close date.
        (FileKind::Events, Target::Status) => false,
        (FileKind::Deals, Target::Kind) => false,
        _ => true,
    }
}

/// A header in the canonical typed form `name [type]`, as exports write custom fields.
pub fn typed_header(header: &str) -> Option<(String, FieldType)> {
    let h = header.trim();
    let open = h.rfind(" [")?;
    let ty = FieldType::parse(h[open + 2..].strip_suffix(']')?)?;
    let name = h[..open].trim();
    (!name.is_empty()).then(|| (name.to_owned(), ty))
}

/// A safe key for a custom field from a header: trimmed, lower-case, inner spaces as
/// `_`; names that are special in JavaScript objects (`__proto__`, `constructor`,
/// `prototype`) get a `field_` prefix; an empty header becomes `column_<n>`.
pub fn field_key(header: &str, column: usize) -> String {
    let key: String = header
        .trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .filter(|c| !c.is_control())
        .collect();
    if key.is_empty() {
        format!("column_{}", column + 1)
    } else if key.starts_with("__") || key == "constructor" || key == "prototype" {
        format!("field_{}", key.trim_matches('_'))
    } else {
        key
    }
}

/// Guesses the kind of a file from its headers.
pub fn guess_kind(headers: &[String]) -> FileKind {
    let norm: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
    let has = |key: &str| {
        ALIASES
            .iter()
            .find(|(k, _)| *k == key)
            .is_some_and(|(_, aliases)| norm.iter().any(|h| aliases.contains(&h.as_str())))
    };
    let deal_header = norm.iter().any(|h| {
        h.contains("deal") || h.contains("сделк") || h.contains("opportunity") || h == "бюджет"
    });
    if has("status") && (deal_header || has("amount")) {
        FileKind::Deals
    } else if has("kind") && has("date") {
        FileKind::Events
    } else {
        FileKind::Contacts
    }
}

/// Proposes a mapping for every column. `samples` are a few values of each column,
/// used to give custom fields a type.
pub fn suggest(kind: FileKind, headers: &[String], columns: &[Vec<&str>]) -> Vec<ColumnMapping> {
    let mut taken: Vec<Target> = Vec::new();
    let mut out: Vec<ColumnMapping> = Vec::new();
    // First the exact matches, so that a similar header never takes a field an exact
    // one wants.
    let mut exact: Vec<Option<Target>> = Vec::with_capacity(headers.len());
    for h in headers {
        let found = if let Some((name, ty)) = typed_header(h) {
            Some(Target::Custom { name, ty })
        } else {
            let n = normalize_header(h);
            ALIASES.iter().find_map(|(key, aliases)| {
                let t = target_of(key);
                (aliases.contains(&n.as_str()) && aliases_for(kind, &t, &n)).then_some(t)
            })
        };
        let found = found.filter(|t| matches!(t, Target::Custom { .. }) || !taken.contains(t));
        if let Some(t) = &found {
            taken.push(t.clone());
        }
        exact.push(found);
    }
    for (i, h) in headers.iter().enumerate() {
        let (target, reason) = match exact[i].take() {
            Some(t) => (t, MappingReason::Known),
            None => match similar(kind, h, &taken) {
                Some(t) => {
                    taken.push(t.clone());
                    (t, MappingReason::Similar)
                }
                None if kind == FileKind::Contacts && !h.trim().is_empty() => {
                    let ty = infer_type(columns.get(i).map_or(&[][..], |c| c.as_slice()));
                    let mut name = field_key(h, i);
                    while out
                        .iter()
                        .any(|m| matches!(&m.target, Target::Custom { name: n, .. } if *n == name))
                    {
                        name.push_str("_2");
                    }
                    (Target::Custom { name, ty }, MappingReason::CustomField)
                }
                None => (Target::Ignore, MappingReason::Unmapped),
            },
        };
        out.push(ColumnMapping {
            column: i,
            header: h.clone(),
            target,
            reason,
        });
    }
    out
}

/// The closest known header, if close enough (normalized edit distance <= 20 %, and
/// at least 5 letters long so that short words do not match by accident).
fn similar(kind: FileKind, header: &str, taken: &[Target]) -> Option<Target> {
    let n = normalize_header(header);
    if n.chars().count() < 5 {
        return None;
    }
    let mut best: Option<(usize, Target)> = None;
    for (key, aliases) in ALIASES {
        let t = target_of(key);
        if taken.contains(&t) {
            continue;
        }
        for a in *aliases {
            if a.chars().count() < 5 || !aliases_for(kind, &t, a) {
                continue;
            }
            let d = levenshtein(&n, a);
            let len = n.chars().count().max(a.chars().count());
            if d * 5 <= len && best.as_ref().is_none_or(|(bd, _)| d < *bd) {
                best = Some((d, t.clone()));
            }
        }
    }
    best.map(|(_, t)| t)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The narrowest type every non-blank value fits: bool, number, date, else text.
pub fn infer_type(values: &[&str]) -> FieldType {
    use crate::values::{DateOrder, parse_bool, parse_date, parse_number};
    let present: Vec<&str> = values
        .iter()
        .copied()
        .filter(|v| !v.trim().is_empty())
        .collect();
    if present.is_empty() {
        return FieldType::Text;
    }
    let all = |f: &dyn Fn(&str) -> bool| present.iter().all(|v| f(v));
    // "1" and "0" read as yes/no only when nothing else is there.
    if all(&|v| parse_bool(v).is_ok() && !matches!(v.trim(), "+" | "-"))
        && !all(&|v| parse_number(v).is_ok())
    {
        FieldType::Bool
    } else if all(&|v| parse_number(v).is_ok()) {
        FieldType::Number
    } else if all(&|v| parse_date(v, DateOrder::MonthFirst).is_ok()) {
        FieldType::Date
    } else {
        FieldType::Text
    }
}

/// How deal statuses become events: a status in `won` becomes `deal_won`, in `lost`
/// `deal_lost`; any other status is an open deal and is skipped. Matching ignores
/// case and surrounding spaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatusMap {
    /// Statuses of won deals.
    pub won: Vec<String>,
    /// Statuses of lost deals.
    pub lost: Vec<String>,
}

impl Default for StatusMap {
    /// The statuses of amoCRM, Bitrix24, HubSpot, Pipedrive and Salesforce.
    fn default() -> Self {
        let v = |s: &[&str]| s.iter().map(|s| (*s).to_owned()).collect();
        StatusMap {
            won: v(&[
                "Успешно реализовано",
                "Сделка успешна",
                "Успешная сделка",
                "Выиграна",
                "Выиграно",
                "Won",
                "Closed Won",
                "Closed won",
                "Closed - Won",
                "Win",
            ]),
            lost: v(&[
                "Закрыто и не реализовано",
                "Сделка провалена",
                "Проиграна",
                "Проиграно",
                "Не реализовано",
                "Lost",
                "Closed Lost",
                "Closed - Lost",
                "Loss",
            ]),
        }
    }
}

/// What a deal status means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DealOutcome {
    /// Won: a `deal_won` event.
    Won,
    /// Lost: a `deal_lost` event.
    Lost,
    /// Still open: not imported.
    Open,
}

impl StatusMap {
    /// Makes `status` mean `outcome` (an open outcome takes it out of both lists);
    /// matching, as in [`StatusMap::outcome`], ignores case and surrounding spaces.
    pub fn set(&mut self, status: &str, outcome: DealOutcome) {
        let s = status.trim().to_lowercase();
        let other = |w: &String| w.trim().to_lowercase() != s;
        self.won.retain(other);
        self.lost.retain(other);
        match outcome {
            DealOutcome::Won => self.won.push(status.trim().to_owned()),
            DealOutcome::Lost => self.lost.push(status.trim().to_owned()),
            DealOutcome::Open => {}
        }
    }

    /// What `status` means.
    pub fn outcome(&self, status: &str) -> DealOutcome {
        let s = status.trim().to_lowercase();
        let is = |list: &[String]| list.iter().any(|w| w.trim().to_lowercase() == s);
        if is(&self.won) {
            DealOutcome::Won
        } else if is(&self.lost) {
            DealOutcome::Lost
        } else {
            DealOutcome::Open
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_io_enums_read_as_the_derive_read_them() {
        use crate::encoding::Encoding;
        use crate::import::{DuplicatePolicy, UnknownContacts};
        use crate::values::DateOrder;
        use FileKind::*;
        use lifecycle_core::unit_enum::check;
        check(&[Contacts, Events, Deals], &["contacts", "events", "deals"]);
        use FieldType::*;
        check(
            &[Text, Number, Bool, Date],
            &["text", "number", "bool", "date"],
        );
        use MappingReason::*;
        check(
            &[Known, Similar, CustomField, Unmapped, User],
            &["known", "similar", "custom_field", "unmapped", "user"],
        );
        use DuplicatePolicy::*;
        check(&[Skip, Update, KeepBoth], &["skip", "update", "keep_both"]);
        use UnknownContacts::*;
        check(&[Create, Report], &["create", "report"]);
        use DateOrder::*;
        check(&[DayFirst, MonthFirst], &["day_first", "month_first"]);
        use Encoding::*;
        check(
            &[Utf8, Utf16Le, Utf16Be, Windows1251],
            &["utf8", "utf16_le", "utf16_be", "windows1251"],
        );
    }

    #[test]
    fn targets_read_back_as_serde_writes_them() {
        let mut all = UNIT_TARGETS.to_vec();
        all.push(Target::Ignore);
        for ty in [
            FieldType::Text,
            FieldType::Number,
            FieldType::Bool,
            FieldType::Date,
        ] {
            all.push(Target::Custom {
                name: "x".into(),
                ty,
            });
        }
        for t in all {
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(serde_json::from_str::<Target>(&json).unwrap(), t, "{json}");
        }
        // Every name, in the order of the variants.
        for (i, name) in TARGETS.iter().enumerate() {
            let json = format!(r#"{{"target": "{name}", "name": "n", "ty": "bool"}}"#);
            let t: Target = serde_json::from_str(&json).unwrap();
            let back = serde_json::to_value(&t).unwrap();
            assert_eq!(back["target"], *name, "{i}");
        }
        // The tag anywhere, other keys ignored.
        let t: Target =
            serde_json::from_str(r#"{"ty": "date", "x": [1], "name": "due", "target": "custom"}"#)
                .unwrap();
        assert_eq!(
            t,
            Target::Custom {
                name: "due".into(),
                ty: FieldType::Date
            }
        );
        let t: Target = serde_json::from_str(r#"{"name": 5, "target": "email"}"#).unwrap();
        assert_eq!(t, Target::Email);
        // serde's messages.
        let err = |json: &str| {
            let e = serde_json::from_str::<Target>(json)
                .unwrap_err()
                .to_string();
            e[..e.rfind(" at line ").unwrap_or(e.len())].to_owned()
        };
        assert_eq!(
            err(r#"{"target": "mail"}"#),
            "unknown variant `mail`, expected one of `id`, `name`, `first_name`, `last_name`, \
             `company`, `email`, `phone`, `source`, `owner`, `tags`, `created`, `date`, `time`, \
             `kind`, `amount`, `score`, `channel`, `note`, `status`, `custom`, `ignore`"
        );
        assert_eq!(err(r#"{"name": "x"}"#), "missing field `target`");
        assert_eq!(
            err(r#"{"target": "custom", "ty": "text"}"#),
            "missing field `name`"
        );
        assert_eq!(
            err(r#"{"target": "custom", "name": "x"}"#),
            "missing field `ty`"
        );
        assert_eq!(
            err(r#"{"target": "custom", "name": "x", "ty": "colour"}"#),
            "unknown variant `colour`, expected one of `text`, `number`, `bool`, `date`"
        );
        assert_eq!(
            err(r#"{"target": "id", "target": "id"}"#),
            "duplicate field `target`"
        );
        assert_eq!(
            err(r#""id""#),
            "invalid type: string \"id\", expected internally tagged enum Target"
        );
    }

    /// Maps `headers` and renders `header -> target` lines.
    fn check(kind: FileKind, headers: &[&str], expected: &str) {
        let headers: Vec<String> = headers.iter().map(|s| (*s).to_owned()).collect();
        let mapping = suggest(kind, &headers, &[]);
        let got: Vec<String> = mapping
            .iter()
            .map(|m| match &m.target {
                Target::Custom { name, ty } => {
                    format!("{} -> custom {name} ({})", m.header, ty.as_str())
                }
                t => format!("{} -> {t:?}", m.header),
            })
            .collect();
        assert_eq!(got.join("\n"), expected.trim());
    }

    #[test]
    fn a_contact_column_is_the_id_in_events_and_the_name_elsewhere() {
        // The canonical events CSV and JSON name the contact by its id.
        check(
            FileKind::Events,
            &["contact", "date", "kind", "amount"],
            "contact -> Id\ndate -> Date\nkind -> Kind\namount -> Amount",
        );
        check(
            FileKind::Contacts,
            &["Contact", "Email"],
            "Contact -> Name\nEmail -> Email",
        );
        check(
            FileKind::Deals,
            &["Контакт", "Этап сделки", "Бюджет"],
            "Контакт -> Name\nЭтап сделки -> Status\nБюджет -> Amount",
        );
    }

    #[test]
    fn known_exports() {
        check(
            FileKind::Contacts,
            &[
                "Record ID",
                "First Name",
                "Last Name",
                "Email",
                "Phone Number",
                "Company Name",
                "Contact owner",
                "Create Date",
                "Original Source",
            ],
            "Record ID -> Id\nFirst Name -> FirstName\nLast Name -> LastName\nEmail -> Email\nPhone Number -> Phone\nCompany Name -> Company\nContact owner -> Owner\nCreate Date -> Created\nOriginal Source -> Source",
        );
        check(
            FileKind::Contacts,
            &[
                "ID",
                "Имя",
                "Фамилия",
                "Название компании",
                "Рабочий телефон",
                "Рабочий e-mail",
                "Ответственный",
                "Дата создания",
                "Источник",
                "Теги",
            ],
            "ID -> Id\nИмя -> FirstName\nФамилия -> LastName\nНазвание компании -> Company\nРабочий телефон -> Phone\nРабочий e-mail -> Email\nОтветственный -> Owner\nДата создания -> Created\nИсточник -> Source\nТеги -> Tags",
        );
        check(
            FileKind::Contacts,
            &[
                "Person - ID",
                "Person - Name",
                "Person - Organization",
                "Person - Email",
                "Person - Phone",
                "Person - Owner",
                "Person - Labels",
            ],
            "Person - ID -> Id\nPerson - Name -> Name\nPerson - Organization -> Company\nPerson - Email -> Email\nPerson - Phone -> Phone\nPerson - Owner -> Owner\nPerson - Labels -> Tags",
        );
        check(
            FileKind::Deals,
            &[
                "ID",
                "Название сделки",
                "Бюджет",
                "Этап сделки",
                "Компания",
                "Ответственный",
                "Дата закрытия",
            ],
            "ID -> Ignore\nНазвание сделки -> Note\nБюджет -> Amount\nЭтап сделки -> Status\nКомпания -> Company\nОтветственный -> Owner\nДата закрытия -> Date",
        );
    }

    #[test]
    fn similar_headers_and_custom_fields() {
        check(
            FileKind::Contacts,
            &[
                "Emial Address",
                "Compnay Name",
                "employees [number]",
                "Отрасль",
                "",
                "__proto__",
            ],
            "Emial Address -> Email\nCompnay Name -> Company\nemployees [number] -> custom employees (number)\nОтрасль -> custom отрасль (text)\n -> Ignore\n__proto__ -> custom field_proto (text)",
        );
    }

    #[test]
    fn kinds_of_files() {
        let h = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            guess_kind(&h(&["ID", "Название сделки", "Этап сделки", "Бюджет"])),
            FileKind::Deals
        );
        assert_eq!(
            guess_kind(&h(&["Deal Name", "Deal Stage", "Amount", "Close Date"])),
            FileKind::Deals
        );
        assert_eq!(
            guess_kind(&h(&["contact", "date", "kind", "amount"])),
            FileKind::Events
        );
        assert_eq!(guess_kind(&h(&["id", "name", "email"])), FileKind::Contacts);
    }

    #[test]
    fn statuses() {
        let m = StatusMap::default();
        assert_eq!(m.outcome(" успешно реализовано "), DealOutcome::Won);
        assert_eq!(m.outcome("Закрыто и не реализовано"), DealOutcome::Lost);
        assert_eq!(m.outcome("closed won"), DealOutcome::Won);
        assert_eq!(m.outcome("Переговоры"), DealOutcome::Open);
    }

    #[test]
    fn types_of_custom_columns() {
        assert_eq!(infer_type(&["да", "нет", ""]), FieldType::Bool);
        assert_eq!(infer_type(&["1", "0"]), FieldType::Number);
        assert_eq!(infer_type(&["1 200", "15"]), FieldType::Number);
        assert_eq!(infer_type(&["31.12.2025", "2025-01-01"]), FieldType::Date);
        assert_eq!(infer_type(&["retail", "5"]), FieldType::Text);
    }
}
