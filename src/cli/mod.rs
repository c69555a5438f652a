//! Command-line parsing and dispatch. Each subcommand lives in its own file and owns
//! its flags, help text, reading of paths and stdin, progress and output.

mod build;
mod eval;
mod export;
mod extract;
mod path;
mod push;
mod query;
mod rank;
mod serve;
mod show;
mod stats;
mod view;

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
    Push(push::Args),
    Show(show::Args),
    Rank(rank::Args),
    View(view::Args),
    Serve(serve::Args),
    Stats(stats::Args),
    #[command(name = "serve-worker", hide = true)]
    ServeWorker(serve::WorkerArgs),
}

pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Query(args) => query::run(args),
        Command::Export(args) => export::run(args),
        Command::Path(args) => path::run(args),
        Command::Push(args) => push::run(args),
        Command::Show(args) => show::run(args),
        Command::Rank(args) => rank::run(args),
        Command::View(args) => view::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Stats(args) => stats::run(args),
        Command::ServeWorker(args) => serve::run_worker(args),
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

impl StoreArg {
    /// Opens the store for reading, with its path in the error.
    pub fn open_read_only(&self) -> anyhow::Result<entente::store::Store> {
        use anyhow::Context;
        entente::store::Store::open(&self.store, entente::store::Access::ReadOnly)
            .with_context(|| format!("cannot read store {}", self.store.display()))
    }

    /// The store's graph, from its graph index (`entente::index`).
    pub fn open_graph(&self) -> anyhow::Result<entente::index::GraphIndex> {
        use anyhow::Context;
        entente::index::GraphIndex::open_path(&self.store)
            .with_context(|| format!("cannot read the graph of store {}", self.store.display()))
    }
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

/// What the commands read: files up to the default size limit.
pub fn read_config() -> entente::document::ReadConfig {
    entente::document::ReadConfig {
        max_bytes: entente::document::ReadConfig::DEFAULT_MAX_BYTES,
    }
}

/// Reads the documents under `paths`, with diagnostics.
pub fn read_corpus(paths: &[PathBuf]) -> entente::document::Corpus {
    entente::document::read_paths(paths, read_config())
}

/// Runs one document's extraction work; a bug in a rule (a panic) costs that document,
/// not the run, and becomes the message of its diagnostic.
pub fn per_document<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
        .map_err(|_| "internal error while extracting (please report it)".to_string())
}

pub use entente::api::{
    SourceLimit, parse_actor_kind, parse_day, parse_kind, parse_sources, parse_start_day,
    parse_status,
};

/// The number of documents reporting each relation an answer shows, before
/// `keep_sources` trims them: the text says how many it leaves out, the JSON gives it
/// as `sources_total`.
pub type Totals = std::collections::BTreeMap<usize, usize>;

/// Reads the `limit` newest sources (by publication date, then document id) of each
/// of `edges` into the snapshot, so that only their evidence is read; the totals
/// before trimming.
pub fn keep_sources(
    sources: &entente::index::Sources,
    snapshot: &mut entente::graph::Snapshot,
    edges: &[usize],
    limit: SourceLimit,
) -> Totals {
    let mut totals = Totals::new();
    for &edge in edges {
        // Paths share relations: each is read once.
        let Some(edge_data) = snapshot.edges.get_mut(edge) else {
            continue;
        };
        if totals.contains_key(&edge) {
            continue;
        }
        totals.insert(edge, sources.load_newest(edge, edge_data, limit.count()));
    }
    totals
}

/// "… and 5927 more documents (--sources all)" when `keep_sources` left some of
/// `edge`'s sources out of the `shown` ones.
pub fn left_out(totals: &Totals, edge: usize, shown: usize) -> Option<String> {
    let left = totals
        .get(&edge)
        .map_or(0, |total| total.saturating_sub(shown));
    (left > 0).then(|| {
        format!(
            "… and {left} more document{} (--sources all)",
            if left == 1 { "" } else { "s" }
        )
    })
}

/// The filters every export, ranking and picture takes.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Keep relations dated (or first reported) on or after DATE (YYYY[-MM[-DD]]).
    #[arg(long, value_parser = parse_start_day, value_name = "DATE")]
    pub since: Option<entente::model::Day>,
    /// Keep relations dated (or first reported) on or before DATE.
    #[arg(long, value_parser = parse_day, value_name = "DATE")]
    pub until: Option<entente::model::Day>,
    /// Keep relations formed on or before DATE and not ended then.
    #[arg(long, value_parser = parse_day, value_name = "DATE")]
    pub at: Option<entente::model::Day>,
    /// Relation types to keep, comma-separated.
    #[arg(long, value_delimiter = ',', value_parser = parse_kind, value_name = "TYPE,...")]
    pub types: Vec<entente::model::RelationKind>,
    /// Statuses to keep, comma-separated.
    #[arg(long, value_delimiter = ',', value_parser = parse_status, value_name = "STATUS,...")]
    pub status: Vec<entente::model::Status>,
    /// Keep relations reported by at least N documents.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub min_sources: usize,
    /// Actor types to keep, comma-separated (state, person, organization, event, place).
    #[arg(long, value_delimiter = ',', value_parser = parse_actor_kind, value_name = "TYPE,...")]
    pub actor_types: Vec<entente::model::ActorKind>,
}

impl FilterArgs {
    pub fn filter(&self) -> entente::graph::Filter {
        entente::graph::Filter {
            since: self.since,
            until: self.until,
            at: self.at,
            types: self.types.clone(),
            statuses: self.status.clone(),
            min_sources: self.min_sources,
            actor_types: self.actor_types.clone(),
        }
    }
}
