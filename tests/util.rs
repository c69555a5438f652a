//! Helpers: the entente binary, a temporary work folder, and one seed store built once
//! per test run and shared by read-only tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn corpus() -> PathBuf {
    root().join("data/corpus")
}

pub fn entente(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(args)
        .env_remove("ENTENTE_STORE")
        .output()
        .expect("entente runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("entente-test")
        .tempdir()
        .expect("temp dir")
}

/// The seed corpus built into a store, once for the whole test run.
pub fn seed_store() -> &'static Path {
    static STORE: OnceLock<PathBuf> = OnceLock::new();
    STORE.get_or_init(|| {
        let dir = tempdir().keep();
        let store = dir.join("store");
        let output = entente(&[
            "build",
            corpus().to_str().unwrap(),
            "--store",
            store.to_str().unwrap(),
        ]);
        assert!(
            output.status.success(),
            "seed build failed: {}",
            stderr(&output)
        );
        store
    })
}

pub fn query(store: &Path, sparql: &str, format: &str) -> String {
    let output = entente(&[
        "query",
        "-e",
        sparql,
        "--store",
        store.to_str().unwrap(),
        "--format",
        format,
    ]);
    assert!(output.status.success(), "query failed: {}", stderr(&output));
    stdout(&output)
}

pub fn ask(store: &Path, sparql: &str) -> bool {
    let prefixed = format!(
        "PREFIX ent: <https://w3id.org/entente/ontology#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nPREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n{sparql}"
    );
    let text = query(store, &prefixed, "json");
    let value: serde_json::Value = serde_json::from_str(&text).expect("SPARQL JSON");
    value["boolean"].as_bool().expect("an ASK answer")
}

/// Runs a Python snippet with the arguments given; the test fails if Python or the
/// module it imports is missing (.ci/run installs them).
pub fn python(script: &str, args: &[&str]) -> String {
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "python failed: {}\n{}",
        String::from_utf8_lossy(&output.stderr),
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Builds `articles` into `store`, with extra arguments.
pub fn build(articles: &Path, store: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        articles.to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    entente(&args)
}

/// A folder `name` under `parent` holding one article file per `(file, text)`.
pub fn articles(parent: &Path, name: &str, files: &[(&str, &str)]) -> PathBuf {
    let folder = parent.join(name);
    std::fs::create_dir(&folder).unwrap();
    for (file, text) in files {
        std::fs::write(folder.join(file), text).unwrap();
    }
    folder
}

/// Every quad of a store (`export nquads`), sorted.
pub fn quads(store: &Path) -> Vec<String> {
    let output = entente(&["export", "nquads", "--store", store.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "the store opens: {}",
        stderr(&output)
    );
    let mut lines: Vec<String> = stdout(&output).lines().map(str::to_string).collect();
    lines.sort();
    lines
}
