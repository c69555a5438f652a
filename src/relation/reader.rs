//! The sentence reader: one sentence's triggers, cues, mentions and role facts, and
//! the questions every rule family asks of them (participants, coordinated groups before
//! and after a word, speakers, settings, possessors, the subject).

use std::borrow::Cow;

use super::dating::tense_of;
use super::is_coordination;
use super::spans::{contained_in_another, max_ends};
use super::status::StatusReading;
use super::{Context, CueHit, Relation, TriggerHit};
use crate::date::{self, Tense};
use crate::model::{ActorKind, DateValue, Lang, RelationKind, Span, Subtype, sorted_range};
use crate::resolve::{ActorMention, Form, RoleFact};
use crate::words::{ClassSet, WordClass, Words};

pub(super) struct SentenceReader<'a, 'b> {
    pub(super) ctx: &'a Context<'b>,
    pub(super) sentence: usize,
    /// Every trigger of the sentence: a cue governs the nearest one after it only.
    pub(super) triggers: Cow<'a, [TriggerHit]>,
    pub(super) span: Span,
    pub(super) mentions: &'a [ActorMention],
    /// The role facts read from this sentence, in their order (`roles`, `symmetric`).
    pub(super) roles: &'a [&'a RoleFact],
    pub(super) cues: Cow<'a, [CueHit]>,
    /// The sentence's time expressions, found when a relation first asks for its date:
    /// most sentences yield none. callgrind on the 17 bundled articles: scanning every
    /// sentence for dates was 8.7% of the pipeline's instructions, every sentence with
    /// a trigger 7.0%, only those with a relation 4.7%.
    pub(super) dates: std::cell::OnceCell<Vec<(Span, DateValue)>>,
    /// The one date of the sentence before, if it gives one (`date_pointed_back`).
    pub(super) previous_date: std::cell::OnceCell<Option<DateValue>>,
    /// `side_clauses`, found once: every relation's date and every participation
    /// trigger asks for them.
    pub(super) side_clauses: std::cell::OnceCell<Vec<std::ops::Range<usize>>>,
    /// `participants`, decided once per sentence: every trigger asks for them several
    /// times, and each mention's tests read the tokens around it. callgrind, 1,000
    /// generated articles: the pipeline took 1,083.5 M instructions filtering again at
    /// each call, 1,041.1 M this way (-3.9%).
    pub(super) participants: std::cell::OnceCell<Vec<&'a ActorMention>>,
    /// For each of `mentions`, the greatest end among it and those before it
    /// (`is_nested`).
    pub(super) max_end: std::cell::OnceCell<Vec<usize>>,
    /// The token indices where a "both countries" phrase starts (`both_after`).
    pub(super) both_phrases: std::cell::OnceCell<Vec<usize>>,
    /// Whether the sentence's mentions name two actors or more (`both_after`).
    pub(super) names_two: std::cell::OnceCell<bool>,
    /// The sentence's compound adjectives ("sino-américain"), found once: searched among
    /// all its mentions for each trigger, a sentence of many triggers grew with
    /// triggers times mentions.
    pub(super) compounds: std::cell::OnceCell<Vec<&'a ActorMention>>,
    pub(super) last_pair: Option<(usize, usize)>,
    /// The pair named in the last two sentences: what "des discussions ont eu lieu"
    /// is about when the sentence names no one.
    pub(super) recent_pair: Option<(usize, usize)>,
    /// The last event named in an earlier sentence (`last_event_before`).
    pub(super) event_before: Option<usize>,
}

impl SentenceReader<'_, '_> {
    pub(super) fn dates(&self) -> &[(Span, DateValue)] {
        self.dates.get_or_init(|| {
            self.dates_of_sentence(self.sentence)
                .into_iter()
                .map(|found| (found.span, found.value))
                .collect()
        })
    }

    /// The time expressions of a sentence, placed by its tense (a day of the week by
    /// its clause's, `clause_tense`, when the clause shows one).
    pub(super) fn dates_of_sentence(&self, sentence: usize) -> Vec<date::DateMention> {
        let tokens = self.ctx.tokens.of_sentence(sentence);
        let range = self.ctx.tokens.sentence_range(sentence);
        let dates = &self.ctx.lexicon.dates;
        // Read as past first: most sentences have no time expression, and the tense
        // (which reads every word's ending) matters only to those that have one
        // (callgrind, `extract` on 1,000 generated articles: the tense of every
        // sentence was 26 M instructions, 7% of the whole).
        let found = date::find_dates_in(dates, tokens, self.ctx.published, Tense::Past);
        if found.is_empty() {
            return found;
        }
        let french = self.ctx.lang == Lang::Fr;
        let tense = tense_of(&self.ctx.hits.classes[range.clone()], tokens, |word| {
            french && self.ends_in_future(word)
        });
        // A day of the week in the tense of its clause, when it shows one: the week
        // before publication or after it. Months and years keep the sentence's: "the
        // controls announced on Monday, from August 1" start after publication.
        let weekday = |span: Span| {
            let tokens = self.ctx.tokens;
            (tokens.at(span.start)..tokens.at(span.end)).any(|at| {
                dates
                    .get(tokens.norm(at))
                    .is_some_and(|word| word.weekday.is_some())
            })
        };
        let tense_at = |span: Span| {
            weekday(span)
                .then(|| self.clause_tense(range.clone(), span))
                .flatten()
                .unwrap_or(tense)
        };
        let tenses: Vec<Tense> = found.iter().map(|found| tense_at(found.span)).collect();
        if tenses.iter().all(|&tense| tense == Tense::Past) {
            return found;
        }
        // Read again as of a time to come; each expression keeps the reading of its
        // tense (the same spans, but for one only the second reading resolves).
        let future = date::find_dates_in(dates, tokens, self.ctx.published, Tense::Other);
        let tense_of_found = |span: Span| {
            found
                .iter()
                .position(|found| found.span == span)
                .map_or_else(|| tense_at(span), |index| tenses[index])
        };
        let future: Vec<date::DateMention> = future
            .into_iter()
            .filter(|mention| tense_of_found(mention.span) == Tense::Other)
            .collect();
        let mut merged: Vec<date::DateMention> = found
            .into_iter()
            .zip(tenses)
            .filter(|(_, tense)| *tense == Tense::Past)
            .map(|(found, _)| found)
            .chain(future)
            .collect();
        merged.sort_by_key(|found| found.span.start);
        merged
    }

    pub(super) fn words(&self) -> &Words {
        &self.ctx.lexicon.words
    }

    /// The word classes of the token at `index` (none past the end).
    pub(super) fn classes_at(&self, index: usize) -> ClassSet {
        self.ctx.hits.classes_at(index)
    }

    /// Whether the token at `index` is a word of `class`.
    pub(super) fn word_is(&self, index: usize, class: WordClass) -> bool {
        self.classes_at(index).contains(class)
    }

    /// Whether the token at `index` is a definite article ("l'" counts by its
    /// apostrophe): skipped when looking before a name.
    pub(super) fn is_definite_article(&self, index: usize) -> bool {
        self.ctx.tokens.norm(index) == "'" || self.word_is(index, WordClass::DefiniteArticle)
    }

