//! Sentences and word tokens of a document, with folded forms for context rules.
//!
//! `resolve` and `relation` read context ("le ... de", "entre X et Y") through these
//! tokens rather than through raw offsets. Nothing here knows about actors.

use crate::fold::{ASCII_ALNUM, Folded, is_word_char, word_end};
use crate::model::{Span, sorted_range};

/// A word (alphanumeric run) or one punctuation char.
#[derive(Clone, Debug)]
pub struct Token<'a> {
    pub span: Span,
    /// Lower case, no accents, apostrophes and dashes normalised: the token's bytes of
    /// the folded text, borrowed, not copied.
    pub norm: &'a str,
    /// Where `norm` starts in the folded text (a `u32`: the token stays 48 bytes).
    pub folded_start: u32,
    /// Starts with an upper-case letter.
    pub capitalised: bool,
    pub is_word: bool,
    pub sentence: usize,
}

#[derive(Debug)]
pub struct Tokens<'a> {
    pub tokens: Vec<Token<'a>>,
    pub sentences: Vec<Span>,
    /// Per byte offset of the text (and one past its end), the index of the first
    /// token that starts at or after it: `at` without a binary search over tokens.
    /// callgrind, 1,000 generated articles: the pipeline went from 887.2 M to 878.6 M
    /// instructions. Filling it is a store per byte, 15% of `Tokens::new`'s perf
    /// samples; tried: an entry per 8 bytes, `at` stepping over the tokens that start
    /// before its offset (625.4 M -> 626.6 M instructions for the pipeline).
    first_at: Vec<u32>,
}

/// Up to the start of token `index`, `first_at` points at it: filled as tokens are
/// read rather than in a second pass over them (callgrind, the command on 1,000
/// generated articles: 308.3 M -> 307.7 M instructions). Extended with `repeat_n`, an
/// iterator of known length: `resize` per token was 13% of the bench's four calls of
/// `Tokens::new`; zeroing the whole vector and filling it slice by slice gave 299.3 M
/// instructions, this 276.3 M.
///
/// Most tokens start a few bytes after the last: eight entries are written at once and
/// cut back to `count`, where `repeat_n` stored them one by one (perf, 10,000 generated
/// articles: 40% of `Tokens::new`'s samples). callgrind, the command on 1,000 of them:
/// 304.4 M -> 303.2 M instructions, 5.04 M -> 4.86 M mispredicted branches.
#[inline(always)]
fn point_first_at(first_at: &mut Vec<u32>, start: usize, index: u32) {
    let count = start + 1 - first_at.len();
    if count <= 8 {
        first_at.extend_from_slice(&[index; 8]);
        first_at.truncate(first_at.len() - (8 - count));
    } else {
        first_at.extend(std::iter::repeat_n(index, count));
    }
}

/// Abbreviations after which a full stop does not end a sentence: the `abbreviation`
/// rows of every language's `words.tsv` (the splitter runs before the lexicon is asked,
/// so it reads them itself, once).
fn abbreviations() -> &'static [Box<str>] {
    static ABBREVIATIONS: std::sync::OnceLock<Vec<Box<str>>> = std::sync::OnceLock::new();
    ABBREVIATIONS.get_or_init(|| {
        [
            include_str!("../data/lang/fr/words.tsv"),
            include_str!("../data/lang/en/words.tsv"),
        ]
        .iter()
        .flat_map(|table| table.lines())
        .filter_map(|line| line.split_once('\t'))
        .filter(|(class, _)| *class == crate::words::WordClass::Abbreviation.name())
        .map(|(_, word)| word.trim().to_ascii_lowercase().into_boxed_str())
        .collect()
    })
}

