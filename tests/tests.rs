//! The single integration-test binary: one module per area.
#![allow(clippy::unwrap_used)]

mod util;

mod cli;
mod exports;
mod push;
mod queries;
mod robustness;
mod serve;
mod store;
