//! The query workers: processes that each open the store read-only and answer one
//! query at a time, so that the endpoint can stop any query at its deadline by killing
//! its process, whatever the evaluator is doing (Oxigraph's cancellation does not
//! reach every loop: a four-way Cartesian product ran on for minutes past it), and the
//! kernel gives the query's CPU and memory back at once.
//!
//! Resources are bounded three ways:
//! - at most `workers` queries run at once; up to `queue` more wait, and past that a
//!   request is refused at once (`PoolError::Busy`);
//! - a query still running after `quick` needs one of the `long_slots`; it gets the
//!   lowest CPU priority, so that short queries keep answering in milliseconds while
//!   it runs, and when every slot is taken it is stopped. A query stopped for that or
//!   at its deadline is remembered for ten minutes: sent again, it asks for a long
//!   slot first, waits up to a second for one (holding no worker) and is refused when
//!   none frees, instead of holding a worker for `quick` every time: a client
//!   retrying a bad query in a loop is slowed down, not served a refusal at once,
//!   over and over, at the cost of the CPU short queries need;
//! - a worker whose resident memory passes `max_memory` is killed (read from /proc every
//!   20 ms: Linux only; elsewhere there is no memory cap).
//!
//! A request that goes away (its client disconnected) drops its worker, which kills
//! the process. A background task keeps `workers` processes started.

use std::collections::HashMap;
use std::ffi::OsString;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::sync::{Notify, RwLock, Semaphore, SemaphorePermit};

use super::wire::{Job, Reply, decode_frame, frame_length};

/// How long a stopped query is remembered as long.
const REMEMBER: Duration = Duration::from_secs(600);
/// The most queries remembered; past it the oldest are forgotten.
const REMEMBER_MAX: usize = 4096;
/// The longest a remembered long query waits for a slot before it is refused.
const LONG_WAIT: Duration = Duration::from_secs(1);
/// How often a running query's memory is looked at.
const MEMORY_TICK: Duration = Duration::from_millis(20);

/// How the pool runs.
#[derive(Clone, Debug)]
pub struct PoolConfig {
    /// The worker's command line: a program that reads jobs on stdin (`wire`).
    pub program: PathBuf,
    pub args: Vec<OsString>,
    /// The most queries running at once (one at least).
    pub workers: usize,
    /// The most queries waiting for a worker.
    pub queue: usize,
    /// The most queries running past `quick` at once (one at least).
    pub long_slots: usize,
    /// How long a query runs in its worker before it counts as long.
    pub quick: Duration,
    /// The longest a query may take, waiting included.
    pub timeout: Duration,
    /// The most resident memory a worker may use, in bytes.
    pub max_memory: u64,
}

/// Why the pool gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    #[error("the server is busy: {0}; retry in a moment")]
    Busy(&'static str),
    #[error("the query ran past the time limit of {0:?}")]
    Timeout(Duration),
    #[error("the query used more than {0} MiB of memory and was stopped")]
    Memory(u64),
    #[error("the query's worker failed: {0}")]
    Worker(String),
}

/// An answer from a worker: its reply, and the body for an `Answer`.
#[derive(Debug)]
pub struct Answered {
    pub reply: Reply,
    pub body: Vec<u8>,
}

/// A worker process, killed when dropped.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    pid: Option<u32>,
    live: Arc<AtomicUsize>,
    refill: Arc<Notify>,
}

impl Drop for Worker {
    fn drop(&mut self) {
        // kill_on_drop sends the signal; tokio reaps the process.
        let _ = self.child.start_kill();
        self.live.fetch_sub(1, Ordering::SeqCst);
        self.refill.notify_one();
    }
}

impl Worker {
    async fn send(&mut self, job: &Job) -> std::io::Result<()> {
        let mut frame = Vec::new();
        super::wire::write_frame(&mut frame, job)?;
        self.stdin.write_all(&frame).await?;
        self.stdin.flush().await
    }

    async fn receive(&mut self) -> std::io::Result<Answered> {
        let mut header = [0u8; 4];
        self.stdout.read_exact(&mut header).await?;
        let mut bytes = vec![0u8; frame_length(header)?];
        self.stdout.read_exact(&mut bytes).await?;
        let reply: Reply = decode_frame(&bytes)?;
        let mut body = Vec::new();
        if let Reply::Answer { length, .. } = &reply {
            (&mut self.stdout)
                .take(*length)
                .read_to_end(&mut body)
                .await?;
            if body.len() as u64 != *length {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "the answer was cut short",
                ));
            }
        }
        Ok(Answered { reply, body })
    }
}

/// The pool of query workers; cheap to clone.
#[derive(Clone)]
pub struct Pool {
    inner: Arc<Inner>,
}

