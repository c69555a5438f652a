//! A plain, sorted snapshot of the graph read from the store: actors, relations with
//! their sources and evidence. It is the input of the exports, `paths` and `rank`;
//! commands take it from the graph index beside the store (`index`), which is
//! written from `Snapshot::read`.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::eval::normalise;
use crate::model::{ActorKind, DateValue, Day, RelationKind, Status};
use crate::rdf::vocab;
use crate::store::{Answer, Store, StoreError, term_value};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// The actor key (last segment of its IRI, decoded).
    pub key: String,
    pub iri: String,
    pub label: String,
    #[serde(with = "as_text")]
    pub kind: ActorKind,
    pub subtype: Option<String>,
    pub country: Option<String>,
    pub wikidata: Option<String>,
    /// Every label and alias, sorted.
    pub names: Vec<String>,
}

/// One report of a relation by one document.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub doc: String,
    pub published: Option<DateValue>,
    pub evidence: String,
    pub status: Status,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub iri: String,
    pub kind: RelationKind,
    /// Indices into `Snapshot::nodes`; subject first for directed types.
    pub participants: Vec<usize>,
    pub date: Option<DateValue>,
    /// The relation's status: the status most of its sources give (ties: the most
    /// recent source).
    pub status: Status,
    /// How many documents report the relation. `sources` holds them all once read;
    /// a snapshot from the graph index reads them for the relations it shows
    /// (`index::Sources::load`).
    pub reported: usize,
    /// The earliest publication date of a source.
    pub first_reported: Option<Day>,
    /// Sorted by document id.
    pub sources: Vec<Source>,
}

impl Edge {
    /// The day the relation is known to exist from: its date's start, else the first
    /// publication date of a source.
    pub fn known_from(&self) -> Option<Day> {
        self.date
            .and_then(|date| date.bounds())
            .map(|(start, _)| start)
            .or(self.first_reported)
    }

    /// Sets `reported` and `first_reported` from `sources`.
    pub fn count_sources(&mut self) {
        self.reported = self.sources.len();
        self.first_reported = self
            .sources
            .iter()
            .filter_map(|source| source.published.and_then(|date| date.bounds()))
            .map(|(start, _)| start)
            .min();
    }

    /// The end of the relation's interval, when its date is an interval.
    pub fn ended(&self) -> Option<Day> {
        match self.date? {
            DateValue::Interval(..) => self.date.and_then(|date| date.bounds()).map(|(_, end)| end),
            _ => None,
        }
    }
}

/// The order answers show a relation's sources in: newest first (by the last day of
/// the publication date; undated last), then by document id.
pub fn newest_first(a: &Source, b: &Source) -> std::cmp::Ordering {
    let latest = |source: &Source| {
        source
            .published
            .and_then(|date| date.bounds())
            .map(|(_, last)| last)
    };
    latest(b).cmp(&latest(a)).then_with(|| a.doc.cmp(&b.doc))
}

/// Whether a snapshot taken from the graph index holds the sources' evidence, or
/// leaves it empty for `index::EvidenceReader::fill` to read where it is shown (the
/// evidence is the largest part of the graph, and `path` shows a few relations').
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evidence {
    Read,
    Later,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    /// Sorted by key.
    pub nodes: Vec<Node>,
    /// Sorted by (kind, participants, date, iri).
    pub edges: Vec<Edge>,
}

fn decode_key(iri: &str) -> String {
    let encoded = iri.rsplit('/').next().unwrap_or(iri);
    let mut bytes = Vec::with_capacity(encoded.len());
    let raw = encoded.as_bytes();
    let mut index = 0;
    while index < raw.len() {
        if raw[index] == b'%'
            && index + 2 < raw.len()
            && let Ok(byte) = u8::from_str_radix(&encoded[index + 1..index + 3], 16)
        {
            bytes.push(byte);
            index += 3;
            continue;
        }
        bytes.push(raw[index]);
        index += 1;
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn rows(store: &Store, sparql: &str) -> Result<Vec<Vec<Option<String>>>, StoreError> {
    match store.query(sparql)? {
        Answer::Solutions { rows, .. } => Ok(rows
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|term| term.map(|term| term_value(&term)))
                    .collect()
            })
            .collect()),
        _ => Ok(Vec::new()),
    }
}

