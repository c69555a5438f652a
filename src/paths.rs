//! Alliance paths: how one actor is connected to another through relations of chosen
//! types, as of a date, on one graph built once from a `Snapshot` and shared by every
//! lookup (the `path` command's pairs, the server's requests).
//!
//! Two costs: `Shortest` counts hops (ties broken by strength), `Strongest` prefers
//! links reported by more documents, more recent, and further along (established beats
//! ongoing beats proposed; denied relations are never walked). `paths` returns the k
//! best simple paths in order (Yen's algorithm). The graph holds every relation; a
//! lookup's filters (`Walk`: types, date, avoided actors, longest path) are applied
//! while it searches, so one graph answers every question. Fewest hops are found by a
//! breadth-first search from both ends, strongest by Dijkstra.
//! It never speaks SPARQL and never persists.

use std::collections::BTreeSet;
use std::ops::Range;

use petgraph::csr::Csr;
use rustc_hash::FxHashMap;

use crate::graph::{Edge, Snapshot};
use crate::model::{Day, RelationKind, Status};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Fewest hops.
    Shortest,
    /// Lowest cost from sources, recency and status.
    Strongest,
}

/// What a lookup walks.
#[derive(Clone, Debug)]
pub struct Walk {
    /// Relation types that count as links.
    pub via: Vec<RelationKind>,
    /// Only relations that existed on this day.
    pub at: Option<Day>,
    pub max_hops: Option<usize>,
    /// Actors the path may not go through.
    pub avoid: Vec<usize>,
    pub mode: Mode,
}

/// One step of a path: from one actor to the next through one relation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    pub from: usize,
    pub to: usize,
    /// Index into `Snapshot::edges`.
    pub edge: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    pub hops: Vec<Hop>,
    pub cost: f64,
}

/// What a search reads of a relation, computed once.
#[derive(Clone, Copy, Debug)]
struct Relation {
    /// `1 << kind`, for the walk's type mask.
    kind_bit: u16,
    denied: bool,
    /// `Edge::known_from` and `Edge::ended`, in days.
    from: Option<i64>,
    ended: Option<i64>,
    /// The status and sources factors of `strength_cost`.
    base: f64,
}

impl Relation {
    fn of(edge: &Edge) -> Relation {
        let status = match edge.status {
            Status::Established | Status::Announced => 1.0,
            Status::Ongoing => 1.5,
            Status::Intended | Status::Proposed => 2.5,
            Status::Denied => f64::INFINITY,
        };
        let sources = 1.0 / (1.0 + (edge.reported as f64).ln());
        Relation {
            kind_bit: kind_bit(edge.kind),
            denied: edge.status == Status::Denied,
            from: edge.known_from().map(Day::to_days),
            ended: edge.ended().map(Day::to_days),
            base: status * sources,
        }
    }

    fn strength(&self, reference: Option<i64>) -> f64 {
        let age_years = match (reference, self.from) {
            (Some(reference), Some(from)) => ((reference - from).max(0) as f64) / 365.25,
            _ => 1.0,
        };
        self.base * (1.0 + 0.2 * age_years)
    }
}

fn kind_bit(kind: RelationKind) -> u16 {
    1 << (kind as u16)
}

/// A walk compiled for one search.
struct Rules<'w> {
    via: u16,
    at: Option<i64>,
    /// The day recency is measured from: `at`, else the latest relation's.
    reference: Option<i64>,
    avoid: &'w [usize],
    mode: Mode,
}

impl Rules<'_> {
    /// The cost of walking `relation`, or `None` when the walk may not.
    fn cost(&self, relation: &Relation) -> Option<f64> {
        if relation.kind_bit & self.via == 0 || relation.denied {
            return None;
        }
        if let Some(at) = self.at {
            let formed = relation.from.is_some_and(|from| from <= at);
            let not_ended = relation.ended.is_none_or(|end| end >= at);
            if !(formed && not_ended) {
                return None;
            }
        }
        let strength = relation.strength(self.reference);
        Some(match self.mode {
            // One per hop, strength only breaks ties.
            Mode::Shortest => 1.0 + strength * 1e-6,
            Mode::Strongest => strength,
        })
    }
}

/// The links a spur search of Yen's algorithm may not use.
#[derive(Default)]
struct Removed {
    /// Actor pairs, lower index first.
    links: Vec<(usize, usize)>,
    nodes: Vec<usize>,
}

