//! Anaphora and context: surnames alone, "la jeune pousse", "le gouvernement",
//! counterparts ("son homologue émirati"), and the states of people from the lexicon.

use super::index::Demonyms;
use super::unknown::looks_like_adjective;
use super::{ActorMention, Builder, Form, RoleFact};
use crate::fold::any_folded_word;
use crate::lexicon::{ActorIdx, EXECUTIVE};
use crate::mention::fold;
use crate::model::{ActorKind, Span, Subtype};
use crate::words::WordClass;
use rustc_hash::FxHashMap as HashMap;

/// The companies each sentence names (`Builder::companies_by_sentence`).
pub(super) struct Companies {
    first: Vec<Option<usize>>,
    before: Vec<Option<usize>>,
}

impl<'b> Builder<'_, 'b> {
    /// An organisation found once in the document by the structure around it ("Corvana,
    /// a Lima-based startup, ...") is that organisation wherever the text writes its
    /// name again, before or after ("Corvana raised $40 million from Oracle"): the
    /// same words, not inside a longer run of capitalised words. `names` as for
    /// `unknown_actors`.
    pub(super) fn repeated_names(&mut self, names: &[u32]) {
        let tokens = &self.ctx.tokens.tokens;
        let at = |offset: usize| self.ctx.tokens.at(offset);
        // By first word, the words of each name found: (actor, first token, end token).
        let mut by_first: HashMap<&str, Vec<(usize, usize, usize)>> = HashMap::default();
        for mention in &self.resolution.mentions {
            let [actor] = mention.actors[..] else {
                continue;
            };
            let doc_actor = &self.resolution.actors[actor];
            if mention.form != Form::Name
                || doc_actor.kind != ActorKind::Organization
                || doc_actor.lexicon.is_some()
            {
                continue;
            }
            let (first, end) = (at(mention.span.start), at(mention.span.end));
            let known = by_first.entry(tokens[first].norm).or_default();
            if !known.iter().any(|&(other, ..)| other == actor) {
                known.push((actor, first, end));
            }
        }
        if by_first.is_empty() {
            return;
        }
        let free_capital = |index: usize, sentence: usize| {
            tokens.get(index).is_some_and(|token| {
                token.sentence == sentence && token.is_word && token.capitalised
            })
        };
        let mut found = Vec::new();
        for &index in names {
            let index = index as usize;
            let token = &tokens[index];
            if !token.capitalised || self.is_covered(token.span) {
                continue;
            }
            let Some(known) = by_first.get(token.norm) else {
                continue;
            };
            for &(actor, first, end) in known {
                let length = end - first;
                let same_words = (0..length).all(|offset| {
                    tokens
                        .get(index + offset)
                        .is_some_and(|token| token.norm == tokens[first + offset].norm)
                });
                let last = index + length - 1;
                if !same_words
                    || tokens[last].sentence != token.sentence
                    || free_capital(last + 1, token.sentence)
                    || (index > 0
                        && free_capital(index - 1, token.sentence)
                        && self.classes_at(index - 1).is_empty()
                        && !self.is_covered(tokens[index - 1].span))
                {
                    continue;
                }
                let span = Span::new(token.span.start, tokens[last].span.end);
                if !self.is_covered(span) {
                    found.push((span, actor));
                }
                break;
            }
        }
        for (span, actor) in found {
            self.add_mention(span, vec![actor], Form::Name);
        }
    }

    /// A surname alone refers back to a person named in full earlier.
    /// `names` as for `unknown_actors`.
    pub(super) fn surnames(&mut self, names: &[u32]) {
        let mut surnames: Vec<(String, usize, usize)> = Vec::new();
        for mention in &self.resolution.mentions {
            if mention.form != Form::Name {
                continue;
            }
            let [actor] = mention.actors[..] else {
                continue;
            };
            let doc_actor = &self.resolution.actors[actor];
            if doc_actor.kind != ActorKind::Person || doc_actor.lexicon.is_some() {
                continue;
            }
            if let Some(last) = doc_actor.name.split_whitespace().last()
                && last.chars().count() > 2
            {
                surnames.push((fold(last), actor, mention.span.end));
            }
        }
        if surnames.is_empty() {
            return;
        }
        // By surname, each one's people in the order found: a search of all of them for
        // every capitalised word grew with the names of a long text.
        let mut by_surname: HashMap<&str, Vec<(usize, usize)>> = HashMap::default();
        for (surname, actor, after) in &surnames {
            by_surname
                .entry(surname.as_str())
                .or_default()
                .push((*actor, *after));
        }
        let tokens = &self.ctx.tokens.tokens;
        let mut found = Vec::new();
        for &index in names {
            let token = &tokens[index as usize];
            if !token.capitalised || self.is_covered(token.span) {
                continue;
            }
            if let Some((actor, _)) = by_surname
                .get(token.norm)
                .and_then(|people| people.iter().find(|(_, after)| token.span.start >= *after))
            {
                found.push((token.span, *actor));
            }
        }
        for (span, actor) in found {
            self.add_mention(span, vec![actor], Form::Surname);
        }
    }

    /// "M. Dubreuil" found as a person of its own in a text that names "Paul
    /// Dubreuil" (before or after): one person. A one-word person found in context is
    /// the person of the text whose name of several words ends with that word, when
    /// there is exactly one.
    pub(super) fn one_word_people(&mut self) {
        let actors = &self.resolution.actors;
        let mut by_last: HashMap<String, Vec<usize>> = HashMap::default();
        for (index, actor) in actors.iter().enumerate() {
            if actor.kind != ActorKind::Person {
                continue;
            }
            let names = std::iter::once(actor.name.as_ref())
                .chain(actor.written.as_deref())
                .chain(actor.aliases.iter().map(|alias| alias.as_ref()));
            for name in names {
                let mut words = name.split_whitespace();
                if let Some(last) = words.next_back()
                    && words.next().is_some()
                {
                    let people = by_last.entry(fold(last)).or_default();
                    if !people.contains(&index) {
                        people.push(index);
                    }
                }
            }
        }
        let mut same: Vec<(usize, usize)> = Vec::new();
        for (index, actor) in actors.iter().enumerate() {
            if actor.kind != ActorKind::Person
                || actor.lexicon.is_some()
                || actor.name.split_whitespace().nth(1).is_some()
            {
                continue;
            }
            if let Some([full]) = by_last.get(&fold(&actor.name)).map(Vec::as_slice)
                && *full != index
            {
                same.push((index, *full));
            }
        }
        for (short, full) in same {
            for mention in &mut self.resolution.mentions {
                if mention.actors.contains(&short) {
                    for actor in &mut mention.actors {
                        if *actor == short {
                            *actor = full;
                        }
                    }
                    if mention.form == Form::Name {
                        mention.form = Form::Surname;
                    }
                }
            }
            for role in &mut self.resolution.roles {
                if role.person == short {
                    role.person = full;
                }
            }
            self.resolution.actors[short].named = false;
            let key = fold(&self.resolution.actors[short].name);
            if let Some(entry) = self.by_name.get_mut(key.as_str()) {
                *entry = full;
            }
        }
    }

    /// "la jeune pousse", "the company": a company named in an earlier sentence. The
    /// first company of the nearest earlier sentence that names one is the one the
    /// passage is about (the last one named is often a partner or a buyer).
    /// `heads`: where the text has one of the nouns (`WordClass::CompanyHead`).
    pub(super) fn company_anaphora(&mut self, heads: &[u32], demonyms: &Demonyms) {
        if heads.is_empty() {
            return;
        }
        let tokens = &self.ctx.tokens.tokens;
        let mut found = Vec::new();
        let companies = self.companies_by_sentence();
        for &index in heads {
            let index = index as usize;
            if index == 0 {
                continue;
            }
            let token = &tokens[index];
            let mut head = if index >= 2 && self.is_at(index - 1, WordClass::HeadModifier) {
                index - 1
            } else {
                index
            };
            let words = self.words();
            let determined = |norm: &str| {
                let classes = words.classes(norm);
                norm == "'"
                    || classes.contains(WordClass::DefiniteArticle)
                    || classes.contains(WordClass::Demonstrative)
            };
            // "the U.S. firm", "the Chinese company": a state's name or adjective between
            // the article and the noun qualifies the company; it is no party itself.
            let adjective = self
                .state_adjective_before(head)
                .filter(|&(_, start)| start > 0 && determined(tokens[start - 1].norm));
            if let Some((mention, start)) = adjective {
                self.resolution.mentions[mention].form = Form::Demonym;
                head = start;
            }
            if self.is_covered(token.span) || head == 0 || !determined(tokens[head - 1].norm) {
                continue;
            }
            // "la Société nationale des télécommunications": a capitalised head with a
            // complement starts a name ("la Société a annoncé" of a press release
            // points back).
            if token.capitalised
                && tokens.get(index + 1).is_some_and(|next| {
                    next.sentence == token.sentence
                        && next.is_word
                        && (looks_like_adjective(self.words(), next.norm)
                            || self.is_connector_at(index + 1))
                })
            {
                continue;
            }
            // "la start-up française Mistral AI" introduces a name: not an anaphor.
            let next = tokens.get(index + 1);
            if next.is_some_and(|next| next.capitalised && next.sentence == token.sentence) {
                continue;
            }
            // "la société de services Thales": a cue's complement, then the name.
            let named_after_complement = self.is_at(index + 1, WordClass::Of)
                && (index + 2..(index + 4).min(tokens.len()))
                    .take_while(|&at| tokens[at].is_word && tokens[at].sentence == token.sentence)
                    .any(|at| tokens[at].capitalised);
            if named_after_complement {
                continue;
            }
            if demonyms
                .first_starting_after(token.span.end)
                .is_some_and(|start| self.ctx.tokens.at(start) == index + 1)
            {
                // "la start-up française X" with the name after the adjective.
                if tokens.get(index + 2).is_some_and(|t| t.capitalised) {
                    continue;
                }
            }
            let company = self.company_pointed_at(head, &companies);
            // A firm of another state is another firm ("the Chinese company" after
            // Nvidia).
            let company = company.filter(|&company| {
                adjective.is_none_or(|(mention, _)| {
                    let firm_country = self.resolution.actors[company].country.as_deref();
                    let states = &self.resolution.mentions[mention].actors;
                    firm_country.is_none_or(|country| {
                        states
                            .iter()
                            .any(|&state| &*self.resolution.actors[state].key == country)
                    })
                })
            });
            if let Some(company) = company {
                let span = Span::new(tokens[head].span.start, token.span.end);
                match adjective {
                    // The adjective's mention becomes the whole phrase's.
                    Some((mention, _)) => {
                        let mention = &mut self.resolution.mentions[mention];
                        mention.span = span;
                        mention.actors = vec![company];
                        mention.form = Form::Anaphor;
                        self.covered.push(span);
                    }
                    None => found.push((span, company)),
                }
            }
        }
        for (span, company) in found {
            self.push_mention(span, vec![company], Form::Anaphor);
        }
    }

    /// "deals with US tech firms", "with US tech giant Oracle": a state's name right
    /// before a company noun or an organisation cue (or its plural), or one word before
    /// it of no class or a head's modifier ("tech"), qualifies the firm as its
    /// adjective does ("Chinese companies", "Chinese tech giant Huawei"): a demonym,
    /// no party.
    pub(super) fn attributive_states(&mut self) {
        let tokens = &self.ctx.tokens.tokens;
        let words = self.words();
        let firm_noun =
            |norm: &str| words.is(norm, WordClass::CompanyHead) || words.org_cue(norm).is_some();
        let plural_firm = |norm: &str| {
            firm_noun(norm)
                || norm.strip_suffix('s').is_some_and(firm_noun)
                || norm
                    .strip_suffix("ies")
                    .is_some_and(|stem| firm_noun(&format!("{stem}y")))
        };
        let mut attributive = Vec::new();
        for (index, mention) in self.resolution.mentions.iter().enumerate() {
            let [actor] = mention.actors[..] else {
                continue;
            };
            if mention.form != Form::Name || self.resolution.actors[actor].kind != ActorKind::State
            {
                continue;
            }
            let after = self.ctx.tokens.at(mention.span.end);
            // Right after the name, or past one word of no class ("tech"): "Kenya is
            // courting investors" is a clause.
            let head = (after..(after + 2).min(tokens.len()))
                .take_while(|&at| {
                    tokens[at].is_word
                        && !tokens[at].capitalised
                        && tokens[at].sentence == mention.sentence
                })
                .find(|&at| plural_firm(tokens[at].norm))
                .filter(|&head| {
                    let classes = self.classes_at(after);
                    head == after || classes.is_empty() || classes.contains(WordClass::HeadModifier)
                });
            if head.is_some() {
                attributive.push(index);
            }
        }
        for index in attributive {
            self.resolution.mentions[index].form = Form::Demonym;
        }
    }

    /// The determiner of an anaphoric noun at token `index`: a definite article (over
    /// the apostrophe of an elided one, "l'") or a demonstrative right before it, in
    /// its sentence; none when a name of its own follows the noun, a capital right
    /// after it or after its "of" ("the country of Ghana", "la déclaration de Lima").
    fn anaphor_determiner(&self, index: usize) -> Option<usize> {
        let tokens = &self.ctx.tokens.tokens;
        let token = &tokens[index];
        let mut determiner = index.checked_sub(1)?;
        if self.ctx.tokens.norm(determiner) == "'" && determiner > 0 {
            determiner -= 1;
        }
        let determined = self.is_at(determiner, WordClass::DefiniteArticle)
            || self.is_at(determiner, WordClass::Demonstrative);
        let capital_at = |at: usize| {
            tokens
                .get(at)
                .is_some_and(|next| next.sentence == token.sentence && next.capitalised)
        };
        let named_after = capital_at(index + 1)
            || (self.is_at(index + 1, WordClass::Of) && capital_at(index + 2));
        (determined && tokens[determiner].sentence == token.sentence && !named_after)
            .then_some(determiner)
    }

    /// "the country", "le Royaume", "ce pays": a state named before, the first state
    /// named in the sentence before the noun, else in the nearest earlier sentence that
    /// names one (the subject of a passage comes first). Not before a name or a
    /// demonym ("the country of Ghana", "le pays hôte" is one).
    pub(super) fn state_anaphora(&mut self, nouns: &[u32]) {
        let tokens = &self.ctx.tokens.tokens;
        let mut found = Vec::new();
        for &index in nouns {
            let index = index as usize;
            let token = &tokens[index];
            if index == 0 || self.is_covered(token.span) {
                continue;
            }
            let Some(determiner) = self.anaphor_determiner(index) else {
                continue;
            };
            if self
                .mention_starting_at(index + 1)
                .is_some_and(|mention| mention.form == Form::Demonym)
            {
                continue;
            }
            let Some(state) = self.state_before(token.span.start, token.sentence) else {
                continue;
            };
            let start = tokens[determiner].span.start;
            found.push((Span::new(start, token.span.end), state));
        }
        for (span, state) in found {
            self.push_mention(span, vec![state], Form::Anaphor);
        }
    }

    /// "Kenya is courting investors. It signed a deal with Microsoft": a singular
    /// subject pronoun that opens a sentence, a trigger within the two words after it,
    /// stands for the first state, body or person the sentence before names alone
    /// (its subject). Not "It is expected that", where no trigger follows.
    pub(super) fn pronoun_subjects(&mut self) {
        let tokens = &self.ctx.tokens.tokens;
        let mut found = Vec::new();
        for (sentence, span) in self.ctx.tokens.sentences.iter().enumerate().skip(1) {
            let index = self.ctx.tokens.at(span.start);
            let Some(token) = tokens.get(index) else {
                continue;
            };
            if token.sentence != sentence
                || !self.is_at(index, WordClass::SingularPronoun)
                || self.is_covered(token.span)
            {
                continue;
            }
            if !self.trigger_starts_in(index + 1..=index + 2) {
                continue;
            }
            let previous = sentence - 1;
            let antecedent = self
                .resolution
                .mentions
                .iter()
                .filter(|mention| mention.sentence == previous && mention.form != Form::Demonym)
                .min_by_key(|mention| mention.span.start)
                .and_then(|mention| match mention.actors[..] {
                    [actor]
                        if matches!(
                            self.resolution.actors[actor].kind,
                            ActorKind::State | ActorKind::Organization | ActorKind::Person
                        ) =>
                    {
                        Some(actor)
                    }
                    _ => None,
                });
            if let Some(actor) = antecedent {
                found.push((token.span, actor));
            }
        }
        for (span, actor) in found {
            self.push_mention(span, vec![actor], Form::Anaphor);
        }
    }

    /// "Fifty countries adopted the Lima Declaration on AI. Peru signed the
    /// declaration": a document's head word after a definite article or a
    /// demonstrative, with no name of its own after it, stands for the last
    /// organisation named before whose name has that word.
    /// `heads`: the lower-case document heads (`RuleStarts::documents`).
    pub(super) fn document_anaphora(&mut self, heads: &[u32]) {
        let tokens = &self.ctx.tokens.tokens;
        let mut found = Vec::new();
        for &index in heads {
            let index = index as usize;
            let token = &tokens[index];
            let Some(determiner) = self.anaphor_determiner(index) else {
                continue;
            };
            if self.is_covered(token.span) {
                continue;
            }
            let start = tokens[determiner].span.start;
            let antecedent = self
                .resolution
                .mentions
                .iter()
                .filter(|mention| mention.span.end <= start && mention.form == Form::Name)
                .filter_map(|mention| match mention.actors[..] {
                    [actor]
                        if self.resolution.actors[actor].kind == ActorKind::Organization
                            && any_folded_word(&self.resolution.actors[actor].name, |word| {
                                word == token.norm
                            }) =>
                    {
                        Some((mention.span.start, actor))
                    }
                    _ => None,
                })
                .max_by_key(|&(at, _)| at);
            if let Some((_, actor)) = antecedent {
                found.push((Span::new(start, token.span.end), actor));
            }
        }
        for (span, actor) in found {
            self.push_mention(span, vec![actor], Form::Anaphor);
        }
    }

    /// The first state named (by name or metonym, alone) in `sentence` before
    /// `offset`, else in the nearest earlier sentence that names one.
    fn state_before(&self, offset: usize, sentence: usize) -> Option<usize> {
        let state_of = |mention: &ActorMention| match mention.actors[..] {
            [actor]
                if matches!(mention.form, Form::Name | Form::Metonym)
                    && self.resolution.actors[actor].kind == ActorKind::State =>
            {
                Some(actor)
            }
            _ => None,
        };
        let mentions = &self.resolution.mentions;
        // Mentions are not in text order yet.
        let in_sentence = |s: usize| {
            mentions
                .iter()
                .filter(|mention| mention.sentence == s && mention.span.end <= offset)
                .filter_map(|mention| state_of(mention).map(|state| (mention.span.start, state)))
                .min_by_key(|&(start, _)| start)
                .map(|(_, state)| state)
        };
        (0..=sentence).rev().take(4).find_map(in_sentence)
    }

    /// The mention of one state that ends right before token `head` (its name, "U.S.",
    /// or its adjective, "Chinese"), with the token it starts at.
    fn state_adjective_before(&self, head: usize) -> Option<(usize, usize)> {
        let tokens = &self.ctx.tokens.tokens;
        let end = tokens.get(head.checked_sub(1)?)?.span.end;
        let &mention = self.by_end.get(&end)?;
        let found = &self.resolution.mentions[mention];
        let state = matches!(found.actors[..], [actor]
            if self.resolution.actors[actor].kind == ActorKind::State);
        (state && matches!(found.form, Form::Name | Form::Demonym))
            .then(|| (mention, self.ctx.tokens.at(found.span.start)))
    }

    /// The company an anaphor whose noun phrase starts at token `head` points at: in
    /// an apposition, the company right before its comma ("avec G42, le groupe
    /// technologique"); else the first company its sentence names, when a comma or
    /// semicolon stands between it and the phrase ("Corvana will open a lab in Lima,
    /// the company's founder said"); else the company of the last sentence before
    /// that names one. "Oracle partnered with the company" names no company of its
    /// own sentence: no mark stands between.
    pub(super) fn company_pointed_at(&self, head: usize, companies: &Companies) -> Option<usize> {
        let tokens = self.ctx.tokens;
        let sentence = tokens.tokens[head].sentence;
        let head_start = tokens.tokens[head].span.start;
        let company_of = |index: usize| {
            let mention = &self.resolution.mentions[index];
            let [actor] = mention.actors[..] else {
                return None;
            };
            let entry = &self.resolution.actors[actor];
            (entry.kind == ActorKind::Organization
                && matches!(entry.subtype, Some(Subtype::Company) | None))
            .then_some(actor)
        };
        let apposition = head
            .checked_sub(1)
            .filter(|&determiner| determiner > 0 && tokens.norm(determiner - 1) == ",")
            .and_then(|determiner| {
                let comma_start = tokens.tokens[determiner - 1].span.start;
                self.by_end.get(&comma_start).copied()
            })
            .and_then(company_of);
        let first = companies
            .first
            .get(sentence)
            .copied()
            .flatten()
            .filter(|&index| {
                let mention = &self.resolution.mentions[index];
                mention.span.end <= head_start
                    && (tokens.at(mention.span.end)..head)
                        .any(|at| matches!(tokens.norm(at), "," | ";"))
            })
            .and_then(company_of);
        apposition
            .or(first)
            .or_else(|| companies.before.get(sentence).copied().flatten())
    }

    /// For each sentence, its first single-actor company mention in the text (`first`,
    /// a mention's index), and the company of the last sentence before it that names
    /// one (`before`, an actor; one more entry for the end of the text). Asked once of
    /// the mentions, not for every head: scanning every mention of every earlier
    /// sentence for each head grew with heads times sentences times mentions.
    pub(super) fn companies_by_sentence(&self) -> Companies {
        let n_sentences = self.ctx.tokens.sentences.len();
        // The first in the text: the mentions are in the order the rules found them
        // (the lexicon's before the names found in context).
        let mut first: Vec<Option<usize>> = vec![None; n_sentences];
        for (index, mention) in self.resolution.mentions.iter().enumerate() {
            if let [actor] = mention.actors[..]
                && let Some(slot) = first.get_mut(mention.sentence)
                && slot.is_none_or(|known| {
                    mention.span.start < self.resolution.mentions[known].span.start
                })
            {
                let entry = &self.resolution.actors[actor];
                if entry.kind == ActorKind::Organization
                    && matches!(entry.subtype, Some(Subtype::Company) | None)
                {
                    *slot = Some(index);
                }
            }
        }
        let mut before: Vec<Option<usize>> = Vec::with_capacity(n_sentences + 1);
        before.push(None);
        for (sentence, company) in first.iter().enumerate() {
            let actor = company.map(|index| self.resolution.mentions[index].actors[0]);
            before.push(actor.or(before[sentence]));
        }
        Companies { first, before }
    }

    /// The states of people and organisations from the lexicon join the actor table
    /// (unnamed), so that relations can speak for them: "Xi called for an alliance with
    /// Brazil" is China's call.
    pub(super) fn countries_of_people(&mut self) {
        let lexicon_actors: Vec<ActorIdx> = self
            .resolution
            .actors
            .iter()
            .filter(|actor| matches!(actor.kind, ActorKind::Person | ActorKind::Organization))
            .filter_map(|actor| actor.lexicon)
            .collect();
        for idx in lexicon_actors {
            if let Some(country) = self.ctx.lexicon.country_of(idx) {
                self.lexicon_actor(country, false);
            }
        }
    }

    /// "le gouvernement" alone: the government of the state the sentence is about.
    /// `words`: where the text says "gouvernement" or "government".
    pub(super) fn governments(&mut self, words: &[u32]) {
        let tokens = &self.ctx.tokens.tokens;
        let mut found = Vec::new();
        for &index in words {
            let index = index as usize;
            let token = &tokens[index];
            let agent = self.is_at(index, WordClass::StateAgent);
            if self.is_covered(token.span) {
                // "les responsables japonais et sud-coréens", "Japanese and South
                // Korean ministers": an office title read with one demonym; the
                // demonym coordinated with it is the other state.
                if agent
                    && let Some((span, _)) = self.government_phrase(index)
                    && let Some((span, state)) = self.coordinated_demonym(span, index)
                    && let Some(state_idx) = self.resolution.actors[state].lexicon
                {
                    found.push((span, state_idx));
                }
                continue;
            }
            // "l'État luxembourgeois": the state itself, named with its demonym only
            // ("l'État" alone is too many things: "l'État de droit").
            let state_head = self.is_at(index, WordClass::StateHead);
            // "US and Chinese officials", "la délégation chinoise": people who act for
            // a state, the state itself, like every demonym coordinated with theirs.
            let Some((span, state)) = self.government_phrase(index) else {
                // "Poutine a mandaté le gouvernement": the government of the state whose
                // leader the sentence names before it.
                let bare = !state_head
                    && !agent
                    && index > 0
                    && self.is_at(index - 1, WordClass::DefiniteArticle)
                    && !(self.is_at(index + 1, WordClass::Of)
                        && tokens.get(index + 2).is_some_and(|next| next.capitalised));
                if bare && let Some(state_idx) = self.leaders_state_before(index) {
                    let span = Span::new(tokens[index - 1].span.start, token.span.end);
                    let government = self.ctx.lexicon.government_of(state_idx);
                    found.push((span, government.unwrap_or(state_idx)));
                }
                continue;
            };
            // "the Chilean state fund CORFO", "the Kenyan state-owned firm": "state"
            // qualifies the noun after it; the body it names is no state.
            if state_head && self.qualifies_noun_after(index) {
                continue;
            }
            if state_head || agent {
                let demonym_beside = self.resolution.mentions.iter().any(|mention| {
                    mention.form == Form::Demonym
                        && mention.actors == [state]
                        && span.contains(mention.span)
                });
                if !demonym_beside {
                    continue;
                }
                let second = agent
                    .then(|| self.coordinated_demonym(span, index))
                    .flatten();
                for (span, state) in std::iter::once((span, state)).chain(second) {
                    if let Some(state_idx) = self.resolution.actors[state].lexicon {
                        found.push((span, state_idx));
                    }
                }
                continue;
            }
            // "les gouvernements français et allemand", "the French and German
            // governments": the other coordinated demonym is a second government.
            let second = self.coordinated_demonym(span, index);
            for (span, state) in std::iter::once((span, state)).chain(second) {
                let Some(state_idx) = self.resolution.actors[state].lexicon else {
                    continue;
                };
                // The lexicon's government of the state, which stays apart where a
                // leader of the state instructs it (`executives_as_states`); else the
                // state.
                match self.ctx.lexicon.government_of(state_idx) {
                    Some(government) => found.push((span, government)),
                    None => found.push((span, state_idx)),
                }
            }
        }
        for (span, actor) in found {
            let doc_idx = self.lexicon_actor(actor, true);
            self.add_mention(span, vec![doc_idx], Form::Metonym);
        }
    }

    /// "the Biden administration", "l'administration Trump": a leader's name beside the
    /// word is their state's government, which FORMAT.md reports as the state; the
    /// leader is no party of their own there, but holds the state's office (a role).
    /// `words`: the tokens of that word (`RuleStarts`).
    pub(super) fn administrations(&mut self, words: &[u32]) {
        let tokens = &self.ctx.tokens.tokens;
        let mut found = Vec::new();
        for &index in words {
            let index = index as usize;
            let beside = index
                .checked_sub(1)
                .and_then(|before| self.by_end.get(&tokens[before].span.end))
                .into_iter()
                .chain(
                    tokens
                        .get(index + 1)
                        .and_then(|next| self.by_start.get(&next.span.start)),
                );
            for &mention in beside {
                let leader = match (
                    &self.resolution.mentions[mention].actors[..],
                    self.resolution.mentions[mention].form,
                ) {
                    ([person], Form::Name | Form::Surname) => *person,
                    _ => continue,
                };
                let state = self.resolution.actors[leader]
                    .lexicon
                    .and_then(|person| self.ctx.lexicon.state_of_leader(person));
                if let Some(state) = state {
                    found.push((mention, leader, state));
                    break;
                }
            }
        }
        for (mention, leader, state) in found {
            let state = self.lexicon_actor(state, true);
            let leader_span = self.resolution.mentions[mention].span;
            let sentence = self.resolution.mentions[mention].sentence;
            let mention = &mut self.resolution.mentions[mention];
            mention.actors = vec![state];
            mention.form = Form::Metonym;
            // The leader stays an actor who holds the state's office (the gold of
            // English articles lists "Joe Biden" with his role for "the Joe Biden
            // administration"), unless the text gives that role already; the phrase
            // names no title.
            let known = self
                .resolution
                .roles
                .iter()
                .any(|fact| fact.person == leader && fact.of == state);
            if !known {
                let evidence = self.administration_phrase(leader_span);
                self.resolution.roles.push(RoleFact {
                    person: leader,
                    of: state,
                    title: String::new(),
                    speaks_for_state: true,
                    evidence,
                    sentence,
                });
            }
        }
    }

    /// The span of "the Biden administration" around the leader's name at `name`: the
    /// administration word beside it.
    fn administration_phrase(&self, name: Span) -> Span {
        let tokens = self.ctx.tokens;
        let (first, last) = (tokens.at(name.start), tokens.at(name.end));
        if self.is_at(last, WordClass::Administration) {
            Span::new(name.start, tokens.tokens[last].span.end)
        } else if first > 0 && self.is_at(first - 1, WordClass::Administration) {
            Span::new(tokens.tokens[first - 1].span.start, name.end)
        } else {
            name
        }
    }

    /// A demonym coordinated with the one of a government phrase `span` whose head is
    /// at `head`: after it when the head comes first ("gouvernements français et
    /// allemand"), before it otherwise ("French and German governments").
    fn coordinated_demonym(&self, span: Span, head: usize) -> Option<(Span, usize)> {
        let tokens = &self.ctx.tokens.tokens;
        let demonym = |mention: &ActorMention| match mention.actors[..] {
            [state] if mention.form == Form::Demonym => Some((mention.span, state)),
            _ => None,
        };
        let head_first = tokens[head].span.start <= span.start
            || self.is_at(head.saturating_sub(1), WordClass::DefiniteArticle);
        if head_first {
            let after = self.ctx.tokens.at(span.end);
            if self.is_at(after, WordClass::Conjunction) {
                return self.mention_starting_at(after + 1).and_then(demonym);
            }
            return None;
        }
        let first = self.ctx.tokens.at(span.start);
        if first >= 2 && self.is_at(first - 1, WordClass::Conjunction) {
            return self.mention_ending_at(first - 2).and_then(demonym);
        }
        None
    }

    /// The state whose head of state or government, as the lexicon knows them on the
    /// publication date, the sentence of token `index` names before it.
    fn leaders_state_before(&self, index: usize) -> Option<ActorIdx> {
        let tokens = &self.ctx.tokens.tokens;
        let token = &tokens[index];
        let day = self.ctx.reference_day()?;
        self.resolution
            .mentions
            .iter()
            .rev()
            .filter(|mention| {
                mention.span.end <= token.span.start && mention.sentence == token.sentence
            })
            .filter_map(|mention| match mention.actors[..] {
                [person] if self.resolution.actors[person].kind == ActorKind::Person => {
                    self.resolution.actors[person].lexicon
                }
                _ => None,
            })
            .find_map(|person| {
                self.ctx
                    .lexicon
                    .roles_of(person)
                    .find(|role| {
                        matches!(role.office.as_str(), "head_of_state" | "head_of_government")
                            && role.held_on(day)
                    })
                    .map(|role| role.of)
            })
    }

    /// Whether the word at `index` qualifies a noun after it: glued to it by a hyphen
    /// ("state-owned"), or before an organisation cue, right after it or after one
    /// more lower-case word ("state fund", "state oil company").
    fn qualifies_noun_after(&self, index: usize) -> bool {
        let tokens = &self.ctx.tokens.tokens;
        let lower_word = |at: usize| {
            tokens
                .get(at)
                .is_some_and(|token| token.is_word && !token.capitalised)
        };
        self.ctx.tokens.inner_hyphen(index + 1)
            || (lower_word(index + 1) && self.org_cue_at(index + 1).is_some())
            || (lower_word(index + 1)
                && lower_word(index + 2)
                && self.org_cue_at(index + 2).is_some())
    }

    /// The phrase of a government head at `index` and the state it is the government
    /// of: a demonym after it ("le gouvernement français") or before it ("the French
    /// government"), else, with a definite article and no "de X" after it, the state
    /// the passage is about ("le gouvernement").
    fn government_phrase(&self, index: usize) -> Option<(Span, usize)> {
        let tokens = &self.ctx.tokens.tokens;
        let token = &tokens[index];
        let demonym_state = |mention: &ActorMention| match mention.actors[..] {
            [state] if mention.form == Form::Demonym => Some(state),
            _ => None,
        };
        let start = if index > 0 && self.is_at(index - 1, WordClass::DefiniteArticle) {
            tokens[index - 1].span.start
        } else {
            token.span.start
        };
        if let Some(mention) = self.mention_starting_at(index + 1)
            && let Some(state) = demonym_state(mention)
        {
            return Some((Span::new(start, mention.span.end), state));
        }
        if let Some(mention) = index
            .checked_sub(1)
            .and_then(|before| self.mention_ending_at(before))
            && let Some(state) = demonym_state(mention)
        {
            return Some((Span::new(mention.span.start, token.span.end), state));
        }
        if index == 0 || !self.is_at(index - 1, WordClass::DefiniteArticle) {
            return None;
        }
        // "le gouvernement de X", "the government of Rwanda": the state it names, the
        // whole phrase its mention (so that "Google and the government of Rwanda" are
        // coordinated).
        if self.is_at(index + 1, WordClass::Of) {
            let mention = self.state_named_after_of(index + 1)?;
            return Some((Span::new(start, mention.span.end), mention.actors[0]));
        }
        let state = self.last_state_before(token.span.start)?;
        Some((Span::new(start, token.span.end), state))
    }

    /// "son homologue émirati", "his Chinese counterpart": a demonym that qualifies a
    /// counterpart stands for the state the counterpart serves, a party like a name.
    pub(super) fn counterparts(&mut self) {
        let tokens = self.ctx.tokens;
        let words = self.words();
        let is_counterpart =
            |index: usize| words.is(tokens.norm(index), WordClass::CounterpartNoun);
        let mut named = Vec::new();
        let mut roles = Vec::new();
        for (position, mention) in self.resolution.mentions.iter().enumerate() {
            if mention.form != Form::Demonym || mention.actors.len() != 1 {
                continue;
            }
            let first = tokens.at(mention.span.start);
            let after = tokens.at(mention.span.end);
            let noun_before = first > 0 && is_counterpart(first - 1);
            let qualifies = noun_before || is_counterpart(after);
            let state = mention.actors[0];
            if !qualifies || self.resolution.actors[state].kind != ActorKind::State {
                continue;
            }
            // "son homologue kényan William Ruto": the counterpart named is the party,
            // and holds an office of the state.
            // The counterpart noun, before or after the demonym.
            let noun = if noun_before { first - 1 } else { after };
            let phrase_start = if noun_before { noun } else { first };
            let mut name_at = if noun_before { after } else { noun + 1 };
            if tokens.norm(name_at) == "," {
                name_at += 1;
            }
            let person =
                self.mention_starting_at(name_at)
                    .and_then(|other| match other.actors[..] {
                        [person]
                            if other.form == Form::Name
                                && self.resolution.actors[person].kind == ActorKind::Person =>
                        {
                            Some((person, other.span.end))
                        }
                        _ => None,
                    });
            match person {
                Some((person, end)) => {
                    let start = tokens.tokens[phrase_start].span.start;
                    roles.push(RoleFact {
                        person,
                        of: state,
                        title: self.ctx.slice(tokens.tokens[noun].span).to_string(),
                        speaks_for_state: false,
                        evidence: Span::new(start, end),
                        sentence: mention.sentence,
                    });
                }
                None => named.push((position, state)),
            }
        }
        for (position, actor) in named {
            self.resolution.mentions[position].form = Form::Name;
            self.resolution.actors[actor].named = true;
        }
        self.resolution.roles.extend(roles);
    }

    pub(super) fn last_state_before(&self, offset: usize) -> Option<usize> {
        self.resolution
            .mentions
            .iter()
            .filter(|mention| mention.span.end <= offset && mention.actors.len() == 1)
            .filter_map(|mention| {
                let actor = &self.resolution.actors[mention.actors[0]];
                match actor.kind {
                    ActorKind::State => Some((mention.span.end, mention.actors[0])),
                    ActorKind::Person => actor
                        .country
                        .as_ref()
                        .and_then(|country| self.ctx.lexicon.find_id(country))
                        .and_then(|country| self.by_lexicon.get(&country).copied())
                        .map(|country| (mention.span.end, country)),
                    _ => None,
                }
            })
            .max_by_key(|(end, _)| *end)
            .map(|(_, actor)| actor)
    }

    /// A state's government, administration or seat of power (`lexicon::EXECUTIVE`)
    /// is the state itself (FORMAT.md): "le gouvernement français a signé" is France's
    /// signature. Where a leader of that state is named in the same sentence, the text
    /// sets the government apart ("Poutine a mandaté le gouvernement"): it stays a
    /// government body of its own.
    pub(super) fn executives_as_states(&mut self) {
        let lexicon = self.ctx.lexicon;
        // The states whose leaders each sentence names, found in one pass over the
        // mentions (asked per executive mention, a scan of every mention grew with the
        // product of the two).
        let mut leaders: HashMap<(usize, ActorIdx), usize> = HashMap::default();
        let leader_state = |person: usize| {
            self.resolution.actors[person]
                .lexicon
                .and_then(|idx| lexicon.state_of_leader(idx))
        };
        for mention in &self.resolution.mentions {
            for &person in &mention.actors {
                if let Some(state) = leader_state(person) {
                    *leaders.entry((mention.sentence, state)).or_default() += 1;
                }
            }
        }
        let mut rewrites = Vec::new();
        for (index, mention) in self.resolution.mentions.iter().enumerate() {
            let [actor] = mention.actors[..] else {
                continue;
            };
            let entry = &self.resolution.actors[actor];
            if entry.subtype != Some(EXECUTIVE) {
                continue;
            }
            let Some(state) = entry.lexicon.and_then(|idx| lexicon.country_of(idx)) else {
                continue;
            };
            // "à l'Élysée", "at the White House": where it happened, not a party.
            let tokens = self.ctx.tokens;
            let mut before = tokens.at(mention.span.start).saturating_sub(1);
            while before > 0
                && (tokens.norm(before) == "'" || self.is_at(before, WordClass::DefiniteArticle))
            {
                before -= 1;
            }
            let setting = self.is_at(before, WordClass::Locative);
            // "the Trump White House", "la Maison Blanche de Trump": the leader's name
            // right before it or after its "of" qualifies it; only another mention of a
            // leader sets the executive apart.
            let is_leader = |other: &ActorMention| matches!(other.actors[..], [person] if leader_state(person) == Some(state));
            let after = tokens.at(mention.span.end);
            let qualifier = tokens
                .at(mention.span.start)
                .checked_sub(1)
                .and_then(|previous| self.mention_ending_at(previous))
                .is_some_and(is_leader)
                // "la Maison Blanche de Trump", "le Kremlin de Poutine".
                || (self.is_at(after, WordClass::Of)
                    && self.mention_starting_at(after + 1).is_some_and(is_leader));
            let named = leaders
                .get(&(mention.sentence, state))
                .copied()
                .unwrap_or(0);
            let leader_named = setting || named > usize::from(qualifier);
            rewrites.push((index, actor, (!leader_named).then_some(state)));
        }
        for (index, actor, state) in rewrites {
            match state {
                Some(state) => {
                    let state = self.lexicon_actor(state, true);
                    let mention = &mut self.resolution.mentions[index];
                    mention.actors = vec![state];
                    mention.form = Form::Metonym;
                }
                None => {
                    self.resolution.actors[actor].subtype = Some(Subtype::GovernmentBody);
                }
            }
        }
        // An executive all of whose mentions became its state is no actor of the text.
        for actor in &mut self.resolution.actors {
            if actor.subtype == Some(EXECUTIVE) {
                actor.named = false;
            }
        }
    }
}
