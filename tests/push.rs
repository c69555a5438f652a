//! `entente push`: end to end against a real Virtuoso (Debian's virtuoso-opensource,
//! installed by scripts/prerequisites), and against a small in-process Graph Store
//! server that fails on purpose, for resumption and Basic authentication.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::util::{build, corpus, entente, python, query, seed_store, stderr, stdout, tempdir};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A Virtuoso server on loopback ports with a database of its own, stopped when dropped.
struct Virtuoso {
    child: Child,
    http: u16,
    _dir: tempfile::TempDir,
}

impl Virtuoso {
    fn start() -> Virtuoso {
        let dir = crate::util::tempdir();
        let path = dir.path().display().to_string();
        let (sql, http) = (free_port(), free_port());
        let config = format!(
            "[Database]\nDatabaseFile = {path}/virtuoso.db\nErrorLogFile = {path}/virtuoso.log\n\
             LockFile = {path}/virtuoso.lck\nTransactionFile = {path}/virtuoso.trx\n\
             xa_persistent_file = {path}/virtuoso.pxa\nStriping = 0\nTempStorage = TempDatabase\n\
             [TempDatabase]\nDatabaseFile = {path}/virtuoso-temp.db\n\
             TransactionFile = {path}/virtuoso-temp.trx\nStriping = 0\n\
             [Parameters]\nServerPort = 127.0.0.1:{sql}\nDisableUnixSocket = 1\n\
             NumberOfBuffers = 10000\nMaxDirtyBuffers = 6000\nDirsAllowed = {path}\n\
             [HTTPServer]\nServerPort = 127.0.0.1:{http}\n\
             ServerRoot = /var/lib/virtuoso-opensource-7/vsp\nServerThreads = 10\nCharset = UTF-8\n\
             [SPARQL]\nResultSetMaxRows = 100000\nMaxQueryExecutionTime = 60\n"
        );
        let ini = dir.path().join("virtuoso.ini");
        std::fs::write(&ini, config).unwrap();
        let child = Command::new("virtuoso-t")
            .args(["+foreground", "+configfile"])
            .arg(&ini)
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("virtuoso-t runs (scripts/prerequisites installs virtuoso-opensource)");
        let server = Virtuoso {
            child,
            http,
            _dir: dir,
        };
        // A new database takes a few seconds to create before HTTP answers.
        let start = Instant::now();
        let ask = format!("{}?query=ASK%7B%7D", server.url("/sparql"));
        loop {
            let answered = python(
                "import sys, urllib.request\n\
                 try:\n    print(urllib.request.urlopen(sys.argv[1], timeout=5).status)\n\
                 except Exception as error:\n    print(0)",
                &[&ask],
            );
            if answered.trim() == "200" {
                return server;
            }
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "Virtuoso did not start; its log: {}",
                std::fs::read_to_string(format!("{path}/virtuoso.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(500));
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.http)
    }
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const RELATIONS: &str = "PREFIX ent: <https://w3id.org/entente/ontology#>
SELECT DISTINCT ?relation ?type ?actor WHERE {
  GRAPH ?g { ?relation ent:relationType ?type ; ent:participant ?actor }
}";

/// (relation, type, actor) rows of SPARQL JSON results.
fn rows(json: &str) -> BTreeSet<String> {
    let value: serde_json::Value = serde_json::from_str(json).expect("SPARQL JSON results");
    value["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|row| {
            ["relation", "type", "actor"]
                .map(|name| row[name]["value"].as_str().unwrap_or("").to_string())
                .join(" ")
        })
        .collect()
}

fn push(store: &Path, virtuoso: &Virtuoso, password: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "push",
        "--store",
        store.to_str().unwrap(),
        "--format",
        "json",
    ];
    let endpoint = virtuoso.url("/sparql");
    let graph_store = virtuoso.url("/sparql-graph-crud-auth");
    args.extend_from_slice(&["--endpoint", &endpoint, "--graph-store", &graph_store]);
    args.extend_from_slice(&[
        "--user",
        "dba",
        "--password-file",
        password.to_str().unwrap(),
    ]);
    args.extend_from_slice(extra);
    let output = entente(&args);
    assert!(output.status.success(), "push failed: {}", stderr(&output));
    serde_json::from_str(&stdout(&output)).expect("a JSON report")
}

#[test]
fn virtuoso_holds_the_same_relations_after_a_push() {
    let virtuoso = Virtuoso::start();
    let work = tempdir();
    let store = work.path().join("store");
    assert!(build(&corpus(), &store, &[]).status.success());
    let password = work.path().join("password");
    std::fs::write(&password, "dba\n").unwrap();

    // Small batches, so that graphs go as one PUT and several POSTs.
    let first = push(&store, &virtuoso, &password, &["--batch-triples", "50"]);
    let graphs = first["graphs"].as_u64().unwrap();
    assert_eq!(
        graphs, 6,
        "five documents and the store's own graph: {first}"
    );
    assert_eq!(first["sent"], graphs);
    assert!(first["requests"].as_u64().unwrap() > graphs, "{first}");

    let here = rows(&query(&store, RELATIONS, "json"));
    let there = rows(&python(
        "import sys, urllib.parse, urllib.request\n\
         data = urllib.parse.urlencode({'query': sys.argv[2]}).encode()\n\
         request = urllib.request.Request(sys.argv[1], data=data, headers={'Accept': 'application/sparql-results+json'})\n\
         print(urllib.request.urlopen(request, timeout=60).read().decode())",
        &[&virtuoso.url("/sparql"), RELATIONS],
    ));
    assert!(here.len() > 20, "the seeds give relations: {here:?}");
    assert_eq!(
        here, there,
        "Virtuoso answers what the embedded store answers"
    );

    // Idempotent: a second push sends nothing; a forced one changes nothing.
    let second = push(&store, &virtuoso, &password, &[]);
    assert_eq!(second["sent"], 0, "{second}");
    assert_eq!(second["unchanged"], graphs);
    push(&store, &virtuoso, &password, &["--full"]);
    let check = entente(&[
        "push",
        "--store",
        store.to_str().unwrap(),
        "--endpoint",
        &virtuoso.url("/sparql"),
        "--check",
        "--format",
        "json",
    ]);
    assert!(check.status.success(), "{}", stderr(&check));
    let check: serde_json::Value = serde_json::from_str(&stdout(&check)).unwrap();
    assert_eq!(check["complete"], true, "{check}");
    assert_eq!(check["matching"], graphs);

    // A document added to the store: only its graph goes, then the check still holds.
    let more = work.path().join("more");
    std::fs::create_dir(&more).unwrap();
    std::fs::write(
        more.join("extra.txt"),
        "La France et l'Inde ont signé mardi un partenariat sur l'intelligence artificielle.",
    )
    .unwrap();
    assert!(build(&more, &store, &[]).status.success());
    let third = push(&store, &virtuoso, &password, &[]);
    assert!(third["sent"].as_u64().unwrap() >= 1, "{third}");
    assert!(third["unchanged"].as_u64().unwrap() >= 5, "{third}");
}

#[test]
fn virtuoso_refuses_a_wrong_password_with_a_clear_error() {
    let virtuoso = Virtuoso::start();
    let work = tempdir();
    let password = work.path().join("password");
    std::fs::write(&password, "not-the-password\n").unwrap();
    let output = entente(&[
        "push",
        "--store",
        seed_store().to_str().unwrap(),
        "--endpoint",
        &virtuoso.url("/sparql"),
        "--graph-store",
        &virtuoso.url("/sparql-graph-crud-auth"),
        "--user",
        "dba",
        "--password-file",
        password.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("HTTP 401"), "{}", stderr(&output));
}

/// One request as the fake server saw it.
#[derive(Clone, Debug)]
struct Seen {
    method: String,
    target: String,
    authorization: Option<String>,
    lines: usize,
}

/// A Graph Store server that asks for Basic credentials, then acknowledges as many
/// writes as its budget allows and answers 500 to the others.
struct FakeGraphStore {
    url: String,
    budget: Arc<Mutex<usize>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl FakeGraphStore {
    fn start(budget: usize) -> FakeGraphStore {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/gsp", listener.local_addr().unwrap());
        let budget = Arc::new(Mutex::new(budget));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (left, log) = (Arc::clone(&budget), Arc::clone(&seen));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let Some(request) = read_request(&stream) else {
                    continue;
                };
                let mut left = left.lock().unwrap();
                let status = if request.authorization.as_deref() != Some("Basic dXNlcjpzZWNyZXQ=") {
                    "401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"test\""
                } else if *left > 0 {
                    *left -= 1;
                    "201 Created"
                } else {
                    "500 Internal Server Error"
                };
                log.lock().unwrap().push(request);
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            }
        });
        FakeGraphStore { url, budget, seen }
    }

