//! The shared nouns of the pipeline: actors, relation kinds, statuses, dates, spans,
//! documents' languages and diagnostics.
//!
//! This module depends on no other module of the crate and on neither serde nor oxigraph;
//! every stage speaks in these types. Parsing of user-chosen values (relation types,
//! statuses, dates) into enums happens here so that no stage panics on them.

use std::fmt;
use std::ops::{Bound, Range, RangeBounds};

/// A byte range into a document's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// Where the items of `items`, sorted by `key`, whose keys lie in `keys` are: two binary
/// searches. The pipeline keeps its tokens, mentions and roles sorted by sentence, start
/// or person, and reads one sentence's, one offset's or one person's run this way.
/// Inlined, so that each caller's bounds are known where it is compiled. callgrind,
/// `extract` on 1,000 generated articles: 296.45 M instructions with the searches it
/// replaced, 297.40 M with it called, 296.48 M with it inlined.
#[inline]
pub fn sorted_range<T, K: Ord>(
    items: &[T],
    keys: impl RangeBounds<K>,
    key: impl Fn(&T) -> K,
) -> Range<usize> {
    let start = match keys.start_bound() {
        Bound::Included(low) => items.partition_point(|item| key(item) < *low),
        Bound::Excluded(low) => items.partition_point(|item| key(item) <= *low),
        Bound::Unbounded => 0,
    };
    let rest = &items[start..];
    let length = match keys.end_bound() {
        Bound::Included(high) => rest.partition_point(|item| key(item) <= *high),
        Bound::Excluded(high) => rest.partition_point(|item| key(item) < *high),
        Bound::Unbounded => rest.len(),
    };
    start..start + length
}

/// The language of a document. Other languages never get past `lang`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        // Compared in place: the lexicon's load parsed 3,133 language cells, each
        // into a lower-case copy.
        let code = code.trim();
        let is = |names: &[&str]| names.iter().any(|name| name.eq_ignore_ascii_case(code));
        if is(&["fr", "fra", "fre", "french", "français"]) {
            Some(Lang::Fr)
        } else if is(&["en", "eng", "english", "anglais"]) {
            Some(Lang::En)
        } else {
            None
        }
    }
}

/// An actor's subtype, as in FORMAT.md (and `executive`, the lexicon's mark of a
/// state's government, reported as the state or as a government body).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Subtype {
    Company,
    GovernmentBody,
    InternationalOrg,
    Media,
    Fund,
    Research,
    Group,
    Executive,
    Summit,
    NegotiationRound,
}

impl Subtype {
    pub const ALL: [Subtype; 10] = [
        Subtype::Company,
        Subtype::GovernmentBody,
        Subtype::InternationalOrg,
        Subtype::Media,
        Subtype::Fund,
        Subtype::Research,
        Subtype::Group,
        Subtype::Executive,
        Subtype::Summit,
        Subtype::NegotiationRound,
    ];

    /// Its name in the data files and the extraction contract.
    pub fn as_str(self) -> &'static str {
        match self {
            Subtype::Company => "company",
            Subtype::GovernmentBody => "government_body",
            Subtype::InternationalOrg => "international_org",
            Subtype::Media => "media",
            Subtype::Fund => "fund",
            Subtype::Research => "research",
            Subtype::Group => "group",
            Subtype::Executive => "executive",
            Subtype::Summit => "summit",
            Subtype::NegotiationRound => "negotiation_round",
        }
    }

    pub fn parse(text: &str) -> Option<Subtype> {
        Subtype::ALL
            .into_iter()
            .find(|subtype| subtype.as_str() == text.trim())
    }
}

/// What kind of thing an actor is, as in FORMAT.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActorKind {
    State,
    Person,
    Organization,
    Event,
    Place,
}

impl ActorKind {
    pub const ALL: [ActorKind; 5] = [
        ActorKind::State,
        ActorKind::Person,
        ActorKind::Organization,
        ActorKind::Event,
        ActorKind::Place,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::State => "state",
            ActorKind::Person => "person",
            ActorKind::Organization => "organization",
            ActorKind::Event => "event",
            ActorKind::Place => "place",
        }
    }

    pub fn parse(text: &str) -> Option<ActorKind> {
        ActorKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text.trim())
    }
}

