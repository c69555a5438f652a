//! entente: news articles about AI diplomacy in, a dated knowledge graph out.
//!
//! The pipeline reads documents (`document`), decides their language (`lang`), finds
//! lexicon forms (`mention`, `lexicon`), resolves them to actors (`resolve`), reads
//! relations and dates (`relation`, `date`), all run by `pipeline`. The results are
//! written as the gold-format JSON (`format`), scored (`eval`), encoded as RDF (`rdf`)
//! into the embedded store (`store`), and read back as a graph snapshot (`graph`) for
//! exports (`export`) and alliance paths (`paths`), or pushed to an external SPARQL
//! store (`push`).

pub mod date;
pub mod document;
pub mod eval;
pub mod export;
pub mod format;
pub mod graph;
pub mod html;
pub mod lang;
pub mod lexicon;
pub mod mention;
pub mod model;
pub mod paths;
pub mod pipeline;
pub mod push;
pub mod rank;
pub mod rdf;
pub mod relation;
pub mod resolve;
pub mod store;
pub mod text;
