//! The date normaliser on any text and publication date: no panic, spans inside the
//! text on character boundaries, and every value prints as FORMAT.md date text that
//! parses back to itself.
#![no_main]

use std::sync::LazyLock;

use entente::date::{Tense, find_dates};
use entente::lexicon::Lexicon;
use entente::model::{DateValue, Day};
use libfuzzer_sys::fuzz_target;

/// The date words come with the lexicon, built once.
static LEXICON: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::embedded().expect("the embedded lexicon loads"));

fuzz_target!(|data: &[u8]| {
    let [year_byte, month_byte, day_byte, flags, rest @ ..] = data else {
        return;
    };
    let published = Day::new(
        1990 + i32::from(*year_byte % 80),
        u32::from(*month_byte % 12) + 1,
        u32::from(*day_byte % 28) + 1,
    )
    .map(DateValue::Day)
    .filter(|_| flags & 1 == 0);
    let tense = if flags & 2 == 0 {
        Tense::Past
    } else {
        Tense::Other
    };
    let text = String::from_utf8_lossy(rest);
    for found in find_dates(&LEXICON.dates, &text, published, tense) {
        assert!(found.span.start <= found.span.end && found.span.end <= text.len());
        assert!(text.is_char_boundary(found.span.start) && text.is_char_boundary(found.span.end));
        let printed = found.value.to_string();
        assert_eq!(DateValue::parse(&printed), Some(found.value), "{printed}");
        if let Some((start, end)) = found.value.bounds() {
            assert!(start <= end);
        }
    }
});
