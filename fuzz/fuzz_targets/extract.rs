//! The whole extractor on any text: no panic, every relation's participants are actors
//! of the document, dates parse, the extraction contract's JSON round-trips, and
//! `json_line` writes what serde_json writes for the record.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use entente::document::Document;
use entente::lexicon::Lexicon;
use entente::model::{DateValue, Day};
use entente::{format, pipeline};
use libfuzzer_sys::fuzz_target;

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::embedded().expect("the embedded lexicon loads"))
}

fuzz_target!(|data: &[u8]| {
    let [flags, rest @ ..] = data else {
        return;
    };
    let document = Document {
        id: "fuzz.txt".to_string(),
        path: PathBuf::from("fuzz.txt"),
        lang: None,
        published: Day::new(2025, u32::from(flags % 12) + 1, 15)
            .map(DateValue::Day)
            .filter(|_| flags & 0x80 == 0),
        title: None,
        url: None,
        outlet: None,
        encoding: None,
        text: String::from_utf8_lossy(rest).into_owned(),
    };
    let extraction = pipeline::extract(&document, lexicon());
    let record = format::record(&extraction);
    for relation in &record.relations {
        assert!(relation.participants.len() >= 2, "{relation:?}");
        for key in &relation.participants {
            assert!(
                record.actors.iter().any(|actor| &actor.key == key),
                "{key} is no actor"
            );
        }
        if let Some(date) = &relation.date {
            assert!(DateValue::parse(date).is_some(), "{date}");
        }
    }
    let json = serde_json::to_string(&record).expect("records serialise");
    let line = format::json_line(&extraction, document.text.len());
    assert_eq!(
        String::from_utf8_lossy(&line),
        json,
        "json_line differs from serde_json"
    );
    let back: format::DocRecord = serde_json::from_str(&json).expect("and parse back");
    assert_eq!(back.relations.len(), record.relations.len());
    assert_eq!(back.actors.len(), record.actors.len());
});
