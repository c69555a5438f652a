//! The SPARQL endpoint's query workers: the messages between the endpoint and a worker
//! process (`wire`), and the pool that runs queries in them within bounds of time,
//! memory and concurrency (`pool`). The HTTP side is `entente serve` (src/cli/serve.rs).

pub mod pool;
pub mod wire;
