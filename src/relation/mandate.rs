//! Mandates: a person or body charges organisations or people ("X a chargé Y de ...")
//! up to the purpose clause.

use super::TriggerHit;
use super::reader::SentenceReader;
use crate::model::ActorKind;
use crate::words::WordClass;

impl SentenceReader<'_, '_> {
    pub(super) fn mandate(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        // "a demandé à rejoindre": a verb right after the trigger is the subject's own
        // request, not an order to someone.
        let tokens = self.ctx.tokens;
        let next = tokens.at(trigger.span.end);
        if tokens.tokens.get(next).is_some_and(|token| {
            token.sentence == self.sentence
                && token.is_word
                && !token.capitalised
                && self.classes_at(next).is_empty()
                && !self.mention_starts_at(next)
        }) {
            return Vec::new();
        }
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
            .word_after(trigger.span.end, WordClass::Purpose, 30)
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
}