impl Removed {
    fn blocks(&self, a: usize, b: usize) -> bool {
        self.nodes.contains(&b) || self.links.contains(&(a.min(b), a.max(b)))
    }
}

/// The graph of every relation, built once for many lookups under any walk.
///
/// Actor pairs are a petgraph compressed-sparse-row graph (each pair in both
/// directions), so a node's neighbours are one contiguous slice; each pair carries the
/// range of its relations in `relations`, most sources first, then by IRI, which is
/// the order ties between equally costly relations go by. Measured on 100,000 actors
/// and 1,000,000 relations (benches/paths.rs): a search on petgraph's linked edge
/// lists cost a p99 of 171 ms; contiguous lists and filters fixed at build time 73 ms
/// and a graph per walk; both ends and filters during the search, see the bench.
pub struct AllianceGraph {
    pairs: Csr<(), (u32, u32), petgraph::Directed, u32>,
    /// Edge indices, grouped by pair.
    relations: Vec<u32>,
    /// Per edge of the snapshot.
    facts: Vec<Relation>,
    /// The latest day any relation is known from.
    latest: Option<i64>,
    n_nodes: usize,
}

/// A path found by one search: its actors, the relation of each hop, its cost.
#[derive(Clone, Debug, PartialEq)]
struct Route {
    nodes: Vec<usize>,
    edges: Vec<usize>,
    cost: f64,
}

/// What one end of a breadth-first search knows of an actor it reached.
#[derive(Clone, Copy)]
struct Seen {
    depth: u32,
    /// The lowest cost of a path with the fewest hops from this end.
    cost: f64,
    /// The actor before, towards this end (`u32::MAX` at the end itself), and the
    /// relation to it.
    previous: u32,
    edge: u32,
}

/// One end of a breadth-first search from both ends.
struct Side {
    seen: FxHashMap<u32, Seen>,
    layer: Vec<u32>,
    depth: u32,
}

impl Side {
    fn new(start: usize) -> Side {
        let mut seen = FxHashMap::default();
        seen.insert(
            start as u32,
            Seen {
                depth: 0,
                cost: 0.0,
                previous: u32::MAX,
                edge: u32::MAX,
            },
        );
        Side {
            seen,
            layer: vec![start as u32],
            depth: 0,
        }
    }

    /// The actors and relations from `node` back to this end, `node` first.
    fn chain(&self, node: u32) -> (Vec<usize>, Vec<usize>) {
        let (mut nodes, mut edges) = (vec![node as usize], Vec::new());
        let mut cursor = node;
        while let Some(seen) = self
            .seen
            .get(&cursor)
            .filter(|seen| seen.previous != u32::MAX)
        {
            edges.push(seen.edge as usize);
            nodes.push(seen.previous as usize);
            cursor = seen.previous;
        }
        (nodes, edges)
    }
}