    /// The one actor of `mention`, when it is of one of `kinds`.
    pub(super) fn sole_actor_of(
        &self,
        mention: &ActorMention,
        kinds: &[ActorKind],
    ) -> Option<usize> {
        match mention.actors[..] {
            [actor] if kinds.contains(&self.actor_kind(actor)) => Some(actor),
            _ => None,
        }
    }

    /// Whether a mention of the sentence starts at token `index`.
    pub(super) fn mention_starts_at(&self, index: usize) -> bool {
        !self.mentions_starting_at(index).is_empty()
    }

    /// The mentions of the sentence that start at token `index`: one run of the sorted
    /// mentions, found by binary search.
    pub(super) fn mentions_starting_at(&self, index: usize) -> &[ActorMention] {
        let tokens = self.ctx.tokens;
        &self.mentions[sorted_range(self.mentions, index..=index, |mention| {
            tokens.at(mention.span.start)
        })]
    }

    pub(super) fn actor_kind(&self, actor: usize) -> ActorKind {
        self.ctx.resolution.actors[actor].kind
    }

    /// Mentions that can take part in a relation: not adjectives (except compounds),
    /// not places.
    pub(super) fn participants(&self) -> impl DoubleEndedIterator<Item = &&ActorMention> {
        self.participant_list().iter()
    }

