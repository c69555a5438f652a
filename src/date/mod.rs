//! Finding time expressions in French and English text and normalising them against the
//! publication date, keeping their precision: a day, a month, a year or an interval.
//!
//! The scanner works on folded text (lower case, no accents) split into tokens; each
//! rule of `grammar` reads a few tokens and says what it covers, with the words of
//! `data/lang/<code>/dates.tsv` (`words::DateWords`, loaded by the lexicon). Relative
//! expressions ("ce mardi", "le mois dernier", "last week") need the publication date
//! (`reference`); when it is missing or less precise than the expression, the result
//! degrades to what is known. This module knows nothing of IRIs, actors or relations.

mod grammar;
mod reference;
pub mod words;

use crate::mention::Folded;
use crate::model::{DateValue, Span};
use grammar::{match_at, starts_with_digit};
use reference::Reference;
pub use words::DateWords;

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

/// A token of folded text: a word or a single punctuation char.
#[derive(Clone, Copy, Debug)]
struct Token<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    /// Written with a capital in the original text (`find_dates` sets it).
    capitalised: bool,
}

/// What the rules read of a token: its text and span. The pipeline's tokens are read
/// as they are; `find_dates` makes its own.
trait Word {
    fn text(&self) -> &str;
    fn bounds(&self) -> (usize, usize);
    /// Written with a capital in the original text.
    fn capitalised(&self) -> bool;
}

impl Word for Token<'_> {
    fn text(&self) -> &str {
        self.text
    }

    fn capitalised(&self) -> bool {
        self.capitalised
    }

    fn bounds(&self) -> (usize, usize) {
        (self.start, self.end)
    }
}

impl Word for crate::text::Token<'_> {
    fn text(&self) -> &str {
        self.norm
    }

    fn capitalised(&self) -> bool {
        self.capitalised
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
                capitalised: false,
            });
        }
        if !ch.is_whitespace() {
            tokens.push(Token {
                text: &text[index..index + ch.len_utf8()],
                start: index,
                end: index + ch.len_utf8(),
                capitalised: false,
            });
        }
    }
    if let Some(start) = word_start {
        tokens.push(Token {
            text: &text[start..],
            start,
            end: text.len(),
            capitalised: false,
        });
    }
    tokens
}

/// Finds and normalises every time expression in `text` (a sentence, usually).
pub fn find_dates(
    words: &DateWords,
    text: &str,
    published: Option<DateValue>,
    tense: Tense,
) -> Vec<DateMention> {
    let folded = Folded::new(text);
    let mut tokens = tokenize(&folded.text);
    for token in &mut tokens {
        let span = folded.original_span(token.start, token.end);
        token.capitalised = text[span.start..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
    }
    scan(words, &tokens, published, tense)
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
    words: &DateWords,
    tokens: &[crate::text::Token],
    published: Option<DateValue>,
    tense: Tense,
) -> Vec<DateMention> {
    scan(words, tokens, published, tense)
        .map(|(start, end, value)| DateMention {
            span: Span::new(start, end),
            value,
        })
        .collect()
}

/// Every resolvable expression as (start, end, value), in the tokens' own offsets.
fn scan<'t, T: Word>(
    words: &'t DateWords,
    tokens: &'t [T],
    published: Option<DateValue>,
    tense: Tense,
) -> impl Iterator<Item = (usize, usize, DateValue)> + 't {
    let reference = Reference { published };
    let mut index = 0;
    std::iter::from_fn(move || {
        while index < tokens.len() {
            // Every rule starts with a number or a start word, and most tokens are
            // neither: they are turned away before the call. A token is a run of
            // letters and digits or one other char, so a number starts with a digit.
            let word = tokens[index].text();
            if !starts_with_digit(word) && !words.may_start(word) {
                index += 1;
                continue;
            }
            let Some((length, value)) = match_at(words, tokens, index, reference, tense) else {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;

    /// The embedded date words, loaded once for every test.
    pub(super) static WORDS: std::sync::LazyLock<crate::lexicon::Lexicon> =
        std::sync::LazyLock::new(|| crate::lexicon::Lexicon::embedded().unwrap());

    /// Every date example of every language (`data/lang/<code>/examples/dates.tsv`): the
    /// values found in the text, in order, against its publication date and tense.
    #[test]
    fn date_examples() {
        let all = examples::read("dates");
        let mut failures = Vec::new();
        for example in &all {
            let tense = match example.group.as_str() {
                "past" => Tense::Past,
                "future" => Tense::Other,
                other => panic!("{}: unknown tense {other:?}", example.place),
            };
            let published = DateValue::parse(&example.published);
            let found: Vec<String> = find_dates(&WORDS.dates, &example.text, published, tense)
                .iter()
                .map(|mention| mention.value.to_string())
                .collect();
            if found != example.expected {
                failures.push(format!(
                    "{} {:?} published {:?}: expected {:?}, found {:?}",
                    example.place, example.text, example.published, example.expected, found
                ));
            }
        }
        examples::assert_all(&failures, all.len());
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::tests::WORDS;
    use super::*;
    use crate::model::Day;

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
        super::tests::WORDS
            .dates
            .start_words()
            .map(str::to_string)
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The start-word filter keeps exactly the words that start a rule: its shape
        /// test turns none of them away.
        #[test]
        fn start_words_are_the_tables_words(
            word in prop_oneof![
                proptest::sample::select(listed_words()),
                "[a-z]{0,12}",
                "[a-z]{30,34}",
                "\\PC{0,4}",
            ],
        ) {
            let words = &super::tests::WORDS.dates;
            prop_assert_eq!(words.may_start(&word), listed_words().contains(&word), "{:?}", word);
        }

        /// The pipeline's path (the document's tokens) finds what the text path finds
        /// in each sentence, at the same offsets.
        #[test]
        fn document_tokens_give_the_dates_of_each_sentence(text in phrase(), published in published()) {
            let folded = Folded::new(&text);
            let tokens = crate::text::Tokens::new(&text, &folded);
            for (index, span) in tokens.sentences.iter().enumerate() {
                let expected: Vec<(usize, usize, DateValue)> =
                    find_dates(&WORDS.dates, &text[span.start..span.end], published, Tense::Past)
                        .into_iter()
                        .map(|found| (found.span.start + span.start, found.span.end + span.start, found.value))
                        .collect();
                let found: Vec<(usize, usize, DateValue)> =
                    find_dates_in(&WORDS.dates, tokens.of_sentence(index), published, Tense::Past)
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
            for found in find_dates(&WORDS.dates, &text, published, tense) {
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
            let found = find_dates(&WORDS.dates, &text, published, Tense::Past);
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
            let found = find_dates(&WORDS.dates, &text, Some(DateValue::Day(published)), Tense::Past);
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
