//! `entente query`: SPARQL over the store.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

use anyhow::Context;
use entente::store::{Answer, ResultFormat, Store, StoreError, is_entente_iri, term_value};

use crate::cli::{Outcome, StoreArg};

/// Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the store.
///
/// The default graph is the union of every document's graph; `GRAPH ?g { ... }` reaches
/// each document's own graph. Results come in the standard SPARQL result formats (JSON,
/// XML, CSV, TSV; N-Triples for graphs) or as a table for people. Prefixes ent:, rdfs:,
/// skos:, schema:, prov:, dcterms:, owl: and xsd: must be declared in the query, as
/// the files in queries/ do.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  entente query queries/partnerships_of_country.rq --store store\n  entente query -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --store store --format csv\n  echo 'ASK { ?s ?p ?o }' | entente query - --store store --format json\n\nA malformed query prints the parser's message with its line and column, exit code 2."
)]
pub struct Args {
    /// A .rq file, or - for standard input.
    #[arg(
        value_name = "FILE.rq",
        required_unless_present = "expression",
        conflicts_with = "expression"
    )]
    file: Option<PathBuf>,
    /// The query text itself.
    #[arg(short = 'e', long = "expression", value_name = "QUERY")]
    expression: Option<String>,
    #[command(flatten)]
    store: StoreArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: QueryFormat,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum QueryFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let sparql = match (&args.expression, &args.file) {
        (Some(expression), _) => expression.clone(),
        (None, Some(file)) if file.as_os_str() == "-" => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("cannot read the query from standard input")?;
            text
        }
        (None, Some(file)) => std::fs::read_to_string(file)
            .with_context(|| format!("cannot read query file {}", file.display()))?,
        (None, None) => anyhow::bail!("give a query file or -e QUERY"),
    };
    let store = args.store.open_read_only()?;
    let out = std::io::stdout().lock();
    let result = match args.format {
        QueryFormat::Table => table(&store, &sparql, out),
        QueryFormat::Csv => store
            .query_to_writer(&sparql, ResultFormat::Csv, out)
            .map(drop),
        QueryFormat::Tsv => store
            .query_to_writer(&sparql, ResultFormat::Tsv, out)
            .map(drop),
        QueryFormat::Json => store
            .query_to_writer(&sparql, ResultFormat::Json, out)
            .map(drop),
        QueryFormat::Xml => store
            .query_to_writer(&sparql, ResultFormat::Xml, out)
            .map(drop),
    };
    result.context("query failed")?;
    Ok(Outcome::Ok)
}

fn shorten(term: &oxigraph::model::Term) -> String {
    match is_entente_iri(term) {
        Some(rest) => rest.to_string(),
        None => term_value(term),
    }
}

fn table(store: &Store, sparql: &str, mut out: impl Write) -> Result<(), StoreError> {
    let terminal = std::io::stdout().is_terminal();
    match store.query(sparql)? {
        Answer::Boolean(value) => writeln!(out, "{value}")?,
        Answer::Graph(triples) => {
            for [subject, predicate, object] in triples {
                writeln!(out, "{subject} {predicate} {object} .")?;
            }
        }
        Answer::Solutions { variables, rows } => {
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|term| {
                            term.as_ref()
                                .map(shorten)
                                .unwrap_or_default()
                                .replace(['\n', '\t'], " ")
                        })
                        .collect()
                })
                .collect();
            let max_width = if terminal { 60 } else { usize::MAX };
            let mut widths: Vec<usize> = variables.iter().map(|v| v.chars().count()).collect();
            for row in &cells {
                for (width, cell) in widths.iter_mut().zip(row) {
                    *width = (*width).max(cell.chars().count()).min(max_width.max(1));
                }
            }
            let line = |values: &[String], widths: &[usize]| -> String {
                values
                    .iter()
                    .zip(widths)
                    .map(|(value, width)| {
                        let clipped: String = if value.chars().count() > *width {
                            value
                                .chars()
                                .take(width.saturating_sub(1))
                                .chain(['…'])
                                .collect()
                        } else {
                            value.clone()
                        };
                        format!("{clipped:<width$}")
                    })
                    .collect::<Vec<_>>()
                    .join("  ")
                    .trim_end()
                    .to_string()
            };
            writeln!(out, "{}", line(&variables, &widths))?;
            writeln!(
                out,
                "{}",
                widths
                    .iter()
                    .map(|w| "-".repeat(*w))
                    .collect::<Vec<_>>()
                    .join("  ")
            )?;
            for row in &cells {
                writeln!(out, "{}", line(row, &widths))?;
            }
            writeln!(out, "({} rows)", cells.len())?;
        }
    }
    Ok(())
}
