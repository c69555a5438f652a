//! Finding relations in sentences: trigger words per relation type, participants from
//! coordination, prepositions, compound adjectives and anaphora, a status from the
//! cues around the trigger, and a date from the sentence, the event, or the
//! publication date when the article reports news.
//!
//! It works on the output of `resolve` and never sees IRIs or the store.

use std::borrow::Cow;

use rustc_hash::FxHashMap as HashMap;

use crate::date::{self, Tense};
use crate::lexicon::{Lexicon, LexiconHits};
use crate::mention::Folded;
use crate::model::{ActorKind, DateValue, Lang, RelationKind, Span, Status, sorted_range};
use crate::resolve::{ActorMention, Form, Resolution, RoleFact};
use crate::text::{Token, Tokens};

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
}

#[derive(Clone, Copy, Debug)]
struct CueHit {
    status: Status,
    span: Span,
    /// The cue's byte range in the folded text.
    folded: (usize, usize),
}

/// Words allowed between two coordinated participants ("X et Y", "X, Y and Z").
const COORDINATION: [&str; 19] = [
    "et", "and", ",", "d", "'", "de", "du", "des", "la", "le", "les", "l", "a", "au", "aux", "the",
    "ainsi", "que", "ou",
];

/// Pronoun phrases for the two states of the previous relation.
const BOTH: [(&str, &str); 8] = [
    ("deux", "pays"),
    ("deux", "nations"),
    ("deux", "puissances"),
    ("deux", "gouvernements"),
    ("both", "countries"),
    ("two", "countries"),
    ("both", "nations"),
    ("two", "nations"),
];

pub fn extract(ctx: &Context<'_>) -> Vec<Relation> {
    let triggers = find_triggers(ctx);
    let cues: Vec<CueHit> = ctx
        .hits
        .cues
        .iter()
        .map(|hit| CueHit {
            status: ctx.lexicon.cues[hit.payload as usize].status,
            span: hit.span,
            folded: hit.folded,
        })
        .collect();
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
            participants: std::cell::OnceCell::new(),
            max_end: std::cell::OnceCell::new(),
            both_phrases: std::cell::OnceCell::new(),
            names_two: std::cell::OnceCell::new(),
            compounds: std::cell::OnceCell::new(),
            last_pair,
            recent_pair: last_pair.filter(|_| sentence <= last_pair_sentence + 2),
        };
        for trigger in reader.triggers.iter() {
            for relation in reader.read(trigger) {
                if relation.participants.len() == 2
                    && !relation.kind.is_directed()
                    && relation
                        .participants
                        .iter()
                        .all(|&p| ctx.resolution.actors[p].kind == ActorKind::State)
                {
                    last_pair = Some((relation.participants[0], relation.participants[1]));
                    last_pair_sentence = sentence;
                }
                relations.push(relation);
            }
        }
        relations.extend(reader.roles());
        // A pair of states named together is what "les deux pays" points back to.
        if let Some(pair) = reader.state_pair() {
            last_pair = Some(pair);
            last_pair_sentence = sentence;
        }
    }
    merge(relations)
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

fn find_triggers(ctx: &Context<'_>) -> Vec<TriggerHit> {
    // Names of organisations hold trigger words ("Partenariat mondial pour l'IA");
    // event phrases are built around them ("négociations sur l'IA") and keep them.
    let mention_spans = Reach::new(
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
    );
    let event_cues = Reach::new(
        ctx.hits
            .cues
            .iter()
            .filter(|hit| ctx.lexicon.cues[hit.payload as usize].status == Status::Announced)
            .map(|hit| hit.span)
            .collect(),
    );
    ctx.hits
        .triggers
        .iter()
        // A trigger word inside a name ("Partenariat mondial pour l'IA", "Alliance
        // atlantique") is part of the name.
        .filter(|hit| !mention_spans.contains(hit.span))
        .map(|hit| TriggerHit {
            kind: ctx.lexicon.triggers[hit.payload as usize].relation,
            span: hit.span,
            folded: hit.folded,
            is_event: event_cues.overlaps(hit.span),
        })
        .collect()
}

/// Spans sorted by start, with the greatest end among the first `k` for every `k`:
/// whether one of them contains or overlaps a span is a binary search, where testing
/// each trigger against every mention and cue grew with the product of the two.
/// callgrind, `extract` on 1,000 generated articles: 308.8 M -> 308.0 M instructions.
struct Reach {
    spans: Vec<Span>,
    /// `max_end[k]`: the greatest end among `spans[..=k]`.
    max_end: Vec<usize>,
}

impl Reach {
    fn new(mut spans: Vec<Span>) -> Reach {
        spans.sort_by_key(|span| span.start);
        let max_end = spans
            .iter()
            .scan(0, |max_end, span| {
                *max_end = span.end.max(*max_end);
                Some(*max_end)
            })
            .collect();
        Reach { spans, max_end }
    }

    /// Whether one of the spans contains `span` (starts at or before it and ends at or
    /// after it).
    fn contains(&self, span: Span) -> bool {
        let before = self
            .spans
            .partition_point(|other| other.start <= span.start);
        before > 0 && self.max_end[before - 1] >= span.end
    }

    /// Whether one of the spans shares a byte with `span`.
    fn overlaps(&self, span: Span) -> bool {
        let before = self.spans.partition_point(|other| other.start < span.end);
        before > 0 && self.max_end[before - 1] > span.start
    }
}

/// For each of `items`, the greatest end among it and those before it.
fn max_ends<T>(items: &[T], span_of: impl Fn(&T) -> Span) -> Vec<usize> {
    items
        .iter()
        .scan(0, |max_end, item| {
            *max_end = span_of(item).end.max(*max_end);
            Some(*max_end)
        })
        .collect()
}

/// Whether an item of another span contains `span`, of one of `items`: sorted by start
/// and then end, an item that contains it starts before it (the greatest end of those,
/// `max_ends`, reaches its end) or starts with it and ends after it (the last of those
/// that start with it). Asked of every mention of a sentence, a scan of all the others
/// grew with the square of their number: `extract` of a text of one sentence, 1.3 MB
/// and 40,000 names, took 6.3 s.
fn contained_in_another<T>(
    items: &[T],
    max_ends: &[usize],
    span: Span,
    span_of: impl Fn(&T) -> Span,
) -> bool {
    let before = items.partition_point(|item| span_of(item).start < span.start);
    let with = before + items[before..].partition_point(|item| span_of(item).start <= span.start);
    (before > 0 && max_ends[before - 1] >= span.end)
        || (with > before && span_of(&items[with - 1]).end > span.end)
}

/// Future when an auxiliary of the future stands between two spaces ("sera", "will"),
/// past otherwise; decides the year of partial dates. Reads the sentence's tokens:
/// folding the sentence again for it was 2% of `extract` (perf, 10,000 articles).
fn tense_of(tokens: &[Token]) -> Tense {
    let spaced = |a: &Token, b: &Token| a.span.end < b.span.start;
    let is_future = tokens.windows(3).any(|window| {
        matches!(window[1].norm, "sera" | "seront" | "will" | "va" | "vont")
            && spaced(&window[0], &window[1])
            && spaced(&window[1], &window[2])
    });
    if is_future { Tense::Other } else { Tense::Past }
}

struct SentenceReader<'a, 'b> {
    ctx: &'a Context<'b>,
    sentence: usize,
    /// Every trigger of the sentence: a cue governs the nearest one after it only.
    triggers: Cow<'a, [TriggerHit]>,
    span: Span,
    mentions: &'a [ActorMention],
    /// The role facts read from this sentence, in their order (`roles`, `symmetric`).
    roles: &'a [&'a RoleFact],
    cues: Cow<'a, [CueHit]>,
    /// The sentence's time expressions, found when a relation first asks for its date:
    /// most sentences yield none. callgrind on the 17 bundled articles: scanning every
    /// sentence for dates was 8.7% of the pipeline's instructions, every sentence with
    /// a trigger 7.0%, only those with a relation 4.7%.
    dates: std::cell::OnceCell<Vec<(Span, DateValue)>>,
    /// `participants`, decided once per sentence: every trigger asks for them several
    /// times, and each mention's tests read the tokens around it. callgrind, 1,000
    /// generated articles: the pipeline took 1,083.5 M instructions filtering again at
    /// each call, 1,041.1 M this way (-3.9%).
    participants: std::cell::OnceCell<Vec<&'a ActorMention>>,
    /// For each of `mentions`, the greatest end among it and those before it
    /// (`is_nested`).
    max_end: std::cell::OnceCell<Vec<usize>>,
    /// The token indices where a "both countries" phrase starts (`both_after`).
    both_phrases: std::cell::OnceCell<Vec<usize>>,
    /// Whether the sentence's mentions name two actors or more (`both_after`).
    names_two: std::cell::OnceCell<bool>,
    /// The sentence's compound adjectives ("sino-américain"), found once: searched among
    /// all its mentions for each trigger, a sentence of many triggers grew with
    /// triggers times mentions.
    compounds: std::cell::OnceCell<Vec<&'a ActorMention>>,
    last_pair: Option<(usize, usize)>,
    /// The pair named in the last two sentences: what "des discussions ont eu lieu"
    /// is about when the sentence names no one.
    recent_pair: Option<(usize, usize)>,
}