/// The model's enums and dates in the graph index as their text (`as_str`, `parse`,
/// `Display`): the model itself stays free of serde.
pub(crate) trait Text: Sized {
    fn text(&self) -> String;
    fn parse_text(text: &str) -> Option<Self>;
}

impl Text for ActorKind {
    fn text(&self) -> String {
        self.as_str().to_string()
    }
    fn parse_text(text: &str) -> Option<Self> {
        ActorKind::parse(text)
    }
}

impl Text for RelationKind {
    fn text(&self) -> String {
        self.as_str().to_string()
    }
    fn parse_text(text: &str) -> Option<Self> {
        RelationKind::parse(text)
    }
}

impl Text for Status {
    fn text(&self) -> String {
        self.as_str().to_string()
    }
    fn parse_text(text: &str) -> Option<Self> {
        Status::parse(text)
    }
}

impl Text for DateValue {
    fn text(&self) -> String {
        self.to_string()
    }
    fn parse_text(text: &str) -> Option<Self> {
        DateValue::parse(text)
    }
}

/// `Text::parse_text`, with serde's error for a text it does not know.
fn parse_text<T: Text, E: serde::de::Error>(text: &str) -> Result<T, E> {
    T::parse_text(text).ok_or_else(|| E::custom(format!("unknown value {text:?}")))
}

pub(crate) mod as_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<T: super::Text, S: Serializer>(value: &T, out: S) -> Result<S::Ok, S::Error> {
        out.serialize_str(&value.text())
    }

    pub fn deserialize<'de, T: super::Text, D: Deserializer<'de>>(input: D) -> Result<T, D::Error> {
        super::parse_text(&String::deserialize(input)?)
    }
}

pub(crate) mod as_text_option {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<T: super::Text, S: Serializer>(
        value: &Option<T>,
        out: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => out.serialize_some(&value.text()),
            None => out.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: super::Text, D: Deserializer<'de>>(
        input: D,
    ) -> Result<Option<T>, D::Error> {
        Option::<String>::deserialize(input)?
            .map(|text| super::parse_text(&text))
            .transpose()
    }
}

