//! Namespaces, terms and minted IRIs.
//!
//! Invariant: every IRI entente writes is built here, from percent-encoded parts, so a
//! hostile document id or actor name can never produce an invalid IRI.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::model::{ActorKind, RelationKind};

pub const BASE: &str = "https://w3id.org/entente/";
pub const ONTOLOGY: &str = "https://w3id.org/entente/ontology#";
pub const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
pub const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
pub const SKOS_PREF_LABEL: &str = "http://www.w3.org/2004/02/skos/core#prefLabel";
pub const SKOS_ALT_LABEL: &str = "http://www.w3.org/2004/02/skos/core#altLabel";
pub const OWL_SAME_AS: &str = "http://www.w3.org/2002/07/owl#sameAs";
pub const PROV_WAS_DERIVED_FROM: &str = "http://www.w3.org/ns/prov#wasDerivedFrom";
pub const PROV_ENTITY: &str = "http://www.w3.org/ns/prov#Entity";
pub const DCTERMS_IDENTIFIER: &str = "http://purl.org/dc/terms/identifier";
pub const DCTERMS_TITLE: &str = "http://purl.org/dc/terms/title";
pub const DCTERMS_DATE: &str = "http://purl.org/dc/terms/date";
pub const DCTERMS_LANGUAGE: &str = "http://purl.org/dc/terms/language";
pub const DCTERMS_SOURCE: &str = "http://purl.org/dc/terms/source";
pub const SCHEMA: &str = "https://schema.org/";
pub const SCHEMA_URL: &str = "https://schema.org/url";
pub const SCHEMA_PUBLISHER: &str = "https://schema.org/publisher";
pub const SCHEMA_NEWS_ARTICLE: &str = "https://schema.org/NewsArticle";
pub const WIKIDATA_ENTITY: &str = "http://www.wikidata.org/entity/";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// A term of our ontology: `ent(name)` is `<https://w3id.org/entente/ontology#name>`.
pub fn ent(name: &str) -> String {
    format!("{ONTOLOGY}{name}")
}

/// Every byte but RFC 3986's unreserved characters (letters, digits, `-._~`).
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes everything but RFC 3986's unreserved characters, in upper-case hex:
/// a query parameter's value, a path segment.
pub fn percent_encode(text: &str) -> String {
    utf8_percent_encode(text, NOT_UNRESERVED).to_string()
}

/// `percent_encode`, so any text can become one IRI path segment (`_` for none).
pub fn encode_segment(text: &str) -> String {
    let encoded = percent_encode(text);
    if encoded.is_empty() {
        "_".to_string()
    } else {
        encoded
    }
}

pub fn actor_iri(key: &str) -> String {
    format!("{BASE}actor/{}", encode_segment(key))
}

pub fn document_iri(doc: &str) -> String {
    format!("{BASE}doc/{}", encode_segment(doc))
}

/// The named graph holding everything read from one document.
pub fn document_graph_iri(doc: &str) -> String {
    format!("{BASE}graph/doc/{}", encode_segment(doc))
}

/// The shared graph of what the lexicon says of the actors it knows (`rdf::encode`).
pub fn actors_graph_iri() -> String {
    format!("{BASE}graph/actors")
}

/// The shared graph of what a relation's IRI fixes (`rdf::encode`).
pub fn relations_graph_iri() -> String {
    format!("{BASE}graph/relations")
}

/// The named graph of store metadata (schema version).
pub fn meta_graph_iri() -> String {
    format!("{BASE}graph/meta")
}

pub fn store_iri() -> String {
    format!("{BASE}store")
}

pub fn relation_iri(kind: RelationKind, id: &str) -> String {
    format!("{BASE}relation/{}/{id}", kind.as_str())
}

pub fn attestation_iri(relation_iri: &str, doc: &str) -> String {
    format!("{relation_iri}/in/{}", encode_segment(doc))
}

/// The IRI of the document an attestation comes from, read back from the attestation's
/// IRI (`attestation_iri` of the relation it attests): the encoded document id is its
/// last segment, and no encoded segment holds a `/`.
pub fn attestation_document_iri(attestation: &str, relation: &str) -> Option<String> {
    let segment = attestation.strip_prefix(relation)?.strip_prefix("/in/")?;
    (!segment.is_empty() && !segment.contains('/')).then(|| format!("{BASE}doc/{segment}"))
}

