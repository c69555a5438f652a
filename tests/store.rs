//! The seed graph holds what the articles say, and building is idempotent.

use crate::util::{articles, ask, build, corpus, query, seed_store, stderr, tempdir};

#[test]
fn seed_graph_holds_the_key_relations() {
    let store = seed_store();
    // The US–Israel partnership, dated 16 January 2026.
    assert!(ask(
        store,
        r#"ASK { ?r ent:relationType "partnership" ; ent:participant <https://w3id.org/entente/actor/usa> , <https://w3id.org/entente/actor/isr> ; ent:date "2026-01-16"^^xsd:date }"#
    ));
    // The US–Morocco partnership.
    assert!(ask(
        store,
        r#"ASK { ?r ent:relationType "partnership" ; ent:participant <https://w3id.org/entente/actor/usa> , <https://w3id.org/entente/actor/mar> }"#
    ));
    // The US–China negotiation on 14 May 2024 ("ce mardi", published Monday 13 May).
    assert!(ask(
        store,
        r#"ASK { ?r ent:relationType "negotiation" ; ent:participant <https://w3id.org/entente/actor/usa> , <https://w3id.org/entente/actor/chn> ; ent:date "2024-05-14"^^xsd:date }"#
    ));
    // The Russia–China alliance, proposed.
    assert!(ask(
        store,
        r#"ASK { ?r ent:relationType "alliance" ; ent:participant <https://w3id.org/entente/actor/rus> , <https://w3id.org/entente/actor/chn> ; ent:status "proposed" }"#
    ));
    // Putin's mandate to Sberbank.
    assert!(ask(
        store,
        r#"ASK { ?r ent:relationType "mandate" ; ent:subject <https://w3id.org/entente/actor/putin> ; ent:object <https://w3id.org/entente/actor/sberbank> }"#
    ));
    // The direct triple makes property paths work.
    assert!(ask(
        store,
        r#"ASK { <https://w3id.org/entente/actor/isr> ent:partnerOf/ent:partnerOf <https://w3id.org/entente/actor/mar> }"#
    ));
}

#[test]
fn building_twice_leaves_the_same_triples() {
    let dir = tempdir();
    let store = dir.path().join("store");
    let count = || {
        query(
            &store,
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            "csv",
        )
    };
    let build = || {
        let output = build(&corpus(), &store, &[]);
        assert!(output.status.success(), "{}", stderr(&output));
    };
    build();
    let first = count();
    build();
    assert_eq!(count(), first);
    assert!(first.lines().nth(1).unwrap().parse::<usize>().unwrap() > 500);
}

#[test]
fn relations_are_merged_across_documents() {
    let dir = tempdir();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    std::fs::write(
        articles.join("manifest.csv"),
        "doc,published\na.txt,2025-03-01\nb.txt,2025-03-02\n",
    )
    .unwrap();
    std::fs::write(
        articles.join("a.txt"),
        "Le Maroc et la France ont signé un partenariat stratégique sur l'IA.\n",
    )
    .unwrap();
    std::fs::write(
        articles.join("b.txt"),
        "Selon Rabat, la France et le Maroc ont signé un partenariat stratégique.\n",
    )
    .unwrap();
    let store = dir.path().join("store");
    let output = crate::util::build(&articles, &store, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = query(
        &store,
        "PREFIX ent: <https://w3id.org/entente/ontology#>\nPREFIX prov: <http://www.w3.org/ns/prov#>\nSELECT ?r (COUNT(DISTINCT ?d) AS ?n) WHERE { ?r ent:relationType \"partnership\" ; ent:attestation/prov:wasDerivedFrom ?d } GROUP BY ?r",
        "csv",
    );
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "one partnership: {text}");
    assert!(rows[0].ends_with(",2"), "with two sources: {text}");
}

