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

use crate::date::{self, Tense};
use crate::lexicon::{ActorIdx, AliasKind, EntityPattern, Lexicon, LexiconHits};
use crate::mention::{Folded, fold};
use crate::model::{ActorKind, DateValue, Day, Lang, Span, sorted_range};
use crate::text::{Token, Tokens};

/// An actor of one document.
#[derive(Clone, Debug)]
pub struct DocActor {
    /// Stable key: the lexicon id, or a slug of the name for actors found in context.
    pub key: Arc<str>,
    pub lexicon: Option<ActorIdx>,
    pub name: Arc<str>,
    pub kind: ActorKind,
    pub subtype: Option<Arc<str>>,
    pub wikidata: Option<Arc<str>>,
    /// Key of the actor's state, when known.
    pub country: Option<Arc<str>>,
    /// Surface forms seen in the document, in order of appearance.
    pub aliases: Vec<String>,
    /// For events: the date the text gives them.
    pub date: Option<DateValue>,
    /// Named in the text (false when only reached through a title or an anaphor).
    pub named: bool,
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
    pub evidence: Span,
    pub sentence: usize,
}

#[derive(Debug, Default)]
pub struct Resolution {
    pub actors: Vec<DocActor>,
    pub mentions: Vec<ActorMention>,
    pub roles: Vec<RoleFact>,
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
}

impl<'a> Context<'a> {
    /// The day titles are resolved on: the publication day, or the middle of the
    /// publication month or year.
    fn reference_day(&self) -> Option<Day> {
        match self.published? {
            DateValue::Day(day) => Some(day),
            DateValue::Month { year, month } => Day::new(year, month, 15),
            DateValue::Year(year) => Day::new(year, 7, 1),
            _ => None,
        }
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

/// Words that introduce an organisation's name ("la startup X", "the firm X"), and the
/// subtype they give it.
fn org_cue(word: &str) -> Option<&'static str> {
    // A `match`, not a scan of (word, subtype) pairs: see
    // `relation::SentenceReader::is_speaker`.
    match word {
        "startup" | "start-up" | "pousse" | "societe" | "entreprise" | "groupe" | "firme"
        | "geant" | "operateur" | "constructeur" | "fabricant" | "editeur" | "plateforme"
        | "application" | "banque" | "projet" | "company" | "firm" | "group" | "giant"
        | "chipmaker" | "maker" | "operator" | "platform" | "bank" | "project" => Some("company"),
        "fonds" | "fund" => Some("fund"),
        "laboratoire" | "institut" | "lab" | "laboratory" => Some("research"),
        "organisation" | "organization" => Some("international_org"),
        "agence" | "agency" => Some("government_body"),
        _ => None,
    }
}

/// Capitalised nouns that head an organisation's name ("Groupe des Amis de l'ONU...").
const ORG_HEADS: [&str; 30] = [
    "groupe",
    "conseil",
    "comite",
    "agence",
    "institut",
    "fondation",
    "association",
    "organisation",
    "commission",
    "autorite",
    "centre",
    "fonds",
    "banque",
    "ministere",
    "universite",
    "alliance",
    "group",
    "council",
    "committee",
    "agency",
    "institute",
    "foundation",
    "organization",
    "authority",
    "center",
    "fund",
    "bank",
    "ministry",
    "university",
    "office",
];

/// Lower-case words allowed inside a multi-word name.
const CONNECTORS: [&str; 23] = [
    "de", "des", "du", "d", "'", "la", "le", "les", "l", "sur", "pour", "et", "of", "the", "for",
    "on", "and", "van", "von", "der", "al", "bin", "ben",
];

/// Titles of address that introduce a person's name.
const PERSON_CUES: [&str; 9] = [
    "m", "mme", "mr", "mrs", "ms", "dr", "monsieur", "madame", "sir",
];

/// The words the context rules that scan a whole text start from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RuleWord {
    /// Heads of event phrases ("sommet", "talks").
    EventHead,
    /// The first words of `EVENT_ANAPHORS`, and the French pronoun "y".
    EventAnaphor,
    /// Nouns for a company that can point back to one ("la startup", "the firm");
    /// "pousse" of "jeune pousse". "start-up" is listed as the rule always had it, but
    /// the tokeniser splits it into three tokens: it never matches.
    CompanyHead,
    Government,
}

/// `rule_word`, and `RULE_WORD_SHAPES` built from the same words.
macro_rules! rule_words {
    ($($kind:ident: $($word:literal)|+;)+) => {
        /// One `match`, which compiles to a test of the length and then of a few words:
        /// tested against every token of a text, the scan of a list of them (with a
        /// call to `memcmp` for each word of the same length) cost 1.3% of the pipeline
        /// (callgrind, 1,000 generated articles: 878.6 M -> 876.9 M instructions).
        /// Inlined into `RuleStarts::of`: with a call per token there, `extract` on
        /// those articles took 335.2 M instructions, 332.9 M this way.
        #[inline(always)]
        fn rule_word(word: &str) -> Option<RuleWord> {
            Some(match word {
                $($($word)|+ => RuleWord::$kind,)+
                _ => return None,
            })
        }

        /// Every word `rule_word` knows.
        const RULE_WORDS: &[&str] = &[$($($word),+),+];
    };
}

rule_words! {
    EventHead: "sommet" | "conference" | "forum" | "reunion" | "negociations" | "pourparlers"
        | "summit" | "meeting" | "talks" | "negotiations";
    EventAnaphor: "ce" | "cet" | "cette" | "ces" | "the" | "y";
    CompanyHead: "pousse" | "start-up" | "startup" | "entreprise" | "societe" | "firme"
        | "company" | "firm" | "groupe" | "group";
    Government: "gouvernement" | "government";
}