struct Inner {
    config: PoolConfig,
    idle: Mutex<Vec<Worker>>,
    running: Semaphore,
    waiting: AtomicUsize,
    long: Semaphore,
    remembered: Mutex<HashMap<u64, Instant>>,
    /// Queries and the keeper hold it shared; `exclusive` holds it alone (the
    /// endpoint's updates), so no worker starts while it works.
    gate: RwLock<()>,
    live: Arc<AtomicUsize>,
    refill: Arc<Notify>,
}

impl Pool {
    /// Starts the pool and its workers; needs a tokio runtime.
    pub fn start(mut config: PoolConfig) -> Pool {
        config.workers = config.workers.max(1);
        config.long_slots = config.long_slots.max(1);
        let pool = Pool {
            inner: Arc::new(Inner {
                running: Semaphore::new(config.workers),
                long: Semaphore::new(config.long_slots),
                config,
                idle: Mutex::new(Vec::new()),
                waiting: AtomicUsize::new(0),
                remembered: Mutex::new(HashMap::new()),
                gate: RwLock::new(()),
                live: Arc::new(AtomicUsize::new(0)),
                refill: Arc::new(Notify::new()),
            }),
        };
        let keeper = pool.clone();
        tokio::spawn(async move { keeper.keep_started().await });
        pool
    }

    /// Keeps `workers` processes started, idle ones waiting for jobs.
    async fn keep_started(self) {
        loop {
            // Shared with queries, so that no worker starts while `exclusive` works.
            let shared = self.inner.gate.read().await;
            while self.inner.live.load(Ordering::SeqCst) < self.inner.config.workers {
                match self.spawn() {
                    Ok(worker) => self.give_back(worker),
                    Err(error) => {
                        eprintln!("entente: cannot start a query worker: {error}");
                        break;
                    }
                }
            }
            drop(shared);
            let _ = tokio::time::timeout(Duration::from_millis(500), self.inner.refill.notified())
                .await;
        }
    }

    fn spawn(&self) -> std::io::Result<Worker> {
        let mut child = Command::new(&self.inner.config.program)
            .args(&self.inner.config.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()?;
        self.inner.live.fetch_add(1, Ordering::SeqCst);
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            self.inner.live.fetch_sub(1, Ordering::SeqCst);
            return Err(std::io::Error::other("the worker has no pipes"));
        };
        Ok(Worker {
            pid: child.id(),
            child,
            stdin,
            stdout: BufReader::new(stdout),
            live: Arc::clone(&self.inner.live),
            refill: Arc::clone(&self.inner.refill),
        })
    }

    fn give_back(&self, worker: Worker) {
        if let Ok(mut idle) = self.inner.idle.lock() {
            idle.push(worker);
        }
    }

    fn take(&self) -> std::io::Result<Worker> {
        let idle = self.inner.idle.lock().ok().and_then(|mut idle| idle.pop());
        match idle {
            Some(worker) => Ok(worker),
            None => self.spawn(),
        }
    }

