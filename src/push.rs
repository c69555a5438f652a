//! Feeds an external SPARQL store through the SPARQL 1.1 Graph Store HTTP Protocol.
//!
//! One named graph per document, each sent whole with the shared descriptions of the
//! actors and relations it names (`Store::graph_for_push`): each graph is sent with a
//! `PUT` (which replaces it on the server, so sending twice changes nothing) followed,
//! for graphs larger than a batch, by `POST`s that add the rest. A ledger beside the
//! store (`push/<target>.tsv`) records the content hash of every graph the target
//! acknowledged, appended and flushed after each graph: an interrupted push resumes
//! where it stopped, and a later push sends only the graphs that changed.
//!
//! The client speaks plain HTTP/1.1 (oxhttp) with Basic or Digest authentication,
//! answering the server's challenge (Virtuoso's `/sparql-graph-crud-auth` asks for
//! Digest). `check` compares the triple counts of this store's graphs with what the
//! remote SPARQL endpoint holds.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use md5::{Digest, Md5};
use oxhttp::Client;
use oxhttp::model::{Body, Method, Request, StatusCode};
use oxigraph::model::Literal;
use thiserror::Error;

use crate::rdf::encode::StableHash;
use crate::rdf::vocab;
use crate::store::{Store, StoreError};

#[derive(Debug, Error)]
#[non_exhaustive]
pub enum PushError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{method} {url} failed: HTTP {status}: {body}")]
    Status {
        method: String,
        url: String,
        status: u16,
        body: String,
    },
    #[error("cannot reach {url}")]
    Connect {
        url: String,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid URL {url:?}: {message}")]
    Url { url: String, message: String },
    #[error("{url} asks for credentials: give --user and --password-file")]
    Unauthorized { url: String },
    #[error("cannot use the push ledger {path}")]
    Ledger {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("another push to this target is running (ledger {path}); wait for it to finish")]
    Busy { path: PathBuf },
    #[error("unexpected answer from {url}: {message}")]
    Answer { url: String, message: String },
}

/// Who to send the graphs to, and as whom.
#[derive(Clone, Debug)]
pub struct Target {
    /// The Graph Store Protocol URL (`?graph=IRI` is appended).
    pub graph_store: String,
    /// The SPARQL query endpoint, for `check`.
    pub endpoint: String,
    pub credentials: Option<Credentials>,
    /// Per request (connect, send, receive).
    pub timeout: Duration,
}

impl Target {
    /// Plain HTTP only: the client is built without TLS, so an https:// URL is refused
    /// at once rather than retried.
    fn validate(&self) -> Result<(), PushError> {
        for url in [&self.graph_store, &self.endpoint] {
            if !url.starts_with("http://") {
                return Err(PushError::Url {
                    url: url.clone(),
                    message: "only http:// URLs are supported; for https, put a TLS-terminating \
                              proxy in front of the server"
                        .to_string(),
                });
            }
        }
        Ok(())
    }
}

#[derive(Clone)]
pub struct Credentials {
    pub user: String,
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// At most this many triples per request.
    pub batch_triples: usize,
    /// Send every graph, whatever the ledger says.
    pub full: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            batch_triples: 50_000,
            full: false,
        }
    }
}

/// What a push did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub graphs: usize,
    pub sent: usize,
    pub unchanged: usize,
    pub triples_sent: usize,
    pub requests: usize,
}

/// A push that stopped on an error, with what it had done (recorded in the ledger).
#[derive(Debug, Error)]
#[error("push stopped after sending {} of {} graphs", .done.sent, .done.graphs)]
pub struct Interrupted {
    pub done: Report,
    #[source]
    pub error: PushError,
}

/// How this store's graphs compare with what the endpoint holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Check {
    pub graphs: usize,
    pub matching: usize,
    /// Graphs of this store the endpoint does not have.
    pub missing: Vec<String>,
    /// Graphs whose triple count differs: (graph, here, there).
    pub different: Vec<(String, usize, usize)>,
    /// entente graphs on the endpoint that this store does not hold (other shards).
    pub others: usize,
}

impl Check {
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty() && self.different.is_empty()
    }
}

