//! Answers as JSON: the documented JSON of `path`, `show` and `rank` (README), which
//! the commands print with `--format json` and `serve` gives at `/api/path`,
//! `/api/actor` and `/api/rank`, and actor search for autocompletion (`/api/search`).
//!
//! `Graph` is the graph one server holds for all its requests: the graph index's
//! snapshot, the path graph and the ranks built once, sources and evidence read per
//! answer for the relations it shows.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::{Value, json};

use crate::eval::normalise;
use crate::graph::{Edge, Node, Snapshot};
use crate::index::{GraphIndex, Sources};
use crate::model::{ActorKind, DateValue, Day, RelationKind, Status};
use crate::paths::{AllianceGraph, Mode, Path, Walk};
use crate::rank::Centrality;
use crate::store::StoreError;

/// How many of a relation's documents an answer shows (`--sources`, `sources=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceLimit {
    All,
    First(usize),
}

pub fn parse_sources(text: &str) -> Result<SourceLimit, String> {
    if text.trim().eq_ignore_ascii_case("all") {
        return Ok(SourceLimit::All);
    }
    text.trim()
        .parse()
        .map(SourceLimit::First)
        .map_err(|_| format!("expected a number or `all`, not {text:?}"))
}

pub fn parse_kind(text: &str) -> Result<RelationKind, String> {
    RelationKind::parse(text.trim()).ok_or_else(|| {
        let known: Vec<&str> = RelationKind::ALL.iter().map(|kind| kind.as_str()).collect();
        format!(
            "unknown relation type {text:?} (one of {})",
            known.join(", ")
        )
    })
}

pub fn parse_status(text: &str) -> Result<Status, String> {
    Status::parse(text.trim()).ok_or_else(|| {
        let known: Vec<&str> = Status::ALL.iter().map(|status| status.as_str()).collect();
        format!("unknown status {text:?} (one of {})", known.join(", "))
    })
}

pub fn parse_actor_kind(text: &str) -> Result<ActorKind, String> {
    ActorKind::parse(text.trim()).ok_or_else(|| {
        let known: Vec<&str> = ActorKind::ALL.iter().map(|kind| kind.as_str()).collect();
        format!("unknown actor type {text:?} (one of {})", known.join(", "))
    })
}

fn parse_period(text: &str) -> Result<(Day, Day), String> {
    match DateValue::parse(text.trim()) {
        Some(date @ (DateValue::Day(_) | DateValue::Month { .. } | DateValue::Year(_))) => {
            date.bounds().ok_or_else(|| "not a date".to_string())
        }
        _ => Err(format!(
            "expected YYYY-MM-DD, YYYY-MM or YYYY, found {text:?}"
        )),
    }
}

/// A date asked for, as its last day ("at 2024" is the end of 2024).
pub fn parse_day(text: &str) -> Result<Day, String> {
    parse_period(text).map(|(_, end)| end)
}

/// A date asked for, as its first day ("since 2024" is 1 January).
pub fn parse_start_day(text: &str) -> Result<Day, String> {
    parse_period(text).map(|(start, _)| start)
}

impl SourceLimit {
    /// How many to keep, `None` for all.
    pub fn count(self) -> Option<usize> {
        match self {
            SourceLimit::All => None,
            SourceLimit::First(n) => Some(n),
        }
    }
}

fn actor_json(node: &Node) -> Value {
    json!({"key": node.key, "label": node.label, "type": node.kind.as_str()})
}

fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Shortest => "shortest",
        Mode::Strongest => "strongest",
    }
}

