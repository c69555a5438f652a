//! GraphML as Gephi's importer and networkx read it: typed keys only (string, int,
//! double, boolean); node `label`, `type`, `country`, `wikidata`, `color`, `size`;
//! each edge with the XML attribute `label` set to its relation type (Gephi's edge
//! kind) and data `weight` (supporting documents), `date`, `status`, `sources`.

use std::io::{self, Write};

use crate::export::{color, degrees, merged_edges, xml_escape};
use crate::graph::Snapshot;

const NODE_KEYS: [(&str, &str, &str); 8] = [
    ("label", "label", "string"),
    ("type", "type", "string"),
    ("subtype", "subtype", "string"),
    ("country", "country", "string"),
    ("wikidata", "wikidata", "string"),
    ("color", "color", "string"),
    ("size", "size", "double"),
    ("degree", "degree", "int"),
];

const EDGE_KEYS: [(&str, &str, &str); 9] = [
    ("e_label", "label", "string"),
    ("relation", "relation", "string"),
    ("weight", "weight", "double"),
    ("date", "date", "string"),
    ("precision", "precision", "string"),
    ("status", "status", "string"),
    ("directed", "directed", "boolean"),
    ("sources", "sources", "string"),
    ("evidence", "evidence", "string"),
];

pub fn write<W: Write>(snapshot: &Snapshot, mut out: W) -> io::Result<W> {
    let edges = merged_edges(snapshot);
    let degrees = degrees(snapshot, &edges);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    for (id, name, kind) in NODE_KEYS {
        writeln!(
            out,
            r#"  <key id="{id}" for="node" attr.name="{name}" attr.type="{kind}"/>"#
        )?;
    }
    for (id, name, kind) in EDGE_KEYS {
        writeln!(
            out,
            r#"  <key id="{id}" for="edge" attr.name="{name}" attr.type="{kind}"/>"#
        )?;
    }
    writeln!(out, r#"  <graph id="entente" edgedefault="undirected">"#)?;
    for (index, node) in snapshot.nodes.iter().enumerate() {
        writeln!(out, r#"    <node id="{}">"#, xml_escape(&node.key))?;
        let size = 10.0 + 5.0 * (degrees[index] as f64).sqrt();
        let mut data = vec![
            ("label", node.label.clone()),
            ("type", node.kind.as_str().to_string()),
        ];
        if let Some(subtype) = &node.subtype {
            data.push(("subtype", subtype.clone()));
        }
        if let Some(country) = &node.country {
            data.push(("country", country.clone()));
        }
        if let Some(wikidata) = &node.wikidata {
            data.push(("wikidata", wikidata.clone()));
        }
        data.push(("color", color(node.kind).to_string()));
        data.push(("size", format!("{size:.2}")));
        data.push(("degree", degrees[index].to_string()));
        for (key, value) in data {
            writeln!(
                out,
                r#"      <data key="{key}">{}</data>"#,
                xml_escape(&value)
            )?;
        }
        writeln!(out, "    </node>")?;
    }
    for (index, edge) in edges.iter().enumerate() {
        let (source, target) = (
            &snapshot.nodes[edge.source].key,
            &snapshot.nodes[edge.target].key,
        );
        writeln!(
            out,
            r#"    <edge id="e{index}" source="{}" target="{}" label="{}">"#,
            xml_escape(source),
            xml_escape(target),
            edge.kind.as_str()
        )?;
        let mut data = vec![
            ("e_label", edge.kind.as_str().to_string()),
            ("relation", edge.kind.as_str().to_string()),
            ("weight", format!("{:.1}", edge.documents.len() as f64)),
        ];
        if let Some(date) = edge.date {
            data.push(("date", date.to_string()));
            data.push(("precision", date.precision().as_str().to_string()));
        }
        data.push(("status", edge.status.as_str().to_string()));
        data.push(("directed", edge.directed.to_string()));
        data.push(("sources", edge.documents.join("; ")));
        data.push(("evidence", edge.evidence.clone()));
        for (key, value) in data {
            writeln!(
                out,
                r#"      <data key="{key}">{}</data>"#,
                xml_escape(&value)
            )?;
        }
        writeln!(out, "    </edge>")?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")?;
    Ok(out)
}
