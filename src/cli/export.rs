//! `entente export`: the graph for Gephi, networkx and triple stores.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use entente::export::graphml;
use entente::graph::Snapshot;
use entente::store::{Access, DumpFormat, Store};

use crate::cli::{Outcome, StoreArg};

/// Export the graph: GraphML for Gephi and networkx, N-Quads or TriG for triple stores.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  entente export graphml --store store -o graph.graphml\n  entente export nquads --store store -o graph.nq\n\nGraphML merges relations of one type between one pair into one edge weighted by the\nnumber of supporting documents. N-Quads keep one named graph per document."
)]
pub struct Args {
    /// What to write.
    #[arg(value_enum)]
    what: ExportFormat,
    #[command(flatten)]
    store: StoreArg,
    /// Output file, or - for standard output.
    #[arg(short, long, default_value = "-", value_name = "FILE")]
    output: PathBuf,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ExportFormat {
    Graphml,
    Nquads,
    Trig,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let store = Store::open(&args.store.store, Access::ReadOnly)
        .with_context(|| format!("cannot read store {}", args.store.store.display()))?;
    let out: Box<dyn Write> = if args.output.as_os_str() == "-" {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(
            File::create(&args.output)
                .with_context(|| format!("cannot create {}", args.output.display()))?,
        )
    };
    let out = BufWriter::new(out);
    let mut out = match args.what {
        ExportFormat::Graphml => {
            let snapshot = Snapshot::read(&store).context("cannot read the graph")?;
            graphml::write(&snapshot, out).context("cannot write GraphML")?
        }
        ExportFormat::Nquads => store
            .dump(DumpFormat::NQuads, out)
            .context("cannot write N-Quads")?,
        ExportFormat::Trig => store
            .dump(DumpFormat::TriG, out)
            .context("cannot write TriG")?,
    };
    out.flush()?;
    Ok(Outcome::Ok)
}