/// The JSON of a path answer (README, "The JSON of path"). `edge` gives each hop's
/// relation with the sources to show; `totals` how many sources each had.
#[allow(clippy::too_many_arguments)]
pub fn path_json<'a>(
    nodes: &[Node],
    edge: &dyn Fn(usize) -> &'a Edge,
    totals: &BTreeMap<usize, usize>,
    from: usize,
    to: usize,
    at: Option<Day>,
    mode: Mode,
    paths: &[Path],
) -> Value {
    let hops = |path: &Path| -> Vec<Value> {
        path.hops
            .iter()
            .map(|hop| {
                let relation = edge(hop.edge);
                json!({
                    "from": actor_json(&nodes[hop.from]),
                    "to": actor_json(&nodes[hop.to]),
                    "relation": relation.kind.as_str(),
                    "relation_iri": relation.iri,
                    "date": relation.date.map(|date| date.to_string()),
                    "status": relation.status.as_str(),
                    "sources": relation.sources.iter().map(|source| json!({
                        "doc": source.doc,
                        "evidence": source.evidence,
                        "status": source.status.as_str(),
                    })).collect::<Vec<_>>(),
                    "sources_total": totals.get(&hop.edge).copied().unwrap_or(relation.reported),
                })
            })
            .collect()
    };
    json!({
        "from": actor_json(&nodes[from]),
        "to": actor_json(&nodes[to]),
        "at": at.map(|day| DateValue::Day(day).to_string()),
        "mode": mode_name(mode),
        "found": !paths.is_empty(),
        "hops": paths.first().map(hops).unwrap_or_default(),
        "paths": paths.iter().map(|path| json!({
            "cost": path.cost,
            "hops": hops(path),
        })).collect::<Vec<_>>(),
    })
}

/// An actor's relations as its card lists them: oldest first (by date, else by first
/// report).
pub fn card_order(relations: &mut [(usize, &Edge)]) {
    relations.sort_by(|(_, a), (_, b)| {
        (a.known_from(), a.kind, &a.iri).cmp(&(b.known_from(), b.kind, &b.iri))
    });
}

/// Whether a relation is one of the actor's roles or affiliations.
pub fn is_role(actor: usize, edge: &Edge) -> bool {
    matches!(edge.kind, RelationKind::Role | RelationKind::Affiliation)
        && edge.participants[0] == actor
}

/// The JSON of an actor's card (`show --format json`): `relations` in card order
/// (`card_order`), with the sources to show; `totals` how many each had.
pub fn card_json(
    nodes: &[Node],
    actor: usize,
    relations: &[(usize, &Edge)],
    totals: &BTreeMap<usize, usize>,
) -> Value {
    let node = &nodes[actor];
    let relation_json = |&(number, edge): &(usize, &Edge)| {
        json!({
            "relation": edge.kind.as_str(),
            "with": edge.participants
                .iter()
                .filter(|&&participant| participant != actor)
                .map(|&participant| nodes[participant].label.clone())
                .collect::<Vec<_>>(),
            "date": edge.date.map(|date| date.to_string()),
            "known_from": edge.known_from().map(|day| DateValue::Day(day).to_string()),
            "status": edge.status.as_str(),
            "sources": edge.sources.iter().map(|source| json!({"doc": source.doc, "evidence": source.evidence})).collect::<Vec<_>>(),
            "sources_total": totals.get(&number).copied().unwrap_or(edge.reported),
        })
    };
    json!({
        "key": node.key,
        "label": node.label,
        "type": node.kind.as_str(),
        "subtype": node.subtype,
        "country": node.country,
        "wikidata": node.wikidata,
        "names": node.names,
        "roles": relations.iter().filter(|(_, edge)| is_role(actor, edge)).map(relation_json).collect::<Vec<_>>(),
        "relations": relations.iter().map(relation_json).collect::<Vec<_>>(),
    })
}

/// What `rank` orders by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    Degree,
    Pagerank,
    Betweenness,
}

impl Measure {
    pub fn parse(text: &str) -> Result<Measure, String> {
        match text.trim() {
            "degree" => Ok(Measure::Degree),
            "pagerank" => Ok(Measure::Pagerank),
            "betweenness" => Ok(Measure::Betweenness),
            other => Err(format!(
                "unknown measure {other:?} (one of degree, pagerank, betweenness)"
            )),
        }
    }
}

