//! The embedded RDF store: Oxigraph on RocksDB, on disk.
//!
//! The only module that imports `oxigraph::store` and `oxigraph::sparql`. It opens the
//! store under a lock (one writer or many readers, with a message naming the store when
//! another process holds it), records and checks the schema version, writes documents
//! all or nothing (new ones in bulk-loaded batches ingested atomically, re-built ones by
//! clearing and refilling their named graph in one transaction, each with the shared
//! descriptions it needs), sweeps shared descriptions no document needs, runs SPARQL and
//! serialises answers in the standard formats.
//! It does not format output for people: rows come back as terms for the CLI to lay out.

use std::fs::{self, File, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{
    GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, QuadRef, Term,
};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use rustc_hash::FxHashSet;
use thiserror::Error;

use crate::model::{RelationKind, Status};
use crate::pipeline::Extraction;
use crate::rdf::encode::{self, READABLE_VERSIONS, SCHEMA_VERSION, StableHash};
use crate::rdf::vocab::{self, ent};

#[derive(Debug, Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("store {path} is in use by another entente process ({what}); wait for it to finish")]
    Locked { path: PathBuf, what: &'static str },
    #[error("no store at {path}: build one first with `entente build PATH --store {path}`")]
    Missing { path: PathBuf },
    #[error(
        "store {path} has schema version {found}, this entente writes version {expected}: rebuild it into a new folder with `entente build --store NEW_DIR`"
    )]
    Version {
        path: PathBuf,
        found: String,
        expected: i64,
    },
    #[error("cannot open store {path}")]
    Open {
        path: PathBuf,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("SPARQL syntax error: {message}")]
    Syntax { message: String },
    #[error("query failed")]
    Evaluation(#[source] oxigraph::sparql::QueryEvaluationError),
    #[error("update failed: {message}")]
    Update { message: String },
    #[error("storage error")]
    Storage(#[from] oxigraph::store::StorageError),
    #[error("cannot write results")]
    Io(#[from] std::io::Error),
}

/// How a store is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    ReadOnly,
    ReadWrite,
}

pub struct Store {
    inner: oxigraph::store::Store,
    path: PathBuf,
    // Held for the store's lifetime: exclusive for a writer, shared for readers; none
    // when another process holds it for this one (`open_unlocked`).
    _lock: Option<File>,
    /// The shared descriptions this process has written, by a 128-bit hash of their
    /// parts (`quad_hash`): a description repeated by every document that names an
    /// actor goes to the loader once.
    shared_written: Mutex<FxHashSet<u128>>,
    /// The lexicon actors whose stored description this process has compared with its
    /// own (a new lexicon may describe an actor otherwise).
    actors_checked: Mutex<FxHashSet<u64>>,
    /// Whether this process has recorded that a sweep is owed.
    sweep_owed: AtomicBool,
}

/// A store's lock, held without the store open: `entente serve` keeps it while its
/// query workers, other processes, open the store under it (`Store::open_unlocked`).
pub struct StoreLock {
    _file: File,
}

impl StoreLock {
    /// Takes the store's lock as `Store::open` does: exclusive to write, shared to
    /// read; an error when another process holds it the other way. Readers of the
    /// graph index hold it without opening the store.
    pub fn acquire(path: &Path, access: Access) -> Result<StoreLock, StoreError> {
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path.join(LOCK_FILE))
            .map_err(|source| StoreError::Open {
                path: path.to_path_buf(),
                source: Box::new(source),
            })?;
        let locked = match access {
            Access::ReadWrite => file.try_lock(),
            Access::ReadOnly => file.try_lock_shared(),
        };
        match locked {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(StoreError::Locked {
                    path: path.to_path_buf(),
                    what: match access {
                        Access::ReadWrite => "it is being read or written",
                        Access::ReadOnly => "it is being written",
                    },
                });
            }
            Err(TryLockError::Error(source)) => {
                return Err(StoreError::Open {
                    path: path.to_path_buf(),
                    source: Box::new(source),
                });
            }
        }
        Ok(StoreLock { _file: file })
    }
}

/// A SPARQL answer for people: variables and rows of terms (N-Triples syntax).
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    Solutions {
        variables: Vec<String>,
        rows: Vec<Vec<Option<Term>>>,
    },
    Boolean(bool),
    Graph(Vec<[Term; 3]>),
}

/// Standard result formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultFormat {
    Json,
    Xml,
    Csv,
    Tsv,
}

/// What the store holds, for the build summary.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub quads: usize,
    pub documents: usize,
    pub actors: usize,
    pub relations: usize,
    pub relations_by_type: Vec<(String, usize)>,
    pub actors_by_type: Vec<(String, usize)>,
}

const LOCK_FILE: &str = "entente.lock";
/// Present once a store has been created whole (see `Store::open`).
const READY_FILE: &str = "entente.ready";
/// Present while shared descriptions may have lost the last document that needed them
/// (see `Store::sweep`): written before a document is replaced or an update runs,
/// removed after the sweep that follows, so a build killed in between leaves it for
/// the next build to finish.
const SWEEP_FILE: &str = "entente.sweep";

impl Store {
    pub fn open(path: &Path, access: Access) -> Result<Store, StoreError> {
        match Self::open_as(path, access) {
            // A build killed while RocksDB was creating the store leaves it without some
            // of its column families, which only a read-write open adds. Finishing the
            // creation is what the next build would do first; a reader does it too, so
            // that a store opens after any crash. (Found by the kill test.)
            Err(StoreError::Open { .. })
                if access == Access::ReadOnly
                    && path.join("CURRENT").is_file()
                    && !path.join(READY_FILE).exists() =>
            {
                drop(Self::open_as(path, Access::ReadWrite)?);
                Self::open_as(path, Access::ReadOnly)
            }
            other => other,
        }
    }

    /// Opens the store without taking its lock, for a process that works under a lock
    /// another holds: the endpoint's query workers (read-only, while the endpoint holds
    /// the lock shared or exclusive) and its updates (read-write, run while no worker
    /// has the store open). Anyone else uses `open`.
    pub fn open_unlocked(path: &Path, access: Access) -> Result<Store, StoreError> {
        if !path.join("CURRENT").is_file() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        Self::open_with(path, access, None)
    }

    /// Closes the store and keeps its lock.
    pub fn into_lock(self) -> Option<StoreLock> {
        self._lock.map(|file| StoreLock { _file: file })
    }

