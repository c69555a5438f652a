//! Finding lexicon surface forms in text: case, accents, apostrophes and dashes folded;
//! leftmost-longest among matches that respect word boundaries; spans into the original
//! text.
//!
//! This module never decides which actor a form means: it reports which pattern matched
//! where, and `resolve` decides. It is shared by actor aliases, office titles, relation
//! triggers and status cues, each with its own `PatternSet`.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::model::Span;

/// Text folded for matching, with a map from folded bytes back to original bytes.
///
/// Folding lower-cases, strips Latin diacritics, writes every apostrophe as `'`, every
/// dash as `-` and every run of white space as one space. aho-corasick's own case
/// folding is ASCII-only, so "État" and "ÉTAT" need this pass to meet "etat".
#[derive(Debug)]
pub struct Folded {
    pub text: String,
    /// `offsets[i]` is the byte offset in the original of the char that produced folded
    /// byte `i`; one extra entry holds the original length.
    offsets: Vec<u32>,
    /// Whether the original char behind folded byte `i` was upper case.
    upper: Vec<bool>,
}

impl Folded {
    pub fn new(original: &str) -> Folded {
        // Byte-wise rather than char by char: the 10,000 bench articles (15 MB) at once
        // took 104 ms char by char, 77 ms byte by byte with ASCII inline.
        let bytes = original.as_bytes();
        let mut text: Vec<u8> = Vec::with_capacity(bytes.len());
        let mut offsets = Vec::with_capacity(bytes.len() + 1);
        let mut upper = Vec::with_capacity(bytes.len() + 1);
        let mut last_was_space = false;
        let mut buffer = String::new();
        let mut offset = 0;
        while offset < bytes.len() {
            // A run of ASCII that folds to itself lower-cased (a lone space included, as
            // it stays one space) is copied in one go, with slice loops the compiler
            // vectorises. callgrind on the 17 bundled articles: 12.3% of the pipeline's
            // instructions pushing byte by byte; 13.3% with runs cut at every space;
            // 9.1% this way.
            let mut end = offset;
            let mut space_before = last_was_space;
            while end < bytes.len() {
                let byte = bytes[end];
                if RUN_ENDS[usize::from(byte)] {
                    if byte != b' ' || space_before {
                        break;
                    }
                    space_before = true;
                } else {
                    space_before = false;
                }
                end += 1;
            }
            let run = end - offset;
            if run > 0 {
                let run_bytes = &bytes[offset..offset + run];
                let base = text.len();
                text.extend_from_slice(run_bytes);
                text[base..].make_ascii_lowercase();
                offsets.resize(base + run, 0);
                for (index, slot) in offsets[base..].iter_mut().enumerate() {
                    *slot = (offset + index) as u32;
                }
                upper.resize(base + run, false);
                for (flag, byte) in upper[base..].iter_mut().zip(run_bytes) {
                    *flag = byte.is_ascii_uppercase();
                }
                last_was_space = space_before;
                offset += run;
                continue;
            }
            let byte = bytes[offset];
            let ch = if byte.is_ascii() {
                char::from(byte)
            } else {
                let Some(ch) = original[offset..].chars().next() else {
                    break;
                };
                ch
            };
            if ch.is_whitespace() {
                if !last_was_space {
                    text.push(b' ');
                    offsets.push(offset as u32);
                    upper.push(false);
                }
                last_was_space = true;
            } else {
                // Not white space and not in a run: a non-ASCII char or a backtick.
                last_was_space = false;
                let is_upper = ch.is_uppercase();
                buffer.clear();
                fold_char(ch, &mut buffer);
                text.extend_from_slice(buffer.as_bytes());
                for _ in 0..buffer.len() {
                    offsets.push(offset as u32);
                    upper.push(is_upper);
                }
            }
            offset += ch.len_utf8();
        }
        offsets.push(original.len() as u32);
        upper.push(false);
        Folded {
            // Only whole chars' UTF-8 were written: the conversion cannot fail.
            text: String::from_utf8(text)
                .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()),
            offsets,
            upper,
        }
    }

    /// The original span behind folded bytes `start..end`.
    pub fn original_span(&self, start: usize, end: usize) -> Span {
        let original_end = if end < self.offsets.len() - 1 {
            // The end is the start of the char that follows; trailing folded spaces
            // never end a match, so this is exact.
            self.offsets[end] as usize
        } else {
            self.offsets[self.offsets.len() - 1] as usize
        };
        Span::new(self.offsets[start] as usize, original_end)
    }

    /// The folded offset of an original byte offset (the first folded byte at or after it).
    pub fn folded_offset(&self, original: usize) -> usize {
        self.offsets
            .partition_point(|&offset| (offset as usize) < original)
    }

    /// The folded text of an original span without white space (a word), read with a
    /// cursor that only moves forward: spans must come in text order.
    pub fn words(&self) -> FoldedWords<'_> {
        FoldedWords {
            folded: self,
            at: 0,
        }
    }

    pub fn is_upper(&self, folded_index: usize) -> bool {
        self.upper.get(folded_index).copied().unwrap_or(false)
    }
}

