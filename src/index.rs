//! The graph index: the store's actors and relations, with every source and its
//! evidence, in one compact file beside the store (`entente.graph`), so that `path`,
//! `show`, `rank`, `view`, the exports and the server's JSON API open the graph without
//! decoding the store, or opening it at all.
//!
//! `build` writes it once the store is written; a reader that finds it missing, stale
//! (its first line names another store state, `Store::fingerprint`) or broken reads
//! the store and writes it again.
//!
//! The file, after its first line `entente graph index FORMAT FINGERPRINT`: a table of
//! seven numbers (8 bytes each, little-endian: the graph's length, then where each
//! section starts and where the file ends), the graph (Postcard: the actors, and the
//! relations with how many sources each has; a relation's sources follow the previous
//! relation's), then fixed-width sections: per source its document's number (4
//! bytes) and status (1 byte); per document an offset, and the documents' texts
//! (`id`, a tab, the publication date); per source an offset, and the evidence. A
//! reader reads the graph, the sources and the documents in one pass each (7 MB on the
//! 100,000-article bench store, a seventh of the file) and of the evidence only what it
//! shows (`Sources::fill_evidence`).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::graph::{Edge, Evidence, Node, Snapshot, Source, as_text, as_text_option};
use crate::model::{DateValue, Day, RelationKind, Status};
use crate::store::{Access, Store, StoreError, StoreLock};

/// The index's name among the store's own files (`Store::own_file`).
pub const INDEX_FILE: &str = "graph";
/// The snapshot cache of earlier versions, removed when the index is written.
const OLD_CACHE: &str = "snapshot";

/// The format's number changes with what the file holds.
fn header(fingerprint: &str) -> String {
    format!("entente graph index 2 {fingerprint}\n")
}

/// Bytes per source in the sources section: document number, status.
const SOURCE_BYTES: usize = 5;

#[derive(Serialize, Deserialize)]
struct Body {
    nodes: Vec<Node>,
    edges: Vec<IndexEdge>,
    docs: u64,
}

#[derive(Serialize, Deserialize)]
struct IndexEdge {
    iri: String,
    #[serde(with = "as_text")]
    kind: RelationKind,
    participants: Vec<u32>,
    #[serde(with = "as_text_option")]
    date: Option<DateValue>,
    #[serde(with = "as_text")]
    status: Status,
    sources: u64,
    /// `Edge::first_reported`, as a day number.
    first_reported: Option<i64>,
}

/// Where the sections start, and the file's end.
#[derive(Clone, Copy, Debug, Default)]
struct Layout {
    body: u64,
    sources: u64,
    doc_offsets: u64,
    docs: u64,
    evidence_offsets: u64,
    evidence: u64,
    end: u64,
}

impl Layout {
    const BYTES: usize = 7 * 8;

    fn to_bytes(self) -> Vec<u8> {
        [
            self.body,
            self.sources,
            self.doc_offsets,
            self.docs,
            self.evidence_offsets,
            self.evidence,
            self.end,
        ]
        .iter()
        .flat_map(|value| value.to_le_bytes())
        .collect()
    }

