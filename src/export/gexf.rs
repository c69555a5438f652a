//! GEXF 1.3 with time, for Gephi's timeline: `mode="dynamic"`, `timeformat="date"`;
//! each edge starts at its relation's date (or at its first report when undated) and
//! an interval keeps its end; the relation type is the edge `kind`; colours and sizes
//! are `viz:` elements.

use std::io::{self, Write};

use crate::export::{color, degrees, merged_edges, xml_escape};
use crate::graph::Snapshot;
use crate::model::DatePoint;

fn rgb(hex: &str) -> (u8, u8, u8) {
    let channel = |range: std::ops::Range<usize>| {
        hex.get(range)
            .and_then(|digits| u8::from_str_radix(digits, 16).ok())
            .unwrap_or(0)
    };
    (channel(1..3), channel(3..5), channel(5..7))
}

/// A GEXF date: day precision (Gephi's `date` time format).
fn day(point: Option<crate::model::Day>) -> Option<String> {
    point.map(|day| DatePoint::Day(day).to_string())
}

pub fn write<W: Write>(snapshot: &Snapshot, mut out: W) -> io::Result<W> {
    let edges = merged_edges(snapshot);
    let degrees = degrees(snapshot, &edges);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">"#
    )?;
    writeln!(out, "  <meta>")?;
    writeln!(out, "    <creator>entente</creator>")?;
    writeln!(
        out,
        "    <description>AI diplomacy knowledge graph: actors and dated relations</description>"
    )?;
    writeln!(out, "  </meta>")?;
    writeln!(
        out,
        r#"  <graph mode="dynamic" defaultedgetype="undirected" timeformat="date">"#
    )?;
    writeln!(out, r#"    <attributes class="node">"#)?;
    for (id, kind) in [
        ("type", "string"),
        ("subtype", "string"),
        ("country", "string"),
        ("wikidata", "string"),
        ("degree", "integer"),
    ] {
        writeln!(
            out,
            r#"      <attribute id="{id}" title="{id}" type="{kind}"/>"#
        )?;
    }
    writeln!(out, "    </attributes>")?;
    writeln!(out, r#"    <attributes class="edge">"#)?;
    for (id, kind) in [
        ("relation", "string"),
        ("date", "string"),
        ("precision", "string"),
        ("status", "string"),
        ("directed", "boolean"),
        ("sources", "string"),
        ("evidence", "string"),
    ] {
        writeln!(
            out,
            r#"      <attribute id="{id}" title="{id}" type="{kind}"/>"#
        )?;
    }
    writeln!(out, "    </attributes>")?;
    writeln!(out, "    <nodes>")?;
    for (index, node) in snapshot.nodes.iter().enumerate() {
        writeln!(
            out,
            r#"      <node id="{}" label="{}">"#,
            xml_escape(&node.key),
            xml_escape(&node.label)
        )?;
        writeln!(out, "        <attvalues>")?;
        let mut values = vec![("type", node.kind.as_str().to_string())];
        if let Some(subtype) = &node.subtype {
            values.push(("subtype", subtype.clone()));
        }
        if let Some(country) = &node.country {
            values.push(("country", country.clone()));
        }
        if let Some(wikidata) = &node.wikidata {
            values.push(("wikidata", wikidata.clone()));
        }
        values.push(("degree", degrees[index].to_string()));
        for (key, value) in values {
            writeln!(
                out,
                r#"          <attvalue for="{key}" value="{}"/>"#,
                xml_escape(&value)
            )?;
        }
        writeln!(out, "        </attvalues>")?;
        let (r, g, b) = rgb(color(node.kind));
        writeln!(out, r#"        <viz:color r="{r}" g="{g}" b="{b}"/>"#)?;
        writeln!(
            out,
            r#"        <viz:size value="{:.2}"/>"#,
            10.0 + 5.0 * (degrees[index] as f64).sqrt()
        )?;
        writeln!(out, "      </node>")?;
    }
    writeln!(out, "    </nodes>")?;
    writeln!(out, "    <edges>")?;
    for (index, edge) in edges.iter().enumerate() {
        let (start, end) = (edge.start, edge.end);
        let mut attributes = format!(
            r#"id="e{index}" source="{}" target="{}" label="{}" kind="{}" weight="{:.1}""#,
            xml_escape(&snapshot.nodes[edge.source].key),
            xml_escape(&snapshot.nodes[edge.target].key),
            edge.kind.as_str(),
            edge.kind.as_str(),
            edge.documents.len() as f64
        );
        if let Some(start) = day(start) {
            attributes.push_str(&format!(r#" start="{start}""#));
        }
        if let Some(end) = day(end) {
            attributes.push_str(&format!(r#" end="{end}""#));
        }
        writeln!(out, "      <edge {attributes}>")?;
        writeln!(out, "        <attvalues>")?;
        let mut values = vec![("relation", edge.kind.as_str().to_string())];
        if let Some(date) = edge.date {
            values.push(("date", date.to_string()));
            values.push(("precision", date.precision().as_str().to_string()));
        }
        values.push(("status", edge.status.as_str().to_string()));
        values.push(("directed", edge.directed.to_string()));
        values.push(("sources", edge.documents.join("; ")));
        values.push(("evidence", edge.evidence.clone()));
        for (key, value) in values {
            writeln!(
                out,
                r#"          <attvalue for="{key}" value="{}"/>"#,
                xml_escape(&value)
            )?;
        }
        writeln!(out, "        </attvalues>")?;
        writeln!(out, "      </edge>")?;
    }
    writeln!(out, "    </edges>")?;
    writeln!(out, "  </graph>")?;
    writeln!(out, "</gexf>")?;
    Ok(out)
}
