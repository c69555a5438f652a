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

#[test]
fn gexf_is_dynamic_and_reads_in_networkx() {
    let dir = tempdir();
    let file = dir.path().join("graph.gexf");
    let output = entente(&[
        "export",
        "gexf",
        "--store",
        seed_store().to_str().unwrap(),
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains(r#"<graph mode="dynamic" defaultedgetype="undirected" timeformat="date">"#)
    );
    assert!(text.contains(r#"kind="partnership""#));
    assert!(
        text.contains("<viz:color r=\"31\" g=\"119\" b=\"180\"/>"),
        "states in blue"
    );
    // The Paris summit's interval keeps its end.
    assert!(
        text.contains(r#"start="2025-02-10" end="2025-02-11""#),
        "interval dates"
    );
    let script = r#"
import sys, networkx as nx
g = nx.read_gexf(sys.argv[1])
assert g.number_of_nodes() > 10
e = [d for u, v, d in g.edges(data=True) if {u, v} == {"usa", "isr"}]
assert e, "usa-isr edge"
assert e[0]["start"] == "2026-01-16", e[0]
assert g.nodes["usa"]["label"] == "États-Unis"
assert g.nodes["usa"]["viz"]["color"]["b"] == 180
print("ok")
"#;
    assert_eq!(python(script, &[file.to_str().unwrap()]).trim(), "ok");
}

#[test]
fn csv_uses_gephi_columns_and_filters_apply() {
    let dir = tempdir();
    let out = dir.path().join("tables");
    let output = entente(&[
        "export",
        "csv",
        "--store",
        seed_store().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--types",
        "partnership,alliance",
        "--actor-types",
        "state",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let script = r#"
import csv, sys, networkx as nx
nodes = list(csv.DictReader(open(sys.argv[1] + "/nodes.csv", encoding="utf-8")))
edges = list(csv.DictReader(open(sys.argv[1] + "/edges.csv", encoding="utf-8")))
assert list(nodes[0].keys())[:2] == ["Id", "Label"], nodes[0].keys()
assert list(edges[0].keys())[:5] == ["Source", "Target", "Type", "Label", "Weight"], edges[0].keys()
assert {e["relation"] for e in edges} <= {"partnership", "alliance"}, edges
assert all(n["type"] == "state" for n in nodes)
g = nx.Graph()
g.add_nodes_from(n["Id"] for n in nodes)
g.add_edges_from((e["Source"], e["Target"], {"weight": float(e["Weight"])}) for e in edges)
assert nx.has_path(g, "isr", "mar")
print(len(nodes), len(edges))
"#;
    python(script, &[out.to_str().unwrap()]);
}

#[test]
fn filters_at_a_date_drop_later_relations() {
    let store = seed_store().to_str().unwrap();
    let before = entente(&["export", "graphml", "--store", store, "--at", "2025-12-31"]);
    let after = entente(&["export", "graphml", "--store", store, "--at", "2026-02-01"]);
    let (before, after) = (
        String::from_utf8(before.stdout).unwrap(),
        String::from_utf8(after.stdout).unwrap(),
    );
    assert!(
        !before.contains("2026-01-16"),
        "the US–Israel partnership did not exist yet"
    );
    assert!(after.contains("2026-01-16"));
}

/// Debian's Chromium, headless, with the flags this closed network needs.
fn chromium(args: &[&str]) -> String {
    let profile = tempdir();
    let output = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .output()
        .expect("chromium runs (scripts/prerequisites installs Debian's chromium)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn body_number(dom: &str, attribute: &str) -> usize {
    let start = dom.find(&format!("{attribute}=\"")).expect("attribute set") + attribute.len() + 2;
    dom[start..].split('"').next().unwrap().parse().unwrap()
}

#[test]
fn html_view_draws_the_graph_and_the_slider_changes_it() {
    let dir = tempdir();
    let page = dir.path().join("graph.html");
    let output = entente(&[
        "view",
        "--store",
        seed_store().to_str().unwrap(),
        "-o",
        page.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        !html.contains("http://") || !html.contains("<script src"),
        "no external script"
    );
    assert!(!html.contains("__ENTENTE_DATA__"));
    let url = format!("file://{}", page.display());
    let all = chromium(&["--dump-dom", &format!("{url}#at=2030-01-01")]);
    assert!(all.contains(r#"data-ready="true""#), "the script ran");
    let circles = all.matches("<circle").count();
    assert!(circles > 10, "nodes are drawn: {circles}");
    let early = chromium(&["--dump-dom", &format!("{url}#at=2024-06-01")]);
    let (all_edges, early_edges) = (
        body_number(&all, "data-visible-edges"),
        body_number(&early, "data-visible-edges"),
    );
    assert!(
        early_edges > 0 && early_edges < all_edges,
        "the slider hides later relations: {early_edges} of {all_edges}"
    );
    let none = chromium(&["--dump-dom", &format!("{url}#at=2000-01-01")]);
    assert_eq!(body_number(&none, "data-visible-edges"), 0);
    // Clicking an edge shows its evidence (here through the page's #select hook).
    let selected = chromium(&["--dump-dom", &format!("{url}#select=0")]);
    assert!(selected.contains("<blockquote>« "), "evidence shown");
    // The screenshot is kept as a test artifact.
    let artifacts = crate::util::root().join("target/test-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let screenshot = artifacts.join("view-seeds.png");
    chromium(&[
        "--window-size=1400,900",
        &format!("--screenshot={}", screenshot.display()),
        &format!("{url}#select=0"),
    ]);
    assert!(std::fs::metadata(&screenshot).unwrap().len() > 10_000);
}
