//! The `entente` command: parse arguments, run one subcommand, print the error chain,
//! pick the exit code (0 ok, 1 nothing found, 2 error or skipped input). A broken pipe
//! counts as success.

mod cli;

use std::process::ExitCode;

use clap::Parser;

// The global allocator stays the system's. Tried: mimalloc (callgrind, 1,000 generated
// articles: the extraction pipeline 911.7 M -> 840.8 M instructions; 10,000 articles,
// five alternating runs: median 13.2 -> 15.2 MB/s). But oxigraph 0.5.13 takes RocksDB's
// error strings, allocated by C's malloc, with `CString::from_raw`
// (storage/rocksdb_wrapper.rs, `ffi_result!`), so any other Rust allocator frees them
// wrongly: `stats` on a store whose build was killed early segfaulted
// (tests/robustness.rs, `a_build_killed_while_creating_the_store_leaves_one_that_opens`).

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(outcome) => ExitCode::from(outcome as u8),
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("entente: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
