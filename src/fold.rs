//! Folding text for matching: lower case, Latin diacritics stripped, every apostrophe
//! `'`, every dash `-`, every run of white space one space, with a map from folded
//! bytes back to the original; and what a word char is. Read by `text` (tokens) and
//! `mention` (the lexicon's patterns), which depend on it and not on each other's
//! internals.

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
    pub(crate) offsets: Vec<u32>,
    /// Whether the original char behind folded byte `i` was upper case (1) or not (0):
    /// bytes, so that eight of them are written at once.
    pub(crate) upper: Vec<u8>,
}

impl Folded {
    pub fn new(original: &str) -> Folded {
        // Byte-wise rather than char by char: the 10,000 bench articles (15 MB) at once
        // took 104 ms char by char, 77 ms byte by byte with ASCII inline.
        let bytes = original.as_bytes();
        let mut writer = FoldWriter::with_capacity(bytes.len());
        let mut offset = 0;
        while offset < bytes.len() {
            offset = writer.plain_chunks(bytes, offset);
            offset = writer.plain_bytes(bytes, offset);
            let Some(&byte) = bytes.get(offset) else {
                break;
            };
            let ch = if byte.is_ascii() {
                char::from(byte)
            } else {
                let Some(ch) = original[offset..].chars().next() else {
                    break;
                };
                ch
            };
            writer.other_char(ch, offset);
            offset += ch.len_utf8();
        }
        writer.finish(original.len())
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

    /// Per folded byte, the offset in the original of the char that gave it, and one
    /// more entry: the original's length.
    pub fn offsets(&self) -> &[u32] {
        &self.offsets
    }

    pub fn is_upper(&self, folded_index: usize) -> bool {
        self.upper
            .get(folded_index)
            .is_some_and(|&upper| upper != 0)
    }
}

/// The three vectors `Folded::new` fills as it reads the text: the folded bytes, the
/// original offset of each, and whether each came from an upper-case char.
struct FoldWriter {
    text: Vec<u8>,
    offsets: Vec<u32>,
    upper: Vec<u8>,
    last_was_space: bool,
    /// One char's folded form.
    buffer: String,
}

impl FoldWriter {
    fn with_capacity(length: usize) -> FoldWriter {
        // Room for eight bytes past the original's length: the chunks are written whole.
        FoldWriter {
            text: Vec::with_capacity(length + 8),
            offsets: Vec::with_capacity(length + 9),
            upper: Vec::with_capacity(length + 9),
            last_was_space: false,
            buffer: String::new(),
        }
    }

    /// A run of ASCII that folds to itself lower-cased (a lone space included, as it
    /// stays one space) is written eight bytes at a time: each chunk is lower-cased, its
    /// capitals marked and its offsets counted on a `u64` and stored whole. callgrind,
    /// `extract` on 1,000 generated articles: finding the run's end first and then
    /// copying it (a `memcpy` per run, a pass to lower-case it, one for its capitals),
    /// 317.9 M instructions and 6.15 M mispredicted branches (cachegrind's simulation);
    /// this way 312.6 M and 5.66 M. Before that, on the 17 bundled articles: 12.3% of
    /// the pipeline's instructions pushing byte by byte; 13.3% with runs cut at every
    /// space; 9.1% copying runs. Tried: skipping to the next byte of `RUN_ENDS` with
    /// `position` (the search restarts at every space).
    ///
    /// A chunk that the run does not fill is written whole too, and cut back to the
    /// bytes before its first end: they went through the byte loop below, whose exit
    /// was a branch mispredicted at many ends (perf, 10,000 generated articles: that
    /// loop had 43% of this function's samples). callgrind, the command on 1,000 of
    /// them: 303.2 M -> 301.0 M instructions, 4.86 M -> 4.73 M mispredicted branches.
    /// (Cutting back every chunk, full ones too, was not worth it: 311.5 M and 4.89 M
    /// against 308.3 M and 5.03 M then.) Returns the offset reached.
    #[inline(always)]
    fn plain_chunks(&mut self, bytes: &[u8], mut offset: usize) -> usize {
        while let Some(chunk) = bytes.get(offset..offset + 8) {
            let chunk = PlainChunk::of(
                u64::from_le_bytes(chunk.try_into().unwrap_or_default()),
                self.last_was_space,
            );
            self.text.extend_from_slice(&chunk.lower.to_le_bytes());
            self.upper.extend_from_slice(&chunk.upper.to_le_bytes());
            let first = offset as u32;
            self.offsets.extend_from_slice(&[
                first,
                first + 1,
                first + 2,
                first + 3,
                first + 4,
                first + 5,
                first + 6,
                first + 7,
            ]);
            if chunk.ends == 0 {
                self.last_was_space = chunk.spaces >> 63 != 0;
                offset += 8;
                continue;
            }
            let plain = chunk.plain();
            let cut = 8 - plain;
            self.text.truncate(self.text.len() - cut);
            self.upper.truncate(self.upper.len() - cut);
            self.offsets.truncate(self.offsets.len() - cut);
            if plain > 0 {
                self.last_was_space = chunk.spaces >> (8 * plain - 1) & 1 != 0;
            }
            return offset + plain;
        }
        offset
    }

