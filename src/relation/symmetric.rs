//! Symmetric cooperation and conflict (partnership, alliance, negotiation, rivalry):
//! "entre X et Y", compound adjectives ("sino-américain"), "X ... avec Y", meeting verbs,
//! coordinated subjects and complements, and "les deux pays".

use super::TriggerHit;
use super::reader::SentenceReader;
use crate::model::{ActorKind, RelationKind, Span, Status};
use crate::resolve::{ActorMention, Form};
use crate::words::WordClass;

/// The actors of a group of mentions, each once, in text order.
fn actor_ids(group: &[&ActorMention]) -> Vec<usize> {
    let mut ids = Vec::new();
    for mention in group {
        for &actor in &mention.actors {
            if !ids.contains(&actor) {
                ids.push(actor);
            }
        }
    }
    ids
}

/// Every actor of `left` with every actor of `right`.
pub(super) fn cross(left: &[usize], right: &[usize]) -> Vec<Vec<usize>> {
    left.iter()
        .flat_map(|&a| right.iter().map(move |&b| vec![a, b]))
        .collect()
}

pub(super) fn pairs(actors: &[usize]) -> Vec<Vec<usize>> {
    let mut pairs = Vec::new();
    for (index, &first) in actors.iter().enumerate() {
        for &second in &actors[index + 1..] {
            pairs.push(vec![first, second]);
        }
    }
    pairs
}