    fn from_bytes(bytes: &[u8; Layout::BYTES]) -> Layout {
        let value = |index: usize| u64_at(bytes, index * 8).unwrap_or_default();
        Layout {
            body: value(0),
            sources: value(1),
            doc_offsets: value(2),
            docs: value(3),
            evidence_offsets: value(4),
            evidence: value(5),
            end: value(6),
        }
    }
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

fn status_code(status: Status) -> u8 {
    Status::ALL
        .iter()
        .position(|known| *known == status)
        .unwrap_or_default() as u8
}

/// The sources of the index's relations, read into a snapshot for the relations it
/// shows (`load`), and their evidence (`fill_evidence`).
pub struct Sources {
    /// The file as it was read: a new index renamed over it later leaves this one
    /// readable. `None` when the snapshot holds every source and its evidence already.
    file: Option<File>,
    path: PathBuf,
    layout: Layout,
    /// Per relation, its first source's number; one past the last at the end.
    first_source: Vec<usize>,
    /// The sources section.
    sources: Vec<u8>,
    /// The document offsets and texts sections.
    doc_offsets: Vec<u8>,
    docs: Vec<u8>,
    /// Per document, the last day of its publication date, read when first needed.
    latest: std::sync::OnceLock<Vec<Option<Day>>>,
}

/// An index read from its file: the graph, whose relations say how many sources
/// they have but hold none yet, and the sources to read into it.
pub struct GraphIndex {
    pub snapshot: Snapshot,
    pub sources: Sources,
}

impl GraphIndex {
    /// The graph of the store at `path`, from its index when it is fresh (the store
    /// is not opened, only its lock taken), otherwise from the store (`open`).
    pub fn open_path(path: &Path) -> Result<GraphIndex, StoreError> {
        if path.join("CURRENT").is_file() {
            let lock = StoreLock::acquire(path, Access::ReadOnly)?;
            if let Some(index) = fresh(path)? {
                return Ok(index);
            }
            drop(lock);
        }
        GraphIndex::open(&Store::open(path, Access::ReadOnly)?)
    }

    /// `open_path` for a process that holds the store's lock for itself and keeps
    /// writers out (the server, which reads it beside its query workers).
    pub fn open_unlocked(path: &Path) -> Result<GraphIndex, StoreError> {
        match fresh(path)? {
            Some(index) => Ok(index),
            None => GraphIndex::open(&Store::open_unlocked(path, Access::ReadOnly)?),
        }
    }

    /// The store's graph, from the index when it is fresh, otherwise from the store,
    /// leaving a new index for the next reader. An index that cannot be written (a
    /// read-only disk) is no error: the graph is the store's either way.
    pub fn open(store: &Store) -> Result<GraphIndex, StoreError> {
        let fingerprint = store.fingerprint()?;
        let path = store.own_file(INDEX_FILE);
        if let Some(index) = read(&path, &header(&fingerprint)) {
            return Ok(index);
        }
        let snapshot = Snapshot::read(store)?;
        let _ = write(&path, &header(&fingerprint), &snapshot);
        let _ = std::fs::remove_file(store.own_file(OLD_CACHE));
        if let Some(index) = read(&path, &header(&fingerprint)) {
            return Ok(index);
        }
        // Not written: the snapshot read from the store, every source in it.
        Ok(GraphIndex {
            snapshot,
            sources: Sources::none(),
        })
    }

    /// Writes the index of the store as it is now (what `build` does last); returns
    /// the file's size.
    pub fn write(store: &Store) -> Result<u64, StoreError> {
        let fingerprint = store.fingerprint()?;
        let snapshot = Snapshot::read(store)?;
        let path = store.own_file(INDEX_FILE);
        write(&path, &header(&fingerprint), &snapshot)?;
        let _ = std::fs::remove_file(store.own_file(OLD_CACHE));
        Ok(std::fs::metadata(&path)?.len())
    }

    /// The whole graph: every source, with its evidence (`Evidence::Read`) or without.
    pub fn into_snapshot(self, evidence: Evidence) -> Result<Snapshot, StoreError> {
        let mut snapshot = self.snapshot;
        let all: Vec<usize> = (0..snapshot.edges.len()).collect();
        self.sources.load(&mut snapshot, &all);
        if evidence == Evidence::Read {
            self.sources.fill_evidence(&mut snapshot, &all)?;
        }
        Ok(snapshot)
    }
}

/// The index of the store at `path` when it is fresh, read under the caller's lock.
fn fresh(path: &Path) -> Result<Option<GraphIndex>, StoreError> {
    let fingerprint = Store::fingerprint_at(path)?;
    Ok(read(
        &Store::own_file_at(path, INDEX_FILE),
        &header(&fingerprint),
    ))
}

impl Sources {
    fn none() -> Sources {
        Sources {
            file: None,
            path: PathBuf::new(),
            layout: Layout::default(),
            first_source: Vec::new(),
            sources: Vec::new(),
            doc_offsets: Vec::new(),
            docs: Vec::new(),
            latest: std::sync::OnceLock::new(),
        }
    }

