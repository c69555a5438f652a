//! Turning files and folders into `Document`s: reading article files, decoding their
//! bytes, and applying a folder's `manifest.csv`.
//!
//! Bad input is data: an unreadable, empty, binary or oversized file becomes a
//! `Diagnostic` (which file, what is wrong) and is skipped, and so does a malformed
//! manifest row (which file, which line); the rest of the corpus is read. This module
//! does not guess languages or look for actors, and reads only the paths it is handed.

// FxHash for the maps keyed by document id (short keys). callgrind, `extract` on 1,000
// generated articles: the ids read so far in a `BTreeMap` and the manifest's rows under
// SipHash cost 2.1 M instructions more (319.9 M against 317.8 M).
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8};
use rustc_hash::FxHashMap as HashMap;
use std::fs;
use std::io::Read;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use crate::model::{DateValue, Diagnostic, Lang};

/// One article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The file name inside its corpus folder (FORMAT.md `doc`), unique in a corpus.
    pub id: String,
    pub path: PathBuf,
    pub lang: Option<Lang>,
    pub published: Option<DateValue>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    /// The encoding the bytes were decoded from, when it was not plain UTF-8.
    pub encoding: Option<&'static str>,
    pub text: String,
}

/// What reading a set of paths gave.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Corpus {
    pub fn n_skipped(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.skipped)
            .count()
    }
}

/// Limits on what is read.
#[derive(Clone, Copy, Debug)]
pub struct ReadConfig {
    /// Files larger than this are skipped with a message.
    pub max_bytes: u64,
}

impl ReadConfig {
    pub const DEFAULT_MAX_BYTES: u64 = 16 * 1024 * 1024;
}

/// Metadata for one document, from a manifest row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metadata {
    pub lang: Option<Lang>,
    pub published: Option<DateValue>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    /// The manifest line the row was read from.
    pub line: Option<u64>,
}

/// Article files: plain text and Markdown, HTML pages, and corpora of many articles as
/// JSON Lines or CSV with a text column.
const ARTICLE_EXTENSIONS: [&str; 6] = ["txt", "md", "html", "htm", "jsonl", "csv"];

/// Reads files and folders. A folder is walked recursively in sorted order; its
/// `manifest.csv`, when present, gives metadata for the files below it.
pub fn read_paths(paths: &[PathBuf], config: ReadConfig) -> Corpus {
    let mut corpus = Corpus::default();
    for_each(paths, config, |item| {
        match item {
            Item::Document(document) => corpus.documents.push(document),
            Item::Diagnostic(diagnostic) => corpus.diagnostics.push(diagnostic),
        }
        ControlFlow::Continue(())
    });
    corpus
}

/// What `for_each` hands over, in reading order.
#[derive(Debug)]
pub enum Item {
    Document(Document),
    Diagnostic(Diagnostic),
}

/// Reads what `read_paths` reads, handing each document and diagnostic to `visit` as
/// soon as it is read, in the same order, until `visit` breaks. A caller that is done
/// with a document before the next one holds one file in memory instead of the corpus
/// (`entente extract` held all of 10,000 bench articles, 104 MB at its peak, and the
/// kernel's zeroing of that fresh memory was a sixth of its samples under `perf`).
pub fn for_each(
    paths: &[PathBuf],
    config: ReadConfig,
    mut visit: impl FnMut(Item) -> ControlFlow<()>,
) {
    let mut seen: HashMap<String, PathBuf> = Default::default();
    for path in paths {
        if read_path(path, config, &mut seen, &mut visit).is_break() {
            return;
        }
    }
}

/// One of `for_each`'s paths; `seen` maps the document ids read so far to their files.
fn read_path(
    path: &Path,
    config: ReadConfig,
    seen: &mut HashMap<String, PathBuf>,
    visit: &mut impl FnMut(Item) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let mut diagnostics = Vec::new();
    let is_dir = path.is_dir();
    let (root, files) = if is_dir {
        let mut files = Vec::new();
        walk(path, &mut files, &mut diagnostics);
        (path.to_path_buf(), sorted(files))
    } else if path.exists() {
        // A file, or a pipe given by name (`entente extract <(zcat article.gz)`).
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        (root, vec![path.to_path_buf()])
    } else {
        return visit(Item::Diagnostic(Diagnostic {
            source: path.display().to_string(),
            line: None,
            message: "no such file or folder".to_string(),
            skipped: true,
        }));
    };
    let manifest_path = root.join("manifest.csv");
    let mut manifest = read_manifest(&manifest_path, &mut diagnostics);
    diagnostics
        .into_iter()
        .map(Item::Diagnostic)
        .try_for_each(&mut *visit)?;
    for file in files {
        let id = file
            .strip_prefix(&root)
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        // The file's row is taken whether or not the file is read: a file already read
        // under this id (the same folder given twice) or skipped for it is not one that
        // its folder's manifest failed to name.
        let metadata = manifest.remove(&id).unwrap_or_default();
        if let Some(previous) = seen.get(&id) {
            if previous != &file {
                visit(Item::Diagnostic(Diagnostic {
                    source: file.display().to_string(),
                    line: None,
                    message: format!(
                        "skipped: document id {id:?} is already taken by {}",
                        previous.display()
                    ),
                    skipped: true,
                }))?;
            }
            continue;
        }
        seen.insert(id.clone(), file.clone());
        match read_file(&file, config) {
            Ok(bytes) => {
                let (documents, diagnostics) = parse_file(&id, &file, &bytes, metadata);
                documents
                    .into_iter()
                    .map(Item::Document)
                    .chain(diagnostics.into_iter().map(Item::Diagnostic))
                    .try_for_each(&mut *visit)?;
            }
            Err(message) => visit(Item::Diagnostic(Diagnostic {
                source: file.display().to_string(),
                line: None,
                message: format!("skipped: {message}"),
                skipped: true,
            }))?,
        }
    }
    // A folder's rows left over name no article of it: a misspelt or missing file,
    // whose date would otherwise be lost without a word. (A file given alone takes its
    // row from its folder's manifest and leaves the others, which are not its own.)
    if is_dir && !manifest.is_empty() {
        let mut unmatched: Vec<(Option<u64>, String)> = manifest
            .into_iter()
            .map(|(doc, metadata)| (metadata.line, doc))
            .collect();
        unmatched.sort();
        let source = manifest_path.display().to_string();
        for (line, doc) in unmatched {
            visit(Item::Diagnostic(Diagnostic {
                source: source.clone(),
                line,
                message: format!("manifest row names no article of this folder: {doc:?}"),
                skipped: false,
            }))?;
        }
    }
    ControlFlow::Continue(())
}

