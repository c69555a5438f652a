//! Finding time expressions in French and English text and normalising them against the
//! publication date, keeping their precision: a day, a month, a year or an interval.
//!
//! The scanner works on folded text (lower case, no accents) split into tokens; each
//! rule reads a few tokens and says what it covers. Relative expressions ("ce mardi",
//! "le mois dernier", "last week") need the publication date; when it is missing or
//! less precise than the expression, the result degrades to what is known. This module
//! knows nothing of IRIs, actors or relations.

use crate::mention::Folded;
use crate::model::{DatePoint, DateValue, Day, Span, days_in_month};

/// A time expression found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// The original span.
    pub span: Span,
    pub value: DateValue,
}

/// Whether a sentence speaks of the past; decides the year of "le 16 janvier" when that
/// day would fall after publication.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    Past,
    Other,
}

const MONTHS: [(&str, u32); 36] = [
    ("janvier", 1),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("decembre", 12),
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

const WEEKDAYS: [(&str, u32); 14] = [
    ("lundi", 0),
    ("mardi", 1),
    ("mercredi", 2),
    ("jeudi", 3),
    ("vendredi", 4),
    ("samedi", 5),
    ("dimanche", 6),
    ("monday", 0),
    ("tuesday", 1),
    ("wednesday", 2),
    ("thursday", 3),
    ("friday", 4),
    ("saturday", 5),
    ("sunday", 6),
];

const NUMBERS: [(&str, i64); 24] = [
    ("un", 1),
    ("une", 1),
    ("deux", 2),
    ("trois", 3),
    ("quatre", 4),
    ("cinq", 5),
    ("six", 6),
    ("sept", 7),
    ("huit", 8),
    ("neuf", 9),
    ("dix", 10),
    ("douze", 12),
    ("one", 1),
    ("a", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("twelve", 12),
];

/// Words before a bare year: "début 2024", "en 2023", "since 2020".
const YEAR_PREFIXES: [&str; 13] = [
    "debut", "fin", "mi", "en", "in", "depuis", "since", "courant", "early", "late", "mid",
    "annee", "year",
];

/// Other words a rule can start with.
const KEYWORDS: [&str; 19] = [
    "aujourd",
    "today",
    "hier",
    "yesterday",
    "demain",
    "tomorrow",
    "avant",
    "ce",
    "cette",
    "this",
    "last",
    "next",
    "past",
    "il",
    "semaine",
    "week",
    "mois",
    "month",
    "an",
];

/// For each first byte, the lengths (bit per length, up to 31) of a set of words: a
/// word of another first byte or length is none of them.
struct Starts([u32; 256]);

impl Starts {
    fn of<'w>(words: impl IntoIterator<Item = &'w str>) -> Starts {
        let mut table = [0u32; 256];
        for word in words {
            table[usize::from(word.as_bytes()[0])] |= 1 << word.len();
        }
        Starts(table)
    }

    #[inline]
    fn may_start(&self, word: &str) -> bool {
        match word.as_bytes().first() {
            Some(&first) => word.len() < 32 && self.0[usize::from(first)] & (1 << word.len()) != 0,
            None => false,
        }
    }
}

/// The words other than numbers that a rule can start with: a (first byte, length)
/// filter, then the exact set.
///
/// Tried before: the filter alone, then the tables scanned one by one. It let through
/// common words that share a first letter and a length with some start word ("des",
/// "pour", "sur"), and each of them then paid some seventy string comparisons. The
/// exact set alone costs a string hash for every token. callgrind, 1,000 generated
/// articles: 917.7 M instructions for the pipeline with the filter and the scans,
/// 911.7 M with the set alone; with both, 876.9 M -> 865.3 M (after the other changes of
/// this session).
///
/// The set's lookups are now the date scan's largest cost (callgrind, `extract` on
/// 1,000 generated articles: 45,627 of them, 82 instructions each). Tried: the start
/// words of the word's first byte compared in turn instead (301.0 M -> 301.4 M
/// instructions, 4.73 M -> 4.93 M mispredicted branches: the loop's exits). Not kept.
struct StartWords {
    shapes: Starts,
    words: rustc_hash::FxHashSet<&'static str>,
}

impl StartWords {
    #[inline]
    fn contains(&self, word: &str) -> bool {
        self.shapes.may_start(word) && self.words.contains(word)
    }
}

static START_WORDS: std::sync::LazyLock<StartWords> = std::sync::LazyLock::new(|| {
    let words: rustc_hash::FxHashSet<&'static str> = MONTHS
        .iter()
        .map(|(word, _)| *word)
        .chain(WEEKDAYS.iter().map(|(word, _)| *word))
        .chain(NUMBERS.iter().map(|(word, _)| *word))
        .chain(YEAR_PREFIXES)
        .chain(KEYWORDS)
        .collect();
    StartWords {
        shapes: Starts::of(words.iter().copied()),
        words,
    }
});

/// The month names. The rules ask whether the words after a number are months ("le
/// 10 et 11 février"): callgrind, 1,000 generated articles, functions kept out of
/// line to count them: with only a first-letter test before the table scan, `month`
/// took 2.9% of the pipeline's instructions. With this filter and `both_after`
/// asking for a pair first, the pipeline went from 970.0 M to 939.4 M.
static MONTH_SHAPES: std::sync::LazyLock<Starts> =
    std::sync::LazyLock::new(|| Starts::of(MONTHS.iter().map(|(word, _)| *word)));

fn month(word: &str) -> Option<u32> {
    // Most words are no month: reject them on their first letter and length.
    if !MONTH_SHAPES.may_start(word) {
        return None;
    }
    MONTHS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, number)| *number)
}

