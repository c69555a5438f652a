//! The one function that runs every extraction stage on one document.
//!
//! Pure: no I/O and no store. The same document and lexicon always give the same
//! `Extraction`, byte for byte once serialised.

use crate::document::Document;
use crate::lang;
use crate::lexicon::Lexicon;
use crate::mention::Folded;
use crate::model::{ActorKind, DateValue, Lang, RelationKind, Span, Status, sorted_range};
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

/// The longest sentence a relation keeps whole, in bytes: real ones are far shorter
/// (745 bytes at most in the bundled and generated articles).
const MAX_SENTENCE_BYTES: usize = 2_000;

/// The sentence a relation was read from; of a longer one than `MAX_SENTENCE_BYTES` (a
/// text without full stops), the part around the evidence that fits, cut at white space
/// and marked with "…" where cut. Each relation copies its sentence: a 0.4 MB text of
/// one sentence and 10,000 relations took 3.9 GB and 10.8 s whole.
fn sentence_around(text: &str, sentence: Span, evidence: Span) -> String {
    if sentence.len() <= MAX_SENTENCE_BYTES {
        return text[sentence.start..sentence.end].to_string();
    }
    let evidence = Span::new(
        evidence.start.clamp(sentence.start, sentence.end),
        evidence.end.clamp(sentence.start, sentence.end),
    );
    let spare = MAX_SENTENCE_BYTES.saturating_sub(evidence.len()) / 2;
    let mut start = evidence.start.saturating_sub(spare).max(sentence.start);
    let mut end = (evidence.end + spare).min(sentence.end);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // Whole words only: from the first white space after a cut start, to the last
    // before a cut end (the evidence itself is never cut).
    if start > sentence.start
        && let Some((offset, space)) = text[start..evidence.start.max(start)]
            .char_indices()
            .find(|(_, ch)| ch.is_whitespace())
    {
        start += offset + space.len_utf8();
    }
    if end < sentence.end
        && let Some((offset, _)) = text[evidence.end.min(end)..end]
            .char_indices()
            .rev()
            .find(|(_, ch)| ch.is_whitespace())
    {
        end = evidence.end.min(end) + offset;
    }
    let mut around = String::with_capacity(end - start + 6);
    if start > sentence.start {
        around.push('…');
    }
    around.push_str(&text[start..end]);
    if end < sentence.end {
        around.push('…');
    }
    around
}

impl Extraction {
    /// The roles sorted by person, each person's in their order: `roles_of` finds one
    /// person's by binary search, where filtering all roles for every actor grew with
    /// actors times roles.
    pub fn roles_by_person(&self) -> Vec<&ExtractedRole> {
        let mut roles: Vec<&ExtractedRole> = self.roles.iter().collect();
        roles.sort_by_key(|role| role.person);
        roles
    }
}

/// The roles of `person` among `roles_by_person`.
pub fn roles_of<'r, 'a>(
    by_person: &'r [&'a ExtractedRole],
    person: usize,
) -> &'r [&'a ExtractedRole] {
    &by_person[sorted_range(by_person, person..=person, |role| role.person)]
}

/// Runs the pipeline on one document.
///
/// Tried: a thread's folded text and token buffers kept from one document to the next
/// (the token vector recycled through an in-place `collect`), so that the largest
/// allocations happen once per thread: callgrind, `extract` on 1,000 generated
/// articles, the allocator's own instructions 26.8 M -> 25.7 M but the command's
/// 317.8 M -> 318.7 M. Not kept.
/// The actors reported: those the text names, and any actor a relation needs; places
/// and actors reached only through a title or an adjective stay out otherwise. With
/// them, each resolved actor's new index (`usize::MAX` when left out).
fn kept_actors(
    resolved: Vec<DocActor>,
    relations: &[relation::Relation],
) -> (Vec<DocActor>, Vec<usize>) {
    let mut used = vec![false; resolved.len()];
    for relation in relations {
        for &participant in &relation.participants {
            used[participant] = true;
        }
    }
    let mut new_index = vec![usize::MAX; resolved.len()];
    let mut actors = Vec::with_capacity(resolved.len());
    for (index, mut actor) in resolved.into_iter().enumerate() {
        let keep = used[index] || (actor.named && actor.kind != ActorKind::Place);
        if keep {
            new_index[index] = actors.len();
            let name = &actor.name;
            actor.aliases.retain(|alias| **alias != **name);
            actors.push(actor);
        }
    }
    (actors, new_index)
}

