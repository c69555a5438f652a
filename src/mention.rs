//! Finding lexicon surface forms in folded text (`fold`): leftmost-longest among
//! matches that respect word boundaries; spans into the original text. `Folded` and the
//! folding functions are re-exported from `fold` for the code that reads them here.
//!
//! This module never decides which actor a form means: it reports which pattern matched
//! where, and `resolve` decides. It is shared by actor aliases, office titles, relation
//! triggers and status cues, each with its own `PatternSet`.

pub use crate::fold::{Folded, fold, fold_char, is_word_char, word_end};
use crate::fold::{char_at, fold_marking_upper};
use crate::model::Span;
use crate::text::Tokens;

impl Compiled {
    /// A pattern folded, with the positions whose case must match. Names of three words
    /// or more are distinctive enough to match in any case: French writes "le
    /// partenariat mondial pour l'intelligence artificielle".
    fn of(pattern: &Pattern, group: u16) -> Compiled {
        let mut upper_required = Vec::new();
        let text = fold_marking_upper(pattern.text, |bytes| {
            upper_required.extend(bytes.map(|index| index as u16));
        });
        let n_words = text.split([' ', '\'']).filter(|w| !w.is_empty()).count();
        if n_words >= 3 {
            upper_required = Vec::new();
        }
        Compiled {
            open_end: text.ends_with('-'),
            text: text.into_boxed_str(),
            group,
            payload: pattern.payload,
            prefix: pattern.prefix,
            upper_required: upper_required.into_boxed_slice(),
        }
    }
}

/// One pattern to compile: its text as written in the lexicon and what it stands for.
#[derive(Clone, Debug)]
pub struct Pattern<'a> {
    pub text: &'a str,
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
///
/// A match starts where a word starts, so the text is read word by word: each word's
/// hash is looked up among the patterns' first words, the hash of each pair of words
/// among the patterns' first two, and a word's first bytes among one-word stems. A
/// candidate is then compared with the text byte for byte, so two words that share a
/// hash cost a comparison, never a wrong match.
///
/// Tried before: one Aho-Corasick DFA over the union of the patterns, searched for
/// overlapping matches. callgrind, 1,000 generated articles: building the DFA of some
/// 6,000 patterns took 182 M instructions at every start of the program (23% of
/// `entente extract` on those articles), and the search with its filtering 71 M per
/// pass over the articles. A first version of this search, with `HashMap`s of words
/// and up to eight patterns tried per first word, took 103 M: most words of a text are
/// short and frequent ("de", "la"), and each cost a string hash, a string comparison
/// and a few failed candidates.
///
/// Measured again against the general searchers (`benches/matcher.rs`, 2026-12-06, 2
/// cores; 3,726 distinct folded patterns; 1,000 generated articles, 1.4 MB, median of
/// 15 passes; the rivals leftmost-longest and only searching, without the boundary,
/// case and per-group checks this pass includes):
///
/// | searcher | build | pass | MB/s |
/// |---|---|---|---|
/// | this `PatternSet` (with its checks) | within the lexicon's 5.5 ms | 9.25 ms | 148 |
/// | aho-corasick non-contiguous NFA (its default for many patterns) | 7.7 ms | 30.5 ms | 45 |
/// | aho-corasick contiguous NFA | 8.5 ms | 12.4 ms | 110 |
/// | aho-corasick DFA | 32.1 ms | 9.6 ms | 143 |
/// | daachorse double-array | 8.1 ms | 9.6 ms | 143 |
///
/// On the 40 real articles of dev-real: 125 MB/s here, DFA 129, daachorse 116,
/// contiguous NFA 68. No rival searches faster with the checks still to do, and the DFA,
/// the only one as fast, costs 32 ms at every start: the measured exception stays.
#[derive(Debug)]
pub struct PatternSet {
    patterns: Vec<Compiled>,
    /// First-word hash → the patterns of that first word that have no second word to
    /// key them by (`lists`), and whether some do.
    words: HashTable,
    word_entries: Vec<WordEntry>,
    /// Hash of the first two words → patterns (a range of `lists`).
    pairs: HashTable,
    pair_ranges: Vec<(u32, u32)>,
    /// One-word stems (`partenari*`) by the hash of their first `STEM_KEY` bytes.
    stems: HashTable,
    stem_ranges: Vec<(u32, u32)>,
    /// Stems shorter than `STEM_KEY` bytes: tried at every word start.
    short_stems: Vec<u32>,
    /// Patterns that start with a char that is not a word char: searched for anywhere.
    loose: Vec<u32>,
    /// The pattern lists the tables point into.
    lists: Vec<u32>,
    groups: usize,
}