    fn key(job: &Job) -> u64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        job.hash(&mut hasher);
        hasher.finish()
    }

    fn remember(&self, key: u64) {
        if let Ok(mut remembered) = self.inner.remembered.lock() {
            let now = Instant::now();
            if remembered.len() >= REMEMBER_MAX {
                remembered.retain(|_, at| now.duration_since(*at) < REMEMBER);
                if remembered.len() >= REMEMBER_MAX
                    && let Some(oldest) = remembered
                        .iter()
                        .min_by_key(|(_, at)| **at)
                        .map(|(key, _)| *key)
                {
                    remembered.remove(&oldest);
                }
            }
            remembered.insert(key, now);
        }
    }

    fn is_remembered(&self, key: u64) -> bool {
        self.inner
            .remembered
            .lock()
            .ok()
            .and_then(|remembered| remembered.get(&key).copied())
            .is_some_and(|at| at.elapsed() < REMEMBER)
    }

    /// Waits for a worker and, for a remembered query, a long slot first.
    async fn admit(
        &self,
        key: u64,
        deadline: tokio::time::Instant,
    ) -> Result<(Option<SemaphorePermit<'_>>, SemaphorePermit<'_>), PoolError> {
        loop {
            let long = if self.is_remembered(key) {
                // It waits a little for a slot, holding no worker: a client retrying it
                // in a loop is slowed down rather than answered at once, again and again.
                let wait = tokio::time::Instant::now() + LONG_WAIT;
                match tokio::time::timeout_at(wait.min(deadline), self.inner.long.acquire()).await {
                    Ok(Ok(permit)) => Some(permit),
                    _ => return Err(PoolError::Busy("every slot for long queries is taken")),
                }
            } else {
                None
            };
            let running = match self.inner.running.try_acquire() {
                Ok(permit) => permit,
                Err(_) => {
                    if self.inner.waiting.fetch_add(1, Ordering::SeqCst) >= self.inner.config.queue
                    {
                        self.inner.waiting.fetch_sub(1, Ordering::SeqCst);
                        return Err(PoolError::Busy("too many queries are waiting"));
                    }
                    let permit =
                        tokio::time::timeout_at(deadline, self.inner.running.acquire()).await;
                    self.inner.waiting.fetch_sub(1, Ordering::SeqCst);
                    match permit {
                        Ok(Ok(permit)) => permit,
                        Ok(Err(_)) => return Err(PoolError::Worker("the pool is closed".into())),
                        Err(_) => return Err(PoolError::Timeout(self.inner.config.timeout)),
                    }
                }
            };
            // The same query, stopped while this one waited (a client sending it in a
            // loop), goes the way of remembered ones.
            if long.is_none() && self.is_remembered(key) {
                continue;
            }
            return Ok((long, running));
        }
    }

    /// Runs one job within the pool's bounds.
    pub async fn run(&self, job: &Job) -> Result<Answered, PoolError> {
        let config = &self.inner.config;
        let start = Instant::now();
        let deadline = tokio::time::Instant::from_std(start + config.timeout);
        let _shared = self.inner.gate.read().await;
        let key = Self::key(job);
        let (mut long, _running) = self.admit(key, deadline).await?;
        let mut worker = self
            .take()
            .map_err(|error| PoolError::Worker(format!("cannot start a worker: {error}")))?;
        let pid = worker.pid;
        if long.is_some() {
            lower_priority(pid);
        }
        let answered = {
            let exchange = async {
                worker.send(job).await?;
                worker.receive().await
            };
            tokio::pin!(exchange);
            // Counted from here: waiting in the queue does not make a query long.
            let quick = tokio::time::sleep(config.quick);
            tokio::pin!(quick);
            let mut memory = tokio::time::interval(MEMORY_TICK);
            loop {
                tokio::select! {
                    answered = &mut exchange => break answered,
                    () = &mut quick, if long.is_none() => {
                        match self.inner.long.try_acquire() {
                            Ok(permit) => {
                                long = Some(permit);
                                lower_priority(pid);
                            }
                            Err(_) => {
                                self.remember(key);
                                return Err(PoolError::Busy("every slot for long queries is taken"));
                            }
                        }
                    }
                    () = tokio::time::sleep_until(deadline) => {
                        self.remember(key);
                        return Err(PoolError::Timeout(config.timeout));
                    }
                    _ = memory.tick() => {
                        if resident_bytes(pid).is_some_and(|bytes| bytes > config.max_memory) {
                            self.remember(key);
                            return Err(PoolError::Memory(config.max_memory >> 20));
                        }
                    }
                }
            }
        };
        match answered {
            Ok(answered) => {
                // A worker whose priority was lowered cannot raise it again: it is
                // retired and the keeper starts a fresh one.
                if long.is_none() {
                    self.give_back(worker);
                }
                Ok(answered)
            }
            Err(error) => Err(PoolError::Worker(format!(
                "{error} (the worker stopped; see the server's log)"
            ))),
        }
    }

    /// Runs `work` beside the queries but never beside `exclusive` work: for reading
    /// the store outside the workers (the endpoint's graph for its JSON API).
    pub async fn beside_queries<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, PoolError> {
        let _shared = self.inner.gate.read().await;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|error| PoolError::Worker(error.to_string()))
    }

    /// Runs `work` while no query runs and no worker has the store open: waits for
    /// running queries to end, stops the idle workers, and starts new ones after.
    pub async fn exclusive<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, PoolError> {
        let _alone = self.inner.gate.write().await;
        let idle: Vec<Worker> = self
            .inner
            .idle
            .lock()
            .map(|mut idle| idle.drain(..).collect())
            .unwrap_or_default();
        for mut worker in idle {
            let _ = worker.child.kill().await;
        }
        let result = tokio::task::spawn_blocking(work)
            .await
            .map_err(|error| PoolError::Worker(error.to_string()));
        self.inner.refill.notify_one();
        result
    }
}

/// Gives a worker running a long query the lowest CPU priority (nice 19), so that
/// short queries are scheduled first. Query evaluation runs on the worker's main
/// thread, whose id is the process id.
fn lower_priority(pid: Option<u32>) {
    #[cfg(unix)]
    if let Some(pid) = pid.and_then(|pid| i32::try_from(pid).ok())
        && let Some(pid) = rustix::process::Pid::from_raw(pid)
    {
        let _ = rustix::process::setpriority_process(Some(pid), 19);
    }
    #[cfg(not(unix))]
    let _ = pid;
}

/// A process's resident memory, where the system tells it (Linux's /proc).
fn resident_bytes(pid: Option<u32>) -> Option<u64> {
    let statm = std::fs::read_to_string(format!("/proc/{}/statm", pid?)).ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * rustix::param::page_size() as u64)
}