    /// The graphs the server acknowledged or refused, in order: (method, target).
    fn writes(&self) -> Vec<Seen> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|request| request.authorization.is_some())
            .cloned()
            .collect()
    }
}

fn read_request(stream: &TcpStream) -> Option<Seen> {
    let mut reader = BufReader::new(stream);
    let mut first = String::new();
    reader.read_line(&mut first).ok()?;
    let mut parts = first.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let (mut length, mut authorization) = (0, None);
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().ok()?,
            "authorization" => authorization = Some(value.trim().to_string()),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Seen {
        method,
        target,
        authorization,
        lines: body.iter().filter(|&&byte| byte == b'\n').count(),
    })
}

fn push_to(store: &Path, url: &str, password: &Path) -> std::process::Output {
    entente(&[
        "push",
        "--store",
        store.to_str().unwrap(),
        "--endpoint",
        url,
        "--user",
        "user",
        "--password-file",
        password.to_str().unwrap(),
        "--format",
        "json",
    ])
}

#[test]
fn an_interrupted_push_resumes_where_it_stopped() {
    let work = tempdir();
    let store = work.path().join("store");
    assert!(build(&corpus(), &store, &[]).status.success());
    let password = work.path().join("password");
    std::fs::write(&password, "secret\n").unwrap();

    // The server takes three graphs, then fails (after retries): the push stops with
    // exit code 2 and says how far it got.
    let server = FakeGraphStore::start(3);
    let output = push_to(&store, &server.url, &password);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("after sending 3 of 6 graphs"),
        "{}",
        stderr(&output)
    );
    let all = server.seen.lock().unwrap().clone();
    assert_eq!(
        all[0].authorization, None,
        "credentials are sent once asked for"
    );
    let first = server.writes();
    assert!(
        first.iter().all(|request| request.method == "PUT"
            && request
                .target
                .starts_with("/gsp?graph=https%3A%2F%2Fw3id.org%2Fentente%2F")),
        "{first:?}"
    );
    let acknowledged: BTreeSet<String> = first
        .iter()
        .take(3)
        .map(|request| request.target.clone())
        .collect();
    let refused = first[3].target.clone();
    assert!(
        first[3..].iter().all(|request| request.target == refused),
        "retries of one graph"
    );

    // The server recovers: the same push sends only the three graphs not acknowledged.
    *server.budget.lock().unwrap() = usize::MAX;
    server.seen.lock().unwrap().clear();
    let output = push_to(&store, &server.url, &password);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["sent"], 3, "{report}");
    assert_eq!(report["unchanged"], 3, "{report}");
    let second: BTreeSet<String> = server
        .writes()
        .iter()
        .map(|request| request.target.clone())
        .collect();
    assert_eq!(second.len(), 3);
    assert!(second.is_disjoint(&acknowledged), "nothing is sent twice");
    assert!(second.contains(&refused));
    let lines: usize = server.writes().iter().map(|request| request.lines).sum();
    assert_eq!(report["triples_sent"], lines as u64);

    // And a third push sends nothing.
    server.seen.lock().unwrap().clear();
    let output = push_to(&store, &server.url, &password);
    assert!(output.status.success());
    assert!(server.writes().is_empty(), "{:?}", server.writes());
}

#[test]
fn a_server_asking_for_credentials_gets_a_clear_error_without_them() {
    let server = FakeGraphStore::start(usize::MAX);
    let output = entente(&[
        "push",
        "--store",
        seed_store().to_str().unwrap(),
        "--endpoint",
        &server.url,
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("asks for credentials: give --user and --password-file"),
        "{}",
        stderr(&output)
    );
}
