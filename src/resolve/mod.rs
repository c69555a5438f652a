//! Turning pattern hits into the actors of one document: which actor each mention
//! means, compound adjectives ("sino-américain" names two states), titles resolved to
//! whoever held the office on the publication date, actors the lexicon does not know
//! (recognised from their context), surnames and anaphora pointing back, and events.
//!
//! It reads no files and builds no RDF. Its output is the document's actor table, its
//! actor mentions in text order and the role facts read from appositions.

// FxHash, not SipHash: keys are actor indices and short names, looked up at every
// mention. Names with colliding hashes could only slow down the extraction of the one
// article that holds them, and articles have a size limit. callgrind, 1,000 generated
// articles: SipHash here, in `relation::merge` and in the lexicon's maps was 2.4% of
// the pipeline (909.4 M -> 887.2 M instructions).
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::sync::Arc;

use crate::lexicon::{ActorIdx, AliasKind, Lexicon, LexiconHits};
use crate::mention::{Folded, fold};
use crate::model::{ActorKind, DateValue, Day, Lang, Span, Subtype};
use crate::text::{Token, Tokens};
use crate::words::{ClassSet, WordClass, Words};

mod anaphora;
mod events;
mod index;
mod mentions;
mod offices;
mod unknown;

use index::{Covered, Demonyms};

/// An actor of one document.
#[derive(Clone, Debug)]
pub struct DocActor {
    /// Stable key: the lexicon id, or a slug of the name for actors found in context.
    pub key: Arc<str>,
    pub lexicon: Option<ActorIdx>,
    pub name: Arc<str>,
    pub kind: ActorKind,
    pub subtype: Option<Subtype>,
    pub wikidata: Option<Arc<str>>,
    /// Key of the actor's state, when known.
    pub country: Option<Arc<str>>,
    /// Surface forms seen in the document, in order of appearance.
    pub aliases: Vec<String>,
    /// For events: the date the text gives them.
    pub date: Option<DateValue>,
    /// Named in the text (false when only reached through a title or an anaphor).
    pub named: bool,
    /// For a lexicon person, the fullest name the text writes when it is not the
    /// lexicon's ("Lula" for Luiz Inácio Lula da Silva): the gold format's `name`.
    pub written: Option<Arc<str>>,
    /// A lexicon actor described as the lexicon describes it (name in the text's
    /// language, type, subtype, Wikidata id, state): the same in every document, so
    /// the store keeps it once. Set by `pipeline::extract`.
    pub as_in_lexicon: bool,
}

impl DocActor {
    /// The name the gold format reports: the fullest the text writes.
    pub fn reported_name(&self) -> &str {
        self.written.as_deref().unwrap_or(&self.name)
    }
}

/// How a mention names its actor(s).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Name,
    Demonym,
    Metonym,
    /// A compound adjective naming two or more states ("sino-américaines", "US-China").
    Compound,
    /// An office title standing for its holder ("le président russe").
    Title,
    Surname,
    /// "ce sommet", "y", "the summit".
    Anaphor,
}

#[derive(Clone, Debug)]
pub struct ActorMention {
    pub span: Span,
    /// Indices into `Resolution::actors`: one, or several for compounds.
    pub actors: Vec<usize>,
    pub form: Form,
    pub sentence: usize,
}

/// "X, le PDG de Y", "le président russe Vladimir Poutine": a person holds an office.
#[derive(Clone, Debug)]
pub struct RoleFact {
    pub person: usize,
    pub of: usize,
    pub title: String,
    /// The office speaks for its state (`lexicon::SPEAKS_FOR_STATE`: head of state or
    /// government, foreign minister).
    pub speaks_for_state: bool,
    pub evidence: Span,
    pub sentence: usize,
}

/// A place the text names, which is no party itself ("à Pékin", "in Lusaka", "Dubai"),
/// with the state it lies in: where an investment goes.
#[derive(Clone, Copy, Debug)]
pub struct PlaceMention {
    pub span: Span,
    pub country: ActorIdx,
}