/// Paths in `Path`'s order, each split into components once: sorting the paths
/// themselves splits both at every comparison (callgrind: 7.1 M instructions for
/// 1,000 files, 1% of `entente extract` on them, growing as n log n). Tried: sorting
/// byte keys, each `/` read as the smallest byte. The sort itself went from 4.1 M to
/// 0.7 M instructions for 1,000 files (from 50.6 M for 10,000), yet `extract` took
/// 317.8 M -> 321.5 M for 1,000 articles and 3,019 M -> 3,062 M for 10,000: without
/// this version's late clones the allocator took fresh pages more often (mimalloc
/// retires a page once it is empty), and the same build left the date scan's hash set
/// lookup out of line. Not kept.
fn sorted(files: Vec<PathBuf>) -> Vec<PathBuf> {
    let keys: Vec<Vec<std::path::Component<'_>>> = files
        .iter()
        .map(|file| file.components().collect())
        .collect();
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    order
        .into_iter()
        .map(|index| files[index].clone())
        .collect()
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, diagnostics: &mut Vec<Diagnostic>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            diagnostics.push(Diagnostic {
                source: dir.display().to_string(),
                line: None,
                message: format!("skipped: cannot list folder: {error}"),
                skipped: true,
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        // The entry's type comes with the listing; only a symbolic link needs a `stat`
        // to tell whether it leads to a folder.
        let is_dir = match entry.file_type() {
            Ok(file_type) if !file_type.is_symlink() => file_type.is_dir(),
            _ => path.is_dir(),
        };
        if is_dir {
            walk(&path, files, diagnostics);
        } else if name != "README.md"
            && name != "manifest.csv"
            && path
                .extension()
                .and_then(|extension| extension.to_str())
                .is_some_and(|extension| ARTICLE_EXTENSIONS.contains(&extension))
        {
            files.push(path);
        }
    }
}

/// One file's bytes to its documents: decoded (the encoding is reported when it is not
/// UTF-8), then read by kind: JSON Lines and CSV corpora give a document per record,
/// HTML pages their article text, other files their text. What cannot be read is a
/// diagnostic; nothing here panics on any input (a fuzz target holds it to that).
pub fn parse_file(
    id: &str,
    file: &Path,
    bytes: &[u8],
    metadata: Metadata,
) -> (Vec<Document>, Vec<Diagnostic>) {
    let mut documents = Vec::new();
    let mut diagnostics = Vec::new();
    let source = file.display().to_string();
    let skip = |message: String| Diagnostic {
        source: source.clone(),
        line: None,
        message: format!("skipped: {message}"),
        skipped: true,
    };
    let extension = file
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let is_html = matches!(extension.as_str(), "html" | "htm");
    let declared = if is_html {
        declared_charset(bytes)
    } else {
        None
    };
    let (text, encoding) = match decode_declared(bytes, declared) {
        Ok((text, _)) if text.trim().is_empty() => {
            diagnostics.push(skip("empty file".to_string()));
            return (documents, diagnostics);
        }
        Ok(decoded) => decoded,
        Err(message) => {
            diagnostics.push(skip(message));
            return (documents, diagnostics);
        }
    };
    if let Some(encoding) = encoding {
        let how = if declared.is_some_and(|declared| declared.name() == encoding) {
            "as the page declares"
        } else {
            "detected"
        };
        diagnostics.push(Diagnostic {
            source: source.clone(),
            line: None,
            message: format!("not UTF-8: decoded as {encoding} ({how})"),
            skipped: false,
        });
    }
    if matches!(extension.as_str(), "jsonl" | "csv") {
        let records = if extension == "jsonl" {
            jsonl_records(&text, file)
        } else {
            csv_records(&text, file)
        };
        match records {
            Ok((records, record_diagnostics)) => {
                diagnostics.extend(record_diagnostics);
                let (read, repeated) = record_documents(id, file, records, encoding);
                documents.extend(read);
                diagnostics.extend(repeated.into_iter().map(skip));
            }
            Err(message) => diagnostics.push(skip(message)),
        }
        return (documents, diagnostics);
    }
    let (text, html_title) = if is_html {
        crate::html::to_text(&text)
    } else {
        (text, None)
    };
    if text.trim().is_empty() {
        diagnostics.push(skip("no article text".to_string()));
        return (documents, diagnostics);
    }
    documents.push(Document {
        id: id.to_string(),
        path: file.to_path_buf(),
        lang: metadata.lang,
        published: metadata.published,
        title: metadata.title.or(html_title),
        url: metadata.url,
        outlet: metadata.outlet,
        encoding,
        text,
    });
    (documents, diagnostics)
}

/// The documents of a corpus file's records, one per id (a repeated record id would
/// merge two articles into one named graph), and a message for each repeated one.
fn record_documents(
    id: &str,
    file: &Path,
    records: Vec<Record>,
    encoding: Option<&'static str>,
) -> (Vec<Document>, Vec<String>) {
    let mut documents = Vec::new();
    let mut repeated = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for record in records {
        if !ids.insert(record.id.clone()) {
            repeated.push(format!(
                "record id {:?} is already taken by an earlier record of the file",
                record.id
            ));
            continue;
        }
        documents.push(Document {
            id: format!("{id}#{}", record.id),
            path: file.to_path_buf(),
            encoding,
            ..record.document
        });
    }
    (documents, repeated)
}

/// The bytes of a file under the size limit. One `open`, one `fstat` and, for a
/// regular file that does not change meanwhile, one `read`: a `stat` of the path
/// before `fs::read` cost a path lookup more per file, and reading to the end cost a
/// second `read`, the one that finds the end (strace, `extract` on 1,000 generated
/// articles: 2,012 reads for 1,000 files). A regular file is read as far as the size
/// its `fstat` gave (a file that grows meanwhile is read as it was then); a pipe, whose
/// size is unknown, to its end or past the limit.
fn read_file(path: &Path, config: ReadConfig) -> Result<Vec<u8>, String> {
    let file = fs::File::open(path).map_err(|error| format!("cannot read: {error}"))?;
    let metadata = file
        .metadata()
        .map_err(|error| format!("cannot read: {error}"))?;
    let size = metadata.len();
    if size > config.max_bytes {
        return Err(format!(
            "{size} bytes is over the limit of {} bytes",
            config.max_bytes
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // `Take` answers the read after its last byte itself, without a system call.
    let limit = if metadata.is_file() {
        size
    } else {
        config.max_bytes.saturating_add(1)
    };
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|error| format!("cannot read: {error}"))?;
    if bytes.len() as u64 > config.max_bytes {
        return Err(format!(
            "more than {} bytes: over the limit",
            config.max_bytes
        ));
    }
    Ok(bytes)
}

/// Decodes article bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, and
/// otherwise the legacy encoding `chardetng` (Firefox's detector) finds most likely
/// (Windows-1252 for old French and English news, Windows-1250 for Central European
/// names, and so on), decoded by `encoding_rs`. Bytes with NULs and no UTF-16 BOM are
/// taken as binary. The name of a legacy encoding used is returned with the text.
pub fn decode(bytes: &[u8]) -> Result<(String, Option<&'static str>), String> {
    decode_declared(bytes, None)
}

/// `decode`, honouring an encoding the file declares (an HTML page's `<meta
/// charset>`) unless a byte order mark says otherwise or the bytes are not in it.
pub fn decode_declared(
    bytes: &[u8],
    declared: Option<&'static Encoding>,
) -> Result<(String, Option<&'static str>), String> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let rest = &bytes[bom..];
        let text = encoding
            .decode_without_bom_handling_and_without_replacement(rest)
            .ok_or_else(|| format!("invalid {} after a byte order mark", encoding.name()))?;
        let used = (encoding != UTF_8).then_some(encoding.name());
        return Ok((text.into_owned(), used));
    }
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        // memchr's vectorised search: `str::contains` scanned with core's, 1.6 M
        // instructions for 1,000 generated articles.
        if memchr::memchr(0, bytes).is_some() {
            return Err("binary file (contains NUL bytes)".to_string());
        }
        // Valid UTF-8 is read as UTF-8 even where a page declares a legacy encoding:
        // non-ASCII bytes that happen to be valid UTF-8 almost always are (a page
        // converted and saved again keeps its old <meta>), and ASCII reads the same.
        return Ok((text.to_string(), None));
    }
    if memchr::memchr(0, bytes).is_some() {
        return Err("binary file (contains NUL bytes)".to_string());
    }
    let encoding = declared
        .filter(|&encoding| encoding != UTF_8 && !is_utf16(encoding))
        .unwrap_or_else(|| {
            let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            detector.guess(None, Utf8Detection::Deny)
        });
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    let controls = text
        .chars()
        .filter(|ch| ch.is_control() && !ch.is_whitespace())
        .count();
    if controls * 20 > text.chars().count() {
        return Err("binary file (mostly control bytes)".to_string());
    }
    Ok((text.into_owned(), Some(encoding.name())))
}

fn is_utf16(encoding: &'static Encoding) -> bool {
    encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE
}

/// The encoding an HTML page declares in its first 1,024 bytes (the span the HTML
/// standard's prescan reads): `<meta charset="...">` or `<meta http-equiv=...
/// content="...; charset=...">`, by its WHATWG label.
pub fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&lower[from..], b"<meta") {
        let meta = from + found;
        let close = lower[meta..].iter().position(|&byte| byte == b'>')? + meta;
        let tag = &lower[meta..close];
        if let Some(at) = memchr::memmem::find(tag, b"charset") {
            let value = tag[at + 7..]
                .iter()
                .skip_while(|&&byte| byte == b' ' || byte == b'=' || byte == b'"' || byte == b'\'')
                .take_while(|&&byte| !matches!(byte, b'"' | b'\'' | b' ' | b';' | b'/' | b'>'))
                .copied()
                .collect::<Vec<u8>>();
            if let Some(encoding) = Encoding::for_label(&value) {
                return Some(encoding);
            }
        }
        from = close;
    }
    None
}

