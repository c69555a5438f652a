//! What the endpoint and its query workers say to each other over the worker's stdin
//! and stdout, and the worker's loop.
//!
//! Each message is a frame: a little-endian `u32` length and that many bytes of JSON.
//! An answer's JSON gives the length of its body, whose bytes follow the frame. A
//! worker answers its jobs one at a time, in order, until its stdin closes.

use std::io::{self, Read, Write};

use serde::{Deserialize, Serialize};

use crate::store::{DatasetRequest, QueryLimits, ServeError, Store, StoreError, graph_format};

/// The longest frame either side accepts: jobs are bounded by the endpoint's body
/// limit, replies are a content type or an error message.
const MAX_FRAME: u32 = 64 << 20;

/// One piece of work for a worker.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Job {
    /// A SPARQL query, answered in the format the `Accept` header or `format` asks.
    Query {
        sparql: String,
        accept: String,
        format: Option<String>,
        dataset: DatasetRequest,
    },
    /// A Graph Store Protocol read: a named graph, or with `None` the default graph.
    Graph {
        graph: Option<String>,
        accept: String,
        format: Option<String>,
    },
}

/// Why a worker could not answer; the endpoint turns it into an HTTP status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Failure {
    Syntax,
    TooManyResults,
    ServiceRefused,
    NotAcceptable,
    BadGraph,
    NoSuchGraph,
    Internal,
}

/// A worker's reply to one job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reply {
    /// The answer, whose `length` bytes follow the frame.
    Answer {
        content_type: String,
        length: u64,
    },
    Failed {
        failure: Failure,
        message: String,
    },
}

/// Writes one frame.
pub fn write_frame<T: Serialize>(output: &mut impl Write, message: &T) -> io::Result<()> {
    let bytes = serde_json::to_vec(message).map_err(io::Error::other)?;
    let length = u32::try_from(bytes.len())
        .ok()
        .filter(|length| *length <= MAX_FRAME)
        .ok_or_else(|| io::Error::other("frame too long"))?;
    output.write_all(&length.to_le_bytes())?;
    output.write_all(&bytes)
}

/// Checks a frame's length and decodes its bytes.
pub fn decode_frame<T: for<'a> Deserialize<'a>>(bytes: &[u8]) -> io::Result<T> {
    serde_json::from_slice(bytes).map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))
}

/// The length a frame's header announces, refused past the limit.
pub fn frame_length(header: [u8; 4]) -> io::Result<usize> {
    let length = u32::from_le_bytes(header);
    if length > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("frame of {length} bytes over the limit"),
        ));
    }
    Ok(length as usize)
}

/// Reads one frame; `None` at the end of the input.
pub fn read_frame<T: for<'a> Deserialize<'a>>(input: &mut impl Read) -> io::Result<Option<T>> {
    let mut header = [0u8; 4];
    match input.read_exact(&mut header) {
        Ok(()) => {}
        Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(error) => return Err(error),
    }
    let mut bytes = vec![0u8; frame_length(header)?];
    input.read_exact(&mut bytes)?;
    decode_frame(&bytes).map(Some)
}

/// What a worker may do, beside the store it reads.
#[derive(Clone, Copy, Debug)]
pub struct WorkerOptions {
    pub max_results: usize,
    pub allow_service: bool,
}

/// The worker's loop: answers each job of `input` on `output` until the input ends.
pub fn serve_jobs(
    store: &Store,
    options: WorkerOptions,
    mut input: impl Read,
    mut output: impl Write,
) -> io::Result<()> {
    while let Some(job) = read_frame::<Job>(&mut input)? {
        match answer(store, options, &job) {
            Ok((content_type, body)) => {
                write_frame(
                    &mut output,
                    &Reply::Answer {
                        content_type: content_type.to_string(),
                        length: body.len() as u64,
                    },
                )?;
                output.write_all(&body)?;
            }
            Err((failure, message)) => {
                write_frame(&mut output, &Reply::Failed { failure, message })?;
            }
        }
        output.flush()?;
    }
    Ok(())
}

fn answer(
    store: &Store,
    options: WorkerOptions,
    job: &Job,
) -> Result<(&'static str, Vec<u8>), (Failure, String)> {
    match job {
        Job::Query {
            sparql,
            accept,
            format,
            dataset,
        } => {
            let limits = QueryLimits {
                max_results: Some(options.max_results),
                allow_service: options.allow_service,
            };
            store
                .serve_query(sparql, accept, format.as_deref(), dataset, &limits)
                .map(|served| (served.content_type, served.body))
                .map_err(|error| {
                    let failure = match &error {
                        ServeError::TooManyResults { .. } => Failure::TooManyResults,
                        ServeError::ServiceRefused => Failure::ServiceRefused,
                        ServeError::NotAcceptable { .. } => Failure::NotAcceptable,
                        ServeError::BadGraph { .. } => Failure::BadGraph,
                        ServeError::Store(StoreError::Syntax { .. }) => Failure::Syntax,
                        _ => Failure::Internal,
                    };
                    (failure, error_chain(&error))
                })
        }
        Job::Graph {
            graph,
            accept,
            format,
        } => {
            let Some(rdf_format) = graph_format(accept, format.as_deref()) else {
                return Err((
                    Failure::NotAcceptable,
                    format!("no acceptable RDF format for {accept:?}"),
                ));
            };
            match store.graph(graph.as_deref(), rdf_format) {
                Ok(Some(served)) => Ok((served.content_type, served.body)),
                Ok(None) => Err((Failure::NoSuchGraph, "no such graph".to_string())),
                Err(error) => Err((Failure::Internal, error_chain(&error))),
            }
        }
    }
}

/// An error and its sources, on one line.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Frames survive the trip, the end of the input is `None`, and a header announcing
    /// more than the limit is refused before anything is allocated.
    #[test]
    fn frames_round_trip_and_bound_their_length() {
        let job = Job::Query {
            sparql: "ASK {}".into(),
            accept: "*/*".into(),
            format: Some("json".into()),
            dataset: DatasetRequest {
                default_graphs: vec!["http://example.org/g".into()],
                named_graphs: Vec::new(),
            },
        };
        let mut bytes = Vec::new();
        write_frame(&mut bytes, &job).unwrap();
        write_frame(
            &mut bytes,
            &Job::Graph {
                graph: None,
                accept: String::new(),
                format: None,
            },
        )
        .unwrap();
        let mut input = bytes.as_slice();
        assert_eq!(read_frame::<Job>(&mut input).unwrap(), Some(job));
        assert!(matches!(
            read_frame::<Job>(&mut input).unwrap(),
            Some(Job::Graph { .. })
        ));
        assert_eq!(read_frame::<Job>(&mut input).unwrap(), None);
        let huge = (MAX_FRAME + 1).to_le_bytes();
        assert!(read_frame::<Job>(&mut huge.as_slice()).is_err());
        let truncated = [5u8, 0, 0, 0, b'{'];
        assert!(read_frame::<Job>(&mut truncated.as_slice()).is_err());
    }
}