/// The eleven relation types of FORMAT.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RelationKind {
    Partnership,
    Alliance,
    Negotiation,
    Participation,
    Membership,
    Investment,
    Mandate,
    Role,
    Affiliation,
    Restriction,
    Rivalry,
}

/// Everything the program says of a relation type, in one row: the extraction
/// contract's name, whether it is directed, whether `path` walks it by default, its
/// colour in the view, its RDF class and direct property (`data/ontology.ttl`), and its
/// nearest PLOVER event type and CAMEO root code. Adding a type is a row here, a
/// variant, its classes in the ontology and its rule family (ARCHITECTURE.md).
#[derive(Clone, Copy, Debug)]
pub struct KindInfo {
    pub kind: RelationKind,
    pub name: &'static str,
    /// Directed types list their subject first (FORMAT.md); the others are order-free.
    pub directed: bool,
    /// A tie of cooperation: what `path` walks by default.
    pub cooperation: bool,
    /// A report of it is news (a signing, talks, a summit attended, an investment, a
    /// mandate, a ban): dated by publication when the text gives no date (FORMAT.md).
    /// Roles, affiliations, alliances, rivalries and memberships are states of affairs.
    pub news: bool,
    pub colour: &'static str,
    /// The local names in the `ent:` namespace.
    pub rdf_class: &'static str,
    pub rdf_property: &'static str,
    pub plover: &'static str,
    pub cameo: &'static str,
}

/// One row per relation type, in the order of the variants.
pub const RELATION_KINDS: [KindInfo; 11] = [
    KindInfo {
        kind: RelationKind::Partnership,
        name: "partnership",
        directed: false,
        cooperation: true,
        news: true,
        colour: "#2CA02C",
        rdf_class: "Partnership",
        rdf_property: "partnerOf",
        plover: "COOPERATE",
        cameo: "06",
    },
    KindInfo {
        kind: RelationKind::Alliance,
        name: "alliance",
        directed: false,
        cooperation: true,
        news: false,
        colour: "#1F77B4",
        rdf_class: "Alliance",
        rdf_property: "allyOf",
        plover: "COOPERATE",
        cameo: "06",
    },
    KindInfo {
        kind: RelationKind::Negotiation,
        name: "negotiation",
        directed: false,
        cooperation: true,
        news: true,
        colour: "#9467BD",
        rdf_class: "Negotiation",
        rdf_property: "negotiatesWith",
        plover: "CONSULT",
        cameo: "04",
    },
    KindInfo {
        kind: RelationKind::Participation,
        name: "participation",
        directed: true,
        cooperation: true,
        news: true,
        colour: "#FF7F0E",
        rdf_class: "Participation",
        rdf_property: "participatesIn",
        plover: "CONSULT",
        cameo: "04",
    },
    KindInfo {
        kind: RelationKind::Membership,
        name: "membership",
        directed: true,
        cooperation: true,
        news: false,
        colour: "#17BECF",
        rdf_class: "Membership",
        rdf_property: "memberOf",
        plover: "COOPERATE",
        cameo: "06",
    },
    KindInfo {
        kind: RelationKind::Investment,
        name: "investment",
        directed: true,
        cooperation: false,
        news: true,
        colour: "#BCBD22",
        rdf_class: "Investment",
        rdf_property: "investsIn",
        plover: "AID",
        cameo: "07",
    },
    KindInfo {
        kind: RelationKind::Mandate,
        name: "mandate",
        directed: true,
        cooperation: false,
        news: true,
        colour: "#8C564B",
        rdf_class: "Mandate",
        rdf_property: "mandates",
        plover: "DEMAND",
        cameo: "10",
    },
    KindInfo {
        kind: RelationKind::Role,
        name: "role",
        directed: true,
        cooperation: false,
        news: false,
        colour: "#7F7F7F",
        rdf_class: "Role",
        rdf_property: "holdsRoleIn",
        plover: "OTHER",
        cameo: "01",
    },
    KindInfo {
        kind: RelationKind::Affiliation,
        name: "affiliation",
        directed: true,
        cooperation: false,
        news: false,
        colour: "#E377C2",
        rdf_class: "Affiliation",
        rdf_property: "affiliatedWith",
        plover: "OTHER",
        cameo: "01",
    },
    KindInfo {
        kind: RelationKind::Restriction,
        name: "restriction",
        directed: true,
        cooperation: false,
        news: true,
        colour: "#D62728",
        rdf_class: "Restriction",
        rdf_property: "restricts",
        plover: "SANCTION",
        cameo: "16",
    },
    KindInfo {
        kind: RelationKind::Rivalry,
        name: "rivalry",
        directed: false,
        cooperation: false,
        news: false,
        colour: "#FF9896",
        rdf_class: "Rivalry",
        rdf_property: "rivalOf",
        plover: "DISAPPROVE",
        cameo: "11",
    },
];

