//! The words the date grammar reads, by class, loaded per language from
//! `data/lang/<code>/dates.tsv` (month and weekday names, numbers, shifts such as
//! "dernier" or "next", units, prefixes such as "début" or "since").
//!
//! Every language's words are read together, as the relation words are: articles mix
//! languages. A word is looked up once per token and answers every class at once.

use rustc_hash::FxHashMap as HashMap;

/// A calendar unit: what "la semaine dernière" or "two years ago" count in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
}

impl Unit {
    fn parse(text: &str) -> Option<Unit> {
        match text {
            "day" => Some(Unit::Day),
            "week" => Some(Unit::Week),
            "month" => Some(Unit::Month),
            "year" => Some(Unit::Year),
            _ => None,
        }
    }
}

/// What one folded token is to the date grammar, in any language.
#[derive(Clone, Copy, Debug, Default)]
pub struct DateWord {
    /// A month's number; `month_alone` when the name may stand without a day or a year
    /// ("en janvier"): abbreviations and the three-letter names ("mai", "may", a verb
    /// too) may not.
    pub month: Option<u32>,
    pub month_alone: bool,
    /// Monday 0 to Sunday 6.
    pub weekday: Option<u32>,
    pub number: Option<i64>,
    /// Before a bare year: "début 2024", "since 2020".
    pub year_prefix: bool,
    /// Before a month alone: "en janvier", "since March".
    pub month_prefix: bool,
    /// A part of a month or year, before "of" and its month or year: "the end of
    /// February", "the first quarter of 2024".
    pub period: bool,
    /// A word of a day relative to publication, alone ("hier", "today"): its shift.
    pub day_shift: Option<i64>,
    /// Before a relative day, makes it no day: "de demain", "of tomorrow"; between a
    /// day and its month, read over: "the 5th of March".
    pub of: bool,
    /// A shift written before its unit, weekday or month: "last", "next", "ce".
    pub shift_before: Option<i32>,
    /// A shift written after: "dernier", "prochaine".
    pub shift_after: Option<i32>,
    /// A unit of "la semaine dernière", "this year".
    pub unit: Option<Unit>,
    /// A unit counted back: "il y a trois jours", "two years ago".
    pub ago_unit: Option<Unit>,
    /// After a count and its unit: "ago".
    pub ago_after: bool,
    /// After "-" at the end of "ce mois-ci".
    pub this_suffix: bool,
    /// Between the two days of an interval: "les 10 et 11", "10 to 12".
    pub range: bool,
    /// Before the end of an interval of two months: "du 10 mars au 2 avril".
    pub range_end: bool,
    /// An ordinal ending of a day number: "1er", "2nd".
    pub ordinal_suffix: bool,
    /// Some rule starts with this word (or a phrase whose first token it is).
    pub starts_rule: bool,
}

/// The date words of every language, compiled.
#[derive(Debug)]
pub struct DateWords {
    words: HashMap<Box<str>, DateWord>,
    /// Relative days of more than one token ("aujourd'hui", "avant-hier"), as tokens.
    day_phrases: Vec<(Vec<Box<str>>, i64)>,
    /// The phrases before a count and its unit ("il y a"), as tokens.
    ago_phrases: Vec<Vec<Box<str>>>,
    /// The words or phrases of a weekend ("weekend", "week-end"), as tokens.
    weekend_phrases: Vec<Vec<Box<str>>>,
    /// The ordinal endings of day numbers ("er", "st"), each once.
    ordinal_suffixes: Vec<Box<str>>,
    /// Per first byte, a bit per length (up to 31) of the words a rule can start with.
    start_shapes: [u32; 256],
}

impl Default for DateWords {
    fn default() -> DateWords {
        DateWords {
            words: HashMap::default(),
            day_phrases: Vec::new(),
            ago_phrases: Vec::new(),
            weekend_phrases: Vec::new(),
            ordinal_suffixes: Vec::new(),
            start_shapes: [0; 256],
        }
    }
}

/// Why a row of a dates table could not be taken.
#[derive(Debug, PartialEq, Eq)]
pub enum DateWordError {
    UnknownClass(String),
    BadValue(String),
    /// The word already has another value in that class (in this or another language).
    Conflict(String),
}