/// Whether a document's actor is its lexicon entry unchanged: a context rule may have
/// refined it (an executive read as a government body).
fn as_in_lexicon(actor: &DocActor, lexicon: &Lexicon, lang: Lang) -> bool {
    let Some(idx) = actor.lexicon else {
        return false;
    };
    let entry = lexicon.actor(idx);
    let country = lexicon.country_id(idx);
    entry.id == actor.key
        && entry.kind == actor.kind
        && entry.subtype == actor.subtype
        && entry.wikidata == actor.wikidata
        && *entry.name(lang) == actor.name
        && country == actor.country.as_ref()
}

/// The role facts between kept actors, each once, in order of first statement; a set,
/// where a search of the roles kept so far grew with the square of their number.
fn kept_roles(facts: &[resolve::RoleFact], new_index: &[usize]) -> Vec<ExtractedRole> {
    let mut roles: Vec<ExtractedRole> = Vec::new();
    let mut seen: rustc_hash::FxHashSet<(usize, usize, &str)> = Default::default();
    for fact in facts {
        let (person, of) = (new_index[fact.person], new_index[fact.of]);
        if person == usize::MAX || of == usize::MAX {
            continue;
        }
        if seen.insert((person, of, fact.title.as_str())) {
            roles.push(ExtractedRole {
                person,
                of,
                title: fact.title.clone(),
            });
        }
    }
    roles
}

