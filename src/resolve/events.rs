//! Events: named ones from the lexicon, others from phrases ("négociations ... à
//! Genève", "réunion sur la sécurité de l'IA"), dated by their sentence, and anaphora
//! pointing back to the last one.

use super::unknown::looks_like_adjective;
use super::{Builder, Form};
use crate::date::{self, Tense};
use crate::mention::fold;
use crate::model::{ActorKind, Lang, Span, Subtype};
use crate::words::WordClass;

impl<'b> Builder<'_, 'b> {
    /// Summits, conferences and rounds of talks: named ones from the lexicon; others
    /// from phrases ("négociations ... à Genève", "réunion majeure sur la sécurité de
    /// l'IA"), and anaphora ("ce sommet", "y") pointing back to the last one.
    /// `words`: the event heads and anaphors' first words.
    /// The lexicon's events already mentioned, by start, and the tokens where anything
    /// of `events` can happen: a lexicon event's first token or one of the `words`; at
    /// any other token its loop would only step on.
    fn event_candidates(&self, words: &[u32]) -> (Vec<(usize, usize)>, Vec<u32>) {
        let tokens = &self.ctx.tokens.tokens;
        let mut lexicon_events: Vec<(usize, usize)> = self
            .resolution
            .mentions
            .iter()
            .filter(|mention| {
                mention.actors.len() == 1
                    && self.resolution.actors[mention.actors[0]].kind == ActorKind::Event
            })
            .map(|mention| (mention.span.start, mention.actors[0]))
            .collect();
        lexicon_events.sort_by_key(|&(start, _)| start);
        let mut candidates: Vec<u32> = lexicon_events
            .iter()
            .filter_map(|&(start, _)| {
                let index = self.ctx.tokens.at(start);
                let starts_here = tokens.get(index).is_some_and(|t| t.span.start == start);
                starts_here.then_some(index as u32)
            })
            .chain(words.iter().copied())
            .collect();
        candidates.sort_unstable();
        (lexicon_events, candidates)
    }

    pub(super) fn events(&mut self, words: &[u32]) {
        let tokens = &self.ctx.tokens.tokens;
        let mut last_event: Option<usize> = None;
        let mut index = 0;
        let mut events_found: Vec<(Span, usize)> = Vec::new();
        let mut anaphors: Vec<(Span, usize)> = Vec::new();
        // Named events, whose names hold other mentions ("du Conseil ...", "Canada-UE").
        let mut named: Vec<(Span, usize)> = Vec::new();
        let (lexicon_events, candidates) = self.event_candidates(words);
        let mut next_lexicon_event = lexicon_events.iter().peekable();
        for &candidate in &candidates {
            if (candidate as usize) < index {
                continue;
            }
            index = candidate as usize;
            let token = &tokens[index];
            // Tokens come in text order: only the next lexicon event can start here.
            while next_lexicon_event
                .next_if(|(start, _)| *start < token.span.start)
                .is_some()
            {}
            if let Some(&(_, event)) =
                next_lexicon_event.next_if(|(start, _)| *start == token.span.start)
            {
                last_event = Some(event);
                self.date_event(event, token.sentence);
                index += 1;
                continue;
            }
            // Only an anaphor's first word, "y" or an event head can start anything
            // below; the word tests come before the coverage test, which costs more.
            // callgrind, 1,000 generated articles, with the coverage test first: 4.4%
            // of the pipeline's instructions went to it from here (Builder's methods
            // kept out of line to count them). With this order, the one-word case in
            // `Covered::overlaps` and the same order in `unknown_actors`, the
            // pipeline went from 1,041.1 M to 970.0 M instructions.
            let classes = self.classes_at(index);
            // "news conference", "conférence de presse": a briefing, no diplomatic event.
            let is_head = classes.contains(WordClass::EventHead) && !self.is_briefing(index);
            let is_anaphor = classes.contains(WordClass::AnaphoricDeterminer)
                || classes.contains(WordClass::LocativePronoun);
            let may_start = is_head || (last_event.is_some() && is_anaphor);
            if !may_start || self.is_covered(token.span) {
                index += 1;
                continue;
            }
            if let Some(event) = last_event
                && let Some((span, length)) = self.event_anaphor(index)
            {
                anaphors.push((span, event));
                index += length;
                continue;
            }

            // A named event: "Sommet sur la souveraineté numérique européenne",
            // "sixième réunion du Conseil du commerce et de la technologie".
            if is_head && let Some(span) = self.named_event(index) {
                let event = self.named_event_actor(span, token.sentence);
                last_event = Some(event);
                named.push((span, event));
                index = self.ctx.tokens.at(span.end).max(index + 1);
                continue;
            }
            // The head first: it rules out almost every token (perf: testing the
            // determiners first made `events` 5% of `extract`).
            if !is_head || !self.determined(index) {
                index += 1;
                continue;
            }
            if let Some((event, span)) = self.event_phrase(index) {
                last_event = Some(event);
                events_found.push((span, event));
                self.date_event(event, token.sentence);
            }
            index += 1;
        }
        self.add_events(events_found, anaphors);
        for (span, event) in named {
            self.add_mention(span, vec![event], Form::Name);
        }
    }

    /// The name of an event headed at token `head`: a capitalised head with its
    /// complements ("Sommet pour l'action sur l'intelligence artificielle", "Sommet des
    /// dirigeants Canada-UE"), or a head after an ordinal with a named complement
    /// ("sixième réunion du Conseil du commerce et de la technologie"). The name runs
    /// over prepositions and their nouns, adjectives, capitalised words, hyphens and a
    /// conjunction that goes on with more of it; it stops at anything else.
    fn named_event(&self, head: usize) -> Option<Span> {
        if self.ctx.lang == Lang::En
            && let Some(span) = self.head_last_name(head)
        {
            return Some(span);
        }
        let tokens = &self.ctx.tokens.tokens;
        let sentence = tokens[head].sentence;
        let ordinal = head > 0 && self.is_at(head - 1, WordClass::Ordinal);
        // A head capitalised only as the sentence's first word names an event only
        // through a complement of belonging ("Summit of the Americas opens"), never
        // through "between" ("Talks between Washington and Beijing resumed").
        let first_word = head == 0 || tokens[head - 1].sentence != sentence;
        if first_word
            && !(self.is_at(head + 1, WordClass::Of)
                || self.is_at(head + 1, WordClass::EventOf)
                || self.is_at(head + 1, WordClass::TopicMarker)
                || self.is_at(head + 1, WordClass::Benefactive))
        {
            return None;
        }
        if !tokens[head].capitalised
            && !ordinal
            && !self.unknown_name_after(head)
            && !self.body_after(head)
        {
            return None;
        }
        let start = if ordinal { head - 1 } else { head };
        let mut end = head + 1;
        let mut cursor = head + 1;
        let mut named_complement = false;
        let after_connector = |index: usize| {
            index > 0
                && (self.is_connector_at(index - 1)
                    || self.is_at(index - 1, WordClass::Of)
                    || self.is_at(index - 1, WordClass::TopicMarker))
        };
        while cursor < tokens.len() && tokens[cursor].sentence == sentence && cursor - head < 14 {
            let token = &tokens[cursor];
            let glued = |a: usize, b: usize| tokens[a].span.end == tokens[b].span.start;
            // A name or adjective found already goes in whole: "des Nations unies",
            // "de coopération sino-africaine".
            if let Some(mention) = self.mention_starting_at(cursor)
                && mention.form != Form::Title
            {
                named_complement |= mention.form != Form::Demonym && mention.form != Form::Compound;
                cursor = self.ctx.tokens.at(mention.span.end).max(cursor + 1);
                end = cursor;
            } else if token.is_word && token.capitalised {
                named_complement = true;
                cursor += 1;
                end = cursor;
            } else if (self.is_at(cursor, WordClass::DefiniteArticle)
                || self.is_at(cursor, WordClass::PluralArticle))
                && end == cursor
            {
                // "au Forum de l'IA le président X": an article right after the name's
                // last word opens another phrase ("de la", "sur les" go on).
                break;
            } else if self.is_connector_at(cursor)
                || self.is_at(cursor, WordClass::Of)
                || self.is_at(cursor, WordClass::TopicMarker)
                // "en matière d'IA": a place preposition that opens a topic.
                || (self.is_at(cursor, WordClass::PlacePreposition)
                    && self.is_at(cursor + 1, WordClass::TopicMarker))
            {
                cursor += 1;
            } else if token.norm == "-"
                && glued(cursor - 1, cursor)
                && tokens.get(cursor + 1).is_some()
                && glued(cursor, cursor + 1)
            {
                // "Canada-Union européenne": a name after the hyphen goes in whole.
                cursor = self
                    .mention_starting_at(cursor + 1)
                    .map_or(cursor + 2, |mention| {
                        self.ctx.tokens.at(mention.span.end).max(cursor + 2)
                    });
                end = cursor;
            } else if token.is_word
                && !token.capitalised
                && tokens.get(cursor + 2).is_some_and(|last| {
                    tokens[cursor + 1].norm == "-"
                        && glued(cursor, cursor + 1)
                        && glued(cursor + 1, cursor + 2)
                        && last.is_word
                        && looks_like_adjective(self.words(), last.norm)
                })
            {
                // A compound adjective: "de coopération sino-arabe", "franco-allemand".
                cursor += 3;
                end = cursor;
            } else if token.is_word
                && (after_connector(cursor) || looks_like_adjective(self.words(), token.norm))
                && !token.norm.bytes().all(|byte| byte.is_ascii_digit())
            {
                cursor += 1;
                end = cursor;
            } else if self.is_at(cursor, WordClass::Conjunction)
                && end == cursor
                && tokens.get(cursor + 1).is_some_and(|next| {
                    (next.is_word && next.capitalised) || self.is_connector_at(cursor + 1)
                })
            {
                cursor += 1;
            } else {
                break;
            }
        }
        // A lower-case head needs a name after it; a capitalised one, some complement.
        if end <= head + 1 || (!tokens[head].capitalised && !named_complement) {
            return None;
        }
        Some(Span::new(
            tokens[start].span.start,
            tokens[end - 1].span.end,
        ))
    }

    /// The event a name found in `sentence` names, dated from that sentence.
    fn named_event_actor(&mut self, span: Span, sentence: usize) -> usize {
        let name = self.ctx.slice(span).to_string();
        let event = match self.same_event_but_ordinal(&name) {
            Some(event) => event,
            None => self.event_actor(&name),
        };
        self.date_event(event, sentence);
        event
    }

    /// "la sixième réunion du Conseil X" then "la réunion du Conseil X" (or the other
    /// way round): the event already named with or without its ordinal, which keeps
    /// the fuller name and takes the other as an alias.
    fn same_event_but_ordinal(&mut self, name: &str) -> Option<usize> {
        let words = self.words();
        let without_ordinal = |folded: &str| -> Option<String> {
            let (first, rest) = folded.split_once(' ')?;
            words
                .is(first, WordClass::Ordinal)
                .then(|| rest.to_string())
        };
        let folded = fold(name);
        let bare = without_ordinal(&folded);
        let (event, fuller) =
            self.resolution
                .actors
                .iter()
                .enumerate()
                .find_map(|(idx, actor)| {
                    if actor.kind != ActorKind::Event || actor.lexicon.is_some() {
                        return None;
                    }
                    let known = fold(&actor.name);
                    if bare.as_deref() == Some(known.as_str()) {
                        Some((idx, true))
                    } else if without_ordinal(&known).as_deref() == Some(folded.as_str()) {
                        Some((idx, false))
                    } else {
                        None
                    }
                })?;
        let actor = &mut self.resolution.actors[event];
        let alias = if fuller {
            std::mem::replace(&mut actor.name, name.into()).to_string()
        } else {
            name.to_string()
        };
        if !actor.aliases.contains(&alias) {
            actor.aliases.push(alias);
        }
        Some(event)
    }

    /// Whether an event determiner comes before the head at `index`, one adjective
    /// between at most ("leurs premières négociations").
    fn determined(&self, index: usize) -> bool {
        index > 0
            && (self.is_event_determiner(index - 1)
                || (index > 1 && self.is_event_determiner(index - 2)))
    }

    /// "le sommet du G20", "la réunion de l'Union africaine": a preposition of
    /// belonging right after the head, then (after an article) a body's name: the
    /// body's meeting is named by it.
    fn body_after(&self, head: usize) -> bool {
        if !self.is_at(head + 1, WordClass::EventOf) && !self.is_at(head + 1, WordClass::Of) {
            return false;
        }
        let tokens = &self.ctx.tokens.tokens;
        let sentence = tokens[head].sentence;
        // The first mention within the articles ("l'Union africaine" starts at "l").
        (head + 2..(head + 5).min(tokens.len()))
            .take_while(|&at| tokens[at].sentence == sentence)
            .find(|&at| self.mention_starting_at(at).is_some() || !self.is_connector_at(at))
            .and_then(|at| self.mention_starting_at(at))
            .is_some_and(|mention| self.resolution.names_only(mention, ActorKind::Organization))
    }

    /// "le sommet Choose France": a capitalised name right after the head, a mention of
    /// nothing the lexicon knows.
    fn unknown_name_after(&self, head: usize) -> bool {
        let tokens = &self.ctx.tokens.tokens;
        tokens.get(head + 1).is_some_and(|next| {
            next.is_word && next.capitalised && next.sentence == tokens[head].sentence
        }) && self.mention_starting_at(head + 1).is_none()
    }

    /// An English event named before its head: "the sixth EU-US Trade and Technology
    /// Council meeting", "the G7 summit": capitalised words, names, hyphens and a
    /// conjunction between capitalised words, after an ordinal or an article.
    fn head_last_name(&self, head: usize) -> Option<Span> {
        let tokens = &self.ctx.tokens.tokens;
        let sentence = tokens[head].sentence;
        let glued = |a: usize, b: usize| tokens[a].span.end == tokens[b].span.start;
        let mut start = head;
        let mut named = false;
        while start > 0 && head - start < 10 {
            let previous = start - 1;
            let token = &tokens[previous];
            if token.sentence != sentence {
                break;
            }
            let classes = self.classes_at(previous);
            if classes.contains(WordClass::DefiniteArticle)
                || classes.contains(WordClass::IndefiniteArticle)
                || classes.contains(WordClass::Ordinal)
            {
                break;
            }
            if let Some(mention) = self.mention_ending_at(previous)
                && mention.form != Form::Title
            {
                start = self.ctx.tokens.at(mention.span.start).min(previous);
                named = true;
            } else if token.is_word && token.capitalised {
                start = previous;
                named = true;
            } else if (token.norm == "-" && previous > 0 && glued(previous - 1, previous))
                || (self.is_at(previous, WordClass::Conjunction)
                    && previous > 0
                    && tokens[previous - 1].capitalised
                    && tokens[start].capitalised)
            {
                // "EU-US", "Trade and Technology": inside the name.
                start = previous;
            } else {
                break;
            }
        }
        if !named || !tokens[start].is_word {
            return None;
        }
        // The first word of a sentence is capitalised whatever it is: not a name alone.
        // An ordinal before the name is part of it ("the Second Lima Summit"), not a
        // word that places the event in its series ("the next Lima AI Summit").
        if start > 0
            && self.is_at(start - 1, WordClass::Ordinal)
            && !self.is_at(start - 1, WordClass::SequenceAdjective)
        {
            start -= 1;
        } else if head - start == 1 && (start == 0 || tokens[start - 1].sentence != sentence) {
            return None;
        }
        let end = self.capitalised_complement_end(head).unwrap_or(head + 1);
        Some(Span::new(
            tokens[start].span.start,
            tokens[end - 1].span.end,
        ))
    }

    /// "Nairobi Summit on Digital Cooperation", "Summit of the Americas": after an
    /// English head, "of", "on" or "for", maybe "the", and capitalised words (joined by
    /// hyphens, connectors and conjunctions between capitals) that are no month or
    /// weekday ("the summit on Monday"). The end of the name (exclusive), if any.
    fn capitalised_complement_end(&self, head: usize) -> Option<usize> {
        let tokens = &self.ctx.tokens.tokens;
        let sentence = tokens[head].sentence;
        let mut cursor = head + 1;
        let linked = [
            WordClass::Of,
            WordClass::TopicMarker,
            WordClass::Benefactive,
        ]
        .iter()
        .any(|&class| self.is_at(cursor, class));
        if !linked {
            return None;
        }
        cursor += 1;
        if self.is_at(cursor, WordClass::DefiniteArticle) {
            cursor += 1;
        }
        let dates = &self.ctx.lexicon.dates;
        let name_word = |index: usize| {
            tokens.get(index).is_some_and(|token| {
                token.sentence == sentence
                    && token.is_word
                    && token.capitalised
                    && dates.month(token.norm).is_none()
                    && dates.weekday(token.norm).is_none()
            })
        };
        let mut end = None;
        while cursor < tokens.len() && tokens[cursor].sentence == sentence {
            if name_word(cursor) {
                cursor += 1;
                end = Some(cursor);
            } else if end == Some(cursor)
                && (tokens[cursor].norm == "-"
                    || self.is_connector_at(cursor)
                    || self.is_at(cursor, WordClass::Conjunction))
                && name_word(cursor + 1)
            {
                cursor += 1;
            } else {
                break;
            }
        }
        end
    }

    /// An anaphor of the last event at token `index`: "ce sommet", "the summit", or
    /// the French pronoun "y" before a verb ("y ont été représentés"); its span and its
    /// length in tokens.
    fn event_anaphor(&self, index: usize) -> Option<(Span, usize)> {
        let tokens = &self.ctx.tokens.tokens;
        let token = &tokens[index];
        if self.is_at(index, WordClass::AnaphoricDeterminer) {
            // "the summit", "the two-day gathering", "ce grand rassemblement": up to three
            // lower-case words, numbers and hyphens between the determiner and the noun.
            let noun = (index + 1..(index + 5).min(tokens.len()))
                .take_while(|&at| {
                    let t = &tokens[at];
                    t.sentence == token.sentence && (t.norm == "-" || (t.is_word && !t.capitalised))
                })
                .find(|&at| self.is_at(at, WordClass::EventNoun));
            if let Some(noun) = noun
                && (index + 1..noun).all(|at| !self.is_at(at, WordClass::Of))
                && self.words().pair_in_one_language(
                    (token.norm, WordClass::AnaphoricDeterminer),
                    (tokens[noun].norm, WordClass::EventNoun),
                )
            {
                return Some((
                    Span::new(token.span.start, tokens[noun].span.end),
                    noun + 1 - index,
                ));
            }
        }
        let pronoun = self
            .words()
            .is_in(self.ctx.lang, token.norm, WordClass::LocativePronoun);
        (pronoun && token.is_word).then_some((token.span, 1))
    }

    /// The events found in phrases (unless a name covers them) and the anaphora.
    fn add_events(&mut self, events_found: Vec<(Span, usize)>, anaphors: Vec<(Span, usize)>) {
        // The phrase may hold the place it names ("sommet de Bamako", the capital
        // being its state's metonym): only its head must be free.
        for (span, event) in events_found {
            let head = &self.ctx.tokens.tokens[self.ctx.tokens.at(span.start)];
            if !self.is_covered(head.span) {
                self.add_mention(span, vec![event], Form::Name);
            }
        }
        for (span, event) in anaphors {
            self.push_mention(span, vec![event], Form::Anaphor);
        }
    }

    /// Determiners before an event head: a generic plural ("de conférences sur l'IA")
    /// is no event.
    pub(super) fn is_event_determiner(&self, index: usize) -> bool {
        const DETERMINERS: [WordClass; 8] = [
            WordClass::DefiniteArticle,
            WordClass::ContractedArticle,
            WordClass::IndefiniteArticle,
            WordClass::PluralArticle,
            WordClass::Demonstrative,
            WordClass::AnaphoricDeterminer,
            WordClass::Possessive,
            WordClass::PluralPossessive,
        ];
        let classes = self.classes_at(index);
        self.ctx.tokens.norm(index) == "'"
            || DETERMINERS.iter().any(|&class| classes.contains(class))
    }

    /// An event's date: the first time expression of the sentence that names it
    /// first, else of the sentence before ("Leaders met Tuesday. The declaration was
    /// adopted at the AI Seoul Summit").
    pub(super) fn date_event(&mut self, event: usize, sentence: usize) {
        if self.resolution.actors[event].date.is_some() {
            return;
        }
        for sentence in [Some(sentence), sentence.checked_sub(1)]
            .into_iter()
            .flatten()
        {
            let tokens = self.ctx.tokens.of_sentence(sentence);
            let found = date::find_dates_in(
                &self.ctx.lexicon.dates,
                tokens,
                self.ctx.published,
                Tense::Past,
            );
            if let Some(found) = found.first() {
                self.resolution.actors[event].date = Some(found.value);
                return;
            }
        }
    }

    pub(super) fn event_phrase(&mut self, head: usize) -> Option<(usize, Span)> {
        let tokens = &self.ctx.tokens.tokens;
        let sentence = tokens[head].sentence;
        let head_word = capitalise(&self.ctx.slice(tokens[head].span).to_lowercase());
        // "<head> de <Place>": "négociations de Genève", "sommet de Paris".
        let place_after = |cursor: usize| -> Option<usize> {
            let token = tokens.get(cursor)?;
            (token.sentence == sentence && token.capitalised && token.is_word).then_some(cursor)
        };
        // A place of a few capitalised words ("New Delhi", "Addis Ababa").
        let place_span = |first: usize| {
            let last = (first..(first + 3).min(tokens.len()))
                .take_while(|&at| place_after(at).is_some())
                .last()
                .unwrap_or(first);
            Span::new(tokens[first].span.start, tokens[last].span.end)
        };
        if tokens
            .get(head + 1)
            .is_some_and(|t| self.is(t.norm, WordClass::EventOf))
            && let Some(place) = place_after(head + 2)
        {
            let place = place_span(place);
            let span = Span::new(tokens[head].span.start, place.end);
            // French names it "Sommet de Paris"; elsewhere, the words as written.
            let name = match self.ctx.lang {
                Lang::Fr => format!("{head_word} de {}", self.ctx.slice(place)),
                Lang::En => self.ctx.slice(span).to_string(),
            };
            return Some((self.event_actor(&name), span));
        }
        // "<head> ... à <Place>" or "à <Place> ... lors d'un <head>", in one sentence.
        let is_place_phrase = |index: usize| {
            tokens[index].sentence == sentence
                && self.is_at(index, WordClass::Locative)
                && tokens.get(index + 1).is_some_and(|next| {
                    next.capitalised && next.is_word && next.sentence == sentence
                })
        };
        let window_start = head.saturating_sub(25);
        let window_end = (head + 12).min(tokens.len().saturating_sub(1));
        let place = (head + 1..window_end)
            .find(|&index| is_place_phrase(index))
            .or_else(|| {
                (window_start..head)
                    .rev()
                    .find(|&index| is_place_phrase(index))
            });
        let topical = self.topic_span(head);
        let is_round = self.is_at(head, WordClass::RoundHead);
        // French names a round of talks by its place ("les négociations ... à Genève"
        // are the "Négociations de Genève"), and a summit so named when the lexicon
        // knows the name ("le sommet ... à Paris"); other events by their own words,
        // where a head alone names nothing ("the summit in Kigali", "le sommet se
        // tiendra à Genève"; "the trilateral meeting in Washington" is one).
        let built = place.map(|place| {
            let place = place_span(place + 1);
            format!("{head_word} de {}", self.ctx.slice(place))
        });
        let by_place = built.filter(|name| {
            self.ctx.lang == Lang::Fr
                && (self.is_at(head, WordClass::PlaceNamedRound)
                    || self.ctx.lexicon.event_by_name(&fold(name)).is_some())
        });
        let bare = topical.is_none() && self.head_with_adjectives(head) == tokens[head].span;
        if place.is_some() && is_round && (by_place.is_some() || !bare) {
            let name = by_place.unwrap_or_else(|| {
                let words = match topical {
                    Some(topic) if self.ctx.lang == Lang::Fr => topic,
                    _ => self.head_with_adjectives(head),
                };
                self.ctx.slice(words).to_string()
            });
            let event = self.event_actor(&name);
            let span = topical.unwrap_or(tokens[head].span);
            if let Some(topic) = topical {
                let alias = self.ctx.slice(topic).to_string();
                let aliases = &mut self.resolution.actors[event].aliases;
                if !aliases.contains(&alias) {
                    aliases.push(alias);
                }
            }
            return Some((event, span));
        }
        // "the trilateral meeting", "la réunion ministérielle": an adjective of the
        // meeting's format names it without a place (English writes it before the
        // head, French after).
        if topical.is_none() {
            let before = self.head_with_adjectives(head);
            let format_before =
                before != tokens[head].span && self.is_at(head - 1, WordClass::FormatAdjective);
            let format_after = self.is_at(head + 1, WordClass::FormatAdjective)
                && tokens
                    .get(head + 1)
                    .is_some_and(|next| next.sentence == sentence);
            if format_before || format_after {
                let span = if format_after {
                    Span::new(tokens[head].span.start, tokens[head + 1].span.end)
                } else {
                    before
                };
                let name = self.ctx.slice(span).to_string();
                return Some((self.event_actor(&name), span));
            }
        }
        // "réunion majeure sur la sécurité de l'IA": an AI topic names the event.
        let topic = topical?;
        let name = self.ctx.slice(topic).to_string();
        Some((self.event_actor(&name), topic))
    }

    /// Whether the event head at `index` is a briefing for the press: a press word
    /// just before it ("news conference") or after a preposition just after it
    /// ("conférence de presse").
    fn is_briefing(&self, index: usize) -> bool {
        (index > 0 && self.is_at(index - 1, WordClass::PressWord))
            || (self.is_at(index + 1, WordClass::Of) && self.is_at(index + 2, WordClass::PressWord))
    }

    /// An event head with the lower-case adjectives just before it ("trilateral
    /// meeting", "first summit"), up to two.
    fn head_with_adjectives(&self, head: usize) -> Span {
        let tokens = &self.ctx.tokens.tokens;
        let mut start = head;
        while start > 0 && head - start < 2 {
            let before = &tokens[start - 1];
            let determiner = self.is_event_determiner(start - 1)
                || self.is_at(start - 1, WordClass::SequenceAdjective);
            if !before.is_word
                || before.capitalised
                || determiner
                || before.sentence != tokens[head].sentence
            {
                break;
            }
            start -= 1;
        }
        Span::new(tokens[start].span.start, tokens[head].span.end)
    }

    /// From an event head through "sur/dédié à/on ..." to the end of an AI topic.
    pub(super) fn topic_span(&self, head: usize) -> Option<Span> {
        let tokens = &self.ctx.tokens.tokens;
        let sentence = tokens[head].sentence;
        let mut cursor = head + 1;
        // Up to two adjectives: "réunion majeure", "premières".
        while cursor < tokens.len()
            && cursor - head <= 2
            && tokens[cursor].is_word
            && !self.is_at(cursor, WordClass::TopicMarker)
        {
            cursor += 1;
        }
        let marker = tokens.get(cursor)?;
        if !self.is(marker.norm, WordClass::TopicMarker) {
            return None;
        }
        let mut end = None;
        let mut probe = cursor + 1;
        while probe < tokens.len() && tokens[probe].sentence == sentence && probe - cursor < 10 {
            let token = &tokens[probe];
            if !token.is_word && token.norm != "'" && token.norm != "-" {
                break;
            }
            if self.is_at(probe, WordClass::AiWord) {
                end = Some(probe);
                // "intelligence artificielle": the topic ends with its second word.
                if tokens
                    .get(probe + 1)
                    .is_some_and(|next| self.is(next.norm, WordClass::AiWord))
                {
                    end = Some(probe + 1);
                }
                break;
            }
            probe += 1;
        }
        let end = end?;
        Some(Span::new(tokens[head].span.start, tokens[end].span.end))
    }

    pub(super) fn event_actor(&mut self, name: &str) -> usize {
        // A phrase that is a lexicon alias ("sommet de Paris") is that event.
        if let Some(event) = self.ctx.lexicon.event_by_name(&fold(name)) {
            return self.lexicon_actor(event, true);
        }
        self.new_actor(name, ActorKind::Event, Some(Subtype::Summit), None)
    }
}

pub(super) fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