impl Snapshot {
    /// Reads the graph with one single-pattern query per property, joined here.
    ///
    /// Every document's graph repeats the triples about the actors and relations it
    /// reports, and the union default graph keeps each copy: a join of several
    /// patterns multiplies the copies (an actor named in k documents gave k^3 rows).
    /// Measured: `path` on a store of 10,000 generated articles had not answered after
    /// ten minutes; single patterns with DISTINCT grow linearly.
    ///
    /// Commands read the graph index (`index::GraphIndex`), which is written from this.
    pub fn read(store: &Store) -> Result<Snapshot, StoreError> {
        // DISTINCT for the triples that every document reporting an actor or a relation
        // repeats; an attestation is in its document's graph only, so its triples
        // come once, and hashing 597,219 rows for nothing cost 2.2 s of `path`
        // (100,000 generated articles).
        let pairs_of =
            |predicate: &str, distinct: &str| -> Result<Vec<(String, String)>, StoreError> {
                Ok(rows(
                    store,
                    &format!("SELECT {distinct} ?s ?o WHERE {{ ?s <{predicate}> ?o }}"),
                )?
                .into_iter()
                .filter_map(|row| Some((row.first()?.clone()?, row.get(1)?.clone()?)))
                .collect())
            };
        let pairs = |predicate: &str| pairs_of(predicate, "DISTINCT");
        let attestation_pairs = |predicate: &str| pairs_of(predicate, "");
        let ent = |name: &str| vocab::ent(name);
        let by_subject = |list: Vec<(String, String)>| -> BTreeMap<String, Vec<String>> {
            let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for (subject, object) in list {
                map.entry(subject).or_default().push(object);
            }
            for values in map.values_mut() {
                values.sort();
                values.dedup();
            }
            map
        };

        // Actors.
        let types = by_subject(pairs(&ent("actorType"))?);
        // The French label first (the corpus's first language), then English, then any:
        // an actor reported by French and English articles keeps one name.
        let pref_labels = {
            let mut labels: BTreeMap<String, Vec<String>> = BTreeMap::new();
            let sparql = format!(
                "SELECT DISTINCT ?s ?o (LANG(?o) AS ?lang) WHERE {{ ?s <{}> ?o }}",
                vocab::SKOS_PREF_LABEL
            );
            let mut ranked: Vec<(String, usize, String)> = rows(store, &sparql)?
                .into_iter()
                .filter_map(|row| {
                    let lang = row.get(2).cloned().flatten().unwrap_or_default();
                    let rank = match lang.as_str() {
                        "fr" => 0,
                        "en" => 1,
                        _ => 2,
                    };
                    Some((row.first()?.clone()?, rank, row.get(1)?.clone()?))
                })
                .collect();
            ranked.sort();
            for (subject, _, label) in ranked {
                let entry = labels.entry(subject).or_default();
                if !entry.contains(&label) {
                    entry.push(label);
                }
            }
            labels
        };
        let subtypes = by_subject(pairs(&ent("subtype"))?);
        let countries = by_subject(pairs(&ent("country"))?);
        let wikidata = by_subject(pairs(&ent("wikidata"))?);
        let mut names = by_subject(pairs(vocab::SKOS_ALT_LABEL)?);
        for (subject, labels) in by_subject(pairs(vocab::RDFS_LABEL)?) {
            names.entry(subject).or_default().extend(labels);
        }
        let first = |map: &BTreeMap<String, Vec<String>>, key: &str| {
            map.get(key).and_then(|values| values.first().cloned())
        };
        let mut nodes: Vec<Node> = Vec::new();
        for (iri, kinds) in &types {
            let Some(kind) = kinds.first().and_then(|kind| ActorKind::parse(kind)) else {
                continue;
            };
            let Some(label) = first(&pref_labels, iri) else {
                continue;
            };
            let mut all_names: BTreeSet<String> = names
                .get(iri)
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .collect();
            all_names.extend(pref_labels.get(iri).cloned().unwrap_or_default());
            nodes.push(Node {
                key: decode_key(iri),
                iri: iri.clone(),
                label,
                kind,
                subtype: first(&subtypes, iri),
                country: first(&countries, iri).as_deref().map(decode_key),
                wikidata: first(&wikidata, iri),
                names: all_names.into_iter().collect(),
            });
        }
        nodes.sort_by(|a, b| a.key.cmp(&b.key));
        let index_of: BTreeMap<&str, usize> = nodes
            .iter()
            .enumerate()
            .map(|(index, node)| (node.iri.as_str(), index))
            .collect();

        // Relations and their attestations.
        let relation_types = by_subject(pairs(&ent("relationType"))?);
        let participants = by_subject(pairs(&ent("participant"))?);
        let subjects = by_subject(pairs(&ent("subject"))?);
        let dates = by_subject(pairs(&ent("dateText"))?);
        let attests: Vec<(String, String)> = attestation_pairs(&ent("attestation"))?
            .into_iter()
            .map(|(relation, attestation)| (attestation, relation))
            .collect();
        let evidence = by_subject(attestation_pairs(&ent("evidence"))?);
        let statuses = by_subject(pairs(&ent("status"))?);
        let identifiers = by_subject(pairs(vocab::DCTERMS_IDENTIFIER)?);
        let published = by_subject(pairs(vocab::DCTERMS_DATE)?);
        let mut edges: BTreeMap<String, Edge> = BTreeMap::new();
        for (attestation, relation) in attests {
            let Some(kind) =
                first(&relation_types, &relation).and_then(|kind| RelationKind::parse(&kind))
            else {
                continue;
            };
            let (Some(document), Some(evidence), Some(status)) = (
                // The document is named in the attestation's IRI; reading it from
                // prov:wasDerivedFrom decoded a row for every attestation and every
                // relation report (a third of the rows `read` decoded).
                vocab::attestation_document_iri(&attestation, &relation),
                first(&evidence, &attestation),
                first(&statuses, &attestation).and_then(|status| Status::parse(&status)),
            ) else {
                continue;
            };
            let Some(doc) = first(&identifiers, &document) else {
                continue;
            };
            let members: BTreeSet<usize> = participants
                .get(&relation)
                .into_iter()
                .flatten()
                .filter_map(|participant| index_of.get(participant.as_str()).copied())
                .collect();
            let subject = first(&subjects, &relation)
                .and_then(|subject| index_of.get(subject.as_str()).copied());
            let mut ordered: Vec<usize> = subject.into_iter().collect();
            ordered.extend(
                members
                    .iter()
                    .copied()
                    .filter(|member| Some(*member) != subject),
            );
            if ordered.len() < 2 {
                continue;
            }
            let edge = edges.entry(relation.clone()).or_insert_with(|| Edge {
                iri: relation.clone(),
                kind,
                participants: ordered,
                // Reports dated by their publication give one date each: keep the
                // earliest. Read once per relation: parsed again for each report, a
                // relation reported k times cost k² parses (31% of `path` on 100,000
                // articles).
                date: dates
                    .get(&relation)
                    .into_iter()
                    .flatten()
                    .filter_map(|text| DateValue::parse(text))
                    .min_by_key(|date| date.bounds().map(|(start, _)| start)),
                status,
                reported: 0,
                first_reported: None,
                sources: Vec::new(),
            });
            let source = Source {
                doc,
                published: first(&published, &document)
                    .as_deref()
                    .and_then(DateValue::parse),
                evidence,
                status,
            };
            edge.sources.push(source);
        }
        let mut edges: Vec<Edge> = edges
            .into_values()
            .map(|mut edge| {
                edge.sources = sorted_unique(std::mem::take(&mut edge.sources));
                edge.status = majority_status(&edge.sources);
                edge.count_sources();
                edge
            })
            .collect();
        edges.sort_by(|a, b| {
            (a.kind, &a.participants, a.date, &a.iri).cmp(&(
                b.kind,
                &b.participants,
                b.date,
                &b.iri,
            ))
        });
        Ok(Snapshot { nodes, edges })
    }