/// The `top` actors by `by`, highest first (ties: higher degree, then key).
pub fn rank_order(
    snapshot: &Snapshot,
    centrality: &Centrality,
    by: Measure,
    top: usize,
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..snapshot.nodes.len()).collect();
    let key = |index: usize| match by {
        Measure::Degree => centrality.degree[index] as f64,
        Measure::Pagerank => centrality.pagerank[index],
        Measure::Betweenness => centrality.betweenness[index],
    };
    order.sort_by(|&a, &b| {
        key(b)
            .total_cmp(&key(a))
            .then(centrality.degree[b].cmp(&centrality.degree[a]))
            .then(snapshot.nodes[a].key.cmp(&snapshot.nodes[b].key))
    });
    order.truncate(top);
    order
}

/// The JSON of a ranking (`rank --format json`).
pub fn rank_json(nodes: &[Node], centrality: &Centrality, order: &[usize]) -> Value {
    Value::Array(
        order
            .iter()
            .map(|&index| {
                json!({
                    "key": nodes[index].key,
                    "label": nodes[index].label,
                    "type": nodes[index].kind.as_str(),
                    "degree": centrality.degree[index],
                    "pagerank": centrality.pagerank[index],
                    "betweenness": centrality.betweenness[index],
                })
            })
            .collect(),
    )
}

/// Why a request gets no answer: its status (400 or 404) and what to tell the client.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub message: String,
    /// The closest names, for an unknown actor.
    pub suggestions: Vec<String>,
}

impl ApiError {
    fn bad(message: impl Into<String>) -> ApiError {
        ApiError {
            status: 400,
            message: message.into(),
            suggestions: Vec::new(),
        }
    }

    pub fn to_json(&self) -> Value {
        json!({"error": self.message, "suggestions": self.suggestions})
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        ApiError {
            status: 500,
            message: error.to_string(),
            suggestions: Vec::new(),
        }
    }
}

/// A request's parameters (a query string's pairs, in order; the last of a name wins).
pub struct Params<'a>(pub &'a [(String, String)]);

impl Params<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .filter(|value| !value.trim().is_empty())
    }

    fn required(&self, name: &str) -> Result<&str, ApiError> {
        self.get(name)
            .ok_or_else(|| ApiError::bad(format!("missing parameter {name}")))
    }

    fn parsed<T>(
        &self,
        name: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<Option<T>, ApiError> {
        self.get(name)
            .map(|text| parse(text).map_err(|error| ApiError::bad(format!("{name}: {error}"))))
            .transpose()
    }

    /// A comma-separated list, from every occurrence of the name.
    fn list<T>(
        &self,
        name: &str,
        parse: impl Fn(&str) -> Result<T, String>,
    ) -> Result<Vec<T>, ApiError> {
        self.0
            .iter()
            .filter(|(key, _)| key == name)
            .flat_map(|(_, value)| value.split(','))
            .filter(|item| !item.trim().is_empty())
            .map(|item| parse(item).map_err(|error| ApiError::bad(format!("{name}: {error}"))))
            .collect()
    }

    /// A whole number, if given.
    fn count(&self, name: &str) -> Result<Option<usize>, ApiError> {
        self.parsed(name, |text| {
            text.trim()
                .parse::<usize>()
                .map_err(|_| format!("expected a number, not {text:?}"))
        })
    }

    fn number(&self, name: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        let value = self.count(name)?.unwrap_or(default);
        if value > max {
            return Err(ApiError::bad(format!("{name}: at most {max}")));
        }
        Ok(value)
    }
}

/// The graph a server answers from, built once per graph index.
pub struct Graph {
    pub snapshot: Snapshot,
    sources: Sources,
    paths: AllianceGraph,
    /// Every name and alias of every actor, normalised, with the first actor that
    /// has it (`Snapshot::find`'s order), sorted for prefix search.
    names: Vec<(String, usize)>,
    /// Per actor, how many relations it takes part in.
    degree: Vec<usize>,
    centrality: OnceLock<Centrality>,
}

