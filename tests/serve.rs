//! The SPARQL endpoint, driven by real clients (SPARQLWrapper, urllib) on loopback.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{build, corpus, python, seed_store, stderr, tempdir};

/// A running `entente serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(store: &Path, extra: &[&str]) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let bind = format!("127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_entente"))
            .args(["serve", "--store", store.to_str().unwrap(), "--bind", &bind])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while TcpStream::connect(&bind).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Server { child, port }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Python helper: `status(method, url, body, headers)` returns (status, body text).
const CLIENT: &str = r#"
import sys, urllib.request, urllib.error
def status(method, url, body=None, headers=None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace"), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace"), error.headers.get("Content-Type", "")
"#;

#[test]
fn sparqlwrapper_runs_select_and_construct() {
    let server = Server::start(seed_store(), &[]);
    let script = r#"
import sys
from SPARQLWrapper import SPARQLWrapper, JSON, TURTLE, XML
endpoint = SPARQLWrapper(sys.argv[1])
endpoint.setQuery("""PREFIX ent: <https://w3id.org/entente/ontology#>
SELECT ?type (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r ent:relationType ?type } GROUP BY ?type""")
endpoint.setReturnFormat(JSON)
rows = endpoint.query().convert()["results"]["bindings"]
types = {row["type"]["value"] for row in rows}
assert {"partnership", "alliance", "negotiation"} <= types, types
endpoint.setQuery("""PREFIX ent: <https://w3id.org/entente/ontology#>
CONSTRUCT { ?a ent:partnerOf ?b } WHERE { ?a ent:partnerOf ?b }""")
endpoint.setReturnFormat(TURTLE)
turtle = endpoint.query().convert().decode("utf-8")
assert "https://w3id.org/entente/actor/isr" in turtle, turtle[:500]
endpoint.setMethod("POST")
endpoint.setQuery("ASK { ?s ?p ?o }")
endpoint.setReturnFormat(XML)
answer = endpoint.query().convert()
assert answer.getElementsByTagName("boolean")[0].firstChild.data == "true"
print("ok")
"#;
    assert_eq!(python(script, &[&server.url("/sparql")]).trim(), "ok");
}

#[test]
fn formats_description_graph_store_and_page() {
    let server = Server::start(seed_store(), &[]);
    let script = format!(
        r##"{CLIENT}
import urllib.parse
base = sys.argv[1]
q = urllib.parse.quote("SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT 2")
for fmt, ctype in [("json", "sparql-results+json"), ("xml", "sparql-results+xml"), ("csv", "text/csv"), ("tsv", "tab-separated")]:
    code, body, got = status("GET", f"{{base}}/sparql?query={{q}}&format={{fmt}}")
    assert code == 200 and ctype in got, (fmt, code, got)
code, body, got = status("GET", f"{{base}}/query?query={{q}}", headers={{"Accept": "application/sparql-results+xml"}})
assert code == 200 and "xml" in got, got
c = urllib.parse.quote("CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }} LIMIT 3")
for accept, ctype in [("text/turtle", "text/turtle"), ("application/n-triples", "n-triples"), ("application/ld+json", "ld+json")]:
    code, body, got = status("GET", f"{{base}}/sparql?query={{c}}", headers={{"Accept": accept}})
    assert code == 200 and ctype in got, (accept, code, got)
code, body, got = status("POST", f"{{base}}/sparql", body=b"query=" + q.encode(), headers={{"Content-Type": "application/x-www-form-urlencoded"}})
assert code == 200, (code, body)
code, body, got = status("GET", f"{{base}}/sparql")
assert code == 200 and "sd:Service" in body, body
code, body, got = status("GET", f"{{base}}/store?default")
assert code == 200 and "actor/usa" in body, code
g = urllib.parse.quote("https://w3id.org/entente/graph/doc/000_cfb70096d9139696.txt")
code, body, got = status("GET", f"{{base}}/store?graph={{g}}", headers={{"Accept": "application/n-triples"}})
assert code == 200 and "actor/isr" in body, code
code, body, got = status("GET", f"{{base}}/store?graph=" + urllib.parse.quote("https://example.org/none"))
assert code == 404, code
code, body, got = status("GET", f"{{base}}/")
assert code == 200 and "two_hop_allies" in body and "textarea" in body, code
code, body, got = status("GET", f"{{base}}/sparql?query=" + urllib.parse.quote("SELECT ?x WHERE {{ ?x ?y }}"))
assert code == 400 and "syntax" in body, (code, body)
print("ok")
"##
    );
    assert_eq!(python(&script, &[&server.url("")]).trim(), "ok");
}

