//! Investment: investors introduced by an agent or source word or as the subject group,
//! and where the money goes (a recipient word, or a project named before an amount).

use super::TriggerHit;
use super::reader::SentenceReader;
use crate::model::ActorKind;
use crate::resolve::ActorMention;
use crate::words::WordClass;

impl SentenceReader<'_, '_> {
    pub(super) fn investment(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        let funders = [ActorKind::State, ActorKind::Organization, ActorKind::Person];
        let recipients = [ActorKind::State, ActorKind::Organization];
        let amount = trigger.features.amount;
        // "Nvidia-backed Lambda": the name glued before the participle backs the name
        // right after it, and nothing else in the sentence.
        if let Some(pair) = self.glued_backing(trigger, &funders, &recipients) {
            return vec![pair];
        }
        // Investors introduced by "par", "provenant du", "menée par", "by", "from".
        // A holder is the investor itself ("X est actionnaire de la start-up dirigée par
        // Y": Y invests nothing).
        let mut investors = if trigger.features.holder {
            Vec::new()
        } else {
            self.introduced_by(trigger, WordClass::Funder, 16, &funders, false)
        };
        // "Le Togo a obtenu un financement de la Banque mondiale": after a verb of
        // obtaining, the body after "de"/"of" gives the money and the subject gets it.
        if investors.is_empty()
            && let Some(obtained) = self.obtained_from(trigger, &funders)
        {
            return obtained;
        }
        // "l'investissement d'Oracle au Pérou": the noun's "de" complement.
        if investors.is_empty()
            && trigger.features.of_agent
            && let Some(agent) = self
                .body_after_of(trigger, &funders, 4, 2)
                .and_then(|mention| self.sole_actor_of(mention, &funders))
        {
            investors.push(agent);
        }
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
        let mut recipient = match self.place_recipient(trigger) {
            Some(state) => state,
            // Not one of the investors: "109 billion euros in pledges from the UAE" (the
            // "in" opens no recipient there).
            None => self
                .introduced_by(trigger, WordClass::Recipient, 14, &recipients, true)
                .first()
                .copied()
                .filter(|recipient| !investors.contains(recipient)),
        };
        // "MGX is among the backers of X", "est actionnaire de X": a holder's
        // complement.
        if recipient.is_none() && trigger.features.holder {
            recipient = self
                .body_after_of(trigger, &recipients, 6, 3)
                .and_then(|mention| self.sole_actor_of(mention, &recipients));
        }
        // "took part in Zentrix's funding round", "la levée de fonds de la start-up
        // Zentrix": the body that raises the money.
        if recipient.is_none() && trigger.features.raise {
            recipient = self.raiser(trigger, &recipients);
            // The possessor is no investor: the subject before it is.
            if let Some(raiser) = recipient
                && !from_agent
                && investors.iter().all(|&investor| investor == raiser)
            {
                investors = self
                    .sentence_subject(trigger.span.start, &funders)
                    .filter(|&subject| subject != raiser)
                    .into_iter()
                    .collect();
            }
        }
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
        // "Nvidia backed the French start-up Mistral AI": the verb's object, unless a
        // passive agent follows ("funded by").
        if recipient.is_none()
            && trigger.features.object
            && self
                .word_after(trigger.span.end, WordClass::Agent, 1)
                .is_none()
        {
            recipient = self
                .right_group(trigger.span.end, 3, |mention| {
                    mention.actors.len() == 1
                        && recipients.contains(&self.actor_kind(mention.actors[0]))
                })
                .first()
                .map(|mention| mention.actors[0]);
        }
        // "Grâce à un financement de la Fondation Gates, le Rwanda ouvrira un centre",
        // "With funding from the Gates Foundation, Rwanda will...": a funding phrase at
        // the head of the sentence funds the subject after its comma; not a noun that
        // opens the sentence as its subject ("Financing from Oracle, Ericsson and Nokia
        // will help Peru": the comma lists).
        let tokens = self.ctx.tokens;
        let opens_sentence =
            tokens.at(trigger.span.start) == tokens.sentence_range(self.sentence).start;
        if let Some(comma) = self
            .fronted_comma(trigger, 4)
            .filter(|_| !opens_sentence || trigger.features.agent)
        {
            // The names only after the comma are no investors listed with those in the
            // phrase, and there is no subject before the trigger.
            let comma_start = tokens.tokens[comma].span.start;
            let named = |actor: usize, after: bool| {
                self.mentions.iter().any(|mention| {
                    (mention.span.start > comma_start) == after && mention.actors.contains(&actor)
                })
            };
            investors.retain(|&investor| named(investor, false) || !named(investor, true));
            recipient = recipient.filter(|recipient| !investors.contains(recipient));
            if recipient.is_none() {
                if investors.is_empty() {
                    investors.extend(
                        self.body_after_of(trigger, &funders, 8, 3)
                            .filter(|mention| mention.span.end <= comma_start)
                            .and_then(|mention| self.sole_actor_of(mention, &funders)),
                    );
                }
                recipient = self
                    .right_group(tokens.tokens[comma].span.end, 2, |mention| {
                        self.sole_actor_of(mention, &recipients).is_some()
                    })
                    .first()
                    .and_then(|mention| self.sole_actor_of(mention, &recipients))
                    .filter(|subject| !investors.contains(subject));
            }
        }
        let Some(recipient) = recipient else {
            return Vec::new();
        };
        // "Oracle will invest $2 billion in Chile alongside Ericsson": co-investors of
        // the subject.
        if !from_agent && !investors.is_empty() {
            for partner in self.co_agents(trigger, |mention| {
                self.sole_actor_of(mention, &funders).is_some()
            }) {
                if partner != recipient && !investors.contains(&partner) {
                    investors.push(partner);
                }
            }
        }
        // "Emmanuel Macron a annoncé 109 milliards d'investissements en France": a
        // person who holds office in the state the money goes to announces it, and
        // invests nothing.
        let serves_recipient = |investor: usize| {
            self.actor_kind(investor) == ActorKind::Person
                && (self.state_of_leader(investor) == Some(recipient)
                    || self
                        .roles
                        .iter()
                        .any(|fact| fact.person == investor && fact.of == recipient))
        };
        investors
            .into_iter()
            .filter(|&investor| investor != recipient && !serves_recipient(investor))
            .map(|investor| vec![investor, recipient])
            .collect()
    }

