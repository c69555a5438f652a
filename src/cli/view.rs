//! `entente view`: the graph as one self-contained HTML page.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use entente::export::view;
use entente::graph::Evidence;

use crate::cli::{FilterArgs, Outcome, StoreArg};

/// Write the graph as one HTML file to open in any browser, offline: a force layout
/// coloured by actor type, a time slider, a relation-type filter, and the evidence and
/// sources of an edge on click.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  entente view --store store -o graph.html\n  entente view --store store -o alliances.html --types partnership,alliance --actor-types state\n\nThe page lays out every node against every other (quadratic): keep it under a few\nthousand actors with the filters. Open graph.html#at=2025-01-31 to start the slider\nat a date."
)]
pub struct Args {
    #[command(flatten)]
    store: StoreArg,
    /// The HTML file to write.
    #[arg(short, long, default_value = "graph.html", value_name = "FILE")]
    output: PathBuf,
    #[command(flatten)]
    filters: FilterArgs,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let snapshot = args.filters.filter().apply(
        &args
            .store
            .open_graph()?
            .into_snapshot(Evidence::Read)
            .context("cannot read the graph")?,
    );
    let file = File::create(&args.output)
        .with_context(|| format!("cannot create {}", args.output.display()))?;
    view::write(&snapshot, BufWriter::new(file))
        .with_context(|| format!("cannot write {}", args.output.display()))?
        .flush()?;
    eprintln!(
        "entente: wrote {} ({} actors, {} relations)",
        args.output.display(),
        snapshot.nodes.len(),
        snapshot.edges.len()
    );
    Ok(Outcome::Ok)
}