/// Sends the store's named graphs that the target lacks or holds in another version.
/// `progress` is called after each graph with (done, total).
pub fn push(
    store: &Store,
    target: &Target,
    options: Options,
    mut progress: impl FnMut(usize, usize),
) -> Result<Report, Interrupted> {
    let mut report = Report::default();
    let stop = |report: &Report, error: PushError| Interrupted {
        done: report.clone(),
        error,
    };
    target.validate().map_err(|error| stop(&report, error))?;
    let mut ledger =
        Ledger::open(store.path(), &target.graph_store).map_err(|error| stop(&report, error))?;
    let graphs = store
        .pushed_graphs()
        .map_err(|error| stop(&report, error.into()))?;
    report.graphs = graphs.len();
    let mut client = GraphStoreClient::new(target);
    let batch = options.batch_triples.max(1);
    for (index, graph) in graphs.iter().enumerate() {
        let body = store
            .graph_for_push(graph)
            .map_err(|error| stop(&report, error.into()))?;
        let hash = StableHash::of(&body);
        if !options.full && ledger.get(graph) == Some(hash) {
            report.unchanged += 1;
        } else {
            let lines: Vec<&[u8]> = body.split_inclusive(|&byte| byte == b'\n').collect();
            let mut chunks = lines.chunks(batch);
            let first = chunks.next().unwrap_or(&[]);
            client
                .send(Method::PUT, graph, first.concat())
                .map_err(|error| stop(&report, error))?;
            report.requests += 1;
            for chunk in chunks {
                client
                    .send(Method::POST, graph, chunk.concat())
                    .map_err(|error| stop(&report, error))?;
                report.requests += 1;
            }
            ledger
                .record(graph, hash)
                .map_err(|error| stop(&report, error))?;
            report.sent += 1;
            report.triples_sent += lines.len();
        }
        progress(index + 1, graphs.len());
    }
    ledger.compact().map_err(|error| stop(&report, error))?;
    Ok(report)
}

/// Compares the triple count of each of this store's graphs with the endpoint's.
pub fn check(store: &Store, target: &Target) -> Result<Check, PushError> {
    target.validate()?;
    let mut local: Vec<(String, usize)> = Vec::new();
    for graph in store.pushed_graphs()? {
        let triples = store
            .graph_for_push(&graph)?
            .iter()
            .filter(|&&byte| byte == b'\n')
            .count();
        local.push((graph, triples));
    }
    let remote = remote_graph_counts(target)?;
    let mut check = Check {
        graphs: local.len(),
        ..Check::default()
    };
    for (graph, here) in &local {
        match remote.get(graph) {
            None => check.missing.push(graph.clone()),
            Some(&there) if there != *here => check.different.push((graph.clone(), *here, there)),
            Some(_) => check.matching += 1,
        }
    }
    let ours: std::collections::HashSet<&str> =
        local.iter().map(|(graph, _)| graph.as_str()).collect();
    check.others = remote
        .keys()
        .filter(|graph| !ours.contains(graph.as_str()))
        .count();
    Ok(check)
}

/// Triple counts of every entente graph on the endpoint, a page at a time. Pages are
/// keyed on the last graph seen rather than OFFSET: Virtuoso refuses to sort past its
/// result-size limit (10,000 rows by default).
fn remote_graph_counts(target: &Target) -> Result<HashMap<String, usize>, PushError> {
    const PAGE: usize = 5_000;
    let mut client = GraphStoreClient::new(target);
    let mut counts = HashMap::new();
    let mut after = String::new();
    loop {
        let query = format!(
            "SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} \
             FILTER(STRSTARTS(STR(?g), \"{base}\") && STR(?g) > {after}) }} \
             GROUP BY ?g ORDER BY ?g LIMIT {PAGE}",
            base = vocab::BASE,
            // A literal's N-Triples form is a valid, escaped SPARQL string.
            after = Literal::new_simple_literal(&after),
        );
        let rows = client.select(&query)?;
        let full_page = rows.len() == PAGE;
        for (graph, count) in rows {
            after.clone_from(&graph);
            counts.insert(graph, count);
        }
        if !full_page {
            return Ok(counts);
        }
    }
}