    /// The backer and the backed of a participle glued after the backer's name
    /// ("Nvidia-backed Lambda"), when the trigger is that participle.
    fn glued_backing(
        &self,
        trigger: &TriggerHit,
        funders: &[ActorKind],
        recipients: &[ActorKind],
    ) -> Option<Vec<usize>> {
        let tokens = self.ctx.tokens;
        let hyphen = tokens.at(trigger.span.start).checked_sub(1)?;
        if !tokens.inner_hyphen(hyphen) {
            return None;
        }
        let backer_end = tokens.tokens[hyphen].span.start;
        let backer = self
            .mentions
            .iter()
            .find(|mention| mention.span.end == backer_end)
            .and_then(|mention| self.sole_actor_of(mention, funders))?;
        let backed = self
            .mentions_starting_at(tokens.at(trigger.span.end))
            .iter()
            .find_map(|mention| self.sole_actor_of(mention, recipients))?;
        (backer != backed).then(|| vec![backer, backed])
    }

    /// A funding noun obtained ("a obtenu un financement de la Banque mondiale", "won a
    /// grant of the World Bank", "bénéficiera d'un financement de la BAD"): a verb of
    /// obtaining at most four tokens before it, the givers the first body after an
    /// "of"/"de" within eight tokens of the clause and those coordinated with it, the
    /// receiver the sentence's subject.
    fn obtained_from(
        &self,
        trigger: &TriggerHit,
        funders: &[ActorKind],
    ) -> Option<Vec<Vec<usize>>> {
        let tokens = self.ctx.tokens;
        let first = tokens.at(trigger.span.start);
        let range = tokens.sentence_range(self.sentence);
        (first.saturating_sub(4).max(range.start)..first)
            .find(|&at| self.word_is(at, WordClass::Obtaining))?;
        let giver = self.body_after_of(trigger, funders, 8, 3)?;
        // "des Émirats arabes unis et du Canada": every giver coordinated with the first.
        let givers: Vec<usize> = self
            .right_group(giver.span.start, 1, |mention| {
                self.sole_actor_of(mention, funders).is_some()
            })
            .iter()
            .map(|mention| mention.actors[0])
            .collect();
        let receiver = self.sentence_subject(
            trigger.span.start,
            &[ActorKind::State, ActorKind::Organization],
        )?;
        let pairs: Vec<Vec<usize>> = givers
            .into_iter()
            .filter(|&giver| giver != receiver)
            .map(|giver| vec![giver, receiver])
            .collect();
        (!pairs.is_empty()).then_some(pairs)
    }

