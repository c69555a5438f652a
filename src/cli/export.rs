//! `entente export`: the graph for Gephi, networkx, spreadsheets and triple stores.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use entente::export::{csv, gexf, graphml};
use entente::graph::{Evidence, Snapshot};
use entente::store::DumpFormat;

use crate::cli::{FilterArgs, Outcome, StoreArg};

/// Export the graph: GraphML and GEXF for Gephi and networkx, CSV for spreadsheets,
/// N-Quads or TriG for triple stores.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  entente export graphml --store store -o graph.graphml\n  entente export gexf --store store -o timeline.gexf --types partnership,alliance\n  entente export csv --store store -o tables/ --at 2025-06-30 --min-sources 2\n  entente export nquads --store store -o graph.nq\n\nGraphML, GEXF and CSV merge relations of one type between one pair into one edge\nweighted by the number of supporting documents, and take the filters below.\nN-Quads and TriG dump the whole store, one named graph per document."
)]
pub struct Args {
    /// What to write.
    #[arg(value_enum)]
    what: ExportFormat,
    #[command(flatten)]
    store: StoreArg,
    /// Output file (a folder for csv), or - for standard output.
    #[arg(short, long, default_value = "-", value_name = "PATH")]
    output: PathBuf,
    #[command(flatten)]
    filters: FilterArgs,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ExportFormat {
    Graphml,
    Gexf,
    Csv,
    Nquads,
    Trig,
    Turtle,
}

fn create(path: &Path) -> anyhow::Result<Box<dyn Write>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(std::io::stdout().lock()));
    }
    Ok(Box::new(File::create(path).with_context(|| {
        format!("cannot create {}", path.display())
    })?))
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let snapshot = || -> anyhow::Result<Snapshot> {
        let snapshot = args
            .store
            .open_graph()?
            .into_snapshot(Evidence::Read)
            .context("cannot read the graph")?;
        Ok(args.filters.filter().apply(&snapshot))
    };
    match args.what {
        ExportFormat::Csv => {
            anyhow::ensure!(
                args.output.as_os_str() != "-",
                "csv writes two files: give a folder with -o DIR"
            );
            std::fs::create_dir_all(&args.output)
                .with_context(|| format!("cannot create {}", args.output.display()))?;
            let snapshot = snapshot()?;
            let nodes = args.output.join("nodes.csv");
            let edges = args.output.join("edges.csv");
            csv::write_nodes(&snapshot, BufWriter::new(create(&nodes)?))
                .with_context(|| format!("cannot write {}", nodes.display()))?
                .flush()?;
            csv::write_edges(&snapshot, BufWriter::new(create(&edges)?))
                .with_context(|| format!("cannot write {}", edges.display()))?
                .flush()?;
        }
        what => {
            let out = BufWriter::new(create(&args.output)?);
            let mut out = match what {
                ExportFormat::Graphml => {
                    graphml::write(&snapshot()?, out).context("cannot write GraphML")?
                }
                ExportFormat::Gexf => {
                    gexf::write(&snapshot()?, out).context("cannot write GEXF")?
                }
                ExportFormat::Nquads => args
                    .store
                    .open_read_only()?
                    .dump(DumpFormat::NQuads, out)
                    .context("cannot write N-Quads")?,
                ExportFormat::Trig => args
                    .store
                    .open_read_only()?
                    .dump(DumpFormat::TriG, out)
                    .context("cannot write TriG")?,
                ExportFormat::Turtle => args
                    .store
                    .open_read_only()?
                    .dump(DumpFormat::Turtle, out)
                    .context("cannot write Turtle")?,
                ExportFormat::Csv => unreachable!("handled above"),
            };
            out.flush()?;
        }
    }
    Ok(Outcome::Ok)
}
