//! The lexicon matcher (`mention::PatternSet`) against the general multi-pattern
//! searchers it could be replaced by: aho-corasick's three automata (non-contiguous NFA,
//! contiguous NFA, DFA; leftmost-longest, the kind the scan needs) and daachorse's
//! double-array Aho-Corasick (leftmost-longest), on the lexicon's own patterns (every
//! alias, office, trigger and cue, folded) and the same folded texts.
//!
//! Run: `cargo bench --no-default-features --bench matcher -- [DIR] [--repeat N]`
//! (default `data/corpus` and `data/dev`, 20 passes). For each searcher it prints the
//! time to build it from the patterns (paid at every start of the program) and the
//! median pass over the texts. The rivals only search: the matcher's pass also checks
//! word boundaries and case and resolves overlaps per group (what the rivals would need
//! on top), so a rival slower than the matcher here is slower still in use.

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use daachorse::{DoubleArrayAhoCorasickBuilder, MatchKind as DaacMatchKind};
use entente::fold::Folded;
use entente::lexicon::Lexicon;
use entente::text::Tokens;

/// The median of `repeat` passes of `work`.
fn median(repeat: usize, mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..repeat)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let repeat = common::repeat(20);
    let documents = common::articles();
    let start = Instant::now();
    let lexicon = Lexicon::embedded().expect("the built-in lexicon is valid");
    let lexicon_time = start.elapsed();
    let patterns: Vec<String> = lexicon
        .pattern_texts()
        .into_iter()
        .map(|text| text.trim_end_matches('*').to_string())
        .filter(|text| !text.is_empty())
        .collect();
    // One automaton state per distinct text (daachorse refuses duplicates): several
    // actors share an alias, several triggers a word.
    let mut patterns = patterns;
    patterns.sort();
    patterns.dedup();
    let folded: Vec<Folded> = documents.iter().map(|d| Folded::new(&d.text)).collect();
    let tokens: Vec<Tokens> = documents
        .iter()
        .zip(&folded)
        .map(|(document, folded)| Tokens::new(&document.text, folded))
        .collect();
    let bytes: usize = folded.iter().map(|folded| folded.text.len()).sum();
    println!(
        "{} patterns, {} articles, {:.1} MB folded; the lexicon (matcher included) built in {:.1} ms",
        patterns.len(),
        documents.len(),
        bytes as f64 / 1e6,
        lexicon_time.as_secs_f64() * 1e3
    );
    println!(
        "{:<34} {:>10} {:>12} {:>9}",
        "searcher", "build ms", "pass ms", "MB/s"
    );
    let report = |name: &str, build: Option<Duration>, pass: Duration| {
        let build = build.map_or("(above)".to_string(), |build| {
            format!("{:.1}", build.as_secs_f64() * 1e3)
        });
        println!(
            "{name:<34} {build:>10} {:>12.2} {:>9.1}",
            pass.as_secs_f64() * 1e3,
            bytes as f64 / 1e6 / pass.as_secs_f64()
        );
    };
    let pass = median(repeat, || {
        for (folded, tokens) in folded.iter().zip(&tokens) {
            black_box(lexicon.find(folded, tokens));
        }
    });
    report("entente PatternSet (scan, filtered)", None, pass);
    for (name, kind) in [
        (
            "aho-corasick noncontiguous NFA",
            AhoCorasickKind::NoncontiguousNFA,
        ),
        (
            "aho-corasick contiguous NFA",
            AhoCorasickKind::ContiguousNFA,
        ),
        ("aho-corasick DFA", AhoCorasickKind::DFA),
    ] {
        let start = Instant::now();
        let automaton = AhoCorasick::builder()
            .kind(Some(kind))
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("the patterns compile");
        let build = start.elapsed();
        let pass = median(repeat, || {
            for folded in &folded {
                black_box(automaton.find_iter(folded.text.as_str()).count());
            }
        });
        report(name, Some(build), pass);
    }
    let start = Instant::now();
    let automaton = DoubleArrayAhoCorasickBuilder::new()
        .match_kind(DaacMatchKind::LeftmostLongest)
        .build::<_, _, u32>(&patterns);
    let build = start.elapsed();
    match automaton {
        Ok(automaton) => {
            let pass = median(repeat, || {
                for folded in &folded {
                    black_box(automaton.leftmost_find_iter(folded.text.as_str()).count());
                }
            });
            report("daachorse double-array", Some(build), pass);
        }
        Err(error) => println!("daachorse: {error}"),
    }
}