/// See `Folded::words`.
pub struct FoldedWords<'a> {
    folded: &'a Folded,
    at: usize,
}

impl<'a> FoldedWords<'a> {
    /// `fold` of the original text at `span` when it holds no white space: every char
    /// folds to one or more bytes of its own, so the folded bytes between the two
    /// offsets are exactly the word's.
    pub fn get(&mut self, span: Span) -> &'a str {
        let start = self.seek(span.start);
        let end = self.seek(span.end);
        &self.folded.text[start..end]
    }

    /// `Folded::folded_offset`, walking forward from the last answer.
    fn seek(&mut self, original: usize) -> usize {
        let offsets = &self.folded.offsets;
        while self.at < offsets.len() && (offsets[self.at] as usize) < original {
            self.at += 1;
        }
        self.at
    }
}

/// The bytes that end a run of ASCII that folds to itself lower-cased: non-ASCII bytes,
/// white space and the backtick (folded to an apostrophe).
static RUN_ENDS: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = byte >= 0x80 || byte == b'`' as usize || is_ascii_space(byte as u8);
        byte += 1;
    }
    table
};

/// `char::is_whitespace` for an ASCII byte (which, unlike `u8::is_ascii_whitespace`,
/// counts the vertical tab).
const fn is_ascii_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t'..=b'\r')
}

/// Folds one char into `out`. Latin letters lose their diacritics; ligatures expand.
pub fn fold_char(ch: char, out: &mut String) {
    // Most of a French or English text is ASCII: skip the table for it. Measured with
    // perf on 2,000 seed articles: folding took 32% of `extract` before this fast path.
    if ch.is_ascii() && ch != '`' {
        out.push(ch.to_ascii_lowercase());
        return;
    }
    let folded = match ch {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å'
        | 'Ā' | 'Ă' | 'Ą' => 'a',
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => 'c',
        'ď' | 'đ' | 'Ď' | 'Đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę'
        | 'Ě' => 'e',
        'ğ' | 'Ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'İ' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' => 'i',
        'ł' | 'Ł' => 'l',
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō'
        | 'Ő' => 'o',
        'ř' | 'Ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' | 'Ś' | 'Š' | 'Ş' | 'Ș' => 's',
        'ť' | 'ţ' | 'ț' | 'Ť' | 'Ţ' | 'Ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => {
            'u'
        }
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => 'y',
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => 'z',
        'œ' | 'Œ' => {
            out.push_str("oe");
            return;
        }
        'æ' | 'Æ' => {
            out.push_str("ae");
            return;
        }
        'ß' => {
            out.push_str("ss");
            return;
        }
        '’' | '‘' | 'ʼ' | '`' | '´' | '′' => '\'',
        '‐' | '‑' | '‒' | '–' | '—' | '−' => '-',
        '«' | '»' | '“' | '”' | '„' => '"',
        _ if ch.is_ascii() => ch.to_ascii_lowercase(),
        _ => {
            out.extend(ch.to_lowercase());
            return;
        }
    };
    out.push(folded);
}

/// Folds a whole string (trimmed), without the offset map `Folded` keeps.
pub fn fold(text: &str) -> String {
    let text = text.trim();
    let mut folded = String::with_capacity(text.len());
    let mut last_was_space = false;
    for ch in text.chars() {
        if ch.is_whitespace() {
            if !last_was_space {
                folded.push(' ');
            }
            last_was_space = true;
            continue;
        }
        last_was_space = false;
        fold_char(ch, &mut folded);
    }
    folded
}

/// Whether a folded char counts as part of a word for boundary checks. The hyphen is
/// not a word char here: "sino-américain" and "US-China" must split; `resolve` decides
/// what a hyphen-joined neighbour means.
pub fn is_word_char(ch: char) -> bool {
    // French letters with accents are Latin-1: answered here, not by the Unicode
    // tables (callgrind, 1,000 generated articles: their lookup was 1.8% of the
    // pipeline's instructions).
    match u32::from(ch) {
        0..0x80 => ch.is_ascii_alphanumeric(),
        0xC0..=0xFF => ch != '×' && ch != '÷',
        _ => ch.is_alphanumeric(),
    }
}