impl RelationKind {
    pub const ALL: [RelationKind; 11] = {
        let mut all = [RelationKind::Partnership; 11];
        let mut index = 0;
        while index < all.len() {
            all[index] = RELATION_KINDS[index].kind;
            index += 1;
        }
        all
    };

    /// The relation types that `path` walks by default: ties of cooperation.
    pub fn cooperation() -> Vec<RelationKind> {
        RELATION_KINDS
            .iter()
            .filter(|info| info.cooperation)
            .map(|info| info.kind)
            .collect()
    }

    /// This type's row of `RELATION_KINDS`.
    pub fn info(self) -> &'static KindInfo {
        &RELATION_KINDS[self as usize]
    }

    pub fn as_str(self) -> &'static str {
        self.info().name
    }

    pub fn parse(text: &str) -> Option<RelationKind> {
        RelationKind::ALL
            .into_iter()
            .find(|kind| kind.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// Directed types list their subject first (FORMAT.md); the others are order-free.
    pub fn is_directed(self) -> bool {
        self.info().directed
    }
}

impl fmt::Display for RelationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a relation exists, is wished for, under way or denied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Announced,
    Established,
    Proposed,
    Intended,
    Ongoing,
    Denied,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Announced,
        Status::Established,
        Status::Proposed,
        Status::Intended,
        Status::Ongoing,
        Status::Denied,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Announced => "announced",
            Status::Established => "established",
            Status::Proposed => "proposed",
            Status::Intended => "intended",
            Status::Ongoing => "ongoing",
            Status::Denied => "denied",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|status| status.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

/// A calendar day. Validated on construction, so every `Day` is a real date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Day {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Day { year, month, day })
    }

    /// Days since 1970-01-01 (negative before), for arithmetic on dates.
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5
            + i64::from(self.day)
            - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    pub fn from_days(days: i64) -> Day {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
        Day { year, month, day }
    }

    pub fn add_days(self, n: i64) -> Day {
        Day::from_days(self.to_days() + n)
    }

    /// 0 = Monday ... 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.to_days() + 3).rem_euclid(7) as u32
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// A date as precise as the text supports (FORMAT.md): a day, a month, a year, an
/// interval of two of those, or a day of a month in an unknown year (`--MM-DD`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DateValue {
    Day(Day),
    Month { year: i32, month: u32 },
    Year(i32),
    MonthDay { month: u32, day: u32 },
    Interval(DatePoint, DatePoint),
}

/// One end of an interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DatePoint {
    Day(Day),
    Month { year: i32, month: u32 },
    Year(i32),
}

/// How precise a date is; written into the store beside the date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Day,
    Month,
    Year,
    MonthDay,
    Interval,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
            Precision::MonthDay => "month-day",
            Precision::Interval => "interval",
        }
    }
}

impl DatePoint {
    fn first_day(self) -> Day {
        match self {
            DatePoint::Day(day) => day,
            DatePoint::Month { year, month } => Day {
                year,
                month,
                day: 1,
            },
            DatePoint::Year(year) => Day {
                year,
                month: 1,
                day: 1,
            },
        }
    }

    fn last_day(self) -> Day {
        match self {
            DatePoint::Day(day) => day,
            DatePoint::Month { year, month } => Day {
                year,
                month,
                day: days_in_month(year, month),
            },
            DatePoint::Year(year) => Day {
                year,
                month: 12,
                day: 31,
            },
        }
    }

    fn parse(text: &str) -> Option<DatePoint> {
        match DateValue::parse(text)? {
            DateValue::Day(day) => Some(DatePoint::Day(day)),
            DateValue::Month { year, month } => Some(DatePoint::Month { year, month }),
            DateValue::Year(year) => Some(DatePoint::Year(year)),
            _ => None,
        }
    }
}