/// The record of what a target acknowledged: `hash<TAB>graph` lines, appended after
/// each graph and rewritten without repeats when a push ends. The last line for a
/// graph wins, so a torn last line (a crash mid-write) only costs one resend.
struct Ledger {
    path: PathBuf,
    /// The first line of the file: which target it records.
    header: String,
    file: File,
    hashes: HashMap<String, u64>,
    // Held while pushing: two pushes to one target would interleave their lines.
    _lock: File,
}

impl Ledger {
    fn open(store: &Path, target: &str) -> Result<Ledger, PushError> {
        let folder = store.join("push");
        let path = folder.join(format!("{:016x}.tsv", StableHash::of(target.as_bytes())));
        let error = |source| PushError::Ledger {
            path: path.clone(),
            source,
        };
        fs::create_dir_all(&folder).map_err(error)?;
        let lock = File::create(path.with_extension("lock")).map_err(error)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => return Err(PushError::Busy { path }),
            Err(fs::TryLockError::Error(source)) => return Err(error(source)),
        }
        let mut hashes = HashMap::new();
        match File::open(&path) {
            Ok(file) => {
                for line in BufReader::new(file).lines() {
                    let line = line.map_err(error)?;
                    let Some((hash, graph)) = line.split_once('\t') else {
                        continue;
                    };
                    if let Ok(hash) = u64::from_str_radix(hash, 16) {
                        hashes.insert(graph.to_string(), hash);
                    }
                }
            }
            Err(source) if source.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(error(source)),
        }
        let mut file = File::options()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(error)?;
        let header = format!("# entente push ledger for {target}");
        if hashes.is_empty() {
            writeln!(file, "{header}").map_err(error)?;
        }
        Ok(Ledger {
            path,
            header,
            file,
            hashes,
            _lock: lock,
        })
    }

    fn get(&self, graph: &str) -> Option<u64> {
        self.hashes.get(graph).copied()
    }

    fn record(&mut self, graph: &str, hash: u64) -> Result<(), PushError> {
        let line = format!("{hash:016x}\t{graph}\n");
        self.file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.sync_data())
            .map_err(|source| PushError::Ledger {
                path: self.path.clone(),
                source,
            })?;
        self.hashes.insert(graph.to_string(), hash);
        Ok(())
    }

    /// Rewrites the ledger with one line per graph (atomically, by rename).
    fn compact(&mut self) -> Result<(), PushError> {
        let error = |source| PushError::Ledger {
            path: self.path.clone(),
            source,
        };
        let mut entries: Vec<(&String, &u64)> = self.hashes.iter().collect();
        entries.sort();
        let mut text = format!("{}\n", self.header);
        for (graph, hash) in entries {
            text.push_str(&format!("{hash:016x}\t{graph}\n"));
        }
        let temporary = self.path.with_extension("tsv.tmp");
        fs::write(&temporary, text).map_err(error)?;
        fs::rename(&temporary, &self.path).map_err(error)?;
        self.file = File::options()
            .append(true)
            .open(&self.path)
            .map_err(error)?;
        Ok(())
    }
}

/// A Graph Store Protocol client that answers authentication challenges.
struct GraphStoreClient<'a> {
    target: &'a Target,
    client: Client,
    challenge: Option<Challenge>,
}

/// What a server's `WWW-Authenticate` asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Challenge {
    Basic,
    Digest {
        realm: String,
        nonce: String,
        opaque: Option<String>,
        qop_auth: bool,
        count: u32,
    },
}

const RETRIES: u32 = 3;