/// The day of the week a folded word names, Monday 0 ("mardi", "tuesday": 1).
pub fn weekday(word: &str) -> Option<u32> {
    WEEKDAYS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, number)| *number)
}

fn number(word: &str) -> Option<i64> {
    if let Ok(value) = word.parse::<i64>() {
        return Some(value);
    }
    NUMBERS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, number)| *number)
}

fn day_number(word: &str) -> Option<u32> {
    let digits = word
        .strip_suffix("er")
        .or_else(|| word.strip_suffix("st"))
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))
        .or_else(|| word.strip_suffix("th"))
        .unwrap_or(word);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: u32 = digits.parse().ok()?;
    (1..=31).contains(&value).then_some(value)
}

fn year_number(word: &str) -> Option<i32> {
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: i32 = word.parse().ok()?;
    (1900..=2100).contains(&value).then_some(value)
}

/// A token of folded text: a word or a single punctuation char.
#[derive(Clone, Copy, Debug)]
struct Token<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

/// What the rules read of a token: its text and span. The pipeline's tokens are read
/// as they are; `find_dates` makes its own.
trait Word {
    fn text(&self) -> &str;
    fn bounds(&self) -> (usize, usize);
}

impl Word for Token<'_> {
    fn text(&self) -> &str {
        self.text
    }

    fn bounds(&self) -> (usize, usize) {
        (self.start, self.end)
    }
}

impl Word for crate::text::Token<'_> {
    fn text(&self) -> &str {
        self.norm
    }

    fn bounds(&self) -> (usize, usize) {
        (self.span.start, self.span.end)
    }
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut word_start: Option<usize> = None;
    for (index, ch) in text.char_indices() {
        if ch.is_alphanumeric() {
            word_start.get_or_insert(index);
            continue;
        }
        if let Some(start) = word_start.take() {
            tokens.push(Token {
                text: &text[start..index],
                start,
                end: index,
            });
        }
        if !ch.is_whitespace() {
            tokens.push(Token {
                text: &text[index..index + ch.len_utf8()],
                start: index,
                end: index + ch.len_utf8(),
            });
        }
    }
    if let Some(start) = word_start {
        tokens.push(Token {
            text: &text[start..],
            start,
            end: text.len(),
        });
    }
    tokens
}

/// The publication date as the reference for relative expressions.
#[derive(Clone, Copy, Debug)]
struct Reference {
    published: Option<DateValue>,
}

impl Reference {
    fn day(self) -> Option<Day> {
        match self.published? {
            DateValue::Day(day) => Some(day),
            _ => None,
        }
    }

    fn year(self) -> Option<i32> {
        match self.published? {
            DateValue::Day(day) => Some(day.year),
            DateValue::Month { year, .. } => Some(year),
            DateValue::Year(year) => Some(year),
            DateValue::Interval(start, _) => match start {
                DatePoint::Day(day) => Some(day.year),
                DatePoint::Month { year, .. } | DatePoint::Year(year) => Some(year),
            },
            DateValue::MonthDay { .. } => None,
        }
    }

    fn month(self) -> Option<(i32, u32)> {
        match self.published? {
            DateValue::Day(day) => Some((day.year, day.month)),
            DateValue::Month { year, month } => Some((year, month)),
            _ => None,
        }
    }

    /// The publication date at its own precision: what a relative day degrades to.
    fn as_known(self) -> Option<DateValue> {
        match self.published? {
            DateValue::MonthDay { .. } => None,
            other => Some(other),
        }
    }

    fn shift_days(self, days: i64) -> Option<DateValue> {
        match self.day() {
            Some(day) => Some(DateValue::Day(day.add_days(days))),
            None => self.as_known(),
        }
    }

    fn shift_months(self, months: i32) -> Option<DateValue> {
        let (year, month) = self.month()?;
        let index = year * 12 + month as i32 - 1 + months;
        Some(DateValue::Month {
            year: index.div_euclid(12),
            month: (index.rem_euclid(12) + 1) as u32,
        })
    }

    fn shift_years(self, years: i32) -> Option<DateValue> {
        Some(DateValue::Year(self.year()? + years))
    }

    /// The week `weeks` away from the publication week (Monday to Sunday), written as a
    /// month when it lies in one month, else as an interval of days.
    fn week(self, weeks: i64) -> Option<DateValue> {
        let Some(day) = self.day() else {
            return self.as_known();
        };
        let monday = day.add_days(-i64::from(day.weekday()) + 7 * weeks);
        let sunday = monday.add_days(6);
        if monday.year == sunday.year && monday.month == sunday.month {
            Some(DateValue::Month {
                year: monday.year,
                month: monday.month,
            })
        } else {
            Some(DateValue::Interval(
                DatePoint::Day(monday),
                DatePoint::Day(sunday),
            ))
        }
    }