impl AllianceGraph {
    /// Between two actors the best walkable relation stands for all: lowest cost,
    /// then most sources, then by IRI for determinism.
    pub fn new(snapshot: &Snapshot) -> AllianceGraph {
        let facts: Vec<Relation> = snapshot.edges.iter().map(Relation::of).collect();
        let latest = snapshot
            .edges
            .iter()
            .filter_map(Edge::known_from)
            .max()
            .map(Day::to_days);
        let mut links: Vec<(u32, u32, u32)> = Vec::new();
        for (index, edge) in snapshot.edges.iter().enumerate() {
            for (a, b) in links_of(edge) {
                if a != b {
                    links.push((a.min(b) as u32, a.max(b) as u32, index as u32));
                }
            }
        }
        let edges = &snapshot.edges;
        links.sort_unstable_by(|x, y| {
            let (first, second) = (&edges[x.2 as usize], &edges[y.2 as usize]);
            (x.0, x.1)
                .cmp(&(y.0, y.1))
                .then_with(|| second.reported.cmp(&first.reported))
                .then_with(|| first.iri.cmp(&second.iri))
                .then_with(|| x.2.cmp(&y.2))
        });
        links.dedup();
        let mut relations = Vec::with_capacity(links.len());
        let mut entries: Vec<(u32, u32, (u32, u32))> = Vec::new();
        for group in links.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
            let range = (relations.len() as u32, group.len() as u32);
            relations.extend(group.iter().map(|link| link.2));
            entries.push((group[0].0, group[0].1, range));
            entries.push((group[0].1, group[0].0, range));
        }
        entries.sort_unstable_by_key(|entry| (entry.0, entry.1));
        let pairs = Csr::from_sorted_edges(&entries)
            .expect("actor pairs are unique and sorted by construction");
        AllianceGraph {
            pairs,
            relations,
            facts,
            latest,
            n_nodes: snapshot.nodes.len(),
        }
    }

    fn rules<'w>(&self, walk: &'w Walk) -> Rules<'w> {
        Rules {
            via: walk.via.iter().fold(0, |mask, &kind| mask | kind_bit(kind)),
            at: walk.at.map(Day::to_days),
            reference: walk.at.map(Day::to_days).or(self.latest),
            avoid: &walk.avoid,
            mode: walk.mode,
        }
    }

    /// A node's neighbours and the range of the relations to each.
    fn neighbours(&self, node: usize) -> impl Iterator<Item = (usize, Range<usize>)> + '_ {
        let (targets, ranges): (&[u32], &[(u32, u32)]) = if node < self.pairs.node_count() {
            (
                self.pairs.neighbors_slice(node as u32),
                self.pairs.edges_slice(node as u32),
            )
        } else {
            (&[], &[])
        };
        targets.iter().zip(ranges).map(|(&target, &(start, len))| {
            (target as usize, start as usize..(start + len) as usize)
        })
    }

    /// The best relation of a pair under the walk, and its cost.
    fn best(&self, rules: &Rules<'_>, range: Range<usize>) -> Option<(usize, f64)> {
        let mut best: Option<(usize, f64)> = None;
        for &edge in &self.relations[range] {
            if let Some(cost) = rules.cost(&self.facts[edge as usize])
                && best.is_none_or(|(_, lowest)| cost < lowest)
            {
                best = Some((edge as usize, cost));
            }
        }
        best
    }

    /// The best path avoiding some links and nodes (the spur searches of Yen), with at
    /// most `limit` hops in `Shortest` mode.
    fn best_route(
        &self,
        rules: &Rules<'_>,
        from: usize,
        to: usize,
        removed: &Removed,
        limit: Option<usize>,
    ) -> Option<Route> {
        let (nodes, edges) = match rules.mode {
            Mode::Shortest => self.fewest_hops(rules, from, to, removed, limit)?,
            Mode::Strongest => self.strongest(rules, from, to, removed)?,
        };
        let cost = self.cost_of(rules, &edges);
        Some(Route { nodes, edges, cost })
    }

    fn cost_of(&self, rules: &Rules<'_>, edges: &[usize]) -> f64 {
        edges
            .iter()
            .filter_map(|&edge| rules.cost(&self.facts[edge]))
            .sum()
    }

    /// Dijkstra with scores in vectors indexed by node (petgraph's `astar` keeps them
    /// in a HashMap; it stays as the reference in the tests).
    fn strongest(
        &self,
        rules: &Rules<'_>,
        from: usize,
        to: usize,
        removed: &Removed,
    ) -> Option<(Vec<usize>, Vec<usize>)> {
        let n = self.n_nodes.max(from + 1).max(to + 1);
        let mut distance = vec![f64::INFINITY; n];
        let mut previous: Vec<Option<(usize, usize)>> = vec![None; n];
        let mut heap = std::collections::BinaryHeap::new();
        distance[from] = 0.0;
        heap.push(std::cmp::Reverse((OrderedCost(0.0), from)));
        while let Some(std::cmp::Reverse((OrderedCost(cost), node))) = heap.pop() {
            if cost > distance[node] {
                continue;
            }
            if node == to {
                let mut nodes = vec![to];
                let mut edges = Vec::new();
                let mut cursor = to;
                while let Some((before, edge)) = previous[cursor] {
                    nodes.push(before);
                    edges.push(edge);
                    cursor = before;
                }
                nodes.reverse();
                edges.reverse();
                return Some((nodes, edges));
            }
            for (next, range) in self.neighbours(node) {
                if rules.avoid.contains(&next) || removed.blocks(node, next) {
                    continue;
                }
                let Some((edge, step)) = self.best(rules, range) else {
                    continue;
                };
                let candidate = cost + step;
                // Ties go to the lower node index, so paths do not depend on heap order.
                let better = candidate < distance[next]
                    || (candidate == distance[next]
                        && previous[next].is_some_and(|(other, _)| node < other));
                if better {
                    distance[next] = candidate;
                    previous[next] = Some((node, edge));
                    heap.push(std::cmp::Reverse((OrderedCost(candidate), next)));
                }
            }
        }
        None
    }

    /// Among the paths with the fewest hops, the one of lowest strength cost: whole
    /// breadth-first layers from both ends, the smaller one grown each time, with the
    /// lowest cost to each actor of its layer (a dynamic programme over the layers).
    /// When a layer first reaches actors the other end has seen, those actors are
    /// exactly the middle of the shortest paths (no meeting before means the path is
    /// longer than both depths), so the best path is the best sum over them.
    fn fewest_hops(
        &self,
        rules: &Rules<'_>,
        from: usize,
        to: usize,
        removed: &Removed,
        limit: Option<usize>,
    ) -> Option<(Vec<usize>, Vec<usize>)> {
        let mut ends = [Side::new(from), Side::new(to)];
        loop {
            if ends[0].layer.is_empty() || ends[1].layer.is_empty() {
                return None;
            }
            if limit.is_some_and(|limit| (ends[0].depth + ends[1].depth) as usize >= limit) {
                return None;
            }
            let grow = usize::from(ends[1].layer.len() < ends[0].layer.len());
            let side = &mut ends[grow];
            let depth = side.depth + 1;
            let mut next_layer = Vec::new();
            for &node in &std::mem::take(&mut side.layer) {
                let base = side.seen[&node].cost;
                for (next, range) in self.neighbours(node as usize) {
                    if rules.avoid.contains(&next) || removed.blocks(node as usize, next) {
                        continue;
                    }
                    let Some((edge, step)) = self.best(rules, range) else {
                        continue;
                    };
                    let candidate = base + step;
                    let seen = Seen {
                        depth,
                        cost: candidate,
                        previous: node,
                        edge: edge as u32,
                    };
                    match side.seen.entry(next as u32) {
                        std::collections::hash_map::Entry::Vacant(vacant) => {
                            vacant.insert(seen);
                            next_layer.push(next as u32);
                        }
                        std::collections::hash_map::Entry::Occupied(mut occupied) => {
                            let old = occupied.get_mut();
                            if old.depth == depth && candidate < old.cost {
                                *old = seen;
                            }
                        }
                    }
                }
            }
            side.layer = next_layer;
            side.depth = depth;
            let (grown, other) = (&ends[grow], &ends[1 - grow]);
            let mut meeting: Option<(f64, u32)> = None;
            for &node in &grown.layer {
                if let Some(there) = other.seen.get(&node) {
                    let total = grown.seen[&node].cost + there.cost;
                    if meeting.is_none_or(|(best, _)| total < best) {
                        meeting = Some((total, node));
                    }
                }
            }
            if let Some((_, middle)) = meeting {
                let (mut nodes, mut edges) = ends[0].chain(middle);
                nodes.reverse();
                edges.reverse();
                let (after, after_edges) = ends[1].chain(middle);
                nodes.extend(&after[1..]);
                edges.extend(after_edges);
                return Some((nodes, edges));
            }
        }
    }

    /// The `k` best simple paths from `from` to `to` under `walk`, best first (Yen's
    /// algorithm), within `max_hops`.
    pub fn paths(&self, walk: &Walk, from: usize, to: usize, k: usize) -> Vec<Path> {
        if from == to {
            return vec![Path {
                hops: Vec::new(),
                cost: 0.0,
            }];
        }
        if walk.avoid.contains(&from) || walk.avoid.contains(&to) {
            return Vec::new();
        }
        let rules = self.rules(walk);
        let fits = |route: &Route| walk.max_hops.is_none_or(|max| route.edges.len() <= max);
        // The fewest-hops search stops at the limit; the strongest keeps looking for
        // paths that fit among the next best.
        let limit = |spent: usize| match walk.mode {
            Mode::Shortest => walk.max_hops.map(|max| max.saturating_sub(spent)),
            Mode::Strongest => None,
        };
        let Some(first) = self.best_route(&rules, from, to, &Removed::default(), limit(0)) else {
            return Vec::new();
        };
        let mut found = vec![first];
        // Candidates ordered by (cost, path) for determinism.
        let mut candidates: BTreeSet<(OrderedCost, Vec<usize>, Vec<usize>)> = BTreeSet::new();
        // Enough paths to keep k that fit max_hops, with a bound on the work.
        let wanted = k.max(1);
        let mut rounds = 0;
        while found.iter().filter(|route| fits(route)).count() < wanted && rounds < wanted * 8 {
            rounds += 1;
            let previous = found.last().cloned().expect("found is never empty");
            for spur_index in 0..previous.nodes.len().saturating_sub(1) {
                let root = &previous.nodes[..=spur_index];
                let mut removed = Removed {
                    links: Vec::new(),
                    nodes: root[..spur_index].to_vec(),
                };
                for route in &found {
                    if route.nodes.len() > spur_index + 1 && &route.nodes[..=spur_index] == root {
                        let (a, b) = (route.nodes[spur_index], route.nodes[spur_index + 1]);
                        removed.links.push((a.min(b), a.max(b)));
                    }
                }
                if let Some(spur) =
                    self.best_route(&rules, root[spur_index], to, &removed, limit(spur_index))
                {
                    let mut nodes = root[..spur_index].to_vec();
                    nodes.extend(&spur.nodes);
                    let mut edges = previous.edges[..spur_index].to_vec();
                    edges.extend(&spur.edges);
                    if !found.iter().any(|route| route.nodes == nodes) {
                        let cost = self.cost_of(&rules, &edges);
                        candidates.insert((OrderedCost(cost), nodes, edges));
                    }
                }
            }
            let Some((OrderedCost(cost), nodes, edges)) = candidates.pop_first() else {
                break;
            };
            found.push(Route { nodes, edges, cost });
        }
        found
            .into_iter()
            .filter(|route| fits(route))
            .take(wanted)
            .map(|route| Path {
                hops: route
                    .nodes
                    .windows(2)
                    .zip(&route.edges)
                    .map(|(pair, &edge)| Hop {
                        from: pair[0],
                        to: pair[1],
                        edge,
                    })
                    .collect(),
                cost: route.cost,
            })
            .collect()
    }
}