    /// Finds an actor by any of its names, ignoring case, accents and articles.
    pub fn find(&self, name: &str) -> Option<usize> {
        let wanted = normalise(name);
        if wanted.is_empty() {
            return None;
        }
        let exact = self.nodes.iter().position(|node| {
            normalise(&node.key) == wanted
                || node.names.iter().any(|known| normalise(known) == wanted)
        });
        exact.or_else(|| {
            self.nodes
                .iter()
                .position(|node| node.wikidata.as_deref() == Some(name.trim()))
        })
    }

    /// The closest names to an unknown one, for "did you mean".
    pub fn suggest(&self, name: &str, n: usize) -> Vec<String> {
        let wanted = normalise(name);
        let mut scored: Vec<(usize, String)> = self
            .nodes
            .iter()
            .flat_map(|node| node.names.iter().map(move |known| (known, node)))
            .map(|(known, node)| {
                (
                    edit_distance(&wanted, &normalise(known)),
                    node.label.clone(),
                )
            })
            .collect();
        scored.sort();
        let mut suggestions: Vec<String> = Vec::new();
        for (distance, label) in scored {
            if distance > wanted.chars().count().max(4) {
                break;
            }
            if !suggestions.contains(&label) {
                suggestions.push(label);
            }
            if suggestions.len() == n {
                break;
            }
        }
        suggestions
    }
}

/// Sources sorted by document and evidence (stably), each repeat dropped. Equal
/// sources share their document and evidence, so they fall in one run of the sorted
/// list. Dropping repeats with a scan of every source kept so far made reading an
/// edge reported by k documents cost k² comparisons.
fn sorted_unique(mut sources: Vec<Source>) -> Vec<Source> {
    sources.sort_by(|a, b| a.doc.cmp(&b.doc).then(a.evidence.cmp(&b.evidence)));
    let mut kept: Vec<Source> = Vec::with_capacity(sources.len());
    let mut run_start = 0;
    for source in sources {
        if kept
            .last()
            .is_some_and(|last| last.doc != source.doc || last.evidence != source.evidence)
        {
            run_start = kept.len();
        }
        if !kept[run_start..].contains(&source) {
            kept.push(source);
        }
    }
    kept
}