/// One article of a JSON Lines or CSV corpus.
struct Record {
    id: String,
    document: Document,
}

/// The fields an article record may have, by column or key name.
fn record_from_fields(
    get: &dyn Fn(&str) -> Option<String>,
    number: usize,
) -> Result<Record, String> {
    let text = ["text", "content", "body", "article"]
        .iter()
        .find_map(|key| get(key))
        .filter(|text| !text.trim().is_empty())
        .ok_or_else(|| "no text (expected a non-empty text, content or body field)".to_string())?;
    let id = ["doc", "id"]
        .iter()
        .find_map(|key| get(key))
        .unwrap_or_else(|| number.to_string());
    let published = match get("published").or_else(|| get("date")) {
        Some(published) => Some(match DateValue::parse(&published) {
            Some(date @ (DateValue::Day(_) | DateValue::Month { .. } | DateValue::Year(_))) => date,
            // A timestamp ("2025-02-10T08:00:00Z") gives its day.
            _ => published
                .get(..10)
                .and_then(DateValue::parse)
                .ok_or_else(|| format!("bad published date {published:?}"))?,
        }),
        None => None,
    };
    Ok(Record {
        id,
        document: Document {
            id: String::new(),
            path: PathBuf::new(),
            lang: get("lang").as_deref().and_then(Lang::parse),
            published,
            title: get("title"),
            url: get("url"),
            outlet: get("outlet").or_else(|| get("source")),
            encoding: None,
            text,
        },
    })
}