/// The actor pairs a relation links: subject to each object, or every pair.
fn links_of(edge: &Edge) -> Vec<(usize, usize)> {
    if edge.kind.is_directed() {
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
    }
}

/// A total order on finite costs.
#[derive(Clone, Copy, Debug, PartialEq)]
struct OrderedCost(f64);

impl Eq for OrderedCost {}

impl PartialOrd for OrderedCost {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrderedCost {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use petgraph::graph::{NodeIndex, UnGraph};

    use super::*;
    use crate::graph::{Node, Source};
    use crate::model::{ActorKind, DateValue};

    fn node(key: &str) -> Node {
        Node {
            key: key.to_string(),
            iri: key.to_string(),
            label: key.to_uppercase(),
            kind: ActorKind::State,
            subtype: None,
            country: None,
            wikidata: None,
            names: vec![key.to_string()],
        }
    }

    fn edge(a: usize, b: usize, date: &str, status: Status, n_sources: usize) -> Edge {
        let mut edge = Edge {
            iri: format!("r{a}-{b}-{date}"),
            kind: RelationKind::Partnership,
            participants: vec![a, b],
            date: DateValue::parse(date),
            status,
            sources: (0..n_sources)
                .map(|i| Source {
                    doc: format!("d{i}"),
                    published: DateValue::parse("2025-01-01"),
                    evidence: "e".to_string(),
                    status,
                })
                .collect(),
            reported: 0,
            first_reported: None,
        };
        edge.count_sources();
        edge
    }