impl<'a> GraphStoreClient<'a> {
    fn new(target: &'a Target) -> GraphStoreClient<'a> {
        let client = Client::new().with_global_timeout(target.timeout);
        let client = client
            .with_user_agent(concat!("entente/", env!("CARGO_PKG_VERSION")))
            .unwrap_or_else(|_| Client::new().with_global_timeout(target.timeout));
        GraphStoreClient {
            target,
            client,
            challenge: None,
        }
    }

    /// Sends one graph request; retries server errors and lost connections.
    fn send(&mut self, method: Method, graph: &str, body: Vec<u8>) -> Result<(), PushError> {
        let url = with_parameter(&self.target.graph_store, "graph", graph);
        let (status, answer) = self.request(&method, &url, "application/n-triples", "*/*", body)?;
        if status.is_success() {
            Ok(())
        } else {
            Err(PushError::Status {
                method: method.to_string(),
                url,
                status: status.as_u16(),
                body: answer,
            })
        }
    }

    /// Runs a SELECT of (IRI, count) rows on the endpoint.
    fn select(&mut self, query: &str) -> Result<Vec<(String, usize)>, PushError> {
        let url = self.target.endpoint.clone();
        let body = format!("query={}", vocab::percent_encode(query)).into_bytes();
        let (status, text) = self.request(
            &Method::POST,
            &url,
            "application/x-www-form-urlencoded",
            "application/sparql-results+json",
            body,
        )?;
        if !status.is_success() {
            return Err(PushError::Status {
                method: "POST".to_string(),
                url,
                status: status.as_u16(),
                body: text,
            });
        }
        parse_count_rows(&text).map_err(|message| PushError::Answer { url, message })
    }

    /// One request, answering an authentication challenge once and retrying server
    /// errors and lost connections with backoff.
    fn request(
        &mut self,
        method: &Method,
        url: &str,
        content_type: &str,
        accept: &str,
        body: Vec<u8>,
    ) -> Result<(StatusCode, String), PushError> {
        let mut attempt = 0;
        let mut challenged = false;
        loop {
            let mut builder = Request::builder()
                .method(method.clone())
                .uri(url)
                .header("Content-Type", content_type)
                .header("Accept", accept);
            if let Some(authorization) = self.authorization(method, url) {
                builder = builder.header("Authorization", authorization);
            }
            let request =
                builder
                    .body(Body::from(body.clone()))
                    .map_err(|error| PushError::Url {
                        url: url.to_string(),
                        message: error.to_string(),
                    })?;
            let outcome = self.client.request(request).and_then(|response| {
                let status = response.status();
                let challenge = response
                    .headers()
                    .get_all("WWW-Authenticate")
                    .iter()
                    .filter_map(|value| value.to_str().ok())
                    .find_map(Challenge::parse);
                let text = response.into_body().to_string()?;
                Ok((status, challenge, text))
            });
            match outcome {
                Ok((StatusCode::UNAUTHORIZED, challenge, text)) => {
                    if self.target.credentials.is_none() {
                        return Err(PushError::Unauthorized {
                            url: url.to_string(),
                        });
                    }
                    // One new challenge per request (a stale nonce); a second refusal
                    // means the credentials are wrong.
                    match challenge {
                        Some(challenge) if !challenged => {
                            self.challenge = Some(challenge);
                            challenged = true;
                        }
                        _ => return Ok((StatusCode::UNAUTHORIZED, text)),
                    }
                }
                Ok((status, _, _)) if status.is_server_error() && attempt < RETRIES => {
                    attempt += 1;
                    std::thread::sleep(backoff(attempt));
                }
                Ok((status, _, text)) => return Ok((status, text)),
                Err(_) if attempt < RETRIES => {
                    attempt += 1;
                    std::thread::sleep(backoff(attempt));
                }
                Err(source) => {
                    return Err(PushError::Connect {
                        url: url.to_string(),
                        source,
                    });
                }
            }
        }
    }

    fn authorization(&mut self, method: &Method, url: &str) -> Option<String> {
        let credentials = self.target.credentials.as_ref()?;
        match self.challenge.as_mut()? {
            Challenge::Basic => Some(format!(
                "Basic {}",
                base64(format!("{}:{}", credentials.user, credentials.password).as_bytes())
            )),
            Challenge::Digest {
                realm,
                nonce,
                opaque,
                qop_auth,
                count,
            } => {
                *count += 1;
                let uri = request_target(url);
                let cnonce = format!(
                    "{:016x}",
                    StableHash::of(
                        format!("{nonce}{count}{:?}", std::time::SystemTime::now()).as_bytes()
                    )
                );
                let nc = format!("{count:08x}");
                let response = digest_response(
                    credentials,
                    method.as_str(),
                    &uri,
                    realm,
                    nonce,
                    qop_auth.then_some((nc.as_str(), cnonce.as_str())),
                );
                let mut header = format!(
                    "Digest username=\"{}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{response}\", algorithm=MD5",
                    credentials.user
                );
                if *qop_auth {
                    header.push_str(&format!(", qop=auth, nc={nc}, cnonce=\"{cnonce}\""));
                }
                if let Some(opaque) = opaque {
                    header.push_str(&format!(", opaque=\"{opaque}\""));
                }
                Some(header)
            }
        }
    }
}

fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(250 << attempt.min(6))
}

