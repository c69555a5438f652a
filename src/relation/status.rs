//! Status: negation, then the status cue nearest the trigger (before it unless a
//! passive describes the thing, or the verb after a French noun phrase), then defaults by
//! relation type, future endings and triggers that are events themselves.

use super::reader::SentenceReader;
use super::{CueHit, TriggerHit};
use crate::model::{RelationKind, Span, Status};
use crate::resolve::Form;
use crate::words::WordClass;

/// A relation's status as read around its trigger.
pub(super) struct StatusReading {
    pub(super) status: Status,
    /// The status reports news, which dates the relation by publication when the text
    /// gives no date.
    pub(super) reports_news: bool,
    /// A cue gave it (rather than a default).
    pub(super) cued: bool,
}

impl StatusReading {
    fn cued(status: Status, reports_news: bool) -> StatusReading {
        StatusReading {
            status,
            reports_news,
            cued: true,
        }
    }

    fn defaulted(status: Status, reports_news: bool) -> StatusReading {
        StatusReading {
            status,
            reports_news,
            cued: false,
        }
    }
}

impl SentenceReader<'_, '_> {
    /// The status from the cues nearest the trigger (`StatusReading`).
    pub(super) fn status(&self, trigger: &TriggerHit) -> StatusReading {
        if self.negated(trigger.span) {
            return StatusReading::cued(Status::Denied, true);
        }
        // "will invest $2.9 billion in Japan": an amount is the object of the verb just
        // before it, and has its status.
        if let Some(verb) = self.verb_of_amount(trigger) {
            return self.status(verb);
        }
        // The trigger's own word last: "Kenya signed the Declaration", where the verb
        // both makes the relation and tells its status.
        let cue = self
            .cue_before(trigger)
            .or_else(|| self.cue_after(trigger))
            .or_else(|| self.cue_within(trigger));
        match cue {
            // "hopes to sign", "souhaite signer": a wish for the act.
            Some(cue)
                if cue.status == Status::Established
                    && self.word_class_before(cue.span, WordClass::Wish) =>
            {
                StatusReading::cued(Status::Intended, true)
            }
            // "launched negotiations", "ont lancé des négociations": talks begun are
            // under way.
            Some(cue)
                if cue.inception
                    && cue.status == Status::Established
                    && trigger.kind == RelationKind::Negotiation
                    && !self.in_future(cue) =>
            {
                StatusReading::cued(Status::Ongoing, true)
            }
            // Beginnings are news: "ont entamé des discussions", "began talks"; so are
            // events done ("a signé", "signed").
            Some(cue) if cue.status == Status::Established && self.in_future(cue) => {
                // "signera", "will sign": done later, announced now.
                StatusReading::cued(Status::Announced, true)
            }
            Some(cue) => {
                let news = !matches!(cue.status, Status::Established | Status::Ongoing)
                    || cue.inception
                    || cue.event;
                StatusReading::cued(cue.status, news)
            }
            // "Putin instructed the government to cooperate with China": a relation
            // ordered is decided, not yet done.
            None if self.ordered(trigger) => StatusReading::cued(Status::Announced, true),
            None => self.default_status(trigger),
        }
    }

    /// Whether a verb of instructing governs the trigger: a mandate trigger ends at most
    /// eight tokens before it, in its clause ("instructed the government to
    /// cooperate", "a chargé le ministère de négocier").
    fn ordered(&self, trigger: &TriggerHit) -> bool {
        if trigger.kind == RelationKind::Mandate {
            return false;
        }
        let tokens = self.ctx.tokens;
        let first = tokens.at(trigger.span.start);
        self.triggers.iter().any(|mandate| {
            let end = tokens.at(mandate.span.end);
            mandate.kind == RelationKind::Mandate
                && !mandate.features.agent
                && end <= first
                && first - end <= 8
                && !(end..first).any(|at| self.clause_mark(at))
        })
    }

    /// Whether a folded phrase's last word is a verb in the future: longer than five
    /// letters, with a future ending ("organisera", "accueilleront").
    pub(super) fn ends_in_future(&self, text: &str) -> bool {
        let last = text.rsplit(' ').next().unwrap_or("");
        last.len() > 5 && self.words().ends_with(last, WordClass::FutureEnding)
    }

    /// Whether the word at token `index` is a verb in the future by its ending, written
    /// in lower case ("injectera"; "Narendra" is a name).
    fn future_verb_at(&self, index: usize) -> bool {
        let tokens = self.ctx.tokens;
        !tokens.tokens[index].capitalised && self.ends_in_future(tokens.norm(index))
    }