    /// The body that raises the money of a `raise` trigger: the possessor before it
    /// (lower-case words between: "Mistral AI's latest funding round"), else the first
    /// body after an "of"/"de" within fourteen tokens of the clause ("la levée de fonds de
    /// 100 millions d'euros de la start-up Zentrix").
    fn raiser(&self, trigger: &TriggerHit, kinds: &[ActorKind]) -> Option<usize> {
        let tokens = self.ctx.tokens;
        let first = tokens.at(trigger.span.start);
        let eligible = |mention: &ActorMention| self.sole_actor_of(mention, kinds).is_some();
        let mut at = first;
        for _ in 0..3 {
            if at >= 2 && self.possessive_s_at(at - 2) {
                return self
                    .possessor_of_token(at, eligible)
                    .map(|mention| mention.actors[0]);
            }
            let Some(previous) = at.checked_sub(1) else {
                break;
            };
            let token = &tokens.tokens[previous];
            if !token.is_word || token.capitalised {
                break;
            }
            at = previous;
        }
        self.body_after_of(trigger, kinds, 14, 6)
            .and_then(|mention| self.sole_actor_of(mention, kinds))
    }

    /// The mention of the first body of `kinds` after the trigger, within `window`
    /// tokens of its clause, with an "of"/"de" at most `gap` tokens before it ("de la
    /// start-up Zentrix", "of the World Bank").
    fn body_after_of(
        &self,
        trigger: &TriggerHit,
        kinds: &[ActorKind],
        window: usize,
        gap: usize,
    ) -> Option<&ActorMention> {
        let tokens = self.ctx.tokens;
        let end = tokens.at(trigger.span.end);
        let range = tokens.sentence_range(self.sentence);
        let limit = (end + window).min(range.end);
        let clause_end = (end..limit)
            .find(|&index| self.clause_mark(index))
            .unwrap_or(limit);
        self.mentions
            .iter()
            .filter(|mention| {
                let start = tokens.at(mention.span.start);
                (end..clause_end).contains(&start)
                    && (start.saturating_sub(gap).max(end)..start)
                        .any(|index| self.word_is(index, WordClass::Of))
            })
            .find(|mention| self.sole_actor_of(mention, kinds).is_some())
    }

    /// "invest $300 million in a data centre in Lusaka", "financera un centre de
    /// données à Dakar": a place soon after the trigger, in the same clause and with no
    /// name before it, is where the money goes: its state, when the text names the
    /// state (`Some(None)` when it does not, so no name after the place is taken
    /// instead).
    fn place_recipient(&self, trigger: &TriggerHit) -> Option<Option<usize>> {
        let tokens = self.ctx.tokens;
        let after = trigger.span.end;
        let place = self
            .ctx
            .resolution
            .places
            .iter()
            .find(|place| place.span.start >= after)?;
        let (from, place_at) = (tokens.at(after), tokens.at(place.span.start));
        let introduced = place_at > 0
            && (self.word_is(place_at - 1, WordClass::Recipient)
                || self.word_is(place_at - 1, WordClass::PlacePreposition));
        let named_before = self
            .mentions
            .iter()
            .any(|mention| mention.span.start >= after && mention.span.end <= place.span.start);
        if !introduced
            || named_before
            || place_at > from + 12
            || tokens.tokens[place_at].sentence != self.sentence
            || (from..place_at).any(|at| self.clause_mark(at))
        {
            return None;
        }
        Some(self.ctx.resolution.of_lexicon(place.country))
    }

    /// "un projet appelé « Stargate »", "a project called Stargate".
    pub(super) fn named_project(&self, mention: &ActorMention) -> bool {
        let tokens = self.ctx.tokens;
        let mut before = tokens.at(mention.span.start).saturating_sub(1);
        if tokens.norm(before) == "\"" {
            before = before.saturating_sub(1);
        }
        let classes = self.classes_at(before);
        classes.contains(WordClass::Naming) || classes.contains(WordClass::ProjectNoun)
    }
}