    /// A day and month without a year: the publication year, or the year before when
    /// that would put a past event after publication.
    fn day_of_month(self, month: u32, day: u32, tense: Tense) -> Option<DateValue> {
        let Some(year) = self.year() else {
            return Day::new(2000, month, day).map(|_| DateValue::MonthDay { month, day });
        };
        let candidate = Day::new(year, month, day)?;
        let after_publication = match self.published? {
            DateValue::Day(published) => candidate > published,
            DateValue::Month {
                month: published_month,
                ..
            } => month > published_month,
            _ => false,
        };
        if after_publication && tense == Tense::Past {
            return Day::new(year - 1, month, day).map(DateValue::Day);
        }
        Some(DateValue::Day(candidate))
    }

    /// A month without a year, resolved the same way.
    fn month_of_year(self, month: u32, past: bool) -> Option<DateValue> {
        let (year, published_month) = match self.month() {
            Some(known) => known,
            None => return self.year().map(|year| DateValue::Month { year, month }),
        };
        let year = if past && month > published_month {
            year - 1
        } else {
            year
        };
        Some(DateValue::Month { year, month })
    }

    /// A weekday relative to the publication week: `offset_weeks` 0 is "ce mardi".
    fn weekday(self, weekday: u32, offset_weeks: i64) -> Option<DateValue> {
        let Some(day) = self.day() else {
            return self.as_known();
        };
        let monday = day.add_days(-i64::from(day.weekday()));
        Some(DateValue::Day(
            monday.add_days(i64::from(weekday) + 7 * offset_weeks),
        ))
    }

    /// The last such weekday on or before publication ("signé jeudi").
    fn weekday_on_or_before(self, weekday: u32) -> Option<DateValue> {
        let Some(day) = self.day() else {
            return self.as_known();
        };
        let back = (i64::from(day.weekday()) - i64::from(weekday)).rem_euclid(7);
        Some(DateValue::Day(day.add_days(-back)))
    }

    /// The next such weekday on or after publication ("se réuniront jeudi").
    fn weekday_on_or_after(self, weekday: u32) -> Option<DateValue> {
        let Some(day) = self.day() else {
            return self.as_known();
        };
        let ahead = (i64::from(weekday) - i64::from(day.weekday())).rem_euclid(7);
        Some(DateValue::Day(day.add_days(ahead)))
    }

    /// The last such weekday strictly before publication.
    fn last_weekday(self, weekday: u32) -> Option<DateValue> {
        let Some(day) = self.day() else {
            return self.as_known();
        };
        let back = (i64::from(day.weekday()) - i64::from(weekday)).rem_euclid(7);
        let back = if back == 0 { 7 } else { back };
        Some(DateValue::Day(day.add_days(-back)))
    }
}

/// Finds and normalises every time expression in `text` (a sentence, usually).
pub fn find_dates(text: &str, published: Option<DateValue>, tense: Tense) -> Vec<DateMention> {
    let folded = Folded::new(text);
    let tokens = tokenize(&folded.text);
    scan(&tokens, published, tense)
        .map(|(start, end, value)| DateMention {
            span: folded.original_span(start, end),
            value,
        })
        .collect()
}

/// `find_dates` over tokens the pipeline already made (one sentence's, usually): no
/// second folding and tokenising of the text. Spans are those of the tokens.
///
/// perf on 10,000 articles, one thread: `find_dates` was 14% of `extract` when each
/// sentence was folded and tokenised again for it; the document's tokens are the same
/// words, since folding never turns a letter into punctuation or back.
pub fn find_dates_in(
    tokens: &[crate::text::Token],
    published: Option<DateValue>,
    tense: Tense,
) -> Vec<DateMention> {
    scan(tokens, published, tense)
        .map(|(start, end, value)| DateMention {
            span: Span::new(start, end),
            value,
        })
        .collect()
}

/// Every resolvable expression as (start, end, value), in the tokens' own offsets.
fn scan<'t, T: Word>(
    tokens: &'t [T],
    published: Option<DateValue>,
    tense: Tense,
) -> impl Iterator<Item = (usize, usize, DateValue)> + 't {
    let reference = Reference { published };
    // Read once for the sentence, not through the `LazyLock` for every token: a call of
    // `may_start` per token was 2.8% of the pipeline's instructions (callgrind, 1,000
    // generated articles: 564.5 M for the pipeline, 558.3 M this way).
    let start_words: &StartWords = &START_WORDS;
    let mut index = 0;
    std::iter::from_fn(move || {
        while index < tokens.len() {
            // Most tokens start no expression: they are turned away before the call.
            if !may_start(start_words, tokens[index].text()) {
                index += 1;
                continue;
            }
            let Some((length, value)) = match_at(tokens, index, reference, tense) else {
                index += 1;
                continue;
            };
            let (start, end) = (
                tokens[index].bounds().0,
                tokens[index + length - 1].bounds().1,
            );
            index += length;
            // Relative expressions can reach any year ("il y a 37652 mois"); one that
            // cannot be written as YYYY is no date (found by the date fuzz target).
            if let Some(value) = value
                && value.has_four_digit_years()
            {
                return Some((start, end, value));
            }
        }
        None
    })
}