#[test]
fn a_second_writer_gets_a_clear_message() {
    let store = seed_store();
    // A reader holds the store; a writer must be refused with the store's name.
    let reader = entente::store::Store::open(store, entente::store::Access::ReadOnly).unwrap();
    let output = build(&corpus(), store, &[]);
    drop(reader);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("in use by another entente process"),
        "{message}"
    );
    assert!(message.contains(store.to_str().unwrap()), "{message}");
}

#[test]
fn shards_cover_the_corpus_once_and_add_up_to_the_whole() {
    let dir = tempdir();
    let whole = dir.path().join("whole");
    let sharded = dir.path().join("sharded");
    let output = build(&corpus(), &whole, &[]);
    assert!(output.status.success());
    let mut documents = 0;
    for shard in ["1/3", "2/3", "3/3"] {
        let output = build(&corpus(), &sharded, &["--shard", shard, "--format", "json"]);
        assert!(output.status.success(), "{}", stderr(&output));
        documents =
            serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap()["documents"]
                .as_u64()
                .unwrap();
    }
    assert_eq!(
        documents, 5,
        "the three shards together hold every document"
    );
    let count = |store: &std::path::Path| {
        query(
            store,
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            "csv",
        )
    };
    assert_eq!(count(&sharded), count(&whole));
    let output = build(&corpus(), &sharded, &["--shard", "4/3"]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "a bad shard is a usage error"
    );
}

