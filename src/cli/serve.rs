//! `entente serve`: a SPARQL 1.1 Protocol endpoint over the store.
//!
//! Safe by default: loopback only, read-only (updates need `--allow-update` and a
//! bearer token), every query bounded in time and in size (a timeout is an HTTP error,
//! never a truncated 200), SERVICE refused, request bodies bounded, CORS off. Each
//! connection gets its own thread, so a long query does not hold up the others.

use std::collections::HashMap;
use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use entente::store::{Access, Cancel, QueryLimits, ServeError, Store, StoreError, graph_format};
use oxhttp::Server;
use oxhttp::model::{Body, HeaderValue, Method, Request, Response, StatusCode, header};

use crate::cli::{Outcome, StoreArg};

/// Serve the store as a SPARQL 1.1 endpoint (/sparql and /query), with Graph Store
/// Protocol reads (/store), a service description, and a query page at /.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  entente serve --store store\n  entente serve --store store --bind 127.0.0.1:7878 --timeout 10 --cors\n  entente serve --store store --allow-update --token-file token.txt\n\nQueries: GET /sparql?query=..., POST /sparql with a form (query=...) or an\napplication/sparql-query body. Result formats by Accept header or format=json|xml|csv|tsv\n(SELECT, ASK) and turtle|ntriples|jsonld (CONSTRUCT, DESCRIBE). Updates: POST /update with\nAuthorization: Bearer TOKEN. Graph Store reads: GET /store?graph=IRI or /store?default."
)]
pub struct Args {
    #[command(flatten)]
    store: StoreArg,
    /// The address to listen on (loopback by default).
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDR")]
    bind: SocketAddr,
    /// The longest a query may run, in seconds.
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
    timeout: f64,
    /// The most solutions or triples a query may return.
    #[arg(long, default_value_t = 100_000, value_name = "N")]
    max_results: usize,
    /// The largest request body accepted, in bytes.
    #[arg(long, default_value_t = 1 << 20, value_name = "BYTES")]
    max_body: u64,
    /// Accept SPARQL updates (needs --token or --token-file; clients send it as a bearer token).
    #[arg(long)]
    allow_update: bool,
    /// The update token.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "ENTENTE_TOKEN",
        hide_env_values = true
    )]
    token: Option<String>,
    /// A file holding the update token.
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// Allow SERVICE federation to other endpoints (plain HTTP).
    #[arg(long)]
    allow_service: bool,
    /// Send CORS headers so that browser pages of other origins can query.
    #[arg(long)]
    cors: bool,
    /// How many requests are served at once.
    #[arg(long, default_value_t = 64, value_name = "N")]
    max_connections: usize,
}

/// Cancels queries that pass their deadline; one thread for the whole server.
#[derive(Clone, Default)]
struct Watchdog(Arc<Mutex<Vec<(Instant, Cancel)>>>);

impl Watchdog {
    fn start(&self) {
        let deadlines = Arc::clone(&self.0);
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(20));
                let now = Instant::now();
                if let Ok(mut deadlines) = deadlines.lock() {
                    deadlines.retain(|(deadline, cancel)| {
                        if *deadline <= now {
                            cancel.cancel();
                            false
                        } else {
                            true
                        }
                    });
                }
            }
        });
    }

    fn watch(&self, timeout: Duration) -> Cancel {
        let cancel = Cancel::new();
        if let Ok(mut deadlines) = self.0.lock() {
            deadlines.push((Instant::now() + timeout, cancel.clone()));
        }
        cancel
    }
}

struct Endpoint {
    store: Store,
    args: Args,
    token: Option<String>,
    watchdog: Watchdog,
}

const PAGE: &str = include_str!("serve.html");