/// For each first byte, a bit per length (below 16) of the words `rule_word` knows:
/// a token of another first byte or length is none of them, told by one load and a
/// test where the `match` jumps through a table on the length (an indirect branch that
/// valgrind's simulation finds mispredicted three times in four).
static RULE_WORD_SHAPES: [u16; 256] = {
    let mut table = [0u16; 256];
    let mut index = 0;
    while index < RULE_WORDS.len() {
        let word = RULE_WORDS[index].as_bytes();
        assert!(!word.is_empty() && word.len() < 16);
        table[word[0] as usize] |= 1 << word.len();
        index += 1;
    }
    table
};

/// Whether `word` has the first byte and length of a word `rule_word` knows.
#[inline(always)]
fn may_be_rule_word(word: &str) -> bool {
    match word.as_bytes().first() {
        Some(&first) => {
            word.len() < 16 && RULE_WORD_SHAPES[usize::from(first)] >> word.len() & 1 != 0
        }
        None => false,
    }
}

/// Determiners before an event head: a generic plural ("de conférences sur l'IA") is
/// no event.
const EVENT_DETERMINERS: [&str; 17] = [
    "un", "une", "le", "la", "l", "'", "les", "ce", "cet", "cette", "ces", "leur", "leurs", "the",
    "a", "an", "their",
];

/// Words that point back to the last event.
const EVENT_ANAPHORS: [(&str, &str); 10] = [
    ("ce", "sommet"),
    ("cet", "evenement"),
    ("cette", "reunion"),
    ("ces", "negociations"),
    ("ce", "forum"),
    ("cette", "conference"),
    ("the", "summit"),
    ("the", "meeting"),
    ("the", "event"),
    ("the", "conference"),
];

fn is_ai_word(norm: &str) -> bool {
    matches!(
        norm,
        "ia" | "ai" | "intelligence" | "artificielle" | "artificial"
    )
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
    /// Capitalised words and quotation marks (`unknown_actors`, `surnames`).
    names: Vec<u32>,
    /// Event heads and the words an event anaphor starts with (`events`).
    events: Vec<u32>,
    /// Company heads, "pousse" of "jeune pousse" included (`company_anaphora`).
    companies: Vec<u32>,
    /// "gouvernement", "government" (`governments`).
    governments: Vec<u32>,
}