fn majority_status(sources: &[Source]) -> Status {
    let mut counts: BTreeMap<Status, usize> = BTreeMap::new();
    for source in sources {
        *counts.entry(source.status).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(status, count)| (*count, std::cmp::Reverse(*status)))
        .map(|(status, _)| status)
        .unwrap_or(Status::Established)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            current[j + 1] = (previous[j] + usize::from(ca != cb))
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_decode_from_iris() {
        assert_eq!(decode_key("https://w3id.org/entente/actor/usa"), "usa");
        assert_eq!(
            decode_key("https://w3id.org/entente/actor/a%20b%C3%A9"),
            "a bé"
        );
        assert_eq!(decode_key("https://w3id.org/entente/actor/50%"), "50%");
    }

    proptest::proptest! {
        /// The same list as keeping each source the first time it is seen, then
        /// sorting stably by document and evidence.
        #[test]
        fn sorted_unique_keeps_first_reports_in_document_order(
            reports in proptest::collection::vec((0u8..4, 0u8..3, 0u8..3, proptest::bool::ANY), 0..30)
        ) {
            let sources: Vec<Source> = reports
                .iter()
                .map(|&(doc, evidence, status, dated)| Source {
                    doc: format!("d{doc}"),
                    published: dated.then(|| DateValue::Year(2020 + i32::from(doc))),
                    evidence: format!("e{evidence}"),
                    status: [Status::Announced, Status::Denied, Status::Ongoing][usize::from(status)],
                })
                .collect();
            let mut expected: Vec<Source> = Vec::new();
            for source in &sources {
                if !expected.contains(source) {
                    expected.push(source.clone());
                }
            }
            expected.sort_by(|a, b| a.doc.cmp(&b.doc).then(a.evidence.cmp(&b.evidence)));
            proptest::prop_assert_eq!(sorted_unique(sources), expected);
        }
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("maroc", "maroc"), 0);
        assert_eq!(edit_distance("marok", "maroc"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}

/// What an export, a ranking or a picture keeps of the graph.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// Relations whose date (or first report) ends on or after this day.
    pub since: Option<Day>,
    /// Relations whose date (or first report) starts on or before this day.
    pub until: Option<Day>,
    /// Relations formed on or before this day and not ended before it.
    pub at: Option<Day>,
    /// Relation types to keep (all when empty).
    pub types: Vec<RelationKind>,
    /// Statuses to keep (all when empty).
    pub statuses: Vec<Status>,
    /// Relations reported by at least this many documents.
    pub min_sources: usize,
    /// Actor types to keep (all when empty); relations need all their participants kept.
    pub actor_types: Vec<ActorKind>,
}

impl Filter {
    pub fn keeps_edge(&self, edge: &Edge) -> bool {
        if !self.types.is_empty() && !self.types.contains(&edge.kind) {
            return false;
        }
        if !self.statuses.is_empty() && !self.statuses.contains(&edge.status) {
            return false;
        }
        if edge.reported < self.min_sources {
            return false;
        }
        let start = edge.known_from();
        let end = edge
            .date
            .and_then(|date| date.bounds())
            .map(|(_, end)| end)
            .or(start);
        if let Some(since) = self.since
            && end.is_none_or(|end| end < since)
        {
            return false;
        }
        if let Some(until) = self.until
            && start.is_none_or(|start| start > until)
        {
            return false;
        }
        if let Some(at) = self.at {
            let formed = start.is_some_and(|start| start <= at);
            let not_ended = edge.ended().is_none_or(|ended| ended >= at);
            if !(formed && not_ended) {
                return false;
            }
        }
        true
    }

    /// The filtered snapshot: kept edges, and the nodes of the kept actor types that
    /// a kept edge touches (or all nodes of the kept types when no edge filter is set).
    pub fn apply(&self, snapshot: &Snapshot) -> Snapshot {
        let keeps_node =
            |node: &Node| self.actor_types.is_empty() || self.actor_types.contains(&node.kind);
        let edges: Vec<&Edge> = snapshot
            .edges
            .iter()
            .filter(|edge| self.keeps_edge(edge))
            .filter(|edge| {
                edge.participants
                    .iter()
                    .all(|&p| keeps_node(&snapshot.nodes[p]))
            })
            .collect();
        let edge_filter_set = self.since.is_some()
            || self.until.is_some()
            || self.at.is_some()
            || !self.types.is_empty()
            || !self.statuses.is_empty()
            || self.min_sources > 0;
        let mut used = vec![false; snapshot.nodes.len()];
        for edge in &edges {
            for &participant in &edge.participants {
                used[participant] = true;
            }
        }
        let mut new_index = vec![usize::MAX; snapshot.nodes.len()];
        let mut nodes = Vec::new();
        for (index, node) in snapshot.nodes.iter().enumerate() {
            if keeps_node(node) && (used[index] || !edge_filter_set) {
                new_index[index] = nodes.len();
                nodes.push(node.clone());
            }
        }
        let edges = edges
            .into_iter()
            .map(|edge| {
                let mut edge = edge.clone();
                edge.participants = edge.participants.iter().map(|&p| new_index[p]).collect();
                edge
            })
            .collect();
        Snapshot { nodes, edges }
    }
}