    fn walk(mode: Mode) -> Walk {
        Walk {
            via: vec![RelationKind::Partnership],
            at: None,
            max_hops: None,
            avoid: Vec::new(),
            mode,
        }
    }

    /// a–b–d (weak, proposed) and a–c–e–d (three strong hops).
    fn snapshot() -> Snapshot {
        Snapshot {
            nodes: ["a", "b", "c", "d", "e"]
                .iter()
                .map(|key| node(key))
                .collect(),
            edges: vec![
                edge(0, 1, "2024-01-01", Status::Proposed, 1),
                edge(1, 3, "2024-06-01", Status::Proposed, 1),
                edge(0, 2, "2024-01-01", Status::Established, 5),
                edge(2, 4, "2024-01-01", Status::Established, 5),
                edge(4, 3, "2024-01-01", Status::Established, 5),
                edge(0, 3, "2024-01-01", Status::Denied, 9),
            ],
        }
    }

    /// The reference's walk, written from the definitions rather than from `Rules`:
    /// whether a relation can be walked under `walk`: right type, not denied, and formed
    /// on or before `at` (by its date, else by its first report) and not ended before it.
    fn walkable(edge: &Edge, walk: &Walk) -> bool {
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

    /// The cost of walking a relation in `Strongest` mode: lower is stronger.
    fn strength_cost(edge: &Edge, reference: Option<Day>) -> f64 {
        Relation::of(edge).strength(reference.map(Day::to_days))
    }

    /// The reference: the walk's graph built up front as a petgraph graph (the best
    /// walkable relation of each pair), searched by petgraph's A* without heuristic.
    fn reference_cost(snapshot: &Snapshot, walk: &Walk, from: usize, to: usize) -> Option<f64> {
        let reference = walk
            .at
            .or_else(|| snapshot.edges.iter().filter_map(Edge::known_from).max());
        let mut best: BTreeMap<(usize, usize), f64> = BTreeMap::new();
        for edge in &snapshot.edges {
            if !walkable(edge, walk) {
                continue;
            }
            let strength = strength_cost(edge, reference);
            let cost = match walk.mode {
                Mode::Shortest => 1.0 + strength * 1e-6,
                Mode::Strongest => strength,
            };
            for (a, b) in links_of(edge) {
                if a == b || walk.avoid.contains(&a) || walk.avoid.contains(&b) {
                    continue;
                }
                let entry = best.entry((a.min(b), a.max(b))).or_insert(cost);
                *entry = entry.min(cost);
            }
        }
        let mut graph: UnGraph<(), f64> = UnGraph::default();
        for _ in 0..snapshot.nodes.len() {
            graph.add_node(());
        }
        for ((a, b), cost) in best {
            graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), cost);
        }
        petgraph::algo::astar(
            &graph,
            NodeIndex::new(from),
            |node| node.index() == to,
            |edge| *edge.weight(),
            |_| 0.0,
        )
        .map(|(cost, _)| cost)
    }

