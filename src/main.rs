//! The `entente` command: parse arguments, run one subcommand, print the error chain,
//! pick the exit code (0 ok, 1 nothing found, 2 error or skipped input). A broken pipe
//! counts as success.

mod cli;

use std::process::ExitCode;

use clap::Parser;

// mimalloc is the allocator of Rust and, through its `override` feature, of C and C++
// too (malloc, free, strdup, operator new are the binary's own). Both matter: oxigraph
// 0.5.13 frees RocksDB's error strings, strdup'd by C, with `CString::from_raw`
// (storage/rocksdb_wrapper.rs, `ffi_result!`). With mimalloc for Rust alone, opening a
// store whose MANIFEST is missing segfaulted instead of reporting the error
// (tests/robustness.rs, `a_store_whose_manifest_is_missing_is_an_error_not_a_crash`).
// Measured against the system allocator: callgrind, 1,000 generated articles, the
// extraction pipeline 864.9 M -> 795.7 M instructions (benches/extract.rs), the whole
// `extract --threads 1` 565.8 M -> 496.1 M; 10,000 articles, seven alternating runs:
// median 1.28 -> 1.22 s. Tried: std's `System` as the global allocator, which reaches
// mimalloc through the `malloc` it overrides, to skip the aligned path mimalloc's Rust
// interface takes: 317.9 M -> 320.2 M instructions for that command (one more call
// layer). Not kept. Tried too, from the environment: `MIMALLOC_ALLOW_THP=0` and
// `MIMALLOC_PURGE_DELAY=-1` (the kernel's clearing of fresh pages was 7% of perf's
// samples on `extract` of 1,000 articles): fifteen alternate runs each, medians 102 ms
// as it is, 109 and 108 ms with them; the page clearing did not go away.
//
// The page clearing comes from transparent huge pages: both of mimalloc's lines madvise
// their arenas for them, and each fresh 2 MiB page is cleared whole (perf, call graphs:
// `do_huge_pmd_anonymous_page` -> `clear_page_erms` under `mi_page_fresh_alloc`), 0.3%
// to 10% of `extract`'s samples on 10,000 articles, depending on whether the kernel had
// huge pages to give: one cause of the drift between runs. Without them (the `no_thp`
// feature) the clearing is gone (0.16% of samples) but the runs are no faster: 21
// alternate runs on 10,000 articles, medians 607.9 ms with, 611.1 ms without (fewer
// page faults and TLB misses pay for the clearing). Not kept. The `v2` feature selects
// the 2.x line, whose start-up makes fewer system calls (24 `madvise` for one article
// with 3.x, 7 with 2.x); instructions are the same (292.2 M on 1,000 articles). 21
// alternate runs, medians: one article 9.4 -> 8.0 ms (system time 3.8 -> 2.4 ms),
// 1,000 articles 67.3 -> 65.6 ms, 10,000 articles 603.1 -> 598.0 ms. Tried too: linking
// with `-z pack-relative-relocs` (the dynamic loader's relocations, 786 KB of them, in
// 37 KB): `--version` 3.8 -> 3.4 ms, 1,000 articles within noise (66.2 -> 66.4 ms); not
// kept, as it needs glibc 2.36 to start at all.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
