//! The manifest reader on any bytes: no panic, every problem names the manifest and
//! a line inside it, and every row it keeps has a document id.
#![no_main]

use entente::document::{decode, parse_manifest};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok((text, _)) = decode(data) else {
        return;
    };
    let (manifest, diagnostics) = parse_manifest(&text, "manifest.csv");
    let lines = text.lines().count() as u64 + 1;
    for diagnostic in &diagnostics {
        assert_eq!(diagnostic.source, "manifest.csv");
        if let Some(line) = diagnostic.line {
            assert!(line >= 1 && line <= lines, "line {line} of {lines}");
        }
    }
    assert!(manifest.keys().all(|id| !id.is_empty()));
});
