//! Membership: joining, founding and co-chairing groups; with a passive agent ("lancé
//! par la France") the group comes first and the members after.

use super::TriggerHit;
use super::reader::SentenceReader;
use crate::model::{ActorKind, Subtype};
use crate::resolve::{ActorMention, Form};
use crate::words::WordClass;

/// What can be a member: states, organisations and people.
const MEMBERS: [ActorKind; 3] = [ActorKind::State, ActorKind::Organization, ActorKind::Person];

impl SentenceReader<'_, '_> {
    pub(super) fn membership(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        let tokens = self.ctx.tokens;
        if trigger.features.roster
            && let Some(groups) = self.roster(trigger)
        {
            return groups;
        }
        let agent_in_trigger = trigger.features.agent;
        if agent_in_trigger || self.word_is(tokens.at(trigger.span.end), WordClass::Agent) {
            return self.members_by_agent(trigger);
        }
        // "EU member states", "les États membres de l'UE": members the text does not
        // name.
        let first = tokens.at(trigger.span.start);
        let last = tokens.at(trigger.span.end).saturating_sub(1);
        if self.word_is(last + 1, WordClass::PolityNoun)
            || (first > 0 && self.word_is(first - 1, WordClass::PolityNoun))
        {
            return Vec::new();
        }
        let Some(group) = self.group_joined(trigger) else {
            return Vec::new();
        };
        if trigger.features.document && !self.is_document(group) {
            return Vec::new();
        }
        // Founding verbs ("launch", "lancer") make members of international bodies only:
        // "launched ChatGPT" or "a lancé un projet" found no membership.
        if trigger.features.founding {
            let subtype = self.ctx.resolution.actors[group].subtype;
            if !matches!(subtype, Some(Subtype::InternationalOrg | Subtype::Group)) {
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
        // "Both countries are members of BRICS".
        if subjects.is_empty()
            && let Some((a, b)) = self.both_before(trigger.span.start)
        {
            subjects.extend([a, b]);
        }
        if subjects.is_empty() {
            subjects.extend(self.sentence_subject(trigger.span.start, &MEMBERS));
        }
        // "As members of the DCO, Peru and Chile pledged ...", "En tant que membres de
        // l'OCN, le Pérou et le Chili ...": fronted, the members are the subject after
        // the comma that closes the phrase.
        if subjects.is_empty() {
            subjects.extend(self.subject_after_fronted(trigger));
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
        // "signed the Lima Declaration alongside Peru and Chile": they sign it too.
        for partner in self.co_agents(trigger, |mention| self.is_member(mention)) {
            if partner != group && !groups.iter().any(|pair| pair[0] == partner) {
                groups.push(vec![partner, group]);
            }
        }
        // "a coprésidé le sommet de Paris avec l'Inde": the partner holds it too.
        if trigger.features.co_chair
            && let Some(with) = self.word_after(trigger.span.end, WordClass::Comitative, 10)
        {
            let offset = tokens.tokens[with].span.end;
            for mention in self.right_group(offset, 3, |mention| self.is_member(mention)) {
                let partner = mention.actors[0];
                if partner != member && partner != group && !subjects.contains(&partner) {
                    groups.push(vec![partner, group]);
                }
            }
        }
        groups
    }

    /// The subject group after the comma that closes a phrase the trigger opens at the
    /// head of the sentence (within its first four tokens; the comma within twelve).
    fn subject_after_fronted(&self, trigger: &TriggerHit) -> Vec<usize> {
        let tokens = self.ctx.tokens;
        let Some(comma) = self.fronted_comma(trigger, 3) else {
            return Vec::new();
        };
        self.right_group(tokens.tokens[comma].span.end, 3, |mention| {
            mention.actors.len() == 1
                && matches!(
                    self.actor_kind(mention.actors[0]),
                    ActorKind::State | ActorKind::Organization
                )
        })
        .iter()
        .map(|mention| mention.actors[0])
        .collect()
    }

    /// Groups are organisations; an event co-chaired or joined is taken part in
    /// (`read` turns such memberships into participations).
    /// A body or event one may belong to or take a seat in; not a firm: "Chile joined
    /// Oracle to train students" joins a firm in a venture, no group.
    fn is_group(&self, mention: &ActorMention) -> bool {
        mention.actors.len() == 1
            && matches!(
                self.actor_kind(mention.actors[0]),
                ActorKind::Organization | ActorKind::Event
            )
            && self.ctx.resolution.actors[mention.actors[0]].subtype != Some(Subtype::Company)
    }

    /// Whether the actor's name holds a document head word ("Paris Declaration on
    /// AI", "Charte de ...").
    pub(super) fn is_document(&self, actor: usize) -> bool {
        let actor = &self.ctx.resolution.actors[actor];
        actor.kind == ActorKind::Organization
            && crate::fold::any_folded_word(&actor.name, |word| {
                self.words().is(word, WordClass::DocumentHead)
            })
    }

    /// "BRICS members Brazil, Russia and India", "the Quad, which includes Japan",
    /// "the DCO, whose members include Kuwait", "l'OCN, dont les membres comprennent le
    /// Koweït": a group named right before the trigger (a comma, a relative pronoun and
    /// a plural article may come between), its members the list right after it.
    fn roster(&self, trigger: &TriggerHit) -> Option<Vec<Vec<usize>>> {
        let tokens = self.ctx.tokens;
        let first = tokens.at(trigger.span.start);
        let group = self
            .mentions
            .iter()
            // Not a pronoun: "It comprises Australia, ..." may stand for a group the
            // sentence before describes and does not name.
            .filter(|mention| {
                self.is_group(mention)
                    && mention.form != Form::Anaphor
                    && mention.span.end <= trigger.span.start
            })
            .rfind(|mention| {
                let end = tokens.at(mention.span.end);
                first - end <= 3
                    && (end..first).all(|at| {
                        tokens.norm(at) == ","
                            || self.word_is(at, WordClass::RelativePronoun)
                            || self.word_is(at, WordClass::PluralArticle)
                    })
            })?
            .actors[0];
        let members: Vec<Vec<usize>> = self
            .right_group(trigger.span.end, 4, |mention| {
                self.is_member(mention) && mention.actors[0] != group
            })
            .iter()
            .map(|mention| vec![mention.actors[0], group])
            .collect();
        (!members.is_empty()).then_some(members)
    }

    pub(super) fn is_member(&self, mention: &ActorMention) -> bool {
        mention.actors.len() == 1 && MEMBERS.contains(&self.actor_kind(mention.actors[0]))
    }

    /// "co-présidé par A et B", "lancé par la France": the group comes before, its
    /// members after the agent word.
    fn members_by_agent(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        let tokens = self.ctx.tokens;
        let group = self.left_group(trigger.span.start, |mention| self.is_group(mention));
        // "La réunion a été coprésidée par A et B": an event noun without a name before
        // the trigger is the event named last before the sentence.
        let Some(group) = group
            .last()
            .map(|mention| mention.actors[0])
            .or_else(|| self.event_noun_before(trigger.span.start))
        else {
            return Vec::new();
        };
        if trigger.features.document && !self.is_document(group) {
            return Vec::new();
        }
        let offset = if trigger.features.agent {
            trigger.span.end
        } else {
            tokens.tokens[tokens.at(trigger.span.end)].span.end
        };
        self.right_group(offset, 3, |mention| self.is_member(mention))
            .iter()
            .map(|mention| vec![mention.actors[0], group])
            .collect()
    }

    /// The event named last before the sentence, when an event noun stands before
    /// `offset` in it.
    fn event_noun_before(&self, offset: usize) -> Option<usize> {
        let range = self.ctx.tokens.sentence_range(self.sentence);
        let first = range.start;
        let trigger = self.ctx.tokens.at(offset);
        (first..trigger)
            .any(|index| self.word_is(index, WordClass::EventNoun))
            .then(|| self.last_event_before())
            .flatten()
    }

    /// The group joined: "rejoindre le Partenariat mondial", "co-président du Groupe",
    /// "membre de l'OTAN", or the group just before the trigger ("the G7 presidency").
    /// "the signatories of the Council of Europe's Framework Convention": the group a
    /// possessor right after the trigger owns (the possessor is no participant, so the
    /// group stands further than the group window).
    fn possessed_group(&self, trigger: &TriggerHit) -> Option<usize> {
        let tokens = self.ctx.tokens;
        let end = tokens.at(trigger.span.end);
        let possessor = self.mentions.iter().find(|mention| {
            let start = tokens.at(mention.span.start);
            start >= end && start <= end + 3
        })?;
        let owned = self.possessed_at(possessor)?;
        self.mentions
            .iter()
            .filter(|mention| self.is_group(mention))
            .find(|mention| tokens.at(mention.span.start) == owned)
            .map(|mention| mention.actors[0])
    }

    fn group_joined(&self, trigger: &TriggerHit) -> Option<usize> {
        self.right_group(trigger.span.end, 6, |mention| self.is_group(mention))
            .first()
            .map(|mention| mention.actors[0])
            .or_else(|| self.possessed_group(trigger))
            .or_else(|| {
                self.mentions
                    .iter()
                    .filter(|mention| self.is_group(mention))
                    .find(|mention| {
                        self.token_distance(mention.span, trigger.span) == 0
                            && mention.span.end <= trigger.span.start
                    })
                    .map(|mention| mention.actors[0])
            })
    }
}