/// The bytes of a word that key a one-word stem.
const STEM_KEY: usize = 4;

#[derive(Debug)]
struct Compiled {
    /// Folded text.
    text: Box<str>,
    group: u16,
    payload: u32,
    prefix: bool,
    /// Patterns that end in a hyphen ("sino-") need no word boundary after them.
    open_end: bool,
    /// The folded byte positions whose original char must be upper case: an
    /// upper-case letter in the lexicon must be upper case in the text ("Orange" the
    /// firm, not the colour; "ONU", not "onu"); a lower-case one matches either.
    upper_required: Box<[u16]>,
}

#[derive(Debug, Clone, Copy)]
struct WordEntry {
    /// Range into `PatternSet::lists`.
    list: (u32, u32),
    /// Some pattern starting with this word is keyed by its first two words.
    has_pairs: bool,
}

/// Where a pattern can match, from its folded text.
enum Key<'a> {
    /// Starts with a char that is not a word char.
    Loose,
    /// A one-word stem: the text's word starts with it.
    Stem(&'a str),
    /// The text's word is exactly `one`; when `two` is known, the next word of the text
    /// is exactly `two`.
    Word { one: &'a str, two: Option<&'a str> },
}

impl Key<'_> {
    fn of(text: &str, prefix: bool) -> Key<'_> {
        let one_end = word_end(text, 0);
        if one_end == 0 {
            return Key::Loose;
        }
        if one_end == text.len() && prefix {
            return Key::Stem(text);
        }
        let two = next_word(text, one_end)
            // A stem's last word may go on in the text.
            .filter(|&(_, two_end)| !(prefix && two_end == text.len()))
            .map(|(two_start, two_end)| &text[two_start..two_end]);
        Key::Word {
            one: &text[..one_end],
            two,
        }
    }
}

/// The hash of a word, eight bytes at a time: the FxHash step (a rotation, an exclusive
/// or and a multiplication) per chunk, the last chunk padded with zeros and the length
/// mixed in. The scan hashes each word token's folded form once.
///
/// Hashed byte by byte as the scan read the folded text, words cost a multiplication
/// per byte on one chain of dependencies; callgrind, 1,000 generated articles: the
/// pipeline took 619.9 M instructions with that scan, 590.7 M with this one over the
/// word tokens.
struct WordHash;

impl WordHash {
    const SEED: u64 = 0x243f_6a88_85a3_08d3;

    fn step(hash: u64, chunk: u64) -> u64 {
        (hash.rotate_left(5) ^ chunk).wrapping_mul(0x517c_c1b7_2722_0a95)
    }

    /// The hash of a word on its own (its last chunk read by `tail`).
    fn of(bytes: &[u8]) -> u64 {
        WordHash::of_at(bytes, 0, bytes.len())
    }

    /// The hash of `text[start..start + len]`, each chunk read as eight bytes of
    /// `text` and the last masked to the word's bytes wherever eight are there to read:
    /// no branch on the length of the word's tail (`tail` tests its three bits, a
    /// branch mispredicted for many words). cachegrind, the command on 1,000 generated
    /// articles: 308.0 M -> 308.3 M instructions, 5.28 M -> 5.03 M mispredicted
    /// branches.
    #[inline(always)]
    fn of_at(text: &[u8], start: usize, len: usize) -> u64 {
        let mut hash = WordHash::SEED ^ len as u64;
        let end = start + len;
        let mut at = start;
        let eight = |at: usize| {
            text.get(at..at + 8)
                .map(|chunk| u64::from_le_bytes(chunk.try_into().unwrap_or_default()))
        };
        while at + 8 <= end {
            hash = WordHash::step(hash, eight(at).unwrap_or_default());
            at += 8;
        }
        let rest = end - at;
        if rest > 0 {
            let chunk = match eight(at) {
                Some(chunk) => chunk & (u64::MAX >> (64 - 8 * rest)),
                None => WordHash::tail(&text[at..end]),
            };
            hash = WordHash::step(hash, chunk);
        }
        hash
    }

    /// Fewer than eight bytes as the low bytes of a little-endian `u64`, the rest zero:
    /// read four, two and one at a time as the length's bits say. callgrind, `extract`
    /// on 1,000 generated articles: copying them into a zeroed `[u8; 8]` called
    /// `memcpy` for each word (most words are shorter than eight bytes).
    fn tail(rest: &[u8]) -> u64 {
        let mut word = 0;
        let mut at = 0;
        if let Some(four) = rest.first_chunk::<4>() {
            word = u64::from(u32::from_le_bytes(*four));
            at = 4;
        }
        if let Some(two) = rest[at..].first_chunk::<2>() {
            word |= u64::from(u16::from_le_bytes(*two)) << (8 * at);
            at += 2;
        }
        if let Some(&one) = rest.get(at) {
            word |= u64::from(one) << (8 * at);
        }
        word
    }