impl Challenge {
    /// Reads a `WWW-Authenticate` value (RFC 7235 and RFC 7616, MD5 only).
    fn parse(header: &str) -> Option<Challenge> {
        let (scheme, rest) = header.trim().split_once(' ').unwrap_or((header.trim(), ""));
        if scheme.eq_ignore_ascii_case("basic") {
            return Some(Challenge::Basic);
        }
        if !scheme.eq_ignore_ascii_case("digest") {
            return None;
        }
        let parameters = auth_parameters(rest);
        let get = |name: &str| {
            parameters
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value.clone())
        };
        if get("algorithm").is_some_and(|algorithm| !algorithm.eq_ignore_ascii_case("MD5")) {
            return None;
        }
        Some(Challenge::Digest {
            realm: get("realm").unwrap_or_default(),
            nonce: get("nonce")?,
            opaque: get("opaque"),
            qop_auth: get("qop").is_some_and(|qop| {
                qop.split(',')
                    .any(|option| option.trim().eq_ignore_ascii_case("auth"))
            }),
            count: 0,
        })
    }
}

/// `key=value` and `key="quoted, value"` pairs, comma-separated.
fn auth_parameters(text: &str) -> Vec<(String, String)> {
    let mut parameters = Vec::new();
    let mut rest = text.trim();
    while let Some((key, after)) = rest.split_once('=') {
        let key = key.trim().trim_start_matches(',').trim().to_string();
        let after = after.trim_start();
        let (value, remainder) = if let Some(quoted) = after.strip_prefix('"') {
            let mut value = String::new();
            let mut characters = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((index, character)) = characters.next() {
                match character {
                    '\\' => {
                        if let Some((_, escaped)) = characters.next() {
                            value.push(escaped);
                        }
                    }
                    '"' => {
                        end = index + 1;
                        break;
                    }
                    other => value.push(other),
                }
            }
            (value, &quoted[end..])
        } else {
            let end = after.find(',').unwrap_or(after.len());
            (after[..end].trim().to_string(), &after[end..])
        };
        parameters.push((key, value));
        rest = remainder.trim_start().trim_start_matches(',').trim_start();
    }
    parameters
}

/// RFC 7616's response for MD5: with `qop=auth`, (nc, cnonce) take part.
fn digest_response(
    credentials: &Credentials,
    method: &str,
    uri: &str,
    realm: &str,
    nonce: &str,
    qop: Option<(&str, &str)>,
) -> String {
    let md5 = |text: String| hex(&Md5::digest(text.as_bytes()));
    let user_hash = md5(format!(
        "{}:{realm}:{}",
        credentials.user, credentials.password
    ));
    let request_hash = md5(format!("{method}:{uri}"));
    match qop {
        Some((nc, cnonce)) => md5(format!(
            "{user_hash}:{nonce}:{nc}:{cnonce}:auth:{request_hash}"
        )),
        None => md5(format!("{user_hash}:{nonce}:{request_hash}")),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut encoded = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let value = chunk
            .iter()
            .enumerate()
            .fold(0u32, |value, (index, &byte)| {
                value | u32::from(byte) << (16 - 8 * index)
            });
        for index in 0..4 {
            if index <= chunk.len() {
                encoded.push(char::from(
                    ALPHABET[(value >> (18 - 6 * index) & 63) as usize],
                ));
            } else {
                encoded.push('=');
            }
        }
    }
    encoded
}

/// The path and query of a URL: what Digest signs as `uri`.
fn request_target(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(index) => after_scheme[index..].to_string(),
        None => "/".to_string(),
    }
}

fn with_parameter(url: &str, name: &str, value: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{name}={}", vocab::percent_encode(value))
}