impl SentenceReader<'_, '_> {
    pub(super) fn symmetric(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
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

    pub(super) fn symmetric_groups(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        if trigger.features.comitative {
            return self.made_with(trigger);
        }
        if trigger.features.as_partner {
            let chosen = self.chosen_as_partner(trigger);
            if !chosen.is_empty() {
                return chosen;
            }
        }
        // "Le Rwanda a reçu 5 millions de dollars": a meeting verb whose object is an
        // amount received no one.
        let tokens = self.ctx.tokens;
        if trigger.features.meeting
            && tokens
                .tokens
                .get(tokens.at(trigger.span.end))
                .is_some_and(|next| next.norm.bytes().next().is_some_and(|b| b.is_ascii_digit()))
        {
            return Vec::new();
        }
        if trigger.features.compound {
            // Not a compound inside a body's name: "the third meeting of the
            // Kenya-Ghana Digital Council" is the council's.
            return self
                .compound_near(trigger)
                .filter(|compound| {
                    !self.mentions.iter().any(|other| {
                        other.span != compound.span
                            && other.span.contains(compound.span)
                            && other
                                .actors
                                .iter()
                                .any(|&actor| self.actor_kind(actor) == ActorKind::Organization)
                    })
                })
                .map(|compound| pairs(&compound.actors))
                .unwrap_or_default();
        }
        // "launched negotiations on a free trade agreement", "des négociations sur un
        // accord": an agreement that talks are about is not made yet.
        if trigger.kind == RelationKind::Partnership && self.topic_of_talks(trigger) {
            return Vec::new();
        }
        // "work with Chinese partners", "avec des partenaires chinois": a relation noun
        // that names the other side of another trigger is no relation of its own.
        if self.counterpart_noun(trigger) {
            return Vec::new();
        }
        // "a signé la Déclaration de Lima aux côtés du Pérou": after another act in the
        // sentence (signing, investing, taking part), "aux côtés de" names who does it
        // too, no partner.
        let beside = tokens
            .before(trigger.span.end)
            .is_some_and(|last| self.word_is(last, WordClass::CoAgent));
        if beside
            && self.triggers.iter().any(|other| {
                matches!(
                    other.kind,
                    RelationKind::Membership
                        | RelationKind::Investment
                        | RelationKind::Participation
                ) && other.span.end <= trigger.span.start
            })
        {
            return Vec::new();
        }
        // "entre X et Y", "between X and Y".
        let between = self
            .word_after(trigger.span.end, WordClass::Between, 6)
            .map(|between| self.ctx.tokens.tokens[between].span.end);
        if let Some(groups) = self.named_together(trigger, between) {
            return groups;
        }
        if let Some(groups) = self.signed_later_by(trigger) {
            return groups;
        }
        // "travelled to China for talks with Wang Yi": where someone went is no party.
        let mut left = self.left_group(trigger.span.start, |m| {
            self.polity(m) && !self.destination(m)
        });
        // "Zentrix's collaboration with Nvidia", "Ghana's partner": the possessor of the
        // relation noun is a party.
        if left.is_empty() {
            let at = self.ctx.tokens.at(trigger.span.start);
            left.extend(self.possessor_of_token(at, |mention| {
                mention.actors.len() == 1 && self.polity(mention)
            }));
        }
        // "Oracle has been chosen by Peru", "a été retenu par le gouvernement péruvien":
        // a meeting verb in the passive pairs its subject with its agent.
        if trigger.features.meeting
            && !left.is_empty()
            && let Some(by) = self.word_after(trigger.span.end, WordClass::Agent, 1)
        {
            let agents = self.right_group(tokens.tokens[by].span.end, 3, |m| self.polity(m));
            if !agents.is_empty() {
                return cross(&actor_ids(&left), &actor_ids(&agents));
            }
        }
        if let Some(groups) = self.with_counterpart(trigger, &left) {
            return groups;
        }
        if let Some(groups) = self.predicate_partner(trigger, &left) {
            return groups;
        }
        // A coordinated subject: "Les États-Unis et la Chine entament des négociations".
        if left.len() >= 2
            && self.distance_past_incise(left[left.len() - 1].span, trigger.span) <= 12
        {
            return pairs(&actor_ids(&left));
        }
        // A fronted participle: "Réunis à Nairobi le 3 mars, A, président du Kenya, et
        // B, président du Rwanda, ont lancé": the parties follow the clause's comma.
        if let Some(groups) = self.after_fronted_clause(trigger) {
            return groups;
        }
        // A coordinated complement: "la coopération du Maroc et des États-Unis".
        let right = self.right_group(trigger.span.end, 5, |m| self.polity(m));
        // Not after an agent: "represented during the talks by X and Y" names one side.
        let by_agent = || {
            self.word_after(trigger.span.end, WordClass::Agent, 5)
                .is_some_and(|agent| self.ctx.tokens.tokens[agent].span.end <= right[0].span.start)
        };
        // But "the agreement, signed by X and Y": signing parties are its parties.
        let signed_by = || {
            self.triggers.iter().any(|other| {
                other.features.document
                    && other.features.agent
                    && other.span.start >= trigger.span.end
                    && other.span.end <= right[0].span.start
            })
        };
        // Nor the members of a list: "avec plusieurs gouvernements, dont le Kenya et le
        // Ghana" are one side.
        let listed = || self.after_inclusion(right[0].span, 0);
        // "Zentrix has partnered with the governments of Ghana and Senegal": a group
        // after "with" is the other side of a subject named by a word the lexicon does
        // not know, a few words before the trigger at the sentence's start.
        let counterpart_side = || {
            let tokens = self.ctx.tokens;
            let first = tokens.sentence_range(self.sentence).start;
            let unknown_subject = tokens.tokens[first].capitalised
                && tokens.at(trigger.span.start) <= first + 4
                && !self.mention_starts_at(first);
            let with_between = (tokens.at(trigger.span.end)..tokens.at(right[0].span.start))
                .any(|at| self.word_is(at, WordClass::Counterpart))
                || tokens
                    .before(trigger.span.end)
                    .is_some_and(|last| self.word_is(last, WordClass::Counterpart));
            unknown_subject && with_between
        };
        if right.len() >= 2 && (!by_agent() || signed_by()) && !listed() && !counterpart_side() {
            return pairs(&actor_ids(&right));
        }
        // "les deux pays": the pair named last.
        if let Some(pair) = self.both_after(self.span.start) {
            return vec![vec![pair.0, pair.1]];
        }
        // "La semaine dernière, des discussions ont eu lieu": talks in a passage about
        // two states are theirs.
        let tokens = self.ctx.tokens;
        let before = tokens.at(trigger.span.start).saturating_sub(1);
        let anaphoric = self.word_is(before, WordClass::Demonstrative);
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

    /// "Under a new agreement with Peru, Ericsson...": an adverbial opening the
    /// sentence (the trigger within its first five tokens) names the counterpart, the
    /// subject follows its comma; the group after "with" read past that comma is
    /// split there. Each of the subject with each of the counterpart.
    fn counterpart_fronted(
        &self,
        trigger: &TriggerHit,
        right: &[&ActorMention],
    ) -> Option<Vec<Vec<usize>>> {
        let tokens = self.ctx.tokens;
        let comma = self.fronted_comma(trigger, 5)?;
        let comma_start = tokens.tokens[comma].span.start;
        let counterpart: Vec<&ActorMention> = right
            .iter()
            .copied()
            .filter(|mention| mention.span.end <= comma_start)
            .collect();
        let after = tokens.at(counterpart.last()?.span.end);
        if (after..comma).any(|index| self.word_is(index, WordClass::Conjunction)) {
            return None;
        }
        let subject = self.right_group(tokens.tokens[comma].span.end, 2, |m| self.polity(m));
        (!subject.is_empty()).then(|| {
            cross(
                &self.titled_people(&subject),
                &self.titled_people(&counterpart),
            )
        })
    }

    /// The coordinated parties after the comma that ends a clause the trigger opens
    /// at the start of the sentence.
    fn after_fronted_clause(&self, trigger: &TriggerHit) -> Option<Vec<Vec<usize>>> {
        let tokens = self.ctx.tokens;
        let range = tokens.sentence_range(self.sentence);
        let first = tokens.at(trigger.span.start);
        if first != range.start {
            return None;
        }
        let end = tokens.at(trigger.span.end);
        let comma = (end..(end + 12).min(range.end)).find(|&index| tokens.norm(index) == ",")?;
        let group = self.right_group(tokens.tokens[comma].span.end, 2, |m| self.polity(m));
        (group.len() >= 2).then(|| pairs(&actor_ids(&group)))
    }

    /// Parties named together near the trigger: after "entre"/"between" (which come
    /// before a compound adjective near it, as that may qualify another noun:
    /// "Relations sino-américaines. Les relations entre le Mexique et la Chine"), in a
    /// compound adjective ("partenariat américano-israélien"), or "entre les deux pays".
    fn named_together(
        &self,
        trigger: &TriggerHit,
        between: Option<usize>,
    ) -> Option<Vec<Vec<usize>>> {
        if let Some(offset) = between {
            let group = self.right_group(offset, 4, |m| self.polity(m));
            if group.len() >= 2 {
                return Some(pairs(&actor_ids(&group)));
            }
        }
        if let Some(compound) = self.compound_near(trigger) {
            return Some(pairs(&compound.actors));
        }
        let pair = self.both_after(between?)?;
        Some(vec![vec![pair.0, pair.1]])
    }

    /// "The agreement was signed on Monday in Nairobi by Kenya and France", "le
    /// protocole a été signé lundi à Dakar par le Sénégal et la Côte d'Ivoire": a
    /// signing verb or a cue of announcement at most three tokens after the noun (or
    /// after a relative clause between commas right after it), then, later in the
    /// clause, an agent word and the parties.
    fn signed_later_by(&self, trigger: &TriggerHit) -> Option<Vec<Vec<usize>>> {
        let tokens = self.ctx.tokens;
        let mut end = tokens.at(trigger.span.end);
        // "The agreement, which runs for five years, was signed ...": past a relative
        // clause between commas right after the noun.
        if tokens.norm(end) == ","
            && self.word_is(end + 1, WordClass::RelativePronoun)
            && let Some(close) = (end + 2..(end + 14).min(tokens.tokens.len()))
                .take_while(|&at| tokens.tokens[at].sentence == self.sentence)
                .find(|&at| tokens.norm(at) == ",")
        {
            end = close + 1;
        }
        let near = |span: Span| span.start >= trigger.span.end && tokens.at(span.start) <= end + 3;
        // Or announced: "The deal was announced by Kenyan President William Ruto and
        // Microsoft's Brad Smith".
        let verb_end = self
            .triggers
            .iter()
            .find(|other| other.features.document && near(other.span))
            .map(|signing| signing.span.end)
            .or_else(|| {
                self.cues
                    .iter()
                    .find(|cue| cue.status == Status::Announced && near(cue.span))
                    .map(|cue| cue.span.end)
            })?;
        let by = self.word_after(verb_end, WordClass::Agent, 14)?;
        let group = self.right_group(tokens.tokens[by].span.end, 2, |m| self.polity(m));
        (group.len() >= 2).then(|| pairs(&self.titled_people(&group)))
    }

    /// A compound adjective naming parties within four words of the trigger:
    /// "partenariat américano-israélien", "the EU-US Trade and Technology Council
    /// meeting".
    fn compound_near(&self, trigger: &TriggerHit) -> Option<&ActorMention> {
        let compounds = self.compounds.get_or_init(|| {
            self.mentions
                .iter()
                .filter(|mention| mention.form == Form::Compound)
                .collect()
        });
        compounds
            .iter()
            .find(|mention| self.token_distance(mention.span, trigger.span) <= 4)
            .copied()
    }

    /// "Ghana chose Zentrix as its partner", "le Ghana a choisi Zentrix comme
    /// partenaire": the sentence's subject and the object right before the trigger.
    fn chosen_as_partner(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        let object = self.left_group(trigger.span.start, |m| self.polity(m));
        let [object] = object[..] else {
            return Vec::new();
        };
        if self.token_distance(object.span, trigger.span) > 1 {
            return Vec::new();
        }
        let subject = self.participants().find(|mention| {
            mention.span.end <= object.span.start
                && mention.actors.len() == 1
                && self.polity(mention)
                && !object.actors.contains(&mention.actors[0])
        });
        match subject {
            Some(subject) => vec![vec![subject.actors[0], object.actors[0]]],
            None => Vec::new(),
        }
    }

    /// Whether a mention is where someone travels: right after a trigger of taking
    /// part that ends in a preposition of motion ("travelled to China", "delegation to
    /// Japan"), an article between at most.
    fn destination(&self, mention: &ActorMention) -> bool {
        let tokens = self.ctx.tokens;
        let mut before = tokens.at(mention.span.start);
        if before > 0 && self.word_is(before - 1, WordClass::DefiniteArticle) {
            before -= 1;
        }
        let Some(end) = before.checked_sub(1).map(|at| tokens.tokens[at].span.end) else {
            return false;
        };
        self.triggers
            .iter()
            .any(|trigger| trigger.kind == RelationKind::Participation && trigger.span.end == end)
    }

    /// "Zentrix will build a data centre with Nvidia", "le Ghana développe avec Huawei un
    /// centre": the subject group and the partner after "with" within ten tokens.
    fn made_with(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        let left = self.left_group(trigger.span.start, |m| self.polity(m));
        if left.is_empty() {
            return Vec::new();
        }
        let Some(with) = self.word_after(trigger.span.end, WordClass::Comitative, 10) else {
            return Vec::new();
        };
        let offset = self.ctx.tokens.tokens[with].span.end;
        let right = self.right_group(offset, 4, |m| self.polity(m));
        // "with Nvidia's chips": what is made with a firm's goods is no partnership.
        let tokens = self.ctx.tokens;
        if right
            .first()
            .is_some_and(|first| self.possessive_s_at(tokens.at(first.span.end)))
        {
            return Vec::new();
        }
        cross(&self.titled_people(&left), &self.titled_people(&right))
    }

    /// The subject group and a counterpart: "X ... avec Y", "X face à Y et Z", "X with
    /// Y"; and meeting verbs, which take their counterpart as object ("Blinken met Wang
    /// Yi").
    fn with_counterpart(
        &self,
        trigger: &TriggerHit,
        left: &[&ActorMention],
    ) -> Option<Vec<Vec<usize>>> {
        // "Le Maroc a signé avec le Sénégal un protocole d'accord": the counterpart
        // after "avec" stands before the trigger, the subject before it.
        if let (Some(first), Some(last)) = (left.first(), left.last())
            && self.token_distance(last.span, trigger.span) <= 3
        {
            let tokens = self.ctx.tokens;
            let mut before = tokens.at(first.span.start);
            // Over the article, "l'" by its apostrophe.
            while before > 0 && self.is_definite_article(before - 1) {
                before -= 1;
            }
            if before > 0 && self.word_is(before - 1, WordClass::Counterpart) {
                let subject =
                    self.left_group(tokens.tokens[before - 1].span.start, |m| self.polity(m));
                if !subject.is_empty() {
                    return Some(cross(
                        &self.titled_people(&subject),
                        &self.titled_people(left),
                    ));
                }
            }
        }
        // The counterpart word after the trigger, or ending it: "en partenariat avec",
        // "in partnership with".
        let trigger_last = self.ctx.tokens.before(trigger.span.end);
        let with = if let Some(last) =
            trigger_last.filter(|&last| self.word_is(last, WordClass::Counterpart))
        {
            Some(last)
        } else {
            // Not "with" after a comma, which opens an absolute clause rather than
            // naming a counterpart: "held talks in Manila, with officials pledging to
            // work together".
            self.word_after(trigger.span.end, WordClass::Counterpart, 10)
                .filter(|&with| with == 0 || self.ctx.tokens.norm(with - 1) != ",")
        };
        if let Some(with) = with {
            let offset = self.ctx.tokens.tokens[with].span.end;
            let right = self.right_group(offset, 4, |m| self.polity(m));
            // "Under a new agreement with Peru, Ericsson will train...", "Dans le cadre
            // de son partenariat avec le Pérou, Ericsson formera...": a fronted
            // adverbial names the counterpart, the subject follows its comma.
            if left.is_empty()
                && let Some(groups) = self.counterpart_fronted(trigger, &right)
            {
                return Some(groups);
            }
            if !left.is_empty() && !right.is_empty() {
                return Some(cross(
                    &self.titled_people(left),
                    &self.titled_people(&right),
                ));
            }
            // "Kenya and Ghana will work with Chinese firms": the partner is named by
            // its adjective only, and the subjects are one side, not each other's
            // partners.
            if left.len() >= 2 && right.is_empty() {
                let tokens = self.ctx.tokens;
                let after = tokens.at(offset);
                let demonym = self.mentions.iter().find(|mention| {
                    mention.form == Form::Demonym
                        && (after..after + 4).contains(&tokens.at(mention.span.start))
                });
                let states = demonym
                    .map(|mention| mention.actors.clone())
                    .unwrap_or_default();
                return Some(cross(&self.titled_people(left), &states));
            }
        }
        if trigger.features.meeting && !left.is_empty() {
            // "his Indian counterpart Narendra Modi": the demonym before a counterpart
            // noun is the counterpart's side, not the subject's.
            let mut left = left.to_vec();
            let qualifier = left.last().filter(|mention| {
                self.word_is(
                    self.ctx.tokens.at(trigger.span.start),
                    WordClass::CounterpartNoun,
                ) && self.token_distance(mention.span, trigger.span) == 0
            });
            let qualifier = qualifier.copied();
            if let Some(qualifier) = qualifier {
                left = self.left_group(qualifier.span.start, |m| self.polity(m));
            }
            let object = self.after_adverbials(trigger.span.end);
            if trigger.features.guest && !self.names_someone_at(object) {
                return None;
            }
            let mut right = self.right_group(object, 6, |m| self.polity(m));
            right.extend(qualifier);
            if !right.is_empty() && !left.is_empty() {
                return Some(cross(
                    &self.titled_people(&left),
                    &self.titled_people(&right),
                ));
            }
        }
        None
    }

    /// Whether the object of a meeting verb at `offset` names someone: a name, or a
    /// title, after an article; "received funding from" meets no one.
    fn names_someone_at(&self, offset: usize) -> bool {
        let tokens = self.ctx.tokens;
        let mut at = tokens.at(offset);
        while self.is_definite_article(at) || tokens.norm(at) == "'" {
            at += 1;
        }
        let Some(token) = tokens.tokens.get(at) else {
            return false;
        };
        let start = token.span.start;
        token.capitalised
            || !token.is_word
            || self.mention_starts_at(at)
            || self.roles.iter().any(|fact| fact.evidence.start == start)
    }

    /// Whether a topic marker ("on", "over", "sur") and an indefinite article join the
    /// trigger to a negotiation trigger ending at most six tokens before it, with only
    /// lower-case words between: "negotiations on the tech partnership" speak of one
    /// that exists.
    fn topic_of_talks(&self, trigger: &TriggerHit) -> bool {
        let tokens = self.ctx.tokens;
        let first = tokens.at(trigger.span.start);
        self.triggers.iter().any(|talks| {
            let end = tokens.at(talks.span.end);
            talks.kind == RelationKind::Negotiation
                && end < first
                && first - end <= 6
                && self.word_is(end, WordClass::TopicMarker)
                && self.word_is(end + 1, WordClass::IndefiniteArticle)
                && (end + 1..first).all(|at| {
                    let token = &tokens.tokens[at];
                    token.is_word && !token.capitalised
                })
        })
    }

    /// Whether the trigger is a noun right after "with"/"avec" (an article or a
    /// demonym between) that follows another trigger of the sentence.
    fn counterpart_noun(&self, trigger: &TriggerHit) -> bool {
        let tokens = self.ctx.tokens;
        let first = tokens.at(trigger.span.start);
        let Some(with) = (first.saturating_sub(3)..first)
            .rev()
            .find(|&at| self.word_is(at, WordClass::Counterpart))
        else {
            return false;
        };
        let only_modifiers = (with + 1..first).all(|at| {
            self.is_definite_article(at)
                || self.word_is(at, WordClass::IndefiniteArticle)
                || self.word_is(at, WordClass::PluralArticle)
                || self.word_is(at, WordClass::Of)
                || self.mentions.iter().any(|mention| {
                    mention.form == Form::Demonym && tokens.at(mention.span.start) == at
                })
        });
        let with_start = tokens.tokens[with].span.start;
        only_modifiers
            && self
                .triggers
                .iter()
                .any(|other| other.span.start < with_start && !other.features.amount)
    }

    /// "India is a key partner of Japan", "Japan is India's largest partner", "Le
    /// Japon est un partenaire clé de l'Inde": a relation noun as the predicate of a
    /// copula pairs the subject with the noun's possessor, or with the names after its
    /// "of"/"for" (adjectives between).
    fn predicate_partner(
        &self,
        trigger: &TriggerHit,
        left: &[&ActorMention],
    ) -> Option<Vec<Vec<usize>>> {
        let tokens = self.ctx.tokens;
        let first = tokens.at(trigger.span.start);
        // "'s" right before the noun, or before one adjective: the possessor is the
        // other side, the subject stands before it.
        let apostrophe = (2..=3)
            .filter(|&back| first >= back)
            .map(|back| first - back)
            .find(|&at| self.possessive_s_at(at));
        let (subjects, others, subject_end) = match apostrophe {
            Some(at) => {
                let possessor = left
                    .last()
                    .filter(|mention| tokens.at(mention.span.end) == at)?;
                let subjects = self.left_group(possessor.span.start, |m| self.polity(m));
                let end = subjects.last()?.span.end;
                (actor_ids(&subjects), possessor.actors.clone(), end)
            }
            None => {
                let last = tokens.at(trigger.span.end);
                let of = (last..last + 3)
                    .take_while(|&at| tokens.tokens.get(at).is_some_and(|t| t.is_word))
                    .find(|&at| {
                        self.word_is(at, WordClass::Of) || self.word_is(at, WordClass::Benefactive)
                    })?;
                let offset = tokens.tokens[of].span.end;
                let others = actor_ids(&self.right_group(offset, 4, |m| self.polity(m)));
                (actor_ids(left), others, left.last()?.span.end)
            }
        };
        // A copula within four words after the subject, and the noun near it.
        let from = tokens.at(subject_end);
        let copula = (from..first)
            .take(4)
            .any(|at| self.word_is(at, WordClass::Copula));
        if !copula || first - from > 6 {
            return None;
        }
        let groups = cross(&subjects, &others);
        (!groups.is_empty()).then_some(groups)
    }

    /// The actors of a counterpart group, where a body that qualifies the title of the
    /// person after it stands for that person: "met with Microsoft President Brad
    /// Smith", "a rencontré le PDG de Nvidia, Jensen Huang" (the body is the person's
    /// affiliation, not a second party).
    fn titled_people(&self, group: &[&ActorMention]) -> Vec<usize> {
        let mut ids = actor_ids(group);
        for mention in group {
            let [body] = mention.actors[..] else {
                continue;
            };
            // "Singapore's Prime Minister X": the title may follow a possessive.
            let owned = self.past_possessive(mention.span);
            let holder = self.roles.iter().find(|fact| {
                fact.of == body
                    && (fact.evidence.start <= mention.span.end + 1
                        || self.ctx.tokens.at(fact.evidence.start) == owned)
                    && mention.span.end <= fact.evidence.end
            });
            if let Some(fact) = holder {
                ids.retain(|&actor| actor != body && actor != fact.person);
                ids.push(fact.person);
            }
        }
        ids
    }

    /// The pair "les deux pays" after `offset` stands for: the last two states named
    /// before it in this sentence ("Les relations entre le Kenya et l'Inde se sont
    /// refroidies, mais les deux pays ont repris le dialogue"), else the pair named
    /// last in an earlier one.
    pub(super) fn both_after(&self, offset: usize) -> Option<(usize, usize)> {
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
                // The token classes first: the pair's look-up by string is for the few
                // tokens that are of both classes in some language.
                .filter(|&index| self.points_back_to_pair(index))
                .collect()
        });
        let phrase = *phrases.get(phrases.partition_point(|&index| index < start))?;
        if self.word_is(phrase, WordClass::PluralPronoun) {
            return self.previous_subject_pair();
        }
        self.last_states_before(tokens.tokens[phrase].span.start)
            .or(self.last_pair)
    }

