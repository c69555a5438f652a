//! `entente show`: an actor's card.

use std::io::Write;

use anyhow::Context;
use entente::index::GraphIndex;
use entente::model::DateValue;

use crate::cli::{Outcome, SourceLimit, StoreArg, keep_sources, left_out, parse_sources};

/// Show an actor's card: names, type, Wikidata id, roles and affiliations, and its
/// relations as a timeline with evidence.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  entente show Maroc --store store\n  entente show Maroc --store store --sources all\n  entente show 'Antony Blinken' --store store --format json"
)]
pub struct Args {
    /// The actor, by any name or alias.
    actor: String,
    #[command(flatten)]
    store: StoreArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: ShowFormat,
    /// Documents to show per relation, newest first, or `all` [default: 3 for text,
    /// all for json].
    #[arg(long, value_parser = parse_sources, value_name = "N|all")]
    sources: Option<SourceLimit>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ShowFormat {
    Text,
    Json,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    // The evidence is read for the actor's own relations only.
    let GraphIndex {
        mut snapshot,
        sources,
    } = args.store.open_graph()?;
    let index = crate::cli::path::find(&snapshot, &args.actor)?;
    let own: Vec<usize> = (0..snapshot.edges.len())
        .filter(|&edge| snapshot.edges[edge].participants.contains(&index))
        .collect();
    let limit = args.sources.unwrap_or(match args.format {
        ShowFormat::Text => SourceLimit::First(3),
        ShowFormat::Json => SourceLimit::All,
    });
    let totals = keep_sources(&sources, &mut snapshot, &own, limit);
    sources
        .fill_evidence(&mut snapshot, &own)
        .context("cannot read the evidence")?;
    let snapshot = snapshot;
    let node = &snapshot.nodes[index];
    // Relations of the actor, oldest first (by date, else by first report).
    let mut relations: Vec<(usize, &entente::graph::Edge)> = own
        .iter()
        .map(|&edge| (edge, &snapshot.edges[edge]))
        .collect();
    entente::api::card_order(&mut relations);
    let others = |edge: &entente::graph::Edge| -> Vec<String> {
        edge.participants
            .iter()
            .filter(|&&participant| participant != index)
            .map(|&participant| snapshot.nodes[participant].label.clone())
            .collect()
    };
    let is_role = |(_, edge): &&(usize, &entente::graph::Edge)| entente::api::is_role(index, edge);
    let mut out = std::io::stdout().lock();
    match args.format {
        ShowFormat::Json => {
            let value = entente::api::card_json(&snapshot.nodes, index, &relations, &totals);
            writeln!(out, "{value}")?;
        }
        ShowFormat::Text => {
            writeln!(
                out,
                "{} ({}{}{})",
                node.label,
                node.kind.as_str(),
                node.subtype
                    .as_ref()
                    .map(|subtype| format!(", {subtype}"))
                    .unwrap_or_default(),
                node.wikidata
                    .as_ref()
                    .map(|qid| format!(", Wikidata {qid}"))
                    .unwrap_or_default()
            )?;
            writeln!(out, "names: {}", node.names.join(", "))?;
            if let Some(country) = &node.country {
                writeln!(out, "country: {country}")?;
            }
            let roles: Vec<_> = relations.iter().filter(is_role).collect();
            if !roles.is_empty() {
                writeln!(out, "roles:")?;
                for &(number, edge) in roles {
                    let mut documents: Vec<String> =
                        edge.sources.iter().map(|s| s.doc.clone()).collect();
                    documents.extend(left_out(&totals, number, edge.sources.len()));
                    writeln!(
                        out,
                        "  {} {} ({})",
                        edge.kind,
                        others(edge).join(", "),
                        documents.join(", ")
                    )?;
                }
            }
            writeln!(out, "relations ({}):", relations.len())?;
            for &(number, edge) in &relations {
                let when = edge
                    .date
                    .map(|date| date.to_string())
                    .or_else(|| {
                        edge.known_from()
                            .map(|day| format!("reported {}", DateValue::Day(day)))
                    })
                    .unwrap_or_else(|| "undated".to_string());
                writeln!(
                    out,
                    "  {when:<24} {:<13} {:<11} {}",
                    edge.kind.as_str(),
                    edge.status.as_str(),
                    others(edge).join(", ")
                )?;
                for source in &edge.sources {
                    writeln!(
                        out,
                        "      « {} » ({})",
                        source.evidence.replace('\n', " "),
                        source.doc
                    )?;
                }
                if let Some(line) = left_out(&totals, number, edge.sources.len()) {
                    writeln!(out, "      {line}")?;
                }
            }
        }
    }
    Ok(Outcome::Ok)
}
