//! Restriction: export controls, bans and sanctions, from the sentence's subject to
//! every coordinated target.

use super::TriggerHit;
use super::reader::SentenceReader;
use crate::model::{ActorKind, Span};
use crate::resolve::Form;
use crate::words::WordClass;

impl SentenceReader<'_, '_> {
    pub(super) fn restriction(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        // People too: a leader restricts for the state (`lift_people`).
        let restrictors = [ActorKind::State, ActorKind::Organization, ActorKind::Person];
        // "X limitent les exportations vers Y et menacent d'interdire Z": the subject of
        // the coordinated verbs is the sentence's first party.
        let Some(subject) = self
            .possessor_before(trigger.span.start, &restrictors)
            .or_else(|| self.sentence_subject(trigger.span.start, &restrictors))
            .or_else(|| self.subject_before(trigger.span.start, &restrictors))
        else {
            return Vec::new();
        };
        // A person restricts only as the leader of a state.
        if self.actor_kind(subject) == ActorKind::Person && self.state_of_leader(subject).is_none()
        {
            return Vec::new();
        }
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
                    && !self.is_attributive(mention.span)
            })
            .map(|mention| mention.span.start);
        let by_demonym = self.demonym_targets(trigger, subject);
        // "sanctions on three Iranian entities accused of supplying drones to Russia":
        // the firms the demonym qualifies come first; the name after them is theirs.
        // But "export curbs on Chinese chipmaker Corvana": a name right after the
        // organisation noun the demonym qualifies is that organisation.
        let first_target = first_target.filter(|&start| {
            by_demonym.first().is_none_or(|&(_, demonym)| {
                start < demonym || self.named_after_org_cue(demonym, start)
            })
        });
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
        // "des droits de douane sur les importations mexicaines et canadiennes",
        // "sanctions against Russian banks": the states whose goods or firms are
        // targeted, named by their demonyms after the target word.
        if !by_demonym.is_empty() {
            return by_demonym
                .into_iter()
                .map(|(target, _)| vec![subject, target])
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
        // "Washington added 140 Chinese companies to its entity list": the state whose
        // firms are listed, by its demonym between.
        let target = target.or_else(|| {
            let subject_end = self
                .mentions
                .iter()
                .filter(|mention| mention.actors.contains(&subject))
                .map(|mention| mention.span.end)
                .find(|&end| end <= trigger.span.start)?;
            self.mentions
                .iter()
                .filter(|mention| {
                    mention.form == Form::Demonym
                        && mention.span.start >= subject_end
                        && mention.span.end <= trigger.span.start
                })
                .find_map(|mention| match mention.actors[..] {
                    [actor] if actor != subject && self.actor_kind(actor) == ActorKind::State => {
                        Some(actor)
                    }
                    _ => None,
                })
        });
        match target {
            Some(target) => vec![vec![subject, target]],
            None => Vec::new(),
        }
    }
}

impl SentenceReader<'_, '_> {
    /// Whether the name at byte `start` is the organisation that the demonym at byte
    /// `demonym` qualifies: an organisation noun among the three words or fewer
    /// between, no conjunction ("Chinese chipmaker X", "Chinese AI firm X", "le
    /// fabricant chinois X", "le fabricant chinois de puces X").
    fn named_after_org_cue(&self, demonym: usize, start: usize) -> bool {
        let tokens = self.ctx.tokens;
        let (from, at) = (tokens.at(demonym), tokens.at(start));
        let reach = from.saturating_sub(1)..at;
        at <= from + 4
            && reach
                .clone()
                .any(|index| self.words().org_cue(tokens.norm(index)).is_some())
            && !reach
                .into_iter()
                .any(|index| self.word_is(index, WordClass::Conjunction))
    }

