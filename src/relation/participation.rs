//! Participation: the parties a sentence names take part in the event it names (or,
//! for representation, the event named before).

use super::TriggerHit;
use super::reader::SentenceReader;
use crate::model::{ActorKind, Span};
use crate::resolve::{ActorMention, Form};
use crate::words::WordClass;

impl SentenceReader<'_, '_> {
    pub(super) fn participation(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        if trigger.features.occasion {
            return self.occasion(trigger);
        }
        // "X sera représenté par Y" speaks of the event under way; "participer à" names
        // its event in the sentence.
        // An event noun without a name ("participated in the session", "ont participé
        // à la réunion") is the event named last before the sentence.
        let representation = trigger.features.representation;
        let names_an_event = || {
            let range = self.ctx.tokens.sentence_range(self.sentence);
            range.into_iter().any(|index| {
                let classes = self.classes_at(index);
                classes.contains(WordClass::EventNoun) || classes.contains(WordClass::EventHead)
            })
        };
        // "President X hosted Peruvian President Y": a host with a guest and no event,
        // named or not, meets them (`relation_of` reads the pair as a negotiation).
        let no_event = || self.event_in_sentence().is_none() && !names_an_event();
        if trigger.features.guest && no_event() {
            return self.hosted_guests(trigger);
        }
        // "Le Pérou et le Chili se sont réunis lundi": parties who come together with
        // no event, named or not, meet each other.
        if trigger.features.gathering && no_event() {
            return self.gathered(trigger);
        }
        let event = match self.event_in_sentence() {
            Some(event) => event,
            None if representation || names_an_event() || self.ends_clause(trigger) => {
                match self.last_event_before() {
                    Some(event) => event,
                    None => return Vec::new(),
                }
            }
            None => return Vec::new(),
        };
        let tokens = self.ctx.tokens;
        // Offices named in appositions ("responsables ... à la Maison Blanche") are where
        // people work, not who takes part.
        let offices: Vec<(usize, Span)> = self
            .roles
            .iter()
            .map(|fact| (fact.of, fact.evidence))
            .collect();
        // "Speaking at the summit, Peru's minister said the country would seek
        // investment from China": what a speaker reports after the trigger's clause
        // names no one who takes part.
        let trigger_end = tokens.at(trigger.span.end);
        let reported = tokens
            .sentence_range(self.sentence)
            .filter(|&index| index >= trigger_end)
            .find(|&index| self.word_is(index, WordClass::Reporting))
            .map_or(usize::MAX, |index| tokens.tokens[index].span.end);
        // Nor do the names of a clause beside the trigger's main one: "Chile attended
        // the summit, while Peru stayed away", "Oracle, which runs data centres in
        // Brazil, took part".
        let trigger_clause = self.side_clause_at(tokens.at(trigger.span.start));
        // And a trigger in a side clause names no one of the main clause after it:
        // "Peru's president, who will travel to the summit next week, met Oracle".
        let aside = |mention: &ActorMention| {
            let at = tokens.at(mention.span.start);
            match trigger_clause {
                Some(clause) => at >= clause.end,
                None => self.side_clause_at(at).is_some(),
            }
        };
        let mut groups = Vec::new();
        for mention in self.participants() {
            if mention.span.start >= reported || aside(mention) {
                continue;
            }
            if mention.form == Form::Title {
                // "représentés par le vice-président américain": the state takes part;
                // the unnamed holder is not reported.
                let mut before = tokens.at(mention.span.start).saturating_sub(1);
                while before > 0 && self.is_definite_article(before) {
                    before -= 1;
                }
                if self.word_is(before, WordClass::Agent)
                    || self.word_is(before, WordClass::Possessive)
                {
                    continue;
                }
            }
            for &actor in &mention.actors {
                // "Kenya's President X": the possessor before the title too.
                let owned = self.past_possessive(mention.span);
                if offices.iter().any(|(of, evidence)| {
                    *of == actor
                        && (evidence.contains(mention.span)
                            || (owned > tokens.at(mention.span.end)
                                && tokens.at(evidence.start) == owned))
                }) {
                    continue;
                }
                // A text is adopted at an event, it takes no part in it: "the Seoul
                // Declaration was adopted during the AI Seoul Summit".
                if actor != event
                    && !self.is_document(actor)
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
        groups
    }

    /// The hosts before a verb of hosting and the guests right after it (a title
    /// before the first allowed), people or states: each host with each guest.
    fn hosted_guests(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        let party = |mention: &ActorMention| {
            mention.actors.len() == 1
                && matches!(
                    self.actor_kind(mention.actors[0]),
                    ActorKind::Person | ActorKind::State
                )
        };
        let guests: Vec<usize> = self
            .right_group(trigger.span.end, 1, party)
            .iter()
            .map(|mention| mention.actors[0])
            .collect();
        if guests.is_empty() {
            return Vec::new();
        }
        let hosts: Vec<usize> = self
            .left_group(trigger.span.start, party)
            .iter()
            .map(|mention| mention.actors[0])
            .collect();
        // A host paired with itself is dropped with every such pair (`relation_of`).
        super::symmetric::cross(&hosts, &guests)
    }

    /// The coordinated subjects (people, states, organisations) of a verb of coming
    /// together, two or more: each with each.
    fn gathered(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        let subjects: Vec<usize> = self
            .left_group(trigger.span.start, |mention| {
                mention.actors.len() == 1 && self.actor_kind(mention.actors[0]) != ActorKind::Event
            })
            .iter()
            .map(|mention| mention.actors[0])
            .collect();
        if subjects.len() < 2 {
            return Vec::new();
        }
        super::symmetric::pairs(&subjects)
    }

    /// "China's Vice Premier also attended.": a verb of taking part without an object
    /// (the clause ends right after it) speaks of the event named last.
    fn ends_clause(&self, trigger: &TriggerHit) -> bool {
        let tokens = self.ctx.tokens;
        let next = tokens.at(trigger.span.end);
        tokens.tokens.get(next).is_none_or(|token| {
            token.sentence != self.sentence || matches!(token.norm, "." | ";" | "!")
        })
    }

    /// "Lors du sommet de Paris, la France et l'Inde ont signé...", "France and India
    /// signed a charter on the sidelines of the Paris Summit": the parties of the clause
    /// take part in the event the adverbial names right after its opening words. Fronted,
    /// the adverbial ends at a comma and the parties follow it; otherwise they open the
    /// sentence.
    fn occasion(&self, trigger: &TriggerHit) -> Vec<Vec<usize>> {
        let tokens = self.ctx.tokens;
        let after = tokens.at(trigger.span.end);
        // "lors du sommet X", or through a part of it: "lors de la cérémonie
        // d'ouverture de la deuxième édition de X", "at the opening session of X": lower-case
        // words between, a preposition of belonging among them.
        let reaches = |start: usize| {
            start <= after + 2
                || (start <= after + 8
                    && (after..start).all(|index| {
                        let token = &tokens.tokens[index];
                        (token.is_word && !token.capitalised) || tokens.norm(index) == "'"
                    })
                    && (after..start).any(|index| self.word_is(index, WordClass::Of)))
        };
        let Some(event) = self.mentions.iter().find(|mention| {
            let start = tokens.at(mention.span.start);
            start >= after
                && reaches(start)
                && matches!(mention.actors[..], [actor] if self.actor_kind(actor) == ActorKind::Event)
        }) else {
            return Vec::new();
        };
        let event_actor = event.actors[0];
        let range = self.ctx.tokens.sentence_range(self.sentence);
        let first = tokens.at(trigger.span.start);
        // Fronted: only a few words ("Mardi,", "Lundi 19 mai,", "On Monday,") before the
        // opening words.
        let fronted = first - range.start <= 6
            && !self
                .participants()
                .any(|mention| mention.span.start < trigger.span.start);
        // The parties: states, bodies and people (`is_member`), never the event.
        let parties = if fronted {
            let event_end = tokens.at(event.span.end);
            let Some(comma) = (event_end..(event_end + 8).min(range.end))
                .find(|&index| tokens.norm(index) == ",")
            else {
                return Vec::new();
            };
            self.right_group(tokens.tokens[comma].span.end, 3, |m| self.is_member(m))
        } else {
            self.right_group(tokens.tokens[range.start].span.start, 3, |m| {
                self.is_member(m)
            })
            .into_iter()
            .filter(|mention| mention.span.end <= trigger.span.start)
            .collect()
        };
        // "Kenya's President X arrived for the summit": the state that qualifies a
        // title stands for the person titled after it.
        let titled = |mention: &ActorMention| {
            self.participants()
                .find(|person| {
                    self.actor_kind(person.actors[0]) == ActorKind::Person
                        && self.qualifies_title_of(mention, person)
                })
                .map_or(mention.actors[0], |person| person.actors[0])
        };
        parties
            .iter()
            .filter(|mention| !self.is_document(mention.actors[0]))
            .map(|mention| vec![titled(mention), event_actor])
            .collect()
    }
}
