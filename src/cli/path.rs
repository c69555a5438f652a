//! `entente path`: how one actor is connected to another.

use std::io::Write;

use anyhow::Context;
use entente::graph::Snapshot;
use entente::model::{DateValue, RelationKind};
use entente::paths::{self, Walk};
use entente::store::{Access, Store};

use crate::cli::{Outcome, StoreArg};

/// Find the shortest chain of relations between two actors, with the evidence for each
/// hop.
///
/// Actors are named by any name or alias, ignoring case and accents ("Israël", "israel",
/// "Tel-Aviv" all work when the store knows them). By default the path walks ties of
/// cooperation: partnership, alliance, membership, negotiation and participation;
/// denied relations are never walked.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  entente path Israël Maroc --store store\n  entente path Maroc Chine --at 2024-12-31 --via partnership,alliance --format json\n\nExit codes: 0 a path was found, 1 no path, 2 unknown actor or other error."
)]
pub struct Args {
    /// Where the path starts.
    from: String,
    /// Where the path ends.
    to: String,
    #[command(flatten)]
    store: StoreArg,
    /// Relation types to walk, comma-separated.
    #[arg(long, value_delimiter = ',', value_parser = parse_kind, value_name = "TYPE,...")]
    via: Vec<RelationKind>,
    /// Only relations that existed on this date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, value_parser = parse_day, value_name = "DATE")]
    at: Option<entente::model::Day>,
    /// The longest path to accept.
    #[arg(long, value_name = "N")]
    max_hops: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: PathFormat,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum PathFormat {
    Text,
    Json,
}

pub fn parse_kind(text: &str) -> Result<RelationKind, String> {
    RelationKind::parse(text).ok_or_else(|| {
        let known: Vec<&str> = RelationKind::ALL.iter().map(|kind| kind.as_str()).collect();
        format!(
            "unknown relation type {text:?} (one of {})",
            known.join(", ")
        )
    })
}

/// A date given on the command line: its last day counts ("--at 2024" is the end of 2024).
pub fn parse_day(text: &str) -> Result<entente::model::Day, String> {
    match DateValue::parse(text) {
        Some(date @ (DateValue::Day(_) | DateValue::Month { .. } | DateValue::Year(_))) => date
            .bounds()
            .map(|(_, end)| end)
            .ok_or_else(|| "not a date".to_string()),
        _ => Err(format!(
            "expected YYYY-MM-DD, YYYY-MM or YYYY, found {text:?}"
        )),
    }
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let store = Store::open(&args.store.store, Access::ReadOnly)
        .with_context(|| format!("cannot read store {}", args.store.store.display()))?;
    let snapshot = Snapshot::read(&store).context("cannot read the graph")?;
    let find = |name: &str| -> anyhow::Result<usize> {
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
    };
    let (from, to) = (find(&args.from)?, find(&args.to)?);
    let walk = Walk {
        via: if args.via.is_empty() {
            RelationKind::COOPERATION.to_vec()
        } else {
            args.via
        },
        at: args.at,
        max_hops: args.max_hops,
    };
    let path = paths::shortest_path(&snapshot, from, to, &walk);
    let mut out = std::io::stdout().lock();
    let actor = |index: usize| {
        serde_json::json!({
            "key": snapshot.nodes[index].key,
            "label": snapshot.nodes[index].label,
            "type": snapshot.nodes[index].kind.as_str(),
        })
    };
    match args.format {
        PathFormat::Json => {
            let hops: Vec<serde_json::Value> = path
                .iter()
                .flatten()
                .map(|hop| {
                    let edge = &snapshot.edges[hop.edge];
                    serde_json::json!({
                        "from": actor(hop.from),
                        "to": actor(hop.to),
                        "relation": edge.kind.as_str(),
                        "relation_iri": edge.iri,
                        "date": edge.date.map(|date| date.to_string()),
                        "status": edge.status.as_str(),
                        "sources": edge.sources.iter().map(|source| serde_json::json!({
                            "doc": source.doc,
                            "evidence": source.evidence,
                            "status": source.status.as_str(),
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let value = serde_json::json!({
                "from": actor(from),
                "to": actor(to),
                "at": args.at.map(|day| DateValue::Day(day).to_string()),
                "found": path.is_some(),
                "hops": hops,
            });
            writeln!(out, "{value}")?;
        }
        PathFormat::Text => match &path {
            None => {
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
                    args.at
                        .map(|day| format!(" as of {}", DateValue::Day(day)))
                        .unwrap_or_default()
                )?;
            }
            Some(hops) => {
                let mut names = vec![snapshot.nodes[from].label.clone()];
                names.extend(hops.iter().map(|hop| snapshot.nodes[hop.to].label.clone()));
                writeln!(out, "{} ({} hops)", names.join(" – "), hops.len())?;
                for (number, hop) in hops.iter().enumerate() {
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
                }
            }
        },
    }
    Ok(if path.is_some() {
        Outcome::Ok
    } else {
        Outcome::NothingFound
    })
}