impl SentenceReader<'_, '_> {
    fn dates(&self) -> &[(Span, DateValue)] {
        self.dates.get_or_init(|| {
            let tokens = self.ctx.tokens.of_sentence(self.sentence);
            date::find_dates_in(tokens, self.ctx.published, tense_of(tokens))
                .into_iter()
                .map(|found| (found.span, found.value))
                .collect()
        })
    }

    fn actor_kind(&self, actor: usize) -> ActorKind {
        self.ctx.resolution.actors[actor].kind
    }

    /// Mentions that can take part in a relation: not adjectives (except compounds),
    /// not places.
    fn participants(&self) -> impl DoubleEndedIterator<Item = &&ActorMention> {
        self.participant_list().iter()
    }

    /// `participants`, as the slice they are kept in (sorted by start and end).
    fn participant_list(&self) -> &[&ActorMention] {
        self.participants.get_or_init(|| {
            let actors = &self.ctx.resolution.actors;
            self.mentions
                .iter()
                .filter(|mention| {
                    mention.form != Form::Demonym
                        && mention.actors.iter().all(|&actor| {
                            // Places are settings and news media are sources ("selon
                            // Le Matin"), not parties.
                            actors[actor].kind != ActorKind::Place
                                && actors[actor].subtype.as_deref() != Some("media")
                        })
                        && !self.is_nested(mention)
                        && !self.is_possessor(mention)
                        && !self.is_speaker(mention)
                        && !self.is_setting(mention)
                })
                .collect()
        })
    }

    /// The offset after the time expressions, settings and commas that follow `offset`:
    /// "a reçu mardi à l'Élysée le Premier ministre indien" reaches its object at "le".
    fn after_adverbials(&self, mut offset: usize) -> usize {
        let tokens = self.ctx.tokens;
        loop {
            let index = tokens.at(offset);
            let Some(token) = tokens.tokens.get(index) else {
                return offset;
            };
            if token.sentence != self.sentence {
                return offset;
            }
            // A weekday is a time expression even without a publication date to place it.
            if token.norm == ","
                || date::weekday(token.norm).is_some()
                || matches!(token.norm, "hier" | "yesterday")
            {
                offset = token.span.end;
                continue;
            }
            if let Some((span, _)) = self
                .dates()
                .iter()
                .find(|(span, _)| tokens.at(span.start) == index)
            {
                offset = span.end;
                continue;
            }
            // "à l'Élysée", "at the White House": the setting starts within three tokens.
            let setting = matches!(token.norm, "a" | "au" | "at" | "in")
                .then(|| {
                    self.mentions.iter().find(|mention| {
                        let start = tokens.at(mention.span.start);
                        start > index && start <= index + 3 && self.is_setting(mention)
                    })
                })
                .flatten();
            match setting {
                Some(mention) => offset = mention.span.end,
                None => return offset,
            }
        }
    }

    /// "s'est entretenu avec Macron à l'Élysée": a seat of government after a locative
    /// preposition is where it happened.
    fn is_setting(&self, mention: &ActorMention) -> bool {
        let tokens = self.ctx.tokens;
        let mut before = tokens.at(mention.span.start).saturating_sub(1);
        while before > 0 && matches!(tokens.norm(before), "la" | "le" | "l" | "'" | "the") {
            before -= 1;
        }
        matches!(tokens.norm(before), "a" | "au" | "at" | "in")
            && mention.actors.iter().all(|&actor| {
                self.ctx.resolution.actors[actor].subtype.as_deref() == Some("government_body")
            })
    }

    /// ", a annoncé mardi le Premier ministre X", "selon X", ", said X": whoever reports
    /// a relation is not a party to it.
    fn is_speaker(&self, mention: &ActorMention) -> bool {
        // A `match` on constant strings compares lengths and then bytes inline; a
        // `contains` over an array of them called `memcmp` for every word of the same
        // length. callgrind, 1,000 generated articles: the pipeline went from 684.1 M to
        // 668.0 M instructions with this here and in `tense_of` and
        // `resolve::Builder::company_anaphora`. The same change made no difference
        // for the lists that only capitalised words, name sequences or event heads
        // are tested against (`ORG_HEADS`, `CONNECTORS`...).
        let is_reporting = |word: &str| {
            matches!(
                word,
                "annonce"
                    | "declare"
                    | "precise"
                    | "indique"
                    | "affirme"
                    | "explique"
                    | "souligne"
                    | "ajoute"
                    | "estime"
                    | "selon"
                    | "said"
                    | "says"
                    | "told"
                    | "announced"
                    | "according"
                    | "added"
                    | "stated"
                    | "confirme"
                    | "confirmed"
                    | "rapporte"
            )
        };
        let tokens = self.ctx.tokens;
        let start = tokens.at(mention.span.start);
        let mut index = start;
        for _ in 0..8 {
            let Some(previous) = index.checked_sub(1) else {
                return false;
            };
            index = previous;
            let token = &tokens.tokens[index];
            if token.sentence != self.sentence || matches!(token.norm, "," | "." | ";" | ":") {
                return false;
            }
            if is_reporting(token.norm) {
                // The speaker follows the verb directly (an inverted incise: ", a annoncé
                // mardi le Premier ministre X", ", said X"): a preposition in between
                // makes the mention a complement ("announced agreements with X").
                let complement = (index + 1..start).any(|between| {
                    matches!(
                        tokens.norm(between),
                        "with"
                            | "avec"
                            | "a"
                            | "de"
                            | "du"
                            | "des"
                            | "to"
                            | "of"
                            | "au"
                            | "aux"
                            | "sur"
                            | "on"
                            | "by"
                            | "par"
                            | "pour"
                            | "for"
                            | "que"
                            | "that"
                    )
                });
                if complement {
                    return false;
                }
                // "selon" speaks for what follows at once; a verb only in an incise
                // that opened with a comma.
                return token.norm == "selon"
                    || token.norm == "according"
                    || (index > 0 && (0..index).rev().take(3).any(|i| tokens.norm(i) == ","));
            }
        }
        false
    }

    /// "ONU" inside "Groupe des Amis de l'ONU" is part of a name.
    fn is_nested(&self, mention: &ActorMention) -> bool {
        let max_end = self
            .max_end
            .get_or_init(|| max_ends(self.mentions, |other| other.span));
        contained_in_another(self.mentions, max_end, mention.span, |other| other.span)
    }

    /// "Saudi Arabia's Public Investment Fund": the owner in a possessive is not the
    /// party; the owned actor that follows is.
    fn is_possessor(&self, mention: &ActorMention) -> bool {
        let tokens = self.ctx.tokens;
        let after = tokens.at(mention.span.end);
        tokens.norm(after) == "'"
            && tokens.norm(after + 1) == "s"
            && !sorted_range(self.mentions, after + 2..=after + 2, |other| {
                tokens.at(other.span.start)
            })
            .is_empty()
    }

    fn token_distance(&self, a: Span, b: Span) -> usize {
        let tokens = self.ctx.tokens;
        let (first, second) = if a.start <= b.start { (a, b) } else { (b, a) };
        tokens.at(second.start).saturating_sub(tokens.at(first.end))
    }