impl fmt::Display for DatePoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DatePoint::Day(day) => write!(f, "{:04}-{:02}-{:02}", day.year, day.month, day.day),
            DatePoint::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            DatePoint::Year(year) => write!(f, "{year:04}"),
        }
    }
}

impl DateValue {
    /// The day offices are resolved on when this is the publication date: the day, or
    /// the middle of the month or year.
    pub fn reference_day(self) -> Option<Day> {
        match self {
            DateValue::Day(day) => Some(day),
            DateValue::Month { year, month } => Day::new(year, month, 15),
            DateValue::Year(year) => Day::new(year, 7, 1),
            _ => None,
        }
    }

    /// Parses the ISO 8601 forms of FORMAT.md: `YYYY-MM-DD`, `YYYY-MM`, `YYYY`,
    /// `--MM-DD` and `START/END`.
    pub fn parse(text: &str) -> Option<DateValue> {
        let text = text.trim();
        if let Some((start, end)) = text.split_once('/') {
            let start = DatePoint::parse(start)?;
            let end = DatePoint::parse(end)?;
            return Some(DateValue::Interval(start, end));
        }
        if let Some(rest) = text.strip_prefix("--") {
            let (month, day) = rest.split_once('-')?;
            let month = parse_digits(month, 2)?;
            let day = parse_digits(day, 2)?;
            Day::new(2000, month, day)?;
            return Some(DateValue::MonthDay { month, day });
        }
        let mut parts = text.split('-');
        let year = parse_digits(parts.next()?, 4)? as i32;
        let Some(month) = parts.next() else {
            return Some(DateValue::Year(year));
        };
        let month = parse_digits(month, 2)?;
        let Some(day) = parts.next() else {
            return (1..=12)
                .contains(&month)
                .then_some(DateValue::Month { year, month });
        };
        let day = parse_digits(day, 2)?;
        if parts.next().is_some() {
            return None;
        }
        Day::new(year, month, day).map(DateValue::Day)
    }

    pub fn precision(&self) -> Precision {
        match self {
            DateValue::Day(_) => Precision::Day,
            DateValue::Month { .. } => Precision::Month,
            DateValue::Year(_) => Precision::Year,
            DateValue::MonthDay { .. } => Precision::MonthDay,
            DateValue::Interval(..) => Precision::Interval,
        }
    }

    /// Whether every year in it has four digits, as FORMAT.md and RDF write dates:
    /// "il y a 37652 mois" has no such date.
    pub fn has_four_digit_years(&self) -> bool {
        self.bounds().is_none_or(|(start, end)| {
            (0..=9999).contains(&start.year) && (0..=9999).contains(&end.year)
        })
    }

    /// The first and last day the date covers, or `None` without a year.
    pub fn bounds(&self) -> Option<(Day, Day)> {
        match *self {
            DateValue::Day(day) => Some((day, day)),
            DateValue::Month { year, month } => {
                let point = DatePoint::Month { year, month };
                Some((point.first_day(), point.last_day()))
            }
            DateValue::Year(year) => {
                let point = DatePoint::Year(year);
                Some((point.first_day(), point.last_day()))
            }
            DateValue::MonthDay { .. } => None,
            DateValue::Interval(start, end) => Some((start.first_day(), end.last_day())),
        }
    }

    pub fn from_point(point: DatePoint) -> DateValue {
        match point {
            DatePoint::Day(day) => DateValue::Day(day),
            DatePoint::Month { year, month } => DateValue::Month { year, month },
            DatePoint::Year(year) => DateValue::Year(year),
        }
    }
}

fn parse_digits(text: &str, width: usize) -> Option<u32> {
    if text.len() != width || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

impl fmt::Display for DateValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DateValue::Day(day) => DatePoint::Day(day).fmt(f),
            DateValue::Month { year, month } => DatePoint::Month { year, month }.fmt(f),
            DateValue::Year(year) => DatePoint::Year(year).fmt(f),
            DateValue::MonthDay { month, day } => write!(f, "--{month:02}-{day:02}"),
            DateValue::Interval(start, end) => write!(f, "{start}/{end}"),
        }
    }
}