type Records = (Vec<Record>, Vec<Diagnostic>);

/// Articles of a JSON Lines corpus: one object per line. A broken line is reported
/// with its number and skipped; the others are read.
fn jsonl_records(text: &str, file: &Path) -> Result<Records, String> {
    let mut records = Vec::new();
    let mut diagnostics = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let number = index + 1;
        let report = |message: String| Diagnostic {
            source: file.display().to_string(),
            line: Some(number as u64),
            message: format!("skipped record: {message}"),
            skipped: true,
        };
        let value: serde_json::Value = match serde_json::from_str(line) {
            Ok(value) => value,
            Err(error) => {
                diagnostics.push(report(format!("not JSON: {error}")));
                continue;
            }
        };
        let Some(object) = value.as_object() else {
            diagnostics.push(report("not a JSON object".to_string()));
            continue;
        };
        let get = |key: &str| -> Option<String> {
            match object.get(key)? {
                serde_json::Value::String(text) => Some(text.clone()),
                serde_json::Value::Null => None,
                other => Some(other.to_string()),
            }
        };
        match record_from_fields(&get, number) {
            Ok(record) => records.push(record),
            Err(message) => diagnostics.push(report(message)),
        }
    }
    Ok((records, diagnostics))
}

/// The line numbers of a CSV text's records, counted from their byte offsets. The csv
/// crate's own `Position::line` counts `\n` bytes up to where the previous record ended,
/// so a record after a CRLF or CR ending, or after blank lines, got the number of a line
/// above it ("h\r\na\r\n": `a` on line 1).
struct RecordLines<'t> {
    text: &'t [u8],
    /// Line breaks in `text[..counted]`.
    counted: usize,
    breaks: u64,
}