    /// Only coordination words between two spans (four at most), and the modifiers of
    /// the second: a demonym ("Nvidia et le saoudien Humain") or a possessor
    /// ("Nvidia and Saudi Arabia's Humain").
    fn coordinated(&self, first: Span, second: Span) -> bool {
        let tokens = self.ctx.tokens;
        let (from, to) = (tokens.at(first.end), tokens.at(second.start));
        if to < from {
            return false;
        }
        let (mut index, mut words) = (from, 0);
        while index < to {
            if COORDINATION.contains(&tokens.norm(index)) {
                words += 1;
                index += 1;
                continue;
            }
            // A possessor's "'s" goes with it. The mentions that start at this token
            // are one run of the sorted mentions, found by binary search.
            let starting_here = sorted_range(self.mentions, index..=index, |mention| {
                tokens.at(mention.span.start)
            });
            let modifier_end = self.mentions[starting_here].iter().find_map(|mention| {
                let end = tokens.at(mention.span.end);
                if self.is_possessor(mention) {
                    Some(end + 2)
                } else {
                    (mention.form == Form::Demonym).then_some(end)
                }
            });
            let Some(end) = modifier_end else {
                return false;
            };
            index = end;
        }
        words <= 4
    }

    /// The group of coordinated mentions that ends nearest before `offset`.
    fn left_group(
        &self,
        offset: usize,
        filter: impl Fn(&ActorMention) -> bool,
    ) -> Vec<&ActorMention> {
        // A possessor modifies the name after it ("Saudi Arabia's Humain"): it is no
        // member of the group. Read backwards from the offset, as far as the group
        // goes: collecting every mention before it, for every trigger, grew with
        // triggers times mentions in a long sentence.
        let participants = self.participant_list();
        let end = participants.partition_point(|mention| mention.span.start < offset);
        let mut before = participants[..end].iter().rev().copied().filter(|mention| {
            mention.span.end <= offset && filter(mention) && !self.is_possessor(mention)
        });
        let Some(last) = before.next() else {
            return Vec::new();
        };
        let mut next = before.next();
        // "Humain, the company backed by the PIF, announced agreements with...": the
        // nearest mention sits in an apposition; the subject is the one before it, alone.
        if let Some(previous) = next
            && self.in_apposition(previous, last, offset)
        {
            return vec![previous];
        }
        let mut group = vec![last];
        while let Some(mention) = next {
            let first = group[group.len() - 1];
            if !self.coordinated(mention.span, first.span) {
                break;
            }
            group.push(mention);
            next = before.next();
        }
        group.reverse();
        group
    }

    /// Whether `inner` sits in a comma-delimited apposition right after `head` that
    /// closes before `offset`: "Humain, the company backed by X, announced".
    fn in_apposition(&self, head: &ActorMention, inner: &ActorMention, offset: usize) -> bool {
        let tokens = self.ctx.tokens;
        let after_head = tokens.at(head.span.end);
        if tokens.norm(after_head) != "," {
            return false;
        }
        let inner_end = tokens.at(inner.span.end);
        let trigger_token = tokens.at(offset);
        let closes = (inner_end..trigger_token).any(|index| tokens.norm(index) == ",");
        let opens_with_article = matches!(
            tokens.norm(after_head + 1),
            "the" | "le" | "la" | "l" | "un" | "une" | "a" | "an"
        );
        closes && opens_with_article
    }

    /// The group of coordinated mentions that starts first after `offset`, within
    /// `window` tokens.
    fn right_group(
        &self,
        offset: usize,
        window: usize,
        filter: impl Fn(&ActorMention) -> bool,
    ) -> Vec<&ActorMention> {
        let start_token = self.ctx.tokens.at(offset);
        // Read forwards from the offset, as far as the group goes (see `left_group`).
        let participants = self.participant_list();
        let start = participants.partition_point(|mention| mention.span.start < offset);
        let mut after = participants[start..]
            .iter()
            .copied()
            .filter(|mention| filter(mention));
        let Some(first) = after.next() else {
            return Vec::new();
        };
        if self.ctx.tokens.at(first.span.start) - start_token > window {
            return Vec::new();
        }
        let mut group = vec![first];
        for mention in after {
            let last = group[group.len() - 1];
            if self.coordinated(last.span, mention.span) {
                group.push(mention);
            } else {
                break;
            }
        }
        group
    }

    /// The token index of a word after the trigger within `window` tokens.
    fn word_after(&self, offset: usize, words: &[&str], window: usize) -> Option<usize> {
        let tokens = self.ctx.tokens;
        let start = tokens.at(offset);
        (start..(start + window).min(tokens.tokens.len()))
            .take_while(|&index| tokens.tokens[index].sentence == self.sentence)
            .take_while(|&index| !matches!(tokens.norm(index), "." | ";" | "?" | "!"))
            .find(|&index| words.contains(&tokens.norm(index)))
    }

    fn read(&self, trigger: &TriggerHit) -> Vec<Relation> {
        let groups: Vec<Vec<usize>> = match trigger.kind {
            RelationKind::Partnership
            | RelationKind::Alliance
            | RelationKind::Negotiation
            | RelationKind::Rivalry => self.symmetric(trigger),
            RelationKind::Mandate => self.mandate(trigger),
            RelationKind::Investment => self.investment(trigger),
            RelationKind::Membership => self.membership(trigger),
            RelationKind::Participation => self.participation(trigger),
            RelationKind::Restriction => self.restriction(trigger),
            RelationKind::Affiliation => self.affiliation(trigger),
            RelationKind::Role => Vec::new(),
        };
        let (status, status_is_event, cued) = self.status(trigger);
        let mut relations = Vec::with_capacity(groups.len());
        for participants in groups {
            let participants = self.lift_people(trigger.kind, participants);
            if participants.len() < 2 || participants[0] == participants[1] {
                continue;
            }
            let actors = &self.ctx.resolution.actors;
            let object = &actors[participants[1]];
            let kind = match trigger.kind {
                // Joining or co-chairing an event is taking part in it.
                RelationKind::Membership if object.kind == ActorKind::Event => {
                    RelationKind::Participation
                }
                // Leading a state's body is a public office.
                RelationKind::Affiliation
                    if object.kind == ActorKind::State
                        || object.subtype.as_deref() == Some("government_body") =>
                {
                    RelationKind::Role
                }
                kind => kind,
            };
            let (date, date_source) = self.date(
                trigger,
                &participants,
                status,
                status_is_event || trigger.is_event,
            );
            relations.push(Relation {
                kind,
                evidence: self.evidence(trigger.span, &participants),
                participants,
                date,
                status,
                sentence: self.sentence,
                date_source,
                cued,
            });
        }
        // Negotiators take part in the round of talks the sentence names.
        if trigger.kind == RelationKind::Negotiation
            && let Some(event) = self.event_in_sentence()
        {
            let negotiators: Vec<usize> = relations
                .iter()
                .flat_map(|relation| relation.participants.clone())
                .collect();
            let mut seen = Vec::new();
            for actor in negotiators {
                if seen.contains(&actor) {
                    continue;
                }
                seen.push(actor);
                let participants = vec![actor, event];
                let (date, date_source) =
                    self.date(trigger, &participants, status, status_is_event);
                relations.push(Relation {
                    kind: RelationKind::Participation,
                    evidence: self.evidence(trigger.span, &participants),
                    participants,
                    date,
                    status,
                    sentence: self.sentence,
                    date_source,
                    cued,
                });
            }
        }
        relations
    }

    /// Heads of state and government, and foreign ministers, speak for their state in
    /// state-level relations: "Poutine appelle à une alliance avec la Chine".
    fn lift_people(&self, kind: RelationKind, participants: Vec<usize>) -> Vec<usize> {
        if kind.is_directed() {
            return participants;
        }
        let actors = &self.ctx.resolution.actors;
        let has_state = participants
            .iter()
            .any(|&actor| actors[actor].kind == ActorKind::State);
        // Two leaders meeting ("Macron a reçu le président émirien") speak for their
        // states too.
        let all_leaders = participants
            .iter()
            .all(|&actor| self.state_of_leader(actor).is_some());
        if !has_state && !all_leaders {
            return participants;
        }
        let mut lifted = Vec::new();
        for actor in participants {
            let mut chosen = actor;
            if actors[actor].kind == ActorKind::Person
                && let Some(state) = self.state_of_leader(actor)
            {
                chosen = state;
            }
            // "le gouvernement russe ... un partenariat avec la Chine" is Russia's.
            if actors[actor].subtype.as_deref() == Some("government_body")
                && let Some(state) = actors[actor]
                    .country
                    .as_ref()
                    .and_then(|country| actors.iter().position(|other| &other.key == country))
            {
                chosen = state;
            }
            if !lifted.contains(&chosen) {
                lifted.push(chosen);
            }
        }
        lifted
    }