    /// Whether token `index` opens a phrase that points back to a pair: "both
    /// countries", "les deux pays", or a plural subject pronoun, "they", "ils".
    pub(super) fn points_back_to_pair(&self, index: usize) -> bool {
        let tokens = self.ctx.tokens;
        self.word_is(index, WordClass::PluralPronoun)
            || (self.word_is(index, WordClass::Dual)
                && self.word_is(index + 1, WordClass::PolityNoun)
                && self.words().pair_in_one_language(
                    (tokens.norm(index), WordClass::Dual),
                    (tokens.norm(index + 1), WordClass::PolityNoun),
                ))
    }

    /// "Kenya and Ghana met in Accra. They signed...": the two coordinated names that
    /// open the sentence before, states or bodies.
    fn previous_subject_pair(&self) -> Option<(usize, usize)> {
        let previous = self.sentence.checked_sub(1)?;
        let all = &self.ctx.resolution.mentions;
        let range =
            crate::model::sorted_range(all, previous..=previous, |mention| mention.sentence);
        let mut polities = all[range].iter().filter(|mention| {
            mention.form != Form::Demonym
                && matches!(mention.actors[..], [actor]
                    if matches!(self.actor_kind(actor), ActorKind::State | ActorKind::Organization))
        });
        let (first, second) = (polities.next()?, polities.next()?);
        self.coordinated(first.span, second.span)
            .then(|| (first.actors[0], second.actors[0]))
            .filter(|(a, b)| a != b)
    }

    /// The pair a "both countries" phrase before `offset` stands for: "Both countries
    /// are members of BRICS".
    pub(super) fn both_before(&self, offset: usize) -> Option<(usize, usize)> {
        let pair = self.both_after(self.span.start)?;
        let first = *self.both_phrases.get()?.first()?;
        (self.ctx.tokens.tokens[first].span.end <= offset).then_some(pair)
    }

    /// Whether the sentence's mentions name two actors or more, counted once.
    pub(super) fn names_two_actors(&self) -> bool {
        *self.names_two.get_or_init(|| {
            self.mentions
                .iter()
                .map(|mention| mention.actors.len())
                .sum::<usize>()
                >= 2
        })
    }

    /// The last two distinct states named in this sentence before `end`, in text order.
    pub(super) fn last_states_before(&self, end: usize) -> Option<(usize, usize)> {
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
    pub(super) fn state_pair(&self) -> Option<(usize, usize)> {
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
}
