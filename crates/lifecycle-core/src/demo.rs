//! Deterministic demo bases: realistic B2B customers and three years of their events.
//!
//! The same [`DemoConfig`] gives the same base on every platform: the generator uses
//! its own SplitMix64 stream and integer arithmetic for every decision (amounts are
//! whole numbers converted to `f64` at the end), so no float rounding can change the
//! output.
//!
//! Every contact follows one *pattern* chosen by weight, and the patterns are built so
//! that every stage of the `b2b` preset occurs (see [`Pattern`]):
//!
//! | pattern       | share | what the history looks like                                   |
//! |---------------|-------|---------------------------------------------------------------|
//! | `unqualified` | 20 %  | campaigns only, or requests from companies outside the ICP     |
//! | `qualified`   | 15 %  | an ICP company with a recent request, quote or tender invite   |
//! | `new`         | 12 %  | exactly one won deal, active in the last 180 days              |
//! | `developing`  | 15 %  | 2-5 won deals, active in the last 180 days, not regular        |
//! | `loyal`       | 10 %  | 4-14 won deals and activity in 3-6 of the last six 30-day windows |
//! | `sleeping`    | 13 %  | last client activity 181-365 days ago                          |
//! | `lost`        | 15 %  | last client activity more than 365 days ago                    |
//!
//! The ICP of a demo base is both stored (the boolean field `icp`) and derivable:
//! `icp` is true exactly when `industry` is one of manufacturing, logistics, wholesale,
//! construction or it, and `employees >= 50`.
//!
//! ```
//! use chrono::NaiveDate;
//! use lifecycle_core::demo::{generate, DemoConfig};
//!
//! let as_of = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
//! let (contacts, events) = generate(&DemoConfig { contacts: 100, seed: 7, as_of });
//! assert_eq!(contacts.len(), 100);
//! assert!(events.iter().all(|e| e.date <= as_of));
//! ```

use chrono::{Datelike, Days, NaiveDate, NaiveTime};

use crate::data::{BuiltinKind, Contact, Event, FieldValue, Fields};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoConfig {
    /// Number of contacts (100 to 1,000,000 are the intended sizes; any number works).
    pub contacts: usize,
    /// The same seed gives the same base.
    pub seed: u64,
    /// The last day of the history: no event is later than this.
    pub as_of: NaiveDate,
}

/// Length of the generated history in days (three years).
pub const HISTORY_DAYS: u32 = 3 * 365;

/// Industries that are part of the demo ICP (together with `employees >= 50`).
pub const ICP_INDUSTRIES: [&str; 5] = [
    "manufacturing",
    "logistics",
    "wholesale",
    "construction",
    "it",
];
const OTHER_INDUSTRIES: [&str; 5] = [
    "retail",
    "healthcare",
    "education",
    "finance",
    "agriculture",
];

/// The behaviour a demo contact was generated with; it decides its `b2b` stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pattern {
    Unqualified,
    Qualified,
    New,
    Developing,
    Loyal,
    Sleeping,
    Lost,
}

impl Pattern {
    /// Every pattern, in `b2b` funnel order.
    pub const ALL: [Pattern; 7] = [
        Self::Unqualified,
        Self::Qualified,
        Self::New,
        Self::Developing,
        Self::Loyal,
        Self::Sleeping,
        Self::Lost,
    ];

    /// The id of the `b2b` stage this pattern produces.
    pub fn b2b_stage(self) -> &'static str {
        match self {
            Self::Unqualified => "unqualified",
            Self::Qualified => "qualified",
            Self::New => "new",
            Self::Developing => "developing",
            Self::Loyal => "loyal",
            Self::Sleeping => "sleeping",
            Self::Lost => "lost",
        }
    }

    /// Relative weight, in percent.
    fn weight(self) -> u64 {
        match self {
            Self::Unqualified => 20,
            Self::Qualified => 15,
            Self::New => 12,
            Self::Developing => 15,
            Self::Loyal => 10,
            Self::Sleeping => 13,
            Self::Lost => 15,
        }
    }
}

/// Generates a base: contacts in id order, each contact's events in date order.
pub fn generate(config: &DemoConfig) -> (Vec<Contact>, Vec<Event>) {
    let mut contacts = Vec::with_capacity(config.contacts);
    let mut events = Vec::with_capacity(config.contacts * 8);
    let calendar = Calendar::new(config.as_of);
    for i in 0..config.contacts {
        let (contact, _) = contact_into(config, &calendar, i, &mut events);
        contacts.push(contact);
    }
    (contacts, events)
}