    /// `participants`, as the slice they are kept in (sorted by start and end).
    pub(super) fn participant_list(&self) -> &[&ActorMention] {
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
                                && actors[actor].subtype != Some(Subtype::Media)
                        })
                        && !self.is_nested(mention)
                        && !self.is_possessor(mention)
                        && !self.is_holders_state(mention)
                        && !self.is_speaker(mention)
                        && !self.is_setting(mention)
                })
                .collect()
        })
    }

    /// The offset after the time expressions, settings and commas that follow `offset`:
    /// "a reçu mardi à l'Élysée le Premier ministre indien" reaches its object at "le".
    pub(super) fn after_adverbials(&self, mut offset: usize) -> usize {
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
                || self.ctx.lexicon.dates.weekday(token.norm).is_some()
                || self.word_is(index, WordClass::Yesterday)
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
            let setting = self
                .words()
                .is(token.norm, WordClass::Locative)
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
    pub(super) fn is_setting(&self, mention: &ActorMention) -> bool {
        let tokens = self.ctx.tokens;
        let mut before = tokens.at(mention.span.start).saturating_sub(1);
        while before > 0 && self.is_definite_article(before) {
            before -= 1;
        }
        self.word_is(before, WordClass::Locative)
            && mention.actors.iter().all(|&actor| {
                self.ctx.resolution.actors[actor].subtype == Some(Subtype::GovernmentBody)
            })
    }

    /// ", a annoncé mardi le Premier ministre X", "selon X", ", said X": whoever reports
    /// a relation is not a party to it.
    pub(super) fn is_speaker(&self, mention: &ActorMention) -> bool {
        let tokens = self.ctx.tokens;
        let start = tokens.at(mention.span.start);
        if self.closing_speaker(mention) {
            return true;
        }
        let mut index = start;
        for _ in 0..8 {
            let Some(previous) = index.checked_sub(1) else {
                return false;
            };
            index = previous;
            let token = &tokens.tokens[index];
            if token.sentence != self.sentence || self.clause_mark(index) {
                return false;
            }
            let classes = self.classes_at(index);
            if classes.contains(WordClass::Reporting) || classes.contains(WordClass::According) {
                // The speaker follows the verb directly (an inverted incise: ", a annoncé
                // mardi le Premier ministre X", ", said X"): a preposition in between
                // makes the mention a complement ("announced agreements with X").
                let complement =
                    (index + 1..start).any(|between| self.word_is(between, WordClass::Complement));
                if complement {
                    return false;
                }
                // "selon" speaks for what follows at once; a verb only in an incise
                // that opened with a comma.
                return classes.contains(WordClass::According)
                    || (index > 0 && (0..index).rev().take(3).any(|i| tokens.norm(i) == ","));
            }
        }
        false
    }

    /// "..., Kenya's foreign ministry said on Tuesday.": the subject of a reporting
    /// verb in the clause that closes the sentence after a comma (nothing but a few
    /// adverbial words after the verb, no other name) reports the sentence.
    fn closing_speaker(&self, mention: &ActorMention) -> bool {
        let tokens = self.ctx.tokens;
        let range = tokens.sentence_range(self.sentence);
        let start = tokens.at(mention.span.start);
        // The comma opens the clause: at most an article, the mention, a possessive and
        // a few lower-case words ("foreign ministry") before the verb.
        let opens = (start.saturating_sub(3)..start)
            .rev()
            .find(|&index| index >= range.start && tokens.norm(index) == ",");
        let Some(comma) = opens else {
            return false;
        };
        if !(comma + 1..start).all(|index| {
            self.is_definite_article(index) || self.word_is(index, WordClass::IndefiniteArticle)
        }) {
            return false;
        }
        let end = tokens.at(mention.span.end);
        let Some(verb) = (end..(end + 5).min(range.end))
            .find(|&index| self.word_is(index, WordClass::Reporting))
        else {
            return false;
        };
        let word_between = |index: usize| {
            let token = &tokens.tokens[index];
            (token.is_word && !token.capitalised) || tokens.norm(index) == "'"
        };
        if !(end..verb).all(word_between) {
            return false;
        }
        // The sentence ends a few words after the verb, naming no one else, and
        // reporting nothing of its own ("After talks with Peru, Oracle said it would
        // expand": a verb after the report is a clause the speaker reports, and the
        // comma closed an adverbial).
        let rest = verb + 1..range.end;
        let reports_a_clause = rest.clone().any(|index| {
            let classes = self.classes_at(index);
            [
                WordClass::FutureAuxiliary,
                WordClass::Auxiliary,
                WordClass::PastAuxiliary,
                WordClass::Copula,
            ]
            .into_iter()
            .any(|class| classes.contains(class))
        });
        rest.len() <= 8
            && !reports_a_clause
            && !self.mentions.iter().any(|other| {
                let at = tokens.at(other.span.start);
                rest.contains(&at) && !self.is_setting(other)
            })
    }

    /// "ONU" inside "Groupe des Amis de l'ONU" is part of a name.
    pub(super) fn is_nested(&self, mention: &ActorMention) -> bool {
        let max_end = self
            .max_end
            .get_or_init(|| max_ends(self.mentions, |other| other.span));
        contained_in_another(self.mentions, max_end, mention.span, |other| other.span)
    }

    /// "Saudi Arabia's Public Investment Fund": the owner in a possessive is not the
    /// party; the owned actor that follows is.
    pub(super) fn is_possessor(&self, mention: &ActorMention) -> bool {
        self.possessed_at(mention).is_some()
    }

    /// The token where the mention a possessor owns starts: after "'s", or after the
    /// bare apostrophe of a plural ("Zentrix Labs' Amara Osei").
    pub(super) fn possessed_at(&self, mention: &ActorMention) -> Option<usize> {
        let tokens = self.ctx.tokens;
        let after = tokens.at(mention.span.end);
        let owned = if self.possessive_s_at(after) {
            // "Peru's sovereign fund FONDO": past the noun phrase that introduces the
            // name it owns.
            let noun = after + 2;
            self.cue_phrase_end(noun)
                .or_else(|| self.qualified_cue_phrase_end(noun))
                .filter(|&end| self.mention_starts_at(end))
                .unwrap_or(noun)
        } else if self.glued_modifier_at(after) {
            // "Nvidia-backed Corvana", "Lima-based Corvana": the name modifies the next.
            after + 2
        } else if tokens.norm(after) == "'" && tokens.norm(after.checked_sub(1)?).ends_with('s') {
            after + 1
        } else {
            return None;
        };
        self.mention_starts_at(owned).then_some(owned)
    }

    /// The mention that owns the noun at token `at` through a possessive "'s" right
    /// before it ("Ghana's partner", "Mistral AI's funding round"), if `accept` takes
    /// it.
    pub(super) fn possessor_of_token(
        &self,
        at: usize,
        accept: impl Fn(&ActorMention) -> bool,
    ) -> Option<&ActorMention> {
        let tokens = self.ctx.tokens;
        let apostrophe = at.checked_sub(2)?;
        if !self.possessive_s_at(apostrophe) {
            return None;
        }
        self.mentions
            .iter()
            .find(|mention| tokens.at(mention.span.end) == apostrophe && accept(mention))
    }

    /// Whether token `index` is a hyphen that glues a participle of agency or seat to
    /// the word before it ("-backed", "-based").
    fn glued_modifier_at(&self, index: usize) -> bool {
        self.ctx.tokens.inner_hyphen(index)
            && (self.word_is(index + 1, WordClass::HyphenAgent)
                || self.word_is(index + 1, WordClass::HyphenSeat))
    }

    /// Whether token `index` and the next are a possessive "'s".
    pub(super) fn possessive_s_at(&self, index: usize) -> bool {
        self.ctx.tokens.norm(index) == "'" && self.word_is(index + 1, WordClass::PossessiveS)
    }

    /// "President William Ruto of Kenya": the state after a titled person's name is
    /// where the office is held (a role), not a party beside the person; nor is the
    /// state after a body's name.
    fn is_holders_state(&self, mention: &ActorMention) -> bool {
        let tokens = self.ctx.tokens;
        let [state] = mention.actors[..] else {
            return false;
        };
        let mut before = tokens.at(mention.span.start);
        if before > 0 && self.word_is(before - 1, WordClass::DefiniteArticle) {
            before -= 1;
        }
        if before < 2 || !self.word_is(before - 1, WordClass::Of) {
            return false;
        }
        let name_end = tokens.tokens[before - 2].span.end;
        // "l'Autorité de régulation des télécommunications du Sénégal": the state of a
        // body named right before it is where the body is, not a party beside it.
        let of_body = self.mentions.iter().any(|other| {
            other.span.end == name_end
                && matches!(other.actors[..], [body] if self.actor_kind(body) == ActorKind::Organization)
        });
        if of_body && self.actor_kind(state) == ActorKind::State {
            return true;
        }
        self.roles.iter().any(|fact| {
            fact.of == state
                && self
                    .mentions
                    .iter()
                    .any(|other| other.span.end == name_end && other.actors == [fact.person])
        })
    }

    pub(super) fn token_distance(&self, a: Span, b: Span) -> usize {
        let tokens = self.ctx.tokens;
        let (first, second) = if a.start <= b.start { (a, b) } else { (b, a) };
        tokens.at(second.start).saturating_sub(tokens.at(first.end))
    }

    /// `token_distance` from a subject to a trigger after it, less an incise between
    /// two commas that opens right after the subject or its verb (two words at most):
    /// "Le Bénin et Oracle ont procédé, mardi à Cotonou, à la signature", "Peru and
    /// Chile, after months of talks in Lima, signed".
    pub(super) fn distance_past_incise(&self, subject: Span, trigger: Span) -> usize {
        let tokens = self.ctx.tokens;
        let (from, to) = (tokens.at(subject.end), tokens.at(trigger.start));
        let distance = to.saturating_sub(from);
        let mut commas = (from..to).filter(|&at| tokens.norm(at) == ",");
        match (commas.next(), commas.next()) {
            (Some(open), Some(close)) if open <= from + 2 => distance - (close - open + 1),
            _ => distance,
        }
    }

    /// Only coordination words between two spans (four at most), and the modifiers of
    /// the second: a demonym ("Nvidia et le saoudien Humain") or a possessor
    /// ("Nvidia and Saudi Arabia's Humain").
    pub(super) fn coordinated(&self, first: Span, second: Span) -> bool {
        let tokens = self.ctx.tokens;
        if tokens.at(second.start) < tokens.at(first.end) {
            return false;
        }
        self.coordinated_across(first, self.apposition_end(first), second)
    }

    /// A titled person's name with the state of their office after it ("John Tanui of
    /// Kenya"), or the name alone.
    fn with_holders_state(&self, name: Span) -> Span {
        let tokens = self.ctx.tokens;
        let mut at = tokens.at(name.end);
        if !self.word_is(at, WordClass::Of) {
            return name;
        }
        at += 1;
        if self.word_is(at, WordClass::DefiniteArticle) {
            at += 1;
        }
        tokens
            .tokens
            .get(at)
            .and_then(|token| {
                self.mentions
                    .iter()
                    .find(|m| m.span.start == token.span.start)
            })
            .filter(|mention| self.is_holders_state(mention))
            .map_or(name, |mention| Span::new(name.start, mention.span.end))
    }

    /// `coordinated`, given where the office apposition after `first` ends, if it has
    /// one (`apposition_end`).
    fn coordinated_across(&self, first: Span, apposition: Option<usize>, second: Span) -> bool {
        let first = self.with_holders_state(first);
        let tokens = self.ctx.tokens;
        let (from, to) = (tokens.at(first.end), tokens.at(second.start));
        let from = apposition.unwrap_or(from);
        // Two names side by side are one phrase ("Microsoft Kenya"), not a list.
        if to <= from {
            return false;
        }
        let (mut index, mut words) = (from, 0);
        // The first's setting, a place the text names and the lexicon does not: "the
        // University of Washington in Seattle and Tsukuba University". Not the second
        // itself: "the investment by Microsoft in G42" lists no one.
        if self.word_is(index, WordClass::PlacePreposition)
            && index + 1 < to
            && tokens
                .tokens
                .get(index + 1)
                .is_some_and(|token| token.capitalised)
        {
            index += 1;
            while index < to && tokens.tokens[index].capitalised {
                index += 1;
            }
        }
        // Its acronym in brackets: "the Digital Development Agency (DDA) and Huawei".
        if tokens.norm(index) == "("
            && let Some(close) = (index + 1..(index + 6).min(to)).find(|&at| tokens.norm(at) == ")")
        {
            index = close + 1;
        }
        while index < to {
            if is_coordination(self.classes_at(index), tokens.norm(index)) {
                words += 1;
                index += 1;
                continue;
            }
            // "Brazilian President Lula and Chinese President Xi": the second's title,
            // with its state, goes with its name, after a conjunction ("au Maroc, le
            // secrétaire d'État américain X" is an apposition, not a list).
            let after_conjunction =
                (from..index).any(|at| self.word_is(at, WordClass::Conjunction));
            // After a comma too when a person comes first: "Safaricom CEO A, Microsoft
            // president B and ..." lists people; no one stands in apposition to
            // another's name.
            let after_person = || {
                (from..index).all(|at| tokens.norm(at) == ",")
                    && self
                        .mentions_starting_at(tokens.at(first.start))
                        .iter()
                        .any(|mention| {
                            mention.span == first
                                && matches!(mention.actors[..], [actor] if self.actor_kind(actor) == ActorKind::Person)
                        })
            };
            if (after_conjunction || after_person()) && self.starts_title_of(index, second) {
                index = to;
                continue;
            }
            // "Peru's foreign minister and his Chilean counterpart": a possessive after
            // the conjunction goes with the second.
            if after_conjunction && self.word_is(index, WordClass::Possessive) {
                index += 1;
                continue;
            }
            // "et le quatrième éditeur de logiciels, SAP": an ordinal before a cue.
            if self.word_is(index, WordClass::Ordinal) && self.cue_phrase_end(index + 1).is_some() {
                index += 1;
                continue;
            }
            // A possessor's "'s" goes with it.
            let modifier_end = self.mentions_starting_at(index).iter().find_map(|mention| {
                let end = tokens.at(mention.span.end);
                if self.is_possessor(mention) {
                    Some(end + 2)
                } else {
                    (mention.form == Form::Demonym).then_some(end)
                }
            });
            // "Nvidia, Bpifrance, la société d'investissement MGX": a noun that
            // introduces an organisation, with its complement, goes with the name.
            let Some(end) = modifier_end
                .or_else(|| self.cue_phrase_end(index))
                .or_else(|| self.qualified_cue_phrase_end(index))
            else {
                return false;
            };
            index = end;
        }
        words <= 4
    }

    /// Where the apposition that gives a named person's office ends, when one follows
    /// `name`: "A, ministre marocaine de la Transition numérique, et B" are coordinated
    /// across it. A role fact names the person at `name`; the apposition runs from the
    /// comma after the name over words and names of states and bodies to the next
    /// comma, the clause's end or a conjunction before another person, within sixteen
    /// tokens. A name that qualifies the title before a person's name is read with
    /// the title and the person.
    fn apposition_end(&self, name: Span) -> Option<usize> {
        let tokens = self.ctx.tokens;
        // "Kenya's Minister for Information Jerry Silaa and Huawei": the name qualifies
        // the title of the person named after it; the group goes on after the person.
        let title_start = self.past_possessive(name);
        let qualified = self.roles.iter().find(|fact| {
            let start = tokens.at(fact.evidence.start);
            (fact.evidence.start == name.start || self.qualifiers_reach(title_start, start))
                && self.mentions.iter().any(|mention| {
                    mention.actors.contains(&fact.person)
                        && mention.span.start >= name.end
                        && mention.span.end <= fact.evidence.end
                })
        });
        if let Some(fact) = qualified {
            return Some(tokens.at(fact.evidence.end));
        }
        self.roles
            .iter()
            .find(|fact| fact.evidence.start == name.start && fact.evidence.end > name.end)?;
        let person = |mention: &&ActorMention| matches!(mention.actors[..], [actor] if self.actor_kind(actor) == ActorKind::Person);
        let mut index = tokens.at(name.end);
        let limit = (index + 16).min(tokens.tokens.len());
        while index < limit {
            // "A, Premier ministre du Canada et B": a conjunction before the next
            // person's name ends it too.
            let conjunction_before_name = self.word_is(index, WordClass::Conjunction)
                && self
                    .mentions
                    .iter()
                    .filter(person)
                    .any(|mention| tokens.at(mention.span.start) == index + 1);
            let norm = tokens.norm(index);
            if tokens.tokens[index].sentence != self.sentence
                || (index > tokens.at(name.end) && matches!(norm, "," | "." | ";"))
                || conjunction_before_name
            {
                return Some(index);
            }
            // The office's state or body goes in whole; another person ends the search.
            if let Some(mention) = self
                .mentions
                .iter()
                .find(|mention| tokens.at(mention.span.start) == index)
            {
                if person(&mention) {
                    return None;
                }
                index = tokens.at(mention.span.end).max(index + 1);
                continue;
            }
            if !(tokens.tokens[index].is_word || matches!(norm, "," | "'" | "-")) {
                return None;
            }
            index += 1;
        }
        None
    }

    /// Where an organisation cue phrase that starts at token `index` ends: the cue
    /// ("société", "géant", "firm") and its lower-case complement ("d'investissement",
    /// "des semi-conducteurs"), up to the name it introduces.
    /// The topic word may be part of the complement ("la start-up de l'IA"), and a
    /// comma may close it before the name, as an apposition ("la start-up de l'IA,
    /// Mistral AI").
    pub(super) fn cue_phrase_end(&self, index: usize) -> Option<usize> {
        let tokens = &self.ctx.tokens.tokens;
        // A hyphenated cue is three tokens: "start-up".
        let hyphenated = self
            .ctx
            .tokens
            .hyphened_word(&self.ctx.folded.text, index + 2)
            .is_some_and(|word| self.words().is(word, WordClass::OrgCue));
        if !hyphenated && !self.word_is(index, WordClass::OrgCue) {
            return None;
        }
        let index = if hyphenated { index + 2 } else { index };
        let mut cursor = index + 1;
        while cursor < tokens.len() && cursor - index <= 6 {
            let token = &tokens[cursor];
            let lower_word = token.is_word && !token.capitalised;
            let topic = cursor > index + 1 && self.word_is(cursor, WordClass::AiWord);
            if token.sentence != self.sentence
                || !(lower_word || topic || matches!(token.norm, "'" | "-"))
            {
                break;
            }
            cursor += 1;
        }
        if tokens.get(cursor).is_some_and(|token| token.norm == ",")
            && tokens.get(cursor + 1).is_some_and(|next| {
                next.is_word && next.capitalised && next.sentence == self.sentence
            })
        {
            cursor += 1;
        }
        Some(cursor)
    }

    /// `cue_phrase_end` past one or two lower-case words that qualify the cue before
    /// it (`ClassSet::only_qualifies`): "the Peruvian sovereign fund FONDO", "the state oil company X".
    fn qualified_cue_phrase_end(&self, index: usize) -> Option<usize> {
        let tokens = &self.ctx.tokens.tokens;
        let qualifier = |at: usize| {
            tokens.get(at).is_some_and(|token| {
                token.is_word
                    && !token.capitalised
                    && token.sentence == self.sentence
                    && self.classes_at(at).only_qualifies()
            })
        };
        if !qualifier(index) {
            return None;
        }
        self.cue_phrase_end(index + 1)
            .or_else(|| qualifier(index + 1).then(|| self.cue_phrase_end(index + 2))?)
    }

    /// Whether a name after an indefinite article qualifies the common noun after it
    /// ("by a US tech firm", "by an Oracle unit"): the party is the noun's, unnamed.
    fn qualifies_common_noun(&self, mention: &ActorMention) -> bool {
        let tokens = self.ctx.tokens;
        let (first, end) = (tokens.at(mention.span.start), tokens.at(mention.span.end));
        first > 0
            && self.word_is(first - 1, WordClass::IndefiniteArticle)
            && tokens.tokens.get(end).is_some_and(|next| {
                let classes = self.classes_at(end);
                next.is_word
                    && !next.capitalised
                    && ![
                        WordClass::Of,
                        WordClass::Conjunction,
                        WordClass::Locative,
                        WordClass::PlacePreposition,
                        WordClass::Complement,
                        WordClass::Recipient,
                        WordClass::Funder,
                        WordClass::Agent,
                        WordClass::Comitative,
                        WordClass::Reporting,
                        WordClass::Auxiliary,
                    ]
                    .into_iter()
                    .any(|class| classes.contains(class))
            })
    }

    /// Whether a mention of the sentence ends at byte `end`.
    fn names_end_at(&self, end: usize) -> bool {
        self.mentions.iter().any(|mention| mention.span.end == end)
    }

    /// The comma that closes a phrase the trigger opens at the head of the sentence
    /// (within its first `within` tokens; the comma within twelve of the trigger).
    pub(super) fn fronted_comma(&self, trigger: &TriggerHit, within: usize) -> Option<usize> {
        let tokens = self.ctx.tokens;
        let range = tokens.sentence_range(self.sentence);
        let first = tokens.at(trigger.span.start);
        if first > range.start + within {
            return None;
        }
        (first..(first + 12).min(range.end)).find(|&at| tokens.norm(at) == ",")
    }

    /// The clauses of the sentence beside its main one, as token ranges: a clause of
    /// contrast to the end of the sentence or a semicolon ("..., while Peru stayed
    /// away"), and a relative clause after a name and a comma to the next comma
    /// ("Oracle, which runs data centres in Brazil, took part"); not a relative pronoun
    /// that opens a list ("dont la France et l'Inde"), nor a clause about a thing ("the
    /// deal, which was signed on Monday, ...": it may date the deal).
    pub(super) fn side_clauses(&self) -> &[std::ops::Range<usize>] {
        self.side_clauses.get_or_init(|| self.find_side_clauses())
    }

    /// The side clause (`side_clauses`) that holds token `at`, if any.
    pub(super) fn side_clause_at(&self, at: usize) -> Option<&std::ops::Range<usize>> {
        self.side_clauses()
            .iter()
            .find(|clause| clause.contains(&at))
    }

    fn find_side_clauses(&self) -> Vec<std::ops::Range<usize>> {
        let tokens = self.ctx.tokens;
        let range = tokens.sentence_range(self.sentence);
        let mut clauses = Vec::new();
        let mut index = range.start;
        while index < range.end {
            let contrast = self.word_is(index, WordClass::Contrast);
            let relative = index > range.start + 1
                && tokens.norm(index - 1) == ","
                && self.word_is(index, WordClass::RelativePronoun)
                && !self.word_is(index, WordClass::Inclusion)
                && self.names_end_at(tokens.tokens[index - 2].span.end);
            if !(contrast || relative) {
                index += 1;
                continue;
            }
            let closes = |at: usize| {
                let norm = tokens.norm(at);
                norm == ";" || (relative && norm == ",")
            };
            let end = (index + 1..range.end)
                .find(|&at| closes(at))
                .unwrap_or(range.end);
            clauses.push(index..end);
            index = end;
        }
        clauses
    }

    /// The group of coordinated mentions that ends nearest before `offset`.
    pub(super) fn left_group(
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
            // "Chinese President Xi": the state that qualifies a member's title is no
            // member of its own.
            if self.qualifies_title_of(mention, first) {
                next = before.next();
                continue;
            }
            // "On the sidelines of the UN General Assembly, X met Y": what an occasion
            // opens names the occasion, not a party beside X.
            if !self.coordinated(mention.span, first.span) || self.opens_occasion(mention) {
                break;
            }
            group.push(mention);
            next = before.next();
        }
        // "The Quad, which includes Japan and India, met in Tokyo": a list in the
        // relative clause or apposition after the subject is no subject.
        if group.len() >= 2
            && let Some(head) = next
            && self.in_apposition(head, last, offset)
        {
            return vec![head];
        }
        group.reverse();
        group
    }

    /// Whether the token at `index` starts the title of the person named at `person`
    /// (a role fact of this sentence), or the name of its state or body right before
    /// it ("Zentrix Labs chief executive X", "Kenya's President X").
    fn starts_title_of(&self, index: usize, person: Span) -> bool {
        let tokens = self.ctx.tokens;
        let start = tokens.tokens[index].span.start;
        let qualifier_end = self
            .mentions_starting_at(index)
            .last()
            .map(|last| self.past_qualifier(last.span));
        self.roles.iter().any(|fact| {
            let title = tokens.at(fact.evidence.start);
            fact.evidence.start < person.start
                && person.end <= fact.evidence.end
                && (fact.evidence.start == start
                    || qualifier_end.is_some_and(|end| self.qualifiers_reach(end, title)))
        })
    }

    /// The token after `span`, past the "'s" of a possessive ("Kenya's").
    pub(super) fn past_possessive(&self, span: Span) -> usize {
        let tokens = self.ctx.tokens;
        let end = tokens.at(span.end);
        if tokens.norm(end) == "'" {
            end + 2
        } else {
            end
        }
    }

    /// Whether the title at token `title` starts at `from` or after one or two
    /// lower-case words of no class there ("regional" of "Ericsson's regional head X").
    fn qualifiers_reach(&self, from: usize, title: usize) -> bool {
        let tokens = self.ctx.tokens;
        (from..=from + 2).contains(&title)
            && (from..title).all(|at| {
                let token = &tokens.tokens[at];
                token.is_word && !token.capitalised && self.classes_at(at).is_empty()
            })
    }

    /// The token after `span` past its possessive and past the region the lexicon knows
    /// right after it ("Microsoft Africa", "Huawei Afrique du Nord"): where a title it
    /// qualifies starts.
    fn past_qualifier(&self, span: Span) -> usize {
        let tokens = self.ctx.tokens;
        let after = self.past_possessive(span);
        let Some(start) = tokens.tokens.get(after).map(|token| token.span.start) else {
            return after;
        };
        self.ctx
            .resolution
            .place_name_at(start)
            .map_or(after, |region| tokens.at(region.end))
    }

    /// Whether `mention` lies inside the title before `person`'s name, as a role fact
    /// of this sentence reads it ("Chinese" of "Chinese President Xi").
    pub(super) fn qualifies_title_of(&self, mention: &ActorMention, person: &ActorMention) -> bool {
        let tokens = self.ctx.tokens;
        // Right before the title, or before its possessive "'s" or its arm's region:
        // "Zentrix Labs chief executive X", "Kenya's President X", "Microsoft Africa
        // president X".
        let next_to = |start: usize| {
            self.qualifiers_reach(self.past_qualifier(mention.span), tokens.at(start))
        };
        mention.span.end <= person.span.start
            && self.roles.iter().any(|fact| {
                person.span.end <= fact.evidence.end
                    && fact.evidence.start <= person.span.start
                    && (fact.evidence.start <= mention.span.start || next_to(fact.evidence.start))
            })
    }

    /// Whether a trigger that opens an adverbial of occasion ("lors du", "on the
    /// sidelines of") ends two words at most before `mention`.
    fn opens_occasion(&self, mention: &ActorMention) -> bool {
        let tokens = self.ctx.tokens;
        let start = tokens.at(mention.span.start);
        self.triggers.iter().any(|trigger| {
            let end = tokens.at(trigger.span.end);
            trigger.features.occasion && end <= start && start - end <= 2
        })
    }

    /// Whether `inner` sits in a comma-delimited apposition right after `head` that
    /// closes before `offset`: "Humain, the company backed by X, announced".
    pub(super) fn in_apposition(
        &self,
        head: &ActorMention,
        inner: &ActorMention,
        offset: usize,
    ) -> bool {
        let tokens = self.ctx.tokens;
        let after_head = tokens.at(head.span.end);
        if tokens.norm(after_head) != "," {
            return false;
        }
        let inner_end = tokens.at(inner.span.end);
        let trigger_token = tokens.at(offset);
        let closes = (inner_end..trigger_token).any(|index| tokens.norm(index) == ",");
        // "X, the company backed by Y, ...", "X, which is owned by Y, ...": an
        // apposition or a relative clause.
        let opener = self.classes_at(after_head + 1);
        // Or a participle that lists the head's members: "l'Alliance, regroupant le
        // Mali et le Niger, ...".
        let roster = || {
            self.triggers.iter().any(|trigger| {
                trigger.features.roster && tokens.at(trigger.span.start) == after_head + 1
            })
        };
        let opens = opener.contains(WordClass::DefiniteArticle)
            || opener.contains(WordClass::IndefiniteArticle)
            || opener.contains(WordClass::RelativePronoun)
            || roster();
        closes && opens
    }

    /// The names after a word of doing beside the subject that follows the trigger in
    /// its clause ("signed the Lima Declaration alongside Peru and Chile", "will invest
    /// in Chile alongside Ericsson"), that `filter` accepts.
    pub(super) fn co_agents(
        &self,
        trigger: &TriggerHit,
        filter: impl Fn(&ActorMention) -> bool,
    ) -> Vec<usize> {
        let tokens = self.ctx.tokens;
        let Some(at) = self.word_after(trigger.span.end, WordClass::CoAgent, 14) else {
            return Vec::new();
        };
        // A comma may set the phrase off: "are members of X, alongside Mexico", ",
        // aux côtés du Chili".
        let phrase_start = if at > 0 && tokens.tokens[at - 1].is_word {
            at - 1
        } else {
            at
        };
        let comma_before = phrase_start.saturating_sub(1);
        if (tokens.at(trigger.span.end)..comma_before).any(|index| self.clause_mark(index)) {
            return Vec::new();
        }
        // "aux côtés de", "alongside the": past the preposition and article after it.
        let mut next = at + 1;
        while next < at + 3 && (self.word_is(next, WordClass::Of) || self.is_definite_article(next))
        {
            next += 1;
        }
        let offset = tokens
            .tokens
            .get(next)
            .map_or(trigger.span.end, |token| token.span.start);
        self.right_group(offset, 1, filter)
            .iter()
            .flat_map(|mention| mention.actors.iter().copied())
            .collect()
    }

    /// The group of coordinated mentions that starts first after `offset`, within
    /// `window` tokens.
    pub(super) fn right_group(
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
        // An article and an organisation cue phrase before the first name do not count
        // ("entre le géant des semi-conducteurs Nvidia, ...").
        let first_token = self.ctx.tokens.at(first.span.start);
        let cue_phrase = (start_token..first_token.min(start_token + 3))
            .find_map(|index| self.cue_phrase_end(index).filter(|&end| end == first_token))
            .map_or(0, |end| end - start_token);
        // "with several African governments, including Kenya, Ghana and Rwanda": a
        // noun phrase, then a word that opens a list of its members.
        let tokens = self.ctx.tokens;
        let listed = || {
            first_token - start_token <= window + 8
                && self.after_inclusion(first.span, start_token)
                && (start_token..first_token).all(|index| {
                    tokens.tokens[index].sentence == self.sentence
                        && !matches!(tokens.norm(index), "." | ";" | ":")
                })
        };
        // "signed by Kenyan Minister of Information and Communications X": the first
        // member's title, with its state, is where the group starts.
        let titled = || {
            (start_token..first_token.min(start_token + window + 1))
                .any(|index| self.starts_title_of(index, first.span))
        };
        if first_token - start_token > window + cue_phrase && !listed() && !titled() {
            return Vec::new();
        }
        let mut group = vec![first];
        // Where the office apposition after the group's last name ends, found once for
        // each name.
        let mut apposition = self.apposition_end(first.span);
        for mention in after {
            let last = group[group.len() - 1];
            let start = self.ctx.tokens.at(mention.span.start);
            // The state of an office in apposition ("A, Kenya's Minister, and B") is no
            // member of the group.
            if apposition.is_some_and(|end| start < end) {
                continue;
            }
            // Nor is the setting of a member: "the University of Lagos in Nigeria and
            // Kyoto University", "l'université de Lagos au Nigeria et ...".
            let member_end = apposition.unwrap_or(self.ctx.tokens.at(last.span.end));
            if start == member_end + 1
                && self.word_is(member_end, WordClass::PlacePreposition)
                && mention.actors.iter().all(|&actor| {
                    matches!(self.actor_kind(actor), ActorKind::State | ActorKind::Place)
                })
                && self.actor_kind(last.actors[0]) != ActorKind::State
            {
                apposition = Some(self.ctx.tokens.at(mention.span.end));
                continue;
            }
            if start >= self.ctx.tokens.at(last.span.end)
                && self.coordinated_across(last.span, apposition, mention.span)
            {
                group.push(mention);
                apposition = self.apposition_end(mention.span);
            } else {
                break;
            }
        }
        group
    }

    /// Whether a word that opens a list ("including", "dont") stands at most three
    /// tokens before `span`, and not before token `from`.
    pub(super) fn after_inclusion(&self, span: Span, from: usize) -> bool {
        let first = self.ctx.tokens.at(span.start);
        (first.saturating_sub(3).max(from)..first)
            .any(|index| self.word_is(index, WordClass::Inclusion))
    }

    /// The token index of a word of `class` after `offset` within `window` tokens,
    /// before the clause ends.
    pub(super) fn word_after(
        &self,
        offset: usize,
        class: WordClass,
        window: usize,
    ) -> Option<usize> {
        let tokens = self.ctx.tokens;
        let start = tokens.at(offset);
        (start..(start + window).min(tokens.tokens.len()))
            .take_while(|&index| tokens.tokens[index].sentence == self.sentence)
            .take_while(|&index| {
                !matches!(tokens.norm(index), ";" | "?" | "!")
                    && (tokens.norm(index) != "." || self.decimal_point(index))
            })
            .find(|&index| self.word_is(index, class))
    }

    /// Whether the token at `index` ends a clause: a comma, semicolon, colon or full
    /// stop, but for the point or comma of a figure ("$1.5bn", "17,000", "1,5 milliard").
    pub(super) fn clause_mark(&self, index: usize) -> bool {
        match self.ctx.tokens.norm(index) {
            ";" | ":" => true,
            "," | "." => !self.decimal_point(index),
            _ => false,
        }
    }

    /// Whether the point or comma at token `index` is glued between two figures
    /// ("$1.5bn", "17,000").
    fn decimal_point(&self, index: usize) -> bool {
        let tokens = &self.ctx.tokens.tokens;
        let figure = |at: usize, first: bool| {
            tokens.get(at).is_some_and(|token| {
                let bytes = token.norm.as_bytes();
                let byte = if first { bytes.first() } else { bytes.last() };
                byte.is_some_and(u8::is_ascii_digit)
            })
        };
        index > 0
            && figure(index - 1, false)
            && figure(index + 1, true)
            && tokens[index - 1].span.end == tokens[index].span.start
            && tokens[index].span.end == tokens[index + 1].span.start
    }

    pub(super) fn read(&self, trigger: &TriggerHit) -> Vec<Relation> {
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
        // No parties, no status to read: most trigger words find none.
        if groups.is_empty() {
            return Vec::new();
        }
        let reading = self.status(trigger);
        let mut relations: Vec<Relation> = Vec::with_capacity(groups.len());
        for participants in groups {
            // Leaders who meet ("Macron et son homologue émirati X") negotiate in person
            // as well as for their states (FORMAT.md records both).
            let leaders = trigger.kind == RelationKind::Negotiation
                && participants.len() == 2
                && participants[0] != participants[1]
                && participants.iter().all(|&actor| {
                    self.actor_kind(actor) == ActorKind::Person
                        && self.state_of_leader(actor).is_some()
                });
            if leaders {
                let reports_news = reading.reports_news || trigger.is_event;
                let in_person = participants.clone();
                relations.push(self.relation(
                    trigger,
                    RelationKind::Negotiation,
                    in_person,
                    &reading,
                    reports_news,
                ));
            }
            relations.extend(self.relation_of(trigger, participants, &reading));
        }
        // Negotiators take part in the round of talks the sentence names.
        if trigger.kind == RelationKind::Negotiation
            && let Some(event) = self.event_in_sentence()
            && self.event_in_trigger_clause(trigger, event)
        {
            let taking_part = self.negotiators_take_part(trigger, &relations, event, &reading);
            relations.extend(taking_part);
        }
        relations
    }

    /// The relation a trigger's rule found between `participants`, once people who
    /// speak for their state are lifted to it; none when fewer than two remain.
    fn relation_of(
        &self,
        trigger: &TriggerHit,
        participants: Vec<usize>,
        reading: &StatusReading,
    ) -> Option<Relation> {
        let participants = self.lift_people(trigger.kind, participants);
        if participants.len() < 2 || participants[0] == participants[1] {
            return None;
        }
        let object = &self.ctx.resolution.actors[participants[1]];
        let kind = match trigger.kind {
            // Joining or co-chairing an event is taking part in it.
            RelationKind::Membership if object.kind == ActorKind::Event => {
                RelationKind::Participation
            }
            // Hosting a guest, not an event, is meeting them.
            RelationKind::Participation if object.kind != ActorKind::Event => {
                RelationKind::Negotiation
            }
            // Backing a text is endorsing it: "the Lima Declaration, backed by Peru".
            RelationKind::Investment if self.is_document(participants[1]) => {
                RelationKind::Membership
            }
            // Leading a state's body is a public office.
            RelationKind::Affiliation
                if object.kind == ActorKind::State
                    || object.subtype == Some(Subtype::GovernmentBody) =>
            {
                RelationKind::Role
            }
            kind => kind,
        };
        let reports_news = reading.reports_news || trigger.is_event;
        Some(self.relation(trigger, kind, participants, reading, reports_news))
    }

    /// A relation read at `trigger`, dated and given the status `reading` says, with
    /// the smallest evidence that holds its participants.
    fn relation(
        &self,
        trigger: &TriggerHit,
        kind: RelationKind,
        participants: Vec<usize>,
        reading: &StatusReading,
        reports_news: bool,
    ) -> Relation {
        let (date, date_source) = self.date(trigger, &participants, reading.status, reports_news);
        Relation {
            kind,
            evidence: self.evidence(trigger.span, &participants),
            participants,
            date,
            status: reading.status,
            sentence: self.sentence,
            date_source,
            cued: reading.cued,
        }
    }

    /// Each party of the sentence's negotiations takes part in the `event` it names.
    fn negotiators_take_part(
        &self,
        trigger: &TriggerHit,
        negotiations: &[Relation],
        event: usize,
        reading: &StatusReading,
    ) -> Vec<Relation> {
        let mut seen = Vec::new();
        let mut relations = Vec::new();
        for &actor in negotiations
            .iter()
            .flat_map(|relation| &relation.participants)
        {
            if seen.contains(&actor) {
                continue;
            }
            seen.push(actor);
            relations.push(self.relation(
                trigger,
                RelationKind::Participation,
                vec![actor, event],
                reading,
                reading.reports_news,
            ));
        }
        relations
    }

    /// Heads of state and government, and foreign ministers, speak for their state in
    /// state-level relations: "Poutine appelle à une alliance avec la Chine".
    pub(super) fn lift_people(&self, kind: RelationKind, participants: Vec<usize>) -> Vec<usize> {
        // A leader who restricts does so for the state: "President Biden announced
        // restrictions on chip exports to China" is the United States'.
        if kind == RelationKind::Restriction {
            let mut participants = participants;
            if let Some(first) = participants.first_mut()
                && self.actor_kind(*first) == ActorKind::Person
                && let Some(state) = self.state_of_leader(*first)
            {
                *first = state;
            }
            return participants;
        }
        if kind.is_directed() {
            return participants;
        }
        // "Pham Minh Chinh et le PDG de Nvidia Jensen Huang ont assisté à la signature
        // d'un accord": people the text gives an office agree for what they serve.
        if matches!(kind, RelationKind::Partnership | RelationKind::Alliance)
            && let Some(lifted) = self.lift_to_offices(&participants)
        {
            return lifted;
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
            // "le gouvernement russe ... un partenariat avec la Chine" is Russia's; a
            // body with a name of its own is itself ("Senegal and the French Development
            // Agency signed").
            let executive = actors[actor]
                .lexicon
                .is_some_and(|idx| self.ctx.lexicon.actor(idx).subtype == Some(Subtype::Executive));
            if executive
                && actors[actor].subtype == Some(Subtype::GovernmentBody)
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

    /// Every person among `participants` replaced by the state or body of an office
    /// the document gives them (a lexicon leader by their state), when every person
    /// has one and the parties stay apart; None otherwise.
    fn lift_to_offices(&self, participants: &[usize]) -> Option<Vec<usize>> {
        let actors = &self.ctx.resolution.actors;
        if !participants
            .iter()
            .any(|&actor| actors[actor].kind == ActorKind::Person)
        {
            return None;
        }
        let mut lifted = Vec::with_capacity(participants.len());
        for &actor in participants {
            let chosen = if actors[actor].kind == ActorKind::Person {
                self.state_of_leader(actor).or_else(|| {
                    self.ctx
                        .resolution
                        .roles
                        .iter()
                        .find(|fact| fact.person == actor)
                        .map(|fact| fact.of)
                })?
            } else {
                actor
            };
            if lifted.contains(&chosen) {
                return None;
            }
            lifted.push(chosen);
        }
        Some(lifted)
    }

    pub(super) fn state_of_leader(&self, person: usize) -> Option<usize> {
        let actors = &self.ctx.resolution.actors;
        let known = actors[person]
            .lexicon
            .and_then(|idx| self.ctx.lexicon.state_of_leader(idx))
            .and_then(|state| actors.iter().position(|actor| actor.lexicon == Some(state)));
        // A leader the lexicon does not know, by the office the text gives them:
        // "Chilean President Gabriel Boric".
        known.or_else(|| {
            self.ctx
                .resolution
                .roles
                .iter()
                .find(|fact| {
                    fact.person == person
                        && fact.speaks_for_state
                        && actors[fact.of].kind == ActorKind::State
                })
                .map(|fact| fact.of)
        })
    }

    pub(super) fn polity(&self, mention: &ActorMention) -> bool {
        mention.actors.iter().all(|&actor| {
            matches!(
                self.actor_kind(actor),
                ActorKind::State | ActorKind::Organization | ActorKind::Person
            )
        })
    }

    pub(super) fn subject_before(&self, offset: usize, kinds: &[ActorKind]) -> Option<usize> {
        let group = self.left_group(offset, |mention| {
            self.sole_actor_of(mention, kinds).is_some()
        });
        group.first().map(|mention| mention.actors[0])
    }

    /// The first participant of the sentence: its grammatical subject, usually.
    pub(super) fn sentence_subject(&self, before: usize, kinds: &[ActorKind]) -> Option<usize> {
        self.participants()
            .find(|mention| {
                mention.span.end <= before
                    && mention.actors.len() == 1
                    && kinds.contains(&self.actor_kind(mention.actors[0]))
            })
            .map(|mention| mention.actors[0])
    }

    /// The trigger's folded form, read from the document's folded text (a pattern
    /// match never starts or ends with white space, so it is `fold` of the original).
    pub(super) fn trigger_text(&self, trigger: &TriggerHit) -> &str {
        &self.ctx.folded.text[trigger.folded.0..trigger.folded.1]
    }

    /// The actor after a word of `class` following the trigger: the first named party
    /// within a few words ("par le néerlandais ASML" is ASML). When `demonyms` is set and
    /// no party is named, an adjective of nationality stands for its state
    /// ("investment in British data centres" goes to the United Kingdom).
    pub(super) fn introduced_by(
        &self,
        trigger: &TriggerHit,
        class: WordClass,
        window: usize,
        kinds: &[ActorKind],
        demonyms: bool,
    ) -> Vec<usize> {
        let tokens = self.ctx.tokens;
        let Some(index) = self.word_after(trigger.span.start, class, window) else {
            return Vec::new();
        };
        let found = self.introduced_at(trigger, index, kinds, demonyms);
        if !found.is_empty() {
            return found;
        }
        // "invest $1 billion in a solar-powered data centre in Chile": the first word of
        // the class opens a thing, no party; a later one, within ten tokens of it in the
        // same clause, may name it, right after it ("in partnership with G42" names a
        // partner).
        let mut from = index;
        while let Some(next) = self
            .word_after(tokens.tokens[from].span.end, class, index + 11 - from)
            .filter(|&next| !(from..next).any(|at| self.clause_mark(at)))
        {
            if self.mention_starts_at(next + 1)
                || (self.is_definite_article(next + 1) && self.mention_starts_at(next + 2))
            {
                return self.introduced_at(trigger, next, kinds, demonyms);
            }
            from = next;
        }
        found
    }

    /// `introduced_by` for the word of its class at token `index`.
    fn introduced_at(
        &self,
        trigger: &TriggerHit,
        index: usize,
        kinds: &[ActorKind],
        demonyms: bool,
    ) -> Vec<usize> {
        let tokens = self.ctx.tokens;
        // Not past a relative clause's pronoun: "fund the hub, which will be run by X"
        // (X runs it).
        if (tokens.at(trigger.span.end)..index)
            .any(|at| self.word_is(at, WordClass::RelativePronoun))
        {
            return Vec::new();
        }
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
                    kinds.contains(&entry.kind) && entry.subtype != Some(Subtype::Media)
                })
            })
            .collect();
        // "by a US tech firm in the country": the party is the noun the first name
        // qualifies, unnamed; no name after it.
        if eligible.first().is_some_and(|mention| {
            tokens.at(mention.span.start) <= start + 2 && self.qualifies_common_noun(mention)
        }) {
            return Vec::new();
        }
        // Mentions come in text order: those within five tokens are a prefix; not past
        // a word of doing beside ("invest in the project alongside Ericsson": Ericsson
        // invests too).
        let beside = (start..(start + 5).min(tokens.tokens.len()))
            .find(|&at| self.word_is(at, WordClass::CoAgent))
            .unwrap_or(usize::MAX);
        let near = |mention: &&&ActorMention| {
            let at = tokens.at(mention.span.start);
            at <= start + 5 && at < beside
        };
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

    pub(super) fn event_in_sentence(&self) -> Option<usize> {
        self.mentions
            .iter()
            .filter(|mention| mention.actors.len() == 1)
            .map(|mention| mention.actors[0])
            .find(|&actor| self.actor_kind(actor) == ActorKind::Event)
    }

    /// Whether the sentence names `event` in the trigger's clause: "Peru's president,
    /// who will travel to the summit next week, met Oracle on Monday" meets Oracle
    /// outside the summit's relative clause.
    fn event_in_trigger_clause(&self, trigger: &TriggerHit, event: usize) -> bool {
        let tokens = self.ctx.tokens;
        let trigger_clause = self.side_clause_at(tokens.at(trigger.span.start));
        self.mentions
            .iter()
            .filter(|mention| mention.actors == [event])
            .any(|mention| self.side_clause_at(tokens.at(mention.span.start)) == trigger_clause)
    }

    /// The last event named before this sentence: found for every sentence in one pass
    /// over the mentions (`relation::extract`), not by a scan of them per trigger.
    pub(super) fn last_event_before(&self) -> Option<usize> {
        self.event_before
    }

    /// The smallest span of the sentence holding the trigger and the participants
    /// mentioned in it.
    pub(super) fn evidence(&self, trigger: Span, participants: &[usize]) -> Span {
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
}
