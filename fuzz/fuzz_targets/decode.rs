//! The document reader on any bytes, as each kind of file (text, HTML, JSON Lines,
//! CSV): no panic; a file gives documents with text or a diagnostic saying why not;
//! valid UTF-8 decodes to itself.
#![no_main]

use std::path::Path;

use entente::document::{Metadata, decode, parse_file};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = ["a.txt", "a.html", "a.jsonl", "a.csv"];

fuzz_target!(|data: &[u8]| {
    let [kind, bytes @ ..] = data else {
        return;
    };
    let name = NAMES[usize::from(*kind) % NAMES.len()];
    let (documents, diagnostics) = parse_file(name, Path::new(name), bytes, Metadata::default());
    assert!(
        !documents.is_empty()
            || diagnostics.iter().any(|diagnostic| diagnostic.skipped)
            || name.ends_with("jsonl")
            || name.ends_with("csv")
    );
    for document in &documents {
        assert!(!document.text.trim().is_empty(), "{document:?}");
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        if !text.starts_with('\u{feff}') && !text.contains('\0') {
            let (decoded, encoding) = decode(bytes).expect("UTF-8 decodes");
            assert_eq!(decoded, text);
            assert_eq!(encoding, None);
        }
    }
});