impl RuleStarts {
    fn of(tokens: &[Token]) -> RuleStarts {
        let mut starts = RuleStarts::default();
        for (index, token) in tokens.iter().enumerate() {
            let index = index as u32;
            if token.capitalised || token.norm == "\"" {
                starts.names.push(index);
            }
            if !may_be_rule_word(token.norm) {
                continue;
            }
            let list = match rule_word(token.norm) {
                None => continue,
                Some(RuleWord::EventHead | RuleWord::EventAnaphor) => &mut starts.events,
                Some(RuleWord::CompanyHead) => &mut starts.companies,
                Some(RuleWord::Government) => &mut starts.governments,
            };
            list.push(index);
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
        },
        by_lexicon: HashMap::with_capacity_and_hasher(names, Default::default()),
        by_name: HashMap::with_capacity_and_hasher(names, Default::default()),
        by_start: HashMap::with_capacity_and_hasher(names, Default::default()),
        by_end: HashMap::with_capacity_and_hasher(names, Default::default()),
        holders: HashMap::default(),
        covered: Covered::new(ctx.text.len() + 1),
    };
    let starts = RuleStarts::of(&ctx.tokens.tokens);
    let raws = builder.lexicon_hits();
    let offices = builder.lexicon_mentions(&raws);
    // Only the lexicon's mentions are demonyms: all are found by now, and the rules
    // below add none (`counterparts`, which makes some of them names, comes last).
    let demonyms = Demonyms::of(&builder.resolution.mentions);
    builder.unknown_actors(&offices, &starts.names, &demonyms);
    builder.offices(&offices);
    builder.surnames(&starts.names);
    builder.events(&starts.events);
    builder.governments(&starts.governments);
    builder.countries_of_people();
    builder.company_anaphora(&starts.companies, &demonyms);
    builder.counterparts();
    builder
        .resolution
        .mentions
        .sort_by_key(|mention| (mention.span.start, mention.span.end));
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
        let country = self
            .ctx
            .lexicon
            .country_of(idx)
            .map(|country| self.ctx.lexicon.actor(country).id.clone());
        let doc_idx = self.resolution.actors.len();
        self.resolution.actors.push(DocActor {
            key: entry.id.clone(),
            lexicon: Some(idx),
            name: entry.name(self.ctx.lang).clone(),
            kind: entry.kind,
            subtype: entry.subtype.clone(),
            wikidata: entry.wikidata.clone(),
            country,
            aliases: Vec::new(),
            date: None,
            named,
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
        subtype: Option<&str>,
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
            subtype: subtype.map(Arc::from),
            wikidata: None,
            country,
            aliases: Vec::new(),
            date: None,
            named: true,
        });
        self.by_name.insert(Cow::Owned(key), doc_idx);
        doc_idx
    }

    fn add_mention(&mut self, span: Span, actors: Vec<usize>, form: Form) {
        // Copied only when it is a new alias: most mentions repeat one.
        let surface = self.ctx.slice(span);
        for &actor in &actors {
            let aliases = &mut self.resolution.actors[actor].aliases;
            if !aliases.iter().any(|alias| alias == surface) {
                aliases.push(surface.to_string());
            }
        }
        self.push_mention(span, actors, form);
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

    fn lexicon_hits(&self) -> Vec<Raw> {
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
    fn lexicon_mentions(&mut self, raws: &[Raw]) -> Vec<Raw> {
        let folded = self.ctx.folded.text.as_str();
        let mut offices = Vec::new();
        let mut index = 0;
        while index < raws.len() {
            let raw = &raws[index];
            match raw.what {
                RawWhat::Office(_) => {
                    offices.push(raw.clone());
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
                    match raws.get(next).filter(|r| r.folded.0 == end) {
                        Some(last) if matches!(last.what, RawWhat::Alias(..)) => {
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
                    // "US-China", "Israeli-Palestinian": two names joined by a hyphen.
                    if let Some(next) = raws.get(index + 1)
                        && let RawWhat::Alias(other, _) = next.what
                        && &folded[raw.folded.1..next.folded.0] == "-"
                        && self.is_polity(actor)
                        && self.is_polity(other)
                    {
                        let span = Span::new(raw.span.start, next.span.end);
                        self.add_compound(span, &[actor, other]);
                        index += 2;
                        continue;
                    }
                    index += 1;
                    if hyphen_attached(folded, raw.folded) {
                        // "sud-américain", "pro-russe", "Indo-Pacifique".
                        continue;
                    }
                    self.plain_mention(raw.span, actor, kind);
                }
            }
        }
        offices
    }

    fn is_polity(&self, idx: ActorIdx) -> bool {
        let actor = self.ctx.lexicon.actor(idx);
        actor.kind == ActorKind::State || actor.subtype.as_deref() == Some("international_org")
    }

    fn add_compound(&mut self, span: Span, states: &[ActorIdx]) {
        let mut actors = Vec::new();
        for &state in states {
            let doc_idx = self.lexicon_actor(state, true);
            if !actors.contains(&doc_idx) {
                actors.push(doc_idx);
            }
        }
        self.add_mention(span, actors, Form::Compound);
    }

    fn plain_mention(&mut self, span: Span, actor: ActorIdx, kind: AliasKind) {
        let entry = self.ctx.lexicon.actor(actor);
        if kind == AliasKind::Metonym && self.locative_before(span.start) {
            // "à Pékin" is a place, not China's government.
            self.covered.push(span);
            return;
        }
        if entry.kind == ActorKind::Place {
            self.covered.push(span);
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

    fn locative_before(&self, offset: usize) -> bool {
        let tokens = self.ctx.tokens;
        let Some(before) = tokens.before(offset) else {
            return false;
        };
        matches!(
            tokens.norm(before),
            "a" | "en" | "in" | "at" | "depuis" | "vers" | "from" | "near" | "pres"
        )
    }

    /// Actors the lexicon does not know, recognised from the words around them.
    /// `names`: the capitalised words and quotation marks, where a name can start.
    fn unknown_actors(&mut self, offices: &[Raw], names: &[u32], demonyms: &Demonyms) {
        let tokens = &self.ctx.tokens.tokens;
        // Sorted, so that each name tests only the offices near it: testing all of them
        // grew with the number of names times the number of offices.
        let mut office_starts: Vec<usize> = offices
            .iter()
            .map(|office| self.ctx.tokens.at(office.span.start))
            .collect();
        office_starts.sort_unstable();
        let mut office_ends: Vec<usize> = offices
            .iter()
            .map(|office| self.ctx.tokens.at(office.span.end))
            .collect();
        office_ends.sort_unstable();
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
            if ORG_HEADS.contains(&token.norm)
                && let Some(next) = self.headed_org(index)
            {
                index = next;
                continue;
            }
            // "M. Karim Zidane": the title of address is no part of the name.
            if PERSON_CUES.contains(&token.norm)
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
            let n_words = tokens[index..end].iter().filter(|t| t.is_word).count();
            let previous = index.checked_sub(1).map(|p| tokens[p].norm).unwrap_or("");
            // "M. X": the abbreviation's full stop stands between the cue and the name.
            let previous = if previous == "." && index >= 2 {
                tokens[index - 2].norm
            } else {
                previous
            };
            let span = Span::new(tokens[index].span.start, tokens[end - 1].span.end);
            // Borrowed: most name sequences are no new actor.
            let name = self.ctx.slice(span);
            // Person after a title of address or an office ("le ministre marocain X"):
            // an office that ends ten tokens before the name at most.
            let after_office = office_ends
                [sorted_range(&office_ends, index.saturating_sub(10)..=index, |&end| end)]
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
            let before_office = office_starts
                [sorted_range(&office_starts, end + 1..=end + 3, |&start| start)]
            .iter()
            .any(|&office_start| self.apposition_between(end, office_start));
            let after_represented =
                previous == "par" && index >= 2 && tokens[index - 2].norm.starts_with("represente");
            if (PERSON_CUES.contains(&previous) && n_words >= 1)
                || ((after_office || before_office || after_represented) && n_words >= 2)
            {
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

    /// The end (exclusive token index) of a capitalised name starting at `start`:
    /// capitalised words joined by connectors, at most six words.
    fn name_sequence(&self, start: usize) -> Option<usize> {
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
            if (CONNECTORS.contains(&token.norm) && token.norm != "et" && token.norm != "and")
                || is_joiner
            {
                cursor += 1;
                continue;
            }
            break;
        }
        let first = tokens[start].norm;
        // Sentence-initial function words and articles are not names.
        if matches!(
            first,
            "le" | "la" | "les" | "l" | "un" | "une" | "the" | "a" | "an"
        ) {
            return None;
        }
        Some(end)
    }

    fn only_demonym_between(&self, from: usize, to: usize, demonyms: &Demonyms) -> bool {
        if to <= from || to - from > 3 {
            return false;
        }
        let tokens = &self.ctx.tokens.tokens;
        let span = Span::new(tokens[from].span.start, tokens[to - 1].span.end);
        demonyms.any_within(span) || (to - from == 1 && tokens[from].norm == ",")
    }

    /// "NAME, le PDG", "NAME et NAME, responsables": only a comma and an article
    /// between the end of a name and an office.
    fn apposition_between(&self, name_end: usize, office_start: usize) -> bool {
        // Three tokens at most: collecting the words up to an office far away made this
        // 5% of `extract` (perf, 10,000 articles).
        if office_start <= name_end || office_start - name_end > 3 {
            return false;
        }
        let words: Vec<&str> = (name_end..office_start)
            .map(|index| self.ctx.tokens.norm(index))
            .collect();
        matches!(
            words.as_slice(),
            [","]
                | [",", "le" | "la" | "les" | "the"]
                | [",", "l", "'"]
                | [",", "son" | "sa" | "leur" | "its"]
        )
    }

    fn org_cue_before(
        &self,
        index: usize,
        demonyms: &Demonyms,
    ) -> Option<(&'static str, Option<Arc<str>>)> {
        let tokens = &self.ctx.tokens.tokens;
        let mut cursor = index.checked_sub(1)?;
        let mut country = None;
        // Optional "appelé"/"baptisé"/"called"/"named".
        if matches!(
            tokens[cursor].norm,
            "appele" | "appelee" | "baptise" | "baptisee" | "nomme" | "nommee" | "called" | "named"
        ) {
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
        let is_cue = |index: usize| org_cue(tokens[index].norm);
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
                return matches!(complement, "de" | "des" | "du" | "d" | "of")
                    .then_some((subtype, country));
            }
        }
        None
    }

    fn quoted_org(&mut self, open: usize, demonyms: &Demonyms) -> Option<usize> {
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

    fn headed_org(&mut self, start: usize) -> Option<usize> {
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
            if CONNECTORS.contains(&token.norm) && token.norm != "et" && token.norm != "and" {
                cursor += 1;
                continue;
            }
            // A lower-case noun after a connector ("Groupe de travail sur les normes").
            if token.is_word
                && CONNECTORS.contains(&tokens[cursor - 1].norm)
                && !matches!(tokens[cursor - 1].norm, "et" | "and")
            {
                complements += 1;
                cursor += 1;
                end = cursor;
                continue;
            }
            // A lower-case adjective right after a capitalised word belongs to the name
            // ("l'Intelligence artificielle", "Organisation mondiale").
            if token.is_word && tokens[cursor - 1].capitalised && looks_like_adjective(token.norm) {
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

    /// Office titles: appositions give role facts; a title alone stands for the holder.
    fn offices(&mut self, offices: &[Raw]) {
        for raw in offices {
            let RawWhat::Office(office_idx) = raw.what else {
                continue;
            };
            let office = &self.ctx.lexicon.offices[office_idx as usize];
            let sentence = self.ctx.tokens.sentence_of(raw.span.start);
            let (of_list, after) = self.office_of(raw);
            let mut names = self.names_after(after);
            let of_list = if of_list.is_empty() {
                // "le président Biden": the lexicon knows what Biden was president of.
                let known = names
                    .first()
                    .and_then(|&(person, _)| self.known_office(person, &office.office));
                match (known, office.country) {
                    (Some(of), _) => vec![of],
                    (None, Some(country)) => vec![self.lexicon_actor(country, false)],
                    (None, None) => Vec::new(),
                }
            } else {
                of_list
            };
            let mut name_span_end = names.iter().map(|&(_, span)| span.end).max();
            let mut evidence_start = raw.span.start;
            if names.is_empty() {
                names = self.names_before(raw.span.start);
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
                        evidence,
                        sentence,
                    });
                }
                continue;
            }
            if names.is_empty() && of_list.len() == 1 {
                // A title alone: "le président russe" is whoever held the office.
                let of = of_list[0];
                let holder = self.holder(&office.office, of, &title);
                let span = Span::new(raw.span.start, self.of_end(after).max(raw.span.end));
                if let Some(holder) = holder {
                    self.add_mention(span, vec![holder], Form::Title);
                } else if self.resolution.actors[of].kind == ActorKind::State {
                    // "le ministre marocain du numérique a rencontré son homologue
                    // émirati": an office holder the lexicon does not know acts for
                    // the state.
                    self.push_mention(span, vec![of], Form::Title);
                }
            }
        }
    }

    /// The actor a lexicon person held `office` in, preferring the term that covers the
    /// publication date.
    fn known_office(&mut self, person: usize, office: &str) -> Option<usize> {
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
            let covers =
                day.is_some_and(|day| role.from <= day && role.to.is_none_or(|to| day < to));
            (!covers, role.from)
        });
        let of = roles.first()?.of;
        Some(self.lexicon_actor(of, false))
    }

    fn holder(&mut self, office: &str, of: usize, title: &str) -> Option<usize> {
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
    fn office_of(&self, raw: &Raw) -> (Vec<usize>, usize) {
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
        // "du Conseil de sécurité nationale", "de Google", "de la startup américaine
        // Anthropic", "à la Maison Blanche et au Département d'État".
        if found.is_empty() {
            let mut probe = cursor;
            let mut skipped = 0;
            while probe < tokens.tokens.len() && skipped < 6 {
                let norm = tokens.norm(probe);
                if !tokens.tokens[probe].is_word && norm != "'" {
                    break;
                }
                if let Some(mention) = self
                    .mention_starting_at(probe)
                    .filter(|mention| mention.form != Form::Demonym)
                {
                    let is_org_or_state = mention.actors.iter().all(|&actor| {
                        matches!(
                            self.resolution.actors[actor].kind,
                            ActorKind::State | ActorKind::Organization
                        )
                    });
                    if mention.form != Form::Demonym && is_org_or_state {
                        let preposition = (cursor..probe).any(|index| {
                            matches!(
                                tokens.norm(index),
                                "de" | "du" | "des" | "d" | "au" | "a" | "of" | "at"
                            )
                        });
                        if preposition {
                            found.extend(mention.actors.iter().copied());
                            cursor = tokens.at(mention.span.end);
                            // Coordinated: "et au Département d'État".
                            let mut next = cursor;
                            while matches!(
                                tokens.norm(next),
                                "et" | "and" | "au" | "a" | "la" | "l" | "'" | "de" | "du"
                            ) {
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
                probe += 1;
                skipped += 1;
            }
        }
        // English and possessive forms before the title: "US Secretary of State",
        // "China's foreign minister", "son ministre des Affaires étrangères".
        if found.is_empty()
            && let Some(before) = tokens.before(raw.span.start)
        {
            let norm = tokens.norm(before);
            if matches!(
                norm,
                "son" | "sa" | "ses" | "leur" | "leurs" | "its" | "their"
            ) {
                if let Some(subject) = self.last_polity_before(raw.span.start) {
                    found.push(subject);
                }
            } else if let Some(mention) = self.mention_ending_at(before) {
                if mention.form != Form::Title {
                    found.extend(mention.actors.iter().copied());
                }
            } else if norm == "s"
                && before >= 2
                && tokens.norm(before - 1) == "'"
                && let Some(mention) = self.mention_ending_at(before - 2)
            {
                found.extend(mention.actors.iter().copied());
            }
        }
        found.retain(|&actor| self.resolution.actors[actor].kind != ActorKind::Person);
        (found, cursor)
    }

    fn of_end(&self, after: usize) -> usize {
        after
            .checked_sub(1)
            .and_then(|index| self.ctx.tokens.tokens.get(index))
            .map(|token| token.span.end)
            .unwrap_or(0)
    }

    fn last_polity_before(&self, offset: usize) -> Option<usize> {
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

    /// The first mention that starts where token `token` starts.
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

    /// Adds a mention, and indexes it by start and end (`mention_starting_at`).
    fn record(&mut self, mention: ActorMention) {
        let index = self.resolution.mentions.len();
        self.by_start.entry(mention.span.start).or_insert(index);
        self.by_end.entry(mention.span.end).or_insert(index);
        self.resolution.mentions.push(mention);
    }

    /// Person names right after an office phrase: "Vladimir Poutine", ", Adrienne Watson".
    fn names_after(&self, cursor: usize) -> Vec<(usize, Span)> {
        let tokens = self.ctx.tokens;
        let mut cursor = cursor;
        // A portfolio between the title and the name: "le ministre indien de
        // l'Électronique, Ashwini Vaishnaw", "ministre russe des Affaires étrangères, X".
        if matches!(
            tokens.norm(cursor),
            "de" | "du" | "des" | "d" | "of" | "for"
        ) {
            let sentence = tokens.tokens.get(cursor).map(|token| token.sentence);
            if let Some(comma) = (cursor..(cursor + 10).min(tokens.tokens.len()))
                .take_while(|&index| Some(tokens.tokens[index].sentence) == sentence)
                .find(|&index| tokens.norm(index) == ",")
            {
                cursor = comma;
            }
        }
        if tokens.norm(cursor) == "," {
            cursor += 1;
        }
        let mut names = Vec::new();
        if let Some(mention) = self.mention_starting_at(cursor)
            && let [actor] = mention.actors[..]
            && self.resolution.actors[actor].kind == ActorKind::Person
            && mention.form != Form::Title
        {
            names.push((actor, mention.span));
        }
        names
    }

    /// Person names right before ", le PDG": "Sundar Pichai, le PDG de Google",
    /// "Tarun Chhabra et Seth Center, responsables".
    fn names_before(&self, office_start: usize) -> Vec<(usize, Span)> {
        let tokens = self.ctx.tokens;
        let office_token = tokens.at(office_start);
        let mut names = Vec::new();
        let mut cursor = office_token;
        // Walk back over the article and comma.
        let mut steps = 0;
        while cursor > 0 && steps < 3 {
            let norm = tokens.norm(cursor - 1);
            if matches!(
                norm,
                "le" | "la" | "les" | "l" | "'" | "the" | "son" | "sa" | "leur"
            ) {
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
            if cursor > 0 && matches!(tokens.norm(cursor - 1), "et" | "and" | ",") {
                cursor -= 1;
                continue;
            }
            break;
        }
        names
    }

    /// A surname alone refers back to a person named in full earlier.
    /// `names` as for `unknown_actors`.
    fn surnames(&mut self, names: &[u32]) {
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

    /// Summits, conferences and rounds of talks: named ones from the lexicon; others
    /// from phrases ("négociations ... à Genève", "réunion majeure sur la sécurité de
    /// l'IA"), and anaphora ("ce sommet", "y") pointing back to the last one.
    /// `words`: the event heads and anaphors' first words.
    fn events(&mut self, words: &[u32]) {
        let tokens = &self.ctx.tokens.tokens;
        let mut last_event: Option<usize> = None;
        let mut index = 0;
        let mut events_found: Vec<(Span, usize)> = Vec::new();
        let mut anaphors: Vec<(Span, usize)> = Vec::new();
        // Lexicon events already have mentions.
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
        // Where anything below can happen: a lexicon event's first token or one of the
        // words; at any other token the loop would only step on.
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
            let norm = token.norm;
            let word = rule_word(norm);
            let is_head = word == Some(RuleWord::EventHead);
            let may_start =
                is_head || (last_event.is_some() && word == Some(RuleWord::EventAnaphor));
            if !may_start || self.is_covered(token.span) {
                index += 1;
                continue;
            }
            if let Some(event) = last_event {
                let next = || tokens.get(index + 1).map(|t| t.norm).unwrap_or("");
                if EVENT_ANAPHORS
                    .iter()
                    .any(|&(a, b)| a == norm && b == next())
                {
                    anaphors.push((
                        Span::new(token.span.start, tokens[index + 1].span.end),
                        event,
                    ));
                    index += 2;
                    continue;
                }
                // "y ont été représentés": the French pronoun y before a verb.
                if norm == "y" && self.ctx.lang == Lang::Fr && token.is_word {
                    anaphors.push((token.span, event));
                    index += 1;
                    continue;
                }
            }
            // The head first: it rules out almost every token (perf: testing the
            // determiners first made `events` 5% of `extract`).
            let determined = || {
                index > 0 && {
                    // Skip one adjective: "leurs premières négociations".
                    let before = tokens[index - 1].norm;
                    EVENT_DETERMINERS.contains(&before)
                        || (index > 1 && EVENT_DETERMINERS.contains(&tokens[index - 2].norm))
                }
            };
            if !is_head || !determined() {
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
        for (span, event) in events_found {
            if !self.is_covered(span) {
                self.add_mention(span, vec![event], Form::Name);
            }
        }
        for (span, event) in anaphors {
            self.covered.push(span);
            self.record(ActorMention {
                span,
                actors: vec![event],
                form: Form::Anaphor,
                sentence: self.ctx.tokens.sentence_of(span.start),
            });
        }
    }

    fn date_event(&mut self, event: usize, sentence: usize) {
        if self.resolution.actors[event].date.is_some() {
            return;
        }
        let tokens = self.ctx.tokens.of_sentence(sentence);
        if let Some(found) = date::find_dates_in(tokens, self.ctx.published, Tense::Past).first() {
            self.resolution.actors[event].date = Some(found.value);
        }
    }

    fn event_phrase(&mut self, head: usize) -> Option<(usize, Span)> {
        let tokens = &self.ctx.tokens.tokens;
        let sentence = tokens[head].sentence;
        let head_word = capitalise(&self.ctx.slice(tokens[head].span).to_lowercase());
        // "<head> de <Place>": "négociations de Genève", "sommet de Paris".
        let place_after = |cursor: usize| -> Option<usize> {
            let token = tokens.get(cursor)?;
            (token.sentence == sentence && token.capitalised && token.is_word).then_some(cursor)
        };
        if matches!(tokens.get(head + 1).map(|t| t.norm), Some("de" | "of"))
            && let Some(place) = place_after(head + 2)
        {
            let name = format!("{head_word} de {}", self.ctx.slice(tokens[place].span));
            let span = Span::new(tokens[head].span.start, tokens[place].span.end);
            return Some((self.event_actor(&name), span));
        }
        // "<head> ... à <Place>" or "à <Place> ... lors d'un <head>", in one sentence.
        let is_place_phrase = |index: usize| {
            tokens[index].sentence == sentence
                && matches!(tokens[index].norm, "a" | "in")
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
        let is_round = matches!(
            tokens[head].norm,
            "sommet"
                | "negociations"
                | "pourparlers"
                | "summit"
                | "talks"
                | "negotiations"
                | "conference"
        );
        if let (Some(place), true) = (place, is_round) {
            let place_token = &tokens[place + 1];
            let name = format!("{head_word} de {}", self.ctx.slice(place_token.span));
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
        // "réunion majeure sur la sécurité de l'IA": an AI topic names the event.
        let topic = topical?;
        let name = self.ctx.slice(topic).to_string();
        Some((self.event_actor(&name), topic))
    }

    /// From an event head through "sur/dédié à/on ..." to the end of an AI topic.
    fn topic_span(&self, head: usize) -> Option<Span> {
        let tokens = &self.ctx.tokens.tokens;
        let sentence = tokens[head].sentence;
        let mut cursor = head + 1;
        // Up to two adjectives: "réunion majeure", "premières".
        while cursor < tokens.len()
            && cursor - head <= 2
            && tokens[cursor].is_word
            && !matches!(
                tokens[cursor].norm,
                "sur" | "dedie" | "dediee" | "consacre" | "consacree" | "on" | "about"
            )
        {
            cursor += 1;
        }
        let marker = tokens.get(cursor)?;
        if !matches!(
            marker.norm,
            "sur" | "dedie" | "dediee" | "consacre" | "consacree" | "on" | "about"
        ) {
            return None;
        }
        let mut end = None;
        let mut probe = cursor + 1;
        while probe < tokens.len() && tokens[probe].sentence == sentence && probe - cursor < 10 {
            let token = &tokens[probe];
            if !token.is_word && token.norm != "'" && token.norm != "-" {
                break;
            }
            if is_ai_word(token.norm) {
                end = Some(probe);
                if token.norm == "intelligence"
                    && tokens
                        .get(probe + 1)
                        .is_some_and(|next| next.norm.starts_with("artifici"))
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

    fn event_actor(&mut self, name: &str) -> usize {
        // A phrase that is a lexicon alias ("sommet de Paris") is that event.
        if let Some(event) = self.ctx.lexicon.event_by_name(&fold(name)) {
            return self.lexicon_actor(event, true);
        }
        self.new_actor(name, ActorKind::Event, Some("summit"), None)
    }

    /// "la jeune pousse", "the company": a company named in an earlier sentence. The
    /// first company of the nearest earlier sentence that names one is the one the
    /// passage is about (the last one named is often a partner or a buyer).
    /// `heads`: where the text has one of the nouns (`RuleWord::CompanyHead`).
    fn company_anaphora(&mut self, heads: &[u32], demonyms: &Demonyms) {
        if heads.is_empty() {
            return;
        }
        let tokens = &self.ctx.tokens.tokens;
        let mut found = Vec::new();
        // Asked once of the mentions, not for every head: for each sentence the company
        // the nearest sentence before it names (the first single-actor company mention
        // of that sentence, in mention order). Scanning every mention of every earlier
        // sentence for each head grew with heads times sentences times mentions.
        let n_sentences = self.ctx.tokens.sentences.len();
        let mut first_company: Vec<Option<usize>> = vec![None; n_sentences];
        for mention in &self.resolution.mentions {
            if let [actor] = mention.actors[..]
                && let Some(slot @ None) = first_company.get_mut(mention.sentence)
            {
                let entry = &self.resolution.actors[actor];
                if entry.kind == ActorKind::Organization
                    && matches!(entry.subtype.as_deref(), Some("company") | None)
                {
                    *slot = Some(actor);
                }
            }
        }
        // `company_before[s]`: the company of the last sentence before `s` that names one.
        let mut company_before: Vec<Option<usize>> = Vec::with_capacity(n_sentences + 1);
        company_before.push(None);
        for (sentence, company) in first_company.iter().enumerate() {
            company_before.push(company.or(company_before[sentence]));
        }
        for &index in heads {
            let index = index as usize;
            if index == 0 {
                continue;
            }
            let token = &tokens[index];
            let head = if token.norm == "pousse" && index >= 2 && tokens[index - 1].norm == "jeune"
            {
                index - 1
            } else {
                index
            };
            if self.is_covered(token.span)
                || head == 0
                || !matches!(
                    tokens[head - 1].norm,
                    "la" | "le" | "l" | "'" | "the" | "cette" | "ce" | "this"
                )
            {
                continue;
            }
            // "la start-up française Mistral AI" introduces a name: not an anaphor.
            let next = tokens.get(index + 1);
            if next.is_some_and(|next| next.capitalised && next.sentence == token.sentence) {
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
            let company = company_before
                .get(token.sentence.min(n_sentences))
                .copied()
                .flatten();
            if let Some(company) = company {
                found.push((Span::new(tokens[head].span.start, token.span.end), company));
            }
        }
        for (span, company) in found {
            self.covered.push(span);
            self.record(ActorMention {
                span,
                actors: vec![company],
                form: Form::Anaphor,
                sentence: self.ctx.tokens.sentence_of(span.start),
            });
        }
    }

    /// The states of people and organisations from the lexicon join the actor table
    /// (unnamed), so that relations can speak for them: "Xi called for an alliance with
    /// Brazil" is China's call.
    fn countries_of_people(&mut self) {
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
    fn governments(&mut self, words: &[u32]) {
        let tokens = &self.ctx.tokens.tokens;
        let mut found = Vec::new();
        for &index in words {
            let index = index as usize;
            if index == 0 {
                continue;
            }
            let token = &tokens[index];
            if self.is_covered(token.span) || !matches!(tokens[index - 1].norm, "le" | "the") {
                continue;
            }
            let next = tokens.get(index + 1).map(|t| t.norm).unwrap_or("");
            if matches!(next, "de" | "du" | "des" | "d") {
                continue;
            }
            let Some(state) = self.last_state_before(token.span.start) else {
                continue;
            };
            let Some(state_id) = self.resolution.actors[state].lexicon else {
                continue;
            };
            let government_id = format!("{}_gov", self.ctx.lexicon.actor(state_id).id);
            if let Some(government) = self.ctx.lexicon.find_id(&government_id) {
                found.push((
                    Span::new(tokens[index - 1].span.start, token.span.end),
                    government,
                ));
            }
        }
        for (span, government) in found {
            let doc_idx = self.lexicon_actor(government, true);
            self.add_mention(span, vec![doc_idx], Form::Name);
        }
    }

    /// "son homologue émirati", "his Chinese counterpart": a demonym that qualifies a
    /// counterpart stands for the state the counterpart serves, a party like a name.
    fn counterparts(&mut self) {
        let tokens = self.ctx.tokens;
        let is_counterpart = |index: usize| {
            matches!(
                tokens.norm(index),
                "homologue" | "homologues" | "counterpart" | "counterparts"
            )
        };
        let mut named = Vec::new();
        for mention in &mut self.resolution.mentions {
            if mention.form != Form::Demonym || mention.actors.len() != 1 {
                continue;
            }
            let first = tokens.at(mention.span.start);
            let after = tokens.at(mention.span.end);
            let qualifies = (first > 0 && is_counterpart(first - 1)) || is_counterpart(after);
            if qualifies && self.resolution.actors[mention.actors[0]].kind == ActorKind::State {
                mention.form = Form::Name;
                named.push(mention.actors[0]);
            }
        }
        for actor in named {
            self.resolution.actors[actor].named = true;
        }
    }

    fn last_state_before(&self, offset: usize) -> Option<usize> {
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
}

/// The demonym mentions ("marocain", "américaine"): the first that ends at an offset,
/// the first that starts after one, and whether one lies inside a span, answered without
/// a scan of every mention for every capitalised word, which grew with the square of
/// the names of a long text (`extract` of a text of one sentence, 1.3 MB and 40,000
/// names, took 1.6 s where the same text of 10,000 names took 0.13 s).
struct Demonyms {
    /// `(end, index among the mentions)` of each demonym mention, sorted: the first of
    /// an end is the first a scan in mention order finds.
    by_end: Vec<(usize, usize)>,
    /// Their spans, by start.
    spans: Vec<Span>,
}

impl Demonyms {
    fn of(mentions: &[ActorMention]) -> Demonyms {
        let mut by_end = Vec::new();
        let mut spans = Vec::new();
        for (index, mention) in mentions.iter().enumerate() {
            if mention.form == Form::Demonym {
                by_end.push((mention.span.end, index));
                spans.push(mention.span);
            }
        }
        by_end.sort_unstable();
        spans.sort_unstable_by_key(|span| (span.start, span.end));
        Demonyms { by_end, spans }
    }

    /// The first demonym mention that ends at `end`.
    fn ending_at(&self, end: usize) -> Option<usize> {
        self.by_end[sorted_range(&self.by_end, end..=end, |&(other, _)| other)]
            .first()
            .map(|&(_, index)| index)
    }

    /// The start of the first demonym mention that starts after `offset`: of those that
    /// start after it, the first token it starts in comes first.
    fn first_starting_after(&self, offset: usize) -> Option<usize> {
        let first = self.spans.partition_point(|other| other.start <= offset);
        self.spans.get(first).map(|span| span.start)
    }

    /// Whether a demonym mention lies inside `span`.
    fn any_within(&self, span: Span) -> bool {
        self.spans[sorted_range(&self.spans, span.start..=span.end, |other| other.start)]
            .iter()
            .any(|other| span.contains(*other))
    }
}

/// Which bytes of the text mentions already take, one bit per byte. Checking a token
/// against a list of spans made `resolve` quadratic in the mentions of a document
/// (perf on 2,000 seed articles: 14% of `extract`); a flag per byte, tested byte by
/// byte for every token of several passes, was 3.3% of the pipeline's instructions
/// (callgrind, the 17 bundled articles); a bit per byte answers with a mask or two.
struct Covered {
    bits: Vec<u64>,
    n_bytes: usize,
}

impl Covered {
    fn new(n_bytes: usize) -> Covered {
        Covered {
            bits: vec![0; n_bytes.div_ceil(64)],
            n_bytes,
        }
    }

    /// The bits of word `word` that lie in `start..end`.
    fn mask(word: usize, start: usize, end: usize) -> u64 {
        let low = start.saturating_sub(word * 64).min(64);
        let high = end.saturating_sub(word * 64).min(64);
        let below = |n: usize| if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
        below(high) & !below(low)
    }

    /// The span clamped to the text, and the words it falls in.
    fn clamp(&self, span: Span) -> (usize, usize, std::ops::Range<usize>) {
        let end = span.end.min(self.n_bytes);
        let start = span.start.min(end);
        let words = if start == end {
            0..0
        } else {
            start / 64..(end - 1) / 64 + 1
        };
        (start, end, words)
    }

    fn push(&mut self, span: Span) {
        let (start, end, words) = self.clamp(span);
        for word in words {
            self.bits[word] |= Covered::mask(word, start, end);
        }
    }

    #[inline(always)]
    fn overlaps(&self, span: Span) -> bool {
        let (start, end, mut words) = self.clamp(span);
        // Nearly every span asked about (a token, a mention) lies in one word: its
        // mask is `Covered::mask`'s without the clamping, which a span inside one word
        // does not need (calling `mask` here costs 0.4% of the pipeline's instructions).
        if words.len() == 1 {
            let width = end - start;
            let mask = (u64::MAX >> (64 - width)) << (start % 64);
            return self.bits[words.start] & mask != 0;
        }
        words.any(|word| self.bits[word] & Covered::mask(word, start, end) != 0)
    }
}

/// Whether a folded match is glued by a hyphen to a word that is not part of it.
fn hyphen_attached(folded: &str, (start, end): (usize, usize)) -> bool {
    let mut before = folded[..start].chars().rev();
    let glued_before =
        before.next() == Some('-') && before.next().is_some_and(|ch| ch.is_alphanumeric());
    let mut after = folded[end..].chars();
    let glued_after =
        after.next() == Some('-') && after.next().is_some_and(|ch| ch.is_alphanumeric());
    glued_before || glued_after
}

fn looks_like_adjective(norm: &str) -> bool {
    const ENDINGS: [&str; 14] = [
        "elle", "el", "ale", "al", "ique", "ienne", "ien", "aine", "ain", "aise", "ais", "ive",
        "if", "ee",
    ];
    norm.len() > 3 && ENDINGS.iter().any(|ending| norm.ends_with(ending))
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
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

    #[test]
    fn rule_starts_are_the_tokens_each_rule_starts_from() {
        let text = "Le « Sommet » de Paris : ce sommet y réunit la startup du Gouvernement, \
                    the Government and the firm.";
        let folded = Folded::new(text);
        let tokens = Tokens::new(text, &folded);
        let starts = RuleStarts::of(&tokens.tokens);
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

    /// `events` visits only the rule words: an anaphor whose first word is none of them
    /// would never be read.
    #[test]
    fn event_anaphors_start_with_rule_words() {
        for (first, _) in EVENT_ANAPHORS {
            assert_eq!(rule_word(first), Some(RuleWord::EventAnaphor), "{first}");
        }
    }

    /// The shape filter lets every rule word through (else `RuleStarts` would miss it)
    /// and turns away the common words that are none.
    #[test]
    fn rule_word_shapes_pass_the_rule_words_only() {
        for word in RULE_WORDS {
            assert!(may_be_rule_word(word), "{word}");
            assert!(rule_word(word).is_some(), "{word}");
        }
        for word in [
            "de", "la", "le", "les", "et", "en", "un", "a", "l", "'", ",", "",
        ] {
            assert!(!may_be_rule_word(word), "{word}");
        }
        // Same first byte and length as "ces", not a rule word: the `match` decides.
        assert!(may_be_rule_word("cas") && rule_word("cas").is_none());
        // Longer than any shape the table can hold.
        assert!(!may_be_rule_word("gouvernementalement"));
    }

    proptest::proptest! {
        /// The bitset answers as a flag per byte would, across word boundaries.
        #[test]
        fn covered_bits_agree_with_a_flag_per_byte(
            n_bytes in 0usize..300,
            operations in proptest::collection::vec((proptest::bool::ANY, 0usize..320, 0usize..80), 0..40),
        ) {
            let mut covered = Covered::new(n_bytes);
            let mut flags = vec![false; n_bytes];
            for (is_push, start, length) in operations {
                let span = Span::new(start, start + length);
                let end = span.end.min(n_bytes);
                let range = span.start.min(end)..end;
                if is_push {
                    covered.push(span);
                    flags[range].iter_mut().for_each(|flag| *flag = true);
                } else {
                    proptest::prop_assert_eq!(
                        covered.overlaps(span),
                        flags[range].iter().any(|&flag| flag),
                        "{:?}", span
                    );
                }
            }
        }

        /// `Demonyms` answers as a scan of the mentions in order would: the first
        /// demonym that ends at an offset, whether one lies inside a span, the first
        /// start after an offset.
        #[test]
        fn demonyms_agree_with_a_scan_of_the_mentions(
            mentions in proptest::collection::vec((0usize..40, 0usize..6, proptest::bool::ANY), 0..14),
            probes in proptest::collection::vec((0usize..46, 0usize..8), 1..10),
        ) {
            let mentions: Vec<ActorMention> = mentions
                .into_iter()
                .enumerate()
                .map(|(index, (start, length, demonym))| ActorMention {
                    span: Span::new(start, start + length),
                    actors: vec![index],
                    form: if demonym { Form::Demonym } else { Form::Name },
                    sentence: 0,
                })
                .collect();
            let demonyms = Demonyms::of(&mentions);
            for (start, length) in probes {
                let span = Span::new(start, start + length);
                let first = mentions
                    .iter()
                    .position(|mention| mention.form == Form::Demonym && mention.span.end == span.end);
                proptest::prop_assert_eq!(demonyms.ending_at(span.end), first);
                let within = mentions
                    .iter()
                    .any(|mention| mention.form == Form::Demonym && span.contains(mention.span));
                proptest::prop_assert_eq!(demonyms.any_within(span), within, "{:?}", span);
                let first_after = mentions
                    .iter()
                    .filter(|mention| mention.form == Form::Demonym && mention.span.start > start)
                    .map(|mention| mention.span.start)
                    .min();
                proptest::prop_assert_eq!(demonyms.first_starting_after(start), first_after);
            }
        }
    }
}