/// Whether a rule can start with `word`: every rule starts with a number or one of
/// `START_WORDS`; most tokens are none of them. A token is a run of letters and digits
/// or one other char, so a number among them starts with a digit. perf on 10,000
/// articles: this test, made of table scans, was once 7% of `extract`.
#[inline]
fn may_start(start_words: &StartWords, word: &str) -> bool {
    starts_with_digit(word) || start_words.contains(word)
}

fn starts_with_digit(word: &str) -> bool {
    word.as_bytes().first().is_some_and(u8::is_ascii_digit)
}

/// Tries every rule at token `i`, a token that `may_start`; returns how many tokens
/// matched and the value (None when the expression is recognised but cannot be
/// resolved).
///
/// The rules that start with a number are tried only for a token that starts with a
/// digit, and the month a token names is looked up once. callgrind, 1,000 generated
/// articles: with every rule tried in turn for every token that may start one (a
/// rule's tuple evaluates all its parts) and `may_start` tested inside this call, the
/// pipeline took 668.0 M instructions, 654.0 M this way; reading the pipeline's tokens
/// through `Word` instead of copying them into a vector per sentence, 650.0 M.
fn match_at<T: Word>(
    tokens: &[T],
    i: usize,
    reference: Reference,
    tense: Tense,
) -> Option<(usize, Option<DateValue>)> {
    let word = |offset: usize| tokens.get(i + offset).map_or("", T::text);
    let w0 = word(0);
    if starts_with_digit(w0)
        && let Some(found) = match_number_first(&word, reference, tense)
    {
        return Some(found);
    }
    let m0 = month(w0);
    // "January 16, 2025", "January 16".
    if let (Some(m), Some(d)) = (m0, day_number(word(1))) {
        {
            if word(2) == ","
                && let Some(year) = year_number(word(3))
            {
                return Some((4, Day::new(year, m, d).map(DateValue::Day)));
            }
            if let Some(year) = year_number(word(2)) {
                return Some((3, Day::new(year, m, d).map(DateValue::Day)));
            }
            if word(2) == "-"
                && let Some(second) = day_number(word(3))
            {
                let year = year_number(word(4));
                let length = if year.is_some() { 5 } else { 4 };
                return Some((
                    length,
                    interval_of_days(reference, year, m, d, second, tense),
                ));
            }
            return Some((2, reference.day_of_month(m, d, tense)));
        }
    }
    // "janvier 2025", "January 2025".
    if let Some(m) = m0 {
        if let Some(year) = year_number(word(1)) {
            return Some((2, Some(DateValue::Month { year, month: m })));
        }
        if w0.len() > 3 {
            // "en janvier dernier", "last January" (handled below), "janvier dernier".
            if word(1) == "dernier" {
                return Some((2, reference.month_of_year(m, true)));
            }
            if word(1) == "prochain" {
                return Some((2, reference.month_of_year(m, false)));
            }
            // "en janvier" alone: the publication year, in the past when past tense.
            let previous = i.checked_sub(1).map_or("", |p| tokens[p].text());
            if matches!(
                previous,
                "en" | "in" | "depuis" | "since" | "courant" | "fin" | "debut"
            ) {
                return Some((1, reference.month_of_year(m, tense == Tense::Past)));
            }
        }
    }
    // "début 2024", "fin 2024", "mi-2024", "en 2023", "in 2023", "depuis 2020".
    if YEAR_PREFIXES.contains(&w0) {
        let next = if word(1) == "-" { 2 } else { 1 };
        if let Some(year) = year_number(word(next)) {
            return Some((next + 1, Some(DateValue::Year(year))));
        }
    }
    // Today, yesterday, tomorrow.
    match w0 {
        "aujourd" if word(1) == "'" && word(2) == "hui" => {
            return Some((3, reference.shift_days(0)));
        }
        "today" => return Some((1, reference.shift_days(0))),
        // "les technologies de demain", "le monde d'hier" speak of no day.
        "hier" | "demain" if i > 0 && matches!(tokens[i - 1].text(), "de" | "d" | "'") => {
            return Some((1, None));
        }
        "hier" | "yesterday" => return Some((1, reference.shift_days(-1))),
        "demain" | "tomorrow" => return Some((1, reference.shift_days(1))),
        "avant" if word(1) == "-" && word(2) == "hier" => {
            return Some((3, reference.shift_days(-2)));
        }
        _ => {}
    }
    // "ce mardi", "mardi dernier", "mardi prochain", "last Tuesday", "this Tuesday".
    if matches!(w0, "ce" | "this")
        && let Some(wd) = weekday(word(1))
    {
        return Some((2, reference.weekday(wd, 0)));
    }
    if matches!(w0, "last")
        && let Some(wd) = weekday(word(1))
    {
        return Some((2, reference.last_weekday(wd)));
    }
    if matches!(w0, "next")
        && let Some(wd) = weekday(word(1))
    {
        return Some((2, reference.weekday(wd, 1)));
    }
    if let Some(wd) = weekday(w0) {
        return match word(1) {
            "dernier" => Some((2, reference.last_weekday(wd))),
            "prochain" => Some((2, reference.weekday(wd, 1))),
            // "jeudi 6 février": the day and month that follow say it.
            _ if day_number(word(1)).is_some() => None,
            // A bare weekday in news ("ont signé jeudi", "on Thursday") is the last such
            // day up to publication, or the next one in a sentence about the future.
            _ => match tense {
                Tense::Past => Some((1, reference.weekday_on_or_before(wd))),
                Tense::Other => Some((1, reference.weekday_on_or_after(wd))),
            },
        };
    }
    // "la semaine dernière", "le mois dernier", "l'année dernière", "l'an dernier",
    // "la semaine prochaine", "cette année", "ce mois-ci".
    let unit_shift = |unit: &str, shift: i32| -> Option<Option<DateValue>> {
        match unit {
            "semaine" | "week" => Some(reference.week(i64::from(shift))),
            "mois" | "month" => Some(reference.shift_months(shift)),
            "annee" | "an" | "year" => Some(reference.shift_years(shift)),
            _ => None,
        }
    };
    if matches!(word(1), "derniere" | "dernier" | "passee" | "passe")
        && let Some(value) = unit_shift(w0, -1)
    {
        return Some((2, value));
    }
    if matches!(word(1), "prochaine" | "prochain")
        && let Some(value) = unit_shift(w0, 1)
    {
        return Some((2, value));
    }
    if matches!(w0, "last" | "past") {
        if let Some(value) = unit_shift(word(1), -1) {
            return Some((2, value));
        }
        if let Some(m) = month(word(1))
            && word(1).len() > 3
        {
            return Some((2, reference.month_of_year(m, true)));
        }
    }
    if w0 == "next"
        && let Some(value) = unit_shift(word(1), 1)
    {
        return Some((2, value));
    }
    if matches!(w0, "cette" | "ce" | "this")
        && let Some(value) = unit_shift(word(1), 0)
    {
        let length = if word(2) == "-" && word(3) == "ci" {
            4
        } else {
            2
        };
        return Some((length, value));
    }
    // "il y a deux ans", "two years ago".
    if w0 == "il"
        && word(1) == "y"
        && word(2) == "a"
        && let Some(n) = number(word(3))
        && let Some(value) = ago(reference, n, word(4))
    {
        return Some((5, value));
    }
    if let Some(n) = number(w0)
        && word(2) == "ago"
        && let Some(value) = ago(reference, n, word(1))
    {
        return Some((3, value));
    }
    None
}

