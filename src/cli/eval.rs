//! `entente eval`: scores against a gold file.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use entente::eval::{self, Accuracy, Counts, Scores};
use entente::format::{self, DocRecord};
use entente::lexicon::Lexicon;
use entente::pipeline;

use crate::cli::{Outcome, read_corpus, report_diagnostics};

/// Score the extraction of documents against a gold file (data/gold/FORMAT.md).
///
/// Prints precision, recall and F1 for actors and relations, and accuracy for actor
/// types, dates and statuses, per document, then the relations per type (found,
/// missed, spurious), then the micro-average over documents on the last line.
/// `--misses` lists each missed or spurious actor and relation with its cause: a
/// participant never found as an actor, found with another type, no relation between
/// found participants, or spurious: where every rule starts.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  entente eval --gold data/gold/seeds.jsonl data/corpus\n  entente eval --gold data/gold/dev.jsonl data/dev --format json\n  entente eval --gold data/gold/dev.jsonl data/dev --misses | grep 'participant not found'"
)]
pub struct Args {
    /// The gold file (JSON Lines).
    #[arg(long, value_name = "FILE")]
    gold: PathBuf,
    /// Article files and folders.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: EvalFormat,
    /// List every missed and spurious actor and relation with its cause, per document
    /// (text: before the scores; JSON: a "misses" list per document).
    #[arg(long)]
    misses: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum EvalFormat {
    Text,
    Json,
}

fn read_gold(path: &PathBuf) -> anyhow::Result<Vec<DocRecord>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read gold file {}", path.display()))?;
    let mut records = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record: DocRecord = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a gold record", path.display(), index + 1))?;
        records.push(record);
    }
    Ok(records)
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let gold = read_gold(&args.gold)?;
    let corpus = read_corpus(&args.paths);
    let skipped = report_diagnostics(&corpus.diagnostics);
    let lexicon = Lexicon::embedded().context("the built-in lexicon is invalid")?;
    let system: Vec<DocRecord> = corpus
        .documents
        .iter()
        .map(|document| format::record(&pipeline::extract(document, &lexicon)))
        .collect();
    let report = eval::evaluate(&gold, &system);
    for doc in &report.unscored {
        eprintln!("entente: warning: {doc} is not in the gold file: not scored");
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        EvalFormat::Json => {
            let documents: serde_json::Map<String, serde_json::Value> = report
                .documents
                .iter()
                .map(|(doc, scores)| {
                    let mut value = scores_json(scores);
                    if args.misses {
                        value["misses"] = misses_json(scores);
                    }
                    (doc.clone(), value)
                })
                .collect();
            let value = serde_json::json!({
                "overall": scores_json(&report.overall),
                "documents": documents,
            });
            writeln!(out, "{value}")?;
        }
        EvalFormat::Text => {
            if args.misses {
                write_misses(&mut out, &report.documents)?;
            }
            writeln!(
                out,
                "{:<28} {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6}",
                "document",
                "act.P",
                "act.R",
                "act.F1",
                "rel.P",
                "rel.R",
                "rel.F1",
                "types",
                "dates",
                "status"
            )?;
            for (doc, scores) in &report.documents {
                write_row(&mut out, doc, scores)?;
            }
            write_kinds(&mut out, &report.overall)?;
            // Last: the line scripts read with `tail -n 1`.
            write_row(&mut out, "overall (micro)", &report.overall)?;
        }
    }
    Ok(if skipped {
        Outcome::Skipped
    } else {
        Outcome::Ok
    })
}

fn write_row(out: &mut impl Write, label: &str, scores: &Scores) -> std::io::Result<()> {
    let accuracy = |accuracy: Accuracy| {
        if accuracy.total == 0 {
            "-".to_string()
        } else {
            format!("{:.3}", accuracy.value())
        }
    };
    writeln!(
        out,
        "{:<28} {:>6.3} {:>6.3} {:>6.3}   {:>6.3} {:>6.3} {:>6.3}   {:>6} {:>6} {:>6}",
        label,
        scores.actors.precision(),
        scores.actors.recall(),
        scores.actors.f1(),
        scores.relations.precision(),
        scores.relations.recall(),
        scores.relations.f1(),
        accuracy(scores.actor_types),
        accuracy(scores.dates),
        accuracy(scores.statuses),
    )
}

/// Relations per type: found, missed, spurious, and P/R/F1.
fn write_kinds(out: &mut impl Write, scores: &Scores) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<28} {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6}",
        "relations by type", "found", "missed", "spur.", "P", "R", "F1"
    )?;
    for (kind, counts) in &scores.by_kind {
        writeln!(
            out,
            "  {:<26} {:>6} {:>6} {:>6}   {:>6.3} {:>6.3} {:>6.3}",
            kind,
            counts.true_positives,
            counts.false_negatives,
            counts.false_positives,
            counts.precision(),
            counts.recall(),
            counts.f1()
        )?;
    }
    Ok(())
}

/// Each document's misses, one per line: `doc<TAB>item<TAB>cause<TAB>what`.
fn write_misses(
    out: &mut impl Write,
    documents: &std::collections::BTreeMap<String, Scores>,
) -> std::io::Result<()> {
    for (doc, scores) in documents {
        for miss in &scores.misses {
            let item = match miss.item {
                eval::MissItem::Actor => "actor",
                eval::MissItem::Relation => "relation",
            };
            writeln!(out, "{doc}\t{item}\t{}\t{}", miss.cause.as_str(), miss.text)?;
        }
    }
    Ok(())
}

fn misses_json(scores: &Scores) -> serde_json::Value {
    scores
        .misses
        .iter()
        .map(|miss| {
            serde_json::json!({
                "item": match miss.item {
                    eval::MissItem::Actor => "actor",
                    eval::MissItem::Relation => "relation",
                },
                "cause": miss.cause.as_str(),
                "what": miss.text,
            })
        })
        .collect()
}

fn counts_json(counts: Counts) -> serde_json::Value {
    serde_json::json!({
        "precision": counts.precision(),
        "recall": counts.recall(),
        "f1": counts.f1(),
        "true_positives": counts.true_positives,
        "false_positives": counts.false_positives,
        "false_negatives": counts.false_negatives,
    })
}

fn accuracy_json(accuracy: Accuracy) -> serde_json::Value {
    serde_json::json!({ "accuracy": accuracy.value(), "hits": accuracy.hits, "total": accuracy.total })
}

fn scores_json(scores: &Scores) -> serde_json::Value {
    serde_json::json!({
        "actors": counts_json(scores.actors),
        "relations": counts_json(scores.relations),
        "actor_types": accuracy_json(scores.actor_types),
        "relation_types": accuracy_json(scores.relation_types),
        "dates": accuracy_json(scores.dates),
        "status": accuracy_json(scores.statuses),
        "relations_by_type": scores
            .by_kind
            .iter()
            .map(|(kind, counts)| (kind.clone(), counts_json(*counts)))
            .collect::<serde_json::Map<_, _>>(),
    })
}
