//! The linguistic examples of `data/lang/<code>/examples/`, read for the tests of each
//! stage (`date`, `resolve`, `relation`): sentences of our own with what must be found in
//! them and what must not, and a negative corpus in which nothing may be found.
//!
//! Compiled for tests only, without the store: `cargo test --no-default-features` runs
//! every example.

use crate::document::Document;
use crate::format::{self, DocRecord};
use crate::lexicon::Lexicon;
use crate::model::{DateValue, Lang};

/// One row of an examples table.
#[derive(Debug)]
pub struct Example {
    pub lang: Lang,
    /// Where it is written, for the failure message: `data/lang/fr/examples/...:12`.
    pub place: String,
    /// The rule family (relations) or the tense (dates, `past` or `future`).
    pub group: String,
    pub published: String,
    pub text: String,
    pub expected: Vec<String>,
    pub absent: Vec<String>,
}

/// The tables of each language, embedded.
fn tables(lang: Lang) -> [(&'static str, &'static str); 4] {
    match lang {
        Lang::Fr => [
            (
                "relations",
                include_str!("../data/lang/fr/examples/relations.tsv"),
            ),
            (
                "actors",
                include_str!("../data/lang/fr/examples/actors.tsv"),
            ),
            ("dates", include_str!("../data/lang/fr/examples/dates.tsv")),
            (
                "negative",
                include_str!("../data/lang/fr/examples/negative.tsv"),
            ),
        ],
        Lang::En => [
            (
                "relations",
                include_str!("../data/lang/en/examples/relations.tsv"),
            ),
            (
                "actors",
                include_str!("../data/lang/en/examples/actors.tsv"),
            ),
            ("dates", include_str!("../data/lang/en/examples/dates.tsv")),
            (
                "negative",
                include_str!("../data/lang/en/examples/negative.tsv"),
            ),
        ],
    }
}

/// Every example of a table (`relations`, `actors`, `dates`, `negative`) in every
/// language. Columns by table: relations `family, published, text, expected, absent`;
/// actors `published, text, expected, absent`; dates `published, tense, text,
/// expected`; negative `published, text`. Lists are separated by `;` (dates: `,`); a
/// `\\n` in a text is a line break (a headline above its article).
pub fn read(table: &str) -> Vec<Example> {
    let mut examples = Vec::new();
    for lang in crate::words::LANGS {
        let (_, text) = tables(lang)
            .into_iter()
            .find(|(name, _)| *name == table)
            .expect("a known examples table");
        let rows = text
            .lines()
            .enumerate()
            .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty())
            .skip(1);
        for (index, line) in rows {
            let cells: Vec<&str> = line.split('\t').collect();
            let cell = |column: usize| cells.get(column).copied().unwrap_or("").trim();
            let text = |column: usize| cell(column).replace("\\n", "\n");
            let list = |column: usize, separator: char| -> Vec<String> {
                cell(column)
                    .split(separator)
                    .map(str::trim)
                    .filter(|item| !item.is_empty())
                    .map(str::to_string)
                    .collect()
            };
            let place = format!(
                "data/lang/{}/examples/{table}.tsv:{}",
                lang.code(),
                index + 1
            );
            let example = match table {
                "relations" => Example {
                    group: cell(0).to_string(),
                    published: cell(1).to_string(),
                    text: text(2),
                    expected: list(3, ';'),
                    absent: list(4, ';'),
                    lang,
                    place,
                },
                "actors" => Example {
                    group: String::new(),
                    published: cell(0).to_string(),
                    text: text(1),
                    expected: list(2, ';'),
                    absent: list(3, ';'),
                    lang,
                    place,
                },
                "dates" => Example {
                    group: cell(1).to_string(),
                    published: cell(0).to_string(),
                    text: text(2),
                    expected: list(3, ','),
                    absent: Vec::new(),
                    lang,
                    place,
                },
                _ => Example {
                    group: String::new(),
                    published: cell(0).to_string(),
                    text: text(1),
                    expected: Vec::new(),
                    absent: Vec::new(),
                    lang,
                    place,
                },
            };
            examples.push(example);
        }
    }
    examples
}

/// The embedded lexicon, loaded once for every walker.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::embedded().expect("the embedded lexicon loads"))
}