#[test]
fn safe_by_default_timeouts_service_and_large_bodies() {
    let server = Server::start(seed_store(), &["--timeout", "0.5"]);
    let script = format!(
        r##"{CLIENT}
import urllib.parse
base = sys.argv[1]
slow = "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }}"
code, body, got = status("POST", f"{{base}}/sparql", body=slow.encode(), headers={{"Content-Type": "application/sparql-query"}})
assert code == 503 and "time limit" in body, (code, body)
service = "SELECT * WHERE {{ SERVICE <http://127.0.0.1:9/sparql> {{ ?s ?p ?o }} }}"
code, body, got = status("POST", f"{{base}}/sparql", body=service.encode(), headers={{"Content-Type": "application/sparql-query"}})
assert code == 403 and "SERVICE" in body, (code, body)
big = b"query=" + b"#" * (10 * 1024 * 1024)
code, body, got = status("POST", f"{{base}}/sparql", body=big, headers={{"Content-Type": "application/x-www-form-urlencoded"}})
assert code == 413, code
code, body, got = status("POST", f"{{base}}/update", body=b"INSERT DATA {{ <http://a> <http://b> <http://c> }}", headers={{"Content-Type": "application/sparql-update"}})
assert code in (401, 403), code
code, body, got = status("GET", f"{{base}}/sparql?query=" + urllib.parse.quote("SELECT * WHERE {{ ?s ?p ?o }}"))
assert code == 200, code
print("ok")
"##
    );
    assert_eq!(python(&script, &[&server.url("")]).trim(), "ok");
}