#[derive(Debug, Default)]
pub struct Resolution {
    pub actors: Vec<DocActor>,
    pub mentions: Vec<ActorMention>,
    pub roles: Vec<RoleFact>,
    /// In text order.
    pub places: Vec<PlaceMention>,
    /// The spans of the places the lexicon names (covered, no mention), in text
    /// order: "Africa" of "Africa Data Centres Association" opens the name, "Africa"
    /// of "Microsoft Africa president X" is the region of a body's arm.
    pub place_names: Vec<Span>,
}

impl Resolution {
    /// The span of the lexicon's place whose name starts at byte `start`, if any.
    pub fn place_name_at(&self, start: usize) -> Option<Span> {
        let at = self.place_names.partition_point(|span| span.start < start);
        self.place_names
            .get(at)
            .filter(|span| span.start == start)
            .copied()
    }

    /// The document's actor for a lexicon actor, when the text names it.
    pub fn of_lexicon(&self, idx: ActorIdx) -> Option<usize> {
        self.actors
            .iter()
            .position(|actor| actor.lexicon == Some(idx))
    }

    /// Whether `mention` writes the name of actors all of `kind` ("le G20", "the AI
    /// Action Summit"), not a demonym, title or anaphor of them.
    pub fn names_only(&self, mention: &ActorMention, kind: ActorKind) -> bool {
        mention.form == Form::Name
            && mention
                .actors
                .iter()
                .all(|&actor| self.actors[actor].kind == kind)
    }
}

/// What the stage reads.
pub struct Context<'a> {
    pub lexicon: &'a Lexicon,
    /// What the lexicon's patterns match in the document.
    pub hits: &'a LexiconHits,
    pub text: &'a str,
    pub folded: &'a Folded,
    pub tokens: &'a Tokens<'a>,
    pub lang: Lang,
    pub published: Option<DateValue>,
    /// The state of the outlet, by its address's country-code domain
    /// (`Lexicon::state_of_url`).
    pub outlet_state: Option<ActorIdx>,
}

impl<'a> Context<'a> {
    /// The day titles are resolved on: the publication day, or the middle of the
    /// publication month or year.
    fn reference_day(&self) -> Option<Day> {
        self.published?.reference_day()
    }

    fn slice(&self, span: Span) -> &'a str {
        &self.text[span.start..span.end]
    }
}

