//! Actors the lexicon does not know, recognised from the words around them: people
//! after a title of address or next to an office, organisations after a cue ("la startup
//! X"), quoted names, and names headed by an organisation noun.

use std::sync::Arc;

use super::index::Demonyms;
use super::{ActorMention, Builder, Form, Raw, RawWhat};
use crate::model::{ActorKind, RelationKind, Span, Subtype, sorted_range};
use crate::words::{WordClass, Words};

impl<'b> Builder<'_, 'b> {
    /// Actors the lexicon does not know, recognised from the words around them.
    /// `names`: the capitalised words and quotation marks, where a name can start.
    pub(super) fn unknown_actors(&mut self, offices: &[Raw], names: &[u32], demonyms: &Demonyms) {
        let tokens = &self.ctx.tokens.tokens;
        let mut offices = OfficeBounds::of(self.ctx.tokens, offices);
        // Where a meeting verb, a verb of taking part or one of instructing starts: its
        // subject is someone ("X met Y", "X addressed the summit", "X était présent au
        // sommet", "X tasked the ministry").
        offices.meetings = self
            .ctx
            .hits
            .triggers
            .iter()
            .filter(|hit| {
                let trigger = &self.ctx.lexicon.triggers[hit.payload as usize];
                let features = trigger.features;
                features.meeting
                    || (trigger.relation == RelationKind::Mandate && !features.agent)
                    || (trigger.relation == RelationKind::Participation
                        && !features.occasion
                        && !features.agent
                        && !features.representation)
            })
            .map(|hit| self.ctx.tokens.at(hit.span.start))
            .collect();
        offices.meetings.sort_unstable();
        // Title-case lines ("Orange And Nvidia Unveil Accord For Solar Computing Hub"):
        // capitals there say nothing of names.
        let title_case = self.title_case_sentences();
        // The token after the last person found: "X et Y", "X and Y" after an office
        // are both its holders.
        let mut after_person: Option<usize> = None;
        // The next token a name may start at: a name found ends the search inside it.
        let mut index = 0;
        for &start in names {
            if (start as usize) < index {
                continue;
            }
            index = start as usize;
            let token = &tokens[index];
            // Quoted names after an organisation cue: l'Organisation "Current AI",
            // un projet appelé « Stargate ».
            if token.norm == "\""
                && let Some(next) = self.quoted_org(index, demonyms)
            {
                index = next;
                continue;
            }
            // Capitalisation first: the coverage test costs more (3.8% of the
            // pipeline's instructions from here with coverage first, when every token
            // came here; see `events`).
            if !token.capitalised || self.is_covered(token.span) {
                index = self.lowercase_headed(index).unwrap_or(index + 1);
                continue;
            }
            if title_case.get(token.sentence).copied().unwrap_or(false) {
                index += 1;
                continue;
            }
            if let Some(next) = self.not_a_name_start(index, &offices) {
                index = next;
                continue;
            }
            let Some(end) = self.name_sequence(index) else {
                index += 1;
                continue;
            };
            if self.holder_after_complement(index, end, &offices, demonyms) {
                index = end;
                continue;
            }
            if let Some(org_end) = self.officer_company(index, end, &offices) {
                // "Kenya Revenue Authority chief executive X": a body by its head, with
                // the state before it.
                if self.is_at(org_end - 1, WordClass::OrgHead)
                    && let Some(next) = self.head_last_org(index, org_end)
                {
                    index = next;
                    continue;
                }
                let span = Span::new(tokens[index].span.start, tokens[org_end - 1].span.end);
                let name = self.ctx.slice(span);
                let org =
                    self.new_actor(name, ActorKind::Organization, Some(Subtype::Company), None);
                self.add_mention(span, vec![org], Form::Name);
                index = org_end;
                continue;
            }
            // A person's name joins its words with particles only ("bin", "van"), not
            // with the connectors of organisations' names: "Chris Bryant on Monday".
            let person_end = self.person_name_end(index, end);
            // "Mohamed bin Zayed Al Nahyan": a particle and capitals right after a
            // person the lexicon knows go on with their name (`names_as_written` reads
            // them), no one else's.
            if self.is_at(index, WordClass::NameParticle) && self.person_just_before(index) {
                index = person_end;
                continue;
            }
            let coordinated = index >= 1
                && after_person == Some(index - 1)
                && self.is_at(index - 1, WordClass::Conjunction)
                && tokens[index..person_end]
                    .iter()
                    .filter(|t| t.is_word)
                    .count()
                    >= 2;
            if coordinated || self.names_a_person(index, person_end, &offices, demonyms, true) {
                let span = Span::new(tokens[index].span.start, tokens[person_end - 1].span.end);
                let name = self.ctx.slice(span);
                let person = self.new_actor(name, ActorKind::Person, None, None);
                self.add_mention(span, vec![person], Form::Name);
                after_person = Some(person_end);
                index = person_end;
                continue;
            }
            let span = Span::new(tokens[index].span.start, tokens[end - 1].span.end);
            // Borrowed: most name sequences are no new actor.
            let name = self.ctx.slice(span);
            // Organisation after a cue: "la startup américaine X", "le fonds canadien X".
            // The topic word alone names none: "to fund AI research", "un fonds IA".
            let topic_alone = end == index + 1 && self.is_at(index, WordClass::AiWord);
            let cue = if topic_alone {
                None
            } else {
                self.org_cue_before(index, demonyms)
                    .or_else(|| self.org_cue_after(end, demonyms))
            };
            if let Some((subtype, country)) = cue {
                let org = self.new_actor(name, ActorKind::Organization, Some(subtype), country);
                self.add_mention(span, vec![org], Form::Name);
                index = end;
                continue;
            }
            if let Some(next) = self.head_last_org(index, end) {
                index = next;
                continue;
            }
            // "Telvora and Orange signed": a name the lexicon does not know, coordinated
            // with a firm, is a body; unless it is a word of a class or a trigger
            // ("Accord"). "Telvora Africa", "Telvora Kenya": a firm's arm is named by
            // the place or state it serves, which the lexicon knows, right after.
            // "Lima-based Corvana": the word before a glued participle of seat is a
            // place.
            if self.ctx.tokens.inner_hyphen(end) && self.is_at(end + 1, WordClass::HyphenSeat) {
                index = end;
                continue;
            }
            let arm_end = self.place_after(end).filter(|_| end == index + 1);
            let full_end = arm_end.unwrap_or(end);
            // "Oracle and Chile's Corvana", "partnered with Chile's Corvana": a state's
            // possessive before the name stands where the name would.
            let possessor = self.state_possessor(index);
            let lead = possessor.map_or(index, |state| self.ctx.tokens.at(state.span.start));
            // The possessor's state is the body's country.
            let country = possessor.and_then(|state| self.state_id(state));
            if (self.beside_firm(lead, full_end)
                || (end == index + 1 && self.counterpart_of_trigger(lead))
                || arm_end.is_some_and(|arm_end| {
                    // "the Choose France summit": before an event's head, the words
                    // name the event.
                    self.trigger_starts_at(arm_end) && !self.is_at(arm_end, WordClass::EventHead)
                }))
                && self.plain_name(index, end)
                && !(end == index + 1 && self.surname_of_earlier_person(index))
            {
                let span = Span::new(tokens[index].span.start, tokens[full_end - 1].span.end);
                let name = self.ctx.slice(span);
                let org = self.new_actor(name, ActorKind::Organization, None, country);
                self.add_mention(span, vec![org], Form::Name);
            }
            index = full_end;
        }
    }

    /// Whether the word at `index` is a past participle or preterite by its ending
    /// ("blacklisted", "sanctionné").
    fn ends_in_past(&self, index: usize) -> bool {
        self.words()
            .ends_with(self.ctx.tokens.norm(index), WordClass::PastEnding)
    }

    /// Per sentence, whether it is written in title case: two function words or more
    /// (conjunctions, prepositions, articles) capitalised past its first word ("Orange
    /// And Nvidia Unveil Accord For Solar Computing Hub").
    fn title_case_sentences(&self) -> Vec<bool> {
        let tokens = self.ctx.tokens;
        let mut capitalised = vec![0u8; tokens.sentences.len()];
        for (index, token) in tokens.tokens.iter().enumerate() {
            let first = index == 0 || tokens.tokens[index - 1].sentence != token.sentence;
            if first || !token.capitalised || !token.is_word {
                continue;
            }
            let classes = self.classes_at(index);
            let function = [
                WordClass::Conjunction,
                WordClass::Of,
                WordClass::Locative,
                WordClass::PlacePreposition,
                WordClass::DefiniteArticle,
                WordClass::IndefiniteArticle,
                WordClass::Counterpart,
                WordClass::Agent,
                WordClass::TopicMarker,
            ]
            .into_iter()
            .any(|class| classes.contains(class));
            if function && let Some(count) = capitalised.get_mut(token.sentence) {
                *count = count.saturating_add(1);
            }
        }
        capitalised.into_iter().map(|count| count >= 2).collect()
    }

    /// Whether the words `index..end` are of no class and no trigger's.
    fn plain_name(&self, index: usize, end: usize) -> bool {
        let tokens = &self.ctx.tokens.tokens;
        let span = Span::new(tokens[index].span.start, tokens[end - 1].span.end);
        (index..end).all(|at| !tokens[at].is_word || self.classes_at(at).is_empty())
            && !self
                .ctx
                .hits
                .triggers
                .iter()
                .any(|hit| hit.span.start < span.end && span.start < hit.span.end)
    }

    /// "signed an agreement with Telegram", "en partenariat avec Telvora", "the
    /// partnership between Telvora and ...": a one-word name right after
    /// "with"/"avec"/"between"/"entre" that closes a few words after a trigger of
    /// partnership or negotiation names the other party, a body; so does one right
    /// after a verb of restriction in a past tense ("blacklisted Inspur"), or after
    /// "into"/"dans" a few words after a trigger of investment ("injected $2 billion
    /// into Zentrix"), or the group a trigger of membership names (`joined_group_at`).
    /// Whether an affiliation trigger that takes its body as object starts at token
    /// `index` ("qui dirige", "à la tête de", "who founded").
    fn leading_verb_at(&self, index: usize) -> bool {
        let tokens = self.ctx.tokens;
        self.triggers_from(index)
            .take_while(|hit| tokens.at(hit.span.start) == index)
            .any(|hit| {
                let trigger = &self.ctx.lexicon.triggers[hit.payload as usize];
                trigger.relation == RelationKind::Affiliation && trigger.features.object
            })
    }

    fn counterpart_of_trigger(&self, index: usize) -> bool {
        let tokens = &self.ctx.tokens.tokens;
        let Some(with) = index.checked_sub(1) else {
            return false;
        };
        // "blacklisted Inspur", "sanctioned Zentrix": the object right after a verb of
        // restriction.
        let restricted = self.ctx.hits.triggers.iter().any(|hit| {
            let trigger = &self.ctx.lexicon.triggers[hit.payload as usize];
            trigger.relation == RelationKind::Restriction
                && hit.span.end == tokens[with].span.end
                && self.ends_in_past(with)
        });
        if restricted || self.listed_before_restriction(index) {
            return true;
        }
        // "pumped $2 billion into Zentrix", "a injecté 2 milliards de dollars dans
        // Zentrix": the body after a preposition of the money's destination that names
        // no place ("in", "en" name places) nor a purpose ("for"), a few words after a
        // trigger of investment.
        let into = self.is_at(with, WordClass::Recipient)
            && !self.is_at(with, WordClass::Locative)
            && !self.is_at(with, WordClass::PlacePreposition)
            && !self.is_at(with, WordClass::Benefactive);
        // "backed Corvana", "a financé Corvana", "took a stake in Corvana": the object
        // right after a verb of investment that takes its recipient, or after a
        // trigger that ends with its preposition.
        let recipient_after = self.ctx.hits.triggers.iter().any(|hit| {
            let trigger = &self.ctx.lexicon.triggers[hit.payload as usize];
            trigger.relation == RelationKind::Investment
                && hit.span.end == tokens[with].span.end
                && (trigger.features.object
                    || (hit.span.start < tokens[with].span.start
                        && self.is_at(with, WordClass::PlacePreposition)))
        });
        if recipient_after {
            return true;
        }
        if into {
            let window_start = tokens[with.saturating_sub(8)].span.start;
            let with_start = tokens[with].span.start;
            return self.ctx.hits.triggers.iter().any(|hit| {
                let relation = self.ctx.lexicon.triggers[hit.payload as usize].relation;
                relation == RelationKind::Investment
                    && hit.span.end <= with_start
                    && hit.span.end >= window_start
            });
        }
        if self.joined_group_at(index) {
            return true;
        }
        if !self.is_at(with, WordClass::Counterpart) && !self.is_at(with, WordClass::Between) {
            return false;
        }
        let window_start = tokens[with.saturating_sub(4)].span.start;
        let with_end = tokens[with].span.end;
        self.ctx.hits.triggers.iter().any(|hit| {
            let relation = self.ctx.lexicon.triggers[hit.payload as usize].relation;
            matches!(
                relation,
                RelationKind::Partnership | RelationKind::Negotiation | RelationKind::Alliance
            ) && hit.span.end <= with_end
                && hit.span.end >= window_start
        })
    }

    /// "added Corvana to its entity list", "a inscrit Corvana sur sa liste noire": the
    /// one word at `index` goes to a list of restriction named after a preposition and
    /// a determiner.
    fn listed_before_restriction(&self, index: usize) -> bool {
        let tokens = &self.ctx.tokens.tokens;
        let to = index + 1;
        if to >= tokens.len()
            || !(self.is_at(to, WordClass::Recipient)
                || self.is_at(to, WordClass::PlacePreposition)
                || self.is_at(to, WordClass::RestrictionTarget))
        {
            return false;
        }
        let determiner = to + 1;
        if !(self.is_at(determiner, WordClass::Possessive)
            || self.is_at(determiner, WordClass::DefiniteArticle))
        {
            return false;
        }
        // Over the apostrophe of an elided article ("l'").
        let mut list = determiner + 1;
        if tokens.get(list).is_some_and(|token| token.norm == "'") {
            list += 1;
        }
        let Some(start) = tokens.get(list).map(|token| token.span.start) else {
            return false;
        };
        self.ctx.hits.triggers.iter().any(|hit| {
            self.ctx.lexicon.triggers[hit.payload as usize].relation == RelationKind::Restriction
                && hit.span.start == start
        })
    }

    /// The mention of a state by its name whose possessive "'s" ends right before
    /// token `index` ("Chile" of "Chile's Corvana").
    fn state_possessor(&self, index: usize) -> Option<&ActorMention> {
        if index < 3 || !self.possessive_s_at(index - 2) {
            return None;
        }
        self.mention_ending_at(index - 3).filter(|mention| {
            mention.form == Form::Name
                && matches!(mention.actors[..], [actor]
                        if self.resolution.actors[actor].kind == ActorKind::State)
        })
    }

    /// Whether the name sequence `index..end` is coordinated with a firm the lexicon
    /// knows: "Telvora and Orange", "Orange et Telvora".
    fn beside_firm(&self, index: usize, end: usize) -> bool {
        let firm = |mention: Option<&ActorMention>| {
            mention.is_some_and(|mention| {
                mention.form == Form::Name
                    && matches!(mention.actors[..], [actor]
                        if self.resolution.actors[actor].subtype == Some(Subtype::Company))
            })
        };
        let after =
            self.is_at(end, WordClass::Conjunction) && firm(self.mention_starting_at(end + 1));
        let before = index >= 2
            && self.is_at(index - 1, WordClass::Conjunction)
            && firm(self.mention_ending_at(index - 2));
        after || before
    }

    /// "le ministère de l'Enseignement supérieur": a lower-case head (French writes its
    /// ministries so) whose complement is a name; where to go on after it.
    fn lowercase_headed(&mut self, index: usize) -> Option<usize> {
        let token = &self.ctx.tokens.tokens[index];
        // "le ministère ghanéen du Numérique": the state's demonym may come between.
        let demonym_between = || {
            self.mention_starting_at(index + 1)
                .is_some_and(|mention| mention.form == Form::Demonym)
                && self.named_complement_after(index + 1)
        };
        if token.capitalised
            || !self.is_at(index, WordClass::LowercaseOrgHead)
            || !(self.named_complement_after(index) || demonym_between())
            || self.is_covered(token.span)
        {
            return None;
        }
        // "la déclaration de Lima", "le pacte de Bamako": a text is named by the place
        // it was made in ("la déclaration de Macron" is what he said).
        if self.is_at(index, WordClass::DocumentHead) && !self.place_complement_after(index) {
            return None;
        }
        self.headed_org(index)
    }

    /// Whether a place or a state by its name follows the "of"/"de" (and its articles)
    /// after token `index`: "de Lima", "du Pérou".
    fn place_complement_after(&self, index: usize) -> bool {
        let tokens = &self.ctx.tokens.tokens;
        let Some(at) = self.past_connectors(index, index + 2, 3) else {
            return false;
        };
        self.resolution
            .place_name_at(tokens[at].span.start)
            .is_some()
            || self.mention_starting_at(at).is_some_and(|mention| {
                mention.form != Form::Demonym
                    && mention.actors.iter().all(|&actor| {
                        matches!(
                            self.resolution.actors[actor].kind,
                            ActorKind::State | ActorKind::Place
                        )
                    })
            })
    }

    /// "Zentrix chief executive Marlo Vesk", "Zentrix CEO Marlo Vesk", "Zentrix's
    /// founder", "PDG de Zentrix", "fondatrice d'Amini": a name the lexicon does not
    /// know, written right before the title of an office held only in firms (or before
    /// its possessive), or right after such a title and its preposition (elided or
    /// not), is a firm. In the name sequence `index..end`, the end of the firm's name
    /// (exclusive), if it is one: the title it runs into ("Zentrix CEO") is no part of
    /// it.
    fn officer_company(&self, index: usize, end: usize, offices: &OfficeBounds) -> Option<usize> {
        let tokens = &self.ctx.tokens.tokens;
        let lexicon = self.ctx.lexicon;
        let company_office =
            |office: u32| lexicon.is_company_office(&lexicon.offices[office as usize].office);
        // A title inside the sequence or right after it, or after its possessive.
        let before_title = offices
            .starting_in(index + 1..=end)
            .iter()
            .find(|&&(_, _, office)| company_office(office))
            .map(|&(start, _, _)| start)
            .or_else(|| {
                (tokens.get(end).is_some_and(|token| token.norm == "'")
                    && self.is_at(end + 1, WordClass::PossessiveS)
                    && offices
                        .starting_in(end + 2..=end + 2)
                        .iter()
                        .any(|&(_, _, office)| company_office(office)))
                .then_some(end)
            });
        // "PDG de Zentrix", "founder of Zentrix".
        // "fondatrice d'Amini": the preposition elided before a vowel.
        let of_at = if index >= 3 && tokens[index - 1].norm == "'" {
            index - 2
        } else {
            index.saturating_sub(1)
        };
        let after_title = |any_office: bool| {
            of_at >= 1
                && self.is_at(of_at, WordClass::Of)
                && offices
                    .ending_at(of_at)
                    .any(|office| any_office || company_office(office))
        };
        // "chief executive of Maruvo Kenya", "director of Maruvo Kenya": a firm's arm,
        // named by the place or state it serves, after any office's "of".
        let arm_end = self.place_after(end).filter(|_| end == index + 1);
        let org_end = match before_title {
            Some(start) => {
                let mut org_end = start;
                while org_end > index && !tokens[org_end - 1].is_word {
                    org_end -= 1;
                }
                org_end
            }
            None => match arm_end.filter(|_| after_title(true)) {
                Some(arm_end) => arm_end,
                None if after_title(false) => end,
                None => return None,
            },
        };
        // A portfolio or topic word names no firm ("Policy head X"), nor a date.
        let dates = &self.ctx.lexicon.dates;
        let plain = (index..org_end).filter(|&at| tokens[at].is_word).all(|at| {
            !self.is_at(at, WordClass::Portfolio)
                && !self.is_at(at, WordClass::AiWord)
                && dates.month(tokens[at].norm).is_none()
                && dates.weekday(tokens[at].norm).is_none()
        });
        // A word that starts a sentence is capitalised whatever it is ("Policy head
        // X"): a one-word name there needs the text to write it capitalised elsewhere.
        let sentence_start = index == 0 || tokens[index - 1].sentence != tokens[index].sentence;
        let named_elsewhere = || {
            let word = tokens[index].norm;
            tokens.iter().enumerate().any(|(at, token)| {
                at != index
                    && token.norm == word
                    && token.capitalised
                    && at > 0
                    && tokens[at - 1].sentence == token.sentence
            })
        };
        let attested = !sentence_start || org_end > index + 1 || named_elsewhere();
        (org_end > index && plain && attested).then_some(org_end)
    }

    /// "le président de la Confédération Guy Parmelin": an office's complement of one
    /// word, then the holder's name of two words or more; "Minister of Industry, Science
    /// and Economic Development Anita Rowe", "Trade Minister Rebecca Miano": the
    /// portfolio's words (and a title after them) are no part of the name. Whether such
    /// a holder was found in the name sequence `index..end`.
    fn holder_after_complement(
        &mut self,
        index: usize,
        end: usize,
        offices: &OfficeBounds,
        demonyms: &Demonyms,
    ) -> bool {
        let tokens = &self.ctx.tokens.tokens;
        let portfolio = (index..end)
            .take_while(|&at| self.is_at(at, WordClass::Portfolio))
            .count();
        let mut skip = if portfolio > 0 { portfolio } else { 1 };
        // "Trade Minister Rebecca Miano": the portfolio before the title, then the title.
        if portfolio > 0
            && let Some(office_end) = offices.ending_from(index + portfolio)
        {
            skip = office_end - index;
        }
        // "Minister of Communications Dr. Bosun Adeyemi": a title of address before the
        // name is no part of it.
        if let Some(title_end) = self
            .address_title_end(index + skip)
            .filter(|&title_end| title_end < end)
        {
            skip = title_end - index;
        }
        let holder = end - index >= skip + 2
            && tokens[index + skip].is_word
            && tokens[index + skip].capitalised
            && self.names_a_person(index + skip, end, offices, demonyms, true)
            && (portfolio > 0 || !self.names_a_person(index, end, offices, demonyms, false));
        if holder {
            let span = Span::new(tokens[index + skip].span.start, tokens[end - 1].span.end);
            let name = self.ctx.slice(span);
            let person = self.new_actor(name, ActorKind::Person, None, None);
            self.add_mention(span, vec![person], Form::Name);
        }
        holder
    }

    /// A name that ends with an organisation head: "Carnegie Mellon University",
    /// "Albright Stonebridge Group", "UK AI Safety Institute" (a polity just before it
    /// belongs to the name, and stays a mention of its own), "Cassava Technologies".
    /// Not before or after an event head: "the Trade and Technology Council meeting",
    /// "Summit on Quantum Technologies" name events. Where to go on after it.
    fn head_last_org(&mut self, index: usize, end: usize) -> Option<usize> {
        let tokens = &self.ctx.tokens.tokens;
        // "Union Minister for Electronics": a state's office title, not a firm.
        if (index..end).any(|at| self.is_at(at, WordClass::StateTitle)) {
            return None;
        }
        let head_last = self.is_at(end - 1, WordClass::OrgHead)
            || self.is_at(end - 1, WordClass::CompanySuffix);
        // "Framework Convention on Artificial Intelligence": the head inside the run,
        // its complement after "on"/"of"/"for" read from it.
        let inner_head = || {
            (index + 1..end.saturating_sub(2)).find(|&head| {
                self.is_at(head, WordClass::OrgHead)
                    && (self.is_at(head + 1, WordClass::Of)
                        || self.is_at(head + 1, WordClass::Benefactive)
                        || self.is_at(head + 1, WordClass::TopicMarker))
                    && tokens[head + 2].capitalised
            })
        };
        let (end, head_last) = match (head_last, inner_head()) {
            (false, Some(head)) => (head + 1, true),
            _ => (end, head_last),
        };
        // "Qatar Airways", "Kenya Airways", "Nairobi Hub": a firm's industry word or an
        // organisation head after its state's name or its capital is a name of two
        // words; so is one after a region's name or adjective ("the East African
        // Community").
        let state_firm = end - index == 1
            && (self.is_at(index, WordClass::CompanySuffix)
                || self.is_at(index, WordClass::OrgHead))
            && (self.state_just_before(index) || self.place_just_before(index).is_some());
        if (end - index < 2 && !state_firm)
            || !head_last
            || self.is_at(end, WordClass::EventHead)
            || self.is_at(index, WordClass::EventHead)
        {
            return None;
        }
        // "Saudi Data and AI Authority": capitalised words the lexicon does not know and
        // "and" before the name go in it (two words at most, not the sentence's first).
        let mut first = index;
        // Not when a name found before ends right before "and": "the University of
        // Lagos and Makerere University" are two.
        if first >= 2
            && self.is_at(first - 1, WordClass::Conjunction)
            && self.mention_ending_at(first - 2).is_none()
        {
            let free = |at: usize| {
                tokens[at].is_word
                    && tokens[at].capitalised
                    && tokens[at].sentence == tokens[index].sentence
                    && at > 0
                    && tokens[at - 1].sentence == tokens[at].sentence
                    && !self.is_covered(tokens[at].span)
            };
            let run = (first.saturating_sub(3)..first - 1)
                .rev()
                .take_while(|&at| free(at))
                .last();
            // Not a place: "the University of Washington in Seattle and Tsukuba
            // University".
            if let Some(run_start) = run
                && !self.is_at(run_start - 1, WordClass::PlacePreposition)
            {
                first = run_start;
            }
        }
        let start = self
            .polity_just_before(first)
            .or_else(|| self.place_just_before(first))
            .unwrap_or(tokens[first].span.start);
        let end_head = end - 1;
        // "Haut-Commissariat de la Numérisation", "Haut-Commissariat au Plan": the
        // head's complements too; "the
        // Communications Authority of Kenya": the state it is of, by name.
        let state_end = self
            .state_named_after_of(end)
            .filter(|mention| self.ctx.tokens.at(mention.span.start) == end + 1)
            .map(|mention| self.ctx.tokens.at(mention.span.end));
        let end = match state_end {
            Some(state_end) => state_end,
            // "Economic Commission for Africa": "for" and a capital go on as "of" does.
            None if self.is_at(end, WordClass::Of)
                || self.portfolio_joiner(end, end)
                || ((self.is_at(end, WordClass::Benefactive)
                    || (self.is_at(end, WordClass::TopicMarker)
                        && self.is_at(end - 1, WordClass::OrgHead)))
                    && tokens.get(end + 1).is_some_and(|next| {
                        next.capitalised
                            && self.ctx.lexicon.dates.weekday(next.norm).is_none()
                            && self.ctx.lexicon.dates.month(next.norm).is_none()
                    })) =>
            {
                self.org_name_end(end - 1).0.max(end)
            }
            None => end,
        };
        let span = Span::new(start, tokens[end - 1].span.end);
        let name = self.ctx.slice(span).to_string();
        // "Kenya Revenue Authority", "the Communications Authority of Kenya", "National
        // Information Technology Agency": a state's own body.
        let before = (start < tokens[first].span.start)
            .then(|| self.mention_ending_at(first - 1))
            .flatten();
        let after = state_end.and_then(|state_end| self.mention_ending_at(state_end - 1));
        let (subtype, country) = match self.public_body(end_head, first..end, before.or(after)) {
            Some(country) => (Some(Subtype::GovernmentBody), country),
            None => (None, None),
        };
        let org = self.new_actor(&name, ActorKind::Organization, subtype, country);
        self.add_mention(span, vec![org], Form::Name);
        Some(end)
    }

    /// The id of the one lexicon state a mention names.
    fn state_id(&self, mention: &ActorMention) -> Option<Arc<str>> {
        let [state] = mention.actors[..] else {
            return None;
        };
        let actor = &self.resolution.actors[state];
        actor
            .lexicon
            .filter(|_| actor.kind == ActorKind::State)
            .map(|idx| self.ctx.lexicon.actor(idx).id.clone())
    }

    /// Whether a name headed at token `head` (a `public_head`: "Authority", "Agence")
    /// over the tokens `name` is a government body: qualified by a state (its mention
    /// `state`: named before the name, after its "of", or by the demonym after its
    /// head) or by a `national` word. `Some` with the state's id, when one is named.
    fn public_body(
        &self,
        head: usize,
        name: std::ops::Range<usize>,
        state: Option<&ActorMention>,
    ) -> Option<Option<Arc<str>>> {
        if !self.is_at(head, WordClass::PublicHead) {
            return None;
        }
        let country = state.and_then(|state| self.state_id(state));
        let national = name.clone().any(|at| self.is_at(at, WordClass::National));
        (country.is_some() || national).then_some(country)
    }

    /// Where to go on from a capitalised token that starts no name of its own: an
    /// organisation head's name ("Groupe des Amis de l'ONU sur l'Intelligence
    /// artificielle"), an office title ("Microsoft President Brad Smith": the title is no
    /// part of the name after it), or a title of address ("M. Karim Zidane").
    fn not_a_name_start(&mut self, index: usize, offices: &OfficeBounds) -> Option<usize> {
        let tokens = &self.ctx.tokens.tokens;
        // An office title first: "Cabinet Secretary for Trade X" is no body headed by
        // "Cabinet".
        if let Some(office_end) = offices.ending_from(index) {
            return Some(office_end.max(index + 1));
        }
        if self.is_at(index, WordClass::OrgHead)
            && let Some(next) = self.headed_org(index)
        {
            return Some(next);
        }
        // "Vice-Minister Kim": a prefix hyphened to an office title belongs to it.
        if tokens.get(index + 1).is_some_and(|next| next.norm == "-")
            && let Some(office_end) = offices.ending_from(index + 2)
        {
            return Some(office_end);
        }
        // "His Excellency X", "Son Excellence X": the possessive goes with the title;
        // and one capitalised word between ("His Royal Highness Prince X").
        if self.is_at(index, WordClass::Possessive) {
            if self.is_at(index + 1, WordClass::AddressTitle) {
                return Some(index + 1);
            }
            if tokens.get(index + 1).is_some_and(|next| next.capitalised)
                && self.is_at(index + 2, WordClass::AddressTitle)
            {
                return Some(index + 2);
            }
        }
        // "H.E. Omar ...", "S.E.M. Abdoulaye ...": a title in initials.
        if !self.is_at(index, WordClass::AddressTitle)
            && let Some(end) = self.address_title_end(index)
        {
            return Some(end);
        }
        let address = self.is_at(index, WordClass::AddressTitle)
            && tokens
                .get(index + 1)
                .is_some_and(|next| next.norm == "." || next.capitalised);
        address.then_some(index + 1)
    }

    /// Whether the name of tokens `index..end` is a person's: after a title of address
    /// ("M. X"), or of two words or more next to an office ("le ministre marocain X",
    /// "X, le PDG"), after "représenté par", or as the subject of a reporting or
    /// meeting verb. `cues_after`: whether a meeting verb after the name counts (not
    /// when weighing the whole sequence against a holder after an office's complement:
    /// "le président de la Confédération Jean Dupontel a rencontré").
    fn names_a_person(
        &self,
        index: usize,
        end: usize,
        offices: &OfficeBounds,
        demonyms: &Demonyms,
        cues_after: bool,
    ) -> bool {
        let tokens = &self.ctx.tokens.tokens;
        // "Minister of Trade" is an office, not a name; nor is a portfolio ("Minister
        // of Communications, Innovation and Digital Economy, X, said").
        // Nor is a name that ends like an organisation's ("Cassava Technologies",
        // "Investment Office") or an event's ("AI Summit" of "The Lima AI Summit was
        // attended by"), whoever speaks, is spoken of or holds an office near it.
        let organisation = (index..end).any(|at| {
            self.is_at(at, WordClass::OrgHead) || self.is_at(at, WordClass::CompanySuffix)
        }) || self.is_at(end - 1, WordClass::EventHead);
        if organisation
            || offices.ending_from(index).is_some()
            || (index..end).all(|at| !tokens[at].is_word || self.is_at(at, WordClass::Portfolio))
        {
            return false;
        }
        let n_words = tokens[index..end].iter().filter(|t| t.is_word).count();
        let previous = index.checked_sub(1).map(|p| tokens[p].norm).unwrap_or("");
        // "M. X": the abbreviation's full stop stands between the cue and the name.
        let previous = if previous == "." && index >= 2 {
            tokens[index - 2].norm
        } else {
            previous
        };
        if self.is(previous, WordClass::AddressTitle) && n_words >= 1 {
            return true;
        }
        // "Minister Champagne", "President Ruto": a surname alone right after a
        // capitalised title, or after a title in lower case and its article, as French
        // writes it ("le président Tinubu", "la ministre Okafor"); unless the text
        // writes the name in full elsewhere ("President Bola Tinubu"): that is the
        // person, and `surnames` links this mention to it.
        let title_after_article = || {
            offices.spans.iter().any(|&(start, end, _)| {
                end == index && start >= 1 && self.is_at(start - 1, WordClass::DefiniteArticle)
            })
        };
        if n_words == 1
            && index >= 1
            && !self.is_at(index, WordClass::AddressTitle)
            && offices.ends_at(index)
            && (tokens[index - 1].capitalised || title_after_article())
        {
            let word = tokens[index].norm;
            let in_full = tokens.iter().enumerate().any(|(at, token)| {
                at != index
                    && token.norm == word
                    && at >= 1
                    && tokens[at - 1].is_word
                    && tokens[at - 1].capitalised
                    && tokens[at - 1].sentence == token.sentence
                    && !offices.ends_at(at)
            });
            return !in_full;
        }
        if n_words < 2 {
            return false;
        }
        // "Peru's Dina Boluarte": two words or more right after a state's possessive
        // (a body's name ends with a head or a suffix, left out above).
        if self.state_possessor(index).is_some() {
            return true;
        }
        // "Ana Ruiz, who heads Oracle": a relative pronoun only people take; "Ana Ruiz,
        // qui dirige Oracle": a verb of leading that takes its body as object (an
        // affiliation trigger with the `object` feature) after the comma.
        if tokens.get(end).is_some_and(|t| t.norm == ",")
            && (self.is_at(end + 1, WordClass::PersonRelative) || self.leading_verb_at(end + 1))
        {
            return true;
        }
        // "a déclaré Guy Parmelin", "said Paul Triolo", "selon Rudra Chaudhari": the one
        // who speaks is a person.
        let before = self.words().classes(previous);
        if before.contains(WordClass::Reporting) || before.contains(WordClass::According) {
            return true;
        }
        // "according to Paul Triolo": the word of attribution, then its preposition.
        if index >= 2
            && self.is_at(index - 2, WordClass::According)
            && tokens[index - 1].is_word
            && !tokens[index - 1].capitalised
        {
            return true;
        }
        // "Paul Triolo said", "Guy Parmelin a déclaré": the name as the subject of a
        // reporting verb, unless it ends like an organisation's ("Cassava
        // Technologies said").
        let speaks_at = |at: usize| {
            self.is_at(at, WordClass::Reporting)
                || (self.is_at(at, WordClass::Auxiliary)
                    && self.is_at(at + 1, WordClass::Reporting))
        };
        // "William Ruto met Emmanuel Macron", "X a rencontré Y": the subject of a
        // meeting verb, right before it (or its auxiliary).
        let meets_at = |at: usize| {
            offices.meetings.binary_search(&at).is_ok()
                || (self.is_at(at, WordClass::Auxiliary)
                    && offices.meetings.binary_search(&(at + 1)).is_ok())
        };
        // Or after an apposition: "Paul Triolo, a partner at the firm, said".
        let after_apposition = tokens.get(end).is_some_and(|t| t.norm == ",")
            && (end + 2..(end + 14).min(tokens.len()))
                .take_while(|&at| tokens[at].sentence == tokens[index].sentence)
                .find(|&at| tokens[at].norm == ",")
                .is_some_and(|comma| speaks_at(comma + 1));
        let speaks = speaks_at(end) || (cues_after && meets_at(end)) || after_apposition;
        if speaks
            && tokens
                .get(end)
                .is_some_and(|t| t.sentence == tokens[index].sentence)
        {
            return true;
        }
        // An office that ends ten tokens before the name at most.
        let after_office = offices.ends
            [sorted_range(&offices.ends, index.saturating_sub(14)..=index, |&end| end)]
        .iter()
        .any(|&office_end| {
            office_end == index
                || self.only_demonym_between(office_end, index, demonyms)
                // "le président de la Confédération Guy Parmelin", "Minister of Economy,
                // Trade and Industry Ken Saito": the office's complement between.
                || self.only_complement_between(office_end, index)
                || self.demonym_then_complement(office_end, index, demonyms)
                // "La porte-parole du Conseil de sécurité nationale, Adrienne Watson".
                || (previous == ","
                    && office_end < index
                    && index - office_end <= 10
                    && tokens[office_end..index]
                        .iter()
                        .all(|t| t.sentence == tokens[index].sentence && t.norm != "."))
        });
        // An office that starts three tokens after the name at most.
        let before_office = || {
            offices.starts[sorted_range(&offices.starts, end + 1..=end + 7, |&start| start)]
                .iter()
                .any(|&office_start| {
                    self.apposition_between(end, office_start)
                        || self.qualified_apposition(end, office_start, demonyms)
                })
        };
        // "son homologue kényan William Ruto", "his Kenyan counterpart William Ruto".
        let after_counterpart = || {
            let mut at = index;
            if at > 0 && tokens[at - 1].norm == "," {
                at -= 1;
            }
            if let Some(demonym) = at
                .checked_sub(1)
                .and_then(|before| demonyms.ending_at(tokens[before].span.end))
            {
                at = self
                    .ctx
                    .tokens
                    .at(self.resolution.mentions[demonym].span.start);
            }
            at > 0 && self.is_at(at - 1, WordClass::CounterpartNoun)
        };
        let after_represented = || {
            self.is(previous, WordClass::Agent)
                && index >= 2
                && self
                    .words()
                    .starts_with(tokens[index - 2].norm, WordClass::RepresentationStem)
        };
        after_office || before_office() || after_represented() || after_counterpart()
    }

    /// Where a person's name in the name sequence `start..end` ends: before the first
    /// lower-case word that is no name particle, and the joiners before it.
    fn person_name_end(&self, start: usize, end: usize) -> usize {
        let tokens = &self.ctx.tokens.tokens;
        let Some(cut) = (start + 1..end).find(|&index| {
            let token = &tokens[index];
            token.is_word
                && !token.capitalised
                && !self.is_at(index, WordClass::NameParticle)
                && (index == 0 || tokens[index - 1].norm != "-")
        }) else {
            return end;
        };
        let mut cut = cut;
        while cut > start + 1 && !tokens[cut - 1].is_word {
            cut -= 1;
        }
        cut
    }

    /// Whether the token at `cursor`, after a name that so far ends at token `end`
    /// (exclusive), is a date that ends it: a weekday, or a month after a connector
    /// ("Veltra Systems on Tuesday", "X in March", "the Seoul Declaration on Monday";
    /// "Theresa May" keeps her name).
    fn date_ends_name(&self, cursor: usize, end: usize) -> bool {
        let token = &self.ctx.tokens.tokens[cursor];
        let dates = &self.ctx.lexicon.dates;
        token.is_word
            && (dates.weekday(token.norm).is_some()
                || (end < cursor && dates.month(token.norm).is_some()))
    }

    /// The end (exclusive token index) of a capitalised name starting at `start`:
    /// capitalised words joined by connectors, at most six words.
    pub(super) fn name_sequence(&self, start: usize) -> Option<usize> {
        let tokens = &self.ctx.tokens.tokens;
        let sentence = tokens[start].sentence;
        let mut end = start + 1;
        let mut n_words = 1;
        let mut cursor = start + 1;
        while cursor < tokens.len() && tokens[cursor].sentence == sentence && n_words < 6 {
            let token = &tokens[cursor];
            if self.is_covered(token.span) {
                break;
            }
            if self.date_ends_name(cursor, end) {
                break;
            }
            if token.is_word && token.capitalised {
                n_words += 1;
                cursor += 1;
                end = cursor;
                continue;
            }
            let is_joiner = token.norm == "-" || token.norm == ".";
            // "Ahn Duk-geun": a lower-case syllable hyphened to a name word is part of it;
            // not a participle ("Lima-based Corvana", "Oracle-backed").
            let hyphened = token.is_word
                && !self.is_at(cursor, WordClass::HyphenAgent)
                && !self.is_at(cursor, WordClass::HyphenSeat)
                && cursor >= 2
                && end == cursor - 1
                && tokens[cursor - 1].norm == "-"
                && tokens[cursor - 2].span.end == tokens[cursor - 1].span.start
                && tokens[cursor - 1].span.end == token.span.start;
            if hyphened {
                cursor += 1;
                end = cursor;
                continue;
            }
            if self.is_connector_at(cursor) || is_joiner {
                cursor += 1;
                continue;
            }
            break;
        }
        let first = tokens[start].norm;
        // Sentence-initial function words and articles are not names.
        let classes = self.words().classes(first);
        // "Selon Kofi Mensah", "Pour Kofi Mensah", "With Kofi Mensah" at the start of a
        // sentence: the name follows the word.
        const NOT_NAMES: [WordClass; 13] = [
            WordClass::DefiniteArticle,
            WordClass::PluralArticle,
            WordClass::IndefiniteArticle,
            WordClass::According,
            WordClass::Complement,
            WordClass::PlacePreposition,
            WordClass::Locative,
            WordClass::Conjunction,
            WordClass::Comitative,
            WordClass::Agent,
            WordClass::Between,
            WordClass::Demonstrative,
            WordClass::Purpose,
        ];
        if NOT_NAMES.iter().any(|&class| classes.contains(class)) {
            return None;
        }
        Some(end)
    }

    /// Whether the tokens `from..to` are an office's complement only: a preposition of
    /// belonging or of a portfolio first, then capitalised words, portfolio words,
    /// articles, name connectors, conjunctions, commas and hyphens ("de la
    /// Confédération", "of Economy, Trade and Industry", "au commerce", "de
    /// l'Électronique et des Technologies de l'information"), and a comma after them.
    pub(super) fn only_complement_between(&self, from: usize, to: usize) -> bool {
        let tokens = &self.ctx.tokens.tokens;
        if to <= from + 1 || to - from > 12 {
            return false;
        }
        if !self.opens_portfolio(from) {
            return false;
        }
        let fits = |index: usize| {
            let token = &tokens[index];
            (token.is_word && token.capitalised) || self.is_at(index, WordClass::Portfolio)
        };
        (from + 1..to).all(|index| {
            fits(index)
                || self.is_connector_at(index)
                || self.is_at(index, WordClass::Conjunction)
                || self.is_at(index, WordClass::DefiniteArticle)
                || matches!(tokens[index].norm, "," | "-")
        }) && {
            // "of Communications and Digital Economy, X": a comma may close it.
            let last = if tokens[to - 1].norm == "," {
                to - 2
            } else {
                to - 1
            };
            last > from && fits(last)
        }
    }

    /// Whether the token at `index` opens an office's complement: "of", "de", "for",
    /// "au".
    pub(super) fn opens_portfolio(&self, index: usize) -> bool {
        let classes = self.classes_at(index);
        classes.contains(WordClass::Of)
            || classes.contains(WordClass::Benefactive)
            || classes.contains(WordClass::PortfolioPreposition)
    }

    /// "le ministre japonais des Affaires étrangères X", "la commissaire européenne à
    /// la Concurrence X": a demonym right after the office, then its complement, from
    /// token `from` up to `to`.
    fn demonym_then_complement(&self, from: usize, to: usize, demonyms: &Demonyms) -> bool {
        let Some(start) = self.ctx.tokens.tokens.get(from).map(|t| t.span.start) else {
            return false;
        };
        demonyms.starting_at(start).is_some_and(|span| {
            let after = self.ctx.tokens.at(span.end);
            after > from && self.only_complement_between(after, to)
        })
    }

    pub(super) fn only_demonym_between(&self, from: usize, to: usize, demonyms: &Demonyms) -> bool {
        if to <= from || to - from > 3 {
            return false;
        }
        let tokens = &self.ctx.tokens.tokens;
        let span = Span::new(tokens[from].span.start, tokens[to - 1].span.end);
        demonyms.any_within(span) || (to - from == 1 && tokens[from].norm == ",")
    }

    /// "NAME, le PDG", "NAME et NAME, responsables": only a comma and an article
    /// between the end of a name and an office.
    pub(super) fn apposition_between(&self, name_end: usize, office_start: usize) -> bool {
        // Three tokens at most: collecting the words up to an office far away made this
        // 5% of `extract` (perf, 10,000 articles).
        if office_start <= name_end || office_start - name_end > 3 {
            return false;
        }
        let words: Vec<&str> = (name_end..office_start)
            .map(|index| self.ctx.tokens.norm(index))
            .collect();
        // A comma, then an article or a possessive ("l'" with its apostrophe).
        let determiner = |word: &str| {
            let classes = self.words().classes(word);
            classes.contains(WordClass::DefiniteArticle)
                || classes.contains(WordClass::IndefiniteArticle)
                || classes.contains(WordClass::PluralArticle)
                || classes.contains(WordClass::Possessive)
        };
        let elided = |word: &str| self.is(word, WordClass::ElidedArticle);
        match words.as_slice() {
            [","] => true,
            [",", word] => determiner(word) && !elided(word),
            [",", word, "'"] => determiner(word) && elided(word),
            _ => false,
        }
    }

    /// "NAME, Kenya's Minister", "NAME, the Kenyan Minister", "NAME, the Polish
    /// digital affairs minister", "NAME, Microsoft vice chair": a comma, an article
    /// maybe, and the office's state or body, as a possessive, a demonym or a name,
    /// before the office and the words of its portfolio.
    fn qualified_apposition(
        &self,
        name_end: usize,
        office_start: usize,
        demonyms: &Demonyms,
    ) -> bool {
        let tokens = &self.ctx.tokens.tokens;
        if office_start <= name_end + 1
            || office_start - name_end > 8
            || tokens[name_end].norm != ","
        {
            return false;
        }
        let mut from = name_end + 1;
        if self.is_at(from, WordClass::DefiniteArticle) {
            from += 1;
        }
        // The portfolio's words before the office: "digital affairs minister".
        let mut office_start = office_start;
        while office_start > from + 1 && self.is_at(office_start - 1, WordClass::Portfolio) {
            office_start -= 1;
        }
        if from >= office_start || office_start - name_end > 5 {
            return false;
        }
        // "NAME, Microsoft vice chair", "NAME, Kenya Revenue Authority chief": the body's
        // or state's name right before the office.
        if self
            .polity_just_before(office_start)
            .is_some_and(|start| start == tokens[from].span.start)
        {
            return true;
        }
        if office_start - from == 1 {
            return demonyms.any_within(tokens[from].span);
        }
        // The possessor is a state or body whose name starts the apposition.
        self.possessor_before(office_start).is_some()
            && self
                .polity_just_before(office_start - 2)
                .is_some_and(|start| start == tokens[from].span.start)
    }

    /// The subtype an organisation cue at token `index` gives, read across a hyphen
    /// ("start-up" ends at `index`).
    pub(super) fn org_cue_at(&self, index: usize) -> Option<Subtype> {
        let words = self.words();
        words.org_cue(self.ctx.tokens.norm(index)).or_else(|| {
            words.org_cue(
                self.ctx
                    .tokens
                    .hyphened_word(&self.ctx.folded.text, index)?,
            )
        })
    }

    /// The key of the state a demonym mention (an index of `resolution.mentions`)
    /// stands for: an organisation's country.
    fn demonym_country(&self, mention: usize) -> Option<Arc<str>> {
        self.resolution.mentions[mention]
            .actors
            .first()
            .map(|&actor| self.resolution.actors[actor].key.clone())
    }

    pub(super) fn org_cue_before(
        &self,
        index: usize,
        demonyms: &Demonyms,
    ) -> Option<(Subtype, Option<Arc<str>>)> {
        let tokens = &self.ctx.tokens.tokens;
        let mut cursor = index.checked_sub(1)?;
        let mut country = None;
        // Optional "appelé"/"baptisé"/"called"/"named".
        if self.is_at(cursor, WordClass::Naming) {
            cursor = cursor.checked_sub(1)?;
        }
        // Optional nationality adjective: the country of the organisation.
        // A hyphened one ("sud-coréenne", "latino-américaine") is three tokens.
        if let Some(mention) = demonyms.ending_at(tokens[cursor].span.end) {
            country = self.demonym_country(mention);
            let first = self
                .ctx
                .tokens
                .at(self.resolution.mentions[mention].span.start);
            cursor = first.checked_sub(1)?;
        } else if let Some(start) = self.place_just_before(cursor + 1)
            && self.ctx.text[start..].starts_with(|c: char| c.is_lowercase())
        {
            // A region's adjective ("le géant africain X", "la start-up
            // ouest-africaine X") qualifies the cue as a nationality does, and names no
            // country.
            cursor = self.ctx.tokens.at(start).checked_sub(1)?;
        }
        let is_cue = |index: usize| self.org_cue_at(index);
        // "the Korean chip designer X": a nationality adjective a few modifiers before
        // the cue.
        let country_before = |cue: usize| {
            let mut at = cue;
            for _ in 0..3 {
                at = at.checked_sub(1)?;
                if let Some(mention) = demonyms.ending_at(tokens[at].span.end) {
                    return self.demonym_country(mention);
                }
                if !tokens[at].is_word {
                    return None;
                }
            }
            None
        };
        if let Some(subtype) = is_cue(cursor) {
            return Some((subtype, country.or_else(|| country_before(cursor))));
        }
        // "le fonds souverain chilien X", "la société publique chilienne X": with a
        // nationality adjective before the name, one or two adjectives between it and
        // the cue.
        if country.is_some() {
            let mut probe = cursor;
            for _ in 0..2 {
                let token = &tokens[probe];
                let qualifier =
                    token.is_word && !token.capitalised && self.classes_at(probe).only_qualifies();
                if !qualifier {
                    break;
                }
                probe = probe.checked_sub(1)?;
                if let Some(subtype) = is_cue(probe) {
                    return Some((subtype, country));
                }
            }
        }
        // "Nvidia-backed Lambda", "state-owned Telkom": a participle glued after its
        // agent describes the firm named after it; "Lima-based Corvana", one glued after
        // its seat.
        if country.is_none()
            && cursor >= 2
            && (self.is_at(cursor, WordClass::HyphenAgent)
                || self.is_at(cursor, WordClass::HyphenSeat))
            && self.ctx.tokens.inner_hyphen(cursor - 1)
        {
            return Some((Subtype::Company, None));
        }
        // "le fabricant de serveurs Inspur", "the maker of chips X": a cue with its
        // complement (lower-case words only) before the name.
        let mut probe = cursor;
        for _ in 0..4 {
            let token = &tokens[probe];
            if !token.is_word || token.capitalised {
                return None;
            }
            probe = probe.checked_sub(1)?;
            if let Some(subtype) = is_cue(probe) {
                // "le fabricant chinois de puces X": a nationality adjective may come
                // between the cue and its complement.
                let mut complement = probe + 1;
                let mut country = country;
                if let Some(mention) = demonyms.ending_at(tokens[complement].span.end) {
                    country = country.or_else(|| self.demonym_country(mention));
                    complement += 1;
                }
                return self
                    .is(tokens[complement].norm, WordClass::Of)
                    .then_some((subtype, country));
            }
        }
        None
    }

    /// "Cassava, the pan-African technology group,", "Zentrix, une start-up
    /// kényane,": an apposition after the name (at token `end`) whose head is an
    /// organisation cue, after an article and a few words ("pan-African technology",
    /// "Saudi AI"): the cue's subtype, and the country of a nationality adjective among
    /// the words.
    fn org_cue_after(
        &self,
        end: usize,
        demonyms: &Demonyms,
    ) -> Option<(Subtype, Option<Arc<str>>)> {
        let tokens = &self.ctx.tokens.tokens;
        if tokens.get(end)?.norm != "," {
            return None;
        }
        let mut cursor = end + 1;
        let article = |at: usize| {
            self.is_at(at, WordClass::DefiniteArticle)
                || self.is_at(at, WordClass::IndefiniteArticle)
        };
        if !article(cursor) {
            return None;
        }
        cursor += 1;
        if tokens.get(cursor).is_some_and(|token| token.norm == "'") {
            cursor += 1;
        }
        let mut country = None;
        let sentence = tokens[end].sentence;
        for _ in 0..6 {
            let token = tokens
                .get(cursor)
                .filter(|token| token.sentence == sentence)?;
            if let Some(subtype) = self.org_cue_at(cursor) {
                // A description, not another name: "Furthermore, the UK AI Safety
                // Institute" is no apposition of "Furthermore"; nor the subject of a
                // closing report: "in Visakhapatnam, the company said".
                let reports = self.is_at(cursor + 1, WordClass::Reporting);
                return (!token.capitalised && !reports).then_some((subtype, country));
            }
            if let Some(mention) = demonyms.ending_at(token.span.end) {
                country = self.demonym_country(mention);
            } else if !(token.norm == "-" || token.is_word) {
                return None;
            }
            cursor += 1;
        }
        None
    }

    pub(super) fn quoted_org(&mut self, open: usize, demonyms: &Demonyms) -> Option<usize> {
        let tokens = &self.ctx.tokens.tokens;
        let close = (open + 1..tokens.len().min(open + 16)).find(|&index| {
            tokens[index].norm == "\"" && tokens[index].sentence == tokens[open].sentence
        })?;
        if close == open + 1 || !tokens[open + 1].capitalised {
            return None;
        }
        let (subtype, country) = self.org_cue_before(open, demonyms)?;
        let span = Span::new(tokens[open + 1].span.start, tokens[close - 1].span.end);
        if self.is_covered(span) {
            return None;
        }
        let name = self.ctx.slice(span).to_string();
        let org = self.new_actor(&name, ActorKind::Organization, Some(subtype), country);
        self.add_mention(span, vec![org], Form::Name);
        Some(close + 1)
    }

    /// Whether a state's name or capital (no firm's: "Nvidia Corp" is Nvidia) ends right before
    /// token `index`, in its sentence.
    fn state_just_before(&self, index: usize) -> bool {
        self.polity_just_before(index).is_some()
            && self.mention_ending_at(index - 1).is_some_and(|mention| {
                matches!(mention.form, Form::Name | Form::Metonym)
                    && mention
                        .actors
                        .iter()
                        .all(|&actor| self.resolution.actors[actor].kind == ActorKind::State)
            })
    }

    /// Whether a person's name ends right before token `index`, a space between.
    fn person_just_before(&self, index: usize) -> bool {
        let tokens = &self.ctx.tokens.tokens;
        index >= 1
            && tokens[index - 1].span.end + 1 == tokens[index].span.start
            && self.mention_ending_at(index - 1).is_some_and(|mention| {
                mention.form == Form::Name
                    && mention
                        .actors
                        .iter()
                        .all(|&actor| self.resolution.actors[actor].kind == ActorKind::Person)
            })
    }

    /// The start of a state's or organisation's name that ends right before token
    /// `index`, in its sentence ("UK" of "UK AI Safety Institute").
    fn polity_just_before(&self, index: usize) -> Option<usize> {
        let tokens = &self.ctx.tokens.tokens;
        let previous = index.checked_sub(1)?;
        if tokens[previous].sentence != tokens[index].sentence {
            return None;
        }
        let mention = self.mention_ending_at(previous)?;
        let polity = mention.actors.iter().all(|&actor| {
            matches!(
                self.resolution.actors[actor].kind,
                ActorKind::State | ActorKind::Organization
            )
        });
        (polity && mention.form != Form::Title).then_some(mention.span.start)
    }

    /// Where the name of a place or state the lexicon knows that starts at token `index`
    /// ends (exclusive), a space before it and no capitalised word after it: "Africa"
    /// of "Telvora Africa".
    pub(super) fn place_after(&self, index: usize) -> Option<usize> {
        let tokens = &self.ctx.tokens.tokens;
        let previous = index.checked_sub(1)?;
        let token = tokens.get(index)?;
        if token.sentence != tokens[previous].sentence
            || tokens[previous].span.end + 1 != token.span.start
        {
            return None;
        }
        let place_end = self
            .resolution
            .place_name_at(token.span.start)
            .map(|span| span.end);
        let state_end = || {
            self.mention_starting_at(index)
                .filter(|mention| {
                    mention.form == Form::Name
                        && mention
                            .actors
                            .iter()
                            .all(|&actor| self.resolution.actors[actor].kind == ActorKind::State)
                })
                .map(|mention| mention.span.end)
        };
        let end = self.ctx.tokens.at(place_end.or_else(state_end)?);
        let next_is_name = tokens.get(end).is_some_and(|next| {
            next.sentence == token.sentence && next.is_word && next.capitalised
        });
        (!next_is_name).then_some(end)
    }

    /// Whether the word at `index` is the last word of a person's name found before it:
    /// "Bosun Tijani ... signed by Tijani and Nvidia" names the person again, no firm
    /// (`surnames` reads it so later).
    fn surname_of_earlier_person(&self, index: usize) -> bool {
        let tokens = self.ctx.tokens;
        let token = &tokens.tokens[index];
        self.resolution.mentions.iter().any(|mention| {
            mention.form == Form::Name
                && mention.span.end <= token.span.start
                && matches!(mention.actors[..], [actor]
                    if self.resolution.actors[actor].kind == ActorKind::Person)
                && tokens
                    .before(mention.span.end)
                    .is_some_and(|last| tokens.norm(last) == token.norm)
        })
    }

    /// Whether the name at token `index` is the group a trigger of membership right
    /// before it names, past an article: "joined Corvana", "a rejoint Corvana", "a
    /// full member of Corvana", "membre de Corvana".
    fn joined_group_at(&self, index: usize) -> bool {
        let tokens = &self.ctx.tokens.tokens;
        let mut before = index;
        while before >= 1
            && (self.is_at(before - 1, WordClass::DefiniteArticle)
                || self.is_at(before - 1, WordClass::ElidedArticle)
                || matches!(tokens[before - 1].norm, "'" | "’"))
        {
            before -= 1;
        }
        let Some(last) = before.checked_sub(1) else {
            return false;
        };
        // "member of", "membre de": the trigger before the preposition.
        let trigger_last = if self.is_at(last, WordClass::Of) {
            match last.checked_sub(1) {
                Some(trigger_last) => trigger_last,
                None => return false,
            }
        } else {
            last
        };
        let end = tokens[trigger_last].span.end;
        self.ctx.hits.triggers.iter().any(|hit| {
            self.ctx.lexicon.triggers[hit.payload as usize].relation == RelationKind::Membership
                && hit.span.end == end
        })
    }

    /// Whether a relation trigger starts at token `index`, or one word after it (an
    /// auxiliary): "Telvora Africa signed", "Telvora Africa has partnered".
    fn trigger_starts_at(&self, index: usize) -> bool {
        self.trigger_starts_in(index..=index)
            || (self.is_at(index, WordClass::Auxiliary)
                && self.trigger_starts_in(index + 1..=index + 1))
    }

    /// The start of the name of a place the lexicon knows that ends right before token
    /// `index`, a space between, in its sentence ("Africa" of "Africa Data Centres
    /// Association").
    pub(super) fn place_just_before(&self, index: usize) -> Option<usize> {
        let tokens = &self.ctx.tokens.tokens;
        let previous = index.checked_sub(1)?;
        if tokens[previous].sentence != tokens[index].sentence
            || tokens[previous].span.end + 1 != tokens[index].span.start
        {
            return None;
        }
        let end = tokens[previous].span.end;
        let at = self
            .resolution
            .place_names
            .partition_point(|span| span.end < end);
        self.resolution
            .place_names
            .get(at)
            .filter(|span| span.end == end)
            .map(|span| span.start)
    }

    /// Where the name of an organisation headed at token `start` ends (exclusive), and
    /// how many complements it has.
    fn org_name_end(&self, start: usize) -> (usize, usize) {
        let tokens = &self.ctx.tokens.tokens;
        let sentence = tokens[start].sentence;
        let mut end = start + 1;
        let mut cursor = start + 1;
        let mut complements = 0;
        // "the University of Ghana", "the Bank of Korea": a state named right after a
        // head of those names is the name's complement, where after a complement it is
        // the body's country ("Ministry of Economy, Trade and Industry of Japan").
        let state_complement = self.is_at(start, WordClass::StateNamedHead)
            && self.state_named_after_of(start + 1).is_some();
        while cursor < tokens.len() && tokens[cursor].sentence == sentence && cursor - start < 16 {
            if state_complement && cursor == start + 1 {
                cursor += 1;
                continue;
            }
            match self.org_name_step(cursor, end) {
                NameStep::Complement => {
                    complements += 1;
                    cursor += 1;
                    end = cursor;
                }
                NameStep::Part(length) => {
                    cursor += length;
                    end = cursor;
                }
                NameStep::Joiner => cursor += 1,
                NameStep::Stop => break,
            }
        }
        (end, complements)
    }

    /// What the token at `cursor` is to an organisation's name that so far ends at
    /// token `end` (exclusive).
    fn org_name_step(&self, cursor: usize, end: usize) -> NameStep {
        let tokens = &self.ctx.tokens.tokens;
        let token = &tokens[cursor];
        if self.date_ends_name(cursor, end) {
            return NameStep::Stop;
        }
        if token.is_word && token.capitalised {
            return NameStep::Complement;
        }
        // "the Union Cabinet's approval": a possessive ends the name. "Ministry of
        // Economy, Trade and Industry of Japan": the state after "of" is the body's
        // country, not part of its name.
        if (token.norm == "'" && self.is_at(cursor + 1, WordClass::PossessiveS))
            || self.state_named_after_of(cursor).is_some()
        {
            return NameStep::Stop;
        }
        if self.is_connector_at(cursor)
            || self.portfolio_joiner(cursor, end)
            || self.domain_joiner(cursor, end)
        {
            return NameStep::Joiner;
        }
        // "Co-operation": a hyphen inside a word of the name.
        if self.ctx.tokens.inner_hyphen(cursor) {
            return NameStep::Part(2);
        }
        if self.goes_on_after(cursor, end) {
            return NameStep::Joiner;
        }
        // A lower-case noun after a connector ("Groupe de travail sur les normes"),
        // never an article or a number ("le 8 décembre").
        let classes = self.classes_at(cursor);
        let article = classes.contains(WordClass::IndefiniteArticle)
            || classes.contains(WordClass::Demonstrative);
        if token.is_word
            && (self.is_connector_at(cursor - 1)
                || self.domain_joiner(cursor - 1, cursor - 1)
                || (end + 1 == cursor
                    && self.is_at(end, WordClass::Conjunction)
                    && self.lowercase_noun_at(cursor)
                    && self.is_at(cursor + 1, WordClass::Of)))
            && !article
            && !token.norm.bytes().all(|byte| byte.is_ascii_digit())
        {
            return NameStep::Complement;
        }
        // "ministère ghanéen du Numérique": the demonym right after a lower-case head.
        if end == cursor
            && (self.is_at(cursor - 1, WordClass::LowercaseOrgHead)
                || self.is_at(cursor - 1, WordClass::OrgHead))
            && let Some(mention) = self
                .mention_starting_at(cursor)
                .filter(|mention| mention.form == Form::Demonym)
        {
            let past = self.ctx.tokens.at(mention.span.end);
            return NameStep::Part(past.saturating_sub(cursor).max(1));
        }
        // A lower-case adjective right after a capitalised word belongs to the name
        // ("l'Intelligence artificielle", "Organisation mondiale").
        // So does one after a noun of the name that follows a connector ("Agence du
        // développement numérique").
        let noun_after_connector = || {
            cursor >= 2
                && end == cursor
                && tokens[cursor - 1].is_word
                && self.is_connector_at(cursor - 2)
        };
        if token.is_word
            && (tokens[cursor - 1].capitalised || noun_after_connector())
            && looks_like_adjective(self.words(), token.norm)
        {
            return NameStep::Part(1);
        }
        NameStep::Stop
    }

    /// Whether the preposition of a portfolio at `cursor`, right after the name so far
    /// (which ends at `end`), goes on with the name: before a portfolio word or a
    /// capitalised word that starts no name, past an article ("Haut-Commissariat à la
    /// Numérisation", "Secrétariat d'État au Numérique", "Commissariat à l'énergie
    /// atomique"); "la Banque mondiale au Sénégal" ends before it. Read in the
    /// document's language: the French "à" folded is the English article "a".
    fn portfolio_joiner(&self, cursor: usize, end: usize) -> bool {
        let tokens = &self.ctx.tokens.tokens;
        let words = self.words();
        if end != cursor
            || !words.is_in(
                self.ctx.lang,
                tokens[cursor].norm,
                WordClass::PortfolioPreposition,
            )
        {
            return false;
        }
        let Some(word) = self.past_connectors(cursor, cursor + 1, 3) else {
            return false;
        };
        let token = &tokens[word];
        token.is_word
            && (self.is_at(word, WordClass::Portfolio)
                || (token.capitalised && self.mention_starting_at(word).is_none()))
    }

    /// Whether the preposition of a field at `cursor`, right after the name so far
    /// (which ends at `end`), goes on with the name before a lower-case noun: "Institut
    /// national de recherche en sciences", where "Agence de développement en Afrique"
    /// ends before "en" (a place is no field).
    fn domain_joiner(&self, cursor: usize, end: usize) -> bool {
        let tokens = &self.ctx.tokens.tokens;
        if end != cursor
            || !self.words().is_in(
                self.ctx.lang,
                tokens[cursor].norm,
                WordClass::DomainPreposition,
            )
        {
            return false;
        }
        tokens
            .get(cursor + 1)
            .is_some_and(|next| next.sentence == tokens[cursor].sentence)
            && self.lowercase_noun_at(cursor + 1)
    }

    /// Whether the token at `at` may be a lower-case noun of a name: a word in lower
    /// case, no determiner, no date's word, no figure.
    fn lowercase_noun_at(&self, at: usize) -> bool {
        let Some(token) = self.ctx.tokens.tokens.get(at) else {
            return false;
        };
        token.is_word
            && !token.capitalised
            && ![
                WordClass::DefiniteArticle,
                WordClass::IndefiniteArticle,
                WordClass::Demonstrative,
                WordClass::Possessive,
            ]
            .iter()
            .any(|&class| self.is_at(at, class))
            && self.ctx.lexicon.dates.get(token.norm).is_none()
            && !token.norm.bytes().all(|byte| byte.is_ascii_digit())
    }

    /// Whether the conjunction or comma at `cursor`, right after the name so far (which
    /// ends at `end`), goes on with more of it: "Conseil du commerce et de la
    /// technologie", "Fondation Bill & Melinda Gates", "Ministry of Economy, Trade and
    /// Industry", "ministère de l'Économie, des Finances et de la Souveraineté". After a
    /// comma only a portfolio word or a named complement goes on ("the Ministry of
    /// Economy, the Ministry of Finance" is two names; "..., Abdullah bin Amer" ends
    /// it); a headed name after a conjunction is another organisation ("the University
    /// of Washington and Tsukuba University").
    fn goes_on_after(&self, cursor: usize, end: usize) -> bool {
        let tokens = &self.ctx.tokens.tokens;
        let token = &tokens[cursor];
        let conjunction = self.is_at(cursor, WordClass::Conjunction) || token.norm == "&";
        let comma = token.norm == ",";
        if end != cursor || !(conjunction || comma) {
            return false;
        }
        if conjunction && self.headed_run_after(cursor) {
            return false;
        }
        // "Nairobi Hub and Zentrix will": a conjunction right after the head ends the
        // name (a name goes on over "and" inside its complement: "Ministry of Economy,
        // Trade and Industry").
        if conjunction && self.is_at(cursor - 1, WordClass::OrgHead) {
            return false;
        }
        // "le ministère de l'Enseignement supérieur et Huawei": a name the lexicon
        // knows after "et" is a party of its own (not after "&": "Bill & Melinda").
        if self.is_at(cursor, WordClass::Conjunction)
            && self
                .mention_starting_at(cursor + 1)
                .is_some_and(|mention| mention.form == Form::Name)
        {
            return false;
        }
        let next_goes_on = tokens.get(cursor + 1).is_some_and(|next| {
            (next.is_word
                && next.capitalised
                && (conjunction || self.is_at(cursor + 1, WordClass::Portfolio)))
                || (conjunction && self.is_at(cursor + 1, WordClass::Of))
        });
        // "Ministry of Information, Communications and the Digital Economy": an
        // article after the conjunction, then capitalised words of no name the lexicon
        // knows and no head of another body ("and the Central Bank", "et la Fondation
        // Mastercard").
        let article_goes_on = conjunction
            && self.is_at(cursor + 1, WordClass::DefiniteArticle)
            && tokens
                .get(cursor + 2)
                .is_some_and(|next| next.is_word && next.capitalised)
            && self.mention_starting_at(cursor + 2).is_none()
            && !self.is_at(cursor + 2, WordClass::OrgHead)
            && !self.headed_run_after(cursor + 1);
        // "en sciences et technologies du numérique": within lower-case words of the
        // name, a lower-case noun with its own complement after the conjunction.
        let lower_goes_on = conjunction
            && !tokens[cursor - 1].capitalised
            && self.lowercase_noun_at(cursor + 1)
            && self.is_at(cursor + 2, WordClass::Of)
            && self.is_connector_at(cursor + 2);
        next_goes_on
            || article_goes_on
            || lower_goes_on
            || (comma
                && self.is_at(cursor + 1, WordClass::Of)
                && self.named_complement_after(cursor))
    }

    pub(super) fn headed_org(&mut self, start: usize) -> Option<usize> {
        let (end, complements) = self.org_name_end(start);
        let tokens = &self.ctx.tokens.tokens;
        let sentence = tokens[start].sentence;
        // "the Seoul Declaration": a text named by the place it was made in alone.
        let placed_document = || {
            self.is_at(start, WordClass::DocumentHead) && self.polity_just_before(start).is_some()
        };
        if complements < 1 && !placed_document() {
            return None;
        }
        // "Paris Declaration on AI", "Kenya Ministry of ICT": a place or polity named
        // right before the head belongs to the name (and stays a mention of its own).
        let name_start = self
            .polity_just_before(start)
            .unwrap_or(tokens[start].span.start);
        let span = Span::new(name_start, tokens[end - 1].span.end);
        let name = self.ctx.slice(span).to_string();
        // What the head names ("ministry": a government body), and for a government
        // body the state named right before it or by the demonym right after its head
        // ("Kenya Ministry of ICT", "le ministère ghanéen du Numérique").
        let before = start
            .checked_sub(1)
            .and_then(|previous| self.mention_ending_at(previous))
            .filter(|mention| mention.span.start == name_start);
        let after = self
            .mention_starting_at(start + 1)
            .filter(|mention| mention.form == Form::Demonym);
        let state = before.or(after);
        // "Agence nationale de ...", "Agence sénégalaise de ...": a public head
        // qualified by a state or a `national` word.
        let (subtype, country) = match self.words().org_head_subtype(tokens[start].norm) {
            Some(Subtype::GovernmentBody) => (
                Subtype::GovernmentBody,
                state.and_then(|state| self.state_id(state)),
            ),
            Some(subtype) => (subtype, None),
            None => match self.public_body(start, start..end, state) {
                Some(country) => (Subtype::GovernmentBody, country),
                None => (Subtype::InternationalOrg, None),
            },
        };
        // Mentions inside the name (ONU in "Groupe des Amis de l'ONU") stay; the name
        // itself becomes an organisation.
        let org = self.new_actor(&name, ActorKind::Organization, Some(subtype), country);
        self.add_alias(org, span);
        self.record(ActorMention {
            span,
            actors: vec![org],
            form: Form::Name,
            sentence,
        });
        // Keep the head's span covered so that name_sequence does not restart inside.
        self.covered
            .push(Span::new(tokens[start].span.start, tokens[start].span.end));
        Some(end)
    }
}