/// Splits text into sentences: at every line break, and after `.`, `!`, `?` or `…`
/// followed by white space and something that can start a sentence.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut line_start = 0;
    // Asked once of the text, not of each line: `str::contains` with a char that is
    // three bytes long was half of this function's instructions (callgrind, 1,000
    // generated articles: 4.2 M of 8.3 M).
    let has_ellipsis = memchr::memmem::find(text.as_bytes(), "…".as_bytes()).is_some();
    // The lines of `split_inclusive('\n')`, their ends found by memchr's vectorised
    // search (`split_inclusive` scanned for each with core's, 3.0 M instructions of
    // this function's 8.0 M). Only the end after the last line break can be no line.
    let line_ends = memchr::memchr_iter(b'\n', text.as_bytes())
        .map(|newline| newline + 1)
        .chain(std::iter::once(text.len()));
    for line_end in line_ends {
        if line_end == line_start {
            continue;
        }
        let line = &text[line_start..line_end];
        let mut start = line_start;
        let mut visit = |offset: usize, terminator: &str| {
            let after = &line[offset + terminator.len()..];
            if !after.chars().next().is_some_and(char::is_whitespace) {
                return;
            }
            let starts_sentence = after.trim_start().chars().next().is_some_and(|ch| {
                ch.is_uppercase()
                    || ch.is_ascii_digit()
                    || matches!(ch, '"' | '«' | '“' | '-' | '–')
            });
            if !starts_sentence || terminator == "." && is_abbreviation(&line[..offset]) {
                return;
            }
            let end = line_start + offset + terminator.len();
            push_trimmed(text, start, end, &mut spans);
            start = end;
        };
        // Only the terminators are looked at. callgrind: collecting each line's chars
        // to look around them was 9% of the pipeline's instructions (the 17 bundled
        // articles), `match_indices` with a set of chars 4.5%, a byte loop 3.6% (1,000
        // generated articles), memchr's vectorised search 0.3%. Few lines hold `…`.
        if has_ellipsis && line.contains('…') {
            for (offset, terminator) in line.match_indices(['.', '!', '?', '…']) {
                visit(offset, terminator);
            }
        } else {
            for offset in memchr::memchr3_iter(b'.', b'!', b'?', line.as_bytes()) {
                visit(offset, &line[offset..offset + 1]);
            }
        }
        push_trimmed(text, start, line_end, &mut spans);
        line_start = line_end;
    }
    spans
}

fn is_abbreviation(before: &str) -> bool {
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, ch)| ch.is_alphabetic())
        .last()
        .map_or(before.len(), |(index, _)| index);
    let word = &before[word_start..];
    let mut chars = word.chars();
    // A single capital is an initial ("J. Smith", "U.S.").
    if let (Some(first), None) = (chars.next(), chars.next())
        && first.is_uppercase()
    {
        return true;
    }
    // The abbreviations are ASCII: a word with another letter is none of them.
    abbreviations()
        .iter()
        .any(|abbreviation| abbreviation.eq_ignore_ascii_case(word))
}

fn push_trimmed(text: &str, start: usize, end: usize, spans: &mut Vec<Span>) {
    let slice = &text[start..end];
    let trimmed_start = start + (slice.len() - slice.trim_start().len());
    let trimmed_end = start + slice.trim_end().len();
    if trimmed_start < trimmed_end {
        spans.push(Span::new(trimmed_start, trimmed_end));
    }
}