/// A lexicon-level mention before actors are assigned document indices.
#[derive(Clone, Debug)]
struct Raw {
    span: Span,
    folded: (usize, usize),
    what: RawWhat,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum RawWhat {
    Alias(ActorIdx, AliasKind),
    Office(u32),
    Prefix(ActorIdx),
}

/// The tokens where the context rules that scan the whole text can start, found in one
/// pass with one `match`; each rule then visits only its own. callgrind, `extract` on
/// 1,000 generated articles: 354.0 M instructions for the command with each rule
/// testing every token (`unknown_actors` and `surnames` its capital, `events` and
/// `company_anaphora` a `match` compiled to a jump table on the word's length, whose
/// target valgrind's branch simulation finds mispredicted three times in four), 341.0 M
/// this way.
#[derive(Default)]
struct RuleStarts {
    /// Capitalised words, quotation marks and organisation heads (`unknown_actors`,
    /// `surnames`).
    names: Vec<u32>,
    /// Event heads and the words an event anaphor starts with (`events`).
    events: Vec<u32>,
    /// Company heads, "pousse" of "jeune pousse" included (`company_anaphora`).
    companies: Vec<u32>,
    /// "gouvernement", "government" (`governments`).
    governments: Vec<u32>,
    /// "administration" (`administrations`).
    administrations: Vec<u32>,
    /// "pays", "country", "kingdom" (`state_anaphora`).
    states: Vec<u32>,
    /// Lower-case document heads: "declaration", "charte" (`document_anaphora`).
    documents: Vec<u32>,
}

impl RuleStarts {
    /// `classes`: each token's word classes (`LexiconHits::classes`).
    fn of(tokens: &[Token], classes: &[ClassSet]) -> RuleStarts {
        let mut starts = RuleStarts::default();
        for (index, (token, &classes)) in tokens.iter().zip(classes).enumerate() {
            let index = index as u32;
            // "le ministère de l'Économie": a lower-case organisation head too.
            if token.capitalised
                || token.norm == "\""
                || classes.contains(WordClass::LowercaseOrgHead)
            {
                starts.names.push(index);
            }
            if classes.contains(WordClass::EventHead)
                || classes.contains(WordClass::AnaphoricDeterminer)
                || classes.contains(WordClass::LocativePronoun)
            {
                starts.events.push(index);
            }
            // "pousse" of "jeune pousse" is a head; "jeune" before it is read by the rule.
            if classes.contains(WordClass::CompanyHead) {
                starts.companies.push(index);
            }
            if classes.contains(WordClass::GovernmentHead)
                || classes.contains(WordClass::StateHead)
                || classes.contains(WordClass::StateAgent)
            {
                starts.governments.push(index);
            }
            if classes.contains(WordClass::Administration) {
                starts.administrations.push(index);
            }
            if classes.contains(WordClass::StateNoun) {
                starts.states.push(index);
            }
            if !token.capitalised && classes.contains(WordClass::DocumentHead) {
                starts.documents.push(index);
            }
        }
        starts
    }
}

/// Builds the document's actors and mentions.
pub fn resolve(ctx: &Context<'_>) -> Resolution {
    // Sized for the names the scan found, a bound on most of what follows, rather than
    // grown (rehashed, copied) from empty. callgrind, 1,000 generated articles: the
    // pipeline went from 558.3 M to 554.1 M instructions.
    let names = ctx.hits.entities.len();
    let mut builder = Builder {
        ctx,
        resolution: Resolution {
            actors: Vec::with_capacity(names),
            mentions: Vec::with_capacity(names + 8),
            roles: Vec::new(),
            places: Vec::new(),
            place_names: Vec::new(),
        },
        by_lexicon: HashMap::with_capacity_and_hasher(names, Default::default()),
        by_name: HashMap::with_capacity_and_hasher(names, Default::default()),
        by_start: HashMap::with_capacity_and_hasher(names, Default::default()),
        by_end: HashMap::with_capacity_and_hasher(names, Default::default()),
        holders: HashMap::default(),
        covered: Covered::new(ctx.text.len() + 1),
    };
    let starts = RuleStarts::of(&ctx.tokens.tokens, &ctx.hits.classes);
    let raws = builder.lexicon_hits();
    let offices = builder.lexicon_mentions(&raws);
    // Only the lexicon's mentions are demonyms: all are found by now, and the rules
    // below add none (`counterparts`, which makes some of them names, comes last).
    let demonyms = Demonyms::of(&builder.resolution.mentions);
    builder.unknown_actors(&offices, &starts.names, &demonyms);
    builder.repeated_names(&starts.names);
    builder.offices(&offices);
    builder.surnames(&starts.names);
    builder.one_word_people();
    builder.events(&starts.events);
    builder.governments(&starts.governments);
    builder.administrations(&starts.administrations);
    builder.countries_of_people();
    builder.company_anaphora(&starts.companies, &demonyms);
    builder.attributive_states();
    builder.state_anaphora(&starts.states);
    builder.pronoun_subjects();
    builder.document_anaphora(&starts.documents);
    builder.counterparts();
    builder.executives_as_states();
    builder.names_as_written();
    builder
        .resolution
        .mentions
        .sort_by_key(|mention| (mention.span.start, mention.span.end));
    builder
        .resolution
        .places
        .sort_by_key(|place| place.span.start);
    builder.resolution
}

struct Builder<'a, 'b> {
    ctx: &'a Context<'b>,
    resolution: Resolution,
    by_lexicon: HashMap<ActorIdx, usize>,
    /// Folded names: the lexicon's, borrowed; those found in context, owned.
    by_name: HashMap<Cow<'b, str>, usize>,
    /// The first mention (in `resolution.mentions`) that starts, and that ends, at each
    /// offset: what the office rules ask for every office, where a scan of all the
    /// mentions grew with offices times mentions.
    by_start: HashMap<usize, usize>,
    by_end: HashMap<usize, usize>,
    /// The last person each `(actor, folded title)` was given as holder (`holder`),
    /// where a scan of all roles folded every title for every office.
    holders: HashMap<(usize, String), usize>,
    /// Spans already taken by mentions, to keep context rules off them.
    covered: Covered,
}

impl<'b> Builder<'_, 'b> {
    fn lexicon_actor(&mut self, idx: ActorIdx, named: bool) -> usize {
        if let Some(&doc_idx) = self.by_lexicon.get(&idx) {
            if named {
                self.resolution.actors[doc_idx].named = true;
            }
            return doc_idx;
        }
        let entry = self.ctx.lexicon.actor(idx);
        let country = self.ctx.lexicon.country_id(idx).cloned();
        let doc_idx = self.resolution.actors.len();
        self.resolution.actors.push(DocActor {
            key: entry.id.clone(),
            lexicon: Some(idx),
            name: entry.name(self.ctx.lang).clone(),
            kind: entry.kind,
            subtype: entry.subtype,
            wikidata: entry.wikidata.clone(),
            country,
            aliases: Vec::new(),
            date: None,
            named,
            written: None,
            as_in_lexicon: false,
        });
        self.by_lexicon.insert(idx, doc_idx);
        let lexicon = self.ctx.lexicon;
        self.by_name.insert(
            Cow::Borrowed(lexicon.folded_name(idx, self.ctx.lang)),
            doc_idx,
        );
        doc_idx
    }