impl Builder<'_, '_> {
    /// Whether the capitalised words right after token `index` end with an
    /// organisation head: a name of its own ("Tsukuba University").
    fn headed_run_after(&self, index: usize) -> bool {
        let tokens = &self.ctx.tokens.tokens;
        let run = tokens[index + 1..]
            .iter()
            .take_while(|token| token.is_word && token.capitalised)
            .count();
        run >= 2
            && (self.is_at(index + run, WordClass::OrgHead)
                || self.is_at(index + run, WordClass::CompanySuffix))
    }

    /// Whether a preposition of belonging follows token `index`, then (after articles
    /// and apostrophes) a capitalised word: "de l'Économie", "of Finance".
    fn named_complement_after(&self, index: usize) -> bool {
        let tokens = &self.ctx.tokens.tokens;
        if !self.is_at(index + 1, WordClass::Of) {
            return false;
        }
        self.past_connectors(index, index + 2, 3).is_some_and(|at| {
            tokens[at].is_word && tokens[at].capitalised && !self.is_at(at, WordClass::AiWord)
        })
    }

    /// The first token that is no name connector among the `count` from `from`, in the
    /// sentence of token `anchor` ("de la Numérisation" read from "de": "Numérisation").
    fn past_connectors(&self, anchor: usize, from: usize, count: usize) -> Option<usize> {
        let tokens = &self.ctx.tokens.tokens;
        let sentence = tokens[anchor].sentence;
        (from..(from + count).min(tokens.len()))
            .take_while(|&at| tokens[at].sentence == sentence)
            .find(|&at| !self.is_connector_at(at))
    }
}