    fn state_of_leader(&self, person: usize) -> Option<usize> {
        let actors = &self.ctx.resolution.actors;
        let lexicon = self.ctx.lexicon;
        let person_idx = actors[person].lexicon?;
        let role = lexicon.roles_of(person_idx).find(|role| {
            matches!(
                role.office.as_str(),
                "head_of_state" | "head_of_government" | "foreign_minister"
            ) && lexicon.actor(role.of).kind == ActorKind::State
        })?;
        actors
            .iter()
            .position(|actor| actor.lexicon == Some(role.of))
    }

    fn polity(&self, mention: &ActorMention) -> bool {
        mention.actors.iter().all(|&actor| {
            matches!(
                self.actor_kind(actor),
                ActorKind::State | ActorKind::Organization | ActorKind::Person
            )
        })
    }

    fn symmetric(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        // "La porte-parole du Conseil, Adrienne Watson, a précisé que...": a person and
        // the body she speaks for are one voice, not two parties.
        let apposed: Vec<(usize, usize)> = self
            .roles
            .iter()
            .map(|fact| (fact.person.min(fact.of), fact.person.max(fact.of)))
            .collect();
        self.symmetric_groups(trigger)
            .into_iter()
            .filter(|pair| {
                pair.len() != 2 || !apposed.contains(&(pair[0].min(pair[1]), pair[0].max(pair[1])))
            })
            .collect()
    }

    fn symmetric_groups(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        let ids = |group: &[&ActorMention]| -> Vec<usize> {
            let mut ids = Vec::new();
            for mention in group {
                for &actor in &mention.actors {
                    if !ids.contains(&actor) {
                        ids.push(actor);
                    }
                }
            }
            ids
        };
        // "entre X et Y", "between X and Y": the parties named after the trigger come
        // before a compound adjective near it, which may qualify another noun
        // ("Relations sino-américaines. Les relations entre le Mexique et la Chine").
        let between = self
            .word_after(trigger.span.end, &["entre", "between"], 6)
            .map(|between| self.ctx.tokens.tokens[between].span.end);
        if let Some(offset) = between {
            let group = self.right_group(offset, 4, |m| self.polity(m));
            if group.len() >= 2 {
                return pairs(&ids(&group));
            }
        }
        // A compound adjective next to the trigger: "partenariat américano-israélien",
        // "relations sino-américaines".
        let compounds = self.compounds.get_or_init(|| {
            self.mentions
                .iter()
                .filter(|mention| mention.form == Form::Compound)
                .collect()
        });
        if let Some(compound) = compounds
            .iter()
            .find(|mention| self.token_distance(mention.span, trigger.span) <= 4)
        {
            return pairs(&compound.actors);
        }
        // "entre les deux pays".
        if let Some(offset) = between
            && let Some(pair) = self.both_after(offset)
        {
            return vec![vec![pair.0, pair.1]];
        }
        let left = self.left_group(trigger.span.start, |m| self.polity(m));
        // "X ... avec Y", "X face à Y et Z", "X with Y".
        if let Some(with) = self.word_after(
            trigger.span.end,
            &["avec", "with", "face", "contre", "against", "aupres", "vis"],
            10,
        ) {
            let offset = self.ctx.tokens.tokens[with].span.end;
            let right = self.right_group(offset, 4, |m| self.polity(m));
            if !left.is_empty() && !right.is_empty() {
                let (left, right) = (ids(&left), ids(&right));
                return left
                    .iter()
                    .flat_map(|&a| right.iter().map(move |&b| vec![a, b]))
                    .collect();
            }
        }
        // Meeting verbs take their counterpart as object: "Blinken met Wang Yi".
        let meeting = [
            "met",
            "meets",
            "a rencontre",
            "ont rencontre",
            "a recu",
            "recoit",
        ]
        .contains(&self.trigger_text(trigger));
        if meeting && !left.is_empty() {
            let object = self.after_adverbials(trigger.span.end);
            let right = self.right_group(object, 6, |m| self.polity(m));
            if !right.is_empty() {
                let (left, right) = (ids(&left), ids(&right));
                return left
                    .iter()
                    .flat_map(|&a| right.iter().map(move |&b| vec![a, b]))
                    .collect();
            }
        }
        // A coordinated subject: "Les États-Unis et la Chine entament des négociations".
        if left.len() >= 2 && self.token_distance(left[left.len() - 1].span, trigger.span) <= 12 {
            return pairs(&ids(&left));
        }
        // A coordinated complement: "la coopération du Maroc et des États-Unis".
        let right = self.right_group(trigger.span.end, 5, |m| self.polity(m));
        if right.len() >= 2 {
            return pairs(&ids(&right));
        }
        // "les deux pays": the pair named last.
        if let Some(pair) = self.both_after(self.span.start) {
            return vec![vec![pair.0, pair.1]];
        }
        // "La semaine dernière, des discussions ont eu lieu": talks in a passage about
        // two states are theirs.
        let tokens = self.ctx.tokens;
        let before = tokens.at(trigger.span.start).saturating_sub(1);
        let anaphoric = matches!(
            tokens.norm(before),
            "ces" | "cette" | "ce" | "these" | "this" | "those"
        );
        if trigger.kind == RelationKind::Negotiation
            && left.is_empty()
            && right.is_empty()
            && !anaphoric
            && let Some(pair) = self.recent_pair
        {
            return vec![vec![pair.0, pair.1]];
        }
        Vec::new()
    }

    /// The pair "les deux pays" after `offset` stands for: the last two states named
    /// before it in this sentence ("Les relations entre le Kenya et l'Inde se sont
    /// refroidies, mais les deux pays ont repris le dialogue"), else the pair named
    /// last in an earlier one.
    fn both_after(&self, offset: usize) -> Option<(usize, usize)> {
        // Without a pair named before, the phrase stands for nothing: no need to look
        // for it. callgrind, 1,000 generated articles, functions kept out of line to
        // count them: looking first, then asking, was 2.4% of the pipeline's
        // instructions.
        if self.last_pair.is_none() && !self.names_two_actors() {
            return None;
        }
        let tokens = self.ctx.tokens;
        let start = tokens.at(offset);
        // The sentence's "both countries" phrases, found once: searched again from each
        // trigger, a sentence of many triggers was read once per trigger.
        let phrases = self.both_phrases.get_or_init(|| {
            (tokens.at(self.span.start)..tokens.tokens.len())
                .take_while(|&index| tokens.tokens[index].sentence == self.sentence)
                .filter(|&index| {
                    let first = tokens.norm(index);
                    BOTH.iter()
                        .any(|(a, b)| first == *a && tokens.norm(index + 1) == *b)
                })
                .collect()
        });
        let phrase = *phrases.get(phrases.partition_point(|&index| index < start))?;
        self.last_states_before(tokens.tokens[phrase].span.start)
            .or(self.last_pair)
    }

    /// Whether the sentence's mentions name two actors or more, counted once.
    fn names_two_actors(&self) -> bool {
        *self.names_two.get_or_init(|| {
            self.mentions
                .iter()
                .map(|mention| mention.actors.len())
                .sum::<usize>()
                >= 2
        })
    }

    /// The last two distinct states named in this sentence before `end`, in text order.
    fn last_states_before(&self, end: usize) -> Option<(usize, usize)> {
        let mut states = Vec::new();
        for mention in self
            .participants()
            .filter(|mention| mention.span.end <= end)
            .rev()
        {
            for &actor in mention.actors.iter().rev() {
                if self.actor_kind(actor) == ActorKind::State && !states.contains(&actor) {
                    states.push(actor);
                }
            }
            if states.len() >= 2 {
                return Some((states[1], states[0]));
            }
        }
        None
    }

    /// Two distinct states named in this sentence, for "les deux pays" later.
    fn state_pair(&self) -> Option<(usize, usize)> {
        let mut states = Vec::new();
        for mention in self.participants() {
            for &actor in &mention.actors {
                if self.actor_kind(actor) == ActorKind::State && !states.contains(&actor) {
                    states.push(actor);
                }
            }
        }
        (states.len() == 2).then(|| (states[0], states[1]))
    }

