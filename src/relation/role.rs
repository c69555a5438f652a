//! Roles and affiliations: appositions the resolver read ("le ministre X"), "dirigée
//! par X", and "Sam Altman d'OpenAI".

use super::reader::SentenceReader;
use super::{Context, DateSource, Relation, TriggerHit};
use crate::model::{ActorKind, DateValue, RelationKind, Span, Status, Subtype};
use crate::resolve::{ActorMention, Form};
use crate::words::WordClass;

impl SentenceReader<'_, '_> {
    /// "la jeune pousse dirigée par Arthur Mensch", "chaired by Crown Prince X": a person
    /// after the agent word leads the organisation before it.
    pub(super) fn affiliation(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        if trigger.features.object {
            return self.led_by_subject(trigger);
        }
        let people = self.introduced_by(trigger, WordClass::Agent, 6, &[ActorKind::Person], false);
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

    /// "X, who heads Zentrix Labs", "X, qui dirige le fonds", "X, à la tête de
    /// Zentrix": the person named right before the trigger (a comma between at most)
    /// leads the body or state named right after it.
    fn led_by_subject(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        let tokens = self.ctx.tokens;
        let start = tokens.at(trigger.span.start);
        let person = self
            .mentions
            .iter()
            .rfind(|mention| mention.span.end <= trigger.span.start && mention.actors.len() == 1)
            .filter(|mention| {
                let end = tokens.at(mention.span.end);
                self.actor_kind(mention.actors[0]) == ActorKind::Person
                    && (end..start).all(|index| tokens.norm(index) == ",")
                    && start - end <= 1
            })
            .map(|mention| mention.actors[0]);
        let led = self
            .right_group(trigger.span.end, 3, |mention| {
                mention.actors.len() == 1
                    && matches!(
                        self.actor_kind(mention.actors[0]),
                        ActorKind::Organization | ActorKind::State
                    )
            })
            .first()
            .map(|mention| mention.actors[0]);
        match (person, led) {
            (Some(person), Some(led)) => vec![vec![person, led]],
            _ => Vec::new(),
        }
    }

    /// Roles and affiliations read from appositions in this sentence, and "Sam Altman
    /// d'OpenAI".
    pub(super) fn roles(&self) -> Vec<Relation> {
        let actors = &self.ctx.resolution.actors;
        let mut relations = Vec::new();
        let kind_of = |of: usize| {
            let actor = &actors[of];
            if actor.kind == ActorKind::State || actor.subtype == Some(Subtype::GovernmentBody) {
                RelationKind::Role
            } else {
                RelationKind::Affiliation
            }
        };
        // An office or post held, undated: a role in a state or its bodies, else an
        // affiliation.
        let held = |person: usize, of: usize, evidence: Span| Relation {
            kind: kind_of(of),
            participants: vec![person, of],
            date: None,
            status: Status::Established,
            evidence,
            sentence: self.sentence,
            date_source: DateSource::None,
            cued: false,
        };
        for fact in self.roles {
            relations.push(held(fact.person, fact.of, fact.evidence));
        }
        let tokens = self.ctx.tokens;
        for pair in self.mentions.windows(2) {
            // "Microsoft's Brad Smith": a named person right after a possessive body (not
            // a state's: "India's X" may hold no office there).
            let (owner, named) = (&pair[0], &pair[1]);
            if let ([owner_actor], [named_actor]) = (&owner.actors[..], &named.actors[..])
                && actors[*named_actor].kind == ActorKind::Person
                && actors[*named_actor].named
                && named.form == Form::Name
                && actors[*owner_actor].kind == ActorKind::Organization
                && owner.form == Form::Name
                && self.possessed_at(owner) == Some(tokens.at(named.span.start))
            {
                let evidence = Span::new(owner.span.start, named.span.end);
                relations.push(held(*named_actor, *owner_actor, evidence));
            }
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
            // "Sam Altman d'OpenAI", "de", "of", "from": one origin word between them.
            let (from, to) = (tokens.at(person.span.end), tokens.at(org.span.start));
            let of_origin = match to.checked_sub(from) {
                Some(1) => self.word_is(from, WordClass::Origin),
                Some(2) => {
                    self.word_is(from, WordClass::OriginElided) && tokens.norm(from + 1) == "'"
                }
                _ => false,
            };
            if of_origin {
                let evidence = Span::new(person.span.start, org.span.end);
                relations.push(held(*person_actor, *org_actor, evidence));
            }
        }
        relations
    }
}

/// The office each person the lexicon knows held on the publication date, in an
/// actor the document names: "le président Macron" or "Macron" in an article of
/// 2025 is a role in France. The first mention of the person is the evidence.
pub(super) fn offices_held(ctx: &Context<'_>) -> Vec<Relation> {
    let Some(day) = ctx.published.and_then(DateValue::reference_day) else {
        return Vec::new();
    };
    let actors = &ctx.resolution.actors;
    // Each actor's first mention but a title, in one pass over the mentions.
    let mut first_mention: Vec<Option<&ActorMention>> = vec![None; actors.len()];
    for mention in &ctx.resolution.mentions {
        if mention.form == Form::Title {
            continue;
        }
        for &actor in &mention.actors {
            first_mention[actor].get_or_insert(mention);
        }
    }
    let mut relations = Vec::new();
    for (person, actor) in actors.iter().enumerate() {
        let Some(person_idx) = actor
            .lexicon
            .filter(|_| actor.kind == ActorKind::Person && actor.named)
        else {
            continue;
        };
        let Some(mention) = first_mention[person] else {
            continue;
        };
        let held = ctx
            .lexicon
            .roles_of(person_idx)
            .filter(|role| role.held_on(day));
        for role in held {
            let Some(of) = actors
                .iter()
                .position(|other| other.lexicon == Some(role.of))
            else {
                continue;
            };
            let kind = if actors[of].kind == ActorKind::State
                || actors[of].subtype == Some(Subtype::GovernmentBody)
            {
                RelationKind::Role
            } else {
                RelationKind::Affiliation
            };
            relations.push(Relation {
                kind,
                participants: vec![person, of],
                date: None,
                status: Status::Established,
                evidence: mention.span,
                sentence: mention.sentence,
                date_source: DateSource::None,
                cued: false,
            });
        }
    }
    relations
}
