//! Alliance paths: how one actor is connected to another through relations of chosen
//! types, as of a date, on a petgraph graph built from a `Snapshot`.
//!
//! It never speaks SPARQL and never persists: the graph is rebuilt for each lookup.

use std::collections::BTreeMap;

use petgraph::algo::astar;
use petgraph::graph::{NodeIndex, UnGraph};

use crate::graph::{Edge, Snapshot};
use crate::model::{Day, RelationKind, Status};

/// What a lookup walks.
#[derive(Clone, Debug)]
pub struct Walk {
    /// Relation types that count as links.
    pub via: Vec<RelationKind>,
    /// Only relations that existed on this day.
    pub at: Option<Day>,
    pub max_hops: Option<usize>,
}

/// One step of a path: from one actor to the next through one relation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    pub from: usize,
    pub to: usize,
    /// Index into `Snapshot::edges`.
    pub edge: usize,
}

/// Whether a relation can be walked under `walk`: right type, not denied, and formed
/// on or before `at` (by its date, else by its first report) and not ended before it.
pub fn walkable(edge: &Edge, walk: &Walk) -> bool {
    if !walk.via.contains(&edge.kind) || edge.status == Status::Denied {
        return false;
    }
    match walk.at {
        None => true,
        Some(at) => {
            let formed = edge.known_from().is_some_and(|from| from <= at);
            let not_ended = edge.ended().is_none_or(|end| end >= at);
            formed && not_ended
        }
    }
}

/// The graph of walkable relations; between two actors the best-supported relation
/// stands for all (most sources, then earliest, then by IRI for determinism).
fn build(snapshot: &Snapshot, walk: &Walk) -> UnGraph<usize, usize> {
    let mut best: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (edge_index, edge) in snapshot.edges.iter().enumerate() {
        if !walkable(edge, walk) {
            continue;
        }
        let links: Vec<(usize, usize)> = if edge.kind.is_directed() {
            edge.participants[1..]
                .iter()
                .map(|&other| (edge.participants[0], other))
                .collect()
        } else {
            let mut links = Vec::new();
            for (position, &a) in edge.participants.iter().enumerate() {
                for &b in &edge.participants[position + 1..] {
                    links.push((a, b));
                }
            }
            links
        };
        for (a, b) in links {
            let key = (a.min(b), a.max(b));
            let better = |current: usize| {
                let (new, old) = (edge, &snapshot.edges[current]);
                (
                    std::cmp::Reverse(new.sources.len()),
                    new.known_from(),
                    &new.iri,
                ) < (
                    std::cmp::Reverse(old.sources.len()),
                    old.known_from(),
                    &old.iri,
                )
            };
            match best.get(&key) {
                Some(&current) if !better(current) => {}
                _ => {
                    best.insert(key, edge_index);
                }
            }
        }
    }
    let mut graph = UnGraph::with_capacity(snapshot.nodes.len(), best.len());
    for index in 0..snapshot.nodes.len() {
        graph.add_node(index);
    }
    for ((a, b), edge) in best {
        graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), edge);
    }
    graph
}

/// The path with the fewest hops, if any.
pub fn shortest_path(snapshot: &Snapshot, from: usize, to: usize, walk: &Walk) -> Option<Vec<Hop>> {
    if from == to {
        return Some(Vec::new());
    }
    let graph = build(snapshot, walk);
    let goal = NodeIndex::new(to);
    let (_, nodes) = astar(
        &graph,
        NodeIndex::new(from),
        |node| node == goal,
        |_| 1usize,
        |_| 0,
    )?;
    if walk.max_hops.is_some_and(|max| nodes.len() - 1 > max) {
        return None;
    }
    Some(
        nodes
            .windows(2)
            .map(|pair| {
                let edge = graph
                    .find_edge(pair[0], pair[1])
                    .map(|edge| graph[edge])
                    .unwrap_or_default();
                Hop {
                    from: pair[0].index(),
                    to: pair[1].index(),
                    edge,
                }
            })
            .collect(),
    )
}
