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
    // Lines as the reader numbers them: a break is `\n`, or a `\r` that no `\n` follows.
    let bytes = text.as_bytes();
    let breaks = (0..bytes.len())
        .filter(|&at| {
            bytes[at] == b'\n' || (bytes[at] == b'\r' && bytes.get(at + 1) != Some(&b'\n'))
        })
        .count();
    let lines = breaks as u64 + 1;
    for diagnostic in &diagnostics {
        assert_eq!(diagnostic.source, "manifest.csv");
        if let Some(line) = diagnostic.line {
            assert!(line >= 1 && line <= lines, "line {line} of {lines}");
        }
    }
    assert!(manifest.keys().all(|id| !id.is_empty()));
});