#[test]
fn updates_need_the_token() {
    let dir = tempdir();
    let store = dir.path().join("store");
    let output = build(&corpus(), &store, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let server = Server::start(&store, &["--allow-update", "--token", "s3cret"]);
    let script = format!(
        r##"{CLIENT}
base = sys.argv[1]
update = b"INSERT DATA {{ GRAPH <http://example.org/g> {{ <http://example.org/a> <http://example.org/b> <http://example.org/c> }} }}"
headers = {{"Content-Type": "application/sparql-update"}}
code, body, got = status("POST", f"{{base}}/update", body=update, headers=headers)
assert code == 401, code
code, body, got = status("POST", f"{{base}}/update", body=update, headers=dict(headers, Authorization="Bearer wrong"))
assert code == 403, code
code, body, got = status("POST", f"{{base}}/update", body=update, headers=dict(headers, Authorization="Bearer s3cret"))
assert code == 204, (code, body)
code, body, got = status("POST", f"{{base}}/sparql", body=b"ASK {{ <http://example.org/a> ?p ?o }}", headers={{"Content-Type": "application/sparql-query"}})
assert code == 200 and "true" in body, body
print("ok")
"##
    );
    assert_eq!(python(&script, &[&server.url("")]).trim(), "ok");
}

#[test]
fn a_long_query_does_not_hold_up_other_clients() {
    let server = Server::start(seed_store(), &["--timeout", "3"]);
    let script = format!(
        r##"{CLIENT}
import threading, urllib.parse
base = sys.argv[1]
done = {{}}
def slow():
    q = "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }}"
    done["slow"] = status("POST", f"{{base}}/sparql", body=q.encode(), headers={{"Content-Type": "application/sparql-query"}})[0]
thread = threading.Thread(target=slow)
thread.start()
import time
time.sleep(0.3)
code, body, got = status("GET", f"{{base}}/sparql?query=" + urllib.parse.quote("ASK {{ ?s ?p ?o }}"))
assert code == 200, code
assert "slow" not in done, "the fast query came back while the slow one still ran"
thread.join()
assert done["slow"] == 503, done
print("ok")
"##
    );
    assert_eq!(python(&script, &[&server.url("")]).trim(), "ok");
}

/// Datasets as SPARQL defines them, read with SPARQLWrapper: FROM scopes the default
/// graph to one document's graph (a graph the store does not have, such as a local
/// file, is empty), FROM NAMED the graphs GRAPH ?g reaches; the protocol's
/// default-graph-uri and named-graph-uri do the same and replace the query's own
/// clauses; without either the default graph is the union of the documents' graphs.
#[test]
fn from_from_named_and_the_protocol_parameters_choose_the_dataset() {
    let server = Server::start(seed_store(), &[]);
    let script = r#"
import sys
from SPARQLWrapper import SPARQLWrapper, JSON
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed
url = sys.argv[1]
doc = "https://w3id.org/entente/graph/doc/000_cfb70096d9139696.txt"
def ask(query, default=(), named=()):
    endpoint = SPARQLWrapper(url)
    for graph in default:
        endpoint.addDefaultGraph(graph)
    for graph in named:
        endpoint.addNamedGraph(graph)
    endpoint.setQuery(query)
    endpoint.setReturnFormat(JSON)
    rows = endpoint.query().convert()["results"]["bindings"]
    return [{name: cell["value"] for name, cell in row.items()} for row in rows]
def count(query, **dataset):
    return int(ask(query, **dataset)[0]["n"])
union = count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
in_doc = count(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{doc}> {{ ?s ?p ?o }} }}")
assert 0 < in_doc < union, (in_doc, union)
assert count(f"SELECT (COUNT(*) AS ?n) FROM <{doc}> WHERE {{ ?s ?p ?o }}") == in_doc
assert count("SELECT (COUNT(*) AS ?n) FROM <file:///etc/passwd> WHERE { ?s ?p ?o }") == 0
graphs = ask(f"SELECT DISTINCT ?g FROM NAMED <{doc}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
assert graphs == [{"g": doc}], graphs
assert len(ask("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")) > 1
# Only FROM NAMED: the default graph is empty.
assert count(f"SELECT (COUNT(*) AS ?n) FROM NAMED <{doc}> WHERE {{ ?s ?p ?o }}") == 0
# The protocol's parameters, replacing the query's clauses.
assert count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default=[doc]) == in_doc
assert count("SELECT (COUNT(*) AS ?n) FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", default=[doc]) == in_doc
graphs = ask("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named=[doc])
assert graphs == [{"g": doc}], graphs
try:
    ask("SELECT * WHERE { ?s ?p ?o }", default=["not an iri"])
    raise AssertionError("a bad graph IRI was accepted")
except QueryBadFormed as error:
    assert "not an absolute IRI" in str(error), error
print("ok")
"#;
    assert_eq!(python(script, &[&server.url("/sparql")]).trim(), "ok");
}

/// The hostile suite, one request of each kind (bench/endpoint.py, `--reduced`):
/// Cartesian products, unbounded paths, sorts over every quad, regular expressions on
/// every literal, deep nesting, a huge VALUES block, SERVICE, an update without a
/// token, an oversized body and headers, a client sending a byte a second. Each gets
/// its expected status within the time limit plus a second, the server's processes are
/// back to idle within a second of the answer, and a simple query answers after each.
#[test]
fn hostile_requests_are_stopped_in_time_and_leave_the_server_idle_and_answering() {
    let output = Command::new("python3")
        .arg(crate::util::root().join("bench/endpoint.py"))
        .args(["hostile", "--store", seed_store().to_str().unwrap()])
        .args([
            "--timeout",
            "1",
            "--request-timeout",
            "2",
            "--reduced",
            "--check",
        ])
        .env("ENTENTE_BIN", env!("CARGO_BIN_EXE_entente"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A query whose worker passes --max-memory is stopped with a 503 that says so, and a
/// query whose client hangs up is stopped too: its worker is killed, not left running.
#[test]
fn memory_caps_and_clients_that_hang_up_stop_the_query() {
    let server = Server::start(seed_store(), &["--max-memory", "100", "--timeout", "60"]);
    let script = format!(
        r##"{CLIENT}
import os, socket, time
base, server_pid = sys.argv[1], int(sys.argv[2])
sys.path.insert(0, sys.argv[3])
from endpoint import tree_ticks
big = "SELECT ?s WHERE {{ ?s ?p ?o . ?a ?b ?c }} ORDER BY ?c ?o ?a LIMIT 1"
code, body, got = status("POST", f"{{base}}/sparql", body=big.encode(), headers={{"Content-Type": "application/sparql-query"}})
assert code == 503 and "memory" in body, (code, body)
def workers():
    found = tree_ticks(server_pid)
    found.pop(server_pid, None)
    return found
slow = b"SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }}"
with socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1]))) as stream:
    stream.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: %d\r\n\r\n%s" % (len(slow), slow))
    time.sleep(1.0)
time.sleep(1.0)
before = workers()
time.sleep(0.5)
after = workers()
used = sum(ticks - before.get(pid, ticks) for pid, ticks in after.items())
assert used / os.sysconf("SC_CLK_TCK") < 0.1, f"the workers still used {{used}} ticks after the client left"
code, body, got = status("GET", f"{{base}}/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D")
assert code == 200, code
print("ok")
"##
    );
    let pid = server.child.id().to_string();
    let bench = crate::util::root().join("bench");
    assert_eq!(
        python(&script, &[&server.url(""), &pid, bench.to_str().unwrap()]).trim(),
        "ok"
    );
}