    /// Whether an event cue speaks of the future: its verb ends like a future
    /// ("signera", "lanceront") or an auxiliary of the future stands just before it
    /// ("will sign", "va signer").
    fn in_future(&self, cue: &CueHit) -> bool {
        let future_ending = self.ends_in_future(&self.ctx.folded.text[cue.folded.0..cue.folded.1]);
        future_ending || self.future_auxiliary_before(cue.span)
    }

    /// Whether an auxiliary of the future or a word of plans stands just before `span`
    /// (one word may come between): "will invest", "va investir", "will also sign",
    /// "plan to sign", "devraient signer".
    fn future_auxiliary_before(&self, span: Span) -> bool {
        self.word_class_before(span, WordClass::FutureAuxiliary)
            || self.word_class_before(span, WordClass::PlannedFuture)
            || self.headline_infinitive(span)
    }

    /// "Kenya to host AI summit", "Peru, Ericsson to sign cloud deal": names that open
    /// the sentence, then the word of purpose and the verb, as headlines write what is
    /// to come ("the second partner after the US to sign" is no headline).
    fn headline_infinitive(&self, span: Span) -> bool {
        let tokens = self.ctx.tokens;
        let start = tokens.at(span.start);
        let first = tokens.sentence_range(self.sentence).start;
        if start < first + 2 || !self.word_is(start - 1, WordClass::Purpose) {
            return false;
        }
        // From the sentence's first token to the word of purpose: names, commas and
        // conjunctions only.
        let mut at = first;
        while at < start - 1 {
            if let Some(mention) = self
                .mentions_starting_at(at)
                .iter()
                .find(|mention| mention.form == Form::Name)
            {
                at = tokens.at(mention.span.end).max(at + 1);
            } else if tokens.norm(at) == "," || self.word_is(at, WordClass::Conjunction) {
                at += 1;
            } else {
                return false;
            }
        }
        at == start - 1
    }

    /// Whether the verb that governs an amount is in the future: a future ending, an
    /// auxiliary of the future or a word of plans within the four words before its
    /// number ("injectera 1 milliard", "va injecter 1 milliard", "is set to pour $1
    /// billion").
    fn amount_in_future(&self, trigger: &TriggerHit) -> bool {
        if !trigger.features.amount {
            return false;
        }
        let tokens = self.ctx.tokens;
        let mut number = tokens.at(trigger.span.start);
        // Back over the number and its signs: "$1", "1,5", "200".
        while number > 0 && {
            let previous = &tokens.tokens[number - 1];
            !previous.is_word || is_figure(previous.norm)
        } {
            number -= 1;
        }
        (number.saturating_sub(4)..number)
            .filter(|&at| tokens.tokens[at].sentence == self.sentence)
            .any(|at| {
                self.future_verb_at(at)
                    || self.word_is(at, WordClass::FutureAuxiliary)
                    || self.word_is(at, WordClass::PlannedFuture)
            })
    }

    /// Whether an auxiliary of the future, or a verb in the future, opens the verb
    /// phrase of a noun trigger: within the nine tokens before it, in its clause ("will
    /// set up a joint laboratory", "vont lancer une initiative conjointe", "bénéficiera
    /// d'un financement", "will provide $110 million for research partnerships").
    fn future_verb_before(&self, trigger: &TriggerHit) -> bool {
        let tokens = self.ctx.tokens;
        let first = tokens.at(trigger.span.start);
        // Over an amount too: "will provide $110 million for AI research partnerships".
        (first.saturating_sub(9)..first)
            .rev()
            .take_while(|&at| {
                let token = &tokens.tokens[at];
                token.sentence == self.sentence && !self.clause_mark(at)
            })
            .any(|at| self.word_is(at, WordClass::FutureAuxiliary) || self.future_verb_at(at))
    }

    /// Whether a word of `class` stands just before `span` (one word may come between,
    /// and an elided preposition's apostrophe: "prévoit d'investir").
    fn word_class_before(&self, span: Span, class: WordClass) -> bool {
        let tokens = self.ctx.tokens;
        let start = tokens.at(span.start);
        let elided = start > 0 && tokens.norm(start - 1) == "'";
        let reach = 2 + usize::from(elided);
        (start.saturating_sub(reach)..start).any(|index| self.word_is(index, class))
    }

    /// The trigger of the same kind whose object an amount trigger is: it ends at most
    /// three words before the amount, its figures aside ("will invest $2.9 billion",
    /// "plans to invest more than $6.5 billion", "a promis 5 milliards").
    fn verb_of_amount(&self, trigger: &TriggerHit) -> Option<&TriggerHit> {
        if !trigger.features.amount {
            return None;
        }
        let tokens = self.ctx.tokens;
        let start = tokens.at(trigger.span.start);
        self.triggers.iter().rfind(|other| {
            !other.features.amount
                && other.kind == trigger.kind
                && other.span.end <= trigger.span.start
                && (tokens.at(other.span.end)..start)
                    .filter(|&index| {
                        let token = &tokens.tokens[index];
                        token.is_word && !is_figure(token.norm)
                    })
                    .count()
                    <= 3
        })
    }

