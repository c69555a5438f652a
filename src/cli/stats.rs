//! `entente stats`: what a store holds.

use std::io::Write;

use anyhow::Context;
use entente::store::Summary;

use crate::cli::{Outcome, StoreArg};

/// Show what the store holds: documents, actors and relations by type, quads.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  entente stats --store store\n  entente stats --store store --format json"
)]
pub struct Args {
    #[command(flatten)]
    pub store: StoreArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: SummaryFormat,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SummaryFormat {
    Text,
    Json,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let store = args.store.open_read_only()?;
    let summary = store.summary().context("cannot summarise the store")?;
    print_summary(&summary, &[], BuildTimes::default(), args.format)?;
    Ok(Outcome::Ok)
}

/// How long a build spent on its last steps, in seconds (`None` when it did not).
#[derive(Clone, Copy, Debug, Default)]
pub struct BuildTimes {
    /// Sweeping the shared descriptions (after replaced documents).
    pub sweep: Option<f64>,
    pub compaction: Option<f64>,
    pub index: Option<f64>,
}

/// Prints what the store holds, and what the run skipped (reason, count); the JSON
/// form also says how long a build spent sweeping the shared descriptions, compacting
/// the store and writing the graph index (null when it did not).
pub fn print_summary(
    summary: &Summary,
    skipped: &[(String, usize)],
    times: BuildTimes,
    format: SummaryFormat,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        SummaryFormat::Json => {
            let to_object = |pairs: &[(String, usize)]| {
                serde_json::Value::Object(
                    pairs
                        .iter()
                        .map(|(key, value)| (key.clone(), serde_json::Value::from(*value)))
                        .collect(),
                )
            };
            let value = serde_json::json!({
                "documents": summary.documents,
                "actors": summary.actors,
                "relations": summary.relations,
                "quads": summary.quads,
                "actors_by_type": to_object(&summary.actors_by_type),
                "relations_by_type": to_object(&summary.relations_by_type),
                "skipped": to_object(skipped),
                "sweep_seconds": times.sweep,
                "compaction_seconds": times.compaction,
                "index_seconds": times.index,
            });
            writeln!(out, "{value}")?;
        }
        SummaryFormat::Text => {
            writeln!(out, "documents  {:>7}", summary.documents)?;
            writeln!(out, "actors     {:>7}", summary.actors)?;
            for (kind, count) in &summary.actors_by_type {
                writeln!(out, "  {kind:<16}{count:>5}")?;
            }
            writeln!(out, "relations  {:>7}", summary.relations)?;
            for (kind, count) in &summary.relations_by_type {
                writeln!(out, "  {kind:<16}{count:>5}")?;
            }
            writeln!(out, "quads      {:>7}", summary.quads)?;
            if !skipped.is_empty() {
                let total: usize = skipped.iter().map(|(_, count)| count).sum();
                writeln!(out, "skipped    {total:>7}")?;
                for (reason, count) in skipped {
                    writeln!(out, "  {reason:<24}{count:>5}")?;
                }
            }
        }
    }
    Ok(())
}
