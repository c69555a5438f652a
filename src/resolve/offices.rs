//! Offices and dated roles: appositions give role facts ("X, le PDG de Y"); a title
//! alone stands for whoever held the office on the publication date.

use super::{Builder, Form, Raw, RawWhat, RoleFact};
use crate::lexicon::SPEAKS_FOR_STATE;
use crate::mention::fold;
use crate::model::{ActorKind, Lang, Span};
use crate::words::WordClass;

impl<'b> Builder<'_, 'b> {
    /// Office titles: appositions give role facts; a title alone stands for the holder.
    pub(super) fn offices(&mut self, offices: &[Raw]) {
        // The last titled name of a state: its sentence, the token after the name, the
        // state. "US Secretary of State A, Secretary of Commerce B and Trade
        // Representative C": the titles listed after it without a state of their own
        // are that state's too.
        let mut listed: Option<(usize, usize, usize)> = None;
        // "Zentrix Labs founder and CEO Maria Okafor": the title coordinated after
        // another shares its holder and where it is held. The token the second title
        // starts at, and where the first is held.
        let mut coordinated: Option<(usize, Vec<usize>)> = None;
        let mut companies: Option<super::anaphora::Companies> = None;
        for (position, raw) in offices.iter().enumerate() {
            let RawWhat::Office(office_idx) = raw.what else {
                continue;
            };
            // "le fonds souverain émirati": in French, a title right after a noun of
            // organisation is its adjective ("company President X" is a title).
            let first = self.ctx.tokens.at(raw.span.start);
            if self.ctx.lang == Lang::Fr && first > 0 && self.is_at(first - 1, WordClass::OrgCue) {
                continue;
            }
            let office = &self.ctx.lexicon.offices[office_idx as usize];
            let sentence = self.ctx.tokens.sentence_of(raw.span.start);
            let (mut of_list, after) = self.office_of(raw);
            let start_token = self.ctx.tokens.at(raw.span.start);
            if let Some((_, of)) = coordinated
                .take()
                .filter(|(at, _)| *at == start_token && of_list.is_empty())
            {
                of_list = of;
            }
            // The next office's title: a name after it is its holder's, not this one's
            // ("le président béninois a reçu le PDG d'Oracle, Larry Ellison").
            let next_office = offices[position + 1..]
                .iter()
                .find(|raw| matches!(raw.what, RawWhat::Office(_)))
                .map(|raw| self.ctx.tokens.at(raw.span.start));
            let mut names = self.names_after(after, next_office);
            let next_title = self.title_coordinated_after(after, &offices[position + 1..]);
            if names.is_empty()
                && let Some(next) = next_title
            {
                names = self.names_after(self.ctx.tokens.at(next.span.end), None);
                coordinated = Some((self.ctx.tokens.at(next.span.start), of_list.clone()));
            }
            // "NAME, secrétaire d'État chargée du Numérique": the holder before.
            let named_before = names.is_empty();
            if named_before {
                names = self.names_before(raw.span.start);
            }
            let in_list = listed
                .filter(|&(at, next, _)| {
                    at == sentence && self.only_list_marks(next, raw.span.start)
                })
                .map(|(_, _, state)| state);
            // "Prime Minister Narendra Modi of India": the state after the name.
            if of_list.is_empty()
                && !named_before
                && let Some(&(_, last)) = names.last()
                && let Some(mention) = self.state_named_after_of(self.ctx.tokens.at(last.end))
            {
                of_list = mention.actors.clone();
            }
            // "The company's chief executive, X", "Its founder, X", "Son directeur
            // général, X": a firm's office whose possessor points back is held in the
            // firm the passage is about (read here, before the company anaphora).
            let of_list = if of_list.is_empty()
                && !names.is_empty()
                && self.ctx.lexicon.is_company_office(&office.office)
                && self.company_possessor_before(raw.span)
            {
                let companies = companies.get_or_insert_with(|| self.companies_by_sentence());
                self.company_pointed_at(self.ctx.tokens.at(raw.span.start), companies)
                    .into_iter()
                    .collect()
            } else {
                of_list
            };
            let of_list = if of_list.is_empty() {
                self.office_of_holder(office_idx, raw.span, &names, in_list)
            } else {
                of_list
            };
            listed = match (&names[..], &of_list[..]) {
                (&[.., (_, last)], &[state])
                    if !named_before && self.resolution.actors[state].kind == ActorKind::State =>
                {
                    Some((sentence, self.ctx.tokens.at(last.end), state))
                }
                _ => None,
            };
            let mut name_span_end = names.iter().map(|&(_, span)| span.end).max();
            let mut evidence_start = raw.span.start;
            if named_before {
                if let Some(first) = names.first() {
                    evidence_start = first.1.start;
                }
                name_span_end = None;
            }
            let evidence_end = name_span_end
                .unwrap_or(raw.span.end)
                .max(self.of_end(after));
            let evidence = Span::new(evidence_start, evidence_end);
            let title = self.ctx.slice(raw.span).to_string();
            let speaks_for_state = SPEAKS_FOR_STATE.contains(&office.office.as_str());
            if !names.is_empty() && !of_list.is_empty() {
                let pairwise = names.len() == of_list.len() && names.len() > 1;
                for (position, &(person, _)) in names.iter().enumerate() {
                    let of = if pairwise {
                        of_list[position]
                    } else {
                        of_list[0]
                    };
                    if person == of {
                        continue;
                    }
                    self.holders.insert((of, fold(&title)), person);
                    self.resolution.roles.push(RoleFact {
                        person,
                        of,
                        title: title.clone(),
                        speaks_for_state,
                        evidence,
                        sentence,
                    });
                }
                continue;
            }
            if names.is_empty() && of_list.is_empty() {
                // "la ministre a pris part au forum", "the minister said": a bare title
                // after a definite article or a demonstrative is the person last given
                // a title of that word.
                if let Some(person) = self.titled_before(raw.span) {
                    self.add_mention(raw.span, vec![person], Form::Title);
                }
                continue;
            }
            if names.is_empty() && of_list.len() == 1 {
                // A title alone: "le président russe" is whoever held the office.
                let of = of_list[0];
                // "les dirigeants de Google": a plural names no one holder.
                let plural = office.plural;
                let holder = if plural {
                    None
                } else {
                    self.holder(&office.office, of, &title)
                };
                let span = Span::new(raw.span.start, self.of_end(after).max(raw.span.end));
                if let Some(holder) = holder {
                    self.add_mention(span, vec![holder], Form::Title);
                } else if plural || self.resolution.actors[of].kind == ActorKind::State {
                    // "le ministre marocain du numérique a rencontré son homologue
                    // émirati": an office holder the lexicon does not know acts for
                    // the state; the officers a plural names act for their body.
                    self.push_mention(span, vec![of], Form::Title);
                }
            }
        }
    }

    /// The person of the last role fact read before `title` whose title holds the
    /// title's last word ("le ministre de la Transition numérique X ... la ministre"),
    /// when a definite article or a demonstrative stands right before it.
    fn titled_before(&self, title: Span) -> Option<usize> {
        let tokens = self.ctx.tokens;
        let first = tokens.at(title.start);
        let determiner = first > 0
            && (self.is_at(first - 1, WordClass::DefiniteArticle)
                || self.is_at(first - 1, WordClass::Demonstrative));
        if !determiner {
            return None;
        }
        let word = fold(self.ctx.slice(title));
        let word = word.rsplit(' ').next()?;
        self.resolution
            .roles
            .iter()
            .rfind(|fact| {
                fact.evidence.end <= title.start
                    && fold(&fact.title).split(' ').any(|other| other == word)
            })
            .map(|fact| fact.person)
    }

    /// The office title right after a conjunction at token `cursor` ("founder and
    /// CEO"), among the offices after the one being read.
    fn title_coordinated_after<'r>(&self, cursor: usize, later: &'r [Raw]) -> Option<&'r Raw> {
        if !self.is_at(cursor, WordClass::Conjunction) {
            return None;
        }
        let start = self.ctx.tokens.tokens.get(cursor + 1)?.span.start;
        later
            .iter()
            .find(|raw| matches!(raw.what, RawWhat::Office(_)) && raw.span.start == start)
    }

    /// Whether a title names an office of a state's government by one of its words
    /// ("Minister", "Trade Representative"), though no lexicon holder says so.
    fn has_state_title(&self, title: Span) -> bool {
        (self.ctx.tokens.at(title.start)..self.ctx.tokens.at(title.end))
            .any(|index| self.is_at(index, WordClass::StateTitle))
    }

    /// Whether the tokens from `start` up to the byte offset `end` are the joint of a
    /// list: commas and coordinating conjunctions, at least one, then perhaps an
    /// article and the portfolio words of the next title ("and Trade Representative",
    /// ", la ministre").
    fn only_list_marks(&self, start: usize, end: usize) -> bool {
        let end = self.ctx.tokens.at(end);
        let tokens = self.ctx.tokens;
        let joint = (start..end)
            .take_while(|&index| {
                tokens.norm(index) == "," || self.is_at(index, WordClass::Conjunction)
            })
            .count();
        joint > 0
            && (start + joint..end).all(|index| {
                self.is_at(index, WordClass::Portfolio)
                    || self.is_at(index, WordClass::DefiniteArticle)
            })
    }

    /// Where an office the text gives no country or body for is held, from its holder
    /// named after it: "le président Biden" (the lexicon knows what Biden was president
    /// of), a title that exists in one country only, or, for a state office held by
    /// someone the lexicon does not know, the state of the titled name it is listed
    /// after ("French Foreign Minister A, Finance Minister B and ...") or else the state
    /// the article is about ("le ministre de l'Économie Guy Parmelin" in an article
    /// about Switzerland).
    fn office_of_holder(
        &mut self,
        office_idx: u32,
        title: Span,
        names: &[(usize, Span)],
        in_list: Option<usize>,
    ) -> Vec<usize> {
        let office = &self.ctx.lexicon.offices[office_idx as usize];
        let known = names
            .first()
            .and_then(|&(person, _)| self.known_office(person, &office.office));
        // "secrétaire d'État chargée du Numérique": a title given its portfolio is a
        // post of any state's government, not the one country's office the bare title
        // names (English "for" does not say it: "Cabinet Secretary for Trade" is
        // Kenya's).
        let after = self.ctx.tokens.at(title.end);
        let country = office
            .country
            .filter(|_| !self.is_at(after, WordClass::PortfolioMarker));
        match (known, country) {
            (Some(of), _) => vec![of],
            (None, Some(country)) => vec![self.lexicon_actor(country, false)],
            // Listed after a state's titled name, that state's; else the state the
            // article is about.
            (None, None)
                if !names.is_empty()
                    && (self.ctx.lexicon.is_state_office(&office.office)
                        || self.has_state_title(title)) =>
            {
                in_list.or_else(|| self.home_state()).into_iter().collect()
            }
            (None, None) => Vec::new(),
        }
    }

    /// The state the document is about: the outlet's, by its address, if the text
    /// names it; else the one its names mention most (names and demonyms; the first
    /// named wins a tie), if it has at least two mentions.
    fn home_state(&self) -> Option<usize> {
        if let Some(outlet) = self.ctx.outlet_state
            && let Some(&state) = self.by_lexicon.get(&outlet)
            && self.resolution.mentions.iter().any(|mention| {
                mention.actors == [state]
                    && matches!(mention.form, Form::Name | Form::Demonym | Form::Metonym)
            })
        {
            return Some(state);
        }
        let mut counts: Vec<(usize, usize)> = Vec::new();
        for mention in &self.resolution.mentions {
            let ([actor], Form::Name | Form::Demonym | Form::Metonym) =
                (&mention.actors[..], mention.form)
            else {
                continue;
            };
            if self.resolution.actors[*actor].kind != ActorKind::State {
                continue;
            }
            match counts.iter_mut().find(|(state, _)| state == actor) {
                Some((_, count)) => *count += 1,
                None => counts.push((*actor, 1)),
            }
        }
        let best = counts.iter().map(|&(_, count)| count).max()?;
        (best >= 2)
            .then(|| counts.iter().find(|&&(_, count)| count == best))
            .flatten()
            .map(|&(state, _)| state)
    }

    /// The actor a lexicon person held `office` in, preferring the term that covers the
    /// publication date.
    pub(super) fn known_office(&mut self, person: usize, office: &str) -> Option<usize> {
        let person_idx = self.resolution.actors[person].lexicon?;
        let day = self.ctx.reference_day();
        let lexicon = self.ctx.lexicon;
        let mut roles: Vec<_> = lexicon
            .roles_of(person_idx)
            .filter(|role| role.office == office)
            .collect();
        // A generic title ("la ministre X") takes whatever office X held then.
        if roles.is_empty() {
            roles = lexicon.roles_of(person_idx).collect();
        }
        roles.sort_by_key(|role| {
            let covers = day.is_some_and(|day| role.held_on(day));
            (!covers, role.from)
        });
        let of = roles.first()?.of;
        Some(self.lexicon_actor(of, false))
    }

    /// Whether a possessive that points back stands right before the title at `span`:
    /// "its", "son", "sa", or a company noun after an article with its "'s" ("the
    /// company's").
    fn company_possessor_before(&self, span: Span) -> bool {
        let first = self.ctx.tokens.at(span.start);
        let Some(before) = first.checked_sub(1) else {
            return false;
        };
        self.is_at(before, WordClass::Possessive) || self.company_noun_possessive_before(first)
    }

    /// Whether "the company's" (an article, a firm's noun and its possessive "'s") ends
    /// right before token `first`.
    fn company_noun_possessive_before(&self, first: usize) -> bool {
        first >= 4
            && self.possessive_s_at(first - 2)
            && self.is_at(first - 3, WordClass::CompanyHead)
            && self.is_at(first - 4, WordClass::DefiniteArticle)
    }

    pub(super) fn holder(&mut self, office: &str, of: usize, title: &str) -> Option<usize> {
        // Someone the document already gave this title of this actor.
        if let Some(&person) = self.holders.get(&(of, fold(title))) {
            return Some(person);
        }
        let of_lexicon = self.resolution.actors[of].lexicon?;
        let day = self.ctx.reference_day()?;
        let person = self.ctx.lexicon.holder(office, of_lexicon, day)?;
        let already = self.by_lexicon.contains_key(&person);
        let doc_idx = self.lexicon_actor(person, false);
        if already {
            return Some(doc_idx);
        }
        Some(doc_idx)
    }

    /// The actor(s) an office is held in, read after (and just before) the title;
    /// returns them and the token index where reading stopped.
    pub(super) fn office_of(&self, raw: &Raw) -> (Vec<usize>, usize) {
        let tokens = self.ctx.tokens;
        let mut cursor = tokens.at(raw.span.end);
        let mut found = Vec::new();
        // "le président russe", "secrétaire d'État américain".
        if let Some(mention) = self.mention_starting_at(cursor)
            && mention.form == Form::Demonym
        {
            found.extend(mention.actors.iter().copied());
            cursor = tokens.at(mention.span.end);
        }
        if found.is_empty() {
            (found, cursor) = self.office_of_complement(cursor);
        }
        if found.is_empty() {
            found = self.office_of_before(raw);
        }
        found.retain(|&actor| self.resolution.actors[actor].kind != ActorKind::Person);
        (found, cursor)
    }

    /// "du Conseil de sécurité nationale", "de Google", "de la start-up américaine
    /// Anthropic", "à la Maison Blanche et au Département d'État": the bodies named
    /// after a preposition within six words of `cursor`, and where reading stopped.
    fn office_of_complement(&self, mut cursor: usize) -> (Vec<usize>, usize) {
        let tokens = self.ctx.tokens;
        let mut found = Vec::new();
        let mut probe = cursor;
        let mut skipped = 0;
        while probe < tokens.tokens.len() && skipped < 6 {
            let norm = tokens.norm(probe);
            // "de la start-up Zentrix": a hyphen inside a word goes on.
            let inner_hyphen = tokens.inner_hyphen(probe);
            if !tokens.tokens[probe].is_word && norm != "'" && !inner_hyphen {
                break;
            }
            if let Some(mention) = self
                .mention_starting_at(probe)
                .filter(|mention| mention.form != Form::Demonym)
            {
                // "head of AI policy at Peru's Ministry of Economy": the body a
                // possessor owns is the office's.
                let owned_body = {
                    let end = tokens.at(mention.span.end);
                    self.possessive_s_at(end)
                        .then(|| self.mention_starting_at(end + 2))
                        .flatten()
                        .filter(|owned| self.names_bodies(owned))
                };
                let mention = owned_body.unwrap_or(mention);
                // "vice-president for Kenya at the Corvana Group", "directeur pour le
                // Kenya chez Oracle": a remit after "for", then the body the office is
                // held at.
                let mut remit_at = probe.saturating_sub(1);
                if remit_at > cursor && self.is_at(remit_at, WordClass::DefiniteArticle) {
                    remit_at -= 1;
                }
                let remit_body = (probe > cursor && self.is_at(remit_at, WordClass::Benefactive))
                    .then(|| {
                        let mut at = tokens.at(mention.span.end);
                        if !self.is_at(at, WordClass::Locative) {
                            return None;
                        }
                        at += 1;
                        if self.is_at(at, WordClass::DefiniteArticle) {
                            at += 1;
                        }
                        self.mention_starting_at(at)
                            .filter(|body| self.names_bodies(body))
                    })
                    .flatten();
                let mention = remit_body.unwrap_or(mention);
                let is_org_or_state = mention.actors.iter().all(|&actor| {
                    matches!(
                        self.resolution.actors[actor].kind,
                        ActorKind::State | ActorKind::Organization
                    )
                });
                // "director of Carnegie India": a capitalised word right before the
                // name makes it part of another name, not the office's state or body.
                let inside_a_name = probe > cursor
                    && tokens.tokens[probe - 1].is_word
                    && tokens.tokens[probe - 1].capitalised
                    && !self
                        .words()
                        .classes(tokens.norm(probe - 1))
                        .contains(WordClass::Of);
                if inside_a_name {
                    break;
                }
                if mention.form != Form::Demonym && is_org_or_state {
                    let preposition = remit_body.is_some()
                        || (cursor..probe).any(|index| {
                            let classes = self.words().classes(tokens.norm(index));
                            classes.contains(WordClass::Of) || classes.contains(WordClass::Locative)
                        });
                    if preposition {
                        found.extend(mention.actors.iter().copied());
                        cursor = tokens.at(mention.span.end);
                        // "PDG de Huawei Afrique du Nord, Li Peng": the region a body's
                        // arm serves goes with the body.
                        if mention.actors.iter().all(|&actor| {
                            self.resolution.actors[actor].kind == ActorKind::Organization
                        }) && let Some(end) = self.place_after(cursor)
                        {
                            cursor = end;
                        }
                        // Coordinated: "et au Département d'État".
                        let mut next = cursor;
                        while self.is(tokens.norm(next), WordClass::Coordination)
                            || tokens.norm(next) == "'"
                        {
                            next += 1;
                        }
                        if next > cursor
                            && let Some(second) = self.mention_starting_at(next)
                            && second.form != Form::Demonym
                        {
                            found.extend(second.actors.iter().copied());
                            cursor = tokens.at(second.span.end);
                        }
                    }
                }
                break;
            }
            // A hyphened word counts once ("start-up").
            if !inner_hyphen {
                skipped += 1;
            }
            probe += if inner_hyphen { 2 } else { 1 };
        }
        (found, cursor)
    }

    /// English and possessive forms before the title: "US Secretary of State", "China's
    /// foreign minister", "son ministre des Affaires étrangères".
    fn office_of_before(&self, raw: &Raw) -> Vec<usize> {
        let tokens = self.ctx.tokens;
        let mut found = Vec::new();
        if let Some(before) = tokens.before(raw.span.start) {
            // "Dutch trade minister", "Kenyan Trade Minister", "South Korean Trade,
            // Industry and Energy Minister": portfolio words between, listed with commas
            // and a conjunction, seven tokens at most.
            let sentence = tokens.tokens[before].sentence;
            let mut cursor = before;
            let mut first_portfolio = None;
            for _ in 0..7 {
                let token = &tokens.tokens[cursor];
                let classes = self.classes_at(cursor);
                if token.is_word && classes.contains(WordClass::Portfolio) {
                    first_portfolio = Some(cursor);
                } else if first_portfolio.is_none()
                    || !(token.norm == "," || classes.contains(WordClass::Conjunction))
                {
                    break;
                }
                if cursor == 0 || tokens.tokens[cursor - 1].sentence != sentence {
                    break;
                }
                cursor -= 1;
            }
            let before = match first_portfolio {
                Some(first) if first > 0 => first - 1,
                _ => before,
            };
            let norm = tokens.norm(before);
            let classes = self.words().classes(norm);
            if classes.contains(WordClass::Possessive)
                || classes.contains(WordClass::PluralPossessive)
            {
                if let Some(subject) = self.last_polity_before(raw.span.start) {
                    found.push(subject);
                }
            } else if let Some(mention) = self.mention_ending_at(before) {
                if mention.form != Form::Title {
                    found.extend(mention.actors.iter().copied());
                }
            } else if let Some(mention) = self.possessor_before(before + 1) {
                found.extend(mention.actors.iter().copied());
            } else if let Some(body) = self.body_before_region(before + 1) {
                // "Huawei North Africa chief executive X": the region a body's arm
                // serves, between the body and the title.
                found.push(body);
            } else {
                // "Ericsson's regional head X", "Peru's newly appointed minister X": one
                // or two qualifiers between the possessive and the title.
                let qualifier = |at: usize| {
                    tokens.tokens[at].is_word
                        && !tokens.tokens[at].capitalised
                        && self.classes_at(at).is_empty()
                };
                let possessor = (before.saturating_sub(1)..=before)
                    .rev()
                    .take_while(|&first| qualifier(first))
                    .find_map(|first| {
                        self.possessor_before(first)
                            .filter(|mention| mention.form != Form::Title)
                    });
                if let Some(mention) = possessor {
                    found.extend(mention.actors.iter().copied());
                }
            }
        }
        found
    }

    /// The organisation named right before a place the lexicon knows that ends right
    /// before token `index`, or before its possessive ("Huawei" of "Huawei North
    /// Africa", "Huawei's North Africa").
    fn body_before_region(&self, index: usize) -> Option<usize> {
        let start = self.place_just_before(index)?;
        let first = self.ctx.tokens.at(start);
        // "Ericsson's Latin America head X": through the body's possessive too.
        let mention = self
            .mention_ending_at(first.checked_sub(1)?)
            .or_else(|| self.possessor_before(first))?;
        match mention.actors[..] {
            [body]
                if mention.form == Form::Name
                    && self.resolution.actors[body].kind == ActorKind::Organization =>
            {
                Some(body)
            }
            _ => None,
        }
    }

    pub(super) fn of_end(&self, after: usize) -> usize {
        after
            .checked_sub(1)
            .and_then(|index| self.ctx.tokens.tokens.get(index))
            .map(|token| token.span.end)
            .unwrap_or(0)
    }

    pub(super) fn last_polity_before(&self, offset: usize) -> Option<usize> {
        let sentence = self.ctx.tokens.sentence_of(offset);
        self.resolution
            .mentions
            .iter()
            .filter(|mention| mention.sentence == sentence && mention.span.end <= offset)
            .filter(|mention| mention.form != Form::Demonym && mention.actors.len() == 1)
            .filter(|mention| {
                matches!(
                    self.resolution.actors[mention.actors[0]].kind,
                    ActorKind::State | ActorKind::Organization
                )
            })
            .max_by_key(|mention| mention.span.end)
            .map(|mention| mention.actors[0])
    }

    /// Person names right after an office phrase: "Vladimir Poutine", ", Adrienne Watson".
    /// `next_office`: the token where the next office title starts, if any; a portfolio
    /// does not run past it.
    pub(super) fn names_after(
        &self,
        cursor: usize,
        next_office: Option<usize>,
    ) -> Vec<(usize, Span)> {
        let tokens = self.ctx.tokens;
        let start = cursor;
        let mut cursor = cursor;
        // A portfolio between the title and the name: "le ministre indien de
        // l'Électronique, Ashwini Vaishnaw", "ministre russe des Affaires étrangères, X".
        // The preposition opens a portfolio only before an article, a capital or a
        // portfolio word ("à la Concurrence", "of Economy", "des affaires étrangères"):
        // "a reçu" (French "a" folds as "à") opens none.
        let portfolio = self.opens_portfolio(cursor)
            && tokens.tokens.get(cursor + 1).is_some_and(|next| {
                next.capitalised
                    || next.norm == "'"
                    || self.is_at(cursor + 1, WordClass::Portfolio)
                    || self.is_at(cursor + 1, WordClass::DefiniteArticle)
                    || self.is_at(cursor + 1, WordClass::ElidedArticle)
            });
        if portfolio {
            let sentence = tokens.tokens.get(cursor).map(|token| token.sentence);
            let limit = (cursor + 10)
                .min(tokens.tokens.len())
                .min(next_office.unwrap_or(usize::MAX));
            if let Some(comma) = (cursor..limit)
                .take_while(|&index| Some(tokens.tokens[index].sentence) == sentence)
                .find(|&index| tokens.norm(index) == ",")
            {
                cursor = comma;
            }
        }
        if tokens.norm(cursor) == "," {
            cursor += 1;
        }
        // "Minister of Economy, Trade and Industry Ken Saito": a capitalised portfolio
        // with its own commas runs up to the name.
        if portfolio {
            let limit = (start + 13).min(tokens.tokens.len());
            if let Some(name_start) = (start + 2..limit).find(|&index| {
                self.mention_starting_at(index)
                    .is_some_and(|mention| self.is_person_name(mention))
            }) && self.only_complement_between(start, self.address_title_before(name_start))
            {
                cursor = name_start;
            }
        }
        // "Minister of Communications, Dr. Bosun Adeyemi": a title of address before
        // the name, maybe after an article ("le chef de l'État, le capitaine X").
        if self.is_at(cursor, WordClass::DefiniteArticle)
            && self.address_title_end(cursor + 1).is_some()
        {
            cursor += 1;
        }
        if let Some(end) = self.address_title_end(cursor) {
            cursor = end;
        }
        let mut names = Vec::new();
        if let Some(mention) = self.mention_starting_at(cursor)
            && self.is_person_name(mention)
        {
            names.push((mention.actors[0], mention.span));
        }
        names
    }

    /// Where a title of address right before token `name_start` starts ("Dr." of "Dr.
    /// Bosun Adeyemi"), else `name_start`.
    fn address_title_before(&self, name_start: usize) -> usize {
        let mut at = name_start;
        if at >= 1 && self.ctx.tokens.norm(at - 1) == "." {
            at -= 1;
        }
        if at >= 1 && self.is_at(at - 1, WordClass::AddressTitle) {
            at - 1
        } else {
            name_start
        }
    }

    /// A mention that names bodies by their names (not a title, a demonym or a
    /// metonym): "Peru's Ministry of Economy", "at the Corvana Group".
    fn names_bodies(&self, mention: &crate::resolve::ActorMention) -> bool {
        mention.form == Form::Name
            && mention
                .actors
                .iter()
                .all(|&actor| self.resolution.actors[actor].kind == ActorKind::Organization)
    }

    /// A mention that names one person (not an office title standing for one).
    fn is_person_name(&self, mention: &crate::resolve::ActorMention) -> bool {
        matches!(mention.actors[..], [actor] if self.resolution.actors[actor].kind == ActorKind::Person)
            && mention.form != Form::Title
    }

    /// Person names right before ", le PDG": "Sundar Pichai, le PDG de Google",
    /// "Tarun Chhabra et Seth Center, responsables".
    pub(super) fn names_before(&self, office_start: usize) -> Vec<(usize, Span)> {
        let tokens = self.ctx.tokens;
        let office_token = tokens.at(office_start);
        let mut names = Vec::new();
        let mut cursor = office_token;
        // Walk back over the words of its portfolio ("digital affairs minister"), the
        // office's state ("Kenya's", "Kenyan"), the article and the comma.
        let portfolio_start = cursor.saturating_sub(4);
        while cursor > portfolio_start && self.is_at(cursor - 1, WordClass::Portfolio) {
            cursor -= 1;
        }
        let mut steps = 0;
        let mut qualified = false;
        while cursor > 0 && steps < 3 {
            // The state first, right before the title: its possessive's apostrophe
            // ("NAME, Zentrix Labs' chief executive") is no elided article.
            if !qualified && steps == 0 {
                let possessor = self
                    .possessor_before(cursor)
                    .filter(|mention| mention.form != Form::Title);
                // "NAME, the UAE Ambassador": a state's name after the article stands
                // as its demonym does.
                let demonym =
                    self.mention_ending_at(cursor - 1).filter(|mention| {
                        mention.form == Form::Demonym
                            || (mention.form == Form::Name
                                && mention.actors.iter().all(|&actor| {
                                    self.resolution.actors[actor].kind == ActorKind::State
                                })
                                && tokens.at(mention.span.start).checked_sub(1).is_some_and(
                                    |before| self.is_at(before, WordClass::DefiniteArticle),
                                ))
                    });
                // "NAME, Microsoft vice chair": a body's name right before the title.
                let body = || {
                    self.mention_ending_at(cursor - 1)
                        .filter(|mention| self.names_bodies(mention))
                };
                if let Some(mention) = possessor.or(demonym).or_else(body) {
                    cursor = tokens.at(mention.span.start);
                    qualified = true;
                    continue;
                }
                // "NAME, the company's chief executive": a firm's noun as possessor
                // (`company_possessor_before` reads which firm).
                if self.company_noun_possessive_before(cursor) {
                    cursor -= 3;
                    qualified = true;
                    steps += 1;
                    continue;
                }
            }
            let norm = tokens.norm(cursor - 1);
            let classes = self.words().classes(norm);
            // "NAME, a partner at Y": an indefinite article too.
            if norm == "'"
                || classes.contains(WordClass::DefiniteArticle)
                || classes.contains(WordClass::IndefiniteArticle)
                || classes.contains(WordClass::PluralArticle)
                || classes.contains(WordClass::Possessive)
            {
                cursor -= 1;
                steps += 1;
                continue;
            }
            break;
        }
        if cursor == 0 || tokens.norm(cursor - 1) != "," {
            return names;
        }
        cursor -= 1;
        while let Some(mention) = cursor
            .checked_sub(1)
            .and_then(|before| self.mention_ending_at(before))
        {
            let [actor] = mention.actors[..] else {
                break;
            };
            if self.resolution.actors[actor].kind != ActorKind::Person
                || mention.form == Form::Title
            {
                break;
            }
            names.insert(0, (actor, mention.span));
            cursor = tokens.at(mention.span.start);
            let conjunction = |norm: &str| norm == "," || self.is(norm, WordClass::Conjunction);
            if cursor > 0 && conjunction(tokens.norm(cursor - 1)) {
                cursor -= 1;
                continue;
            }
            break;
        }
        names
    }
}