/// The example queries shipped in queries/, offered on the query page.
const EXAMPLES: [(&str, &str); 7] = [
    (
        "partnerships_of_country",
        include_str!("../../queries/partnerships_of_country.rq"),
    ),
    ("timeline", include_str!("../../queries/timeline.rq")),
    ("roles", include_str!("../../queries/roles.rq")),
    (
        "two_hop_allies",
        include_str!("../../queries/two_hop_allies.rq"),
    ),
    (
        "relations_by_status",
        include_str!("../../queries/relations_by_status.rq"),
    ),
    (
        "most_connected",
        include_str!("../../queries/most_connected.rq"),
    ),
    ("evidence", include_str!("../../queries/evidence.rq")),
];

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let token = match (&args.token, &args.token_file) {
        (Some(token), _) => Some(token.trim().to_string()),
        (None, Some(file)) => Some(
            std::fs::read_to_string(file)
                .with_context(|| format!("cannot read token file {}", file.display()))?
                .trim()
                .to_string(),
        ),
        (None, None) => None,
    };
    anyhow::ensure!(
        !args.allow_update || token.as_ref().is_some_and(|token| !token.is_empty()),
        "--allow-update needs a token (--token, --token-file or ENTENTE_TOKEN)"
    );
    let access = if args.allow_update {
        Access::ReadWrite
    } else {
        Access::ReadOnly
    };
    let store = Store::open(&args.store.store, access)
        .with_context(|| format!("cannot open store {}", args.store.store.display()))?;
    let watchdog = Watchdog::default();
    watchdog.start();
    let bind = args.bind;
    let max_connections = args.max_connections;
    let endpoint = Arc::new(Endpoint {
        store,
        args,
        token,
        watchdog,
    });
    let server = Server::new(move |request| endpoint.handle(request))
        .bind(bind)
        .with_server_name(concat!("entente/", env!("CARGO_PKG_VERSION")))
        .context("bad server name")?
        .with_global_timeout(Duration::from_secs(300))
        .with_max_concurrent_connections(max_connections)
        .spawn()
        .with_context(|| format!("cannot listen on {bind}"))?;
    eprintln!("entente: SPARQL endpoint on http://{bind}/sparql (query page on http://{bind}/)");
    server.join().context("the server stopped")?;
    Ok(Outcome::Ok)
}