    /// The states named by demonyms after a target word that follows the trigger
    /// within a few words, up to the clause's end: "sur les importations mexicaines
    /// et canadiennes", "on Chinese and Russian firms".
    fn demonym_targets(&self, trigger: &TriggerHit, subject: usize) -> Vec<(usize, usize)> {
        let tokens = self.ctx.tokens;
        let first = tokens.at(trigger.span.end);
        let range = tokens.sentence_range(self.sentence);
        let Some(target_word) = (first..(first + 6).min(range.end))
            .take_while(|&index| !self.clause_mark(index))
            .find(|&index| self.word_is(index, WordClass::RestrictionTarget))
        else {
            return Vec::new();
        };
        let clause_end = (target_word + 1..range.end)
            .find(|&index| self.clause_mark(index))
            .unwrap_or(range.end)
            .min(target_word + 10);
        let (from, to) = (
            tokens.tokens[target_word].span.end,
            tokens
                .tokens
                .get(clause_end)
                .map_or(usize::MAX, |token| token.span.start),
        );
        let mut targets = Vec::new();
        for mention in self.mentions {
            if mention.form == Form::Demonym
                && mention.span.start >= from
                && mention.span.end <= to
                && let [actor] = mention.actors[..]
                && actor != subject
                && self.actor_kind(actor) == ActorKind::State
                && !targets.iter().any(|&(target, _)| target == actor)
            {
                targets.push((actor, mention.span.start));
            }
        }
        targets
    }

    /// "the EU is concerned about the US's decision to restrict...", "la décision des
    /// États-Unis de restreindre": the possessor of the action named before the trigger
    /// (within twenty tokens) is its agent, not the sentence's subject.
    fn possessor_before(&self, offset: usize, kinds: &[ActorKind]) -> Option<usize> {
        let tokens = self.ctx.tokens;
        let trigger = tokens.at(offset);
        self.participants()
            .filter(|mention| mention.span.end <= offset && mention.actors.len() == 1)
            .filter(|mention| kinds.contains(&self.actor_kind(mention.actors[0])))
            .filter(|mention| {
                // "the US's", "the Biden administration's": one noun may come between.
                let after = tokens.at(mention.span.end);
                let genitive = (after..after + 2).any(|apostrophe| {
                    tokens.norm(apostrophe) == "'"
                        && self.word_is(apostrophe + 1, WordClass::PossessiveS)
                        && (apostrophe == after || tokens.tokens[after].is_word)
                });
                // "la décision de l'administration Trump de restreindre": X between two
                // "de", the second right before the verb.
                let start = tokens.at(mention.span.start);
                let complement = trigger == after + 1
                    && self.word_is(after, WordClass::Of)
                    && (start.saturating_sub(4)..start)
                        .any(|index| self.word_is(index, WordClass::Of));
                // Not across a comma that opens the trigger's clause: "ASML's
                // machines, curbing sales" does not make ASML the one who curbs.
                let same_clause = trigger == 0 || tokens.norm(trigger - 1) != ",";
                (genitive && trigger.saturating_sub(after) <= 20 && same_clause) || complement
            })
            .last()
            .map(|mention| mention.actors[0])
    }

    /// "a step in the US effort", "the US's ongoing effort": a name after a definite
    /// article that qualifies the noun after it (with or without a possessive "'s")
    /// names whose the thing is, not a party to the act.
    fn is_attributive(&self, span: Span) -> bool {
        let tokens = self.ctx.tokens;
        let start = tokens.at(span.start);
        let mut after = tokens.at(span.end);
        if start == 0 || !self.word_is(start - 1, WordClass::DefiniteArticle) {
            return false;
        }
        if tokens
            .tokens
            .get(after)
            .is_some_and(|token| token.norm == "'")
            && self.word_is(after + 1, WordClass::PossessiveS)
        {
            after += 2;
        }
        let function_word = [
            WordClass::Conjunction,
            WordClass::Coordination,
            WordClass::Of,
            WordClass::Locative,
            WordClass::Agent,
            WordClass::Comitative,
            WordClass::Purpose,
            WordClass::Recipient,
            WordClass::Auxiliary,
            WordClass::RestrictionTarget,
            WordClass::PlacePreposition,
            WordClass::Counterpart,
            WordClass::RelativePronoun,
        ]
        .iter()
        .any(|&class| self.word_is(after, class));
        !function_word
            && tokens.tokens.get(after).is_some_and(|token| {
                token.is_word && !token.capitalised && token.sentence == self.sentence
            })
    }
}
