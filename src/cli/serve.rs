//! `entente serve`: a SPARQL 1.1 Protocol endpoint over the store.
//!
//! Safe by default: loopback only, read-only (updates need `--allow-update` and a
//! bearer token), SERVICE refused, CORS off. Every query runs in a worker process of
//! the pool (`entente::endpoint`), which stops it at its deadline or past its memory
//! cap by killing the process, whatever the query's shape, and bounds how many queries
//! run, wait and run long at once. A request's headers and body must arrive within
//! `--request-timeout` (a client sending a byte a second holds nothing for long), its
//! body is bounded, and answers are buffered: a stopped query is an HTTP error, never
//! a truncated 200. The JSON API (`/api/path`, `/api/actor`, `/api/rank`,
//! `/api/search`; `entente::api`) answers from one graph held in memory, loaded from
//! the graph index at start and again after each update. HTTP is hyper on tokio; this
//! file is routing and status codes.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use entente::api::{ApiError, Graph, Params};
use entente::endpoint::pool::{Pool, PoolConfig, PoolError};
use entente::endpoint::wire::{self, Failure, Job, Reply, WorkerOptions};
use entente::index::GraphIndex;
use entente::store::{Access, DatasetRequest, Store, StoreError, StoreLock};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use tokio::io::AsyncWriteExt;

use crate::cli::{Outcome, StoreArg};

/// Serve the store as a SPARQL 1.1 endpoint (/sparql and /query), with Graph Store
/// Protocol reads (/store), a service description, a query page at /, and a JSON API
/// for paths, actor cards, ranks and actor search (/api/).
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  entente serve --store store\n  entente serve --store store --bind 127.0.0.1:7878 --timeout 10 --cors\n  entente serve --store store --max-concurrent 8 --max-memory 2048\n  entente serve --store store --allow-update --token-file token.txt\n\nQueries: GET /sparql?query=..., POST /sparql with a form (query=...) or an\napplication/sparql-query body; default-graph-uri and named-graph-uri choose the dataset\n(otherwise FROM and FROM NAMED, otherwise the union of the documents' graphs). Result\nformats by Accept header or format=json|xml|csv|tsv (SELECT, ASK) and\nturtle|ntriples|jsonld (CONSTRUCT, DESCRIBE). Updates: POST /update with\nAuthorization: Bearer TOKEN. Graph Store reads: GET /store?graph=IRI or /store?default.\n\nJSON API: GET /api/path?from=A&to=B (the parameters of `path`), /api/actor?name=A,\n/api/rank?by=pagerank&top=20, /api/search?q=PREFIX.\n\nA query past --timeout, past --max-memory, or refused because the server is busy is a\n503 with the reason in its body (and Retry-After when retrying may help)."
)]
pub struct Args {
    #[command(flatten)]
    store: StoreArg,
    /// The address to listen on (loopback by default).
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDR")]
    bind: SocketAddr,
    /// The longest a query may take, waiting for a worker included, in seconds.
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
    timeout: f64,
    /// The most solutions or triples a query may return.
    #[arg(long, default_value_t = 100_000, value_name = "N")]
    max_results: usize,
    /// The most queries running at once, each in its own worker process [default: twice
    /// the cores].
    #[arg(long, value_name = "N")]
    max_concurrent: Option<usize>,
    /// The most queries waiting for a worker; past it a query is refused at once.
    #[arg(long, default_value_t = 64, value_name = "N")]
    queue: usize,
    /// The most queries running longer than --quick at once [default: half the cores,
    /// at least one]; a query that runs long when all are taken is stopped.
    #[arg(long, value_name = "N")]
    long_queries: Option<usize>,
    /// How long a query runs before it counts as long, in seconds.
    #[arg(long, default_value_t = 0.25, value_name = "SECONDS")]
    quick: f64,
    /// The most memory a query's worker may use, in MiB.
    #[arg(long, default_value_t = 1024, value_name = "MIB")]
    max_memory: u64,
    /// The longest a client may take to send a request's headers, and then its body,
    /// in seconds.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    request_timeout: f64,
    /// The largest request body accepted, in bytes.
    #[arg(long, default_value_t = 1 << 20, value_name = "BYTES")]
    max_body: u64,
    /// The most open connections; past it a new one gets a 503 and is closed.
    #[arg(long, default_value_t = 1024, value_name = "N")]
    max_connections: usize,
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
}