    fn new_actor(
        &mut self,
        name: &str,
        kind: ActorKind,
        subtype: Option<Subtype>,
        country: Option<Arc<str>>,
    ) -> usize {
        let key = fold(name);
        if let Some(&doc_idx) = self.by_name.get(key.as_str()) {
            return doc_idx;
        }
        let doc_idx = self.resolution.actors.len();
        self.resolution.actors.push(DocActor {
            key: slug(name).into(),
            lexicon: None,
            name: name.into(),
            kind,
            subtype,
            wikidata: None,
            country,
            aliases: Vec::new(),
            date: None,
            named: true,
            written: None,
            as_in_lexicon: false,
        });
        self.by_name.insert(Cow::Owned(key), doc_idx);
        doc_idx
    }

    fn add_mention(&mut self, span: Span, actors: Vec<usize>, form: Form) {
        for &actor in &actors {
            self.add_alias(actor, span);
        }
        self.push_mention(span, actors, form);
    }

    /// The text of `span` as an alias of `actor`, unless it is one already. Copied only
    /// when it is a new alias: most mentions repeat one.
    fn add_alias(&mut self, actor: usize, span: Span) {
        let surface = self.ctx.slice(span);
        let aliases = &mut self.resolution.actors[actor].aliases;
        if !aliases.iter().any(|alias| alias == surface) {
            aliases.push(surface.to_string());
        }
    }