/// The contacts `range` of the base [`generate`] gives for `config` (and their
/// events): every contact depends only on its index, so a large base can be
/// generated a slice at a time, yielding to a browser's event loop between
/// slices.
pub fn generate_range(
    config: &DemoConfig,
    range: std::ops::Range<usize>,
) -> (Vec<Contact>, Vec<Event>) {
    let range = range.start.min(config.contacts)..range.end.min(config.contacts);
    let mut contacts = Vec::with_capacity(range.len());
    let mut events = Vec::with_capacity(range.len() * 8);
    let calendar = Calendar::new(config.as_of);
    for i in range {
        let (contact, _) = contact_into(config, &calendar, i, &mut events);
        contacts.push(contact);
    }
    (contacts, events)
}

/// Like [`generate`], and also returns the pattern each contact was generated with
/// (same order as the contacts), which tests use as the expected `b2b` stage.
pub fn generate_with_patterns(config: &DemoConfig) -> (Vec<Contact>, Vec<Event>, Vec<Pattern>) {
    let mut contacts = Vec::with_capacity(config.contacts);
    let mut patterns = Vec::with_capacity(config.contacts);
    let mut events = Vec::with_capacity(config.contacts * 8);
    let calendar = Calendar::new(config.as_of);
    for i in 0..config.contacts {
        let (contact, pattern) = contact_into(config, &calendar, i, &mut events);
        contacts.push(contact);
        patterns.push(pattern);
    }
    (contacts, events, patterns)
}

