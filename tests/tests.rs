//! The single integration-test binary: one module per area.

mod util;

mod cli;
mod exports;
mod extraction;
mod queries;
mod store;