    /// FORMAT.md: "a name the text never writes is not an actor's name". A lexicon
    /// person's reported name is the longest name the text gives them ("Lula", "Mohammed
    /// ben Zayed Al-Nahyane"), their lexicon name when the text writes it or only a title.
    fn names_as_written(&mut self) {
        let written: Vec<(usize, Span)> = self
            .resolution
            .mentions
            .iter()
            .filter(|mention| matches!(mention.form, Form::Name | Form::Surname))
            .filter_map(|mention| match mention.actors[..] {
                [actor] => Some((actor, mention.span)),
                _ => None,
            })
            .filter(|&(actor, _)| {
                let actor = &self.resolution.actors[actor];
                matches!(actor.kind, ActorKind::Person | ActorKind::Organization)
                    && actor.lexicon.is_some()
            })
            .map(|(actor, span)| match self.resolution.actors[actor].kind {
                ActorKind::Person => (
                    actor,
                    Span::new(self.past_address_title(span), self.name_tail(span.end)),
                ),
                _ => (actor, self.past_elided_article(span)),
            })
            .collect();
        for (actor, span) in written {
            let surface = self.ctx.slice(span);
            let actor = &mut self.resolution.actors[actor];
            let longest = actor
                .written
                .as_deref()
                .map_or(0, |name| name.chars().count());
            if surface.chars().count() > longest {
                actor.written = Some(surface.into());
            }
        }
        for actor in &mut self.resolution.actors {
            if actor
                .written
                .as_deref()
                .is_some_and(|written| fold(written) == fold(&actor.name))
            {
                actor.written = None;
            }
        }
    }

    /// Where a person's name starts past a title of address its alias holds ("Sheikh
    /// Abdullah bin Zayed" is written "Abdullah bin Zayed").
    fn past_address_title(&self, span: Span) -> usize {
        let tokens = &self.ctx.tokens.tokens;
        let mut at = self.ctx.tokens.at(span.start);
        while at + 1 < tokens.len()
            && tokens[at + 1].span.end <= span.end
            && (self.is_at(at, WordClass::AddressTitle) || tokens[at].norm == ".")
        {
            at += 1;
        }
        tokens[at].span.start.max(span.start)
    }

    /// Whether a relation trigger starts at a token of `range`: the trigger hits come
    /// in text order, so one binary search finds the first at or after its start.
    fn trigger_starts_in(&self, range: std::ops::RangeInclusive<usize>) -> bool {
        self.triggers_from(*range.start())
            .next()
            .is_some_and(|hit| self.ctx.tokens.at(hit.span.start) <= *range.end())
    }