    #[test]
    fn agrees_with_petgraph_astar() {
        let snapshot = snapshot();
        let graph = AllianceGraph::new(&snapshot);
        for mode in [Mode::Strongest, Mode::Shortest] {
            for from in 0..5 {
                for to in 0..5 {
                    let ours = graph.paths(&walk(mode), from, to, 1);
                    let reference = reference_cost(&snapshot, &walk(mode), from, to);
                    assert_eq!(
                        ours.first().map(|path| (path.cost * 1e9).round()),
                        reference.map(|cost| (cost * 1e9).round()),
                        "{mode:?} {from} -> {to}"
                    );
                }
            }
        }
    }

    /// Random graphs with parallel relations of several types, dates and statuses,
    /// searched under random walks: the searches from both ends with filters applied
    /// on the way find the reference's cost, and every path they give is walkable.
    #[test]
    fn agrees_with_the_reference_on_random_graphs() {
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut below = |n: usize| {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
        };
        let kinds = [
            RelationKind::Partnership,
            RelationKind::Alliance,
            RelationKind::Negotiation,
            RelationKind::Membership,
        ];
        let statuses = [
            Status::Established,
            Status::Ongoing,
            Status::Proposed,
            Status::Denied,
        ];
        for round in 0..60 {
            let n = 6 + below(30);
            let mut snapshot = Snapshot {
                nodes: (0..n).map(|index| node(&format!("n{index}"))).collect(),
                edges: Vec::new(),
            };
            for index in 0..(n * (1 + below(3))) {
                let mut relation = edge(
                    below(n),
                    below(n),
                    &format!("20{}-0{}-01", 18 + below(8), 1 + below(9)),
                    statuses[below(4)],
                    1 + below(4),
                );
                relation.kind = kinds[below(4)];
                relation.iri = format!("r{index}");
                snapshot.edges.push(relation);
            }
            let graph = AllianceGraph::new(&snapshot);
            for _ in 0..20 {
                let mut walk = walk(if round % 2 == 0 {
                    Mode::Shortest
                } else {
                    Mode::Strongest
                });
                walk.via = kinds[..1 + below(4)].to_vec();
                if below(3) == 0 {
                    walk.at = Day::new(2018 + below(8) as i32, 6, 1);
                }
                if below(3) == 0 {
                    walk.avoid = vec![below(n)];
                }
                let (from, to) = (below(n), below(n));
                let ours = graph.paths(&walk, from, to, 1);
                let reference = reference_cost(&snapshot, &walk, from, to);
                assert_eq!(
                    ours.first().map(|path| (path.cost * 1e9).round()),
                    reference.map(|cost| (cost * 1e9).round()),
                    "round {round}: {walk:?} {from} -> {to}"
                );
                for hop in ours.iter().flat_map(|path| &path.hops) {
                    let edge = &snapshot.edges[hop.edge];
                    assert!(walkable(edge, &walk));
                    assert!(edge.participants.contains(&hop.from));
                    assert!(edge.participants.contains(&hop.to));
                    assert!(!walk.avoid.contains(&hop.to));
                }
            }
        }
    }

