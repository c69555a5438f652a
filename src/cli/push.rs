//! `entente push`: send the store's graphs to an external SPARQL store.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use entente::push::{self, Credentials, Options, Target};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{Outcome, StoreArg};

/// Send the graph to an external SPARQL 1.1 store (Virtuoso, Fuseki, GraphDB, Oxigraph
/// server...) through the Graph Store HTTP Protocol: one named graph per document, at
/// most --batch-triples triples a request. A ledger in the store folder remembers what
/// the target acknowledged, so a push that stopped resumes where it stopped and a second
/// push sends only the documents built since. `--check` sends nothing and compares the
/// triple count of every graph of this store with what the endpoint holds.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  entente push --store store --endpoint http://localhost:8890/sparql \\
      --graph-store http://localhost:8890/sparql-graph-crud-auth \\
      --user dba --password-file virtuoso.pass
  entente push --store store --endpoint http://localhost:7878/query --graph-store http://localhost:7878/store
  entente push --store store --endpoint http://localhost:8890/sparql --check

Exit codes: 0 pushed (or, with --check, complete), 1 --check found graphs missing or
different, 2 error (what was acknowledged before it is kept: run again to resume).")]
pub struct Args {
    #[command(flatten)]
    pub store: StoreArg,
    /// The target's SPARQL query endpoint (used by --check).
    #[arg(long, value_name = "URL")]
    pub endpoint: String,
    /// The target's Graph Store Protocol URL (default: the endpoint). Virtuoso:
    /// http://HOST:8890/sparql-graph-crud-auth with --user.
    #[arg(long, value_name = "URL")]
    pub graph_store: Option<String>,
    /// User name for Basic or Digest authentication (the server's challenge decides).
    #[arg(long, value_name = "USER", requires = "password_file")]
    pub user: Option<String>,
    /// A file whose first line is the password (kept off the command line).
    #[arg(long, value_name = "FILE", requires = "user")]
    pub password_file: Option<PathBuf>,
    /// At most N triples a request; larger graphs are sent as a PUT then POSTs.
    #[arg(long, default_value_t = 50_000, value_name = "N")]
    pub batch_triples: usize,
    /// Send every graph, even those the ledger says the target has.
    #[arg(long)]
    pub full: bool,
    /// Send nothing; compare this store's graphs with the endpoint's.
    #[arg(long, conflicts_with = "full")]
    pub check: bool,
    /// Seconds to wait for the server on each request.
    #[arg(long, default_value_t = 120, value_name = "SECONDS")]
    pub timeout: u64,
    /// Output format of the report.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Json,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let credentials = match (&args.user, &args.password_file) {
        (Some(user), Some(file)) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read password file {}", file.display()))?;
            Some(Credentials {
                user: user.clone(),
                password: text.lines().next().unwrap_or_default().to_string(),
            })
        }
        _ => None,
    };
    let target = Target {
        graph_store: args
            .graph_store
            .clone()
            .unwrap_or_else(|| args.endpoint.clone()),
        endpoint: args.endpoint.clone(),
        credentials,
        timeout: Duration::from_secs(args.timeout.max(1)),
    };
    let store = args.store.open_read_only()?;
    let mut out = std::io::stdout().lock();
    if args.check {
        let check = push::check(&store, &target)
            .with_context(|| format!("cannot compare with {}", target.endpoint))?;
        match args.format {
            ReportFormat::Json => writeln!(
                out,
                "{}",
                serde_json::json!({
                    "graphs": check.graphs,
                    "matching": check.matching,
                    "missing": check.missing,
                    "different": check.different.iter().map(|(graph, here, there)| {
                        serde_json::json!({"graph": graph, "here": here, "there": there})
                    }).collect::<Vec<_>>(),
                    "others": check.others,
                    "complete": check.is_complete(),
                })
            )?,
            ReportFormat::Text => {
                writeln!(out, "graphs here       {:>8}", check.graphs)?;
                writeln!(out, "matching there    {:>8}", check.matching)?;
                writeln!(out, "missing there     {:>8}", check.missing.len())?;
                writeln!(out, "different there   {:>8}", check.different.len())?;
                writeln!(out, "other graphs there{:>8}", check.others)?;
                for graph in check.missing.iter().take(20) {
                    writeln!(out, "  missing  {graph}")?;
                }
                for (graph, here, there) in check.different.iter().take(20) {
                    writeln!(
                        out,
                        "  differs  {graph} ({here} triples here, {there} there)"
                    )?;
                }
            }
        }
        return Ok(if check.is_complete() {
            Outcome::Ok
        } else {
            Outcome::NothingFound
        });
    }
    let progress = ProgressBar::new(0);
    progress.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} graphs {elapsed_precise}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let options = Options {
        batch_triples: args.batch_triples,
        full: args.full,
    };
    let pushed = push::push(&store, &target, options, |done, total| {
        progress.set_length(total as u64);
        progress.set_position(done as u64);
    });
    progress.finish_and_clear();
    let report = match pushed {
        Ok(report) => report,
        // Stopped before the first graph (a bad URL, a busy ledger): nothing to resume.
        Err(interrupted) if interrupted.done.graphs == 0 => {
            return Err(anyhow::Error::new(interrupted.error))
                .context(format!("cannot push {}", args.store.store.display()));
        }
        Err(interrupted) => {
            return Err(anyhow::Error::new(interrupted)).context(format!(
                "pushing {} to {}: what was acknowledged is recorded; run the same command again to resume",
                args.store.store.display(),
                target.graph_store
            ));
        }
    };
    match args.format {
        ReportFormat::Json => writeln!(
            out,
            "{}",
            serde_json::json!({
                "graphs": report.graphs,
                "sent": report.sent,
                "unchanged": report.unchanged,
                "triples_sent": report.triples_sent,
                "requests": report.requests,
            })
        )?,
        ReportFormat::Text => {
            writeln!(out, "graphs         {:>8}", report.graphs)?;
            writeln!(out, "sent           {:>8}", report.sent)?;
            writeln!(out, "unchanged      {:>8}", report.unchanged)?;
            writeln!(out, "triples sent   {:>8}", report.triples_sent)?;
            writeln!(out, "requests       {:>8}", report.requests)?;
        }
    }
    Ok(Outcome::Ok)
}