/// Reads SPARQL JSON results whose rows bind an IRI and a count, in that order.
fn parse_count_rows(text: &str) -> Result<Vec<(String, usize)>, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|error| format!("not SPARQL JSON results: {error}"))?;
    let variables: Vec<&str> = value["head"]["vars"]
        .as_array()
        .map(|vars| vars.iter().filter_map(|var| var.as_str()).collect())
        .unwrap_or_default();
    let [graph, count] = variables.as_slice() else {
        return Err(format!("expected two variables, found {variables:?}"));
    };
    let bindings = value["results"]["bindings"]
        .as_array()
        .ok_or("no results.bindings")?;
    bindings
        .iter()
        .map(|binding| {
            let iri = binding[graph]["value"]
                .as_str()
                .ok_or("a row without a graph")?;
            let number = binding[count]["value"]
                .as_str()
                .and_then(|number| number.parse().ok())
                .ok_or("a row without a count")?;
            Ok((iri.to_string(), number))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads_like_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"dba:dba"), "ZGJhOmRiYQ==");
    }

    #[test]
    fn digest_matches_rfc_2617_example() {
        // The worked example of RFC 2617, section 3.5.
        let credentials = Credentials {
            user: "Mufasa".to_string(),
            password: "Circle Of Life".to_string(),
        };
        let response = digest_response(
            &credentials,
            "GET",
            "/dir/index.html",
            "testrealm@host.com",
            "dcd98b7102dd2f0e8b11d0f600bfb0c093",
            Some(("00000001", "0a4f113b")),
        );
        assert_eq!(response, "6629fae49393a05397450978507c4ef1");
    }

    #[test]
    fn challenges_are_read_with_quoted_commas() {
        let challenge = Challenge::parse(
            r#"Digest realm="SPARQL, here", domain="/x", nonce="abc", opaque="o1", stale="false", qop="auth,auth-int", algorithm="MD5""#,
        );
        assert_eq!(
            challenge,
            Some(Challenge::Digest {
                realm: "SPARQL, here".to_string(),
                nonce: "abc".to_string(),
                opaque: Some("o1".to_string()),
                qop_auth: true,
                count: 0,
            })
        );
        assert_eq!(
            Challenge::parse("Basic realm=\"x\""),
            Some(Challenge::Basic)
        );
        assert_eq!(
            Challenge::parse("Digest realm=x, nonce=n, algorithm=SHA-256"),
            None
        );
        assert_eq!(Challenge::parse("Bearer"), None);
    }

    #[test]
    fn graph_iris_are_percent_encoded_in_the_query() {
        assert_eq!(
            with_parameter(
                "http://h/gsp",
                "graph",
                "https://w3id.org/entente/doc/a b#é"
            ),
            "http://h/gsp?graph=https%3A%2F%2Fw3id.org%2Fentente%2Fdoc%2Fa%20b%23%C3%A9"
        );
        assert_eq!(
            with_parameter("http://h/x?a=1", "graph", "g"),
            "http://h/x?a=1&graph=g"
        );
        assert_eq!(request_target("http://h:8890/gsp?graph=g"), "/gsp?graph=g");
        assert_eq!(request_target("http://h:8890"), "/");
    }

    #[test]
    fn only_plain_http_targets_are_accepted() {
        let target = |url: &str| Target {
            graph_store: url.to_string(),
            endpoint: "http://h/sparql".to_string(),
            credentials: None,
            timeout: Duration::from_secs(1),
        };
        assert!(target("http://h:8890/gsp").validate().is_ok());
        assert!(matches!(
            target("https://h/gsp").validate(),
            Err(PushError::Url { .. })
        ));
        assert!(target("h:8890/gsp").validate().is_err());
    }

    #[test]
    fn count_rows_are_read_from_sparql_json() {
        let text = r#"{"head":{"vars":["g","n"]},"results":{"bindings":[
            {"g":{"type":"uri","value":"https://w3id.org/entente/graph/a"},
             "n":{"type":"literal","value":"12","datatype":"http://www.w3.org/2001/XMLSchema#integer"}}]}}"#;
        assert_eq!(
            parse_count_rows(text),
            Ok(vec![("https://w3id.org/entente/graph/a".to_string(), 12)])
        );
        assert!(parse_count_rows("<html>").is_err());
    }
}