    fn route(path: &Path) -> Vec<usize> {
        let mut nodes = vec![path.hops[0].from];
        nodes.extend(path.hops.iter().map(|hop| hop.to));
        nodes
    }

    #[test]
    fn shortest_strongest_and_alternatives() {
        let snapshot = snapshot();
        let graph = AllianceGraph::new(&snapshot);
        let shortest = graph.paths(&walk(Mode::Shortest), 0, 3, 3);
        assert_eq!(
            route(&shortest[0]),
            [0, 1, 3],
            "fewest hops; the denied a–d is never walked"
        );
        assert_eq!(route(&shortest[1]), [0, 2, 4, 3]);
        assert_eq!(shortest.len(), 2);
        let strongest = graph.paths(&walk(Mode::Strongest), 0, 3, 1);
        assert_eq!(
            route(&strongest[0]),
            [0, 2, 4, 3],
            "well-sourced established links win"
        );
    }

    #[test]
    fn at_date_avoid_and_max_hops() {
        let snapshot = snapshot();
        let graph = AllianceGraph::new(&snapshot);
        let mut at = walk(Mode::Shortest);
        at.at = DateValue::parse("2024-03-01")
            .and_then(|d| d.bounds())
            .map(|(day, _)| day);
        let paths = graph.paths(&at, 0, 3, 1);
        assert_eq!(route(&paths[0]), [0, 2, 4, 3], "b–d did not exist yet");
        let mut avoid = walk(Mode::Shortest);
        avoid.avoid = vec![2];
        avoid.max_hops = Some(2);
        let paths = graph.paths(&avoid, 0, 3, 5);
        assert_eq!(paths.len(), 1);
        assert_eq!(route(&paths[0]), [0, 1, 3]);
        avoid.avoid = vec![1];
        assert!(
            graph.paths(&avoid, 0, 3, 5).is_empty(),
            "the only path left is too long"
        );
        let mut strongest = avoid.clone();
        strongest.mode = Mode::Strongest;
        assert!(graph.paths(&strongest, 0, 3, 5).is_empty());
        strongest.max_hops = None;
        assert_eq!(route(&graph.paths(&strongest, 0, 3, 1)[0]), [0, 2, 4, 3]);
    }

    /// Two relations between the same actors: the walk's types and date choose which
    /// one a hop goes through.
    #[test]
    fn parallel_relations_are_chosen_per_walk() {
        let mut snapshot = snapshot();
        let mut alliance = edge(0, 1, "2020-01-01", Status::Established, 1);
        alliance.kind = RelationKind::Alliance;
        alliance.iri = "alliance".to_string();
        snapshot.edges.push(alliance);
        let graph = AllianceGraph::new(&snapshot);
        let mut both = walk(Mode::Shortest);
        both.via = vec![RelationKind::Partnership, RelationKind::Alliance];
        let hop = |walk: &Walk| graph.paths(walk, 0, 1, 1)[0].hops[0].edge;
        assert_eq!(hop(&both), 6, "the established alliance is stronger");
        assert_eq!(hop(&walk(Mode::Shortest)), 0, "partnership only");
        both.at = Day::new(2021, 1, 1);
        assert_eq!(hop(&both), 6, "the partnership did not exist yet");
    }
}
