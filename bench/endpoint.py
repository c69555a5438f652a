#!/usr/bin/env python3
"""Hostile queries and load against `entente serve`.

    python3 bench/endpoint.py hostile --store DIR [--timeout 2] [--reduced] [--check]
    python3 bench/endpoint.py load --store DIR [--timeout 2] [--seconds 60] [--clients 20]

`hostile` starts `serve --timeout T` on the store and sends each hostile request in
turn: Cartesian products of 2 to 5 patterns with and without aggregates, unbounded
property paths both ways, ORDER BY and GROUP BY over every quad, regular expressions
and string functions on every literal, deep nesting, a huge VALUES block, SERVICE,
an update without a token, an oversized body and oversized headers, and a slow client
sending a byte a second. For each it prints the HTTP status, the seconds until the
answer, and the seconds from the answer until the server's processes (the endpoint
and its query workers) are back to idle: under 10% of a core over 100 ms. `--check`
exits with 1 when an answer took more than T + 1 s, the CPU took more than 1 s to
come back to idle, a status was not the expected one, or a simple query then failed.
`--reduced` sends one request of each kind (the test suite runs it).

`load` runs two wrk instances side by side for `--seconds`: `--clients` connections
sending the worst hostile query in a loop, and as many sending a simple SELECT; it
prints the simple SELECT's p50 and p99 latency, its error count (non-2xx and socket
errors), the bad query's status counts, and the server's peak memory (the endpoint
and its workers, resident). wrk is installed from Debian's packages when missing.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(os.environ.get("ENTENTE_BIN", ROOT / "target" / "release" / "entente"))
ENT = "PREFIX ent: <https://w3id.org/entente/ontology#>\n"
SIMPLE = ENT + "SELECT ?a ?b WHERE { ?a ent:partnerOf ?b } LIMIT 10"
WORST = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TICK = os.sysconf("SC_CLK_TCK")


def cartesian(n, aggregate):
    patterns = " . ".join(f"?s{i} ?p{i} ?o{i}" for i in range(n))
    if aggregate:
        return f"SELECT (COUNT(*) AS ?n) WHERE {{ {patterns} }}"
    return f"SELECT * WHERE {{ {patterns} }}"


def nested(depth):
    return "SELECT * WHERE " + "{ " * depth + "?s ?p ?o " + "} " * depth


def values(n):
    rows = " ".join(f"<http://example.org/v{i}>" for i in range(n))
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?x {{ {rows} }} ?s ?p ?o . FILTER(?s != ?x) }}"


# (name, kind, payload, expected statuses); kind: query, update, body, headers, slow.
# A query the endpoint may answer in time (fast enough on a small store) may be a 200.
STOPPED = (503,)
HOSTILE = [
    *[(f"cartesian {n}", "query", cartesian(n, False), (200, 413) + STOPPED) for n in (2, 3, 4, 5)],
    *[(f"cartesian {n} + COUNT", "query", cartesian(n, True), (200,) + STOPPED) for n in (2, 3, 4, 5)],
    ("(p|^p)* both ways", "query",
     ENT + "SELECT (COUNT(*) AS ?n) WHERE { ?a (ent:partnerOf|^ent:partnerOf)* ?b }", (200,) + STOPPED),
    ("(any|^any)* both ways", "query",
     "SELECT (COUNT(*) AS ?n) WHERE { ?a (!<urn:x>|^!<urn:x>)* ?b }", (200,) + STOPPED),
    ("ORDER BY every quad", "query",
     "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY DESC(?o) ?s LIMIT 5", (200,) + STOPPED),
    ("GROUP BY every quad", "query",
     "SELECT ?o (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } ?x ?y ?o } GROUP BY ?o ORDER BY DESC(?n) LIMIT 5",
     (200,) + STOPPED),
    ("regex on every literal pair", "query",
     "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?t ?q ?l . FILTER(REGEX(CONCAT(STR(?o), STR(?l)), \"(a|aa)+$\", \"i\")) }",
     (200,) + STOPPED),
    ("string functions", "query",
     "SELECT (MAX(STRLEN(?x)) AS ?n) WHERE { ?s ?p ?o . ?t ?q ?l . BIND(REPLACE(CONCAT(UCASE(STR(?o)), LCASE(STR(?l))), \"(.)\", \"$1$1\") AS ?x) }",
     (200,) + STOPPED),
    ("nesting 5,000 deep", "query", nested(5000), (400,)),
    ("VALUES of 30,000 rows", "query", values(30000), (200,) + STOPPED),
    ("SERVICE", "query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", (403,)),
    ("update without a token", "update", "DELETE WHERE { ?s ?p ?o }", (401, 403)),
    ("body of 16 MiB", "body", 16 << 20, (413,)),
    # Refused with a 431 at 64 KiB; a client still sending may see the reset first.
    ("headers of 1 MiB", "headers", 1 << 20, (431, 400, "reset")),
    ("a byte a second", "slow", None, ("closed",)),
]
REDUCED = {"cartesian 4 + COUNT", "cartesian 5", "(any|^any)* both ways", "ORDER BY every quad",
           "regex on every literal pair", "nesting 5,000 deep", "VALUES of 30,000 rows", "SERVICE",
           "update without a token", "body of 16 MiB", "headers of 1 MiB", "a byte a second"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tree_ticks(root):
    """CPU ticks (user and system) used so far by process `root` and each of its
    children, by pid, each /proc/PID/stat read once (Linux)."""
    ticks = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(entry) == root or int(fields[1]) == root:
                ticks[int(entry)] = int(fields[11]) + int(fields[12])
    return ticks


class Server:
    def __init__(self, store, extra):
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(BIN), "serve", "--store", str(store), "--bind", f"127.0.0.1:{self.port}", *extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline:
                    raise SystemExit("the server did not start")
                time.sleep(0.05)
        time.sleep(0.5)  # its workers start

    def url(self, path="/sparql"):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        self.process.kill()
        self.process.wait()

    def pids(self):
        """The endpoint and its children (the query workers)."""
        return list(tree_ticks(self.process.pid))

    def cpu(self):
        """CPU ticks used so far by each process of the server."""
        return tree_ticks(self.process.pid)

    def resident(self):
        total = 0
        for pid in self.pids():
            try:
                total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            except OSError:
                pass
        return total

    def seconds_to_idle(self, limit=10.0):
        """Seconds until a 100 ms window where the server used under 10% of a core."""
        start = time.time()
        before = self.cpu()
        while time.time() - start < limit:
            time.sleep(0.1)
            after = self.cpu()
            used = sum(ticks - before.get(pid, ticks) for pid, ticks in after.items())
            if used / TICK <= 0.01:
                return max(0.0, time.time() - start - 0.1)
            before = after
        return float("inf")


def post(url, body, headers, timeout=60):
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (ConnectionError, socket.timeout) as error:
        return type(error).__name__, b""
    except urllib.error.URLError as error:
        # The server refused and closed while the request was still being sent
        # (oversized headers): the client sees a reset instead of the status.
        if isinstance(error.reason, (ConnectionError, socket.timeout)):
            return "reset", b""
        raise


def send(server, kind, payload):
    if kind == "query":
        return post(server.url(), payload.encode(), {"Content-Type": "application/sparql-query"})
    if kind == "update":
        return post(server.url("/update"), payload.encode(), {"Content-Type": "application/sparql-update"})
    if kind == "body":
        return post(server.url(), b"query=" + b"#" * payload, {"Content-Type": "application/x-www-form-urlencoded"})
    if kind == "headers":
        return post(server.url(), b"ASK {}", {"Content-Type": "application/sparql-query", "X-Big": "a" * payload})
    if kind == "slow":
        return slow_client(server)
    raise ValueError(kind)


def slow_client(server):
    """Sends a request a byte a second; 'closed' when the server hangs up first."""
    request = b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\n" + b"#" * 100
    with socket.create_connection(("127.0.0.1", server.port)) as stream:
        stream.settimeout(1.0)
        for byte in request:
            try:
                stream.sendall(bytes([byte]))
                if stream.recv(1024, socket.MSG_PEEK) == b"":
                    return "closed", b""
            except socket.timeout:
                continue
            except OSError:
                return "closed", b""
            data = stream.recv(4096)
            return ("closed" if data.startswith(b"HTTP/1.1 408") or not data else "answered"), data
    return "finished", b""


def simple_works(server):
    status, _ = post(server.url(), SIMPLE.encode(), {"Content-Type": "application/sparql-query"}, timeout=10)
    return status == 200


def hostile(args):
    server = Server(args.store, ["--timeout", str(args.timeout), "--request-timeout", str(args.request_timeout)])
    failures = []
    try:
        print(f"{'request':30} {'status':>8} {'answer s':>9} {'to idle s':>10}  why")
        for name, kind, payload, expected in HOSTILE:
            if args.reduced and name not in REDUCED:
                continue
            # A slow client runs beside a simple query, which must not wait for it.
            side = {}
            if kind == "slow":
                def beside():
                    time.sleep(1.5)
                    side["simple"] = simple_works(server)
                thread = threading.Thread(target=beside)
                thread.start()
            start = time.time()
            status, body = send(server, kind, payload)
            answered = time.time() - start
            if kind == "slow":
                thread.join()
            idle = server.seconds_to_idle()
            why = "" if status == 200 else body.decode("utf-8", "replace").strip().split("\n")[0][:60]
            print(f"{name:30} {status!s:>8} {answered:9.2f} {idle:10.2f}  {why}", flush=True)
            limit = args.request_timeout + 1 if kind == "slow" else args.timeout + 1
            if status not in expected:
                failures.append(f"{name}: status {status}, expected one of {expected}")
            if answered > limit:
                failures.append(f"{name}: answered after {answered:.2f} s (limit {limit} s)")
            if idle > 1.0:
                failures.append(f"{name}: the CPU came back to idle {idle:.2f} s after the answer")
            if kind == "slow" and not side.get("simple"):
                failures.append(f"{name}: a simple query failed while the slow client was connected")
            if not simple_works(server):
                failures.append(f"{name}: a simple query failed after it")
    finally:
        server.stop()
    for failure in failures:
        print("FAILED:", failure, file=sys.stderr)
    return 1 if args.check and failures else 0


def load(args):
    if subprocess.run(["sh", "-c", "command -v wrk"], stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(["sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk"],
                       check=True, stdout=subprocess.DEVNULL)
    server = Server(args.store, ["--timeout", str(args.timeout)])
    work = Path(tempfile.mkdtemp())
    report = """