    fn pair(one: u64, two: u64) -> u64 {
        (one.rotate_left(17) ^ two).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }
}

/// An open-addressing table from a 64-bit hash to a `u32`, probed linearly; at most a
/// quarter full, so that a word that starts no pattern (most words) is usually
/// answered by one empty slot.
///
/// perf puts a fifth of `find_groups`' samples on the loads of these slots, which
/// looked like cache misses. A slot holds 32 bits of the hash: 128 KB for the
/// lexicon's first words, 64 KB for its pairs, half what they took with the whole
/// hash (cachegrind, the command on 1,000 generated articles: 311.3 M -> 310.7 M
/// instructions, 3.20 M -> 3.16 M first-level data cache misses).
/// Tried: a 4 KB filter of one bit per key, read before the table. The lexicon scan
/// alone ran at 130 to 149 MB/s with it and 118 to 148 MB/s without (four alternate
/// runs each, 10,000 generated articles): no gain beyond the machine's noise.
/// Tried: keys and values in two vectors, so that the probes read 4-byte keys only
/// (64 KB for the first words): 25 alternate runs of `extract` on 10,000 generated
/// articles, medians 628.3 -> 624.6 ms, minima 604.8 -> 604.4 ms; 1,000 articles
/// (31 runs) 69.6 -> 69.5 ms. With the table half full rather than a quarter (32 KB
/// of keys), 641.9 -> 644.8 ms. Noise either way; not kept.
#[derive(Debug, Default)]
struct HashTable {
    /// `(HashTable::key(hash), value)`; a zero key marks an empty slot.
    slots: Vec<(u32, u32)>,
    shift: u32,
}

impl HashTable {
    /// The 32 bits of a hash the table keeps: its highest, the best mixed by the
    /// multiplication that ends every hash, with the lowest bit set so that no key is
    /// zero. Two hashes with one key share a list of candidates, which `match_at`
    /// sorts out.
    fn key(hash: u64) -> u32 {
        (hash >> 32) as u32 | 1
    }

    /// `entries` are keys (`HashTable::key`), each once, with their values.
    fn build(entries: &[(u32, u32)]) -> HashTable {
        let size = (entries.len() * 4).next_power_of_two().max(16);
        let mut table = HashTable {
            slots: vec![(0, 0); size],
            shift: 64 - size.trailing_zeros(),
        };
        let mask = size - 1;
        for &(key, value) in entries {
            let mut slot = table.slot(key);
            while table.slots[slot].0 != 0 {
                slot = (slot + 1) & mask;
            }
            table.slots[slot] = (key, value);
        }
        table
    }