impl Graph {
    pub fn new(index: GraphIndex) -> Graph {
        let GraphIndex { snapshot, sources } = index;
        let mut names: BTreeMap<String, usize> = BTreeMap::new();
        for (index, node) in snapshot.nodes.iter().enumerate() {
            for name in std::iter::once(&node.key).chain(&node.names) {
                let normal = normalise(name);
                if !normal.is_empty() {
                    names.entry(normal).or_insert(index);
                }
            }
        }
        let mut degree = vec![0; snapshot.nodes.len()];
        for edge in &snapshot.edges {
            for &participant in &edge.participants {
                degree[participant] += 1;
            }
        }
        Graph {
            paths: AllianceGraph::new(&snapshot),
            names: names.into_iter().collect(),
            degree,
            snapshot,
            sources,
            centrality: OnceLock::new(),
        }
    }

    /// An actor by any of its names (as `Snapshot::find`), or a 404 with the closest.
    pub fn find(&self, name: &str) -> Result<usize, ApiError> {
        let wanted = normalise(name);
        let exact = self
            .names
            .binary_search_by(|(known, _)| known.as_str().cmp(&wanted))
            .ok()
            .map(|position| self.names[position].1)
            .filter(|_| !wanted.is_empty());
        exact
            .or_else(|| {
                self.snapshot
                    .nodes
                    .iter()
                    .position(|node| node.wikidata.as_deref() == Some(name.trim()))
            })
            .ok_or_else(|| ApiError {
                status: 404,
                message: format!("unknown actor {name:?}"),
                suggestions: self.snapshot.suggest(name, 3),
            })
    }

    /// A relation with the sources an answer shows, newest first, and their evidence.
    fn shown(&self, edge: usize, limit: SourceLimit) -> Result<(Edge, usize), ApiError> {
        let mut data = self.snapshot.edges[edge].clone();
        let total = self.sources.load_newest(edge, &mut data, limit.count());
        self.sources.fill_edge_evidence(edge, &mut data)?;
        Ok((data, total))
    }

    /// `/api/path`: from, to; at, via, max_hops, avoid, mode, k, sources as `path`
    /// takes them.
    pub fn path(&self, params: &Params<'_>) -> Result<Value, ApiError> {
        let from = self.find(params.required("from")?)?;
        let to = self.find(params.required("to")?)?;
        let avoid = params.list("avoid", |name| {
            self.find(name).map_err(|error| error.message)
        })?;
        let via = params.list("via", parse_kind)?;
        let mode = match params.get("mode").map(str::trim) {
            None | Some("shortest") => Mode::Shortest,
            Some("strongest") => Mode::Strongest,
            Some(other) => {
                return Err(ApiError::bad(format!(
                    "mode: {other:?} is not shortest or strongest"
                )));
            }
        };
        let at = params.parsed("at", parse_day)?;
        let walk = Walk {
            via: if via.is_empty() {
                RelationKind::cooperation()
            } else {
                via
            },
            at,
            max_hops: params.count("max_hops")?,
            avoid,
            mode,
        };
        let k = params.number("k", 1, 20)?.max(1);
        let limit = params
            .parsed("sources", parse_sources)?
            .unwrap_or(SourceLimit::All);
        let paths = self.paths.paths(&walk, from, to, k);
        let mut shown: BTreeMap<usize, Edge> = BTreeMap::new();
        let mut totals = BTreeMap::new();
        for hop in paths.iter().flat_map(|path| &path.hops) {
            if let std::collections::btree_map::Entry::Vacant(slot) = shown.entry(hop.edge) {
                let (data, total) = self.shown(hop.edge, limit)?;
                slot.insert(data);
                totals.insert(hop.edge, total);
            }
        }
        let edge = |index: usize| &shown[&index];
        Ok(path_json(
            &self.snapshot.nodes,
            &edge,
            &totals,
            from,
            to,
            at,
            mode,
            &paths,
        ))
    }

    /// `/api/actor`: name; sources as `show` takes it.
    pub fn actor(&self, params: &Params<'_>) -> Result<Value, ApiError> {
        let actor = self.find(params.required("name")?)?;
        let limit = params
            .parsed("sources", parse_sources)?
            .unwrap_or(SourceLimit::All);
        let mut own = Vec::new();
        let mut totals = BTreeMap::new();
        for (index, edge) in self.snapshot.edges.iter().enumerate() {
            if edge.participants.contains(&actor) {
                let (data, total) = self.shown(index, limit)?;
                own.push((index, data));
                totals.insert(index, total);
            }
        }
        let mut relations: Vec<(usize, &Edge)> =
            own.iter().map(|(index, edge)| (*index, edge)).collect();
        card_order(&mut relations);
        Ok(card_json(&self.snapshot.nodes, actor, &relations, &totals))
    }

