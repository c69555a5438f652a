//! An extraction as quads, all in the document's named graph.
//!
//! Actors and relations get IRIs that depend only on what they are (an actor's key; a
//! relation's type, participants and date), so two documents that report the same
//! partnership write the same relation node, each with its own attestation (evidence,
//! status, source). Re-building a document replaces its graph; nothing else changes.
//!
//! A relation is a node (type, participants, date with precision and bounds, status,
//! sources) plus a direct actor-to-actor triple so that SPARQL property paths work.
//! Denied relations get the node but no direct triple: a path must not walk them.

use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};

use crate::model::{DatePoint, DateValue, Status, Subtype};
use crate::pipeline::Extraction;
use crate::rdf::vocab::{self, ent};

/// The schema version written into every store; bump it when the encoding changes in a
/// way old stores cannot be read with.
pub const SCHEMA_VERSION: i64 = 1;

struct Writer {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl Writer {
    fn add(&mut self, subject: &str, predicate: &str, object: impl Into<Term>) {
        self.quads.push(Quad::new(
            NamedNode::new_unchecked(subject),
            NamedNode::new_unchecked(predicate),
            object,
            self.graph.clone(),
        ));
    }

    fn add_iri(&mut self, subject: &str, predicate: &str, object: &str) {
        self.add(subject, predicate, NamedNode::new_unchecked(object));
    }
}

/// A 64-bit FNV-1a hash: stable across Rust versions and platforms, unlike std's
/// hasher, so relation IRIs, build shares and push ledgers never change between runs.
pub struct StableHash;

impl StableHash {
    pub fn of(bytes: &[u8]) -> u64 {
        bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    }
}

/// The identity of a relation: its type, its participants (sorted when order-free)
/// and its date when the text gives one. A date taken from the publication date is
/// not part of it: two articles of consecutive days reporting one signing report one
/// relation.
pub fn relation_id(
    kind: crate::model::RelationKind,
    participants: &[&str],
    date: Option<DateValue>,
) -> String {
    let mut keys: Vec<&str> = participants.to_vec();
    if !kind.is_directed() {
        keys.sort_unstable();
    }
    let date = date.map(|date| date.to_string()).unwrap_or_default();
    let identity = format!("{}|{}|{}", kind.as_str(), keys.join("|"), date);
    format!("{:016x}", StableHash::of(identity.as_bytes()))
}

/// A date literal with the XSD datatype of its precision.
pub fn date_literal(point: DatePoint) -> Literal {
    match point {
        DatePoint::Day(_) => Literal::new_typed_literal(point.to_string(), xsd::DATE),
        DatePoint::Month { .. } => Literal::new_typed_literal(point.to_string(), xsd::G_YEAR_MONTH),
        DatePoint::Year(_) => Literal::new_typed_literal(point.to_string(), xsd::G_YEAR),
    }
}

fn day_literal(day: crate::model::Day) -> Literal {
    date_literal(DatePoint::Day(day))
}

pub fn encode(extraction: &Extraction) -> Vec<Quad> {
    let graph_iri = vocab::document_graph_iri(&extraction.doc);
    let mut writer = Writer {
        graph: GraphName::NamedNode(NamedNode::new_unchecked(graph_iri)),
        quads: Vec::new(),
    };
    let lang = extraction.lang.code();
    let doc_iri = vocab::document_iri(&extraction.doc);
    writer.add_iri(&doc_iri, vocab::RDF_TYPE, vocab::SCHEMA_NEWS_ARTICLE);
    writer.add_iri(&doc_iri, vocab::RDF_TYPE, vocab::PROV_ENTITY);
    writer.add(
        &doc_iri,
        vocab::DCTERMS_IDENTIFIER,
        Literal::new_simple_literal(&extraction.doc),
    );
    writer.add(
        &doc_iri,
        vocab::DCTERMS_LANGUAGE,
        Literal::new_simple_literal(lang),
    );
    if let Some(published) = extraction.published
        && let DateValue::Day(_) | DateValue::Month { .. } | DateValue::Year(_) = published
    {
        let point = match published {
            DateValue::Day(day) => DatePoint::Day(day),
            DateValue::Month { year, month } => DatePoint::Month { year, month },
            DateValue::Year(year) => DatePoint::Year(year),
            _ => unreachable!("matched above"),
        };
        writer.add(&doc_iri, vocab::DCTERMS_DATE, date_literal(point));
    }
    if let Some(title) = &extraction.title {
        writer.add(&doc_iri, vocab::DCTERMS_TITLE, lang_literal(title, lang));
    }
    if let Some(url) = &extraction.url {
        writer.add(
            &doc_iri,
            vocab::SCHEMA_URL,
            Literal::new_simple_literal(url),
        );
    }
    if let Some(outlet) = &extraction.outlet {
        writer.add(
            &doc_iri,
            vocab::SCHEMA_PUBLISHER,
            Literal::new_simple_literal(outlet),
        );
    }

    let actor_iris: Vec<String> = extraction
        .actors
        .iter()
        .map(|actor| vocab::actor_iri(&actor.key))
        .collect();
    for (actor, iri) in extraction.actors.iter().zip(&actor_iris) {
        writer.add_iri(iri, vocab::RDF_TYPE, &ent("Actor"));
        writer.add_iri(
            iri,
            vocab::RDF_TYPE,
            &vocab::actor_class(actor.kind, actor.subtype.map(Subtype::as_str)),
        );
        writer.add(
            iri,
            &ent("actorType"),
            Literal::new_simple_literal(actor.kind.as_str()),
        );
        if let Some(subtype) = actor.subtype {
            writer.add(
                iri,
                &ent("subtype"),
                Literal::new_simple_literal(subtype.as_str()),
            );
        }
        writer.add(iri, vocab::RDFS_LABEL, lang_literal(&actor.name, lang));
        writer.add(iri, vocab::SKOS_PREF_LABEL, lang_literal(&actor.name, lang));
        for alias in &actor.aliases {
            writer.add(iri, vocab::SKOS_ALT_LABEL, lang_literal(alias, lang));
        }
        if let Some(qid) = &actor.wikidata
            && let Some(wikidata) = vocab::wikidata_iri(qid)
        {
            writer.add_iri(iri, vocab::OWL_SAME_AS, &wikidata);
            writer.add(iri, &ent("wikidata"), Literal::new_simple_literal(&**qid));
        }
        if let Some(country) = &actor.country
            && country != &actor.key
        {
            writer.add_iri(iri, &ent("country"), &vocab::actor_iri(country));
        }
        writer.add_iri(iri, &ent("mentionedIn"), &doc_iri);
    }
    for role in &extraction.roles {
        let role_iri = format!(
            "{}/role/{}",
            actor_iris[role.person],
            vocab::encode_segment(&format!(
                "{}|{}",
                extraction.actors[role.of].key, role.title
            ))
        );
        writer.add_iri(&actor_iris[role.person], &ent("holds"), &role_iri);
        writer.add_iri(&role_iri, vocab::RDF_TYPE, &ent("Position"));
        writer.add(
            &role_iri,
            vocab::RDFS_LABEL,
            lang_literal(&role.title, lang),
        );
        writer.add_iri(&role_iri, &ent("positionIn"), &actor_iris[role.of]);
        writer.add_iri(&role_iri, vocab::PROV_WAS_DERIVED_FROM, &doc_iri);
    }

    for relation in &extraction.relations {
        let keys: Vec<&str> = relation
            .participants
            .iter()
            .map(|&participant| &*extraction.actors[participant].key)
            .collect();
        let identity_date = relation.date.filter(|_| relation.date_from_text);
        let id = relation_id(relation.kind, &keys, identity_date);
        let iri = vocab::relation_iri(relation.kind, &id);
        writer.add_iri(&iri, vocab::RDF_TYPE, &ent("Relation"));
        writer.add_iri(&iri, vocab::RDF_TYPE, &vocab::relation_class(relation.kind));
        writer.add(
            &iri,
            &ent("relationType"),
            Literal::new_simple_literal(relation.kind.as_str()),
        );
        for &participant in &relation.participants {
            writer.add_iri(&iri, &ent("participant"), &actor_iris[participant]);
        }
        if relation.kind.is_directed() {
            writer.add_iri(&iri, &ent("subject"), &actor_iris[relation.participants[0]]);
            for &object in &relation.participants[1..] {
                writer.add_iri(&iri, &ent("object"), &actor_iris[object]);
            }
        }
        if let Some(date) = relation.date {
            writer.add(
                &iri,
                &ent("dateText"),
                Literal::new_simple_literal(date.to_string()),
            );
            writer.add(
                &iri,
                &ent("datePrecision"),
                Literal::new_simple_literal(date.precision().as_str()),
            );
            match date {
                DateValue::Interval(start, end) => {
                    writer.add(&iri, &ent("startDate"), date_literal(start));
                    writer.add(&iri, &ent("endDate"), date_literal(end));
                }
                DateValue::Day(day) => writer.add(&iri, &ent("date"), day_literal(day)),
                DateValue::Month { year, month } => writer.add(
                    &iri,
                    &ent("date"),
                    date_literal(DatePoint::Month { year, month }),
                ),
                DateValue::Year(year) => {
                    writer.add(&iri, &ent("date"), date_literal(DatePoint::Year(year)))
                }
                DateValue::MonthDay { .. } => {}
            }
            if let Some((earliest, latest)) = date.bounds() {
                writer.add(&iri, &ent("earliest"), day_literal(earliest));
                writer.add(&iri, &ent("latest"), day_literal(latest));
            }
        }
        writer.add(
            &iri,
            &ent("status"),
            Literal::new_simple_literal(relation.status.as_str()),
        );
        writer.add_iri(&iri, vocab::PROV_WAS_DERIVED_FROM, &doc_iri);
        let attestation = vocab::attestation_iri(&iri, &extraction.doc);
        writer.add_iri(&iri, &ent("attestation"), &attestation);
        writer.add_iri(&attestation, vocab::RDF_TYPE, &ent("Attestation"));
        writer.add_iri(&attestation, vocab::RDF_TYPE, vocab::PROV_ENTITY);
        writer.add_iri(&attestation, &ent("attests"), &iri);
        writer.add_iri(&attestation, vocab::PROV_WAS_DERIVED_FROM, &doc_iri);
        writer.add(
            &attestation,
            &ent("status"),
            Literal::new_simple_literal(relation.status.as_str()),
        );
        writer.add(
            &attestation,
            &ent("evidence"),
            lang_literal(&relation.evidence, lang),
        );
        writer.add(
            &attestation,
            &ent("sentence"),
            lang_literal(&relation.sentence, lang),
        );
        if relation.status != Status::Denied && relation.participants.len() >= 2 {
            let property = vocab::direct_property(relation.kind);
            let first = &actor_iris[relation.participants[0]];
            for &other in &relation.participants[1..] {
                writer.add_iri(first, &property, &actor_iris[other]);
                if !relation.kind.is_directed() {
                    writer.add_iri(&actor_iris[other], &property, first);
                }
            }
        }
    }
    writer.quads.sort_by_cached_key(|quad| quad.to_string());
    writer.quads.dedup();
    writer.quads
}

fn lang_literal(text: &str, lang: &str) -> Literal {
    // Control characters stay in the literal: N-Triples and Turtle escape them.
    Literal::new_language_tagged_literal_unchecked(text, lang)
}
