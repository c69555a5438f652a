//! `entente extract`: the per-document extraction as JSON Lines (data/gold/FORMAT.md).

use std::collections::BTreeMap;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError, mpsc};

use anyhow::Context;
use entente::document::{self, Document, Item};
use entente::format;
use entente::lexicon::Lexicon;
use entente::model::Diagnostic;
use entente::pipeline;

use crate::cli::{Outcome, per_document, read_config, report_diagnostics};

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
    let lexicon = Lexicon::embedded().context("the built-in lexicon is invalid")?;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .max(1);
    let mut out = Output {
        // 64 KiB at a time: the default 8 KiB was 250 `write`s for 1,000 articles.
        writer: std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()),
        error: None,
        skipped: false,
    };
    // The documents are streamed: each is read, extracted and written before the
    // corpus is read to its end. Reading the whole corpus first and holding all its
    // lines took 104 MB for 10,000 bench articles (629 MB for 100,000), and the
    // kernel's zeroing of that memory was a sixth of the samples under `perf`.
    if threads == 1 {
        document::for_each(&args.paths, read_config(), |item| match item {
            Item::Document(document) => {
                let line = extract_line(&document, &lexicon);
                out.write(&document, line)
            }
            Item::Diagnostic(diagnostic) => out.report(&diagnostic),
        });
    } else {
        extract_in_parallel(&args.paths, &lexicon, threads, &mut out);
    }
    if let Some(error) = out.error {
        return Err(error).context("cannot write the extractions");
    }
    out.writer.flush().context("cannot write the extractions")?;
    Ok(if out.skipped {
        Outcome::Skipped
    } else {
        Outcome::Ok
    })
}

/// Where lines and diagnostics go, and what went wrong.
struct Output<W: Write> {
    writer: W,
    /// Writing stopped on this error (a closed pipe, say); the rest is not read.
    error: Option<std::io::Error>,
    skipped: bool,
}

impl<W: Write> Output<W> {
    fn write(&mut self, document: &Document, line: Result<Vec<u8>, String>) -> ControlFlow<()> {
        match line {
            Ok(line) => {
                let written = self
                    .writer
                    .write_all(&line)
                    .and_then(|()| self.writer.write_all(b"\n"));
                if let Err(error) = written {
                    self.error = Some(error);
                    return ControlFlow::Break(());
                }
                ControlFlow::Continue(())
            }
            Err(message) => self.report(&Diagnostic {
                source: document.path.display().to_string(),
                line: None,
                message: format!("skipped: {message}"),
                skipped: true,
            }),
        }
    }

    fn report(&mut self, diagnostic: &Diagnostic) -> ControlFlow<()> {
        self.skipped |= report_diagnostics(std::slice::from_ref(diagnostic));
        ControlFlow::Continue(())
    }
}

/// One document's JSON line; a bug in a rule costs that document, not the run.
fn extract_line(document: &Document, lexicon: &Lexicon) -> Result<Vec<u8>, String> {
    per_document(|| {
        let extraction = pipeline::extract(document, lexicon);
        format::json_line(&extraction, document.text.len())
    })
}

/// Documents in flight per worker: enough to keep the workers busy while the reader
/// waits on the disk, few enough that memory does not grow with the corpus.
const IN_FLIGHT: usize = 16;

/// The reading thread (this one) hands documents to `threads` workers and writes their
/// lines in document order as they come back.
fn extract_in_parallel<W: Write>(
    paths: &[PathBuf],
    lexicon: &Lexicon,
    threads: usize,
    out: &mut Output<W>,
) {
    let (document_sender, document_receiver) =
        mpsc::sync_channel::<(usize, Document)>(threads * IN_FLIGHT);
    let document_receiver = Mutex::new(document_receiver);
    let (line_sender, line_receiver) = mpsc::channel::<(usize, Document, LineResult)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let line_sender = line_sender.clone();
            let document_receiver = &document_receiver;
            scope.spawn(move || {
                loop {
                    // The lock is held while waiting, so one worker waits at a time.
                    let next = document_receiver
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .recv();
                    let Ok((index, document)) = next else {
                        return;
                    };
                    let line = extract_line(&document, lexicon);
                    if line_sender.send((index, document, line)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(line_sender);
        let mut pending = Pending::default();
        let mut sent = 0;
        document::for_each(paths, read_config(), |item| match item {
            Item::Document(document) => {
                if document_sender.send((sent, document)).is_err() {
                    return ControlFlow::Break(());
                }
                sent += 1;
                while let Ok(done) = line_receiver.try_recv() {
                    pending.write_ready(done, out)?;
                }
                ControlFlow::Continue(())
            }
            Item::Diagnostic(diagnostic) => out.report(&diagnostic),
        });
        drop(document_sender);
        for done in line_receiver {
            if pending.write_ready(done, out).is_break() {
                break;
            }
        }
    });
}

type LineResult = Result<Vec<u8>, String>;

/// Lines that came back before an earlier document's.
#[derive(Default)]
struct Pending {
    next: usize,
    waiting: BTreeMap<usize, (Document, LineResult)>,
}

impl Pending {
    /// Takes one worker's result and writes every line that is now next in order.
    fn write_ready<W: Write>(
        &mut self,
        (index, document, line): (usize, Document, LineResult),
        out: &mut Output<W>,
    ) -> ControlFlow<()> {
        self.waiting.insert(index, (document, line));
        while let Some((document, line)) = self.waiting.remove(&self.next) {
            self.next += 1;
            out.write(&document, line)?;
        }
        ControlFlow::Continue(())
    }
}
