//! The one function that runs every extraction stage on one document.
//!
//! Pure: no I/O and no store. The same document and lexicon always give the same
//! `Extraction`, byte for byte once serialised.

use crate::document::Document;
use crate::lang;
use crate::lexicon::Lexicon;
use crate::mention::Folded;
use crate::model::{ActorKind, DateValue, Lang, RelationKind, Span, Status};
use crate::relation;
use crate::resolve::{self, DocActor};
use crate::text::Tokens;

/// A relation as reported by one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtractedRelation {
    pub kind: RelationKind,
    /// Indices into `Extraction::actors`.
    pub participants: Vec<usize>,
    pub date: Option<DateValue>,
    pub status: Status,
    /// The verbatim phrase supporting it.
    pub evidence: String,
    pub evidence_span: Span,
    /// The whole sentence it was read from.
    pub sentence: String,
    /// The date comes from the text, not from the publication date; only such a date
    /// is part of the relation's identity.
    pub date_from_text: bool,
}

/// "X, le PDG de Y": a title a person holds in an actor, from an apposition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtractedRole {
    pub person: usize,
    pub of: usize,
    pub title: String,
}

/// Everything extracted from one document.
#[derive(Clone, Debug)]
pub struct Extraction {
    pub doc: String,
    pub lang: Lang,
    pub published: Option<DateValue>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub actors: Vec<DocActor>,
    pub relations: Vec<ExtractedRelation>,
    pub roles: Vec<ExtractedRole>,
}

/// Runs the pipeline on one document.
///
/// Tried: a thread's folded text and token buffers kept from one document to the next
/// (the token vector recycled through an in-place `collect`), so that the largest
/// allocations happen once per thread: callgrind, `extract` on 1,000 generated
/// articles, the allocator's own instructions 26.8 M -> 25.7 M but the command's
/// 317.8 M -> 318.7 M. Not kept.
pub fn extract(document: &Document, lexicon: &Lexicon) -> Extraction {
    let text = document.text.as_str();
    let folded = Folded::new(text);
    let tokens = Tokens::new(text, &folded);
    // French is the corpus's first language and the fallback for texts too short to tell.
    let lang = lang::decide(&tokens, document.lang).unwrap_or(Lang::Fr);
    let hits = lexicon.find(&folded, &tokens);
    let resolution = resolve::resolve(&resolve::Context {
        lexicon,
        hits: &hits,
        text,
        folded: &folded,
        tokens: &tokens,
        lang,
        published: document.published,
    });
    let relations = relation::extract(&relation::Context {
        lexicon,
        hits: &hits,
        text,
        folded: &folded,
        tokens: &tokens,
        lang,
        published: document.published,
        resolution: &resolution,
    });
    // Report actors that the text names, and any actor a relation needs; places and
    // actors reached only through a title or an adjective stay out otherwise.
    let mut used = vec![false; resolution.actors.len()];
    for relation in &relations {
        for &participant in &relation.participants {
            used[participant] = true;
        }
    }
    let mut new_index = vec![usize::MAX; resolution.actors.len()];
    let mut actors = Vec::with_capacity(resolution.actors.len());
    // The resolution is not needed after this: its actors are moved, not copied.
    let resolve::Resolution {
        actors: resolved_actors,
        roles: resolved_roles,
        ..
    } = resolution;
    for (index, mut actor) in resolved_actors.into_iter().enumerate() {
        let keep = used[index] || (actor.named && actor.kind != ActorKind::Place);
        if keep {
            new_index[index] = actors.len();
            let name = &actor.name;
            actor.aliases.retain(|alias| **alias != **name);
            actors.push(actor);
        }
    }
    let mut roles: Vec<ExtractedRole> = Vec::new();
    for fact in &resolved_roles {
        let (person, of) = (new_index[fact.person], new_index[fact.of]);
        if person == usize::MAX || of == usize::MAX {
            continue;
        }
        let role = ExtractedRole {
            person,
            of,
            title: fact.title.clone(),
        };
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    let relations = relations
        .into_iter()
        .map(|relation| {
            let sentence_span = tokens.sentences[relation.sentence];
            ExtractedRelation {
                kind: relation.kind,
                participants: relation
                    .participants
                    .iter()
                    .map(|&participant| new_index[participant])
                    .collect(),
                date: relation.date,
                status: relation.status,
                evidence: text[relation.evidence.start..relation.evidence.end].to_string(),
                evidence_span: relation.evidence,
                sentence: text[sentence_span.start..sentence_span.end].to_string(),
                date_from_text: relation.date_from_text(),
            }
        })
        .collect();
    Extraction {
        doc: document.id.clone(),
        lang,
        published: document.published,
        title: document.title.clone(),
        url: document.url.clone(),
        outlet: document.outlet.clone(),
        actors,
        relations,
        roles,
    }
}