/// A query worker of `serve`: answers the jobs on stdin (`entente::endpoint::wire`).
/// Started by `serve`, not by people.
#[derive(clap::Args, Debug)]
pub struct WorkerArgs {
    #[arg(long, value_name = "DIR")]
    store: PathBuf,
    #[arg(long, value_name = "N")]
    max_results: usize,
    #[arg(long)]
    allow_service: bool,
}

pub fn run_worker(args: WorkerArgs) -> anyhow::Result<Outcome> {
    // A worker dies with the endpoint, even in the middle of a query. (The signal comes
    // when the thread that started the worker ends: one of the runtime's, which live as
    // long as the endpoint.)
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let _ = rustix::process::set_parent_process_death_signal(Some(rustix::process::Signal::KILL));
    // The endpoint holds the store's lock for its workers.
    let store = Store::open_unlocked(&args.store, Access::ReadOnly)
        .with_context(|| format!("cannot read store {}", args.store.display()))?;
    let options = WorkerOptions {
        max_results: args.max_results,
        allow_service: args.allow_service,
    };
    wire::serve_jobs(
        &store,
        options,
        std::io::stdin().lock(),
        std::io::BufWriter::new(std::io::stdout().lock()),
    )
    .context("the endpoint went away")?;
    Ok(Outcome::Ok)
}

struct Endpoint {
    args: Args,
    token: Option<String>,
    pool: Pool,
    /// The graph of the JSON API, from the graph index; `None` until first loaded.
    /// Reloaded after every update, answering from the previous one meanwhile.
    graph: std::sync::RwLock<Result<Arc<Graph>, String>>,
    /// Wakes the task that reloads `graph`.
    reload: tokio::sync::Notify,
    // Held while serving: shared (no build writes meanwhile) or, with --allow-update,
    // exclusive.
    _lock: Option<StoreLock>,
}

type Answer = Response<Full<Bytes>>;

/// The most bytes of an oversized body read and dropped before its 413 is sent.
const DRAIN_MAX: u64 = 64 << 20;

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
    anyhow::ensure!(
        args.timeout > 0.0 && args.quick > 0.0 && args.request_timeout > 0.0,
        "--timeout, --quick and --request-timeout must be above zero"
    );
    let access = if args.allow_update {
        Access::ReadWrite
    } else {
        Access::ReadOnly
    };
    // Opened once to check it (schema version, a finished build), then closed: the
    // workers open it, under the lock kept here.
    let lock = Store::open(&args.store.store, access)
        .with_context(|| format!("cannot open store {}", args.store.store.display()))?
        .into_lock();
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let mut worker_args: Vec<std::ffi::OsString> = vec![
        "serve-worker".into(),
        "--store".into(),
        args.store.store.clone().into(),
        "--max-results".into(),
        args.max_results.to_string().into(),
    ];
    if args.allow_service {
        worker_args.push("--allow-service".into());
    }
    let config = PoolConfig {
        program: std::env::current_exe().context("cannot find entente's own program")?,
        args: worker_args,
        workers: args.max_concurrent.unwrap_or(2 * cores),
        queue: args.queue,
        long_slots: args.long_queries.unwrap_or(cores / 2),
        quick: Duration::from_secs_f64(args.quick),
        timeout: Duration::from_secs_f64(args.timeout),
        max_memory: args.max_memory.saturating_mul(1 << 20),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async move {
        let bind = args.bind;
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .with_context(|| format!("cannot listen on {bind}"))?;
        let endpoint = Arc::new(Endpoint {
            pool: Pool::start(config),
            args,
            token,
            graph: std::sync::RwLock::new(Err(LOADING.to_string())),
            reload: tokio::sync::Notify::new(),
            _lock: lock,
        });
        tokio::spawn(keep_graph(Arc::clone(&endpoint)));
        endpoint.reload.notify_one();
        eprintln!(
            "entente: SPARQL endpoint on http://{bind}/sparql, JSON API on http://{bind}/api/ (query page on http://{bind}/)"
        );
        serve_connections(listener, endpoint).await
    })?;
    Ok(Outcome::Ok)
}

