//! The per-document extraction format of `data/gold/FORMAT.md`: a public contract read
//! by other tools, so these record types derive serde on purpose.
//!
//! `entente extract` writes one `DocRecord` per line; gold files are read with the
//! same types. Field order is the order of FORMAT.md's example and never changes.

use serde::{Deserialize, Serialize};

use crate::pipeline::Extraction;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocRecord {
    pub doc: String,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub actors: Vec<ActorRecord>,
    #[serde(default)]
    pub relations: Vec<RelationRecord>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActorRecord {
    pub key: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
    #[serde(default)]
    pub wikidata: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleRecord>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleRecord {
    pub title: String,
    pub of: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RelationRecord {
    #[serde(rename = "type")]
    pub kind: String,
    pub participants: Vec<String>,
    #[serde(default)]
    pub date: Option<String>,
    pub status: String,
    #[serde(default)]
    pub evidence: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// The record of one extraction.
pub fn record(extraction: &Extraction) -> DocRecord {
    let actors = extraction
        .actors
        .iter()
        .enumerate()
        .map(|(index, actor)| ActorRecord {
            key: actor.key.clone(),
            name: actor.name.clone(),
            kind: actor.kind.as_str().to_string(),
            subtype: actor.subtype.clone(),
            wikidata: actor.wikidata.clone(),
            aliases: actor.aliases.clone(),
            roles: extraction
                .roles
                .iter()
                .filter(|role| role.person == index)
                .map(|role| RoleRecord {
                    title: role.title.clone(),
                    of: extraction.actors[role.of].key.clone(),
                })
                .collect(),
            optional: false,
        })
        .collect();
    let relations = extraction
        .relations
        .iter()
        .map(|relation| RelationRecord {
            kind: relation.kind.as_str().to_string(),
            participants: relation
                .participants
                .iter()
                .map(|&participant| extraction.actors[participant].key.clone())
                .collect(),
            date: relation.date.map(|date| date.to_string()),
            status: relation.status.as_str().to_string(),
            evidence: relation.evidence.clone(),
            optional: false,
        })
        .collect();
    DocRecord {
        doc: extraction.doc.clone(),
        lang: Some(extraction.lang.code().to_string()),
        published: extraction.published.map(|date| date.to_string()),
        actors,
        relations,
    }
}