    /// The trigger hits that start at token `index` or after it, in order (the hits
    /// are sorted by start: found by binary search).
    fn triggers_from(&self, index: usize) -> std::slice::Iter<'_, crate::mention::Hit> {
        let tokens = self.ctx.tokens;
        let triggers = &self.ctx.hits.triggers;
        let at = triggers.partition_point(|hit| tokens.at(hit.span.start) < index);
        triggers[at..].iter()
    }

    /// `span` past an elided article and its apostrophe ("l'Union africaine" is written
    /// "Union africaine": the lexicon's elided aliases hold the article).
    fn past_elided_article(&self, span: Span) -> Span {
        let tokens = &self.ctx.tokens.tokens;
        let at = self.ctx.tokens.at(span.start);
        match tokens.get(at + 2) {
            Some(next)
                if self.is_at(at, WordClass::ElidedArticle)
                    && matches!(tokens[at + 1].norm, "'" | "’")
                    && next.span.end <= span.end =>
            {
                Span::new(next.span.start, span.end)
            }
            _ => span,
        }
    }

    /// Where a known name goes on in the text: "Mohammed ben Zayed Al-Nahyane", "Lula da
    /// Silva": a name particle, then capitalised words no other mention covers.
    fn name_tail(&self, end: usize) -> usize {
        let tokens = &self.ctx.tokens.tokens;
        let start = self.ctx.tokens.at(end);
        let Some(first) = tokens.get(start) else {
            return end;
        };
        let mut tail = end;
        let mut connector = false;
        for (index, token) in tokens.iter().enumerate().skip(start).take(5) {
            if token.sentence != first.sentence || self.is_covered(token.span) {
                break;
            }
            if self.is_at(index, WordClass::NameParticle) || (token.norm == "-" && connector) {
                connector = true;
            } else if connector && token.is_word && token.capitalised {
                tail = token.span.end;
            } else {
                break;
            }
        }
        tail
    }

    /// `add_mention` for a phrase that is no name of its actor ("le ministre marocain"
    /// for Morocco).
    fn push_mention(&mut self, span: Span, actors: Vec<usize>, form: Form) {
        self.covered.push(span);
        self.record(ActorMention {
            span,
            actors,
            form,
            sentence: self.ctx.tokens.sentence_of(span.start),
        });
    }

    /// Inlined, with `Covered::overlaps`: called for most capitalised words and every
    /// candidate of the context rules. callgrind, `extract` on 1,000 generated
    /// articles: 332.9 M instructions for the command with the calls, 331.7 M without.
    #[inline(always)]
    fn is_covered(&self, span: Span) -> bool {
        self.covered.overlaps(span)
    }

    fn words(&self) -> &'b Words {
        &self.ctx.lexicon.words
    }

    /// Whether a folded token is a word of `class`.
    fn is(&self, norm: &str, class: WordClass) -> bool {
        self.words().is(norm, class)
    }

    /// The word classes of the token at `index` (none past the end).
    fn classes_at(&self, index: usize) -> ClassSet {
        self.ctx.hits.classes_at(index)
    }

    /// Whether the token at `index` is a word of `class`.
    fn is_at(&self, index: usize, class: WordClass) -> bool {
        self.classes_at(index).contains(class)
    }

    /// Where a title of address at token `index` ends, past its full stop: "Dr.",
    /// "Mme", or one written in initials ("H.E.", "S.E.M.").
    fn address_title_end(&self, index: usize) -> Option<usize> {
        let tokens = self.ctx.tokens;
        let past_stop = |at: usize| if tokens.norm(at) == "." { at + 1 } else { at };
        if self.is_at(index, WordClass::AddressTitle) {
            return Some(past_stop(index + 1));
        }
        let mut letters = String::new();
        let mut at = index;
        while tokens
            .tokens
            .get(at)
            .is_some_and(|token| token.is_word && token.capitalised && token.norm.len() == 1)
            && tokens.norm(at + 1) == "."
        {
            letters.push_str(tokens.norm(at));
            at += 2;
        }
        (letters.len() >= 2 && self.is(&letters, WordClass::AddressInitials)).then_some(at)
    }

    /// Whether the token at `index` is a name connector ("de", "of", "bin", and
    /// apostrophes).
    fn is_connector_at(&self, index: usize) -> bool {
        self.is_at(index, WordClass::NameConnector)
            || (self.ctx.tokens.norm(index) == "'" && !self.plural_possessive_at(index))
    }

    /// Whether the apostrophe at token `index` ends a plural possessive: glued to a
    /// word in "s" before it, a space after it ("Zentrix Labs' Amara Osei").
    fn plural_possessive_at(&self, index: usize) -> bool {
        let tokens = &self.ctx.tokens.tokens;
        let (Some(before), Some(apostrophe), Some(after)) = (
            index.checked_sub(1).and_then(|at| tokens.get(at)),
            tokens.get(index),
            tokens.get(index + 1),
        ) else {
            return false;
        };
        before.is_word
            && before.norm.ends_with('s')
            && before.span.end == apostrophe.span.start
            && after.span.start > apostrophe.span.end
    }

    /// The longest mention that starts where token `token` starts.
    fn mention_starting_at(&self, token: usize) -> Option<&ActorMention> {
        let start = self.ctx.tokens.tokens.get(token)?.span.start;
        let &index = self.by_start.get(&start)?;
        self.resolution.mentions.get(index)
    }

    /// The first mention that ends where token `token` ends.
    fn mention_ending_at(&self, token: usize) -> Option<&ActorMention> {
        let end = self.ctx.tokens.tokens.get(token)?.span.end;
        let &index = self.by_end.get(&end)?;
        self.resolution.mentions.get(index)
    }

    /// The mention whose possessive "'s" ends right before token `index`: "Kenya" of
    /// "Kenya's Minister".
    fn possessor_before(&self, index: usize) -> Option<&ActorMention> {
        let s = index.checked_sub(1)?;
        // "Zentrix Labs' chief executive": the apostrophe alone after a name in "s",
        // glued to it and followed by a space (not the elision of "l'Inde").
        if self.ctx.tokens.norm(s) == "'" {
            return self
                .plural_possessive_at(s)
                .then(|| self.mention_ending_at(s - 1))
                .flatten();
        }
        if !self.possessive_s_at(s.checked_sub(1)?) {
            return None;
        }
        self.mention_ending_at(s.checked_sub(2)?)
    }

    /// Whether the token at `apostrophe` and the next are a possessive "'s".
    fn possessive_s_at(&self, apostrophe: usize) -> bool {
        self.ctx.tokens.norm(apostrophe) == "'"
            && self.is_at(apostrophe + 1, WordClass::PossessiveS)
    }

    /// The mention of a state named by its name right after "of"/"de" at token
    /// `index`, past the connectors between ("of Kenya", "of the United States", "de
    /// l'Inde"): where a body is, or an office is held.
    fn state_named_after_of(&self, index: usize) -> Option<&ActorMention> {
        if !self.is_at(index, WordClass::Of) {
            return None;
        }
        let tokens = &self.ctx.tokens.tokens;
        let at =
            (index + 1..(index + 4).min(tokens.len())).find(|&at| !self.is_connector_at(at))?;
        self.mention_starting_at(at).filter(|mention| {
            mention.form == Form::Name
                && matches!(mention.actors[..], [state] if self.resolution.actors[state].kind == ActorKind::State)
        })
    }

    /// Adds a mention, and indexes it by start and end (`mention_starting_at`): by
    /// start, the longest ("Abu Dhabi Investment Office" over the "Abu Dhabi" in it).
    fn record(&mut self, mention: ActorMention) {
        let index = self.resolution.mentions.len();
        let mentions = &self.resolution.mentions;
        self.by_start
            .entry(mention.span.start)
            .and_modify(|first| {
                if mentions[*first].span.end < mention.span.end {
                    *first = index;
                }
            })
            .or_insert(index);
        self.by_end.entry(mention.span.end).or_insert(index);
        self.resolution.mentions.push(mention);
    }
}

