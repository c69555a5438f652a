//! Extraction alone, stage by stage, on one thread: where `extract`'s time goes.
//!
//! Run: `cargo bench --bench extract -- [DIR] [--repeat N]` (default: `data/corpus` and
//! `data/dev`, each article read once and extracted `--repeat` times, 200 by default).
//! Prints the whole pipeline's MB/s and articles/s, then each stage's share of it, then
//! a baseline measured in the same process: one pass of `str::split_whitespace` over the
//! same texts, the least any reader of every word costs. It needs no store, so it builds
//! without RocksDB (`cargo bench --no-default-features --bench extract`) and is the
//! target to profile with `perf record`.
//!
//! `--in-memory` prints instead, as one JSON object, the speed of `extract`'s work on
//! each article (extraction and its JSON line) with the texts in memory and the lexicon
//! built: the median of `--repeat` passes. `bench/run.py` sets it beside spaCy's speed,
//! which it times the same way (texts read, model loaded).

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use entente::document::Document;
use entente::fold::Folded;
use entente::lexicon::Lexicon;
use entente::model::Lang;
use entente::text::Tokens;
use entente::{format, lang, pipeline, relation, resolve};

/// Runs `work` on every text `repeat` times; the time it took.
fn time(repeat: usize, mut work: impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..repeat {
        work();
    }
    start.elapsed()
}

// The binary's allocator (src/main.rs), so that the stages cost here what they cost there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // `cargo bench` passes `--bench`; a folder given on the command line replaces the
    // bundled articles.
    let repeat = common::repeat(200);
    let documents = common::articles();
    let bytes: usize = documents.iter().map(|document| document.text.len()).sum();
    let start = Instant::now();
    let lexicon = Lexicon::embedded().expect("the built-in lexicon is valid");
    let lexicon_time = start.elapsed();
    if std::env::args().any(|arg| arg == "--in-memory") {
        in_memory(&documents, &lexicon, bytes, repeat);
        return;
    }

    let whole = time(repeat, || {
        for document in &documents {
            black_box(pipeline::extract(document, &lexicon));
        }
    });
    let serialise = time(repeat, || {
        for document in &documents {
            let extraction = pipeline::extract(document, &lexicon);
            black_box(format::json_line(&extraction, document.text.len()));
        }
    })
    .saturating_sub(whole);
    let fold_time = time(repeat, || {
        for document in &documents {
            black_box(Folded::new(&document.text));
        }
    });
    let folded: Vec<Folded> = documents.iter().map(|d| Folded::new(&d.text)).collect();
    let tokens_time = time(repeat, || {
        for (document, folded) in documents.iter().zip(&folded) {
            black_box(Tokens::new(&document.text, folded));
        }
    });
    let tokens: Vec<Tokens> = documents
        .iter()
        .zip(&folded)
        .map(|(document, folded)| Tokens::new(&document.text, folded))
        .collect();
    let scan_time = time(repeat, || {
        for (folded, tokens) in folded.iter().zip(&tokens) {
            black_box(lexicon.find(folded, tokens));
        }
    });
    let hits: Vec<_> = folded
        .iter()
        .zip(&tokens)
        .map(|(folded, tokens)| lexicon.find(folded, tokens))
        .collect();
    // Detected even when the manifest declares it, as for a folder without one.
    let lang_time = time(repeat, || {
        for (tokens, hits) in tokens.iter().zip(&hits) {
            black_box(lang::decide(tokens, &hits.classes, &lexicon.words, None));
        }
    });
    let languages: Vec<Lang> = documents
        .iter()
        .zip(&tokens)
        .zip(&hits)
        .map(|((document, tokens), hits)| {
            lang::decide(tokens, &hits.classes, &lexicon.words, document.lang).unwrap_or(Lang::Fr)
        })
        .collect();
    let resolve_context = |index: usize| resolve::Context {
        lexicon: &lexicon,
        hits: &hits[index],
        text: &documents[index].text,
        folded: &folded[index],
        tokens: &tokens[index],
        lang: languages[index],
        published: documents[index].published,
        outlet_state: documents[index]
            .url
            .as_deref()
            .and_then(|url| lexicon.state_of_url(url)),
    };
    let resolve_time = time(repeat, || {
        for index in 0..documents.len() {
            black_box(resolve::resolve(&resolve_context(index)));
        }
    });
    let resolutions: Vec<_> = (0..documents.len())
        .map(|index| resolve::resolve(&resolve_context(index)))
        .collect();
    let relation_time = time(repeat, || {
        for (index, resolution) in resolutions.iter().enumerate() {
            let context = resolve_context(index);
            black_box(relation::extract(&relation::Context {
                lexicon: context.lexicon,
                hits: context.hits,
                text: context.text,
                folded: context.folded,
                tokens: context.tokens,
                lang: context.lang,
                published: context.published,
                resolution,
            }));
        }
    });
    let baseline = time(repeat, || {
        for document in &documents {
            black_box(document.text.split_whitespace().count());
        }
    });

    let mb = (bytes * repeat) as f64 / 1e6;
    let articles = (documents.len() * repeat) as f64;
    let per_second = |elapsed: Duration| mb / elapsed.as_secs_f64();
    println!(
        "{} articles, {:.2} MB, each extracted {repeat} times on one thread; lexicon built in {:.1} ms",
        documents.len(),
        bytes as f64 / 1e6,
        lexicon_time.as_secs_f64() * 1e3
    );
    println!(
        "pipeline::extract: {:.2} MB/s, {:.0} articles/s",
        per_second(whole),
        articles / whole.as_secs_f64()
    );
    let share = |elapsed: Duration| 100.0 * elapsed.as_secs_f64() / whole.as_secs_f64();
    for (stage, elapsed) in [
        ("lang (detected)", lang_time),
        ("fold", fold_time),
        ("tokens", tokens_time),
        ("lexicon scan", scan_time),
        ("resolve", resolve_time),
        ("relation", relation_time),
        ("JSON record (extra)", serialise),
    ] {
        println!(
            "  {stage:<20} {:>6.1}% ({:.2} MB/s alone)",
            share(elapsed),
            per_second(elapsed)
        );
    }
    println!(
        "baseline, split_whitespace over the same texts: {:.2} MB/s; pipeline/baseline {:.3}",
        per_second(baseline),
        baseline.as_secs_f64() / whole.as_secs_f64()
    );
}

/// `extract`'s work on every article, without reading the files, starting the process or
/// printing: the median of `repeat` passes, as JSON. The first pass is not set apart as a
/// warm-up; from three passes on, the median is a pass after another.
fn in_memory(documents: &[Document], lexicon: &Lexicon, bytes: usize, repeat: usize) {
    // The bytes of JSON written, to be checked against the command's output.
    let mut written = 0;
    let mut passes: Vec<Duration> = (0..repeat.max(1))
        .map(|_| {
            written = 0;
            time(1, || {
                for document in documents {
                    let extraction = pipeline::extract(document, lexicon);
                    written += black_box(format::json_line(&extraction, document.text.len())).len();
                }
            })
        })
        .collect();
    passes.sort();
    let median = passes[passes.len() / 2].as_secs_f64();
    println!(
        "{{\"articles\": {}, \"MB\": {:.3}, \"JSON bytes\": {written}, \"passes\": {}, \"MB/s\": {:.3}, \"articles/s\": {:.1}}}",
        documents.len(),
        bytes as f64 / 1e6,
        passes.len(),
        bytes as f64 / 1e6 / median,
        documents.len() as f64 / median
    );
}