done = function(summary, latency, requests)
  io.write(string.format("REPORT %d %d %d %d %.3f %.3f\\n", summary.requests,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""
    (work / "report.lua").write_text(report)
    peak = [0]
    running = [True]

    def watch():
        while running[0]:
            peak[0] = max(peak[0], server.resident())
            time.sleep(0.1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        def wrk(query, out):
            url = server.url() + "?query=" + urllib.parse.quote(query)
            return subprocess.Popen(
                ["wrk", "-t1", f"-c{args.clients}", f"-d{args.seconds}s", "--timeout", "10s",
                 "-s", str(work / "report.lua"), "-H", "Accept: application/sparql-results+json", url],
                stdout=out, stderr=subprocess.STDOUT)
        with open(work / "bad.txt", "w") as bad_out, open(work / "simple.txt", "w") as simple_out:
            bad = wrk(WORST, bad_out)
            simple = wrk(SIMPLE, simple_out)
            bad.wait()
            simple.wait()
    finally:
        running[0] = False
        watcher.join()
        server.stop()

    def parse(name):
        for line in (work / name).read_text().splitlines():
            if line.startswith("REPORT"):
                requests, status, socket_errors, timeouts, p50, p99 = line.split()[1:]
                return int(requests), int(status), int(socket_errors), int(timeouts), float(p50), float(p99)
        raise SystemExit((work / name).read_text())

    requests, status, socket_errors, timeouts, p50, p99 = parse("simple.txt")
    print(f"simple SELECT, {args.clients} clients, {args.seconds} s: {requests} requests, "
          f"p50 {p50:.2f} ms, p99 {p99:.2f} ms, errors {status + socket_errors + timeouts} "
          f"(non-2xx {status}, socket {socket_errors}, timeouts {timeouts})")
    requests, status, socket_errors, timeouts, p50, p99 = parse("bad.txt")
    print(f"worst query, {args.clients} clients: {requests} requests, {status} refused or stopped "
          f"(non-2xx), socket errors {socket_errors}, timeouts {timeouts}")
    print(f"server peak resident memory (endpoint and workers): {peak[0] / 2**20:.0f} MiB")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["hostile", "load"])
    parser.add_argument("--store", required=True)
    parser.add_argument("--timeout", type=float, default=2.0)
    parser.add_argument("--request-timeout", type=float, default=3.0)
    parser.add_argument("--reduced", action="store_true")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()
    sys.exit(hostile(args) if args.mode == "hostile" else load(args))


if __name__ == "__main__":
    main()