/// One pattern to compile: its text as written in the lexicon and what it stands for.
#[derive(Clone, Debug)]
pub struct Pattern {
    pub text: String,
    pub payload: u32,
    /// Matches at the start of a word only (a stem such as `partenari*`).
    pub prefix: bool,
}

/// A match of a pattern in a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub payload: u32,
    /// Folded byte range.
    pub folded: (usize, usize),
    /// Original byte range.
    pub span: Span,
}

/// A compiled set of patterns, in one or more groups searched in a single pass.
///
/// Matches are resolved (boundaries, case, leftmost-longest) within each group
/// separately, so a group sees exactly what a set of its own would find.
#[derive(Debug)]
pub struct PatternSet {
    automaton: AhoCorasick,
    /// Per pattern: its group and its payload.
    group: Vec<u16>,
    payloads: Vec<u32>,
    groups: usize,
    prefix: Vec<bool>,
    /// Patterns that end in a hyphen ("sino-") need no word boundary after them.
    open_end: Vec<bool>,
    /// Per pattern, the folded byte positions whose original char must be upper case:
    /// an upper-case letter in the lexicon must be upper case in the text ("Orange" the
    /// firm, not the colour; "ONU", not "onu"); a lower-case one matches either.
    upper_required: Vec<Vec<u16>>,
}

impl PatternSet {
    pub fn new(patterns: &[Pattern]) -> Result<PatternSet, aho_corasick::BuildError> {
        PatternSet::grouped(&[patterns])
    }

    /// One automaton for several groups of patterns (actor names, triggers, cues).
    ///
    /// perf on 10,000 articles, one thread: three automata each scanning the whole
    /// folded text were 16% of `extract`; the scan is per byte, so one pass over the
    /// union costs about a third of that.
    pub fn grouped(groups: &[&[Pattern]]) -> Result<PatternSet, aho_corasick::BuildError> {
        let count = groups.iter().map(|patterns| patterns.len()).sum();
        let mut folded_patterns = Vec::with_capacity(count);
        let mut group = Vec::with_capacity(count);
        let mut upper_required = Vec::with_capacity(count);
        let mut open_end = Vec::with_capacity(count);
        for (index, patterns) in groups.iter().enumerate() {
            for pattern in patterns.iter() {
                let folded = Folded::new(pattern.text.trim());
                // Names of three words or more are distinctive enough to match in any
                // case: French writes "le partenariat mondial pour l'intelligence
                // artificielle".
                let n_words = folded
                    .text
                    .split([' ', '\''])
                    .filter(|w| !w.is_empty())
                    .count();
                let required = if n_words >= 3 {
                    Vec::new()
                } else {
                    (0..folded.text.len())
                        .filter(|&index| folded.is_upper(index))
                        .map(|index| index as u16)
                        .collect()
                };
                group.push(index as u16);
                open_end.push(folded.text.ends_with('-'));
                upper_required.push(required);
                folded_patterns.push(folded.text);
            }
        }
        let all = || groups.iter().flat_map(|patterns| patterns.iter());
        // Standard semantics with overlapping search: leftmost-longest is applied after
        // the boundary check, so that "Chine populaires" still yields "Chine". A plain
        // leftmost-longest automaton would report only the longer, invalid match.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&folded_patterns)?;
        Ok(PatternSet {
            automaton,
            group,
            payloads: all().map(|pattern| pattern.payload).collect(),
            groups: groups.len(),
            prefix: all().map(|pattern| pattern.prefix).collect(),
            open_end,
            upper_required,
        })
    }

    /// All valid matches, leftmost-longest, non-overlapping, in text order.
    pub fn find(&self, folded: &Folded) -> Vec<Hit> {
        self.find_groups(folded)
            .into_iter()
            .next()
            .unwrap_or_default()
    }

