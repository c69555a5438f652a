//! The RDF side of entente: the vocabulary (`vocab`), every IRI we mint, and how an
//! extraction becomes quads in its document's named graph (`encode`).
//!
//! This module never opens a store. `data/ontology.ttl` documents the same terms for
//! people; a test keeps the two in step.

pub mod encode;
pub mod vocab;
