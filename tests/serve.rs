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
