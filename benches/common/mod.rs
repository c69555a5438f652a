//! What the extraction benchmarks share: their command line and their articles.

use std::path::{Path, PathBuf};

use entente::document::{self, Document, ReadConfig};

/// The value after `name` on the command line.
pub fn argument(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.windows(2)
        .find(|pair| pair[0] == name)
        .map(|pair| pair[1].clone())
}

/// `--repeat N`, else `default`.
pub fn repeat(default: usize) -> usize {
    argument("--repeat")
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
        .max(1)
}

/// The articles of the folders on the command line (`cargo bench` passes `--bench`;
/// a folder given replaces the bundled articles, `data/corpus` and `data/dev`).
pub fn articles() -> Vec<Document> {
    let folders: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--") && Path::new(arg).is_dir())
        .map(PathBuf::from)
        .collect();
    let folders = if folders.is_empty() {
        vec![PathBuf::from("data/corpus"), PathBuf::from("data/dev")]
    } else {
        folders
    };
    let corpus = document::read_paths(
        &folders,
        ReadConfig {
            max_bytes: ReadConfig::DEFAULT_MAX_BYTES,
        },
    );
    assert!(!corpus.documents.is_empty(), "no article under {folders:?}");
    corpus.documents
}