    /// `/api/rank`: by (degree, pagerank, betweenness), top, and the filters of
    /// `rank` (since, until, at, types, status, min_sources, actor_types).
    pub fn rank(&self, params: &Params<'_>) -> Result<Value, ApiError> {
        let by = params
            .parsed("by", Measure::parse)?
            .unwrap_or(Measure::Pagerank);
        let top = params.number("top", 20, 100_000)?;
        let filter = crate::graph::Filter {
            since: params.parsed("since", parse_start_day)?,
            until: params.parsed("until", parse_day)?,
            at: params.parsed("at", parse_day)?,
            types: params.list("types", parse_kind)?,
            statuses: params.list("status", parse_status)?,
            min_sources: params.number("min_sources", 0, usize::MAX)?,
            actor_types: params.list("actor_types", parse_actor_kind)?,
        };
        if filter == crate::graph::Filter::default() {
            let centrality = self
                .centrality
                .get_or_init(|| crate::rank::centrality(&self.snapshot));
            let order = rank_order(&self.snapshot, centrality, by, top);
            return Ok(rank_json(&self.snapshot.nodes, centrality, &order));
        }
        let snapshot = filter.apply(&self.snapshot);
        let centrality = crate::rank::centrality(&snapshot);
        let order = rank_order(&snapshot, &centrality, by, top);
        Ok(rank_json(&snapshot.nodes, &centrality, &order))
    }

    /// `/api/search`: q, limit. Actors with a name or alias that starts with `q`
    /// (ignoring case, accents and articles), then those with a word of it that does:
    /// exact names first, then by how many relations they take part in.
    pub fn search(&self, params: &Params<'_>) -> Result<Value, ApiError> {
        let wanted = normalise(params.required("q")?);
        let limit = params.number("limit", 10, 1000)?;
        // (exact, prefix of the whole name, minus the degree, label, actor)
        let mut found: BTreeMap<usize, (bool, bool, String)> = BTreeMap::new();
        if !wanted.is_empty() {
            let start = self
                .names
                .partition_point(|(name, _)| name.as_str() < wanted.as_str());
            for (name, actor) in self.names[start..]
                .iter()
                .take_while(|(name, _)| name.starts_with(&wanted))
            {
                let exact = *name == wanted;
                let entry = found.entry(*actor).or_insert((exact, true, name.clone()));
                if exact && !entry.0 {
                    *entry = (true, true, name.clone());
                }
            }
            for (name, actor) in &self.names {
                if !found.contains_key(actor)
                    && name
                        .split(' ')
                        .skip(1)
                        .any(|word| word.starts_with(&wanted))
                {
                    found.insert(*actor, (false, false, name.clone()));
                }
            }
        }
        let mut ranked: Vec<(usize, (bool, bool, String))> = found.into_iter().collect();
        ranked.sort_by(|(a, (a_exact, a_prefix, _)), (b, (b_exact, b_prefix, _))| {
            (b_exact, b_prefix, self.degree[*b])
                .cmp(&(a_exact, a_prefix, self.degree[*a]))
                .then_with(|| {
                    self.snapshot.nodes[*a]
                        .label
                        .cmp(&self.snapshot.nodes[*b].label)
                })
        });
        ranked.truncate(limit);
        Ok(Value::Array(
            ranked
                .into_iter()
                .map(|(actor, (_, _, matched))| {
                    let node = &self.snapshot.nodes[actor];
                    let name = node
                        .names
                        .iter()
                        .find(|name| normalise(name) == matched)
                        .unwrap_or(&node.label);
                    json!({
                        "key": node.key,
                        "label": node.label,
                        "type": node.kind.as_str(),
                        "matched": name,
                        "wikidata": node.wikidata,
                        "relations": self.degree[actor],
                    })
                })
                .collect(),
        ))
    }
}
