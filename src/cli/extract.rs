//! `entente extract`: the per-document extraction as JSON Lines (data/gold/FORMAT.md).

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use entente::format;
use entente::lexicon::Lexicon;
use entente::pipeline;

use crate::cli::{Outcome, read_corpus, report_diagnostics};

/// Print each document's actors and relations as JSON Lines, in the gold format.
///
/// One JSON object per document, in the order the documents are read (sorted by path
/// inside folders): the public contract of data/gold/FORMAT.md, scored by `eval` and
/// by other tools. Nothing is written to the store.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  entente extract data/corpus\n  entente extract article.txt | jq '.relations[] | .type'"
)]
pub struct Args {
    /// Article files and folders.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Extraction threads (default: all cores). The output order does not depend on it.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let corpus = read_corpus(&args.paths);
    let skipped = report_diagnostics(&corpus.diagnostics);
    let lexicon = Lexicon::embedded().context("the built-in lexicon is invalid")?;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .max(1);
    // Each worker serialises its documents; lines are written in document order.
    let mut lines: Vec<Option<Vec<u8>>> = vec![None; corpus.documents.len()];
    let documents = &corpus.documents;
    let lexicon = &lexicon;
    let results: Vec<Vec<(usize, Vec<u8>)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|worker| {
                scope.spawn(move || {
                    documents
                        .iter()
                        .enumerate()
                        .skip(worker)
                        .step_by(threads)
                        .map(|(index, document)| {
                            let extraction = pipeline::extract(document, lexicon);
                            (index, format::json_line(&extraction, document.text.len()))
                        })
                        .collect()
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().unwrap_or_default())
            .collect()
    });
    for (index, line) in results.into_iter().flatten() {
        lines[index] = Some(line);
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in lines.into_iter().flatten() {
        out.write_all(&line)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(if skipped {
        Outcome::Skipped
    } else {
        Outcome::Ok
    })
}
