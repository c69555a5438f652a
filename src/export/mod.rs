//! Writing a graph snapshot for other tools: GraphML and GEXF for Gephi and networkx,
//! CSV for spreadsheets.
//!
//! The bytes depend only on the snapshot: no clock, no store, no randomness.

pub mod csv;
pub mod gexf;
pub mod graphml;
pub mod view;

use std::collections::BTreeMap;

use crate::graph::Snapshot;
use crate::model::{ActorKind, DateValue, Day, RelationKind, Status};

/// The colour of each actor type in every export and in the README legend.
pub fn color(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::State => "#1F77B4",
        ActorKind::Person => "#D62728",
        ActorKind::Organization => "#2CA02C",
        ActorKind::Event => "#FF7F0E",
        ActorKind::Place => "#7F7F7F",
    }
}

/// Relations of one type between one pair of actors, merged into one edge.
#[derive(Clone, Debug, PartialEq)]
pub struct MergedEdge {
    pub kind: RelationKind,
    pub source: usize,
    pub target: usize,
    pub directed: bool,
    /// The earliest date among the merged relations.
    pub date: Option<DateValue>,
    pub status: Status,
    /// Supporting documents, sorted and unique.
    pub documents: Vec<String>,
    /// The first evidence of the first document.
    pub evidence: String,
    /// When the edge appears on a timeline: its date's first day, or for an undated
    /// relation the first publication that reports it.
    pub start: Option<Day>,
    /// The last day of an interval date; open otherwise.
    pub end: Option<Day>,
    /// Every report, for the evidence panel of the HTML view.
    pub sources: Vec<(String, String)>,
}

/// Parallel relations of the same type between the same pair become one edge whose
/// weight is the number of documents that support it. Relations with more than two
/// participants become one edge per pair.
pub fn merged_edges(snapshot: &Snapshot) -> Vec<MergedEdge> {
    let mut merged: BTreeMap<(RelationKind, usize, usize), MergedEdge> = BTreeMap::new();
    for edge in &snapshot.edges {
        let directed = edge.kind.is_directed();
        let mut pairs = Vec::new();
        if directed {
            for &object in &edge.participants[1..] {
                pairs.push((edge.participants[0], object));
            }
        } else {
            for (position, &a) in edge.participants.iter().enumerate() {
                for &b in &edge.participants[position + 1..] {
                    pairs.push((a.min(b), a.max(b)));
                }
            }
        }
        for (source, target) in pairs {
            let entry = merged
                .entry((edge.kind, source, target))
                .or_insert_with(|| MergedEdge {
                    kind: edge.kind,
                    source,
                    target,
                    directed,
                    date: edge.date,
                    status: edge.status,
                    documents: Vec::new(),
                    evidence: edge
                        .sources
                        .first()
                        .map(|s| s.evidence.clone())
                        .unwrap_or_default(),
                    start: None,
                    end: None,
                    sources: Vec::new(),
                });
            let earlier = match (
                edge.date.and_then(|d| d.bounds()),
                entry.date.and_then(|d| d.bounds()),
            ) {
                (Some((new, _)), Some((old, _))) => new < old,
                (Some(_), None) => true,
                _ => false,
            };
            if earlier {
                entry.date = edge.date;
            }
            for source in &edge.sources {
                if !entry.documents.contains(&source.doc) {
                    entry.documents.push(source.doc.clone());
                }
                entry
                    .sources
                    .push((source.doc.clone(), source.evidence.clone()));
            }
            entry.documents.sort();
            let known = edge.known_from();
            if known.is_some_and(|known| entry.start.is_none_or(|start| known < start)) {
                entry.start = known;
            }
        }
    }
    merged
        .into_values()
        .map(|mut edge| {
            edge.end = match edge.date {
                Some(DateValue::Interval(..)) => {
                    edge.date.and_then(|date| date.bounds()).map(|(_, end)| end)
                }
                _ => None,
            };
            edge
        })
        .collect()
}

/// The degree of each node in the merged edge list.
pub fn degrees(snapshot: &Snapshot, edges: &[MergedEdge]) -> Vec<usize> {
    let mut degrees = vec![0; snapshot.nodes.len()];
    for edge in edges {
        degrees[edge.source] += 1;
        degrees[edge.target] += 1;
    }
    degrees
}

/// Text made safe for XML 1.0: escaped, and without the control characters XML 1.0
/// cannot hold at all.
pub fn xml_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(ch),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => escaped.push('\u{FFFD}'),
            _ => escaped.push(ch),
        }
    }
    escaped
}
