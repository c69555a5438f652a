//! Path lookups on a synthetic graph of 100,000 actors and 1,000,000 relations.
//!
//! Run: `cargo bench --bench paths` (add `-- --actors N --relations M --lookups K` to
//! change the size). Prints the time to build the path graph once, then the median
//! and 99th-percentile latency of shortest-path lookups (Yen's k = 1, the default of
//! `entente path`), next to a baseline in the same process: a plain breadth-first
//! search over adjacency lists from one end. Then, for the record, the same pairs with
//! a filter applied during the search (`--at`), three alternatives (`--k 3`) and the
//! strongest path (Dijkstra, one end).

use std::collections::VecDeque;
use std::time::Instant;

use entente::graph::{Edge, Node, Snapshot, Source};
use entente::model::{ActorKind, DateValue, RelationKind, Status};
use entente::paths::{AllianceGraph, Mode, Walk};

/// A small deterministic generator (xorshift64*), so every run measures the same graph.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn argument(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.windows(2)
        .find(|pair| pair[0] == name)
        .and_then(|pair| pair[1].parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn main() {
    let n_actors = argument("--actors", 100_000);
    let n_relations = argument("--relations", 1_000_000);
    let n_lookups = argument("--lookups", 1_000);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let kinds = RelationKind::cooperation();
    let start = Instant::now();
    let nodes: Vec<Node> = (0..n_actors)
        .map(|index| Node {
            key: format!("a{index}"),
            iri: format!("a{index}"),
            label: format!("Actor {index}"),
            kind: ActorKind::State,
            subtype: None,
            country: None,
            wikidata: None,
            names: Vec::new(),
        })
        .collect();
    let edges: Vec<Edge> = (0..n_relations)
        .map(|index| {
            let a = rng.below(n_actors);
            let mut b = rng.below(n_actors);
            if b == a {
                b = (a + 1) % n_actors;
            }
            let day = DateValue::parse(&format!(
                "20{:02}-{:02}-01",
                15 + rng.below(10),
                1 + rng.below(12)
            ));
            let mut edge = Edge {
                iri: format!("r{index}"),
                kind: kinds[rng.below(kinds.len())],
                participants: vec![a, b],
                date: day,
                status: [
                    Status::Established,
                    Status::Announced,
                    Status::Ongoing,
                    Status::Proposed,
                ][rng.below(4)],
                sources: vec![Source {
                    doc: format!("d{}", rng.below(100_000)),
                    published: day,
                    evidence: String::new(),
                    status: Status::Established,
                }],
                reported: 0,
                first_reported: None,
            };
            edge.count_sources();
            edge
        })
        .collect();
    let snapshot = Snapshot { nodes, edges };
    println!(
        "generated {n_actors} actors and {n_relations} relations in {:.2?}",
        start.elapsed()
    );

    let walk = Walk {
        via: kinds.to_vec(),
        at: None,
        max_hops: None,
        avoid: Vec::new(),
        mode: Mode::Shortest,
    };
    let start = Instant::now();
    let graph = AllianceGraph::new(&snapshot);
    println!("built the path graph once in {:.2?}", start.elapsed());

    // Baseline: adjacency lists and a plain BFS, built in the same process.
    let mut adjacency = vec![Vec::new(); n_actors];
    for edge in &snapshot.edges {
        adjacency[edge.participants[0]].push(edge.participants[1]);
        adjacency[edge.participants[1]].push(edge.participants[0]);
    }
    let bfs = |from: usize, to: usize| -> Option<usize> {
        let mut distance = vec![usize::MAX; n_actors];
        distance[from] = 0;
        let mut queue = VecDeque::from([from]);
        while let Some(v) = queue.pop_front() {
            if v == to {
                return Some(distance[v]);
            }
            for &w in &adjacency[v] {
                if distance[w] == usize::MAX {
                    distance[w] = distance[v] + 1;
                    queue.push_back(w);
                }
            }
        }
        None
    };

    let pairs: Vec<(usize, usize)> = (0..n_lookups)
        .map(|_| (rng.below(n_actors), rng.below(n_actors)))
        .collect();
    let mut ours = Vec::with_capacity(n_lookups);
    let mut baseline = Vec::with_capacity(n_lookups);
    let mut agree = 0;
    for &(from, to) in &pairs {
        let start = Instant::now();
        let path = graph.paths(&walk, from, to, 1);
        ours.push(start.elapsed().as_secs_f64() * 1e3);
        let start = Instant::now();
        let hops = bfs(from, to);
        baseline.push(start.elapsed().as_secs_f64() * 1e3);
        agree += usize::from(path.first().map(|path| path.hops.len()) == hops);
    }
    ours.sort_by(f64::total_cmp);
    baseline.sort_by(f64::total_cmp);
    let (median, p99) = (percentile(&ours, 0.5), percentile(&ours, 0.99));
    let (base_median, base_p99) = (percentile(&baseline, 0.5), percentile(&baseline, 0.99));
    println!("{n_lookups} shortest-path lookups (entente path, fewest hops then strongest):");
    println!("  median {median:.2} ms   p99 {p99:.2} ms");
    println!("baseline (plain BFS on adjacency lists, same process):");
    println!("  median {base_median:.2} ms   p99 {base_p99:.2} ms");
    println!(
        "ratio entente/baseline: median {:.2}x   p99 {:.2}x",
        median / base_median,
        p99 / base_p99
    );
    println!("hop counts agree with the baseline on {agree} of {n_lookups} lookups");

    let at = Walk {
        at: entente::model::Day::new(2020, 1, 1),
        ..walk.clone()
    };
    let strongest = Walk {
        mode: Mode::Strongest,
        ..walk.clone()
    };
    for (name, walk, k, lookups) in [
        ("shortest, --at 2020-01-01", &at, 1, n_lookups),
        ("shortest, --k 3", &walk, 3, n_lookups),
        ("strongest", &strongest, 1, n_lookups / 10),
    ] {
        let mut times: Vec<f64> = pairs[..lookups.max(1)]
            .iter()
            .map(|&(from, to)| {
                let start = Instant::now();
                std::hint::black_box(graph.paths(walk, from, to, k));
                start.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!(
            "{} lookups, {name}: median {:.2} ms   p99 {:.2} ms",
            times.len(),
            percentile(&times, 0.5),
            percentile(&times, 0.99)
        );
    }
}