    fn subject_before(&self, offset: usize, kinds: &[ActorKind]) -> Option<usize> {
        let group = self.left_group(offset, |mention| {
            mention.actors.len() == 1 && kinds.contains(&self.actor_kind(mention.actors[0]))
        });
        group.first().map(|mention| mention.actors[0])
    }

    /// The first participant of the sentence: its grammatical subject, usually.
    fn sentence_subject(&self, before: usize, kinds: &[ActorKind]) -> Option<usize> {
        self.participants()
            .find(|mention| {
                mention.span.end <= before
                    && mention.actors.len() == 1
                    && kinds.contains(&self.actor_kind(mention.actors[0]))
            })
            .map(|mention| mention.actors[0])
    }

    fn mandate(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        let Some(subject) = self
            .subject_before(trigger.span.start, &[ActorKind::Person])
            .or_else(|| {
                self.subject_before(
                    trigger.span.start,
                    &[ActorKind::State, ActorKind::Organization],
                )
            })
        else {
            return Vec::new();
        };
        // Objects up to the purpose clause ("pour établir", "to build").
        let stop = self
            .word_after(trigger.span.end, &["pour", "afin", "to"], 30)
            .map(|index| self.ctx.tokens.tokens[index].span.start)
            .unwrap_or(self.span.end);
        let objects: Vec<usize> = self
            .participants()
            .filter(|mention| mention.span.start >= trigger.span.end && mention.span.end <= stop)
            .filter(|mention| mention.actors.len() == 1)
            .map(|mention| mention.actors[0])
            .filter(|&actor| {
                matches!(
                    self.actor_kind(actor),
                    ActorKind::Organization | ActorKind::Person
                )
            })
            .collect();
        let mut groups = Vec::new();
        for object in objects {
            if object != subject && !groups.iter().any(|g: &Vec<usize>| g[1] == object) {
                groups.push(vec![subject, object]);
            }
        }
        groups
    }

    /// The trigger's folded form, read from the document's folded text (a pattern
    /// match never starts or ends with white space, so it is `fold` of the original).
    fn trigger_text(&self, trigger: &TriggerHit) -> &str {
        &self.ctx.folded.text[trigger.folded.0..trigger.folded.1]
    }

    /// The actor after one of `words` following the trigger: the first named party
    /// within a few words ("par le néerlandais ASML" is ASML). When `demonyms` is set and
    /// no party is named, an adjective of nationality stands for its state
    /// ("investment in British data centres" goes to the United Kingdom).
    fn introduced_by(
        &self,
        trigger: &TriggerHit,
        words: &[&str],
        window: usize,
        kinds: &[ActorKind],
        demonyms: bool,
    ) -> Vec<usize> {
        let tokens = self.ctx.tokens;
        let Some(index) = self.word_after(trigger.span.start, words, window) else {
            return Vec::new();
        };
        let offset = tokens.tokens[index].span.end;
        let start = tokens.at(offset);
        let eligible: Vec<&ActorMention> = self
            .mentions
            .iter()
            .filter(|mention| mention.span.start >= offset)
            .filter(|mention| !self.is_nested(mention) && !self.is_possessor(mention))
            .filter(|mention| {
                mention.actors.iter().all(|&actor| {
                    let entry = &self.ctx.resolution.actors[actor];
                    kinds.contains(&entry.kind) && entry.subtype.as_deref() != Some("media")
                })
            })
            .collect();
        // Mentions come in text order: those within five tokens are a prefix.
        let near = |mention: &&&ActorMention| tokens.at(mention.span.start) <= start + 5;
        let named = eligible
            .iter()
            .take_while(near)
            .position(|mention| mention.form != Form::Demonym);
        let chosen = named.or_else(|| {
            eligible
                .iter()
                .take_while(near)
                .position(|mention| demonyms && mention.form == Form::Demonym)
        });
        let Some(chosen) = chosen else {
            return Vec::new();
        };
        // The names coordinated with the first: "auprès de Nvidia et de Microsoft",
        // "dirigée par A et B".
        let mut actors = eligible[chosen].actors.clone();
        let mut last = eligible[chosen];
        for &mention in &eligible[chosen + 1..] {
            if mention.form != last.form || !self.coordinated(last.span, mention.span) {
                break;
            }
            for &actor in &mention.actors {
                if !actors.contains(&actor) {
                    actors.push(actor);
                }
            }
            last = mention;
        }
        actors
    }

    fn investment(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        let funders = [ActorKind::State, ActorKind::Organization, ActorKind::Person];
        let recipients = [ActorKind::State, ActorKind::Organization];
        let trigger_text = self.trigger_text(trigger);
        let amount = ["milliard", "million", "billion"]
            .iter()
            .any(|word| trigger_text.contains(word));
        // Investors introduced by "par", "provenant du", "menée par", "by", "from".
        let mut investors = self.introduced_by(
            trigger,
            &["par", "by", "provenant", "aupres", "from"],
            16,
            &funders,
            false,
        );
        let from_agent = !investors.is_empty();
        if investors.is_empty() {
            // "Microsoft, Nvidia and Google pledged ... investment": the subject group.
            investors = self
                .left_group(trigger.span.start, |mention| {
                    mention.actors.len() == 1
                        && funders.contains(&self.actor_kind(mention.actors[0]))
                })
                .iter()
                .map(|mention| mention.actors[0])
                .collect();
        }
        // Where the money goes: "dans/en/in/into X" (or X's adjective), else a project
        // named just before an amount ("un projet appelé Stargate d'un montant de
        // 500 milliards"), else the sentence's subject when the investor came after
        // "par" ("La France ... soutenu par les Émirats").
        let mut recipient = self
            .introduced_by(
                trigger,
                &["dans", "en", "in", "into", "au", "aux"],
                14,
                &recipients,
                true,
            )
            .first()
            .copied();
        if recipient.is_none() && amount {
            let project = self
                .mentions
                .iter()
                .filter(|mention| {
                    mention.span.end <= trigger.span.start && mention.actors.len() == 1
                })
                .filter(|mention| self.actor_kind(mention.actors[0]) == ActorKind::Organization)
                .filter(|mention| self.token_distance(mention.span, trigger.span) <= 10)
                .filter(|mention| self.named_project(mention))
                .map(|mention| mention.actors[0])
                .next_back();
            if let Some(project) = project {
                recipient = Some(project);
                if !from_agent {
                    investors = self
                        .sentence_subject(trigger.span.start, &funders)
                        .filter(|&subject| subject != project)
                        .into_iter()
                        .collect();
                }
            }
        }
        if recipient.is_none() && from_agent {
            recipient = self.sentence_subject(trigger.span.start, &recipients);
        }
        let Some(recipient) = recipient else {
            return Vec::new();
        };
        investors
            .into_iter()
            .filter(|&investor| investor != recipient)
            .map(|investor| vec![investor, recipient])
            .collect()
    }

    /// "un projet appelé « Stargate »", "a project called Stargate".
    fn named_project(&self, mention: &ActorMention) -> bool {
        let tokens = self.ctx.tokens;
        let mut before = tokens.at(mention.span.start).saturating_sub(1);
        if tokens.norm(before) == "\"" {
            before = before.saturating_sub(1);
        }
        matches!(
            tokens.norm(before),
            "appele"
                | "appelee"
                | "baptise"
                | "baptisee"
                | "nomme"
                | "called"
                | "named"
                | "projet"
                | "project"
        )
    }