    /// The numbers of relation `edge`'s sources.
    fn range(&self, edge: usize) -> Option<std::ops::Range<usize>> {
        Some(*self.first_source.get(edge)?..*self.first_source.get(edge + 1)?)
    }

    /// Source `number`, reported by document `doc`, without its evidence.
    fn source_of(&self, number: usize, doc: usize) -> Source {
        let (id, published) = self.doc(doc);
        Source {
            doc: id.to_string(),
            published: DateValue::parse(published),
            evidence: String::new(),
            status: self.source(number).1,
        }
    }

    /// Source `source`'s document number and status.
    fn source(&self, source: usize) -> (usize, Status) {
        let at = source * SOURCE_BYTES;
        let doc =
            u32::from_le_bytes(self.sources[at..at + 4].try_into().unwrap_or_default()) as usize;
        let status = Status::ALL
            .get(self.sources[at + 4] as usize)
            .copied()
            .unwrap_or(Status::Established);
        (doc, status)
    }

    /// Document `doc`'s id and publication date, as text.
    fn doc(&self, doc: usize) -> (&str, &str) {
        let text = u64_at(&self.doc_offsets, doc * 8)
            .zip(u64_at(&self.doc_offsets, doc * 8 + 8))
            .and_then(|(from, to)| self.docs.get(from as usize..to as usize))
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .unwrap_or_default();
        text.split_once('\t').unwrap_or((text, ""))
    }