/// The extraction of an example's text, through JSON and back, as `eval` reads what
/// `extract` wrote.
pub fn extract(example: &Example) -> DocRecord {
    let document = Document {
        id: "example.txt".to_string(),
        path: "example.txt".into(),
        lang: Some(example.lang),
        published: DateValue::parse(&example.published),
        title: None,
        url: None,
        outlet: None,
        encoding: None,
        text: example.text.clone(),
    };
    let extraction = crate::pipeline::extract(&document, lexicon());
    let line = format::json_line(&extraction, example.text.len());
    serde_json::from_slice(&line).expect("the JSON line parses back")
}

/// Whether `record` has the relation of `spec`: `kind a b [date] [status]`, with `-` for
/// no date and `*` for any date or status; symmetric types match in either order.
pub fn relation_found(record: &DocRecord, spec: &str) -> bool {
    let parts: Vec<&str> = spec.split_whitespace().collect();
    let [kind, a, b, ..] = parts[..] else {
        panic!("a relation spec is `kind a b [date] [status]`: {spec:?}");
    };
    let date = parts.get(3).copied().unwrap_or("*");
    let status = parts.get(4).copied().unwrap_or("*");
    let symmetric = crate::model::RelationKind::parse(kind).is_some_and(|kind| !kind.is_directed());
    record.relations.iter().any(|relation| {
        let p = &relation.participants;
        let same = (p[0] == a && p[1] == b) || (symmetric && p[0] == b && p[1] == a);
        let date_ok = match date {
            "*" => true,
            "-" => relation.date.is_none(),
            wanted => relation.date.as_deref() == Some(wanted),
        };
        relation.kind == kind && same && date_ok && (status == "*" || relation.status == status)
    })
}

/// Whether `record` has the actor of `spec`: `name-or-key [type]`, the name as the
/// record gives it (several words) or the key.
pub fn actor_found(record: &DocRecord, spec: &str) -> bool {
    const TYPES: [&str; 5] = ["state", "organization", "person", "event", "place"];
    let (name, kind) = match spec.rsplit_once(' ') {
        Some((name, kind)) if TYPES.contains(&kind) => (name, Some(kind)),
        _ => (spec, None),
    };
    record.actors.iter().any(|actor| {
        (actor.name == name || actor.key == name) && kind.is_none_or(|kind| actor.kind == kind)
    })
}

/// What was found, for failure messages.
pub fn describe(record: &DocRecord) -> String {
    let actors = record
        .actors
        .iter()
        .map(|actor| format!("{} ({}, {})", actor.name, actor.key, actor.kind))
        .collect::<Vec<_>>()
        .join(", ");
    let relations = record
        .relations
        .iter()
        .map(|r| {
            format!(
                "  {} {} {} {} | {}",
                r.kind,
                r.participants.join(" "),
                r.date.as_deref().unwrap_or("-"),
                r.status,
                r.evidence
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    format!("actors: {actors}\nrelations:\n{relations}")
}

/// Walks every example of a table (`relations`, `actors`): what each expects is
/// `found`, what it rules out is not; fails with every failing example at once.
pub fn walk(table: &str, found: impl Fn(&DocRecord, &str) -> bool) {
    let all = read(table);
    let mut failures = Vec::new();
    for example in &all {
        let record = extract(example);
        let missing = example.expected.iter().filter(|spec| !found(&record, spec));
        let unexpected = example.absent.iter().filter(|spec| found(&record, spec));
        let problems: Vec<String> = missing
            .map(|spec| format!("missing `{spec}`"))
            .chain(unexpected.map(|spec| format!("unexpected `{spec}`")))
            .collect();
        if !problems.is_empty() {
            failures.push(format!(
                "{} ({}) {:?}: {}\n{}",
                example.place,
                example.group,
                example.text,
                problems.join(", "),
                describe(&record)
            ));
        }
    }
    assert_all(&failures, all.len());
}

/// Fails with every failing example at once, each with its place.
pub fn assert_all(failures: &[String], walked: usize) {
    assert!(walked > 0, "no examples were read");
    assert!(
        failures.is_empty(),
        "{} of {walked} examples failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
