//! `entente build`: articles in, the graph into the embedded store.

use std::path::PathBuf;
use std::sync::mpsc;

use anyhow::Context;
use entente::index::GraphIndex;
use entente::lexicon::Lexicon;
use entente::model::Diagnostic;
use entente::pipeline::{self, Extraction};
use entente::rdf::encode::StableHash;
use entente::store::{Access, Store, StoreError};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::stats::{BuildTimes, SummaryFormat, print_summary};
use crate::cli::{Outcome, StoreArg, per_document, read_corpus, report_diagnostics};

/// Build the knowledge graph of articles into the store.
///
/// Reads .txt and .md articles from files and folders (a folder's manifest.csv gives
/// each document's language, publication date, title, url and outlet), extracts actors
/// and relations, and writes each document into its own named graph of the store, in
/// one transaction per document: re-building a document replaces it, an interrupted
/// build leaves every document either fully in or out. Prints what the store holds.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  entente build data/corpus --store store\n  entente build articles/ more/article.txt --store /data/ai-diplomacy --threads 2\n  entente build new-articles/ --store store --compact never\n\nCost: extraction runs on all cores; documents are written in atomic batches of 512;\na build that replaced documents sweeps the descriptions only their old versions\nneeded (about 3 s on 100,000 articles); a first build ends by compacting the store\n(3-20% of its time); every build ends by writing the graph index that path, show,\nrank and the exports read (entente.graph; 15-20% of a first build of 10,000 to\n100,000 articles).\nExit code 2 when a file was skipped (reported on stderr); the rest is built."
)]
pub struct Args {
    /// Article files and folders.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    store: StoreArg,
    /// Extraction threads (default: all cores).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Skip documents the store already holds (resume an interrupted build).
    #[arg(long)]
    resume: bool,
    /// Build only share I of N of the corpus (1-based), chosen by a stable hash of each
    /// document's id: N machines with --shard 1/N ... N/N cover the corpus exactly once.
    #[arg(long, value_parser = parse_shard, value_name = "I/N")]
    shard: Option<(u64, u64)>,
    /// Compact the store at the end. `auto` does when this build wrote at least a
    /// quarter of the store's documents (always on a first build): compaction rewrites
    /// the whole store, and makes every later query read it faster (`path` on 10,000
    /// articles: 11.9 s before, 4.0 s after 5.7 s of compaction).
    #[arg(long, value_enum, default_value = "auto", value_name = "WHEN")]
    compact: Compact,
    /// Summary format.
    #[arg(long, value_enum, default_value = "text")]
    format: SummaryFormat,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compact {
    Auto,
    Always,
    Never,
}

/// Whether a build that wrote `written` documents into a store that now holds
/// `in_store` compacts it: with `auto`, when the new documents are at least a quarter
/// of the store, so that compactions cost at most a few times the store's size over
/// any series of builds, and adding a few articles to a big store does not rewrite it.
fn should_compact(policy: Compact, written: usize, in_store: usize) -> bool {
    match policy {
        Compact::Always => true,
        Compact::Never => false,
        Compact::Auto => written > 0 && written * 4 >= in_store,
    }
}

/// Documents per atomic write: about 200 quads each, so a batch is some 100,000 quads.
const WRITE_BATCH: usize = 512;

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let corpus = read_corpus(&args.paths);
    let mut skipped = report_diagnostics(&corpus.diagnostics);
    let corpus_diagnostics = corpus.diagnostics.clone();
    let lexicon = Lexicon::embedded().context("the built-in lexicon is invalid")?;
    let store = Store::open(&args.store.store, Access::ReadWrite).with_context(|| {
        format!(
            "cannot open store {} for writing",
            args.store.store.display()
        )
    })?;
    let in_shard = |id: &str| match args.shard {
        Some((index, count)) => StableHash::of(id.as_bytes()) % count == index - 1,
        None => true,
    };
    let corpus_documents: Vec<_> = corpus
        .documents
        .into_iter()
        .filter(|document| in_shard(&document.id))
        .collect();
    let documents: Vec<_> = if args.resume {
        let mut pending = Vec::new();
        for document in corpus_documents {
            if !store.has_document(&document.id)? {
                pending.push(document);
            }
        }
        pending
    } else {
        corpus_documents
    };
    let progress = ProgressBar::new(documents.len() as u64);
    progress.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} documents {elapsed_precise} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .max(1);
    let mut failures: Vec<Diagnostic> = Vec::new();
    let mut write_error: Option<anyhow::Error> = None;
    std::thread::scope(|scope| {
        let (sender, receiver) =
            mpsc::sync_channel::<(usize, Result<Extraction, String>)>(threads * 4);
        for worker in 0..threads {
            let sender = sender.clone();
            let documents = &documents;
            let lexicon = &lexicon;
            scope.spawn(move || {
                for (index, document) in documents.iter().enumerate().skip(worker).step_by(threads)
                {
                    let extraction = per_document(|| pipeline::extract(document, lexicon));
                    if sender.send((index, extraction)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(sender);
        // Documents are written in batches (see Store::write_documents): each batch is
        // all or nothing, and an interrupted build loses at most the batch in flight.
        // A writer thread of its own lets extraction go on while a batch is committed;
        // on the main thread, the workers stalled for every commit (10,000 bench
        // articles, 2 threads: 10.7 s -> 10.2 s). Batch size, measured the same way
        // with the loader split below: 256 docs 12.5 s, 512 10.0 s, 1,024 10.9 s,
        // 2,048 12.1 s, 4,096 11.8 s (763 MiB), 8,192 12.5 s (1.3 GiB).
        let (batch_sender, batch_receiver) = mpsc::sync_channel::<Vec<Extraction>>(1);
        let store = &store;
        let progress = &progress;
        let writer = scope.spawn(move || {
            for batch in batch_receiver {
                store.write_documents(&batch)?;
                progress.inc(batch.len() as u64);
            }
            Ok::<(), StoreError>(())
        });
        let mut batch = Vec::with_capacity(WRITE_BATCH);
        for (index, extraction) in receiver {
            match extraction {
                Ok(extraction) => batch.push(extraction),
                Err(message) => {
                    failures.push(Diagnostic {
                        source: documents[index].path.display().to_string(),
                        line: None,
                        message: format!("skipped: {message}"),
                        skipped: true,
                    });
                    progress.inc(1);
                }
            }
            if batch.len() >= WRITE_BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(WRITE_BATCH));
                // The writer has stopped on an error: it is reported below.
                if batch_sender.send(full).is_err() {
                    break;
                }
            }
        }
        if !batch.is_empty() {
            // An error here means the writer has stopped; its own error says why.
            let _ = batch_sender.send(batch);
        }
        drop(batch_sender);
        write_error = match writer.join() {
            Ok(result) => result.err().map(anyhow::Error::from),
            Err(_) => Some(anyhow::anyhow!("the store writer stopped unexpectedly")),
        };
    });
    progress.finish_and_clear();
    if let Some(error) = write_error {
        return Err(error.context("cannot write to the store"));
    }
    store.flush().context("cannot flush the store")?;
    // Replaced documents, or an earlier build killed after replacing some, may have
    // left shared descriptions no document needs.
    let start = std::time::Instant::now();
    let sweep_seconds = store
        .sweep_if_owed()
        .context("cannot sweep the shared descriptions")?
        .map(|_| start.elapsed().as_secs_f64());
    skipped |= report_diagnostics(&failures);
    // Compaction changes no quad: the summary read before it stands.
    let summary = store.summary().context("cannot summarise the store")?;
    let written = documents.len() - failures.len();
    let compaction_seconds = if should_compact(args.compact, written, summary.documents) {
        let spinner = ProgressBar::new_spinner().with_message("compacting the store");
        spinner.enable_steady_tick(std::time::Duration::from_millis(200));
        let start = std::time::Instant::now();
        store.compact().context("cannot compact the store")?;
        spinner.finish_and_clear();
        Some(start.elapsed().as_secs_f64())
    } else {
        None
    };
    // The graph index, from the store as it is once closed: read-only under the
    // build's lock, so that the index names the files the next reader finds.
    let spinner = ProgressBar::new_spinner().with_message("writing the graph index");
    spinner.enable_steady_tick(std::time::Duration::from_millis(200));
    let start = std::time::Instant::now();
    let lock = store.into_lock();
    let reader = Store::open_unlocked(&args.store.store, Access::ReadOnly)
        .context("cannot reopen the store")?;
    // The store is whole without it: the next reader writes it again.
    if let Err(error) = GraphIndex::write(&reader) {
        eprintln!("entente: warning: cannot write the graph index: {error}");
    }
    drop(reader);
    drop(lock);
    spinner.finish_and_clear();
    let index_seconds = Some(start.elapsed().as_secs_f64());
    let mut reasons: std::collections::BTreeMap<String, usize> = Default::default();
    for diagnostic in corpus_diagnostics
        .iter()
        .chain(&failures)
        .filter(|d| d.skipped)
    {
        *reasons.entry(skip_reason(&diagnostic.message)).or_default() += 1;
    }
    print_summary(
        &summary,
        &reasons.into_iter().collect::<Vec<_>>(),
        BuildTimes {
            sweep: sweep_seconds,
            compaction: compaction_seconds,
            index: index_seconds,
        },
        args.format,
    )?;
    Ok(if skipped {
        Outcome::Skipped
    } else {
        Outcome::Ok
    })
}

/// The reason a file or record was skipped, for the summary's counts.
fn skip_reason(message: &str) -> String {
    let reasons = [
        ("empty file", "empty file"),
        ("binary file", "binary file"),
        ("over the limit", "over the size limit"),
        ("cannot read", "unreadable"),
        ("no such file", "missing path"),
        ("not JSON", "record not JSON"),
        ("not a JSON object", "record not JSON"),
        ("no text", "no article text"),
        ("bad published", "record with a bad date"),
        ("already taken", "duplicate document id"),
        ("internal error", "internal error"),
        ("invalid UTF", "bad encoding"),
        ("UTF-16", "bad encoding"),
        ("CSV", "bad CSV"),
    ];
    reasons
        .iter()
        .find(|(needle, _)| message.contains(needle))
        .map(|(_, reason)| reason.to_string())
        .unwrap_or_else(|| "other".to_string())
}

fn parse_shard(text: &str) -> Result<(u64, u64), String> {
    let (index, count) = text.split_once('/').ok_or("expected I/N, such as 2/4")?;
    let index: u64 = index
        .trim()
        .parse()
        .map_err(|_| format!("bad shard index {index:?}"))?;
    let count: u64 = count
        .trim()
        .parse()
        .map_err(|_| format!("bad shard count {count:?}"))?;
    if count == 0 || index == 0 || index > count {
        return Err(format!("shard {index}/{count}: I must be between 1 and N"));
    }
    Ok((index, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compaction_policy() {
        let check = |policy, written, in_store, expected| {
            assert_eq!(
                should_compact(policy, written, in_store),
                expected,
                "{policy:?} {written}/{in_store}"
            );
        };
        check(Compact::Auto, 100, 100, true);
        check(Compact::Auto, 25, 100, true);
        check(Compact::Auto, 24, 100, false);
        check(Compact::Auto, 0, 100, false);
        check(Compact::Auto, 0, 0, false);
        check(Compact::Always, 0, 100, true);
        check(Compact::Never, 100, 100, false);
    }
}