/// With one worker and no queue, a second query while the first runs is refused at
/// once with a 503 and Retry-After; once the first is stopped, queries run again.
#[test]
fn a_full_pool_refuses_at_once_with_retry_after() {
    let server = Server::start(
        seed_store(),
        &["--max-concurrent", "1", "--queue", "0", "--timeout", "2"],
    );
    let script = format!(
        r##"{CLIENT}
import threading, time, urllib.request, urllib.error
base = sys.argv[1]
done = {{}}
def slow():
    q = "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }}"
    done["slow"] = status("POST", f"{{base}}/sparql", body=q.encode(), headers={{"Content-Type": "application/sparql-query"}})
thread = threading.Thread(target=slow)
thread.start()
time.sleep(0.5)
start = time.time()
request = urllib.request.Request(f"{{base}}/sparql?query=ASK%7B%7D")
try:
    urllib.request.urlopen(request, timeout=10)
    raise AssertionError("a query ran beside the only worker's")
except urllib.error.HTTPError as error:
    assert error.code == 503 and error.headers.get("Retry-After") == "1", (error.code, dict(error.headers))
    assert "too many queries are waiting" in error.read().decode(), "reason"
assert time.time() - start < 1.0, "the refusal waited"
thread.join()
assert done["slow"][0] == 503 and "time limit" in done["slow"][1], done
code, body, got = status("GET", f"{{base}}/sparql?query=ASK%7B%7D")
assert code == 200, code
print("ok")
"##
    );
    assert_eq!(python(&script, &[&server.url("")]).trim(), "ok");
}