impl<'t> RecordLines<'t> {
    fn new(text: &'t str) -> RecordLines<'t> {
        RecordLines {
            text: text.as_bytes(),
            counted: 0,
            breaks: 0,
        }
    }

    /// The line a record (or an error) at `position` starts on: past the line endings
    /// and blank lines that the csv crate counts as its start. Records come in order, so
    /// the breaks are counted once over the whole text.
    fn line(&mut self, position: Option<&csv::Position>) -> Option<u64> {
        let from = usize::try_from(position?.byte()).ok()?.min(self.text.len());
        let start = from
            + self.text[from..]
                .iter()
                .take_while(|&&byte| byte == b'\r' || byte == b'\n')
                .count();
        if start < self.counted {
            (self.counted, self.breaks) = (0, 0);
        }
        // A break is `\n`, or `\r` that no `\n` follows (a CRLF is one break).
        for at in memchr::memchr2_iter(b'\n', b'\r', &self.text[self.counted..start]) {
            let at = self.counted + at;
            if self.text[at] == b'\n' || self.text.get(at + 1) != Some(&b'\n') {
                self.breaks += 1;
            }
        }
        self.counted = start;
        Some(self.breaks + 1)
    }
}

/// Articles of a CSV corpus with a header row and a text column.
fn csv_records(text: &str, file: &Path) -> Result<Records, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|error| format!("bad CSV header: {error}"))?
        .clone();
    let columns: Vec<String> = headers
        .iter()
        .map(|header| header.trim().to_ascii_lowercase())
        .collect();
    if !columns
        .iter()
        .any(|column| matches!(column.as_str(), "text" | "content" | "body" | "article"))
    {
        return Err("a CSV corpus needs a text, content or body column".to_string());
    }
    let mut records = Vec::new();
    let mut diagnostics = Vec::new();
    let mut lines = RecordLines::new(text);
    for (index, row) in reader.records().enumerate() {
        let report = |line: Option<u64>, message: String| Diagnostic {
            source: file.display().to_string(),
            line,
            message: format!("skipped record: {message}"),
            skipped: true,
        };
        let row = match row {
            Ok(row) => row,
            Err(error) => {
                diagnostics.push(report(lines.line(error.position()), error.to_string()));
                continue;
            }
        };
        let line = lines.line(row.position());
        let get = |key: &str| -> Option<String> {
            columns
                .iter()
                .position(|column| column == key)
                .and_then(|position| row.get(position))
                .map(str::trim)
                .filter(|value| !value.is_empty())
                .map(str::to_string)
        };
        match record_from_fields(&get, index + 1) {
            Ok(record) => records.push(record),
            Err(message) => diagnostics.push(report(line, message)),
        }
    }
    Ok((records, diagnostics))
}

/// Reads a manifest; a missing file is no manifest, a broken row is a diagnostic.
fn read_manifest(path: &Path, diagnostics: &mut Vec<Diagnostic>) -> HashMap<String, Metadata> {
    let manifest = HashMap::default();
    if !path.is_file() {
        return manifest;
    }
    let source = path.display().to_string();
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            diagnostics.push(Diagnostic {
                source,
                line: None,
                message: format!("manifest ignored: {error}"),
                skipped: false,
            });
            return manifest;
        }
    };
    let text = match decode(&bytes) {
        Ok((text, _)) => text,
        Err(message) => {
            diagnostics.push(Diagnostic {
                source,
                line: None,
                message: format!("manifest ignored: {message}"),
                skipped: false,
            });
            return manifest;
        }
    };
    let (manifest, problems) = parse_manifest(&text, &source);
    diagnostics.extend(problems);
    manifest
}

