//! Two CSV files in the columns Gephi's spreadsheet importer expects (`Id`, `Label`;
//! `Source`, `Target`, `Type`, `Label`, `Weight`) plus our attributes, for
//! spreadsheets and pandas. A cell a spreadsheet would run as a formula (starting with
//! `=`, `+`, `-`, `@`, tab or carriage return) is prefixed with `'`.

use std::io::{self, Write};

use crate::export::{color, degrees, merged_edges};
use crate::graph::Snapshot;

/// Makes a cell safe from formula injection (OWASP's advice for CSV exports).
pub fn escape_formula(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn write_row<W: Write>(writer: &mut csv::Writer<W>, row: &[String]) -> io::Result<()> {
    writer
        .write_record(row.iter().map(|cell| escape_formula(cell)))
        .map_err(io::Error::other)
}

pub fn write_nodes<W: Write>(snapshot: &Snapshot, out: W) -> io::Result<W> {
    let edges = merged_edges(snapshot);
    let degrees = degrees(snapshot, &edges);
    let mut writer = csv::Writer::from_writer(out);
    write_row(
        &mut writer,
        &[
            "Id", "Label", "type", "subtype", "country", "wikidata", "color", "degree",
        ]
        .map(String::from),
    )?;
    for (index, node) in snapshot.nodes.iter().enumerate() {
        write_row(
            &mut writer,
            &[
                node.key.clone(),
                node.label.clone(),
                node.kind.as_str().to_string(),
                node.subtype.clone().unwrap_or_default(),
                node.country.clone().unwrap_or_default(),
                node.wikidata.clone().unwrap_or_default(),
                color(node.kind).to_string(),
                degrees[index].to_string(),
            ],
        )?;
    }
    writer.into_inner().map_err(|error| error.into_error())
}

pub fn write_edges<W: Write>(snapshot: &Snapshot, out: W) -> io::Result<W> {
    let mut writer = csv::Writer::from_writer(out);
    write_row(
        &mut writer,
        &[
            "Source",
            "Target",
            "Type",
            "Label",
            "Weight",
            "relation",
            "date",
            "precision",
            "status",
            "sources",
            "evidence",
        ]
        .map(String::from),
    )?;
    for edge in merged_edges(snapshot) {
        write_row(
            &mut writer,
            &[
                snapshot.nodes[edge.source].key.clone(),
                snapshot.nodes[edge.target].key.clone(),
                if edge.directed {
                    "Directed"
                } else {
                    "Undirected"
                }
                .to_string(),
                edge.kind.as_str().to_string(),
                edge.documents.len().to_string(),
                edge.kind.as_str().to_string(),
                edge.date.map(|date| date.to_string()).unwrap_or_default(),
                edge.date
                    .map(|date| date.precision().as_str().to_string())
                    .unwrap_or_default(),
                edge.status.as_str().to_string(),
                edge.documents.join("; "),
                edge.evidence.clone(),
            ],
        )?;
    }
    writer.into_inner().map_err(|error| error.into_error())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_escaped() {
        for (cell, expected) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+33 1", "'+33 1"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("France", "France"),
            ("", ""),
        ] {
            assert_eq!(escape_formula(cell), expected);
        }
    }
}
