//! Exports read by real third-party readers.

use crate::util::{entente, python, seed_store, stderr, tempdir};

#[test]
fn graphml_reads_in_networkx_with_typed_attributes() {
    let dir = tempdir();
    let file = dir.path().join("graph.graphml");
    let output = entente(&[
        "export",
        "graphml",
        "--store",
        seed_store().to_str().unwrap(),
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let script = r#"
import sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
assert g.number_of_nodes() > 10, g.number_of_nodes()
assert g.nodes["usa"]["label"] == "États-Unis"
assert g.nodes["usa"]["type"] == "state"
assert g.nodes["usa"]["wikidata"] == "Q30"
assert isinstance(g.nodes["usa"]["degree"], int)
edges = [d for _, _, d in g.edges(data=True)]
assert all(isinstance(d["weight"], float) for d in edges)
assert all(isinstance(d["directed"], bool) for d in edges)
kinds = {d["relation"] for d in edges}
assert {"partnership", "alliance", "negotiation", "mandate"} <= kinds, kinds
p = [d for u, v, d in g.edges(data=True) if {u, v} == {"usa", "isr"} and d["relation"] == "partnership"]
assert p and p[0]["date"] == "2026-01-16", p
print(g.number_of_nodes(), g.number_of_edges())
"#;
    let printed = python(script, &[file.to_str().unwrap()]);
    assert!(!printed.trim().is_empty());
}

#[test]
fn graphml_is_the_same_bytes_on_every_run() {
    let store = seed_store().to_str().unwrap();
    let first = entente(&["export", "graphml", "--store", store]);
    let second = entente(&["export", "graphml", "--store", store]);
    assert!(first.status.success());
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn nquads_dump_round_trips_through_a_fresh_store() {
    let store = seed_store().to_str().unwrap();
    let output = entente(&["export", "nquads", "--store", store]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let fresh = oxigraph::store::Store::new().unwrap();
    fresh
        .load_from_reader(oxigraph::io::RdfFormat::NQuads, text.as_bytes())
        .expect("valid N-Quads");
    assert_eq!(fresh.len().unwrap(), text.lines().count());
}
