//! Lexicon hits to mentions: compound adjectives ("sino-américain", "US-China"),
//! plain names, demonyms, metonyms ("à Pékin" is a place) and surnames.

use super::unknown::looks_like_adjective;
use super::{Builder, Form, PlaceMention, Raw, RawWhat};
use crate::lexicon::{ActorIdx, AliasKind, EntityPattern};
use crate::model::{ActorKind, Span, Subtype};
use crate::words::WordClass;

impl<'b> Builder<'_, 'b> {
    pub(super) fn lexicon_hits(&self) -> Vec<Raw> {
        let lexicon = self.ctx.lexicon;
        self.ctx
            .hits
            .entities
            .iter()
            .map(|hit| {
                let what = match lexicon.entity_pattern(hit.payload) {
                    EntityPattern::Alias(alias) => {
                        let alias = &lexicon.aliases[alias as usize];
                        RawWhat::Alias(alias.actor, alias.kind)
                    }
                    EntityPattern::Office(office) => RawWhat::Office(office),
                    EntityPattern::CompoundPrefix(actor) => RawWhat::Prefix(actor),
                };
                Raw {
                    span: hit.span,
                    folded: hit.folded,
                    what,
                }
            })
            .collect()
    }

    /// Turns alias hits into mentions: compounds first, then plain names; returns the
    /// office hits for later.
    pub(super) fn lexicon_mentions(&mut self, raws: &[Raw]) -> Vec<Raw> {
        let folded = self.ctx.folded.text.as_str();
        let mut offices = Vec::new();
        let mut index = 0;
        while index < raws.len() {
            let raw = &raws[index];
            match raw.what {
                RawWhat::Office(_) => {
                    // "who heads Zentrix Labs": after a relative pronoun the title's
                    // word is a verb.
                    let tokens = self.ctx.tokens;
                    let first = tokens.at(raw.span.start);
                    // "membres fondateurs": a title word inside a longer trigger phrase
                    // is part of that phrase.
                    let in_trigger =
                        self.ctx.hits.triggers.iter().any(|hit| {
                            hit.span.start < raw.span.start && raw.span.end <= hit.span.end
                        });
                    if !in_trigger
                        && (first == 0 || !self.is_at(first - 1, WordClass::RelativePronoun))
                    {
                        offices.push(raw.clone());
                    }
                    index += 1;
                }
                RawWhat::Prefix(first) => {
                    // "sino-russo-américain": prefixes chained to a final name.
                    let mut states = vec![first];
                    let mut end = raw.folded.1;
                    let mut next = index + 1;
                    while let Some(RawWhat::Prefix(actor)) =
                        raws.get(next).filter(|r| r.folded.0 == end).map(|r| r.what)
                    {
                        states.push(actor);
                        end = raws[next].folded.1;
                        next += 1;
                    }
                    // A region's adjective ends no compound of states: "sino-africain"
                    // names a relation with a continent's states, none of them by name.
                    let names_state = |last: &&Raw| match last.what {
                        RawWhat::Alias(actor, _) => {
                            self.ctx.lexicon.actor(actor).kind != ActorKind::Place
                        }
                        _ => false,
                    };
                    match raws
                        .get(next)
                        .filter(|r| r.folded.0 == end)
                        .filter(names_state)
                    {
                        Some(last) => {
                            if let RawWhat::Alias(actor, _) = last.what {
                                states.push(actor);
                            }
                            let span = Span::new(raw.span.start, last.span.end);
                            self.add_compound(span, &states);
                            index = next + 1;
                        }
                        _ => index = next,
                    }
                }
                RawWhat::Alias(actor, kind) => {
                    // "US-China", "Israeli-Palestinian", "the Microsoft-G42 partnership":
                    // two names joined by a hyphen.
                    if let Some(next) = raws.get(index + 1)
                        && let RawWhat::Alias(other, _) = next.what
                        && &folded[raw.folded.1..next.folded.0] == "-"
                        && (self.is_polity(actor) || self.is_firm(actor))
                        && (self.is_polity(other) || self.is_firm(other))
                    {
                        let span = Span::new(raw.span.start, next.span.end);
                        self.add_compound(span, &[actor, other]);
                        index += 2;
                        continue;
                    }
                    // "the Japanese AI Safety Institute", "Canada AI Safety Institute": a
                    // public body the lexicon knows as another state's, named after a state,
                    // is that state's own body of the same name. Named after its own state
                    // ("the UK AI Safety Institute"), the state is part of its name.
                    if let Some(next) = raws.get(index + 1)
                        && let RawWhat::Alias(body, _) = next.what
                        && &folded[raw.folded.1..next.folded.0] == " "
                        && matches!(
                            kind,
                            AliasKind::Demonym | AliasKind::Name | AliasKind::Abbrev
                        )
                        && self.ctx.lexicon.actor(actor).kind == ActorKind::State
                        && let Some(country) = self.public_body_country(body)
                    {
                        let span = Span::new(raw.span.start, next.span.end);
                        let named = if country == actor {
                            self.lexicon_actor(body, true)
                        } else {
                            let name = self.ctx.slice(span).to_string();
                            let subtype = self.ctx.lexicon.actor(body).subtype;
                            let country = Some(self.ctx.lexicon.actor(actor).id.clone());
                            self.new_actor(&name, ActorKind::Organization, subtype, country)
                        };
                        self.add_mention(span, vec![named], Form::Name);
                        index += 2;
                        continue;
                    }
                    // "Huawei Morocco", "Orange Sénégal": a firm's name, then a state's
                    // name, is the firm's branch in that state, a firm of its own.
                    if let Some(next) = raws.get(index + 1)
                        && let RawWhat::Alias(state, AliasKind::Name) = next.what
                        && &folded[raw.folded.1..next.folded.0] == " "
                        && self.is_firm(actor)
                        && self.ctx.lexicon.actor(state).kind == ActorKind::State
                        // "Microsoft Kenya's" may be Kenya's something.
                        && !self.possessive_s_at(self.ctx.tokens.at(next.span.end))
                    {
                        let span = Span::new(raw.span.start, next.span.end);
                        let name = self.ctx.slice(span).to_string();
                        let country = Some(self.ctx.lexicon.actor(state).id.clone());
                        let branch = self.new_actor(
                            &name,
                            ActorKind::Organization,
                            Some(Subtype::Company),
                            country,
                        );
                        self.add_mention(span, vec![branch], Form::Name);
                        index += 2;
                        continue;
                    }
                    // "African Union Commission", "ECOWAS Council": a body's name, then
                    // an organisation head the lexicon knows alone as another body's
                    // ("Commission"): an organ of the first, named whole.
                    if let Some(next) = raws.get(index + 1)
                        && let RawWhat::Alias(_, _) = next.what
                        && &folded[raw.folded.1..next.folded.0] == " "
                        && self.ctx.lexicon.actor(actor).kind == ActorKind::Organization
                        && self.is_lone_org_head(next.span)
                    {
                        let span = Span::new(raw.span.start, next.span.end);
                        let name = self.ctx.slice(span).to_string();
                        let subtype = self.ctx.lexicon.actor(actor).subtype;
                        let organ = self.new_actor(&name, ActorKind::Organization, subtype, None);
                        self.add_mention(span, vec![organ], Form::Name);
                        index += 2;
                        continue;
                    }
                    // "Communications and Multimedia Commission", "Mobile World
                    // Congress": a lone organisation or event head after a capitalised
                    // word is the end of a name the lexicon does not know (`unknown`
                    // and `events` read it), not the body it knows as "Commission" or
                    // "Congress".
                    if self.is_lone_org_head(raw.span)
                        && (self.capitalised_word_before(raw.span)
                            || self.complement_after(raw.span))
                    {
                        index += 1;
                        continue;
                    }
                    index += 1;
                    if hyphen_attached(folded, raw.folded)
                        && !self.agent_glued_after(folded, raw.folded.1)
                    {
                        // "sud-américain", "pro-russe", "Indo-Pacifique"; but
                        // "Microsoft-backed OpenAI" names its backer.
                        continue;
                    }
                    // "H.E.", "U.S.": a one-letter name in a run of initials is none.
                    if in_initials(folded, raw.folded) {
                        continue;
                    }
                    self.plain_mention(raw.span, actor, kind);
                }
            }
        }
        offices
    }

    /// Whether `span` is one capitalised organisation or event head ("Commission",
    /// "Council", "Congress").
    fn is_lone_org_head(&self, span: Span) -> bool {
        let tokens = self.ctx.tokens;
        let index = tokens.at(span.start);
        tokens.tokens.get(index).is_some_and(|token| {
            token.span == span
                && token.capitalised
                && (self.is_at(index, WordClass::OrgHead)
                    || self.is_at(index, WordClass::EventHead))
        })
    }

    /// Whether a lone head goes on with a name of its own after it: an adjective
    /// ("la Commission économique pour l'Afrique") or a complement with a capital ("the
    /// Commission for Digital Affairs", "le Conseil de la Concurrence").
    fn complement_after(&self, span: Span) -> bool {
        let tokens = self.ctx.tokens;
        let next = tokens.at(span.end);
        let Some(token) = tokens.tokens.get(next) else {
            return false;
        };
        let adjective =
            token.is_word && !token.capitalised && looks_like_adjective(self.words(), token.norm);
        let of = (self.is_at(next, WordClass::Of) || self.is_at(next, WordClass::Benefactive))
            && (next + 1..(next + 4).min(tokens.tokens.len()))
                .find(|&at| !self.is_connector_at(at))
                .is_some_and(|at| tokens.tokens[at].capitalised);
        adjective || of
    }

    /// Whether a capitalised word, not the sentence's first, stands right before
    /// `span`.
    fn capitalised_word_before(&self, span: Span) -> bool {
        let tokens = self.ctx.tokens;
        let index = tokens.at(span.start);
        index >= 2 && {
            let before = &tokens.tokens[index - 1];
            before.is_word
                && before.capitalised
                && tokens.tokens[index - 2].sentence == before.sentence
        }
    }

    /// The state of a government body or public research institute. Firms keep their
    /// name abroad ("the French Google"); such bodies' names are common nouns every
    /// state may use.
    fn public_body_country(&self, body: ActorIdx) -> Option<ActorIdx> {
        let entry = self.ctx.lexicon.actor(body);
        let public = entry.kind == ActorKind::Organization
            && matches!(
                entry.subtype,
                Some(Subtype::GovernmentBody | Subtype::Research)
            );
        public.then(|| self.ctx.lexicon.country_of(body)).flatten()
    }

    /// Whether a participle of agency is glued by a hyphen after the folded offset
    /// `end`: "-backed", "-funded" (`hyphen_agent`).
    fn agent_glued_after(&self, folded: &str, end: usize) -> bool {
        let Some(rest) = folded.get(end..).and_then(|rest| rest.strip_prefix('-')) else {
            return false;
        };
        let word_end = rest
            .find(|ch: char| !ch.is_alphanumeric())
            .unwrap_or(rest.len());
        self.is(&rest[..word_end], WordClass::HyphenAgent)
    }

    /// Whether a lexicon actor is a company.
    fn is_firm(&self, idx: ActorIdx) -> bool {
        self.ctx.lexicon.actor(idx).subtype == Some(Subtype::Company)
    }

    pub(super) fn is_polity(&self, idx: ActorIdx) -> bool {
        let actor = self.ctx.lexicon.actor(idx);
        actor.kind == ActorKind::State || actor.subtype == Some(Subtype::InternationalOrg)
    }

    pub(super) fn add_compound(&mut self, span: Span, states: &[ActorIdx]) {
        let mut actors = Vec::new();
        for &state in states {
            let doc_idx = self.lexicon_actor(state, true);
            if !actors.contains(&doc_idx) {
                actors.push(doc_idx);
            }
        }
        self.add_mention(span, actors, Form::Compound);
    }

    pub(super) fn plain_mention(&mut self, span: Span, actor: ActorIdx, kind: AliasKind) {
        let entry = self.ctx.lexicon.actor(actor);
        if kind == AliasKind::Metonym && self.locative_before(span.start) {
            // "à Pékin" is a place, not China's government.
            self.covered.push(span);
            self.resolution.places.push(PlaceMention {
                span,
                country: actor,
            });
            return;
        }
        if entry.kind == ActorKind::Place {
            self.covered.push(span);
            self.resolution.place_names.push(span);
            if let Some(country) = self.ctx.lexicon.country_of(actor) {
                self.resolution.places.push(PlaceMention { span, country });
            }
            return;
        }
        let form = match kind {
            AliasKind::Demonym
                if self.ctx.lexicon.demonym_is_name(
                    actor,
                    self.ctx.lang,
                    &self.ctx.text[span.start..span.end],
                ) =>
            {
                Form::Name
            }
            AliasKind::Demonym => Form::Demonym,
            AliasKind::Metonym | AliasKind::Epithet => Form::Metonym,
            AliasKind::Surname => Form::Surname,
            _ => Form::Name,
        };
        let doc_idx = self.lexicon_actor(actor, form != Form::Demonym);
        self.add_mention(span, vec![doc_idx], form);
    }

    /// "à Pékin", "in Beijing": a capital after a preposition of place is a place.
    pub(super) fn locative_before(&self, offset: usize) -> bool {
        let tokens = self.ctx.tokens;
        let Some(before) = tokens.before(offset) else {
            return false;
        };
        self.is(tokens.norm(before), WordClass::PlacePreposition)
    }
}

/// Whether a folded match of one letter is an initial among others: "h" of "h.e.",
/// "e" of "h.e.".
fn in_initials(folded: &str, (start, end): (usize, usize)) -> bool {
    let bytes = folded.as_bytes();
    let letter = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_alphabetic);
    let initial_after =
        bytes.get(end) == Some(&b'.') && letter(end + 1) && bytes.get(end + 2) == Some(&b'.');
    let initial_before = start >= 2
        && bytes[start - 1] == b'.'
        && letter(start - 2)
        && (start == 2 || !letter(start - 3));
    end == start + 1 && bytes.get(end) == Some(&b'.') && (initial_after || initial_before)
}

/// Whether a folded match is glued by a hyphen to a word that is not part of it.
pub(super) fn hyphen_attached(folded: &str, (start, end): (usize, usize)) -> bool {
    let mut before = folded[..start].chars().rev();
    let glued_before =
        before.next() == Some('-') && before.next().is_some_and(|ch| ch.is_alphanumeric());
    let mut after = folded[end..].chars();
    let glued_after =
        after.next() == Some('-') && after.next().is_some_and(|ch| ch.is_alphanumeric());
    glued_before || glued_after
}