#[test]
fn a_first_build_compacts_the_store_and_compaction_changes_no_quad() {
    let dir = tempdir();
    let (compacted, plain) = (dir.path().join("compacted"), dir.path().join("plain"));
    let summary = |output: &std::process::Output| -> serde_json::Value {
        assert!(output.status.success(), "{}", stderr(output));
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let first = summary(&build(&corpus(), &compacted, &["--format", "json"]));
    assert!(first["compaction_seconds"].as_f64().is_some(), "{first}");
    let never = summary(&build(
        &corpus(),
        &plain,
        &["--format", "json", "--compact", "never"],
    ));
    assert!(never["compaction_seconds"].is_null(), "{never}");
    assert_eq!(first["quads"], never["quads"]);
    let dump = |store: &std::path::Path| {
        let output =
            crate::util::entente(&["export", "nquads", "--store", store.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
        let mut lines: Vec<String> = String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect();
        lines.sort();
        lines
    };
    assert_eq!(dump(&compacted), dump(&plain));
}

#[test]
fn the_graph_index_holds_what_the_store_holds() {
    use entente::graph::{Evidence, Snapshot};
    use entente::index::GraphIndex;
    let store =
        entente::store::Store::open(seed_store(), entente::store::Access::ReadOnly).unwrap();
    let whole = Snapshot::read(&store).unwrap();
    assert!(whole.edges.len() > 5, "{} edges", whole.edges.len());
    assert_eq!(
        GraphIndex::open(&store)
            .unwrap()
            .into_snapshot(Evidence::Read)
            .unwrap(),
        whole
    );
    // Sources are read for the relations asked for, evidence for the sources kept.
    let GraphIndex {
        mut snapshot,
        sources,
    } = GraphIndex::open(&store).unwrap();
    for (edge, expected) in snapshot.edges.iter().zip(&whole.edges) {
        assert!(edge.sources.is_empty());
        assert_eq!(edge.reported, expected.sources.len());
        assert_eq!(edge.known_from(), expected.known_from());
    }
    let several = whole
        .edges
        .iter()
        .position(|edge| edge.sources.len() > 1)
        .expect("a relation with several sources");
    sources.load(&mut snapshot, &[1, several]);
    assert!(snapshot.edges[0].sources.is_empty());
    // Reversed and trimmed, as `path` does with the newest first.
    snapshot.edges[several].sources.reverse();
    snapshot.edges[several].sources.truncate(1);
    sources
        .fill_evidence(&mut snapshot, &[1, several, usize::MAX])
        .unwrap();
    assert_eq!(snapshot.edges[1], whole.edges[1]);
    let kept = &snapshot.edges[several].sources[0];
    assert_eq!(kept, whole.edges[several].sources.last().unwrap());
    assert!(!kept.evidence.is_empty());
}

/// `build` writes the graph index; readers use it while the store is unchanged, and
/// read the store again (writing a new index) when it is stale or broken.
#[test]
fn the_graph_index_is_used_while_the_store_is_unchanged_and_only_then() {
    use entente::index::{GraphIndex, INDEX_FILE};
    use entente::store::{Access, Store};

    let dir = tempdir();
    let store_path = dir.path().join("store");
    let first = articles(
        dir.path(),
        "first",
        &[(
            "a.txt",
            "Ce mardi, la France et l'Inde ont signé un partenariat sur l'IA.",
        )],
    );
    assert!(build(&first, &store_path, &[]).status.success());
    let index_file = store_path.join(format!("entente.{INDEX_FILE}"));
    assert!(index_file.exists(), "build wrote the index");
    let written = std::fs::read(&index_file).unwrap();
    let header = |bytes: &[u8]| {
        String::from_utf8_lossy(bytes.split(|&byte| byte == b'\n').next().unwrap()).into_owned()
    };
    let fingerprint = |path: &std::path::Path| {
        Store::open(path, Access::ReadOnly)
            .unwrap()
            .fingerprint()
            .unwrap()
    };
    assert!(
        header(&written).ends_with(&fingerprint(&store_path)),
        "named by the store as the next reader finds it"
    );

    // A hit: what the index says is what readers get. A label changed in the file
    // (same length) shows, and the file is not written again.
    let label = "France";
    let at = written
        .windows(label.len())
        .position(|window| window == label.as_bytes())
        .unwrap();
    let mut marked = written.clone();
    marked[at..at + label.len()].copy_from_slice(b"FRANCE");
    std::fs::write(&index_file, &marked).unwrap();
    let graph = GraphIndex::open_path(&store_path).unwrap().snapshot;
    assert!(graph.nodes.iter().any(|node| node.label == "FRANCE"));
    assert_eq!(std::fs::read(&index_file).unwrap(), marked);
    let shown = crate::util::entente(&["show", "Inde", "--store", store_path.to_str().unwrap()]);
    assert!(crate::util::stdout(&shown).contains("FRANCE"));

    // A read-only command leaves the fingerprint as it was.
    let before = fingerprint(&store_path);
    query(&store_path, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "csv");
    assert_eq!(fingerprint(&store_path), before);

    // A second build changes the store and writes a new index.
    let second = articles(
        dir.path(),
        "second",
        &[(
            "b.txt",
            "Le Japon et le Brésil ont entamé des négociations sur l'IA.",
        )],
    );
    assert!(build(&second, &store_path, &[]).status.success());
    assert_ne!(fingerprint(&store_path), before);
    let fresh = std::fs::read(&index_file).unwrap();
    assert!(header(&fresh).ends_with(&fingerprint(&store_path)));
    let graph = GraphIndex::open_path(&store_path).unwrap().snapshot;
    assert!(graph.nodes.iter().any(|node| node.key == "jpn"));
    assert!(graph.nodes.iter().any(|node| node.label == "France"));

    // The first build's index is stale: the store is read again and the index
    // written anew.
    std::fs::write(&index_file, &written).unwrap();
    assert_eq!(GraphIndex::open_path(&store_path).unwrap().snapshot, graph);
    assert_eq!(std::fs::read(&index_file).unwrap(), fresh);

    // A broken index with the right header likewise, cut anywhere.
    for cut in [header(&fresh).len() + 1, fresh.len() / 2, fresh.len() - 1] {
        std::fs::write(&index_file, &fresh[..cut]).unwrap();
        assert_eq!(
            GraphIndex::open_path(&store_path).unwrap().snapshot,
            graph,
            "cut at {cut}"
        );
        assert_eq!(std::fs::read(&index_file).unwrap(), fresh);
    }
}

/// What an actor's or a relation's IRI fixes is stored once, in a shared graph, and
/// what no document needs any more is swept: a store whose documents were replaced or
/// dropped holds exactly what building its documents afresh writes.
#[test]
fn replaced_and_dropped_documents_leave_what_a_fresh_build_writes() {
    use entente::store::{Access, Store};
    let dir = tempdir();
    let first = articles(
        dir.path(),
        "first",
        &[
            (
                "a.txt",
                "La France et le Maroc ont signé le 3 mars 2025 un partenariat stratégique dans l’intelligence artificielle.\n\nLe président Emmanuel Macron a salué un accord historique.\n",
            ),
            (
                "b.txt",
                "Le Japon et la France ont annoncé le 5 mars 2025 un partenariat dans l’intelligence artificielle. La Chine a démenti toute alliance avec la Russie.\n",
            ),
            (
                "c.txt",
                "France and Japan signed a partnership on artificial intelligence on 4 March 2025, officials in Paris and Tokyo said on Tuesday. The agreement covers research.\n",
            ),
        ],
    );
    // a.txt turns English and names others; b.txt no longer names France or Japan and
    // its alliance is no longer denied; c.txt is unchanged.
    let second_files = [
        (
            "a.txt",
            "Germany and India opened talks on artificial intelligence on 6 March 2025, the two governments said on Thursday. The talks will continue.\n",
        ),
        (
            "b.txt",
            "La Chine et la Russie ont annoncé une alliance dans l’intelligence artificielle le 7 mars 2025.\n",
        ),
        (
            "c.txt",
            "France and Japan signed a partnership on artificial intelligence on 4 March 2025, officials in Paris and Tokyo said on Tuesday. The agreement covers research.\n",
        ),
    ];
    let second = articles(dir.path(), "second", &second_files);
    let without_c = articles(dir.path(), "without_c", &second_files[..2]);
    let fresh = |articles: &std::path::Path, name: &str| {
        let store = dir.path().join(name);
        assert!(build(articles, &store, &[]).status.success());
        crate::util::quads(&store)
    };

    let store = dir.path().join("store");
    let swept = |output: std::process::Output| {
        assert!(output.status.success(), "{}", stderr(&output));
        let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        summary["sweep_seconds"].as_f64().is_some()
    };
    assert!(
        !swept(build(&first, &store, &["--format", "json"])),
        "nothing to sweep"
    );
    let before = crate::util::quads(&store);
    let shared = |quads: &[String], graph: &str| {
        quads
            .iter()
            .filter(|quad| quad.ends_with(&format!("<https://w3id.org/entente/graph/{graph}> .")))
            .count()
    };
    assert!(shared(&before, "actors") > 10 && shared(&before, "relations") > 10);
    assert!(
        before.iter().any(|quad| quad.contains("\"Maroc\"@fr")),
        "the test needs an actor that disappears"
    );
    assert!(swept(build(&second, &store, &["--format", "json"])));
    let expected = fresh(&second, "fresh_second");
    assert!(
        !expected.iter().any(|quad| quad.contains("\"France\"@fr")),
        "no French article names France any more"
    );
    assert!(
        expected.iter().any(|quad| quad.contains("#allyOf>")),
        "the alliance is no longer denied"
    );
    assert_eq!(crate::util::quads(&store), expected);

    // An update that drops a document's graph sweeps what only it needed.
    Store::open(&store, Access::ReadWrite)
        .unwrap()
        .update("DROP GRAPH <https://w3id.org/entente/graph/doc/c.txt>")
        .unwrap();
    let expected = fresh(&without_c, "fresh_without_c");
    assert_eq!(crate::util::quads(&store), expected);

    // A build killed after replacing documents leaves its sweep owed: the next build
    // does it even when it writes nothing. And a description an older lexicon wrote
    // gives way to the lexicon's when a build meets the actor.
    let relations =
        oxigraph::model::NamedNode::new("https://w3id.org/entente/graph/relations").unwrap();
    let actors = oxigraph::model::NamedNode::new("https://w3id.org/entente/graph/actors").unwrap();
    let node = |iri: &str| oxigraph::model::NamedNode::new(iri).unwrap();
    {
        let raw = oxigraph::store::Store::open(&store).unwrap();
        raw.insert(&oxigraph::model::Quad::new(
            node("https://w3id.org/entente/relation/partnership/0000000000000000"),
            node("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            node("https://w3id.org/entente/ontology#Relation"),
            relations,
        ))
        .unwrap();
        raw.insert(&oxigraph::model::Quad::new(
            node("https://w3id.org/entente/actor/chn"),
            node("https://w3id.org/entente/ontology#country"),
            node("https://w3id.org/entente/actor/rus"),
            actors,
        ))
        .unwrap();
    }
    std::fs::File::create(store.join("entente.sweep")).unwrap();
    assert!(build(&without_c, &store, &["--resume"]).status.success());
    assert!(!store.join("entente.sweep").exists());
    let swept = crate::util::quads(&store);
    assert!(!swept.iter().any(|quad| quad.contains("0000000000000000")));
    assert_eq!(
        swept.len(),
        expected.len() + 1,
        "the old description is still there"
    );
    assert!(build(&without_c, &store, &[]).status.success());
    assert_eq!(crate::util::quads(&store), expected);
}

/// A push sends each document's graph whole: together, the pushed graphs hold every
/// triple of the store (the shared descriptions each with the documents that need
/// them), so a server's union equals the store's.
#[test]
fn pushed_graphs_together_hold_every_triple_of_the_store() {
    use entente::store::{Access, Store};
    let dir = tempdir();
    let folder = articles(
        dir.path(),
        "articles",
        &[
            (
                "a.txt",
                "La France et le Maroc ont signé le 3 mars 2025 un partenariat stratégique dans l’intelligence artificielle, a annoncé Paul Dubreuil, ministre français du Numérique. La Chine a démenti toute alliance avec la Russie.\n",
            ),
            (
                "b.txt",
                "France and Japan signed a partnership on artificial intelligence on 4 March 2025. China denied any alliance with Russia, said Li Wei, the chief executive of Zorbatech.\n",
            ),
        ],
    );
    let store = dir.path().join("store");
    assert!(build(&folder, &store, &[]).status.success());
    let mut local: Vec<String> = crate::util::quads(&store)
        .into_iter()
        .filter(|quad| !quad.ends_with("<https://w3id.org/entente/graph/meta> ."))
        .map(|quad| {
            let graph = quad[..quad.len() - 2].rfind(" <").unwrap();
            format!("{} .", &quad[..graph])
        })
        .collect();
    local.sort();
    local.dedup();
    let reader = Store::open(&store, Access::ReadOnly).unwrap();
    let graphs = reader.pushed_graphs().unwrap();
    assert_eq!(
        graphs.len(),
        3,
        "two documents and the store's own: {graphs:?}"
    );
    let mut pushed: Vec<String> = Vec::new();
    for graph in graphs.iter().filter(|graph| !graph.ends_with("/meta")) {
        let body = String::from_utf8(reader.graph_for_push(graph).unwrap()).unwrap();
        assert!(body.contains("#relationType>"), "{graph} comes whole");
        pushed.extend(body.lines().map(str::to_string));
    }
    pushed.sort();
    pushed.dedup();
    for needed in ["#Position>", "\"denied\"", "#partnerOf>", "\"France\"@en"] {
        assert!(
            local.iter().any(|triple| triple.contains(needed)),
            "the test needs {needed}"
        );
    }
    assert!(
        !local.iter().any(|triple| triple.contains("#allyOf>")),
        "a denied alliance has no direct triple"
    );
    assert_eq!(pushed, local);
}