/// The JSON API, read with urllib: the same JSON as `path`, `show` and `rank` give
/// with `--format json`, search for autocompletion, errors as JSON with their status,
/// and a graph that follows the store's updates.
#[test]
fn the_json_api_answers_as_the_commands_do_and_follows_updates() {
    let dir = tempdir();
    let store = dir.path().join("store");
    let output = build(&corpus(), &store, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let store_arg = store.to_str().unwrap();
    let command = |args: &[&str]| {
        let output = crate::util::entente(args);
        assert!(output.status.success(), "{}", stderr(&output));
        crate::util::stdout(&output)
    };
    let path = command(&[
        "path", "Israël", "Maroc", "--k", "2", "--format", "json", "--store", store_arg,
    ]);
    let card = command(&["show", "Maroc", "--format", "json", "--store", store_arg]);
    let rank = command(&[
        "rank", "--by", "degree", "--top", "5", "--format", "json", "--store", store_arg,
    ]);
    let server = Server::start(&store, &["--allow-update", "--token", "s3cret"]);
    let script = format!(
        r##"{CLIENT}
import json, time, urllib.parse
base, path, card, rank = sys.argv[1:5]
def api(endpoint, **params):
    return status("GET", f"{{base}}/api/{{endpoint}}?" + urllib.parse.urlencode(params))
deadline = time.time() + 30
while True:
    code, body, kind = api("search", q="x")
    if code != 503 or time.time() > deadline:
        break
    time.sleep(0.1)
assert code == 200, (code, body)
code, body, kind = api("path", **{{"from": "israel", "to": "Maroc", "k": "2"}})
assert code == 200 and kind == "application/json", (code, kind)
assert json.loads(body) == json.loads(path), body
code, body, kind = api("actor", name="Maroc")
assert code == 200 and json.loads(body) == json.loads(card), body
code, body, kind = api("rank", by="degree", top="5")
assert code == 200 and json.loads(body) == json.loads(rank), body
code, body, kind = api("search", q="isra")
found = json.loads(body)
assert found[0]["key"] == "isr" and found[0]["type"] == "state", found
assert len(json.loads(api("search", q="ma", limit="2")[1])) == 2
code, body, kind = api("actor", name="Marocc")
assert code == 404 and "Maroc" in json.loads(body)["suggestions"], (code, body)
for params in [dict(to="Maroc"), {{"from": "Maroc", "to": "Chine", "mode": "widest"}},
               {{"from": "Maroc", "to": "Chine", "at": "yesterday"}}, {{"from": "Maroc", "to": "Chine", "via": "friendship"}}]:
    code, body, kind = api("path", **params)
    assert code == 400 and "error" in json.loads(body), (params, code, body)
code, body, kind = status("POST", f"{{base}}/api/path", body=b"")
assert code == 405, code
code, body, kind = api("rank", by="betweenness", types="partnership,alliance", top="3")
assert code == 200 and len(json.loads(body)) == 3, body

# An update removes the document of the Israel-United States partnership: the API
# answers from the new graph once reloaded.
doc = json.loads(path)["hops"][0]["sources"][0]["doc"]
query = f'SELECT ?g WHERE {{{{ GRAPH ?g {{{{ ?d <http://purl.org/dc/terms/identifier> "{{doc}}" }}}} }}}}'
code, body, kind = status("GET", f"{{base}}/sparql?" + urllib.parse.urlencode(dict(query=query, format="csv")))
graph = body.splitlines()[1].strip()
code, body, kind = status("POST", f"{{base}}/update", body=f"DROP GRAPH <{{graph}}>".encode(),
                          headers={{"Content-Type": "application/sparql-update", "Authorization": "Bearer s3cret"}})
assert code == 204, (code, body)
deadline = time.time() + 30
while time.time() < deadline:
    code, body, kind = api("path", **{{"from": "israel", "to": "Maroc", "k": "2"}})
    if code != 200 or json.loads(body) != json.loads(path):
        break
    time.sleep(0.1)
assert code == 404 or json.loads(body) != json.loads(path), "the graph was not reloaded"
print("ok")
"##
    );
    assert_eq!(
        python(&script, &[&server.url(""), &path, &card, &rank]).trim(),
        "ok"
    );
}
