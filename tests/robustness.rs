//! Bad input, hostile text, interrupted builds and old stores.

use std::process::Command;
use std::time::Duration;

use crate::util::{build, corpus, entente, python, quads, stderr, stdout, tempdir};

/// Text with XML specials, quotes, control characters, bidirectional marks and emoji.
const HOSTILE: &str = "La startup française « Acme <b>&'Co'</b> \u{1F642} » a signé un partenariat avec la France.\n\
La Chine\u{1} et l'Inde\u{200F} ont signé un accord de coopération \u{202E}« test » le 3 mars 2025.\n\
Le groupe « Zeta \"Quoted\" \u{7}Bell » collabore avec l'Inde.\n";

#[test]
fn hostile_text_gives_valid_exports() {
    let dir = tempdir();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    std::fs::write(articles.join("hostile <&>\"'.txt"), HOSTILE).unwrap();
    let store = dir.path().join("store");
    let output = crate::util::build(&articles, &store, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let store = store.to_str().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    for (what, file) in [
        ("graphml", "g.graphml"),
        ("gexf", "g.gexf"),
        ("nquads", "g.nq"),
        ("turtle", "g.ttl"),
        ("trig", "g.trig"),
    ] {
        let output = entente(&["export", what, "--store", store, "-o", &path(file)]);
        assert!(output.status.success(), "{what}: {}", stderr(&output));
    }
    let output = entente(&["export", "csv", "--store", store, "-o", &path("tables")]);
    assert!(output.status.success(), "{}", stderr(&output));
    let script = r#"
import csv, sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
labels = {d["label"] for _, d in g.nodes(data=True)}
assert any("Acme" in label for label in labels), labels
nx.read_gexf(sys.argv[2])
nodes = list(csv.DictReader(open(sys.argv[3] + "/nodes.csv", encoding="utf-8")))
edges = list(csv.DictReader(open(sys.argv[3] + "/edges.csv", encoding="utf-8")))
assert any("Acme" in n["Label"] for n in nodes), nodes
assert edges
print("ok")
"#;
    assert_eq!(
        python(
            script,
            &[&path("g.graphml"), &path("g.gexf"), &path("tables")]
        )
        .trim(),
        "ok"
    );
    // raptor's rapper parses N-Quads, Turtle and TriG and fails on any syntax error.
    for (syntax, file) in [("nquads", "g.nq"), ("turtle", "g.ttl"), ("trig", "g.trig")] {
        let output = Command::new("rapper")
            .args(["-q", "-i", syntax, "-c", &path(file)])
            .output()
            .expect("rapper runs (scripts/prerequisites installs raptor2-utils)");
        assert!(
            output.status.success(),
            "{syntax}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// Writes `version` as the store's schema version, as another version of entente would.
fn set_schema_version(store: &std::path::Path, version: i64) {
    let raw = oxigraph::store::Store::open(store).unwrap();
    let meta = oxigraph::model::NamedNode::new("https://w3id.org/entente/graph/meta").unwrap();
    raw.clear_graph(&meta).unwrap();
    raw.insert(&oxigraph::model::Quad::new(
        oxigraph::model::NamedNode::new("https://w3id.org/entente/store").unwrap(),
        oxigraph::model::NamedNode::new("https://w3id.org/entente/ontology#schemaVersion").unwrap(),
        oxigraph::model::Literal::from(version),
        meta,
    ))
    .unwrap();
}

#[test]
fn a_store_of_another_schema_version_is_refused_with_an_instruction() {
    let dir = tempdir();
    let store = dir.path().join("store");
    let output = build(&corpus(), &store, &[]);
    assert!(output.status.success());
    set_schema_version(&store, 999);
    let output = entente(&["stats", "--store", store.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("schema version 999"), "{message}");
    assert!(
        message.contains("rebuild it into a new folder"),
        "{message}"
    );
}

/// A store of schema version 1 (before the shared descriptions) is read as it is and
/// marked version 2 when written, so that older versions of entente refuse it.
#[test]
fn a_store_of_version_one_is_read_and_upgraded_when_written() {
    let dir = tempdir();
    let store = dir.path().join("store");
    assert!(build(&corpus(), &store, &[]).status.success());
    let meta = oxigraph::model::NamedNode::new("https://w3id.org/entente/graph/meta").unwrap();
    let version = |store: &std::path::Path| -> String {
        let raw = oxigraph::store::Store::open(store).unwrap();
        let quads: Vec<_> = raw
            .quads_for_pattern(None, None, None, Some(meta.as_ref().into()))
            .map(|quad| quad.unwrap().object.to_string())
            .collect();
        quads.join(" ")
    };
    set_schema_version(&store, 1);
    let output = entente(&["stats", "--store", store.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        version(&store).contains("\"1\""),
        "a reader changes nothing"
    );
    assert!(build(&corpus(), &store, &["--resume"]).status.success());
    assert!(version(&store).contains("\"2\""), "{}", version(&store));
}

/// Builds a corpus of `n` articles by copying the seeds under new names.
fn replicated_corpus(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let articles = dir.join("articles");
    std::fs::create_dir_all(&articles).unwrap();
    let seeds: Vec<std::path::PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "txt"))
        .collect();
    let mut manifest = String::from("doc,published\n");
    for index in 0..n {
        let seed = &seeds[index % seeds.len()];
        let name = format!("a{index:05}.txt");
        std::fs::copy(seed, articles.join(&name)).unwrap();
        manifest.push_str(&format!("{name},2025-{:02}-15\n", 1 + index % 12));
    }
    std::fs::write(articles.join("manifest.csv"), manifest).unwrap();
    articles
}

/// A reduced kill test for CI (bench/kill-test.sh runs the full one): SIGKILL a build
/// at a few moments; after each the store opens, and a resumed build ends with the
/// same quads as an uninterrupted one.
#[test]
fn killed_builds_leave_a_consistent_store_and_resume_to_the_same_graph() {
    let dir = tempdir();
    // More articles than one write batch (512), so that kills fall between batches.
    let articles = replicated_corpus(dir.path(), 1200);
    let reference = dir.path().join("reference");
    let output = build(&articles, &reference, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let expected = quads(&reference);

    let store = dir.path().join("killed");
    // Deterministic "random" moments.
    let mut state: u64 = 0x0005_DEEC_E66D;
    for _ in 0..3 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        let delay = Duration::from_millis(20 + (state >> 33) % 2500);
        let mut child = Command::new(env!("CARGO_BIN_EXE_entente"))
            .args([
                "build",
                articles.to_str().unwrap(),
                "--store",
                store.to_str().unwrap(),
                "--resume",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // The store opens after every kill.
        let output = entente(&["stats", "--store", store.to_str().unwrap()]);
        assert!(
            output.status.success() || !store.join("CURRENT").exists(),
            "{}",
            stderr(&output)
        );
    }
    let output = build(&articles, &store, &["--resume"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(quads(&store), expected);
}

/// A build killed while RocksDB is still creating the store (CURRENT written, some
/// column families not yet) must leave a store that opens: the reader finishes the
/// creation. Kills sweep the first moments of a build, where that window lies.
#[test]
fn a_build_killed_while_creating_the_store_leaves_one_that_opens() {
    let dir = tempdir();
    let mut opened = 0;
    for step in 0..30u64 {
        let store = dir.path().join(format!("store-{step}"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_entente"))
            .args([
                "build",
                corpus().to_str().unwrap(),
                "--store",
                store.to_str().unwrap(),
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(5 * step));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        if store.join("CURRENT").exists() {
            let output = entente(&["stats", "--store", store.to_str().unwrap()]);
            assert!(
                output.status.success(),
                "kill after {} ms: {}",
                5 * step,
                stderr(&output)
            );
            opened += 1;
        }
    }
    assert!(opened > 0, "no kill left a store to open");
}

/// RocksDB's error strings are allocated by C's malloc and freed by Rust (oxigraph's
/// `ffi_result!`); with mimalloc as Rust's allocator but not C's, this crashed with a
/// segmentation fault instead of printing the error. Deterministic, unlike the kills above.
#[test]
fn a_store_whose_manifest_is_missing_is_an_error_not_a_crash() {
    let dir = tempdir();
    let store = dir.path().join("store");
    std::fs::create_dir(&store).unwrap();
    std::fs::write(store.join("CURRENT"), "MANIFEST-000099\n").unwrap();
    let output = entente(&["stats", "--store", store.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("MANIFEST-000099"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn html_jsonl_and_csv_articles_are_read_and_broken_records_counted() {
    let dir = tempdir();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    std::fs::write(
        articles.join("page.html"),
        "<html><head><title>Accord</title><script>var a = '<p>no</p>';</script></head><body><nav>Menu</nav>\
         <p>Le 3 mars, la France et l&rsquo;Inde ont sign&eacute; un partenariat.</p><footer>(c)</footer></body></html>",
    )
    .unwrap();
    std::fs::write(
        articles.join("feed.jsonl"),
        "{\"id\": \"x1\", \"text\": \"Le Japon et la Corée du Sud ont signé un accord de coopération.\", \"published\": \"2025-03-04\"}\nbroken line\n",
    )
    .unwrap();
    std::fs::write(
        articles.join("table.csv"),
        "doc,text\nr1,\"Le Brésil et l'Inde ont signé un accord.\"\n",
    )
    .unwrap();
    std::fs::write(articles.join("empty.txt"), "").unwrap();
    std::fs::write(
        articles.join("manifest.csv"),
        "doc,published\npage.html,2025-03-05\n",
    )
    .unwrap();
    let store = dir.path().join("store");
    let output = crate::util::build(&articles, &store, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(2), "something was skipped");
    let summary: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(summary["documents"], 3, "{summary}");
    assert_eq!(summary["skipped"]["empty file"], 1, "{summary}");
    assert_eq!(summary["skipped"]["record not JSON"], 1, "{summary}");
    assert!(
        stderr(&output).contains("feed.jsonl:2: skipped record: not JSON"),
        "{}",
        stderr(&output)
    );
    let output = entente(&["extract", articles.to_str().unwrap()]);
    let text = stdout(&output);
    assert!(
        text.contains(r#""doc":"page.html","lang":"fr","published":"2025-03-05""#),
        "{text}"
    );
    assert!(text.contains(r#""doc":"feed.jsonl#x1""#), "{text}");
    assert!(text.contains(r#""doc":"table.csv#r1""#), "{text}");
    assert!(!text.contains("Menu"), "navigation dropped");
}