impl DateWords {
    /// Adds one row: `class`, `word` (as written: folded and split into tokens here),
    /// `value` (a number, a unit, or empty).
    pub fn add(&mut self, class: &str, word: &str, value: &str) -> Result<(), DateWordError> {
        let folded = crate::mention::fold(word.trim());
        let tokens = phrase_tokens(&folded);
        let bad_value = || DateWordError::BadValue(value.to_string());
        let integer = || value.trim().parse::<i64>().map_err(|_| bad_value());
        let unit = || Unit::parse(value.trim()).ok_or_else(bad_value);
        if tokens.len() > 1 {
            match class {
                "day_shift" => self.day_phrases.push((tokens.clone(), integer()?)),
                "ago_before" => self.ago_phrases.push(tokens.clone()),
                "weekend" => self.weekend_phrases.push(tokens.clone()),
                _ => return Err(DateWordError::BadValue(word.to_string())),
            }
            self.starts_rule(&tokens[0]);
            return Ok(());
        }
        let Some(token) = tokens.first() else {
            return Err(DateWordError::BadValue(word.to_string()));
        };
        let entry = self.words.entry(token.clone()).or_default();
        let mut starts_rule = true;
        match class {
            "month" | "month_short" => {
                let month = u32::try_from(integer()?)
                    .ok()
                    .filter(|month| (1..=12).contains(month))
                    .ok_or_else(bad_value)?;
                set(&mut entry.month, month, token)?;
                entry.month_alone |= class == "month";
            }
            "weekday" => {
                let weekday = u32::try_from(integer()?)
                    .ok()
                    .filter(|weekday| *weekday < 7)
                    .ok_or_else(bad_value)?;
                set(&mut entry.weekday, weekday, token)?;
            }
            "number" => set(&mut entry.number, integer()?, token)?,
            "year_prefix" => entry.year_prefix = true,
            "period" => entry.period = true,
            "day_shift" => set(&mut entry.day_shift, integer()?, token)?,
            "shift_before" => {
                let shift = i32::try_from(integer()?).map_err(|_| bad_value())?;
                set(&mut entry.shift_before, shift, token)?;
            }
            "unit" => set(&mut entry.unit, unit()?, token)?,
            "ago_before" => {
                self.ago_phrases.push(tokens.clone());
            }
            "weekend" => {
                self.weekend_phrases.push(tokens.clone());
            }
            other => {
                starts_rule = false;
                match other {
                    "month_prefix" => entry.month_prefix = true,
                    "of" => entry.of = true,
                    "shift_after" => {
                        let shift = i32::try_from(integer()?).map_err(|_| bad_value())?;
                        set(&mut entry.shift_after, shift, token)?;
                    }
                    "ago_unit" => set(&mut entry.ago_unit, unit()?, token)?,
                    "ago_after" => entry.ago_after = true,
                    "this_suffix" => entry.this_suffix = true,
                    "range" => entry.range = true,
                    "range_end" => entry.range_end = true,
                    "ordinal_suffix" => {
                        entry.ordinal_suffix = true;
                        if !self.ordinal_suffixes.contains(token) {
                            self.ordinal_suffixes.push(token.clone());
                        }
                    }
                    _ => return Err(DateWordError::UnknownClass(other.to_string())),
                }
            }
        }
        if starts_rule {
            self.starts_rule(&tokens[0]);
        }
        Ok(())
    }

    fn starts_rule(&mut self, word: &str) {
        self.words.entry(word.into()).or_default().starts_rule = true;
        if let Some(&first) = word.as_bytes().first()
            && word.len() < 32
        {
            self.start_shapes[usize::from(first)] |= 1 << word.len();
        }
    }

    /// What a folded token is to the grammar (nothing for most words).
    #[inline]
    pub fn get(&self, word: &str) -> Option<&DateWord> {
        self.words.get(word)
    }

    /// Whether a rule that starts with a word (not a number) starts with this one: a
    /// filter on its first byte and length, which turns most tokens away unhashed, then
    /// the word itself.
    ///
    /// Tried before: the filter alone. It let through common words that share a first
    /// letter and a length with some start word ("des", "pour", "sur"), and each of them
    /// then went through every rule. callgrind, 1,000 generated articles: 917.7 M
    /// instructions for the pipeline with the filter alone, 911.7 M with the exact set
    /// alone; with both, 876.9 M -> 865.3 M.
    #[inline]
    pub fn may_start(&self, word: &str) -> bool {
        let shaped = match word.as_bytes().first() {
            Some(&first) => {
                word.len() < 32 && self.start_shapes[usize::from(first)] & (1 << word.len()) != 0
            }
            None => false,
        };
        shaped && self.get(word).is_some_and(|entry| entry.starts_rule)
    }

    /// Every word a rule starts with.
    pub fn start_words(&self) -> impl Iterator<Item = &str> {
        self.words
            .iter()
            .filter(|(_, entry)| entry.starts_rule)
            .map(|(word, _)| &**word)
    }

    /// The month a folded word names.
    pub fn month(&self, word: &str) -> Option<u32> {
        self.get(word)?.month
    }

    /// The day of the week a folded word names, Monday 0 ("mardi", "tuesday": 1).
    pub fn weekday(&self, word: &str) -> Option<u32> {
        self.get(word)?.weekday
    }

    pub(super) fn day_phrases(&self) -> &[(Vec<Box<str>>, i64)] {
        &self.day_phrases
    }

    pub(super) fn ago_phrases(&self) -> &[Vec<Box<str>>] {
        &self.ago_phrases
    }

    pub(super) fn weekend_phrases(&self) -> &[Vec<Box<str>>] {
        &self.weekend_phrases
    }

    pub(super) fn ordinal_suffixes(&self) -> &[Box<str>] {
        &self.ordinal_suffixes
    }
}

/// Sets a value once: a second, different value for one word is a conflict.
fn set<T: PartialEq + Copy>(
    slot: &mut Option<T>,
    value: T,
    word: &str,
) -> Result<(), DateWordError> {
    match *slot {
        Some(existing) if existing != value => Err(DateWordError::Conflict(word.to_string())),
        _ => {
            *slot = Some(value);
            Ok(())
        }
    }
}

/// A folded phrase as the grammar's tokens: runs of letters and digits, and every
/// other char that is not white space alone ("aujourd'hui": "aujourd", "'", "hui").
fn phrase_tokens(folded: &str) -> Vec<Box<str>> {
    super::tokenize(folded)
        .into_iter()
        .map(|token| token.text.into())
        .collect()
}