/// A problem found in user input. Bad input is data, not an error: stages return
/// diagnostics beside their results and the run goes on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file (or document id) the problem is in.
    pub source: String,
    /// The 1-based line, when known.
    pub line: Option<u64>,
    pub message: String,
    /// Whether the document was skipped because of it.
    pub skipped: bool,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.source, line, self.message),
            None => write!(f, "{}: {}", self.source, self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table's rows are in the order of the variants (`info` indexes it), and every
    /// name parses back to its type.
    #[test]
    fn relation_kind_rows_follow_the_variants() {
        for (index, info) in RELATION_KINDS.iter().enumerate() {
            assert_eq!(info.kind as usize, index, "{}", info.name);
            assert_eq!(RelationKind::parse(info.name), Some(info.kind));
        }
        assert_eq!(RelationKind::ALL.len(), RELATION_KINDS.len());
        assert!(RelationKind::cooperation().contains(&RelationKind::Partnership));
        assert!(!RelationKind::cooperation().contains(&RelationKind::Rivalry));
    }

    fn check(text: &str, expected: Option<&str>) {
        let parsed = DateValue::parse(text);
        assert_eq!(
            parsed.map(|date| date.to_string()).as_deref(),
            expected,
            "{text}"
        );
    }

    /// Table cells and manifest columns name languages, relation types and statuses
    /// in any ASCII case, with spaces around; anything else is refused.
    #[test]
    fn names_are_parsed_in_any_ascii_case() {
        assert_eq!(Lang::parse(" FR "), Some(Lang::Fr));
        assert_eq!(Lang::parse("Français"), Some(Lang::Fr));
        assert_eq!(Lang::parse("English"), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::parse("fr-fr"), None);
        assert_eq!(
            RelationKind::parse(" Partnership"),
            Some(RelationKind::Partnership)
        );
        assert_eq!(RelationKind::parse("partner"), None);
        assert_eq!(Status::parse("DENIED "), Some(Status::Denied));
        assert_eq!(Status::parse("deny"), None);
        for kind in RelationKind::ALL {
            assert_eq!(
                RelationKind::parse(&kind.as_str().to_uppercase()),
                Some(kind)
            );
        }
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
    }

    #[test]
    fn date_value_round_trips() {
        check("2026-01-16", Some("2026-01-16"));
        check("2024-05", Some("2024-05"));
        check("2023", Some("2023"));
        check("--02-29", Some("--02-29"));
        check("2025-02-10/2025-02-11", Some("2025-02-10/2025-02-11"));
        check("2024-02-30", None);
        check("2024-13", None);
        check("24-01-01", None);
        check("", None);
        check("2024-01-01-01", None);
    }

    #[test]
    fn day_arithmetic_and_weekday() {
        let day = Day::new(2024, 5, 13).unwrap();
        assert_eq!(day.weekday(), 0, "2024-05-13 was a Monday");
        assert_eq!(Day::from_days(day.to_days()), day);
        assert_eq!(day.add_days(-13), Day::new(2024, 4, 30).unwrap());
        assert_eq!(
            Day::new(2024, 12, 31).unwrap().add_days(1),
            Day::new(2025, 1, 1).unwrap()
        );
        assert_eq!(Day::new(1999, 12, 31).unwrap().weekday(), 4, "a Friday");
    }

    proptest::proptest! {
        /// `sorted_range` holds exactly the sorted values that lie in its range, for
        /// every kind of bound.
        #[test]
        fn sorted_range_is_a_filter_of_the_sorted_values(
            mut values in proptest::collection::vec(0usize..30, 0..20),
            low in 0usize..32,
            width in 0usize..12,
        ) {
            values.sort_unstable();
            let high = low + width;
            let filtered = |keep: &dyn Fn(usize) -> bool| -> Vec<usize> {
                values.iter().copied().filter(|&value| keep(value)).collect()
            };
            let of = |range: Range<usize>| values[range].to_vec();
            proptest::prop_assert_eq!(
                of(sorted_range(&values, low..=high, |&value| value)),
                filtered(&|value| low <= value && value <= high)
            );
            proptest::prop_assert_eq!(
                of(sorted_range(&values, low..high, |&value| value)),
                filtered(&|value| low <= value && value < high)
            );
            proptest::prop_assert_eq!(
                of(sorted_range(&values, (Bound::Excluded(low), Bound::Unbounded), |&value| value)),
                filtered(&|value| low < value)
            );
            proptest::prop_assert_eq!(
                of(sorted_range(&values, ..=high, |&value| value)),
                filtered(&|value| value <= high)
            );
        }
    }
}