    fn membership(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        let tokens = self.ctx.tokens;
        let members = [ActorKind::State, ActorKind::Organization, ActorKind::Person];
        // Groups are organisations; an event co-chaired or joined is taken part in
        // (read() turns such memberships into participations).
        let is_group = |mention: &ActorMention| {
            mention.actors.len() == 1
                && matches!(
                    self.actor_kind(mention.actors[0]),
                    ActorKind::Organization | ActorKind::Event
                )
        };
        let is_member = |mention: &ActorMention| {
            mention.actors.len() == 1 && members.contains(&self.actor_kind(mention.actors[0]))
        };
        let trigger_text = self.trigger_text(trigger);
        let next_word = tokens.norm(tokens.at(trigger.span.end));
        let agent_in_trigger = trigger_text.ends_with(" par") || trigger_text.ends_with(" by");
        if agent_in_trigger || matches!(next_word, "par" | "by") {
            // "co-présidé par A et B", "lancé par la France": the group comes before.
            let group = self.left_group(trigger.span.start, is_group);
            let Some(group) = group.last().map(|mention| mention.actors[0]) else {
                return Vec::new();
            };
            let offset = if agent_in_trigger {
                trigger.span.end
            } else {
                tokens.tokens[tokens.at(trigger.span.end)].span.end
            };
            return self
                .right_group(offset, 3, is_member)
                .iter()
                .map(|mention| vec![mention.actors[0], group])
                .collect();
        }
        // "rejoindre le Partenariat mondial", "co-président du Groupe", "membre de
        // l'OTAN", "the G7 presidency" (the group just before the trigger).
        let group = self
            .right_group(trigger.span.end, 6, is_group)
            .first()
            .map(|mention| mention.actors[0])
            .or_else(|| {
                self.mentions
                    .iter()
                    .filter(|mention| is_group(mention))
                    .find(|mention| {
                        self.token_distance(mention.span, trigger.span) == 0
                            && mention.span.end <= trigger.span.start
                    })
                    .map(|mention| mention.actors[0])
            });
        let Some(group) = group else {
            return Vec::new();
        };
        // Founding verbs ("launch", "lancer") make members of international bodies only:
        // "launched ChatGPT" or "a lancé un projet" found no membership.
        if ["launch", "lancer", "lance", "lancent", "creer", "create"]
            .iter()
            .any(|verb| trigger_text.starts_with(verb))
        {
            let subtype = self.ctx.resolution.actors[group].subtype.as_deref();
            if !matches!(subtype, Some("international_org" | "group")) {
                return Vec::new();
            }
        }
        // Every member of a coordinated subject: "L'Inde et la France coprésideront le
        // sommet", "Spain and Portugal joined the partnership".
        let mut subjects: Vec<usize> = self
            .left_group(trigger.span.start, |mention| {
                mention.actors.len() == 1
                    && mention.actors[0] != group
                    && matches!(
                        self.actor_kind(mention.actors[0]),
                        ActorKind::State | ActorKind::Organization
                    )
            })
            .iter()
            .map(|mention| mention.actors[0])
            .collect();
        if subjects.is_empty() {
            subjects.extend(self.sentence_subject(trigger.span.start, &members));
        }
        subjects.retain(|&subject| subject != group);
        subjects.dedup();
        let Some(&member) = subjects.first() else {
            return Vec::new();
        };
        let mut groups: Vec<Vec<usize>> = subjects
            .iter()
            .map(|&subject| vec![subject, group])
            .collect();
        // "a coprésidé le sommet de Paris avec l'Inde": the partner holds it too.
        let co_chair = ["copresid", "co-presid", "co-chair", "cochair"]
            .iter()
            .any(|stem| trigger_text.starts_with(stem));
        if co_chair && let Some(with) = self.word_after(trigger.span.end, &["avec", "with"], 10) {
            let offset = tokens.tokens[with].span.end;
            for mention in self.right_group(offset, 3, is_member) {
                let partner = mention.actors[0];
                if partner != member && partner != group && !subjects.contains(&partner) {
                    groups.push(vec![partner, group]);
                }
            }
        }
        groups
    }

    /// "la jeune pousse dirigée par Arthur Mensch", "chaired by Crown Prince X": a person
    /// after the agent word leads the organisation before it.
    fn affiliation(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        let people = self.introduced_by(trigger, &["par", "by"], 6, &[ActorKind::Person], false);
        let people = if people.is_empty() {
            self.right_group(trigger.span.end, 4, |mention| {
                mention.actors.len() == 1 && self.actor_kind(mention.actors[0]) == ActorKind::Person
            })
            .iter()
            .map(|mention| mention.actors[0])
            .collect()
        } else {
            people
        };
        let organisation = self
            .mentions
            .iter()
            .filter(|mention| mention.span.end <= trigger.span.start && mention.actors.len() == 1)
            .filter(|mention| self.actor_kind(mention.actors[0]) == ActorKind::Organization)
            .map(|mention| mention.actors[0])
            .next_back();
        let Some(organisation) = organisation else {
            return Vec::new();
        };
        people
            .into_iter()
            .map(|person| vec![person, organisation])
            .collect()
    }

    fn event_in_sentence(&self) -> Option<usize> {
        self.mentions
            .iter()
            .filter(|mention| mention.actors.len() == 1)
            .map(|mention| mention.actors[0])
            .find(|&actor| self.actor_kind(actor) == ActorKind::Event)
    }

    fn participation(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        // "X sera représenté par Y" speaks of the event under way; "participer à" names
        // its event in the sentence.
        let trigger_text =
            crate::mention::fold(&self.ctx.text[trigger.span.start..trigger.span.end]);
        let representation = trigger_text.starts_with("represent");
        let event = match self.event_in_sentence() {
            Some(event) => event,
            None if representation => match self.last_event_before() {
                Some(event) => event,
                None => return Vec::new(),
            },
            None => return Vec::new(),
        };
        let tokens = self.ctx.tokens;
        // Offices named in appositions ("responsables ... à la Maison Blanche") are where
        // people work, not who takes part.
        let offices: Vec<(usize, Span)> = self
            .ctx
            .resolution
            .roles
            .iter()
            .filter(|fact| fact.sentence == self.sentence)
            .map(|fact| (fact.of, fact.evidence))
            .collect();
        let mut groups = Vec::new();
        for mention in self.participants() {
            if mention.form == Form::Title {
                // "représentés par le vice-président américain": the state takes part;
                // the unnamed holder is not reported.
                let mut before = tokens.at(mention.span.start).saturating_sub(1);
                while before > 0 && matches!(tokens.norm(before), "le" | "la" | "l" | "'" | "the") {
                    before -= 1;
                }
                if matches!(
                    tokens.norm(before),
                    "par" | "by" | "son" | "sa" | "leur" | "its"
                ) {
                    continue;
                }
            }
            for &actor in &mention.actors {
                if offices
                    .iter()
                    .any(|(of, evidence)| *of == actor && evidence.contains(mention.span))
                {
                    continue;
                }
                if actor != event
                    && matches!(
                        self.actor_kind(actor),
                        ActorKind::State | ActorKind::Organization | ActorKind::Person
                    )
                    && !groups.iter().any(|g: &Vec<usize>| g[0] == actor)
                {
                    groups.push(vec![actor, event]);
                }
            }
        }
        let _ = trigger;
        groups
    }

    fn last_event_before(&self) -> Option<usize> {
        self.ctx
            .resolution
            .mentions
            .iter()
            .filter(|mention| mention.span.end <= self.span.start && mention.actors.len() == 1)
            .map(|mention| mention.actors[0])
            .rfind(|&actor| self.actor_kind(actor) == ActorKind::Event)
    }

    fn restriction(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        let restrictors = [ActorKind::State, ActorKind::Organization];
        // "X limitent les exportations vers Y et menacent d'interdire Z": the subject of
        // the coordinated verbs is the sentence's first party.
        let Some(subject) = self
            .sentence_subject(trigger.span.start, &restrictors)
            .or_else(|| self.subject_before(trigger.span.start, &restrictors))
        else {
            return Vec::new();
        };
        // "export controls on chips to the UAE and Saudi Arabia": every coordinated target.
        let first_target = self
            .participants()
            .filter(|mention| mention.span.start >= trigger.span.end && mention.actors.len() == 1)
            .find(|mention| {
                let actor = mention.actors[0];
                actor != subject
                    && matches!(
                        self.actor_kind(actor),
                        ActorKind::State | ActorKind::Organization
                    )
            })
            .map(|mention| mention.span.start);
        if let Some(start) = first_target {
            return self
                .right_group(start, 0, |mention| {
                    mention.actors.len() == 1
                        && mention.actors[0] != subject
                        && matches!(
                            self.actor_kind(mention.actors[0]),
                            ActorKind::State | ActorKind::Organization
                        )
                })
                .iter()
                .map(|mention| vec![subject, mention.actors[0]])
                .collect();
        }
        let target: Option<usize> = None;
        // "a ajouté plusieurs entreprises, dont X, à sa liste noire": the target sits
        // between the subject and the trigger.
        let target = target.or_else(|| {
            self.participants()
                .filter(|mention| {
                    mention.span.end <= trigger.span.start && mention.actors.len() == 1
                })
                .map(|mention| mention.actors[0])
                .filter(|&actor| {
                    actor != subject
                        && matches!(
                            self.actor_kind(actor),
                            ActorKind::State | ActorKind::Organization
                        )
                })
                .last()
        });
        match target {
            Some(target) => vec![vec![subject, target]],
            None => Vec::new(),
        }
    }

