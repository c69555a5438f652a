//! Finding relations in sentences: trigger words per relation type, participants from
//! coordination, prepositions, compound adjectives and anaphora, a status from the
//! cues around the trigger, and a date from the sentence, the event, or the
//! publication date when the article reports news.
//!
//! It works on the output of `resolve` and never sees IRIs or the store.

use std::borrow::Cow;

use crate::lexicon::{Lexicon, LexiconHits, TriggerFeatures};
use crate::mention::Folded;
use crate::model::{ActorKind, DateValue, Lang, RelationKind, Span, Status, sorted_range};
use crate::resolve::{Resolution, RoleFact};
use crate::text::Tokens;
use crate::words::{ClassSet, WordClass};

mod dating;
mod investment;
mod mandate;
mod membership;
mod merge;
mod participation;
mod reader;
mod restriction;
mod role;
mod spans;
mod status;
mod symmetric;

use merge::merge;
use reader::SentenceReader;
use spans::Reach;

/// A relation found in one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    pub kind: RelationKind,
    /// Indices into the document's actors; subject first for directed types.
    pub participants: Vec<usize>,
    pub date: Option<DateValue>,
    pub status: Status,
    /// The verbatim phrase that supports the relation.
    pub evidence: Span,
    /// The sentence it was read from.
    pub sentence: usize,
    date_source: DateSource,
    /// The status was read from a cue, not defaulted.
    cued: bool,
}

impl Relation {
    /// Whether the date comes from the text (or the event it is about) rather than
    /// from the publication date: only such dates tell two relations apart.
    pub fn date_from_text(&self) -> bool {
        matches!(self.date_source, DateSource::Text | DateSource::Event)
    }
}

/// Where a relation's date came from; decides which of two reports of one relation
/// keeps its date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum DateSource {
    None,
    Publication,
    Event,
    Text,
}

pub struct Context<'a> {
    pub lexicon: &'a Lexicon,
    /// What the lexicon's patterns match in the document.
    pub hits: &'a LexiconHits,
    pub text: &'a str,
    pub folded: &'a Folded,
    pub tokens: &'a Tokens<'a>,
    pub lang: Lang,
    pub published: Option<DateValue>,
    pub resolution: &'a Resolution,
}

#[derive(Clone, Copy, Debug)]
struct TriggerHit {
    kind: RelationKind,
    span: Span,
    /// The trigger's byte range in the folded text.
    folded: (usize, usize),
    /// The trigger itself reports news ("lancé par", "signé").
    is_event: bool,
    features: TriggerFeatures,
}

#[derive(Clone, Copy, Debug)]
struct CueHit {
    status: Status,
    span: Span,
    /// The cue tells of a beginning (`Cue::inception`).
    inception: bool,
    /// The cue tells of an event done (`Cue::event`).
    event: bool,
    /// The cue's byte range in the folded text.
    folded: (usize, usize),
}

/// Whether a token may stand between two coordinated participants ("X et Y", "X, Y
/// and Z", "de la France et du Maroc"): a coordination word, or a comma or apostrophe.
fn is_coordination(classes: ClassSet, norm: &str) -> bool {
    classes.contains(WordClass::Coordination) || matches!(norm, "," | "'")
}

/// The states of the two people of an order-free relation, each the state the
/// sentence titles them in, when they differ.
fn leaders_states(reader: &SentenceReader<'_, '_>, relation: &Relation) -> Option<(usize, usize)> {
    if relation.kind.is_directed() {
        return None;
    }
    let [a, b] = relation.participants[..] else {
        return None;
    };
    let actors = &reader.ctx.resolution.actors;
    let state_of = |person: usize| {
        (actors[person].kind == ActorKind::Person)
            .then(|| {
                reader
                    .roles
                    .iter()
                    .find(|fact| fact.person == person && actors[fact.of].kind == ActorKind::State)
                    .map(|fact| fact.of)
            })
            .flatten()
    };
    let (first, second) = (state_of(a)?, state_of(b)?);
    (first != second).then_some((first, second))
}

