//! Command-line parsing and dispatch. Each subcommand lives in its own file and owns
//! its flags, help text, reading of paths and stdin, progress and output.

mod build;
mod eval;
mod export;
mod extract;
mod path;
mod query;
mod stats;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// How a command ended; the process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything asked for was done.
    Ok = 0,
    /// Ran fine but found nothing (no path between two actors).
    NothingFound = 1,
    /// Ran, but some input was skipped (reported on stderr).
    Skipped = 2,
}

#[derive(Parser, Debug)]
#[command(
    name = "entente",
    version,
    about = "Turns news articles about international AI diplomacy into a dated knowledge graph",
    long_about = "entente reads news articles (French and English), finds the actors \
(states, people, firms, international bodies, summits) and the relations between them \
(partnerships, alliances, negotiations, memberships, investments, mandates, roles, \
restrictions, rivalries) with their status, date and evidence, and keeps them in an \
embedded RDF store you can query with SPARQL, export to Gephi, and walk for alliance paths.",
    after_help = "Examples:\n  entente build data/corpus --store store\n  entente query queries/partnerships_of_country.rq --store store\n  entente path Israël Maroc --store store\n  entente export graphml --store store -o graph.graphml\n\nExit codes: 0 ok, 1 nothing found, 2 error or skipped input."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    Build(build::Args),
    Extract(extract::Args),
    Eval(eval::Args),
    Query(query::Args),
    Export(export::Args),
    Path(path::Args),
    Stats(stats::Args),
}

pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Query(args) => query::run(args),
        Command::Export(args) => export::run(args),
        Command::Path(args) => path::run(args),
        Command::Stats(args) => stats::run(args),
    }
}

/// The `--store` flag shared by every command that reads or writes the store.
#[derive(clap::Args, Debug, Clone)]
pub struct StoreArg {
    /// The store folder (created by `build`). Also read from ENTENTE_STORE.
    #[arg(
        long,
        env = "ENTENTE_STORE",
        default_value = "store",
        value_name = "DIR"
    )]
    pub store: PathBuf,
}

/// Prints diagnostics to stderr and says whether any document was skipped.
pub fn report_diagnostics(diagnostics: &[entente::model::Diagnostic]) -> bool {
    let mut skipped = false;
    for diagnostic in diagnostics {
        eprintln!("entente: {diagnostic}");
        skipped |= diagnostic.skipped;
    }
    skipped
}

/// Reads the documents under `paths`, with diagnostics.
pub fn read_corpus(paths: &[PathBuf]) -> entente::document::Corpus {
    entente::document::read_paths(
        paths,
        entente::document::ReadConfig {
            max_bytes: entente::document::ReadConfig::DEFAULT_MAX_BYTES,
        },
    )
}
