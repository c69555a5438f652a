//! The date grammar: the rules that read a few tokens from one that may start an
//! expression, with the words of `DateWords`, and say how many tokens they cover and
//! what date that is. Punctuation (",", "-", "/") is structural and read as it is.

use super::reference::Reference;
use super::words::{DateWord, DateWords, Unit};
use super::{Tense, Word};
use crate::model::{DatePoint, DateValue, Day, days_in_month};

/// What a rule found: how many tokens it covers, and the value (None when the
/// expression is recognised but cannot be resolved, or speaks of no day).
type Found = Option<(usize, Option<DateValue>)>;

/// Tries every rule at token `i`, a token that `may_start`.
///
/// The rules that start with a number are tried only for a token that starts with a
/// digit, and the first word's entry is looked up once. callgrind, 1,000 generated
/// articles: with every rule tried in turn for every token that may start one (a
/// rule's tuple evaluates all its parts) and `may_start` tested inside this call, the
/// pipeline took 668.0 M instructions, 654.0 M this way; reading the pipeline's tokens
/// through `Word` instead of copying them into a vector per sentence, 650.0 M.
pub(super) fn match_at<T: Word>(
    words: &DateWords,
    tokens: &[T],
    i: usize,
    reference: Reference,
    tense: Tense,
) -> Found {
    let rule = Rule {
        words,
        tokens,
        i,
        reference,
        tense,
    };
    if starts_with_digit(rule.word(0))
        && let Some(found) = rule.number_first()
    {
        return Some(found);
    }
    rule.month_first()
        .or_else(|| rule.year_after_prefix())
        .or_else(|| rule.period_of())
        .or_else(|| rule.weekend())
        .or_else(|| rule.relative_day())
        .or_else(|| rule.weekday())
        .or_else(|| rule.relative_unit())
        .or_else(|| rule.ago())
}

/// The tokens from one position, and what the rules need to resolve what they read.
struct Rule<'a, T> {
    words: &'a DateWords,
    tokens: &'a [T],
    i: usize,
    reference: Reference,
    tense: Tense,
}