impl<'a> Tokens<'a> {
    /// The folded word that token `last` ends when it is the last part of a hyphened
    /// word ("up" of "start-up"): the folded text (`folded`, the text the tokens were
    /// read from) from the first part.
    pub fn hyphened_word(&self, folded: &'a str, last: usize) -> Option<&'a str> {
        let tokens = &self.tokens;
        let (first, hyphen, last) = (
            tokens.get(last.checked_sub(2)?)?,
            tokens.get(last - 1)?,
            tokens.get(last)?,
        );
        let glued = hyphen.norm == "-"
            && first.span.end == hyphen.span.start
            && hyphen.span.end == last.span.start;
        let start = first.folded_start as usize;
        let end = last.folded_start as usize + last.norm.len();
        glued.then(|| &folded[start..end])
    }

    /// Whether the token at `index` is a hyphen inside a word: glued to the token
    /// before it and to a word after it ("start-up", "Co-operation").
    pub fn inner_hyphen(&self, index: usize) -> bool {
        let tokens = &self.tokens;
        index > 0
            && tokens.get(index).is_some_and(|hyphen| {
                hyphen.norm == "-"
                    && tokens[index - 1].span.end == hyphen.span.start
                    && tokens
                        .get(index + 1)
                        .is_some_and(|next| next.is_word && next.span.start == hyphen.span.end)
            })
    }

    /// Tokens of `text`, whose folded form is `folded`; the words' folded forms are
    /// borrowed from it. Folding each word again cost about 4% of `extract` (10,000
    /// articles); copying each form into a `CompactString` (inline up to 24 bytes)
    /// 6.4% of the pipeline's instructions (callgrind, 1,000 generated articles:
    /// 795.7 M against 744.9 M).
    ///
    /// The tokens are read from the folded text, whose words are the text's words
    /// (`tests::word_tokens_are_the_words_of_the_folded_text`) and whose offsets give
    /// each token's span. Reading the original text instead, the tokeniser decoded its
    /// accented letters again and walked the folded offsets to find each word's folded
    /// form: callgrind, 1,000 generated articles, `Tokens::new` took 130.4 M of the
    /// pipeline's 590.7 M instructions that way, 113.9 M of 574.5 M this way. Tried:
    /// folding and tokenising in one pass over the original (each word's bytes appended
    /// to the folded text, its offsets and capitals apart): 240.1 M for both against
    /// 208.0 M.
    pub fn new(text: &str, folded: &'a Folded) -> Tokens<'a> {
        let sentences = sentences(text);
        let haystack = folded.text.as_str();
        let bytes = haystack.as_bytes();
        let offsets = folded.offsets();
        let mut tokens = Vec::with_capacity(text.len() / 5);
        // Room for the eight entries written at once past the text's last byte.
        let mut first_at = Vec::with_capacity(text.len() + 9);
        let mut sentence = 0;
        // The end of the current sentence, when another follows it.
        let mut sentence_end = if sentences.len() > 1 {
            sentences[0].end
        } else {
            usize::MAX
        };
        let mut at = 0;
        while at < bytes.len() {
            let byte = bytes[at];
            // White space is folded to single spaces.
            if byte == b' ' {
                at += 1;
                continue;
            }
            let start = at;
            let is_word = if byte.is_ascii() {
                ASCII_ALNUM[usize::from(byte)]
            } else {
                is_word_char(haystack[at..].chars().next().unwrap_or(' '))
            };
            if is_word {
                at = word_end(haystack, at);
            } else {
                // One char of the text: the folded bytes it gave, which share its offset.
                at += 1;
                while at < bytes.len() && offsets[at] == offsets[start] {
                    at += 1;
                }
            }
            let span = Span::new(offsets[start] as usize, offsets[at] as usize);
            // Every char that is not white space lies in a sentence.
            if span.start >= sentence_end {
                while sentence + 1 < sentences.len() && span.start >= sentences[sentence].end {
                    sentence += 1;
                }
                sentence_end = sentences
                    .get(sentence + 1)
                    .map_or(usize::MAX, |_| sentences[sentence].end);
            }
            point_first_at(&mut first_at, span.start, tokens.len() as u32);
            tokens.push(Token {
                span,
                norm: &haystack[start..at],
                folded_start: start as u32,
                capitalised: is_word && folded.is_upper(start),
                is_word,
                sentence,
            });
        }
        let count = text.len() + 1 - first_at.len();
        first_at.extend(std::iter::repeat_n(tokens.len() as u32, count));
        Tokens {
            tokens,
            sentences,
            first_at,
        }
    }

    /// The index of the first token starting at or after `offset`.
    pub fn at(&self, offset: usize) -> usize {
        self.first_at
            .get(offset)
            .map_or(self.tokens.len(), |&index| index as usize)
    }

    /// The index of the last token ending at or before `offset`, if any.
    pub fn before(&self, offset: usize) -> Option<usize> {
        self.tokens
            .partition_point(|token| token.span.end <= offset)
            .checked_sub(1)
    }

    pub fn norm(&self, index: usize) -> &'a str {
        self.tokens.get(index).map_or("", |token| token.norm)
    }

    /// The tokens of one sentence.
    pub fn of_sentence(&self, sentence: usize) -> &[Token<'a>] {
        &self.tokens[self.sentence_range(sentence)]
    }

    /// The indices of a sentence's tokens.
    pub fn sentence_range(&self, sentence: usize) -> std::ops::Range<usize> {
        sorted_range(&self.tokens, sentence..=sentence, |token| token.sentence)
    }

    /// The sentence of a byte offset.
    pub fn sentence_of(&self, offset: usize) -> usize {
        self.sentences
            .partition_point(|span| span.end <= offset)
            .min(self.sentences.len().saturating_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let found: Vec<&str> = sentences(text)
            .iter()
            .map(|span| &text[span.start..span.end])
            .collect();
        assert_eq!(found, expected);
    }

    /// A hyphened word is read only where its three tokens are: asked past the end of
    /// the text ("start-up" of a last word, or beyond it), it is none, never a panic.
    #[test]
    fn hyphened_word_stops_at_the_end_of_the_text() {
        let text = "la start-up";
        let folded = crate::fold::Folded::new(text);
        let tokens = Tokens::new(text, &folded);
        assert_eq!(tokens.tokens.len(), 4);
        assert_eq!(tokens.hyphened_word(&folded.text, 3), Some("start-up"));
        assert_eq!(tokens.hyphened_word(&folded.text, 4), None);
        assert_eq!(tokens.hyphened_word(&folded.text, 5), None);
        assert_eq!(tokens.hyphened_word(&folded.text, 1), None);
    }

    #[test]
    fn splits_sentences() {
        check(
            "Le titre\nLes États-Unis signent. La Chine répond ! Et après ?",
            &[
                "Le titre",
                "Les États-Unis signent.",
                "La Chine répond !",
                "Et après ?",
            ],
        );
        check(
            "M. Macron et J. D. Vance parlent.",
            &["M. Macron et J. D. Vance parlent."],
        );
        check(
            "The U.S. and China met. They talked.",
            &["The U.S. and China met.", "They talked."],
        );
        check(
            "Le 3.5 pour cent. 2024 fut long.",
            &["Le 3.5 pour cent.", "2024 fut long."],
        );
    }

    /// The char-by-char splitter that `sentences` replaced, kept as its oracle.
    fn reference_sentences(text: &str) -> Vec<Span> {
        let mut spans = Vec::new();
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            let line_end = line_start + line.len();
            let mut start = line_start;
            let chars: Vec<(usize, char)> = line.char_indices().collect();
            for (position, &(offset, ch)) in chars.iter().enumerate() {
                if !matches!(ch, '.' | '!' | '?' | '…') {
                    continue;
                }
                let Some(&(_, next)) = chars.get(position + 1) else {
                    continue;
                };
                if !next.is_whitespace() {
                    continue;
                }
                let following = chars[position + 1..]
                    .iter()
                    .map(|&(_, ch)| ch)
                    .find(|ch| !ch.is_whitespace());
                let starts_sentence = following.is_some_and(|ch| {
                    ch.is_uppercase()
                        || ch.is_ascii_digit()
                        || matches!(ch, '"' | '«' | '“' | '-' | '–')
                });
                let word: String = line[..offset]
                    .chars()
                    .rev()
                    .take_while(|ch| ch.is_alphabetic())
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                let abbreviation = (word.chars().count() == 1
                    && word.chars().all(char::is_uppercase))
                    || abbreviations()
                        .iter()
                        .any(|abbreviation| abbreviation.eq_ignore_ascii_case(&word));
                if !starts_sentence || ch == '.' && abbreviation {
                    continue;
                }
                let end = line_start + offset + ch.len_utf8();
                push_trimmed(text, start, end, &mut spans);
                start = end;
            }
            push_trimmed(text, start, line_end, &mut spans);
            line_start = line_end;
        }
        spans
    }

    proptest::proptest! {
        #[test]
        fn sentences_agree_with_the_char_by_char_splitter(
            text in r#"(Le |la |Chine|M\.|Mme|etc|J|U\.S|2024|«|"|“|-|–|é|É|[.!?…][ \t\n]|[.!?…]| |\n){0,40}"#
        ) {
            proptest::prop_assert_eq!(sentences(&text), reference_sentences(&text));
        }

        /// Every token's form, read from the folded text, is the fold of its span.
        #[test]
        fn token_forms_are_the_fold_of_their_text(
            text in r"([A-Za-z0-9]{1,6}|[éÉœŒßİﬁ·’`«»\-–.,;'😀\u{200f}]|[ \t\n]){0,30}"
        ) {
            let folded = Folded::new(&text);
            let tokens = Tokens::new(&text, &folded);
            for token in &tokens.tokens {
                let original = &text[token.span.start..token.span.end];
                proptest::prop_assert_eq!(token.norm, crate::fold::fold(original), "{:?}", original);
            }
        }

        /// The word tokens, in order, are the runs of word chars of the folded text,
        /// where `folded_start` says: the lexicon scan reads words from the tokens.
        #[test]
        fn word_tokens_are_the_words_of_the_folded_text(
            text in r"([A-Za-z0-9]{1,6}|\PC|[ \t\n]){0,30}"
        ) {
            let folded = Folded::new(&text);
            let tokens = Tokens::new(&text, &folded);
            let from_tokens: Vec<(usize, &str)> = tokens
                .tokens
                .iter()
                .filter(|token| token.is_word)
                .map(|token| (token.folded_start as usize, token.norm))
                .collect();
            let mut from_folded = Vec::new();
            let mut start = None;
            for (offset, ch) in folded.text.char_indices().chain([(folded.text.len(), ' ')]) {
                match (is_word_char(ch), start) {
                    (true, None) => start = Some(offset),
                    (false, Some(from)) => {
                        from_folded.push((from, &folded.text[from..offset]));
                        start = None;
                    }
                    _ => {}
                }
            }
            proptest::prop_assert_eq!(from_tokens, from_folded);
        }

        /// `at` answers the binary search over token starts, at every offset.
        #[test]
        fn at_is_the_first_token_starting_there(
            text in r"([A-Za-z0-9]{1,6}|[éœ’«\-.,😀]|[ \t\n]){0,30}"
        ) {
            let folded = Folded::new(&text);
            let tokens = Tokens::new(&text, &folded);
            for offset in 0..text.len() + 3 {
                let searched = tokens.tokens.partition_point(|token| token.span.start < offset);
                proptest::prop_assert_eq!(tokens.at(offset), searched, "at {}", offset);
            }
        }
    }

    /// The tokens of a document are read many times over: they stay six words long.
    #[test]
    fn a_token_is_48_bytes_on_64_bit_targets() {
        if cfg!(target_pointer_width = "64") {
            assert_eq!(std::mem::size_of::<Token>(), 48);
        }
    }

    #[test]
    fn tokens_carry_case_and_sentence() {
        let text = "L’ONU et Pékin. Puis Washington";
        let folded = Folded::new(text);
        let tokens = Tokens::new(text, &folded);
        let words: Vec<(&str, bool, usize)> = tokens
            .tokens
            .iter()
            .map(|token| (token.norm, token.capitalised, token.sentence))
            .collect();
        assert_eq!(
            words,
            [
                ("l", true, 0),
                ("'", false, 0),
                ("onu", true, 0),
                ("et", false, 0),
                ("pekin", true, 0),
                (".", false, 0),
                ("puis", true, 1),
                ("washington", true, 1),
            ]
        );
    }
}