pub fn extract(document: &Document, lexicon: &Lexicon) -> Extraction {
    let text = document.text.as_str();
    let folded = Folded::new(text);
    let tokens = Tokens::new(text, &folded);
    let hits = lexicon.find(&folded, &tokens);
    // French is the corpus's first language and the fallback for texts too short to tell.
    let lang =
        lang::decide(&tokens, &hits.classes, &lexicon.words, document.lang).unwrap_or(Lang::Fr);
    let resolution = resolve::resolve(&resolve::Context {
        lexicon,
        hits: &hits,
        text,
        folded: &folded,
        tokens: &tokens,
        lang,
        published: document.published,
        outlet_state: document
            .url
            .as_deref()
            .and_then(|url| lexicon.state_of_url(url)),
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
    // The resolution is not needed after this: its actors are moved, not copied.
    let resolve::Resolution {
        actors: resolved_actors,
        roles: resolved_roles,
        ..
    } = resolution;
    let (mut actors, new_index) = kept_actors(resolved_actors, &relations);
    for actor in &mut actors {
        actor.as_in_lexicon = as_in_lexicon(actor, lexicon, lang);
    }
    let roles = kept_roles(&resolved_roles, &new_index);
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
                sentence: sentence_around(text, sentence_span, relation.evidence),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::{self, Example};

    fn example(lang: Lang, published: &str, text: &str) -> Example {
        Example {
            lang,
            place: "pipeline::tests".to_string(),
            group: String::new(),
            published: published.to_string(),
            text: text.to_string(),
            expected: Vec::new(),
            absent: Vec::new(),
        }
    }

    #[test]
    fn extraction_is_deterministic() {
        let text = "Le 3 mars, la France et l'Inde ont signé un partenariat. Le président russe a mandaté Yandex.";
        let example = example(Lang::Fr, "2025-03-05", text);
        let first = serde_json::to_string(&examples::extract(&example)).unwrap();
        for _ in 0..5 {
            let again = serde_json::to_string(&examples::extract(&example)).unwrap();
            assert_eq!(again, first);
        }
    }

    /// A titled person the lexicon does not know holds a state office in the state of
    /// the outlet when the text names it, though another state is named more often.
    #[test]
    fn an_unknown_minister_serves_the_outlets_state_when_the_text_names_it() {
        let text = "Les États-Unis ont restreint les exportations de puces vers la Suisse. \
                    Les États-Unis ont aussi visé la Chine. Les États-Unis avaient prévenu. \
                    Le ministre de l'Économie Jean Dupontel regrette la décision.";
        let roles = |url: Option<&str>| {
            let document = Document {
                id: "a.txt".to_string(),
                path: "a.txt".into(),
                lang: Some(Lang::Fr),
                published: DateValue::parse("2025-01-20"),
                title: None,
                url: url.map(str::to_string),
                outlet: None,
                encoding: None,
                text: text.to_string(),
            };
            let extraction = extract(&document, crate::examples::lexicon());
            extraction
                .relations
                .iter()
                .filter(|relation| relation.kind == RelationKind::Role)
                .map(|relation| {
                    relation
                        .participants
                        .iter()
                        .map(|&actor| extraction.actors[actor].key.to_string())
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            roles(Some("https://www.blick.ch/x")),
            [["jean_dupontel", "che"]]
        );
        assert_eq!(
            roles(Some("https://www.example.com/x")),
            [["jean_dupontel", "usa"]]
        );
        // The outlet's state unnamed in the text: the state named most.
        assert_eq!(
            roles(Some("https://www.newtimes.co.rw/x")),
            [["jean_dupontel", "usa"]]
        );
    }

    /// The evidence starts at the name as written, not at a shorter alias inside it
    /// ("l'Union") or a demonym.
    #[test]
    fn evidence_starts_at_the_whole_name() {
        let text = "L’Union européenne et le Japon ont signé un accord numérique.";
        let record = examples::extract(&example(Lang::Fr, "2025-01-10", text));
        assert!(
            examples::relation_found(&record, "partnership eu jpn"),
            "{}",
            examples::describe(&record)
        );
        assert!(
            record.relations[0]
                .evidence
                .starts_with("L’Union européenne"),
            "{}",
            examples::describe(&record)
        );
    }

    /// An office holder the lexicon does not know acts for the state, which keeps its
    /// own names: "le ministre marocain" is no alias of Morocco.
    #[test]
    fn an_unknown_office_holder_leaves_the_state_its_names() {
        let text = "Vendredi, le ministre marocain du numérique a rencontré son homologue émirati à Abou Dhabi.";
        let record = examples::extract(&example(Lang::Fr, "2025-06-10", text));
        let morocco = record
            .actors
            .iter()
            .find(|actor| actor.key == "mar")
            .unwrap();
        assert!(
            !morocco
                .aliases
                .iter()
                .any(|alias| alias.contains("ministre")),
            "{:?}",
            morocco.aliases
        );
    }

    /// A sentence of ordinary length is kept whole.
    #[test]
    fn a_short_sentence_is_kept_whole() {
        let text = "Avant. Le Maroc et la France ont signé un accord. Après.";
        let start = text.find("Le Maroc").unwrap();
        let end = text.find(" Après").unwrap();
        let sentence = Span::new(start, end);
        let evidence = Span::new(text.find("ont signé").unwrap(), end - 1);
        assert_eq!(
            sentence_around(text, sentence, evidence),
            "Le Maroc et la France ont signé un accord."
        );
    }

    proptest::proptest! {
        /// `roles_of` gives each person the roles a filter of all of them gives, in
        /// their order.
        #[test]
        fn roles_of_is_the_filter_of_all_roles(persons in proptest::collection::vec(0usize..6, 0..20)) {
            let extraction = Extraction {
                doc: "d".to_string(),
                lang: Lang::Fr,
                published: None,
                title: None,
                url: None,
                outlet: None,
                actors: Vec::new(),
                relations: Vec::new(),
                roles: persons
                    .iter()
                    .enumerate()
                    .map(|(index, &person)| ExtractedRole { person, of: index, title: format!("t{index}") })
                    .collect(),
            };
            let by_person = extraction.roles_by_person();
            for person in 0..7 {
                let filtered: Vec<&ExtractedRole> =
                    extraction.roles.iter().filter(|role| role.person == person).collect();
                proptest::prop_assert_eq!(roles_of(&by_person, person), filtered.as_slice());
            }
        }

        /// Of a sentence too long to keep, the part kept holds the evidence, fits the
        /// bound (with its marks), starts and ends on whole words of the sentence,
        /// and is marked where it was cut; multi-byte text never splits a char.
        #[test]
        fn a_long_sentence_keeps_the_words_around_its_evidence(
            words in proptest::collection::vec("[a-zé€😀]{1,9}", 300..1200),
            evidence_at in 0.0f64..1.0,
            evidence_words in 1usize..6,
        ) {
            let text = words.join(" ");
            let sentence = Span::new(0, text.len());
            let first = ((words.len() - evidence_words) as f64 * evidence_at) as usize;
            let start: usize = words[..first].iter().map(|word| word.len() + 1).sum();
            let length = words[first..first + evidence_words].join(" ").len();
            let evidence = Span::new(start, start + length);
            let around = sentence_around(&text, sentence, evidence);
            let kept = around.trim_start_matches('…').trim_end_matches('…');
            proptest::prop_assert!(kept.contains(&text[evidence.start..evidence.end]));
            proptest::prop_assert!(text.contains(kept));
            if text.len() > MAX_SENTENCE_BYTES {
                proptest::prop_assert!(kept.len() <= MAX_SENTENCE_BYTES);
                proptest::prop_assert!(around.len() > kept.len());
                let offset = text.find(kept).unwrap_or(0);
                let cut_start = offset > 0;
                let cut_end = offset + kept.len() < text.len();
                proptest::prop_assert_eq!(around.starts_with('…'), cut_start);
                proptest::prop_assert_eq!(around.ends_with('…'), cut_end);
                if cut_start {
                    proptest::prop_assert_eq!(&text[offset - 1..offset], " ");
                }
                if cut_end {
                    proptest::prop_assert_eq!(&text[offset + kept.len()..offset + kept.len() + 1], " ");
                }
            } else {
                proptest::prop_assert_eq!(around, text);
            }
        }
    }
}