/// The rules of `match_at` that start with a number (its first word starts with a
/// digit); `word(k)` is the `k`-th word from there.
fn match_number_first<'w>(
    word: &impl Fn(usize) -> &'w str,
    reference: Reference,
    tense: Tense,
) -> Option<(usize, Option<DateValue>)> {
    let w0 = word(0);
    let d0 = day_number(w0);
    // ISO dates: 2025-02-10.
    if let (Some(year), "-", Some(m), "-", Some(d)) = (
        year_number(w0),
        word(1),
        word(2).parse::<u32>().ok(),
        word(3),
        word(4).parse::<u32>().ok(),
    ) && let Some(day) = Day::new(year, m, d)
    {
        return Some((5, Some(DateValue::Day(day))));
    }
    // Numeric dates: 16/01/2025 (day first in French and British usage; month first
    // when the first number cannot be a month... and the second cannot be one either
    // only for the American order).
    if let (Some(a), "/", Some(b), "/", Some(year)) = (
        d0,
        word(1),
        day_number(word(2)),
        word(3),
        year_number(word(4)),
    ) {
        let day = Day::new(year, b, a).or_else(|| Day::new(year, a, b));
        if let Some(day) = day {
            return Some((5, Some(DateValue::Day(day))));
        }
    }
    // Intervals: "les 10 et 11 février 2025", "du 10 au 12 mars", "10-11 February 2025",
    // "between 10 and 12 March".
    if let (Some(first), Some(second)) = (d0, day_number(word(2)))
        && matches!(word(1), "et" | "au" | "-" | "and" | "to")
        && let Some(m) = month(word(3))
    {
        let (year, length) = match year_number(word(4)) {
            Some(year) => (Some(year), 5),
            None => (None, 4),
        };
        let value = interval_of_days(reference, year, m, first, second, tense);
        return Some((length, value));
    }
    // "du 10 mars au 2 avril 2025".
    if let (Some(first), Some(first_month), "au" | "to", Some(second), Some(second_month)) = (
        d0,
        month(word(1)),
        word(2),
        day_number(word(3)),
        month(word(4)),
    ) {
        let (year, length) = match year_number(word(5)) {
            Some(year) => (Some(year), 6),
            None => (None, 5),
        };
        let year = year.or_else(|| reference.year());
        let value = year.and_then(|year| {
            let end = Day::new(year, second_month, second)?;
            // The year is written (or assumed) once, for the end: a start later in the
            // year than the end is in the year before ("du 20 décembre au 5 janvier").
            let start = Day::new(year, first_month, first)
                .filter(|start| *start <= end)
                .or_else(|| Day::new(year - 1, first_month, first))?;
            Some(DateValue::Interval(
                DatePoint::Day(start),
                DatePoint::Day(end),
            ))
        });
        return Some((length, value));
    }
    // "16 janvier 2025", "le 16 janvier", "1er mars".
    if let (Some(d), Some(m)) = (d0, month(word(1))) {
        if let Some(year) = year_number(word(2)) {
            return Some((3, Day::new(year, m, d).map(DateValue::Day)));
        }
        return Some((2, reference.day_of_month(m, d, tense)));
    }
    None
}