pub fn extract(ctx: &Context<'_>) -> Vec<Relation> {
    let names = name_spans(ctx);
    let triggers = find_triggers(ctx, &names);
    let cues = find_cues(ctx, &names);
    // About one relation per trigger: sized once rather than grown from empty.
    let mut relations = Vec::with_capacity(triggers.len() + 4);
    let mut last_pair: Option<(usize, usize)> = None;
    let mut last_pair_sentence = 0;
    // Mentions are sorted by start, and so by sentence: each sentence's are one run.
    // So are the triggers and cues, found by start (`PatternSet::find_groups`): a
    // sentence's are found by binary search, not by filtering all of them for every
    // sentence, which grew with the product of the two on long texts. callgrind, 1,000
    // generated articles: the pipeline went from 627.5 M to 625.9 M instructions.
    debug_assert!(triggers.is_sorted_by_key(|trigger| trigger.span.start));
    debug_assert!(cues.is_sorted_by_key(|cue| cue.span.start));
    let all_mentions = &ctx.resolution.mentions;
    // The role facts by sentence, each sentence's in their order: filtered from all of
    // them for every trigger, they grew with triggers times roles.
    let mut all_roles: Vec<&RoleFact> = ctx.resolution.roles.iter().collect();
    all_roles.sort_by_key(|fact| fact.sentence);
    let events_before = last_events_before(ctx);
    // "The crackdown announced yesterday (Jan. 13)": a relation named again with a
    // definite article and a date, with its type and the sentence.
    let mut anaphors: Vec<(RelationKind, usize, DateValue)> = Vec::new();
    let mut made_with: Vec<Relation> = Vec::new();
    // Sentences whose subject is an event noun, with their one date read forward ("The
    // event runs on Monday and Tuesday").
    let mut event_dates: Vec<(usize, DateValue)> = Vec::new();
    for (sentence, sentence_span) in ctx.tokens.sentences.iter().enumerate() {
        let reader = SentenceReader {
            ctx,
            sentence,
            triggers: within(&triggers, *sentence_span, |trigger| trigger.span),
            span: *sentence_span,
            mentions: &all_mentions[sorted_range(all_mentions, sentence..=sentence, |mention| {
                mention.sentence
            })],
            roles: &all_roles[sorted_range(&all_roles, sentence..=sentence, |fact| fact.sentence)],
            cues: within(&cues, *sentence_span, |cue| cue.span),
            dates: std::cell::OnceCell::new(),
            previous_date: std::cell::OnceCell::new(),
            side_clauses: std::cell::OnceCell::new(),
            participants: std::cell::OnceCell::new(),
            max_end: std::cell::OnceCell::new(),
            both_phrases: std::cell::OnceCell::new(),
            names_two: std::cell::OnceCell::new(),
            compounds: std::cell::OnceCell::new(),
            last_pair,
            recent_pair: last_pair.filter(|_| sentence <= last_pair_sentence + 2),
            event_before: events_before[sentence],
        };
        for trigger in reader.triggers.iter() {
            let read = reader.read(trigger);
            // A verb of making ("build") points back to no reported relation.
            if read.is_empty()
                && !trigger.features.comitative
                && let Some(date) = reader.dated_anaphor(trigger)
            {
                anaphors.push((trigger.kind, sentence, date));
            }
            for relation in read {
                if relation.participants.len() == 2
                    && !relation.kind.is_directed()
                    && relation
                        .participants
                        .iter()
                        .all(|&p| ctx.resolution.actors[p].kind == ActorKind::State)
                {
                    last_pair = Some((relation.participants[0], relation.participants[1]));
                    last_pair_sentence = sentence;
                } else if let Some(pair) = leaders_states(&reader, &relation) {
                    // "X held talks with his Egyptian counterpart Y. The two sides
                    // signed...": leaders of two states stand for their states.
                    last_pair = Some(pair);
                    last_pair_sentence = sentence;
                }
                if trigger.features.comitative {
                    made_with.push(relation);
                } else {
                    relations.push(relation);
                }
            }
        }
        relations.extend(reader.roles());
        if let Some(date) = reader.event_subject_date() {
            event_dates.push((sentence, date));
        }
        // A pair of states named together is what "les deux pays" points back to.
        if let Some(pair) = reader.state_pair() {
            last_pair = Some(pair);
            last_pair_sentence = sentence;
        }
    }
    // What two actors make together is a partnership only where no other report names
    // it (theirs bring the status and date the text gives the partnership itself).
    let same_pair = |a: &Relation, b: &Relation| {
        a.kind == b.kind
            && a.participants.len() == 2
            && b.participants.len() == 2
            && (a.participants == b.participants
                || (a.participants[0] == b.participants[1]
                    && a.participants[1] == b.participants[0]))
    };
    made_with.retain(|made| !relations.iter().any(|other| same_pair(made, other)));
    relations.extend(made_with);
    relations.extend(role::offices_held(ctx));
    date_from_anaphors(&mut relations, &anaphors);
    date_from_next_event_sentence(&mut relations, &event_dates);
    merge(relations)
}

