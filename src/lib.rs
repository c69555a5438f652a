//! entente: news articles about AI diplomacy in, a dated knowledge graph out.
//!
//! The pipeline reads documents (`document`), decides their language (`lang`), finds
//! lexicon forms (`mention`, `lexicon`), resolves them to actors (`resolve`), reads
//! relations and dates (`relation`, `date`), all run by `pipeline`. The results are
//! written as the gold-format JSON (`format`), scored (`eval`), encoded as RDF (`rdf`)
//! into the embedded store (`store`), and read back as a graph snapshot (`graph`) for
//! exports (`export`) and alliance paths (`paths`), served over SPARQL by query workers
//! (`endpoint`), or pushed to an external SPARQL store (`push`).
//!
//! The `store` feature (on by default) brings Oxigraph and every module built on it;
//! without it the crate is the extractor alone (the fuzz targets build it so).

#[cfg(feature = "store")]
pub mod api;
pub mod date;
pub mod document;
#[cfg(feature = "store")]
pub mod endpoint;
pub mod eval;
#[cfg(test)]
mod examples;
#[cfg(feature = "store")]
pub mod export;
pub mod fold;
pub mod format;
#[cfg(feature = "store")]
pub mod graph;
pub mod html;
#[cfg(feature = "store")]
pub mod index;
pub mod lang;
pub mod lexicon;
pub mod mention;
pub mod model;
#[cfg(feature = "store")]
pub mod paths;
pub mod pipeline;
#[cfg(feature = "store")]
pub mod push;
#[cfg(feature = "store")]
pub mod rank;
#[cfg(feature = "store")]
pub mod rdf;
pub mod relation;
pub mod resolve;
#[cfg(feature = "store")]
pub mod store;
pub mod text;
pub mod words;