    /// The number of the source of relation `first..end` reported by document `id`.
    fn find(&self, first: usize, end: usize, id: &str) -> Option<usize> {
        // A relation's sources are sorted by document, and documents are numbered in
        // the order of their ids.
        let (mut low, mut high) = (first, end);
        while low < high {
            let middle = low + (high - low) / 2;
            if self.doc(self.source(middle).0).0 < id {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        (low < end && self.doc(self.source(low).0).0 == id).then_some(low)
    }

    /// Reads the sources of `edges` (indices into `snapshot.edges`) into the snapshot,
    /// without their evidence, sorted by document; relations that hold theirs already
    /// are left as they are.
    pub fn load(&self, snapshot: &mut Snapshot, edges: &[usize]) {
        for &edge in edges {
            if let Some(data) = snapshot.edges.get_mut(edge) {
                self.load_edge(edge, data);
            }
        }
    }

    /// `load` for one relation, `edge` its index in the snapshot the index gave.
    fn load_edge(&self, edge: usize, data: &mut Edge) {
        let Some(range) = self.range(edge) else {
            return;
        };
        if !data.sources.is_empty() {
            return;
        }
        data.sources = range
            .map(|number| self.source_of(number, self.source(number).0))
            .collect();
    }

    /// Reads the `limit` newest sources of relation `edge` into `data` (all with
    /// `None`), newest first as `graph::newest_first` orders them, without their
    /// evidence; returns how many the relation has. Only the sources kept are read:
    /// a relation of the 100,000-article bench store has up to 5,930.
    pub fn load_newest(&self, edge: usize, data: &mut Edge, limit: Option<usize>) -> usize {
        let Some(range) = self.range(edge) else {
            return data.sources.len();
        };
        if self.file.is_none() || !data.sources.is_empty() {
            data.sources.sort_by(crate::graph::newest_first);
            let total = data.sources.len();
            data.sources.truncate(limit.unwrap_or(total));
            return total;
        }
        let latest = self.latest.get_or_init(|| {
            (0..self.doc_offsets.len().saturating_sub(8) / 8)
                .map(|doc| {
                    DateValue::parse(self.doc(doc).1)
                        .and_then(|date| date.bounds())
                        .map(|(_, last)| last)
                })
                .collect()
        });
        // Documents are numbered in the order of their ids.
        let total = range.len();
        let mut order: Vec<(std::cmp::Reverse<Option<Day>>, usize, usize)> = range
            .map(|number| {
                let doc = self.source(number).0;
                (
                    std::cmp::Reverse(latest.get(doc).copied().flatten()),
                    doc,
                    number,
                )
            })
            .collect();
        let keep = limit.unwrap_or(order.len()).min(order.len());
        if keep < order.len() {
            order.select_nth_unstable(keep);
            order.truncate(keep);
        }
        order.sort_unstable();
        data.sources = order
            .into_iter()
            .map(|(_, doc, number)| self.source_of(number, doc))
            .collect();
        total
    }

    /// Fills in the evidence of the sources `snapshot` holds of `edges` (loaded by
    /// `load`, and maybe sorted or trimmed since). Reads the offsets and texts of those
    /// sources only.
    pub fn fill_evidence(
        &self,
        snapshot: &mut Snapshot,
        edges: &[usize],
    ) -> Result<(), StoreError> {
        let mut wanted: Vec<(usize, (usize, usize))> = Vec::new();
        for &edge in edges {
            if let Some(data) = snapshot.edges.get(edge) {
                wanted.extend(
                    self.numbers(edge, data)
                        .into_iter()
                        .map(|(number, position)| (number, (edge, position))),
                );
            }
        }
        for (text, (edge, position)) in self.evidence_of(wanted)? {
            snapshot.edges[edge].sources[position].evidence = text;
        }
        Ok(())
    }

    /// `fill_evidence` for one relation.
    pub fn fill_edge_evidence(&self, edge: usize, data: &mut Edge) -> Result<(), StoreError> {
        for (text, position) in self.evidence_of(self.numbers(edge, data))? {
            data.sources[position].evidence = text;
        }
        Ok(())
    }

    /// The evidence of sources given by number, each with where it goes.
    fn evidence_of<T: Ord>(
        &self,
        mut wanted: Vec<(usize, T)>,
    ) -> Result<Vec<(String, T)>, StoreError> {
        wanted.sort_unstable();
        wanted.dedup();
        let numbers: Vec<usize> = wanted.iter().map(|(number, _)| *number).collect();
        Ok(self
            .evidence(&numbers)?
            .into_iter()
            .zip(wanted.into_iter().map(|(_, place)| place))
            .collect())
    }

    /// The numbers in the index of the sources `data` holds, with their positions.
    fn numbers(&self, edge: usize, data: &Edge) -> Vec<(usize, usize)> {
        let Some(std::ops::Range { start: first, end }) = self.range(edge) else {
            return Vec::new();
        };
        if self.file.is_none() {
            return Vec::new();
        }
        data.sources
            .iter()
            .enumerate()
            .filter_map(|(position, source)| {
                // Sources as loaded are in the index's order.
                let same_place = (first + position < end
                    && self.doc(self.source(first + position).0).0 == source.doc)
                    .then_some(first + position);
                same_place
                    .or_else(|| self.find(first, end, &source.doc))
                    .map(|number| (number, position))
            })
            .collect()
    }

    /// The evidence of the sources numbered `numbers` (sorted), in their order.
    /// Neighbouring sources (a relation's, all of them for an export) are read in one
    /// go, with positional reads: threads may share the index.
    fn evidence(&self, numbers: &[usize]) -> Result<Vec<String>, StoreError> {
        let Some(file) = self.file.as_ref() else {
            return Ok(Vec::new());
        };
        let layout = self.layout;
        let mut texts_out = Vec::with_capacity(numbers.len());
        for run in numbers.chunk_by(|a, b| *b <= a + 1) {
            let (low, high) = (run[0], run[run.len() - 1]);
            let mut offsets = vec![0u8; 8 * (high - low + 2)];
            read_at(file, &mut offsets, layout.evidence_offsets + 8 * low as u64)?;
            let offset = |index: usize| u64_at(&offsets, 8 * (index - low)).unwrap_or_default();
            let (begin, end) = (offset(low), offset(high + 1));
            if end < begin || layout.evidence + end > layout.end {
                return Err(broken(&self.path));
            }
            let mut texts = vec![0u8; (end - begin) as usize];
            read_at(file, &mut texts, layout.evidence + begin)?;
            for &number in run {
                let text = offset(number)
                    .checked_sub(begin)
                    .zip(offset(number + 1).checked_sub(begin))
                    .and_then(|(from, to)| texts.get(from as usize..to as usize))
                    .and_then(|bytes| std::str::from_utf8(bytes).ok())
                    .ok_or_else(|| broken(&self.path))?;
                texts_out.push(text.to_string());
            }
        }
        Ok(texts_out)
    }
}

/// Reads `buffer.len()` bytes at `offset`, without moving a shared file position.
fn read_at(file: &File, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
    }
    #[cfg(windows)]
    {
        let mut done = 0;
        while done < buffer.len() {
            match std::os::windows::fs::FileExt::seek_read(
                file,
                &mut buffer[done..],
                offset + done as u64,
            )? {
                0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
                read => done += read,
            }
        }
        Ok(())
    }
}

fn broken(path: &Path) -> StoreError {
    StoreError::Io(std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!("the graph index {} is broken", path.display()),
    ))
}

/// Reads `length` bytes at `at`.
fn read_section(file: &File, at: u64, length: u64) -> Option<Vec<u8>> {
    let mut reader = file;
    reader.seek(SeekFrom::Start(at)).ok()?;
    let mut bytes = Vec::new();
    reader.take(length).read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 == length).then_some(bytes)
}