/// An announced participation dated by publication only takes the date of the next
/// sentence when that sentence's subject is an event noun and it gives one date: "X
/// will be in Seoul for the summit. The event runs on Monday and Tuesday."
fn date_from_next_event_sentence(relations: &mut [Relation], event_dates: &[(usize, DateValue)]) {
    if event_dates.is_empty() {
        return;
    }
    for relation in relations.iter_mut() {
        if relation.kind != RelationKind::Participation
            || relation.status != Status::Announced
            || relation.date_from_text()
        {
            continue;
        }
        if let Some(&(_, date)) = event_dates
            .iter()
            .find(|&&(sentence, _)| sentence == relation.sentence + 1)
        {
            relation.date = Some(date);
            relation.date_source = DateSource::Text;
        }
    }
}

/// Announced relations of a type reported before a dated anaphor of that type ("the
/// crackdown announced yesterday (Jan. 13)") and dated by publication only take the
/// anaphor's date: the text dates the announcement there. A relation done or under
/// way keeps its own date: "ces discussions, annoncées le mois dernier" dates their
/// announcement, not the talks.
fn date_from_anaphors(relations: &mut [Relation], anaphors: &[(RelationKind, usize, DateValue)]) {
    for &(kind, sentence, date) in anaphors {
        for relation in relations.iter_mut() {
            if relation.kind == kind
                && relation.sentence < sentence
                && !relation.date_from_text()
                && matches!(
                    relation.status,
                    Status::Announced | Status::Proposed | Status::Intended
                )
            {
                relation.date = Some(date);
                relation.date_source = DateSource::Text;
            }
        }
    }
}

/// The items, sorted by the start of their span, that lie wholly inside `span`: the run
/// that starts inside it, borrowed when all of it ends inside too, as nearly always (an
/// item crosses a sentence's end only when its pattern spans a full stop). callgrind,
/// 1,000 generated articles: collecting each sentence's cues, triggers and mentions
/// into vectors of their own: 629.9 M instructions for the pipeline, this way 623.7 M.
fn within<T: Clone>(items: &[T], span: Span, span_of: impl Fn(&T) -> Span) -> Cow<'_, [T]> {
    let items = &items[sorted_range(items, span.start..span.end, |item| span_of(item).start)];
    if items.iter().all(|item| span.contains(span_of(item))) {
        Cow::Borrowed(items)
    } else {
        Cow::Owned(
            items
                .iter()
                .filter(|item| span.contains(span_of(item)))
                .cloned()
                .collect(),
        )
    }
}

/// For each sentence, the last event (a single-actor mention) named in a sentence before
/// it, from one pass over the mentions, which come in text order.
fn last_events_before(ctx: &Context<'_>) -> Vec<Option<usize>> {
    let n_sentences = ctx.tokens.sentences.len();
    let mut last_in: Vec<Option<usize>> = vec![None; n_sentences];
    for mention in &ctx.resolution.mentions {
        if let [actor] = mention.actors[..]
            && ctx.resolution.actors[actor].kind == ActorKind::Event
            && let Some(slot) = last_in.get_mut(mention.sentence)
        {
            *slot = Some(actor);
        }
    }
    let mut before = Vec::with_capacity(n_sentences);
    let mut last = None;
    for named in last_in {
        before.push(last);
        last = named.or(last);
    }
    before
}

/// The status cues of the document. A cue word inside a name ("open*" in "OpenAI")
/// says nothing of a relation.
fn find_cues(ctx: &Context<'_>, names: &Reach) -> Vec<CueHit> {
    ctx.hits
        .cues
        .iter()
        .filter(|hit| !names.contains(hit.span))
        .map(|hit| {
            let cue = &ctx.lexicon.cues[hit.payload as usize];
            CueHit {
                status: cue.status,
                span: hit.span,
                inception: cue.inception,
                event: cue.event,
                folded: hit.folded,
            }
        })
        .collect()
}

