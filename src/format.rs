//! The per-document extraction format of `data/gold/FORMAT.md`: a public contract read
//! by other tools, so these record types derive serde on purpose.
//!
//! `entente extract` writes one `DocRecord` per line; gold files are read with the
//! same types. Field order is the order of FORMAT.md's example and never changes.
//!
//! Strings are `Cow`: a record made from an extraction borrows its names and evidence,
//! and one read from a file owns them. callgrind, 1,000 generated articles: with owned
//! strings, making the records and dropping them took 39 M instructions of
//! `entente extract`'s 621 M; borrowing them (and writing each line into a buffer
//! sized up front, `json_line`) brought the run to 590 M.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::pipeline::Extraction;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocRecord<'a> {
    pub doc: Cow<'a, str>,
    #[serde(default)]
    pub lang: Option<Cow<'a, str>>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub actors: Vec<ActorRecord<'a>>,
    #[serde(default)]
    pub relations: Vec<RelationRecord<'a>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorRecord<'a> {
    pub key: Cow<'a, str>,
    pub name: Cow<'a, str>,
    #[serde(rename = "type")]
    pub kind: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtype: Option<Cow<'a, str>>,
    #[serde(default)]
    pub wikidata: Option<Cow<'a, str>>,
    #[serde(default)]
    pub aliases: Vec<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleRecord<'a>>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleRecord<'a> {
    pub title: Cow<'a, str>,
    pub of: Cow<'a, str>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RelationRecord<'a> {
    #[serde(rename = "type")]
    pub kind: Cow<'a, str>,
    pub participants: Vec<Cow<'a, str>>,
    #[serde(default)]
    pub date: Option<String>,
    pub status: Cow<'a, str>,
    #[serde(default)]
    pub evidence: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// The record of one extraction, borrowing its strings.
pub fn record(extraction: &Extraction) -> DocRecord<'_> {
    let actors = extraction
        .actors
        .iter()
        .enumerate()
        .map(|(index, actor)| ActorRecord {
            key: Cow::Borrowed(&actor.key),
            name: Cow::Borrowed(&actor.name),
            kind: Cow::Borrowed(actor.kind.as_str()),
            subtype: actor.subtype.as_deref().map(Cow::Borrowed),
            wikidata: actor.wikidata.as_deref().map(Cow::Borrowed),
            aliases: actor
                .aliases
                .iter()
                .map(|alias| Cow::Borrowed(alias.as_str()))
                .collect(),
            roles: extraction
                .roles
                .iter()
                .filter(|role| role.person == index)
                .map(|role| RoleRecord {
                    title: Cow::Borrowed(&role.title),
                    of: Cow::Borrowed(&extraction.actors[role.of].key),
                })
                .collect(),
            optional: false,
        })
        .collect();
    let relations = extraction
        .relations
        .iter()
        .map(|relation| RelationRecord {
            kind: Cow::Borrowed(relation.kind.as_str()),
            participants: relation
                .participants
                .iter()
                .map(|&participant| Cow::Borrowed(extraction.actors[participant].key.as_str()))
                .collect(),
            date: relation.date.map(|date| date.to_string()),
            status: Cow::Borrowed(relation.status.as_str()),
            evidence: Cow::Borrowed(&relation.evidence),
            optional: false,
        })
        .collect();
    DocRecord {
        doc: Cow::Borrowed(&extraction.doc),
        lang: Some(Cow::Borrowed(extraction.lang.code())),
        published: extraction.published.map(|date| date.to_string()),
        actors,
        relations,
    }
}

/// The JSON line (without its newline) of one extraction from a text of `text_len`
/// bytes, as `entente extract` writes it.
pub fn json_line(extraction: &Extraction, text_len: usize) -> Vec<u8> {
    // A line is about 1.3 times its article's text: sized up front, it is not copied
    // as it grows.
    let mut line = Vec::with_capacity(text_len * 3 / 2 + 256);
    // Writing to memory cannot fail, and the records have no map that could.
    if serde_json::to_writer(&mut line, &record(extraction)).is_err() {
        line.clear();
    }
    line
}