    /// Per group, all valid matches, leftmost-longest, non-overlapping, in text order.
    pub fn find_groups(&self, folded: &Folded) -> Vec<Vec<Hit>> {
        let haystack = folded.text.as_str();
        let bytes = haystack.as_bytes();
        // About one valid match per 20 folded bytes in news text: growing from empty
        // reallocated some 25 times per article (1% of the pipeline's instructions).
        let mut candidates: Vec<(u16, usize, usize, usize)> =
            Vec::with_capacity(haystack.len() / 16 + 8);
        // Tried: an anchored DFA run from each position after a non-word char, instead
        // of sliding over every byte. callgrind, 1,000 generated articles: 179 M
        // instructions against 137 M for this search. The walks averaged 4.9 bytes
        // (many patterns start with common words), so they stepped over 81% of the
        // bytes anyway, and each start cost a loop of its own.
        for found in self.automaton.find_overlapping_iter(haystack) {
            let (start, end) = (found.start(), found.end());
            let index = found.pattern().as_usize();
            if !boundary_before(haystack, start) {
                continue;
            }
            let open = self.prefix[index] || self.open_end[index];
            if !open && !boundary_after(haystack, end) {
                continue;
            }
            if self.upper_required[index]
                .iter()
                .any(|&offset| !folded.is_upper(start + offset as usize))
            {
                continue;
            }
            // A prefix pattern extends to the end of its word.
            let end = if self.prefix[index] && !self.open_end[index] {
                let mut end = end;
                while end < bytes.len() {
                    let ch = haystack[end..].chars().next().unwrap_or(' ');
                    if !is_word_char(ch) {
                        break;
                    }
                    end += ch.len_utf8();
                }
                end
            } else {
                end
            };
            candidates.push((self.group[index], start, end, index));
        }
        candidates.sort_unstable_by(|a, b| {
            (a.0, a.1)
                .cmp(&(b.0, b.1))
                .then(b.2.cmp(&a.2))
                .then(a.3.cmp(&b.3))
        });
        let mut hits = vec![Vec::new(); self.groups];
        let mut covered_until = (u16::MAX, 0);
        for (group, start, end, index) in candidates {
            if covered_until.0 == group && start < covered_until.1 {
                continue;
            }
            covered_until = (group, end);
            hits[group as usize].push(Hit {
                payload: self.payloads[index],
                folded: (start, end),
                span: folded.original_span(start, end),
            });
        }
        hits
    }
}

fn boundary_before(haystack: &str, start: usize) -> bool {
    haystack[..start]
        .chars()
        .next_back()
        .is_none_or(|ch| !is_word_char(ch))
}