/// A manifest's rows by document id; malformed rows are diagnostics with their line.
pub fn parse_manifest(text: &str, source: &str) -> (HashMap<String, Metadata>, Vec<Diagnostic>) {
    let mut manifest = HashMap::default();
    let mut diagnostics = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(error) => {
            diagnostics.push(Diagnostic {
                source: source.to_string(),
                line: Some(1),
                message: format!("manifest ignored: bad header: {error}"),
                skipped: false,
            });
            return (manifest, diagnostics);
        }
    };
    let column = |name: &str| headers.iter().position(|header| header.trim() == name);
    let Some(doc_column) = column("doc") else {
        diagnostics.push(Diagnostic {
            source: source.to_string(),
            line: Some(1),
            message: "manifest ignored: no `doc` column".to_string(),
            skipped: false,
        });
        return (manifest, diagnostics);
    };
    let (lang_column, published_column) = (column("lang"), column("published"));
    let (title_column, url_column, outlet_column) =
        (column("title"), column("url"), column("outlet"));
    // One record, read into again for each row: `records()` allocated a record per row.
    let mut record = csv::StringRecord::new();
    let mut lines = RecordLines::new(text);
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                diagnostics.push(Diagnostic {
                    source: source.to_string(),
                    line: lines.line(error.position()),
                    message: format!("manifest row ignored: {error}"),
                    skipped: false,
                });
                continue;
            }
        };
        let line = lines.line(record.position());
        let cell = |column: Option<usize>| {
            column
                .and_then(|column| record.get(column))
                .map(str::trim)
                .filter(|value| !value.is_empty())
        };
        let Some(doc) = cell(Some(doc_column)) else {
            diagnostics.push(Diagnostic {
                source: source.to_string(),
                line,
                message: "manifest row ignored: empty `doc`".to_string(),
                skipped: false,
            });
            continue;
        };
        let mut metadata = Metadata::default();
        if let Some(lang) = cell(lang_column) {
            metadata.lang = Lang::parse(lang);
            if metadata.lang.is_none() {
                diagnostics.push(Diagnostic {
                    source: source.to_string(),
                    line,
                    message: format!(
                        "unsupported language {lang:?} for {doc}: it will be detected"
                    ),
                    skipped: false,
                });
            }
        }
        if let Some(published) = cell(published_column) {
            metadata.published = match DateValue::parse(published) {
                Some(date @ (DateValue::Day(_) | DateValue::Month { .. } | DateValue::Year(_))) => {
                    Some(date)
                }
                _ => {
                    diagnostics.push(Diagnostic {
                        source: source.to_string(),
                        line,
                        message: format!(
                            "bad `published` {published:?} for {doc} (expected YYYY-MM-DD, YYYY-MM or YYYY): taken as unknown"
                        ),
                        skipped: false,
                    });
                    None
                }
            };
        }
        metadata.title = cell(title_column).map(str::to_string);
        metadata.url = cell(url_column).map(str::to_string);
        metadata.outlet = cell(outlet_column).map(str::to_string);
        metadata.line = line;
        // A second row for one document replaces the first, as before, but not in
        // silence: one of the two dates was wrong.
        if let Some(earlier) = manifest.insert(doc.to_string(), metadata) {
            let earlier = earlier
                .line
                .map_or_else(String::new, |line| format!(" (line {line})"));
            diagnostics.push(Diagnostic {
                source: source.to_string(),
                line,
                message: format!("second row for {doc:?}: it replaces the earlier one{earlier}"),
                skipped: false,
            });
        }
    }
    (manifest, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// `sorted` puts paths in the order of `Path`'s own comparison.
        #[test]
        fn sorted_is_the_order_of_paths(
            names in proptest::collection::vec("[ab.\\-]{0,3}(/[ab.\\-]{1,3}){0,3}", 0..12),
        ) {
            let files: Vec<PathBuf> = names.iter().map(|name| Path::new("root").join(name)).collect();
            let mut expected = files.clone();
            expected.sort();
            proptest::prop_assert_eq!(sorted(files), expected);
        }
    }

    /// `for_each` hands over documents and diagnostics in reading order, and reads no
    /// further once its visitor breaks.
    #[test]
    fn for_each_reads_in_order_and_stops_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["c.txt", "a.txt", "b.txt", "d.txt"] {
            fs::write(dir.path().join(name), format!("Texte de {name}.")).unwrap();
        }
        fs::write(dir.path().join("b0.txt"), "").unwrap();
        let config = ReadConfig { max_bytes: 1000 };
        let paths = [dir.path().to_path_buf(), dir.path().join("missing")];
        let mut seen = Vec::new();
        for_each(&paths, config, |item| {
            seen.push(match item {
                Item::Document(document) => document.id,
                Item::Diagnostic(diagnostic) => diagnostic.message,
            });
            ControlFlow::Continue(())
        });
        assert_eq!(
            seen,
            [
                "a.txt",
                "b.txt",
                "skipped: empty file",
                "c.txt",
                "d.txt",
                "no such file or folder"
            ]
        );
        let corpus = read_paths(&paths, config);
        assert_eq!(corpus.documents.len(), 4);
        assert_eq!(corpus.diagnostics.len(), 2);
        let mut visited = 0;
        for_each(&paths, config, |_| {
            visited += 1;
            if visited == 2 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        assert_eq!(visited, 2);
    }

    #[test]
    fn files_over_the_size_limit_are_skipped_with_a_message() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("small.txt"), "La France et le Maroc.").unwrap();
        fs::write(dir.path().join("big.txt"), "x".repeat(100)).unwrap();
        let corpus = read_paths(&[dir.path().to_path_buf()], ReadConfig { max_bytes: 50 });
        let ids: Vec<&str> = corpus.documents.iter().map(|doc| doc.id.as_str()).collect();
        assert_eq!(ids, ["small.txt"]);
        assert_eq!(corpus.diagnostics.len(), 1, "{:?}", corpus.diagnostics);
        let diagnostic = &corpus.diagnostics[0];
        assert!(diagnostic.skipped && diagnostic.source.ends_with("big.txt"));
        assert!(
            diagnostic
                .message
                .contains("100 bytes is over the limit of 50 bytes"),
            "{}",
            diagnostic.message
        );
        // A file exactly at the limit is read.
        let corpus = read_paths(&[dir.path().to_path_buf()], ReadConfig { max_bytes: 100 });
        assert_eq!(corpus.documents.len(), 2);
    }

    /// A regular file is read as far as its size; a pipe, whose size its `fstat` does
    /// not give, is read to its end, and skipped past the limit.
    #[test]
    fn pipes_are_read_to_their_end_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let text = "La France et le Maroc signent un accord.";
        for (max_bytes, read) in [(1000, true), (10, false)] {
            let fifo = dir.path().join(format!("article-{max_bytes}.txt"));
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            assert!(made.unwrap().success());
            let writer = {
                let fifo = fifo.clone();
                // Refused, the file is closed half read: the writer's write fails and ends.
                std::thread::spawn(move || fs::write(fifo, text).is_ok())
            };
            let corpus = read_paths(std::slice::from_ref(&fifo), ReadConfig { max_bytes });
            if read {
                assert_eq!(corpus.documents.len(), 1, "{:?}", corpus.diagnostics);
                assert_eq!(corpus.documents[0].text, text);
                assert!(writer.join().unwrap());
            } else {
                assert!(corpus.documents.is_empty());
                let message = &corpus.diagnostics[0].message;
                assert!(message.contains("more than 10 bytes"), "{message}");
                let _ = writer.join();
            }
        }
    }

    #[test]
    fn decodes_each_encoding() {
        let check = |bytes: &[u8], text: &str, encoding: Option<&str>| {
            let (decoded, used) = decode(bytes).expect("decodable");
            assert_eq!(decoded, text);
            assert_eq!(used, encoding);
        };
        check("État".as_bytes(), "État", None);
        check(b"\xEF\xBB\xBF\xC3\x89tat", "État", None);
        check(b"\xFF\xFE\xC9\x00t\x00a\x00t\x00", "État", Some("UTF-16LE"));
        check(b"\xFE\xFF\x00\xC9\x00t\x00a\x00t", "État", Some("UTF-16BE"));
        // Old French news text in Windows-1252: "État", the typographic apostrophe, "€".
        check(
            b"L'\xC9tat fran\xE7ais a sign\xE9 l\x92accord de 10 \x80 avec l'Inde \xE0 Paris.",
            "L'État français a signé l’accord de 10 € avec l'Inde à Paris.",
            Some("windows-1252"),
        );
        assert!(decode(b"\x00\x01\x02\xFF").is_err());
        assert!(decode(b"\xFF\xFE\x00").is_err());
        // Central European names in Windows-1250, which the Windows-1252 fallback read
        // as "Maro\u{9a} \u{8a}ef\u{e8}ovi\u{e8}": now detected.
        let (text, used) = decode(
            b"Le commissaire europ\xE9en Maro\x9A \x8Aef\xE8ovi\xE8 a rencontr\xE9 \xE0 Prague \
              le ministre tch\xE8que Jozef S\xEDkela et la ministre polonaise Ma\xB3gorzata \
              \x8Ali\xBFewska pour parler des puces et de l'intelligence artificielle.",
        )
        .expect("decodable");
        assert!(text.contains("Maroš Šefčovič"), "{text}");
        assert!(text.contains("Małgorzata"), "{text}");
        assert_eq!(used, Some("windows-1250"));
        // Valid UTF-8 with a NUL byte, in the middle or at the end.
        assert!(decode("Le texte\0 reprend.".as_bytes()).is_err());
        assert!(decode("Le texte.\0".as_bytes()).is_err());
    }

    /// An HTML page says its encoding in `<meta charset>`: honoured, and said.
    #[test]
    fn html_pages_are_decoded_as_they_declare() {
        assert_eq!(
            declared_charset(b"<html><head><META CHARSET='ISO-8859-2'></head>"),
            Some(encoding_rs::ISO_8859_2)
        );
        assert_eq!(
            declared_charset(
                br#"<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">"#
            ),
            Some(encoding_rs::WINDOWS_1251)
        );
        assert_eq!(
            declared_charset(b"<meta name=\"author\" content=\"x\">"),
            None
        );
        // "Šefčovič" in ISO-8859-2, which Windows-1252 reads as "©efèoviè".
        let page = b"<html><head><meta charset=\"iso-8859-2\"><title>UE</title></head><body>\
            <p>Maro\xB9 \xA9ef\xE8ovi\xE8 a sign\xE9 l'accord avec le Japon.</p></body></html>";
        let (documents, diagnostics) =
            parse_file("ue.html", Path::new("ue.html"), page, Metadata::default());
        assert!(
            documents[0].text.contains("Maroš Šefčovič a signé"),
            "{:?}",
            documents[0].text
        );
        assert_eq!(documents[0].encoding, Some("ISO-8859-2"));
        assert!(
            diagnostics
                .iter()
                .any(|d| d.message == "not UTF-8: decoded as ISO-8859-2 (as the page declares)"),
            "{diagnostics:?}"
        );
    }

    /// The teaser of a news page ("Lire aussi : La Chine et la Russie signent une
    /// alliance") and its list of related links gave relations of other articles; read
    /// as a page, they give none.
    #[test]
    fn a_news_page_gives_its_article_relations_only() {
        let page = include_bytes!("../tests/data/teaser_page.html");
        let (documents, _) = parse_file(
            "page.html",
            Path::new("page.html"),
            page,
            Metadata::default(),
        );
        let extraction = crate::pipeline::extract(&documents[0], crate::examples::lexicon());
        let keys: Vec<&str> = extraction.actors.iter().map(|actor| &*actor.key).collect();
        assert!(keys.contains(&"fra") && keys.contains(&"ind"), "{keys:?}");
        for other in ["rus", "chn", "kor"] {
            assert!(!keys.contains(&other), "{other} in {keys:?}");
        }
        assert!(
            extraction
                .relations
                .iter()
                .any(|relation| relation.kind == crate::model::RelationKind::Partnership)
        );
    }

    #[test]
    fn corpora_of_many_articles() {
        let jsonl = "{\"id\": \"a\", \"text\": \"La France signe.\", \"published\": \"2025-02-10T08:00:00Z\", \"lang\": \"fr\"}\nnot json\n{\"text\": \"\"}\n{\"content\": \"Second.\"}\n";
        let (records, diagnostics) = jsonl_records(jsonl, Path::new("c.jsonl")).unwrap();
        let ids: Vec<&str> = records.iter().map(|record| record.id.as_str()).collect();
        assert_eq!(ids, ["a", "4"]);
        assert_eq!(
            records[0].document.published,
            DateValue::parse("2025-02-10")
        );
        assert_eq!(records[0].document.lang, Some(Lang::Fr));
        let lines: Vec<Option<u64>> = diagnostics
            .iter()
            .map(|diagnostic| diagnostic.line)
            .collect();
        assert_eq!(lines, [Some(2), Some(3)]);

        let csv = "doc,title,text\n1,Un,\"Le Maroc, la France.\"\n2,Deux,\n";
        let (records, diagnostics) = csv_records(csv, Path::new("c.csv")).unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].document.text, "Le Maroc, la France.");
        assert_eq!(diagnostics[0].line, Some(3));
        assert!(csv_records("a,b\n1,2\n", Path::new("c.csv")).is_err());
    }

    #[test]
    fn repeated_record_ids_keep_the_first_record() {
        let jsonl = b"{\"id\": \"a\", \"text\": \"Premier article.\"}\n{\"id\": \"a\", \"text\": \"Second article.\"}\n{\"id\": \"b\", \"text\": \"Autre.\"}\n";
        let (documents, diagnostics) =
            parse_file("c.jsonl", Path::new("c.jsonl"), jsonl, Metadata::default());
        let ids: Vec<&str> = documents
            .iter()
            .map(|document| document.id.as_str())
            .collect();
        assert_eq!(ids, ["c.jsonl#a", "c.jsonl#b"]);
        assert_eq!(documents[0].text, "Premier article.");
        assert!(diagnostics.iter().any(|diagnostic| diagnostic.skipped
            && diagnostic.message.contains("\"a\" is already taken")));
    }

    /// Rows of a folder's manifest that name none of its articles are reported with
    /// their line once the folder is read; a file given alone leaves the other rows of
    /// its folder's manifest unreported. An unreadable article's row is its own.
    #[test]
    fn manifest_rows_naming_no_article_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "Texte.").unwrap();
        fs::write(dir.path().join("empty.txt"), "").unwrap();
        fs::write(
            dir.path().join("manifest.csv"),
            "doc,published\nmissing.txt,2024-01-02\na.txt,2024-01-01\nempty.txt,2024\nnotes.pdf,2024\n",
        )
        .unwrap();
        let config = ReadConfig { max_bytes: 1000 };
        let corpus = read_paths(&[dir.path().to_path_buf()], config);
        assert_eq!(corpus.documents.len(), 1);
        let unmatched: Vec<(Option<u64>, &str, bool)> = corpus
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.source.ends_with("manifest.csv"))
            .map(|diagnostic| {
                (
                    diagnostic.line,
                    diagnostic.message.as_str(),
                    diagnostic.skipped,
                )
            })
            .collect();
        assert_eq!(
            unmatched,
            [
                (
                    Some(2),
                    "manifest row names no article of this folder: \"missing.txt\"",
                    false
                ),
                (
                    Some(5),
                    "manifest row names no article of this folder: \"notes.pdf\"",
                    false
                ),
            ]
        );
        let alone = read_paths(&[dir.path().join("a.txt")], config);
        assert_eq!(alone.documents.len(), 1);
        assert!(alone.diagnostics.is_empty(), "{:?}", alone.diagnostics);
        // The folder given twice: its articles are read once, and the second reading
        // reports the same two rows, not the rows of the articles read the first time.
        let twice = read_paths(
            &[dir.path().to_path_buf(), dir.path().to_path_buf()],
            config,
        );
        assert_eq!(twice.documents.len(), 1);
        let reported = twice
            .diagnostics
            .iter()
            .filter(|diagnostic| {
                diagnostic
                    .message
                    .starts_with("manifest row names no article")
            })
            .count();
        assert_eq!(reported, 4);
    }

    /// Records are numbered by the line they start on, whatever the line endings, blank
    /// lines or quoted line breaks before them; the manifest's rows with them.
    #[test]
    fn csv_records_are_numbered_by_their_line() {
        let cases: [(&str, [u64; 2]); 7] = [
            ("h\na\nb\n", [2, 3]),
            ("h\r\na\r\nb\r\n", [2, 3]),
            ("h\ra\rb\r", [2, 3]),
            ("h\n\na\n\n\nb\n", [3, 6]),
            ("h\r\n\r\na\r\nb", [3, 4]),
            ("h\n\"x\ny\"\nb\n", [2, 4]),
            ("h\n\"x\r\ny\"\r\nb\r\n", [2, 4]),
        ];
        for (text, expected) in cases {
            let mut reader = csv::ReaderBuilder::new()
                .flexible(true)
                .from_reader(text.as_bytes());
            let mut lines = RecordLines::new(text);
            let found: Vec<Option<u64>> = reader
                .records()
                .map(|record| lines.line(record.unwrap().position()))
                .collect();
            assert_eq!(found, expected.map(Some), "{text:?}");
        }
        let crlf = "doc,published\r\na.txt,2024\r\n\r\nb.txt,hier\r\n";
        let (_, diagnostics) = parse_manifest(crlf, "manifest.csv");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].line, Some(4));
    }

    #[test]
    fn manifest_rows_report_their_line() {
        let text = "doc,published,lang\na.txt,2024-05-13,fr\nb.txt,13/05/2024,fr\n,2024,fr\nc.txt,2024-05,xx\nd.txt,2024,fr\nd.txt,2025,fr\n";
        let (manifest, diagnostics) = parse_manifest(text, "manifest.csv");
        assert_eq!(manifest["a.txt"].published, DateValue::parse("2024-05-13"));
        assert_eq!(manifest["b.txt"].published, None);
        assert_eq!(manifest["c.txt"].lang, None);
        assert_eq!(manifest["d.txt"].published, DateValue::parse("2025"));
        let lines: Vec<Option<u64>> = diagnostics
            .iter()
            .map(|diagnostic| diagnostic.line)
            .collect();
        assert_eq!(lines, [Some(3), Some(4), Some(5), Some(7)]);
        assert_eq!(
            diagnostics[3].message,
            "second row for \"d.txt\": it replaces the earlier one (line 6)"
        );
    }
}