const LOADING: &str = "the graph is being loaded; retry in a moment";

/// Loads the JSON API's graph when asked (at start, after each update): from the
/// graph index, or from the store when the index is stale (the update changed it),
/// beside the running queries and never beside an update.
async fn keep_graph(endpoint: Arc<Endpoint>) {
    loop {
        endpoint.reload.notified().await;
        let path = endpoint.args.store.store.clone();
        let loaded = endpoint
            .pool
            .beside_queries(move || GraphIndex::open_unlocked(&path).map(Graph::new))
            .await;
        let graph = match loaded {
            Ok(Ok(graph)) => Ok(Arc::new(graph)),
            Ok(Err(error)) => Err(format!("cannot read the graph: {error}")),
            Err(error) => Err(format!("cannot read the graph: {error}")),
        };
        if let Err(message) = &graph {
            eprintln!("entente: {message}");
        }
        if let Ok(mut current) = endpoint.graph.write() {
            // A failed reload keeps the graph there was.
            if graph.is_ok() || current.is_err() {
                *current = graph;
            }
        }
    }
}

/// Accepts connections up to `--max-connections`, each served by hyper with deadlines
/// on its requests' headers.
async fn serve_connections(
    listener: tokio::net::TcpListener,
    endpoint: Arc<Endpoint>,
) -> anyhow::Result<()> {
    let connections = Arc::new(tokio::sync::Semaphore::new(
        endpoint.args.max_connections.max(1),
    ));
    let request_timeout = Duration::from_secs_f64(endpoint.args.request_timeout);
    loop {
        let (mut stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of file descriptors and the like: wait and go on.
                eprintln!("entente: cannot accept a connection: {error}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let Ok(permit) = Arc::clone(&connections).try_acquire_owned() else {
            tokio::spawn(async move {
                let refusal = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: 26\r\n\r\ntoo many open connections\n";
                let _ = tokio::time::timeout(Duration::from_secs(1), async {
                    stream.write_all(refusal.as_bytes()).await?;
                    stream.shutdown().await
                })
                .await;
            });
            continue;
        };
        let endpoint = Arc::clone(&endpoint);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let endpoint = Arc::clone(&endpoint);
                async move { Ok::<_, Infallible>(endpoint.handle(request).await) }
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(request_timeout)
                .max_buf_size(64 * 1024)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            let _ = connection.await;
            drop(permit);
        });
    }
}