impl<T: Word> Rule<'_, T> {
    /// The `offset`-th token's folded text from the rule's start ("" past the end).
    fn word(&self, offset: usize) -> &str {
        self.tokens.get(self.i + offset).map_or("", T::text)
    }

    fn entry(&self, offset: usize) -> Option<&DateWord> {
        self.words.get(self.word(offset))
    }

    fn month(&self, offset: usize) -> Option<u32> {
        self.entry(offset)?.month
    }

    fn day_number(&self, offset: usize) -> Option<u32> {
        day_number(self.words, self.word(offset))
    }

    fn number(&self, offset: usize) -> Option<i64> {
        let word = self.word(offset);
        match word.parse::<i64>() {
            Ok(value) => Some(value),
            Err(_) => self.words.get(word)?.number,
        }
    }

    /// Whether `phrase` (as tokens) starts at the rule's start.
    fn phrase_here(&self, phrase: &[Box<str>]) -> bool {
        phrase
            .iter()
            .enumerate()
            .all(|(offset, token)| self.word(offset) == &**token)
    }

    /// "January 16, 2025", "January 16", "February 10-11", "janvier 2025", "janvier
    /// dernier", "en janvier".
    fn month_first(&self) -> Found {
        let first = self.entry(0)?;
        let month = first.month?;
        if let Some(day) = self.day_number(1) {
            if self.word(2) == ","
                && let Some(year) = year_number(self.word(3))
            {
                return Some((4, Day::new(year, month, day).map(DateValue::Day)));
            }
            if let Some(year) = year_number(self.word(2)) {
                return Some((3, Day::new(year, month, day).map(DateValue::Day)));
            }
            if self.word(2) == "-"
                && let Some(second) = self.day_number(3)
            {
                let year = year_number(self.word(4));
                let length = if year.is_some() { 5 } else { 4 };
                let value = interval_of_days(self.reference, year, month, day, second, self.tense);
                return Some((length, value));
            }
            return Some((2, self.reference.day_of_month(month, day, self.tense)));
        }
        if let Some(year) = year_number(self.word(1)) {
            return Some((2, Some(DateValue::Month { year, month })));
        }
        // "in late May", "in May": a month that is also another word ("may") stands
        // alone only capitalised after a prefix.
        let prefixed = self.after_month_prefix();
        let stands_alone = first.month_alone || (prefixed && self.tokens[self.i].capitalised());
        if !stands_alone {
            return None;
        }
        // "janvier dernier", "janvier prochain".
        match self.entry(1).and_then(|next| next.shift_after) {
            Some(shift) if shift < 0 => {
                return Some((2, self.reference.month_of_year(month, true)));
            }
            Some(shift) if shift > 0 => {
                return Some((2, self.reference.month_of_year(month, false)));
            }
            _ => {}
        }
        // "en janvier" alone: the publication year, in the past when past tense; "mi-mai",
        // "mid-March": the prefix hyphened to the month.
        if prefixed {
            let past = self.tense == Tense::Past;
            return Some((1, self.reference.month_of_year(month, past)));
        }
        None
    }

    /// Whether a month prefix stands right before the word, or before the hyphen glued
    /// to it ("en janvier", "mi-mai", "mid-March").
    fn after_month_prefix(&self) -> bool {
        let mut previous = self.i.checked_sub(1).map_or("", |p| self.tokens[p].text());
        // "mi-mai"; "d'avril", the preposition elided.
        if previous == "-" || previous == "'" {
            previous = self.i.checked_sub(2).map_or("", |p| self.tokens[p].text());
        }
        self.words
            .get(previous)
            .is_some_and(|word| word.month_prefix)
    }

    /// "début 2024", "fin 2024", "mi-2024", "en 2023", "in 2023", "depuis 2020".
    fn year_after_prefix(&self) -> Found {
        if !self.entry(0)?.year_prefix {
            return None;
        }
        let next = if self.word(1) == "-" { 2 } else { 1 };
        let year = year_number(self.word(next))?;
        Some((next + 1, Some(DateValue::Year(year))))
    }

    /// "the end of February", "the beginning of February 2024", "the first quarter of
    /// 2024": the month or year a part of it is in.
    fn period_of(&self) -> Found {
        if !self.entry(0)?.period || !self.entry(1)?.of {
            return None;
        }
        if let Some(year) = year_number(self.word(2)) {
            return Some((3, Some(DateValue::Year(year))));
        }
        let entry = self.entry(2)?;
        let month = entry.month?;
        if let Some(year) = year_number(self.word(3)) {
            return Some((4, Some(DateValue::Month { year, month })));
        }
        if !entry.month_alone {
            return None;
        }
        let past = self.tense == Tense::Past;
        Some((3, self.reference.month_of_year(month, past)))
    }

    /// "over the weekend", "last weekend", "ce week-end", "le week-end dernier": the
    /// Saturday and Sunday of the last weekend up to publication in the past (or with
    /// "last", "dernier"), of the next one otherwise.
    fn weekend(&self) -> Found {
        // The shift before ("last", "ce") starts the expression.
        let before = self.entry(0).and_then(|word| word.shift_before);
        let start = usize::from(before.is_some());
        let phrase = self.words.weekend_phrases().iter().find(|phrase| {
            phrase
                .iter()
                .enumerate()
                .all(|(offset, token)| self.word(start + offset) == &**token)
        })?;
        let end = start + phrase.len();
        let after = self.entry(end).and_then(|word| word.shift_after);
        let past = match after.or(before) {
            Some(shift) if shift != 0 => shift < 0,
            _ => self.tense == Tense::Past,
        };
        Some((
            end + usize::from(after.is_some()),
            self.reference.weekend(past),
        ))
    }

    /// Today, yesterday, tomorrow, "avant-hier"; "de demain", "of tomorrow" speak of
    /// no day ("les technologies de demain").
    fn relative_day(&self) -> Found {
        for (phrase, shift) in self.words.day_phrases() {
            if self.phrase_here(phrase) {
                return Some((phrase.len(), self.reference.shift_days(*shift)));
            }
        }
        let shift = self.entry(0)?.day_shift?;
        let after_of = self.i.checked_sub(1).is_some_and(|previous| {
            let previous = self.tokens[previous].text();
            previous == "'" || self.words.get(previous).is_some_and(|word| word.of)
        });
        if after_of {
            return Some((1, None));
        }
        Some((1, self.reference.shift_days(shift)))
    }

    /// "ce mardi", "last Tuesday", "next Tuesday", "mardi dernier", "mardi prochain", and
    /// a bare weekday.
    fn weekday(&self) -> Found {
        let first = self.entry(0)?;
        if let Some(shift) = first.shift_before
            && let Some(weekday) = self.entry(1).and_then(|next| next.weekday)
        {
            let value = match shift.signum() {
                0 => self.reference.weekday(weekday, 0),
                -1 => self.reference.last_weekday(weekday),
                _ => self.reference.weekday(weekday, 1),
            };
            return Some((2, value));
        }
        let weekday = first.weekday?;
        match self.entry(1).and_then(|next| next.shift_after) {
            Some(shift) if shift < 0 => return Some((2, self.reference.last_weekday(weekday))),
            Some(shift) if shift > 0 => return Some((2, self.reference.weekday(weekday, 1))),
            _ => {}
        }
        // "jeudi 6 février", "Wednesday May 7", "Wednesday, 7 May": the day and month
        // that follow say it.
        let comma = usize::from(self.word(1) == ",");
        if self.day_number(1 + comma).is_some() || self.month(1 + comma).is_some() {
            return None;
        }
        // A bare weekday in news ("ont signé jeudi", "on Thursday") is the last such day
        // up to publication, or the next one in a sentence about the future.
        let first_day = match self.tense {
            Tense::Past => self.reference.weekday_on_or_before(weekday),
            Tense::Other => self.reference.weekday_on_or_after(weekday),
        };
        // "lundi et mardi", "Monday and Tuesday": two days named together are a span,
        // up to the next such day after the first.
        let coordinated = self
            .entry(1)
            .is_some_and(|next| next.range)
            .then(|| self.entry(2).and_then(|last| last.weekday))
            .flatten()
            .filter(|_| self.entry(3).is_none_or(|after| after.weekday.is_none()));
        if let (Some(last), Some(DateValue::Day(start))) = (coordinated, first_day) {
            let gap = (i64::from(last) - i64::from(weekday)).rem_euclid(7);
            if gap > 0 {
                let end = start.add_days(gap);
                return Some((
                    3,
                    Some(DateValue::Interval(
                        DatePoint::Day(start),
                        DatePoint::Day(end),
                    )),
                ));
            }
        }
        Some((1, first_day))
    }

    /// "la semaine dernière", "le mois dernier", "l'an dernier", "la semaine prochaine",
    /// "cette année", "ce mois-ci", "last week", "next year", "last December".
    fn relative_unit(&self) -> Found {
        let first = self.entry(0);
        if let Some(shift) = self.entry(1).and_then(|next| next.shift_after)
            && let Some(value) = self.unit_shift(first.and_then(|word| word.unit), shift)
        {
            return Some((2, value));
        }
        let shift = first?.shift_before?;
        if let Some(value) = self.unit_shift(self.entry(1).and_then(|next| next.unit), shift) {
            let this_suffix =
                self.word(2) == "-" && self.entry(3).is_some_and(|word| word.this_suffix);
            let length = if shift == 0 && this_suffix { 4 } else { 2 };
            return Some((length, value));
        }
        if shift < 0
            && let Some(next) = self.entry(1)
            && next.month_alone
            && let Some(month) = next.month
        {
            return Some((2, self.reference.month_of_year(month, true)));
        }
        None
    }

    fn unit_shift(&self, unit: Option<Unit>, shift: i32) -> Option<Option<DateValue>> {
        match unit? {
            Unit::Week => Some(self.reference.week(i64::from(shift))),
            Unit::Month => Some(self.reference.shift_months(shift)),
            Unit::Year => Some(self.reference.shift_years(shift)),
            Unit::Day => None,
        }
    }

    /// "il y a deux ans", "two years ago".
    fn ago(&self) -> Found {
        for phrase in self.words.ago_phrases() {
            if self.phrase_here(phrase) {
                let count = phrase.len();
                if let Some(n) = self.number(count)
                    && let Some(value) = ago(self.reference, n, self.entry(count + 1))
                {
                    return Some((count + 2, value));
                }
            }
        }
        let n = self.number(0)?;
        if !self.entry(2).is_some_and(|word| word.ago_after) {
            return None;
        }
        Some((3, ago(self.reference, n, self.entry(1))?))
    }

    /// The rules that start with a number (the first word starts with a digit).
    fn number_first(&self) -> Found {
        let d0 = self.day_number(0);
        // ISO dates: 2025-02-10.
        if let (Some(year), "-", Some(m), "-", Some(d)) = (
            year_number(self.word(0)),
            self.word(1),
            self.word(2).parse::<u32>().ok(),
            self.word(3),
            self.word(4).parse::<u32>().ok(),
        ) && let Some(day) = Day::new(year, m, d)
        {
            return Some((5, Some(DateValue::Day(day))));
        }
        // Numeric dates: 16/01/2025 (day first in French and British usage; month first
        // when the first number cannot be a month... and the second cannot be one either
        // only for the American order).
        if let (Some(a), "/", Some(b), "/", Some(year)) = (
            d0,
            self.word(1),
            self.day_number(2),
            self.word(3),
            year_number(self.word(4)),
        ) {
            let day = Day::new(year, b, a).or_else(|| Day::new(year, a, b));
            if let Some(day) = day {
                return Some((5, Some(DateValue::Day(day))));
            }
        }
        let first = d0?;
        // Intervals: "les 10 et 11 février 2025", "du 10 au 12 mars", "10-11 February
        // 2025", "between 10 and 12 March".
        let range = self.word(1) == "-" || self.entry(1).is_some_and(|word| word.range);
        if range
            && let Some(second) = self.day_number(2)
            && let Some(month) = self.month(3)
        {
            let (year, length) = match year_number(self.word(4)) {
                Some(year) => (Some(year), 5),
                None => (None, 4),
            };
            let value = interval_of_days(self.reference, year, month, first, second, self.tense);
            return Some((length, value));
        }
        // "du 10 mars au 2 avril 2025".
        if let (Some(first_month), true, Some(second), Some(second_month)) = (
            self.month(1),
            self.entry(2).is_some_and(|word| word.range_end),
            self.day_number(3),
            self.month(4),
        ) {
            let (year, length) = match year_number(self.word(5)) {
                Some(year) => (Some(year), 6),
                None => (None, 5),
            };
            let year = year.or_else(|| self.reference.year());
            let value = year.and_then(|year| {
                let end = Day::new(year, second_month, second)?;
                // The year is written (or assumed) once, for the end: a start later in
                // the year than the end is in the year before ("du 20 décembre au 5
                // janvier").
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
        // "16 janvier 2025", "le 16 janvier", "1er mars"; "the 5th of March (2025)".
        let of = usize::from(self.entry(1).is_some_and(|word| word.of));
        let month = self.month(1 + of)?;
        if let Some(year) = year_number(self.word(2 + of)) {
            return Some((3 + of, Day::new(year, month, first).map(DateValue::Day)));
        }
        Some((
            2 + of,
            self.reference.day_of_month(month, first, self.tense),
        ))
    }
}

pub(super) fn starts_with_digit(word: &str) -> bool {
    word.as_bytes().first().is_some_and(u8::is_ascii_digit)
}

/// A day of the month written as a number, with an ordinal ending or not ("1er", "2nd").
fn day_number(words: &DateWords, word: &str) -> Option<u32> {
    let digits = words
        .ordinal_suffixes()
        .iter()
        .find_map(|suffix| word.strip_suffix(&**suffix))
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

/// `n` units before publication; weeks as seven days each ("il y a une semaine" is
/// the day a week before, not the calendar week).
fn ago(reference: Reference, n: i64, unit: Option<&DateWord>) -> Option<Option<DateValue>> {
    let n32 = i32::try_from(n).ok()?;
    Some(match unit?.ago_unit? {
        Unit::Day => reference.shift_days(-n),
        Unit::Week => reference.shift_days(-7 * n),
        Unit::Month => reference.shift_months(-n32),
        Unit::Year => reference.shift_years(-n32),
    })
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
