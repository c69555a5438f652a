//! Actors the lexicon does not know, recognised from the words around them: people
//! after a title of address or next to an office, organisations after a cue ("la startup
//! X"), quoted names, and names headed by an organisation noun.

use std::sync::Arc;

use super::index::Demonyms;
use super::{ActorMention, Builder, Form, Raw};
use crate::model::{ActorKind, Span, sorted_range};
use crate::words::{WordClass, Words};

impl<'b> Builder<'_, 'b> {
    /// Actors the lexicon does not know, recognised from the words around them.
    /// `names`: the capitalised words and quotation marks, where a name can start.
    pub(super) fn unknown_actors(&mut self, offices: &[Raw], names: &[u32], demonyms: &Demonyms) {
        let tokens = &self.ctx.tokens.tokens;
        let offices = OfficeBounds::of(self.ctx.tokens, offices);
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
                index += 1;
                continue;
            }
            // Organisation heads: "Groupe des Amis de l'ONU sur l'Intelligence artificielle".
            if self.is_at(index, WordClass::OrgHead)
                && let Some(next) = self.headed_org(index)
            {
                index = next;
                continue;
            }
            // "M. Karim Zidane": the title of address is no part of the name.
            if self.is_at(index, WordClass::AddressTitle)
                && tokens
                    .get(index + 1)
                    .is_some_and(|next| next.norm == "." || next.capitalised)
            {
                index += 1;
                continue;
            }
            let Some(end) = self.name_sequence(index) else {
                index += 1;
                continue;
            };
            let span = Span::new(tokens[index].span.start, tokens[end - 1].span.end);
            // Borrowed: most name sequences are no new actor.
            let name = self.ctx.slice(span);
            if self.names_a_person(index, end, &offices, demonyms) {
                let person = self.new_actor(name, ActorKind::Person, None, None);
                self.add_mention(span, vec![person], Form::Name);
                index = end;
                continue;
            }
            // Organisation after a cue: "la startup américaine X", "le fonds canadien X".
            if let Some((subtype, country)) = self.org_cue_before(index, demonyms) {
                let org = self.new_actor(name, ActorKind::Organization, Some(subtype), country);
                self.add_mention(span, vec![org], Form::Name);
                index = end;
                continue;
            }
            index = end;
        }
    }

    /// Whether the name of tokens `index..end` is a person's: after a title of address
    /// ("M. X"), or of two words or more next to an office ("le ministre marocain X",
    /// "X, le PDG") or after "représenté par".
    fn names_a_person(
        &self,
        index: usize,
        end: usize,
        offices: &OfficeBounds,
        demonyms: &Demonyms,
    ) -> bool {
        let tokens = &self.ctx.tokens.tokens;
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
        if n_words < 2 {
            return false;
        }
        // An office that ends ten tokens before the name at most.
        let after_office = offices.ends
            [sorted_range(&offices.ends, index.saturating_sub(10)..=index, |&end| end)]
        .iter()
        .any(|&office_end| {
            office_end == index
                || self.only_demonym_between(office_end, index, demonyms)
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
            offices.starts[sorted_range(&offices.starts, end + 1..=end + 3, |&start| start)]
                .iter()
                .any(|&office_start| self.apposition_between(end, office_start))
        };
        let after_represented = || {
            self.is(previous, WordClass::Agent)
                && index >= 2
                && self
                    .words()
                    .list(WordClass::RepresentationStem)
                    .iter()
                    .any(|stem| tokens[index - 2].norm.starts_with(&**stem))
        };
        after_office || before_office() || after_represented()
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
            if token.is_word && token.capitalised {
                n_words += 1;
                cursor += 1;
                end = cursor;
                continue;
            }
            let is_joiner = token.norm == "-" || token.norm == ".";
            if self.is_connector_at(cursor) || is_joiner {
                cursor += 1;
                continue;
            }
            break;
        }
        let first = tokens[start].norm;
        // Sentence-initial function words and articles are not names.
        let classes = self.words().classes(first);
        if classes.contains(WordClass::DefiniteArticle)
            || classes.contains(WordClass::PluralArticle)
            || classes.contains(WordClass::IndefiniteArticle)
        {
            return None;
        }
        Some(end)
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

    pub(super) fn org_cue_before(
        &self,
        index: usize,
        demonyms: &Demonyms,
    ) -> Option<(&'b str, Option<Arc<str>>)> {
        let tokens = &self.ctx.tokens.tokens;
        let mut cursor = index.checked_sub(1)?;
        let mut country = None;
        // Optional "appelé"/"baptisé"/"called"/"named".
        if self.is_at(cursor, WordClass::Naming) {
            cursor = cursor.checked_sub(1)?;
        }
        // Optional nationality adjective: the country of the organisation.
        if let Some(mention) = demonyms.ending_at(tokens[cursor].span.end) {
            country = self.resolution.mentions[mention]
                .actors
                .first()
                .map(|&actor| self.resolution.actors[actor].key.clone());
            cursor = cursor.checked_sub(1)?;
        }
        let words = self.words();
        let is_cue = |index: usize| words.org_cue(tokens[index].norm);
        if let Some(subtype) = is_cue(cursor) {
            return Some((subtype, country));
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
                let complement = tokens[probe + 1].norm;
                return self
                    .is(complement, WordClass::Of)
                    .then_some((subtype, country));
            }
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

    pub(super) fn headed_org(&mut self, start: usize) -> Option<usize> {
        let tokens = &self.ctx.tokens.tokens;
        let sentence = tokens[start].sentence;
        let mut end = start + 1;
        let mut cursor = start + 1;
        let mut complements = 0;
        while cursor < tokens.len() && tokens[cursor].sentence == sentence && cursor - start < 16 {
            let token = &tokens[cursor];
            if token.is_word && token.capitalised {
                complements += 1;
                cursor += 1;
                end = cursor;
                continue;
            }
            if self.is_connector_at(cursor) {
                cursor += 1;
                continue;
            }
            // A lower-case noun after a connector ("Groupe de travail sur les normes").
            if token.is_word && self.is_connector_at(cursor - 1) {
                complements += 1;
                cursor += 1;
                end = cursor;
                continue;
            }
            // A lower-case adjective right after a capitalised word belongs to the name
            // ("l'Intelligence artificielle", "Organisation mondiale").
            if token.is_word
                && tokens[cursor - 1].capitalised
                && looks_like_adjective(self.words(), token.norm)
            {
                cursor += 1;
                end = cursor;
                continue;
            }
            break;
        }
        if complements < 1 {
            return None;
        }
        let span = Span::new(tokens[start].span.start, tokens[end - 1].span.end);
        let name = self.ctx.slice(span).to_string();
        // Mentions inside the name (ONU in "Groupe des Amis de l'ONU") stay; the name
        // itself becomes an organisation.
        let org = self.new_actor(
            &name,
            ActorKind::Organization,
            Some("international_org"),
            None,
        );
        let surface = name.clone();
        let aliases = &mut self.resolution.actors[org].aliases;
        if !aliases.contains(&surface) {
            aliases.push(surface);
        }
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

/// A word of four letters or more with an ending of adjectives ("mondiale",
/// "numérique").
pub(super) fn looks_like_adjective(words: &Words, norm: &str) -> bool {
    norm.len() > 3
        && words
            .list(WordClass::AdjectiveEnding)
            .iter()
            .any(|ending| norm.ends_with(&**ending))
}

/// The token indices where the document's offices start and end, each sorted: a name
/// tests only the offices near it, where testing all of them grew with the number of
/// names times the number of offices.
struct OfficeBounds {
    starts: Vec<usize>,
    ends: Vec<usize>,
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
        OfficeBounds { starts, ends }
    }
}