/// The index in `path` when its first line is `header`; `None` when there is none,
/// it is stale or it cannot be read (the caller reads the store instead).
fn read(path: &Path, header: &str) -> Option<GraphIndex> {
    let file = File::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    let mut reader = BufReader::with_capacity(4096, &file);
    let mut first = String::new();
    reader.read_line(&mut first).ok()?;
    if first != header {
        return None;
    }
    let mut table = [0u8; Layout::BYTES];
    reader.read_exact(&mut table).ok()?;
    drop(reader);
    let layout = Layout::from_bytes(&table);
    let starts = [
        first.len() as u64 + Layout::BYTES as u64,
        layout.body,
        layout.sources,
        layout.doc_offsets,
        layout.docs,
        layout.evidence_offsets,
        layout.evidence,
        layout.end,
    ];
    if starts.windows(2).any(|pair| pair[0] > pair[1]) || layout.end != size {
        return None;
    }
    let body: Body = postcard::from_bytes(&read_section(
        &file,
        layout.body,
        layout.sources - layout.body,
    )?)
    .ok()?;
    let n_sources: u64 = body.edges.iter().map(|edge| edge.sources).sum();
    let n_docs = body.docs;
    if layout.doc_offsets - layout.sources != n_sources * SOURCE_BYTES as u64
        || layout.docs - layout.doc_offsets != 8 * (n_docs + 1)
        || layout.evidence - layout.evidence_offsets != 8 * (n_sources + 1)
    {
        return None;
    }
    let sections = read_section(
        &file,
        layout.sources,
        layout.evidence_offsets - layout.sources,
    )?;
    let split = |from: u64, to: u64| {
        sections[(from - layout.sources) as usize..(to - layout.sources) as usize].to_vec()
    };
    let sources = split(layout.sources, layout.doc_offsets);
    let doc_offsets = split(layout.doc_offsets, layout.docs);
    let docs = split(layout.docs, layout.evidence_offsets);
    if sources.chunks(SOURCE_BYTES).any(|source| {
        u32::from_le_bytes([source[0], source[1], source[2], source[3]]) as u64 >= n_docs
    }) || u64_at(&doc_offsets, 8 * n_docs as usize) != Some(docs.len() as u64)
    {
        return None;
    }
    let n_nodes = body.nodes.len();
    let mut first_source = Vec::with_capacity(body.edges.len() + 1);
    let mut edges = Vec::with_capacity(body.edges.len());
    let mut next = 0;
    for edge in body.edges {
        if edge
            .participants
            .iter()
            .any(|&node| node as usize >= n_nodes)
        {
            return None;
        }
        first_source.push(next);
        next += edge.sources as usize;
        edges.push(Edge {
            iri: edge.iri,
            kind: edge.kind,
            participants: edge
                .participants
                .iter()
                .map(|&node| node as usize)
                .collect(),
            date: edge.date,
            status: edge.status,
            reported: edge.sources as usize,
            first_reported: edge.first_reported.map(Day::from_days),
            sources: Vec::new(),
        });
    }
    first_source.push(next);
    Some(GraphIndex {
        snapshot: Snapshot {
            nodes: body.nodes,
            edges,
        },
        sources: Sources {
            file: Some(file),
            path: path.to_path_buf(),
            layout,
            first_source,
            sources,
            doc_offsets,
            docs,
            latest: std::sync::OnceLock::new(),
        },
    })
}

