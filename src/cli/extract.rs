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
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let corpus = read_corpus(&args.paths);
    let skipped = report_diagnostics(&corpus.diagnostics);
    let lexicon = Lexicon::embedded().context("the built-in lexicon is invalid")?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for document in &corpus.documents {
        let record = format::record(&pipeline::extract(document, &lexicon));
        serde_json::to_writer(&mut out, &record).context("cannot write JSON")?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(if skipped {
        Outcome::Skipped
    } else {
        Outcome::Ok
    })
}