    /// The status from the cues nearest the trigger, and whether that cue reports news.
    /// The status from the cues nearest the trigger; whether it reports news (which
    /// dates the relation by publication when the text gives no date); whether a cue
    /// gave it.
    fn status(&self, trigger: &TriggerHit) -> (Status, bool, bool) {
        if self.negated(trigger.span) {
            return (Status::Denied, true, true);
        }
        let tokens = self.ctx.tokens;
        let trigger_token = tokens.at(trigger.span.start);
        let outside = |cue: &&CueHit| {
            !(cue.span.start < trigger.span.end && trigger.span.start < cue.span.end)
        };
        let before = self
            .cues
            .iter()
            .filter(outside)
            .filter(|cue| cue.span.end <= trigger.span.start)
            // "son désir de rejoindre le partenariat ... lancé par la France": the wish
            // is about joining, not about the launch.
            .filter(|cue| {
                !self.triggers.iter().any(|other| {
                    other.span.start >= cue.span.end && other.span.end <= trigger.span.start
                })
            })
            .filter(|_| !self.is_passive(trigger))
            .rfind(|cue| {
                let from = tokens.at(cue.span.end).min(trigger_token);
                (from..trigger_token)
                    .filter(|&index| tokens.tokens[index].is_word)
                    .count()
                    <= 12
            });
        // "Les négociations entre le Japon et la Corée se poursuivent": in French the
        // verb follows the noun phrase and its complements.
        let after = self.cues.iter().filter(outside).find(|cue| {
            let (from, to) = (tokens.at(trigger.span.end), tokens.at(cue.span.start));
            cue.span.start >= trigger.span.end
                && (from..to)
                    .filter(|&index| tokens.tokens[index].is_word)
                    .count()
                    <= 10
                && (to - from <= 4
                    || (from..to)
                        .all(|index| tokens.tokens[index].is_word || tokens.norm(index) == "'"))
                && !self.triggers.iter().any(|other| {
                    other.span.start >= trigger.span.end && other.span.end <= cue.span.start
                })
        });
        match before.or(after) {
            Some(cue) => {
                // Beginnings are news: "ont entamé des discussions", "began talks".
                // The cue as folded for matching, not folded again (callgrind, 1,000
                // generated articles: 623.7 M -> 619.9 M instructions for the pipeline).
                let text = &self.ctx.folded.text[cue.folded.0..cue.folded.1];
                let inception = ["entam", "began", "begin", "open", "launch", "lanc"]
                    .iter()
                    .any(|stem| text.starts_with(stem));
                let news =
                    !matches!(cue.status, Status::Established | Status::Ongoing) || inception;
                (cue.status, news, true)
            }
            // Rivalries and restrictions are stated as states of affairs that go on.
            None if matches!(
                trigger.kind,
                RelationKind::Rivalry | RelationKind::Restriction
            ) =>
            {
                (Status::Ongoing, false, false)
            }
            // A verb in the future ("organisera", "accueilleront") announces.
            None if {
                let text = self.trigger_text(trigger);
                let last = text.rsplit(' ').next().unwrap_or("");
                last.len() > 5
                    && ["era", "eront", "ira", "iront"]
                        .iter()
                        .any(|end| last.ends_with(end))
            } =>
            {
                (Status::Announced, true, false)
            }
            // A trigger that is itself an announcement ("pledged", "a signé") gives
            // its status; a passive agent ("lancé par la France") describes the thing.
            None if trigger.is_event
                && !self.trigger_text(trigger).ends_with(" par")
                && !self.trigger_text(trigger).ends_with(" by") =>
            {
                (Status::Announced, true, false)
            }
            None => (Status::Established, false, false),
        }
    }

    /// "co-présidé par", "lancé par", "backed by": a participle with its agent
    /// describes a standing fact; a cue before it speaks of something else.
    fn is_passive(&self, trigger: &TriggerHit) -> bool {
        let text = self.trigger_text(trigger);
        let tokens = self.ctx.tokens;
        let with_agent = text.ends_with(" par")
            || text.ends_with(" by")
            || matches!(tokens.norm(tokens.at(trigger.span.end)), "par" | "by");
        // "seront représentés par" has its own auxiliary: a clause, not a description.
        let before = tokens.at(trigger.span.start).saturating_sub(1);
        let auxiliary = matches!(
            tokens.norm(before),
            "est"
                | "sont"
                | "a"
                | "ont"
                | "ete"
                | "sera"
                | "seront"
                | "etait"
                | "etaient"
                | "was"
                | "were"
                | "is"
                | "are"
                | "been"
                | "be"
                | "will"
                | "has"
                | "have"
        );
        with_agent && !auxiliary
    }

    fn negated(&self, trigger: Span) -> bool {
        let tokens = self.ctx.tokens;
        let trigger_token = tokens.at(trigger.start);
        let start = trigger_token.saturating_sub(8);
        for index in start..trigger_token {
            if tokens.tokens[index].sentence != self.sentence {
                continue;
            }
            let norm = tokens.norm(index);
            if matches!(norm, "ne" | "n") {
                let negative = (index + 1..trigger_token + 1).any(|next| {
                    matches!(
                        tokens.norm(next),
                        "pas" | "plus" | "jamais" | "aucun" | "aucune" | "guere"
                    )
                });
                if negative {
                    return true;
                }
            }
            if matches!(norm, "not" | "never" | "no") && trigger_token - index <= 4 {
                return true;
            }
        }
        self.cues.iter().any(|cue| {
            cue.status == Status::Denied
                && cue.span.end <= trigger.start
                && trigger_token - tokens.at(cue.span.end).min(trigger_token) <= 6
        })
    }

    fn date(
        &self,
        trigger: &TriggerHit,
        participants: &[usize],
        status: Status,
        reports_news: bool,
    ) -> (Option<DateValue>, DateSource) {
        // The time expression nearest the trigger.
        if let Some((_, value)) = self
            .dates()
            .iter()
            .min_by_key(|(span, _)| self.token_distance(*span, trigger.span))
        {
            return (Some(*value), DateSource::Text);
        }
        if (trigger.kind == RelationKind::Participation
            || participants
                .iter()
                .any(|&actor| self.actor_kind(actor) == ActorKind::Event))
            && let Some(date) = participants
                .iter()
                .find_map(|&actor| self.ctx.resolution.actors[actor].date)
        {
            return (Some(date), DateSource::Event);
        }
        let is_news = reports_news
            || matches!(
                status,
                Status::Announced | Status::Proposed | Status::Intended
            )
            || matches!(
                trigger.kind,
                RelationKind::Mandate | RelationKind::Investment
            );
        match (is_news, self.ctx.published) {
            (true, Some(published)) => (Some(published), DateSource::Publication),
            _ => (None, DateSource::None),
        }
    }

    /// The smallest span of the sentence holding the trigger and the participants
    /// mentioned in it.
    fn evidence(&self, trigger: Span, participants: &[usize]) -> Span {
        let mut start = trigger.start;
        let mut end = trigger.end;
        for &actor in participants {
            if let Some(mention) = self
                .mentions
                .iter()
                .filter(|mention| mention.actors.contains(&actor))
                .min_by_key(|mention| self.token_distance(mention.span, trigger))
            {
                start = start.min(mention.span.start);
                end = end.max(mention.span.end);
            }
        }
        Span::new(start, end)
    }

