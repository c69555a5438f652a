//! `entente path`: how one actor is connected to another, one pair or many.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use entente::graph::Snapshot;
use entente::index::{GraphIndex, Sources};
use entente::model::{DateValue, Day, RelationKind};
use entente::paths::{AllianceGraph, Mode, Path, Walk};
use serde_json::Value;

use crate::cli::{
    Outcome, SourceLimit, StoreArg, Totals, keep_sources, left_out, parse_day, parse_kind,
    parse_sources,
};

/// Find the chain of relations between two actors, with the evidence for each hop.
///
/// Actors are named by any name or alias, ignoring case and accents ("Israël",
/// "israel", "Tel-Aviv" all work when the store knows them). By default the path walks
/// ties of cooperation (the default of `--via`) and takes the fewest hops; `--mode strongest` prefers links reported by more
/// documents, more recent and further along (established beats ongoing beats proposed).
/// Denied relations are never walked.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  entente path Israël Maroc --store store\n  entente path Maroc Chine --at 2024-12-31 --via partnership,alliance --format json\n  entente path Maroc Chine --k 3 --mode strongest --avoid États-Unis\n  entente path --batch pairs.csv --format csv > answers.csv\n\n--batch reads a CSV with columns from,to and optionally at; the graph is built once\nfor the whole batch. Exit codes: 0 a path was found (for every pair), 1 no path (for some pair),\n2 unknown actor or other error."
)]
pub struct Args {
    /// Where the path starts.
    #[arg(required_unless_present = "batch")]
    from: Option<String>,
    /// Where the path ends.
    #[arg(required_unless_present = "batch")]
    to: Option<String>,
    #[command(flatten)]
    store: StoreArg,
    #[arg(
        long,
        value_delimiter = ',',
        value_parser = parse_kind,
        value_name = "TYPE,...",
        help = via_help()
    )]
    via: Vec<RelationKind>,
    /// Only relations that existed on this date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, value_parser = parse_day, value_name = "DATE")]
    at: Option<Day>,
    /// The longest path to accept.
    #[arg(long, value_name = "N")]
    max_hops: Option<usize>,
    /// Actors the path may not go through (repeat or comma-separate).
    #[arg(long, value_delimiter = ',', value_name = "ACTOR")]
    avoid: Vec<String>,
    /// Fewest hops, or strongest links.
    #[arg(long, value_enum, default_value = "shortest")]
    mode: PathMode,
    /// How many alternative paths, best first.
    #[arg(long, default_value_t = 1, value_name = "N")]
    k: usize,
    /// A CSV of pairs (columns from,to[,at]) to answer in one run.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["from", "to"])]
    batch: Option<PathBuf>,
    /// Output format: text or json for one pair; csv or jsonl for --batch.
    #[arg(long, value_enum, default_value = "text")]
    format: PathFormat,
    /// Documents to show per hop, newest first, or `all` [default: 3 for text, all
    /// for json, jsonl and csv].
    #[arg(long, value_parser = parse_sources, value_name = "N|all")]
    sources: Option<SourceLimit>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum PathMode {
    Shortest,
    Strongest,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum PathFormat {
    Text,
    Json,
    Csv,
    Jsonl,
}

/// An actor by any of its names, or an error with the closest names.
pub fn find(snapshot: &Snapshot, name: &str) -> anyhow::Result<usize> {
    snapshot.find(name).ok_or_else(|| {
        let suggestions = snapshot.suggest(name, 3);
        if suggestions.is_empty() {
            anyhow::anyhow!("unknown actor {name:?}")
        } else {
            anyhow::anyhow!(
                "unknown actor {name:?}; did you mean {}?",
                suggestions.join(", ")
            )
        }
    })
}

/// The documented JSON answer (README, "The JSON of path").
fn answer_json(
    snapshot: &Snapshot,
    totals: &Totals,
    from: usize,
    to: usize,
    at: Option<Day>,
    mode: PathMode,
    paths: &[Path],
) -> Value {
    let edge = |index: usize| &snapshot.edges[index];
    entente::api::path_json(
        &snapshot.nodes,
        &edge,
        totals,
        from,
        to,
        at,
        match mode {
            PathMode::Shortest => Mode::Shortest,
            PathMode::Strongest => Mode::Strongest,
        },
        paths,
    )
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    // The evidence is read for the relations of the answers only.
    let GraphIndex {
        mut snapshot,
        sources,
    } = args.store.open_graph()?;
    let avoid = args
        .avoid
        .iter()
        .map(|name| find(&snapshot, name))
        .collect::<anyhow::Result<Vec<usize>>>()?;
    let walk = |at: Option<Day>| Walk {
        via: if args.via.is_empty() {
            RelationKind::cooperation()
        } else {
            args.via.clone()
        },
        at,
        max_hops: args.max_hops,
        avoid: avoid.clone(),
        mode: match args.mode {
            PathMode::Shortest => Mode::Shortest,
            PathMode::Strongest => Mode::Strongest,
        },
    };
    if let Some(batch) = &args.batch {
        return run_batch(&args, batch, &sources, snapshot, walk);
    }
    let (Some(from_name), Some(to_name)) = (&args.from, &args.to) else {
        anyhow::bail!("give FROM and TO, or --batch FILE");
    };
    let (from, to) = (find(&snapshot, from_name)?, find(&snapshot, to_name)?);
    let paths = AllianceGraph::new(&snapshot).paths(&walk(args.at), from, to, args.k);
    let edges = hop_edges(&paths);
    let totals = keep_sources(&sources, &mut snapshot, &edges, source_limit(&args));
    sources
        .fill_evidence(&mut snapshot, &edges)
        .context("cannot read the evidence")?;
    let mut out = std::io::stdout().lock();
    match args.format {
        PathFormat::Json | PathFormat::Jsonl => {
            writeln!(
                out,
                "{}",
                answer_json(&snapshot, &totals, from, to, args.at, args.mode, &paths)
            )?;
        }
        PathFormat::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            write_csv_header(&mut writer)?;
            write_csv_row(&mut writer, &snapshot, from, to, args.at, &paths)?;
            writer.flush()?;
        }
        PathFormat::Text => write_text(
            &mut out,
            &snapshot,
            &totals,
            from,
            to,
            args.at,
            &walk(args.at),
            &paths,
        )?,
    }
    Ok(if paths.is_empty() {
        Outcome::NothingFound
    } else {
        Outcome::Ok
    })
}