fn text_response(status: StatusCode, message: impl Into<String>) -> Response<Body> {
    let mut response = Response::new(Body::from(message.into() + "\n"));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// An `application/x-www-form-urlencoded` body or query string: the last value of a
/// name wins.
fn decode_form(text: &str) -> HashMap<String, String> {
    form_urlencoded::parse(text.as_bytes())
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect()
}

impl Endpoint {
    fn handle(&self, request: &mut Request<Body>) -> Response<Body> {
        let mut response = self.route(request);
        if self.args.cors {
            let headers = response.headers_mut();
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            );
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static("Content-Type, Accept, Authorization"),
            );
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("GET, POST, OPTIONS"),
            );
        }
        response
    }

    /// The request body as text, or the error response to send.
    #[allow(clippy::result_large_err)] // The error is the response itself, sent at once.
    fn read_body(&self, request: &mut Request<Body>) -> Result<String, Response<Body>> {
        let limit = self.args.max_body;
        if request.body().len().is_some_and(|length| length > limit) {
            return Err(text_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("request body over the limit of {limit} bytes"),
            ));
        }
        let mut bytes = Vec::new();
        let read = request.body_mut().take(limit + 1).read_to_end(&mut bytes);
        if read.is_err() {
            return Err(text_response(
                StatusCode::BAD_REQUEST,
                "cannot read the request body",
            ));
        }
        if bytes.len() as u64 > limit {
            return Err(text_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("request body over the limit of {limit} bytes"),
            ));
        }
        String::from_utf8(bytes)
            .map_err(|_| text_response(StatusCode::BAD_REQUEST, "the body is not UTF-8"))
    }

    fn route(&self, request: &mut Request<Body>) -> Response<Body> {
        let path = request.uri().path().to_string();
        let query_string = request.uri().query().unwrap_or("").to_string();
        let params = decode_form(&query_string);
        let method = request.method().clone();
        if method == Method::OPTIONS {
            return text_response(StatusCode::NO_CONTENT, "");
        }
        match (path.as_str(), &method) {
            ("/", &Method::GET) => {
                let examples: serde_json::Map<String, serde_json::Value> = EXAMPLES
                    .iter()
                    .map(|(name, text)| (name.to_string(), serde_json::Value::from(*text)))
                    .collect();
                let page = PAGE.replace(
                    "__ENTENTE_EXAMPLES__",
                    &serde_json::Value::Object(examples)
                        .to_string()
                        .replace('<', "\\u003c"),
                );
                let mut response = Response::new(Body::from(page));
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                );
                response
            }
            ("/sparql" | "/query", &Method::GET) => match params.get("query") {
                Some(query) => self.query(request, query, params.get("format").map(String::as_str)),
                None => self.service_description(request),
            },
            ("/sparql" | "/query", &Method::POST) => {
                let content_type = request
                    .headers()
                    .get(header::CONTENT_TYPE)
                    .and_then(|value| value.to_str().ok())
                    .unwrap_or("")
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                let body = match self.read_body(request) {
                    Ok(body) => body,
                    Err(response) => return response,
                };
                match content_type.as_str() {
                    "application/sparql-query" => {
                        self.query(request, &body, params.get("format").map(String::as_str))
                    }
                    "application/x-www-form-urlencoded" => {
                        let form = decode_form(&body);
                        let format = form
                            .get("format")
                            .or(params.get("format"))
                            .map(String::as_str);
                        match (form.get("query"), form.get("update")) {
                            (Some(query), _) => self.query(request, query, format),
                            (None, Some(update)) => self.update(request, update),
                            (None, None) => {
                                text_response(StatusCode::BAD_REQUEST, "no query in the form")
                            }
                        }
                    }
                    "application/sparql-update" => self.update(request, &body),
                    other => text_response(
                        StatusCode::UNSUPPORTED_MEDIA_TYPE,
                        format!(
                            "unsupported content type {other:?}: use application/sparql-query or a form"
                        ),
                    ),
                }
            }
            ("/update", &Method::POST) => {
                let content_type = request
                    .headers()
                    .get(header::CONTENT_TYPE)
                    .and_then(|value| value.to_str().ok())
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let body = match self.read_body(request) {
                    Ok(body) => body,
                    Err(response) => return response,
                };
                if content_type.starts_with("application/x-www-form-urlencoded") {
                    match decode_form(&body).get("update") {
                        Some(update) => self.update(request, update),
                        None => text_response(StatusCode::BAD_REQUEST, "no update in the form"),
                    }
                } else {
                    self.update(request, &body)
                }
            }
            ("/store", &Method::GET) => self.graph_store(request, &params),
            ("/sparql" | "/query" | "/update" | "/store" | "/", _) => text_response(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("{method} is not allowed on {path}"),
            ),
            _ => text_response(
                StatusCode::NOT_FOUND,
                format!("no such endpoint {path}: try /sparql"),
            ),
        }
    }

    fn accept(request: &Request<Body>) -> String {
        request
            .headers()
            .get(header::ACCEPT)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
            .to_string()
    }

    fn query(&self, request: &Request<Body>, sparql: &str, format: Option<&str>) -> Response<Body> {
        let timeout = Duration::from_secs_f64(self.args.timeout.max(0.001));
        let limits = QueryLimits {
            cancel: Some(self.watchdog.watch(timeout)),
            max_results: Some(self.args.max_results),
            allow_service: self.args.allow_service,
        };
        match self
            .store
            .serve_query(sparql, &Self::accept(request), format, &limits)
        {
            Ok(served) => {
                let mut response = Response::new(Body::from(served.body));
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(served.content_type),
                );
                response
            }
            Err(ServeError::Timeout) => text_response(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the query ran past the time limit of {} s",
                    self.args.timeout
                ),
            ),
            Err(error @ ServeError::TooManyResults { .. }) => text_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("{error}: narrow it or add LIMIT"),
            ),
            Err(error @ ServeError::ServiceRefused) => text_response(
                StatusCode::FORBIDDEN,
                format!("{error}; start the server with --allow-service to allow it"),
            ),
            Err(error @ ServeError::NotAcceptable { .. }) => {
                text_response(StatusCode::NOT_ACCEPTABLE, error.to_string())
            }
            Err(ServeError::Store(StoreError::Syntax { message })) => text_response(
                StatusCode::BAD_REQUEST,
                format!("SPARQL syntax error: {message}"),
            ),
            Err(error) => text_response(StatusCode::INTERNAL_SERVER_ERROR, format!("{error}")),
        }
    }

    fn update(&self, request: &Request<Body>, sparql: &str) -> Response<Body> {
        if !self.args.allow_update {
            return text_response(
                StatusCode::FORBIDDEN,
                "this endpoint is read-only (start it with --allow-update)",
            );
        }
        let given = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim);
        let Some(token) = &self.token else {
            return text_response(StatusCode::FORBIDDEN, "no update token configured");
        };
        match given {
            None => {
                let mut response = text_response(
                    StatusCode::UNAUTHORIZED,
                    "updates need Authorization: Bearer TOKEN",
                );
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                response
            }
            Some(given) if !constant_time_eq(given.as_bytes(), token.as_bytes()) => {
                text_response(StatusCode::FORBIDDEN, "wrong update token")
            }
            Some(_) => match self.store.update(sparql) {
                Ok(()) => text_response(StatusCode::NO_CONTENT, ""),
                Err(StoreError::Syntax { message }) => text_response(
                    StatusCode::BAD_REQUEST,
                    format!("SPARQL syntax error: {message}"),
                ),
                Err(error) => text_response(StatusCode::INTERNAL_SERVER_ERROR, format!("{error}")),
            },
        }
    }

    fn graph_store(
        &self,
        request: &Request<Body>,
        params: &HashMap<String, String>,
    ) -> Response<Body> {
        let Some(format) = graph_format(
            &Self::accept(request),
            params.get("format").map(String::as_str),
        ) else {
            return text_response(StatusCode::NOT_ACCEPTABLE, "no acceptable RDF format");
        };
        let graph = match (params.get("graph"), params.contains_key("default")) {
            (Some(graph), _) => Some(graph.as_str()),
            (None, true) => None,
            (None, false) => {
                return text_response(StatusCode::BAD_REQUEST, "give ?graph=IRI or ?default");
            }
        };
        match self.store.graph(graph, format) {
            Ok(Some(served)) => {
                let mut response = Response::new(Body::from(served.body));
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(served.content_type),
                );
                response
            }
            Ok(None) => text_response(StatusCode::NOT_FOUND, "no such graph"),
            Err(error) => text_response(StatusCode::INTERNAL_SERVER_ERROR, format!("{error}")),
        }
    }

    fn service_description(&self, request: &Request<Body>) -> Response<Body> {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("localhost");
        let description = format!(
            "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n\
             @prefix formats: <http://www.w3.org/ns/formats/> .\n\
             [] a sd:Service ;\n  sd:endpoint <http://{host}/sparql> ;\n  sd:supportedLanguage sd:SPARQL11Query{} ;\n  \
             sd:resultFormat formats:SPARQL_Results_JSON , formats:SPARQL_Results_XML , formats:SPARQL_Results_CSV , formats:SPARQL_Results_TSV , formats:Turtle , formats:N-Triples , formats:JSON-LD ;\n  \
             sd:feature sd:UnionDefaultGraph ;\n  sd:defaultDataset [ a sd:Dataset ] .\n",
            if self.args.allow_update {
                " , sd:SPARQL11Update"
            } else {
                ""
            }
        );
        let mut response = Response::new(Body::from(description));
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/turtle"),
        );
        response
    }
}

/// Compares tokens without an early exit, so timing does not reveal a prefix.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Form bodies and query strings: `+` and `%XX` decoded, broken escapes kept as
    /// they are, invalid UTF-8 replaced, the last value of a name kept.
    #[test]
    fn forms_decode_as_browsers_encode_them() {
        let form =
            decode_form("query=SELECT+%3Fs+WHERE+%7B%7D&format=json&format=csv&bad=%zz%4&u=%FF");
        assert_eq!(form["query"], "SELECT ?s WHERE {}");
        assert_eq!(form["format"], "csv");
        assert_eq!(form["bad"], "%zz%4");
        assert_eq!(form["u"], "\u{FFFD}");
        assert!(decode_form("").is_empty());
    }
}
