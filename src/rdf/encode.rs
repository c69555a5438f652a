//! An extraction as quads: what the document says in its named graph, what an IRI
//! fixes once in a shared graph.
//!
//! Actors and relations get IRIs that depend only on what they are (an actor's key; a
//! relation's type, participants and date), so two documents that report the same
//! partnership write the same relation node, each with its own attestation (evidence,
//! status, source). What the IRI alone determines is the same from every document and
//! goes into a shared graph, written once however many documents repeat it: a
//! relation's types, participants and text-given date (`graph/relations`), and a
//! lexicon actor's types, name in the document's language, Wikidata id and state as the
//! lexicon gives them (`graph/actors`). Everything else stays in the document's graph:
//! which document mentioned an actor and how (`ent:mentionedIn`, the forms it wrote),
//! every actor the lexicon does not know, each report's status, evidence and source,
//! dates taken from the publication, roles. Re-building a document replaces its graph;
//! descriptions no document needs any more are swept (`Store::sweep`).
//!
//! A relation is a node (type, participants, date with precision and bounds, status,
//! attestations with each report's evidence, sentence, status and source) plus a direct
//! actor-to-actor triple so that SPARQL property paths work. Relations every report
//! denies get the node but no direct triple: a path must not walk them.

use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};

use crate::model::{DatePoint, DateValue, RelationKind, Status, Subtype};
use crate::pipeline::Extraction;
use crate::rdf::vocab::{self, ent};

/// The schema version written into every store; bump it when the encoding changes in a
/// way old stores, or older versions of entente, cannot read.
///
/// 2: shared descriptions (`graph/actors`, `graph/relations`); no `ent:attests`, no
/// relation-level `prov:wasDerivedFrom`. Older versions read attestations through
/// `ent:attests` and would see no relation: they refuse a store of version 2.
pub const SCHEMA_VERSION: i64 = 2;

/// Older versions this one reads: a store of version 1 (every description in every
/// document's graph) reads the same through the union graph, and becomes version 2
/// when opened for writing.
pub const READABLE_VERSIONS: [i64; 1] = [1];

/// A document's quads: its own graph's, and the descriptions it shares with every
/// other document that names the same actors and relations.
#[derive(Debug, Default)]
pub struct Encoded {
    pub document: Vec<Quad>,
    /// Quads of `graph/actors` and `graph/relations`, functions of their subjects.
    pub shared: Vec<Quad>,
}

/// Where a quad goes.
#[derive(Clone, Copy)]
enum To {
    Document,
    Actors,
    Relations,
}

struct Writer {
    document: GraphName,
    actors: GraphName,
    relations: GraphName,
    encoded: Encoded,
}

impl Writer {
    fn add_to(&mut self, to: To, subject: &str, predicate: &str, object: impl Into<Term>) {
        let (graph, quads) = match to {
            To::Document => (&self.document, &mut self.encoded.document),
            To::Actors => (&self.actors, &mut self.encoded.shared),
            To::Relations => (&self.relations, &mut self.encoded.shared),
        };
        quads.push(Quad::new(
            NamedNode::new_unchecked(subject),
            NamedNode::new_unchecked(predicate),
            object,
            graph.clone(),
        ));
    }

    fn add(&mut self, subject: &str, predicate: &str, object: impl Into<Term>) {
        self.add_to(To::Document, subject, predicate, object);
    }

    fn add_iri_to(&mut self, to: To, subject: &str, predicate: &str, object: &str) {
        self.add_to(to, subject, predicate, NamedNode::new_unchecked(object));
    }

    fn add_iri(&mut self, subject: &str, predicate: &str, object: &str) {
        self.add_iri_to(To::Document, subject, predicate, object);
    }
}

fn graph_name(iri: String) -> GraphName {
    GraphName::NamedNode(NamedNode::new_unchecked(iri))
}

/// A 64-bit FNV-1a hash: stable across Rust versions and platforms, unlike std's
/// hasher, so relation IRIs, build shares and push ledgers never change between runs.
pub struct StableHash;

impl StableHash {
    /// The hash of no bytes, to `extend` part by part.
    pub const EMPTY: u64 = 0xcbf2_9ce4_8422_2325;

    pub fn of(bytes: &[u8]) -> u64 {
        StableHash::extend(StableHash::EMPTY, bytes)
    }