    /// The rest of a plain run, byte by byte; returns the offset reached.
    #[inline(always)]
    fn plain_bytes(&mut self, bytes: &[u8], mut offset: usize) -> usize {
        while let Some(&byte) = bytes.get(offset)
            && (!RUN_ENDS[usize::from(byte)] || byte == b' ' && !self.last_was_space)
        {
            self.text.push(byte.to_ascii_lowercase());
            self.offsets.push(offset as u32);
            self.upper.push(u8::from(byte.is_ascii_uppercase()));
            self.last_was_space = byte == b' ';
            offset += 1;
        }
        offset
    }

    /// A char that ends a plain run, at `offset`: white space (one space for a run of
    /// it), a non-ASCII char or a backtick, folded.
    #[inline(always)]
    fn other_char(&mut self, ch: char, offset: usize) {
        if ch.is_whitespace() {
            if !self.last_was_space {
                self.text.push(b' ');
                self.offsets.push(offset as u32);
                self.upper.push(0);
            }
            self.last_was_space = true;
            return;
        }
        self.last_was_space = false;
        let is_upper = u8::from(ch.is_uppercase());
        self.buffer.clear();
        fold_char(ch, &mut self.buffer);
        self.text.extend_from_slice(self.buffer.as_bytes());
        for _ in 0..self.buffer.len() {
            self.offsets.push(offset as u32);
            self.upper.push(is_upper);
        }
    }

    fn finish(mut self, original_length: usize) -> Folded {
        self.offsets.push(original_length as u32);
        self.upper.push(0);
        Folded {
            // Only whole chars' UTF-8 were written: the conversion cannot fail.
            text: String::from_utf8(self.text)
                .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()),
            offsets: self.offsets,
            upper: self.upper,
        }
    }
}

/// Eight bytes of the text read by `Folded::new`, folded as far as the first that ends
/// its run of plain ASCII (a byte that is not ASCII, a control char, a backtick, a space
/// after a space, counting one before them), and where those ends are.
struct PlainChunk {
    /// The bytes lower-cased, as a little-endian `u64` (past the first end, anything).
    lower: u64,
    /// 1 in each byte that was a capital, 0 elsewhere (past the first end, anything).
    upper: u64,
    /// The high bit set in each byte that was a space.
    spaces: u64,
    /// The high bit set in each byte that ends the run or is left to the byte loop:
    /// non-ASCII, control chars, backticks, a space after a space.
    ends: u64,
}

impl PlainChunk {
    /// The tests are made on the eight bytes at once, on their low seven bits: adding a
    /// constant below 0x80 to them never carries into the next byte, and a byte with
    /// its high bit set is an end whatever they say. callgrind, 1,000 generated
    /// articles: the pipeline took 574.5 M instructions testing byte by byte, 567.7 M
    /// testing eight at a time.
    #[inline(always)]
    fn of(word: u64, space_before: bool) -> PlainChunk {
        let low = word & !HIGHS;
        let controls = bytes_within(low, 0x00, 0x1F);
        let backticks = bytes_within(low, b'`', b'`');
        let spaces = bytes_within(low, b' ', b' ');
        let doubled = spaces & ((spaces << 8) | u64::from(space_before) << 7);
        let capitals = bytes_within(low, b'A', b'Z');
        PlainChunk {
            // 0x80 >> 2 is 0x20, the bit that makes an ASCII capital lower case.
            lower: low | capitals >> 2,
            upper: capitals >> 7,
            spaces,
            ends: word & HIGHS | controls | backticks | doubled,
        }
    }