    /// A cue that is the trigger's own word, whole, or holds it ("in talks").
    fn cue_within(&self, trigger: &TriggerHit) -> Option<&CueHit> {
        self.cues.iter().find(|cue| {
            (cue.span.start >= trigger.span.start && cue.span.end <= trigger.span.end)
                || (cue.span.start <= trigger.span.start && trigger.span.end <= cue.span.end)
        })
    }

    /// Whether another trigger lies between the byte offsets `from` and `to`: a cue
    /// governs the nearest trigger only. An amount is no verb a cue could govern
    /// instead ("will provide $110 million for research partnerships").
    fn trigger_between(&self, from: usize, to: usize) -> bool {
        self.triggers
            .iter()
            .any(|other| !other.features.amount && other.span.start >= from && other.span.end <= to)
    }

    /// Whether a cue lies outside the trigger.
    fn outside(trigger: &TriggerHit, cue: &CueHit) -> bool {
        !(cue.span.start < trigger.span.end && trigger.span.start < cue.span.end)
    }

    /// The nearest cue before the trigger, within twelve words, with no other trigger
    /// between them; none before a passive, which describes the thing.
    fn cue_before(&self, trigger: &TriggerHit) -> Option<&CueHit> {
        let tokens = self.ctx.tokens;
        let trigger_token = tokens.at(trigger.span.start);
        self.cues
            .iter()
            .filter(|cue| Self::outside(trigger, cue))
            .filter(|cue| cue.span.end <= trigger.span.start)
            // "son désir de rejoindre le partenariat ... lancé par la France": the wish
            // is about joining, not about the launch.
            .filter(|cue| !self.trigger_between(cue.span.end, trigger.span.start))
            .filter(|_| !self.is_passive(trigger))
            .rfind(|cue| {
                let from = tokens.at(cue.span.end).min(trigger_token);
                (from..trigger_token)
                    .filter(|&index| tokens.tokens[index].is_word)
                    .count()
                    <= 12
            })
    }

    /// "Les négociations entre le Japon et la Corée se poursuivent": in French the verb
    /// follows the noun phrase and its complements.
    fn cue_after(&self, trigger: &TriggerHit) -> Option<&CueHit> {
        let tokens = self.ctx.tokens;
        self.cues.iter().find(|cue| {
            let (from, to) = (tokens.at(trigger.span.end), tokens.at(cue.span.start));
            Self::outside(trigger, cue)
                && cue.span.start >= trigger.span.end
                && (from..to)
                    .filter(|&index| tokens.tokens[index].is_word)
                    .count()
                    <= 10
                && (to - from <= 4
                    || (from..to)
                        .all(|index| tokens.tokens[index].is_word || tokens.norm(index) == "'"))
                && !self.trigger_between(trigger.span.end, cue.span.start)
                && !self.cue_of_verb_trigger(trigger, cue)
                && !(self.trigger_in_apposition(trigger)
                    && (from..to).any(|index| tokens.norm(index) == ","))
        })
    }

    /// Whether the trigger is in an apposition after a name: a comma after a mention,
    /// an article, at most three lower-case words, then the trigger ("Microsoft, an
    /// investor in X, declined": the verb after the closing comma is the name's).
    fn trigger_in_apposition(&self, trigger: &TriggerHit) -> bool {
        let tokens = self.ctx.tokens;
        let first = tokens.at(trigger.span.start);
        let range = tokens.sentence_range(self.sentence);
        let Some(article) = (first.saturating_sub(4).max(range.start + 1)..first)
            .rev()
            .find(|&at| tokens.norm(at - 1) == ",")
        else {
            return false;
        };
        let comma = tokens.tokens[article - 1].span;
        (self.word_is(article, WordClass::DefiniteArticle)
            || self.word_is(article, WordClass::IndefiniteArticle))
            && (article + 1..first).all(|at| {
                let token = &tokens.tokens[at];
                token.is_word && !token.capitalised
            })
            && self
                .mentions
                .iter()
                .any(|mention| mention.span.end == comma.start)
    }

    /// Whether the cue is the words of a verb trigger that takes its own object
    /// ("l'alliance franco-allemande mise sur un partenariat": the bet's status, not the
    /// alliance's).
    fn cue_of_verb_trigger(&self, trigger: &TriggerHit, cue: &CueHit) -> bool {
        self.triggers.iter().any(|other| {
            other.span != trigger.span
                && other.features.object
                && other.span.start <= cue.span.start
                && cue.span.end <= other.span.end
        })
    }