    fn open_as(path: &Path, access: Access) -> Result<Store, StoreError> {
        if access == Access::ReadOnly && !path.join("CURRENT").is_file() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        fs::create_dir_all(path).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source: Box::new(source),
        })?;
        let lock = StoreLock::acquire(path, access)?;
        Self::open_with(path, access, Some(lock._file))
    }

    fn open_with(path: &Path, access: Access, lock: Option<File>) -> Result<Store, StoreError> {
        let opened = match access {
            Access::ReadWrite => oxigraph::store::Store::open(path),
            Access::ReadOnly => oxigraph::store::Store::open_read_only(path),
        };
        let inner = opened.map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source: Box::new(source),
        })?;
        let store = Store {
            inner,
            path: path.to_path_buf(),
            _lock: lock,
            shared_written: Mutex::default(),
            actors_checked: Mutex::default(),
            sweep_owed: AtomicBool::new(false),
        };
        store.check_version(access)?;
        if access == Access::ReadWrite && !path.join(READY_FILE).exists() {
            // Written once the store is whole: RocksDB created with every column family
            // and the schema version recorded.
            File::create(path.join(READY_FILE))
                .and_then(|file| file.sync_all())
                .map_err(|source| StoreError::Open {
                    path: path.to_path_buf(),
                    source: Box::new(source),
                })?;
        }
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A value that changes whenever the store's content may have: the name, size and
    /// modification time of each of RocksDB's files, leaving out its info logs (which
    /// a reader writes too) and entente's own files. Every write changes a file:
    /// the write-ahead log grows, a batch adds table files, a compaction replaces them.
    /// While this handle holds the store's lock no other process writes, so what is
    /// read through it matches the value.
    pub fn fingerprint(&self) -> Result<String, StoreError> {
        Store::fingerprint_at(&self.path)
    }

    /// `fingerprint` of the store at `path`, for a reader that holds its lock
    /// (`StoreLock::acquire`) without opening it.
    pub fn fingerprint_at(path: &Path) -> Result<String, StoreError> {
        let mut files = Vec::new();
        for entry in fs::read_dir(path)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("entente.") || name.starts_with("LOG") || name == "LOCK" {
                continue;
            }
            let metadata = entry.metadata()?;
            let modified = metadata
                .modified()
                .ok()
                .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |since| since.as_nanos());
            files.push(format!("{name} {} {modified}", metadata.len()));
        }
        files.sort();
        Ok(format!(
            "{SCHEMA_VERSION}:{:016x}",
            crate::rdf::encode::StableHash::of(files.join("\n").as_bytes())
        ))
    }

    /// A file of entente's own in the store's folder, beside RocksDB's (`entente.NAME`).
    pub fn own_file(&self, name: &str) -> PathBuf {
        Store::own_file_at(&self.path, name)
    }

    /// `own_file` of the store at `path`, for a reader that does not open it.
    pub fn own_file_at(path: &Path, name: &str) -> PathBuf {
        path.join(format!("entente.{name}"))
    }

    fn check_version(&self, access: Access) -> Result<(), StoreError> {
        let meta = NamedNode::new_unchecked(vocab::meta_graph_iri());
        let subject = NamedNode::new_unchecked(vocab::store_iri());
        let predicate = NamedNode::new_unchecked(ent("schemaVersion"));
        let found: Vec<Term> = self
            .inner
            .quads_for_pattern(
                Some(subject.as_ref().into()),
                Some(predicate.as_ref()),
                None,
                Some(meta.as_ref().into()),
            )
            .map(|quad| quad.map(|quad| quad.object))
            .collect::<Result<_, _>>()?;
        let expected = Literal::from(SCHEMA_VERSION);
        let older = |literal: &Literal| {
            READABLE_VERSIONS
                .iter()
                .any(|&version| literal == &Literal::from(version))
        };
        match found.as_slice() {
            [Term::Literal(literal)] if literal == &expected => Ok(()),
            [Term::Literal(literal)] if older(literal) => {
                if access == Access::ReadWrite {
                    let mut transaction = self.inner.start_transaction()?;
                    transaction.remove(QuadRef::new(
                        subject.as_ref(),
                        predicate.as_ref(),
                        literal.as_ref(),
                        meta.as_ref(),
                    ));
                    transaction.insert(QuadRef::new(
                        subject.as_ref(),
                        predicate.as_ref(),
                        expected.as_ref(),
                        meta.as_ref(),
                    ));
                    transaction.commit()?;
                }
                Ok(())
            }
            [] if self.inner.is_empty()? => {
                if access == Access::ReadWrite {
                    self.inner
                        .insert(&Quad::new(subject, predicate, expected, meta))?;
                }
                Ok(())
            }
            _ => Err(StoreError::Version {
                path: self.path.clone(),
                found: found
                    .first()
                    .map(|term| match term {
                        Term::Literal(literal) => literal.value().to_string(),
                        other => other.to_string(),
                    })
                    .unwrap_or_else(|| "none".to_string()),
                expected: SCHEMA_VERSION,
            }),
        }
    }

    /// Replaces a document's named graph with its extraction, atomically, with the
    /// shared descriptions it needs. Descriptions only the old version needed stay
    /// until the sweep that ends the build.
    pub fn write_document(&self, extraction: &Extraction) -> Result<usize, StoreError> {
        let encoded = encode::encode(extraction);
        self.owe_sweep()?;
        let shared = self.unwritten_shared(encoded.shared)?;
        let graph = NamedNode::new_unchecked(vocab::document_graph_iri(&extraction.doc));
        let mut transaction = self.inner.start_transaction()?;
        transaction.clear_graph(GraphNameRef::NamedNode(graph.as_ref()))?;
        transaction.insert_named_graph(graph.as_ref());
        for quad in encoded.document.iter().chain(&shared) {
            transaction.insert(quad);
        }
        transaction.commit()?;
        Ok(encoded.document.len() + shared.len())
    }

    /// Writes a batch of documents, each all or nothing. Documents the store does not
    /// hold yet go through Oxigraph's bulk loader, whose SST files are ingested in one
    /// atomic step at commit: a crash leaves none of the batch's new documents, never a
    /// part of one, and never one without the shared descriptions it needs (they are
    /// in the same load). Documents already there are replaced one transaction each.
    ///
    /// Measured on 10,000 generated articles: one transaction per document wrote about
    /// 37,000 quads/s (the writer, not extraction, bounded the build: two extraction
    /// threads were no faster than one); committing 64 documents per transaction gave
    /// nothing; the bulk loader per batch is what this does.
    pub fn write_documents(&self, extractions: &[Extraction]) -> Result<usize, StoreError> {
        let mut written = 0;
        let mut fresh = Vec::new();
        let mut shared = Vec::new();
        for extraction in extractions {
            if self.has_document(&extraction.doc)? {
                written += self.write_document(extraction)?;
            } else {
                let encoded = encode::encode(extraction);
                fresh.extend(encoded.document);
                shared.extend(encoded.shared);
            }
        }
        fresh.extend(self.unwritten_shared(shared)?);
        if !fresh.is_empty() {
            written += fresh.len();
            // Split so that every loader thread sorts and writes its share at once: by
            // default a batch this small went to one loader thread while the other
            // core waited (10,000 bench articles: 12.9 s -> 10.0 s; 100,000: 176.7 s
            // -> 129.0 s, with the writer thread of `build`).
            let mut loader = self
                .inner
                .bulk_loader()
                .with_max_memory_size_in_megabytes(fresh.len() / 1000 + 1);
            loader.load_quads(fresh)?;
            loader.commit()?;
        }
        Ok(written)
    }

    /// The shared quads this process has not written yet, each once. A lexicon actor
    /// met for the first time has its stored description compared with this one: facts
    /// the lexicon no longer gives (a changed state or subtype; not the name in another
    /// language) are removed and the new ones written in one transaction.
    fn unwritten_shared(&self, shared: Vec<Quad>) -> Result<Vec<Quad>, StoreError> {
        let mut unwritten = Vec::new();
        {
            let mut written = lock(&self.shared_written);
            for quad in shared {
                if written.insert(quad_hash(&quad)) {
                    unwritten.push(quad);
                }
            }
        }
        let actors = NamedNode::new_unchecked(vocab::actors_graph_iri());
        let mut by_actor: rustc_hash::FxHashMap<&NamedOrBlankNode, Vec<&Quad>> = Default::default();
        for quad in &unwritten {
            if quad.graph_name.as_ref() == GraphNameRef::NamedNode(actors.as_ref()) {
                by_actor.entry(&quad.subject).or_default().push(quad);
            }
        }
        let mut checked = lock(&self.actors_checked);
        for (subject, described) in by_actor {
            if !checked.insert(StableHash::of(subject.to_string().as_bytes())) {
                continue;
            }
            let languages: FxHashSet<&str> = described
                .iter()
                .filter_map(|quad| quad_language(quad))
                .collect();
            let stale: Vec<Quad> = self
                .description(subject, &actors)?
                .into_iter()
                .filter(|quad| {
                    let other_language =
                        quad_language(quad).is_some_and(|language| !languages.contains(language));
                    !other_language && !described.contains(&quad)
                })
                .collect();
            if !stale.is_empty() {
                let mut transaction = self.inner.start_transaction()?;
                for quad in &stale {
                    transaction.remove(quad);
                }
                for &quad in &described {
                    transaction.insert(quad);
                }
                transaction.commit()?;
            }
        }
        Ok(unwritten)
    }

    /// The quads of `subject` in `graph`.
    fn description(
        &self,
        subject: &NamedOrBlankNode,
        graph: &NamedNode,
    ) -> Result<Vec<Quad>, StoreError> {
        Ok(self
            .inner
            .quads_for_pattern(
                Some(subject.as_ref()),
                None,
                None,
                Some(graph.as_ref().into()),
            )
            .collect::<Result<_, _>>()?)
    }

    /// Follows `subject` `via` each node to the literals of its `property`, in any
    /// graph, calling `visit` with each value until it returns true; whether `subject`
    /// has any `via` link at all.
    fn follow_literals(
        &self,
        subject: &NamedOrBlankNode,
        via: &NamedNode,
        property: &NamedNode,
        mut visit: impl FnMut(&str) -> bool,
    ) -> Result<bool, StoreError> {
        let mut linked = false;
        for quad in
            self.inner
                .quads_for_pattern(Some(subject.as_ref()), Some(via.as_ref()), None, None)
        {
            linked = true;
            let Term::NamedNode(node) = quad?.object else {
                continue;
            };
            for quad in self.inner.quads_for_pattern(
                Some(node.as_ref().into()),
                Some(property.as_ref()),
                None,
                None,
            ) {
                if let Term::Literal(value) = quad?.object
                    && visit(value.value())
                {
                    return Ok(true);
                }
            }
        }
        Ok(linked)
    }

    /// Records, before the first replacement or update of this process, that a sweep
    /// is owed.
    fn owe_sweep(&self) -> Result<(), StoreError> {
        if !self.sweep_owed.swap(true, Ordering::SeqCst) {
            File::create(self.path.join(SWEEP_FILE)).and_then(|file| file.sync_all())?;
        }
        Ok(())
    }

    /// Sweeps the shared descriptions when a replacement or an update of this or an
    /// interrupted process may have left some unneeded; the number of quads removed.
    pub fn sweep_if_owed(&self) -> Result<Option<usize>, StoreError> {
        let marker = self.path.join(SWEEP_FILE);
        if !marker.exists() {
            return Ok(None);
        }
        let removed = self.sweep()?;
        self.inner.flush()?;
        fs::remove_file(&marker)?;
        self.sweep_owed.store(false, Ordering::SeqCst);
        Ok(Some(removed))
    }

    /// Removes the shared descriptions no document needs: a relation no document
    /// attests, a lexicon actor no document mentions, an actor's name in a language
    /// no document mentioning it is written in. What stays is what building the
    /// documents into an empty store would write. Returns the number of quads removed.
    pub fn sweep(&self) -> Result<usize, StoreError> {
        let mut stale = self.stale_relations()?;
        stale.extend(self.stale_positions()?);
        stale.extend(self.stale_actors()?);
        if !stale.is_empty() {
            let mut transaction = self.inner.start_transaction()?;
            for quad in &stale {
                transaction.remove(quad);
            }
            transaction.commit()?;
        }
        // Checked again by whoever writes next.
        lock(&self.shared_written).clear();
        lock(&self.actors_checked).clear();
        Ok(stale.len())
    }

    /// The subjects of a class in a shared graph.
    fn shared_subjects(
        &self,
        graph: &NamedNode,
        class: &str,
    ) -> Result<Vec<NamedOrBlankNode>, StoreError> {
        let rdf_type = NamedNode::new_unchecked(vocab::RDF_TYPE);
        let class = NamedNode::new_unchecked(ent(class));
        let mut subjects = Vec::new();
        for quad in self.inner.quads_for_pattern(
            None,
            Some(rdf_type.as_ref()),
            Some(class.as_ref().into()),
            Some(graph.as_ref().into()),
        ) {
            subjects.push(quad?.subject);
        }
        Ok(subjects)
    }

    /// The descriptions of relations no document attests, and the direct triples no
    /// report that does not deny its relation needs.
    fn stale_relations(&self) -> Result<Vec<Quad>, StoreError> {
        let relations = NamedNode::new_unchecked(vocab::relations_graph_iri());
        let attestation = NamedNode::new_unchecked(ent("attestation"));
        let status = NamedNode::new_unchecked(ent("status"));
        let mut stale = Vec::new();
        let mut needed: FxHashSet<(String, String, String)> = FxHashSet::default();
        for subject in self.shared_subjects(&relations, "Relation")? {
            let description = self.description(&subject, &relations)?;
            let mut asserted = false;
            let attested = self.follow_literals(&subject, &attestation, &status, |value| {
                asserted |= value != Status::Denied.as_str();
                asserted
            })?;
            if !attested {
                stale.extend(description);
            } else if asserted {
                needed.extend(direct_triples(&description));
            }
        }
        for info in crate::model::RELATION_KINDS {
            let property = NamedNode::new_unchecked(ent(info.rdf_property));
            for quad in self.inner.quads_for_pattern(
                None,
                Some(property.as_ref()),
                None,
                Some(relations.as_ref().into()),
            ) {
                let quad = quad?;
                let key = (
                    term_value(&quad.subject.clone().into()),
                    property.as_str().to_string(),
                    term_value(&quad.object),
                );
                if !needed.contains(&key) {
                    stale.push(quad);
                }
            }
        }
        Ok(stale)
    }

    /// The descriptions of positions no document says anyone holds.
    fn stale_positions(&self) -> Result<Vec<Quad>, StoreError> {
        let relations = NamedNode::new_unchecked(vocab::relations_graph_iri());
        let holds = NamedNode::new_unchecked(ent("holds"));
        let mut stale = Vec::new();
        for subject in self.shared_subjects(&relations, "Position")? {
            let NamedOrBlankNode::NamedNode(position) = &subject else {
                continue;
            };
            let held = self
                .inner
                .quads_for_pattern(
                    None,
                    Some(holds.as_ref()),
                    Some(position.as_ref().into()),
                    None,
                )
                .next()
                .transpose()?
                .is_some();
            if !held {
                stale.extend(self.description(&subject, &relations)?);
            }
        }
        Ok(stale)
    }

    /// The descriptions of lexicon actors no document mentions, and their names in
    /// languages no document mentioning them is written in.
    fn stale_actors(&self) -> Result<Vec<Quad>, StoreError> {
        let actors = NamedNode::new_unchecked(vocab::actors_graph_iri());
        let mentioned_in = NamedNode::new_unchecked(ent("mentionedIn"));
        let language = NamedNode::new_unchecked(vocab::DCTERMS_LANGUAGE);
        let mut stale = Vec::new();
        for subject in self.shared_subjects(&actors, "Actor")? {
            let description = self.description(&subject, &actors)?;
            let mut unconfirmed: FxHashSet<String> = description
                .iter()
                .filter_map(|quad| quad_language(quad).map(str::to_string))
                .collect();
            let mentioned = self.follow_literals(&subject, &mentioned_in, &language, |code| {
                unconfirmed.remove(code);
                unconfirmed.is_empty()
            })?;
            stale.extend(description.into_iter().filter(|quad| {
                !mentioned || quad_language(quad).is_some_and(|code| unconfirmed.contains(code))
            }));
        }
        Ok(stale)
    }

    /// Compacts the store: RocksDB merges the files each batch added into few sorted
    /// ones. Every string in a query answer is a point lookup into them, and each
    /// lookup looked into every file a batch had left (10,000 generated articles: 105
    /// files, `path` 11.9 s; compacted in 5.7 s to 21 files, `path` 4.0 s). Crash-safe
    /// like any RocksDB compaction: a killed one leaves the files it started from.
    pub fn compact(&self) -> Result<(), StoreError> {
        self.inner.optimize()?;
        Ok(())
    }

    /// Whether the store already holds a document (for resumed builds).
    pub fn has_document(&self, doc: &str) -> Result<bool, StoreError> {
        let graph = NamedNode::new_unchecked(vocab::document_graph_iri(doc));
        Ok(self.inner.contains_named_graph(graph.as_ref())?)
    }

    /// The IRIs of every named graph (documents and the store's own), sorted.
    pub fn named_graphs(&self) -> Result<Vec<String>, StoreError> {
        let mut graphs = Vec::new();
        for graph in self.inner.named_graphs() {
            if let oxigraph::model::NamedOrBlankNode::NamedNode(node) = graph? {
                graphs.push(node.into_string());
            }
        }
        graphs.sort_unstable();
        Ok(graphs)
    }

    /// The graphs a push sends: every named graph but the shared descriptions, which
    /// go with the documents that need them (`graph_for_push`).
    pub fn pushed_graphs(&self) -> Result<Vec<String>, StoreError> {
        let shared = [vocab::actors_graph_iri(), vocab::relations_graph_iri()];
        let mut graphs = self.named_graphs()?;
        graphs.retain(|graph| !shared.contains(graph));
        Ok(graphs)
    }

    /// A named graph as a push sends it, as N-Triples, one triple a line, sorted
    /// (empty for an unknown or invalid IRI). A document's graph comes whole, with the
    /// shared descriptions of what it names: the actors it mentions (their names in its
    /// language), the relations it attests (their direct triples unless it denies
    /// them) and the positions it gives. So each graph stands on its own on the
    /// server, where a `PUT` replaces it, and stores built apart (shards) merge there
    /// without one's shared graph replacing another's.
    pub fn graph_for_push(&self, iri: &str) -> Result<Vec<u8>, StoreError> {
        let Ok(name) = NamedNode::new(iri) else {
            return Ok(Vec::new());
        };
        let own: Vec<Quad> = self
            .inner
            .quads_for_pattern(None, None, None, Some(name.as_ref().into()))
            .collect::<Result<_, _>>()?;
        let mut triples: Vec<String> = own.iter().map(triple_line).collect();
        let predicate_is = |quad: &Quad, name: &str| quad.predicate.as_str() == ent(name);
        let language = own
            .iter()
            .find(|quad| quad.predicate.as_str() == vocab::DCTERMS_LANGUAGE)
            .map(|quad| term_value(&quad.object));
        let actors = NamedNode::new_unchecked(vocab::actors_graph_iri());
        let relations = NamedNode::new_unchecked(vocab::relations_graph_iri());
        let denied: FxHashSet<&NamedOrBlankNode> = own
            .iter()
            .filter(|quad| {
                predicate_is(quad, "status") && term_value(&quad.object) == Status::Denied.as_str()
            })
            .map(|quad| &quad.subject)
            .collect();
        let direct: FxHashSet<String> = crate::model::RELATION_KINDS
            .iter()
            .map(|info| ent(info.rdf_property))
            .collect();
        for quad in &own {
            let Term::NamedNode(object) = &quad.object else {
                continue;
            };
            if predicate_is(quad, "mentionedIn") {
                for shared in self.description(&quad.subject, &actors)? {
                    let other_language = quad_language(&shared)
                        .is_some_and(|code| Some(code) != language.as_deref());
                    if !other_language {
                        triples.push(triple_line(&shared));
                    }
                }
            } else if predicate_is(quad, "attestation") {
                let description = self.description(&quad.subject, &relations)?;
                let report = NamedOrBlankNode::NamedNode(object.clone());
                if !denied.contains(&report) {
                    for (from, property, to) in direct_triples(&description) {
                        triples.push(format!("<{from}> <{property}> <{to}> ."));
                    }
                }
                triples.extend(
                    description
                        .iter()
                        .filter(|shared| !direct.contains(shared.predicate.as_str()))
                        .map(triple_line),
                );
            } else if predicate_is(quad, "holds") {
                let position = NamedOrBlankNode::NamedNode(object.clone());
                triples.extend(
                    self.description(&position, &relations)?
                        .iter()
                        .map(triple_line),
                );
            }
        }
        triples.sort_unstable();
        triples.dedup();
        let mut body = Vec::with_capacity(triples.iter().map(|line| line.len() + 1).sum());
        for line in triples {
            body.extend_from_slice(line.as_bytes());
            body.push(b'\n');
        }
        Ok(body)
    }

    pub fn flush(&self) -> Result<(), StoreError> {
        self.inner.flush()?;
        Ok(())
    }

    pub fn len(&self) -> Result<usize, StoreError> {
        Ok(self.inner.len()?)
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.inner.is_empty()?)
    }

    fn evaluator() -> SparqlEvaluator {
        // The command line never federates: SERVICE reaches no network from `query`.
        SparqlEvaluator::new().without_default_http_service_handler()
    }

    fn run(&self, sparql: &str) -> Result<QueryResults<'_>, StoreError> {
        let mut prepared = prepare(Self::evaluator(), sparql)?;
        default_to_union(prepared.dataset_mut());
        prepared
            .on_store(&self.inner)
            .execute()
            .map_err(StoreError::Evaluation)
    }

    /// Runs a query and returns its answer as terms.
    pub fn query(&self, sparql: &str) -> Result<Answer, StoreError> {
        match self.run(sparql)? {
            QueryResults::Solutions(solutions) => {
                let variables: Vec<String> = solutions
                    .variables()
                    .iter()
                    .map(|variable| variable.as_str().to_string())
                    .collect();
                let mut rows = Vec::new();
                for solution in solutions {
                    let solution = solution.map_err(StoreError::Evaluation)?;
                    rows.push(
                        variables
                            .iter()
                            .map(|variable| solution.get(variable.as_str()).cloned())
                            .collect(),
                    );
                }
                Ok(Answer::Solutions { variables, rows })
            }
            QueryResults::Boolean(value) => Ok(Answer::Boolean(value)),
            QueryResults::Graph(triples) => {
                let mut out = Vec::new();
                for triple in triples {
                    let triple = triple.map_err(StoreError::Evaluation)?;
                    out.push([
                        triple.subject.into(),
                        triple.predicate.into(),
                        triple.object,
                    ]);
                }
                Ok(Answer::Graph(out))
            }
        }
    }

    /// Runs a query and writes its answer in a standard format: SPARQL results for
    /// SELECT and ASK, N-Triples for CONSTRUCT and DESCRIBE.
    pub fn query_to_writer<W: Write>(
        &self,
        sparql: &str,
        format: ResultFormat,
        writer: W,
    ) -> Result<W, StoreError> {
        let results_format = match format {
            ResultFormat::Json => QueryResultsFormat::Json,
            ResultFormat::Xml => QueryResultsFormat::Xml,
            ResultFormat::Csv => QueryResultsFormat::Csv,
            ResultFormat::Tsv => QueryResultsFormat::Tsv,
        };
        match self.run(sparql)? {
            QueryResults::Solutions(solutions) => {
                let mut serializer = QueryResultsSerializer::from_format(results_format)
                    .serialize_solutions_to_writer(writer, solutions.variables().to_vec())?;
                for solution in solutions {
                    let solution = solution.map_err(StoreError::Evaluation)?;
                    serializer.serialize(&solution)?;
                }
                Ok(serializer.finish()?)
            }
            QueryResults::Boolean(value) => Ok(QueryResultsSerializer::from_format(results_format)
                .serialize_boolean_to_writer(writer, value)?),
            QueryResults::Graph(triples) => {
                let mut serializer =
                    RdfSerializer::from_format(RdfFormat::NTriples).for_writer(writer);
                for triple in triples {
                    serializer.serialize_triple(&triple.map_err(StoreError::Evaluation)?)?;
                }
                Ok(serializer.finish()?)
            }
        }
    }

    /// Dumps every named graph as N-Quads (or TriG), streaming; Turtle gets the
    /// union of the documents' graphs (each triple once).
    pub fn dump<W: Write>(&self, format: DumpFormat, writer: W) -> Result<W, StoreError> {
        let format = match format {
            DumpFormat::NQuads => RdfFormat::NQuads,
            DumpFormat::TriG => RdfFormat::TriG,
            DumpFormat::Turtle => {
                // Sorted by their N-Triples form: one copy of each, in a stable order.
                let mut triples = std::collections::BTreeMap::new();
                for quad in self.inner.iter() {
                    let quad = quad?;
                    if quad.graph_name.to_string() == format!("<{}>", vocab::meta_graph_iri()) {
                        continue;
                    }
                    let triple =
                        oxigraph::model::Triple::new(quad.subject, quad.predicate, quad.object);
                    triples.insert(triple.to_string(), triple);
                }
                let mut serializer = RdfSerializer::from_format(RdfFormat::Turtle)
                    .with_prefix("ent", vocab::ONTOLOGY)
                    .map_err(|error| StoreError::Io(std::io::Error::other(error)))?
                    .with_prefix("skos", "http://www.w3.org/2004/02/skos/core#")
                    .map_err(|error| StoreError::Io(std::io::Error::other(error)))?
                    .for_writer(writer);
                for triple in triples.values() {
                    serializer.serialize_triple(triple)?;
                }
                return Ok(serializer.finish()?);
            }
        };
        let mut serializer = RdfSerializer::from_format(format).for_writer(writer);
        for quad in self.inner.iter() {
            serializer.serialize_quad(&quad?)?;
        }
        Ok(serializer.finish()?)
    }

    pub fn summary(&self) -> Result<Summary, StoreError> {
        let count = |sparql: &str| -> Result<usize, StoreError> {
            match self.query(sparql)? {
                Answer::Solutions { rows, .. } => Ok(rows
                    .first()
                    .and_then(|row| row.first().cloned().flatten())
                    .and_then(|term| match term {
                        Term::Literal(literal) => literal.value().parse().ok(),
                        _ => None,
                    })
                    .unwrap_or(0)),
                _ => Ok(0),
            }
        };
        let grouped = |sparql: &str| -> Result<Vec<(String, usize)>, StoreError> {
            let Answer::Solutions { rows, .. } = self.query(sparql)? else {
                return Ok(Vec::new());
            };
            Ok(rows
                .into_iter()
                .filter_map(|row| {
                    let key = match row.first()?.as_ref()? {
                        Term::Literal(literal) => literal.value().to_string(),
                        other => other.to_string(),
                    };
                    let value = match row.get(1)?.as_ref()? {
                        Term::Literal(literal) => literal.value().parse().ok()?,
                        _ => return None,
                    };
                    Some((key, value))
                })
                .collect())
        };
        let prefix = format!("PREFIX ent: <{}>\n", vocab::ONTOLOGY);
        Ok(Summary {
            quads: self.len()?,
            documents: count(&format!(
                "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d a <{}> }}",
                vocab::SCHEMA_NEWS_ARTICLE
            ))?,
            actors: count(&format!(
                "{prefix}SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a a ent:Actor }}"
            ))?,
            relations: count(&format!(
                "{prefix}SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r a ent:Relation }}"
            ))?,
            relations_by_type: grouped(&format!(
                "{prefix}SELECT ?t (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r ent:relationType ?t }} GROUP BY ?t ORDER BY DESC(?n) ?t"
            ))?,
            actors_by_type: grouped(&format!(
                "{prefix}SELECT ?t (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a ent:actorType ?t }} GROUP BY ?t ORDER BY DESC(?n) ?t"
            ))?,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DumpFormat {
    NQuads,
    TriG,
    Turtle,
}

/// The value of a term for display: a literal's lexical form, an IRI as is.
pub fn term_value(term: &Term) -> String {
    match term {
        Term::Literal(literal) => literal.value().to_string(),
        Term::NamedNode(node) => node.as_str().to_string(),
        other => other.to_string(),
    }
}

/// Is this IRI one of ours (for shortening in tables)?
pub fn is_entente_iri(term: &Term) -> Option<&str> {
    match term {
        Term::NamedNode(node) => node.as_str().strip_prefix(vocab::BASE),
        _ => None,
    }
}

/// The deepest nesting of groups, brackets and parentheses a query may have. The
/// SPARQL parser recurses at each level: 5,000 nested groups overflowed the stack of
/// the main thread (8 MiB), 3,000 did not.
pub const MAX_NESTING: usize = 1000;

/// Parses a query, refusing one nested too deep before the parser recurses into it.
fn prepare(
    evaluator: SparqlEvaluator,
    sparql: &str,
) -> Result<oxigraph::sparql::PreparedSparqlQuery, StoreError> {
    check_nesting(sparql)?;
    evaluator
        .parse_query(sparql)
        .map_err(|error| StoreError::Syntax {
            message: error.to_string(),
        })
}

/// The direct triples (subject, property, object IRIs) of a relation, from its shared
/// description: what `encode` writes for a report that does not deny it.
fn direct_triples(description: &[Quad]) -> Vec<(String, String, String)> {
    let objects = |predicate: &str| -> Vec<String> {
        let mut values: Vec<String> = description
            .iter()
            .filter(|quad| quad.predicate.as_str() == predicate)
            .map(|quad| term_value(&quad.object))
            .collect();
        values.sort_unstable();
        values
    };
    let Some(kind) = objects(&ent("relationType"))
        .first()
        .and_then(|kind| RelationKind::parse(kind))
    else {
        return Vec::new();
    };
    let participants = if kind.is_directed() {
        let mut ordered = objects(&ent("subject"));
        ordered.truncate(1);
        ordered.extend(objects(&ent("object")));
        ordered
    } else {
        objects(&ent("participant"))
    };
    let participants: Vec<&str> = participants.iter().map(String::as_str).collect();
    let property = vocab::direct_property(kind);
    encode::direct_links(kind, &participants)
        .into_iter()
        .map(|(from, to)| (from.to_string(), property.clone(), to.to_string()))
        .collect()
}

/// A 128-bit hash of a quad's parts (two 64-bit hashes of different families): the
/// shared quads of a 100,000-article build, about a million, never collide in it.
fn quad_hash(quad: &Quad) -> u128 {
    use std::hash::Hasher;
    let mut fx = rustc_hash::FxHasher::default();
    let mut fnv = StableHash::EMPTY;
    for part in encode::quad_key(quad) {
        fx.write(part.as_bytes());
        fx.write_u8(0xff);
        fnv = StableHash::extend(StableHash::extend(fnv, part.as_bytes()), &[0xff]);
    }
    (u128::from(fx.finish()) << 64) | u128::from(fnv)
}

/// A quad's triple as an N-Triples line, without its end of line.
fn triple_line(quad: &Quad) -> String {
    format!("{} {} {} .", quad.subject, quad.predicate, quad.object)
}

/// The language tag of a quad's object, if a language-tagged literal.
fn quad_language(quad: &Quad) -> Option<&str> {
    match &quad.object {
        Term::Literal(literal) => literal.language(),
        _ => None,
    }
}

/// A mutex's value, also after a thread panicked holding it (the sets it guards stay
/// valid: at worst a quad is written twice).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The default graph is the union of the documents' graphs, so queries need no GRAPH
/// clause; GRAPH ?g still reaches each document. A query's own FROM and FROM NAMED
/// clauses choose its dataset instead.
fn default_to_union(dataset: &mut oxigraph::sparql::QueryDataset) {
    if dataset.is_default_dataset() {
        dataset.set_default_graph_as_union();
    }
}

/// Refuses a query nested deeper than `MAX_NESTING`, before the parser sees it.
/// Brackets inside string literals do not count.
fn check_nesting(sparql: &str) -> Result<(), StoreError> {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in sparql.chars() {
        if let Some(open) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == open {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '{' | '(' | '[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            '}' | ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if deepest > MAX_NESTING {
        return Err(StoreError::Syntax {
            message: format!(
                "the query is nested {deepest} levels deep, more than the {MAX_NESTING} allowed"
            ),
        });
    }
    Ok(())
}

/// Named nodes for callers that build patterns without oxigraph imports.
pub fn named_node(iri: &str) -> Option<NamedNodeRef<'_>> {
    NamedNodeRef::new(iri).ok()
}

/// Bounds on one served query. Its time and memory are bounded by the endpoint, which
/// runs it in a worker process (`endpoint::pool`).
#[derive(Clone, Default)]
pub struct QueryLimits {
    /// More solutions (or triples) than this is an error, not a truncated answer.
    pub max_results: Option<usize>,
    /// Allow SERVICE federation (plain HTTP endpoints only).
    pub allow_service: bool,
}

/// The dataset a request names with the SPARQL Protocol's `default-graph-uri` and
/// `named-graph-uri` parameters. When it names any graph it replaces the query's own
/// FROM and FROM NAMED clauses (SPARQL 1.1 Protocol, 2.1.4): the default graph is the
/// merge of the `default-graph-uri` graphs (empty when none is given) and the named
/// graphs are the `named-graph-uri` ones. When it names none, the query's clauses
/// choose, and a query without them has the union of the documents' graphs as its
/// default graph and every document's graph as a named graph.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct DatasetRequest {
    pub default_graphs: Vec<String>,
    pub named_graphs: Vec<String>,
}

impl DatasetRequest {
    fn apply(&self, dataset: &mut oxigraph::sparql::QueryDataset) -> Result<(), ServeError> {
        let iri = |iri: &String| {
            NamedNode::new(iri.as_str()).map_err(|_| ServeError::BadGraph { iri: iri.clone() })
        };
        if self.default_graphs.is_empty() && self.named_graphs.is_empty() {
            default_to_union(dataset);
            return Ok(());
        }
        dataset.set_default_graph(
            self.default_graphs
                .iter()
                .map(|name| iri(name).map(Into::into))
                .collect::<Result<_, _>>()?,
        );
        dataset.set_available_named_graphs(
            self.named_graphs
                .iter()
                .map(|name| iri(name).map(Into::into))
                .collect::<Result<_, _>>()?,
        );
        Ok(())
    }
}

/// Errors of served queries, beside `StoreError`'s.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ServeError {
    #[error("the answer has more than {limit} results")]
    TooManyResults { limit: usize },
    #[error("SERVICE federation is disabled on this endpoint")]
    ServiceRefused,
    #[error("no acceptable result format for {accept:?}")]
    NotAcceptable { accept: String },
    #[error("{iri:?} is not an absolute IRI, so it names no graph")]
    BadGraph { iri: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The media type of an answer and its bytes.
pub struct Served {
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

fn results_format(accept: &str, format: Option<&str>) -> Option<QueryResultsFormat> {
    if let Some(format) = format {
        return match format {
            "json" => Some(QueryResultsFormat::Json),
            "xml" => Some(QueryResultsFormat::Xml),
            "csv" => Some(QueryResultsFormat::Csv),
            "tsv" => Some(QueryResultsFormat::Tsv),
            other => QueryResultsFormat::from_media_type(other),
        };
    }
    for media in accept
        .split(',')
        .map(|part| part.split(';').next().unwrap_or("").trim())
    {
        if media.is_empty() || media == "*/*" || media == "application/*" {
            return Some(QueryResultsFormat::Json);
        }
        if let Some(found) = QueryResultsFormat::from_media_type(media) {
            return Some(found);
        }
    }
    if accept.trim().is_empty() {
        Some(QueryResultsFormat::Json)
    } else {
        None
    }
}

/// The RDF format of a graph answer: by `format` parameter or `Accept` header.
pub fn graph_format(accept: &str, format: Option<&str>) -> Option<RdfFormat> {
    if let Some(format) = format {
        return match format {
            "turtle" | "ttl" => Some(RdfFormat::Turtle),
            "ntriples" | "nt" => Some(RdfFormat::NTriples),
            "jsonld" | "json-ld" | "json" => RdfFormat::from_media_type("application/ld+json"),
            "xml" | "rdfxml" => Some(RdfFormat::RdfXml),
            other => RdfFormat::from_media_type(other),
        };
    }
    for media in accept
        .split(',')
        .map(|part| part.split(';').next().unwrap_or("").trim())
    {
        if media.is_empty() || media == "*/*" || media == "text/*" {
            return Some(RdfFormat::Turtle);
        }
        if let Some(found) = RdfFormat::from_media_type(media) {
            return Some(found);
        }
    }
    if accept.trim().is_empty() {
        Some(RdfFormat::Turtle)
    } else {
        None
    }
}

fn graph_content_type(format: RdfFormat) -> &'static str {
    match format {
        RdfFormat::NTriples => "application/n-triples",
        RdfFormat::RdfXml => "application/rdf+xml",
        RdfFormat::Turtle => "text/turtle",
        RdfFormat::NQuads => "application/n-quads",
        RdfFormat::TriG => "application/trig",
        _ => "application/ld+json",
    }
}

fn results_content_type(format: QueryResultsFormat) -> &'static str {
    match format {
        QueryResultsFormat::Xml => "application/sparql-results+xml",
        QueryResultsFormat::Csv => "text/csv; charset=utf-8",
        QueryResultsFormat::Tsv => "text/tab-separated-values; charset=utf-8",
        _ => "application/sparql-results+json",
    }
}

fn evaluation_error(error: oxigraph::sparql::QueryEvaluationError) -> ServeError {
    if error.to_string().to_ascii_lowercase().contains("service") {
        ServeError::ServiceRefused
    } else {
        ServeError::Store(StoreError::Evaluation(error))
    }
}

impl Store {
    /// Runs a query for the SPARQL endpoint: bounded in time and size, the answer
    /// buffered so that a timeout is an error and never a truncated success.
    pub fn serve_query(
        &self,
        sparql: &str,
        accept: &str,
        format: Option<&str>,
        dataset: &DatasetRequest,
        limits: &QueryLimits,
    ) -> Result<Served, ServeError> {
        let mut evaluator = SparqlEvaluator::new();
        if !limits.allow_service {
            evaluator = evaluator.without_default_http_service_handler();
        }
        let mut prepared = prepare(evaluator, sparql)?;
        dataset.apply(prepared.dataset_mut())?;
        let results = prepared
            .on_store(&self.inner)
            .execute()
            .map_err(evaluation_error)?;
        let too_many = |count: usize| limits.max_results.is_some_and(|limit| count > limit);
        let limit = limits.max_results.unwrap_or(usize::MAX);
        match results {
            QueryResults::Solutions(solutions) => {
                let format =
                    results_format(accept, format).ok_or_else(|| ServeError::NotAcceptable {
                        accept: accept.to_string(),
                    })?;
                let mut serializer = QueryResultsSerializer::from_format(format)
                    .serialize_solutions_to_writer(Vec::new(), solutions.variables().to_vec())
                    .map_err(StoreError::from)?;
                for (count, solution) in solutions.enumerate() {
                    if too_many(count + 1) {
                        return Err(ServeError::TooManyResults { limit });
                    }
                    serializer
                        .serialize(&solution.map_err(evaluation_error)?)
                        .map_err(StoreError::from)?;
                }
                Ok(Served {
                    content_type: results_content_type(format),
                    body: serializer.finish().map_err(StoreError::from)?,
                })
            }
            QueryResults::Boolean(value) => {
                let format =
                    results_format(accept, format).ok_or_else(|| ServeError::NotAcceptable {
                        accept: accept.to_string(),
                    })?;
                Ok(Served {
                    content_type: results_content_type(format),
                    body: QueryResultsSerializer::from_format(format)
                        .serialize_boolean_to_writer(Vec::new(), value)
                        .map_err(StoreError::from)?,
                })
            }
            QueryResults::Graph(triples) => {
                let format =
                    graph_format(accept, format).ok_or_else(|| ServeError::NotAcceptable {
                        accept: accept.to_string(),
                    })?;
                let mut serializer = RdfSerializer::from_format(format).for_writer(Vec::new());
                for (count, triple) in triples.enumerate() {
                    if too_many(count + 1) {
                        return Err(ServeError::TooManyResults { limit });
                    }
                    serializer
                        .serialize_triple(&triple.map_err(evaluation_error)?)
                        .map_err(StoreError::from)?;
                }
                Ok(Served {
                    content_type: graph_content_type(format),
                    body: serializer.finish().map_err(StoreError::from)?,
                })
            }
        }
    }

    /// Runs a SPARQL 1.1 update (the endpoint's `--allow-update`), then sweeps the
    /// shared descriptions it may have left unneeded (a dropped document's).
    pub fn update(&self, sparql: &str) -> Result<(), StoreError> {
        let update = SparqlEvaluator::new()
            .parse_update(sparql)
            .map_err(|error| StoreError::Syntax {
                message: error.to_string(),
            })?;
        self.owe_sweep()?;
        update
            .on_store(&self.inner)
            .execute()
            .map_err(|error| StoreError::Update {
                message: error.to_string(),
            })?;
        self.sweep_if_owed()?;
        Ok(())
    }

    /// A named graph (or, with `None`, the union of all documents' graphs) in an RDF
    /// format: the Graph Store Protocol's GET.
    pub fn graph(
        &self,
        graph: Option<&str>,
        format: RdfFormat,
    ) -> Result<Option<Served>, StoreError> {
        let mut serializer = RdfSerializer::from_format(format).for_writer(Vec::new());
        match graph {
            Some(iri) => {
                let Ok(name) = NamedNode::new(iri) else {
                    return Ok(None);
                };
                if !self.inner.contains_named_graph(name.as_ref())? {
                    return Ok(None);
                }
                for quad in
                    self.inner
                        .quads_for_pattern(None, None, None, Some(name.as_ref().into()))
                {
                    let quad = quad?;
                    serializer.serialize_triple(oxigraph::model::TripleRef::new(
                        &quad.subject,
                        &quad.predicate,
                        &quad.object,
                    ))?;
                }
            }
            None => {
                let mut seen = std::collections::HashSet::new();
                for quad in self.inner.iter() {
                    let quad = quad?;
                    let triple =
                        oxigraph::model::Triple::new(quad.subject, quad.predicate, quad.object);
                    if seen.insert(triple.clone()) {
                        serializer.serialize_triple(&triple)?;
                    }
                }
            }
        }
        Ok(Some(Served {
            content_type: graph_content_type(format),
            body: serializer.finish()?,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deep nesting is refused before the parser recurses into it, at any of the three
    /// kinds of bracket; brackets in string literals, escaped quotes included, do not
    /// count, and a query at the limit passes.
    #[test]
    fn queries_nested_too_deep_are_refused_before_parsing() {
        let nested = |depth: usize| {
            format!(
                "SELECT * WHERE {}?s ?p ?o {}",
                "{ ".repeat(depth),
                "} ".repeat(depth)
            )
        };
        assert!(check_nesting(&nested(MAX_NESTING)).is_ok());
        let error = check_nesting(&nested(MAX_NESTING + 1)).unwrap_err();
        assert!(
            error.to_string().contains("nested 1001 levels deep"),
            "{error}"
        );
        let parens = format!(
            "ASK {{ FILTER({}1{}) }}",
            "(".repeat(2000),
            ")".repeat(2000)
        );
        assert!(check_nesting(&parens).is_err());
        let paths = format!(
            "ASK {{ ?a {}<p>{} ?b }}",
            "[ <p> ".repeat(1500),
            " ]".repeat(1500)
        );
        assert!(check_nesting(&paths).is_err());
        let in_strings = format!(
            "ASK {{ ?s ?p \"{}\\\" {}\" . ?s ?p '{}' }}",
            "{".repeat(5000),
            "(".repeat(5000),
            "[".repeat(5000)
        );
        assert!(check_nesting(&in_strings).is_ok());
    }
}