    /// Roles and affiliations read from appositions in this sentence, and "Sam Altman
    /// d'OpenAI".
    fn roles(&self) -> Vec<Relation> {
        let actors = &self.ctx.resolution.actors;
        let mut relations = Vec::new();
        let kind_of = |of: usize| {
            let actor = &actors[of];
            if actor.kind == ActorKind::State || actor.subtype.as_deref() == Some("government_body")
            {
                RelationKind::Role
            } else {
                RelationKind::Affiliation
            }
        };
        for fact in self.roles {
            relations.push(Relation {
                kind: kind_of(fact.of),
                participants: vec![fact.person, fact.of],
                date: None,
                status: Status::Established,
                evidence: fact.evidence,
                sentence: self.sentence,
                date_source: DateSource::None,
                cued: false,
            });
        }
        let tokens = self.ctx.tokens;
        for pair in self.mentions.windows(2) {
            let (person, org) = (&pair[0], &pair[1]);
            let ([person_actor], [org_actor]) = (&person.actors[..], &org.actors[..]) else {
                continue;
            };
            if actors[*person_actor].kind != ActorKind::Person
                || actors[*org_actor].kind != ActorKind::Organization
                || person.form == Form::Title
            {
                continue;
            }
            let between: Vec<&str> = (tokens.at(person.span.end)..tokens.at(org.span.start))
                .map(|index| tokens.norm(index))
                .collect();
            if matches!(between.as_slice(), ["d", "'"] | ["de"] | ["of"] | ["from"]) {
                relations.push(Relation {
                    kind: kind_of(*org_actor),
                    participants: vec![*person_actor, *org_actor],
                    date: None,
                    status: Status::Established,
                    evidence: Span::new(person.span.start, org.span.end),
                    sentence: self.sentence,
                    date_source: DateSource::None,
                    cued: false,
                });
            }
        }
        relations
    }
}

fn pairs(actors: &[usize]) -> Vec<Vec<usize>> {
    let mut pairs = Vec::new();
    for (index, &first) in actors.iter().enumerate() {
        for &second in &actors[index + 1..] {
            pairs.push(vec![first, second]);
        }
    }
    pairs
}

/// One relation per type and participants in a document, unless two reports give it
/// different dates from the text itself (two rounds of talks). The first report keeps
/// its status and evidence; the most specific date wins.
///
/// Each merged relation's key (type, participants in order for directed types, sorted
/// otherwise) is kept in one flat vector, and relations with one type and hash of their
/// key are chained in the order they were merged: keyed by the participants' own
/// vector, with a vector of indices per key, the merge made three allocations per
/// relation and grew its vectors from empty (callgrind, `extract` on 1,000 generated
/// articles: 295.7 M -> 293.8 M instructions).
fn merge(relations: Vec<Relation>) -> Vec<Relation> {
    const NONE: usize = usize::MAX;
    let mut merged: Vec<Relation> = Vec::with_capacity(relations.len());
    // Per merged relation: its key's range in `keys`, and the next one in its chain.
    let mut key_ranges: Vec<(usize, usize)> = Vec::with_capacity(relations.len());
    let mut next_in_chain: Vec<usize> = Vec::with_capacity(relations.len());
    let mut keys: Vec<usize> = Vec::with_capacity(relations.len() * 2);
    // The first merged relation of each type and key hash.
    let mut chains: HashMap<(RelationKind, u64), usize> =
        HashMap::with_capacity_and_hasher(relations.len(), Default::default());
    for relation in relations {
        let start = keys.len();
        keys.extend_from_slice(&relation.participants);
        if !relation.kind.is_directed() {
            keys[start..].sort_unstable();
        }
        let key = &keys[start..];
        let hash = std::hash::BuildHasher::hash_one(&rustc_hash::FxBuildHasher, key);
        let first = chains.get(&(relation.kind, hash)).copied();
        let mut same = None;
        let mut last = NONE;
        let mut cursor = first.unwrap_or(NONE);
        while cursor != NONE {
            let (key_start, key_end) = key_ranges[cursor];
            let existing: &Relation = &merged[cursor];
            if keys[key_start..key_end] == *key
                && !(existing.date_source == DateSource::Text
                    && relation.date_source == DateSource::Text
                    && existing.date != relation.date)
            {
                same = Some(cursor);
                break;
            }
            last = cursor;
            cursor = next_in_chain[cursor];
        }
        match same {
            Some(index) => {
                keys.truncate(start);
                // A report that dates the relation from the text (the body, not the
                // headline) is the better one: it brings its status and evidence too.
                let existing = &mut merged[index];
                let better_status =
                    relation.date_source == existing.date_source && relation.cued && !existing.cued;
                if relation.date_source > existing.date_source || better_status {
                    *existing = relation;
                }
            }
            None => {
                let index = merged.len();
                if first.is_some() {
                    // The walk went through the whole chain: `last` is its end.
                    next_in_chain[last] = index;
                } else {
                    chains.insert((relation.kind, hash), index);
                }
                key_ranges.push((start, keys.len()));
                next_in_chain.push(NONE);
                merged.push(relation);
            }
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Day;

    /// The merge as it was written first, with the participants' vector as the key:
    /// the oracle of `merge`.
    fn merge_by_vector_keys(relations: Vec<Relation>) -> Vec<Relation> {
        let mut merged: Vec<Relation> = Vec::new();
        let mut by_key: HashMap<(RelationKind, Vec<usize>), Vec<usize>> = HashMap::default();
        for relation in relations {
            let mut participants = relation.participants.clone();
            if !relation.kind.is_directed() {
                participants.sort_unstable();
            }
            let indices = by_key.entry((relation.kind, participants)).or_default();
            let same = indices.iter().copied().find(|&index| {
                let existing: &Relation = &merged[index];
                !(existing.date_source == DateSource::Text
                    && relation.date_source == DateSource::Text
                    && existing.date != relation.date)
            });
            match same {
                Some(index) => {
                    let existing = &mut merged[index];
                    let better_status = relation.date_source == existing.date_source
                        && relation.cued
                        && !existing.cued;
                    if relation.date_source > existing.date_source || better_status {
                        *existing = relation;
                    }
                }
                None => {
                    indices.push(merged.len());
                    merged.push(relation);
                }
            }
        }
        merged
    }

    proptest::proptest! {
        /// `merge` keeps the relations, and the reports of each, that merging by the
        /// participants' own vectors kept: directed and undirected types, participants
        /// in either order, dates from the text that differ, better statuses.
        #[test]
        fn merge_agrees_with_merging_by_vector_keys(
            reports in proptest::collection::vec(
                (0usize..3, proptest::collection::vec(0usize..4, 1..4), 0usize..4, 0u32..3, proptest::bool::ANY, 0usize..50),
                0..24,
            ),
        ) {
            let kinds = [RelationKind::Partnership, RelationKind::Membership, RelationKind::Investment];
            let sources = [DateSource::None, DateSource::Publication, DateSource::Event, DateSource::Text];
            let relations: Vec<Relation> = reports
                .into_iter()
                .map(|(kind, participants, source, day, cued, at)| Relation {
                    kind: kinds[kind],
                    participants,
                    date: Day::new(2025, 2, day + 10).map(DateValue::Day),
                    status: if cued { Status::Announced } else { Status::Ongoing },
                    evidence: Span::new(at, at + 5),
                    sentence: at / 10,
                    date_source: sources[source],
                    cued,
                })
                .collect();
            proptest::prop_assert_eq!(merge(relations.clone()), merge_by_vector_keys(relations));
        }
    }

    proptest::proptest! {
        /// `Reach` answers as testing every span would, nested and touching spans
        /// included.
        #[test]
        fn reach_agrees_with_a_scan_of_every_span(
            spans in proptest::collection::vec((0usize..40, 0usize..8), 0..12),
            probes in proptest::collection::vec((0usize..40, 0usize..8), 1..12),
        ) {
            let spans: Vec<Span> = spans.into_iter().map(|(start, len)| Span::new(start, start + len)).collect();
            let reach = Reach::new(spans.clone());
            for (start, len) in probes {
                let probe = Span::new(start, start + len);
                proptest::prop_assert_eq!(reach.contains(probe), spans.iter().any(|span| span.contains(probe)), "{:?}", probe);
                let overlaps = spans.iter().any(|span| span.start < probe.end && probe.start < span.end);
                proptest::prop_assert_eq!(reach.overlaps(probe), overlaps, "{:?}", probe);
            }
        }
    }

    proptest::proptest! {
        /// `contained_in_another` answers as testing every other span would, for spans
        /// sorted as a sentence's mentions are, equal and touching ones included.
        #[test]
        fn containment_agrees_with_a_scan_of_the_other_spans(
            spans in proptest::collection::vec((0usize..30, 0usize..8), 1..14),
        ) {
            let mut spans: Vec<Span> = spans.into_iter().map(|(start, len)| Span::new(start, start + len)).collect();
            spans.sort_by_key(|span| (span.start, span.end));
            let max_end = max_ends(&spans, |span| *span);
            for &probe in &spans {
                let scanned = spans.iter().any(|other| *other != probe && other.contains(probe));
                proptest::prop_assert_eq!(contained_in_another(&spans, &max_end, probe, |span| *span), scanned, "{:?}", probe);
            }
        }
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