    /// The status without a cue.
    fn default_status(&self, trigger: &TriggerHit) -> StatusReading {
        // A restriction the subject has imposed is done ("China banned", "ont
        // interdit"; FORMAT.md: imposed is established); else rivalries and
        // restrictions are stated as states of affairs that go on.
        if trigger.kind == RelationKind::Restriction && self.past_act(trigger) {
            return StatusReading::defaulted(Status::Established, true);
        }
        if matches!(
            trigger.kind,
            RelationKind::Rivalry | RelationKind::Restriction
        ) {
            return StatusReading::defaulted(Status::Ongoing, false);
        }
        // A verb in the future ("organisera", "accueilleront", "will invest", "va
        // investir") announces (FORMAT.md's cue table).
        // Any verb of the phrase: "prendra part", "se réuniront".
        let future = self
            .trigger_text(trigger)
            .split(' ')
            .any(|word| self.ends_in_future(word))
            || self.future_auxiliary_before(trigger.span)
            || self.future_verb_before(trigger)
            || self.amount_in_future(trigger);
        // A trigger that is itself an announcement ("pledged", "a signé") gives its
        // status; a passive agent ("lancé par la France") describes the thing.
        if future || (trigger.is_event && !trigger.features.agent) {
            return StatusReading::defaulted(Status::Announced, true);
        }
        // "China is willing to work with Egypt", "se dit prête à coopérer": a wish
        // for the relation.
        if self.word_class_before(trigger.span, WordClass::Wish) {
            return StatusReading::defaulted(Status::Intended, true);
        }
        StatusReading::defaulted(Status::Established, false)
    }

    /// Whether the trigger is a verb in a past tense: after an auxiliary of the past
    /// ("has restricted", "ont interdit"), or ending like a past ("banned",
    /// "restricted") after no determiner ("the restricted list" is no act).
    fn past_act(&self, trigger: &TriggerHit) -> bool {
        let tokens = self.ctx.tokens;
        let first = tokens.at(trigger.span.start);
        let before = first.checked_sub(1).filter(|&before| {
            tokens.tokens[before].sentence == self.sentence && tokens.tokens[before].is_word
        });
        if before.is_some_and(|before| self.word_is(before, WordClass::PastAuxiliary)) {
            return true;
        }
        let word = tokens.norm(first);
        let determined = before.is_some_and(|before| {
            let classes = self.classes_at(before);
            [
                WordClass::DefiniteArticle,
                WordClass::IndefiniteArticle,
                WordClass::Demonstrative,
                WordClass::Possessive,
                WordClass::Auxiliary,
            ]
            .iter()
            .any(|&class| classes.contains(class))
        });
        word.len() > 4 && self.words().ends_with(word, WordClass::PastEnding) && !determined
    }

    /// "co-présidé par", "lancé par", "backed by": a participle with its agent
    /// describes a standing fact; a cue before it speaks of something else.
    pub(super) fn is_passive(&self, trigger: &TriggerHit) -> bool {
        let tokens = self.ctx.tokens;
        let with_agent =
            trigger.features.agent || self.word_is(tokens.at(trigger.span.end), WordClass::Agent);
        // "seront représentés par" has its own auxiliary: a clause, not a description.
        let before = tokens.at(trigger.span.start).saturating_sub(1);
        let auxiliary = self.word_is(before, WordClass::Auxiliary);
        with_agent && !auxiliary
    }

    pub(super) fn negated(&self, trigger: Span) -> bool {
        let tokens = self.ctx.tokens;
        let trigger_token = tokens.at(trigger.start);
        // In the trigger's clause: "did not sign the declaration, which was endorsed by
        // Peru" denies no endorsement.
        let start = trigger_token.saturating_sub(8);
        let start = (start..trigger_token)
            .rfind(|&index| self.clause_mark(index))
            .map_or(start, |mark| mark + 1);
        for index in start..trigger_token {
            if tokens.tokens[index].sentence != self.sentence {
                continue;
            }
            let classes = self.classes_at(index);
            if classes.contains(WordClass::NegationParticle) {
                let negative = (index + 1..trigger_token + 1)
                    .any(|next| self.word_is(next, WordClass::NegationComplement));
                if negative {
                    return true;
                }
            }
            if classes.contains(WordClass::Negation) && trigger_token - index <= 4 {
                return true;
            }
        }
        let clause_start = tokens.tokens[start].span.start;
        self.cues.iter().any(|cue| {
            cue.status == Status::Denied
                && cue.span.end <= trigger.start
                && cue.span.start >= clause_start
                && trigger_token - tokens.at(cue.span.end).min(trigger_token) <= 6
        })
    }
}

/// Whether a folded word is written in figures only ("110", "2").
fn is_figure(norm: &str) -> bool {
    norm.bytes().all(|b| b.is_ascii_digit())
}
