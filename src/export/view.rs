//! One self-contained HTML file that draws the graph: a force layout coloured by
//! actor type, a time slider, a relation-type filter, and the evidence of an edge on
//! click. The page (`view.html`) uses no library and no network; the graph is embedded
//! as JSON.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::export::{color, degrees, merged_edges};
use crate::graph::Snapshot;
use crate::model::{ActorKind, DatePoint, RelationKind};

const PAGE: &str = include_str!("view.html");

/// The colour of each relation type in the picture.
fn kind_color(kind: RelationKind) -> &'static str {
    kind.info().colour
}

pub fn data(snapshot: &Snapshot) -> Value {
    let edges = merged_edges(snapshot);
    let degrees = degrees(snapshot, &edges);
    let nodes: Vec<Value> = snapshot
        .nodes
        .iter()
        .enumerate()
        .map(|(index, node)| {
            json!({
                "id": node.key,
                "label": node.label,
                "type": node.kind.as_str(),
                "color": color(node.kind),
                "size": 5.0 + 2.5 * (degrees[index] as f64).sqrt(),
            })
        })
        .collect();
    let day = |day: crate::model::Day| DatePoint::Day(day).to_string();
    let edges: Vec<Value> = edges
        .iter()
        .map(|edge| {
            let (start, end) = (edge.start, edge.end);
            let sources: Vec<Value> = edge
                .sources
                .iter()
                .map(|(doc, evidence)| json!({"doc": doc, "evidence": evidence}))
                .collect();
            json!({
                "source": snapshot.nodes[edge.source].key,
                "target": snapshot.nodes[edge.target].key,
                "kind": edge.kind.as_str(),
                "start": start.map(day),
                "end": end.map(day),
                "date": edge.date.map(|date| date.to_string()),
                "status": edge.status.as_str(),
                "sources": sources,
            })
        })
        .collect();
    let colors: serde_json::Map<String, Value> = ActorKind::ALL
        .iter()
        .map(|kind| (kind.as_str().to_string(), Value::from(color(*kind))))
        .collect();
    let kinds: serde_json::Map<String, Value> = RelationKind::ALL
        .iter()
        .map(|kind| (kind.as_str().to_string(), Value::from(kind_color(*kind))))
        .collect();
    json!({"nodes": nodes, "edges": edges, "colors": colors, "kinds": kinds})
}

pub fn write<W: Write>(snapshot: &Snapshot, mut out: W) -> io::Result<W> {
    // In a <script> element, "</script>" inside a string would end the element: JSON
    // lets "<" be written as \u003c.
    let embedded = data(snapshot).to_string().replace('<', "\\u003c");
    out.write_all(PAGE.replace("__ENTENTE_DATA__", &embedded).as_bytes())?;
    Ok(out)
}