/// The spans of the names of the document's actors but events: names hold trigger and
/// cue words ("Partenariat mondial pour l'IA", "OpenAI"); event phrases are built
/// around them ("négociations sur l'IA") and keep them.
fn name_spans(ctx: &Context<'_>) -> Reach {
    Reach::new(
        ctx.resolution
            .mentions
            .iter()
            .filter(|mention| {
                mention
                    .actors
                    .iter()
                    .all(|&actor| ctx.resolution.actors[actor].kind != ActorKind::Event)
            })
            .map(|mention| mention.span)
            .collect(),
    )
}

fn find_triggers(ctx: &Context<'_>, mention_spans: &Reach) -> Vec<TriggerHit> {
    let event_cues = Reach::new(
        ctx.hits
            .cues
            .iter()
            .filter(|hit| {
                let cue = &ctx.lexicon.cues[hit.payload as usize];
                cue.status == Status::Announced || cue.event
            })
            .map(|hit| hit.span)
            .collect(),
    );
    // "the AI Action Summit with India": a trigger that starts inside an event's name
    // and runs out of it ("summit with") is no trigger.
    let event_names = Reach::new(
        ctx.resolution
            .mentions
            .iter()
            .filter(|mention| ctx.resolution.names_only(mention, ActorKind::Event))
            .map(|mention| mention.span)
            .collect(),
    );
    ctx.hits
        .triggers
        .iter()
        // A trigger word inside a name ("Partenariat mondial pour l'IA", "Alliance
        // atlantique") is part of the name.
        .filter(|hit| !mention_spans.contains(hit.span))
        // But one that holds the event's whole mention stays ("held a bilateral meeting
        // in Hiroshima", the event's mention "meeting").
        .filter(|hit| {
            !event_names.overlaps(hit.span)
                || event_names.contains(hit.span)
                || event_names.within(hit.span)
        })
        // Nor a capitalised word inside an event's proper name, after its first word
        // ("Forum on China-Africa Cooperation"); an event phrase built around a trigger
        // keeps it ("négociations sur l'IA", "Négociations de Genève").
        .filter(|hit| {
            let first = ctx.tokens.at(hit.span.start);
            !(ctx
                .tokens
                .tokens
                .get(first)
                .is_some_and(|token| token.capitalised)
                && event_names.contains(hit.span)
                && ctx.resolution.mentions.iter().any(|mention| {
                    mention.span.start < hit.span.start
                        && hit.span.end <= mention.span.end
                        && ctx.resolution.names_only(mention, ActorKind::Event)
                }))
        })
        .map(|hit| {
            let trigger = &ctx.lexicon.triggers[hit.payload as usize];
            TriggerHit {
                kind: trigger.relation,
                span: hit.span,
                folded: hit.folded,
                is_event: event_cues.overlaps(hit.span),
                features: trigger.features,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;

    /// Every relation example of every language (`data/lang/<code>/examples/
    /// relations.tsv`): what it expects is found, what it rules out is not.
    #[test]
    fn relation_examples_of_every_family() {
        examples::walk("relations", examples::relation_found);
    }

    /// The negative corpus (`negative.tsv`): sentences in which nothing may be found.
    #[test]
    fn negative_examples_yield_no_relation() {
        let all = examples::read("negative");
        let failures: Vec<String> = all
            .iter()
            .filter_map(|example| {
                let record = examples::extract(example);
                (!record.relations.is_empty()).then(|| {
                    format!(
                        "{} {:?}\n{}",
                        example.place,
                        example.text,
                        examples::describe(&record)
                    )
                })
            })
            .collect();
        examples::assert_all(&failures, all.len());
    }

    /// A sentence borrows its run of items when all lie inside it, and keeps only
    /// those that do otherwise; items before or after it are not its.
    #[test]
    fn within_keeps_the_items_inside_the_span() {
        let sentence = Span::new(10, 20);
        let inside = [Span::new(10, 12), Span::new(15, 20)];
        assert!(matches!(
            within(&inside, sentence, |span| *span),
            Cow::Borrowed(items) if items == inside
        ));
        let crossing = [
            Span::new(2, 8),
            Span::new(10, 12),
            Span::new(14, 22),
            Span::new(18, 20),
            Span::new(20, 24),
        ];
        let kept = within(&crossing, sentence, |span| *span);
        assert!(matches!(kept, Cow::Owned(_)));
        assert_eq!(&kept[..], [Span::new(10, 12), Span::new(18, 20)]);
    }
}