fn boundary_after(haystack: &str, end: usize) -> bool {
    haystack[end..]
        .chars()
        .next()
        .is_none_or(|ch| !is_word_char(ch))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(patterns: &[&str]) -> PatternSet {
        let patterns: Vec<Pattern> = patterns
            .iter()
            .enumerate()
            .map(|(index, text)| Pattern {
                text: text.trim_end_matches('*').to_string(),
                payload: index as u32,
                prefix: text.ends_with('*'),
            })
            .collect();
        PatternSet::new(&patterns).unwrap()
    }

    fn check(patterns: &[&str], text: &str, expected: &[&str]) {
        let folded = Folded::new(text);
        let found: Vec<&str> = set(patterns)
            .find(&folded)
            .iter()
            .map(|hit| &text[hit.span.start..hit.span.end])
            .collect();
        assert_eq!(found, expected, "in {text:?}");
    }

    #[test]
    fn matching_rules() {
        check(&["États-Unis"], "les Etats-Unis et", &["Etats-Unis"]);
        check(&["États-Unis"], "LES ÉTATS-UNIS", &["ÉTATS-UNIS"]);
        check(
            &["Chine", "Chine populaire"],
            "la Chine populaire",
            &["Chine populaire"],
        );
        check(
            &["Chine", "Chine populaire"],
            "Chine populaires",
            &["Chine"],
        );
        check(&["Inde"], "les Indes", &[]);
        check(&["ONU"], "l’ONU et l'onu", &["ONU"]);
        check(&["Orange"], "Orange signe, une orange", &["Orange"]);
        check(&["américain"], "les Américains", &[]);
        check(&["américains"], "les Américains", &["Américains"]);
        check(
            &["sino-", "américaines"],
            "sino-américaines",
            &["sino-", "américaines"],
        );
        check(&["d'État"], "secrétaire d’État", &["d’État"]);
        check(&["partenari*"], "des partenariats", &["partenariats"]);
        check(&["partenari*"], "copartenariat", &[]);
        check(&["US", "China"], "US-China talks", &["US", "China"]);
        check(&["Köln"], "in KOLN", &["KOLN"]);
        check(
            &["chef de l'État"],
            "le chef  de\nl'État",
            &["chef  de\nl'État"],
        );
    }

    #[test]
    fn word_chars_are_the_alphanumeric_chars() {
        for ch in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_word_char(ch), ch.is_alphanumeric(), "{ch:?}");
        }
        // `text::read_word` counts every Latin-1 word char as a letter.
        for ch in ('\u{C0}'..='\u{FF}').filter(|&ch| is_word_char(ch)) {
            assert!(ch.is_alphabetic(), "{ch:?}");
        }
    }

    #[test]
    fn spans_map_back_through_multibyte_folds() {
        let text = "Œuvre à Pékin";
        let folded = Folded::new(text);
        assert_eq!(folded.text, "oeuvre a pekin");
        let hits = set(&["Pékin"]).find(&folded);
        assert_eq!(&text[hits[0].span.start..hits[0].span.end], "Pékin");
    }

    #[test]
    fn groups_are_resolved_apart() {
        let patterns = |texts: &[&str]| -> Vec<Pattern> {
            texts
                .iter()
                .enumerate()
                .map(|(index, text)| Pattern {
                    text: text.to_string(),
                    payload: index as u32,
                    prefix: false,
                })
                .collect()
        };
        let names = patterns(&["Union européenne", "Union"]);
        let words = patterns(&["union"]);
        let set = PatternSet::grouped(&[&names, &words]).unwrap();
        let folded = Folded::new("l'Union européenne et l'union");
        let groups = set.find_groups(&folded);
        // The longer name wins in its own group; the other group still sees its word
        // inside it.
        let payloads: Vec<Vec<u32>> = groups
            .iter()
            .map(|hits| hits.iter().map(|hit| hit.payload).collect())
            .collect();
        assert_eq!(payloads, vec![vec![0], vec![0, 0]]);
    }

    #[test]
    fn words_read_back_the_folded_form_of_each_token() {
        let text = "Le «PDG» d’ŒUVRE\tà Pékin";
        let folded = Folded::new(text);
        let mut words = folded.words();
        let mut spans = Vec::new();
        let mut from = 0;
        for word in ["Le", "«", "PDG", "»", "d", "’", "ŒUVRE", "à", "Pékin"] {
            let start = from + text[from..].find(word).unwrap();
            from = start + word.len();
            spans.push((start, from));
        }
        let read: Vec<&str> = spans
            .iter()
            .map(|&(start, end)| words.get(Span::new(start, end)))
            .collect();
        let expected: Vec<String> = spans
            .iter()
            .map(|&(start, end)| fold(&text[start..end]))
            .collect();
        assert_eq!(read, expected);
    }

    /// `Folded`'s three arrays built char by char, the way `fold` reads a text: the
    /// oracle of the byte-wise runs.
    fn reference_fold(original: &str) -> (String, Vec<u32>, Vec<bool>) {
        let (mut text, mut offsets, mut upper) = (String::new(), Vec::new(), Vec::new());
        let mut last_was_space = false;
        for (offset, ch) in original.char_indices() {
            if ch.is_whitespace() {
                if !last_was_space {
                    text.push(' ');
                    offsets.push(offset as u32);
                    upper.push(false);
                }
                last_was_space = true;
                continue;
            }
            last_was_space = false;
            let before = text.len();
            fold_char(ch, &mut text);
            for _ in before..text.len() {
                offsets.push(offset as u32);
                upper.push(ch.is_uppercase());
            }
        }
        offsets.push(original.len() as u32);
        upper.push(false);
        (text, offsets, upper)
    }

    proptest::proptest! {
        /// The byte-wise `Folded` agrees with the char-wise `fold`, and every folded
        /// byte maps back inside the original.
        #[test]
        fn folded_text_is_fold_of_the_original(text in "[ \t\n\x0bA-Za-z0-9'’`«»éÉœŒßİ\\-–ﬁ·😀\u{200f}]{0,40}") {
            let folded = Folded::new(&text);
            proptest::prop_assert_eq!(folded.text.trim_matches(' '), fold(&text));
            let (reference_text, offsets, upper) = reference_fold(&text);
            proptest::prop_assert_eq!(&folded.text, &reference_text);
            proptest::prop_assert_eq!(&folded.offsets, &offsets);
            proptest::prop_assert_eq!(&folded.upper, &upper);
            for index in 0..folded.text.len() {
                let span = folded.original_span(index, index);
                proptest::prop_assert!(span.start <= text.len());
                proptest::prop_assert!(text.is_char_boundary(span.start));
            }
        }
    }
}