    /// How many bytes come before the first end: 8 when there is none.
    fn plain(&self) -> usize {
        (self.ends.trailing_zeros() / 8) as usize
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
pub const fn is_ascii_space(byte: u8) -> bool {
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
    fold_marking_upper(text, |_| {})
}

/// Whether any word of `name`, folded, is one `test` accepts ("declaration" of "Lima
/// Declaration on AI", "Déclaration de Lima").
pub fn any_folded_word(name: &str, test: impl Fn(&str) -> bool) -> bool {
    fold(name).split(|c: char| !c.is_alphanumeric()).any(test)
}

/// `fold`, handing `upper` the folded byte range of each upper-case char: what
/// `Folded::new` records, for a short text, without its three vectors. The lexicon's
/// patterns are folded this way.
pub(crate) fn fold_marking_upper(
    text: &str,
    mut upper: impl FnMut(std::ops::Range<usize>),
) -> String {
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
        let start = folded.len();
        // `fold_char`'s own fast path, without a call per char: folding the lexicon's
        // names took 3.5 M of the 27.6 M instructions of building it with the call.
        if ch.is_ascii() && ch != '`' {
            folded.push(ch.to_ascii_lowercase());
        } else {
            fold_char(ch, &mut folded);
        }
        if ch.is_uppercase() {
            upper(start..folded.len());
        }
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
    // So are the signs of Latin-1 and the General Punctuation block (’ “ ” – — … and
    // the typographic spaces), which end most French words that are not followed by
    // a plain space: through the tables, they were 5.5% of `Tokens::new`.
    match u32::from(ch) {
        0..0x80 => ch.is_ascii_alphanumeric(),
        // ª ² ³ µ ¹ º ¼ ½ ¾ are the alphanumerics among the Latin-1 signs.
        code @ 0x80..0xC0 => matches!(code, 0xAA | 0xB2 | 0xB3 | 0xB5 | 0xB9 | 0xBA | 0xBC..=0xBE),
        0xC0..=0xFF => ch != '×' && ch != '÷',
        0x2000..=0x206F => false,
        _ => ch.is_alphanumeric(),
    }
}

/// Whether the char at byte `at` is a word char, and its width.
#[inline]
pub(crate) fn char_at(haystack: &str, at: usize) -> (bool, usize) {
    let byte = haystack.as_bytes()[at];
    if byte < 0x80 {
        return (byte.is_ascii_alphanumeric(), 1);
    }
    match haystack[at..].chars().next() {
        Some(ch) => (is_word_char(ch), ch.len_utf8()),
        None => (false, 1),
    }
}

/// The end of the run of word chars from byte `start` of a folded text: runs of ASCII
/// letters and digits, skipped at once, and the word chars between them.
///
/// Letters are not counted here (tokens no longer say whether a word is all capitals:
/// nothing read it). callgrind, 1,000 generated articles: reading each word byte by
/// byte and counting its letters and capitals took 34% of `Tokens::new`; with runs
/// skipped by `position` and no counting, the bench's four calls of `Tokens::new` went
/// from 325.7 M to 299.3 M instructions.
/// Inlined: called once per word by `Tokens::new`, out of line it cost the pipeline
/// 566.9 M instructions against 553.5 M. `#[inline]` came to leave it out of line
/// there again (a call per word, its registers saved and restored each time):
/// callgrind, `extract` on 1,000 generated articles, 341.0 M instructions for the
/// command with `#[inline]`, 335.2 M with `#[inline(always)]`.
///
/// Eight bytes at a time (`not_alnum`), the first byte that ends the word found by
/// counting trailing zeros: one test for most words where the byte loop's exit was a
/// branch mispredicted about once a word. cachegrind's simulation, the command on
/// 1,000 generated articles: 312.6 M -> 311.3 M instructions, 5.66 M -> 5.49 M
/// mispredicted branches. (Counted by instructions alone, 335.2 M -> 335.1 M, it was
/// not kept the first time it was tried.)
#[inline(always)]
pub fn word_end(haystack: &str, start: usize) -> usize {
    let bytes = haystack.as_bytes();
    let mut at = start;
    while at < bytes.len() {
        if let Some(chunk) = bytes.get(at..at + 8) {
            let ends = not_alnum(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
            if ends == 0 {
                at += 8;
                continue;
            }
            at += (ends.trailing_zeros() / 8) as usize;
        } else {
            at += bytes[at..]
                .iter()
                .position(|&byte| !ASCII_ALNUM[usize::from(byte)])
                .unwrap_or(bytes.len() - at);
        }
        if at == bytes.len() || bytes[at].is_ascii() {
            break;
        }
        match haystack[at..].chars().next() {
            Some(ch) if is_word_char(ch) => at += ch.len_utf8(),
            _ => break,
        }
    }
    at
}

/// The high bit set in each of eight bytes (a little-endian `u64`) that is not an ASCII
/// letter or digit. Each byte's low seven bits are tested against the three ranges.
#[inline(always)]
pub(crate) fn not_alnum(word: u64) -> u64 {
    let low = word & !HIGHS;
    // A letter with its case bit set is a lower-case letter.
    let alnum = bytes_within(low, b'0', b'9') | bytes_within(low | (ONES * 0x20), b'a', b'z');
    (!alnum | word) & HIGHS
}

/// A byte of value 1 in each of eight places, and the high bit of each: the constants
/// of the tests `PlainChunk::of` and `not_alnum` make on eight bytes at once.
const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit set in each byte of `low`, eight bytes below 0x80 each (a little-endian
/// `u64`), from `first` to `last`: adding a constant below 0x80 to such a byte never
/// carries into the next.
#[inline(always)]
fn bytes_within(low: u64, first: u8, last: u8) -> u64 {
    (low + ONES * u64::from(0x80 - first)) & !(low + ONES * u64::from(0x7F - last)) & HIGHS
}

/// ASCII letters and digits.
pub static ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};