/// `--sources`, or its default for the format.
fn source_limit(args: &Args) -> SourceLimit {
    args.sources.unwrap_or(match args.format {
        PathFormat::Text => SourceLimit::First(3),
        PathFormat::Json | PathFormat::Jsonl | PathFormat::Csv => SourceLimit::All,
    })
}

#[allow(clippy::too_many_arguments)]
fn write_text(
    out: &mut impl Write,
    snapshot: &Snapshot,
    totals: &Totals,
    from: usize,
    to: usize,
    at: Option<Day>,
    walk: &Walk,
    paths: &[Path],
) -> anyhow::Result<()> {
    if paths.is_empty() {
        writeln!(
            out,
            "no path from {} to {} through {}{}",
            snapshot.nodes[from].label,
            snapshot.nodes[to].label,
            walk.via
                .iter()
                .map(|kind| kind.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            at.map(|day| format!(" as of {}", DateValue::Day(day)))
                .unwrap_or_default()
        )?;
        return Ok(());
    }
    for (rank, path) in paths.iter().enumerate() {
        if paths.len() > 1 {
            writeln!(out, "path {} (cost {:.3})", rank + 1, path.cost)?;
        }
        let mut names = vec![snapshot.nodes[from].label.clone()];
        names.extend(
            path.hops
                .iter()
                .map(|hop| snapshot.nodes[hop.to].label.clone()),
        );
        writeln!(out, "{} ({} hops)", names.join(" – "), path.hops.len())?;
        for (number, hop) in path.hops.iter().enumerate() {
            let edge = &snapshot.edges[hop.edge];
            writeln!(
                out,
                "{}. {} –[{}, {}, {}]– {}",
                number + 1,
                snapshot.nodes[hop.from].label,
                edge.kind,
                edge.date
                    .map(|date| date.to_string())
                    .unwrap_or_else(|| "undated".to_string()),
                edge.status.as_str(),
                snapshot.nodes[hop.to].label
            )?;
            for source in &edge.sources {
                writeln!(
                    out,
                    "   « {} » ({})",
                    source.evidence.replace('\n', " "),
                    source.doc
                )?;
            }
            if let Some(line) = left_out(totals, hop.edge, edge.sources.len()) {
                writeln!(out, "   {line}")?;
            }
        }
    }
    Ok(())
}

fn write_csv_header<W: Write>(writer: &mut csv::Writer<W>) -> anyhow::Result<()> {
    writer.write_record([
        "from",
        "to",
        "at",
        "found",
        "hops",
        "path",
        "relations",
        "dates",
        "documents",
    ])?;
    Ok(())
}

fn write_csv_row<W: Write>(
    writer: &mut csv::Writer<W>,
    snapshot: &Snapshot,
    from: usize,
    to: usize,
    at: Option<Day>,
    paths: &[Path],
) -> anyhow::Result<()> {
    let best = paths.first();
    let path = best
        .map(|path| {
            let mut names = vec![snapshot.nodes[from].label.clone()];
            names.extend(
                path.hops
                    .iter()
                    .map(|hop| snapshot.nodes[hop.to].label.clone()),
            );
            names.join(" > ")
        })
        .unwrap_or_default();
    let join = |field: &dyn Fn(&entente::graph::Edge) -> String| {
        best.map(|path| {
            path.hops
                .iter()
                .map(|hop| field(&snapshot.edges[hop.edge]))
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .unwrap_or_default()
    };
    writer.write_record([
        snapshot.nodes[from].key.clone(),
        snapshot.nodes[to].key.clone(),
        at.map(|day| DateValue::Day(day).to_string())
            .unwrap_or_default(),
        best.is_some().to_string(),
        best.map(|path| path.hops.len().to_string())
            .unwrap_or_default(),
        path,
        join(&|edge| edge.kind.as_str().to_string()),
        join(&|edge| edge.date.map(|date| date.to_string()).unwrap_or_default()),
        join(&|edge| {
            edge.sources
                .iter()
                .map(|source| source.doc.clone())
                .collect::<Vec<_>>()
                .join(";")
        }),
    ])?;
    Ok(())
}

/// The relations the paths go through, whose evidence the answer shows.
fn hop_edges(paths: &[Path]) -> Vec<usize> {
    paths
        .iter()
        .flat_map(|path| path.hops.iter().map(|hop| hop.edge))
        .collect()
}

/// Answers every row of a CSV of pairs. The paths are all found first, so that the
/// evidence of their relations is read in one go; a bad row stops the batch after the
/// answers to the rows before it are written.
fn run_batch(
    args: &Args,
    batch: &PathBuf,
    sources: &Sources,
    mut snapshot: Snapshot,
    walk: impl Fn(Option<Day>) -> Walk,
) -> anyhow::Result<Outcome> {
    let mut reader = csv::Reader::from_path(batch)
        .with_context(|| format!("cannot read {}", batch.display()))?;
    let headers = reader.headers()?.clone();
    let column = |name: &str| headers.iter().position(|header| header.trim() == name);
    let (Some(from_column), Some(to_column)) = (column("from"), column("to")) else {
        anyhow::bail!("{}: needs the columns from and to", batch.display());
    };
    let at_column = column("at");
    let mut answers: Vec<(usize, usize, Option<Day>, Vec<Path>)> = Vec::new();
    let bad_row = {
        // One graph for every row and date.
        let graph = AllianceGraph::new(&snapshot);
        let snapshot = &snapshot;
        let mut answer = |index: usize, record: Result<csv::StringRecord, csv::Error>| {
            let line = index + 2;
            let record = record.with_context(|| format!("{}:{line}: bad row", batch.display()))?;
            let cell = |column: usize| record.get(column).unwrap_or("").trim().to_string();
            let at = match at_column.map(&cell).filter(|text| !text.is_empty()) {
                Some(text) => Some(
                    parse_day(&text)
                        .map_err(|error| anyhow::anyhow!("{}:{line}: {error}", batch.display()))?,
                ),
                None => args.at,
            };
            let from = find(snapshot, &cell(from_column))
                .with_context(|| format!("{}:{line}", batch.display()))?;
            let to = find(snapshot, &cell(to_column))
                .with_context(|| format!("{}:{line}", batch.display()))?;
            let paths = graph.paths(&walk(at), from, to, args.k);
            answers.push((from, to, at, paths));
            anyhow::Ok(())
        };
        reader
            .records()
            .enumerate()
            .find_map(|(index, record)| answer(index, record).err())
    };
    let edges: Vec<usize> = answers
        .iter()
        .flat_map(|(_, _, _, paths)| hop_edges(paths))
        .collect();
    let totals = keep_sources(sources, &mut snapshot, &edges, source_limit(args));
    sources
        .fill_evidence(&mut snapshot, &edges)
        .context("cannot read the evidence")?;
    let mut lines = std::io::stdout().lock();
    let mut csv_writer = csv::Writer::from_writer(std::io::stdout());
    if args.format == PathFormat::Csv {
        write_csv_header(&mut csv_writer)?;
    }
    let mut all_found = true;
    for (from, to, at, paths) in &answers {
        all_found &= !paths.is_empty();
        match args.format {
            PathFormat::Csv => write_csv_row(&mut csv_writer, &snapshot, *from, *to, *at, paths)?,
            _ => {
                let answer = answer_json(&snapshot, &totals, *from, *to, *at, args.mode, paths);
                writeln!(lines, "{answer}")?;
            }
        }
    }
    csv_writer.flush()?;
    if let Some(error) = bad_row {
        return Err(error);
    }
    Ok(if all_found {
        Outcome::Ok
    } else {
        Outcome::NothingFound
    })
}

/// The help of `--via`, from the table of relation types.
fn via_help() -> String {
    let names = |cooperation: bool| {
        entente::model::RELATION_KINDS
            .iter()
            .filter(|info| !cooperation || info.cooperation)
            .map(|info| info.name)
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "Relation types to walk, comma-separated: {} [default: {}]",
        names(false),
        names(true)
    )
}