pub fn wikidata_iri(qid: &str) -> Option<String> {
    let valid =
        qid.len() > 1 && qid.starts_with('Q') && qid[1..].bytes().all(|byte| byte.is_ascii_digit());
    valid.then(|| format!("{WIKIDATA_ENTITY}{qid}"))
}

/// The class of a relation node, beside `ent:Relation`.
pub fn relation_class(kind: RelationKind) -> String {
    ent(kind.info().rdf_class)
}

/// The direct actor-to-actor property of a relation type, for SPARQL property paths.
pub fn direct_property(kind: RelationKind) -> String {
    ent(kind.info().rdf_property)
}

/// The schema.org class of an actor, refined by its subtype.
pub fn actor_class(kind: ActorKind, subtype: Option<&str>) -> String {
    let name = match (kind, subtype) {
        (ActorKind::State, _) => "Country",
        (ActorKind::Person, _) => "Person",
        (ActorKind::Event, _) => "Event",
        (ActorKind::Place, _) => "Place",
        (ActorKind::Organization, Some("company")) => "Corporation",
        (ActorKind::Organization, Some("government_body")) => "GovernmentOrganization",
        (ActorKind::Organization, Some("media")) => "NewsMediaOrganization",
        (ActorKind::Organization, Some("research")) => "ResearchOrganization",
        (ActorKind::Organization, _) => "Organization",
    };
    format!("{SCHEMA}{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ontology declares every relation type's class with the PLOVER type and CAMEO
    /// code of its row, and its direct property.
    #[test]
    fn the_ontology_follows_the_relation_table() {
        let ontology = include_str!("../../data/ontology.ttl");
        for info in crate::model::RELATION_KINDS {
            let start = ontology
                .find(&format!("ent:{} ", info.rdf_class))
                .unwrap_or_else(|| panic!("no class ent:{}", info.rdf_class));
            let declaration = &ontology[start..start + ontology[start..].find(" .").unwrap()];
            assert!(
                declaration.contains(&format!("ent:ploverType \"{}\"", info.plover))
                    && declaration.contains(&format!("ent:cameoCode \"{}\"", info.cameo)),
                "{declaration}"
            );
            assert!(
                ontology.contains(&format!("ent:{} ", info.rdf_property)),
                "no property ent:{}",
                info.rdf_property
            );
        }
    }

    /// Unreserved characters stay, every other byte is `%XX` in upper-case hex; an
    /// empty segment is `_`.
    #[test]
    fn segments_keep_only_unreserved_characters() {
        for (text, expected) in [
            ("Maroc", "Maroc"),
            ("a-b.c_d~e", "a-b.c_d~e"),
            ("dir/é 1.txt", "dir%2F%C3%A9%201.txt"),
            ("a+b&c=d?e#f%", "a%2Bb%26c%3Dd%3Fe%23f%25"),
            ("", "_"),
        ] {
            assert_eq!(encode_segment(text), expected, "{text:?}");
        }
        assert_eq!(percent_encode(""), "");
    }

    #[test]
    fn an_attestation_names_its_document() {
        let relation = relation_iri(RelationKind::Partnership, "0123abcd");
        for doc in ["a.txt", "corpus.jsonl#42", "dir/é 1.txt", "", "/in/x"] {
            let attestation = attestation_iri(&relation, doc);
            assert_eq!(
                attestation_document_iri(&attestation, &relation),
                Some(document_iri(doc)),
                "{doc:?}"
            );
        }
        let other = relation_iri(RelationKind::Alliance, "0123abcd");
        let attestation = attestation_iri(&relation, "a.txt");
        assert_eq!(attestation_document_iri(&attestation, &other), None);
        assert_eq!(attestation_document_iri(&relation, &relation), None);
    }

    #[test]
    fn minted_iris_are_valid_for_any_text() {
        for text in ["a b", "é/ü?#<>\"{}|\\^`", "\u{202E}🙂\n\t", "", "x%41"] {
            for iri in [
                actor_iri(text),
                document_iri(text),
                document_graph_iri(text),
            ] {
                oxigraph::model::NamedNode::new(&iri).expect("valid IRI");
            }
        }
        assert_eq!(encode_segment("000_a.txt"), "000_a.txt");
        assert_eq!(
            wikidata_iri("Q30").as_deref(),
            Some("http://www.wikidata.org/entity/Q30")
        );
        assert_eq!(wikidata_iri("Q30>"), None);
    }
}