/// A key for an actor found in context: folded name, words joined by underscores.
pub fn slug(name: &str) -> String {
    let folded = fold(name);
    let mut slug = String::with_capacity(folded.len());
    for ch in folded.chars() {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch);
        } else if !slug.ends_with('_') && !slug.is_empty() {
            slug.push('_');
        }
    }
    while slug.ends_with('_') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("actor");
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;

    /// Every actor example of every language (`data/lang/<code>/examples/actors.tsv`).
    #[test]
    fn actor_examples() {
        examples::walk("actors", examples::actor_found);
    }

    #[test]
    fn rule_starts_are_the_tokens_each_rule_starts_from() {
        let text = "Le « Sommet » de Paris : ce sommet y réunit la startup du Gouvernement, \
                    the Government and the firm.";
        let folded = Folded::new(text);
        let tokens = Tokens::new(text, &folded);
        let lexicon = Lexicon::embedded().unwrap();
        let classes = lexicon
            .words
            .classes_of_tokens(&folded.text, &tokens.tokens);
        let starts = RuleStarts::of(&tokens.tokens, &classes);
        let words = |list: &[u32]| -> Vec<&str> {
            list.iter()
                .map(|&index| tokens.tokens[index as usize].norm)
                .collect()
        };
        assert_eq!(
            words(&starts.names),
            [
                "le",
                "\"",
                "sommet",
                "\"",
                "paris",
                "gouvernement",
                "government"
            ]
        );
        assert_eq!(
            words(&starts.events),
            ["sommet", "ce", "sommet", "y", "the", "the"]
        );
        assert_eq!(words(&starts.companies), ["startup", "firm"]);
        assert_eq!(words(&starts.governments), ["gouvernement", "government"]);
    }
}