/// A word of four letters or more with an ending of adjectives ("mondiale",
/// "numérique").
pub(super) fn looks_like_adjective(words: &Words, norm: &str) -> bool {
    norm.len() > 3 && words.ends_with(norm, WordClass::AdjectiveEnding)
}

/// What a token is to the organisation name being read (`org_name_end`).
enum NameStep {
    /// A word of the name that counts as a complement (capitalised, or a noun after a
    /// connector).
    Complement,
    /// This many tokens of the name (a hyphened word, an adjective).
    Part(usize),
    /// A connector, conjunction or comma: the name may go on after it.
    Joiner,
    /// The name ended before it.
    Stop,
}

/// The token indices where the document's offices start and end (and where its
/// meeting verbs start), each sorted: a name tests only the offices near it, where
/// testing all of them grew with the number of names times the number of offices.
struct OfficeBounds {
    starts: Vec<usize>,
    ends: Vec<usize>,
    /// The token where each meeting verb starts, sorted (filled by `unknown_actors`).
    meetings: Vec<usize>,
    /// `(start, end, office)` of each office (`office`: its index in the lexicon's
    /// offices), sorted.
    spans: Vec<(usize, usize, u32)>,
}

impl OfficeBounds {
    fn of(tokens: &crate::text::Tokens, offices: &[Raw]) -> OfficeBounds {
        let mut starts: Vec<usize> = offices
            .iter()
            .map(|office| tokens.at(office.span.start))
            .collect();
        starts.sort_unstable();
        let mut ends: Vec<usize> = offices
            .iter()
            .map(|office| tokens.at(office.span.end))
            .collect();
        ends.sort_unstable();
        let mut spans: Vec<(usize, usize, u32)> = offices
            .iter()
            .filter_map(|office| {
                let RawWhat::Office(idx) = office.what else {
                    return None;
                };
                Some((
                    tokens.at(office.span.start),
                    tokens.at(office.span.end),
                    idx,
                ))
            })
            .collect();
        spans.sort_unstable();
        OfficeBounds {
            starts,
            ends,
            meetings: Vec::new(),
            spans,
        }
    }

    /// Whether an office ends right before token `index`.
    fn ends_at(&self, index: usize) -> bool {
        !sorted_range(&self.ends, index..=index, |&end| end).is_empty()
    }

    /// The end of the longest office that starts at token `index`.
    fn ending_from(&self, index: usize) -> Option<usize> {
        self.spans[sorted_range(&self.spans, index..=index, |&(start, _, _)| start)]
            .iter()
            .map(|&(_, end, _)| end)
            .max()
    }

    /// The offices that start at a token of `range`: `(start, end, office)`.
    fn starting_in(&self, range: std::ops::RangeInclusive<usize>) -> &[(usize, usize, u32)] {
        &self.spans[sorted_range(&self.spans, range, |&(start, _, _)| start)]
    }

    /// The offices that end right before token `index`.
    fn ending_at(&self, index: usize) -> impl Iterator<Item = u32> + '_ {
        self.spans
            .iter()
            .filter(move |&&(_, end, _)| end == index)
            .map(|&(_, _, office)| office)
    }
}