    /// The hash of the bytes hashed into `hash`, followed by `bytes`.
    pub fn extend(hash: u64, bytes: &[u8]) -> u64 {
        bytes.iter().fold(hash, |hash, &byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    }
}

/// The identity of a relation: its type, its participants (sorted when order-free)
/// and its date when the text gives one. A date taken from the publication date is
/// not part of it: two articles of consecutive days reporting one signing report one
/// relation.
pub fn relation_id(kind: RelationKind, participants: &[&str], date: Option<DateValue>) -> String {
    let mut keys: Vec<&str> = participants.to_vec();
    if !kind.is_directed() {
        keys.sort_unstable();
    }
    let date = date.map(|date| date.to_string()).unwrap_or_default();
    let identity = format!("{}|{}|{}", kind.as_str(), keys.join("|"), date);
    format!("{:016x}", StableHash::of(identity.as_bytes()))
}

/// The actor-to-actor links of a relation, for its direct property: from the subject to
/// each object; of a relation without direction, between the participant with the
/// smallest IRI and each other, both ways (a function of the participants as a set,
/// which `Store::sweep` reads back from the relation's description).
pub fn direct_links<'a>(kind: RelationKind, participants: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    let mut links = Vec::new();
    if kind.is_directed() {
        if let Some((&subject, objects)) = participants.split_first() {
            links.extend(objects.iter().map(|&object| (subject, object)));
        }
    } else {
        let mut sorted = participants.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        if let Some((&first, others)) = sorted.split_first() {
            for &other in others {
                links.push((first, other));
                links.push((other, first));
            }
        }
    }
    links
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

pub fn encode(extraction: &Extraction) -> Encoded {
    let mut writer = Writer {
        document: graph_name(vocab::document_graph_iri(&extraction.doc)),
        actors: graph_name(vocab::actors_graph_iri()),
        relations: graph_name(vocab::relations_graph_iri()),
        encoded: Encoded::default(),
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
        // What the lexicon says of an actor is the same in every document; what the
        // text alone tells stays with the text.
        let to = if actor.as_in_lexicon {
            To::Actors
        } else {
            To::Document
        };
        writer.add_iri_to(to, iri, vocab::RDF_TYPE, &ent("Actor"));
        writer.add_iri_to(
            to,
            iri,
            vocab::RDF_TYPE,
            &vocab::actor_class(actor.kind, actor.subtype.map(Subtype::as_str)),
        );
        writer.add_to(
            to,
            iri,
            &ent("actorType"),
            Literal::new_simple_literal(actor.kind.as_str()),
        );
        if let Some(subtype) = actor.subtype {
            writer.add_to(
                to,
                iri,
                &ent("subtype"),
                Literal::new_simple_literal(subtype.as_str()),
            );
        }
        writer.add_to(to, iri, vocab::RDFS_LABEL, lang_literal(&actor.name, lang));
        writer.add_to(
            to,
            iri,
            vocab::SKOS_PREF_LABEL,
            lang_literal(&actor.name, lang),
        );
        for alias in &actor.aliases {
            writer.add(iri, vocab::SKOS_ALT_LABEL, lang_literal(alias, lang));
        }
        if let Some(qid) = &actor.wikidata
            && let Some(wikidata) = vocab::wikidata_iri(qid)
        {
            writer.add_iri_to(to, iri, vocab::OWL_SAME_AS, &wikidata);
            writer.add_to(
                to,
                iri,
                &ent("wikidata"),
                Literal::new_simple_literal(&**qid),
            );
        }
        if let Some(country) = &actor.country
            && country != &actor.key
        {
            writer.add_iri_to(to, iri, &ent("country"), &vocab::actor_iri(country));
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
        // The IRI names the holder, the actor and the title: its type and actor are
        // shared; who holds it, its title as written and its source are the text's.
        writer.add_iri(&actor_iris[role.person], &ent("holds"), &role_iri);
        writer.add_iri_to(To::Relations, &role_iri, vocab::RDF_TYPE, &ent("Position"));
        writer.add(
            &role_iri,
            vocab::RDFS_LABEL,
            lang_literal(&role.title, lang),
        );
        writer.add_iri_to(
            To::Relations,
            &role_iri,
            &ent("positionIn"),
            &actor_iris[role.of],
        );
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
        // The IRI fixes the type, the participants and a date the text gives; a date
        // from the publication differs between reports of one relation.
        let described = To::Relations;
        let dated = if relation.date_from_text {
            To::Relations
        } else {
            To::Document
        };
        writer.add_iri_to(described, &iri, vocab::RDF_TYPE, &ent("Relation"));
        writer.add_iri_to(
            described,
            &iri,
            vocab::RDF_TYPE,
            &vocab::relation_class(relation.kind),
        );
        writer.add_to(
            described,
            &iri,
            &ent("relationType"),
            Literal::new_simple_literal(relation.kind.as_str()),
        );
        for &participant in &relation.participants {
            writer.add_iri_to(
                described,
                &iri,
                &ent("participant"),
                &actor_iris[participant],
            );
        }
        if relation.kind.is_directed() {
            writer.add_iri_to(
                described,
                &iri,
                &ent("subject"),
                &actor_iris[relation.participants[0]],
            );
            for &object in &relation.participants[1..] {
                writer.add_iri_to(described, &iri, &ent("object"), &actor_iris[object]);
            }
        }
        if let Some(date) = relation.date {
            writer.add_to(
                dated,
                &iri,
                &ent("dateText"),
                Literal::new_simple_literal(date.to_string()),
            );
            writer.add_to(
                dated,
                &iri,
                &ent("datePrecision"),
                Literal::new_simple_literal(date.precision().as_str()),
            );
            match date {
                DateValue::Interval(start, end) => {
                    writer.add_to(dated, &iri, &ent("startDate"), date_literal(start));
                    writer.add_to(dated, &iri, &ent("endDate"), date_literal(end));
                }
                DateValue::Day(day) => writer.add_to(dated, &iri, &ent("date"), day_literal(day)),
                DateValue::Month { year, month } => writer.add_to(
                    dated,
                    &iri,
                    &ent("date"),
                    date_literal(DatePoint::Month { year, month }),
                ),
                DateValue::Year(year) => writer.add_to(
                    dated,
                    &iri,
                    &ent("date"),
                    date_literal(DatePoint::Year(year)),
                ),
                DateValue::MonthDay { .. } => {}
            }
            if let Some((earliest, latest)) = date.bounds() {
                writer.add_to(dated, &iri, &ent("earliest"), day_literal(earliest));
                writer.add_to(dated, &iri, &ent("latest"), day_literal(latest));
            }
        }
        writer.add(
            &iri,
            &ent("status"),
            Literal::new_simple_literal(relation.status.as_str()),
        );
        let attestation = vocab::attestation_iri(&iri, &extraction.doc);
        writer.add_iri(&iri, &ent("attestation"), &attestation);
        // Not written, as the ontology entails them: `rdf:type prov:Entity`
        // (ent:Attestation is a subclass), `ent:attests` (the inverse of
        // ent:attestation) and the relation's `prov:wasDerivedFrom` the document
        // (the chain ent:attestation / prov:wasDerivedFrom).
        writer.add_iri(&attestation, vocab::RDF_TYPE, &ent("Attestation"));
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
        // The direct triples are the same from every report that does not deny the
        // relation: shared, and swept when no such report is left.
        if relation.status != Status::Denied {
            let participants: Vec<&str> = relation
                .participants
                .iter()
                .map(|&participant| actor_iris[participant].as_str())
                .collect();
            let property = vocab::direct_property(relation.kind);
            for (from, to) in direct_links(relation.kind, &participants) {
                writer.add_iri_to(To::Relations, from, &property, to);
            }
        }
    }
    let mut encoded = writer.encoded;
    for quads in [&mut encoded.document, &mut encoded.shared] {
        // Sorted by their parts, borrowed: sorting by their N-Quads text allocated
        // a string per quad.
        quads.sort_unstable_by(|a, b| quad_key(a).cmp(&quad_key(b)));
        quads.dedup();
    }
    encoded
}

/// A quad's parts as text, in an order that sorts equal quads together: graph,
/// subject, predicate, object (value, then language or datatype).
pub fn quad_key(quad: &Quad) -> [&str; 5] {
    let graph = match &quad.graph_name {
        GraphName::NamedNode(node) => node.as_str(),
        _ => "",
    };
    let subject = match &quad.subject {
        oxigraph::model::NamedOrBlankNode::NamedNode(node) => node.as_str(),
        oxigraph::model::NamedOrBlankNode::BlankNode(node) => node.as_str(),
    };
    let (value, qualifier) = match &quad.object {
        Term::NamedNode(node) => (node.as_str(), ""),
        Term::BlankNode(node) => (node.as_str(), "_"),
        Term::Literal(literal) => (
            literal.value(),
            literal
                .language()
                .unwrap_or_else(|| literal.datatype().as_str()),
        ),
        #[allow(unreachable_patterns)]
        _ => ("", "?"),
    };
    [graph, subject, quad.predicate.as_str(), value, qualifier]
}

fn lang_literal(text: &str, lang: &str) -> Literal {
    // Control characters stay in the literal: N-Triples and Turtle escape them.
    Literal::new_language_tagged_literal_unchecked(text, lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;

    fn encoded(id: &str, published: &str, text: &str) -> Encoded {
        let document = Document {
            id: id.to_string(),
            path: id.into(),
            lang: None,
            published: DateValue::parse(published),
            title: None,
            url: None,
            outlet: None,
            encoding: None,
            text: text.to_string(),
        };
        encode(&crate::pipeline::extract(
            &document,
            crate::examples::lexicon(),
        ))
    }

    fn graph_of(quad: &Quad) -> String {
        quad.graph_name.to_string()
    }

    /// Two documents naming the same lexicon actors and the same text-dated relation
    /// share their descriptions to the quad; the publication date, the report and the
    /// mention stay in each document's graph.
    #[test]
    fn what_the_iri_fixes_is_shared_and_the_rest_stays_with_the_document() {
        let text = "La France et le Japon ont signé le 3 mars 2025 un partenariat dans l’intelligence artificielle.";
        let first = encoded("one.txt", "2025-03-04", text);
        let second = encoded("two.txt", "2025-03-09", text);
        assert_eq!(first.shared, second.shared);
        let predicates = |quads: &[Quad]| -> Vec<String> {
            quads
                .iter()
                .map(|quad| quad.predicate.as_str().to_string())
                .collect()
        };
        let shared = predicates(&first.shared);
        for kept in [
            "actorType",
            "wikidata",
            "relationType",
            "participant",
            "partnerOf",
            "dateText",
        ] {
            assert!(shared.contains(&ent(kept)), "{kept} is shared");
        }
        let own = predicates(&first.document);
        for kept in ["mentionedIn", "status", "evidence", "attestation"] {
            assert!(own.contains(&ent(kept)), "{kept} stays with the document");
            assert!(!shared.contains(&ent(kept)), "{kept} is not shared");
        }
        assert!(
            first
                .shared
                .iter()
                .all(|quad| graph_of(quad).contains("graph/actors")
                    || graph_of(quad).contains("graph/relations"))
        );
        assert!(
            first
                .document
                .iter()
                .all(|quad| graph_of(quad).contains("graph/doc/one.txt"))
        );

        // Dated by its publication, a relation's date is the report's.
        let undated =
            "La France et le Japon ont signé un partenariat dans l’intelligence artificielle.";
        let first = encoded("one.txt", "2025-03-04", undated);
        let second = encoded("two.txt", "2025-03-09", undated);
        assert_eq!(first.shared, second.shared);
        assert!(predicates(&first.document).contains(&ent("dateText")));
        assert!(!predicates(&first.shared).contains(&ent("dateText")));
    }

    /// An actor a context rule changed is not the lexicon's: its description stays in
    /// the document; nor are actors the lexicon does not know.
    #[test]
    fn an_actor_the_text_describes_stays_with_the_text() {
        let first = encoded(
            "one.txt",
            "2025-03-04",
            "La société Zorbatech a signé un partenariat avec la France dans l’intelligence artificielle.",
        );
        let zorbatech: Vec<&Quad> = first
            .document
            .iter()
            .chain(&first.shared)
            .filter(|quad| {
                quad.subject.to_string().contains("zorbatech")
                    && [vocab::RDF_TYPE, vocab::RDFS_LABEL, vocab::SKOS_PREF_LABEL]
                        .contains(&quad.predicate.as_str())
            })
            .collect();
        assert_eq!(
            zorbatech.len(),
            4,
            "the test needs the unknown firm: {zorbatech:?}"
        );
        assert!(
            zorbatech
                .iter()
                .all(|quad| graph_of(quad).contains("graph/doc/"))
        );
    }

    #[test]
    fn direct_links_follow_direction_and_not_the_order_of_mention() {
        assert_eq!(
            direct_links(RelationKind::Membership, &["b", "a", "c"]),
            vec![("b", "a"), ("b", "c")]
        );
        let links = direct_links(RelationKind::Partnership, &["c", "a", "b"]);
        assert_eq!(links, vec![("a", "b"), ("b", "a"), ("a", "c"), ("c", "a")]);
        assert_eq!(
            links,
            direct_links(RelationKind::Partnership, &["b", "c", "a"])
        );
        assert!(direct_links(RelationKind::Partnership, &["a"]).is_empty());
    }
}
