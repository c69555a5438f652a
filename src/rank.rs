//! Brokers: which actors sit at the centre of the alliance graph. Degree, PageRank and
//! betweenness centrality (Brandes) on the undirected graph of a snapshot's relations.
//!
//! Denied relations are not ties. Parallel relations between one pair count once.

use std::collections::{BTreeSet, VecDeque};

use crate::graph::Snapshot;
use crate::model::Status;

#[derive(Clone, Debug, PartialEq)]
pub struct Centrality {
    pub degree: Vec<usize>,
    pub pagerank: Vec<f64>,
    /// Normalised to [0, 1] by the number of pairs of other actors.
    pub betweenness: Vec<f64>,
}

/// The undirected neighbour lists of the snapshot, sorted for determinism.
pub fn neighbours(snapshot: &Snapshot) -> Vec<Vec<usize>> {
    let mut sets = vec![BTreeSet::new(); snapshot.nodes.len()];
    for edge in &snapshot.edges {
        if edge.status == Status::Denied {
            continue;
        }
        for (position, &a) in edge.participants.iter().enumerate() {
            for &b in &edge.participants[position + 1..] {
                if a != b {
                    sets[a].insert(b);
                    sets[b].insert(a);
                }
            }
        }
    }
    sets.into_iter()
        .map(|set| set.into_iter().collect())
        .collect()
}

/// PageRank by power iteration; the rank of actors without ties is spread evenly.
pub fn pagerank(adjacency: &[Vec<usize>], damping: f64, iterations: usize) -> Vec<f64> {
    let n = adjacency.len();
    if n == 0 {
        return Vec::new();
    }
    let mut rank = vec![1.0 / n as f64; n];
    for _ in 0..iterations {
        let dangling: f64 = (0..n)
            .filter(|&v| adjacency[v].is_empty())
            .map(|v| rank[v])
            .sum();
        let base = (1.0 - damping) / n as f64 + damping * dangling / n as f64;
        let mut next = vec![base; n];
        for (v, neighbours) in adjacency.iter().enumerate() {
            if neighbours.is_empty() {
                continue;
            }
            let share = damping * rank[v] / neighbours.len() as f64;
            for &w in neighbours {
                next[w] += share;
            }
        }
        let delta: f64 = next.iter().zip(&rank).map(|(a, b)| (a - b).abs()).sum();
        rank = next;
        if delta < 1e-12 {
            break;
        }
    }
    rank
}

/// Betweenness centrality of an unweighted undirected graph (Brandes, 2001).
pub fn betweenness(adjacency: &[Vec<usize>]) -> Vec<f64> {
    let n = adjacency.len();
    let mut centrality = vec![0.0; n];
    for source in 0..n {
        let mut stack = Vec::new();
        let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut paths = vec![0.0f64; n];
        let mut distance = vec![-1i64; n];
        paths[source] = 1.0;
        distance[source] = 0;
        let mut queue = VecDeque::from([source]);
        while let Some(v) = queue.pop_front() {
            stack.push(v);
            for &w in &adjacency[v] {
                if distance[w] < 0 {
                    distance[w] = distance[v] + 1;
                    queue.push_back(w);
                }
                if distance[w] == distance[v] + 1 {
                    paths[w] += paths[v];
                    predecessors[w].push(v);
                }
            }
        }
        let mut dependency = vec![0.0; n];
        while let Some(w) = stack.pop() {
            for &v in &predecessors[w] {
                dependency[v] += paths[v] / paths[w] * (1.0 + dependency[w]);
            }
            if w != source {
                centrality[w] += dependency[w];
            }
        }
    }
    // Each pair was counted from both ends; normalise by the pairs of other actors.
    let pairs = if n > 2 {
        ((n - 1) * (n - 2)) as f64
    } else {
        1.0
    };
    centrality.iter().map(|value| value / pairs).collect()
}

pub fn centrality(snapshot: &Snapshot) -> Centrality {
    let adjacency = neighbours(snapshot);
    Centrality {
        degree: adjacency.iter().map(Vec::len).collect(),
        pagerank: pagerank(&adjacency, 0.85, 100),
        betweenness: betweenness(&adjacency),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_star_centre_brokers_everything() {
        // 0 is the centre of a star with 3 leaves; 3–4 hang off leaf 3.
        let adjacency = vec![vec![1, 2, 3], vec![0], vec![0], vec![0, 4], vec![3]];
        let between = betweenness(&adjacency);
        // Pairs through 0: (1,2),(1,3),(1,4),(2,3),(2,4) = 5 of C(4,2)=6 pairs of others.
        assert!((between[0] - 5.0 / 6.0).abs() < 1e-9, "{between:?}");
        assert!((between[3] - 3.0 / 6.0).abs() < 1e-9, "{between:?}");
        assert_eq!(between[1], 0.0);
        let rank = pagerank(&adjacency, 0.85, 100);
        assert!((rank.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(rank[0] > rank[3] && rank[3] > rank[1], "{rank:?}");
    }
}