fn ago(reference: Reference, n: i64, unit: &str) -> Option<Option<DateValue>> {
    let n32 = i32::try_from(n).ok()?;
    match unit {
        "jour" | "jours" | "day" | "days" => Some(reference.shift_days(-n)),
        "semaine" | "semaines" | "week" | "weeks" => Some(reference.week(-n)),
        "mois" | "month" | "months" => Some(reference.shift_months(-n32)),
        "an" | "ans" | "annee" | "annees" | "year" | "years" => Some(reference.shift_years(-n32)),
        _ => None,
    }
}

fn interval_of_days(
    reference: Reference,
    year: Option<i32>,
    month: u32,
    first: u32,
    second: u32,
    tense: Tense,
) -> Option<DateValue> {
    if second <= first || second > days_in_month(year.unwrap_or(2000), month) {
        return None;
    }
    let start = match year {
        Some(year) => DateValue::Day(Day::new(year, month, first)?),
        None => reference.day_of_month(month, first, tense)?,
    };
    match start {
        DateValue::Day(start) => {
            let end = Day::new(start.year, month, second)?;
            Some(DateValue::Interval(
                DatePoint::Day(start),
                DatePoint::Day(end),
            ))
        }
        // No year known: the interval cannot be written in ISO 8601; keep its start.
        other => Some(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, published: &str, expected: &[&str]) {
        check_tense(text, published, Tense::Past, expected);
    }

    fn check_tense(text: &str, published: &str, tense: Tense, expected: &[&str]) {
        let published = DateValue::parse(published);
        let found: Vec<String> = find_dates(text, published, tense)
            .iter()
            .map(|mention| mention.value.to_string())
            .collect();
        assert_eq!(found, expected, "{text:?} published {published:?}");
    }

    #[test]
    fn absolute_dates() {
        check(
            "Le 16 janvier 2025, Paris et Rabat",
            "2026-01-16",
            &["2025-01-16"],
        );
        check("signé le 1er mars 2024", "2024-03-02", &["2024-03-01"]);
        check(
            "signed on January 16, 2025 in",
            "2025-02-01",
            &["2025-01-16"],
        );
        check("signed on 16 January 2025", "2025-02-01", &["2025-01-16"]);
        check("le 16/01/2025 à Rabat", "2025-02-01", &["2025-01-16"]);
        check("on 2025-01-16 in", "", &["2025-01-16"]);
        check("le 31 février 2025", "2025-03-01", &[]);
    }

    #[test]
    fn partial_dates_take_the_year_of_publication() {
        check("Le 16 janvier, les deux pays", "2026-01", &["2026-01-16"]);
        // Published early January, a past "20 décembre" is last year's.
        check(
            "Le 20 décembre, les deux pays ont signé",
            "2026-01-05",
            &["2025-12-20"],
        );
        check_tense(
            "le 20 décembre, ils signeront",
            "2026-01-05",
            Tense::Other,
            &["2026-12-20"],
        );
        check(
            "On December 20, the two signed",
            "2026-01-05",
            &["2025-12-20"],
        );
        check("le 16 janvier", "", &["--01-16"]);
    }

    #[test]
    fn months_and_years() {
        check("en janvier 2025, Pékin", "2025-06", &["2025-01"]);
        check("in January 2025, Beijing", "2025-06", &["2025-01"]);
        check("en janvier dernier, DeepSeek", "2025-02", &["2025-01"]);
        check("en décembre dernier", "2025-02-03", &["2024-12"]);
        check("last December", "2025-02-03", &["2024-12"]);
        check("début 2024, le pays", "2025-02", &["2024"]);
        check("depuis 2020", "2025-02", &["2020"]);
        check("500 milliards de dollars en 2030", "2025-02", &["2030"]);
        check("500 milliards de dollars", "2025-02", &[]);
    }

    #[test]
    fn intervals() {
        check(
            "les 10 et 11 février 2025, lors",
            "2025-02",
            &["2025-02-10/2025-02-11"],
        );
        check_tense(
            "du 10 au 12 mars",
            "2025-02-01",
            Tense::Other,
            &["2025-03-10/2025-03-12"],
        );
        check("du 10 au 12 mars", "2025-02-01", &["2024-03-10/2024-03-12"]);
        check(
            "du 10 mars au 2 avril 2025",
            "2025-01-01",
            &["2025-03-10/2025-04-02"],
        );
        // An interval across the new year: the start is in the year before the end's
        // (found by fuzzing: "du 6 mai au 5 mai" gave a start after its end).
        check(
            "du 20 décembre au 5 janvier 2025",
            "2025-02-01",
            &["2024-12-20/2025-01-05"],
        );
        check(
            "du 28 novembre au 3 janvier",
            "2025-02-01",
            &["2024-11-28/2025-01-03"],
        );
        check(
            "on 10-11 February 2025",
            "2025-03-01",
            &["2025-02-10/2025-02-11"],
        );
        check(
            "February 10-11, the summit",
            "2025-03-01",
            &["2025-02-10/2025-02-11"],
        );
        check(
            "between 10 and 12 March 2025",
            "2025-01-01",
            &["2025-03-10/2025-03-12"],
        );
        // Across a year boundary: a late-December interval read in January is last year's.
        check(
            "les 30 et 31 décembre",
            "2026-01-04",
            &["2025-12-30/2025-12-31"],
        );
    }

    #[test]
    fn relative_dates() {
        // 2024-05-13 was a Monday.
        check("entament ce mardi à Genève", "2024-05-13", &["2024-05-14"]);
        check("mardi dernier, Pékin", "2024-05-13", &["2024-05-07"]);
        check("last Tuesday, Beijing", "2024-05-13", &["2024-05-07"]);
        check("hier, Washington", "2024-05-13", &["2024-05-12"]);
        check("yesterday, Washington", "2025-01-01", &["2024-12-31"]);
        check("aujourd’hui", "2024-05-13", &["2024-05-13"]);
        check(
            "La semaine dernière, des discussions",
            "2024-05-13",
            &["2024-05"],
        );
        check("last week, talks", "2024-05-13", &["2024-05"]);
        // The week before Wednesday 2024-05-08 spans April and May.
        check(
            "la semaine dernière",
            "2024-05-08",
            &["2024-04-29/2024-05-05"],
        );
        check("la semaine dernière", "2024-05-01", &["2024-04"]);
        check("le mois dernier", "2024-05-13", &["2024-04"]);
        check("le mois dernier", "2025-01-10", &["2024-12"]);
        check("last month", "2025-01-10", &["2024-12"]);
        check("l’année dernière", "2024-05-13", &["2023"]);
        check("l'an dernier", "2024-05", &["2023"]);
        check("last year", "2024", &["2023"]);
        check("il y a deux ans", "2024-05-13", &["2022"]);
        check("two years ago", "2024-05-13", &["2022"]);
        check("il y a trois jours", "2024-03-02", &["2024-02-28"]);
        check("cette année", "2024-05-13", &["2024"]);
        // Bare weekdays: 2025-02-07 was a Friday.
        check("ont signé jeudi un accord", "2025-02-07", &["2025-02-06"]);
        check("signed a deal on Thursday", "2025-02-07", &["2025-02-06"]);
        check("a annoncé vendredi", "2025-02-07", &["2025-02-07"]);
        check_tense(
            "se réuniront lundi",
            "2025-02-07",
            Tense::Other,
            &["2025-02-10"],
        );
        check("jeudi 6 février", "2025-02-07", &["2025-02-06"]);
        // Across a year boundary: Thursday before Friday 2027-01-01.
        check("ont signé jeudi", "2027-01-01", &["2026-12-31"]);
        check("l'économie numérique de demain", "2024-05-13", &[]);
        check("les technologies d'hier", "2024-05-13", &[]);
    }

    #[test]
    fn relative_days_degrade_to_what_publication_gives() {
        check("ce mardi", "2024-05", &["2024-05"]);
        check("hier", "2024", &["2024"]);
        check("hier", "", &[]);
    }

    #[test]
    fn relative_dates_beyond_four_digit_years_are_dropped() {
        check("il y a 3 mois", "1992-03-10", &["1991-12"]);
        check("il y a 37652 mois", "1992-03-10", &[]);
        check("40000 years ago", "2024-05-01", &[]);
        check("in 9000 years", "2024-05-01", &[]);
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    fn published() -> impl Strategy<Value = Option<DateValue>> {
        prop_oneof![
            Just(None),
            (1990i32..2060, 1u32..=12, 1u32..=28)
                .prop_map(|(year, month, day)| Day::new(year, month, day).map(DateValue::Day)),
            (1990i32..2060, 1u32..=12)
                .prop_map(|(year, month)| Some(DateValue::Month { year, month })),
            (1990i32..2060).prop_map(|year| Some(DateValue::Year(year))),
        ]
    }

    /// Words the scanner reacts to, mixed with noise, so that random text reaches the
    /// rules rather than only the first-word check.
    fn phrase() -> impl Strategy<Value = String> {
        let words = prop::sample::select(vec![
            "le",
            "du",
            "au",
            "les",
            "et",
            "en",
            "il",
            "y",
            "a",
            "ce",
            "cette",
            "dernier",
            "dernière",
            "prochain",
            "semaine",
            "mois",
            "année",
            "an",
            "janvier",
            "février",
            "mars",
            "mai",
            "décembre",
            "lundi",
            "mardi",
            "dimanche",
            "last",
            "next",
            "week",
            "May",
            "March",
            "ago",
            "two",
            "deux",
            "1er",
            "10",
            "11",
            "31",
            "2024",
            "2025",
            "9999",
            "-",
            "/",
            ",",
            "hier",
            "demain",
            "aujourd'hui",
            "début",
            "fin",
            "mi",
            "on",
            "between",
            "to",
        ]);
        prop::collection::vec(
            prop_oneof![words.prop_map(str::to_string), "\\PC{0,6}"],
            0..12,
        )
        .prop_map(|words| words.join(" "))
    }

    /// Every word of the date tables that a rule can start with.
    fn listed_words() -> Vec<String> {
        let named = MONTHS
            .iter()
            .chain(&WEEKDAYS)
            .map(|(name, _)| name.to_string());
        let numbers = NUMBERS.iter().map(|(name, _)| name.to_string());
        let others = YEAR_PREFIXES
            .iter()
            .chain(&KEYWORDS)
            .map(|word| word.to_string());
        named.chain(numbers).chain(others).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The start-word filter keeps exactly the words of the tables.
        #[test]
        fn start_words_are_the_tables_words(
            word in prop_oneof![
                proptest::sample::select(listed_words()),
                "[a-z]{0,12}",
                "[a-z]{30,34}",
                "\\PC{0,4}",
            ],
        ) {
            prop_assert_eq!(START_WORDS.contains(&word), listed_words().contains(&word), "{:?}", word);
        }

        /// The shape filter before the month table rejects no month: `month` answers
        /// what a scan of the table answers, for month names, their neighbours and
        /// any word.
        #[test]
        fn month_is_the_table_lookup(
            word in prop_oneof![
                proptest::sample::select(MONTHS.iter().map(|(name, _)| name.to_string()).collect::<Vec<_>>()),
                "[a-z]{0,10}",
                "\\PC{0,4}",
            ],
            suffix in "[a-z]?",
        ) {
            for candidate in [word.clone(), format!("{word}{suffix}")] {
                let scanned = MONTHS
                    .iter()
                    .find(|(name, _)| *name == candidate)
                    .map(|(_, number)| *number);
                prop_assert_eq!(month(&candidate), scanned, "{:?}", candidate);
            }
        }

        /// The pipeline's path (the document's tokens) finds what the text path finds
        /// in each sentence, at the same offsets.
        #[test]
        fn document_tokens_give_the_dates_of_each_sentence(text in phrase(), published in published()) {
            let folded = Folded::new(&text);
            let tokens = crate::text::Tokens::new(&text, &folded);
            for (index, span) in tokens.sentences.iter().enumerate() {
                let expected: Vec<(usize, usize, DateValue)> =
                    find_dates(&text[span.start..span.end], published, Tense::Past)
                        .into_iter()
                        .map(|found| (found.span.start + span.start, found.span.end + span.start, found.value))
                        .collect();
                let found: Vec<(usize, usize, DateValue)> =
                    find_dates_in(tokens.of_sentence(index), published, Tense::Past)
                        .into_iter()
                        .map(|found| (found.span.start, found.span.end, found.value))
                        .collect();
                prop_assert_eq!(found, expected);
            }
        }

        /// Any text: no panic, spans inside the text on char boundaries, and every
        /// value prints as FORMAT.md date text that parses back to itself.
        #[test]
        fn any_text_gives_valid_dates(text in phrase(), published in published(), past in any::<bool>()) {
            let tense = if past { Tense::Past } else { Tense::Other };
            for found in find_dates(&text, published, tense) {
                prop_assert!(found.span.start <= found.span.end && found.span.end <= text.len());
                prop_assert!(text.is_char_boundary(found.span.start) && text.is_char_boundary(found.span.end));
                let printed = found.value.to_string();
                prop_assert_eq!(DateValue::parse(&printed), Some(found.value), "{}", printed);
                if let Some((start, end)) = found.value.bounds() {
                    prop_assert!(start <= end);
                }
            }
        }

        /// A full absolute date is read as itself whatever the publication date.
        #[test]
        fn absolute_dates_do_not_depend_on_publication(
            year in 1990i32..2060, month in 1u32..=12, day in 1u32..=28, published in published()
        ) {
            const NAMES: [&str; 12] = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
            let text = format!("le {day} {} {year}", NAMES[month as usize - 1]);
            let found = find_dates(&text, published, Tense::Past);
            prop_assert_eq!(found.len(), 1);
            prop_assert_eq!(found[0].value, DateValue::Day(Day::new(year, month, day).unwrap()));
        }

        /// Relative days never land after publication in the past tense.
        #[test]
        fn past_weekdays_are_on_or_before_publication(
            year in 1990i32..2060, month in 1u32..=12, day in 1u32..=28, weekday in 0usize..7
        ) {
            const DAYS: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
            let published = Day::new(year, month, day).unwrap();
            let text = format!("ont signé {}", DAYS[weekday]);
            let found = find_dates(&text, Some(DateValue::Day(published)), Tense::Past);
            match found[0].value {
                DateValue::Day(found) => {
                    prop_assert!(found <= published);
                    prop_assert!(published.to_days() - found.to_days() < 7);
                    prop_assert_eq!(found.weekday() as usize, weekday);
                }
                other => prop_assert!(false, "{:?}", other),
            }
        }
    }
}