    fn slot(&self, key: u32) -> usize {
        (u64::from(key).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// Tried: answering an absent hash with an empty entry kept at index 0, so that a
    /// word's lookup ends on one test and the scan needs no branch between found and
    /// absent. callgrind, `extract` on 1,000 generated articles: 311.3 M -> 319.4 M
    /// instructions (every word then read an entry and tried an empty list), 5.49 M ->
    /// 5.51 M mispredicted branches. Not kept.
    ///
    /// Tried: a bitset of 16 bits per key in front of the slots (a sixteenth of their
    /// size), so that the lookups that find nothing, 73% of them (292,000 of 402,000 on
    /// 1,000 generated articles: first words, stems and pairs), are answered without a
    /// slot load. callgrind, `extract` on those articles: 293.8 M -> 294.4 M
    /// instructions, and cachegrind's first-level data misses 3.21 M -> 3.25 M: the
    /// slot loads were not the misses they seemed. Not kept.
    fn get(&self, hash: u64) -> Option<u32> {
        let key = HashTable::key(hash);
        let mask = self.slots.len() - 1;
        let mut slot = self.slot(key);
        loop {
            let (stored, value) = self.slots[slot];
            if stored == key {
                return Some(value);
            }
            if stored == 0 {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }
}

/// Patterns grouped by a hash, laid out as ranges of one list.
#[derive(Default)]
struct Lists {
    by_key: std::collections::BTreeMap<u32, Vec<u32>>,
}

impl Lists {
    /// Hashes are keyed as `HashTable` stores them (`HashTable::key`): two hashes with
    /// one key share a list, whose candidates the comparison sorts out.
    fn add(&mut self, hash: u64, pattern: u32) {
        self.by_key
            .entry(HashTable::key(hash))
            .or_default()
            .push(pattern);
    }

    /// Appends every list to `lists`; the table maps each key to its list's index in
    /// `ranges`, which holds each list's range.
    fn finish(self, lists: &mut Vec<u32>) -> (HashTable, Vec<(u32, u32)>) {
        let mut entries = Vec::new();
        let mut ranges = Vec::new();
        for (key, patterns) in self.by_key {
            let start = lists.len() as u32;
            lists.extend(patterns);
            entries.push((key, ranges.len() as u32));
            ranges.push((start, lists.len() as u32));
        }
        (HashTable::build(&entries), ranges)
    }
}

impl PatternSet {
    /// The folded texts of the patterns, for the matcher benchmark's rivals.
    pub fn folded_texts(&self) -> impl Iterator<Item = &str> {
        self.patterns.iter().map(|pattern| &*pattern.text)
    }

    pub fn new(patterns: &[Pattern]) -> PatternSet {
        PatternSet::grouped(&[patterns])
    }

    /// One set for several groups of patterns (actor names, triggers, cues).
    ///
    /// perf on 10,000 articles, one thread: three sets each scanning the whole folded
    /// text were 16% of `extract`; one pass over the union costs about a third of that.
    pub fn grouped(groups: &[&[Pattern]]) -> PatternSet {
        let patterns: Vec<Compiled> = groups
            .iter()
            .enumerate()
            .flat_map(|(index, group)| {
                group
                    .iter()
                    .map(move |pattern| Compiled::of(pattern, index as u16))
            })
            .collect();
        let (mut words, mut pairs, mut stems) =
            (Lists::default(), Lists::default(), Lists::default());
        let mut has_pairs = std::collections::BTreeSet::new();
        let (mut short_stems, mut loose) = (Vec::new(), Vec::new());
        for (index, pattern) in patterns.iter().enumerate() {
            let index = index as u32;
            // An empty pattern names nothing: it never matches.
            if pattern.text.is_empty() {
                continue;
            }
            match Key::of(&pattern.text, pattern.prefix) {
                Key::Loose => loose.push(index),
                Key::Stem(stem) => match stem.as_bytes().first_chunk::<STEM_KEY>() {
                    Some(key) => stems.add(WordHash::of(key), index),
                    None => short_stems.push(index),
                },
                Key::Word { one, two: None } => words.add(WordHash::of(one.as_bytes()), index),
                Key::Word {
                    one,
                    two: Some(two),
                } => {
                    let one = WordHash::of(one.as_bytes());
                    pairs.add(WordHash::pair(one, WordHash::of(two.as_bytes())), index);
                    has_pairs.insert(HashTable::key(one));
                }
            }
        }
        // A first word with pair patterns only still needs its entry.
        for &hash in &has_pairs {
            words.by_key.entry(hash).or_default();
        }
        let mut lists = Vec::new();
        let word_hashes: Vec<u32> = words.by_key.keys().copied().collect();
        let (words, word_ranges) = words.finish(&mut lists);
        let word_entries = word_hashes
            .iter()
            .zip(word_ranges)
            .map(|(hash, list)| WordEntry {
                list,
                has_pairs: has_pairs.contains(hash),
            })
            .collect();
        let (pairs, pair_ranges) = pairs.finish(&mut lists);
        let (stems, stem_ranges) = stems.finish(&mut lists);
        PatternSet {
            patterns,
            words,
            word_entries,
            pairs,
            pair_ranges,
            stems,
            stem_ranges,
            short_stems,
            loose,
            lists,
            groups: groups.len(),
        }
    }

    /// All valid matches, leftmost-longest, non-overlapping, in text order. `tokens`
    /// are the tokens of the text `folded` was folded from.
    pub fn find(&self, folded: &Folded, tokens: &Tokens) -> Vec<Hit> {
        self.find_groups(folded, tokens)
            .into_iter()
            .next()
            .unwrap_or_default()
    }

    /// Per group, all valid matches, leftmost-longest, non-overlapping, in text order.
    ///
    /// A match starts where a word starts, and the words of the folded text are the
    /// folded forms of the word tokens: every char folds to chars of its own kind, word
    /// or not (`text::tests::token_forms_are_the_fold_of_their_text`).
    pub fn find_groups(&self, folded: &Folded, tokens: &Tokens) -> Vec<Vec<Hit>> {
        let haystack = folded.text.as_str();
        let bytes = haystack.as_bytes();
        // (start, group, end, pattern), by start.
        let mut candidates: Vec<(usize, u16, usize, u32)> =
            Vec::with_capacity(haystack.len() / 16 + 8);
        let try_list = |candidates: &mut Vec<_>, list: &[u32], start: usize| {
            for &index in list {
                if let Some(end) = self.match_at(folded, index, start) {
                    candidates.push((start, self.patterns[index as usize].group, end, index));
                }
            }
        };
        // The previous word's start and hash, when pair patterns start with it.
        let mut pair_start: Option<(usize, u64)> = None;
        for token in tokens.tokens.iter().filter(|token| token.is_word) {
            let start = token.folded_start as usize;
            let word = token.norm.as_bytes();
            let hash = WordHash::of_at(bytes, start, word.len());
            // Patterns of two words or more starting at the previous word come first:
            // candidates stay in order of start.
            if let Some((previous, previous_hash)) = pair_start.take()
                && let Some(list) = self.pairs.get(WordHash::pair(previous_hash, hash))
            {
                try_list(
                    &mut candidates,
                    self.list(self.pair_ranges[list as usize]),
                    previous,
                );
            }
            if let Some(entry) = self.words.get(hash) {
                let entry = self.word_entries[entry as usize];
                // Most words that start a pattern ("de", "la") start only patterns of
                // two words or more.
                if entry.list.0 < entry.list.1 {
                    try_list(&mut candidates, self.list(entry.list), start);
                }
                if entry.has_pairs {
                    pair_start = Some((start, hash));
                }
            }
            if let Some(key) = word.first_chunk::<STEM_KEY>()
                && let Some(list) = self.stems.get(WordHash::of(key))
            {
                try_list(
                    &mut candidates,
                    self.list(self.stem_ranges[list as usize]),
                    start,
                );
            }
            if !self.short_stems.is_empty() {
                try_list(&mut candidates, &self.short_stems, start);
            }
        }
        if !self.loose.is_empty() {
            for &index in &self.loose {
                // Overlapping occurrences: "--" is found twice in "---".
                let needle = self.patterns[index as usize].text.as_bytes();
                let finder = memchr::memmem::Finder::new(needle);
                let mut from = 0;
                while let Some(found) = finder.find(&bytes[from..]) {
                    let start = from + found;
                    if boundary_before(haystack, start) {
                        try_list(&mut candidates, &[index], start);
                    }
                    from = start + 1;
                }
            }
            candidates.sort_by_key(|&(start, ..)| start);
        }
        self.leftmost_longest(folded, &candidates)
    }

    /// Leftmost-longest per group among `candidates` `(start, group, end, pattern)`,
    /// sorted by start: at each start, the longest candidate (the first pattern among
    /// equals) wins unless an earlier match of its group covers it.
    fn leftmost_longest(
        &self,
        folded: &Folded,
        candidates: &[(usize, u16, usize, u32)],
    ) -> Vec<Vec<Hit>> {
        // Each group's hits sized once for its candidates, an upper bound: grown from
        // empty, they were 30,000 reallocations for 2,000 articles.
        let mut sizes = vec![0; self.groups];
        for &(_, group, ..) in candidates {
            sizes[group as usize] += 1;
        }
        let mut hits: Vec<Vec<Hit>> = sizes.into_iter().map(Vec::with_capacity).collect();
        let mut covered_until = vec![0; self.groups];
        let mut best: Vec<Option<(usize, u32)>> = vec![None; self.groups];
        let mut run = 0;
        while run < candidates.len() {
            let start = candidates[run].0;
            let mut next = run;
            while next < candidates.len() && candidates[next].0 == start {
                let (_, group, end, index) = candidates[next];
                let slot = &mut best[group as usize];
                if slot.is_none_or(|(best_end, best_index)| {
                    end > best_end || (end == best_end && index < best_index)
                }) {
                    *slot = Some((end, index));
                }
                next += 1;
            }
            for (group, slot) in best.iter_mut().enumerate() {
                let Some((end, index)) = slot.take() else {
                    continue;
                };
                if start < covered_until[group] {
                    continue;
                }
                covered_until[group] = end;
                hits[group].push(Hit {
                    payload: self.patterns[index as usize].payload,
                    folded: (start, end),
                    span: folded.original_span(start, end),
                });
            }
            run = next;
        }
        hits
    }

    /// The patterns of a range of `lists`.
    fn list(&self, (start, end): (u32, u32)) -> &[u32] {
        &self.lists[start as usize..end as usize]
    }

    /// The end of pattern `index` at folded byte `start` (after a word boundary), if
    /// it matches there.
    ///
    /// Tried: comparing the pattern's first eight bytes with the text's at once (a
    /// masked `u64` kept with the pattern), `memcmp` only past them. callgrind,
    /// `extract` on 1,000 generated articles: 308.3 M -> 307.8 M instructions, 5.03 M ->
    /// 5.05 M mispredicted branches: no gain. Not kept. Tried again for time, as
    /// `memcmp` had 1.9% of perf's samples from here (10,000 generated articles, DWARF
    /// call graphs): patterns of 16 bytes or fewer compared as two overlapping `u32` or
    /// `u64` loads from each end, no call. 289.6 M -> 289.5 M instructions for 1,000
    /// articles; 21 alternate runs on 10,000, medians 629.6 -> 629.8 ms. Not kept.
    fn match_at(&self, folded: &Folded, index: u32, start: usize) -> Option<usize> {
        let haystack = folded.text.as_str();
        let pattern = &self.patterns[index as usize];
        if !haystack.as_bytes()[start..].starts_with(pattern.text.as_bytes()) {
            return None;
        }
        let end = start + pattern.text.len();
        let open = pattern.prefix || pattern.open_end;
        if !open && !boundary_after(haystack, end) {
            return None;
        }
        if pattern
            .upper_required
            .iter()
            .any(|&offset| !folded.is_upper(start + offset as usize))
        {
            return None;
        }
        // A prefix pattern extends to the end of its word.
        Some(if pattern.prefix && !pattern.open_end {
            word_end(haystack, end)
        } else {
            end
        })
    }
}

/// The span of the word after the non-word chars from `at`, if one follows.
fn next_word(haystack: &str, mut at: usize) -> Option<(usize, usize)> {
    while at < haystack.len() {
        let (is_word, width) = char_at(haystack, at);
        if is_word {
            return Some((at, word_end(haystack, at)));
        }
        at += width;
    }
    None
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
    use proptest::strategy::Strategy;

    use super::*;
    use crate::fold::{ASCII_ALNUM, not_alnum};

    /// Every byte value at every place of a chunk, beside letters and beside a byte
    /// with its high bit set (which must not carry into its neighbours).
    #[test]
    fn chunks_mark_exactly_the_bytes_that_are_not_alnum() {
        for filler in [b'a', b'Z', b'0', b' ', 0xC3, 0xFF] {
            for place in 0..8 {
                for byte in 0..=255u8 {
                    let mut chunk = [filler; 8];
                    chunk[place] = byte;
                    let expected = chunk.iter().enumerate().fold(0, |mask, (at, &byte)| {
                        mask | u64::from(!ASCII_ALNUM[usize::from(byte)]) << (8 * at + 7)
                    });
                    assert_eq!(not_alnum(u64::from_le_bytes(chunk)), expected, "{chunk:?}");
                }
            }
        }
    }

    proptest::proptest! {
        /// A word hashed in place, its last chunk masked out of the text around it,
        /// hashes as the word alone, at the text's end too.
        #[test]
        fn words_hash_in_place_as_alone(text in proptest::collection::vec(proptest::num::u8::ANY, 0..40), start in 0usize..40, len in 0usize..40) {
            let start = start.min(text.len());
            let len = len.min(text.len() - start);
            proptest::prop_assert_eq!(
                WordHash::of_at(&text, start, len),
                WordHash::of(&text[start..start + len])
            );
        }
    }

    /// `WordHash::tail` is the bytes zero-padded to eight, read little-endian, for
    /// every length below eight.
    #[test]
    fn word_tails_are_the_bytes_zero_padded() {
        let bytes = [0x81, 0x02, 0xF3, 0x04, 0x65, 0xA6, 0x07];
        for length in 1..8 {
            let rest = &bytes[..length];
            let mut padded = [0; 8];
            padded[..length].copy_from_slice(rest);
            assert_eq!(
                WordHash::tail(rest),
                u64::from_le_bytes(padded),
                "{length} bytes"
            );
        }
    }

    fn set(patterns: &[&str]) -> PatternSet {
        let patterns: Vec<Pattern> = patterns
            .iter()
            .enumerate()
            .map(|(index, text)| Pattern {
                text: text.trim_end_matches('*'),
                payload: index as u32,
                prefix: text.ends_with('*'),
            })
            .collect();
        PatternSet::new(&patterns)
    }

    fn check(patterns: &[&str], text: &str, expected: &[&str]) {
        let folded = Folded::new(text);
        let tokens = Tokens::new(text, &folded);
        let found: Vec<&str> = set(patterns)
            .find(&folded, &tokens)
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
        let hits = set(&["Pékin"]).find(&folded, &Tokens::new(text, &folded));
        assert_eq!(&text[hits[0].span.start..hits[0].span.end], "Pékin");
    }

    #[test]
    fn groups_are_resolved_apart() {
        fn patterns<'a>(texts: &[&'a str]) -> Vec<Pattern<'a>> {
            texts
                .iter()
                .enumerate()
                .map(|(index, text)| Pattern {
                    text,
                    payload: index as u32,
                    prefix: false,
                })
                .collect()
        }
        let names = patterns(&["Union européenne", "Union"]);
        let words = patterns(&["union"]);
        let set = PatternSet::grouped(&[&names, &words]);
        let text = "l'Union européenne et l'union";
        let folded = Folded::new(text);
        let groups = set.find_groups(&folded, &Tokens::new(text, &folded));
        // The longer name wins in its own group; the other group still sees its word
        // inside it.
        let payloads: Vec<Vec<u32>> = groups
            .iter()
            .map(|hits| hits.iter().map(|hit| hit.payload).collect())
            .collect();
        assert_eq!(payloads, vec![vec![0], vec![0, 0]]);
    }

    #[test]
    fn tokens_read_back_the_folded_form_of_each_word() {
        let text = "Le «PDG» d’ŒUVRE\tà Pékin";
        let folded = Folded::new(text);
        let tokens = Tokens::new(text, &folded);
        let words: Vec<&str> = tokens
            .tokens
            .iter()
            .map(|token| &text[token.span.start..token.span.end])
            .collect();
        assert_eq!(
            words,
            ["Le", "«", "PDG", "»", "d", "’", "ŒUVRE", "à", "Pékin"]
        );
        let read: Vec<&str> = tokens.tokens.iter().map(|token| token.norm).collect();
        let expected: Vec<String> = words.iter().map(|word| fold(word)).collect();
        assert_eq!(read, expected);
    }

    /// The search `PatternSet` replaced, kept as its oracle: one Aho-Corasick automaton
    /// over every pattern, overlapping matches filtered by the same rules, then
    /// leftmost-longest per group.
    fn reference_find_groups(groups: &[&[Pattern]], folded: &Folded) -> Vec<Vec<Hit>> {
        use aho_corasick::{AhoCorasick, MatchKind};
        let all: Vec<(usize, &Pattern)> = groups
            .iter()
            .enumerate()
            .flat_map(|(group, patterns)| patterns.iter().map(move |pattern| (group, pattern)))
            .collect();
        let compiled: Vec<(usize, &Pattern, Folded)> = all
            .iter()
            .map(|&(group, pattern)| (group, pattern, Folded::new(pattern.text.trim())))
            .filter(|(_, _, text)| !text.text.is_empty())
            .collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(compiled.iter().map(|(_, _, text)| &text.text))
            .unwrap();
        let haystack = folded.text.as_str();
        let mut candidates = Vec::new();
        for found in automaton.find_overlapping_iter(haystack) {
            let (start, end) = (found.start(), found.end());
            let (group, pattern, text) = &compiled[found.pattern().as_usize()];
            let open_end = text.text.ends_with('-');
            let words = text
                .text
                .split([' ', '\''])
                .filter(|w| !w.is_empty())
                .count();
            let upper_ok = words >= 3
                || (0..text.text.len())
                    .filter(|&index| text.is_upper(index))
                    .all(|index| folded.is_upper(start + index));
            if !boundary_before(haystack, start)
                || (!pattern.prefix && !open_end && !boundary_after(haystack, end))
                || !upper_ok
            {
                continue;
            }
            let mut end = end;
            if pattern.prefix && !open_end {
                while let Some(ch) = haystack[end..]
                    .chars()
                    .next()
                    .filter(|&ch| is_word_char(ch))
                {
                    end += ch.len_utf8();
                }
            }
            candidates.push((
                *group,
                start,
                end,
                found.pattern().as_usize(),
                pattern.payload,
            ));
        }
        candidates.sort_by(|a, b| {
            (a.0, a.1)
                .cmp(&(b.0, b.1))
                .then(b.2.cmp(&a.2))
                .then(a.3.cmp(&b.3))
        });
        let mut hits = vec![Vec::new(); groups.len()];
        let mut covered_until = (usize::MAX, 0);
        for (group, start, end, _, payload) in candidates {
            if covered_until.0 == group && start < covered_until.1 {
                continue;
            }
            covered_until = (group, end);
            hits[group].push(Hit {
                payload,
                folded: (start, end),
                span: folded.original_span(start, end),
            });
        }
        hits
    }

    #[test]
    fn pair_keyed_loose_and_short_stem_patterns_match() {
        // Many names share their first word and are keyed by their first two.
        let mut names: Vec<String> = (0..12).map(|n| format!("République numéro {n}")).collect();
        names.push("République".into());
        names.push("république bis*".into());
        let mut texts: Vec<&str> = names.iter().map(String::as_str).collect();
        texts.extend(["-X", "ab*", ".net"]);
        let text =
            "la République numéro 7, la République bisontine, -X, abc, .NET et la République";
        check(
            &texts,
            text,
            &[
                "République numéro 7",
                "République bisontine",
                "-X",
                "abc",
                ".NET",
                "République",
            ],
        );
        // An empty pattern names nothing.
        check(&["", "abc"], "abc", &["abc"]);
    }

    /// `Folded`'s three arrays built char by char, the way `fold` reads a text: the
    /// oracle of the byte-wise runs.
    fn reference_fold(original: &str) -> (String, Vec<u32>, Vec<u8>) {
        let (mut text, mut offsets, mut upper) = (String::new(), Vec::new(), Vec::new());
        let mut last_was_space = false;
        for (offset, ch) in original.char_indices() {
            if ch.is_whitespace() {
                if !last_was_space {
                    text.push(' ');
                    offsets.push(offset as u32);
                    upper.push(0);
                }
                last_was_space = true;
                continue;
            }
            last_was_space = false;
            let before = text.len();
            fold_char(ch, &mut text);
            for _ in before..text.len() {
                offsets.push(offset as u32);
                upper.push(u8::from(ch.is_uppercase()));
            }
        }
        offsets.push(original.len() as u32);
        upper.push(0);
        (text, offsets, upper)
    }

    /// A pattern or text built from a few words that share first words and stems.
    fn phrase(max_words: usize) -> impl Strategy<Value = String> {
        let word = proptest::sample::select(vec![
            "la",
            "La",
            "l'",
            "L’",
            "union",
            "Union",
            "européenne",
            "europeenne",
            "sino-",
            "-",
            "chine",
            "Chine",
            "populaire",
            "partenari",
            "partenariat",
            "partenariats",
            "ONU",
            "onu",
            "d'État",
            "état",
            "œuvre",
            "OEUVRE",
            "ab",
            "a",
            "é",
            "12",
            "US",
        ]);
        let separator = proptest::sample::select(vec![" ", "  ", "", "-", "'", ", ", "\n"]);
        proptest::collection::vec((word, separator), 1..=max_words).prop_map(|parts| {
            parts
                .into_iter()
                .map(|(word, separator)| format!("{word}{separator}"))
                .collect()
        })
    }

    proptest::proptest! {
        /// The word-table search finds exactly what the Aho-Corasick search it replaced
        /// finds, group by group.
        #[test]
        fn pattern_set_finds_what_aho_corasick_finds(
            // Many names share a first word, so that its patterns are keyed by two.
            names in proptest::collection::vec(
                (proptest::sample::select(vec!["", "la ", "Union "]), phrase(3), proptest::bool::ANY)
                    .prop_map(|(first, rest, prefix)| (format!("{first}{rest}"), prefix)),
                0..40,
            ),
            words in proptest::collection::vec((phrase(2), proptest::bool::ANY), 0..6),
            text in phrase(16),
        ) {
            fn patterns(texts: &[(String, bool)]) -> Vec<Pattern<'_>> {
                texts
                    .iter()
                    .enumerate()
                    .map(|(index, (text, prefix))| Pattern {
                        text,
                        payload: index as u32,
                        prefix: *prefix,
                    })
                    .collect()
            }
            let (names, words) = (patterns(&names), patterns(&words));
            let folded = Folded::new(&text);
            let tokens = Tokens::new(&text, &folded);
            let found = PatternSet::grouped(&[&names, &words]).find_groups(&folded, &tokens);
            let expected = reference_find_groups(&[&names, &words], &folded);
            proptest::prop_assert_eq!(found, expected);
        }
    }

    proptest::proptest! {
        /// The byte-wise `Folded` agrees with the char-wise `fold`, and every folded
        /// byte maps back inside the original.
        #[test]
        fn folded_text_is_fold_of_the_original(text in "[ \t\n\x0bA-Za-z0-9@\\[{~\x01\x7f'’`«»éÉœŒßİ\\-–ﬁ·😀\u{200f}]{0,40}") {
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

        /// The patterns' fold marks the folded bytes `Folded` marks upper case, for a
        /// text without white space at its ends (patterns are trimmed).
        #[test]
        fn pattern_fold_marks_the_upper_case_folded_marks(text in "[ A-Za-z0-9'’`éÉœŒßİ\\-ﬁ·😀]{0,24}") {
            let text = text.trim();
            let folded = Folded::new(text);
            let mut marked = Vec::new();
            let folded_text = fold_marking_upper(text, |bytes| marked.extend(bytes));
            proptest::prop_assert_eq!(&folded_text, &folded.text);
            let expected: Vec<usize> =
                (0..folded.text.len()).filter(|&index| folded.is_upper(index)).collect();
            proptest::prop_assert_eq!(marked, expected);
        }
    }
}