fn text_response(status: StatusCode, message: impl Into<String>) -> Answer {
    let mut response = Response::new(Full::new(Bytes::from(message.into() + "\n")));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

fn bytes_response(content_type: &str, body: Vec<u8>) -> Answer {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    if let Ok(value) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// The pairs of an `application/x-www-form-urlencoded` body or query string, in order
/// (the dataset parameters repeat).
fn decode_form(text: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(text.as_bytes())
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect()
}

/// The last value of a form's name.
fn last<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter()
        .rev()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// The dataset parameters of the SPARQL Protocol, from the URL and the form.
fn dataset(forms: &[&[(String, String)]]) -> DatasetRequest {
    let all = |name: &str| {
        forms
            .iter()
            .flat_map(|form| form.iter())
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .collect()
    };
    DatasetRequest {
        default_graphs: all("default-graph-uri"),
        named_graphs: all("named-graph-uri"),
    }
}

/// The body's length a request declares (Content-Length).
fn declared_length(request: &Request<Incoming>) -> Option<u64> {
    header_text(request, header::CONTENT_LENGTH)
        .trim()
        .parse()
        .ok()
}

fn header_text(request: &Request<Incoming>, name: header::HeaderName) -> &str {
    request
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
}

impl Endpoint {
    async fn handle(&self, request: Request<Incoming>) -> Answer {
        let mut response = self.route(request).await;
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

    /// The request body as text, or the error response to send: bounded in size, and
    /// in time by --request-timeout. A body over the limit is read on and dropped (up to
    /// `DRAIN_MAX` bytes) so that a client that sends all of it before reading finds
    /// the 413 rather than a closed connection.
    #[allow(clippy::result_large_err)] // The error is the response itself, sent at once.
    async fn read_body(&self, mut body: Incoming, declared: Option<u64>) -> Result<String, Answer> {
        let limit = self.args.max_body;
        let timeout = Duration::from_secs_f64(self.args.request_timeout);
        let reading = async {
            let mut bytes = Vec::new();
            let mut seen = 0u64;
            let mut over = declared.is_some_and(|length| length > limit);
            while let Some(frame) = body.frame().await {
                let Ok(frame) = frame else {
                    return Err(text_response(
                        StatusCode::BAD_REQUEST,
                        "cannot read the request body",
                    ));
                };
                let Ok(data) = frame.into_data() else {
                    continue;
                };
                seen += data.len() as u64;
                over |= seen > limit;
                if over {
                    if seen > DRAIN_MAX {
                        break;
                    }
                } else {
                    bytes.extend_from_slice(&data);
                }
            }
            if over {
                return Err(text_response(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("request body over the limit of {limit} bytes"),
                ));
            }
            String::from_utf8(bytes)
                .map_err(|_| text_response(StatusCode::BAD_REQUEST, "the body is not UTF-8"))
        };
        tokio::time::timeout(timeout, reading)
            .await
            .unwrap_or_else(|_| {
                Err(text_response(
                    StatusCode::REQUEST_TIMEOUT,
                    format!("the request body did not arrive within {timeout:?}"),
                ))
            })
    }

    async fn route(&self, request: Request<Incoming>) -> Answer {
        let path = request.uri().path().to_string();
        let params = decode_form(request.uri().query().unwrap_or(""));
        let method = request.method().clone();
        if method == Method::OPTIONS {
            return text_response(StatusCode::NO_CONTENT, "");
        }
        let accept = header_text(&request, header::ACCEPT).to_string();
        match (path.as_str(), &method) {
            ("/", &Method::GET) => Self::page(),
            ("/sparql" | "/query", &Method::GET) => match last(&params, "query") {
                Some(query) => {
                    self.query(query, &accept, last(&params, "format"), dataset(&[&params]))
                        .await
                }
                None => self.service_description(header_text(&request, header::HOST)),
            },
            ("/sparql" | "/query", &Method::POST) => {
                let content_type = header_text(&request, header::CONTENT_TYPE)
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                let authorization = header_text(&request, header::AUTHORIZATION).to_string();
                let declared = declared_length(&request);
                let body = match self.read_body(request.into_body(), declared).await {
                    Ok(body) => body,
                    Err(response) => return response,
                };
                match content_type.as_str() {
                    "application/sparql-query" => {
                        self.query(&body, &accept, last(&params, "format"), dataset(&[&params]))
                            .await
                    }
                    "application/x-www-form-urlencoded" => {
                        let form = decode_form(&body);
                        let format = last(&form, "format").or(last(&params, "format"));
                        match (last(&form, "query"), last(&form, "update")) {
                            (Some(query), _) => {
                                self.query(query, &accept, format, dataset(&[&params, &form]))
                                    .await
                            }
                            (None, Some(update)) => self.update(&authorization, update).await,
                            (None, None) => {
                                text_response(StatusCode::BAD_REQUEST, "no query in the form")
                            }
                        }
                    }
                    "application/sparql-update" => self.update(&authorization, &body).await,
                    other => text_response(
                        StatusCode::UNSUPPORTED_MEDIA_TYPE,
                        format!(
                            "unsupported content type {other:?}: use application/sparql-query or a form"
                        ),
                    ),
                }
            }
            ("/update", &Method::POST) => {
                let content_type = header_text(&request, header::CONTENT_TYPE).to_ascii_lowercase();
                let authorization = header_text(&request, header::AUTHORIZATION).to_string();
                let declared = declared_length(&request);
                let body = match self.read_body(request.into_body(), declared).await {
                    Ok(body) => body,
                    Err(response) => return response,
                };
                if content_type.starts_with("application/x-www-form-urlencoded") {
                    match last(&decode_form(&body), "update") {
                        Some(update) => self.update(&authorization, update).await,
                        None => text_response(StatusCode::BAD_REQUEST, "no update in the form"),
                    }
                } else {
                    self.update(&authorization, &body).await
                }
            }
            ("/store", &Method::GET) => {
                let graph = match (
                    last(&params, "graph"),
                    params.iter().any(|(key, _)| key == "default"),
                ) {
                    (Some(graph), _) => Some(graph.to_string()),
                    (None, true) => None,
                    (None, false) => {
                        return text_response(
                            StatusCode::BAD_REQUEST,
                            "give ?graph=IRI or ?default",
                        );
                    }
                };
                let job = Job::Graph {
                    graph,
                    accept,
                    format: last(&params, "format").map(str::to_string),
                };
                self.answer(&job).await
            }
            ("/api/path" | "/api/actor" | "/api/rank" | "/api/search", &Method::GET) => {
                self.api(&path, params).await
            }
            ("/sparql" | "/query" | "/update" | "/store" | "/", _)
            | ("/api/path" | "/api/actor" | "/api/rank" | "/api/search", _) => text_response(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("{method} is not allowed on {path}"),
            ),
            _ => text_response(
                StatusCode::NOT_FOUND,
                format!("no such endpoint {path}: try /sparql or /api/path"),
            ),
        }
    }

    fn page() -> Answer {
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
        bytes_response("text/html; charset=utf-8", page.into_bytes())
    }

    async fn query(
        &self,
        sparql: &str,
        accept: &str,
        format: Option<&str>,
        dataset: DatasetRequest,
    ) -> Answer {
        let job = Job::Query {
            sparql: sparql.to_string(),
            accept: accept.to_string(),
            format: format.map(str::to_string),
            dataset,
        };
        self.answer(&job).await
    }

    /// The JSON API: answered from the loaded graph on a blocking thread, within
    /// --timeout.
    async fn api(&self, path: &str, params: Vec<(String, String)>) -> Answer {
        let graph = match self.graph.read().map(|graph| graph.clone()) {
            Ok(Ok(graph)) => graph,
            Ok(Err(message)) => {
                let mut response = json_response(
                    StatusCode::SERVICE_UNAVAILABLE,
                    &serde_json::json!({"error": message}),
                );
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
                return response;
            }
            Err(_) => {
                return text_response(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the graph is unavailable",
                );
            }
        };
        let path = path.to_string();
        let answering = tokio::task::spawn_blocking(move || {
            let params = Params(&params);
            match path.as_str() {
                "/api/path" => graph.path(&params),
                "/api/actor" => graph.actor(&params),
                "/api/rank" => graph.rank(&params),
                _ => graph.search(&params),
            }
        });
        let timeout = Duration::from_secs_f64(self.args.timeout);
        match tokio::time::timeout(timeout, answering).await {
            Ok(Ok(Ok(value))) => json_response(StatusCode::OK, &value),
            Ok(Ok(Err(error))) => api_error(&error),
            Ok(Err(error)) => text_response(StatusCode::INTERNAL_SERVER_ERROR, error.to_string()),
            Err(_) => text_response(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("the answer took longer than the time limit of {timeout:?}"),
            ),
        }
    }

    /// Runs a job in the pool; its answer or the error's status and reason.
    async fn answer(&self, job: &Job) -> Answer {
        match self.pool.run(job).await {
            Ok(answered) => match answered.reply {
                Reply::Answer { content_type, .. } => bytes_response(&content_type, answered.body),
                Reply::Failed { failure, message } => failure_response(failure, message),
            },
            Err(error @ PoolError::Busy(_)) => {
                let mut response =
                    text_response(StatusCode::SERVICE_UNAVAILABLE, error.to_string());
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
                response
            }
            Err(error @ (PoolError::Timeout(_) | PoolError::Memory(_))) => {
                text_response(StatusCode::SERVICE_UNAVAILABLE, error.to_string())
            }
            Err(error @ PoolError::Worker(_)) => {
                text_response(StatusCode::INTERNAL_SERVER_ERROR, error.to_string())
            }
        }
    }

    async fn update(&self, authorization: &str, sparql: &str) -> Answer {
        if !self.args.allow_update {
            return text_response(
                StatusCode::FORBIDDEN,
                "this endpoint is read-only (start it with --allow-update)",
            );
        }
        let given = authorization.strip_prefix("Bearer ").map(str::trim);
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
            Some(_) => {
                // Updates run alone: no worker has the store open meanwhile.
                let path = self.args.store.store.clone();
                let sparql = sparql.to_string();
                let done = self
                    .pool
                    .exclusive(move || {
                        Store::open_unlocked(&path, Access::ReadWrite)?.update(&sparql)
                    })
                    .await;
                if matches!(done, Ok(Ok(()))) {
                    self.reload.notify_one();
                }
                match done {
                    Ok(Ok(())) => text_response(StatusCode::NO_CONTENT, ""),
                    Ok(Err(StoreError::Syntax { message })) => text_response(
                        StatusCode::BAD_REQUEST,
                        format!("SPARQL syntax error: {message}"),
                    ),
                    Ok(Err(error)) => {
                        text_response(StatusCode::INTERNAL_SERVER_ERROR, format!("{error:#}"))
                    }
                    Err(error) => {
                        text_response(StatusCode::INTERNAL_SERVER_ERROR, error.to_string())
                    }
                }
            }
        }
    }

    fn service_description(&self, host: &str) -> Answer {
        let host = if host.is_empty() { "localhost" } else { host };
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
        bytes_response("text/turtle", description.into_bytes())
    }
}

fn json_response(status: StatusCode, value: &serde_json::Value) -> Answer {
    let mut response = bytes_response("application/json", value.to_string().into_bytes());
    *response.status_mut() = status;
    response
}

fn api_error(error: &ApiError) -> Answer {
    json_response(
        StatusCode::from_u16(error.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        &error.to_json(),
    )
}

/// The status of a worker's failure, with its reason.
fn failure_response(failure: Failure, message: String) -> Answer {
    match failure {
        Failure::Syntax => text_response(StatusCode::BAD_REQUEST, message),
        Failure::BadGraph => text_response(StatusCode::BAD_REQUEST, message),
        Failure::TooManyResults => text_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("{message}: narrow it or add LIMIT"),
        ),
        Failure::ServiceRefused => text_response(
            StatusCode::FORBIDDEN,
            format!("{message}; start the server with --allow-service to allow it"),
        ),
        Failure::NotAcceptable => text_response(StatusCode::NOT_ACCEPTABLE, message),
        Failure::NoSuchGraph => text_response(StatusCode::NOT_FOUND, message),
        Failure::Internal => text_response(StatusCode::INTERNAL_SERVER_ERROR, message),
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
    /// they are, invalid UTF-8 replaced, the last value of a name kept, repeated
    /// dataset parameters all kept.
    #[test]
    fn forms_decode_as_browsers_encode_them() {
        let form = decode_form(
            "query=SELECT+%3Fs+WHERE+%7B%7D&format=json&format=csv&bad=%zz%4&u=%FF\
             &default-graph-uri=http%3A%2F%2Fa&named-graph-uri=http%3A%2F%2Fb&default-graph-uri=http%3A%2F%2Fc",
        );
        assert_eq!(last(&form, "query"), Some("SELECT ?s WHERE {}"));
        assert_eq!(last(&form, "format"), Some("csv"));
        assert_eq!(last(&form, "bad"), Some("%zz%4"));
        assert_eq!(last(&form, "u"), Some("\u{FFFD}"));
        assert_eq!(last(&form, "none"), None);
        let asked = dataset(&[&form]);
        assert_eq!(asked.default_graphs, ["http://a", "http://c"]);
        assert_eq!(asked.named_graphs, ["http://b"]);
        assert!(decode_form("").is_empty());
    }
}