/// Writes the index beside its final path and renames it into place, so that a reader
/// sees the old file or the whole new one.
fn write(path: &Path, header: &str, snapshot: &Snapshot) -> std::io::Result<()> {
    let mut docs: BTreeMap<&str, Option<DateValue>> = BTreeMap::new();
    for source in snapshot.edges.iter().flat_map(|edge| &edge.sources) {
        docs.entry(&source.doc).or_insert(source.published);
    }
    let numbers: BTreeMap<&str, u32> = docs
        .keys()
        .enumerate()
        .map(|(number, doc)| (*doc, number as u32))
        .collect();
    let sources = || snapshot.edges.iter().flat_map(|edge| &edge.sources);
    let body = Body {
        nodes: snapshot.nodes.clone(),
        edges: snapshot
            .edges
            .iter()
            .map(|edge| IndexEdge {
                iri: edge.iri.clone(),
                kind: edge.kind,
                participants: edge.participants.iter().map(|&node| node as u32).collect(),
                date: edge.date,
                status: edge.status,
                sources: edge.sources.len() as u64,
                first_reported: edge.first_reported.map(Day::to_days),
            })
            .collect(),
        docs: docs.len() as u64,
    };
    let body = postcard::to_stdvec(&body).map_err(std::io::Error::other)?;
    let doc_texts: Vec<String> = docs
        .iter()
        .map(|(id, published)| {
            let published = published.map(|date| date.to_string()).unwrap_or_default();
            format!("{id}\t{published}")
        })
        .collect();
    let n_sources = sources().count() as u64;
    let mut layout = Layout {
        body: (header.len() + Layout::BYTES) as u64,
        ..Layout::default()
    };
    layout.sources = layout.body + body.len() as u64;
    layout.doc_offsets = layout.sources + n_sources * SOURCE_BYTES as u64;
    layout.docs = layout.doc_offsets + 8 * (docs.len() as u64 + 1);
    layout.evidence_offsets =
        layout.docs + doc_texts.iter().map(|text| text.len() as u64).sum::<u64>();
    layout.evidence = layout.evidence_offsets + 8 * (n_sources + 1);
    layout.end = layout.evidence
        + sources()
            .map(|source| source.evidence.len() as u64)
            .sum::<u64>();
    let partial = path.with_extension(format!("partial-{}", std::process::id()));
    let written = (|| {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, File::create(&partial)?);
        out.write_all(header.as_bytes())?;
        out.write_all(&layout.to_bytes())?;
        out.write_all(&body)?;
        for source in sources() {
            out.write_all(&numbers[source.doc.as_str()].to_le_bytes())?;
            out.write_all(&[status_code(source.status)])?;
        }
        let offsets = |out: &mut std::io::BufWriter<File>,
                       lengths: &mut dyn Iterator<Item = usize>| {
            let mut offset = 0u64;
            out.write_all(&offset.to_le_bytes())?;
            for length in lengths {
                offset += length as u64;
                out.write_all(&offset.to_le_bytes())?;
            }
            std::io::Result::Ok(())
        };
        offsets(&mut out, &mut doc_texts.iter().map(String::len))?;
        for text in &doc_texts {
            out.write_all(text.as_bytes())?;
        }
        offsets(&mut out, &mut sources().map(|source| source.evidence.len()))?;
        for source in sources() {
            out.write_all(source.evidence.as_bytes())?;
        }
        out.into_inner()
            .map_err(|error| error.into_error())?
            .sync_all()?;
        std::fs::rename(&partial, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}