/// SplitMix64: tiny, fast, and the same on every platform.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Self {
        // Each contact gets its own stream so that a contact does not depend on the
        // ones before it.
        let mut rng = Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        rng.next();
        rng
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`), by multiply-shift.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below(u64::from(hi - lo) + 1) as u32
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

// Names come as (shown form, Latin form for e-mail addresses).
const RU_FIRST: [(&str, &str); 16] = [
    ("Иван", "ivan"),
    ("Алексей", "aleksey"),
    ("Дмитрий", "dmitry"),
    ("Сергей", "sergey"),
    ("Андрей", "andrey"),
    ("Михаил", "mikhail"),
    ("Ольга", "olga"),
    ("Елена", "elena"),
    ("Наталья", "natalya"),
    ("Анна", "anna"),
    ("Татьяна", "tatyana"),
    ("Мария", "maria"),
    ("Павел", "pavel"),
    ("Екатерина", "ekaterina"),
    ("Николай", "nikolay"),
    ("Юлия", "yulia"),
];
const RU_LAST: [(&str, &str); 16] = [
    ("Иванов", "ivanov"),
    ("Петров", "petrov"),
    ("Смирнов", "smirnov"),
    ("Кузнецов", "kuznetsov"),
    ("Попов", "popov"),
    ("Соколов", "sokolov"),
    ("Лебедев", "lebedev"),
    ("Козлов", "kozlov"),
    ("Новиков", "novikov"),
    ("Морозов", "morozov"),
    ("Волков", "volkov"),
    ("Зайцев", "zaytsev"),
    ("Орлов", "orlov"),
    ("Фёдоров", "fedorov"),
    ("Егоров", "egorov"),
    ("Соловьёв", "solovyev"),
];
const EN_FIRST: [&str; 16] = [
    "James", "Mary", "John", "Linda", "Robert", "Susan", "Michael", "Karen", "David", "Emma",
    "Oliver", "Sophie", "Daniel", "Laura", "Thomas", "Grace",
];
const EN_LAST: [&str; 16] = [
    "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Evans", "Walker", "Wright",
    "Hughes", "Green", "Hall", "Clarke", "Baker", "Turner", "Parker",
];
const RU_ROOT_A: [(&str, &str); 15] = [
    ("Техно", "tekhno"),
    ("Строй", "stroy"),
    ("Агро", "agro"),
    ("Евро", "evro"),
    ("Сиб", "sib"),
    ("Урал", "ural"),
    ("Волга", "volga"),
    ("Нефте", "nefte"),
    ("Энерго", "energo"),
    ("Мед", "med"),
    ("Транс", "trans"),
    ("Лес", "les"),
    ("Пром", "prom"),
    ("Инфо", "info"),
    ("Металл", "metall"),
];
const RU_ROOT_B: [(&str, &str); 10] = [
    ("снаб", "snab"),
    ("комплекс", "kompleks"),
    ("лайн", "line"),
    ("групп", "group"),
    ("сервис", "servis"),
    ("торг", "torg"),
    ("логистик", "logistik"),
    ("систем", "sistem"),
    ("инвест", "invest"),
    ("маш", "mash"),
];
const RU_FORM: [&str; 4] = ["ООО", "АО", "ООО", "ПАО"];
const EN_ROOT_A: [&str; 12] = [
    "North",
    "Blue",
    "Green",
    "Silver",
    "Bright",
    "Iron",
    "Summit",
    "Harbor",
    "Pioneer",
    "Atlas",
    "Crescent",
    "Evergreen",
];
const EN_ROOT_B: [&str; 10] = [
    "wind", "stone", "field", "bridge", "point", "line", "works", "gate", "ridge", "way",
];
const EN_FORM: [&str; 7] = [
    "Ltd",
    "Inc",
    "LLC",
    "Group",
    "Logistics",
    "Systems",
    "Trading",
];
const RU_REGIONS: [&str; 8] = [
    "Москва",
    "Санкт-Петербург",
    "Новосибирск",
    "Екатеринбург",
    "Казань",
    "Нижний Новгород",
    "Краснодар",
    "Самара",
];
const EN_REGIONS: [&str; 6] = ["London", "New York", "Berlin", "Toronto", "Dubai", "Warsaw"];
const SOURCES: [&str; 7] = [
    "website",
    "ads",
    "referral",
    "tender_platform",
    "exhibition",
    "cold_outreach",
    "partner",
];
const RU_OWNERS: [&str; 5] = [
    "Анна Смирнова",
    "Игорь Белов",
    "Марина Котова",
    "Олег Гусев",
    "Светлана Рябова",
];
const EN_OWNERS: [&str; 3] = ["Kate Miller", "Tom Fisher", "Nina Ross"];
const TAGS: [&str; 8] = [
    "vip",
    "partner",
    "newsletter",
    "event-2024",
    "upsell",
    "key-account",
    "tender",
    "pilot",
];
const CHANNELS: [&str; 5] = ["email", "phone", "website", "telegram", "whatsapp"];
/// Relative activity per month (January .. December), out of 10: quiet in January and
/// August, busy before the year end.
const SEASON: [u64; 12] = [5, 8, 10, 9, 9, 7, 6, 5, 9, 10, 10, 9];

/// Builds one contact's record and pushes its events.
fn contact_into(
    config: &DemoConfig,
    calendar: &Calendar,
    index: usize,
    events: &mut Vec<Event>,
) -> (Contact, Pattern) {
    let mut rng = Rng::new(config.seed, index as u64);
    let pattern = {
        let mut roll = rng.below(100);
        let mut chosen = Pattern::Lost;
        for p in Pattern::ALL {
            if roll < p.weight() {
                chosen = p;
                break;
            }
            roll -= p.weight();
        }
        chosen
    };
    // Which ICP value the pattern needs: qualified contacts must be in the ICP; some
    // unqualified ones are requests from outside it.
    let unqualified_variant = rng.below(3);
    let icp = match pattern {
        Pattern::Qualified => true,
        Pattern::Unqualified if unqualified_variant == 1 => false,
        Pattern::Unqualified if unqualified_variant == 2 => true,
        _ => rng.chance(55),
    };
    let mut contact = firmographics(&mut rng, index, icp);
    let start = events.len();
    let out = Gen {
        calendar,
        contact: contact.id.clone(),
        events,
        start,
        oldest: 0,
    };
    let first_age = history(&mut rng, out, pattern, unqualified_variant, &contact);
    contact.created = Some(calendar.date(first_age + rng.range(0, 20)));
    (contact, pattern)
}

fn firmographics(rng: &mut Rng, index: usize, icp: bool) -> Contact {
    let russian = rng.chance(60);
    let (name, email_local, company, domain, phone, region, owner) = if russian {
        let (first, first_lat) = *rng.pick(&RU_FIRST);
        let (last, last_lat) = *rng.pick(&RU_LAST);
        // Russian surnames take the feminine form for feminine first names.
        let feminine = first.ends_with('а') || first.ends_with('я');
        let last = if feminine {
            format!("{last}а")
        } else {
            last.to_owned()
        };
        let (a, a_lat) = *rng.pick(&RU_ROOT_A);
        let (b, b_lat) = *rng.pick(&RU_ROOT_B);
        let form = rng.pick(&RU_FORM);
        // Phones as an import normalizes them: `+` and digits.
        let phone = format!(
            "+79{:02}{:03}{:02}{:02}",
            rng.below(100),
            rng.below(1000),
            rng.below(100),
            rng.below(100)
        );
        (
            format!("{first} {last}"),
            format!("{first_lat}.{last_lat}"),
            format!("{form} «{a}{b}»"),
            format!("{a_lat}{b_lat}.ru"),
            phone,
            *rng.pick(&RU_REGIONS),
            *rng.pick(&RU_OWNERS),
        )
    } else {
        let first = rng.pick(&EN_FIRST);
        let last = rng.pick(&EN_LAST);
        let a = rng.pick(&EN_ROOT_A);
        let b = rng.pick(&EN_ROOT_B);
        let form = rng.pick(&EN_FORM);
        let phone = format!(
            "+1{:03}{:03}{:04}",
            200 + rng.below(800),
            rng.below(1000),
            rng.below(10000)
        );
        (
            format!("{first} {last}"),
            format!("{}.{}", first.to_lowercase(), last.to_lowercase()),
            format!("{a}{b} {form}"),
            format!("{}{}.com", a.to_lowercase(), b),
            phone,
            *rng.pick(&EN_REGIONS),
            *rng.pick(&EN_OWNERS),
        )
    };
    // The ICP is derivable from the firmographics: target industry and 50+ people.
    let (industry, employees) = if icp {
        (*rng.pick(&ICP_INDUSTRIES), employees(rng, 50))
    } else if rng.chance(50) {
        (*rng.pick(&OTHER_INDUSTRIES), employees(rng, 1))
    } else {
        (*rng.pick(&ICP_INDUSTRIES), rng.range(1, 49))
    };
    let mut tags = Vec::new();
    for _ in 0..rng.below(3) {
        let tag = rng.pick(&TAGS).to_string();
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    let mut fields = Fields::with_capacity(4);
    fields.insert("icp".to_owned(), FieldValue::Bool(icp));
    fields.insert("industry".to_owned(), FieldValue::Text(industry.to_owned()));
    fields.insert(
        "employees".to_owned(),
        FieldValue::Number(f64::from(employees)),
    );
    fields.insert("region".to_owned(), FieldValue::Text(region.to_owned()));
    Contact {
        id: format!("C{:07}", index + 1),
        name,
        company,
        email: format!("{email_local}@{domain}"),
        phone,
        source: rng.pick(&SOURCES).to_string(),
        owner: owner.to_owned(),
        tags,
        created: None,
        fields,
    }
}

/// A company size, at least `min`, skewed towards small companies.
fn employees(rng: &mut Rng, min: u32) -> u32 {
    let band = match rng.below(100) {
        0..40 => (1, 49),
        40..75 => (50, 249),
        75..93 => (250, 999),
        _ => (1000, 5000),
    };
    rng.range(band.0.max(min), band.1.max(min))
}

/// The dates of the history, by age in days: computed once, not per event.
struct Calendar {
    as_of: NaiveDate,
    dates: Vec<NaiveDate>,
}

impl Calendar {
    fn new(as_of: NaiveDate) -> Self {
        let dates = (0..HISTORY_DAYS + 64).map(|age| day(as_of, age)).collect();
        Calendar { as_of, dates }
    }

    fn date(&self, age: u32) -> NaiveDate {
        self.dates
            .get(age as usize)
            .copied()
            .unwrap_or_else(|| day(self.as_of, age))
    }

    fn month0(&self, age: u32) -> usize {
        self.date(age).month0() as usize
    }
}

fn day(as_of: NaiveDate, age: u32) -> NaiveDate {
    as_of
        .checked_sub_days(Days::new(u64::from(age)))
        .unwrap_or(NaiveDate::MIN)
}

/// Where one contact's events go.
struct Gen<'a> {
    calendar: &'a Calendar,
    contact: String,
    events: &'a mut Vec<Event>,
    start: usize,
    /// Age of the oldest event pushed so far.
    oldest: u32,
}

impl Gen<'_> {
    fn push(&mut self, rng: &mut Rng, age: u32, kind: BuiltinKind) -> &mut Event {
        let time = match kind {
            BuiltinKind::Call | BuiltinKind::Meeting => {
                NaiveTime::from_hms_opt(rng.range(9, 18), rng.below(4) as u32 * 15, 0)
            }
            _ => None,
        };
        let channel = match kind {
            BuiltinKind::MessageIn | BuiltinKind::MessageOut | BuiltinKind::InboundRequest => {
                Some(rng.pick(&CHANNELS).to_string())
            }
            BuiltinKind::CampaignSent => Some("email".to_owned()),
            _ => None,
        };
        self.oldest = self.oldest.max(age);
        self.events.push(Event {
            contact: self.contact.clone(),
            date: self.calendar.date(age),
            time,
            kind: kind.as_str().to_owned(),
            amount: None,
            score: None,
            channel,
            note: None,
        });
        let last = self.events.len() - 1;
        &mut self.events[last]
    }

    /// An age in `lo..=hi`, weighted by the season of its month.
    fn seasonal_age(&self, rng: &mut Rng, lo: u32, hi: u32) -> u32 {
        let mut age = rng.range(lo, hi);
        for _ in 0..4 {
            let month = self.calendar.month0(age);
            if rng.below(10) < SEASON[month] {
                break;
            }
            age = rng.range(lo, hi);
        }
        age
    }

    /// Sorts this contact's events by date, oldest first; returns the oldest age.
    fn finish(self) -> u32 {
        crate::sort::sort_by_key(&mut self.events[self.start..], |e| (e.date, e.time));
        self.oldest
    }
}

/// Pushes the events of one contact; returns the age of its first event.
fn history(
    rng: &mut Rng,
    mut g: Gen<'_>,
    pattern: Pattern,
    unqualified_variant: u64,
    contact: &Contact,
) -> u32 {
    let employees = match contact.fields.get("employees") {
        Some(FieldValue::Number(n)) => *n as u64,
        _ => 10,
    };
    // Deal sizes grow with the company: whole roubles, rounded to 100.
    let base_amount = (20_000 + employees * 150 + rng.below(50_000)) / 100 * 100;
    let growing = rng.chance(35);
    // The window in which the client was (last) active, as ages in days.
    let (last_age, first_age) = match pattern {
        Pattern::Sleeping => {
            let last = rng.range(181, 365);
            (last, rng.range(last, HISTORY_DAYS))
        }
        Pattern::Lost => {
            let last = rng.range(366, HISTORY_DAYS - 30);
            (last, rng.range(last, HISTORY_DAYS))
        }
        Pattern::Loyal => (rng.range(0, 25), rng.range(500, HISTORY_DAYS)),
        Pattern::Developing => (rng.range(0, 170), rng.range(200, HISTORY_DAYS)),
        Pattern::New => (rng.range(0, 170), rng.range(30, 500)),
        Pattern::Qualified | Pattern::Unqualified => (rng.range(0, 170), rng.range(0, 400)),
    };
    let first_age = first_age.max(last_age);

    // Company-initiated events are not activity: they may fall anywhere, also after
    // the client went quiet (that is what re-activation campaigns look like).
    let campaigns = match pattern {
        Pattern::Unqualified => rng.range(1, 2),
        Pattern::Loyal => rng.range(1, 3),
        _ => rng.range(0, 2),
    };
    for _ in 0..campaigns {
        let age = g.seasonal_age(rng, 0, first_age);
        g.push(rng, age, BuiltinKind::CampaignSent);
    }

    match pattern {
        Pattern::Unqualified => match unqualified_variant {
            // Subscribers who never answered: no client activity at all.
            0 => {}
            // Outside the ICP but asking.
            1 => {
                let age = last_age;
                g.push(rng, age, BuiltinKind::InboundRequest);
                if rng.chance(50) {
                    g.push(rng, age, BuiltinKind::MessageIn);
                    g.push(rng, age.saturating_sub(1), BuiltinKind::MessageOut);
                }
            }
            // In the ICP, talking, but no interest signal yet.
            _ => {
                g.push(rng, last_age, BuiltinKind::MessageIn);
                g.push(rng, last_age.saturating_sub(1), BuiltinKind::MessageOut);
                if rng.chance(30) {
                    let age = (last_age + rng.range(0, 10)).min(180);
                    g.push(rng, age, BuiltinKind::Call);
                }
            }
        },
        Pattern::Qualified => {
            let signal = *rng.pick(&[
                BuiltinKind::InboundRequest,
                BuiltinKind::QuoteRequest,
                BuiltinKind::TenderInvite,
            ]);
            g.push(rng, last_age, signal);
            g.push(rng, last_age.saturating_sub(1), BuiltinKind::MessageOut);
            if rng.chance(50) {
                let age = rng.range(last_age, first_age);
                g.push(rng, age, BuiltinKind::MessageIn);
            }
            if rng.chance(30) {
                g.push(rng, last_age.saturating_sub(3), BuiltinKind::Meeting);
            }
            if rng.chance(20) {
                // A lost bid earlier does not disqualify.
                let age = rng.range(last_age, first_age);
                g.push(rng, age, BuiltinKind::DealLost).amount = Some(base_amount as f64);
            }
        }
        Pattern::New => {
            g.push(rng, first_age, BuiltinKind::InboundRequest);
            let deal_age = rng.range(last_age, first_age);
            g.push(rng, deal_age, BuiltinKind::QuoteRequest);
            g.push(rng, deal_age, BuiltinKind::DealWon).amount = Some(base_amount as f64);
            g.push(rng, last_age, BuiltinKind::MessageIn);
            g.push(rng, last_age.saturating_sub(1), BuiltinKind::MessageOut);
            if rng.chance(40) {
                g.push(rng, last_age, BuiltinKind::Nps).score = Some(rng.range(5, 10) as u8);
            }
        }
        Pattern::Developing | Pattern::Loyal | Pattern::Sleeping | Pattern::Lost => {
            let deals = match pattern {
                Pattern::Developing => {
                    // A few with four or more deals but no regular activity.
                    if rng.chance(15) {
                        rng.range(4, 5)
                    } else {
                        rng.range(2, 3)
                    }
                }
                Pattern::Loyal => rng.range(4, 9),
                // Former customers of every size, and leads who went quiet.
                _ => match rng.below(10) {
                    0..3 => 0,
                    3..6 => 1,
                    6..9 => rng.range(2, 3),
                    _ => rng.range(4, 8),
                },
            };
            g.push(rng, first_age, BuiltinKind::InboundRequest);
            // Developing accounts with four or more deals must not look regular: apart
            // from their last activity, everything is older than the six windows.
            let spread_from = if pattern == Pattern::Developing && deals >= 4 {
                180
            } else {
                last_age
            };
            for d in 0..deals {
                // Spread the deals from the first to the last activity, the latest one
                // at the last activity for customers.
                let age = if d + 1 == deals && pattern != Pattern::Loyal {
                    last_age
                } else {
                    rng.range(spread_from, first_age)
                };
                if rng.chance(40) {
                    g.push(rng, age, BuiltinKind::QuoteRequest);
                }
                let growth = if growing {
                    100 + 25 * u64::from(d)
                } else {
                    100
                };
                let amount = base_amount * growth / 100 / 100 * 100;
                g.push(rng, age, BuiltinKind::DealWon).amount = Some(amount as f64);
                if rng.chance(12) {
                    g.push(rng, age + 2, BuiltinKind::DealLost).amount = Some(amount as f64);
                }
            }
            if deals == 0 {
                g.push(rng, last_age, BuiltinKind::QuoteRequest);
            }
            let talks = match pattern {
                Pattern::Loyal => rng.range(1, 4),
                _ => rng.range(0, 2),
            };
            for _ in 0..talks {
                let age = g.seasonal_age(rng, spread_from, first_age);
                let kind = *rng.pick(&[
                    BuiltinKind::MessageIn,
                    BuiltinKind::MessageOut,
                    BuiltinKind::Call,
                    BuiltinKind::Meeting,
                    BuiltinKind::SupportTicket,
                ]);
                g.push(rng, age, kind);
            }
            g.push(rng, last_age, BuiltinKind::MessageIn);
            if pattern == Pattern::Loyal {
                // Regular activity: at least three of the last six 30-day windows.
                let windows = rng.range(3, 6);
                let mut chosen = [false; 6];
                chosen[0] = true;
                let mut n = 1;
                while n < windows {
                    let w = rng.range(1, 5) as usize;
                    if !chosen[w] {
                        chosen[w] = true;
                        n += 1;
                    }
                }
                for (w, on) in chosen.iter().enumerate() {
                    if *on {
                        let age = (w as u32) * 30 + rng.range(0, 29);
                        let kind = *rng.pick(&[
                            BuiltinKind::MessageIn,
                            BuiltinKind::Call,
                            BuiltinKind::Meeting,
                            BuiltinKind::Purchase,
                        ]);
                        let e = g.push(rng, age, kind);
                        if kind == BuiltinKind::Purchase {
                            e.amount = Some((base_amount / 10) as f64);
                        }
                    }
                }
                if rng.chance(40) {
                    let age = rng.range(0, 60);
                    g.push(rng, age, BuiltinKind::Referral);
                }
            }
            if deals > 0 && rng.chance(45) {
                let score = match pattern {
                    Pattern::Loyal => rng.range(7, 10),
                    Pattern::Developing => rng.range(4, 10),
                    _ => rng.range(0, 8),
                };
                g.push(rng, last_age, BuiltinKind::Nps).score = Some(score as u8);
            }
            if deals > 0 && rng.chance(20) {
                let rating = match pattern {
                    Pattern::Sleeping | Pattern::Lost => rng.range(1, 4),
                    _ => rng.range(3, 5),
                };
                g.push(rng, last_age, BuiltinKind::Review).score = Some(rating as u8);
            }
        }
    }
    g.finish().max(first_age)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};

    use super::*;

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()
    }

    fn base(contacts: usize, seed: u64) -> (Vec<Contact>, Vec<Event>, Vec<Pattern>) {
        generate_with_patterns(&DemoConfig {
            contacts,
            seed,
            as_of: as_of(),
        })
    }

    #[test]
    fn same_seed_same_base_other_seed_other_base() {
        let a = base(500, 42);
        let b = base(500, 42);
        let c = base(500, 43);
        assert_eq!(a, b);
        assert_ne!(a.0, c.0);
    }

    #[test]
    fn a_contact_does_not_depend_on_the_size_of_the_base() {
        let small = base(100, 9);
        let large = base(300, 9);
        assert_eq!(small.0[..], large.0[..100]);
    }

    /// A fingerprint of a fixed base: changes only when the generator is changed on
    /// purpose, and catches any platform-dependent output.
    #[test]
    fn fingerprint_is_stable() {
        let (contacts, events, _) = base(200, 1);
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let text = serde_json::to_string(&(&contacts, &events)).unwrap();
        for b in text.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
        assert_eq!(contacts[0].id, "C0000001");
        // Recorded from the first run; see the doc of this test.
        let expected = FINGERPRINT;
        assert_eq!(h, expected, "fingerprint {h:#x}");
    }
    const FINGERPRINT: u64 = 0xa63d_784d_21f3_ee82;

    /// Stage of a contact by the `b2b` rules, computed here independently of the engine.
    fn b2b_stage(contact: &Contact, events: &[&Event], as_of: NaiveDate) -> &'static str {
        let active: Vec<i64> = events
            .iter()
            .filter(|e| {
                BuiltinKind::parse(&e.kind).map(|k| k.direction()) == Some(crate::Direction::Client)
            })
            .map(|e| (as_of - e.date).num_days())
            .collect();
        let last = active.iter().min().copied();
        let wins = events
            .iter()
            .filter(|e| BuiltinKind::parse(&e.kind).is_some_and(|k| k.is_win()))
            .count();
        let windows = (0..6)
            .filter(|i| active.iter().any(|a| (30 * i..30 * (i + 1)).contains(a)))
            .count();
        let icp = contact.fields.get("icp") == Some(&FieldValue::Bool(true));
        let interest = events.iter().any(|e| {
            matches!(
                e.kind.as_str(),
                "inbound_request" | "quote_request" | "tender_invite"
            )
        });
        match last {
            Some(l) if l > 365 => "lost",
            Some(l) if l > 180 => "sleeping",
            _ if wins >= 4 && windows >= 3 => "loyal",
            _ if wins >= 2 => "developing",
            _ if wins == 1 => "new",
            _ if icp && interest => "qualified",
            _ => "unqualified",
        }
    }

    #[test]
    fn every_contact_reaches_the_stage_of_its_pattern() {
        let (contacts, events, patterns) = base(5_000, 3);
        let mut by_contact: HashMap<&str, Vec<&Event>> = HashMap::new();
        for e in &events {
            by_contact.entry(e.contact.as_str()).or_default().push(e);
        }
        let mut stages: BTreeMap<&str, usize> = BTreeMap::new();
        for (c, p) in contacts.iter().zip(&patterns) {
            let evs = by_contact.get(c.id.as_str()).cloned().unwrap_or_default();
            let stage = b2b_stage(c, &evs, as_of());
            assert_eq!(stage, p.b2b_stage(), "{} {:?}", c.id, evs);
            *stages.entry(stage).or_default() += 1;
        }
        for p in Pattern::ALL {
            let n = stages.get(p.b2b_stage()).copied().unwrap_or(0);
            assert!(n >= 5_000 * p.weight() as usize / 100 / 2, "{stages:?}");
        }
    }

    #[test]
    fn the_b2b_mix_is_present() {
        let (contacts, events, _) = base(10_000, 5);
        // Won deals per contact: 0, 1, 2-3, 4+.
        let mut wins: HashMap<&str, usize> = HashMap::new();
        let mut last_activity: HashMap<&str, NaiveDate> = HashMap::new();
        for e in &events {
            let kind = BuiltinKind::parse(&e.kind).unwrap();
            if kind.is_win() {
                *wins.entry(e.contact.as_str()).or_default() += 1;
            }
            if kind.direction() == crate::Direction::Client {
                let d = last_activity.entry(e.contact.as_str()).or_insert(e.date);
                *d = (*d).max(e.date);
            }
        }
        let mut deal_buckets = [0usize; 4];
        let mut inactivity = [0usize; 4]; // none, <=180, 181-365, >365
        for c in &contacts {
            let w = wins.get(c.id.as_str()).copied().unwrap_or(0);
            deal_buckets[match w {
                0 => 0,
                1 => 1,
                2..=3 => 2,
                _ => 3,
            }] += 1;
            inactivity[match last_activity.get(c.id.as_str()) {
                None => 0,
                Some(d) => match (as_of() - *d).num_days() {
                    ..=180 => 1,
                    181..=365 => 2,
                    _ => 3,
                },
            }] += 1;
        }
        for (i, n) in deal_buckets.iter().enumerate() {
            assert!(*n >= 500, "deal bucket {i}: {deal_buckets:?}");
        }
        for (i, n) in inactivity.iter().enumerate() {
            assert!(*n >= 300, "inactivity bucket {i}: {inactivity:?}");
        }
        let per_contact = events.len() as f64 / contacts.len() as f64;
        assert!(
            (6.5..=8.5).contains(&per_contact),
            "{per_contact} events per contact"
        );
    }

    #[test]
    fn events_stay_in_three_years_before_as_of_and_after_creation() {
        let (contacts, events, _) = base(2_000, 11);
        let created: HashMap<&str, NaiveDate> = contacts
            .iter()
            .map(|c| (c.id.as_str(), c.created.unwrap()))
            .collect();
        let earliest = day(as_of(), HISTORY_DAYS + 10);
        for e in &events {
            assert!(e.date <= as_of() && e.date >= earliest, "{e:?}");
            assert!(created[e.contact.as_str()] <= e.date, "{e:?}");
            assert!(BuiltinKind::parse(&e.kind).is_some());
        }
        let kinds: std::collections::BTreeSet<&str> =
            events.iter().map(|e| e.kind.as_str()).collect();
        for k in BuiltinKind::ALL {
            assert!(kinds.contains(k.as_str()), "{k:?} missing");
        }
    }

    #[test]
    fn icp_agrees_with_industry_and_size() {
        let (contacts, _, _) = base(2_000, 13);
        for c in &contacts {
            let FieldValue::Text(industry) = &c.fields["industry"] else {
                panic!()
            };
            let FieldValue::Number(employees) = c.fields["employees"] else {
                panic!()
            };
            let derived = ICP_INDUSTRIES.contains(&industry.as_str()) && employees >= 50.0;
            assert_eq!(c.fields["icp"], FieldValue::Bool(derived), "{c:?}");
        }
        assert!(contacts.iter().any(|c| c.company.contains('«')));
        assert!(contacts.iter().any(|c| c.company.ends_with("Ltd")));
    }
}
